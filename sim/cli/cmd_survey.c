/* cmd_survey.c: `sgf survey [SCENARIO]`, the virtual survey of 004.
 *
 * Draws N firms around the scenario's firm (sgf_survey.h), simulates each,
 * measures 004's constructs and prints the estimated standardised paths,
 * Baron and Kenny's mediation steps and the diversity groups side by side
 * with 004's reported coefficients. Writes firms.csv (one row per firm, so
 * anyone can re-estimate in R or Python) and paths.csv into DIR.
 */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "io/fmtnum.h"
#include "sgf/sgf_survey.h"

const char sgf_cmd_survey_help[] =
    "Usage: sgf survey [SCENARIO] [--firms N] [--seed S] [--out DIR] [-j N]\n"
    "                  [--bootstrap B] [--ticks N] [--set PATH=VALUE]... [--draw NAME=DIST]...\n"
    "\n"
    "An in-silico replication of the AMC survey (004: 278 UK SMEs). Draws N firms\n"
    "around SCENARIO's firm (the built-in default without one, or `default`): each\n"
    "gets its own interface competence and management weight on coordinating and\n"
    "integrating (alliance management capability, AMC), its own alliance portfolio\n"
    "(k of the 8 partner types of 004:84) and jittered other capabilities. Each firm\n"
    "is simulated over the scenario's horizon and measured as 004 measured its\n"
    "respondents: radical and incremental co-innovation (counts), internationalisation\n"
    "speed (reverse-coded time to the first foreign market entered: horizon minus\n"
    "that week, in years), success (the last year's foreign sales over the first\n"
    "year's total sales), diversity D = (k/8)^2 (mean over the weeks) and AMC (the\n"
    "firm's mean). Firms that failed are left out (004 surveyed current\n"
    "exporters). Prints 004's paths as standardised OLS coefficients with bootstrap\n"
    "95 % intervals, Baron and Kenny's mediation steps and the comparison of the\n"
    "groups split at the median of D, beside 004's reported values.\n"
    "\n"
    "Options:\n"
    "  --firms N         firms to survey (default 278, as in 004)\n"
    "  --seed S          survey seed (default: the scenario's seed); firm i is the\n"
    "                    same firm whatever N and -j\n"
    "  --out DIR         write firms.csv and paths.csv here (default\n"
    "                    out/survey-NAME-seedS); files in it are replaced\n"
    "  -j N              threads (default: one per core); results do not depend on it\n"
    "  --bootstrap B     resamples for the intervals (default 1000; 0: none)\n"
    "  --ticks N         weeks to simulate each firm (default: the scenario's)\n"
    "  --set PATH=VALUE  change the base firm's scenario (repeatable)\n"
    "  --draw NAME=DIST  change how a trait is drawn (repeatable); DIST as in scenarios,\n"
    "                    e.g. beta(2,2) or uniform(0.2,0.9). NAME and its default:\n"
    "                      interface_competence  uniform(0.1,0.95)\n"
    "                      coordinating_weight   uniform(0.05,0.45)  management weight\n"
    "                      integrating_weight    uniform(0,0.35)     management weight\n"
    "                      capability_jitter     uniform(-0.15,0.15) added to each other\n"
    "                                            capability of the base firm\n"
    "                      attention_factor      uniform(0.7,1.3)    times attention hours\n"
    "                    Of the partner types the base firm's channels and suppliers do\n"
    "                    not cover, each firm holds m, m uniform from 0 to their number.\n"
    "\n"
    "Exit status: 0 ok, 1 runtime failure, 2 usage or scenario error, or data that\n"
    "cannot be estimated (e.g. a construct without variance).\n"
    "\n"
    "Examples:\n"
    "  sgf survey\n"
    "  sgf survey scenarios/default.cfg --firms 500 --seed 7 --out out/survey7\n";

