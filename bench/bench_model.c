/* bench_model.c: nanoseconds per partner-tick and bytes per partner on
 * synthetic nets of 10^3 to 10^6 partners (issue 8; not part of CTest).
 *
 *   bench_model [max_partners] [ticks] [repeats]
 *
 * The net is the test fixture's firm (tests/fixture.h) with one population
 * of sales partners spread over four markets. Left as it is, a net of a
 * million resellers sharing the fixture's 170 units a week of demand
 * starves: most partners leave within half a year and the loop runs over
 * dead slots, which is not the load worth measuring. So the markets' demand
 * and the manufacturer's capacity grow with the net (n / 50: a few units a
 * week for each partner) and the firm has cash and credit enough never to
 * fail; most partners then stay the whole year, as in a viable net.
 *
 * Start-up (sampling the population, building the world) is timed apart
 * from the weekly steps. Times are the best of the repeats, by the wall
 * clock and by the thread's CPU time: on a machine shared with other work
 * the CPU time is the steadier of the two (it leaves out the time the
 * thread waited for a core, though not the caches others evict). Columns:
 *   startup_ms       sgf_world_create (wall)
 *   ns_per_p_tick    step wall time / (partner slots x ticks)
 *   cpu_ns_per_p     step CPU time / (partner slots x ticks)
 *   ns_per_alive     step wall time / (live partners summed over the weeks)
 *   alive_end        live partners after the last week
 *   bytes_per_p      growth of the resident set over the world's life / n
 *                    (first repeat: later ones reuse the freed memory)
 *   hash             sgf_world_hash at the end: equal before and after a
 *                    speed-up, or the speed-up changed the model
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "../tests/fixture.h"

static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double now_s(void)
{
    return clock_s(CLOCK_MONOTONIC);
}
static double cpu_s(void)
{
    return clock_s(CLOCK_THREAD_CPUTIME_ID);
}

static long rss_kib(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kib = -1;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "VmRSS: %ld", &kib) == 1) break;
    if (f) fclose(f);
    return kib;
}

/* The fixture with n sales partners, scaled so that the net is viable. */
static sgf_world_def bench_def(long n, int ticks)
{
    sgf_world_def d = fx_def(1, (int)n);
    d.check = false;
    d.ticks = ticks;
    double scale = (double)n / 50.0 < 1.0 ? 1.0 : (double)n / 50.0;
    for (int m = 0; m < d.market_count; m++) d.markets[m].demand_units_per_week *= scale;
    for (int p = 0; p < d.partner_count; p++)
        if (d.partners[p].role == SGF_ROLE_HARDWARE_MANUFACTURER)
            d.partners[p].capacity_units_per_week *= scale;
    d.firm.cash_eur = 1e12;
    d.firm.credit_line_eur = 1e12;
    return d;
}

int main(int argc, char **argv)
{
    long max = argc > 1 ? atol(argv[1]) : 1000000;
    int ticks = argc > 2 ? atoi(argv[2]) : 52;
    int repeats = argc > 3 ? atoi(argv[3]) : 1;
    if (max < 1000 || ticks < 1 || repeats < 1) {
        fprintf(stderr, "usage: bench_model [max_partners >= 1000] [ticks >= 1] [repeats >= 1]\n");
        return 2;
    }
    printf("%10s %6s %11s %14s %13s %13s %10s %12s %18s\n", "partners", "ticks", "startup_ms",
           "ns_per_p_tick", "cpu_ns_per_p", "ns_per_alive", "alive_end", "bytes_per_p", "hash");
    for (long n = 1000; n <= max; n *= 10) {
        double best_start = 1e300, best_step = 1e300, best_cpu = 1e300, alive_ticks = 0;
        long bytes = 0;
        int count = 0, alive_end = 0;
        uint64_t hash = 0;
        for (int rep = 0; rep < repeats; rep++) {
            sgf_world_def d = bench_def(n, ticks);
            long before = rss_kib();
            double t0 = now_s();
            sgf_world *w = NULL;
            if (sgf_world_create(&d, &w) != SGF_OK) {
                fprintf(stderr, "bench_model: cannot build a net of %ld partners\n", n);
                return 1;
            }
            double t1 = now_s(), step = 0, cpu = 0;
            alive_ticks = 0;
            while (!sgf_world_done(w)) {
                double s0 = now_s(), c0 = cpu_s();
                sgf_world_step(w);
                cpu += cpu_s() - c0;
                step += now_s() - s0;
                alive_ticks += sgf_world_metrics(w)->partners;
            }
            long after = rss_kib();
            count = sgf_world_partner_slots(w);
            alive_end = (int)sgf_world_metrics(w)->partners;
            if (rep == 0) bytes = 1024 * (after - before) / n;
            hash = sgf_world_hash(w);
            if (t1 - t0 < best_start) best_start = t1 - t0;
            if (step < best_step) best_step = step;
            if (cpu < best_cpu) best_cpu = cpu;
            sgf_world_destroy(w);
            sgf_world_def_free(&d);
        }
        double slot_ticks = (double)count * ticks;
        printf("%10ld %6d %11.1f %14.1f %13.1f %13.1f %10d %12ld   %016llx\n", n, ticks,
               1e3 * best_start, 1e9 * best_step / slot_ticks, 1e9 * best_cpu / slot_ticks,
               1e9 * best_step / alive_ticks, alive_end, bytes, (unsigned long long)hash);
        fflush(stdout);
    }
    return 0;
}
