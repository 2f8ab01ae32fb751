/* world_internal.h: the world struct and the submodels' entry points.
 *
 * Private to sim/model/. Each submodel owns one step of the weekly schedule of
 * MODEL.md 7 (see world.c, sgf_world_step) and a file of its own:
 *   events.c      1  scheduled, random and injected events, recoveries
 *   market.c      1  demand; 3 sales; 11 market learning and liabilities
 *   capability.c  2  sensing, seizing, reconfiguring, DC; 11 capability learning
 *   supply.c      4  ordering, suppliers, pipeline, inventory, deliveries
 *   innovation.c  5  incremental and radical co-innovation
 *   finance.c     6  money and failure
 *   management.c  7  attention, the four modes, incentives and partner value
 *   partner.c     8-9 effort, opportunism, key people, exit; trust, commitment
 *   dynamics.c   10  searches, entries, replacement, relocation, retraining
 *   epg.c            export partner groups (003)
 *   metrics.c    12  observation
 *   population.c     initial net from listed partners and populations
 * Besides them: net.c (net.h) the partner state and the helpers they share,
 * view.c the public read access, invariants.c the checks of --check.
 */
#ifndef SGF_WORLD_INTERNAL_H
#define SGF_WORLD_INTERNAL_H

#include "model/net.h"

/* Weeks ahead the pipeline holds: the loader allows lead times up to 63
 * weeks (scenario_schema.c); lead-time noise beyond is cut at 63. */
#define SGF_PIPE_WEEKS 64
#define SGF_MAX_ECHELONS 8
#define SGF_CHAIN_PIPE 32

/* One echelon of the serial chain above the firm (chain.c). */
typedef struct sgf_echelon {
    double inventory, backlog;
    double incoming;             /* orders from the echelon below, received this week */
    double incoming_next;        /* placed this week, received next week */
    double expected;             /* smoothed incoming orders */
    double pipe[SGF_CHAIN_PIPE]; /* shipments (or production) on the way to it */
    double sum_o, sum_o2;        /* its orders, for the bullwhip ratio */
} sgf_echelon;

/* An action of the dynamic capability under way (MODEL.md 7, step 10). */
typedef enum sgf_action_kind {
    SGF_ACT_SEARCH_PARTNER, /* a new partner of a role in a market */
    SGF_ACT_ENTER_MARKET,   /* by partner, office or JV (mode in arg) */
    SGF_ACT_REPLACE,        /* find a successor, then end the old tie */
    SGF_ACT_RELOCATE,       /* new manufacturer in a cheaper market */
    SGF_ACT_RETRAIN,        /* raise competence fit after a technology shift */
} sgf_action_kind;

enum { SGF_ENTRY_PARTNER, SGF_ENTRY_OFFICE, SGF_ENTRY_JV };

typedef struct sgf_action {
    sgf_action_kind kind;
    sgf_role role;
    int market;
    int due_tick;
    int arg; /* entry mode, or the partner index to replace */
    uint32_t arg_generation;
} sgf_action;

/* A recovery to apply later (anyLogistix-style recovery events): it undoes
 * its own event's effect and nothing else, so events of one kind compose
 * in any overlap and order (events.c). */
typedef struct sgf_recovery {
    int due_tick;
    sgf_event_kind kind;
    sgf_target_kind target;
    int index;           /* market or partner index; -1 firm */
    uint32_t generation; /* of the partner slot, so a reused slot is left alone */
    double restore;      /* the factor undone, or the value set (logged) */
    double profile[5];   /* md_change: the cognitive profile it set */
    uint64_t seq;        /* when it was applied: the latest active setting wins */
} sgf_recovery;

/* Multiplicative event effects on one value (demand, capacity): the value is
 * permanent x temporary, zero factors counted apart so that a recovery can
 * undo a fall to zero, and temporary back to exactly 1 when no temporary
 * effect is active (events.c). */
typedef struct sgf_factor_stack {
    double permanent, temporary;
    int permanent_zeros, temporary_zeros, active;
    uint32_t generation; /* partner slots: whose it is */
} sgf_factor_stack;

/* What the events have done, for their recoveries (events.c; allocated at
 * the first event that needs it). Absolute settings (tariff, the managing
 * director's profile) keep the value of the latest permanent change; the
 * value in force is that of the latest applied change still active. */
