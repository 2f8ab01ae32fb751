/* sgf_world.h: a running world, its weekly step, and read access to its state.
 *
 *   sgf_world_def def = sgf_world_def_default();  ... fill or load ...
 *   sgf_world *w = NULL;
 *   if (sgf_world_create(&def, &w) != SGF_OK) ...;
 *   while (!sgf_world_done(w)) sgf_world_step(w);
 *   sgf_world_destroy(w);
 *
 * The world copies the definition; the caller keeps and frees its own. All
 * model state lives in the world and its generators derive from (def.seed,
 * def.run_index), so worlds run in parallel threads without sharing anything.
 * Writers and the viewer read the state through the const accessors below and
 * must not change it; live what-ifs go through sgf_world_inject.
 */
#ifndef SGF_WORLD_H
#define SGF_WORLD_H

#include "sgf_def.h"
#include "sgf_rng.h"

typedef struct sgf_world sgf_world;

/* A generational handle: index into the partner array plus the generation of
 * the slot, so a stale handle is detected. Zero generation is null. */
typedef struct sgf_partner_id {
    int32_t index;
    uint32_t generation;
} sgf_partner_id;

/* Opportunistic acts (MODEL.md 6; 001:95-97, 001:6677-6679). */
typedef enum sgf_act {
    SGF_OPP_NONE,
    SGF_OPP_SHIRK,
    SGF_OPP_OVERPROMISE,
    SGF_OPP_LEAK,
    SGF_OPP_POACH,
    SGF_OPP_DEFECT,
    SGF_OPP_COUNT
} sgf_act;

/* Partner state, hot fields first (the weekly loop touches these). */
typedef struct sgf_partner {
    float trust, commitment, motivation, satisfaction;
    float alignment, product_knowledge, awareness, effort;
    float competence_fit, opportunism, loyalty, focal_share;
    float size_ratio, contact_persons, leaked, value_eur; /* value captured last week */
    float capacity_units_per_week, unit_cost_eur, lead_time_weeks, defect_rate;
    float outside_option, attention_hours, monitoring, coordination;
    float integration, perceived_monitoring, flow_units, flow_ema;
    float influence;     /* last week's influencing effect [0,1] */
    float experience;    /* last week's performance as the firm saw it [0,1] */
    float expected_flow; /* what the firm asked of it (supply) or expects (sales) */
    float pref[5];
    float training;        /* accumulated training stock */
    float capacity_factor; /* 1, or less after a capacity loss */
    int32_t market;        /* index into markets */
    int32_t below_weeks;   /* weeks satisfaction below its outside option */
    int32_t underperf_weeks;
    int32_t age_weeks;
    int32_t key_tenure_weeks;
    int32_t joined_tick;
    int32_t warnings;
    uint32_t generation;
    uint8_t role; /* sgf_role */
    uint8_t alive;
    uint8_t contract;
    uint8_t replaceability;
    uint8_t size_class; /* 0 small, 1 peer, 2 large */
    uint8_t owned;
    uint8_t act; /* opportunistic act under way (sgf_act), 0 none */
    uint8_t pad_;
} sgf_partner;

typedef struct sgf_market {
    double demand_units;  /* this week's potential demand */
    double demand_level;  /* trend level */
    double demand_factor; /* shocks multiply this (1 normal) */
    double labour_cost_index;
    double tariff;
    double knowledge;    /* firm's market knowledge [0,1] */
    double foreignness;  /* liability of foreignness [0,1] */
    double outsidership; /* liability of outsidership [0,1] */
    double orders_units; /* this week */
    double revenue_eur;  /* this week */
    double revenue_total_eur;
    double capacity_factor; /* disaster at a location */
    int entered_tick;       /* -1 not entered */
    int first_sale_tick;    /* -1 none yet */
    int channels;           /* alive downstream partners and units */
    int target_channels;    /* channels the firm keeps up: its most so far, at least 1 */
    bool open;
} sgf_market;

/* Per-tick metrics (MODEL.md 8). The table sgf_metric_info lists them by
 * name for writers, sweeps and comparisons. */
typedef struct sgf_metrics {
    double tick, year;
    double revenue_eur, profit_eur, cash_eur;
    double orders_units, deliveries_units, fill_rate, backlog_units, inventory_units;
    double in_transit_units, lead_time_weeks;
    double partners, upstream_partners, downstream_partners, knowledge_partners, owned_units;
    double markets_served, international_share;
    double mean_trust, mean_motivation, mean_commitment, mean_satisfaction;
    double opportunism_committed, opportunism_detected, opportunism_damage_eur;
    double defections, exits, new_partners;
    double key_person_changes, knowledge_leaked;
    double technology_gap, innovations_incremental, innovations_radical;
    double foreignness, outsidership, newness, smallness;
    double sensing, seizing, reconfiguring, dc;
    double attention_used_hours, attention_net_hours;
    double diversity, amc;
    double epg_deals, epg_cooperation, epg_jealousy, epg_time_efficiency;
    double failed;
} sgf_metrics;

