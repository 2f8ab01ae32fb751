/* test_cli.c: the `sgf` command as a user runs it.
 *
 * Runs the built binary ($SGF_BIN, set by CTest) in a fresh temporary
 * directory and checks exit statuses, messages and the files: a default run
 * writes all six, the same seed gives byte-identical files and another seed
 * other numbers, options and --set take effect, and every kind of bad input
 * exits 2 without writing anything.
 */
#include <dirent.h>
#include <sys/stat.h>

#include "harness.h"
#include "sgf/sgf.h"

#define PROC_TAG "cli"
#include "proc.h"

static const char *const output_files[] = {"timeseries.csv", "markets.csv",  "events.csv",
                                           "network.jsonl",  "network.gexf", "summary.csv",
                                           "manifest.json"};
#define OUTPUT_COUNT ((int)(sizeof output_files / sizeof output_files[0]))

/* ---- helpers ------------------------------------------------------------------------- */

/* Checks that dir holds the six files of a finished run. */
#define CHECK_COMPLETE_RUN(dir)                                                                    \
    do {                                                                                           \
        for (int i_ = 0; i_ < OUTPUT_COUNT; i_++)                                                  \
            CHECK_MSG(exists_in((dir), output_files[i_]), "%s/%s missing", (dir),                  \
                      output_files[i_]);                                                           \
        CHECK_EQ_INT(count_entries(dir), OUTPUT_COUNT);                                            \
    } while (0)

/* ---- tests --------------------------------------------------------------------------- */

TEST(default_run_writes_every_file)
{
    char *tmp = make_temp_dir();
    result r = run_sgf(tmp, "run");
    CHECK_EQ_INT(r.code, 0);
    CHECK_MSG(r.err[0] == '\0', "stderr: %s", r.err);
    CHECK_CONTAINS(r.out, "revenue");
    CHECK_CONTAINS(r.out, "out/");

    /* the default directory: out/NAME-seedN, the only thing written */
    char out[1100];
    snprintf(out, sizeof out, "%s/out", tmp);
    CHECK_EQ_INT(count_entries(out), 1);
    CHECK_EQ_INT(count_entries(tmp), 1);
    DIR *d = opendir(out);
    struct dirent *e = NULL;
    while (d && (e = readdir(d)) != NULL && e->d_name[0] == '.') {
    }
    char run_dir[1400] = "";
    if (e) snprintf(run_dir, sizeof run_dir, "%s/%s", out, e->d_name);
    if (d) closedir(d);
    CHECK(strstr(run_dir, "-seed") != NULL);
    CHECK_CONTAINS(r.out, strrchr(run_dir, '/') ? strrchr(run_dir, '/') + 1 : "?");

    if (run_dir[0]) {
        CHECK_COMPLETE_RUN(run_dir);
        char *man = read_in(run_dir, "manifest.json", NULL);
        char *ts = read_in(run_dir, "timeseries.csv", NULL);
        char *sum = read_in(run_dir, "summary.csv", NULL);
        char *jl = read_in(run_dir, "network.jsonl", NULL);
        char *gexf = read_in(run_dir, "network.gexf", NULL);
        CHECK_CONTAINS(man, "\"seed\": ");
        CHECK_CONTAINS(man, "\"scenario\": \"<default>\"");
        CHECK_CONTAINS(man, "\"parameters\": ");
        const char *tr = man ? strstr(man, "\"ticks_run\": ") : NULL;
        int ticks = tr ? atoi(tr + 13) : -1;
        CHECK(ticks > 0);
        CHECK_EQ_INT(count_lines(ts), ticks + 1);
        CHECK(ts && strncmp(ts, "tick,", 5) == 0);
        CHECK_EQ_INT(count_lines(sum), 2);
        CHECK(count_lines(jl) >= 1);
        CHECK(jl && strncmp(jl, "{\"tick\":", 8) == 0);
        CHECK_CONTAINS(gexf, "</gexf>\n");
        free(man);
        free(ts);
        free(sum);
        free(jl);
        free(gexf);
    }
    result_free(&r);
    remove_temp_dir(tmp);
}

