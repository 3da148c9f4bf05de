/*
 * alloc_fail.h - make the n-th allocation of our code fail, for the
 * allocation-failure run (alloc_run.c), as curl's torture tests and
 * SQLite's OOM tests do.
 *
 * alloc_fail.c defines __wrap_malloc, __wrap_calloc, __wrap_realloc,
 * __wrap_strdup and __wrap_strndup; a program linked with
 * -Wl,--wrap=malloc (and the others) has every call to them from its own
 * objects and the static libraries linked into it (common/, indexer/,
 * searcher/) go through these, and only those: the shared libraries
 * (libxml2, json-c, SQLite, libcurl, Xapian) call the C library directly
 * and never fail here.  C++ operator new (the Xapian shim) is not wrapped
 * either: the shim turns std::bad_alloc into TC_ERR_NOMEM itself.
 */
#ifndef ALLOC_FAIL_H
#define ALLOC_FAIL_H

#include <stdint.h>

/* From now on, count allocations from 1 and fail the n-th, once (0: none). */
void alloc_fail_at(uint64_t n);
/* Allocations counted since alloc_fail_at. */
uint64_t alloc_fail_count(void);
/* Whether the n-th allocation was reached and failed. */
int alloc_fail_injected(void);

#endif
