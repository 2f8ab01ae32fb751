/* scenario_schema.c: the tables of scenario settings (see scenario_schema.h).
 *
 * Each row: the setting's name (the sgf_def.h field name), its type, its
 * offset, its range, unit and meaning. Ranges are what the model can take:
 * capabilities, shares and relationship states in [0, 1] (MODEL.md 2), counts
 * non-negative, ticks in 1..100000. The meanings are one line each; the model
 * equations and their sources live in docs/ODD.md.
 */
#include "io/scenario_schema.h"

#include <math.h>
#include <string.h>

#define INF ((double)INFINITY)

/* Enums are stored in their own type; the loader writes them as int. */
_Static_assert(sizeof(sgf_role) == sizeof(int), "enum size");
_Static_assert(sizeof(sgf_governance) == sizeof(int), "enum size");
_Static_assert(sizeof(sgf_mode_preset) == sizeof(int), "enum size");
_Static_assert(sizeof(sgf_response) == sizeof(int), "enum size");
_Static_assert(sizeof(sgf_order_policy) == sizeof(int), "enum size");
_Static_assert(sizeof(sgf_allocation) == sizeof(int), "enum size");
_Static_assert(sizeof(sgf_value_capture) == sizeof(int), "enum size");
_Static_assert(sizeof(sgf_event_kind) == sizeof(int), "enum size");
_Static_assert(sizeof(sgf_target_kind) == sizeof(int), "enum size");

/* ---- row constructors --------------------------------------------------- */

#define MEMBER_SIZE(T, m) sizeof(((T *)0)->m)

#define F_DOUBLE(T, m, lo, hi, u, d)                                                               \
    {                                                                                              \
        .name = #m, .type = SGF_FT_DOUBLE, .offset = offsetof(T, m), .min = (lo), .max = (hi),     \
        .unit = (u), .doc = (d)                                                                    \
    }
/* A double stored at an explicit offset under another name (array slots). */
#define F_DOUBLE_AT(nm, off, lo, hi, u, d)                                                         \
    {                                                                                              \
        .name = nm, .type = SGF_FT_DOUBLE, .offset = (off), .min = (lo), .max = (hi), .unit = (u), \
        .doc = (d)                                                                                 \
    }
#define F_DOUBLE_REQ(T, m, lo, hi, u, d)                                                           \
    {                                                                                              \
        .name = #m, .type = SGF_FT_DOUBLE, .offset = offsetof(T, m), .min = (lo), .max = (hi),     \
        .unit = (u), .doc = (d), .flags = SGF_FF_REQUIRED                                          \
    }
#define F_INT(T, m, lo, hi, u, d)                                                                  \
    {                                                                                              \
        .name = #m, .type = SGF_FT_INT, .offset = offsetof(T, m), .min = (lo), .max = (hi),        \
        .unit = (u), .doc = (d)                                                                    \
    }
#define F_UINT64(T, m, d)                                                                          \
    {                                                                                              \
        .name = #m, .type = SGF_FT_UINT64, .offset = offsetof(T, m), .min = 0, .max = INF,         \
        .unit = "", .doc = (d)                                                                     \
    }
#define F_BOOL(T, m, d)                                                                            \
    {                                                                                              \
        .name = #m, .type = SGF_FT_BOOL, .offset = offsetof(T, m), .min = 0, .max = 1, .unit = "", \
        .doc = (d)                                                                                 \
    }
#define F_STRING(T, m, fl, d)                                                                      \
    {                                                                                              \
        .name = #m, .type = SGF_FT_STRING, .offset = offsetof(T, m), .size = MEMBER_SIZE(T, m),    \
        .unit = "", .doc = (d), .flags = (fl)                                                      \
    }
#define F_ENUM(T, m, e, fl, d)                                                                     \
    {                                                                                              \
        .name = #m, .type = SGF_FT_ENUM, .offset = offsetof(T, m), .enumeration = &(e),            \
        .unit = "", .doc = (d), .flags = (fl)                                                      \
    }
#define F_DIST(T, m, lo, hi, u, d)                                                                 \
    {                                                                                              \
        .name = #m, .type = SGF_FT_DIST, .offset = offsetof(T, m), .min = (lo), .max = (hi),       \
        .unit = (u), .doc = (d)                                                                    \
    }
#define F_GROUP(T, m, nm, sch, d)                                                                  \
    {                                                                                              \
        .name = nm, .type = SGF_FT_GROUP, .offset = offsetof(T, m), .group = &(sch), .unit = "",   \
        .doc = (d)                                                                                 \
    }
#define F_LIST(nm, ld, d)                                                                          \
    {                                                                                              \
        .name = nm, .type = SGF_FT_LIST, .list = &(ld), .unit = "", .doc = (d)                     \
    }

#define SCHEMA(var, p, d, rows)                                                                    \
    static const sgf_schema var = {p, d, rows, (int)(sizeof rows / sizeof rows[0])}

/* ---- enum names --------------------------------------------------------- */

