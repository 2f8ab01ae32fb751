/*
 * rng.c - the sgf random-number module (see include/sgf/sgf_rng.h).
 *
 * pcg32 (64-bit LCG state, XSH-RR output) plus distributions built only
 * from +, -, *, /, sqrt, log, exp and exact operations (floor, fabs,
 * nextafter), so results depend only on the generator state, IEEE-754
 * double arithmetic (the project builds with -ffp-contract=off) and the
 * platform's log/exp.  No globals, no cached variates, no clock.
 */
#include "base/detmath.h"
#include "sgf/sgf_rng.h"

#include <assert.h>
#include <float.h>
#include <math.h>
#include <stddef.h>

/* Doubles must be evaluated in double precision (SSE2, AArch64, ...), not
 * in x87 extended precision, or results would differ between machines. */
#if !defined(FLT_EVAL_METHOD) || FLT_EVAL_METHOD != 0
#error "sgf needs FLT_EVAL_METHOD == 0 (on 32-bit x86 build with -msse2 -mfpmath=sse)"
#endif

/* LCG multiplier of the reference pcg32. */
#define SGF_PCG_MULT UINT64_C(6364136223846793005)

/* Domain-separation constants for the stream derivation.  Part of the
 * reproducibility contract: changing any of them changes every derived
 * stream. */
#define SGF_DERIVE_TAG UINT64_C(0x5347462d52554e53)    /* "SGF-RUNS" */
#define SGF_SUBSTREAM_TAG UINT64_C(0x5347462d53554253) /* "SGF-SUBS" */
#define SGF_STATE_TAG UINT64_C(0x73746174652d2d31)
#define SGF_SEQ_TAG UINT64_C(0x73657175656e6365)

/* One LCG step. */
static uint64_t sgf__step(uint64_t state, uint64_t inc)
{
    return state * SGF_PCG_MULT + inc;
}

void sgf_rng_seed(sgf_rng *r, uint64_t initstate, uint64_t seq)
{
    assert(r != NULL);
    r->state = 0u;
    r->inc = (seq << 1) | 1u;
    r->state = sgf__step(r->state, r->inc);
    r->state += initstate;
    r->state = sgf__step(r->state, r->inc);
}

uint32_t sgf_rng_u32(sgf_rng *r)
{
    uint64_t old = r->state;
    uint32_t xorshifted;
    uint32_t rot;

    r->state = sgf__step(old, r->inc);
    xorshifted = (uint32_t)(((old >> 18) ^ old) >> 27);
    rot = (uint32_t)(old >> 59);
    return (xorshifted >> rot) | (xorshifted << ((UINT32_C(0) - rot) & 31u));
}

uint32_t sgf_rng_bounded(sgf_rng *r, uint32_t bound)
{
    uint32_t threshold;

    if (bound == 0u) {
        return 0u; /* an empty range: nothing to draw */
    }
    /* 2^32 mod bound: values below it would make the low residues more
     * likely, so they are rejected.  Accepts with probability > 1/2. */
    threshold = (uint32_t)(UINT32_C(0) - bound) % bound;
    for (;;) {
        uint32_t x = sgf_rng_u32(r);
        if (x >= threshold) {
            return x % bound;
        }
    }
}

double sgf_rng_uniform(sgf_rng *r)
{
    /* Two separate statements: the draw order must not depend on the
     * compiler's evaluation order. */
    uint32_t hi = sgf_rng_u32(r) >> 5; /* 27 bits */
    uint32_t lo = sgf_rng_u32(r) >> 6; /* 26 bits */
    return ((double)hi * 67108864.0 + (double)lo) * (1.0 / 9007199254740992.0);
}

double sgf_rng_uniform_range(sgf_rng *r, double lo, double hi)
{
    double u = sgf_rng_uniform(r);
    double width = hi - lo;
    double x;

    if (!(isfinite(lo) && isfinite(hi) && lo <= hi && isfinite(width))) {
        return NAN; /* the world's non-finite guard stops the run */
    }
    x = lo + width * u;
    if (x >= hi && lo < hi) {
        x = nextafter(hi, lo);
    }
    return x;
}

/* Standard normal by the Marsaglia polar method; the second variate of the
 * pair is deliberately thrown away so no state lives outside *r. */
