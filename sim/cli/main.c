/* main.c: `sgf COMMAND ...`, the dispatch over the table of commands and the
 * helpers the commands share (strict numbers, options, error messages).
 *
 * The command line is the outermost layer: it turns arguments into a world
 * definition, hands it to the core and reports outcomes as exit statuses
 * (0 ok, 1 runtime failure, 2 usage or input error). See cli.h for how to add
 * a command.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/text.h"
#include "cli.h"

#if !defined(SGF_WITH_VIEWER) && defined(SGF_VIEWER_EXEC)
/* In a build with the viewer, the commands that draw live in a program of
 * their own, SGF_VIEWER_EXEC beside this one (the same commands, linked with
 * SDL2): sgf runs it for `view`, `plot`, `--plot` of sweep, sensitivity,
 * calibrate and discover, and their help, so
 * that every other command starts without loading SDL2, SDL2_ttf, SDL2_image
 * and the 65 shared libraries they pull in, 25 ms at every start on the
 * project's machine (docs/PERFORMANCE.md). */
static bool wants_viewer(int argc, char **argv)
{
    const char *cmd = argv[1];
    if (strcmp(cmd, "view") == 0 || strcmp(cmd, "plot") == 0) return true;
    if (strcmp(cmd, "help") == 0)
        return argc > 2 && (strcmp(argv[2], "view") == 0 || strcmp(argv[2], "plot") == 0);
    if (strcmp(cmd, "sweep") == 0 || strcmp(cmd, "sensitivity") == 0 ||
        strcmp(cmd, "calibrate") == 0 || strcmp(cmd, "discover") == 0)
        for (int i = 2; i < argc; i++)
            if (strcmp(argv[i], "--plot") == 0) return true;
    return false;
}

/* Replaces this process with the viewer program, same arguments; returns
 * only on failure (exit status 1). */
static int exec_viewer(char **argv)
{
    char self[PATH_MAX], path[PATH_MAX + 64];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n > 0) {
        self[n] = '\0';
    } else {
        snprintf(self, sizeof self, "%s", argv[0]); /* no /proc: as invoked */
    }
    char *slash = strrchr(self, '/');
    if (slash)
        *slash = '\0';
    else
        snprintf(self, sizeof self, ".");
    snprintf(path, sizeof path, "%s/%s", self, SGF_VIEWER_EXEC);
    argv[0] = path;
    execv(path, argv);
    fprintf(stderr, "sgf: '%s' needs the viewer program %s: %s\n", argv[1], path, strerror(errno));
    return 1;
}

static int view_forward(int argc, char **argv)
{
    (void)argc;
    return exec_viewer(argv - 1); /* argv[-1] is the program's argv[0] */
}
#endif

/* One row per command, in the order `sgf help` lists them. A command gets its
 * row once it is implemented. `view` is listed only in viewer builds; `plot`
 * in every build, where without the viewer it says that it needs it:
 *   #ifdef SGF_WITH_VIEWER
 *       {"view", "watch a run live ...", sgf_cmd_view_help, sgf_cmd_view},
 *   #endif
 */
const sgf_command sgf_commands[] = {
    {"run", "simulate a scenario and write its output files", sgf_cmd_run_help, sgf_cmd_run},
    {"check", "validate a scenario and build its world without running it", sgf_cmd_check_help,
     sgf_cmd_check},
    {"compare", "what-if: run scenarios over the same seeds and compare them", sgf_cmd_compare_help,
     sgf_cmd_compare},
    {"sweep", "run a parameter sweep (designs, threads, shards, resume)", sgf_cmd_sweep_help,
     sgf_cmd_sweep},
    {"sensitivity", "global sensitivity analysis: Morris, Sobol, stochasticity, tornado",
     sgf_cmd_sensitivity_help, sgf_cmd_sensitivity},
    {"discover", "scenario discovery (PRIM): boxes of settings where a condition holds",
     sgf_cmd_discover_help, sgf_cmd_discover},
    {"calibrate", "fit free parameters to targets: ABC by sequential Monte Carlo",
     sgf_cmd_calibrate_help, sgf_cmd_calibrate},
    {"merge", "join the shards of a sweep into one runs.csv and aggregate.csv", sgf_cmd_merge_help,
     sgf_cmd_merge},
    {"plot", "PNG figures of a sweep or a run, no display (viewer builds)", sgf_cmd_plot_help,
     sgf_cmd_plot},
    {"validate", "check the model against the sources' patterns (docs/VALIDATION.md)",
     sgf_cmd_validate_help, sgf_cmd_validate},
    {"survey", "virtual survey: replicate 004's AMC paths over simulated firms",
     sgf_cmd_survey_help, sgf_cmd_survey},
#if defined(SGF_WITH_VIEWER)
    {"view", "watch a run live, inspect it and inject what-ifs (SDL2)", sgf_cmd_view_help,
     sgf_cmd_view},
#elif defined(SGF_VIEWER_EXEC)
    {"view", "watch a run live, inspect it and inject what-ifs (SDL2)",
     "sgf view: the live viewer, in the program " SGF_VIEWER_EXEC " beside sgf\n", view_forward},
#endif
    {"help", "show help on sgf, a command or the scenario settings", sgf_cmd_help_help,
     sgf_cmd_help},
};
const int sgf_command_count = (int)(sizeof sgf_commands / sizeof sgf_commands[0]);

const sgf_command *sgf_cli_find_command(const char *name)
{
    for (int i = 0; i < sgf_command_count; i++)
        if (strcmp(sgf_commands[i].name, name) == 0) return &sgf_commands[i];
    return NULL;
}

