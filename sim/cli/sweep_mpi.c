/* sweep_mpi.c: `mpirun -np P sgf sweep SWEEP.cfg`, a sweep farmed over MPI
 * ranks (built only with -DSGF_WITH_MPI=ON; docs/cluster.md).
 *
 * Rank 0 is the manager: it opens the journal (DIR/runs.csv, sgf_sweep.h),
 * hands out one run id at a time to whichever worker asks (dynamic load
 * balancing: a rank that draws short runs simply asks more often), appends
 * and syncs each row a worker sends back, shows progress, and collects the
 * sorted runs.csv and aggregate.csv at the end. Ranks 1..P-1 are workers:
 * each loads the sweep itself, runs the ids it is given with
 * sgf_sweep_run and sends the rows. A row is a pure function of the sweep
 * and the run id, so the files are the same as `sgf sweep -j 1` writes.
 *
 * Protocol (all on MPI_COMM_WORLD):
 *   manager -> all      MPI_Bcast of the journal's status (workers stop if
 *                       the manager could not open the directory)
 *   worker -> manager   TAG_ROW: "0"|"1" (failed) + row text; empty at first
 *                       TAG_FATAL: a message (the worker cannot go on)
 *   manager -> worker   TAG_RUN: one uint64 run id, or UINT64_MAX to stop
 * Per-run time series (--series) are written by the workers into
 * DIR/series/, which must be on a file system all ranks share.
 */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "sgf/sgf_sweep.h"

enum { TAG_ROW = 1, TAG_FATAL = 2, TAG_RUN = 3 };
#define STOP_ID UINT64_MAX

bool sgf_mpi_launched(void)
{
    /* mpirun (Open MPI), PMIx launchers (srun --mpi=pmix) and PMI-1/2
     * launchers (srun --mpi=pmi2, MPICH's Hydra) set these. */
    return getenv("OMPI_COMM_WORLD_SIZE") || getenv("PMIX_RANK") || getenv("PMI_RANK") ||
           getenv("PMI_SIZE");
}

int sgf_mpi_init(int *rank, int *size)
{
    if (MPI_Init(NULL, NULL) != MPI_SUCCESS) return -1;
    MPI_Comm_rank(MPI_COMM_WORLD, rank);
    MPI_Comm_size(MPI_COMM_WORLD, size);
    return 0;
}

void sgf_mpi_finalize(void)
{
    int done = 0;
    MPI_Finalized(&done);
    if (!done) MPI_Finalize();
}