TEST(same_seed_gives_identical_files_other_seed_differs)
{
    char *tmp = make_temp_dir();
    result a = run_sgf(tmp, "run", "--seed", "7", "--ticks", "60", "--out", "a", "--quiet");
    result b = run_sgf(tmp, "run", "--ticks=60", "--seed=7", "--out=b", "--quiet");
    result c = run_sgf(tmp, "run", "--seed", "8", "--ticks", "60", "--out", "c", "--quiet");
    CHECK_EQ_INT(a.code, 0);
    CHECK_EQ_INT(b.code, 0);
    CHECK_EQ_INT(c.code, 0);
    CHECK_STR(a.out, ""); /* --quiet */
    char da[1100], db[1100], dc[1100];
    snprintf(da, sizeof da, "%s/a", tmp);
    snprintf(db, sizeof db, "%s/b", tmp);
    snprintf(dc, sizeof dc, "%s/c", tmp);
    CHECK_COMPLETE_RUN(da);
    CHECK_COMPLETE_RUN(db);
    for (int i = 0; i < OUTPUT_COUNT; i++) {
        size_t la = 0, lb = 0;
        char *fa = read_in(da, output_files[i], &la);
        char *fb = read_in(db, output_files[i], &lb);
        CHECK_MSG(fa && fb && la == lb && memcmp(fa, fb, la) == 0, "%s differs between runs",
                  output_files[i]);
        free(fa);
        free(fb);
    }
    char *ta = read_in(da, "timeseries.csv", NULL);
    char *tc = read_in(dc, "timeseries.csv", NULL);
    CHECK(ta && tc && strcmp(ta, tc) != 0);
    CHECK_EQ_INT(count_lines(tc), 61);
    char *mc = read_in(dc, "manifest.json", NULL);
    CHECK_CONTAINS(mc, "\"seed\": 8,");
    free(ta);
    free(tc);
    free(mc);
    result_free(&a);
    result_free(&b);
    result_free(&c);
    remove_temp_dir(tmp);
}

TEST(ticks_and_set_take_effect)
{
    char *tmp = make_temp_dir();
    result r = run_sgf(tmp, "run", "--ticks", "10", "--out", "t10", "--quiet");
    CHECK_EQ_INT(r.code, 0);
    char *ts = read_in(tmp, "t10/timeseries.csv", NULL);
    CHECK_EQ_INT(count_lines(ts), 11);
    char *man = read_in(tmp, "t10/manifest.json", NULL);
    CHECK_CONTAINS(man, "\"ticks_run\": 10,");
    free(ts);
    free(man);
    result_free(&r);

    /* --set in order: the later one wins; snapshots at 0 and every 3 weeks of 12 */
    r = run_sgf(tmp, "run", "--set", "ticks=5", "--set", "ticks=12", "--set",
                "output.snapshot_every_weeks=3", "--out", "s", "--quiet");
    CHECK_EQ_INT(r.code, 0);
    CHECK_MSG(r.err[0] == '\0', "stderr: %s", r.err);
    ts = read_in(tmp, "s/timeseries.csv", NULL);
    CHECK_EQ_INT(count_lines(ts), 13);
    char *jl = read_in(tmp, "s/network.jsonl", NULL);
    CHECK_EQ_INT(count_lines(jl), 5);
    free(ts);
    free(jl);
    result_free(&r);

    /* --ticks overrides --set ticks */
    r = run_sgf(tmp, "run", "--set", "ticks=30", "--ticks", "4", "--out", "o", "--quiet");
    CHECK_EQ_INT(r.code, 0);
    ts = read_in(tmp, "o/timeseries.csv", NULL);
    CHECK_EQ_INT(count_lines(ts), 5);
    free(ts);
    result_free(&r);

    /* --check runs the invariants and still succeeds on the default */
    r = run_sgf(tmp, "run", "--check", "--ticks", "26", "--out", "chk", "--quiet");
    CHECK_EQ_INT(r.code, 0);
    CHECK_MSG(r.err[0] == '\0', "stderr: %s", r.err);
    result_free(&r);
    remove_temp_dir(tmp);
}

