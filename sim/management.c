/* management.c: step 7 of the schedule: the firm's management attention,
 * the four management modes and their means, and the incentives that make up
 * each partner's value from the cooperation (MODEL.md 5).
 *
 * The SME cannot command its partners; it influences, monitors, coordinates
 * and integrates them (Svahn & Westerlund in 001:3289-3362; practice in
 * 001:4088-4135). Attention is scarce: daily operations eat most of it
 * (Penrose in 001:3496-3503). The effect of h hours on a partner saturates,
 * and is harder to get on a large partner and easier where the firm is a
 * large share of the partner's business (leverage, 001:3363-3367,
 * 001:4024-4035). Every partner stays only while the cooperation pays it
 * (001:3469-3475): its value is money plus what the net offers, weighed by
 * its own preferences (001:3869-3881, 001:4582-4616).
 */
#include <math.h>

#include "alloc.h"
#include "detmath.h"
#include "world_internal.h"

/* Relevance of each mode to a role: assumption from the table in MODEL.md 5
 * (integrating combines partners' technologies, so it reaches knowledge and
 * strategic partners; coordinating is about concurrent outputs and flows). */
double sgf_mode_relevance(sgf_mode mode, sgf_role r)
{
    switch (mode) {
    case SGF_MODE_INFLUENCING: return sgf_role_is_owned(r) ? 0.2 : 1.0;
    case SGF_MODE_MONITORING: return sgf_role_is_owned(r) ? 0.3 : 1.0;
    case SGF_MODE_COORDINATING:
        return sgf_role_is_upstream(r) || sgf_role_is_downstream(r) ? 1.0 : 0.5;
    case SGF_MODE_INTEGRATING:
        return sgf_role_is_knowledge(r) || r == SGF_ROLE_STRATEGIC_PARTNER ? 1.0 : 0.15;
    default: return 0.0;
    }
}

/* Strategic ties get more of every mode than a small reseller. */
double sgf_importance(const sgf_partner *p)
{
    sgf_role r = (sgf_role)p->role;
    double base = (r == SGF_ROLE_STRATEGIC_PARTNER || r == SGF_ROLE_HARDWARE_MANUFACTURER ||
                   sgf_role_is_knowledge(r) || r == SGF_ROLE_JOINT_VENTURE)
                      ? 4.0
                      : 1.0;
    return base * (1.0 + (double)p->flow_ema / 10.0);
}

/* Half-effect hours for a partner: larger partners need more (the more so
 * the smaller the firm), leverage
 * (the firm's share of their business) needs fewer. */
static double half_hours(const sgf_params *pr, const sgf_partner *p, double smallness)
{
    /* the liability of smallness (001:2381-2450) makes size count more */
    return pr->h_half_hours * (1.0 + pr->size_penalty * (double)p->size_ratio * (0.5 + smallness)) /
           (1.0 + pr->size_penalty) * (1.5 - (double)p->focal_share);
}

static double saturate(double hours, double eff, double h_half)
{
    return dm_one_minus_exp_neg(hours * eff / (h_half > 1e-9 ? h_half : 1e-9));
}

