/* def.c: defaults of every definition field, enum names, distributions, and
 * the life cycle of the definition's arrays.
 *
 * The defaults describe a generic technology SME of MODEL.md 3.2; the numbers
 * and their sources are tabled in docs/ODD.md (section 7, submodels). Where a
 * default is an assumption, the comment says so and why.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "sgf/sgf_def.h"

/* ---- enum names ------------------------------------------------------------ */

static const char *const role_names[SGF_ROLE_COUNT] = {
    "rnd_partner",        "software_supplier", "hardware_manufacturer", "component_supplier",
    "logistics_provider", "sales_partner",     "distributor",           "strategic_partner",
    "marketing_partner",  "university",        "research_institute",    "consultant",
    "competitor",         "sales_office",      "joint_venture"};
static const char *const governance_names[SGF_GOV_COUNT] = {"small_global_factory", "integrated",
                                                            "micromultinational"};
static const char *const preset_names[SGF_PRESET_COUNT] = {
    "orchestrator", "controller", "coordinator", "integrator", "laissez_faire", "custom"};
static const char *const mode_names[SGF_MODE_COUNT] = {"influencing", "monitoring", "coordinating",
                                                       "integrating"};
static const char *const response_names[SGF_RESPONSE_COUNT] = {"warn", "sanction", "replace"};
static const char *const order_policy_names[SGF_ORDER_POLICY_COUNT] = {"base_stock", "sterman"};
static const char *const allocation_names[SGF_ALLOC_COUNT] = {"equal", "trust"};
static const char *const capture_names[SGF_CAPTURE_COUNT] = {"lock_in", "efficiency"};
static const char *const event_names[SGF_EV_KIND_COUNT] = {
    "partner_exit",       "key_person_change", "md_change",     "demand_shock",
    "labour_cost_change", "tariff_change",     "capacity_loss", "technology_shift",
    "market_opening",     "incentive_change",  "mode_change"};
static const char *const target_names[SGF_TARGET_COUNT] = {"firm", "partner", "role", "market"};
static const char *const dist_names[SGF_DIST_COUNT] = {"const",     "uniform", "normal",
                                                       "lognormal", "beta",    "triangular"};

#define NAME_OR_UNKNOWN(table, count, i) ((unsigned)(i) < (count) ? (table)[i] : "unknown")

const char *sgf_role_name(sgf_role r)
{
    return NAME_OR_UNKNOWN(role_names, SGF_ROLE_COUNT, r);
}
const char *sgf_governance_name(sgf_governance g)
{
    return NAME_OR_UNKNOWN(governance_names, SGF_GOV_COUNT, g);
}
const char *sgf_preset_name(sgf_mode_preset p)
{
    return NAME_OR_UNKNOWN(preset_names, SGF_PRESET_COUNT, p);
}
const char *sgf_mode_name(sgf_mode m)
{
    return NAME_OR_UNKNOWN(mode_names, SGF_MODE_COUNT, m);
}
const char *sgf_response_name(sgf_response r)
{
    return NAME_OR_UNKNOWN(response_names, SGF_RESPONSE_COUNT, r);
}
const char *sgf_order_policy_name(sgf_order_policy p)
{
    return NAME_OR_UNKNOWN(order_policy_names, SGF_ORDER_POLICY_COUNT, p);
}
const char *sgf_allocation_name(sgf_allocation a)
{
    return NAME_OR_UNKNOWN(allocation_names, SGF_ALLOC_COUNT, a);
}
const char *sgf_value_capture_name(sgf_value_capture v)
{
    return NAME_OR_UNKNOWN(capture_names, SGF_CAPTURE_COUNT, v);
}
const char *sgf_event_kind_name(sgf_event_kind k)
{
    return NAME_OR_UNKNOWN(event_names, SGF_EV_KIND_COUNT, k);
}
const char *sgf_target_kind_name(sgf_target_kind t)
{
    return NAME_OR_UNKNOWN(target_names, SGF_TARGET_COUNT, t);
}
const char *sgf_dist_kind_name(sgf_dist_kind k)
{
    return NAME_OR_UNKNOWN(dist_names, SGF_DIST_COUNT, k);
}

/* 004:84: buyers, suppliers, competitors, consultants, research institutes,
 * universities, own business groups, other. */
