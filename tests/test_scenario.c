/* test_scenario.c: the scenario loader (sim/io/scenario.c, sgf_scenario.h).
 *
 * One test per class of error, each with its fixture in tests/data/bad/ and
 * the expected line and message; then the good paths: @include, extends
 * layering with named lists merged by key, --set overrides, the built-in
 * default scenario, the JSON dump and the settings reference, which must list
 * every field of the schema and match the committed docs/scenarios.md.
 *
 * To regenerate docs/scenarios.md after changing a setting or a default:
 *   SGF_UPDATE_DOCS=1 SGF_SOURCE_DIR=$PWD build/tests/test_scenario docs_reference_current
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "harness.h"
#include "io/scenario_schema.h"
#include "sgf/sgf.h"

#define PROC_TAG "scenario"
#include "proc.h"

#define DOCS_MARKER                                                                                \
    "<!-- generated below by sgf_scenario_write_reference(markdown); do not edit -->"

/* ---- helpers ---------------------------------------------------------------- */

static const char *data_path(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/tests/data/%s", source_dir(), name);
    return buf;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* Loads tests/data/NAME onto the defaults; returns the status, fills diag. */
static sgf_status load_data(const char *name, sgf_world_def *def, sgf_diag *diag)
{
    char path[1200];
    *def = sgf_world_def_default();
    return sgf_scenario_load_file(data_path(path, sizeof path, name), def, diag);
}

/* A bad fixture must fail with this line, file and message part; the
 * formatted diagnostic is "file:line: setting 'path': message". */
#define CHECK_BAD(name, want_line, want_path, want_text)                                           \
    do {                                                                                           \
        sgf_world_def def_;                                                                        \
        sgf_diag diag_;                                                                            \
        char buf_[1200], pre_[64];                                                                 \
        sgf_status st_ = load_data(name, &def_, &diag_);                                           \
        CHECK_EQ_INT(st_, SGF_ERR_SCENARIO);                                                       \
        CHECK_EQ_INT(diag_.line, want_line);                                                       \
        CHECK_MSG(ends_with(diag_.file, name), "file '%s' is not %s", diag_.file, name);           \
        CHECK_STR(diag_.path, want_path);                                                          \
        CHECK_CONTAINS(diag_.message, want_text);                                                  \
        sgf_diag_format(&diag_, buf_, sizeof buf_);                                                \
        snprintf(pre_, sizeof pre_, ":%d: ", (int)(want_line));                                    \
        CHECK_CONTAINS(buf_, pre_);                                                                \
        if (want_path[0]) { /* the path as printed: escaped as every diagnostic is */              \
            sgf_diag only_ = {"", 0, want_path, ""};                                               \
            char shown_[400];                                                                      \
            CHECK_CONTAINS(buf_, sgf_diag_format(&only_, shown_, sizeof shown_));                  \
        }                                                                                          \
        sgf_world_def_free(&def_);                                                                 \
    } while (0)

/* Captures a writer's output in a string the caller frees with free(). */
static char *capture_reference(bool markdown)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f) return NULL;
    sgf_scenario_write_reference(f, markdown);
    fclose(f);
    return text;
}

static char *capture_json(const sgf_world_def *def)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f) return NULL;
    sgf_scenario_write_json(f, def);
    fclose(f);
    return text;
}

static const sgf_market_def *market(const sgf_world_def *d, const char *iso)
{
    int i = sgf_world_def_market_index(d, iso);
    return i >= 0 ? &d->markets[i] : NULL;
}

static const sgf_partner_def *partner(const sgf_world_def *d, const char *name)
{
    for (int i = 0; i < d->partner_count; i++)
        if (strcmp(d->partners[i].name, name) == 0) return &d->partners[i];
    return NULL;
}

static const sgf_population_def *population(const sgf_world_def *d, const char *name)
{
    for (int i = 0; i < d->population_count; i++)
        if (strcmp(d->populations[i].name, name) == 0) return &d->populations[i];
    return NULL;
}

/* ---- one test per error class -------------------------------------------------- */

TEST(syntax_error)
{
    CHECK_BAD("bad/syntax.cfg", 5, "", "syntax error");
}

TEST(unknown_key_suggests)
{
    CHECK_BAD("bad/unknown_key.cfg", 5, "firm.capabilities.flexibilty",
              "unknown setting 'flexibilty' in firm.capabilities; did you mean 'flexibility'?");
    /* no suggestion when nothing is close */
    sgf_world_def def = sgf_world_def_default();
    sgf_diag diag;
    CHECK_EQ_INT(sgf_scenario_load_string("firm = { zzzzzz = 1; };", "t", NULL, &def, &diag),
                 SGF_ERR_SCENARIO);
    CHECK_CONTAINS(diag.message, "unknown setting 'zzzzzz'");
    CHECK(strstr(diag.message, "did you mean") == NULL);
    /* a truncated name is close enough */
    CHECK_EQ_INT(sgf_scenario_load_string("markets = ( { iso = \"FI\"; name = \"F\"; lat = 1.0; "
                                          "lon = 2.0; demand = 3.0; } );",
                                          "t", NULL, &def, &diag),
                 SGF_ERR_SCENARIO);
    CHECK_CONTAINS(diag.message, "did you mean 'demand_");
    sgf_world_def_free(&def);
}

TEST(wrong_type)
{
    CHECK_BAD("bad/wrong_type.cfg", 4, "firm.employees",
              "wrong type: expected a number, got a string");
}

TEST(out_of_range)
{
    CHECK_BAD("bad/out_of_range.cfg", 5, "firm.capabilities.global_mindset",
              "value 1.5 is out of range [0, 1]");
}

