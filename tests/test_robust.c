/* test_robust.c: the model under accepted but extreme input (issue 13):
 * every loop ends, a stop request is honoured inside a long week, events of
 * one kind compose and undo themselves, no fixed cap on model data, no
 * assertion fires. The world comes from tests/fixture.h; white-box checks
 * read the private world struct.
 */
#include <math.h>
#include <signal.h>
#include <threads.h>
#include <time.h>

#include "fixture.h"
#include "harness.h"
#include "model/world_internal.h"

static const uint64_t masters[] = {11, 2024, 777};
#define N_MASTERS 3

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- 1: every loop ends ------------------------------------------------------------------ */

/* amc_convexity 1e10 with innovation_rate 10 made the Poisson rate pass
 * 4.3e9, where the sampler never returned. The run must end, under the
 * invariant checks, for every master seed. */
TEST(huge_innovation_rate_ends)
{
    for (int s = 0; s < N_MASTERS; s++) {
        sgf_world_def d = fx_def(masters[s], 30);
        d.ticks = 104;
        d.params.amc_convexity = 1e10;
        d.params.innovation_rate = 10;
        sgf_world *w = NULL;
        CHECK(sgf_world_create(&d, &w) == SGF_OK);
        sgf_status st = SGF_OK;
        while (w && st == SGF_OK && !sgf_world_done(w)) st = sgf_world_step(w);
        CHECK_MSG(st == SGF_OK, "master %llu: %s", (unsigned long long)masters[s],
                  w ? sgf_world_error(w) : "");
        CHECK_EQ_INT(w ? sgf_world_tick(w) : -1, 104);
        sgf_world_destroy(w);
        sgf_world_def_free(&d);
    }
}

typedef struct stepper {
    sgf_world *w;
    sgf_status st;
    volatile int started;
} stepper;

static int step_once(void *arg)
{
    stepper *s = arg;
    s->started = 1;
    s->st = sgf_world_step(s->w);
    return 0;
}

/* A stop request set while a week is under way cuts the week short: the
 * step comes back with SGF_ERR_INTERRUPTED (before the fix it ran the week
 * to its end and said SGF_OK), quickly, and every later step refuses. */
TEST(stop_request_cuts_a_long_week_short)
{
    sgf_world_def d = fx_def(masters[0], 200000);
    d.check = false;
    d.ticks = 1000;
    sgf_world *w = NULL;
    CHECK(sgf_world_create(&d, &w) == SGF_OK);
    if (!w) return;
    volatile sig_atomic_t stop = 0;
    sgf_world_set_stop(w, &stop);
    /* a whole week first, to know how long one takes */
    double t0 = now_s();
    CHECK(sgf_world_step(w) == SGF_OK);
    double week = now_s() - t0;
    stepper s = {w, SGF_OK, 0};
    thrd_t th;
    CHECK(thrd_create(&th, step_once, &s) == thrd_success);
    while (!s.started) thrd_yield();
    double t1 = now_s();
    stop = 1;
    thrd_join(th, NULL);
    double latency = now_s() - t1;
    CHECK_MSG(s.st == SGF_ERR_INTERRUPTED, "the week ran to its end (%s); a week takes %.3f s",
              sgf_status_message(s.st), week);
    CHECK_MSG(latency < 1.0, "stopped %.3f s after the request", latency);
    CHECK_EQ_INT(sgf_world_tick(w), 2);
    CHECK(sgf_world_step(w) == SGF_ERR_INTERRUPTED);
    CHECK_EQ_INT(sgf_world_tick(w), 2);
    CHECK(strstr(sgf_world_error(w), "stopped") != NULL);
    sgf_world_destroy(w);
    sgf_world_def_free(&d);
}

/* Without a request the flag changes nothing: the same world hash as a
 * world that never had a flag. */
TEST(stop_flag_unset_changes_nothing)
{
    uint64_t h[2];
    for (int k = 0; k < 2; k++) {
        sgf_world_def d = fx_def(masters[1], 40);
        d.ticks = 60;
        sgf_world *w = NULL;
        CHECK(sgf_world_create(&d, &w) == SGF_OK);
        volatile sig_atomic_t stop = 0;
        if (k == 1) sgf_world_set_stop(w, &stop);
        while (!sgf_world_done(w)) CHECK(sgf_world_step(w) == SGF_OK);
        h[k] = sgf_world_hash(w);
        sgf_world_destroy(w);
        sgf_world_def_free(&d);
    }
    CHECK(h[0] == h[1]);
}