TEST(bad_scenario_exits_2_and_writes_nothing)
{
    char *tmp = make_temp_dir();
    write_in(tmp, "bad.cfg", "name = \"bad\";\nfirm = {\n  no_such_setting = 1;\n};\n");
    result r = run_sgf(tmp, "run", "bad.cfg");
    CHECK_EQ_INT(r.code, 2);
    CHECK(strncmp(r.err, "sgf: bad.cfg:", 13) == 0);
    CHECK_CONTAINS(r.err, "no_such_setting");
    CHECK_EQ_INT(count_entries(tmp), 1); /* only bad.cfg: no out/ */
    result_free(&r);

    write_in(tmp, "bad.cfg", "this is { not libconfig\n");
    r = run_sgf(tmp, "run", "bad.cfg", "--out", "x");
    CHECK_EQ_INT(r.code, 2);
    CHECK_CONTAINS(r.err, "bad.cfg:1");
    CHECK_EQ_INT(count_entries(tmp), 1);
    result_free(&r);

    r = run_sgf(tmp, "run", "missing.cfg", "--out", "x");
    CHECK_EQ_INT(r.code, 2);
    CHECK_CONTAINS(r.err, "missing.cfg");
    CHECK_EQ_INT(count_entries(tmp), 1);
    result_free(&r);

    /* a bad --set, and a value out of range */
    r = run_sgf(tmp, "run", "--set", "firm.no_such_thing=1", "--out", "x");
    CHECK_EQ_INT(r.code, 2);
    CHECK_CONTAINS(r.err, "firm.no_such_thing");
    CHECK_EQ_INT(count_entries(tmp), 1);
    result_free(&r);
    r = run_sgf(tmp, "run", "--set", "ticks=0", "--out", "x");
    CHECK_EQ_INT(r.code, 2);
    CHECK_CONTAINS(r.err, "ticks");
    CHECK_EQ_INT(count_entries(tmp), 1);
    result_free(&r);

    CHECK_RUN(tmp, 2, err, "bad.cfg:1", "check", "bad.cfg");
    remove_temp_dir(tmp);
}

TEST(usage_errors_exit_2)
{
    char *tmp = make_temp_dir();
    static const char *const bad[][4] = {
        {"run", "--no-such-option", NULL},
        {"run", "--ticks", "12abc", NULL},
        {"run", "--ticks", "-3", NULL},
        {"run", "--ticks", "0", NULL},
        {"run", "--ticks", "99999999999999999999", NULL},
        {"run", "--seed", "18446744073709551616", NULL},
        {"run", "--seed", " 5", NULL},
        {"run", "--seed", NULL},
        {"run", "--set", "no_equals_sign", NULL},
        {"run", "a.cfg", "b.cfg", NULL},
        {"check", "--seed", "1", NULL},
        {"no-such-command", NULL},
        {"help", "no-such-topic", NULL},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        result r = run_sgf_v(tmp, bad[i]);
        CHECK_MSG(r.code == 2, "sgf %s %s %s: exit %d", bad[i][0], bad[i][1] ? bad[i][1] : "",
                  bad[i][1] && bad[i][2] ? bad[i][2] : "", r.code);
        CHECK_MSG(strstr(r.err, "sgf help") != NULL, "no hint in: %s", r.err);
        result_free(&r);
    }
    result r = run_sgf(tmp, "run", "--bogus");
    CHECK_CONTAINS(r.err, "--bogus");
    CHECK_CONTAINS(r.err, "sgf help run");
    result_free(&r);
    r = run_sgf(tmp, "rnu");
    CHECK_CONTAINS(r.err, "sgf run"); /* did you mean */
    result_free(&r);
    CHECK_EQ_INT(count_entries(tmp), 0);
    remove_temp_dir(tmp);
}

