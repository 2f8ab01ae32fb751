/* census.c: who is in the net this week (see sgf_census in world_internal.h).
 *
 * One pass over the partner array at the start of the week gives the counts
 * by role, the partner-type diversity D = (k/8)^2 (004:84), the totals of
 * management importance per mode, and short lists of the few partners most
 * submodels care about (manufacturers, logistics, knowledge partners, owned
 * units), so that those submodels do not each walk a net of a million
 * partners. The lists' memory grows with the partner array, never per week.
 *
 * It is taken after steps 1-2 (events, demand, capabilities), which touch no
 * partner, and the same pass does the first half of step 3 while the firm
 * trades: each channel's selling power, each market's total, and the list
 * of channels (sgf_market_channel), so that the net is walked once for both
 * and step 3 need not walk it again.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "base/alloc.h"
#include "model/world_internal.h"

static bool ensure(sgf_census *c, int needed)
{
    if (needed <= c->capacity) return true;
    int cap = c->capacity ? c->capacity : 64;
    while (cap < needed) cap *= 2;
    int **lists[4] = {&c->suppliers, &c->logistics, &c->knowledge_idx, &c->owned_idx};
    for (int k = 0; k < 4; k++) {
        int *g = sgf_realloc(*lists[k], sizeof(int) * (size_t)cap);
        if (!g) return false;
        *lists[k] = g;
    }
    sgf_channel *ch = sgf_realloc(c->channel, sizeof *ch * (size_t)cap);
    if (!ch) return false;
    c->channel = ch;
    c->capacity = cap;
    return true;
}

void sgf_census_free(sgf_census *c)
{
    sgf_free(c->suppliers);
    sgf_free(c->logistics);
    sgf_free(c->knowledge_idx);
    sgf_free(c->owned_idx);
    sgf_free(c->channel);
    memset(c, 0, sizeof *c);
}

sgf_status sgf_census_take(sgf_world *w)
{
    sgf_census *c = &w->census;
    if (!ensure(c, w->partner_count)) return SGF_ERR_NOMEM;
    memset(c->role_count, 0, sizeof c->role_count);
    memset(c->imp_total, 0, sizeof c->imp_total);
    c->alive = c->downstream = c->knowledge = c->others = 0;
    c->n_suppliers = c->n_logistics = c->n_knowledge_idx = c->n_owned = 0;
    uint32_t downstream = 0, knowledge = 0;
    double relevance[SGF_ROLE_COUNT][SGF_MODE_COUNT];
    for (int r = 0; r < SGF_ROLE_COUNT; r++) {
        if (sgf_role_is_downstream((sgf_role)r)) downstream |= 1u << r;
        if (sgf_role_is_knowledge((sgf_role)r)) knowledge |= 1u << r;
        for (int k = 0; k < SGF_MODE_COUNT; k++)
            relevance[r][k] = sgf_mode_relevance((sgf_mode)k, (sgf_role)r);
    }
    bool trading = !w->firm.failed; /* step 3 runs this week */
    if (trading) sgf_market_channels_begin(w, c);
    for (int i = 0; i < w->partner_count; i++) {
        sgf_partner *p = &w->partners[i];
        if (!p->alive) continue;
        sgf_role r = (sgf_role)p->role;
        bool is_down = downstream >> r & 1u, is_know = knowledge >> r & 1u;
        c->alive++;
        c->role_count[r]++;
        if (is_down)
            c->downstream++;
        else if (is_know)
            c->knowledge++, c->others++;
        else
            c->others++;
        if (r == SGF_ROLE_HARDWARE_MANUFACTURER || r == SGF_ROLE_COMPONENT_SUPPLIER)
            c->suppliers[c->n_suppliers++] = i;
        else if (r == SGF_ROLE_LOGISTICS_PROVIDER)
            c->logistics[c->n_logistics++] = i;
        if (is_know) c->knowledge_idx[c->n_knowledge_idx++] = i;
        if (p->owned) c->owned_idx[c->n_owned++] = i;
        double imp = sgf_importance(p);
        for (int k = 0; k < SGF_MODE_COUNT; k++) c->imp_total[k] += imp * relevance[r][k];
        if (trading) sgf_market_channel(c, i, p, is_down);
    }
    c->channels_tick = trading ? w->tick : -1;
    bool seen[SGF_PTYPE_COUNT] = {false};
    for (int r = 0; r < SGF_ROLE_COUNT; r++)
        if (c->role_count[r] > 0) seen[sgf_role_partner_type((sgf_role)r)] = true;
    int k = 0;
    for (int t = 0; t < SGF_PTYPE_COUNT; t++) k += seen[t];
    c->diversity = (k / 8.0) * (k / 8.0);
    return SGF_OK;
}
