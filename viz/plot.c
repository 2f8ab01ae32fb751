/* plot.c: figures as PNG files (sgf_plot.h), drawn with the viewer's
 * primitives (draw.c) on SDL's software renderer, with no display, or as
 * SVG files: the same drawing calls write vector elements instead.
 *
 * A figure is laid out from its fonts down: title, subtitle and footer take
 * fixed lines, the panels share the rest in a grid, and inside a panel the
 * plotting area is what is left after the panel title, the y label (written
 * above the axis, horizontally), the tick labels, the x label and, on the
 * right, a legend or a colour bar. Ticks are "nice" numbers (1, 2, 5 x 10^k)
 * inside the data's range plus 5 %; large numbers are shown divided by a
 * thousand, a million or a billion, with the word in the axis label.
 *
 * Everything is drawn at SS = 2 times the figure's size into one canvas
 * (grown when a larger figure comes, so fonts and sprites are made once per
 * plotter) and reduced by averaging 2 x 2 blocks: the software renderer
 * draws no anti-aliased lines, and this gives them and the text smooth
 * edges. Uniform areas (bands, heat cells, the background) keep their exact
 * colours, which the tests look for.
 */
#define _POSIX_C_SOURCE 200809L

#include <SDL_image.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sgf_plot.h"
#include "viz.h"

enum { SS = 2 };     /* supersampling factor */
enum { TICKS = 48 }; /* at most this many ticks on an axis */

struct sgf_plotter {
    int width, height; /* default figure size, pixels */
    int cap_w, cap_h;  /* the canvas, supersampled pixels */
    float u;           /* supersampled pixels per pixel of a 960 x 640 figure */
    int font_sizes[VIZ_FONT_COUNT];
    char font[4096];
    SDL_Surface *canvas;
    SDL_Renderer *ren;
    viz_gfx gfx;
    bool gfx_ok, ttf, img;
};

/* Tableau 10: distinct, readable on white, in a fixed order. */
static const uint32_t palette[SGF_PLOT_MAX_SERIES] = {
    SGF_PLOT_RGB_CURVE, 0xff7f0eu, 0x2ca02cu, 0xd62728u, 0x9467bdu,
    0x8c564bu,          0xe377c2u, 0x7f7f7fu, 0xbcbd22u, 0x17becfu};

unsigned sgf_plot_heat_rgb(double t)
{
    /* viridis sampled at 0, 0.1, ..., 1: perceptually even, readable in grey
     * and by colour-blind readers */
    static const uint32_t stops[11] = {0x440154u, 0x482475u, 0x414487u, 0x355f8du,
                                       0x2a788eu, 0x21918cu, 0x22a884u, 0x44bf70u,
                                       0x7ad151u, 0xbddf26u, 0xfde725u};
    if (!(t >= 0.0)) t = 0.0; /* also NaN */
    if (t > 1.0) t = 1.0;
    double x = t * 10.0;
    int i = (int)x;
    if (i > 9) i = 9;
    double f = x - (double)i;
    unsigned rgb = 0;
    for (int sh = 16; sh >= 0; sh -= 8) {
        double a = (double)(stops[i] >> sh & 255u), b = (double)(stops[i + 1] >> sh & 255u);
        rgb |= (unsigned)lround(a + f * (b - a)) << sh;
    }
    return rgb;
}

static SDL_Color rgb(uint32_t c)
{
    return viz_rgba(c, 255);
}

/* ---- canvas -------------------------------------------------------------------------- */

static void canvas_free(sgf_plotter *p)
{
    if (p->gfx_ok) viz_gfx_free(&p->gfx);
    p->gfx_ok = false;
    if (p->ren) SDL_DestroyRenderer(p->ren);
    p->ren = NULL;
    if (p->canvas) SDL_FreeSurface(p->canvas);
    p->canvas = NULL;
    p->cap_w = p->cap_h = 0;
}

/* A canvas of at least w x h supersampled pixels. Returns 0, or the exit
 * status of the failure (2: the font is missing). */
static int canvas_ensure(sgf_plotter *p, int w, int h, char *err, size_t err_size)
{
    if (p->canvas && p->cap_w >= w && p->cap_h >= h) return 0;
    if (w < p->cap_w) w = p->cap_w;
    if (h < p->cap_h) h = p->cap_h;
    canvas_free(p);
    p->canvas = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    p->ren = p->canvas ? SDL_CreateSoftwareRenderer(p->canvas) : NULL;
    if (!p->ren) {
        snprintf(err, err_size, "cannot create the software renderer (%dx%d): %s", w, h,
                 SDL_GetError());
        canvas_free(p);
        return 1;
    }
    bool font_missing = false;
    if (!viz_gfx_init_sized(&p->gfx, p->ren, p->font, p->font_sizes, &font_missing, err,
                            err_size)) {
        canvas_free(p);
        return font_missing ? 2 : 1;
    }
    p->gfx_ok = true;
    p->cap_w = w;
    p->cap_h = h;
    return 0;
}

int sgf_plotter_create(int width, int height, const char *font_path, sgf_plotter **out, char *err,
                       size_t err_size)
{
    *out = NULL;
    if (width < SGF_PLOT_MIN_SIZE || height < SGF_PLOT_MIN_SIZE || width > SGF_PLOT_MAX_SIZE ||
        height > SGF_PLOT_MAX_SIZE) {
        snprintf(err, err_size, "figure size %dx%d is outside %d to %d pixels a side", width,
                 height, SGF_PLOT_MIN_SIZE, SGF_PLOT_MAX_SIZE);
        return 2;
    }
    sgf_plotter *p = calloc(1, sizeof *p);
    if (!p) {
        snprintf(err, err_size, "out of memory");
        return 1;
    }
    p->width = width;
    p->height = height;
    float base = fminf((float)width / 960.0f, (float)height / 640.0f);
    if (base < 0.5f) base = 0.5f;
    if (base > 3.0f) base = 3.0f;
    p->u = base * (float)SS;
    static const float points[VIZ_FONT_COUNT] = {12.0f, 14.0f, 19.0f};
    for (int i = 0; i < VIZ_FONT_COUNT; i++) p->font_sizes[i] = (int)lroundf(points[i] * p->u);
    if (!font_path || !font_path[0]) font_path = getenv("SGF_FONT");
    if (!font_path || !font_path[0]) font_path = SGF_VIZ_DEFAULT_FONT;
    snprintf(p->font, sizeof p->font, "%s", font_path);
    /* No SDL_Init: a software renderer on a surface needs no subsystem. */
    if (TTF_Init() != 0) {
        snprintf(err, err_size, "cannot start SDL_ttf: %s", TTF_GetError());
        sgf_plotter_destroy(p);
        return 1;
    }
    p->ttf = true;
    if ((IMG_Init(IMG_INIT_PNG) & IMG_INIT_PNG) == 0) {
        snprintf(err, err_size, "cannot start SDL_image: %s", IMG_GetError());
        sgf_plotter_destroy(p);
        return 1;
    }
    p->img = true;
    int code = canvas_ensure(p, width * SS, height * SS, err, err_size);
    if (code != 0) {
        sgf_plotter_destroy(p);
        return code;
    }
    *out = p;
    return 0;
}

void sgf_plotter_destroy(sgf_plotter *p)
{
    if (!p) return;
    canvas_free(p);
    if (p->img) IMG_Quit();
    if (p->ttf) TTF_Quit();
    free(p);
}

