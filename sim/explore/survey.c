/* survey.c: the virtual survey of 004 (sgf_survey.h): draw firms from a
 * base definition, simulate them, measure 004's constructs, and estimate
 * its paths, mediation steps and diversity groups.
 *
 * Drawing. Firm i's traits come from its own generator, derived from (survey
 * seed, i) with a purpose of its own, so firm i is the same firm whatever N,
 * the thread count or the order of runs. Its world runs with def.seed = the
 * survey seed and def.run_index = i.
 *
 * Portfolio. The base's partners split into core roles (downstream channels
 * and owned units, manufacturers, component and software suppliers,
 * logistics) that every firm keeps, and optional roles (R&D partners,
 * marketing partners, universities, research institutes, consultants,
 * competitors). The partner types (004:84, sgf_role_partner_type) of the
 * core roles are held by every firm; of the remaining types each firm holds
 * m, drawn uniformly from 0 to their number, chosen at random. A type held
 * brings back the base's partners (or populations) of that type, or one
 * partner of the type's representative role with default traits when the
 * base has none.
 */
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>

#include "base/alloc.h"
#include "sgf/sgf_batch.h"
#include "sgf/sgf_survey.h"
#include "sgf/sgf_world.h"

/* Purpose number for the survey's own draws (sgf_rng_derive); not one of
 * sgf_stream's values, so the draws never coincide with a model stream. */
#define SURVEY_STREAM 0x53555256u /* "SURV" */
#define BOOT_STREAM 0x424f4f54u   /* "BOOT" */

sgf_survey_config sgf_survey_config_default(void)
{
    sgf_survey_config c;
    memset(&c, 0, sizeof c);
    c.firms = SGF_SURVEY_DEFAULT_FIRMS;
    c.seed = 4;
    c.threads = 0;
    c.bootstrap = 1000;
    c.interface_competence = (sgf_dist){SGF_DIST_UNIFORM, 0.1, 0.95, 0};
    c.coordinating_weight = (sgf_dist){SGF_DIST_UNIFORM, 0.05, 0.45, 0};
    c.integrating_weight = (sgf_dist){SGF_DIST_UNIFORM, 0.0, 0.35, 0};
    c.capability_jitter = (sgf_dist){SGF_DIST_UNIFORM, -0.15, 0.15, 0};
    c.attention_factor = (sgf_dist){SGF_DIST_UNIFORM, 0.7, 1.3, 0};
    return c;
}

sgf_role sgf_survey_type_role(sgf_partner_type t)
{
    switch (t) {
    case SGF_PTYPE_BUYER:
        return SGF_ROLE_DISTRIBUTOR;
    case SGF_PTYPE_SUPPLIER:
        return SGF_ROLE_COMPONENT_SUPPLIER;
    case SGF_PTYPE_COMPETITOR:
        return SGF_ROLE_COMPETITOR;
    case SGF_PTYPE_CONSULTANT:
        return SGF_ROLE_CONSULTANT;
    case SGF_PTYPE_RESEARCH_INSTITUTE:
        return SGF_ROLE_RESEARCH_INSTITUTE;
    case SGF_PTYPE_UNIVERSITY:
        return SGF_ROLE_UNIVERSITY;
    case SGF_PTYPE_OWN_GROUP:
        return SGF_ROLE_STRATEGIC_PARTNER;
    case SGF_PTYPE_OTHER:
    default:
        return SGF_ROLE_RND_PARTNER;
    }
}

/* Roles every surveyed firm keeps: it must sell and be supplied. */
static bool core_role(sgf_role r)
{
    return sgf_role_is_downstream(r) || r == SGF_ROLE_HARDWARE_MANUFACTURER ||
           r == SGF_ROLE_COMPONENT_SUPPLIER || r == SGF_ROLE_SOFTWARE_SUPPLIER ||
           r == SGF_ROLE_LOGISTICS_PROVIDER;
}

static double clamp(double x, double lo, double hi)
{
    return x < lo ? lo : x > hi ? hi : x;
}