typedef struct sgf_metric_info {
    const char *name;
    size_t offset;
    const char *unit;
    const char *doc;
} sgf_metric_info;

extern const sgf_metric_info sgf_metric_table[];
extern const int sgf_metric_count;
int sgf_metric_find(const char *name); /* -1 if unknown */
static inline double sgf_metric_get(const sgf_metrics *m, int i)
{
    return *(const double *)((const char *)m + sgf_metric_table[i].offset);
}

/* Summary of a run (MODEL.md 8), one row of summary.csv. */
typedef struct sgf_summary {
    double ticks_run;
    double revenue_total_eur, profit_total_eur, final_cash_eur;
    double revenue_growth;              /* last year's revenue / first year's */
    double international_share;         /* last year */
    double weeks_to_first_foreign_sale; /* -1: never */
    double markets_entered;
    double markets_served_final;
    double partners_final;
    double mean_fill_rate;
    double mean_trust, mean_motivation, mean_commitment;
    double opportunism_committed, opportunism_detected, opportunism_damage_eur;
    double defections, key_person_changes;
    double innovations_incremental, innovations_radical;
    double dc_mean;
    double failed, failed_tick;
    double bullwhip;                           /* var(orders to suppliers)/var(demand) */
    double bullwhip_2, bullwhip_3, bullwhip_4; /* serial chain echelons 2-4 */
    double inventory_sd;
    double amc_mean, diversity_mean;
    double epg_deals, weeks_to_first_epg_deal;
} sgf_summary;

extern const sgf_metric_info sgf_summary_table[];
extern const int sgf_summary_count;

/* One line of the event log. */
typedef struct sgf_event_record {
    int tick;
    sgf_event_kind kind; /* or an internal kind below */
    int internal;        /* SGF_LOG_* when not a scenario event kind */
    char target[SGF_NAME_MAX];
    char detail[96];
    double value;
} sgf_event_record;

/* Internal happenings logged besides scenario events. */
enum {
    SGF_LOG_EVENT = 0, /* a scenario or injected event (kind is set) */
    SGF_LOG_NEW_PARTNER,
    SGF_LOG_PARTNER_EXIT,
    SGF_LOG_DEFECTION,
    SGF_LOG_OPPORTUNISM_DETECTED,
    SGF_LOG_KEY_PERSON,
    SGF_LOG_MARKET_ENTRY,
    SGF_LOG_OFFICE_OPENED,
    SGF_LOG_JV_FORMED,
    SGF_LOG_RELOCATION,
    SGF_LOG_REPLACEMENT,
    SGF_LOG_RETRAIN,
    SGF_LOG_INNOVATION_RADICAL,
    SGF_LOG_RECOVERY,
    SGF_LOG_FAILURE,
    SGF_LOG_SEARCH_STARTED,
    SGF_LOG_KIND_COUNT
};
const char *sgf_log_kind_name(int internal, sgf_event_kind kind);

/* ---- life cycle ---------------------------------------------------------- */

/* Build a world from a definition (copied). On failure *out is NULL. */
sgf_status sgf_world_create(const sgf_world_def *def, sgf_world **out);
void sgf_world_destroy(sgf_world *w);

/* Advance one week. Returns SGF_ERR_INVARIANT (with sgf_world_error set) when
 * def.check is on and an invariant fails. A failed firm keeps stepping with
 * nothing to do, so a run always has def.ticks rows. */
sgf_status sgf_world_step(sgf_world *w);
bool sgf_world_done(const sgf_world *w);
const char *sgf_world_error(const sgf_world *w);

/* Apply an event now (live what-ifs); it is logged like any other. */
sgf_status sgf_world_inject(sgf_world *w, const sgf_event_def *ev);

/* ---- read access --------------------------------------------------------- */
int sgf_world_tick(const sgf_world *w);
const sgf_world_def *sgf_world_def_of(const sgf_world *w);
const sgf_metrics *sgf_world_metrics(const sgf_world *w); /* last tick */
void sgf_world_summary(const sgf_world *w, sgf_summary *out);
const sgf_partner *sgf_world_partners(const sgf_world *w, int *count); /* incl. dead slots */
const char *sgf_world_partner_name(const sgf_world *w, int index);
const sgf_market *sgf_world_markets(const sgf_world *w, int *count);
/* Events logged during the last step; valid until the next step. */
const sgf_event_record *sgf_world_events(const sgf_world *w, int *count);
/* A hash of the whole model state, for determinism tests. */
uint64_t sgf_world_hash(const sgf_world *w);
bool sgf_partner_id_valid(const sgf_world *w, sgf_partner_id id);

#endif
