/* claims.c: the causal claims of the sources as paired experiments (see
 * sgf_claims.h and docs/CLAIMS.md, whose ids these are).
 *
 * Only claims with a mechanism and a cause that a setting or an event can
 * switch are here; the register lists the others with their tests or why
 * they have none. The known failures are the register's own "partial"
 * findings, quoted so that the table says why.
 */
#include "sgf/sgf_claims.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "sgf/sgf_batch.h"
#include "sgf/sgf_scenario.h"

#define TEN_YEARS 520

/* A market's demand falls to 2 % for good in week 104 (a market that
 * produces nothing). */
#define COLLAPSE_DE                                                                                \
    "events=({name=\"DE collapse\"; kind=\"demand_shock\"; at_tick=104; target=\"market\"; "       \
    "target_name=\"DE\"; magnitude=0.02;})"
/* The labour-cost index doubles in week 52 where the hardware is made. */
#define LABOUR_CN_X2                                                                               \
    "events=({name=\"CN labour x2\"; kind=\"labour_cost_change\"; at_tick=52; target=\"market\"; " \
    "target_name=\"CN\"; magnitude=2.0;})"

const sgf_claim sgf_claims[] = {
    {"C06",
     "absorptive capacity 0.1 -> 0.9: more incremental co-innovation",
     "001:6719-6729",
     "partial",
     "innovations_incremental",
     +1,
     {"firm.capabilities.absorptive_capacity=0.1"},
     {"firm.capabilities.absorptive_capacity=0.9"},
     TEN_YEARS,
     "absorptive capacity appears only in technology drift (issue 15)",
     1},
    {"C09",
     "attention 120 -> 30 hours a week: partners' trust falls",
     "001:3496-3503",
     "partial",
     "mean_trust",
     -1,
     {NULL},
     {"firm.management.attention_hours_per_week=30"},
     TEN_YEARS,
     NULL,
     1},
    {"C13",
     "influencing neglected (weight 0.4 -> 0): sales partners' commitment falls",
     "001:3882-3893",
     "emergent",
     "mean_commitment",
     -1,
     {NULL},
     {"firm.management.weights.influencing=0.0"},
     TEN_YEARS,
     NULL,
     1},
    {"C15",
     "give first, then ask, switched off: more partners leave",
     "001:3900-3903",
     "emergent",
     "partners_left",
     +1,
     {NULL},
     {"firm.incentives.give_first=false"},
     TEN_YEARS,
     "give_first changes young partners' motivation and alignment a little, and not one exit in "
     "60 paired runs",
     1},
    {"C17",
     "the stick (0 -> 1): less trust",
     "001:3980-3987",
     "by construction",
     "mean_trust",
     -1,
     {NULL},
     {"firm.incentives.stick=1.0"},
     TEN_YEARS,
     NULL,
     1},
    {"C20",
     "analytical capability 0.1 -> 0.9: more opportunism detected",
     "001:4001-4007",
     "by construction",
     "opportunism_detected",
     +1,
     {"firm.capabilities.analytical_capability=0.1"},
     {"firm.capabilities.analytical_capability=0.9"},
     TEN_YEARS,
     NULL,
     1},
    {"C21",
     "analytical capability 0.1 -> 0.9: less damage from opportunism",
     "001:4001-4007",
     "partial",
     "opportunism_damage_eur",
     -1,
     {"firm.capabilities.analytical_capability=0.1"},
     {"firm.capabilities.analytical_capability=0.9"},
     TEN_YEARS,
     "detection saves little of the damage it finds (issue 15)",
     1},
    {"C22",
     "heavy monitoring (weight 0.2 -> 0.9): partners feel watched, trust falls",
     "001:3333-3335",
     "partial",
     "mean_trust",
     -1,
     {NULL},
     {"firm.management.weights.monitoring=0.9"},
     TEN_YEARS,
     NULL,
     1},
    {"C29",
     "three contact persons instead of one: fewer partners leave",
     "001:4037-4045",
     "partial",
     "partners_left",
     -1,
     {"firm.management.contact_persons=1", "params.key_person_turnover_per_year=0.5"},
     {"firm.management.contact_persons=3"},
     TEN_YEARS,
     "more contacts multiply the departures and each costs a share (issue 15)",
     1},
    {"C34",
     "integrating (weight 0 -> 0.3): more radical co-innovation",
     "001:4073-4087",
     "emergent",
     "innovations_radical",
     +1,
     {"firm.management.weights.integrating=0.0"},
     {"firm.management.weights.integrating=0.3"},
     TEN_YEARS,
     "integrating's hours show no effect on radical co-innovation at the default (issue 15)",
     1},
    {"C40",
     "talking with sales partners (0 -> 1): more revenue",
     "001:3905-3915",
     "emergent",
     "revenue_total_eur",
     +1,
     {"firm.management.talk_to_partners=0.0"},
     {"firm.management.talk_to_partners=1.0"},
     TEN_YEARS,
     NULL,
     3},
    {"C45",
     "labour cost x2 where the hardware is made: less profit",
     "001:6623, 001:6706-6707",
     "partial",
     "profit_total_eur",
     -1,
     {NULL},
     {LABOUR_CN_X2},
     TEN_YEARS,
     NULL,
     1},
    {"C47",
     "a market whose demand collapses for good is quit",
     "001:4287-4289, 001:6715-6716",
     "not represented",
     "markets_served_final",
     -1,
     {NULL},
     {COLLAPSE_DE},
     TEN_YEARS,
     "markets are never left (issue 14)",
     1},
};
const int sgf_claim_count = (int)(sizeof sgf_claims / sizeof sgf_claims[0]);

