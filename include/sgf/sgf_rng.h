/*
 * sgf_rng.h - deterministic random numbers for the sgf simulator.
 *
 * The generator is pcg32 (PCG-XSH-RR 64/32, "pcg_setseq_64_xsh_rr_32"),
 * bit-for-bit identical to the reference pcg32_srandom_r/pcg32_random_r
 * and to `pcg32` from pcg_random.hpp.  On top of it sit unbiased bounded
 * integers, continuous and discrete distributions, O(log n) jump-ahead,
 * and the stream derivation used to give every (master seed, run, purpose)
 * and every entity inside a run its own independent generator.
 *
 * Everything here is a pure function of its arguments and the generator
 * state passed in: no globals, no hidden caches, no clock.  See
 * docs/reproducibility.md for the reproducibility contract.
 */
#ifndef SGF_RNG_H
#define SGF_RNG_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Generator state: 64-bit LCG state and odd increment (selects the
 * stream).  Plain data: copying the struct forks an identical generator. */
typedef struct sgf_rng {
    uint64_t state;
    uint64_t inc;
} sgf_rng;

/* Seed exactly like the reference pcg32_srandom_r and C++
 * `pcg32 rng(initstate, seq)`: state = 0; inc = (seq << 1) | 1; step;
 * state += initstate; step.  The top bit of seq is ignored (2^63 streams). */
void sgf_rng_seed(sgf_rng *r, uint64_t initstate, uint64_t seq);

/* Next 32-bit output (XSH-RR of the pre-step state); advances by 1 step. */
uint32_t sgf_rng_u32(sgf_rng *r);

/* Unbiased integer in [0, bound); bound 0 returns 0 without a draw.  Same rejection
 * rule as the reference pcg32_boundedrand_r / pcg_extras::bounded_rand,
 * so it consumes and returns exactly what those do. */
uint32_t sgf_rng_bounded(sgf_rng *r, uint32_t bound);

/* Uniform double in [0, 1): a multiple of 2^-53 built from two u32 draws
 * (27 high bits of the first, 26 high bits of the second). */
double sgf_rng_uniform(sgf_rng *r);

/* Uniform double in [lo, hi) for finite lo <= hi with finite hi - lo;
 * otherwise NaN (one uniform consumed all the same).
 * lo == hi returns lo (still consumes one uniform).  If rounding of
 * lo + (hi - lo) * u would give hi, the largest double below hi is
 * returned instead, so hi itself is never returned when lo < hi. */
double sgf_rng_uniform_range(sgf_rng *r, double lo, double hi);

/* Normal(mean, sd) by the Marsaglia polar method, sd >= 0 (otherwise NaN,
 * without a draw).  The second
 * variate of each accepted pair is discarded (no cached value), so the
 * generator state alone determines all future draws. */
double sgf_rng_normal(sgf_rng *r, double mean, double sd);

/* exp(normal(mu, sigma)), sigma >= 0. */
double sgf_rng_lognormal(sgf_rng *r, double mu, double sigma);

/* Exponential with the given rate > 0 (mean 1/rate); result >= 0. Rate 0
 * gives +inf and a negative or NaN rate NaN, without a draw. */
double sgf_rng_exponential(sgf_rng *r, double rate);

/* Gamma(shape, scale), finite shape > 0, scale > 0 (mean shape*scale);
 * otherwise NaN without a draw.
 * Marsaglia-Tsang squeeze/rejection; for shape < 1 draws
 * Gamma(shape + 1) and multiplies by U^(1/shape).  For very small shapes
 * the result may underflow to 0. */
double sgf_rng_gamma(sgf_rng *r, double shape, double scale);

/* Beta(a, b) in [0, 1], finite a > 0, b > 0 (otherwise NaN, no draw), as X/(X+Y) with X ~ Gamma(a),
 * Y ~ Gamma(b); computed from log-gamma variates so that tiny shapes do
 * not produce 0/0. */
double sgf_rng_beta(sgf_rng *r, double a, double b);

/* Poisson(lambda) for any lambda.  Exact sampling up to 1e9: Knuth's
 * multiplication method for lambda < 30, Hormann's PTRS transformed
 * rejection for 30 <= lambda <= 1e9.  Above 1e9 the normal approximation
 * (rounded, one normal variate), saturating at UINT32_MAX, which every
 * lambda >= 2^33 (and +inf) returns without a draw.  lambda <= 0 and NaN
 * return 0 and consume nothing.  Always ends. */
uint32_t sgf_rng_poisson(sgf_rng *r, double lambda);

/* True with probability p.  Always consumes exactly one sgf_rng_uniform
 * (two u32 draws), whatever p is; p <= 0 and NaN are never true, p >= 1 always.
 *
 * No sampler asserts on its parameters: a model value gone wrong gives a
 * NaN, which the world's non-finite guard stops with its documented
 * runtime error in every build (issue 13, 9). */
bool sgf_rng_bernoulli(sgf_rng *r, double p);

/* Jump by delta LCG steps in O(log delta), i.e. as if delta outputs had
 * been drawn with sgf_rng_u32 and discarded.  The state space is a cycle
 * of length 2^64, so delta is taken modulo 2^64 and "negative" deltas in
 * two's complement go backwards: after drawing k values,
 * sgf_rng_advance(r, (uint64_t)0 - k) returns to the state that produced
 * the first of them.  Same as C++ pcg32::advance/discard. */
void sgf_rng_advance(sgf_rng *r, uint64_t delta);

/* Step back delta outputs: sgf_rng_advance(r, -delta).  Same as C++
 * pcg32::backstep. */
void sgf_rng_backstep(sgf_rng *r, uint64_t delta);

/* Strong 64-bit mixer: the splitmix64 output function applied to
 * x + 0x9e3779b97f4a7c15.  A bijection on uint64_t (distinct inputs give
 * distinct outputs); sgf_hash64(0) != 0. */
uint64_t sgf_hash64(uint64_t x);

/* Purposes for sgf_rng_derive.  Values are part of the reproducibility
 * contract: never renumber. */
typedef enum sgf_stream {
    SGF_STREAM_MODEL = 1,
    SGF_STREAM_SCENARIO = 2,
    SGF_STREAM_VIEWER = 3,
    SGF_STREAM_EVENTS = 4,
    SGF_STREAM_SWEEP = 5,
    SGF_STREAM_DEMAND = 6 /* market demand noise: common to arms that differ elsewhere */
} sgf_stream;

/* Seed r with the generator for (master seed, run index, purpose).  Both
 * the initial state and the sequence are hashed from the triple, so the
 * result depends on nothing else (not on threads, shards or the order in
 * which runs are executed).  Triples that differ in exactly one component
 * never share an initial state; other distinct triples collide only with
 * 64-bit hash-collision probability. */
void sgf_rng_derive(sgf_rng *r, uint64_t master_seed, uint64_t run_index, uint32_t purpose);

/* Seed *out with sub-stream `key` of *parent (e.g. key = partner id).
 * Hashes the parent's current state and increment with key; the parent is
 * not modified and no draws are consumed.  The result depends on the
 * parent's current position, so take sub-streams at a fixed point (for
 * example straight after sgf_rng_derive, before any draw).  out may alias
 * parent. */
void sgf_rng_substream(sgf_rng *out, const sgf_rng *parent, uint64_t key);

#ifdef __cplusplus
}
#endif

#endif /* SGF_RNG_H */
