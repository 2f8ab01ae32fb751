/* output.c: the files a run writes (sgf_output.h), written atomically.
 *
 * MODEL.md 8 says what a run reports; this module only formats it, reading
 * the world through its const accessors and deciding nothing about the model.
 *
 *   timeseries.csv  a header of sgf_metric_table names, a row after each step
 *   markets.csv     a row per market after each step (io/dictionary.h columns)
 *   events.csv      a row per record of the step's event log (sgf_events_columns)
 *   network.jsonl   one JSON object per snapshot: nodes by uid and their ties
 *   network.gexf    GEXF 1.2, dynamic, closed intervals: nodes by uid from
 *                   joining to their last week, trust, motivation and flow
 *                   from their first week and at each snapshot, the value-chain
 *                   layout's positions and colours, ties weighted by flow
 *   summary.csv     scenario, seed, run, then sgf_summary_table; empty fields
 *                   where a value does not exist in the run
 *   manifest.json   version, scenario, hash, seed, streams, files, parameters
 *
 * Snapshots are taken of the start (week 0), every
 * def.output.snapshot_every_weeks ticks (0: none during the run) and of the
 * final state. docs/outputs.md (io/dictionary.c) says what every field means. The GEXF file needs
 * every node's whole history inside its element, so its samples are kept in memory and the file is
 * written at the end; the others stream.
 *
 * Atomicity: every file is written as DIR/.NAME.tmp; on a successful close
 * each is flushed, synced, closed and renamed to DIR/NAME, manifest.json last,
 * so its presence means the run finished. On any error, or close(ok=false),
 * temporaries (and anything already renamed) are removed, as are directories
 * this module created. Every write is checked; the first failure is kept as
 * the status and a message naming the file. sgf_output_close frees the
 * output, so the message of a failed close is kept per thread and read with
 * sgf_output_error(NULL). close(ok=false) returns SGF_OK unless a write had
 * already failed.
 *
 * Numbers print the same on every machine: doubles with %.10g, the model's
 * float state with %.7g, "-0" as "0"; in CSV a value that does not exist is
 * an empty field (sgf_fmt_csv), in JSON null.
 */
#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/alloc.h"
#include "io/dictionary.h"
#include "io/fmtnum.h"
#include "io/jsonstr.h"
#include "sgf/sgf_output.h"
#include "sgf/sgf_scenario.h"

enum {
    OUT_TIMESERIES,
    OUT_MARKETS,
    OUT_EVENTS,
    OUT_NETWORK_JSONL,
    OUT_NETWORK_GEXF,
    OUT_SUMMARY,
    OUT_MANIFEST, /* last: renamed after all the others */
    OUT_FILE_COUNT
};

static const char *const out_file_names[OUT_FILE_COUNT] = {
    "timeseries.csv", "markets.csv", "events.csv",   "network.jsonl",
    "network.gexf",   "summary.csv", "manifest.json"};

typedef struct out_file {
    FILE *f;
    char *tmp_path;   /* DIR/.NAME.tmp */
    char *final_path; /* DIR/NAME */
    bool wanted;      /* this run writes it */
    bool renamed;     /* in place under its final name */
} out_file;

/* A partner's life in the net, one GEXF node named by its uid; node 0 is
 * the firm (uid 0, role -1). */
typedef struct out_node {
    int32_t index;
    uint32_t generation;
    uint32_t uid;
    int32_t start_tick;
    int32_t end_tick;         /* the week it was first seen gone; -1: still in the net */
    int32_t last_sample_tick; /* -1: none yet */
    int32_t market;
    int32_t role;    /* -1: the focal firm */
    double flow_sum; /* units over the weeks seen, for the edge weight */
    int32_t flow_n;
    float x, y; /* value-chain position (write_gexf) */
    char name[SGF_NAME_MAX];
} out_node;

/* A node's state at one snapshot. */
typedef struct out_sample {
    int32_t node;
    int32_t tick;
    float trust, motivation, flow;
} out_sample;

struct sgf_output {
    char *dir;
    char *scenario_name;
    char *version;
    uint64_t scenario_hash;
    out_file files[OUT_FILE_COUNT];
    size_t created_from; /* length of the first directory created here; 0: none */

    int snapshot_every_weeks;
    int last_snapshot_tick; /* -1: none yet */
    int ticks_run;

    out_node *nodes;
    int node_count, node_capacity;
    int32_t *slot_node; /* partner slot -> its open node, or -1 */
    int slot_count, slot_capacity;
    out_sample *samples;
    int sample_count, sample_capacity;

    sgf_status status; /* first failure; SGF_OK while all is well */
    char err[512];
};

/* The message of the last failed sgf_output_close in this thread, which has
 * freed its output by then (like errno: per thread, never shared). */
static _Thread_local char last_close_error[512];

/* ---- errors ---------------------------------------------------------------------------- */

static void out_fail(sgf_output *o, sgf_status st, const char *fmt, ...)
{
    if (o->status != SGF_OK) return; /* the first failure explains the rest */
    o->status = st;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(o->err, sizeof o->err, fmt, ap);
    va_end(ap);
}

static void out_fail_errno(sgf_output *o, int file, const char *what, int err_no)
{
    out_fail(o, err_no == ENOMEM ? SGF_ERR_NOMEM : SGF_ERR_IO, "cannot %s %s: %s", what,
             o->files[file].final_path, err_no ? strerror(err_no) : "unknown error");
}

static void out_fail_nomem(sgf_output *o)
{
    out_fail(o, SGF_ERR_NOMEM, "out of memory");
}

/* ---- small helpers ------------------------------------------------------------------- */

static char *str_dup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = sgf_malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

/* dir + "/" + prefix + name + suffix, allocated. */
static char *path_join(const char *dir, const char *prefix, const char *name, const char *suffix)
{
    size_t n = strlen(dir) + strlen(prefix) + strlen(name) + strlen(suffix) + 2;
    char *p = sgf_malloc(n);
    if (p) snprintf(p, n, "%s/%s%s%s", dir, prefix, name, suffix);
    return p;
}

/* The array arr with room for `need` elements of `elem` bytes: arr itself,
 * or a larger copy (capacity updated), or NULL when memory ran out (arr is
 * then untouched). Returning the pointer keeps callers free of casts. */
static void *grown(void *arr, int *capacity, int need, size_t elem)
{
    if (arr && need <= *capacity) return arr;
    int cap = *capacity ? *capacity : 16;
    while (cap < need) cap *= 2;
    void *g = sgf_realloc(arr, elem * (size_t)cap);
    if (g) *capacity = cap;
    return g;
}

typedef enum num_style { NUM_CSV, NUM_JSON, NUM_XML } num_style;

/* A number as text, the same on every machine: "%.<prec>g", "-0" as "0";
 * in CSV as sgf_fmt_csv writes it (NaN: an empty field), in JSON NaN and
 * infinities as null, in XML as NaN, INF, -INF. Returns buf (32 bytes or
 * more) or a literal. */
static const char *fmt_num(char *buf, size_t size, double x, int prec, num_style style)
{
    if (style == NUM_CSV) return sgf_fmt_csv(buf, size, x, prec);
    if (isnan(x)) return style == NUM_JSON ? "null" : "NaN";
    if (isinf(x)) return style == NUM_JSON ? "null" : x > 0 ? "INF" : "-INF";
    if (x == 0.0) return "0"; /* no "-0" */
    return sgf_fmt_g(buf, size, x, prec);
}

