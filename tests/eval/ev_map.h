/*
 * ev_map.h - the evaluation's lookup tables: string -> int and uint64 -> int.
 *
 * The evaluation looks things up by URL (which corpus record a search hit is),
 * by normalised title (which records share a headline) and by syllable
 * shingle (which records contain a body fragment).  Open addressing, grown at
 * half load; keys are copied, so callers keep ownership of what they pass.
 */
#ifndef EV_MAP_H
#define EV_MAP_H

#include <stddef.h>
#include <stdint.h>

#include "tc_status.h"

typedef struct ev_strmap ev_strmap;

/* A new empty map, or NULL when out of memory. */
ev_strmap *ev_strmap_new(void);
void ev_strmap_free(ev_strmap *m);

/* Set key[0..n) to value, replacing an earlier value.  TC_ERR_NOMEM. */
TC_MUST_CHECK tc_status ev_strmap_put(ev_strmap *m, const char *key, size_t n, int value);
/* The value of key[0..n), or -1 when absent. */
int ev_strmap_get(const ev_strmap *m, const char *key, size_t n);
/* Number of keys. */
size_t ev_strmap_count(const ev_strmap *m);

/*
 * uint64 -> list of ints (a multimap): several values may share a key, and
 * ev_u64map_each visits them all.  Used for shingle hashes, which collide.
 */
typedef struct ev_u64map ev_u64map;

ev_u64map *ev_u64map_new(void);
void ev_u64map_free(ev_u64map *m);
TC_MUST_CHECK tc_status ev_u64map_add(ev_u64map *m, uint64_t key, int value);
/* Is there any value for key?  Cheap; for the hot loop. */
int ev_u64map_has(const ev_u64map *m, uint64_t key);
/* Call fn(ctx, value) for each value stored under key. */
void ev_u64map_each(const ev_u64map *m, uint64_t key, void (*fn)(void *ctx, int value),
		    void *ctx);

/* FNV-1a over bytes, the hash every table here uses. */
uint64_t ev_hash(const void *p, size_t n);

#endif
