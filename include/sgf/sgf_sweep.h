/* sgf_sweep.h: parameter sweeps, from a sweep file to runs.csv and
 * aggregate.csv.
 *
 * A sweep file (libconfig, docs/sweeps.md) names a base scenario, settings to
 * vary (lists of values, linear or logarithmic ranges), a design (full
 * factorial, Latin hypercube of n points, one-at-a-time around the base),
 * replications per design point, the summary metrics to keep and a master
 * seed. Loading it checks every varied value by applying it to a copy of the
 * base definition, so a bad path or value is reported with the sweep file's
 * name and line before anything runs.
 *
 * Runs are numbered 0..N-1 (N = points x replications). Run k is replicate
 * k / P of design point perm(k % P), perm a fixed pseudo-random permutation
 * of the P points: the runs are interleaved, so any prefix of them (a sweep
 * cut short) covers the whole design. Run k simulates the base definition
 * with its point's values, def.seed = the master seed and def.run_index = k
 * (or the replicate under common random numbers), so its results depend on
 * nothing but the sweep file and k: not on threads, shards, ranks or order.
 * The design's own draws (the run order, the Latin hypercube) come from
 * sgf_rng_derive(master, point, SGF_STREAM_SWEEP) and keyed permutations.
 *
 * Output directory:
 *   sweep.json     what the sweep is (fingerprint, design, runs); written first
 *   runs.csv       one row per run, appended and synced as runs finish, then
 *                  rewritten sorted by run id when the sweep completes
 *   aggregate.csv  per design point: mean, sd and 95 % interval of each metric
 *   series/        per-run time series, when the command asks for them
 * Memory does not grow with the number of runs, except one bit per run for
 * the set of finished runs; sorting spills to temporary files past a budget.
 *
 * Ownership: sgf_sweep_load returns a sweep that sgf_sweep_destroy frees.
 * Every function that can fail on input or I/O returns an sgf_status and a
 * message (sgf_diag for the sweep file, a char buffer otherwise).
 */
#ifndef SGF_SWEEP_H
#define SGF_SWEEP_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "sgf_def.h"
#include "sgf_scenario.h"
#include "sgf_world.h"

typedef struct sgf_sweep sgf_sweep;

typedef enum sgf_design {
    SGF_DESIGN_FACTORIAL,       /* every combination of every level */
    SGF_DESIGN_LATIN_HYPERCUBE, /* n points, each range cut in n strata */
    SGF_DESIGN_ONE_AT_A_TIME,   /* the base, then each setting's levels alone */
    SGF_DESIGN_COUNT,
    /* Not for sweep files: points given by the caller (sgf_sweep_load_with),
     * as the sensitivity methods give theirs. */
    SGF_DESIGN_GIVEN = SGF_DESIGN_COUNT
} sgf_design;

/* The file's name for a design ("factorial", "latin_hypercube",
 * "one_at_a_time"). */
const char *sgf_design_name(sgf_design d);

/* ---- loading ------------------------------------------------------------- */

/* Load and check a sweep file. ticks > 0 replaces the base's horizon (like
 * `sgf run --ticks`); it is part of the sweep's identity. Errors: SGF_ERR_SCENARIO
 * with diag naming the file, line and setting (the sweep file's, or the base
 * scenario's for an error inside it), SGF_ERR_NOMEM. */
sgf_status sgf_sweep_load(const char *path, int ticks, sgf_sweep **out, sgf_diag *diag);
void sgf_sweep_destroy(sgf_sweep *sw);

/* A design given by the caller: its points as coordinates in the unit cube.
 * Coordinate u of parameter j maps onto the setting as a Latin hypercube's
 * does: a range at from + u (to - from) (geometric for a log scale, whole
 * numbers in equal bins), a list of values in equal bins of u. */
typedef struct sgf_sweep_given_design {
    const char *name;  /* shown as the design in sweep.json and --dry-run */
    uint64_t identity; /* a hash of the design's own settings: in the fingerprint */
    uint64_t points;
    /* Coordinate of point p along parameter j, in [0, 1]. Pure and
     * thread-safe; called while runs are built. */
    double (*unit)(const void *user, uint64_t point, int param);
    const void *user; /* must outlive the sweep */
} sgf_sweep_given_design;

