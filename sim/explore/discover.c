/* discover.c: scenario discovery by PRIM, the patient rule induction method
 * of Friedman and Fisher (1999), over a sweep's runs.csv (sgf_explore.h,
 * docs/exploration.md).
 *
 * Each ok run is a point in the space of the numeric varied settings with an
 * outcome y = 1 where the condition holds (`failed == 1`). Peeling starts
 * from the box that holds every run and, step by step, cuts off the alpha
 * share of the box's runs at the lower or the upper end of one setting,
 * whichever cut leaves the highest density (share of y = 1 in the box),
 * until the box holds fewer than min_support of the runs. Every step is one
 * row of the peeling trajectory with its coverage (the box's share of all
 * y = 1), density and support. The box reported is the densest step whose
 * coverage is at least min_coverage (0.5) of what is left to cover; with
 * covering, its runs are removed and the next box is sought in the rest.
 * Settings whose bounds are tighter than their range in the data are the
 * ones that bound the box. Pasting is not done.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/alloc.h"
#include "explore/runs_csv.h"
#include "sgf/sgf.h"
#include "sgf/sgf_explore.h"

/* ---- the condition: comparisons joined by and / or (and binds tighter) ---- */

typedef struct cmp_term {
    int column; /* >= 0 metric index, < 0: -1 - setting index */
    int op;     /* 0 ==, 1 !=, 2 <, 3 <=, 4 >, 5 >= */
    double value;
    bool or_before; /* this term starts a new disjunct */
} cmp_term;

typedef struct condition {
    cmp_term t[32];
    int n;
} condition;

static const char *skip(const char *s)
{
    while (*s && isspace((unsigned char)*s)) s++;
    return s;
}

static bool parse_condition(const char *text, const sgf_runs_csv *r, condition *c, char *err,
                            size_t err_size)
{
    memset(c, 0, sizeof *c);
    const char *s = skip(text);
    bool next_or = false;
    for (;;) {
        if (c->n == 32) {
            snprintf(err, err_size, "--where: more than 32 comparisons");
            return false;
        }
        char name[256];
        size_t k = 0;
        while (*s && (isalnum((unsigned char)*s) || *s == '_' || *s == '.' || *s == '"') &&
               k + 1 < sizeof name)
            if (*s == '"')
                s++;
            else
                name[k++] = *s++;
        name[k] = '\0';
        if (!k) {
            snprintf(err, err_size, "--where: expected a metric or setting name at '%s'", s);
            return false;
        }
        cmp_term *t = &c->t[c->n];
        int m = sgf_runs_csv_find_metric(r, name), p = sgf_runs_csv_find_param(r, name);
        if (m < 0 && p < 0) {
            snprintf(err, err_size,
                     "--where: '%s' is neither a metric nor a varied setting of "
                     "runs.csv",
                     name);
            return false;
        }
        t->column = m >= 0 ? m : -1 - p;
        s = skip(s);
        static const char *const ops[] = {"==", "!=", "<=", ">=", "<", ">", "="};
        static const int codes[] = {0, 1, 3, 5, 2, 4, 0};
        int op = -1;
        for (int i = 0; i < 7 && op < 0; i++)
            if (strncmp(s, ops[i], strlen(ops[i])) == 0) {
                op = codes[i];
                s += strlen(ops[i]);
            }
        if (op < 0) {
            snprintf(err, err_size, "--where: expected ==, !=, <, <=, > or >= after '%s'", name);
            return false;
        }
        t->op = op;
        char *end;
        t->value = strtod(skip(s), &end);
        if (end == skip(s)) {
            snprintf(err, err_size, "--where: expected a number after the comparison with '%s'",
                     name);
            return false;
        }
        t->or_before = next_or;
        c->n++;
        s = skip(end);
        if (!*s) return true;
        if (strncmp(s, "and", 3) == 0 || strncmp(s, "&&", 2) == 0) {
            s = skip(s + (s[0] == 'a' ? 3 : 2));
            next_or = false;
        } else if (strncmp(s, "or", 2) == 0 || strncmp(s, "||", 2) == 0) {
            s = skip(s + 2);
            next_or = true;
        } else {
            snprintf(err, err_size, "--where: expected 'and' or 'or' at '%s'", s);
            return false;
        }
    }
}

