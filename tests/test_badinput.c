/* test_badinput.c: `sgf` against bad input, each case as docs/robustness.md
 * lists it (issue 8).
 *
 * Every case runs the built command ($SGF_BIN) in a fresh temporary
 * directory and checks four things: the exit status (2 for bad input, 1 for
 * an I/O failure), that it exited rather than crashed, a message that names
 * the file, line and setting where there is one, and that nothing was
 * written: the directory holds only the inputs afterwards (or, for output
 * failures, no file claims a finished run). Under the sanitizer build the
 * same cases run with ASan and UBSan, which turn any memory error into a
 * failed exit status.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/stat.h>

#include "harness.h"

#define PROC_TAG "badinput"
#include "proc.h"

/* ---- helpers ------------------------------------------------------------------------- */

/* A file of a run, or a temporary of one, anywhere under dir. */
static bool has_run_files(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return false;
    bool found = false;
    struct dirent *e;
    while (!found && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        if (strstr(e->d_name, ".csv") || strstr(e->d_name, ".json") || strstr(e->d_name, ".gexf") ||
            strstr(e->d_name, ".tmp"))
            found = true;
        char sub[2048];
        struct stat st;
        snprintf(sub, sizeof sub, "%s/%s", dir, e->d_name);
        if (!found && lstat(sub, &st) == 0 && S_ISDIR(st.st_mode)) found = has_run_files(sub);
    }
    closedir(d);
    return found;
}

/* One bad scenario file: `sgf run NAME --out out` exits `code`, says each
 * of the NULL-terminated `needles` on stderr, and writes nothing (dir holds
 * `inputs` entries as before). `sgf check NAME` must agree. */
static void expect_rejected(sgf_test_ctx *sgf_ctx_, const char *dir, const char *name, int inputs,
                            int code, const char *const *needles)
{
    result r = run_sgf(dir, "run", name, "--out", "out");
    CHECK_MSG(r.signal == 0, "%s: killed by signal %d", name, r.signal);
    CHECK_MSG(r.code == code, "%s: exit %d, want %d; stderr: %s", name, r.code, code, r.err);
    for (const char *const *n = needles; *n; n++)
        CHECK_MSG(strstr(r.err, *n) != NULL, "%s: stderr lacks \"%s\": %s", name, *n, r.err);
    CHECK_MSG(count_entries(dir) == inputs, "%s: %d entries in the directory, want %d", name,
              count_entries(dir), inputs);
    CHECK_MSG(!exists_in(dir, "out"), "%s: the output directory was created", name);
    result_free(&r);
    r = run_sgf(dir, "check", name);
    CHECK_MSG(r.signal == 0 && r.code == code, "check %s: exit %d (signal %d); stderr: %s", name,
              r.code, r.signal, r.err);
    result_free(&r);
}

#define REJECTED(dir, name, inputs, code, ...)                                                     \
    expect_rejected(sgf_ctx_, (dir), (name), (inputs), (code),                                     \
                    (const char *const[]){__VA_ARGS__, NULL})

/* A small valid scenario the cases below break in one place each. */
static const char base_cfg[] =
    "name = \"small\";\n"
    "ticks = 8;\n"
    "markets = (\n"
    "  { iso = \"FI\"; name = \"Finland\"; lat = 60.17; lon = 24.94; home = true;\n"
    "    demand_units_per_week = 10.0; },\n"
    "  { iso = \"DE\"; name = \"Germany\"; lat = 52.52; lon = 13.40;\n"
    "    demand_units_per_week = 20.0; served_at_start = true; }\n"
    ");\n"
    "firm = { home_iso = \"FI\"; };\n"
    "partners = ( { name = \"EMS\"; role = \"hardware_manufacturer\"; market_iso = \"FI\"; } );\n"
    "populations = ( { name = \"resellers\"; count = 6; markets = [\"DE\"]; } );\n";

/* ---- malformed files ------------------------------------------------------------------- */