static const char *fmt_double(char *buf, size_t size, double x, num_style style)
{
    return fmt_num(buf, size, x, 10, style);
}

static const char *fmt_float(char *buf, size_t size, float x, num_style style)
{
    return fmt_num(buf, size, (double)x, 7, style);
}

/* Length of the valid UTF-8 sequence at s (1-4), or 0 when it is not one.
 * Surrogates, overlong forms and the non-characters U+FFFE/U+FFFF, which XML
 * forbids, count as invalid. */
typedef enum esc_mode { ESC_JSON, ESC_XML, ESC_CSV } esc_mode;

/* Escape src for a JSON string body, an XML attribute or text, or a quoted
 * CSV field, into dst (like snprintf: returns the length it needs). Invalid
 * UTF-8 becomes U+FFFD so every file stays valid UTF-8. */
static size_t escape_into(char *dst, size_t cap, const char *src, esc_mode mode)
{
    size_t n = 0;
#define PUT_(str, len)                                                                             \
    do {                                                                                           \
        if (n + (len) < cap) memcpy(dst + n, (str), (len));                                        \
        n += (len);                                                                                \
    } while (0)
    const unsigned char *s = (const unsigned char *)src;
    while (*s) {
        size_t k = sgf_utf8_seq(s);
        if (k == 0) {
            PUT_("\xEF\xBF\xBD", 3);
            s++;
            continue;
        }
        if (k > 1) {
            PUT_(s, k);
            s += k;
            continue;
        }
        unsigned char c = *s++;
        char tmp[8];
        const char *rep = NULL;
        switch (mode) {
        case ESC_JSON:
            if (c == '"')
                rep = "\\\"";
            else if (c == '\\')
                rep = "\\\\";
            else if (c == '\n')
                rep = "\\n";
            else if (c == '\r')
                rep = "\\r";
            else if (c == '\t')
                rep = "\\t";
            else if (c < 0x20) {
                snprintf(tmp, sizeof tmp, "\\u%04x", c);
                rep = tmp;
            }
            break;
        case ESC_XML:
            if (c == '&')
                rep = "&amp;";
            else if (c == '<')
                rep = "&lt;";
            else if (c == '>')
                rep = "&gt;";
            else if (c == '"')
                rep = "&quot;";
            else if (c == '\'')
                rep = "&apos;";
            else if (c == '\t' || c == '\n' || c == '\r') {
                snprintf(tmp, sizeof tmp, "&#%u;", c);
                rep = tmp;
            } else if (c < 0x20) {
                rep = "\xEF\xBF\xBD"; /* not allowed in XML 1.0 at all */
            }
            break;
        case ESC_CSV:
            if (c == '"') rep = "\"\"";
            break;
        }
        if (rep)
            PUT_(rep, strlen(rep));
        else
            PUT_(&c, 1);
    }
#undef PUT_
    if (cap) dst[n < cap ? n : cap - 1] = '\0';
    return n;
}

/* ---- checked writes ------------------------------------------------------------------ */

/* putc_unlocked (POSIX): a run's files belong to the one thread that writes
 * the run, so fputs's lock and length scan per call, a third of the
 * writers' time, buy nothing. */
static void out_puts(sgf_output *o, int file, const char *s)
{
    if (o->status != SGF_OK) return;
    FILE *f = o->files[file].f;
    errno = 0;
    for (; *s; s++) {
        if (putc_unlocked((unsigned char)*s, f) == EOF) {
            out_fail_errno(o, file, "write", errno);
            return;
        }
    }
}

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void
out_printf(sgf_output *o, int file, const char *fmt, ...)
{
    if (o->status != SGF_OK) return;
    va_list ap;
    va_start(ap, fmt);
    errno = 0;
    int r = vfprintf(o->files[file].f, fmt, ap);
    va_end(ap);
    if (r < 0) out_fail_errno(o, file, "write", errno);
}

/* A whole number, as "%lld" writes it (the hot loops avoid printf). */
static void out_int(sgf_output *o, int file, long long v)
{
    char buf[24], *e = buf + sizeof buf, *b = e;
    unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
    *--b = '\0';
    do {
        *--b = (char)('0' + (int)(u % 10));
        u /= 10;
    } while (u);
    if (v < 0) *--b = '-';
    out_puts(o, file, b);
}

/* s escaped for mode; a stack buffer for the usual short names. */
static void out_escaped(sgf_output *o, int file, const char *s, esc_mode mode)
{
    if (o->status != SGF_OK) return;
    char small[512];
    size_t n = escape_into(small, sizeof small, s, mode);
    if (n < sizeof small) {
        out_puts(o, file, small);
        return;
    }
    char *big = sgf_malloc(n + 1);
    if (!big) {
        out_fail_nomem(o);
        return;
    }
    escape_into(big, n + 1, s, mode);
    out_puts(o, file, big);
    sgf_free(big);
}

static void out_json_string(sgf_output *o, int file, const char *s)
{
    out_puts(o, file, "\"");
    out_escaped(o, file, s, ESC_JSON);
    out_puts(o, file, "\"");
}

/* A CSV field, quoted only when it must be (RFC 4180). */
static void out_csv_string(sgf_output *o, int file, const char *s)
{
    bool quote = strpbrk(s, ",\"\r\n") != NULL;
    if (quote) out_puts(o, file, "\"");
    out_escaped(o, file, s, ESC_CSV);
    if (quote) out_puts(o, file, "\"");
}

static void out_double(sgf_output *o, int file, double x, num_style style)
{
    char buf[40];
    out_puts(o, file, fmt_double(buf, sizeof buf, x, style));
}

static void out_float(sgf_output *o, int file, float x, num_style style)
{
    char buf[40];
    out_puts(o, file, fmt_float(buf, sizeof buf, x, style));
}

static void open_tmp(sgf_output *o, int file)
{
    if (o->status != SGF_OK) return;
    out_file *of = &o->files[file];
    errno = 0;
    of->f = fopen(of->tmp_path, "w");
    if (!of->f) {
        out_fail_errno(o, file, "create", errno);
        return;
    }
    /* 64 KiB writes instead of stdio's 4 KiB: a default run writes 2 MB */
    setvbuf(of->f, NULL, _IOFBF, (size_t)1 << 16);
}

/* Flush, sync and close a finished temporary, checking each step: a full
 * disk often shows only here. */
static void close_tmp(sgf_output *o, int file)
{
    out_file *of = &o->files[file];
    if (!of->f) return;
    FILE *f = of->f;
    of->f = NULL;
    if (o->status != SGF_OK) {
        fclose(f);
        return;
    }
    errno = 0;
    if (fflush(f) != 0 || ferror(f)) {
        out_fail_errno(o, file, "write", errno);
        fclose(f);
        return;
    }
    errno = 0;
    if (fsync(fileno(f)) != 0 && errno != EINVAL && errno != EROFS) {
        out_fail_errno(o, file, "sync", errno);
        fclose(f);
        return;
    }
    errno = 0;
    if (fclose(f) != 0) out_fail_errno(o, file, "write", errno);
}

static void rename_into_place(sgf_output *o, int file)
{
    if (o->status != SGF_OK) return;
    out_file *of = &o->files[file];
    errno = 0;
    if (rename(of->tmp_path, of->final_path) != 0) {
        out_fail_errno(o, file, "rename into place", errno);
        return;
    }
    of->renamed = true;
}

/* ---- the directory ------------------------------------------------------------------- */

/* mkdir -p. Records in o->created_from where the directories it made begin,
 * so a failed run can take them away again. */
