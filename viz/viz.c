/* viz.c: `sgf view`, a session with one world at a time (see sgf_viz.h).
 *
 * A session builds a world from its definition, opens the same output files
 * as `sgf run` and then steps the world in a frame loop:
 *
 *   window    frames at a fixed budget (60 per second); the simulation owes
 *             speed x elapsed weeks and gets at most 8 ms of each frame, so
 *             drawing stays smooth at any speed and a slow week only slows
 *             the simulation; input between frames
 *   headless  a software renderer on a surface (no display, no video
 *             subsystem); a frame every K weeks from week 0, written as
 *             frame_00000.png, frame_00001.png, ... into the output directory
 *
 * One week, in order: the previous week's outputs are written, the world is
 * stepped, injections the replay file holds for this week are applied, and
 * the viewer records the week (charts, ticker, node history, layout
 * targets). Writing a week's outputs just before the next step, not right
 * after its own, lets an injection made between weeks land in events.csv
 * under the week after which it was applied, like every other event; the
 * same order in a replay gives byte-identical files. Without injections the
 * files equal `sgf run`'s for the same scenario, settings and seed.
 *
 * The viewer draws its jitter from SGF_STREAM_VIEWER only, and restarts with
 * seed + 1, never with the clock, so every session is reproducible.
 */
#define _POSIX_C_SOURCE 200809L

#include <SDL_image.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "viz.h"

static volatile sig_atomic_t interrupted = 0;

static void on_interrupt(int sig)
{
    (void)sig;
    interrupted = 1;
}

sgf_viz_opts sgf_viz_opts_default(void)
{
    sgf_viz_opts o;
    memset(&o, 0, sizeof o);
    o.scenario_name = "<default>";
    o.frames = 1;
    o.every = 1;
    o.width = 1280;
    o.height = 800;
    o.layout = VIZ_LAYOUT_CHAIN;
    return o;
}

bool sgf_viz_parse_u64(const char *text, uint64_t *out)
{
    if (!text || !*text) return false;
    uint64_t v = 0;
    for (const char *s = text; *s; s++) {
        if (*s < '0' || *s > '9') return false;
        unsigned d = (unsigned)(*s - '0');
        if (v > (UINT64_MAX - d) / 10) return false;
        v = v * 10 + d;
    }
    *out = v;
    return true;
}

void viz_message(sgf_viz *v, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(v->message, sizeof v->message, fmt, ap);
    va_end(ap);
    v->message_time = 4.0f;
}

int viz_node_by_uid(const sgf_viz *v, uint32_t uid)
{
    int dead = -1;
    if (uid == 0) return -1;
    for (int i = 0; i < v->node_count; i++)
        if (v->nodes[i].uid == uid) {
            if (v->nodes[i].alive) return i;
            dead = i;
        }
    return dead;
}

void viz_track_selection(sgf_viz *v)
{
    sgf_partner_view now;
    if (!viz_selected_partner(v, &now)) return;
    v->sel_last = now;
    snprintf(v->sel_last_name, sizeof v->sel_last_name, "%s", now.name);
    v->sel_last.name = v->sel_last_name;
}

int viz_now_tick(const sgf_viz *v)
{
    return v->live_tick >= 0 ? v->live_tick : sgf_world_tick(v->w);
}

int viz_shown_tick(const sgf_viz *v)
{
    int now = viz_now_tick(v);
    return v->scrub_tick >= 0 && v->scrub_tick < now ? v->scrub_tick : now;
}

const sgf_metrics *viz_metrics_at(const sgf_viz *v, int tick)
{
    if (tick >= 0 && tick < v->mhist_count && tick < sgf_world_tick(v->w)) return &v->mhist[tick];
    return sgf_world_metrics(v->w);
}

bool viz_selected_partner(const sgf_viz *v, sgf_partner_view *out)
{
    if (v->sel_kind != VIZ_SEL_PARTNER) return false;
    int n = viz_node_by_uid(v, v->sel_uid);
    if (n < 0 || !v->nodes[n].alive) return false;
    sgf_partner_view p;
    if (!sgf_world_partner(v->w, v->nodes[n].index, &p) || p.uid != v->sel_uid) return false;
    if (out) *out = p;
    return true;
}

static void run_actions(sgf_viz *v);
static int selected_slot(const sgf_viz *v);

/* ---- output directory ------------------------------------------------------------------ */

/* out/NAME-seedN-view (as `sgf run` names its directory, plus -view), or the
 * user's DIR; after a restart DIR-seedN. */
/* Is there nothing at path, or an empty directory? */
static bool path_free(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) return errno == ENOENT;
    if (!S_ISDIR(st.st_mode)) return false;
    DIR *d = opendir(path);
    if (!d) return false;
    struct dirent *e;
    bool empty = true;
    while (empty && (e = readdir(d)) != NULL)
        empty = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
    closedir(d);
    return empty;
}

/* BASE if it is free, else BASE-2, BASE-3, ...: a session never replaces an
 * earlier one's files (its injected.cfg is the only record of its what-ifs). */
static void numbered(char *buf, size_t size, const char *base)
{
    snprintf(buf, size, "%s", base);
    for (int k = 2; !path_free(buf) && k < 100000; k++) snprintf(buf, size, "%s-%d", base, k);
}

/* out/NAME-seedN-view (as `sgf run` names its directory, plus -view), or the
 * user's DIR; after a restart DIR-seedN. The viewer's own names are
 * numbered when taken; the user's DIR must be empty unless --force. */
