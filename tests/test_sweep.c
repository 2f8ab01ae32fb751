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
#include <signal.h>
#include <stdbool.h>

#include "harness.h"
#include "sgf/sgf.h"
#include "sgf/sgf_sweep.h"

#define PROC_TAG "sweep"
#include "proc.h"

/* ---- helpers ------------------------------------------------------------------------- */

/* Same bytes in two directories' files; false (and a message) otherwise. */
static bool same_file(const char *a, const char *b, const char *name)
{
    char *x = read_in(a, name, NULL), *y = read_in(b, name, NULL);
    bool same = x && y && strcmp(x, y) == 0;
    if (!same)
        fprintf(stderr, "    %s/%s and %s/%s differ%s\n", a, name, b, name,
                !x || !y ? " (one is missing)" : "");
    free(x);
    free(y);
    return same;
}

/* Runs and expects exit 0, printing stderr otherwise. */
#define RUN_OK(dir, ...)                                                                           \
    do {                                                                                           \
        result r_ = run_sgf((dir), __VA_ARGS__);                                                   \
        CHECK_MSG(r_.code == 0, "exit %d: %s", r_.code, r_.err);                                   \
        result_free(&r_);                                                                          \
    } while (0)

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
    remove_temp_dir(dir);
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
        char *text = read_in(dir, "lhs.cfg", NULL);
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
    remove_temp_dir(dir);
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
    remove_temp_dir(dir);
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
    char *shard_json = read_in(sa, "sweep.json", NULL);
    CHECK_CONTAINS(shard_json, "\"shard\": \"1/2\"");
    free(shard_json);
    char *runs = read_in(sa, "runs.csv", NULL);
    CHECK_EQ_INT(count_lines(runs), 1 + 9);
    free(runs);

    /* The files' shape. */
    runs = read_in(j1, "runs.csv", NULL);
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
    char *agg = read_in(j1, "aggregate.csv", NULL);
    CHECK_EQ_INT(count_lines(agg), 1 + 6);
    CHECK_CONTAINS(agg, "point,firm.capabilities.interface_competence,firm.management.preset,runs,"
                        "ok,revenue_total_eur_mean,revenue_total_eur_sd,revenue_total_eur_ci_low,"
                        "revenue_total_eur_ci_high,");
    CHECK_CONTAINS(agg, "\n0,0.2,orchestrator,3,3,");
    CHECK_CONTAINS(agg, "\n5,0.8,controller,3,3,");
    free(agg);

    /* A row is reproduced by `sgf run` with the seed, run_index and values. */
    runs = read_in(j1, "runs.csv", NULL);
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
            char *sum = read_in(dir, "r7/summary.csv", NULL);
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
    remove_temp_dir(dir);
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
    char *runs = read_in(dir, "m/runs.csv", NULL);
    CHECK_EQ_INT(count_lines(runs), 1 + 9);
    free(runs);
    /* Another sweep (other horizon) does not merge. */
    RUN_OK(dir, "sweep", "small.cfg", "--shard", "2/2", "--ticks", "13", "--out", "b", "--quiet");
    CHECK_RUN(dir, 2, err, "different sweeps", "merge", "a", "b", "--out", "m2");
    r = run_sgf(dir, "merge", "a");
    CHECK_EQ_INT(r.code, 2);
    result_free(&r);
    remove_temp_dir(dir);
}

