/* test_faults.c: fault injection (issue 8; STYLE.md "Out of memory").
 *
 * For every n, the n-th allocation of a path is made to fail through the
 * hook in alloc.h, and the path must end in a clean error: SGF_ERR_NOMEM with
 * a message, no crash, no leak (run it under ASan, as scripts/test.sh does)
 * and no corruption. The paths are: loading the default scenario and a file
 * that extends and includes others, building the world from the default
 * scenario, 20 weeks of a default run, and the whole of `sgf run` in one
 * process (load, build, write 20 weeks, close).
 *
 * "No corruption" is checked, not assumed: after a failure the world is
 * destroyed (ASan sees a double free or a use of freed memory), and a run in
 * which an allocation failed must either report it or end with the same
 * world hash as the run without failures. A step that swallows a failed
 * allocation and goes on with a different world would give wrong results
 * that look right.
 *
 * The loops stop at the first n past the path's last allocation, so they
 * follow the code as it grows.
 */
#include <dirent.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/alloc.h"
#include "harness.h"
#include "sgf/sgf.h"

#define PROC_TAG "faults"
#include "proc.h"

#define RUN_TICKS 20
#define MAX_POINTS 200000 /* a bound, far above any path's allocation count */

/* ---- helpers ------------------------------------------------------------------------- */

/* The default scenario, short and with its invariants checked every week,
 * so corrupted state shows as an invariant failure too. */
static sgf_world_def default_def(void)
{
    sgf_world_def def = sgf_world_def_default();
    sgf_diag diag;
    if (sgf_scenario_load_default(&def, &diag) != SGF_OK) {
        char buf[1024];
        fprintf(stderr, "default scenario: %s\n", sgf_diag_format(&diag, buf, sizeof buf));
        exit(1);
    }
    def.ticks = RUN_TICKS;
    def.check = true;
    return def;
}

/* What a run ended with: its status and message, the world's hash and the
 * number of event-log lines over all its weeks (the hash does not cover the
 * log, and a lost log line is a wrong events.csv). */
typedef struct run_end {
    sgf_status st;
    char error[256];
    uint64_t hash;
    long log_lines;
} run_end;

/* Builds the world without failures, then fails the n-th allocation (0:
 * none) of its weeks; stops at the first step that does not return SGF_OK. */
static run_end faulty_run(const sgf_world_def *def, long n, long *made)
{
    run_end r = {SGF_OK, "", 0, 0};
    sgf_world *w = NULL;
    if (sgf_world_create(def, &w) != SGF_OK) exit(1);
    sgf_alloc_fail_at(n);
    while (r.st == SGF_OK && !sgf_world_done(w)) {
        r.st = sgf_world_step(w);
        int count;
        sgf_world_events(w, &count);
        r.log_lines += count;
    }
    *made = sgf_alloc_fail_at(0);
    if (r.st != SGF_OK) snprintf(r.error, sizeof r.error, "%s", sgf_world_error(w));
    r.hash = sgf_world_hash(w);
    sgf_world_destroy(w);
    return r;
}

/* ---- loading ------------------------------------------------------------------------- */

/* path NULL: the built-in default. */
static void check_load(sgf_test_ctx *sgf_ctx_, const char *path)
{
    long points = 0;
    for (long n = 1; n < MAX_POINTS; n++) {
        sgf_world_def def = sgf_world_def_default();
        sgf_diag diag;
        memset(&diag, 0, sizeof diag);
        sgf_alloc_fail_at(n);
        sgf_status st = path ? sgf_scenario_load_file(path, &def, &diag)
                             : sgf_scenario_load_default(&def, &diag);
        if (st == SGF_OK) st = sgf_scenario_validate(&def, &diag);
        long made = sgf_alloc_fail_at(0);
        sgf_world_def_free(&def);
        if (made < n) { /* past the last allocation: the load must succeed */
            CHECK_MSG(st == SGF_OK, "%s: status %d without a failure: %s",
                      path ? path : "<default>", (int)st, diag.message);
            break;
        }
        points++;
        CHECK_MSG(st == SGF_ERR_NOMEM, "%s, allocation %ld failed: status %d (%s)",
                  path ? path : "<default>", n, (int)st, diag.message);
        CHECK_CONTAINS(diag.message, "out of memory");
    }
    printf("    %s: %ld points of failure\n", path ? path : "<default>", points);
    CHECK_LT(0, points);
}