sgf_status sgf_survey_firm_def(const sgf_world_def *base, const sgf_survey_config *cfg, int i,
                               sgf_world_def *out, sgf_survey_firm *t)
{
    memset(t, 0, sizeof *t);
    t->id = i;
    sgf_status st = sgf_world_def_copy(out, base);
    if (st != SGF_OK) return st;
    sgf_rng r;
    sgf_rng_derive(&r, cfg->seed, (uint64_t)i, SURVEY_STREAM);

    /* split the base's net into core and optional partners */
    unsigned core = 0, base_types = 0;
    int np = 0, nq = 0;
    for (int k = 0; k < base->partner_count; k++) {
        sgf_role role = base->partners[k].role;
        unsigned bit = 1u << sgf_role_partner_type(role);
        if (core_role(role)) {
            core |= bit;
            out->partners[np++] = base->partners[k];
        } else {
            base_types |= bit;
        }
    }
    out->partner_count = np;
    for (int k = 0; k < base->population_count; k++) {
        const sgf_population_def *pd = &base->populations[k];
        if (pd->count <= 0) continue;
        unsigned bit = 1u << sgf_role_partner_type(pd->role);
        if (core_role(pd->role)) {
            core |= bit;
            out->populations[nq++] = *pd;
        } else {
            base_types |= bit;
        }
    }
    out->population_count = nq;

    /* AMC drivers: interface competence, coordinating and integrating
     * weight; influencing and monitoring share the rest as in the base */
    sgf_firm_def *f = &out->firm;
    double w[SGF_MODE_COUNT];
    sgf_mode_weights(base->firm.management.preset, base->firm.management.weight, w);
    t->interface_competence = clamp(sgf_dist_draw(&cfg->interface_competence, &r), 0.0, 1.0);
    t->coordinating_weight = clamp(sgf_dist_draw(&cfg->coordinating_weight, &r), 0.0, 0.9);
    t->integrating_weight = clamp(sgf_dist_draw(&cfg->integrating_weight, &r), 0.0, 0.9);
    double rest = 1.0 - t->coordinating_weight - t->integrating_weight;
    if (rest < 0.05) rest = 0.05;
    double im = w[SGF_MODE_INFLUENCING] + w[SGF_MODE_MONITORING];
    double share_infl = im > 0 ? w[SGF_MODE_INFLUENCING] / im : 0.5;
    f->management.preset = SGF_PRESET_CUSTOM;
    f->management.weight[SGF_MODE_INFLUENCING] = rest * share_infl;
    f->management.weight[SGF_MODE_MONITORING] = rest * (1.0 - share_infl);
    f->management.weight[SGF_MODE_COORDINATING] = t->coordinating_weight;
    f->management.weight[SGF_MODE_INTEGRATING] = t->integrating_weight;
    f->capabilities.interface_competence = t->interface_competence;
    /* other traits */
    double *caps[8] = {&f->capabilities.cultural_awareness,  &f->capabilities.global_mindset,
                       &f->capabilities.innovativeness,      &f->capabilities.risk_taking,
                       &f->capabilities.proactiveness,       &f->capabilities.analytical_capability,
                       &f->capabilities.absorptive_capacity, &f->capabilities.flexibility};
    for (int k = 0; k < 8; k++)
        *caps[k] = clamp(*caps[k] + sgf_dist_draw(&cfg->capability_jitter, &r), 0.05, 0.95);
    double af = sgf_dist_draw(&cfg->attention_factor, &r);
    f->management.attention_hours_per_week *= af > 0 ? af : 0.0;
    t->attention_hours = f->management.attention_hours_per_week;

    /* portfolio: m of the optional types, chosen at random */
    int opt[SGF_PTYPE_COUNT], nopt = 0;
    for (int k = 0; k < SGF_PTYPE_COUNT; k++)
        if (!(core & (1u << k))) opt[nopt++] = k;
    int m = (int)sgf_rng_bounded(&r, (uint32_t)nopt + 1u);
    for (int k = 0; k < m; k++) { /* partial Fisher-Yates */
        int j = k + (int)sgf_rng_bounded(&r, (uint32_t)(nopt - k));
        int tmp = opt[k];
        opt[k] = opt[j];
        opt[j] = tmp;
    }
    unsigned held = core;
    for (int k = 0; k < m; k++) {
        int type = opt[k];
        held |= 1u << type;
        if (base_types & (1u << type)) { /* the base's own partners of that type */
            for (int q = 0; q < base->partner_count; q++) {
                const sgf_partner_def *pd = &base->partners[q];
                if (core_role(pd->role) || (int)sgf_role_partner_type(pd->role) != type) continue;
                sgf_partner_def *p = sgf_world_def_add_partner(out);
                if (!p) goto oom;
                *p = *pd;
            }
            for (int q = 0; q < base->population_count; q++) {
                const sgf_population_def *pd = &base->populations[q];
                if (pd->count <= 0 || core_role(pd->role) ||
                    (int)sgf_role_partner_type(pd->role) != type)
                    continue;
                sgf_population_def *p = sgf_world_def_add_population(out);
                if (!p) goto oom;
                *p = *pd;
            }
        } else {
            sgf_partner_def *p = sgf_world_def_add_partner(out);
            if (!p) goto oom;
            p->role = sgf_survey_type_role((sgf_partner_type)type);
            snprintf(p->name, sizeof p->name, "survey %s", sgf_role_name(p->role));
            snprintf(p->market_iso, sizeof p->market_iso, "%s", base->firm.home_iso);
            p->capacity_units_per_week = 0;
            p->unit_cost_eur = 0;
        }
    }
    int k_held = 0;
    for (int k = 0; k < SGF_PTYPE_COUNT; k++) k_held += (held >> k) & 1u;
    t->types_mask = held;
    t->types_drawn = k_held;
    out->seed = cfg->seed;
    out->run_index = (uint64_t)i;
    return SGF_OK;
oom:
    sgf_world_def_free(out);
    return SGF_ERR_NOMEM;
}

