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

int main(int argc, char **argv)
{
    return RUN_TESTS(argc, argv, huge_innovation_rate_ends, stop_request_cuts_a_long_week_short,
                     stop_flag_unset_changes_nothing);
}
