/* cmd_claims.c: `sgf validate --claims`, the register of causal claims run
 * as paired experiments (sgf_claims.h, docs/CLAIMS.md).
 *
 * Prints one row per claim: id, status, the claim, the arms' means, the
 * paired effect with its 95 % interval, how many seeds agree, and the
 * verdict: holds, fails, or "fails (known)" with the register's reason.
 * Exit status 1 only when a claim expected to hold fails.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "io/fmtnum.h"
#include "sgf/sgf_claims.h"

static void on_claim(int done, int total, void *ctx)
{
    (void)ctx;
    if (isatty(STDERR_FILENO)) fprintf(stderr, "\r  claims: %d of %d", done, total);
    if (done == total && isatty(STDERR_FILENO)) fprintf(stderr, "\n");
}

static bool parse_seeds(const char *v, sgf_claims_opts *o)
{
    o->seed_count = 0;
    const char *s = v;
    while (*s) {
        char num[32];
        const char *e = strchr(s, ',');
        size_t k = e ? (size_t)(e - s) : strlen(s);
        if (k == 0 || k >= sizeof num || o->seed_count == SGF_CLAIM_SEEDS) return false;
        memcpy(num, s, k);
        num[k] = '\0';
        if (!sgf_cli_parse_u64(num, &o->seeds[o->seed_count++])) return false;
        if (!e) break;
        s = e + 1;
    }
    return o->seed_count > 0;
}

static const char *verdict(const sgf_claim_result *r)
{
    if (r->holds) return r->claim->known_failure ? "holds (now)" : "holds";
    return r->claim->known_failure ? "fails (known)" : "FAILS";
}

static bool write_csv(const char *path, const sgf_claim_result *res, int n)
{
    FILE *f = fopen(path, "w");
    if (!f) return false;
    fprintf(f, "id,status,claim,source,metric,direction,a_mean,b_mean,effect,ci_low,ci_high,n,"
               "seeds_agreeing,holds,known_failure\n");
    for (int i = 0; i < n; i++) {
        const sgf_claim_result *r = &res[i];
        const sgf_claim *c = r->claim;
        char a[32], b[32], e[32], lo[32], hi[32];
        fprintf(f, "%s,%s,\"%s\",\"%s\",%s,%d,%s,%s,%s,%s,%s,%d,%d,%d,\"%s\"\n", c->id, c->status,
                c->claim, c->source, c->metric, c->direction,
                sgf_fmt_csv(a, sizeof a, r->a_mean, 10), sgf_fmt_csv(b, sizeof b, r->b_mean, 10),
                sgf_fmt_csv(e, sizeof e, r->effect, 10), sgf_fmt_csv(lo, sizeof lo, r->ci_low, 10),
                sgf_fmt_csv(hi, sizeof hi, r->ci_high, 10), r->n, r->seeds_agreeing,
                r->holds ? 1 : 0, c->known_failure ? c->known_failure : "");
    }
    return fclose(f) == 0;
}

int sgf_cmd_claims(int argc, char **argv)
{
    bool quick = false;
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--quick") == 0) quick = true;
    sgf_claims_opts o = sgf_claims_opts_default(quick);
    const char *csv = NULL;
    for (int i = 1; i < argc; i++) {
        const char *v;
        int r;
        if (strcmp(argv[i], "--quick") == 0 || strcmp(argv[i], "--claims") == 0) {
            continue;
        } else if ((r = sgf_cli_option_value(argc, argv, &i, "--reps", &v)) != 0) {
            if (r < 0 || !sgf_cli_parse_int(v, 3, 100000, &o.reps))
                return sgf_cli_usage_error("validate",
                                           "--reps needs a whole number from 3 to 100000");
        } else if ((r = sgf_cli_option_value(argc, argv, &i, "--seed", &v)) != 0) {
            if (r < 0 || !parse_seeds(v, &o))
                return sgf_cli_usage_error("validate",
                                           "--seed needs whole numbers, e.g. 11 or 11,2024,777 "
                                           "(at most %d)",
                                           SGF_CLAIM_SEEDS);
        } else if ((r = sgf_cli_option_value(argc, argv, &i, "-j", &v)) != 0) {
            if (r < 0 || !sgf_cli_parse_int(v, 1, 1024, &o.threads))
                return sgf_cli_usage_error("validate", "-j needs a whole number from 1 to 1024");
        } else if ((r = sgf_cli_option_value(argc, argv, &i, "--only", &v)) != 0) {
            if (r < 0 || !v[0]) return sgf_cli_usage_error("validate", "--only needs claim ids");
            o.only = v;
        } else if ((r = sgf_cli_option_value(argc, argv, &i, "--csv", &v)) != 0) {
            if (r < 0 || !v[0]) return sgf_cli_usage_error("validate", "--csv needs a file name");
            csv = v;
        } else {
            return sgf_cli_usage_error("validate", "unknown argument '%s' with --claims", argv[i]);
        }
    }
    printf("sgf validate --claims: %d replications per arm at master seed(s)", o.reps);
    for (int s = 0; s < o.seed_count; s++)
        printf("%s%llu", s ? ", " : " ", (unsigned long long)o.seeds[s]);
    printf("%s (a claim marked xK: K times as many)\narms: the built-in default scenario (A) and A "
           "plus the cause (B), common random "
           "numbers; effect: B - A, 95 %% t interval over all pairs\n\n",
           quick ? " (quick)" : "");
    o.progress = on_claim;
    sgf_claim_result *res = calloc((size_t)sgf_claim_count, sizeof *res);
    if (!res) {
        fprintf(stderr, "sgf validate: out of memory\n");
        return 1;
    }
    int n = 0;
    char err[800] = "";
    sgf_status st = sgf_claims_run(&o, res, &n, err, sizeof err);
    if (st != SGF_OK) {
        fprintf(stderr, "sgf validate: %s%s%s\n", sgf_status_message(st), err[0] ? ": " : "", err);
        free(res);
        return st == SGF_ERR_USAGE ? 2 : 1;
    }
    printf("%-4s %-15s %-13s %-60s %s\n", "id", "status", "verdict", "claim",
           "effect B - A [95% CI] (A -> B, seeds agreeing)");
    int unexpected = 0, known = 0, holding = 0;
    for (int i = 0; i < n; i++) {
        const sgf_claim_result *r = &res[i];
        char e[32], lo[32], hi[32], a[32], b[32];
        char times[16] = "";
        if (r->claim->rep_factor > 1) snprintf(times, sizeof times, " x%d", r->claim->rep_factor);
        printf("%-4s %-15s %-13s %-60.60s %s [%s, %s] (%s -> %s, %d/%d) %s%s\n", r->claim->id,
               r->claim->status, verdict(r), r->claim->claim, sgf_fmt_g(e, sizeof e, r->effect, 4),
               sgf_fmt_g(lo, sizeof lo, r->ci_low, 4), sgf_fmt_g(hi, sizeof hi, r->ci_high, 4),
               sgf_fmt_g(a, sizeof a, r->a_mean, 4), sgf_fmt_g(b, sizeof b, r->b_mean, 4),
               r->seeds_agreeing, o.seed_count, r->claim->metric, times);
        if (r->holds)
            holding++;
        else if (r->claim->known_failure)
            known++;
        else
            unexpected++;
    }
    printf("\nKnown failures (the register's reasons)\n");
    for (int i = 0; i < n; i++)
        if (!res[i].holds && res[i].claim->known_failure)
            printf("  %-4s %s\n", res[i].claim->id, res[i].claim->known_failure);
    printf("\n%d claims: %d hold, %d fail as the register says, %d fail unexpectedly\n", n, holding,
           known, unexpected);
    if (csv && !write_csv(csv, res, n)) {
        fprintf(stderr, "sgf validate: cannot write %s\n", csv);
        free(res);
        return 1;
    }
    free(res);
    return unexpected ? 1 : 0;
}
