/* calibrate.c: calibration by approximate Bayesian computation with
 * sequential Monte Carlo (population Monte Carlo: Beaumont, Cornuet, Marin
 * and Robert 2009, with the tolerance shrinking adaptively as a quantile of
 * the distances, as Del Moral, Doucet and Jasra 2012 and Drovandi and
 * Pettitt 2011 do), on the sweep engine (sgf_explore.h, docs/exploration.md).
 *
 * The free parameters are a sweep file's `vary` ranges; their priors are
 * uniform on the unit cube the sweep maps onto the ranges (so uniform on a
 * linear range, log-uniform on a log one). Generation 0 draws `population`
 * particles from the prior. Each generation is one sweep with a given
 * design (its particles) in DIR/gen-K, so it runs on threads, is journalled
 * and resumes after a kill like any sweep. A particle's summary is the mean
 * of its ok replications per target metric; its distance
 *   d = sqrt( sum_i w_i z_i^2 / sum_i w_i ),  z_i = (mean_i - value_i) / tolerance_i
 * (for an interval target: 0 inside, the distance to the nearer end outside).
 * The generation's tolerance eps_K is the `quantile` (0.5) of its distances;
 * the particles with d <= eps_K are accepted, with importance weights
 *   W_i proportional to prior(u_i) / sum_j W_j' K(u_i | u_j')
 * over the previous generation's accepted particles j (weights W_j'), the
 * kernel K a Gaussian with diagonal covariance twice the weighted variance
 * of the previous particles, truncated to the unit cube (its normalising
 * constant in the weight, so proposals redrawn outside the cube do not bias
 * the weights). Accepted weighted particles are a sample of the ABC
 * posterior at tolerance eps_K. Generation K+1 resamples the accepted
 * particles by weight and perturbs them by the kernel; all draws come from
 * (master seed, generation, particle), so the whole calibration, like a
 * sweep, is a pure function of its file.
 *
 * The best point is the last generation's accepted particle with the
 * smallest distance; best.cfg is a scenario layer that extends the base with
 * the file's `set` and the best point's values, checked by loading it back.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include <errno.h>
#include <inttypes.h>
#include <libconfig.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/detmath.h"
#include "explore/runs_csv.h"
#include "sgf/sgf.h"
#include "sgf/sgf_explore.h"

#define TAG_ABC 0x4142435f534d4331ull /* "ABC_SMC1" */
#define CAL_MAX_TARGETS 64
#define CAL_MAX_PARAMS 64
#define CAL_MAX_GENERATIONS 50

typedef struct cal_target {
    char metric[128];
    int column; /* in runs.csv's metrics */
    double value, lo, hi, tolerance, weight;
    bool interval;
    char source[256];
} cal_target;

struct sgf_calibration {
    char path[4096], base_abs[PATH_MAX + 8];
    bool base_default;
    int ticks;
    int population, generations;
    double quantile;
    int d;
    cal_target targets[CAL_MAX_TARGETS];
    int target_count;
    char *sets[256];
    int set_count;
    /* the current generation's particles for the given design */
    const double *u;
    sgf_sweep_given_design given;
    char given_name[32];
};

static double unit_of(const void *user, uint64_t point, int j)
{
    const sgf_calibration *c = user;
    return c->u[point * (uint64_t)c->d + (uint64_t)j];
}

/* ---- loading ------------------------------------------------------------------------ */

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

static bool num(const config_setting_t *s, double *v)
{
    if (!s) return false;
    int t = config_setting_type(s);
    if (t == CONFIG_TYPE_FLOAT)
        *v = config_setting_get_float(s);
    else if (t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64)
        *v = (double)config_setting_get_int64(s);
    else
        return false;
    return isfinite(*v);
}