static const char *role_name_(int v)
{
    return sgf_role_name((sgf_role)v);
}
static const char *governance_name_(int v)
{
    return sgf_governance_name((sgf_governance)v);
}
static const char *preset_name_(int v)
{
    return sgf_preset_name((sgf_mode_preset)v);
}
static const char *response_name_(int v)
{
    return sgf_response_name((sgf_response)v);
}
static const char *order_policy_name_(int v)
{
    return sgf_order_policy_name((sgf_order_policy)v);
}
static const char *allocation_name_(int v)
{
    return sgf_allocation_name((sgf_allocation)v);
}
static const char *value_capture_name_(int v)
{
    return sgf_value_capture_name((sgf_value_capture)v);
}
static const char *event_kind_name_(int v)
{
    return sgf_event_kind_name((sgf_event_kind)v);
}
static const char *target_kind_name_(int v)
{
    return sgf_target_kind_name((sgf_target_kind)v);
}

static const sgf_enum_desc role_enum = {"role", SGF_ROLE_COUNT, role_name_};
static const sgf_enum_desc governance_enum = {"governance", SGF_GOV_COUNT, governance_name_};
static const sgf_enum_desc preset_enum = {"preset", SGF_PRESET_COUNT, preset_name_};
static const sgf_enum_desc response_enum = {"response", SGF_RESPONSE_COUNT, response_name_};
static const sgf_enum_desc order_policy_enum = {"order policy", SGF_ORDER_POLICY_COUNT,
                                                order_policy_name_};
static const sgf_enum_desc allocation_enum = {"allocation", SGF_ALLOC_COUNT, allocation_name_};
static const sgf_enum_desc value_capture_enum = {"value capture", SGF_CAPTURE_COUNT,
                                                 value_capture_name_};
static const sgf_enum_desc event_kind_enum = {"event kind", SGF_EV_KIND_COUNT, event_kind_name_};
static const sgf_enum_desc target_kind_enum = {"target kind", SGF_TARGET_COUNT, target_kind_name_};

/* ---- firm ---------------------------------------------------------------- */

static const sgf_field capability_fields[] = {
    F_DOUBLE(sgf_capabilities, cultural_awareness, 0, 1, "",
             "cognitive: awareness of cultural differences (001:6640-6652)"),
    F_DOUBLE(sgf_capabilities, global_mindset, 0, 1, "",
             "cognitive: sees the world as one market (001:6640-6652)"),
    F_DOUBLE(sgf_capabilities, innovativeness, 0, 1, "",
             "cognitive: entrepreneurial orientation, innovativeness (001:6653-6660)"),
    F_DOUBLE(sgf_capabilities, risk_taking, 0, 1, "",
             "cognitive: entrepreneurial orientation, risk taking"),
    F_DOUBLE(sgf_capabilities, proactiveness, 0, 1, "",
             "cognitive: entrepreneurial orientation, proactiveness"),
    F_DOUBLE(sgf_capabilities, interface_competence, 0, 1, "",
             "managerial: managing and coordinating partner interfaces (001:6670-6692)"),
    F_DOUBLE(sgf_capabilities, analytical_capability, 0, 1, "",
             "managerial: analysing markets and partner performance"),
    F_DOUBLE(sgf_capabilities, absorptive_capacity, 0, 1, "",
             "organisational: learning from and with partners (001:6719-6729)"),
    F_DOUBLE(sgf_capabilities, flexibility, 0, 1, "",
             "organisational: ability to reconfigure; decays with growth (001:6709-6718)"),
};
SCHEMA(capability_schema, "firm.capabilities",
       "The focal firm's capabilities at three levels, each in [0, 1].", capability_fields);

static const sgf_field weight_fields[] = {
    F_DOUBLE_AT("influencing",
                offsetof(sgf_management_def, weight) + SGF_MODE_INFLUENCING * sizeof(double), 0, 1,
                "share", "weight of influencing: contact, relations, training, lobbying"),
    F_DOUBLE_AT("monitoring",
                offsetof(sgf_management_def, weight) + SGF_MODE_MONITORING * sizeof(double), 0, 1,
                "share", "weight of monitoring: programme, reporting, quality"),
    F_DOUBLE_AT("coordinating",
                offsetof(sgf_management_def, weight) + SGF_MODE_COORDINATING * sizeof(double), 0, 1,
                "share", "weight of coordinating: contact person, scheduling"),
    F_DOUBLE_AT("integrating",
                offsetof(sgf_management_def, weight) + SGF_MODE_INTEGRATING * sizeof(double), 0, 1,
                "share", "weight of integrating: combining partners' technologies"),
};
/* The weights live in sgf_management_def.weight[]: this group's offsets are
 * relative to the management struct, so its group row has offset 0. */
SCHEMA(weight_schema, "firm.management.weights",
       "Attention shares of the four management modes (001:3289-3362), used when "
       "preset = custom.",
       weight_fields);

static const sgf_field management_fields[] = {
    F_ENUM(sgf_management_def, preset, preset_enum, 0,
           "management mode preset; custom uses the weights below"),
    {.name = "weights",
     .type = SGF_FT_GROUP,
     .offset = 0,
     .group = &weight_schema,
     .unit = "",
     .doc = "mode weights for preset = custom"},
    F_DOUBLE(sgf_management_def, attention_hours_per_week, 0, 10000, "hours/week",
             "management time available for the value net"),
    F_DOUBLE(sgf_management_def, ops_hours_per_partner, 0, 168, "hours/week",
             "attention eaten by daily operations per partner (001:3496-3503)"),
    F_DOUBLE(sgf_management_def, ops_hours_per_market, 0, 168, "hours/week",
             "attention eaten by daily operations per served market"),
    F_BOOL(sgf_management_def, partner_programme,
           "a partner programme for downstream partners (001:3993-4024)"),
    F_DOUBLE(sgf_management_def, programme_cost_eur_per_week, 0, INF, "EUR/week",
             "running cost of the partner programme"),
    F_DOUBLE(sgf_management_def, contact_persons, 1, 100, "persons",
             "focal contact persons per strategic tie (001:4037-4072)"),
    F_ENUM(sgf_management_def, response, response_enum, 0, "response to detected opportunism"),
    F_DOUBLE(sgf_management_def, lobbying_share, 0, 1, "share",
             "share of influencing spent on lobbying large partners (001:3969-3978)"),
    F_DOUBLE(sgf_management_def, talk_to_partners, 0, 1, "",
             "market feedback sought from sales partners (001:3905-3915)"),
};
SCHEMA(management_schema, "firm.management",
       "How the firm manages its net: mode, attention, programme.", management_fields);

