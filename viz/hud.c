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
#include <string.h>

#include "viz.h"

const char *const viz_color_metric_names[VIZ_COLOR_COUNT] = {"trust", "motivation", "satisfaction"};
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
    viz_text(g, VIZ_FONT_NORMAL, x, y, 0, dim_c(), label);
    viz_text(g, VIZ_FONT_NORMAL, x + w, y, 2, text_c(), value);
}

static int chart(sgf_viz *v, int x, int y, int w, int h, int series, const char *label,
                 const char *fmt, double scale)
{
    viz_gfx *g = &v->gfx;
    int last = v->series_last, first = v->series_first;
    if (last - first + 1 > 156) first = last - 155;
    viz_text(g, VIZ_FONT_SMALL, x, y, 0, dim_c(), label);
    y += 14;
    viz_fill_rect(g, (float)x, (float)y, (float)w, (float)h, viz_rgba(0x121722u, 255));
    if (last < first || last < 0) return y + h + 6;
    double lo = 1e300, hi = -1e300;
    for (int t = first; t <= last; t++) {
        double s = v->series[series][t % VIZ_HIST];
        if (s < lo) lo = s;
        if (s > hi) hi = s;
    }
    if (series == VIZ_SERIES_FILL || series == VIZ_SERIES_TRUST || series == VIZ_SERIES_DC) {
        if (lo > 0) lo = 0;
        if (hi < 1) hi = 1;
    } else if (lo > 0 && series != VIZ_SERIES_CASH) {
        lo = 0;
    }
    if (hi - lo < 1e-9) hi = lo + 1;
    if (lo < 0 && hi > 0) { /* a zero line */
        float zy = (float)y + (float)h * (float)(hi / (hi - lo));
        viz_geom_segment(g, (float)x, zy, (float)(x + w), zy, 1.0f, viz_rgba(0x3a4458u, 255));
    }
    float px = 0, py = 0;
    int span = 155;
    for (int t = first; t <= last; t++) {
        double s = v->series[series][t % VIZ_HIST];
        float sx = (float)x + (float)w * (float)(t - (last - span)) / (float)span;
        float sy = (float)y + (float)h - (float)h * (float)((s - lo) / (hi - lo));
        if (t > first) viz_geom_segment(g, px, py, sx, sy, 1.4f, viz_rgba(0x7fc4ffu, 255));
        px = sx, py = sy;
    }
    viz_geom_flush(g);
    viz_textf(g, VIZ_FONT_SMALL, x + w, y - 14, 2, text_c(), fmt,
              v->series[series][last % VIZ_HIST] * scale);
    return y + h + 6;
}

/* ---- top bar ------------------------------------------------------------------------- */

static void top_bar(sgf_viz *v)
{
    viz_gfx *g = &v->gfx;
    viz_fill_rect(g, 0, 0, (float)v->width, VIZ_TOP_H, viz_rgba(0x0b0e14u, 255));
    const sgf_world_def *def = sgf_world_def_of(v->w);
    int tick = sgf_world_tick(v->w);
    int x = 10;
    x += viz_textf(g, VIZ_FONT_LARGE, x, 5, 0, text_c(), "sgf view");
    x += 14;
    viz_textf(g, VIZ_FONT_NORMAL, x, 8, 0, dim_c(), "%s  \xc2\xb7  seed %llu", def->name,
              (unsigned long long)def->seed);
    int year = def->start_year + tick / 52, week = tick % 52 + 1;
    viz_textf(g, VIZ_FONT_LARGE, v->width / 2, 5, 1, text_c(), "%d  week %02d", year, week);
    char right[200];
    const char *state = v->finished ? "FINISHED" : v->paused ? "PAUSED" : "";
    if (state[0])
        snprintf(right, sizeof right, "%s  \xc2\xb7  %s  \xc2\xb7  colour: %s", state,
                 v->layout == VIZ_LAYOUT_MAP ? "world map" : "value chain",
                 viz_color_metric_names[v->color_metric]);
    else
        snprintf(right, sizeof right, "%g weeks/s  \xc2\xb7  %s  \xc2\xb7  colour: %s",
                 viz_speeds[v->speed_index],
                 v->layout == VIZ_LAYOUT_MAP ? "world map" : "value chain",
                 viz_color_metric_names[v->color_metric]);
    int rw = viz_text(g, VIZ_FONT_NORMAL, v->width - 10, 8, 2,
                      state[0] ? viz_rgba(VIZ_RGB_SELECT, 255) : text_c(), right);
    /* the week's number and the draw time, where there is room */
    char info[96];
    if (v->opts.headless)
        snprintf(info, sizeof info, "tick %d / %d", tick, def->ticks);
    else
        snprintf(info, sizeof info, "tick %d / %d  \xc2\xb7  draw %.1f ms", tick, def->ticks,
                 (double)v->frame_ms);
    int ix = v->width / 2 + 92;
    if (ix + viz_text_width(g, VIZ_FONT_SMALL, info) < v->width - 10 - rw - 16)
        viz_text(g, VIZ_FONT_SMALL, ix, 10, 0, dim_c(), info);
}