typedef struct sgf_sweep_load_opts {
    int ticks; /* as for sgf_sweep_load */
    /* Top-level settings the caller reads itself (a method's), accepted
     * beside a sweep file's own. */
    const char *const *extra_keys;
    int extra_key_count;
    /* NULL: the file's design. Otherwise the file must not name a design or
     * points, and ranges need no steps. */
    const sgf_sweep_given_design *given;
    /* Accept `model = "NAME"`: a built-in function with known answers
     * (ishigami, sobol_g, noisy_linear, normal_mean) stands in for the
     * simulator. Its factors are free names with from/to ranges, its metric
     * is "y", and the base scenario only lends its seed. */
    bool test_models;
    /* Metrics the caller needs (calibration targets), kept beside the file's
     * `metrics` when it does not list them already. */
    const char *const *extra_metrics;
    int extra_metric_count;
} sgf_sweep_load_opts;

/* A window metric: one number per run from a weekly series (a column of
 * timeseries.csv) over some weeks, kept as a metric beside the summary's.
 * Its name is SERIES_STAT_weeks_A_B (weeks A..B, 1 the first),
 * SERIES_STAT_year_Y (the calendar year Y, from the scenario's start_year)
 * or SERIES_STAT_years_Y1_Y2, STAT one of mean, sum, min, max, last; for
 * example revenue_eur_sum_year_2012 or partners_mean_weeks_53_104. Such a
 * name may stand in a sweep's `metrics` list. A run that ends before the
 * window's last week has no value (NaN: an empty field in runs.csv). */
typedef enum sgf_window_stat {
    SGF_WINDOW_MEAN,
    SGF_WINDOW_SUM,
    SGF_WINDOW_MIN,
    SGF_WINDOW_MAX,
    SGF_WINDOW_LAST,
    SGF_WINDOW_STAT_COUNT
} sgf_window_stat;

typedef struct sgf_window {
    int series; /* index into sgf_metric_table */
    sgf_window_stat stat;
    bool years; /* first..last are calendar years, else weeks */
    int first, last;
} sgf_window;

/* Parses a window metric's name; false when it is not one (unknown series,
 * statistic or window, or last < first). */
bool sgf_window_parse(const char *name, sgf_window *w);
/* The name of a window metric from a target's parts: series "revenue_eur",
 * stat "sum" (NULL: mean), window "year 2012", "years 2010-2012",
 * "weeks 53-104" or "week 10". False with the reason in err when a part is
 * wrong. */
bool sgf_window_name(const char *series, const char *stat, const char *window, char *name,
                     size_t size, char *err, size_t err_size);

/* sgf_sweep_load with options (NULL: the defaults, as sgf_sweep_load). */
sgf_status sgf_sweep_load_with(const char *path, const sgf_sweep_load_opts *opts, sgf_sweep **out,
                               sgf_diag *diag);

const char *sgf_sweep_name(const sgf_sweep *sw);
/* The design's name as sweep.json writes it (a given design's own name). */
const char *sgf_sweep_design_label(const sgf_sweep *sw);
/* Kept metric i's name (a summary column, or a test function's output). */
const char *sgf_sweep_metric_name(const sgf_sweep *sw, int i);
/* The test function's name, or NULL when the simulator runs. */
const char *sgf_sweep_test_model(const sgf_sweep *sw);
/* Parameter i's coordinate in [0, 1] at a design point, for designs whose
 * points live in the unit cube (Latin hypercube and given designs); NaN
 * otherwise. */
double sgf_sweep_point_unit(const sgf_sweep *sw, uint64_t point, int i);
sgf_design sgf_sweep_design(const sgf_sweep *sw);
uint64_t sgf_sweep_seed(const sgf_sweep *sw);
uint64_t sgf_sweep_point_count(const sgf_sweep *sw);
uint64_t sgf_sweep_replications(const sgf_sweep *sw);
uint64_t sgf_sweep_run_count(const sgf_sweep *sw);
int sgf_sweep_param_count(const sgf_sweep *sw);
const char *sgf_sweep_param_path(const sgf_sweep *sw, int i);
int sgf_sweep_metric_count(const sgf_sweep *sw);
/* Index into sgf_summary_table of kept metric i (-1 under a test model). */
int sgf_sweep_metric(const sgf_sweep *sw, int i);
/* The base definition after the sweep's fixed settings and ticks. */
const sgf_world_def *sgf_sweep_base(const sgf_sweep *sw);
/* A hash of everything that decides the results (version, base definition,
 * design, seed, metrics): resume and merge refuse directories that differ. */
uint64_t sgf_sweep_fingerprint(const sgf_sweep *sw);

/* ---- the design ---------------------------------------------------------- */

