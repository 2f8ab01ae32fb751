/* plot_sensitivity.c: the figures of `sgf sensitivity --plot`, drawn from
 * DIR/indices.csv by the viewer's plotter (viz/sgf_plot.h), in viewer builds:
 *   morris         mu*-sigma plane, a panel per metric, a marker per factor
 *                  (the nine with the largest mu* labelled, the rest "others")
 *   sobol          S1 and ST per factor with their bootstrap intervals, a
 *                  panel per metric, factors in order of ST
 *   one_at_a_time  tornado: per factor (in order of |swing|) the span from
 *                  the metric at the range's low end to its high end
 *   stochasticity  the share of variance within points, a marker per metric
 * Files: DIR/plots/sensitivity_<method>.png.
 */
#ifdef SGF_WITH_VIEWER

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "sgf_plot.h"

#define SP_MAX_ROWS 20000
#define SP_MAX_FACTORS 64

typedef struct sp_row {
    char method[24], factor[256], metric[128], stat[48];
    double value, lo, hi;
} sp_row;

static int sp_split(char *line, char **f, int max)
{
    int n = 0;
    char *s = line;
    while (n < max) {
        if (*s == '"') {
            char *o = ++s;
            f[n++] = o;
            while (*s && !(*s == '"' && s[1] != '"')) {
                if (*s == '"') s++;
                *o++ = *s++;
            }
            if (*s == '"') s++;
            *o = '\0';
            if (*s != ',') return n;
            s++;
            continue;
        }
        f[n++] = s;
        char *c = strchr(s, ',');
        if (!c) return n;
        *c = '\0';
        s = c + 1;
    }
    return n;
}

static int sp_read(const char *dir, sp_row *rows, int max, char *err, size_t err_size)
{
    char path[4400];
    snprintf(path, sizeof path, "%s/indices.csv", dir);
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, err_size, "cannot read %.900s", path);
        return -1;
    }
    char line[2048];
    int n = 0;
    bool header = true;
    while (fgets(line, sizeof line, f) && n < max) {
        line[strcspn(line, "\r\n")] = '\0';
        if (header) {
            header = false;
            continue;
        }
        char *fs[8];
        if (sp_split(line, fs, 8) != 7) continue;
        sp_row *r = &rows[n++];
        snprintf(r->method, sizeof r->method, "%s", fs[0]);
        snprintf(r->factor, sizeof r->factor, "%s", fs[1]);
        snprintf(r->metric, sizeof r->metric, "%s", fs[2]);
        snprintf(r->stat, sizeof r->stat, "%s", fs[3]);
        r->value = strtod(fs[4], NULL);
        r->lo = strtod(fs[5], NULL);
        r->hi = strtod(fs[6], NULL);
    }
    fclose(f);
    return n;
}

/* The short form of a setting path: its last part. */
static const char *sp_short(const char *path)
{
    const char *dot = strrchr(path, '.');
    return dot && dot[1] ? dot + 1 : path;
}

typedef struct sp_metric {
    const char *name;
    int factors;
    const char *factor[SP_MAX_FACTORS];
    double a[SP_MAX_FACTORS], alo[SP_MAX_FACTORS], ahi[SP_MAX_FACTORS];
    double b[SP_MAX_FACTORS], blo[SP_MAX_FACTORS], bhi[SP_MAX_FACTORS];
    double c[SP_MAX_FACTORS];
} sp_metric;

/* Collects statistic sa into a[], sb into b[], sc into c[] per metric. */
static int sp_collect(const sp_row *rows, int n, const char *sa, const char *sb, const char *sc,
                      sp_metric *ms, int max)
{
    int count = 0;
    for (int i = 0; i < n; i++) {
        const sp_row *r = &rows[i];
        if (r->factor[0] == '(') continue;
        int m = 0;
        while (m < count && strcmp(ms[m].name, r->metric) != 0) m++;
        if (m == count) {
            if (count == max) continue;
            memset(&ms[m], 0, sizeof ms[m]);
            ms[m].name = r->metric;
            count++;
        }
        sp_metric *M = &ms[m];
        int j = 0;
        while (j < M->factors && strcmp(M->factor[j], r->factor) != 0) j++;
        if (j == M->factors) {
            if (j == SP_MAX_FACTORS) continue;
            M->factor[M->factors++] = r->factor;
            M->a[j] = M->b[j] = M->c[j] = NAN;
        }
        if (strcmp(r->stat, sa) == 0) M->a[j] = r->value, M->alo[j] = r->lo, M->ahi[j] = r->hi;
        if (sb && strcmp(r->stat, sb) == 0)
            M->b[j] = r->value, M->blo[j] = r->lo, M->bhi[j] = r->hi;
        if (sc && strcmp(r->stat, sc) == 0) M->c[j] = r->value;
    }
    return count;
}