/* --draw NAME=DIST onto the configuration; false on a bad name or value. */
static bool apply_draw(sgf_survey_config *cfg, const char *arg)
{
    static const struct {
        const char *name;
        size_t offset;
    } names[] = {
        {"interface_competence", offsetof(sgf_survey_config, interface_competence)},
        {"coordinating_weight", offsetof(sgf_survey_config, coordinating_weight)},
        {"integrating_weight", offsetof(sgf_survey_config, integrating_weight)},
        {"capability_jitter", offsetof(sgf_survey_config, capability_jitter)},
        {"attention_factor", offsetof(sgf_survey_config, attention_factor)},
    };
    const char *eq = strchr(arg, '=');
    if (!eq) return false;
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        if (strlen(names[k].name) != (size_t)(eq - arg) ||
            strncmp(arg, names[k].name, (size_t)(eq - arg)) != 0)
            continue;
        sgf_dist d;
        if (!sgf_dist_parse(eq + 1, &d)) return false;
        *(sgf_dist *)((char *)cfg + names[k].offset) = d;
        return true;
    }
    return false;
}

static int mkdir_p(const char *path)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *s = buf + 1; *s; s++) {
        if (*s != '/') continue;
        *s = '\0';
        if (mkdir(buf, 0777) != 0 && errno != EEXIST) return -1;
        *s = '/';
    }
    if (mkdir(buf, 0777) != 0 && errno != EEXIST) return -1;
    return 0;
}

static const char *const type_names[SGF_PTYPE_COUNT] = {
    "buyers",       "suppliers", "competitors", "consultants", "research_institutes",
    "universities", "own_group", "other"};

/* ",x" or "x" to six significant digits as every sgf CSV writes a number
 * (sgf_fmt_csv: a missing value is an empty field). */
static void put_num(FILE *o, const char *before, double x)
{
    char b[SGF_FMT_G_SIZE];
    fputs(before, o);
    fputs(sgf_fmt_csv(b, sizeof b, x, 6), o);
}

static void put_nums(FILE *o, int count, const double *x)
{
    for (int i = 0; i < count; i++) put_num(o, ",", x[i]);
}

static bool write_firms(const char *path, const sgf_survey_firm *f, int n)
{
    char tmp[4200];
    if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp) return false;
    FILE *o = fopen(tmp, "w");
    if (!o) return false;
    fprintf(o, "firm,interface_competence,coordinating_weight,integrating_weight,attention_hours,"
               "types_start,types_final,diversity,");
    for (int t = 0; t < SGF_PTYPE_COUNT; t++) fprintf(o, "has_%s,", type_names[t]);
    fprintf(o, "amc,radical,incremental,first_venture_week,speed,revenue_first_year_eur,"
               "foreign_first_year_eur,"
               "foreign_last_year_eur,success,international_share,revenue_total_eur,dc_mean,"
               "failed\n");
    for (int i = 0; i < n; i++) {
        const sgf_survey_firm *r = &f[i];
        fprintf(o, "%d", r->id);
        put_nums(o, 4,
                 (const double[]){r->interface_competence, r->coordinating_weight,
                                  r->integrating_weight, r->attention_hours});
        fprintf(o, ",%d,%d", r->types_drawn, r->types_final);
        put_num(o, ",", r->diversity);
        for (int t = 0; t < SGF_PTYPE_COUNT; t++) fprintf(o, ",%u", (r->types_mask >> t) & 1u);
        put_nums(o, 12,
                 (const double[]){r->amc, r->radical, r->incremental, r->first_venture_week,
                                  r->speed, r->revenue_first_year_eur, r->foreign_first_year_eur,
                                  r->foreign_last_year_eur, r->success, r->international_share,
                                  r->revenue_total_eur, r->dc_mean});
        fprintf(o, ",%d\n", r->failed ? 1 : 0);
    }
    bool ok = !ferror(o);
    ok = fclose(o) == 0 && ok;
    if (ok) ok = rename(tmp, path) == 0;
    if (!ok) remove(tmp);
    return ok;
}

