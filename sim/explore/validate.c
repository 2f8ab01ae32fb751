/* validate.c: the pattern suite of MODEL.md 9 (sgf_validate.h).
 *
 * Every pattern builds its arms from the built-in default scenario plus
 * changes, runs each arm over replications 0..reps-1 of the master seed
 * (common random numbers) on threads, and reduces the runs to checks: the
 * mean of a per-replication statistic (mostly a paired difference between
 * arms) with a 95 % t interval, and a verdict. One probe measures every run
 * the same way (the measures below), so a pattern only chooses arms and
 * statistics: experiments[] holds a row per set of arms, checks[] a row per
 * check (id, kind, source, expectation, arms, statistic, rule and
 * threshold, note), and run_experiment runs one and adds its checks in table
 * order. What each check may claim follows docs/SOURCES.md section 3:
 * pattern 1 only "increases the propensity" (P1), pattern 2's "costs more
 * than its share" is a design property, pattern 5's peak over compatibility
 * is the model's reading of 003:86, pattern 6 is external docking (no seed
 * mentions the Beer Game or Kim 2009) and pattern 7 is an assumption.
 */
#include <math.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <threads.h>

#include "base/alloc.h"
#include "sgf/sgf_batch.h"
#include "sgf/sgf_scenario.h"
#include "sgf/sgf_survey.h"
#include "sgf/sgf_validate.h"
#include "sgf/sgf_world.h"

/* ---- options -------------------------------------------------------------------- */

sgf_validate_opts sgf_validate_opts_default(bool quick)
{
    sgf_validate_opts o;
    memset(&o, 0, sizeof o);
    o.reps = quick ? 30 : 60;
    o.seed = 20010101; /* the default scenario's seed */
    o.threads = 0;
    o.survey_firms = quick ? 3000 : 5000;
    o.bootstrap = quick ? 400 : 1000;
    for (int p = 1; p <= SGF_VALIDATE_PATTERNS; p++) o.pattern[p] = true;
    return o;
}

static const char *const pattern_names[SGF_VALIDATE_PATTERNS + 1] = {
    "",
    "small global factory vs integrated",
    "complementary capability levels",
    "neglected partner value",
    "virtual AMC survey",
    "export partner groups",
    "Beer Game docking",
    "monitoring and opportunism",
};

const char *sgf_check_kind_name(sgf_check_kind k)
{
    switch (k) {
    case SGF_CHECK_SOURCE:
        return "source";
    case SGF_CHECK_EXTERNAL:
        return "external";
    case SGF_CHECK_ASSUMPTION:
        return "assumption";
    case SGF_CHECK_INFO:
        return "info";
    default:
        return "?";
    }
}

const char *sgf_validate_pattern_name(int p)
{
    return p >= 1 && p <= SGF_VALIDATE_PATTERNS ? pattern_names[p] : "";
}

/* ---- what every run measures ------------------------------------------------------- */

enum {
    M_FOREIGNNESS_Y3, /* mean over foreign markets served from the start, week 156 */
    M_OUTSIDERSHIP_Y3,
    M_MARKETS_ENTERED,
    M_REVENUE_M,        /* revenue over the run, EUR million */
    M_DC,               /* mean dynamic capability */
    M_SENSING,          /* mean S */
    M_SEIZING,          /* mean Z */
    M_SALES_COMMITMENT, /* sales partners' mean commitment, weeks 13-77 */
    M_CHANNELS_LATE,    /* downstream partners, mean over weeks 104-520 */
    M_EPG_EFFICIENCY,   /* export manager's time efficiency, weeks 1-156 */
    M_EPG_JEALOUSY,     /* weeks 52-156 */
    M_EPG_COOPERATION,  /* weeks 1-156 */
    M_EPG_FIRST_DEAL,   /* week of the first deal, NaN none */
    M_EPG_DEALS_IN,     /* deals closed by week 156 (the project) */
    M_EPG_DEALS_ALL,    /* deals closed over the run */
    M_BULLWHIP_1,
    M_BULLWHIP_2,
    M_BULLWHIP_3,
    M_BULLWHIP_4,
    M_INVENTORY_SD,
    M_INVENTORY_SD_MID,
    M_ACTS,
    M_DETECTED,
    M_DAMAGE_K, /* damage from opportunism, EUR thousand */
    M_COUNT
};

static bool is_sales_partner(const sgf_partner_view *p)
{
    return !p->owned && sgf_role_is_downstream(p->role);
}

/* Simulate one run and fill out[M_COUNT]. */
static sgf_status probe(const sgf_world_def *def, double *out, char *err, size_t err_size)
{
    sgf_world *w = NULL;
    sgf_status st = sgf_world_create(def, &w);
    if (st != SGF_OK) {
        snprintf(err, err_size, "cannot build the world: %s", sgf_status_message(st));
        return st;
    }
    for (int k = 0; k < M_COUNT; k++) out[k] = 0.0;
    double s_sum = 0, z_sum = 0, commit = 0, channels = 0, eff = 0, jeal = 0, coop = 0;
    int n = 0, n_commit = 0, n_channels = 0, n_eff = 0, n_jeal = 0;
    double damage = 0;
    double inv_sum = 0, inv_sq = 0;
    int inv_n = 0;
    while (!sgf_world_done(w)) {
        st = sgf_world_step(w);
        if (st != SGF_OK) {
            snprintf(err, err_size, "%s", sgf_world_error(w));
            sgf_world_destroy(w);
            return st;
        }
        int t = sgf_world_tick(w);
        const sgf_metrics *m = sgf_world_metrics(w);
        s_sum += m->sensing;
        z_sum += m->seizing;
        n++;
        damage += m->opportunism_damage_eur; /* this week's, net of what detection undid */
        if (t >= 13 && t < 78) {
            double c = 0;
            int k = 0;
            sgf_partner_view p;
            for (int i = sgf_world_partner_next(w, 0); i >= 0; i = sgf_world_partner_next(w, i + 1))
                if (sgf_world_partner(w, i, &p) && is_sales_partner(&p))
                    c += (double)p.commitment, k++;
            if (k > 0) commit += c / k, n_commit++;
        }
        if (t >= 104) channels += m->downstream_partners, n_channels++;
        if (t > 52 && t <= 260) {
            inv_sum += m->inventory_units;
            inv_sq += m->inventory_units * m->inventory_units;
            inv_n++;
        }
        if (t <= 156) eff += m->epg_time_efficiency, coop += m->epg_cooperation, n_eff++;
        if (t >= 52 && t <= 156) jeal += m->epg_jealousy, n_jeal++;
        if (t <= 156) out[M_EPG_DEALS_IN] += m->epg_deals;
        out[M_EPG_DEALS_ALL] += m->epg_deals;
        if (t == 156) {
            double fo = 0, ou = 0;
            int k = 0, market_count = 0;
            const sgf_market *markets = sgf_world_markets(w, &market_count);
            for (int mk = 0; mk < market_count; mk++) {
                const sgf_market_def *md = &def->markets[mk];
                if (md->home || !md->served_at_start) continue;
                fo += markets[mk].foreignness;
                ou += markets[mk].outsidership;
                k++;
            }
            out[M_FOREIGNNESS_Y3] = k ? fo / k : NAN;
            out[M_OUTSIDERSHIP_Y3] = k ? ou / k : NAN;
        }
    }
    sgf_summary s;
    sgf_world_summary(w, &s);
    out[M_MARKETS_ENTERED] = s.markets_entered;
    out[M_REVENUE_M] = s.revenue_total_eur / 1e6;
    out[M_DC] = s.dc_mean;
    out[M_SENSING] = n ? s_sum / n : 0;
    out[M_SEIZING] = n ? z_sum / n : 0;
    out[M_SALES_COMMITMENT] = n_commit ? commit / n_commit : NAN;
    out[M_CHANNELS_LATE] = n_channels ? channels / n_channels : NAN;
    out[M_EPG_EFFICIENCY] = n_eff ? eff / n_eff : NAN;
    out[M_EPG_COOPERATION] = n_eff ? coop / n_eff : NAN;
    out[M_EPG_JEALOUSY] = n_jeal ? jeal / n_jeal : NAN;
    out[M_EPG_FIRST_DEAL] = s.weeks_to_first_epg_deal;
    out[M_BULLWHIP_1] = s.bullwhip;
    out[M_BULLWHIP_2] = s.bullwhip_2;
    out[M_BULLWHIP_3] = s.bullwhip_3;
    out[M_BULLWHIP_4] = s.bullwhip_4;
    out[M_INVENTORY_SD] = s.inventory_sd;
    {
        double mean = inv_n ? inv_sum / inv_n : 0.0,
               var = inv_n ? inv_sq / inv_n - mean * mean : 0.0;
        out[M_INVENTORY_SD_MID] = inv_n > 1 && var > 0 ? sqrt(var) : 0.0;
    }
    out[M_ACTS] = s.opportunism_committed;
    out[M_DETECTED] = s.opportunism_detected;
    out[M_DAMAGE_K] = damage / 1e3;
    sgf_world_destroy(w);
    return SGF_OK;
}