/* ---- simulate and measure ------------------------------------------------------ */

static sgf_status measure(const sgf_world_def *def, sgf_survey_firm *t, char *err, size_t err_size)
{
    sgf_world *w = NULL;
    sgf_status st = sgf_world_create(def, &w);
    if (st != SGF_OK) {
        snprintf(err, err_size, "firm %d: cannot create its world", t->id);
        return st;
    }
    int years = (def->ticks + 51) / 52;
    double *foreign = sgf_calloc((size_t)(years > 0 ? years : 1), sizeof *foreign);
    double first_year_total = 0;
    if (!foreign) {
        sgf_world_destroy(w);
        return SGF_ERR_NOMEM;
    }
    while (!sgf_world_done(w)) {
        st = sgf_world_step(w);
        if (st != SGF_OK) {
            snprintf(err, err_size, "firm %d: %s", t->id, sgf_world_error(w));
            sgf_free(foreign);
            sgf_world_destroy(w);
            return st;
        }
        const sgf_metrics *mt = sgf_world_metrics(w);
        int y = (sgf_world_tick(w) - 1) / 52;
        if (y >= 0 && y < years) foreign[y] += mt->revenue_eur * mt->international_share;
        if (y == 0) first_year_total += mt->revenue_eur;
    }
    sgf_summary s;
    sgf_world_summary(w, &s);
    t->amc = s.amc_mean;
    t->radical = s.innovations_radical;
    t->incremental = s.innovations_incremental;
    t->international_share = s.international_share_last_year;
    t->revenue_total_eur = s.revenue_total_eur;
    t->dc_mean = s.dc_mean;
    t->failed = s.failed > 0;
    /* partner types held at the end */
    unsigned held = 0;
    sgf_partner_view p;
    for (int i = sgf_world_partner_next(w, 0); i >= 0; i = sgf_world_partner_next(w, i + 1))
        if (sgf_world_partner(w, i, &p)) held |= 1u << sgf_role_partner_type(p.role);
    t->types_final = 0;
    for (int k = 0; k < SGF_PTYPE_COUNT; k++) t->types_final += (held >> k) & 1u;
    /* D over the horizon in which the innovations were counted: the mean of
     * the weekly (k/8)^2; partners of a type may leave during the run */
    t->diversity = s.diversity_mean;
    /* the first foreign venture during the run: the first market entered */
    int mc;
    const sgf_market *mk = sgf_world_markets(w, &mc);
    int first = -1;
    for (int m = 0; m < mc; m++) {
        if (def->markets[m].home || mk[m].entered_tick <= 0) continue;
        if (first < 0 || mk[m].entered_tick < first) first = mk[m].entered_tick;
    }
    t->first_venture_week = first;
    t->speed = first > 0 ? (double)(def->ticks - first) / 52.0 : 0.0;
    int last = def->ticks / 52 - 1;
    if (last < 0) last = 0;
    t->revenue_first_year_eur = first_year_total;
    t->foreign_first_year_eur = foreign[0];
    t->foreign_last_year_eur = foreign[last];
    /* export growth relative to the starting size: defined for firms that
     * start abroad (it is then their foreign growth times the first year's
     * foreign share) and for firms that start at home */
    t->success = first_year_total > 0 ? foreign[last] / first_year_total : 0.0;
    sgf_free(foreign);
    sgf_world_destroy(w);
    return SGF_OK;
}

