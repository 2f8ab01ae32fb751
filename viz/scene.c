/* scene.c: the net itself: map background, ties, moving dots, nodes, flashes.
 *
 * Encodings (the legend in hud.c names them):
 *   node shape   role (viz_role_shape); owned units get a white ring
 *   node colour  trust, motivation or satisfaction (`c`), red low, blue high
 *   node size    volume through the partner: its smoothed flow against the
 *                largest on its side of the chain
 *   tie colour   what it carries (goods, sales, knowledge, own unit)
 *   tie width    the same flow share
 *   dots         goods (orange) and orders (white) moving along supply and
 *                sales ties in their directions; knowledge (violet) going
 *                back and forth on knowledge ties
 *   red ring     an opportunistic act under way
 *   flash        an expanding ring where an event hit (ticker in hud.c)
 * Ties run from the firm to each partner: cubic curves with flat ends in the
 * value chain, bowed arcs on the map. Everything is batched (draw.c): the
 * ties and dots in one geometry call, nodes as unscaled sprite copies.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "viz.h"

static const uint32_t tie_rgb[VIZ_TIE_COUNT] = {0xe6964au, 0x6e96c8u, 0xaa78e6u, 0x50c8b4u};
#define DOT_GOODS 0xffaa3cu
#define DOT_ORDERS 0xe6ebf5u
#define DOT_KNOWLEDGE 0xbe8cffu

void viz_focal_screen(const sgf_viz *v, float *x, float *y)
{
    *x = viz_sx(&v->cam, v->focal_ax);
    *y = viz_sy(&v->cam, v->focal_ay);
}

void viz_node_screen(const sgf_viz *v, const viz_node *n, float *x, float *y)
{
    float s = viz_node_scale(&v->cam);
    *x = viz_sx(&v->cam, n->ax) + n->ox * s;
    *y = viz_sy(&v->cam, n->ay) + n->oy * s;
}

/* Size by volume, but never larger than the node's room in the grid; on the
 * map a little smaller, as clusters share the screen with the countries. */
static float node_diameter(const sgf_viz *v, const viz_node *n)
{
    float d = n->size * viz_node_scale(&v->cam);
    if (v->layout == VIZ_LAYOUT_MAP) return d * 0.75f;
    float room = n->cell * v->cam.fit * v->cam.zoom * 0.92f;
    if (n->cell > 0.0f && d > room) d = room < 2.0f ? 2.0f : room;
    return d;
}

static float focal_diameter(const sgf_viz *v)
{
    return 20.0f * viz_node_scale(&v->cam);
}

/* A point of the tie from the firm (t = 0) to the partner (t = 1). */
typedef struct curve {
    float x0, y0, x1, y1, x2, y2, x3, y3; /* cubic Bezier control points */
} curve;

static curve tie_curve(int layout, float fx, float fy, float nx, float ny)
{
    curve c = {fx, fy, 0, 0, 0, 0, nx, ny};
    float dx = nx - fx, dy = ny - fy;
    if (layout == VIZ_LAYOUT_MAP) {
        /* a quadratic arc bowed upward (north), written as a cubic */
        float len = sqrtf(dx * dx + dy * dy);
        float px = len > 0 ? -dy / len : 0, py = len > 0 ? dx / len : 0;
        if (py > 0) px = -px, py = -py;
        float qx = (fx + nx) * 0.5f + px * 0.22f * len, qy = (fy + ny) * 0.5f + py * 0.22f * len;
        c.x1 = fx + (qx - fx) * (2.0f / 3.0f);
        c.y1 = fy + (qy - fy) * (2.0f / 3.0f);
        c.x2 = nx + (qx - nx) * (2.0f / 3.0f);
        c.y2 = ny + (qy - ny) * (2.0f / 3.0f);
    } else if (fabsf(dx) >= fabsf(dy)) {
        c.x1 = fx + dx * 0.5f, c.y1 = fy;
        c.x2 = fx + dx * 0.5f, c.y2 = ny;
    } else {
        c.x1 = fx, c.y1 = fy + dy * 0.5f;
        c.x2 = nx, c.y2 = fy + dy * 0.5f;
    }
    return c;
}

static void curve_at(const curve *c, float t, float *x, float *y)
{
    float u = 1.0f - t;
    float a = u * u * u, b = 3 * u * u * t, d = 3 * u * t * t, e = t * t * t;
    *x = a * c->x0 + b * c->x1 + d * c->x2 + e * c->x3;
    *y = a * c->y0 + b * c->y1 + d * c->y2 + e * c->y3;
}

static bool curve_visible(const curve *c, float w, float h)
{
    float lx = fminf(fminf(c->x0, c->x1), fminf(c->x2, c->x3));
    float hx = fmaxf(fmaxf(c->x0, c->x1), fmaxf(c->x2, c->x3));
    float ly = fminf(fminf(c->y0, c->y1), fminf(c->y2, c->y3));
    float hy = fmaxf(fmaxf(c->y0, c->y1), fmaxf(c->y2, c->y3));
    return hx >= 0 && lx <= w && hy >= 0 && ly <= h;
}

static float frac(double x)
{
    return (float)(x - floor(x));
}

