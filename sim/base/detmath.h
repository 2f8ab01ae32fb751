/* detmath.h: exp, log, sin, cos and cbrt from plain IEEE arithmetic.
 *
 * Why: glibc picks among implementations of exp, log and pow at run time by
 * CPU features (FMA or not), and they are not guaranteed to round the same
 * way. The model and its random streams use these functions instead, built
 * only from +, -, *, / and exact scaling (ldexp, frexp), compiled with
 * -ffp-contract=off, so a run gives the same bits on every x86-64 or ARM
 * machine whatever libm it has. Accuracy: a few units in the last place
 * (tests/test_detmath.c checks against libm over wide ranges).
 */
#ifndef SGF_DETMATH_H
#define SGF_DETMATH_H

#include <math.h>
#include <stdint.h>
#include <string.h>

/* p * 2^k, exact; builds the power of two from its bits where it is a
 * normal number (much faster than a call to ldexp). */
static inline double dm_scale2(double p, int k)
{
    if (k < -1022 || k > 1023) return ldexp(p, k);
    uint64_t bits = (uint64_t)(k + 1023) << 52;
    double two_k;
    memcpy(&two_k, &bits, sizeof two_k);
    return p * two_k;
}

#define DM_LN2_HI 6.93147180369123816490e-01 /* high bits of ln 2, exact times small k */
#define DM_LN2_LO 1.90821492927058770002e-10
#define DM_INV_LN2 1.44269504088896338700e+00

/* e^x. Overflows to +inf above 709.78, underflows to 0 below -745.1. */
static inline double dm_exp(double x)
{
    if (x != x) return x;
    if (x > 709.782712893384) return HUGE_VAL;
    if (x < -745.1332191019412) return 0.0;
    double kf = floor(x * DM_INV_LN2 + 0.5);
    int k = (int)kf;
    double r = (x - kf * DM_LN2_HI) - kf * DM_LN2_LO; /* |r| <= 0.347 */
    /* Taylor series to r^13: error below 2e-16 relative on |r| <= 0.347 */
    double p = 1.0 / 6227020800.0;
    p = p * r + 1.0 / 479001600.0;
    p = p * r + 1.0 / 39916800.0;
    p = p * r + 1.0 / 3628800.0;
    p = p * r + 1.0 / 362880.0;
    p = p * r + 1.0 / 40320.0;
    p = p * r + 1.0 / 5040.0;
    p = p * r + 1.0 / 720.0;
    p = p * r + 1.0 / 120.0;
    p = p * r + 1.0 / 24.0;
    p = p * r + 1.0 / 6.0;
    p = p * r + 0.5;
    p = p * r + 1.0;
    p = p * r + 1.0;
    return dm_scale2(p, k);
}

/* 1 - e^-x = x (1 - x/2 (1 - x/3 (1 - ...))): the coefficients of the
 * nested Taylor series to x^10 / 10!, innermost first after 1/10!. */
static const double dm_omen_series[9] = {1.0 / 362880.0, 1.0 / 40320.0, 1.0 / 5040.0,
                                         1.0 / 720.0,    1.0 / 120.0,   1.0 / 24.0,
                                         1.0 / 6.0,      0.5,           1.0};

/* 1 - e^-x for x >= 0: its Taylor series below 0.05 (no cancellation;
 * about 1e-16 relative), 1 - dm_exp(-x) above (cancellation costs at most
 * 5e-15 relative there). */
static inline double dm_one_minus_exp_neg(double x)
{
    if (x < 0.05) {
        double t = 1.0 / 3628800.0; /* x^10 / 10! */
        for (int k = 0; k < 9; k++) t = dm_omen_series[k] - x * t;
        return x * t;
    }
    return 1.0 - dm_exp(-x);
}

#if defined(__GNUC__) && defined(__SSE2__)
/* Two doubles in an SSE2 register (GCC and Clang vector extension): each
 * lane is rounded as the scalar operation would round it, so code written
 * with it gives the same bits as the scalar code it replaces. */
typedef double dm_v2d __attribute__((vector_size(16)));
#endif

/* dm_one_minus_exp_neg of four values, out[j] for x[j]: the same operations
 * in the same order lane by lane, so the same bits. When all four take the
 * series, it runs the four side by side, which hides each series' latency
 * behind the others' (and lets the compiler pair lanes in SIMD registers,
 * which round each lane as the scalar instructions do). */
