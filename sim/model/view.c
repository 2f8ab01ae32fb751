/* view.c: read access to a world for writers, the viewer and users: the
 * tick, metrics, markets, the week's events, partners through a read-only
 * view that does not expose the model's internal layout, and the state hash
 * of the determinism tests.
 */
#include <string.h>

#include "model/world_internal.h"

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

int sgf_world_partner_slots(const sgf_world *w)
{
    return w->partner_count;
}

bool sgf_world_partner(const sgf_world *w, int index, sgf_partner_view *out)
{
    if (index < 0 || index >= w->partner_count || !w->partners[index].alive) return false;
    const sgf_partner *p = &w->partners[index];
    *out = (sgf_partner_view){
        .id = {index, p->generation},
        .uid = p->uid,
        .name = w->names[index],
        .role = (sgf_role)p->role,
        .market = p->market,
        .owned = p->owned != 0,
        .act = (sgf_act)p->act,
        .size_class = p->size_class,
        .contract = p->contract,
        .replaceability = p->replaceability,
        .trust = p->trust,
        .commitment = p->commitment,
        .motivation = p->motivation,
        .satisfaction = p->satisfaction,
        .alignment = p->alignment,
        .product_knowledge = p->product_knowledge,
        .awareness = p->awareness,
        .effort = p->effort,
        .competence_fit = p->competence_fit,
        .opportunism = p->opportunism,
        .loyalty = p->loyalty,
        .focal_share = p->focal_share,
        .size_ratio = p->size_ratio,
        .contact_persons = p->contact_persons,
        .leaked = p->leaked,
        .value_eur = p->value_eur,
        .capacity_units_per_week = p->capacity_units_per_week,
        .unit_cost_eur = p->unit_cost_eur,
        .lead_time_weeks = p->lead_time_weeks,
        .defect_rate = p->defect_rate,
        .outside_option = p->outside_option,
        .attention_hours = p->attention_hours,
        .monitoring = p->monitoring,
        .coordination = p->coordination,
        .integration = p->integration,
        .perceived_monitoring = p->perceived_monitoring,
        .flow_units = p->flow_units,
        .flow_ema = p->flow_ema,
        .influence = p->influence,
        .experience = p->experience,
        .expected_flow = p->expected_flow,
        .training = p->training,
        .capacity_factor = p->capacity_factor,
        .below_weeks = p->below_weeks,
        .underperf_weeks = p->underperf_weeks,
        .age_weeks = p->age_weeks,
        .key_tenure_weeks = p->key_tenure_weeks,
        .joined_tick = p->joined_tick,
        .warnings = p->warnings,
    };
    memcpy(out->pref, p->pref, sizeof out->pref);
    return true;
}

int sgf_world_partner_next(const sgf_world *w, int from)
{
    for (int i = from < 0 ? 0 : from; i < w->partner_count; i++)
        if (w->partners[i].alive) return i;
    return -1;
}

sgf_partner_id sgf_world_partner_id(const sgf_world *w, int index)
{
    if (index < 0 || index >= w->partner_count || !w->partners[index].alive)
        return (sgf_partner_id){-1, 0};
    return (sgf_partner_id){index, w->partners[index].generation};
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

