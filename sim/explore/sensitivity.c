/* sensitivity.c: global sensitivity analysis on the sweep engine
 * (sgf_explore.h, docs/exploration.md).
 *
 * A sensitivity file is a sweep file whose design comes from a method. This
 * module reads the method's settings, tells the sweep how many points there
 * are and where each lies in the unit cube (sgf_sweep_given_design), and,
 * once the sweep engine has made runs.csv, computes the indices from it:
 *
 * - Morris (1991) elementary effects: r trajectories of d + 1 points on a
 *   grid of p levels, each moving one factor by delta = p / (2 (p - 1)) of
 *   its range; EE = (y after - y before) / (+-delta), so effects are per
 *   whole range. mu, mu* = mean |EE| (Campolongo et al. 2007) and sigma.
 *   With `candidates = M`, r of M random trajectories are kept by greedy
 *   elimination of the one whose distances to the others (Campolongo's
 *   point-to-point sum) add least, an approximation of their optimal spread.
 * - Sobol indices by Saltelli's scheme (Saltelli 2002; Saltelli et al. 2010):
 *   matrices A and B from the first and second d coordinates of a Sobol
 *   sequence (sobol.c) under a random digital shift keyed by the master seed,
 *   and A_B^j (A with column j of B); N (d + 2) points. Jansen's estimators
 *   (Saltelli et al. 2010, table 2): V_j = V - mean((f(B) - f(A_B^j))^2) / 2,
 *   S1_j = V_j / V; ST_j = mean((f(A) - f(A_B^j))^2) / 2 / V, with V the
 *   variance of f over A and B together.
 * - Stochasticity: n points of the Sobol sequence, each replicated; one-way
 *   analysis of variance into the variance between replications at a point
 *   (W, the mean of the points' sample variances) and between points
 *   (var of the point means - W / R), and the replications a point needs for
 *   a 95 % interval of its mean within +- precision x |mean|: (1.96 s / (h |m|))^2.
 * - One at a time: the centre of every range, then each factor at its two
 *   ends with the others at the centre (the tornado chart's data).
 *
 * A point's value is the mean of its ok replications; a sample that lacks
 * one of its points (every replication failed) is left out of the estimate.
 * Intervals are bootstrap percentile intervals (95 %, `bootstrap` resamples
 * of the trajectories, samples or points, drawn from the master seed), so
 * indices.csv too is a pure function of the file.
 */
#include <errno.h>
#include <inttypes.h>
#include <libconfig.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/alloc.h"
#include "explore/runs_csv.h"
#include "explore/sobol.h"
#include "sgf/sgf.h"
#include "sgf/sgf_batch.h"
#include "sgf/sgf_explore.h"

#define TAG_MORRIS 0x4d4f525249533031ull /* "MORRIS01" */
#define TAG_SHIFT 0x534f424f4c534831ull  /* "SOBOLSH1" */
#define TAG_BOOT 0x424f4f5453545231ull   /* "BOOTSTR1" */
#define SA_MAX_FACTORS 64

static const char *const method_names[SGF_SA_METHOD_COUNT] = {"morris", "sobol", "stochasticity",
                                                              "one_at_a_time"};

const char *sgf_sa_method_name(sgf_sa_method m)
{
    return (unsigned)m < SGF_SA_METHOD_COUNT ? method_names[m] : "unknown";
}

struct sgf_sensitivity {
    sgf_sa_method method;
    int d;
    int levels, trajectories, candidates;
    uint64_t samples;
    int bootstrap;
    double precision;
    double delta; /* Morris step in the unit cube */
    sgf_sweep *sw;
    sgf_sweep_given_design given;
    char given_name[64];
    /* Sobol and stochasticity */
    sgf_sobol sobol;
    uint32_t shift[SGF_SOBOL_MAX_DIMS];
    /* Morris: per kept trajectory t and factor j */
    double *start;     /* unit coordinate at step 0 */
    signed char *sign; /* +1 up, -1 down */
    int *rank;         /* the step (1..d) at which j moves */
};

/* ---- the design -------------------------------------------------------------- */

static double sobol_u(const sgf_sensitivity *sa, uint64_t index, int dim)
{
    uint32_t x = sgf_sobol_bits(&sa->sobol, index, dim) ^ sa->shift[dim];
    return ((double)x + 0.5) / 4294967296.0;
}

static double unit_of(const void *user, uint64_t point, int j)
{
    const sgf_sensitivity *sa = user;
    int d = sa->d;
    switch (sa->method) {
    case SGF_SA_MORRIS: {
        uint64_t t = point / (uint64_t)(d + 1);
        int s = (int)(point % (uint64_t)(d + 1));
        size_t k = (size_t)t * (size_t)d + (size_t)j;
        return sa->start[k] + (s >= sa->rank[k] ? sa->sign[k] * sa->delta : 0.0);
    }
    case SGF_SA_SOBOL: {
        uint64_t i = point / (uint64_t)(d + 2);
        int r = (int)(point % (uint64_t)(d + 2));
        bool from_b = r == 1 || r == 2 + j;
        return sobol_u(sa, i, from_b ? d + j : j);
    }
    case SGF_SA_STOCHASTICITY:
        return sobol_u(sa, point, j);
    case SGF_SA_ONE_AT_A_TIME:
    default:
        if (point == 0 || (int)((point - 1) / 2) != j) return 0.5;
        return point % 2 == 1 ? 0.0 : 1.0;
    }
}