static bool term_holds(const cmp_term *t, double x)
{
    switch (t->op) {
    case 0:
        return x == t->value;
    case 1:
        return x != t->value;
    case 2:
        return x < t->value;
    case 3:
        return x <= t->value;
    case 4:
        return x > t->value;
    default:
        return x >= t->value;
    }
}

static bool condition_holds(const condition *c, const sgf_runs_csv *r)
{
    bool any = false, all = true;
    for (int i = 0; i < c->n; i++) {
        if (c->t[i].or_before) {
            any = any || all;
            all = true;
        }
        const cmp_term *t = &c->t[i];
        double x = t->column >= 0 ? sgf_runs_csv_metric(r, t->column)
                                  : strtod(sgf_runs_csv_param(r, -1 - t->column), NULL);
        all = all && isfinite(x) && term_holds(t, x);
    }
    return any || all;
}

/* ---- the data ---------------------------------------------------------------- */

typedef struct data {
    int dims; /* numeric settings used */
    int col[SGF_RUNS_MAX_COLUMNS];
    char *names[SGF_RUNS_MAX_COLUMNS];
    size_t n, cap;
    double *x; /* n x dims */
    unsigned char *y;
    unsigned char *alive; /* not yet covered by an earlier box */
} data;

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y ? 1 : 0;
}

static bool is_number(const char *s)
{
    char *end;
    if (!*s) return false;
    double v = strtod(s, &end);
    return *end == '\0' && isfinite(v);
}

/* Reads the ok runs; settings that are not numbers in every row, or take
 * one value only, are left out. */
static sgf_status read_data(const char *dir, const char *where, data *D, condition *cond,
                            uint64_t *skipped, char *err, size_t err_size)
{
    sgf_runs_csv r;
    if (!sgf_runs_csv_open(&r, dir, err, err_size)) return SGF_ERR_USAGE;
    if (!parse_condition(where, &r, cond, err, err_size)) {
        sgf_runs_csv_close(&r);
        return SGF_ERR_USAGE;
    }
    int pc = r.param_count;
    bool *numeric = sgf_malloc((size_t)(pc ? pc : 1));
    double *all = NULL;
    size_t n = 0, cap = 0;
    unsigned char *y = NULL;
    for (int j = 0; j < pc; j++) numeric[j] = true;
    int got;
    sgf_status st = SGF_OK;
    *skipped = 0;
    while ((got = sgf_runs_csv_next(&r, err, err_size)) == 1) {
        if (!r.ok) {
            (*skipped)++;
            continue;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 1024;
            double *na = sgf_realloc(all, cap * (size_t)(pc ? pc : 1) * sizeof *all);
            unsigned char *ny = sgf_realloc(y, cap);
            if (!na || !ny) {
                sgf_free(na ? na : all), sgf_free(ny ? ny : y);
                all = NULL, y = NULL;
                st = SGF_ERR_NOMEM;
                break;
            }
            all = na, y = ny;
        }
        for (int j = 0; j < pc; j++) {
            const char *v = sgf_runs_csv_param(&r, j);
            if (!is_number(v)) numeric[j] = false;
            all[n * (size_t)pc + (size_t)j] = numeric[j] ? strtod(v, NULL) : NAN;
        }
        y[n] = condition_holds(cond, &r) ? 1 : 0;
        n++;
    }
    if (got < 0) st = SGF_ERR_USAGE;
    memset(D, 0, sizeof *D);
    if (st == SGF_OK) {
        for (int j = 0; j < pc; j++) {
            if (!numeric[j] || n == 0) continue;
            double lo = INFINITY, hi = -INFINITY;
            for (size_t i = 0; i < n; i++) {
                double v = all[i * (size_t)pc + (size_t)j];
                lo = fmin(lo, v), hi = fmax(hi, v);
            }
            if (hi > lo) {
                D->col[D->dims] = j;
                const char *nm = sgf_runs_csv_param_name(&r, j);
                D->names[D->dims] = sgf_malloc(strlen(nm) + 1);
                if (D->names[D->dims]) memcpy(D->names[D->dims], nm, strlen(nm) + 1);
                D->dims++;
            }
        }
        D->n = n;
        D->x = sgf_malloc((n ? n : 1) * (size_t)(D->dims ? D->dims : 1) * sizeof *D->x);
        D->alive = sgf_malloc(n ? n : 1);
        if (!D->x || !D->alive) st = SGF_ERR_NOMEM;
        for (size_t i = 0; st == SGF_OK && i < n; i++) {
            D->alive[i] = 1;
            for (int k = 0; k < D->dims; k++)
                D->x[i * (size_t)D->dims + (size_t)k] = all[i * (size_t)pc + (size_t)D->col[k]];
        }
        D->y = y;
        y = NULL;
    }
    if (st == SGF_ERR_NOMEM) snprintf(err, err_size, "out of memory");
    sgf_free(all);
    sgf_free(y);
    sgf_free(numeric);
    sgf_runs_csv_close(&r);
    return st;
}

