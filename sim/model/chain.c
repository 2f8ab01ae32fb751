/* chain.c: a serial supply chain above the firm, for docking with Sterman's
 * Beer Game (Sterman 1989, "Modeling managerial behavior: misperceptions of
 * feedback in a dynamic decision making experiment"; MODEL.md 7 step 4 and
 * pattern 6).
 *
 * With firm.supply.echelons = E >= 2 the firm is echelon 1 (the retailer);
 * echelon k receives the orders of k-1 a week after they are placed, ships
 * from stock (backlogging what it cannot) with a delay of
 * shipping_delay_weeks, and orders from k+1 with the firm's own rule (base
 * stock, or anchoring and adjustment). The top echelon produces, taking the
 * same delay. Units are conserved: what the top produces is in some
 * echelon's stock, on the way, at the firm, or delivered.
 */
#include "model/world_internal.h"

static int echelons(const sgf_world *w)
{
    int e = w->def.firm.supply.echelons;
    return e > SGF_MAX_ECHELONS ? SGF_MAX_ECHELONS : e;
}

static int delay(const sgf_world *w)
{
    int d = w->def.firm.supply.shipping_delay_weeks;
    return d < 1 ? 1 : d >= SGF_CHAIN_PIPE ? SGF_CHAIN_PIPE - 1 : d;
}

/* The shared ordering rule, as the firm's (supply.c). */
static double order_rule(const sgf_supply_def *sd, double expected, double net_stock,
                         double supply_line, double lead)
{
    double o;
    if (sd->policy == SGF_ORDER_STERMAN) {
        double adj = sd->stock_adjust_weeks > 0 ? sd->stock_adjust_weeks : 1.0;
        o = expected + (expected * sd->cover_weeks - net_stock) / adj +
            sd->supply_line_weight * (expected * lead - supply_line) / adj;
    } else {
        o = expected * (sd->cover_weeks + lead) - (net_stock + supply_line);
    }
    return o > 0.0 ? o : 0.0;
}

void sgf_chain_start(sgf_world *w, double demand)
{
    int e = echelons(w), d = delay(w);
    double u = w->def.firm.supply.chain_initial_units;
    if (u <= 0.0) u = demand;
    for (int k = 1; k < e; k++) {
        sgf_echelon *c = &w->chain[k];
        c->inventory = w->def.firm.supply.cover_weeks * u;
        c->incoming = u;
        c->expected = u;
        for (int j = 1; j <= d; j++) c->pipe[(w->tick + j) % SGF_CHAIN_PIPE] += u;
        w->firm.produced_total += c->inventory + (double)d * u; /* opening stock */
    }
}

double sgf_chain_units(const sgf_world *w)
{
    double units = 0;
    for (int k = 1; k < echelons(w); k++) {
        units += w->chain[k].inventory;
        for (int j = 0; j < SGF_CHAIN_PIPE; j++) units += w->chain[k].pipe[j];
    }
    return units;
}

void sgf_chain_step(sgf_world *w, double firm_order)
{
    const sgf_supply_def *sd = &w->def.firm.supply;
    int e = echelons(w), d = delay(w);
    int slot = w->tick % SGF_CHAIN_PIPE;
    for (int k = 1; k < e; k++) {
        sgf_echelon *c = &w->chain[k];
        c->inventory += c->pipe[slot];
        c->pipe[slot] = 0.0;
        double demand = c->incoming;
        c->backlog += demand;
        double ship = c->inventory < c->backlog ? c->inventory : c->backlog;
        c->inventory -= ship;
        c->backlog -= ship;
        if (k == 1)
            w->firm.pipeline[(w->tick + d) % SGF_PIPE_WEEKS] += ship;
        else
            w->chain[k - 1].pipe[(w->tick + d) % SGF_CHAIN_PIPE] += ship;
        c->expected += sd->smoothing * (demand - c->expected);
        double transit = 0;
        for (int j = 0; j < SGF_CHAIN_PIPE; j++) transit += c->pipe[j];
        /* the supply line: on the way to it, plus its order not yet received */
        double pending = k + 1 < e ? w->chain[k + 1].incoming : 0.0;
        double o = order_rule(sd, c->expected, c->inventory - c->backlog, transit + pending,
                              (double)d + 1.0);
        if (k + 1 < e) {
            w->chain[k + 1].incoming_next = o;
        } else { /* the top echelon produces */
            c->pipe[(w->tick + d) % SGF_CHAIN_PIPE] += o;
            w->firm.produced_total += o;
        }
        if (w->tick > (int)w->def.params.warmup_weeks) {
            c->sum_o += o;
            c->sum_o2 += o * o;
        }
    }
    /* the firm's order reaches echelon 2 next week */
    if (e >= 2) w->chain[1].incoming_next = firm_order;
    for (int k = 1; k < e; k++) {
        w->chain[k].incoming = w->chain[k].incoming_next;
        w->chain[k].incoming_next = 0.0;
    }
}
