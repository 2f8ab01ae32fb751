/* cmd_calibrate.c: `sgf calibrate FILE`, ABC by sequential Monte Carlo
 * (calibrate.c, docs/exploration.md). */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "sgf/sgf_explore.h"

const char sgf_cmd_calibrate_help[] =
    "Usage: sgf calibrate FILE [-j N] [--out DIR] [--resume] [--ticks N] [--plot]\n"
    "                     [--quiet]\n"
    "\n"
    "Calibrate free parameters to targets by approximate Bayesian computation\n"
    "with sequential Monte Carlo (population Monte Carlo, tolerance shrinking as\n"
    "a quantile of each generation's distances). FILE is a sweep file (base,\n"
    "seed, replications, set, metrics; docs/sweeps.md) whose `vary` ranges are\n"
    "the free parameters (uniform priors; log-uniform with scale = \"log\"), plus:\n"
    "  targets = ( { metric = \"revenue_total_eur\"; value = 2.4e7; tolerance = 2e6;\n"
    "                weight = 1.0; source = \"001:120-125\"; },\n"
    "              { metric = \"partners_final\"; lo = 8.0; hi = 12.0; },\n"
    "              { series = \"revenue_eur\"; window = \"year 2012\"; stat = \"sum\";\n"
    "                value = 3.1e6; tolerance = 3e5; } );\n"
    "  population = 200;   particles per generation\n"
    "  generations = 5;    generations (each a sweep of population x replications)\n"
    "  quantile = 0.5;     the share of each generation accepted (its tolerance)\n"
    "A particle's distance is sqrt(sum w z^2 / sum w), z = (model mean - value) /\n"
    "tolerance (0 inside an interval target). A target is a summary metric over\n"
    "the run's horizon (`metric`, a column of summary.csv), or a weekly series\n"
    "(`series`, a column of timeseries.csv) over a window: \"year Y\" (the\n"
    "calendar year), \"years Y1-Y2\", \"weeks A-B\" or \"week A\" (1 the first),\n"
    "reduced by `stat`: mean (the default), sum, min, max or last. Its column in\n"
    "runs.csv is SERIES_STAT_year_Y, SERIES_STAT_weeks_A_B, ...; a run that\n"
    "ends before the window does has no value there.\n"
    "\n"
    "Options:\n"
    "  -j N       threads (default: one per core)\n"
    "  --out DIR  output directory (default out/calibrate-NAME)\n"
    "  --resume   continue after a kill or Ctrl-C: finished generations are read\n"
    "             back, the interrupted one runs its missing runs\n"
    "  --ticks N  weeks per run\n"
    "  --plot     when done, draw DIR/plots/calibration.png: each parameter's\n"
    "             weighted marginal posterior and the tolerance by generation\n"
    "             (needs the viewer build)\n"
    "  --quiet    no progress and no fit report\n"
    "\n"
    "Output files (in DIR):\n"
    "  gen-K/            each generation's sweep (sweep.json, runs.csv, ...)\n"
    "  generations.csv   generation, particles, runs, tolerance, accepted, ess\n"
    "  posterior.csv     the last generation's accepted particles: weight,\n"
    "                    distance, the parameters, each target metric's mean\n"
    "  fit.csv           per target at the best point: value or lo/hi, model mean\n"
    "                    and 95 % range over replications, within tolerance\n"
    "  best.cfg          the best point as a scenario layer extending the base\n"
    "                    (`sgf run DIR/best.cfg`)\n"
    "  plots/            with --plot: calibration.png\n"
    "\n"
    "Exit status: 0 done; 1 runtime failure or interrupted (--resume); 2 usage\n"
    "error or invalid file.\n"
    "\n"
    "Example:\n"
    "  sgf calibrate scenarios/calibration/default_revenue.cfg -j 2\n"
    "  sgf calibrate scenarios/calibration/default_revenue.cfg --out out/cal --resume\n";

static volatile sig_atomic_t stop_flag = 0;

static void on_signal(int sig)
{
    (void)sig;
    stop_flag = 1;
}

