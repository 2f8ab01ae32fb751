/* sweep.c: parameter sweeps (sgf_sweep.h): the sweep file, the design, one
 * run's row, the journal that survives SIGKILL, and the sorted runs.csv and
 * aggregate.csv at the end. docs/sweeps.md describes the file and the
 * outputs; docs/cluster.md how shards and MPI use them.
 *
 * Reproducibility (docs/reproducibility.md): run k is a pure function of the
 * sweep and k. Its design point comes from the run order (replicate-major
 * over a keyed permutation of the points) and, for a Latin hypercube, from
 * keyed permutations of the strata and jitter drawn from
 * sgf_rng_derive(master, point, SGF_STREAM_SWEEP); the model then runs with
 * def.seed = master and def.run_index = k. Threads, shards and MPI ranks
 * only decide who computes a row and when; runs.csv is sorted by run id at
 * the end, so every way of running a sweep gives the same bytes.
 *
 * Crash safety: a row is appended with one write() and synced before the
 * run counts as done, so SIGKILL loses only the runs in flight and at most a
 * torn last line, which a resume cuts off. The final files are written under
 * temporary names and renamed into place.
 *
 * Flat memory: nothing is kept per run but one bit (done or not). Sorting
 * reads rows into a bounded buffer and spills sorted chunks to temporary
 * files in the output directory when the buffer fills, merging them after;
 * aggregate.csv is computed from runs.csv re-sorted by design point, one
 * point at a time.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libconfig.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <threads.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/detmath.h"
#include "base/text.h"
#include "explore/testfn.h"
#include "io/cfgnum.h"
#include "io/fmtnum.h"
#include "io/jsonstr.h"
#include "io/scenario_schema.h"
#include "sgf/sgf.h"
#include "sgf/sgf_sweep.h"

#define SWEEP_FILE_MAX 4096
#define SWEEP_PATH_MAX 160
#define SWEEP_MAX_RUNS ((uint64_t)1 << 40)
#define SWEEP_MAX_REPLICATIONS 10000000
#define SWEEP_MAX_POINTS_LHS ((int64_t)1 << 32)
#define SWEEP_MAX_STEPS 1000000
#define SWEEP_SORT_BYTES ((size_t)64 << 20) /* rows held before spilling */
#define SWEEP_MAX_SPILLS 64                 /* open chunk files before a merge */

/* Tags that key the design's permutations: part of the reproducibility
 * contract (changing them reorders every sweep). */
#define TAG_ORDER 0x5357454550304f52ull /* "SWEEP0OR" */
#define TAG_LHS 0x535745455030484cull   /* "SWEEP0HL" */

/* ---- small helpers -------------------------------------------------------- */

static void copy_str(char *dst, size_t size, const char *src)
{
    if (size == 0) return;
    size_t n = src ? strlen(src) : 0;
    if (n >= size) n = size - 1;
    if (n) memcpy(dst, src, n);
    dst[n] = '\0';
}

/* snprintf that may cut the text short on purpose (messages, paths). */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void
text_fmt(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, size, fmt, ap);
    va_end(ap);
}

#if defined(__GNUC__)
__attribute__((format(printf, 6, 7)))
#endif
static sgf_status
diag_set(sgf_diag *d, sgf_status st, const char *file, int line, const char *path, const char *fmt,
         ...)
{
    copy_str(d->file, sizeof d->file, file);
    d->line = line;
    copy_str(d->path, sizeof d->path, path);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->message, sizeof d->message, fmt, ap);
    va_end(ap);
    return st;
}

#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static sgf_status
err_set(char *err, size_t size, sgf_status st, const char *fmt, ...)
{
    if (err && size) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, size, fmt, ap);
        va_end(ap);
    }
    return st;
}

static bool buf_reserve(sgf_sweep_buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap) return true;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1) cap *= 2;
    char *p = sgf_realloc(b->data, cap);
    if (!p) return false;
    b->data = p;
    b->cap = cap;
    return true;
}

static bool buf_add(sgf_sweep_buf *b, const char *s, size_t n)
{
    if (!buf_reserve(b, n)) return false;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return true;
}

static bool buf_puts(sgf_sweep_buf *b, const char *s)
{
    return buf_add(b, s, strlen(s));
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static bool
buf_printf(sgf_sweep_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !buf_reserve(b, (size_t)n)) return false;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return true;
}

void sgf_sweep_buf_free(sgf_sweep_buf *b)
{
    if (!b) return;
    sgf_free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

/* A CSV field: quoted when it holds a comma, quote or blank at an end;
 * control characters become blanks so that every row is one line. */
static bool buf_csv(sgf_sweep_buf *b, const char *s)
{
    size_t n = strlen(s);
    bool quote = n > 0 && (s[0] == ' ' || s[n - 1] == ' ');
    for (size_t i = 0; i < n && !quote; i++) quote = s[i] == ',' || s[i] == '"';
    bool ok = !quote || buf_add(b, "\"", 1);
    for (size_t i = 0; i < n && ok; i++) {
        char c = s[i];
        if ((unsigned char)c < 0x20 || c == 0x7f) c = ' ';
        ok = c == '"' ? buf_add(b, "\"\"", 2) : buf_add(b, &c, 1);
    }
    return ok && (!quote || buf_add(b, "\"", 1));
}

/* Splits a CSV line (without its newline) in place; quoted fields are
 * unescaped. Returns the number of fields, or -1 past max or on a stray
 * quote. */
static int csv_split(char *line, char **fields, int max)
{
    int n = 0;
    char *p = line;
    for (;;) {
        if (n == max) return -1;
        if (*p == '"') {
            char *w = p, *r = p + 1;
            fields[n++] = w;
            for (;;) {
                if (*r == '\0') return -1;
                if (*r == '"') {
                    if (r[1] == '"') {
                        *w++ = '"';
                        r += 2;
                        continue;
                    }
                    r++;
                    break;
                }
                *w++ = *r++;
            }
            if (*r != ',' && *r != '\0') return -1;
            bool more = *r == ',';
            *w = '\0';
            if (!more) return n;
            p = r + 1;
        } else {
            fields[n++] = p;
            char *c = strchr(p, ',');
            if (!c) return n;
            *c = '\0';
            p = c + 1;
        }
    }
}

/* Leading whole number of text (up to a comma or the end). */
static bool parse_u64(const char *s, const char **end, uint64_t *out)
{
    uint64_t v = 0;
    const char *p = s;
    if (*p < '0' || *p > '9') return false;
    for (; *p >= '0' && *p <= '9'; p++) {
        unsigned d = (unsigned)(*p - '0');
        if (v > (UINT64_MAX - d) / 10) return false;
        v = v * 10 + d;
    }
    *out = v;
    if (end) *end = p;
    return true;
}

char *sgf_sweep_format_number(double x, char *buf, size_t size)
{
    char b[SGF_FMT_G_SIZE];
    copy_str(buf, size, sgf_fmt_csv(b, sizeof b, x, 10));
    return buf;
}

/* A setting's value as text that libconfig reads back to the same double:
 * whole numbers without a point or exponent, others in the shortest %g. */
static char *format_value(double x, char *buf, size_t size)
{
    if (x == 0.0) x = 0.0;
    if (x == floor(x) && fabs(x) < 1e15) {
        snprintf(buf, size, "%.0f", x);
        return buf;
    }
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, size, "%.*g", prec, x);
        if (strtod(buf, NULL) == x) break;
    }
    return buf;
}

/* Range values are kept to 12 significant digits, so a logarithmic range
 * from 30 to 240 reads 30, 60, 120, 240 rather than 60.00000000000001. */
static double round12(double x)
{
    char b[40];
    snprintf(b, sizeof b, "%.12g", x);
    return strtod(b, NULL);
}

/* "; did you mean 'x'?" for the nearest of names, or "". */
static const char *did_you_mean(const char *name, const char *const *names, int count, char *buf,
                                size_t size)
{
    const char *best = NULL;
    int best_d = 3;
    for (int i = 0; i < count; i++) {
        int d = sgf_edit_distance(name, names[i]);
        if (d >= 3 && strlen(name) >= 4 && strncmp(name, names[i], strlen(name)) == 0) d = 2;
        if (d < best_d) {
            best_d = d;
            best = names[i];
        }
    }
    if (best)
        snprintf(buf, size, "; did you mean '%s'?", best);
    else
        copy_str(buf, size, "");
    return buf;
}

static uint64_t fnv1a(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

/* ---- the sweep -------------------------------------------------------------- */

typedef struct level {
    char *text;  /* as runs.csv shows it */
    bool quoted; /* a string: quoted in the assignment */
} level;

typedef struct param {
    char path[SWEEP_PATH_MAX];
    int line;
    bool is_range;
    double from, to;
    int steps; /* 0: not given */
    bool log_scale;
    bool integer;  /* the setting holds whole numbers */
    level *levels; /* a list, or a range's steps outside Latin hypercubes */
    int level_count;
    char *base_text; /* the base's own value (shown at one-at-a-time points) */
    uint64_t stride; /* factorial: points between changes of this setting */
    uint64_t first;  /* one-at-a-time: the first point varying this setting */
} param;

struct sgf_sweep {
    char name[SGF_NAME_MAX];
    char file[SWEEP_FILE_MAX];
    char base_name[SWEEP_FILE_MAX]; /* as written in the sweep file */
    sgf_world_def base;
    bool base_loaded;
    uint64_t seed;
    uint64_t reps, points, runs;
    sgf_design design;
    bool crn;
    param *params;
    int param_count;
    int *metrics; /* into sgf_summary_table; -1 - k: window metric k */
    int metric_count;
    sgf_window *windows;
    char (*window_names)[128];
    int window_count;
    uint64_t order_key, lhs_key;
    uint64_t fingerprint;
    sgf_sweep_given_design given; /* design == SGF_DESIGN_GIVEN */
    const sgf_test_fn *test_fn;   /* NULL: the simulator */
};

static const char *const design_names[SGF_DESIGN_COUNT] = {"factorial", "latin_hypercube",
                                                           "one_at_a_time"};

const char *sgf_design_name(sgf_design d)
{
    return (unsigned)d < SGF_DESIGN_COUNT ? design_names[d] : "unknown";
}

void sgf_sweep_destroy(sgf_sweep *sw)
{
    if (!sw) return;
    for (int i = 0; i < sw->param_count; i++) {
        param *p = &sw->params[i];
        for (int k = 0; k < p->level_count; k++) sgf_free(p->levels[k].text);
        sgf_free(p->levels);
        sgf_free(p->base_text);
    }
    sgf_free(sw->params);
    sgf_free(sw->metrics);
    sgf_free(sw->windows);
    sgf_free(sw->window_names);
    if (sw->base_loaded) sgf_world_def_free(&sw->base);
    sgf_free(sw);
}

const char *sgf_sweep_name(const sgf_sweep *sw)
{
    return sw->name;
}
sgf_design sgf_sweep_design(const sgf_sweep *sw)
{
    return sw->design;
}
uint64_t sgf_sweep_seed(const sgf_sweep *sw)
{
    return sw->seed;
}
uint64_t sgf_sweep_point_count(const sgf_sweep *sw)
{
    return sw->points;
}
uint64_t sgf_sweep_replications(const sgf_sweep *sw)
{
    return sw->reps;
}
uint64_t sgf_sweep_run_count(const sgf_sweep *sw)
{
    return sw->runs;
}
int sgf_sweep_param_count(const sgf_sweep *sw)
{
    return sw->param_count;
}
const char *sgf_sweep_param_path(const sgf_sweep *sw, int i)
{
    return sw->params[i].path;
}
int sgf_sweep_metric_count(const sgf_sweep *sw)
{
    return sw->metric_count;
}
int sgf_sweep_metric(const sgf_sweep *sw, int i)
{
    return sw->test_fn ? -1 : sw->metrics[i];
}
const char *sgf_sweep_metric_name(const sgf_sweep *sw, int i)
{
    if (sw->test_fn) return sw->test_fn->outputs[i];
    int k = sw->metrics[i];
    return k >= 0 ? sgf_summary_table[k].name : sw->window_names[-1 - k];
}
const char *sgf_sweep_design_label(const sgf_sweep *sw)
{
    return sw->design == SGF_DESIGN_GIVEN ? sw->given.name : sgf_design_name(sw->design);
}
const char *sgf_sweep_test_model(const sgf_sweep *sw)
{
    return sw->test_fn ? sw->test_fn->name : NULL;
}
const sgf_world_def *sgf_sweep_base(const sgf_sweep *sw)
{
    return &sw->base;
}
uint64_t sgf_sweep_fingerprint(const sgf_sweep *sw)
{
    return sw->fingerprint;
}

/* ---- the design --------------------------------------------------------------- */

/* A bijection of [0, n) keyed by key: a four-round Feistel network on the
 * smallest even number of bits that holds n, walking the cycle until the
 * value falls inside [0, n) (fewer than four steps on average). */
static uint64_t permute(uint64_t x, uint64_t n, uint64_t key)
{
    if (n <= 1) return 0;
    int bits = 0;
    while (bits < 62 && ((uint64_t)1 << bits) < n) bits++;
    if (bits & 1) bits++;
    int half = bits / 2;
    uint64_t mask = ((uint64_t)1 << half) - 1;
    do {
        uint64_t l = x >> half, r = x & mask;
        for (uint64_t round = 0; round < 4; round++) {
            uint64_t f = sgf_hash64(key ^ sgf_hash64((r << 2) | round)) & mask;
            uint64_t nl = r;
            r = l ^ f;
            l = nl;
        }
        x = (l << half) | r;
    } while (x >= n);
    return x;
}

void sgf_sweep_run_place(const sgf_sweep *sw, uint64_t run, uint64_t *point, uint64_t *replicate)
{
    *replicate = run / sw->points;
    *point = permute(run % sw->points, sw->points, sw->order_key);
}

uint64_t sgf_sweep_run_index(const sgf_sweep *sw, uint64_t run)
{
    return sw->crn ? run / sw->points : run;
}

/* Latin hypercube coordinate of a point along parameter j, in [0, 1): the
 * point's stratum (a keyed permutation per parameter) plus a uniform jitter
 * inside it. */
static double lhs_u(const sgf_sweep *sw, uint64_t point, int j)
{
    uint64_t stratum = permute(point, sw->points, sgf_hash64(sw->lhs_key ^ (uint64_t)j));
    sgf_rng r;
    sgf_rng_derive(&r, sw->seed, point, SGF_STREAM_SWEEP);
    sgf_rng_substream(&r, &r, (uint64_t)j);
    double u = ((double)stratum + sgf_rng_uniform(&r)) / (double)sw->points;
    return u < 1.0 ? u : nextafter(1.0, 0.0);
}

/* A given design's coordinate, clamped into [0, 1]. */
static double given_u(const sgf_sweep *sw, uint64_t point, int j)
{
    double u = sw->given.unit(sw->given.user, point, j);
    return u > 0 ? (u < 1 ? u : 1.0) : 0.0;
}

double sgf_sweep_point_unit(const sgf_sweep *sw, uint64_t point, int i)
{
    if (sw->design == SGF_DESIGN_GIVEN) return given_u(sw, point, i);
    if (sw->design == SGF_DESIGN_LATIN_HYPERCUBE) return lhs_u(sw, point, i);
    return NAN;
}

/* A range's value at position t in [0, 1]. */
static double range_at(const param *p, double t)
{
    double v;
    if (p->log_scale) {
        double a = dm_log(p->from), b = dm_log(p->to);
        v = t <= 0 ? p->from : t >= 1 ? p->to : dm_exp(a + t * (b - a));
    } else {
        v = t <= 0 ? p->from : t >= 1 ? p->to : p->from + t * (p->to - p->from);
    }
    return p->integer ? floor(v + 0.5) : round12(v);
}

/* Parameter j's value at a point as text; *quoted tells whether it is a
 * string; NULL when the point leaves the setting at the base (one at a
 * time), with the base's value in buf. */
static const char *point_text(const sgf_sweep *sw, uint64_t point, int j, char *buf, size_t size,
                              bool *quoted, bool *at_base)
{
    const param *p = &sw->params[j];
    *quoted = false;
    *at_base = false;
    switch (sw->design) {
    case SGF_DESIGN_FACTORIAL: {
        const level *lv = &p->levels[(point / p->stride) % (uint64_t)p->level_count];
        *quoted = lv->quoted;
        return lv->text;
    }
    case SGF_DESIGN_ONE_AT_A_TIME:
        if (point >= p->first && point < p->first + (uint64_t)p->level_count) {
            const level *lv = &p->levels[point - p->first];
            *quoted = lv->quoted;
            return lv->text;
        }
        *at_base = true;
        return p->base_text;
    case SGF_DESIGN_LATIN_HYPERCUBE:
    default: {
        double u = sw->design == SGF_DESIGN_GIVEN ? given_u(sw, point, j) : lhs_u(sw, point, j);
        if (!p->is_range) {
            int k = (int)(u * p->level_count);
            if (k >= p->level_count) k = p->level_count - 1;
            *quoted = p->levels[k].quoted;
            return p->levels[k].text;
        }
        double v;
        if (p->integer && !p->log_scale) {
            double lo = fmin(p->from, p->to), hi = fmax(p->from, p->to);
            v = lo + floor(u * (hi - lo + 1));
            if (v > hi) v = hi;
        } else if (sw->test_fn && !p->log_scale) {
            /* A test function takes the exact value, not 12 digits. */
            v = p->from + u * (p->to - p->from);
        } else {
            v = range_at(p, u);
        }
        return format_value(v, buf, size);
    }
    }
}

char *sgf_sweep_point_value(const sgf_sweep *sw, uint64_t point, int i, char *buf, size_t size)
{
    bool quoted, at_base;
    char tmp[64];
    const char *t = point_text(sw, point, i, tmp, sizeof tmp, &quoted, &at_base);
    copy_str(buf, size, t);
    return buf;
}

/* "path=value", the value quoted and escaped when it is a string. */
static char *assignment(const char *path, const char *text, bool quoted)
{
    sgf_sweep_buf b = {0};
    bool ok = buf_puts(&b, path) && buf_puts(&b, "=");
    if (quoted) {
        ok = ok && buf_puts(&b, "\"");
        for (const char *s = text; ok && *s; s++) {
            if (*s == '"' || *s == '\\') ok = buf_add(&b, "\\", 1);
            ok = ok && buf_add(&b, s, 1);
        }
        ok = ok && buf_puts(&b, "\"");
    } else {
        ok = ok && buf_puts(&b, text);
    }
    if (!ok) {
        sgf_sweep_buf_free(&b);
        return NULL;
    }
    return b.data;
}

sgf_status sgf_sweep_run_def(const sgf_sweep *sw, uint64_t run, sgf_world_def *def, sgf_diag *diag)
{
    memset(diag, 0, sizeof *diag);
    uint64_t point, rep;
    sgf_sweep_run_place(sw, run, &point, &rep);
    sgf_status st = sgf_world_def_copy(def, &sw->base);
    if (st != SGF_OK) return diag_set(diag, st, "", 0, "", "out of memory");
    for (int j = 0; j < sw->param_count && st == SGF_OK; j++) {
        char buf[64];
        bool quoted, at_base;
        const char *t = point_text(sw, point, j, buf, sizeof buf, &quoted, &at_base);
        if (at_base) continue;
        char *a = assignment(sw->params[j].path, t, quoted);
        if (!a) {
            st = diag_set(diag, SGF_ERR_NOMEM, "", 0, "", "out of memory");
            break;
        }
        st = sgf_scenario_apply_set(def, a, diag);
        sgf_free(a);
    }
    def->seed = sw->seed;
    def->run_index = sgf_sweep_run_index(sw, run);
    if (st == SGF_OK) st = sgf_scenario_validate(def, diag);
    if (st != SGF_OK) sgf_world_def_free(def);
    return st;
}

uint64_t sgf_sweep_shard_runs(const sgf_sweep *sw, sgf_sweep_shard shard)
{
    if (shard.count <= 1) return sw->runs;
    uint64_t i = shard.index - 1;
    return sw->runs / shard.count + (i < sw->runs % shard.count ? 1 : 0);
}

/* ---- the schema behind a path: type and base value --------------------------- */

/* Splits a setting path at dots; "..." quotes a part holding dots. */
static int path_parts(const char *path, char parts[][SWEEP_PATH_MAX], int max)
{
    int n = 0;
    const char *p = path;
    while (*p && n < max) {
        size_t k = 0;
        if (*p == '"') {
            for (p++; *p && *p != '"'; p++)
                if (k + 1 < SWEEP_PATH_MAX) parts[n][k++] = *p;
            if (*p == '"') p++;
        } else {
            for (; *p && *p != '.'; p++)
                if (k + 1 < SWEEP_PATH_MAX) parts[n][k++] = *p;
        }
        parts[n++][k] = '\0';
        if (*p == '.') p++;
    }
    return n;
}

/* The schema field a path names and the struct holding it, or NULL. The
 * path has already been accepted by sgf_scenario_apply_set. */
static const sgf_field *resolve_field(const sgf_world_def *def, const char *path,
                                      const void **holder)
{
    char parts[16][SWEEP_PATH_MAX];
    int n = path_parts(path, parts, 16);
    const sgf_schema *sch = sgf_schema_root();
    const void *obj = def;
    const sgf_list_desc *list = NULL;
    for (int i = 0; i < n; i++) {
        if (list) {
            const sgf_field *kf = NULL;
            for (int f = 0; f < list->element->field_count; f++)
                if (list->element->fields[f].flags & SGF_FF_KEY) kf = &list->element->fields[f];
            if (!kf) return NULL;
            const void *found = NULL;
            for (int e = 0; e < list->count(def) && !found; e++) {
                const void *el = list->at_const(def, e);
                if (strcmp((const char *)el + kf->offset, parts[i]) == 0) found = el;
            }
            if (!found) return NULL;
            obj = found;
            sch = list->element;
            list = NULL;
            continue;
        }
        const sgf_field *f = sgf_schema_find(sch, parts[i]);
        if (!f) return NULL;
        if (i == n - 1) {
            *holder = obj;
            return f;
        }
        if (f->type == SGF_FT_GROUP) {
            obj = (const char *)obj + f->offset;
            sch = f->group;
        } else if (f->type == SGF_FT_LIST) {
            list = f->list;
        } else {
            return NULL;
        }
    }
    return NULL;
}

/* A field's value as text, as a sweep file would write it. */
static void field_text(const sgf_field *f, const void *holder, char *buf, size_t size)
{
    const char *p = (const char *)holder + f->offset;
    switch (f->type) {
    case SGF_FT_DOUBLE: {
        double v;
        memcpy(&v, p, sizeof v);
        format_value(v, buf, size);
        break;
    }
    case SGF_FT_INT: {
        int v;
        memcpy(&v, p, sizeof v);
        snprintf(buf, size, "%d", v);
        break;
    }
    case SGF_FT_UINT64: {
        uint64_t v;
        memcpy(&v, p, sizeof v);
        snprintf(buf, size, "%" PRIu64, v);
        break;
    }
    case SGF_FT_BOOL:
        copy_str(buf, size, *(const bool *)(const void *)p ? "true" : "false");
        break;
    case SGF_FT_STRING:
        copy_str(buf, size, p);
        break;
    case SGF_FT_ENUM:
        copy_str(buf, size, f->enumeration->name(sgf_field_get_enum(f, holder)));
        break;
    case SGF_FT_DIST:
        sgf_dist_format((const sgf_dist *)(const void *)p, buf, size);
        break;
    case SGF_FT_STRLIST: {
        int count;
        memcpy(&count, (const char *)holder + f->count_offset, sizeof count);
        buf[0] = '\0';
        for (int i = 0; i < count; i++) {
            size_t len = strlen(buf);
            snprintf(buf + len, size - len, "%s%s", i ? "," : "", p + (size_t)i * f->size);
        }
        break;
    }
    default:
        copy_str(buf, size, "");
        break;
    }
}

/* ---- loading the sweep file --------------------------------------------------- */

typedef struct loader {
    sgf_sweep *sw;
    sgf_diag *diag;
    const char *path; /* the sweep file as given */
    const sgf_sweep_load_opts *opts;
} loader;

/* A libconfig setting's path in the file: "vary.[0].values.[2]". */
static void setting_path(const config_setting_t *s, char *out, size_t size)
{
    if (!s || config_setting_is_root(s)) {
        copy_str(out, size, "");
        return;
    }
    char parent[SWEEP_PATH_MAX];
    setting_path(config_setting_parent(s), parent, sizeof parent);
    const char *name = config_setting_name(s);
    char seg[64];
    if (name)
        copy_str(seg, sizeof seg, name);
    else
        snprintf(seg, sizeof seg, "[%d]", config_setting_index(s));
    text_fmt(out, size, "%s%s%s", parent, parent[0] ? "." : "", seg);
}

static const char *setting_file(const loader *L, const config_setting_t *s)
{
    const char *f = s ? config_setting_source_file(s) : NULL;
    return f ? f : L->path;
}

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static sgf_status
fail_at(loader *L, const config_setting_t *s, const char *fmt, ...)
{
    char path[SWEEP_PATH_MAX];
    setting_path(s, path, sizeof path);
    sgf_diag *d = L->diag;
    copy_str(d->file, sizeof d->file, setting_file(L, s));
    d->line = s ? (int)config_setting_source_line(s) : 0;
    copy_str(d->path, sizeof d->path, path);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->message, sizeof d->message, fmt, ap);
    va_end(ap);
    return SGF_ERR_SCENARIO;
}

