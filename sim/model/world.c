/* world.c: life cycle of a world, the weekly schedule, partner slots, the
 * event log, read accessors and the invariants of --check.
 *
 * The schedule (sgf_world_step) is MODEL.md section 7 as a list of calls, one
 * per submodel; docs/ODD.md ("Process overview and scheduling") describes it.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "model/world_internal.h"

/* ---- partner slots ------------------------------------------------------------ */

static bool grow_partners(sgf_world *w)
{
    if (w->partner_count < w->partner_capacity) return true;
    int cap = w->partner_capacity ? w->partner_capacity * 2 : 64;
    sgf_partner *p = sgf_realloc(w->partners, sizeof *p * (size_t)cap);
    if (!p) return w->nomem = true, false;
    w->partners = p;
    char(*n)[SGF_NAME_MAX] = sgf_realloc(w->names, sizeof *n * (size_t)cap);
    if (!n) return w->nomem = true, false;
    w->names = n;
    int *f = sgf_realloc(w->free_slots, sizeof *f * (size_t)cap);
    if (!f) return w->nomem = true, false;
    w->free_slots = f;
    w->partner_capacity = cap;
    return true;
}

int sgf_partner_add(sgf_world *w, const sgf_partner_def *pd, int market)
{
    int i;
    uint32_t gen = 1;
    if (w->free_count > 0) {
        i = w->free_slots[--w->free_count];
        gen = w->partners[i].generation + 1;
    } else {
        if (!grow_partners(w)) return -1;
        i = w->partner_count++;
    }
    sgf_partner *p = &w->partners[i];
    memset(p, 0, sizeof *p);
    p->generation = gen;
    p->alive = 1;
    p->role = (uint8_t)pd->role;
    p->owned = sgf_role_is_owned(pd->role);
    p->market = market;
    p->trust = (float)pd->trust;
    p->commitment = (float)pd->commitment;
    p->motivation = (float)pd->motivation;
    p->satisfaction = 0.5f;
    p->alignment = (float)pd->alignment;
    p->product_knowledge = (float)pd->product_knowledge;
    p->awareness = (float)pd->awareness;
    p->effort = p->motivation;
    p->competence_fit = (float)pd->competence_fit;
    p->opportunism = (float)pd->opportunism;
    p->loyalty = (float)pd->loyalty;
    p->focal_share = (float)pd->focal_share;
    p->size_ratio = (float)pd->size_ratio;
    p->size_class = pd->size_ratio < 0.5 ? 0 : pd->size_ratio <= 2.0 ? 1 : 2;
    p->contact_persons = (float)(pd->contact_persons < 1.0 ? 1.0 : pd->contact_persons);
    p->capacity_units_per_week = (float)pd->capacity_units_per_week;
    p->unit_cost_eur = (float)pd->unit_cost_eur;
    p->lead_time_weeks = (float)pd->lead_time_weeks;
    p->defect_rate = (float)pd->defect_rate;
    p->outside_option = (float)pd->outside_option;
    for (int k = 0; k < 5; k++) p->pref[k] = (float)pd->pref[k];
    p->capacity_factor = 1.0f;
    p->contract = pd->contract;
    p->replaceability = (uint8_t)(pd->replaceability < 1 ? 1 : pd->replaceability);
    p->joined_tick = w->tick;
    if (p->owned) { /* own people: the firm's knowledge, no outside option */
        p->trust = p->commitment = p->motivation = p->alignment = 0.9f;
        p->product_knowledge = p->awareness = 0.9f;
        if (pd->role == SGF_ROLE_SALES_OFFICE) p->opportunism = 0.0f;
        /* an owned unit is a sales team of its own: assumption, the reach of
         * a partner four times the firm's size */
        if (p->size_ratio < 4.0f) p->size_ratio = 4.0f;
    }
    snprintf(w->names[i], SGF_NAME_MAX, "%s", pd->name);
    w->alive_count++;
    w->role_alive[pd->role]++;
    if (w->role_alive[pd->role] > w->role_built[pd->role])
        w->role_built[pd->role] = w->role_alive[pd->role];
    if (market >= 0 && market < w->market_count && sgf_role_is_downstream(pd->role)) {
        sgf_market *mk = &w->markets[market];
        mk->channels++;
        if (mk->channels > mk->target_channels) mk->target_channels = mk->channels;
    }
    return i;
}