static double sgf__std_normal(sgf_rng *r)
{
    double u;
    double s;

    do {
        double v;
        u = 2.0 * sgf_rng_uniform(r) - 1.0; /* exact: uniform is k*2^-53 */
        v = 2.0 * sgf_rng_uniform(r) - 1.0;
        s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    return u * sqrt(-2.0 * dm_log(s) / s);
}

double sgf_rng_normal(sgf_rng *r, double mean, double sd)
{
    if (!(sd >= 0.0)) {
        return NAN;
    }
    return mean + sd * sgf__std_normal(r);
}

double sgf_rng_lognormal(sgf_rng *r, double mu, double sigma)
{
    return dm_exp(sgf_rng_normal(r, mu, sigma));
}

double sgf_rng_exponential(sgf_rng *r, double rate)
{
    double u;

    if (!(rate > 0.0)) {
        return rate == 0.0 ? INFINITY : NAN;
    }
    u = sgf_rng_uniform(r);
    /* 1 - u is exact and in (0, 1]; 0.0 - dm_log(1) gives +0, not -0. */
    return (0.0 - dm_log(1.0 - u)) / rate;
}

/* Marsaglia & Tsang (2000) for shape >= 1, unit scale.  Returns d*v > 0. */
static double sgf__gamma_mt(sgf_rng *r, double shape)
{
    double d = shape - 1.0 / 3.0;
    double c = 1.0 / sqrt(9.0 * d);

    for (;;) {
        double x;
        double v;
        double u;
        double x2;

        do {
            x = sgf__std_normal(r);
            v = 1.0 + c * x;
        } while (v <= 0.0);
        v = v * v * v;
        u = 1.0 - sgf_rng_uniform(r); /* (0, 1] so dm_log(u) is finite */
        x2 = x * x;
        if (u < 1.0 - 0.0331 * (x2 * x2)) {
            return d * v;
        }
        if (dm_log(u) < 0.5 * x2 + d * (1.0 - v + dm_log(v))) {
            return d * v;
        }
    }
}

double sgf_rng_gamma(sgf_rng *r, double shape, double scale)
{
    if (!(shape > 0.0 && scale > 0.0 && isfinite(shape))) {
        return NAN;
    }
    if (shape < 1.0) {
        /* Gamma(a) = Gamma(a + 1) * U^(1/a), U in (0, 1]. */
        double g = sgf__gamma_mt(r, shape + 1.0);
        double u = 1.0 - sgf_rng_uniform(r);
        return g * dm_exp(dm_log(u) / shape) * scale;
    }
    return sgf__gamma_mt(r, shape) * scale;
}

/* log of a unit-scale Gamma(shape) variate; consumes the same draws as
 * sgf_rng_gamma(r, shape, 1) but cannot underflow for tiny shapes. */
static double sgf__log_gamma_variate(sgf_rng *r, double shape)
{
    if (shape < 1.0) {
        double g = sgf__gamma_mt(r, shape + 1.0);
        double u = 1.0 - sgf_rng_uniform(r);
        return dm_log(g) + dm_log(u) / shape;
    }
    return dm_log(sgf__gamma_mt(r, shape));
}

double sgf_rng_beta(sgf_rng *r, double a, double b)
{
    double lx;
    double ly;

    if (!(a > 0.0 && b > 0.0 && isfinite(a) && isfinite(b))) {
        return NAN;
    }
    lx = sgf__log_gamma_variate(r, a);
    ly = sgf__log_gamma_variate(r, b);
    /* X / (X + Y) = 1 / (1 + Y/X), evaluated on the side where the
     * exponent is <= 0 so exp cannot overflow. */
    if (lx >= ly) {
        return 1.0 / (1.0 + dm_exp(ly - lx));
    } else {
        double e = dm_exp(lx - ly);
        return e / (1.0 + e);
    }
}

/* dm_log(k!) for k = 0..29 (exact to double precision). */
static const double sgf__log_fact_table[30] = {
    0.0,
    0.0,
    0.69314718055994495,
    1.7917594692280554,
    3.1780538303479449,
    4.7874917427820467,
    6.5792512120101021,
    8.5251613610654147,
    10.604602902745249,
    12.801827480081467,
    15.104412573075514,
    17.502307845873887,
    19.987214495661885,
    22.552163853123421,
    25.191221182738683,
    27.89927138384089,
    30.671860106080672,
    33.505073450136891,
    36.395445208033053,
    39.339884187199495,
    42.335616460753485,
    45.380138898476908,
    48.47118135183522,
    51.606675567764377,
    54.784729398112319,
    58.003605222980518,
    61.261701761002008,
    64.557538627006338,
    67.889743137181526,
    71.257038967168,
};

/* dm_log(k!) for integral k >= 0: table below 30, otherwise Stirling's
 * series for log Gamma(n), n = k + 1 >= 31, to the n^-7 term (truncation
 * error < 1e-16). */
static double sgf__log_factorial(double k)
{
    double n;
    double in;
    double in2;

    if (k < 30.0) {
        return sgf__log_fact_table[(int)k];
    }
    n = k + 1.0;
    in = 1.0 / n;
    in2 = in * in;
    return (n - 0.5) * dm_log(n) - n + 0.91893853320467274178 /* dm_log(2pi)/2 */
           + in * (1.0 / 12.0 - in2 * (1.0 / 360.0 - in2 * (1.0 / 1260.0 - in2 * (1.0 / 1680.0))));
}

/* Hormann (1993) PTRS transformed rejection, valid for lambda >= 10. */
static uint32_t sgf__poisson_ptrs(sgf_rng *r, double lambda)
{
    double slam = sqrt(lambda);
    double loglam = dm_log(lambda);
    double b = 0.931 + 2.53 * slam;
    double a = -0.059 + 0.02483 * b;
    double inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
    double v_r = 0.9277 - 3.6224 / (b - 2.0);

    for (;;) {
        double u = sgf_rng_uniform(r) - 0.5;
        double v = sgf_rng_uniform(r);
        double us = 0.5 - fabs(u);
        double k;

        if (us <= 0.0) { /* u == -0.5 exactly: outside the hat's domain */
            continue;
        }
        k = floor((2.0 * a / us + b) * u + lambda + 0.43);
        if (us >= 0.07 && v <= v_r) {
            if (k >= 0.0 && k <= 4294967295.0) {
                return (uint32_t)k;
            }
            continue;
        }
        if (k < 0.0 || k > 4294967295.0 || (us < 0.013 && v > us)) {
            continue;
        }
        if (v <= 0.0 || dm_log(v) + dm_log(inv_alpha) - dm_log(a / (us * us) + b) <=
                            -lambda + k * loglam - sgf__log_factorial(k)) {
            return (uint32_t)k;
        }
    }
}

uint32_t sgf_rng_poisson(sgf_rng *r, double lambda)
{
    if (!(lambda > 0.0)) { /* 0, negative or NaN: nothing happens */
        return 0u;
    }
    if (lambda < 30.0) {
        /* Knuth: count uniforms until their running product drops to or
         * below dm_exp(-lambda) (>= 9e-14, far from underflow). */
        double limit = dm_exp(-lambda);
        double p = sgf_rng_uniform(r);
        uint32_t k = 0u;
        while (p > limit) {
            k++;
            p *= sgf_rng_uniform(r);
        }
        return k;
    }
    if (lambda <= 1e9) {
        return sgf__poisson_ptrs(r, lambda);
    }
    if (lambda >= 8589934592.0) {
        /* 2^33 or more (inf too): even twelve standard deviations below the
         * mean, the most the polar method can give, is above 2^32 - 1 */
        return UINT32_MAX;
    }
    {
        /* Normal approximation: at lambda > 1e9 its error in any
         * probability is below 1e-5 (Berry-Esseen, 0.5/sqrt(lambda)) and
         * PTRS would reject every candidate above 2^32 - 1 for ever. */
        double k = floor(lambda + sqrt(lambda) * sgf__std_normal(r) + 0.5);
        if (k < 0.0) {
            return 0u;
        }
        return k > 4294967295.0 ? UINT32_MAX : (uint32_t)k;
    }
}

bool sgf_rng_bernoulli(sgf_rng *r, double p)
{
    double u = sgf_rng_uniform(r);
    return u < p; /* NaN is never true */
}

void sgf_rng_advance(sgf_rng *r, uint64_t delta)
{
    /* Brown (1994), "Random number generation with arbitrary strides":
     * compose the affine map x -> M*x + C with itself by squaring. */
    uint64_t cur_mult = SGF_PCG_MULT;
    uint64_t cur_plus = r->inc;
    uint64_t acc_mult = 1u;
    uint64_t acc_plus = 0u;

    while (delta > 0u) {
        if (delta & 1u) {
            acc_mult *= cur_mult;
            acc_plus = acc_plus * cur_mult + cur_plus;
        }
        cur_plus = (cur_mult + 1u) * cur_plus;
        cur_mult *= cur_mult;
        delta >>= 1;
    }
    r->state = acc_mult * r->state + acc_plus;
}

void sgf_rng_backstep(sgf_rng *r, uint64_t delta)
{
    sgf_rng_advance(r, UINT64_C(0) - delta);
}

uint64_t sgf_hash64(uint64_t x)
{
    uint64_t z = x + UINT64_C(0x9e3779b97f4a7c15);
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

/* Seed r from one 64-bit key: state and sequence are separate hashes. */
static void sgf__seed_from_key(sgf_rng *r, uint64_t key)
{
    sgf_rng_seed(r, sgf_hash64(key ^ SGF_STATE_TAG), sgf_hash64(key ^ SGF_SEQ_TAG));
}

void sgf_rng_derive(sgf_rng *r, uint64_t master_seed, uint64_t run_index, uint32_t purpose)
{
    /* Each stage is a bijection of its new input for fixed earlier inputs
     * (sgf_hash64 is a bijection), so changing any single component of
     * the triple always changes the key. */
    uint64_t key = sgf_hash64(master_seed ^ SGF_DERIVE_TAG);
    key = sgf_hash64(key ^ (uint64_t)purpose);
    key = sgf_hash64(key ^ run_index);
    sgf__seed_from_key(r, key);
}

void sgf_rng_substream(sgf_rng *out, const sgf_rng *parent, uint64_t key)
{
    uint64_t k = sgf_hash64(parent->state ^ SGF_SUBSTREAM_TAG);
    k = sgf_hash64(k ^ parent->inc);
    k = sgf_hash64(k ^ key);
    sgf__seed_from_key(out, k); /* parent fully read before out is written */
}
