/* world.c: the life cycle of a world (create, destroy) and the weekly
 * schedule. The helpers the submodels share are in net.c, read access in
 * view.c, the invariants of --check in invariants.c.
 *
 * The schedule (sgf_world_step) is MODEL.md section 7 as a list of calls, one
 * per submodel; docs/ODD.md ("Process overview and scheduling") describes it.
 */
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "model/world_internal.h"

static void firm_init(sgf_world *w)
{
    const sgf_firm_def *fd = &w->def.firm;
    sgf_firm *f = &w->firm;
    memset(f, 0, sizeof *f);
    f->cash_eur = fd->cash_eur;
    f->employees = f->employees0 = fd->employees;
    f->cap = fd->capabilities;
    f->flexibility0 = fd->capabilities.flexibility;
    f->tech_level = fd->technology_level;
    f->frontier = 1.0;
    f->tech_knowledge = fd->technology_knowledge;
    f->newness = fd->newness;
    f->smallness = fd->smallness;
    f->incentives = fd->incentives;
    f->preset = fd->management.preset;
    f->inventory = fd->supply.initial_inventory_units;
    f->produced_total = f->inventory; /* opening stock counts as produced */
    f->inhouse_capacity = fd->supply.inhouse_capacity_units_per_week;
    f->failed_tick = -1;
    f->first_foreign_sale_tick = -1;
    /* the integrated form makes in house: give it capacity if none is set */
    if (fd->governance == SGF_GOV_INTEGRATED && f->inhouse_capacity <= 0.0) {
        double demand = 0;
        for (int m = 0; m < w->market_count; m++) demand += w->def.markets[m].demand_units_per_week;
        f->inhouse_capacity = 0.5 * demand;
    }
    sgf_mode_weights(f->preset, fd->management.weight, f->mode_w);
}

sgf_status sgf_world_create(const sgf_world_def *def, sgf_world **out)
{
    *out = NULL;
    sgf_world *w = sgf_calloc(1, sizeof *w);
    if (!w) return SGF_ERR_NOMEM;
    sgf_status st = sgf_world_def_copy(&w->def, def);
    if (st != SGF_OK) {
        sgf_free(w);
        return st;
    }
    sgf_rng_derive(&w->rng, def->seed, def->run_index, SGF_STREAM_MODEL);
    sgf_rng_derive(&w->event_rng, def->seed, def->run_index, SGF_STREAM_EVENTS);
    sgf_rng_derive(&w->demand_rng, def->seed, def->run_index, SGF_STREAM_DEMAND);

    st = SGF_ERR_NOMEM;
    w->market_count = def->market_count;
    w->markets =
        sgf_calloc((size_t)(def->market_count ? def->market_count : 1), sizeof *w->markets);
    w->event_fired = sgf_calloc((size_t)(def->event_count ? def->event_count : 1), sizeof(bool));
    if (!w->markets || !w->event_fired) goto fail;
    w->home = 0;
    for (int m = 0; m < def->market_count; m++) {
        const sgf_market_def *md = &def->markets[m];
        sgf_market *mk = &w->markets[m];
        mk->demand_level = md->demand_units_per_week;
        mk->demand_units = md->demand_units_per_week;
        mk->demand_factor = 1.0;
        mk->labour_cost_index = md->labour_cost_index;
        mk->tariff = md->tariff;
        mk->knowledge = md->home ? 1.0 : md->initial_knowledge;
        mk->foreignness = md->home ? 0.0 : md->cultural_distance * (1.0 - mk->knowledge);
        mk->outsidership = md->home ? 0.0 : 1.0 - 0.5 * mk->knowledge;
        mk->capacity_factor = 1.0;
        mk->entered_tick = (md->home || md->served_at_start) ? 0 : -1;
        mk->first_sale_tick = -1;
        mk->open = md->open_tick <= 0;
        if (md->home) w->home = m;
    }
    firm_init(w);
    w->epg_first_deal_tick = -1;
    st = sgf_population_build(w);
    if (st != SGF_OK) goto fail;
    st = sgf_management_init(w);
    if (st != SGF_OK) goto fail;
    sgf_capability_derive(w);
    w->partners_start = w->alive_count; /* what joins or leaves from here on is counted */
    w->partners_joined = w->partners_left = 0;
    *out = w;
    return SGF_OK;
fail:
    sgf_world_destroy(w);
    return st;
}