/* The drawing goes to the canvas, or, for an SVG file, to svg as vector
 * elements in the same (supersampled) coordinates; text is measured with
 * the TrueType font either way, so both layouts are the same. */
typedef struct ctx {
    sgf_plotter *p;
    viz_gfx *g;
    float u;
    FILE *svg;
    int clip_id;
    bool clipped;
    const char *cls; /* SVG: the class of the elements drawn now (NULL: none) */
} ctx;

static void svg_class(const ctx *c)
{
    if (c->cls) fprintf(c->svg, " class=\"%s\"", c->cls);
}

static float U(const ctx *c, float v)
{
    return v * c->u;
}

static void svg_paint(FILE *f, const char *attr, SDL_Color col)
{
    fprintf(f, " %s=\"#%02x%02x%02x\"", attr, col.r, col.g, col.b);
    if (col.a != 255) fprintf(f, " %s-opacity=\"%.3f\"", attr, col.a / 255.0);
}

static void seg(ctx *c, float x0, float y0, float x1, float y1, float w, SDL_Color col)
{
    if (c->svg) {
        fprintf(c->svg,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke-width=\"%.2f\" "
                "stroke-linecap=\"round\"",
                x0, y0, x1, y1, w);
        svg_paint(c->svg, "stroke", col);
        fprintf(c->svg, "/>\n");
        return;
    }
    viz_geom_segment(c->g, x0, y0, x1, y1, w, col);
}

static void line(ctx *c, float x0, float y0, float x1, float y1, float w, uint32_t col)
{
    seg(c, x0, y0, x1, y1, w, rgb(col));
}

static void fill(ctx *c, float x, float y, float w, float h, SDL_Color col)
{
    if (c->svg) {
        fprintf(c->svg, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"", x, y, w, h);
        svg_paint(c->svg, "fill", col);
        fprintf(c->svg, "/>\n");
        return;
    }
    viz_geom_quad(c->g, x, y, w, h, col);
}

static void quad4(ctx *c, const float xs[4], const float ys[4], SDL_Color col)
{
    if (c->svg) {
        fprintf(c->svg, "<polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f\"", xs[0], ys[0],
                xs[1], ys[1], xs[2], ys[2], xs[3], ys[3]);
        svg_paint(c->svg, "fill", col);
        fprintf(c->svg, "/>\n");
        return;
    }
    viz_geom_quad4(c->g, xs, ys, col);
}

static void circle(ctx *c, float x, float y, float d, SDL_Color col)
{
    if (c->svg) {
        fprintf(c->svg, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.2f\"", x, y, d * 0.5f);
        svg_class(c);
        svg_paint(c->svg, "fill", col);
        fprintf(c->svg, "/>\n");
        return;
    }
    viz_sprite(c->g, VIZ_SHAPE_CIRCLE, x, y, d, col);
}

static void outline(ctx *c, float x, float y, float w, float h, SDL_Color col)
{
    if (c->svg) {
        fprintf(c->svg,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" "
                "stroke-width=\"%.2f\"",
                x, y, w, h, U(c, 1.0f));
        svg_paint(c->svg, "stroke", col);
        fprintf(c->svg, "/>\n");
        return;
    }
    viz_rect_outline(c->g, x, y, w, h, col);
}

/* SVG: a group of class cls around what follows, until group_end. */
static void group_begin(ctx *c, const char *cls)
{
    if (c->svg) fprintf(c->svg, "<g class=\"%s\">\n", cls);
}

static void group_end(ctx *c)
{
    if (c->svg) fprintf(c->svg, "</g>\n");
}

static void clip(ctx *c, const SDL_FRect *r)
{
    if (c->svg) {
        if (c->clipped) fprintf(c->svg, "</g>\n");
        c->clipped = false;
        if (r) {
            int id = ++c->clip_id;
            fprintf(c->svg,
                    "<clipPath id=\"c%d\"><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                    "height=\"%.1f\"/></clipPath>\n<g clip-path=\"url(#c%d)\">\n",
                    id, r->x, r->y, r->w, r->h, id);
            c->clipped = true;
        }
        return;
    }
    viz_geom_flush(c->g);
    if (r) {
        SDL_Rect ir = {(int)floorf(r->x), (int)floorf(r->y), (int)ceilf(r->w) + 1,
                       (int)ceilf(r->h) + 1};
        SDL_RenderSetClipRect(c->g->ren, &ir);
    } else {
        SDL_RenderSetClipRect(c->g->ren, NULL);
    }
}

/* ---- text ---------------------------------------------------------------------------- */

/* s, shortened with an ellipsis to at most max_w pixels. */
static const char *fit_text(viz_gfx *g, int font, const char *s, float max_w, char *buf,
                            size_t size)
{
    if (!s) return "";
    if ((float)viz_text_width(g, font, s) <= max_w) return s;
    size_t n = strlen(s);
    if (n >= size - 4) n = size - 4;
    while (n > 0) {
        n--;
        while (n > 0 && ((unsigned char)s[n] & 0xc0u) == 0x80u) n--; /* a whole UTF-8 char */
        memcpy(buf, s, n);
        memcpy(buf + n, "\xe2\x80\xa6", 4);
        if ((float)viz_text_width(g, font, buf) <= max_w) return buf;
    }
    return "";
}

static int text_at(ctx *c, int font, float x, float y, int align, uint32_t col, const char *s)
{
    if (!c->svg) return viz_text(c->g, font, (int)lroundf(x), (int)lroundf(y), align, rgb(col), s);
    if (!s || !s[0]) return 0;
    static const char *const anchor[3] = {"start", "middle", "end"};
    fprintf(c->svg,
            "<text x=\"%.1f\" y=\"%.1f\" font-family=\"DejaVu Sans, Verdana, sans-serif\" "
            "font-size=\"%d\" text-anchor=\"%s\" fill=\"#%06x\"",
            x, y + (float)TTF_FontAscent(c->g->font[font]), c->p->font_sizes[font],
            anchor[align >= 0 && align <= 2 ? align : 0], (unsigned)col);
    svg_class(c);
    fputc('>', c->svg);
    for (const char *p = s; *p; p++) {
        switch (*p) {
        case '<':
            fputs("&lt;", c->svg);
            break;
        case '>':
            fputs("&gt;", c->svg);
            break;
        case '&':
            fputs("&amp;", c->svg);
            break;
        case '"':
            fputs("&quot;", c->svg);
            break;
        default:
            fputc(*p, c->svg);
        }
    }
    fputs("</text>\n", c->svg);
    return viz_text_width(c->g, font, s);
}

/* Text whose vertical middle is at y. */
static int text_mid(ctx *c, int font, float x, float y, int align, uint32_t col, const char *s)
{
    return text_at(c, font, x, y - (float)TTF_FontHeight(c->g->font[font]) * 0.5f, align, col, s);
}

static float font_h(viz_gfx *g, int font)
{
    return (float)TTF_FontHeight(g->font[font]);
}

/* ---- numbers ------------------------------------------------------------------------- */

/* A number with about three significant digits and no exponent. */
static void format_short(double v, char *buf, size_t size)
{
    if (!isfinite(v)) {
        snprintf(buf, size, "%s", isnan(v) ? "n/a" : v > 0 ? "inf" : "-inf");
        return;
    }
    double a = fabs(v);
    int dec = a < 1e-12 ? 0 : 2 - (int)floor(log10(a));
    if (dec < 0) dec = 0;
    if (dec > 6) dec = 6;
    snprintf(buf, size, "%.*f", dec, v);
    if (strcmp(buf, "-0") == 0 || (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1)))
        memmove(buf, buf + 1, strlen(buf));
}