/* ---- 3: events of one kind compose ------------------------------------------------------- */

/* Six events of one kind on one target: A (week 5, 20 weeks) with B (week
 * 10, 5 weeks) nested in it; C (30, 10) and D (35, 10) overlapping, C
 * ending first; E (50, 5) and F (55, 5) back to back. Each has its own
 * magnitude. */
static const int ev_at[6] = {5, 10, 30, 35, 50, 55};
static const int ev_len[6] = {20, 5, 10, 10, 5, 5};
static const double ev_mag[6] = {0.5, 3.0, 0.0, 0.25, 1.7, 0.9};
static const double ev_tariff[6] = {0.3, 0.05, 0.8, 0.12, 0.0, 0.6};

static void add_events(sgf_world_def *d, sgf_event_kind kind, sgf_target_kind target,
                       const char *name)
{
    for (int k = 0; k < 6; k++) {
        sgf_event_def *e = sgf_world_def_add_event(d);
        if (!e) abort();
        *e = sgf_event_def_default();
        snprintf(e->name, sizeof e->name, "ev%d", k);
        e->kind = kind;
        e->at_tick = ev_at[k];
        e->duration_weeks = ev_len[k];
        e->target = target;
        snprintf(e->target_name, sizeof e->target_name, "%s", name);
        e->magnitude = kind == SGF_EV_TARIFF_CHANGE ? ev_tariff[k] : ev_mag[k];
        if (kind == SGF_EV_CAPACITY_LOSS) e->magnitude = ev_mag[k] > 1 ? 1.0 : ev_mag[k];
        e->new_profile.cultural_awareness = 0.1 + 0.1 * k;
        e->new_profile.global_mindset = 0.15 + 0.1 * k;
        e->new_profile.innovativeness = 0.2 + 0.1 * k;
        e->new_profile.risk_taking = 0.05 + 0.1 * k;
        e->new_profile.proactiveness = 0.3 + 0.1 * k;
    }
}

/* The events active in week t (an event at a for n weeks is in force in
 * weeks a .. a+n-1: its recovery runs at the start of week a+n). */
static bool active(int k, int t)
{
    return t >= ev_at[k] && t < ev_at[k] + ev_len[k];
}

/* What a value should be in week t: the product of the active factors, or
 * the value of the latest active absolute change (else the start). */
static double expected_product(int t, bool capacity, bool labour)
{
    double v = 1.0;
    for (int k = 0; k < 6; k++) {
        if (!active(k, t) || (labour && ev_mag[k] <= 0)) continue; /* labour: 0 does nothing */
        v *= capacity ? 1.0 - (ev_mag[k] > 1 ? 1.0 : ev_mag[k]) : ev_mag[k];
    }
    return v;
}
static int latest_active(int t)
{
    int best = -1;
    for (int k = 0; k < 6; k++)
        if (active(k, t)) best = k;
    return best;
}

typedef enum { V_DEMAND, V_MCAP, V_PCAP, V_TARIFF, V_MD, V_LABOUR } value_kind;

static double observe(const sgf_world *w, value_kind v, int market, int partner)
{
    switch (v) {
    case V_DEMAND:
        return w->markets[market].demand_factor;
    case V_MCAP:
        return w->markets[market].capacity_factor;
    case V_PCAP:
        return (double)w->partners[partner].capacity_factor;
    case V_TARIFF:
        return w->markets[market].tariff;
    case V_MD:
        return w->firm.cap.global_mindset;
    case V_LABOUR:
        return w->markets[market].labour_cost_index;
    }
    return NAN;
}