static bool write_paths(const char *path, const sgf_survey_result *r)
{
    char tmp[4200];
    if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp) return false;
    FILE *o = fopen(tmp, "w");
    if (!o) return false;
    fprintf(o, "kind,path,group,n,beta,ci_low,ci_high,b,se,p,reported_004,source\n");
    for (int p = 0; p < SGF_PATH_COUNT; p++) {
        const sgf_path_estimate *e = &r->path[p];
        fprintf(o, "path,%s,%s,%d", e->name, e->group, e->n);
        put_nums(o, 6, (const double[]){e->beta, e->ci_low, e->ci_high, e->b, e->se, e->pvalue});
        fprintf(o, ",%.2f,%s\n", e->reported, e->source);
    }
    const sgf_contrast *cs[3] = {&r->order, &r->incremental_by_d, &r->radical_by_d};
    const double rep[3] = {0.61 - 0.15, 0.80 - 0.46, 0.76 - 0.72};
    for (int k = 0; k < 3; k++) {
        fprintf(o, "contrast,%s,,%d", cs[k]->what, r->n);
        put_nums(o, 3, (const double[]){cs[k]->diff, cs[k]->ci_low, cs[k]->ci_high});
        put_num(o, ",,,", cs[k]->pvalue);
        fprintf(o, ",%.2f,004:100-104\n", rep[k]);
    }
    for (int k = 0; k < 2; k++) {
        const sgf_mediation *m = &r->mediation[k];
        char what[5][200];
        snprintf(what[0], sizeof what[0], "%s -> %s (step 1 c)", m->x, m->y);
        snprintf(what[1], sizeof what[1], "%s -> %s (step 2 a)", m->x, m->m);
        snprintf(what[2], sizeof what[2], "%s -> %s | %s (step 3 b)", m->m, m->y, m->x);
        snprintf(what[3], sizeof what[3], "%s -> %s | %s (step 3 c')", m->x, m->y, m->m);
        snprintf(what[4], sizeof what[4], "%s -> %s -> %s (Sobel z; verdict %s)", m->x, m->m, m->y,
                 m->verdict);
        const double est[5] = {m->c, m->a, m->b, m->c_direct, m->sobel_z};
        const double p[5] = {m->c_p, m->a_p, m->b_p, m->c_direct_p, m->sobel_p};
        for (int j = 0; j < 5; j++) {
            fprintf(o, "mediation,%s,all,%d", what[j], r->n);
            put_num(o, ",", est[j]);
            put_num(o, ",,,,,", p[j]);
            fputs(",,004:102\n", o);
        }
    }
    bool ok = !ferror(o);
    ok = fclose(o) == 0 && ok;
    if (ok) ok = rename(tmp, path) == 0;
    if (!ok) remove(tmp);
    return ok;
}

static const char *stars(double p)
{
    return p < 0.001 ? "***" : p < 0.01 ? "** " : p < 0.05 ? "*  " : p < 0.10 ? ".  " : "   ";
}

/* Print the estimates beside 004's; shared with nothing else, so static. */
static void print_result(const sgf_survey_result *r, const char *scenario, uint64_t seed, int firms,
                         int ticks)
{
    printf("sgf survey: %s, %d firms drawn (%d failed, %d surveyed), seed %llu, %d weeks each\n",
           scenario, firms, r->failed_firms, r->n, (unsigned long long)seed, ticks);
    printf(
        "  means: AMC %.3f, D %.3f, radical %.2f, incremental %.2f, speed %.2f y, success %.3f\n",
        r->mean_amc, r->mean_d, r->mean_radical, r->mean_incremental, r->mean_speed,
        r->mean_success);
    printf("  diversity groups split at the median D = %.3f: high %d firms, low %d firms\n",
           r->median_d, r->n_high, r->n_low);
    printf("\nStandardised paths (OLS; squared AMC centred; 95%% bootstrap intervals, %d "
           "resamples)\n",
           r->bootstrap);
    printf("  %-24s %-7s %5s %8s %19s %9s %6s\n", "path", "group", "n", "beta", "95% CI", "p",
           "004");
    for (int p = 0; p < SGF_PATH_COUNT; p++) {
        const sgf_path_estimate *e = &r->path[p];
        printf("  %-24s %-7s %5d %8.3f [%7.3f, %7.3f] %9.2g%s %5.2f\n", e->name, e->group, e->n,
               e->beta, e->ci_low, e->ci_high, e->pvalue, stars(e->pvalue), e->reported);
    }
    printf("\nContrasts of standardised paths (95%% bootstrap intervals; z on the slopes)\n");
    const sgf_contrast *cs[3] = {&r->order, &r->incremental_by_d, &r->radical_by_d};
    const double rep[3] = {0.61 - 0.15, 0.80 - 0.46, 0.76 - 0.72};
    for (int k = 0; k < 3; k++) {
        printf("  %-46s %7.3f [%7.3f, %7.3f]", cs[k]->what, cs[k]->diff, cs[k]->ci_low,
               cs[k]->ci_high);
        if (isfinite(cs[k]->z))
            printf("  z %6.2f p %.2g", cs[k]->z, cs[k]->pvalue);
        else
            printf("  %17s", "");
        printf("  004: %+.2f\n", rep[k]);
    }
    printf("\nMediation (Baron and Kenny 1986; standardised; Sobel test on the slopes)\n");
    for (int k = 0; k < 2; k++) {
        const sgf_mediation *m = &r->mediation[k];
        char l1[64], l2[64], l3[64], l4[64];
        snprintf(l1, sizeof l1, "%s -> %s", m->x, m->y);
        snprintf(l2, sizeof l2, "%s -> %s", m->x, m->m);
        snprintf(l3, sizeof l3, "%s -> %s | %s", m->m, m->y, m->x);
        snprintf(l4, sizeof l4, "%s -> %s | %s", m->x, m->y, m->m);
        printf("  %s -> %s -> %s\n", m->x, m->m, m->y);
        printf("    step 1  %-30s c  = %7.3f  p %.2g\n", l1, m->c, m->c_p);
        printf("    step 2  %-30s a  = %7.3f  p %.2g\n", l2, m->a, m->a_p);
        printf("    step 3  %-30s b  = %7.3f  p %.2g\n", l3, m->b, m->b_p);
        printf("            %-30s c' = %7.3f  p %.2g\n", l4, m->c_direct, m->c_direct_p);
        printf("    Sobel z = %.2f (p %.2g); mediation: %s; 004: %s\n", m->sobel_z, m->sobel_p,
               m->verdict, m->reported);
    }
    printf("\np: *** < .001, ** < .01, * < .05, . < .10\n");
}

