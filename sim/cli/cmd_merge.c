/* cmd_merge.c: `sgf merge DIR... --out DIR`, the shards of a sweep joined.
 *
 * Each shard directory (from `sgf sweep --shard I/N`) holds sweep.json and a
 * runs.csv with its share of the runs. Merging checks that they are shards
 * of one sweep (same fingerprint and columns), sorts all rows by run id,
 * drops exact duplicates (a run done in two shards by mistake), and writes
 * runs.csv, aggregate.csv and sweep.json: the same bytes as the same sweep
 * run on one machine (sgf_sweep_collect in sim/explore/sweep.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "sgf/sgf_sweep.h"

const char sgf_cmd_merge_help[] =
    "Usage: sgf merge DIR... --out DIR [--partial] [--quiet]\n"
    "\n"
    "Join the output directories of a sweep's shards (`sgf sweep --shard I/N`)\n"
    "into one runs.csv, aggregate.csv and sweep.json in the --out directory,\n"
    "byte for byte what the sweep would have written on one machine. The\n"
    "inputs must come from the same sweep file, base scenario and sgf version\n"
    "(checked by the fingerprint in sweep.json). A run found in two inputs\n"
    "must have identical rows; every row is parsed strictly. The output\n"
    "directory may be new, one of the inputs, their parent or this sweep's\n"
    "merged directory; one holding another sweep, a shard not among the\n"
    "inputs, or a runs.csv or aggregate.csv without sweep.json is refused.\n"
    "\n"
    "Options:\n"
    "  --out DIR     where to write (created if needed; required)\n"
    "  --partial     write even if some runs are missing (an unfinished shard);\n"
    "                aggregate.csv then covers the runs present\n"
    "  --quiet       print nothing on success\n"
    "  -h, --help    show this help\n"
    "\n"
    "Exit status:\n"
    "  0  merged\n"
    "  1  runtime failure (I/O, memory)\n"
    "  2  usage error, inputs of different sweeps, conflicting rows, a row sgf\n"
    "     does not write (FILE:LINE:COLUMN), an output directory it may not\n"
    "     replace, or runs missing without --partial (nothing is written then)\n"
    "\n"
    "Example (a Slurm array of 8 shards, docs/cluster.md):\n"
    "  sgf merge out/lhs/shard-* --out out/lhs\n";

int sgf_cmd_merge(int argc, char **argv)
{
    const char **dirs = malloc(sizeof *dirs * (size_t)(argc > 0 ? argc : 1));
    if (!dirs) {
        fprintf(stderr, "sgf merge: out of memory\n");
        return 1;
    }
    int count = 0;
    const char *out = NULL;
    bool partial = false, quiet = false;
    int code = -1;
    for (int i = 1; i < argc && code < 0; i++) {
        const char *arg = argv[i], *v = NULL;
        int m;
        if (arg[0] != '-' || strcmp(arg, "-") == 0) {
            dirs[count++] = arg;
        } else if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            fputs(sgf_cmd_merge_help, stdout);
            code = 0;
        } else if (strcmp(arg, "--partial") == 0) {
            partial = true;
        } else if (strcmp(arg, "--quiet") == 0 || strcmp(arg, "-q") == 0) {
            quiet = true;
        } else if ((m = sgf_cli_option_value(argc, argv, &i, "--out", &v)) != 0) {
            if (m < 0 || !v[0]) code = sgf_cli_usage_error("merge", "--out needs a directory");
            out = v;
        } else {
            code = sgf_cli_usage_error("merge", "unknown option '%s'", arg);
        }
    }
    if (code < 0 && count == 0)
        code = sgf_cli_usage_error("merge", "needs the directories to merge");
    if (code < 0 && !out) code = sgf_cli_usage_error("merge", "needs --out DIR");
    if (code >= 0) {
        free(dirs);
        return code;
    }
    char err[1024] = "";
    sgf_sweep_collected info;
    sgf_status st = sgf_sweep_collect(dirs, count, out, partial ? SGF_COLLECT_PARTIAL : 0, &info,
                                      err, sizeof err);
    free(dirs);
    if (st != SGF_OK) {
        fprintf(stderr, "sgf merge: %s\n", err[0] ? err : sgf_status_message(st));
        return sgf_status_exit_code(st);
    }
    if (!quiet) {
        printf("sgf merge: %d director%s, %llu of %llu runs (%llu failed), %llu points\n", count,
               count == 1 ? "y" : "ies", (unsigned long long)info.runs_found,
               (unsigned long long)info.runs_total, (unsigned long long)info.runs_failed,
               (unsigned long long)info.points);
        printf("  files   %s/runs.csv, aggregate.csv, sweep.json\n", out);
    }
    return 0;
}
