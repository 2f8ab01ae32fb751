/* cmd_discover.c: `sgf discover RUNS_DIR --where COND`, scenario discovery
 * by PRIM over a finished sweep's runs (discover.c, docs/exploration.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "sgf/sgf_explore.h"

const char sgf_cmd_discover_help[] =
    "Usage: sgf discover RUNS_DIR --where COND [--out DIR] [--alpha A]\n"
    "                    [--min-support S] [--min-coverage C] [--boxes K] [--plot]\n"
    "                    [--quiet]\n"
    "\n"
    "Scenario discovery (PRIM, Friedman and Fisher 1999): find boxes in the\n"
    "space of a sweep's varied settings where a condition on the outcomes\n"
    "holds. RUNS_DIR is a sweep's (or sensitivity analysis's) directory; its\n"
    "ok runs are the data, its numeric varied settings the dimensions.\n"
    "\n"
    "COND compares metrics or settings of runs.csv with numbers, joined by\n"
    "'and' / 'or' (and binds tighter): 'failed == 1',\n"
    "'revenue_total_eur < 1e7 and partners_final >= 3'.\n"
    "\n"
    "Peeling cuts the share A (--alpha, default 0.05) of the box's runs off\n"
    "one end of one setting at each step, the cut that leaves the densest box,\n"
    "until the box holds fewer than S (--min-support, 0.05) of the runs. The\n"
    "box reported is the densest step that still covers C (--min-coverage,\n"
    "0.5) of the runs where COND holds; then its runs are set aside and the\n"
    "next box is sought, up to K boxes (--boxes, 3), while a box is denser\n"
    "than what is left.\n"
    "  coverage  share of all runs where COND holds that fall in the box\n"
    "  density   share of the box's runs where COND holds\n"
    "  support   share of all runs in the box\n"
    "\n"
    "Output files (in DIR, default RUNS_DIR/discover):\n"
    "  boxes.csv    box,coverage,density,support,runs,setting,lo,hi,range_lo,\n"
    "               range_hi: one row per setting that bounds the box\n"
    "  peeling.csv  the peeling trajectory: box,step,coverage,density,support,\n"
    "               runs,restricted and each setting's bounds at every step\n"
    "  peeling.png  with --plot: density against coverage along each box's\n"
    "               peeling, the chosen boxes marked (needs the viewer build)\n"
    "\n"
    "Exit status: 0 done (also when no box is found); 1 I/O failure; 2 usage\n"
    "error, bad condition, or RUNS_DIR holds no runs.\n"
    "\n"
    "Examples:\n"
    "  sgf discover out/sweep-lhs --where 'failed == 1'\n"
    "  sgf discover out/sensitivity-default_morris --where 'revenue_total_eur < 2e7' --boxes 1\n"
    "  sgf discover out/sweep-lhs --where 'failed == 1' --plot\n";

static bool parse_share(const char *v, double lo, double hi, double *out)
{
    char *end;
    double x = strtod(v, &end);
    if (!*v || *end || !(x > lo && x <= hi)) return false;
    *out = x;
    return true;
}

int sgf_cmd_discover(int argc, char **argv)
{
    const char *dir = NULL, *out = NULL;
    bool quiet = false, plot = false;
    sgf_discover_opts o = {
        .peel_alpha = 0.05, .min_support = 0.05, .max_boxes = 3, .min_coverage = 0.5};
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i], *v = NULL;
        int m;
        if (arg[0] != '-') {
            if (dir) return sgf_cli_usage_error("discover", "more than one directory given");
            dir = arg;
        } else if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            fputs(sgf_cmd_discover_help, stdout);
            return 0;
        } else if (strcmp(arg, "--quiet") == 0 || strcmp(arg, "-q") == 0) {
            quiet = true;
        } else if (strcmp(arg, "--plot") == 0) {
            plot = true;
        } else if ((m = sgf_cli_option_value(argc, argv, &i, "--where", &v)) != 0) {
            if (m < 0 || !v[0]) return sgf_cli_usage_error("discover", "--where needs a condition");
            o.where = v;
        } else if ((m = sgf_cli_option_value(argc, argv, &i, "--out", &v)) != 0) {
            if (m < 0 || !v[0]) return sgf_cli_usage_error("discover", "--out needs a directory");
            out = v;
        } else if ((m = sgf_cli_option_value(argc, argv, &i, "--alpha", &v)) != 0) {
            if (m < 0 || !parse_share(v, 0, 0.49, &o.peel_alpha))
                return sgf_cli_usage_error("discover", "--alpha needs a share above 0, below 0.5");
        } else if ((m = sgf_cli_option_value(argc, argv, &i, "--min-support", &v)) != 0) {
            if (m < 0 || !parse_share(v, 0, 0.99, &o.min_support))
                return sgf_cli_usage_error("discover", "--min-support needs a share in (0, 1)");
        } else if ((m = sgf_cli_option_value(argc, argv, &i, "--min-coverage", &v)) != 0) {
            if (m < 0 || !parse_share(v, 0, 1, &o.min_coverage))
                return sgf_cli_usage_error("discover", "--min-coverage needs a share in (0, 1]");
        } else if ((m = sgf_cli_option_value(argc, argv, &i, "--boxes", &v)) != 0) {
            if (m < 0 || !sgf_cli_parse_int(v, 1, 100, &o.max_boxes))
                return sgf_cli_usage_error("discover", "--boxes needs a whole number, 1 to 100");
        } else {
            return sgf_cli_usage_error("discover", "unknown option '%s'", arg);
        }
    }
    if (!dir) return sgf_cli_usage_error("discover", "needs a sweep's directory");
    if (!o.where) return sgf_cli_usage_error("discover", "needs --where COND, e.g. 'failed == 1'");
#ifndef SGF_WITH_VIEWER
    if (plot)
        return sgf_cli_usage_error("discover", "--plot needs the viewer build "
                                               "(-DSGF_WITH_VIEWER=ON, SDL2)");
#endif
    char outdir[4200];
    snprintf(outdir, sizeof outdir, "%s", out ? out : "");
    if (!out) snprintf(outdir, sizeof outdir, "%s/discover", dir);
    char err[1024] = "";
    sgf_status st = sgf_discover_run(dir, &o, outdir, quiet ? NULL : stdout, err, sizeof err);
    if (st != SGF_OK) {
        fprintf(stderr, "sgf discover: %s\n", err[0] ? err : sgf_status_message(st));
        return sgf_status_exit_code(st);
    }
    if (!quiet) printf("  files   %s/boxes.csv, peeling.csv\n", outdir);
#ifdef SGF_WITH_VIEWER
    if (plot) return sgf_cli_plot_discover(outdir, quiet);
#endif
    return 0;
}
