/* sgf_def.h: the definition of a world, everything a scenario can set.
 *
 * A scenario file is decoded into an sgf_world_def (sgf_scenario.h); the core
 * builds a world from it (sgf_world.h). Every field has a default in
 * sgf_world_def_default(), a documented range and unit in the scenario schema
 * (sim/io/scenario_schema.c), and, where it models something, a source in
 * docs/ODD.md. The sweep engine copies a base definition and changes fields.
 *
 * Ownership: the arrays (markets, partners, populations, events) belong to the
 * def; sgf_world_def_free releases them, sgf_world_def_copy deep-copies.
 */
#ifndef SGF_DEF_H
#define SGF_DEF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sgf_rng.h"
#include "sgf_status.h"

#define SGF_VERSION "0.1.0" /* the program and its output format */

#define SGF_NAME_MAX 48
#define SGF_ISO_MAX 8
#define SGF_MAX_MARKETS 256
#define SGF_POP_MARKETS_MAX 128

/* ---- enumerations (names in sgf_def_names.c, used by files and outputs) -- */

/* Partner roles, MODEL.md 3.3 (001:3742-3828, 001:6615-6623, 000:104-154),
 * plus the two kinds of owned unit (002:496-526). */
typedef enum sgf_role {
    SGF_ROLE_RND_PARTNER,
    SGF_ROLE_SOFTWARE_SUPPLIER,
    SGF_ROLE_HARDWARE_MANUFACTURER,
    SGF_ROLE_COMPONENT_SUPPLIER,
    SGF_ROLE_LOGISTICS_PROVIDER,
    SGF_ROLE_SALES_PARTNER,
    SGF_ROLE_DISTRIBUTOR,
    SGF_ROLE_STRATEGIC_PARTNER,
    SGF_ROLE_MARKETING_PARTNER,
    SGF_ROLE_UNIVERSITY,
    SGF_ROLE_RESEARCH_INSTITUTE,
    SGF_ROLE_CONSULTANT,
    SGF_ROLE_COMPETITOR,
    SGF_ROLE_SALES_OFFICE,  /* owned: 100 % */
    SGF_ROLE_JOINT_VENTURE, /* owned: 50 % with a local partner */
    SGF_ROLE_COUNT
} sgf_role;

/* The eight alliance partner types of 004:84, for D = (k/8)^2. */
typedef enum sgf_partner_type {
    SGF_PTYPE_BUYER,
    SGF_PTYPE_SUPPLIER,
    SGF_PTYPE_COMPETITOR,
    SGF_PTYPE_CONSULTANT,
    SGF_PTYPE_RESEARCH_INSTITUTE,
    SGF_PTYPE_UNIVERSITY,
    SGF_PTYPE_OWN_GROUP,
    SGF_PTYPE_OTHER,
    SGF_PTYPE_COUNT
} sgf_partner_type;

typedef enum sgf_governance {
    SGF_GOV_SMALL_GLOBAL_FACTORY, /* partners do most activities */
    SGF_GOV_INTEGRATED,           /* in-house */
    SGF_GOV_MICROMULTINATIONAL,   /* owned foreign units */
    SGF_GOV_COUNT
} sgf_governance;

typedef enum sgf_mode_preset {
    SGF_PRESET_ORCHESTRATOR,
    SGF_PRESET_CONTROLLER,
    SGF_PRESET_COORDINATOR,
    SGF_PRESET_INTEGRATOR,
    SGF_PRESET_LAISSEZ_FAIRE,
    SGF_PRESET_CUSTOM,
    SGF_PRESET_COUNT
} sgf_mode_preset;

typedef enum sgf_mode {
    SGF_MODE_INFLUENCING,
    SGF_MODE_MONITORING,
    SGF_MODE_COORDINATING,
    SGF_MODE_INTEGRATING,
    SGF_MODE_COUNT
} sgf_mode;

typedef enum sgf_response {
    SGF_RESPONSE_WARN,
    SGF_RESPONSE_SANCTION,
    SGF_RESPONSE_REPLACE,
    SGF_RESPONSE_COUNT
} sgf_response;

typedef enum sgf_order_policy {
    SGF_ORDER_BASE_STOCK,
    SGF_ORDER_STERMAN, /* anchoring and adjustment, Sterman 1989 */
    SGF_ORDER_POLICY_COUNT
} sgf_order_policy;

