/* dynamics.c: step 10 of the schedule, the dynamic-capability loop (MODEL.md
 * 7): sensed and seized opportunities become actions within attention and
 * cash, and actions under way complete after realistic durations.
 *
 * Actions: search for a partner (an R&D partner search takes six to eight
 * months, 000:126), enter a market via a sales partner, an owned office or a
 * joint venture with a trusted local partner (002:486-498), replace a
 * partner, relocate production when a location's advantage fades (001:6687,
 * 001:6706-6707), retrain or replace partners after a technology shift, and
 * unlearn after reconfiguring (001:6709-6718). Each successful foreign unit
 * raises the odds of the next (learning by doing, 002:700-708). Sensing
 * (S) decides how often opportunities are seen, seizing (Z) whether they are
 * taken, reconfiguring (R) whether the net is changed.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "base/detmath.h"
#include "model/world_internal.h"

int sgf_search_weeks(sgf_world *w, sgf_role role)
{
    const sgf_params *pr = &w->def.params;
    double lo, hi;
    if (sgf_role_is_knowledge(role))
        lo = pr->search_weeks_min, hi = pr->search_weeks_max;
    else if (role == SGF_ROLE_HARDWARE_MANUFACTURER || role == SGF_ROLE_COMPONENT_SUPPLIER)
        lo = 16, hi = 26; /* assumption: qualifying a contract manufacturer */
    else if (role == SGF_ROLE_SALES_OFFICE || role == SGF_ROLE_JOINT_VENTURE)
        lo = 26, hi = 52; /* assumption: founding a unit abroad */
    else
        lo = 8, hi = 16; /* assumption: finding a reseller */
    double weeks = sgf_rng_uniform_range(&w->rng, lo, hi + 1e-9);
    /* good sensing shortens the search */
    weeks *= 1.3 - 0.6 * w->firm.sensing;
    return weeks < 1 ? 1 : (int)weeks;
}

bool sgf_action_start(sgf_world *w, sgf_action_kind kind, sgf_role role, int market, int weeks,
                      int arg)
{
    /* one action of a kind per target at a time */
    for (int k = 0; k < w->action_count; k++) {
        const sgf_action *a = &w->actions[k];
        if (a->kind == kind && a->market == market && a->role == role &&
            (kind != SGF_ACT_REPLACE || a->arg == arg))
            return false;
    }
    if (w->action_count == w->action_capacity) {
        int cap = w->action_capacity ? w->action_capacity * 2 : 16;
        sgf_action *g = sgf_realloc(w->actions, sizeof *g * (size_t)cap);
        if (!g) {
            w->nomem = true;
            return false;
        }
        w->actions = g;
        w->action_capacity = cap;
    }
    uint32_t gen = arg >= 0 && arg < w->partner_count ? w->partners[arg].generation : 0;
    w->actions[w->action_count++] = (sgf_action){kind, role, market, w->tick + weeks, arg, gen};
    w->acc.search_costs += w->def.firm.search_budget_eur;
    sgf_event_record *r =
        sgf_log_market(w, SGF_LOG_SEARCH_STARTED, market, (double)weeks,
                       kind == SGF_ACT_ENTER_MARKET ? "entry" : "partner", "%s search for %s",
                       kind == SGF_ACT_ENTER_MARKET ? "entry" : "partner", sgf_role_name(role));
    if (r) r->role = (int)role;
    return true;
}