/* The unit line of an axis: "label (scale unit)". */
static void axis_title(const char *label, const char *unit, const char *scale_word, char *buf,
                       size_t size)
{
    bool has_unit = unit && unit[0], has_label = label && label[0];
    char u[160] = "";
    if (scale_word && has_unit)
        snprintf(u, sizeof u, "%s %s", scale_word, unit);
    else if (scale_word)
        snprintf(u, sizeof u, "%ss", scale_word);
    else if (has_unit)
        snprintf(u, sizeof u, "%s", unit);
    if (has_label && u[0])
        snprintf(buf, size, "%s (%s)", label, u);
    else if (has_label)
        snprintf(buf, size, "%s", label);
    else if (u[0])
        snprintf(buf, size, "(%s)", u);
    else
        buf[0] = '\0';
}

/* ---- axes ---------------------------------------------------------------------------- */

typedef struct axis {
    const sgf_plot_axis *def;
    bool cat, log;
    double lo, hi; /* the shown range, in log10 on a logarithmic axis */
    float p0, p1;  /* pixels of lo and hi */
    int tick_count;
    double tick[TICKS]; /* data values */
    char label[TICKS][48];
    const char *scale_word; /* ticks shown divided by a thousand, million, billion ... */
    double div;             /* ... that is, by this */
} axis;

static double axis_t(const axis *a, double v)
{
    return a->log ? log10(v) : v;
}

static float axis_px(const axis *a, double v)
{
    double t = axis_t(a, v);
    return a->p0 + (a->p1 - a->p0) * (float)((t - a->lo) / (a->hi - a->lo));
}

static double nice_step(double span, int target)
{
    double raw = span / (double)(target > 1 ? target : 1);
    double mag = pow(10.0, floor(log10(raw)));
    double n = raw / mag;
    return (n < 1.5 ? 1.0 : n < 3.0 ? 2.0 : n < 7.0 ? 5.0 : 10.0) * mag;
}

static void choose_scale(axis *a)
{
    double m = 0;
    for (int i = 0; i < a->tick_count; i++) m = fmax(m, fabs(a->tick[i]));
    a->scale_word = NULL;
    a->div = 1.0;
    if (m >= 1e9) {
        a->scale_word = "billion";
        a->div = 1e9;
    } else if (m >= 1e6) {
        a->scale_word = "million";
        a->div = 1e6;
    } else if (m >= 1e4) {
        a->scale_word = "thousand";
        a->div = 1e3;
    }
}

/* Ticks of a linear range [lo, hi] (data units), about target of them. */
static void linear_ticks(axis *a, int target)
{
    double step = nice_step(a->hi - a->lo, target);
    a->tick_count = 0;
    double k0 = ceil(a->lo / step - 1e-9), k1 = floor(a->hi / step + 1e-9);
    for (double k = k0; k <= k1 && a->tick_count < TICKS; k++) {
        double v = k * step;
        if (fabs(v) < step * 1e-9) v = 0.0;
        a->tick[a->tick_count++] = v;
    }
    choose_scale(a);
    double s = step / a->div;
    int dec = (int)ceil(-log10(s) - 1e-9);
    if (dec < 0) dec = 0;
    if (dec > 9) dec = 9;
    for (int i = 0; i < a->tick_count; i++) {
        snprintf(a->label[i], sizeof a->label[i], "%.*f", dec, a->tick[i] / a->div);
        if (strspn(a->label[i], "-0.") == strlen(a->label[i]))
            snprintf(a->label[i], sizeof a->label[i], "0");
    }
}

static void log_ticks(axis *a)
{
    static const double sets[3][9] = {{1}, {1, 2, 5}, {1, 2, 3, 4, 5, 6, 7, 8, 9}};
    static const int sizes[3] = {1, 3, 9};
    int e0 = (int)floor(a->lo), e1 = (int)ceil(a->hi);
    for (int s = 0; s < 3; s++) {
        a->tick_count = 0;
        for (int e = e0; e <= e1; e++)
            for (int k = 0; k < sizes[s] && a->tick_count < TICKS; k++) {
                double v = sets[s][k] * pow(10.0, e);
                double t = log10(v);
                if (t >= a->lo - 1e-9 && t <= a->hi + 1e-9) a->tick[a->tick_count++] = v;
            }
        if (a->tick_count >= 3) break;
    }
    choose_scale(a);
    for (int i = 0; i < a->tick_count; i++)
        snprintf(a->label[i], sizeof a->label[i], "%.6g", a->tick[i] / a->div);
}

/* Sets the range and ticks of a numeric or categorical axis from the data
 * range [lo, hi] (lo > hi: no data). */
static void axis_setup(axis *a, const sgf_plot_axis *def, double lo, double hi, int target)
{
    memset(a, 0, sizeof *a);
    a->def = def;
    a->div = 1.0;
    a->cat = def->categories != NULL;
    a->log = def->log && !a->cat;
    if (a->cat) {
        int n = def->category_count > 0 ? def->category_count : 1;
        a->lo = -0.5;
        a->hi = (double)n - 0.5;
        int step = (def->category_count + TICKS - 1) / TICKS; /* more than TICKS: every k-th */
        if (step < 1) step = 1;
        for (int i = 0; i < def->category_count && a->tick_count < TICKS; i += step) {
            a->tick[a->tick_count] = (double)i;
            snprintf(a->label[a->tick_count], sizeof a->label[0], "%s", def->categories[i]);
            a->tick_count++;
        }
        return;
    }
    if (a->log && !(lo > 0)) a->log = false;
    if (!(lo <= hi)) lo = 0.0, hi = 1.0;
    bool unit = !a->log && def->range == SGF_PLOT_RANGE_UNIT && lo >= 0 && hi <= 1;
    bool nonneg = !a->log && (unit || def->range == SGF_PLOT_RANGE_NONNEG) && lo >= 0;
    if (a->log) lo = log10(lo), hi = log10(hi);
    double span = hi - lo;
    if (span <= fabs(hi) * 1e-12 || span <= 0) {
        /* a constant: a share gets its whole range, a count from zero */
        double d = fabs(hi) * 0.1;
        if (d < 1e-9) d = 1.0;
        if (unit) {
            lo = 0.0, hi = 1.0;
        } else if (nonneg && hi < 1e-12) {
            lo = 0.0, hi = 1.0;
        } else {
            lo -= d;
            hi += d;
        }
    } else {
        lo -= span * 0.05;
        hi += span * 0.05;
    }
    if (nonneg && lo < 0) lo = 0.0; /* no negative shares or counts on the axis */
    if (unit && hi > 1) hi = 1.0;
    a->lo = lo;
    a->hi = hi;
    if (a->log)
        log_ticks(a);
    else
        linear_ticks(a, target);
}

/* ---- the drawing --------------------------------------------------------------------- */

static bool finite2(double a, double b)
{
    return isfinite(a) && isfinite(b);
}

