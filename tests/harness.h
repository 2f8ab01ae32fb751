/* harness.h: the smallest test harness that does the job.
 *
 * A test file defines tests with TEST(name) and ends with
 *   int main(int argc, char **argv) { return RUN_TESTS(argc, argv, a, b, c); }
 * Each CHECK failure prints the expression and, for the typed checks, both
 * values, then the test goes on so that one run shows every failure. The
 * binary prints "N passed, N failed" as its last line and exits non-zero when
 * any test failed. Passing test names on the command line runs only those.
 */
#ifndef SGF_TEST_HARNESS_H
#define SGF_TEST_HARNESS_H

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct sgf_test_ctx {
    int failures;
    const char *name;
} sgf_test_ctx;

typedef struct sgf_test_case {
    const char *name;
    void (*fn)(sgf_test_ctx *ctx);
} sgf_test_case;

#define TEST(name) static void name(sgf_test_ctx *sgf_ctx_)

#define SGF_FAIL_(...)                                                                             \
    do {                                                                                           \
        fprintf(stderr, "%s:%d: %s: ", __FILE__, __LINE__, sgf_ctx_->name);                        \
        fprintf(stderr, __VA_ARGS__);                                                              \
        fputc('\n', stderr);                                                                       \
        sgf_ctx_->failures++;                                                                      \
    } while (0)

