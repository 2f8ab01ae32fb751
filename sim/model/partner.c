/* partner.c: steps 8 and 9 of the schedule: partners decide (effort,
 * opportunism, key-person turnover, exit) and the relationship updates
 * (trust, commitment, motivation), MODEL.md 6. world.c runs them for each
 * partner right after its step 7 (management.c), in one pass over the net.
 *
 * Opportunism (001:95-97, 001:6677-6679, 004:68): an act each week with a
 * probability growing in the partner's propensity, lack of trust, lack of
 * satisfaction and low perceived monitoring. Detection grows with monitoring
 * intensity times analytical capability. Trust follows Kim (2009, JASSS
 * 12(3)4): a good experience can only raise it, a bad one only lower it,
 * down faster than up; "contracts do not mean anything without trust"
 * (001:3799-3807).
 */
#include <math.h>

#include "base/detmath.h"
#include "model/world_internal.h"

/* fmax(a, b) and fmin(a, b) as glibc's x86-64 versions give them (maxsd,
 * minsd: b on a tie, the other operand when one is NaN), inline: the libm
 * calls were a tenth of steps 8-9. */
static inline double max_of(double a, double b)
{
    return a > b || b != b ? a : b;
}
static inline double min_of(double a, double b)
{
    return a < b || b != b ? a : b;
}

static sgf_act choose_act(sgf_world *w, const sgf_partner *p)
{
    sgf_role r = (sgf_role)p->role;
    /* defection: a dissatisfied partner that has learned enough leaves,
     * possibly to a competitor with what it learned */
    if (p->satisfaction < 0.4f && p->leaked > 0.2f && sgf_rng_bernoulli(&w->rng, 0.3))
        return SGF_OPP_DEFECT;
    double u = sgf_rng_uniform(&w->rng);
    if (sgf_role_is_downstream(r))
        return u < 0.5 ? SGF_OPP_SHIRK : u < 0.8 ? SGF_OPP_POACH : SGF_OPP_LEAK;
    if (r == SGF_ROLE_HARDWARE_MANUFACTURER || r == SGF_ROLE_COMPONENT_SUPPLIER)
        return u < 0.4 ? SGF_OPP_SHIRK : u < 0.8 ? SGF_OPP_OVERPROMISE : SGF_OPP_LEAK;
    if (sgf_role_is_knowledge(r)) return u < 0.6 ? SGF_OPP_LEAK : SGF_OPP_SHIRK;
    return SGF_OPP_SHIRK;
}

/* What the firm does about a detected act: warn, sanction or replace. */
static void respond(sgf_world *w, int i)
{
    sgf_partner *p = &w->partners[i];
    p->warnings++;
    switch (w->def.firm.management.response) {
    case SGF_RESPONSE_WARN:
        if (p->warnings >= 3)
            sgf_action_start(w, SGF_ACT_REPLACE, (sgf_role)p->role, p->market,
                             sgf_search_weeks(w, (sgf_role)p->role), i);
        break;
    case SGF_RESPONSE_SANCTION:
        /* worse terms: less motivation, and deterrence of further acts */
        p->motivation = sgf_clamp01f((double)p->motivation - 0.1);
        p->opportunism = sgf_clamp01f((double)p->opportunism * 0.8);
        break;
    case SGF_RESPONSE_REPLACE:
        sgf_action_start(w, SGF_ACT_REPLACE, (sgf_role)p->role, p->market,
                         sgf_search_weeks(w, (sgf_role)p->role), i);
        break;
    default:
        break;
    }
}

/* Step 9 for one partner. It reads and writes only that partner, so it runs
 * right after the partner's own step 8 (one pass over the array instead of
 * two; the result is the same as two passes). */
