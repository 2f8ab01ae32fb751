/* test_sweep.c: `sgf sweep` and `sgf merge` (sim/explore/sweep.c, sim/cli/cmd_sweep.c).
 *
 * The design is tested through the library (no simulation): factorial
 * enumeration, Latin hypercube strata, one-at-a-time points, the run order
 * (a bijection onto (point, replicate) that covers every point in each
 * replicate) and shard sizes. The command is tested as a user runs it
 * ($SGF_BIN in a temporary directory): the same runs.csv and aggregate.csv
 * for -j 1, -j 2, two and three shards merged and a merge that spills its
 * sort to disk; resume after SIGKILL mid-sweep (with a torn last line)
 * gives the bytes of an uninterrupted sweep; failed runs are recorded and
 * the sweep goes on; --series writes gzip files; every class of sweep-file
 * error names the file and line and writes nothing; --dry-run prints the
 * plan, and every example in scenarios/sweeps/ passes it.
 * Runs are short (26 weeks) so the file takes seconds even under ASan.
 */
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "sgf/sgf.h"
#include "sgf/sgf_sweep.h"

/* ---- helpers ------------------------------------------------------------------------- */

static const char *sgf_bin(void)
{
    const char *bin = getenv("SGF_BIN");
    if (!bin || !*bin) {
        fprintf(stderr, "SGF_BIN is not set: run this test through ctest\n");
        exit(1);
    }
    return bin;
}

static char *make_temp_dir(void)
{
    char *dir = malloc(64);
    snprintf(dir, 64, "/tmp/sgf-test-sweep-XXXXXX");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        exit(1);
    }
    return dir;
}

static void remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0) return;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        if (d) {
            struct dirent *e;
            while ((e = readdir(d)) != NULL) {
                if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
                char sub[2048];
                snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
                remove_tree(sub);
            }
            closedir(d);
        }
        rmdir(path);
    } else {
        unlink(path);
    }
}

