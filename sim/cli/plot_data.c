/* plot_data.c: reading a sweep's or a run's files and turning them into
 * figures for `sgf plot` (plot_data.h). Viewer builds only: the figures are
 * drawn by viz/plot.c; nothing here sees SDL.
 *
 * The CSV reader reads plain or gzip files line by line (zlib reads both), so
 * runs.csv is streamed however long it is and only the figure's cells are
 * kept. Statistics of pooled runs are Welford's running mean and variance
 * and Student's t interval (sgf_t95), the same definition as aggregate.csv's.
 */
#ifdef SGF_WITH_VIEWER

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "base/text.h"
#include "io/scenario_schema.h"
#include "plot_data.h"
#include "sgf/sgf_sweep.h"

/* ---- the arena ----------------------------------------------------------------------- */

static void *pa_alloc(plot_arena *a, size_t size)
{
    if (a->oom) return NULL;
    if (a->count == a->cap) {
        int cap = a->cap ? a->cap * 2 : 64;
        void **p = realloc(a->ptrs, sizeof *p * (size_t)cap);
        if (!p) return a->oom = true, NULL;
        a->ptrs = p;
        a->cap = cap;
    }
    void *m = calloc(1, size ? size : 1);
    if (!m) return a->oom = true, NULL;
    a->ptrs[a->count++] = m;
    return m;
}

static double *pa_doubles(plot_arena *a, int n)
{
    double *d = pa_alloc(a, sizeof *d * (size_t)(n > 0 ? n : 1));
    for (int i = 0; d && i < n; i++) d[i] = NAN;
    return d;
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static char *
pa_printf(plot_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = n >= 0 ? pa_alloc(a, (size_t)n + 1) : NULL;
    if (!s) return NULL;
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

static void pa_free(plot_arena *a)
{
    for (int i = 0; i < a->count; i++) free(a->ptrs[i]);
    free(a->ptrs);
    memset(a, 0, sizeof *a);
}

void plot_fig_free(plot_fig *f)
{
    if (!f) return;
    pa_free(&f->arena);
    memset(f, 0, sizeof *f);
}

#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static sgf_status
fail(char *err, size_t size, sgf_status st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, size, fmt, ap);
    va_end(ap);
    return st;
}

static sgf_status oom(char *err, size_t size)
{
    return fail(err, size, SGF_ERR_NOMEM, "out of memory");
}

/* ---- names --------------------------------------------------------------------------- */

/* "; did you mean 'x'?" for the nearest of names, or "". */
static const char *suggest(const char *name, char *const *names, int count, char *buf, size_t size)
{
    int best = 4, at = -1;
    for (int i = 0; i < count; i++) {
        int d = sgf_edit_distance(name, names[i]);
        if (d < best) best = d, at = i;
    }
    if (at < 0) return "";
    snprintf(buf, size, "; did you mean '%s'?", names[at]);
    return buf;
}

static const char *last_part(const char *path)
{
    const char *dot = strrchr(path, '.');
    return dot && dot[1] ? dot + 1 : path;
}

/* ---- CSV, plain or gzip -------------------------------------------------------------- */

typedef struct csv {
    gzFile gz;
    const char *path;
    char *line;
    size_t cap;
    long line_no;
    char **f;
    int n, fcap;
} csv;

static sgf_status csv_open(csv *c, const char *path, char *err, size_t size)
{
    memset(c, 0, sizeof *c);
    c->path = path;
    errno = 0;
    c->gz = gzopen(path, "rb");
    if (!c->gz)
        return fail(err, size, SGF_ERR_USAGE, "cannot read %s: %s", path,
                    errno ? strerror(errno) : "cannot open");
    gzbuffer(c->gz, 1 << 16);
    return SGF_OK;
}

static void csv_close(csv *c)
{
    if (c->gz) gzclose(c->gz);
    free(c->line);
    free(c->f);
    memset(c, 0, sizeof *c);
}

/* Splits c->line in place into fields (RFC 4180 quoting). */
static sgf_status csv_split(csv *c, char *err, size_t size)
{
    c->n = 0;
    char *s = c->line, *w = c->line;
    for (;;) {
        if (c->n == c->fcap) {
            int cap = c->fcap ? c->fcap * 2 : 32;
            char **p = realloc(c->f, sizeof *p * (size_t)cap);
            if (!p) return oom(err, size);
            c->f = p;
            c->fcap = cap;
        }
        c->f[c->n++] = w;
        if (*s == '"') {
            s++;
            for (;;) {
                if (*s == '\0')
                    return fail(err, size, SGF_ERR_USAGE, "%s:%ld: a quoted field is not closed",
                                c->path, c->line_no);
                if (*s == '"' && s[1] == '"') {
                    *w++ = '"';
                    s += 2;
                } else if (*s == '"') {
                    s++;
                    break;
                } else {
                    *w++ = *s++;
                }
            }
            if (*s != ',' && *s != '\0')
                return fail(err, size, SGF_ERR_USAGE,
                            "%s:%ld: text after a quoted field (field %d)", c->path, c->line_no,
                            c->n);
        } else {
            while (*s != ',' && *s != '\0') *w++ = *s++;
        }
        if (*s == '\0') {
            *w = '\0';
            return SGF_OK;
        }
        *w++ = '\0';
        s++;
    }
}

/* The next non-empty line, split: 1, or 0 at the end, or -1 with err. */
static int csv_next(csv *c, sgf_status *st, char *err, size_t size)
{
    for (;;) {
        size_t len = 0;
        for (;;) {
            if (c->cap - len < 4096) {
                size_t cap = c->cap ? c->cap * 2 : 8192;
                char *p = realloc(c->line, cap);
                if (!p) {
                    *st = oom(err, size);
                    return -1;
                }
                c->line = p;
                c->cap = cap;
            }
            if (!gzgets(c->gz, c->line + len, (int)(c->cap - len))) {
                int zerr = 0;
                const char *msg = gzerror(c->gz, &zerr);
                if (zerr != Z_OK && zerr != Z_BUF_ERROR) {
                    *st = fail(err, size, SGF_ERR_USAGE, "%s:%ld: cannot read: %s", c->path,
                               c->line_no + 1, msg);
                    return -1;
                }
                c->line[len] = '\0';
                break;
            }
            len += strlen(c->line + len);
            if (len > 0 && c->line[len - 1] == '\n') break;
        }
        if (len == 0) return 0;
        c->line_no++;
        while (len > 0 && (c->line[len - 1] == '\n' || c->line[len - 1] == '\r'))
            c->line[--len] = '\0';
        if (len == 0) continue;
        if (strlen(c->line) != len) {
            *st = fail(err, size, SGF_ERR_USAGE, "%s:%ld: a NUL byte in the line", c->path,
                       c->line_no);
            return -1;
        }
        *st = csv_split(c, err, size);
        return *st == SGF_OK ? 1 : -1;
    }
}

static int csv_column(const csv *c, const char *name)
{
    for (int i = 0; i < c->n; i++)
        if (strcmp(c->f[i], name) == 0) return i;
    return -1;
}

/* A number as sgf writes them (%g, Inf; NaN in files of older versions);
 * empty is not one. */
static bool parse_number(const char *s, double *out)
{
    if (!s[0]) return false;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (*end != '\0' || end == s) return false;
    *out = v;
    return true;
}

/* A metric's value: a number, or an empty field for a value that does not
 * exist (NaN), as every sgf CSV writes it. */
static bool parse_value(const char *s, double *out)
{
    if (!s[0]) {
        *out = NAN;
        return true;
    }
    return parse_number(s, out);
}

static bool parse_long(const char *s, long *out)
{
    if (!s[0]) return false;
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (*end != '\0' || errno != 0 || v < 0) return false;
    *out = v;
    return true;
}

/* ---- sweep.json ---------------------------------------------------------------------- */

static char *read_small_file(const char *path, char *err, size_t size, sgf_status *st)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        *st = fail(err, size, SGF_ERR_USAGE, "cannot read %s: %s", path, strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap + 1);
    while (buf) {
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0) break;
        if (len == cap) {
            if (cap >= (1u << 24)) break; /* sweep.json is small; do not read a huge file */
            char *p = realloc(buf, cap * 2 + 1);
            if (!p) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = p;
            cap *= 2;
        }
    }
    fclose(f);
    if (!buf) {
        *st = oom(err, size);
        return NULL;
    }
    buf[len] = '\0';
    *st = SGF_OK;
    return buf;
}