static void run_dir_name(const sgf_viz *v, bool restarted, char *buf, size_t size, bool *force)
{
    char base[4096];
    if (v->opts.out_dir && v->opts.out_dir[0]) {
        if (restarted) {
            snprintf(base, sizeof base, "%s-seed%llu", v->opts.out_dir,
                     (unsigned long long)v->def.seed);
            numbered(buf, size, base);
            *force = false;
        } else {
            snprintf(buf, size, "%s", v->opts.out_dir);
            *force = v->opts.force;
        }
        return;
    }
    char name[SGF_NAME_MAX];
    size_t n = 0;
    for (const char *s = v->def.name; *s && n + 1 < sizeof name; s++) {
        char c = *s;
        bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.';
        name[n++] = safe ? c : '_';
    }
    name[n] = '\0';
    if (n == 0 || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
        snprintf(name, sizeof name, "run");
    snprintf(base, sizeof base, "out/%s-seed%llu-view", name, (unsigned long long)v->def.seed);
    numbered(buf, size, base);
    *force = false;
}

static void write_replay(sgf_viz *v)
{
    if (v->out_closed || !v->out) return;
    char err[512];
    if (sgf_viz_replay_write(v->run_dir, &v->opts, &v->def, v->injections, v->injection_count, err,
                             sizeof err) != SGF_OK ||
        sgf_viz_session_write(v->run_dir, &v->opts, &v->def, v->injections, v->injection_count, err,
                              sizeof err) != SGF_OK) {
        fprintf(stderr, "sgf view: %s\n", err);
        viz_message(v, "%s", err);
        v->failed = true;
    }
}

/* Writes the outputs of the last week simulated, if not yet written. */
static void flush_output(sgf_viz *v)
{
    if (!v->out_pending || !v->out) return;
    v->out_pending = false;
    if (sgf_output_tick(v->out, v->w) != SGF_OK) {
        fprintf(stderr, "sgf view: %s\n", sgf_output_error(v->out));
        viz_message(v, "output failed: %s", sgf_output_error(v->out));
        sgf_output_close(v->out, v->w, false);
        v->out = NULL;
        v->out_closed = true;
        v->failed = true;
    }
}

static void close_output(sgf_viz *v, bool ok)
{
    if (!v->out) return;
    if (ok) flush_output(v);
    if (!v->out) return;
    sgf_status st = sgf_output_close(v->out, v->w, ok && !v->failed);
    v->out = NULL;
    v->out_closed = true;
    if (st != SGF_OK) {
        fprintf(stderr, "sgf view: %s\n", sgf_output_error(NULL));
        v->failed = true;
    }
}

/* ---- weeks --------------------------------------------------------------------------- */

/* The duration of a logged event: the injection's or the scenario's of
 * that name (the record says "injected NAME" or "scheduled NAME"). */
static int event_duration(const sgf_viz *v, const sgf_event_record *e)
{
    const char *name = strncmp(e->detail, "injected ", 9) == 0     ? e->detail + 9
                       : strncmp(e->detail, "scheduled ", 10) == 0 ? e->detail + 10
                                                                   : NULL;
    if (!name) return 0;
    for (int i = v->injection_count - 1; i >= 0; i--)
        if (strcmp(v->injections[i].event.name, name) == 0)
            return v->injections[i].event.duration_weeks;
    const sgf_world_def *def = sgf_world_def_of(v->w);
    for (int i = 0; i < def->event_count; i++)
        if (strcmp(def->events[i].name, name) == 0) return def->events[i].duration_weeks;
    return 0;
}

/* Shocks and moves the picture keeps showing while they last. */
static void track_shock(sgf_viz *v, const sgf_event_record *e)
{
    const sgf_world_def *def = sgf_world_def_of(v->w);
    if (e->internal == SGF_LOG_RELOCATION) {
        const char *from = strstr(e->detail, "from ");
        int a = from ? sgf_world_def_market_index(def, from + 5) : -1;
        int b = sgf_world_def_market_index(def, e->target);
        if (a < 0 || b < 0) return;
        if (v->move_count == VIZ_MOVES) {
            memmove(&v->moves[0], &v->moves[1], sizeof v->moves[0] * (VIZ_MOVES - 1));
            v->move_count--;
        }
        v->moves[v->move_count++] = (viz_move){a, b, e->tick};
        return;
    }
    if (e->internal == SGF_LOG_RECOVERY) {
        for (int k = 0; k < v->shock_count; k++) {
            viz_shock *sh = &v->shocks[k];
            bool same_target = e->target[0] ? strcmp(sh->target, e->target) == 0 : sh->uid != 0;
            if (sh->kind == e->kind && same_target) {
                memmove(sh, sh + 1, sizeof *sh * (size_t)(v->shock_count - k - 1));
                v->shock_count--;
                return;
            }
        }
        return;
    }
    if (e->internal != SGF_LOG_EVENT) return;
    if (e->kind != SGF_EV_DEMAND_SHOCK && e->kind != SGF_EV_CAPACITY_LOSS &&
        e->kind != SGF_EV_LABOUR_COST_CHANGE && e->kind != SGF_EV_TARIFF_CHANGE &&
        e->kind != SGF_EV_TECHNOLOGY_SHIFT)
        return;
    if (v->shock_count == VIZ_SHOCKS) {
        memmove(&v->shocks[0], &v->shocks[1], sizeof v->shocks[0] * (VIZ_SHOCKS - 1));
        v->shock_count--;
    }
    viz_shock *sh = &v->shocks[v->shock_count++];
    memset(sh, 0, sizeof *sh);
    sh->kind = e->kind;
    snprintf(sh->target, sizeof sh->target, "%s", e->target);
    sh->market = e->target[0] ? sgf_world_def_market_index(def, e->target) : -1;
    if (sh->market < 0 && strcmp(e->target, "firm") != 0) {
        int n = viz_node_find_name(v, e->target);
        if (n >= 0 && v->nodes[n].alive) sh->uid = v->nodes[n].uid;
    }
    int d = event_duration(v, e);
    sh->start = e->tick;
    sh->end = d > 0 ? e->tick + d : -(e->tick + 26); /* negative: lasting, shown 26 weeks */
    char words[200];
    sgf_event_record plain = *e;
    plain.detail[0] = '\0'; /* no "(your what-if)" in the banner */
    viz_event_words(&plain, def, words, sizeof words);
    char *cut = strstr(words, "  (");
    if (cut) *cut = '\0';
    if (d > 0)
        snprintf(sh->text, sizeof sh->text, "%.120s, weeks %d-%d", words, e->tick + 1, e->tick + d);
    else
        snprintf(sh->text, sizeof sh->text, "%.120s, since week %d", words, e->tick + 1);
}

static void expire_shocks(sgf_viz *v)
{
    int tick = sgf_world_tick(v->w);
    for (int k = 0; k < v->shock_count;) {
        int end = v->shocks[k].end;
        if ((end >= 0 && tick > end) || (end < 0 && tick > -end)) {
            memmove(&v->shocks[k], &v->shocks[k + 1],
                    sizeof v->shocks[0] * (size_t)(v->shock_count - k - 1));
            v->shock_count--;
        } else {
            k++;
        }
    }
    for (int k = 0; k < v->move_count;) {
        if (tick - v->moves[k].tick > 52) {
            memmove(&v->moves[k], &v->moves[k + 1],
                    sizeof v->moves[0] * (size_t)(v->move_count - k - 1));
            v->move_count--;
        } else {
            k++;
        }
    }
}

/* Ticker lines and flashes for the log records not yet seen. */
static void process_log(sgf_viz *v)
{
    int n = 0;
    const sgf_event_record *recs = sgf_world_events(v->w, &n);
    const sgf_world_def *def = sgf_world_def_of(v->w);
    for (int k = v->log_seen; k < n; k++) {
        const sgf_event_record *e = &recs[k];
        track_shock(v, e);
        if (!viz_event_shown(e)) continue;
        SDL_Color col = viz_event_color(e);
        if (v->log_count == v->log_cap && v->log_cap < VIZ_LOG_MAX) {
            int cap = v->log_cap ? v->log_cap * 2 : 1024;
            if (cap > VIZ_LOG_MAX) cap = VIZ_LOG_MAX;
            viz_ticker_line *l = realloc(v->log, sizeof *l * (size_t)cap);
            if (l) v->log = l, v->log_cap = cap;
        }
        if (v->log_count == v->log_cap) { /* full: the oldest half goes */
            if (v->log_cap == 0) continue;
            int half = v->log_count / 2;
            memmove(v->log, v->log + half, sizeof *v->log * (size_t)(v->log_count - half));
            v->log_count -= half;
        }
        viz_ticker_line *t = &v->log[v->log_count++];
        t->tick = e->tick;
        t->color = col;
        /* a scheduled or injected event is marked once: a partner_exit or
         * key_person one has no record of its own, only its partners'
         * records that name it (events.csv's `event`) */
        bool named =
            e->event[0] && !(v->mark_count > 0 && v->marks[v->mark_count - 1].tick == e->tick &&
                             strcmp(v->marks[v->mark_count - 1].event, e->event) == 0);
        t->mark = e->internal == SGF_LOG_EVENT || e->internal == SGF_LOG_RELOCATION ||
                  e->internal == SGF_LOG_FAILURE || named;
        snprintf(t->event, sizeof t->event, "%s", e->event);
        char words[200];
        viz_event_words(e, def, words, sizeof words);
        snprintf(t->text, sizeof t->text, "week %d  %.140s", e->tick, words);
        if (t->mark && v->mark_count < VIZ_LOG_MAX) {
            if (v->mark_count == v->mark_cap) {
                int cap = v->mark_cap ? v->mark_cap * 2 : 64;
                viz_ticker_line *mk = realloc(v->marks, sizeof *mk * (size_t)cap);
                if (mk) v->marks = mk, v->mark_cap = cap;
            }
            if (v->mark_count < v->mark_cap) v->marks[v->mark_count++] = *t;
        }
        float flash = e->internal == SGF_LOG_RECOVERY || v->quiet_flashes ? 0.0f : 1.5f;
        if (flash <= 0.0f) continue;
        int m = e->target[0] ? sgf_world_def_market_index(def, e->target) : -1;
        int node = -1;
        if (m >= 0 && m < v->market_cap)
            v->market_flash[m] = flash;
        else if (!e->target[0] || strcmp(e->target, "firm") == 0)
            v->focal_flash = flash;
        else if ((node = viz_node_find_name(v, e->target)) >= 0) {
            v->nodes[node].flash = flash;
            v->nodes[node].flash_color = col;
        } else if (e->internal == SGF_LOG_EVENT) {
            v->focal_flash = flash; /* a role-wide event */
        }
    }
    v->log_seen = n;
}

static void record_week(sgf_viz *v)
{
    int tick = sgf_world_tick(v->w);
    if (tick >= v->mhist_cap) {
        int cap = v->mhist_cap ? v->mhist_cap * 2 : 256;
        while (cap <= tick) cap *= 2;
        sgf_metrics *m = realloc(v->mhist, sizeof *m * (size_t)cap);
        if (!m) {
            v->failed = true;
            return;
        }
        v->mhist = m;
        v->mhist_cap = cap;
    }
    v->mhist[tick] = *sgf_world_metrics(v->w);
    v->mhist_count = tick + 1;
}

static bool apply_injection(sgf_viz *v, const sgf_event_def *ev)
{
    sgf_status st = sgf_world_inject(v->w, ev);
    if (st != SGF_OK) {
        viz_message(v, "could not inject %s: %s", sgf_event_kind_name(ev->kind),
                    sgf_status_message(st));
        return false;
    }
    if (v->injection_count == v->injection_cap) {
        int cap = v->injection_cap ? v->injection_cap * 2 : 16;
        sgf_viz_injection *p = realloc(v->injections, sizeof *p * (size_t)cap);
        if (!p) {
            viz_message(v, "out of memory recording the injection");
            v->failed = true;
            return false;
        }
        v->injections = p;
        v->injection_cap = cap;
    }
    v->injections[v->injection_count++] = (sgf_viz_injection){sgf_world_tick(v->w), *ev};
    write_replay(v);
    process_log(v);
    if (!viz_layout_sync(v)) v->failed = true;
    return true;
}

/* band_rows as week `tick` ended, for a rebuild of that week. */
static void record_rows(sgf_viz *v, int tick)
{
    if (tick >= v->rows_hist_cap) {
        int cap = v->rows_hist_cap ? v->rows_hist_cap * 2 : 256;
        while (cap <= tick) cap *= 2;
        int16_t(*r)[SGF_ROLE_COUNT] = realloc(v->rows_hist, sizeof *r * (size_t)cap);
        if (!r) return; /* a rebuild then finds its own rows */
        v->rows_hist = r;
        v->rows_hist_cap = cap;
    }
    for (int k = 0; k < SGF_ROLE_COUNT; k++) v->rows_hist[tick][k] = (int16_t)v->band_rows[k];
    v->rows_hist_count = tick + 1;
}

static void step_once(sgf_viz *v)
{
    if (v->finished) return;
    v->scrub_tick = -1;
    record_rows(v, sgf_world_tick(v->w));
    flush_output(v);
    sgf_status st = sgf_world_step(v->w);
    if (st != SGF_OK) {
        const char *why = sgf_world_error(v->w);
        fprintf(stderr, "sgf view: %s%s%s\n", sgf_status_message(st), why && why[0] ? ": " : "",
                why ? why : "");
        viz_message(v, "%s: %s", sgf_status_message(st), why ? why : "");
        close_output(v, false);
        v->failed = true;
        v->finished = true;
        return;
    }
    v->out_pending = v->out != NULL;
    v->log_seen = 0;
    int tick = sgf_world_tick(v->w);
    if (v->opts.headless) {
        /* a frame shows the flashes of its last four weeks, not of all K */
        int every = v->opts.every > 0 ? v->opts.every : 1;
        int next = (tick + every - 1) / every * every;
        v->quiet_flashes = next - tick >= 4;
    }
    record_week(v);
    expire_shocks(v);
    process_log(v);
    const sgf_viz_replay *r = v->opts.replay;
    while (r && v->replay_next < r->injection_count &&
           r->injections[v->replay_next].after_tick <= tick) {
        const sgf_viz_injection *inj = &r->injections[v->replay_next++];
        if (inj->after_tick == tick) apply_injection(v, &inj->event);
    }
    if (!viz_layout_sync(v)) {
        viz_message(v, "out of memory");
        v->failed = true;
    }
    run_actions(v);
    if (sgf_world_done(v->w)) {
        v->finished = true;
        v->paused = true;
        close_output(v, true);
        viz_message(v, "the run is complete; its files are in %s  (r: next seed)", v->run_dir);
    }
}

/* ---- looking back -------------------------------------------------------------------- */

/* Looking back at week M rebuilds the session up to M: a second world from
 * the same definition, stepped to M with the session's injections after the
 * weeks they were made (as --replay does, which reproduces a run byte for
 * byte), with a net of its own (nodes, seats, labels, node history, status)
 * synced week by week as the live one was. While a frame is drawn or the net
 * is clicked, swap_past exchanges that net with the live one, so every panel
 * reads week M: the role bands, the inspector, the table, the status lines,
 * the colours and the legend; the charts, the ticker and the timeline keep
 * the live session's record of the whole run. The rebuild is kept: looking
 * further forward steps it on, looking further back builds it again from
 * week 0. The weeks on the way sync only the seats (who sits where, which
 * depends on every week); week M gets its targets once, with the rows its
 * bands had when week M ended (rows_hist). The state of week M is the one
 * after its step, before any what-if made after it. */

static void past_destroy(sgf_viz *p)
{
    if (!p) return;
    sgf_world_destroy(p->w);
    free(p->nodes);
    free(p->slot_node);
    free(p->hist);
    free(p->hist_start);
    free(p->market_rot);
    free(p->market_flash);
    free(p->labels);
    free(p->log);
    free(p->marks);
    viz_layout_free(p);
    free(p);
}

/* The live session's view settings that the past's targets depend on;
 * true if any changed. */
static bool past_view(sgf_viz *p, const sgf_viz *v)
{
    bool changed = p->layout != v->layout || p->color_attr != v->color_attr ||
                   p->size_attr != v->size_attr ||
                   memcmp(&p->cam_target, &v->cam_target, sizeof p->cam_target) != 0 ||
                   memcmp(&p->chain_h, &v->chain_h, sizeof p->chain_h) != 0;
    p->layout = v->layout;
    p->color_attr = v->color_attr;
    p->size_attr = v->size_attr;
    p->cam = v->cam_target;
    p->cam_target = v->cam_target;
    p->cam_easing = false;
    p->chain_h = v->chain_h;
    p->canvas_w = v->canvas_w;
    p->canvas_h = v->canvas_h;
    p->map_stretch = v->map_stretch;
    p->width = v->width;
    p->height = v->height;
    p->panels = v->panels;
    return changed;
}

static sgf_viz *past_new(const sgf_viz *v)
{
    sgf_viz *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    p->is_past = true;
    p->opts = v->opts;
    p->opts.replay = NULL;
    p->opts.script = NULL;
    p->scrub_tick = -1;
    p->live_tick = -1;
    p->past_full_tick = -1;
    p->quiet_flashes = true;
    p->viewer_rng = v->viewer_rng;
    p->sel_kind = v->sel_kind; /* its last state, if it leaves before the week looked at */
    p->sel_uid = v->sel_uid;
    for (int r = 0; r < SGF_ROLE_COUNT; r++) p->role_gone_tick[r] = -1;
    past_view(p, v);
    int mc = v->market_cap > 0 ? v->market_cap : 1;
    p->market_rot = malloc(sizeof *p->market_rot * (size_t)mc);
    p->market_flash = calloc((size_t)mc, sizeof *p->market_flash);
    if (!p->market_rot || !p->market_flash || sgf_world_create(&v->def, &p->w) != SGF_OK) {
        past_destroy(p);
        return NULL;
    }
    if (v->market_cap > 0)
        memcpy(p->market_rot, v->market_rot, sizeof *p->market_rot * (size_t)v->market_cap);
    p->market_cap = v->market_cap;
    p->seats_only = true;
    if (!viz_layout_sync(p)) {
        past_destroy(p);
        return NULL;
    }
    return p;
}

/* v->past at week `target` (< the live week), its net synced. */
static bool past_goto(sgf_viz *v, int target)
{
    sgf_viz *p = v->past;
    if (p && sgf_world_tick(p->w) > target) {
        past_destroy(p);
        v->past = p = NULL;
    }
    if (!p && !(v->past = p = past_new(v))) return false;
    bool changed = past_view(p, v);
    while (sgf_world_tick(p->w) < target) {
        int t = sgf_world_tick(p->w);
        /* the what-ifs made after week t, as the live session applied them */
        while (p->replay_next < v->injection_count &&
               v->injections[p->replay_next].after_tick <= t) {
            const sgf_viz_injection *inj = &v->injections[p->replay_next++];
            if (inj->after_tick != t) continue;
            if (sgf_world_inject(p->w, &inj->event) != SGF_OK) return false;
            process_log(p);
            if (!viz_layout_sync(p)) return false;
        }
        if (sgf_world_step(p->w) != SGF_OK) return false;
        p->log_seen = 0;
        expire_shocks(p);
        process_log(p);
        p->seats_only = true;
        if (!viz_layout_sync(p)) return false;
        p->past_full_tick = -1;
    }
    if (p->past_full_tick != target || changed) {
        if (target < v->rows_hist_count)
            for (int r = 0; r < SGF_ROLE_COUNT; r++) p->band_rows[r] = v->rows_hist[target][r];
        p->seats_only = false;
        if (!viz_layout_sync(p)) return false;
        viz_layout_snap(p);
        p->past_full_tick = target;
    }
    return true;
}

/* Exchanges the net of the week shown between the live session and its
 * rebuilt past (the fields viz.h marks). */
static void swap_past(sgf_viz *v, sgf_viz *p)
{
#define SWAP_FIELD(f)                                                                              \
    do {                                                                                           \
        unsigned char tmp_[sizeof v->f];                                                           \
        memcpy(tmp_, &v->f, sizeof tmp_);                                                          \
        memcpy(&v->f, &p->f, sizeof tmp_);                                                         \
        memcpy(&p->f, tmp_, sizeof tmp_);                                                          \
    } while (0)
    SWAP_FIELD(w);
    SWAP_FIELD(nodes);
    SWAP_FIELD(node_count);
    SWAP_FIELD(node_cap);
    SWAP_FIELD(slot_node);
    SWAP_FIELD(hist);
    SWAP_FIELD(hist_start);
    SWAP_FIELD(slot_cap);
    SWAP_FIELD(focal_ax);
    SWAP_FIELD(focal_ay);
    SWAP_FIELD(focal_tax);
    SWAP_FIELD(focal_tay);
    SWAP_FIELD(max_flow_up);
    SWAP_FIELD(max_flow_down);
    SWAP_FIELD(attr_lo);
    SWAP_FIELD(attr_hi);
    SWAP_FIELD(labels);
    SWAP_FIELD(label_count);
    SWAP_FIELD(label_cap);
    SWAP_FIELD(seats_chain);
    SWAP_FIELD(seats_map);
    SWAP_FIELD(band_rows);
    SWAP_FIELD(role_seen);
    SWAP_FIELD(role_gone_tick);
    SWAP_FIELD(bottleneck);
    SWAP_FIELD(shocks);
    SWAP_FIELD(shock_count);
    SWAP_FIELD(moves);
    SWAP_FIELD(move_count);
    SWAP_FIELD(sel_last);
    SWAP_FIELD(sel_last_name);
#undef SWAP_FIELD
    v->sel_last.name = v->sel_last_name; /* each points at its own copy */
    p->sel_last.name = p->sel_last_name;
}

/* Swaps the past in if the timeline looks back (rebuilding it as needed);
 * false if it does not (or the rebuild failed: back to now, with a message). */
static bool past_enter(sgf_viz *v)
{
    if (v->scrub_tick < 0 || !v->w || v->live_tick >= 0) return false;
    int now = sgf_world_tick(v->w);
    if (v->scrub_tick >= now) {
        v->scrub_tick = -1;
        return false;
    }
    if (!past_goto(v, v->scrub_tick)) {
        past_destroy(v->past);
        v->past = NULL;
        v->scrub_tick = -1;
        viz_message(v, "cannot look back: out of memory");
        return false;
    }
    swap_past(v, v->past);
    v->live_tick = now;
    return true;
}

static void past_leave(sgf_viz *v, bool entered)
{
    if (!entered) return;
    swap_past(v, v->past);
    v->live_tick = -1;
}

/* ---- live what-ifs ------------------------------------------------------------------- */

enum { WHATIF_DEFECT, WHATIF_KEY_PERSON, WHATIF_CAPACITY, WHATIF_COST, WHATIF_DEMAND, WHATIF_TECH };

static void whatif(sgf_viz *v, int what)
{
    static const char *const short_names[] = {"defect",    "key person leaves", "capacity loss",
                                              "cost rise", "demand shock",      "technology shift"};
    if (v->finished) {
        viz_message(v, "the run is over; r restarts with the next seed");
        return;
    }
    if (sgf_world_tick(v->w) < 1) {
        viz_message(v, "what-ifs apply between weeks: step once first (.)");
        return;
    }
    const sgf_world_def *def = sgf_world_def_of(v->w);
    sgf_event_def ev = sgf_event_def_default();
    ev.at_tick = sgf_world_tick(v->w);
    sgf_partner_view sel;
    const sgf_partner_view *p = viz_selected_partner(v, &sel) ? &sel : NULL;
    int market = v->sel_kind == VIZ_SEL_MARKET ? v->sel_index : p ? p->market : -1;
    if (market >= def->market_count) market = -1;
    char what_on[SGF_NAME_MAX] = "firm";
    switch (what) {
    case WHATIF_DEFECT:
    case WHATIF_KEY_PERSON:
    case WHATIF_CAPACITY:
        ev.kind = what == WHATIF_DEFECT       ? SGF_EV_PARTNER_EXIT
                  : what == WHATIF_KEY_PERSON ? SGF_EV_KEY_PERSON_CHANGE
                                              : SGF_EV_CAPACITY_LOSS;
        ev.magnitude = what == WHATIF_CAPACITY ? 0.5 : 1.0;
        ev.duration_weeks = what == WHATIF_CAPACITY ? 26 : 0;
        if (p) {
            const char *name = p->name;
            /* events find partners by name: it must point at this one */
            for (int i = sgf_world_partner_next(v->w, 0); i >= 0;
                 i = sgf_world_partner_next(v->w, i + 1))
                if (strcmp(sgf_world_partner_name(v->w, i), name) == 0) {
                    if (i != selected_slot(v)) {
                        viz_message(v, "another partner is also named '%s': select the country",
                                    name);
                        return;
                    }
                    break;
                }
            ev.target = SGF_TARGET_PARTNER;
            snprintf(ev.target_name, sizeof ev.target_name, "%s", name);
        } else if (v->sel_kind == VIZ_SEL_MARKET && market >= 0) {
            ev.target = SGF_TARGET_MARKET;
            snprintf(ev.target_name, sizeof ev.target_name, "%s", def->markets[market].iso);
        } else {
            viz_message(v, "%s: select a partner (click) or a country (shift+click) first",
                        short_names[what]);
            return;
        }
        break;
    case WHATIF_COST:
        if (market < 0) {
            viz_message(v, "cost rise: select a partner or a country first");
            return;
        }
        ev.kind = SGF_EV_LABOUR_COST_CHANGE;
        ev.target = SGF_TARGET_MARKET;
        ev.magnitude = 1.25;
        snprintf(ev.target_name, sizeof ev.target_name, "%s", def->markets[market].iso);
        break;
    case WHATIF_DEMAND:
        ev.kind = SGF_EV_DEMAND_SHOCK;
        ev.magnitude = 0.6;
        ev.duration_weeks = 26;
        if (market >= 0) {
            ev.target = SGF_TARGET_MARKET;
            snprintf(ev.target_name, sizeof ev.target_name, "%s", def->markets[market].iso);
        } else {
            ev.target = SGF_TARGET_FIRM; /* every market */
        }
        break;
    default:
        ev.kind = SGF_EV_TECHNOLOGY_SHIFT;
        ev.target = SGF_TARGET_FIRM;
        ev.magnitude = def->environment.tech_shift_size;
        break;
    }
    if (ev.target_name[0]) snprintf(what_on, sizeof what_on, "%s", ev.target_name);
    snprintf(ev.name, sizeof ev.name, "view %d: %s", v->injection_count + 1, short_names[what]);
    if (apply_injection(v, &ev))
        viz_message(v, "injected after week %d: %s on %s (recorded in injected.cfg)",
                    sgf_world_tick(v->w), short_names[what], what_on);
}

static void policy_apply(sgf_viz *v)
{
    viz_policy_row *r = &v->policy[v->policy_row];
    if (v->finished || sgf_world_tick(v->w) < 1) {
        viz_message(v, v->finished ? "the run is over; r restarts with the next seed"
                                   : "policy changes apply between weeks: step once first (.)");
        return;
    }
    sgf_event_def ev = sgf_event_def_default();
    ev.kind = r->kind;
    ev.target = SGF_TARGET_FIRM;
    ev.at_tick = sgf_world_tick(v->w);
    ev.new_value = r->pending;
    snprintf(ev.setting, sizeof ev.setting, "%s", r->setting);
    snprintf(ev.name, sizeof ev.name, "view %d: %s", v->injection_count + 1, r->setting);
    if (apply_injection(v, &ev)) {
        r->sent = r->pending;
        r->known = true;
        viz_message(v, "%s set to %g after week %d (recorded in injected.cfg)", r->label,
                    r->pending, sgf_world_tick(v->w));
    }
}

/* ---- --do: actions at given weeks ------------------------------------------------------ */

/* "WEEK ACTION; WEEK ACTION; ...", applied after WEEK was simulated (0: at
 * the start), before its frame: what a user does with keys and clicks, for
 * headless frames of a particular view and for tests.
 *   key K [K ...]    SDL key names ("Tab", "d", "Return", "shift+Tab")
 *   select WHAT      a partner by name, "firm", or "country ISO"
 *   zoom Z           zoom by Z around the centre of the net
 *   back N           the timeline: look back N weeks (0: live)
 *   close            what the window's close button does: SDL's close event
 *                    for the window, then its quit event (headless: stop) */
typedef struct viz_action {
    int tick;
    char text[160];
} viz_action;

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\n') s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n')) s[--n] = '\0';
    return s;
}

