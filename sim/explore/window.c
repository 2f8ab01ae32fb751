/* window.c: window metrics, one number per run from a weekly series over
 * some weeks or calendar years (sgf_sweep.h): their names, parsed and
 * built. The sweep computes them while a run steps (sweep.c). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sgf/sgf_sweep.h"
#include "sgf/sgf_world.h"

static const char *const stat_names[SGF_WINDOW_STAT_COUNT] = {"mean", "sum", "min", "max", "last"};

/* A whole number of at most 6 digits at s, up to its end or an underscore
 * or dash; advances *s past it. */
static bool whole(const char **s, int *out)
{
    const char *p = *s;
    int v = 0, n = 0;
    while (isdigit((unsigned char)*p) && n < 6) v = v * 10 + (*p++ - '0'), n++;
    if (n == 0 || isdigit((unsigned char)*p)) return false;
    *out = v;
    *s = p;
    return true;
}

/* "weeks_A_B", "year_Y", "years_A_B" (sep '_') or "weeks A-B", "week A",
 * "year Y", "years A-B" (sep ' ', '-' between the numbers). */
static bool parse_span(const char *s, char sep, char dash, sgf_window *w)
{
    static const struct {
        const char *word;
        bool years, two;
    } kinds[] = {{"weeks", false, true},
                 {"week", false, false},
                 {"years", true, true},
                 {"year", true, false}};
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) {
        size_t n = strlen(kinds[k].word);
        if (strncmp(s, kinds[k].word, n) != 0 || s[n] != sep) continue;
        const char *p = s + n + 1;
        int a, b;
        if (!whole(&p, &a)) return false;
        b = a;
        if (kinds[k].two) {
            if (*p != dash) return false;
            p++;
            if (!whole(&p, &b)) return false;
        }
        if (*p != '\0' || b < a || (!kinds[k].years && a < 1)) return false;
        w->years = kinds[k].years;
        w->first = a;
        w->last = b;
        return true;
    }
    return false;
}

bool sgf_window_parse(const char *name, sgf_window *w)
{
    /* SERIES_STAT_SPAN: try every "_STAT_" in the name. */
    for (const char *u = strchr(name, '_'); u; u = strchr(u + 1, '_'))
        for (int k = 0; k < SGF_WINDOW_STAT_COUNT; k++) {
            size_t n = strlen(stat_names[k]);
            if (strncmp(u + 1, stat_names[k], n) != 0 || u[1 + n] != '_') continue;
            char series[128];
            size_t len = (size_t)(u - name);
            if (len == 0 || len >= sizeof series) continue;
            memcpy(series, name, len);
            series[len] = '\0';
            int m = sgf_metric_find(series);
            sgf_window t;
            if (m < 0 || !parse_span(u + 2 + n, '_', '_', &t)) continue;
            t.series = m;
            t.stat = (sgf_window_stat)k;
            *w = t;
            return true;
        }
    return false;
}

bool sgf_window_name(const char *series, const char *stat, const char *window, char *name,
                     size_t size, char *err, size_t err_size)
{
    if (sgf_metric_find(series) < 0) {
        char hint[160];
        sgf_metric_suggest(sgf_metric_table, sgf_metric_count, series, hint, sizeof hint);
        snprintf(err, err_size, "'%s' is not a weekly series (a column of timeseries.csv)%s%s%s",
                 series, hint[0] ? "; did you mean " : "", hint, hint[0] ? "?" : "");
        return false;
    }
    int k = -1;
    for (int i = 0; i < SGF_WINDOW_STAT_COUNT; i++)
        if (strcmp(stat ? stat : "mean", stat_names[i]) == 0) k = i;
    if (k < 0) {
        snprintf(err, err_size, "unknown stat '%s' (mean, sum, min, max or last)", stat);
        return false;
    }
    sgf_window w;
    if (!parse_span(window, ' ', '-', &w)) {
        snprintf(err, err_size,
                 "window '%s' is not \"year Y\", \"years Y1-Y2\", \"weeks A-B\" or \"week A\" "
                 "(A >= 1, the first no later than the last)",
                 window);
        return false;
    }
    int n;
    if (w.first == w.last)
        n = snprintf(name, size, "%s_%s_%s_%d", series, stat_names[k], w.years ? "year" : "week",
                     w.first);
    else
        n = snprintf(name, size, "%s_%s_%s_%d_%d", series, stat_names[k],
                     w.years ? "years" : "weeks", w.first, w.last);
    if (n < 0 || (size_t)n >= size) {
        snprintf(err, err_size, "the window metric's name is too long");
        return false;
    }
    return true;
}