/* A top-level setting that is missing: reported at line 1 of the file. */
static sgf_status fail_missing(loader *L, const char *name, const char *message)
{
    return diag_set(L->diag, SGF_ERR_SCENARIO, L->path, 1, name, "missing: %s", message);
}

static const char *type_name(const config_setting_t *s)
{
    switch (config_setting_type(s)) {
    case CONFIG_TYPE_INT:
    case CONFIG_TYPE_INT64:
        return "an integer";
    case CONFIG_TYPE_FLOAT:
        return "a number";
    case CONFIG_TYPE_BOOL:
        return "a boolean";
    case CONFIG_TYPE_STRING:
        return "a string";
    case CONFIG_TYPE_GROUP:
        return "a group";
    case CONFIG_TYPE_ARRAY:
        return "an array";
    case CONFIG_TYPE_LIST:
        return "a list";
    default:
        return "something else";
    }
}

static bool is_num(const config_setting_t *s)
{
    int t = config_setting_type(s);
    return t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64 || t == CONFIG_TYPE_FLOAT;
}

static bool is_int(const config_setting_t *s)
{
    int t = config_setting_type(s);
    return t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64;
}

static double num_of(const config_setting_t *s)
{
    return is_int(s) ? (double)config_setting_get_int64(s) : config_setting_get_float(s);
}

static sgf_status get_string(loader *L, const config_setting_t *s, const char **out)
{
    if (config_setting_type(s) != CONFIG_TYPE_STRING)
        return fail_at(L, s, "wrong type: expected a string, got %s", type_name(s));
    *out = config_setting_get_string(s);
    return SGF_OK;
}

static sgf_status get_count(loader *L, const config_setting_t *s, int64_t lo, int64_t hi,
                            int64_t *out)
{
    if (!is_int(s)) return fail_at(L, s, "wrong type: expected an integer, got %s", type_name(s));
    int64_t v = config_setting_get_int64(s);
    if (v < lo || v > hi)
        return fail_at(L, s, "%" PRId64 " is out of range [%" PRId64 ", %" PRId64 "]", v, lo, hi);
    *out = v;
    return SGF_OK;
}

/* Unknown keys in a group, with the nearest known name. */
static sgf_status check_keys(loader *L, const config_setting_t *g, const char *const *known,
                             int count, const char *where)
{
    int n = config_setting_length(g);
    for (int i = 0; i < n; i++) {
        const config_setting_t *s = config_setting_get_elem(g, (unsigned)i);
        const char *name = config_setting_name(s);
        bool ok = false;
        for (int k = 0; k < count && !ok; k++) ok = strcmp(name, known[k]) == 0;
        if (!ok) {
            char hint[96];
            return fail_at(L, s, "unknown setting '%s' in %s%s", name, where,
                           did_you_mean(name, known, count, hint, sizeof hint));
        }
    }
    return SGF_OK;
}

/* Applies one assignment to a copy of the base and validates the copy; an
 * error becomes a diagnostic at setting s of the sweep file, naming the
 * scenario setting and the sweep setting. */
static sgf_status check_assignment(loader *L, const config_setting_t *s, const char *a, bool show)
{
    sgf_world_def copy;
    sgf_status st = sgf_world_def_copy(&copy, &L->sw->base);
    if (st != SGF_OK) return diag_set(L->diag, st, L->path, 0, "", "out of memory");
    sgf_diag d;
    memset(&d, 0, sizeof d);
    st = sgf_scenario_apply_set(&copy, a, &d);
    if (st == SGF_OK) st = sgf_scenario_validate(&copy, &d);
    sgf_world_def_free(&copy);
    if (st == SGF_OK) return SGF_OK;
    if (st == SGF_ERR_NOMEM) return diag_set(L->diag, st, L->path, 0, "", "out of memory");
    char where[SWEEP_PATH_MAX];
    setting_path(s, where, sizeof where);
    copy_str(L->diag->file, sizeof L->diag->file, setting_file(L, s));
    L->diag->line = (int)config_setting_source_line(s);
    copy_str(L->diag->path, sizeof L->diag->path, d.path[0] ? d.path : where);
    if (show)
        text_fmt(L->diag->message, sizeof L->diag->message, "%s (%s: %s)", d.message, where, a);
    else
        text_fmt(L->diag->message, sizeof L->diag->message, "%s (%s)", d.message, where);
    return SGF_ERR_SCENARIO;
}

static sgf_status add_level(loader *L, param *p, const char *text, bool quoted)
{
    level *lv = sgf_realloc(p->levels, sizeof *lv * (size_t)(p->level_count + 1));
    if (!lv) return diag_set(L->diag, SGF_ERR_NOMEM, L->path, 0, "", "out of memory");
    p->levels = lv;
    size_t n = strlen(text);
    char *t = sgf_malloc(n + 1);
    if (!t) return diag_set(L->diag, SGF_ERR_NOMEM, L->path, 0, "", "out of memory");
    memcpy(t, text, n + 1);
    lv[p->level_count].text = t;
    lv[p->level_count].quoted = quoted;
    p->level_count++;
    return SGF_OK;
}

/* Checks a level by applying it; s is where it stands in the sweep file. */
static sgf_status check_level(loader *L, const param *p, const config_setting_t *s, const level *lv)
{
    char *a = assignment(p->path, lv->text, lv->quoted);
    if (!a) return diag_set(L->diag, SGF_ERR_NOMEM, L->path, 0, "", "out of memory");
    sgf_status st = check_assignment(L, s, a, true);
    sgf_free(a);
    return st;
}

static sgf_status load_values(loader *L, param *p, const config_setting_t *vs, const sgf_field *f)
{
    if (!config_setting_is_aggregate(vs) || config_setting_is_group(vs))
        return fail_at(L, vs,
                       "wrong type: expected a list of values such as [0.2, 0.5, 0.8], got %s",
                       type_name(vs));
    int n = config_setting_length(vs);
    if (n == 0) return fail_at(L, vs, "no values: give at least one");
    for (int i = 0; i < n; i++) {
        const config_setting_t *e = config_setting_get_elem(vs, (unsigned)i);
        char buf[64];
        const char *text;
        bool quoted = false;
        switch (config_setting_type(e)) {
        case CONFIG_TYPE_INT:
        case CONFIG_TYPE_INT64:
            snprintf(buf, sizeof buf, "%lld", config_setting_get_int64(e));
            text = buf;
            break;
        case CONFIG_TYPE_FLOAT:
            text = format_value(config_setting_get_float(e), buf, sizeof buf);
            break;
        case CONFIG_TYPE_BOOL:
            text = config_setting_get_bool(e) ? "true" : "false";
            break;
        case CONFIG_TYPE_STRING:
            text = config_setting_get_string(e);
            /* A list of names is written "DE,FR" and split by --set. */
            quoted = !f || f->type != SGF_FT_STRLIST;
            break;
        default:
            return fail_at(L, e, "wrong type: a value must be a number, boolean or string, got %s",
                           type_name(e));
        }
        for (int k = 0; k < p->level_count; k++)
            if (strcmp(p->levels[k].text, text) == 0)
                return fail_at(L, e, "value %s is listed twice", text);
        sgf_status st = add_level(L, p, text, quoted);
        if (st != SGF_OK) return st;
        st = check_level(L, p, e, &p->levels[p->level_count - 1]);
        if (st != SGF_OK) return st;
    }
    return SGF_OK;
}