typedef struct sgf_event_state {
    sgf_factor_stack *demand, *capacity; /* by market */
    double *tariff_base;                 /* by market */
    uint64_t *tariff_base_seq;
    sgf_factor_stack *partner_capacity; /* by partner slot */
    int partner_slots;
    double md_base[5];
    uint64_t md_base_seq;
    uint64_t seq;
} sgf_event_state;

/* The focal firm's changing state. */
typedef struct sgf_firm {
    double cash_eur;
    double employees;
    double employees0;
    sgf_capabilities cap;              /* current levels */
    sgf_capabilities previous_profile; /* before the last md_change */
    double flexibility0;               /* level unlearning restores toward */
    /* derived each week (capability.c) */
    double cog, eo, ic_eff, an_eff, man_eff, abs_eff, flex_eff;
    double sensing, seizing, reconfiguring, dc;
    double ops_share, attention_net, attention_used;
    double amc; /* alliance management capability */
    double mode_w[SGF_MODE_COUNT];
    /* technology and knowledge */
    double tech_level, frontier, tech_knowledge;
    double newness, smallness;
    double incremental_stock; /* product fit from incremental innovation */
    double radical_stock;     /* lowered entry barriers from radical innovation */
    double innovations_incremental, innovations_radical;
    double units_succeeded; /* successful foreign units (learning by doing) */
    /* incentive settings that events may change */
    sgf_incentive_def incentives;
    sgf_mode_preset preset;
    /* supply */
    double inventory, backlog, expected_demand, pipeline[SGF_PIPE_WEEKS];
    double in_transit, supply_line_orders;
    double inhouse_capacity;
    /* conservation counters (units) */
    double produced_total, delivered_total, scrapped_total, lost_total;
    /* money counters */
    double revenue_total, partner_margin_total, firm_gross_total, profit_total;
    double revenue_year[64]; /* by simulated year, the first 64 (the summary needs only the
                                first: see sgf_world's revenue_this_year) */
    double foreign_revenue_year[64];
    bool failed;
    int failed_tick;
    int first_foreign_sale_tick;
    int markets_entered;
    int md_changes;
} sgf_firm;

/* Who is in the net, taken once at the start of each week after the events
 * (census.c): counts by role, the small role lists the submodels loop over
 * instead of the whole partner array, and the management importance totals.
 * Partners that join during the week appear next week; list entries may
 * have died or been replaced since, so users check alive and role. */
typedef struct sgf_census {
    int role_count[SGF_ROLE_COUNT];
    int alive, downstream, knowledge, others;
    double imp_total[SGF_MODE_COUNT];
    double diversity;
    int *suppliers, n_suppliers; /* hardware manufacturers, component suppliers */
    int *logistics, n_logistics;
    int *knowledge_idx, n_knowledge_idx;
    int *owned_idx, n_owned;
    int capacity;
    /* Step 3's first half, taken in the same pass while the firm trades
     * (nothing between the census and step 3 touches a partner): each
     * market's selling power, own staff and channels, and its marketing
     * partners' effort, and the live channels in index order with their
     * selling power, so that step 3 sums the channels' margins without
     * walking the net (market.c). channels_tick is the week they were taken,
     * -1 when the firm had failed. */
    double channel_power[SGF_MAX_MARKETS], marketing_effort[SGF_MAX_MARKETS];
    struct sgf_channel *channel;
    int n_channels;
    int channels_tick;
    /* Step 3's second half, by market, for the split of each channel's
     * flow that the pass of steps 7-9 does (sgf_market_channel_split) */
    double channel_orders[SGF_MAX_MARKETS];
    float channel_expected[SGF_MAX_MARKETS];
} sgf_census;

/* A live downstream partner in the census: its selling power this week. */
typedef struct sgf_channel {
    int32_t index;
    float power; /* its flow_units after the census, until the split */
    int16_t market;
    uint8_t role;
} sgf_channel;

/* Step 12's counts over the live partners (metrics.c), taken in step 11's
 * pass over the net (market.c) while the firm trades, else by step 12
 * itself: nothing between them touches a partner. */
typedef struct sgf_partner_tally {
    int tick; /* the week counted */
    double partners, upstream, downstream, knowledge, owned;
    double not_owned, trust, motivation, commitment, satisfaction; /* sums over not owned */
    bool type_seen[SGF_PTYPE_COUNT];
    uint32_t upstream_roles, downstream_roles, knowledge_roles; /* bit r: role r is one */
    uint8_t type_of_role[SGF_ROLE_COUNT];
} sgf_partner_tally;