/* Lines in dir/runs.csv, or -1. */
static int runs_lines(const char *dir)
{
    char *t = read_in(dir, "runs.csv", NULL);
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
    char kdir[1100];
    snprintf(kdir, sizeof kdir, "%s/killed", dir);
    bool killed_mid = false;
    for (int attempt = 0; attempt < 3 && !killed_mid; attempt++) {
        remove_tree(kdir);
        pid_t pid = start_sgf(
            dir, NULL,
            (const char *const[]){"sweep", "k.cfg", "-j", "2", "--out", "killed", "--quiet", NULL});
        CHECK(pid > 0);
        for (int i = 0; i < 20000 && runs_lines(kdir) < 1 + 3; i++) sleep_ms(1);
        kill(pid, SIGKILL);
        result killed = finish_sgf(dir, pid);
        CHECK(killed.signal != 0);
        result_free(&killed);
        int lines = runs_lines(kdir);
        killed_mid = lines >= 1 + 3 && lines < 1 + 40 && !exists_in(kdir, "aggregate.csv");
    }
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
    CHECK_RUN(dir, 2, err, "--resume", "sweep", "k.cfg", "--out", "killed");
    result r = run_sgf(dir, "sweep", "k.cfg", "--out", "killed", "--resume", "-j", "2");
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
    CHECK_RUN(dir, 0, out, "0 run now", "sweep", "k.cfg", "--out", "killed", "--resume");
    CHECK(same_file(kdir, whole, "runs.csv"));
    /* Another sweep in the same directory is refused. */
    CHECK_RUN(dir, 2, err, "holds another sweep", "sweep", "k.cfg", "--out", "killed", "--resume",
              "--ticks", "10");
    remove_temp_dir(dir);
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
    char *runs = read_in(dir, "o/runs.csv", NULL);
    CHECK_CONTAINS(runs, ",30,28,invalid,setting 'params.search_weeks_max': search_weeks_max 28 is "
                         "below search_weeks_min 30,\n");
    CHECK_EQ_INT(count_lines(runs), 5);
    free(runs);
    char *agg = read_in(dir, "o/aggregate.csv", NULL);
    CHECK_CONTAINS(agg, ",30,28,1,0,,,,\n"); /* no ok run: no statistics, empty fields */
    free(agg);
    remove_temp_dir(dir);
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
    remove_temp_dir(dir);
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
    CHECK_RUN(dir, 2, err, "absent.cfg: cannot read the sweep file", "sweep", "absent.cfg");
    /* Usage errors. */
    static const char *const usage[][4] = {{"sweep", NULL, NULL, NULL},
                                           {"sweep", "x.cfg", "--shard", "0/2"},
                                           {"sweep", "x.cfg", "--shard", "3/2"},
                                           {"sweep", "x.cfg", "-j", "0"},
                                           {"sweep", "x.cfg", "--bogus", NULL}};
    for (size_t i = 0; i < sizeof usage / sizeof usage[0]; i++) {
        result r = run_sgf_v(dir, usage[i]);
        CHECK_MSG(r.code == 2, "usage case %zu: exit %d", i, r.code);
        result_free(&r);
    }
    remove_temp_dir(dir);
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
    CHECK_RUN(dir, 0, out, "--partial", "help", "merge");

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
    remove_temp_dir(dir);
}

/* ---- a results directory is this sweep's, and nothing else is overwritten ---------- */

/* A copy of src's runs.csv in dir/dst (made by copying the whole shard
 * directory's two files), with field `col` (0-based) of data line `row`
 * (1-based after the header) replaced by value. */
static void copy_shard_with_field(const char *dir, const char *src, const char *dst, int row,
                                  int col, const char *value)
{
    char from[1100], to[1100];
    snprintf(from, sizeof from, "%s/%s", dir, src);
    snprintf(to, sizeof to, "%s/%s", dir, dst);
    remove_tree(to);
    mkdir(to, 0777);
    char *json = read_in(from, "sweep.json", NULL), *runs = read_in(from, "runs.csv", NULL);
    write_in(to, "sweep.json", json ? json : "");
    /* The rows of these sweeps have no quoted fields: split at commas. */
    size_t cap = strlen(runs ? runs : "") + strlen(value) + 16, n = 0;
    char *out = malloc(cap);
    int line = 0, field = 0;
    for (const char *p = runs ? runs : ""; *p; p++) {
        if (line == row && field == col) {
            if (*p != ',' && *p != '\n') continue; /* the old value's characters */
            memcpy(out + n, value, strlen(value));
            n += strlen(value);
            field = -1; /* written */
        }
        if (*p == '\n') {
            line++;
            field = 0;
        } else if (*p == ',' && field >= 0) {
            field++;
        }
        out[n++] = *p;
    }
    out[n] = '\0';
    write_in(to, "runs.csv", out);
    free(out);
    free(json);
    free(runs);
}

