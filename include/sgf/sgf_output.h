/* sgf_output.h: the files a run writes into its output directory.
 *
 * timeseries.csv (a row per tick), markets.csv (a row per market and tick),
 * summary.csv (one row), events.csv (a row per event), network.gexf (dynamic,
 * for Gephi and networkx), network.jsonl (a snapshot per line) and
 * manifest.json; docs/outputs.md is their data dictionary. Each file is written under a temporary
 * name in the directory and renamed into place only when complete, so a crash never leaves a half
 * file that looks finished. manifest.json is renamed last: its presence means the run finished.
 */
#ifndef SGF_OUTPUT_H
#define SGF_OUTPUT_H

#include <stdbool.h>

#include "sgf_world.h"

typedef struct sgf_output sgf_output;

typedef struct sgf_output_opts {
    const char *dir;
    bool force;                /* allow an existing, non-empty directory */
    const char *scenario_name; /* file path or "<default>" */
    uint64_t scenario_hash;    /* hash of the resolved definition */
    const char *version;
} sgf_output_opts;

/* Creates the directory if needed. Errors: SGF_ERR_EXISTS, SGF_ERR_IO with a
 * message in err. */
sgf_status sgf_output_open(const sgf_output_opts *opts, const sgf_world *w, sgf_output **out,
                           char *err, size_t err_size);
/* After each sgf_world_step: timeseries row, events, snapshots when due. */
sgf_status sgf_output_tick(sgf_output *o, const sgf_world *w);
/* Finish: summary, final snapshot, manifest; rename everything into place.
 * With ok false, temporaries are removed and nothing claims completion; the
 * status is then SGF_OK unless a write had already failed. Close frees the
 * output, so the message of a failed close is kept per thread (like errno)
 * and read with sgf_output_error(NULL). */
sgf_status sgf_output_close(sgf_output *o, const sgf_world *w, bool ok);
/* The message of the first failure of o, or with NULL of this thread's last
 * failed close. */
const char *sgf_output_error(const sgf_output *o);

/* Hash of a definition's resolved values (stable across machines). */
uint64_t sgf_def_hash(const sgf_world_def *def);

#endif