static sgf_status worker(const sgf_sweep *sw, const sgf_sweep_exec *x)
{
    sgf_sweep_buf row = {0}, msg = {0};
    char first[1] = {'0'};
    char err[512] = "";
    sgf_status st = SGF_OK;
    /* The first request carries no row. */
    MPI_Send(first, 0, MPI_CHAR, 0, TAG_ROW, MPI_COMM_WORLD);
    for (;;) {
        uint64_t run;
        MPI_Recv(&run, 1, MPI_UINT64_T, 0, TAG_RUN, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        if (run == STOP_ID) break;
        bool failed = false;
        /* Runs in flight finish: the manager decides when to stop. */
        st = sgf_sweep_run(sw, run, x->series, NULL, &row, &failed, err, sizeof err);
        if (st != SGF_OK) {
            MPI_Send(err, (int)strlen(err) + 1, MPI_CHAR, 0, TAG_FATAL, MPI_COMM_WORLD);
            /* The manager answers a fatal report with a stop. */
            continue;
        }
        if (msg.cap < row.len + 2) {
            char *g = realloc(msg.data, row.len + 2);
            if (!g) {
                snprintf(err, sizeof err, "out of memory");
                MPI_Send(err, (int)strlen(err) + 1, MPI_CHAR, 0, TAG_FATAL, MPI_COMM_WORLD);
                st = SGF_ERR_NOMEM;
                continue;
            }
            msg.data = g;
            msg.cap = row.len + 2;
        }
        msg.data[0] = failed ? '1' : '0';
        memcpy(msg.data + 1, row.data, row.len);
        MPI_Send(msg.data, (int)(row.len + 1), MPI_CHAR, 0, TAG_ROW, MPI_COMM_WORLD);
    }
    sgf_sweep_buf_free(&row);
    free(msg.data);
    return st;
}

static sgf_status manager(const sgf_sweep *sw, const sgf_sweep_exec *x, int size,
                          sgf_sweep_outcome *out, char *err, size_t err_size)
{
    sgf_sweep_shard shard = x->shard.count > 1 ? x->shard : (sgf_sweep_shard){1, 1};
    sgf_sweep_journal *j = NULL;
    sgf_status st = sgf_sweep_journal_open(sw, x->dir, x->resume, shard, &j, err, err_size);
    int status = (int)st;
    MPI_Bcast(&status, 1, MPI_INT, 0, MPI_COMM_WORLD);
    if (st != SGF_OK) return st;
    out->total = sgf_sweep_journal_total(j);
    out->done_before = sgf_sweep_journal_done(j);
    uint64_t done = out->done_before;
    if (x->progress) x->progress(x->progress_user, done, out->total, 0);

    char *buf = NULL;
    int cap = 0;
    int active = size - 1;
    sgf_status fatal = SGF_OK;
    long idle_ns = 0;
    while (active > 0) {
        /* Poll with a growing pause rather than a blocking MPI_Probe, which
         * Open MPI implements by spinning: the manager then takes almost no
         * CPU and -np can be the number of cores plus one. */
        MPI_Status ms;
        int ready = 0;
        MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &ready, &ms);
        if (!ready) {
            idle_ns = idle_ns ? (idle_ns < 1000000 ? idle_ns * 2 : idle_ns) : 50000;
            struct timespec ts = {0, idle_ns};
            nanosleep(&ts, NULL);
            continue;
        }
        idle_ns = 0;
        int n = 0;
        MPI_Get_count(&ms, MPI_CHAR, &n);
        if (n + 1 > cap) {
            char *g = realloc(buf, (size_t)n + 1);
            if (!g) {
                /* Cannot even receive: stop everything. */
                MPI_Abort(MPI_COMM_WORLD, 1);
                return SGF_ERR_NOMEM;
            }
            buf = g;
            cap = n + 1;
        }
        MPI_Recv(buf, n, MPI_CHAR, ms.MPI_SOURCE, ms.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        buf[n] = '\0';
        if (ms.MPI_TAG == TAG_FATAL) {
            if (fatal == SGF_OK) {
                fatal = SGF_ERR_IO;
                snprintf(err, err_size, "rank %d: %s", ms.MPI_SOURCE, buf);
            }
        } else if (n > 1 && fatal == SGF_OK) {
            sgf_status a = sgf_sweep_journal_append(j, buf + 1, (size_t)n - 1, err, err_size);
            if (a == SGF_OK) a = sgf_sweep_journal_sync(j, err, err_size);
            if (a != SGF_OK) {
                fatal = a;
            } else {
                done++;
                out->ran++;
                if (buf[0] == '1') out->failed++;
                if (x->progress) x->progress(x->progress_user, done, out->total, out->failed);
            }
        }
        uint64_t run = STOP_ID;
        bool stop = fatal != SGF_OK || (x->stop && *x->stop);
        if (stop || !sgf_sweep_journal_next(j, &run)) run = STOP_ID;
        MPI_Send(&run, 1, MPI_UINT64_T, ms.MPI_SOURCE, TAG_RUN, MPI_COMM_WORLD);
        if (run == STOP_ID) active--;
    }
    free(buf);
    char e2[256] = "";
    sgf_status cst = sgf_sweep_journal_close(j, e2, sizeof e2);
    if (fatal != SGF_OK) return fatal;
    if (cst != SGF_OK) {
        snprintf(err, err_size, "%s", e2);
        return cst;
    }
    if (done < out->total) {
        out->interrupted = true;
        return SGF_OK;
    }
    const char *dirs[1] = {x->dir};
    unsigned flags = shard.count > 1 ? SGF_COLLECT_PARTIAL | SGF_COLLECT_NO_AGGREGATE : 0;
    return sgf_sweep_collect(dirs, 1, x->dir, flags, &out->collected, err, err_size);
}

sgf_status sgf_sweep_mpi_execute(const sgf_sweep *sw, const sgf_sweep_exec *x,
                                 sgf_sweep_outcome *out, char *err, size_t err_size)
{
    memset(out, 0, sizeof *out);
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (rank == 0) return manager(sw, x, size, out, err, err_size);
    int status = 0;
    MPI_Bcast(&status, 1, MPI_INT, 0, MPI_COMM_WORLD);
    if (status != (int)SGF_OK) return (sgf_status)status;
    return worker(sw, x);
}