static bool key_of(const char *name, SDL_Keycode *key, bool *shift)
{
    *shift = strncmp(name, "shift+", 6) == 0;
    if (*shift) name += 6;
    *key = SDL_GetKeyFromName(name);
    return *key != SDLK_UNKNOWN;
}

/* Parses opts.script; on an error prints it and returns false. */
static bool parse_script(sgf_viz *v, const char *script)
{
    size_t len = strlen(script);
    char *copy = malloc(len + 1);
    if (!copy) return false;
    memcpy(copy, script, len + 1);
    bool ok = true;
    char *save = NULL;
    for (char *part = strtok_r(copy, ";", &save); part && ok; part = strtok_r(NULL, ";", &save)) {
        char *p = trim(part), *end = NULL;
        if (!*p) continue;
        long tick = strtol(p, &end, 10);
        char *act = end ? trim(end) : p;
        const char *why = NULL;
        if (end == p || tick < 0 || tick > 100000000)
            why = "does not start with a week number";
        else if (strncmp(act, "key ", 4) == 0) {
            char keys[160];
            snprintf(keys, sizeof keys, "%s", act + 4);
            char *ks = NULL;
            for (char *k = strtok_r(keys, " ", &ks); k && !why; k = strtok_r(NULL, " ", &ks)) {
                SDL_Keycode code;
                bool shift;
                if (!key_of(k, &code, &shift)) why = "names a key SDL does not know";
            }
        } else if (strncmp(act, "select ", 7) != 0 && strncmp(act, "zoom ", 5) != 0 &&
                   strncmp(act, "back ", 5) != 0 && strcmp(act, "close") != 0)
            why = "is not key, select, zoom, back or close";
        if (why) {
            fprintf(stderr, "sgf view: --do: '%s' %s (see docs/viewer.md)\n", p, why);
            ok = false;
            break;
        }
        viz_action *n = realloc(v->actions, sizeof *n * (size_t)(v->action_count + 1));
        if (!n) {
            ok = false;
            break;
        }
        v->actions = n;
        n[v->action_count].tick = (int)tick;
        snprintf(n[v->action_count].text, sizeof n->text, "%s", act);
        v->action_count++;
    }
    free(copy);
    return ok;
}

