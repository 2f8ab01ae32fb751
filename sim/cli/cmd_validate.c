/* cmd_validate.c: `sgf validate`, the pattern suite of MODEL.md 9.
 *
 * Runs the patterns (sgf_validate.h) and prints one table: check, verdict,
 * kind, source, expectation and the result with its 95 % interval, then the
 * notes (the arms' own values and caveats). Exit status 1 when any check
 * fails, so CTest and CI can run it.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "io/fmtnum.h"
#include "sgf/sgf_validate.h"

const char sgf_cmd_validate_help[] =
    "Usage: sgf validate [--reps N] [--seed S] [--quick] [-j N] [--pattern LIST]\n"
    "                    [--firms N] [--bootstrap B] [--csv FILE]\n"
    "       sgf validate --claims [--reps N] [--seed S[,S...]] [--quick] [-j N]\n"
    "                    [--only ID[,ID...]] [--csv FILE]\n"
    "\n"
    "Pattern-oriented validation (docs/VALIDATION.md): runs the seven patterns the model\n"
    "must reproduce at its default parameters, each as experiment arms built from\n"
    "the built-in default scenario, over the same replications of one master seed\n"
    "(common random numbers), and prints a table: check, verdict, kind, source\n"
    "(seed file and lines), expectation, and the result with its 95 % confidence\n"
    "interval over replications (pattern 4, the virtual survey: a bootstrap over\n"
    "firms).\n"
    "\n"
    "  1 small global factory vs integrated: liabilities (P1, 001:6776-6777)\n"
    "  2 complementary capability levels (001:6754-6769)\n"
    "  3 neglected partner value: commitment and sales (001:3882-3893)\n"
    "  4 the virtual AMC survey: signs and orders of 004's paths (004:100-104)\n"
    "  5 export partner groups by focus (003)\n"
    "  6 Beer Game docking: bullwhip, trust-based allocation (external)\n"
    "  7 monitoring and opportunism (a model assumption)\n"
    "\n"
    "Kinds: source = reported in a seed document; external = docking with outside\n"
    "literature no seed mentions; assumption = a design property or the model's own\n"
    "reading, no source states it; info = context, never fails.\n"
    "\n"
    "With --claims it runs the register of causal claims instead (docs/CLAIMS.md):\n"
    "each claim as two arms of the built-in default, without and with its cause,\n"
    "over the same replications of master seeds 11, 2024 and 777 (--seed gives\n"
    "others); the effect is the paired difference of one summary metric with its\n"
    "95 % interval. A claim holds when the interval excludes zero on the claimed\n"
    "side and every seed agrees. Claims the register says fail today are marked\n"
    "\"fails (known)\" with the reason; exit 1 only when another claim fails.\n"
    "--reps defaults to 20 (--quick 8); --only C06,C21 runs some claims only.\n"
    "\n"
    "Options:\n"
    "  --reps N          replications per arm (default 60; --quick 30); patterns 2, 6\n"
    "                    and 7 weigh small effects against noisy runs and use 3 x N\n"
    "  --seed S          master seed (default 20010101, the default scenario's)\n"
    "  --quick           fewer replications and survey firms (for CI and CTest)\n"
    "  -j N              threads (default: one per core); results do not depend on it\n"
    "  --pattern LIST    only these patterns, e.g. 1,3,6\n"
    "  --firms N         firms in pattern 4's survey (default 5000; --quick 3000)\n"
    "  --bootstrap B     resamples for pattern 4's intervals (default 1000; --quick 400)\n"
    "  --csv FILE        also write the checks as CSV\n"
    "\n"
    "Exit status: 0 every check holds, 1 a check fails (or a runtime failure),\n"
    "2 usage error.\n"
    "\n"
    "Examples:\n"
    "  sgf validate\n"
    "  sgf validate --quick --seed 7\n"
    "  sgf validate --pattern 6 --reps 100\n"
    "  sgf validate --claims --quick\n";

/* Word-wrap text into lines of at most width characters: returns the
 * number of lines written into lines[max][width + 1]. */
static int wrap(const char *text, int width, char lines[][128], int max)
{
    int n = 0;
    const char *s = text;
    while (*s && n < max) {
        while (*s == ' ') s++;
        int len = (int)strlen(s);
        int take = len <= width ? len : width;
        if (len > width) {
            int cut = take;
            while (cut > 0 && s[cut] != ' ') cut--;
            if (cut > 0) take = cut;
        }
        snprintf(lines[n++], 128, "%.*s", take, s);
        s += take;
    }
    if (n == 0) lines[n++][0] = '\0';
    return n;
}