static const sgf_field incentive_fields[] = {
    F_DOUBLE(sgf_incentive_def, margin_share, 0, 1, "share of price",
             "partner's margin on the flow through it"),
    F_DOUBLE(sgf_incentive_def, bonus_share, 0, 1, "share of price",
             "carrot: extra margin on goal attainment (001:3980-3987)"),
    F_DOUBLE(sgf_incentive_def, stick, 0, 1, "",
             "threat of worse terms: effort now, less trust (001:3980-3987)"),
    F_DOUBLE(sgf_incentive_def, training_eur_per_week, 0, INF, "EUR/week",
             "training budget for all partners (001:3969-3975)"),
    F_BOOL(sgf_incentive_def, give_first,
           "work out the partner's value before asking (001:3900-3903)"),
    F_DOUBLE(sgf_incentive_def, offer_reference, 0, 1, "",
             "reference value the net offers partners (001:3869-3881)"),
    F_DOUBLE(sgf_incentive_def, offer_market_access, 0, 1, "",
             "access to international markets offered to partners"),
    F_DOUBLE(sgf_incentive_def, offer_bid_access, 0, 1, "",
             "access to public-sector bids offered to partners"),
    F_DOUBLE(sgf_incentive_def, offer_learning, 0, 1, "", "learning offered to partners"),
    F_DOUBLE(sgf_incentive_def, offer_social, 0, 1, "",
             "social reward offered to partners (001:4582-4616)"),
};
SCHEMA(incentive_schema, "firm.incentives",
       "What the firm offers partners, in money and otherwise.", incentive_fields);

static const sgf_field supply_fields[] = {
    F_ENUM(sgf_supply_def, policy, order_policy_enum, 0,
           "ordering rule: base stock or Sterman's anchoring and adjustment"),
    F_ENUM(sgf_supply_def, allocation, allocation_enum, 0,
           "order split across suppliers: equal or by trust (Kim 2009)"),
    F_DOUBLE(sgf_supply_def, cover_weeks, 0, 520, "weeks",
             "base stock: target cover of expected demand"),
    F_DOUBLE(sgf_supply_def, smoothing, 0, 1, "1/week", "theta: expected-demand smoothing"),
    F_DOUBLE(sgf_supply_def, stock_adjust_weeks, 1, 520, "weeks",
             "Sterman: stock adjustment time 1/alpha_S"),
    F_DOUBLE(sgf_supply_def, supply_line_weight, 0, 1, "",
             "Sterman: weight beta of the supply line"),
    F_DOUBLE(sgf_supply_def, initial_inventory_units, 0, INF, "units", "inventory at tick 0"),
    F_DOUBLE(sgf_supply_def, inhouse_capacity_units_per_week, 0, INF, "units/week",
             "own production capacity (integrated form)"),
    F_DOUBLE(sgf_supply_def, inhouse_unit_cost_eur, 0, INF, "EUR", "unit cost of own production"),
    F_INT(sgf_supply_def, echelons, 0, 8, "count",
          "serial chain above the firm (Beer Game docking); 0 or 1: none"),
    F_INT(sgf_supply_def, shipping_delay_weeks, 1, 26, "weeks",
          "serial chain: delay between echelons and production time"),
    F_DOUBLE(sgf_supply_def, chain_initial_units, 0, INF, "units",
             "serial chain: opening stock and weekly flow of each echelon"),
};
SCHEMA(supply_schema, "firm.supply", "Ordering and stock policy.", supply_fields);