static uint64_t point_count(const sgf_sensitivity *sa)
{
    uint64_t d = (uint64_t)sa->d;
    switch (sa->method) {
    case SGF_SA_MORRIS:
        return (uint64_t)sa->trajectories * (d + 1);
    case SGF_SA_SOBOL:
        return sa->samples * (d + 2);
    case SGF_SA_STOCHASTICITY:
        return sa->samples;
    case SGF_SA_ONE_AT_A_TIME:
    default:
        return 1 + 2 * d;
    }
}

/* Random trajectory c: start, signs and ranks into the arrays at slot. */
static void morris_candidate(const sgf_sensitivity *sa, uint64_t seed, uint64_t c, double *start,
                             signed char *sign, int *rank)
{
    int d = sa->d, half = sa->levels / 2;
    sgf_rng r;
    sgf_rng_derive(&r, seed ^ TAG_MORRIS, c, SGF_STREAM_SWEEP);
    int order[SA_MAX_FACTORS];
    for (int j = 0; j < d; j++) {
        double base = (double)sgf_rng_bounded(&r, (uint32_t)half) / (double)(sa->levels - 1);
        bool up = sgf_rng_bernoulli(&r, 0.5);
        sign[j] = up ? 1 : -1;
        start[j] = up ? base : base + sa->delta;
        order[j] = j;
    }
    for (int j = d - 1; j > 0; j--) {
        int k = (int)sgf_rng_bounded(&r, (uint32_t)(j + 1));
        int t = order[j];
        order[j] = order[k];
        order[k] = t;
    }
    for (int s = 0; s < d; s++) rank[order[s]] = s + 1;
}

/* Campolongo's distance between two trajectories: the sum over their point
 * pairs of the Euclidean distance. */
static double traj_distance(int d, const double *s1, const signed char *g1, const int *r1,
                            const double *s2, const signed char *g2, const int *r2, double delta)
{
    double total = 0;
    for (int a = 0; a <= d; a++)
        for (int b = 0; b <= d; b++) {
            double q = 0;
            for (int j = 0; j < d; j++) {
                double x = s1[j] + (a >= r1[j] ? g1[j] * delta : 0);
                double y = s2[j] + (b >= r2[j] ? g2[j] * delta : 0);
                q += (x - y) * (x - y);
            }
            total += sqrt(q);
        }
    return total;
}

static bool morris_build(sgf_sensitivity *sa, uint64_t seed)
{
    int d = sa->d, r = sa->trajectories;
    int m = sa->candidates > r ? sa->candidates : r;
    size_t n = (size_t)m * (size_t)d;
    double *start = sgf_malloc(n * sizeof *start);
    signed char *sign = sgf_malloc(n);
    int *rank = sgf_malloc(n * sizeof *rank);
    bool *gone = sgf_calloc((size_t)m, 1);
    double *dist = m > r ? sgf_malloc((size_t)m * (size_t)m * sizeof *dist) : NULL;
    bool ok = start && sign && rank && gone && (m == r || dist);
    for (int c = 0; ok && c < m; c++)
        morris_candidate(sa, seed, (uint64_t)c, start + (size_t)c * d, sign + (size_t)c * d,
                         rank + (size_t)c * d);
    if (ok && m > r) {
        for (int a = 0; a < m; a++) {
            dist[(size_t)a * m + a] = 0;
            for (int b = a + 1; b < m; b++) {
                size_t ia = (size_t)a * d, ib = (size_t)b * d;
                double x = traj_distance(d, start + ia, sign + ia, rank + ia, start + ib, sign + ib,
                                         rank + ib, sa->delta);
                dist[(size_t)a * m + b] = dist[(size_t)b * m + a] = x * x;
            }
        }
        /* Drop, one at a time, the trajectory that adds least to the spread. */
        for (int left = m; left > r; left--) {
            int worst = -1;
            double worst_sum = INFINITY;
            for (int a = 0; a < m; a++) {
                if (gone[a]) continue;
                double s = 0;
                for (int b = 0; b < m; b++)
                    if (!gone[b]) s += dist[(size_t)a * m + b];
                if (s < worst_sum) worst_sum = s, worst = a;
            }
            gone[worst] = true;
        }
        int t = 0;
        for (int c = 0; c < m; c++) {
            if (gone[c]) continue;
            memmove(start + (size_t)t * d, start + (size_t)c * d, (size_t)d * sizeof *start);
            memmove(sign + (size_t)t * d, sign + (size_t)c * d, (size_t)d);
            memmove(rank + (size_t)t * d, rank + (size_t)c * d, (size_t)d * sizeof *rank);
            t++;
        }
    }
    sgf_free(gone);
    sgf_free(dist);
    sa->start = start;
    sa->sign = sign;
    sa->rank = rank;
    return ok;
}

/* ---- loading ------------------------------------------------------------------ */

static sgf_status fail(sgf_diag *d, const char *file, const config_setting_t *s, const char *fmt,
                       ...) __attribute__((format(printf, 4, 5)));
