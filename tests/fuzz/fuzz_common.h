/* fuzz_common.h: what the libFuzzer targets in tests/fuzz share.
 *
 * Each target defines LLVMFuzzerTestOneInput (and LLVMFuzzerInitialize when
 * it needs set-up). The same sources are compiled two ways: with clang and
 * -fsanitize=fuzzer for scripts/fuzz.sh, and into tests/test_fuzz_corpus.c,
 * which replays the seed corpus and every regression input under CTest with
 * any compiler, so a crash once found stays fixed.
 *
 * Files the fuzzed text may reach through @include and extends live in
 * tests/fuzz/data (SGF_FUZZ_DATA, or the directory compiled in). Inputs that
 * climb out of it or name /dev, /proc or /sys are skipped: reading a device
 * or a kernel file can block (a pipe, /proc/kmsg), which would be a hang of
 * the harness, not a finding. Static names carry the target's prefix, since
 * the replay test includes every target into one file.
 */
#ifndef SGF_FUZZ_COMMON_H
#define SGF_FUZZ_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sgf/sgf.h"

#ifndef SGF_FUZZ_DATA_DIR
#define SGF_FUZZ_DATA_DIR "tests/fuzz/data"
#endif

/* Largest input a target reads; libFuzzer's -max_len in fuzz.sh matches. */
#define FUZZ_MAX_INPUT 65536
/* Worlds a target builds and steps stay small, so an input takes
 * milliseconds: at most this many partners and weeks. */
#define FUZZ_MAX_PARTNERS 2000
#define FUZZ_MAX_TICKS 30

static inline const char *fuzz_data_dir(void)
{
    const char *d = getenv("SGF_FUZZ_DATA");
    return d && *d ? d : SGF_FUZZ_DATA_DIR;
}

/* The input as a NUL-terminated string (cut at its first NUL, as C code
 * would read it); NULL when too long or out of memory. Caller frees. */
static inline char *fuzz_text(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT) return NULL;
    char *s = malloc(size + 1);
    if (!s) return NULL;
    memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

/* Whether text may reach outside the data directory or into a device:
 * "..", "/dev", "/proc", "/sys" with backslashes removed (libconfig drops
 * unknown escapes in @include names). */
static inline bool fuzz_reaches_out(const char *text)
{
    size_t n = strlen(text);
    char *s = malloc(n + 1);
    if (!s) return true;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (text[i] != '\\') s[k++] = text[i];
    s[k] = '\0';
    bool out = strstr(s, "..") || strstr(s, "/dev") || strstr(s, "/proc") || strstr(s, "/sys") ||
               strstr(s, "/run");
    free(s);
    return out;
}

/* Partners a definition would start with (listed + populations). */
static inline long fuzz_partner_total(const sgf_world_def *def)
{
    long n = def->partner_count;
    for (int i = 0; i < def->population_count; i++)
        n += def->populations[i].count > 0 ? def->populations[i].count : 0;
    return n;
}

/* A diagnostic must name something and be a terminated string. */
static inline void fuzz_check_diag(const sgf_diag *d)
{
    if (memchr(d->file, '\0', sizeof d->file) == NULL ||
        memchr(d->path, '\0', sizeof d->path) == NULL ||
        memchr(d->message, '\0', sizeof d->message) == NULL || d->message[0] == '\0') {
        fprintf(stderr, "fuzz: an error without a message\n");
        abort();
    }
    char buf[1024];
    sgf_diag_format(d, buf, sizeof buf);
}

/* Builds the world of an accepted definition (if small) and steps it a few
 * weeks with its invariants checked: a scenario the loader and validator
 * accept must never break the model. */
static inline void fuzz_run_world(sgf_world_def *def)
{
    if (fuzz_partner_total(def) > FUZZ_MAX_PARTNERS) return;
    if (def->ticks > FUZZ_MAX_TICKS) def->ticks = FUZZ_MAX_TICKS;
    def->check = true;
    sgf_world *w = NULL;
    sgf_status st = sgf_world_create(def, &w);
    if (st != SGF_OK) {
        if (st == SGF_ERR_NOMEM) return;
        fprintf(stderr, "fuzz: a validated scenario could not be built: %s\n",
                sgf_status_message(st));
        abort();
    }
    while (!sgf_world_done(w)) {
        st = sgf_world_step(w);
        if (st != SGF_OK) {
            fprintf(stderr, "fuzz: a validated scenario broke the model in week %d: %s: %s\n",
                    sgf_world_tick(w), sgf_status_message(st), sgf_world_error(w));
            abort();
        }
    }
    sgf_summary s;
    sgf_world_summary(w, &s);
    (void)sgf_world_hash(w);
    sgf_world_destroy(w);
}

#endif