/* The data range of a panel's series along x (which = 0) or y (1). */
static void data_range(const sgf_plot_panel *pn, int which, bool log, double *lo, double *hi)
{
    *lo = INFINITY;
    *hi = -INFINITY;
    for (int s = 0; s < pn->series_count; s++) {
        const sgf_plot_series *se = &pn->series[s];
        for (int i = 0; i < se->count; i++) {
            if (!isfinite(se->x[i]) || !isfinite(se->y[i])) continue;
            double v[3] = {which ? se->y[i] : se->x[i], NAN, NAN};
            if (which && se->lo && se->hi) v[1] = se->lo[i], v[2] = se->hi[i];
            for (int k = 0; k < 3; k++) {
                if (!isfinite(v[k]) || (log && !(v[k] > 0))) continue;
                if (v[k] < *lo) *lo = v[k];
                if (v[k] > *hi) *hi = v[k];
            }
        }
    }
}

static SDL_Color series_color(const sgf_plot_panel *pn, int s, uint8_t alpha)
{
    int k = pn->series[s].colour > 0 ? pn->series[s].colour - 1 : s;
    return viz_rgba(palette[k % SGF_PLOT_MAX_SERIES], alpha);
}

static bool in_legend(const sgf_plot_series *se)
{
    return se->style != SGF_PLOT_DOTS && se->label && se->label[0];
}

static bool has_legend(const sgf_plot_panel *pn)
{
    if (pn->heat || pn->series_count < 1) return false;
    int n = 0;
    for (int s = 0; s < pn->series_count; s++) n += in_legend(&pn->series[s]);
    return n > 1;
}

/* The number of series that are not dots (the dodge on a categorical axis
 * and the single-series band colour count only those). */
static int main_series(const sgf_plot_panel *pn)
{
    int n = 0;
    for (int s = 0; s < pn->series_count; s++) n += pn->series[s].style != SGF_PLOT_DOTS;
    return n;
}

/* A series' place among the main series (its dodge), from its colour. */
static int dodge_slot(const sgf_plot_panel *pn, int s)
{
    return pn->series[s].colour > 0 ? pn->series[s].colour - 1 : s;
}

/* x offset of series s among n on a categorical axis (dodged, in categories). */
static double dodge(const axis *ax, int s, int n)
{
    if (!ax->cat || n < 2) return 0.0;
    double w = fmin(0.6 / (double)n, 0.15);
    return ((double)s - (double)(n - 1) * 0.5) * w;
}

static void draw_series(ctx *c, const sgf_plot_panel *pn, const axis *ax, const axis *ay)
{
    int count = pn->series_count, n = main_series(pn);
    bool single = n == 1;
    /* bands first, under every line */
    for (int s = 0; s < count; s++) {
        const sgf_plot_series *se = &pn->series[s];
        if (se->style != SGF_PLOT_LINE_BAND || !se->lo || !se->hi) continue;
        SDL_Color band = single ? rgb(SGF_PLOT_RGB_BAND) : series_color(pn, s, 40);
        for (int i = 0; i + 1 < se->count; i++) {
            double x0 = se->x[i] + dodge(ax, dodge_slot(pn, s), n),
                   x1 = se->x[i + 1] + dodge(ax, dodge_slot(pn, s), n);
            if (!finite2(x0, x1) || !finite2(se->lo[i], se->hi[i]) ||
                !finite2(se->lo[i + 1], se->hi[i + 1]))
                continue;
            if (ax->log && !(x0 > 0 && x1 > 0)) continue;
            if (ay->log && !(se->lo[i] > 0 && se->lo[i + 1] > 0)) continue;
            float xs[4] = {axis_px(ax, x0), axis_px(ax, x1), axis_px(ax, x1), axis_px(ax, x0)};
            float ys[4] = {axis_px(ay, se->hi[i]), axis_px(ay, se->hi[i + 1]),
                           axis_px(ay, se->lo[i + 1]), axis_px(ay, se->lo[i])};
            quad4(c, xs, ys, band);
        }
    }
    viz_geom_flush(c->g);
    /* the runs behind the means: over the bands, under the lines */
    for (int s = 0; s < count; s++) {
        const sgf_plot_series *se = &pn->series[s];
        if (se->style != SGF_PLOT_DOTS) continue;
        SDL_Color col = series_color(pn, s, 120);
        c->cls = "sgf-run";
        for (int i = 0; i < se->count; i++) {
            double xv = se->x[i] + dodge(ax, dodge_slot(pn, s), n), yv = se->y[i];
            if (!finite2(xv, yv) || (ax->log && !(xv > 0)) || (ay->log && !(yv > 0))) continue;
            /* a fixed small spread, so equal values stay visible side by side */
            double j = fmod((double)i * 0.6180339887, 1.0) - 0.5;
            circle(c, axis_px(ax, xv) + (float)j * U(c, 8.0f), axis_px(ay, yv), U(c, 4.0f), col);
        }
        c->cls = NULL;
    }
    viz_geom_flush(c->g);
    for (int s = 0; s < count; s++) {
        const sgf_plot_series *se = &pn->series[s];
        if (se->style == SGF_PLOT_DOTS) continue;
        SDL_Color col = series_color(pn, s, 255);
        float lw = U(c, se->style == SGF_PLOT_LINE ? 2.0f : 2.5f);
        bool ok_prev = false;
        float px = 0, py = 0;
        for (int i = 0; i < se->count; i++) {
            double xv = se->x[i] + dodge(ax, dodge_slot(pn, s), n), yv = se->y[i];
            bool ok = finite2(xv, yv) && (!ax->log || xv > 0) && (!ay->log || yv > 0);
            float x = ok ? axis_px(ax, xv) : 0, y = ok ? axis_px(ay, yv) : 0;
            if (se->style == SGF_PLOT_POINTS) {
                if (!ok) continue;
                if (se->lo && se->hi && finite2(se->lo[i], se->hi[i]) &&
                    (!ay->log || se->lo[i] > 0)) {
                    float y0 = axis_px(ay, se->lo[i]), y1 = axis_px(ay, se->hi[i]);
                    float cap = U(c, 4.0f), w = U(c, 1.5f);
                    seg(c, x, y0, x, y1, w, col);
                    seg(c, x - cap, y0, x + cap, y0, w, col);
                    seg(c, x - cap, y1, x + cap, y1, w, col);
                }
                continue;
            }
            if (ok && ok_prev) seg(c, px, py, x, y, lw, col);
            ok_prev = ok;
            px = x, py = y;
        }
        viz_geom_flush(c->g);
        /* round joins for lines, markers for the points of a design */
        for (int i = 0; i < se->count; i++) {
            double xv = se->x[i] + dodge(ax, dodge_slot(pn, s), n), yv = se->y[i];
            if (!finite2(xv, yv) || (ax->log && !(xv > 0)) || (ay->log && !(yv > 0))) continue;
            float x = axis_px(ax, xv), y = axis_px(ay, yv);
            if (se->style == SGF_PLOT_LINE) {
                if (se->count <= 400) circle(c, x, y, lw, col);
            } else {
                float d = U(c, se->style == SGF_PLOT_POINTS ? 7.0f : 6.0f);
                circle(c, x, y, d + U(c, 2.0f), rgb(SGF_PLOT_RGB_BACKGROUND));
                circle(c, x, y, d, col);
            }
        }
    }
}

typedef struct heat_scale {
    double vmin, vmax;
    axis bar; /* ticks of the colour bar */
} heat_scale;