TEST(syntax_errors_name_the_line)
{
    char *tmp = make_temp_dir();
    write_in(tmp, "unclosed.cfg", "name = \"x\";\nfirm = {\n  employees = 10;\n");
    REJECTED(tmp, "unclosed.cfg", 1, 2, "unclosed.cfg:4:", "syntax error");
    write_in(tmp, "stray.cfg", "name = \"x\";\n\nticks = = 5;\n");
    REJECTED(tmp, "stray.cfg", 2, 2, "stray.cfg:3:", "syntax error");
    /* a string where a syntax error meets it (libconfig 1.5 leaks it; the
     * sanitizer build must still exit 2) */
    write_in(tmp, "string.cfg", "name \"x\";\n");
    REJECTED(tmp, "string.cfg", 3, 2, "string.cfg:1:");
    /* NaN is not a libconfig number */
    write_in(tmp, "nan.cfg", "firm = { capabilities = { flexibility = nan; }; };\n");
    REJECTED(tmp, "nan.cfg", 4, 2, "nan.cfg:1:", "syntax error");
    /* a UTF-8 byte-order mark, as some editors write */
    write_in(tmp, "bom.cfg", "\xEF\xBB\xBFname = \"x\";\n");
    REJECTED(tmp, "bom.cfg", 5, 2, "bom.cfg:1:", "byte-order mark");
    remove_temp_dir(tmp);
}

TEST(binary_garbage_and_empty_files)
{
    char *tmp = make_temp_dir();
    /* 4 KiB from a fixed generator, NUL bytes included */
    char garbage[4096];
    uint64_t x = 0x9e3779b97f4a7c15ull;
    for (size_t i = 0; i < sizeof garbage; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        garbage[i] = (char)(x >> 56);
    }
    write_bytes_in(tmp, "garbage.cfg", garbage, sizeof garbage);
    REJECTED(tmp, "garbage.cfg", 1, 2, "garbage.cfg:1:", "syntax error");
    /* a NUL in the middle of a valid file */
    char withnul[sizeof base_cfg + 8];
    size_t half = strlen(base_cfg) / 2;
    memcpy(withnul, base_cfg, half);
    withnul[half] = '\0';
    memcpy(withnul + half + 1, base_cfg + half, strlen(base_cfg) - half);
    write_bytes_in(tmp, "nul.cfg", withnul, strlen(base_cfg) + 1);
    REJECTED(tmp, "nul.cfg", 2, 2, "nul.cfg:", "syntax error");
    /* empty: loads (every setting has a default) but has no markets */
    write_bytes_in(tmp, "empty.cfg", "", 0);
    REJECTED(tmp, "empty.cfg", 3, 2, "empty.cfg", "markets");
    /* a directory where the scenario should be */
    mkdir(tmp, 0700);
    char sub[1100];
    snprintf(sub, sizeof sub, "%s/dir.cfg", tmp);
    mkdir(sub, 0700);
    REJECTED(tmp, "dir.cfg", 4, 2, "dir.cfg", "directory");
    /* a missing file */
    REJECTED(tmp, "missing.cfg", 4, 2, "missing.cfg", "No such file");
    remove_temp_dir(tmp);
}

/* ---- numbers ------------------------------------------------------------------------------ */

TEST(huge_numbers_nan_and_inf)
{
    char *tmp = make_temp_dir();
    static const struct {
        const char *set, *needle;
    } cases[] = {
        /* beyond the setting's range */
        {"ticks=1e308", "ticks"},
        {"ticks=99999999999999999999999", "ticks"},
        {"firm.capabilities.flexibility=1e999", "out of range"},
        {"firm.capabilities.flexibility=-1e999", "out of range"},
        /* in range but beyond 10^12: would turn the run into inf and NaN */
        {"firm.price_eur=1e308", "10^12"},
        {"markets.DE.demand_units_per_week=1e300", "10^12"},
        {"firm.cash_eur=-1e300", "10^12"},
        {"populations.resellers.outside_option=\"lognormal(700,1)\"", "10^12"},
        {"populations.resellers.outside_option=\"normal(1e11,2e11)\"", "10^12"},
        /* NaN and inf do not get in as numbers or as distributions */
        {"firm.capabilities.flexibility=nan", "expected a number"},
        {"populations.resellers.trust=\"beta(nan,2)\"", "distribution"},
        {"populations.resellers.trust=\"uniform(inf,1)\"", "distribution"},
        /* whole numbers past 2^63-1 are read by libconfig as negative */
        {"seed=18446744073709551616", "seed"},
        {"params.innovation_rate=1e12", "innovation_rate"},
    };
    write_in(tmp, "small.cfg", base_cfg);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        result r = run_sgf(tmp, "run", "small.cfg", "--set", cases[i].set, "--out", "out");
        CHECK_MSG(r.signal == 0 && r.code == 2, "--set %s: exit %d (signal %d): %s", cases[i].set,
                  r.code, r.signal, r.err);
        CHECK_MSG(strstr(r.err, cases[i].needle) != NULL, "--set %s: stderr lacks \"%s\": %s",
                  cases[i].set, cases[i].needle, r.err);
        CHECK_MSG(count_entries(tmp) == 1, "--set %s: something was written", cases[i].set);
        result_free(&r);
    }
    /* the same in a file: the message names its line and setting */
    write_in(
        tmp, "price.cfg",
        "extends = \"small.cfg\";\n# a price no SME charges\nfirm = { price_eur = 1e308; };\n");
    REJECTED(tmp, "price.cfg", 2, 2, "price.cfg:3:", "firm.price_eur", "10^12");
    /* the largest accepted values run to the end with every invariant kept */
    result r =
        run_sgf(tmp, "run", "small.cfg", "--check", "--out", "big", "--set", "firm.price_eur=1e12",
                "--set", "markets.DE.demand_units_per_week=1e12", "--set", "firm.cash_eur=-1e12",
                "--set", "partners.EMS.capacity_units_per_week=1e12", "--set",
                "populations.resellers.outside_option=1e12");
    CHECK_MSG(r.code == 0, "largest values: exit %d: %s", r.code, r.err);
    result_free(&r);
    remove_temp_dir(tmp);
}