static void on_key(sgf_viz *v, const SDL_KeyboardEvent *k, bool *quit);
static void select_partner(sgf_viz *v, int slot);
static void zoom_at(sgf_viz *v, float factor, int mx, int my);

static void run_action(sgf_viz *v, const char *act)
{
    if (strncmp(act, "key ", 4) == 0) {
        char keys[160];
        snprintf(keys, sizeof keys, "%s", act + 4);
        char *ks = NULL;
        for (char *k = strtok_r(keys, " ", &ks); k; k = strtok_r(NULL, " ", &ks)) {
            SDL_KeyboardEvent e;
            memset(&e, 0, sizeof e);
            bool shift = false, quit = false;
            key_of(k, &e.keysym.sym, &shift);
            e.type = SDL_KEYDOWN;
            e.keysym.mod = shift ? KMOD_LSHIFT : KMOD_NONE;
            on_key(v, &e, &quit);
        }
    } else if (strncmp(act, "select ", 7) == 0) {
        bool past = past_enter(v); /* among the partners of the week shown */
        const char *what = act + 7;
        const sgf_world_def *def = sgf_world_def_of(v->w);
        if (strcmp(what, "firm") == 0) {
            v->sel_kind = VIZ_SEL_FIRM;
        } else if (strncmp(what, "country ", 8) == 0) {
            int m = sgf_world_def_market_index(def, what + 8);
            if (m >= 0) v->sel_kind = VIZ_SEL_MARKET, v->sel_index = m;
        } else {
            int found = -1;
            for (int i = sgf_world_partner_next(v->w, 0); i >= 0 && found < 0;
                 i = sgf_world_partner_next(v->w, i + 1))
                if (strcmp(sgf_world_partner_name(v->w, i), what) == 0) found = i;
            if (found >= 0)
                select_partner(v, found);
            else
                viz_message(v, "--do: no partner named '%s' in week %d", what,
                            sgf_world_tick(v->w));
        }
        past_leave(v, past);
    } else if (strncmp(act, "zoom ", 5) == 0) {
        float z = strtof(act + 5, NULL);
        if (z > 0.0f) {
            float cx = (float)v->cam.x + (float)v->cam.w * 0.5f,
                  cy = (float)v->cam.y + (float)v->cam.h * 0.5f;
            zoom_at(v, z, (int)cx, (int)cy);
        }
    } else if (strcmp(act, "close") == 0) {
        if (v->win) { /* the events a window manager's close button gives */
            SDL_Event e;
            memset(&e, 0, sizeof e);
            e.type = SDL_WINDOWEVENT;
            e.window.event = SDL_WINDOWEVENT_CLOSE;
            e.window.windowID = SDL_GetWindowID(v->win);
            SDL_PushEvent(&e);
            memset(&e, 0, sizeof e);
            e.type = SDL_QUIT;
            SDL_PushEvent(&e);
        } else {
            v->close_asked = true;
        }
    } else if (strncmp(act, "back ", 5) == 0) {
        int n = atoi(act + 5);
        int t = sgf_world_tick(v->w) - n;
        v->scrub_tick = n > 0 ? (t > 0 ? t : 0) : -1;
    }
}