/* Per-tick accumulators reset at the start of each step. */
typedef struct sgf_tick_acc {
    double orders, deliveries, due, demand_total, revenue, foreign_revenue, cogs;
    double partner_margins, bonuses, fixed_costs, management_costs, search_costs;
    double acts, detected, defections, exits, new_partners, key_person_changes, leaked;
    double damage_eur;
    double ordered_from_suppliers, received;
    double lead_time_sum, lead_time_n;
    double channel_margin_units, channel_bonus_units; /* sum of flow x share (sales) */
} sgf_tick_acc;

struct sgf_world {
    sgf_world_def def;  /* own copy */
    sgf_rng rng;        /* SGF_STREAM_MODEL */
    sgf_rng event_rng;  /* SGF_STREAM_EVENTS: random events */
    sgf_rng demand_rng; /* SGF_STREAM_DEMAND: weekly demand noise per market */
    int tick;

    sgf_market *markets;
    int market_count;
    int home;

    sgf_partner *partners;       /* dense slots; dead ones on a free list */
    char (*names)[SGF_NAME_MAX]; /* cold: one per slot */
    int partner_count;           /* slots in use (alive or dead) */
    int partner_capacity;
    int *free_slots;
    int free_count;
    int alive_count;
    uint32_t uid_last; /* the last partner uid given (net.c) */
    /* the net's balance, start + joined - left = alive (summary.csv) */
    int partners_start, partners_joined, partners_left;
    int role_alive[SGF_ROLE_COUNT]; /* live counts, kept by add and remove */
    int role_built[SGF_ROLE_COUNT]; /* the most alive at once: the portfolio the firm built */

    sgf_firm firm;

    sgf_echelon chain[SGF_MAX_ECHELONS]; /* [1..echelons-1]; the firm is echelon 1 */

    sgf_action *actions; /* grows: attention allows 1 + net hours / 20 at once */
    int action_count, action_capacity;
    sgf_recovery *recoveries;
    int recovery_count, recovery_capacity;
    sgf_event_state *evs; /* NULL until an event needs it */
    bool *event_fired;    /* scheduled events, by def index */

    sgf_event_record *log; /* this tick's events */
    int log_count, log_capacity;

    sgf_tick_acc acc;
    sgf_census census;
    sgf_partner_tally tally; /* step 12's partner counts this week */
    double *money_weight;    /* by partner age in weeks, 0..ticks (management.c) */
    sgf_metrics metrics;
    /* run summaries */
    double sum_fill, sum_trust, sum_motivation, sum_commitment, sum_dc, sum_amc, sum_diversity;
    double tot_acts, tot_detected, tot_damage, tot_defections, tot_key_person;
    double sum_demand, sum_demand2, sum_supplier_orders, sum_supplier_orders2;
    double sum_inv, sum_inv2;
    int n_obs, n_var;
    /* revenue of the year under way and of the last complete one, for runs
     * of any length (finance.c adds, metrics.c rolls at each year's end) */
    double revenue_this_year, foreign_this_year, revenue_last_year, foreign_last_year;

    /* export partner group (003) */
    double epg_pipeline[256]; /* prospects closing in k weeks (ring) */
    double epg_jealousy, epg_cooperation, epg_time_efficiency, epg_deals_total;
    double epg_deals_week;
    int epg_first_deal_tick;

    bool nomem; /* an allocation failed during the step: the step reports it */
    const volatile sig_atomic_t *stop; /* sgf_world_set_stop; NULL: never */
    bool stopped;                      /* *stop was seen: the week was cut short */
    char error[256];
};

/* How many partners (or events) a loop handles between looks at the stop
 * flag: a few microseconds' work each. */
#define SGF_STOP_STRIDE 4096

/* True once the caller has asked the world to stop (sgf_world_set_stop);
 * long loops look at it every SGF_STOP_STRIDE items and end early. */