TEST(missing_required)
{
    CHECK_BAD("bad/missing_required.cfg", 6, "markets.DE", "missing required setting 'lat'");
    /* a list element without its key */
    sgf_world_def def = sgf_world_def_default();
    sgf_diag diag;
    CHECK_EQ_INT(sgf_scenario_load_string("\npartners = (\n  { role = \"sales_partner\"; }\n);",
                                          "t.cfg", NULL, &def, &diag),
                 SGF_ERR_SCENARIO);
    CHECK_EQ_INT(diag.line, 3);
    CHECK_STR(diag.path, "partners.[0]");
    CHECK_CONTAINS(diag.message, "missing required setting 'name'");
    sgf_world_def_free(&def);
}

TEST(dangling_reference)
{
    CHECK_BAD("bad/dangling.cfg", 9, "partners.\"Shenzhen EMS\".market_iso",
              "no market with iso 'XX'");
    CHECK_BAD("bad/event_target.cfg", 8, "events.\"ems leaves\".target_name",
              "target partner 'Shenzen EMS' is not defined; did you mean 'Shenzhen EMS'?");
}

/* An event's values are checked like the settings they change, and an
 * event at week 0, which never fires, is refused (issue 13, 5). */
/* Text is checked at load: invalid UTF-8 and control characters are
 * refused with file and line (issue 13, 8). */
TEST(names_are_valid_utf8_without_control_characters)
{
    /* diag.path keeps the raw name; the printed message escapes it */
    CHECK_BAD("bad/name_not_utf8.cfg", 5, "partners.\"EMS \xff\".name", "not valid UTF-8");
    CHECK_BAD("bad/name_control.cfg", 5, "partners.\"EMS\x1b[31m\".name", "control character");
}

TEST(event_values_checked_like_their_settings)
{
    CHECK_BAD("bad/event_new_value.cfg", 7, "events.greedy.new_value",
              "new_value 5 is out of range [0, 1] for firm.incentives.margin_share");
    CHECK_BAD("bad/event_attention.cfg", 8, "events.\"no time\".new_value",
              "new_value -50 is out of range [0, 10000] for "
              "firm.management.attention_hours_per_week");
    CHECK_BAD("bad/event_at_tick_zero.cfg", 6, "events.\"too early\".at_tick",
              "at_tick = 0 would never fire");
}

TEST(other_decode_errors)
{
    CHECK_BAD("bad/duplicate_key.cfg", 5, "markets.[2]", "duplicate market 'DE' (also at line 4)");
    CHECK_BAD("bad/bad_enum.cfg", 3, "firm.governance",
              "unknown governance 'integrate'; did you mean 'integrated'?");
    CHECK_BAD("bad/bad_dist.cfg", 8, "populations.resellers.trust", "outside the range [0, 1]");
    sgf_world_def def = sgf_world_def_default();
    sgf_diag diag;
    /* a constant out of range and a string where a number was expected */
    CHECK_EQ_INT(sgf_scenario_load_string("populations = ( { name = \"p\"; trust = 2; } );", "t",
                                          NULL, &def, &diag),
                 SGF_ERR_SCENARIO);
    CHECK_CONTAINS(diag.message, "value 2 is out of range [0, 1]");
    CHECK_EQ_INT(
        sgf_scenario_load_string("populations = ( { name = \"p\"; trust = \"bta(1,2)\"; } );", "t",
                                 NULL, &def, &diag),
        SGF_ERR_SCENARIO);
    CHECK_CONTAINS(diag.message, "cannot read 'bta(1,2)' as a distribution");
    CHECK_EQ_INT(sgf_scenario_load_string("ticks = 0;", "t", NULL, &def, &diag), SGF_ERR_SCENARIO);
    CHECK_CONTAINS(diag.message, "out of range [1, 100000]");
    CHECK_EQ_INT(sgf_scenario_load_string("ticks = 2.5;", "t", NULL, &def, &diag),
                 SGF_ERR_SCENARIO);
    CHECK_CONTAINS(diag.message, "expected an integer");
    CHECK_EQ_INT(sgf_scenario_load_string("check = 1;", "t", NULL, &def, &diag), SGF_ERR_SCENARIO);
    CHECK_CONTAINS(diag.message, "expected a boolean (true or false), got an integer");
    CHECK_EQ_INT(
        sgf_scenario_load_string("firm = { home_iso = \"TOOLONGISO\"; };", "t", NULL, &def, &diag),
        SGF_ERR_SCENARIO);
    CHECK_CONTAINS(diag.message, "too long");
    CHECK_EQ_INT(sgf_scenario_load_string("firm = 5;", "t", NULL, &def, &diag), SGF_ERR_SCENARIO);
    CHECK_CONTAINS(diag.message, "expected a group { ... }, got an integer");
    sgf_world_def_free(&def);
}

/* ---- @include and extends ---------------------------------------------------- */

