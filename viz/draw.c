/* draw.c: the viewer's drawing primitives, chosen for the software renderer.
 *
 * The software renderer is the baseline (headless frames, machines without a
 * GPU), so the expensive things are done once or in batches:
 *   - node shapes are pre-rendered, anti-aliased by 4x4 supersampling, into
 *     white sprites at every diameter from 2 to VIZ_SPRITE_MAX pixels; a node
 *     is one unscaled, colour-modulated copy (scaled copies are slow there);
 *   - ties are thick polylines made of quads in one vertex batch, drawn with
 *     a single SDL_RenderGeometry call;
 *   - text is rendered once per (font, colour, string) and kept as a texture
 *     while it is drawn every frame; entries unused for a frame are dropped
 *     when the cache fills.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "viz.h"

SDL_Color viz_rgba(uint32_t rgb, uint8_t a)
{
    SDL_Color c = {(uint8_t)(rgb >> 16), (uint8_t)(rgb >> 8), (uint8_t)rgb, a};
    return c;
}

/* RdYlBu, five stops (ColorBrewer): low values red, high values blue. */
SDL_Color viz_ramp(float v)
{
    static const uint8_t stops[5][3] = {
        {215, 48, 39}, {252, 141, 89}, {254, 224, 144}, {145, 191, 219}, {69, 117, 180}};
    if (!(v >= 0.0f)) v = 0.0f; /* also NaN */
    if (v > 1.0f) v = 1.0f;
    float x = v * 4.0f;
    int i = (int)x;
    if (i > 3) i = 3;
    float t = x - (float)i;
    SDL_Color c;
    c.r = (uint8_t)lroundf((float)stops[i][0] + t * (float)(stops[i + 1][0] - stops[i][0]));
    c.g = (uint8_t)lroundf((float)stops[i][1] + t * (float)(stops[i + 1][1] - stops[i][1]));
    c.b = (uint8_t)lroundf((float)stops[i][2] + t * (float)(stops[i + 1][2] - stops[i][2]));
    c.a = 255;
    return c;
}

/* ---- sprites ------------------------------------------------------------------------- */

/* Regular polygon with n corners, the first at angle a0 (radians), radius 1. */
static bool in_polygon(int n, float a0, float u, float v)
{
    for (int k = 0; k < n; k++) {
        float a = a0 + 6.2831853f * (float)k / (float)n;
        float b = a0 + 6.2831853f * (float)(k + 1) / (float)n;
        float ax = cosf(a), ay = sinf(a), bx = cosf(b), by = sinf(b);
        if ((bx - ax) * (v - ay) - (by - ay) * (u - ax) < 0.0f) return false;
    }
    return true;
}

/* Is the point (u, v) in [-1, 1]^2 inside the shape drawn at diameter d? */
static bool in_shape(viz_shape s, float u, float v, int d)
{
    switch (s) {
    case VIZ_SHAPE_CIRCLE:
        return u * u + v * v <= 1.0f;
    case VIZ_SHAPE_SQUARE:
        return fabsf(u) <= 0.84f && fabsf(v) <= 0.84f;
    case VIZ_SHAPE_DIAMOND:
        return fabsf(u) + fabsf(v) <= 1.0f;
    case VIZ_SHAPE_TRIANGLE:
        return in_polygon(3, -1.5707963f, u, v * 1.0f - 0.12f);
    case VIZ_SHAPE_HEXAGON:
        return in_polygon(6, 0.0f, u, v);
    case VIZ_SHAPE_PENTAGON:
        return in_polygon(5, -1.5707963f, u, v - 0.05f);
    case VIZ_SHAPE_RING: {
        float r2 = u * u + v * v, w = 3.0f / (float)d; /* 1.5 pixels */
        if (w > 0.5f) w = 0.5f;
        return r2 <= 1.0f && r2 >= (1.0f - w) * (1.0f - w);
    }
    default:
        return false;
    }
}

static SDL_Texture *make_sprite(SDL_Renderer *ren, viz_shape s, int d)
{
    SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, d, d, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!surf) return NULL;
    uint32_t *px = surf->pixels;
    int pitch = surf->pitch / 4;
    for (int y = 0; y < d; y++)
        for (int x = 0; x < d; x++) {
            int hits = 0;
            for (int sy = 0; sy < 4; sy++)
                for (int sx = 0; sx < 4; sx++) {
                    float u = ((float)x + ((float)sx + 0.5f) / 4.0f) / (float)d * 2.0f - 1.0f;
                    float v = ((float)y + ((float)sy + 0.5f) / 4.0f) / (float)d * 2.0f - 1.0f;
                    hits += in_shape(s, u, v, d);
                }
            uint32_t a = (uint32_t)(hits * 255 / 16);
            px[y * pitch + x] = (a << 24) | 0xffffffu;
        }
    SDL_Texture *t = SDL_CreateTextureFromSurface(ren, surf);
    SDL_FreeSurface(surf);
    if (t) SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND);
    return t;
}