static void make_dirs(sgf_output *o)
{
    char *path = o->dir;
    size_t len = strlen(path);
    for (size_t i = 1; i <= len; i++) {
        if (i < len && path[i] != '/') continue;
        if (path[i - 1] == '/') continue; /* "a//b" */
        char saved = path[i];
        path[i] = '\0';
        errno = 0;
        if (mkdir(path, 0777) == 0) {
            if (o->created_from == 0) o->created_from = i;
        } else {
            int e = errno;
            struct stat st;
            bool failed = e != EEXIST || stat(path, &st) != 0;
            bool not_dir = !failed && !S_ISDIR(st.st_mode);
            path[i] = saved; /* path is o->dir: whole again for the message */
            if (failed && i == len)
                out_fail(o, e == ENOMEM ? SGF_ERR_NOMEM : SGF_ERR_IO,
                         "cannot create output directory %s: %s", o->dir, strerror(e));
            else if (failed)
                out_fail(o, e == ENOMEM ? SGF_ERR_NOMEM : SGF_ERR_IO,
                         "cannot create output directory %s: %.*s: %s", o->dir, (int)i, path,
                         strerror(e));
            else if (not_dir)
                out_fail(o, SGF_ERR_IO,
                         "cannot create output directory %s: %.*s exists and is not a "
                         "directory",
                         o->dir, (int)i, path);
        }
        path[i] = saved;
        if (o->status != SGF_OK) return;
    }
}

/* Remove the directories make_dirs created, deepest first (only if empty). */
static void remove_created_dirs(sgf_output *o)
{
    if (o->created_from == 0) return;
    char *path = o->dir; /* without trailing slashes (sgf_output_open) */
    size_t len = strlen(path);
    while (len >= o->created_from) {
        if (rmdir(path) != 0) break;
        while (len > 0 && path[len - 1] != '/') len--;
        while (len > 0 && path[len - 1] == '/') len--;
        path[len] = '\0';
        if (len == 0) break;
    }
    o->created_from = 0;
}

static bool dir_is_empty(const char *dir, int *err_no)
{
    errno = 0;
    DIR *d = opendir(dir);
    if (!d) {
        *err_no = errno;
        return false;
    }
    bool empty = true;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
            empty = false;
            break;
        }
    }
    closedir(d);
    *err_no = 0;
    return empty;
}

/* Take everything this output wrote away again: nothing may look complete. */
static void discard(sgf_output *o)
{
    for (int i = 0; i < OUT_FILE_COUNT; i++) {
        out_file *of = &o->files[i];
        if (of->f) {
            fclose(of->f);
            of->f = NULL;
        }
        if (of->tmp_path) unlink(of->tmp_path);
        if (of->renamed && of->final_path) unlink(of->final_path);
        of->renamed = false;
    }
    remove_created_dirs(o);
}

static void out_free(sgf_output *o)
{
    for (int i = 0; i < OUT_FILE_COUNT; i++) {
        sgf_free(o->files[i].tmp_path);
        sgf_free(o->files[i].final_path);
    }
    sgf_free(o->dir);
    sgf_free(o->scenario_name);
    sgf_free(o->version);
    sgf_free(o->nodes);
    sgf_free(o->slot_node);
    sgf_free(o->samples);
    sgf_free(o);
}

/* ---- the network --------------------------------------------------------------------- */

static const sgf_market_def *market_def(const sgf_world *w, int market)
{
    const sgf_world_def *def = sgf_world_def_of(w);
    return (market >= 0 && market < def->market_count) ? &def->markets[market] : NULL;
}

/* A node's state at week `tick`; one sample per node and week. */
static void add_sample(sgf_output *o, int node, int tick, float trust, float motivation, float flow)
{
    if (o->status != SGF_OK || o->nodes[node].last_sample_tick == tick) return;
    out_sample *samples =
        grown(o->samples, &o->sample_capacity, o->sample_count + 1, sizeof *samples);
    if (!samples) {
        out_fail_nomem(o);
        return;
    }
    o->samples = samples;
    o->samples[o->sample_count++] = (out_sample){node, tick, trust, motivation, flow};
    o->nodes[node].last_sample_tick = tick;
}

/* Node 0: the focal firm, in the net from week 0 to the end. */
static void add_firm_node(sgf_output *o, const sgf_world *w)
{
    const sgf_world_def *def = sgf_world_def_of(w);
    out_node *nodes = grown(o->nodes, &o->node_capacity, 1, sizeof *nodes);
    if (!nodes) {
        out_fail_nomem(o);
        return;
    }
    o->nodes = nodes;
    out_node *n = &o->nodes[0];
    memset(n, 0, sizeof *n);
    n->index = -1;
    n->start_tick = sgf_world_tick(w);
    n->end_tick = -1;
    n->last_sample_tick = -1;
    n->market = sgf_world_def_market_index(def, def->firm.home_iso);
    n->role = -1;
    snprintf(n->name, sizeof n->name, "%s", def->firm.name);
    o->node_count = 1;
}

/* Follow partners joining and leaving: a node opens when a slot holds a live
 * partner it did not hold before (with a first sample of its state, so every
 * node has every attribute from its first week) and closes when that partner
 * is gone. */
static void track_nodes(sgf_output *o, const sgf_world *w, int tick)
{
    if (o->status != SGF_OK) return;
    int count = sgf_world_partner_slots(w);
    int32_t *slots = grown(o->slot_node, &o->slot_capacity, count, sizeof *slots);
    if (!slots) {
        out_fail_nomem(o);
        return;
    }
    o->slot_node = slots;
    for (int i = o->slot_count; i < count; i++) o->slot_node[i] = -1;
    for (int i = count; i < o->slot_count; i++) /* slots that went away */
        if (o->slot_node[i] >= 0) o->nodes[o->slot_node[i]].end_tick = tick;
    o->slot_count = count;

    for (int i = 0; i < count; i++) {
        int k = o->slot_node[i];
        sgf_partner_view p;
        bool alive = sgf_world_partner(w, i, &p);
        if (k >= 0 && (!alive || o->nodes[k].uid != p.uid)) {
            o->nodes[k].end_tick = tick;
            o->slot_node[i] = k = -1;
        }
        if (!alive) continue;
        if (k < 0) {
            out_node *nodes = grown(o->nodes, &o->node_capacity, o->node_count + 1, sizeof *nodes);
            if (!nodes) {
                out_fail_nomem(o);
                return;
            }
            o->nodes = nodes;
            k = o->node_count++;
            out_node *n = &o->nodes[k];
            memset(n, 0, sizeof *n);
            n->index = i;
            n->generation = p.id.generation;
            n->uid = p.uid;
            n->start_tick = (p.joined_tick >= 0 && p.joined_tick <= tick) ? p.joined_tick : tick;
            n->end_tick = -1;
            n->last_sample_tick = -1;
            n->market = p.market;
            n->role = (int32_t)p.role;
            snprintf(n->name, sizeof n->name, "%s", p.name);
            o->slot_node[i] = k;
            add_sample(o, k, tick, p.trust, p.motivation, p.flow_units);
        }
        o->nodes[k].flow_sum += (double)p.flow_units;
        o->nodes[k].flow_n++;
    }
}

static void jsonl_place(sgf_output *o, const sgf_world *w, int market)
{
    const int F = OUT_NETWORK_JSONL;
    const sgf_market_def *md = market_def(w, market);
    out_puts(o, F, ",\"market\":");
    out_json_string(o, F, md ? md->iso : "");
    out_puts(o, F, ",\"lat\":");
    if (md)
        out_double(o, F, md->lat, NUM_JSON);
    else
        out_puts(o, F, "null");
    out_puts(o, F, ",\"lon\":");
    if (md)
        out_double(o, F, md->lon, NUM_JSON);
    else
        out_puts(o, F, "null");
}

