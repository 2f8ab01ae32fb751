/* hud.c: everything drawn over the net: the top bar, the heads-up display
 * with its charts, the policy panel, the legend, the inspector, the event
 * ticker and the help.
 *
 *   +--------------------------- top bar: scenario, date, speed ----------+
 *   | HUD numbers |                                        | legend or     |
 *   | charts      |              the net (scene.c)         | inspector     |
 *   | policy      |                                        | what-if keys  |
 *   |             |  ticker: one line per event            |               |
 *   +-------------+----------------------------------------+---------------+
 *
 * Numbers come from sgf_world_metrics (this week) and the viewer's own
 * record of recent weeks (viz.c); the inspector reads the selected partner,
 * country or firm from the world as it is now.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "viz.h"

const double viz_speeds[] = {1, 2, 4, 8, 13, 26, 52, 104, 260, 520};
const int viz_speed_count = (int)(sizeof viz_speeds / sizeof viz_speeds[0]);

static SDL_Color text_c(void)
{
    return viz_rgba(VIZ_RGB_TEXT, 255);
}
static SDL_Color dim_c(void)
{
    return viz_rgba(VIZ_RGB_DIM, 255);
}

/* ---- events -------------------------------------------------------------------------- */

bool viz_event_shown(const sgf_event_record *e)
{
    return e->internal != SGF_LOG_SEARCH_STARTED;
}

SDL_Color viz_event_color(const sgf_event_record *e)
{
    switch (e->internal) {
    case SGF_LOG_EVENT:
        return strncmp(e->detail, "injected", 8) == 0 ? viz_rgba(0xff8ad8u, 255)
                                                      : viz_rgba(0xf0f0f0u, 255);
    case SGF_LOG_DEFECTION:
    case SGF_LOG_PARTNER_EXIT:
        return viz_rgba(0xff6b5bu, 255);
    case SGF_LOG_OPPORTUNISM_DETECTED:
        return viz_rgba(0xffa64au, 255);
    case SGF_LOG_KEY_PERSON:
        return viz_rgba(0xffd84au, 255);
    case SGF_LOG_NEW_PARTNER:
    case SGF_LOG_MARKET_ENTRY:
    case SGF_LOG_OFFICE_OPENED:
    case SGF_LOG_JV_FORMED:
        return viz_rgba(0x7ddc7du, 255);
    case SGF_LOG_RELOCATION:
    case SGF_LOG_REPLACEMENT:
    case SGF_LOG_RETRAIN:
        return viz_rgba(0x6cc7e8u, 255);
    case SGF_LOG_INNOVATION_RADICAL:
        return viz_rgba(0xbe8cffu, 255);
    case SGF_LOG_FAILURE:
        return viz_rgba(0xff2020u, 255);
    default:
        return viz_rgba(0x8a93a6u, 255);
    }
}

/* An event in plain words, for the ticker (the record's codes stay in
 * events.csv): "Shenzhen EMS left the net (value below its outside
 * option)", "demand -40 % in Germany (DE) for 26 weeks (your what-if)". */
static const char *market_words(const sgf_world_def *def, const char *iso, char *buf, size_t n)
{
    int m = iso[0] ? sgf_world_def_market_index(def, iso) : -1;
    if (m >= 0)
        snprintf(buf, n, "%s (%s)", def->markets[m].name, iso);
    else
        snprintf(buf, n, "%s", iso[0] ? iso : "the firm");
    return buf;
}

static void percent_change(char *buf, size_t n, const char *what, double factor)
{
    double pc = (factor - 1.0) * 100.0;
    snprintf(buf, n, "%s %s%.0f %%", what, pc >= 0 ? "+" : "", pc);
}

/* A log record's cause (events.csv's `cause` column, one word of its
 * kind's vocabulary) in plain words; an unknown word without underscores. */
static const char *cause_words(const sgf_event_record *e, char *buf, size_t size)
{
    static const char *const words[][2] = {
        {"outside_option", "value below its outside option"},
        {"key_person_change", "its contact person left"},
        {"defection", "it defected"},
        {"replaced", "replaced"},
        {"relocated", "production moved away"},
        {"scheduled", "a scheduled event"},
        {"injected", "your what-if"},
        {"search", "found by a search"},
        {"replacement", "a replacement"},
        {"relocation", "production moved here"},
        {"market_entry", "entering its market"},
        {"sales_office", "a sales office"},
        {"joint_venture", "a joint venture"},
        {"listed", "in the scenario"},
        {"shirk", "shirking"},
        {"overpromise", "over-promising"},
        {"leak", "leaking"},
        {"poach", "poaching"},
        {"defect", "defecting"},
    };
    const char *c = e->cause[0] ? e->cause : e->detail;
    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
        if (strcmp(c, words[k][0]) == 0) return words[k][1];
    snprintf(buf, size, "%.60s", c[0] ? c : "no reason given");
    for (char *p = buf; *p; p++)
        if (*p == '_') *p = ' ';
    return buf;
}

void viz_event_words(const sgf_event_record *e, const sgf_world_def *def, char *out, size_t size)
{
    char where[160], what[96], words[64];
    const char *t = e->target[0] ? e->target : "the firm";
    bool mine = strncmp(e->detail, "injected", 8) == 0;
    switch (e->internal) {
    case SGF_LOG_EVENT: {
        market_words(def, e->target, where, sizeof where);
        switch (e->kind) {
        case SGF_EV_DEMAND_SHOCK:
            percent_change(what, sizeof what, "demand", e->value);
            snprintf(out, size, "%s in %s", what, strcmp(t, "firm") == 0 ? "every market" : where);
            break;
        case SGF_EV_CAPACITY_LOSS:
            percent_change(what, sizeof what, "capacity", 1.0 - e->value);
            snprintf(out, size, "%s at %s", what, where);
            break;
        case SGF_EV_LABOUR_COST_CHANGE:
            percent_change(what, sizeof what, "labour cost", e->value);
            snprintf(out, size, "%s in %s", what, where);
            break;
        case SGF_EV_TECHNOLOGY_SHIFT:
            snprintf(out, size, "a technology shift (size %.2g): products age", e->value);
            break;
        case SGF_EV_PARTNER_EXIT:
            snprintf(out, size, "%s is made to leave", where);
            break;
        case SGF_EV_KEY_PERSON_CHANGE:
            snprintf(out, size, "a key person leaves at %s", where);
            break;
        default: {
            char k[64];
            snprintf(k, sizeof k, "%s", sgf_event_kind_name(e->kind));
            for (char *c = k; *c; c++)
                if (*c == '_') *c = ' ';
            snprintf(out, size, "%s on %s", k, where);
            break;
        }
        }
        size_t n = strlen(out);
        if (mine && n < size)
            snprintf(out + n, size - n, "  (your what-if)");
        else if (n < size)
            snprintf(out + n, size - n, "  (scheduled)");
        break;
    }
    case SGF_LOG_NEW_PARTNER:
        snprintf(out, size, "%s joins (%s)", t, cause_words(e, words, sizeof words));
        break;
    case SGF_LOG_PARTNER_EXIT:
        snprintf(out, size, "%s leaves the net (%s)", t, cause_words(e, words, sizeof words));
        break;
    case SGF_LOG_DEFECTION:
        snprintf(out, size, "%s defects to a rival", t);
        break;
    case SGF_LOG_OPPORTUNISM_DETECTED:
        snprintf(out, size, "%s caught %s; trust falls", t, cause_words(e, words, sizeof words));
        break;
    case SGF_LOG_KEY_PERSON: {
        double people = 0;
        const char *paren = strchr(e->detail, '(');
        if (paren) people = atof(paren + 1);
        snprintf(out, size, "%s: its contact person leaves (%.0f %s carr%s the tie)", t, people,
                 people < 1.5 ? "person" : "people", people < 1.5 ? "ies" : "y");
        break;
    }
    case SGF_LOG_MARKET_ENTRY:
        snprintf(out, size, "%s %s",
                 strcmp(e->detail, "entry failed") == 0 ? "entry failed in" : "enters",
                 market_words(def, e->target, where, sizeof where));
        break;
    case SGF_LOG_OFFICE_OPENED:
        snprintf(out, size, "opens a sales office in %s",
                 market_words(def, e->target, where, sizeof where));
        break;
    case SGF_LOG_JV_FORMED:
        snprintf(out, size, "forms a joint venture in %s",
                 market_words(def, e->target, where, sizeof where));
        break;
    case SGF_LOG_RELOCATION: {
        const char *from = strstr(e->detail, "from ");
        char fw[160];
        snprintf(out, size, "production moves from %s to %s",
                 from ? market_words(def, from + 5, fw, sizeof fw) : "elsewhere",
                 market_words(def, e->target, where, sizeof where));
        break;
    }
    case SGF_LOG_REPLACEMENT:
        snprintf(out, size, "%s is replaced", t);
        break;
    case SGF_LOG_RETRAIN:
        snprintf(out, size, "%s is retrained (competence fit now %.2f)", t, e->value);
        break;
    case SGF_LOG_INNOVATION_RADICAL:
        snprintf(out, size, "a radical co-innovation");
        break;
    case SGF_LOG_RECOVERY:
        snprintf(out, size, "%s: %s", strcmp(t, "firm") == 0 || !e->target[0] ? "the firm" : t,
                 e->detail);
        break;
    case SGF_LOG_FAILURE:
        snprintf(out, size, "the firm fails: %s", e->detail);
        break;
    case SGF_LOG_SEARCH_STARTED:
        snprintf(out, size, "starts searching for a partner (%s)", e->detail);
        break;
    default:
        snprintf(out, size, "%s %s", t, e->detail);
        break;
    }
}

