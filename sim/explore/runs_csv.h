/* runs_csv.h: reading a sweep's runs.csv row by row, for the analyses that
 * turn runs into answers (sensitivity.c, discover.c, calibrate.c). The
 * layout is the sweep's (docs/sweeps.md): run, point, replicate, seed,
 * run_index, the varied settings, status, message, the metrics.
 */
#ifndef SGF_EXPLORE_RUNS_CSV_H
#define SGF_EXPLORE_RUNS_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define SGF_RUNS_MAX_COLUMNS 1024

typedef struct sgf_runs_csv {
    FILE *f;
    char *line;
    size_t cap;
    long lineno;
    char *header; /* a copy the names point into */
    int columns;
    char *names[SGF_RUNS_MAX_COLUMNS];
    int param_count, metric_count;
    int status_col; /* the settings are columns 5 .. status_col-1, metrics after message */
    /* The current row. */
    char *fields[SGF_RUNS_MAX_COLUMNS];
    uint64_t run, point, replicate;
    bool ok; /* status "ok" */
} sgf_runs_csv;

/* Open dir/runs.csv and read its header; false with a message on failure. */
bool sgf_runs_csv_open(sgf_runs_csv *r, const char *dir, char *err, size_t err_size);
/* The next row: 1, 0 at the end, -1 on a malformed row (message in err). */
int sgf_runs_csv_next(sgf_runs_csv *r, char *err, size_t err_size);
void sgf_runs_csv_close(sgf_runs_csv *r);
/* Setting i's or metric i's field of the current row, and names. */
const char *sgf_runs_csv_param(const sgf_runs_csv *r, int i);
double sgf_runs_csv_metric(const sgf_runs_csv *r, int i); /* NaN when empty */
const char *sgf_runs_csv_param_name(const sgf_runs_csv *r, int i);
const char *sgf_runs_csv_metric_name(const sgf_runs_csv *r, int i);
/* Index of metric or setting called name, or -1. */
int sgf_runs_csv_find_metric(const sgf_runs_csv *r, const char *name);
int sgf_runs_csv_find_param(const sgf_runs_csv *r, const char *name);

#endif