TEST(include_works)
{
    sgf_world_def def;
    sgf_diag diag;
    sgf_status st = load_data("include_main.cfg", &def, &diag);
    char buf[1200];
    CHECK_MSG(st == SGF_OK, "%s", sgf_diag_format(&diag, buf, sizeof buf));
    CHECK_EQ_INT(def.market_count, 2);
    CHECK(market(&def, "SE") != NULL);
    if (market(&def, "SE")) CHECK_NEAR(market(&def, "SE")->demand_units_per_week, 7.5, 0);
    CHECK_STR(def.firm.home_iso, "FI");
    sgf_world_def_free(&def);

    /* from a string, with the directory given for relative includes */
    char dir[1200];
    def = sgf_world_def_default();
    st = sgf_scenario_load_string("@include \"include_part.cfg\"\nticks = 7;", "inline",
                                  data_path(dir, sizeof dir, ""), &def, &diag);
    CHECK_MSG(st == SGF_OK, "%s", sgf_diag_format(&diag, buf, sizeof buf));
    CHECK_EQ_INT(def.market_count, 2);
    CHECK_EQ_INT(def.ticks, 7);
    sgf_world_def_free(&def);

    /* an error inside an included file names that file and its line */
    def = sgf_world_def_default();
    st = sgf_scenario_load_string("@include \"include_part.cfg\"\n"
                                  "partners = ( { name = \"x\"; market_iso = \"SE\"; "
                                  "trust = 3.0; } );",
                                  "inline", data_path(dir, sizeof dir, ""), &def, &diag);
    CHECK_EQ_INT(st, SGF_ERR_SCENARIO);
    CHECK_STR(diag.file, "inline");
    CHECK_EQ_INT(diag.line, 2);
    sgf_world_def_free(&def);
}

TEST(include_missing)
{
    CHECK_BAD("bad/include_missing.cfg", 3, "", "cannot open include file 'no_such_file.cfg'");
}

TEST(extends_layering)
{
    sgf_world_def def;
    sgf_diag diag;
    char buf[1200];
    sgf_status st = load_data("extends_child.cfg", &def, &diag);
    CHECK_MSG(st == SGF_OK, "%s", sgf_diag_format(&diag, buf, sizeof buf));
    /* the child overrides, the base's other settings stay */
    CHECK_STR(def.name, "child");
    CHECK_EQ_INT(def.ticks, 100);
    CHECK_NEAR(def.firm.employees, 40.0, 0);
    CHECK_NEAR(def.firm.capabilities.global_mindset, 0.9, 0);
    CHECK_NEAR(def.firm.capabilities.flexibility, 0.3, 0);
    /* markets merge by iso: DE updated in place, FR appended, FI kept */
    CHECK_EQ_INT(def.market_count, 3);
    if (def.market_count == 3) {
        CHECK_STR(def.markets[0].iso, "FI");
        CHECK_STR(def.markets[1].iso, "DE");
        CHECK_STR(def.markets[2].iso, "FR");
        CHECK_NEAR(def.markets[1].demand_units_per_week, 25.0, 0);
        CHECK_NEAR(def.markets[1].competition, 0.7, 0);
        CHECK_STR(def.markets[1].name, "Germany");
        CHECK_NEAR(def.markets[2].lat, 48.86, 0);
    }
    /* partners merge by name */
    CHECK_EQ_INT(def.partner_count, 1);
    const sgf_partner_def *p = partner(&def, "Shenzhen EMS");
    CHECK(p != NULL);
    if (p) {
        CHECK_STR(p->market_iso, "DE");
        CHECK_NEAR(p->capacity_units_per_week, 100.0, 0);
        CHECK_EQ_INT(p->role, SGF_ROLE_HARDWARE_MANUFACTURER);
    }
    sgf_world_def_free(&def);

    /* an error in the base names the base file */
    def = sgf_world_def_default();
    char dir[1200];
    st = sgf_scenario_load_string("extends = \"bad/out_of_range.cfg\";", "inline",
                                  data_path(dir, sizeof dir, ""), &def, &diag);
    CHECK_EQ_INT(st, SGF_ERR_SCENARIO);
    CHECK(ends_with(diag.file, "bad/out_of_range.cfg"));
    CHECK_EQ_INT(diag.line, 5);
    /* a missing base */
    st = sgf_scenario_load_string("\nextends = \"nope.cfg\";", "inline",
                                  data_path(dir, sizeof dir, ""), &def, &diag);
    CHECK_EQ_INT(st, SGF_ERR_SCENARIO);
    CHECK_EQ_INT(diag.line, 2);
    CHECK_STR(diag.path, "extends");
    CHECK_CONTAINS(diag.message, "cannot open base scenario");
    sgf_world_def_free(&def);
}

TEST(extends_loop)
{
    /* a -> b -> a: the error is where the loop closes, line 2 of b */
    sgf_world_def def;
    sgf_diag diag;
    CHECK_EQ_INT(load_data("bad/extends_loop_a.cfg", &def, &diag), SGF_ERR_SCENARIO);
    CHECK(ends_with(diag.file, "bad/extends_loop_b.cfg"));
    CHECK_EQ_INT(diag.line, 2);
    CHECK_STR(diag.path, "extends");
    CHECK_CONTAINS(diag.message, "extends loop: ");
    CHECK_CONTAINS(diag.message, "extends_loop_a.cfg -> ");
    CHECK_CONTAINS(diag.message, "extends_loop_b.cfg -> ");
    CHECK(ends_with(diag.message, "extends_loop_a.cfg"));
    sgf_world_def_free(&def);
}