static void format_result(const sgf_check *k, char *buf, size_t size)
{
    if (!isfinite(k->estimate)) {
        snprintf(buf, size, "%s", k->kind == SGF_CHECK_INFO ? "-" : "not estimable");
    } else if (isfinite(k->ci_low) && isfinite(k->ci_high)) {
        snprintf(buf, size, "%s = %.4g [%.4g, %.4g] (n %d)", k->statistic, k->estimate, k->ci_low,
                 k->ci_high, k->n);
    } else {
        snprintf(buf, size, "%s = %.4g (n %d)", k->statistic, k->estimate, k->n);
    }
}

#define W_SOURCE 22
#define W_EXPECT 44
#define W_RESULT 44

static void print_check(const sgf_check *k)
{
    char src[8][128], exp[8][128], res[8][128], result[256];
    format_result(k, result, sizeof result);
    int ns = wrap(k->source, W_SOURCE, src, 8);
    int ne = wrap(k->expectation, W_EXPECT, exp, 8);
    int nr = wrap(result, W_RESULT, res, 8);
    int rows = ns > ne ? ns : ne;
    if (nr > rows) rows = nr;
    const char *verdict = k->kind == SGF_CHECK_INFO ? "info" : k->pass ? "pass" : "FAIL";
    for (int i = 0; i < rows; i++) {
        printf("%-3s %-4s %-10s %-*s %-*s %s\n", i == 0 ? k->id : "", i == 0 ? verdict : "",
               i == 0 ? sgf_check_kind_name(k->kind) : "", W_SOURCE, i < ns ? src[i] : "", W_EXPECT,
               i < ne ? exp[i] : "", i < nr ? res[i] : "");
    }
}

static void on_pattern(int pattern, const sgf_check *checks, int count, void *ctx)
{
    (void)ctx;
    printf("-- %d %s\n", pattern, sgf_validate_pattern_name(pattern));
    for (int i = 0; i < count; i++) print_check(&checks[i]);
    fflush(stdout);
}

static bool parse_patterns(const char *list, sgf_validate_opts *o)
{
    bool any = false;
    for (int p = 1; p <= SGF_VALIDATE_PATTERNS; p++) o->pattern[p] = false;
    for (const char *s = list; *s;) {
        if (*s < '1' || *s > '0' + SGF_VALIDATE_PATTERNS) return false;
        o->pattern[*s - '0'] = true;
        any = true;
        s++;
        if (*s == ',')
            s++;
        else if (*s)
            return false;
    }
    return any;
}