static inline bool sgf_stopping(sgf_world *w)
{
    if (!w->stopped && w->stop && *w->stop) w->stopped = true;
    return w->stopped;
}
/* Submodels, in schedule order. */
sgf_status sgf_census_take(sgf_world *w);
void sgf_census_free(sgf_census *c);
double sgf_importance(const sgf_partner *p);
double sgf_mode_relevance(sgf_mode mode, sgf_role r);
sgf_status sgf_population_build(sgf_world *w);
void sgf_events_step(sgf_world *w);
void sgf_events_free(sgf_world *w);
sgf_status sgf_events_apply(sgf_world *w, const sgf_event_def *ev, bool injected);
void sgf_market_demand_step(sgf_world *w);
void sgf_capability_step(sgf_world *w);
void sgf_market_channels_begin(const sgf_world *w, sgf_census *c);
void sgf_market_channel(sgf_census *c, int i, sgf_partner *p, bool downstream);
void sgf_market_sales_step(sgf_world *w);
void sgf_market_channel_split(const sgf_census *c, sgf_partner *p);
void sgf_supply_step(sgf_world *w);
void sgf_chain_start(sgf_world *w, double demand);
void sgf_chain_step(sgf_world *w, double firm_order);
double sgf_chain_units(const sgf_world *w);
void sgf_innovation_step(sgf_world *w);
void sgf_finance_step(sgf_world *w);
void sgf_finance_settle(sgf_world *w);
void sgf_key_person_leaves(sgf_world *w, int i, double severity, sgf_rng *rng);
sgf_status sgf_management_init(sgf_world *w);
/* Steps 7, 8 and 9 run in one pass over the partners (world.c): for each
 * live partner its step 7 (management.c), then its steps 8-9 (partner.c).
 * Each part reads and writes its own partner and week totals the other part
 * does not touch, so the results are those of one pass per step, for a
 * third of the memory traffic on a large net. These hold each part's weekly
 * constants and running totals. */
typedef struct sgf_management_week {
    double hours_mode[SGF_MODE_COUNT]; /* net attention hours by mode */
    double imp_total[SGF_MODE_COUNT];  /* census importance totals */
    double relevance[SGF_ROLE_COUNT][SGF_MODE_COUNT];
    double importance_base[SGF_ROLE_COUNT];
    double eff[SGF_MAX_MARKETS];          /* interface competence x cultural fit */
    double access_offer[SGF_MAX_MARKETS]; /* market and bid access the firm offers */
    double train_fit[3], means[3];        /* by size class: small, peer, large */
    double training_effect, knowledge_budget, monitoring_eff, half_smallness, half_penalty;
    uint32_t downstream, knowledge; /* bit r: role r is downstream, knowledge */
    bool imp_all_positive;          /* every imp_total[k] > 0 */
    double used;                    /* attention hours given so far */
    double amc_sum;                 /* knowledge partners' coordination + integration */
    int amc_count, knowledge_next;  /* ... and the position in census.knowledge_idx */
} sgf_management_week;
void sgf_management_begin(sgf_world *w, sgf_management_week *mw);
void sgf_management_partner(sgf_world *w, sgf_management_week *mw, int i);
void sgf_management_end(sgf_world *w, const sgf_management_week *mw);
typedef struct sgf_partner_week {
    double stick, price_eur;
    double kp_log_stay, kp_any[9]; /* key-person odds for 0..8 contacts */
    uint32_t downstream;           /* bit r: role r is downstream */
} sgf_partner_week;
void sgf_partner_week_begin(const sgf_world *w, sgf_partner_week *pw);
void sgf_partner_decide(sgf_world *w, const sgf_partner_week *pw, int i);
void sgf_dynamics_step(sgf_world *w);
void sgf_epg_step(sgf_world *w);
void sgf_market_learning_step(sgf_world *w);
void sgf_capability_learning_step(sgf_world *w);
void sgf_metrics_tally_start(sgf_partner_tally *t, int tick);
void sgf_metrics_tally(sgf_partner_tally *t, const sgf_partner *p);
void sgf_metrics_step(sgf_world *w);
sgf_status sgf_invariants_check(sgf_world *w);

/* Capability helpers (capability.c). */
void sgf_capability_derive(sgf_world *w);
double sgf_partner_diversity(const sgf_world *w);
/* Start a dynamic-capability action (dynamics.c); false when the queue is full. */
bool sgf_action_start(sgf_world *w, sgf_action_kind kind, sgf_role role, int market, int weeks,
                      int arg);
int sgf_search_weeks(sgf_world *w, sgf_role role);

#endif