/* Where run k sits: its design point and replicate. k < run count. */
void sgf_sweep_run_place(const sgf_sweep *sw, uint64_t run, uint64_t *point, uint64_t *replicate);
/* The run_index run k simulates with (k, or its replicate under common
 * random numbers). */
uint64_t sgf_sweep_run_index(const sgf_sweep *sw, uint64_t run);
/* Parameter i's value at a design point, as text (numbers in the shortest
 * form that reads back to the same double); returns buf. */
char *sgf_sweep_point_value(const sgf_sweep *sw, uint64_t point, int i, char *buf, size_t size);
/* The definition of run k: the base with its point's values, seed and
 * run_index. On SGF_OK the caller owns *def (sgf_world_def_free); otherwise
 * def holds nothing and diag says why (an invalid combination is
 * SGF_ERR_SCENARIO). */
sgf_status sgf_sweep_run_def(const sgf_sweep *sw, uint64_t run, sgf_world_def *def, sgf_diag *diag);

/* A shard: the runs with id % count == index - 1 (index from 1, as Slurm
 * arrays count). {1, 1} is the whole sweep. */
typedef struct sgf_sweep_shard {
    uint64_t index, count;
} sgf_sweep_shard;
/* How many of the sweep's runs fall in the shard. */
uint64_t sgf_sweep_shard_runs(const sgf_sweep *sw, sgf_sweep_shard shard);

/* What `sgf sweep --dry-run` prints: design size, parameters and levels, and
 * the first `max_points` design points (and the runs the shard would do). */
void sgf_sweep_write_plan(FILE *f, const sgf_sweep *sw, sgf_sweep_shard shard, int max_points);

/* ---- one run ------------------------------------------------------------- */

/* A growable text buffer (rows); free with sgf_sweep_buf_free. */
typedef struct sgf_sweep_buf {
    char *data;
    size_t len, cap;
} sgf_sweep_buf;
void sgf_sweep_buf_free(sgf_sweep_buf *b);

/* Optional per-run time series, written by the caller (the command writes
 * gzip files). Called from the thread that runs the run. open returns a
 * handle, or NULL with a message in err; tick is called after every step and
 * returns false on a write failure; close(ok=false) discards the run's file,
 * and returns false with a message on failure. Any failure stops the sweep
 * (the run is not recorded, so a resume redoes it). */
typedef struct sgf_sweep_series {
    void *user;
    void *(*open)(void *user, uint64_t run, char *err, size_t err_size);
    bool (*tick)(void *handle, const sgf_world *w);
    bool (*close)(void *handle, bool ok, char *err, size_t err_size);
} sgf_sweep_series;

/* Simulate run k and put its runs.csv row (with the final newline) into
 * row, replacing its contents. A run that cannot be built or breaks an
 * invariant is still SGF_OK: its row says so (status and message) and
 * *failed is set. Other statuses (out of memory, series I/O) are fatal, with
 * a message in err. series may be NULL. When stop is not NULL and *stop
 * becomes non-zero, the run ends within a fraction of a second, even inside
 * a long week (sgf_world_set_stop), and SGF_ERR_INTERRUPTED comes back with
 * no row: the run is to be done again. Safe to call from many threads. */
sgf_status sgf_sweep_run(const sgf_sweep *sw, uint64_t run, const sgf_sweep_series *series,
                         const volatile sig_atomic_t *stop, sgf_sweep_buf *row, bool *failed,
                         char *err, size_t err_size);

/* Create a directory and its parents (mkdir -p). */
sgf_status sgf_sweep_make_dir(const char *dir, char *err, size_t err_size);

/* Doubles as every CSV of sgf prints them: %.10g, "-0" as 0, Inf and -Inf
 * spelt out, and a value that does not exist (NaN) as "", an empty field.
 * Returns buf. */
char *sgf_sweep_format_number(double x, char *buf, size_t size);

/* ---- the journal: runs.csv while the sweep runs --------------------------- */

typedef struct sgf_sweep_journal sgf_sweep_journal;

/* Open DIR for the sweep (creating it and its parents). A fresh directory
 * gets sweep.json and the runs.csv header; a non-empty directory without
 * sweep.json is SGF_ERR_EXISTS. With resume, an existing one must hold the
 * same sweep and shard (fingerprint, shard and header); its rows are parsed
 * strictly, complete ones count as done and a torn last line is cut off.
 * Without resume, an existing sweep is SGF_ERR_EXISTS. Not thread-safe: callers serialise next and
 * append. */
sgf_status sgf_sweep_journal_open(const sgf_sweep *sw, const char *dir, bool resume,
                                  sgf_sweep_shard shard, sgf_sweep_journal **out, char *err,
                                  size_t err_size);