TEST(loading_the_default_scenario)
{
    check_load(sgf_ctx_, NULL);
}

TEST(loading_a_file_with_extends_and_include)
{
    char a[2048], b[2048];
    snprintf(a, sizeof a, "%s/tests/data/extends_child.cfg", source_dir());
    snprintf(b, sizeof b, "%s/tests/data/include_main.cfg", source_dir());
    check_load(sgf_ctx_, a);
    check_load(sgf_ctx_, b);
}

TEST(applying_settings)
{
    static const char *const sets[] = {
        "markets.DE.demand_units_per_week=12.5",
        "populations=({name=\"extra\";count=5;role=\"sales_partner\";})",
        "events=({name=\"shock\";kind=\"demand_shock\";at_tick=3;target=\"market\";"
        "target_name=\"DE\";magnitude=0.5;})",
    };
    long points = 0;
    for (long n = 1; n < MAX_POINTS; n++) {
        sgf_world_def def = default_def();
        sgf_diag diag;
        memset(&diag, 0, sizeof diag);
        sgf_status st = SGF_OK;
        sgf_alloc_fail_at(n);
        for (size_t i = 0; st == SGF_OK && i < sizeof sets / sizeof sets[0]; i++)
            st = sgf_scenario_apply_set(&def, sets[i], &diag);
        long made = sgf_alloc_fail_at(0);
        sgf_world_def_free(&def);
        if (made < n) {
            /* A --set the schema rejects is a scenario error, not a fault;
             * only memory is under test here. */
            CHECK_MSG(st == SGF_OK || st == SGF_ERR_SCENARIO, "status %d: %s", (int)st,
                      diag.message);
            break;
        }
        points++;
        CHECK_MSG(st == SGF_ERR_NOMEM || st == SGF_ERR_SCENARIO,
                  "allocation %ld failed: status %d (%s)", n, (int)st, diag.message);
    }
    printf("    --set: %ld points of failure\n", points);
    CHECK_LT(0, points);
}

/* ---- the world --------------------------------------------------------------------------- */

TEST(building_the_default_world)
{
    sgf_world_def def = default_def();
    long points = 0;
    for (long n = 1; n < MAX_POINTS; n++) {
        sgf_world *w = (sgf_world *)&points; /* create must clear it on failure */
        sgf_alloc_fail_at(n);
        sgf_status st = sgf_world_create(&def, &w);
        long made = sgf_alloc_fail_at(0);
        if (made < n) {
            CHECK_EQ_INT(st, SGF_OK);
            CHECK(w != NULL);
            sgf_world_destroy(w);
            break;
        }
        points++;
        if (st == SGF_OK) {
            /* A failure the world absorbed: it must run like any other. */
            CHECK_MSG(false, "allocation %ld failed but sgf_world_create returned SGF_OK", n);
            sgf_world_destroy(w);
            continue;
        }
        CHECK_MSG(st == SGF_ERR_NOMEM, "allocation %ld failed: status %d", n, (int)st);
        CHECK_MSG(w == NULL, "allocation %ld failed: *out not cleared", n);
    }
    printf("    sgf_world_create: %ld points of failure\n", points);
    sgf_world_def_free(&def);
    CHECK_LT(0, points);
}

/* Fails the n-th allocation of a run's weeks (after a clean build) for
 * every n. The step that meets it must return SGF_ERR_NOMEM with a message,
 * or the run must end exactly as the run without failures: same world hash,
 * same number of log lines. */
