/* fixture.h: a small but complete world definition built in code, so model
 * tests do not depend on scenario files, plus helpers to run replications.
 *
 * Eight markets (home Finland), a manufacturer in China with a logistics
 * intermediary, a software partner in Hungary, a university at home and a
 * population of sales partners in three European markets and the US.
 */
#ifndef SGF_TEST_FIXTURE_H
#define SGF_TEST_FIXTURE_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sgf/sgf.h"

static inline void fx_market(sgf_world_def *d, const char *iso, double lat, double lon,
                             double demand, double distance, double labour, int home)
{
    sgf_market_def *m = sgf_world_def_add_market(d);
    if (!m) abort(); /* out of memory in a test fixture */
    snprintf(m->iso, sizeof m->iso, "%s", iso);
    snprintf(m->name, sizeof m->name, "%s", iso);
    m->lat = lat;
    m->lon = lon;
    m->demand_units_per_week = demand;
    m->cultural_distance = distance;
    m->labour_cost_index = labour;
    m->home = home;
}

static inline sgf_partner_def *fx_partner(sgf_world_def *d, const char *name, sgf_role role,
                                          const char *iso)
{
    sgf_partner_def *p = sgf_world_def_add_partner(d);
    if (!p) abort();
    snprintf(p->name, sizeof p->name, "%s", name);
    snprintf(p->market_iso, sizeof p->market_iso, "%s", iso);
    p->role = role;
    return p;
}

static inline sgf_world_def fx_def(uint64_t seed, int sales_partners)
{
    sgf_world_def d = sgf_world_def_default();
    d.seed = seed;
    d.check = true;
    snprintf(d.name, sizeof d.name, "fixture");
    fx_market(&d, "FI", 60.2, 24.9, 25, 0.0, 1.0, 1);
    fx_market(&d, "DE", 52.5, 13.4, 45, 0.3, 1.0, 0);
    fx_market(&d, "US", 38.9, -77.0, 60, 0.5, 1.0, 0);
    fx_market(&d, "CN", 39.9, 116.4, 40, 0.8, 0.3, 0);
    fx_market(&d, "FR", 48.9, 2.35, 30, 0.35, 1.0, 0);
    fx_market(&d, "JP", 35.7, 139.7, 35, 0.8, 1.0, 0);
    fx_market(&d, "BR", -15.8, -47.9, 20, 0.6, 0.5, 0);
    fx_market(&d, "VN", 21.0, 105.8, 8, 0.8, 0.2, 0);
    snprintf(d.firm.home_iso, sizeof d.firm.home_iso, "FI");
    sgf_partner_def *p = fx_partner(&d, "EMS", SGF_ROLE_HARDWARE_MANUFACTURER, "CN");
    p->capacity_units_per_week = 250;
    p->unit_cost_eur = 900;
    p->size_ratio = 10;
    fx_partner(&d, "Forwarder", SGF_ROLE_LOGISTICS_PROVIDER, "CN");
    fx_partner(&d, "Code house", SGF_ROLE_SOFTWARE_SUPPLIER, "DE");
    fx_partner(&d, "University", SGF_ROLE_UNIVERSITY, "FI");
    sgf_population_def *pop = sgf_world_def_add_population(&d);
    if (!pop) abort();
    snprintf(pop->name, sizeof pop->name, "channel");
    pop->count = sales_partners;
    pop->market_count = 4;
    snprintf(pop->markets[0], SGF_ISO_MAX, "DE");
    snprintf(pop->markets[1], SGF_ISO_MAX, "US");
    snprintf(pop->markets[2], SGF_ISO_MAX, "FR");
    snprintf(pop->markets[3], SGF_ISO_MAX, "JP");
    return d;
}

/* Run a definition to its end; returns the summary, or failed = -1 when the
 * world could not be created or an invariant failed. */
static inline sgf_summary fx_run(const sgf_world_def *d)
{
    sgf_summary s;
    memset(&s, 0, sizeof s);
    sgf_world *w = NULL;
    if (sgf_world_create(d, &w) != SGF_OK) {
        s.failed = -1;
        return s;
    }
    while (!sgf_world_done(w)) {
        if (sgf_world_step(w) != SGF_OK) {
            fprintf(stderr, "invariant: %s\n", sgf_world_error(w));
            s.failed = -1;
            sgf_world_destroy(w);
            return s;
        }
    }
    sgf_world_summary(w, &s);
    sgf_world_destroy(w);
    return s;
}

#endif

/* Run and return the mean over ticks [from, to) of a metric; NAN on error. */
static inline double fx_mean_metric(const sgf_world_def *d, const char *metric, int from, int to)
{
    int k = sgf_metric_find(metric);
    if (k < 0) return NAN;
    sgf_world *w = NULL;
    if (sgf_world_create(d, &w) != SGF_OK) return NAN;
    double s = 0;
    int n = 0;
    while (!sgf_world_done(w)) {
        if (sgf_world_step(w) != SGF_OK) {
            fprintf(stderr, "invariant: %s\n", sgf_world_error(w));
            sgf_world_destroy(w);
            return NAN;
        }
        int t = sgf_world_tick(w);
        if (t >= from && t < to) {
            s += sgf_metric_get(sgf_world_metrics(w), k);
            n++;
        }
    }
    sgf_world_destroy(w);
    return n ? s / n : NAN;
}

/* Run and count log lines of an internal kind (SGF_LOG_*). */
static inline int fx_count_log(const sgf_world_def *d, int internal)
{
    sgf_world *w = NULL;
    if (sgf_world_create(d, &w) != SGF_OK) return -1;
    int c = 0;
    while (!sgf_world_done(w)) {
        if (sgf_world_step(w) != SGF_OK) {
            sgf_world_destroy(w);
            return -1;
        }
        int n;
        const sgf_event_record *ev = sgf_world_events(w, &n);
        for (int i = 0; i < n; i++) c += ev[i].internal == internal;
    }
    sgf_world_destroy(w);
    return c;
}