static void heat_setup(heat_scale *h, const sgf_plot_heat *hm, int target)
{
    h->vmin = INFINITY;
    h->vmax = -INFINITY;
    for (int i = 0; i < hm->nx * hm->ny; i++) {
        double v = hm->value[i];
        if (!isfinite(v)) continue;
        if (v < h->vmin) h->vmin = v;
        if (v > h->vmax) h->vmax = v;
    }
    if (!(h->vmin <= h->vmax)) h->vmin = 0, h->vmax = 1;
    if (h->vmax - h->vmin <= fabs(h->vmax) * 1e-12) {
        double d = fabs(h->vmax) * 0.05;
        if (d < 1e-9) d = 0.5;
        h->vmin -= d;
        h->vmax += d;
    }
    memset(&h->bar, 0, sizeof h->bar);
    h->bar.lo = h->vmin;
    h->bar.hi = h->vmax;
    linear_ticks(&h->bar, target);
}

static double heat_t(const heat_scale *h, double v)
{
    return (v - h->vmin) / (h->vmax - h->vmin);
}

/* The highest cell (-1: none) and whether cell k's interval overlaps its. */
static int heat_best(const sgf_plot_heat *hm)
{
    int best = -1;
    for (int k = 0; k < hm->nx * hm->ny; k++)
        if (isfinite(hm->value[k]) && (best < 0 || hm->value[k] > hm->value[best])) best = k;
    return best;
}

static bool heat_overlaps_best(const sgf_plot_heat *hm, int best, int k)
{
    if (!hm->lo || !hm->hi || best < 0 || !isfinite(hm->value[k])) return false;
    double lo = hm->lo[k], hi = hm->hi[k], blo = hm->lo[best], bhi = hm->hi[best];
    if (!finite2(lo, hi) || !finite2(blo, bhi)) return true; /* no interval: cannot tell */
    return hi >= blo && lo <= bhi;
}

static uint32_t text_on(uint32_t col)
{
    double lum = 0.299 * (double)(col >> 16 & 255) + 0.587 * (double)(col >> 8 & 255) +
                 0.114 * (double)(col & 255);
    return lum < 150 ? 0xffffffu : SGF_PLOT_RGB_TEXT;
}

/* Diagonal hatching over the rectangle, in col at alpha. */
static void hatch(ctx *c, float x0, float y0, float w, float h, uint32_t col, uint8_t alpha)
{
    float step = U(c, 7.0f), lw = U(c, 1.2f);
    SDL_Color sc = viz_rgba(col, alpha);
    for (float d = step * 0.5f; d < w + h; d += step) {
        float u0 = d - h > 0 ? d - h : 0, u1 = d < w ? d : w;
        if (u1 <= u0) continue;
        seg(c, x0 + u0, y0 + h - (d - u0), x0 + u1, y0 + h - (d - u1), lw, sc);
    }
}

static void draw_heat(ctx *c, const sgf_plot_panel *pn, const axis *ax, const axis *ay,
                      const heat_scale *hs)
{
    const sgf_plot_heat *hm = pn->heat;
    viz_gfx *g = c->g;
    char buf[64], pm[64];
    float gap = U(c, 1.0f);
    int best = heat_best(hm);
    for (int iy = 0; iy < hm->ny; iy++)
        for (int ix = 0; ix < hm->nx; ix++) {
            double v = hm->value[iy * hm->nx + ix];
            float x0 = axis_px(ax, ix - 0.5), x1 = axis_px(ax, ix + 0.5);
            float y0 = axis_px(ay, iy + 0.5), y1 = axis_px(ay, iy - 0.5);
            uint32_t col = isfinite(v) ? sgf_plot_heat_rgb(heat_t(hs, v)) : SGF_PLOT_RGB_MISSING;
            fill(c, x0 + gap, y0 + gap, x1 - x0 - 2 * gap, y1 - y0 - 2 * gap, rgb(col));
        }
    viz_geom_flush(g);
    /* cells that cannot be told apart from the highest: hatched */
    for (int iy = 0; iy < hm->ny; iy++)
        for (int ix = 0; ix < hm->nx; ix++) {
            int k = iy * hm->nx + ix;
            if (!heat_overlaps_best(hm, best, k)) continue;
            float x0 = axis_px(ax, ix - 0.5), x1 = axis_px(ax, ix + 0.5);
            float y0 = axis_px(ay, iy + 0.5), y1 = axis_px(ay, iy - 0.5);
            uint32_t col = sgf_plot_heat_rgb(heat_t(hs, hm->value[k]));
            group_begin(c, "sgf-overlap");
            hatch(c, x0 + gap, y0 + gap, x1 - x0 - 2 * gap, y1 - y0 - 2 * gap, text_on(col), 90);
            group_end(c);
        }
    if (best >= 0 && hm->lo && hm->hi) {
        int bx = best % hm->nx, by = best / hm->nx;
        float x0 = axis_px(ax, bx - 0.5), x1 = axis_px(ax, bx + 0.5);
        float y0 = axis_px(ay, by + 0.5), y1 = axis_px(ay, by - 0.5);
        float w = U(c, 2.5f);
        SDL_Color oc = rgb(SGF_PLOT_RGB_TEXT);
        group_begin(c, "sgf-best");
        seg(c, x0 + w, y0 + w, x1 - w, y0 + w, w, oc);
        seg(c, x1 - w, y0 + w, x1 - w, y1 - w, w, oc);
        seg(c, x1 - w, y1 - w, x0 + w, y1 - w, w, oc);
        seg(c, x0 + w, y1 - w, x0 + w, y0 + w, w, oc);
        group_end(c);
    }
    viz_geom_flush(g);
    /* each cell's value, and its interval's half-width, where they fit */
    for (int iy = 0; iy < hm->ny; iy++)
        for (int ix = 0; ix < hm->nx; ix++) {
            int k = iy * hm->nx + ix;
            double v = hm->value[k];
            float x0 = axis_px(ax, ix - 0.5), x1 = axis_px(ax, ix + 0.5);
            float y0 = axis_px(ay, iy + 0.5), y1 = axis_px(ay, iy - 0.5);
            uint32_t col = isfinite(v) ? sgf_plot_heat_rgb(heat_t(hs, v)) : SGF_PLOT_RGB_MISSING;
            if (isfinite(v))
                format_short(v / hs->bar.div, buf, sizeof buf);
            else
                snprintf(buf, sizeof buf, "no runs");
            pm[0] = '\0';
            if (isfinite(v) && hm->lo && hm->hi && finite2(hm->lo[k], hm->hi[k])) {
                char h[48];
                format_short((hm->hi[k] - hm->lo[k]) * 0.5 / hs->bar.div, h, sizeof h);
                snprintf(pm, sizeof pm, "\xc2\xb1 %s", h);
            }
            int font = VIZ_FONT_SMALL;
            float fh = font_h(g, font);
            if ((float)viz_text_width(g, font, buf) > x1 - x0 - U(c, 6.0f) ||
                fh > y1 - y0 - U(c, 4.0f))
                continue;
            bool two = pm[0] && (float)viz_text_width(g, font, pm) <= x1 - x0 - U(c, 6.0f) &&
                       2 * fh <= y1 - y0 - U(c, 4.0f);
            float cy = (y0 + y1) * 0.5f;
            uint32_t tc = text_on(col);
            if (two) {
                text_mid(c, font, (x0 + x1) * 0.5f, cy - fh * 0.5f, 1, tc, buf);
                text_mid(c, font, (x0 + x1) * 0.5f, cy + fh * 0.5f, 1, tc, pm);
            } else {
                text_mid(c, font, (x0 + x1) * 0.5f, cy, 1, tc, buf);
            }
        }
}

