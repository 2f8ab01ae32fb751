/* test_survey.c: the virtual survey (sim/explore/survey.c): how firms are drawn
 * from a base scenario, that a firm depends only on (seed, its number), and
 * that the analysis recovers known structure from synthetic firm data
 * (convex paths, a diversity moderation, full and partial mediation).
 */
#include <math.h>

#include "harness.h"
#include "sgf/sgf.h"
#include "sgf/sgf_survey.h"

static sgf_world_def base_def(int ticks)
{
    sgf_world_def d = sgf_world_def_default();
    sgf_diag diag;
    if (sgf_scenario_load_default(&d, &diag) != SGF_OK) {
        fprintf(stderr, "default scenario: %s\n", diag.message);
        exit(1);
    }
    if (ticks > 0) d.ticks = ticks;
    return d;
}

static int popcount8(unsigned m)
{
    int k = 0;
    for (int t = 0; t < SGF_PTYPE_COUNT; t++) k += (m >> t) & 1u;
    return k;
}

TEST(firms_are_drawn_within_the_design)
{
    sgf_world_def base = base_def(0);
    sgf_survey_config cfg = sgf_survey_config_default();
    cfg.seed = 99;
    int seen_k[SGF_PTYPE_COUNT + 1] = {0};
    for (int i = 0; i < 200; i++) {
        sgf_world_def d;
        sgf_survey_firm t;
        CHECK(sgf_survey_firm_def(&base, &cfg, i, &d, &t) == SGF_OK);
        CHECK_EQ_INT(t.id, i);
        CHECK(d.seed == 99 && d.run_index == (uint64_t)i);
        CHECK(t.interface_competence >= 0.1 && t.interface_competence < 0.95);
        CHECK(t.coordinating_weight >= 0.05 && t.coordinating_weight < 0.45);
        CHECK(t.integrating_weight >= 0.0 && t.integrating_weight < 0.35);
        CHECK(d.firm.management.preset == SGF_PRESET_CUSTOM);
        CHECK_NEAR(d.firm.management.weight[SGF_MODE_COORDINATING], t.coordinating_weight, 0);
        CHECK_NEAR(d.firm.capabilities.interface_competence, t.interface_competence, 0);
        double wsum = 0;
        for (int m = 0; m < SGF_MODE_COUNT; m++) wsum += d.firm.management.weight[m];
        CHECK_NEAR(wsum, 1.0, 1e-12);
        /* the default firm sells (buyers, own group: strategic partners) and
         * is supplied: those types are always held */
        unsigned core =
            (1u << SGF_PTYPE_BUYER) | (1u << SGF_PTYPE_SUPPLIER) | (1u << SGF_PTYPE_OWN_GROUP);
        CHECK((t.types_mask & core) == core);
        CHECK_EQ_INT(t.types_drawn, popcount8(t.types_mask));
        CHECK(t.types_drawn >= 3 && t.types_drawn <= 8);
        seen_k[t.types_drawn]++;
        /* the definition holds exactly the drawn types */
        unsigned held = 0;
        for (int p = 0; p < d.partner_count; p++)
            held |= 1u << sgf_role_partner_type(d.partners[p].role);
        for (int p = 0; p < d.population_count; p++)
            if (d.populations[p].count > 0)
                held |= 1u << sgf_role_partner_type(d.populations[p].role);
        CHECK_EQ_INT(held, t.types_mask);
        sgf_world_def_free(&d);
    }
    for (int k = 3; k <= 8; k++) CHECK_MSG(seen_k[k] > 10, "k = %d drawn %d times", k, seen_k[k]);
    sgf_world_def_free(&base);
}

TEST(a_firm_depends_only_on_seed_and_number)
{
    sgf_world_def base = base_def(104);
    sgf_survey_config cfg = sgf_survey_config_default();
    cfg.seed = 5;
    cfg.firms = 10;
    cfg.threads = 1;
    sgf_survey_firm a[10], b[10], c[4];
    char err[256];
    CHECK(sgf_survey_run(&base, &cfg, a, err, sizeof err) == SGF_OK);
    cfg.threads = 3;
    CHECK(sgf_survey_run(&base, &cfg, b, err, sizeof err) == SGF_OK);
    cfg.firms = 4;
    CHECK(sgf_survey_run(&base, &cfg, c, err, sizeof err) == SGF_OK);
    for (int i = 0; i < 10; i++) {
        CHECK_EQ_INT(a[i].id, i);
        CHECK(memcmp(&a[i], &b[i], sizeof a[i]) == 0);
        if (i < 4) CHECK(memcmp(&a[i], &c[i], sizeof a[i]) == 0);
        CHECK(a[i].amc >= 0 && a[i].amc <= 1);
        CHECK(a[i].diversity > 0 && a[i].diversity <= 1);
        CHECK(a[i].speed >= 0 && a[i].speed <= 2.0);
        CHECK(a[i].radical >= 0 && a[i].incremental >= 0);
        CHECK(a[i].revenue_total_eur > 0);
        CHECK(isfinite(a[i].success));
    }
    /* another seed, other firms */
    cfg.seed = 6;
    CHECK(sgf_survey_run(&base, &cfg, c, err, sizeof err) == SGF_OK);
    CHECK(c[0].interface_competence != a[0].interface_competence);
    sgf_world_def_free(&base);
}

