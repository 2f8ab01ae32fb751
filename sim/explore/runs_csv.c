/* runs_csv.c: reading runs.csv (runs_csv.h). Fields are split in place;
 * quoted fields (messages) may hold commas and doubled quotes. */
#include "explore/runs_csv.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"

static int split(char *line, char **fields, int max)
{
    int n = 0;
    char *s = line;
    for (;;) {
        if (n == max) return -1;
        if (*s == '"') {
            char *out = ++s;
            fields[n++] = out;
            for (;;) {
                if (*s == '\0') return -1;
                if (*s == '"') {
                    if (s[1] == '"') {
                        *out++ = '"';
                        s += 2;
                        continue;
                    }
                    s++;
                    break;
                }
                *out++ = *s++;
            }
            *out = '\0';
            if (*s == ',') {
                s++;
                continue;
            }
            return *s == '\0' ? n : -1;
        }
        fields[n++] = s;
        char *c = strchr(s, ',');
        if (!c) return n;
        *c = '\0';
        s = c + 1;
    }
}

static bool read_line(sgf_runs_csv *r)
{
    ssize_t n = getline(&r->line, &r->cap, r->f);
    if (n <= 0) return false;
    r->lineno++;
    while (n > 0 && (r->line[n - 1] == '\n' || r->line[n - 1] == '\r')) r->line[--n] = '\0';
    return true;
}

bool sgf_runs_csv_open(sgf_runs_csv *r, const char *dir, char *err, size_t err_size)
{
    memset(r, 0, sizeof *r);
    char path[4200];
    snprintf(path, sizeof path, "%s/runs.csv", dir);
    r->f = fopen(path, "r");
    if (!r->f) {
        snprintf(err, err_size, "cannot read %s: %s", path, strerror(errno));
        return false;
    }
    if (!read_line(r)) {
        snprintf(err, err_size, "%s is empty", path);
        sgf_runs_csv_close(r);
        return false;
    }
    size_t n = strlen(r->line);
    r->header = sgf_malloc(n + 1);
    if (!r->header) {
        snprintf(err, err_size, "out of memory");
        sgf_runs_csv_close(r);
        return false;
    }
    memcpy(r->header, r->line, n + 1);
    r->columns = split(r->header, r->names, SGF_RUNS_MAX_COLUMNS);
    r->status_col = -1;
    if (r->columns >= 7 && strcmp(r->names[0], "run") == 0 && strcmp(r->names[1], "point") == 0 &&
        strcmp(r->names[4], "run_index") == 0)
        for (int i = 5; i + 1 < r->columns; i++)
            if (strcmp(r->names[i], "status") == 0 && strcmp(r->names[i + 1], "message") == 0) {
                r->status_col = i;
                break;
            }
    if (r->status_col < 0) {
        snprintf(err, err_size, "%s: not a sweep's runs.csv (header %.60s...)", path, r->line);
        sgf_runs_csv_close(r);
        return false;
    }
    r->param_count = r->status_col - 5;
    r->metric_count = r->columns - r->status_col - 2;
    return true;
}

int sgf_runs_csv_next(sgf_runs_csv *r, char *err, size_t err_size)
{
    if (!read_line(r)) return 0;
    int n = split(r->line, r->fields, SGF_RUNS_MAX_COLUMNS);
    if (n != r->columns) {
        snprintf(err, err_size, "runs.csv:%ld: %d fields, the header has %d", r->lineno, n,
                 r->columns);
        return -1;
    }
    char *end;
    r->run = strtoull(r->fields[0], &end, 10);
    r->point = strtoull(r->fields[1], &end, 10);
    r->replicate = strtoull(r->fields[2], &end, 10);
    r->ok = strcmp(r->fields[r->status_col], "ok") == 0;
    return 1;
}

void sgf_runs_csv_close(sgf_runs_csv *r)
{
    if (r->f) fclose(r->f);
    free(r->line);
    sgf_free(r->header);
    memset(r, 0, sizeof *r);
}

const char *sgf_runs_csv_param(const sgf_runs_csv *r, int i)
{
    return r->fields[5 + i];
}

double sgf_runs_csv_metric(const sgf_runs_csv *r, int i)
{
    const char *s = r->fields[r->status_col + 2 + i];
    if (!s[0]) return NAN;
    return strtod(s, NULL);
}

const char *sgf_runs_csv_param_name(const sgf_runs_csv *r, int i)
{
    return r->names[5 + i];
}

const char *sgf_runs_csv_metric_name(const sgf_runs_csv *r, int i)
{
    return r->names[r->status_col + 2 + i];
}

int sgf_runs_csv_find_metric(const sgf_runs_csv *r, const char *name)
{
    for (int i = 0; i < r->metric_count; i++)
        if (strcmp(sgf_runs_csv_metric_name(r, i), name) == 0) return i;
    return -1;
}

int sgf_runs_csv_find_param(const sgf_runs_csv *r, const char *name)
{
    for (int i = 0; i < r->param_count; i++)
        if (strcmp(sgf_runs_csv_param_name(r, i), name) == 0) return i;
    return -1;
}