typedef enum sgf_allocation {
    SGF_ALLOC_EQUAL,
    SGF_ALLOC_TRUST, /* proportional to trust, Kim 2009 */
    SGF_ALLOC_COUNT
} sgf_allocation;

typedef enum sgf_value_capture {
    SGF_CAPTURE_LOCK_IN,    /* repeat sales, price (001:2815-2899) */
    SGF_CAPTURE_EFFICIENCY, /* lower cost */
    SGF_CAPTURE_COUNT
} sgf_value_capture;

/* Event kinds, MODEL.md 7. */
typedef enum sgf_event_kind {
    SGF_EV_PARTNER_EXIT,
    SGF_EV_KEY_PERSON_CHANGE,
    SGF_EV_MD_CHANGE,
    SGF_EV_DEMAND_SHOCK,
    SGF_EV_LABOUR_COST_CHANGE,
    SGF_EV_TARIFF_CHANGE,
    SGF_EV_CAPACITY_LOSS,
    SGF_EV_TECHNOLOGY_SHIFT,
    SGF_EV_MARKET_OPENING,
    SGF_EV_INCENTIVE_CHANGE, /* policy change (live what-ifs, scenarios) */
    SGF_EV_MODE_CHANGE,
    SGF_EV_KIND_COUNT
} sgf_event_kind;

typedef enum sgf_target_kind {
    SGF_TARGET_FIRM,
    SGF_TARGET_PARTNER, /* by name */
    SGF_TARGET_ROLE,    /* every partner of a role, or one at random */
    SGF_TARGET_MARKET,  /* by ISO code */
    SGF_TARGET_COUNT
} sgf_target_kind;

typedef enum sgf_dist_kind {
    SGF_DIST_CONST,      /* a */
    SGF_DIST_UNIFORM,    /* [a, b) */
    SGF_DIST_NORMAL,     /* mean a, sd b */
    SGF_DIST_LOGNORMAL,  /* mu a, sigma b of the log */
    SGF_DIST_BETA,       /* shape a, b */
    SGF_DIST_TRIANGULAR, /* min a, max b, mode c */
    SGF_DIST_COUNT
} sgf_dist_kind;

/* A distribution for population draws; written "beta(4,2)" or a number. */
typedef struct sgf_dist {
    sgf_dist_kind kind;
    double a, b, c;
} sgf_dist;

/* ---- the parts of a definition ------------------------------------------ */

/* A country the firm may serve or source from (MODEL.md 3.1). */
typedef struct sgf_market_def {
    char iso[SGF_ISO_MAX]; /* key: partners refer to markets by this code */
    char name[SGF_NAME_MAX];
    char region[SGF_NAME_MAX];
    double lat, lon;               /* degrees */
    double demand_units_per_week;  /* potential demand for the category */
    double demand_growth_per_year; /* fraction */
    double demand_volatility;      /* weekly sd as share of level */
    double seasonality;            /* amplitude of the yearly cycle */
    double public_sector_share;    /* slow adopters, 001:6627-6629 */
    double tender_cycle_weeks;     /* public bids come in cycles */
    double cultural_distance;      /* [0,1] from the home country */
    double labour_cost_index;      /* home = 1 */
    double competition;            /* [0,1] intensity */
    double tariff;                 /* share added to landed cost */
    bool home;                     /* exactly one market is home */
    bool served_at_start;          /* firm sells there at tick 0 */
    int open_tick;                 /* market closed before this tick */
    double initial_knowledge;      /* firm's market knowledge [0,1] */
} sgf_market_def;

/* Capabilities at three levels (001:6422-6526, 001:3186-3247). */
typedef struct sgf_capabilities {
    /* cognitive */
    double cultural_awareness;
    double global_mindset;
    double innovativeness; /* entrepreneurial orientation, three parts */
    double risk_taking;
    double proactiveness;
    /* managerial */
    double interface_competence;
    double analytical_capability;
    /* organisational */
    double absorptive_capacity;
    double flexibility;
} sgf_capabilities;

