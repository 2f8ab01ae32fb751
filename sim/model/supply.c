/* supply.c: step 4 of the schedule (MODEL.md 7): the firm's stock policy,
 * order allocation over its manufacturers, their capacity, lead time and
 * quality, the shipments pipeline, inventory, backlog, deliveries and fill
 * rate.
 *
 * Ordering is either a base-stock policy or Sterman's anchoring-and-
 * adjustment rule (Sterman 1989, "Modeling managerial behavior"), so the
 * Beer Game can be docked. Allocation across suppliers is equal or
 * proportional to trust (Kim 2009, JASSS 12(3)4). Units are conserved:
 * produced = delivered + in stock + in transit + scrapped (checked by
 * --check).
 */
#include <math.h>

#include "model/world_internal.h"

static bool is_supplier(const sgf_partner *p)
{
    return p->alive &&
           (p->role == SGF_ROLE_HARDWARE_MANUFACTURER || p->role == SGF_ROLE_COMPONENT_SUPPLIER);
}

/* Best logistics intermediary's effort: it steadies lead times. */
static double logistics_quality(const sgf_world *w)
{
    double best = 0.0;
    for (int j = 0; j < w->census.n_logistics; j++) {
        const sgf_partner *p = &w->partners[w->census.logistics[j]];
        if (p->alive && p->role == SGF_ROLE_LOGISTICS_PROVIDER) {
            double q = (double)p->effort * (double)p->capacity_factor;
            if (q > best) best = q;
        }
    }
    return best;
}

static double pipeline_total(const sgf_firm *f)
{
    double s = 0;
    for (int k = 0; k < SGF_PIPE_WEEKS; k++) s += f->pipeline[k];
    return s;
}

static void ship(sgf_world *w, double units, double lead_weeks, double defect, double cost_eur)
{
    sgf_firm *f = &w->firm;
    int lt = (int)lround(lead_weeks);
    if (lt < 1) lt = 1;
    if (lt > SGF_PIPE_WEEKS - 1) lt = SGF_PIPE_WEEKS - 1;
    double bad = units * sgf_clamp01(defect);
    f->produced_total += units;
    f->scrapped_total += bad;
    f->pipeline[(w->tick + lt) % SGF_PIPE_WEEKS] += units - bad;
    w->acc.cogs += units * cost_eur;
    w->acc.lead_time_sum += lt * units;
    w->acc.lead_time_n += units;
}

