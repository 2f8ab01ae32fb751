/* test_validate.c: the pattern suite as CI runs it. Spawns
 * `$SGF_BIN validate --quick --seed S` for three master seeds and checks
 * that every pattern holds (exit status 0) and that the table names every
 * pattern; on a failure it prints the failing rows. Also checks the usage
 * errors and that the result does not depend on the thread count.
 *
 * Under AddressSanitizer (about ten times slower) the statistics are the
 * Release build's business: there one seed runs a small suite (5
 * replications, 300 survey firms), which must finish and print its table;
 * its verdicts are not judged.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define PROC_TAG "validate"
#include "proc.h"

#if defined(__SANITIZE_ADDRESS__)
#define SGF_TEST_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SGF_TEST_SANITIZED 1
#endif
#endif

/* The table has a heading for each of the seven patterns and the count line. */
static void check_every_pattern_listed(sgf_test_ctx *sgf_ctx_, const char *out)
{
    for (int p = 1; p <= 7; p++) {
        char head[8];
        snprintf(head, sizeof head, "-- %d ", p);
        CHECK_CONTAINS(out, head);
    }
    CHECK_CONTAINS(out, "checks:");
}

#ifndef SGF_TEST_SANITIZED
/* Print the table rows marked FAIL (and their continuation lines). */
static void print_failures(const char *out)
{
    bool in_fail = false;
    for (const char *line = out; line && *line;) {
        const char *end = strchr(line, '\n');
        int len = end ? (int)(end - line) : (int)strlen(line);
        bool row_start = len > 4 && line[0] != ' ' && line[3] == ' ';
        if (row_start) in_fail = len > 8 && strncmp(line + 4, "FAIL", 4) == 0;
        if (in_fail || strncmp(line, "failing:", 8) == 0) fprintf(stderr, "    %.*s\n", len, line);
        line = end ? end + 1 : NULL;
    }
}
#endif

#ifdef SGF_TEST_SANITIZED
#define suite_test the_suite_runs_clean_under_sanitizers
TEST(the_suite_runs_clean_under_sanitizers)
{
    result r = run_sgf(NULL, "validate", "--quick", "--seed", "11", "--reps", "5", "--firms", "300",
                       "--bootstrap", "100");
    CHECK_MSG(r.code == 0 || r.code == 1, "exit %d; stderr: %s", r.code, r.err);
    CHECK(r.err[0] == '\0');
    check_every_pattern_listed(sgf_ctx_, r.out);
    result_free(&r);
}
#else
#define suite_test every_pattern_holds_for_three_master_seeds
TEST(every_pattern_holds_for_three_master_seeds)
{
    static const char *const seeds[] = {"11", "2024", "777"};
    for (int s = 0; s < 3; s++) {
        result r = run_sgf(NULL, "validate", "--quick", "--seed", seeds[s]);
        CHECK_MSG(r.code == 0, "sgf validate --quick --seed %s exited %d; stderr: %s", seeds[s],
                  r.code, r.err);
        if (r.code != 0) print_failures(r.out);
        check_every_pattern_listed(sgf_ctx_, r.out);
        result_free(&r);
    }
}
#endif

/* The register's claims (sgf validate --claims): each holds, or fails as the
 * register says; the table's statuses are the register's (docs/CLAIMS.md). */