static void run_actions(sgf_viz *v)
{
    int tick = sgf_world_tick(v->w);
    while (v->action_next < v->action_count && v->actions[v->action_next].tick <= tick) {
        const viz_action *a = &v->actions[v->action_next++];
        if (a->tick == tick) run_action(v, a->text);
    }
}

/* ---- session ------------------------------------------------------------------------- */

static void session_reset_view_state(sgf_viz *v)
{
    v->node_count = 0;
    for (int i = 0; i < v->slot_cap; i++) {
        v->slot_node[i] = -1;
        v->hist_start[i] = -1;
    }
    v->sel_kind = VIZ_SEL_NONE;
    v->log_count = 0;
    v->mark_count = 0;
    v->mhist_count = 0;
    v->injection_count = 0;
    v->replay_next = 0;
    v->log_seen = 0;
    v->finished = false;
    v->focal_flash = 0;
    for (int r = 0; r < SGF_ROLE_COUNT; r++) {
        v->role_seen[r] = false;
        v->role_gone_tick[r] = -1;
    }
    v->shock_count = 0;
    v->move_count = 0;
    viz_layout_reset(v);
    v->bottleneck.on = false;
    v->scrub_tick = -1;
    past_destroy(v->past); /* another session's past */
    v->past = NULL;
    v->rows_hist_count = 0;
}

/* Builds the world for v->def and opens its outputs. Returns an exit status
 * (0 on success). */
static int session_start(sgf_viz *v, bool restarted)
{
    sgf_status st = sgf_world_create(&v->def, &v->w);
    if (st != SGF_OK) {
        fprintf(stderr, "sgf view: cannot build the world: %s\n", sgf_status_message(st));
        return sgf_status_exit_code(st);
    }
    bool force = false;
    run_dir_name(v, restarted, v->run_dir, sizeof v->run_dir, &force);
    sgf_output_opts oo = {.dir = v->run_dir,
                          .force = force,
                          .scenario_name = v->opts.scenario_name,
                          .scenario_hash = sgf_def_hash(&v->def),
                          .version = SGF_VERSION};
    char err[1024];
    err[0] = '\0';
    st = sgf_output_open(&oo, v->w, &v->out, err, sizeof err);
    if (st != SGF_OK) {
        fprintf(stderr, "sgf view: %s\n", err[0] ? err : sgf_status_message(st));
        sgf_world_destroy(v->w);
        v->w = NULL;
        return sgf_status_exit_code(st);
    }
    v->out_pending = false;
    v->out_closed = false;
    v->shot_count = 0;
    session_reset_view_state(v);
    int mc = 0;
    sgf_world_markets(v->w, &mc);
    if (mc > v->market_cap) {
        float *rot = realloc(v->market_rot, sizeof *rot * (size_t)mc);
        if (rot) v->market_rot = rot;
        float *fl = rot ? realloc(v->market_flash, sizeof *fl * (size_t)mc) : NULL;
        if (fl) v->market_flash = fl;
        if (!rot || !fl) {
            fprintf(stderr, "sgf view: out of memory\n");
            return 1;
        }
        v->market_cap = mc;
    }
    sgf_rng_derive(&v->viewer_rng, v->def.seed, v->def.run_index, SGF_STREAM_VIEWER);
    for (int m = 0; m < v->market_cap; m++) {
        sgf_rng r;
        sgf_rng_substream(&r, &v->viewer_rng, (1ULL << 63) | (uint64_t)m);
        v->market_rot[m] = (float)(sgf_rng_uniform(&r) * 6.283185307179586);
        v->market_flash[m] = 0.0f;
    }
    viz_policy_init(v);
    write_replay(v);
    if (!viz_layout_sync(v)) {
        fprintf(stderr, "sgf view: out of memory\n");
        return 1;
    }
    v->focal_ax = v->focal_tax;
    v->focal_ay = v->focal_tay;
    return 0;
}

static void session_end(sgf_viz *v, bool ok)
{
    close_output(v, ok);
    sgf_world_destroy(v->w);
    v->w = NULL;
}

static void restart(sgf_viz *v)
{
    session_end(v, true);
    v->def.seed += 1; /* the next seed, never the clock: reproducible */
    v->opts.replay = NULL;
    if (session_start(v, true) != 0) {
        v->failed = true;
        v->w = NULL;
        return;
    }
    viz_message(v, "restarted with seed %llu; files in %s", (unsigned long long)v->def.seed,
                v->run_dir);
}

/* ---- frames -------------------------------------------------------------------------- */

static void draw_frame(sgf_viz *v)
{
    SDL_Renderer *ren = v->gfx.ren;
    viz_gfx_begin_frame(&v->gfx);
    SDL_Color bg = viz_rgba(VIZ_RGB_BACKGROUND, 255);
    SDL_SetRenderDrawColor(ren, bg.r, bg.g, bg.b, 255);
    SDL_RenderClear(ren);
    bool past = past_enter(v); /* looking back: the net of the week shown */
    viz_scene_draw(v);
    viz_hud_draw(v);
    if (!v->opts.headless) viz_scene_hover(v);
    SDL_RenderFlush(ren); /* batched commands run now, inside the frame's time */
    if (v->box_file) {
        static const char *const layers[VIZ_LAYER_COUNT] = {"scene", "hud", "overlay"};
        fprintf(v->box_file, "frame %u week %d size %dx%d shown %d\n", v->gfx.frame,
                viz_now_tick(v), v->width, v->height, viz_shown_tick(v));
        for (int i = 0; i < v->gfx.box_count; i++) {
            const viz_text_box *b = &v->gfx.boxes[i];
            fprintf(v->box_file, "%s %d %d %d %d %s\n", layers[b->layer], b->x, b->y, b->w, b->h,
                    b->text);
        }
        for (int i = 0; i < v->node_count; i++) { /* where each partner is drawn */
            const viz_node *n = &v->nodes[i];
            if (!n->alive) continue;
            float x, y;
            viz_node_screen(v, n, &x, &y);
            fprintf(v->box_file, "node %u %.1f %.1f\n", (unsigned)n->uid, (double)x, (double)y);
        }
        fflush(v->box_file);
    }
    past_leave(v, past);
}

static bool save_png(SDL_Surface *s, const char *path)
{
    if (IMG_SavePNG(s, path) != 0) {
        fprintf(stderr, "sgf view: cannot write %s: %s\n", path, IMG_GetError());
        return false;
    }
    return true;
}

/* Screenshot of what the renderer holds now (before present). */
static void screenshot(sgf_viz *v)
{
    v->shot_wanted = false;
    char path[4200];
    struct stat st;
    do snprintf(path, sizeof path, "%s/screenshot_%03d.png", v->run_dir, ++v->shot_count);
    while (stat(path, &st) == 0 && v->shot_count < 100000);
    int w = 0, h = 0;
    SDL_GetRendererOutputSize(v->gfx.ren, &w, &h);
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!s || SDL_RenderReadPixels(v->gfx.ren, NULL, SDL_PIXELFORMAT_ARGB8888, s->pixels,
                                   s->pitch) != 0) {
        viz_message(v, "screenshot failed: %s", SDL_GetError());
        SDL_FreeSurface(s);
        return;
    }
    /* the pixels read back are opaque whatever the renderer kept in alpha */
    for (int y = 0; y < h; y++) {
        uint32_t *row = (uint32_t *)((uint8_t *)s->pixels + (size_t)y * (size_t)s->pitch);
        for (int x = 0; x < w; x++) row[x] |= 0xff000000u;
    }
    if (save_png(s, path)) {
        viz_message(v, "screenshot: %s", path);
        if (!v->opts.quiet) printf("sgf view: screenshot %s\n", path);
        fflush(stdout);
    }
    SDL_FreeSurface(s);
}

/* ---- input --------------------------------------------------------------------------- */