/* Suppliers whose goods pass the logistics intermediaries (supply.c). */
static bool ships_goods(int role)
{
    return role == SGF_ROLE_HARDWARE_MANUFACTURER || role == SGF_ROLE_COMPONENT_SUPPLIER;
}

/* A tie's direction follows what it carries: goods and knowledge come in to
 * the firm, sales ties and the firm's own units go out from it. */
static bool tie_inward(int role)
{
    return !sgf_role_is_downstream((sgf_role)role) && role != SGF_ROLE_MARKETING_PARTNER;
}

static const char *chain_side_name(int role)
{
    if (role < 0) return "firm";
    int side, band;
    sgf_role_chain_place(role, &side, &band);
    return side == SGF_CHAIN_UP ? "upstream" : side == SGF_CHAIN_KNOW ? "knowledge" : "sales";
}

/* One line of network.jsonl and one GEXF sample per node. The firm's state
 * is the mean over its partners that are not its own units (as in
 * timeseries.csv) and its flow this week's deliveries. */
static void snapshot(sgf_output *o, const sgf_world *w, int tick)
{
    const int F = OUT_NETWORK_JSONL;
    sgf_partner_view p;
    double sum[5] = {0, 0, 0, 0, 0};
    int n_not_owned = 0, n_logistics = 0;
    for (int i = sgf_world_partner_next(w, 0); i >= 0; i = sgf_world_partner_next(w, i + 1)) {
        sgf_world_partner(w, i, &p);
        n_logistics += p.role == SGF_ROLE_LOGISTICS_PROVIDER;
        if (p.owned) continue;
        const float v[5] = {p.trust, p.motivation, p.commitment, p.satisfaction, p.effort};
        for (int k = 0; k < 5; k++) sum[k] += (double)v[k];
        n_not_owned++;
    }
    float firm[6];
    for (int k = 0; k < 5; k++) firm[k] = n_not_owned ? (float)(sum[k] / n_not_owned) : 0.0f;
    firm[5] = (float)sgf_world_metrics(w)->deliveries_units;
    static const char *const keys[] = {",\"trust\":",        ",\"motivation\":", ",\"commitment\":",
                                       ",\"satisfaction\":", ",\"effort\":",     ",\"flow\":"};

    out_printf(o, F, "{\"tick\":%d,\"nodes\":[{\"id\":0,\"name\":", tick);
    out_json_string(o, F, o->nodes[0].name);
    out_puts(o, F, ",\"role\":\"focal_firm\",\"side\":\"firm\",\"joined\":0");
    jsonl_place(o, w, o->nodes[0].market);
    for (int k = 0; k < 6; k++) {
        out_puts(o, F, keys[k]);
        out_float(o, F, firm[k], NUM_JSON);
    }
    out_puts(o, F, "}");
    for (int i = sgf_world_partner_next(w, 0); i >= 0 && o->status == SGF_OK;
         i = sgf_world_partner_next(w, i + 1)) {
        sgf_world_partner(w, i, &p);
        out_puts(o, F, ",{\"id\":");
        out_int(o, F, p.uid);
        out_puts(o, F, ",\"name\":");
        out_json_string(o, F, p.name);
        out_puts(o, F, ",\"role\":");
        out_json_string(o, F, sgf_role_name(p.role));
        out_puts(o, F, ",\"side\":");
        out_json_string(o, F, chain_side_name(p.role));
        out_puts(o, F, ",\"joined\":");
        out_int(o, F, p.joined_tick);
        jsonl_place(o, w, p.market);
        const float vals[] = {p.trust,        p.motivation, p.commitment,
                              p.satisfaction, p.effort,     p.flow_units};
        for (size_t k = 0; k < sizeof vals / sizeof vals[0]; k++) {
            out_puts(o, F, keys[k]);
            out_float(o, F, vals[k], NUM_JSON);
        }
        out_puts(o, F, "}");
    }
    out_puts(o, F, "],\"ties\":[");
    bool first = true;
    for (int i = sgf_world_partner_next(w, 0); i >= 0 && o->status == SGF_OK;
         i = sgf_world_partner_next(w, i + 1)) {
        sgf_world_partner(w, i, &p);
        bool in = tie_inward(p.role);
        out_puts(o, F, first ? "{" : ",{");
        out_printf(o, F, "\"source\":%" PRIu32 ",\"target\":%" PRIu32, in ? p.uid : 0u,
                   in ? 0u : p.uid);
        out_puts(o, F, ",\"kind\":\"relationship\",\"flow\":");
        out_float(o, F, p.flow_units, NUM_JSON);
        out_puts(o, F, ",\"trust\":");
        out_float(o, F, p.trust, NUM_JSON);
        out_puts(o, F, "}");
        first = false;
        if (!ships_goods(p.role) || n_logistics == 0) continue;
        sgf_partner_view l;
        for (int j = sgf_world_partner_next(w, 0); j >= 0 && o->status == SGF_OK;
             j = sgf_world_partner_next(w, j + 1)) {
            sgf_world_partner(w, j, &l);
            if (l.role != SGF_ROLE_LOGISTICS_PROVIDER) continue;
            out_printf(o, F, ",{\"source\":%" PRIu32 ",\"target\":%" PRIu32, p.uid, l.uid);
            out_puts(o, F, ",\"kind\":\"goods_route\",\"flow\":");
            out_float(o, F, p.flow_units, NUM_JSON);
            out_puts(o, F, ",\"trust\":null}");
        }
    }
    out_puts(o, F, "]}\n");

    add_sample(o, 0, tick, firm[0], firm[1], firm[5]);
    for (int i = sgf_world_partner_next(w, 0); i >= 0 && o->status == SGF_OK;
         i = sgf_world_partner_next(w, i + 1)) {
        if (i >= o->slot_count || o->slot_node[i] < 0) continue;
        sgf_world_partner(w, i, &p);
        add_sample(o, o->slot_node[i], tick, p.trust, p.motivation, p.flow_units);
    }
    o->last_snapshot_tick = tick;
}

/* The last week node n was in the net: it left during end_tick. */
static int node_last_week(const sgf_output *o, const out_node *n)
{
    return n->end_tick >= 0 ? (n->end_tick - 1 >= n->start_tick ? n->end_tick - 1 : n->start_tick)
                            : o->ticks_run;
}

/* GEXF attvalue lines of one node or its tie over its samples: each value
 * holds from its week up to the week before the next sample, the last up to
 * `last` (closed intervals: every networkx and Gephi reads them). */
static void gexf_attvalues(sgf_output *o, const out_sample *s, int n, bool edge, int last,
                           const char *indent)
{
    const int F = OUT_NETWORK_GEXF;
    static const char *const node_keys[] = {"trust", "motivation", "flow"};
    static const char *const edge_keys[] = {"tie_trust", "tie_flow"};
    int nkeys = edge ? 2 : 3;
    for (int k = 0; k < nkeys; k++) {
        for (int j = 0; j < n; j++) {
            float v = k == 0 ? s[j].trust : (k == 1 && !edge) ? s[j].motivation : s[j].flow;
            int end = j + 1 < n ? s[j + 1].tick - 1 : last;
            if (end < s[j].tick) end = s[j].tick;
            out_puts(o, F, indent);
            out_puts(o, F, "<attvalue for=\"");
            out_puts(o, F, edge ? edge_keys[k] : node_keys[k]);
            out_puts(o, F, "\" value=\"");
            out_float(o, F, v, NUM_XML);
            out_puts(o, F, "\" start=\"");
            out_int(o, F, s[j].tick);
            out_puts(o, F, "\" end=\"");
            out_int(o, F, end);
            out_puts(o, F, "\"/>\n");
        }
    }
}