/* The partner's value from the cooperation this week, in euros. */
static double partner_value(const sgf_world *w, const sgf_partner *p, double knowledge_budget,
                            double training_effect)
{
    const sgf_firm *f = &w->firm;
    const sgf_incentive_def *in = &f->incentives;
    sgf_role r = (sgf_role)p->role;
    double price = w->def.firm.price_eur;
    double money;
    if (sgf_role_is_downstream(r)) {
        double margin = in->margin_share * price * (double)p->flow_units;
        /* carrot: a bonus on goal attainment */
        if ((double)p->flow_units >= (double)p->expected_flow && p->expected_flow > 0)
            margin += in->bonus_share * price * (double)p->flow_units;
        if (r == SGF_ROLE_JOINT_VENTURE) margin *= 0.5;
        money = margin;
    } else if (r == SGF_ROLE_HARDWARE_MANUFACTURER || r == SGF_ROLE_COMPONENT_SUPPLIER) {
        money = 0.15 * (double)p->unit_cost_eur * (double)p->flow_units;
    } else if (r == SGF_ROLE_LOGISTICS_PROVIDER) {
        money = 0.02 * price * w->acc.deliveries;
    } else {
        money = knowledge_budget * (0.5 + (double)p->integration);
    }
    /* "give first and then ask" (001:3900-3903): the firm works out what a
     * new partner can gain before it asks, so a partner still ramping up
     * judges the tie by its potential, not by its first thin weeks. */
    if (in->give_first && p->age_weeks < 52 && sgf_role_is_downstream(r)) {
        double potential = in->margin_share * price * (double)p->expected_flow;
        if (potential > money) money = potential;
    }
    /* money alone fades over the longer term (001:3885-3887) */
    int age = p->age_weeks < 0 ? 0 : p->age_weeks > w->def.ticks ? w->def.ticks : p->age_weeks;
    double fade = w->money_weight[age];
    money *= fade * (0.5 + (double)p->pref[0]);
    /* What the net offers besides money; large partners put little weight
     * on what a small firm can offer (001:3869-3881). */
    double small_firm_discount = 1.0 / (1.0 + 0.5 * (double)p->size_ratio);
    double public_share = w->def.markets[p->market].public_sector_share;
    double offer = (double)p->pref[1] * in->offer_reference +
                   (double)p->pref[2] * (0.5 * in->offer_market_access +
                                         in->offer_bid_access * public_share) +
                   (double)p->pref[3] * in->offer_learning * (0.5 + 0.5 * training_effect) +
                   (double)p->pref[4] * in->offer_social * (0.3 + 0.7 * (double)p->influence);
    double nonmoney = 2.0 * (double)p->outside_option * offer * small_firm_discount;
    double v = money + nonmoney;
    /* the stick: worse terms threatened, less to gain */
    v *= 1.0 - 0.2 * in->stick;
    return v > 0 ? v : 0;
}

sgf_status sgf_management_init(sgf_world *w)
{
    /* money alone fades over the longer term (001:3885-3887): the weight of
     * money falls by money_fade with a two-year time constant (assumption) */
    int n = w->def.ticks + 1;
    w->money_weight = sgf_calloc((size_t)n, sizeof *w->money_weight);
    if (!w->money_weight) return SGF_ERR_NOMEM;
    for (int a = 0; a < n; a++)
        w->money_weight[a] =
            1.0 - w->def.params.money_fade * dm_one_minus_exp_neg((double)a / 104.0);
    return SGF_OK;
}