static sgf_status fail(sgf_diag *d, const char *file, const config_setting_t *s, const char *fmt,
                       ...)
{
    memset(d, 0, sizeof *d);
    snprintf(d->file, sizeof d->file, "%s", file);
    d->line = s ? (int)config_setting_source_line(s) : 0;
    if (s && config_setting_name(s))
        snprintf(d->path, sizeof d->path, "%s", config_setting_name(s));
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->message, sizeof d->message, fmt, ap);
    va_end(ap);
    return SGF_ERR_SCENARIO;
}

/* An optional whole number in [lo, hi]. */
static sgf_status get_int(const config_setting_t *root, const char *name, long long lo,
                          long long hi, long long *v, bool *given, sgf_diag *d, const char *file)
{
    const config_setting_t *s = config_setting_get_member(root, name);
    *given = s != NULL;
    if (!s) return SGF_OK;
    int t = config_setting_type(s);
    if (t != CONFIG_TYPE_INT && t != CONFIG_TYPE_INT64)
        return fail(d, file, s, "wrong type: expected a whole number");
    long long x = config_setting_get_int64(s);
    if (x < lo || x > hi) return fail(d, file, s, "%lld is out of range [%lld, %lld]", x, lo, hi);
    *v = x;
    return SGF_OK;
}

static sgf_status read_method(sgf_sensitivity *sa, const config_setting_t *root, const char *file,
                              sgf_diag *d)
{
    const config_setting_t *ms = config_setting_get_member(root, "method");
    if (!ms)
        return fail(d, file, root,
                    "missing 'method': one of morris, sobol, stochasticity, one_at_a_time");
    if (config_setting_type(ms) != CONFIG_TYPE_STRING)
        return fail(d, file, ms, "wrong type: expected a string such as \"sobol\"");
    const char *m = config_setting_get_string(ms);
    int k = -1;
    for (int i = 0; i < SGF_SA_METHOD_COUNT; i++)
        if (strcmp(m, method_names[i]) == 0) k = i;
    if (k < 0)
        return fail(d, file, ms,
                    "unknown method '%s' (one of: morris, sobol, stochasticity, one_at_a_time)", m);
    sa->method = (sgf_sa_method)k;
    /* Settings of other methods are mistakes, not silently ignored. */
    static const struct {
        const char *key;
        unsigned methods; /* bit per method */
    } owners[] = {{"trajectories", 1u << SGF_SA_MORRIS},
                  {"levels", 1u << SGF_SA_MORRIS},
                  {"candidates", 1u << SGF_SA_MORRIS},
                  {"samples", (1u << SGF_SA_SOBOL) | (1u << SGF_SA_STOCHASTICITY)},
                  {"precision", 1u << SGF_SA_STOCHASTICITY}};
    for (size_t i = 0; i < sizeof owners / sizeof *owners; i++) {
        const config_setting_t *s = config_setting_get_member(root, owners[i].key);
        if (s && !(owners[i].methods & (1u << sa->method)))
            return fail(d, file, s, "'%s' is not a setting of method \"%s\"", owners[i].key, m);
    }
    long long v;
    bool given;
    sgf_status st;
    v = 10;
    if ((st = get_int(root, "trajectories", 2, 100000, &v, &given, d, file)) != SGF_OK) return st;
    sa->trajectories = (int)v;
    v = 4;
    if ((st = get_int(root, "levels", 2, 100, &v, &given, d, file)) != SGF_OK) return st;
    if (v % 2)
        return fail(d, file, config_setting_get_member(root, "levels"),
                    "levels must be even (Morris's delta = p / (2 (p - 1)) lands on the grid)");
    sa->levels = (int)v;
    sa->delta = (double)sa->levels / (2.0 * (double)(sa->levels - 1));
    v = 0;
    if ((st = get_int(root, "candidates", 0, 2000, &v, &given, d, file)) != SGF_OK) return st;
    if (given && v <= sa->trajectories)
        return fail(d, file, config_setting_get_member(root, "candidates"),
                    "candidates (%lld) must exceed trajectories (%d): r of them are kept", v,
                    sa->trajectories);
    sa->candidates = (int)v;
    v = sa->method == SGF_SA_SOBOL ? 512 : 20;
    if ((st = get_int(root, "samples", 2, (long long)1 << 24, &v, &given, d, file)) != SGF_OK)
        return st;
    sa->samples = (uint64_t)v;
    v = 1000;
    if ((st = get_int(root, "bootstrap", 0, 100000, &v, &given, d, file)) != SGF_OK) return st;
    sa->bootstrap = (int)v;
    sa->precision = 0.05;
    const config_setting_t *ps = config_setting_get_member(root, "precision");
    if (ps) {
        if (config_setting_type(ps) != CONFIG_TYPE_FLOAT)
            return fail(d, file, ps, "wrong type: expected a number such as 0.05");
        sa->precision = config_setting_get_float(ps);
        if (!(sa->precision > 0 && sa->precision < 10))
            return fail(d, file, ps, "precision must be above 0 (a share of the mean, 0.05)");
    }
    const config_setting_t *vary = config_setting_get_member(root, "vary");
    sa->d = vary ? config_setting_length(vary) : 0;
    if (sa->d > SA_MAX_FACTORS)
        return fail(d, file, vary, "%d factors; at most %d can vary in a sensitivity analysis",
                    sa->d, SA_MAX_FACTORS);
    return SGF_OK;
}