void sgf_supply_step(sgf_world *w)
{
    sgf_firm *f = &w->firm;
    const sgf_supply_def *sd = &w->def.firm.supply;

    /* arrivals */
    int slot = w->tick % SGF_PIPE_WEEKS;
    f->inventory += f->pipeline[slot];
    w->acc.received = f->pipeline[slot];
    f->pipeline[slot] = 0.0;

    /* deliveries from stock against backlog (new orders are in it) */
    double due = f->backlog;
    double shipped = f->inventory < due ? f->inventory : due;
    f->inventory -= shipped;
    f->backlog -= shipped;
    f->delivered_total += shipped;
    w->acc.deliveries = shipped;
    /* customers who waited too long go elsewhere: assumption, 10 % a week */
    double lost = 0.1 * f->backlog;
    f->backlog -= lost;
    f->lost_total += lost;
    w->acc.due = due;

    /* stock policy */
    double demand = w->acc.orders;
    if (w->tick == 1) {
        /* Start in steady state: expected demand is the first week's orders
         * and the supply line holds that much a week for the mean lead time.
         * Like the opening stock, these units count as produced before the
         * run and cost nothing in it. */
        f->expected_demand = demand;
        int lead0 = 0;
        double lsum = 0;
        for (int j = 0; j < w->census.n_suppliers; j++) {
            const sgf_partner *p = &w->partners[w->census.suppliers[j]];
            if (is_supplier(p)) lsum += (double)p->lead_time_weeks, lead0++;
        }
        int weeks = lead0 > 0 ? (int)lround(lsum / lead0) : 2;
        if (sd->echelons >= 2) {
            weeks = sd->shipping_delay_weeks;
            sgf_chain_start(w, demand);
        }
        if (weeks > SGF_PIPE_WEEKS - 1) weeks = SGF_PIPE_WEEKS - 1;
        for (int k = 1; k <= weeks; k++) {
            f->pipeline[(w->tick + k) % SGF_PIPE_WEEKS] += demand;
            f->produced_total += demand;
        }
    }
    f->expected_demand += sd->smoothing * (demand - f->expected_demand);
    double e = f->expected_demand;
    f->in_transit = pipeline_total(f);

    double trust_total = 0, lead_sum = 0, lead_trust = 0;
    int nsup = 0;
    for (int j = 0; j < w->census.n_suppliers; j++) {
        const sgf_partner *p = &w->partners[w->census.suppliers[j]];
        if (!is_supplier(p)) continue;
        trust_total += (double)p->trust;
        lead_sum += (double)p->lead_time_weeks;
        lead_trust += (double)p->trust * (double)p->lead_time_weeks;
        nsup++;
    }
    bool inhouse = f->inhouse_capacity > 0.0;
    /* the supply line covers the lead time of where the orders go: the
     * mean over the suppliers weighted by their shares of the order */
    double lead = nsup == 0                                              ? 2.0
                  : sd->allocation == SGF_ALLOC_TRUST && trust_total > 0 ? lead_trust / trust_total
                                                                         : lead_sum / nsup;
    bool chain = sd->echelons >= 2;
    if (chain) {
        /* the order in the mail to echelon 2 is part of the supply line */
        lead = (double)sd->shipping_delay_weeks + 1.0;
        f->in_transit += w->chain[1].incoming;
    }
    double order;
    if (sd->policy == SGF_ORDER_STERMAN) {
        double adj = sd->stock_adjust_weeks > 0 ? sd->stock_adjust_weeks : 1.0;
        double desired_stock = e * sd->cover_weeks;
        double desired_line = e * lead;
        order = e + (desired_stock - (f->inventory - f->backlog)) / adj +
                sd->supply_line_weight * (desired_line - f->in_transit) / adj;
    } else {
        double target = e * (sd->cover_weeks + lead);
        order = target - (f->inventory - f->backlog + f->in_transit);
    }
    if (order < 0.0 || !isfinite(order)) order = 0.0;
    w->acc.ordered_from_suppliers = order;
    if (chain) {
        w->acc.cogs += order * w->def.firm.unit_cost_eur;
        sgf_chain_step(w, order);
        return;
    }
    if (order <= 0.0) return;

    /* the integrated form makes in house first (001:6383-6393) */
    if (inhouse) {
        double home_cap = f->inhouse_capacity * w->markets[w->home].capacity_factor;
        double made = order < home_cap ? order : home_cap;
        ship(w, made, 2.0, 0.02, w->def.firm.supply.inhouse_unit_cost_eur);
        order -= made;
        if (order <= 0.0 || nsup == 0) return;
    }
    if (nsup == 0) return;

    double steadiness = logistics_quality(w);
    for (int j = 0; j < w->census.n_suppliers; j++) {
        sgf_partner *p = &w->partners[w->census.suppliers[j]];
        if (!is_supplier(p)) continue;
        double share = sd->allocation == SGF_ALLOC_TRUST && trust_total > 0
                           ? (double)p->trust / trust_total
                           : 1.0 / nsup;
        double asked = order * share;
        const sgf_market *loc = &w->markets[p->market];
        double cap =
            (double)p->capacity_units_per_week * (double)p->capacity_factor * loc->capacity_factor;
        /* schedule adherence follows effort; an over-promise ships less
         * than the capacity it claimed (001:95-97) */
        double adherence = 0.5 + 0.5 * (double)p->effort;
        if (p->act == SGF_OPP_OVERPROMISE) adherence *= 0.5;
        double made = asked < cap ? asked : cap;
        made *= adherence;
        /* lead time varies less with coordination and a good logistics
         * intermediary (001:4057-4072) */
        double sd_lt = w->def.params.lead_time_noise * (1.0 - 0.7 * (double)p->coordination) *
                       (1.0 - 0.5 * steadiness);
        double lt = (double)p->lead_time_weeks * (1.0 + sd_lt * sgf_rng_normal(&w->rng, 0.0, 1.0));
        /* quality: mismatches fall with coordination */
        double defect = (double)p->defect_rate * (1.5 - (double)p->coordination);
        /* landed cost rises with the location's labour cost and tariff */
        double cost =
            (double)p->unit_cost_eur * (0.5 + 0.5 * loc->labour_cost_index) * (1.0 + loc->tariff);
        if (w->def.firm.value_capture == SGF_CAPTURE_EFFICIENCY) cost *= 0.9;
        ship(w, made, lt, defect, cost);
        p->flow_units = (float)made;
        p->expected_flow = (float)asked;
        p->experience = (float)(asked > 0 ? sgf_clamp01(made / asked) * (1.0 - defect) : 1.0);
    }
}