void sgf_management_step(sgf_world *w)
{
    sgf_firm *f = &w->firm;
    const sgf_management_def *md = &w->def.firm.management;
    const sgf_params *pr = &w->def.params;
    const sgf_incentive_def *in = &f->incentives;

    /* attention */
    const sgf_census *cs = &w->census;
    int downstream = cs->downstream, knowledge = cs->knowledge, others = cs->others, served = 0;
    for (int m = 0; m < w->market_count; m++) served += w->markets[m].entered_tick >= 0;
    /* a partner programme lowers the per-partner cost of many downstream
     * partners (001:4014-4024): assumption, by half */
    double per_down = md->ops_hours_per_partner * (md->partner_programme ? 0.5 : 1.0);
    double ops = per_down * downstream + md->ops_hours_per_partner * others +
                 md->ops_hours_per_market * served;
    double total = md->attention_hours_per_week;
    /* laissez-faire: the net is not yet truly managed (Beta, 001:4137-4143) */
    if (f->preset == SGF_PRESET_LAISSEZ_FAIRE) total *= 0.2;
    f->ops_share = total + ops > 0 ? ops / (total + ops) : 1.0;
    f->attention_net = total * (1.0 - f->ops_share);

    const double *imp_total = cs->imp_total;
    double hours_mode[SGF_MODE_COUNT];
    for (int k = 0; k < SGF_MODE_COUNT; k++) hours_mode[k] = f->attention_net * f->mode_w[k];

    double training_per = downstream > 0 ? in->training_eur_per_week / downstream : 0.0;
    double knowledge_budget = knowledge > 0 ? w->def.firm.rnd_eur_per_week / knowledge : 0.0;
    /* training saturates in euros a partner gets a week (assumption: EUR 400
     * for 63 % of the full effect) */
    double training_effect = 1.0 - dm_exp(-training_per / 400.0);
    double used = 0.0;
    for (int i = 0; i < w->partner_count; i++) {
        sgf_partner *p = &w->partners[i];
        if (!p->alive) continue;
        sgf_role r = (sgf_role)p->role;
        double imp = sgf_importance(p);
        double h[SGF_MODE_COUNT];
        double hsum = 0;
        for (int k = 0; k < SGF_MODE_COUNT; k++) {
            h[k] = imp_total[k] > 0
                       ? hours_mode[k] * imp * sgf_mode_relevance((sgf_mode)k, r) / imp_total[k]
                       : 0.0;
            hsum += h[k];
        }
        used += hsum;
        p->attention_hours = (float)hsum;
        double distance = w->def.markets[p->market].cultural_distance;
        double fit = 1.0 - distance * (1.0 - f->cap.cultural_awareness);
        double eff = f->ic_eff * fit;
        double hh = half_hours(pr, p, f->smallness);
        /* influencing: training works best on small partners, lobbying on
         * large ones (001:3969-3978) */
        double train_fit = p->size_class == 0 ? 1.0 : p->size_class == 1 ? 0.7 : 0.3;
        double lobby_fit = p->size_class == 0 ? 0.3 : p->size_class == 1 ? 0.7 : 1.0;
        double means = (1.0 - md->lobbying_share) * train_fit + md->lobbying_share * lobby_fit;
        double infl = saturate(h[SGF_MODE_INFLUENCING], eff, hh) * means;
        p->influence = sgf_clamp01f(infl);
        /* monitoring scales with analytical capability; a partner programme
         * adds reporting (001:3333-3335, 001:4001-4007) */
        double mon = saturate(h[SGF_MODE_MONITORING], 0.5 + 0.5 * f->an_eff, hh);
        if (md->partner_programme && sgf_role_is_downstream(r)) mon += 0.25 * (1.0 - mon);
        p->monitoring = sgf_clamp01f(mon);
        /* coordinating needs interface competence (001:4528-4529); the
         * programme gives a dedicated contact person */
        double coord = saturate(h[SGF_MODE_COORDINATING], eff, hh);
        if (md->partner_programme && sgf_role_is_downstream(r)) coord += 0.15 * (1.0 - coord);
        p->coordination = sgf_clamp01f(coord);
        p->integration = sgf_clamp01f(saturate(h[SGF_MODE_INTEGRATING], eff, hh));

        /* influencing and training raise product knowledge, awareness and
         * alignment (MODEL.md 5); awareness fades without it */
        double training = sgf_role_is_downstream(r) && !p->owned ? training_effect * train_fit : 0.0;
        p->training = (float)(0.98 * (double)p->training + training);
        double pk_gain = 0.04 * infl + 0.03 * training;
        p->product_knowledge = sgf_clamp01f((double)p->product_knowledge +
                                            pk_gain * (1.0 - (double)p->product_knowledge));
        p->awareness = sgf_clamp01f((double)p->awareness + 0.05 * infl * (1.0 - (double)p->awareness) -
                                    0.01 * (double)p->awareness);
        double align_gain = 0.01 * infl * (in->give_first ? 1.5 : 1.0);
        p->alignment = sgf_clamp01f((double)p->alignment + align_gain * (1.0 - (double)p->alignment));

        /* incentives: the value the partner captures, and its satisfaction
         * against its outside option (MODEL.md 5) */
        if (p->owned) {
            p->value_eur = 0;
            p->satisfaction = 0.9f;
            continue;
        }
        double v = partner_value(w, p, knowledge_budget, training);
        p->value_eur = (float)v;
        p->satisfaction = sgf_clamp01f(v / (v + (double)p->outside_option + 1e-9));
    }
    f->attention_used = used;
    /* management costs: training, the programme, travel per hour with
     * partners (assumption: EUR 60 an hour) */
    w->acc.management_costs += in->training_eur_per_week +
                               (md->partner_programme ? md->programme_cost_eur_per_week : 0.0) +
                               60.0 * used;
    /* alliance management capability: interface competence put to work in
     * coordinating and integrating (004:52-64) */
    double ci = 0;
    int n = 0;
    for (int j = 0; j < cs->n_knowledge_idx; j++) {
        const sgf_partner *p = &w->partners[cs->knowledge_idx[j]];
        if (!p->alive || !sgf_role_is_knowledge((sgf_role)p->role)) continue;
        ci += 0.5 * ((double)p->coordination + (double)p->integration);
        n++;
    }
    f->amc = sgf_clamp01(f->ic_eff * (0.4 + 0.6 * (n > 0 ? ci / n : 0.0)) / 0.75);
}