#ifdef SGF_TEST_SANITIZED
#define claims_test claims_run_clean_under_sanitizers
TEST(claims_run_clean_under_sanitizers)
{
    result r =
        run_sgf(NULL, "validate", "--claims", "--reps", "3", "--seed", "11", "--only", "C09,C17");
    CHECK_MSG(r.code == 0 || r.code == 1, "exit %d; stderr: %s", r.code, r.err);
    CHECK_CONTAINS(r.out, "C17 ");
    result_free(&r);
}
#else
#define claims_test claims_hold_or_fail_as_the_register_says
TEST(claims_hold_or_fail_as_the_register_says)
{
    result r = run_sgf(NULL, "validate", "--claims", "--quick", "-j", "2");
    CHECK_MSG(r.code == 0, "sgf validate --claims --quick exited %d; stderr: %s\n%s", r.code, r.err,
              r.out);
    CHECK_CONTAINS(r.out, "fail unexpectedly");
    CHECK(strstr(r.out, " FAILS ") == NULL);
    /* every row's status is the register's */
    const char *src = getenv("SGF_SOURCE_DIR");
    CHECK_MSG(src && *src, "SGF_SOURCE_DIR is not set");
    char path[1200];
    snprintf(path, sizeof path, "%s/docs/CLAIMS.md", src ? src : ".");
    size_t len = 0;
    char *reg = read_path(path, &len);
    CHECK_MSG(reg != NULL, "cannot read %s", path);
    int rows = 0;
    for (const char *line = r.out; reg && line && *line;) {
        const char *end = strchr(line, '\n');
        if (line[0] == 'C' && line[1] >= '0' && line[1] <= '9' && line[3] == ' ') {
            char id[8], status[32];
            const char *st = line + 4;
            while (*st == ' ') st++;
            static const char *const statuses[] = {"by construction", "not represented", "emergent",
                                                   "partial"};
            int n = 0;
            for (int k = 0; k < 4; k++)
                if (strncmp(st, statuses[k], strlen(statuses[k])) == 0)
                    n = (int)strlen(statuses[k]);
            CHECK_MSG(n > 0, "no status in '%.60s'", line);
            snprintf(id, sizeof id, "%.3s", line);
            snprintf(status, sizeof status, "%.*s", n, st);
            char key[16];
            snprintf(key, sizeof key, "| %s |", id);
            /* the register's row, after the generated table of measurements */
            const char *after = strstr(reg, "<!-- /docs_numbers:claims -->");
            const char *row = strstr(after ? after : reg, key);
            CHECK_MSG(row != NULL, "claim %s is not in docs/CLAIMS.md", id);
            if (row) {
                const char *row_end = strchr(row, '\n');
                const char *last = row_end;
                while (last > row && last[-1] != '|') last--; /* after the last '|' */
                const char *cell = last > row ? last - 1 : row;
                while (cell > row && cell[-1] != '|') cell--; /* the status cell */
                while (*cell == ' ') cell++;
                CHECK_MSG(strncmp(cell, status, strlen(status)) == 0,
                          "claim %s: --claims says '%s', the register '%.40s'", id, status, cell);
            }
            rows++;
        }
        line = end ? end + 1 : NULL;
    }
    CHECK(rows >= 10);
    free(reg);
    result_free(&r);
}
#endif

TEST(claims_do_not_depend_on_threads)
{
    result a = run_sgf(NULL, "validate", "--claims", "--only", "C17,C20", "--reps", "3", "--seed",
                       "5", "-j", "1");
    result b = run_sgf(NULL, "validate", "--claims", "--only", "C17,C20", "--reps", "3", "--seed",
                       "5", "-j", "3");
    CHECK(a.code == 0 || a.code == 1);
    CHECK_STR(a.out, b.out);
    CHECK_EQ_INT(a.code, b.code);
    result_free(&a);
    result_free(&b);
    CHECK_RUN(NULL, 2, err, "no claim with the id", "validate", "--claims", "--only", "C99");
    CHECK_RUN(NULL, 2, err, "--seed needs whole numbers", "validate", "--claims", "--seed", "1,x");
}

TEST(threads_do_not_change_the_table)
{
    result a =
        run_sgf(NULL, "validate", "--pattern", "3,6", "--reps", "5", "--seed", "3", "-j", "1");
    result b =
        run_sgf(NULL, "validate", "--pattern", "3,6", "--reps", "5", "--seed", "3", "-j", "3");
    CHECK(a.code == 0 || a.code == 1);
    CHECK_STR(a.out, b.out);
    CHECK_EQ_INT(a.code, b.code);
    result_free(&a);
    result_free(&b);
}

TEST(usage_errors_exit_2)
{
    const char *const bad[][3] = {{"--reps", "2", NULL},
                                  {"--pattern", "8", NULL},
                                  {"--pattern", "1,,2", NULL},
                                  {"--seed", "-1", NULL},
                                  {"--bogus", NULL, NULL}};
    for (int i = 0; i < 5; i++) {
        result r = run_sgf_v(NULL, (const char *const[]){"validate", bad[i][0], bad[i][1], NULL});
        CHECK_MSG(r.code == 2, "validate %s %s: exit %d", bad[i][0], bad[i][1] ? bad[i][1] : "",
                  r.code);
        CHECK_CONTAINS(r.err, "sgf validate");
        result_free(&r);
    }
    CHECK_RUN(NULL, 0, out, "Usage: sgf validate", "validate", "--help");
}

int main(int argc, char **argv)
{
    return RUN_TESTS(argc, argv, suite_test, claims_test, claims_do_not_depend_on_threads,
                     threads_do_not_change_the_table, usage_errors_exit_2);
}