TEST(resume_refuses_another_shard)
{
    char *dir = make_temp_dir();
    write_in(dir, "small.cfg", small_sweep);
    RUN_OK(dir, "sweep", "small.cfg", "--shard", "1/2", "--out", "a", "--quiet");
    char a[1100];
    snprintf(a, sizeof a, "%s/a", dir);
    char *before = read_in(a, "runs.csv", NULL);
    /* Another shard, another count, or no shard at all: refused, untouched. */
    const char *others[] = {"2/2", "1/3", NULL};
    for (int i = 0; i < 3; i++) {
        result r = others[i] ? run_sgf(dir, "sweep", "small.cfg", "--shard", others[i], "--out",
                                       "a", "--resume", "--quiet")
                             : run_sgf(dir, "sweep", "small.cfg", "--out", "a", "--resume");
        CHECK_EQ_INT(r.code, 2);
        CHECK_CONTAINS(r.err, "holds shard 1/2 of this sweep");
        CHECK_CONTAINS(r.err, "resume it with --shard 1/2");
        result_free(&r);
        char *after = read_in(a, "runs.csv", NULL);
        CHECK(before && after && strcmp(before, after) == 0);
        free(after);
    }
    /* A whole sweep resumed as a shard: refused too. */
    RUN_OK(dir, "sweep", "small.cfg", "--out", "w", "--quiet");
    result r = run_sgf(dir, "sweep", "small.cfg", "--shard", "1/2", "--out", "w", "--resume");
    CHECK_EQ_INT(r.code, 2);
    CHECK_CONTAINS(r.err, "holds the whole sweep of this sweep");
    result_free(&r);
    /* The right shard resumes (nothing to do). */
    RUN_OK(dir, "sweep", "small.cfg", "--shard", "1/2", "--out", "a", "--resume", "--quiet");
    free(before);
    remove_tree(dir);
    free(dir);
}

TEST(sweep_refuses_a_directory_that_is_not_a_sweep)
{
    char *dir = make_temp_dir();
    write_in(dir, "small.cfg", small_sweep);
    char busy_dir[1100];
    snprintf(busy_dir, sizeof busy_dir, "%s/busy", dir);
    mkdir(busy_dir, 0777);
    write_in(dir, "busy/notes.txt", "mine\n");
    const char *flags[] = {NULL, "--resume", "--series"};
    for (int i = 0; i < 3; i++) {
        result r = flags[i] ? run_sgf(dir, "sweep", "small.cfg", "--out", "busy", flags[i])
                            : run_sgf(dir, "sweep", "small.cfg", "--out", "busy");
        CHECK_EQ_INT(r.code, 2);
        CHECK_CONTAINS(r.err, "busy is not empty and holds no sweep");
        result_free(&r);
        char busy[1100];
        snprintf(busy, sizeof busy, "%s/busy", dir);
        CHECK(!exists_in(busy, "sweep.json"));
        CHECK(!exists_in(busy, "runs.csv"));
        CHECK(!exists_in(busy, "series"));
    }
    /* The working directory itself (it holds small.cfg), as `--out /` would. */
    result r = run_sgf(dir, "sweep", "small.cfg", "--out", ".");
    CHECK_EQ_INT(r.code, 2);
    CHECK_CONTAINS(r.err, ". is not empty and holds no sweep");
    CHECK(!exists_in(dir, "sweep.json"));
    result_free(&r);
    /* An empty directory is fine, and --series makes series/ itself. */
    char empty[1100];
    snprintf(empty, sizeof empty, "%s/empty", dir);
    mkdir(empty, 0777);
    RUN_OK(dir, "sweep", "small.cfg", "--out", "empty", "--series", "--quiet");
    CHECK(exists_in(empty, "series/run_0.csv.gz"));
    remove_tree(dir);
    free(dir);
}

