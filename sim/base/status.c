/* status.c: messages and exit codes of the sgf_status table. */
#include "sgf/sgf_status.h"

static const struct {
    const char *message;
    int exit_code;
} status_table[] = {
#define SGF_STATUS_ROW_(name, msg, code) {msg, code},
    SGF_STATUS_MAP(SGF_STATUS_ROW_)
#undef SGF_STATUS_ROW_
};

const char *sgf_status_message(sgf_status s)
{
    if ((unsigned)s >= SGF_STATUS_COUNT) return "unknown status";
    return status_table[s].message;
}

int sgf_status_exit_code(sgf_status s)
{
    if ((unsigned)s >= SGF_STATUS_COUNT) return 1;
    return status_table[s].exit_code;
}