/* Synthetic firms with known structure:
 *   radical     = 4 AMC^2 + noise                      (convex)
 *   incremental = (6 low D, 2 high D) AMC + 3 AMC^2 + noise
 *   speed       = 0.8 radical + noise                   (full mediation)
 *   success     = 0.5 incremental + 2 AMC + noise       (partial mediation) */
static void synthetic(sgf_survey_firm *f, int n, uint64_t seed)
{
    sgf_rng r;
    sgf_rng_seed(&r, seed, 1);
    for (int i = 0; i < n; i++) {
        memset(&f[i], 0, sizeof f[i]);
        f[i].id = i;
        double a = sgf_rng_uniform_range(&r, 0.1, 0.7);
        int k = 3 + (int)sgf_rng_bounded(&r, 6);
        double d = (k / 8.0) * (k / 8.0);
        f[i].amc = a;
        f[i].diversity = d;
        f[i].radical = 4.0 * a * a + sgf_rng_normal(&r, 0.0, 0.1);
        f[i].incremental = (k <= 5 ? 6.0 : 2.0) * a + 3.0 * a * a + sgf_rng_normal(&r, 0.0, 0.3);
        f[i].speed = 0.8 * f[i].radical + sgf_rng_normal(&r, 0.0, 0.8);
        f[i].success = 0.5 * f[i].incremental + 2.0 * a + sgf_rng_normal(&r, 0.0, 0.3);
        f[i].failed = i % 50 == 49; /* failed firms are left out */
    }
}

TEST(analysis_recovers_known_structure)
{
    enum { N = 3000 };
    static sgf_survey_firm f[N];
    synthetic(f, N, 17);
    sgf_survey_result r;
    char err[256];
    CHECK(sgf_survey_analyse(f, N, 3, 300, &r, err, sizeof err) == SGF_OK);
    CHECK_EQ_INT(r.failed_firms, N / 50);
    CHECK_EQ_INT(r.n, N - N / 50);
    CHECK_EQ_INT(r.n_high + r.n_low, r.n);
    CHECK(abs(r.n_high - r.n_low) <= 1);
    CHECK_EQ_INT(r.bootstrap, 300);
    const sgf_path_estimate *p = r.path;
    CHECK(p[SGF_PATH_AMC_RADICAL].beta > 0.5);
    CHECK(p[SGF_PATH_AMC2_RADICAL].ci_low > 0);
    CHECK(p[SGF_PATH_AMC2_INCREMENTAL].ci_low > 0);
    CHECK(p[SGF_PATH_AMC_INCREMENTAL].pvalue < 1e-10);
    CHECK_NEAR(p[SGF_PATH_AMC_RADICAL].reported, 0.75, 0);
    for (int k = 0; k < SGF_PATH_COUNT; k++) {
        CHECK_MSG(p[k].ci_low <= p[k].beta && p[k].beta <= p[k].ci_high,
                  "path %d: %g not in [%g, %g]", k, p[k].beta, p[k].ci_low, p[k].ci_high);
        CHECK(p[k].n > 0);
    }
    /* the radical -> speed slope is 0.8 in raw units */
    CHECK_NEAR(p[SGF_PATH_RADICAL_SPEED].b, 0.8, 4 * p[SGF_PATH_RADICAL_SPEED].se);
    CHECK(r.order.ci_low > 0); /* success is tied much more tightly than speed */
    CHECK(r.incremental_by_d.diff > 0 && r.incremental_by_d.ci_low > 0);
    CHECK(r.incremental_by_d.z > 5);
    CHECK_STR(r.mediation[0].verdict, "full");
    CHECK_STR(r.mediation[1].verdict, "partial");
    CHECK(r.mediation[0].sobel_z > 3);
    /* the same data, seed and resamples give the same intervals */
    sgf_survey_result r2;
    CHECK(sgf_survey_analyse(f, N, 3, 300, &r2, err, sizeof err) == SGF_OK);
    CHECK(memcmp(r.path, r2.path, sizeof r.path) == 0);
}

TEST(constant_construct_is_an_error)
{
    enum { N = 100 };
    static sgf_survey_firm f[N];
    synthetic(f, N, 4);
    for (int i = 0; i < N; i++) f[i].radical = 2.0;
    sgf_survey_result r;
    char err[256] = "";
    CHECK(sgf_survey_analyse(f, N, 1, 0, &r, err, sizeof err) == SGF_ERR_USAGE);
    CHECK_CONTAINS(err, "radical");
    CHECK(sgf_survey_analyse(f, 5, 1, 0, &r, err, sizeof err) == SGF_ERR_USAGE);
}

int main(int argc, char **argv)
{
    return RUN_TESTS(argc, argv, firms_are_drawn_within_the_design,
                     a_firm_depends_only_on_seed_and_number, analysis_recovers_known_structure,
                     constant_construct_is_an_error);
}