/* The value after "key": in a flat JSON object: a string into out (true),
 * or the raw token (a number, true, false). */
static bool json_value(const char *text, const char *key, char *out, size_t size)
{
    char pat[96];
    snprintf(pat, sizeof pat, "\"%s\"", key);
    const char *p = strstr(text, pat);
    if (!p) return false;
    p += strlen(pat);
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
    if (*p != ':') return false;
    p++;
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
    size_t n = 0;
    if (*p == '"') {
        p++;
        while (*p && *p != '"' && n + 1 < size) {
            if (*p == '\\' && p[1]) p++;
            out[n++] = *p++;
        }
        if (*p != '"') return false;
    } else {
        while (*p && *p != ',' && *p != '}' && *p != '\n' && n + 1 < size) out[n++] = *p++;
        while (n > 0 && (out[n - 1] == ' ' || out[n - 1] == '\r')) n--;
    }
    out[n] = '\0';
    return true;
}

/* ---- a sweep ------------------------------------------------------------------------- */

void plot_sweep_free(plot_sweep *s)
{
    if (!s) return;
    for (int j = 0; s->params && j < s->param_count; j++) free(s->params[j]);
    for (int m = 0; s->metrics && m < s->metric_count; m++) free(s->metrics[m]);
    if (s->values)
        for (long i = 0; i < (long)s->point_count * s->param_count; i++) free(s->values[i]);
    free(s->params);
    free(s->metrics);
    free(s->point);
    free(s->values);
    free(s->runs);
    free(s->ok);
    free(s->stat);
    memset(s, 0, sizeof *s);
}

static bool ends_with(const char *s, const char *suffix, size_t *stem)
{
    size_t n = strlen(s), m = strlen(suffix);
    if (n <= m || strcmp(s + n - m, suffix) != 0) return false;
    *stem = n - m;
    return true;
}

static sgf_status read_header(plot_sweep *s, csv *c, char *err, size_t size)
{
    if (c->n < 3 || strcmp(c->f[0], "point") != 0)
        return fail(err, size, SGF_ERR_USAGE,
                    "%s:%ld: not an aggregate.csv: the first column is '%s', not 'point'", c->path,
                    c->line_no, c->n ? c->f[0] : "");
    int runs_col = csv_column(c, "runs");
    if (runs_col < 1 || runs_col + 1 >= c->n || strcmp(c->f[runs_col + 1], "ok") != 0)
        return fail(err, size, SGF_ERR_USAGE,
                    "%s:%ld: not an aggregate.csv: no 'runs' and 'ok' columns after the "
                    "varied settings",
                    c->path, c->line_no);
    int rest = c->n - runs_col - 2;
    if (rest < 4 || rest % 4 != 0)
        return fail(err, size, SGF_ERR_USAGE,
                    "%s:%ld: not an aggregate.csv: %d metric columns after 'ok', not 4 per "
                    "metric (mean, sd, ci_low, ci_high)",
                    c->path, c->line_no, rest);
    s->param_count = runs_col - 1;
    s->metric_count = rest / 4;
    s->params = calloc((size_t)(s->param_count ? s->param_count : 1), sizeof *s->params);
    s->metrics = calloc((size_t)s->metric_count, sizeof *s->metrics);
    if (!s->params || !s->metrics) return oom(err, size);
    if (s->param_count < 1)
        return fail(err, size, SGF_ERR_USAGE,
                    "%s:%ld: no varied settings between 'point' and 'runs'", c->path, c->line_no);
    for (int j = 0; j < s->param_count; j++)
        if (!(s->params[j] = strdup(c->f[1 + j]))) return oom(err, size);
    static const char *const suffix[4] = {"_mean", "_sd", "_ci_low", "_ci_high"};
    for (int m = 0; m < s->metric_count; m++) {
        const char *col0 = c->f[runs_col + 2 + m * 4];
        size_t stem = 0;
        if (!ends_with(col0, suffix[0], &stem))
            return fail(err, size, SGF_ERR_USAGE, "%s:%ld: column %d is '%s', not METRIC_mean",
                        c->path, c->line_no, runs_col + 3 + m * 4, col0);
        if (!(s->metrics[m] = strndup(col0, stem))) return oom(err, size);
        for (int k = 1; k < 4; k++) {
            const char *col = c->f[runs_col + 2 + m * 4 + k];
            size_t st = 0;
            if (!ends_with(col, suffix[k], &st) || st != stem || strncmp(col, col0, stem) != 0)
                return fail(err, size, SGF_ERR_USAGE, "%s:%ld: column %d is '%s', not %s%s",
                            c->path, c->line_no, runs_col + 3 + m * 4 + k, col, s->metrics[m],
                            suffix[k]);
        }
    }
    return SGF_OK;
}

static sgf_status add_row(plot_sweep *s, csv *c, int *cap, char *err, size_t size)
{
    int cols = 1 + s->param_count + 2 + 4 * s->metric_count;
    if (c->n != cols)
        return fail(err, size, SGF_ERR_USAGE, "%s:%ld: %d field%s, the header has %d", c->path,
                    c->line_no, c->n, c->n == 1 ? "" : "s", cols);
    if (s->point_count == *cap) {
        int nc = *cap ? *cap * 2 : 64;
        long *pt = realloc(s->point, sizeof *pt * (size_t)nc);
        if (pt) s->point = pt;
        char **v = realloc(s->values, sizeof *v * (size_t)nc * (size_t)s->param_count);
        if (v) s->values = v;
        double *r = realloc(s->runs, sizeof *r * (size_t)nc);
        if (r) s->runs = r;
        double *o = realloc(s->ok, sizeof *o * (size_t)nc);
        if (o) s->ok = o;
        double *st = realloc(s->stat, sizeof *st * (size_t)nc * (size_t)s->metric_count * 4);
        if (st) s->stat = st;
        if (!pt || !v || !r || !o || !st) return oom(err, size);
        *cap = nc;
    }
    int row = s->point_count;
    if (!parse_long(c->f[0], &s->point[row]))
        return fail(err, size, SGF_ERR_USAGE, "%s:%ld: point '%s' is not a whole number", c->path,
                    c->line_no, c->f[0]);
    for (int j = 0; j < s->param_count; j++) s->values[row * s->param_count + j] = NULL;
    s->point_count++; /* from here the row's strings are freed with the sweep */
    for (int j = 0; j < s->param_count; j++)
        if (!(s->values[row * s->param_count + j] = strdup(c->f[1 + j]))) return oom(err, size);
    int base = 1 + s->param_count;
    if (!parse_number(c->f[base], &s->runs[row]) || !parse_number(c->f[base + 1], &s->ok[row]))
        return fail(err, size, SGF_ERR_USAGE, "%s:%ld: 'runs' or 'ok' is not a number", c->path,
                    c->line_no);
    for (int k = 0; k < 4 * s->metric_count; k++)
        if (!parse_value(c->f[base + 2 + k],
                         &s->stat[(size_t)row * (size_t)s->metric_count * 4 + (size_t)k]))
            return fail(err, size, SGF_ERR_USAGE, "%s:%ld: column '%s%s' holds '%s', not a number",
                        c->path, c->line_no, s->metrics[k / 4],
                        (const char *[]){"_mean", "_sd", "_ci_low", "_ci_high"}[k % 4],
                        c->f[base + 2 + k]);
    return SGF_OK;
}