static void check_run(sgf_test_ctx *sgf_ctx_, const sgf_world_def *def, const char *label)
{
    long made = 0;
    run_end want = faulty_run(def, 0, &made);
    CHECK_MSG(want.st == SGF_OK, "%s: %s", label, want.error);
    long points = 0, absorbed = 0;
    for (long n = 1; n < MAX_POINTS; n++) {
        run_end got = faulty_run(def, n, &made);
        if (made < n) {
            CHECK_EQ_INT(got.st, SGF_OK);
            CHECK_EQ_U64(got.hash, want.hash);
            break;
        }
        points++;
        if (got.st == SGF_OK) {
            absorbed++;
            CHECK_MSG(got.hash == want.hash && got.log_lines == want.log_lines,
                      "%s: allocation %ld (of %ld) failed, every step returned SGF_OK, and "
                      "the run differs from the one without failures (hash %s, %ld log lines "
                      "instead of %ld)",
                      label, n, made, got.hash == want.hash ? "same" : "differs", got.log_lines,
                      want.log_lines);
        } else {
            CHECK_MSG(got.st == SGF_ERR_NOMEM, "%s: allocation %ld failed: status %d (%s)", label,
                      n, (int)got.st, got.error);
            CHECK_CONTAINS(got.error, "out of memory");
        }
    }
    printf("    %s: %ld points of failure, %ld absorbed\n", label, points, absorbed);
    CHECK_LT(0, points);
}

TEST(a_short_run)
{
    sgf_world_def def = default_def();
    check_run(sgf_ctx_, &def, "20 weeks");
    sgf_world_def_free(&def);
}

/* Ten years, with what grows during a run: a partner listed to join later, a
 * demand shock that schedules its recovery, partners recruited and leaving. */
TEST(ten_years_with_events)
{
    sgf_world_def def = default_def();
    def.ticks = 520;
    sgf_diag diag;
    static const char *const sets[] = {
        "partners=({name=\"Late joiner\";role=\"sales_partner\";market_iso=\"DE\";"
        "start_tick=30;})",
        "events=({name=\"slump\";kind=\"demand_shock\";at_tick=40;target=\"market\";"
        "target_name=\"DE\";magnitude=0.5;duration_weeks=8;})",
    };
    for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++) {
        sgf_status st = sgf_scenario_apply_set(&def, sets[i], &diag);
        CHECK_MSG(st == SGF_OK, "%s: %s", sets[i], diag.message);
    }
    check_run(sgf_ctx_, &def, "520 weeks");
    sgf_world_def_free(&def);
}

/* ---- everything `sgf run` does, in one process ------------------------------------------- */

/* Load, validate, build, open the output, RUN_TICKS weeks written, close:
 * the command's path (sim/cli/cmd_run.c) with one counter across all of it.
 * Returns the status; *stage names the step that failed. */
static sgf_status whole_run(const char *dir, const char **stage)
{
    sgf_world_def def = sgf_world_def_default();
    sgf_diag diag;
    memset(&diag, 0, sizeof diag);
    sgf_world *w = NULL;
    sgf_output *out = NULL;
    char err[512] = "";
    *stage = "load";
    sgf_status st = sgf_scenario_load_default(&def, &diag);
    if (st == SGF_OK) {
        def.ticks = RUN_TICKS;
        def.check = true;
        *stage = "validate";
        st = sgf_scenario_validate(&def, &diag);
    }
    if (st == SGF_OK) {
        *stage = "create";
        st = sgf_world_create(&def, &w);
    }
    if (st == SGF_OK) {
        *stage = "open";
        sgf_output_opts opts = {.dir = dir,
                                .force = false,
                                .scenario_name = "<default>",
                                .scenario_hash = sgf_def_hash(&def),
                                .version = SGF_VERSION};
        st = sgf_output_open(&opts, w, &out, err, sizeof err);
    }
    while (st == SGF_OK && !sgf_world_done(w)) {
        *stage = "step";
        st = sgf_world_step(w);
        if (st == SGF_OK) {
            *stage = "write";
            st = sgf_output_tick(out, w);
        }
    }
    if (out) {
        if (st == SGF_OK) *stage = "close";
        sgf_status cst = sgf_output_close(out, w, st == SGF_OK);
        if (st == SGF_OK) st = cst;
    }
    sgf_world_destroy(w);
    sgf_world_def_free(&def);
    return st;
}