sgf_partner_type sgf_role_partner_type(sgf_role r)
{
    switch (r) {
    case SGF_ROLE_SALES_PARTNER:
    case SGF_ROLE_DISTRIBUTOR:
        return SGF_PTYPE_BUYER;
    case SGF_ROLE_SOFTWARE_SUPPLIER:
    case SGF_ROLE_HARDWARE_MANUFACTURER:
    case SGF_ROLE_COMPONENT_SUPPLIER:
    case SGF_ROLE_LOGISTICS_PROVIDER:
        return SGF_PTYPE_SUPPLIER;
    case SGF_ROLE_COMPETITOR:
        return SGF_PTYPE_COMPETITOR;
    case SGF_ROLE_CONSULTANT:
        return SGF_PTYPE_CONSULTANT;
    case SGF_ROLE_RESEARCH_INSTITUTE:
        return SGF_PTYPE_RESEARCH_INSTITUTE;
    case SGF_ROLE_UNIVERSITY:
        return SGF_PTYPE_UNIVERSITY;
    case SGF_ROLE_STRATEGIC_PARTNER:
    case SGF_ROLE_SALES_OFFICE:
    case SGF_ROLE_JOINT_VENTURE:
        return SGF_PTYPE_OWN_GROUP;
    case SGF_ROLE_RND_PARTNER:
    case SGF_ROLE_MARKETING_PARTNER:
    default:
        return SGF_PTYPE_OTHER;
    }
}

bool sgf_role_is_upstream(sgf_role r)
{
    return r == SGF_ROLE_RND_PARTNER || r == SGF_ROLE_SOFTWARE_SUPPLIER ||
           r == SGF_ROLE_HARDWARE_MANUFACTURER || r == SGF_ROLE_COMPONENT_SUPPLIER ||
           r == SGF_ROLE_LOGISTICS_PROVIDER;
}

bool sgf_role_is_downstream(sgf_role r)
{
    return r == SGF_ROLE_SALES_PARTNER || r == SGF_ROLE_DISTRIBUTOR ||
           r == SGF_ROLE_STRATEGIC_PARTNER || r == SGF_ROLE_SALES_OFFICE ||
           r == SGF_ROLE_JOINT_VENTURE;
}

bool sgf_role_is_knowledge(sgf_role r)
{
    return r == SGF_ROLE_RND_PARTNER || r == SGF_ROLE_SOFTWARE_SUPPLIER ||
           r == SGF_ROLE_UNIVERSITY || r == SGF_ROLE_RESEARCH_INSTITUTE ||
           r == SGF_ROLE_CONSULTANT || r == SGF_ROLE_COMPETITOR;
}

bool sgf_role_is_owned(sgf_role r)
{
    return r == SGF_ROLE_SALES_OFFICE || r == SGF_ROLE_JOINT_VENTURE;
}

/* Knowledge first, goods flowing toward the firm; the firm's own units first
 * on the sales side. */
const int sgf_chain_roles[SGF_CHAIN_SIDES][SGF_CHAIN_BANDS] = {
    {SGF_ROLE_RND_PARTNER, SGF_ROLE_SOFTWARE_SUPPLIER, SGF_ROLE_COMPONENT_SUPPLIER,
     SGF_ROLE_HARDWARE_MANUFACTURER, SGF_ROLE_LOGISTICS_PROVIDER, -1, -1},
    {SGF_ROLE_UNIVERSITY, SGF_ROLE_RESEARCH_INSTITUTE, SGF_ROLE_CONSULTANT, SGF_ROLE_COMPETITOR, -1,
     -1, -1},
    {SGF_ROLE_SALES_OFFICE, SGF_ROLE_JOINT_VENTURE, SGF_ROLE_STRATEGIC_PARTNER,
     SGF_ROLE_DISTRIBUTOR, SGF_ROLE_SALES_PARTNER, SGF_ROLE_MARKETING_PARTNER, -1},
};

void sgf_role_chain_place(int role, int *side, int *band)
{
    for (int s = 0; s < SGF_CHAIN_SIDES; s++)
        for (int k = 0; k < SGF_CHAIN_BANDS && sgf_chain_roles[s][k] >= 0; k++)
            if (sgf_chain_roles[s][k] == role) {
                *side = s;
                *band = k;
                return;
            }
    *side = SGF_CHAIN_DOWN;
    *band = SGF_CHAIN_BANDS - 1;
}