sgf_status plot_sweep_load(const char *dir, plot_sweep *s, char *err, size_t size)
{
    memset(s, 0, sizeof *s);
    snprintf(s->dir, sizeof s->dir, "%s", dir);
    char path[4200];
    snprintf(path, sizeof path, "%s/sweep.json", dir);
    sgf_status st;
    char *json = read_small_file(path, err, size, &st);
    if (!json) return st;
    char buf[256];
    if (json_value(json, "shard", buf, sizeof buf)) {
        free(json);
        return fail(err, size, SGF_ERR_USAGE,
                    "%s holds one shard of a sweep (%s has a shard): join the shards with "
                    "`sgf merge DIR... --out DIR` and plot the merged directory",
                    dir, path);
    }
    if (!json_value(json, "design", s->design, sizeof s->design)) {
        free(json);
        return fail(err, size, SGF_ERR_USAGE, "%s: no \"design\": not a sweep's sweep.json", path);
    }
    if (!json_value(json, "name", s->name, sizeof s->name)) snprintf(s->name, sizeof s->name, "?");
    if (json_value(json, "replications", buf, sizeof buf)) s->replications = atol(buf);
    free(json);

    snprintf(path, sizeof path, "%s/aggregate.csv", dir);
    csv c;
    if ((st = csv_open(&c, path, err, size)) != SGF_OK) {
        size_t n = strlen(err);
        snprintf(err + n, size - n, " (the sweep has not finished, or ran as shards: merge them)");
        return st;
    }
    int r = csv_next(&c, &st, err, size);
    if (r == 0) st = fail(err, size, SGF_ERR_USAGE, "%s: empty file", path);
    if (r == 1) st = read_header(s, &c, err, size);
    int cap = 0;
    while (st == SGF_OK && (r = csv_next(&c, &st, err, size)) == 1)
        st = add_row(s, &c, &cap, err, size);
    csv_close(&c);
    if (st == SGF_OK && s->point_count == 0)
        st =
            fail(err, size, SGF_ERR_USAGE, "%s: no design points (no rows after the header)", path);
    /* Well formed is not enough: it must be the aggregate.csv this sweep
     * wrote, not another sweep's copied in (the checksum in sweep.json). */
    if (st == SGF_OK) st = sgf_sweep_verify_file(dir, "aggregate.csv", err, size);
    if (st != SGF_OK) plot_sweep_free(s);
    return st;
}

int plot_sweep_find_param(const plot_sweep *s, const char *name)
{
    for (int j = 0; j < s->param_count; j++)
        if (strcmp(s->params[j], name) == 0) return j;
    int found = -1;
    for (int j = 0; j < s->param_count; j++) {
        size_t n = strlen(s->params[j]), m = strlen(name);
        if (n > m && s->params[j][n - m - 1] == '.' && strcmp(s->params[j] + n - m, name) == 0) {
            if (found >= 0) return -2;
            found = j;
        }
    }
    return found;
}

int plot_sweep_find_metric(const plot_sweep *s, const char *name)
{
    for (int m = 0; m < s->metric_count; m++)
        if (strcmp(s->metrics[m], name) == 0) return m;
    return -1;
}

const char *plot_param_short(const plot_sweep *s, int j)
{
    const char *last = last_part(s->params[j]);
    for (int k = 0; k < s->param_count; k++)
        if (k != j && strcmp(last_part(s->params[k]), last) == 0) return s->params[j];
    return last;
}

/* ---- units --------------------------------------------------------------------------- */

const char *plot_unit_display(const char *unit)
{
    if (!unit) return "";
    if (strcmp(unit, "count") == 0) return "";
    if (strcmp(unit, "[0,1]") == 0) return "0 to 1";
    if (strcmp(unit, "0/1") == 0) return "share of runs";
    if (strcmp(unit, "share") == 0) return "fraction";
    return unit;
}

static const char *summary_unit(const char *metric)
{
    for (int i = 0; i < sgf_summary_count; i++)
        if (strcmp(sgf_summary_table[i].name, metric) == 0)
            return plot_unit_display(sgf_summary_table[i].unit);
    return "";
}

/* The values a metric of that table unit can take, for the axis. */
static sgf_plot_range unit_range(const char *unit)
{
    static const char *const unit01[] = {"0/1", "share", "[0,1]"};
    static const char *const nonneg[] = {"count", "week", "weeks", "units", "ratio", "hours"};
    for (size_t i = 0; i < sizeof unit01 / sizeof *unit01; i++)
        if (strcmp(unit, unit01[i]) == 0) return SGF_PLOT_RANGE_UNIT;
    for (size_t i = 0; i < sizeof nonneg / sizeof *nonneg; i++)
        if (strcmp(unit, nonneg[i]) == 0) return SGF_PLOT_RANGE_NONNEG;
    return SGF_PLOT_RANGE_ANY;
}

static const sgf_metric_info *summary_info(const char *metric)
{
    for (int i = 0; i < sgf_summary_count; i++)
        if (strcmp(sgf_summary_table[i].name, metric) == 0) return &sgf_summary_table[i];
    return NULL;
}

static sgf_plot_range summary_range(const char *metric)
{
    const sgf_metric_info *mi = summary_info(metric);
    return mi ? unit_range(mi->unit) : SGF_PLOT_RANGE_ANY;
}

/* A metric's words for a title, from the metric table: "Revenue over the
 * run (revenue_total_eur)"; the bare name when the table does not know it. */
static char *metric_title(plot_arena *a, const sgf_metric_info *mi, const char *name)
{
    if (!mi || !mi->doc[0]) return pa_printf(a, "%s", name);
    char doc[256];
    snprintf(doc, sizeof doc, "%s", mi->doc);
    if (doc[0] >= 'a' && doc[0] <= 'z') doc[0] = (char)(doc[0] - 'a' + 'A');
    return pa_printf(a, "%s (%s)", doc, name);
}

static char *summary_title(plot_arena *a, const char *metric)
{
    return metric_title(a, summary_info(metric), metric);
}

const char *plot_setting_unit(const char *path)
{
    const sgf_schema *sc = sgf_schema_root();
    const char *p = path;
    char part[SGF_NAME_MAX + 8];
    bool skip_key = false;
    while (*p) {
        size_t n = 0;
        if (*p == '"') {
            p++;
            while (*p && *p != '"' && n + 1 < sizeof part) part[n++] = *p++;
            if (*p == '"') p++;
        } else {
            while (*p && *p != '.' && n + 1 < sizeof part) part[n++] = *p++;
        }
        part[n] = '\0';
        if (*p == '.') p++;
        if (skip_key) { /* the key of a list element */
            skip_key = false;
            continue;
        }
        const sgf_field *f = sc ? sgf_schema_find(sc, part) : NULL;
        if (!f) return "";
        if (f->type == SGF_FT_GROUP) {
            sc = f->group;
        } else if (f->type == SGF_FT_LIST) {
            sc = f->list ? f->list->element : NULL;
            skip_key = true;
        } else {
            return *p ? "" : plot_unit_display(f->unit);
        }
    }
    return "";
}

