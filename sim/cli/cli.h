/* cli.h: the command line's table of commands and the helpers they share.
 *
 * `sgf COMMAND ARGS...` looks COMMAND up in sgf_commands (main.c) and calls
 * its function with argv[0] = the command's name. A command returns the
 * process exit status: 0 ok, 1 runtime failure, 2 usage or input error (the
 * same mapping as sgf_status_exit_code). To add a command, write
 * sim/cli/cmd_NAME.c with its function and help text, declare both here and
 * add one row to the table in main.c; `sgf help` lists it from there.
 */
#ifndef SGF_CLI_H
#define SGF_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "sgf/sgf.h"

typedef struct sgf_command {
    const char *name;
    const char *summary; /* one line for `sgf help` */
    const char *help;    /* the whole of `sgf help NAME`: usage, options, exit status, examples */
    int (*run)(int argc, char **argv);
} sgf_command;

extern const sgf_command sgf_commands[];
extern const int sgf_command_count;
const sgf_command *sgf_cli_find_command(const char *name); /* NULL if unknown */

/* ---- commands ------------------------------------------------------------- */
int sgf_cmd_run(int argc, char **argv);
int sgf_cmd_check(int argc, char **argv);
/* Warnings on stderr for a valid definition that cannot do what it seems to
 * (cmd_check.c); where names the scenario. */
void sgf_check_warnings(const sgf_world_def *def, const char *where);
int sgf_cmd_help(int argc, char **argv);
int sgf_cmd_compare(int argc, char **argv);
extern const char sgf_cmd_compare_help[];
extern const char sgf_cmd_run_help[];
extern const char sgf_cmd_check_help[];
extern const char sgf_cmd_help_help[];
int sgf_cmd_validate(int argc, char **argv);
int sgf_cmd_claims(int argc, char **argv); /* sgf validate --claims */
int sgf_cmd_survey(int argc, char **argv);
extern const char sgf_cmd_validate_help[];
extern const char sgf_cmd_survey_help[];
int sgf_cmd_sweep(int argc, char **argv); /* cmd_sweep.c */
int sgf_cmd_merge(int argc, char **argv); /* cmd_merge.c */
extern const char sgf_cmd_sweep_help[];
extern const char sgf_cmd_merge_help[];
int sgf_cmd_sensitivity(int argc, char **argv); /* cmd_sensitivity.c */
extern const char sgf_cmd_sensitivity_help[];
int sgf_cmd_discover(int argc, char **argv); /* cmd_discover.c */
extern const char sgf_cmd_discover_help[];
int sgf_cmd_calibrate(int argc, char **argv); /* cmd_calibrate.c */
extern const char sgf_cmd_calibrate_help[];

/* What a command that runs a sweep adds to `sgf sweep` (cmd_sweep.c): its
 * file, its plan, and what it does with the finished runs. */
#include "sgf/sgf_sweep.h"
typedef struct sgf_cli_sweep_hooks {
    const char *command;    /* "sweep", "sensitivity": in messages */
    const char *help;       /* printed for -h */
    const char *dir_prefix; /* the default directory is out/PREFIX-NAME */
    void *user;
    /* Load FILE; *sw stays owned by user. Errors: diag, as sgf_sweep_load. */
    sgf_status (*load)(void *user, const char *file, int ticks, const sgf_sweep **sw,
                       sgf_diag *diag);
    void (*plan)(void *user, FILE *f); /* --dry-run, before the sweep's plan; NULL: none */
    /* After the whole sweep completed (not for a shard); returns the exit status. */
    int (*finish)(void *user, const char *dir, bool quiet);
    int (*plot)(const char *dir, bool quiet); /* --plot; NULL: none */
} sgf_cli_sweep_hooks;
/* The options, runs, progress and messages of `sgf sweep`, for any such
 * command; returns the exit status. */
int sgf_cli_sweep_main(int argc, char **argv, const sgf_cli_sweep_hooks *h);
/* cmd_plot.c: in every build; without the viewer it only says it needs it. */
int sgf_cmd_plot(int argc, char **argv);
extern const char sgf_cmd_plot_help[];

#ifdef SGF_WITH_MPI
/* sweep_mpi.c, in builds with -DSGF_WITH_MPI=ON. */
#include "sgf/sgf_sweep.h"
bool sgf_mpi_launched(void);            /* started by mpirun (its environment) */
int sgf_mpi_init(int *rank, int *size); /* 0 on success */
void sgf_mpi_finalize(void);
/* sgf_sweep_execute over MPI ranks: rank 0 opens the journal, hands out
 * runs one at a time and records the rows the others send back; every rank
 * calls it. Only rank 0's outcome and status describe the sweep. */
sgf_status sgf_sweep_mpi_execute(const sgf_sweep *sw, const sgf_sweep_exec *x,
                                 sgf_sweep_outcome *out, char *err, size_t err_size);
#endif

#ifdef SGF_WITH_VIEWER
int sgf_cmd_view(int argc, char **argv); /* cmd_view.c, viewer builds only */
extern const char sgf_cmd_view_help[];
/* The natural figures of the finished sweep in dir into dir/plots (what
 * `sgf sweep --plot` and `sgf plot DIR` write); prints its own messages and
 * returns the exit status (cmd_plot.c). */
int sgf_cli_plot_sweep(const char *dir, bool quiet);
/* The figures of a finished sensitivity analysis in dir into dir/plots
 * (plot_sensitivity.c): mu*-sigma plane, S1/ST bars, tornado. */
int sgf_cli_plot_sensitivity(const char *dir, bool quiet);
/* plot_explore.c: a finished calibration's figure into dir/plots
 * (marginal posteriors, convergence), and PRIM's peeling trajectories into
 * out_dir/peeling.png; each returns the exit status. */
int sgf_cli_plot_calibration(const char *dir, bool quiet);
int sgf_cli_plot_discover(const char *out_dir, bool quiet);
#endif

/* The overview printed by `sgf help` and `sgf --help`. */
void sgf_cli_print_overview(FILE *f);

/* ---- shared helpers (main.c) ---------------------------------------------- */

/* Strict numbers: decimal digits only (no sign, blanks or suffix), no
 * overflow. The int form also checks [min, max]. */
bool sgf_cli_parse_u64(const char *text, uint64_t *out);
bool sgf_cli_parse_int(const char *text, int min, int max, int *out);

/* Matches argv[*i] against a value option `name` given as `name VALUE` or
 * `name=VALUE`. Returns 1 and sets *value (advancing *i past a separate
 * value), 0 when argv[*i] is another argument, -1 when the value is missing. */
int sgf_cli_option_value(int argc, char **argv, int *i, const char *name, const char **value);

/* "sgf CMD: message" and a hint to `sgf help CMD` on stderr; returns 2. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
int sgf_cli_usage_error(const char *command, const char *fmt, ...);

/* "sgf: FILE:LINE: setting 'PATH': MESSAGE" on stderr. */
void sgf_cli_print_diag(const sgf_diag *diag);

/* Loads a scenario (NULL: the built-in default) onto a default definition
 * and applies the --set assignments in order. On failure prints the
 * diagnostic, frees the definition and returns the status (an unreadable
 * file counts as SGF_ERR_SCENARIO: bad input, exit 2). */
sgf_status sgf_cli_load_scenario(const char *path, const char *const *sets, int set_count,
                                 sgf_world_def *def);

#endif