static sgf_status load_range(loader *L, param *p, const config_setting_t *entry,
                             const config_setting_t *from, const config_setting_t *to,
                             const config_setting_t *steps, const config_setting_t *scale,
                             const sgf_field *f)
{
    if (!from || !to) return fail_at(L, from ? from : to, "a range needs both 'from' and 'to'");
    if (!is_num(from))
        return fail_at(L, from, "wrong type: expected a number, got %s", type_name(from));
    if (!is_num(to)) return fail_at(L, to, "wrong type: expected a number, got %s", type_name(to));
    if (f && f->type != SGF_FT_DOUBLE && f->type != SGF_FT_INT && f->type != SGF_FT_DIST)
        return fail_at(L, entry,
                       "'%s' is not a number: a range needs a numeric setting; list its values "
                       "with values = [...]",
                       p->path);
    p->is_range = true;
    p->from = num_of(from);
    p->to = num_of(to);
    p->integer = f && f->type == SGF_FT_INT;
    if (!isfinite(p->from)) return fail_at(L, from, "not a finite number");
    if (!isfinite(p->to)) return fail_at(L, to, "not a finite number");
    if (p->from == p->to)
        return fail_at(L, to, "'from' and 'to' are both %g: give values = [%g] for one value",
                       p->from, p->from);
    if (p->integer && (p->from != floor(p->from) || p->to != floor(p->to)))
        return fail_at(L, entry, "'%s' holds whole numbers: 'from' and 'to' must be whole",
                       p->path);
    if (scale) {
        const char *sc;
        sgf_status st = get_string(L, scale, &sc);
        if (st != SGF_OK) return st;
        if (strcmp(sc, "log") == 0)
            p->log_scale = true;
        else if (strcmp(sc, "linear") != 0)
            return fail_at(L, scale, "unknown scale '%s' (one of: linear, log)", sc);
    }
    if (p->log_scale && (p->from <= 0 || p->to <= 0))
        return fail_at(L, p->from <= 0 ? from : to,
                       "a logarithmic range needs 'from' and 'to' above zero");
    if (steps) {
        int64_t n;
        sgf_status st = get_count(L, steps, 2, SWEEP_MAX_STEPS, &n);
        if (st != SGF_OK) return st;
        p->steps = (int)n;
    }
    /* Both ends must be acceptable values of the setting. */
    const config_setting_t *ends[2] = {from, to};
    double vals[2] = {p->from, p->to};
    for (int e = 0; e < 2; e++) {
        char buf[64];
        level lv = {format_value(vals[e], buf, sizeof buf), false};
        sgf_status st = check_level(L, p, ends[e], &lv);
        if (st != SGF_OK) return st;
    }
    if (L->sw->design == SGF_DESIGN_LATIN_HYPERCUBE || L->sw->design == SGF_DESIGN_GIVEN)
        return SGF_OK;
    if (!steps)
        return fail_at(L, entry, "a range needs 'steps' (2 or more) in a %s design",
                       sgf_design_name(L->sw->design));
    for (int i = 0; i < p->steps; i++) {
        double v = range_at(p, (double)i / (double)(p->steps - 1));
        char buf[64];
        format_value(v, buf, sizeof buf);
        if (p->level_count > 0 && strcmp(p->levels[p->level_count - 1].text, buf) == 0)
            return fail_at(L, steps, "%d steps from %g to %g repeat the whole number %s", p->steps,
                           p->from, p->to, buf);
        sgf_status st = add_level(L, p, buf, false);
        if (st != SGF_OK) return st;
        /* Inner steps of a range between two valid ends are valid unless the
         * setting has holes; check them too, it costs little. */
        st = check_level(L, p, steps, &p->levels[p->level_count - 1]);
        if (st != SGF_OK) return st;
    }
    return SGF_OK;
}

/* A test function's factor: a free name with a linear range. */
static sgf_status load_test_factor(loader *L, const config_setting_t *entry, param *p)
{
    const config_setting_t *from = config_setting_get_member(entry, "from");
    const config_setting_t *to = config_setting_get_member(entry, "to");
    if (!from || !to || config_setting_get_member(entry, "values"))
        return fail_at(L, entry, "a test model's factor '%s' needs a range: from and to", p->path);
    if (!is_num(from) || !is_num(to))
        return fail_at(L, is_num(from) ? to : from, "wrong type: expected a number");
    p->is_range = true;
    p->from = num_of(from);
    p->to = num_of(to);
    if (!isfinite(p->from) || !isfinite(p->to) || p->from == p->to)
        return fail_at(L, entry, "'from' and 'to' must be two different finite numbers");
    p->base_text = sgf_malloc(2);
    if (!p->base_text) return diag_set(L->diag, SGF_ERR_NOMEM, L->path, 0, "", "out of memory");
    memcpy(p->base_text, "0", 2);
    const config_setting_t *steps = config_setting_get_member(entry, "steps");
    if (L->sw->design == SGF_DESIGN_LATIN_HYPERCUBE || L->sw->design == SGF_DESIGN_GIVEN)
        return SGF_OK;
    if (!steps) return fail_at(L, entry, "a range needs 'steps' (2 or more)");
    int64_t n;
    sgf_status st = get_count(L, steps, 2, SWEEP_MAX_STEPS, &n);
    if (st != SGF_OK) return st;
    p->steps = (int)n;
    for (int i = 0; i < p->steps && st == SGF_OK; i++) {
        char buf[64];
        double t = (double)i / (double)(p->steps - 1);
        st = add_level(L, p, format_value(p->from + t * (p->to - p->from), buf, sizeof buf), false);
    }
    return st;
}

static sgf_status load_param(loader *L, const config_setting_t *entry, param *p)
{
    static const char *const keys[] = {"path", "values", "from", "to", "steps", "scale"};
    p->line = (int)config_setting_source_line(entry);
    if (!config_setting_is_group(entry))
        return fail_at(L, entry,
                       "wrong type: each entry of vary is a group such as { path = \"...\"; "
                       "values = [...]; }, got %s",
                       type_name(entry));
    sgf_status st = check_keys(L, entry, keys, 6, "an entry of vary");
    if (st != SGF_OK) return st;
    const config_setting_t *ps = config_setting_get_member(entry, "path");
    if (!ps) return fail_at(L, entry, "missing 'path': the scenario setting to vary");
    const char *path;
    st = get_string(L, ps, &path);
    if (st != SGF_OK) return st;
    if (!path[0] || strlen(path) >= SWEEP_PATH_MAX)
        return fail_at(L, ps, "path is empty or too long");
    copy_str(p->path, sizeof p->path, path);
    for (int k = 0; k < L->sw->param_count; k++)
        if (strcmp(L->sw->params[k].path, path) == 0)
            return fail_at(L, ps, "'%s' is varied twice (also at line %d)", path,
                           L->sw->params[k].line);
    if (L->sw->test_fn) return load_test_factor(L, entry, p);
    if (strcmp(path, "seed") == 0 || strcmp(path, "run_index") == 0)
        return fail_at(L, ps,
                       "'%s' cannot vary: every run's seed and run index come from the sweep's "
                       "seed and the run id (add replications for more draws)",
                       path);
    /* Is the path a setting at all? Apply the base's own value, which also
     * gives one-at-a-time designs the base value to show. */
    const void *holder = NULL;
    const sgf_field *f = resolve_field(&L->sw->base, path, &holder);
    if (f && f->type != SGF_FT_GROUP && f->type != SGF_FT_LIST) {
        char text[512];
        field_text(f, holder, text, sizeof text);
        size_t n = strlen(text);
        p->base_text = sgf_malloc(n + 1);
        if (!p->base_text) return diag_set(L->diag, SGF_ERR_NOMEM, L->path, 0, "", "out of memory");
        memcpy(p->base_text, text, n + 1);
    } else {
        /* Not found: let the loader say why (unknown setting, did you mean). */
        char *a = assignment(path, "0", false);
        if (!a) return diag_set(L->diag, SGF_ERR_NOMEM, L->path, 0, "", "out of memory");
        st = check_assignment(L, ps, a, false);
        sgf_free(a);
        if (st != SGF_OK) return st;
        return fail_at(L, ps, "'%s' is not a setting that can vary", path);
    }
    const config_setting_t *values = config_setting_get_member(entry, "values");
    const config_setting_t *from = config_setting_get_member(entry, "from");
    const config_setting_t *to = config_setting_get_member(entry, "to");
    const config_setting_t *steps = config_setting_get_member(entry, "steps");
    const config_setting_t *scale = config_setting_get_member(entry, "scale");
    if (values && (from || to || steps || scale))
        return fail_at(L,
                       from    ? from
                       : to    ? to
                       : steps ? steps
                               : scale,
                       "give either values = [...] or a range (from, to, steps, scale), not both");
    if (values) return load_values(L, p, values, f);
    if (!from && !to)
        return fail_at(L, entry, "'%s' needs values = [...] or a range: from, to, steps", path);
    return load_range(L, p, entry, from, to, steps, scale, f);
}

/* Index into sgf_summary_table of a summary column, or -1 - k for window
 * metric k (added to the sweep's windows when new); -1 - window_count - 1
 * when the name is neither; -2 - INT_MAX on out of memory. */
static int metric_index(sgf_sweep *sw, const char *name, int room)
{
    for (int m = 0; m < sgf_summary_count; m++)
        if (strcmp(sgf_summary_table[m].name, name) == 0) return m;
    sgf_window w;
    if (strlen(name) >= sizeof *sw->window_names || !sgf_window_parse(name, &w)) return INT_MIN;
    for (int k = 0; k < sw->window_count; k++)
        if (strcmp(sw->window_names[k], name) == 0) return -1 - k;
    if (!sw->windows) {
        sw->windows = sgf_calloc((size_t)room, sizeof *sw->windows);
        sw->window_names = sgf_calloc((size_t)room, sizeof *sw->window_names);
        if (!sw->windows || !sw->window_names) return INT_MIN + 1;
    }
    sw->windows[sw->window_count] = w;
    copy_str(sw->window_names[sw->window_count], sizeof *sw->window_names, name);
    return -1 - sw->window_count++;
}

static sgf_status load_metrics(loader *L, const config_setting_t *ms)
{
    sgf_sweep *sw = L->sw;
    if (sw->test_fn) {
        if (ms) return fail_at(L, ms, "a test model's metric is \"y\": leave 'metrics' out");
        sw->metrics = sgf_calloc(1, sizeof *sw->metrics);
        if (!sw->metrics) return diag_set(L->diag, SGF_ERR_NOMEM, L->path, 0, "", "out of memory");
        sw->metric_count = sw->test_fn->output_count;
        return SGF_OK;
    }
    const char *names[128];
    int nn = sgf_summary_count < 128 ? sgf_summary_count : 128;
    for (int i = 0; i < nn; i++) names[i] = sgf_summary_table[i].name;
    int n = ms ? config_setting_length(ms) : sgf_summary_count;
    if (ms && (!config_setting_is_aggregate(ms) || config_setting_is_group(ms)))
        return fail_at(L, ms, "wrong type: expected a list of metric names, got %s", type_name(ms));
    if (ms && n == 0) return fail_at(L, ms, "no metrics: leave 'metrics' out to keep them all");
    int extra = L->opts->extra_metric_count;
    int room = n + extra;
    sw->metrics = sgf_calloc((size_t)room, sizeof *sw->metrics);
    if (!sw->metrics) return diag_set(L->diag, SGF_ERR_NOMEM, L->path, 0, "", "out of memory");
    for (int i = 0; i < n; i++) {
        if (!ms) {
            sw->metrics[sw->metric_count++] = i;
            continue;
        }
        const config_setting_t *e = config_setting_get_elem(ms, (unsigned)i);
        const char *name;
        sgf_status st = get_string(L, e, &name);
        if (st != SGF_OK) return st;
        int k = metric_index(sw, name, room);
        if (k == INT_MIN + 1)
            return diag_set(L->diag, SGF_ERR_NOMEM, L->path, 0, "", "out of memory");
        if (k == INT_MIN) {
            char hint[96];
            return fail_at(L, e,
                           "unknown metric '%s'%s (metrics are the columns of a run's summary.csv, "
                           "or a weekly series over a window: SERIES_STAT_year_Y, "
                           "SERIES_STAT_weeks_A_B; docs/exploration.md)",
                           name, did_you_mean(name, names, nn, hint, sizeof hint));
        }
        for (int m = 0; m < sw->metric_count; m++)
            if (sw->metrics[m] == k) return fail_at(L, e, "metric '%s' is listed twice", name);
        sw->metrics[sw->metric_count++] = k;
    }
    /* The caller's metrics (calibration targets) after the file's. */
    for (int i = 0; i < extra; i++) {
        const char *name = L->opts->extra_metrics[i];
        int k = metric_index(sw, name, room);
        if (k == INT_MIN + 1)
            return diag_set(L->diag, SGF_ERR_NOMEM, L->path, 0, "", "out of memory");
        if (k == INT_MIN) continue; /* the caller reports names it cannot find */
        bool listed = false;
        for (int m = 0; m < sw->metric_count; m++) listed = listed || sw->metrics[m] == k;
        if (!listed) sw->metrics[sw->metric_count++] = k;
    }
    return SGF_OK;
}

static void dir_of(const char *path, char *out, size_t size)
{
    copy_str(out, size, path);
    char *slash = strrchr(out, '/');
    if (slash)
        slash[slash == out ? 1 : 0] = '\0';
    else
        copy_str(out, size, ".");
}

static sgf_status load_base(loader *L, const config_setting_t *bs)
{
    sgf_sweep *sw = L->sw;
    const char *base;
    sgf_status st = get_string(L, bs, &base);
    if (st != SGF_OK) return st;
    copy_str(sw->base_name, sizeof sw->base_name, base);
    sw->base = sgf_world_def_default();
    sw->base_loaded = true;
    sgf_diag d;
    memset(&d, 0, sizeof d);
    if (strcmp(base, "default") == 0) {
        st = sgf_scenario_load_default(&sw->base, &d);
    } else {
        char dir[SWEEP_FILE_MAX], full[2 * SWEEP_FILE_MAX];
        dir_of(L->path, dir, sizeof dir);
        if (base[0] == '/' || strcmp(dir, ".") == 0)
            copy_str(full, sizeof full, base);
        else
            snprintf(full, sizeof full, "%s/%s", dir, base);
        struct stat stt;
        if (stat(full, &stt) != 0)
            return fail_at(L, bs, "cannot read the base scenario '%s' (looked for %s): %s", base,
                           full, strerror(errno));
        st = sgf_scenario_load_file(full, &sw->base, &d);
    }
    if (st == SGF_OK) st = sgf_scenario_validate(&sw->base, &d);
    if (st == SGF_OK) return SGF_OK;
    if (st == SGF_ERR_NOMEM) return diag_set(L->diag, st, L->path, 0, "", "out of memory");
    /* The base's own diagnostic names its file and line; say whose base. */
    *L->diag = d;
    size_t n = strlen(L->diag->message);
    snprintf(L->diag->message + n, sizeof L->diag->message - n, " (base scenario of %s:%d)",
             L->path, (int)config_setting_source_line(bs));
    return SGF_ERR_SCENARIO;
}

/* The text every result depends on, hashed into the fingerprint. */
static uint64_t compute_fingerprint(const sgf_sweep *sw)
{
    char buf[256];
    uint64_t h = 0xcbf29ce484222325ull;
    snprintf(buf, sizeof buf,
             "sgf-sweep 1\nversion %s\nbase %016" PRIx64 "\nseed %" PRIu64
             "\ndesign %s\npoints %" PRIu64 "\nreplications %" PRIu64 "\ncrn %d\n",
             SGF_VERSION, sgf_def_hash(&sw->base), sw->seed, sgf_sweep_design_label(sw), sw->points,
             sw->reps, sw->crn ? 1 : 0);
    h = fnv1a(h, buf, strlen(buf));
    for (int i = 0; i < sw->param_count; i++) {
        const param *p = &sw->params[i];
        snprintf(buf, sizeof buf, "param %s range %d %.17g %.17g %d %d %d\n", p->path,
                 p->is_range ? 1 : 0, p->from, p->to, p->steps, p->log_scale ? 1 : 0,
                 p->integer ? 1 : 0);
        h = fnv1a(h, buf, strlen(buf));
        for (int k = 0; k < p->level_count; k++) {
            h = fnv1a(h, p->levels[k].quoted ? "s" : "n", 1);
            h = fnv1a(h, p->levels[k].text, strlen(p->levels[k].text) + 1);
        }
    }
    for (int i = 0; i < sw->metric_count; i++) {
        const char *m = sgf_sweep_metric_name(sw, i);
        h = fnv1a(h, m, strlen(m) + 1);
    }
    /* Only sweeps that have them hash these, so plain sweeps keep theirs. */
    if (sw->design == SGF_DESIGN_GIVEN) {
        snprintf(buf, sizeof buf, "given %s %016" PRIx64 "\n", sw->given.name, sw->given.identity);
        h = fnv1a(h, buf, strlen(buf));
    }
    if (sw->test_fn) h = fnv1a(h, sw->test_fn->name, strlen(sw->test_fn->name) + 1);
    return sgf_hash64(h);
}