int sgf_cmd_calibrate(int argc, char **argv)
{
    const char *file = NULL, *out = NULL;
    int threads = 0, ticks = 0;
    bool resume = false, quiet = false, plot = false;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i], *v = NULL;
        int m;
        if (arg[0] != '-') {
            if (file) return sgf_cli_usage_error("calibrate", "more than one file given");
            file = arg;
        } else if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            fputs(sgf_cmd_calibrate_help, stdout);
            return 0;
        } else if (strcmp(arg, "--resume") == 0) {
            resume = true;
        } else if (strcmp(arg, "--quiet") == 0 || strcmp(arg, "-q") == 0) {
            quiet = true;
        } else if (strcmp(arg, "--plot") == 0) {
            plot = true;
        } else if ((m = sgf_cli_option_value(argc, argv, &i, "-j", &v)) != 0) {
            if (m < 0 || !sgf_cli_parse_int(v, 1, 4096, &threads))
                return sgf_cli_usage_error("calibrate", "-j needs a whole number from 1 to 4096");
        } else if ((m = sgf_cli_option_value(argc, argv, &i, "--out", &v)) != 0) {
            if (m < 0 || !v[0]) return sgf_cli_usage_error("calibrate", "--out needs a directory");
            out = v;
        } else if ((m = sgf_cli_option_value(argc, argv, &i, "--ticks", &v)) != 0) {
            if (m < 0 || !sgf_cli_parse_int(v, 1, 100000, &ticks))
                return sgf_cli_usage_error("calibrate", "--ticks needs a whole number");
        } else {
            return sgf_cli_usage_error("calibrate", "unknown option '%s'", arg);
        }
    }
    if (!file) return sgf_cli_usage_error("calibrate", "needs a calibration file");
#ifndef SGF_WITH_VIEWER
    if (plot)
        return sgf_cli_usage_error("calibrate", "--plot needs the viewer build "
                                                "(-DSGF_WITH_VIEWER=ON, SDL2)");
#endif
    sgf_calibration *c = NULL;
    sgf_diag diag;
    sgf_status st = sgf_calibration_load(file, ticks, &c, &diag);
    if (st != SGF_OK) {
        sgf_cli_print_diag(&diag);
        return sgf_status_exit_code(st);
    }
    char dir[4096];
    if (out) {
        snprintf(dir, sizeof dir, "%s", out);
    } else {
        const char *stem = strrchr(file, '/');
        stem = stem ? stem + 1 : file;
        size_t n = strcspn(stem, ".");
        snprintf(dir, sizeof dir, "out/calibrate-%.*s", (int)n, stem);
    }
    struct sigaction sact;
    memset(&sact, 0, sizeof sact);
    sact.sa_handler = on_signal;
    sigemptyset(&sact.sa_mask);
    sigaction(SIGINT, &sact, NULL);
    sigaction(SIGTERM, &sact, NULL);
    sgf_calibration_exec x = {.dir = dir,
                              .threads = threads,
                              .resume = resume,
                              .report = quiet ? NULL : stdout,
                              .stop = &stop_flag};
    char err[1024] = "";
    bool interrupted = false;
    st = sgf_calibration_run(c, &x, &interrupted, err, sizeof err);
    sgf_calibration_destroy(c);
    if (st != SGF_OK) {
        fprintf(stderr, "sgf calibrate: %s\n", err[0] ? err : sgf_status_message(st));
        if (st != SGF_ERR_EXISTS && st != SGF_ERR_USAGE)
            fprintf(stderr, "sgf calibrate: continue with --resume\n");
        return sgf_status_exit_code(st);
    }
    if (interrupted) {
        fprintf(stderr,
                "sgf calibrate: interrupted; continue with:\n  sgf calibrate %s --out %s "
                "--resume\n",
                file, dir);
        return 1;
    }
    if (!quiet) printf("  files   %s/posterior.csv, generations.csv, fit.csv, best.cfg\n", dir);
#ifdef SGF_WITH_VIEWER
    if (plot) return sgf_cli_plot_calibration(dir, quiet);
#endif
    return 0;
}