/* libconfig 1.5 wraps whole numbers to 32 bits: 3000000000 read as
 * -1294967296 and 4294967297 as 1, silently. Every number from a file, an
 * @include, --set, a sweep file and a sweep's generated levels is read as
 * written, or rejected with file, line and setting. */
TEST(whole_numbers_beyond_32_bits_read_exactly)
{
    char *tmp = make_temp_dir();
    write_in(tmp, "small.cfg", base_cfg);
    /* --set: a float setting takes the whole number */
    result r = run_sgf(tmp, "run", "small.cfg", "--set", "firm.cash_eur=3000000000", "--ticks", "2",
                       "--out", "a");
    CHECK_MSG(r.code == 0, "--set cash: exit %d: %s", r.code, r.err);
    result_free(&r);
    char *m = read_in(tmp, "a/manifest.json", NULL);
    CHECK(m && strstr(m, "\"cash_eur\": 3000000000"));
    free(m);
    /* a file and an included file, two numbers on one line */
    write_in(tmp, "inc.cfg", "firm = { cash_eur = 4294967297; employees = 12; };\n");
    write_in(tmp, "cash.cfg", "extends = \"small.cfg\";\n@include \"inc.cfg\"\n");
    r = run_sgf(tmp, "run", "cash.cfg", "--ticks", "2", "--out", "b");
    CHECK_MSG(r.code == 0, "cash.cfg: exit %d: %s", r.code, r.err);
    result_free(&r);
    m = read_in(tmp, "b/manifest.json", NULL);
    CHECK(m && strstr(m, "\"cash_eur\": 4294967297"));
    free(m);
    write_in(
        tmp, "cash2.cfg",
        "extends = \"small.cfg\";\n# 3e9\nfirm = { employees = 7; cash_eur = -3000000000; };\n");
    r = run_sgf(tmp, "run", "cash2.cfg", "--ticks", "1", "--out", "c");
    CHECK_MSG(r.code == 0, "cash2.cfg: exit %d: %s", r.code, r.err);
    result_free(&r);
    m = read_in(tmp, "c/manifest.json", NULL);
    CHECK(m && strstr(m, "\"cash_eur\": -3000000000"));
    free(m);
    /* whole-number settings: the exact value is out of range, not wrapped
     * into it (4294967297 used to read as 1, a valid tick count) */
    write_in(tmp, "ticks.cfg", "extends = \"small.cfg\";\nticks = 4294967297;\n");
    REJECTED(tmp, "ticks.cfg", 8, 2, "ticks.cfg:2:", "setting 'ticks'", "4294967297",
             "out of range");
    r = run_sgf(tmp, "check", "small.cfg", "--set", "ticks=4294967297");
    CHECK_MSG(r.code == 2 && strstr(r.err, "4294967297"), "--set ticks: exit %d: %s", r.code,
              r.err);
    result_free(&r);
    /* a sweep file: points beyond 32 bits is rejected as written */
    write_in(tmp, "pts.cfg",
             "name = \"p\";\nbase = \"small.cfg\";\ndesign = \"latin_hypercube\";\n"
             "points = 4294967297;\n"
             "vary = ( { path = \"firm.cash_eur\"; from = 1.0; to = 2.0; } );\n");
    r = run_sgf(tmp, "sweep", "pts.cfg", "--dry-run");
    CHECK_MSG(r.code == 2 && strstr(r.err, "pts.cfg:4:") && strstr(r.err, "4294967297"),
              "points: exit %d: %s", r.code, r.err);
    result_free(&r);
    /* a sweep's levels are written as whole numbers into the run's layer:
     * the runs get the cash runs.csv records */
    write_in(tmp, "lv.cfg",
             "name = \"lv\";\nbase = \"small.cfg\";\nset = [\"ticks=2\"];\n"
             "vary = ( { path = \"firm.cash_eur\"; values = [3000000000.0, 5000000000.0]; } );\n");
    r = run_sgf(tmp, "sweep", "lv.cfg", "--out", "sw", "-j", "1");
    CHECK_MSG(r.code == 0, "sweep: exit %d: %s", r.code, r.err);
    result_free(&r);
    char *runs = read_in(tmp, "sw/runs.csv", NULL);
    CHECK(runs != NULL);
    if (runs) {
        /* final_cash_eur starts with the level's digits, never a minus */
        CHECK_MSG(strstr(runs, ",3000000000,ok,") && strstr(runs, ",5000000000,ok,"), "%s", runs);
        int lines = 0;
        for (char *line = strchr(runs, '\n'); line && line[1]; line = strchr(line + 1, '\n'))
            lines++;
        CHECK_EQ_INT(lines, 2);
        /* final_cash_eur of each run: the level plus a few weeks' profit */
        int col = -1, k = 0;
        for (const char *c = runs; *c && *c != '\n'; k++) {
            if (strncmp(c, "final_cash_eur,", 15) == 0) col = k;
            c = strchr(c, ',');
            if (!c) break;
            c++;
        }
        CHECK(col > 0);
        const char *line = strchr(runs, '\n');
        for (int row = 0; line && line[1] && col > 0; row++) {
            const char *c = line + 1;
            for (int j = 0; j < col && c; j++) {
                c = strchr(c, ',');
                if (c) c++;
            }
            double cash = c ? strtod(c, NULL) : 0.0;
            double level = row == 0 ? 3e9 : 5e9;
            CHECK_MSG(fabs(cash - level) < 1e7, "run %d: final cash %g, level %g", row, cash,
                      level);
            line = strchr(line + 1, '\n');
        }
    }
    free(runs);
    remove_temp_dir(tmp);
}