TEST(merge_never_overwrites_another_sweep_or_a_users_files)
{
    char *dir = make_temp_dir();
    write_in(dir, "small.cfg", small_sweep);
    RUN_OK(dir, "sweep", "small.cfg", "--shard", "1/2", "--out", "s/a", "--quiet");
    RUN_OK(dir, "sweep", "small.cfg", "--shard", "2/2", "--out", "s/b", "--quiet");
    RUN_OK(dir, "sweep", "small.cfg", "--ticks", "13", "--out", "other", "--quiet");
    char other[1100], user[1100], s3[1100];
    snprintf(other, sizeof other, "%s/other", dir);
    snprintf(user, sizeof user, "%s/user", dir);
    snprintf(s3, sizeof s3, "%s/s3", dir);
    char *other_runs = read_in(other, "runs.csv", NULL);
    /* Another finished sweep. */
    result r = run_sgf(dir, "merge", "s/a", "s/b", "--out", "other");
    CHECK_EQ_INT(r.code, 2);
    CHECK_CONTAINS(r.err, "other holds another sweep");
    result_free(&r);
    char *now = read_in(other, "runs.csv", NULL);
    CHECK(now && other_runs && strcmp(now, other_runs) == 0);
    free(now);
    /* A user's runs.csv or aggregate.csv without sweep.json. */
    mkdir(user, 0777);
    const char *names[] = {"runs.csv", "aggregate.csv"};
    for (int i = 0; i < 2; i++) {
        write_in(user, names[i], "my own numbers\n");
        r = run_sgf(dir, "merge", "s/a", "s/b", "--out", "user");
        CHECK_EQ_INT(r.code, 2);
        CHECK_CONTAINS(r.err, "but no sweep.json");
        result_free(&r);
        now = read_in(user, names[i], NULL);
        CHECK_STR(now ? now : "", "my own numbers\n");
        free(now);
        char path[1200];
        snprintf(path, sizeof path, "%s/%s", user, names[i]);
        unlink(path);
    }
    /* A shard of this sweep that is not an input. */
    RUN_OK(dir, "sweep", "small.cfg", "--shard", "1/3", "--out", "s3", "--quiet");
    char *s3_runs = read_in(s3, "runs.csv", NULL);
    r = run_sgf(dir, "merge", "s/a", "s/b", "--out", "s3");
    CHECK_EQ_INT(r.code, 2);
    CHECK_CONTAINS(r.err, "holds shard 1/3 of this sweep, which is not among the inputs");
    result_free(&r);
    now = read_in(s3, "runs.csv", NULL);
    CHECK(now && s3_runs && strcmp(now, s3_runs) == 0);
    free(now);
    free(s3_runs);
    /* What is allowed: a new directory, the shards' parent, an input, this
     * sweep's merged directory again; all the same bytes. */
    RUN_OK(dir, "merge", "s/a", "s/b", "--out", "m", "--quiet");
    RUN_OK(dir, "merge", "s/a", "s/b", "--out", "s", "--quiet");
    RUN_OK(dir, "merge", "s/a", "s/b", "--out", "m", "--quiet");
    RUN_OK(dir, "merge", "s/a", "s/b", "--out", "user", "--quiet");
    char m[1100], sp[1100];
    snprintf(m, sizeof m, "%s/m", dir);
    snprintf(sp, sizeof sp, "%s/s", dir);
    CHECK(same_file(m, sp, "runs.csv"));
    CHECK(same_file(m, user, "aggregate.csv"));
    CHECK(same_file(m, sp, "sweep.json"));
    free(other_runs);
    remove_tree(dir);
    free(dir);
}

