/* test_golden.c: the golden test. The world hash after ten simulated years
 * of the test fixture, for three seeds, and the bytes of `sgf run`'s files
 * for the built-in default scenario, must equal the values recorded in
 * tests/golden/. They change only when the model or the default scenario
 * changes on purpose; then regenerate them with
 *   SGF_UPDATE_GOLDEN=1 build/tests/test_golden
 * and say why in the commit. On another machine the same values prove the
 * promise of docs/reproducibility.md: same scenario and seed, same bits.
 */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fixture.h"
#include "harness.h"

#define PROC_TAG "golden"
#include "proc.h"

static bool updating(void)
{
    return getenv("SGF_UPDATE_GOLDEN") != NULL;
}

static uint64_t fnv_file(const char *path, uint64_t h)
{
    FILE *f = fopen(path, "rb");
    if (!f) return 0;
    int c;
    while ((c = fgetc(f)) != EOF) {
        h ^= (unsigned char)c;
        h *= 1099511628211ULL;
    }
    fclose(f);
    return h;
}

/* Compare `value` with the line `key value` in tests/golden/NAME, or write it. */
static bool golden(const char *name, const char *key, uint64_t value)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/golden/%s", source_dir(), name);
    if (updating()) {
        FILE *f = fopen(path, "a");
        if (!f) return false;
        fprintf(f, "%s %016llx\n", key, (unsigned long long)value);
        fclose(f);
        return true;
    }
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "missing %s\n", path);
        return false;
    }
    char k[128];
    unsigned long long v;
    bool found = false, same = false;
    while (fscanf(f, "%127s %llx", k, &v) == 2)
        if (strcmp(k, key) == 0) {
            found = true;
            same = v == value;
        }
    fclose(f);
    if (!found)
        fprintf(stderr, "%s: no entry %s\n", path, key);
    else if (!same)
        fprintf(stderr, "%s: %s is %016llx, recorded otherwise\n", path, key,
                (unsigned long long)value);
    return found && same;
}

TEST(fixture_world_hashes)
{
    if (updating()) {
        char path[1024];
        snprintf(path, sizeof path, "%s/tests/golden/fixture.txt", source_dir());
        remove(path);
    }
    const uint64_t seeds[] = {1, 42, 20010101};
    for (int k = 0; k < 3; k++) {
        sgf_world_def d = fx_def(seeds[k], 40);
        sgf_world *w = NULL;
        CHECK(sgf_world_create(&d, &w) == SGF_OK);
        if (!w) return;
        while (!sgf_world_done(w)) CHECK(sgf_world_step(w) == SGF_OK);
        char key[64];
        snprintf(key, sizeof key, "seed%llu", (unsigned long long)seeds[k]);
        CHECK_MSG(golden("fixture.txt", key, sgf_world_hash(w)), "world hash for %s", key);
        sgf_world_destroy(w);
        sgf_world_def_free(&d);
    }
}

TEST(default_run_files)
{
    const char *bin = getenv("SGF_BIN");
    CHECK(bin != NULL);
    if (!bin) return;
    char dir[] = "/tmp/sgf-golden-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char cmd[2048];
    snprintf(cmd, sizeof cmd,
             "'%s' run --seed 7 --ticks 156 --quiet --force --out '%s/out' >/dev/null", bin, dir);
    CHECK_EQ_INT(system(cmd), 0);
    if (updating()) {
        char path[1024];
        snprintf(path, sizeof path, "%s/tests/golden/default.txt", source_dir());
        remove(path);
    }
    const char *files[] = {"timeseries.csv", "summary.csv",   "events.csv",
                           "network.jsonl",  "network.gexf", "markets.csv"};
    for (int i = 0; i < (int)(sizeof files / sizeof files[0]); i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/out/%s", dir, files[i]);
        uint64_t h = fnv_file(path, 1469598103934665603ULL);
        CHECK_MSG(h != 0, "cannot read %s", path);
        CHECK_MSG(golden("default.txt", files[i], h), "%s differs from the golden run", files[i]);
    }
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK_EQ_INT(system(cmd), 0);
}

int main(int argc, char **argv)
{
    return RUN_TESTS(argc, argv, fixture_world_hashes, default_run_files);
}