static void data_free(data *D)
{
    for (int k = 0; k < D->dims; k++) sgf_free(D->names[k]);
    sgf_free(D->x);
    sgf_free(D->y);
    sgf_free(D->alive);
}

/* ---- peeling ----------------------------------------------------------------- */

typedef struct box {
    double lo[SGF_RUNS_MAX_COLUMNS], hi[SGF_RUNS_MAX_COLUMNS];
    size_t in, pos;
} box;

static bool inside(const data *D, const box *b, size_t i)
{
    const double *x = D->x + i * (size_t)D->dims;
    for (int k = 0; k < D->dims; k++)
        if (x[k] < b->lo[k] || x[k] > b->hi[k]) return false;
    return true;
}

static void count_box(const data *D, box *b)
{
    b->in = b->pos = 0;
    for (size_t i = 0; i < D->n; i++)
        if (D->alive[i] && inside(D, b, i)) {
            b->in++;
            b->pos += D->y[i];
        }
}

static void write_step(FILE *f, const data *D, int boxno, int step, const box *b, size_t total,
                       size_t total_pos, const double *lo0, const double *hi0)
{
    char a[40], c[40], s[40];
    double cov = total_pos ? (double)b->pos / (double)total_pos : NAN;
    double den = b->in ? (double)b->pos / (double)b->in : NAN;
    double sup = total ? (double)b->in / (double)total : NAN;
    int restricted = 0;
    for (int k = 0; k < D->dims; k++) restricted += b->lo[k] > lo0[k] || b->hi[k] < hi0[k];
    fprintf(f, "%d,%d,%s,%s,%s,%zu,%d", boxno, step, sgf_sweep_format_number(cov, a, sizeof a),
            sgf_sweep_format_number(den, c, sizeof c), sgf_sweep_format_number(sup, s, sizeof s),
            b->in, restricted);
    for (int k = 0; k < D->dims; k++)
        fprintf(f, ",%s,%s", sgf_sweep_format_number(b->lo[k], a, sizeof a),
                sgf_sweep_format_number(b->hi[k], c, sizeof c));
    fprintf(f, "\n");
}

/* One PRIM box over the live runs: the peeling trajectory into pf, the
 * chosen step into *best. Returns false when nothing is left to cover. */