int sgf_cmd_survey(int argc, char **argv)
{
    const char *scenario = NULL, *out_dir = NULL;
    const char **sets = malloc(sizeof *sets * (size_t)(argc > 0 ? argc : 1));
    if (!sets) {
        fprintf(stderr, "sgf survey: out of memory\n");
        return 1;
    }
    int nsets = 0, ticks = -1;
    sgf_survey_config cfg = sgf_survey_config_default();
    bool have_seed = false;
    int rc = 0;
    for (int i = 1; i < argc; i++) {
        const char *v;
        int r;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(sgf_cmd_survey_help, stdout);
            free(sets);
            return 0;
        } else if ((r = sgf_cli_option_value(argc, argv, &i, "--firms", &v)) != 0) {
            if (r < 0 || !sgf_cli_parse_int(v, 10, 10000000, &cfg.firms)) {
                rc = sgf_cli_usage_error("survey",
                                         "--firms needs a whole number from 10 to 10000000");
                goto out;
            }
        } else if ((r = sgf_cli_option_value(argc, argv, &i, "--seed", &v)) != 0) {
            if (r < 0 || !sgf_cli_parse_u64(v, &cfg.seed)) {
                rc = sgf_cli_usage_error("survey", "--seed needs a whole number");
                goto out;
            }
            have_seed = true;
        } else if ((r = sgf_cli_option_value(argc, argv, &i, "--out", &v)) != 0) {
            if (r < 0 || !v[0]) {
                rc = sgf_cli_usage_error("survey", "--out needs a directory");
                goto out;
            }
            out_dir = v;
        } else if ((r = sgf_cli_option_value(argc, argv, &i, "-j", &v)) != 0) {
            if (r < 0 || !sgf_cli_parse_int(v, 1, 1024, &cfg.threads)) {
                rc = sgf_cli_usage_error("survey", "-j needs a whole number from 1 to 1024");
                goto out;
            }
        } else if ((r = sgf_cli_option_value(argc, argv, &i, "--bootstrap", &v)) != 0) {
            if (r < 0 || !sgf_cli_parse_int(v, 0, 1000000, &cfg.bootstrap)) {
                rc = sgf_cli_usage_error("survey",
                                         "--bootstrap needs a whole number from 0 to 1000000");
                goto out;
            }
        } else if ((r = sgf_cli_option_value(argc, argv, &i, "--ticks", &v)) != 0) {
            if (r < 0 || !sgf_cli_parse_int(v, 104, 100000, &ticks)) {
                rc = sgf_cli_usage_error("survey",
                                         "--ticks needs a whole number from 104 to 100000");
                goto out;
            }
        } else if ((r = sgf_cli_option_value(argc, argv, &i, "--set", &v)) != 0) {
            if (r < 0 || !strchr(v, '=')) {
                rc = sgf_cli_usage_error("survey", "--set needs PATH=VALUE");
                goto out;
            }
            sets[nsets++] = v;
        } else if ((r = sgf_cli_option_value(argc, argv, &i, "--draw", &v)) != 0) {
            if (r < 0 || !apply_draw(&cfg, v)) {
                rc = sgf_cli_usage_error("survey",
                                         "--draw needs NAME=DIST with NAME one of "
                                         "interface_competence, coordinating_weight, "
                                         "integrating_weight, capability_jitter, "
                                         "attention_factor, and DIST like uniform(0.1,0.9)");
                goto out;
            }
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            rc = sgf_cli_usage_error("survey", "unknown option '%s'", argv[i]);
            goto out;
        } else {
            if (scenario) {
                rc = sgf_cli_usage_error("survey", "more than one scenario given ('%s', '%s')",
                                         scenario, argv[i]);
                goto out;
            }
            scenario = argv[i];
        }
    }

    sgf_world_def base;
    const char *path = scenario && strcmp(scenario, "default") != 0 ? scenario : NULL;
    sgf_status st = sgf_cli_load_scenario(path, sets, nsets, &base);
    if (st != SGF_OK) {
        rc = sgf_status_exit_code(st);
        goto out;
    }
    if (ticks > 0) base.ticks = ticks;
    if (base.ticks < 104) {
        fprintf(stderr, "sgf survey: the horizon must be at least two years (104 weeks) to "
                        "measure growth\n");
        sgf_world_def_free(&base);
        rc = 2;
        goto out;
    }
    if (!have_seed) cfg.seed = base.seed;
    sgf_diag diag;
    if (sgf_scenario_validate(&base, &diag) != SGF_OK) {
        sgf_cli_print_diag(&diag);
        sgf_world_def_free(&base);
        rc = 2;
        goto out;
    }
    char dir[4096];
    if (out_dir) {
        snprintf(dir, sizeof dir, "%s", out_dir);
    } else {
        char name[SGF_NAME_MAX];
        size_t n = 0;
        for (const char *s = base.name; *s && n + 1 < sizeof name; s++) {
            char c = *s;
            bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
            name[n++] = safe ? c : '_';
        }
        name[n] = '\0';
        snprintf(dir, sizeof dir, "out/survey-%s-seed%llu", n ? name : "survey",
                 (unsigned long long)cfg.seed);
    }

    sgf_survey_firm *firms = calloc((size_t)cfg.firms, sizeof *firms);
    if (!firms) {
        fprintf(stderr, "sgf survey: out of memory\n");
        sgf_world_def_free(&base);
        rc = 1;
        goto out;
    }
    char err[512] = "";
    st = sgf_survey_run(&base, &cfg, firms, err, sizeof err);
    if (st != SGF_OK) {
        fprintf(stderr, "sgf survey: %s: %s\n", sgf_status_message(st), err);
        rc = sgf_status_exit_code(st);
    } else {
        if (mkdir_p(dir) != 0) {
            fprintf(stderr, "sgf survey: cannot create %s: %s\n", dir, strerror(errno));
            rc = 1;
        }
        char fpath[4200];
        snprintf(fpath, sizeof fpath, "%s/firms.csv", dir);
        if (rc == 0 && !write_firms(fpath, firms, cfg.firms)) {
            fprintf(stderr, "sgf survey: cannot write %s\n", fpath);
            rc = 1;
        }
        sgf_survey_result res;
        if (rc == 0) {
            st = sgf_survey_analyse(firms, cfg.firms, cfg.seed, cfg.bootstrap, &res, err,
                                    sizeof err);
            if (st != SGF_OK) {
                fprintf(stderr, "sgf survey: cannot estimate: %s (firm data in %s)\n", err, fpath);
                rc = sgf_status_exit_code(st);
            }
        }
        if (rc == 0) {
            print_result(&res, scenario ? scenario : "<default>", cfg.seed, cfg.firms, base.ticks);
            snprintf(fpath, sizeof fpath, "%s/paths.csv", dir);
            if (!write_paths(fpath, &res)) {
                fprintf(stderr, "sgf survey: cannot write %s\n", fpath);
                rc = 1;
            } else {
                printf("files: %s/firms.csv, %s/paths.csv\n", dir, dir);
            }
        }
    }
    free(firms);
    sgf_world_def_free(&base);
out:
    free(sets);
    return rc;
}
