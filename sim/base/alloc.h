/* alloc.h: every allocation of the core goes through here.
 *
 * One hook so that a test can make the n-th allocation fail and check that
 * each failure ends in a clean error (STYLE.md, "Out of memory"). The counter
 * is thread-local, so fault injection in one thread leaves others alone.
 */
#ifndef SGF_ALLOC_H
#define SGF_ALLOC_H

#include <stddef.h>

void *sgf_malloc(size_t size);
void *sgf_calloc(size_t count, size_t size);
void *sgf_realloc(void *ptr, size_t size);
void sgf_free(void *ptr);

/* Test hook: fail the n-th allocation from now on (1 = the next one); 0
 * turns failure off. Returns how many allocations were made since the last
 * call, so a test can learn how many points of failure a path has. */
long sgf_alloc_fail_at(long n);

#endif