sgf_status sgf_sensitivity_load(const char *path, int ticks, sgf_sensitivity **out, sgf_diag *diag)
{
    static const char *const extra[] = {"method",  "trajectories", "levels",   "candidates",
                                        "samples", "bootstrap",    "precision"};
    sgf_diag scratch;
    if (!diag) diag = &scratch;
    memset(diag, 0, sizeof *diag);
    *out = NULL;
    sgf_sensitivity *sa = sgf_calloc(1, sizeof *sa);
    if (!sa) return SGF_ERR_NOMEM;
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    config_t cfg;
    config_init(&cfg);
    config_set_auto_convert(&cfg, CONFIG_FALSE);
    config_set_include_dir(&cfg, dir);
    sgf_status st = sgf_scenario_check_includes(path, NULL, path, dir, diag);
    FILE *f = st == SGF_OK ? fopen(path, "r") : NULL;
    if (st != SGF_OK) {
        /* diag says why */
    } else if (!f) {
        st = fail(diag, path, NULL, "cannot read the sensitivity file: %s", strerror(errno));
    } else if (!config_read(&cfg, f)) {
        st = fail(diag, config_error_file(&cfg) ? config_error_file(&cfg) : path, NULL, "%s",
                  config_error_text(&cfg) ? config_error_text(&cfg) : "syntax error");
        diag->line = config_error_line(&cfg);
    } else {
        st = read_method(sa, config_root_setting(&cfg), path, diag);
    }
    if (f) fclose(f);
    config_destroy(&cfg);
    if (st == SGF_OK) {
        snprintf(sa->given_name, sizeof sa->given_name, "%s", method_names[sa->method]);
        sa->given.name = sa->given_name;
        sa->given.points = sa->d > 0 ? point_count(sa) : 1;
        sa->given.unit = unit_of;
        sa->given.user = sa;
        char id[160];
        snprintf(id, sizeof id, "%s d%d p%d r%d c%d n%" PRIu64, method_names[sa->method], sa->d,
                 sa->levels, sa->trajectories, sa->candidates, sa->samples);
        uint64_t h = 0xcbf29ce484222325ull;
        for (const char *s = id; *s; s++) h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
        sa->given.identity = h;
        sgf_sweep_load_opts o = {.ticks = ticks,
                                 .extra_keys = extra,
                                 .extra_key_count = (int)(sizeof extra / sizeof *extra),
                                 .given = &sa->given,
                                 .test_models = true};
        st = sgf_sweep_load_with(path, &o, &sa->sw, diag);
    }
    if (st == SGF_OK && sa->method == SGF_SA_STOCHASTICITY && sgf_sweep_replications(sa->sw) < 2)
        st = fail(diag, path, NULL,
                  "setting 'replications': method \"stochasticity\" needs 2 or more replications");
    if (st == SGF_OK && sa->method == SGF_SA_SOBOL && 2 * sa->d > SGF_SOBOL_MAX_DIMS)
        st = fail(diag, path, NULL, "too many factors for the Sobol table");
    if (st == SGF_OK) {
        uint64_t seed = sgf_sweep_seed(sa->sw);
        sgf_sobol_init(&sa->sobol, sa->method == SGF_SA_SOBOL ? 2 * sa->d : sa->d);
        for (int j = 0; j < SGF_SOBOL_MAX_DIMS; j++)
            sa->shift[j] = (uint32_t)(sgf_hash64(sgf_hash64(seed ^ TAG_SHIFT) + (uint64_t)j) >> 32);
        if (sa->method == SGF_SA_MORRIS && !morris_build(sa, seed)) st = SGF_ERR_NOMEM;
    }
    if (st != SGF_OK) {
        sgf_sensitivity_destroy(sa);
        return st;
    }
    *out = sa;
    return SGF_OK;
}

void sgf_sensitivity_destroy(sgf_sensitivity *sa)
{
    if (!sa) return;
    sgf_sweep_destroy(sa->sw);
    sgf_free(sa->start);
    sgf_free(sa->sign);
    sgf_free(sa->rank);
    sgf_free(sa);
}

const sgf_sweep *sgf_sensitivity_sweep(const sgf_sensitivity *sa)
{
    return sa->sw;
}

sgf_sa_method sgf_sensitivity_method(const sgf_sensitivity *sa)
{
    return sa->method;
}

void sgf_sensitivity_write_plan(FILE *f, const sgf_sensitivity *sa)
{
    uint64_t reps = sgf_sweep_replications(sa->sw);
    fprintf(f, "sensitivity: method %s, %d factors\n", method_names[sa->method], sa->d);
    switch (sa->method) {
    case SGF_SA_MORRIS:
        fprintf(f, "  %d trajectories x (%d + 1) points, %d levels, delta %.4g", sa->trajectories,
                sa->d, sa->levels, sa->delta);
        if (sa->candidates) fprintf(f, ", kept from %d candidates", sa->candidates);
        fprintf(f, "\n");
        break;
    case SGF_SA_SOBOL:
        fprintf(f, "  Saltelli: N = %" PRIu64 " samples x (%d + 2) = %" PRIu64 " points\n",
                sa->samples, sa->d, point_count(sa));
        break;
    case SGF_SA_STOCHASTICITY:
        fprintf(f, "  %" PRIu64 " points x %" PRIu64 " replications, precision %g of the mean\n",
                sa->samples, reps, sa->precision);
        break;
    default:
        fprintf(f, "  the centre + 2 ends x %d factors = %" PRIu64 " points\n", sa->d,
                point_count(sa));
    }
    fprintf(f, "  %" PRIu64 " replication%s per point, %d bootstrap resamples\n", reps,
            reps == 1 ? "" : "s", sa->bootstrap);
}