/* ---- helpers ------------------------------------------------------------------------- */

static void panel(viz_gfx *g, int x, int y, int w, int h)
{
    viz_fill_rect(g, (float)x, (float)y, (float)w, (float)h, viz_rgba(VIZ_RGB_PANEL, 238));
}

/* 12 345 678 with thin groups; M and k for large values. */
static void money(char *buf, size_t n, double eur)
{
    double a = fabs(eur);
    if (a >= 1e6)
        snprintf(buf, n, "EUR %.2f M", eur / 1e6);
    else if (a >= 1e4)
        snprintf(buf, n, "EUR %.0f k", eur / 1e3);
    else
        snprintf(buf, n, "EUR %.0f", eur);
}

static void row(viz_gfx *g, int x, int y, int w, const char *label, const char *value)
{
    int vw = viz_text(g, VIZ_FONT_NORMAL, x + w, y, 2, text_c(), value);
    viz_text_fit(g, VIZ_FONT_NORMAL, x, y, 0, w - vw - 8, dim_c(), label);
}

/* A number for an axis: 1.2M, 350k, 0.25. */
static void axis_num(char *buf, size_t n, double x)
{
    double a = fabs(x);
    if (a >= 1e6)
        snprintf(buf, n, "%.3gM", x / 1e6);
    else if (a >= 1e4)
        snprintf(buf, n, "%.3gk", x / 1e3);
    else
        snprintf(buf, n, "%.3g", x);
}

/* A metric's name in words with its unit: "cash (EUR)". */
static void metric_title(int k, char *buf, size_t n)
{
    char name[64];
    snprintf(name, sizeof name, "%s", sgf_metric_table[k].name);
    size_t len = strlen(name);
    if (len > 4 && strcmp(name + len - 4, "_eur") == 0)
        name[len - 4] = '\0';
    else if (len > 6 && strcmp(name + len - 6, "_units") == 0)
        name[len - 6] = '\0';
    else if (len > 6 && strcmp(name + len - 6, "_weeks") == 0)
        name[len - 6] = '\0';
    else if (len > 6 && strcmp(name + len - 6, "_hours") == 0)
        name[len - 6] = '\0';
    for (char *c = name; *c; c++)
        if (*c == '_') *c = ' ';
    snprintf(buf, n, "%s (%s)", name, sgf_metric_table[k].unit);
}

/* One chart of the chart panel: a metric over the run so far (weeks 1 to
 * now), its y axis with the range's ends and middle, the years on the x
 * axis, the run's events as pink marks on the time axis, and the week
 * shown (the timeline) as a yellow line. Returns the y below it. */
static int chart(sgf_viz *v, int x, int y, int w, int h, int metric, bool focused, bool big)
{
    viz_gfx *g = &v->gfx;
    const sgf_world_def *def = sgf_world_def_of(v->w);
    int font = big ? VIZ_FONT_NORMAL : VIZ_FONT_SMALL, lh = g->ascent[font] + 3;
    int last = v->mhist_count - 1, shown = viz_shown_tick(v);
    char title[96], val[32];
    metric_title(metric, title, sizeof title);
    int vw = 0;
    if (last >= 1) {
        axis_num(val, sizeof val, sgf_metric_get(&v->mhist[shown <= last ? shown : last], metric));
        vw = viz_text(g, font, x + w, y, 2, text_c(), val);
    }
    viz_text_fit(g, font, x, y, 0, w - vw - 8, focused ? viz_rgba(VIZ_RGB_SELECT, 255) : dim_c(),
                 title);
    y += lh + 2;
    int ax = big ? 56 : 38; /* room for the y axis' numbers */
    int px = x + ax, pw = w - ax, ph = h;
    viz_fill_rect(g, (float)px, (float)y, (float)pw, (float)ph, viz_rgba(0x121722u, 255));
    int first = 1;
    if (last < first + 1) return y + ph + lh + 4;
    double lo = 1e300, hi = -1e300;
    for (int t = first; t <= last; t++) {
        double s = sgf_metric_get(&v->mhist[t], metric);
        if (s < lo) lo = s;
        if (s > hi) hi = s;
    }
    const char *unit = sgf_metric_table[metric].unit;
    if (strcmp(unit, "share") == 0 || strncmp(unit, "[0", 2) == 0) { /* shares: 0 to 1 */
        if (lo > 0) lo = 0;
        if (hi < 1) hi = 1;
    }
    if (lo > 0 && (hi - lo) > 0.3 * hi) lo = 0; /* from zero when it says something */
    if (hi - lo < 1e-9) {                       /* flat: a band around it */
        double d = fabs(lo) > 1 ? fabs(lo) * 0.1 : 1;
        if (lo >= 0 && lo < d) /* a count or amount at zero: 0 to 1 */
            lo = 0, hi = 1;
        else
            lo -= d, hi += d;
    }
    int span = last - first > 51 ? last - first : 51;
    float sxk = (float)pw / (float)span;
#define SX(t) ((float)px + (float)((t)-first) * sxk)
#define SY(val) ((float)(y + ph) - (float)ph * (float)(((val)-lo) / (hi - lo)))
    SDL_Color grid = viz_rgba(0x2a3346u, 255), axis = viz_rgba(0x4a5670u, 255);
    /* y axis: low, middle, high */
    for (int k = 0; k <= 2; k++) {
        double yv = lo + (hi - lo) * k / 2.0;
        float gy = SY(yv);
        viz_geom_segment(g, (float)px, gy, (float)(px + pw), gy, 1.0f, k == 0 ? axis : grid);
        char b[32];
        if (big)
            axis_num(b, sizeof b, yv);
        else if (fabs(yv) >= 1e6)
            snprintf(b, sizeof b, "%.2gM", yv / 1e6);
        else if (fabs(yv) >= 1e4)
            snprintf(b, sizeof b, "%.0fk", yv / 1e3);
        else
            snprintf(b, sizeof b, "%.3g", yv);
        int ty = (int)gy - (k == 0 ? lh - 2 : k == 2 ? 0 : lh / 2);
        if (!big && k == 1) continue; /* small charts: the ends only */
        viz_text_fit(g, VIZ_FONT_SMALL, px - 4, ty, 2, ax - 6, dim_c(), b);
    }
    /* x axis: the years (labels where they fit) */
    int prev_end = -1000;
    for (int t = first; t <= first + span; t++) {
        if ((t - 1) % 52 != 0) continue;
        float gx = SX(t);
        viz_geom_segment(g, gx, (float)y, gx, (float)(y + ph + 3), 1.0f, grid);
        char b[16];
        snprintf(b, sizeof b, big ? "%d" : "'%02d",
                 def->start_year + (t - 1) / 52 - (big ? 0 : (def->start_year / 100) * 100));
        int bw = viz_text_width(g, VIZ_FONT_SMALL, b);
        if ((int)gx - bw / 2 > prev_end + 4 && (int)gx + bw / 2 <= px + pw) {
            viz_text(g, VIZ_FONT_SMALL, (int)gx, y + ph + 2, 1, dim_c(), b);
            prev_end = (int)gx + bw / 2;
        }
    }
    /* events: marks on the time axis */
    int label_end = px;
    for (int k = 0; k < v->mark_count; k++) {
        const viz_ticker_line *l = &v->marks[k];
        if (l->tick < first || l->tick > last) continue;
        float gx = SX(l->tick);
        viz_geom_segment(g, gx, (float)y, gx, (float)(y + ph), 1.0f, viz_rgba(0xff8ad8u, 150));
        viz_geom_quad(g, gx - 2, (float)(y + ph) - 4, 4, 4, viz_rgba(0xff8ad8u, 255));
        if (big) { /* the event's words at the top, where they fit */
            const char *words = strstr(l->text, "  ");
            words = words ? words + 2 : l->text;
            int tw = viz_text_width(g, VIZ_FONT_SMALL, words);
            int room = px + pw - (int)gx - 3;
            if (tw > 240) tw = 240;
            if (tw > room) tw = room;
            if ((int)gx + 3 > label_end && tw >= 60) {
                viz_geom_flush(g);
                viz_text_fit(g, VIZ_FONT_SMALL, (int)gx + 3, y + 2, 0, tw, viz_rgba(0xff8ad8u, 255),
                             words);
                label_end = (int)gx + 3 + tw + 8;
            }
        }
    }
    float qx = 0, qy = 0;
    for (int t = first; t <= last; t++) {
        double s = sgf_metric_get(&v->mhist[t], metric);
        float sx = SX(t), sy = SY(s);
        if (t > first)
            viz_geom_segment(g, qx, qy, sx, sy, big ? 2.0f : 1.4f, viz_rgba(0x7fc4ffu, 255));
        qx = sx, qy = sy;
    }
    if (v->scrub_tick >= 0 && shown >= first) {
        float gx = SX(shown);
        viz_geom_segment(g, gx, (float)y, gx, (float)(y + ph), 2.0f, viz_rgba(VIZ_RGB_SELECT, 255));
    }
    viz_geom_flush(g);
#undef SX
#undef SY
    return y + ph + lh + 4;
}

