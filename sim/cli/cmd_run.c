/* cmd_run.c: `sgf run`, one simulation from a scenario to its output files.
 *
 * Order matters for "nothing written on bad input": the scenario is loaded,
 * overridden, validated and its world built before the output directory is
 * touched. Then the weekly loop steps the world and hands each tick to the
 * writer; any failure closes the output with ok=false, so no file claims a
 * finished run.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char sgf_cmd_run_help[] =
    "Usage: sgf run [SCENARIO] [OPTIONS]\n"
    "\n"
    "Simulate SCENARIO (a libconfig .cfg file; without one, the built-in default\n"
    "scenario) week by week and write the results into an output directory.\n"
    "\n"
    "Options:\n"
    "  --seed N          master seed (a whole number, 0 to 2^64-1); overrides the\n"
    "                    scenario's `seed`\n"
    "  --ticks N         weeks to simulate (1 or more); overrides `ticks`\n"
    "  --out DIR         output directory, created if needed\n"
    "                    (default: out/NAME-seedN, NAME the scenario's `name`)\n"
    "  --set PATH=VALUE  change one setting after loading, e.g.\n"
    "                    --set firm.capabilities.flexibility=0.8; repeatable, applied\n"
    "                    in order; VALUE in libconfig syntax or a bare word\n"
    "                    (see 'sgf help settings' for every PATH)\n"
    "  --force           write into DIR even if it is not empty (sgf's files in it\n"
    "                    are replaced; other files are left alone)\n"
    "  --check           check the model's invariants after every week; a\n"
    "                    violation stops the run (exit status 1)\n"
    "  --quiet           print nothing on success\n"
    "  -h, --help        show this help\n"
    "\n"
    "Output files (in DIR):\n"
    "  timeseries.csv    one row of metrics per week\n"
    "  markets.csv       one row per market and week (demand, orders, revenue, ...)\n"
    "  summary.csv       one row of run results (speed, success, resilience)\n"
    "  events.csv        one row per event: tick,kind,partner_id,partner,role,\n"
    "                    market,cause,value,unit,event\n"
    "  network.jsonl     network snapshots, one JSON object per line\n"
    "  network.gexf      the dynamic network for Gephi and networkx\n"
    "  manifest.json     version, seed, scenario hash and every resolved parameter;\n"
    "                    written last, so its presence means the run finished\n"
    "Snapshots are taken at week 0, every output.snapshot_every_weeks weeks and\n"
    "at the end. 'sgf help metrics' says what every column means.\n"
    "The same scenario, settings and seed give byte-identical files.\n"
    "\n"
    "Exit status:\n"
    "  0  the run finished and its files are in place (also when the simulated\n"
    "     firm failed: that is a result, reported in the summary)\n"
    "  1  runtime failure: a file could not be written, memory ran out, an\n"
    "     invariant failed under --check, or the run was interrupted; no\n"
    "     finished-looking files are left behind\n"
    "  2  usage error, invalid scenario or setting, or DIR not empty without\n"
    "     --force; nothing is written\n"
    "\n"
    "Examples:\n"
    "  sgf run\n"
    "  sgf run scenarios/default.cfg --seed 7 --ticks 104 --out out/short\n"
    "  sgf run --set firm.management.preset=controller --out out/controller --force\n";

static volatile sig_atomic_t interrupted = 0;

/* The first signal ends the run: the world looks at the flag between steps
 * and every few thousand partners, so even a long week stops within a
 * fraction of a second. A second signal (the user insists) terminates at
 * once. */
static void on_interrupt(int sig)
{
    if (interrupted) {
        signal(sig, SIG_DFL);
        raise(sig);
    }
    interrupted = 1;
}

typedef struct run_args {
    const char *scenario; /* NULL: built-in default */
    const char **sets;
    int set_count;
    bool has_seed, has_ticks;
    uint64_t seed;
    int ticks;
    const char *out;
    bool force, check, quiet;
} run_args;