TEST(negative_counts)
{
    char *tmp = make_temp_dir();
    write_in(tmp, "small.cfg", base_cfg);
    static const char *const sets[] = {
        "populations.resellers.count=-5", "ticks=-1",          "ticks=0", "epg.members=-3",
        "partners.EMS.replaceability=-1", "firm.employees=-80"};
    for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++) {
        result r = run_sgf(tmp, "run", "small.cfg", "--set", sets[i], "--out", "out");
        CHECK_MSG(r.signal == 0 && r.code == 2, "--set %s: exit %d: %s", sets[i], r.code, r.err);
        CHECK_MSG(strstr(r.err, "out of range") != NULL, "--set %s: %s", sets[i], r.err);
        CHECK_EQ_INT(count_entries(tmp), 1);
        result_free(&r);
    }
    write_in(
        tmp, "neg.cfg",
        "extends = \"small.cfg\";\npopulations = ( { name = \"resellers\"; count = -5; } );\n");
    REJECTED(tmp, "neg.cfg", 2, 2, "neg.cfg:2:", "populations.resellers.count", "out of range");
    result r = run_sgf(tmp, "run", "small.cfg", "--ticks", "-5");
    CHECK_EQ_INT(r.code, 2);
    result_free(&r);
    remove_temp_dir(tmp);
}

/* ---- size ---------------------------------------------------------------------------------- */

TEST(fifty_thousand_partners)
{
    char *tmp = make_temp_dir();
    write_in(tmp, "small.cfg", base_cfg);
    result r = run_sgf(tmp, "run", "small.cfg", "--ticks", "4", "--out", "big", "--set",
                       "populations.resellers.count=50000", "--check");
    CHECK_MSG(r.code == 0, "exit %d: %s", r.code, r.err);
    CHECK(exists_in(tmp, "big/manifest.json"));
    result_free(&r);
    remove_temp_dir(tmp);
}

