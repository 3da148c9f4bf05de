/*
 * test_cache.c - the FastCGI service's answer cache (searcher/cache.h).
 *
 * Contract under test: a put is found by the same key bytes and no other;
 * the total size stays within the cap, the least recently used entries
 * going first (a get counts as a use); an entry over an eighth of the cap
 * is not kept; a cache of size 0 keeps nothing; a new stamp drops every
 * entry and the same stamp drops none; the counters say what happened.
 */
#include "unit_test.h"

#include <stdio.h>

#include "cache.h"
#include "tc_banned.h"

/* One step of a script run against a fresh cache. */
typedef enum op { PUT, GET_HIT, GET_MISS, STAMP_SAME, STAMP_NEW } op;

typedef struct step {
	op what;
	const char *key;
	size_t vlen;     /* PUT: value bytes (made from the key) */
} step;

typedef struct script_row {
	const char *name;
	size_t max_bytes;
	step steps[12];
	size_t nsteps;
	uint64_t want_evictions, want_drops;
} script_row;

#define KB 1024
/* A value of about 1 KB costs 1 KB plus the overhead (under 100 bytes). */
static const script_row rows[] = {
	{"a put is found again", 64 * KB, {{PUT, "q=ha noi", 100}, {GET_HIT, "q=ha noi", 100}}, 2, 0, 0},
	{"another key misses", 64 * KB, {{PUT, "q=ha noi", 100}, {GET_MISS, "q=ha no", 0}, {GET_MISS, "q=ha noi ", 0}}, 3, 0, 0},
	{"the empty key is a key of its own", 64 * KB,
	 {{PUT, "a", 10}, {GET_MISS, "", 0}, {GET_HIT, "a", 10}}, 3, 0, 0},
	{"a put replaces", 64 * KB, {{PUT, "k", 100}, {PUT, "k", 300}, {GET_HIT, "k", 300}}, 3, 0, 0},
	{"size 0 keeps nothing", 0, {{PUT, "k", 1}, {GET_MISS, "k", 0}}, 2, 0, 0},
	{"over an eighth of the cap is not kept", 16 * KB, {{PUT, "big", 2 * KB + 1}, {GET_MISS, "big", 0}}, 2, 0, 0},
	{"just under an eighth is kept", 16 * KB, {{PUT, "k", 1 * KB}, {GET_HIT, "k", 1 * KB}}, 2, 0, 0},
	/* 16 KB holds about fourteen 1 KB entries: twelve fit, none evicted
	 * (test_lru_order goes past the cap). */
	{"twelve entries of 1 KB fit in 16 KB", 16 * KB,
	 {{PUT, "e1", KB}, {PUT, "e2", KB}, {PUT, "e3", KB}, {PUT, "e4", KB}, {PUT, "e5", KB},
	  {PUT, "e6", KB}, {PUT, "e7", KB}, {PUT, "e8", KB}, {PUT, "e9", KB}, {PUT, "e10", KB},
	  {PUT, "e11", KB}, {PUT, "e12", KB}}, 12, 0, 0},
	{"a new stamp drops everything", 64 * KB,
	 {{STAMP_NEW, "gen-000001", 0}, {PUT, "k", 10}, {STAMP_SAME, "gen-000001", 0}, {GET_HIT, "k", 10},
	  {STAMP_NEW, "gen-000002", 0}, {GET_MISS, "k", 0}, {PUT, "k", 20}, {GET_HIT, "k", 20}}, 8, 0, 1},
	{"a stamp that only grows is new", 64 * KB,
	 {{STAMP_NEW, "gen-1", 0}, {PUT, "k", 10}, {STAMP_NEW, "gen-10", 0}, {GET_MISS, "k", 0}}, 4, 0, 1},
};

static char *value_of(const char *key, size_t n)
{
	char *v = malloc(n ? n : 1);
	for (size_t i = 0; i < n; i++)
		v[i] = key[i % (strlen(key) ? strlen(key) : 1)];
	return v;
}

