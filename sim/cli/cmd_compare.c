/* cmd_compare.c: `sgf compare A.cfg B.cfg ...`, the what-if table.
 *
 * Every scenario runs over the same replications 0..N-1 of the same master
 * seed (common random numbers), so differences come from the scenarios, not
 * the draws. The table gives each metric's mean with its 95 % confidence
 * interval per scenario and, from the second scenario on, the paired
 * difference against the first with its interval. The same table comes out
 * whatever the thread count.
 *
 * Intervals follow the metric's kind (its unit in sgf_summary_table): a 0/1
 * metric is a proportion of runs, with Wilson's score interval and, for the
 * paired difference, Newcombe's interval for paired proportions (both stay
 * inside [0, 1] and [-1, 1]); a metric bounded to [0, 1] (a share, a mean
 * trust) gets Student's t interval clipped to its range; everything else
 * Student's t. A "never" marker (-1 in the weeks-to metrics and failed_tick)
 * or a NaN is no value: such metrics are summarised over the runs that have
 * one, with their count.
 */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "io/fmtnum.h"

const char sgf_cmd_compare_help[] =
    "Usage: sgf compare A.cfg B.cfg [C.cfg ...] [--reps N] [--seed S] [--metrics m1,m2,...]\n"
    "                   [--ticks N] [--set PATH=VALUE]... [-j N] [--csv FILE] [--quiet]\n"
    "\n"
    "Runs every scenario over the same N replications of the same master seed\n"
    "(common random numbers) and prints, for each metric of the run summary, the\n"
    "mean and 95 % confidence interval per scenario and the paired difference\n"
    "against the first scenario with its 95 % interval. `default` names the\n"
    "built-in scenario. Money is shown in thousand, million or billion EUR as the\n"
    "unit column says.\n"
    "\n"
    "Intervals: a 0/1 metric (failed) is the share of runs, with Wilson's score\n"
    "interval, and its difference Newcombe's interval for paired proportions; a\n"
    "metric bounded to [0, 1] gets Student's t interval clipped to [0, 1]; the\n"
    "others Student's t, stopped at zero for counts, weeks and ratios. A metric\n"
    "that marks \"never\" (failed_tick, weeks_to_first_foreign_sale,\n"
    "weeks_to_first_epg_deal: -1 or empty) is summarised over the runs where the\n"
    "event happened, with their count (\"n=3/20\"); its difference pairs the runs\n"
    "where both scenarios have a value. A star marks a difference whose interval\n"
    "excludes zero.\n"
    "\n"
    "Options:\n"
    "  --reps N          replications per scenario (default 20)\n"
    "  --seed S          master seed for all scenarios (default: the first scenario's)\n"
    "  --metrics LIST    summary metrics, comma-separated (default: a key set;\n"
    "                    `sgf help metrics` lists them all with units)\n"
    "  --ticks N         weeks to simulate, for every scenario\n"
    "  --set PATH=VALUE  applied to every scenario after loading (repeatable)\n"
    "  -j N              threads (default: one per core); results do not depend on it\n"
    "  --csv FILE        also write the table as CSV (raw numbers in the metric's\n"
    "                    unit; columns metric, scenario, n, mean, ci_low, ci_high,\n"
    "                    diff_mean, diff_ci_low, diff_ci_high, unit, runs, diff_n,\n"
    "                    interval)\n"
    "  --quiet           no progress on stderr\n"
    "\n"
    "Progress is shown on stderr when it is a terminal. Ctrl-C stops after the\n"
    "runs in flight and prints no table.\n"
    "\n"
    "Exit status: 0 ok, 1 runtime failure or interrupted, 2 usage or scenario error.\n"
    "\n"
    "Example:\n"
    "  sgf compare scenarios/delta.cfg scenarios/delta_integrated.cfg --reps 30\n";

#define MAX_SCENARIOS 16
#define MAX_METRICS 32
#define MAX_SETS 64

static const char *const default_metrics[] = {
    "revenue_total_eur",    "profit_total_eur", "final_cash_eur",  "international_share_last_year",
    "markets_entered",      "partners_final",   "mean_commitment", "mean_trust",
    "opportunism_detected", "dc_mean",          "failed",          "failed_tick"};

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

/* ---- kinds of metric ----------------------------------------------------------------- */

