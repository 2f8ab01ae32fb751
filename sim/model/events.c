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

/* Returns the recovery scheduled, or NULL (no duration, or out of memory). */
static sgf_recovery *schedule_recovery(sgf_world *w, int weeks, sgf_event_kind kind,
                                       sgf_target_kind target, int index, double restore)
{
    if (weeks <= 0) return NULL;
    if (w->recovery_count == w->recovery_capacity) {
        int cap = w->recovery_capacity ? w->recovery_capacity * 2 : 16;
        sgf_recovery *g = sgf_realloc(w->recoveries, sizeof *g * (size_t)cap);
        if (!g) {
            w->nomem = true;
            return NULL;
        }
        w->recoveries = g;
        w->recovery_capacity = cap;
    }
    uint32_t gen = target == SGF_TARGET_PARTNER ? w->partners[index].generation : 0;
    sgf_recovery *r = &w->recoveries[w->recovery_count++];
    memset(r, 0, sizeof *r);
    r->due_tick = w->tick + weeks;
    r->kind = kind;
    r->target = target;
    r->index = index;
    r->generation = gen;
    r->restore = restore;
    return r;
}

/* ---- composing effects ---------------------------------------------------------- */

static void stack_init(sgf_factor_stack *s, uint32_t generation)
{
    *s = (sgf_factor_stack){1.0, 1.0, 0, 0, 0, generation};
}

static double stack_value(const sgf_factor_stack *s)
{
    if (s->permanent_zeros > 0 || s->temporary_zeros > 0) return 0.0;
    return s->permanent * s->temporary;
}

static void stack_apply(sgf_factor_stack *s, double f, bool temporary)
{
    if (temporary) {
        s->active++;
        if (f == 0.0)
            s->temporary_zeros++;
        else
            s->temporary *= f;
    } else if (f == 0.0) {
        s->permanent_zeros++;
    } else {
        s->permanent *= f;
    }
}

static void stack_undo(sgf_factor_stack *s, double f)
{
    if (s->active <= 0) return;
    s->active--;
    if (f == 0.0)
        s->temporary_zeros--;
    else
        s->temporary /= f;
    if (s->active == 0) { /* exactly back: no rounding left over */
        s->temporary = 1.0;
        s->temporary_zeros = 0;
    }
}

static const double *cognitive(const sgf_capabilities *c, double out[5])
{
    out[0] = c->cultural_awareness;
    out[1] = c->global_mindset;
    out[2] = c->innovativeness;
    out[3] = c->risk_taking;
    out[4] = c->proactiveness;
    return out;
}

/* The events' record, made at the first event that needs it, when every
 * value it tracks is still at its start. NULL when out of memory. */
static sgf_event_state *event_state(sgf_world *w)
{
    if (w->evs) return w->evs;
    size_t n = (size_t)(w->market_count > 0 ? w->market_count : 1);
    sgf_event_state *e = sgf_calloc(1, sizeof *e);
    if (e) {
        e->demand = sgf_malloc(sizeof *e->demand * n);
        e->capacity = sgf_malloc(sizeof *e->capacity * n);
        e->tariff_base = sgf_malloc(sizeof *e->tariff_base * n);
        e->tariff_base_seq = sgf_calloc(n, sizeof *e->tariff_base_seq);
    }
    if (!e || !e->demand || !e->capacity || !e->tariff_base || !e->tariff_base_seq) {
        w->evs = e;
        sgf_events_free(w);
        w->nomem = true;
        return NULL;
    }
    for (int m = 0; m < w->market_count; m++) {
        stack_init(&e->demand[m], 0);
        e->demand[m].permanent = w->markets[m].demand_factor;
        stack_init(&e->capacity[m], 0);
        e->capacity[m].permanent = w->markets[m].capacity_factor;
        e->tariff_base[m] = w->markets[m].tariff;
    }
    cognitive(&w->firm.cap, e->md_base);
    w->evs = e;
    return e;
}