/* ---- labels ------------------------------------------------------------------------- */

/* A label of the scene, placed only where it touches no label placed
 * before it in this frame (the firm's first, then the bands', regions',
 * countries', partners'), on a dark backing so ties pass under it. Width
 * at most max_w (0: no limit). Returns whether it was drawn. */
static bool label_try(sgf_viz *v, int font, int x, int y, int align, int max_w, SDL_Color c,
                      const char *text, bool backing)
{
    viz_gfx *g = &v->gfx;
    int tw = viz_text_width(g, font, text);
    if (max_w > 0 && tw > max_w) tw = max_w;
    if (tw < 8) return false;
    int bx = align == 1 ? x - tw / 2 : align == 2 ? x - tw : x;
    SDL_Rect r = {bx - 2, y, tw + 4, g->ascent[font] + 1};
    for (int i = 0; i < v->placed_count; i++)
        if (SDL_HasIntersection(&r, &v->placed[i])) return false;
    if (v->placed_count == v->placed_cap) {
        int cap = v->placed_cap ? v->placed_cap * 2 : 128;
        SDL_Rect *p = realloc(v->placed, sizeof *p * (size_t)cap);
        if (!p) return false;
        v->placed = p;
        v->placed_cap = cap;
    }
    v->placed[v->placed_count++] = r;
    if (backing)
        viz_fill_rect(g, (float)r.x, (float)r.y, (float)r.w, (float)g->line_h[font] - 1,
                      viz_rgba(VIZ_RGB_BACKGROUND, 215));
    viz_text_fit(g, font, bx, y, 0, tw, c, text);
    return true;
}

/* ---- background ---------------------------------------------------------------------- */

static int cmp_float(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return x < y ? -1 : x > y;
}

/* Background, ocean and land for the current camera into one window-sized
 * texture, redrawn only when the camera or the window changes: copying it
 * unblended each frame is as cheap as clearing the screen. Land is filled
 * by scanlines (even-odd over all outlines; they do not overlap). */
static void map_background(sgf_viz *v, float x0, float y0, float x1, float y1)
{
    viz_gfx *g = &v->gfx;
    const viz_camera *c = &v->cam;
    float key[6] = {c->fit * v->map_stretch, c->zoom,         c->cx, c->cy,
                    (float)v->width,         (float)v->height};
    bool fresh = v->map_tex && memcmp(key, v->map_key, sizeof key) == 0;
    if (!v->coast_edges) { /* the outlines' edges, lower end first, once */
        int total = 0;
        for (int p = 0; p < viz_coast_count; p++) total += viz_coast[p].count;
        v->coast_edges = malloc(sizeof *v->coast_edges * (size_t)total);
        if (!v->coast_edges) return;
        for (int p = 0; p < viz_coast_count; p++) {
            const viz_polygon *poly = &viz_coast[p];
            for (int k = 0; k < poly->count; k++) {
                int k2 = k + 1 < poly->count ? k + 1 : 0;
                float la = poly->pts[2 * k + 1], lb = poly->pts[2 * k2 + 1];
                float oa = poly->pts[2 * k], ob = poly->pts[2 * k2];
                if (la == lb) continue; /* horizontal: no crossing */
                viz_edge *e = &v->coast_edges[v->coast_edge_count++];
                e->lat0 = la < lb ? la : lb;
                e->lat1 = la < lb ? lb : la;
                e->lon0 = la < lb ? oa : ob;
                e->slope = (la < lb ? ob - oa : oa - ob) / (e->lat1 - e->lat0);
            }
        }
    }
    if (!fresh) {
        int W = v->width, H = v->height;
        if (!v->map_tex || v->map_w != W || v->map_h != H) {
            if (v->map_tex) SDL_DestroyTexture(v->map_tex);
            free(v->map_px);
            v->map_px = malloc(sizeof *v->map_px * (size_t)W * (size_t)H);
            v->map_tex = v->map_px ? SDL_CreateTexture(g->ren, SDL_PIXELFORMAT_ARGB8888,
                                                       SDL_TEXTUREACCESS_STATIC, W, H)
                                   : NULL;
            v->map_w = W;
            v->map_h = H;
            if (!v->map_tex) return;
            SDL_SetTextureBlendMode(v->map_tex, SDL_BLENDMODE_NONE);
        }
        uint32_t bg = 0xff000000u | VIZ_RGB_BACKGROUND, ocean = 0xff000000u | VIZ_RGB_OCEAN;
        uint32_t land = 0xff000000u | 0x1d2940u;
        int ix0 = (int)fmaxf(0, ceilf(x0)), ix1 = (int)fminf((float)W, ceilf(x1));
        int iy0 = (int)fmaxf(0, ceilf(y0)), iy1 = (int)fminf((float)H, ceilf(y1));
        float xs[512];
        for (int y = 0; y < H; y++) {
            uint32_t *row = v->map_px + (size_t)y * (size_t)W;
            bool in = y >= iy0 && y < iy1;
            for (int x = 0; x < W; x++) row[x] = in && x >= ix0 && x < ix1 ? ocean : bg;
            if (!in) continue;
            float wy =
                c->cy + ((float)y + 0.5f - ((float)c->y + (float)c->h * 0.5f)) / (c->fit * c->zoom);
            float lat = 80.0f - wy / (VIZ_WORLD_W * v->map_stretch) * 360.0f;
            int n = 0;
            for (int k = 0; k < v->coast_edge_count && n < 512; k++) {
                const viz_edge *e = &v->coast_edges[k];
                if (lat < e->lat0 || lat >= e->lat1) continue;
                float wx, wy2;
                viz_project(v, lat, e->lon0 + (lat - e->lat0) * e->slope, &wx, &wy2);
                xs[n++] = viz_sx(c, wx);
            }
            qsort(xs, (size_t)n, sizeof xs[0], cmp_float);
            for (int k = 0; k + 1 < n; k += 2) {
                int a = (int)ceilf(xs[k] - 0.5f), b = (int)ceilf(xs[k + 1] - 0.5f);
                if (a < ix0) a = ix0;
                if (b > ix1) b = ix1;
                for (int x = a; x < b; x++) row[x] = land;
            }
        }
        SDL_UpdateTexture(v->map_tex, NULL, v->map_px, W * 4);
        memcpy(v->map_key, key, sizeof key);
    }
    SDL_RenderCopy(g->ren, v->map_tex, NULL, NULL);
}