/* ---- arms on threads ------------------------------------------------------------------ */

typedef struct arms_job {
    const sgf_world_def *defs;
    int arms, reps;
    double *res; /* [(arm * reps + rep) * M_COUNT + k] */
    atomic_int next;
    mtx_t lock;
    sgf_status status;
    char err[256];
} arms_job;

static int arms_worker(void *arg)
{
    arms_job *j = arg;
    int total = j->arms * j->reps;
    for (;;) {
        int job = atomic_fetch_add(&j->next, 1);
        if (job >= total) break;
        int a = job / j->reps, r = job % j->reps;
        sgf_world_def def = j->defs[a]; /* shallow: the world copies it */
        def.run_index = (uint64_t)r;
        char err[200] = "";
        sgf_status st = probe(&def, j->res + (size_t)job * M_COUNT, err, sizeof err);
        if (st != SGF_OK) {
            mtx_lock(&j->lock);
            if (j->status == SGF_OK) {
                j->status = st;
                snprintf(j->err, sizeof j->err, "arm %d, replication %d: %s", a, r, err);
            }
            mtx_unlock(&j->lock);
            break;
        }
    }
    return 0;
}

static sgf_status run_arms(const sgf_world_def *defs, int arms, int reps, int threads, double *res,
                           char *err, size_t err_size)
{
    arms_job j = {.defs = defs, .arms = arms, .reps = reps, .res = res, .status = SGF_OK};
    atomic_init(&j.next, 0);
    if (mtx_init(&j.lock, mtx_plain) != thrd_success) return SGF_ERR_INTERNAL;
    if (threads <= 0) threads = sgf_cpu_count();
    if (threads > arms * reps) threads = arms * reps;
    thrd_t *pool = sgf_calloc((size_t)(threads > 0 ? threads : 1), sizeof *pool);
    if (!pool) {
        mtx_destroy(&j.lock);
        return SGF_ERR_NOMEM;
    }
    int started = 0;
    for (int t = 1; t < threads; t++) {
        if (thrd_create(&pool[t], arms_worker, &j) != thrd_success) break;
        started++;
    }
    arms_worker(&j);
    for (int t = 1; t <= started; t++) thrd_join(pool[t], NULL);
    sgf_free(pool);
    mtx_destroy(&j.lock);
    if (j.status != SGF_OK) snprintf(err, err_size, "%s", j.err);
    return j.status;
}

/* ---- building arms ---------------------------------------------------------------------- */

typedef struct ctx {
    const sgf_validate_opts *o;
    const sgf_world_def *base; /* the default scenario at the master seed */
    sgf_check *out;
    int max, count;
    char *err;
    size_t err_size;
} ctx;

static void free_arms(sgf_world_def *defs, int n)
{
    for (int a = 0; a < n; a++) sgf_world_def_free(&defs[a]);
}

/* n copies of the base; on failure none is left allocated. */
static sgf_status copy_arms(const ctx *c, sgf_world_def *defs, int n)
{
    for (int a = 0; a < n; a++) {
        sgf_status st = sgf_world_def_copy(&defs[a], c->base);
        if (st != SGF_OK) {
            free_arms(defs, a);
            return st;
        }
    }
    return SGF_OK;
}

static double res_at(const double *res, int reps, int arm, int rep, int k)
{
    return res[((size_t)arm * (size_t)reps + (size_t)rep) * M_COUNT + (size_t)k];
}

static double arm_mean(const double *res, int reps, int arm, int k)
{
    double s = 0;
    for (int r = 0; r < reps; r++) s += res_at(res, reps, arm, r, k);
    return s / reps;
}

/* Add a check; the statistic's values over replications are in v[0..n-1]. */
typedef enum { PASS_ABOVE, PASS_BELOW, PASS_NOT_BELOW, PASS_INFO } rule;

static sgf_check *add_check(ctx *c, int pattern, const char *id, sgf_check_kind kind,
                            const char *source, const char *expectation, const char *statistic)
{
    if (c->count >= c->max) return NULL;
    sgf_check *k = &c->out[c->count++];
    memset(k, 0, sizeof *k);
    k->pattern = pattern;
    snprintf(k->id, sizeof k->id, "%s", id);
    k->kind = kind;
    snprintf(k->title, sizeof k->title, "%s", sgf_validate_pattern_name(pattern));
    snprintf(k->source, sizeof k->source, "%s", source);
    snprintf(k->expectation, sizeof k->expectation, "%s", expectation);
    snprintf(k->statistic, sizeof k->statistic, "%s", statistic);
    k->estimate = k->ci_low = k->ci_high = NAN;
    k->pass = true;
    return k;
}

/* Judge an interval against a threshold: ABOVE needs the whole interval
 * above it, BELOW the whole interval below, NOT_BELOW only that the
 * interval reaches it (the estimate is not significantly below). */
static bool judge(rule rl, double lo, double hi, double threshold)
{
    switch (rl) {
    case PASS_ABOVE:
        return lo > threshold;
    case PASS_BELOW:
        return hi < threshold;
    case PASS_NOT_BELOW:
        return hi >= threshold;
    default:
        return true;
    }
}