void sgf_events_free(sgf_world *w)
{
    sgf_event_state *e = w->evs;
    if (!e) return;
    sgf_free(e->demand);
    sgf_free(e->capacity);
    sgf_free(e->tariff_base);
    sgf_free(e->tariff_base_seq);
    sgf_free(e->partner_capacity);
    sgf_free(e);
    w->evs = NULL;
}

/* Partner slot i's capacity record, fresh when the slot has a new partner. */
static sgf_factor_stack *partner_stack(sgf_world *w, sgf_event_state *e, int i)
{
    if (i >= e->partner_slots) {
        int n = e->partner_slots ? e->partner_slots : 64;
        while (n <= i) n *= 2;
        sgf_factor_stack *g = sgf_realloc(e->partner_capacity, sizeof *g * (size_t)n);
        if (!g) {
            w->nomem = true;
            return NULL;
        }
        for (int k = e->partner_slots; k < n; k++) stack_init(&g[k], 0);
        e->partner_capacity = g;
        e->partner_slots = n;
    }
    sgf_factor_stack *s = &e->partner_capacity[i];
    if (s->generation != w->partners[i].generation) {
        stack_init(s, w->partners[i].generation);
        s->permanent = w->partners[i].capacity_factor;
    }
    return s;
}

/* The tariff in force in market m: the latest applied change still active,
 * else the latest permanent one (or the scenario's). */
static double tariff_now(const sgf_world *w, const sgf_event_state *e, int m)
{
    double v = e->tariff_base[m];
    uint64_t seq = e->tariff_base_seq[m];
    for (int k = 0; k < w->recovery_count; k++) {
        const sgf_recovery *r = &w->recoveries[k];
        if (r->kind == SGF_EV_TARIFF_CHANGE && r->index == m && r->seq > seq) {
            v = r->restore;
            seq = r->seq;
        }
    }
    return v;
}