/* Dashed vertical markers (a run's events) with their labels at the top. */
static void draw_marks(ctx *c, const sgf_plot_panel *pn, const axis *ax, float top, float bottom)
{
    if (pn->mark_count < 1 || !pn->marks) return;
    SDL_Color col = viz_rgba(0x7f7f7fu, 200);
    float dash = U(c, 5.0f);
    enum { ROWS = 3 };
    float last_label[ROWS] = {-1e9f, -1e9f, -1e9f}; /* labels stack in rows where they touch */
    for (int i = 0; i < pn->mark_count; i++) {
        double xv = pn->marks[i];
        if (!isfinite(xv) || (ax->log && !(xv > 0))) continue;
        float x = axis_px(ax, xv);
        for (float y = top; y < bottom; y += 2 * dash)
            seg(c, x, y, x, fminf(y + dash, bottom), U(c, 1.2f), col);
        const char *l = pn->mark_labels ? pn->mark_labels[i] : NULL;
        int row = 0;
        while (row < ROWS && x <= last_label[row]) row++;
        if (l && l[0] && row < ROWS) {
            float ly = top + U(c, 2.0f) + (float)row * font_h(c->g, VIZ_FONT_SMALL);
            c->cls = "sgf-mark";
            int tw = text_at(c, VIZ_FONT_SMALL, x + U(c, 3.0f), ly, 0, 0x666666u, l);
            c->cls = NULL;
            last_label[row] = x + (float)tw + U(c, 10.0f);
        }
    }
}

