/* test_fmtnum.c: the writers' number formatter (sim/io/fmtnum.c) against glibc.
 *
 * sgf_fmt_g must give exactly what snprintf "%.*g" gives, since a run's files
 * are compared byte for byte (test_golden.c). snprintf is the reference here
 * (SQLite's habit: test the fast code against a naive one): a few million
 * doubles from the project's PCG generator, over every exponent, at the
 * writers' precisions 7 and 10 and at every precision 1..17, plus the cases
 * where a fast formatter goes wrong: decimal halfway points, their
 * neighbours, powers of ten, and values that round up to the next power of
 * ten (9.9999999995 at %.10g). Each check also calls sgf_fmt_g_exact
 * directly, so a fast-path result that differs cannot hide behind the
 * snprintf fallback, and the fast path must take every value in the range
 * the writers print most (10^(prec-19) <= |x| < 10^(prec-1)).
 */
#include <float.h>
#include <stdbool.h>
#include <stdint.h>

#include "io/fmtnum.h"
#include "harness.h"
#include "sgf/sgf_rng.h"

typedef struct fmt_stats {
    long checked;  /* values compared with snprintf */
    long fast;     /* of them, formatted by the exact fast path */
    long failures; /* mismatches reported (at most a few printed) */
} fmt_stats;

/* Compares both entry points with snprintf for x at prec; on a mismatch
 * prints the value's bits so that it can be replayed. */
static void check_one(sgf_test_ctx *sgf_ctx_, fmt_stats *st, double x, int prec)
{
    char want[64], got[64], fast[SGF_FMT_G_SIZE];
    snprintf(want, sizeof want, "%.*g", prec, x);
    sgf_fmt_g(got, sizeof got, x, prec);
    bool took = sgf_fmt_g_exact(fast, x, prec);
    st->checked++;
    if (took) st->fast++;
    bool bad = strcmp(got, want) != 0 || (took && strcmp(fast, want) != 0);
    if (bad) {
        uint64_t bits;
        memcpy(&bits, &x, sizeof bits);
        if (st->failures++ < 10)
            SGF_FAIL_("%%.%dg of 0x%016" PRIx64 " (%.17g): snprintf \"%s\", sgf_fmt_g \"%s\", "
                      "fast path %s \"%s\"",
                      prec, bits, x, want, got, took ? "took it:" : "declined", took ? fast : "");
    }
}

/* Checks x and -x with the given precision. */
static void check_pm(sgf_test_ctx *sgf_ctx_, fmt_stats *st, double x, int prec)
{
    check_one(sgf_ctx_, st, x, prec);
    check_one(sgf_ctx_, st, -x, prec);
}

static double from_bits(uint64_t bits)
{
    double x;
    memcpy(&x, &bits, sizeof x);
    return x;
}

static uint64_t rng_u64(sgf_rng *r)
{
    uint64_t hi = sgf_rng_u32(r);
    return hi << 32 | sgf_rng_u32(r);
}

/* A double with a uniformly random mantissa and sign whose decimal exponent
 * is uniform over [lo_exp, hi_exp]: m * 10^E for m in [1, 10). */
static double random_decimal(sgf_rng *r, int lo_exp, int hi_exp)
{
    int E = lo_exp + (int)sgf_rng_bounded(r, (uint32_t)(hi_exp - lo_exp + 1));
    double m = 1.0 + 9.0 * sgf_rng_uniform(r);
    double x = m * pow(10.0, E);
    return sgf_rng_u32(r) & 1 ? -x : x;
}

/* Every bit pattern is equally likely: all exponents, subnormals, zeros,
 * infinities and NaNs, at every precision 1..17. */
TEST(random_bit_patterns_every_precision)
{
    fmt_stats st = {0, 0, 0};
    sgf_rng r;
    sgf_rng_seed(&r, 20261123u, 1);
    for (int prec = 1; prec <= 17; prec++)
        for (int i = 0; i < 60000; i++) check_one(sgf_ctx_, &st, from_bits(rng_u64(&r)), prec);
    printf("    random bits: %ld values, %ld by the fast path\n", st.checked, st.fast);
    CHECK(st.failures == 0);
}

/* The writers' precisions over the exponents a run prints and far beyond:
 * 10^-30 .. 10^30 for %.7g and %.10g, a million values each. */
TEST(random_decimals_writer_precisions)
{
    static const int precs[] = {7, 10};
    sgf_rng r;
    sgf_rng_seed(&r, 20261123u, 2);
    for (size_t p = 0; p < sizeof precs / sizeof precs[0]; p++) {
        fmt_stats st = {0, 0, 0};
        for (int i = 0; i < 1000000; i++)
            check_one(sgf_ctx_, &st, random_decimal(&r, -30, 30), precs[p]);
        printf("    %%.%dg: %ld values in 1e-30 .. 1e31, %ld by the fast path\n", precs[p],
               st.checked, st.fast);
        CHECK(st.failures == 0);
        CHECK(st.fast > st.checked / 4); /* 20 of the 61 exponents are in its range */
    }
}

