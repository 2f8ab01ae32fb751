/* batch.c: replications of definitions on C11 threads, and the small
 * statistics the commands report (mean, standard deviation, 95 % intervals).
 *
 * Work is handed out through one atomic counter, and each result lands in
 * its own slot, so the output is the same whatever the thread count and
 * whatever order the runs finish in.
 */
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <threads.h>
#include <unistd.h>

#include "base/alloc.h"
#include "sgf/sgf_batch.h"

typedef struct batch {
    const sgf_world_def *defs;
    int count, reps;
    sgf_summary *out;
    const sgf_batch_opts *opts;
    atomic_int next;
    int done;
    bool stopped;
    mtx_t lock;
    sgf_status status;
    char err[256];
} batch;

static void fail(batch *b, sgf_status st, const char *msg)
{
    mtx_lock(&b->lock);
    if (b->status == SGF_OK) {
        b->status = st;
        snprintf(b->err, sizeof b->err, "%s", msg);
    }
    mtx_unlock(&b->lock);
}

static int worker(void *arg)
{
    batch *b = arg;
    int total = b->count * b->reps;
    for (;;) {
        if (b->opts->stop && *b->opts->stop) {
            mtx_lock(&b->lock);
            b->stopped = true;
            mtx_unlock(&b->lock);
            break;
        }
        int job = atomic_fetch_add(&b->next, 1);
        if (job >= total) break;
        int d = job / b->reps, r = job % b->reps;
        sgf_world_def def = b->defs[d];
        def.run_index = (uint64_t)r;
        sgf_world *w = NULL;
        sgf_status st = sgf_world_create(&def, &w);
        if (st != SGF_OK) {
            fail(b, st, "cannot create a world");
            break;
        }
        while (!sgf_world_done(w)) {
            st = sgf_world_step(w);
            if (st != SGF_OK) {
                char msg[256];
                snprintf(msg, sizeof msg, "definition %d, replication %d: %s", d, r,
                         sgf_world_error(w));
                fail(b, st, msg);
                break;
            }
        }
        sgf_world_summary(w, &b->out[job]);
        sgf_world_destroy(w);
        if (st != SGF_OK) break;
        mtx_lock(&b->lock);
        b->done++;
        if (b->opts->progress) b->opts->progress(b->opts->progress_user, b->done, total);
        mtx_unlock(&b->lock);
    }
    return 0;
}

int sgf_cpu_count(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

sgf_status sgf_batch_run(const sgf_world_def *defs, int count, int reps, int threads,
                         sgf_summary *out, char *err, size_t err_size)
{
    sgf_batch_opts o = {.threads = threads};
    return sgf_batch_run_opts(defs, count, reps, &o, out, NULL, err, err_size);
}

sgf_status sgf_batch_run_opts(const sgf_world_def *defs, int count, int reps,
                              const sgf_batch_opts *opts, sgf_summary *out, bool *interrupted,
                              char *err, size_t err_size)
{
    int threads = opts->threads;
    if (interrupted) *interrupted = false;
    batch b = {
        .defs = defs, .count = count, .reps = reps, .out = out, .opts = opts, .status = SGF_OK};
    atomic_init(&b.next, 0);
    if (mtx_init(&b.lock, mtx_plain) != thrd_success) return SGF_ERR_INTERNAL;
    if (threads <= 0) threads = sgf_cpu_count();
    if (threads > count * reps) threads = count * reps > 0 ? count * reps : 1;
    thrd_t *pool = sgf_calloc((size_t)threads, sizeof *pool);
    if (!pool) {
        mtx_destroy(&b.lock);
        return SGF_ERR_NOMEM;
    }
    int started = 0;
    for (int t = 1; t < threads; t++) {
        if (thrd_create(&pool[t], worker, &b) != thrd_success) break;
        started++;
    }
    worker(&b); /* the calling thread works too */
    for (int t = 1; t <= started; t++) thrd_join(pool[t], NULL);
    sgf_free(pool);
    mtx_destroy(&b.lock);
    if (b.status != SGF_OK && err) snprintf(err, err_size, "%s", b.err);
    if (b.status == SGF_OK && b.stopped && b.done < count * reps && interrupted)
        *interrupted = true;
    return b.status;
}

double sgf_t95(int df)
{
    static const double table[30] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306,
                                     2.262,  2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120,
                                     2.110,  2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
                                     2.060,  2.056, 2.052, 2.048, 2.045, 2.042};
    if (df < 1) return NAN;
    if (df <= 30) return table[df - 1];
    /* Cornish-Fisher expansion around the normal quantile: good to 1e-3 */
    double z = 1.959964, z3 = z * z * z, z5 = z3 * z * z;
    double d = (double)df;
    return z + (z3 + z) / (4 * d) + (5 * z5 + 16 * z3 + 3 * z) / (96 * d * d);
}

sgf_stat sgf_stat_of(const double *v, int n)
{
    int m = 0; /* the values that exist */
    double sum = 0;
    for (int i = 0; i < n; i++)
        if (!isnan(v[i])) sum += v[i], m++;
    sgf_stat s = {NAN, NAN, NAN, m};
    if (m <= 0) return s;
    s.mean = sum / m;
    if (m < 2) return s;
    double ss = 0;
    for (int i = 0; i < n; i++)
        if (!isnan(v[i])) ss += (v[i] - s.mean) * (v[i] - s.mean);
    s.sd = sqrt(ss / (m - 1));
    s.half_width = sgf_t95(m - 1) * s.sd / sqrt((double)m);
    return s;
}