static void draw_map(sgf_viz *v)
{
    viz_gfx *g = &v->gfx;
    const viz_camera *c = &v->cam;
    float x0 = viz_sx(c, 0), y0 = viz_sy(c, 0);
    float x1 = viz_sx(c, VIZ_WORLD_W), y1 = viz_sy(c, viz_map_height(v));
    map_background(v, x0, y0, x1, y1);
    /* coastlines */
    SDL_Color coast = viz_rgba(0x34466au, 255);
    SDL_SetRenderDrawColor(g->ren, coast.r, coast.g, coast.b, coast.a);
    SDL_FPoint pts[256];
    for (int p = 0; p < viz_coast_count; p++) {
        const viz_polygon *poly = &viz_coast[p];
        int n = 0;
        for (int k = 0; k <= poly->count && n < 256; k++) {
            int kk = k % poly->count;
            float wx, wy;
            viz_project(v, poly->pts[2 * kk + 1], poly->pts[2 * kk], &wx, &wy);
            pts[n].x = viz_sx(c, wx);
            pts[n].y = viz_sy(c, wy);
            n++;
        }
        SDL_RenderDrawLinesF(g->ren, pts, n);
    }
    SDL_Color grid = viz_rgba(VIZ_RGB_GRATICULE, 255), strong = viz_rgba(0x34466au, 255);
    for (int lon = -180; lon <= 180; lon += 20) {
        float x, y;
        viz_project(v, 0, (float)lon, &x, &y);
        float sx = viz_sx(c, x);
        viz_geom_segment(g, sx, y0, sx, y1, 1.0f, lon == 0 ? strong : grid);
    }
    for (int lat = 80; lat >= -60; lat -= 20) {
        float x, y;
        viz_project(v, (float)lat, -180, &x, &y);
        float sy = viz_sy(c, y);
        viz_geom_segment(g, x0, sy, x1, sy, 1.0f, lat == 0 ? strong : grid);
    }
    /* tropics and polar circles, faint */
    static const float special[] = {23.44f, -23.44f, 66.56f};
    for (size_t k = 0; k < sizeof special / sizeof special[0]; k++) {
        float x, y;
        viz_project(v, special[k], -180, &x, &y);
        float sy = viz_sy(c, y);
        if (sy < 0 || sy > (float)v->height) continue;
        /* dashes on screen only: zoomed in, the line is many screens long */
        float from = x0 + 12.0f * floorf(fmaxf(0.0f, -x0) / 12.0f);
        for (float sx = from; sx < x1 && sx < (float)v->width; sx += 12.0f)
            viz_geom_segment(g, sx, sy, fminf(sx + 5.0f, x1), sy, 1.0f, grid);
    }
    viz_geom_flush(g);
    /* coordinates along the edges */
    SDL_Color dim = viz_rgba(0x4a5a78u, 255);
    for (int lon = -160; lon <= 160; lon += 40) {
        float x, y;
        viz_project(v, 0, (float)lon, &x, &y);
        char t[16];
        snprintf(t, sizeof t, "%d°", lon);
        label_try(v, VIZ_FONT_SMALL, (int)viz_sx(c, x) + 2, (int)y1 - 14, 0, 0, dim, t, false);
    }
    for (int lat = 60; lat >= -40; lat -= 20) {
        float x, y;
        viz_project(v, (float)lat, -180, &x, &y);
        char t[16];
        snprintf(t, sizeof t, "%d°", lat);
        label_try(v, VIZ_FONT_SMALL, (int)x0 + 3, (int)viz_sy(c, y) + 1, 0, 0, dim, t, false);
    }
}