static void check_composition(sgf_test_ctx *sgf_ctx_, value_kind v, sgf_event_kind kind,
                              sgf_target_kind target, const char *name)
{
    for (int s = 0; s < N_MASTERS; s++) {
        sgf_world_def d = fx_def(masters[s], 20);
        d.ticks = 70;
        d.environment.labour_cost_drift_per_year = 0.0;
        d.environment.random_md_change_per_year = 0.0;
        add_events(&d, kind, target, name);
        sgf_world *w = NULL;
        CHECK(sgf_world_create(&d, &w) == SGF_OK);
        if (!w) return;
        int m = sgf_world_def_market_index(&d, "DE");
        int p = sgf_partner_find(w, "EMS");
        double start = observe(w, v, m, p);
        double profile0 = w->firm.cap.global_mindset;
        uint32_t gen = p >= 0 ? w->partners[p].generation : 0;
        bool gone = false; /* the partner left (relocation, exit): its record ends */
        while (!sgf_world_done(w)) {
            sgf_status st = sgf_world_step(w);
            CHECK_MSG(st == SGF_OK, "%s: %s", sgf_event_kind_name(kind), sgf_world_error(w));
            if (st != SGF_OK) break;
            int t = sgf_world_tick(w);
            if (v == V_PCAP && (!w->partners[p].alive || w->partners[p].generation != gen)) {
                gone = true;
                break;
            }
            double got = observe(w, v, m, p), want;
            if (v == V_TARIFF) {
                int k = latest_active(t);
                want = k < 0 ? start : ev_tariff[k];
            } else if (v == V_MD) {
                int k = latest_active(t);
                want = k < 0 ? profile0 : 0.15 + 0.1 * k;
            } else {
                want = start * expected_product(t, v == V_MCAP || v == V_PCAP, v == V_LABOUR);
            }
            double tol = v == V_PCAP ? 1e-6 : v == V_LABOUR ? 1e-12 : 0.0;
            CHECK_MSG(fabs(got - want) <= tol * fabs(want),
                      "%s, master %llu, week %d: %.17g, want %.17g", sgf_event_kind_name(kind),
                      (unsigned long long)masters[s], t, got, want);
        }
        /* after every recovery the value is the no-event one, exactly
         * (labour costs: to rounding, being a running product) */
        if (gone) {
            CHECK_MSG(sgf_world_tick(w) > 40, "master %llu: EMS gone in week %d",
                      (unsigned long long)masters[s], sgf_world_tick(w));
            sgf_world_destroy(w);
            sgf_world_def_free(&d);
            continue;
        }
        double end = observe(w, v, m, p);
        CHECK_MSG(v == V_LABOUR ? fabs(end - start) <= 1e-12 : end == start,
                  "%s: %.17g at the end, %.17g at the start", sgf_event_kind_name(kind), end,
                  start);
        CHECK_EQ_INT(w->recovery_count, 0);
        sgf_world_destroy(w);
        sgf_world_def_free(&d);
    }
}

TEST(overlapping_events_of_each_kind_compose)
{
    check_composition(sgf_ctx_, V_DEMAND, SGF_EV_DEMAND_SHOCK, SGF_TARGET_MARKET, "DE");
    check_composition(sgf_ctx_, V_MCAP, SGF_EV_CAPACITY_LOSS, SGF_TARGET_MARKET, "DE");
    check_composition(sgf_ctx_, V_PCAP, SGF_EV_CAPACITY_LOSS, SGF_TARGET_PARTNER, "EMS");
    check_composition(sgf_ctx_, V_TARIFF, SGF_EV_TARIFF_CHANGE, SGF_TARGET_MARKET, "DE");
    check_composition(sgf_ctx_, V_MD, SGF_EV_MD_CHANGE, SGF_TARGET_FIRM, "");
    check_composition(sgf_ctx_, V_LABOUR, SGF_EV_LABOUR_COST_CHANGE, SGF_TARGET_MARKET, "DE");
}

/* A permanent change in the middle of a temporary one stays after it: a
 * permanent tariff of 0.4 set while a temporary 0.1 is in force. */