/* A partner found by a search: a newcomer to the tie. */
static int add_found_partner(sgf_world *w, sgf_role role, int market, const char *why)
{
    sgf_partner_def p = sgf_partner_def_default();
    p.role = role;
    snprintf(p.market_iso, sizeof p.market_iso, "%s", w->def.markets[market].iso);
    snprintf(p.name, sizeof p.name, "%s %s %d", w->def.markets[market].iso, sgf_role_name(role),
             w->tick);
    double u = sgf_rng_uniform(&w->rng);
    p.size_ratio = u < 0.7 ? sgf_rng_uniform_range(&w->rng, 0.05, 0.5)
                           : sgf_rng_uniform_range(&w->rng, 0.5, 5.0);
    p.trust = 0.35;
    p.commitment = 0.2;
    p.motivation = 0.5 + 0.2 * sgf_rng_uniform(&w->rng);
    p.product_knowledge = 0.2;
    p.awareness = 0.4;
    p.alignment = 0.4 + 0.4 * sgf_rng_uniform(&w->rng);
    p.opportunism = sgf_rng_beta(&w->rng, 2, 6);
    p.loyalty = sgf_rng_beta(&w->rng, 3, 3);
    p.competence_fit = 0.6 + 0.4 * sgf_rng_uniform(&w->rng);
    /* a newcomer's outside option is like that of the partners of its role
     * already in the net (their mean, with the same spread as the default
     * populations); EUR 250 a week where there are none */
    double oo_sum = 0;
    int oo_n = 0;
    for (int i = 0; i < w->partner_count; i++)
        if (w->partners[i].alive && w->partners[i].role == role) {
            oo_sum += (double)w->partners[i].outside_option;
            oo_n++;
        }
    double oo = oo_n > 0 && oo_sum > 0 ? oo_sum / oo_n : 250.0;
    p.outside_option = sgf_rng_lognormal(&w->rng, dm_log(oo) - 0.08, 0.4); /* mean oo */
    p.focal_share = sgf_rng_beta(&w->rng, 2, 8);
    p.contact_persons = w->def.firm.management.contact_persons;
    if (role == SGF_ROLE_HARDWARE_MANUFACTURER || role == SGF_ROLE_COMPONENT_SUPPLIER) {
        double need = w->firm.expected_demand * 1.5;
        p.capacity_units_per_week = need > 30 ? need : 30;
        p.unit_cost_eur = w->def.firm.unit_cost_eur;
        p.size_ratio = sgf_rng_uniform_range(&w->rng, 1.0, 20.0);
        p.lead_time_weeks = 4 + 6 * sgf_rng_uniform(&w->rng);
    }
    int i = sgf_partner_add(w, &p, market);
    if (i >= 0) {
        w->acc.new_partners++;
        sgf_log_partner(w, SGF_LOG_NEW_PARTNER, i, (double)w->partners[i].trust, why, "%s", why);
    }
    return i;
}

static void unlearn(sgf_world *w)
{
    /* reconfiguring restores flexibility by unlearning (001:6709-6718) */
    sgf_firm *f = &w->firm;
    f->cap.flexibility =
        sgf_clamp01(f->cap.flexibility + 0.1 * (f->flexibility0 - f->cap.flexibility));
}

static void enter_market(sgf_world *w, const sgf_action *a)
{
    sgf_firm *f = &w->firm;
    sgf_market *mk = &w->markets[a->market];
    /* learning by doing: each successful foreign unit raises the odds of the
     * next (002:700-708); radical innovation lowers entry barriers (004:52-64) */
    double odds = 0.5 + 0.3 * mk->knowledge + 0.05 * f->units_succeeded +
                  0.1 * (1.0 - dm_exp(-f->radical_stock)) + 0.2 * f->seizing;
    if (!sgf_rng_bernoulli(&w->rng, sgf_clamp01(odds))) {
        sgf_log_market(w, SGF_LOG_ENTRY_FAILED, a->market, NAN, "", "entry failed");
        return;
    }
    int idx = -1;
    if (a->arg == SGF_ENTRY_OFFICE) {
        idx = add_found_partner(w, SGF_ROLE_SALES_OFFICE, a->market, "sales_office");
        sgf_log_market(w, SGF_LOG_OFFICE_OPENED, a->market, NAN, "", "sales office");
    } else if (a->arg == SGF_ENTRY_JV) {
        idx = add_found_partner(w, SGF_ROLE_JOINT_VENTURE, a->market, "joint_venture");
        sgf_log_market(w, SGF_LOG_JV_FORMED, a->market, NAN, "", "joint venture");
    } else if (w->def.firm.governance != SGF_GOV_INTEGRATED) {
        idx = add_found_partner(w, SGF_ROLE_SALES_PARTNER, a->market, "market_entry");
    }
    (void)idx;
    if (mk->entered_tick < 0) {
        mk->entered_tick = w->tick;
        f->markets_entered++;
        /* a new market is a new situation: newness returns (001:2435-2443) */
        f->newness = f->newness > 0.4 ? f->newness : 0.4;
        static const char *const how[] = {"partner", "sales_office", "joint_venture"};
        const char *cause = a->arg >= 0 && a->arg < 3 ? how[a->arg] : "partner";
        if (a->arg != SGF_ENTRY_OFFICE && a->arg != SGF_ENTRY_JV &&
            w->def.firm.governance == SGF_GOV_INTEGRATED)
            cause = "integrated";
        sgf_log_market(w, SGF_LOG_MARKET_ENTRY, a->market, NAN, cause, "entered");
    }
}

