/* regress.c: ordinary least squares by Householder QR, with standard
 * errors, t tests, R^2 and standardised coefficients (sgf_regress.h).
 *
 * The design is centred first (the intercept then separates out), so the QR
 * works on the predictors' deviations: a predictor and its square, which
 * are nearly collinear uncentred, stay well conditioned. Special functions
 * (log-gamma, the incomplete beta for Student's t) use the deterministic
 * exp and log of detmath.h, so p-values are the same on every machine.
 */
#include <math.h>
#include <string.h>

#include "base/alloc.h"
#include "base/detmath.h"
#include "sgf/sgf_regress.h"

void sgf_mean_sd(const double *v, int n, double *mean, double *sd)
{
    double s = 0;
    for (int i = 0; i < n; i++) s += v[i];
    double m = n > 0 ? s / n : NAN;
    double ss = 0;
    for (int i = 0; i < n; i++) ss += (v[i] - m) * (v[i] - m);
    if (mean) *mean = m;
    if (sd) *sd = n > 1 ? sqrt(ss / (n - 1)) : NAN;
}

double sgf_correlation(const double *a, const double *b, int n)
{
    double ma, mb;
    sgf_mean_sd(a, n, &ma, NULL);
    sgf_mean_sd(b, n, &mb, NULL);
    double sab = 0, saa = 0, sbb = 0;
    for (int i = 0; i < n; i++) {
        sab += (a[i] - ma) * (b[i] - mb);
        saa += (a[i] - ma) * (a[i] - ma);
        sbb += (b[i] - mb) * (b[i] - mb);
    }
    if (!(saa > 0) || !(sbb > 0)) return NAN;
    return sab / sqrt(saa * sbb);
}

/* ---- special functions ------------------------------------------------------ */

/* log Gamma(x), x >= 0.5: Lanczos (g = 7, n = 9), relative error ~1e-15. */
static double log_gamma(double x)
{
    static const double c[9] = {0.99999999999980993,  676.5203681218851,     -1259.1392167224028,
                                771.32342877765313,   -176.61502916214059,   12.507343278686905,
                                -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};
    /* valid for x >= 0.5, which is all the t distribution needs (a = df/2, b = 1/2) */
    x -= 1.0;
    double a = c[0];
    double t = x + 7.5;
    for (int i = 1; i < 9; i++) a += c[i] / (x + i);
    return 0.91893853320467274178 + (x + 0.5) * dm_log(t) - t + dm_log(a);
}

/* Continued fraction for the incomplete beta (modified Lentz). */
static double beta_cf(double a, double b, double x)
{
    const double tiny = 1e-300, eps = 1e-15;
    double qab = a + b, qap = a + 1.0, qam = a - 1.0;
    double c = 1.0, d = 1.0 - qab * x / qap;
    if (fabs(d) < tiny) d = tiny;
    d = 1.0 / d;
    double h = d;
    for (int m = 1; m <= 500; m++) {
        int m2 = 2 * m;
        double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        if (fabs(d) < tiny) d = tiny;
        c = 1.0 + aa / c;
        if (fabs(c) < tiny) c = tiny;
        d = 1.0 / d;
        h *= d * c;
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        if (fabs(d) < tiny) d = tiny;
        c = 1.0 + aa / c;
        if (fabs(c) < tiny) c = tiny;
        d = 1.0 / d;
        double del = d * c;
        h *= del;
        if (fabs(del - 1.0) < eps) break;
    }
    return h;
}

/* Regularised incomplete beta I_x(a, b). */
static double incomplete_beta(double a, double b, double x)
{
    if (x <= 0.0) return 0.0;
    if (x >= 1.0) return 1.0;
    double lbt =
        log_gamma(a + b) - log_gamma(a) - log_gamma(b) + a * dm_log(x) + b * dm_log(1.0 - x);
    double bt = dm_exp(lbt);
    if (x < (a + 1.0) / (a + b + 2.0)) return bt * beta_cf(a, b, x) / a;
    return 1.0 - bt * beta_cf(b, a, 1.0 - x) / b;
}

double sgf_t_pvalue(double t, int df)
{
    if (!isfinite(t)) return isnan(t) ? NAN : 0.0;
    if (df < 1) return NAN;
    double v = (double)df;
    return incomplete_beta(0.5 * v, 0.5, v / (v + t * t));
}

double sgf_z_pvalue(double z)
{
    if (!isfinite(z)) return isnan(z) ? NAN : 0.0;
    return erfc(fabs(z) / 1.41421356237309504880);
}

/* ---- OLS --------------------------------------------------------------------------- */