static void select_partner(sgf_viz *v, int slot)
{
    sgf_partner_view pv;
    if (!sgf_world_partner(v->w, slot, &pv)) return;
    v->sel_kind = VIZ_SEL_PARTNER;
    v->sel_uid = pv.uid;
    viz_track_selection(v);
}

/* The slot of the selected partner if it is alive, else -1. */
static int selected_slot(const sgf_viz *v)
{
    sgf_partner_view pv;
    return viz_selected_partner(v, &pv) ? pv.id.index : -1;
}

/* Tab: the partners by volume, largest first. */
static void select_next(sgf_viz *v, int dir)
{
    sgf_partner_view pv;
    int cur = viz_selected_partner(v, &pv) ? pv.id.index : -1;
    float cur_flow = cur >= 0 ? pv.flow_ema : 0.0f, best_flow = 0.0f;
    /* the candidate just after (or before) the current one in the order
     * (flow desc, slot asc), found without sorting */
    int best = -1;
    for (int i = sgf_world_partner_next(v->w, 0); i >= 0; i = sgf_world_partner_next(v->w, i + 1)) {
        sgf_world_partner(v->w, i, &pv);
        bool after;
        if (cur < 0) {
            after = true;
        } else {
            float a = pv.flow_ema, b = cur_flow;
            bool i_after_cur = a < b || (a == b && i > cur);
            after = dir > 0 ? i_after_cur : (!i_after_cur && i != cur);
        }
        if (!after || i == cur) continue;
        if (best < 0) {
            best = i, best_flow = pv.flow_ema;
            continue;
        }
        float a = pv.flow_ema, b = best_flow;
        bool i_before_best = a > b || (a == b && i < best);
        if (dir > 0 ? i_before_best : !i_before_best) best = i, best_flow = pv.flow_ema;
    }
    if (best >= 0) select_partner(v, best);
}

static void set_speed(sgf_viz *v, int d)
{
    int s = v->speed_index + d;
    if (s < 0) s = 0;
    if (s >= viz_speed_count) s = viz_speed_count - 1;
    v->speed_index = s;
    viz_message(v, "speed %g weeks per second", viz_speeds[s]);
}

static void zoom_at(sgf_viz *v, float factor, int mx, int my)
{
    viz_camera *c = &v->cam;
    if (v->cam_easing) {
        *c = v->cam_target;
        v->cam_easing = false;
    }
    float z = c->zoom * factor;
    if (z < 0.4f) z = 0.4f;
    if (z > 60.0f) z = 60.0f;
    float ox = (float)mx - ((float)c->x + (float)c->w * 0.5f);
    float oy = (float)my - ((float)c->y + (float)c->h * 0.5f);
    float wx = c->cx + ox / (c->fit * c->zoom), wy = c->cy + oy / (c->fit * c->zoom);
    c->zoom = z;
    c->cx = wx - ox / (c->fit * z);
    c->cy = wy - oy / (c->fit * z);
}

static void on_resize(sgf_viz *v)
{
    int w = 0, h = 0;
    SDL_GetRendererOutputSize(v->gfx.ren, &w, &h);
    if (w <= 0 || h <= 0) return;
    v->width = w;
    v->height = h;
    viz_camera_fit(v);
    v->cam = v->cam_target; /* a resize is no animation */
    v->cam_easing = false;
    viz_layout_retarget(v);
}

static void on_key(sgf_viz *v, const SDL_KeyboardEvent *k, bool *quit)
{
    bool shift = (k->keysym.mod & KMOD_SHIFT) != 0;
    switch (k->keysym.sym) {
    case SDLK_q:
    case SDLK_ESCAPE:
        *quit = true;
        break;
    case SDLK_SPACE:
        v->scrub_tick = -1; /* running again: live */
        if (v->finished)
            viz_message(v, "the run is over; r restarts with the next seed");
        else
            v->paused = !v->paused;
        break;
    case SDLK_PERIOD:
        v->paused = true;
        step_once(v);
        break;
    case SDLK_PLUS:
    case SDLK_EQUALS:
    case SDLK_KP_PLUS:
        set_speed(v, +1);
        break;
    case SDLK_MINUS:
    case SDLK_KP_MINUS:
        set_speed(v, -1);
        break;
    case SDLK_l:
        v->layout = (v->layout + 1) % VIZ_LAYOUT_COUNT;
        viz_camera_fit(v);
        viz_layout_retarget(v);
        break;
    case SDLK_c:
        v->color_attr = (v->color_attr + (shift ? viz_attr_count - 1 : 1)) % viz_attr_count;
        viz_layout_retarget(v);
        viz_message(v, "colour by %s", viz_attr_label(v->color_attr));
        break;
    case SDLK_LEFTBRACKET:
    case SDLK_RIGHTBRACKET: { /* the focused chart's metric: every one of the table */
        int *m = &v->chart_metric[v->chart_focus];
        *m = (*m + (k->keysym.sym == SDLK_LEFTBRACKET ? sgf_metric_count - 1 : 1)) %
             sgf_metric_count;
        viz_message(v, "chart %d: %s", v->chart_focus + 1, sgf_metric_table[*m].name);
        break;
    }
    case SDLK_v:
        v->chart_focus = (v->chart_focus + 1) % VIZ_CHARTS;
        viz_message(v, "chart %d: %s ([ ] change it, g large)", v->chart_focus + 1,
                    sgf_metric_table[v->chart_metric[v->chart_focus]].name);
        break;
    case SDLK_g:
        v->chart_big = !v->chart_big;
        if (v->chart_big) v->table = false;
        break;
    case SDLK_PAGEUP:
    case SDLK_PAGEDOWN: { /* the timeline: back and forth, 4 weeks (shift: a year) */
        int now = sgf_world_tick(v->w), step = shift ? 52 : 4;
        int t = viz_shown_tick(v) + (k->keysym.sym == SDLK_PAGEUP ? -step : step);
        if (t < 0) t = 0;
        v->scrub_tick = t >= now ? -1 : t;
        if (v->scrub_tick >= 0) v->paused = true;
        break;
    }
    case SDLK_END:
        v->scrub_tick = -1;
        break;
    case SDLK_o: /* the table's sort: name, then every attribute */
        v->table_sort += shift ? -1 : 1;
        if (v->table_sort >= viz_attr_count) v->table_sort = -1;
        if (v->table_sort < -1) v->table_sort = viz_attr_count - 1;
        v->table = true;
        break;
    case SDLK_i:
        v->table_desc = !v->table_desc;
        break;
    case SDLK_1: { /* filter: the next role that has partners, or all */
        int r = v->table_role;
        do r = r + 1 >= SGF_ROLE_COUNT ? -1 : r + 1;
        while (r >= 0 && !v->role_seen[r]);
        v->table_role = r;
        v->table = true;
        break;
    }
    case SDLK_2: { /* filter: the next country, or all */
        int mc = sgf_world_def_of(v->w)->market_count;
        v->table_market = v->table_market + 1 >= mc ? -1 : v->table_market + 1;
        v->table = true;
        break;
    }
    case SDLK_3:
    case SDLK_4:
    case SDLK_5:
    case SDLK_6: { /* the trust range, in tenths */
        float *b = k->keysym.sym <= SDLK_4 ? &v->table_trust_lo : &v->table_trust_hi;
        float d = k->keysym.sym == SDLK_3 || k->keysym.sym == SDLK_5 ? -0.1f : 0.1f;
        *b = roundf((*b + d) * 10.0f) / 10.0f;
        if (*b < 0.0f) *b = 0.0f;
        if (*b > 1.0f) *b = 1.0f;
        if (v->table_trust_lo > v->table_trust_hi) v->table_trust_lo = v->table_trust_hi;
        v->table = true;
        break;
    }
    case SDLK_n: /* node size: volume, then every attribute */
        v->size_attr = v->size_attr + (shift ? -1 : 1);
        if (v->size_attr >= viz_attr_count) v->size_attr = -1;
        if (v->size_attr < -1) v->size_attr = viz_attr_count - 1;
        viz_layout_retarget(v);
        viz_message(v, "size by %s", viz_attr_label(v->size_attr));
        break;
    case SDLK_r:
        restart(v);
        break;
    case SDLK_s:
        v->shot_wanted = true;
        break;
    case SDLK_h:
    case SDLK_F1:
        v->help = !v->help;
        break;
    case SDLK_p:
        v->panels = !v->panels;
        viz_camera_fit(v);
        viz_layout_retarget(v);
        break;
    case SDLK_0:
    case SDLK_HOME:
        viz_camera_fit(v);
        break;
    case SDLK_TAB: {
        bool past = past_enter(v); /* among the partners of the week shown */
        select_next(v, shift ? -1 : +1);
        past_leave(v, past);
        break;
    }
    case SDLK_f:
        v->sel_kind = VIZ_SEL_FIRM;
        break;
    case SDLK_BACKSPACE:
        v->sel_kind = VIZ_SEL_NONE;
        break;
    case SDLK_d:
        whatif(v, WHATIF_DEFECT);
        break;
    case SDLK_k:
        whatif(v, WHATIF_KEY_PERSON);
        break;
    case SDLK_x:
        whatif(v, WHATIF_CAPACITY);
        break;
    case SDLK_u:
        whatif(v, WHATIF_COST);
        break;
    case SDLK_m:
        whatif(v, WHATIF_DEMAND);
        break;
    case SDLK_t:
        if (shift) { /* T: the partner table */
            v->table = !v->table;
            if (v->table) v->chart_big = false;
            break;
        }
        whatif(v, WHATIF_TECH);
        break;
    case SDLK_UP:
    case SDLK_DOWN:
        if (v->table) {                /* the table's cursor: the selected partner */
            bool past = past_enter(v); /* the table of the week shown */
            int cap = sgf_world_partner_slots(v->w);
            int *slots = malloc(sizeof *slots * (size_t)(cap > 0 ? cap : 1));
            if (slots) {
                int n = viz_table_rows(v, slots, cap), cur = -1, at = selected_slot(v);
                for (int i = 0; i < n; i++)
                    if (slots[i] == at) cur = i;
                cur += k->keysym.sym == SDLK_UP ? -1 : 1;
                if (cur < 0) cur = 0;
                if (cur < n) select_partner(v, slots[cur]);
                free(slots);
            }
            past_leave(v, past);
            break;
        }
        if (k->keysym.sym == SDLK_DOWN) {
            v->policy_row = (v->policy_row + 1) % VIZ_POLICY_ROWS;
            break;
        }
        v->policy_row = (v->policy_row + VIZ_POLICY_ROWS - 1) % VIZ_POLICY_ROWS;
        break;
    case SDLK_LEFT:
    case SDLK_RIGHT: {
        viz_policy_row *r = &v->policy[v->policy_row];
        double x = r->pending + (k->keysym.sym == SDLK_LEFT ? -r->step : r->step);
        char b[32]; /* on the step grid, and short in the replay file */
        snprintf(b, sizeof b, "%.6g", round(x / r->step) * r->step);
        x = strtod(b, NULL);
        r->pending = x < r->lo ? r->lo : x > r->hi ? r->hi : x;
        break;
    }
    case SDLK_RETURN:
    case SDLK_KP_ENTER:
        policy_apply(v);
        break;
    default:
        break;
    }
}

