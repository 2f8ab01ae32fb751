/* sgf_plot.h: figures as PNG or SVG files with no display (`sgf plot`,
 * `sgf sweep --plot`), drawn by the viewer's software renderer.
 *
 *   sgf_plotter *p;
 *   int code = sgf_plotter_create(960, 640, NULL, &p, err, sizeof err);  // 0, 1 or 2
 *   sgf_plot_figure fig = {...};   // title, panels of series or a heat map
 *   sgf_status st = sgf_plotter_write(p, &fig, "out/fig.png", err, sizeof err);
 *   sgf_plotter_destroy(p);
 *
 * Plain C types only: the command line (sim/cli/) builds figures from a
 * sweep's or a run's files and never sees SDL. A figure is a title, a
 * subtitle, a footer and a grid of panels; a panel is a pair of axes
 * (linear, logarithmic or categorical) holding series (a line with its
 * confidence band, a line, or points with whiskers) or a heat map over two
 * categorical axes with a colour bar. The renderer chooses ticks, number
 * formats and the scale of large numbers ("million EUR") itself.
 *
 * A figure is drawn at twice its size and reduced 2 x 2 (anti-aliasing for
 * lines and text on the software renderer), then written under a temporary
 * name in the target's directory and renamed: a PNG that exists is whole.
 * The figure only borrows the caller's arrays and strings.
 */
#ifndef SGF_PLOT_H
#define SGF_PLOT_H

#include <stdbool.h>
#include <stddef.h>

#include "sgf/sgf_status.h"

typedef enum sgf_plot_style {
    SGF_PLOT_LINE_BAND, /* a line through the points and the band between lo and hi */
    SGF_PLOT_LINE,      /* a line only */
    SGF_PLOT_POINTS,    /* a marker per point, whiskers from lo to hi */
    SGF_PLOT_DOTS       /* small light dots (the single runs behind a mean); no legend entry */
} sgf_plot_style;

typedef struct sgf_plot_series {
    const char *label; /* legend entry; NULL with a single series: no legend */
    int count;
    const double *x;       /* axis values, or category indices 0..n-1 on a categorical axis */
    const double *y;       /* NaN: no point (the line breaks) */
    const double *lo, *hi; /* the interval, NULL or NaN where none */
    sgf_plot_style style;
    int colour; /* 0: the series' position picks its colour; k > 0: palette entry k - 1 */
} sgf_plot_series;

/* What values an axis can take, for the range of a constant series: a
 * share of runs that is 0 everywhere is drawn on 0..1, not -1..1. */
typedef enum sgf_plot_range {
    SGF_PLOT_RANGE_ANY,
    SGF_PLOT_RANGE_UNIT,  /* [0, 1] */
    SGF_PLOT_RANGE_NONNEG /* >= 0 */
} sgf_plot_range;

typedef struct sgf_plot_axis {
    const char *label;             /* e.g. a metric's or a setting's name; NULL: none */
    const char *unit;              /* "EUR", "hours/week"; NULL or "": none. Large numbers get a
                                      scale word: "(million EUR)" */
    bool log;                      /* logarithmic (numeric values > 0 only) */
    const char *const *categories; /* non-NULL: categorical, values are 0..count-1 */
    int category_count;
    sgf_plot_range range;
} sgf_plot_axis;

/* A heat map over the panel's categorical x and y axes: cell (ix, iy) is
 * drawn at category ix of x and iy of y (iy = 0 at the bottom). */
typedef struct sgf_plot_heat {
    int nx, ny;
    const double *value; /* [iy * nx + ix]; NaN: no data (grey) */
    const char *label;   /* the colour bar's quantity ... */
    const char *unit;    /* ... and unit, as for an axis */
    /* The cells' 95 % intervals (NULL: none). With them every cell whose
     * interval overlaps the highest cell's is hatched (it cannot be told
     * apart from the highest), the highest is outlined, and a cell shows
     * "+/- half-width" under its value where it fits. */
    const double *lo, *hi;
} sgf_plot_heat;

typedef struct sgf_plot_panel {
    const char *title; /* above the panel; NULL: none */
    sgf_plot_axis x, y;
    const sgf_plot_series *series;
    int series_count;
    const char *legend_title;  /* over the legend of labelled series; NULL: none */
    const sgf_plot_heat *heat; /* non-NULL: a heat map (x and y categorical) */
    /* Vertical markers at these x values (events of a run), dashed, with an
     * optional short label each at the top (NULL: none). */
    const double *marks;
    const char *const *mark_labels;
    int mark_count;
} sgf_plot_panel;

typedef struct sgf_plot_figure {
    const char *title;    /* top, large */
    const char *subtitle; /* under the title, dimmer; NULL: none */
    const char *footer;   /* bottom left, small (the source file); NULL: none */
    const sgf_plot_panel *panels;
    int panel_count;   /* 1 to SGF_PLOT_MAX_PANELS */
    int columns;       /* panels per row; <= 0: chosen from the count */
    int width, height; /* pixels; 0: the plotter's size */
} sgf_plot_figure;

#define SGF_PLOT_MAX_PANELS 16
#define SGF_PLOT_MAX_SERIES 10
#define SGF_PLOT_MIN_SIZE 320 /* pixels, each side */
#define SGF_PLOT_MAX_SIZE 4096

/* The palette, shared with the tests (tests/test_plot.c looks for these). */
#define SGF_PLOT_RGB_BACKGROUND 0xffffffu
#define SGF_PLOT_RGB_TEXT 0x222222u
#define SGF_PLOT_RGB_GRID 0xe6e6e6u
#define SGF_PLOT_RGB_AXIS 0x444444u
#define SGF_PLOT_RGB_MISSING 0xd9d9d9u /* heat cell without data */
/* Series colours in order (Tableau 10); the first is a single series'. */
#define SGF_PLOT_RGB_CURVE 0x1f77b4u
/* A single series' band: the curve colour at 25 % over white, opaque. */
#define SGF_PLOT_RGB_BAND 0xc7ddecu

typedef struct sgf_plotter sgf_plotter;

/* A renderer for figures of width x height pixels (SGF_PLOT_MIN_SIZE to
 * SGF_PLOT_MAX_SIZE) with the TrueType font at font_path (NULL: $SGF_FONT,
 * then DejaVuSans). Text scales with the figure (sizes for 960 x 640).
 * Returns an exit status: 0 ok (*out set), 2 the font is missing, 1 another
 * failure (SDL); err says why. */
int sgf_plotter_create(int width, int height, const char *font_path, sgf_plotter **out, char *err,
                       size_t err_size);
/* Draws the figure and writes it to path as a PNG, or as SVG when path ends
 * in ".svg" (the same layout, written as vector elements by plot.c itself:
 * lines, polygons, circles and text in DejaVu Sans), to a temporary file in
 * the same directory, then renamed (the directory must exist). SGF_ERR_IO or
 * SGF_ERR_NOMEM with a message in err; nothing is left at path then. */
sgf_status sgf_plotter_write(sgf_plotter *p, const sgf_plot_figure *fig, const char *path,
                             char *err, size_t err_size);
void sgf_plotter_destroy(sgf_plotter *p); /* NULL is fine */

/* The heat maps' colour scale (viridis) at t in [0, 1], as 0xRRGGBB. */
unsigned sgf_plot_heat_rgb(double t);

#endif
