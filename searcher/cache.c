/*
 * cache.c - a byte-bounded LRU map for the FastCGI service's answers
 * (cache.h).  Chained hash table (FNV-1a, power-of-two buckets grown at a
 * load of 1) plus a doubly linked list in use order; each entry is one
 * allocation holding its key and value, so accounting is exact: an entry
 * costs its key, its value and ENTRY_OVERHEAD.
 */
#include "cache.h"

#include <stdlib.h>
#include <string.h>

#include "tc_banned.h"

/* What an entry costs beyond its bytes: the struct, the allocator's header,
 * its bucket slot. */
#define ENTRY_OVERHEAD (sizeof(entry) + 16 + sizeof(entry *))
#define BUCKETS_MIN 64

typedef struct entry {
	struct entry *next_in_bucket;
	struct entry *newer, *older;
	uint64_t hash;
	size_t klen, vlen;
	char bytes[]; /* key, then value */
} entry;

struct tc_cache {
	size_t max_bytes, bytes, count;
	entry **buckets;
	size_t nbuckets; /* a power of two */
	entry *newest, *oldest;
	char *stamp;
	size_t stamp_len;
	int stamped;
	tc_cache_stats st;
};

static uint64_t hash_of(const char *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

static size_t cost(const entry *e)
{
	return e->klen + e->vlen + ENTRY_OVERHEAD;
}

tc_status tc_cache_new(size_t max_bytes, tc_cache **out)
{
	*out = NULL;
	tc_cache *c = calloc(1, sizeof *c);
	if (!c)
		return TC_ERR_NOMEM;
	c->max_bytes = max_bytes;
	c->nbuckets = BUCKETS_MIN;
	c->buckets = calloc(c->nbuckets, sizeof *c->buckets);
	if (!c->buckets) {
		free(c);
		return TC_ERR_NOMEM;
	}
	*out = c;
	return TC_OK;
}

static void unlink_use(tc_cache *c, entry *e)
{
	if (e->newer)
		e->newer->older = e->older;
	else
		c->newest = e->older;
	if (e->older)
		e->older->newer = e->newer;
	else
		c->oldest = e->newer;
	e->newer = e->older = NULL;
}

static void push_newest(tc_cache *c, entry *e)
{
	e->older = c->newest;
	e->newer = NULL;
	if (c->newest)
		c->newest->newer = e;
	c->newest = e;
	if (!c->oldest)
		c->oldest = e;
}

/* The slot that points at the entry under key (or at the NULL ending its
 * chain). */
static entry **find_slot(tc_cache *c, const char *key, size_t klen, uint64_t h)
{
	entry **slot = &c->buckets[h & (c->nbuckets - 1)];
	while (*slot && !((*slot)->hash == h && (*slot)->klen == klen &&
			  memcmp((*slot)->bytes, key, klen) == 0))
		slot = &(*slot)->next_in_bucket;
	return slot;
}

static void remove_entry(tc_cache *c, entry *e)
{
	entry **slot = find_slot(c, e->bytes, e->klen, e->hash);
	*slot = e->next_in_bucket;
	unlink_use(c, e);
	c->bytes -= cost(e);
	c->count--;
	free(e);
}

static void clear(tc_cache *c)
{
	entry *e = c->newest;
	while (e) {
		entry *next = e->older;
		free(e);
		e = next;
	}
	memset(c->buckets, 0, c->nbuckets * sizeof *c->buckets);
	c->newest = c->oldest = NULL;
	c->bytes = 0;
	c->count = 0;
}

void tc_cache_free(tc_cache *c)
{
	if (!c)
		return;
	clear(c);
	free(c->buckets);
	free(c->stamp);
	free(c);
}

const char *tc_cache_get(tc_cache *c, const char *key, size_t klen, size_t *vlen)
{
	*vlen = 0;
	entry *e = *find_slot(c, key, klen, hash_of(key, klen));
	if (!e) {
		c->st.misses++;
		return NULL;
	}
	c->st.hits++;
	unlink_use(c, e);
	push_newest(c, e);
	*vlen = e->vlen;
	return e->bytes + e->klen;
}

/* Twice the buckets once there are as many entries as buckets; a failed
 * allocation keeps the table as it is (longer chains, still correct). */
static void maybe_grow(tc_cache *c)
{
	if (c->count < c->nbuckets || c->nbuckets > SIZE_MAX / 2 / sizeof(entry *))
		return;
	size_t n = c->nbuckets * 2;
	entry **b = calloc(n, sizeof *b);
	if (!b)
		return;
	for (size_t i = 0; i < c->nbuckets; i++) {
		entry *e = c->buckets[i];
		while (e) {
			entry *next = e->next_in_bucket;
			e->next_in_bucket = b[e->hash & (n - 1)];
			b[e->hash & (n - 1)] = e;
			e = next;
		}
	}
	free(c->buckets);
	c->buckets = b;
	c->nbuckets = n;
}

tc_status tc_cache_put(tc_cache *c, const char *key, size_t klen, const char *val, size_t vlen)
{
	uint64_t h = hash_of(key, klen);
	entry *old = *find_slot(c, key, klen, h);
	if (old)
		remove_entry(c, old);
	if (klen > c->max_bytes || vlen > c->max_bytes ||
	    klen + vlen + ENTRY_OVERHEAD > c->max_bytes / 8)
		return TC_OK; /* not kept: see cache.h */
	entry *e = malloc(sizeof *e + klen + vlen);
	if (!e)
		return TC_ERR_NOMEM;
	e->hash = h;
	e->klen = klen;
	e->vlen = vlen;
	memcpy(e->bytes, key, klen);
	if (vlen)
		memcpy(e->bytes + klen, val, vlen);
	while (c->oldest && c->bytes + cost(e) > c->max_bytes) {
		remove_entry(c, c->oldest);
		c->st.evictions++;
	}
	entry **slot = find_slot(c, key, klen, h);
	e->next_in_bucket = NULL;
	*slot = e;
	push_newest(c, e);
	c->bytes += cost(e);
	c->count++;
	c->st.stores++;
	maybe_grow(c);
	return TC_OK;
}

int tc_cache_stamp(tc_cache *c, const char *stamp, size_t n)
{
	if (c->stamped && n == c->stamp_len && (n == 0 || memcmp(stamp, c->stamp, n) == 0))
		return 0;
	int dropped = c->stamped;
	/* Entries without a recorded stamp (a failed copy below) go too. */
	if (dropped || c->count)
		clear(c);
	if (dropped)
		c->st.drops++;
	char *copy = malloc(n ? n : 1);
	free(c->stamp);
	c->stamp = copy;
	c->stamp_len = copy ? n : 0;
	c->stamped = copy != NULL;
	if (copy && n)
		memcpy(copy, stamp, n);
	return dropped;
}

void tc_cache_get_stats(const tc_cache *c, tc_cache_stats *out)
{
	*out = c->st;
	out->entries = c->count;
	out->bytes = c->bytes;
}