/* Node colours by what the tie carries, as in the viewer: goods, sales,
 * knowledge, the firm's own units; the firm white. */
static uint32_t node_rgb(int role)
{
    if (role < 0) return 0xf0f0f0u;
    sgf_role r = (sgf_role)role;
    if (sgf_role_is_owned(r)) return 0x50c8b4u;
    if (r == SGF_ROLE_HARDWARE_MANUFACTURER || r == SGF_ROLE_COMPONENT_SUPPLIER ||
        r == SGF_ROLE_LOGISTICS_PROVIDER)
        return 0xe6964au;
    if (sgf_role_is_downstream(r) || r == SGF_ROLE_MARKETING_PARTNER) return 0x6e96c8u;
    return 0xaa78e6u;
}

static int layout_cmp(const void *a, const void *b)
{
    const out_node *x = *(const out_node *const *)a, *y = *(const out_node *const *)b;
    int sx, bx, sy, by;
    sgf_role_chain_place(x->role, &sx, &bx);
    sgf_role_chain_place(y->role, &sy, &by);
    if (sx != sy) return sx < sy ? -1 : 1;
    if (bx != by) return bx < by ? -1 : 1;
    if (x->market != y->market) return x->market < y->market ? -1 : 1;
    return x->uid < y->uid ? -1 : x->uid > y->uid;
}

/* The viewer's value-chain layout (viz/layout.c) for every node that was
 * ever in the net: the sides side by side (upstream 0-30 % of the width,
 * knowledge 40-60 % in the upper third, sales 63-100 %), each a stack of
 * role bands in sgf_chain_roles order with heights by count, a band a grid
 * of cells ordered by market, then uid; the firm at (50 %, 58 %). World
 * 1000 x 700, y up as Gephi and networkx draw it. */
static void layout_nodes(sgf_output *o)
{
    const float W = 1000.0f, H = 700.0f;
    const float x0[SGF_CHAIN_SIDES] = {40.0f, 0.40f * W, 0.63f * W};
    const float wd[SGF_CHAIN_SIDES] = {0.30f * W, 0.20f * W, 0.37f * W - 40.0f};
    const float ht[SGF_CHAIN_SIDES] = {H - 80.0f, 0.34f * H, H - 80.0f};
    o->nodes[0].x = 0.5f * W;
    o->nodes[0].y = -0.58f * H;
    int n = o->node_count - 1;
    if (n <= 0) return;
    out_node **order = sgf_malloc(sizeof *order * (size_t)n);
    if (!order) {
        out_fail_nomem(o);
        return;
    }
    for (int k = 0; k < n; k++) order[k] = &o->nodes[k + 1];
    qsort(order, (size_t)n, sizeof *order, layout_cmp);
    for (int a = 0; a < n;) {
        int side, band;
        sgf_role_chain_place(order[a]->role, &side, &band);
        int b = a, side_n = 0;
        while (b < n) { /* the side's extent */
            int s2, b2;
            sgf_role_chain_place(order[b]->role, &s2, &b2);
            if (s2 != side) break;
            b++;
        }
        side_n = b - a;
        int bands = 0;
        for (int k = a; k < b; k++)
            if (k == a || order[k]->role != order[k - 1]->role) bands++;
        const float gap = 12.0f, minh = 18.0f;
        float avail = ht[side] - (float)bands * (gap + minh);
        if (avail < 0.0f) avail = 0.0f;
        float y = 40.0f;
        for (int k = a; k < b;) {
            int e = k;
            while (e < b && order[e]->role == order[k]->role) e++;
            int cnt = e - k;
            float bh = minh + avail * (float)cnt / (float)side_n;
            /* the squarest grid of cnt cells in wd x bh */
            int cols = (int)ceilf(sqrtf((float)cnt * wd[side] / bh));
            if (cols < 1) cols = 1;
            if (cols > cnt) cols = cnt;
            int rows = (cnt + cols - 1) / cols;
            float cw = wd[side] / (float)cols, ch = bh / (float)rows;
            for (int j = 0; j < cnt; j++) {
                out_node *nd = order[k + j];
                nd->x = x0[side] + cw * ((float)(j % cols) + 0.5f);
                nd->y = -(y + ch * ((float)(j / cols) + 0.5f));
            }
            y += bh + gap;
            k = e;
        }
        a = b;
    }
    sgf_free(order);
}

static void gexf_node(sgf_output *o, const sgf_world *w, int k, const out_sample *s, int ns)
{
    const int F = OUT_NETWORK_GEXF;
    const out_node *n = &o->nodes[k];
    const sgf_market_def *md = market_def(w, n->market);
    char b1[40], b2[40];
    out_printf(o, F, "      <node id=\"%" PRIu32 "\" label=\"", n->uid);
    out_escaped(o, F, n->name, ESC_XML);
    out_printf(o, F, "\" start=\"%d\" end=\"%d\">\n        <attvalues>\n", n->start_tick,
               node_last_week(o, n));
    out_printf(o, F, "          <attvalue for=\"role\" value=\"%s\"/>\n",
               n->role < 0 ? "focal_firm" : sgf_role_name((sgf_role)n->role));
    out_printf(o, F, "          <attvalue for=\"side\" value=\"%s\"/>\n", chain_side_name(n->role));
    out_puts(o, F, "          <attvalue for=\"market\" value=\"");
    out_escaped(o, F, md ? md->iso : "", ESC_XML);
    out_puts(o, F, "\"/>\n");
    if (md)
        out_printf(o, F,
                   "          <attvalue for=\"lat\" value=\"%s\"/>\n"
                   "          <attvalue for=\"lon\" value=\"%s\"/>\n",
                   fmt_double(b1, sizeof b1, md->lat, NUM_XML),
                   fmt_double(b2, sizeof b2, md->lon, NUM_XML));
    out_printf(o, F, "          <attvalue for=\"joined\" value=\"%d\"/>\n", n->start_tick);
    /* dynamic values after the static ones, in the same element */
    gexf_attvalues(o, s, ns, false, node_last_week(o, n), "          ");
    uint32_t rgb = node_rgb(n->role);
    out_printf(o, F,
               "        </attvalues>\n"
               "        <viz:color r=\"%u\" g=\"%u\" b=\"%u\"/>\n"
               "        <viz:position x=\"%s\" y=\"%s\" z=\"0\"/>\n"
               "        <viz:size value=\"%s\"/>\n"
               "      </node>\n",
               (unsigned)(rgb >> 16 & 0xffu), (unsigned)(rgb >> 8 & 0xffu), (unsigned)(rgb & 0xffu),
               fmt_float(b1, sizeof b1, n->x, NUM_XML), fmt_float(b2, sizeof b2, n->y, NUM_XML),
               k == 0 ? "12" : "4");
}

