/* metrics.c: step 12 of the schedule, observation (MODEL.md 8): the metrics
 * of the tick, the tables that name them for writers, sweeps and
 * comparisons, and the run summary.
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "base/text.h"
#include "model/world_internal.h"

#define M(field, unit, doc)                                                                        \
    {                                                                                              \
#field, offsetof(sgf_metrics, field), unit, doc, ""                                        \
    }
#define R(role, name)                                                                              \
    {                                                                                              \
        "partners_" name, offsetof(sgf_metrics, role_partners) + sizeof(double) * role, "count",   \
            "alive partners of role " name " (owned units included)", ""                           \
    }
const sgf_metric_info sgf_metric_table[] = {
    M(tick, "week", "the week (1 to ticks)"),
    M(year, "year", "calendar year of the week (52 weeks a year from start_year)"),
    M(revenue_eur, "EUR", "revenue booked this week"),
    M(profit_eur, "EUR", "profit this week"),
    M(cash_eur, "EUR", "cash at the end of the week"),
    M(orders_units, "units", "customer orders this week"),
    M(deliveries_units, "units", "units delivered to customers"),
    M(fill_rate, "share", "deliveries / (backlog + new orders)"),
    M(backlog_units, "units", "orders waiting"),
    M(inventory_units, "units", "finished goods in stock"),
    M(in_transit_units, "units", "shipments under way"),
    M(lead_time_weeks, "weeks", "mean lead time of this week's shipments"),
    M(partners, "count", "partners and owned units alive"),
    M(upstream_partners, "count", "R&D, software, manufacturing, components, logistics"),
    M(downstream_partners, "count", "sales partners, distributors, strategic partners, units"),
    M(knowledge_partners, "count", "R&D, universities, institutes, consultants, competitors"),
    M(owned_units, "count", "sales offices and joint ventures"),
    M(markets_served, "count", "markets entered and open"),
    M(international_share, "share",
      "foreign revenue / revenue of this week (0 without revenue); summary.csv has the last "
      "year's"),
    M(mean_trust, "[0,1]", "mean trust over non-owned partners"),
    M(mean_motivation, "[0,1]", "mean motivation over non-owned partners"),
    M(mean_commitment, "[0,1]", "mean commitment over non-owned partners"),
    M(mean_satisfaction, "[0,1]", "mean satisfaction over non-owned partners"),
    M(opportunism_committed, "count", "opportunistic acts this week"),
    M(opportunism_detected, "count", "acts detected this week"),
    M(opportunism_damage_eur, "EUR",
      "damage of this week's acts, net of what early detection saved"),
    M(defections, "count", "partners that defected this week (also counted in exits)"),
    M(exits, "count", "partners that left this week, every cause (events.csv partner_exit rows)"),
    M(new_partners, "count", "partners that joined this week (events.csv new_partner rows)"),
    M(key_person_changes, "count", "key-person changes this week"),
    M(knowledge_leaked, "[0,1]", "share of the firm's knowledge leaked this week"),
    M(technology_gap, "level", "frontier minus the firm's technology level"),
    M(innovations_incremental, "count", "cumulative incremental co-innovations"),
    M(innovations_radical, "count", "cumulative radical co-innovations"),
    M(foreignness, "[0,1]", "mean liability of foreignness over served foreign markets"),
    M(outsidership, "[0,1]", "mean liability of outsidership over served foreign markets"),
    M(newness, "[0,1]", "liability of newness"),
    M(smallness, "[0,1]", "liability of smallness"),
    M(sensing, "[0,1]", "sensing, S of the dynamic capability"),
    M(seizing, "[0,1]", "seizing, Z of the dynamic capability"),
    M(reconfiguring, "[0,1]", "reconfiguring, R of the dynamic capability"),
    M(dc, "[0,1]", "dynamic capability, geomean(S, Z, R)"),
    M(attention_used_hours, "hours", "management hours spent on partners"),
    M(attention_net_hours, "hours", "management hours left after operations"),
    M(diversity, "[0,1]", "partner-type diversity D = (k/8)^2 (004:84)"),
    M(amc, "[0,1]", "alliance management capability"),
    M(epg_deals, "count", "export partner group deals closed this week"),
    M(epg_cooperation, "[0,1]", "cooperation within the export partner group"),
    M(epg_jealousy, "[0,1]", "jealousy within the export partner group"),
    M(epg_time_efficiency, "[0,1]", "export manager's time efficiency"),
    M(failed, "0/1", "1 once the firm has failed"),
    R(SGF_ROLE_RND_PARTNER, "rnd_partner"),
    R(SGF_ROLE_SOFTWARE_SUPPLIER, "software_supplier"),
    R(SGF_ROLE_HARDWARE_MANUFACTURER, "hardware_manufacturer"),
    R(SGF_ROLE_COMPONENT_SUPPLIER, "component_supplier"),
    R(SGF_ROLE_LOGISTICS_PROVIDER, "logistics_provider"),
    R(SGF_ROLE_SALES_PARTNER, "sales_partner"),
    R(SGF_ROLE_DISTRIBUTOR, "distributor"),
    R(SGF_ROLE_STRATEGIC_PARTNER, "strategic_partner"),
    R(SGF_ROLE_MARKETING_PARTNER, "marketing_partner"),
    R(SGF_ROLE_UNIVERSITY, "university"),
    R(SGF_ROLE_RESEARCH_INSTITUTE, "research_institute"),
    R(SGF_ROLE_CONSULTANT, "consultant"),
    R(SGF_ROLE_COMPETITOR, "competitor"),
    R(SGF_ROLE_SALES_OFFICE, "sales_office"),
    R(SGF_ROLE_JOINT_VENTURE, "joint_venture"),
};
#undef M
#undef R
_Static_assert(SGF_ROLE_COUNT == 15, "a partners_<role> column per role");
const int sgf_metric_count = (int)(sizeof sgf_metric_table / sizeof sgf_metric_table[0]);

#define S(field, unit, doc)                                                                        \
    {                                                                                              \
#field, offsetof(sgf_summary, field), unit, doc, ""                                        \
    }
#define SE(field, unit, doc, empty)                                                                \
    {                                                                                              \
#field, offsetof(sgf_summary, field), unit, doc, empty                                     \
    }
const sgf_metric_info sgf_summary_table[] = {
    S(ticks_run, "weeks", "weeks simulated"),
    S(revenue_total_eur, "EUR", "revenue over the run"),
    S(profit_total_eur, "EUR", "profit over the run"),
    S(final_cash_eur, "EUR", "cash at the end"),
    SE(revenue_ratio_last_first_year, "ratio",
       "revenue of the last full year / revenue of the first year (1: no change)",
       "the first year had no revenue"),
    S(international_share_last_year, "share",
      "foreign revenue / revenue of the last full year (success); 0 without revenue"),
    SE(weeks_to_first_foreign_sale, "weeks", "week of the first foreign sale (speed)",
       "no foreign sale"),
    S(markets_entered, "count", "markets entered during the run (speed)"),
    S(markets_served_final, "count", "markets served at the end"),
    S(partners_start, "count", "partners and owned units alive at week 0"),
    S(partners_joined, "count", "partners that joined during the run (new_partner events)"),
    S(partners_left, "count", "partners that left during the run, every cause (partner_exit)"),
    S(partners_final, "count", "partners alive at the end = start + joined - left"),
    S(mean_fill_rate, "share", "mean weekly fill rate"),
    S(mean_trust, "[0,1]", "mean over weeks"),
    S(mean_motivation, "[0,1]", "mean over weeks"),
    S(mean_commitment, "[0,1]", "mean over weeks"),
    S(opportunism_committed, "count", "acts over the run"),
    S(opportunism_detected, "count", "acts detected over the run"),
    S(opportunism_damage_eur, "EUR", "damage of opportunistic acts over the run"),
    S(defections, "count", "defections over the run"),
    S(key_person_changes, "count", "key-person changes over the run"),
    S(innovations_incremental, "count", "incremental co-innovations"),
    S(innovations_radical, "count", "radical co-innovations"),
    S(dc_mean, "[0,1]", "mean dynamic capability"),
    S(failed, "0/1", "1 if the firm failed"),
    SE(failed_tick, "week", "week the firm failed", "the firm did not fail"),
    SE(bullwhip, "ratio", "var(orders to suppliers) / var(customer orders), after the warm-up",
       "customer orders did not vary"),
    SE(bullwhip_2, "ratio", "serial chain: var(orders of echelon 2) / var(customer orders)",
       "no serial chain with 2 echelons (supply.echelons < 2)"),
    SE(bullwhip_3, "ratio", "serial chain: echelon 3", "fewer than 3 echelons"),
    SE(bullwhip_4, "ratio", "serial chain: echelon 4", "fewer than 4 echelons"),
    S(inventory_sd, "units", "standard deviation of inventory, after the warm-up"),
    S(amc_mean, "[0,1]", "mean alliance management capability"),
    S(diversity_mean, "[0,1]", "mean partner-type diversity"),
    S(epg_deals, "count", "export partner group deals over the run"),
    SE(weeks_to_first_epg_deal, "weeks", "week of the export partner group's first deal",
       "no deal"),
};
#undef S
#undef SE
const int sgf_summary_count = (int)(sizeof sgf_summary_table / sizeof sgf_summary_table[0]);

int sgf_metric_find(const char *name)
{
    for (int i = 0; i < sgf_metric_count; i++)
        if (strcmp(sgf_metric_table[i].name, name) == 0) return i;
    return -1;
}

const char *sgf_metric_suggest(const sgf_metric_info *table, int count, const char *name, char *buf,
                               size_t size)
{
    if (size) buf[0] = '\0';
    size_t len = 0, nl = strlen(name);
    int shown = 0;
    for (int pass = 0; pass < 2 && shown < 6; pass++)
        for (int i = 0; i < count && shown < 6; i++) {
            const char *t = table[i].name;
            size_t tl = strlen(t);
            bool sub = nl >= 3 && (strstr(t, name) || (tl >= 3 && strstr(name, t)));
            size_t pre = 0;
            while (pre < nl && pre < tl && t[pre] == name[pre]) pre++;
            int d = sgf_edit_distance(t, name);
            if (d > 9) d = 9; /* names are short: 9 is far */
            bool close = sub || d <= (nl < 8 ? 2 : 3) || (pre >= 6 && pre * 2 >= nl);
            /* the first pass takes the closest kind (edit distance), the
             * second the rest */
            if (!close || (pass == 0) != (d <= 3)) continue;
            int n = snprintf(buf + len, len < size ? size - len : 0, "%s%s", shown ? ", " : "", t);
            if (n > 0 && len + (size_t)n < size) len += (size_t)n;
            shown++;
        }
    return buf;
}

