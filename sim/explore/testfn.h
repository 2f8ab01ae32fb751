/* testfn.h: functions with known answers that stand in for the model in a
 * sensitivity or calibration file (`model = "ishigami";`), so that the
 * methods are tested through the same engine (designs, journal, threads,
 * shards, resume) as real sweeps. docs/exploration.md lists them with their
 * analytic indices; tests/test_explore.c checks the methods against them.
 */
#ifndef SGF_EXPLORE_TESTFN_H
#define SGF_EXPLORE_TESTFN_H

#include <stdint.h>

#define SGF_TEST_FN_MAX_OUTPUTS 2

typedef struct sgf_test_fn {
    const char *name;
    int inputs;       /* the number of factors it takes; 0: any from 1 to 64 */
    int output_count; /* its metrics, named below */
    const char *outputs[SGF_TEST_FN_MAX_OUTPUTS];
    /* y[0..output_count) at x[0..n); noise, if any, from (seed, run_index)
     * alone. Pure and thread-safe. */
    void (*eval)(const double *x, int n, uint64_t seed, uint64_t run_index, double *y);
} sgf_test_fn;

/* The function called name, or NULL. */
const sgf_test_fn *sgf_test_fn_find(const char *name);
/* Names for messages: "ishigami, sobol_g, ..." */
const char *sgf_test_fn_names(void);

/* Sobol's G function's coefficient for factor j (from 0): 0, 1, 4.5, 9,
 * then 99 (Saltelli et al. 2008, p. 179 use this set). */
double sgf_test_fn_g_coefficient(int j);

#endif
