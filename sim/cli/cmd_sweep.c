/* cmd_sweep.c: `sgf sweep SWEEP.cfg`, a parameter sweep on every core, on a
 * shard of a cluster job, or (in MPI builds, under mpirun) over MPI ranks.
 *
 * The command only wires things together: it loads the sweep (sgf_sweep.h),
 * prints the plan for --dry-run, runs it through sgf_sweep_execute (threads)
 * or sgf_sweep_mpi_execute (sweep_mpi.c), shows progress on stderr, and with
 * --series writes each run's time series as DIR/series/run_K.csv.gz. Gzip
 * lives here, not in the core library, so that the core links only libconfig
 * and libm. docs/sweeps.md describes the files; docs/cluster.md the clusters.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "cli.h"
#include "sgf/sgf_sweep.h"

const char sgf_cmd_sweep_help[] =
    "Usage: sgf sweep SWEEP.cfg [-j N] [--out DIR] [--resume] [--shard I/N]\n"
    "                 [--dry-run] [--series] [--plot] [--ticks N] [--quiet]\n"
    "\n"
    "Run a parameter sweep: a base scenario with settings varied by a design\n"
    "(full factorial, Latin hypercube, one at a time), each design point\n"
    "replicated, described by a sweep file (docs/sweeps.md). Run k uses the\n"
    "sweep's master seed and run_index k, so the results are the same for any\n"
    "-j, shard split or order. Runs are interleaved across the design, so a\n"
    "sweep cut short still covers all of it.\n"
    "\n"
    "Options:\n"
    "  -j N          threads (default: one per core)\n"
    "  --out DIR     output directory (default: out/sweep-NAME, NAME the sweep's\n"
    "                name; with --shard I/N: out/sweep-NAME/shard-I)\n"
    "  --resume      continue a sweep in DIR: run exactly the runs missing from\n"
    "                its runs.csv (after a kill, a crash or Ctrl-C)\n"
    "  --shard I/N   run only the runs with id % N == I-1 (I from 1 to N, as\n"
    "                with Slurm's --array=1-N); join shards with `sgf merge`\n"
    "  --dry-run     print the design size, the parameters and the first points\n"
    "                and runs; run nothing, write nothing\n"
    "  --series      also write each run's weekly metrics, gzip-compressed, to\n"
    "                DIR/series/run_K.csv.gz (the columns of timeseries.csv)\n"
    "  --plot        when the sweep is done, draw its figures as PNG files into\n"
    "                DIR/plots/ (as `sgf plot DIR`; needs the viewer build; not\n"
    "                with --shard: plot the merged directory)\n"
    "  --ticks N     weeks per run, replacing the base scenario's `ticks`\n"
    "  --quiet       no progress and no closing summary\n"
    "  -h, --help    show this help\n"
    "\n"
    "Output files (in DIR):\n"
    "  sweep.json     what the sweep is: fingerprint, design, runs, parameters\n"
    "  runs.csv       one row per run: run,point,replicate,seed,run_index, the\n"
    "                 varied settings, status,message, the metrics; appended and\n"
    "                 synced as runs finish, sorted by run id at the end\n"
    "  aggregate.csv  per design point: runs, ok, and each metric's mean, sd\n"
    "                 and 95 % confidence interval (not for a shard: merge first)\n"
    "A run that fails (invalid combination, invariant) is recorded with its\n"
    "status and message, and the sweep goes on.\n"
    "\n"
    "In an MPI build, `mpirun -np P sgf sweep SWEEP.cfg` farms the runs over\n"
    "the ranks (rank 0 hands out runs and writes the files) with the same\n"
    "results (docs/cluster.md).\n"
    "\n"
    "Exit status:\n"
    "  0  the sweep (or shard) finished; failed runs are in runs.csv\n"
    "  1  runtime failure (I/O, memory), or interrupted: continue with --resume\n"
    "  2  usage error, invalid sweep file or base scenario, DIR already holds\n"
    "     a sweep (use --resume), another sweep or shard, or is not empty and\n"
    "     holds no sweep, or a row of its runs.csv is not one sgf writes\n"
    "\n"
    "Examples:\n"
    "  sgf sweep scenarios/sweeps/capabilities.cfg --dry-run\n"
    "  sgf sweep scenarios/sweeps/capabilities.cfg -j 8 --out out/caps\n"
    "  sgf sweep scenarios/sweeps/capabilities.cfg --out out/caps --resume\n"
    "  sgf sweep scenarios/sweeps/lhs.cfg --shard 3/10 --out out/lhs/shard-3\n";

static volatile sig_atomic_t stop_flag = 0;

static void on_signal(int sig)
{
    (void)sig;
    stop_flag = 1;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- progress on stderr --------------------------------------------------------- */

