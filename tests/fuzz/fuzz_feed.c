/*
 * fuzz_feed.c - feeds and sitemaps from arbitrary bytes (tc_feed_parse_ex),
 * with and without a base URL, then tc_feed_date on the raw bytes.
 *
 * Invariants: the parse succeeds or says TC_ERR_INVALID (the kind is then
 * unknown); the callback sees exactly info.entries entries, each with an
 * absolute http(s) URL of at most TC_FEED_MAX_URL bytes holding no white
 * space or control bytes; a title and summary that are well-formed UTF-8,
 * within their caps, trimmed, on one line; a date that is "" or has the
 * shape YYYY-MM-DD[THH:MM] with possible values; is_sitemap only in a
 * sitemap index.  tc_feed_date answers 1 with such a date or 0 with "".
 * Entities are never expanded, so nothing may take long.
 */
#include <libxml/parser.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "feed.h"
#include "fuzz_util.h"
#include "tc_banned.h"

static int digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static int num(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

static void check_date(const char *d)
{
	size_t n = strlen(d);
	FUZZ_CHECK(n == 0 || n == 10 || n == 16);
	if (!n)
		return;
	FUZZ_CHECK(digits(d, 4) && d[4] == '-' && digits(d + 5, 2) && d[7] == '-' &&
		   digits(d + 8, 2));
	int y = num(d, 4), m = num(d + 5, 2), day = num(d + 8, 2);
	FUZZ_CHECK(y >= 1900 && m >= 1 && m <= 12 && day >= 1 && day <= 31);
	if (n == 16) {
		FUZZ_CHECK(d[10] == 'T' && digits(d + 11, 2) && d[13] == ':' && digits(d + 14, 2));
		FUZZ_CHECK(num(d + 11, 2) <= 23 && num(d + 14, 2) <= 59);
	}
}

static void check_text(const char *s, size_t cap)
{
	size_t n = strlen(s);
	FUZZ_CHECK(n <= cap);
	FUZZ_CHECK(fuzz_utf8_valid(s, n, NULL));
	FUZZ_CHECK(!strchr(s, '\n') && !strchr(s, '\r') && !strchr(s, '\t'));
	FUZZ_CHECK(n == 0 || (s[0] != ' ' && s[n - 1] != ' '));
}

typedef struct seen {
	size_t n;
	tc_feed_kind kind;
} seen;

static int on_entry(void *ctx, const tc_feed_entry *e)
{
	seen *s = ctx;
	s->n++;
	FUZZ_CHECK(e->url && e->title && e->summary);
	size_t ul = strlen(e->url);
	FUZZ_CHECK(ul <= TC_FEED_MAX_URL);
	FUZZ_CHECK(!strncasecmp(e->url, "http://", 7) || !strncasecmp(e->url, "https://", 8));
	for (size_t i = 0; i < ul; i++)
		FUZZ_CHECK((unsigned char)e->url[i] > ' ' && (unsigned char)e->url[i] != 0x7f);
	check_text(e->title, TC_FEED_MAX_TITLE);
	check_text(e->summary, TC_FEED_MAX_SUMMARY);
	FUZZ_CHECK(memchr(e->date, '\0', sizeof e->date) != NULL);
	check_date(e->date);
	FUZZ_CHECK(e->is_sitemap == 0 || e->is_sitemap == 1);
	return 0;
}

static void run(const char *data, size_t size, const char *base)
{
	seen s = {0, TC_FEED_UNKNOWN};
	tc_feed_info info;
	tc_err err = {{0}};
	tc_status st = tc_feed_parse_ex(data, size, base, on_entry, &s, &info, &err);
	FUZZ_CHECK(st == TC_OK || st == TC_ERR_INVALID);
	FUZZ_CHECK(s.n == info.entries);
	FUZZ_CHECK(info.entries <= TC_FEED_MAX_ENTRIES);
	if (st == TC_OK)
		FUZZ_CHECK(info.kind >= TC_FEED_RSS && info.kind <= TC_FEED_SITEMAP_INDEX);
	else
		FUZZ_CHECK(info.kind == TC_FEED_UNKNOWN && err.msg[0]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int init;
	if (!init) {
		xmlInitParser();
		init = 1;
	}
	run((const char *)data, size, NULL);
	run((const char *)data, size, "https://tinhanoi.vn/rss/thoi-su/index.rss");

	char out[20];
	size_t n = size < 100 ? size : 100;
	if (tc_feed_date((const char *)data, n, out))
		check_date(out);
	else
		FUZZ_CHECK(out[0] == '\0');
	return 0;
}