/* ---- levels and cells ---------------------------------------------------------------- */

typedef struct levels {
    int count;
    const char **text; /* as written in aggregate.csv */
    double *num;       /* numeric levels, ascending */
    bool numeric;
    int *of_row; /* each row's level, -1 when not selected */
} levels;

typedef struct valued_row {
    double v;
    int row;
} valued_row;

static int by_value(const void *a, const void *b)
{
    const valued_row *x = a, *y = b;
    return x->v < y->v ? -1 : x->v > y->v ? 1 : x->row - y->row;
}

/* The distinct values of setting j over the selected rows: numbers
 * ascending, or texts in the order of their first row (the design's
 * order). */
static sgf_status levels_of(const plot_sweep *s, int j, const bool *sel, plot_arena *a, levels *l,
                            char *err, size_t size)
{
    int n = s->point_count;
    memset(l, 0, sizeof *l);
    l->text = pa_alloc(a, sizeof *l->text * (size_t)n);
    l->num = pa_doubles(a, n);
    l->of_row = pa_alloc(a, sizeof *l->of_row * (size_t)n);
    valued_row *order = pa_alloc(a, sizeof *order * (size_t)n);
    if (!l->text || !l->num || !l->of_row || !order) return oom(err, size);
    l->numeric = true;
    int k = 0;
    for (int r = 0; r < n; r++) {
        l->of_row[r] = -1;
        if (!sel[r]) continue;
        double v = NAN;
        if (!parse_number(s->values[r * s->param_count + j], &v) || !isfinite(v))
            l->numeric = false;
        order[k++] = (valued_row){v, r};
    }
    if (l->numeric) {
        qsort(order, (size_t)k, sizeof *order, by_value);
        for (int i = 0; i < k; i++) {
            if (l->count == 0 || order[i].v != l->num[l->count - 1]) {
                l->text[l->count] = s->values[order[i].row * s->param_count + j];
                l->num[l->count++] = order[i].v;
            }
            l->of_row[order[i].row] = l->count - 1;
        }
    } else {
        for (int i = 0; i < k; i++) {
            const char *t = s->values[order[i].row * s->param_count + j];
            int at = -1;
            for (int q = 0; q < l->count && at < 0; q++)
                if (strcmp(l->text[q], t) == 0) at = q;
            if (at < 0) {
                at = l->count;
                l->text[l->count++] = t;
            }
            l->of_row[order[i].row] = at;
        }
    }
    return SGF_OK;
}

/* Logarithmic x when the levels are spread evenly in the logarithm rather
 * than linearly (a `scale = "log"` range or stratum), all above zero and
 * over a factor of 4 or more. */
static bool looks_logarithmic(const levels *l)
{
    if (!l->numeric || l->count < 3 || !(l->num[0] > 0)) return false;
    double lo = l->num[0], hi = l->num[l->count - 1];
    if (hi / lo < 4.0) return false;
    double d_lin = 0, d_log = 0;
    for (int i = 0; i < l->count; i++) {
        double q = (double)i / (double)(l->count - 1);
        d_lin = fmax(d_lin, fabs(q - (l->num[i] - lo) / (hi - lo)));
        d_log = fmax(d_log, fabs(q - log(l->num[i] / lo) / log(hi / lo)));
    }
    return d_log < d_lin;
}

typedef struct cells {
    int count;
    double *mean, *lo, *hi;
    long *n; /* ok runs behind each cell */
    bool pooled;
} cells;

/* Pools metric m's ok runs of runs.csv into the cells of their points. */
static sgf_status pool_runs(const plot_sweep *s, int m, const int *cell_of_row, cells *cl,
                            plot_arena *a, char *err, size_t size)
{
    long max_point = 0;
    for (int r = 0; r < s->point_count; r++)
        if (s->point[r] > max_point) max_point = s->point[r];
    int *cell_of_point = pa_alloc(a, sizeof *cell_of_point * (size_t)(max_point + 1));
    double *mean = pa_doubles(a, cl->count), *m2 = pa_doubles(a, cl->count);
    if (!cell_of_point || !mean || !m2) return oom(err, size);
    for (long p = 0; p <= max_point; p++) cell_of_point[p] = -1;
    for (int r = 0; r < s->point_count; r++) cell_of_point[s->point[r]] = cell_of_row[r];
    for (int i = 0; i < cl->count; i++) mean[i] = m2[i] = 0, cl->n[i] = 0;

    char path[4200];
    snprintf(path, sizeof path, "%s/runs.csv", s->dir);
    csv c;
    sgf_status st = csv_open(&c, path, err, size);
    if (st != SGF_OK) return st;
    int r = csv_next(&c, &st, err, size);
    int pcol = -1, scol = -1, mcol = -1, cols = 0;
    if (r == 0) st = fail(err, size, SGF_ERR_USAGE, "%s: empty file", path);
    if (r == 1) {
        pcol = csv_column(&c, "point");
        scol = csv_column(&c, "status");
        mcol = csv_column(&c, s->metrics[m]);
        cols = c.n;
        if (pcol < 0 || scol < 0 || mcol < 0)
            st = fail(err, size, SGF_ERR_USAGE, "%s:1: no '%s' column", path,
                      pcol < 0   ? "point"
                      : scol < 0 ? "status"
                                 : s->metrics[m]);
    }
    while (st == SGF_OK && (r = csv_next(&c, &st, err, size)) == 1) {
        long p;
        if (c.n != cols) {
            st = fail(err, size, SGF_ERR_USAGE, "%s:%ld: %d field%s, the header has %d", path,
                      c.line_no, c.n, c.n == 1 ? "" : "s", cols);
            break;
        }
        if (!parse_long(c.f[pcol], &p)) {
            st = fail(err, size, SGF_ERR_USAGE, "%s:%ld: point '%s' is not a whole number", path,
                      c.line_no, c.f[pcol]);
            break;
        }
        if (p > max_point || cell_of_point[p] < 0 || strcmp(c.f[scol], "ok") != 0) continue;
        double v;
        if (!parse_value(c.f[mcol], &v)) {
            st = fail(err, size, SGF_ERR_USAGE, "%s:%ld: %s '%s' is not a number", path, c.line_no,
                      s->metrics[m], c.f[mcol]);
            break;
        }
        if (!isfinite(v)) continue;
        int k = cell_of_point[p];
        long n = ++cl->n[k];
        double d = v - mean[k];
        mean[k] += d / (double)n;
        m2[k] += d * (v - mean[k]);
    }
    csv_close(&c);
    if (st == SGF_OK) st = sgf_sweep_verify_file(s->dir, "runs.csv", err, size);
    if (st != SGF_OK) return st;
    for (int k = 0; k < cl->count; k++) {
        long n = cl->n[k];
        if (n < 1) continue;
        cl->mean[k] = mean[k];
        if (n < 2) continue;
        double half = sgf_t95((int)(n - 1)) * sqrt(m2[k] / (double)(n - 1)) / sqrt((double)n);
        cl->lo[k] = mean[k] - half;
        cl->hi[k] = mean[k] + half;
    }
    cl->pooled = true;
    return SGF_OK;
}

/* The cells' statistics: one design point each straight from aggregate.csv,
 * or pooled from runs.csv when a cell holds several points. */
