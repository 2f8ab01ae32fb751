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

#include <signal.h>

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

/* A read-only copy of one partner's state (sgf_world_partner). The model
 * keeps its partners in a layout of its own; this view is the public one.
 * States in [0,1] unless a unit is given. */
typedef struct sgf_partner_view {
    sgf_partner_id id; /* slot index and generation: valid while the partner lives */
    uint32_t uid;      /* never reused in a run (1, 2, ... in joining order): for files */
    const char *name;  /* valid until the next step */
    sgf_role role;
    int market;         /* index into the markets; -1 none */
    bool owned;         /* a unit of the firm's own (sales office, joint venture) */
    sgf_act act;        /* opportunistic act under way, SGF_OPP_NONE if none */
    int size_class;     /* 0 smaller than the firm (< 0.5x), 1 peer, 2 larger (> 2x) */
    int contract;       /* 1: a written contract */
    int replaceability; /* 1 easy ... 3 hard to replace */
    float trust, commitment, motivation, satisfaction;
    float alignment, product_knowledge, awareness, effort;
    float competence_fit, opportunism, loyalty;
    float focal_share;     /* the firm's share of the partner's business */
    float size_ratio;      /* partner size / firm size */
    float contact_persons; /* people carrying the tie */
    float leaked;          /* knowledge leaked so far */
    float value_eur;       /* value it captured last week, EUR */
    float capacity_units_per_week, unit_cost_eur, lead_time_weeks, defect_rate;
    float outside_option;  /* value it could get elsewhere */
    float attention_hours; /* the firm's attention it got last week, hours */
    float monitoring, coordination, integration, perceived_monitoring;
    float flow_units;      /* units it moved last week */
    float flow_ema;        /* smoothed flow, units a week */
    float influence;       /* last week's influencing effect */
    float experience;      /* last week's performance as the firm saw it */
    float expected_flow;   /* what the firm asked of it (supply) or expects (sales), units */
    float pref[5];         /* value preferences: monetary, reference, access, learning, social */
    float training;        /* accumulated training stock */
    float capacity_factor; /* 1, or less after a capacity loss */
    int below_weeks;       /* weeks its satisfaction has been below its outside option */
    int underperf_weeks;   /* weeks of underperformance in a row */
    int age_weeks;         /* age of the tie */
    int key_tenure_weeks;  /* tenure of its key contact person */
    int joined_tick;       /* week it joined the net (0: at the start) */
    int warnings;          /* warnings received */
} sgf_partner_view;

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
    double role_partners[SGF_ROLE_COUNT]; /* alive per role (partners_<role> columns) */
} sgf_metrics;

/* A column of timeseries.csv or summary.csv. A summary value that does not
 * exist in a run ("never", "not applicable") is NaN in sgf_summary and an
 * empty field in summary.csv; `empty` says when that happens ("" never). */
typedef struct sgf_metric_info {
    const char *name;
    size_t offset;
    const char *unit;
    const char *doc;
    const char *empty;
} sgf_metric_info;

extern const sgf_metric_info sgf_metric_table[];
extern const int sgf_metric_count;
int sgf_metric_find(const char *name); /* -1 if unknown */
/* The names of `table` closest to an unknown `name` (shared prefix, a
 * substring either way, or a small edit distance), as "a, b, c" in buf;
 * "" when none is close. For "unknown metric" messages. */
const char *sgf_metric_suggest(const sgf_metric_info *table, int count, const char *name, char *buf,
                               size_t size);
static inline double sgf_metric_get(const sgf_metrics *m, int i)
{
    return *(const double *)((const char *)m + sgf_metric_table[i].offset);
}

/* Summary of a run (MODEL.md 8), one row of summary.csv. NaN where the
 * value does not exist in this run (see sgf_summary_table's `empty`). */
typedef struct sgf_summary {
    double ticks_run;
    double revenue_total_eur, profit_total_eur, final_cash_eur;
    double revenue_ratio_last_first_year; /* last full year's revenue / first year's */
    double international_share_last_year; /* foreign share of the last full year's revenue */
    double weeks_to_first_foreign_sale;   /* NaN: never */
    double markets_entered;
    double markets_served_final;
    double partners_start, partners_joined, partners_left;
    double partners_final; /* = start + joined - left */
    double mean_fill_rate;
    double mean_trust, mean_motivation, mean_commitment;
    double opportunism_committed, opportunism_detected, opportunism_damage_eur;
    double defections, key_person_changes;
    double innovations_incremental, innovations_radical;
    double dc_mean;
    double failed, failed_tick;                /* failed_tick NaN: did not fail */
    double bullwhip;                           /* var(orders to suppliers)/var(demand) */
    double bullwhip_2, bullwhip_3, bullwhip_4; /* serial chain echelons 2-4; NaN: none */
    double inventory_sd;
    double amc_mean, diversity_mean;
    double epg_deals, weeks_to_first_epg_deal; /* NaN: no deal */
} sgf_summary;

extern const sgf_metric_info sgf_summary_table[];
extern const int sgf_summary_count;

/* One line of the event log: one happening, one record (events.csv writes a
 * row per record). Who and where it concerns are fields of their own; the
 * viewer's one-line text stays in target and detail. */