/* ---- the analysis --------------------------------------------------------------- */

typedef struct out_file {
    FILE *f;
    char tmp[4200], final[4200];
} out_file;

static void put_row(FILE *f, const char *method, const char *factor, const char *metric,
                    const char *stat, double value, double lo, double hi)
{
    char a[40], b[40], c[40];
    bool quote = strchr(factor, ',') || strchr(factor, '"');
    if (quote) {
        fprintf(f, "%s,\"", method);
        for (const char *s = factor; *s; s++) fprintf(f, *s == '"' ? "\"\"" : "%c", *s);
        fprintf(f, "\",");
    } else {
        fprintf(f, "%s,%s,", method, factor);
    }
    fprintf(f, "%s,%s,%s,%s,%s\n", metric, stat, sgf_sweep_format_number(value, a, sizeof a),
            sgf_sweep_format_number(lo, b, sizeof b), sgf_sweep_format_number(hi, c, sizeof c));
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y ? 1 : 0;
}

/* The q-quantile of the finite values among v[0..n) (sorted in place). */
static double quantile(double *v, int n, double q)
{
    int m = 0;
    for (int i = 0; i < n; i++)
        if (isfinite(v[i])) v[m++] = v[i];
    if (m == 0) return NAN;
    qsort(v, (size_t)m, sizeof *v, cmp_double);
    double pos = q * (m - 1);
    int i = (int)pos;
    double frac = pos - i;
    return i + 1 < m ? v[i] * (1 - frac) + v[i + 1] * frac : v[i];
}

/* Per point and metric: the mean of the ok replications, and their sample
 * variance; NaN where none (or fewer than two) are ok. */
typedef struct point_stats {
    uint64_t points;
    int metrics;
    double *mean, *var;
    int *n;
} point_stats;

static sgf_status read_points(const sgf_sensitivity *sa, const char *dir, point_stats *ps,
                              char **metric_names, char *err, size_t err_size)
{
    sgf_runs_csv r;
    if (!sgf_runs_csv_open(&r, dir, err, err_size)) return SGF_ERR_USAGE;
    ps->points = sgf_sweep_point_count(sa->sw);
    ps->metrics = r.metric_count;
    size_t n = (size_t)ps->points * (size_t)ps->metrics;
    ps->mean = sgf_calloc(n ? n : 1, sizeof *ps->mean);
    ps->var = sgf_calloc(n ? n : 1, sizeof *ps->var);
    ps->n = sgf_calloc(n ? n : 1, sizeof *ps->n);
    if (!ps->mean || !ps->var || !ps->n) {
        sgf_runs_csv_close(&r);
        snprintf(err, err_size, "out of memory");
        return SGF_ERR_NOMEM;
    }
    for (int k = 0; k < ps->metrics; k++) {
        const char *nm = sgf_runs_csv_metric_name(&r, k);
        size_t len = strlen(nm);
        metric_names[k] = sgf_malloc(len + 1);
        if (metric_names[k]) memcpy(metric_names[k], nm, len + 1);
    }
    /* Welford per cell, in run order: the same sums on every machine. */
    uint64_t rows = 0;
    int got;
    while ((got = sgf_runs_csv_next(&r, err, err_size)) == 1) {
        rows++;
        if (r.point >= ps->points) {
            snprintf(err, err_size, "runs.csv:%ld: point %" PRIu64 " is not in the design",
                     r.lineno, r.point);
            got = -1;
            break;
        }
        if (!r.ok) continue;
        for (int k = 0; k < ps->metrics; k++) {
            double x = sgf_runs_csv_metric(&r, k);
            if (!isfinite(x)) continue;
            size_t c = (size_t)r.point * (size_t)ps->metrics + (size_t)k;
            int m = ++ps->n[c];
            double delta = x - ps->mean[c];
            ps->mean[c] += delta / m;
            ps->var[c] += delta * (x - ps->mean[c]);
        }
    }
    sgf_runs_csv_close(&r);
    if (got < 0) return SGF_ERR_USAGE;
    if (rows != sgf_sweep_run_count(sa->sw)) {
        snprintf(err, err_size,
                 "%s/runs.csv has %" PRIu64 " of the %" PRIu64
                 " runs: finish the sweep (--resume) or merge its shards first",
                 dir, rows, sgf_sweep_run_count(sa->sw));
        return SGF_ERR_USAGE;
    }
    for (size_t c = 0; c < n; c++) {
        if (ps->n[c] == 0) ps->mean[c] = NAN;
        ps->var[c] = ps->n[c] >= 2 ? ps->var[c] / (ps->n[c] - 1) : NAN;
    }
    return SGF_OK;
}

static double cell(const point_stats *ps, uint64_t point, int k)
{
    return ps->mean[(size_t)point * (size_t)ps->metrics + (size_t)k];
}

/* Resample indices: boot b's draw i, from the master seed and the metric. */
static void boot_rng(const sgf_sensitivity *sa, int metric, int b, sgf_rng *r)
{
    sgf_rng_derive(r, sgf_sweep_seed(sa->sw) ^ TAG_BOOT, (uint64_t)metric, SGF_STREAM_SWEEP);
    sgf_rng_substream(r, r, (uint64_t)b);
}

