/* plot_explore.c: the figures of `sgf calibrate --plot` and `sgf discover
 * --plot`, drawn by the viewer's plotter (viz/sgf_plot.h), in viewer builds:
 *   DIR/plots/calibration.png  a panel per free parameter with its weighted
 *                              marginal posterior (a histogram of
 *                              sqrt(particles) bins, 5 to 20, over the
 *                              particles' span, as a density), and
 *                              a panel of the tolerance by generation
 *                              (convergence), from posterior.csv,
 *                              fit.csv and generations.csv
 *   OUT/peeling.png            PRIM's peeling trajectories: density against
 *                              coverage, a line per box, the chosen box of
 *                              each as a marker, from peeling.csv and
 *                              boxes.csv
 */
#ifdef SGF_WITH_VIEWER

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "sgf_plot.h"

#define PE_MAX_FIELDS 160
#define PE_MAX_ROWS 100000
#define PE_BINS 20 /* at most; sqrt(particles), at least 5 */
#define PE_MAX_GEN 64
#define PE_MAX_BOXES SGF_PLOT_MAX_SERIES

/* A CSV file read whole: its header's fields and its rows' fields (no
 * quoted commas in the numeric files drawn here; quotes are kept). */
typedef struct pe_csv {
    char *text;
    int cols;
    char *head[PE_MAX_FIELDS];
    int rows;
    char **cell; /* rows x cols, NULL where a row is short */
} pe_csv;

static void pe_csv_free(pe_csv *c)
{
    free(c->text);
    free(c->cell);
    memset(c, 0, sizeof *c);
}

static int pe_split(char *line, char **f, int max)
{
    int n = 0;
    for (char *s = line; n < max;) {
        f[n++] = s;
        char *comma = strchr(s, ',');
        if (!comma) break;
        *comma = '\0';
        s = comma + 1;
    }
    return n;
}