#define CHECK(expr)                                                                                \
    do {                                                                                           \
        if (!(expr)) SGF_FAIL_("CHECK(%s) failed", #expr);                                         \
    } while (0)

#define CHECK_MSG(expr, ...)                                                                       \
    do {                                                                                           \
        if (!(expr)) {                                                                             \
            SGF_FAIL_("CHECK(%s) failed", #expr);                                                  \
            fprintf(stderr, "    ");                                                               \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fputc('\n', stderr);                                                                   \
        }                                                                                          \
    } while (0)

#define CHECK_EQ_INT(a, b)                                                                         \
    do {                                                                                           \
        long long sgf_a_ = (long long)(a), sgf_b_ = (long long)(b);                                \
        if (sgf_a_ != sgf_b_)                                                                      \
            SGF_FAIL_("CHECK_EQ_INT(%s, %s): %lld != %lld", #a, #b, sgf_a_, sgf_b_);               \
    } while (0)

#define CHECK_EQ_U64(a, b)                                                                         \
    do {                                                                                           \
        uint64_t sgf_a_ = (uint64_t)(a), sgf_b_ = (uint64_t)(b);                                   \
        if (sgf_a_ != sgf_b_)                                                                      \
            SGF_FAIL_("CHECK_EQ_U64(%s, %s): 0x%" PRIx64 " != 0x%" PRIx64, #a, #b, sgf_a_,         \
                      sgf_b_);                                                                     \
    } while (0)

#define CHECK_NEAR(a, b, tol)                                                                      \
    do {                                                                                           \
        double sgf_a_ = (double)(a), sgf_b_ = (double)(b);                                         \
        if (!(fabs(sgf_a_ - sgf_b_) <= (double)(tol)))                                             \
            SGF_FAIL_("CHECK_NEAR(%s, %s, %s): %.9g vs %.9g", #a, #b, #tol, sgf_a_, sgf_b_);       \
    } while (0)

/* a < b, with both values printed: for direction-of-effect tests. */
#define CHECK_LT(a, b)                                                                             \
    do {                                                                                           \
        double sgf_a_ = (double)(a), sgf_b_ = (double)(b);                                         \
        if (!(sgf_a_ < sgf_b_))                                                                    \
            SGF_FAIL_("CHECK_LT(%s, %s): %.9g is not < %.9g", #a, #b, sgf_a_, sgf_b_);             \
    } while (0)

#define CHECK_STR(a, b)                                                                            \
    do {                                                                                           \
        const char *sgf_a_ = (a), *sgf_b_ = (b);                                                   \
        if (!sgf_a_ || !sgf_b_ || strcmp(sgf_a_, sgf_b_) != 0)                                     \
            SGF_FAIL_("CHECK_STR(%s, %s): \"%s\" != \"%s\"", #a, #b, sgf_a_ ? sgf_a_ : "(null)",   \
                      sgf_b_ ? sgf_b_ : "(null)");                                                 \
    } while (0)

/* haystack contains needle */
#define CHECK_CONTAINS(hay, needle)                                                                \
    do {                                                                                           \
        const char *sgf_h_ = (hay), *sgf_n_ = (needle);                                            \
        if (!sgf_h_ || !strstr(sgf_h_, sgf_n_))                                                    \
            SGF_FAIL_("CHECK_CONTAINS(%s, %s): \"%s\" lacks \"%s\"", #hay, #needle,                \
                      sgf_h_ ? sgf_h_ : "(null)", sgf_n_);                                         \
    } while (0)

static inline int sgf_run_tests_(int argc, char **argv, const sgf_test_case *cases, size_t count)
{
    int passed = 0, failed = 0;
    for (size_t i = 0; i < count; i++) {
        if (argc > 1) {
            int wanted = 0;
            for (int a = 1; a < argc; a++)
                if (strcmp(argv[a], cases[i].name) == 0) wanted = 1;
            if (!wanted) continue;
        }
        sgf_test_ctx ctx = {0, cases[i].name};
        cases[i].fn(&ctx);
        if (ctx.failures) {
            failed++;
            printf("FAIL %s\n", cases[i].name);
        } else {
            passed++;
            printf("ok   %s\n", cases[i].name);
        }
        fflush(stdout);
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}

#define SGF_CASE_(fn)                                                                              \
    {                                                                                              \
#fn, fn                                                                                    \
    }
/* SGF_CASES_(a, b, ...) expands to {"a", a}, {"b", b}, ... (up to 64). */
#define SGF_NARG_(...)                                                                             \
    SGF_NARG_N_(__VA_ARGS__, 64, 63, 62, 61, 60, 59, 58, 57, 56, 55, 54, 53, 52, 51, 50, 49, 48,   \
                47, 46, 45, 44, 43, 42, 41, 40, 39, 38, 37, 36, 35, 34, 33, 32, 31, 30, 29, 28,    \
                27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7,   \
                6, 5, 4, 3, 2, 1)
#define SGF_NARG_N_(_1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, _16, _17,    \
                    _18, _19, _20, _21, _22, _23, _24, _25, _26, _27, _28, _29, _30, _31, _32,     \
                    _33, _34, _35, _36, _37, _38, _39, _40, _41, _42, _43, _44, _45, _46, _47,     \
                    _48, _49, _50, _51, _52, _53, _54, _55, _56, _57, _58, _59, _60, _61, _62,     \
                    _63, _64, n, ...)                                                              \
    n
#define SGF_CAT_(a, b) SGF_CAT2_(a, b)
#define SGF_CAT2_(a, b) a##b
#define SGF_CASES_(...) SGF_CAT_(SGF_C, SGF_NARG_(__VA_ARGS__))(__VA_ARGS__)
#define SGF_C1(x) SGF_CASE_(x)
#define SGF_C2(x, ...) SGF_CASE_(x), SGF_C1(__VA_ARGS__)
#define SGF_C3(x, ...) SGF_CASE_(x), SGF_C2(__VA_ARGS__)
#define SGF_C4(x, ...) SGF_CASE_(x), SGF_C3(__VA_ARGS__)
#define SGF_C5(x, ...) SGF_CASE_(x), SGF_C4(__VA_ARGS__)
#define SGF_C6(x, ...) SGF_CASE_(x), SGF_C5(__VA_ARGS__)
#define SGF_C7(x, ...) SGF_CASE_(x), SGF_C6(__VA_ARGS__)
#define SGF_C8(x, ...) SGF_CASE_(x), SGF_C7(__VA_ARGS__)
#define SGF_C9(x, ...) SGF_CASE_(x), SGF_C8(__VA_ARGS__)
#define SGF_C10(x, ...) SGF_CASE_(x), SGF_C9(__VA_ARGS__)
#define SGF_C11(x, ...) SGF_CASE_(x), SGF_C10(__VA_ARGS__)
#define SGF_C12(x, ...) SGF_CASE_(x), SGF_C11(__VA_ARGS__)
#define SGF_C13(x, ...) SGF_CASE_(x), SGF_C12(__VA_ARGS__)
#define SGF_C14(x, ...) SGF_CASE_(x), SGF_C13(__VA_ARGS__)
#define SGF_C15(x, ...) SGF_CASE_(x), SGF_C14(__VA_ARGS__)
#define SGF_C16(x, ...) SGF_CASE_(x), SGF_C15(__VA_ARGS__)
#define SGF_C17(x, ...) SGF_CASE_(x), SGF_C16(__VA_ARGS__)
#define SGF_C18(x, ...) SGF_CASE_(x), SGF_C17(__VA_ARGS__)
#define SGF_C19(x, ...) SGF_CASE_(x), SGF_C18(__VA_ARGS__)
#define SGF_C20(x, ...) SGF_CASE_(x), SGF_C19(__VA_ARGS__)
#define SGF_C21(x, ...) SGF_CASE_(x), SGF_C20(__VA_ARGS__)
#define SGF_C22(x, ...) SGF_CASE_(x), SGF_C21(__VA_ARGS__)
#define SGF_C23(x, ...) SGF_CASE_(x), SGF_C22(__VA_ARGS__)
#define SGF_C24(x, ...) SGF_CASE_(x), SGF_C23(__VA_ARGS__)
#define SGF_C25(x, ...) SGF_CASE_(x), SGF_C24(__VA_ARGS__)
#define SGF_C26(x, ...) SGF_CASE_(x), SGF_C25(__VA_ARGS__)
#define SGF_C27(x, ...) SGF_CASE_(x), SGF_C26(__VA_ARGS__)
#define SGF_C28(x, ...) SGF_CASE_(x), SGF_C27(__VA_ARGS__)
#define SGF_C29(x, ...) SGF_CASE_(x), SGF_C28(__VA_ARGS__)
#define SGF_C30(x, ...) SGF_CASE_(x), SGF_C29(__VA_ARGS__)
#define SGF_C31(x, ...) SGF_CASE_(x), SGF_C30(__VA_ARGS__)
#define SGF_C32(x, ...) SGF_CASE_(x), SGF_C31(__VA_ARGS__)
#define SGF_C33(x, ...) SGF_CASE_(x), SGF_C32(__VA_ARGS__)
#define SGF_C34(x, ...) SGF_CASE_(x), SGF_C33(__VA_ARGS__)
#define SGF_C35(x, ...) SGF_CASE_(x), SGF_C34(__VA_ARGS__)
#define SGF_C36(x, ...) SGF_CASE_(x), SGF_C35(__VA_ARGS__)
#define SGF_C37(x, ...) SGF_CASE_(x), SGF_C36(__VA_ARGS__)
#define SGF_C38(x, ...) SGF_CASE_(x), SGF_C37(__VA_ARGS__)
#define SGF_C39(x, ...) SGF_CASE_(x), SGF_C38(__VA_ARGS__)
#define SGF_C40(x, ...) SGF_CASE_(x), SGF_C39(__VA_ARGS__)
#define SGF_C41(x, ...) SGF_CASE_(x), SGF_C40(__VA_ARGS__)
#define SGF_C42(x, ...) SGF_CASE_(x), SGF_C41(__VA_ARGS__)
#define SGF_C43(x, ...) SGF_CASE_(x), SGF_C42(__VA_ARGS__)
#define SGF_C44(x, ...) SGF_CASE_(x), SGF_C43(__VA_ARGS__)
#define SGF_C45(x, ...) SGF_CASE_(x), SGF_C44(__VA_ARGS__)
#define SGF_C46(x, ...) SGF_CASE_(x), SGF_C45(__VA_ARGS__)
#define SGF_C47(x, ...) SGF_CASE_(x), SGF_C46(__VA_ARGS__)
#define SGF_C48(x, ...) SGF_CASE_(x), SGF_C47(__VA_ARGS__)
#define SGF_C49(x, ...) SGF_CASE_(x), SGF_C48(__VA_ARGS__)
#define SGF_C50(x, ...) SGF_CASE_(x), SGF_C49(__VA_ARGS__)
#define SGF_C51(x, ...) SGF_CASE_(x), SGF_C50(__VA_ARGS__)
#define SGF_C52(x, ...) SGF_CASE_(x), SGF_C51(__VA_ARGS__)
#define SGF_C53(x, ...) SGF_CASE_(x), SGF_C52(__VA_ARGS__)
#define SGF_C54(x, ...) SGF_CASE_(x), SGF_C53(__VA_ARGS__)
#define SGF_C55(x, ...) SGF_CASE_(x), SGF_C54(__VA_ARGS__)
#define SGF_C56(x, ...) SGF_CASE_(x), SGF_C55(__VA_ARGS__)
#define SGF_C57(x, ...) SGF_CASE_(x), SGF_C56(__VA_ARGS__)
#define SGF_C58(x, ...) SGF_CASE_(x), SGF_C57(__VA_ARGS__)
#define SGF_C59(x, ...) SGF_CASE_(x), SGF_C58(__VA_ARGS__)
#define SGF_C60(x, ...) SGF_CASE_(x), SGF_C59(__VA_ARGS__)
#define SGF_C61(x, ...) SGF_CASE_(x), SGF_C60(__VA_ARGS__)
#define SGF_C62(x, ...) SGF_CASE_(x), SGF_C61(__VA_ARGS__)
#define SGF_C63(x, ...) SGF_CASE_(x), SGF_C62(__VA_ARGS__)
#define SGF_C64(x, ...) SGF_CASE_(x), SGF_C63(__VA_ARGS__)
/* RUN_TESTS(argc, argv, t1, t2, ...): up to 64 tests. */
#define RUN_TESTS(argc, argv, ...)                                                                 \
    sgf_run_tests_((argc), (argv), (const sgf_test_case[]){SGF_CASES_(__VA_ARGS__)},               \
                   sizeof((const sgf_test_case[]){SGF_CASES_(__VA_ARGS__)}) /                      \
                       sizeof(sgf_test_case))

#endif
