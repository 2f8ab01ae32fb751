/* cmd_help.c: `sgf help [COMMAND | settings | metrics]`.
 *
 * Command help comes from the table in main.c, so a new command is
 * documented here as soon as it has a row; `settings` prints the scenario
 * settings reference generated from the schema, `metrics` the data
 * dictionary of a run's files (io/dictionary.c, also docs/outputs.md).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "io/dictionary.h"

const char sgf_cmd_help_help[] =
    "Usage: sgf help [COMMAND | settings | metrics]\n"
    "\n"
    "Without an argument, list the commands. With a COMMAND, show its usage,\n"
    "options, exit status and examples. 'sgf help settings' prints every\n"
    "scenario setting with its type, unit, range, default and meaning.\n"
    "'sgf help metrics' prints every column of timeseries.csv, summary.csv,\n"
    "markets.csv and events.csv with its unit and meaning, and every event\n"
    "kind (the data dictionary; docs/outputs.md has it with the file formats).\n"
    "'sgf COMMAND --help' is the same as 'sgf help COMMAND'.\n"
    "\n"
    "Exit status: 0, or 2 for an unknown command or topic.\n"
    "\n"
    "Examples:\n"
    "  sgf help run\n"
    "  sgf help settings | less\n"
    "  sgf help metrics | grep share\n";

int sgf_cmd_help(int argc, char **argv)
{
    if (argc < 2) {
        sgf_cli_print_overview(stdout);
        return 0;
    }
    if (argc > 2) return sgf_cli_usage_error("help", "give one command or topic");
    const char *topic = argv[1];
    if (strcmp(topic, "-h") == 0 || strcmp(topic, "--help") == 0) topic = "help";
    if (strcmp(topic, "settings") == 0) {
        sgf_scenario_write_reference(stdout, false);
        return 0;
    }
    if (strcmp(topic, "metrics") == 0) {
        sgf_dictionary_write(stdout, false);
        return 0;
    }
    const sgf_command *cmd = sgf_cli_find_command(topic);
    if (!cmd) {
        fprintf(stderr, "sgf help: no command or topic '%s'\n", topic);
        fprintf(stderr, "Try 'sgf help' for the list of commands and topics.\n");
        return 2;
    }
    fputs(cmd->help, stdout);
    return 0;
}
