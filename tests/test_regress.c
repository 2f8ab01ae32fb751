/* test_regress.c: OLS (sim/explore/regress.c) against data with known answers: an
 * exact plane, Anscombe's first quartet (published fit), synthetic noisy
 * data with known coefficients and standard errors, a quadratic with a
 * centred square, standardised coefficients, p-values of Student's t, and
 * the inputs that cannot be fitted.
 */
#include <math.h>

#include "harness.h"
#include "sgf/sgf.h"
#include "sgf/sgf_regress.h"

TEST(exact_plane_is_recovered)
{
    enum { N = 40 };
    double x1[N], x2[N], y[N];
    for (int i = 0; i < N; i++) {
        x1[i] = i;
        x2[i] = (i * 7) % 11;
        y[i] = 2.0 + 3.0 * x1[i] - 1.5 * x2[i];
    }
    const double *x[2] = {x1, x2};
    sgf_ols o;
    CHECK(sgf_ols_fit(y, x, N, 2, &o) == SGF_OK);
    CHECK_NEAR(o.coef[0], 2.0, 1e-9);
    CHECK_NEAR(o.coef[1], 3.0, 1e-12);
    CHECK_NEAR(o.coef[2], -1.5, 1e-12);
    CHECK_NEAR(o.r2, 1.0, 1e-12);
    CHECK_EQ_INT(o.df, N - 3);
    CHECK_NEAR(o.sigma, 0.0, 1e-9);
}

/* Anscombe (1973), data set I: y = 3.0001 + 0.5001 x, se(slope) 0.1179,
 * se(intercept) 1.1247, R^2 0.6665, t(slope) 4.24, p 0.00217. */
TEST(anscombe_quartet_one)
{
    const double xv[11] = {10, 8, 13, 9, 11, 14, 6, 4, 12, 7, 5};
    const double yv[11] = {8.04, 6.95, 7.58, 8.81, 8.33, 9.96, 7.24, 4.26, 10.84, 4.82, 5.68};
    const double *x[1] = {xv};
    sgf_ols o;
    CHECK(sgf_ols_fit(yv, x, 11, 1, &o) == SGF_OK);
    CHECK_NEAR(o.coef[0], 3.0001, 1e-4);
    CHECK_NEAR(o.coef[1], 0.5001, 1e-4);
    CHECK_NEAR(o.se[1], 0.1179, 1e-4);
    CHECK_NEAR(o.se[0], 1.1247, 1e-4);
    CHECK_NEAR(o.r2, 0.6665, 1e-4);
    CHECK_NEAR(o.t[1], 4.241, 1e-3);
    CHECK_NEAR(o.pvalue[1], 0.00217, 2e-5);
    /* one predictor: the standardised coefficient is the correlation */
    CHECK_NEAR(o.beta[1], sgf_correlation(xv, yv, 11), 1e-12);
    CHECK_NEAR(o.beta[1] * o.beta[1], o.r2, 1e-12);
}

/* y = 1 + 2 x + 0.5 z + e, e ~ N(0, 1): estimates within a few standard
 * errors of the truth, standard errors as theory says, residual sd 1. */
TEST(known_coefficients_with_noise)
{
    enum { N = 20000 };
    static double x[N], z[N], y[N];
    sgf_rng r;
    sgf_rng_seed(&r, 42, 7);
    for (int i = 0; i < N; i++) {
        x[i] = sgf_rng_normal(&r, 0.0, 1.0);
        z[i] = 0.5 * x[i] + sgf_rng_normal(&r, 0.0, 2.0); /* correlated predictors */
        y[i] = 1.0 + 2.0 * x[i] + 0.5 * z[i] + sgf_rng_normal(&r, 0.0, 1.0);
    }
    const double *xs[2] = {x, z};
    sgf_ols o;
    CHECK(sgf_ols_fit(y, xs, N, 2, &o) == SGF_OK);
    const double truth[3] = {1.0, 2.0, 0.5};
    for (int j = 0; j < 3; j++)
        CHECK_MSG(fabs(o.coef[j] - truth[j]) < 4.0 * o.se[j], "coef %d: %g (se %g), truth %g", j,
                  o.coef[j], o.se[j], truth[j]);
    CHECK_NEAR(o.sigma, 1.0, 0.02);
    /* se(z) = sigma / (sd(z | x) sqrt(n)), sd(z | x) = 2 */
    CHECK_NEAR(o.se[2], 1.0 / (2.0 * sqrt((double)N)), 2e-4);
    CHECK(o.pvalue[1] < 1e-100);
    /* the standardised coefficients follow from the unstandardised ones */
    double mx, sx, mz, sz, my, sy;
    sgf_mean_sd(x, N, &mx, &sx);
    sgf_mean_sd(z, N, &mz, &sz);
    sgf_mean_sd(y, N, &my, &sy);
    CHECK_NEAR(o.beta[1], o.coef[1] * sx / sy, 1e-12);
    CHECK_NEAR(o.beta[2], o.coef[2] * sz / sy, 1e-12);
    CHECK_NEAR(o.beta[0], 0.0, 0.0);
}