static void on_event(sgf_viz *v, const SDL_Event *e, bool *quit)
{
    if (!v->w) { /* a restart failed: only quitting is left */
        *quit = true;
        return;
    }
    switch (e->type) {
    case SDL_QUIT:
        *quit = true;
        break;
    case SDL_WINDOWEVENT:
        if (e->window.event == SDL_WINDOWEVENT_SIZE_CHANGED) on_resize(v);
        if (e->window.event == SDL_WINDOWEVENT_CLOSE) *quit = true; /* the close button */
        break;
    case SDL_KEYDOWN:
        on_key(v, &e->key, quit);
        break;
    case SDL_MOUSEWHEEL: {
        float y = e->wheel.preciseY != 0.0f ? e->wheel.preciseY : (float)e->wheel.y;
        zoom_at(v, powf(1.15f, y), v->mouse_x, v->mouse_y);
        break;
    }
    case SDL_MOUSEBUTTONDOWN:
        if (e->button.button == SDL_BUTTON_LEFT) {
            if (v->cam_easing) {
                v->cam = v->cam_target;
                v->cam_easing = false;
            }
            v->dragging = true;
            v->drag_moved = false;
            v->drag_x = e->button.x;
            v->drag_y = e->button.y;
            v->drag_cx = v->cam.cx;
            v->drag_cy = v->cam.cy;
        }
        break;
    case SDL_MOUSEMOTION:
        v->mouse_x = e->motion.x;
        v->mouse_y = e->motion.y;
        if (v->dragging) {
            int dx = e->motion.x - v->drag_x, dy = e->motion.y - v->drag_y;
            if (abs(dx) + abs(dy) > 3) v->drag_moved = true;
            if (v->drag_moved) {
                float s = v->cam.fit * v->cam.zoom;
                v->cam.cx = v->drag_cx - (float)dx / s;
                v->cam.cy = v->drag_cy - (float)dy / s;
            }
        }
        break;
    case SDL_MOUSEBUTTONUP:
        if (e->button.button == SDL_BUTTON_LEFT && v->dragging) {
            v->dragging = false;
            if (v->drag_moved) break;
            SDL_Rect tl;
            viz_timeline_rect(v, &tl);
            if (e->button.x >= tl.x && e->button.x < tl.x + tl.w && e->button.y >= tl.y - 4 &&
                e->button.y < tl.y + tl.h + 4) { /* a week on the timeline */
                int now = sgf_world_tick(v->w), ticks = sgf_world_def_of(v->w)->ticks;
                int t = (int)((float)(e->button.x - tl.x) / (float)tl.w * (float)ticks + 0.5f);
                if (t < 0) t = 0;
                v->scrub_tick = t >= now ? -1 : t;
                if (v->scrub_tick >= 0) v->paused = true;
                break;
            }
            int kind = VIZ_SEL_NONE, index = -1;
            bool shift = (SDL_GetModState() & KMOD_SHIFT) != 0;
            bool past = past_enter(v); /* the net drawn: the week shown */
            if (viz_scene_pick(v, e->button.x, e->button.y, &kind, &index)) {
                if (kind == VIZ_SEL_PARTNER && shift) {
                    sgf_partner_view pv;
                    if (sgf_world_partner(v->w, index, &pv)) {
                        v->sel_kind = VIZ_SEL_MARKET;
                        v->sel_index = pv.market;
                    }
                } else if (kind == VIZ_SEL_PARTNER) {
                    select_partner(v, index);
                } else {
                    v->sel_kind = kind;
                    v->sel_index = index;
                }
            } else {
                v->sel_kind = VIZ_SEL_NONE;
            }
            past_leave(v, past);
        }
        break;
    default:
        break;
    }
}

/* ---- loops --------------------------------------------------------------------------- */

static double now_s(void)
{
    return (double)SDL_GetPerformanceCounter() / (double)SDL_GetPerformanceFrequency();
}

/* CPU time of this thread: frame timings that other processes on the
 * machine do not inflate. */
static double cpu_s(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0) return now_s();
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int window_loop(sgf_viz *v)
{
    const double budget = 1.0 / 60.0; /* seconds per frame */
    const double sim_budget = 0.008;  /* at most this much of a frame simulating */
    double last = now_s();
    bool quit = false;
    while (!quit && !v->failed) {
        double t0 = now_s();
        float dt = (float)(t0 - last);
        last = t0;
        if (dt > 0.1f) dt = 0.1f;
        SDL_Event e;
        while (SDL_PollEvent(&e)) on_event(v, &e, &quit);
        if (!v->w) break; /* a restart failed */
        if (interrupted) {
            v->interrupted = true;
            break;
        }
        if (!v->paused && !v->finished) {
            v->accum += (double)dt * viz_speeds[v->speed_index];
            while (v->accum >= 1.0 && !v->finished && now_s() - t0 < sim_budget) {
                step_once(v);
                v->accum -= 1.0;
            }
            if (v->accum > 2.0) v->accum = 2.0; /* cannot keep up: slow down, do not pile up */
            v->dot_time += (double)dt * (0.8 + 0.1 * log2(viz_speeds[v->speed_index]));
        }
        viz_layout_animate(v, dt);
        if (v->message_time > 0) v->message_time -= dt;
        double d0 = now_s();
        draw_frame(v);
        float ms = (float)((now_s() - d0) * 1000.0);
        v->frame_ms = v->frame_ms * 0.9f + ms * 0.1f;
        if (v->shot_wanted) screenshot(v);
        SDL_RenderPresent(v->gfx.ren);
        double left = budget - (now_s() - t0);
        if (left > 0.001) SDL_Delay((Uint32)(left * 1000.0));
    }
    return v->failed || v->interrupted ? 1 : 0;
}

typedef struct frame_stats {
    int frames;
    double first_ms, sum_ms, max_ms; /* CPU time of drawing */
    int min_nodes, max_nodes;
} frame_stats;

static bool headless_frame(sgf_viz *v, int index, frame_stats *fs)
{
    viz_layout_snap(v);
    v->dot_time = (double)sgf_world_tick(v->w) * 0.37;
    double t0 = cpu_s();
    draw_frame(v);
    double ms = (cpu_s() - t0) * 1000.0;
    int alive = 0;
    for (int i = 0; i < v->node_count; i++) alive += v->nodes[i].alive;
    /* the first frame renders the glyphs and the map once: reported apart */
    if (fs->frames++ == 0) {
        fs->first_ms = ms;
    } else {
        fs->sum_ms += ms;
        if (ms > fs->max_ms) fs->max_ms = ms;
    }
    if (fs->frames == 1 || alive < fs->min_nodes) fs->min_nodes = alive;
    if (alive > fs->max_nodes) fs->max_nodes = alive;
    if (v->opts.timing)
        printf("frame %d week %d nodes %d draw %.2f ms\n", index, sgf_world_tick(v->w), alive, ms);
    /* this frame showed the events since the last one */
    for (int i = 0; i < v->node_count; i++) v->nodes[i].flash = 0.0f;
    for (int m = 0; m < v->market_cap; m++) v->market_flash[m] = 0.0f;
    v->focal_flash = 0.0f;
    char path[4200];
    snprintf(path, sizeof path, "%s/frame_%05d.png", v->run_dir, index);
    if (!save_png(v->surface, path)) {
        v->failed = true;
        return false;
    }
    if (v->shot_wanted) v->shot_wanted = false;
    return true;
}

/* Ctrl-C and SIGTERM, in the window and headless alike: the week under way
 * finishes, the files are closed with the weeks simulated so far (as with
 * q), and the exit status is 1 (docs/viewer.md). */