static const char *factor_name(const sgf_sensitivity *sa, int j)
{
    return sgf_sweep_param_path(sa->sw, j);
}

/* Morris: EE[t][j] for metric k (NaN where a point is missing). */
static void morris_effects(const sgf_sensitivity *sa, const point_stats *ps, int k, double *ee)
{
    int d = sa->d;
    for (int t = 0; t < sa->trajectories; t++)
        for (int j = 0; j < d; j++) {
            size_t idx = (size_t)t * d + j;
            int s = sa->rank[idx];
            uint64_t p1 = (uint64_t)t * (uint64_t)(d + 1) + (uint64_t)s;
            double y1 = cell(ps, p1, k), y0 = cell(ps, p1 - 1, k);
            ee[idx] = (y1 - y0) / (sa->sign[idx] * sa->delta);
        }
}

static void morris_stats(const double *ee, int r, int d, int j, const int *pick, double *mu,
                         double *mustar, double *sigma)
{
    double s = 0, sa = 0;
    int n = 0;
    for (int t = 0; t < r; t++) {
        double x = ee[(size_t)(pick ? pick[t] : t) * d + j];
        if (!isfinite(x)) continue;
        s += x;
        sa += fabs(x);
        n++;
    }
    *mu = n ? s / n : NAN;
    *mustar = n ? sa / n : NAN;
    double q = 0;
    for (int t = 0; t < r; t++) {
        double x = ee[(size_t)(pick ? pick[t] : t) * d + j];
        if (isfinite(x)) q += (x - *mu) * (x - *mu);
    }
    *sigma = n >= 2 ? sqrt(q / (n - 1)) : NAN;
}

static bool analyse_morris(const sgf_sensitivity *sa, const point_stats *ps, char **names, FILE *f)
{
    int d = sa->d, r = sa->trajectories, B = sa->bootstrap;
    double *ee = sgf_malloc((size_t)r * d * sizeof *ee);
    double *boot = sgf_malloc((size_t)(B ? B : 1) * 3 * sizeof *boot);
    int *pick = sgf_malloc((size_t)r * sizeof *pick);
    if (!ee || !boot || !pick) {
        sgf_free(ee), sgf_free(boot), sgf_free(pick);
        return false;
    }
    for (int k = 0; k < ps->metrics; k++) {
        morris_effects(sa, ps, k, ee);
        for (int j = 0; j < d; j++) {
            double mu, ms, sg;
            morris_stats(ee, r, d, j, NULL, &mu, &ms, &sg);
            for (int b = 0; b < B; b++) {
                sgf_rng g;
                boot_rng(sa, k, b, &g);
                for (int t = 0; t < r; t++) pick[t] = (int)sgf_rng_bounded(&g, (uint32_t)r);
                morris_stats(ee, r, d, j, pick, &boot[b], &boot[B + b], &boot[2 * B + b]);
            }
            double v[3] = {mu, ms, sg};
            static const char *const stat[3] = {"mu", "mu_star", "sigma"};
            for (int q = 0; q < 3; q++) {
                double lo = B ? quantile(boot + (size_t)q * B, B, 0.025) : NAN;
                double hi = B ? quantile(boot + (size_t)q * B, B, 0.975) : NAN;
                put_row(f, "morris", factor_name(sa, j), names[k], stat[q], v[q], lo, hi);
            }
        }
    }
    sgf_free(ee), sgf_free(boot), sgf_free(pick);
    return true;
}

/* Sobol: S1 and ST of every factor from the samples in pick (or all). */
static void sobol_indices(const sgf_sensitivity *sa, const point_stats *ps, int k,
                          const uint64_t *pick, uint64_t n, double *s1, double *st,
                          double *variance)
{
    int d = sa->d;
    uint64_t stride = (uint64_t)(d + 2);
    double mean = 0, m2 = 0;
    uint64_t cnt = 0;
    for (uint64_t q = 0; q < n; q++) {
        uint64_t i = pick ? pick[q] : q;
        for (int r = 0; r < 2; r++) {
            double y = cell(ps, i * stride + (uint64_t)r, k);
            cnt++;
            double delta = y - mean;
            mean += delta / (double)cnt;
            m2 += delta * (y - mean);
        }
    }
    double V = cnt > 1 ? m2 / (double)(cnt - 1) : NAN;
    *variance = V;
    for (int j = 0; j < d; j++) {
        double sb = 0, sa2 = 0;
        for (uint64_t q = 0; q < n; q++) {
            uint64_t i = pick ? pick[q] : q;
            double fa = cell(ps, i * stride, k), fb = cell(ps, i * stride + 1, k);
            double fab = cell(ps, i * stride + 2 + (uint64_t)j, k);
            sb += (fb - fab) * (fb - fab);
            sa2 += (fa - fab) * (fa - fab);
        }
        s1[j] = V > 0 ? (V - sb / (2.0 * (double)n)) / V : NAN;
        st[j] = V > 0 ? sa2 / (2.0 * (double)n) / V : NAN;
    }
}