typedef struct survey_job {
    const sgf_world_def *base;
    const sgf_survey_config *cfg;
    sgf_survey_firm *firms;
    atomic_int next;
    mtx_t lock;
    sgf_status status;
    char err[256];
} survey_job;

static int survey_worker(void *arg)
{
    survey_job *j = arg;
    for (;;) {
        int i = atomic_fetch_add(&j->next, 1);
        if (i >= j->cfg->firms) break;
        sgf_world_def def;
        char err[256] = "";
        sgf_status st = sgf_survey_firm_def(j->base, j->cfg, i, &def, &j->firms[i]);
        if (st == SGF_OK) {
            st = measure(&def, &j->firms[i], err, sizeof err);
            sgf_world_def_free(&def);
        } else {
            snprintf(err, sizeof err, "firm %d: %s", i, sgf_status_message(st));
        }
        if (st != SGF_OK) {
            mtx_lock(&j->lock);
            if (j->status == SGF_OK) {
                j->status = st;
                snprintf(j->err, sizeof j->err, "%s", err);
            }
            mtx_unlock(&j->lock);
            break;
        }
    }
    return 0;
}

sgf_status sgf_survey_run(const sgf_world_def *base, const sgf_survey_config *cfg,
                          sgf_survey_firm *firms, char *err, size_t err_size)
{
    if (cfg->firms < 1) {
        if (err) snprintf(err, err_size, "a survey needs at least one firm");
        return SGF_ERR_USAGE;
    }
    survey_job j = {.base = base, .cfg = cfg, .firms = firms, .status = SGF_OK};
    atomic_init(&j.next, 0);
    if (mtx_init(&j.lock, mtx_plain) != thrd_success) return SGF_ERR_INTERNAL;
    int threads = cfg->threads > 0 ? cfg->threads : sgf_cpu_count();
    if (threads > cfg->firms) threads = cfg->firms;
    thrd_t *pool = sgf_calloc((size_t)threads, sizeof *pool);
    if (!pool) {
        mtx_destroy(&j.lock);
        return SGF_ERR_NOMEM;
    }
    int started = 0;
    for (int k = 1; k < threads; k++) {
        if (thrd_create(&pool[k], survey_worker, &j) != thrd_success) break;
        started++;
    }
    survey_worker(&j);
    for (int k = 1; k <= started; k++) thrd_join(pool[k], NULL);
    sgf_free(pool);
    mtx_destroy(&j.lock);
    if (j.status != SGF_OK && err) snprintf(err, err_size, "%s", j.err);
    return j.status;
}

/* ---- analysis --------------------------------------------------------------------- */

/* The data of the analysed firms, one array per construct. */
typedef struct survey_data {
    int n;
    double *amc, *amc_sq, *rad, *inc, *speed, *success, *d;
    bool *high;
} survey_data;

static void data_free(survey_data *s)
{
    sgf_free(s->amc);
    sgf_free(s->amc_sq);
    sgf_free(s->rad);
    sgf_free(s->inc);
    sgf_free(s->speed);
    sgf_free(s->success);
    sgf_free(s->d);
    sgf_free(s->high);
    memset(s, 0, sizeof *s);
}

static bool data_alloc(survey_data *s, int n)
{
    memset(s, 0, sizeof *s);
    size_t m = (size_t)(n > 0 ? n : 1);
    double **arrays[7] = {&s->amc, &s->amc_sq, &s->rad, &s->inc, &s->speed, &s->success, &s->d};
    for (int k = 0; k < 7; k++) {
        *arrays[k] = sgf_calloc(m, sizeof(double));
        if (!*arrays[k]) return false;
    }
    s->high = sgf_calloc(m, sizeof(bool));
    return s->high != NULL;
}

/* Copy rows idx[0..n-1] of src whose group matches (group: -1 all, 1 high
 * D, 0 low D) into dst, with the squared AMC centred at dst's own mean. */