/* ---- distributions ---------------------------------------------------------- */

static sgf_dist dist_const(double v)
{
    return (sgf_dist){SGF_DIST_CONST, v, 0.0, 0.0};
}
static sgf_dist dist2(sgf_dist_kind k, double a, double b)
{
    return (sgf_dist){k, a, b, 0.0};
}

bool sgf_dist_parse(const char *text, sgf_dist *out)
{
    while (*text == ' ' || *text == '\t') text++;
    char *end = NULL;
    double v = strtod(text, &end);
    if (end != text) {
        while (*end == ' ') end++;
        if (*end != '\0' || !isfinite(v)) return false;
        *out = dist_const(v);
        return true;
    }
    for (int k = 0; k < SGF_DIST_COUNT; k++) {
        size_t n = strlen(dist_names[k]);
        if (strncmp(text, dist_names[k], n) != 0 || text[n] != '(') continue;
        double p[3] = {0, 0, 0};
        int want = k == SGF_DIST_CONST ? 1 : k == SGF_DIST_TRIANGULAR ? 3 : 2;
        const char *s = text + n + 1;
        for (int i = 0; i < want; i++) {
            p[i] = strtod(s, &end);
            if (end == s || !isfinite(p[i])) return false;
            s = end;
            while (*s == ' ') s++;
            if (*s != (i + 1 < want ? ',' : ')')) return false;
            s++;
        }
        while (*s == ' ') s++;
        if (*s != '\0') return false;
        sgf_dist d = {(sgf_dist_kind)k, p[0], p[1], p[2]};
        switch (d.kind) {
        case SGF_DIST_UNIFORM:
            if (!(d.a <= d.b)) return false;
            break;
        case SGF_DIST_NORMAL:
        case SGF_DIST_LOGNORMAL:
            if (!(d.b >= 0)) return false;
            break;
        case SGF_DIST_BETA:
            if (!(d.a > 0 && d.b > 0)) return false;
            break;
        case SGF_DIST_TRIANGULAR:
            /* written triangular(min,max,mode) */
            if (!(d.a <= d.c && d.c <= d.b && d.a < d.b)) return false;
            break;
        default:
            break;
        }
        *out = d;
        return true;
    }
    return false;
}

char *sgf_dist_format(const sgf_dist *d, char *buf, size_t size)
{
    switch (d->kind) {
    case SGF_DIST_CONST:
        snprintf(buf, size, "%.17g", d->a);
        break;
    case SGF_DIST_TRIANGULAR:
        snprintf(buf, size, "triangular(%.17g,%.17g,%.17g)", d->a, d->b, d->c);
        break;
    default:
        snprintf(buf, size, "%s(%.17g,%.17g)", sgf_dist_kind_name(d->kind), d->a, d->b);
        break;
    }
    return buf;
}

/* ---- defaults ---------------------------------------------------------------- */

sgf_market_def sgf_market_def_default(void)
{
    sgf_market_def m;
    memset(&m, 0, sizeof m);
    m.demand_units_per_week = 5.0;
    m.demand_growth_per_year = 0.03;
    m.demand_volatility = 0.15;
    m.seasonality = 0.1;
    m.public_sector_share = 0.2;
    m.tender_cycle_weeks = 26.0;
    m.cultural_distance = 0.4;
    m.labour_cost_index = 1.0;
    m.competition = 0.5;
    m.tariff = 0.0;
    m.open_tick = 0;
    m.initial_knowledge = 0.05;
    return m;
}

sgf_partner_def sgf_partner_def_default(void)
{
    sgf_partner_def p;
    memset(&p, 0, sizeof p);
    p.role = SGF_ROLE_SALES_PARTNER;
    p.size_ratio = 1.0;
    p.capacity_units_per_week = 50.0;
    p.unit_cost_eur = 700.0;
    p.lead_time_weeks = 6.0;
    p.defect_rate = 0.02;
    p.competence_fit = 0.8;
    p.trust = 0.5;
    p.commitment = 0.4;
    p.motivation = 0.5;
    p.alignment = 0.6;
    p.product_knowledge = 0.4;
    p.awareness = 0.5;
    p.contact_persons = 1.0;
    p.contract = true;
    p.replaceability = 2;
    p.focal_share = 0.1;
    p.opportunism = 0.2;
    p.loyalty = 0.5;
    p.outside_option = 300.0;
    p.pref[0] = 0.6;  /* monetary */
    p.pref[1] = 0.1;  /* reference */
    p.pref[2] = 0.15; /* market access, bids */
    p.pref[3] = 0.1;  /* learning */
    p.pref[4] = 0.05; /* social */
    p.start_tick = 0;
    return p;
}