static sgf_status fill_cells(const plot_sweep *s, int m, const int *cell_of_row, int count,
                             cells *cl, plot_arena *a, char *err, size_t size)
{
    memset(cl, 0, sizeof *cl);
    cl->count = count;
    cl->mean = pa_doubles(a, count);
    cl->lo = pa_doubles(a, count);
    cl->hi = pa_doubles(a, count);
    cl->n = pa_alloc(a, sizeof *cl->n * (size_t)count);
    int *points = pa_alloc(a, sizeof *points * (size_t)count);
    if (!cl->mean || !cl->lo || !cl->hi || !cl->n || !points) return oom(err, size);
    bool several = false;
    for (int r = 0; r < s->point_count; r++)
        if (cell_of_row[r] >= 0 && ++points[cell_of_row[r]] > 1) several = true;
    if (several) return pool_runs(s, m, cell_of_row, cl, a, err, size);
    for (int r = 0; r < s->point_count; r++) {
        int k = cell_of_row[r];
        if (k < 0) continue;
        const double *st = &s->stat[((size_t)r * (size_t)s->metric_count + (size_t)m) * 4];
        cl->n[k] = (long)s->ok[r];
        if (s->ok[r] < 1) continue;
        cl->mean[k] = st[0];
        cl->lo[k] = st[2];
        cl->hi[k] = st[3];
    }
    return SGF_OK;
}

/* The single runs behind cells: metric m of every ok run of runs.csv whose
 * point lies in a cell, as (cell, value) pairs, at most max of them (more
 * would only paint the panel). *count -1: runs.csv is missing or has too
 * many runs; that is not an error, the figure just shows no dots. */
static sgf_status collect_runs(const plot_sweep *s, int m, const int *cell_of_row, int max,
                               int **cell_out, double **val_out, int *count, plot_arena *a,
                               char *err, size_t size)
{
    *count = -1;
    long max_point = 0;
    for (int r = 0; r < s->point_count; r++)
        if (s->point[r] > max_point) max_point = s->point[r];
    int *cell_of_point = pa_alloc(a, sizeof *cell_of_point * (size_t)(max_point + 1));
    int *run_cells = pa_alloc(a, sizeof *run_cells * (size_t)max);
    double *vals = pa_doubles(a, max);
    if (!cell_of_point || !run_cells || !vals) return oom(err, size);
    for (long p = 0; p <= max_point; p++) cell_of_point[p] = -1;
    for (int r = 0; r < s->point_count; r++) cell_of_point[s->point[r]] = cell_of_row[r];
    char path[4200];
    snprintf(path, sizeof path, "%s/runs.csv", s->dir);
    csv c;
    char ignore[256];
    if (csv_open(&c, path, ignore, sizeof ignore) != SGF_OK) return SGF_OK;
    sgf_status st = SGF_OK;
    int r = csv_next(&c, &st, err, size);
    int pcol = -1, scol = -1, mcol = -1, n = 0;
    if (r == 1) {
        pcol = csv_column(&c, "point");
        scol = csv_column(&c, "status");
        mcol = csv_column(&c, s->metrics[m]);
    }
    bool ok = r == 1 && pcol >= 0 && scol >= 0 && mcol >= 0;
    while (ok && st == SGF_OK && (r = csv_next(&c, &st, err, size)) == 1) {
        long p;
        double v;
        if (pcol >= c.n || scol >= c.n || mcol >= c.n || !parse_long(c.f[pcol], &p)) continue;
        if (p > max_point || cell_of_point[p] < 0 || strcmp(c.f[scol], "ok") != 0) continue;
        if (!parse_value(c.f[mcol], &v) || !isfinite(v)) continue;
        if (n == max) {
            ok = false;
            break;
        }
        run_cells[n] = cell_of_point[p];
        vals[n++] = v;
    }
    csv_close(&c);
    if (st != SGF_OK) return st;
    if (ok) {
        *cell_out = run_cells;
        *val_out = vals;
        *count = n;
    }
    return SGF_OK;
}

/* The rows a figure of setting x (and by) uses: all, except in a one at a
 * time design, where only the points with every other setting at the base's
 * value (point 0) are a line through the base. */
static bool *select_rows(const plot_sweep *s, int x, int by, plot_arena *a)
{
    bool *sel = pa_alloc(a, sizeof *sel * (size_t)s->point_count);
    if (!sel) return NULL;
    bool oat = strcmp(s->design, "one_at_a_time") == 0;
    int base = 0;
    for (int r = 0; r < s->point_count; r++)
        if (s->point[r] == 0) base = r;
    for (int r = 0; r < s->point_count; r++) {
        sel[r] = true;
        for (int j = 0; oat && j < s->param_count; j++)
            if (j != x && j != by &&
                strcmp(s->values[r * s->param_count + j], s->values[base * s->param_count + j]) !=
                    0)
                sel[r] = false;
    }
    /* A level equal to the base's value repeats the base (under common
     * random numbers, run for run): keep the base's point alone, so the
     * same runs are not counted twice. */
    for (int r = 0; oat && r < s->point_count; r++) {
        if (!sel[r] || r == base) continue;
        bool same = true;
        for (int j = 0; same && j < s->param_count; j++)
            same = strcmp(s->values[r * s->param_count + j],
                          s->values[base * s->param_count + j]) == 0;
        if (same) sel[r] = false;
    }
    return sel;
}

static char *design_line(const plot_sweep *s, plot_arena *a)
{
    return pa_printf(a, "sweep %s: %s, %d point%s \xc3\x97 %ld replication%s", s->name, s->design,
                     s->point_count, s->point_count == 1 ? "" : "s", s->replications,
                     s->replications == 1 ? "" : "s");
}

static void file_name(char *out, size_t size, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void file_name(char *out, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out, size, fmt, ap);
    va_end(ap);
    for (char *p = out; *p; p++) {
        char c = *p;
        bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.';
        if (!safe) *p = '_';
    }
}

/* ---- line figures -------------------------------------------------------------------- */

typedef struct line_info {
    bool pooled, oat, any_interval;
    int levels;
    bool run_dots;
} line_info;

