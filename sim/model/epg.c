/* epg.c: the export partner group (MODEL.md 3.4, from 003): four to six
 * SMEs share one export manager for a project of one to three years
 * (003:68-70). The group's organisational focus lies on a continuum from
 * market-focused through customer-focused to system-focused (003:92-107,
 * 003:266-275).
 *
 * Mechanisms (assumptions shaped by 003's findings, see docs/SOURCES.md):
 * - a customer focus uses the export manager's time best and breeds the
 *   least jealousy; a market focus splits the manager over members who feel
 *   neglected (003:182-186, 003:221-223);
 * - `compatibility` is read as the relatedness of members' offerings: 003:86
 *   rules out both competitors (too related) and unrelated firms, so
 *   cooperation is highest in between: 4 c (1 - c);
 * - system-focused groups sell integrated systems whose deals take longer
 *   than a three-year project to close (003:68, 003:221-223).
 * Deals closed become orders for the focal firm in the target market.
 */
#include <math.h>

#include "model/world_internal.h"

void sgf_epg_step(sgf_world *w)
{
    const sgf_epg_def *g = &w->def.epg;
    w->epg_deals_week = 0;
    if (!g->enabled) return;
    double focus = sgf_clamp01(g->focus);
    /* distance from the customer-focused middle of the continuum */
    double off_customer = fabs(focus - 0.5) * 2.0;
    bool market_side = focus < 0.5;
    /* time efficiency: customer focus 1.0; market focus 0.55; system 0.8 */
    double eff = 1.0 - off_customer * (market_side ? 0.45 : 0.2);
    /* jealousy grows with members and with the market side's split attention */
    double members = g->members > 1 ? g->members : 1;
    double jealous_target = (0.1 + off_customer * (market_side ? 0.5 : 0.2)) * (members / 5.0) *
                            (1.0 - 0.3 * g->equal_sharing);
    w->epg_jealousy += 0.05 * (sgf_clamp01(jealous_target) - w->epg_jealousy);
    double c = sgf_clamp01(g->compatibility);
    w->epg_cooperation = 4.0 * c * (1.0 - c) * (1.0 - w->epg_jealousy);
    w->epg_time_efficiency = eff;

    bool running = w->tick <= g->duration_weeks;
    int slot = w->tick % 256;
    double closing = w->epg_pipeline[slot];
    w->epg_pipeline[slot] = 0;
    if (closing > 0) {
        /* after the project the group often dissolves: most late deals are
         * lost (assumption: 30 % survive) */
        double won = running ? closing : 0.3 * closing;
        w->epg_deals_week = won;
        w->epg_deals_total += won;
        if (won > 0 && w->epg_first_deal_tick < 0) w->epg_first_deal_tick = w->tick;
        int m = sgf_world_def_market_index(&w->def, g->target_iso);
        if (m < 0) m = w->home;
        /* a deal's size grows toward system offerings (units per deal) */
        double units = won * (10.0 + 60.0 * focus) / members;
        w->markets[m].orders_units += units;
        w->acc.orders += units;
        w->firm.backlog += units;
    }
    if (!running) return;
    /* prospects from the manager's effective hours; sales cycles lengthen
     * from market (about 6 months) to system focus (three years and more) */
    double prospects = g->manager_hours_per_week * eff * w->epg_cooperation / 200.0;
    double cycle = 26.0 + focus * focus * 150.0;
    int due = (int)lround(cycle * (0.8 + 0.4 * sgf_rng_uniform(&w->rng)));
    if (due > 255) due = 255;
    if (due < 1) due = 1;
    w->epg_pipeline[(w->tick + due) % 256] += prospects;
}
