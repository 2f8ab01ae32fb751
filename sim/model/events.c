/* events.c: step 1 of the schedule (MODEL.md 7): scheduled, random and
 * injected events, their recoveries, and the environment's drift (technology
 * frontier, labour costs).
 *
 * Events are scenario data: a time or a weekly probability within a window, a
 * target (firm, partner, role, market), a magnitude and an optional duration
 * after which a recovery restores the old value (anyLogistix-style). Random
 * events draw from the run's SGF_STREAM_EVENTS generator, so adding an event
 * does not shift the model's own draws.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "model/world_internal.h"

static void schedule_recovery(sgf_world *w, int weeks, sgf_event_kind kind, sgf_target_kind target,
                              int index, double restore)
{
    if (weeks <= 0) return;
    if (w->recovery_count == w->recovery_capacity) {
        int cap = w->recovery_capacity ? w->recovery_capacity * 2 : 16;
        sgf_recovery *g = sgf_realloc(w->recoveries, sizeof *g * (size_t)cap);
        if (!g) {
            w->nomem = true;
            return;
        }
        w->recoveries = g;
        w->recovery_capacity = cap;
    }
    uint32_t gen = target == SGF_TARGET_PARTNER ? w->partners[index].generation : 0;
    w->recoveries[w->recovery_count++] =
        (sgf_recovery){w->tick + weeks, kind, target, index, gen, restore};
}

static int market_of(const sgf_world *w, const char *iso)
{
    return sgf_world_def_market_index(&w->def, iso);
}

static bool role_by_name(const char *name, sgf_role *out)
{
    for (int r = 0; r < SGF_ROLE_COUNT; r++)
        if (strcmp(sgf_role_name((sgf_role)r), name) == 0) {
            *out = (sgf_role)r;
            return true;
        }
    return false;
}

/* Partners an event hits: one by name, one drawn at random among the
 * partners of a role, or every partner located in a market. Returns the
 * count written. */
static int event_partners(sgf_world *w, const sgf_event_def *ev, int *out, int max)
{
    if (ev->target == SGF_TARGET_PARTNER) {
        int i = sgf_partner_find(w, ev->target_name);
        if (i >= 0 && max > 0) out[0] = i;
        return i >= 0 ? 1 : 0;
    }
    if (ev->target == SGF_TARGET_ROLE) {
        sgf_role role;
        if (!role_by_name(ev->target_name, &role)) return 0;
        int n = 0;
        for (int i = 0; i < w->partner_count; i++)
            if (w->partners[i].alive && w->partners[i].role == role) n++;
        if (n == 0) return 0;
        int pick = (int)sgf_rng_bounded(&w->event_rng, (uint32_t)n);
        for (int i = 0; i < w->partner_count; i++)
            if (w->partners[i].alive && w->partners[i].role == role && pick-- == 0) {
                out[0] = i;
                return 1;
            }
    }
    if (ev->target == SGF_TARGET_MARKET) {
        int m = market_of(w, ev->target_name), n = 0;
        for (int i = 0; i < w->partner_count && n < max; i++)
            if (w->partners[i].alive && w->partners[i].market == m) out[n++] = i;
        return n;
    }
    return 0;
}

/* A key person leaves: with one contact all the personal part of the tie
 * goes, with n contacts a 1/n share ("critical mass", 001:4037-4045,
 * 001:4866-4872). Also used by the partner submodel for turnover. */