static inline void dm_one_minus_exp_neg4(const double x[4], double out[4])
{
    if (!(x[0] < 0.05 && x[1] < 0.05 && x[2] < 0.05 && x[3] < 0.05)) {
        for (int j = 0; j < 4; j++) out[j] = dm_one_minus_exp_neg(x[j]);
        return;
    }
#if defined(__GNUC__) && defined(__SSE2__)
    /* two lanes to an SSE2 register (mulpd, subpd round each lane as mulsd,
     * subsd do): half the instructions of four scalar chains */
    dm_v2d xa = {x[0], x[1]}, xb = {x[2], x[3]};
    dm_v2d ta = {1.0 / 3628800.0, 1.0 / 3628800.0}, tb = ta;
    for (int k = 0; k < 9; k++) {
        dm_v2d c = {dm_omen_series[k], dm_omen_series[k]};
        ta = c - xa * ta;
        tb = c - xb * tb;
    }
    ta = xa * ta;
    tb = xb * tb;
    out[0] = ta[0], out[1] = ta[1], out[2] = tb[0], out[3] = tb[1];
#else
    double t[4];
    for (int j = 0; j < 4; j++) t[j] = 1.0 / 3628800.0;
    for (int k = 0; k < 9; k++)
        for (int j = 0; j < 4; j++) t[j] = dm_omen_series[k] - x[j] * t[j];
    for (int j = 0; j < 4; j++) out[j] = x[j] * t[j];
#endif
}

/* Natural logarithm; -inf at 0, NaN below. */
static inline double dm_log(double x)
{
    if (!(x > 0.0)) return x == 0.0 ? -HUGE_VAL : NAN;
    if (x == HUGE_VAL) return x;
    int e;
    double m = frexp(x, &e); /* x = m 2^e, m in [0.5, 1) */
    if (m < 0.70710678118654752440) {
        m *= 2.0;
        e -= 1;
    }
    /* log(m) = 2 atanh(s), s = (m - 1) / (m + 1), |s| <= 0.1716 */
    double f = m - 1.0;
    double s = f / (2.0 + f);
    double s2 = s * s;
    double t = 1.0 / 23.0;
    t = t * s2 + 1.0 / 21.0;
    t = t * s2 + 1.0 / 19.0;
    t = t * s2 + 1.0 / 17.0;
    t = t * s2 + 1.0 / 15.0;
    t = t * s2 + 1.0 / 13.0;
    t = t * s2 + 1.0 / 11.0;
    t = t * s2 + 1.0 / 9.0;
    t = t * s2 + 1.0 / 7.0;
    t = t * s2 + 1.0 / 5.0;
    t = t * s2 + 1.0 / 3.0;
    double ln_m = 2.0 * s + 2.0 * s * s2 * t;
    double ef = (double)e;
    return ef * DM_LN2_HI + (ln_m + ef * DM_LN2_LO);
}

/* sin and cos for |x| up to about 1e6 (Cody-Waite reduction by pi/2). */
#define DM_PIO2_HI 1.57079632673412561417e+00
#define DM_PIO2_LO 6.07710050650619224932e-11
#define DM_TWO_OVER_PI 6.36619772367581382433e-01

static inline double dm_sin_poly(double r)
{
    double r2 = r * r;
    double p = -1.0 / 1307674368000.0;
    p = p * r2 + 1.0 / 6227020800.0;
    p = p * r2 - 1.0 / 39916800.0;
    p = p * r2 + 1.0 / 362880.0;
    p = p * r2 - 1.0 / 5040.0;
    p = p * r2 + 1.0 / 120.0;
    p = p * r2 - 1.0 / 6.0;
    return r + r * r2 * p;
}

static inline double dm_cos_poly(double r)
{
    double r2 = r * r;
    double p = 1.0 / 87178291200.0;
    p = p * r2 - 1.0 / 479001600.0;
    p = p * r2 + 1.0 / 3628800.0;
    p = p * r2 - 1.0 / 40320.0;
    p = p * r2 + 1.0 / 720.0;
    p = p * r2 - 1.0 / 24.0;
    p = p * r2 + 0.5;
    return 1.0 - r2 * p;
}

static inline double dm_sincos_quadrant(double x, int want_cos)
{
    double kf = floor(x * DM_TWO_OVER_PI + 0.5);
    double r = (x - kf * DM_PIO2_HI) - kf * DM_PIO2_LO; /* |r| <= pi/4 */
    long q = ((long)kf + (want_cos ? 1 : 0)) & 3;
    switch (q) {
    case 0:
        return dm_sin_poly(r);
    case 1:
        return dm_cos_poly(r);
    case 2:
        return -dm_sin_poly(r);
    default:
        return -dm_cos_poly(r);
    }
}

static inline double dm_sin(double x)
{
    return dm_sincos_quadrant(x, 0);
}
static inline double dm_cos(double x)
{
    return dm_sincos_quadrant(x, 1);
}

/* Cube root of x >= 0 (the model only takes it of products in [0,1]). */
static inline double dm_cbrt(double x)
{
    if (x <= 0.0) return 0.0;
    double y = dm_exp(dm_log(x) / 3.0);
    /* one Newton step polishes the last bits */
    return y - (y * y * y - x) / (3.0 * y * y);
}

#endif
