/* alloc_fail.c - the allocation wrappers; see alloc_fail.h. */
#include "alloc_fail.h"

#include <execinfo.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>
#include <unistd.h>

void *__real_malloc(size_t n);
void *__real_calloc(size_t k, size_t n);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t k, size_t n);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);

/* Atomic: the importer's shard workers allocate from threads of their own. */
static _Atomic uint64_t count, fail_at;
static atomic_int injected;

void alloc_fail_at(uint64_t n)
{
	atomic_store(&count, 0);
	atomic_store(&injected, 0);
	atomic_store(&fail_at, n);
}

uint64_t alloc_fail_count(void)
{
	return atomic_load(&count);
}

int alloc_fail_injected(void)
{
	return atomic_load(&injected);
}

static int fail_now(void)
{
	uint64_t at = atomic_load(&fail_at);
	if (atomic_fetch_add(&count, 1) + 1 != at || !at)
		return 0;
	atomic_store(&injected, 1);
	/* ALLOC_FAIL_TRACE=1: where the failed allocation was asked for (run
	 * one scenario under gdb or addr2line to read it). */
	const char *trace = getenv("ALLOC_FAIL_TRACE");
	if (trace && *trace == '1') {
		void *frames[32];
		backtrace_symbols_fd(frames, backtrace(frames, 32), STDERR_FILENO);
	}
	return 1;
}

void *__wrap_malloc(size_t n)
{
	return fail_now() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t k, size_t n)
{
	return fail_now() ? NULL : __real_calloc(k, n);
}

void *__wrap_realloc(void *p, size_t n)
{
	return fail_now() ? NULL : __real_realloc(p, n);
}

char *__wrap_strdup(const char *s)
{
	return fail_now() ? NULL : __real_strdup(s);
}

char *__wrap_strndup(const char *s, size_t n)
{
	return fail_now() ? NULL : __real_strndup(s, n);
}
