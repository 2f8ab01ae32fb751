/* sgf_regress.h: ordinary least squares for the virtual survey (sgf_survey.h)
 * and anyone else who needs a small regression.
 *
 *   sgf_ols fit;
 *   const double *x[2] = {amc, amc_sq};
 *   if (sgf_ols_fit(y, x, n, 2, &fit) == SGF_OK) ... fit.coef[1], fit.beta[1] ...
 *
 * The model is y = b0 + b1 x1 + ... + bp xp + e with an intercept. It is
 * solved by Householder QR of the centred design (no normal equations, so
 * nearly collinear predictors such as x and x^2 lose no accuracy), with
 * classical standard errors from sigma^2 (R'R)^-1, t statistics, two-sided
 * p-values from Student's t with n - p - 1 degrees of freedom, R^2 and the
 * standardised coefficients beta_j = b_j sd(x_j) / sd(y) that survey papers
 * report. Everything is a pure function of its inputs.
 */
#ifndef SGF_REGRESS_H
#define SGF_REGRESS_H

#include <stdbool.h>

#include "sgf_status.h"

#define SGF_OLS_MAX_PREDICTORS 8

typedef struct sgf_ols {
    int n, p; /* observations, predictors (no intercept) */
    int df;   /* residual degrees of freedom, n - p - 1 */
    /* index 0 is the intercept, 1..p the predictors in the order given */
    double coef[SGF_OLS_MAX_PREDICTORS + 1];
    double se[SGF_OLS_MAX_PREDICTORS + 1];
    double t[SGF_OLS_MAX_PREDICTORS + 1];
    double pvalue[SGF_OLS_MAX_PREDICTORS + 1];
    double beta[SGF_OLS_MAX_PREDICTORS + 1]; /* standardised; beta[0] = 0 */
    double r2, adj_r2;
    double sigma; /* residual standard error */
} sgf_ols;

/* Fit y on the p columns x[0..p-1] (each n values) with an intercept.
 * SGF_ERR_USAGE when p is out of 1..SGF_OLS_MAX_PREDICTORS, n <= p + 1, a
 * value is not finite, y or a predictor is constant, or the predictors are
 * collinear (rank-deficient design); *out is then zeroed. */
sgf_status sgf_ols_fit(const double *y, const double *const *x, int n, int p, sgf_ols *out);

/* Two-sided p-value of a t statistic with df degrees of freedom (df >= 1),
 * from the regularised incomplete beta function. */
double sgf_t_pvalue(double t, int df);

/* Two-sided p-value of a standard normal statistic. */
double sgf_z_pvalue(double z);

/* Pearson correlation of two series of n values; NAN if either is constant. */
double sgf_correlation(const double *a, const double *b, int n);

/* Mean and sample standard deviation of n values (n >= 2 for sd). */
void sgf_mean_sd(const double *v, int n, double *mean, double *sd);

#endif