/* Returns -1 to go on, or an exit status (help printed, usage error). */
static int parse_args(int argc, char **argv, run_args *a)
{
    bool options_done = false;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i], *value = NULL;
        int m;
        if (options_done || arg[0] != '-' || strcmp(arg, "-") == 0) {
            if (a->scenario)
                return sgf_cli_usage_error("run", "more than one scenario given ('%s', '%s')",
                                           a->scenario, arg);
            a->scenario = arg;
        } else if (strcmp(arg, "--") == 0) {
            options_done = true;
        } else if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            fputs(sgf_cmd_run_help, stdout);
            return 0;
        } else if (strcmp(arg, "--force") == 0) {
            a->force = true;
        } else if (strcmp(arg, "--check") == 0) {
            a->check = true;
        } else if (strcmp(arg, "--quiet") == 0 || strcmp(arg, "-q") == 0) {
            a->quiet = true;
        } else if ((m = sgf_cli_option_value(argc, argv, &i, "--seed", &value)) != 0) {
            if (m < 0) return sgf_cli_usage_error("run", "--seed needs a value");
            if (!sgf_cli_parse_u64(value, &a->seed))
                return sgf_cli_usage_error(
                    "run", "--seed '%s' is not a whole number from 0 to 18446744073709551615",
                    value);
            a->has_seed = true;
        } else if ((m = sgf_cli_option_value(argc, argv, &i, "--ticks", &value)) != 0) {
            if (m < 0) return sgf_cli_usage_error("run", "--ticks needs a value");
            if (!sgf_cli_parse_int(value, 1, 1000000000, &a->ticks))
                return sgf_cli_usage_error(
                    "run", "--ticks '%s' is not a whole number of weeks from 1 to 1000000000",
                    value);
            a->has_ticks = true;
        } else if ((m = sgf_cli_option_value(argc, argv, &i, "--out", &value)) != 0) {
            if (m < 0 || !value[0]) return sgf_cli_usage_error("run", "--out needs a directory");
            a->out = value;
        } else if ((m = sgf_cli_option_value(argc, argv, &i, "--set", &value)) != 0) {
            if (m < 0) return sgf_cli_usage_error("run", "--set needs PATH=VALUE");
            if (!strchr(value, '='))
                return sgf_cli_usage_error("run", "--set '%s' is not of the form PATH=VALUE",
                                           value);
            a->sets[a->set_count++] = value;
        } else {
            return sgf_cli_usage_error("run", "unknown option '%s'", arg);
        }
    }
    return -1;
}