static void draw_markets(sgf_viz *v)
{
    viz_gfx *g = &v->gfx;
    const sgf_world_def *def = sgf_world_def_of(v->w);
    int mc = 0;
    const sgf_market *mk = sgf_world_markets(v->w, &mc);
    float s = viz_node_scale(&v->cam);
    for (int m = 0; m < mc && m < def->market_count; m++) {
        float x, y;
        viz_project(v, (float)def->markets[m].lat, (float)def->markets[m].lon, &x, &y);
        float sx = viz_sx(&v->cam, x), sy = viz_sy(&v->cam, y);
        bool entered = mk[m].entered_tick >= 0;
        SDL_Color col = !mk[m].open ? viz_rgba(0x3a4258u, 255)
                        : entered   ? viz_rgba(0x8fa3c4u, 255)
                                    : viz_rgba(0x56627eu, 255);
        viz_sprite(g, VIZ_SHAPE_RING, sx, sy, 9.0f * s, col);
        if (m < v->market_cap && v->market_flash[m] > 0.0f) {
            float f = v->market_flash[m] / 1.5f;
            viz_sprite(g, VIZ_SHAPE_RING, sx, sy, (9.0f + (1.0f - f) * 34.0f) * s,
                       viz_rgba(0xffd84au, (uint8_t)(255 * f)));
        }
    }
}

/* The map's names: regions (at the middle of their countries), then the
 * countries, the selected one first; zoomed in, the countries' full names. */
static void map_labels(sgf_viz *v)
{
    const sgf_world_def *def = sgf_world_def_of(v->w);
    float s = viz_node_scale(&v->cam);
    int order[SGF_MAX_MARKETS + 1], n = 0;
    if (v->sel_kind == VIZ_SEL_MARKET && v->sel_index >= 0 && v->sel_index < def->market_count)
        order[n++] = v->sel_index;
    for (int m = 0; m < def->market_count && n < SGF_MAX_MARKETS; m++)
        if (!(v->sel_kind == VIZ_SEL_MARKET && v->sel_index == m)) order[n++] = m;
    for (int k = 0; k < n; k++) {
        const sgf_market_def *md = &def->markets[order[k]];
        float x, y;
        viz_project(v, (float)md->lat, (float)md->lon, &x, &y);
        float sx = viz_sx(&v->cam, x), sy = viz_sy(&v->cam, y);
        bool sel = v->sel_kind == VIZ_SEL_MARKET && v->sel_index == order[k];
        SDL_Color c = sel ? viz_rgba(VIZ_RGB_SELECT, 255) : viz_rgba(0x9aa8c0u, 255);
        const char *text = v->cam.zoom >= 3.0f ? md->name : md->iso;
        if (!label_try(v, VIZ_FONT_SMALL, (int)(sx + 6 * s), (int)(sy - 16 * s), 0, 0, c, text,
                       true))
            label_try(v, VIZ_FONT_SMALL, (int)(sx - 6 * s), (int)(sy + 5 * s), 2, 0, c, text, true);
    }
    /* regions: the middle of their countries, in capitals */
    for (int m = 0; m < def->market_count; m++) {
        bool first = true;
        for (int k = 0; k < m; k++)
            if (strcmp(def->markets[k].region, def->markets[m].region) == 0) first = false;
        if (!first || !def->markets[m].region[0]) continue;
        float sx = 0, sy = 0;
        int cnt = 0;
        for (int k = m; k < def->market_count; k++) {
            if (strcmp(def->markets[k].region, def->markets[m].region) != 0) continue;
            float x, y;
            viz_project(v, (float)def->markets[k].lat, (float)def->markets[k].lon, &x, &y);
            sx += x, sy += y, cnt++;
        }
        char up[SGF_NAME_MAX];
        snprintf(up, sizeof up, "%s", def->markets[m].region);
        for (char *c = up; *c; c++)
            if (*c >= 'a' && *c <= 'z') *c = (char)(*c - 32);
        label_try(v, VIZ_FONT_NORMAL, (int)viz_sx(&v->cam, sx / (float)cnt),
                  (int)viz_sy(&v->cam, sy / (float)cnt) + 22, 1, 0, viz_rgba(0x6f83a8u, 255), up,
                  false);
    }
}

static void draw_labels(sgf_viz *v)
{
    for (int i = 0; i < v->label_count; i++) {
        const viz_label *l = &v->labels[i];
        int x = (int)viz_sx(&v->cam, l->x), y = (int)viz_sy(&v->cam, l->y);
        int room = (int)(l->w * v->cam.fit * v->cam.zoom);
        if (room < 24) continue;
        int font = l->major ? VIZ_FONT_NORMAL : VIZ_FONT_SMALL;
        SDL_Color c = l->warn    ? viz_rgba(0xff6b5bu, 255)
                      : l->major ? viz_rgba(0xaab4c8u, 255)
                                 : viz_rgba(0x8a96aeu, 255);
        label_try(v, font, x, y, 0, room, c, l->text, true);
    }
}

/* ---- ties and dots ------------------------------------------------------------------- */

