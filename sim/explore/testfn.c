/* testfn.c: the known-answer stand-ins for the model (testfn.h).
 *
 * ishigami      y = sin x1 + a sin^2 x2 + b x3^4 sin x1, a = 7, b = 0.1, each
 *               x uniform on [-pi, pi] (Ishigami and Homma 1990). First-order
 *               indices 0.3139, 0.4424, 0; total 0.5576, 0.4424, 0.2437.
 * sobol_g       y = prod_j (|4 x_j - 2| + a_j) / (1 + a_j), x_j uniform on
 *               [0, 1]; V_j = 1 / (3 (1 + a_j)^2), S1_j = V_j / V with
 *               V = prod (1 + V_j) - 1, ST_j = V_j prod_{k != j} (1 + V_k) / V.
 * noisy_linear  y = sum_j x_j + e, e ~ Normal(0, 0.5) drawn from
 *               (seed, run_index): the variance between replications at a
 *               point is 0.25 and between points sum_j var(x_j).
 * normal_mean   y = x1 + e, e ~ Normal(0, 1): the toy of calibration tests
 *               (with a flat prior the posterior of x1 given y is normal).
 */
#include "explore/testfn.h"

#include <math.h>
#include <string.h>

#include "sgf/sgf_rng.h"

/* Noise streams: a purpose of their own, outside the model's. */
#define TESTFN_STREAM 0x54464e31u /* "TFN1" */

static void ishigami(const double *x, int n, uint64_t seed, uint64_t run_index, double *y)
{
    (void)n, (void)seed, (void)run_index;
    const double a = 7.0, b = 0.1;
    double s2 = sin(x[1]);
    double x3 = x[2] * x[2];
    y[0] = sin(x[0]) + a * s2 * s2 + b * x3 * x3 * sin(x[0]);
}

double sgf_test_fn_g_coefficient(int j)
{
    static const double a[] = {0.0, 1.0, 4.5, 9.0};
    return j < 4 ? a[j] : 99.0;
}

static void sobol_g(const double *x, int n, uint64_t seed, uint64_t run_index, double *y)
{
    (void)seed, (void)run_index;
    double p = 1.0;
    for (int j = 0; j < n; j++) {
        double a = sgf_test_fn_g_coefficient(j);
        p *= (fabs(4.0 * x[j] - 2.0) + a) / (1.0 + a);
    }
    y[0] = p;
}

static double noise(uint64_t seed, uint64_t run_index, double sd)
{
    sgf_rng r;
    sgf_rng_derive(&r, seed, run_index, TESTFN_STREAM);
    return sgf_rng_normal(&r, 0.0, sd);
}

static void noisy_linear(const double *x, int n, uint64_t seed, uint64_t run_index, double *y)
{
    double s = 0;
    for (int j = 0; j < n; j++) s += x[j];
    y[0] = s + noise(seed, run_index, 0.5);
}

static void normal_mean(const double *x, int n, uint64_t seed, uint64_t run_index, double *y)
{
    (void)n;
    y[0] = x[0] + noise(seed, run_index, 1.0);
}

static const sgf_test_fn table[] = {
    {"ishigami", 3, 1, {"y"}, ishigami},
    {"sobol_g", 0, 1, {"y"}, sobol_g},
    {"noisy_linear", 0, 1, {"y"}, noisy_linear},
    {"normal_mean", 1, 1, {"y"}, normal_mean},
};

const sgf_test_fn *sgf_test_fn_find(const char *name)
{
    for (size_t i = 0; i < sizeof table / sizeof *table; i++)
        if (strcmp(table[i].name, name) == 0) return &table[i];
    return NULL;
}

const char *sgf_test_fn_names(void)
{
    return "ishigami, sobol_g, noisy_linear, normal_mean";
}