/* g: the focused chart over the net, large, with a legend. */
static void big_chart(sgf_viz *v)
{
    viz_gfx *g = &v->gfx;
    int x = v->cam.x + 16, y = v->cam.y + 12, w = v->cam.w - 32, h = v->cam.h - 24;
    viz_fill_rect(g, (float)x - 8, (float)y - 6, (float)w + 16, (float)h + 12,
                  viz_rgba(VIZ_RGB_PANEL, 255));
    viz_rect_outline(g, (float)x - 8, (float)y - 6, (float)w + 16, (float)h + 12,
                     viz_rgba(0x3a4458u, 255));
    int legend_h = 20;
    chart(v, x, y, w, h - legend_h - 40, v->chart_metric[v->chart_focus], true, true);
    int ly = y + h - legend_h;
    int lx = x + 56;
    viz_geom_segment(g, (float)lx, (float)ly + 7, (float)lx + 18, (float)ly + 7, 2.0f,
                     viz_rgba(0x7fc4ffu, 255));
    char title[96], line[160];
    metric_title(v->chart_metric[v->chart_focus], title, sizeof title);
    snprintf(line, sizeof line, "%s by week", title);
    lx += 24 + viz_text(g, VIZ_FONT_SMALL, lx + 24, ly, 0, dim_c(), line) + 24;
    viz_geom_quad(g, (float)lx, (float)ly + 3, 4, 8, viz_rgba(0xff8ad8u, 255));
    viz_geom_flush(g);
    lx += 10 +
          viz_text(g, VIZ_FONT_SMALL, lx + 10, ly, 0, dim_c(),
                   "events: scheduled, your what-ifs, moves") +
          24;
    viz_geom_segment(g, (float)lx, (float)ly + 1, (float)lx, (float)ly + 12, 2.0f,
                     viz_rgba(VIZ_RGB_SELECT, 255));
    viz_geom_flush(g);
    viz_text_fit(g, VIZ_FONT_SMALL, lx + 8, ly, 0, x + w - lx - 8, dim_c(),
                 "the week shown   ([ ] metric, v next chart, g close)");
}

/* ---- top bar ------------------------------------------------------------------------- */

static void top_bar(sgf_viz *v)
{
    viz_gfx *g = &v->gfx;
    viz_fill_rect(g, 0, 0, (float)v->width, VIZ_TOP_H, viz_rgba(0x0b0e14u, 255));
    const sgf_world_def *def = sgf_world_def_of(v->w);
    int tick = viz_shown_tick(v);
    /* tick t is the t-th week simulated: week (t - 1) % 52 + 1 of its year,
     * as timeseries.csv's year column counts it */
    char date[64];
    if (tick < 1)
        snprintf(date, sizeof date, "start of %d", def->start_year);
    else
        snprintf(date, sizeof date, "%d  week %02d", def->start_year + (tick - 1) / 52,
                 (tick - 1) % 52 + 1);
    int dw = viz_text_width(g, VIZ_FONT_LARGE, date);
    int mid0 = v->width / 2 - dw / 2 - 12, mid1 = v->width / 2 + dw / 2 + 12;
    viz_text(g, VIZ_FONT_LARGE, v->width / 2, 5, 1,
             v->scrub_tick >= 0 ? viz_rgba(VIZ_RGB_SELECT, 255) : text_c(), date);
    int x = 10;
    x += viz_text(g, VIZ_FONT_LARGE, x, 5, 0, text_c(), "sgf view");
    x += 14;
    char left[200];
    snprintf(left, sizeof left, "%s  \xc2\xb7  seed %llu", def->name,
             (unsigned long long)def->seed);
    viz_text_fit(g, VIZ_FONT_NORMAL, x, 8, 0, mid0 - x, dim_c(), left);
    char right[200];
    const char *state = v->scrub_tick >= 0 ? "LOOKING BACK"
                        : v->finished      ? "FINISHED"
                        : v->paused        ? "PAUSED"
                                           : "";
    char speed[32];
    snprintf(speed, sizeof speed, "%g weeks/s", viz_speeds[v->speed_index]);
    snprintf(right, sizeof right, "%s  \xc2\xb7  %s  \xc2\xb7  colour: %s",
             state[0] ? state : speed, v->layout == VIZ_LAYOUT_MAP ? "world map" : "value chain",
             viz_attr_label(v->color_attr));
    int rw = viz_text_fit(g, VIZ_FONT_NORMAL, v->width - 10, 8, 2, v->width - 10 - mid1,
                          state[0] ? viz_rgba(VIZ_RGB_SELECT, 255) : text_c(), right);
    /* the week's number and the draw time, where there is room */
    char info[96];
    if (v->opts.headless)
        snprintf(info, sizeof info, "tick %d / %d", viz_now_tick(v), def->ticks);
    else
        snprintf(info, sizeof info, "tick %d / %d  \xc2\xb7  draw %.1f ms", viz_now_tick(v),
                 def->ticks, (double)v->frame_ms);
    int ix = mid1;
    if (ix + viz_text_width(g, VIZ_FONT_SMALL, info) < v->width - 10 - rw - 16)
        viz_text(g, VIZ_FONT_SMALL, ix, 10, 0, dim_c(), info);
}

/* ---- left panel: HUD, charts, policy ------------------------------------------------- */

static void left_panel(sgf_viz *v)
{
    viz_gfx *g = &v->gfx;
    int x = 0, y = VIZ_TOP_H, w = VIZ_LEFT_W, h = v->height - VIZ_TOP_H;
    panel(g, x, y, w, h);
    const sgf_metrics *m = viz_metrics_at(v, viz_shown_tick(v));
    const sgf_world_def *def = sgf_world_def_of(v->w);
    int cx = 10, cw = w - 20, lh = 17;
    y += 8;
    char buf[64];
    if (viz_shown_tick(v) < 1) {
        /* before the first week: no week's flows yet; the stocks as they start */
        int partners = 0, up = 0, served = 0, mc = 0;
        sgf_partner_view pv;
        double trust = 0;
        for (int i = sgf_world_partner_next(v->w, 0); i >= 0;
             i = sgf_world_partner_next(v->w, i + 1)) {
            sgf_world_partner(v->w, i, &pv);
            partners++;
            up += sgf_role_is_upstream(pv.role);
            trust += pv.trust;
        }
        const sgf_market *mk = sgf_world_markets(v->w, &mc);
        for (int k = 0; k < mc; k++) served += mk[k].entered_tick >= 0 || def->markets[k].home;
        row(g, cx, y, cw, "revenue / week", "no week yet"), y += lh;
        money(buf, sizeof buf, def->firm.cash_eur);
        row(g, cx, y, cw, "cash", buf), y += lh;
        snprintf(buf, sizeof buf, "%d  (%d up)", partners, up);
        row(g, cx, y, cw, "partners", buf), y += lh;
        snprintf(buf, sizeof buf, "%d", served);
        row(g, cx, y, cw, "markets served", buf), y += lh;
        row(g, cx, y, cw, "fill rate", "no week yet"), y += lh;
        snprintf(buf, sizeof buf, "%.3f", partners ? trust / partners : 0.0);
        row(g, cx, y, cw, "mean trust", buf), y += lh;
        row(g, cx, y, cw, "dynamic capability", "no week yet"), y += lh;
    } else {
        money(buf, sizeof buf, m->revenue_eur);
        row(g, cx, y, cw, "revenue / week", buf), y += lh;
        money(buf, sizeof buf, m->cash_eur);
        row(g, cx, y, cw, "cash", buf), y += lh;
        snprintf(buf, sizeof buf, "%.0f  (%.0f up)", m->partners, m->upstream_partners);
        row(g, cx, y, cw, "partners", buf), y += lh;
        snprintf(buf, sizeof buf, "%.0f", m->markets_served);
        row(g, cx, y, cw, "markets served", buf), y += lh;
        snprintf(buf, sizeof buf, "%.3f", m->fill_rate);
        row(g, cx, y, cw, "fill rate", buf), y += lh;
        snprintf(buf, sizeof buf, "%.3f", m->mean_trust);
        row(g, cx, y, cw, "mean trust", buf), y += lh;
        snprintf(buf, sizeof buf, "%.3f", m->dc);
        row(g, cx, y, cw, "dynamic capability", buf), y += lh;
    }
    if (m->failed != 0.0)
        viz_text(g, VIZ_FONT_NORMAL, cx, y, 0, viz_rgba(0xff4040u, 255), "the firm has failed");
    y += lh + 2;

    /* the chart panel: room left above the policy panel, shared by the charts */
    int policy_h = 20 + VIZ_POLICY_ROWS * 14 + 8;
    int per = (v->height - 6 - policy_h - y) / VIZ_CHARTS;
    int ch = per - (g->ascent[VIZ_FONT_SMALL] + 3) * 2 - 6;
    if (ch < 14) ch = 14;
    for (int k = 0; k < VIZ_CHARTS; k++)
        y = chart(v, cx, y, cw, ch, v->chart_metric[k], k == v->chart_focus && v->chart_big, false);

    /* policy: modes and incentives, changed with the arrow keys and Enter */
    y += 4;
    viz_text(g, VIZ_FONT_NORMAL, cx, y, 0, text_c(),
             "policy (\xe2\x86\x91\xe2\x86\x93 \xe2\x86\x90\xe2\x86\x92 Enter)");
    y += lh;
    for (int r = 0; r < VIZ_POLICY_ROWS; r++) {
        const viz_policy_row *p = &v->policy[r];
        bool sel = r == v->policy_row, pend = p->pending != p->sent;
        if (sel)
            viz_fill_rect(g, (float)cx - 4, (float)y - 1, (float)cw + 8, 15,
                          viz_rgba(0x2c3650u, 255));
        if (pend)
            snprintf(buf, sizeof buf, "%g \xe2\x86\x92 %g (Enter)", p->sent, p->pending);
        else
            snprintf(buf, sizeof buf, "%g", p->sent);
        int vw = viz_text(g, VIZ_FONT_SMALL, cx + cw, y, 2,
                          pend ? viz_rgba(VIZ_RGB_SELECT, 255) : text_c(), buf);
        viz_text_fit(g, VIZ_FONT_SMALL, cx, y, 0, cw - vw - 8, sel ? text_c() : dim_c(), p->label);
        y += 14;
        if (y > v->height - 14) break;
    }
}