static void gexf_edge(sgf_output *o, int id, uint32_t source, uint32_t target, int start, int end,
                      const char *kind, double weight, const out_sample *s, int ns)
{
    const int F = OUT_NETWORK_GEXF;
    char b[40];
    out_printf(o, F,
               "      <edge id=\"e%d\" source=\"%" PRIu32 "\" target=\"%" PRIu32
               "\" start=\"%d\" end=\"%d\" weight=\"%s\">\n        <attvalues>\n"
               "          <attvalue for=\"kind\" value=\"%s\"/>\n",
               id, source, target, start, end, fmt_double(b, sizeof b, weight, NUM_XML), kind);
    if (s) gexf_attvalues(o, s, ns, true, end, "          ");
    out_puts(o, F, "        </attvalues>\n      </edge>\n");
}

static void write_gexf(sgf_output *o, const sgf_world *w)
{
    const int F = OUT_NETWORK_GEXF;
    const sgf_world_def *def = sgf_world_def_of(w);

    /* Group the samples by node (a counting sort keeps snapshot order). */
    int *first = sgf_calloc((size_t)o->node_count + 1, sizeof *first);
    out_sample *sorted = sgf_malloc(sizeof *sorted * (size_t)(o->sample_count + 1));
    if (!first || !sorted) {
        sgf_free(first);
        sgf_free(sorted);
        out_fail_nomem(o);
        return;
    }
    for (int j = 0; j < o->sample_count; j++) first[o->samples[j].node + 1]++;
    for (int k = 0; k < o->node_count; k++) first[k + 1] += first[k];
    for (int j = 0; j < o->sample_count; j++) sorted[first[o->samples[j].node]++] = o->samples[j];
    for (int k = o->node_count; k > 0; k--) first[k] = first[k - 1];
    first[0] = 0;
    layout_nodes(o);

    out_puts(o, F,
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
             "<gexf xmlns=\"http://www.gexf.net/1.2draft\" "
             "xmlns:viz=\"http://www.gexf.net/1.2draft/viz\" "
             "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
             "xsi:schemaLocation=\"http://www.gexf.net/1.2draft "
             "http://www.gexf.net/1.2draft/gexf.xsd\" version=\"1.2\">\n"
             "  <meta>\n    <creator>sgf ");
    out_escaped(o, F, o->version, ESC_XML);
    out_puts(o, F, "</creator>\n    <description>value net of ");
    out_escaped(o, F, def->firm.name, ESC_XML);
    out_puts(o, F, " (scenario ");
    out_escaped(o, F, def->name, ESC_XML);
    out_printf(o, F, ", seed %" PRIu64 ", run %" PRIu64 ")</description>\n", def->seed,
               def->run_index);
    out_printf(o, F,
               "  </meta>\n"
               "  <graph mode=\"dynamic\" defaultedgetype=\"directed\" "
               "timeformat=\"integer\" start=\"0\" end=\"%d\">\n",
               o->ticks_run);
    out_puts(o, F,
             "    <attributes class=\"node\" mode=\"static\">\n"
             "      <attribute id=\"role\" title=\"role\" type=\"string\"/>\n"
             "      <attribute id=\"side\" title=\"side\" type=\"string\"/>\n"
             "      <attribute id=\"market\" title=\"market\" type=\"string\"/>\n"
             "      <attribute id=\"lat\" title=\"lat\" type=\"double\"/>\n"
             "      <attribute id=\"lon\" title=\"lon\" type=\"double\"/>\n"
             "      <attribute id=\"joined\" title=\"joined\" type=\"integer\"/>\n"
             "    </attributes>\n"
             "    <attributes class=\"node\" mode=\"dynamic\">\n"
             "      <attribute id=\"trust\" title=\"trust\" type=\"float\"/>\n"
             "      <attribute id=\"motivation\" title=\"motivation\" type=\"float\"/>\n"
             "      <attribute id=\"flow\" title=\"flow\" type=\"float\"/>\n"
             "    </attributes>\n"
             "    <attributes class=\"edge\" mode=\"static\">\n"
             "      <attribute id=\"kind\" title=\"kind\" type=\"string\"/>\n"
             "    </attributes>\n"
             "    <attributes class=\"edge\" mode=\"dynamic\">\n"
             "      <attribute id=\"tie_trust\" title=\"trust\" type=\"float\"/>\n"
             "      <attribute id=\"tie_flow\" title=\"flow\" type=\"float\"/>\n"
             "    </attributes>\n"
             "    <nodes>\n");
    for (int k = 0; k < o->node_count && o->status == SGF_OK; k++)
        gexf_node(o, w, k, sorted + first[k], first[k + 1] - first[k]);
    out_puts(o, F, "    </nodes>\n    <edges>\n");
    int id = 0;
    for (int k = 1; k < o->node_count && o->status == SGF_OK; k++) {
        const out_node *n = &o->nodes[k];
        bool in = tie_inward(n->role);
        double weight = n->flow_n ? n->flow_sum / n->flow_n : 0.0;
        gexf_edge(o, id++, in ? n->uid : 0u, in ? 0u : n->uid, n->start_tick, node_last_week(o, n),
                  "relationship", weight, sorted + first[k], first[k + 1] - first[k]);
    }
    /* a supplier's goods pass the logistics intermediaries in the net at the
     * same time (supply.c): manufacturer -> logistics -> firm */
    for (int k = 1; k < o->node_count && o->status == SGF_OK; k++) {
        const out_node *n = &o->nodes[k];
        if (!ships_goods(n->role)) continue;
        for (int j = 1; j < o->node_count && o->status == SGF_OK; j++) {
            const out_node *l = &o->nodes[j];
            if (l->role != SGF_ROLE_LOGISTICS_PROVIDER) continue;
            int start = n->start_tick > l->start_tick ? n->start_tick : l->start_tick;
            int end = node_last_week(o, n) < node_last_week(o, l) ? node_last_week(o, n)
                                                                  : node_last_week(o, l);
            if (end < start) continue;
            gexf_edge(o, id++, n->uid, l->uid, start, end, "goods_route",
                      n->flow_n ? n->flow_sum / n->flow_n : 0.0, NULL, 0);
        }
    }
    out_puts(o, F, "    </edges>\n  </graph>\n</gexf>\n");
    sgf_free(first);
    sgf_free(sorted);
}

/* ---- the tables ---------------------------------------------------------------------- */

static void write_table_header(sgf_output *o, int file, const sgf_metric_info *table, int count)
{
    for (int i = 0; i < count; i++) {
        if (i) out_puts(o, file, ",");
        out_csv_string(o, file, table[i].name);
    }
    out_puts(o, file, "\n");
}

/* One CSV row of a table's doubles read at their offsets in `record`. */
static void write_table_row(sgf_output *o, int file, const sgf_metric_info *table, int count,
                            const void *record)
{
    for (int i = 0; i < count; i++) {
        double x = *(const double *)((const char *)record + table[i].offset);
        if (i) out_puts(o, file, ",");
        out_double(o, file, x, NUM_CSV);
    }
    out_puts(o, file, "\n");
}

