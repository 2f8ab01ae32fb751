/* plot_data.h: what `sgf plot` reads and the figures it makes of it, in
 * builds with the viewer (the figures are drawn by viz/plot.c).
 *
 * A sweep's directory (sweep.json, aggregate.csv, runs.csv) is loaded into a
 * plot_sweep: its design, varied settings, kept metrics and one row per
 * design point with each metric's mean and 95 % interval. Figures are built
 * from it (plot_fig: an sgf_plot_figure whose arrays and texts are owned by
 * the figure's own arena, except the names and values of a sweep's settings
 * and metrics, which point into the plot_sweep: it must outlive them):
 *   - a metric against one setting, a line per level of a second (--by):
 *     design points straight from aggregate.csv when each x (and by) value
 *     is one point; otherwise the runs of runs.csv pooled per value (the
 *     main effect, averaged over the settings not shown), with the t
 *     interval of their mean;
 *   - a heat map of a metric over two settings of a factorial (cells pooled
 *     the same way when the design has more settings);
 *   - for a Latin hypercube, the point means against each setting, one
 *     panel each;
 *   - time-series panels of one run (timeseries.csv or a sweep's
 *     series/run_K.csv.gz).
 * Every reader reports bad input as SGF_ERR_USAGE with the file, the line
 * and what is wrong, and I/O failures as SGF_ERR_IO.
 */
#ifndef SGF_PLOT_DATA_H
#define SGF_PLOT_DATA_H

#ifdef SGF_WITH_VIEWER

#include <stdbool.h>
#include <stddef.h>

#include "sgf/sgf.h"
#include "sgf_plot.h"

/* Every allocation of one figure, freed at once. */
typedef struct plot_arena {
    void **ptrs;
    int count, cap;
    bool oom;
} plot_arena;

typedef struct plot_fig {
    sgf_plot_figure fig;
    char name[256]; /* the file name it suggests, without ".png" */
    plot_arena arena;
} plot_fig;

void plot_fig_free(plot_fig *f);

typedef enum plot_xscale { PLOT_XSCALE_AUTO, PLOT_XSCALE_LINEAR, PLOT_XSCALE_LOG } plot_xscale;

typedef struct plot_sweep {
    char dir[4096];
    char name[256], design[64];
    long replications;
    int param_count;
    char **params; /* the varied settings' paths, as in aggregate.csv */
    int metric_count;
    char **metrics; /* the kept metrics */
    int point_count;
    long *point;   /* the point column */
    char **values; /* [row * param_count + j], as written */
    double *runs, *ok;
    double *stat; /* [(row * metric_count + m) * 4 + k]: mean, sd, ci_low, ci_high */
} plot_sweep;

/* Loads DIR/sweep.json and DIR/aggregate.csv (not runs.csv: that is read
 * when a figure pools runs). */
sgf_status plot_sweep_load(const char *dir, plot_sweep *s, char *err, size_t err_size);
void plot_sweep_free(plot_sweep *s);

/* A varied setting by its path or by the unique last part of one
 * ("interface_competence"); -1 unknown, -2 ambiguous. */
int plot_sweep_find_param(const plot_sweep *s, const char *name);
/* A kept metric; -1 unknown. */
int plot_sweep_find_metric(const plot_sweep *s, const char *name);
/* The parameter's short name: its last part when no other parameter's is
 * the same, else its path. */
const char *plot_param_short(const plot_sweep *s, int j);

/* One figure: metric m against setting x, a line per level of by (-1:
 * none). */
sgf_status plot_make_line(const plot_sweep *s, int m, int x, int by, plot_xscale xscale,
                          plot_fig *out, char *err, size_t err_size);
/* A heat map of metric m over settings x and y (a factorial). */
sgf_status plot_make_heat(const plot_sweep *s, int m, int x, int y, plot_fig *out, char *err,
                          size_t err_size);
/* The point means of metric m against every setting, a panel each (for a
 * Latin hypercube). */
sgf_status plot_make_panels(const plot_sweep *s, int m, plot_xscale xscale, plot_fig *out,
                            char *err, size_t err_size);

/* Time-series panels of the metrics (names) of one run's weekly file (csv or
 * csv.gz), with the run's scenario events and big steps from events_file
 * (NULL or missing: none) as dashed markers. title and subtitle are the
 * figure's (copied). */
sgf_status plot_make_series(const char *file, const char *events_file, const char *const *names,
                            int name_count, const char *title, const char *subtitle, plot_fig *out,
                            char *err, size_t err_size);

/* The display form of a metric's or a setting's unit ("" for counts). */
const char *plot_unit_display(const char *unit);
/* The unit of a scenario setting's path (from the settings schema), "" if
 * none or unknown. */
const char *plot_setting_unit(const char *path);

#endif
#endif
