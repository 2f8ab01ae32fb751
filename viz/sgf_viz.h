/* sgf_viz.h: the live viewer (`sgf view`), as the command line sees it.
 *
 *   sgf_viz_opts o = sgf_viz_opts_default();
 *   o.def = &def;  o.scenario_name = "<default>";  ...
 *   int code = sgf_viz_run(&o);   // 0 ok, 1 runtime failure, 2 bad input
 *
 * Plain C types only: sim/ includes this header and must never see SDL.
 *
 * The viewer owns one world at a time, built from a copy of o.def. It reads
 * the world through the const accessors of sgf_world.h and changes it only
 * through sgf_world_inject (live what-ifs); it never draws from the model's
 * random streams (its own jitter comes from SGF_STREAM_VIEWER). A run with
 * the viewer writes the same files as `sgf run` (sgf_output.h) into its
 * output directory, plus injected.cfg: every event injected live, with the
 * week after which it was applied, so that `sgf view --replay FILE`
 * reproduces the run exactly (docs/viewer.md).
 */
#ifndef SGF_VIZ_H
#define SGF_VIZ_H

#include <stdbool.h>

#include "sgf/sgf.h"

/* One live injection: the event, applied with sgf_world_inject after week
 * after_tick finished and before that week's outputs were written. */
typedef struct sgf_viz_injection {
    int after_tick;
    sgf_event_def event;
} sgf_viz_injection;

/* A replay file (injected.cfg) as read back: what to rebuild the run from and
 * the injections in the order they were made. Owns its arrays. */
typedef struct sgf_viz_replay {
    char scenario[4096];      /* the scenario as named on the command line, or "<default>" */
    char scenario_file[4096]; /* its absolute path, "" for the built-in default */
    uint64_t seed;
    int ticks;   /* the run's length in weeks */
    char **sets; /* the --set assignments, in order */
    int set_count;
    sgf_viz_injection *injections;
    int injection_count;
} sgf_viz_replay;

typedef struct sgf_viz_opts {
    const sgf_world_def *def;  /* resolved and validated; copied */
    const char *scenario_name; /* file path as given or "<default>", for the manifest */
    const char *scenario_file; /* absolute path to load it again (replay), NULL: default */
    const char *const *sets;   /* the --set assignments, recorded in injected.cfg */
    int set_count;
    const char *out_dir;          /* NULL: out/NAME-seedN-view */
    bool force;                   /* write into a non-empty out_dir */
    bool headless;                /* render frames to PNG files, no window */
    int frames;                   /* headless: at most this many frames */
    int every;                    /* headless: a frame every this many weeks, from week 0 */
    int width, height;            /* window or frame size in pixels */
    const char *font_path;        /* NULL: $SGF_FONT, else DejaVuSans */
    int layout;                   /* 0 value chain, 1 world map */
    const sgf_viz_replay *replay; /* injections to repeat, or NULL */
    bool quiet;                   /* print nothing on success */
    bool timing;                  /* headless: print render time per frame */
    const char *charts;           /* --charts: up to 4 metric names, comma-separated, or NULL */
    const char *script;           /* --do: "WEEK ACTION; ..." (docs/viewer.md), or NULL */
} sgf_viz_opts;

sgf_viz_opts sgf_viz_opts_default(void);

/* Runs the viewer until the user quits (window) or the frames are written
 * (headless). Prints its own messages; returns the exit status: 0 ok,
 * 1 runtime failure (no display, output I/O, invariant), 2 bad input
 * (missing font, output directory not empty without force). */
int sgf_viz_run(const sgf_viz_opts *opts);

/* Reads a replay file written by the viewer. On failure returns
 * SGF_ERR_SCENARIO (or SGF_ERR_IO, SGF_ERR_NOMEM) with a message in err. */
sgf_status sgf_viz_replay_load(const char *path, sgf_viz_replay *out, char *err, size_t err_size);
void sgf_viz_replay_free(sgf_viz_replay *r);

/* The default font file; the viewer tries opts.font_path, then $SGF_FONT,
 * then this. */
#define SGF_VIZ_DEFAULT_FONT "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

#endif