TEST(non_empty_output_directory_needs_force)
{
    char *tmp = make_temp_dir();
    char dir[1100], keep[1200];
    snprintf(dir, sizeof dir, "%s/res", tmp);
    snprintf(keep, sizeof keep, "%s/keep.txt", dir);
    mkdir(dir, 0777);
    write_in(dir, "keep.txt", "precious\n");

    result r = run_sgf(tmp, "run", "--ticks", "5", "--out", "res");
    CHECK_EQ_INT(r.code, 2);
    CHECK_CONTAINS(r.err, "--force");
    CHECK_EQ_INT(count_entries(dir), 1);
    char *k = read_path(keep, NULL);
    CHECK_STR(k, "precious\n");
    free(k);
    result_free(&r);

    r = run_sgf(tmp, "run", "--ticks", "5", "--out", "res", "--force", "--quiet");
    CHECK_EQ_INT(r.code, 0);
    CHECK_EQ_INT(count_entries(dir), OUTPUT_COUNT + 1);
    k = read_path(keep, NULL);
    CHECK_STR(k, "precious\n");
    free(k);
    result_free(&r);

    /* a second forced run replaces the files */
    r = run_sgf(tmp, "run", "--ticks", "7", "--out", "res", "--force", "--quiet");
    CHECK_EQ_INT(r.code, 0);
    char *ts = read_in(dir, "timeseries.csv", NULL);
    CHECK_EQ_INT(count_lines(ts), 8);
    free(ts);
    result_free(&r);
    remove_temp_dir(tmp);
}

TEST(check_validates_without_writing)
{
    char *tmp = make_temp_dir();
    result r = run_sgf(tmp, "check");
    CHECK_EQ_INT(r.code, 0);
    CHECK_CONTAINS(r.out, "ok");
    CHECK_CONTAINS(r.out, "partners");
    CHECK_CONTAINS(r.out, "markets");
    result_free(&r);

    const char *src = getenv("SGF_SOURCE_DIR");
    if (src && *src) {
        char path[1100];
        snprintf(path, sizeof path, "%s/scenarios/default.cfg", src);
        r = run_sgf(tmp, "check", path);
        CHECK_EQ_INT(r.code, 0);
        CHECK_MSG(r.err[0] == '\0', "stderr: %s", r.err);
        result_free(&r);
        /* cut short, the default's week-260 shift can no longer fire: a
         * warning, still exit 0 */
        r = run_sgf(tmp, "check", path, "--set", "ticks=52");
        CHECK_EQ_INT(r.code, 0);
        CHECK_CONTAINS(r.out, "52 weeks");
        CHECK_CONTAINS(r.err, "warning: at_tick 260 is outside the run's weeks 1 to 52");
        result_free(&r);
    }
    r = run_sgf(tmp, "check", "--set", "ticks=-4");
    CHECK_EQ_INT(r.code, 2);
    result_free(&r);
    CHECK_EQ_INT(count_entries(tmp), 0);
    remove_temp_dir(tmp);
}

TEST(version_and_help)
{
    char *tmp = make_temp_dir();
    result r = run_sgf(tmp, "--version");
    CHECK_EQ_INT(r.code, 0);
    CHECK_STR(r.out, "sgf " SGF_VERSION "\n");
    result_free(&r);

    r = run_sgf(tmp, "help", "run");
    CHECK_EQ_INT(r.code, 0);
    static const char *const documented[] = {
        "--seed",  "--ticks",     "--out",    "--set",          "--force",      "--check",
        "--quiet", "Exit status", "Examples", "timeseries.csv", "manifest.json"};
    for (size_t i = 0; i < sizeof documented / sizeof documented[0]; i++)
        CHECK_CONTAINS(r.out, documented[i]);
    result h = run_sgf(tmp, "run", "--help");
    CHECK_EQ_INT(h.code, 0);
    CHECK_STR(h.out, r.out);
    result_free(&h);
    result_free(&r);

    r = run_sgf(tmp, "--help");
    CHECK_EQ_INT(r.code, 0);
    CHECK_CONTAINS(r.out, "run");
    CHECK_CONTAINS(r.out, "check");
    CHECK_CONTAINS(r.out, "settings");
    result_free(&r);
    CHECK_RUN(tmp, 0, out, "Commands:", "help");
    CHECK_RUN(tmp, 0, out, "sgf check", "help", "check");
    CHECK_RUN(tmp, 0, out, "ticks", "help", "settings");
    CHECK_EQ_INT(count_entries(tmp), 0);
    remove_temp_dir(tmp);
}