static bool peel(const data *D, const sgf_discover_opts *o, int boxno, FILE *pf, box *best,
                 double *vals, size_t *total_out, size_t *pos_out, double *lo0, double *hi0)
{
    box b;
    for (int k = 0; k < D->dims; k++) {
        b.lo[k] = INFINITY, b.hi[k] = -INFINITY;
        for (size_t i = 0; i < D->n; i++) {
            if (!D->alive[i]) continue;
            double v = D->x[i * (size_t)D->dims + (size_t)k];
            b.lo[k] = fmin(b.lo[k], v), b.hi[k] = fmax(b.hi[k], v);
        }
        lo0[k] = b.lo[k], hi0[k] = b.hi[k];
    }
    count_box(D, &b);
    size_t total = b.in, total_pos = b.pos;
    *total_out = total, *pos_out = total_pos;
    if (total == 0 || total_pos == 0) return false;
    *best = b;
    double best_den = (double)b.pos / (double)b.in;
    double min_cov = o->min_coverage;
    write_step(pf, D, boxno, 0, &b, total, total_pos, lo0, hi0);
    for (int step = 1;; step++) {
        double cand_den = -1;
        box cand;
        for (int k = 0; k < D->dims; k++) {
            size_t m = 0;
            for (size_t i = 0; i < D->n; i++)
                if (D->alive[i] && inside(D, &b, i)) vals[m++] = D->x[i * (size_t)D->dims + k];
            if (m < 2) continue;
            qsort(vals, m, sizeof *vals, cmp_double);
            size_t cut = (size_t)ceil(o->peel_alpha * (double)m);
            if (cut < 1) cut = 1;
            if (cut >= m) continue;
            for (int side = 0; side < 2; side++) {
                box t = b;
                if (side == 0) {
                    /* drop the values below the cut-th smallest distinct one */
                    double q = vals[cut];
                    if (q <= b.lo[k]) continue;
                    t.lo[k] = q;
                } else {
                    double q = vals[m - 1 - cut];
                    if (q >= b.hi[k]) continue;
                    t.hi[k] = q;
                }
                count_box(D, &t);
                if (t.in == 0 || (double)t.in < o->min_support * (double)total) continue;
                double den = (double)t.pos / (double)t.in;
                if (den > cand_den || (den == cand_den && t.in > cand.in)) {
                    cand_den = den;
                    cand = t;
                }
            }
        }
        if (cand_den < 0) break;
        b = cand;
        write_step(pf, D, boxno, step, &b, total, total_pos, lo0, hi0);
        double cov = (double)b.pos / (double)total_pos;
        if (cov >= min_cov && cand_den > best_den) {
            best_den = cand_den;
            *best = b;
        }
    }
    return true;
}