static const sgf_field firm_fields[] = {
    F_STRING(sgf_firm_def, name, 0, "name of the focal firm"),
    F_STRING(sgf_firm_def, home_iso, 0, "ISO code of the home market; must be the home market"),
    F_INT(sgf_firm_def, founded_year, 1800, 2200, "year", "founding (or independence) year"),
    F_DOUBLE(sgf_firm_def, employees, 1, 100000, "persons", "head count"),
    F_DOUBLE(sgf_firm_def, cash_eur, -INF, INF, "EUR", "cash at tick 0"),
    F_DOUBLE(sgf_firm_def, credit_line_eur, 0, INF, "EUR",
             "the firm fails when cash falls below minus this"),
    F_DOUBLE(sgf_firm_def, fixed_cost_eur_per_employee_week, 0, INF, "EUR/(employee week)",
             "fully loaded fixed cost per employee"),
    F_DOUBLE(sgf_firm_def, price_eur, 0, INF, "EUR/unit", "selling price per unit"),
    F_DOUBLE(sgf_firm_def, unit_cost_eur, 0, INF, "EUR/unit",
             "purchase cost per unit from manufacturers"),
    F_DOUBLE(sgf_firm_def, technology_level, 0, 1, "",
             "product technology relative to the frontier at start"),
    F_DOUBLE(sgf_firm_def, technology_knowledge, 0, 1, "", "technology knowledge"),
    F_DOUBLE(sgf_firm_def, newness, 0, 1, "", "liability of newness (001:2381-2450)"),
    F_DOUBLE(sgf_firm_def, smallness, 0, 1, "", "liability of smallness (001:2381-2450)"),
    F_ENUM(sgf_firm_def, value_capture, value_capture_enum, 0,
           "business model: lock-in or efficiency (001:3523-3716)"),
    F_DOUBLE(sgf_firm_def, repeat_share, 0, 1, "share", "lock-in: share of sales that repeat"),
    F_ENUM(sgf_firm_def, governance, governance_enum, 0,
           "governance form of the net (001:6383-6393)"),
    F_GROUP(sgf_firm_def, capabilities, "capabilities", capability_schema,
            "cognitive, managerial and organisational capabilities"),
    F_GROUP(sgf_firm_def, management, "management", management_schema,
            "management mode and attention"),
    F_GROUP(sgf_firm_def, incentives, "incentives", incentive_schema, "incentive policy"),
    F_GROUP(sgf_firm_def, supply, "supply", supply_schema, "ordering and stock policy"),
    F_DOUBLE(sgf_firm_def, rnd_eur_per_week, 0, INF, "EUR/week", "own R&D spending"),
    F_DOUBLE(sgf_firm_def, search_budget_eur, 0, INF, "EUR", "cost of one partner search"),
};
SCHEMA(firm_schema, "firm", "The focal SME.", firm_fields);

/* ---- named list elements ------------------------------------------------- */

static const sgf_field market_fields[] = {
    {.name = "iso",
     .type = SGF_FT_STRING,
     .offset = offsetof(sgf_market_def, iso),
     .size = MEMBER_SIZE(sgf_market_def, iso),
     .unit = "",
     .doc = "key: ISO 3166 code; partners refer to markets by it",
     .flags = SGF_FF_KEY | SGF_FF_REQUIRED},
    F_STRING(sgf_market_def, name, SGF_FF_REQUIRED, "country name"),
    F_STRING(sgf_market_def, region, 0, "region, for grouping in outputs"),
    F_DOUBLE_REQ(sgf_market_def, lat, -90, 90, "degrees", "latitude, for the map"),
    F_DOUBLE_REQ(sgf_market_def, lon, -180, 180, "degrees", "longitude, for the map"),
    F_DOUBLE(sgf_market_def, demand_units_per_week, 0, INF, "units/week",
             "potential demand for the product category"),
    F_DOUBLE(sgf_market_def, demand_growth_per_year, -1, 10, "1/year", "demand trend"),
    F_DOUBLE(sgf_market_def, demand_volatility, 0, 10, "share",
             "weekly standard deviation as a share of the level"),
    F_DOUBLE(sgf_market_def, seasonality, 0, 1, "share", "amplitude of the yearly cycle"),
    F_DOUBLE(sgf_market_def, public_sector_share, 0, 1, "share",
             "public-sector customers: slow adopters (001:6627-6629)"),
    F_DOUBLE(sgf_market_def, tender_cycle_weeks, 0, 1040, "weeks",
             "period of public bids; 0 for none"),
    F_DOUBLE(sgf_market_def, cultural_distance, 0, 1, "", "distance from the home country"),
    F_DOUBLE(sgf_market_def, labour_cost_index, 0, 100, "home = 1", "labour cost"),
    F_DOUBLE(sgf_market_def, competition, 0, 1, "", "competition intensity"),
    F_DOUBLE(sgf_market_def, tariff, 0, 10, "share", "share added to landed cost"),
    F_BOOL(sgf_market_def, home, "the home market; exactly one market is home"),
    F_BOOL(sgf_market_def, served_at_start, "the firm sells there at tick 0"),
    F_INT(sgf_market_def, open_tick, 0, 100000, "tick", "market closed before this tick"),
    F_DOUBLE(sgf_market_def, initial_knowledge, 0, 1, "", "the firm's market knowledge at tick 0"),
};
SCHEMA(market_schema, "markets",
       "Countries the firm may serve or source from; key `iso`; "
       "a new market needs iso, name, lat and lon.",
       market_fields);

static const sgf_field preference_fields[] = {
    F_DOUBLE_AT("monetary", offsetof(sgf_partner_def, pref) + 0 * sizeof(double), 0, 1, "",
                "weight on money (margin, bonus)"),
    F_DOUBLE_AT("reference", offsetof(sgf_partner_def, pref) + 1 * sizeof(double), 0, 1, "",
                "weight on reference value"),
    F_DOUBLE_AT("access", offsetof(sgf_partner_def, pref) + 2 * sizeof(double), 0, 1, "",
                "weight on access to markets and bids"),
    F_DOUBLE_AT("learning", offsetof(sgf_partner_def, pref) + 3 * sizeof(double), 0, 1, "",
                "weight on learning"),
    F_DOUBLE_AT("social", offsetof(sgf_partner_def, pref) + 4 * sizeof(double), 0, 1, "",
                "weight on social reward"),
};
SCHEMA(preference_schema, "partners.preferences",
       "A partner's value preferences (001:3869-3881, 001:4582-4616).", preference_fields);