/* `sgf check` warns (stderr, exit 0) about what a valid scenario cannot do,
 * and the scenario library itself draws no warning. */
TEST(check_warns_about_events_magnitudes_and_costs)
{
    const char *src = getenv("SGF_SOURCE_DIR");
    CHECK_MSG(src && *src, "SGF_SOURCE_DIR is not set");
    if (!src || !*src) return;
    char *tmp = make_temp_dir();
    char cfg[1200];
    snprintf(cfg, sizeof cfg, "%s/w.cfg", tmp);
    FILE *f = fopen(cfg, "w");
    CHECK(f != NULL);
    if (!f) return;
    fprintf(f,
            "extends = \"%s/scenarios/default.cfg\";\n"
            "events = (\n"
            "  { name = \"late\"; kind = \"demand_shock\"; at_tick = 600; magnitude = 0.5;\n"
            "    target = \"market\"; target_name = \"FI\"; },\n"
            "  { name = \"negative\"; kind = \"demand_shock\"; at_tick = 100; magnitude = -0.5;\n"
            "    target = \"market\"; target_name = \"FI\"; },\n"
            "  { name = \"zero chance\"; kind = \"partner_exit\"; probability_per_week = 0.0;\n"
            "    target = \"role\"; target_name = \"sales_partner\"; },\n"
            "  { name = \"overcut\"; kind = \"capacity_loss\"; at_tick = 50; magnitude = 1.5;\n"
            "    target = \"market\"; target_name = \"CN\"; },\n"
            "  { name = \"fine\"; kind = \"demand_shock\"; at_tick = 60; magnitude = 0.6;\n"
            "    duration_weeks = 20; target = \"market\"; target_name = \"FI\"; }\n"
            ");\n",
            src);
    fclose(f);
    result r = run_sgf(tmp, "check", cfg);
    CHECK_EQ_INT(r.code, 0);
    CHECK_CONTAINS(r.out, "ok");
    CHECK_CONTAINS(r.err, "event 'late': warning: at_tick 600");
    CHECK_CONTAINS(r.err, "event 'negative': warning: magnitude -0.5");
    CHECK_CONTAINS(r.err, "event 'zero chance': warning: a random event");
    CHECK_CONTAINS(r.err, "event 'overcut': warning: magnitude 1.5");
    CHECK_MSG(strstr(r.err, "'fine'") == NULL, "a sound event drew a warning: %s", r.err);
    CHECK_EQ_INT(count_lines(r.err), 4);
    result_free(&r);

    r = run_sgf(tmp, "check", "--set", "firm.fixed_cost_eur_per_employee_week=100000");
    CHECK_EQ_INT(r.code, 0);
    CHECK_CONTAINS(r.err, "cannot cover its fixed costs");
    result_free(&r);
    r = run_sgf(tmp, "check", "--set", "firm.price_eur=100");
    CHECK_EQ_INT(r.code, 0);
    CHECK_CONTAINS(r.err, "every unit sold loses money");
    result_free(&r);

    /* the library: no warning anywhere */
    char dir[1200];
    snprintf(dir, sizeof dir, "%s/scenarios", src);
    DIR *d = opendir(dir);
    CHECK(d != NULL);
    int checked = 0;
    for (struct dirent *e; d && (e = readdir(d)) != NULL;) {
        size_t n = strlen(e->d_name);
        if (n < 5 || strcmp(e->d_name + n - 4, ".cfg") != 0) continue;
        char path[2400];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        r = run_sgf(tmp, "check", path);
        CHECK_MSG(r.code == 0 && r.err[0] == '\0', "%s: exit %d: %s", e->d_name, r.code, r.err);
        result_free(&r);
        checked++;
    }
    if (d) closedir(d);
    CHECK(checked >= 10);
    unlink(cfg);
    CHECK_EQ_INT(count_entries(tmp), 0);
    remove_tree(tmp);
    free(tmp);
}