void viz_sprite(viz_gfx *g, viz_shape shape, float x, float y, float d, SDL_Color c)
{
    int di = (int)lroundf(d);
    if (di < 2) di = 2;
    if (di > VIZ_SPRITE_MAX) di = VIZ_SPRITE_MAX;
    SDL_Texture *t = g->sprite[shape][di];
    if (!t) return;
    SDL_SetTextureColorMod(t, c.r, c.g, c.b);
    SDL_SetTextureAlphaMod(t, c.a);
    SDL_Rect r = {(int)lroundf(x - (float)di * 0.5f), (int)lroundf(y - (float)di * 0.5f), di, di};
    SDL_RenderCopy(g->ren, t, NULL, &r);
}

void viz_fill_rect(viz_gfx *g, float x, float y, float w, float h, SDL_Color c)
{
    SDL_SetRenderDrawColor(g->ren, c.r, c.g, c.b, c.a);
    SDL_FRect r = {x, y, w, h};
    /* opaque fills skip blending, which the software renderer pays per pixel */
    if (c.a == 255) SDL_SetRenderDrawBlendMode(g->ren, SDL_BLENDMODE_NONE);
    SDL_RenderFillRectF(g->ren, &r);
    if (c.a == 255) SDL_SetRenderDrawBlendMode(g->ren, SDL_BLENDMODE_BLEND);
}

void viz_rect_outline(viz_gfx *g, float x, float y, float w, float h, SDL_Color c)
{
    SDL_SetRenderDrawColor(g->ren, c.r, c.g, c.b, c.a);
    SDL_FRect r = {x, y, w, h};
    SDL_RenderDrawRectF(g->ren, &r);
}

/* ---- geometry batch ------------------------------------------------------------------ */

static bool geom_reserve(viz_gfx *g, int nv, int ni)
{
    if (g->vtx_count + nv > 65536) viz_geom_flush(g);
    if (g->vtx_count + nv > g->vtx_cap) {
        int cap = g->vtx_cap ? g->vtx_cap * 2 : 4096;
        while (cap < g->vtx_count + nv) cap *= 2;
        SDL_Vertex *p = realloc(g->vtx, sizeof *p * (size_t)cap);
        if (!p) return g->oom = true, false;
        g->vtx = p;
        g->vtx_cap = cap;
    }
    if (g->idx_count + ni > g->idx_cap) {
        int cap = g->idx_cap ? g->idx_cap * 2 : 8192;
        while (cap < g->idx_count + ni) cap *= 2;
        int *p = realloc(g->idx, sizeof *p * (size_t)cap);
        if (!p) return g->oom = true, false;
        g->idx = p;
        g->idx_cap = cap;
    }
    return true;
}

void viz_geom_quad4(viz_gfx *g, const float xs[4], const float ys[4], SDL_Color c)
{
    if (!geom_reserve(g, 4, 6)) return;
    int b = g->vtx_count;
    for (int k = 0; k < 4; k++) {
        SDL_Vertex *q = &g->vtx[g->vtx_count++];
        q->position.x = xs[k];
        q->position.y = ys[k];
        q->color = c;
        q->tex_coord.x = q->tex_coord.y = 0.0f;
    }
    static const int order[6] = {0, 1, 2, 0, 2, 3};
    for (int k = 0; k < 6; k++) g->idx[g->idx_count++] = b + order[k];
}

void viz_geom_segment(viz_gfx *g, float x0, float y0, float x1, float y1, float width, SDL_Color c)
{
    float dx = x1 - x0, dy = y1 - y0, len = sqrtf(dx * dx + dy * dy);
    if (len < 0.01f) return;
    /* thinner than a pixel: a pixel wide, fainter */
    if (width < 1.0f) {
        c.a = (uint8_t)((float)c.a * (width > 0.2f ? width : 0.2f));
        width = 1.0f;
    }
    float nx = -dy / len * width * 0.5f, ny = dx / len * width * 0.5f;
    float xs[4] = {x0 + nx, x1 + nx, x1 - nx, x0 - nx};
    float ys[4] = {y0 + ny, y1 + ny, y1 - ny, y0 - ny};
    viz_geom_quad4(g, xs, ys, c);
}