typedef struct progress {
    bool tty, quiet;
    double t0, last;
    uint64_t start; /* runs done before this session */
    int last_tenth;
    bool drawn;
} progress;

static void format_eta(double s, char *buf, size_t size)
{
    if (!(s >= 0) || s > 1e8) {
        snprintf(buf, size, "--");
        return;
    }
    long t = (long)(s + 0.5);
    if (t >= 3600)
        snprintf(buf, size, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
    else
        snprintf(buf, size, "%ld:%02ld", t / 60, t % 60);
}

static const char *progress_command = "sweep";

static void on_progress(void *user, uint64_t done, uint64_t total, uint64_t failed)
{
    progress *p = user;
    if (p->quiet) return;
    double t = now_seconds();
    if (p->t0 == 0) {
        p->t0 = p->last = t;
        p->start = done;
        p->last_tenth = total ? (int)(done * 10 / total) : 10;
        if (!p->tty && done > 0 && done < total)
            fprintf(stderr, "sgf %s: resuming, %llu of %llu runs already done\n", progress_command,
                    (unsigned long long)done, (unsigned long long)total);
    }
    double elapsed = t - p->t0;
    uint64_t fresh = done - p->start;
    double rate = elapsed > 0 ? (double)fresh / elapsed : 0;
    char eta[32];
    format_eta(rate > 0 ? (double)(total - done) / rate : -1, eta, sizeof eta);
    int pct = total ? (int)(done * 100 / total) : 100;
    if (p->tty) {
        if (t - p->last < 0.1 && done < total && p->drawn) return;
        p->last = t;
        p->drawn = true;
        int width = 30, fill = total ? (int)(done * (uint64_t)width / total) : width;
        char bar[64];
        for (int i = 0; i < width; i++) bar[i] = i < fill ? '#' : '-';
        bar[width] = '\0';
        fprintf(stderr, "\r[%s] %llu/%llu %3d%%  %.1f runs/s  ETA %s", bar,
                (unsigned long long)done, (unsigned long long)total, pct, rate, eta);
        if (failed) fprintf(stderr, "  (%llu failed)", (unsigned long long)failed);
        fprintf(stderr, "\033[K");
        if (done >= total) fprintf(stderr, "\n");
        fflush(stderr);
        return;
    }
    /* Not a terminal: a line at every tenth and at least every 30 s. */
    int tenth = total ? (int)(done * 10 / total) : 10;
    if (tenth == p->last_tenth && t - p->last < 30 && done < total) return;
    if (fresh == 0 && done < total) return;
    p->last_tenth = tenth;
    p->last = t;
    fprintf(stderr, "sgf %s: %llu/%llu runs (%d%%), %.1f runs/s, ETA %s", progress_command,
            (unsigned long long)done, (unsigned long long)total, pct, rate, eta);
    if (failed) fprintf(stderr, ", %llu failed", (unsigned long long)failed);
    fprintf(stderr, "\n");
}

/* ---- per-run time series, gzip ---------------------------------------------------- */

typedef struct series_ctx {
    char dir[4096 + 8]; /* DIR/series */
} series_ctx;

typedef struct series_file {
    gzFile gz;
    char tmp[4096 + 64], final[4096 + 64];
    char *line;
    size_t line_size;
    bool bad;
} series_file;

static void *series_open(void *user, uint64_t run, char *err, size_t err_size)
{
    const series_ctx *c = user;
    series_file *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, err_size, "out of memory");
        return NULL;
    }
    /* DIR/series is made with the first run's file, not before: the sweep
     * first checks that DIR is new, empty or its own. */
    if (sgf_sweep_make_dir(c->dir, err, err_size) != SGF_OK) {
        free(s);
        return NULL;
    }
    s->line_size = (size_t)sgf_metric_count * 40 + 2;
    s->line = malloc(s->line_size);
    snprintf(s->tmp, sizeof s->tmp, "%s/.run_%llu.csv.gz.tmp", c->dir, (unsigned long long)run);
    snprintf(s->final, sizeof s->final, "%s/run_%llu.csv.gz", c->dir, (unsigned long long)run);
    s->gz = s->line ? gzopen(s->tmp, "wb6") : NULL;
    if (!s->gz) {
        snprintf(err, err_size, "cannot write %s", s->tmp);
        free(s->line);
        free(s);
        return NULL;
    }
    gzbuffer(s->gz, 1 << 16);
    size_t n = 0;
    for (int i = 0; i < sgf_metric_count; i++)
        n += (size_t)snprintf(s->line + n, s->line_size - n, "%s%s", i ? "," : "",
                              sgf_metric_table[i].name);
    s->line[n++] = '\n';
    if (gzwrite(s->gz, s->line, (unsigned)n) != (int)n) s->bad = true;
    return s;
}