TEST(very_long_lines_and_strings)
{
    char *tmp = make_temp_dir();
    size_t n = 1 << 20;
    char *text = malloc(n + sizeof base_cfg + 256);
    /* a 1 MiB comment line, then a valid file */
    memset(text, '#', n);
    text[n] = '\n';
    strcpy(text + n + 1, base_cfg);
    write_bytes_in(tmp, "comment.cfg", text, strlen(text));
    result r = run_sgf(tmp, "check", "comment.cfg");
    CHECK_MSG(r.code == 0, "exit %d: %s", r.code, r.err);
    result_free(&r);
    /* a 1 MiB name: too long, said in a message of bounded size */
    strcpy(text, "name = \"");
    memset(text + 8, 'x', n);
    strcpy(text + 8 + n, "\";\n");
    write_bytes_in(tmp, "name.cfg", text, strlen(text));
    REJECTED(tmp, "name.cfg", 2, 2, "name.cfg:1:", "setting 'name'", "too long");
    r = run_sgf(tmp, "check", "name.cfg");
    CHECK_LT(strlen(r.err), 1024);
    result_free(&r);
    /* a 100 KB setting name */
    memset(text, 'k', 100000);
    strcpy(text + 100000, " = 1;\n");
    write_bytes_in(tmp, "key.cfg", text, strlen(text));
    REJECTED(tmp, "key.cfg", 3, 2, "key.cfg:1:", "unknown setting");
    /* --set with a 100 KB value and with a 10,000-part path */
    write_in(tmp, "small.cfg", base_cfg);
    memcpy(text, "name=", 5);
    memset(text + 5, 'v', 100000);
    text[100005] = '\0';
    r = run_sgf(tmp, "run", "small.cfg", "--set", text, "--out", "out");
    CHECK_MSG(r.code == 2 && strstr(r.err, "too long"), "exit %d: %.200s", r.code, r.err);
    result_free(&r);
    for (int i = 0; i < 10000; i++) memcpy(text + 2 * i, "a.", 2);
    strcpy(text + 20000, "b=1");
    r = run_sgf(tmp, "run", "small.cfg", "--set", text, "--out", "out");
    CHECK_MSG(r.code == 2, "exit %d: %.200s", r.code, r.err);
    result_free(&r);
    CHECK_EQ_INT(count_entries(tmp), 4);
    free(text);
    remove_temp_dir(tmp);
}

/* ---- includes and extends ------------------------------------------------------------------ */

TEST(deep_includes_and_include_loops)
{
    char *tmp = make_temp_dir();
    /* a chain of 12 includes: libconfig allows 10 levels */
    for (int i = 0; i < 12; i++) {
        char name[32], text[64];
        snprintf(name, sizeof name, "deep%d.cfg", i);
        snprintf(text, sizeof text, "@include \"deep%d.cfg\"\n", i + 1);
        write_in(tmp, name, text);
    }
    write_in(tmp, "deep12.cfg", "name = \"deep\";\n");
    REJECTED(tmp, "deep0.cfg", 13, 2, "include file nesting too deep");
    /* a file that includes itself, and two that include each other */
    write_in(tmp, "self.cfg", "# includes itself\n@include \"self.cfg\"\n");
    REJECTED(tmp, "self.cfg", 14, 2, "self.cfg:2:", "include file nesting too deep");
    write_in(tmp, "a.cfg", "@include \"b.cfg\"\n");
    write_in(tmp, "b.cfg", "# b\n@include \"a.cfg\"\n");
    REJECTED(tmp, "a.cfg", 16, 2, "include file nesting too deep");
    /* an include that is not there */
    write_in(tmp, "gone.cfg", "name = \"x\";\n@include \"nowhere.cfg\"\n");
    REJECTED(tmp, "gone.cfg", 17, 2, "gone.cfg:2:", "nowhere.cfg");
    /* a directory, or an empty name (the scenario's own directory): libconfig
     * 1.5 would end the process from inside its scanner */
    write_in(tmp, "empty_name.cfg", "name = \"x\";\n@include \"\"\n");
    REJECTED(tmp, "empty_name.cfg", 18, 2, "empty_name.cfg:2:", "directory");
    write_in(tmp, "dot.cfg", "  @include \".\"\n");
    REJECTED(tmp, "dot.cfg", 19, 2, "dot.cfg:1:", "directory");
    write_in(tmp, "nested.cfg", "@include \"dot.cfg\"\n");
    REJECTED(tmp, "nested.cfg", 20, 2, "dot.cfg:1:", "directory");
    /* the same through --set */
    write_in(tmp, "ok.cfg", base_cfg);
    result r = run_sgf(tmp, "run", "ok.cfg", "--set",
                       "populations=({name=\"x\";count=1;}\n@include \".\"\n)", "--out", "out");
    CHECK_MSG(r.code == 2 && strstr(r.err, "directory"), "exit %d: %s", r.code, r.err);
    result_free(&r);
    CHECK_EQ_INT(count_entries(tmp), 21);
    remove_temp_dir(tmp);
}