void sgf_partner_remove(sgf_world *w, int index, int log_kind, const char *why)
{
    sgf_partner *p = &w->partners[index];
    if (!p->alive) return;
    p->alive = 0;
    w->alive_count--;
    w->role_alive[p->role]--;
    if (p->market >= 0 && sgf_role_is_downstream((sgf_role)p->role))
        w->markets[p->market].channels--;
    w->free_slots[w->free_count++] = index;
    if (log_kind) sgf_log(w, log_kind, 0, w->names[index], p->trust, "%s", why);
}

int sgf_partner_find(const sgf_world *w, const char *name)
{
    for (int i = 0; i < w->partner_count; i++)
        if (w->partners[i].alive && strcmp(w->names[i], name) == 0) return i;
    return -1;
}

bool sgf_partner_id_valid(const sgf_world *w, sgf_partner_id id)
{
    return id.generation != 0 && id.index >= 0 && id.index < w->partner_count &&
           w->partners[id.index].generation == id.generation && w->partners[id.index].alive;
}

/* ---- the event log --------------------------------------------------------------- */

void sgf_log(sgf_world *w, int internal, sgf_event_kind kind, const char *target, double value,
             const char *fmt, ...)
{
    if (w->log_count == w->log_capacity) {
        int cap = w->log_capacity ? w->log_capacity * 2 : 64;
        sgf_event_record *g = sgf_realloc(w->log, sizeof *g * (size_t)cap);
        if (!g) { /* the step reports it: a run never silently loses a line */
            w->nomem = true;
            return;
        }
        w->log = g;
        w->log_capacity = cap;
    }
    sgf_event_record *r = &w->log[w->log_count++];
    r->tick = w->tick;
    r->kind = kind;
    r->internal = internal;
    snprintf(r->target, sizeof r->target, "%s", target ? target : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->detail, sizeof r->detail, fmt, ap);
    va_end(ap);
    r->value = value;
}

const char *sgf_log_kind_name(int internal, sgf_event_kind kind)
{
    static const char *const names[SGF_LOG_KIND_COUNT] = {
        "event",         "new_partner",  "partner_exit",       "defection", "opportunism_detected",
        "key_person",    "market_entry", "office_opened",      "jv_formed", "relocation",
        "replacement",   "retrain",      "innovation_radical", "recovery",  "failure",
        "search_started"};
    if (internal == SGF_LOG_EVENT) return sgf_event_kind_name(kind);
    if (internal > 0 && internal < SGF_LOG_KIND_COUNT) return names[internal];
    return "unknown";
}

/* ---- life cycle ------------------------------------------------------------------- */

double sgf_dist_draw(const sgf_dist *d, sgf_rng *r)
{
    switch (d->kind) {
    case SGF_DIST_CONST:
        return d->a;
    case SGF_DIST_UNIFORM:
        return sgf_rng_uniform_range(r, d->a, d->b);
    case SGF_DIST_NORMAL:
        return sgf_rng_normal(r, d->a, d->b);
    case SGF_DIST_LOGNORMAL:
        return sgf_rng_lognormal(r, d->a, d->b);
    case SGF_DIST_BETA:
        return sgf_rng_beta(r, d->a, d->b);
    case SGF_DIST_TRIANGULAR: {
        double u = sgf_rng_uniform(r), lo = d->a, hi = d->b, mode = d->c;
        double f = (mode - lo) / (hi - lo);
        return u < f ? lo + sqrt(u * (hi - lo) * (mode - lo))
                     : hi - sqrt((1 - u) * (hi - lo) * (hi - mode));
    }
    default:
        return d->a;
    }
}