typedef enum kind {
    KIND_PLAIN,      /* Student's t */
    KIND_BOUNDED,    /* in [0, 1]: t, clipped */
    KIND_PROPORTION, /* 0/1 per run: Wilson, Newcombe */
} kind;

static kind kind_of(int k)
{
    const char *u = sgf_summary_table[k].unit;
    if (strcmp(u, "0/1") == 0) return KIND_PROPORTION;
    if (strcmp(u, "share") == 0 || strcmp(u, "[0,1]") == 0) return KIND_BOUNDED;
    return KIND_PLAIN;
}

/* Metrics whose -1 means "never happened": no value, not a week. */
static bool marks_never(int k)
{
    static const char *const names[] = {"failed_tick", "weeks_to_first_foreign_sale",
                                        "weeks_to_first_epg_deal"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(sgf_summary_table[k].name, names[i]) == 0) return true;
    return false;
}

static bool has_value(int k, double v)
{
    if (!isfinite(v)) return false;
    return !(marks_never(k) && v < 0);
}

/* ---- intervals ----------------------------------------------------------------------- */

typedef struct interval {
    double mean, lo, hi;
    int n; /* values behind it */
} interval;

static const double Z95 = 1.959963984540054;

/* Wilson's score interval of x successes in n trials. */
static interval wilson(int x, int n)
{
    interval r = {NAN, NAN, NAN, n};
    if (n <= 0) return r;
    double p = (double)x / n, z2 = Z95 * Z95;
    double centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
    double half = Z95 / (1.0 + z2 / n) * sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * (double)n));
    r.mean = p;
    r.lo = fmax(0.0, centre - half);
    r.hi = fmin(1.0, centre + half);
    return r;
}

/* Newcombe's (1998) hybrid score interval for the difference p_b - p_a of
 * two paired proportions, from the counts of the four pairs (a, b):
 * n11 both 1, n10 a only, n01 b only, n00 neither. */
static interval newcombe_paired(int n11, int n10, int n01, int n00)
{
    int n = n11 + n10 + n01 + n00;
    interval r = {NAN, NAN, NAN, n};
    if (n <= 0) return r;
    interval ia = wilson(n11 + n10, n), ib = wilson(n11 + n01, n);
    double pa = ia.mean, pb = ib.mean;
    double den = (double)(n11 + n10) * (n01 + n00) * (n11 + n01) * (n10 + n00);
    double phi = den > 0 ? ((double)n11 * n00 - (double)n10 * n01) / sqrt(den) : 0.0;
    double d = pb - pa;
    double lo_b = pb - ib.lo, hi_a = ia.hi - pa, hi_b = ib.hi - pb, lo_a = pa - ia.lo;
    double delta = sqrt(fmax(0.0, lo_b * lo_b - 2 * phi * lo_b * hi_a + hi_a * hi_a));
    double eps = sqrt(fmax(0.0, hi_b * hi_b - 2 * phi * hi_b * lo_a + lo_a * lo_a));
    r.mean = d;
    r.lo = fmax(-1.0, d - delta);
    r.hi = fmin(1.0, d + eps);
    return r;
}

/* Units that cannot go below zero: their intervals stop at zero. */
static bool non_negative(int k)
{
    static const char *const units[] = {"count", "week", "weeks", "ratio", "units", "hours"};
    for (size_t i = 0; i < sizeof units / sizeof *units; i++)
        if (strcmp(sgf_summary_table[k].unit, units[i]) == 0) return true;
    return false;
}

static interval t_interval(const double *v, int n, bool clip01, bool diff, bool nonneg)
{
    sgf_stat a = sgf_stat_of(v, n);
    interval r = {a.mean, a.mean - a.half_width, a.mean + a.half_width, n};
    if (nonneg && !diff && r.lo < 0) r.lo = 0;
    if (clip01) {
        double lo = diff ? -1.0 : 0.0;
        if (r.lo < lo) r.lo = lo;
        if (r.hi > 1.0) r.hi = 1.0;
    }
    return r;
}

/* ---- numbers for people -------------------------------------------------------------- */

typedef struct display {
    double div;    /* values are shown divided by this ... */
    char unit[48]; /* ... in this unit */
    int decimals;
    bool percent;
} display;