sgf_population_def sgf_population_def_default(void)
{
    sgf_population_def p;
    memset(&p, 0, sizeof p);
    p.role = SGF_ROLE_SALES_PARTNER;
    p.count = 0;
    p.share_small = 0.8;
    p.share_large = 0.2;
    p.trust = dist2(SGF_DIST_BETA, 4, 2);
    p.commitment = dist2(SGF_DIST_BETA, 2, 3);
    p.motivation = dist2(SGF_DIST_BETA, 3, 3);
    p.alignment = dist2(SGF_DIST_BETA, 3, 2);
    p.product_knowledge = dist2(SGF_DIST_BETA, 2, 3);
    p.awareness = dist2(SGF_DIST_BETA, 3, 3);
    p.opportunism = dist2(SGF_DIST_BETA, 2, 6);
    p.loyalty = dist2(SGF_DIST_BETA, 3, 3);
    p.capacity_units_per_week = dist_const(50.0);
    p.unit_cost_eur = dist_const(700.0);
    p.lead_time_weeks = dist2(SGF_DIST_UNIFORM, 4, 8);
    p.defect_rate = dist2(SGF_DIST_BETA, 1, 49);
    p.competence_fit = dist2(SGF_DIST_BETA, 8, 2);
    p.focal_share = dist2(SGF_DIST_BETA, 2, 8);
    p.contact_persons = dist2(SGF_DIST_UNIFORM, 1, 4); /* floored: 1, 2 or 3 */
    p.outside_option = dist2(SGF_DIST_LOGNORMAL, log(250.0), 0.4);
    p.contract = true;
    p.replaceability = 1;
    return p;
}

sgf_event_def sgf_event_def_default(void)
{
    sgf_event_def e;
    memset(&e, 0, sizeof e);
    e.kind = SGF_EV_DEMAND_SHOCK;
    e.at_tick = -1;
    e.probability_per_week = 0.0;
    e.window_start = 0;
    e.window_end = -1;
    e.target = SGF_TARGET_FIRM;
    e.magnitude = 0.5;
    e.duration_weeks = 0;
    e.new_profile = (sgf_capabilities){0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5};
    return e;
}