/* One panel: metric m against setting x, a series per level of by. */
static sgf_status line_panel(const plot_sweep *s, int m, int x, int by, plot_xscale xscale,
                             plot_arena *a, sgf_plot_panel *pn, line_info *info, char *err,
                             size_t size)
{
    memset(pn, 0, sizeof *pn);
    memset(info, 0, sizeof *info);
    info->oat = strcmp(s->design, "one_at_a_time") == 0;
    bool *sel = select_rows(s, x, by, a);
    if (!sel) return oom(err, size);
    levels lx, lb;
    sgf_status st = levels_of(s, x, sel, a, &lx, err, size);
    if (st != SGF_OK) return st;
    if (by >= 0) {
        if ((st = levels_of(s, by, sel, a, &lb, err, size)) != SGF_OK) return st;
        if (lb.count > SGF_PLOT_MAX_SERIES)
            return fail(err, size, SGF_ERR_USAGE,
                        "--by %s: %d values, a figure shows at most %d lines (use --y for a "
                        "heat map)",
                        s->params[by], lb.count, SGF_PLOT_MAX_SERIES);
    } else {
        memset(&lb, 0, sizeof lb);
        lb.count = 1;
    }
    int *cell_of_row = pa_alloc(a, sizeof *cell_of_row * (size_t)s->point_count);
    if (!cell_of_row) return oom(err, size);
    for (int r = 0; r < s->point_count; r++) {
        int ix = lx.of_row[r], ib = by >= 0 ? lb.of_row[r] : 0;
        cell_of_row[r] = ix >= 0 && ib >= 0 ? ib * lx.count + ix : -1;
    }
    cells cl;
    if ((st = fill_cells(s, m, cell_of_row, lx.count * lb.count, &cl, a, err, size)) != SGF_OK)
        return st;
    info->pooled = cl.pooled;
    info->levels = lx.count;

    bool lhs = strcmp(s->design, "latin_hypercube") == 0;
    sgf_plot_style style =
        !lx.numeric || (lhs && !cl.pooled) ? SGF_PLOT_POINTS : SGF_PLOT_LINE_BAND;
    /* the single runs as dots under each line (not for a Latin hypercube,
     * whose points are shown one by one) */
    int *run_cell = NULL, run_count = -1;
    double *run_val = NULL;
    if (!lhs) {
        st = collect_runs(s, m, cell_of_row, 20000, &run_cell, &run_val, &run_count, a, err, size);
        if (st != SGF_OK) return st;
    }
    int nseries = lb.count * (run_count > 0 ? 2 : 1);
    sgf_plot_series *series = pa_alloc(a, sizeof *series * (size_t)nseries);
    if (!series) return oom(err, size);
    for (int b = 0; run_count > 0 && b < lb.count; b++) {
        int k = 0;
        for (int i = 0; i < run_count; i++) k += run_cell[i] / lx.count == b;
        double *xs = pa_doubles(a, k), *ys = pa_doubles(a, k);
        if (!xs || !ys) return oom(err, size);
        int j = 0;
        for (int i = 0; i < run_count; i++) {
            if (run_cell[i] / lx.count != b) continue;
            int ix = run_cell[i] % lx.count;
            xs[j] = lx.numeric ? lx.num[ix] : (double)ix;
            ys[j++] = run_val[i];
        }
        series[lb.count + b] = (sgf_plot_series){NULL, k, xs, ys, NULL, NULL, SGF_PLOT_DOTS, b + 1};
        info->run_dots = true;
    }
    for (int b = 0; b < lb.count; b++) {
        double *xs = pa_doubles(a, lx.count), *ys = pa_doubles(a, lx.count);
        double *lo = pa_doubles(a, lx.count), *hi = pa_doubles(a, lx.count);
        if (!xs || !ys || !lo || !hi) return oom(err, size);
        for (int i = 0; i < lx.count; i++) {
            int k = b * lx.count + i;
            xs[i] = lx.numeric ? lx.num[i] : (double)i;
            ys[i] = cl.mean[k];
            lo[i] = cl.lo[k];
            hi[i] = cl.hi[k];
            if (isfinite(lo[i]) && isfinite(hi[i])) info->any_interval = true;
        }
        /* a Latin hypercube's points have a few runs each: their intervals
         * (t with 1 or 2 degrees of freedom) would only hide the pattern */
        bool scatter = lhs && !cl.pooled && lx.numeric;
        series[b] =
            (sgf_plot_series){by >= 0 ? lb.text[b] : NULL, lx.count, xs,   ys, scatter ? NULL : lo,
                              scatter ? NULL : hi,         style,    b + 1};
        if (scatter) info->any_interval = false;
    }
    pn->series = series;
    pn->series_count = nseries;
    pn->legend_title = by >= 0 ? s->params[by] : NULL;
    pn->x.label = s->params[x];
    pn->x.unit = plot_setting_unit(s->params[x]);
    if (!lx.numeric) {
        pn->x.categories = lx.text;
        pn->x.category_count = lx.count;
    } else {
        pn->x.log =
            xscale == PLOT_XSCALE_LOG || (xscale == PLOT_XSCALE_AUTO && looks_logarithmic(&lx));
        if (pn->x.log && !(lx.num[0] > 0))
            return fail(err, size, SGF_ERR_USAGE,
                        "--x-scale log: %s takes the value %s, and a logarithmic axis needs "
                        "values above zero",
                        s->params[x], lx.text[0]);
    }
    pn->y.label = s->metrics[m];
    pn->y.unit = summary_unit(s->metrics[m]);
    pn->y.range = summary_range(s->metrics[m]);
    return a->oom ? oom(err, size) : SGF_OK;
}

static char *line_subtitle(const plot_sweep *s, const line_info *info, plot_arena *a)
{
    const char *how = info->oat      ? " \xc2\xb7 other settings at the base's values"
                      : info->pooled ? " \xc2\xb7 averaged over the other settings"
                                     : "";
    const char *ci = info->any_interval ? " and its 95 % confidence interval" : "";
    const char *dots = info->run_dots ? " \xc2\xb7 dots: the single runs" : "";
    return pa_printf(a, "%s \xc2\xb7 mean of the runs%s%s%s", design_line(s, a), ci, how, dots);
}

sgf_status plot_make_line(const plot_sweep *s, int m, int x, int by, plot_xscale xscale,
                          plot_fig *out, char *err, size_t size)
{
    memset(out, 0, sizeof *out);
    if (by >= 0 && by == x)
        return fail(err, size, SGF_ERR_USAGE, "--by names the same setting as --x (%s)",
                    s->params[x]);
    if (by >= 0 && strcmp(s->design, "one_at_a_time") == 0)
        return fail(err, size, SGF_ERR_USAGE,
                    "--by %s: a one_at_a_time sweep varies one setting at a time, so there are "
                    "no lines of one setting at the values of another",
                    s->params[by]);
    plot_arena *a = &out->arena;
    sgf_plot_panel *pn = pa_alloc(a, sizeof *pn);
    if (!pn) {
        plot_fig_free(out);
        return oom(err, size);
    }
    line_info info;
    sgf_status st = line_panel(s, m, x, by, xscale, a, pn, &info, err, size);
    if (st != SGF_OK) {
        plot_fig_free(out);
        return st;
    }
    out->fig.panels = pn;
    out->fig.panel_count = 1;
    char *what = summary_title(a, s->metrics[m]);
    if (by >= 0)
        out->fig.title = pa_printf(a, "%s by %s and %s", what ? what : "", plot_param_short(s, x),
                                   plot_param_short(s, by));
    else
        out->fig.title = pa_printf(a, "%s by %s", what ? what : "", plot_param_short(s, x));
    out->fig.subtitle = line_subtitle(s, &info, a);
    out->fig.footer = pa_printf(a, "%s/%s  \xc2\xb7  sgf %s", s->dir,
                                info.pooled ? "runs.csv" : "aggregate.csv", SGF_VERSION);
    if (by >= 0)
        file_name(out->name, sizeof out->name, "%s_by_%s_and_%s", s->metrics[m],
                  plot_param_short(s, x), plot_param_short(s, by));
    else
        file_name(out->name, sizeof out->name, "%s_by_%s", s->metrics[m], plot_param_short(s, x));
    if (a->oom) {
        plot_fig_free(out);
        return oom(err, size);
    }
    return SGF_OK;
}