TEST(extends_loops_and_depth)
{
    char *tmp = make_temp_dir();
    write_in(tmp, "a.cfg", "extends = \"b.cfg\";\nname = \"a\";\n");
    write_in(tmp, "b.cfg", "extends = \"a.cfg\";\nname = \"b\";\n");
    REJECTED(tmp, "a.cfg", 2, 2, "extends loop", "a.cfg -> b.cfg -> a.cfg");
    write_in(tmp, "self.cfg", "extends = \"self.cfg\";\n");
    REJECTED(tmp, "self.cfg", 3, 2, "self.cfg:1:", "extends loop");
    /* a chain of 20: at most 16 */
    for (int i = 0; i < 20; i++) {
        char name[32], text[64];
        snprintf(name, sizeof name, "e%d.cfg", i);
        snprintf(text, sizeof text, "extends = \"e%d.cfg\";\n", i + 1);
        write_in(tmp, name, text);
    }
    write_in(tmp, "e20.cfg", base_cfg);
    REJECTED(tmp, "e0.cfg", 24, 2, "extends chain deeper than 16");
    /* a base that is missing, a directory, or not a string */
    write_in(tmp, "nobase.cfg", "name = \"x\";\nextends = \"nowhere.cfg\";\n");
    REJECTED(tmp, "nobase.cfg", 25, 2, "nobase.cfg:2:", "setting 'extends'", "nowhere.cfg");
    write_in(tmp, "dirbase.cfg", "extends = \"\";\n");
    REJECTED(tmp, "dirbase.cfg", 26, 2, "dirbase.cfg:1:", "setting 'extends'", "directory");
    write_in(tmp, "numbase.cfg", "extends = 5;\n");
    REJECTED(tmp, "numbase.cfg", 27, 2, "numbase.cfg:1:", "setting 'extends'", "wrong type");
    remove_temp_dir(tmp);
}

/* ---- output -----------------------------------------------------------------------------------
 */

TEST(existing_output_directory_needs_force)
{
    char *tmp = make_temp_dir();
    write_in(tmp, "small.cfg", base_cfg);
    char out[1100];
    snprintf(out, sizeof out, "%s/out", tmp);
    mkdir(out, 0700);
    write_in(out, "notes.txt", "mine\n");
    result r = run_sgf(tmp, "run", "small.cfg", "--out", "out");
    CHECK_EQ_INT(r.code, 2);
    CHECK_CONTAINS(r.err, "--force");
    CHECK_EQ_INT(count_entries(out), 1); /* only notes.txt */
    result_free(&r);
    /* with --force it runs and leaves the other file alone */
    r = run_sgf(tmp, "run", "small.cfg", "--out", "out", "--force");
    CHECK_MSG(r.code == 0, "exit %d: %s", r.code, r.err);
    CHECK(exists_in(out, "manifest.json"));
    char *notes = read_path(strcat(out, "/notes.txt"), NULL);
    CHECK_STR(notes, "mine\n");
    free(notes);
    result_free(&r);
    remove_temp_dir(tmp);
}

TEST(unwritable_output_directory)
{
    char *tmp = make_temp_dir();
    write_in(tmp, "small.cfg", base_cfg);
    /* a file where a directory of the path should be: fails even for root */
    write_in(tmp, "file", "x\n");
    result r = run_sgf(tmp, "run", "small.cfg", "--out", "file/out");
    CHECK_MSG(r.code == 1, "exit %d: %s", r.code, r.err);
    CHECK_CONTAINS(r.err, "file/out");
    CHECK_CONTAINS(r.err, "not a directory");
    CHECK_EQ_INT(count_entries(tmp), 2);
    result_free(&r);
    /* a directory without write permission (root writes anyway: skipped) */
    if (geteuid() != 0) {
        char ro[1100];
        snprintf(ro, sizeof ro, "%s/ro", tmp);
        mkdir(ro, 0500);
        r = run_sgf(tmp, "run", "small.cfg", "--out", "ro/out");
        CHECK_MSG(r.code == 1, "exit %d: %s", r.code, r.err);
        CHECK_CONTAINS(r.err, "ro/out");
        CHECK_EQ_INT(count_entries(ro), 0);
        result_free(&r);
        r = run_sgf(tmp, "run", "small.cfg", "--out", "ro", "--force");
        CHECK_MSG(r.code == 1, "exit %d: %s", r.code, r.err);
        CHECK_EQ_INT(count_entries(ro), 0);
        result_free(&r);
        chmod(ro, 0700);
    }
    remove_temp_dir(tmp);
}