/* How metric k is shown, from the largest magnitude among its values. */
static display display_of(int k, double biggest)
{
    display d = {1.0, "", 0, false};
    const char *u = sgf_summary_table[k].unit;
    if (kind_of(k) == KIND_PROPORTION) {
        d.div = 0.01;
        d.percent = true;
        d.decimals = 1;
        snprintf(d.unit, sizeof d.unit, "%% of runs");
        return d;
    }
    const char *word = "";
    if (strcmp(u, "EUR") == 0) {
        if (biggest >= 1e9)
            d.div = 1e9, word = " billion";
        else if (biggest >= 1e6)
            d.div = 1e6, word = " million";
        else if (biggest >= 1e4)
            d.div = 1e3, word = " thousand";
        snprintf(d.unit, sizeof d.unit, "EUR%s", word);
    } else if (strcmp(u, "count") == 0) {
        snprintf(d.unit, sizeof d.unit, "count");
        double m = biggest;
        d.decimals = m >= 100 ? 1 : 2;
        return d;
    } else {
        snprintf(d.unit, sizeof d.unit, "%s", u);
    }
    double m = biggest / d.div;
    /* four significant digits of the largest value, at most six decimals */
    int dec = m > 0 ? 3 - (int)floor(log10(m)) : 2;
    if (dec < 0) dec = 0;
    if (dec > 6) dec = 6;
    d.decimals = dec;
    return d;
}

static void show(const display *d, double v, bool sign, char *buf, size_t size)
{
    if (!isfinite(v)) {
        snprintf(buf, size, "n/a");
        return;
    }
    double x = v / d->div;
    snprintf(buf, size, sign ? "%+.*f" : "%.*f", d->decimals, x);
    /* no "-0.0" */
    if ((buf[0] == '-' || buf[0] == '+') && strspn(buf + 1, "0.") == strlen(buf + 1))
        snprintf(buf, size, sign ? "%.*f" : "%.*f", d->decimals, 0.0);
}

static void show_interval(const display *d, const interval *r, bool sign, char *buf, size_t size)
{
    char m[40], lo[40], hi[40];
    show(d, r->mean, sign, m, sizeof m);
    show(d, r->lo, sign, lo, sizeof lo);
    show(d, r->hi, sign, hi, sizeof hi);
    if (!isfinite(r->lo) || !isfinite(r->hi))
        snprintf(buf, size, "%s", m);
    else
        snprintf(buf, size, "%s [%s, %s]", m, lo, hi);
}

/* ---- progress and Ctrl-C ------------------------------------------------------------- */

static volatile sig_atomic_t stop_flag = 0;

static void on_signal(int sig)
{
    (void)sig;
    stop_flag = 1;
}

typedef struct progress {
    bool tty;
    bool drawn;
    struct timespec last;
} progress;

static void on_progress(void *user, int done, int total)
{
    progress *p = user;
    if (!p->tty) return;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double dt =
        (double)(now.tv_sec - p->last.tv_sec) + (double)(now.tv_nsec - p->last.tv_nsec) * 1e-9;
    if (p->drawn && dt < 0.1 && done < total) return;
    p->last = now;
    p->drawn = true;
    int width = 30, fill = total ? done * width / total : width;
    char bar[64];
    for (int i = 0; i < width; i++) bar[i] = i < fill ? '#' : '-';
    bar[width] = '\0';
    fprintf(stderr, "\r[%s] %d/%d runs %3d%%\033[K", bar, done, total,
            total ? done * 100 / total : 100);
    if (done >= total) fprintf(stderr, "\r\033[K");
    fflush(stderr);
}

/* ---- the table ----------------------------------------------------------------------- */

typedef struct row {
    interval a; /* the scenario's own */
    interval d; /* its difference against A (from B on) */
} row;

