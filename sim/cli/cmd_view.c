/* cmd_view.c: `sgf view`, the live viewer, in builds with SGF_WITH_VIEWER.
 *
 * The command line's part only: options, the scenario loaded and validated
 * exactly as `sgf run` does (sgf_cli_load_scenario, --seed, --ticks, then
 * sgf_scenario_validate), and a replay file turned back into the same
 * scenario, settings and seed. Everything on screen is viz/ (sgf_viz.h,
 * plain C types: nothing here sees SDL).
 */
#ifdef SGF_WITH_VIEWER

#define _XOPEN_SOURCE 700 /* realpath */

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "sgf_viz.h"

const char sgf_cmd_view_help[] =
    "Usage: sgf view [SCENARIO] [OPTIONS]\n"
    "       sgf view --replay DIR/injected.cfg [OPTIONS]\n"
    "\n"
    "Watch SCENARIO (a libconfig .cfg file; without one, the built-in default)\n"
    "week by week in a window: the value chain or the world map, partners\n"
    "coloured by trust, motivation or satisfaction, events as they happen. Inject\n"
    "what-ifs live (a supplier defects, a key person leaves, a cost rise, a\n"
    "technology shift, new mode weights or incentives). The run writes the same\n"
    "files as `sgf run` (without injections, byte-identical to `sgf run` with the\n"
    "same scenario, settings and seed), plus injected.cfg: every injection and the\n"
    "week after which it was applied, to replay the session exactly.\n"
    "\n"
    "Options:\n"
    "  --seed N          master seed; overrides the scenario's `seed`\n"
    "  --ticks N         weeks to simulate; overrides `ticks`\n"
    "  --set PATH=VALUE  change one setting after loading (repeatable, as in\n"
    "                    `sgf run`; see 'sgf help settings')\n"
    "  --out DIR         output directory (default out/NAME-seedN-view, or\n"
    "                    out/NAME-seedN-view-2, -3, ... when taken: a session never\n"
    "                    replaces another's files); after `r` (restart), DIR-seedN\n"
    "  --force           write into DIR even if it is not empty\n"
    "  --check           check the model's invariants after every week\n"
    "  --layout L        start with L: chain (value chain, default) or map\n"
    "  --size WxH        window or frame size in pixels (default 1280x800)\n"
    "  --font FILE       TrueType font (default $SGF_FONT, else DejaVu Sans:\n"
    "                    " SGF_VIZ_DEFAULT_FONT ")\n"
    "  --replay FILE     rebuild the run recorded in FILE (an injected.cfg: its\n"
    "                    scenario, settings, seed and weeks) and inject the same\n"
    "                    events after the same weeks; no SCENARIO, --seed, --set\n"
    "                    or --ticks with it\n"
    "  --headless        no window: render PNG frames with the software renderer\n"
    "                    into the output directory (no display needed)\n"
    "  --frames N        headless: at most N frames (default: to the end of the run);\n"
    "                    the simulation stops after the last one\n"
    "  --every K         headless: a frame every K weeks, from week 0 (default 1)\n"
    "  --timing          headless: print each frame's draw time\n"
    "  --charts M,M,...  the chart panel's metrics, up to 4 (default revenue_eur,\n"
    "                    cash_eur, partners, fill_rate; the columns of timeseries.csv)\n"
    "  --do \"W ACTION; ...\"  after week W (0: at the start) do ACTION, as a user\n"
    "                    would: key K... (SDL key names: Tab, d, Return, shift+c),\n"
    "                    select NAME | firm | country ISO, zoom Z, back N (look\n"
    "                    back N weeks on the timeline), close (as the window's\n"
    "                    close button); for frames of a given view and for tests\n"
    "  --quiet           print nothing on success\n"
    "  -h, --help        show this help\n"
    "\n"
    "Keys: space pause, . step, +/- speed, l layout, c colour, n size, click\n"
    "inspect, wheel zoom, drag pan, tab next partner, d k x u m t what-ifs,\n"
    "arrows and Enter policy, v [ ] g charts, PageUp/PageDown/End timeline,\n"
    "T partner table, s screenshot, r restart (seed + 1), h help, q or Escape\n"
    "quit.\n"
    "See docs/viewer.md.\n"
    "\n"
    "Exit status:\n"
    "  0  the viewer closed normally: q, Escape or the window's close button\n"
    "     (or all frames were written)\n"
    "  1  runtime failure: no display (use --headless), a file could not be\n"
    "     written, an invariant failed under --check; or interrupted (Ctrl-C,\n"
    "     SIGTERM: the files keep the weeks simulated so far)\n"
    "  2  usage error, invalid scenario, replay file or setting, font missing,\n"
    "     or DIR not empty without --force\n"
    "\n"
    "Examples:\n"
    "  sgf view\n"
    "  sgf view scenarios/default.cfg --seed 7 --layout map\n"
    "  sgf view --headless --frames 53 --every 10 --out out/frames\n"
    "  ffmpeg -framerate 12 -i out/frames/frame_%05d.png -pix_fmt yuv420p net.mp4\n"
    "  sgf view --replay out/default-seed20010101-view/injected.cfg\n";

