/* market.c: demand per market (step 1), sales through channels (step 3) and
 * what the firm learns of its markets (step 11), MODEL.md 3.1 and 7.
 *
 * Sales: downstream partners and owned units turn a market's demand into
 * orders; the firm's liabilities of foreignness, outsidership and newness in
 * that market and its product's technology gap lower the conversion
 * (001:2381-2450). Learning: market knowledge grows fastest through an own
 * office, slower through partners unless the firm talks with them
 * (001:3905-3915, 001:4295-4300); outsidership falls with local network
 * position, which partners give and an integrated firm must build alone.
 */
#include <assert.h>
#include <math.h>

#include "base/detmath.h"
#include "model/world_internal.h"

#define TWO_PI 6.283185307179586

void sgf_market_demand_step(sgf_world *w)
{
    for (int m = 0; m < w->market_count; m++) {
        const sgf_market_def *md = &w->def.markets[m];
        sgf_market *mk = &w->markets[m];
        mk->demand_level *= 1.0 + md->demand_growth_per_year / 52.0;
        double season = 1.0 + md->seasonality * dm_sin(TWO_PI * (double)w->tick / 52.0);
        double noise = 1.0 + md->demand_volatility * sgf_rng_normal(&w->demand_rng, 0.0, 1.0);
        if (noise < 0.0) noise = 0.0;
        /* Public-sector customers buy in tender cycles (001:6627-6629):
         * their demand comes in waves of the cycle's length, phase by market
         * (assumption: a cosine wave of amplitude 0.8 rather than single-week
         * lumps, since awarded tenders are delivered over weeks). */
        double cycle = md->tender_cycle_weeks;
        double wave = cycle > 1.0 ? 1.0 + 0.8 * dm_cos(TWO_PI * ((double)w->tick + 7.0 * m) / cycle)
                                  : 1.0; /* 0: no cycle */
        double pub = md->public_sector_share * mk->demand_level * wave * noise;
        double priv = (1.0 - md->public_sector_share) * mk->demand_level * season * noise;
        mk->demand_units = mk->open ? (priv + pub) * mk->demand_factor : 0.0;
        w->acc.demand_total += mk->demand_units;
    }
}

/* A channel's selling power: effort times product knowledge times awareness
 * (001:3942-3972), with reach growing with the partner's size. */
static double selling_power(const sgf_partner *p)
{
    double reach = sqrt((double)p->size_ratio);
    reach = reach < 0.3 ? 0.3 : reach > 3.0 ? 3.0 : reach;
    return (double)p->effort * (0.3 + 0.7 * (double)p->product_knowledge) *
           (0.3 + 0.7 * (double)p->awareness) * reach;
}

/* The conversion multiplier of the firm in market m. */
static double conversion_factor(const sgf_world *w, int m)
{
    const sgf_firm *f = &w->firm;
    const sgf_market *mk = &w->markets[m];
    double gap = f->frontier - f->tech_level;
    gap = gap < 0 ? 0 : gap;
    /* the old generation keeps selling for a while after a shift
     * (001:6617-6619): assumption, the gap costs at most 60 % */
    double tech = 1.0 - (gap > 0.6 ? 0.6 : gap);
    double product_fit = 1.0 + 0.4 * (1.0 - dm_exp(-f->incremental_stock / 5.0));
    double lock_in = w->def.firm.value_capture == SGF_CAPTURE_LOCK_IN
                         ? 1.0 + 0.5 * w->def.firm.repeat_share
                         : 1.0;
    return (1.0 - 0.6 * mk->foreignness) * (1.0 - 0.5 * mk->outsidership) *
           (1.0 - 0.3 * f->newness) * tech * product_fit * lock_in;
}

/* Step 3, first half, run in the census pass (census.c): the selling power
 * of the firm's own staff in each market, before the channels are added. */
void sgf_market_channels_begin(const sgf_world *w, sgf_census *c)
{
    /* direct selling by the firm's own staff: at home always; abroad only for
     * the integrated form, which exports without partners (001:6383-6393) */
    for (int m = 0; m < w->market_count; m++) {
        double *power = c->channel_power;
        power[m] = 0.0;
        c->marketing_effort[m] = 0.0;
        if (m == w->home)
            power[m] = 1.5;
        else if (w->def.firm.governance == SGF_GOV_INTEGRATED && w->markets[m].entered_tick >= 0)
            power[m] = 2.0 * (0.3 + 0.7 * w->markets[m].knowledge); /* a sales team */
    }
    c->n_channels = 0;
}

/* ... and for each live partner i, in index order: a marketing partner's
 * effort, a channel's selling power (flow_units holds it until the split,
 * sgf_market_channel_split) and its place in the channel list; the others
 * sell nothing this week. */
void sgf_market_channel(sgf_census *c, int i, sgf_partner *p, bool downstream)
{
    if (p->role == SGF_ROLE_MARKETING_PARTNER) c->marketing_effort[p->market] += (double)p->effort;
    if (!downstream) {
        p->flow_units = 0;
        return;
    }
    p->flow_units = (float)selling_power(p);
    c->channel_power[p->market] += (double)p->flow_units;
    c->channel[c->n_channels++] = (sgf_channel){i, p->flow_units, (int16_t)p->market, p->role};
}

/* A channel's share of its market's orders: by selling power. */
static float channel_flow(const sgf_census *c, int m, float power)
{
    double share = c->channel_power[m] > 0 ? (double)power / c->channel_power[m] : 0.0;
    return (float)(c->channel_orders[m] * share);
}