static const sgf_field partner_fields[] = {
    {.name = "name",
     .type = SGF_FT_STRING,
     .offset = offsetof(sgf_partner_def, name),
     .size = MEMBER_SIZE(sgf_partner_def, name),
     .unit = "",
     .doc = "key: the partner's name",
     .flags = SGF_FF_KEY | SGF_FF_REQUIRED},
    F_ENUM(sgf_partner_def, role, role_enum, 0, "what the partner does"),
    F_STRING(sgf_partner_def, market_iso, SGF_FF_REQUIRED,
             "where it is: ISO code of a defined market"),
    F_DOUBLE(sgf_partner_def, size_ratio, 0, 1e6, "", "partner size / focal firm size"),
    F_DOUBLE(sgf_partner_def, capacity_units_per_week, 0, INF, "units/week", "capacity"),
    F_DOUBLE(sgf_partner_def, unit_cost_eur, 0, INF, "EUR/unit", "unit cost it charges"),
    F_DOUBLE(sgf_partner_def, lead_time_weeks, 0, 63, "weeks",
             "lead time (the pipeline holds 63 weeks; noise beyond is cut there)"),
    F_DOUBLE(sgf_partner_def, defect_rate, 0, 1, "share", "share of defective output"),
    F_DOUBLE(sgf_partner_def, competence_fit, 0, 1, "", "fit to the current technology generation"),
    F_DOUBLE(sgf_partner_def, trust, 0, 1, "", "trust at start"),
    F_DOUBLE(sgf_partner_def, commitment, 0, 1, "", "commitment at start"),
    F_DOUBLE(sgf_partner_def, motivation, 0, 1, "", "motivation at start"),
    F_DOUBLE(sgf_partner_def, alignment, 0, 1, "",
             "compatibility of business rationale (001:4955-4958)"),
    F_DOUBLE(sgf_partner_def, product_knowledge, 0, 1, "",
             "knowledge of the focal offering (001:3942-3972)"),
    F_DOUBLE(sgf_partner_def, awareness, 0, 1, "", "awareness of the focal offering"),
    F_DOUBLE(sgf_partner_def, contact_persons, 1, 100, "persons",
             "contact persons on each side (001:4037-4072)"),
    F_BOOL(sgf_partner_def, contract, "a written contract (001:3799-3807)"),
    F_INT(sgf_partner_def, replaceability, 1, 3, "tier",
          "1 easy .. 3 hard to replace (001:3758-3763)"),
    F_DOUBLE(sgf_partner_def, focal_share, 0, 1, "share",
             "focal firm's share of the partner's business (001:4024-4035)"),
    F_DOUBLE(sgf_partner_def, opportunism, 0, 1, "", "opportunism propensity (001:95-97)"),
    F_DOUBLE(sgf_partner_def, loyalty, 0, 1, "", "loyalty"),
    F_DOUBLE(sgf_partner_def, outside_option, 0, INF, "EUR/week",
             "value of the partner's best alternative"),
    {.name = "preferences",
     .type = SGF_FT_GROUP,
     .offset = 0,
     .group = &preference_schema,
     .unit = "",
     .doc = "value preferences"},
    F_INT(sgf_partner_def, start_tick, 0, 100000, "tick", "joins the net at this tick"),
};
SCHEMA(partner_schema, "partners",
       "Partners listed one by one; key `name`; a new partner needs "
       "name and market_iso.",
       partner_fields);

static const sgf_field population_fields[] = {
    {.name = "name",
     .type = SGF_FT_STRING,
     .offset = offsetof(sgf_population_def, name),
     .size = MEMBER_SIZE(sgf_population_def, name),
     .unit = "",
     .doc = "key: the population's name",
     .flags = SGF_FF_KEY | SGF_FF_REQUIRED},
    F_ENUM(sgf_population_def, role, role_enum, 0, "role of every member"),
    F_INT(sgf_population_def, count, 0, 9999999, "partners", "number of partners drawn"),
    {.name = "markets",
     .type = SGF_FT_STRLIST,
     .offset = offsetof(sgf_population_def, markets),
     .size = SGF_ISO_MAX,
     .count_offset = offsetof(sgf_population_def, market_count),
     .max_count = SGF_POP_MARKETS_MAX,
     .unit = "",
     .doc = "ISO codes members are spread over; empty: all foreign markets"},
    F_DOUBLE(sgf_population_def, share_small, 0, 1, "share", "share of small partners"),
    F_DOUBLE(sgf_population_def, share_large, 0, 1, "share",
             "share of large partners; the rest are peers"),
    F_DIST(sgf_population_def, trust, 0, 1, "", "trust at start"),
    F_DIST(sgf_population_def, commitment, 0, 1, "", "commitment at start"),
    F_DIST(sgf_population_def, motivation, 0, 1, "", "motivation at start"),
    F_DIST(sgf_population_def, alignment, 0, 1, "", "alignment"),
    F_DIST(sgf_population_def, product_knowledge, 0, 1, "", "product knowledge"),
    F_DIST(sgf_population_def, awareness, 0, 1, "", "awareness"),
    F_DIST(sgf_population_def, opportunism, 0, 1, "", "opportunism propensity"),
    F_DIST(sgf_population_def, loyalty, 0, 1, "", "loyalty"),
    F_DIST(sgf_population_def, capacity_units_per_week, 0, INF, "units/week", "capacity"),
    F_DIST(sgf_population_def, unit_cost_eur, 0, INF, "EUR/unit", "unit cost"),
    F_DIST(sgf_population_def, lead_time_weeks, 0, 63, "weeks",
           "lead time (the pipeline holds 63 weeks; noise beyond is cut there)"),
    F_DIST(sgf_population_def, defect_rate, 0, 1, "share", "defect rate"),
    F_DIST(sgf_population_def, competence_fit, 0, 1, "", "competence fit"),
    F_DIST(sgf_population_def, focal_share, 0, 1, "share",
           "focal firm's share of the partner's business"),
    F_DIST(sgf_population_def, contact_persons, 1, 100, "persons", "contact persons"),
    F_DIST(sgf_population_def, outside_option, 0, INF, "EUR/week", "outside option"),
    F_BOOL(sgf_population_def, contract, "members have written contracts"),
    F_INT(sgf_population_def, replaceability, 1, 3, "tier", "1 easy .. 3 hard to replace"),
};
SCHEMA(population_schema, "populations",
       "Generated groups of partners, e.g. ~200 channel partners; key `name`. "
       "Distributions are drawn per member; draws outside a setting's range are clamped.",
       population_fields);