static sgf_status read_targets(sgf_calibration *c, const config_setting_t *ts, const char *file,
                               sgf_diag *d)
{
    if (!ts)
        return fail(
            d, file, NULL,
            "missing 'targets': a list of { metric = \"...\"; value = ...; tolerance = ...; "
            "}");
    if (!config_setting_is_list(ts) || config_setting_length(ts) == 0)
        return fail(d, file, ts, "expected a non-empty list of groups ( { metric = ...; }, ... )");
    int n = config_setting_length(ts);
    if (n > CAL_MAX_TARGETS) return fail(d, file, ts, "at most %d targets", CAL_MAX_TARGETS);
    static const char *const keys[] = {"metric", "series", "window",    "stat",   "value",
                                       "lo",     "hi",     "tolerance", "weight", "source"};
    for (int i = 0; i < n; i++) {
        const config_setting_t *e = config_setting_get_elem(ts, (unsigned)i);
        cal_target *t = &c->targets[c->target_count++];
        if (!config_setting_is_group(e)) return fail(d, file, e, "each target is a group { ... }");
        for (int k = 0; k < config_setting_length(e); k++) {
            const config_setting_t *m = config_setting_get_elem(e, (unsigned)k);
            bool known = false;
            for (size_t q = 0; q < sizeof keys / sizeof *keys; q++)
                known = known || strcmp(config_setting_name(m), keys[q]) == 0;
            if (!known)
                return fail(d, file, m,
                            "unknown setting '%s' in a target (metric, or series, window "
                            "and stat; value or lo/hi, tolerance, weight, source)",
                            config_setting_name(m));
        }
        const config_setting_t *ms = config_setting_get_member(e, "metric");
        const config_setting_t *se = config_setting_get_member(e, "series");
        const config_setting_t *wi = config_setting_get_member(e, "window");
        const config_setting_t *sa = config_setting_get_member(e, "stat");
        if (ms && (se || wi || sa))
            return fail(d, file,
                        se   ? se
                        : wi ? wi
                             : sa,
                        "give metric (a summary column) or series, window and stat (a weekly "
                        "series over a window), not both");
        if (ms) {
            if (config_setting_type(ms) != CONFIG_TYPE_STRING)
                return fail(d, file, ms, "metric must be a string (a column of summary.csv)");
            snprintf(t->metric, sizeof t->metric, "%s", config_setting_get_string(ms));
        } else if (se || wi) {
            if (!se || config_setting_type(se) != CONFIG_TYPE_STRING)
                return fail(d, file, se ? se : e,
                            "a window target needs series = \"NAME\" (a column of "
                            "timeseries.csv)");
            if (!wi || config_setting_type(wi) != CONFIG_TYPE_STRING)
                return fail(d, file, wi ? wi : e,
                            "a series target needs window = \"year Y\", \"years Y1-Y2\", "
                            "\"weeks A-B\" or \"week A\"");
            if (sa && config_setting_type(sa) != CONFIG_TYPE_STRING)
                return fail(d, file, sa,
                            "stat must be \"mean\", \"sum\", \"min\", \"max\" or "
                            "\"last\"");
            char why[300];
            const config_setting_t *bad = se;
            if (!sgf_window_name(
                    config_setting_get_string(se), sa ? config_setting_get_string(sa) : NULL,
                    config_setting_get_string(wi), t->metric, sizeof t->metric, why, sizeof why)) {
                if (strstr(why, "stat")) bad = sa;
                if (strstr(why, "window '")) bad = wi;
                return fail(d, file, bad, "%s", why);
            }
        } else {
            return fail(d, file, e,
                        "a target needs metric = \"NAME\" (a summary column) or series, window "
                        "and stat (a weekly series over a window)");
        }
        const config_setting_t *vs = config_setting_get_member(e, "value");
        const config_setting_t *ls = config_setting_get_member(e, "lo");
        const config_setting_t *hs = config_setting_get_member(e, "hi");
        const config_setting_t *tl = config_setting_get_member(e, "tolerance");
        if (vs && (ls || hs)) return fail(d, file, vs, "give value or lo and hi, not both");
        if (vs) {
            if (!num(vs, &t->value)) return fail(d, file, vs, "value must be a finite number");
        } else {
            if (!num(ls, &t->lo) || !num(hs, &t->hi) || !(t->lo < t->hi))
                return fail(d, file, ls ? ls : e, "a target needs value, or lo < hi");
            t->interval = true;
        }
        if (tl) {
            if (!num(tl, &t->tolerance) || !(t->tolerance > 0))
                return fail(d, file, tl, "tolerance must be above 0");
        } else if (t->interval) {
            t->tolerance = (t->hi - t->lo) / 2;
        } else {
            return fail(d, file, e,
                        "a target with a value needs a tolerance (the distance "
                        "counts in tolerances)");
        }
        t->weight = 1;
        const config_setting_t *ws = config_setting_get_member(e, "weight");
        if (ws && (!num(ws, &t->weight) || !(t->weight > 0)))
            return fail(d, file, ws, "weight must be above 0");
        const config_setting_t *ss = config_setting_get_member(e, "source");
        if (ss && config_setting_type(ss) == CONFIG_TYPE_STRING)
            snprintf(t->source, sizeof t->source, "%s", config_setting_get_string(ss));
    }
    return SGF_OK;
}