/* Start counting the live partners for week tick. */
void sgf_metrics_tally_start(sgf_partner_tally *t, int tick)
{
    memset(t, 0, sizeof *t);
    t->tick = tick;
    for (int r = 0; r < SGF_ROLE_COUNT; r++) {
        if (sgf_role_is_upstream((sgf_role)r)) t->upstream_roles |= 1u << r;
        if (sgf_role_is_downstream((sgf_role)r)) t->downstream_roles |= 1u << r;
        if (sgf_role_is_knowledge((sgf_role)r)) t->knowledge_roles |= 1u << r;
        t->type_of_role[r] = (uint8_t)sgf_role_partner_type((sgf_role)r);
    }
}

/* Count live partner p, in index order (the sums are in that order). */
void sgf_metrics_tally(sgf_partner_tally *t, const sgf_partner *p)
{
    unsigned r = p->role;
    t->type_seen[t->type_of_role[r]] = true;
    t->partners++;
    if (t->upstream_roles >> r & 1u) t->upstream++;
    if (t->downstream_roles >> r & 1u) t->downstream++;
    if (t->knowledge_roles >> r & 1u) t->knowledge++;
    if (p->owned) {
        t->owned++;
        return;
    }
    t->not_owned++;
    t->trust += p->trust;
    t->motivation += p->motivation;
    t->commitment += p->commitment;
    t->satisfaction += p->satisfaction;
}