static void draw_ties(sgf_viz *v)
{
    viz_gfx *g = &v->gfx;
    float fx, fy;
    viz_focal_screen(v, &fx, &fy);
    int segs = v->node_count > 3000 ? 4 : v->node_count > 1000 ? 6 : 10;
    float W = (float)v->width, H = (float)v->height;
    SDL_FPoint pts[11], off[11];
    float nx_[11], ny_[11];
    /* Lines, not triangles: the software renderer fills a triangle by testing
     * its whole bounding box, which for a long diagonal tie is most of the
     * screen; a line costs its length. A wide tie is parallel lines. */
    for (int i = 0; i < v->node_count; i++) {
        const viz_node *n = &v->nodes[i];
        if (n->alpha < 0.02f) continue;
        float nx, ny;
        viz_node_screen(v, n, &nx, &ny);
        curve c = tie_curve(v->layout, fx, fy, nx, ny);
        if (!curve_visible(&c, W, H)) continue;
        viz_tie kind = viz_role_tie(n->role);
        float fl = n->flow > 0 ? sqrtf(n->flow) : 0.0f;
        float width = (0.6f + 3.4f * fl) * (v->cam.zoom > 2 ? 1.3f : 1.0f);
        float alpha = n->alpha * (0.20f + 0.45f * fl);
        uint32_t rgb = tie_rgb[kind];
        if (n->bottleneck && n->alive) { /* flagged: red, never thin */
            rgb = 0xff3b30u;
            width = fmaxf(width, 3.0f);
            alpha = n->alpha;
        }
        int lines = (int)lroundf(width);
        if (lines < 1) {
            alpha *= width; /* thinner than a pixel: one fainter pixel */
            lines = 1;
        }
        SDL_Color col = viz_rgba(rgb, (uint8_t)(255.0f * alpha));
        SDL_SetRenderDrawColor(g->ren, col.r, col.g, col.b, col.a);
        for (int k = 0; k <= segs; k++) curve_at(&c, (float)k / (float)segs, &pts[k].x, &pts[k].y);
        SDL_RenderDrawLinesF(g->ren, pts, segs + 1);
        if (lines == 1) continue;
        for (int k = 0; k <= segs; k++) { /* vertex normals */
            int a = k > 0 ? k - 1 : 0, b = k < segs ? k + 1 : segs;
            float dx = pts[b].x - pts[a].x, dy = pts[b].y - pts[a].y;
            float len = sqrtf(dx * dx + dy * dy);
            nx_[k] = len > 0 ? -dy / len : 0;
            ny_[k] = len > 0 ? dx / len : 0;
        }
        for (int l = 1; l < lines; l++) {
            float o = (float)((l + 1) / 2) * (l % 2 ? 1.0f : -1.0f);
            for (int k = 0; k <= segs; k++) {
                off[k].x = pts[k].x + nx_[k] * o;
                off[k].y = pts[k].y + ny_[k] * o;
            }
            SDL_RenderDrawLinesF(g->ren, off, segs + 1);
        }
    }
    /* dots on top of the ties, in the same batch */
    double t = v->dot_time;
    /* about 1,500 dots at most: beyond that they hide the ties */
    int stride = v->node_count / 600 + 1;
    bool orders = v->node_count <= 1200;
    for (int i = 0; i < v->node_count; i++) {
        const viz_node *n = &v->nodes[i];
        if (!n->alive || n->alpha < 0.3f || (stride > 1 && n->index % stride != 0)) continue;
        float nx, ny;
        viz_node_screen(v, n, &nx, &ny);
        curve c = tie_curve(v->layout, fx, fy, nx, ny);
        if (!curve_visible(&c, W, H)) continue;
        viz_tie kind = viz_role_tie(n->role);
        uint8_t a = (uint8_t)(255.0f * n->alpha);
        if (kind == VIZ_TIE_KNOWLEDGE) {
            float s = frac(n->phase + t * 0.18);
            float u = 0.5f - 0.5f * cosf(6.2831853f * s);
            float x, y;
            curve_at(&c, u, &x, &y);
            viz_geom_quad(g, x - 1.5f, y - 1.5f, 3.0f, 3.0f, viz_rgba(DOT_KNOWLEDGE, a));
            continue;
        }
        if (n->flow < 0.004f) continue;
        int ng = 1 + (int)(n->flow * 3.0f);
        bool inward = kind == VIZ_TIE_GOODS; /* goods come in from suppliers */
        for (int j = 0; j < ng; j++) {
            float s = frac(n->phase + t * 0.30 + (double)j / ng);
            float x, y;
            curve_at(&c, inward ? 1.0f - s : s, &x, &y);
            viz_geom_quad(g, x - 1.5f, y - 1.5f, 3.0f, 3.0f, viz_rgba(DOT_GOODS, a));
        }
        if (orders) {
            float s = frac(n->phase * 1.7 + t * 0.22);
            float x, y;
            curve_at(&c, inward ? s : 1.0f - s, &x, &y);
            viz_geom_quad(g, x - 1.0f, y - 1.0f, 2.0f, 2.0f, viz_rgba(DOT_ORDERS, a));
        }
    }
    viz_geom_flush(g);
}

/* ---- nodes --------------------------------------------------------------------------- */