static void complete(sgf_world *w, const sgf_action *a)
{
    bool old_ok = a->arg >= 0 && a->arg < w->partner_count && w->partners[a->arg].alive &&
                  w->partners[a->arg].generation == a->arg_generation;
    switch (a->kind) {
    case SGF_ACT_SEARCH_PARTNER:
        add_found_partner(w, a->role, a->market, "search");
        break;
    case SGF_ACT_ENTER_MARKET:
        enter_market(w, a);
        break;
    case SGF_ACT_REPLACE:
        if (add_found_partner(w, a->role, a->market, "replacement") >= 0 && old_ok) {
            sgf_partner_remove(w, a->arg, SGF_LOG_PARTNER_EXIT, "replaced");
            unlearn(w);
        }
        break;
    case SGF_ACT_RELOCATE: {
        int n = add_found_partner(w, a->role, a->market, "relocation");
        if (n >= 0 && old_ok) {
            /* the new site takes over at least the old one's capacity */
            sgf_partner *fresh = &w->partners[n];
            if (fresh->capacity_units_per_week < w->partners[a->arg].capacity_units_per_week)
                fresh->capacity_units_per_week = w->partners[a->arg].capacity_units_per_week;
            sgf_event_record *r = sgf_log_market(w, SGF_LOG_RELOCATION, a->market, NAN, "",
                                                 "production moved from %s",
                                                 w->def.markets[w->partners[a->arg].market].iso);
            if (r) {
                r->partner_uid = fresh->uid;
                r->role = fresh->role;
            }
            sgf_partner_remove(w, a->arg, SGF_LOG_PARTNER_EXIT, "relocated");
            unlearn(w);
        }
        break;
    }
    case SGF_ACT_RETRAIN:
        if (old_ok) {
            sgf_partner *p = &w->partners[a->arg];
            p->competence_fit =
                sgf_clamp01f((double)p->competence_fit + 0.7 * (1.0 - (double)p->competence_fit));
            sgf_log_partner(w, SGF_LOG_RETRAIN, a->arg, (double)p->competence_fit, "", "retrained");
            unlearn(w);
        }
        break;
    }
}

/* The open market the firm would enter next: largest reachable demand. */
static int next_market(const sgf_world *w)
{
    int best = -1;
    double best_v = 0;
    for (int m = 0; m < w->market_count; m++) {
        const sgf_market *mk = &w->markets[m];
        if (!mk->open || mk->entered_tick >= 0) continue;
        bool pending = false;
        for (int k = 0; k < w->action_count; k++)
            if (w->actions[k].kind == SGF_ACT_ENTER_MARKET && w->actions[k].market == m)
                pending = true;
        if (pending) continue;
        double v = mk->demand_level * (1.0 - 0.5 * w->def.markets[m].cultural_distance);
        if (v > best_v) best_v = v, best = m;
    }
    return best;
}

/* Cheapest location for production: labour cost with tariff. */
static int cheapest_location(const sgf_world *w, double *cost)
{
    int best = -1;
    double bc = 0;
    for (int m = 0; m < w->market_count; m++) {
        double c = w->markets[m].labour_cost_index * (1.0 + w->markets[m].tariff) /
                   (w->markets[m].capacity_factor > 0.05 ? w->markets[m].capacity_factor : 0.05);
        if (best < 0 || c < bc) best = m, bc = c;
    }
    *cost = bc;
    return best;
}

