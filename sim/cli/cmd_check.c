/* cmd_check.c: `sgf check`, a scenario's dry run.
 *
 * Loads the scenario and its --set overrides, validates the definition and
 * builds the world (which expands the partner populations), then reports
 * what the world holds. It writes nothing, so it is safe in editors and CI.
 *
 * A valid scenario may still say something its author did not mean: an
 * event that can never fire, a magnitude outside what its kind can use, a
 * firm whose fixed costs exceed the margin of every market's whole demand.
 * Those are warnings on stderr (exit status 0), from sgf_check_warnings.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char sgf_cmd_check_help[] =
    "Usage: sgf check [SCENARIO] [--set PATH=VALUE]...\n"
    "\n"
    "Check SCENARIO (without one, the built-in default) without running it:\n"
    "load it, apply the --set overrides, validate every setting and reference,\n"
    "and build the world, expanding the partner populations. Prints the number\n"
    "of partners and markets; writes no files.\n"
    "\n"
    "Warnings (on stderr, \"warning:\", exit status still 0) point at settings that\n"
    "are valid but cannot do what they seem to: an event that can never fire (at a\n"
    "week after the last or before the first, a random event with probability 0 or\n"
    "a window after the run, a partner target that joins only after the event), an\n"
    "event magnitude outside the range its kind uses (docs/scenarios.md, \"Events\"),\n"
    "and a firm whose weekly fixed costs exceed the gross margin of selling every\n"
    "market's whole demand at its price.\n"
    "\n"
    "Options:\n"
    "  --set PATH=VALUE  change one setting after loading; repeatable, applied in\n"
    "                    order (see 'sgf help settings')\n"
    "  -h, --help        show this help\n"
    "\n"
    "Errors are printed as FILE:LINE: setting 'PATH': MESSAGE.\n"
    "\n"
    "Exit status:\n"
    "  0  the scenario is valid\n"
    "  1  the world could not be built (out of memory)\n"
    "  2  usage error or invalid scenario\n"
    "\n"
    "Examples:\n"
    "  sgf check scenarios/default.cfg\n"
    "  sgf check my.cfg --set firm.employees=40\n";

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void
warn(const char *where, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: warning: ", where);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
}

/* The range of magnitudes an event kind uses; false when the kind ignores
 * its magnitude. */
static bool magnitude_range(sgf_event_kind k, double *lo, double *hi, bool *lo_open,
                            const char **meaning)
{
    *lo_open = false;
    switch (k) {
    case SGF_EV_DEMAND_SHOCK:
        *lo = 0, *hi = 100, *lo_open = true;
        *meaning = "a factor on demand (0.5 halves it, 1.2 raises it by a fifth); at 0 or "
                   "below demand never recovers";
        return true;
    case SGF_EV_LABOUR_COST_CHANGE:
        *lo = 0, *hi = 100, *lo_open = true;
        *meaning = "a factor on the market's labour-cost index; at 0 or below the event does "
                   "nothing";
        return true;
    case SGF_EV_TARIFF_CHANGE:
        *lo = 0, *hi = 1;
        *meaning = "the new tariff, a share added to the landed cost (0.25 = 25 %)";
        return true;
    case SGF_EV_CAPACITY_LOSS:
        *lo = 0, *hi = 1;
        *meaning = "the share of capacity lost (0.3 = 30 %); values outside [0, 1] are clipped";
        return true;
    case SGF_EV_TECHNOLOGY_SHIFT:
        *lo = 0, *hi = 1, *lo_open = true;
        *meaning = "the frontier's jump and the share of competence fit partners lose; at 0 or "
                   "below the environment's tech_shift_size is used, at 1 or above partners "
                   "lose all fit";
        return true;
    case SGF_EV_KEY_PERSON_CHANGE:
        *lo = 0, *hi = 1, *lo_open = true;
        *meaning = "the severity of the loss (1: the full key_person_loss); at 0 or below 1 is "
                   "used";
        return true;
    default:
        return false;
    }
}