/* The shard's runs, and how many of them were done when the journal opened. */
uint64_t sgf_sweep_journal_total(const sgf_sweep_journal *j);
uint64_t sgf_sweep_journal_done(const sgf_sweep_journal *j);
/* The next run of the shard not yet done, in id order; false when none. */
bool sgf_sweep_journal_next(sgf_sweep_journal *j, uint64_t *run);
/* Append one row (one write, so a kill leaves at most a torn last line),
 * then sync it to disk; sync may run outside the caller's lock. */
sgf_status sgf_sweep_journal_append(sgf_sweep_journal *j, const char *row, size_t len, char *err,
                                    size_t err_size);
sgf_status sgf_sweep_journal_sync(sgf_sweep_journal *j, char *err, size_t err_size);
/* Close (NULL is fine); the status of the final sync. */
sgf_status sgf_sweep_journal_close(sgf_sweep_journal *j, char *err, size_t err_size);

/* ---- finishing and merging ------------------------------------------------ */

enum {
    SGF_COLLECT_PARTIAL = 1u << 0,     /* missing runs are not an error */
    SGF_COLLECT_NO_AGGREGATE = 1u << 1 /* only runs.csv (shards) */
};

typedef struct sgf_sweep_collected {
    uint64_t runs_total;  /* runs of the whole sweep */
    uint64_t runs_found;  /* distinct runs in the inputs */
    uint64_t runs_failed; /* of those, rows with status other than ok */
    uint64_t points;      /* rows of aggregate.csv */
} sgf_sweep_collected;

/* Join the runs.csv of the input directories (one or more; the output may
 * be one of them) into out_dir/runs.csv sorted by run id, and write
 * out_dir/aggregate.csv and out_dir/sweep.json (without a shard). Inputs must
 * be of one sweep (same fingerprint and header); a run found twice must have
 * identical rows; every row is parsed strictly (FILE:LINE:COLUMN on error).
 * Unless SGF_COLLECT_PARTIAL, a missing run is an error (SGF_ERR_USAGE) and
 * nothing is written. out_dir must be new, unrelated, an input or this
 * sweep's merged directory: another sweep's, a shard not among the inputs or
 * a runs.csv without sweep.json is SGF_ERR_EXISTS. Files are replaced
 * atomically, sweep.json last with the checksums of the other two. */
sgf_status sgf_sweep_collect(const char *const *dirs, int dir_count, const char *out_dir,
                             unsigned flags, sgf_sweep_collected *info, char *err, size_t err_size);

/* Checks that DIR/NAME (runs.csv or aggregate.csv) is the file the sweep in
 * DIR wrote: collecting records each file's checksum in sweep.json. A shard,
 * an unfinished sweep (no checksum yet), or a file of another sweep or
 * changed since is SGF_ERR_USAGE with a message in err. */
sgf_status sgf_sweep_verify_file(const char *dir, const char *name, char *err, size_t err_size);

/* ---- the whole thing on threads ------------------------------------------- */

typedef struct sgf_sweep_exec {
    const char *dir;
    int threads; /* <= 0: one per core */
    bool resume;
    sgf_sweep_shard shard;          /* {0, 0} or {1, 1}: all runs */
    const sgf_sweep_series *series; /* NULL: none */
    /* Called after every recorded run, under a lock, from a worker thread. */
    void (*progress)(void *user, uint64_t done, uint64_t total, uint64_t failed);
    void *progress_user;
    /* When it becomes non-zero, no new run starts; runs in flight stop
     * within a fraction of a second and are not recorded (a resume runs them
     * again), and the sweep ends without collecting. */
    const volatile sig_atomic_t *stop;
} sgf_sweep_exec;

typedef struct sgf_sweep_outcome {
    uint64_t total;       /* runs of the shard */
    uint64_t done_before; /* found done on resume */
    uint64_t ran;         /* run now */
    uint64_t failed;      /* of those run now, failed */
    bool interrupted;
    sgf_sweep_collected collected; /* when not interrupted */
} sgf_sweep_outcome;

/* Open the journal, run every pending run of the shard on threads, record
 * each as it finishes, then collect (sorted runs.csv; aggregate.csv unless
 * sharded). Fatal errors stop the sweep; what was recorded stays for a
 * resume. */
sgf_status sgf_sweep_execute(const sgf_sweep *sw, const sgf_sweep_exec *x, sgf_sweep_outcome *out,
                             char *err, size_t err_size);

#endif