sgf_status plot_make_panels(const plot_sweep *s, int m, plot_xscale xscale, plot_fig *out,
                            char *err, size_t size)
{
    memset(out, 0, sizeof *out);
    plot_arena *a = &out->arena;
    int n = s->param_count < SGF_PLOT_MAX_PANELS ? s->param_count : SGF_PLOT_MAX_PANELS;
    sgf_plot_panel *pns = pa_alloc(a, sizeof *pns * (size_t)n);
    if (!pns) {
        plot_fig_free(out);
        return oom(err, size);
    }
    line_info any = {false, false, false, 0, false};
    for (int j = 0; j < n; j++) {
        line_info info;
        sgf_status st = line_panel(s, m, j, -1, xscale, a, &pns[j], &info, err, size);
        if (st != SGF_OK) {
            plot_fig_free(out);
            return st;
        }
        pns[j].title = plot_param_short(s, j);
        pns[j].y.label = NULL; /* the figure's title names the metric */
        any.pooled |= info.pooled;
        any.any_interval |= info.any_interval;
        any.oat = info.oat;
    }
    out->fig.panels = pns;
    out->fig.panel_count = n;
    char *what = summary_title(a, s->metrics[m]);
    out->fig.title = pa_printf(a, "%s against each setting", what ? what : "");
    bool lhs = strcmp(s->design, "latin_hypercube") == 0;
    out->fig.subtitle =
        lhs ? pa_printf(a,
                        "%s \xc2\xb7 a dot: one design point, the mean of its runs \xc2\xb7 "
                        "settings with few values: the mean of all runs at each value%s",
                        design_line(s, a),
                        any.any_interval ? ", with its 95 % confidence interval" : "")
            : line_subtitle(s, &any, a);
    out->fig.footer =
        pa_printf(a, "%s/%s  \xc2\xb7  sgf %s", s->dir,
                  any.pooled ? "aggregate.csv, runs.csv" : "aggregate.csv", SGF_VERSION);
    int cols = n <= 1 ? 1 : n <= 4 ? 2 : n <= 9 ? 3 : 4;
    int rows = (n + cols - 1) / cols;
    out->fig.columns = cols;
    out->fig.width = cols <= 2 ? 1120 : cols == 3 ? 1440 : 1600;
    out->fig.height = 150 + rows * 290;
    if (out->fig.height < 640) out->fig.height = 640;
    file_name(out->name, sizeof out->name, "%s_by_each_setting", s->metrics[m]);
    if (a->oom) {
        plot_fig_free(out);
        return oom(err, size);
    }
    return SGF_OK;
}

/* ---- heat maps ----------------------------------------------------------------------- */

sgf_status plot_make_heat(const plot_sweep *s, int m, int x, int y, plot_fig *out, char *err,
                          size_t size)
{
    memset(out, 0, sizeof *out);
    if (x == y)
        return fail(err, size, SGF_ERR_USAGE, "--x and --y name the same setting (%s)",
                    s->params[x]);
    if (strcmp(s->design, "factorial") != 0)
        return fail(err, size, SGF_ERR_USAGE,
                    "--y: a heat map needs two settings crossed in a factorial design, and %s "
                    "is a %s sweep (plot each setting with --x)",
                    s->dir, s->design);
    plot_arena *a = &out->arena;
    sgf_status st = SGF_OK;
    bool *sel = pa_alloc(a, sizeof *sel * (size_t)s->point_count);
    sgf_plot_panel *pn = pa_alloc(a, sizeof *pn);
    sgf_plot_heat *hm = pa_alloc(a, sizeof *hm);
    int *cell_of_row = pa_alloc(a, sizeof *cell_of_row * (size_t)s->point_count);
    if (!sel || !pn || !hm || !cell_of_row) {
        st = oom(err, size);
        goto fail_;
    }
    for (int r = 0; r < s->point_count; r++) sel[r] = true;
    levels lx, ly;
    if ((st = levels_of(s, x, sel, a, &lx, err, size)) != SGF_OK ||
        (st = levels_of(s, y, sel, a, &ly, err, size)) != SGF_OK)
        goto fail_;
    for (int r = 0; r < s->point_count; r++)
        cell_of_row[r] = ly.of_row[r] * lx.count + lx.of_row[r];
    cells cl;
    if ((st = fill_cells(s, m, cell_of_row, lx.count * ly.count, &cl, a, err, size)) != SGF_OK)
        goto fail_;
    hm->nx = lx.count;
    hm->ny = ly.count;
    hm->value = cl.mean;
    hm->label = s->metrics[m];
    hm->unit = summary_unit(s->metrics[m]);
    hm->lo = cl.lo;
    hm->hi = cl.hi;
    pn->heat = hm;
    pn->x = (sgf_plot_axis){s->params[x], plot_setting_unit(s->params[x]),
                            false,        lx.text,
                            lx.count,     SGF_PLOT_RANGE_ANY};
    pn->y = (sgf_plot_axis){s->params[y], plot_setting_unit(s->params[y]),
                            false,        ly.text,
                            ly.count,     SGF_PLOT_RANGE_ANY};
    out->fig.panels = pn;
    out->fig.panel_count = 1;
    char *what = summary_title(a, s->metrics[m]);
    out->fig.title = pa_printf(a, "%s by %s and %s", what ? what : "", plot_param_short(s, x),
                               plot_param_short(s, y));
    long min_n = -1, max_n = 0;
    for (int k = 0; k < cl.count; k++) {
        if (min_n < 0 || cl.n[k] < min_n) min_n = cl.n[k];
        if (cl.n[k] > max_n) max_n = cl.n[k];
    }
    if (min_n < 0) min_n = 0;
    char runs[64];
    if (min_n == max_n)
        snprintf(runs, sizeof runs, "%ld run%s", min_n, min_n == 1 ? "" : "s");
    else
        snprintf(runs, sizeof runs, "%ld to %ld runs", min_n, max_n);
    bool any_ci = false;
    for (int k = 0; k < cl.count; k++) any_ci |= isfinite(cl.lo[k]) && isfinite(cl.hi[k]);
    out->fig.subtitle = pa_printf(
        a, "%s \xc2\xb7 a cell: the mean of its %s%s%s", design_line(s, a), runs,
        cl.pooled ? ", averaged over the other settings" : "",
        any_ci ? " \xc2\xb1 the half-width of its 95 % interval \xc2\xb7 hatched: the interval "
                 "overlaps that of the highest cell (outlined), so the two cannot be told apart"
               : "");
    if (!any_ci) hm->lo = hm->hi = NULL;
    out->fig.footer = pa_printf(a, "%s/%s  \xc2\xb7  sgf %s", s->dir,
                                cl.pooled ? "runs.csv" : "aggregate.csv", SGF_VERSION);
    file_name(out->name, sizeof out->name, "%s_by_%s_and_%s", s->metrics[m], plot_param_short(s, x),
              plot_param_short(s, y));
    if (a->oom) {
        st = oom(err, size);
        goto fail_;
    }
    return SGF_OK;
fail_:
    plot_fig_free(out);
    return st;
}

/* ---- time series --------------------------------------------------------------------- */

static const char *metric_unit(const char *name)
{
    int i = sgf_metric_find(name);
    if (i < 0) return "";
    const char *u = sgf_metric_table[i].unit;
    if (strcmp(u, "0/1") == 0) return "0 or 1";
    return plot_unit_display(u);
}

/* Is an events.csv kind one a run's figure marks: the scenario's own events
 * and the firm's big steps (entries, relocations, failure)? */
static bool marked_kind(const char *kind)
{
    static const char *const steps[] = {"market_entry", "office_opened", "jv_formed", "relocation",
                                        "failure"};
    for (size_t i = 0; i < sizeof steps / sizeof *steps; i++)
        if (strcmp(kind, steps[i]) == 0) return true;
    /* partner_exit names a scenario event and every ordinary exit alike:
     * hundreds of those would hide the curve */
    if (strcmp(kind, "partner_exit") == 0) return false;
    for (int k = 0; k < SGF_EV_KIND_COUNT; k++)
        if (strcmp(kind, sgf_event_kind_name((sgf_event_kind)k)) == 0) return true;
    return false;
}

/* The marked events of a run's events.csv (columns found by name: tick,
 * kind), at most max; a missing file gives none. */