static void catch_interrupts(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_interrupt;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

static int headless_loop(sgf_viz *v)
{
    frame_stats fs = {0, 0, 0, 0, 0, 0};
    int every = v->opts.every > 0 ? v->opts.every : 1;
    int frames = 0;
    if (v->opts.frames > 0 && headless_frame(v, frames, &fs)) frames++;
    while (!v->failed && frames < v->opts.frames && !v->finished && !v->close_asked) {
        if (interrupted) {
            v->interrupted = true;
            break;
        }
        step_once(v);
        if (v->failed) break;
        if (sgf_world_tick(v->w) % every == 0 && headless_frame(v, frames, &fs)) frames++;
    }
    int tick = sgf_world_tick(v->w);
    close_output(v, !v->failed);
    if (v->failed) return 1;
    if (v->interrupted) return 1;
    if (!v->opts.quiet) {
        printf("sgf view: %d frame%s of weeks 0-%d in %s\n", frames, frames == 1 ? "" : "s", tick,
               v->run_dir);
        if (fs.frames > 1)
            printf("sgf view: draw time mean %.2f ms, max %.2f ms per frame after the first "
                   "(%.2f ms); %dx%d, %d-%d nodes, software renderer, CPU time\n",
                   fs.sum_ms / (fs.frames - 1), fs.max_ms, fs.first_ms, v->width, v->height,
                   fs.min_nodes, fs.max_nodes);
    }
    return 0;
}

/* ---- entry --------------------------------------------------------------------------- */

static void free_viz(sgf_viz *v)
{
    free(v->nodes);
    free(v->slot_node);
    free(v->hist);
    free(v->hist_start);
    free(v->market_rot);
    free(v->market_flash);
    free(v->labels);
    free(v->injections);
    free(v->actions);
    free(v->placed);
    free(v->mhist);
    free(v->log);
    free(v->marks);
    free(v->rows_hist);
    past_destroy(v->past);
    viz_layout_free(v);
    if (v->box_file) fclose(v->box_file);
    sgf_world_def_free(&v->def);
}

int sgf_viz_run(const sgf_viz_opts *opts)
{
    sgf_viz *v = calloc(1, sizeof *v);
    if (!v) {
        fprintf(stderr, "sgf view: out of memory\n");
        return 1;
    }
    v->opts = *opts;
    v->width = opts->width > 0 ? opts->width : 1280;
    v->height = opts->height > 0 ? opts->height : 800;
    v->layout = opts->layout == VIZ_LAYOUT_MAP ? VIZ_LAYOUT_MAP : VIZ_LAYOUT_CHAIN;
    v->panels = true;
    v->speed_index = 3;
    v->paused = false;
    v->color_attr = VIZ_ATTR_TRUST;
    v->size_attr = -1;
    v->scrub_tick = -1;
    v->live_tick = -1;
    v->past_full_tick = -1;
    v->map_stretch = 1.0f;
    static const char *const charts[VIZ_CHARTS] = {"revenue_eur", "cash_eur", "partners",
                                                   "fill_rate"};
    for (int k = 0; k < VIZ_CHARTS; k++) v->chart_metric[k] = sgf_metric_find(charts[k]);
    v->table_sort = -1;
    v->table_role = -1;
    v->table_market = -1;
    v->table_trust_hi = 1.0f;
    if (opts->charts && opts->charts[0]) {
        char list[512];
        snprintf(list, sizeof list, "%s", opts->charts);
        int k = 0;
        char *save = NULL;
        for (char *m = strtok_r(list, ",", &save); m; m = strtok_r(NULL, ",", &save)) {
            int idx = sgf_metric_find(trim(m));
            if (idx < 0 || k == VIZ_CHARTS) {
                fprintf(stderr,
                        idx < 0 ? "sgf view: --charts: '%s' is not a metric (a column of "
                                  "timeseries.csv)\n"
                                : "sgf view: --charts: at most 4 metrics ('%s' is the fifth)\n",
                        m);
                sgf_world_def_free(&v->def);
                free(v);
                return 2;
            }
            v->chart_metric[k++] = idx;
        }
    }
    int code = 0;
    bool sdl = false, ttf = false, img = false;
    SDL_Renderer *ren = NULL;
    if (sgf_world_def_copy(&v->def, opts->def) != SGF_OK) {
        fprintf(stderr, "sgf view: out of memory\n");
        free(v);
        return 1;
    }
    if (opts->script && opts->script[0] && !parse_script(v, opts->script)) {
        free_viz(v);
        free(v);
        return 2;
    }
    const char *boxes = getenv("SGF_VIEW_TEXT_BOXES");
    if (boxes && boxes[0] && !(v->box_file = fopen(boxes, "w"))) {
        fprintf(stderr, "sgf view: cannot write %s (SGF_VIEW_TEXT_BOXES): %s\n", boxes,
                strerror(errno));
        free_viz(v);
        free(v);
        return 1;
    }
    const char *font = opts->font_path;
    if (!font || !font[0]) font = getenv("SGF_FONT");
    if (!font || !font[0]) font = SGF_VIZ_DEFAULT_FONT;

    /* Display, renderer and font first: a missing one must not leave files. */
    if (opts->headless) {
        /* No SDL_Init: a software renderer drawing into a surface needs no
         * subsystem (and SDL_Init would reach for the desktop's D-Bus). */
        v->surface =
            SDL_CreateRGBSurfaceWithFormat(0, v->width, v->height, 32, SDL_PIXELFORMAT_ARGB8888);
        ren = v->surface ? SDL_CreateSoftwareRenderer(v->surface) : NULL;
        if (!ren) {
            fprintf(stderr, "sgf view: cannot create the software renderer: %s\n", SDL_GetError());
            code = 1;
            goto done;
        }
    } else {
        const char *asked = getenv("SDL_VIDEODRIVER");
        /* Ctrl-C is ours (catch_interrupts), not a window close */
        SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
        bool init = SDL_Init(SDL_INIT_VIDEO) == 0;
        sdl = init;
        /* With no display SDL falls back to its offscreen driver: a window
         * nobody sees, running until killed. Only if asked for by name. */
        const char *drv = init ? SDL_GetCurrentVideoDriver() : NULL;
        bool invisible = drv && (strcmp(drv, "offscreen") == 0 || strcmp(drv, "dummy") == 0);
        if (!init || (invisible && !(asked && asked[0]))) {
            fprintf(stderr,
                    "sgf view: cannot open a window: %s\n"
                    "  (no display? run it in a desktop session, under Xvfb, or use --headless "
                    "--frames N --out DIR)\n",
                    init ? "no display found (set DISPLAY or WAYLAND_DISPLAY)" : SDL_GetError());
            code = 1;
            goto done;
        }
        v->win = SDL_CreateWindow("sgf view", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                                  v->width, v->height, SDL_WINDOW_RESIZABLE);
        if (!v->win) {
            fprintf(stderr, "sgf view: cannot open a window: %s\n", SDL_GetError());
            code = 1;
            goto done;
        }
        SDL_SetWindowMinimumSize(v->win, 900, 600);
        ren = SDL_CreateRenderer(v->win, -1, 0);
        if (!ren) ren = SDL_CreateRenderer(v->win, -1, SDL_RENDERER_SOFTWARE);
        if (!ren) {
            fprintf(stderr, "sgf view: cannot create a renderer: %s\n", SDL_GetError());
            code = 1;
            goto done;
        }
        SDL_GetRendererOutputSize(ren, &v->width, &v->height);
    }
    if (TTF_Init() != 0) {
        fprintf(stderr, "sgf view: cannot start SDL_ttf: %s\n", TTF_GetError());
        code = 1;
        goto done;
    }
    ttf = true;
    if ((IMG_Init(IMG_INIT_PNG) & IMG_INIT_PNG) == 0) {
        fprintf(stderr, "sgf view: cannot start SDL_image: %s\n", IMG_GetError());
        code = 1;
        goto done;
    }
    img = true;
    char err[512];
    bool font_missing = false;
    if (!viz_gfx_init(&v->gfx, ren, font, &font_missing, err, sizeof err)) {
        fprintf(stderr, "sgf view: %s\n", err);
        code = font_missing ? 2 : 1;
        goto done;
    }
    v->gfx.record = v->box_file != NULL;

    code = session_start(v, false);
    if (code != 0) goto done;
    viz_camera_fit(v);
    viz_layout_retarget(v);
    viz_layout_snap(v);
    if (!opts->quiet && !opts->headless) {
        printf("sgf view: %s, seed %llu; files in %s (h for help)\n", opts->scenario_name,
               (unsigned long long)v->def.seed, v->run_dir);
        fflush(stdout);
    }
    catch_interrupts();
    run_actions(v); /* week 0's */
    code = opts->headless ? headless_loop(v) : window_loop(v);
    int weeks = v->w ? sgf_world_tick(v->w) : 0;
    if (v->w) session_end(v, !v->failed);
    if (v->interrupted && !v->failed)
        fprintf(stderr, "sgf view: interrupted after week %d; the files of weeks 1-%d are in %s\n",
                weeks, weeks, v->run_dir);
    if (v->failed && code == 0) code = 1;

done:
    if (v->map_tex) SDL_DestroyTexture(v->map_tex);
    free(v->map_px);
    free(v->coast_edges);
    viz_gfx_free(&v->gfx);
    if (ren) SDL_DestroyRenderer(ren);
    if (v->surface) SDL_FreeSurface(v->surface);
    if (v->win) SDL_DestroyWindow(v->win);
    if (img) IMG_Quit();
    if (ttf) TTF_Quit();
    if (sdl) SDL_Quit();
    free_viz(v);
    free(v);
    return code;
}
