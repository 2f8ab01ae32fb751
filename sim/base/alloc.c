/* alloc.c: the allocation hook with fault injection (see alloc.h). */
#include "base/alloc.h"

#include <stdlib.h>

static _Thread_local long fail_at_ = 0; /* 0: never fail */
static _Thread_local long count_ = 0;

static int should_fail(void)
{
    count_++;
    return fail_at_ > 0 && count_ == fail_at_;
}

void *sgf_malloc(size_t size)
{
    if (should_fail()) return NULL;
    return malloc(size ? size : 1);
}

void *sgf_calloc(size_t count, size_t size)
{
    if (should_fail()) return NULL;
    return calloc(count ? count : 1, size ? size : 1);
}

void *sgf_realloc(void *ptr, size_t size)
{
    if (should_fail()) return NULL;
    return realloc(ptr, size ? size : 1);
}

void sgf_free(void *ptr)
{
    free(ptr);
}

long sgf_alloc_fail_at(long n)
{
    long made = count_;
    fail_at_ = n;
    count_ = 0;
    return made;
}