static int data_select(const survey_data *src, const int *idx, int n, int group, survey_data *dst)
{
    int k = 0;
    for (int i = 0; i < n; i++) {
        int r = idx ? idx[i] : i;
        if (group >= 0 && (int)src->high[r] != group) continue;
        dst->amc[k] = src->amc[r];
        dst->rad[k] = src->rad[r];
        dst->inc[k] = src->inc[r];
        dst->speed[k] = src->speed[r];
        dst->success[k] = src->success[r];
        dst->d[k] = src->d[r];
        dst->high[k] = src->high[r];
        k++;
    }
    double mean = 0;
    for (int i = 0; i < k; i++) mean += dst->amc[i];
    mean = k ? mean / k : 0;
    for (int i = 0; i < k; i++) dst->amc_sq[i] = (dst->amc[i] - mean) * (dst->amc[i] - mean);
    dst->n = k;
    return k;
}

/* Fits of one sample: the ten path estimates (beta, b, se, p). Returns false
 * when a fit fails. */
typedef struct path_fit {
    double beta[SGF_PATH_COUNT], b[SGF_PATH_COUNT], se[SGF_PATH_COUNT], p[SGF_PATH_COUNT];
    int n[SGF_PATH_COUNT];
} path_fit;

static bool fit_quadratic(const survey_data *s, const double *y, int path_lin, path_fit *pf)
{
    sgf_ols o;
    const double *x[2] = {s->amc, s->amc_sq};
    if (sgf_ols_fit(y, x, s->n, 2, &o) != SGF_OK) return false;
    for (int k = 0; k < 2; k++) {
        pf->beta[path_lin + k] = o.beta[1 + k];
        pf->b[path_lin + k] = o.coef[1 + k];
        pf->se[path_lin + k] = o.se[1 + k];
        pf->p[path_lin + k] = o.pvalue[1 + k];
        pf->n[path_lin + k] = s->n;
    }
    return true;
}

static bool fit_simple(const double *y, const double *xv, int n, int path, path_fit *pf)
{
    sgf_ols o;
    const double *x[1] = {xv};
    if (sgf_ols_fit(y, x, n, 1, &o) != SGF_OK) return false;
    pf->beta[path] = o.beta[1];
    pf->b[path] = o.coef[1];
    pf->se[path] = o.se[1];
    pf->p[path] = o.pvalue[1];
    pf->n[path] = n;
    return true;
}

/* In a diversity group only the AMC term of the quadratic is reported. */
static bool fit_group(const survey_data *g, int path_rad, int path_inc, path_fit *pf)
{
    path_fit tmp;
    if (!fit_quadratic(g, g->rad, 0, &tmp)) return false;
    pf->beta[path_rad] = tmp.beta[0];
    pf->b[path_rad] = tmp.b[0];
    pf->se[path_rad] = tmp.se[0];
    pf->p[path_rad] = tmp.p[0];
    pf->n[path_rad] = g->n;
    if (!fit_quadratic(g, g->inc, 0, &tmp)) return false;
    pf->beta[path_inc] = tmp.beta[0];
    pf->b[path_inc] = tmp.b[0];
    pf->se[path_inc] = tmp.se[0];
    pf->p[path_inc] = tmp.p[0];
    pf->n[path_inc] = g->n;
    return true;
}

/* All ten paths on rows idx (NULL: all) of src; scratch has room for n rows. */
static bool fit_all(const survey_data *src, const int *idx, int n, survey_data *scratch,
                    path_fit *pf, const char **what)
{
    memset(pf, 0, sizeof *pf);
    data_select(src, idx, n, -1, scratch);
    *what = "AMC -> radical";
    if (!fit_quadratic(scratch, scratch->rad, SGF_PATH_AMC_RADICAL, pf)) return false;
    *what = "AMC -> incremental";
    if (!fit_quadratic(scratch, scratch->inc, SGF_PATH_AMC_INCREMENTAL, pf)) return false;
    *what = "radical -> speed";
    if (!fit_simple(scratch->speed, scratch->rad, scratch->n, SGF_PATH_RADICAL_SPEED, pf))
        return false;
    *what = "incremental -> success";
    if (!fit_simple(scratch->success, scratch->inc, scratch->n, SGF_PATH_INCREMENTAL_SUCCESS, pf))
        return false;
    *what = "high-D group";
    if (data_select(src, idx, n, 1, scratch) < 4 ||
        !fit_group(scratch, SGF_PATH_AMC_RADICAL_HIGH_D, SGF_PATH_AMC_INCREMENTAL_HIGH_D, pf))
        return false;
    *what = "low-D group";
    if (data_select(src, idx, n, 0, scratch) < 4 ||
        !fit_group(scratch, SGF_PATH_AMC_RADICAL_LOW_D, SGF_PATH_AMC_INCREMENTAL_LOW_D, pf))
        return false;
    return true;
}

