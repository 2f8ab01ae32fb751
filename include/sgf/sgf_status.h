/* sgf_status.h: one table of outcomes and their messages.
 *
 * Functions that can fail on input, I/O or memory return an sgf_status; the
 * table below gives each its message and the process exit status the command
 * line maps it to (0 ok, 2 usage or input error, 1 runtime failure).
 */
#ifndef SGF_STATUS_H
#define SGF_STATUS_H

#define SGF_STATUS_MAP(X)                                                                          \
    X(OK, "ok", 0)                                                                                 \
    X(ERR_USAGE, "usage error", 2)                                                                 \
    X(ERR_SCENARIO, "invalid scenario", 2)                                                         \
    X(ERR_IO, "input/output error", 1)                                                             \
    X(ERR_NOMEM, "out of memory", 1)                                                               \
    X(ERR_EXISTS, "output exists", 2)                                                              \
    X(ERR_INVARIANT, "model invariant violated", 1)                                                \
    X(ERR_INTERNAL, "internal error", 1)                                                           \
    X(ERR_INTERRUPTED, "interrupted", 1)

typedef enum sgf_status {
#define SGF_STATUS_ENUM_(name, msg, code) SGF_##name,
    SGF_STATUS_MAP(SGF_STATUS_ENUM_)
#undef SGF_STATUS_ENUM_
        SGF_STATUS_COUNT
} sgf_status;

const char *sgf_status_message(sgf_status s);
int sgf_status_exit_code(sgf_status s);

#endif