static const sgf_field event_fields[] = {
    {.name = "name",
     .type = SGF_FT_STRING,
     .offset = offsetof(sgf_event_def, name),
     .size = MEMBER_SIZE(sgf_event_def, name),
     .unit = "",
     .doc = "key: the event's name",
     .flags = SGF_FF_KEY | SGF_FF_REQUIRED},
    F_ENUM(sgf_event_def, kind, event_kind_enum, SGF_FF_REQUIRED, "what happens"),
    F_INT(sgf_event_def, at_tick, -1, 100000, "tick",
          "when it happens; -1: at random with probability_per_week"),
    F_DOUBLE(sgf_event_def, probability_per_week, 0, 1, "1/week",
             "chance per week for random events"),
    F_INT(sgf_event_def, window_start, 0, 100000, "tick", "first tick for random events"),
    F_INT(sgf_event_def, window_end, -1, 100000, "tick",
          "last tick for random events; -1: end of run"),
    F_ENUM(sgf_event_def, target, target_kind_enum, 0, "what kind of thing it hits"),
    F_STRING(sgf_event_def, target_name, 0, "partner name, role name or ISO code, by target kind"),
    F_DOUBLE(sgf_event_def, magnitude, -INF, INF, "",
             "size of the effect; what it means depends on the kind (docs/scenarios.md, Events and "
             "their magnitude)"),
    F_INT(sgf_event_def, duration_weeks, 0, 100000, "weeks",
          "> 0: a recovery event restores the state after this long"),
    F_GROUP(sgf_event_def, new_profile, "new_profile", capability_schema,
            "md_change: the new managing director's capabilities"),
    F_DOUBLE(sgf_event_def, new_value, -INF, INF, "",
             "incentive_change / mode_change: the new value"),
    F_STRING(sgf_event_def, setting, 0,
             "incentive_change / mode_change: the setting, relative to firm.incentives "
             "or firm.management"),
};
SCHEMA(event_schema, "events",
       "Scheduled and random events; key `name`; a new event needs name "
       "and kind.",
       event_fields);

/* ---- the other groups ---------------------------------------------------- */

static const sgf_field epg_fields[] = {
    F_BOOL(sgf_epg_def, enabled, "the firm is in an export partner group"),
    F_INT(sgf_epg_def, members, 2, 20, "firms", "member SMEs incl. the focal firm (003: 4-6)"),
    F_DOUBLE(sgf_epg_def, manager_hours_per_week, 0, 168, "hours/week",
             "the jointly hired export manager's time"),
    F_DOUBLE(sgf_epg_def, focus, 0, 1, "", "0 market, 0.5 customer, 1 system focus (003:92-107)"),
    F_DOUBLE(sgf_epg_def, compatibility, 0, 1, "", "mean pairwise compatibility"),
    F_INT(sgf_epg_def, duration_weeks, 1, 100000, "weeks", "project duration (003:68: 1-3 years)"),
    F_STRING(sgf_epg_def, target_iso, 0, "target market of the group"),
    F_DOUBLE(sgf_epg_def, equal_sharing, 0, 1, "", "benefit sharing: 1 equal, 0 by effort"),
};
SCHEMA(epg_schema, "epg", "Export partner group (003).", epg_fields);

static const sgf_field environment_fields[] = {
    F_DOUBLE(sgf_environment_def, tech_drift_per_year, 0, 1, "1/year",
             "steady drift of the technology frontier"),
    F_DOUBLE(sgf_environment_def, tech_shift_size, 0, 1, "",
             "jump of the frontier at a technology shift"),
    F_DOUBLE(sgf_environment_def, labour_cost_drift_per_year, -1, 1, "1/year",
             "labour-cost drift in manufacturing countries"),
    F_DOUBLE(sgf_environment_def, random_md_change_per_year, 0, 1, "1/year",
             "chance of a change of managing director"),
};
SCHEMA(environment_schema, "environment", "Technology and cost environment.", environment_fields);

