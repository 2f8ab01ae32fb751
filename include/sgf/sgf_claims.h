/* sgf_claims.h: the causal claims of the sources, each run as a paired
 * experiment (`sgf validate --claims`, docs/CLAIMS.md).
 *
 * A claim is "cause -> effect (condition)". Its experiment is two arms of
 * the built-in default scenario: arm A with the `base` settings, arm B with
 * `base` plus the cause (`change`), both over the same replications of each
 * master seed (common random numbers). The effect is the paired difference
 * B - A of one summary metric; the claim holds when its 95 % interval,
 * pooled over every seed's replications, excludes zero on the side the
 * claim says and every seed's mean lies on that side.
 *
 * Each claim carries the register's status (emergent, by construction,
 * partial) and, for claims the register says do not hold today, the reason:
 * a known failure is reported, not hidden, and does not fail the command;
 * a claim that should hold and does not does.
 */
#ifndef SGF_CLAIMS_H
#define SGF_CLAIMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sgf_status.h"

#define SGF_CLAIM_SETS 4 /* settings per arm */
#define SGF_CLAIM_SEEDS 8

typedef struct sgf_claim {
    const char *id;                     /* the register's id, "C21" */
    const char *claim;                  /* cause -> effect, in words */
    const char *source;                 /* NNN:lines */
    const char *status;                 /* "emergent", "by construction", "partial" */
    const char *metric;                 /* a summary.csv column */
    int direction;                      /* +1: B raises the metric, -1: B lowers it */
    const char *base[SGF_CLAIM_SETS];   /* --set assignments of both arms */
    const char *change[SGF_CLAIM_SETS]; /* and of arm B only: the cause */
    int ticks;                          /* weeks per run */
    const char *known_failure;          /* NULL: expected to hold; else why it does not */
    int rep_factor; /* 0 or 1; k: k times the replications (a small effect in noisy runs) */
} sgf_claim;

extern const sgf_claim sgf_claims[];
extern const int sgf_claim_count;

typedef struct sgf_claims_opts {
    int reps;                        /* replications per arm and seed (>= 3) */
    uint64_t seeds[SGF_CLAIM_SEEDS]; /* master seeds */
    int seed_count;
    int threads;      /* <= 0: one per core */
    const char *only; /* NULL, or a comma-separated list of ids */
    void (*progress)(int index, int count, void *ctx);
    void *ctx;
} sgf_claims_opts;

/* Full: 20 replications at seeds 11, 2024 and 777. Quick: 8 at the same. */
sgf_claims_opts sgf_claims_opts_default(bool quick);

typedef struct sgf_claim_result {
    const sgf_claim *claim;
    double a_mean, b_mean;          /* the arms' means, pooled */
    double effect, ci_low, ci_high; /* paired B - A, pooled, 95 % t interval */
    int n;                          /* pairs behind it */
    int seeds_agreeing;             /* seeds whose mean difference has the claim's sign */
    bool holds;
} sgf_claim_result;

/* Runs the selected claims into out (room for sgf_claim_count); *count is
 * how many ran. err gets a message on failure. */
sgf_status sgf_claims_run(const sgf_claims_opts *o, sgf_claim_result *out, int *count, char *err,
                          size_t err_size);

#endif