static void firm_init(sgf_world *w)
{
    const sgf_firm_def *fd = &w->def.firm;
    sgf_firm *f = &w->firm;
    memset(f, 0, sizeof *f);
    f->cash_eur = fd->cash_eur;
    f->employees = f->employees0 = fd->employees;
    f->cap = fd->capabilities;
    f->flexibility0 = fd->capabilities.flexibility;
    f->tech_level = fd->technology_level;
    f->frontier = 1.0;
    f->tech_knowledge = fd->technology_knowledge;
    f->newness = fd->newness;
    f->smallness = fd->smallness;
    f->incentives = fd->incentives;
    f->preset = fd->management.preset;
    f->inventory = fd->supply.initial_inventory_units;
    f->produced_total = f->inventory; /* opening stock counts as produced */
    f->inhouse_capacity = fd->supply.inhouse_capacity_units_per_week;
    f->failed_tick = -1;
    f->first_foreign_sale_tick = -1;
    /* the integrated form makes in house: give it capacity if none is set */
    if (fd->governance == SGF_GOV_INTEGRATED && f->inhouse_capacity <= 0.0) {
        double demand = 0;
        for (int m = 0; m < w->market_count; m++) demand += w->def.markets[m].demand_units_per_week;
        f->inhouse_capacity = 0.5 * demand;
    }
    sgf_mode_weights(f->preset, fd->management.weight, f->mode_w);
}

sgf_status sgf_world_create(const sgf_world_def *def, sgf_world **out)
{
    *out = NULL;
    sgf_world *w = sgf_calloc(1, sizeof *w);
    if (!w) return SGF_ERR_NOMEM;
    sgf_status st = sgf_world_def_copy(&w->def, def);
    if (st != SGF_OK) {
        sgf_free(w);
        return st;
    }
    sgf_rng_derive(&w->rng, def->seed, def->run_index, SGF_STREAM_MODEL);
    sgf_rng_derive(&w->event_rng, def->seed, def->run_index, SGF_STREAM_EVENTS);
    sgf_rng_derive(&w->demand_rng, def->seed, def->run_index, SGF_STREAM_DEMAND);

    st = SGF_ERR_NOMEM;
    w->market_count = def->market_count;
    w->markets =
        sgf_calloc((size_t)(def->market_count ? def->market_count : 1), sizeof *w->markets);
    w->event_fired = sgf_calloc((size_t)(def->event_count ? def->event_count : 1), sizeof(bool));
    if (!w->markets || !w->event_fired) goto fail;
    w->home = 0;
    for (int m = 0; m < def->market_count; m++) {
        const sgf_market_def *md = &def->markets[m];
        sgf_market *mk = &w->markets[m];
        mk->demand_level = md->demand_units_per_week;
        mk->demand_units = md->demand_units_per_week;
        mk->demand_factor = 1.0;
        mk->labour_cost_index = md->labour_cost_index;
        mk->tariff = md->tariff;
        mk->knowledge = md->home ? 1.0 : md->initial_knowledge;
        mk->foreignness = md->home ? 0.0 : md->cultural_distance * (1.0 - mk->knowledge);
        mk->outsidership = md->home ? 0.0 : 1.0 - 0.5 * mk->knowledge;
        mk->capacity_factor = 1.0;
        mk->entered_tick = (md->home || md->served_at_start) ? 0 : -1;
        mk->first_sale_tick = -1;
        mk->open = md->open_tick <= 0;
        if (md->home) w->home = m;
    }
    firm_init(w);
    w->epg_first_deal_tick = -1;
    st = sgf_population_build(w);
    if (st != SGF_OK) goto fail;
    st = sgf_management_init(w);
    if (st != SGF_OK) goto fail;
    sgf_capability_derive(w);
    *out = w;
    return SGF_OK;
fail:
    sgf_world_destroy(w);
    return st;
}

void sgf_world_destroy(sgf_world *w)
{
    if (!w) return;
    sgf_world_def_free(&w->def);
    sgf_free(w->markets);
    sgf_free(w->partners);
    sgf_free(w->names);
    sgf_free(w->free_slots);
    sgf_free(w->recoveries);
    sgf_free(w->event_fired);
    sgf_free(w->log);
    sgf_census_free(&w->census);
    sgf_free(w->money_weight);
    sgf_free(w);
}