/* A chain of 18 files, each extending the next, is too deep. */
TEST(extends_too_deep)
{
    char dir[] = "/tmp/sgf_scn_XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char path[256];
    for (int i = 0; i < 18; i++) {
        snprintf(path, sizeof path, "%s/l%d.cfg", dir, i);
        FILE *f = fopen(path, "w");
        CHECK(f != NULL);
        if (!f) return;
        if (i < 17) fprintf(f, "extends = \"l%d.cfg\";\n", i + 1);
        fprintf(f, "ticks = %d;\n", 10 + i);
        fclose(f);
    }
    sgf_world_def def = sgf_world_def_default();
    sgf_diag diag;
    snprintf(path, sizeof path, "%s/l0.cfg", dir);
    CHECK_EQ_INT(sgf_scenario_load_file(path, &def, &diag), SGF_ERR_SCENARIO);
    CHECK_CONTAINS(diag.message, "extends chain deeper than 16");
    CHECK(ends_with(diag.file, "l16.cfg"));
    /* 16 deep is fine: start one file further down */
    snprintf(path, sizeof path, "%s/l1.cfg", dir);
    CHECK_EQ_INT(sgf_scenario_load_file(path, &def, &diag), SGF_OK);
    CHECK_EQ_INT(def.ticks, 11);
    sgf_world_def_free(&def);
    for (int i = 0; i < 18; i++) {
        snprintf(path, sizeof path, "%s/l%d.cfg", dir, i);
        remove(path);
    }
    remove(dir);
}

/* ---- --set -------------------------------------------------------------------- */

static sgf_status set(sgf_world_def *def, const char *a, sgf_diag *diag)
{
    sgf_status st = sgf_scenario_apply_set(def, a, diag);
    return st;
}

TEST(set_overrides)
{
    sgf_world_def def = sgf_world_def_default();
    sgf_diag diag;
    char buf[1200];
    sgf_status st = sgf_scenario_load_default(&def, &diag);
    CHECK_MSG(st == SGF_OK, "%s", sgf_diag_format(&diag, buf, sizeof buf));
    const char *ok[] = {
        "ticks=100",
        "firm.capabilities.global_mindset=0.9",
        "markets.DE.demand_units_per_week=5",
        "firm.governance=integrated",
        "partners.\"Shenzhen EMS\".capacity_units_per_week = 123",
        "partners.[Budapest Software].trust=0.25",
        "firm.name=Acme Oy",
        "populations.\"EMEA resellers\".trust=beta(2,5)",
        "populations.\"APAC resellers\".markets=[\"JP\", \"KR\"]",
        "populations.\"Americas resellers\".markets=US, CA,BR",
        "firm.management.weights.monitoring=0.5",
        "partners.\"Shenzhen EMS\".preferences.social=0.2",
        "seed=0xFFFFFFFFFFFFFFFFL",
        "check=true",
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        st = set(&def, ok[i], &diag);
        CHECK_MSG(st == SGF_OK, "%s: %s", ok[i], sgf_diag_format(&diag, buf, sizeof buf));
    }
    CHECK_EQ_INT(def.ticks, 100);
    CHECK_NEAR(def.firm.capabilities.global_mindset, 0.9, 0);
    CHECK_NEAR(market(&def, "DE")->demand_units_per_week, 5, 0);
    CHECK_EQ_INT(def.firm.governance, SGF_GOV_INTEGRATED);
    CHECK_NEAR(partner(&def, "Shenzhen EMS")->capacity_units_per_week, 123, 0);
    CHECK_NEAR(partner(&def, "Budapest Software")->trust, 0.25, 0);
    CHECK_STR(def.firm.name, "Acme Oy");
    const sgf_population_def *pop = population(&def, "EMEA resellers");
    CHECK_EQ_INT(pop->trust.kind, SGF_DIST_BETA);
    CHECK_NEAR(pop->trust.b, 5, 0);
    pop = population(&def, "APAC resellers");
    CHECK_EQ_INT(pop->market_count, 2);
    CHECK_STR(pop->markets[1], "KR");
    pop = population(&def, "Americas resellers");
    CHECK_EQ_INT(pop->market_count, 3);
    CHECK_STR(pop->markets[1], "CA");
    CHECK_STR(pop->markets[2], "BR");
    CHECK_NEAR(def.firm.management.weight[SGF_MODE_MONITORING], 0.5, 0);
    CHECK_NEAR(partner(&def, "Shenzhen EMS")->pref[4], 0.2, 0);
    CHECK_EQ_U64(def.seed, UINT64_MAX);
    CHECK(def.check);
    /* other settings untouched */
    CHECK_NEAR(market(&def, "FR")->lat, 48.86, 0);
    CHECK_EQ_INT(def.market_count, 45);
    st = sgf_scenario_validate(&def, &diag);
    CHECK_MSG(st == SGF_OK, "%s", sgf_diag_format(&diag, buf, sizeof buf));
    sgf_world_def_free(&def);
}