static sgf_status read_marks(const char *file, plot_arena *a, double **ticks, const char ***labels,
                             int *count, char *err, size_t size)
{
    enum { MAX_MARKS = 64 };
    *count = 0;
    *ticks = pa_doubles(a, MAX_MARKS);
    *labels = pa_alloc(a, sizeof **labels * MAX_MARKS);
    if (!*ticks || !*labels) return oom(err, size);
    csv c;
    char ignore[256];
    if (!file || csv_open(&c, file, ignore, sizeof ignore) != SGF_OK) return SGF_OK;
    sgf_status st = SGF_OK;
    int r = csv_next(&c, &st, err, size);
    int tcol = r == 1 ? csv_column(&c, "tick") : -1, kcol = r == 1 ? csv_column(&c, "kind") : -1;
    while (tcol >= 0 && kcol >= 0 && st == SGF_OK && (r = csv_next(&c, &st, err, size)) == 1) {
        double t;
        if (tcol >= c.n || kcol >= c.n || !parse_number(c.f[tcol], &t)) continue;
        if (!marked_kind(c.f[kcol])) continue;
        if (*count == MAX_MARKS) break;
        (*ticks)[*count] = t;
        (*labels)[*count] = pa_printf(a, "%s", c.f[kcol]);
        (*count)++;
    }
    csv_close(&c);
    return st;
}

sgf_status plot_make_series(const char *file, const char *events_file, const char *const *names,
                            int name_count, const char *title, const char *subtitle, plot_fig *out,
                            char *err, size_t size)
{
    memset(out, 0, sizeof *out);
    plot_arena *a = &out->arena;
    if (name_count < 1 || name_count > SGF_PLOT_MAX_PANELS)
        return fail(err, size, SGF_ERR_USAGE, "--series: give 1 to %d metrics, not %d",
                    SGF_PLOT_MAX_PANELS, name_count);
    csv c;
    sgf_status st = csv_open(&c, file, err, size);
    if (st != SGF_OK) return st;
    int col[SGF_PLOT_MAX_PANELS], tick_col = -1, cols = 0;
    int r = csv_next(&c, &st, err, size);
    if (r == 0) st = fail(err, size, SGF_ERR_USAGE, "%s: empty file", file);
    if (r == 1) {
        cols = c.n;
        tick_col = csv_column(&c, "tick");
        for (int i = 0; i < name_count && st == SGF_OK; i++) {
            col[i] = csv_column(&c, names[i]);
            if (col[i] < 0) {
                char hint[128] = "";
                suggest(names[i], c.f, c.n, hint, sizeof hint);
                st = fail(err, size, SGF_ERR_USAGE,
                          "--series %s: no such column in %s%s (its first line lists the "
                          "metrics)",
                          names[i], file, hint);
            }
        }
    }
    int rows = 0, cap = 0;
    double *tick = NULL, *val = NULL; /* val[row * name_count + i] */
    while (st == SGF_OK && (r = csv_next(&c, &st, err, size)) == 1) {
        if (c.n != cols) {
            st = fail(err, size, SGF_ERR_USAGE, "%s:%ld: %d field%s, the header has %d", file,
                      c.line_no, c.n, c.n == 1 ? "" : "s", cols);
            break;
        }
        if (rows == cap) {
            cap = cap ? cap * 2 : 1024;
            double *t = realloc(tick, sizeof *t * (size_t)cap);
            if (t) tick = t;
            double *v = realloc(val, sizeof *v * (size_t)cap * (size_t)name_count);
            if (v) val = v;
            if (!t || !v) {
                st = oom(err, size);
                break;
            }
        }
        if (tick_col < 0)
            tick[rows] = rows + 1;
        else if (!parse_number(c.f[tick_col], &tick[rows]))
            st = fail(err, size, SGF_ERR_USAGE, "%s:%ld: tick '%s' is not a number", file,
                      c.line_no, c.f[tick_col]);
        for (int i = 0; i < name_count && st == SGF_OK; i++)
            if (!parse_value(c.f[col[i]], &val[rows * name_count + i]))
                st = fail(err, size, SGF_ERR_USAGE, "%s:%ld: %s '%s' is not a number", file,
                          c.line_no, names[i], c.f[col[i]]);
        rows++;
    }
    csv_close(&c);
    if (st == SGF_OK && rows == 0)
        st = fail(err, size, SGF_ERR_USAGE, "%s: no weeks (no rows after the header)", file);
    double *marks = NULL;
    const char **mark_labels = NULL;
    int mark_count = 0;
    if (st == SGF_OK) st = read_marks(events_file, a, &marks, &mark_labels, &mark_count, err, size);
    sgf_plot_panel *pns = st == SGF_OK ? pa_alloc(a, sizeof *pns * (size_t)name_count) : NULL;
    sgf_plot_series *ser = st == SGF_OK ? pa_alloc(a, sizeof *ser * (size_t)name_count) : NULL;
    double *xs = st == SGF_OK ? pa_doubles(a, rows) : NULL;
    if (st == SGF_OK && (!pns || !ser || !xs)) st = oom(err, size);
    for (int i = 0; st == SGF_OK && i < name_count; i++) {
        double *ys = pa_doubles(a, rows);
        if (!ys) {
            st = oom(err, size);
            break;
        }
        for (int k = 0; k < rows; k++) {
            xs[k] = tick[k];
            ys[k] = val[k * name_count + i];
        }
        ser[i] = (sgf_plot_series){NULL, rows, xs, ys, NULL, NULL, SGF_PLOT_LINE, 0};
        pns[i] = (sgf_plot_panel){0};
        int mi = sgf_metric_find(names[i]);
        /* the figure owns its strings */
        pns[i].title = metric_title(a, mi >= 0 ? &sgf_metric_table[mi] : NULL, names[i]);
        pns[i].series = &ser[i];
        pns[i].series_count = 1;
        pns[i].x.label = "week";
        pns[i].y.unit = metric_unit(names[i]);
        pns[i].y.range = mi >= 0 ? unit_range(sgf_metric_table[mi].unit) : SGF_PLOT_RANGE_ANY;
        pns[i].marks = marks;
        pns[i].mark_count = mark_count;
        pns[i].mark_labels = i == 0 ? mark_labels : NULL; /* labelled once, in the first panel */
    }
    free(tick);
    free(val);
    if (st != SGF_OK) {
        plot_fig_free(out);
        return st;
    }
    out->fig.panels = pns;
    out->fig.panel_count = name_count;
    out->fig.title = pa_printf(a, "%s", title);
    if (mark_count > 0)
        out->fig.subtitle = pa_printf(a, "%s%sdashed: the run's events and steps (events.csv)",
                                      subtitle ? subtitle : "", subtitle ? " \xc2\xb7 " : "");
    else
        out->fig.subtitle = subtitle ? pa_printf(a, "%s", subtitle) : NULL;
    out->fig.footer = pa_printf(a, "%s  \xc2\xb7  sgf %s", file, SGF_VERSION);
    int n = name_count;
    int cols_n = n <= 1 ? 1 : n <= 6 ? 2 : n <= 12 ? 3 : 4;
    int rows_n = (n + cols_n - 1) / cols_n;
    out->fig.columns = cols_n;
    out->fig.width = cols_n == 1 ? 960 : cols_n == 2 ? 1200 : cols_n == 3 ? 1440 : 1600;
    out->fig.height = 140 + rows_n * 250;
    if (out->fig.height < 640) out->fig.height = 640;
    file_name(out->name, sizeof out->name, "timeseries");
    if (a->oom) {
        plot_fig_free(out);
        return oom(err, size);
    }
    return SGF_OK;
}

#else
typedef int sgf_plot_data_unused_;
#endif