sgf_claims_opts sgf_claims_opts_default(bool quick)
{
    sgf_claims_opts o = {0};
    o.reps = quick ? 8 : 20;
    o.seeds[0] = 11;
    o.seeds[1] = 2024;
    o.seeds[2] = 777;
    o.seed_count = 3;
    return o;
}

static bool selected(const char *only, const char *id)
{
    if (!only) return true;
    size_t n = strlen(id);
    for (const char *s = only; *s;) {
        const char *e = strchr(s, ',');
        size_t k = e ? (size_t)(e - s) : strlen(s);
        if (k == n && strncmp(s, id, n) == 0) return true;
        if (!e) break;
        s = e + 1;
    }
    return false;
}

static int summary_index(const char *name)
{
    for (int i = 0; i < sgf_summary_count; i++)
        if (strcmp(sgf_summary_table[i].name, name) == 0) return i;
    return -1;
}

static double summary_value(const sgf_summary *s, int k)
{
    return *(const double *)((const char *)s + sgf_summary_table[k].offset);
}

/* The default scenario with these settings, for one master seed. */
static sgf_status arm(const sgf_claim *c, bool with_cause, uint64_t seed, sgf_world_def *def,
                      char *err, size_t err_size)
{
    sgf_diag diag;
    *def = sgf_world_def_default();
    sgf_status st = sgf_scenario_load_default(def, &diag);
    for (int k = 0; st == SGF_OK && k < SGF_CLAIM_SETS && c->base[k]; k++)
        st = sgf_scenario_apply_set(def, c->base[k], &diag);
    for (int k = 0; with_cause && st == SGF_OK && k < SGF_CLAIM_SETS && c->change[k]; k++)
        st = sgf_scenario_apply_set(def, c->change[k], &diag);
    if (st == SGF_OK) {
        def->seed = seed;
        def->ticks = c->ticks;
        st = sgf_scenario_validate(def, &diag);
    }
    if (st != SGF_OK) {
        char buf[700];
        snprintf(err, err_size, "claim %s: %s", c->id, sgf_diag_format(&diag, buf, sizeof buf));
        sgf_world_def_free(def);
    }
    return st;
}