static void relationship_update(const sgf_params *pr, double stick, sgf_partner *p)
{
    sgf_role r = (sgf_role)p->role;
    /* the week's experience of the tie */
    double perf;
    if (sgf_role_is_downstream(r))
        perf = p->expected_flow > 0 ? sgf_clamp01((double)p->flow_units / (double)p->expected_flow)
                                    : (double)p->effort;
    else if (r == SGF_ROLE_HARDWARE_MANUFACTURER || r == SGF_ROLE_COMPONENT_SUPPLIER)
        perf = p->expected_flow > 0 ? (double)p->experience : (double)p->effort;
    else
        perf = (double)p->effort;
    if (p->act != SGF_OPP_NONE) perf *= 0.5;
    double exper = 0.5 * perf + 0.5 * (double)p->satisfaction;
    p->experience = (float)exper;
    /* Kim 2009: good experience only raises, bad only lowers trust */
    double t = (double)p->trust;
    if (exper >= 0.5)
        t = max_of(t, t + pr->trust_up_rate * (exper - t));
    else
        t = min_of(t, t + pr->trust_down_rate * (exper - t));
    t += pr->trust_personal_rate * (double)p->influence * (1.0 - t); /* personal relations */
    t -= 0.002 * stick;                                              /* threats erode it */
    p->trust = sgf_clamp01f(t);
    /* commitment grows with successful cooperation, incremental commitments
     * and performance discussed (001:2755-2756, 001:4001-4007) */
    double c = (double)p->commitment;
    if (exper >= 0.55 && p->act == SGF_OPP_NONE)
        c += pr->commitment_rate * (1.0 + 0.5 * (double)p->monitoring) * (1.0 - c) * 2.0 *
             (double)p->satisfaction;
    else
        c -= 0.2 * pr->commitment_rate * c;
    p->commitment = sgf_clamp01f(c);
    /* motivation follows satisfaction and decays without reminders of the
     * value ("blurred", 001:4611-4615) */
    double m = (double)p->motivation;
    m += pr->motivation_rate * ((double)p->satisfaction - m);
    m -= pr->motivation_decay * (1.0 - (double)p->influence) * m;
    p->motivation = sgf_clamp01f(m);
    p->flow_ema = (float)(0.9 * (double)p->flow_ema + 0.1 * (double)p->flow_units);
    if (exper < 0.35)
        p->underperf_weeks++;
    else if (p->underperf_weeks > 0)
        p->underperf_weeks--;
}

/* Steps 8 and 9, the week's constants. */
void sgf_partner_week_begin(const sgf_world *w, sgf_partner_week *pw)
{
    const sgf_params *pr = &w->def.params;
    pw->stick = w->firm.incentives.stick;
    pw->price_eur = w->def.firm.price_eur;
    /* each contact's weekly hazard h; one of n leaves with 1 - (1-h)^n */
    pw->kp_log_stay = dm_log(1.0 - sgf_clamp01(pr->key_person_turnover_per_year / 52.0));
    /* the same for whole numbers of contacts, once a week */
    for (int n = 0; n <= 8; n++) pw->kp_any[n] = 1.0 - dm_exp((double)n * pw->kp_log_stay);
    pw->downstream = 0;
    for (int r = 0; r < SGF_ROLE_COUNT; r++)
        if (sgf_role_is_downstream((sgf_role)r)) pw->downstream |= 1u << r;
}

/* Steps 8 and 9 for live partner i, after its step 7: it decides (effort,
 * opportunism, key-person turnover, exit) and the relationship updates. It
 * reads and writes partner i, the firm's backlog, the market's outsidership,
 * the week's accumulators, the log and the action queue; it may remove
 * partner i, and no other. */