static char *read_path(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 4096, n = 0, got;
    char *buf = malloc(cap);
    while ((got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (cap - n < 2) buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    buf[n] = '\0';
    if (len) *len = n;
    return buf;
}

static char *read_in(const char *dir, const char *name)
{
    char path[2048];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return read_path(path, NULL);
}

static bool exists_in(const char *dir, const char *name)
{
    char path[2048];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return stat(path, &st) == 0;
}

static void write_in(const char *dir, const char *name, const char *text)
{
    char path[2048];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f) {
        perror(path);
        exit(1);
    }
    fputs(text, f);
    fclose(f);
}

static int count_lines(const char *text)
{
    int n = 0;
    for (const char *s = text; s && *s; s++) n += *s == '\n';
    return n;
}

/* Same bytes in two directories' files; false (and a message) otherwise. */
static bool same_file(const char *a, const char *b, const char *name)
{
    char *x = read_in(a, name), *y = read_in(b, name);
    bool same = x && y && strcmp(x, y) == 0;
    if (!same)
        fprintf(stderr, "    %s/%s and %s/%s differ%s\n", a, name, b, name,
                !x || !y ? " (one is missing)" : "");
    free(x);
    free(y);
    return same;
}

typedef struct result {
    int code; /* exit status, or -1 if it did not exit normally */
    char *out, *err;
} result;

static void result_free(result *r)
{
    free(r->out);
    free(r->err);
    r->out = r->err = NULL;
}

/* Starts `sgf ARGS...` in dir with stdout and stderr to files beside dir. */
static pid_t spawn_sgf(const char *dir, const char *const *args, const char *out_path,
                       const char *err_path)
{
    const char *argv[64];
    int argc = 0;
    argv[argc++] = sgf_bin();
    for (; args[argc - 1] && argc < 63; argc++) argv[argc] = args[argc - 1];
    argv[argc] = NULL;
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        int fo = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int fe = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int fi = open("/dev/null", O_RDONLY);
        if (fo < 0 || fe < 0 || fi < 0 || chdir(dir) != 0) _exit(127);
        dup2(fi, 0);
        dup2(fo, 1);
        dup2(fe, 2);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    return pid;
}

static result run_sgf_v(const char *dir, const char *const *args)
{
    result r = {-1, NULL, NULL};
    char out_path[1100], err_path[1100];
    snprintf(out_path, sizeof out_path, "%s.stdout", dir);
    snprintf(err_path, sizeof err_path, "%s.stderr", dir);
    pid_t pid = spawn_sgf(dir, args, out_path, err_path);
    if (pid < 0) return r;
    int status = 0;
    if (waitpid(pid, &status, 0) == pid && WIFEXITED(status)) r.code = WEXITSTATUS(status);
    r.out = read_path(out_path, NULL);
    r.err = read_path(err_path, NULL);
    if (!r.out) r.out = calloc(1, 1);
    if (!r.err) r.err = calloc(1, 1);
    unlink(out_path);
    unlink(err_path);
    return r;
}

#define run_sgf(dir, ...) run_sgf_v((dir), (const char *const[]){__VA_ARGS__, NULL})

/* Runs and expects exit 0, printing stderr otherwise. */
#define RUN_OK(dir, ...)                                                                           \
    do {                                                                                           \
        result r_ = run_sgf((dir), __VA_ARGS__);                                                   \
        CHECK_MSG(r_.code == 0, "exit %d: %s", r_.code, r_.err);                                   \
        result_free(&r_);                                                                          \
    } while (0)

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* A small factorial: 3 x 2 points, 3 replications, 18 runs of 26 weeks. */
static const char small_sweep[] =
    "name = \"small\";\n"
    "base = \"default\";\n"
    "seed = 5;\n"
    "replications = 3;\n"
    "set = [\"ticks=26\"];\n"
    "vary = (\n"
    "  { path = \"firm.capabilities.interface_competence\"; values = [0.2, 0.5, 0.8]; },\n"
    "  { path = \"firm.management.preset\"; values = [\"orchestrator\", \"controller\"]; }\n"
    ");\n"
    "metrics = [\"revenue_total_eur\", \"partners_final\", \"mean_trust\", \"failed\"];\n";

static sgf_sweep *load_text(const char *dir, const char *name, const char *text, sgf_diag *diag)
{
    write_in(dir, name, text);
    char path[2048];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    sgf_sweep *sw = NULL;
    sgf_diag d;
    if (sgf_sweep_load(path, 0, &sw, diag ? diag : &d) != SGF_OK) return NULL;
    return sw;
}

/* ---- the design, through the library ---------------------------------------------- */

TEST(factorial_enumerates_and_interleaves)
{
    char *dir = make_temp_dir();
    sgf_sweep *sw = load_text(dir, "small.cfg", small_sweep, NULL);
    CHECK(sw != NULL);
    if (sw) {
        CHECK_EQ_INT(sgf_sweep_point_count(sw), 6);
        CHECK_EQ_INT(sgf_sweep_run_count(sw), 18);
        CHECK_EQ_INT(sgf_sweep_param_count(sw), 2);
        CHECK_EQ_INT(sgf_sweep_metric_count(sw), 4);
        /* Last setting fastest, in file order. */
        const char *expect[6][2] = {{"0.2", "orchestrator"}, {"0.2", "controller"},
                                    {"0.5", "orchestrator"}, {"0.5", "controller"},
                                    {"0.8", "orchestrator"}, {"0.8", "controller"}};
        for (int p = 0; p < 6; p++)
            for (int j = 0; j < 2; j++) {
                char buf[64];
                CHECK_STR(sgf_sweep_point_value(sw, (uint64_t)p, j, buf, sizeof buf), expect[p][j]);
            }
        /* Run k -> (point, replicate) is a bijection, replicate-major, and
         * each replicate's runs cover every point. */
        int seen[6][3] = {{0}};
        for (uint64_t k = 0; k < 18; k++) {
            uint64_t p, r;
            sgf_sweep_run_place(sw, k, &p, &r);
            CHECK(p < 6 && r < 3);
            if (p < 6 && r < 3) seen[p][r]++;
            CHECK_EQ_INT(r, k / 6);
            CHECK_EQ_INT(sgf_sweep_run_index(sw, k), k);
        }
        for (int p = 0; p < 6; p++)
            for (int r = 0; r < 3; r++) CHECK_EQ_INT(seen[p][r], 1);
        /* The order is not the identity (points are interleaved). */
        bool identity = true;
        for (uint64_t k = 0; k < 6; k++) {
            uint64_t p, r;
            sgf_sweep_run_place(sw, k, &p, &r);
            identity = identity && p == k;
        }
        CHECK(!identity);
        /* Shards partition the runs. */
        uint64_t total = 0;
        for (uint64_t i = 1; i <= 4; i++)
            total += sgf_sweep_shard_runs(sw, (sgf_sweep_shard){i, 4});
        CHECK_EQ_INT(total, 18);
        /* Run k's definition: its point's values, the master seed, run_index k. */
        sgf_world_def def;
        sgf_diag diag;
        uint64_t p, r;
        sgf_sweep_run_place(sw, 7, &p, &r);
        CHECK_EQ_INT(sgf_sweep_run_def(sw, 7, &def, &diag), SGF_OK);
        CHECK_EQ_U64(def.seed, 5);
        CHECK_EQ_U64(def.run_index, 7);
        CHECK_EQ_INT(def.ticks, 26);
        char buf[64];
        CHECK_NEAR(def.firm.capabilities.interface_competence,
                   strtod(sgf_sweep_point_value(sw, p, 0, buf, sizeof buf), NULL), 0);
        sgf_world_def_free(&def);
    }
    sgf_sweep_destroy(sw);
    remove_tree(dir);
    free(dir);
}

TEST(latin_hypercube_uses_every_stratum_once)
{
    char *dir = make_temp_dir();
    sgf_sweep *sw =
        load_text(dir, "lhs.cfg",
                  "base = \"default\";\n"
                  "design = \"latin_hypercube\";\n"
                  "points = 25;\n"
                  "vary = (\n"
                  "  { path = \"firm.capabilities.flexibility\"; from = 0.2; to = 0.7; },\n"
                  "  { path = \"firm.management.attention_hours_per_week\"; from = 10.0; to = "
                  "1000.0; scale = \"log\"; },\n"
                  "  { path = \"firm.supply.shipping_delay_weeks\"; from = 1; to = 5; },\n"
                  "  { path = \"firm.management.response\"; values = [\"warn\", \"sanction\", "
                  "\"replace\", \"warn2\"]; }\n"
                  ");\n",
                  NULL);
    /* "warn2" is not a response: the file is rejected. */
    CHECK(sw == NULL);
    sw = load_text(
        dir, "lhs.cfg",
        "base = \"default\";\n"
        "design = \"latin_hypercube\";\n"
        "points = 25;\n"
        "replications = 2;\n"
        "common_random_numbers = true;\n"
        "vary = (\n"
        "  { path = \"firm.capabilities.flexibility\"; from = 0.2; to = 0.7; },\n"
        "  { path = \"firm.management.attention_hours_per_week\"; from = 10.0; to = 1000.0; "
        "scale = \"log\"; },\n"
        "  { path = \"firm.supply.shipping_delay_weeks\"; from = 1; to = 5; },\n"
        "  { path = \"firm.management.response\"; values = [\"warn\", \"sanction\", "
        "\"replace\"]; }\n"
        ");\n",
        NULL);
    CHECK(sw != NULL);
    if (sw) {
        CHECK_EQ_INT(sgf_sweep_point_count(sw), 25);
        CHECK_EQ_INT(sgf_sweep_run_count(sw), 50);
        int strata[25] = {0}, log_strata[25] = {0}, ints[6] = {0}, resp[3] = {0};
        for (uint64_t p = 0; p < 25; p++) {
            char buf[64];
            double v = strtod(sgf_sweep_point_value(sw, p, 0, buf, sizeof buf), NULL);
            int s = (int)((v - 0.2) / 0.5 * 25);
            CHECK(s >= 0 && s < 25);
            if (s >= 0 && s < 25) strata[s]++;
            double h = strtod(sgf_sweep_point_value(sw, p, 1, buf, sizeof buf), NULL);
            int ls = (int)(log10(h / 10.0) / 2.0 * 25);
            CHECK(ls >= 0 && ls < 25);
            if (ls >= 0 && ls < 25) log_strata[ls]++;
            const char *t = sgf_sweep_point_value(sw, p, 2, buf, sizeof buf);
            CHECK(strchr(t, '.') == NULL); /* whole weeks */
            int w = atoi(t);
            CHECK(w >= 1 && w <= 5);
            if (w >= 1 && w <= 5) ints[w]++;
            t = sgf_sweep_point_value(sw, p, 3, buf, sizeof buf);
            resp[strcmp(t, "warn") == 0 ? 0 : strcmp(t, "sanction") == 0 ? 1 : 2]++;
        }
        for (int s = 0; s < 25; s++) {
            CHECK_EQ_INT(strata[s], 1);
            CHECK_EQ_INT(log_strata[s], 1);
        }
        for (int w = 1; w <= 5; w++) CHECK_EQ_INT(ints[w], 5);
        for (int k = 0; k < 3; k++) CHECK(resp[k] >= 8 && resp[k] <= 9);
        /* Common random numbers: run_index is the replicate. */
        CHECK_EQ_INT(sgf_sweep_run_index(sw, 30), 1);
        /* The same file gives the same points. */
        char *text = read_in(dir, "lhs.cfg");
        sgf_sweep *again = load_text(dir, "lhs2.cfg", text, NULL);
        free(text);
        CHECK(again != NULL);
        for (uint64_t p = 0; again && p < 25; p++)
            for (int j = 0; j < 4; j++) {
                char a[64], b[64];
                CHECK_STR(sgf_sweep_point_value(sw, p, j, a, sizeof a),
                          sgf_sweep_point_value(again, p, j, b, sizeof b));
            }
        if (again) CHECK_EQ_U64(sgf_sweep_fingerprint(again), sgf_sweep_fingerprint(sw));
        sgf_sweep_destroy(again);
    }
    sgf_sweep_destroy(sw);
    remove_tree(dir);
    free(dir);
}

TEST(one_at_a_time_moves_one_setting)
{
    char *dir = make_temp_dir();
    sgf_sweep *sw = load_text(dir, "oat.cfg",
                              "base = \"default\";\n"
                              "design = \"one_at_a_time\";\n"
                              "vary = (\n"
                              "  { path = \"firm.incentives.stick\"; values = [0.0, 0.5]; },\n"
                              "  { path = \"firm.incentives.training_eur_per_week\"; from = 250.0; "
                              "to = 4000.0; steps = 5; scale = \"log\"; }\n"
                              ");\n",
                              NULL);
    CHECK(sw != NULL);
    if (sw) {
        CHECK_EQ_INT(sgf_sweep_point_count(sw), 1 + 2 + 5);
        const sgf_world_def *base = sgf_sweep_base(sw);
        char b0[64], b1[64], buf[64];
        snprintf(b0, sizeof b0, "%g", base->firm.incentives.stick);
        snprintf(b1, sizeof b1, "%g", base->firm.incentives.training_eur_per_week);
        CHECK_STR(sgf_sweep_point_value(sw, 0, 0, buf, sizeof buf), b0);
        CHECK_STR(sgf_sweep_point_value(sw, 0, 1, buf, sizeof buf), b1);
        CHECK_STR(sgf_sweep_point_value(sw, 2, 0, buf, sizeof buf), "0.5");
        CHECK_STR(sgf_sweep_point_value(sw, 2, 1, buf, sizeof buf), b1);
        const char *steps[5] = {"250", "500", "1000", "2000", "4000"};
        for (int k = 0; k < 5; k++) {
            CHECK_STR(sgf_sweep_point_value(sw, (uint64_t)(3 + k), 1, buf, sizeof buf), steps[k]);
            CHECK_STR(sgf_sweep_point_value(sw, (uint64_t)(3 + k), 0, buf, sizeof buf), b0);
        }
    }
    sgf_sweep_destroy(sw);
    remove_tree(dir);
    free(dir);
}

/* ---- the command --------------------------------------------------------------------- */

TEST(threads_and_shards_give_identical_files)
{
    char *dir = make_temp_dir();
    write_in(dir, "small.cfg", small_sweep);
    RUN_OK(dir, "sweep", "small.cfg", "-j", "1", "--out", "j1", "--quiet");
    RUN_OK(dir, "sweep", "small.cfg", "-j", "2", "--out", "j2", "--quiet");
    RUN_OK(dir, "sweep", "small.cfg", "-j2", "--shard", "1/2", "--out", "s/a", "--quiet");
    RUN_OK(dir, "sweep", "small.cfg", "-j1", "--shard", "2/2", "--out", "s/b", "--quiet");
    RUN_OK(dir, "merge", "s/a", "s/b", "--out", "m2", "--quiet");
    for (int i = 1; i <= 3; i++) {
        char shard[16], out[32];
        snprintf(shard, sizeof shard, "%d/3", i);
        snprintf(out, sizeof out, "t/%d", i);
        RUN_OK(dir, "sweep", "small.cfg", "--shard", shard, "--out", out, "--quiet");
    }
    /* A merge into one of its inputs, in another order. */
    RUN_OK(dir, "merge", "t/3", "t/1", "t/2", "--out", "t/1", "--quiet");
    char j1[1100], j2[1100], m2[1100], m3[1100];
    snprintf(j1, sizeof j1, "%s/j1", dir);
    snprintf(j2, sizeof j2, "%s/j2", dir);
    snprintf(m2, sizeof m2, "%s/m2", dir);
    snprintf(m3, sizeof m3, "%s/t/1", dir);
    const char *files[] = {"runs.csv", "aggregate.csv", "sweep.json"};
    for (int f = 0; f < 3; f++) {
        CHECK(same_file(j1, j2, files[f]));
        CHECK(same_file(j1, m2, files[f]));
        CHECK(same_file(j1, m3, files[f]));
    }
    /* A shard has its rows sorted, no aggregate, and a shard line. */
    char sa[1100];
    snprintf(sa, sizeof sa, "%s/s/a", dir);
    CHECK(!exists_in(sa, "aggregate.csv"));
    char *shard_json = read_in(sa, "sweep.json");
    CHECK_CONTAINS(shard_json, "\"shard\": \"1/2\"");
    free(shard_json);
    char *runs = read_in(sa, "runs.csv");
    CHECK_EQ_INT(count_lines(runs), 1 + 9);
    free(runs);

    /* The files' shape. */
    runs = read_in(j1, "runs.csv");
    CHECK_EQ_INT(count_lines(runs), 1 + 18);
    CHECK(runs &&
          strncmp(runs,
                  "run,point,replicate,seed,run_index,firm.capabilities.interface_competence,"
                  "firm.management.preset,status,message,revenue_total_eur,partners_final,"
                  "mean_trust,failed\n0,",
                  strlen("run,point,replicate,seed,run_index,firm.capabilities.interface_"
                         "competence,firm.management.preset,status,message,revenue_total_"
                         "eur,partners_final,mean_trust,failed\n0,")) == 0);
    CHECK_CONTAINS(runs, "\n17,");
    free(runs);
    char *agg = read_in(j1, "aggregate.csv");
    CHECK_EQ_INT(count_lines(agg), 1 + 6);
    CHECK_CONTAINS(agg, "point,firm.capabilities.interface_competence,firm.management.preset,runs,"
                        "ok,revenue_total_eur_mean,revenue_total_eur_sd,revenue_total_eur_ci_low,"
                        "revenue_total_eur_ci_high,");
    CHECK_CONTAINS(agg, "\n0,0.2,orchestrator,3,3,");
    CHECK_CONTAINS(agg, "\n5,0.8,controller,3,3,");
    free(agg);

    /* A row is reproduced by `sgf run` with the seed, run_index and values. */
    runs = read_in(j1, "runs.csv");
    const char *row7 = runs ? strstr(runs, "\n7,") : NULL;
    CHECK(row7 != NULL);
    if (row7) {
        char line[1024], *f[16];
        int n = 0;
        snprintf(line, sizeof line, "%.*s", (int)(strchr(row7 + 1, '\n') - row7 - 1), row7 + 1);
        for (char *t = strtok(line, ","); t && n < 16; t = strtok(NULL, ",")) f[n++] = t;
        CHECK_EQ_INT(n, 12); /* the empty message is skipped by strtok */
        if (n == 12) {
            char seed[64], idx[64], v1[128], v2[128];
            snprintf(seed, sizeof seed, "%s", f[3]);
            snprintf(idx, sizeof idx, "run_index=%s", f[4]);
            snprintf(v1, sizeof v1, "firm.capabilities.interface_competence=%s", f[5]);
            snprintf(v2, sizeof v2, "firm.management.preset=%s", f[6]);
            RUN_OK(dir, "run", "--seed", seed, "--set", idx, "--set", "ticks=26", "--set", v1,
                   "--set", v2, "--out", "r7", "--quiet");
            char *sum = read_in(dir, "r7/summary.csv");
            /* summary.csv: header, then values; revenue_total_eur is column 5
             * (after scenario, seed, run and ticks_run). */
            const char *vals = sum ? strchr(sum, '\n') : NULL;
            CHECK(vals != NULL);
            if (vals) {
                char rev[64] = "";
                sscanf(vals + 1, "%*[^,],%*[^,],%*[^,],%*[^,],%63[^,]", rev);
                CHECK_STR(rev, f[8]);
            }
            free(sum);
        }
    }
    free(runs);

    /* A sort that spills to disk gives the same merge. */
    setenv("SGF_SWEEP_SORT_BYTES", "300", 1);
    RUN_OK(dir, "merge", "s/b", "s/a", "--out", "m4", "--quiet");
    unsetenv("SGF_SWEEP_SORT_BYTES");
    char m4[1100];
    snprintf(m4, sizeof m4, "%s/m4", dir);
    for (int f = 0; f < 3; f++) CHECK(same_file(j1, m4, files[f]));
    remove_tree(dir);
    free(dir);
}

TEST(merge_refuses_missing_runs_and_other_sweeps)
{
    char *dir = make_temp_dir();
    write_in(dir, "small.cfg", small_sweep);
    RUN_OK(dir, "sweep", "small.cfg", "--shard", "1/2", "--out", "a", "--quiet");
    result r = run_sgf(dir, "merge", "a", "--out", "m");
    CHECK_EQ_INT(r.code, 2);
    CHECK_CONTAINS(r.err, "9 of 18 runs are missing");
    CHECK(!exists_in(dir, "m/runs.csv"));
    result_free(&r);
    RUN_OK(dir, "merge", "a", "--out", "m", "--partial", "--quiet");
    char *runs = read_in(dir, "m/runs.csv");
    CHECK_EQ_INT(count_lines(runs), 1 + 9);
    free(runs);
    /* Another sweep (other horizon) does not merge. */
    RUN_OK(dir, "sweep", "small.cfg", "--shard", "2/2", "--ticks", "13", "--out", "b", "--quiet");
    r = run_sgf(dir, "merge", "a", "b", "--out", "m2");
    CHECK_EQ_INT(r.code, 2);
    CHECK_CONTAINS(r.err, "different sweeps");
    result_free(&r);
    r = run_sgf(dir, "merge", "a");
    CHECK_EQ_INT(r.code, 2);
    result_free(&r);
    remove_tree(dir);
    free(dir);
}

/* Lines in dir/runs.csv, or -1. */
static int runs_lines(const char *dir)
{
    char *t = read_in(dir, "runs.csv");
    int n = t ? count_lines(t) : -1;
    free(t);
    return n;
}

TEST(resume_after_sigkill_gives_the_same_bytes)
{
    char *dir = make_temp_dir();
    /* 40 runs of two years: long enough to kill in the middle. */
    write_in(dir, "k.cfg",
             "base = \"default\";\n"
             "seed = 3;\n"
             "replications = 4;\n"
             "set = [\"ticks=104\"];\n"
             "vary = ( { path = \"firm.capabilities.flexibility\"; from = 0.1; to = 0.9; steps = "
             "10; } );\n"
             "metrics = [\"revenue_total_eur\", \"partners_final\", \"mean_trust\"];\n");
    char kdir[1100], out_path[1200], err_path[1200];
    snprintf(kdir, sizeof kdir, "%s/killed", dir);
    snprintf(out_path, sizeof out_path, "%s.k.stdout", dir);
    snprintf(err_path, sizeof err_path, "%s.k.stderr", dir);
    bool killed_mid = false;
    for (int attempt = 0; attempt < 3 && !killed_mid; attempt++) {
        remove_tree(kdir);
        pid_t pid = spawn_sgf(
            dir,
            (const char *const[]){"sweep", "k.cfg", "-j", "2", "--out", "killed", "--quiet", NULL},
            out_path, err_path);
        CHECK(pid > 0);
        for (int i = 0; i < 20000 && runs_lines(kdir) < 1 + 3; i++) sleep_ms(1);
        kill(pid, SIGKILL);
        int status = 0;
        waitpid(pid, &status, 0);
        CHECK(WIFSIGNALED(status));
        int lines = runs_lines(kdir);
        killed_mid = lines >= 1 + 3 && lines < 1 + 40 && !exists_in(kdir, "aggregate.csv");
    }
    unlink(out_path);
    unlink(err_path);
    CHECK_MSG(killed_mid, "could not kill the sweep in the middle");
    /* A torn last line, as a kill during a write would leave. */
    char path[1200];
    snprintf(path, sizeof path, "%s/runs.csv", kdir);
    FILE *f = fopen(path, "ab");
    if (f) {
        fputs("39,7,3,3,39,0.7,o", f);
        fclose(f);
    }
    /* Without --resume the directory is not touched. */
    result r = run_sgf(dir, "sweep", "k.cfg", "--out", "killed");
    CHECK_EQ_INT(r.code, 2);
    CHECK_CONTAINS(r.err, "--resume");
    result_free(&r);
    r = run_sgf(dir, "sweep", "k.cfg", "--out", "killed", "--resume", "-j", "2");
    CHECK_MSG(r.code == 0, "exit %d: %s", r.code, r.err);
    CHECK_CONTAINS(r.out, "done before");
    result_free(&r);
    RUN_OK(dir, "sweep", "k.cfg", "--out", "whole", "-j", "1", "--quiet");
    char whole[1100];
    snprintf(whole, sizeof whole, "%s/whole", dir);
    CHECK(same_file(kdir, whole, "runs.csv"));
    CHECK(same_file(kdir, whole, "aggregate.csv"));
    CHECK_EQ_INT(runs_lines(kdir), 1 + 40);
    /* Resuming a finished sweep runs nothing and changes nothing. */
    r = run_sgf(dir, "sweep", "k.cfg", "--out", "killed", "--resume");
    CHECK_EQ_INT(r.code, 0);
    CHECK_CONTAINS(r.out, "0 run now");
    result_free(&r);
    CHECK(same_file(kdir, whole, "runs.csv"));
    /* Another sweep in the same directory is refused. */
    r = run_sgf(dir, "sweep", "k.cfg", "--out", "killed", "--resume", "--ticks", "10");
    CHECK_EQ_INT(r.code, 2);
    CHECK_CONTAINS(r.err, "holds another sweep");
    result_free(&r);
    remove_tree(dir);
    free(dir);
}

TEST(failed_runs_are_recorded_and_the_sweep_goes_on)
{
    char *dir = make_temp_dir();
    /* Each value is valid alone; min 30 with max 28 is not. */
    write_in(dir, "f.cfg",
             "base = \"default\";\n"
             "set = [\"ticks=13\"];\n"
             "vary = (\n"
             "  { path = \"params.search_weeks_min\"; values = [20.0, 30.0]; },\n"
             "  { path = \"params.search_weeks_max\"; values = [28.0, 40.0]; }\n"
             ");\n"
             "metrics = [\"partners_final\"];\n");
    result r = run_sgf(dir, "sweep", "f.cfg", "--out", "o");
    CHECK_MSG(r.code == 0, "exit %d: %s", r.code, r.err);
    CHECK_CONTAINS(r.out, "failed  1");
    result_free(&r);
    char *runs = read_in(dir, "o/runs.csv");
    CHECK_CONTAINS(runs, ",30,28,invalid,setting 'params.search_weeks_max': search_weeks_max 28 is "
                         "below search_weeks_min 30,\n");
    CHECK_EQ_INT(count_lines(runs), 5);
    free(runs);
    char *agg = read_in(dir, "o/aggregate.csv");
    CHECK_CONTAINS(agg, ",30,28,1,0,NaN,NaN,NaN,NaN\n");
    free(agg);
    remove_tree(dir);
    free(dir);
}

TEST(series_are_gzip_files)
{
    char *dir = make_temp_dir();
    write_in(dir, "s.cfg",
             "base = \"default\";\n"
             "set = [\"ticks=13\"];\n"
             "vary = ( { path = \"firm.incentives.stick\"; values = [0.0, 0.5]; } );\n"
             "replications = 2;\n");
    RUN_OK(dir, "sweep", "s.cfg", "--out", "o", "--series", "--quiet");
    for (int k = 0; k < 4; k++) {
        char name[64];
        snprintf(name, sizeof name, "o/series/run_%d.csv.gz", k);
        char *gz = NULL;
        size_t len = 0;
        char path[1200];
        snprintf(path, sizeof path, "%s/%s", dir, name);
        gz = read_path(path, &len);
        CHECK_MSG(gz && len > 20 && (unsigned char)gz[0] == 0x1f && (unsigned char)gz[1] == 0x8b,
                  "%s is not a gzip file", name);
        free(gz);
    }
    /* Decompressed (when gzip is at hand): the columns of timeseries.csv, a row a week. */
    char cmd[1400];
    snprintf(cmd, sizeof cmd, "gzip -dc %s/o/series/run_3.csv.gz 2>/dev/null", dir);
    FILE *p = popen(cmd, "r");
    if (p) {
        char line[8192];
        int rows = 0;
        bool header_ok = fgets(line, sizeof line, p) && strncmp(line, "tick,year,", 10) == 0;
        while (fgets(line, sizeof line, p)) rows++;
        int rc = pclose(p);
        if (rc == 0) {
            CHECK(header_ok);
            CHECK_EQ_INT(rows, 13);
        }
    }
    remove_tree(dir);
    free(dir);
}

typedef struct bad_case {
    const char *name, *text, *expect; /* expect: "name.cfg:LINE: setting 'PATH'" and more */
} bad_case;

TEST(sweep_file_errors_name_file_line_and_setting)
{
    static const bad_case cases[] = {
        {"syntax", "base = \"default\";\nvary = ( { path = ; } );\n", "syntax.cfg:2: syntax error"},
        {"unknown", "base = \"default\";\nvarry = ();\n",
         "unknown.cfg:2: setting 'varry': unknown setting 'varry' in a sweep file; did you mean "
         "'vary'?"},
        {"missing_base", "vary = ( { path = \"ticks\"; values = [10]; } );\n",
         "missing_base.cfg:1: setting 'base': missing"},
        {"missing_vary", "base = \"default\";\n", "missing_vary.cfg:1: setting 'vary': missing"},
        {"empty_vary", "base = \"default\";\n\nvary = ();\n",
         "empty_vary.cfg:3: setting 'vary': nothing varies"},
        {"wrong_type",
         "base = \"default\";\nreplications = \"three\";\nvary = ( { path = \"ticks\"; values = "
         "[10]; } );\n",
         "wrong_type.cfg:2: setting 'replications': wrong type: expected an integer, got a string"},
        {"out_of_range",
         "base = \"default\";\nreplications = 0;\nvary = ( { path = \"ticks\"; values = [10]; } "
         ");\n",
         "out_of_range.cfg:2: setting 'replications': 0 is out of range"},
        {"design",
         "base = \"default\";\ndesign = \"factorail\";\nvary = ( { path = \"ticks\"; values = "
         "[10]; } );\n",
         "design.cfg:2: setting 'design': unknown design 'factorail'"},
        {"bad_path",
         "base = \"default\";\nvary = (\n  { path = \"firm.capabilities.flexibilty\"; values = "
         "[0.5]; }\n);\n",
         "bad_path.cfg:3: setting 'firm.capabilities.flexibilty': unknown setting 'flexibilty' in "
         "firm.capabilities; did you mean 'flexibility'?"},
        {"bad_value",
         "base = \"default\";\nvary = (\n  { path = \"firm.capabilities.flexibility\";\n"
         "    values = [0.5,\n              1.5]; }\n);\n",
         "bad_value.cfg:5: setting 'firm.capabilities.flexibility': value 1.5 is out of range [0, "
         "1]"},
        {"bad_enum",
         "base = \"default\";\nvary = (\n  { path = \"firm.management.preset\"; values = "
         "[\"boss\"]; }\n);\n",
         "bad_enum.cfg:3: setting 'firm.management.preset': unknown preset 'boss'"},
        {"bad_range_end",
         "base = \"default\";\nvary = (\n  { path = \"firm.capabilities.flexibility\";\n"
         "    from = 0.5;\n    to = 2.0; steps = 3; }\n);\n",
         "bad_range_end.cfg:5: setting 'firm.capabilities.flexibility': value 2 is out of range"},
        {"both",
         "base = \"default\";\nvary = (\n  { path = \"ticks\"; values = [10]; from = 1; to = 3; "
         "steps = 2; }\n);\n",
         "both.cfg:3: setting 'vary.[0].from': give either values"},
        {"no_steps",
         "base = \"default\";\nvary = (\n  { path = \"firm.capabilities.flexibility\"; from = 0.1; "
         "to = 0.9; }\n);\n",
         "no_steps.cfg:3: setting 'vary.[0]': a range needs 'steps'"},
        {"log_zero",
         "base = \"default\";\nvary = (\n  { path = \"firm.capabilities.flexibility\"; from = 0.0; "
         "to = 0.9; steps = 3; scale = \"log\"; }\n);\n",
         "log_zero.cfg:3: setting 'vary.[0].from': a logarithmic range needs"},
        {"scale",
         "base = \"default\";\nvary = (\n  { path = \"firm.capabilities.flexibility\"; from = 0.1; "
         "to = 0.9; steps = 3; scale = \"exp\"; }\n);\n",
         "scale.cfg:3: setting 'vary.[0].scale': unknown scale 'exp'"},
        {"range_of_names",
         "base = \"default\";\nvary = (\n  { path = \"firm.management.preset\"; from = 0; to = 3; "
         "steps = 2; }\n);\n",
         "range_of_names.cfg:3: setting 'vary.[0]': 'firm.management.preset' is not a number"},
        {"twice",
         "base = \"default\";\nvary = (\n  { path = \"ticks\"; values = [10]; },\n"
         "  { path = \"ticks\"; values = [20]; }\n);\n",
         "twice.cfg:4: setting 'vary.[1].path': 'ticks' is varied twice (also at line 3)"},
        {"seed", "base = \"default\";\nvary = (\n  { path = \"seed\"; values = [1, 2]; }\n);\n",
         "seed.cfg:3: setting 'vary.[0].path': 'seed' cannot vary"},
        {"entry_key", "base = \"default\";\nvary = ( { path = \"ticks\"; value = [10]; } );\n",
         "entry_key.cfg:2: setting 'vary.[0].value': unknown setting 'value' in an entry of vary; "
         "did "
         "you mean 'values'?"},
        {"lhs_points",
         "base = \"default\";\ndesign = \"latin_hypercube\";\nvary = ( { path = \"ticks\"; from = "
         "10; to = 20; } );\n",
         "lhs_points.cfg:1: setting 'points': missing"},
        {"points_not_lhs",
         "base = \"default\";\npoints = 5;\nvary = ( { path = \"ticks\"; values = [10]; } );\n",
         "points_not_lhs.cfg:2: setting 'points': 'points' is for design = \"latin_hypercube\""},
        {"whole",
         "base = \"default\";\nvary = ( { path = \"ticks\"; from = 10.5; to = 20; steps = 3; } "
         ");\n",
         "whole.cfg:2: setting 'vary.[0]': 'ticks' holds whole numbers"},
        {"repeat", "base = \"default\";\nvary = ( { path = \"ticks\"; values = [10, 10]; } );\n",
         "repeat.cfg:2: setting 'vary.[0].values.[1]': value 10 is listed twice"},
        {"metric",
         "base = \"default\";\nvary = ( { path = \"ticks\"; values = [10]; } );\n"
         "metrics = [\"partners_final\",\n  \"revenue_total\"];\n",
         "metric.cfg:4: setting 'metrics.[1]': unknown metric 'revenue_total'; did you mean "
         "'revenue_total_eur'?"},
        {"base_missing",
         "\nbase = \"nope.cfg\";\nvary = ( { path = \"ticks\"; values = [10]; } );\n",
         "base_missing.cfg:2: setting 'base': cannot read the base scenario 'nope.cfg'"},
        {"base_bad", "base = \"bad_base.cfg\";\nvary = ( { path = \"ticks\"; values = [10]; } );\n",
         "bad_base.cfg:3: setting 'firm.capabilities.flexibility': value 2 is out of range [0, 1] "
         "(base scenario of base_bad.cfg:1)"},
        {"set_bad",
         "base = \"default\";\nset = [\"ticks=26\",\n       \"ticks=0\"];\n"
         "vary = ( { path = \"firm.capabilities.flexibility\"; values = [0.5]; } );\n",
         "set_bad.cfg:3: setting 'ticks': value 0 is out of range [1, 100000] (set.[1]: ticks=0)"},
        {"list_element",
         "base = \"default\";\nvary = ( { path = \"markets.XX.tariff\"; values = [0.1]; } );\n",
         "list_element.cfg:2: setting 'markets.XX': no market 'XX'"},
    };
    char *dir = make_temp_dir();
    write_in(dir, "bad_base.cfg",
             "# a base scenario with an error on line 3\nname = \"bad\";\n"
             "firm = { capabilities = { flexibility = 2.0; }; };\n");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char file[64];
        snprintf(file, sizeof file, "%s.cfg", cases[i].name);
        write_in(dir, file, cases[i].text);
        result r = run_sgf(dir, "sweep", file, "--out", "o");
        CHECK_MSG(r.code == 2, "%s: exit %d", cases[i].name, r.code);
        CHECK_MSG(strstr(r.err, cases[i].expect) != NULL, "%s: \"%s\" lacks \"%s\"", cases[i].name,
                  r.err, cases[i].expect);
        CHECK_MSG(!exists_in(dir, "o"), "%s: wrote an output directory", cases[i].name);
        result_free(&r);
    }
    result r = run_sgf(dir, "sweep", "absent.cfg");
    CHECK_EQ_INT(r.code, 2);
    CHECK_CONTAINS(r.err, "absent.cfg: cannot read the sweep file");
    result_free(&r);
    /* Usage errors. */
    static const char *const usage[][4] = {{"sweep", NULL, NULL, NULL},
                                           {"sweep", "x.cfg", "--shard", "0/2"},
                                           {"sweep", "x.cfg", "--shard", "3/2"},
                                           {"sweep", "x.cfg", "-j", "0"},
                                           {"sweep", "x.cfg", "--bogus", NULL}};
    for (size_t i = 0; i < sizeof usage / sizeof usage[0]; i++) {
        r = run_sgf_v(dir, usage[i]);
        CHECK_MSG(r.code == 2, "usage case %zu: exit %d", i, r.code);
        result_free(&r);
    }
    remove_tree(dir);
    free(dir);
}