/* Statistics of metric k for scenario s against scenario 0. */
static row row_of(const sgf_summary *res, int reps, int s, int k, double *vals, double *diff)
{
    row out;
    kind kd = kind_of(k);
    int n = 0, nd = 0, ones = 0, n11 = 0, n10 = 0, n01 = 0, n00 = 0;
    for (int r = 0; r < reps; r++) {
        double v = summary_value(&res[s * reps + r], k), a = summary_value(&res[r], k);
        bool hv = has_value(k, v), ha = has_value(k, a);
        if (hv) {
            vals[n++] = v;
            if (v > 0.5) ones++;
        }
        if (hv && ha) {
            diff[nd++] = v - a;
            bool x = a > 0.5, y = v > 0.5;
            if (x && y)
                n11++;
            else if (x)
                n10++;
            else if (y)
                n01++;
            else
                n00++;
        }
    }
    if (kd == KIND_PROPORTION) {
        out.a = wilson(ones, n);
        out.d = newcombe_paired(n11, n10, n01, n00);
    } else {
        out.a = t_interval(vals, n, kd == KIND_BOUNDED, false, non_negative(k));
        out.d = t_interval(diff, nd, kd == KIND_BOUNDED, true, false);
    }
    return out;
}

static bool excludes_zero(const interval *d)
{
    return isfinite(d->lo) && isfinite(d->hi) && (d->lo > 0 || d->hi < 0);
}

/* A text field, quoted (RFC 4180) when it holds a comma, a quote or a line
 * break: units such as "[0,1]", paths with commas. */
static void csv_str(FILE *f, const char *v)
{
    if (!strpbrk(v, ",\"\r\n")) {
        fputs(v, f);
        return;
    }
    fputc('"', f);
    for (const char *p = v; *p; p++) {
        if (*p == '"') fputc('"', f);
        fputc(*p, f);
    }
    fputc('"', f);
}

/* ",value", or "," for no value: an empty field, never "nan" (sgf_fmt_csv,
 * as every sgf CSV). */
static void csv_num(FILE *f, double v)
{
    char b[SGF_FMT_G_SIZE];
    fprintf(f, ",%s", sgf_fmt_csv(b, sizeof b, isfinite(v) ? v : NAN, 10));
}

static const char *interval_name(int k)
{
    switch (kind_of(k)) {
    case KIND_PROPORTION:
        return "wilson";
    case KIND_BOUNDED:
        return "t_clipped";
    default:
        return "t";
    }
}