/* The weekly schedule, MODEL.md 7. */
/* Steps 7, 8 and 9 in one pass over the net: each live partner gets its
 * management (management.c), then decides and its relationship updates
 * (partner.c); a channel first gets its share of step 3's orders (market.c). Step 7 of a partner
 * reads nothing that steps 8-9 of the partners before it write, so this is the same as running step
 * 7 for all, then 8-9 for all, with one walk through the partner array instead of two (see
 * sgf_management_week). */
static void partners_week(sgf_world *w)
{
    sgf_management_week mw;
    sgf_partner_week pw;
    sgf_management_begin(w, &mw);
    sgf_partner_week_begin(w, &pw);
    for (int i = 0; i < w->partner_count; i++) {
        sgf_partner *p = &w->partners[i];
        if (!p->alive) continue;
        /* step 3's split of the orders, left to this pass */
        if (mw.downstream >> p->role & 1u) sgf_market_channel_split(&w->census, p);
        sgf_management_partner(w, &mw, i);
        sgf_partner_decide(w, &pw, i);
    }
    sgf_management_end(w, &mw);
}

sgf_status sgf_world_step(sgf_world *w)
{
    if (sgf_world_done(w)) return SGF_OK;
    w->tick++;
    w->log_count = 0;
    memset(&w->acc, 0, sizeof w->acc);

    sgf_events_step(w);                 /* 1 events and environment */
    sgf_market_demand_step(w);          /* 1 demand per market */
    sgf_capability_step(w);             /* 2 sensing: S, Z, R, DC */
    if (sgf_census_take(w) != SGF_OK) { /* who is in the net, and channel power (3) */
        snprintf(w->error, sizeof w->error, "tick %d: out of memory", w->tick);
        return SGF_ERR_NOMEM;
    }
    if (!w->firm.failed) {
        sgf_market_sales_step(w);    /* 3 sales */
        sgf_supply_step(w);          /* 4 supply */
        sgf_innovation_step(w);      /* 5 innovation */
        sgf_finance_step(w);         /* 6 money and failure */
        partners_week(w);            /* 7 management, 8 partners decide, 9 relationships */
        sgf_dynamics_step(w);        /* 10 the dynamic capability */
        sgf_epg_step(w);             /*    export partner group, if any */
        sgf_market_learning_step(w); /* 11 learning */
        sgf_capability_learning_step(w);
        sgf_finance_settle(w); /* costs incurred after step 6 */
    }
    sgf_metrics_step(w); /* 12 observation */
    if (w->nomem) {
        snprintf(w->error, sizeof w->error, "tick %d: out of memory", w->tick);
        return SGF_ERR_NOMEM;
    }
    if (w->def.check) return sgf_invariants_check(w);
    return SGF_OK;
}

bool sgf_world_done(const sgf_world *w)
{
    return w->tick >= w->def.ticks;
}
const char *sgf_world_error(const sgf_world *w)
{
    return w->error;
}

sgf_status sgf_world_inject(sgf_world *w, const sgf_event_def *ev)
{
    return sgf_events_apply(w, ev, true);
}

/* ---- read access ---------------------------------------------------------------------- */

int sgf_world_tick(const sgf_world *w)
{
    return w->tick;
}
const sgf_world_def *sgf_world_def_of(const sgf_world *w)
{
    return &w->def;
}
const sgf_metrics *sgf_world_metrics(const sgf_world *w)
{
    return &w->metrics;
}

const sgf_partner *sgf_world_partners(const sgf_world *w, int *count)
{
    *count = w->partner_count;
    return w->partners;
}

const char *sgf_world_partner_name(const sgf_world *w, int index)
{
    return (index >= 0 && index < w->partner_count) ? w->names[index] : "";
}

const sgf_market *sgf_world_markets(const sgf_world *w, int *count)
{
    *count = w->market_count;
    return w->markets;
}

const sgf_event_record *sgf_world_events(const sgf_world *w, int *count)
{
    *count = w->log_count;
    return w->log;
}

static uint64_t fnv(uint64_t h, const void *data, size_t n)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}