TEST(merge_and_resume_parse_every_field_strictly)
{
    char *dir = make_temp_dir();
    write_in(dir, "small.cfg", small_sweep);
    RUN_OK(dir, "sweep", "small.cfg", "--shard", "1/2", "--out", "a", "--quiet");
    RUN_OK(dir, "sweep", "small.cfg", "--shard", "2/2", "--out", "b", "--quiet");
    /* The columns: run,point,replicate,seed,run_index,2 settings,status,
     * message, then 4 metrics (revenue_total_eur is column 9). */
    static const struct {
        int col;
        const char *value, *expect;
    } bad[] = {
        {9, "abc", "revenue_total_eur: 'abc' is not a number"},
        {9, "", "revenue_total_eur: '' is not a number"},
        {9, " 12 ", "revenue_total_eur: ' 12 ' is not a number"},
        {9, "0x1p3", "revenue_total_eur: '0x1p3' is not a number"},
        {10, "1e", "partners_final: '1e' is not a number"},
        {7, "weird", "status: unknown status 'weird'"},
        {7, "", "status: unknown status ''"},
        {1, "x", "point: 'x' is not a whole number"},
        {3, "-5", "seed: '-5' is not a whole number"},
        {0, " 0", "run: ' 0' is not a whole number"},
        {0, "99", "run 99 is beyond the sweep's 18 runs"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        copy_shard_with_field(dir, "a", "c", 1, bad[i].col, bad[i].value);
        result r = run_sgf(dir, "merge", "c", "b", "--out", "m");
        CHECK_MSG(r.code == 2, "%s: exit %d", bad[i].value, r.code);
        CHECK_CONTAINS(r.err, "c/runs.csv:2:");
        CHECK_CONTAINS(r.err, bad[i].expect);
        CHECK(!exists_in(dir, "m/runs.csv"));
        result_free(&r);
        r = run_sgf(dir, "sweep", "small.cfg", "--shard", "1/2", "--out", "c", "--resume");
        CHECK_MSG(r.code == 2, "%s: exit %d", bad[i].value, r.code);
        CHECK_CONTAINS(r.err, "c/runs.csv:2:");
        CHECK_CONTAINS(r.err, bad[i].expect);
        result_free(&r);
    }
    /* The column is the byte where the field starts: status of row 2. */
    copy_shard_with_field(dir, "a", "c", 1, 7, "weird");
    char *runs = read_in(dir, "c/runs.csv", NULL);
    const char *row = runs ? strchr(runs, '\n') + 1 : NULL;
    const char *at = row ? strstr(row, ",weird,") : NULL;
    char want[64];
    snprintf(want, sizeof want, "c/runs.csv:2:%d: status", at ? (int)(at - row) + 2 : -1);
    result r = run_sgf(dir, "merge", "c", "b", "--out", "m");
    CHECK_CONTAINS(r.err, want);
    result_free(&r);
    free(runs);
    /* A row whose point or seed is not the run's own (another sweep's row)
     * is refused on resume, where the sweep is known. */
    copy_shard_with_field(dir, "a", "c", 1, 3, "6");
    r = run_sgf(dir, "sweep", "small.cfg", "--shard", "1/2", "--out", "c", "--resume");
    CHECK_EQ_INT(r.code, 2);
    CHECK_CONTAINS(r.err, "seed is 6, but run 0 of this sweep has 5");
    result_free(&r);
    /* A failed row with metric values is not one sgf writes. */
    copy_shard_with_field(dir, "a", "c", 1, 7, "invalid");
    r = run_sgf(dir, "merge", "c", "b", "--out", "m");
    CHECK_EQ_INT(r.code, 2);
    CHECK_CONTAINS(r.err, "a run with status 'invalid' has no metric values");
    result_free(&r);
    /* The untouched shards still merge. */
    RUN_OK(dir, "merge", "a", "b", "--out", "m", "--quiet");
    remove_tree(dir);
    free(dir);
}

/* A metric that has no value in a run ("never": failed_tick of a firm that
 * does not fail; "not applicable": bullwhip_2 without a serial chain) is an
 * empty field in runs.csv and aggregate.csv, as in summary.csv, never NaN;
 * merge and resume read such rows back. */
TEST(missing_values_are_empty_fields_in_every_sweep_file)
{
    char *dir = make_temp_dir();
    write_in(dir, "n.cfg",
             "base = \"default\";\n"
             "seed = 3;\n"
             "replications = 2;\n"
             "set = [\"ticks=13\"];\n"
             "vary = ( { path = \"firm.capabilities.interface_competence\"; values = [0.2, 0.8]; } "
             ");\n"
             "metrics = [\"revenue_total_eur\", \"failed_tick\", \"failed\", \"bullwhip_2\"];\n");
    RUN_OK(dir, "sweep", "n.cfg", "--out", "whole", "--quiet");
    char *runs = read_in(dir, "whole/runs.csv", NULL);
    CHECK(runs != NULL);
    if (runs) {
        CHECK_EQ_INT(count_lines(runs), 5);
        CHECK(strstr(runs, "NaN") == NULL);
        CHECK(strstr(runs, "nan") == NULL);
        /* every ok row: revenue, failed_tick empty, failed 0, bullwhip_2 empty */
        int rows = 0;
        for (const char *l = strchr(runs, '\n'); l && l[1]; l = strchr(l + 1, '\n')) {
            const char *end = strchr(l + 1, '\n');
            CHECK(end && end - l > 6 && strncmp(end - 4, ",,0,\n", 5) == 0);
            CHECK(strstr(l + 1, ",ok,") != NULL);
            rows++;
        }
        CHECK_EQ_INT(rows, 4);
    }
    free(runs);
    char *agg = read_in(dir, "whole/aggregate.csv", NULL);
    CHECK(agg != NULL);
    if (agg) {
        CHECK(strstr(agg, "NaN") == NULL);
        CHECK_CONTAINS(agg,
                       "failed_tick_mean,failed_tick_sd,failed_tick_ci_low,failed_tick_ci_high");
        /* failed_tick's four statistics and bullwhip_2's are empty, failed's are 0 */
        CHECK_CONTAINS(agg, ",,,,,0,0,0,0,,,,\n");
    }
    free(agg);
    /* the shards merge to the same bytes, and a resume reads the rows back */
    RUN_OK(dir, "sweep", "n.cfg", "--shard", "1/2", "--out", "a", "--quiet");
    RUN_OK(dir, "sweep", "n.cfg", "--shard", "2/2", "--out", "b", "--quiet");
    RUN_OK(dir, "merge", "a", "b", "--out", "m", "--quiet");
    char whole[2048], merged[2048];
    snprintf(whole, sizeof whole, "%s/whole", dir);
    snprintf(merged, sizeof merged, "%s/m", dir);
    CHECK(same_file(merged, whole, "runs.csv"));
    CHECK(same_file(merged, whole, "aggregate.csv"));
    CHECK_RUN(dir, 0, out, "0 run now", "sweep", "n.cfg", "--out", "whole", "--resume");
    /* an empty field where the metric always has a value is still refused */
    copy_shard_with_field(dir, "a", "c", 1, 10, "");
    result r = run_sgf(dir, "merge", "c", "b", "--out", "m2");
    CHECK_EQ_INT(r.code, 2);
    CHECK_CONTAINS(r.err, "failed: '' is not a number");
    result_free(&r);
    remove_tree(dir);
    free(dir);
}

/* Replaces the leading "sgf" of cmd (as printed) with the binary's path. */
static char *with_binary(const char *cmd)
{
    const char *bin = sgf_bin();
    char *s = malloc(strlen(cmd) + strlen(bin) + 8);
    sprintf(s, "'%s'%s", bin, cmd + 3);
    return s;
}

TEST(interrupted_sweep_prints_a_resume_command_that_works)
{
    char *dir = make_temp_dir();
    char sub[1100];
    snprintf(sub, sizeof sub, "%s/my sweeps", dir);
    mkdir(sub, 0777);
    write_in(sub, "it's.cfg", small_sweep);
    /* 600 weeks a run (--ticks replaces the file's 26) on one thread: long
     * enough to interrupt after the first rows. */
    char kdir[1200];
    snprintf(kdir, sizeof kdir, "%s/out dir", dir);
    char *err = NULL;
    bool interrupted = false;
    for (int attempt = 0; attempt < 3 && !interrupted; attempt++) {
        remove_tree(kdir);
        pid_t pid =
            start_sgf(dir, NULL,
                      (const char *const[]){"sweep", "my sweeps/it's.cfg", "--ticks", "600",
                                            "--series", "-j", "1", "--out", "out dir", NULL});
        CHECK(pid > 0);
        for (int i = 0; i < 30000 && runs_lines(kdir) < 1 + 1; i++) sleep_ms(1);
        kill(pid, SIGINT);
        result rr = finish_sgf(dir, pid);
        free(err);
        err = strdup(rr.err);
        interrupted = rr.code == 1 && err && strstr(err, "continue with:") != NULL;
        result_free(&rr);
    }
    CHECK_MSG(interrupted, "could not interrupt the sweep: %s", err ? err : "");
    const char *line = err ? strstr(err, "\n  sgf sweep ") : NULL;
    CHECK(line != NULL);
    if (line) {
        char cmd[2048];
        const char *end = strchr(line + 3, '\n');
        snprintf(cmd, sizeof cmd, "%.*s", (int)(end ? end - line - 3 : 0), line + 3);
        CHECK_CONTAINS(cmd, "--ticks 600");
        CHECK_CONTAINS(cmd, "--series");
        CHECK_CONTAINS(cmd, "--resume");
        /* Run as printed, through the shell. */
        char *full = with_binary(cmd);
        char script[4096];
        snprintf(script, sizeof script, "cd '%s' && %s --quiet", dir, full);
        free(full);
        int rc = system(script);
        CHECK_MSG(WIFEXITED(rc) && WEXITSTATUS(rc) == 0, "`%s` failed", script);
        CHECK_EQ_INT(runs_lines(kdir), 1 + 18);
        CHECK(exists_in(kdir, "aggregate.csv"));
        CHECK(exists_in(kdir, "series/run_17.csv.gz"));
        /* The same bytes as the sweep run in one go. */
        RUN_OK(dir, "sweep", "my sweeps/it's.cfg", "--ticks", "600", "--out", "whole", "--quiet");
        char whole[1100];
        snprintf(whole, sizeof whole, "%s/whole", dir);
        CHECK(same_file(kdir, whole, "runs.csv"));
        CHECK(same_file(kdir, whole, "aggregate.csv"));
    }
    free(err);
    remove_tree(dir);
    free(dir);
}

TEST(a_shard_with_no_runs_writes_only_the_header)
{
    char *dir = make_temp_dir();
    write_in(dir, "small.cfg", small_sweep);
    /* 18 runs in 81 shards: shards 19 to 81 have none. The sanitizer build
     * used to stop here on qsort(NULL, 0). */
    result r = run_sgf(dir, "sweep", "small.cfg", "--shard", "81/81", "--out", "e");
    CHECK_MSG(r.code == 0, "exit %d: %s", r.code, r.err);
    CHECK_CONTAINS(r.err, "shard 81/81 has no runs");
    result_free(&r);
    char e[1100];
    snprintf(e, sizeof e, "%s/e", dir);
    CHECK_EQ_INT(runs_lines(e), 1);
    CHECK(!exists_in(e, "aggregate.csv"));
    /* Merged with the shards that have the runs, it is the whole sweep. */
    RUN_OK(dir, "sweep", "small.cfg", "--out", "w", "--quiet");
    RUN_OK(dir, "merge", "e", "w", "--out", "m", "--quiet");
    char m[1100], w[1100];
    snprintf(m, sizeof m, "%s/m", dir);
    snprintf(w, sizeof w, "%s/w", dir);
    CHECK(same_file(m, w, "runs.csv"));
    CHECK(same_file(m, w, "aggregate.csv"));
    /* Alone, it is all missing. */
    r = run_sgf(dir, "merge", "e", "--out", "m2");
    CHECK_EQ_INT(r.code, 2);
    CHECK_CONTAINS(r.err, "18 of 18 runs are missing");
    result_free(&r);
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
        sweep_file_errors_name_file_line_and_setting, dry_run_prints_the_plan_and_writes_nothing,
        resume_refuses_another_shard, sweep_refuses_a_directory_that_is_not_a_sweep,
        merge_never_overwrites_another_sweep_or_a_users_files,
        merge_and_resume_parse_every_field_strictly,
        missing_values_are_empty_fields_in_every_sweep_file,
        interrupted_sweep_prints_a_resume_command_that_works,
        a_shard_with_no_runs_writes_only_the_header);
}