/* Floats widened to double, as fmt_float prints the model's float state. */
TEST(random_floats_at_7)
{
    fmt_stats st = {0, 0, 0};
    sgf_rng r;
    sgf_rng_seed(&r, 20261123u, 3);
    for (int i = 0; i < 500000; i++) {
        uint32_t bits = sgf_rng_u32(&r);
        float f;
        memcpy(&f, &bits, sizeof f);
        check_one(sgf_ctx_, &st, (double)f, 7);
        check_one(sgf_ctx_, &st, (double)(float)random_decimal(&r, -8, 8), 7);
    }
    CHECK(st.failures == 0);
}

/* Every precision on values near 1 .. 10^prec, where the fast path works. */
TEST(random_decimals_every_precision)
{
    sgf_rng r;
    sgf_rng_seed(&r, 20261123u, 4);
    fmt_stats st = {0, 0, 0};
    for (int prec = 1; prec <= 17; prec++)
        for (int i = 0; i < 60000; i++) check_one(sgf_ctx_, &st, random_decimal(&r, -22, 18), prec);
    printf("    every precision: %ld values, %ld by the fast path\n", st.checked, st.fast);
    CHECK(st.failures == 0);
}

/* Exact decimal halfway points: x * 10^k = q + 1/2 with q of prec digits,
 * which glibc rounds to even. x = t / 2^(k+1) with t odd gives
 * x * 10^k = t * 5^k / 2, a half when t * 5^k is odd; t is chosen so that
 * q has prec digits. Their neighbours one and two ulps away round away from
 * the tie. Also ties of large numbers, x = (2q + 1) * 5^j * 2^(j-1), which
 * are halfway at the 10^j place. */
TEST(halfway_cases_round_half_even)
{
    sgf_rng r;
    sgf_rng_seed(&r, 20261123u, 5);
    fmt_stats st = {0, 0, 0};
    long ties = 0;
    for (int prec = 1; prec <= 17; prec++) {
        for (int k = 0; k <= 22; k++) {
            double five_k = pow(5.0, k);
            double lo = ceil(2.0 * pow(10.0, prec - 1) / five_k);
            double hi = floor(2.0 * pow(10.0, prec) / five_k);
            if (hi > 9007199254740991.0) hi = 9007199254740991.0; /* t < 2^53 */
            if (lo < 1.0) lo = 1.0;
            if (hi < lo) continue;
            for (int i = 0; i < 400; i++) {
                double t = lo + floor((hi - lo + 1.0) * sgf_rng_uniform(&r));
                if (t > hi) t = hi;
                if (fmod(t, 2.0) == 0.0) t = t + 1.0 <= hi ? t + 1.0 : t - 1.0;
                if (t < lo || fmod(t, 2.0) == 0.0) continue;
                double x = ldexp(t, -(k + 1));
                ties++;
                check_pm(sgf_ctx_, &st, x, prec);
                double up = x, down = x;
                for (int u = 0; u < 2; u++) {
                    up = nextafter(up, INFINITY);
                    down = nextafter(down, 0.0);
                    check_pm(sgf_ctx_, &st, up, prec);
                    check_pm(sgf_ctx_, &st, down, prec);
                }
            }
        }
        for (int j = 1; j <= 20; j++) {
            for (int i = 0; i < 50; i++) {
                double q = floor(pow(10.0, prec - 1) * (1.0 + 9.0 * sgf_rng_uniform(&r)));
                double x = (2.0 * q + 1.0) * pow(5.0, j) * ldexp(1.0, j - 1);
                if (x >= 9007199254740992.0 * ldexp(1.0, j - 1)) continue; /* inexact */
                ties++;
                check_pm(sgf_ctx_, &st, x, prec);
            }
        }
    }
    printf("    %ld halfway points and their neighbours: %ld values, %ld by the fast path\n", ties,
           st.checked, st.fast);
    CHECK(ties > 50000);
    CHECK(st.failures == 0);
}

/* 10^n for every n a double has, with neighbours, at every precision. */
TEST(powers_of_ten)
{
    fmt_stats st = {0, 0, 0};
    for (int n = -324; n <= 308; n++) {
        char lit[16];
        snprintf(lit, sizeof lit, "1e%d", n);
        double x = strtod(lit, NULL); /* correctly rounded, unlike pow */
        if (x == 0.0) continue;
        for (int prec = 1; prec <= 17; prec++) {
            check_pm(sgf_ctx_, &st, x, prec);
            double up = x, down = x;
            for (int u = 0; u < 3; u++) {
                up = nextafter(up, INFINITY);
                down = nextafter(down, 0.0);
                check_pm(sgf_ctx_, &st, up, prec);
                check_pm(sgf_ctx_, &st, down, prec);
            }
        }
    }
    CHECK(st.failures == 0);
}