TEST(full_disk_leaves_nothing_that_looks_finished)
{
    char *tmp = make_temp_dir();
    write_in(tmp, "small.cfg", base_cfg);
    /* files may grow to 512 bytes, 2 KiB or 20 KB: the first rows or
     * snapshots fit, the run does not (stderr stays under the limit too) */
    static const long limits[] = {512, 2048, 20000};
    for (size_t i = 0; i < sizeof limits / sizeof limits[0]; i++) {
        result r = run_sgf_with(
            tmp, &(proc_opts){.file_limit = limits[i]},
            (const char *const[]){"run", "small.cfg", "--ticks", "60", "--out", "out", NULL});
        CHECK_MSG(r.signal == 0, "limit %ld: killed by signal %d", limits[i], r.signal);
        CHECK_MSG(r.code == 1, "limit %ld: exit %d: %s", limits[i], r.code, r.err);
        CHECK_MSG(r.err[0] != '\0', "limit %ld: no message", limits[i]);
        char out[1100];
        snprintf(out, sizeof out, "%s/out", tmp);
        CHECK_MSG(!has_run_files(out), "limit %ld: files left in out/", limits[i]);
        result_free(&r);
        remove_tree(out);
    }
    remove_temp_dir(tmp);
}

/* ---- more rows of docs/robustness.md ------------------------------------------------------- */

TEST(line_ends_seeds_and_absolute_includes)
{
    char *tmp = make_temp_dir();
    write_in(tmp, "small.cfg", base_cfg);
    /* CRLF line ends, as a Windows editor writes them: accepted */
    size_t n = strlen(base_cfg), len = 0;
    char *crlf = malloc(2 * n + 1);
    for (size_t i = 0; i < n; i++) {
        if (base_cfg[i] == '\n') crlf[len++] = '\r';
        crlf[len++] = base_cfg[i];
    }
    write_bytes_in(tmp, "crlf.cfg", crlf, len);
    free(crlf);
    result r = run_sgf(tmp, "check", "crlf.cfg");
    CHECK_MSG(r.code == 0, "crlf: exit %d: %s", r.code, r.err);
    result_free(&r);
    /* the largest seed, 2^64 - 1, from --set and from --seed */
    r = run_sgf(tmp, "run", "small.cfg", "--set", "seed=18446744073709551615", "--ticks", "1",
                "--out", "s1");
    CHECK_MSG(r.code == 0, "--set seed: exit %d: %s", r.code, r.err);
    result_free(&r);
    r = run_sgf(tmp, "run", "small.cfg", "--seed", "18446744073709551615", "--ticks", "1", "--out",
                "s2");
    CHECK_MSG(r.code == 0, "--seed: exit %d: %s", r.code, r.err);
    result_free(&r);
    /* ... and unquoted in a file, where libconfig 1.5 alone reads it as -1;
     * 2^64 is one too many */
    write_in(tmp, "seed.cfg", "extends = \"small.cfg\";\nseed = 18446744073709551615;\n");
    r = run_sgf(tmp, "run", "seed.cfg", "--ticks", "1", "--out", "s3");
    CHECK_MSG(r.code == 0, "seed.cfg: exit %d: %s", r.code, r.err);
    result_free(&r);
    char *manifest = read_in(tmp, "s3/manifest.json", NULL);
    CHECK(manifest && strstr(manifest, "\"seed\": 18446744073709551615"));
    free(manifest);
    write_in(tmp, "seed2.cfg", "extends = \"small.cfg\";\nseed = 18446744073709551616;\n");
    REJECTED(tmp, "seed2.cfg", 7, 2, "seed2.cfg:2:", "setting 'seed'", "64-bit");
    /* an absolute include path: libconfig puts the file's directory before it */
    write_in(tmp, "abs.cfg", "name = \"x\";\n@include \"/x.cfg\"\n");
    REJECTED(tmp, "abs.cfg", 8, 2, "abs.cfg:2:", "'/x.cfg'", "relative");
    remove_temp_dir(tmp);
}