void sgf_key_person_leaves(sgf_world *w, int i, double severity, sgf_rng *rng)
{
    sgf_partner *p = &w->partners[i];
    double share = severity * w->def.params.key_person_loss / (double)p->contact_persons;
    /* the personal part of each state is what exceeds a newcomer's level */
    p->trust = sgf_clamp01f(p->trust - share * (p->trust - 0.3f > 0 ? p->trust - 0.3f : 0));
    p->motivation =
        sgf_clamp01f(p->motivation - share * (p->motivation - 0.3f > 0 ? p->motivation - 0.3f : 0));
    p->product_knowledge = sgf_clamp01f(p->product_knowledge - share * p->product_knowledge * 0.7);
    p->commitment = sgf_clamp01f(p->commitment - share * p->commitment * 0.5);
    p->key_tenure_weeks = 0;
    w->acc.key_person_changes++;
    sgf_log_partner(w, SGF_LOG_KEY_PERSON, i, share, "turnover",
                    "contact person left (%g contacts)", (double)p->contact_persons);
    /* It can end the relationship: likelier with a single contact. */
    if (sgf_rng_bernoulli(rng, 0.15 * severity / (double)p->contact_persons) && !p->owned) {
        sgf_partner_remove(w, i, SGF_LOG_PARTNER_EXIT, "key_person_change");
    }
}