/* Values just below a power of ten that round up to it and gain a digit
 * (9.9999999995 at %.10g gives "10"), and those that stay below: for each
 * precision and exponent, (10^prec - 1/2) * 10^(n - prec) and its
 * neighbours, and a run of all nines. */
TEST(rounding_up_to_the_next_power_of_ten)
{
    fmt_stats st = {0, 0, 0};
    for (int prec = 1; prec <= 17; prec++) {
        for (int n = -30; n <= 30; n++) {
            char lit[64];
            /* prec nines and a 5, times 10^(n - prec - 1) */
            int len = 0;
            for (int i = 0; i < prec; i++) lit[len++] = '9';
            lit[len++] = '5';
            snprintf(lit + len, sizeof lit - (size_t)len, "e%d", n - prec - 1);
            double x = strtod(lit, NULL);
            check_pm(sgf_ctx_, &st, x, prec);
            double up = x, down = x;
            for (int u = 0; u < 4; u++) {
                up = nextafter(up, INFINITY);
                down = nextafter(down, 0.0);
                check_pm(sgf_ctx_, &st, up, prec);
                check_pm(sgf_ctx_, &st, down, prec);
            }
            lit[prec] = '9'; /* all nines: stays below */
            x = strtod(lit, NULL);
            check_pm(sgf_ctx_, &st, x, prec);
        }
    }
    static const double named[] = {9.9999999995, 9.999999999499999, 9.9999995,    0.99999999995,
                                   999999.95,    99999.995,         9999999999.5, 0.000099999995};
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
        for (int prec = 1; prec <= 17; prec++) check_pm(sgf_ctx_, &st, named[i], prec);
    CHECK(st.failures == 0);
}

/* The edges: zeros, NaN, infinities, subnormals, the extremes, and the
 * bounds of the fast path's range. */
TEST(special_values)
{
    fmt_stats st = {0, 0, 0};
    const double specials[] = {0.0,
                               -0.0,
                               NAN,
                               INFINITY,
                               -INFINITY,
                               DBL_MIN,
                               DBL_MAX,
                               DBL_TRUE_MIN,
                               DBL_MIN / 3.0,
                               DBL_EPSILON,
                               1.0,
                               0.1,
                               0.5,
                               1.5,
                               2.5,
                               9007199254740992.0,
                               9007199254740993.0,
                               ldexp(1.0, -127),
                               ldexp(1.0, -128),
                               ldexp(1.0, 53),
                               ldexp(1.0, 52) + 0.5,
                               1e-4,
                               0.99999e-4,
                               123456789012345678.0};
    for (size_t i = 0; i < sizeof specials / sizeof specials[0]; i++)
        for (int prec = 1; prec <= 17; prec++) check_pm(sgf_ctx_, &st, specials[i], prec);
    char buf[SGF_FMT_G_SIZE];
    CHECK(!sgf_fmt_g_exact(buf, 0.0, 10));
    CHECK(!sgf_fmt_g_exact(buf, NAN, 10));
    CHECK(!sgf_fmt_g_exact(buf, 1.5, 0));
    CHECK(!sgf_fmt_g_exact(buf, 1.5, 18));
    /* a small buffer goes to snprintf, which truncates as it always does */
    char small[4];
    CHECK_STR(sgf_fmt_g(small, sizeof small, 3.14159, 10), "3.1");
    CHECK(st.failures == 0);
}

/* The fast path must take what the writers print most, or the formatter is
 * only as fast as snprintf: every finite value with 10^(prec-19) <= |x| <
 * 10^(prec-1) for prec 7 and 10. */
TEST(fast_path_covers_the_writers_range)
{
    sgf_rng r;
    sgf_rng_seed(&r, 20261123u, 6);
    static const int precs[] = {7, 10};
    for (size_t p = 0; p < sizeof precs / sizeof precs[0]; p++) {
        int prec = precs[p];
        long declined = 0;
        char buf[SGF_FMT_G_SIZE];
        for (int i = 0; i < 200000; i++) {
            double x = random_decimal(&r, prec - 19, prec - 2);
            if (!sgf_fmt_g_exact(buf, x, prec)) {
                if (declined++ < 5) SGF_FAIL_("%%.%dg of %.17g went to snprintf", prec, x);
            }
        }
        CHECK_EQ_INT(declined, 0);
    }
}

int main(int argc, char **argv)
{
    return RUN_TESTS(argc, argv, random_bit_patterns_every_precision,
                     random_decimals_writer_precisions, random_floats_at_7,
                     random_decimals_every_precision, halfway_cases_round_half_even, powers_of_ten,
                     rounding_up_to_the_next_power_of_ten, special_values,
                     fast_path_covers_the_writers_range);
}