static void draw_nodes(sgf_viz *v)
{
    viz_gfx *g = &v->gfx;
    float W = (float)v->width, H = (float)v->height;
    int visible = 0;
    for (int pass = 0; pass < 2; pass++) /* the leaving under the living */
        for (int i = 0; i < v->node_count; i++) {
            const viz_node *n = &v->nodes[i];
            if ((pass == 0) == (n->alive != 0)) continue;
            float x, y, d = node_diameter(v, n);
            viz_node_screen(v, n, &x, &y);
            if (x < -40 || y < -40 || x > W + 40 || y > H + 40) continue;
            if (n->flash > 0.0f) {
                float f = n->flash / 1.5f;
                SDL_Color fc = n->flash_color;
                fc.a = (uint8_t)(255.0f * (f > 1 ? 1 : f));
                viz_sprite(g, VIZ_SHAPE_RING, x, y, d + 6.0f + (1.0f - f) * 30.0f, fc);
            }
            if (n->alpha < 0.02f) continue;
            float value = n->value;
            visible++;
            uint8_t a = (uint8_t)(255.0f * (n->alpha > 1 ? 1 : n->alpha));
            SDL_Color col = viz_ramp(value);
            col.a = a;
            viz_sprite(g, viz_role_shape(n->role), x, y, d, col);
            if (n->owned) viz_sprite(g, VIZ_SHAPE_RING, x, y, d + 6.0f, viz_rgba(0xffffffu, a));
            if (n->act) viz_sprite(g, VIZ_SHAPE_RING, x, y, d + 3.0f, viz_rgba(0xff3030u, a));
            if (n->struck && n->alive) { /* capacity cut by a shock: struck through */
                float r = d * 0.5f + 3.0f;
                SDL_Color sc = viz_rgba(0xff3b30u, a);
                viz_geom_segment(g, x - r, y - r, x + r, y + r, 2.0f, sc);
                viz_geom_segment(g, x - r, y + r, x + r, y - r, 2.0f, sc);
            }
        }
    viz_geom_flush(g);
    v->visible_nodes = visible;
}

/* What a shock hits, for as long as it lasts: on the map its country is
 * shaded; in the value chain its partners are ringed. Production that
 * moved is an arrow on the map. Bottlenecks are named at their node. */
static void draw_marks(sgf_viz *v)
{
    viz_gfx *g = &v->gfx;
    const sgf_world_def *def = sgf_world_def_of(v->w);
    float s = viz_node_scale(&v->cam);
    SDL_Color shade = viz_rgba(0xff8ad8u, 70), ring = viz_rgba(0xff8ad8u, 230);
    for (int k = 0; k < v->shock_count; k++) {
        const viz_shock *sh = &v->shocks[k];
        if (sh->market < 0 || sh->market >= def->market_count) continue;
        if (v->layout == VIZ_LAYOUT_MAP) {
            float x, y;
            viz_project(v, (float)def->markets[sh->market].lat, (float)def->markets[sh->market].lon,
                        &x, &y);
            float sx = viz_sx(&v->cam, x), sy = viz_sy(&v->cam, y);
            viz_sprite(g, VIZ_SHAPE_CIRCLE, sx, sy, 56.0f * s, shade);
            viz_sprite(g, VIZ_SHAPE_RING, sx, sy, 56.0f * s, ring);
        } else {
            for (int i = 0; i < v->node_count; i++) {
                const viz_node *n = &v->nodes[i];
                if (!n->alive || n->market != sh->market) continue;
                float x, y;
                viz_node_screen(v, n, &x, &y);
                viz_sprite(g, VIZ_SHAPE_RING, x, y, node_diameter(v, n) + 5.0f, ring);
            }
        }
    }
    if (v->layout == VIZ_LAYOUT_MAP)
        for (int k = 0; k < v->move_count; k++) {
            const viz_move *mv = &v->moves[k];
            float ax, ay, bx, by;
            viz_project(v, (float)def->markets[mv->from].lat, (float)def->markets[mv->from].lon,
                        &ax, &ay);
            viz_project(v, (float)def->markets[mv->to].lat, (float)def->markets[mv->to].lon, &bx,
                        &by);
            float x0 = viz_sx(&v->cam, ax), y0 = viz_sy(&v->cam, ay);
            float x1 = viz_sx(&v->cam, bx), y1 = viz_sy(&v->cam, by);
            curve c = tie_curve(VIZ_LAYOUT_MAP, x0, y0, x1, y1);
            SDL_Color col = viz_rgba(0x6cc7e8u, 255);
            float px = x0, py = y0;
            for (int t = 1; t <= 16; t++) {
                float x, y;
                curve_at(&c, (float)t / 16.0f, &x, &y);
                viz_geom_segment(g, px, py, x, y, 3.0f, col);
                px = x, py = y;
            }
            /* the head, along the last piece */
            float tx, ty;
            curve_at(&c, 0.9f, &tx, &ty);
            float dx = x1 - tx, dy = y1 - ty, len = sqrtf(dx * dx + dy * dy);
            if (len > 0) {
                dx /= len, dy /= len;
                float hx = x1 - dx * 12, hy = y1 - dy * 12;
                viz_geom_segment(g, x1, y1, hx - dy * 6, hy + dx * 6, 3.0f, col);
                viz_geom_segment(g, x1, y1, hx + dy * 6, hy - dx * 6, 3.0f, col);
            }
        }
    viz_geom_flush(g);
}