static void test_scripts(void **state)
{
	(void)state;
	int nfail = 0;
	for (size_t r = 0; r < N_ROWS(rows); r++) {
		const script_row *row = &rows[r];
		tc_cache *c;
		assert_int_equal(tc_cache_new(row->max_bytes, &c), TC_OK);
		int first_stamp = 1;
		for (size_t i = 0; i < row->nsteps; i++) {
			const step *st = &row->steps[i];
			size_t klen = strlen(st->key);
			size_t vlen;
			const char *v;
			char *want;
			switch (st->what) {
			case PUT:
				want = value_of(st->key, st->vlen);
				if (tc_cache_put(c, st->key, klen, want, st->vlen) != TC_OK)
					ROW_FAIL(nfail, row->name, "step %zu: put failed", i);
				free(want);
				break;
			case GET_HIT:
				v = tc_cache_get(c, st->key, klen, &vlen);
				want = value_of(st->key, st->vlen);
				if (!v || vlen != st->vlen || memcmp(v, want, vlen) != 0)
					ROW_FAIL(nfail, row->name, "step %zu: '%s' not found with its %zu bytes", i,
						 st->key, st->vlen);
				free(want);
				break;
			case GET_MISS:
				if (tc_cache_get(c, st->key, klen, &vlen) != NULL || vlen != 0)
					ROW_FAIL(nfail, row->name, "step %zu: '%s' found", i, st->key);
				break;
			case STAMP_SAME:
			case STAMP_NEW: {
				int dropped = tc_cache_stamp(c, st->key, klen);
				int want_drop = st->what == STAMP_NEW && !first_stamp;
				if (dropped != want_drop)
					ROW_FAIL(nfail, row->name, "step %zu: stamp '%s' dropped %d, expected %d", i,
						 st->key, dropped, want_drop);
				first_stamp = 0;
				break;
			}
			}
		}
		tc_cache_stats s;
		tc_cache_get_stats(c, &s);
		if (s.bytes > row->max_bytes)
			ROW_FAIL(nfail, row->name, "%zu bytes held, cap %zu", s.bytes, row->max_bytes);
		if (s.drops != row->want_drops)
			ROW_FAIL(nfail, row->name, "%ju drops, expected %ju", (uintmax_t)s.drops,
				 (uintmax_t)row->want_drops);
		if (s.evictions != row->want_evictions)
			ROW_FAIL(nfail, row->name, "%ju evictions, expected %ju", (uintmax_t)s.evictions,
				 (uintmax_t)row->want_evictions);
		tc_cache_free(c);
	}
	ROWS_DONE(nfail, N_ROWS(rows));
}

/* Fill a cache far past its cap: it stays within the cap, keeps the newest
 * entries and the one kept in use, and has evicted the others. */
static void test_lru_order(void **state)
{
	(void)state;
	tc_cache *c;
	assert_int_equal(tc_cache_new(16 * KB, &c), TC_OK);
	char val[KB];
	memset(val, 'x', sizeof val);
	char key[32];
	for (int i = 0; i < 100; i++) {
		snprintf(key, sizeof key, "key-%d", i);
		assert_int_equal(tc_cache_put(c, key, strlen(key), val, sizeof val), TC_OK);
		size_t n;
		/* key-0 is used after every put: it must survive. */
		assert_non_null(tc_cache_get(c, "key-0", 5, &n));
	}
	tc_cache_stats s;
	tc_cache_get_stats(c, &s);
	assert_true(s.bytes <= 16 * KB);
	assert_true(s.entries >= 10 && s.entries <= 15);
	assert_int_equal(s.evictions, 100 - s.entries);
	size_t n;
	assert_non_null(tc_cache_get(c, "key-99", 6, &n));
	assert_non_null(tc_cache_get(c, "key-98", 6, &n));
	assert_null(tc_cache_get(c, "key-1", 5, &n));
	assert_null(tc_cache_get(c, "key-50", 6, &n));
	/* Many entries grow the table; all stay reachable. */
	tc_cache *big;
	assert_int_equal(tc_cache_new(64u << 20, &big), TC_OK);
	for (int i = 0; i < 5000; i++) {
		snprintf(key, sizeof key, "k%d", i);
		assert_int_equal(tc_cache_put(big, key, strlen(key), key, strlen(key)), TC_OK);
	}
	for (int i = 0; i < 5000; i++) {
		snprintf(key, sizeof key, "k%d", i);
		const char *v = tc_cache_get(big, key, strlen(key), &n);
		assert_non_null(v);
		assert_int_equal(n, strlen(key));
		assert_memory_equal(v, key, n);
	}
	tc_cache_get_stats(big, &s);
	assert_int_equal(s.entries, 5000);
	assert_int_equal(s.hits, 5000);
	tc_cache_free(big);
	tc_cache_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scripts),
		cmocka_unit_test(test_lru_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