static void set_stat(sgf_check *k, const double *v, int n, rule rl, double threshold)
{
    if (!k) return;
    sgf_stat s = sgf_stat_of(v, n);
    k->estimate = s.mean;
    k->ci_low = s.mean - s.half_width;
    k->ci_high = s.mean + s.half_width;
    if (s.sd == 0.0) k->ci_low = k->ci_high = s.mean; /* deterministic */
    k->n = n;
    k->pass = k->kind == SGF_CHECK_INFO ? true : judge(rl, k->ci_low, k->ci_high, threshold);
    if (!isfinite(s.mean)) k->pass = k->kind == SGF_CHECK_INFO;
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void
note(sgf_check *k, const char *fmt, ...)
{
    if (!k) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(k->note, sizeof k->note, fmt, ap);
    va_end(ap);
}

/* Per-replication paired differences arm b - arm a of measure m. */
static void diff(const double *res, int reps, int a, int b, int m, double *v)
{
    for (int r = 0; r < reps; r++) v[r] = res_at(res, reps, b, r, m) - res_at(res, reps, a, r, m);
}

static void remove_downstream(sgf_world_def *d)
{
    int np = 0, nq = 0;
    for (int i = 0; i < d->partner_count; i++)
        if (!sgf_role_is_downstream(d->partners[i].role)) d->partners[np++] = d->partners[i];
    d->partner_count = np;
    for (int i = 0; i < d->population_count; i++)
        if (!sgf_role_is_downstream(d->populations[i].role))
            d->populations[nq++] = d->populations[i];
    d->population_count = nq;
}

/* ---- the arms of each experiment --------------------------------------------------------- */

/* Pattern 1: the small global factory (the default firm) vs the integrated
 * form: no channel partners; it makes in house and sells abroad through its
 * own exporting staff in the markets it serves (001:6391-6393); everything
 * else as the default firm. */
enum { A1_SGF, A1_INTEGRATED, A1_COUNT };

static sgf_status arms1(sgf_world_def *defs)
{
    defs[A1_INTEGRATED].firm.governance = SGF_GOV_INTEGRATED;
    remove_downstream(&defs[A1_INTEGRATED]);
    return SGF_OK;
}

/* Pattern 2: each capability level low (0.1), all three low, and high
 * cognition (0.9) with low managerial capability. */
enum { A2_BASE, A2_COG, A2_MAN, A2_ORG, A2_ALL, A2_HC_LM, A2_COUNT };

static void set_cognitive(sgf_capabilities *k, double v)
{
    k->cultural_awareness = k->global_mindset = k->innovativeness = k->risk_taking =
        k->proactiveness = v;
}
static void set_managerial(sgf_capabilities *k, double v)
{
    k->interface_competence = k->analytical_capability = v;
}
static void set_organisational(sgf_capabilities *k, double v)
{
    k->absorptive_capacity = k->flexibility = v;
}

static sgf_status arms2(sgf_world_def *defs)
{
    const double low = 0.1, high = 0.9;
    set_cognitive(&defs[A2_COG].firm.capabilities, low);
    set_managerial(&defs[A2_MAN].firm.capabilities, low);
    set_organisational(&defs[A2_ORG].firm.capabilities, low);
    set_cognitive(&defs[A2_ALL].firm.capabilities, low);
    set_managerial(&defs[A2_ALL].firm.capabilities, low);
    set_organisational(&defs[A2_ALL].firm.capabilities, low);
    set_cognitive(&defs[A2_HC_LM].firm.capabilities, high);
    set_managerial(&defs[A2_HC_LM].firm.capabilities, low);
    return SGF_OK;
}

/* Pattern 3: Beta: value to partners neither worked out nor communicated,
 * thin margins, no training, the net not yet managed (001:3869-3893,
 * 001:4137-4143). */
enum { A3_DEFAULT, A3_NEGLECT, A3_COUNT };

static sgf_status arms3(sgf_world_def *defs)
{
    sgf_incentive_def *in = &defs[A3_NEGLECT].firm.incentives;
    in->margin_share = 0.1;
    in->bonus_share = 0;
    in->training_eur_per_week = 0;
    in->give_first = false;
    in->offer_reference = in->offer_market_access = in->offer_bid_access = 0;
    in->offer_learning = in->offer_social = 0;
    defs[A3_NEGLECT].firm.management.preset = SGF_PRESET_LAISSEZ_FAIRE;
    return SGF_OK;
}

/* Pattern 5: five SMEs, one export manager, a three-year project to Japan
 * (003:68-70), by focus and by compatibility (relatedness). */
enum { A5_MARKET, A5_CUSTOMER, A5_SYSTEM, A5_UNRELATED, A5_COMPETING, A5_COUNT };

static sgf_status arms5(sgf_world_def *defs)
{
    const double focus[A5_COUNT] = {0.0, 0.5, 1.0, 0.5, 0.5};
    const double compat[A5_COUNT] = {0.5, 0.5, 0.5, 0.15, 0.85};
    for (int a = 0; a < A5_COUNT; a++) {
        sgf_epg_def *g = &defs[a].epg;
        g->enabled = true;
        g->members = 5;
        g->focus = focus[a];
        g->compatibility = compat[a];
        g->duration_weeks = 156;
        snprintf(g->target_iso, sizeof g->target_iso, "%s", "JP");
    }
    return SGF_OK;
}

/* Pattern 6, the Beer Game: the firm is the retailer of a four-echelon
 * serial chain, every echelon orders by Sterman's anchoring and adjustment
 * (chain.c). */
enum { A6_CHAIN, A6_CHAIN_COUNT };

static sgf_status arms6_chain(sgf_world_def *defs)
{
    defs[A6_CHAIN].firm.supply.echelons = 4;
    defs[A6_CHAIN].firm.supply.policy = SGF_ORDER_STERMAN;
    return SGF_OK;
}

/* Pattern 6, allocation: three contract manufacturers of differing
 * reliability in place of the default's one: opportunism (over-promising,
 * shirking) and defect rates from low to high, lead times from 6 to 10
 * weeks. Labour costs stay put so nobody relocates, and demand has no
 * seasons or tender waves, so stock varies with supply more than with
 * demand (as in Kim 2009's setting). Orders go to them equally or in
 * proportion to trust. */
enum { A6_EQUAL, A6_TRUST, A6_ALLOCATION_COUNT };

static sgf_status unreliable_suppliers(sgf_world_def *d)
{
    static const double opp[3] = {0.02, 0.3, 0.9}, defect[3] = {0.005, 0.05, 0.15},
                        lead[3] = {6, 8, 10};
    int np = 0;
    for (int i = 0; i < d->partner_count; i++)
        if (d->partners[i].role != SGF_ROLE_HARDWARE_MANUFACTURER)
            d->partners[np++] = d->partners[i];
    d->partner_count = np;
    for (int j = 0; j < 3; j++) {
        sgf_partner_def *p = sgf_world_def_add_partner(d);
        if (!p) return SGF_ERR_NOMEM;
        snprintf(p->name, sizeof p->name, "Manufacturer %c", 'A' + j);
        p->role = SGF_ROLE_HARDWARE_MANUFACTURER;
        snprintf(p->market_iso, sizeof p->market_iso, "%s", "CN");
        p->capacity_units_per_week = 150;
        p->unit_cost_eur = 750;
        p->lead_time_weeks = lead[j];
        p->size_ratio = 5;
        p->opportunism = opp[j];
        p->defect_rate = defect[j];
        p->trust = 0.6;
        p->commitment = 0.5;
        p->motivation = 0.6;
        p->contact_persons = 2;
        p->contract = true;
        p->replaceability = 3;
        p->outside_option = 3000;
        p->pref[0] = 0.85;
        p->pref[1] = p->pref[2] = 0.05;
        p->pref[3] = p->pref[4] = 0.025;
    }
    d->environment.labour_cost_drift_per_year = 0;
    for (int m = 0; m < d->market_count; m++) {
        d->markets[m].public_sector_share = 0;
        d->markets[m].seasonality = 0;
    }
    return SGF_OK;
}

static sgf_status arms6_allocation(sgf_world_def *defs)
{
    sgf_status st = unreliable_suppliers(&defs[A6_EQUAL]);
    if (st == SGF_OK) st = unreliable_suppliers(&defs[A6_TRUST]);
    defs[A6_EQUAL].firm.supply.allocation = SGF_ALLOC_EQUAL;
    defs[A6_TRUST].firm.supply.allocation = SGF_ALLOC_TRUST;
    return st;
}

/* Pattern 7: little monitoring by a firm with little analytical capability,
 * vs the monitoring-led controller with much. */
enum { A7_LITTLE, A7_MUCH, A7_COUNT };

static sgf_status arms7(sgf_world_def *defs)
{
    sgf_firm_def *lo = &defs[A7_LITTLE].firm, *hi = &defs[A7_MUCH].firm;
    lo->management.preset = SGF_PRESET_CUSTOM;
    const double w[SGF_MODE_COUNT] = {0.6, 0.02, 0.28, 0.1};
    memcpy(lo->management.weight, w, sizeof w);
    lo->capabilities.analytical_capability = 0.2;
    hi->management.preset = SGF_PRESET_CONTROLLER;
    hi->capabilities.analytical_capability = 0.9;
    return SGF_OK;
}

/* ---- experiments ------------------------------------------------------------------------- */

/* An experiment: arms built from the default scenario, each run over the
 * same replications; pattern 4 is the virtual survey instead. Patterns 2,
 * 6 and 7 weigh small effects (revenue of a weak capability level, inventory
 * variability, damage from rare acts) against a large run-to-run noise:
 * they run three times the replications, and pattern 6's allocation arms
 * (an effect of a few per cent of a noisy sd) SGF_VALIDATE_REPS_6B times. */
typedef struct experiment {
    int pattern;
    int arms;                                 /* 0: the survey */
    int reps_times;                           /* replications: this many times --reps */
    sgf_status (*build)(sgf_world_def *defs); /* changes the copies of the default */
} experiment;

enum { X1, X2, X3, X4_SURVEY, X5, X6_CHAIN, X6_ALLOCATION, X7, X_COUNT };
enum { MAX_ARMS = 8 };

static const experiment experiments[X_COUNT] = {
    [X1] = {1, A1_COUNT, 1, arms1},
    [X2] = {2, A2_COUNT, 3, arms2},
    [X3] = {3, A3_COUNT, 1, arms3},
    [X4_SURVEY] = {4, 0, 0, NULL},
    [X5] = {5, A5_COUNT, 1, arms5},
    [X6_CHAIN] = {6, A6_CHAIN_COUNT, 3, arms6_chain},
    [X6_ALLOCATION] = {6, A6_ALLOCATION_COUNT, SGF_VALIDATE_REPS_6B, arms6_allocation},
    [X7] = {7, A7_COUNT, 3, arms7},
};

/* ---- statistics and notes of their own ---------------------------------------------------- */

/* What a check reads: its experiment's runs and the statistic's values
 * over replications; a statistic leaves here what its note reports. */
typedef struct eval {
    const double *res;
    int reps;
    double *v;
    int level;       /* 2c: the tightest capability level */
    int late;        /* 5f: runs whose first deal comes after week 156 */
    double share[2]; /* 7a: mean detected share per arm */
} eval;

typedef struct check_row check_row;

static double at(const eval *e, int arm, int rep, int m)
{
    return res_at(e->res, e->reps, arm, rep, m);
}

static double mean(const eval *e, int arm, int m)
{
    return arm_mean(e->res, e->reps, arm, m);
}

/* 1a: the mean of foreignness and outsidership, arm SGF - arm integrated. */
static void values_liabilities(eval *e, const check_row *row)
{
    for (int r = 0; r < e->reps; r++)
        e->v[r] = 0.5 * (at(e, A1_SGF, r, M_FOREIGNNESS_Y3) + at(e, A1_SGF, r, M_OUTSIDERSHIP_Y3)) -
                  0.5 * (at(e, A1_INTEGRATED, r, M_FOREIGNNESS_Y3) +
                         at(e, A1_INTEGRATED, r, M_OUTSIDERSHIP_Y3));
}

static void note_liabilities(const eval *e, const check_row *row, sgf_check *k)
{
    note(k, "SGF %.3f, integrated %.3f; P1 claims a higher propensity, not a speed",
         0.5 * (mean(e, A1_SGF, M_FOREIGNNESS_Y3) + mean(e, A1_SGF, M_OUTSIDERSHIP_Y3)),
         0.5 * (mean(e, A1_INTEGRATED, M_FOREIGNNESS_Y3) +
                mean(e, A1_INTEGRATED, M_OUTSIDERSHIP_Y3)));
}

static const int capability_level[3] = {A2_COG, A2_MAN, A2_ORG};

/* 2a, 2b: the smallest loss of the row's measure over the three levels. */
static void values_smallest_loss(eval *e, const check_row *row);

/* 2c: each level's DC loss less its third of the loss of all three, for
 * the level where that margin is smallest on average. */
static void values_complementarity(eval *e, const check_row *row)
{
    double worst_margin_mean = INFINITY;
    int worst = 0;
    for (int l = 0; l < 3; l++) {
        double mm = 0;
        for (int r = 0; r < e->reps; r++) {
            double base = at(e, A2_BASE, r, M_DC);
            mm += (base - at(e, capability_level[l], r, M_DC)) -
                  (base - at(e, A2_ALL, r, M_DC)) / 3.0;
        }
        if (mm < worst_margin_mean) worst_margin_mean = mm, worst = l;
    }
    for (int r = 0; r < e->reps; r++) {
        double base = at(e, A2_BASE, r, M_DC);
        e->v[r] = (base - at(e, capability_level[worst], r, M_DC)) -
                  (base - at(e, A2_ALL, r, M_DC)) / 3.0;
    }
    e->level = worst;
}

static void note_complementarity(const eval *e, const check_row *row, sgf_check *k)
{
    static const char *const level_name[3] = {"cognitive", "managerial", "organisational"};
    double dc0 = mean(e, A2_BASE, M_DC);
    note(k,
         "tightest level: %s; DC losses: cognitive %.3f, managerial %.3f, organisational %.3f, "
         "all three %.3f (third %.3f)",
         level_name[e->level], dc0 - mean(e, A2_COG, M_DC), dc0 - mean(e, A2_MAN, M_DC),
         dc0 - mean(e, A2_ORG, M_DC), dc0 - mean(e, A2_ALL, M_DC),
         (dc0 - mean(e, A2_ALL, M_DC)) / 3.0);
}

/* 2d: Z/S of high cognition, low managerial capability less the default's. */
static void values_seizing_share(eval *e, const check_row *row)
{
    for (int r = 0; r < e->reps; r++) {
        double zs_h = at(e, A2_HC_LM, r, M_SEIZING) / at(e, A2_HC_LM, r, M_SENSING);
        double zs_b = at(e, A2_BASE, r, M_SEIZING) / at(e, A2_BASE, r, M_SENSING);
        e->v[r] = zs_h - zs_b;
    }
}

/* 5c: the smaller gap between intermediate and low or high relatedness. */
static void values_cooperation_peak(eval *e, const check_row *row)
{
    for (int r = 0; r < e->reps; r++) {
        double mid = at(e, A5_CUSTOMER, r, M_EPG_COOPERATION);
        double a = mid - at(e, A5_UNRELATED, r, M_EPG_COOPERATION);
        double b = mid - at(e, A5_COMPETING, r, M_EPG_COOPERATION);
        e->v[r] = a < b ? a : b;
    }
}

/* 5d: the system-focused group's share of deals after week 156. 003 speaks
 * of results (deals, export volume) that take more than the project's three
 * years, so the check weighs deals, not the first one. */
static void values_late_deals(eval *e, const check_row *row)
{
    for (int r = 0; r < e->reps; r++) {
        double all = at(e, A5_SYSTEM, r, M_EPG_DEALS_ALL);
        e->v[r] = all > 0 ? 1.0 - at(e, A5_SYSTEM, r, M_EPG_DEALS_IN) / all : 1.0;
    }
}

/* 5e: the market- and customer-focused groups' mean share of deals by
 * week 156. */
static void values_early_deals(eval *e, const check_row *row)
{
    for (int r = 0; r < e->reps; r++) {
        double sh[2];
        const int arm[2] = {A5_MARKET, A5_CUSTOMER};
        for (int q = 0; q < 2; q++) {
            double all = at(e, arm[q], r, M_EPG_DEALS_ALL);
            sh[q] = all > 0 ? at(e, arm[q], r, M_EPG_DEALS_IN) / all : 0.0;
        }
        e->v[r] = 0.5 * (sh[0] + sh[1]);
    }
}

/* 5f: the week of the system-focused group's first deal (520: none). */
static void values_first_deal(eval *e, const check_row *row)
{
    e->late = 0;
    for (int r = 0; r < e->reps; r++) {
        double wk = at(e, A5_SYSTEM, r, M_EPG_FIRST_DEAL);
        bool none = !(wk >= 0); /* NaN: no deal in the run */
        e->v[r] = none ? 520 : wk;
        e->late += none || wk > 156;
    }
}

static void note_first_deal(const eval *e, const check_row *row, sgf_check *k)
{
    note(k, "first deal after week 156 in %d of %d system-focused runs", e->late, e->reps);
}

/* 6a: the smallest step of the bullwhip from one echelon to the next. */
static void values_bullwhip_steps(eval *e, const check_row *row)
{
    for (int r = 0; r < e->reps; r++) {
        double prev = 1.0, m = INFINITY;
        for (int ech = 0; ech < 4; ech++) {
            double bw = at(e, A6_CHAIN, r, M_BULLWHIP_1 + ech);
            double step = prev > 0 ? bw / prev : 0.0;
            if (step < m) m = step;
            prev = bw;
        }
        e->v[r] = m;
    }
}

/* 7a: the share of opportunistic acts detected, much - little monitoring. */
static void values_detected_share(eval *e, const check_row *row)
{
    e->share[0] = e->share[1] = 0;
    for (int r = 0; r < e->reps; r++) {
        double s[2];
        for (int a = 0; a < 2; a++) {
            double acts = at(e, a, r, M_ACTS);
            s[a] = acts > 0 ? at(e, a, r, M_DETECTED) / acts : 0.0;
            e->share[a] += s[a] / e->reps;
        }
        e->v[r] = s[A7_MUCH] - s[A7_LITTLE];
    }
}

static void note_detected_share(const eval *e, const check_row *row, sgf_check *k)
{
    note(k, "%.2f vs %.2f of acts detected (%.0f vs %.0f acts per run)", e->share[A7_MUCH],
         e->share[A7_LITTLE], mean(e, A7_MUCH, M_ACTS), mean(e, A7_LITTLE, M_ACTS));
}

/* Pattern 4's checks from the survey's estimates. */
static void survey_path(const sgf_survey_result *r, const check_row *row, sgf_check *k);
static void survey_order(const sgf_survey_result *r, const check_row *row, sgf_check *k);
static void survey_incremental_by_d(const sgf_survey_result *r, const check_row *row, sgf_check *k);
static void survey_radical_by_d(const sgf_survey_result *r, const check_row *row, sgf_check *k);
static void survey_mediation(const sgf_survey_result *r, const check_row *row, sgf_check *k);

/* ---- the checks, one row each -------------------------------------------------------------- */

enum { NOTE_MEANS = 5 };

typedef struct arm_measure {
    int arm, m;
} arm_measure;

/* One check. Its statistic is, over the replications of its experiment's
 * runs, the paired difference arm b - arm a of measure m, or what `values`
 * computes; set_stat judges its interval by rule and threshold. Its note is
 * the format `note` over the arm means `means` (one per conversion, each a
 * floating one), or what `note_by` writes. Pattern 4's rows read the
 * survey: `survey` fills the check; m is then the path or mediation, and
 * reported 004's value. */
struct check_row {
    int experiment;
    const char *id;
    sgf_check_kind kind;
    const char *source;
    const char *expectation;
    int a, b, m;
    void (*values)(eval *e, const check_row *row);
    const char *statistic;
    rule rl;
    double threshold;
    const char *note;
    arm_measure means[NOTE_MEANS];
    void (*note_by)(const eval *e, const check_row *row, sgf_check *k);
    void (*survey)(const sgf_survey_result *r, const check_row *row, sgf_check *k);
    double reported;
};

/* clang-format off */
static const check_row checks[] = {
    /* ---- pattern 1: small global factory vs integrated */
    {.experiment = X1, .id = "1a", .kind = SGF_CHECK_SOURCE,
     .source = "001:6776-6777 (P1); 001:6743-6744",
     .expectation = "liabilities of internationalisation at year 3 (mean of foreignness and "
                    "outsidership, markets served from the start): SGF < integrated",
     .values = values_liabilities, .statistic = "SGF - integrated", .rl = PASS_BELOW,
     .note_by = note_liabilities},
    {.experiment = X1, .id = "1b", .kind = SGF_CHECK_SOURCE,
     .source = "001:2401-2417; 001:6686-6687",
     .expectation = "liability of outsidership at year 3: SGF < integrated (partners give a "
                    "network position)",
     .a = A1_INTEGRATED, .b = A1_SGF, .m = M_OUTSIDERSHIP_Y3,
     .statistic = "SGF - integrated", .rl = PASS_BELOW,
     .note = "SGF %.3f, integrated %.3f",
     .means = {{A1_SGF, M_OUTSIDERSHIP_Y3}, {A1_INTEGRATED, M_OUTSIDERSHIP_Y3}}},
    {.experiment = X1, .id = "1c", .kind = SGF_CHECK_INFO, .source = "001:2390-2400",
     .expectation = "liability of foreignness at year 3 (partners \"may ease the burden\")",
     .a = A1_INTEGRATED, .b = A1_SGF, .m = M_FOREIGNNESS_Y3,
     .statistic = "SGF - integrated", .rl = PASS_INFO,
     .note = "SGF %.3f, integrated %.3f",
     .means = {{A1_SGF, M_FOREIGNNESS_Y3}, {A1_INTEGRATED, M_FOREIGNNESS_Y3}}},
    {.experiment = X1, .id = "1d", .kind = SGF_CHECK_INFO,
     .source = "none (P1 says nothing of speed)",
     .expectation = "new markets entered in 10 years",
     .a = A1_INTEGRATED, .b = A1_SGF, .m = M_MARKETS_ENTERED,
     .statistic = "SGF - integrated", .rl = PASS_INFO,
     .note = "SGF %.2f, integrated %.2f markets",
     .means = {{A1_SGF, M_MARKETS_ENTERED}, {A1_INTEGRATED, M_MARKETS_ENTERED}}},

    /* ---- pattern 2: complementary capability levels */
    {.experiment = X2, .id = "2a", .kind = SGF_CHECK_SOURCE, .source = "001:6769; 001:4790-4794",
     .expectation = "no level is sufficient alone: any one level (cognitive, managerial, "
                    "organisational) at 0.1 lowers the dynamic capability",
     .m = M_DC, .values = values_smallest_loss,
     .statistic = "smallest DC loss of the three levels", .rl = PASS_ABOVE,
     .note = "DC default %.3f; cognitive low %.3f, managerial low %.3f, organisational low "
             "%.3f, all low %.3f",
     .means = {{A2_BASE, M_DC}, {A2_COG, M_DC}, {A2_MAN, M_DC}, {A2_ORG, M_DC},
               {A2_ALL, M_DC}}},
    {.experiment = X2, .id = "2b", .kind = SGF_CHECK_SOURCE, .source = "001:6769; 001:4790-4794",
     .expectation = "... and lowers the outcome (revenue over ten years)",
     .m = M_REVENUE_M, .values = values_smallest_loss,
     .statistic = "smallest revenue loss, EUR M", .rl = PASS_ABOVE,
     .note = "revenue EUR M: default %.1f; cognitive low %.1f, managerial low %.1f, "
             "organisational low %.1f, all low %.1f",
     .means = {{A2_BASE, M_REVENUE_M}, {A2_COG, M_REVENUE_M}, {A2_MAN, M_REVENUE_M},
               {A2_ORG, M_REVENUE_M}, {A2_ALL, M_REVENUE_M}}},
    {.experiment = X2, .id = "2c", .kind = SGF_CHECK_ASSUMPTION,
     .source = "design property (not in the sources)",
     .expectation = "complementarity: lowering any one level costs more DC than its third of "
                    "lowering all three",
     .values = values_complementarity,
     .statistic = "smallest margin: loss(level) - loss(all)/3", .rl = PASS_ABOVE,
     .note_by = note_complementarity},
    {.experiment = X2, .id = "2d", .kind = SGF_CHECK_SOURCE,
     .source = "001:6754-6756; 001:3232-3233",
     .expectation = "high cognition (0.9), low managerial capability (0.1): senses about as "
                    "much, seizes less (Z/S below the default firm's)",
     .values = values_seizing_share,
     .statistic = "Z/S(high cog, low man) - Z/S(default)", .rl = PASS_BELOW,
     .note = "S %.3f vs default %.3f; Z %.3f vs %.3f (Z: the chance a sensed opportunity is "
             "taken)",
     .means = {{A2_HC_LM, M_SENSING}, {A2_BASE, M_SENSING}, {A2_HC_LM, M_SEIZING},
               {A2_BASE, M_SEIZING}}},
    {.experiment = X2, .id = "2e", .kind = SGF_CHECK_INFO, .source = "001:6754-6756",
     .expectation = "opportunities taken: new markets entered, high cognition and low "
                    "managerial capability vs the default firm",
     .a = A2_BASE, .b = A2_HC_LM, .m = M_MARKETS_ENTERED,
     .statistic = "difference in markets entered", .rl = PASS_INFO,
     .note = "%.2f vs %.2f markets",
     .means = {{A2_HC_LM, M_MARKETS_ENTERED}, {A2_BASE, M_MARKETS_ENTERED}}},

    /* ---- pattern 3: neglected partner value */
    {.experiment = X3, .id = "3a", .kind = SGF_CHECK_SOURCE,
     .source = "001:3882-3890; 001:4542-4544",
     .expectation = "neglecting the value to partners lowers sales-partner commitment (weeks "
                    "13-77, before the channel shrinks)",
     .a = A3_DEFAULT, .b = A3_NEGLECT, .m = M_SALES_COMMITMENT,
     .statistic = "neglect - default", .rl = PASS_BELOW,
     .note = "commitment %.3f vs %.3f",
     .means = {{A3_NEGLECT, M_SALES_COMMITMENT}, {A3_DEFAULT, M_SALES_COMMITMENT}}},
    {.experiment = X3, .id = "3b", .kind = SGF_CHECK_SOURCE, .source = "001:3890-3893",
     .expectation = "... and sales (revenue over ten years; Beta is \"losing sales\")",
     .a = A3_DEFAULT, .b = A3_NEGLECT, .m = M_REVENUE_M,
     .statistic = "neglect - default, EUR M", .rl = PASS_BELOW,
     .note = "EUR %.1f M vs %.1f M",
     .means = {{A3_NEGLECT, M_REVENUE_M}, {A3_DEFAULT, M_REVENUE_M}}},
    {.experiment = X3, .id = "3c", .kind = SGF_CHECK_INFO, .source = "mechanism",
     .expectation = "the channel shrinks later: downstream partners, mean of weeks 104-520",
     .a = A3_DEFAULT, .b = A3_NEGLECT, .m = M_CHANNELS_LATE,
     .statistic = "neglect - default", .rl = PASS_INFO,
     .note = "%.1f vs %.1f partners",
     .means = {{A3_NEGLECT, M_CHANNELS_LATE}, {A3_DEFAULT, M_CHANNELS_LATE}}},

    /* ---- pattern 4: the virtual survey; standardised betas judged as
     * 004 reported them, and the diversity groups compared as 004:104 did:
     * the standardised coefficients ordered as reported, and the difference
     * significant by a test on the unstandardised paths (004's chi-square
     * difference test of equality-constrained paths; here a z test of the
     * two OLS slopes) */
    {.experiment = X4_SURVEY, .id = "4a", .kind = SGF_CHECK_SOURCE, .source = "004:100 (H1)",
     .expectation = "AMC -> radical co-innovation: positive",
     .m = SGF_PATH_AMC_RADICAL, .statistic = "standardised beta", .rl = PASS_ABOVE,
     .survey = survey_path, .reported = 0.75},
    {.experiment = X4_SURVEY, .id = "4b", .kind = SGF_CHECK_SOURCE, .source = "004:100 (H1)",
     .expectation = "AMC^2 -> radical co-innovation: positive (convex)",
     .m = SGF_PATH_AMC2_RADICAL, .statistic = "standardised beta, AMC centred",
     .rl = PASS_ABOVE, .survey = survey_path, .reported = 0.65},
    {.experiment = X4_SURVEY, .id = "4c", .kind = SGF_CHECK_SOURCE, .source = "004:100 (H2)",
     .expectation = "AMC -> incremental co-innovation: positive",
     .m = SGF_PATH_AMC_INCREMENTAL, .statistic = "standardised beta", .rl = PASS_ABOVE,
     .survey = survey_path, .reported = 0.73},
    {.experiment = X4_SURVEY, .id = "4d", .kind = SGF_CHECK_SOURCE, .source = "004:100 (H2)",
     .expectation = "AMC^2 -> incremental co-innovation: positive (convex)",
     .m = SGF_PATH_AMC2_INCREMENTAL, .statistic = "standardised beta, AMC centred",
     .rl = PASS_ABOVE, .survey = survey_path, .reported = 0.55},
    {.experiment = X4_SURVEY, .id = "4e", .kind = SGF_CHECK_SOURCE, .source = "004:100 (H3, H4)",
     .expectation = "incremental -> success stronger than radical -> speed",
     .statistic = "difference of standardised betas", .rl = PASS_ABOVE,
     .survey = survey_order, .reported = 0.61 - 0.15},
    {.experiment = X4_SURVEY, .id = "4f", .kind = SGF_CHECK_SOURCE, .source = "004:104 (H5b)",
     .expectation = "AMC -> incremental stronger in the low-diversity group (betas ordered, "
                    "slopes differ at 5 %)",
     .statistic = "beta(low D) - beta(high D)", .survey = survey_incremental_by_d},
    {.experiment = X4_SURVEY, .id = "4g", .kind = SGF_CHECK_SOURCE, .source = "004:104 (H5a)",
     .expectation = "AMC -> radical no weaker in the high-diversity group (gap .04: not "
                    "significantly smaller)",
     .statistic = "beta(high D) - beta(low D)", .survey = survey_radical_by_d},
    {.experiment = X4_SURVEY, .id = "4h", .kind = SGF_CHECK_INFO, .source = "004:102",
     .expectation = "mediation (Baron-Kenny): AMC -> radical -> speed; 004: full",
     .m = 0, .statistic = "Sobel z", .survey = survey_mediation},
    {.experiment = X4_SURVEY, .id = "4i", .kind = SGF_CHECK_INFO, .source = "004:102",
     .expectation = "mediation (Baron-Kenny): AMC -> incremental -> success; 004: partial",
     .m = 1, .statistic = "Sobel z", .survey = survey_mediation},

    /* ---- pattern 5: export partner groups */
    {.experiment = X5, .id = "5a", .kind = SGF_CHECK_SOURCE, .source = "003:182-186",
     .expectation = "a customer focus uses the export manager's time better than a market "
                    "focus (weeks 1-156)",
     .a = A5_MARKET, .b = A5_CUSTOMER, .m = M_EPG_EFFICIENCY,
     .statistic = "customer - market", .rl = PASS_ABOVE,
     .note = "time efficiency %.2f vs %.2f",
     .means = {{A5_CUSTOMER, M_EPG_EFFICIENCY}, {A5_MARKET, M_EPG_EFFICIENCY}}},
    {.experiment = X5, .id = "5b", .kind = SGF_CHECK_SOURCE, .source = "003:184-186",
     .expectation = "... and breeds less jealousy (weeks 52-156)",
     .a = A5_MARKET, .b = A5_CUSTOMER, .m = M_EPG_JEALOUSY,
     .statistic = "customer - market", .rl = PASS_BELOW,
     .note = "jealousy %.3f vs %.3f",
     .means = {{A5_CUSTOMER, M_EPG_JEALOUSY}, {A5_MARKET, M_EPG_JEALOUSY}}},
    {.experiment = X5, .id = "5c", .kind = SGF_CHECK_ASSUMPTION,
     .source = "003:86 as the model reads it",
     .expectation = "cooperation peaks at intermediate relatedness (compatibility 0.5 vs 0.15 "
                    "and 0.85)",
     .values = values_cooperation_peak,
     .statistic = "smaller gap: coop(0.5) - coop(0.15 or 0.85)", .rl = PASS_ABOVE,
     .note = "cooperation %.3f at 0.15, %.3f at 0.5, %.3f at 0.85; 003:86 balances competing "
             "and unrelated members, 003:170-172 makes compatibility monotone: epg.c reads it "
             "as relatedness",
     .means = {{A5_UNRELATED, M_EPG_COOPERATION}, {A5_CUSTOMER, M_EPG_COOPERATION},
               {A5_COMPETING, M_EPG_COOPERATION}}},
    {.experiment = X5, .id = "5d", .kind = SGF_CHECK_SOURCE, .source = "003:221-223; 003:198",
     .expectation = "system-focused groups need longer than a three-year project: most of "
                    "their deals close after week 156",
     .values = values_late_deals,
     .statistic = "system focus: share of deals after week 156", .rl = PASS_ABOVE,
     .threshold = 0.5,
     .note = "deals per run: %.2f by week 156, %.2f in all",
     .means = {{A5_SYSTEM, M_EPG_DEALS_IN}, {A5_SYSTEM, M_EPG_DEALS_ALL}}},
    {.experiment = X5, .id = "5e", .kind = SGF_CHECK_SOURCE, .source = "003:68; 003:221-223",
     .expectation = "market- and customer-focused groups close most of their deals within the "
                    "three years",
     .values = values_early_deals,
     .statistic = "market and customer focus: share of deals by week 156", .rl = PASS_ABOVE,
     .threshold = 0.5,
     .note = "deals by week 156 / in all: market %.2f / %.2f, customer %.2f / %.2f",
     .means = {{A5_MARKET, M_EPG_DEALS_IN}, {A5_MARKET, M_EPG_DEALS_ALL},
               {A5_CUSTOMER, M_EPG_DEALS_IN}, {A5_CUSTOMER, M_EPG_DEALS_ALL}}},
    {.experiment = X5, .id = "5f", .kind = SGF_CHECK_INFO, .source = "003:221-223",
     .expectation = "system focus: week of the first deal (a stricter reading of 5d)",
     .values = values_first_deal,
     .statistic = "mean week of the first deal", .rl = PASS_INFO,
     .note_by = note_first_deal},

    /* ---- pattern 6: Beer Game docking */
    {.experiment = X6_CHAIN, .id = "6a", .kind = SGF_CHECK_EXTERNAL,
     .source = "external: Sterman 1989 (no seed)",
     .expectation = "Beer Game, 4 echelons, Sterman's rule: order variance amplified upstream, "
                    "bullwhip > 1 and growing per echelon",
     .values = values_bullwhip_steps,
     .statistic = "smallest step ratio bw(k)/bw(k-1), bw(0) = 1", .rl = PASS_ABOVE,
     .threshold = 1.0,
     .note = "var(orders)/var(demand): echelon 1 %.2f, 2 %.2f, 3 %.2f, 4 %.2f",
     .means = {{A6_CHAIN, M_BULLWHIP_1}, {A6_CHAIN, M_BULLWHIP_2}, {A6_CHAIN, M_BULLWHIP_3},
               {A6_CHAIN, M_BULLWHIP_4}}},
    {.experiment = X6_ALLOCATION, .id = "6b", .kind = SGF_CHECK_EXTERNAL,
     .source = "external: Kim 2009 (no seed)",
     .expectation = "trust-proportional order allocation over three manufacturers of "
                    "differing reliability lowers inventory variability (ten years)",
     .a = A6_EQUAL, .b = A6_TRUST, .m = M_INVENTORY_SD,
     .statistic = "sd(inventory): trust - equal, units", .rl = PASS_BELOW,
     .note = "sd of inventory %.1f (trust) vs %.1f (equal)",
     .means = {{A6_TRUST, M_INVENTORY_SD}, {A6_EQUAL, M_INVENTORY_SD}}},
    {.experiment = X6_ALLOCATION, .id = "6c", .kind = SGF_CHECK_INFO, .source = "mechanism",
     .expectation = "the same in years 2-5, while the three manufacturers are still there",
     .a = A6_EQUAL, .b = A6_TRUST, .m = M_INVENTORY_SD_MID,
     .statistic = "sd(inventory), weeks 53-260: trust - equal", .rl = PASS_INFO,
     .note = "%.1f (trust) vs %.1f (equal): trust shifts move orders between lead times of 6, "
             "8 and 10 weeks",
     .means = {{A6_TRUST, M_INVENTORY_SD_MID}, {A6_EQUAL, M_INVENTORY_SD_MID}}},

    /* ---- pattern 7: monitoring and opportunism */
    {.experiment = X7, .id = "7a", .kind = SGF_CHECK_ASSUMPTION,
     .source = "assumption (no source; cf. 001:4001-4007)",
     .expectation = "more monitoring, with analytical capability, detects a larger share of "
                    "opportunistic acts",
     .values = values_detected_share,
     .statistic = "detected share: much - little", .rl = PASS_ABOVE,
     .note_by = note_detected_share},
    {.experiment = X7, .id = "7b", .kind = SGF_CHECK_ASSUMPTION,
     .source = "assumption (no source)",
     .expectation = "... and lowers the damage of opportunism (EUR, net of what early "
                    "detection undoes)",
     .a = A7_LITTLE, .b = A7_MUCH, .m = M_DAMAGE_K,
     .statistic = "damage: much - little, EUR k", .rl = PASS_BELOW,
     .note = "EUR %.0f k vs %.0f k over ten years",
     .means = {{A7_MUCH, M_DAMAGE_K}, {A7_LITTLE, M_DAMAGE_K}}},
};
/* clang-format on */

enum { CHECK_ROWS = (int)(sizeof checks / sizeof checks[0]) };

static void values_smallest_loss(eval *e, const check_row *row)
{
    for (int r = 0; r < e->reps; r++) {
        double base = at(e, A2_BASE, r, row->m), m = INFINITY;
        for (int l = 0; l < 3; l++) {
            double loss = base - at(e, capability_level[l], r, row->m);
            if (loss < m) m = loss;
        }
        e->v[r] = m;
    }
}

/* The conversions in a printf format ("%%" is none). */
static int conversions(const char *fmt)
{
    int n = 0;
    for (const char *s = fmt; (s = strchr(s, '%')) != NULL; s++) {
        if (s[1] == '%')
            s++;
        else
            n++;
    }
    return n;
}

/* A row's note: its format over the arm means it names. */
static void note_means(const eval *e, const check_row *row, sgf_check *k)
{
    if (!k || !row->note) return;
    double x[NOTE_MEANS] = {0};
    int n = conversions(row->note);
    for (int i = 0; i < n && i < NOTE_MEANS; i++)
        x[i] = mean(e, row->means[i].arm, row->means[i].m);
    /* every conversion of a row's note is a floating one (see check_row) */
    snprintf(k->note, sizeof k->note, row->note, x[0], x[1], x[2], x[3], x[4]);
}

static sgf_check *add_row_check(ctx *c, int pattern, const check_row *row)
{
    return add_check(c, pattern, row->id, row->kind, row->source, row->expectation, row->statistic);
}

/* ---- pattern 4's checks from the survey ---------------------------------------------------- */

/* An interval the survey estimated, judged against zero. */
static void set_interval(sgf_check *k, double est, double lo, double hi, int n, rule rl)
{
    k->estimate = est;
    k->ci_low = lo;
    k->ci_high = hi;
    k->n = n;
    k->pass = isfinite(lo) && isfinite(hi) && judge(rl, lo, hi, 0.0);
}

static void survey_path(const sgf_survey_result *r, const check_row *row, sgf_check *k)
{
    const sgf_path_estimate *p = &r->path[row->m];
    set_interval(k, p->beta, p->ci_low, p->ci_high, r->n, row->rl);
    note(k, "004: %.2f (SEM on perceptual scales: compare signs and orders, not sizes)",
         row->reported);
}

static void survey_order(const sgf_survey_result *r, const check_row *row, sgf_check *k)
{
    set_interval(k, r->order.diff, r->order.ci_low, r->order.ci_high, r->n, row->rl);
    note(k, "incremental -> success %.3f, radical -> speed %.3f; 004: .61 vs .15",
         r->path[SGF_PATH_INCREMENTAL_SUCCESS].beta, r->path[SGF_PATH_RADICAL_SPEED].beta);
}

static void set_contrast(sgf_check *k, const sgf_contrast *d, int n)
{
    k->estimate = d->diff;
    k->ci_low = d->ci_low;
    k->ci_high = d->ci_high;
    k->n = n;
}

static void survey_incremental_by_d(const sgf_survey_result *r, const check_row *row, sgf_check *k)
{
    const sgf_contrast *d = &r->incremental_by_d;
    set_contrast(k, d, r->n);
    k->pass = d->diff > 0 && d->z > 1.959964;
    note(k,
         "low D %.3f (n %d), high D %.3f (n %d); slopes z %.2f (p %.2g); 004: .80 vs .46, "
         "chi-square difference significant",
         r->path[SGF_PATH_AMC_INCREMENTAL_LOW_D].beta, r->n_low,
         r->path[SGF_PATH_AMC_INCREMENTAL_HIGH_D].beta, r->n_high, d->z, d->pvalue);
}

static void survey_radical_by_d(const sgf_survey_result *r, const check_row *row, sgf_check *k)
{
    const sgf_contrast *d = &r->radical_by_d;
    set_contrast(k, d, r->n);
    k->pass = d->ci_high >= 0 && d->z > -1.959964;
    note(k, "high D %.3f, low D %.3f; slopes z %.2f; 004: .76 vs .72",
         r->path[SGF_PATH_AMC_RADICAL_HIGH_D].beta, r->path[SGF_PATH_AMC_RADICAL_LOW_D].beta, d->z);
}

static void survey_mediation(const sgf_survey_result *r, const check_row *row, sgf_check *k)
{
    const sgf_mediation *md = &r->mediation[row->m];
    k->estimate = md->sobel_z;
    k->n = r->n;
    note(k, "model: %s (a %.2f, b %.2f p %.2g, c %.2f, c' %.2f p %.2g)", md->verdict, md->a, md->b,
         md->b_p, md->c, md->c_direct, md->c_direct_p);
}

/* ---- running an experiment and its checks ---------------------------------------------------- */

static sgf_status run_survey(ctx *c, int x)
{
    sgf_survey_config cfg = sgf_survey_config_default();
    cfg.firms = c->o->survey_firms;
    cfg.seed = c->o->seed;
    cfg.threads = c->o->threads;
    cfg.bootstrap = c->o->bootstrap;
    sgf_survey_firm *firms = sgf_calloc((size_t)cfg.firms, sizeof *firms);
    if (!firms) return SGF_ERR_NOMEM;
    sgf_status st = sgf_survey_run(c->base, &cfg, firms, c->err, c->err_size);
    sgf_survey_result r;
    if (st == SGF_OK)
        st = sgf_survey_analyse(firms, cfg.firms, cfg.seed, cfg.bootstrap, &r, c->err, c->err_size);
    sgf_free(firms);
    if (st == SGF_ERR_USAGE) {
        /* data that cannot be estimated is a failed pattern, not a crash */
        sgf_check *k = add_check(c, experiments[x].pattern, "4", SGF_CHECK_SOURCE, "004:100-104",
                                 "the survey's paths can be estimated", "");
        if (k) {
            k->pass = false;
            note(k, "%s", c->err);
        }
        return SGF_OK;
    }
    if (st != SGF_OK) return st;
    for (int i = 0; i < CHECK_ROWS; i++) {
        if (checks[i].experiment != x) continue;
        sgf_check *k = add_row_check(c, experiments[x].pattern, &checks[i]);
        if (k) checks[i].survey(&r, &checks[i], k);
    }
    return SGF_OK;
}

/* Builds and runs experiment x's arms, then adds its checks in table order. */
static sgf_status run_experiment(ctx *c, int x, double *res, double *v)
{
    const experiment *e = &experiments[x];
    if (e->arms == 0) return run_survey(c, x);
    const int reps = e->reps_times * c->o->reps;
    sgf_world_def defs[MAX_ARMS];
    sgf_status st = copy_arms(c, defs, e->arms);
    if (st != SGF_OK) return st;
    st = e->build(defs);
    if (st == SGF_OK) st = run_arms(defs, e->arms, reps, c->o->threads, res, c->err, c->err_size);
    free_arms(defs, e->arms);
    if (st != SGF_OK) return st;
    eval ev = {.res = res, .reps = reps, .v = v};
    for (int i = 0; i < CHECK_ROWS; i++) {
        const check_row *row = &checks[i];
        if (row->experiment != x) continue;
        if (row->values)
            row->values(&ev, row);
        else
            diff(res, reps, row->a, row->b, row->m, v);
        sgf_check *k = add_row_check(c, e->pattern, row);
        set_stat(k, v, reps, row->rl, row->threshold);
        if (!k) continue;
        if (row->note_by)
            row->note_by(&ev, row, k);
        else
            note_means(&ev, row, k);
    }
    return SGF_OK;
}

/* ---- the suite
 * ------------------------------------------------------------------------------------------ */

sgf_status sgf_validate_run(const sgf_validate_opts *o, sgf_check *out, int max, int *count,
                            char *err, size_t err_size)
{
    *count = 0;
    if (err && err_size) err[0] = '\0';
    if (o->reps < 3) {
        snprintf(err, err_size, "at least 3 replications are needed for an interval");
        return SGF_ERR_USAGE;
    }
    sgf_world_def base = sgf_world_def_default();
    sgf_diag diag;
    memset(&diag, 0, sizeof diag);
    sgf_status st = sgf_scenario_load_default(&base, &diag);
    if (st != SGF_OK) {
        snprintf(err, err_size, "the built-in scenario does not load: %s", diag.message);
        sgf_world_def_free(&base);
        return st;
    }
    base.seed = o->seed;
    /* runs held at once: 8 arms of 3 x reps, or pattern 6's two allocation arms */
    size_t runs_max = (size_t)(MAX_ARMS * 3) * (size_t)o->reps;
    if (runs_max < (size_t)(2 * SGF_VALIDATE_REPS_6B) * (size_t)o->reps)
        runs_max = (size_t)(2 * SGF_VALIDATE_REPS_6B) * (size_t)o->reps;
    double *res = sgf_malloc(sizeof *res * runs_max * M_COUNT);
    double *v = sgf_malloc(sizeof *v * (size_t)(SGF_VALIDATE_REPS_6B * o->reps));
    if (!res || !v) {
        sgf_free(res);
        sgf_free(v);
        sgf_world_def_free(&base);
        return SGF_ERR_NOMEM;
    }
    ctx c = {.o = o,
             .base = &base,
             .out = out,
             .max = max,
             .count = 0,
             .err = err,
             .err_size = err_size};
    int before = 0;
    for (int x = 0; x < X_COUNT && st == SGF_OK; x++) {
        int p = experiments[x].pattern;
        if (!o->pattern[p]) continue;
        if (x == 0 || experiments[x - 1].pattern != p) before = c.count;
        st = run_experiment(&c, x, res, v);
        bool last = x + 1 == X_COUNT || experiments[x + 1].pattern != p;
        if (st == SGF_OK && last && o->progress)
            o->progress(p, out + before, c.count - before, o->ctx);
    }
    *count = c.count;
    sgf_free(res);
    sgf_free(v);
    sgf_world_def_free(&base);
    return st;
}
