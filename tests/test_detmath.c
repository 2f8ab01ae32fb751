/* test_detmath.c: the deterministic exp, log, sin, cos and cbrt of
 * sim/base/detmath.h agree with libm to a few units in the last place over the
 * ranges the model uses and beyond. */
#include "base/detmath.h"
#include "harness.h"

static double rel(double a, double b)
{
    return b == 0.0 ? fabs(a) : fabs(a - b) / fabs(b);
}

TEST(exp_matches_libm)
{
    double worst = 0;
    for (double x = -700.0; x <= 700.0; x += 0.01371) {
        double e = rel(dm_exp(x), exp(x));
        if (e > worst) worst = e;
    }
    CHECK_MSG(worst < 4e-16, "worst relative error %g", worst);
    CHECK(dm_exp(0.0) == 1.0);
    CHECK(dm_exp(-800.0) == 0.0);
    CHECK(isinf(dm_exp(800.0)));
}

TEST(log_matches_libm)
{
    double worst = 0;
    for (double x = 1e-300; x < 1e300; x *= 1.0137) {
        double e = fabs(dm_log(x) - log(x)) / (fabs(log(x)) > 1.0 ? fabs(log(x)) : 1.0);
        if (e > worst) worst = e;
    }
    for (double x = 0.5; x < 2.0; x += 1e-5) {
        double e = fabs(dm_log(x) - log(x));
        if (e > worst) worst = e;
    }
    CHECK_MSG(worst < 4e-16, "worst error %g", worst);
    CHECK(dm_log(1.0) == 0.0);
    CHECK(isinf(dm_log(0.0)));
}

TEST(sin_cos_match_libm)
{
    double worst = 0;
    for (double x = -1e4; x <= 1e4; x += 0.0731) {
        double e1 = fabs(dm_sin(x) - sin(x)), e2 = fabs(dm_cos(x) - cos(x));
        if (e1 > worst) worst = e1;
        if (e2 > worst) worst = e2;
    }
    CHECK_MSG(worst < 1e-12, "worst absolute error %g", worst);
}

TEST(cbrt_matches_libm)
{
    double worst = 0;
    for (double x = 1e-12; x <= 1.0; x *= 1.01) {
        double e = rel(dm_cbrt(x), cbrt(x));
        if (e > worst) worst = e;
    }
    CHECK_MSG(worst < 1e-15, "worst relative error %g", worst);
    CHECK(dm_cbrt(0.0) == 0.0);
}

TEST(one_minus_exp_neg_matches_libm)
{
    double worst = 0;
    for (double x = 1e-12; x < 50.0; x *= 1.003) {
        double e = rel(dm_one_minus_exp_neg(x), -expm1(-x));
        if (e > worst) worst = e;
    }
    CHECK_MSG(worst < 1e-14, "worst relative error %g", worst);
}

int main(int argc, char **argv)
{
    return RUN_TESTS(argc, argv, exp_matches_libm, log_matches_libm, sin_cos_match_libm,
                     cbrt_matches_libm, one_minus_exp_neg_matches_libm);
}