TEST(set_errors)
{
    sgf_world_def def = sgf_world_def_default();
    sgf_diag diag;
    CHECK_EQ_INT(sgf_scenario_load_default(&def, &diag), SGF_OK);
    struct {
        const char *set, *path, *text;
    } cases[] = {
        {"firm.capabilities.global_mindsets=0.5", "firm.capabilities.global_mindsets",
         "unknown setting 'global_mindsets' in firm.capabilities; did you mean 'global_mindset'?"},
        {"frim.employees=3", "frim", "did you mean 'firm'?"},
        {"markets.XX.demand_units_per_week=5", "markets.XX", "no market 'XX'"},
        {"partners.\"Shenzen EMS\".trust=0.5", "partners.\"Shenzen EMS\"",
         "no partner 'Shenzen EMS'; did you mean 'Shenzhen EMS'?"},
        {"markets.DE.iso=XX", "markets.DE.iso", "cannot be changed"},
        {"firm.capabilities.flexibility=1.5", "firm.capabilities.flexibility",
         "value 1.5 is out of range [0, 1]"},
        {"firm.governance=integrate", "firm.governance", "did you mean 'integrated'?"},
        {"ticks=abc", "ticks", "expected an integer, got a string"},
        {"partners.\"Shenzhen EMS\".market_iso=ZZ", "partners.\"Shenzhen EMS\".market_iso",
         "no market with iso 'ZZ'"},
        {"extends=base.cfg", "extends", "only be given in a scenario file"},
        {"firm.name.first=x", "firm.name", "not a group"},
        {"ticks", "", "expected path=value"},
        {"ticks=", "ticks", "missing value"},
        {"firm.capabilities={ global_mindset = ; }", "firm.capabilities", "cannot read the value"},
    };
    char buf[1200];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sgf_status st = set(&def, cases[i].set, &diag);
        CHECK_MSG(st == SGF_ERR_SCENARIO, "%s: status %d", cases[i].set, (int)st);
        CHECK_STR(diag.file, "--set");
        CHECK_EQ_INT(diag.line, 0);
        CHECK_MSG(strcmp(diag.path, cases[i].path) == 0, "%s: path '%s', wanted '%s'", cases[i].set,
                  diag.path, cases[i].path);
        CHECK_MSG(strstr(diag.message, cases[i].text) != NULL, "%s: message '%s' lacks '%s'",
                  cases[i].set, diag.message, cases[i].text);
        sgf_diag_format(&diag, buf, sizeof buf);
        CHECK_MSG(strncmp(buf, "--set: ", 7) == 0, "%s", buf);
    }
    sgf_world_def_free(&def);
}

/* ---- the default scenario, numbers, JSON, validation ----------------------------- */

TEST(default_loads_and_validates)
{
    sgf_world_def def = sgf_world_def_default();
    sgf_diag diag;
    char buf[1200];
    sgf_status st = sgf_scenario_load_default(&def, &diag);
    CHECK_MSG(st == SGF_OK, "%s", sgf_diag_format(&diag, buf, sizeof buf));
    st = sgf_scenario_validate(&def, &diag);
    CHECK_MSG(st == SGF_OK, "%s", sgf_diag_format(&diag, buf, sizeof buf));
    CHECK_STR(def.firm.home_iso, "FI");
    CHECK_NEAR(def.firm.employees, 80, 0);
    CHECK(def.market_count >= 30 && def.market_count <= 60);
    int sales = 0, strategic = 0;
    for (int i = 0; i < def.population_count; i++) {
        if (def.populations[i].role == SGF_ROLE_SALES_PARTNER) sales += def.populations[i].count;
        if (def.populations[i].role == SGF_ROLE_STRATEGIC_PARTNER)
            strategic += def.populations[i].count;
    }
    CHECK_EQ_INT(sales, 200); /* 001:3822-3827 */
    CHECK_EQ_INT(strategic, 20);
    const sgf_partner_def *ems = partner(&def, "Shenzhen EMS");
    CHECK(ems && ems->role == SGF_ROLE_HARDWARE_MANUFACTURER && strcmp(ems->market_iso, "CN") == 0);
    int logistics = 0;
    for (int i = 0; i < def.partner_count; i++)
        logistics += def.partners[i].role == SGF_ROLE_LOGISTICS_PROVIDER;
    CHECK_EQ_INT(logistics, 1); /* one intermediary, 001:6623 */
    /* the calibration: potential demand at list price well above EUR 12 M */
    double demand = 0;
    for (int i = 0; i < def.market_count; i++) demand += def.markets[i].demand_units_per_week;
    double potential = demand * def.firm.price_eur * 52.0;
    CHECK_LT(12e6, potential);
    CHECK_LT(potential, 12e6 * 6);
    CHECK_STR(sgf_scenario_default_text(), sgf_scenario_default_text()); /* non-NULL */
    sgf_world_def_free(&def);

    /* the committed file is what is embedded */
    char path[1200];
    snprintf(path, sizeof path, "%s/scenarios/default.cfg", source_dir());
    char *text = read_path(path, NULL);
    CHECK(text != NULL);
    if (text) CHECK(strcmp(text, sgf_scenario_default_text()) == 0);
    free(text);

    /* and loading it as a file gives the same definition */
    def = sgf_world_def_default();
    sgf_world_def def2 = sgf_world_def_default();
    CHECK_EQ_INT(sgf_scenario_load_file(path, &def, &diag), SGF_OK);
    CHECK_EQ_INT(sgf_scenario_load_default(&def2, &diag), SGF_OK);
    char *a = capture_json(&def), *b = capture_json(&def2);
    CHECK(a && b && strcmp(a, b) == 0);
    free(a);
    free(b);
    sgf_world_def_free(&def);
    sgf_world_def_free(&def2);
}