/* The colour bar right of the plotting area, from top to bottom. */
static void draw_colour_bar(ctx *c, const sgf_plot_heat *hm, const heat_scale *hs, float x,
                            float top, float bottom, float right, float max_w)
{
    viz_gfx *g = c->g;
    float w = U(c, 16.0f);
    int steps = (int)(bottom - top);
    if (c->svg) {
        /* one gradient instead of a rectangle per pixel row */
        int id = ++c->clip_id;
        fprintf(c->svg, "<linearGradient id=\"g%d\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">", id);
        for (int k = 0; k <= 10; k++)
            fprintf(c->svg, "<stop offset=\"%.1f\" stop-color=\"#%06x\"/>", k / 10.0,
                    sgf_plot_heat_rgb(k / 10.0));
        fprintf(c->svg,
                "</linearGradient>\n<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                "height=\"%.1f\" fill=\"url(#g%d)\"/>\n",
                x, top, w, bottom - top, id);
        steps = 0;
    }
    for (int k = 0; k < steps; k++) {
        double t = 1.0 - ((double)k + 0.5) / (double)steps;
        fill(c, x, top + (float)k, w, 1.0f, rgb(sgf_plot_heat_rgb(t)));
    }
    viz_geom_flush(g);
    outline(c, x, top, w, bottom - top, rgb(SGF_PLOT_RGB_AXIS));
    for (int i = 0; i < hs->bar.tick_count; i++) {
        double t = heat_t(hs, hs->bar.tick[i]);
        float y = bottom - (float)t * (bottom - top);
        line(c, x + w, y, x + w + U(c, 4.0f), y, U(c, 1.0f), SGF_PLOT_RGB_AXIS);
        text_mid(c, VIZ_FONT_SMALL, x + w + U(c, 7.0f), y, 0, SGF_PLOT_RGB_TEXT, hs->bar.label[i]);
    }
    viz_geom_flush(g);
    char title[256], fitted[256];
    axis_title(hm->label, hm->unit, hs->bar.scale_word, title, sizeof title);
    float lh = font_h(g, VIZ_FONT_SMALL);
    text_at(c, VIZ_FONT_SMALL, right, top - lh - U(c, 8.0f), 2, SGF_PLOT_RGB_TEXT,
            fit_text(g, VIZ_FONT_SMALL, title, max_w, fitted, sizeof fitted));
}

static float max_label_width(viz_gfx *g, int font, const axis *a, float cap)
{
    float m = 0;
    char buf[64];
    for (int i = 0; i < a->tick_count; i++) {
        float w =
            (float)viz_text_width(g, font, fit_text(g, font, a->label[i], cap, buf, sizeof buf));
        if (w > m) m = w;
    }
    return m;
}

/* One panel in the rectangle (x, y, w, h). */
static void draw_panel(ctx *c, const sgf_plot_panel *pn, float x, float y, float w, float h)
{
    viz_gfx *g = c->g;
    float small_h = font_h(g, VIZ_FONT_SMALL), normal_h = font_h(g, VIZ_FONT_NORMAL);
    float tick = U(c, 5.0f), pad = U(c, 6.0f);
    char buf[256], fitted[256];

    /* vertical: title, y label line, plot, tick labels, x label */
    float top = y;
    if (pn->title && pn->title[0]) top += normal_h + U(c, 4.0f);
    float ylab_y = top;
    top += small_h + U(c, 8.0f);
    bool has_xlabel = (pn->x.label && pn->x.label[0]) || (pn->x.unit && pn->x.unit[0]);
    float bottom = y + h - tick - pad - small_h - (has_xlabel ? normal_h + U(c, 4.0f) : 0.0f);
    if (bottom < top + U(c, 30.0f)) bottom = top + U(c, 30.0f);

    axis ax, ay;
    double lo, hi;
    float plot_h = bottom - top;
    if (pn->heat) {
        axis_setup(&ay, &pn->y, 0, 0, 0);
    } else {
        data_range(pn, 1, pn->y.log, &lo, &hi);
        int target = (int)(plot_h / U(c, 55.0f));
        axis_setup(&ay, &pn->y, lo, hi, target < 3 ? 3 : target > 9 ? 9 : target);
    }
    float ylab_w = max_label_width(g, VIZ_FONT_SMALL, &ay, w * 0.3f);
    float left = x + ylab_w + tick + pad;

    /* right: legend or colour bar */
    float right = x + w;
    heat_scale hs;
    float legend_x = 0;
    if (pn->heat) {
        int target = (int)(plot_h / U(c, 60.0f));
        heat_setup(&hs, pn->heat, target < 3 ? 3 : target > 8 ? 8 : target);
        float lw = max_label_width(g, VIZ_FONT_SMALL, &hs.bar, w);
        right -= U(c, 18.0f) + U(c, 16.0f) + U(c, 7.0f) + lw + U(c, 4.0f);
    } else if (has_legend(pn)) {
        float lw = 0;
        for (int s = 0; s < pn->series_count; s++) {
            if (!in_legend(&pn->series[s])) continue;
            const char *l = pn->series[s].label ? pn->series[s].label : "";
            float tw = (float)viz_text_width(
                g, VIZ_FONT_SMALL,
                fit_text(g, VIZ_FONT_SMALL, l, w * 0.25f, fitted, sizeof fitted));
            if (tw > lw) lw = tw;
        }
        if (pn->legend_title) {
            float tw = (float)viz_text_width(
                g, VIZ_FONT_SMALL,
                fit_text(g, VIZ_FONT_SMALL, pn->legend_title, w * 0.3f, fitted, sizeof fitted));
            if (tw > lw + U(c, 28.0f)) lw = tw - U(c, 28.0f);
        }
        legend_x = right - lw - U(c, 28.0f);
        right = legend_x - U(c, 16.0f);
    }
    if (right < left + U(c, 40.0f)) right = left + U(c, 40.0f);

    if (pn->heat) {
        axis_setup(&ax, &pn->x, 0, 0, 0);
    } else {
        data_range(pn, 0, pn->x.log, &lo, &hi);
        int target = (int)((right - left) / U(c, 90.0f));
        axis_setup(&ax, &pn->x, lo, hi, target < 3 ? 3 : target > 10 ? 10 : target);
    }
    ax.p0 = left, ax.p1 = right;
    ay.p0 = bottom, ay.p1 = top;

    /* grid */
    if (!pn->heat) {
        for (int i = 0; i < ay.tick_count; i++) {
            float ty = axis_px(&ay, ay.tick[i]);
            line(c, left, ty, right, ty, U(c, 1.0f), SGF_PLOT_RGB_GRID);
        }
        if (!ax.cat)
            for (int i = 0; i < ax.tick_count; i++) {
                float tx = axis_px(&ax, ax.tick[i]);
                line(c, tx, top, tx, bottom, U(c, 1.0f), SGF_PLOT_RGB_GRID);
            }
        viz_geom_flush(g);
    }

    /* data */
    SDL_FRect area = {left, top, right - left, bottom - top};
    clip(c, &area);
    if (pn->heat) {
        draw_heat(c, pn, &ax, &ay, &hs);
    } else {
        draw_marks(c, pn, &ax, top, bottom);
        draw_series(c, pn, &ax, &ay);
    }
    clip(c, NULL);

    /* spines, ticks, tick labels */
    line(c, left, bottom, right, bottom, U(c, 1.2f), SGF_PLOT_RGB_AXIS);
    line(c, left, top, left, bottom, U(c, 1.2f), SGF_PLOT_RGB_AXIS);
    for (int i = 0; i < ay.tick_count; i++) {
        float ty = axis_px(&ay, ay.tick[i]);
        line(c, left - tick, ty, left, ty, U(c, 1.2f), SGF_PLOT_RGB_AXIS);
    }
    /* x labels: every k-th when they would touch */
    float slot = ax.tick_count > 1 ? fabsf(axis_px(&ax, ax.tick[1]) - axis_px(&ax, ax.tick[0]))
                                   : right - left;
    float cap = ax.cat ? fmaxf(slot * 2.5f, U(c, 60.0f)) : right - left;
    float xw = max_label_width(g, VIZ_FONT_SMALL, &ax, cap);
    int every = 1;
    while (every < ax.tick_count && slot * (float)every < xw + U(c, 10.0f)) every++;
    for (int i = 0; i < ax.tick_count; i++) {
        float tx = axis_px(&ax, ax.tick[i]);
        line(c, tx, bottom, tx, bottom + tick, U(c, 1.2f), SGF_PLOT_RGB_AXIS);
    }
    viz_geom_flush(g);
    c->cls = "sgf-ytick";
    for (int i = 0; i < ay.tick_count; i++)
        text_mid(c, VIZ_FONT_SMALL, left - tick - U(c, 3.0f), axis_px(&ay, ay.tick[i]), 2,
                 SGF_PLOT_RGB_TEXT,
                 fit_text(g, VIZ_FONT_SMALL, ay.label[i], w * 0.3f, fitted, sizeof fitted));
    c->cls = "sgf-xtick";
    for (int i = 0; i < ax.tick_count; i += every)
        text_at(
            c, VIZ_FONT_SMALL, axis_px(&ax, ax.tick[i]), bottom + tick + U(c, 2.0f), 1,
            SGF_PLOT_RGB_TEXT,
            fit_text(g, VIZ_FONT_SMALL, ax.label[i], cap * (float)every, fitted, sizeof fitted));
    c->cls = NULL;

    /* labels and title */
    if (has_xlabel) {
        axis_title(pn->x.label, pn->x.unit, ax.scale_word, buf, sizeof buf);
        text_at(c, VIZ_FONT_NORMAL, (left + right) * 0.5f, bottom + tick + pad + small_h, 1,
                SGF_PLOT_RGB_TEXT,
                fit_text(g, VIZ_FONT_NORMAL, buf, x + w - left, fitted, sizeof fitted));
    }
    axis_title(pn->y.label, pn->y.unit, ay.scale_word, buf, sizeof buf);
    if (buf[0])
        text_at(c, VIZ_FONT_SMALL, x, ylab_y, 0, SGF_PLOT_RGB_TEXT,
                fit_text(g, VIZ_FONT_SMALL, buf, w, fitted, sizeof fitted));
    if (pn->title && pn->title[0])
        text_at(c, VIZ_FONT_NORMAL, x, y, 0, SGF_PLOT_RGB_TEXT,
                fit_text(g, VIZ_FONT_NORMAL, pn->title, w, fitted, sizeof fitted));

    if (pn->heat) {
        draw_colour_bar(c, pn->heat, &hs, right + U(c, 18.0f), top, bottom, x + w, w * 0.45f);
    } else if (has_legend(pn)) {
        float ly = top;
        if (pn->legend_title) {
            text_at(c, VIZ_FONT_SMALL, legend_x, ly, 0, SGF_PLOT_RGB_TEXT,
                    fit_text(g, VIZ_FONT_SMALL, pn->legend_title, x + w - legend_x, fitted,
                             sizeof fitted));
            ly += small_h + U(c, 4.0f);
        }
        for (int s = 0; s < pn->series_count; s++) {
            if (!in_legend(&pn->series[s])) continue;
            SDL_Color col = series_color(pn, s, 255);
            float my = ly + small_h * 0.5f;
            seg(c, legend_x, my, legend_x + U(c, 20.0f), my, U(c, 2.5f), col);
            viz_geom_flush(g);
            circle(c, legend_x + U(c, 10.0f), my, U(c, 6.0f), col);
            const char *l = pn->series[s].label ? pn->series[s].label : "";
            text_at(c, VIZ_FONT_SMALL, legend_x + U(c, 28.0f), ly, 0, SGF_PLOT_RGB_TEXT,
                    fit_text(g, VIZ_FONT_SMALL, l, x + w - legend_x - U(c, 28.0f), fitted,
                             sizeof fitted));
            ly += small_h + U(c, 4.0f);
        }
    }
    viz_geom_flush(g);
}

static void draw_figure(ctx *c, const sgf_plot_figure *fig, int W, int H)
{
    viz_gfx *g = c->g;
    viz_gfx_begin_frame(g);
    SDL_RenderSetClipRect(g->ren, NULL);
    if (c->svg)
        fill(c, 0, 0, (float)W, (float)H, rgb(SGF_PLOT_RGB_BACKGROUND));
    else
        viz_fill_rect(g, 0, 0, (float)W, (float)H, rgb(SGF_PLOT_RGB_BACKGROUND));
    float m = U(c, 18.0f);
    char fitted[512];
    float y = m;
    if (fig->title && fig->title[0]) {
        c->cls = "sgf-title";
        text_at(c, VIZ_FONT_LARGE, m, y, 0, SGF_PLOT_RGB_TEXT,
                fit_text(g, VIZ_FONT_LARGE, fig->title, (float)W - 2 * m, fitted, sizeof fitted));
        c->cls = NULL;
        y += font_h(g, VIZ_FONT_LARGE) + U(c, 2.0f);
    }
    if (fig->subtitle && fig->subtitle[0]) {
        /* up to two lines, broken between words */
        const char *rest = fig->subtitle;
        for (int ln = 0; ln < 2 && *rest; ln++) {
            char one[512];
            size_t take = strlen(rest);
            if (take >= sizeof one) take = sizeof one - 1;
            memcpy(one, rest, take);
            one[take] = '\0';
            if (ln == 0 && (float)viz_text_width(g, VIZ_FONT_SMALL, one) > (float)W - 2 * m) {
                size_t best = 0;
                for (size_t k = 1; k < take; k++) {
                    if (rest[k] != ' ') continue;
                    one[k] = '\0';
                    if ((float)viz_text_width(g, VIZ_FONT_SMALL, one) > (float)W - 2 * m) break;
                    best = k;
                    one[k] = ' ';
                }
                if (best > 0) {
                    one[best] = '\0';
                    take = best + 1;
                }
            }
            text_at(c, VIZ_FONT_SMALL, m, y, 0, 0x555555u,
                    fit_text(g, VIZ_FONT_SMALL, one, (float)W - 2 * m, fitted, sizeof fitted));
            y += font_h(g, VIZ_FONT_SMALL);
            rest += take;
        }
    }
    y += U(c, 14.0f);
    float bottom = (float)H - m * 0.6f;
    if (fig->footer && fig->footer[0]) {
        float fh = font_h(g, VIZ_FONT_SMALL);
        bottom -= fh;
        text_at(c, VIZ_FONT_SMALL, m, bottom, 0, 0x8a8a8au,
                fit_text(g, VIZ_FONT_SMALL, fig->footer, (float)W - 2 * m, fitted, sizeof fitted));
        bottom -= U(c, 8.0f);
    }
    int n = fig->panel_count;
    int cols = fig->columns > 0 ? fig->columns : n <= 1 ? 1 : n <= 4 ? 2 : n <= 9 ? 3 : 4;
    if (cols > n) cols = n;
    int rows = (n + cols - 1) / cols;
    float gx = U(c, 30.0f), gy = U(c, 22.0f);
    float cw = ((float)W - 2 * m - gx * (float)(cols - 1)) / (float)cols;
    float ch = (bottom - y - gy * (float)(rows - 1)) / (float)rows;
    for (int i = 0; i < n; i++) {
        int r = i / cols, k = i % cols;
        draw_panel(c, &fig->panels[i], m + (float)k * (cw + gx), y + (float)r * (ch + gy), cw, ch);
    }
    SDL_RenderFlush(g->ren);
}

/* ---- writing ------------------------------------------------------------------------- */

/* The canvas's top-left sw x sh supersampled pixels, reduced SS x SS. */
static SDL_Surface *reduce(SDL_Surface *big, int w, int h)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!s) return NULL;
    for (int y = 0; y < h; y++) {
        uint32_t *out = (uint32_t *)((uint8_t *)s->pixels + (size_t)y * (size_t)s->pitch);
        for (int x = 0; x < w; x++) {
            unsigned sum[3] = {0, 0, 0};
            for (int dy = 0; dy < SS; dy++) {
                const uint32_t *in = (const uint32_t *)((const uint8_t *)big->pixels +
                                                        (size_t)(y * SS + dy) * (size_t)big->pitch);
                for (int dx = 0; dx < SS; dx++) {
                    uint32_t px = in[x * SS + dx];
                    sum[0] += px >> 16 & 255u;
                    sum[1] += px >> 8 & 255u;
                    sum[2] += px & 255u;
                }
            }
            unsigned q = SS * SS;
            out[x] = 0xff000000u | ((sum[0] + q / 2) / q) << 16 | ((sum[1] + q / 2) / q) << 8 |
                     ((sum[2] + q / 2) / q);
        }
    }
    return s;
}

