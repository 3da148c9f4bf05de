/*
 * cache.h - the search page's answers kept in memory by a long-lived
 * process (the FastCGI service, docs/WEB.md): key bytes to value bytes,
 * bounded in total size, least recently used first out.
 *
 * The cache knows nothing of the index: whoever fills it says which state of
 * the index its answers belong to with tc_cache_stamp(), and a new stamp
 * drops every entry.  A CGI process answers one request and keeps no cache.
 */
#ifndef CACHE_H
#define CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "tc_status.h"

typedef struct tc_cache tc_cache;

/* What the cache did since it was made (for the log and the tests). */
typedef struct tc_cache_stats {
	uint64_t hits, misses, stores, evictions, drops; /* drops: tc_cache_stamp flushes */
	size_t entries, bytes;                           /* in it now */
} tc_cache_stats;

/*
 * A cache holding at most max_bytes of keys, values and bookkeeping; 0 makes
 * a cache that stores nothing (every get misses).  TC_ERR_NOMEM on failure,
 * *out NULL.
 */
TC_MUST_CHECK tc_status tc_cache_new(size_t max_bytes, tc_cache **out /* OUT */);
/* Free the cache and every entry; NULL is fine. */
void tc_cache_free(tc_cache *c);

/*
 * The value stored under key[0..klen), or NULL (a miss).  The pointer is the
 * cache's and stays valid until the next call that changes the cache
 * (put, stamp, free).  A hit makes the entry the most recently used.
 */
const char *tc_cache_get(tc_cache *c, const char *key, size_t klen, size_t *vlen /* OUT */);

/*
 * Store a copy of val[0..vlen) under key[0..klen), replacing what was there,
 * evicting the least recently used entries until the whole fits.  An entry
 * larger than an eighth of the cache is not kept (one huge answer must not
 * empty the cache): TC_OK all the same, as for a cache of size 0.
 * TC_ERR_NOMEM leaves the cache as it was, less the entry under key.
 */
TC_MUST_CHECK tc_status tc_cache_put(tc_cache *c, const char *key, size_t klen, const char *val,
				     size_t vlen);

/*
 * Say which state of the index the next answers come from: when stamp[0..n)
 * differs from the last one given, every entry is dropped.  Returns 1 when
 * it dropped them (the stamp changed), 0 otherwise.  The first call only
 * records the stamp.
 */
int tc_cache_stamp(tc_cache *c, const char *stamp, size_t n);

void tc_cache_get_stats(const tc_cache *c, tc_cache_stats *out /* OUT */);

#endif