void sgf_cli_print_overview(FILE *f)
{
    fprintf(f,
            "sgf %s - simulate an SME's international value net (a \"small global factory\")\n"
            "\n"
            "Usage: sgf COMMAND [ARGS...]\n"
            "       sgf help [COMMAND | settings | metrics]\n"
            "       sgf --version\n"
            "\n"
            "Commands:\n",
            SGF_VERSION);
    for (int i = 0; i < sgf_command_count; i++)
        fprintf(f, "  %-10s %s\n", sgf_commands[i].name, sgf_commands[i].summary);
    fprintf(f,
            "\n"
            "Help topics:\n"
            "  %-10s %s\n"
            "  %-10s %s\n"
            "\n"
            "Exit status: 0 success, 1 runtime failure (I/O, invariant), 2 usage or\n"
            "scenario error.\n"
            "\n"
            "Examples:\n"
            "  sgf run                       run the built-in default scenario\n"
            "  sgf run my.cfg --seed 7       run a scenario file with seed 7\n"
            "  sgf help run                  every option of `sgf run`\n",
            "settings", "every scenario setting with its unit, range and default", "metrics",
            "every column of a run's files and every event kind (data dictionary)");
}

/* ---- helpers ------------------------------------------------------------------------- */

bool sgf_cli_parse_u64(const char *text, uint64_t *out)
{
    if (!text || !*text) return false;
    uint64_t v = 0;
    for (const char *s = text; *s; s++) {
        if (*s < '0' || *s > '9') return false;
        unsigned d = (unsigned)(*s - '0');
        if (v > (UINT64_MAX - d) / 10) return false; /* overflow */
        v = v * 10 + d;
    }
    *out = v;
    return true;
}

bool sgf_cli_parse_int(const char *text, int min, int max, int *out)
{
    uint64_t v;
    if (!sgf_cli_parse_u64(text, &v) || v > (uint64_t)INT_MAX) return false;
    if ((int)v < min || (int)v > max) return false;
    *out = (int)v;
    return true;
}

int sgf_cli_option_value(int argc, char **argv, int *i, const char *name, const char **value)
{
    const char *arg = argv[*i];
    size_t n = strlen(name);
    if (strncmp(arg, name, n) != 0) return 0;
    if (arg[n] == '=') {
        *value = arg + n + 1;
        return 1;
    }
    if (arg[n] != '\0') return 0;
    if (*i + 1 >= argc) return -1;
    *value = argv[++*i];
    return 1;
}

int sgf_cli_usage_error(const char *command, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "sgf %s: ", command);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'sgf help %s' for its options.\n", command);
    return 2;
}

void sgf_cli_print_diag(const sgf_diag *diag)
{
    char buf[1024];
    fprintf(stderr, "sgf: %s\n", sgf_diag_format(diag, buf, sizeof buf));
}

sgf_status sgf_cli_load_scenario(const char *path, const char *const *sets, int set_count,
                                 sgf_world_def *def)
{
    sgf_diag diag;
    memset(&diag, 0, sizeof diag);
    *def = sgf_world_def_default();
    sgf_status st =
        path ? sgf_scenario_load_file(path, def, &diag) : sgf_scenario_load_default(def, &diag);
    for (int i = 0; st == SGF_OK && i < set_count; i++)
        st = sgf_scenario_apply_set(def, sets[i], &diag);
    /* The file's own combinations were checked with their lines; what the
     * --set values made of them is reported as theirs. */
    if (st == SGF_OK && set_count > 0 && (st = sgf_scenario_validate(def, &diag)) != SGF_OK &&
        !diag.file[0])
        snprintf(diag.file, sizeof diag.file, "--set");
    if (st != SGF_OK) {
        if (diag.message[0])
            sgf_cli_print_diag(&diag);
        else
            fprintf(stderr, "sgf: %s: %s\n", path ? path : "<default>", sgf_status_message(st));
        sgf_world_def_free(def);
        /* An unreadable scenario is bad input (exit 2), not a runtime failure. */
        if (st == SGF_ERR_IO) st = SGF_ERR_SCENARIO;
    }
    return st;
}

/* ---- dispatch ------------------------------------------------------------------------ */

/* The command closest to a mistyped one, for "did you mean". */
static const char *closest_command(const char *name)
{
    const char *best = NULL;
    size_t best_d = 3; /* suggest only near misses */
    for (int c = 0; c < sgf_command_count; c++) {
        const char *t = sgf_commands[c].name;
        size_t d = (size_t)sgf_edit_distance(name, t);
        if (d < best_d) {
            best_d = d;
            best = t;
        }
    }
    return best;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        sgf_cli_print_overview(stderr);
        return 2;
    }
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
        sgf_cli_print_overview(stdout);
        return 0;
    }
    if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0) {
        printf("sgf %s\n", SGF_VERSION);
        return 0;
    }
#if !defined(SGF_WITH_VIEWER) && defined(SGF_VIEWER_EXEC)
    if (wants_viewer(argc, argv)) return exec_viewer(argv);
#endif
    const sgf_command *cmd = sgf_cli_find_command(name);
    if (!cmd) {
        if (name[0] == '-')
            fprintf(stderr, "sgf: unknown option '%s'\n", name);
        else
            fprintf(stderr, "sgf: unknown command '%s'\n", name);
        const char *near = closest_command(name);
        if (near) fprintf(stderr, "Did you mean 'sgf %s'?\n", near);
        fprintf(stderr, "Try 'sgf help' for the list of commands.\n");
        return 2;
    }
    return cmd->run(argc - 1, argv + 1);
}