sgf_world_def sgf_world_def_default(void)
{
    sgf_world_def d;
    memset(&d, 0, sizeof d);
    snprintf(d.name, sizeof d.name, "%s", "unnamed");
    d.seed = 1;
    d.run_index = 0;
    d.ticks = 520; /* ten years of weeks, MODEL.md 2 */
    d.start_year = 2001;

    sgf_firm_def *f = &d.firm;
    snprintf(f->name, sizeof f->name, "%s", "Focal SME");
    f->founded_year = 1995;
    f->employees = 80.0;
    f->cash_eur = 2.0e6;
    f->credit_line_eur = 1.0e6;
    f->fixed_cost_eur_per_employee_week = 1000.0; /* assumption: EUR 52,000 a year */
    f->price_eur = 3000.0;
    f->unit_cost_eur = 900.0;
    f->technology_level = 0.9;
    f->technology_knowledge = 0.7;
    f->newness = 0.2;
    f->smallness = 0.6;
    f->value_capture = SGF_CAPTURE_LOCK_IN;
    f->repeat_share = 0.3;
    f->governance = SGF_GOV_SMALL_GLOBAL_FACTORY;
    f->capabilities = (sgf_capabilities){.cultural_awareness = 0.6,
                                         .global_mindset = 0.6,
                                         .innovativeness = 0.6,
                                         .risk_taking = 0.5,
                                         .proactiveness = 0.6,
                                         .interface_competence = 0.6,
                                         .analytical_capability = 0.5,
                                         .absorptive_capacity = 0.5,
                                         .flexibility = 0.6};
    sgf_management_def *m = &f->management;
    m->preset = SGF_PRESET_ORCHESTRATOR;
    m->weight[SGF_MODE_INFLUENCING] = 0.4;
    m->weight[SGF_MODE_MONITORING] = 0.2;
    m->weight[SGF_MODE_COORDINATING] = 0.25;
    m->weight[SGF_MODE_INTEGRATING] = 0.15;
    m->attention_hours_per_week = 120.0;
    m->ops_hours_per_partner = 0.25;
    m->ops_hours_per_market = 1.0;
    m->partner_programme = false;
    m->programme_cost_eur_per_week = 1500.0;
    m->contact_persons = 1.0;
    m->response = SGF_RESPONSE_WARN;
    m->lobbying_share = 0.3;
    m->talk_to_partners = 0.3;

    sgf_incentive_def *in = &f->incentives;
    in->margin_share = 0.2;
    in->bonus_share = 0.02;
    in->stick = 0.0;
    in->training_eur_per_week = 2000.0;
    in->give_first = true;
    in->offer_reference = 0.5;
    in->offer_market_access = 0.4;
    in->offer_bid_access = 0.3;
    in->offer_learning = 0.4;
    in->offer_social = 0.4;

    sgf_supply_def *s = &f->supply;
    s->policy = SGF_ORDER_BASE_STOCK;
    s->allocation = SGF_ALLOC_EQUAL;
    s->cover_weeks = 3.0;
    s->smoothing = 0.2;
    s->stock_adjust_weeks = 4.0;
    s->supply_line_weight = 0.5;
    s->initial_inventory_units = 200.0;
    s->inhouse_capacity_units_per_week = 0.0;
    s->inhouse_unit_cost_eur = 1300.0;
    s->echelons = 0;
    s->shipping_delay_weeks = 2; /* the Beer Game's two-week delays */
    s->chain_initial_units = 4.0;
    f->rnd_eur_per_week = 8000.0;
    f->search_budget_eur = 15000.0;

    d.epg = (sgf_epg_def){.enabled = false,
                          .members = 5,
                          .manager_hours_per_week = 40.0,
                          .focus = 0.5,
                          .compatibility = 0.5,
                          .duration_weeks = 156,
                          .equal_sharing = 0.5};

    d.environment = (sgf_environment_def){.tech_drift_per_year = 0.04,
                                          .tech_shift_size = 0.35,
                                          .labour_cost_drift_per_year = 0.03,
                                          .random_md_change_per_year = 0.0};

    d.params = (sgf_params){.motivation_rate = 0.08,
                            .motivation_decay = 0.02,
                            .money_fade = 0.5,
                            .trust_up_rate = 0.05,
                            .trust_down_rate = 0.25,
                            .trust_personal_rate = 0.01,
                            .trust_detect_cut = 0.4,
                            .commitment_rate = 0.01,
                            .commitment_incident_cut = 0.2,
                            .opportunism_base = 0.02,
                            .detection_base = 3.0,
                            .key_person_turnover_per_year = 0.12,
                            .key_person_loss = 0.8,
                            .exit_patience_weeks = 26.0,
                            .h_half_hours = 1.0,
                            .size_penalty = 1.0,
                            .conversion_base = 1.0,
                            .learning_rate_market = 0.01,
                            .learning_rate_capability = 0.0015,
                            .flexibility_decay_per_employee = 0.0005,
                            .absorptive_gain = 0.002,
                            .liability_decay = 0.01,
                            .newness_boost = 1.0,
                            .search_weeks_min = 26.0,
                            .search_weeks_max = 35.0,
                            .entry_cost_partner_eur = 20000.0,
                            .entry_cost_office_eur = 150000.0,
                            .entry_cost_jv_eur = 300000.0,
                            .office_cost_eur_per_week = 6000.0,
                            .innovation_rate = 0.05,
                            .amc_convexity = 3.0,
                            .relocation_threshold = 0.3,
                            .retrain_threshold = 0.5,
                            .warmup_weeks = 26.0,
                            .lead_time_noise = 0.25,
                            .leak_rate = 0.01,
                            .poach_share = 0.3};

    d.output = (sgf_output_def){.snapshot_every_weeks = 52, .timeseries = true, .network = true};
    d.check = false;
    return d;
}

