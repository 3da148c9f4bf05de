/*
 * fuzz_robots.c - robots.txt parsing and matching from arbitrary bytes
 * (tc_robots_parse, tc_robots_allowed; indexer/crawl/robots.h).
 *
 * Invariants: parsing succeeds whatever the bytes (only TC_ERR_NOMEM may
 * fail it); "/robots.txt" is always allowed; tc_robots_allowed gives the same
 * answer twice and on a second parse of the same bytes, and reads only the
 * bytes it is given (the paths are exact heap copies); the crawl delay is -1
 * or within [0, TC_ROBOTS_MAX_DELAY]; at most TC_ROBOTS_MAX_SITEMAPS sitemaps,
 * each non-empty, within TC_ROBOTS_MAX_SITEMAP_LEN and free of control bytes,
 * and NULL past the count; the allow-all object allows any path.  The
 * paths asked about are a fixed set plus the values of the input's first
 * lines, so patterns meet paths that resemble them.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "robots.h"
#include "tc_banned.h"

#define MAX_PATHS 24

static const char *const fixed_paths[] = {
	"/", "", "/robots.txt", "/robots.txt?x=1", "/a", "/a/b.html?c=d",
	"/tin-t%E1%BB%A9c/", "/tin-t\xE1\xBB\xA9\x63/", "/x.gif", "/%2A$", "*", "?q=1#f",
};

static int ask(const tc_robots *r, const char *p, size_t n)
{
	char *copy = malloc(n ? n : 1);
	FUZZ_CHECK(copy != NULL);
	if (n)
		memcpy(copy, p, n);
	int a = tc_robots_allowed(r, copy, n);
	FUZZ_CHECK(a == 0 || a == 1);
	FUZZ_CHECK(tc_robots_allowed(r, copy, n) == a);
	free(copy);
	return a;
}

static void check_object(const tc_robots *r)
{
	FUZZ_CHECK(ask(r, "/robots.txt", 11) == 1);
	double d = tc_robots_crawl_delay(r);
	FUZZ_CHECK(d == -1.0 || (d >= 0.0 && d <= TC_ROBOTS_MAX_DELAY));
	size_t n = tc_robots_sitemap_count(r);
	FUZZ_CHECK(n <= TC_ROBOTS_MAX_SITEMAPS);
	for (size_t i = 0; i < n; i++) {
		const char *s = tc_robots_sitemap(r, i);
		FUZZ_CHECK(s != NULL);
		size_t len = strlen(s);
		FUZZ_CHECK(len > 0 && len <= TC_ROBOTS_MAX_SITEMAP_LEN);
		for (size_t k = 0; k < len; k++)
			FUZZ_CHECK((unsigned char)s[k] >= 0x20 && (unsigned char)s[k] != 0x7F);
	}
	FUZZ_CHECK(tc_robots_sitemap(r, n) == NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *txt = (const char *)data;
	/* The two HTTP outcomes obey the same invariants. */
	tc_robots *fixed[2] = {tc_robots_allow_all(), tc_robots_disallow_all()};
	for (size_t i = 0; i < 2; i++) {
		if (!fixed[i])
			continue;
		check_object(fixed[i]);
		int a = ask(fixed[i], txt, size < 256 ? size : 256);
		if (i == 0)
			FUZZ_CHECK(a == 1); /* allow-all allows any path */
		tc_robots_free(fixed[i]);
	}
	static const char *const agents[] = {"tracuu", "Googlebot"};
	for (size_t a = 0; a < sizeof agents / sizeof agents[0]; a++) {
		tc_robots *r1 = NULL, *r2 = NULL;
		tc_status st = tc_robots_parse(txt, size, agents[a], &r1);
		FUZZ_CHECK(st == TC_OK || st == TC_ERR_NOMEM);
		if (st != TC_OK) {
			FUZZ_CHECK(r1 == NULL);
			continue;
		}
		FUZZ_CHECK(r1 != NULL);
		st = tc_robots_parse(txt, size, agents[a], &r2);
		FUZZ_CHECK(st == TC_OK || st == TC_ERR_NOMEM);
		check_object(r1);

		/* Paths: the fixed set, then what follows ':' on early lines. */
		const char *paths[MAX_PATHS];
		size_t lens[MAX_PATHS], np = 0;
		for (size_t i = 0; i < sizeof fixed_paths / sizeof fixed_paths[0]; i++) {
			paths[np] = fixed_paths[i];
			lens[np++] = strlen(fixed_paths[i]);
		}
		size_t pos = 0;
		while (pos < size && np < MAX_PATHS) {
			const char *line = txt + pos;
			const char *nl = memchr(line, '\n', size - pos);
			size_t len = nl ? (size_t)(nl - line) : size - pos;
			const char *colon = memchr(line, ':', len);
			if (colon) {
				const char *v = colon + 1;
				while (v < line + len && *v == ' ')
					v++;
				paths[np] = v;
				lens[np++] = (size_t)(line + len - v);
			}
			pos += len + 1;
		}
		for (size_t i = 0; i < np; i++) {
			int x = ask(r1, paths[i], lens[i]);
			if (r2)
				FUZZ_CHECK(ask(r2, paths[i], lens[i]) == x);
		}
		tc_robots_free(r1);
		tc_robots_free(r2);
	}
	return 0;
}
