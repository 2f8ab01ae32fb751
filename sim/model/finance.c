/* finance.c: step 6 of the schedule: revenue, cost of goods, partner margins
 * and bonuses, fixed costs, management, search and unit costs, cash, and
 * failure (MODEL.md 7).
 *
 * Revenue is booked on delivery and split between the firm and the channel
 * that sold it (its margin share; half of a joint venture's margin goes to
 * the local partner). Money is conserved across the split: revenue = firm's
 * gross + partners' margins, checked by --check. A firm whose cash falls
 * below minus its credit line fails; the run records when.
 */
#include "model/world_internal.h"

void sgf_finance_step(sgf_world *w)
{
    sgf_firm *f = &w->firm;
    const sgf_firm_def *fd = &w->def.firm;
    double price = fd->price_eur;
    double orders = w->acc.orders;
    /* deliveries this week (backlog included) are attributed to markets and
     * channels in the proportion of this week's orders */
    double revenue = w->acc.deliveries * price;
    /* the channels' shares of what they sold, summed in the sales step:
     * deliveries this week are attributed in proportion to this week's orders */
    double per_unit = orders > 0 ? w->acc.deliveries * price / orders : 0.0;
    double margins = per_unit * (w->acc.channel_margin_units + w->acc.channel_bonus_units);
    double bonuses = per_unit * w->acc.channel_bonus_units;
    for (int m = 0; m < w->market_count; m++) {
        sgf_market *mk = &w->markets[m];
        double units = orders > 0 ? w->acc.deliveries * mk->orders_units / orders : 0.0;
        mk->revenue_eur = units * price;
        mk->revenue_total_eur += mk->revenue_eur;
        if (units > 0 && mk->first_sale_tick < 0) mk->first_sale_tick = w->tick;
        if (m != w->home) {
            w->acc.foreign_revenue += mk->revenue_eur;
            if (units > 0 && f->first_foreign_sale_tick < 0) f->first_foreign_sale_tick = w->tick;
        }
    }
    if (margins > revenue) margins = revenue;
    w->acc.revenue = revenue;
    w->acc.partner_margins = margins;
    w->acc.bonuses = bonuses;
    f->revenue_total += revenue;
    f->partner_margin_total += margins;
    f->firm_gross_total += revenue - margins;
    int year = (w->tick - 1) / 52;
    if (year >= 0 && year < 64) {
        f->revenue_year[year] += revenue;
        f->foreign_revenue_year[year] += w->acc.foreign_revenue;
    }
    w->revenue_this_year += revenue;
    w->foreign_this_year += w->acc.foreign_revenue;

    /* costs */
    const sgf_census *cs = &w->census;
    double offices =
        cs->role_count[SGF_ROLE_SALES_OFFICE] + 0.5 * cs->role_count[SGF_ROLE_JOINT_VENTURE];
    w->acc.fixed_costs = f->employees * fd->fixed_cost_eur_per_employee_week +
                         offices * w->def.params.office_cost_eur_per_week + fd->rnd_eur_per_week;
    /* management and search costs of this week come from steps 7 and 10,
     * after this one; sgf_finance_settle books them at the end of the week */
    /* the logistics intermediary's fee: assumption, 2 % of revenue, which is
     * also its money value in management.c */
    if (cs->role_count[SGF_ROLE_LOGISTICS_PROVIDER] > 0) w->acc.cogs += 0.02 * revenue;
    double profit = revenue - margins - w->acc.cogs - w->acc.fixed_costs;
    f->cash_eur += profit;
    f->profit_total += profit;
}

/* Costs incurred after step 6 in the week (management, searches) are paid
 * here, at the end of the week, so cash always equals initial cash plus
 * cumulative profit. */
void sgf_finance_settle(sgf_world *w)
{
    sgf_firm *f = &w->firm;
    double late = w->acc.management_costs + w->acc.search_costs;
    f->cash_eur -= late;
    f->profit_total -= late;
    if (!f->failed && f->cash_eur < -w->def.firm.credit_line_eur) {
        f->failed = true;
        f->failed_tick = w->tick;
        sgf_log(w, SGF_LOG_FAILURE, 0, w->def.firm.name, f->cash_eur, "cash below the credit line");
    }
}