int sgf_cmd_compare(int argc, char **argv)
{
    const char *paths[MAX_SCENARIOS];
    int npaths = 0;
    const char *sets[MAX_SETS];
    int nsets = 0;
    int reps = 20, threads = 0, ticks = -1;
    uint64_t seed = 0;
    bool have_seed = false, quiet = false;
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
        } else if (strcmp(argv[i], "--quiet") == 0 || strcmp(argv[i], "-q") == 0) {
            quiet = true;
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
        for (size_t j = 0; j < sizeof default_metrics / sizeof *default_metrics; j++) {
            int k = summary_index(default_metrics[j]);
            if (k >= 0) metric[nmetrics++] = k;
        }
    }

    sgf_world_def defs[MAX_SCENARIOS];
    int loaded = 0;
    int rc = 0;
    sgf_summary *res = NULL;
    double *vals = NULL, *diff = NULL;
    row *rows = NULL;
    FILE *csv = NULL;
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
    rows = calloc((size_t)npaths, sizeof *rows);
    if (!res || !vals || !diff || !rows) {
        fprintf(stderr, "sgf compare: out of memory\n");
        rc = 1;
        goto done;
    }

    /* Ctrl-C: the runs in flight finish, then no table. */
    struct sigaction sact;
    memset(&sact, 0, sizeof sact);
    sact.sa_handler = on_signal;
    sigemptyset(&sact.sa_mask);
    sigaction(SIGINT, &sact, NULL);
    sigaction(SIGTERM, &sact, NULL);
    progress prog = {.tty = !quiet && isatty(2) != 0};
    sgf_batch_opts bo = {
        .threads = threads, .progress = on_progress, .progress_user = &prog, .stop = &stop_flag};
    char err[256] = "";
    bool interrupted = false;
    sgf_status st = sgf_batch_run_opts(defs, npaths, reps, &bo, res, &interrupted, err, sizeof err);
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    if (prog.drawn) fprintf(stderr, "\r\033[K");
    if (st != SGF_OK) {
        fprintf(stderr, "sgf compare: %s: %s\n", sgf_status_message(st), err);
        rc = 1;
        goto done;
    }
    if (interrupted) {
        int done_runs = 0; /* a finished run has simulated its weeks */
        for (int i = 0; i < npaths * reps; i++)
            if (res[i].ticks_run > 0) done_runs++;
        fprintf(stderr, "sgf compare: interrupted after %d of %d runs; no table written\n",
                done_runs, npaths * reps);
        rc = 1;
        goto done;
    }

    if (csv_path) {
        csv = fopen(csv_path, "w");
        if (!csv) {
            fprintf(stderr, "sgf compare: cannot write %s\n", csv_path);
            rc = 1;
            goto done;
        }
        fprintf(csv, "metric,scenario,n,mean,ci_low,ci_high,diff_mean,diff_ci_low,diff_ci_high,"
                     "unit,runs,diff_n,interval\n");
    }
    printf("sgf compare: %d scenarios x %d replications, master seed %llu, %d weeks\n", npaths,
           reps, (unsigned long long)seed, defs[0].ticks);
    for (int s = 0; s < npaths; s++) printf("  [%c] %s\n", 'A' + s, paths[s]);
    printf("\n%-28s %-16s %-3s %-30s %s\n", "metric", "unit", "", "mean [95% CI]",
           "difference vs A [95% CI]");
    bool starred = false, conditional = false;
    for (int j = 0; j < nmetrics; j++) {
        int k = metric[j];
        double biggest = 0;
        for (int s = 0; s < npaths; s++) {
            rows[s] = row_of(res, reps, s, k, vals, diff);
            if (isfinite(rows[s].a.mean)) biggest = fmax(biggest, fabs(rows[s].a.mean));
        }
        display d = display_of(k, biggest);
        bool cond = marks_never(k);
        char name[64];
        snprintf(name, sizeof name, "%s", sgf_summary_table[k].name);
        for (int s = 0; s < npaths; s++) {
            const row *rw = &rows[s];
            char a[160], dd[160], count[32] = "";
            show_interval(&d, &rw->a, false, a, sizeof a);
            if (cond || rw->a.n < reps) {
                snprintf(count, sizeof count, " n=%d/%d", rw->a.n, reps);
                conditional = true;
            }
            printf("%-28s %-16s [%c] %-30s", s == 0 ? name : "", s == 0 ? d.unit : "", 'A' + s, a);
            if (s > 0) {
                bool star = excludes_zero(&rw->d);
                starred |= star;
                show_interval(&d, &rw->d, true, dd, sizeof dd);
                if (rw->d.n == 0) snprintf(dd, sizeof dd, "n/a");
                printf(" %s%s", dd, star ? " *" : "");
                if (cond || rw->d.n < reps) printf(" (%d pairs)", rw->d.n);
            }
            printf("%s\n", count);
            if (csv) {
                fprintf(csv, "%s,", sgf_summary_table[k].name);
                csv_str(csv, paths[s]);
                fprintf(csv, ",%d", rw->a.n);
                csv_num(csv, rw->a.mean);
                csv_num(csv, rw->a.lo);
                csv_num(csv, rw->a.hi);
                if (s > 0) {
                    csv_num(csv, rw->d.mean);
                    csv_num(csv, rw->d.lo);
                    csv_num(csv, rw->d.hi);
                } else {
                    fprintf(csv, ",,,");
                }
                fputc(',', csv);
                csv_str(csv, sgf_summary_table[k].unit);
                fprintf(csv, ",%d,", reps);
                if (s > 0) fprintf(csv, "%d", rw->d.n);
                fprintf(csv, ",%s\n", interval_name(k));
            }
        }
        if (cond && j + 1 < nmetrics) printf("%-28s (over the runs where it happened)\n", "");
    }
    printf("\n");
    if (starred) printf("* the 95 %% interval of the paired difference excludes zero\n");
    if (conditional)
        printf("n=k/N: the metric has a value in k of the N runs (\"never\" is no value); the "
               "difference pairs the runs where both have one\n");
    printf("intervals: %% of runs: Wilson (difference: Newcombe, paired); [0,1] metrics: "
           "Student's t clipped to the range; others: Student's t\n");
done:
    if (csv && fclose(csv) != 0) {
        fprintf(stderr, "sgf compare: cannot write %s\n", csv_path);
        rc = 1;
    }
    for (int s = 0; s < loaded; s++) sgf_world_def_free(&defs[s]);
    free(res);
    free(vals);
    free(diff);
    free(rows);
    return rc;
}