static sgf_status load_config(loader *L, config_t *cfg, int ticks)
{
    static const char *const keys[] = {
        "name",   "description",           "base", "seed", "replications", "design",
        "points", "common_random_numbers", "set",  "vary", "metrics",      "model"};
    const sgf_sweep_load_opts *o = L->opts;
    sgf_sweep *sw = L->sw;
    const config_setting_t *root = config_root_setting(cfg);
    /* "model" only where test models are allowed. */
    const char *known[64];
    int nk = (int)(sizeof keys / sizeof *keys) - (o->test_models ? 0 : 1);
    for (int i = 0; i < nk; i++) known[i] = keys[i];
    for (int i = 0; i < o->extra_key_count && nk < 64; i++) known[nk++] = o->extra_keys[i];
    sgf_status st = check_keys(L, root, known, nk, o->given ? "this file" : "a sweep file");
    if (st != SGF_OK) return st;
    const config_setting_t *s;

    if ((s = config_setting_get_member(root, "model"))) {
        const char *m;
        if ((st = get_string(L, s, &m)) != SGF_OK) return st;
        sw->test_fn = sgf_test_fn_find(m);
        if (!sw->test_fn)
            return fail_at(L, s, "unknown test model '%s' (one of: %s)", m, sgf_test_fn_names());
    }
    if (o->given) {
        if ((s = config_setting_get_member(root, "design")) ||
            (s = config_setting_get_member(root, "points")))
            return fail_at(L, s, "'%s' is set by the method: leave it out", config_setting_name(s));
        sw->design = SGF_DESIGN_GIVEN;
        sw->given = *o->given;
    }

    /* name: the file's stem unless given */
    const char *stem = strrchr(L->path, '/');
    stem = stem ? stem + 1 : L->path;
    copy_str(sw->name, sizeof sw->name, stem);
    char *dot = strrchr(sw->name, '.');
    if (dot && dot != sw->name) *dot = '\0';
    if ((s = config_setting_get_member(root, "name"))) {
        const char *name;
        if ((st = get_string(L, s, &name)) != SGF_OK) return st;
        if (!name[0] || strlen(name) >= SGF_NAME_MAX)
            return fail_at(L, s, "name must have 1 to %d characters", SGF_NAME_MAX - 1);
        copy_str(sw->name, sizeof sw->name, name);
    }
    if ((s = config_setting_get_member(root, "description"))) {
        const char *text;
        if ((st = get_string(L, s, &text)) != SGF_OK) return st;
    }

    if (!o->given && (s = config_setting_get_member(root, "design"))) {
        const char *d;
        if ((st = get_string(L, s, &d)) != SGF_OK) return st;
        int k = -1;
        for (int i = 0; i < SGF_DESIGN_COUNT; i++)
            if (strcmp(d, design_names[i]) == 0) k = i;
        if (k < 0) {
            char hint[96];
            return fail_at(L, s,
                           "unknown design '%s' (one of: factorial, latin_hypercube, "
                           "one_at_a_time)%s",
                           d, did_you_mean(d, design_names, SGF_DESIGN_COUNT, hint, sizeof hint));
        }
        sw->design = (sgf_design)k;
    }

    const config_setting_t *bs = config_setting_get_member(root, "base");
    if (!bs)
        return fail_missing(L, "base",
                            "the scenario to vary (a path relative to this file, or \"default\")");
    if ((st = load_base(L, bs)) != SGF_OK) return st;

    sw->seed = sw->base.seed;
    if ((s = config_setting_get_member(root, "seed"))) {
        if (is_int(s)) {
            long long v = config_setting_get_int64(s);
            if (v < 0) return fail_at(L, s, "the seed must not be negative");
            sw->seed = (uint64_t)v;
        } else if (config_setting_type(s) == CONFIG_TYPE_STRING) {
            const char *t = config_setting_get_string(s), *end = NULL;
            if (!parse_u64(t, &end, &sw->seed) || *end)
                return fail_at(L, s, "'%s' is not a whole number from 0 to 2^64-1", t);
        } else {
            return fail_at(L, s, "wrong type: expected a whole number, got %s", type_name(s));
        }
    }

    int64_t v = 1;
    if ((s = config_setting_get_member(root, "replications")) &&
        (st = get_count(L, s, 1, SWEEP_MAX_REPLICATIONS, &v)) != SGF_OK)
        return st;
    sw->reps = (uint64_t)v;

    if ((s = config_setting_get_member(root, "common_random_numbers"))) {
        if (config_setting_type(s) != CONFIG_TYPE_BOOL)
            return fail_at(L, s, "wrong type: expected true or false, got %s", type_name(s));
        sw->crn = config_setting_get_bool(s) != 0;
    }

    const config_setting_t *ps = config_setting_get_member(root, "points");
    if (sw->design == SGF_DESIGN_LATIN_HYPERCUBE) {
        if (!ps)
            return fail_missing(L, "points", "how many points the Latin hypercube has (1 or more)");
        if ((st = get_count(L, ps, 1, SWEEP_MAX_POINTS_LHS, &v)) != SGF_OK) return st;
        sw->points = (uint64_t)v;
    } else if (ps) {
        return fail_at(L, ps,
                       "'points' is for design = \"latin_hypercube\"; a %s design has one "
                       "point per combination",
                       sgf_design_name(sw->design));
    }

    /* Fixed changes to the base, before anything varies. */
    if ((s = config_setting_get_member(root, "set"))) {
        if (!config_setting_is_aggregate(s) || config_setting_is_group(s))
            return fail_at(L, s, "wrong type: expected a list of \"path=value\" strings, got %s",
                           type_name(s));
        for (int i = 0; i < config_setting_length(s); i++) {
            const config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
            const char *a;
            if ((st = get_string(L, e, &a)) != SGF_OK) return st;
            if ((st = check_assignment(L, e, a, true)) != SGF_OK) return st;
            sgf_diag d;
            st = sgf_scenario_apply_set(&sw->base, a, &d);
            if (st != SGF_OK) return diag_set(L->diag, st, L->path, 0, "", "%s", d.message);
        }
    }
    /* --ticks wins over the file, as with `sgf run`. */
    if (ticks > 0) sw->base.ticks = ticks;
    {
        sgf_diag d;
        memset(&d, 0, sizeof d);
        if (sgf_scenario_validate(&sw->base, &d) != SGF_OK)
            return fail_at(L, s ? s : bs, "the base with these settings is invalid: %s%s%s%s",
                           d.path[0] ? "setting '" : "", d.path, d.path[0] ? "': " : "", d.message);
    }

    const config_setting_t *vary = config_setting_get_member(root, "vary");
    if (!vary) return fail_missing(L, "vary", "the list of settings to vary and how");
    if (!config_setting_is_list(vary) && !config_setting_is_array(vary))
        return fail_at(L, vary,
                       "wrong type: expected a list of groups ( { path = ...; }, ... ), got %s",
                       type_name(vary));
    int np = config_setting_length(vary);
    if (np == 0) return fail_at(L, vary, "nothing varies: give at least one entry");
    if (np > 256) return fail_at(L, vary, "%d settings vary; at most 256 can", np);
    sw->params = sgf_calloc((size_t)np, sizeof *sw->params);
    if (!sw->params) return diag_set(L->diag, SGF_ERR_NOMEM, L->path, 0, "", "out of memory");
    for (int i = 0; i < np; i++) {
        st =
            load_param(L, config_setting_get_elem(vary, (unsigned)i), &sw->params[sw->param_count]);
        sw->param_count++; /* even on failure: destroy frees what it holds */
        if (st != SGF_OK) return st;
    }

    if ((st = load_metrics(L, config_setting_get_member(root, "metrics"))) != SGF_OK) return st;

    /* Design size. */
    if (sw->design == SGF_DESIGN_FACTORIAL) {
        uint64_t pts = 1;
        for (int i = sw->param_count - 1; i >= 0; i--) {
            sw->params[i].stride = pts;
            if (pts > SWEEP_MAX_RUNS / (uint64_t)sw->params[i].level_count)
                return fail_at(L, vary, "the full factorial has more than 2^40 points");
            pts *= (uint64_t)sw->params[i].level_count;
        }
        sw->points = pts;
    } else if (sw->design == SGF_DESIGN_ONE_AT_A_TIME) {
        uint64_t pts = 1;
        for (int i = 0; i < sw->param_count; i++) {
            sw->params[i].first = pts;
            pts += (uint64_t)sw->params[i].level_count;
        }
        sw->points = pts;
    } else if (sw->design == SGF_DESIGN_GIVEN) {
        sw->points = sw->given.points;
        if (sw->points < 1) return fail_at(L, root, "the method's design has no points");
    }
    if (sw->test_fn && sw->test_fn->inputs > 0 && sw->param_count != sw->test_fn->inputs)
        return fail_at(L, vary, "test model '%s' takes %d factors, not %d", sw->test_fn->name,
                       sw->test_fn->inputs, sw->param_count);
    if (sw->points > SWEEP_MAX_RUNS / sw->reps)
        return fail_at(L, root,
                       "%" PRIu64 " points x %" PRIu64 " replications is more than 2^40 runs",
                       sw->points, sw->reps);
    sw->runs = sw->points * sw->reps;
    sw->order_key = sgf_hash64(sw->seed ^ TAG_ORDER);
    sw->lhs_key = sgf_hash64(sw->seed ^ TAG_LHS);
    sw->fingerprint = compute_fingerprint(sw);
    return SGF_OK;
}

sgf_status sgf_sweep_load(const char *path, int ticks, sgf_sweep **out, sgf_diag *diag)
{
    sgf_sweep_load_opts o = {.ticks = ticks};
    return sgf_sweep_load_with(path, &o, out, diag);
}

sgf_status sgf_sweep_load_with(const char *path, const sgf_sweep_load_opts *opts, sgf_sweep **out,
                               sgf_diag *diag)
{
    int ticks = opts ? opts->ticks : 0;
    sgf_diag scratch;
    if (!diag) diag = &scratch;
    memset(diag, 0, sizeof *diag);
    *out = NULL;
    sgf_sweep *sw = sgf_calloc(1, sizeof *sw);
    if (!sw) return diag_set(diag, SGF_ERR_NOMEM, path, 0, "", "out of memory");
    copy_str(sw->file, sizeof sw->file, path);
    sgf_sweep_load_opts defaults = {.ticks = ticks};
    if (!opts) opts = &defaults;
    loader L = {sw, diag, path, opts};
    config_t cfg;
    config_init(&cfg);
    config_set_auto_convert(&cfg, CONFIG_FALSE);
    char dir[SWEEP_FILE_MAX];
    dir_of(path, dir, sizeof dir);
    config_set_include_dir(&cfg, dir);
    /* libconfig 1.5 ends the process when it reads a directory (the file
     * itself, or `@include ""`): the scenario loader's check goes first. */
    sgf_status st = sgf_scenario_check_includes(path, NULL, path, dir, diag);
    FILE *f = st == SGF_OK ? fopen(path, "r") : NULL;
    if (st != SGF_OK) {
        /* diag says why */
    } else if (!f) {
        st = diag_set(diag, SGF_ERR_SCENARIO, path, 0, "", "cannot read the sweep file: %s",
                      strerror(errno));
    } else if (!config_read(&cfg, f)) {
        const char *ef = config_error_file(&cfg);
        st = diag_set(diag, SGF_ERR_SCENARIO, ef ? ef : path, config_error_line(&cfg), "", "%s",
                      config_error_text(&cfg) ? config_error_text(&cfg) : "syntax error");
    } else {
        /* whole numbers beyond 32 bits, which libconfig 1.5 wraps, exactly */
        bool oom = false;
        sgf_cfgnum *nums = sgf_cfgnum_fix(&cfg, path, NULL, &oom);
        st = oom ? diag_set(diag, SGF_ERR_NOMEM, path, 0, "", "out of memory")
                 : load_config(&L, &cfg, ticks);
        sgf_cfgnum_free(nums);
    }
    if (f) fclose(f);
    config_destroy(&cfg);
    if (st != SGF_OK) {
        sgf_sweep_destroy(sw);
        return st;
    }
    *out = sw;
    return SGF_OK;
}

/* ---- the plan (--dry-run) ------------------------------------------------------- */

void sgf_sweep_write_plan(FILE *f, const sgf_sweep *sw, sgf_sweep_shard shard, int max_points)
{
    fprintf(f, "sweep %s (%s)\n", sw->name, sw->file);
    fprintf(f, "  base          %s, %d weeks\n", sw->base_name, sw->base.ticks);
    fprintf(f, "  design        %s, ", sgf_sweep_design_label(sw));
    if (sw->design == SGF_DESIGN_FACTORIAL) {
        for (int i = 0; i < sw->param_count; i++)
            fprintf(f, "%s%d", i ? " x " : "", sw->params[i].level_count);
        fprintf(f, " = ");
    } else if (sw->design == SGF_DESIGN_ONE_AT_A_TIME) {
        fprintf(f, "the base + ");
        for (int i = 0; i < sw->param_count; i++)
            fprintf(f, "%s%d", i ? " + " : "", sw->params[i].level_count);
        fprintf(f, " = ");
    }
    fprintf(f, "%" PRIu64 " point%s\n", sw->points, sw->points == 1 ? "" : "s");
    fprintf(f, "  replications  %" PRIu64 "%s\n", sw->reps,
            sw->crn ? " (common random numbers: replicate r of every point has run_index r)" : "");
    fprintf(f, "  runs          %" PRIu64 "\n", sw->runs);
    if (shard.count > 1)
        fprintf(f,
                "  shard         %" PRIu64 "/%" PRIu64 ": %" PRIu64 " runs (id %% %" PRIu64
                " == %" PRIu64 ")\n",
                shard.index, shard.count, sgf_sweep_shard_runs(sw, shard), shard.count,
                shard.index - 1);
    fprintf(f, "  master seed   %" PRIu64 "\n", sw->seed);
    fprintf(f, "  metrics       %d:", sw->metric_count);
    for (int i = 0; i < sw->metric_count; i++)
        fprintf(f, "%s %s", i ? "," : "", sgf_sweep_metric_name(sw, i));
    fprintf(f, "\n  fingerprint   %016" PRIx64 "\n", sw->fingerprint);
    fprintf(f, "parameters\n");
    for (int i = 0; i < sw->param_count; i++) {
        const param *p = &sw->params[i];
        fprintf(f, "  %s: ", p->path);
        if (p->is_range)
            fprintf(f, "%s%s range %.12g .. %.12g", p->log_scale ? "log" : "linear",
                    p->integer ? " integer" : "", p->from, p->to);
        if (p->level_count > 0) {
            fprintf(f, "%s%d value%s:", p->is_range ? ", " : "", p->level_count,
                    p->level_count == 1 ? "" : "s");
            for (int k = 0; k < p->level_count && k < 12; k++)
                fprintf(f, "%s %s", k ? "," : "", p->levels[k].text);
            if (p->level_count > 12) fprintf(f, ", ...");
        }
        if (sw->design == SGF_DESIGN_ONE_AT_A_TIME) fprintf(f, " (base %s)", p->base_text);
        fprintf(f, "\n");
    }
    /* The first design points as a table. */
    uint64_t shown = sw->points < (uint64_t)max_points ? sw->points : (uint64_t)max_points;
    fprintf(f, "first %" PRIu64 " of %" PRIu64 " points\n", shown, sw->points);
    int cols = sw->param_count;
    int width[64];
    for (int j = 0; j < cols && j < 64; j++) width[j] = (int)strlen(sw->params[j].path);
    for (uint64_t pt = 0; pt < shown; pt++)
        for (int j = 0; j < cols && j < 64; j++) {
            char buf[64];
            int n = (int)strlen(sgf_sweep_point_value(sw, pt, j, buf, sizeof buf));
            if (n > width[j]) width[j] = n;
        }
    fprintf(f, "  %6s", "point");
    for (int j = 0; j < cols && j < 64; j++)
        fprintf(f, "  %-*s", j == cols - 1 || j == 63 ? 0 : width[j], sw->params[j].path);
    fprintf(f, "\n");
    for (uint64_t pt = 0; pt < shown; pt++) {
        fprintf(f, "  %6" PRIu64, pt);
        for (int j = 0; j < cols && j < 64; j++) {
            char buf[64];
            bool last = j == cols - 1 || j == 63;
            fprintf(f, "  %-*s", last ? 0 : width[j],
                    sgf_sweep_point_value(sw, pt, j, buf, sizeof buf));
        }
        fprintf(f, "\n");
    }
    /* The first runs, to show the interleaving. */
    uint64_t first = shard.count > 1 ? shard.index - 1 : 0,
             step = shard.count > 1 ? shard.count : 1;
    fprintf(f, "first runs%s (run: point/replicate)\n", shard.count > 1 ? " of the shard" : "");
    int k = 0;
    for (uint64_t run = first; run < sw->runs && k < max_points; run += step, k++) {
        uint64_t pt, rep;
        sgf_sweep_run_place(sw, run, &pt, &rep);
        fprintf(f, "%s%" PRIu64 ": %" PRIu64 "/%" PRIu64, k % 8 == 0 ? (k ? "\n  " : "  ") : ", ",
                run, pt, rep);
    }
    fprintf(f, "\n");
}

/* ---- one run ------------------------------------------------------------------- */

static bool row_header(const sgf_sweep *sw, sgf_sweep_buf *b)
{
    bool ok = buf_puts(b, "run,point,replicate,seed,run_index");
    for (int i = 0; i < sw->param_count && ok; i++)
        ok = buf_puts(b, ",") && buf_csv(b, sw->params[i].path);
    ok = ok && buf_puts(b, ",status,message");
    for (int i = 0; i < sw->metric_count && ok; i++)
        ok = buf_puts(b, ",") && buf_puts(b, sgf_sweep_metric_name(sw, i));
    return ok && buf_puts(b, "\n");
}