/* ---- right panel: legend ------------------------------------------------------------- */

static void legend(sgf_viz *v, int x, int y, int w)
{
    viz_gfx *g = &v->gfx;
    viz_text(g, VIZ_FONT_NORMAL, x, y, 0, text_c(), "legend");
    y += 20;
    char line[160];
    snprintf(line, sizeof line, "colour: %s  (c, shift+c)", viz_attr_label(v->color_attr));
    viz_text_fit(g, VIZ_FONT_SMALL, x, y, 0, w, dim_c(), line);
    y += 15;
    for (int i = 0; i < w; i++)
        viz_fill_rect(g, (float)(x + i), (float)y, 1, 10, viz_ramp((float)i / (float)(w - 1)));
    y += 12;
    bool unit = viz_attrs[v->color_attr].unit;
    viz_textf(g, VIZ_FONT_SMALL, x, y, 0, dim_c(), "%.3g low", unit ? 0.0 : (double)v->attr_lo[0]);
    viz_textf(g, VIZ_FONT_SMALL, x + w, y, 2, dim_c(), "high %.3g",
              unit ? 1.0 : (double)v->attr_hi[0]);
    y += 18;
    static const struct {
        viz_shape shape;
        const char *text;
    } shapes[] = {{VIZ_SHAPE_CIRCLE, "sales partner, distributor"},
                  {VIZ_SHAPE_DIAMOND, "strategic, marketing partner"},
                  {VIZ_SHAPE_SQUARE, "manufacturer, component supplier"},
                  {VIZ_SHAPE_TRIANGLE, "logistics provider"},
                  {VIZ_SHAPE_HEXAGON, "software supplier, R&D partner"},
                  {VIZ_SHAPE_PENTAGON, "university, institute, consultant"}};
    SDL_Color grey = viz_rgba(0xc8ccd4u, 255);
    for (size_t k = 0; k < sizeof shapes / sizeof shapes[0]; k++) {
        viz_sprite(g, shapes[k].shape, (float)x + 7, (float)y + 7, 11, grey);
        viz_text(g, VIZ_FONT_SMALL, x + 20, y, 0, dim_c(), shapes[k].text);
        y += 15;
    }
    viz_sprite(g, VIZ_SHAPE_SQUARE, (float)x + 7, (float)y + 7, 9, grey);
    viz_sprite(g, VIZ_SHAPE_RING, (float)x + 7, (float)y + 7, 15, viz_rgba(0xffffffu, 255));
    viz_text(g, VIZ_FONT_SMALL, x + 20, y, 0, dim_c(), "owned unit (office, joint venture)");
    y += 16;
    viz_sprite(g, VIZ_SHAPE_RING, (float)x + 7, (float)y + 7, 13, viz_rgba(0xff3030u, 255));
    viz_text(g, VIZ_FONT_SMALL, x + 20, y, 0, dim_c(), "opportunistic act under way");
    y += 15;
    viz_sprite(g, VIZ_SHAPE_CIRCLE, (float)x + 4, (float)y + 7, 5, grey);
    viz_sprite(g, VIZ_SHAPE_CIRCLE, (float)x + 13, (float)y + 7, 12, grey);
    snprintf(line, sizeof line, "size: %s (n); tie width: flow", viz_attr_label(v->size_attr));
    viz_text_fit(g, VIZ_FONT_SMALL, x + 24, y, 0, w - 24, dim_c(), line);
    y += 19;
    static const struct {
        uint32_t rgb;
        const char *text;
    } ties[] = {{0xe6964au, "supply tie (goods in)"},
                {0x6e96c8u, "sales tie (goods out)"},
                {0xaa78e6u, "knowledge tie"},
                {0x50c8b4u, "own unit"}};
    for (size_t k = 0; k < sizeof ties / sizeof ties[0]; k++) {
        viz_geom_segment(g, (float)x, (float)y + 7, (float)x + 16, (float)y + 7, 3,
                         viz_rgba(ties[k].rgb, 255));
        viz_geom_flush(g);
        viz_text(g, VIZ_FONT_SMALL, x + 22, y, 0, dim_c(), ties[k].text);
        y += 15;
    }
    static const struct {
        uint32_t rgb;
        const char *text;
    } dots[] = {{0xffaa3cu, "goods"}, {0xe6ebf5u, "orders"}, {0xbe8cffu, "knowledge"}};
    int dx = x;
    viz_text(g, VIZ_FONT_SMALL, dx, y, 0, dim_c(), "dots:");
    dx += 36;
    for (size_t k = 0; k < sizeof dots / sizeof dots[0]; k++) {
        viz_fill_rect(g, (float)dx, (float)y + 5, 4, 4, viz_rgba(dots[k].rgb, 255));
        dx += 8 + viz_text(g, VIZ_FONT_SMALL, dx + 7, y, 0, dim_c(), dots[k].text) + 6;
    }
    y += 17;
    if (v->layout == VIZ_LAYOUT_MAP) {
        viz_sprite(g, VIZ_SHAPE_RING, (float)x + 7, (float)y + 7, 10, viz_rgba(0x8fa3c4u, 255));
        viz_text(g, VIZ_FONT_SMALL, x + 20, y, 0, dim_c(), "country served");
        viz_sprite(g, VIZ_SHAPE_RING, (float)x + 127, (float)y + 7, 10, viz_rgba(0x56627eu, 255));
        viz_text(g, VIZ_FONT_SMALL, x + 140, y, 0, dim_c(), "not entered");
        y += 15;
    }
    viz_sprite(g, VIZ_SHAPE_RING, (float)x + 7, (float)y + 7, 14, viz_rgba(0xff6b5bu, 255));
    viz_text(g, VIZ_FONT_SMALL, x + 20, y, 0, dim_c(), "flash: an event (ticker below)");
}

/* ---- right panel: inspector ---------------------------------------------------------- */

/* Label-value cells in two columns, each measured with the font: a pair
 * that does not fit half the width takes a whole row; nothing is drawn
 * below ymax (the rest is counted and named). */
typedef struct grid {
    viz_gfx *g;
    int x, y, w, col, ymax, hidden;
} grid;

