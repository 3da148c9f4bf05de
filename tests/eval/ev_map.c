/* ev_map.c - open-addressing tables for the evaluation; see ev_map.h. */
#include "ev_map.h"

#include <stdlib.h>
#include <string.h>

#include "tc_banned.h"

uint64_t ev_hash(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

typedef struct str_slot {
	char *key; /* NULL: empty */
	size_t len;
	uint64_t hash;
	int value;
} str_slot;

struct ev_strmap {
	str_slot *slots;
	size_t cap; /* power of two */
	size_t count;
};

ev_strmap *ev_strmap_new(void)
{
	ev_strmap *m = calloc(1, sizeof *m);
	if (!m)
		return NULL;
	m->cap = 1024;
	m->slots = calloc(m->cap, sizeof *m->slots);
	if (!m->slots) {
		free(m);
		return NULL;
	}
	return m;
}

void ev_strmap_free(ev_strmap *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	free(m);
}

static str_slot *str_find(str_slot *slots, size_t cap, const char *key, size_t n, uint64_t h)
{
	size_t i = (size_t)h & (cap - 1);
	for (;;) {
		str_slot *s = &slots[i];
		if (!s->key || (s->hash == h && s->len == n && memcmp(s->key, key, n) == 0))
			return s;
		i = (i + 1) & (cap - 1);
	}
}

static tc_status str_grow(ev_strmap *m)
{
	if (m->cap > SIZE_MAX / 2 / sizeof(str_slot))
		return TC_ERR_NOMEM;
	size_t ncap = m->cap * 2;
	str_slot *ns = calloc(ncap, sizeof *ns);
	if (!ns)
		return TC_ERR_NOMEM;
	for (size_t i = 0; i < m->cap; i++) {
		str_slot *s = &m->slots[i];
		if (s->key)
			*str_find(ns, ncap, s->key, s->len, s->hash) = *s;
	}
	free(m->slots);
	m->slots = ns;
	m->cap = ncap;
	return TC_OK;
}

tc_status ev_strmap_put(ev_strmap *m, const char *key, size_t n, int value)
{
	if ((m->count + 1) * 2 > m->cap) {
		tc_status st = str_grow(m);
		if (st != TC_OK)
			return st;
	}
	uint64_t h = ev_hash(key, n);
	str_slot *s = str_find(m->slots, m->cap, key, n, h);
	if (!s->key) {
		char *k = malloc(n + 1);
		if (!k)
			return TC_ERR_NOMEM;
		memcpy(k, key, n);
		k[n] = '\0';
		s->key = k;
		s->len = n;
		s->hash = h;
		m->count++;
	}
	s->value = value;
	return TC_OK;
}

int ev_strmap_get(const ev_strmap *m, const char *key, size_t n)
{
	const str_slot *s = str_find(m->slots, m->cap, key, n, ev_hash(key, n));
	return s->key ? s->value : -1;
}

size_t ev_strmap_count(const ev_strmap *m)
{
	return m->count;
}

/* The multimap: slots hold (key, value) pairs; equal keys sit in one probe run. */
typedef struct u64_slot {
	uint64_t key;
	int value;
	int used;
} u64_slot;

struct ev_u64map {
	u64_slot *slots;
	size_t cap;
	size_t count;
};

ev_u64map *ev_u64map_new(void)
{
	ev_u64map *m = calloc(1, sizeof *m);
	if (!m)
		return NULL;
	m->cap = 1024;
	m->slots = calloc(m->cap, sizeof *m->slots);
	if (!m->slots) {
		free(m);
		return NULL;
	}
	return m;
}

void ev_u64map_free(ev_u64map *m)
{
	if (!m)
		return;
	free(m->slots);
	free(m);
}

static size_t mix(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	return (size_t)k;
}

static void u64_insert(u64_slot *slots, size_t cap, uint64_t key, int value)
{
	size_t i = mix(key) & (cap - 1);
	while (slots[i].used)
		i = (i + 1) & (cap - 1);
	slots[i].key = key;
	slots[i].value = value;
	slots[i].used = 1;
}

tc_status ev_u64map_add(ev_u64map *m, uint64_t key, int value)
{
	if ((m->count + 1) * 2 > m->cap) {
		if (m->cap > SIZE_MAX / 2 / sizeof(u64_slot))
			return TC_ERR_NOMEM;
		size_t ncap = m->cap * 2;
		u64_slot *ns = calloc(ncap, sizeof *ns);
		if (!ns)
			return TC_ERR_NOMEM;
		for (size_t i = 0; i < m->cap; i++)
			if (m->slots[i].used)
				u64_insert(ns, ncap, m->slots[i].key, m->slots[i].value);
		free(m->slots);
		m->slots = ns;
		m->cap = ncap;
	}
	u64_insert(m->slots, m->cap, key, value);
	m->count++;
	return TC_OK;
}

int ev_u64map_has(const ev_u64map *m, uint64_t key)
{
	size_t i = mix(key) & (m->cap - 1);
	while (m->slots[i].used) {
		if (m->slots[i].key == key)
			return 1;
		i = (i + 1) & (m->cap - 1);
	}
	return 0;
}

void ev_u64map_each(const ev_u64map *m, uint64_t key, void (*fn)(void *ctx, int value),
		    void *ctx)
{
	size_t i = mix(key) & (m->cap - 1);
	while (m->slots[i].used) {
		if (m->slots[i].key == key)
			fn(ctx, m->slots[i].value);
		i = (i + 1) & (m->cap - 1);
	}
}