static bool analyse_sobol(const sgf_sensitivity *sa, const point_stats *ps, char **names, FILE *f)
{
    int d = sa->d, B = sa->bootstrap;
    uint64_t N = sa->samples, stride = (uint64_t)(d + 2);
    uint64_t *keep = sgf_malloc((size_t)N * sizeof *keep);
    uint64_t *pick = sgf_malloc((size_t)N * sizeof *pick);
    double *bs1 = sgf_malloc((size_t)(B ? B : 1) * (size_t)(d + 1) * sizeof *bs1);
    double *bst = sgf_malloc((size_t)(B ? B : 1) * (size_t)d * sizeof *bst);
    double s1[SA_MAX_FACTORS], st[SA_MAX_FACTORS], V;
    bool ok = keep && pick && bs1 && bst;
    for (int k = 0; ok && k < ps->metrics; k++) {
        /* The complete samples. */
        uint64_t n = 0;
        for (uint64_t i = 0; i < N; i++) {
            bool whole = true;
            for (uint64_t r = 0; r < stride && whole; r++)
                whole = isfinite(cell(ps, i * stride + r, k));
            if (whole) keep[n++] = i;
        }
        if (n < 2) {
            put_row(f, "sobol", "(all)", names[k], "samples", (double)n, NAN, NAN);
            continue;
        }
        sobol_indices(sa, ps, k, keep, n, s1, st, &V);
        double sum = 0;
        for (int j = 0; j < d; j++) sum += s1[j];
        for (int b = 0; b < B; b++) {
            sgf_rng g;
            boot_rng(sa, k, b, &g);
            for (uint64_t q = 0; q < n; q++)
                pick[q] = keep[sgf_rng_bounded(&g, (uint32_t)(n < UINT32_MAX ? n : UINT32_MAX))];
            double b1[SA_MAX_FACTORS], bt[SA_MAX_FACTORS], bv, bsum = 0;
            sobol_indices(sa, ps, k, pick, n, b1, bt, &bv);
            for (int j = 0; j < d; j++) {
                bs1[(size_t)j * B + b] = b1[j];
                bst[(size_t)j * B + b] = bt[j];
                bsum += b1[j];
            }
            bs1[(size_t)d * B + b] = bsum;
        }
        for (int j = 0; j < d; j++) {
            double *a = bs1 + (size_t)j * B, *t = bst + (size_t)j * B;
            put_row(f, "sobol", factor_name(sa, j), names[k], "S1", s1[j],
                    B ? quantile(a, B, 0.025) : NAN, B ? quantile(a, B, 0.975) : NAN);
            put_row(f, "sobol", factor_name(sa, j), names[k], "ST", st[j],
                    B ? quantile(t, B, 0.025) : NAN, B ? quantile(t, B, 0.975) : NAN);
        }
        double *a = bs1 + (size_t)d * B;
        put_row(f, "sobol", "(all)", names[k], "sum_S1", sum, B ? quantile(a, B, 0.025) : NAN,
                B ? quantile(a, B, 0.975) : NAN);
        put_row(f, "sobol", "(all)", names[k], "variance", V, NAN, NAN);
        put_row(f, "sobol", "(all)", names[k], "samples", (double)n, NAN, NAN);
    }
    sgf_free(keep), sgf_free(pick), sgf_free(bs1), sgf_free(bst);
    return ok;
}

/* One-way variance components over the points in pick (or all). */
static void stoch_components(const point_stats *ps, int k, const uint64_t *pick, uint64_t n,
                             double *within, double *between, double *reps)
{
    double w = 0, mean = 0, m2 = 0, nr = 0;
    uint64_t cnt = 0;
    for (uint64_t q = 0; q < n; q++) {
        uint64_t p = pick ? pick[q] : q;
        size_t c = (size_t)p * (size_t)ps->metrics + (size_t)k;
        if (!isfinite(ps->var[c])) continue;
        cnt++;
        w += ps->var[c];
        nr += ps->n[c];
        double delta = ps->mean[c] - mean;
        mean += delta / (double)cnt;
        m2 += delta * (ps->mean[c] - mean);
    }
    *within = cnt ? w / (double)cnt : NAN;
    *reps = cnt ? nr / (double)cnt : NAN;
    double vb = cnt > 1 ? m2 / (double)(cnt - 1) : NAN;
    double b = vb - *within / *reps;
    *between = b > 0 ? b : 0;
}