sgf_status sgf_discover_run(const char *dir, const sgf_discover_opts *opts, const char *out_dir,
                            FILE *report, char *err, size_t err_size)
{
    sgf_discover_opts o = *opts;
    if (!(o.peel_alpha > 0 && o.peel_alpha < 0.5)) o.peel_alpha = 0.05;
    if (!(o.min_support > 0 && o.min_support < 1)) o.min_support = 0.05;
    if (!(o.min_coverage > 0 && o.min_coverage <= 1)) o.min_coverage = 0.5;
    if (o.max_boxes < 1) o.max_boxes = 3;
    data D;
    condition cond;
    uint64_t skipped;
    sgf_status st = read_data(dir, o.where, &D, &cond, &skipped, err, err_size);
    if (st != SGF_OK) return st;
    if (D.n == 0 || D.dims == 0) {
        snprintf(err, err_size, "%s/runs.csv has %s", dir,
                 D.n == 0 ? "no ok runs" : "no numeric setting that varies");
        data_free(&D);
        return SGF_ERR_USAGE;
    }
    char pp[4200], bp[4200], pt[4200], bt[4200];
    snprintf(pp, sizeof pp, "%s/peeling.csv", out_dir);
    snprintf(bp, sizeof bp, "%s/boxes.csv", out_dir);
    snprintf(pt, sizeof pt, "%s/.peeling.csv.tmp", out_dir);
    snprintf(bt, sizeof bt, "%s/.boxes.csv.tmp", out_dir);
    st = sgf_sweep_make_dir(out_dir, err, err_size);
    FILE *pf = st == SGF_OK ? fopen(pt, "w") : NULL;
    FILE *bf = pf ? fopen(bt, "w") : NULL;
    double *vals = sgf_malloc(D.n * sizeof *vals);
    double *lo0 = sgf_malloc((size_t)D.dims * sizeof *lo0);
    double *hi0 = sgf_malloc((size_t)D.dims * sizeof *hi0);
    box *best = sgf_malloc(sizeof *best);
    if (st == SGF_OK && (!pf || !bf)) {
        snprintf(err, err_size, "cannot write in %s: %s", out_dir, strerror(errno));
        st = SGF_ERR_IO;
    } else if (st == SGF_OK && (!vals || !lo0 || !hi0 || !best)) {
        snprintf(err, err_size, "out of memory");
        st = SGF_ERR_NOMEM;
    }
    if (st == SGF_OK) {
        size_t npos = 0;
        for (size_t i = 0; i < D.n; i++) npos += D.y[i];
        fprintf(pf, "box,step,coverage,density,support,runs,restricted");
        for (int k = 0; k < D.dims; k++) fprintf(pf, ",%s_lo,%s_hi", D.names[k], D.names[k]);
        fprintf(pf, "\n");
        fprintf(bf, "box,coverage,density,support,runs,setting,lo,hi,range_lo,range_hi\n");
        if (report)
            fprintf(report,
                    "sgf discover: %zu ok runs (%llu not ok, left out), %zu where %s (%.3g), %d "
                    "settings\n",
                    D.n, (unsigned long long)skipped, npos, o.where,
                    D.n ? (double)npos / (double)D.n : 0.0, D.dims);
        for (int bx = 1; bx <= o.max_boxes; bx++) {
            size_t total, tpos;
            if (!peel(&D, &o, bx, pf, best, vals, &total, &tpos, lo0, hi0)) break;
            double base_den = (double)tpos / (double)total;
            double den = (double)best->pos / (double)best->in;
            if (!(den > base_den) || den < o.min_density) break;
            /* Coverage and support of the whole data set, not of what is left. */
            double cov = npos ? (double)best->pos / (double)npos : NAN;
            double sup = (double)best->in / (double)D.n;
            char a[40], b2[40], c[40], dd[40], e[40], f2[40], g[40];
            int restricted = 0;
            if (report)
                fprintf(report, "box %d: coverage %.3g, density %.3g, support %.3g (%zu runs)\n",
                        bx, cov, den, sup, best->in);
            for (int k = 0; k < D.dims; k++) {
                if (!(best->lo[k] > lo0[k] || best->hi[k] < hi0[k])) continue;
                restricted++;
                fprintf(bf, "%d,%s,%s,%s,%zu,%s,%s,%s,%s,%s\n", bx,
                        sgf_sweep_format_number(cov, a, sizeof a),
                        sgf_sweep_format_number(den, b2, sizeof b2),
                        sgf_sweep_format_number(sup, c, sizeof c), best->in, D.names[k],
                        sgf_sweep_format_number(best->lo[k], dd, sizeof dd),
                        sgf_sweep_format_number(best->hi[k], e, sizeof e),
                        sgf_sweep_format_number(lo0[k], f2, sizeof f2),
                        sgf_sweep_format_number(hi0[k], g, sizeof g));
                if (report)
                    fprintf(report, "  %-48s %.6g .. %.6g   (range %.6g .. %.6g)\n", D.names[k],
                            best->lo[k], best->hi[k], lo0[k], hi0[k]);
            }
            if (!restricted)
                fprintf(bf, "%d,%s,%s,%s,%zu,(none),,,,\n", bx,
                        sgf_sweep_format_number(cov, a, sizeof a),
                        sgf_sweep_format_number(den, b2, sizeof b2),
                        sgf_sweep_format_number(sup, c, sizeof c), best->in);
            /* Covering: the next box among the runs this one leaves. */
            for (size_t i = 0; i < D.n; i++)
                if (D.alive[i] && inside(&D, best, i)) D.alive[i] = 0;
        }
    }
    bool good = true;
    if (pf) good = fclose(pf) == 0 && good;
    if (bf) good = fclose(bf) == 0 && good;
    if (st == SGF_OK && (!good || rename(pt, pp) != 0 || rename(bt, bp) != 0)) {
        snprintf(err, err_size, "cannot write %s: %s", bp, strerror(errno));
        st = SGF_ERR_IO;
    }
    if (st != SGF_OK) {
        unlink(pt);
        unlink(bt);
    }
    sgf_free(vals), sgf_free(lo0), sgf_free(hi0), sgf_free(best);
    data_free(&D);
    return st;
}
