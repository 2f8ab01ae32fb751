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
#include <fcntl.h>
#include <stdbool.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

#if defined(__SANITIZE_ADDRESS__)
#define SGF_TEST_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SGF_TEST_SANITIZED 1
#endif
#endif

static const char *sgf_bin(void)
{
    const char *bin = getenv("SGF_BIN");
    if (!bin || !*bin) {
        fprintf(stderr, "SGF_BIN is not set: run this test through ctest\n");
        exit(1);
    }
    return bin;
}

typedef struct result {
    int code;
    char *out, *err;
} result;

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return calloc(1, 1);
    size_t cap = 1 << 16, n = 0, got;
    char *buf = malloc(cap);
    while ((got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (cap - n < 2) buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    buf[n] = '\0';
    return buf;
}

/* Runs `sgf ARGS...` (NULL-terminated), capturing stdout and stderr. */
static result run_sgf_v(const char *const *args)
{
    result r = {-1, NULL, NULL};
    char out_path[64], err_path[64];
    snprintf(out_path, sizeof out_path, "/tmp/sgf-test-validate-%d.out", (int)getpid());
    snprintf(err_path, sizeof err_path, "/tmp/sgf-test-validate-%d.err", (int)getpid());
    const char *argv[32];
    int argc = 0;
    argv[argc++] = sgf_bin();
    for (; args[argc - 1] && argc < 31; argc++) argv[argc] = args[argc - 1];
    argv[argc] = NULL;
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) return r;
    if (pid == 0) {
        int fo = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int fe = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fo < 0 || fe < 0) _exit(127);
        dup2(fo, 1);
        dup2(fe, 2);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    int status = 0;
    if (waitpid(pid, &status, 0) == pid && WIFEXITED(status)) r.code = WEXITSTATUS(status);
    r.out = slurp(out_path);
    r.err = slurp(err_path);
    unlink(out_path);
    unlink(err_path);
    return r;
}

#define run_sgf(...) run_sgf_v((const char *const[]){__VA_ARGS__, NULL})

static void result_free(result *r)
{
    free(r->out);
    free(r->err);
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
    result r = run_sgf("validate", "--quick", "--seed", "11", "--reps", "5", "--firms", "300",
                       "--bootstrap", "100");
    CHECK_MSG(r.code == 0 || r.code == 1, "exit %d; stderr: %s", r.code, r.err);
    CHECK(r.err[0] == '\0');
    for (int p = 1; p <= 7; p++) {
        char head[8];
        snprintf(head, sizeof head, "-- %d ", p);
        CHECK_CONTAINS(r.out, head);
    }
    CHECK_CONTAINS(r.out, "checks:");
    result_free(&r);
}
#else
#define suite_test every_pattern_holds_for_three_master_seeds
TEST(every_pattern_holds_for_three_master_seeds)
{
    static const char *const seeds[] = {"11", "2024", "777"};
    for (int s = 0; s < 3; s++) {
        result r = run_sgf("validate", "--quick", "--seed", seeds[s]);
        CHECK_MSG(r.code == 0, "sgf validate --quick --seed %s exited %d; stderr: %s", seeds[s],
                  r.code, r.err);
        if (r.code != 0) print_failures(r.out);
        for (int p = 1; p <= 7; p++) {
            char head[8];
            snprintf(head, sizeof head, "-- %d ", p);
            CHECK_CONTAINS(r.out, head);
        }
        CHECK_CONTAINS(r.out, "checks:");
        result_free(&r);
    }
}
#endif

TEST(threads_do_not_change_the_table)
{
    result a = run_sgf("validate", "--pattern", "3,6", "--reps", "5", "--seed", "3", "-j", "1");
    result b = run_sgf("validate", "--pattern", "3,6", "--reps", "5", "--seed", "3", "-j", "3");
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
        result r = run_sgf_v((const char *const[]){"validate", bad[i][0], bad[i][1], NULL});
        CHECK_MSG(r.code == 2, "validate %s %s: exit %d", bad[i][0], bad[i][1] ? bad[i][1] : "",
                  r.code);
        CHECK_CONTAINS(r.err, "sgf validate");
        result_free(&r);
    }
    result h = run_sgf("validate", "--help");
    CHECK_EQ_INT(h.code, 0);
    CHECK_CONTAINS(h.out, "Usage: sgf validate");
    result_free(&h);
}

int main(int argc, char **argv)
{
    return RUN_TESTS(argc, argv, suite_test, threads_do_not_change_the_table, usage_errors_exit_2);
}