void viz_geom_quad(viz_gfx *g, float x, float y, float w, float h, SDL_Color c)
{
    float xs[4] = {x, x + w, x + w, x};
    float ys[4] = {y, y, y + h, y + h};
    viz_geom_quad4(g, xs, ys, c);
}

void viz_geom_flush(viz_gfx *g)
{
    if (g->idx_count > 0)
        SDL_RenderGeometry(g->ren, NULL, g->vtx, g->vtx_count, g->idx, g->idx_count);
    g->vtx_count = g->idx_count = 0;
}

/* ---- text ---------------------------------------------------------------------------- */

static uint64_t text_key(int font, SDL_Color c, const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    h = (h ^ (uint64_t)font) * 1099511628211ULL;
    h = (h ^ ((uint64_t)c.r << 24 | (uint64_t)c.g << 16 | (uint64_t)c.b << 8 | c.a)) *
        1099511628211ULL;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        h = (h ^ *p) * 1099511628211ULL;
    return h ? h : 1;
}

/* Drops the entries not drawn in this frame or the last (the table is
 * rebuilt, so probing stays correct). */
static void text_evict(viz_gfx *g)
{
    viz_text_entry *keep = malloc(sizeof *keep * VIZ_TEXT_CACHE);
    int n = 0;
    for (int i = 0; i < VIZ_TEXT_CACHE; i++) {
        viz_text_entry *e = &g->text[i];
        if (!e->key) continue;
        if (keep && e->used + 1 >= g->frame)
            keep[n++] = *e;
        else
            SDL_DestroyTexture(e->tex);
    }
    memset(g->text, 0, sizeof g->text);
    g->text_count = 0;
    for (int k = 0; k < n; k++) {
        size_t i = (size_t)(keep[k].key % VIZ_TEXT_CACHE);
        while (g->text[i].key) i = (i + 1) % VIZ_TEXT_CACHE;
        g->text[i] = keep[k];
        g->text_count++;
    }
    free(keep);
}

static viz_text_entry *text_get(viz_gfx *g, int font, SDL_Color c, const char *s)
{
    if (!s[0]) return NULL;
    uint64_t key = text_key(font, c, s);
    size_t i = (size_t)(key % VIZ_TEXT_CACHE);
    while (g->text[i].key) {
        if (g->text[i].key == key) {
            g->text[i].used = g->frame;
            return &g->text[i];
        }
        i = (i + 1) % VIZ_TEXT_CACHE;
    }
    if (g->text_count > VIZ_TEXT_CACHE * 3 / 4) {
        text_evict(g);
        i = (size_t)(key % VIZ_TEXT_CACHE);
        while (g->text[i].key) i = (i + 1) % VIZ_TEXT_CACHE;
    }
    SDL_Color white = {255, 255, 255, 255};
    SDL_Surface *surf = TTF_RenderUTF8_Blended(g->font[font], s, white);
    if (!surf) return NULL;
    SDL_Texture *t = SDL_CreateTextureFromSurface(g->ren, surf);
    int w = surf->w, h = surf->h;
    SDL_FreeSurface(surf);
    if (!t) return NULL;
    SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND);
    SDL_SetTextureColorMod(t, c.r, c.g, c.b);
    SDL_SetTextureAlphaMod(t, c.a);
    g->text[i] = (viz_text_entry){key, t, w, h, g->frame};
    g->text_count++;
    return &g->text[i];
}

int viz_text(viz_gfx *g, int font, int x, int y, int align, SDL_Color c, const char *s)
{
    viz_text_entry *e = text_get(g, font, c, s);
    if (!e) return 0;
    SDL_Rect r = {align == 1 ? x - e->w / 2 : align == 2 ? x - e->w : x, y, e->w, e->h};
    SDL_RenderCopy(g->ren, e->tex, NULL, &r);
    if (g->record) {
        if (g->box_count == g->box_cap) {
            int cap = g->box_cap ? g->box_cap * 2 : 256;
            viz_text_box *b = realloc(g->boxes, sizeof *b * (size_t)cap);
            if (!b) return e->w;
            g->boxes = b;
            g->box_cap = cap;
        }
        /* the glyphs' box: from the top of the line to the baseline (the
         * texture's height also holds the line gap and the descenders) */
        SDL_Rect box = {r.x, r.y, r.w, g->ascent[font]}, clip, seen;
        if (SDL_RenderIsClipEnabled(g->ren)) {
            SDL_RenderGetClipRect(g->ren, &clip);
            if (!SDL_IntersectRect(&box, &clip, &seen)) return e->w; /* not visible */
            box = seen;
        }
        viz_text_box *b = &g->boxes[g->box_count++];
        b->x = box.x;
        b->y = box.y;
        b->w = box.w;
        b->h = box.h;
        b->layer = g->layer;
        snprintf(b->text, sizeof b->text, "%s", s);
    }
    return e->w;
}