TEST(int_accepted_for_float)
{
    sgf_world_def def = sgf_world_def_default();
    sgf_diag diag;
    sgf_status st = sgf_scenario_load_string(
        "firm = { employees = 81; cash_eur = 2000000; capabilities = { flexibility = 1; }; };\n"
        "markets = ( { iso = \"FI\"; name = \"Finland\"; lat = 60; lon = 25; home = true; } );\n"
        "populations = ( { name = \"p\"; capacity_units_per_week = 40; } );\n"
        "ticks = 1e2; big = 1;",
        "ints", NULL, &def, &diag);
    /* everything up to the unknown `big` decoded */
    CHECK_EQ_INT(st, SGF_ERR_SCENARIO);
    CHECK_CONTAINS(diag.message, "unknown setting 'big'");
    CHECK_NEAR(def.firm.employees, 81.0, 0);
    CHECK_NEAR(def.firm.cash_eur, 2e6, 0);
    CHECK_NEAR(def.firm.capabilities.flexibility, 1.0, 0);
    CHECK_NEAR(def.markets[0].lat, 60.0, 0);
    CHECK_EQ_INT(def.populations[0].capacity_units_per_week.kind, SGF_DIST_CONST);
    CHECK_NEAR(def.populations[0].capacity_units_per_week.a, 40.0, 0);
    CHECK_EQ_INT(def.ticks, 100);
    sgf_world_def_free(&def);

    /* 64-bit seeds: L suffix, hex bits, quoted decimal */
    def = sgf_world_def_default();
    CHECK_EQ_INT(sgf_scenario_load_string("seed = 10000000000L;", "s", NULL, &def, &diag), SGF_OK);
    CHECK_EQ_U64(def.seed, UINT64_C(10000000000));
    CHECK_EQ_INT(
        sgf_scenario_load_string("seed = \"18446744073709551615\";", "s", NULL, &def, &diag),
        SGF_OK);
    CHECK_EQ_U64(def.seed, UINT64_MAX);
    CHECK_EQ_INT(sgf_scenario_load_string("run_index = -1;", "s", NULL, &def, &diag),
                 SGF_ERR_SCENARIO);
    sgf_world_def_free(&def);
}

TEST(validate_errors)
{
    struct {
        const char *set, *path, *text;
    } cases[] = {
        {"markets.SE.home=true", "markets.SE.home",
         "exactly one market must have home = true, found 2"},
        {"markets.FI.home=false", "markets", "found none"},
        {"firm.home_iso=\"SE\"", "firm.home_iso", "'SE' is not the home market"},
        {"populations.\"EMEA resellers\".share_large=0.5",
         "populations.\"EMEA resellers\".share_large", "exceeds 1"},
        {"params.search_weeks_min=40", "params.search_weeks_max", "below search_weeks_min"},
        {"firm.management.weights={influencing=0.0; monitoring=0.0; coordinating=0.0; "
         "integrating=0.0;}",
         "firm.management.weights", "at least one weight"},
        {"epg.enabled=true", "epg.target_iso", "needs a target market"},
    };
    char buf[1200];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sgf_world_def def = sgf_world_def_default();
        sgf_diag diag;
        CHECK_EQ_INT(sgf_scenario_load_default(&def, &diag), SGF_OK);
        sgf_status st = sgf_scenario_apply_set(&def, cases[i].set, &diag);
        CHECK_MSG(st == SGF_OK, "%s: %s", cases[i].set, sgf_diag_format(&diag, buf, sizeof buf));
        st = sgf_scenario_validate(&def, &diag);
        CHECK_MSG(st == SGF_ERR_SCENARIO, "%s validated", cases[i].set);
        CHECK_MSG(strcmp(diag.path, cases[i].path) == 0, "%s: path '%s'", cases[i].set, diag.path);
        CHECK_MSG(strstr(diag.message, cases[i].text) != NULL, "%s: '%s'", cases[i].set,
                  diag.message);
        sgf_world_def_free(&def);
    }

    /* a definition built in code: ranges and references are checked too */
    sgf_world_def def = sgf_world_def_default();
    sgf_diag diag;
    CHECK_EQ_INT(sgf_scenario_validate(&def, &diag), SGF_ERR_SCENARIO);
    CHECK_CONTAINS(diag.message, "no markets");
    CHECK_EQ_INT(sgf_scenario_load_default(&def, &diag), SGF_OK);
    def.firm.capabilities.absorptive_capacity = 1.2;
    CHECK_EQ_INT(sgf_scenario_validate(&def, &diag), SGF_ERR_SCENARIO);
    CHECK_STR(diag.path, "firm.capabilities.absorptive_capacity");
    def.firm.capabilities.absorptive_capacity = 0.5;
    snprintf(def.partners[0].market_iso, sizeof def.partners[0].market_iso, "QQ");
    CHECK_EQ_INT(sgf_scenario_validate(&def, &diag), SGF_ERR_SCENARIO);
    CHECK_CONTAINS(diag.path, ".market_iso");
    CHECK_CONTAINS(diag.message, "no market with iso 'QQ'");
    snprintf(def.partners[0].market_iso, sizeof def.partners[0].market_iso, "CN");
    def.populations[0].count = 10000000;
    CHECK_EQ_INT(sgf_scenario_validate(&def, &diag), SGF_ERR_SCENARIO);
    CHECK_CONTAINS(diag.path, ".count");
    def.populations[0].count = 5;
    snprintf(def.events[0].target_name, sizeof def.events[0].target_name, "nobody");
    def.events[0].target = SGF_TARGET_ROLE;
    CHECK_EQ_INT(sgf_scenario_validate(&def, &diag), SGF_ERR_SCENARIO);
    CHECK_CONTAINS(diag.message, "target role 'nobody' is not a role");
    def.events[0].target = SGF_TARGET_FIRM;
    CHECK_EQ_INT(sgf_scenario_validate(&def, &diag), SGF_OK);
    /* incentive and mode changes name what events.c can change */
    CHECK_EQ_INT(sgf_scenario_apply_set(&def,
                                        "events=({name=\"cut\"; kind=\"incentive_change\"; "
                                        "at_tick=10; setting=\"margin_shar\"; new_value=0.1;})",
                                        &diag),
                 SGF_ERR_SCENARIO);
    CHECK_CONTAINS(diag.message, "did you mean 'margin_share'?");
    sgf_world_def_free(&def);
}

/* Settings that must agree name the line of one of them, even when the
 * other keeps its default (issue 13, 7). Each text is loaded over the
 * built-in default; the error's line is the line of the setting written. */