static sgf_status read_file(sgf_calibration *c, const config_setting_t *root, const char *file,
                            const char *dir, sgf_diag *d)
{
    const config_setting_t *ms = config_setting_get_member(root, "method");
    if (ms && (config_setting_type(ms) != CONFIG_TYPE_STRING ||
               strcmp(config_setting_get_string(ms), "abc") != 0))
        return fail(d, file, ms, "unknown method (the one there is: \"abc\")");
    long long v;
    const config_setting_t *s;
    c->population = 200;
    if ((s = config_setting_get_member(root, "population"))) {
        int t = config_setting_type(s);
        v = t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64 ? config_setting_get_int64(s) : -1;
        if (v < 10 || v > 1000000) return fail(d, file, s, "population: a whole number, 10 to 1e6");
        c->population = (int)v;
    }
    c->generations = 5;
    if ((s = config_setting_get_member(root, "generations"))) {
        int t = config_setting_type(s);
        v = t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64 ? config_setting_get_int64(s) : -1;
        if (v < 1 || v > CAL_MAX_GENERATIONS)
            return fail(d, file, s, "generations: a whole number, 1 to %d", CAL_MAX_GENERATIONS);
        c->generations = (int)v;
    }
    c->quantile = 0.5;
    if ((s = config_setting_get_member(root, "quantile"))) {
        if (config_setting_type(s) != CONFIG_TYPE_FLOAT || !(config_setting_get_float(s) > 0.05) ||
            !(config_setting_get_float(s) < 1))
            return fail(d, file, s, "quantile: a share above 0.05 and below 1 (0.5)");
        c->quantile = config_setting_get_float(s);
    }
    sgf_status st = read_targets(c, config_setting_get_member(root, "targets"), file, d);
    if (st != SGF_OK) return st;
    const config_setting_t *vary = config_setting_get_member(root, "vary");
    c->d = vary ? config_setting_length(vary) : 0;
    if (c->d > CAL_MAX_PARAMS)
        return fail(d, file, vary, "at most %d free parameters", CAL_MAX_PARAMS);
    /* The base, for best.cfg's extends. */
    const config_setting_t *bs = config_setting_get_member(root, "base");
    if (bs && config_setting_type(bs) == CONFIG_TYPE_STRING) {
        const char *b = config_setting_get_string(bs);
        if (strcmp(b, "default") == 0) {
            c->base_default = true;
        } else {
            char joined[PATH_MAX + 8];
            snprintf(joined, sizeof joined, "%s%s%s", b[0] == '/' ? "" : dir,
                     b[0] == '/' ? "" : "/", b);
            if (!realpath(joined, c->base_abs))
                snprintf(c->base_abs, sizeof c->base_abs, "%s", joined);
        }
    }
    const config_setting_t *set = config_setting_get_member(root, "set");
    for (int i = 0; set && i < config_setting_length(set) && c->set_count < 256; i++) {
        const char *a = config_setting_get_string_elem(set, i);
        if (!a) continue;
        size_t n = strlen(a);
        c->sets[c->set_count] = sgf_malloc(n + 1);
        if (!c->sets[c->set_count]) return SGF_ERR_NOMEM;
        memcpy(c->sets[c->set_count++], a, n + 1);
    }
    return SGF_OK;
}

static const char *const extra_keys[] = {"method", "population", "generations", "quantile",
                                         "targets"};

/* Loads the file's sweep for a generation of n particles at u. */
static sgf_status load_sweep(sgf_calibration *c, int gen, const double *u, int n, sgf_sweep **sw,
                             sgf_diag *diag)
{
    c->u = u;
    snprintf(c->given_name, sizeof c->given_name, "abc-generation-%d", gen);
    c->given.name = c->given_name;
    c->given.points = (uint64_t)n;
    c->given.unit = unit_of;
    c->given.user = c;
    uint64_t h = 0xcbf29ce484222325ull ^ (uint64_t)gen;
    for (size_t i = 0; i < (size_t)n * (size_t)c->d; i++) {
        uint64_t bits;
        memcpy(&bits, &u[i], sizeof bits);
        h = sgf_hash64(h ^ bits);
    }
    c->given.identity = h;
    const char *needed[CAL_MAX_TARGETS];
    for (int i = 0; i < c->target_count; i++) needed[i] = c->targets[i].metric;
    sgf_sweep_load_opts o = {.ticks = c->ticks,
                             .extra_keys = extra_keys,
                             .extra_key_count = (int)(sizeof extra_keys / sizeof *extra_keys),
                             .given = &c->given,
                             .test_models = true,
                             .extra_metrics = needed,
                             .extra_metric_count = c->target_count};
    return sgf_sweep_load_with(c->path, &o, sw, diag);
}

sgf_status sgf_calibration_load(const char *path, int ticks, sgf_calibration **out, sgf_diag *diag)
{
    sgf_diag scratch;
    if (!diag) diag = &scratch;
    memset(diag, 0, sizeof *diag);
    *out = NULL;
    sgf_calibration *c = sgf_calloc(1, sizeof *c);
    if (!c) return SGF_ERR_NOMEM;
    snprintf(c->path, sizeof c->path, "%s", path);
    c->ticks = ticks;
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
        st = fail(diag, path, NULL, "cannot read the calibration file: %s", strerror(errno));
    } else if (!config_read(&cfg, f)) {
        st = fail(diag, config_error_file(&cfg) ? config_error_file(&cfg) : path, NULL, "%s",
                  config_error_text(&cfg) ? config_error_text(&cfg) : "syntax error");
        diag->line = config_error_line(&cfg);
    } else {
        st = read_file(c, config_root_setting(&cfg), path, dir, diag);
    }
    if (f) fclose(f);
    config_destroy(&cfg);
    /* Check the sweep part and the targets' metrics now, before anything runs. */
    if (st == SGF_OK) {
        double *u = sgf_calloc((size_t)(c->d ? c->d : 1), sizeof *u);
        sgf_sweep *sw = NULL;
        st = u ? load_sweep(c, 0, u, 1, &sw, diag) : SGF_ERR_NOMEM;
        for (int i = 0; st == SGF_OK && i < c->target_count; i++) {
            int k = -1;
            for (int m = 0; m < sgf_sweep_metric_count(sw); m++)
                if (strcmp(sgf_sweep_metric_name(sw, m), c->targets[i].metric) == 0) k = m;
            if (k < 0)
                st = fail(diag, path, NULL,
                          "setting 'targets': target %d: '%s' is not a metric of the runs (a "
                          "column of summary.csv, or series, window and stat)",
                          i + 1, c->targets[i].metric);
            c->targets[i].column = k;
        }
        sgf_sweep_destroy(sw);
        sgf_free(u);
    }
    if (st != SGF_OK) {
        sgf_calibration_destroy(c);
        return st;
    }
    *out = c;
    return SGF_OK;
}

