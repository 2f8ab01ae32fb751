/* innovation.c: step 5 of the schedule: incremental and radical
 * co-innovation with R&D and knowledge partners (MODEL.md 7, from 004).
 *
 * The alliance management capability (AMC: interface competence put to work
 * in coordinating and integrating knowledge partners, management.c) drives
 * both kinds convexly (004:100 reports positive squared terms). Partner-type
 * diversity D = (k/8)^2 (004:84) favours radical innovation, low diversity
 * favours incremental (004:104). Incremental innovation raises conversion in
 * current markets (internationalisation success); radical innovation moves
 * the product toward the frontier and lowers entry barriers in new markets
 * (speed) (004:52-64).
 */
#include <math.h>

#include "base/detmath.h"
#include "model/world_internal.h"

void sgf_innovation_step(sgf_world *w)
{
    sgf_firm *f = &w->firm;
    const sgf_params *pr = &w->def.params;
    double effort = 0;
    int kn = 0;
    for (int j = 0; j < w->census.n_knowledge_idx; j++) {
        const sgf_partner *p = &w->partners[w->census.knowledge_idx[j]];
        if (!p->alive || !sgf_role_is_knowledge((sgf_role)p->role)) continue;
        effort += (double)p->effort * (double)p->competence_fit;
        kn++;
    }
    double d = w->census.diversity;
    double a = f->amc;
    /* Co-innovation: the firm coordinates and integrates (AMC, a) what its
     * knowledge partners share, and partners share more with a firm that
     * integrates well (1 + kappa a): the yield is convex in AMC (004:100,
     * positive squared terms). More knowledge partners bring more ideas. */
    double share = kn > 0 ? effort / kn : 0.0;
    double co =
        a * (1.0 + pr->amc_convexity * a) * (0.3 + share * (1.0 - dm_exp(-(double)kn / 2.0)));
    /* Incremental: the firm's own routine improvements (no partner needed)
     * plus co-innovation, which a focused portfolio turns into incremental
     * steps and a diverse one less so (004:104: AMC -> incremental .80 at
     * low diversity, .46 at high). Radical: co-innovation projects, favoured
     * by diverse partners, riskier and resource-hungry (004:30, 44), which
     * come through the firm's technological rigidity with a chance that AMC
     * raises (004:46: AMC "can reduce the technological rigidity"). */
    double lam_inc = pr->innovation_rate * (0.1 + co * (1.3 - 1.1 * d));
    double lam_rad = 0.8 * pr->innovation_rate * co * a * (0.3 + 1.2 * d) * (0.5 + 0.5 * f->eo);
    unsigned inc = sgf_rng_poisson(&w->rng, lam_inc);
    unsigned rad = sgf_rng_poisson(&w->rng, lam_rad);
    f->innovations_incremental += inc;
    f->innovations_radical += rad;
    /* product fit from incremental innovation wears off as markets move */
    f->incremental_stock = 0.99 * f->incremental_stock + inc;
    f->radical_stock = 0.995 * f->radical_stock + rad;
    /* technology: own R&D and absorbed partner knowledge close the gap;
     * a radical innovation jumps toward the frontier */
    double gap = f->frontier - f->tech_level;
    double own = w->def.firm.rnd_eur_per_week / 2.0e5 * f->abs_eff;
    f->tech_level += (gap > 0 ? gap : 0) * (0.006 + own * 0.1) + 0.002 * inc;
    if (rad > 0) {
        f->tech_level +=
            0.5 * (f->frontier - f->tech_level > 0 ? f->frontier - f->tech_level : 0) + 0.02;
        sgf_log(w, SGF_LOG_INNOVATION_RADICAL, 0, "firm", (double)rad, "radical co-innovation");
    }
    if (f->tech_level > f->frontier + 0.1) f->tech_level = f->frontier + 0.1;
    f->tech_knowledge = sgf_clamp01(f->tech_knowledge + 0.001 * (inc + 5.0 * rad));
}