/* Field col of the which-th row (0: the first) of `sgf compare --csv` text
 * with this metric and a scenario ending in scenario_suffix, or "". */
static void csv_field_n(const char *text, const char *metric, const char *scenario_suffix,
                        int which, int col, char *out, size_t size)
{
    char buf[1024], *fields[16];
    int nf = compare_csv_row(text, metric, scenario_suffix, which, fields, 16, buf, sizeof buf);
    snprintf(out, size, "%s", nf > col ? fields[col] : "");
}

static void csv_field(const char *text, const char *metric, const char *scen, int col, char *out,
                      size_t size)
{
    csv_field_n(text, metric, scen, 0, col, out, size);
}

static double csv_number_n(const char *text, const char *metric, const char *scen, int which,
                           int col)
{
    char f[64];
    csv_field_n(text, metric, scen, which, col, f, sizeof f);
    return f[0] ? strtod(f, NULL) : NAN;
}

static double csv_number(const char *text, const char *metric, const char *scen, int col)
{
    return csv_number_n(text, metric, scen, 0, col);
}

/* `sgf compare`: Wilson intervals inside [0, 1] for the 0/1 metric,
 * failed_tick over the failed runs only (their count in n, every value a
 * real week), paired differences inside [-1, 1], over three master seeds
 * and several fixed-cost levels (from sure survival to sure failure). */