int viz_textf(viz_gfx *g, int font, int x, int y, int align, SDL_Color c, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return viz_text(g, font, x, y, align, c, buf);
}

int viz_text_fit(viz_gfx *g, int font, int x, int y, int align, int max_w, SDL_Color c,
                 const char *s)
{
    if (max_w <= 0) return 0;
    if (viz_text_width(g, font, s) <= max_w) return viz_text(g, font, x, y, align, c, s);
    char buf[512];
    size_t n = strlen(s);
    if (n >= sizeof buf - 4) n = sizeof buf - 4;
    /* shorten at UTF-8 character starts until it fits with an ellipsis */
    while (n > 0) {
        do n--;
        while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80);
        memcpy(buf, s, n);
        memcpy(buf + n, "\xe2\x80\xa6", 4);
        if (viz_text_width(g, font, buf) <= max_w) return viz_text(g, font, x, y, align, c, buf);
    }
    return 0;
}

int viz_text_width(viz_gfx *g, int font, const char *s)
{
    int w = 0, h = 0;
    if (TTF_SizeUTF8(g->font[font], s, &w, &h) != 0) return 0;
    return w;
}

/* ---- life cycle ---------------------------------------------------------------------- */

bool viz_gfx_init(viz_gfx *g, SDL_Renderer *ren, const char *font_path, bool *font_missing,
                  char *err, size_t err_size)
{
    static const int sizes[VIZ_FONT_COUNT] = {11, 13, 16};
    return viz_gfx_init_sized(g, ren, font_path, sizes, font_missing, err, err_size);
}

bool viz_gfx_init_sized(viz_gfx *g, SDL_Renderer *ren, const char *font_path,
                        const int sizes[VIZ_FONT_COUNT], bool *font_missing, char *err,
                        size_t err_size)
{
    memset(g, 0, sizeof *g);
    g->ren = ren;
    *font_missing = false;
    SDL_RWops *probe = SDL_RWFromFile(font_path, "rb");
    if (!probe) {
        *font_missing = true;
        snprintf(err, err_size,
                 "font not found: %s (install the Debian package fonts-dejavu-core, or give "
                 "--font FILE or SGF_FONT=FILE with a TrueType font)",
                 font_path);
        return false;
    }
    SDL_RWclose(probe);
    for (int i = 0; i < VIZ_FONT_COUNT; i++) {
        g->font[i] = TTF_OpenFont(font_path, sizes[i]);
        if (!g->font[i]) {
            *font_missing = true;
            snprintf(err, err_size, "cannot open the font %s: %s", font_path, TTF_GetError());
            viz_gfx_free(g);
            return false;
        }
        g->line_h[i] = TTF_FontLineSkip(g->font[i]);
        g->ascent[i] = TTF_FontAscent(g->font[i]);
    }
    for (int s = 0; s < VIZ_SHAPE_COUNT; s++)
        for (int d = 2; d <= VIZ_SPRITE_MAX; d++) {
            g->sprite[s][d] = make_sprite(ren, (viz_shape)s, d);
            if (!g->sprite[s][d]) {
                snprintf(err, err_size, "cannot make sprites: %s", SDL_GetError());
                viz_gfx_free(g);
                return false;
            }
        }
    SDL_SetRenderDrawBlendMode(ren, SDL_BLENDMODE_BLEND);
    return true;
}

void viz_gfx_begin_frame(viz_gfx *g)
{
    g->frame++;
    g->box_count = 0;
    g->layer = VIZ_LAYER_SCENE;
}

void viz_gfx_free(viz_gfx *g)
{
    for (int i = 0; i < VIZ_TEXT_CACHE; i++)
        if (g->text[i].key) SDL_DestroyTexture(g->text[i].tex);
    for (int s = 0; s < VIZ_SHAPE_COUNT; s++)
        for (int d = 0; d <= VIZ_SPRITE_MAX; d++)
            if (g->sprite[s][d]) SDL_DestroyTexture(g->sprite[s][d]);
    for (int i = 0; i < VIZ_FONT_COUNT; i++)
        if (g->font[i]) TTF_CloseFont(g->font[i]);
    free(g->vtx);
    free(g->idx);
    free(g->boxes);
    memset(g, 0, sizeof *g);
}