TEST(cross_setting_errors_name_a_line)
{
    struct {
        const char *text, *path, *message;
        int line;
    } cases[] = {
        {"\nparams = {\n  search_weeks_min = 50.0;\n};", "params.search_weeks_max",
         "below search_weeks_min", 3},
        {"params = { search_weeks_max = 5.0; };", "params.search_weeks_max",
         "below search_weeks_min", 1},
        {"\n\npopulations = ( { name = \"EMEA resellers\";\n share_small = 0.99; } );",
         "populations.\"EMEA resellers\".share_large", "exceeds 1", 4},
        {"\nmarkets = (\n { iso = \"SE\"; home = true; }\n);", "markets.SE.home",
         "found 2 ('FI' and 'SE')", 3},
        {"firm = {\n home_iso = \"SE\"; };", "firm.home_iso", "'SE' is not the home market", 2},
        {"firm = { management = {\n  weights = { influencing = 0.0; monitoring = 0.0;\n"
         "  coordinating = 0.0; }; }; };",
         "firm.management.weights", "at least one weight", 2},
        {"\nepg = { enabled = true; };", "epg.target_iso", "needs a target market", 2},
        {"events = ( { name = \"late\"; kind = \"demand_shock\"; at_tick = -1;\n"
         "  target = \"market\"; target_name = \"SE\"; magnitude = 0.5;\n"
         "  duration_weeks = 4;\n  window_start = 50; window_end = 10; } );",
         "events.late.window_end", "before window_start", 4},
    };
    char buf[1200];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sgf_world_def def = sgf_world_def_default();
        sgf_diag diag;
        CHECK_EQ_INT(sgf_scenario_load_default(&def, &diag), SGF_OK);
        sgf_status st = sgf_scenario_load_string(cases[i].text, "combo.cfg", NULL, &def, &diag);
        CHECK_MSG(st == SGF_ERR_SCENARIO, "case %zu loaded", i);
        CHECK_MSG(strcmp(diag.path, cases[i].path) == 0, "case %zu: path '%s'", i, diag.path);
        CHECK_MSG(strstr(diag.message, cases[i].message) != NULL, "case %zu: '%s'", i,
                  diag.message);
        CHECK_MSG(diag.line == cases[i].line && strcmp(diag.file, "combo.cfg") == 0, "case %zu: %s",
                  i, sgf_diag_format(&diag, buf, sizeof buf));
        sgf_world_def_free(&def);
    }
}

TEST(json_dump)
{
    sgf_world_def def = sgf_world_def_default();
    sgf_diag diag;
    CHECK_EQ_INT(sgf_scenario_load_default(&def, &diag), SGF_OK);
    char *a = capture_json(&def), *b = capture_json(&def);
    CHECK(a && b && strcmp(a, b) == 0); /* deterministic */
    if (a) {
        CHECK_CONTAINS(a, "\"lat\": 60.170000000000002"); /* %.17g */
        CHECK_CONTAINS(a, "\"governance\": \"small_global_factory\"");
        CHECK_CONTAINS(a, "\"name\": \"Shenzhen EMS\"");
        CHECK_CONTAINS(a, "\"trust\": {\"kind\": \"beta\", \"a\": 4, \"b\": 2, \"c\": 0}");
        CHECK_CONTAINS(a, "\"weights\": {");
        CHECK_CONTAINS(a, "\"markets\": [\"SE\", \"NO\"");
        /* balanced braces and brackets outside strings */
        int depth = 0, min_depth = 0;
        bool in_str = false;
        for (const char *p = a; *p; p++) {
            if (in_str) {
                if (*p == '\\')
                    p++;
                else if (*p == '"')
                    in_str = false;
                continue;
            }
            if (*p == '"') in_str = true;
            if (*p == '{' || *p == '[') depth++;
            if (*p == '}' || *p == ']') depth--;
            if (depth < min_depth) min_depth = depth;
        }
        CHECK_EQ_INT(depth, 0);
        CHECK_EQ_INT(min_depth, 0);
        /* every top-level field */
        const sgf_schema *root = sgf_schema_root();
        for (int i = 0; i < root->field_count; i++) {
            char key[96];
            snprintf(key, sizeof key, "\n  \"%s\": ", root->fields[i].name);
            CHECK_CONTAINS(a, key);
        }
    }
    free(a);
    free(b);
    sgf_world_def_free(&def);
}

/* ---- the settings reference ------------------------------------------------------ */

static void check_schema_listed(sgf_test_ctx *sgf_ctx_, const sgf_schema *sch, const char *prefix,
                                const char *md, const char *plain, int *count)
{
    for (int i = 0; i < sch->field_count; i++) {
        const sgf_field *f = &sch->fields[i];
        char path[256], md_key[300], plain_key[300];
        snprintf(path, sizeof path, "%s%s%s", prefix, prefix[0] ? "." : "", f->name);
        snprintf(md_key, sizeof md_key, "| `%s` |", path);
        snprintf(plain_key, sizeof plain_key, "  %s: ", path);
        CHECK_CONTAINS(md, md_key);
        CHECK_CONTAINS(plain, plain_key);
        CHECK_MSG(f->doc && f->doc[0], "%s has no doc", path);
        (*count)++;
        if (f->type == SGF_FT_GROUP)
            check_schema_listed(sgf_ctx_, f->group, path, md, plain, count);
        if (f->type == SGF_FT_LIST) {
            char elem[300];
            snprintf(elem, sizeof elem, "%s.<%s>", path, f->list->key);
            check_schema_listed(sgf_ctx_, f->list->element, elem, md, plain, count);
        }
    }
}