sgf_status sgf_events_apply(sgf_world *w, const sgf_event_def *ev, bool injected)
{
    sgf_firm *f = &w->firm;
    int hits[4096];
    int n = -1; /* partners hit; -1 where the event does not target partners */
    const char *tag = injected ? "injected" : "scheduled";
    int first_record = w->log_count; /* the partners' own records of this event */
    switch (ev->kind) {
    case SGF_EV_PARTNER_EXIT:
        n = event_partners(w, ev, hits, 4096);
        for (int k = 0; k < n; k++) sgf_partner_remove(w, hits[k], SGF_LOG_PARTNER_EXIT, tag);
        break;
    case SGF_EV_KEY_PERSON_CHANGE:
        n = event_partners(w, ev, hits, 4096);
        for (int k = 0; k < n; k++)
            if (w->partners[hits[k]].alive)
                sgf_key_person_leaves(w, hits[k], ev->magnitude > 0 ? ev->magnitude : 1.0,
                                      &w->event_rng);
        break;
    case SGF_EV_MD_CHANGE: {
        /* A new managing director brings another cognitive profile; cognitive
         * capabilities change only this way (001:6754-6761). */
        f->previous_profile = f->cap;
        f->cap.cultural_awareness = ev->new_profile.cultural_awareness;
        f->cap.global_mindset = ev->new_profile.global_mindset;
        f->cap.innovativeness = ev->new_profile.innovativeness;
        f->cap.risk_taking = ev->new_profile.risk_taking;
        f->cap.proactiveness = ev->new_profile.proactiveness;
        f->md_changes++;
        schedule_recovery(w, ev->duration_weeks, SGF_EV_MD_CHANGE, SGF_TARGET_FIRM, -1, 0.0);
        break;
    }
    case SGF_EV_DEMAND_SHOCK: {
        int m = ev->target == SGF_TARGET_MARKET ? market_of(w, ev->target_name) : -1;
        for (int k = 0; k < w->market_count; k++) {
            if (m >= 0 && k != m) continue;
            double old = w->markets[k].demand_factor;
            double factor = ev->magnitude > 0 ? ev->magnitude : 0.0;
            w->markets[k].demand_factor = old * factor;
            /* the recovery undoes this shock's factor, so overlapping shocks
             * each undo their own; a shock to zero restores the old level */
            schedule_recovery(w, ev->duration_weeks, SGF_EV_DEMAND_SHOCK, SGF_TARGET_MARKET, k,
                              factor > 0 ? factor : -old);
        }
        break;
    }
    case SGF_EV_LABOUR_COST_CHANGE: {
        int m = market_of(w, ev->target_name);
        if (m >= 0 && ev->magnitude > 0) {
            w->markets[m].labour_cost_index *= ev->magnitude;
            /* undone as a factor, so drift during the event is kept */
            schedule_recovery(w, ev->duration_weeks, ev->kind, SGF_TARGET_MARKET, m, ev->magnitude);
        }
        break;
    }
    case SGF_EV_TARIFF_CHANGE: {
        int m = market_of(w, ev->target_name);
        if (m >= 0) {
            double old = w->markets[m].tariff;
            w->markets[m].tariff = ev->magnitude;
            schedule_recovery(w, ev->duration_weeks, ev->kind, SGF_TARGET_MARKET, m, old);
        }
        break;
    }
    case SGF_EV_CAPACITY_LOSS: {
        /* A disaster at a location (market) or at one partner: capacity drops
         * to (1 - magnitude) until it recovers. */
        if (ev->target == SGF_TARGET_MARKET) {
            int m = market_of(w, ev->target_name);
            if (m >= 0) {
                double old = w->markets[m].capacity_factor;
                w->markets[m].capacity_factor = old * (1.0 - sgf_clamp01(ev->magnitude));
                schedule_recovery(w, ev->duration_weeks, ev->kind, SGF_TARGET_MARKET, m, old);
            }
        } else {
            n = event_partners(w, ev, hits, 4096);
            for (int k = 0; k < n; k++) {
                sgf_partner *p = &w->partners[hits[k]];
                double old = p->capacity_factor;
                p->capacity_factor = (float)(old * (1.0 - sgf_clamp01(ev->magnitude)));
                schedule_recovery(w, ev->duration_weeks, ev->kind, SGF_TARGET_PARTNER, hits[k],
                                  old);
            }
        }
        break;
    }
    case SGF_EV_TECHNOLOGY_SHIFT: {
        /* The frontier jumps; partners' competence fit drops, which the
         * dynamic capability answers by retraining or replacing them
         * (SolvTech/Delta went through three, 001:6620-6621). A new product
         * generation is a new situation: newness returns (001:2435-2443). */
        double size = ev->magnitude > 0 ? ev->magnitude : w->def.environment.tech_shift_size;
        f->frontier += size;
        for (int i = 0; i < w->partner_count; i++) {
            sgf_partner *p = &w->partners[i];
            if (!p->alive) continue;
            p->competence_fit = sgf_clamp01f(p->competence_fit * (1.0 - size));
        }
        f->newness = f->newness > 0.5 ? f->newness : 0.5;
        break;
    }
    case SGF_EV_MARKET_OPENING: {
        int m = market_of(w, ev->target_name);
        if (m >= 0) w->markets[m].open = true;
        break;
    }
    case SGF_EV_INCENTIVE_CHANGE: {
        sgf_incentive_def *in = &f->incentives;
        double *field = NULL;
        if (strcmp(ev->setting, "margin_share") == 0)
            field = &in->margin_share;
        else if (strcmp(ev->setting, "bonus_share") == 0)
            field = &in->bonus_share;
        else if (strcmp(ev->setting, "stick") == 0)
            field = &in->stick;
        else if (strcmp(ev->setting, "training_eur_per_week") == 0)
            field = &in->training_eur_per_week;
        else if (strcmp(ev->setting, "offer_reference") == 0)
            field = &in->offer_reference;
        else if (strcmp(ev->setting, "offer_market_access") == 0)
            field = &in->offer_market_access;
        else if (strcmp(ev->setting, "offer_bid_access") == 0)
            field = &in->offer_bid_access;
        else if (strcmp(ev->setting, "offer_learning") == 0)
            field = &in->offer_learning;
        else if (strcmp(ev->setting, "offer_social") == 0)
            field = &in->offer_social;
        else if (strcmp(ev->setting, "give_first") == 0)
            in->give_first = ev->new_value != 0.0;
        if (field) *field = ev->new_value;
        break;
    }
    case SGF_EV_MODE_CHANGE: {
        for (int k = 0; k < SGF_MODE_COUNT; k++)
            if (strcmp(ev->setting, sgf_mode_name((sgf_mode)k)) == 0) {
                double custom[SGF_MODE_COUNT];
                for (int j = 0; j < SGF_MODE_COUNT; j++) custom[j] = f->mode_w[j];
                custom[k] = ev->new_value;
                f->preset = SGF_PRESET_CUSTOM;
                sgf_mode_weights(SGF_PRESET_CUSTOM, custom, f->mode_w);
            }
        if (strcmp(ev->setting, "attention_hours_per_week") == 0)
            w->def.firm.management.attention_hours_per_week = ev->new_value;
        break;
    }
    default:
        return SGF_ERR_USAGE;
    }
    if (n == 0) return SGF_OK; /* its target is gone: nothing happened, nothing logged */
    if (ev->kind == SGF_EV_PARTNER_EXIT || ev->kind == SGF_EV_KEY_PERSON_CHANGE) {
        /* each partner hit has its own partner_exit or key_person record:
         * they say why and which event; a row for the event itself would
         * count the same exits twice */
        for (int k = first_record; k < w->log_count; k++) {
            sgf_event_record *r = &w->log[k];
            snprintf(r->event, sizeof r->event, "%s", ev->name);
            /* a key person leaving in the event can end the tie: that exit
             * keeps its cause, key_person_change */
            if (strcmp(r->cause, "key_person_change") != 0)
                snprintf(r->cause, sizeof r->cause, "%s", tag);
        }
        return SGF_OK;
    }
    sgf_event_record *r =
        sgf_log(w, SGF_LOG_EVENT, ev->kind, ev->target_name[0] ? ev->target_name : "firm",
                ev->magnitude, "%s %s", tag, ev->name);
    if (r) {
        snprintf(r->cause, sizeof r->cause, "%s", tag);
        snprintf(r->event, sizeof r->event, "%s", ev->name);
        if (ev->target == SGF_TARGET_MARKET) r->market = market_of(w, ev->target_name);
        if (ev->target == SGF_TARGET_ROLE) {
            sgf_role role;
            if (role_by_name(ev->target_name, &role)) r->role = (int)role;
        }
        if (n == 1 && (ev->target == SGF_TARGET_PARTNER || ev->target == SGF_TARGET_ROLE)) {
            const sgf_partner *p = &w->partners[hits[0]];
            r->partner_uid = p->uid;
            r->role = p->role;
            r->market = p->market;
        }
    }
    return SGF_OK;
}