static bool analyse_stochasticity(const sgf_sensitivity *sa, const point_stats *ps, char **names,
                                  FILE *f)
{
    uint64_t n = ps->points;
    int B = sa->bootstrap;
    uint64_t *pick = sgf_malloc((size_t)n * sizeof *pick);
    double *boot = sgf_malloc((size_t)(B ? B : 1) * sizeof *boot);
    double *need = sgf_malloc((size_t)n * sizeof *need);
    bool ok = pick && boot && need;
    for (int k = 0; ok && k < ps->metrics; k++) {
        double w, b, r;
        stoch_components(ps, k, NULL, n, &w, &b, &r);
        double share = w + b > 0 ? w / (w + b) : NAN;
        for (int q = 0; q < B; q++) {
            sgf_rng g;
            boot_rng(sa, k, q, &g);
            for (uint64_t i = 0; i < n; i++) pick[i] = sgf_rng_bounded(&g, (uint32_t)n);
            double bw, bb, br;
            stoch_components(ps, k, pick, n, &bw, &bb, &br);
            boot[q] = bw + bb > 0 ? bw / (bw + bb) : NAN;
        }
        int m = 0;
        for (uint64_t p = 0; p < n; p++) {
            size_t c = (size_t)p * (size_t)ps->metrics + (size_t)k;
            double mu = ps->mean[c], s2 = ps->var[c];
            if (!isfinite(s2) || !(fabs(mu) > 0)) continue;
            double h = sa->precision * fabs(mu);
            double x = ceil(1.96 * 1.96 * s2 / (h * h));
            need[m++] = x < 1 ? 1 : x;
        }
        put_row(f, "stochasticity", "(all)", names[k], "variance_within", w, NAN, NAN);
        put_row(f, "stochasticity", "(all)", names[k], "variance_between", b, NAN, NAN);
        put_row(f, "stochasticity", "(all)", names[k], "share_within", share,
                B ? quantile(boot, B, 0.025) : NAN, B ? quantile(boot, B, 0.975) : NAN);
        double med = m ? quantile(need, m, 0.5) : NAN;
        double mx = m ? need[m - 1] : NAN; /* sorted by quantile */
        put_row(f, "stochasticity", "(all)", names[k], "replications_needed_median", med, NAN, NAN);
        put_row(f, "stochasticity", "(all)", names[k], "replications_needed_max", mx, NAN, NAN);
    }
    sgf_free(pick), sgf_free(boot), sgf_free(need);
    return ok;
}

static void mean_interval(const point_stats *ps, uint64_t p, int k, double *m, double *half)
{
    size_t c = (size_t)p * (size_t)ps->metrics + (size_t)k;
    *m = ps->mean[c];
    *half = ps->n[c] >= 2 ? sgf_t95(ps->n[c] - 1) * sqrt(ps->var[c] / ps->n[c]) : NAN;
}

static void analyse_oat(const sgf_sensitivity *sa, const point_stats *ps, char **names, FILE *f)
{
    for (int k = 0; k < ps->metrics; k++) {
        double c, hc;
        mean_interval(ps, 0, k, &c, &hc);
        put_row(f, "one_at_a_time", "(centre)", names[k], "value", c, c - hc, c + hc);
        for (int j = 0; j < sa->d; j++) {
            double lo, hl, hi, hh;
            mean_interval(ps, 1 + 2 * (uint64_t)j, k, &lo, &hl);
            mean_interval(ps, 2 + 2 * (uint64_t)j, k, &hi, &hh);
            double hs = sqrt(hl * hl + hh * hh);
            put_row(f, "one_at_a_time", factor_name(sa, j), names[k], "low", lo, lo - hl, lo + hl);
            put_row(f, "one_at_a_time", factor_name(sa, j), names[k], "high", hi, hi - hh, hi + hh);
            put_row(f, "one_at_a_time", factor_name(sa, j), names[k], "swing", hi - lo,
                    hi - lo - hs, hi - lo + hs);
        }
    }
}

sgf_status sgf_sensitivity_analyse(const sgf_sensitivity *sa, const char *dir, char *err,
                                   size_t err_size)
{
    point_stats ps;
    memset(&ps, 0, sizeof ps);
    char *names[SGF_RUNS_MAX_COLUMNS] = {0};
    sgf_status st = read_points(sa, dir, &ps, names, err, err_size);
    out_file o;
    snprintf(o.tmp, sizeof o.tmp, "%s/.indices.csv.tmp", dir);
    snprintf(o.final, sizeof o.final, "%s/indices.csv", dir);
    o.f = NULL;
    if (st == SGF_OK) {
        for (int k = 0; k < ps.metrics; k++)
            if (!names[k]) st = SGF_ERR_NOMEM;
        o.f = st == SGF_OK ? fopen(o.tmp, "w") : NULL;
        if (st == SGF_OK && !o.f) {
            snprintf(err, err_size, "cannot write %s: %s", o.tmp, strerror(errno));
            st = SGF_ERR_IO;
        }
    }
    if (st == SGF_OK) {
        fprintf(o.f, "method,factor,metric,statistic,value,lo,hi\n");
        bool ok = true;
        switch (sa->method) {
        case SGF_SA_MORRIS:
            ok = analyse_morris(sa, &ps, names, o.f);
            break;
        case SGF_SA_SOBOL:
            ok = analyse_sobol(sa, &ps, names, o.f);
            break;
        case SGF_SA_STOCHASTICITY:
            ok = analyse_stochasticity(sa, &ps, names, o.f);
            break;
        default:
            analyse_oat(sa, &ps, names, o.f);
        }
        if (!ok) {
            snprintf(err, err_size, "out of memory");
            st = SGF_ERR_NOMEM;
        }
        bool good = fflush(o.f) == 0 && fsync(fileno(o.f)) == 0;
        good = fclose(o.f) == 0 && good;
        if (st == SGF_OK && (!good || rename(o.tmp, o.final) != 0)) {
            snprintf(err, err_size, "cannot write %s: %s", o.final, strerror(errno));
            st = SGF_ERR_IO;
        }
        if (st != SGF_OK) unlink(o.tmp);
    }
    for (int k = 0; k < SGF_RUNS_MAX_COLUMNS; k++) sgf_free(names[k]);
    sgf_free(ps.mean), sgf_free(ps.var), sgf_free(ps.n);
    return st;
}
