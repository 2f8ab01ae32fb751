/* invariants.c: the model's invariants, tested every week under --check
 * (sgf run --check): conservation of units and money, states in their
 * ranges, finite metrics. The first violation is reported with its tick.
 */
#include <math.h>
#include <stdio.h>

#include "model/world_internal.h"

/* ---- invariants (--check) ----------------------------------------------------------------- */

static bool bad01(double x)
{
    return !(x >= 0.0 && x <= 1.0);
}

sgf_status sgf_invariants_check(sgf_world *w)
{
    const sgf_firm *f = &w->firm;
#define FAIL_IF(cond, ...)                                                                         \
    do {                                                                                           \
        if (cond) {                                                                                \
            int n_ = snprintf(w->error, sizeof w->error, "tick %d: ", w->tick);                    \
            snprintf(w->error + n_, sizeof w->error - (size_t)n_, __VA_ARGS__);                    \
            return SGF_ERR_INVARIANT;                                                              \
        }                                                                                          \
    } while (0)
    /* units: everything produced is delivered, in stock, in transit or scrapped */
    double in_pipe = 0;
    for (int k = 0; k < SGF_PIPE_WEEKS; k++) in_pipe += f->pipeline[k];
    double lhs = f->produced_total;
    double rhs =
        f->delivered_total + f->inventory + in_pipe + f->scrapped_total + sgf_chain_units(w);
    FAIL_IF(fabs(lhs - rhs) > 1e-6 * (1.0 + fabs(lhs)),
            "units not conserved: produced %.6f != delivered %.6f + stock %.6f + transit %.6f + "
            "scrapped %.6f",
            lhs, f->delivered_total, f->inventory, in_pipe, f->scrapped_total);
    FAIL_IF(f->inventory < -1e-9 || f->backlog < -1e-9, "negative stock or backlog");
    /* money: revenue splits into the firm's gross and partners' margins */
    FAIL_IF(fabs(f->revenue_total - f->firm_gross_total - f->partner_margin_total) >
                1e-6 * (1.0 + f->revenue_total),
            "money not conserved across the split: revenue %.2f != firm %.2f + partners %.2f",
            f->revenue_total, f->firm_gross_total, f->partner_margin_total);
    FAIL_IF(fabs(f->cash_eur - (w->def.firm.cash_eur + f->profit_total)) >
                1e-6 * (1.0 + fabs(f->cash_eur)),
            "cash %.2f != initial cash + cumulative profit %.2f", f->cash_eur,
            w->def.firm.cash_eur + f->profit_total);
    const double *caps = &f->cap.cultural_awareness;
    for (int k = 0; k < 9; k++)
        FAIL_IF(bad01(caps[k]), "capability %d out of [0,1]: %g", k, caps[k]);
    FAIL_IF(bad01(f->sensing) || bad01(f->seizing) || bad01(f->reconfiguring) || bad01(f->dc),
            "dynamic capability out of [0,1]");
    for (int i = 0; i < w->partner_count; i++) {
        const sgf_partner *p = &w->partners[i];
        if (!p->alive) continue;
        const float *v = &p->trust;
        for (int k = 0; k < 12; k++)
            FAIL_IF(bad01(v[k]), "partner '%s' state %d out of [0,1]: %g", w->names[i], k,
                    (double)v[k]);
    }
    for (int m = 0; m < w->market_count; m++) {
        const sgf_market *mk = &w->markets[m];
        FAIL_IF(bad01(mk->knowledge) || bad01(mk->foreignness) || bad01(mk->outsidership),
                "market %s knowledge or liabilities out of [0,1]", w->def.markets[m].iso);
    }
    for (int k = 0; k < sgf_metric_count; k++) {
        double v = sgf_metric_get(&w->metrics, k);
        FAIL_IF(!isfinite(v), "metric %s is not finite", sgf_metric_table[k].name);
    }
#undef FAIL_IF
    return SGF_OK;
}