typedef struct view_args {
    const char *scenario;
    const char **sets;
    int set_count;
    bool has_seed, has_ticks, has_frames;
    uint64_t seed;
    int ticks;
    const char *replay;
    sgf_viz_opts o;
    bool check;
} view_args;

static bool parse_size(const char *s, int *w, int *h)
{
    char *end = NULL;
    long a = strtol(s, &end, 10);
    if (end == s || (*end != 'x' && *end != 'X')) return false;
    const char *t = end + 1;
    long b = strtol(t, &end, 10);
    if (end == t || *end) return false;
    if (a < 320 || b < 240 || a > 8192 || b > 8192) return false;
    *w = (int)a;
    *h = (int)b;
    return true;
}

/* Returns -1 to go on, or an exit status. */
static int parse_args(int argc, char **argv, view_args *a)
{
    bool options_done = false;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i], *value = NULL;
        int m;
        if (options_done || arg[0] != '-' || strcmp(arg, "-") == 0) {
            if (a->scenario)
                return sgf_cli_usage_error("view", "more than one scenario given ('%s', '%s')",
                                           a->scenario, arg);
            a->scenario = arg;
        } else if (strcmp(arg, "--") == 0) {
            options_done = true;
        } else if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            fputs(sgf_cmd_view_help, stdout);
            return 0;
        } else if (strcmp(arg, "--force") == 0) {
            a->o.force = true;
        } else if (strcmp(arg, "--check") == 0) {
            a->check = true;
        } else if (strcmp(arg, "--headless") == 0) {
            a->o.headless = true;
        } else if (strcmp(arg, "--timing") == 0) {
            a->o.timing = true;
        } else if (strcmp(arg, "--quiet") == 0 || strcmp(arg, "-q") == 0) {
            a->o.quiet = true;
        } else if ((m = sgf_cli_option_value(argc, argv, &i, "--seed", &value)) != 0) {
            if (m < 0) return sgf_cli_usage_error("view", "--seed needs a value");
            if (!sgf_cli_parse_u64(value, &a->seed))
                return sgf_cli_usage_error(
                    "view", "--seed '%s' is not a whole number from 0 to 18446744073709551615",
                    value);
            a->has_seed = true;
        } else if ((m = sgf_cli_option_value(argc, argv, &i, "--ticks", &value)) != 0) {
            if (m < 0 || !sgf_cli_parse_int(value, 1, 1000000000, &a->ticks))
                return sgf_cli_usage_error("view", "--ticks needs a whole number of weeks >= 1");
            a->has_ticks = true;
        } else if ((m = sgf_cli_option_value(argc, argv, &i, "--frames", &value)) != 0) {
            if (m < 0 || !sgf_cli_parse_int(value, 1, INT_MAX, &a->o.frames))
                return sgf_cli_usage_error("view", "--frames needs a whole number >= 1");
            a->has_frames = true;
        } else if ((m = sgf_cli_option_value(argc, argv, &i, "--every", &value)) != 0) {
            if (m < 0 || !sgf_cli_parse_int(value, 1, 1000000000, &a->o.every))
                return sgf_cli_usage_error("view", "--every needs a whole number of weeks >= 1");
        } else if ((m = sgf_cli_option_value(argc, argv, &i, "--out", &value)) != 0) {
            if (m < 0 || !value[0]) return sgf_cli_usage_error("view", "--out needs a directory");
            a->o.out_dir = value;
        } else if ((m = sgf_cli_option_value(argc, argv, &i, "--charts", &value)) != 0) {
            if (m < 0 || !value[0])
                return sgf_cli_usage_error("view", "--charts needs METRIC,METRIC,...");
            a->o.charts = value;
        } else if ((m = sgf_cli_option_value(argc, argv, &i, "--do", &value)) != 0) {
            if (m < 0 || !value[0])
                return sgf_cli_usage_error("view", "--do needs \"WEEK ACTION; ...\"");
            a->o.script = value;
        } else if ((m = sgf_cli_option_value(argc, argv, &i, "--font", &value)) != 0) {
            if (m < 0 || !value[0]) return sgf_cli_usage_error("view", "--font needs a file");
            a->o.font_path = value;
        } else if ((m = sgf_cli_option_value(argc, argv, &i, "--replay", &value)) != 0) {
            if (m < 0 || !value[0]) return sgf_cli_usage_error("view", "--replay needs a file");
            a->replay = value;
        } else if ((m = sgf_cli_option_value(argc, argv, &i, "--layout", &value)) != 0) {
            if (m >= 0 && strcmp(value, "chain") == 0)
                a->o.layout = 0;
            else if (m >= 0 && strcmp(value, "map") == 0)
                a->o.layout = 1;
            else
                return sgf_cli_usage_error("view", "--layout is 'chain' or 'map'");
        } else if ((m = sgf_cli_option_value(argc, argv, &i, "--size", &value)) != 0) {
            if (m < 0 || !parse_size(value, &a->o.width, &a->o.height))
                return sgf_cli_usage_error("view",
                                           "--size needs WIDTHxHEIGHT, from 320x240 to 8192x8192");
        } else if ((m = sgf_cli_option_value(argc, argv, &i, "--set", &value)) != 0) {
            if (m < 0) return sgf_cli_usage_error("view", "--set needs PATH=VALUE");
            if (!strchr(value, '='))
                return sgf_cli_usage_error("view", "--set '%s' is not of the form PATH=VALUE",
                                           value);
            a->sets[a->set_count++] = value;
        } else {
            return sgf_cli_usage_error("view", "unknown option '%s'", arg);
        }
    }
    if (a->replay && (a->scenario || a->has_seed || a->set_count || a->has_ticks))
        return sgf_cli_usage_error("view", "--replay takes the scenario, --set, --seed and "
                                           "--ticks from its file; give none of them with it");
    if (!a->o.headless && (a->has_frames || a->o.timing))
        return sgf_cli_usage_error("view", "--frames and --timing need --headless");
    return -1;
}