TEST(permanent_change_outlasts_a_temporary_one)
{
    sgf_world_def d = fx_def(masters[2], 20);
    d.ticks = 30;
    for (int k = 0; k < 2; k++) {
        sgf_event_def *e = sgf_world_def_add_event(&d);
        *e = sgf_event_def_default();
        snprintf(e->name, sizeof e->name, "t%d", k);
        e->kind = SGF_EV_TARIFF_CHANGE;
        e->target = SGF_TARGET_MARKET;
        snprintf(e->target_name, sizeof e->target_name, "DE");
        e->at_tick = k == 0 ? 5 : 8;
        e->duration_weeks = k == 0 ? 10 : 0;
        e->magnitude = k == 0 ? 0.1 : 0.4;
    }
    sgf_world *w = NULL;
    CHECK(sgf_world_create(&d, &w) == SGF_OK);
    int m = sgf_world_def_market_index(&d, "DE");
    while (w && !sgf_world_done(w)) {
        CHECK(sgf_world_step(w) == SGF_OK);
        int t = sgf_world_tick(w);
        double want = t < 5 ? 0.0 : t < 8 ? 0.1 : 0.4;
        CHECK_MSG(w->markets[m].tariff == want, "week %d: %g, want %g", t, w->markets[m].tariff,
                  want);
    }
    sgf_world_destroy(w);
    sgf_world_def_free(&d);
}

/* ---- 4: no fixed caps on model data ---------------------------------------------------- */

/* An event aimed at a market hits every partner there: it stopped at 4096. */
TEST(market_event_hits_every_partner)
{
    sgf_world_def d = fx_def(masters[0], 20000); /* 5000 a market in DE, US, FR, JP */
    d.ticks = 3;
    sgf_event_def *e = sgf_world_def_add_event(&d);
    *e = sgf_event_def_default();
    snprintf(e->name, sizeof e->name, "all go");
    e->kind = SGF_EV_PARTNER_EXIT;
    e->target = SGF_TARGET_MARKET;
    snprintf(e->target_name, sizeof e->target_name, "DE");
    e->at_tick = 2;
    sgf_world *w = NULL;
    CHECK(sgf_world_create(&d, &w) == SGF_OK);
    int m = sgf_world_def_market_index(&d, "DE");
    int before = 0;
    for (int i = 0; w && i < w->partner_count; i++)
        before += w->partners[i].alive && w->partners[i].market == m;
    CHECK_MSG(before > 4096, "only %d partners in DE", before);
    while (w && !sgf_world_done(w)) CHECK(sgf_world_step(w) == SGF_OK);
    int after = 0;
    for (int i = 0; w && i < w->partner_count; i++)
        after +=
            w->partners[i].alive && w->partners[i].market == m && w->partners[i].joined_tick < 2;
    CHECK_EQ_INT(after, 0);
    sgf_world_destroy(w);
    sgf_world_def_free(&d);
}

/* The summary's last complete year is right past 64 years (the yearly
 * revenue array held 64): revenue growth = last complete year / first. */
TEST(revenue_growth_past_sixty_four_years)
{
    for (int s = 0; s < N_MASTERS; s++) {
        sgf_world_def d = fx_def(masters[s], 20);
        d.ticks = 52 * 70 + 10;
        d.check = false;
        sgf_world *w = NULL;
        CHECK(sgf_world_create(&d, &w) == SGF_OK);
        if (!w) return;
        int k = sgf_metric_find("revenue_eur");
        double year[72] = {0};
        while (!sgf_world_done(w)) {
            CHECK(sgf_world_step(w) == SGF_OK);
            year[(sgf_world_tick(w) - 1) / 52] += sgf_metric_get(sgf_world_metrics(w), k);
        }
        sgf_summary sum;
        sgf_world_summary(w, &sum);
        double want = year[0] > 0 ? year[69] / year[0] : 0.0;
        CHECK_MSG(fabs(sum.revenue_ratio_last_first_year - want) <= 1e-9 * fabs(want),
                  "master %llu: growth %.12g, want %.12g (year 64 would give %.12g)",
                  (unsigned long long)masters[s], sum.revenue_ratio_last_first_year, want,
                  year[0] > 0 ? year[63] / year[0] : 0.0);
        sgf_world_destroy(w);
        sgf_world_def_free(&d);
    }
}

int main(int argc, char **argv)
{
    return RUN_TESTS(argc, argv, huge_innovation_rate_ends, stop_request_cuts_a_long_week_short,
                     stop_flag_unset_changes_nothing, overlapping_events_of_each_kind_compose,
                     permanent_change_outlasts_a_temporary_one, market_event_hits_every_partner,
                     revenue_growth_past_sixty_four_years);
}