static void csv_field(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"') fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static bool write_csv(const char *path, const sgf_check *k, int n)
{
    FILE *f = fopen(path, "w");
    if (!f) return false;
    fprintf(
        f, "id,pattern,kind,verdict,source,expectation,statistic,estimate,ci_low,ci_high,n,note\n");
    for (int i = 0; i < n; i++) {
        fprintf(f, "%s,%d,%s,%s,", k[i].id, k[i].pattern, sgf_check_kind_name(k[i].kind),
                k[i].kind == SGF_CHECK_INFO ? "info"
                : k[i].pass                 ? "pass"
                                            : "fail");
        csv_field(f, k[i].source);
        fputc(',', f);
        csv_field(f, k[i].expectation);
        fputc(',', f);
        csv_field(f, k[i].statistic);
        char b[3][SGF_FMT_G_SIZE]; /* a statistic that does not exist: an empty field */
        fprintf(f, ",%s,%s,%s,%d,", sgf_fmt_csv(b[0], sizeof b[0], k[i].estimate, 6),
                sgf_fmt_csv(b[1], sizeof b[1], k[i].ci_low, 6),
                sgf_fmt_csv(b[2], sizeof b[2], k[i].ci_high, 6), k[i].n);
        csv_field(f, k[i].note);
        fputc('\n', f);
    }
    bool ok = !ferror(f);
    return fclose(f) == 0 && ok;
}

int sgf_cmd_validate(int argc, char **argv)
{
    bool quick = false;
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--claims") == 0) return sgf_cmd_claims(argc, argv);
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--quick") == 0) quick = true;
    sgf_validate_opts o = sgf_validate_opts_default(quick);
    const char *csv = NULL;
    for (int i = 1; i < argc; i++) {
        const char *v;
        int r;
        if (strcmp(argv[i], "--quick") == 0) {
            continue;
        } else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(sgf_cmd_validate_help, stdout);
            return 0;
        } else if ((r = sgf_cli_option_value(argc, argv, &i, "--reps", &v)) != 0) {
            if (r < 0 || !sgf_cli_parse_int(v, 3, 100000, &o.reps))
                return sgf_cli_usage_error("validate",
                                           "--reps needs a whole number from 3 to 100000");
        } else if ((r = sgf_cli_option_value(argc, argv, &i, "--seed", &v)) != 0) {
            if (r < 0 || !sgf_cli_parse_u64(v, &o.seed))
                return sgf_cli_usage_error("validate", "--seed needs a whole number");
        } else if ((r = sgf_cli_option_value(argc, argv, &i, "-j", &v)) != 0) {
            if (r < 0 || !sgf_cli_parse_int(v, 1, 1024, &o.threads))
                return sgf_cli_usage_error("validate", "-j needs a whole number from 1 to 1024");
        } else if ((r = sgf_cli_option_value(argc, argv, &i, "--firms", &v)) != 0) {
            if (r < 0 || !sgf_cli_parse_int(v, 50, 10000000, &o.survey_firms))
                return sgf_cli_usage_error("validate",
                                           "--firms needs a whole number from 50 to 10000000");
        } else if ((r = sgf_cli_option_value(argc, argv, &i, "--bootstrap", &v)) != 0) {
            if (r < 0 || !sgf_cli_parse_int(v, 50, 1000000, &o.bootstrap))
                return sgf_cli_usage_error("validate",
                                           "--bootstrap needs a whole number from 50 to 1000000");
        } else if ((r = sgf_cli_option_value(argc, argv, &i, "--pattern", &v)) != 0) {
            if (r < 0 || !parse_patterns(v, &o))
                return sgf_cli_usage_error("validate",
                                           "--pattern needs a list of 1 to %d, e.g. 1,3,6",
                                           SGF_VALIDATE_PATTERNS);
        } else if ((r = sgf_cli_option_value(argc, argv, &i, "--csv", &v)) != 0) {
            if (r < 0 || !v[0]) return sgf_cli_usage_error("validate", "--csv needs a file name");
            csv = v;
        } else {
            return sgf_cli_usage_error("validate", "unknown argument '%s'", argv[i]);
        }
    }

    printf("sgf validate: master seed %llu, %d replications per arm (%d for patterns 2, 6, 7; "
           "common random numbers)%s; survey of %d firms, %d bootstrap resamples\n",
           (unsigned long long)o.seed, o.reps, 3 * o.reps, quick ? ", quick" : "", o.survey_firms,
           o.bootstrap);
    printf("arms: the built-in default scenario plus each pattern's changes; intervals: 95 %%, "
           "t over replications\n\n");
    printf("%-3s %-4s %-10s %-*s %-*s %s\n", "id", "", "kind", W_SOURCE, "source", W_EXPECT,
           "expectation", "result [95% CI]");
    o.progress = on_pattern;
    sgf_check checks[SGF_VALIDATE_MAX_CHECKS];
    int n = 0;
    char err[512] = "";
    sgf_status st = sgf_validate_run(&o, checks, SGF_VALIDATE_MAX_CHECKS, &n, err, sizeof err);
    if (st != SGF_OK) {
        fprintf(stderr, "sgf validate: %s%s%s\n", sgf_status_message(st), err[0] ? ": " : "", err);
        return st == SGF_ERR_USAGE ? 2 : 1;
    }
    int failed = 0, passed = 0, info = 0;
    printf("\nNotes\n");
    for (int i = 0; i < n; i++) {
        if (checks[i].kind == SGF_CHECK_INFO)
            info++;
        else if (checks[i].pass)
            passed++;
        else
            failed++;
        if (checks[i].note[0]) printf("  %-3s %s\n", checks[i].id, checks[i].note);
    }
    printf("\n%d checks: %d pass, %d fail, %d for information\n", n, passed, failed, info);
    if (failed) {
        printf("failing:");
        for (int i = 0; i < n; i++)
            if (checks[i].kind != SGF_CHECK_INFO && !checks[i].pass) printf(" %s", checks[i].id);
        printf("\n");
    }
    if (csv && !write_csv(csv, checks, n)) {
        fprintf(stderr, "sgf validate: cannot write %s\n", csv);
        return 1;
    }
    return failed ? 1 : 0;
}
