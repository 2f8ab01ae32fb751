/* fuzz_set.c: libFuzzer target for `--set PATH=VALUE` (sgf_scenario_apply_set).
 *
 * The input is one or more assignments, one per line, applied in order to
 * the built-in default scenario, as `sgf run --set A --set B` would. Each
 * must apply or fail with SGF_ERR_SCENARIO and a message; the result is
 * validated and, when valid, built and stepped a few weeks with invariants on.
 */
#include "fuzz_common.h"

static sgf_world_def fuzz_set_base_;
static bool fuzz_set_ready_;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!fuzz_set_ready_) {
        fuzz_set_base_ = sgf_world_def_default();
        sgf_diag diag;
        if (sgf_scenario_load_default(&fuzz_set_base_, &diag) != SGF_OK) abort();
        fuzz_set_ready_ = true;
    }
    char *text = fuzz_text(data, size);
    if (!text) return 0;
    if (fuzz_reaches_out(text)) {
        free(text);
        return 0;
    }
    sgf_world_def def;
    if (sgf_world_def_copy(&def, &fuzz_set_base_) != SGF_OK) {
        free(text);
        return 0;
    }
    sgf_diag diag;
    sgf_status st = SGF_OK;
    for (char *line = text, *next; st == SGF_OK && line; line = next) {
        next = strchr(line, '\n');
        if (next) *next++ = '\0';
        if (!*line) continue;
        st = sgf_scenario_apply_set(&def, line, &diag);
    }
    if (st == SGF_OK) {
        st = sgf_scenario_validate(&def, &diag);
        if (st == SGF_OK) fuzz_run_world(&def);
    }
    if (st == SGF_ERR_SCENARIO)
        fuzz_check_diag(&diag);
    else if (st != SGF_OK && st != SGF_ERR_NOMEM) {
        fprintf(stderr, "fuzz: unexpected status %d from --set\n", (int)st);
        abort();
    }
    sgf_world_def_free(&def);
    free(text);
    return 0;
}