static void apply_recoveries(sgf_world *w)
{
    for (int k = 0; k < w->recovery_count;) {
        sgf_recovery *r = &w->recoveries[k];
        if (r->due_tick > w->tick) {
            k++;
            continue;
        }
        const char *what = sgf_event_kind_name(r->kind);
        switch (r->kind) {
        case SGF_EV_DEMAND_SHOCK:
            if (r->restore > 0)
                w->markets[r->index].demand_factor /= r->restore;
            else
                w->markets[r->index].demand_factor = -r->restore; /* from zero */
            break;
        case SGF_EV_LABOUR_COST_CHANGE:
            w->markets[r->index].labour_cost_index /= r->restore;
            break;
        case SGF_EV_MD_CHANGE: {
            /* the previous managing director's cognitive profile returns */
            sgf_capabilities *c = &w->firm.cap;
            const sgf_capabilities *o = &w->firm.previous_profile;
            c->cultural_awareness = o->cultural_awareness;
            c->global_mindset = o->global_mindset;
            c->innovativeness = o->innovativeness;
            c->risk_taking = o->risk_taking;
            c->proactiveness = o->proactiveness;
            break;
        }
        case SGF_EV_TARIFF_CHANGE:
            w->markets[r->index].tariff = r->restore;
            break;
        case SGF_EV_CAPACITY_LOSS:
            if (r->target == SGF_TARGET_MARKET)
                w->markets[r->index].capacity_factor = r->restore;
            else if (w->partners[r->index].alive &&
                     w->partners[r->index].generation == r->generation)
                w->partners[r->index].capacity_factor = (float)r->restore;
            break;
        default:
            break;
        }
        sgf_event_record *rec =
            sgf_log_market(w, SGF_LOG_RECOVERY, r->target == SGF_TARGET_MARKET ? r->index : -1,
                           r->restore, what, "recovery from %s", what);
        if (rec) rec->kind = r->kind;
        if (rec && r->target == SGF_TARGET_PARTNER && w->partners[r->index].alive &&
            w->partners[r->index].generation == r->generation) {
            rec->partner_uid = w->partners[r->index].uid;
            rec->role = w->partners[r->index].role;
            rec->market = w->partners[r->index].market;
        }
        /* order-preserving removal keeps the log deterministic */
        memmove(r, r + 1, sizeof *r * (size_t)(w->recovery_count - k - 1));
        w->recovery_count--;
    }
}