TEST(reference_lists_every_field)
{
    char *md = capture_reference(true), *plain = capture_reference(false);
    CHECK(md && plain);
    int count = 0;
    if (md && plain) check_schema_listed(sgf_ctx_, sgf_schema_root(), "", md, plain, &count);
    CHECK_LT(200, count);
    /* the settings the brief names, spelled as in sgf_def.h */
    if (md) {
        CHECK_CONTAINS(md, "`firm.capabilities.cultural_awareness`");
        CHECK_CONTAINS(md, "`firm.management.attention_hours_per_week`");
        CHECK_CONTAINS(md, "`markets.<iso>.demand_units_per_week`");
        CHECK_CONTAINS(md, "`partners.<name>.preferences.monetary`");
        CHECK_CONTAINS(md, "`events.<name>.new_profile.global_mindset`");
    }
    free(md);
    free(plain);
}

TEST(docs_reference_current)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/docs/scenarios.md", source_dir());
    char *doc = read_path(path, NULL);
    char *gen = capture_reference(true);
    CHECK_MSG(doc != NULL, "cannot read %s", path);
    CHECK(gen != NULL);
    if (!doc || !gen) {
        free(doc);
        free(gen);
        return;
    }
    char *marker = strstr(doc, DOCS_MARKER "\n");
    CHECK_MSG(marker != NULL, "%s lacks the marker line", path);
    if (marker) {
        char *below = marker + strlen(DOCS_MARKER "\n");
        const char *update = getenv("SGF_UPDATE_DOCS");
        if (update && *update) {
            FILE *f = fopen(path, "wb");
            CHECK(f != NULL);
            if (f) {
                fwrite(doc, 1, (size_t)(below - doc), f);
                fputs(gen, f);
                fclose(f);
                printf("wrote %s\n", path);
            }
        } else {
            CHECK_MSG(strcmp(below, gen) == 0,
                      "docs/scenarios.md is out of date; regenerate it with "
                      "SGF_UPDATE_DOCS=1 SGF_SOURCE_DIR=<source dir> test_scenario "
                      "docs_reference_current");
        }
    }
    free(doc);
    free(gen);
}

/* ---- formatting and out-of-memory ----------------------------------------------- */

TEST(diag_format)
{
    sgf_diag d = {"a.cfg", 12, "firm.employees", "wrong type"};
    char buf[256];
    CHECK_STR(sgf_diag_format(&d, buf, sizeof buf),
              "a.cfg:12: setting 'firm.employees': wrong type");
    d.line = 0;
    CHECK_STR(sgf_diag_format(&d, buf, sizeof buf), "a.cfg: setting 'firm.employees': wrong type");
    d.path[0] = '\0';
    CHECK_STR(sgf_diag_format(&d, buf, sizeof buf), "a.cfg: wrong type");
    d.file[0] = '\0';
    CHECK_STR(sgf_diag_format(&d, buf, sizeof buf), "wrong type");
    char small[8];
    sgf_diag_format(&(sgf_diag){"a-long-file-name.cfg", 3, "", "m"}, small, sizeof small);
    CHECK_EQ_INT((int)strlen(small), 7);

    /* what a terminal would act on is written out, valid UTF-8 kept */
    sgf_diag e = {"c.cfg", 1, "events.e.kind", "unknown event kind 'dem\x1b[31mand\x7f'"};
    CHECK_STR(sgf_diag_format(&e, buf, sizeof buf),
              "c.cfg:1: setting 'events.e.kind': unknown event kind 'dem\\x1b[31mand\\x7f'");
    sgf_diag u = {"", 0, "", "'Caf\xc3\xa9' '\xc2\x9b' '\xff' '\xe2\x82'"};
    CHECK_STR(sgf_diag_format(&u, buf, sizeof buf),
              "'Caf\xc3\xa9' '\\xc2\\x9b' '\\xff' '\\xe2\\x82'");
}

/* Every allocation the loader makes may fail: each failure must end in
 * SGF_ERR_NOMEM with a message, never a crash or a leak (ASan checks). */
TEST(out_of_memory)
{
    int failures = 0;
    for (long n = 1; n < 100000; n++) {
        sgf_world_def def = sgf_world_def_default();
        sgf_diag diag;
        sgf_alloc_fail_at(n);
        sgf_status st = sgf_scenario_load_default(&def, &diag);
        if (st == SGF_OK)
            st = sgf_scenario_apply_set(&def, "markets.DE.demand_units_per_week=1", &diag);
        if (st == SGF_OK)
            st = sgf_scenario_apply_set(&def, "populations=({name=\"x\";count=1;})", &diag);
        sgf_alloc_fail_at(0);
        sgf_world_def_free(&def);
        if (st == SGF_OK) break;
        CHECK_EQ_INT(st, SGF_ERR_NOMEM);
        CHECK_CONTAINS(diag.message, "out of memory");
        failures++;
    }
    CHECK_LT(10, failures);
}

int main(int argc, char **argv)
{
    return RUN_TESTS(argc, argv, event_values_checked_like_their_settings,
                     names_are_valid_utf8_without_control_characters, syntax_error,
                     unknown_key_suggests, wrong_type, out_of_range, missing_required,
                     dangling_reference, other_decode_errors, include_works, include_missing,
                     extends_layering, extends_loop, extends_too_deep, set_overrides, set_errors,
                     default_loads_and_validates, int_accepted_for_float, validate_errors,
                     cross_setting_errors_name_a_line, json_dump, reference_lists_every_field,
                     docs_reference_current, diag_format, out_of_memory);
}
