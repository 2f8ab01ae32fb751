/* capability.c: the firm's capabilities at three levels and the dynamic
 * capability (MODEL.md 4), and how capabilities change (step 11).
 *
 * Levels are nested (P4, P5 at 001:6776-6784): managerial capabilities work
 * through cognition, organisational ones through managerial capability. None
 * is sufficient alone (001:6769). The dynamic capability is the geometric mean
 * of sensing, seizing and reconfiguring, so a weak link caps the whole.
 */
#include <math.h>

#include "base/detmath.h"
#include "model/world_internal.h"

static double geomean3(double a, double b, double c)
{
    return dm_cbrt(sgf_clamp01(a) * sgf_clamp01(b) * sgf_clamp01(c));
}

/* Soft threshold: "a sufficient level of absorptive capacity is a
 * prerequisite for flexibility" (001:6766-6767). Assumption: logistic around
 * 0.3 with width 0.07. */
static double absorptive_gate(double abs_eff)
{
    return 1.0 / (1.0 + dm_exp(-(abs_eff - 0.3) / 0.07));
}

double sgf_partner_diversity(const sgf_world *w)
{
    /* D = (k/8)^2 over the eight partner types (004:84). */
    bool seen[SGF_PTYPE_COUNT] = {false};
    for (int i = 0; i < w->partner_count; i++)
        if (w->partners[i].alive) seen[sgf_role_partner_type((sgf_role)w->partners[i].role)] = true;
    int k = 0;
    for (int t = 0; t < SGF_PTYPE_COUNT; t++) k += seen[t];
    double r = k / 8.0;
    return r * r;
}

void sgf_capability_derive(sgf_world *w)
{
    sgf_firm *f = &w->firm;
    const sgf_capabilities *c = &f->cap;
    f->eo = (c->innovativeness + c->risk_taking + c->proactiveness) / 3.0;
    f->cog = geomean3(c->cultural_awareness, c->global_mindset, f->eo);
    /* man_eff = managerial * (0.5 + 0.5 cog); org_eff = org * (0.5 + 0.5 man_eff)
     * (MODEL.md 4, P4/P5 at 001:6776-6784). */
    f->ic_eff = c->interface_competence * (0.5 + 0.5 * f->cog);
    f->an_eff = c->analytical_capability * (0.5 + 0.5 * f->cog);
    f->man_eff = 0.5 * (f->ic_eff + f->an_eff);
    f->abs_eff = c->absorptive_capacity * (0.5 + 0.5 * f->man_eff);
    f->flex_eff = c->flexibility * (0.5 + 0.5 * f->man_eff);
}

void sgf_capability_step(sgf_world *w)
{
    sgf_firm *f = &w->firm;
    sgf_capability_derive(w);
    const sgf_capabilities *c = &f->cap;
    /* Sensing: global mindset, proactiveness, analysis; operations eat the
     * attention it needs (001:3496-3503). */
    f->sensing =
        geomean3(c->global_mindset, c->proactiveness, f->an_eff) * (1.0 - 0.5 * f->ops_share);
    /* Seizing needs interface competence, absorptive capacity and resources:
     * cash and credit against a quarter's fixed costs (assumption: saturating
     * as 1 - exp(-2 cover)). */
    double cover = (f->cash_eur + w->def.firm.credit_line_eur) /
                   (1.0 + w->def.firm.fixed_cost_eur_per_employee_week * f->employees * 13.0);
    double resources = sgf_clamp01(1.0 - dm_exp(-2.0 * (cover > 0 ? cover : 0)));
    f->seizing = geomean3(f->ic_eff, f->abs_eff, resources);
    f->reconfiguring = sgf_clamp01(f->flex_eff * absorptive_gate(f->abs_eff));
    f->dc = geomean3(f->sensing, f->seizing, f->reconfiguring);
}

/* Step 11: capabilities move at different speeds (001:6754-6761,
 * 001:4913-4921). Cognitive ones change only by events (md_change). */
void sgf_capability_learning_step(sgf_world *w)
{
    sgf_firm *f = &w->firm;
    const sgf_params *pr = &w->def.params;
    sgf_capabilities *c = &f->cap;
    double lr = pr->learning_rate_capability * (1.0 + pr->newness_boost * f->newness);
    /* managers learn from the share of their attention that goes to the net
     * rather than to daily operations */
    double used = sgf_clamp01(1.0 - f->ops_share);
    /* managerial: slow experiential learning from managing the net */
    double mgmt = f->mode_w[SGF_MODE_COORDINATING] + f->mode_w[SGF_MODE_INFLUENCING];
    c->interface_competence += lr * used * mgmt * (1.0 - c->interface_competence);
    c->analytical_capability +=
        lr * used * f->mode_w[SGF_MODE_MONITORING] * 2.0 * (1.0 - c->analytical_capability);
    /* absorptive capacity grows with partner interaction: integration and
     * coordination of knowledge partners (001:6719-6729) */
    double interaction = 0;
    int kn = 0;
    for (int j = 0; j < w->census.n_knowledge_idx; j++) {
        const sgf_partner *p = &w->partners[w->census.knowledge_idx[j]];
        if (!p->alive || !sgf_role_is_knowledge((sgf_role)p->role)) continue;
        interaction += p->integration + p->coordination;
        kn++;
    }
    if (kn > 0) interaction /= kn;
    c->absorptive_capacity += pr->absorptive_gain * interaction * (1.0 - c->absorptive_capacity);
    /* flexibility decays as the firm grows (001 Article 1) */
    double growth = f->employees - f->employees0;
    if (growth > 0) {
        c->flexibility -= pr->flexibility_decay_per_employee * growth / 52.0 * c->flexibility;
    }
    c->flexibility = sgf_clamp01(c->flexibility);
    c->interface_competence = sgf_clamp01(c->interface_competence);
    c->analytical_capability = sgf_clamp01(c->analytical_capability);
    c->absorptive_capacity = sgf_clamp01(c->absorptive_capacity);
    /* newness fades (001:2435-2443) */
    f->newness -= pr->liability_decay * f->newness;
    f->newness = sgf_clamp01(f->newness);
}
