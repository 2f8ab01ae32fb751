/* population.c: the initial net, from partners listed one by one and from
 * generated populations ("120 sales partners over these 70 countries, trust ~
 * Beta(4,2), size mix 80 % small / 20 % large"; MODEL.md 3.3).
 *
 * Draws come from the run's SGF_STREAM_SCENARIO generator, so the sampled net
 * is the same whatever the model stream does, and changing a behavioural
 * parameter does not reshuffle the partners.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "model/world_internal.h"

/* Size ratio to the focal firm by class: assumption, small partners are
 * resellers a fraction of the SME's size, large ones system integrators or
 * contract manufacturers many times larger (001:3869-3881 contrasts them). */
static double draw_size_ratio(const sgf_population_def *pd, sgf_rng *r)
{
    double u = sgf_rng_uniform(r);
    if (u < pd->share_small) return sgf_rng_uniform_range(r, 0.05, 0.5);
    if (u < pd->share_small + (1.0 - pd->share_small - pd->share_large))
        return sgf_rng_uniform_range(r, 0.5, 2.0);
    return sgf_rng_uniform_range(r, 2.0, 50.0);
}

static double draw01(const sgf_dist *d, sgf_rng *r)
{
    return sgf_clamp01(sgf_dist_draw(d, r));
}
static double draw_pos(const sgf_dist *d, sgf_rng *r)
{
    double v = sgf_dist_draw(d, r);
    return v < 0.0 ? 0.0 : v;
}

static sgf_status build_population(sgf_world *w, const sgf_population_def *pd, sgf_rng *r)
{
    int pool[SGF_MAX_MARKETS];
    int n = 0;
    if (pd->market_count > 0) {
        for (int k = 0; k < pd->market_count && n < SGF_MAX_MARKETS; k++) {
            int m = sgf_world_def_market_index(&w->def, pd->markets[k]);
            if (m >= 0) pool[n++] = m;
        }
    } else {
        for (int m = 0; m < w->market_count && n < SGF_MAX_MARKETS; m++)
            if (m != w->home) pool[n++] = m;
    }
    if (n == 0) pool[n++] = w->home;

    for (int i = 0; i < pd->count; i++) {
        sgf_partner_def p = sgf_partner_def_default();
        snprintf(p.name, sizeof p.name, "%.36s %d", pd->name, i + 1);
        p.role = pd->role;
        /* Spread round-robin so every listed market gets its share. */
        int m = pool[i % n];
        snprintf(p.market_iso, sizeof p.market_iso, "%s", w->def.markets[m].iso);
        p.size_ratio = draw_size_ratio(pd, r);
        p.trust = draw01(&pd->trust, r);
        p.commitment = draw01(&pd->commitment, r);
        p.motivation = draw01(&pd->motivation, r);
        p.alignment = draw01(&pd->alignment, r);
        p.product_knowledge = draw01(&pd->product_knowledge, r);
        p.awareness = draw01(&pd->awareness, r);
        p.opportunism = draw01(&pd->opportunism, r);
        p.loyalty = draw01(&pd->loyalty, r);
        p.capacity_units_per_week = draw_pos(&pd->capacity_units_per_week, r);
        p.unit_cost_eur = draw_pos(&pd->unit_cost_eur, r);
        p.lead_time_weeks = draw_pos(&pd->lead_time_weeks, r);
        p.defect_rate = draw01(&pd->defect_rate, r);
        p.competence_fit = draw01(&pd->competence_fit, r);
        p.focal_share = draw01(&pd->focal_share, r);
        p.contact_persons = floor(draw_pos(&pd->contact_persons, r));
        p.outside_option = draw_pos(&pd->outside_option, r);
        p.contract = pd->contract;
        p.replaceability = pd->replaceability;
        /* Large partners weigh what a small firm offers little (001:3869-3881):
         * their preferences lean to money, and the firm is a small share of
         * their business. */
        if (p.size_ratio > 2.0) {
            p.pref[0] = 0.85;
            p.pref[1] = 0.05;
            p.pref[2] = 0.04;
            p.pref[3] = 0.03;
            p.pref[4] = 0.03;
            p.focal_share *= 0.3;
        }
        if (sgf_partner_add(w, &p, m) < 0) return SGF_ERR_NOMEM;
    }
    return SGF_OK;
}

sgf_status sgf_population_build(sgf_world *w)
{
    sgf_rng r;
    sgf_rng_derive(&r, w->def.seed, w->def.run_index, SGF_STREAM_SCENARIO);
    for (int i = 0; i < w->def.partner_count; i++) {
        const sgf_partner_def *pd = &w->def.partners[i];
        if (pd->start_tick > 0) continue; /* joins later (events.c) */
        int m = sgf_world_def_market_index(&w->def, pd->market_iso);
        if (m < 0) m = w->home;
        if (sgf_partner_add(w, pd, m) < 0) return SGF_ERR_NOMEM;
    }
    for (int k = 0; k < w->def.population_count; k++) {
        sgf_status st = build_population(w, &w->def.populations[k], &r);
        if (st != SGF_OK) return st;
    }
    /* A market with a downstream channel at start is served. */
    for (int i = 0; i < w->partner_count; i++) {
        const sgf_partner *p = &w->partners[i];
        if (p->alive && sgf_role_is_downstream((sgf_role)p->role) &&
            w->markets[p->market].entered_tick < 0 && w->markets[p->market].open)
            w->markets[p->market].entered_tick = 0;
    }
    /* Reserve room so that the growth of the net rarely reallocates. */
    return SGF_OK;
}