static const sgf_field param_fields[] = {
    F_DOUBLE(sgf_params, motivation_rate, 0, 1, "1/week", "motivation moves toward satisfaction"),
    F_DOUBLE(sgf_params, motivation_decay, 0, 1, "1/week",
             "motivation decay without reminders (001:4611-4615)"),
    F_DOUBLE(sgf_params, money_fade, 0, 1, "share",
             "weight money loses as a tie ages (001:3885-3887)"),
    F_DOUBLE(sgf_params, trust_up_rate, 0, 1, "1/week", "trust gain on good experience (Kim 2009)"),
    F_DOUBLE(sgf_params, trust_down_rate, 0, 1, "1/week", "trust loss on bad experience"),
    F_DOUBLE(sgf_params, trust_personal_rate, 0, 1, "1/week", "trust from personal relations"),
    F_DOUBLE(sgf_params, trust_detect_cut, 0, 1, "share", "trust lost on a detected act"),
    F_DOUBLE(sgf_params, commitment_rate, 0, 1, "1/week", "commitment growth (001:2755-2756)"),
    F_DOUBLE(sgf_params, commitment_incident_cut, 0, 1, "share",
             "commitment lost after an incident"),
    F_DOUBLE(sgf_params, opportunism_base, 0, 1, "1/week",
             "chance of an opportunistic act at full propensity"),
    F_DOUBLE(sgf_params, detection_base, 0, 100, "",
             "detection rate: 1 - exp(-rate * monitoring * analytics) per act"),
    F_DOUBLE(sgf_params, key_person_turnover_per_year, 0, 10, "1/year",
             "turnover hazard of a contact person"),
    F_DOUBLE(sgf_params, key_person_loss, 0, 1, "share",
             "share of tie state lost with one of n contacts (001:4037-4045)"),
    F_DOUBLE(sgf_params, exit_patience_weeks, 0, 1040, "weeks",
             "weeks below the outside option before a partner exits"),
    F_DOUBLE(sgf_params, h_half_hours, 1e-6, 10000, "hours",
             "attention hours for half the effect on a partner"),
    F_DOUBLE(sgf_params, size_penalty, 0, 100, "", "h_half grows with partner size ratio"),
    F_DOUBLE(sgf_params, conversion_base, 0, INF, "", "orders per unit of effective effort"),
    F_DOUBLE(sgf_params, learning_rate_market, 0, 1, "1/week", "market knowledge learning"),
    F_DOUBLE(sgf_params, learning_rate_capability, 0, 1, "1/week",
             "experiential capability learning"),
    F_DOUBLE(sgf_params, flexibility_decay_per_employee, 0, 1, "1/(employee year)",
             "flexibility decays as the firm grows"),
    F_DOUBLE(sgf_params, absorptive_gain, 0, 1, "1/week",
             "absorptive capacity gain from partner interaction (001:6719-6729)"),
    F_DOUBLE(sgf_params, liability_decay, 0, 1, "1/week",
             "liabilities fall with knowledge and network position"),
    F_DOUBLE(sgf_params, newness_boost, 0, 100, "",
             "learning multiplier while new (001:2435-2443)"),
    F_DOUBLE(sgf_params, search_weeks_min, 0, 1040, "weeks",
             "shortest partner search (000:126: 6-8 months)"),
    F_DOUBLE(sgf_params, search_weeks_max, 0, 1040, "weeks", "longest partner search"),
    F_DOUBLE(sgf_params, entry_cost_partner_eur, 0, INF, "EUR",
             "market entry through a sales partner"),
    F_DOUBLE(sgf_params, entry_cost_office_eur, 0, INF, "EUR",
             "market entry through an owned office"),
    F_DOUBLE(sgf_params, entry_cost_jv_eur, 0, INF, "EUR",
             "market entry through a joint venture (002:486-498)"),
    F_DOUBLE(sgf_params, office_cost_eur_per_week, 0, INF, "EUR/week",
             "running cost of an owned office"),
    /* bounded: the weekly Poisson draw of innovations needs a mean below 10^9 */
    F_DOUBLE(sgf_params, innovation_rate, 0, 10, "", "innovation output per effort (004)"),
    F_DOUBLE(sgf_params, amc_convexity, 0, INF, "",
             "convexity of alliance management capability (004:100)"),
    F_DOUBLE(sgf_params, relocation_threshold, 0, 1, "share",
             "cost advantage lost before production moves (001:6687)"),
    F_DOUBLE(sgf_params, retrain_threshold, 0, 1, "", "competence fit below which the firm acts"),
    F_DOUBLE(sgf_params, warmup_weeks, 0, 100000, "weeks",
             "left out of the bullwhip and inventory variability statistics"),
    F_DOUBLE(sgf_params, lead_time_noise, 0, 2, "share",
             "sd of a shipment's lead time before coordination and logistics steady it"),
    F_DOUBLE(sgf_params, leak_rate, 0, 1, "1/week", "knowledge leakage to partners"),
    F_DOUBLE(sgf_params, poach_share, 0, 1, "share", "customers taken by a poaching act"),
};
SCHEMA(param_schema, "params",
       "Behavioural coefficients; their equations and sources are in docs/ODD.md.", param_fields);

static const sgf_field output_fields[] = {
    F_INT(sgf_output_def, snapshot_every_weeks, 0, 100000, "weeks",
          "network snapshot period; 0: only week 0 and the end"),
    F_BOOL(sgf_output_def, timeseries, "write the per-tick time series"),
    F_BOOL(sgf_output_def, network, "write network snapshots"),
};
SCHEMA(output_schema, "output", "What a run writes.", output_fields);

