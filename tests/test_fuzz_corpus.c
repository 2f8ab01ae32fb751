/* test_fuzz_corpus.c: the fuzz targets of tests/fuzz on their seed corpus and
 * on every regression input, with any compiler (issue 8).
 *
 * scripts/fuzz.sh runs the targets under libFuzzer with clang; this test
 * replays tests/fuzz/corpus/<target>/ and tests/fuzz/regress/<target>/
 * through the same LLVMFuzzerTestOneInput in every CTest run (and under
 * ASan in the sanitizer build), so an input that once crashed stays fixed.
 * A target reports a finding by crashing or aborting, so a failure here is
 * the test process dying, with the input's name printed just before.
 */
#include <dirent.h>
#include <stdint.h>

#include "harness.h"

/* Each target's entry point under its own name, in one file. */
#define LLVMFuzzerTestOneInput fuzz_scenario_one
#include "fuzz/fuzz_scenario.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_set_one
#include "fuzz/fuzz_set.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_sweep_one
#include "fuzz/fuzz_sweep.c"
#undef LLVMFuzzerTestOneInput

typedef int (*fuzz_fn)(const uint8_t *data, size_t size);

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Feeds every file of dir to fn in name order; returns how many. */
static int replay_dir(const char *dir, fuzz_fn fn)
{
    DIR *d = opendir(dir);
    if (!d) return 0;
    char *names[4096];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < 4096)
        if (e->d_name[0] != '.') names[n++] = strdup(e->d_name);
    closedir(d);
    qsort(names, (size_t)n, sizeof names[0], cmp_names);
    int done = 0;
    for (int i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        FILE *f = fopen(path, "rb");
        if (f) {
            uint8_t *buf = malloc(FUZZ_MAX_INPUT + 1);
            size_t len = buf ? fread(buf, 1, FUZZ_MAX_INPUT, f) : 0;
            fclose(f);
            printf("    %s\n", path);
            fflush(stdout);
            if (buf) fn(buf, len);
            free(buf);
            done++;
        }
        free(names[i]);
    }
    return done;
}

static int replay(const char *target, fuzz_fn fn)
{
    const char *src = getenv("SGF_SOURCE_DIR");
    if (!src || !*src) src = ".";
    char data[4096], dir[4096];
    snprintf(data, sizeof data, "%s/tests/fuzz/data", src);
    setenv("SGF_FUZZ_DATA", data, 1);
    snprintf(dir, sizeof dir, "%s/tests/fuzz/corpus/%s", src, target);
    int n = replay_dir(dir, fn);
    snprintf(dir, sizeof dir, "%s/tests/fuzz/regress/%s", src, target);
    return n + replay_dir(dir, fn);
}

TEST(scenario_corpus)
{
    CHECK_LT(0, replay("scenario", fuzz_scenario_one));
}

TEST(set_corpus)
{
    CHECK_LT(0, replay("set", fuzz_set_one));
}

TEST(sweep_corpus)
{
    CHECK_LT(0, replay("sweep", fuzz_sweep_one));
}

int main(int argc, char **argv)
{
    return RUN_TESTS(argc, argv, scenario_corpus, set_corpus, sweep_corpus);
}