static bool pe_csv_read(const char *path, pe_csv *c)
{
    memset(c, 0, sizeof *c);
    FILE *f = fopen(path, "rb");
    if (!f) return false;
    size_t cap = 1 << 16, n = 0, got;
    c->text = malloc(cap);
    while (c->text && (got = fread(c->text + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (cap - n < 2) {
            char *g = realloc(c->text, cap *= 2);
            if (!g) free(c->text);
            c->text = g;
        }
    }
    fclose(f);
    if (!c->text) return false;
    c->text[n] = '\0';
    int lines = 0;
    for (size_t i = 0; i < n; i++) lines += c->text[i] == '\n';
    char *save = NULL, *line = strtok_r(c->text, "\n", &save);
    if (!line) return false;
    c->cols = pe_split(line, c->head, PE_MAX_FIELDS);
    c->cell = calloc((size_t)(lines + 1) * (size_t)c->cols, sizeof *c->cell);
    if (!c->cell) return false;
    while ((line = strtok_r(NULL, "\n", &save)) != NULL && c->rows < PE_MAX_ROWS) {
        char *fs[PE_MAX_FIELDS];
        int k = pe_split(line, fs, PE_MAX_FIELDS);
        for (int j = 0; j < k && j < c->cols; j++) c->cell[(size_t)c->rows * c->cols + j] = fs[j];
        c->rows++;
    }
    return true;
}

static int pe_col(const pe_csv *c, const char *name)
{
    for (int j = 0; j < c->cols; j++)
        if (strcmp(c->head[j], name) == 0) return j;
    return -1;
}

static double pe_num(const pe_csv *c, int row, int col)
{
    const char *s = col >= 0 ? c->cell[(size_t)row * c->cols + col] : NULL;
    if (!s || !*s) return NAN;
    char *end;
    double v = strtod(s, &end);
    return *end ? NAN : v;
}

static int pe_write(const char *cmd, const sgf_plot_figure *fig, int w, int h, const char *path,
                    bool quiet)
{
    char err[1024] = "";
    sgf_plotter *pl = NULL;
    int code = sgf_plotter_create(w, h, NULL, &pl, err, sizeof err);
    if (code == 0 && sgf_plotter_write(pl, fig, path, err, sizeof err) != SGF_OK) code = 1;
    sgf_plotter_destroy(pl);
    if (code != 0) {
        fprintf(stderr, "sgf %s: %s\n", cmd, err);
        return code;
    }
    if (!quiet) printf("  figure  %s\n", path);
    return 0;
}

/* ---- calibration ---------------------------------------------------------------------- */

typedef struct pe_cal {
    double x[SGF_PLOT_MAX_PANELS][PE_BINS], y[SGF_PLOT_MAX_PANELS][PE_BINS];
    sgf_plot_series series[SGF_PLOT_MAX_PANELS];
    double gx[PE_MAX_GEN], gy[PE_MAX_GEN];
} pe_cal;

int sgf_cli_plot_calibration(const char *dir, bool quiet)
{
    char path[4400];
    pe_csv post = {0}, fit = {0}, gens = {0};
    int code = 1;
    pe_cal *d = calloc(1, sizeof *d);
    snprintf(path, sizeof path, "%s/posterior.csv", dir);
    bool ok = d && pe_csv_read(path, &post);
    snprintf(path, sizeof path, "%s/fit.csv", dir);
    ok = pe_csv_read(path, &fit) && ok;
    snprintf(path, sizeof path, "%s/generations.csv", dir);
    ok = pe_csv_read(path, &gens) && ok;
    /* particle, weight, distance, the parameters, then a mean per target */
    int params = post.cols - 3 - fit.rows;
    if (!ok || params < 1 || post.rows == 0) {
        fprintf(stderr, "sgf calibrate: %s has no finished calibration to plot\n", dir);
        goto done;
    }
    if (params > SGF_PLOT_MAX_PANELS - 1) params = SGF_PLOT_MAX_PANELS - 1;
    sgf_plot_panel panels[SGF_PLOT_MAX_PANELS];
    memset(panels, 0, sizeof panels);
    int wcol = pe_col(&post, "weight");
    for (int j = 0; j < params; j++) {
        int col = 3 + j;
        double lo = INFINITY, hi = -INFINITY, total = 0;
        for (int i = 0; i < post.rows; i++) {
            double v = pe_num(&post, i, col);
            if (isfinite(v)) lo = v < lo ? v : lo, hi = v > hi ? v : hi;
        }
        if (!(hi > lo)) hi = lo + 1, lo -= 1; /* one value: a bin around it */
        int bins = (int)sqrt((double)post.rows);
        bins = bins < 5 ? 5 : bins > PE_BINS ? PE_BINS : bins;
        double width = (hi - lo) / bins, mass[PE_BINS] = {0};
        for (int i = 0; i < post.rows; i++) {
            double v = pe_num(&post, i, col), w = pe_num(&post, i, wcol);
            if (!isfinite(v) || !isfinite(w)) continue;
            int b = (int)((v - lo) / width);
            b = b < 0 ? 0 : b >= bins ? bins - 1 : b;
            mass[b] += w;
            total += w;
        }
        for (int b = 0; b < bins; b++) {
            d->x[j][b] = lo + (b + 0.5) * width;
            d->y[j][b] = total > 0 ? mass[b] / total / width : 0;
        }
        d->series[j] =
            (sgf_plot_series){NULL, bins, d->x[j], d->y[j], NULL, NULL, SGF_PLOT_LINE, 0};
        panels[j].title = post.head[col];
        panels[j].x.label = post.head[col];
        panels[j].y.label = "posterior density";
        panels[j].y.range = SGF_PLOT_RANGE_NONNEG;
        panels[j].series = &d->series[j];
        panels[j].series_count = 1;
    }
    int tcol = pe_col(&gens, "tolerance"), gcol = pe_col(&gens, "generation"), ng = 0;
    for (int i = 0; i < gens.rows && ng < PE_MAX_GEN; i++) {
        d->gx[ng] = pe_num(&gens, i, gcol);
        d->gy[ng] = pe_num(&gens, i, tcol);
        if (isfinite(d->gx[ng]) && isfinite(d->gy[ng])) ng++;
    }
    sgf_plot_series conv = {NULL, ng, d->gx, d->gy, NULL, NULL, SGF_PLOT_POINTS, 0};
    sgf_plot_panel *pc = &panels[params];
    pc->title = "convergence";
    pc->x.label = "generation";
    pc->y.label = "tolerance (distance accepted)";
    pc->y.range = SGF_PLOT_RANGE_NONNEG;
    pc->series = &conv;
    pc->series_count = 1;
    int np = params + 1;
    char pdir[4200], sub[200], footer[4500];
    snprintf(pdir, sizeof pdir, "%s/plots", dir);
    char err[1024];
    if (sgf_sweep_make_dir(pdir, err, sizeof err) != SGF_OK) {
        fprintf(stderr, "sgf calibrate: %s\n", err);
        goto done;
    }
    snprintf(sub, sizeof sub, "%d weighted particles of the last generation; %d generations",
             post.rows, ng);
    snprintf(footer, sizeof footer, "%s/posterior.csv, generations.csv", dir);
    sgf_plot_figure fig = {
        "Calibration: marginal posteriors and convergence", sub, footer, panels, np, 0, 0, 0};
    char png[4500];
    snprintf(png, sizeof png, "%s/calibration.png", pdir);
    code = pe_write("calibrate", &fig, np <= 2 ? 1280 : 1600, np <= 3 ? 560 : 960, png, quiet);
done:
    pe_csv_free(&post);
    pe_csv_free(&fit);
    pe_csv_free(&gens);
    free(d);
    return code;
}

/* ---- PRIM ------------------------------------------------------------------------------ */

typedef struct pe_prim {
    double *x[PE_MAX_BOXES], *y[PE_MAX_BOXES];
    double bx[PE_MAX_BOXES], by[PE_MAX_BOXES];
    char label[PE_MAX_BOXES][32];
    sgf_plot_series series[SGF_PLOT_MAX_SERIES];
} pe_prim;

int sgf_cli_plot_discover(const char *out_dir, bool quiet)
{
    char path[4400];
    pe_csv peel = {0}, boxes = {0};
    int code = 1;
    pe_prim *d = calloc(1, sizeof *d);
    snprintf(path, sizeof path, "%s/peeling.csv", out_dir);
    bool ok = d && pe_csv_read(path, &peel);
    snprintf(path, sizeof path, "%s/boxes.csv", out_dir);
    ok = pe_csv_read(path, &boxes) && ok;
    int bc = pe_col(&peel, "box"), cc = pe_col(&peel, "coverage"), dc = pe_col(&peel, "density");
    int nb = 0;
    for (int i = 0; ok && i < peel.rows; i++) {
        double b = pe_num(&peel, i, bc);
        if (b >= 1 && b <= PE_MAX_BOXES && (int)b > nb) nb = (int)b;
    }
    if (!ok || nb == 0 || cc < 0 || dc < 0) {
        fprintf(stderr, "sgf discover: %s has no peeling trajectory to plot\n", out_dir);
        goto done;
    }
    int ns = 0;
    for (int k = 1; k <= nb; k++) {
        double *x = d->x[k - 1] = calloc((size_t)peel.rows, sizeof *x);
        double *y = d->y[k - 1] = calloc((size_t)peel.rows, sizeof *y);
        if (!x || !y) goto done;
        int n = 0;
        for (int i = 0; i < peel.rows; i++)
            if (pe_num(&peel, i, bc) == k) {
                x[n] = pe_num(&peel, i, cc);
                y[n] = pe_num(&peel, i, dc);
                n++;
            }
        snprintf(d->label[k - 1], sizeof d->label[k - 1], "box %d", k);
        d->series[ns++] = (sgf_plot_series){d->label[k - 1], n, x, y, NULL, NULL, SGF_PLOT_LINE, k};
    }
    /* The chosen boxes (boxes.csv: a row per bounding setting), marked at
     * their step of the trajectory: the one with the box's runs. A box's
     * trajectory counts coverage among the runs the boxes before it left,
     * boxes.csv among all, so the step's own coverage is the one drawn. */
    int kb = pe_col(&boxes, "box"), kr = pe_col(&boxes, "runs"), pr = pe_col(&peel, "runs");
    int nc = 0;
    for (int i = 0; i < boxes.rows && nc < PE_MAX_BOXES; i++) {
        double k = pe_num(&boxes, i, kb), runs = pe_num(&boxes, i, kr);
        if (i > 0 && pe_num(&boxes, i - 1, kb) == k) continue;
        for (int r = 0; r < peel.rows; r++)
            if (pe_num(&peel, r, bc) == k && pe_num(&peel, r, pr) == runs) {
                d->bx[nc] = pe_num(&peel, r, cc);
                d->by[nc] = pe_num(&peel, r, dc);
                nc++;
                break;
            }
    }
    if (ns < SGF_PLOT_MAX_SERIES)
        d->series[ns++] =
            (sgf_plot_series){"chosen box", nc, d->bx, d->by, NULL, NULL, SGF_PLOT_POINTS, 0};
    sgf_plot_panel panel;
    memset(&panel, 0, sizeof panel);
    panel.x.label = "coverage (share of the runs where the condition holds that the box holds)";
    panel.x.range = SGF_PLOT_RANGE_UNIT;
    panel.y.label = "density (share of the box's runs where it holds)";
    panel.y.range = SGF_PLOT_RANGE_UNIT;
    panel.series = d->series;
    panel.series_count = ns;
    char footer[4500];
    snprintf(footer, sizeof footer, "%s/peeling.csv", out_dir);
    sgf_plot_figure fig = {"PRIM: the peeling trajectories",
                           "each step peels a slice off one setting; right to left as the box "
                           "shrinks",
                           footer,
                           &panel,
                           1,
                           0,
                           0,
                           0};
    snprintf(path, sizeof path, "%s/peeling.png", out_dir);
    code = pe_write("discover", &fig, 960, 640, path, quiet);
done:
    for (int k = 0; d && k < PE_MAX_BOXES; k++) free(d->x[k]), free(d->y[k]);
    pe_csv_free(&peel);
    pe_csv_free(&boxes);
    free(d);
    return code;
}

#else
typedef int sgf_plot_explore_unused; /* not a viewer build: nothing to draw */
#endif
