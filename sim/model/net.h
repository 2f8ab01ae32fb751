/* net.h: the partner state and the helpers every submodel uses (net.c).
 *
 * Private to sim/model/. The layers above read partners through the view of
 * sgf/sgf_world.h (sgf_world_partner), so the layout below can change (hot
 * fields apart from cold ones, arrays by field) without changing the public
 * API. This header includes only the public sgf_world.h and base.
 */
#ifndef SGF_MODEL_NET_H
#define SGF_MODEL_NET_H

#include "sgf/sgf_world.h"

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
    uint32_t uid; /* never reused in a run: 1, 2, ... in the order partners joined */
    uint8_t role; /* sgf_role */
    uint8_t alive;
    uint8_t contract;
    uint8_t replaceability;
    uint8_t size_class; /* 0 small, 1 peer, 2 large */
    uint8_t owned;
    uint8_t act; /* opportunistic act under way (sgf_act), 0 none */
    uint8_t pad_;
} sgf_partner;

/* ---- shared helpers ------------------------------------------------------------ */
static inline double sgf_clamp01(double x)
{
    return x < 0.0 ? 0.0 : x > 1.0 ? 1.0 : x;
}
static inline float sgf_clamp01f(double x)
{
    return (float)(x < 0.0 ? 0.0 : x > 1.0 ? 1.0 : x);
}

/* Log an event for this tick (events.csv, viewer ticker). Returns the new
 * record, its partner, role and market unset (0, -1, -1) and no cause, or
 * NULL when memory ran out (the step reports it). */
sgf_event_record *sgf_log(sgf_world *w, int internal, sgf_event_kind kind, const char *target,
                          double value, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;
/* A record about live partner `index`: its name, uid, role and market are
 * taken from it; cause is one word of the kind's vocabulary
 * (sgf_log_kind_table). */
sgf_event_record *sgf_log_partner(sgf_world *w, int internal, int index, double value,
                                  const char *cause, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;
/* A record about market `market` (index, -1 none); role -1 unless set after. */
sgf_event_record *sgf_log_market(sgf_world *w, int internal, int market, double value,
                                 const char *cause, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/* Partner slots. sgf_partner_add returns the new index or -1 on OOM. */
int sgf_partner_add(sgf_world *w, const sgf_partner_def *pd, int market);
/* Remove a live partner: counted in this week's exits whatever the cause;
 * with log_kind (SGF_LOG_PARTNER_EXIT) a record with cause `why` (one word:
 * outside_option, defection, key_person_change, replaced, relocated,
 * scheduled, injected, ...). */
void sgf_partner_remove(sgf_world *w, int index, int log_kind, const char *why);
int sgf_partner_find(const sgf_world *w, const char *name);

#endif