/* events.csv: a row per record, columns as sgf_events_columns. */
static void write_events(sgf_output *o, const sgf_world *w)
{
    const int F = OUT_EVENTS;
    int count = 0, markets = 0;
    const sgf_event_record *ev = sgf_world_events(w, &count);
    const sgf_world_def *def = sgf_world_def_of(w);
    sgf_world_markets(w, &markets);
    for (int i = 0; i < count && o->status == SGF_OK; i++) {
        const sgf_event_record *r = &ev[i];
        out_int(o, F, r->tick);
        out_puts(o, F, ",");
        out_csv_string(o, F, sgf_log_kind_name(r->internal, r->kind));
        out_puts(o, F, ",");
        if (r->partner_uid) {
            out_int(o, F, r->partner_uid);
            out_puts(o, F, ",");
            out_csv_string(o, F, r->target);
        } else {
            out_puts(o, F, ",");
        }
        out_puts(o, F, ",");
        if (r->role >= 0 && r->role < SGF_ROLE_COUNT)
            out_puts(o, F, sgf_role_name((sgf_role)r->role));
        out_puts(o, F, ",");
        if (r->market >= 0 && r->market < markets && r->market < def->market_count)
            out_csv_string(o, F, def->markets[r->market].iso);
        out_puts(o, F, ",");
        out_csv_string(o, F, r->cause);
        out_puts(o, F, ",");
        if (!isnan(r->value)) {
            out_double(o, F, r->value, NUM_CSV);
            out_puts(o, F, ",");
            out_csv_string(o, F, sgf_log_value_unit(r));
        } else {
            out_puts(o, F, ",");
        }
        out_puts(o, F, ",");
        out_csv_string(o, F, r->event);
        out_puts(o, F, "\n");
    }
}

/* markets.csv: a row per market and week, columns as sgf_markets_columns. */
static void write_markets(sgf_output *o, const sgf_world *w)
{
    const int F = OUT_MARKETS;
    int count = 0;
    const sgf_market *mk = sgf_world_markets(w, &count);
    const sgf_world_def *def = sgf_world_def_of(w);
    int tick = sgf_world_tick(w);
    for (int m = 0; m < count && m < def->market_count && o->status == SGF_OK; m++) {
        const sgf_market *k = &mk[m];
        out_int(o, F, tick);
        out_puts(o, F, ",");
        out_csv_string(o, F, def->markets[m].iso);
        out_puts(o, F, k->open ? ",1," : ",0,");
        out_puts(o, F, k->entered_tick >= 0 && k->entered_tick <= tick ? "1" : "0");
        const double v[] = {k->demand_units,     k->orders_units, k->revenue_eur,
                            (double)k->channels, k->knowledge,    k->foreignness,
                            k->outsidership,     k->tariff,       k->labour_cost_index};
        _Static_assert(sizeof v / sizeof v[0] == SGF_MKT_COLUMN_COUNT - SGF_MKT_DEMAND,
                       "a value per column of markets.csv");
        for (size_t j = 0; j < sizeof v / sizeof v[0]; j++) {
            out_puts(o, F, ",");
            out_double(o, F, v[j], NUM_CSV);
        }
        out_puts(o, F, "\n");
    }
}

static void write_column_header(sgf_output *o, int file, const sgf_column_doc *cols, int count)
{
    for (int i = 0; i < count; i++) {
        if (i) out_puts(o, file, ",");
        out_csv_string(o, file, cols[i].name);
    }
    out_puts(o, file, "\n");
}

/* summary.csv: which run (scenario, seed, run), then sgf_summary_table; a
 * value that does not exist in the run (NaN where the table allows it) is an
 * empty field. */
static void write_summary(sgf_output *o, const sgf_world *w, const sgf_summary *sum)
{
    const int F = OUT_SUMMARY;
    const sgf_world_def *def = sgf_world_def_of(w);
    out_puts(o, F, "scenario,seed,run,");
    write_table_header(o, F, sgf_summary_table, sgf_summary_count);
    out_csv_string(o, F, o->scenario_name);
    out_printf(o, F, ",%" PRIu64 ",%" PRIu64, def->seed, def->run_index);
    for (int i = 0; i < sgf_summary_count; i++) {
        double x = *(const double *)(const void *)((const char *)sum + sgf_summary_table[i].offset);
        out_puts(o, F, ",");
        out_double(o, F, x, NUM_CSV); /* NaN: empty, where the table allows it */
    }
    out_puts(o, F, "\n");
}

/* ---- the manifest -------------------------------------------------------------------- */

static void write_manifest(sgf_output *o, const sgf_world *w)
{
    const int F = OUT_MANIFEST;
    const sgf_world_def *def = sgf_world_def_of(w);
    static const struct {
        sgf_stream purpose;
        const char *name;
    } streams[] = {{SGF_STREAM_MODEL, "model"},   {SGF_STREAM_SCENARIO, "scenario"},
                   {SGF_STREAM_VIEWER, "viewer"}, {SGF_STREAM_EVENTS, "events"},
                   {SGF_STREAM_DEMAND, "demand"}, {SGF_STREAM_SWEEP, "sweep"}};

    out_puts(o, F, "{\n  \"sgf_version\": ");
    out_json_string(o, F, o->version);
    out_puts(o, F, ",\n  \"scenario\": ");
    out_json_string(o, F, o->scenario_name);
    out_puts(o, F, ",\n  \"scenario_title\": ");
    out_json_string(o, F, def->name);
    out_printf(o, F,
               ",\n  \"scenario_hash\": \"%016" PRIx64 "\",\n"
               "  \"seed\": %" PRIu64 ",\n  \"run_index\": %" PRIu64 ",\n"
               "  \"ticks_run\": %d,\n  \"snapshot_every_weeks\": %d,\n"
               "  \"streams\": [",
               o->scenario_hash, def->seed, def->run_index, o->ticks_run, o->snapshot_every_weeks);
    for (size_t i = 0; i < sizeof streams / sizeof streams[0]; i++) {
        sgf_rng r;
        sgf_rng_derive(&r, def->seed, def->run_index, (uint32_t)streams[i].purpose);
        out_printf(o, F,
                   "%s\n    {\"purpose\": \"%s\", \"id\": %d, \"state\": \"0x%016" PRIx64
                   "\", \"inc\": \"0x%016" PRIx64 "\"}",
                   i ? "," : "", streams[i].name, (int)streams[i].purpose, r.state, r.inc);
    }
    out_puts(o, F, "\n  ],\n  \"files\": [");
    bool first = true;
    for (int i = 0; i < OUT_FILE_COUNT; i++) {
        if (!o->files[i].wanted) continue;
        out_printf(o, F, "%s\"%s\"", first ? "" : ", ", out_file_names[i]);
        first = false;
    }
    out_puts(o, F, "],\n  \"parameters\": ");
    if (o->status == SGF_OK) {
        errno = 0;
        sgf_scenario_write_json(o->files[F].f, def);
        if (ferror(o->files[F].f)) out_fail_errno(o, F, "write", errno);
    }
    out_puts(o, F, "\n}\n");
}

/* ---- public -------------------------------------------------------------------------- */