typedef struct sgf_management_def {
    sgf_mode_preset preset;
    double weight[SGF_MODE_COUNT];   /* used when preset = custom */
    double attention_hours_per_week; /* management time for the net */
    double ops_hours_per_partner;    /* daily operations eat attention, 001:3496-3503 */
    double ops_hours_per_market;
    bool partner_programme; /* 001:4014-4024 */
    double programme_cost_eur_per_week;
    double contact_persons;  /* focal contacts per strategic tie, 001:4037-4072 */
    sgf_response response;   /* to detected opportunism */
    double lobbying_share;   /* share of influencing spent on lobbying */
    double talk_to_partners; /* [0,1] market feedback from partners, 001:3905-3915 */
} sgf_management_def;

typedef struct sgf_incentive_def {
    double margin_share;          /* partner's share of the price on flow */
    double bonus_share;           /* carrot: extra share on goal attainment */
    double stick;                 /* [0,1] threat of worse terms */
    double training_eur_per_week; /* training budget, all partners */
    bool give_first;              /* 001:3900-3903 */
    /* What the net offers partners besides money (001:3869-3881, 4582-4616),
     * each in [0,1]: the firm's reputation as a reference, access to markets,
     * access to public-sector bids, learning, social reward. */
    double offer_reference;
    double offer_market_access;
    double offer_bid_access;
    double offer_learning;
    double offer_social;
} sgf_incentive_def;

typedef struct sgf_supply_def {
    sgf_order_policy policy;
    sgf_allocation allocation;
    double cover_weeks;        /* base stock: target cover of expected demand */
    double smoothing;          /* theta: expected-demand smoothing per week */
    double stock_adjust_weeks; /* Sterman: 1/alpha_S */
    double supply_line_weight; /* Sterman: beta */
    double initial_inventory_units;
    double inhouse_capacity_units_per_week; /* integrated form */
    double inhouse_unit_cost_eur;
    /* A serial chain above the firm (Beer Game docking, Sterman 1989): with
     * echelons >= 2 the firm is the retailer and orders from echelon 2, which
     * orders from 3 and so on; the top one produces. Each echelon uses the
     * firm's ordering rule. 0 or 1: the firm orders from its manufacturers. */
    int echelons;
    int shipping_delay_weeks;   /* between echelons, and production time */
    double chain_initial_units; /* each echelon's opening stock and weekly flow */
} sgf_supply_def;

/* Export partner group (003): optional collective of peer SMEs. */
typedef struct sgf_epg_def {
    bool enabled;
    int members;                   /* 4-6 SMEs, incl. the focal firm (003) */
    double manager_hours_per_week; /* the jointly hired export manager */
    double focus;                  /* 0 market, 0.5 customer, 1 system (003:92-107) */
    double compatibility;          /* [0,1] mean pairwise */
    int duration_weeks;            /* 1-3 years (003:68) */
    char target_iso[SGF_ISO_MAX];
    double equal_sharing; /* [0,1] benefit-sharing: 1 equal, 0 by effort */
} sgf_epg_def;

typedef struct sgf_firm_def {
    char name[SGF_NAME_MAX];
    char home_iso[SGF_ISO_MAX];
    int founded_year;
    double employees;
    double cash_eur;
    double credit_line_eur; /* failure when cash < -credit line */
    double fixed_cost_eur_per_employee_week;
    double price_eur;            /* per unit */
    double unit_cost_eur;        /* purchase cost from manufacturers */
    double technology_level;     /* [0,1] relative to the frontier at start */
    double technology_knowledge; /* [0,1] */
    double newness;              /* liabilities [0,1] (001:2381-2450) */
    double smallness;
    sgf_value_capture value_capture;
    double repeat_share; /* lock-in: share of sales repeat */
    sgf_governance governance;
    sgf_capabilities capabilities;
    sgf_management_def management;
    sgf_incentive_def incentives;
    sgf_supply_def supply;
    double rnd_eur_per_week;  /* own R&D */
    double search_budget_eur; /* cost of a partner search */
} sgf_firm_def;