static void mark_labels(sgf_viz *v)
{
    int b = v->bottleneck.on ? viz_node_by_uid(v, v->bottleneck.uid) : -1;
    if (b < 0) return;
    float x, y;
    viz_node_screen(v, &v->nodes[b], &x, &y);
    label_try(v, VIZ_FONT_SMALL, (int)(x + node_diameter(v, &v->nodes[b]) * 0.5f + 4), (int)y - 6,
              0, 0, viz_rgba(0xff6b5bu, 255), "bottleneck", true);
}

/* Names when zoomed in far enough that they can be read, where they fit. */
static void node_names(sgf_viz *v)
{
    float W = (float)v->width, H = (float)v->height;
    if (v->cam.zoom < 2.5f || v->visible_nodes > 400) return;
    for (int i = 0; i < v->node_count; i++) {
        const viz_node *n = &v->nodes[i];
        if (!n->alive || n->alpha < 0.5f) continue;
        float x, y;
        viz_node_screen(v, n, &x, &y);
        if (x < 0 || y < 0 || x > W || y > H) continue;
        label_try(v, VIZ_FONT_SMALL, (int)(x + node_diameter(v, n) * 0.5f + 3), (int)y - 6, 0, 0,
                  viz_rgba(0xb8c2d6u, 255), n->name, true);
    }
}

static void draw_focal(sgf_viz *v)
{
    viz_gfx *g = &v->gfx;
    float x, y, d = focal_diameter(v);
    viz_focal_screen(v, &x, &y);
    if (v->focal_flash > 0.0f) {
        float f = v->focal_flash / 1.5f;
        viz_sprite(g, VIZ_SHAPE_RING, x, y, d + 6.0f + (1.0f - f) * 40.0f,
                   viz_rgba(0xffd84au, (uint8_t)(255.0f * (f > 1 ? 1 : f))));
    }
    viz_sprite(g, VIZ_SHAPE_CIRCLE, x, y, d + 4.0f, viz_rgba(VIZ_RGB_BACKGROUND, 255));
    viz_sprite(g, VIZ_SHAPE_CIRCLE, x, y, d, viz_rgba(VIZ_RGB_FOCAL, 255));
    viz_sprite(g, VIZ_SHAPE_RING, x, y, d + 8.0f, viz_rgba(VIZ_RGB_FOCAL, 200));
}

static void focal_label(sgf_viz *v)
{
    float x, y, d = focal_diameter(v);
    viz_focal_screen(v, &x, &y);
    const sgf_world_def *def = sgf_world_def_of(v->w);
    label_try(v, VIZ_FONT_SMALL, (int)x, (int)(y + d * 0.5f + 6), 1, 0,
              viz_rgba(VIZ_RGB_FOCAL, 255), def->firm.name, true);
}

static void draw_selection(sgf_viz *v)
{
    viz_gfx *g = &v->gfx;
    SDL_Color sel = viz_rgba(VIZ_RGB_SELECT, 255);
    float x, y;
    if (v->table) /* the table's partners, ringed where they sit */
        for (int i = 0; i < v->node_count; i++) {
            const viz_node *n = &v->nodes[i];
            sgf_partner_view pv;
            if (!n->alive || !sgf_world_partner(v->w, n->index, &pv) || !viz_table_pass(v, &pv))
                continue;
            viz_node_screen(v, n, &x, &y);
            viz_sprite(g, VIZ_SHAPE_RING, x, y, node_diameter(v, n) + 7.0f,
                       viz_rgba(0x9fe8ffu, 255));
        }
    int sn = v->sel_kind == VIZ_SEL_PARTNER ? viz_node_by_uid(v, v->sel_uid) : -1;
    if (sn >= 0) {
        const viz_node *n = &v->nodes[sn];
        viz_node_screen(v, n, &x, &y);
        viz_sprite(g, VIZ_SHAPE_RING, x, y, node_diameter(v, n) + 10.0f, sel);
        viz_sprite(g, VIZ_SHAPE_RING, x, y, node_diameter(v, n) + 12.0f, sel);
    } else if (v->sel_kind == VIZ_SEL_FIRM) {
        viz_focal_screen(v, &x, &y);
        viz_sprite(g, VIZ_SHAPE_RING, x, y, focal_diameter(v) + 14.0f, sel);
    } else if (v->sel_kind == VIZ_SEL_MARKET) {
        const sgf_world_def *def = sgf_world_def_of(v->w);
        if (v->sel_index < 0 || v->sel_index >= def->market_count) return;
        float wx, wy;
        viz_project(v, (float)def->markets[v->sel_index].lat, (float)def->markets[v->sel_index].lon,
                    &wx, &wy);
        float s = viz_node_scale(&v->cam);
        x = viz_sx(&v->cam, wx), y = viz_sy(&v->cam, wy);
        if (v->layout == VIZ_LAYOUT_MAP) {
            viz_sprite(g, VIZ_SHAPE_RING, x, y, 16.0f * s, sel);
        } else {
            /* in the value chain a country is its partners: ring each */
            for (int i = 0; i < v->node_count; i++) {
                const viz_node *n = &v->nodes[i];
                if (!n->alive || n->market != v->sel_index) continue;
                viz_node_screen(v, n, &x, &y);
                viz_sprite(g, VIZ_SHAPE_RING, x, y, node_diameter(v, n) + 8.0f, sel);
            }
        }
    }
}