static bool series_tick(void *handle, const sgf_world *w)
{
    series_file *s = handle;
    const sgf_metrics *m = sgf_world_metrics(w);
    size_t n = 0;
    for (int i = 0; i < sgf_metric_count; i++) {
        char buf[40];
        n += (size_t)snprintf(s->line + n, s->line_size - n, "%s%s", i ? "," : "",
                              sgf_sweep_format_number(sgf_metric_get(m, i), buf, sizeof buf));
    }
    s->line[n++] = '\n';
    if (gzwrite(s->gz, s->line, (unsigned)n) != (int)n) s->bad = true;
    return !s->bad;
}

static bool series_close(void *handle, bool ok, char *err, size_t err_size)
{
    series_file *s = handle;
    bool good = gzclose(s->gz) == Z_OK && !s->bad;
    bool result = true;
    if (ok && good) {
        /* On disk before the run's row claims the run is done. */
        FILE *f = fopen(s->tmp, "rb");
        if (f) {
            fsync(fileno(f));
            fclose(f);
        }
        if (rename(s->tmp, s->final) != 0) good = false;
    }
    if (!ok || !good) unlink(s->tmp);
    if (ok && !good) {
        snprintf(err, err_size, "cannot write %s", s->final);
        result = false;
    }
    free(s->line);
    free(s);
    return result;
}

/* ---- the command ------------------------------------------------------------------ */

typedef struct sweep_args {
    const char *file, *out;
    int threads, ticks;
    bool resume, dry_run, series, plot, quiet;
    sgf_sweep_shard shard;
} sweep_args;

static bool parse_shard(const char *v, sgf_sweep_shard *s)
{
    const char *slash = strchr(v, '/');
    if (!slash || slash == v) return false;
    char a[32];
    size_t n = (size_t)(slash - v);
    if (n >= sizeof a) return false;
    memcpy(a, v, n);
    a[n] = '\0';
    uint64_t i, count;
    if (!sgf_cli_parse_u64(a, &i) || !sgf_cli_parse_u64(slash + 1, &count)) return false;
    if (count < 1 || i < 1 || i > count) return false;
    s->index = i;
    s->count = count;
    return true;
}

/* s as one word of a POSIX shell: bare when it holds only safe characters,
 * else in single quotes (a quote inside as '\''). */