typedef struct sp_panel_data {
    int order[SP_MAX_FACTORS];
    const char *cats[SP_MAX_FACTORS];
    double x[2][SP_MAX_FACTORS], y[2][SP_MAX_FACTORS], lo[2][SP_MAX_FACTORS], hi[2][SP_MAX_FACTORS];
    double px[SGF_PLOT_MAX_SERIES][SP_MAX_FACTORS], py[SGF_PLOT_MAX_SERIES][SP_MAX_FACTORS];
    sgf_plot_series series[SGF_PLOT_MAX_SERIES];
    char title[160];
} sp_panel_data;

/* Factor order by key descending (NaN last). */
static void sp_order(const double *key, int n, int *order)
{
    for (int i = 0; i < n; i++) order[i] = i;
    for (int i = 1; i < n; i++)
        for (int k = i; k > 0; k--) {
            double a = key[order[k - 1]], b = key[order[k]];
            bool swap = (isnan(a) && !isnan(b)) || (!isnan(a) && !isnan(b) && b > a);
            if (!swap) break;
            int t = order[k];
            order[k] = order[k - 1];
            order[k - 1] = t;
        }
}

int sgf_cli_plot_sensitivity(const char *dir, bool quiet)
{
    char err[1024] = "";
    sp_row *rows = malloc(sizeof *rows * SP_MAX_ROWS);
    sp_metric *ms = malloc(sizeof *ms * SGF_PLOT_MAX_PANELS);
    sp_panel_data *pd = calloc(SGF_PLOT_MAX_PANELS, sizeof *pd);
    sgf_plot_panel panels[SGF_PLOT_MAX_PANELS];
    memset(panels, 0, sizeof panels);
    int code = 1;
    sgf_plotter *pl = NULL;
    if (!rows || !ms || !pd) goto done;
    int n = sp_read(dir, rows, SP_MAX_ROWS, err, sizeof err);
    if (n <= 0) {
        fprintf(stderr, "sgf sensitivity: %s\n", n < 0 ? err : "indices.csv has no rows");
        goto done;
    }
    const char *method = rows[0].method;
    char title[256], sub[256];
    int np = 0;
    if (strcmp(method, "morris") == 0 || strcmp(method, "sobol") == 0 ||
        strcmp(method, "one_at_a_time") == 0) {
        bool morris = method[0] == 'm', sobol = method[0] == 's';
        np = morris  ? sp_collect(rows, n, "mu_star", "sigma", NULL, ms, SGF_PLOT_MAX_PANELS)
             : sobol ? sp_collect(rows, n, "S1", "ST", NULL, ms, SGF_PLOT_MAX_PANELS)
                     : sp_collect(rows, n, "low", "high", "swing", ms, SGF_PLOT_MAX_PANELS);
        for (int m = 0; m < np; m++) {
            sp_metric *M = &ms[m];
            sp_panel_data *P = &pd[m];
            sgf_plot_panel *pan = &panels[m];
            snprintf(P->title, sizeof P->title, "%s", M->name);
            pan->title = P->title;
            int d = M->factors;
            if (morris) {
                sp_order(M->a, d, P->order);
                int ns = d <= SGF_PLOT_MAX_SERIES ? d : SGF_PLOT_MAX_SERIES;
                int rest = 0;
                for (int s = 0; s < ns; s++) P->series[s].count = 0;
                for (int k = 0; k < d; k++) {
                    int j = P->order[k];
                    int s = k < ns - 1 || d <= SGF_PLOT_MAX_SERIES ? k : ns - 1;
                    sgf_plot_series *S = &P->series[s];
                    int c = S->count++;
                    P->px[s][c] = M->a[j];
                    P->py[s][c] = M->b[j];
                    S->x = P->px[s];
                    S->y = P->py[s];
                    S->style = SGF_PLOT_POINTS;
                    S->label =
                        s == ns - 1 && d > SGF_PLOT_MAX_SERIES ? "others" : sp_short(M->factor[j]);
                    rest += s == ns - 1;
                }
                pan->series = P->series;
                pan->series_count = ns;
                pan->x.label = "mu* (mean |elementary effect|, per whole range)";
                pan->y.label = "sigma";
                pan->legend_title = "factor";
            } else {
                double key[SP_MAX_FACTORS];
                for (int j = 0; j < d; j++) key[j] = sobol ? M->b[j] : fabs(M->c[j]);
                sp_order(key, d, P->order);
                for (int k = 0; k < d; k++) {
                    int j = P->order[k];
                    P->cats[k] = sp_short(M->factor[j]);
                    if (sobol) {
                        P->x[0][k] = k - 0.12, P->x[1][k] = k + 0.12;
                        P->y[0][k] = M->a[j], P->lo[0][k] = M->alo[j], P->hi[0][k] = M->ahi[j];
                        P->y[1][k] = M->b[j], P->lo[1][k] = M->blo[j], P->hi[1][k] = M->bhi[j];
                    } else {
                        /* The span from the low end's mean to the high end's, at their middle. */
                        P->x[0][k] = k;
                        P->y[0][k] = 0.5 * (M->a[j] + M->b[j]);
                        P->lo[0][k] = fmin(M->a[j], M->b[j]);
                        P->hi[0][k] = fmax(M->a[j], M->b[j]);
                        P->x[1][k] = k;
                        P->y[1][k] = M->b[j];
                        P->lo[1][k] = P->hi[1][k] = NAN;
                    }
                }
                for (int s = 0; s < 2; s++) {
                    sgf_plot_series *S = &P->series[s];
                    S->count = d;
                    S->x = P->x[s];
                    S->y = P->y[s];
                    S->lo = P->lo[s];
                    S->hi = P->hi[s];
                    S->style = SGF_PLOT_POINTS;
                }
                P->series[0].label = sobol ? "S1 (first order)" : "low end .. high end";
                P->series[1].label = sobol ? "ST (total)" : "high end";
                pan->series = P->series;
                pan->series_count = 2;
                pan->x.categories = P->cats;
                pan->x.category_count = d;
                pan->x.label = "factor";
                pan->y.label = sobol ? "index" : M->name;
            }
        }
        snprintf(title, sizeof title, "%s",
                 morris  ? "Morris elementary effects: mu* against sigma"
                 : sobol ? "Sobol indices: first order and total, 95 % bootstrap intervals"
                         : "One at a time (tornado): each factor from its low to its high end");
        snprintf(sub, sizeof sub, "%s",
                 morris  ? "right: influential; up: non-linear or interacting"
                 : sobol ? "ST - S1: the share through interactions"
                         : "the other factors at the centre of their ranges");
    } else {
        /* stochasticity: share within per metric */
        static double x[SGF_PLOT_MAX_PANELS * 8], y[SGF_PLOT_MAX_PANELS * 8],
            lo[SGF_PLOT_MAX_PANELS * 8], hi[SGF_PLOT_MAX_PANELS * 8];
        static const char *cats[SGF_PLOT_MAX_PANELS * 8];
        int k = 0;
        for (int i = 0; i < n && k < SGF_PLOT_MAX_PANELS * 8; i++)
            if (strcmp(rows[i].stat, "share_within") == 0) {
                cats[k] = rows[i].metric;
                x[k] = k, y[k] = rows[i].value, lo[k] = rows[i].lo, hi[k] = rows[i].hi;
                k++;
            }
        pd[0].series[0] = (sgf_plot_series){NULL, k, x, y, lo, hi, SGF_PLOT_POINTS, 0};
        panels[0].series = pd[0].series;
        panels[0].series_count = 1;
        panels[0].x.categories = cats;
        panels[0].x.category_count = k;
        panels[0].x.label = "metric";
        panels[0].y.label = "share of variance between replications";
        np = k ? 1 : 0;
        snprintf(title, sizeof title, "Stochasticity: variance within points / total");
        snprintf(sub, sizeof sub, "near 1: the noise swamps the settings; add replications");
    }
    if (np == 0) {
        fprintf(stderr, "sgf sensitivity: indices.csv has nothing to plot\n");
        goto done;
    }
    char pdir[4400], path[4600];
    snprintf(pdir, sizeof pdir, "%s/plots", dir);
    if (sgf_sweep_make_dir(pdir, err, sizeof err) != SGF_OK) {
        fprintf(stderr, "sgf sensitivity: %s\n", err);
        goto done;
    }
    int w = np <= 1 ? 960 : np <= 4 ? 1280 : 1600;
    int h = np <= 2 ? 640 : np <= 4 ? 960 : 1200;
    code = sgf_plotter_create(w, h, NULL, &pl, err, sizeof err);
    if (code != 0) {
        fprintf(stderr, "sgf sensitivity: %s\n", err);
        goto done;
    }
    char footer[4500];
    snprintf(footer, sizeof footer, "%s/indices.csv", dir);
    sgf_plot_figure fig = {title, sub, footer, panels, np, 0, 0, 0};
    snprintf(path, sizeof path, "%s/sensitivity_%s.png", pdir, method);
    if (sgf_plotter_write(pl, &fig, path, err, sizeof err) != SGF_OK) {
        fprintf(stderr, "sgf sensitivity: %s\n", err);
        code = 1;
        goto done;
    }
    if (!quiet) printf("  figure  %s\n", path);
    code = 0;
done:
    sgf_plotter_destroy(pl);
    free(rows);
    free(ms);
    free(pd);
    return code;
}

#else
typedef int sgf_plot_sensitivity_unused; /* not a viewer build: nothing to draw */
#endif