uint64_t sgf_world_hash(const sgf_world *w)
{
    uint64_t h = 1469598103934665603ULL;
    h = fnv(h, &w->tick, sizeof w->tick);
    h = fnv(h, &w->rng, sizeof w->rng);
    h = fnv(h, &w->firm, sizeof w->firm);
    h = fnv(h, &w->metrics, sizeof w->metrics);
    for (int i = 0; i < w->partner_count; i++) h = fnv(h, &w->partners[i], sizeof w->partners[i]);
    for (int m = 0; m < w->market_count; m++) h = fnv(h, &w->markets[m], sizeof w->markets[m]);
    return h;
}

/* ---- invariants (--check) ----------------------------------------------------------------- */

static bool bad01(double x)
{
    return !(x >= 0.0 && x <= 1.0);
}

sgf_status sgf_invariants_check(sgf_world *w)
{
    const sgf_firm *f = &w->firm;
#define FAIL_IF(cond, ...)                                                                         \
    do {                                                                                           \
        if (cond) {                                                                                \
            int n_ = snprintf(w->error, sizeof w->error, "tick %d: ", w->tick);                    \
            snprintf(w->error + n_, sizeof w->error - (size_t)n_, __VA_ARGS__);                    \
            return SGF_ERR_INVARIANT;                                                              \
        }                                                                                          \
    } while (0)
    /* units: everything produced is delivered, in stock, in transit or scrapped */
    double in_pipe = 0;
    for (int k = 0; k < SGF_PIPE_WEEKS; k++) in_pipe += f->pipeline[k];
    double lhs = f->produced_total;
    double rhs =
        f->delivered_total + f->inventory + in_pipe + f->scrapped_total + sgf_chain_units(w);
    FAIL_IF(fabs(lhs - rhs) > 1e-6 * (1.0 + fabs(lhs)),
            "units not conserved: produced %.6f != delivered %.6f + stock %.6f + transit %.6f + "
            "scrapped %.6f",
            lhs, f->delivered_total, f->inventory, in_pipe, f->scrapped_total);
    FAIL_IF(f->inventory < -1e-9 || f->backlog < -1e-9, "negative stock or backlog");
    /* money: revenue splits into the firm's gross and partners' margins */
    FAIL_IF(fabs(f->revenue_total - f->firm_gross_total - f->partner_margin_total) >
                1e-6 * (1.0 + f->revenue_total),
            "money not conserved across the split: revenue %.2f != firm %.2f + partners %.2f",
            f->revenue_total, f->firm_gross_total, f->partner_margin_total);
    FAIL_IF(fabs(f->cash_eur - (w->def.firm.cash_eur + f->profit_total)) >
                1e-6 * (1.0 + fabs(f->cash_eur)),
            "cash %.2f != initial cash + cumulative profit %.2f", f->cash_eur,
            w->def.firm.cash_eur + f->profit_total);
    const double *caps = &f->cap.cultural_awareness;
    for (int k = 0; k < 9; k++)
        FAIL_IF(bad01(caps[k]), "capability %d out of [0,1]: %g", k, caps[k]);
    FAIL_IF(bad01(f->sensing) || bad01(f->seizing) || bad01(f->reconfiguring) || bad01(f->dc),
            "dynamic capability out of [0,1]");
    for (int i = 0; i < w->partner_count; i++) {
        const sgf_partner *p = &w->partners[i];
        if (!p->alive) continue;
        const float *v = &p->trust;
        for (int k = 0; k < 12; k++)
            FAIL_IF(bad01(v[k]), "partner '%s' state %d out of [0,1]: %g", w->names[i], k,
                    (double)v[k]);
    }
    for (int m = 0; m < w->market_count; m++) {
        const sgf_market *mk = &w->markets[m];
        FAIL_IF(bad01(mk->knowledge) || bad01(mk->foreignness) || bad01(mk->outsidership),
                "market %s knowledge or liabilities out of [0,1]", w->def.markets[m].iso);
    }
    for (int k = 0; k < sgf_metric_count; k++) {
        double v = sgf_metric_get(&w->metrics, k);
        FAIL_IF(!isfinite(v), "metric %s is not finite", sgf_metric_table[k].name);
    }
#undef FAIL_IF
    return SGF_OK;
}
