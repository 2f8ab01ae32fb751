/* sgf_survey.h: the virtual survey, an in-silico replication of 004 (the UK
 * survey of 278 SMEs on alliance management capability, co-innovation and
 * internationalisation; MODEL.md 9, pattern 4).
 *
 * A survey draws N firms from a base definition (a scenario): each firm gets
 * its own alliance management drivers (interface competence, management
 * weight on coordinating and integrating), its own alliance portfolio (k of
 * the 8 partner types of 004:84) and other traits, all from the distributions
 * in sgf_survey_config. Each firm is simulated over the base's horizon and
 * measured the way 004 measured its respondents:
 *
 *   AMC          the firm's mean alliance management capability (metric amc)
 *   D            (k/8)^2 with k the partner types held (004:84), averaged
 *                over the weeks of the horizon (partners of a type may leave)
 *   radical      radical co-innovations over the horizon (count)
 *   incremental  incremental co-innovations over the horizon (count)
 *   speed        reverse-coded time to the first foreign venture: (horizon -
 *                week of the first foreign market entered during the run) / 52
 *                years, 0 if none (004:80 measures years from founding to the
 *                first international venture; the run's start stands in for
 *                the founding, the first market entry for the venture)
 *   success      export growth relative to the starting size: the last full
 *                year's foreign sales over the first year's total sales. 004
 *                used four items of export performance (004:80, Cadogan et al.
 *                2009); growth of sales abroad is the one the model's
 *                mechanism (incremental innovation raises conversion in the
 *                markets served, innovation.c, market.c) speaks to, and this
 *                form is defined for firms that start at home as well
 *
 * sgf_survey_analyse estimates 004's paths by equation-wise OLS with
 * standardised coefficients (a recursive path model), the squared AMC terms
 * centred at the mean, Baron and Kenny's mediation steps with Sobel tests,
 * and the multi-group comparison split at the median of D (the lower and
 * upper halves of the firms ranked by D; ties at the median ranked by a hash
 * of the firm's number), with bootstrap 95 % intervals over firms and a z
 * test of the groups' unstandardised slopes. Failed firms are left out.
 * Results depend only on the base, the configuration and the seed, never on
 * the thread count.
 */
#ifndef SGF_SURVEY_H
#define SGF_SURVEY_H

#include <stdbool.h>
#include <stdint.h>

#include "sgf_def.h"
#include "sgf_regress.h"
#include "sgf_status.h"

#define SGF_SURVEY_DEFAULT_FIRMS 278 /* 004:76 */

/* How firms are drawn. sgf_survey_config_default gives the documented
 * defaults (docs/VALIDATION.md); the base definition supplies everything
 * else about the firm (its markets, channel and supply partners, incentives). */
typedef struct sgf_survey_config {
    int firms;
    uint64_t seed;
    int threads;   /* <= 0: one per core */
    int bootstrap; /* resamples for the intervals, >= 0 */
    /* AMC drivers */
    sgf_dist interface_competence; /* uniform(0.1, 0.95) */
    sgf_dist coordinating_weight;  /* uniform(0.05, 0.45) */
    sgf_dist integrating_weight;   /* uniform(0, 0.35) */
    /* other traits: each of the other eight capabilities is the base value
     * plus a draw of this (clamped to [0.05, 0.95]) */
    sgf_dist capability_jitter; /* uniform(-0.15, 0.15) */
    sgf_dist attention_factor;  /* multiplies attention hours: uniform(0.7, 1.3) */
} sgf_survey_config;

sgf_survey_config sgf_survey_config_default(void);

/* One surveyed firm: what was drawn and what was measured. */
typedef struct sgf_survey_firm {
    int id;
    /* drawn */
    double interface_competence, coordinating_weight, integrating_weight;
    double attention_hours;
    int types_drawn;     /* k at the start */
    unsigned types_mask; /* bit t: partner type t held at the start */
    /* measured */
    double amc;
    int types_final;  /* k at the end */
    double diversity; /* D: mean over the weeks of (k/8)^2 */
    double radical, incremental;
    double first_venture_week; /* -1: none during the run */
    double speed;              /* years, higher = faster */
    double revenue_first_year_eur;
    double foreign_first_year_eur, foreign_last_year_eur;
    double success;             /* foreign_last_year / revenue_first_year */
    double international_share; /* last year */
    double revenue_total_eur;
    double dc_mean;
    bool failed;
} sgf_survey_firm;

