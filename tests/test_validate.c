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
    return RUN_TESTS(argc, argv, suite_test, threads_do_not_change_the_table, usage_errors_exit_2);
}