void sgf_market_sales_step(sgf_world *w)
{
    const sgf_params *pr = &w->def.params;
    int mc = w->market_count;
    /* selling power, marketing effort and the channels: the census pass
     * took them this week */
    sgf_census *c = &w->census;
    assert(c->channels_tick == w->tick);
    const double *power = c->channel_power;
    const double *marketing = c->marketing_effort;
    for (int m = 0; m < mc; m++) {
        sgf_market *mk = &w->markets[m];
        mk->orders_units = 0;
        mk->revenue_eur = 0;
        if (mk->open && power[m] > 0.0) {
            /* marketing partners make the offering known in their market
             * (assumption: up to a third more reach, saturating in their
             * effort) */
            double reach = 1.0 + 0.33 * (1.0 - dm_exp(-marketing[m]));
            double capture = (1.0 - 0.5 * w->def.markets[m].competition) *
                             (1.0 - dm_exp(-pr->conversion_base * power[m] * reach));
            mk->orders_units = mk->demand_units * capture * conversion_factor(w, m);
        }
        /* the goal the firm sets each channel: an even share of the
         * market's orders */
        int ch = mk->channels > 0 ? mk->channels : 1;
        c->channel_orders[m] = mk->orders_units;
        c->channel_expected[m] = (float)(mk->orders_units / ch);
    }
    /* each market's orders split over its channels by selling power: the
     * pass of steps 7-9 writes each channel's share (sgf_market_channel_split);
     * the channels' margin shares on what they sell are summed here, in
     * index order: offices none, a joint venture's local partner half, plus
     * a bonus on goal attainment (carrot); finance.c pays them on this
     * week's deliveries */
    for (int k = 0; k < c->n_channels; k++) {
        const sgf_channel *e = &c->channel[k];
        if (e->role == SGF_ROLE_SALES_OFFICE) continue;
        float flow = channel_flow(c, e->market, e->power),
              expected = c->channel_expected[e->market];
        double jv = e->role == SGF_ROLE_JOINT_VENTURE ? 0.5 : 1.0;
        w->acc.channel_margin_units += jv * w->firm.incentives.margin_share * (double)flow;
        if (flow >= expected && expected > 0)
            w->acc.channel_bonus_units += jv * w->firm.incentives.bonus_share * (double)flow;
    }
    double orders = 0;
    for (int m = 0; m < mc; m++) {
        orders += w->markets[m].orders_units;
    }
    w->acc.orders = orders;
    w->firm.backlog += orders;
}

/* Step 3's split for live channel p, in the pass of steps 7-9 (world.c):
 * its share of its market's orders, and the goal the firm set it. Nothing
 * between step 3 and step 7 reads a channel's flow. */
void sgf_market_channel_split(const sgf_census *c, sgf_partner *p)
{
    p->flow_units = channel_flow(c, p->market, p->flow_units);
    p->expected_flow = c->channel_expected[p->market];
}

void sgf_market_learning_step(sgf_world *w)
{
    const sgf_params *pr = &w->def.params;
    const sgf_firm *f = &w->firm;
    int mc = w->market_count;
    double own[SGF_MAX_MARKETS] = {0}, partners[SGF_MAX_MARKETS] = {0};
    double insider[SGF_MAX_MARKETS] = {0};
    /* the same pass counts the net for step 12 (metrics.c) */
    sgf_partner_tally *tally = &w->tally;
    sgf_metrics_tally_start(tally, w->tick);
    for (int i = 0; i < w->partner_count; i++) {
        const sgf_partner *p = &w->partners[i];
        if (!p->alive) continue;
        sgf_metrics_tally(tally, p);
        if (p->market < 0) continue;
        if (p->owned)
            own[p->market] += 1.0;
        else if (tally->downstream_roles >> p->role & 1u)
            partners[p->market] += 1.0;
        /* network position: local ties of trust and commitment */
        insider[p->market] += (double)p->trust * (double)p->commitment;
    }
    double talk = w->def.firm.management.talk_to_partners;
    double lr = pr->learning_rate_market * (1.0 + pr->newness_boost * f->newness);
    for (int m = 0; m < mc; m++) {
        sgf_market *mk = &w->markets[m];
        const sgf_market_def *md = &w->def.markets[m];
        if (m == w->home) continue;
        double presence = 0.0;
        if (own[m] > 0)
            presence = 1.0;
        else if (partners[m] > 0)
            presence = 0.2 + 0.6 * talk; /* the dilemma, 001:3905-3915 */
        else if (w->def.firm.governance == SGF_GOV_INTEGRATED && mk->entered_tick >= 0)
            presence = 0.5; /* own exporting staff, no local network */
        double sold = mk->orders_units > 0 ? 1.0 : 0.5;
        mk->knowledge += lr * presence * sold * (1.0 - mk->knowledge);
        mk->knowledge = sgf_clamp01(mk->knowledge);
        /* local partners carry part of the liability of foreignness: they do
         * the local business the firm does not know (P1, 001:6776-6778;
         * assumption: up to half, saturating in local trust x commitment) */
        double buffer = 0.5 * (1.0 - dm_exp(-insider[m]));
        double target_f = md->cultural_distance * (1.0 - 0.5 * f->cap.cultural_awareness) *
                          (1.0 - mk->knowledge) * (1.0 - buffer);
        double target_o = dm_exp(-2.0 * insider[m]) * (1.0 - 0.5 * mk->knowledge);
        double rate = pr->liability_decay * 4.0;
        mk->foreignness = sgf_clamp01(mk->foreignness + rate * (target_f - mk->foreignness));
        mk->outsidership = sgf_clamp01(mk->outsidership + rate * (target_o - mk->outsidership));
    }
}