static char *slurp(const char *dir, const char *name, size_t *len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0, got;
    char *buf = malloc(cap);
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    *len = n;
    return buf;
}

/* Every file of a finished run is byte-identical to the reference's. */
static bool same_files(const char *dir, const char *ref, char *which, size_t size)
{
    static const char *const names[] = {"timeseries.csv", "events.csv",  "network.jsonl",
                                        "network.gexf",   "summary.csv", "manifest.json"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        size_t la = 0, lb = 0;
        char *a = slurp(dir, names[i], &la), *b = slurp(ref, names[i], &lb);
        bool same = (a == NULL) == (b == NULL) && la == lb && (!a || memcmp(a, b, la) == 0);
        free(a);
        free(b);
        if (!same) {
            snprintf(which, size, "%s", names[i]);
            return false;
        }
    }
    return true;
}

/* Whatever allocation fails, the command's path ends in SGF_ERR_NOMEM with
 * no manifest.json (the mark of a finished run) and no file or temporary
 * left behind, or it finishes with files byte-identical to those of the run
 * without failures. */
TEST(the_whole_run_command)
{
    char tmp[] = "/tmp/sgf-test-faults-XXXXXX";
    if (!mkdtemp(tmp)) {
        CHECK(false);
        return;
    }
    char dir[256], ref[256], which[64];
    snprintf(dir, sizeof dir, "%s/run", tmp);
    snprintf(ref, sizeof ref, "%s/reference", tmp);
    const char *stage;
    sgf_alloc_fail_at(0);
    CHECK_EQ_INT(whole_run(ref, &stage), SGF_OK);
    long points = 0, absorbed = 0;
    for (long n = 1; n < MAX_POINTS; n++) {
        sgf_alloc_fail_at(n);
        sgf_status st = whole_run(dir, &stage);
        long made = sgf_alloc_fail_at(0);
        bool finished = exists_in(dir, "manifest.json");
        if (made < n) {
            CHECK_MSG(st == SGF_OK, "status %d without a failure (%s)", (int)st, stage);
            CHECK(finished && same_files(dir, ref, which, sizeof which));
            remove_tree(dir);
            break;
        }
        points++;
        if (st == SGF_OK) {
            absorbed++;
            CHECK(finished);
            CHECK_MSG(same_files(dir, ref, which, sizeof which),
                      "allocation %ld (of %ld) failed, the run reported success, and its %s "
                      "differs from the run without failures",
                      n, made, which);
        } else {
            CHECK_MSG(st == SGF_ERR_NOMEM, "allocation %ld (%s): status %d", n, stage, (int)st);
            CHECK_MSG(!finished, "allocation %ld (%s): manifest.json claims a finished run", n,
                      stage);
            /* Nothing half-written may remain: at most an empty directory. */
            DIR *d = opendir(dir);
            if (d) {
                struct dirent *e;
                while ((e = readdir(d)) != NULL)
                    if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
                        CHECK_MSG(false, "allocation %ld (%s): %s left in the directory", n, stage,
                                  e->d_name);
                closedir(d);
            }
        }
        remove_tree(dir);
    }
    printf("    the whole run: %ld points of failure, %ld absorbed\n", points, absorbed);
    remove_tree(tmp);
    CHECK_LT(0, points);
}

int main(int argc, char **argv)
{
    return RUN_TESTS(argc, argv, loading_the_default_scenario,
                     loading_a_file_with_extends_and_include, applying_settings,
                     building_the_default_world, a_short_run, ten_years_with_events,
                     the_whole_run_command);
}