/* A convex response y = x + 0.8 x^2 regressed on x and the centred square:
 * the square's coefficient is the curvature 0.8, x's the slope at the mean. */
TEST(quadratic_with_centred_square)
{
    enum { N = 101 };
    double x[N], sq[N], y[N], mean = 0;
    for (int i = 0; i < N; i++) x[i] = 0.1 + 0.6 * i / (N - 1.0), mean += x[i] / N;
    for (int i = 0; i < N; i++) {
        sq[i] = (x[i] - mean) * (x[i] - mean);
        y[i] = x[i] + 0.8 * x[i] * x[i];
    }
    const double *xs[2] = {x, sq};
    sgf_ols o;
    CHECK(sgf_ols_fit(y, xs, N, 2, &o) == SGF_OK);
    CHECK_NEAR(o.coef[2], 0.8, 1e-10);
    CHECK_NEAR(o.coef[1], 1.0 + 1.6 * mean, 1e-10);
    CHECK(o.beta[2] > 0);
}

TEST(student_t_and_normal_p_values)
{
    CHECK_NEAR(sgf_t_pvalue(2.262157, 9), 0.05, 1e-6);
    CHECK_NEAR(sgf_t_pvalue(-2.262157, 9), 0.05, 1e-6);
    CHECK_NEAR(sgf_t_pvalue(12.7062, 1), 0.05, 1e-5);
    CHECK_NEAR(sgf_t_pvalue(1.0, 1), 0.5, 1e-12); /* Cauchy */
    CHECK_NEAR(sgf_t_pvalue(0.0, 5), 1.0, 1e-12);
    CHECK_NEAR(sgf_t_pvalue(1.959964, 1000000), 0.05, 1e-5);
    CHECK_NEAR(sgf_t_pvalue(3.169273, 10), 0.01, 1e-6);
    CHECK_NEAR(sgf_z_pvalue(1.959964), 0.05, 1e-6);
    CHECK_NEAR(sgf_z_pvalue(-2.575829), 0.01, 1e-6);
    CHECK(isnan(sgf_t_pvalue(1.0, 0)));
}

TEST(unfittable_inputs_are_refused)
{
    enum { N = 10 };
    double x[N], twice[N], y[N], flat[N];
    for (int i = 0; i < N; i++) {
        x[i] = i;
        twice[i] = 2.0 * i + 1.0; /* collinear with x */
        y[i] = i % 3;
        flat[i] = 4.0;
    }
    sgf_ols o;
    const double *coll[2] = {x, twice};
    CHECK(sgf_ols_fit(y, coll, N, 2, &o) == SGF_ERR_USAGE);
    const double *one[1] = {x};
    CHECK(sgf_ols_fit(flat, one, N, 1, &o) == SGF_ERR_USAGE); /* constant y */
    const double *fl[1] = {flat};
    CHECK(sgf_ols_fit(y, fl, N, 1, &o) == SGF_ERR_USAGE);  /* constant predictor */
    CHECK(sgf_ols_fit(y, one, 2, 1, &o) == SGF_ERR_USAGE); /* n <= p + 1 */
    CHECK(sgf_ols_fit(y, one, N, 0, &o) == SGF_ERR_USAGE);
    y[3] = NAN;
    CHECK(sgf_ols_fit(y, one, N, 1, &o) == SGF_ERR_USAGE);
    CHECK(isnan(sgf_correlation(x, flat, N)));
}

int main(int argc, char **argv)
{
    return RUN_TESTS(argc, argv, exact_plane_is_recovered, anscombe_quartet_one,
                     known_coefficients_with_noise, quadratic_with_centred_square,
                     student_t_and_normal_p_values, unfittable_inputs_are_refused);
}
