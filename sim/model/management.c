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

#include "base/alloc.h"
#include "base/detmath.h"
#include "model/world_internal.h"

/* Relevance of each mode to a role: assumption from the table in MODEL.md 5
 * (integrating combines partners' technologies, so it reaches knowledge and
 * strategic partners; coordinating is about concurrent outputs and flows). */
double sgf_mode_relevance(sgf_mode mode, sgf_role r)
{
    switch (mode) {
    case SGF_MODE_INFLUENCING:
        return sgf_role_is_owned(r) ? 0.2 : 1.0;
    case SGF_MODE_MONITORING:
        return sgf_role_is_owned(r) ? 0.3 : 1.0;
    case SGF_MODE_COORDINATING:
        return sgf_role_is_upstream(r) || sgf_role_is_downstream(r) ? 1.0 : 0.5;
    case SGF_MODE_INTEGRATING:
        return sgf_role_is_knowledge(r) || r == SGF_ROLE_STRATEGIC_PARTNER ? 1.0 : 0.15;
    default:
        return 0.0;
    }
}

/* Strategic ties get more of every mode than a small reseller. */
static double importance_base(sgf_role r)
{
    return (r == SGF_ROLE_STRATEGIC_PARTNER || r == SGF_ROLE_HARDWARE_MANUFACTURER ||
            sgf_role_is_knowledge(r) || r == SGF_ROLE_JOINT_VENTURE)
               ? 4.0
               : 1.0;
}

static double importance(double base, const sgf_partner *p)
{
    return base * (1.0 + (double)p->flow_ema / 10.0);
}

double sgf_importance(const sgf_partner *p)
{
    return importance(importance_base((sgf_role)p->role), p);
}

_Static_assert(SGF_MODE_COUNT == 4, "saturate4 and dm_one_minus_exp_neg4 take the four modes");

/* The effect of hours[k] of mode k at efficiency eff[k] on a partner with
 * half-effect hours h_half: 1 - exp(-hours eff / h_half), for the four modes
 * at once (dm_one_minus_exp_neg4: the same bits as one at a time). */
static void saturate4(const double hours[SGF_MODE_COUNT], const double eff[SGF_MODE_COUNT],
                      double h_half, double out[SGF_MODE_COUNT])
{
    double d = h_half > 1e-9 ? h_half : 1e-9, x[SGF_MODE_COUNT];
#if defined(__GNUC__) && defined(__SSE2__)
    /* two modes to a register: divpd rounds each lane as divsd does */
    dm_v2d dv = {d, d};
    dm_v2d xa = (dm_v2d){hours[0], hours[1]} * (dm_v2d){eff[0], eff[1]} / dv;
    dm_v2d xb = (dm_v2d){hours[2], hours[3]} * (dm_v2d){eff[2], eff[3]} / dv;
    x[0] = xa[0], x[1] = xa[1], x[2] = xb[0], x[3] = xb[1];
#else
    for (int k = 0; k < SGF_MODE_COUNT; k++) x[k] = hours[k] * eff[k] / d;
#endif
    dm_one_minus_exp_neg4(x, out);
}

/* The partner's value from the cooperation this week, in euros; training
 * is what it got this week (0 for upstream partners and owned units). */