typedef struct ranked {
    double d;
    uint64_t key;
    int row;
} ranked;

static int cmp_ranked(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->d != y->d) return x->d < y->d ? -1 : 1;
    return x->key < y->key ? -1 : x->key > y->key;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Percentile interval of v[0..n-1] (sorted in place). */
static void percentile_ci(double *v, int n, double *lo, double *hi)
{
    if (n < 2) {
        *lo = *hi = NAN;
        return;
    }
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    double pl = 0.025 * (n - 1), ph = 0.975 * (n - 1);
    int il = (int)pl, ih = (int)ph;
    *lo = v[il] + (pl - il) * (v[il + 1 < n ? il + 1 : il] - v[il]);
    *hi = v[ih] + (ph - ih) * (v[ih + 1 < n ? ih + 1 : ih] - v[ih]);
}

static void mediation(const double *x, const double *m, const double *y, int n, sgf_mediation *out)
{
    sgf_ols o1, o2, o3;
    const double *xs[1] = {x};
    const double *both[2] = {m, x};
    out->verdict = "not estimable";
    if (sgf_ols_fit(y, xs, n, 1, &o1) != SGF_OK || sgf_ols_fit(m, xs, n, 1, &o2) != SGF_OK ||
        sgf_ols_fit(y, both, n, 2, &o3) != SGF_OK)
        return;
    out->c = o1.beta[1];
    out->c_p = o1.pvalue[1];
    out->a = o2.beta[1];
    out->a_p = o2.pvalue[1];
    out->b = o3.beta[1];
    out->b_p = o3.pvalue[1];
    out->c_direct = o3.beta[2];
    out->c_direct_p = o3.pvalue[2];
    double a = o2.coef[1], sa = o2.se[1], b = o3.coef[1], sb = o3.se[1];
    double den = sqrt(b * b * sa * sa + a * a * sb * sb);
    out->sobel_z = den > 0 ? a * b / den : 0.0;
    out->sobel_p = sgf_z_pvalue(out->sobel_z);
    /* Baron and Kenny: X must predict M and M must predict Y given X; the
     * mediation is full when X's direct effect is no longer significant
     * (p > .10, the criterion 004:100 reports), partial when it is but
     * smaller than the total effect. */
    if (out->a_p < 0.05 && out->b_p < 0.05) {
        if (out->c_direct_p > 0.10)
            out->verdict = "full";
        else if (fabs(out->c_direct) < fabs(out->c))
            out->verdict = "partial";
        else
            out->verdict = "none";
    } else {
        out->verdict = "none";
    }
}

static double slope_z(const path_fit *pf, int p1, int p2)
{
    double den = sqrt(pf->se[p1] * pf->se[p1] + pf->se[p2] * pf->se[p2]);
    return den > 0 ? (pf->b[p1] - pf->b[p2]) / den : 0.0;
}