TEST(output_under_proc_and_runaway_events)
{
    char *tmp = make_temp_dir();
    write_in(tmp, "small.cfg", base_cfg);
    /* a directory that cannot be made, even by root */
    result r = run_sgf(tmp, "run", "small.cfg", "--out", "/proc/x");
    CHECK_MSG(r.code == 1, "/proc/x: exit %d: %s", r.code, r.err);
    CHECK_CONTAINS(r.err, "cannot create output directory /proc/x");
    result_free(&r);
    /* a demand shock of x100 every week compounds past float range: the
     * writer's finiteness check fails the run, and no file is kept */
    write_in(tmp, "boom.cfg",
             "extends = \"small.cfg\";\nticks = 60;\n"
             "events = ( { name = \"boom\"; kind = \"demand_shock\"; probability_per_week = 1.0;\n"
             "  target = \"market\"; target_name = \"DE\"; magnitude = 100.0; } );\n");
    r = run_sgf(tmp, "run", "boom.cfg", "--out", "out");
    CHECK_MSG(r.code == 1, "boom: exit %d: %s", r.code, r.err);
    CHECK_CONTAINS(r.err, "is NaN");
    CHECK_CONTAINS(r.err, "out of its valid range");
    CHECK(!has_run_files(tmp));
    result_free(&r);
    remove_temp_dir(tmp);
}

TEST(out_of_memory_building_the_world)
{
#if defined(__SANITIZE_ADDRESS__)
    /* ASan reserves terabytes of address space: no limit can be set */
    printf("    skipped under AddressSanitizer\n");
#else
    char *tmp = make_temp_dir();
    write_in(tmp, "small.cfg", base_cfg);
    /* a million partners (192 MB of them) in 100 MB of address space */
    const char *const args[] = {
        "run", "small.cfg", "--set", "populations.resellers.count=1000000", "--out", "out", NULL};
    result r = finish_sgf(tmp, start_sgf(tmp, &(proc_opts){.memory_limit = 100L << 20}, args));
    CHECK_MSG(r.signal == 0 && r.code == 1, "exit %d (signal %d): %s", r.code, r.signal, r.err);
    CHECK_CONTAINS(r.err, "cannot build the world: out of memory");
    CHECK(!exists_in(tmp, "out")); /* the world is built before the output is opened */
    result_free(&r);
    remove_temp_dir(tmp);
#endif
}

/* Starts a run of 100,000 weeks and waits until its output is open. */
static pid_t start_long_run(const char *tmp)
{
    const char *const args[] = {"run",    "small.cfg", "--ticks",
                                "100000", "--set",     "populations.resellers.count=2000",
                                "--out",  "out",       NULL};
    pid_t pid = start_sgf(tmp, NULL, args);
    char out[1100];
    snprintf(out, sizeof out, "%s/out", tmp);
    for (int k = 0; k < 3000 && count_entries(out) <= 0; k++) sleep_ms(10);
    sleep_ms(50); /* a few weeks in */
    return pid;
}

TEST(interrupted_runs_keep_nothing)
{
    char *tmp = make_temp_dir();
    write_in(tmp, "small.cfg", base_cfg);
    /* SIGTERM (or Ctrl-C): the week ends, the temporaries and the directory
     * the run made are removed, exit 1 */
    pid_t pid = start_long_run(tmp);
    CHECK(exists_in(tmp, "out"));
    kill(pid, SIGTERM);
    result r = finish_sgf(tmp, pid);
    CHECK_MSG(r.signal == 0 && r.code == 1, "exit %d (signal %d): %s", r.code, r.signal, r.err);
    CHECK_CONTAINS(r.err, "interrupted");
    CHECK(!exists_in(tmp, "out"));
    result_free(&r);
    /* two signals in a row: it ends, at once or after the week, and no
     * manifest.json claims a finished run */
    pid = start_long_run(tmp);
    kill(pid, SIGINT);
    kill(pid, SIGINT);
    r = finish_sgf(tmp, pid);
    CHECK_MSG((r.signal == 0 && r.code == 1) || r.signal == SIGINT, "exit %d (signal %d): %s",
              r.code, r.signal, r.err);
    CHECK(!exists_in(tmp, "out/manifest.json"));
    result_free(&r);
    remove_temp_dir(tmp);
}

int main(int argc, char **argv)
{
    return RUN_TESTS(argc, argv, syntax_errors_name_the_line, binary_garbage_and_empty_files,
                     huge_numbers_nan_and_inf, whole_numbers_beyond_32_bits_read_exactly,
                     negative_counts, fifty_thousand_partners, very_long_lines_and_strings,
                     deep_includes_and_include_loops, extends_loops_and_depth,
                     existing_output_directory_needs_force, unwritable_output_directory,
                     full_disk_leaves_nothing_that_looks_finished,
                     line_ends_seeds_and_absolute_includes, output_under_proc_and_runaway_events,
                     out_of_memory_building_the_world, interrupted_runs_keep_nothing);
}