void sgf_partner_decide(sgf_world *w, const sgf_partner_week *pw, int i)
{
    const sgf_params *pr = &w->def.params;
    const sgf_firm *f = &w->firm;
    double stick = pw->stick;
    double price = pw->price_eur;
    sgf_partner *p = &w->partners[i];
    p->age_weeks++;
    p->key_tenure_weeks++;
    p->act = SGF_OPP_NONE;
    sgf_role r = (sgf_role)p->role;

    /* effort follows motivation and commitment (MODEL.md 6); the stick
     * buys effort now; competence fit caps useful effort after a shift */
    double e = (double)p->motivation * (0.5 + 0.5 * (double)p->commitment) *
               (0.6 + 0.4 * (double)p->alignment);
    e += 0.15 * stick * (1.0 - (double)p->motivation);
    if (!(pw->downstream >> r & 1u)) e *= 0.4 + 0.6 * (double)p->competence_fit;
    if (p->owned) e = 0.9;
    p->effort = sgf_clamp01f(e);
    p->perceived_monitoring =
        sgf_clamp01f((double)p->perceived_monitoring +
                     0.1 * ((double)p->monitoring - (double)p->perceived_monitoring));

    /* opportunism */
    if (r != SGF_ROLE_SALES_OFFICE) {
        double prob = pr->opportunism_base * (double)p->opportunism * (1.2 - (double)p->trust) *
                      (1.2 - (double)p->satisfaction) *
                      (1.0 - 0.7 * (double)p->perceived_monitoring) * 2.0;
        if (sgf_rng_bernoulli(&w->rng, prob)) {
            sgf_act act = choose_act(w, p);
            p->act = (uint8_t)act;
            w->acc.acts++;
            double damage = 0;
            switch (act) {
            case SGF_OPP_SHIRK:
                p->effort *= 0.3f;
                damage = 0.7 * (double)p->flow_units * price * 0.3;
                break;
            case SGF_OPP_OVERPROMISE:
                damage = 0.5 * (double)p->expected_flow * price * 0.3;
                break;
            case SGF_OPP_LEAK: {
                double leak =
                    pr->leak_rate * (1.0 + 4.0 * (double)p->integration) * f->tech_knowledge;
                p->leaked = sgf_clamp01f((double)p->leaked + leak);
                w->acc.leaked += leak;
                damage = leak * 1e5;
                break;
            }
            case SGF_OPP_POACH: {
                /* it takes customers: orders it brought in go to another
                 * supplier, out of the firm's backlog (lost sales) */
                double taken = pr->poach_share * (double)p->flow_units;
                if (taken > w->firm.backlog) taken = w->firm.backlog;
                w->firm.backlog -= taken;
                w->firm.lost_total += taken;
                p->flow_units -= (float)taken;
                damage = taken * price;
                break;
            }
            default:
                break;
            }
            w->acc.damage_eur += damage;
            double detect =
                1.0 - dm_exp(-pr->detection_base * (double)p->monitoring * (0.3 + 0.7 * f->an_eff));
            bool detected = sgf_rng_bernoulli(&w->rng, detect);
            if (act == SGF_OPP_DEFECT) {
                w->acc.defections++;
                /* it takes what it learned to a competitor */
                w->markets[p->market].outsidership =
                    sgf_clamp01(w->markets[p->market].outsidership + 0.05);
                sgf_partner_remove(w, i, SGF_LOG_PARTNER_EXIT, "defection");
                return;
            }
            if (detected) {
                w->acc.detected++;
                /* a detected act cuts trust sharply and commitment */
                p->trust = sgf_clamp01f((double)p->trust * (1.0 - pr->trust_detect_cut));
                p->commitment =
                    sgf_clamp01f((double)p->commitment * (1.0 - pr->commitment_incident_cut));
                /* found early, the damage is partly undone */
                w->acc.damage_eur -= 0.5 * damage;
                static const char *const act_names[SGF_OPP_COUNT] = {
                    "none", "shirk", "overpromise", "leak", "poach", "defect"};
                sgf_log_partner(w, SGF_LOG_OPPORTUNISM_DETECTED, i, damage, act_names[act],
                                "act %d detected", (int)act);
                respond(w, i);
            }
        }
    }

    if (p->owned) return;
    /* key people: each contact has a turnover hazard */
    int n = (int)p->contact_persons;
    double any = (double)n == (double)p->contact_persons && n >= 1 && n <= 8
                     ? pw->kp_any[n]
                     : 1.0 - dm_exp((double)p->contact_persons * pw->kp_log_stay);
    if (sgf_rng_bernoulli(&w->rng, any)) {
        sgf_key_person_leaves(w, i, 1.0, &w->rng);
        if (!p->alive) return;
    }

    /* exit: satisfaction below the outside option long enough */
    if (p->satisfaction < 0.5f)
        p->below_weeks++;
    else
        p->below_weeks = 0;
    double patience =
        pr->exit_patience_weeks * (0.5 + (double)p->loyalty) * (p->contract ? 1.5 : 1.0);
    if ((double)p->below_weeks > patience) {
        sgf_partner_remove(w, i, SGF_LOG_PARTNER_EXIT, "outside_option");
        return;
    }
    relationship_update(pr, stick, p); /* step 9 */
}