static void cell_text(grid *gr, const char *label, const char *value)
{
    viz_gfx *g = gr->g;
    const int gap = 12, lh = 13;
    int cw = (gr->w - gap) / 2;
    int lw = viz_text_width(g, VIZ_FONT_SMALL, label),
        vw = viz_text_width(g, VIZ_FONT_SMALL, value);
    bool wide = lw + 8 + vw > cw;
    if (wide && gr->col == 1) gr->y += lh, gr->col = 0;
    if (gr->hidden || gr->y + 2 * lh > gr->ymax) { /* a line kept for "N more" */
        gr->hidden++;
        return;
    }
    int x = gr->x + gr->col * (cw + gap), width = wide ? gr->w : cw;
    viz_text(g, VIZ_FONT_SMALL, x + width, gr->y, 2, text_c(), value);
    viz_text_fit(g, VIZ_FONT_SMALL, x, gr->y, 0, width - vw - 8, dim_c(), label);
    if (wide || gr->col == 1) {
        gr->y += lh;
        gr->col = 0;
    } else {
        gr->col = 1;
    }
}

static void cell(grid *gr, const char *label, const char *fmt, double value)
{
    char buf[48];
    snprintf(buf, sizeof buf, fmt, value);
    cell_text(gr, label, buf);
}

/* Ends the grid: the row in progress, and how many cells did not fit. */
static int grid_end(grid *gr)
{
    if (gr->col) gr->y += 13, gr->col = 0;
    if (gr->hidden) {
        char more[64];
        snprintf(more, sizeof more, "%d more (a larger window shows them)", gr->hidden);
        viz_text_fit(gr->g, VIZ_FONT_SMALL, gr->x, gr->y, 0, gr->w, dim_c(), more);
        gr->y += 13;
    }
    return gr->y;
}

static int partner_history(sgf_viz *v, int slot, int x, int y, int w, int h)
{
    viz_gfx *g = &v->gfx;
    int tick = sgf_world_tick(v->w);
    int first = slot >= 0 ? v->hist_start[slot] : -1;
    if (first < tick - (VIZ_HIST - 1)) first = tick - (VIZ_HIST - 1);
    viz_text_fit(g, VIZ_FONT_SMALL, x, y, 0, w, dim_c(),
                 "history: trust, motivation, satisfaction; flow as bars");
    y += 14;
    viz_fill_rect(g, (float)x, (float)y, (float)w, (float)h, viz_rgba(0x121722u, 255));
    if (slot < 0 || first < 0 || tick - first < 1) return y + h + 4;
    float maxf = 0;
    for (int t = first; t <= tick; t++) {
        float f = v->hist[(size_t)slot * VIZ_HIST + (size_t)(t % VIZ_HIST)].flow;
        if (f > maxf) maxf = f;
    }
    int span = tick - first;
    if (span < 52) span = 52;
    for (int t = first; t <= tick; t++) { /* flow as faint bars */
        const viz_hist *e = &v->hist[(size_t)slot * VIZ_HIST + (size_t)(t % VIZ_HIST)];
        if (maxf <= 0 || e->flow <= 0) continue;
        float bx = (float)x + (float)w * (float)(t - first) / (float)span;
        float bh = (float)h * e->flow / maxf;
        viz_geom_quad(g, bx, (float)(y + h) - bh, fmaxf(1.0f, (float)w / (float)span), bh,
                      viz_rgba(0xffaa3cu, 60));
    }
    static const uint32_t rgb[3] = {0x7fc4ffu, 0x7ddc7du, 0xffd84au};
    for (int s = 0; s < 3; s++) {
        float px = 0, py = 0;
        for (int t = first; t <= tick; t++) {
            const viz_hist *e = &v->hist[(size_t)slot * VIZ_HIST + (size_t)(t % VIZ_HIST)];
            int q = s == 0 ? e->trust : s == 1 ? e->motivation : e->satisfaction;
            float sx = (float)x + (float)w * (float)(t - first) / (float)span;
            float sy = (float)(y + h) - (float)h * (float)q / 255.0f;
            if (t > first) viz_geom_segment(g, px, py, sx, sy, 1.3f, viz_rgba(rgb[s], 255));
            px = sx, py = sy;
        }
    }
    viz_geom_flush(g);
    return y + h + 4;
}

const char *viz_act_words(int act)
{
    static const char *const words[SGF_OPP_COUNT] = {"none",    "shirking", "over-promising",
                                                     "leaking", "poaching", "defecting"};
    return act >= 0 && act < SGF_OPP_COUNT ? words[act] : "unknown";
}

/* A role's name in plain words: "sales partner" for sales_partner. */
void viz_role_words(int role, char *buf, size_t size)
{
    snprintf(buf, size, "%s", role >= 0 ? sgf_role_name((sgf_role)role) : "other");
    for (char *c = buf; *c; c++)
        if (*c == '_') *c = ' ';
}

static void inspect_partner(sgf_viz *v, int x, int y, int w, int ymax)
{
    viz_gfx *g = &v->gfx;
    /* the live partner, or the last state the inspector saw of it */
    sgf_partner_view now;
    bool alive = viz_selected_partner(v, &now);
    if (alive) viz_track_selection(v);
    const sgf_partner_view *p = &v->sel_last;
    if (!alive && p->uid != v->sel_uid) return;
    const sgf_world_def *def = sgf_world_def_of(v->w);
    viz_text_fit(g, VIZ_FONT_LARGE, x, y, 0, w, viz_rgba(VIZ_RGB_SELECT, 255), p->name);
    y += 22;
    const sgf_market_def *md =
        p->market >= 0 && p->market < def->market_count ? &def->markets[p->market] : NULL;
    char role[64], line[256];
    viz_role_words(p->role, role, sizeof role);
    snprintf(line, sizeof line, "%s  \xc2\xb7  %s (%s)", role, md ? md->name : "no country",
             md ? md->region : "-");
    viz_text_fit(g, VIZ_FONT_SMALL, x, y, 0, w, text_c(), line);
    y += 14;
    if (!alive) {
        viz_text_fit(g, VIZ_FONT_SMALL, x, y, 0, w, viz_rgba(0xff6b5bu, 255),
                     "has left the net (its last state)");
        y += 14;
    }
    snprintf(line, sizeof line, "partner no. %u  \xc2\xb7  joined in week %d  \xc2\xb7  %s",
             (unsigned)p->uid, p->joined_tick, p->owned ? "the firm's own unit" : "independent");
    viz_text_fit(g, VIZ_FONT_SMALL, x, y, 0, w, dim_c(), line);
    y += 17;
    /* history while the slot still holds this partner's record */
    int n = viz_node_by_uid(v, v->sel_uid);
    int slot = n >= 0 && v->nodes[n].alive ? v->nodes[n].index : -1;
    y = partner_history(v, slot, x, y, w, 44) + 4;
    grid gr = {g, x, y, w, 0, ymax, 0};
    static const char *const size_words[3] = {"smaller than the firm", "about the firm's size",
                                              "larger than the firm"};
    static const char *const repl_words[4] = {"-", "easy", "moderate", "hard"};
    cell_text(&gr, "opportunistic act", p->act ? viz_act_words(p->act) : "none");
    cell_text(&gr, "contract", p->contract ? "written" : "none written");
    cell_text(&gr, "size",
              p->size_class >= 0 && p->size_class < 3 ? size_words[p->size_class] : "-");
    cell_text(&gr, "to replace",
              p->replaceability >= 1 && p->replaceability <= 3 ? repl_words[p->replaceability]
                                                               : "-");
    cell(&gr, "trust", "%.3f", p->trust);
    cell(&gr, "commitment", "%.3f", p->commitment);
    cell(&gr, "motivation", "%.3f", p->motivation);
    cell(&gr, "satisfaction", "%.3f", p->satisfaction);
    cell(&gr, "alignment", "%.3f", p->alignment);
    cell(&gr, "product knowl.", "%.3f", p->product_knowledge);
    cell(&gr, "awareness", "%.3f", p->awareness);
    cell(&gr, "effort", "%.3f", p->effort);
    cell(&gr, "competence fit", "%.3f", p->competence_fit);
    cell(&gr, "opportunism", "%.3f", p->opportunism);
    cell(&gr, "loyalty", "%.3f", p->loyalty);
    cell(&gr, "firm's share", "%.3f", p->focal_share);
    cell(&gr, "size / firm", "%.3g", p->size_ratio);
    snprintf(line, sizeof line, "%.0f %s", (double)p->contact_persons,
             p->contact_persons < 1.5f ? "person" : "people");
    cell_text(&gr, "contacts", line);
    cell(&gr, "flow, units/wk", "%.1f", p->flow_units);
    cell(&gr, "smoothed flow", "%.1f", p->flow_ema);
    cell(&gr, "expected flow", "%.1f", p->expected_flow);
    cell(&gr, "capacity, units/wk", "%.1f", p->capacity_units_per_week * p->capacity_factor);
    if (p->capacity_factor < 1.0f) cell(&gr, "capacity factor", "%.2f", p->capacity_factor);
    cell(&gr, "value, EUR/wk", "%.0f", p->value_eur);
    cell(&gr, "outside option", "%.0f", p->outside_option);
    cell(&gr, "unit cost, EUR", "%.0f", p->unit_cost_eur);
    cell(&gr, "lead time, wk", "%.1f", p->lead_time_weeks);
    cell(&gr, "defect rate", "%.3f", p->defect_rate);
    cell(&gr, "attention, h/wk", "%.2f", p->attention_hours);
    cell(&gr, "monitoring", "%.3f", p->monitoring);
    cell(&gr, "coordination", "%.3f", p->coordination);
    cell(&gr, "integration", "%.3f", p->integration);
    cell(&gr, "felt monitoring", "%.3f", p->perceived_monitoring);
    cell(&gr, "influence", "%.3f", p->influence);
    cell(&gr, "experience", "%.3f", p->experience);
    cell(&gr, "training", "%.2f", p->training);
    cell(&gr, "leaked", "%.3f", p->leaked);
    cell(&gr, "tie age, wk", "%.0f", p->age_weeks);
    cell(&gr, "contact tenure, wk", "%.0f", p->key_tenure_weeks);
    cell(&gr, "wk below option", "%.0f", p->below_weeks);
    cell(&gr, "wk underperf.", "%.0f", p->underperf_weeks);
    cell(&gr, "warnings", "%.0f", p->warnings);
    static const char *const prefs[5] = {"values money", "values reference", "values access",
                                         "values learning", "values social"};
    for (int k = 0; k < 5; k++) cell(&gr, prefs[k], "%.2f", p->pref[k]);
    grid_end(&gr);
}