TEST(compare_intervals_stay_in_range_and_markers_stay_out)
{
    char *tmp = make_temp_dir();
    static const char *const seeds[] = {"1", "2", "3"};
    static const char *const costs[] = {"1000", "1500", "1800", "2000", "2500", "4000"};
    int mixed = 0, rows = 0;
    for (int si = 0; si < 3; si++)
        for (int ci = 0; ci < 6; ci++) {
            char set[96];
            snprintf(set, sizeof set, "firm.fixed_cost_eur_per_employee_week=%s", costs[ci]);
            result r = run_sgf(tmp, "compare", "default", "default", "--reps", "10", "--ticks",
                               "156", "--seed", seeds[si], "--set", set, "--metrics",
                               "failed,failed_tick,revenue_total_eur", "--csv", "c.csv");
            CHECK_MSG(r.code == 0, "exit %d: %s", r.code, r.err);
            char *csv = read_in(tmp, "c.csv", NULL);
            CHECK(csv != NULL);
            if (!csv) {
                result_free(&r);
                continue;
            }
            double share = csv_number(csv, "failed", "default", 3);
            double lo = csv_number(csv, "failed", "default", 4);
            double hi = csv_number(csv, "failed", "default", 5);
            CHECK_MSG(lo >= 0 && lo <= share && share <= hi && hi <= 1,
                      "failed %g [%g, %g] at seed %s, cost %s", share, lo, hi, seeds[si],
                      costs[ci]);
            char nf[32];
            csv_field(csv, "failed_tick", "default", 2, nf, sizeof nf);
            int n = atoi(nf);
            CHECK_MSG(n == (int)lround(share * 10), "failed_tick over %d runs, %g of 10 failed", n,
                      share * 10);
            double tick = csv_number(csv, "failed_tick", "default", 3);
            if (n > 0)
                CHECK_MSG(tick >= 1 && tick <= 156, "failed_tick mean %g is not a week", tick);
            else
                CHECK_MSG(isnan(tick), "failed_tick mean %g without a failed run", tick);
            if (share > 0 && share < 1) mixed++;
            /* the second scenario's difference: identical runs, zero, in range */
            double dlo = csv_number_n(csv, "failed", "default", 1, 7);
            double dhi = csv_number_n(csv, "failed", "default", 1, 8);
            CHECK_MSG(dlo >= -1 && dlo <= 0 && dhi >= 0 && dhi <= 1, "difference [%g, %g]", dlo,
                      dhi);
            CHECK_MSG(strstr(r.out, "e+") == NULL, "an exponent in the table: %s", r.out);
            CHECK_CONTAINS(r.out, "EUR million");
            CHECK_CONTAINS(r.out, "% of runs");
            /* nothing differs, so no star and no footnote about stars */
            CHECK_MSG(strstr(r.out, "excludes zero") == NULL, "a footnote without a star: %s",
                      r.out);
            rows++;
            free(csv);
            result_free(&r);
            unlink("c.csv");
            char p[1200];
            snprintf(p, sizeof p, "%s/c.csv", tmp);
            unlink(p);
        }
    CHECK_EQ_INT(rows, 18);
    /* the conditional statistic must have been exercised */
    CHECK_MSG(mixed >= 2, "only %d settings with some but not all runs failed", mixed);

    /* a real difference: a star and its footnote */
    const char *src = getenv("SGF_SOURCE_DIR");
    if (src && *src) {
        char b[1200];
        snprintf(b, sizeof b, "%s/scenarios/delta_neglect.cfg", src);
        result r = run_sgf(tmp, "compare", "default", b, "--reps", "4", "--ticks", "156",
                           "--metrics", "partners_final");
        CHECK_EQ_INT(r.code, 0);
        CHECK_CONTAINS(r.out, " *\n");
        CHECK_CONTAINS(r.out, "* the 95 % interval of the paired difference excludes zero");
        result_free(&r);
    }
    result r = run_sgf(tmp, "compare", "default", "default", "--metrics", "revenue");
    CHECK_EQ_INT(r.code, 2);
    CHECK_CONTAINS(r.err, "revenue_total_eur");
    result_free(&r);
    CHECK_EQ_INT(count_entries(tmp), 0);
    remove_tree(tmp);
    free(tmp);
}

/* Ctrl-C: the runs in flight finish, a message like a sweep's, exit 1, no
 * table and no CSV. */
TEST(compare_interrupt_is_clean)
{
    char *tmp = make_temp_dir();
    pid_t pid = start_sgf(tmp, NULL,
                          (const char *const[]){"compare", "default", "default", "--reps", "100000",
                                                "-j", "1", "--csv", "c.csv", NULL});
    CHECK(pid > 0);
    nanosleep(&(struct timespec){0, 800000000L}, NULL);
    kill(pid, SIGINT);
    result r = finish_sgf(tmp, pid);
    CHECK_MSG(r.signal == 0, "killed by the signal instead of ending cleanly");
    CHECK_EQ_INT(r.code, 1);
    CHECK(strstr(r.err, "sgf compare: interrupted after ") && strstr(r.err, " of 200000 runs"));
    CHECK(r.out[0] == '\0');
    result_free(&r);
    CHECK_EQ_INT(count_entries(tmp), 0);
    remove_tree(tmp);
    free(tmp);
}

int main(int argc, char **argv)
{
    return RUN_TESTS(argc, argv, default_run_writes_every_file,
                     same_seed_gives_identical_files_other_seed_differs, ticks_and_set_take_effect,
                     bad_scenario_exits_2_and_writes_nothing, usage_errors_exit_2,
                     non_empty_output_directory_needs_force, check_validates_without_writing,
                     version_and_help, check_warns_about_events_magnitudes_and_costs,
                     compare_intervals_stay_in_range_and_markers_stay_out,
                     compare_interrupt_is_clean);
}