static void put_shell_word(FILE *f, const char *s)
{
    bool bare = *s != '\0';
    for (const char *p = s; *p && bare; p++)
        bare = strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./=:+,@%",
                      *p) != NULL;
    if (bare) {
        fputs(s, f);
        return;
    }
    fputc('\'', f);
    for (const char *p = s; *p; p++) {
        if (*p == '\'')
            fputs("'\\''", f);
        else
            fputc(*p, f);
    }
    fputc('\'', f);
}

/* The command that continues this sweep: every option that decides what the
 * directory holds (--ticks, --shard) or what the remaining runs write
 * (--series, --plot), so that it works as printed. */
static void print_resume_command(FILE *f, const sweep_args *a, const char *dir, const char *cmd)
{
    fprintf(f, "sgf %s ", cmd);
    put_shell_word(f, a->file);
    fputs(" --out ", f);
    put_shell_word(f, dir);
    fputs(" --resume", f);
    if (a->ticks > 0) fprintf(f, " --ticks %d", a->ticks);
    if (a->shard.count > 1)
        fprintf(f, " --shard %llu/%llu", (unsigned long long)a->shard.index,
                (unsigned long long)a->shard.count);
    if (a->series) fputs(" --series", f);
    if (a->plot) fputs(" --plot", f);
    if (a->threads > 0) fprintf(f, " -j %d", a->threads);
    if (a->quiet) fputs(" --quiet", f);
    fputc('\n', f);
}

/* Returns -1 to go on, or an exit status. */
static int parse_args(int argc, char **argv, sweep_args *a, const sgf_cli_sweep_hooks *h)
{
    const char *cmd = h->command;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i], *v = NULL;
        int m;
        if (arg[0] != '-' || strcmp(arg, "-") == 0) {
            if (a->file)
                return sgf_cli_usage_error(cmd, "more than one file given ('%s', '%s')", a->file,
                                           arg);
            a->file = arg;
        } else if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            fputs(h->help, stdout);
            return 0;
        } else if (strcmp(arg, "--resume") == 0) {
            a->resume = true;
        } else if (strcmp(arg, "--dry-run") == 0) {
            a->dry_run = true;
        } else if (strcmp(arg, "--series") == 0) {
            a->series = true;
        } else if (strcmp(arg, "--plot") == 0) {
            a->plot = true;
        } else if (strcmp(arg, "--quiet") == 0 || strcmp(arg, "-q") == 0) {
            a->quiet = true;
        } else if ((m = sgf_cli_option_value(argc, argv, &i, "-j", &v)) != 0 ||
                   (strncmp(arg, "-j", 2) == 0 && arg[2] >= '0' && arg[2] <= '9' &&
                    (v = arg + 2, m = 1))) {
            if (m < 0 || !sgf_cli_parse_int(v, 1, 4096, &a->threads))
                return sgf_cli_usage_error(cmd, "-j needs a whole number from 1 to 4096");
        } else if ((m = sgf_cli_option_value(argc, argv, &i, "--out", &v)) != 0) {
            if (m < 0 || !v[0]) return sgf_cli_usage_error(cmd, "--out needs a directory");
            a->out = v;
        } else if ((m = sgf_cli_option_value(argc, argv, &i, "--ticks", &v)) != 0) {
            if (m < 0 || !sgf_cli_parse_int(v, 1, 100000, &a->ticks))
                return sgf_cli_usage_error(cmd, "--ticks needs a whole number from 1 to 100000");
        } else if ((m = sgf_cli_option_value(argc, argv, &i, "--shard", &v)) != 0) {
            if (m < 0 || !parse_shard(v, &a->shard))
                return sgf_cli_usage_error(cmd,
                                           "--shard needs I/N with 1 <= I <= N, e.g. --shard 2/8 "
                                           "(as $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT)");
        } else {
            return sgf_cli_usage_error(cmd, "unknown option '%s'", arg);
        }
    }
    if (!a->file) return sgf_cli_usage_error(cmd, "needs a %s file", cmd);
#ifndef SGF_WITH_VIEWER
    if (a->plot)
        return sgf_cli_usage_error(cmd, "--plot needs the viewer build (-DSGF_WITH_VIEWER=ON, "
                                        "SDL2); sweep without it and plot the directory with "
                                        "`sgf plot DIR` where the viewer is built");