/* A test model's run: the function at the point's values, no world. */
static sgf_status test_fn_run(const sgf_sweep *sw, uint64_t run, sgf_sweep_buf *row, char *err,
                              size_t err_size)
{
    uint64_t point, rep;
    sgf_sweep_run_place(sw, run, &point, &rep);
    double x[256], y[SGF_TEST_FN_MAX_OUTPUTS];
    bool ok = buf_printf(row, "%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64, run,
                         point, rep, sw->seed, sgf_sweep_run_index(sw, run));
    for (int j = 0; j < sw->param_count && ok; j++) {
        char buf[64];
        bool quoted, at_base;
        const char *t = point_text(sw, point, j, buf, sizeof buf, &quoted, &at_base);
        x[j] = strtod(t, NULL);
        ok = buf_puts(row, ",") && buf_csv(row, t);
    }
    sw->test_fn->eval(x, sw->param_count, sw->seed, sgf_sweep_run_index(sw, run), y);
    ok = ok && buf_puts(row, ",ok,");
    for (int m = 0; m < sw->metric_count && ok; m++) {
        char buf[40];
        ok = buf_puts(row, ",") && buf_puts(row, sgf_sweep_format_number(y[m], buf, sizeof buf));
    }
    ok = ok && buf_puts(row, "\n");
    if (!ok) return err_set(err, err_size, SGF_ERR_NOMEM, "run %" PRIu64 ": out of memory", run);
    return SGF_OK;
}

/* A window metric while its run steps: the weeks seen in the window, their
 * sum, least, most and last value, and whether the run reached its end. */
typedef struct window_acc {
    int weeks;
    double sum, min, max, last;
    bool complete;
} window_acc;

static void window_start(const sgf_sweep *sw, window_acc *acc)
{
    for (int k = 0; k < sw->window_count; k++)
        acc[k] = (window_acc){0, 0.0, INFINITY, -INFINITY, NAN, false};
}

static void window_step(const sgf_sweep *sw, const sgf_metrics *m, window_acc *acc)
{
    for (int k = 0; k < sw->window_count; k++) {
        const sgf_window *w = &sw->windows[k];
        int at = w->years ? (int)m->year : (int)m->tick;
        if (at < w->first || at > w->last) continue;
        double x = sgf_metric_get(m, w->series);
        window_acc *a = &acc[k];
        a->weeks++;
        a->sum += x;
        a->min = x < a->min ? x : a->min;
        a->max = x > a->max ? x : a->max;
        a->last = x;
        /* the window's last week: for weeks its number, for years week 52 of it */
        a->complete = w->years ? ((int)m->tick - 1) % 52 == 51 && at == w->last : at == w->last;
    }
}

static double window_value(const sgf_window *w, const window_acc *a)
{
    if (!a->complete || a->weeks == 0) return NAN;
    switch (w->stat) {
    case SGF_WINDOW_MEAN:
        return a->sum / a->weeks;
    case SGF_WINDOW_SUM:
        return a->sum;
    case SGF_WINDOW_MIN:
        return a->min;
    case SGF_WINDOW_MAX:
        return a->max;
    default:
        return a->last;
    }
}

sgf_status sgf_sweep_run(const sgf_sweep *sw, uint64_t run, const sgf_sweep_series *series,
                         const volatile sig_atomic_t *stop, sgf_sweep_buf *row, bool *failed,
                         char *err, size_t err_size)
{
    *failed = false;
    row->len = 0;
    if (sw->test_fn) return test_fn_run(sw, run, row, err, err_size);
    uint64_t point, rep;
    sgf_sweep_run_place(sw, run, &point, &rep);
    const char *status = "ok";
    char message[600] = "";
    sgf_summary sum;
    memset(&sum, 0, sizeof sum);
    sgf_world_def def;
    sgf_diag diag;
    sgf_world *w = NULL;
    void *handle = NULL;
    sgf_status fatal = SGF_OK;
    window_acc acc_buf[16], *acc = acc_buf;
    if (sw->window_count > 16) {
        acc = sgf_calloc((size_t)sw->window_count, sizeof *acc);
        if (!acc)
            return err_set(err, err_size, SGF_ERR_NOMEM, "run %" PRIu64 ": out of memory", run);
    }
    window_start(sw, acc);
    sgf_status st = sgf_sweep_run_def(sw, run, &def, &diag);
    if (st == SGF_ERR_NOMEM) {
        if (acc != acc_buf) sgf_free(acc);
        return err_set(err, err_size, st, "run %" PRIu64 ": out of memory", run);
    }
    if (st != SGF_OK) {
        status = "invalid";
        text_fmt(message, sizeof message, "%s%s%s%s", diag.path[0] ? "setting '" : "", diag.path,
                 diag.path[0] ? "': " : "", diag.message);
    } else {
        st = sgf_world_create(&def, &w);
        sgf_world_def_free(&def);
        if (st != SGF_OK) {
            status = "error";
            snprintf(message, sizeof message, "cannot build the world: %s", sgf_status_message(st));
        }
    }
    if (w) sgf_world_set_stop(w, stop);
    if (w && series) {
        handle = series->open(series->user, run, err, err_size);
        if (!handle) fatal = SGF_ERR_IO;
    }
    while (w && fatal == SGF_OK && !sgf_world_done(w)) {
        st = sgf_world_step(w);
        if (st == SGF_ERR_INTERRUPTED) {
            fatal = st;
            break;
        }
        if (st != SGF_OK) {
            status = st == SGF_ERR_INVARIANT ? "invariant" : "error";
            const char *why = sgf_world_error(w);
            snprintf(message, sizeof message, "week %d: %s%s%s", sgf_world_tick(w),
                     sgf_status_message(st), why && why[0] ? ": " : "", why ? why : "");
            break;
        }
        if (handle && !series->tick(handle, w)) fatal = SGF_ERR_IO;
        if (sw->window_count) window_step(sw, sgf_world_metrics(w), acc);
    }
    if (handle) {
        bool ok = fatal == SGF_OK && strcmp(status, "ok") == 0;
        char e2[256] = "";
        if (!series->close(handle, ok, e2, sizeof e2) && fatal == SGF_OK) {
            fatal = SGF_ERR_IO;
            copy_str(err, err_size, e2);
        }
    }
    if (w && fatal == SGF_OK && strcmp(status, "ok") == 0) sgf_world_summary(w, &sum);
    sgf_world_destroy(w);
    if (fatal != SGF_OK) {
        if (acc != acc_buf) sgf_free(acc);
        return fatal;
    }

    *failed = strcmp(status, "ok") != 0;
    bool ok = buf_printf(row, "%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64, run,
                         point, rep, sw->seed, sgf_sweep_run_index(sw, run));
    for (int j = 0; j < sw->param_count && ok; j++) {
        char buf[64];
        bool quoted, at_base;
        ok = buf_puts(row, ",") &&
             buf_csv(row, point_text(sw, point, j, buf, sizeof buf, &quoted, &at_base));
    }
    ok = ok && buf_puts(row, ",") && buf_puts(row, status) && buf_puts(row, ",") &&
         buf_csv(row, message);
    for (int m = 0; m < sw->metric_count && ok; m++) {
        ok = buf_puts(row, ",");
        if (!*failed && ok) {
            double x;
            int k = sw->metrics[m];
            if (k >= 0)
                memcpy(&x, (const char *)&sum + sgf_summary_table[k].offset, sizeof x);
            else
                x = window_value(&sw->windows[-1 - k], &acc[-1 - k]);
            char buf[40];
            ok = buf_puts(row, sgf_sweep_format_number(x, buf, sizeof buf));
        }
    }
    ok = ok && buf_puts(row, "\n");
    if (acc != acc_buf) sgf_free(acc);
    if (!ok) return err_set(err, err_size, SGF_ERR_NOMEM, "run %" PRIu64 ": out of memory", run);
    return SGF_OK;
}

/* ---- files -------------------------------------------------------------------------- */

sgf_status sgf_sweep_make_dir(const char *dir, char *err, size_t err_size)
{
    char path[SWEEP_FILE_MAX];
    copy_str(path, sizeof path, dir);
    size_t n = strlen(path);
    for (size_t i = 1; i <= n; i++) {
        if (path[i] != '/' && path[i] != '\0') continue;
        char c = path[i];
        path[i] = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST)
            return err_set(err, err_size, SGF_ERR_IO, "cannot create %s: %s", path,
                           strerror(errno));
        path[i] = c;
    }
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return err_set(err, err_size, SGF_ERR_IO, "%s is not a directory", dir);
    return SGF_OK;
}

/* True if dir holds nothing, or only the temporary a sweep's start leaves
 * when it is killed before sweep.json is in place. */
static bool dir_is_fresh(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return false;
    bool fresh = true;
    struct dirent *e;
    while (fresh && (e = readdir(d)) != NULL) {
        const char *n = e->d_name;
        fresh = strcmp(n, ".") == 0 || strcmp(n, "..") == 0 || strcmp(n, ".sweep.json.tmp") == 0;
    }
    closedir(d);
    return fresh;
}

static void sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
}

static bool write_all(int fd, const char *s, size_t n)
{
    while (n > 0) {
        ssize_t k = write(fd, s, n);
        if (k < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        s += k;
        n -= (size_t)k;
    }
    return true;
}

/* DIR/NAME replaced atomically by text: written as DIR/.NAME.tmp, synced,
 * renamed. */
static sgf_status write_atomic(const char *dir, const char *name, const char *text, size_t len,
                               char *err, size_t err_size)
{
    char tmp[SWEEP_FILE_MAX + 64], final[SWEEP_FILE_MAX + 64];
    snprintf(tmp, sizeof tmp, "%s/.%s.tmp", dir, name);
    snprintf(final, sizeof final, "%s/%s", dir, name);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    if (fd < 0)
        return err_set(err, err_size, SGF_ERR_IO, "cannot write %s: %s", tmp, strerror(errno));
    bool ok = write_all(fd, text, len) && fsync(fd) == 0;
    int e = errno;
    if (close(fd) != 0 && ok) {
        ok = false;
        e = errno;
    }
    if (!ok || rename(tmp, final) != 0) {
        if (ok) e = errno;
        unlink(tmp);
        return err_set(err, err_size, SGF_ERR_IO, "cannot write %s: %s", final, strerror(e));
    }
    sync_dir(dir);
    return SGF_OK;
}

/* A JSON string, escaped as every JSON writer of sgf escapes (io/jsonstr.h):
 * names and paths may hold any bytes. */
static bool json_str(sgf_sweep_buf *b, const char *s)
{
    size_t n = sgf_json_escape(NULL, 0, s);
    if (!buf_puts(b, "\"") || !buf_reserve(b, n)) return false;
    sgf_json_escape(b->data + b->len, n + 1, s);
    b->len += n;
    return buf_puts(b, "\"");
}

/* sweep.json: one key per line, so that resume and merge read it with a
 * line scan. The shard line is the only one that differs between the
 * directories of one sweep; merge drops it. Collecting adds the checksums of
 * runs.csv and aggregate.csv after the fingerprint (sgf_sweep_collect). */
static bool manifest_text(const sgf_sweep *sw, sgf_sweep_shard shard, sgf_sweep_buf *b)
{
    bool ok = buf_printf(b, "{\n  \"sgf_version\": \"%s\",\n  \"name\": ", SGF_VERSION) &&
              json_str(b, sw->name) &&
              buf_printf(b, ",\n  \"fingerprint\": \"%016" PRIx64 "\",\n", sw->fingerprint) &&
              buf_printf(b, "  \"runs\": %" PRIu64 ",\n", sw->runs);
    if (ok && shard.count > 1)
        ok = buf_printf(b, "  \"shard\": \"%" PRIu64 "/%" PRIu64 "\",\n", shard.index, shard.count);
    ok = ok &&
         buf_printf(b, "  \"seed\": %" PRIu64 ",\n  \"design\": \"%s\",\n", sw->seed,
                    sgf_sweep_design_label(sw)) &&
         buf_printf(b, "  \"points\": %" PRIu64 ",\n  \"replications\": %" PRIu64 ",\n", sw->points,
                    sw->reps) &&
         buf_printf(b, "  \"common_random_numbers\": %s,\n  \"ticks\": %d,\n  \"base\": ",
                    sw->crn ? "true" : "false", sw->base.ticks) &&
         json_str(b, sw->base_name) && buf_puts(b, ",\n  \"parameters\": [");
    for (int i = 0; i < sw->param_count && ok; i++)
        ok = buf_puts(b, i ? ", " : "") && json_str(b, sw->params[i].path);
    ok = ok && buf_puts(b, "],\n  \"metrics\": [");
    for (int i = 0; i < sw->metric_count && ok; i++)
        ok = buf_puts(b, i ? ", " : "") && json_str(b, sgf_sweep_metric_name(sw, i));
    return ok && buf_puts(b, "]\n}\n");
}

static char *read_whole(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    sgf_sweep_buf b = {0};
    char chunk[4096];
    size_t n;
    bool ok = buf_reserve(&b, 0);
    while (ok && (n = fread(chunk, 1, sizeof chunk, f)) > 0) ok = buf_add(&b, chunk, n);
    fclose(f);
    if (!ok) {
        sgf_sweep_buf_free(&b);
        return NULL;
    }
    return b.data;
}

typedef struct manifest {
    uint64_t fingerprint, runs;
    bool sharded;
    sgf_sweep_shard shard; /* {1, 1} without a shard line */
    bool has_runs_hash, has_agg_hash;
    uint64_t runs_hash, agg_hash; /* of runs.csv and aggregate.csv, once collected */
    char *text;
} manifest;

/* The value of the line `  "KEY": "HEX16"` as a number; false if there is no
 * such line, *bad if there is one but not 16 hex digits. */
static bool manifest_hex(const char *text, const char *key, uint64_t *out, bool *bad)
{
    char pat[64];
    snprintf(pat, sizeof pat, "\n  \"%s\": \"", key);
    const char *p = strstr(text, pat);
    if (!p) return false;
    p += strlen(pat);
    uint64_t v = 0;
    int n = 0;
    for (; n < 16 && isxdigit((unsigned char)p[n]); n++)
        v = v * 16 + (uint64_t)(isdigit((unsigned char)p[n])
                                    ? p[n] - '0'
                                    : tolower((unsigned char)p[n]) - 'a' + 10);
    if (n != 16 || p[16] != '"') {
        *bad = true;
        return false;
    }
    *out = v;
    return true;
}

static sgf_status read_manifest(const char *dir, manifest *m, char *err, size_t err_size)
{
    char path[SWEEP_FILE_MAX + 32];
    snprintf(path, sizeof path, "%s/sweep.json", dir);
    memset(m, 0, sizeof *m);
    m->shard = (sgf_sweep_shard){1, 1};
    m->text = read_whole(path);
    if (!m->text)
        return err_set(err, err_size, SGF_ERR_USAGE,
                       "%s is not a sweep directory (no readable sweep.json): %s", dir,
                       strerror(errno));
    const char *rn = strstr(m->text, "\n  \"runs\": ");
    const char *sh = strstr(m->text, "\n  \"shard\": \"");
    bool bad = false;
    bool have_fp = manifest_hex(m->text, "fingerprint", &m->fingerprint, &bad);
    m->has_runs_hash = manifest_hex(m->text, "runs_csv_hash", &m->runs_hash, &bad);
    m->has_agg_hash = manifest_hex(m->text, "aggregate_csv_hash", &m->agg_hash, &bad);
    const char *end = NULL;
    if (!bad && sh) {
        /* "I/N" with 1 <= I <= N, as --shard takes it */
        uint64_t i = 0, n = 0;
        m->sharded = true;
        bad = !parse_u64(sh + 13, &end, &i) || *end != '/' || !parse_u64(end + 1, &end, &n) ||
              *end != '"' || i < 1 || i > n;
        m->shard = (sgf_sweep_shard){i, n};
    }
    if (bad || !have_fp || !rn || !parse_u64(rn + 11, &end, &m->runs) || *end != ',') {
        sgf_free(m->text);
        m->text = NULL;
        return err_set(err, err_size, SGF_ERR_USAGE,
                       "%s is damaged: no fingerprint, runs or shard as sgf writes them", path);
    }
    return SGF_OK;
}

/* Column layout of a runs.csv header: params between run_index and
 * status, metrics after message. */
typedef struct layout {
    int columns, first_param, status, message;
    char *names[1024];
    sgf_sweep_buf copy;
} layout;

static bool parse_layout(const char *header, layout *lay)
{
    memset(lay, 0, sizeof *lay);
    size_t n = strlen(header);
    if (n == 0 || !buf_add(&lay->copy, header, header[n - 1] == '\n' ? n - 1 : n)) return false;
    lay->columns = csv_split(lay->copy.data, lay->names, 1024);
    if (lay->columns < 7 || strcmp(lay->names[0], "run") != 0 ||
        strcmp(lay->names[4], "run_index") != 0)
        return false;
    lay->first_param = 5;
    lay->status = -1;
    for (int i = 5; i + 1 < lay->columns; i++)
        if (strcmp(lay->names[i], "status") == 0 && strcmp(lay->names[i + 1], "message") == 0) {
            lay->status = i;
            lay->message = i + 1;
            break;
        }
    return lay->status > 0;
}

/* A whole number as sgf writes it: digits only, no sign, space or other base. */
static bool whole_field(const char *s, uint64_t *out)
{
    const char *end;
    return parse_u64(s, &end, out) && *end == '\0';
}

/* A number as sgf_sweep_format_number writes it: [-]digits[.digits][e[+-]digits],
 * Inf or -Inf (or NaN, as sweeps before empty fields wrote a missing value);
 * nothing around it (no space, no hex, not empty: check_row allows an empty
 * field only where the metric may have no value). */
static bool number_field(const char *s)
{
    if (strcmp(s, "NaN") == 0 || strcmp(s, "Inf") == 0 || strcmp(s, "-Inf") == 0) return true;
    const char *p = s;
    if (*p == '-') p++;
    if (!isdigit((unsigned char)*p)) return false;
    while (isdigit((unsigned char)*p)) p++;
    if (*p == '.') {
        p++;
        if (!isdigit((unsigned char)*p)) return false;
        while (isdigit((unsigned char)*p)) p++;
    }
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-') p++;
        if (!isdigit((unsigned char)*p)) return false;
        while (isdigit((unsigned char)*p)) p++;
    }
    return *p == '\0';
}