void sgf_events_step(sgf_world *w)
{
    const sgf_world_def *d = &w->def;
    apply_recoveries(w);
    /* environment: the frontier drifts, labour costs creep up */
    w->firm.frontier += d->environment.tech_drift_per_year / 52.0;
    for (int m = 0; m < w->market_count; m++) {
        w->markets[m].labour_cost_index *= 1.0 + d->environment.labour_cost_drift_per_year / 52.0;
        if (!w->markets[m].open && d->markets[m].open_tick > 0 &&
            w->tick >= d->markets[m].open_tick)
            w->markets[m].open = true;
    }
    /* partners listed with a later start join now */
    for (int i = 0; i < d->partner_count; i++)
        if (d->partners[i].start_tick == w->tick) {
            int m = sgf_world_def_market_index(d, d->partners[i].market_iso);
            int mi = m < 0 ? w->home : m;
            int added = sgf_partner_add(w, &d->partners[i], mi);
            if (added >= 0) {
                w->acc.new_partners++;
                if (sgf_role_is_downstream(d->partners[i].role) &&
                    w->markets[mi].entered_tick < 0) {
                    w->markets[mi].entered_tick = w->tick;
                    w->firm.markets_entered++;
                    sgf_log_market(w, SGF_LOG_MARKET_ENTRY, mi, NAN, "listed",
                                   "entered (listed partner)");
                }
                sgf_log_partner(w, SGF_LOG_NEW_PARTNER, added, (double)w->partners[added].trust,
                                "listed", "joins as listed");
            }
        }
    for (int k = 0; k < d->event_count; k++) {
        const sgf_event_def *ev = &d->events[k];
        if (sgf_stopping(w)) return;
        if (ev->at_tick >= 0) {
            if (ev->at_tick == w->tick && !w->event_fired[k]) {
                w->event_fired[k] = true;
                sgf_events_apply(w, ev, false);
            }
            continue;
        }
        int end = ev->window_end < 0 ? d->ticks : ev->window_end;
        if (w->tick < ev->window_start || w->tick > end) continue;
        /* always one draw per random event per week in its window */
        if (sgf_rng_bernoulli(&w->event_rng, ev->probability_per_week))
            sgf_events_apply(w, ev, false);
    }
    /* random managing-director change, if the environment asks for one */
    if (d->environment.random_md_change_per_year > 0 &&
        sgf_rng_bernoulli(&w->event_rng, d->environment.random_md_change_per_year / 52.0)) {
        sgf_event_def ev = sgf_event_def_default();
        ev.kind = SGF_EV_MD_CHANGE;
        snprintf(ev.name, sizeof ev.name, "%s", "random md change");
        sgf_capabilities *c = &ev.new_profile;
        c->cultural_awareness = sgf_rng_beta(&w->event_rng, 3, 3);
        c->global_mindset = sgf_rng_beta(&w->event_rng, 3, 3);
        c->innovativeness = sgf_rng_beta(&w->event_rng, 3, 3);
        c->risk_taking = sgf_rng_beta(&w->event_rng, 3, 3);
        c->proactiveness = sgf_rng_beta(&w->event_rng, 3, 3);
        sgf_events_apply(w, &ev, false);
    }
}