/* One partner listed by name (MODEL.md 3.3). */
typedef struct sgf_partner_def {
    char name[SGF_NAME_MAX];
    sgf_role role;
    char market_iso[SGF_ISO_MAX];
    double size_ratio; /* partner size / focal size */
    double capacity_units_per_week;
    double unit_cost_eur;
    double lead_time_weeks;
    double defect_rate;
    double competence_fit; /* fit to the current technology generation */
    double trust, commitment, motivation, alignment;
    double product_knowledge, awareness;
    double contact_persons; /* on each side, >= 1 */
    bool contract;
    int replaceability; /* tier 1 easy .. 3 hard (001:3758-3763) */
    double focal_share; /* share of the partner's business */
    double opportunism; /* propensity */
    double loyalty;
    double outside_option; /* value of its best alternative, EUR/week */
    double pref[5];        /* monetary, reference, access, learning, social */
    int start_tick;        /* joins the net at this tick */
} sgf_partner_def;

/* A generated population (MODEL.md 3.3, issue 2). */
typedef struct sgf_population_def {
    char name[SGF_NAME_MAX];
    sgf_role role;
    int count;
    int market_count; /* 0: spread over all foreign markets */
    char markets[SGF_POP_MARKETS_MAX][SGF_ISO_MAX];
    double share_small; /* size mix: small / peer / large */
    double share_large;
    sgf_dist trust, commitment, motivation, alignment;
    sgf_dist product_knowledge, awareness;
    sgf_dist opportunism, loyalty;
    sgf_dist capacity_units_per_week, unit_cost_eur, lead_time_weeks, defect_rate;
    sgf_dist competence_fit, focal_share, contact_persons, outside_option;
    bool contract;
    int replaceability;
} sgf_population_def;

typedef struct sgf_event_def {
    char name[SGF_NAME_MAX];
    sgf_event_kind kind;
    int at_tick; /* -1: random with probability_per_week */
    double probability_per_week;
    int window_start, window_end; /* ticks for random events; end -1: run end */
    sgf_target_kind target;
    char target_name[SGF_NAME_MAX]; /* partner name, role name or ISO code */
    double magnitude;               /* kind-specific, see docs/scenarios.md */
    int duration_weeks;             /* > 0: a recovery event restores after it */
    sgf_capabilities new_profile;   /* md_change: the new cognitive profile */
    double new_value;               /* incentive/mode change: the new setting */
    char setting[SGF_NAME_MAX];     /* incentive/mode change: which setting */
} sgf_event_def;

typedef struct sgf_environment_def {
    double tech_drift_per_year;        /* frontier moves steadily */
    double tech_shift_size;            /* a technology shift's jump */
    double labour_cost_drift_per_year; /* in manufacturing countries */
    double random_md_change_per_year;
} sgf_environment_def;

/* Model constants: behavioural coefficients with sources in docs/ODD.md. */
typedef struct sgf_params {
    double motivation_rate;  /* per week toward satisfaction */
    double motivation_decay; /* per week without reminders (001:4611-4615) */
    double money_fade;       /* weight loss of money over time (001:3885-3887) */
    double trust_up_rate;    /* asymmetric smoothing, Kim 2009 */
    double trust_down_rate;
    double trust_personal_rate; /* personal relations */
    double trust_detect_cut;    /* share lost on a detected act */
    double commitment_rate;
    double commitment_incident_cut;
    double opportunism_base; /* per week at full propensity */
    double detection_base;
    double key_person_turnover_per_year;
    double key_person_loss;     /* share of tie state lost with one of n contacts */
    double exit_patience_weeks; /* weeks below outside option before exit */
    double h_half_hours;        /* attention hours for half effect */
    double size_penalty;        /* h_half grows with partner size ratio */
    double conversion_base;     /* orders per unit of effective effort */
    double learning_rate_market;
    double learning_rate_capability;
    double flexibility_decay_per_employee;
    double absorptive_gain;
    double liability_decay;
    double newness_boost;                      /* learning multiplier while new */
    double search_weeks_min, search_weeks_max; /* R&D partner search 6-8 months, 000:126 */
    double entry_cost_partner_eur, entry_cost_office_eur, entry_cost_jv_eur;
    double office_cost_eur_per_week;
    double innovation_rate;
    double amc_convexity;
    double relocation_threshold; /* cost advantage lost before moving */
    double retrain_threshold;    /* competence fit below which to act */
    double warmup_weeks;         /* left out of order and stock variability */
    double lead_time_noise;      /* sd of lead time as a share, before coordination */
    double leak_rate;
    double poach_share;
} sgf_params;

typedef struct sgf_output_def {
    int snapshot_every_weeks; /* network snapshots; 0: only at end */
    bool timeseries;
    bool network;
} sgf_output_def;

