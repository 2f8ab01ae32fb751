/* bench_model.c: nanoseconds per partner-tick and bytes per partner on
 * synthetic nets of 10^3 to 10^6 partners (issue 8; not part of CTest).
 *
 *   bench_model [max_partners] [ticks]
 *
 * The net is the test fixture's firm with one sales-partner population
 * spread over its markets; start-up (population sampling) is timed apart
 * from the steady-state weekly steps.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "../tests/fixture.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
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

int main(int argc, char **argv)
{
    long max = argc > 1 ? atol(argv[1]) : 1000000;
    int ticks = argc > 2 ? atoi(argv[2]) : 52;
    printf("%10s %8s %12s %14s %14s\n", "partners", "ticks", "startup_ms", "ns_per_p_tick", "bytes_per_p");
    for (long n = 1000; n <= max; n *= 10) {
        sgf_world_def d = fx_def(1, (int)n);
        d.check = false;
        d.ticks = ticks;
        long before = rss_kib();
        double t0 = now_s();
        sgf_world *w = NULL;
        if (sgf_world_create(&d, &w) != SGF_OK) return 1;
        double t1 = now_s();
        while (!sgf_world_done(w)) sgf_world_step(w);
        double t2 = now_s();
        long after = rss_kib();
        int count;
        sgf_world_partners(w, &count);
        printf("%10ld %8d %12.1f %14.1f %14.0f\n", n, ticks, 1e3 * (t1 - t0),
               1e9 * (t2 - t1) / ((double)count * ticks), 1024.0 * (double)(after - before) / (double)n);
        sgf_world_destroy(w);
        sgf_world_def_free(&d);
    }
    return 0;
}