void sgf_world_destroy(sgf_world *w)
{
    if (!w) return;
    sgf_world_def_free(&w->def);
    sgf_free(w->markets);
    sgf_free(w->partners);
    sgf_free(w->names);
    sgf_free(w->free_slots);
    sgf_free(w->recoveries);
    sgf_free(w->actions);
    sgf_events_free(w);
    sgf_free(w->event_fired);
    sgf_free(w->log);
    sgf_census_free(&w->census);
    sgf_free(w->money_weight);
    sgf_free(w);
}

/* The weekly schedule, MODEL.md 7. */
/* Steps 7, 8 and 9 in one pass over the net: each live partner gets its
 * management (management.c), then decides and its relationship updates
 * (partner.c); a channel first gets its share of step 3's orders (market.c). Step 7 of a partner
 * reads nothing that steps 8-9 of the partners before it write, so this is the same as running step
 * 7 for all, then 8-9 for all, with one walk through the partner array instead of two (see
 * sgf_management_week). */
static void partners_week(sgf_world *w)
{
    sgf_management_week mw;
    sgf_partner_week pw;
    sgf_management_begin(w, &mw);
    sgf_partner_week_begin(w, &pw);
    for (int i = 0; i < w->partner_count; i++) {
        sgf_partner *p = &w->partners[i];
        if (i % SGF_STOP_STRIDE == 0 && sgf_stopping(w)) return;
        if (!p->alive) continue;
        /* step 3's split of the orders, left to this pass */
        if (mw.downstream >> p->role & 1u) sgf_market_channel_split(&w->census, p);
        sgf_management_partner(w, &mw, i);
        sgf_partner_decide(w, &pw, i);
    }
    sgf_management_end(w, &mw);
}

void sgf_world_set_stop(sgf_world *w, const volatile sig_atomic_t *stop)
{
    w->stop = stop;
}

static sgf_status interrupted(sgf_world *w)
{
    snprintf(w->error, sizeof w->error, "tick %d: stopped on request", w->tick);
    return SGF_ERR_INTERRUPTED;
}

sgf_status sgf_world_step(sgf_world *w)
{
    if (w->stopped) return interrupted(w);
    if (sgf_world_done(w)) return SGF_OK;
    w->tick++;
    w->log_count = 0;
    memset(&w->acc, 0, sizeof w->acc);

/* Between steps, and inside the long ones, the stop flag is looked at. */
#define SGF_STOP_POINT()                                                                           \
    do {                                                                                           \
        if (sgf_stopping(w)) return interrupted(w);                                                \
    } while (0)
    sgf_events_step(w); /* 1 events and environment */
    SGF_STOP_POINT();
    sgf_market_demand_step(w); /* 1 demand per market */
    sgf_capability_step(w);    /* 2 sensing: S, Z, R, DC */
    SGF_STOP_POINT();
    if (sgf_census_take(w) != SGF_OK) { /* who is in the net, and channel power (3) */
        snprintf(w->error, sizeof w->error, "tick %d: out of memory", w->tick);
        return SGF_ERR_NOMEM;
    }
    SGF_STOP_POINT();
    if (!w->firm.failed) {
        sgf_market_sales_step(w); /* 3 sales */
        SGF_STOP_POINT();
        sgf_supply_step(w);     /* 4 supply */
        sgf_innovation_step(w); /* 5 innovation */
        sgf_finance_step(w);    /* 6 money and failure */
        SGF_STOP_POINT();
        partners_week(w); /* 7 management, 8 partners decide, 9 relationships */
        SGF_STOP_POINT();
        sgf_dynamics_step(w); /* 10 the dynamic capability */
        SGF_STOP_POINT();
        sgf_epg_step(w);             /*    export partner group, if any */
        sgf_market_learning_step(w); /* 11 learning */
        SGF_STOP_POINT();
        sgf_capability_learning_step(w);
        sgf_finance_settle(w); /* costs incurred after step 6 */
    }
    sgf_metrics_step(w); /* 12 observation */
    SGF_STOP_POINT();
#undef SGF_STOP_POINT
    if (w->nomem) {
        snprintf(w->error, sizeof w->error, "tick %d: out of memory", w->tick);
        return SGF_ERR_NOMEM;
    }
    if (w->def.check) return sgf_invariants_check(w);
    return SGF_OK;
}

bool sgf_world_done(const sgf_world *w)
{
    return w->tick >= w->def.ticks;
}
const char *sgf_world_error(const sgf_world *w)
{
    return w->error;
}

sgf_status sgf_world_inject(sgf_world *w, const sgf_event_def *ev)
{
    return sgf_events_apply(w, ev, true);
}