/* Build firm i's definition from the base (deep copy; free it with
 * sgf_world_def_free) and fill its drawn traits. */
sgf_status sgf_survey_firm_def(const sgf_world_def *base, const sgf_survey_config *cfg, int i,
                               sgf_world_def *out, sgf_survey_firm *traits);

/* Draw and simulate cfg->firms firms; firms[] must hold cfg->firms rows. */
sgf_status sgf_survey_run(const sgf_world_def *base, const sgf_survey_config *cfg,
                          sgf_survey_firm *firms, char *err, size_t err_size);

/* ---- analysis ------------------------------------------------------------ */

/* The paths of 004, in this order. */
typedef enum sgf_survey_path {
    SGF_PATH_AMC_RADICAL,
    SGF_PATH_AMC2_RADICAL,
    SGF_PATH_AMC_INCREMENTAL,
    SGF_PATH_AMC2_INCREMENTAL,
    SGF_PATH_RADICAL_SPEED,
    SGF_PATH_INCREMENTAL_SUCCESS,
    SGF_PATH_AMC_RADICAL_HIGH_D,
    SGF_PATH_AMC_RADICAL_LOW_D,
    SGF_PATH_AMC_INCREMENTAL_HIGH_D,
    SGF_PATH_AMC_INCREMENTAL_LOW_D,
    SGF_PATH_COUNT
} sgf_survey_path;

typedef struct sgf_path_estimate {
    const char *name;   /* "AMC -> radical" */
    const char *group;  /* "all", "high D", "low D" */
    double reported;    /* 004's standardised coefficient */
    const char *source; /* "004:100" */
    int n;
    double beta;            /* standardised */
    double b, se, pvalue;   /* unstandardised, OLS */
    double ci_low, ci_high; /* bootstrap percentile 95 % interval of beta */
} sgf_path_estimate;

/* Baron and Kenny (1986): X -> M -> Y. */
typedef struct sgf_mediation {
    const char *x, *m, *y;
    double c, c_p;               /* step 1: Y ~ X (standardised, p) */
    double a, a_p;               /* step 2: M ~ X */
    double b, b_p;               /* step 3: Y ~ M + X, M's coefficient */
    double c_direct, c_direct_p; /* step 3: X's coefficient */
    double sobel_z, sobel_p;     /* on unstandardised a and b */
    const char *verdict;         /* "full", "partial" or "none" */
    const char *reported;        /* 004's finding */
} sgf_mediation;

/* A difference of standardised coefficients with its bootstrap interval. */
typedef struct sgf_contrast {
    const char *what;
    double diff, ci_low, ci_high;
    double z, pvalue; /* slope difference test on unstandardised b */
} sgf_contrast;

typedef struct sgf_survey_result {
    int n, n_high, n_low;
    double median_d;
    int bootstrap;
    sgf_path_estimate path[SGF_PATH_COUNT];
    sgf_mediation mediation[2]; /* radical -> speed, incremental -> success */
    /* incremental -> success minus radical -> speed (004: .61 - .15) */
    sgf_contrast order;
    /* AMC -> incremental: low D minus high D (004: .80 - .46) */
    sgf_contrast incremental_by_d;
    /* AMC -> radical: high D minus low D (004: .76 - .72) */
    sgf_contrast radical_by_d;
    /* means of the constructs, for the report */
    double mean_amc, mean_d, mean_radical, mean_incremental, mean_speed, mean_success;
    int failed_firms;
} sgf_survey_result;

/* Estimate everything from n firms. The bootstrap draws come from (seed,
 * bootstrap) only. SGF_ERR_USAGE when the data cannot support a fit (too few
 * firms, a constant construct); the message says which. */
sgf_status sgf_survey_analyse(const sgf_survey_firm *firms, int n, uint64_t seed, int bootstrap,
                              sgf_survey_result *out, char *err, size_t err_size);

/* Partner type t's representative role when a firm adds that type. */
sgf_role sgf_survey_type_role(sgf_partner_type t);

#endif