void sgf_metrics_step(sgf_world *w)
{
    sgf_metrics *m = &w->metrics;
    const sgf_firm *f = &w->firm;
    const sgf_tick_acc *a = &w->acc;
    memset(m, 0, sizeof *m);
    m->tick = w->tick;
    m->year = w->def.start_year + (w->tick - 1) / 52;
    m->revenue_eur = a->revenue;
    m->profit_eur = a->revenue - a->partner_margins - a->cogs - a->fixed_costs -
                    a->management_costs - a->search_costs;
    m->cash_eur = f->cash_eur;
    m->orders_units = a->orders;
    m->deliveries_units = a->deliveries;
    m->fill_rate = a->due > 0 ? a->deliveries / a->due : 1.0;
    m->backlog_units = f->backlog;
    m->inventory_units = f->inventory;
    double transit = 0;
    for (int k = 0; k < SGF_PIPE_WEEKS; k++) transit += f->pipeline[k];
    m->in_transit_units = transit;
    m->lead_time_weeks = a->lead_time_n > 0 ? a->lead_time_sum / a->lead_time_n : 0.0;
    /* the partner counts: step 11's pass took them this week while the
     * firm traded; else they are taken here */
    sgf_partner_tally *t = &w->tally;
    if (t->tick != w->tick) {
        sgf_metrics_tally_start(t, w->tick);
        for (int i = 0; i < w->partner_count; i++)
            if (w->partners[i].alive) sgf_metrics_tally(t, &w->partners[i]);
    }
    m->partners = t->partners;
    m->upstream_partners = t->upstream;
    m->downstream_partners = t->downstream;
    m->knowledge_partners = t->knowledge;
    m->owned_units = t->owned;
    double nt = t->not_owned;
    if (nt > 0) {
        m->mean_trust = t->trust / nt;
        m->mean_motivation = t->motivation / nt;
        m->mean_commitment = t->commitment / nt;
        m->mean_satisfaction = t->satisfaction / nt;
    }
    double fo = 0, out = 0;
    int nf = 0;
    for (int k = 0; k < w->market_count; k++) {
        const sgf_market *mk = &w->markets[k];
        if (mk->entered_tick < 0 || !mk->open) continue;
        m->markets_served++;
        if (k == w->home) continue;
        fo += mk->foreignness;
        out += mk->outsidership;
        nf++;
    }
    m->foreignness = nf ? fo / nf : 0.0;
    m->outsidership = nf ? out / nf : 0.0;
    m->international_share = a->revenue > 0 ? a->foreign_revenue / a->revenue : 0.0;
    m->opportunism_committed = a->acts;
    m->opportunism_detected = a->detected;
    m->opportunism_damage_eur = a->damage_eur;
    m->defections = a->defections;
    m->exits = a->exits;
    m->new_partners = a->new_partners;
    m->key_person_changes = a->key_person_changes;
    m->knowledge_leaked = a->leaked;
    m->technology_gap = f->frontier - f->tech_level;
    m->innovations_incremental = f->innovations_incremental;
    m->innovations_radical = f->innovations_radical;
    m->newness = f->newness;
    m->smallness = f->smallness;
    m->sensing = f->sensing;
    m->seizing = f->seizing;
    m->reconfiguring = f->reconfiguring;
    m->dc = f->dc;
    m->attention_used_hours = f->attention_used;
    m->attention_net_hours = f->attention_net;
    int types = 0;
    for (int k = 0; k < SGF_PTYPE_COUNT; k++) types += t->type_seen[k];
    m->diversity = (types / 8.0) * (types / 8.0); /* D = (k/8)^2, 004:84 */
    m->amc = f->amc;
    m->epg_deals = w->epg_deals_week;
    m->epg_cooperation = w->epg_cooperation;
    m->epg_jealousy = w->epg_jealousy;
    m->epg_time_efficiency = w->epg_time_efficiency;
    m->failed = f->failed ? 1.0 : 0.0;
    for (int r = 0; r < SGF_ROLE_COUNT; r++) m->role_partners[r] = w->role_alive[r];

    /* run accumulators */
    w->n_obs++;
    w->sum_fill += m->fill_rate;
    w->sum_trust += m->mean_trust;
    w->sum_motivation += m->mean_motivation;
    w->sum_commitment += m->mean_commitment;
    w->sum_dc += m->dc;
    w->sum_amc += m->amc;
    w->sum_diversity += m->diversity;
    w->tot_acts += a->acts;
    w->tot_detected += a->detected;
    w->tot_damage += a->damage_eur;
    w->tot_defections += a->defections;
    w->tot_key_person += a->key_person_changes;
    if (w->tick % 52 == 0) { /* a year ends: it becomes the last complete one */
        w->revenue_last_year = w->revenue_this_year;
        w->foreign_last_year = w->foreign_this_year;
        w->revenue_this_year = w->foreign_this_year = 0.0;
    }
    /* order and stock variability leave out a half-year warm-up */
    if (w->tick <= (int)w->def.params.warmup_weeks) return;
    w->n_var++;
    w->sum_demand += a->orders;
    w->sum_demand2 += a->orders * a->orders;
    w->sum_supplier_orders += a->ordered_from_suppliers;
    w->sum_supplier_orders2 += a->ordered_from_suppliers * a->ordered_from_suppliers;
    w->sum_inv += f->inventory;
    w->sum_inv2 += f->inventory * f->inventory;
}

