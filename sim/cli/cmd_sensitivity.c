/* cmd_sensitivity.c: `sgf sensitivity FILE`, global sensitivity analysis
 * (Morris, Sobol, stochasticity, one at a time) on the sweep engine.
 *
 * The method's design goes through sgf_cli_sweep_main (cmd_sweep.c), so the
 * command has every option of `sgf sweep` (threads, shards, MPI, resume,
 * progress); when the whole design has run, sgf_sensitivity_analyse turns
 * runs.csv into indices.csv. docs/exploration.md describes the file.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "sgf/sgf_explore.h"

const char sgf_cmd_sensitivity_help[] =
    "Usage: sgf sensitivity FILE [-j N] [--out DIR] [--resume] [--shard I/N]\n"
    "                       [--dry-run] [--plot] [--ticks N] [--quiet]\n"
    "\n"
    "Global sensitivity analysis: which settings move which metrics, and how\n"
    "much. FILE is a sweep file (base, seed, replications, set, vary, metrics;\n"
    "docs/sweeps.md) without design or points, plus a method:\n"
    "  method = \"morris\";         elementary effects: trajectories = r (10),\n"
    "                             levels = p (4, even), candidates = M (optional:\n"
    "                             keep the r best spread of M random ones)\n"
    "                             r (d + 1) points for d factors\n"
    "  method = \"sobol\";          first-order and total indices, Saltelli's scheme\n"
    "                             on a Sobol sequence, Jansen's estimators:\n"
    "                             samples = N (512): N (d + 2) points\n"
    "  method = \"stochasticity\";  variance between replications vs between points\n"
    "                             and replications needed: samples = n points (20),\n"
    "                             replications >= 2, precision = 0.05 (of the mean)\n"
    "  method = \"one_at_a_time\";  the centre of the ranges and each factor at its\n"
    "                             two ends (tornado): 1 + 2 d points\n"
    "  bootstrap = 1000;          resamples for the 95 % intervals (0: none)\n"
    "Factors are ranges (from, to, scale) or lists of values, mapped from the\n"
    "unit cube as in a Latin hypercube. Each point runs `replications` times;\n"
    "its value is the mean of its ok runs. Metrics are summary columns or\n"
    "weekly series over a window, as revenue_eur_sum_year_2012 or\n"
    "partners_mean_weeks_53_104 (docs/exploration.md). A file may name a test\n"
    "model with known indices instead of the simulator: model = \"ishigami\",\n"
    "\"sobol_g\", \"noisy_linear\" or \"normal_mean\" (factors x1, x2, ...; metric y).\n"
    "\n"
    "Options are those of `sgf sweep` (see `sgf help sweep`). A shard only\n"
    "runs; after `sgf merge`, run `sgf sensitivity FILE --out MERGED --resume`\n"
    "to compute the indices.\n"
    "\n"
    "Output files (in DIR, default out/sensitivity-NAME):\n"
    "  sweep.json, runs.csv, aggregate.csv   as for a sweep\n"
    "  indices.csv   method,factor,metric,statistic,value,lo,hi: mu, mu_star,\n"
    "                sigma (morris); S1, ST, and sum_S1 for (all) (sobol);\n"
    "                variance_within, variance_between, share_within,\n"
    "                replications_needed_median/_max (stochasticity); low, high,\n"
    "                swing (one_at_a_time); lo and hi bound a 95 % interval\n"
    "  plots/        with --plot: mu*-sigma plane, S1/ST bars, tornado (PNG)\n"
    "\n"
    "Exit status: 0 done; 1 runtime failure or interrupted (--resume);\n"
    "2 usage error or invalid file.\n"
    "\n"
    "Examples:\n"
    "  sgf sensitivity scenarios/sensitivity/default_morris.cfg --dry-run\n"
    "  sgf sensitivity scenarios/sensitivity/default_morris.cfg -j 2 --plot\n"
    "  sgf sensitivity scenarios/sensitivity/ishigami.cfg --out out/ishigami --resume\n";

typedef struct sa_ctx {
    sgf_sensitivity *sa;
} sa_ctx;

static sgf_status sa_load(void *user, const char *file, int ticks, const sgf_sweep **sw,
                          sgf_diag *diag)
{
    sa_ctx *c = user;
    sgf_status st = sgf_sensitivity_load(file, ticks, &c->sa, diag);
    *sw = st == SGF_OK ? sgf_sensitivity_sweep(c->sa) : NULL;
    return st;
}

static void sa_plan(void *user, FILE *f)
{
    sa_ctx *c = user;
    sgf_sensitivity_write_plan(f, c->sa);
}

static int sa_finish(void *user, const char *dir, bool quiet)
{
    sa_ctx *c = user;
    char err[1024] = "";
    sgf_status st = sgf_sensitivity_analyse(c->sa, dir, err, sizeof err);
    if (st != SGF_OK) {
        fprintf(stderr, "sgf sensitivity: %s\n", err[0] ? err : sgf_status_message(st));
        return sgf_status_exit_code(st);
    }
    if (!quiet)
        printf("  indices %s/indices.csv (%s)\n", dir,
               sgf_sa_method_name(sgf_sensitivity_method(c->sa)));
    return 0;
}

int sgf_cmd_sensitivity(int argc, char **argv)
{
    sa_ctx c = {NULL};
    sgf_cli_sweep_hooks h = {.command = "sensitivity",
                             .help = sgf_cmd_sensitivity_help,
                             .dir_prefix = "sensitivity",
                             .user = &c,
                             .load = sa_load,
                             .plan = sa_plan,
                             .finish = sa_finish};
#ifdef SGF_WITH_VIEWER
    h.plot = sgf_cli_plot_sensitivity;
#endif
    int code = sgf_cli_sweep_main(argc, argv, &h);
    sgf_sensitivity_destroy(c.sa);
    return code;
}