sgf_status sgf_output_open(const sgf_output_opts *opts, const sgf_world *w, sgf_output **out,
                           char *err, size_t err_size)
{
    assert(out && w && "sgf_output_open needs a world and a place for the output");
    *out = NULL;
    if (err_size) err[0] = '\0';
    if (!opts || !opts->dir || !opts->dir[0]) {
        if (err_size) snprintf(err, err_size, "no output directory given");
        return SGF_ERR_USAGE;
    }
    sgf_output *o = sgf_calloc(1, sizeof *o);
    if (!o) {
        if (err_size) snprintf(err, err_size, "out of memory");
        return SGF_ERR_NOMEM;
    }
    const sgf_world_def *def = sgf_world_def_of(w);
    o->dir = str_dup(opts->dir);
    o->scenario_name = str_dup(opts->scenario_name ? opts->scenario_name : "");
    o->version = str_dup(opts->version ? opts->version : SGF_VERSION);
    o->scenario_hash = opts->scenario_hash;
    o->snapshot_every_weeks = def->output.snapshot_every_weeks;
    o->last_snapshot_tick = -1;
    if (!o->dir || !o->scenario_name || !o->version) {
        out_fail_nomem(o);
        goto fail;
    }
    for (size_t len = strlen(o->dir); len > 1 && o->dir[len - 1] == '/';) o->dir[--len] = '\0';
    for (int i = 0; i < OUT_FILE_COUNT; i++) {
        out_file *of = &o->files[i];
        of->tmp_path = path_join(o->dir, ".", out_file_names[i], ".tmp");
        of->final_path = path_join(o->dir, "", out_file_names[i], "");
        if (!of->tmp_path || !of->final_path) {
            out_fail_nomem(o);
            goto fail;
        }
        of->wanted = true;
    }
    o->files[OUT_TIMESERIES].wanted = def->output.timeseries;
    o->files[OUT_MARKETS].wanted = def->output.timeseries;
    o->files[OUT_NETWORK_JSONL].wanted = def->output.network;
    o->files[OUT_NETWORK_GEXF].wanted = def->output.network;

    /* A directory that exists must be empty, or the caller must say --force. */
    struct stat st;
    if (stat(o->dir, &st) == 0 && S_ISDIR(st.st_mode)) {
        int e = 0;
        bool empty = dir_is_empty(o->dir, &e);
        if (e) {
            out_fail(o, SGF_ERR_IO, "cannot read output directory %s: %s", o->dir, strerror(e));
            goto fail;
        }
        if (!empty && !opts->force) {
            out_fail(o, SGF_ERR_EXISTS,
                     "output directory %s exists and is not empty; use --force to overwrite "
                     "its files, or choose another with --out",
                     o->dir);
            goto fail;
        }
        /* An old manifest would claim the new, unfinished files complete. */
        errno = 0;
        if (unlink(o->files[OUT_MANIFEST].final_path) != 0 && errno != ENOENT) {
            out_fail_errno(o, OUT_MANIFEST, "remove the old", errno);
            goto fail;
        }
    } else {
        make_dirs(o);
        if (o->status != SGF_OK) goto fail;
    }

    if (o->files[OUT_TIMESERIES].wanted) {
        open_tmp(o, OUT_TIMESERIES);
        if (o->status == SGF_OK)
            write_table_header(o, OUT_TIMESERIES, sgf_metric_table, sgf_metric_count);
        open_tmp(o, OUT_MARKETS);
        write_column_header(o, OUT_MARKETS, sgf_markets_columns, SGF_MKT_COLUMN_COUNT);
    }
    open_tmp(o, OUT_EVENTS);
    write_column_header(o, OUT_EVENTS, sgf_events_columns, sgf_events_column_count);
    if (def->output.network) {
        /* the net as it starts, then every snapshot_every_weeks weeks and at the end */
        open_tmp(o, OUT_NETWORK_JSONL);
        if (o->status == SGF_OK) add_firm_node(o, w);
        track_nodes(o, w, sgf_world_tick(w));
        if (o->status == SGF_OK) snapshot(o, w, sgf_world_tick(w));
    }
    if (o->status != SGF_OK) goto fail;
    *out = o;
    return SGF_OK;

fail:;
    sgf_status status = o->status;
    if (err_size) snprintf(err, err_size, "%s", o->err);
    discard(o);
    out_free(o);
    return status;
}

/* A number that is not finite means the model left its valid range (an
 * event compounded beyond what a float holds, say). Written out it would
 * make files that look like a result and are not, so the run fails instead
 * and the files are discarded. */
static void check_finite(sgf_output *o, const sgf_metric_info *table, int count, const void *row,
                         const char *what, int tick)
{
    for (int i = 0; i < count && o->status == SGF_OK; i++) {
        double v = *(const double *)(const void *)((const char *)row + table[i].offset);
        if (isnan(v) && table[i].empty[0]) continue; /* "never", "not applicable" */
        if (!isfinite(v))
            out_fail(o, SGF_ERR_INVARIANT,
                     "week %d: %s %s is %s: the scenario drives the model out of its valid "
                     "range (sgf run --check stops at the first invariant it breaks)",
                     tick, what, table[i].name, isnan(v) ? "NaN" : "infinite");
    }
}

sgf_status sgf_output_tick(sgf_output *o, const sgf_world *w)
{
    assert(o && w && "sgf_output_tick needs the output from sgf_output_open and its world");
    if (o->status != SGF_OK) return o->status;
    int tick = sgf_world_tick(w);
    check_finite(o, sgf_metric_table, sgf_metric_count, sgf_world_metrics(w), "metric", tick);
    if (o->status != SGF_OK) return o->status;
    if (o->files[OUT_TIMESERIES].f)
        write_table_row(o, OUT_TIMESERIES, sgf_metric_table, sgf_metric_count,
                        sgf_world_metrics(w));
    if (o->files[OUT_MARKETS].f) write_markets(o, w);
    write_events(o, w);
    if (o->files[OUT_NETWORK_JSONL].f) {
        track_nodes(o, w, tick);
        if (o->snapshot_every_weeks > 0 && tick % o->snapshot_every_weeks == 0)
            snapshot(o, w, tick);
    }
    o->ticks_run++;
    return o->status;
}

static void finish(sgf_output *o, const sgf_world *w)
{
    if (o->files[OUT_NETWORK_JSONL].f) {
        int tick = sgf_world_tick(w);
        if (o->last_snapshot_tick != tick) {
            track_nodes(o, w, tick);
            snapshot(o, w, tick);
        }
        open_tmp(o, OUT_NETWORK_GEXF);
        write_gexf(o, w);
    }
    open_tmp(o, OUT_SUMMARY);
    if (o->status == SGF_OK) {
        sgf_summary sum;
        sgf_world_summary(w, &sum);
        check_finite(o, sgf_summary_table, sgf_summary_count, &sum, "summary value",
                     sgf_world_tick(w));
        write_summary(o, w, &sum);
    }
    /* Close all the data files before renaming any, then the manifest. */
    for (int i = 0; i < OUT_MANIFEST; i++) close_tmp(o, i);
    for (int i = 0; i < OUT_MANIFEST; i++)
        if (o->files[i].wanted) rename_into_place(o, i);
    open_tmp(o, OUT_MANIFEST);
    write_manifest(o, w);
    close_tmp(o, OUT_MANIFEST);
    rename_into_place(o, OUT_MANIFEST);
    if (o->status == SGF_OK) { /* make the renames durable too */
        int fd = open(o->dir, O_RDONLY | O_DIRECTORY);
        if (fd >= 0) {
            (void)fsync(fd);
            close(fd);
        }
    }
}

sgf_status sgf_output_close(sgf_output *o, const sgf_world *w, bool ok)
{
    if (!o) return SGF_OK;
    if (ok && o->status == SGF_OK) finish(o, w);
    sgf_status status = o->status;
    if (!ok || status != SGF_OK) discard(o);
    snprintf(last_close_error, sizeof last_close_error, "%s", o->err);
    out_free(o);
    return status;
}

const char *sgf_output_error(const sgf_output *o)
{
    return o ? o->err : last_close_error;
}

uint64_t sgf_def_hash(const sgf_world_def *def)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f) return 0;
    sgf_scenario_write_json(f, def);
    bool ok = !ferror(f);
    if (fclose(f) != 0) ok = false;
    uint64_t h = 0xcbf29ce484222325u; /* FNV-1a 64 */
    for (size_t i = 0; ok && i < len; i++) {
        h ^= (unsigned char)text[i];
        h *= 0x100000001b3u;
    }
    free(text); /* open_memstream allocates with malloc */
    return ok ? h : 0;
}
