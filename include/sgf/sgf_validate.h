/* sgf_validate.h: pattern-oriented validation (MODEL.md 9): does the model,
 * at its default parameters, reproduce over replications what the sources
 * report?
 *
 * Each of the seven patterns builds its experiment arms from the built-in
 * default scenario (a Delta-like small global factory) plus the changes the
 * pattern needs, runs every arm over the same replications 0..reps-1 of one
 * master seed (common random numbers, so arms differ by their changes and
 * not by their draws), and turns the runs into checks: a statistic (usually
 * the mean of a paired difference between arms) with its 95 % confidence
 * interval over replications, and a verdict. Pattern 4 is the virtual survey
 * (sgf_survey.h); its intervals come from a bootstrap over firms.
 *
 * Checks are of three kinds, so that the table says honestly what is tested:
 *   SGF_CHECK_SOURCE      what a seed document reports (cited NNN:lines)
 *   SGF_CHECK_EXTERNAL    docking with outside literature that no seed
 *                         mentions (the Beer Game, Kim 2009)
 *   SGF_CHECK_ASSUMPTION  a model assumption or design property that no
 *                         source states (the pattern is the model's own
 *                         reading; the table says so)
 *   SGF_CHECK_INFO        reported for context, never fails
 * Results depend on the options only, never on the thread count.
 */
#ifndef SGF_VALIDATE_H
#define SGF_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sgf_status.h"

#define SGF_VALIDATE_PATTERNS 7
#define SGF_VALIDATE_MAX_CHECKS 48
/* Pattern 6b (trust-proportional allocation, Kim 2009) runs this many
 * times the replications per arm: its effect is a few per cent of an sd
 * that varies much from run to run. */
#define SGF_VALIDATE_REPS_6B 25

typedef enum sgf_check_kind {
    SGF_CHECK_SOURCE,
    SGF_CHECK_EXTERNAL,
    SGF_CHECK_ASSUMPTION,
    SGF_CHECK_INFO,
} sgf_check_kind;

typedef struct sgf_check {
    int pattern; /* 1..7 */
    char id[8];  /* "1a" */
    sgf_check_kind kind;
    char title[64];                   /* the pattern's short name */
    char source[64];                  /* "001:6776-6777 (P1)", or what stands in for one */
    char expectation[160];            /* what must hold, in words */
    char statistic[96];               /* what the number is */
    double estimate, ci_low, ci_high; /* 95 % interval; NAN when not applicable */
    int n;                            /* replications (or firms) behind it */
    bool pass;                        /* always true for SGF_CHECK_INFO */
    char note[256];                   /* the arms' own values, caveats */
} sgf_check;

typedef struct sgf_validate_opts {
    int reps;                                /* replications per arm (>= 3); patterns 2, 6
                                              * and 7 (small effects, noisy runs) use 3x */
    uint64_t seed;                           /* master seed */
    int threads;                             /* <= 0: one per core */
    int survey_firms;                        /* firms in pattern 4's virtual survey */
    int bootstrap;                           /* resamples for pattern 4's intervals */
    bool pattern[SGF_VALIDATE_PATTERNS + 1]; /* [1..7]: run this pattern */
    /* called after each pattern with its checks (may be NULL) */
    void (*progress)(int pattern, const sgf_check *checks, int count, void *ctx);
    void *ctx;
} sgf_validate_opts;

/* Full run: 60 replications, 5000 survey firms, 1000 resamples.
 * Quick run: 30 replications, 3000 survey firms, 400 resamples. */
sgf_validate_opts sgf_validate_opts_default(bool quick);

/* "source", "external", "assumption", "info". */
const char *sgf_check_kind_name(sgf_check_kind k);

/* Short name of pattern p (1..7). */
const char *sgf_validate_pattern_name(int p);

/* Run the selected patterns; out receives up to max checks, *count how many.
 * Fails only on runtime errors (memory, an invariant, a world that cannot
 * be built), with a message in err; a pattern that does not hold is a
 * check with pass = false, not an error. */
sgf_status sgf_validate_run(const sgf_validate_opts *opts, sgf_check *out, int max, int *count,
                            char *err, size_t err_size);

#endif
