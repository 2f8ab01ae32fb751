/* sgf_batch.h: many runs of one or more definitions, in parallel threads,
 * and the statistics over them.
 *
 * Run r of a definition uses (def.seed, run_index = r): its generators derive
 * from those two numbers alone (docs/reproducibility.md), so results do not
 * depend on the thread count or on which thread ran what, and two scenarios
 * run over the same r share their random numbers where their structure
 * allows (common random numbers).
 */
#ifndef SGF_BATCH_H
#define SGF_BATCH_H

#include <signal.h>

#include "sgf_world.h"

/* Run each of `count` definitions for replications 0..reps-1 on `threads`
 * threads (<= 0: one per core). out[d * reps + r] receives the summary of
 * definition d, replication r. Returns the first failure (out of memory, an
 * invariant under def.check) with its message in err. */
sgf_status sgf_batch_run(const sgf_world_def *defs, int count, int reps, int threads,
                         sgf_summary *out, char *err, size_t err_size);

/* The same with progress and an early stop. progress (NULL: none) is called
 * after every finished run, under a lock, from a worker thread, with the runs
 * done so far and the total. When *stop (NULL: never) becomes non-zero no new
 * run starts; the runs in flight finish, *interrupted is set and the call
 * returns SGF_OK with the slots of the runs not done zeroed. */
typedef struct sgf_batch_opts {
    int threads; /* <= 0: one per core */
    void (*progress)(void *user, int done, int total);
    void *progress_user;
    const volatile sig_atomic_t *stop;
} sgf_batch_opts;
sgf_status sgf_batch_run_opts(const sgf_world_def *defs, int count, int reps,
                              const sgf_batch_opts *opts, sgf_summary *out, bool *interrupted,
                              char *err, size_t err_size);

/* The number of online processors, at least 1. */
int sgf_cpu_count(void);

/* Mean, sample standard deviation and the half-width of a 95 % confidence
 * interval (Student's t) of n values. */
typedef struct sgf_stat {
    double mean, sd, half_width;
    int n;
} sgf_stat;
/* Mean, standard deviation and 95 % half-width over the values that exist:
 * NaN ("never", "not applicable": failed_tick of a run that did not fail) is
 * left out, and n counts the rest. */
sgf_stat sgf_stat_of(const double *values, int n);
/* Two-sided 95 % quantile of Student's t with df degrees of freedom. */
double sgf_t95(int df);

#endif