void viz_scene_hover(sgf_viz *v)
{
    int kind = VIZ_SEL_NONE, index = -1;
    if (v->dragging || !viz_scene_pick(v, v->mouse_x, v->mouse_y, &kind, &index)) return;
    char text[160];
    const sgf_world_def *def = sgf_world_def_of(v->w);
    if (kind == VIZ_SEL_PARTNER) {
        sgf_partner_view pv;
        if (!sgf_world_partner(v->w, index, &pv)) return;
        const sgf_partner_view *p = &pv;
        const char *iso =
            p->market >= 0 && p->market < def->market_count ? def->markets[p->market].iso : "?";
        snprintf(text, sizeof text, "%s  (%s, %s)  trust %.2f", sgf_world_partner_name(v->w, index),
                 sgf_role_name((sgf_role)p->role), iso, (double)p->trust);
    } else if (kind == VIZ_SEL_MARKET) {
        snprintf(text, sizeof text, "%s  %s", def->markets[index].iso, def->markets[index].name);
    } else {
        snprintf(text, sizeof text, "%s (the focal firm)", def->firm.name);
    }
    viz_gfx *g = &v->gfx;
    int w = viz_text_width(g, VIZ_FONT_SMALL, text);
    int x = v->mouse_x + 14, y = v->mouse_y + 12;
    if (x + w + 8 > v->width) x = v->width - w - 8;
    viz_fill_rect(g, (float)x - 4, (float)y - 2, (float)w + 8, 17, viz_rgba(0x000000u, 200));
    viz_text(g, VIZ_FONT_SMALL, x, y, 0, viz_rgba(VIZ_RGB_TEXT, 255), text);
}

void viz_scene_draw(sgf_viz *v)
{
    /* the net stays in the free area between the panels, zoomed or not */
    SDL_Rect clip = {v->cam.x, v->cam.y, v->cam.w, v->cam.h};
    if (!v->panels) clip = (SDL_Rect){0, VIZ_TOP_H, v->width, v->height - VIZ_TOP_H};
    SDL_RenderSetClipRect(v->gfx.ren, &clip);
    v->gfx.layer = VIZ_LAYER_SCENE;
    v->placed_count = 0;
    if (v->layout == VIZ_LAYOUT_MAP) {
        draw_map(v);
        draw_markets(v);
    }
    draw_ties(v);
    draw_nodes(v);
    draw_marks(v);
    draw_focal(v);
    draw_selection(v);
    if (!v->chart_big && !v->table) { /* covered by the large chart or the table */
        focal_label(v);
        mark_labels(v);
        if (v->layout == VIZ_LAYOUT_MAP)
            map_labels(v);
        else
            draw_labels(v);
        node_names(v);
    }
    SDL_RenderSetClipRect(v->gfx.ren, NULL);
    v->gfx.layer = VIZ_LAYER_HUD;
}

/* ---- picking ------------------------------------------------------------------------- */

bool viz_scene_pick(const sgf_viz *v, int x, int y, int *kind, int *index)
{
    float fx, fy;
    viz_focal_screen(v, &fx, &fy);
    float fr = focal_diameter(v) * 0.5f + 3.0f;
    if ((fx - (float)x) * (fx - (float)x) + (fy - (float)y) * (fy - (float)y) <= fr * fr) {
        *kind = VIZ_SEL_FIRM;
        *index = -1;
        return true;
    }
    float best = 1e30f;
    int found = -1;
    for (int i = 0; i < v->node_count; i++) {
        const viz_node *n = &v->nodes[i];
        if (!n->alive || n->alpha < 0.3f) continue;
        float nx, ny;
        viz_node_screen(v, n, &nx, &ny);
        float r = node_diameter(v, n) * 0.5f + 3.0f;
        float d2 = (nx - (float)x) * (nx - (float)x) + (ny - (float)y) * (ny - (float)y);
        if (d2 <= r * r && d2 < best) {
            best = d2;
            found = i;
        }
    }
    if (found >= 0) {
        *kind = VIZ_SEL_PARTNER;
        *index = v->nodes[found].index;
        return true;
    }
    if (v->layout == VIZ_LAYOUT_MAP) {
        const sgf_world_def *def = sgf_world_def_of(v->w);
        float r = 7.0f * viz_node_scale(&v->cam);
        for (int m = 0; m < def->market_count; m++) {
            float wx, wy;
            viz_project(v, (float)def->markets[m].lat, (float)def->markets[m].lon, &wx, &wy);
            float sx = viz_sx(&v->cam, wx), sy = viz_sy(&v->cam, wy);
            if ((sx - (float)x) * (sx - (float)x) + (sy - (float)y) * (sy - (float)y) <= r * r) {
                *kind = VIZ_SEL_MARKET;
                *index = m;
                return true;
            }
        }
    }
    return false;
}