sgf_status sgf_ols_fit(const double *y, const double *const *x, int n, int p, sgf_ols *out)
{
    memset(out, 0, sizeof *out);
    if (p < 1 || p > SGF_OLS_MAX_PREDICTORS || n <= p + 1 || !y || !x) return SGF_ERR_USAGE;
    double xbar[SGF_OLS_MAX_PREDICTORS], xsd[SGF_OLS_MAX_PREDICTORS];
    double ybar, ysd;
    for (int i = 0; i < n; i++)
        if (!isfinite(y[i])) return SGF_ERR_USAGE;
    for (int j = 0; j < p; j++) {
        if (!x[j]) return SGF_ERR_USAGE;
        for (int i = 0; i < n; i++)
            if (!isfinite(x[j][i])) return SGF_ERR_USAGE;
        sgf_mean_sd(x[j], n, &xbar[j], &xsd[j]);
        if (!(xsd[j] > 0)) return SGF_ERR_USAGE;
    }
    sgf_mean_sd(y, n, &ybar, &ysd);
    if (!(ysd > 0)) return SGF_ERR_USAGE;

    /* A = centred design (column-major, n x p), r = centred y */
    double *a = sgf_malloc(sizeof *a * (size_t)n * (size_t)(p + 1));
    if (!a) return SGF_ERR_NOMEM;
    double *r = a + (size_t)n * (size_t)p;
    for (int j = 0; j < p; j++)
        for (int i = 0; i < n; i++) a[(size_t)j * n + i] = x[j][i] - xbar[j];
    for (int i = 0; i < n; i++) r[i] = y[i] - ybar;

    /* Householder QR: A = Q R, applying each reflection to y as well */
    double rdiag[SGF_OLS_MAX_PREDICTORS];
    sgf_status st = SGF_OK;
    for (int k = 0; k < p && st == SGF_OK; k++) {
        double *col = a + (size_t)k * n;
        double norm0 = xsd[k] * xsd[k] * (n - 1); /* the centred column's squared norm */
        double norm = 0;
        for (int i = k; i < n; i++) norm += col[i] * col[i];
        norm = sqrt(norm);
        /* rank deficiency: what is left of the column after projecting out
         * the earlier ones is negligible */
        if (!(norm > 1e-10 * sqrt(norm0))) {
            st = SGF_ERR_USAGE;
            break;
        }
        double alpha = col[k] > 0 ? -norm : norm;
        /* v = col[k..] - alpha e_k, stored in place */
        col[k] -= alpha;
        double vnorm2 = 0;
        for (int i = k; i < n; i++) vnorm2 += col[i] * col[i];
        for (int j = k + 1; j <= p; j++) {
            double *cj = a + (size_t)j * n;
            double s = 0;
            for (int i = k; i < n; i++) s += col[i] * cj[i];
            s = 2.0 * s / vnorm2;
            for (int i = k; i < n; i++) cj[i] -= s * col[i];
        }
        rdiag[k] = alpha;
    }
    if (st != SGF_OK) {
        sgf_free(a);
        memset(out, 0, sizeof *out);
        return st;
    }
    /* R: diagonal rdiag, above it a[j * n + i] for i < j */
#define RU(i, j) ((i) == (j) ? rdiag[i] : a[(size_t)(j)*n + (i)])
    double b[SGF_OLS_MAX_PREDICTORS];
    for (int i = p - 1; i >= 0; i--) {
        double s = r[i];
        for (int j = i + 1; j < p; j++) s -= RU(i, j) * b[j];
        b[i] = s / rdiag[i];
    }
    /* residual sum of squares: the part of Q'y beyond the first p rows */
    double rss = 0;
    for (int i = p; i < n; i++) rss += r[i] * r[i];
    double tss = ysd * ysd * (n - 1);
    /* Rinv (upper triangular), then (R'R)^-1 = Rinv Rinv' */
    double rinv[SGF_OLS_MAX_PREDICTORS][SGF_OLS_MAX_PREDICTORS];
    memset(rinv, 0, sizeof rinv);
    for (int j = 0; j < p; j++) {
        rinv[j][j] = 1.0 / rdiag[j];
        for (int i = j - 1; i >= 0; i--) {
            double s = 0;
            for (int k = i + 1; k <= j; k++) s += RU(i, k) * rinv[k][j];
            rinv[i][j] = -s / rdiag[i];
        }
    }
#undef RU
    double cov[SGF_OLS_MAX_PREDICTORS][SGF_OLS_MAX_PREDICTORS];
    for (int i = 0; i < p; i++)
        for (int j = 0; j < p; j++) {
            double s = 0;
            for (int k = (i > j ? i : j); k < p; k++) s += rinv[i][k] * rinv[j][k];
            cov[i][j] = s;
        }
    sgf_free(a);

    out->n = n;
    out->p = p;
    out->df = n - p - 1;
    double s2 = rss / out->df;
    out->sigma = sqrt(s2);
    out->r2 = tss > 0 ? 1.0 - rss / tss : 0.0;
    out->adj_r2 = 1.0 - (1.0 - out->r2) * (n - 1) / out->df;
    double b0 = ybar, v0 = 1.0 / n;
    for (int j = 0; j < p; j++) {
        b0 -= b[j] * xbar[j];
        for (int k = 0; k < p; k++) v0 += xbar[j] * cov[j][k] * xbar[k];
    }
    out->coef[0] = b0;
    out->se[0] = sqrt(s2 * v0);
    for (int j = 0; j < p; j++) {
        out->coef[j + 1] = b[j];
        out->se[j + 1] = sqrt(s2 * cov[j][j]);
        out->beta[j + 1] = b[j] * xsd[j] / ysd;
    }
    for (int j = 0; j <= p; j++) {
        out->t[j] = out->se[j] > 0 ? out->coef[j] / out->se[j] : (out->coef[j] == 0 ? 0 : INFINITY);
        out->pvalue[j] = sgf_t_pvalue(out->t[j], out->df);
    }
    return SGF_OK;
}