static double variance(double s, double s2, int n)
{
    if (n < 2) return 0.0;
    double mean = s / n;
    double v = s2 / n - mean * mean;
    return v > 0 ? v * n / (n - 1) : 0.0;
}

void sgf_world_summary(const sgf_world *w, sgf_summary *out)
{
    const sgf_firm *f = &w->firm;
    memset(out, 0, sizeof *out);
    int n = w->n_obs > 0 ? w->n_obs : 1;
    out->ticks_run = w->tick;
    out->revenue_total_eur = f->revenue_total;
    out->profit_total_eur = f->profit_total;
    out->final_cash_eur = f->cash_eur;
    int years = (w->tick + 51) / 52;
    double first = years > 0 ? f->revenue_year[0] : 0.0;
    /* the last complete year (the first, partial, when none is complete) */
    bool partial = w->tick < 52;
    double last = partial ? w->revenue_this_year : w->revenue_last_year;
    double last_foreign = partial ? w->foreign_this_year : w->foreign_last_year;
    out->revenue_ratio_last_first_year = first > 0 ? last / first : NAN;
    out->international_share_last_year = last > 0 ? last_foreign / last : 0.0;
    out->weeks_to_first_foreign_sale =
        f->first_foreign_sale_tick >= 0 ? (double)f->first_foreign_sale_tick : NAN;
    out->markets_entered = f->markets_entered;
    out->markets_served_final = w->metrics.markets_served;
    out->partners_start = w->partners_start;
    out->partners_joined = w->partners_joined;
    out->partners_left = w->partners_left;
    out->partners_final = w->alive_count;
    out->mean_fill_rate = w->sum_fill / n;
    out->mean_trust = w->sum_trust / n;
    out->mean_motivation = w->sum_motivation / n;
    out->mean_commitment = w->sum_commitment / n;
    out->opportunism_committed = w->tot_acts;
    out->opportunism_detected = w->tot_detected;
    out->opportunism_damage_eur = w->tot_damage;
    out->defections = w->tot_defections;
    out->key_person_changes = w->tot_key_person;
    out->innovations_incremental = f->innovations_incremental;
    out->innovations_radical = f->innovations_radical;
    out->dc_mean = w->sum_dc / n;
    out->failed = f->failed ? 1.0 : 0.0;
    out->failed_tick = f->failed ? (double)f->failed_tick : NAN;
    double vd = variance(w->sum_demand, w->sum_demand2, w->n_var);
    double vo = variance(w->sum_supplier_orders, w->sum_supplier_orders2, w->n_var);
    out->bullwhip = vd > 0 ? vo / vd : NAN;
    double *chain_bw[3] = {&out->bullwhip_2, &out->bullwhip_3, &out->bullwhip_4};
    for (int k = 0; k < 3; k++) *chain_bw[k] = NAN;
    for (int k = 1; k <= 3 && k < SGF_MAX_ECHELONS && k < w->def.firm.supply.echelons; k++) {
        double vk = variance(w->chain[k].sum_o, w->chain[k].sum_o2, w->n_var);
        *chain_bw[k - 1] = vd > 0 ? vk / vd : NAN;
    }
    out->inventory_sd = sqrt(variance(w->sum_inv, w->sum_inv2, w->n_var));
    out->amc_mean = w->sum_amc / n;
    out->diversity_mean = w->sum_diversity / n;
    out->epg_deals = w->epg_deals_total;
    out->weeks_to_first_epg_deal =
        w->epg_first_deal_tick >= 0 ? (double)w->epg_first_deal_tick : NAN;
}