static void inspect_market(sgf_viz *v, int x, int y, int w, int ymax)
{
    viz_gfx *g = &v->gfx;
    const sgf_world_def *def = sgf_world_def_of(v->w);
    int mc = 0;
    const sgf_market *mk = sgf_world_markets(v->w, &mc);
    int m = v->sel_index;
    if (m < 0 || m >= mc || m >= def->market_count) return;
    const sgf_market_def *md = &def->markets[m];
    const sgf_market *s = &mk[m];
    char line[256];
    snprintf(line, sizeof line, "%s (%s)", md->name, md->iso);
    viz_text_fit(g, VIZ_FONT_LARGE, x, y, 0, w, viz_rgba(VIZ_RGB_SELECT, 255), line);
    y += 22;
    int partners = 0;
    for (int i = 0; i < v->node_count; i++)
        partners += v->nodes[i].alive && v->nodes[i].market == m;
    snprintf(line, sizeof line, "%s  \xc2\xb7  %s  \xc2\xb7  %d partners", md->region,
             md->home               ? "home"
             : s->entered_tick >= 0 ? "served"
             : s->open              ? "not entered"
                                    : "closed",
             partners);
    viz_text_fit(g, VIZ_FONT_SMALL, x, y, 0, w, text_c(), line);
    y += 18;
    grid gr = {g, x, y, w, 0, ymax, 0};
    cell(&gr, "demand, u/wk", "%.1f", s->demand_units);
    cell(&gr, "orders, u/wk", "%.1f", s->orders_units);
    cell(&gr, "demand level", "%.1f", s->demand_level);
    cell(&gr, "demand factor", "%.2f", s->demand_factor);
    cell(&gr, "revenue, EUR/wk", "%.0f", s->revenue_eur);
    cell(&gr, "revenue, M EUR", "%.3f", s->revenue_total_eur / 1e6);
    cell(&gr, "labour cost index", "%.3f", s->labour_cost_index);
    cell(&gr, "tariff", "%.3f", s->tariff);
    cell(&gr, "knowledge", "%.3f", s->knowledge);
    cell(&gr, "foreignness", "%.3f", s->foreignness);
    cell(&gr, "outsidership", "%.3f", s->outsidership);
    cell(&gr, "capacity factor", "%.2f", s->capacity_factor);
    cell(&gr, "sales channels", "%.0f", s->channels);
    cell_text(&gr, "open to entry", s->open ? "yes" : "no");
    if (s->entered_tick >= 0)
        cell(&gr, "entered in week", "%.0f", s->entered_tick);
    else
        cell_text(&gr, "entered", "not yet");
    if (s->first_sale_tick >= 0)
        cell(&gr, "first sale, week", "%.0f", s->first_sale_tick);
    else
        cell_text(&gr, "first sale", "not yet");
    cell(&gr, "cultural distance", "%.2f", md->cultural_distance);
    cell(&gr, "competition", "%.2f", md->competition);
    cell(&gr, "public share", "%.2f", md->public_sector_share);
    cell(&gr, "growth / year", "%.3f", md->demand_growth_per_year);
    grid_end(&gr);
}

static void inspect_firm(sgf_viz *v, int x, int y, int w, int ymax)
{
    viz_gfx *g = &v->gfx;
    const sgf_world_def *def = sgf_world_def_of(v->w);
    viz_text_fit(g, VIZ_FONT_LARGE, x, y, 0, w, viz_rgba(VIZ_RGB_SELECT, 255), def->firm.name);
    y += 22;
    char line[256];
    char gov[64];
    snprintf(gov, sizeof gov, "%s", sgf_governance_name(def->firm.governance));
    for (char *c = gov; *c; c++)
        if (*c == '_') *c = ' ';
    snprintf(line, sizeof line, "%.0f employees  \xc2\xb7  home %s  \xc2\xb7  %s",
             def->firm.employees, def->firm.home_iso, gov);
    viz_text_fit(g, VIZ_FONT_SMALL, x, y, 0, w, text_c(), line);
    y += 18;
    const sgf_metrics *m = viz_metrics_at(v, viz_shown_tick(v)); /* the timeline's week */
    grid gr = {g, x, y, w, 0, ymax, 0};
    for (int k = 0; k < sgf_metric_count; k++) {
        double val = sgf_metric_get(m, k);
        char label[64];
        snprintf(label, sizeof label, "%s", sgf_metric_table[k].name);
        for (char *c = label; *c; c++)
            if (*c == '_') *c = ' ';
        cell(&gr, label, fabs(val) >= 1e4 ? "%.4g" : fabs(val) >= 100 ? "%.0f" : "%.3g", val);
    }
    grid_end(&gr);
}

static void whatif_keys(sgf_viz *v, int x, int y)
{
    viz_gfx *g = &v->gfx;
    SDL_Color c = viz_rgba(0xff8ad8u, 255);
    viz_text(g, VIZ_FONT_NORMAL, x, y, 0, text_c(), "what-ifs");
    y += 18;
    if (v->sel_kind == VIZ_SEL_PARTNER || v->sel_kind == VIZ_SEL_MARKET) {
        const char *on = v->sel_kind == VIZ_SEL_PARTNER ? "partner" : "country";
        viz_textf(g, VIZ_FONT_SMALL, x, y, 0, c, "d defect (%s)   k key person leaves", on);
        y += 14;
        viz_text(g, VIZ_FONT_SMALL, x, y, 0, c, "x capacity -50% 26 wk   u cost +25%");
        y += 14;
        viz_text(g, VIZ_FONT_SMALL, x, y, 0, c, "m demand -40% 26 wk (its country)");
        y += 14;
    } else {
        viz_text(g, VIZ_FONT_SMALL, x, y, 0, dim_c(), "click a partner; shift+click its country");
        y += 14;
    }
    viz_text(g, VIZ_FONT_SMALL, x, y, 0, c,
             v->sel_kind == VIZ_SEL_NONE ? "t technology shift   m demand -40% (all)"
                                         : "t technology shift");
}

static void right_panel(sgf_viz *v)
{
    viz_gfx *g = &v->gfx;
    int x = v->width - VIZ_RIGHT_W, y = VIZ_TOP_H, w = VIZ_RIGHT_W, h = v->height - VIZ_TOP_H;
    panel(g, x, y, w, h);
    int cx = x + 10, cw = w - 20;
    int keys_y = v->height - 80;
    if (v->sel_kind == VIZ_SEL_PARTNER)
        inspect_partner(v, cx, y + 8, cw, keys_y - 6);
    else if (v->sel_kind == VIZ_SEL_MARKET)
        inspect_market(v, cx, y + 8, cw, keys_y - 6);
    else if (v->sel_kind == VIZ_SEL_FIRM)
        inspect_firm(v, cx, y + 8, cw, v->height - 6);
    else
        legend(v, cx, y + 8, cw);
    if (v->sel_kind != VIZ_SEL_FIRM) whatif_keys(v, cx, keys_y);
}

/* ---- bottom: ticker and messages ----------------------------------------------------- */

/* The status lines: what is wrong now and why, in words, before the
 * events. Returns how many were written into lines (at most max). */