void sgf_dynamics_step(sgf_world *w)
{
    sgf_firm *f = &w->firm;
    const sgf_params *pr = &w->def.params;
    const sgf_firm_def *fd = &w->def.firm;

    /* complete what is due, in start order */
    for (int k = 0; k < w->action_count;) {
        if (w->actions[k].due_tick > w->tick) {
            k++;
            continue;
        }
        sgf_action a = w->actions[k];
        memmove(&w->actions[k], &w->actions[k + 1],
                sizeof(sgf_action) * (size_t)(w->action_count - k - 1));
        w->action_count--;
        complete(w, &a);
    }

    /* the firm grows with its revenue (assumption: EUR 150,000 a year per
     * employee, Delta's 12 M with 80 people, MODEL.md 10) */
    double annual = w->acc.revenue * 52.0;
    double target = annual / 150000.0;
    if (target < 0.8 * f->employees0) target = 0.8 * f->employees0;
    f->employees += 0.002 * (target - f->employees);
    /* a firm that grows is less small (assumption: smallness falls with the
     * square root of growth) */
    f->smallness = sgf_clamp01(fd->smallness * sqrt(f->employees0 / f->employees));

    /* learning by doing: a foreign unit that sells after a year counts */
    for (int j = 0; j < w->census.n_owned; j++) {
        const sgf_partner *p = &w->partners[w->census.owned_idx[j]];
        if (p->alive && p->owned && p->age_weeks == 52 && p->market != w->home &&
            p->flow_ema > 0.5f)
            f->units_succeeded += 1.0;
    }

    /* how many actions attention allows at once: assumption, one per 20
     * net hours plus one */
    int capacity = 1 + (int)(f->attention_net / 20.0);
    if (w->action_count >= capacity) return;
    double buffer = fd->fixed_cost_eur_per_employee_week * f->employees * 8.0;
    bool can_pay = f->cash_eur + fd->credit_line_eur > buffer;

    /* 1. new markets: sensed with S, seized with Z, within cash */
    int m = next_market(w);
    if (m >= 0 && can_pay && sgf_rng_bernoulli(&w->rng, 0.04 * f->sensing) &&
        sgf_rng_bernoulli(&w->rng, f->seizing)) {
        int mode = SGF_ENTRY_PARTNER;
        sgf_role role = SGF_ROLE_SALES_PARTNER;
        if (fd->governance == SGF_GOV_MICROMULTINATIONAL) {
            /* a joint venture with a trusted local partner, else an office */
            bool trusted = false;
            for (int i = 0; i < w->partner_count; i++)
                if (w->partners[i].alive && w->partners[i].market == m &&
                    w->partners[i].trust > 0.6f)
                    trusted = true;
            mode = trusted || f->cap.risk_taking < 0.5 ? SGF_ENTRY_JV : SGF_ENTRY_OFFICE;
            role = mode == SGF_ENTRY_JV ? SGF_ROLE_JOINT_VENTURE : SGF_ROLE_SALES_OFFICE;
        } else if (fd->governance == SGF_GOV_INTEGRATED) {
            role = SGF_ROLE_SALES_OFFICE; /* own exporting staff: slow like a unit */
        }
        int weeks = sgf_search_weeks(w, role);
        weeks = (int)(weeks * (1.0 - 0.3 * (1.0 - dm_exp(-f->radical_stock))));
        double cost = mode == SGF_ENTRY_OFFICE ? pr->entry_cost_office_eur
                      : mode == SGF_ENTRY_JV   ? pr->entry_cost_jv_eur
                                               : pr->entry_cost_partner_eur;
        if (sgf_action_start(w, SGF_ACT_ENTER_MARKET, role, m, weeks > 0 ? weeks : 1, mode))
            w->acc.search_costs += cost;
    }

    /* 2. markets whose channel has shrunk below what the firm built there:
     * find a new partner */
    if (fd->governance != SGF_GOV_INTEGRATED)
        for (int k = 0; k < w->market_count; k++)
            if (k != w->home && w->markets[k].entered_tick >= 0 &&
                w->markets[k].channels < w->markets[k].target_channels && w->markets[k].open &&
                can_pay && sgf_rng_bernoulli(&w->rng, 0.2 * f->seizing))
                sgf_action_start(w, SGF_ACT_SEARCH_PARTNER, SGF_ROLE_SALES_PARTNER, k,
                                 sgf_search_weeks(w, SGF_ROLE_SALES_PARTNER), -1);

    /* 3. no manufacturer and nothing made in house: find one */
    /* live count: a relocation or replacement this week already counts */
    int manufacturers = w->role_alive[SGF_ROLE_HARDWARE_MANUFACTURER];
    double capacity_total = f->inhouse_capacity;
    for (int j = 0; j < w->census.n_suppliers; j++) {
        const sgf_partner *p = &w->partners[w->census.suppliers[j]];
        if (!p->alive) continue;
        if (p->role == SGF_ROLE_HARDWARE_MANUFACTURER || p->role == SGF_ROLE_COMPONENT_SUPPLIER)
            capacity_total += (double)p->capacity_units_per_week * (double)p->capacity_factor;
    }
    double best_cost;
    int cheap = cheapest_location(w, &best_cost);
    if (manufacturers == 0 && f->inhouse_capacity <= 0 && cheap >= 0)
        sgf_action_start(w, SGF_ACT_SEARCH_PARTNER, SGF_ROLE_HARDWARE_MANUFACTURER, cheap,
                         sgf_search_weeks(w, SGF_ROLE_HARDWARE_MANUFACTURER), -1);
    /* capacity short of expected demand: an opportunity to add a supplier,
     * sensed with S and seized with Z */
    if (manufacturers > 0 && capacity_total < 1.15 * f->expected_demand && cheap >= 0 && can_pay &&
        sgf_rng_bernoulli(&w->rng, 0.1 * f->sensing) && sgf_rng_bernoulli(&w->rng, f->seizing))
        sgf_action_start(w, SGF_ACT_SEARCH_PARTNER, SGF_ROLE_HARDWARE_MANUFACTURER, cheap,
                         sgf_search_weeks(w, SGF_ROLE_HARDWARE_MANUFACTURER), -1);

    /* 3b. a knowledge partner lost (it left, its key person went, it was
     * sanctioned away): the firm looks for another of that role at home,
     * as it looks for lost channel partners; an R&D partner search takes
     * 26-35 weeks (000:126) */
    if (can_pay)
        for (int r = 0; r < SGF_ROLE_COUNT; r++)
            if (sgf_role_is_knowledge((sgf_role)r) && w->role_alive[r] < w->role_built[r] &&
                sgf_rng_bernoulli(&w->rng, 0.1 * f->seizing))
                sgf_action_start(w, SGF_ACT_SEARCH_PARTNER, (sgf_role)r, w->home,
                                 sgf_search_weeks(w, (sgf_role)r), -1);

    /* 4. reconfiguring the net, gated by R */
    double R = f->reconfiguring;
    for (int i = 0; i < w->partner_count; i++) {
        const sgf_partner *p = &w->partners[i];
        if (!p->alive || p->owned) continue;
        sgf_role r = (sgf_role)p->role;
        /* underperformers are replaced when a replacement can be found:
         * replaceability tiers set how long that takes (001:3758-3763) */
        if (p->underperf_weeks > 26 && sgf_rng_bernoulli(&w->rng, 0.05 * R)) {
            int weeks = sgf_search_weeks(w, r) * (int)p->replaceability;
            sgf_action_start(w, SGF_ACT_REPLACE, r, p->market, weeks, i);
            continue;
        }
        /* after a technology shift: retrain or replace (small, trusted
         * partners are worth retraining) */
        if ((double)p->competence_fit < pr->retrain_threshold &&
            sgf_rng_bernoulli(&w->rng, 0.1 * R)) {
            if (p->size_class == 0 || p->trust > 0.6f)
                sgf_action_start(w, SGF_ACT_RETRAIN, r, p->market, 8, i);
            else
                sgf_action_start(w, SGF_ACT_REPLACE, r, p->market, sgf_search_weeks(w, r), i);
            continue;
        }
        /* relocation when the location's advantage fades (001:6687) */
        if (r == SGF_ROLE_HARDWARE_MANUFACTURER && cheap >= 0 && cheap != p->market) {
            const sgf_market *loc = &w->markets[p->market];
            double here = loc->labour_cost_index * (1.0 + loc->tariff) /
                          (loc->capacity_factor > 0.05 ? loc->capacity_factor : 0.05);
            if ((here - best_cost) / here > pr->relocation_threshold &&
                sgf_rng_bernoulli(&w->rng, 0.05 * f->sensing * R))
                sgf_action_start(w, SGF_ACT_RELOCATE, r, cheap, sgf_search_weeks(w, r), i);
        }
    }
}
