/* fuzz_scenario.c: libFuzzer target for scenario files (sim/io/scenario.c).
 *
 * The input is a scenario text, loaded as the file "fuzz.cfg" in the data
 * directory (so @include and extends reach tests/fuzz/data). It must load or
 * fail with SGF_ERR_SCENARIO and a message; a loaded definition is dumped as
 * JSON, hashed, validated, and when valid built and stepped a few weeks with
 * invariants on (fuzz_common.h). Any crash, sanitizer report, leak, abort or
 * other status is a finding.
 */
#include "fuzz_common.h"

static FILE *fuzz_scenario_null_;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_text(data, size);
    if (!text) return 0;
    if (fuzz_reaches_out(text)) {
        free(text);
        return 0;
    }
    if (!fuzz_scenario_null_) fuzz_scenario_null_ = fopen("/dev/null", "w");

    sgf_world_def def = sgf_world_def_default();
    sgf_diag diag;
    sgf_status st = sgf_scenario_load_string(text, "fuzz.cfg", fuzz_data_dir(), &def, &diag);
    if (st == SGF_OK) {
        if (fuzz_scenario_null_) sgf_scenario_write_json(fuzz_scenario_null_, &def);
        (void)sgf_def_hash(&def);
        st = sgf_scenario_validate(&def, &diag);
        if (st == SGF_OK)
            fuzz_run_world(&def);
        else if (st != SGF_ERR_SCENARIO)
            abort();
        else
            fuzz_check_diag(&diag);
    } else if (st == SGF_ERR_SCENARIO) {
        fuzz_check_diag(&diag);
    } else if (st != SGF_ERR_NOMEM) {
        fprintf(stderr, "fuzz: unexpected status %d from the loader\n", (int)st);
        abort();
    }
    sgf_world_def_free(&def);
    free(text);
    return 0;
}