/* A metric field's value: empty is a value that does not exist (NaN). */
static double metric_value(const char *s)
{
    return s[0] ? strtod(s, NULL) : NAN;
}

/* Whether summary metric `name` may have no value in a run (an empty field:
 * "never", "not applicable"; sgf_summary_table's `empty`). */
static bool may_be_empty(const char *name)
{
    for (int i = 0; i < sgf_summary_count; i++)
        if (strcmp(sgf_summary_table[i].name, name) == 0) return sgf_summary_table[i].empty[0] != 0;
    return false;
}

static const char *const row_statuses[] = {"ok", "invalid", "error", "invariant"};

/* Checks one complete row (with or without its newline) of a runs.csv whose
 * header is lay: the field count, the five whole numbers, run < runs, a
 * status sgf writes, a strict number in every metric of an ok row (or an
 * empty field where the metric may have no value) and none in a failed one. With sw, also that
 * point, replicate, seed and run_index are the run's. Errors name FILE:LINE:COLUMN (column: the
 * byte where the field starts, from 1) and the column's name. */
static sgf_status check_row(const layout *lay, sgf_sweep_buf *scratch, const char *line, size_t len,
                            const char *path, long lineno, uint64_t runs, const sgf_sweep *sw,
                            char *err, size_t err_size)
{
    scratch->len = 0;
    if (len && line[len - 1] == '\n') len--;
    if (!buf_add(scratch, line, len)) return err_set(err, err_size, SGF_ERR_NOMEM, "out of memory");
    char *cols[1024];
    int nf = csv_split(scratch->data, cols, 1024);
    if (nf < 0)
        return err_set(err, err_size, SGF_ERR_USAGE,
                       "%s:%ld: not a row of a sweep (a stray quote, or over 1024 fields)", path,
                       lineno);
    if (nf != lay->columns)
        return err_set(err, err_size, SGF_ERR_USAGE, "%s:%ld: %d fields, the header has %d", path,
                       lineno, nf, lay->columns);
#define COL_(c) (long)(cols[c] - scratch->data + 1)
    uint64_t v[5];
    for (int c = 0; c < 5; c++)
        if (!whole_field(cols[c], &v[c]))
            return err_set(err, err_size, SGF_ERR_USAGE,
                           "%s:%ld:%ld: %s: '%.40s' is not a whole number", path, lineno, COL_(c),
                           lay->names[c], cols[c]);
    if (v[0] >= runs)
        return err_set(err, err_size, SGF_ERR_USAGE,
                       "%s:%ld:1: run %" PRIu64 " is beyond the sweep's %" PRIu64 " runs", path,
                       lineno, v[0], runs);
    if (sw) {
        uint64_t want[5] = {v[0], 0, 0, sw->seed, sgf_sweep_run_index(sw, v[0])};
        sgf_sweep_run_place(sw, v[0], &want[1], &want[2]);
        for (int c = 1; c < 5; c++)
            if (v[c] != want[c])
                return err_set(err, err_size, SGF_ERR_USAGE,
                               "%s:%ld:%ld: %s is %" PRIu64 ", but run %" PRIu64
                               " of this sweep has %" PRIu64 ": not a row of this sweep",
                               path, lineno, COL_(c), lay->names[c], v[c], v[0], want[c]);
    }
    const char *status = cols[lay->status];
    bool known = false;
    for (size_t i = 0; i < sizeof row_statuses / sizeof row_statuses[0]; i++)
        known = known || strcmp(status, row_statuses[i]) == 0;
    if (!known)
        return err_set(err, err_size, SGF_ERR_USAGE,
                       "%s:%ld:%ld: status: unknown status '%.40s' (ok, invalid, error or "
                       "invariant)",
                       path, lineno, COL_(lay->status), status);
    bool ok = strcmp(status, "ok") == 0;
    for (int c = lay->message + 1; c < nf; c++) {
        if (ok && !number_field(cols[c]) && !(cols[c][0] == '\0' && may_be_empty(lay->names[c])))
            return err_set(err, err_size, SGF_ERR_USAGE,
                           "%s:%ld:%ld: %s: '%.40s' is not a number as sgf writes it", path, lineno,
                           COL_(c), lay->names[c], cols[c]);
        if (!ok && cols[c][0])
            return err_set(err, err_size, SGF_ERR_USAGE,
                           "%s:%ld:%ld: %s: a run with status '%s' has no metric values, "
                           "found '%.40s'",
                           path, lineno, COL_(c), lay->names[c], status, cols[c]);
    }
#undef COL_
    return SGF_OK;
}

/* ---- the journal ------------------------------------------------------------------- */

struct sgf_sweep_journal {
    const sgf_sweep *sw;
    char dir[SWEEP_FILE_MAX];
    char runs_path[SWEEP_FILE_MAX + 16];
    int fd;
    int lock_fd; /* sweep.json, locked while the journal is open */
    sgf_sweep_shard shard;
    uint8_t *done; /* one bit per run of the shard: index run / shard.count */
    uint64_t total, done_count, cursor;
};

static uint64_t shard_slot(const sgf_sweep_journal *j, uint64_t run)
{
    return run / j->shard.count;
}
static bool in_shard(const sgf_sweep_journal *j, uint64_t run)
{
    return run % j->shard.count == j->shard.index - 1;
}

uint64_t sgf_sweep_journal_total(const sgf_sweep_journal *j)
{
    return j->total;
}
uint64_t sgf_sweep_journal_done(const sgf_sweep_journal *j)
{
    return j->done_count;
}

bool sgf_sweep_journal_next(sgf_sweep_journal *j, uint64_t *run)
{
    while (j->cursor < j->sw->runs) {
        uint64_t r = j->cursor;
        j->cursor += j->shard.count;
        uint64_t s = shard_slot(j, r);
        if (!(j->done[s >> 3] & (1u << (s & 7)))) {
            *run = r;
            return true;
        }
    }
    return false;
}

sgf_status sgf_sweep_journal_append(sgf_sweep_journal *j, const char *row, size_t len, char *err,
                                    size_t err_size)
{
    if (!write_all(j->fd, row, len))
        return err_set(err, err_size, SGF_ERR_IO, "cannot write %s: %s", j->runs_path,
                       strerror(errno));
    return SGF_OK;
}

sgf_status sgf_sweep_journal_sync(sgf_sweep_journal *j, char *err, size_t err_size)
{
    if (fdatasync(j->fd) != 0)
        return err_set(err, err_size, SGF_ERR_IO, "cannot write %s: %s", j->runs_path,
                       strerror(errno));
    return SGF_OK;
}

sgf_status sgf_sweep_journal_close(sgf_sweep_journal *j, char *err, size_t err_size)
{
    if (!j) return SGF_OK;
    sgf_status st = SGF_OK;
    if (j->fd >= 0 && close(j->fd) != 0)
        st = err_set(err, err_size, SGF_ERR_IO, "cannot write %s: %s", j->runs_path,
                     strerror(errno));
    if (j->lock_fd >= 0) close(j->lock_fd);
    sgf_free(j->done);
    sgf_free(j);
    return st;
}

/* Reads the rows already in runs.csv into the done set; cuts a torn last
 * line. */
static sgf_status journal_scan(sgf_sweep_journal *j, const char *header, char *err, size_t err_size)
{
    FILE *f = fopen(j->runs_path, "r+b");
    if (!f)
        return err_set(err, err_size, SGF_ERR_IO, "cannot read %s: %s", j->runs_path,
                       strerror(errno));
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    long lineno = 0;
    off_t good = 0;
    sgf_status st = SGF_OK;
    layout lay;
    sgf_sweep_buf scratch = {0};
    if (!parse_layout(header, &lay)) {
        fclose(f);
        sgf_sweep_buf_free(&lay.copy);
        return err_set(err, err_size, SGF_ERR_INTERNAL, "cannot read this sweep's own header");
    }
    while ((n = getline(&line, &cap, f)) > 0) {
        lineno++;
        if (line[n - 1] != '\n') break; /* torn: the run was in flight */
        if (lineno == 1) {
            if (strcmp(line, header) != 0) {
                st = err_set(err, err_size, SGF_ERR_USAGE,
                             "%s has other columns than this sweep writes (another sweep file?)",
                             j->runs_path);
                break;
            }
        } else {
            uint64_t run;
            if ((st = check_row(&lay, &scratch, line, (size_t)n, j->runs_path, lineno, j->sw->runs,
                                j->sw, err, err_size)) != SGF_OK)
                break;
            parse_u64(line, NULL, &run);
            if (in_shard(j, run)) {
                uint64_t s = shard_slot(j, run);
                if (!(j->done[s >> 3] & (1u << (s & 7)))) j->done_count++;
                j->done[s >> 3] |= (uint8_t)(1u << (s & 7));
            }
        }
        good += (off_t)n;
    }
    free(line);
    sgf_sweep_buf_free(&lay.copy);
    sgf_sweep_buf_free(&scratch);
    if (st == SGF_OK && lineno == 0)
        st = err_set(err, err_size, SGF_ERR_USAGE, "%s is empty: no header", j->runs_path);
    if (st == SGF_OK && ftruncate(fileno(f), good) != 0)
        st = err_set(err, err_size, SGF_ERR_IO, "cannot cut the torn last line of %s: %s",
                     j->runs_path, strerror(errno));
    fclose(f);
    return st;
}

sgf_status sgf_sweep_journal_open(const sgf_sweep *sw, const char *dir, bool resume,
                                  sgf_sweep_shard shard, sgf_sweep_journal **out, char *err,
                                  size_t err_size)
{
    *out = NULL;
    if (shard.count == 0) shard = (sgf_sweep_shard){1, 1};
    sgf_sweep_journal *j = sgf_calloc(1, sizeof *j);
    if (!j) return err_set(err, err_size, SGF_ERR_NOMEM, "out of memory");
    j->sw = sw;
    j->fd = -1;
    j->lock_fd = -1;
    j->shard = shard;
    j->cursor = shard.index - 1;
    j->total = sgf_sweep_shard_runs(sw, shard);
    copy_str(j->dir, sizeof j->dir, dir);
    snprintf(j->runs_path, sizeof j->runs_path, "%s/runs.csv", dir);
    sgf_sweep_buf header = {0}, man = {0};
    sgf_status st = SGF_OK;
    uint64_t slots = sw->runs / shard.count + 1;
    j->done = sgf_calloc((size_t)(slots / 8 + 1), 1);
    if (!j->done || !row_header(sw, &header) || !manifest_text(sw, shard, &man)) {
        st = err_set(err, err_size, SGF_ERR_NOMEM, "out of memory");
        goto done;
    }
    if ((st = sgf_sweep_make_dir(dir, err, err_size)) != SGF_OK) goto done;
    char json_path[SWEEP_FILE_MAX + 16];
    snprintf(json_path, sizeof json_path, "%s/sweep.json", dir);
    struct stat sb;
    bool have_runs = stat(j->runs_path, &sb) == 0, have_json = stat(json_path, &sb) == 0;
    if (!resume && (have_runs || have_json)) {
        st = err_set(
            err, err_size, SGF_ERR_EXISTS,
            "%s already holds a sweep: add --resume to continue it, or choose another --out", dir);
        goto done;
    }
    if (have_json) {
        manifest m;
        if ((st = read_manifest(dir, &m, err, err_size)) != SGF_OK) goto done;
        sgf_free(m.text);
        if (m.fingerprint != sw->fingerprint) {
            st = err_set(err, err_size, SGF_ERR_USAGE,
                         "%s holds another sweep (fingerprint %016" PRIx64 ", this one %016" PRIx64
                         "): the sweep file, its base scenario, --ticks or the sgf version changed",
                         dir, m.fingerprint, sw->fingerprint);
            goto done;
        }
        /* The shard is part of what the directory holds: resuming it as
         * another shard would append that shard's runs to this one's and
         * never run this one's missing runs. */
        if (m.shard.index != shard.index || m.shard.count != shard.count) {
            char has[64], fix[64], want[64];
            if (m.shard.count > 1) {
                snprintf(has, sizeof has, "shard %" PRIu64 "/%" PRIu64, m.shard.index,
                         m.shard.count);
                snprintf(fix, sizeof fix, "--shard %" PRIu64 "/%" PRIu64, m.shard.index,
                         m.shard.count);
            } else {
                snprintf(has, sizeof has, "the whole sweep");
                snprintf(fix, sizeof fix, "no --shard");
            }
            if (shard.count > 1)
                snprintf(want, sizeof want, "--shard %" PRIu64 "/%" PRIu64, shard.index,
                         shard.count);
            else
                snprintf(want, sizeof want, "no --shard");
            st = err_set(err, err_size, SGF_ERR_USAGE,
                         "%s holds %s of this sweep, and this command has %s: resume it with %s "
                         "(each shard has its own --out)",
                         dir, has, want, fix);
            goto done;
        }
    } else if (have_runs) {
        st = err_set(err, err_size, SGF_ERR_USAGE, "%s has runs.csv but no sweep.json", dir);
        goto done;
    } else if (!dir_is_fresh(dir)) {
        /* Never write a sweep into a directory that holds something else
         * (`--out /`, `--out .`, a run's output). */
        st = err_set(err, err_size, SGF_ERR_EXISTS,
                     "%s is not empty and holds no sweep (no sweep.json): sgf sweep writes only "
                     "into a new or empty directory, or resumes its own; choose another --out",
                     dir);
        goto done;
    } else if ((st = write_atomic(dir, "sweep.json", man.data, man.len, err, err_size)) != SGF_OK) {
        goto done;
    }
    /* One writer per directory: a second sgf sweep on the same --out (two
     * jobs, two shards) is refused rather than interleaved. The lock is on
     * sweep.json, which nothing else opens while the journal is open. A file
     * system without locks (ENOLCK) goes without. */
    j->lock_fd = open(json_path, O_RDWR);
    if (j->lock_fd >= 0) {
        struct flock fl;
        memset(&fl, 0, sizeof fl);
        fl.l_type = F_WRLCK;
        fl.l_whence = SEEK_SET;
        if (fcntl(j->lock_fd, F_SETLK, &fl) != 0 && (errno == EACCES || errno == EAGAIN)) {
            st = err_set(err, err_size, SGF_ERR_USAGE,
                         "another sgf sweep is writing %s (one process per output directory; "
                         "give each shard its own --out)",
                         dir);
            goto done;
        }
    }
    if (have_runs)
        st = journal_scan(j, header.data, err, err_size);
    else
        st = write_atomic(dir, "runs.csv", header.data, header.len, err, err_size);
    if (st != SGF_OK) goto done;
    j->fd = open(j->runs_path, O_WRONLY | O_APPEND);
    if (j->fd < 0)
        st = err_set(err, err_size, SGF_ERR_IO, "cannot write %s: %s", j->runs_path,
                     strerror(errno));
done:
    sgf_sweep_buf_free(&header);
    sgf_sweep_buf_free(&man);
    if (st != SGF_OK) {
        sgf_sweep_journal_close(j, NULL, 0);
        return st;
    }
    *out = j;
    return SGF_OK;
}

/* ---- sorting rows with bounded memory ------------------------------------------------- */

enum { KEY_RUN, KEY_POINT };

typedef struct sort_row {
    uint64_t k1, k2;
    const char *p; /* into the chunk text, set before sorting */
    size_t off, len;
} sort_row;

typedef struct sorter {
    int key;
    const char *tmp_dir;
    size_t budget;
    sgf_sweep_buf text;
    sort_row *rows;
    size_t count, capacity;
    FILE *spill[SWEEP_MAX_SPILLS];
    int spills;
    unsigned serial;
    sgf_status st;
    char *err;
    size_t err_size;
    const layout *lay; /* when set, every row added from a file is checked (check_row) */
    uint64_t runs;     /* the sweep's runs, for the check */
    sgf_sweep_buf scratch;
} sorter;

/* Emits rows in order; returns false to stop. */
typedef bool (*row_sink)(void *user, const char *line, size_t len, uint64_t k1, uint64_t k2);