typedef struct sgf_world_def {
    char name[SGF_NAME_MAX];
    char description[256];
    uint64_t seed;      /* master seed */
    uint64_t run_index; /* for sweeps: streams derive from (seed, run) */
    int ticks;          /* weeks, default 520 */
    int start_year;
    sgf_firm_def firm;
    sgf_market_def *markets;
    int market_count;
    sgf_partner_def *partners;
    int partner_count;
    sgf_population_def *populations;
    int population_count;
    sgf_event_def *events;
    int event_count;
    sgf_epg_def epg;
    sgf_environment_def environment;
    sgf_params params;
    sgf_output_def output;
    bool check; /* assert invariants every tick */
} sgf_world_def;

/* Defaults for every field; arrays empty. */
sgf_world_def sgf_world_def_default(void);
sgf_market_def sgf_market_def_default(void);
sgf_partner_def sgf_partner_def_default(void);
sgf_population_def sgf_population_def_default(void);
sgf_event_def sgf_event_def_default(void);

/* Deep copy; dst must not own arrays (it is overwritten). */
sgf_status sgf_world_def_copy(sgf_world_def *dst, const sgf_world_def *src);
/* Release the arrays; safe on NULL and on a default def. */
void sgf_world_def_free(sgf_world_def *def);

/* Append an element with defaults; returns its pointer (NULL on OOM). */
sgf_market_def *sgf_world_def_add_market(sgf_world_def *def);
sgf_partner_def *sgf_world_def_add_partner(sgf_world_def *def);
sgf_population_def *sgf_world_def_add_population(sgf_world_def *def);
sgf_event_def *sgf_world_def_add_event(sgf_world_def *def);

/* Lookups by key; -1 when absent. */
int sgf_world_def_market_index(const sgf_world_def *def, const char *iso);

/* Names of enum values as used in scenario files and outputs. */
const char *sgf_role_name(sgf_role r);
const char *sgf_governance_name(sgf_governance g);
const char *sgf_preset_name(sgf_mode_preset p);
const char *sgf_mode_name(sgf_mode m);
const char *sgf_response_name(sgf_response r);
const char *sgf_order_policy_name(sgf_order_policy p);
const char *sgf_allocation_name(sgf_allocation a);
const char *sgf_value_capture_name(sgf_value_capture v);
const char *sgf_event_kind_name(sgf_event_kind k);
const char *sgf_target_kind_name(sgf_target_kind t);
const char *sgf_dist_kind_name(sgf_dist_kind k);
sgf_partner_type sgf_role_partner_type(sgf_role r);
bool sgf_role_is_upstream(sgf_role r);
bool sgf_role_is_downstream(sgf_role r); /* sells: partners and owned units */
bool sgf_role_is_knowledge(sgf_role r);  /* R&D and knowledge partners */
bool sgf_role_is_owned(sgf_role r);

/* The value-chain layout of the viewer and of network.gexf's positions: three
 * sides (upstream on the left, knowledge in the middle, sales on the right),
 * each a stack of role bands, top down in the order of sgf_chain_roles
 * (-1 ends a side). sgf_role_chain_place gives a role's side and band. */
enum { SGF_CHAIN_UP, SGF_CHAIN_KNOW, SGF_CHAIN_DOWN, SGF_CHAIN_SIDES, SGF_CHAIN_BANDS = 7 };
extern const int sgf_chain_roles[SGF_CHAIN_SIDES][SGF_CHAIN_BANDS];
void sgf_role_chain_place(int role, int *side, int *band);

/* Parse "beta(4,2)" / "0.5" into a distribution; false on bad syntax. */
bool sgf_dist_parse(const char *text, sgf_dist *out);
/* Format a distribution as text (for manifests); returns buf. */
char *sgf_dist_format(const sgf_dist *d, char *buf, size_t size);
/* One draw from a setting's distribution. */
double sgf_dist_draw(const sgf_dist *d, sgf_rng *r);
/* The weights of the four management modes (influencing, monitoring,
 * coordinating, integrating) of a preset, or of custom weights normalised to
 * sum 1 (all 0.25 when none is positive). */
void sgf_mode_weights(sgf_mode_preset p, const double custom[SGF_MODE_COUNT],
                      double out[SGF_MODE_COUNT]);

#endif