void sgf_check_warnings(const sgf_world_def *def, const char *where)
{
    for (int i = 0; i < def->event_count; i++) {
        const sgf_event_def *ev = &def->events[i];
        const char *kind = sgf_event_kind_name(ev->kind);
        char at[SGF_NAME_MAX + 32];
        snprintf(at, sizeof at, "%s: event '%s'", where, ev->name);
        if (ev->at_tick >= 0) {
            if (ev->at_tick < 1 || ev->at_tick > def->ticks)
                warn(at, "at_tick %d is outside the run's weeks 1 to %d: the %s event never fires",
                     ev->at_tick, def->ticks, kind);
            if (ev->target == SGF_TARGET_PARTNER)
                for (int j = 0; j < def->partner_count; j++)
                    if (strcmp(def->partners[j].name, ev->target_name) == 0 &&
                        def->partners[j].start_tick > ev->at_tick && ev->at_tick >= 1)
                        warn(at,
                             "its target '%s' joins in week %d, after the event's week %d: the "
                             "event finds no partner and does nothing",
                             ev->target_name, def->partners[j].start_tick, ev->at_tick);
        } else {
            int end =
                ev->window_end < 0 || ev->window_end > def->ticks ? def->ticks : ev->window_end;
            if (!(ev->probability_per_week > 0))
                warn(at, "a random event (no at_tick) with probability_per_week 0 never fires");
            else if (ev->window_start > end)
                warn(at,
                     "its window starts in week %d, after the run's last week %d: the event "
                     "never fires",
                     ev->window_start, def->ticks);
        }
        if (ev->duration_weeks > 0 && ev->at_tick >= 1 && ev->at_tick <= def->ticks &&
            ev->at_tick + ev->duration_weeks > def->ticks &&
            (ev->kind == SGF_EV_DEMAND_SHOCK || ev->kind == SGF_EV_CAPACITY_LOSS ||
             ev->kind == SGF_EV_TARIFF_CHANGE || ev->kind == SGF_EV_LABOUR_COST_CHANGE ||
             ev->kind == SGF_EV_MD_CHANGE))
            warn(at,
                 "its recovery (week %d) comes after the run's last week %d: the effect lasts "
                 "to the end",
                 ev->at_tick + ev->duration_weeks, def->ticks);
        double lo, hi;
        bool lo_open;
        const char *meaning = "";
        if (magnitude_range(ev->kind, &lo, &hi, &lo_open, &meaning)) {
            double m = ev->magnitude;
            bool below = lo_open ? !(m > lo) : !(m >= lo);
            if (below || m > hi)
                warn(at, "magnitude %g is outside %s%g, %g]: for a %s it is %s", m,
                     lo_open ? "(" : "[", lo, hi, kind, meaning);
        }
    }

    /* Fixed costs against the best the markets could pay. */
    const sgf_firm_def *f = &def->firm;
    double fixed = f->employees * f->fixed_cost_eur_per_employee_week + f->rnd_eur_per_week;
    double unit_margin = f->price_eur - f->unit_cost_eur;
    double years = def->ticks / 52.0, demand = 0;
    for (int m = 0; m < def->market_count; m++) {
        const sgf_market_def *mk = &def->markets[m];
        double g = mk->demand_growth_per_year > 0 ? pow(1 + mk->demand_growth_per_year, years) : 1;
        demand += mk->demand_units_per_week * g;
    }
    if (!(unit_margin > 0))
        warn(where,
             "firm.price_eur %g does not exceed firm.unit_cost_eur %g: every unit sold loses "
             "money",
             f->price_eur, f->unit_cost_eur);
    else if (fixed > 0 && unit_margin * demand < fixed)
        warn(where,
             "the firm cannot cover its fixed costs: EUR %.0f a week (%g employees x %g, plus "
             "R&D %g) exceed the gross margin of selling the whole demand of every market "
             "(%.1f units a week at most, x EUR %g margin = EUR %.0f); it fails once its cash "
             "and credit line run out",
             fixed, f->employees, f->fixed_cost_eur_per_employee_week, f->rnd_eur_per_week, demand,
             unit_margin, unit_margin * demand);
}

int sgf_cmd_check(int argc, char **argv)
{
    const char *scenario = NULL;
    const char **sets = malloc(sizeof *sets * (size_t)(argc > 0 ? argc : 1));
    int set_count = 0;
    if (!sets) {
        fprintf(stderr, "sgf check: out of memory\n");
        return 1;
    }
    bool options_done = false;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i], *value = NULL;
        int m;
        if (options_done || arg[0] != '-' || strcmp(arg, "-") == 0) {
            if (scenario) {
                free(sets);
                return sgf_cli_usage_error("check", "more than one scenario given ('%s', '%s')",
                                           scenario, arg);
            }
            scenario = arg;
        } else if (strcmp(arg, "--") == 0) {
            options_done = true;
        } else if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            fputs(sgf_cmd_check_help, stdout);
            free(sets);
            return 0;
        } else if ((m = sgf_cli_option_value(argc, argv, &i, "--set", &value)) != 0) {
            if (m < 0 || !strchr(value, '=')) {
                free(sets);
                return sgf_cli_usage_error("check", "--set needs PATH=VALUE");
            }
            sets[set_count++] = value;
        } else {
            free(sets);
            return sgf_cli_usage_error("check", "unknown option '%s'", arg);
        }
    }

    sgf_world_def def;
    sgf_status st = sgf_cli_load_scenario(scenario, sets, set_count, &def);
    free(sets);
    if (st != SGF_OK) return sgf_status_exit_code(st);

    sgf_world *w = NULL;
    sgf_diag diag;
    memset(&diag, 0, sizeof diag);
    st = sgf_scenario_validate(&def, &diag);
    if (st != SGF_OK) {
        /* whole-definition checks know no file: name the scenario */
        if (!diag.file[0])
            snprintf(diag.file, sizeof diag.file, "%s", scenario ? scenario : "<default>");
        sgf_cli_print_diag(&diag);
    } else if ((st = sgf_world_create(&def, &w)) != SGF_OK) {
        fprintf(stderr, "sgf check: cannot build the world: %s\n", sgf_status_message(st));
    } else {
        sgf_check_warnings(&def, scenario ? scenario : "<default>");
        int market_count = 0, alive = 0, open = 0, served = 0;
        const sgf_market *m = sgf_world_markets(w, &market_count);
        for (int i = sgf_world_partner_next(w, 0); i >= 0; i = sgf_world_partner_next(w, i + 1))
            alive++;
        for (int i = 0; i < market_count; i++) {
            open += m[i].open;
            served += m[i].entered_tick >= 0;
        }
        printf("%s: ok: \"%s\", %d partners at the start (%d listed, %d populations), "
               "%d markets (%d open, %d served at the start), %d weeks, seed %llu\n",
               scenario ? scenario : "<default>", def.name, alive, def.partner_count,
               def.population_count, market_count, open, served, def.ticks,
               (unsigned long long)def.seed);
    }
    sgf_world_destroy(w);
    sgf_world_def_free(&def);
    return sgf_status_exit_code(st);
}