static bool row_keys(int key, const char *line, uint64_t *k1, uint64_t *k2)
{
    uint64_t run, point;
    const char *end;
    if (!parse_u64(line, &end, &run) || *end != ',') return false;
    if (key == KEY_RUN) {
        *k1 = run;
        *k2 = 0;
        return true;
    }
    if (!parse_u64(end + 1, &end, &point) || *end != ',') return false;
    *k1 = point;
    *k2 = run;
    return true;
}

static int row_cmp(const void *a, const void *b)
{
    const sort_row *x = a, *y = b;
    if (x->k1 != y->k1) return x->k1 < y->k1 ? -1 : 1;
    if (x->k2 != y->k2) return x->k2 < y->k2 ? -1 : 1;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->p, y->p, n);
    if (c) return c;
    return x->len < y->len ? -1 : x->len > y->len;
}

static void sort_chunk(sorter *s)
{
    if (s->count == 0) return; /* no rows (a shard with no runs): rows may be NULL */
    for (size_t i = 0; i < s->count; i++) s->rows[i].p = s->text.data + s->rows[i].off;
    qsort(s->rows, s->count, sizeof *s->rows, row_cmp);
}

/* A fresh temporary file in the output directory, unlinked at once so that
 * nothing is left behind whatever happens. */
static FILE *spill_file(sorter *s)
{
    char path[SWEEP_FILE_MAX + 64];
    snprintf(path, sizeof path, "%s/.sort.%ld.%u.tmp", s->tmp_dir, (long)getpid(), s->serial++);
    FILE *f = fopen(path, "w+b");
    if (f) unlink(path);
    return f;
}

static bool merge_files(sorter *s, FILE **files, int n, row_sink sink, void *user);

static bool file_sink(void *user, const char *line, size_t len, uint64_t k1, uint64_t k2)
{
    (void)k1;
    (void)k2;
    return fwrite(line, 1, len, (FILE *)user) == len;
}

static bool spill_chunk(sorter *s)
{
    if (s->count == 0) return true;
    sort_chunk(s);
    FILE *f = spill_file(s);
    bool ok = f != NULL;
    for (size_t i = 0; i < s->count && ok; i++)
        ok = fwrite(s->rows[i].p, 1, s->rows[i].len, f) == s->rows[i].len;
    if (!ok || fflush(f) != 0) {
        if (f) fclose(f);
        s->st = err_set(s->err, s->err_size, SGF_ERR_IO, "cannot write a sort file in %s: %s",
                        s->tmp_dir, strerror(errno));
        return false;
    }
    s->spill[s->spills++] = f;
    s->count = 0;
    s->text.len = 0;
    if (s->spills == SWEEP_MAX_SPILLS) {
        /* Too many chunks open: merge them into one and go on. */
        FILE *m = spill_file(s);
        if (!m) {
            s->st = err_set(s->err, s->err_size, SGF_ERR_IO, "cannot write a sort file in %s",
                            s->tmp_dir);
            return false;
        }
        bool merged = merge_files(s, s->spill, s->spills, file_sink, m) && fflush(m) == 0;
        for (int i = 0; i < s->spills; i++) fclose(s->spill[i]);
        s->spills = 0;
        if (!merged) {
            fclose(m);
            if (s->st == SGF_OK)
                s->st = err_set(s->err, s->err_size, SGF_ERR_IO, "cannot write a sort file in %s",
                                s->tmp_dir);
            return false;
        }
        s->spill[s->spills++] = m;
    }
    return true;
}

/* Adds one row (with its newline). */
static bool sorter_add(sorter *s, const char *line, size_t len, const char *where, long lineno)
{
    sort_row r;
    if (!row_keys(s->key, line, &r.k1, &r.k2)) {
        s->st = err_set(s->err, s->err_size, SGF_ERR_USAGE, "%s:%ld: not a row of a sweep", where,
                        lineno);
        return false;
    }
    if (s->count == s->capacity) {
        size_t cap = s->capacity ? s->capacity * 2 : 1024;
        sort_row *g = sgf_realloc(s->rows, cap * sizeof *g);
        if (!g) {
            s->st = err_set(s->err, s->err_size, SGF_ERR_NOMEM, "out of memory");
            return false;
        }
        s->rows = g;
        s->capacity = cap;
    }
    r.off = s->text.len;
    r.len = len;
    r.p = NULL;
    if (!buf_add(&s->text, line, len)) {
        s->st = err_set(s->err, s->err_size, SGF_ERR_NOMEM, "out of memory");
        return false;
    }
    s->rows[s->count++] = r;
    if (s->text.len >= s->budget) return spill_chunk(s);
    return true;
}

typedef struct merge_head {
    char *line;
    size_t cap;
    ssize_t len;
    sort_row r;
} merge_head;

static bool merge_next(sorter *s, FILE *f, merge_head *h)
{
    h->len = getline(&h->line, &h->cap, f);
    if (h->len <= 0) return false;
    if (!row_keys(s->key, h->line, &h->r.k1, &h->r.k2)) h->r.k1 = h->r.k2 = UINT64_MAX;
    h->r.p = h->line;
    h->r.len = (size_t)h->len;
    return true;
}

static bool merge_files(sorter *s, FILE **files, int n, row_sink sink, void *user)
{
    merge_head heads[SWEEP_MAX_SPILLS];
    bool live[SWEEP_MAX_SPILLS];
    memset(heads, 0, sizeof heads);
    for (int i = 0; i < n; i++) {
        rewind(files[i]);
        live[i] = merge_next(s, files[i], &heads[i]);
    }
    bool ok = true;
    for (;;) {
        int best = -1;
        for (int i = 0; i < n; i++)
            if (live[i] && (best < 0 || row_cmp(&heads[i].r, &heads[best].r) < 0)) best = i;
        if (best < 0) break;
        if (!sink(user, heads[best].line, heads[best].r.len, heads[best].r.k1, heads[best].r.k2)) {
            ok = false;
            break;
        }
        live[best] = merge_next(s, files[best], &heads[best]);
    }
    for (int i = 0; i < n; i++) free(heads[i].line);
    return ok;
}

/* Emits every added row in key order. */
static bool sorter_finish(sorter *s, row_sink sink, void *user)
{
    if (s->st != SGF_OK) return false;
    if (s->spills == 0) {
        sort_chunk(s);
        for (size_t i = 0; i < s->count; i++)
            if (!sink(user, s->rows[i].p, s->rows[i].len, s->rows[i].k1, s->rows[i].k2))
                return false;
        return true;
    }
    if (!spill_chunk(s)) return false;
    return merge_files(s, s->spill, s->spills, sink, user);
}

static void sorter_free(sorter *s)
{
    for (int i = 0; i < s->spills; i++) fclose(s->spill[i]);
    s->spills = 0;
    sgf_sweep_buf_free(&s->text);
    sgf_sweep_buf_free(&s->scratch);
    sgf_free(s->rows);
    s->rows = NULL;
}

static void sorter_init(sorter *s, int key, const char *tmp_dir, char *err, size_t err_size)
{
    memset(s, 0, sizeof *s);
    s->key = key;
    s->tmp_dir = tmp_dir;
    s->err = err;
    s->err_size = err_size;
    s->budget = SWEEP_SORT_BYTES;
    /* A smaller budget (bytes) exercises the spilling path in tests. */
    const char *b = getenv("SGF_SWEEP_SORT_BYTES");
    uint64_t v;
    if (b && parse_u64(b, NULL, &v) && v >= 64) s->budget = (size_t)v;
}

/* Adds every complete row of a runs.csv after its header. */
static bool sorter_add_file(sorter *s, const char *path, const char *header)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        s->st = err_set(s->err, s->err_size, SGF_ERR_USAGE, "cannot read %s: %s", path,
                        strerror(errno));
        return false;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    long lineno = 0;
    bool ok = true;
    while (ok && (n = getline(&line, &cap, f)) > 0) {
        lineno++;
        if (line[n - 1] != '\n') break; /* a torn last line: the run is missing */
        if (lineno == 1) {
            if (strcmp(line, header) != 0) {
                s->st = err_set(s->err, s->err_size, SGF_ERR_USAGE,
                                "%s has other columns than the first runs.csv: not the same sweep",
                                path);
                ok = false;
            }
            continue;
        }
        if (s->lay && (s->st = check_row(s->lay, &s->scratch, line, (size_t)n, path, lineno,
                                         s->runs, NULL, s->err, s->err_size)) != SGF_OK) {
            ok = false;
            break;
        }
        ok = sorter_add(s, line, (size_t)n, path, lineno);
    }
    free(line);
    fclose(f);
    return ok;
}

/* ---- collecting: sorted runs.csv, aggregate.csv --------------------------------------- */

typedef struct runs_out {
    FILE *f;
    sgf_sweep_buf prev;
    bool have_prev;
    uint64_t prev_run, found, failed, total;
    int status_col;
    sgf_sweep_buf scratch;
    char *err;
    size_t err_size;
    sgf_status st;
} runs_out;

static bool runs_sink(void *user, const char *line, size_t len, uint64_t k1, uint64_t k2)
{
    (void)k2;
    runs_out *o = user;
    if (o->have_prev && k1 == o->prev_run) {
        if (o->prev.len == len && memcmp(o->prev.data, line, len) == 0) return true;
        o->st = err_set(o->err, o->err_size, SGF_ERR_USAGE,
                        "run %" PRIu64 " is recorded twice with different results", k1);
        return false;
    }
    if (k1 >= o->total) {
        o->st = err_set(o->err, o->err_size, SGF_ERR_USAGE,
                        "run %" PRIu64 " is beyond the sweep's %" PRIu64 " runs", k1, o->total);
        return false;
    }
    o->prev.len = 0;
    o->scratch.len = 0;
    if (!buf_add(&o->prev, line, len) || !buf_add(&o->scratch, line, len - 1)) {
        o->st = err_set(o->err, o->err_size, SGF_ERR_NOMEM, "out of memory");
        return false;
    }
    o->have_prev = true;
    o->prev_run = k1;
    o->found++;
    char *cols[1024];
    int nf = csv_split(o->scratch.data, cols, 1024);
    if (nf > o->status_col && strcmp(cols[o->status_col], "ok") != 0) o->failed++;
    if (fwrite(line, 1, len, o->f) != len) {
        o->st =
            err_set(o->err, o->err_size, SGF_ERR_IO, "cannot write runs.csv: %s", strerror(errno));
        return false;
    }
    return true;
}

typedef struct agg_out {
    FILE *f;
    const layout *lay;
    int metrics;
    bool have;
    uint64_t point, runs, ok;
    sgf_sweep_buf params; /* the group's parameter columns, CSV */
    double *values;       /* metrics x capacity */
    size_t capacity;
    sgf_sweep_buf scratch;
    uint64_t groups;
    char *err;
    size_t err_size;
    sgf_status st;
} agg_out;

static bool agg_flush(agg_out *a)
{
    if (!a->have) return true;
    sgf_sweep_buf row = {0};
    bool ok = buf_printf(&row, "%" PRIu64 "%s,%" PRIu64 ",%" PRIu64, a->point, a->params.data,
                         a->runs, a->ok);
    for (int m = 0; m < a->metrics && ok; m++) {
        sgf_stat s = sgf_stat_of(a->values + (size_t)m * a->capacity, (int)a->ok);
        char b1[40], b2[40], b3[40], b4[40];
        ok = buf_printf(&row, ",%s,%s,%s,%s", sgf_sweep_format_number(s.mean, b1, sizeof b1),
                        sgf_sweep_format_number(s.sd, b2, sizeof b2),
                        sgf_sweep_format_number(s.mean - s.half_width, b3, sizeof b3),
                        sgf_sweep_format_number(s.mean + s.half_width, b4, sizeof b4));
    }
    ok = ok && buf_puts(&row, "\n");
    if (!ok) {
        sgf_sweep_buf_free(&row);
        a->st = err_set(a->err, a->err_size, SGF_ERR_NOMEM, "out of memory");
        return false;
    }
    if (fwrite(row.data, 1, row.len, a->f) != row.len) {
        sgf_sweep_buf_free(&row);
        a->st = err_set(a->err, a->err_size, SGF_ERR_IO, "cannot write aggregate.csv: %s",
                        strerror(errno));
        return false;
    }
    sgf_sweep_buf_free(&row);
    a->groups++;
    a->have = false;
    return true;
}

static bool agg_sink(void *user, const char *line, size_t len, uint64_t k1, uint64_t k2)
{
    (void)k2;
    agg_out *a = user;
    if (a->have && k1 != a->point && !agg_flush(a)) return false;
    a->scratch.len = 0;
    if (!buf_add(&a->scratch, line, len - 1)) {
        a->st = err_set(a->err, a->err_size, SGF_ERR_NOMEM, "out of memory");
        return false;
    }
    char *cols[1024];
    int nf = csv_split(a->scratch.data, cols, 1024);
    if (nf != a->lay->columns) {
        a->st = err_set(a->err, a->err_size, SGF_ERR_USAGE,
                        "a row of run %" PRIu64 " has %d columns, the header %d", k2, nf,
                        a->lay->columns);
        return false;
    }
    if (!a->have) {
        a->have = true;
        a->point = k1;
        a->runs = a->ok = 0;
        a->params.len = 0;
        bool ok = buf_reserve(&a->params, 0);
        for (int c = a->lay->first_param; c < a->lay->status && ok; c++)
            ok = buf_puts(&a->params, ",") && buf_csv(&a->params, cols[c]);
        if (!ok) {
            a->st = err_set(a->err, a->err_size, SGF_ERR_NOMEM, "out of memory");
            return false;
        }
    }
    a->runs++;
    if (strcmp(cols[a->lay->status], "ok") != 0) return true;
    if (a->ok == a->capacity) {
        size_t cap = a->capacity ? a->capacity * 2 : 16;
        double *g = sgf_calloc((size_t)a->metrics * cap, sizeof *g);
        if (!g) {
            a->st = err_set(a->err, a->err_size, SGF_ERR_NOMEM, "out of memory");
            return false;
        }
        for (int m = 0; m < a->metrics; m++)
            if (a->capacity)
                memcpy(g + (size_t)m * cap, a->values + (size_t)m * a->capacity,
                       a->capacity * sizeof *g);
        sgf_free(a->values);
        a->values = g;
        a->capacity = cap;
    }
    for (int m = 0; m < a->metrics; m++)
        a->values[(size_t)m * a->capacity + a->ok] = metric_value(cols[a->lay->message + 1 + m]);
    a->ok++;
    return true;
}

/* Streams sorted rows to DIR/.NAME.tmp, then renames it into place. */
typedef struct tmp_out {
    char tmp[SWEEP_FILE_MAX + 64], final[SWEEP_FILE_MAX + 64];
    FILE *f;
} tmp_out;

static sgf_status tmp_open(tmp_out *t, const char *dir, const char *name, char *err,
                           size_t err_size)
{
    snprintf(t->tmp, sizeof t->tmp, "%s/.%s.tmp", dir, name);
    snprintf(t->final, sizeof t->final, "%s/%s", dir, name);
    t->f = fopen(t->tmp, "wb");
    if (!t->f)
        return err_set(err, err_size, SGF_ERR_IO, "cannot write %s: %s", t->tmp, strerror(errno));
    setvbuf(t->f, NULL, _IOFBF, 1 << 16);
    return SGF_OK;
}

static sgf_status tmp_close(tmp_out *t, bool keep, const char *dir, char *err, size_t err_size)
{
    if (!t->f) return SGF_OK;
    bool ok = keep && fflush(t->f) == 0 && fsync(fileno(t->f)) == 0;
    int e = errno;
    if (fclose(t->f) != 0 && ok) {
        ok = false;
        e = errno;
    }
    t->f = NULL;
    if (ok && rename(t->tmp, t->final) == 0) {
        sync_dir(dir);
        return SGF_OK;
    }
    if (ok) e = errno;
    unlink(t->tmp);
    if (!keep) return SGF_OK;
    return err_set(err, err_size, SGF_ERR_IO, "cannot write %s: %s", t->final, strerror(e));
}

