/* sgf_explore.h: turning many runs into answers: global sensitivity
 * analysis (`sgf sensitivity`), scenario discovery (`sgf discover`) and
 * calibration (`sgf calibrate`). docs/exploration.md describes the files,
 * the methods and the outputs.
 *
 * Every method runs its worlds through the sweep engine (sgf_sweep.h): a
 * method gives the sweep its design points, and the runs go through the same
 * journal, threads, shards, MPI ranks and --resume as any sweep, so its
 * runs.csv, and the indices computed from it, are the same bytes whatever
 * the thread count, shard split or interruption.
 */
#ifndef SGF_EXPLORE_H
#define SGF_EXPLORE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "sgf_status.h"
#include "sgf_sweep.h"

/* ---- sensitivity analysis ------------------------------------------------- */

typedef enum sgf_sa_method {
    SGF_SA_MORRIS,        /* elementary effects: mu, mu*, sigma */
    SGF_SA_SOBOL,         /* first-order and total indices (Saltelli, Jansen) */
    SGF_SA_STOCHASTICITY, /* variance within vs between points, replications needed */
    SGF_SA_ONE_AT_A_TIME, /* each factor at its two ends, the others at mid-range */
    SGF_SA_METHOD_COUNT
} sgf_sa_method;

const char *sgf_sa_method_name(sgf_sa_method m);

typedef struct sgf_sensitivity sgf_sensitivity;

/* Load a sensitivity file: a sweep file without `design`/`points`, plus
 * `method` and its settings. Errors as sgf_sweep_load (file, line, setting). */
sgf_status sgf_sensitivity_load(const char *path, int ticks, sgf_sensitivity **out, sgf_diag *diag);
void sgf_sensitivity_destroy(sgf_sensitivity *sa);
/* The sweep that makes the runs (owned by sa). */
const sgf_sweep *sgf_sensitivity_sweep(const sgf_sensitivity *sa);
sgf_sa_method sgf_sensitivity_method(const sgf_sensitivity *sa);
/* What --dry-run prints before the sweep's plan: the method and its sizes. */
void sgf_sensitivity_write_plan(FILE *f, const sgf_sensitivity *sa);

/* Read the finished dir/runs.csv and write dir/indices.csv (atomically):
 * method,factor,metric,statistic,value,lo,hi, the interval a bootstrap 95 %
 * percentile interval (or a normal one where noted in the docs). */
sgf_status sgf_sensitivity_analyse(const sgf_sensitivity *sa, const char *dir, char *err,
                                   size_t err_size);

/* ---- scenario discovery (PRIM) -------------------------------------------- */

typedef struct sgf_discover_opts {
    const char *where;   /* condition on a run's metrics and settings, "failed == 1" */
    double peel_alpha;   /* share peeled per step, default 0.05 */
    double min_support;  /* stop when the box holds fewer than this share of runs, 0.05 */
    int max_boxes;       /* boxes found one after the other (covering), default 3 */
    double min_density;  /* a box is kept only above this density; default: 0 */
    double min_coverage; /* the box is the densest step with at least this coverage, 0.5 */
} sgf_discover_opts;

/* PRIM over the numeric varied settings of dir/runs.csv (ok runs only);
 * writes out_dir/boxes.csv and out_dir/peeling.csv and prints a summary to
 * report (may be NULL). A bad condition is SGF_ERR_USAGE with the reason. */
sgf_status sgf_discover_run(const char *dir, const sgf_discover_opts *opts, const char *out_dir,
                            FILE *report, char *err, size_t err_size);

/* ---- calibration (ABC by sequential Monte Carlo) ------------------------- */

typedef struct sgf_calibration sgf_calibration;

/* Load a calibration file: a sweep file's base, seed, replications, set and
 * `vary` (the free parameters: their ranges are uniform priors, log-uniform
 * for scale = "log"), plus `targets` and the method's settings (population,
 * generations, quantile). Errors name file, line and setting. */
sgf_status sgf_calibration_load(const char *path, int ticks, sgf_calibration **out, sgf_diag *diag);
void sgf_calibration_destroy(sgf_calibration *c);

typedef struct sgf_calibration_exec {
    const char *dir;
    int threads;
    bool resume;
    FILE *report; /* a line per generation and the fit; NULL: quiet */
    const volatile sig_atomic_t *stop;
} sgf_calibration_exec;

/* Run every generation (each a sweep in dir/gen-K, resumable), then write
 * dir/posterior.csv, generations.csv, fit.csv and best.cfg. *interrupted
 * is set when stop ended it early (continue with resume). */
sgf_status sgf_calibration_run(sgf_calibration *c, const sgf_calibration_exec *x, bool *interrupted,
                               char *err, size_t err_size);

#endif