/* ---- the named lists ------------------------------------------------------ */

static int markets_count(const sgf_world_def *d)
{
    return d->market_count;
}
static void *markets_at(sgf_world_def *d, int i)
{
    return &d->markets[i];
}
static const void *markets_at_const(const sgf_world_def *d, int i)
{
    return &d->markets[i];
}
static void *markets_add(sgf_world_def *d)
{
    return sgf_world_def_add_market(d);
}
static void market_default(void *out)
{
    *(sgf_market_def *)out = sgf_market_def_default();
}

static int partners_count(const sgf_world_def *d)
{
    return d->partner_count;
}
static void *partners_at(sgf_world_def *d, int i)
{
    return &d->partners[i];
}
static const void *partners_at_const(const sgf_world_def *d, int i)
{
    return &d->partners[i];
}
static void *partners_add(sgf_world_def *d)
{
    return sgf_world_def_add_partner(d);
}
static void partner_default(void *out)
{
    *(sgf_partner_def *)out = sgf_partner_def_default();
}

static int populations_count(const sgf_world_def *d)
{
    return d->population_count;
}
static void *populations_at(sgf_world_def *d, int i)
{
    return &d->populations[i];
}
static const void *populations_at_const(const sgf_world_def *d, int i)
{
    return &d->populations[i];
}
static void *populations_add(sgf_world_def *d)
{
    return sgf_world_def_add_population(d);
}
static void population_default(void *out)
{
    *(sgf_population_def *)out = sgf_population_def_default();
}

static int events_count(const sgf_world_def *d)
{
    return d->event_count;
}
static void *events_at(sgf_world_def *d, int i)
{
    return &d->events[i];
}
static const void *events_at_const(const sgf_world_def *d, int i)
{
    return &d->events[i];
}
static void *events_add(sgf_world_def *d)
{
    return sgf_world_def_add_event(d);
}
static void event_default(void *out)
{
    *(sgf_event_def *)out = sgf_event_def_default();
}

static const sgf_list_desc market_list = {"iso",         "market",       &market_schema,
                                          markets_count, markets_at,     markets_at_const,
                                          markets_add,   market_default, sizeof(sgf_market_def)};
static const sgf_list_desc partner_list = {
    "name",         "partner",       &partner_schema,
    partners_count, partners_at,     partners_at_const,
    partners_add,   partner_default, sizeof(sgf_partner_def)};
static const sgf_list_desc population_list = {"name",
                                              "population",
                                              &population_schema,
                                              populations_count,
                                              populations_at,
                                              populations_at_const,
                                              populations_add,
                                              population_default,
                                              sizeof(sgf_population_def)};
static const sgf_list_desc event_list = {"name",       "event",       &event_schema,
                                         events_count, events_at,     events_at_const,
                                         events_add,   event_default, sizeof(sgf_event_def)};

/* ---- the top level -------------------------------------------------------- */

static const sgf_field root_fields[] = {
    F_STRING(sgf_world_def, name, 0, "scenario name"),
    F_STRING(sgf_world_def, description, 0, "one line on what the scenario is for"),
    F_UINT64(sgf_world_def, seed, "master seed; above 2^31-1 write it with an L suffix or quoted"),
    F_UINT64(sgf_world_def, run_index, "run number; random streams derive from (seed, run)"),
    F_INT(sgf_world_def, ticks, 1, 100000, "weeks", "length of the run"),
    F_INT(sgf_world_def, start_year, 1800, 2200, "year", "calendar year of tick 0"),
    F_GROUP(sgf_world_def, firm, "firm", firm_schema, "the focal SME"),
    F_LIST("markets", market_list, "countries, by iso"),
    F_LIST("partners", partner_list, "listed partners, by name"),
    F_LIST("populations", population_list, "generated partner populations, by name"),
    F_LIST("events", event_list, "events, by name"),
    F_GROUP(sgf_world_def, epg, "epg", epg_schema, "export partner group"),
    F_GROUP(sgf_world_def, environment, "environment", environment_schema, "environment"),
    F_GROUP(sgf_world_def, params, "params", param_schema, "behavioural coefficients"),
    F_GROUP(sgf_world_def, output, "output", output_schema, "outputs"),
    F_BOOL(sgf_world_def, check, "assert model invariants every tick"),
};
SCHEMA(root_schema, "", "Top-level settings.", root_fields);

const sgf_schema *sgf_schema_root(void)
{
    return &root_schema;
}

const sgf_field *sgf_schema_find(const sgf_schema *schema, const char *name)
{
    for (int i = 0; i < schema->field_count; i++)
        if (strcmp(schema->fields[i].name, name) == 0) return &schema->fields[i];
    return NULL;
}

int sgf_field_get_enum(const sgf_field *f, const void *base)
{
    int v;
    memcpy(&v, (const char *)base + f->offset, sizeof v);
    return v;
}

void sgf_field_set_enum(const sgf_field *f, void *base, int value)
{
    memcpy((char *)base + f->offset, &value, sizeof value);
}

int sgf_enum_from_name(const sgf_enum_desc *e, const char *name)
{
    for (int i = 0; i < e->count; i++) {
        const char *n = e->name(i);
        if (n && strcmp(n, name) == 0) return i;
    }
    return -1;
}