#endif
    if (a->plot && a->shard.count > 1)
        return sgf_cli_usage_error(cmd, "--plot needs the whole sweep: a shard has no "
                                        "aggregate.csv; plot the merged directory with "
                                        "`sgf plot DIR`");
    return -1;
}

/* `sgf sweep`: the hooks of a plain sweep. */
static sgf_status plain_load(void *user, const char *file, int ticks, const sgf_sweep **sw,
                             sgf_diag *diag)
{
    sgf_sweep **own = user;
    sgf_status st = sgf_sweep_load(file, ticks, own, diag);
    *sw = *own;
    return st;
}

int sgf_cmd_sweep(int argc, char **argv)
{
    sgf_sweep *own = NULL;
    sgf_cli_sweep_hooks h = {.command = "sweep",
                             .help = sgf_cmd_sweep_help,
                             .dir_prefix = "sweep",
                             .user = &own,
                             .load = plain_load};
#ifdef SGF_WITH_VIEWER
    h.plot = sgf_cli_plot_sweep;
#endif
    int code = sgf_cli_sweep_main(argc, argv, &h);
    sgf_sweep_destroy(own);
    return code;
}

int sgf_cli_sweep_main(int argc, char **argv, const sgf_cli_sweep_hooks *h)
{
    sweep_args a;
    memset(&a, 0, sizeof a);
    progress_command = h->command;
    const char *cmd = h->command;
    int code = parse_args(argc, argv, &a, h);
    if (code >= 0) return code;

    bool root = true;
    bool use_mpi = false;
    (void)use_mpi;
#ifdef SGF_WITH_MPI
    int rank = 0, size = 1;
    if (!a.dry_run && sgf_mpi_launched()) {
        if (sgf_mpi_init(&rank, &size) != 0) {
            fprintf(stderr, "sgf %s: cannot start MPI\n", cmd);
            return 1;
        }
        root = rank == 0;
        use_mpi = size > 1;
        if (!use_mpi) sgf_mpi_finalize();
    }
#endif

    const sgf_sweep *sw = NULL;
    sgf_diag diag;
    sgf_status st = h->load(h->user, a.file, a.ticks, &sw, &diag);
    if (st != SGF_OK) {
        if (root) sgf_cli_print_diag(&diag);
        code = sgf_status_exit_code(st);
        goto done;
    }
    if (a.dry_run) {
        if (h->plan) h->plan(h->user, stdout);
        sgf_sweep_write_plan(stdout, sw, a.shard, 10);
        code = 0;
        goto done;
    }

    /* The default directory: out/sweep-NAME, NAME reduced to characters
     * safe in a file name. */
    char name[SGF_NAME_MAX];
    size_t nn = 0;
    for (const char *s = sgf_sweep_name(sw); *s && nn + 1 < sizeof name; s++) {
        char c = *s;
        bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.';
        name[nn++] = safe ? c : '_';
    }
    name[nn] = '\0';
    char dir[4096];
    if (a.out)
        snprintf(dir, sizeof dir, "%s", a.out);
    else if (a.shard.count > 1)
        snprintf(dir, sizeof dir, "out/%s-%s/shard-%llu", h->dir_prefix, name,
                 (unsigned long long)a.shard.index);
    else
        snprintf(dir, sizeof dir, "out/%s-%s", h->dir_prefix, name);

    char err[1024] = "";
    series_ctx sctx;
    snprintf(sctx.dir, sizeof sctx.dir, "%s/series", dir);
    sgf_sweep_series series = {&sctx, series_open, series_tick, series_close};

    /* Ctrl-C or a scheduler's SIGTERM: finish the runs in flight, record
     * them, and leave the rest to --resume. */
    struct sigaction sact;
    memset(&sact, 0, sizeof sact);
    sact.sa_handler = on_signal;
    sigemptyset(&sact.sa_mask);
    sigaction(SIGINT, &sact, NULL);
    sigaction(SIGTERM, &sact, NULL);
    signal(SIGXFSZ, SIG_IGN);

    progress prog = {.tty = isatty(2) != 0, .quiet = a.quiet};
    sgf_sweep_exec x = {.dir = dir,
                        .threads = a.threads,
                        .resume = a.resume,
                        .shard = a.shard,
                        .series = a.series ? &series : NULL,
                        .progress = on_progress,
                        .progress_user = &prog,
                        .stop = &stop_flag};
    sgf_sweep_outcome out;
    double t0 = now_seconds();
#ifdef SGF_WITH_MPI
    if (use_mpi)
        st = sgf_sweep_mpi_execute(sw, &x, &out, err, sizeof err);
    else
#endif
        st = sgf_sweep_execute(sw, &x, &out, err, sizeof err);
    double elapsed = now_seconds() - t0;
    if (!root) {
        code = st == SGF_OK ? 0 : 1;
        goto done;
    }
    if (st != SGF_OK) {
        if (prog.drawn) fprintf(stderr, "\n");
        fprintf(stderr, "sgf %s: %s\n", cmd, err[0] ? err : sgf_status_message(st));
        if (st != SGF_ERR_EXISTS && st != SGF_ERR_USAGE)
            fprintf(stderr,
                    "sgf %s: the runs recorded so far stay in %s/runs.csv; continue with "
                    "--resume\n",
                    cmd, dir);
        code = sgf_status_exit_code(st);
        goto done;
    }
    if (out.interrupted) {
        if (prog.drawn) fprintf(stderr, "\n");
        fprintf(stderr, "sgf %s: interrupted after %llu of %llu runs; continue with:\n  ", cmd,
                (unsigned long long)(out.done_before + out.ran), (unsigned long long)out.total);
        print_resume_command(stderr, &a, dir, cmd);
        code = 1;
        goto done;
    }
    if (out.total == 0 && !a.quiet)
        fprintf(stderr,
                "sgf sweep: shard %llu/%llu has no runs: the sweep has %llu, fewer than its %llu "
                "shards; %s/runs.csv holds only the header (`sgf merge` takes it as it is)\n",
                (unsigned long long)a.shard.index, (unsigned long long)a.shard.count,
                (unsigned long long)sgf_sweep_run_count(sw), (unsigned long long)a.shard.count,
                dir);
    if (!a.quiet) {
        double rate = elapsed > 0 ? (double)out.ran / elapsed : 0;
        printf("sgf %s: %s: %llu runs", cmd, sgf_sweep_name(sw), (unsigned long long)out.total);
        if (a.shard.count > 1)
            printf(" (shard %llu/%llu of %llu)", (unsigned long long)a.shard.index,
                   (unsigned long long)a.shard.count, (unsigned long long)sgf_sweep_run_count(sw));
        printf(", %llu run now in %.1f s (%.1f runs/s)", (unsigned long long)out.ran, elapsed,
               rate);
        if (out.done_before) printf(", %llu done before", (unsigned long long)out.done_before);
        printf("\n  failed  %llu%s\n", (unsigned long long)out.collected.runs_failed,
               out.collected.runs_failed ? " (see status and message in runs.csv)" : "");
        if (a.shard.count > 1)
            printf("  files   %s/runs.csv (join the shards with `sgf merge`)\n", dir);
        else
            printf("  files   %s/runs.csv, aggregate.csv (%llu points)%s\n", dir,
                   (unsigned long long)out.collected.points, a.series ? ", series/" : "");
        fflush(stdout);
    }
    code = 0;
    /* A whole sweep's analysis (a shard waits for the merge). */
    if (h->finish && a.shard.count <= 1) code = h->finish(h->user, dir, a.quiet);
    /* The files are complete; a figure that cannot be drawn fails the
     * command, and `sgf plot DIR` can draw them again. */
    if (code == 0 && a.plot && h->plot) code = h->plot(dir, a.quiet);
done:
#ifdef SGF_WITH_MPI
    if (use_mpi) sgf_mpi_finalize();
#endif
    return code;
}