int sgf_cmd_view(int argc, char **argv)
{
    view_args a;
    memset(&a, 0, sizeof a);
    a.o = sgf_viz_opts_default();
    a.o.every = 1;
    a.sets = malloc(sizeof *a.sets * (size_t)(argc > 0 ? argc : 1));
    if (!a.sets) {
        fprintf(stderr, "sgf view: out of memory\n");
        return 1;
    }
    int code = parse_args(argc, argv, &a);
    if (code >= 0) {
        free(a.sets);
        return code;
    }

    sgf_viz_replay replay;
    memset(&replay, 0, sizeof replay);
    const char *scenario_file = a.scenario;
    if (a.replay) {
        char err[1024];
        sgf_status st = sgf_viz_replay_load(a.replay, &replay, err, sizeof err);
        if (st != SGF_OK) {
            fprintf(stderr, "sgf view: %s\n", err);
            free(a.sets);
            return st == SGF_ERR_NOMEM ? 1 : 2;
        }
        a.scenario = strcmp(replay.scenario, "<default>") == 0 ? NULL : replay.scenario;
        scenario_file = a.scenario ? replay.scenario_file : NULL;
        /* no --set came with --replay: the file's are the only ones */
        free(a.sets);
        a.sets = malloc(sizeof *a.sets * (size_t)(replay.set_count + 1));
        if (!a.sets) {
            fprintf(stderr, "sgf view: out of memory\n");
            sgf_viz_replay_free(&replay);
            return 1;
        }
        for (int i = 0; i < replay.set_count; i++) a.sets[a.set_count++] = replay.sets[i];
        a.seed = replay.seed, a.has_seed = true;
        a.ticks = replay.ticks, a.has_ticks = true;
        a.o.replay = &replay;
    }

    char abs[PATH_MAX];
    if (scenario_file && !a.replay) scenario_file = realpath(scenario_file, abs) ? abs : a.scenario;

    sgf_world_def def;
    sgf_status st = sgf_cli_load_scenario(scenario_file, a.sets, a.set_count, &def);
    if (st != SGF_OK) {
        free(a.sets);
        sgf_viz_replay_free(&replay);
        return sgf_status_exit_code(st);
    }
    if (a.has_seed) def.seed = a.seed;
    if (a.has_ticks) def.ticks = a.ticks;
    if (a.check) def.check = true;
    sgf_diag diag;
    memset(&diag, 0, sizeof diag);
    st = sgf_scenario_validate(&def, &diag);
    if (st != SGF_OK) {
        sgf_cli_print_diag(&diag);
        code = sgf_status_exit_code(st);
    } else {
        if (a.o.headless && !a.has_frames) a.o.frames = def.ticks / a.o.every + 1;
        a.o.def = &def;
        a.o.scenario_name = a.scenario ? a.scenario : "<default>";
        a.o.scenario_file = scenario_file;
        a.o.sets = a.sets;
        a.o.set_count = a.set_count;
        code = sgf_viz_run(&a.o);
    }
    sgf_world_def_free(&def);
    free(a.sets);
    sgf_viz_replay_free(&replay);
    return code;
}

#else
/* Without the viewer this file is empty; ISO C wants a declaration. */
typedef int sgf_cmd_view_unused_;
#endif