static sgf_status run_claim(const sgf_claims_opts *o, const sgf_claim *c, sgf_claim_result *r,
                            char *err, size_t err_size)
{
    int k = summary_index(c->metric);
    if (k < 0) {
        snprintf(err, err_size, "claim %s: unknown metric '%s'", c->id, c->metric);
        return SGF_ERR_USAGE;
    }
    int reps = o->reps * (c->rep_factor > 1 ? c->rep_factor : 1);
    int pairs = reps * o->seed_count;
    double *diff = sgf_calloc((size_t)pairs, sizeof *diff);
    sgf_summary *res = sgf_calloc((size_t)(2 * reps), sizeof *res);
    if (!diff || !res) {
        sgf_free(diff);
        sgf_free(res);
        return SGF_ERR_NOMEM;
    }
    memset(r, 0, sizeof *r);
    r->claim = c;
    double sum_a = 0, sum_b = 0;
    int n = 0;
    sgf_status st = SGF_OK;
    for (int s = 0; s < o->seed_count && st == SGF_OK; s++) {
        sgf_world_def defs[2];
        st = arm(c, false, o->seeds[s], &defs[0], err, err_size);
        if (st != SGF_OK) break;
        st = arm(c, true, o->seeds[s], &defs[1], err, err_size);
        if (st != SGF_OK) {
            sgf_world_def_free(&defs[0]);
            break;
        }
        st = sgf_batch_run(defs, 2, reps, o->threads, res, err, err_size);
        sgf_world_def_free(&defs[0]);
        sgf_world_def_free(&defs[1]);
        double seed_sum = 0;
        int seed_n = 0;
        for (int rep = 0; st == SGF_OK && rep < reps; rep++) {
            double a = summary_value(&res[rep], k), b = summary_value(&res[reps + rep], k);
            if (!isfinite(a) || !isfinite(b)) continue; /* "never" in one arm: no pair */
            diff[n++] = b - a;
            sum_a += a;
            sum_b += b;
            seed_sum += b - a;
            seed_n++;
        }
        if (seed_n > 0 && seed_sum * c->direction > 0) r->seeds_agreeing++;
    }
    if (st == SGF_OK) {
        sgf_stat d = sgf_stat_of(diff, n);
        r->n = d.n;
        r->a_mean = n ? sum_a / n : NAN;
        r->b_mean = n ? sum_b / n : NAN;
        r->effect = d.mean;
        r->ci_low = d.mean - d.half_width;
        r->ci_high = d.mean + d.half_width;
        bool side = c->direction > 0 ? r->ci_low > 0 : r->ci_high < 0;
        r->holds = n >= 3 && side && r->seeds_agreeing == o->seed_count;
    }
    sgf_free(diff);
    sgf_free(res);
    return st;
}

sgf_status sgf_claims_run(const sgf_claims_opts *o, sgf_claim_result *out, int *count, char *err,
                          size_t err_size)
{
    *count = 0;
    if (o->reps < 3 || o->seed_count < 1 || o->seed_count > SGF_CLAIM_SEEDS) {
        snprintf(err, err_size, "claims need at least 3 replications and 1 to %d seeds",
                 SGF_CLAIM_SEEDS);
        return SGF_ERR_USAGE;
    }
    int wanted = 0;
    for (int i = 0; i < sgf_claim_count; i++) wanted += selected(o->only, sgf_claims[i].id);
    if (wanted == 0) {
        snprintf(err, err_size, "no claim with the id(s) '%s'", o->only ? o->only : "");
        return SGF_ERR_USAGE;
    }
    for (int i = 0; i < sgf_claim_count; i++) {
        if (!selected(o->only, sgf_claims[i].id)) continue;
        sgf_status st = run_claim(o, &sgf_claims[i], &out[*count], err, err_size);
        if (st != SGF_OK) return st;
        (*count)++;
        if (o->progress) o->progress(*count, wanted, o->ctx);
    }
    return SGF_OK;
}