void sgf_calibration_destroy(sgf_calibration *c)
{
    if (!c) return;
    for (int i = 0; i < c->set_count; i++) sgf_free(c->sets[i]);
    sgf_free(c);
}

/* ---- the algorithm -------------------------------------------------------------------- */

/* Standard normal distribution function: Abramowitz and Stegun 7.1.26 for
 * erf (absolute error below 1.5e-7), on dm_exp for the same bits
 * everywhere. */
static double norm_cdf(double x)
{
    double z = fabs(x) / sqrt(2.0);
    double t = 1.0 / (1.0 + 0.3275911 * z);
    double poly =
        t * (0.254829592 +
             t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
    double erf = 1.0 - poly * dm_exp(-z * z);
    return x >= 0 ? 0.5 * (1.0 + erf) : 0.5 * (1.0 - erf);
}

typedef struct generation {
    int n;
    double *u;       /* n x d */
    double *dist;    /* n */
    double *weight;  /* n, normalised over the accepted, 0 for the rejected */
    double *summary; /* n x targets: mean over ok replications */
    double eps;
    int accepted;
    double ess;
} generation;

static void gen_free(generation *g)
{
    sgf_free(g->u), sgf_free(g->dist), sgf_free(g->weight), sgf_free(g->summary);
    memset(g, 0, sizeof *g);
}

static bool gen_alloc(generation *g, int n, int d, int t)
{
    memset(g, 0, sizeof *g);
    g->n = n;
    g->u = sgf_calloc((size_t)n * (size_t)(d ? d : 1), sizeof *g->u);
    g->dist = sgf_calloc((size_t)n, sizeof *g->dist);
    g->weight = sgf_calloc((size_t)n, sizeof *g->weight);
    g->summary = sgf_calloc((size_t)n * (size_t)(t ? t : 1), sizeof *g->summary);
    return g->u && g->dist && g->weight && g->summary;
}

static double target_z(const cal_target *t, double m)
{
    if (!t->interval) return (m - t->value) / t->tolerance;
    if (m < t->lo) return (t->lo - m) / t->tolerance;
    if (m > t->hi) return (m - t->hi) / t->tolerance;
    return 0;
}

static double distance(const sgf_calibration *c, const double *summary)
{
    double s = 0, w = 0;
    for (int i = 0; i < c->target_count; i++) {
        if (!isfinite(summary[i])) return INFINITY;
        double z = target_z(&c->targets[i], summary[i]);
        s += c->targets[i].weight * z * z;
        w += c->targets[i].weight;
    }
    return sqrt(s / w);
}

/* Per particle the mean of each target metric over its ok replications. */
static sgf_status read_summaries(const sgf_calibration *c, const char *dir, generation *g,
                                 char *err, size_t err_size)
{
    sgf_runs_csv r;
    if (!sgf_runs_csv_open(&r, dir, err, err_size)) return SGF_ERR_USAGE;
    int T = c->target_count;
    int *count = sgf_calloc((size_t)g->n * (size_t)T, sizeof *count);
    if (!count) {
        sgf_runs_csv_close(&r);
        return SGF_ERR_NOMEM;
    }
    int cols[CAL_MAX_TARGETS];
    for (int i = 0; i < T; i++) cols[i] = sgf_runs_csv_find_metric(&r, c->targets[i].metric);
    for (size_t i = 0; i < (size_t)g->n * (size_t)T; i++) g->summary[i] = 0;
    int got;
    while ((got = sgf_runs_csv_next(&r, err, err_size)) == 1) {
        if (!r.ok || r.point >= (uint64_t)g->n) continue;
        for (int i = 0; i < T; i++) {
            double x = cols[i] >= 0 ? sgf_runs_csv_metric(&r, cols[i]) : NAN;
            if (!isfinite(x)) continue;
            size_t k = (size_t)r.point * (size_t)T + (size_t)i;
            count[k]++;
            g->summary[k] += (x - g->summary[k]) / count[k];
        }
    }
    sgf_runs_csv_close(&r);
    for (size_t i = 0; i < (size_t)g->n * (size_t)T; i++)
        if (!count[i]) g->summary[i] = NAN;
    sgf_free(count);
    return got < 0 ? SGF_ERR_USAGE : SGF_OK;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y ? 1 : 0;
}

/* Kernel scale per dimension from the previous accepted particles. */
static void kernel_sd(const sgf_calibration *c, const generation *p, double *sd)
{
    for (int k = 0; k < c->d; k++) {
        double m = 0, v = 0;
        for (int i = 0; i < p->n; i++) m += p->weight[i] * p->u[(size_t)i * c->d + k];
        for (int i = 0; i < p->n; i++) {
            double e = p->u[(size_t)i * c->d + k] - m;
            v += p->weight[i] * e * e;
        }
        sd[k] = sqrt(fmax(2.0 * v, 1e-10));
    }
}

/* Propose generation gen's particles (gen 0: the prior). */
static void propose(const sgf_calibration *c, uint64_t seed, int gen, const generation *prev,
                    generation *g)
{
    double sd[CAL_MAX_PARAMS];
    if (prev) kernel_sd(c, prev, sd);
    for (int i = 0; i < g->n; i++) {
        sgf_rng r;
        sgf_rng_derive(&r, seed ^ TAG_ABC, (uint64_t)gen, SGF_STREAM_SWEEP);
        sgf_rng_substream(&r, &r, (uint64_t)i);
        double *u = g->u + (size_t)i * c->d;
        if (!prev) {
            for (int k = 0; k < c->d; k++) u[k] = sgf_rng_uniform(&r);
            continue;
        }
        /* Resample by weight (inverse distribution function), then perturb. */
        double x = sgf_rng_uniform(&r), acc = 0;
        int j = 0, last = 0;
        for (; j < prev->n; j++) {
            if (prev->weight[j] <= 0) continue;
            last = j;
            acc += prev->weight[j];
            if (x < acc) break;
        }
        if (j == prev->n) j = last;
        for (int k = 0; k < c->d; k++) {
            double v;
            int tries = 0;
            do v = sgf_rng_normal(&r, prev->u[(size_t)j * c->d + k], sd[k]);
            while ((v < 0 || v > 1) && ++tries < 10000);
            u[k] = v < 0 ? 0 : v > 1 ? 1 : v;
        }
    }
}

/* Importance weights of the accepted particles of g. */
static void weigh(const sgf_calibration *c, const generation *prev, generation *g)
{
    double sd[CAL_MAX_PARAMS];
    if (prev) kernel_sd(c, prev, sd);
    double total = 0;
    for (int i = 0; i < g->n; i++) {
        g->weight[i] = 0;
        if (!(g->dist[i] <= g->eps)) continue;
        if (!prev) {
            g->weight[i] = 1;
        } else {
            const double *u = g->u + (size_t)i * c->d;
            double q = 0;
            for (int j = 0; j < prev->n; j++) {
                if (prev->weight[j] <= 0) continue;
                const double *v = prev->u + (size_t)j * c->d;
                double logk = 0;
                for (int k = 0; k < c->d; k++) {
                    double z = (u[k] - v[k]) / sd[k];
                    double mass = norm_cdf((1 - v[k]) / sd[k]) - norm_cdf(-v[k] / sd[k]);
                    logk += -0.5 * z * z - dm_log(sd[k] * mass);
                }
                q += prev->weight[j] * dm_exp(logk);
            }
            g->weight[i] = q > 0 ? 1.0 / q : 0;
        }
        total += g->weight[i];
    }
    double s2 = 0;
    for (int i = 0; i < g->n; i++) {
        g->weight[i] = total > 0 ? g->weight[i] / total : 0;
        s2 += g->weight[i] * g->weight[i];
    }
    g->ess = s2 > 0 ? 1.0 / s2 : 0;
}

/* ---- outputs --------------------------------------------------------------------------- */

typedef struct tmp_file {
    FILE *f;
    char tmp[4300], final[4300];
} tmp_file;

static bool tmp_open(tmp_file *t, const char *dir, const char *name)
{
    snprintf(t->tmp, sizeof t->tmp, "%s/.%s.tmp", dir, name);
    snprintf(t->final, sizeof t->final, "%s/%s", dir, name);
    t->f = fopen(t->tmp, "w");
    return t->f != NULL;
}

static bool tmp_close(tmp_file *t)
{
    bool ok = fflush(t->f) == 0 && fsync(fileno(t->f)) == 0;
    ok = fclose(t->f) == 0 && ok;
    if (ok) ok = rename(t->tmp, t->final) == 0;
    if (!ok) unlink(t->tmp);
    return ok;
}

static const char *fmt(double x, char *buf)
{
    return sgf_sweep_format_number(x, buf, 40);
}

/* "a.b.c" as nested groups "a = { b = { c = VALUE; }; };" when every part is
 * a plain name; false otherwise. */
static bool write_nested(FILE *f, const char *assignment)
{
    const char *eq = strchr(assignment, '=');
    if (!eq) return false;
    char path[512];
    size_t n = (size_t)(eq - assignment);
    if (n >= sizeof path) return false;
    memcpy(path, assignment, n);
    path[n] = '\0';
    for (const char *s = path; *s; s++)
        if (!(*s == '.' || *s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
              (*s >= '0' && *s <= '9')))
            return false;
    int depth = 0;
    char *save = NULL, *part = strtok_r(path, ".", &save);
    char *next;
    while (part) {
        next = strtok_r(NULL, ".", &save);
        if (next) {
            fprintf(f, "%s = { ", part);
            depth++;
        } else {
            fprintf(f, "%s = %s; ", part, eq + 1);
        }
        part = next;
    }
    for (int i = 0; i < depth; i++) fprintf(f, "}; ");
    fprintf(f, "\n");
    return true;
}

static sgf_status write_best(const sgf_calibration *c, const sgf_sweep *sw, uint64_t point,
                             const char *dir, char *err, size_t err_size)
{
    tmp_file t;
    if (!tmp_open(&t, dir, "best.cfg")) {
        snprintf(err, err_size, "cannot write %s/best.cfg: %s", dir, strerror(errno));
        return SGF_ERR_IO;
    }
    fprintf(t.f,
            "# best.cfg: written by `sgf calibrate %s`: the accepted particle of the last\n"
            "# generation with the smallest distance (fit.csv). Run it with `sgf run best.cfg`.\n",
            c->path);
    if (c->base_default) {
        /* The built-in scenario has no file: a copy beside best.cfg. */
        tmp_file b;
        const char *text = sgf_scenario_default_text();
        bool ok = tmp_open(&b, dir, "base-default.cfg");
        ok = ok && fputs(text, b.f) >= 0;
        if (b.f && !tmp_close(&b)) ok = false;
        if (!ok) {
            fclose(t.f);
            unlink(t.tmp);
            snprintf(err, err_size, "cannot write %s/base-default.cfg", dir);
            return SGF_ERR_IO;
        }
        fprintf(t.f, "extends = \"base-default.cfg\"; # the built-in default scenario\n");
    } else {
        fprintf(t.f, "extends = \"%s\";\n", c->base_abs);
    }
    fprintf(t.f, "seed = %" PRIu64 ";\n", sgf_sweep_seed(sw));
    bool ok = true;
    char bad[600] = "";
    for (int i = 0; i < c->set_count && ok; i++) {
        ok = write_nested(t.f, c->sets[i]);
        if (!ok) snprintf(bad, sizeof bad, "%s", c->sets[i]);
    }
    for (int j = 0; j < sgf_sweep_param_count(sw) && ok; j++) {
        char v[64], a[600];
        snprintf(a, sizeof a, "%s=%s", sgf_sweep_param_path(sw, j),
                 sgf_sweep_point_value(sw, point, j, v, sizeof v));
        ok = write_nested(t.f, a);
        if (!ok) snprintf(bad, sizeof bad, "%s", a);
    }
    if (!ok) {
        fclose(t.f);
        unlink(t.tmp);
        snprintf(err, err_size,
                 "best.cfg: '%s' cannot be written as a scenario layer (only dotted group paths "
                 "can); fit.csv and posterior.csv hold the values",
                 bad);
        return SGF_ERR_USAGE;
    }
    if (!tmp_close(&t)) {
        snprintf(err, err_size, "cannot write %s", t.final);
        return SGF_ERR_IO;
    }
    /* Read it back: it must give the definition the best point ran with
     * (apart from run_index). */
    if (!sgf_sweep_test_model(sw)) {
        sgf_world_def want, got = sgf_world_def_default();
        sgf_diag dg;
        uint64_t run = 0, pt = 0, rep = 0;
        for (run = 0; run < sgf_sweep_point_count(sw); run++) {
            sgf_sweep_run_place(sw, run, &pt, &rep);
            if (pt == point) break;
        }
        sgf_status st = sgf_sweep_run_def(sw, run, &want, &dg);
        sgf_status sl = sgf_scenario_load_file(t.final, &got, &dg);
        bool same = st == SGF_OK && sl == SGF_OK;
        if (same) {
            got.run_index = want.run_index;
            same = sgf_def_hash(&got) == sgf_def_hash(&want);
        }
        if (st == SGF_OK) sgf_world_def_free(&want);
        sgf_world_def_free(&got);
        if (!same) {
            snprintf(err, err_size,
                     "%s does not reproduce the best point's definition%s%s (the base's own "
                     "settings may not survive a layer)",
                     t.final, sl != SGF_OK ? ": " : "", sl != SGF_OK ? dg.message : "");
            return SGF_ERR_USAGE;
        }
    }
    return SGF_OK;
}

/* The fit, target by target, from the best point's replications. */
static sgf_status write_fit(const sgf_calibration *c, const char *gen_dir, uint64_t best,
                            const char *dir, FILE *report, char *err, size_t err_size)
{
    sgf_runs_csv r;
    if (!sgf_runs_csv_open(&r, gen_dir, err, err_size)) return SGF_ERR_USAGE;
    int T = c->target_count;
    double *vals = sgf_malloc(sizeof *vals * (size_t)T * 100000);
    int cnt[CAL_MAX_TARGETS] = {0};
    int cols[CAL_MAX_TARGETS];
    for (int i = 0; i < T; i++) cols[i] = sgf_runs_csv_find_metric(&r, c->targets[i].metric);
    int got;
    while (vals && (got = sgf_runs_csv_next(&r, err, err_size)) == 1)
        if (r.ok && r.point == best)
            for (int i = 0; i < T; i++) {
                double x = sgf_runs_csv_metric(&r, cols[i]);
                if (isfinite(x) && cnt[i] < 100000) vals[(size_t)i * 100000 + cnt[i]++] = x;
            }
    sgf_runs_csv_close(&r);
    tmp_file t;
    if (!vals || !tmp_open(&t, dir, "fit.csv")) {
        sgf_free(vals);
        snprintf(err, err_size, "cannot write %s/fit.csv", dir);
        return SGF_ERR_IO;
    }
    fprintf(t.f, "target,metric,source,value,lo,hi,tolerance,weight,model_mean,range_lo,range_hi,"
                 "runs,within\n");
    if (report)
        fprintf(report, "fit at the best point (mean and 95 %% range over replications):\n");
    for (int i = 0; i < T; i++) {
        const cal_target *tg = &c->targets[i];
        double *v = vals + (size_t)i * 100000;
        int n = cnt[i];
        double mean = 0;
        for (int k = 0; k < n; k++) mean += v[k];
        mean = n ? mean / n : NAN;
        qsort(v, (size_t)n, sizeof *v, cmp_double);
        double lo = NAN, hi = NAN;
        if (n) {
            double p = 0.025 * (n - 1), q = 0.975 * (n - 1);
            int a = (int)p, b = (int)q;
            lo = a + 1 < n ? v[a] + (p - a) * (v[a + 1] - v[a]) : v[a];
            hi = b + 1 < n ? v[b] + (q - b) * (v[b + 1] - v[b]) : v[b];
        }
        bool within = isfinite(mean) && fabs(target_z(tg, mean)) <= 1.0;
        char b1[40], b2[40], b3[40], b4[40], b5[40], b6[40], b7[40], b8[40];
        fprintf(t.f, "%d,%s,\"%s\",%s,%s,%s,%s,%s,%s,%s,%s,%d,%d\n", i + 1, tg->metric, tg->source,
                tg->interval ? "" : fmt(tg->value, b1), tg->interval ? fmt(tg->lo, b2) : "",
                tg->interval ? fmt(tg->hi, b3) : "", fmt(tg->tolerance, b4), fmt(tg->weight, b5),
                fmt(mean, b6), fmt(lo, b7), fmt(hi, b8), n, within ? 1 : 0);
        if (report) {
            if (tg->interval)
                fprintf(report, "  %-28s target %.6g..%.6g  model %.6g [%.6g, %.6g]  %s\n",
                        tg->metric, tg->lo, tg->hi, mean, lo, hi, within ? "within" : "OUTSIDE");
            else
                fprintf(report, "  %-28s target %.6g +- %.3g  model %.6g [%.6g, %.6g]  %s\n",
                        tg->metric, tg->value, tg->tolerance, mean, lo, hi,
                        within ? "within" : "OUTSIDE");
        }
    }
    sgf_free(vals);
    if (!tmp_close(&t)) {
        snprintf(err, err_size, "cannot write %s/fit.csv", dir);
        return SGF_ERR_IO;
    }
    return SGF_OK;
}

sgf_status sgf_calibration_run(sgf_calibration *c, const sgf_calibration_exec *x, bool *interrupted,
                               char *err, size_t err_size)
{
    *interrupted = false;
    sgf_status st = sgf_sweep_make_dir(x->dir, err, err_size);
    if (st != SGF_OK) return st;
    generation prev, cur;
    memset(&prev, 0, sizeof prev);
    memset(&cur, 0, sizeof cur);
    sgf_sweep *sw = NULL;
    tmp_file gens = {0};
    bool have_prev = false;
    uint64_t seed = 0;
    /* The seed is the sweep's: load a one-point sweep to learn it. */
    {
        double u0[CAL_MAX_PARAMS] = {0};
        sgf_diag dg;
        st = load_sweep(c, 0, u0, 1, &sw, &dg);
        if (st != SGF_OK) {
            snprintf(err, err_size, "%s", dg.message);
            return st;
        }
        seed = sgf_sweep_seed(sw);
        sgf_sweep_destroy(sw);
        sw = NULL;
    }
    if (!tmp_open(&gens, x->dir, "generations.csv")) {
        snprintf(err, err_size, "cannot write in %s: %s", x->dir, strerror(errno));
        return SGF_ERR_IO;
    }
    fprintf(gens.f, "generation,particles,runs,tolerance,accepted,ess\n");
    char gen_dir[4300] = "";
    int g;
    for (g = 0; g < c->generations; g++) {
        if (!gen_alloc(&cur, c->population, c->d, c->target_count)) {
            st = SGF_ERR_NOMEM;
            snprintf(err, err_size, "out of memory");
            break;
        }
        propose(c, seed, g, have_prev ? &prev : NULL, &cur);
        sgf_diag dg;
        sgf_sweep_destroy(sw);
        sw = NULL;
        st = load_sweep(c, g, cur.u, cur.n, &sw, &dg);
        if (st != SGF_OK) {
            snprintf(err, err_size, "%s", dg.message);
            break;
        }
        snprintf(gen_dir, sizeof gen_dir, "%s/gen-%d", x->dir, g);
        sgf_sweep_exec ex = {
            .dir = gen_dir, .threads = x->threads, .resume = x->resume, .stop = x->stop};
        sgf_sweep_outcome oc;
        st = sgf_sweep_execute(sw, &ex, &oc, err, err_size);
        if (st != SGF_OK) break;
        if (oc.interrupted) {
            *interrupted = true;
            break;
        }
        st = read_summaries(c, gen_dir, &cur, err, err_size);
        if (st != SGF_OK) break;
        double *ds = sgf_malloc((size_t)cur.n * sizeof *ds);
        if (!ds) {
            st = SGF_ERR_NOMEM;
            break;
        }
        for (int i = 0; i < cur.n; i++) {
            cur.dist[i] = distance(c, cur.summary + (size_t)i * c->target_count);
            ds[i] = cur.dist[i];
        }
        qsort(ds, (size_t)cur.n, sizeof *ds, cmp_double);
        int q = (int)floor(c->quantile * (cur.n - 1));
        cur.eps = ds[q];
        sgf_free(ds);
        if (!isfinite(cur.eps)) {
            snprintf(err, err_size,
                     "generation %d: fewer than %g %% of the particles have every target metric "
                     "(runs failed?)",
                     g, 100 * c->quantile);
            st = SGF_ERR_USAGE;
            break;
        }
        weigh(c, have_prev ? &prev : NULL, &cur);
        cur.accepted = 0;
        for (int i = 0; i < cur.n; i++) cur.accepted += cur.weight[i] > 0;
        char b1[40], b2[40];
        fprintf(gens.f, "%d,%d,%" PRIu64 ",%s,%d,%s\n", g, cur.n, sgf_sweep_run_count(sw),
                fmt(cur.eps, b1), cur.accepted, fmt(cur.ess, b2));
        if (x->report)
            fprintf(x->report,
                    "sgf calibrate: generation %d: %" PRIu64 " runs, tolerance %.4g, %d accepted, "
                    "effective sample size %.1f\n",
                    g, sgf_sweep_run_count(sw), cur.eps, cur.accepted, cur.ess);
        gen_free(&prev);
        prev = cur;
        memset(&cur, 0, sizeof cur);
        have_prev = true;
        if (g + 1 < c->generations) {
            sgf_sweep_destroy(sw);
            sw = NULL;
        }
    }
    gen_free(&cur);
    if (st != SGF_OK || *interrupted || !have_prev) {
        fclose(gens.f);
        unlink(gens.tmp);
        gen_free(&prev);
        sgf_sweep_destroy(sw);
        return st;
    }
    bool ok = tmp_close(&gens);
    /* The posterior: the last generation's accepted particles. */
    tmp_file post;
    ok = ok && tmp_open(&post, x->dir, "posterior.csv");
    uint64_t best = 0;
    double best_d = INFINITY;
    if (ok) {
        fprintf(post.f, "particle,weight,distance");
        for (int j = 0; j < sgf_sweep_param_count(sw); j++)
            fprintf(post.f, ",%s", sgf_sweep_param_path(sw, j));
        for (int i = 0; i < c->target_count; i++) fprintf(post.f, ",%s_mean", c->targets[i].metric);
        fprintf(post.f, "\n");
        for (int i = 0; i < prev.n; i++) {
            if (!(prev.weight[i] > 0)) continue;
            if (prev.dist[i] < best_d) best_d = prev.dist[i], best = (uint64_t)i;
            char b1[40], b2[40], v[64];
            fprintf(post.f, "%d,%s,%s", i, fmt(prev.weight[i], b1), fmt(prev.dist[i], b2));
            for (int j = 0; j < sgf_sweep_param_count(sw); j++)
                fprintf(post.f, ",%s", sgf_sweep_point_value(sw, (uint64_t)i, j, v, sizeof v));
            for (int k = 0; k < c->target_count; k++)
                fprintf(post.f, ",%s", fmt(prev.summary[(size_t)i * c->target_count + k], b1));
            fprintf(post.f, "\n");
        }
        ok = tmp_close(&post);
    }
    if (!ok) {
        snprintf(err, err_size, "cannot write in %s: %s", x->dir, strerror(errno));
        st = SGF_ERR_IO;
    }
    if (st == SGF_OK) st = write_fit(c, gen_dir, best, x->dir, x->report, err, err_size);
    if (st == SGF_OK) st = write_best(c, sw, best, x->dir, err, err_size);
    gen_free(&prev);
    sgf_sweep_destroy(sw);
    return st;
}