/* The managing director's cognitive profile in force, the same way. */
static void md_now(sgf_world *w, const sgf_event_state *e)
{
    const double *v = e->md_base;
    uint64_t seq = e->md_base_seq;
    for (int k = 0; k < w->recovery_count; k++) {
        const sgf_recovery *r = &w->recoveries[k];
        if (r->kind == SGF_EV_MD_CHANGE && r->seq > seq) {
            v = r->profile;
            seq = r->seq;
        }
    }
    sgf_capabilities *c = &w->firm.cap;
    c->cultural_awareness = v[0];
    c->global_mindset = v[1];
    c->innovativeness = v[2];
    c->risk_taking = v[3];
    c->proactiveness = v[4];
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
 * partners of a role, or every partner located in a market, however many.
 * Returns the count; *out is the list (one, or an allocation the caller
 * frees when it is not `one`). -1 when out of memory. */
static int event_partners(sgf_world *w, const sgf_event_def *ev, int *one, int **out)
{
    *out = one;
    if (ev->target == SGF_TARGET_PARTNER) {
        int i = sgf_partner_find(w, ev->target_name);
        if (i >= 0) one[0] = i;
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
                one[0] = i;
                return 1;
            }
    }
    if (ev->target == SGF_TARGET_MARKET) {
        int m = market_of(w, ev->target_name), n = 0;
        for (int i = 0; i < w->partner_count; i++)
            if (w->partners[i].alive && w->partners[i].market == m) n++;
        if (n == 0) return 0;
        int *list = sgf_malloc(sizeof *list * (size_t)n);
        if (!list) {
            w->nomem = true;
            return -1;
        }
        n = 0;
        for (int i = 0; i < w->partner_count; i++)
            if (w->partners[i].alive && w->partners[i].market == m) list[n++] = i;
        *out = list;
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
    int one[1];
    int *hits = one;
    bool oom = false;
    int n = -1; /* partners hit; -1 where the event does not target partners */
    const char *tag = injected ? "injected" : "scheduled";
    int first_record = w->log_count; /* the partners' own records of this event */
    switch (ev->kind) {
    case SGF_EV_PARTNER_EXIT:
        n = event_partners(w, ev, one, &hits);
        if (n < 0) {
            oom = true;
            break;
        }
        for (int k = 0; k < n; k++) sgf_partner_remove(w, hits[k], SGF_LOG_PARTNER_EXIT, tag);
        break;
    case SGF_EV_KEY_PERSON_CHANGE:
        n = event_partners(w, ev, one, &hits);
        if (n < 0) {
            oom = true;
            break;
        }
        for (int k = 0; k < n; k++)
            if (w->partners[hits[k]].alive)
                sgf_key_person_leaves(w, hits[k], ev->magnitude > 0 ? ev->magnitude : 1.0,
                                      &w->event_rng);
        break;
    case SGF_EV_MD_CHANGE: {
        /* A new managing director brings another cognitive profile; cognitive
         * capabilities change only this way (001:6754-6761). */
        sgf_event_state *e = event_state(w);
        if (!e) break;
        uint64_t seq = ++e->seq;
        double prof[5];
        cognitive(&ev->new_profile, prof);
        f->previous_profile = f->cap;
        f->md_changes++;
        if (ev->duration_weeks > 0) {
            sgf_recovery *r = schedule_recovery(w, ev->duration_weeks, SGF_EV_MD_CHANGE,
                                                SGF_TARGET_FIRM, -1, 0.0);
            if (!r) break;
            memcpy(r->profile, prof, sizeof prof);
            r->seq = seq;
        } else {
            memcpy(e->md_base, prof, sizeof prof);
            e->md_base_seq = seq;
        }
        md_now(w, e);
        break;
    }
    case SGF_EV_DEMAND_SHOCK: {
        int m = ev->target == SGF_TARGET_MARKET ? market_of(w, ev->target_name) : -1;
        sgf_event_state *e = event_state(w);
        if (!e) break;
        for (int k = 0; k < w->market_count; k++) {
            if (m >= 0 && k != m) continue;
            double factor = ev->magnitude > 0 ? ev->magnitude : 0.0;
            /* the recovery undoes this shock's factor, so overlapping shocks
             * each undo their own, a shock to zero too */
            stack_apply(&e->demand[k], factor, ev->duration_weeks > 0);
            w->markets[k].demand_factor = stack_value(&e->demand[k]);
            schedule_recovery(w, ev->duration_weeks, SGF_EV_DEMAND_SHOCK, SGF_TARGET_MARKET, k,
                              factor);
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
        sgf_event_state *e = m >= 0 ? event_state(w) : NULL;
        if (e) {
            uint64_t seq = ++e->seq;
            if (ev->duration_weeks > 0) {
                sgf_recovery *r = schedule_recovery(w, ev->duration_weeks, ev->kind,
                                                    SGF_TARGET_MARKET, m, ev->magnitude);
                if (r) r->seq = seq;
            } else {
                e->tariff_base[m] = ev->magnitude;
                e->tariff_base_seq[m] = seq;
            }
            w->markets[m].tariff = tariff_now(w, e, m);
        }
        break;
    }
    case SGF_EV_CAPACITY_LOSS: {
        /* A disaster at a location (market) or at one partner: capacity drops
         * to (1 - magnitude) until it recovers. */
        sgf_event_state *e = event_state(w);
        if (!e) break;
        double factor = 1.0 - sgf_clamp01(ev->magnitude);
        bool temporary = ev->duration_weeks > 0;
        if (ev->target == SGF_TARGET_MARKET) {
            int m = market_of(w, ev->target_name);
            if (m >= 0) {
                stack_apply(&e->capacity[m], factor, temporary);
                w->markets[m].capacity_factor = stack_value(&e->capacity[m]);
                schedule_recovery(w, ev->duration_weeks, ev->kind, SGF_TARGET_MARKET, m, factor);
            }
        } else {
            n = event_partners(w, ev, one, &hits);
            if (n < 0) {
                oom = true;
                break;
            }
            for (int k = 0; k < n; k++) {
                sgf_partner *p = &w->partners[hits[k]];
                sgf_factor_stack *s = partner_stack(w, e, hits[k]);
                if (!s) break;
                stack_apply(s, factor, temporary);
                p->capacity_factor = (float)stack_value(s);
                schedule_recovery(w, ev->duration_weeks, ev->kind, SGF_TARGET_PARTNER, hits[k],
                                  factor);
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
    if (hits != one) sgf_free(hits);
    if (oom) return SGF_ERR_NOMEM;
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

/* Each recovery undoes its own event's effect and no other's: a factor is
 * divided out of its value's record, an absolute setting goes back to the
 * latest change still in force (tariff_now, md_now). */
static void apply_recoveries(sgf_world *w)
{
    for (int k = 0; k < w->recovery_count;) {
        if (w->recoveries[k].due_tick > w->tick) {
            k++;
            continue;
        }
        sgf_recovery rc = w->recoveries[k];
        const sgf_recovery *r = &rc;
        /* order-preserving removal keeps the log deterministic; it goes
         * first so that what is in force is read without it */
        memmove(&w->recoveries[k], &w->recoveries[k + 1],
                sizeof *r * (size_t)(w->recovery_count - k - 1));
        w->recovery_count--;
        const char *what = sgf_event_kind_name(r->kind);
        sgf_event_state *e = w->evs;
        double logged = r->restore; /* as before: the factor, or the value back in force */
        switch (r->kind) {
        case SGF_EV_DEMAND_SHOCK:
            if (!e) break;
            stack_undo(&e->demand[r->index], r->restore);
            w->markets[r->index].demand_factor = stack_value(&e->demand[r->index]);
            if (r->restore <= 0) logged = -w->markets[r->index].demand_factor; /* from zero */
            break;
        case SGF_EV_LABOUR_COST_CHANGE:
            /* a factor, so the drift during the event is kept */
            w->markets[r->index].labour_cost_index /= r->restore;
            break;
        case SGF_EV_MD_CHANGE:
            /* the profile of the latest managing director still in place */
            if (e) md_now(w, e);
            break;
        case SGF_EV_TARIFF_CHANGE:
            if (e) w->markets[r->index].tariff = tariff_now(w, e, r->index);
            logged = w->markets[r->index].tariff;
            break;
        case SGF_EV_CAPACITY_LOSS:
            if (!e) break;
            if (r->target == SGF_TARGET_MARKET) {
                stack_undo(&e->capacity[r->index], r->restore);
                w->markets[r->index].capacity_factor = stack_value(&e->capacity[r->index]);
                logged = w->markets[r->index].capacity_factor;
            } else if (w->partners[r->index].alive &&
                       w->partners[r->index].generation == r->generation) {
                sgf_factor_stack *s = partner_stack(w, e, r->index);
                if (s) {
                    stack_undo(s, r->restore);
                    w->partners[r->index].capacity_factor = (float)stack_value(s);
                    logged = w->partners[r->index].capacity_factor;
                }
            }
            break;
        default:
            break;
        }
        sgf_event_record *rec =
            sgf_log_market(w, SGF_LOG_RECOVERY, r->target == SGF_TARGET_MARKET ? r->index : -1,
                           logged, what, "recovery from %s", what);
        if (rec) rec->kind = r->kind;
        if (rec && r->target == SGF_TARGET_PARTNER && w->partners[r->index].alive &&
            w->partners[r->index].generation == r->generation) {
            rec->partner_uid = w->partners[r->index].uid;
            rec->role = w->partners[r->index].role;
            rec->market = w->partners[r->index].market;
        }
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