sgf_status sgf_survey_analyse(const sgf_survey_firm *firms, int n, uint64_t seed, int bootstrap,
                              sgf_survey_result *out, char *err, size_t err_size)
{
    static const struct {
        const char *name, *group, *source;
        double reported;
    } paths[SGF_PATH_COUNT] = {
        {"AMC -> radical", "all", "004:100", 0.75},
        {"AMC^2 -> radical", "all", "004:100", 0.65},
        {"AMC -> incremental", "all", "004:100", 0.73},
        {"AMC^2 -> incremental", "all", "004:100", 0.55},
        {"radical -> speed", "all", "004:100", 0.15},
        {"incremental -> success", "all", "004:100", 0.61},
        {"AMC -> radical", "high D", "004:104", 0.76},
        {"AMC -> radical", "low D", "004:104", 0.72},
        {"AMC -> incremental", "high D", "004:104", 0.46},
        {"AMC -> incremental", "low D", "004:104", 0.80},
    };
    memset(out, 0, sizeof *out);
    if (err && err_size) err[0] = '\0';
    survey_data all, scratch;
    int *idx = NULL;
    double *boot = NULL;
    sgf_status st = SGF_ERR_NOMEM;
    if (!data_alloc(&all, n) || !data_alloc(&scratch, n)) goto done;

    /* the surveyed firms: survivors (004 sampled current exporters) */
    int k = 0;
    for (int i = 0; i < n; i++) {
        if (firms[i].failed) {
            out->failed_firms++;
            continue;
        }
        all.amc[k] = firms[i].amc;
        all.rad[k] = firms[i].radical;
        all.inc[k] = firms[i].incremental;
        all.speed[k] = firms[i].speed;
        all.success[k] = firms[i].success;
        all.d[k] = firms[i].diversity;
        k++;
    }
    all.n = k;
    out->n = k;
    st = SGF_ERR_USAGE;
    if (k < 10) {
        snprintf(err, err_size, "only %d surviving firms: too few to estimate", k);
        goto done;
    }
    /* split at the median of D: the lower half of the firms ranked by D is
     * the low group, the upper half the high group. D takes few values (k is
     * a whole number), so many firms tie at the median; ties are ranked by a
     * hash of the firm's number, i.e. at random but the same in every
     * analysis, which keeps the groups equal in size and the split stable */
    ranked *rk = sgf_malloc(sizeof *rk * (size_t)k);
    if (!rk) {
        st = SGF_ERR_NOMEM;
        goto done;
    }
    for (int i = 0, j = 0; i < n; i++) {
        if (firms[i].failed) continue;
        rk[j].d = firms[i].diversity;
        rk[j].key = sgf_hash64((uint64_t)firms[i].id ^ 0x9e3779b97f4a7c15ULL);
        rk[j].row = j;
        j++;
    }
    qsort(rk, (size_t)k, sizeof *rk, cmp_ranked);
    out->median_d = k % 2 ? rk[k / 2].d : 0.5 * (rk[k / 2 - 1].d + rk[k / 2].d);
    for (int i = 0; i < k; i++) all.high[rk[i].row] = i >= k / 2;
    sgf_free(rk);
    out->n_high = out->n_low = 0;
    for (int i = 0; i < k; i++) {
        if (all.high[i])
            out->n_high++;
        else
            out->n_low++;
    }
    sgf_mean_sd(all.amc, k, &out->mean_amc, NULL);
    sgf_mean_sd(all.d, k, &out->mean_d, NULL);
    sgf_mean_sd(all.rad, k, &out->mean_radical, NULL);
    sgf_mean_sd(all.inc, k, &out->mean_incremental, NULL);
    sgf_mean_sd(all.speed, k, &out->mean_speed, NULL);
    sgf_mean_sd(all.success, k, &out->mean_success, NULL);

    path_fit pf;
    const char *what = "";
    if (!fit_all(&all, NULL, k, &scratch, &pf, &what)) {
        snprintf(err, err_size, "%s: the data cannot support the fit (a constant construct?)",
                 what);
        goto done;
    }
    for (int p = 0; p < SGF_PATH_COUNT; p++) {
        sgf_path_estimate *e = &out->path[p];
        e->name = paths[p].name;
        e->group = paths[p].group;
        e->source = paths[p].source;
        e->reported = paths[p].reported;
        e->n = pf.n[p];
        e->beta = pf.beta[p];
        e->b = pf.b[p];
        e->se = pf.se[p];
        e->pvalue = pf.p[p];
        e->ci_low = e->ci_high = NAN;
    }
    /* contrasts */
    out->order =
        (sgf_contrast){"incremental -> success minus radical -> speed",
                       pf.beta[SGF_PATH_INCREMENTAL_SUCCESS] - pf.beta[SGF_PATH_RADICAL_SPEED],
                       NAN,
                       NAN,
                       NAN,
                       NAN};
    out->incremental_by_d = (sgf_contrast){
        "AMC -> incremental: low D minus high D",
        pf.beta[SGF_PATH_AMC_INCREMENTAL_LOW_D] - pf.beta[SGF_PATH_AMC_INCREMENTAL_HIGH_D],
        NAN,
        NAN,
        slope_z(&pf, SGF_PATH_AMC_INCREMENTAL_LOW_D, SGF_PATH_AMC_INCREMENTAL_HIGH_D),
        NAN};
    out->incremental_by_d.pvalue = sgf_z_pvalue(out->incremental_by_d.z);
    out->radical_by_d =
        (sgf_contrast){"AMC -> radical: high D minus low D",
                       pf.beta[SGF_PATH_AMC_RADICAL_HIGH_D] - pf.beta[SGF_PATH_AMC_RADICAL_LOW_D],
                       NAN,
                       NAN,
                       slope_z(&pf, SGF_PATH_AMC_RADICAL_HIGH_D, SGF_PATH_AMC_RADICAL_LOW_D),
                       NAN};
    out->radical_by_d.pvalue = sgf_z_pvalue(out->radical_by_d.z);
    /* mediation on the whole sample */
    mediation(all.amc, all.rad, all.speed, k, &out->mediation[0]);
    out->mediation[0].x = "AMC";
    out->mediation[0].m = "radical";
    out->mediation[0].y = "speed";
    out->mediation[0].reported = "full (004:102)";
    mediation(all.amc, all.inc, all.success, k, &out->mediation[1]);
    out->mediation[1].x = "AMC";
    out->mediation[1].m = "incremental";
    out->mediation[1].y = "success";
    out->mediation[1].reported = "partial (004:102)";

    /* bootstrap over firms */
    out->bootstrap = 0;
    if (bootstrap > 0) {
        st = SGF_ERR_NOMEM;
        int stats = SGF_PATH_COUNT + 3;
        idx = sgf_malloc(sizeof *idx * (size_t)k);
        boot = sgf_malloc(sizeof *boot * (size_t)bootstrap * (size_t)stats);
        if (!idx || !boot) goto done;
        sgf_rng r;
        sgf_rng_derive(&r, seed, (uint64_t)bootstrap, BOOT_STREAM);
        int good = 0;
        for (int b = 0; b < bootstrap; b++) {
            for (int i = 0; i < k; i++) idx[i] = (int)sgf_rng_bounded(&r, (uint32_t)k);
            path_fit bf;
            if (!fit_all(&all, idx, k, &scratch, &bf, &what)) continue;
            double *row = boot + (size_t)good * (size_t)stats;
            for (int p = 0; p < SGF_PATH_COUNT; p++) row[p] = bf.beta[p];
            row[SGF_PATH_COUNT] =
                bf.beta[SGF_PATH_INCREMENTAL_SUCCESS] - bf.beta[SGF_PATH_RADICAL_SPEED];
            row[SGF_PATH_COUNT + 1] =
                bf.beta[SGF_PATH_AMC_INCREMENTAL_LOW_D] - bf.beta[SGF_PATH_AMC_INCREMENTAL_HIGH_D];
            row[SGF_PATH_COUNT + 2] =
                bf.beta[SGF_PATH_AMC_RADICAL_HIGH_D] - bf.beta[SGF_PATH_AMC_RADICAL_LOW_D];
            good++;
        }
        out->bootstrap = good;
        double *col = scratch.d; /* reuse as a column buffer (n >= good is not
                                  * guaranteed, so allocate if needed) */
        double *own = NULL;
        if (good > k) {
            own = sgf_malloc(sizeof *own * (size_t)good);
            if (!own) goto done;
            col = own;
        }
        for (int s = 0; s < stats; s++) {
            for (int b = 0; b < good; b++) col[b] = boot[(size_t)b * (size_t)stats + (size_t)s];
            double lo, hi;
            percentile_ci(col, good, &lo, &hi);
            if (s < SGF_PATH_COUNT) {
                out->path[s].ci_low = lo;
                out->path[s].ci_high = hi;
            } else {
                sgf_contrast *c = s == SGF_PATH_COUNT       ? &out->order
                                  : s == SGF_PATH_COUNT + 1 ? &out->incremental_by_d
                                                            : &out->radical_by_d;
                c->ci_low = lo;
                c->ci_high = hi;
            }
        }
        sgf_free(own);
    }
    st = SGF_OK;
done:
    if (st == SGF_ERR_NOMEM && err) snprintf(err, err_size, "out of memory");
    sgf_free(idx);
    sgf_free(boot);
    data_free(&all);
    data_free(&scratch);
    return st;
}
