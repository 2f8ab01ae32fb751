/* fuzz_sweep.c: libFuzzer target for sweep files (sgf_sweep_load, sim/explore/sweep.c).
 *
 * The input is written as sweep.cfg into a private temporary directory that
 * holds copies of tests/fuzz/data (so `base = "base.cfg";` and @include
 * resolve), then loaded. It must load or fail with SGF_ERR_SCENARIO and a
 * message. A loaded sweep prints its plan, formats a design point, and
 * builds its first and last runs' definitions; the first is simulated a few
 * weeks with invariants on.
 */
#include <dirent.h>
#include <unistd.h>

#include "../proc.h"
#include "fuzz_common.h"
#include "sgf/sgf_sweep.h"

static char fuzz_sweep_dir_[64];
static char fuzz_sweep_file_[128];
static FILE *fuzz_sweep_null_;

/* Copies the data directory's files into dir. */
static void fuzz_sweep_copy_data(const char *dir)
{
    DIR *d = opendir(fuzz_data_dir());
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue;
        char from[4096], to[4096];
        snprintf(from, sizeof from, "%s/%s", fuzz_data_dir(), e->d_name);
        snprintf(to, sizeof to, "%s/%s", dir, e->d_name);
        FILE *in = fopen(from, "rb"), *out = in ? fopen(to, "wb") : NULL;
        char buf[8192];
        size_t n;
        while (in && out && (n = fread(buf, 1, sizeof buf, in)) > 0) fwrite(buf, 1, n, out);
        if (in) fclose(in);
        if (out) fclose(out);
    }
    closedir(d);
}

static void fuzz_sweep_cleanup(void)
{
    remove_tree(fuzz_sweep_dir_);
}

static bool fuzz_sweep_setup(void)
{
    if (fuzz_sweep_dir_[0]) return true;
    snprintf(fuzz_sweep_dir_, sizeof fuzz_sweep_dir_, "/tmp/sgf-fuzz-sweep-XXXXXX");
    if (!mkdtemp(fuzz_sweep_dir_)) {
        fuzz_sweep_dir_[0] = '\0';
        return false;
    }
    fuzz_sweep_copy_data(fuzz_sweep_dir_);
    snprintf(fuzz_sweep_file_, sizeof fuzz_sweep_file_, "%s/sweep.cfg", fuzz_sweep_dir_);
    fuzz_sweep_null_ = fopen("/dev/null", "w");
    atexit(fuzz_sweep_cleanup);
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!fuzz_sweep_setup()) return 0;
    char *text = fuzz_text(data, size);
    if (!text) return 0;
    bool skip = fuzz_reaches_out(text);
    free(text);
    if (skip) return 0;
    FILE *f = fopen(fuzz_sweep_file_, "wb");
    if (!f) return 0;
    fwrite(data, 1, size, f);
    fclose(f);

    sgf_sweep *sw = NULL;
    sgf_diag diag;
    sgf_status st = sgf_sweep_load(fuzz_sweep_file_, 0, &sw, &diag);
    if (st == SGF_OK) {
        uint64_t runs = sgf_sweep_run_count(sw);
        if (fuzz_sweep_null_) {
            sgf_sweep_shard all = {1, 1};
            sgf_sweep_write_plan(fuzz_sweep_null_, sw, all, 3);
        }
        char buf[64];
        for (int i = 0; i < sgf_sweep_param_count(sw); i++)
            sgf_sweep_point_value(sw, 0, i, buf, sizeof buf);
        for (int k = 0; k < 2 && runs > 0; k++) {
            uint64_t run = k == 0 ? 0 : runs - 1;
            sgf_world_def def;
            sgf_diag d2;
            sgf_status rs = sgf_sweep_run_def(sw, run, &def, &d2);
            if (rs == SGF_OK) {
                if (k == 0) fuzz_run_world(&def);
                sgf_world_def_free(&def);
            } else if (rs == SGF_ERR_SCENARIO) {
                fuzz_check_diag(&d2);
            } else if (rs != SGF_ERR_NOMEM) {
                abort();
            }
        }
        sgf_sweep_destroy(sw);
    } else if (st == SGF_ERR_SCENARIO) {
        fuzz_check_diag(&diag);
    } else if (st != SGF_ERR_NOMEM) {
        fprintf(stderr, "fuzz: unexpected status %d from the sweep loader\n", (int)st);
        abort();
    }
    return 0;
}