typedef struct sgf_event_record {
    int tick;
    sgf_event_kind kind;       /* or an internal kind below */
    int internal;              /* SGF_LOG_* when not a scenario event kind */
    char target[SGF_NAME_MAX]; /* partner name, market code or "firm", for display */
    char detail[96];           /* free text, for display */
    double value;              /* see sgf_log_kind_table; NaN: none */
    uint32_t partner_uid;      /* the partner it concerns (sgf_partner_view.uid); 0: none */
    int role;                  /* sgf_role of that partner (or the role sought); -1: none */
    int market;                /* market index; -1: none */
    char cause[32];            /* why, one word of the kind's vocabulary; "": none */
    char event[SGF_NAME_MAX];  /* the scenario event behind it; "": none */
} sgf_event_record;

/* Internal happenings logged besides scenario events. New kinds go at the
 * end (the numbers are part of the viewer's colours and of tests). */
enum {
    SGF_LOG_EVENT = 0, /* a scenario or injected event (kind is set) */
    SGF_LOG_NEW_PARTNER,
    SGF_LOG_PARTNER_EXIT, /* every departure, whatever its cause */
    SGF_LOG_DEFECTION,    /* no longer logged: an exit with cause "defection" */
    SGF_LOG_OPPORTUNISM_DETECTED,
    SGF_LOG_KEY_PERSON,
    SGF_LOG_MARKET_ENTRY,
    SGF_LOG_OFFICE_OPENED,
    SGF_LOG_JV_FORMED,
    SGF_LOG_RELOCATION,
    SGF_LOG_REPLACEMENT, /* no longer logged: an exit with cause "replaced" */
    SGF_LOG_RETRAIN,
    SGF_LOG_INNOVATION_RADICAL,
    SGF_LOG_RECOVERY,
    SGF_LOG_FAILURE,
    SGF_LOG_SEARCH_STARTED,
    SGF_LOG_ENTRY_FAILED,
    SGF_LOG_KIND_COUNT
};

/* What each kind of record means, for the data dictionary (sgf help
 * metrics, docs/outputs.md): indexed by SGF_LOG_*; entry SGF_LOG_EVENT
 * stands for all scenario event kinds. A NULL name marks a retired kind. */
typedef struct sgf_log_kind_info {
    const char *name;
    const char *meaning;
    const char *value_unit; /* "" when the kind has no value */
    const char *value_doc;
    const char *causes; /* the vocabulary of the cause column, "" if none */
} sgf_log_kind_info;
extern const sgf_log_kind_info sgf_log_kind_table[SGF_LOG_KIND_COUNT];
/* The unit of a record's value (the kind's, or a scenario event's). */
const char *sgf_log_value_unit(const sgf_event_record *r);
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

/* Ask the world to watch *stop (NULL: nothing; the caller keeps the flag,
 * usually set by a signal handler). Once *stop is non-zero, sgf_world_step
 * returns SGF_ERR_INTERRUPTED after a bounded amount of work, at most a few
 * thousand partners' worth, even in the middle of a long week. The week is
 * then left half done: the world may only be read for its tick and
 * destroyed, and every later step returns SGF_ERR_INTERRUPTED at once. */
void sgf_world_set_stop(sgf_world *w, const volatile sig_atomic_t *stop);

/* Apply an event now (live what-ifs); it is logged like any other. */
sgf_status sgf_world_inject(sgf_world *w, const sgf_event_def *ev);

/* ---- read access --------------------------------------------------------- */
int sgf_world_tick(const sgf_world *w);
const sgf_world_def *sgf_world_def_of(const sgf_world *w);
const sgf_metrics *sgf_world_metrics(const sgf_world *w); /* last tick */
void sgf_world_summary(const sgf_world *w, sgf_summary *out);
/* Partners by slot index: 0 <= index < sgf_world_partner_slots(w), live or
 * not. sgf_world_partner fills *out and returns true for a live partner,
 * false (leaving *out alone) for a free slot or an index out of range.
 * sgf_world_partner_next gives the first live index >= from, or -1:
 *   for (int i = sgf_world_partner_next(w, 0); i >= 0; i = sgf_world_partner_next(w, i + 1))
 * Slots are reused: keep an sgf_partner_id, not an index, across steps. */
int sgf_world_partner_slots(const sgf_world *w);
bool sgf_world_partner(const sgf_world *w, int index, sgf_partner_view *out);
int sgf_world_partner_next(const sgf_world *w, int from);
sgf_partner_id sgf_world_partner_id(const sgf_world *w, int index); /* {-1, 0} if not live */
const char *sgf_world_partner_name(const sgf_world *w, int index);  /* "" if out of range */
const sgf_market *sgf_world_markets(const sgf_world *w, int *count);
/* Events logged during the last step; valid until the next step. */
const sgf_event_record *sgf_world_events(const sgf_world *w, int *count);
/* A hash of the whole model state, for determinism tests. */
uint64_t sgf_world_hash(const sgf_world *w);
bool sgf_partner_id_valid(const sgf_world *w, sgf_partner_id id);

#endif