int viz_status_lines(sgf_viz *v, viz_ticker_line *lines, int max)
{
    const sgf_world_def *def = sgf_world_def_of(v->w);
    int n = 0, tick = sgf_world_tick(v->w);
    for (int r = 0; r < SGF_ROLE_COUNT && n < max; r++) {
        if (v->role_gone_tick[r] < 0) continue;
        char role[64];
        viz_role_words(r, role, sizeof role);
        viz_ticker_line *l = &lines[n++];
        l->tick = tick;
        l->color = viz_rgba(0xff6b5bu, 255);
        snprintf(l->text, sizeof l->text, "warning: no %s left since week %d; its band stays empty",
                 role, v->role_gone_tick[r]);
    }
    const sgf_metrics *m = sgf_world_metrics(v->w);
    double fill_then = -1;
    int ago = tick - 12;
    if (ago >= 1 && ago < v->mhist_count) fill_then = v->mhist[ago].fill_rate;
    double weeks_backlog = m->orders_units > 0 ? m->backlog_units / m->orders_units : 0;
    bool falling = fill_then >= 0 && m->fill_rate < fill_then - 0.02;
    if (n < max && tick >= 1 && (v->bottleneck.on || (m->fill_rate < 0.9 && weeks_backlog > 4))) {
        viz_ticker_line *l = &lines[n++];
        l->tick = tick;
        l->color = viz_rgba(0xffa64au, 255);
        char fill[96];
        if (falling)
            snprintf(fill, sizeof fill, "fill rate %.2f (down from %.2f 12 weeks ago)",
                     m->fill_rate, fill_then);
        else
            snprintf(fill, sizeof fill, "fill rate %.2f", m->fill_rate);
        if (v->bottleneck.on)
            snprintf(l->text, sizeof l->text,
                     "bottleneck: %.30s can make %.1f units/week, %.0f asked; %.50s; backlog %.1f "
                     "weeks of orders",
                     v->bottleneck.name, (double)v->bottleneck.capacity,
                     (double)v->bottleneck.expected, fill, weeks_backlog);
        else
            snprintf(l->text, sizeof l->text,
                     "supply falls short: %s; backlog %.1f weeks of orders", fill, weeks_backlog);
    }
    for (int k = 0; k < v->shock_count && n < max; k++) {
        const viz_shock *sh = &v->shocks[k];
        viz_ticker_line *l = &lines[n++];
        l->tick = tick;
        l->color = viz_rgba(0xff8ad8u, 255);
        if (sh->end >= 0)
            snprintf(l->text, sizeof l->text, "shock: %s (%d weeks left)", sh->text,
                     sh->end - tick > 0 ? sh->end - tick : 0);
        else
            snprintf(l->text, sizeof l->text, "change: %s", sh->text);
    }
    for (int k = 0; k < v->move_count && n < max; k++) {
        const viz_move *mv = &v->moves[k];
        viz_ticker_line *l = &lines[n++];
        l->tick = tick;
        l->color = viz_rgba(0x6cc7e8u, 255);
        snprintf(l->text, sizeof l->text, "production moved from %s (%s) to %s (%s) in week %d",
                 def->markets[mv->from].name, def->markets[mv->from].iso, def->markets[mv->to].name,
                 def->markets[mv->to].iso, mv->tick);
    }
    return n;
}

static void ticker(sgf_viz *v)
{
    viz_gfx *g = &v->gfx;
    int x = VIZ_LEFT_W, w = v->width - VIZ_LEFT_W - VIZ_RIGHT_W, y = v->height - VIZ_BOTTOM_H;
    viz_fill_rect(g, (float)x, (float)y, (float)w, VIZ_BOTTOM_H, viz_rgba(0x0b0e14u, 225));
    int ly = y + 4;
    int tw = w - 20;
    if (v->message[0] && v->message_time > 0)
        viz_text_fit(g, VIZ_FONT_NORMAL, x + 10, ly, 0, tw, viz_rgba(VIZ_RGB_SELECT, 255),
                     v->message);
    else
        viz_text_fit(g, VIZ_FONT_SMALL, x + 10, ly + 2, 0, tw, dim_c(),
                     "space pause  . step  +/- speed  l layout  c colour  s screenshot  r restart  "
                     "h help  q quit");
    ly += 18;
    int shown = (VIZ_BOTTOM_H - 24) / 13;
    viz_ticker_line status[6];
    int ns = viz_status_lines(v, status, shown - 2 < 6 ? shown - 2 : 6);
    for (int k = 0; k < ns; k++) {
        viz_text_fit(g, VIZ_FONT_SMALL, x + 10, ly, 0, tw, status[k].color, status[k].text);
        ly += 13;
    }
    int upto = viz_shown_tick(v), last = v->log_count - 1;
    while (last >= 0 && v->log[last].tick > upto) last--;
    for (int k = 0; last - k >= 0 && k < shown - ns; k++) {
        const viz_ticker_line *t = &v->log[last - k];
        SDL_Color c = t->color;
        if (k > 0) c.a = (uint8_t)(255 - 18 * k);
        viz_text_fit(g, VIZ_FONT_SMALL, x + 10, ly, 0, tw, c, t->text);
        ly += 13;
    }
}

/* ---- help ---------------------------------------------------------------------------- */

static void help(sgf_viz *v)
{
    static const char *const lines[] = {
        "space  pause / run",
        ".  step one week (pauses)",
        "+ / -  faster / slower",
        "l  value chain / world map",
        "c  colour by trust, motivation, satisfaction",
        "wheel  zoom     drag  pan     0  reset view",
        "click  inspect a partner or the firm (map: a country ring)",
        "shift+click  select a partner's country",
        "tab / shift+tab  next / previous partner by volume",
        "f  the firm     backspace  clear the selection",
        "d k x u m  defect, key person leaves, capacity loss,",
        "       cost rise, demand shock (selection)",
        "t  technology shift (firm)",
        "arrows + Enter  change mode weights and incentives",
        "s  screenshot (PNG in the output directory)",
        "r  restart with the next seed     p  panels on/off",
        "q  quit",
    };
    viz_gfx *g = &v->gfx;
    int n = (int)(sizeof lines / sizeof lines[0]);
    int w = 480, h = 40 + n * 17;
    int x = (v->width - w) / 2, y = (v->height - h) / 2;
    viz_fill_rect(g, (float)x, (float)y, (float)w, (float)h, viz_rgba(0x0b0e14u, 245));
    viz_rect_outline(g, (float)x, (float)y, (float)w, (float)h, viz_rgba(0x3a4458u, 255));
    viz_text(g, VIZ_FONT_LARGE, x + 16, y + 10, 0, text_c(), "keys");
    for (int k = 0; k < n; k++)
        viz_text(g, VIZ_FONT_NORMAL, x + 16, y + 34 + 17 * k, 0, text_c(), lines[k]);
}

/* ---- the partner table (T) ------------------------------------------------------------ */

bool viz_table_pass(const sgf_viz *v, const sgf_partner_view *p)
{
    if (v->table_role >= 0 && (int)p->role != v->table_role) return false;
    if (v->table_market >= 0 && p->market != v->table_market) return false;
    return p->trust >= v->table_trust_lo - 1e-6f && p->trust <= v->table_trust_hi + 1e-6f;
}

typedef struct trow {
    int slot;
    double key;
    const char *name;
} trow;

static bool table_desc_order;
static int trow_cmp(const void *a, const void *b)
{
    const trow *x = a, *y = b;
    int c = 0;
    if (x->name && y->name)
        c = strcmp(x->name, y->name);
    else
        c = x->key < y->key ? -1 : x->key > y->key;
    if (table_desc_order) c = -c;
    return c ? c : x->slot - y->slot;
}

/* The partners that pass the filters (role, country, trust range), sorted
 * by any attribute; the cursor's row is the selected partner. */
int viz_table_rows(sgf_viz *v, int *slots, int max)
{
    int n = 0, cap = sgf_world_partner_slots(v->w);
    trow *rows = malloc(sizeof *rows * (size_t)(cap > 0 ? cap : 1));
    if (!rows) return 0;
    sgf_partner_view pv;
    for (int i = sgf_world_partner_next(v->w, 0); i >= 0; i = sgf_world_partner_next(v->w, i + 1)) {
        sgf_world_partner(v->w, i, &pv);
        if (!viz_table_pass(v, &pv)) continue;
        rows[n].slot = i;
        rows[n].name = v->table_sort < 0 ? sgf_world_partner_name(v->w, i) : NULL;
        rows[n].key = v->table_sort >= 0 ? viz_attr_get(&pv, v->table_sort) : 0;
        n++;
    }
    table_desc_order = v->table_desc; /* qsort has no context argument in C11 */
    qsort(rows, (size_t)n, sizeof *rows, trow_cmp);
    for (int k = 0; k < n && k < max; k++) slots[k] = rows[k].slot;
    free(rows);
    return n;
}

