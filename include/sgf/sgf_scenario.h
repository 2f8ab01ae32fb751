/* sgf_scenario.h: scenario files (libconfig) to world definitions.
 *
 * A scenario is decoded onto an existing definition: settings present in the
 * file overwrite fields, absent ones keep what the definition had. That one
 * mechanism gives defaults (start from sgf_world_def_default), layering
 * (`extends = "base.cfg";` decodes the base first, then the file on top) and
 * command-line overrides (`--set path=value` decodes a one-setting file on
 * top). Lists of named things (markets by `iso`, partners, populations and
 * events by `name`) merge by key: an entry whose key exists updates it, a new
 * key appends.
 *
 * Every error fills an sgf_diag with the file, the line, the setting path and
 * a message (with a "did you mean" suggestion for unknown keys), and the
 * status is SGF_ERR_SCENARIO. The caller's definition may then be partly
 * changed; callers discard it.
 */
#ifndef SGF_SCENARIO_H
#define SGF_SCENARIO_H

#include <stdio.h>

#include "sgf_def.h"

typedef struct sgf_diag {
    char file[256]; /* file name, "<default>" or "--set" */
    int line;       /* 0 when unknown */
    char path[160]; /* setting path, e.g. firm.capabilities.flexibility */
    char message[512];
} sgf_diag;

/* "file:line: setting 'path': message" into buf; returns buf. */
char *sgf_diag_format(const sgf_diag *d, char *buf, size_t size);

sgf_status sgf_scenario_load_file(const char *path, sgf_world_def *def, sgf_diag *diag);
/* `name` stands for the file in messages; `dir` resolves relative @include and
 * extends (NULL: current directory). */
sgf_status sgf_scenario_load_string(const char *text, const char *name, const char *dir,
                                    sgf_world_def *def, sgf_diag *diag);
/* Apply "path=value"; value in libconfig syntax, or a bare word as a string. */
sgf_status sgf_scenario_apply_set(sgf_world_def *def, const char *assignment, sgf_diag *diag);
/* Checks, before libconfig reads a file (path) or a text (path NULL), that it
 * and every file it @includes, resolved against include_dir (NULL: none, as
 * libconfig does), is not a directory: libconfig 1.5's scanner ends the
 * process when it reads one (`@include ""` names the include directory). The
 * loaders here call it; any other reader of libconfig files (sweep files)
 * should call it first. `name` stands for the file in messages. Errors:
 * SGF_ERR_SCENARIO naming the file and line of the @include, SGF_ERR_NOMEM.
 * A missing or unreadable file is not an error here: the reader reports it. */
sgf_status sgf_scenario_check_includes(const char *path, const char *text, const char *name,
                                       const char *include_dir, sgf_diag *diag);
/* Whole-definition checks after all layers: references resolve, exactly one
 * home market, ranges that depend on each other. */
sgf_status sgf_scenario_validate(const sgf_world_def *def, sgf_diag *diag);

/* The built-in default scenario (a Delta-like small global factory). */
const char *sgf_scenario_default_text(void);
sgf_status sgf_scenario_load_default(sgf_world_def *def, sgf_diag *diag);

/* Every resolved parameter as a JSON object (for manifest.json). */
void sgf_scenario_write_json(FILE *f, const sgf_world_def *def);
/* The settings reference: markdown table (docs/scenarios.md) or plain text. */
void sgf_scenario_write_reference(FILE *f, bool markdown);

#endif