/* ---- arrays -------------------------------------------------------------------- */

#define DEF_ADD(def, arr, count, type, init)                                                       \
    do {                                                                                           \
        type *grown = sgf_realloc((def)->arr, sizeof(type) * (size_t)((def)->count + 1));          \
        if (!grown) return NULL;                                                                   \
        (def)->arr = grown;                                                                        \
        grown[(def)->count] = init();                                                              \
        return &grown[(def)->count++];                                                             \
    } while (0)

sgf_market_def *sgf_world_def_add_market(sgf_world_def *def)
{
    DEF_ADD(def, markets, market_count, sgf_market_def, sgf_market_def_default);
}
sgf_partner_def *sgf_world_def_add_partner(sgf_world_def *def)
{
    DEF_ADD(def, partners, partner_count, sgf_partner_def, sgf_partner_def_default);
}
sgf_population_def *sgf_world_def_add_population(sgf_world_def *def)
{
    DEF_ADD(def, populations, population_count, sgf_population_def, sgf_population_def_default);
}
sgf_event_def *sgf_world_def_add_event(sgf_world_def *def)
{
    DEF_ADD(def, events, event_count, sgf_event_def, sgf_event_def_default);
}

static void *dup_array(const void *src, int count, size_t elem, bool *ok)
{
    if (count <= 0 || !src) return NULL;
    void *p = sgf_malloc(elem * (size_t)count);
    if (!p) {
        *ok = false;
        return NULL;
    }
    memcpy(p, src, elem * (size_t)count);
    return p;
}

sgf_status sgf_world_def_copy(sgf_world_def *dst, const sgf_world_def *src)
{
    bool ok = true;
    *dst = *src;
    dst->markets = dup_array(src->markets, src->market_count, sizeof *src->markets, &ok);
    dst->partners = dup_array(src->partners, src->partner_count, sizeof *src->partners, &ok);
    dst->populations =
        dup_array(src->populations, src->population_count, sizeof *src->populations, &ok);
    dst->events = dup_array(src->events, src->event_count, sizeof *src->events, &ok);
    if (!ok) {
        sgf_world_def_free(dst);
        return SGF_ERR_NOMEM;
    }
    return SGF_OK;
}

void sgf_world_def_free(sgf_world_def *def)
{
    if (!def) return;
    sgf_free(def->markets);
    sgf_free(def->partners);
    sgf_free(def->populations);
    sgf_free(def->events);
    def->markets = NULL;
    def->partners = NULL;
    def->populations = NULL;
    def->events = NULL;
    def->market_count = def->partner_count = def->population_count = def->event_count = 0;
}

int sgf_world_def_market_index(const sgf_world_def *def, const char *iso)
{
    for (int i = 0; i < def->market_count; i++)
        if (strcmp(def->markets[i].iso, iso) == 0) return i;
    return -1;
}

/* ---- what the definitions mean -------------------------------------------------- */

void sgf_mode_weights(sgf_mode_preset p, const double custom[SGF_MODE_COUNT],
                      double out[SGF_MODE_COUNT])
{
    /* Presets (MODEL.md 5): assumption, weights that make the named mode lead. */
    static const double presets[SGF_PRESET_COUNT][SGF_MODE_COUNT] = {
        [SGF_PRESET_ORCHESTRATOR] = {0.40, 0.20, 0.25, 0.15},
        [SGF_PRESET_CONTROLLER] = {0.15, 0.55, 0.20, 0.10},
        [SGF_PRESET_COORDINATOR] = {0.20, 0.15, 0.55, 0.10},
        [SGF_PRESET_INTEGRATOR] = {0.20, 0.10, 0.20, 0.50},
        [SGF_PRESET_LAISSEZ_FAIRE] = {0.25, 0.25, 0.25, 0.25},
        [SGF_PRESET_CUSTOM] = {0.25, 0.25, 0.25, 0.25},
    };
    const double *src = p == SGF_PRESET_CUSTOM ? custom : presets[p];
    double sum = 0;
    for (int k = 0; k < SGF_MODE_COUNT; k++) sum += src[k] > 0 ? src[k] : 0;
    for (int k = 0; k < SGF_MODE_COUNT; k++)
        out[k] = sum > 0 ? (src[k] > 0 ? src[k] / sum : 0) : 0.25;
}

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