/* out/NAME-seedN, with NAME reduced to characters safe in a file name. */
static void default_out_dir(char *buf, size_t size, const sgf_world_def *def)
{
    char name[SGF_NAME_MAX];
    size_t n = 0;
    for (const char *s = def->name; *s && n + 1 < sizeof name; s++) {
        char c = *s;
        bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.';
        name[n++] = safe ? c : '_';
    }
    name[n] = '\0';
    if (n == 0 || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
        snprintf(name, sizeof name, "%s", "run");
    snprintf(buf, size, "out/%s-seed%llu", name, (unsigned long long)def->seed);
}

static void print_summary(const sgf_world *w, const char *scenario, const char *dir)
{
    const sgf_world_def *def = sgf_world_def_of(w);
    sgf_summary s;
    sgf_world_summary(w, &s);
    printf("sgf run: %s, seed %llu, %d weeks\n", scenario, (unsigned long long)def->seed,
           sgf_world_tick(w));
    printf("  revenue total   EUR %.0f\n", s.revenue_total_eur);
    printf("  final cash      EUR %.0f\n", s.final_cash_eur);
    printf("  partners        %.0f\n", s.partners_final);
    printf("  markets served  %.0f (entered %.0f)\n", s.markets_served_final, s.markets_entered);
    printf("  fill rate       %.3f (mean)\n", s.mean_fill_rate);
    printf("  mean trust      %.3f\n", s.mean_trust);
    printf("  DC              %.3f (mean)\n", s.dc_mean);
    if (s.failed != 0.0)
        printf("  failure         the firm failed in week %.0f\n", s.failed_tick);
    else
        printf("  failure         none\n");
    printf("  files           %s/\n", dir);
}

int sgf_cmd_run(int argc, char **argv)
{
    run_args a;
    memset(&a, 0, sizeof a);
    a.sets = malloc(sizeof *a.sets * (size_t)(argc > 0 ? argc : 1));
    if (!a.sets) {
        fprintf(stderr, "sgf run: out of memory\n");
        return 1;
    }
    int code = parse_args(argc, argv, &a);
    if (code >= 0) {
        free(a.sets);
        return code;
    }

    sgf_world_def def;
    sgf_world *w = NULL;
    sgf_output *out = NULL;
    sgf_status st = sgf_cli_load_scenario(a.scenario, a.sets, a.set_count, &def);
    free(a.sets);
    if (st != SGF_OK) return sgf_status_exit_code(st);
    if (a.has_seed) def.seed = a.seed;
    if (a.has_ticks) def.ticks = a.ticks;
    if (a.check) def.check = true;

    sgf_diag diag;
    memset(&diag, 0, sizeof diag);
    st = sgf_scenario_validate(&def, &diag);
    if (st != SGF_OK) {
        /* whole-definition checks know no file: name the scenario */
        if (!diag.file[0])
            snprintf(diag.file, sizeof diag.file, "%s", a.scenario ? a.scenario : "<default>");
        sgf_cli_print_diag(&diag);
        goto done;
    }
    uint64_t hash = sgf_def_hash(&def);
    st = sgf_world_create(&def, &w);
    if (st != SGF_OK) {
        fprintf(stderr, "sgf run: cannot build the world: %s\n", sgf_status_message(st));
        goto done;
    }

    char dir[4096];
    if (a.out)
        snprintf(dir, sizeof dir, "%s", a.out);
    else
        default_out_dir(dir, sizeof dir, &def);
    const char *scenario = a.scenario ? a.scenario : "<default>";
    sgf_output_opts opts = {.dir = dir,
                            .force = a.force,
                            .scenario_name = scenario,
                            .scenario_hash = hash,
                            .version = SGF_VERSION};
    char err[1024];
    st = sgf_output_open(&opts, w, &out, err, sizeof err);
    if (st != SGF_OK) {
        fprintf(stderr, "sgf run: %s\n", err[0] ? err : sgf_status_message(st));
        goto done;
    }

    /* Ctrl-C ends the week in progress, then removes the unfinished files. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_interrupt;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    /* Past a file-size limit, a write should fail (and be reported), not kill. */
    signal(SIGXFSZ, SIG_IGN);
    sgf_world_set_stop(w, &interrupted);

    while (!sgf_world_done(w)) {
        st = interrupted ? SGF_ERR_INTERRUPTED : sgf_world_step(w);
        if (st == SGF_ERR_INTERRUPTED) {
            fprintf(stderr, "sgf run: interrupted in week %d; no output kept\n", sgf_world_tick(w));
            break;
        }
        if (st != SGF_OK) {
            const char *why = sgf_world_error(w);
            fprintf(stderr, "sgf run: %s%s%s\n", sgf_status_message(st), why && why[0] ? ": " : "",
                    why ? why : "");
            break;
        }
        st = sgf_output_tick(out, w);
        if (st != SGF_OK) {
            fprintf(stderr, "sgf run: %s\n", sgf_output_error(out));
            break;
        }
    }
    if (st != SGF_OK) {
        sgf_output_close(out, w, false);
        out = NULL;
        goto done;
    }
    st = sgf_output_close(out, w, true);
    out = NULL;
    if (st != SGF_OK) {
        fprintf(stderr, "sgf run: %s\n", sgf_output_error(NULL));
        goto done;
    }
    if (!a.quiet) print_summary(w, scenario, dir);

done:
    sgf_world_destroy(w);
    sgf_world_def_free(&def);
    return sgf_status_exit_code(st);
}