TEST(dry_run_prints_the_plan_and_writes_nothing)
{
    char *dir = make_temp_dir();
    write_in(dir, "small.cfg", small_sweep);
    result r = run_sgf(dir, "sweep", "small.cfg", "--dry-run", "--shard", "2/4");
    CHECK_EQ_INT(r.code, 0);
    CHECK_CONTAINS(r.out, "sweep small (small.cfg)\n");
    CHECK_CONTAINS(r.out, "  base          default, 26 weeks\n");
    CHECK_CONTAINS(r.out, "  design        factorial, 3 x 2 = 6 points\n");
    CHECK_CONTAINS(r.out, "  replications  3\n");
    CHECK_CONTAINS(r.out, "  runs          18\n");
    CHECK_CONTAINS(r.out, "  shard         2/4: 5 runs (id % 4 == 1)\n");
    CHECK_CONTAINS(r.out, "  master seed   5\n");
    CHECK_CONTAINS(r.out, "  firm.capabilities.interface_competence: 3 values: 0.2, 0.5, 0.8\n");
    CHECK_CONTAINS(r.out, "first 6 of 6 points\n");
    CHECK_CONTAINS(r.out, "       5  0.8                                     controller\n");
    CHECK_CONTAINS(r.out, "first runs of the shard (run: point/replicate)\n  1: ");
    CHECK(count_lines(r.out) > 15);
    result_free(&r);
    CHECK(!exists_in(dir, "out"));
    /* The same plan twice. */
    r = run_sgf(dir, "sweep", "small.cfg", "--dry-run");
    result r2 = run_sgf(dir, "sweep", "small.cfg", "--dry-run");
    CHECK_STR(r.out, r2.out);
    result_free(&r);
    result_free(&r2);

    /* Help. */
    r = run_sgf(dir, "help", "sweep");
    r2 = run_sgf(dir, "sweep", "--help");
    CHECK_EQ_INT(r.code, 0);
    CHECK_STR(r.out, r2.out);
    static const char *const documented[] = {"--resume",      "--shard",    "--dry-run",
                                             "--series",      "-j N",       "runs.csv",
                                             "aggregate.csv", "Exit status"};
    for (size_t i = 0; i < sizeof documented / sizeof documented[0]; i++)
        CHECK_CONTAINS(r.out, documented[i]);
    result_free(&r);
    result_free(&r2);
    r = run_sgf(dir, "help", "merge");
    CHECK_EQ_INT(r.code, 0);
    CHECK_CONTAINS(r.out, "--partial");
    result_free(&r);

    /* Every example sweep passes its dry run. */
    const char *src = getenv("SGF_SOURCE_DIR");
    if (src && *src) {
        char sweeps[2048];
        snprintf(sweeps, sizeof sweeps, "%s/scenarios/sweeps", src);
        DIR *d = opendir(sweeps);
        CHECK(d != NULL);
        int n = 0;
        struct dirent *e;
        while (d && (e = readdir(d)) != NULL) {
            size_t len = strlen(e->d_name);
            if (len < 5 || strcmp(e->d_name + len - 4, ".cfg") != 0) continue;
            char path[4200];
            snprintf(path, sizeof path, "%s/%s", sweeps, e->d_name);
            r = run_sgf(dir, "sweep", path, "--dry-run");
            CHECK_MSG(r.code == 0, "%s: exit %d: %s", e->d_name, r.code, r.err);
            CHECK_CONTAINS(r.out, "first runs");
            result_free(&r);
            n++;
        }
        if (d) closedir(d);
        CHECK(n >= 4);
    }
    remove_tree(dir);
    free(dir);
}

int main(int argc, char **argv)
{
    return RUN_TESTS(
        argc, argv, factorial_enumerates_and_interleaves, latin_hypercube_uses_every_stratum_once,
        one_at_a_time_moves_one_setting, threads_and_shards_give_identical_files,
        merge_refuses_missing_runs_and_other_sweeps, resume_after_sigkill_gives_the_same_bytes,
        failed_runs_are_recorded_and_the_sweep_goes_on, series_are_gzip_files,
        sweep_file_errors_name_file_line_and_setting, dry_run_prints_the_plan_and_writes_nothing);
}