/* ---- left panel: HUD, charts, policy ------------------------------------------------- */

static void left_panel(sgf_viz *v)
{
    viz_gfx *g = &v->gfx;
    int x = 0, y = VIZ_TOP_H, w = VIZ_LEFT_W, h = v->height - VIZ_TOP_H;
    panel(g, x, y, w, h);
    const sgf_metrics *m = sgf_world_metrics(v->w);
    int cx = 10, cw = w - 20, lh = 17;
    y += 8;
    char buf[64];
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
    if (m->failed != 0.0)
        viz_text(g, VIZ_FONT_NORMAL, cx, y, 0, viz_rgba(0xff4040u, 255), "the firm has failed");
    y += lh + 2;

    int ch = v->height > 860 ? 34 : v->height > 760 ? 26 : 18;
    y = chart(v, cx, y, cw, ch, VIZ_SERIES_REVENUE, "revenue / week, 3 years", "%.2f M", 1e-6);
    y = chart(v, cx, y, cw, ch, VIZ_SERIES_CASH, "cash", "%.2f M", 1e-6);
    y = chart(v, cx, y, cw, ch, VIZ_SERIES_PARTNERS, "partners", "%.0f", 1.0);
    y = chart(v, cx, y, cw, ch, VIZ_SERIES_FILL, "fill rate", "%.3f", 1.0);
    y = chart(v, cx, y, cw, ch, VIZ_SERIES_TRUST, "mean trust", "%.3f", 1.0);
    y = chart(v, cx, y, cw, ch, VIZ_SERIES_DC, "dynamic capability", "%.3f", 1.0);

    /* policy: modes and incentives, changed with the arrow keys and Enter */
    y += 4;
    viz_text(g, VIZ_FONT_NORMAL, cx, y, 0, text_c(),
             "policy (\xe2\x86\x91\xe2\x86\x93 \xe2\x86\x90\xe2\x86\x92 Enter)");
    y += lh;
    for (int r = 0; r < VIZ_POLICY_ROWS; r++) {
        const viz_policy_row *p = &v->policy[r];
        bool sel = r == v->policy_row, pend = p->pending != p->sent || !p->known;
        if (sel)
            viz_fill_rect(g, (float)cx - 4, (float)y - 1, (float)cw + 8, 15,
                          viz_rgba(0x2c3650u, 255));
        viz_text(g, VIZ_FONT_SMALL, cx, y, 0, sel ? text_c() : dim_c(), p->label);
        if (sel && pend)
            snprintf(buf, sizeof buf, "%s \xe2\x86\x92 %g", p->known ? "" : "?", p->pending);
        else if (p->known)
            snprintf(buf, sizeof buf, "%g", p->sent);
        else
            snprintf(buf, sizeof buf, "preset");
        viz_text(g, VIZ_FONT_SMALL, cx + cw, y, 2,
                 sel && pend ? viz_rgba(VIZ_RGB_SELECT, 255) : text_c(), buf);
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
    viz_textf(g, VIZ_FONT_SMALL, x, y, 0, dim_c(), "colour: %s  (c)",
              viz_color_metric_names[v->color_metric]);
    y += 15;
    for (int i = 0; i < w; i++)
        viz_fill_rect(g, (float)(x + i), (float)y, 1, 10, viz_ramp((float)i / (float)(w - 1)));
    y += 12;
    viz_text(g, VIZ_FONT_SMALL, x, y, 0, dim_c(), "0 low");
    viz_text(g, VIZ_FONT_SMALL, x + w, y, 2, dim_c(), "high 1");
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
    viz_text(g, VIZ_FONT_SMALL, x + 24, y, 0, dim_c(), "size, tie width: volume (flow)");
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

typedef struct grid {
    viz_gfx *g;
    int x, y, w, col, y0;
} grid;

static void cell(grid *gr, const char *label, const char *fmt, double value)
{
    char buf[48];
    snprintf(buf, sizeof buf, fmt, value);
    int cw = (gr->w - 10) / 2;
    int x = gr->x + gr->col * (cw + 10);
    viz_text(gr->g, VIZ_FONT_SMALL, x, gr->y, 0, dim_c(), label);
    viz_text(gr->g, VIZ_FONT_SMALL, x + cw, gr->y, 2, text_c(), buf);
    if (gr->col == 1) gr->y += 13;
    gr->col ^= 1;
}

static int partner_history(sgf_viz *v, int slot, int x, int y, int w, int h)
{
    viz_gfx *g = &v->gfx;
    int tick = sgf_world_tick(v->w);
    int first = v->hist_start[slot];
    if (first < tick - (VIZ_HIST - 1)) first = tick - (VIZ_HIST - 1);
    viz_text(g, VIZ_FONT_SMALL, x, y, 0, dim_c(), "history: trust, motivation, satisfaction, flow");
    y += 14;
    viz_fill_rect(g, (float)x, (float)y, (float)w, (float)h, viz_rgba(0x121722u, 255));
    if (first < 0 || tick - first < 1) return y + h + 4;
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

static void inspect_partner(sgf_viz *v, int x, int y, int w)
{
    viz_gfx *g = &v->gfx;
    /* the live partner, or the last state the inspector saw of it */
    sgf_partner_view now;
    bool alive = viz_selected_partner(v, &now);
    if (alive) {
        v->sel_last = now;
        snprintf(v->sel_last_name, sizeof v->sel_last_name, "%s", now.name);
        v->sel_last.name = v->sel_last_name;
    }
    const sgf_partner_view *p = &v->sel_last;
    bool same = p->id.index == v->sel_index && p->id.generation == v->sel_gen;
    if (!alive && !same) return;
    const sgf_world_def *def = sgf_world_def_of(v->w);
    viz_text(g, VIZ_FONT_LARGE, x, y, 0, viz_rgba(VIZ_RGB_SELECT, 255), p->name);
    y += 22;
    const sgf_market_def *md =
        p->market >= 0 && p->market < def->market_count ? &def->markets[p->market] : NULL;
    viz_textf(g, VIZ_FONT_SMALL, x, y, 0, text_c(), "%s  \xc2\xb7  %s (%s)",
              sgf_role_name((sgf_role)p->role), md ? md->name : "?", md ? md->iso : "?");
    y += 14;
    if (!alive) {
        viz_text(g, VIZ_FONT_SMALL, x, y, 0, viz_rgba(0xff6b5bu, 255),
                 "has left the net (last state shown)");
        y += 14;
    }
    viz_textf(g, VIZ_FONT_SMALL, x, y, 0, dim_c(),
              "%.20s  \xc2\xb7  joined week %d  \xc2\xb7  id %d/%u", md ? md->region : "",
              p->joined_tick, v->sel_index, (unsigned)p->id.generation);
    y += 17;
    grid gr = {g, x, y, w, 0, y};
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
    cell(&gr, "focal share", "%.3f", p->focal_share);
    cell(&gr, "size ratio", "%.3g", p->size_ratio);
    cell(&gr, "contact persons", "%.2g", p->contact_persons);
    cell(&gr, "flow u/wk", "%.2f", p->flow_units);
    cell(&gr, "flow (smoothed)", "%.2f", p->flow_ema);
    cell(&gr, "expected flow", "%.2f", p->expected_flow);
    cell(&gr, "value EUR/wk", "%.0f", p->value_eur);
    cell(&gr, "outside option", "%.0f", p->outside_option);
    cell(&gr, "capacity u/wk", "%.1f", p->capacity_units_per_week);
    cell(&gr, "capacity factor", "%.2f", p->capacity_factor);
    cell(&gr, "unit cost EUR", "%.0f", p->unit_cost_eur);
    cell(&gr, "lead time wk", "%.1f", p->lead_time_weeks);
    cell(&gr, "defect rate", "%.3f", p->defect_rate);
    cell(&gr, "attention h", "%.2f", p->attention_hours);
    cell(&gr, "monitoring", "%.3f", p->monitoring);
    cell(&gr, "coordination", "%.3f", p->coordination);
    cell(&gr, "integration", "%.3f", p->integration);
    cell(&gr, "perc. monitoring", "%.3f", p->perceived_monitoring);
    cell(&gr, "influence", "%.3f", p->influence);
    cell(&gr, "experience", "%.3f", p->experience);
    cell(&gr, "training", "%.2f", p->training);
    cell(&gr, "leaked", "%.3f", p->leaked);
    cell(&gr, "age weeks", "%.0f", p->age_weeks);
    cell(&gr, "key tenure wk", "%.0f", p->key_tenure_weeks);
    cell(&gr, "weeks below opt.", "%.0f", p->below_weeks);
    cell(&gr, "underperf. wk", "%.0f", p->underperf_weeks);
    cell(&gr, "warnings", "%.0f", p->warnings);
    cell(&gr, "contract", "%.0f", p->contract);
    cell(&gr, "replaceability", "%.0f", p->replaceability);
    cell(&gr, "size class", "%.0f", p->size_class);
    cell(&gr, "owned", "%.0f", p->owned);
    cell(&gr, "act (0 none)", "%.0f", p->act);
    static const char *const prefs[5] = {"pref money", "pref reference", "pref access",
                                         "pref learning", "pref social"};
    for (int k = 0; k < 5; k++) cell(&gr, prefs[k], "%.2f", p->pref[k]);
    if (gr.col) gr.y += 13;
    y = gr.y + 6;
    partner_history(v, v->sel_index, x, y, w, 60);
}

static void inspect_market(sgf_viz *v, int x, int y, int w)
{
    viz_gfx *g = &v->gfx;
    const sgf_world_def *def = sgf_world_def_of(v->w);
    int mc = 0;
    const sgf_market *mk = sgf_world_markets(v->w, &mc);
    int m = v->sel_index;
    if (m < 0 || m >= mc || m >= def->market_count) return;
    const sgf_market_def *md = &def->markets[m];
    const sgf_market *s = &mk[m];
    viz_textf(g, VIZ_FONT_LARGE, x, y, 0, viz_rgba(VIZ_RGB_SELECT, 255), "%s (%s)", md->name,
              md->iso);
    y += 22;
    int partners = 0;
    for (int i = 0; i < v->node_count; i++)
        partners += v->nodes[i].alive && v->nodes[i].market == m;
    viz_textf(g, VIZ_FONT_SMALL, x, y, 0, text_c(), "%s  \xc2\xb7  %s  \xc2\xb7  %d partners",
              md->region,
              md->home               ? "home"
              : s->entered_tick >= 0 ? "served"
                                     : "not entered",
              partners);
    y += 18;
    grid gr = {g, x, y, w, 0, y};
    cell(&gr, "demand u/wk", "%.2f", s->demand_units);
    cell(&gr, "demand level", "%.2f", s->demand_level);
    cell(&gr, "demand factor", "%.2f", s->demand_factor);
    cell(&gr, "orders u/wk", "%.2f", s->orders_units);
    cell(&gr, "revenue / wk", "%.0f", s->revenue_eur);
    cell(&gr, "revenue total M", "%.3f", s->revenue_total_eur / 1e6);
    cell(&gr, "labour cost idx", "%.3f", s->labour_cost_index);
    cell(&gr, "tariff", "%.3f", s->tariff);
    cell(&gr, "knowledge", "%.3f", s->knowledge);
    cell(&gr, "foreignness", "%.3f", s->foreignness);
    cell(&gr, "outsidership", "%.3f", s->outsidership);
    cell(&gr, "capacity factor", "%.2f", s->capacity_factor);
    cell(&gr, "channels", "%.0f", s->channels);
    cell(&gr, "open", "%.0f", s->open);
    cell(&gr, "entered week", "%.0f", s->entered_tick);
    cell(&gr, "first sale week", "%.0f", s->first_sale_tick);
    cell(&gr, "cultural dist.", "%.2f", md->cultural_distance);
    cell(&gr, "competition", "%.2f", md->competition);
    cell(&gr, "public share", "%.2f", md->public_sector_share);
    cell(&gr, "growth / yr", "%.3f", md->demand_growth_per_year);
    cell(&gr, "latitude", "%.2f", md->lat);
    cell(&gr, "longitude", "%.2f", md->lon);
}

static void inspect_firm(sgf_viz *v, int x, int y, int w)
{
    viz_gfx *g = &v->gfx;
    const sgf_world_def *def = sgf_world_def_of(v->w);
    viz_text(g, VIZ_FONT_LARGE, x, y, 0, viz_rgba(VIZ_RGB_SELECT, 255), def->firm.name);
    y += 22;
    viz_textf(g, VIZ_FONT_SMALL, x, y, 0, text_c(),
              "home %s  \xc2\xb7  %s  \xc2\xb7  %.0f employees", def->firm.home_iso,
              sgf_governance_name(def->firm.governance), def->firm.employees);
    y += 18;
    const sgf_metrics *m = sgf_world_metrics(v->w);
    grid gr = {g, x, y, w, 0, y};
    for (int k = 0; k < sgf_metric_count; k++) {
        if (gr.y > v->height - 40) break;
        char label[40];
        snprintf(label, sizeof label, "%.19s", sgf_metric_table[k].name);
        double val = sgf_metric_get(m, k);
        cell(&gr, label, fabs(val) >= 1e4 ? "%.4g" : fabs(val) >= 100 ? "%.0f" : "%.3g", val);
    }
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
    if (v->sel_kind == VIZ_SEL_PARTNER)
        inspect_partner(v, cx, y + 8, cw);
    else if (v->sel_kind == VIZ_SEL_MARKET)
        inspect_market(v, cx, y + 8, cw);
    else if (v->sel_kind == VIZ_SEL_FIRM)
        inspect_firm(v, cx, y + 8, cw);
    else
        legend(v, cx, y + 8, cw);
    if (v->sel_kind != VIZ_SEL_FIRM) whatif_keys(v, cx, v->height - 80);
}

/* ---- bottom: ticker and messages ----------------------------------------------------- */

static void ticker(sgf_viz *v)
{
    viz_gfx *g = &v->gfx;
    int x = VIZ_LEFT_W, w = v->width - VIZ_LEFT_W - VIZ_RIGHT_W, y = v->height - VIZ_BOTTOM_H;
    viz_fill_rect(g, (float)x, (float)y, (float)w, VIZ_BOTTOM_H, viz_rgba(0x0b0e14u, 225));
    int ly = y + 4;
    if (v->message[0] && v->message_time > 0)
        viz_text(g, VIZ_FONT_NORMAL, x + 10, ly, 0, viz_rgba(VIZ_RGB_SELECT, 255), v->message);
    else
        viz_text(g, VIZ_FONT_SMALL, x + 10, ly + 2, 0, dim_c(),
                 "space pause  . step  +/- speed  l layout  c colour  s screenshot  r restart  "
                 "h help  q quit");
    ly += 18;
    int shown = (VIZ_BOTTOM_H - 24) / 13;
    for (int k = 0; k < v->ticker_count && k < shown; k++) {
        const viz_ticker_line *t = &v->ticker[k];
        SDL_Color c = t->color;
        if (k > 0) c.a = (uint8_t)(255 - 18 * k);
        viz_text(g, VIZ_FONT_SMALL, x + 10, ly, 0, c, t->text);
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

void viz_hud_draw(sgf_viz *v)
{
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
    bool custom = mg->preset == SGF_PRESET_CUSTOM;
    /* with a custom preset the scenario's weights are known (normalised as the
     * model does); a named preset's are the model's own */
    double sum = 0;
    for (int k = 0; k < SGF_MODE_COUNT; k++) sum += mg->weight[k] > 0 ? mg->weight[k] : 0;
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
        rows[k].known = custom;
        rows[k].sent = custom && sum > 0 ? (mg->weight[k] > 0 ? mg->weight[k] / sum : 0) : 0.25;
        rows[k].sent = round(rows[k].sent * 1000.0) / 1000.0;
    }
    for (int r = 0; r < VIZ_POLICY_ROWS; r++) {
        rows[r].pending = rows[r].sent;
        v->policy[r] = rows[r];
    }
}