static void partner_table(sgf_viz *v)
{
    viz_gfx *g = &v->gfx;
    const sgf_world_def *def = sgf_world_def_of(v->w);
    int x = v->cam.x + 10, y = v->cam.y + 10, w = v->cam.w * 6 / 10, h = v->cam.h - 20;
    viz_fill_rect(g, (float)x - 6, (float)y - 6, (float)w + 12, (float)h + 12,
                  viz_rgba(VIZ_RGB_PANEL, 255));
    viz_rect_outline(g, (float)x - 6, (float)y - 6, (float)w + 12, (float)h + 12,
                     viz_rgba(0x3a4458u, 255));
    int cap = sgf_world_partner_slots(v->w);
    int *slots = malloc(sizeof *slots * (size_t)(cap > 0 ? cap : 1));
    if (!slots) return;
    int n = viz_table_rows(v, slots, cap);
    char line[256], role[64];
    if (v->table_role >= 0) viz_role_words(v->table_role, role, sizeof role);
    snprintf(
        line, sizeof line,
        "partners: %d shown  \xc2\xb7  role %s  \xc2\xb7  country %s  \xc2\xb7  trust %.1f-%.1f", n,
        v->table_role >= 0 ? role : "all",
        v->table_market >= 0 ? def->markets[v->table_market].iso : "all", (double)v->table_trust_lo,
        (double)v->table_trust_hi);
    viz_text_fit(g, VIZ_FONT_NORMAL, x, y, 0, w, text_c(), line);
    y += 18;
    snprintf(line, sizeof line,
             "sorted by %s, %s  (o, shift+o: sort; i: order; 1 role; 2 country; "
             "3 4 5 6 trust range; up/down: select; T: close)",
             v->table_sort < 0 ? "name" : viz_attrs[v->table_sort].label,
             v->table_desc ? "descending" : "ascending");
    viz_text_fit(g, VIZ_FONT_SMALL, x, y, 0, w, dim_c(), line);
    y += 18;
    /* columns: name, role, country, trust, and the sort attribute */
    int cname = x, crole = x + w * 36 / 100, cctry = x + w * 62 / 100, ctrust = x + w * 78 / 100,
        csort = x + w;
    viz_text(g, VIZ_FONT_SMALL, cname, y, 0, dim_c(), "name");
    viz_text(g, VIZ_FONT_SMALL, crole, y, 0, dim_c(), "role");
    viz_text(g, VIZ_FONT_SMALL, cctry, y, 0, dim_c(), "country");
    viz_text(g, VIZ_FONT_SMALL, ctrust, y, 2, dim_c(), "trust");
    const char *sl = v->table_sort < 0 ? "flow" : viz_attrs[v->table_sort].name;
    viz_text_fit(g, VIZ_FONT_SMALL, csort, y, 2, csort - ctrust - 12, dim_c(), sl);
    y += 15;
    int rows = (v->cam.y + v->cam.h - 12 - y) / 14;
    int cur = -1, sel = -1;
    sgf_partner_view spv;
    if (viz_selected_partner(v, &spv))
        for (int k = 0; k < n; k++)
            if (slots[k] == spv.id.index) cur = k;
    if (cur >= 0 && cur < v->table_scroll) v->table_scroll = cur;
    if (cur >= 0 && cur >= v->table_scroll + rows) v->table_scroll = cur - rows + 1;
    if (v->table_scroll > n - rows) v->table_scroll = n - rows > 0 ? n - rows : 0;
    for (int k = v->table_scroll; k < n && k < v->table_scroll + rows; k++) {
        sgf_partner_view pv;
        sgf_world_partner(v->w, slots[k], &pv);
        bool me = k == cur;
        if (me) {
            viz_fill_rect(g, (float)x - 4, (float)y - 1, (float)w + 8, 14,
                          viz_rgba(0x2c3650u, 255));
            sel = k;
        }
        SDL_Color c = me ? viz_rgba(VIZ_RGB_SELECT, 255) : text_c();
        viz_text_fit(g, VIZ_FONT_SMALL, cname, y, 0, crole - cname - 8, c, pv.name);
        viz_role_words(pv.role, role, sizeof role);
        viz_text_fit(g, VIZ_FONT_SMALL, crole, y, 0, cctry - crole - 8, c, role);
        viz_text_fit(g, VIZ_FONT_SMALL, cctry, y, 0, ctrust - cctry - 40, c,
                     pv.market >= 0 && pv.market < def->market_count ? def->markets[pv.market].iso
                                                                     : "-");
        char b[32];
        snprintf(b, sizeof b, "%.3f", (double)pv.trust);
        viz_text(g, VIZ_FONT_SMALL, ctrust, y, 2, c, b);
        double sv = v->table_sort < 0 ? pv.flow_ema : viz_attr_get(&pv, v->table_sort);
        snprintf(b, sizeof b, "%.4g", sv);
        viz_text(g, VIZ_FONT_SMALL, csort, y, 2, c, b);
        y += 14;
    }
    (void)sel;
    free(slots);
}

/* The timeline: the run so far as a bar under the net, the weeks that can
 * be looked back at (the last VIZ_HIST) brighter, events as marks, the week
 * shown as a knob. Click on it or PageUp/PageDown to look back, End for now. */
void viz_timeline_rect(const sgf_viz *v, SDL_Rect *r)
{
    *r = (SDL_Rect){v->cam.x + 10, v->cam.y + v->cam.h - 14, v->cam.w - 20, 8};
}

static void timeline(sgf_viz *v)
{
    viz_gfx *g = &v->gfx;
    SDL_Rect r;
    viz_timeline_rect(v, &r);
    int now = viz_now_tick(v), ticks = sgf_world_def_of(v->w)->ticks;
    if (ticks < 1 || now < 1) return;
    float k = (float)r.w / (float)ticks;
    viz_fill_rect(g, (float)r.x, (float)r.y + 2, (float)r.w, 4, viz_rgba(0x2a3346u, 255));
    /* the weeks run so far: every one can be looked at */
    viz_fill_rect(g, (float)r.x, (float)r.y + 2, (float)now * k, 4, viz_rgba(0x5a6a8au, 255));
    for (int i = 0; i < v->mark_count; i++)
        viz_fill_rect(g, (float)r.x + (float)v->marks[i].tick * k - 1, (float)r.y, 2, 8,
                      viz_rgba(0xff8ad8u, 255));
    float kx = (float)r.x + (float)viz_shown_tick(v) * k;
    viz_sprite(g, VIZ_SHAPE_CIRCLE, kx, (float)r.y + 4, 10,
               v->scrub_tick >= 0 ? viz_rgba(VIZ_RGB_SELECT, 255) : viz_rgba(0xd8dde6u, 255));
}

void viz_hud_draw(sgf_viz *v)
{
    if (!v->chart_big && !v->table) timeline(v);
    if (v->table) partner_table(v);
    if (v->chart_big) big_chart(v);
    if (v->panels) {
        left_panel(v);
        right_panel(v);
        ticker(v);
    }
    top_bar(v);
    if (v->help) help(v);
}

/* ---- policy rows --------------------------------------------------------------------- */

void viz_policy_init(sgf_viz *v)
{
    const sgf_world_def *def = &v->def;
    const sgf_management_def *mg = &def->firm.management;
    const sgf_incentive_def *in = &def->firm.incentives;
    /* the weights the model uses: a named preset's, or the custom ones
     * normalised (sgf_mode_weights, as the model computes them) */
    double wts[SGF_MODE_COUNT];
    sgf_mode_weights(mg->preset, mg->weight, wts);
    viz_policy_row rows[VIZ_POLICY_ROWS] = {
        {"influencing weight", SGF_EV_MODE_CHANGE, "influencing", 0.05, 0, 1, 0, 0, false},
        {"monitoring weight", SGF_EV_MODE_CHANGE, "monitoring", 0.05, 0, 1, 0, 0, false},
        {"coordinating weight", SGF_EV_MODE_CHANGE, "coordinating", 0.05, 0, 1, 0, 0, false},
        {"integrating weight", SGF_EV_MODE_CHANGE, "integrating", 0.05, 0, 1, 0, 0, false},
        {"attention h/week", SGF_EV_MODE_CHANGE, "attention_hours_per_week", 10, 0, 2000,
         mg->attention_hours_per_week, 0, true},
        {"margin share", SGF_EV_INCENTIVE_CHANGE, "margin_share", 0.01, 0, 1, in->margin_share, 0,
         true},
        {"bonus share", SGF_EV_INCENTIVE_CHANGE, "bonus_share", 0.01, 0, 1, in->bonus_share, 0,
         true},
        {"stick", SGF_EV_INCENTIVE_CHANGE, "stick", 0.05, 0, 1, in->stick, 0, true},
        {"training EUR/week", SGF_EV_INCENTIVE_CHANGE, "training_eur_per_week", 500, 0, 1e6,
         in->training_eur_per_week, 0, true},
    };
    for (int k = 0; k < SGF_MODE_COUNT; k++) {
        rows[k].known = true;
        rows[k].sent = round(wts[k] * 1000.0) / 1000.0;
    }
    for (int r = 0; r < VIZ_POLICY_ROWS; r++) {
        rows[r].pending = rows[r].sent;
        v->policy[r] = rows[r];
    }
}