/* The temporary name beside path: ".NAME.tmpPID" in path's directory. */
static void temp_name(const char *path, char *tmp, size_t size)
{
    const char *slash = strrchr(path, '/');
    int dir_len = slash ? (int)(slash - path) + 1 : 0;
    snprintf(tmp, size, "%.*s.%s.tmp%ld", dir_len, path, slash ? slash + 1 : path, (long)getpid());
}

/* The figure as SVG: the same layout, drawn as elements (ctx.svg). */
static sgf_status write_svg(sgf_plotter *p, const sgf_plot_figure *fig, const char *path, int W,
                            int H, char *err, size_t err_size)
{
    char tmp[4200];
    temp_name(path, tmp, sizeof tmp);
    FILE *f = fopen(tmp, "w");
    if (!f) {
        snprintf(err, err_size, "cannot write %s: %s", path, strerror(errno));
        return SGF_ERR_IO;
    }
    fprintf(f,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" "
            "height=\"%d\" viewBox=\"0 0 %d %d\">\n",
            W, H, W * SS, H * SS);
    ctx c = {p, &p->gfx, p->u, f, 0, false, NULL};
    draw_figure(&c, fig, W * SS, H * SS);
    if (c.clipped) fprintf(f, "</g>\n");
    fprintf(f, "</svg>\n");
    bool bad = ferror(f) != 0;
    if (fclose(f) != 0 || bad) {
        snprintf(err, err_size, "cannot write %s: %s", path, strerror(errno));
        unlink(tmp);
        return SGF_ERR_IO;
    }
    if (rename(tmp, path) != 0) {
        snprintf(err, err_size, "cannot write %s: %s", path, strerror(errno));
        unlink(tmp);
        return SGF_ERR_IO;
    }
    return SGF_OK;
}

sgf_status sgf_plotter_write(sgf_plotter *p, const sgf_plot_figure *fig, const char *path,
                             char *err, size_t err_size)
{
    int W = fig->width > 0 ? fig->width : p->width;
    int H = fig->height > 0 ? fig->height : p->height;
    if (W < SGF_PLOT_MIN_SIZE || H < SGF_PLOT_MIN_SIZE || W > SGF_PLOT_MAX_SIZE ||
        H > SGF_PLOT_MAX_SIZE) {
        snprintf(err, err_size, "figure size %dx%d is outside %d to %d pixels a side", W, H,
                 SGF_PLOT_MIN_SIZE, SGF_PLOT_MAX_SIZE);
        return SGF_ERR_USAGE;
    }
    if (fig->panel_count < 1 || fig->panel_count > SGF_PLOT_MAX_PANELS) {
        snprintf(err, err_size, "a figure holds 1 to %d panels, not %d", SGF_PLOT_MAX_PANELS,
                 fig->panel_count);
        return SGF_ERR_USAGE;
    }
    if (canvas_ensure(p, W * SS, H * SS, err, err_size) != 0) return SGF_ERR_IO;
    size_t plen = strlen(path);
    if (plen > 4 && strcmp(path + plen - 4, ".svg") == 0)
        return write_svg(p, fig, path, W, H, err, err_size);
    ctx c = {p, &p->gfx, p->u, NULL, 0, false, NULL};
    draw_figure(&c, fig, W * SS, H * SS);
    if (p->gfx.oom) {
        p->gfx.oom = false;
        snprintf(err, err_size, "out of memory drawing %s", path);
        return SGF_ERR_NOMEM;
    }
    SDL_Surface *small = reduce(p->canvas, W, H);
    if (!small) {
        snprintf(err, err_size, "out of memory writing %s", path);
        return SGF_ERR_NOMEM;
    }
    /* a temporary name in the same directory, then rename: never half a PNG */
    char tmp[4200];
    temp_name(path, tmp, sizeof tmp);
    sgf_status st = SGF_OK;
    if (IMG_SavePNG(small, tmp) != 0) {
        snprintf(err, err_size, "cannot write %s: %s", path, IMG_GetError());
        unlink(tmp);
        st = SGF_ERR_IO;
    } else if (rename(tmp, path) != 0) {
        snprintf(err, err_size, "cannot write %s: %s", path, strerror(errno));
        unlink(tmp);
        st = SGF_ERR_IO;
    }
    SDL_FreeSurface(small);
    return st;
}