static sgf_status write_aggregate(const char *out_dir, const char *header, const layout *lay,
                                  uint64_t runs, sgf_sweep_collected *info, char *err,
                                  size_t err_size)
{
    char runs_path[SWEEP_FILE_MAX + 16];
    snprintf(runs_path, sizeof runs_path, "%s/runs.csv", out_dir);
    sorter s;
    sorter_init(&s, KEY_POINT, out_dir, err, err_size);
    s.lay = lay;
    s.runs = runs;
    agg_out a;
    memset(&a, 0, sizeof a);
    a.lay = lay;
    a.metrics = lay->columns - lay->message - 1;
    a.err = err;
    a.err_size = err_size;
    tmp_out t = {.f = NULL};
    sgf_sweep_buf head = {0};
    sgf_status st = tmp_open(&t, out_dir, "aggregate.csv", err, err_size);
    if (st != SGF_OK) goto done;
    a.f = t.f;
    bool ok = buf_puts(&head, "point");
    for (int c = lay->first_param; c < lay->status && ok; c++)
        ok = buf_puts(&head, ",") && buf_csv(&head, lay->names[c]);
    ok = ok && buf_puts(&head, ",runs,ok");
    for (int m = lay->message + 1; m < lay->columns && ok; m++)
        ok = buf_printf(&head, ",%s_mean,%s_sd,%s_ci_low,%s_ci_high", lay->names[m], lay->names[m],
                        lay->names[m], lay->names[m]);
    ok = ok && buf_puts(&head, "\n");
    if (!ok) {
        st = err_set(err, err_size, SGF_ERR_NOMEM, "out of memory");
        goto done;
    }
    if (fwrite(head.data, 1, head.len, t.f) != head.len) {
        st = err_set(err, err_size, SGF_ERR_IO, "cannot write %s: %s", t.tmp, strerror(errno));
        goto done;
    }
    ok = sorter_add_file(&s, runs_path, header) && sorter_finish(&s, agg_sink, &a) && agg_flush(&a);
    if (!ok) {
        st = s.st != SGF_OK ? s.st : a.st != SGF_OK ? a.st : SGF_ERR_IO;
        goto done;
    }
    info->points = a.groups;
done : {
    char e2[256];
    sgf_status cst = tmp_close(&t, st == SGF_OK, out_dir, e2, sizeof e2);
    if (st == SGF_OK && cst != SGF_OK) st = err_set(err, err_size, cst, "%s", e2);
}
    sorter_free(&s);
    sgf_sweep_buf_free(&head);
    sgf_sweep_buf_free(&a.params);
    sgf_sweep_buf_free(&a.scratch);
    sgf_free(a.values);
    return st;
}

/* FNV-1a of a file's bytes: the checksum sweep.json records of runs.csv and
 * aggregate.csv, so that a reader can tell the files are this sweep's. */
static sgf_status hash_file(const char *path, uint64_t *out, char *err, size_t err_size)
{
    FILE *f = fopen(path, "rb");
    if (!f) return err_set(err, err_size, SGF_ERR_IO, "cannot read %s: %s", path, strerror(errno));
    uint64_t h = 0xcbf29ce484222325ull;
    char chunk[1 << 14];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) h = fnv1a(h, chunk, n);
    bool bad = ferror(f) != 0;
    fclose(f);
    if (bad) return err_set(err, err_size, SGF_ERR_IO, "cannot read %s", path);
    *out = h;
    return SGF_OK;
}

/* Merge writes only into a directory it may replace: a new or unrelated one
 * (the shards' parent), one of the inputs, or this sweep's merged directory.
 * Another sweep, a shard not among the inputs, or a runs.csv or
 * aggregate.csv that no sweep.json claims are refused. */
static sgf_status check_out_dir(const char *const *dirs, int dir_count, const char *out_dir,
                                const manifest *first, char *err, size_t err_size)
{
    struct stat os;
    if (stat(out_dir, &os) != 0 || !S_ISDIR(os.st_mode)) return SGF_OK; /* for make_dir */
    for (int i = 0; i < dir_count; i++) {
        struct stat is;
        if (stat(dirs[i], &is) == 0 && is.st_dev == os.st_dev && is.st_ino == os.st_ino)
            return SGF_OK;
    }
    char path[SWEEP_FILE_MAX + 32];
    struct stat sb;
    snprintf(path, sizeof path, "%s/sweep.json", out_dir);
    if (stat(path, &sb) == 0) {
        manifest m;
        char e2[256];
        if (read_manifest(out_dir, &m, e2, sizeof e2) != SGF_OK)
            return err_set(err, err_size, SGF_ERR_EXISTS,
                           "%s holds a sweep.json that sgf cannot read (%s): not overwritten; "
                           "choose another --out",
                           out_dir, e2);
        sgf_free(m.text);
        if (m.fingerprint != first->fingerprint)
            return err_set(err, err_size, SGF_ERR_EXISTS,
                           "%s holds another sweep (fingerprint %016" PRIx64
                           ", the inputs' %016" PRIx64 "): not overwritten; choose another --out",
                           out_dir, m.fingerprint, first->fingerprint);
        if (m.sharded)
            return err_set(err, err_size, SGF_ERR_EXISTS,
                           "%s holds shard %" PRIu64 "/%" PRIu64
                           " of this sweep, which is not among the inputs: add it to them, or "
                           "choose another --out",
                           out_dir, m.shard.index, m.shard.count);
        return SGF_OK;
    }
    static const char *const names[] = {"runs.csv", "aggregate.csv"};
    for (int i = 0; i < 2; i++) {
        snprintf(path, sizeof path, "%s/%s", out_dir, names[i]);
        if (stat(path, &sb) == 0)
            return err_set(err, err_size, SGF_ERR_EXISTS,
                           "%s holds a %s but no sweep.json: not a sweep's file, not overwritten; "
                           "choose another --out",
                           out_dir, names[i]);
    }
    return SGF_OK;
}

sgf_status sgf_sweep_verify_file(const char *dir, const char *name, char *err, size_t err_size)
{
    manifest m;
    sgf_status st = read_manifest(dir, &m, err, err_size);
    if (st != SGF_OK) return st;
    bool is_agg = strcmp(name, "aggregate.csv") == 0;
    bool have = is_agg ? m.has_agg_hash : m.has_runs_hash;
    uint64_t want = is_agg ? m.agg_hash : m.runs_hash;
    bool sharded = m.sharded;
    sgf_free(m.text);
    if (sharded)
        return err_set(err, err_size, SGF_ERR_USAGE,
                       "%s holds one shard of a sweep: join the shards with `sgf merge DIR... "
                       "--out DIR` first",
                       dir);
    if (!have)
        return err_set(err, err_size, SGF_ERR_USAGE,
                       "%s/sweep.json records no checksum of %s: the sweep has not finished "
                       "(continue it with `sgf sweep --resume`, or merge its shards), or an older "
                       "sgf wrote it",
                       dir, name);
    char path[SWEEP_FILE_MAX + 32];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    uint64_t h;
    if ((st = hash_file(path, &h, err, err_size)) != SGF_OK) return st;
    if (h != want)
        return err_set(err, err_size, SGF_ERR_USAGE,
                       "%s is not the %s this sweep wrote (checksum %016" PRIx64
                       ", sweep.json records %016" PRIx64
                       "): it belongs to another sweep or was changed; write it again with `sgf "
                       "sweep --resume` or `sgf merge`",
                       path, name, h, want);
    return SGF_OK;
}

sgf_status sgf_sweep_collect(const char *const *dirs, int dir_count, const char *out_dir,
                             unsigned flags, sgf_sweep_collected *info, char *err, size_t err_size)
{
    sgf_sweep_collected scratch_info;
    if (!info) info = &scratch_info;
    memset(info, 0, sizeof *info);
    if (dir_count < 1) return err_set(err, err_size, SGF_ERR_USAGE, "no sweep directories");
    manifest first = {0};
    char *header = NULL;
    layout lay;
    memset(&lay, 0, sizeof lay);
    sorter s;
    sorter_init(&s, KEY_RUN, out_dir, err, err_size);
    runs_out o;
    memset(&o, 0, sizeof o);
    tmp_out t = {.f = NULL};
    sgf_status st = read_manifest(dirs[0], &first, err, err_size);
    if (st != SGF_OK) goto done;
    for (int i = 1; i < dir_count; i++) {
        manifest m;
        if ((st = read_manifest(dirs[i], &m, err, err_size)) != SGF_OK) goto done;
        sgf_free(m.text);
        if (m.fingerprint != first.fingerprint) {
            st = err_set(err, err_size, SGF_ERR_USAGE,
                         "%s and %s hold different sweeps (fingerprints %016" PRIx64
                         " and %016" PRIx64 ")",
                         dirs[0], dirs[i], first.fingerprint, m.fingerprint);
            goto done;
        }
    }
    info->runs_total = first.runs;
    if ((st = check_out_dir(dirs, dir_count, out_dir, &first, err, err_size)) != SGF_OK) goto done;
    if ((st = sgf_sweep_make_dir(out_dir, err, err_size)) != SGF_OK) goto done;

    /* The header: from the first runs.csv. */
    {
        char path[SWEEP_FILE_MAX + 16];
        snprintf(path, sizeof path, "%s/runs.csv", dirs[0]);
        FILE *f = fopen(path, "rb");
        size_t cap = 0;
        ssize_t n = f ? getline(&header, &cap, f) : -1;
        if (f) fclose(f);
        if (n <= 0 || header[n - 1] != '\n' || !parse_layout(header, &lay)) {
            st = err_set(err, err_size, SGF_ERR_USAGE, "%s has no runs.csv header", path);
            goto done;
        }
        s.lay = &lay;
        s.runs = first.runs;
    }
    for (int i = 0; i < dir_count; i++) {
        char path[SWEEP_FILE_MAX + 16];
        snprintf(path, sizeof path, "%s/runs.csv", dirs[i]);
        if (!sorter_add_file(&s, path, header)) {
            st = s.st;
            goto done;
        }
    }
    if ((st = tmp_open(&t, out_dir, "runs.csv", err, err_size)) != SGF_OK) goto done;
    o.f = t.f;
    o.total = first.runs;
    o.status_col = lay.status;
    o.err = err;
    o.err_size = err_size;
    if (fputs(header, t.f) == EOF) {
        st = err_set(err, err_size, SGF_ERR_IO, "cannot write %s: %s", t.tmp, strerror(errno));
        goto done;
    }
    if (!sorter_finish(&s, runs_sink, &o)) {
        st = s.st != SGF_OK ? s.st : o.st != SGF_OK ? o.st : SGF_ERR_IO;
        goto done;
    }
    info->runs_found = o.found;
    info->runs_failed = o.failed;
    if (o.found < first.runs && !(flags & SGF_COLLECT_PARTIAL)) {
        st = err_set(err, err_size, SGF_ERR_USAGE,
                     "%" PRIu64 " of %" PRIu64 " runs are missing (a shard not run or not "
                     "finished?); nothing written",
                     first.runs - o.found, first.runs);
        goto done;
    }
    st = tmp_close(&t, true, out_dir, err, err_size);
    if (st != SGF_OK) goto done;
    sorter_free(&s);
    if (flags & SGF_COLLECT_NO_AGGREGATE) goto done;

    st = write_aggregate(out_dir, header, &lay, first.runs, info, err, err_size);
    if (st != SGF_OK) goto done;

    /* sweep.json of the whole sweep, last: the first one's without its
     * shard, with the checksums of runs.csv and aggregate.csv, which tell a
     * reader (sgf plot) that the files are this sweep's. */
    {
        char path[SWEEP_FILE_MAX + 32];
        uint64_t runs_hash = 0, agg_hash = 0;
        snprintf(path, sizeof path, "%s/runs.csv", out_dir);
        if ((st = hash_file(path, &runs_hash, err, err_size)) != SGF_OK) goto done;
        snprintf(path, sizeof path, "%s/aggregate.csv", out_dir);
        if ((st = hash_file(path, &agg_hash, err, err_size)) != SGF_OK) goto done;
        sgf_sweep_buf man = {0};
        bool ok = buf_reserve(&man, 0);
        for (const char *p = first.text; *p && ok;) {
            const char *nl = strchr(p, '\n');
            size_t n = nl ? (size_t)(nl - p) + 1 : strlen(p);
            if (strncmp(p, "  \"shard\": ", 11) != 0 &&
                strncmp(p, "  \"runs_csv_hash\": ", 19) != 0 &&
                strncmp(p, "  \"aggregate_csv_hash\": ", 24) != 0)
                ok = buf_add(&man, p, n);
            if (ok && strncmp(p, "  \"fingerprint\": ", 17) == 0)
                ok = buf_printf(&man,
                                "  \"runs_csv_hash\": \"%016" PRIx64
                                "\",\n  \"aggregate_csv_hash\": \"%016" PRIx64 "\",\n",
                                runs_hash, agg_hash);
            p += n;
        }
        if (!ok)
            st = err_set(err, err_size, SGF_ERR_NOMEM, "out of memory");
        else
            st = write_atomic(out_dir, "sweep.json", man.data, man.len, err, err_size);
        sgf_sweep_buf_free(&man);
    }
done : {
    char e2[256];
    sgf_status cst = tmp_close(&t, false, out_dir, e2, sizeof e2);
    (void)cst;
}
    sorter_free(&s);
    sgf_sweep_buf_free(&o.prev);
    sgf_sweep_buf_free(&o.scratch);
    sgf_sweep_buf_free(&lay.copy);
    free(header);
    sgf_free(first.text);
    return st;
}

/* ---- the threaded driver -------------------------------------------------------------- */

typedef struct exec_ctx {
    const sgf_sweep *sw;
    const sgf_sweep_exec *x;
    sgf_sweep_journal *j;
    mtx_t lock;
    sgf_status st;
    char err[512];
    uint64_t done, ran, failed;
} exec_ctx;

static bool stop_requested(const exec_ctx *c)
{
    return c->x->stop && *c->x->stop;
}

static int exec_worker(void *arg)
{
    exec_ctx *c = arg;
    sgf_sweep_buf row = {0};
    for (;;) {
        uint64_t run;
        mtx_lock(&c->lock);
        bool go = c->st == SGF_OK && !stop_requested(c) && sgf_sweep_journal_next(c->j, &run);
        mtx_unlock(&c->lock);
        if (!go) break;
        bool failed = false;
        char err[512] = "";
        sgf_status st =
            sgf_sweep_run(c->sw, run, c->x->series, c->x->stop, &row, &failed, err, sizeof err);
        if (st == SGF_ERR_INTERRUPTED) break; /* not recorded: a resume runs it */
        mtx_lock(&c->lock);
        if (st == SGF_OK && c->st == SGF_OK)
            st = sgf_sweep_journal_append(c->j, row.data, row.len, err, sizeof err);
        mtx_unlock(&c->lock);
        /* Synced outside the lock: syncs of rows finishing together overlap. */
        if (st == SGF_OK) st = sgf_sweep_journal_sync(c->j, err, sizeof err);
        mtx_lock(&c->lock);
        if (st != SGF_OK) {
            if (c->st == SGF_OK) {
                c->st = st;
                copy_str(c->err, sizeof c->err, err);
            }
        } else if (c->st == SGF_OK) {
            c->done++;
            c->ran++;
            if (failed) c->failed++;
            if (c->x->progress)
                c->x->progress(c->x->progress_user, c->done, sgf_sweep_journal_total(c->j),
                               c->failed);
        }
        mtx_unlock(&c->lock);
    }
    sgf_sweep_buf_free(&row);
    return 0;
}

sgf_status sgf_sweep_execute(const sgf_sweep *sw, const sgf_sweep_exec *x, sgf_sweep_outcome *out,
                             char *err, size_t err_size)
{
    memset(out, 0, sizeof *out);
    sgf_sweep_shard shard = x->shard.count > 1 ? x->shard : (sgf_sweep_shard){1, 1};
    exec_ctx c = {.sw = sw, .x = x, .st = SGF_OK};
    sgf_status st = sgf_sweep_journal_open(sw, x->dir, x->resume, shard, &c.j, err, err_size);
    if (st != SGF_OK) return st;
    out->total = sgf_sweep_journal_total(c.j);
    out->done_before = c.done = sgf_sweep_journal_done(c.j);
    if (mtx_init(&c.lock, mtx_plain) != thrd_success) {
        sgf_sweep_journal_close(c.j, NULL, 0);
        return err_set(err, err_size, SGF_ERR_INTERNAL, "cannot create a lock");
    }
    if (x->progress) x->progress(x->progress_user, c.done, out->total, 0);
    uint64_t pending = out->total - out->done_before;
    int threads = x->threads > 0 ? x->threads : sgf_cpu_count();
    if ((uint64_t)threads > pending) threads = pending > 0 ? (int)pending : 1;
    thrd_t *pool = sgf_calloc((size_t)threads, sizeof *pool);
    if (!pool) {
        mtx_destroy(&c.lock);
        sgf_sweep_journal_close(c.j, NULL, 0);
        return err_set(err, err_size, SGF_ERR_NOMEM, "out of memory");
    }
    int started = 0;
    for (int t = 1; t < threads; t++) {
        if (thrd_create(&pool[t], exec_worker, &c) != thrd_success) break;
        started++;
    }
    exec_worker(&c); /* the calling thread works too */
    for (int t = 1; t <= started; t++) thrd_join(pool[t], NULL);
    sgf_free(pool);
    mtx_destroy(&c.lock);
    out->ran = c.ran;
    out->failed = c.failed;
    char e2[256] = "";
    sgf_status cst = sgf_sweep_journal_close(c.j, e2, sizeof e2);
    if (c.st != SGF_OK) return err_set(err, err_size, c.st, "%s", c.err);
    if (cst != SGF_OK) return err_set(err, err_size, cst, "%s", e2);
    if (stop_requested(&c) && c.done < out->total) {
        out->interrupted = true;
        return SGF_OK;
    }
    const char *dirs[1] = {x->dir};
    unsigned flags = shard.count > 1 ? SGF_COLLECT_PARTIAL | SGF_COLLECT_NO_AGGREGATE : 0;
    return sgf_sweep_collect(dirs, 1, x->dir, flags, &out->collected, err, err_size);
}