static double partner_value(const sgf_world *w, const sgf_management_week *mw, const sgf_partner *p,
                            double training)
{
    const sgf_incentive_def *in = &w->firm.incentives;
    sgf_role r = (sgf_role)p->role;
    bool downstream = mw->downstream >> r & 1u;
    double price = w->def.firm.price_eur;
    double money;
    if (downstream) {
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
        money = mw->knowledge_budget * (0.5 + (double)p->integration);
    }
    /* "give first and then ask" (001:3900-3903): the firm works out what a
     * new partner can gain before it asks, so a partner still ramping up
     * judges the tie by its potential, not by its first thin weeks. */
    if (in->give_first && p->age_weeks < 52 && downstream) {
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
    double offer = (double)p->pref[1] * in->offer_reference +
                   (double)p->pref[2] * mw->access_offer[p->market] +
                   (double)p->pref[3] * in->offer_learning * (0.5 + 0.5 * training) +
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

/* Step 7 before the pass over the partners: attention, and the week's
 * constants of the per-partner part (role and size tables, what a market
 * offers), each computed as the per-partner formula would, so that the
 * results are the same bits. */
void sgf_management_begin(sgf_world *w, sgf_management_week *mw)
{
    sgf_firm *f = &w->firm;
    const sgf_management_def *md = &w->def.firm.management;
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

    mw->imp_all_positive = true;
    for (int k = 0; k < SGF_MODE_COUNT; k++) {
        mw->hours_mode[k] = f->attention_net * f->mode_w[k];
        mw->imp_total[k] = cs->imp_total[k];
        if (!(mw->imp_total[k] > 0)) mw->imp_all_positive = false;
    }
    mw->downstream = mw->knowledge = 0;
    for (int r = 0; r < SGF_ROLE_COUNT; r++) {
        if (sgf_role_is_downstream((sgf_role)r)) mw->downstream |= 1u << r;
        if (sgf_role_is_knowledge((sgf_role)r)) mw->knowledge |= 1u << r;
        mw->importance_base[r] = importance_base((sgf_role)r);
        for (int k = 0; k < SGF_MODE_COUNT; k++)
            mw->relevance[r][k] = sgf_mode_relevance((sgf_mode)k, (sgf_role)r);
    }

    double training_per = downstream > 0 ? in->training_eur_per_week / downstream : 0.0;
    mw->knowledge_budget = knowledge > 0 ? w->def.firm.rnd_eur_per_week / knowledge : 0.0;
    /* training saturates in euros a partner gets a week (assumption: EUR 400
     * for 63 % of the full effect) */
    mw->training_effect = 1.0 - dm_exp(-training_per / 400.0);
    /* influencing: training works best on small partners, lobbying on large
     * ones (001:3969-3978); by size class: small, peer, large */
    static const double train_fit[3] = {1.0, 0.7, 0.3}, lobby_fit[3] = {0.3, 0.7, 1.0};
    for (int c = 0; c < 3; c++) {
        mw->train_fit[c] = train_fit[c];
        mw->means[c] =
            (1.0 - md->lobbying_share) * train_fit[c] + md->lobbying_share * lobby_fit[c];
    }
    for (int m = 0; m < w->market_count; m++) {
        const sgf_market_def *mdef = &w->def.markets[m];
        double fit = 1.0 - mdef->cultural_distance * (1.0 - f->cap.cultural_awareness);
        mw->eff[m] = f->ic_eff * fit;
        mw->access_offer[m] =
            0.5 * in->offer_market_access + in->offer_bid_access * mdef->public_sector_share;
    }
    mw->monitoring_eff = 0.5 + 0.5 * f->an_eff;
    mw->half_smallness = 0.5 + f->smallness;
    mw->half_penalty = 1.0 + w->def.params.size_penalty;
    mw->used = 0.0;
    mw->amc_sum = 0.0;
    mw->amc_count = 0;
    mw->knowledge_next = 0;
}

/* Step 7 for live partner i: its share of attention, what the four modes do
 * to it, and its value from the cooperation. It reads and writes partner i
 * and the week's totals in mw only. */
void sgf_management_partner(sgf_world *w, sgf_management_week *mw, int i)
{
    const sgf_management_def *md = &w->def.firm.management;
    const sgf_params *pr = &w->def.params;
    sgf_partner *p = &w->partners[i];
    sgf_role r = (sgf_role)p->role;
    bool downstream = mw->downstream >> r & 1u;
    double imp = importance(mw->importance_base[r], p);
    double h[SGF_MODE_COUNT];
    double hsum = 0;
#if defined(__GNUC__) && defined(__SSE2__)
    if (mw->imp_all_positive) { /* the same operations, two modes to a register */
        const double *hm = mw->hours_mode, *rel = mw->relevance[r], *tot = mw->imp_total;
        dm_v2d iv = {imp, imp};
        dm_v2d ha =
            (dm_v2d){hm[0], hm[1]} * iv * (dm_v2d){rel[0], rel[1]} / (dm_v2d){tot[0], tot[1]};
        dm_v2d hb =
            (dm_v2d){hm[2], hm[3]} * iv * (dm_v2d){rel[2], rel[3]} / (dm_v2d){tot[2], tot[3]};
        h[0] = ha[0], h[1] = ha[1], h[2] = hb[0], h[3] = hb[1];
        for (int k = 0; k < SGF_MODE_COUNT; k++) hsum += h[k];
    } else
#endif
        for (int k = 0; k < SGF_MODE_COUNT; k++) {
            h[k] = mw->imp_total[k] > 0
                       ? mw->hours_mode[k] * imp * mw->relevance[r][k] / mw->imp_total[k]
                       : 0.0;
            hsum += h[k];
        }
    mw->used += hsum;
    p->attention_hours = (float)hsum;
    double eff = mw->eff[p->market];
    /* half-effect hours: larger partners need more (the more so the smaller
     * the firm, the liability of smallness, 001:2381-2450), leverage (the
     * firm's share of their business) needs fewer */
    double hh = pr->h_half_hours *
                (1.0 + pr->size_penalty * (double)p->size_ratio * mw->half_smallness) /
                mw->half_penalty * (1.5 - (double)p->focal_share);
    int size = p->size_class < 2 ? p->size_class : 2;
    /* each mode's effect saturates in its hours (saturate, four at once);
     * monitoring scales with analytical capability, the others with
     * interface competence */
    double mode_eff[SGF_MODE_COUNT] = {eff, mw->monitoring_eff, eff, eff};
    double effect[SGF_MODE_COUNT];
    saturate4(h, mode_eff, hh, effect);
    double infl = effect[SGF_MODE_INFLUENCING] * mw->means[size];
    p->influence = sgf_clamp01f(infl);
    /* monitoring: a partner programme adds reporting (001:3333-3335,
     * 001:4001-4007) */
    double mon = effect[SGF_MODE_MONITORING];
    if (md->partner_programme && downstream) mon += 0.25 * (1.0 - mon);
    p->monitoring = sgf_clamp01f(mon);
    /* coordinating needs interface competence (001:4528-4529); the
     * programme gives a dedicated contact person */
    double coord = effect[SGF_MODE_COORDINATING];
    if (md->partner_programme && downstream) coord += 0.15 * (1.0 - coord);
    p->coordination = sgf_clamp01f(coord);
    p->integration = sgf_clamp01f(effect[SGF_MODE_INTEGRATING]);

    /* alliance management capability: interface competence put to work with
     * the knowledge partners of the census (sgf_management_end) */
    const sgf_census *cs = &w->census;
    while (mw->knowledge_next < cs->n_knowledge_idx && cs->knowledge_idx[mw->knowledge_next] < i)
        mw->knowledge_next++;
    if (mw->knowledge_next < cs->n_knowledge_idx && cs->knowledge_idx[mw->knowledge_next] == i &&
        (mw->knowledge >> r & 1u)) {
        mw->amc_sum += 0.5 * ((double)p->coordination + (double)p->integration);
        mw->amc_count++;
    }

    /* influencing and training raise product knowledge, awareness and
     * alignment (MODEL.md 5); awareness fades without it */
    const sgf_incentive_def *in = &w->firm.incentives;
    double training = downstream && !p->owned ? mw->training_effect * mw->train_fit[size] : 0.0;
    p->training = (float)(0.98 * (double)p->training + training);
    double pk_gain = 0.04 * infl + 0.03 * training;
    p->product_knowledge =
        sgf_clamp01f((double)p->product_knowledge + pk_gain * (1.0 - (double)p->product_knowledge));
    p->awareness = sgf_clamp01f((double)p->awareness + 0.05 * infl * (1.0 - (double)p->awareness) -
                                0.01 * (double)p->awareness);
    double align_gain = 0.01 * infl * (in->give_first ? 1.5 : 1.0);
    p->alignment = sgf_clamp01f((double)p->alignment + align_gain * (1.0 - (double)p->alignment));

    /* incentives: the value the partner captures, and its satisfaction
     * against its outside option (MODEL.md 5) */
    if (p->owned) {
        p->value_eur = 0;
        p->satisfaction = 0.9f;
        return;
    }
    double v = partner_value(w, mw, p, training);
    p->value_eur = (float)v;
    p->satisfaction = sgf_clamp01f(v / (v + (double)p->outside_option + 1e-9));
}

/* Step 7 after the pass: attention used, management costs, AMC. */
void sgf_management_end(sgf_world *w, const sgf_management_week *mw)
{
    sgf_firm *f = &w->firm;
    const sgf_management_def *md = &w->def.firm.management;
    const sgf_incentive_def *in = &f->incentives;
    f->attention_used = mw->used;
    /* management costs: training, the programme, travel per hour with
     * partners (assumption: EUR 60 an hour) */
    w->acc.management_costs += in->training_eur_per_week +
                               (md->partner_programme ? md->programme_cost_eur_per_week : 0.0) +
                               60.0 * mw->used;
    /* alliance management capability: interface competence put to work in
     * coordinating and integrating (004:52-64) */
    int n = mw->amc_count;
    f->amc = sgf_clamp01(f->ic_eff * (0.4 + 0.6 * (n > 0 ? mw->amc_sum / n : 0.0)) / 0.75);
}
