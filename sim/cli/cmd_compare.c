/* cmd_compare.c: `sgf compare A.cfg B.cfg ...`, the what-if table.
 *
 * Every scenario runs over the same replications 0..N-1 of the same master
 * seed (common random numbers), so differences come from the scenarios, not
 * the draws. The table gives each metric's mean with its 95 % confidence
 * interval per scenario and, from the second scenario on, the paired
 * difference against the first with its interval. The same table comes out
 * whatever the thread count.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char sgf_cmd_compare_help[] =
    "Usage: sgf compare A.cfg B.cfg [C.cfg ...] [--reps N] [--seed S] [--metrics m1,m2,...]\n"
    "                   [--ticks N] [--set PATH=VALUE]... [-j N] [--csv FILE]\n"
    "\n"
    "Runs every scenario over the same N replications of the same master seed\n"
    "(common random numbers) and prints, for each metric of the run summary, the\n"
    "mean and 95 % confidence interval per scenario and the paired difference\n"
    "against the first scenario with its 95 % interval. `default` names the\n"
    "built-in scenario.\n"
    "\n"
    "Options:\n"
    "  --reps N          replications per scenario (default 20)\n"
    "  --seed S          master seed for all scenarios (default: the first scenario's)\n"
    "  --metrics LIST    summary metrics, comma-separated (default: a key set;\n"
    "                    `sgf help compare` lists them all below)\n"
    "  --ticks N         weeks to simulate, for every scenario\n"
    "  --set PATH=VALUE  applied to every scenario after loading (repeatable)\n"
    "  -j N              threads (default: one per core); results do not depend on it\n"
    "  --csv FILE        also write the table as CSV\n"
    "\n"
    "Exit status: 0 ok, 1 runtime failure, 2 usage or scenario error.\n"
    "\n"
    "Example:\n"
    "  sgf compare scenarios/delta.cfg scenarios/delta_integrated.cfg --reps 30\n";

#define MAX_SCENARIOS 16
#define MAX_METRICS 32
#define MAX_SETS 64

static const char *const default_metrics[] = {
    "revenue_total_eur",    "profit_total_eur", "final_cash_eur",  "international_share_last_year",
    "markets_entered",      "partners_final",   "mean_commitment", "mean_trust",
    "opportunism_detected", "dc_mean",          "failed"};

static int summary_index(const char *name)
{
    for (int i = 0; i < sgf_summary_count; i++)
        if (strcmp(sgf_summary_table[i].name, name) == 0) return i;
    return -1;
}

static double summary_value(const sgf_summary *s, int k)
{
    return *(const double *)((const char *)s + sgf_summary_table[k].offset);
}

int sgf_cmd_compare(int argc, char **argv)
{
    const char *paths[MAX_SCENARIOS];
    int npaths = 0;
    const char *sets[MAX_SETS];
    int nsets = 0;
    int reps = 20, threads = 0, ticks = -1;
    uint64_t seed = 0;
    bool have_seed = false;
    const char *metrics_arg = NULL, *csv_path = NULL;
    for (int i = 1; i < argc; i++) {
        const char *v;
        int r;
        if ((r = sgf_cli_option_value(argc, argv, &i, "--reps", &v)) != 0) {
            if (r < 0 || !sgf_cli_parse_int(v, 2, 100000, &reps))
                return sgf_cli_usage_error("compare",
                                           "--reps needs a whole number from 2 to 100000");
        } else if ((r = sgf_cli_option_value(argc, argv, &i, "--seed", &v)) != 0) {
            if (r < 0 || !sgf_cli_parse_u64(v, &seed))
                return sgf_cli_usage_error("compare", "--seed needs a whole number");
            have_seed = true;
        } else if ((r = sgf_cli_option_value(argc, argv, &i, "--ticks", &v)) != 0) {
            if (r < 0 || !sgf_cli_parse_int(v, 1, 100000, &ticks))
                return sgf_cli_usage_error("compare",
                                           "--ticks needs a whole number from 1 to 100000");
        } else if ((r = sgf_cli_option_value(argc, argv, &i, "-j", &v)) != 0) {
            if (r < 0 || !sgf_cli_parse_int(v, 1, 1024, &threads))
                return sgf_cli_usage_error("compare", "-j needs a whole number from 1 to 1024");
        } else if ((r = sgf_cli_option_value(argc, argv, &i, "--metrics", &v)) != 0) {
            if (r < 0) return sgf_cli_usage_error("compare", "--metrics needs a list");
            metrics_arg = v;
        } else if ((r = sgf_cli_option_value(argc, argv, &i, "--csv", &v)) != 0) {
            if (r < 0) return sgf_cli_usage_error("compare", "--csv needs a file name");
            csv_path = v;
        } else if ((r = sgf_cli_option_value(argc, argv, &i, "--set", &v)) != 0) {
            if (r < 0 || nsets == MAX_SETS)
                return sgf_cli_usage_error("compare", "--set needs PATH=VALUE (at most %d)",
                                           MAX_SETS);
            sets[nsets++] = v;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            return sgf_cli_usage_error("compare", "unknown option '%s'", argv[i]);
        } else {
            if (npaths == MAX_SCENARIOS)
                return sgf_cli_usage_error("compare", "at most %d scenarios", MAX_SCENARIOS);
            paths[npaths++] = argv[i];
        }
    }
    if (npaths < 2) return sgf_cli_usage_error("compare", "needs at least two scenarios");

    int metric[MAX_METRICS], nmetrics = 0;
    if (metrics_arg) {
        char buf[1024];
        snprintf(buf, sizeof buf, "%s", metrics_arg);
        for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
            int k = summary_index(tok);
            if (k < 0) {
                char close[256];
                sgf_metric_suggest(sgf_summary_table, sgf_summary_count, tok, close, sizeof close);
                return sgf_cli_usage_error("compare",
                                           "unknown metric '%s'%s%s (the columns of summary.csv: "
                                           "sgf help metrics)",
                                           tok, close[0] ? "; close names: " : "", close);
            }
            if (nmetrics == MAX_METRICS) return sgf_cli_usage_error("compare", "too many metrics");
            metric[nmetrics++] = k;
        }
    } else {
        for (size_t j = 0; j < sizeof default_metrics / sizeof *default_metrics; j++)
            metric[nmetrics++] = summary_index(default_metrics[j]);
    }

    sgf_world_def defs[MAX_SCENARIOS];
    int loaded = 0;
    int rc = 0;
    sgf_summary *res = NULL;
    double *vals = NULL, *diff = NULL;
    for (int s = 0; s < npaths; s++) {
        const char *path = strcmp(paths[s], "default") == 0 ? NULL : paths[s];
        if (sgf_cli_load_scenario(path, sets, nsets, &defs[s]) != SGF_OK) {
            rc = 2;
            goto done;
        }
        loaded++;
        if (ticks > 0) defs[s].ticks = ticks;
        if (s == 0 && !have_seed) seed = defs[0].seed;
    }
    for (int s = 0; s < npaths; s++) {
        defs[s].seed = seed;
        sgf_diag diag;
        if (sgf_scenario_validate(&defs[s], &diag) != SGF_OK) {
            sgf_cli_print_diag(&diag);
            rc = 2;
            goto done;
        }
    }
    res = calloc((size_t)(npaths * reps), sizeof *res);
    vals = calloc((size_t)reps, sizeof *vals);
    diff = calloc((size_t)reps, sizeof *diff);
    if (!res || !vals || !diff) {
        fprintf(stderr, "sgf compare: out of memory\n");
        rc = 1;
        goto done;
    }
    char err[256] = "";
    sgf_status st = sgf_batch_run(defs, npaths, reps, threads, res, err, sizeof err);
    if (st != SGF_OK) {
        fprintf(stderr, "sgf compare: %s: %s\n", sgf_status_message(st), err);
        rc = 1;
        goto done;
    }

    FILE *csv = NULL;
    if (csv_path) {
        csv = fopen(csv_path, "w");
        if (!csv) {
            fprintf(stderr, "sgf compare: cannot write %s\n", csv_path);
            rc = 1;
            goto done;
        }
        fprintf(csv, "metric,scenario,n,mean,ci_low,ci_high,diff_mean,diff_ci_low,diff_ci_high\n");
    }
    printf("sgf compare: %d scenarios x %d replications, master seed %llu, %d weeks\n", npaths,
           reps, (unsigned long long)seed, defs[0].ticks);
    for (int s = 0; s < npaths; s++) printf("  [%c] %s\n", 'A' + s, paths[s]);
    printf("\n%-24s %-3s %26s %30s\n", "metric", "", "mean [95% CI]", "difference vs A [95% CI]");
    for (int j = 0; j < nmetrics; j++) {
        int k = metric[j];
        for (int s = 0; s < npaths; s++) {
            for (int r = 0; r < reps; r++) {
                vals[r] = summary_value(&res[s * reps + r], k);
                diff[r] = vals[r] - summary_value(&res[r], k);
            }
            sgf_stat a = sgf_stat_of(vals, reps);
            printf("%-24s [%c] %12.4g [%10.4g, %10.4g]", s == 0 ? sgf_summary_table[k].name : "",
                   'A' + s, a.mean, a.mean - a.half_width, a.mean + a.half_width);
            sgf_stat d = sgf_stat_of(diff, reps);
            if (s > 0) {
                bool clear = d.mean - d.half_width > 0 || d.mean + d.half_width < 0;
                printf("  %+11.4g [%+10.4g, %+10.4g]%s", d.mean, d.mean - d.half_width,
                       d.mean + d.half_width, clear ? " *" : "");
            }
            printf("\n");
            if (csv) {
                fprintf(csv, "%s,%s,%d,%.10g,%.10g,%.10g", sgf_summary_table[k].name, paths[s],
                        reps, a.mean, a.mean - a.half_width, a.mean + a.half_width);
                if (s > 0)
                    fprintf(csv, ",%.10g,%.10g,%.10g\n", d.mean, d.mean - d.half_width,
                            d.mean + d.half_width);
                else
                    fprintf(csv, ",,,\n");
            }
        }
    }
    printf("\n* the 95 %% interval of the paired difference excludes zero\n");
    if (csv && fclose(csv) != 0) {
        fprintf(stderr, "sgf compare: cannot write %s\n", csv_path);
        rc = 1;
    }
done:
    for (int s = 0; s < loaded; s++) sgf_world_def_free(&defs[s]);
    free(res);
    free(vals);
    free(diff);
    return rc;
}
