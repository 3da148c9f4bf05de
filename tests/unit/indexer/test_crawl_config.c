/*
 * test_crawl_config.c - crawl sources (indexer/crawl_config.h).
 *
 * Contract under test: the shipped corpus/sources.conf loads; every kind of
 * bad line is refused with FILE:LINE; a full list names its key; sources
 * without hosts take their start URLs' hosts; patterns match as fnmatch
 * does; a URL is an article's when it matches the article patterns, maybe
 * one without patterns, never a site's root.
 */
#include "unit_test.h"

#include <stdio.h>
#include <unistd.h>

#include "crawl_config.h"
#include "tc_banned.h"

static char *write_temp(const char *text)
{
	static char path[4096];
	const char *dir = getenv("TMPDIR");
	snprintf(path, sizeof path, "%s/crawl-config-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	size_t n = strlen(text);
	assert_int_equal(write(fd, text, n), (ssize_t)n);
	close(fd);
	return path;
}

static void test_shipped_sources(void **state)
{
	(void)state;
	tc_crawl_config c;
	tc_err err = {{0}};
	tc_status st = tc_crawl_config_load(TRACUU_SOURCE_DIR "/corpus/sources.conf", &c, &err);
	if (st != TC_OK)
		fail_msg("sources.conf: %s", err.msg);
	assert_true(c.n >= 8);
	const char *const want[] = {"kinhtedothi.vn", "hanoimoi.com.vn", "hanoi.gov.vn", "baochinhphu.vn",
				    "chinhphu.vn", "nhandan.vn", "cand.com.vn", "quochoi.vn"};
	for (size_t i = 0; i < N_ROWS(want); i++)
		if (tc_crawl_config_source_of(&c, want[i]) < 0)
			fail_msg("no source allows %s", want[i]);
	for (size_t i = 0; i < c.n; i++) {
		assert_true(c.src[i].nstart > 0);
		assert_true(c.src[i].delay >= 1.0); /* polite by default */
	}
	tc_crawl_config_release(&c);
}

typedef struct bad_row {
	const char *name;
	const char *text;
	int line;           /* the line the error must name */
} bad_row;

static const bad_row bad_rows[] = {
	{"key outside a section", "start = https://a.vn/\n", 1},
	{"unknown key", "[a]\nstart = https://a.vn/\nspeed = 3\n", 3},
	{"start not http", "[a]\nstart = ftp://a.vn/\n", 2},
	{"negative delay", "[a]\nstart = https://a.vn/\ndelay = -1\n", 3},
	{"delay words", "[a]\nstart = https://a.vn/\ndelay = soon\n", 3},
	{"depth too deep", "[a]\nstart = https://a.vn/\ndepth = 1000\n", 3},
	{"section twice", "[a]\nstart = https://a.vn/\n[b]\nstart = https://b.vn/\n[a]\ndepth = 1\n", 6},
	{"not ini", "[a]\nthis is not a key\n", 2},
};

static void test_bad_configs(void **state)
{
	(void)state;
	int nfail = 0;
	for (size_t i = 0; i < N_ROWS(bad_rows); i++) {
		const bad_row *r = &bad_rows[i];
		char *path = write_temp(r->text);
		tc_crawl_config c;
		tc_err err = {{0}};
		tc_status st = tc_crawl_config_load(path, &c, &err);
		char want[4200];
		snprintf(want, sizeof want, "%s:%d:", path, r->line);
		if (st != TC_ERR_USAGE || !strstr(err.msg, want))
			ROW_FAIL(nfail, r->name, "got %d '%s', want '%s'", st, err.msg, want);
		if (st == TC_OK)
			tc_crawl_config_release(&c);
		unlink(path);
	}
	ROWS_DONE(nfail, N_ROWS(bad_rows));
}

/* Lists are capped (TC_CRAWL_MAX_LIST values a key per source): a list
 * that is full is the config's fault and says so, naming the key; running
 * out of memory is not (tests/alloc checks that side). */
static void test_list_caps(void **state)
{
	(void)state;
	static const struct {
		const char *name, *key, *pre, *post; /* value k: pre, k, post */
		int count, last_two; /* the last line holds two values */
		int line;            /* the line named, 0: none */
		const char *says;
	} rows[] = {
		{"65 start URLs", "start", "https://a.vn/", "", 64, 0, 66,
		 "too many values for 'start' (at most 64 per source)"},
		{"65 article patterns", "article", "https://a.vn/", "/*", 65, 0, 67,
		 "too many values for 'article' (at most 64 per source)"},
		{"65 hosts, two on a line", "hosts", "h", ".a.vn h65.a.vn", 64, 1, 66,
		 "too many values for 'hosts' (at most 64 per source)"},
		{"64 hosts and the start URL's host", "hosts", "h", ".a.vn", 64, 0, 0,
		 "source [a]: the hosts and the start URLs' hosts are more than 64"},
		{"64 follow patterns", "follow", "https://a.vn/", "/*", 64, 0, -1, NULL},
	};
	int nfail = 0;
	for (size_t i = 0; i < N_ROWS(rows); i++) {
		static char text[65536];
		size_t n = (size_t)snprintf(text, sizeof text, "[a]\nstart = https://a.vn/\n");
		for (int k = 1; k <= rows[i].count; k++) {
			/* (libinih reads lines of up to 200 bytes: one value a line) */
			const char *post = rows[i].last_two && k < rows[i].count ? ".a.vn"
										 : rows[i].post;
			n += (size_t)snprintf(text + n, sizeof text - n, "%s = %s%d%s\n", rows[i].key,
					      rows[i].pre, k, post);
		}
		char *path = write_temp(text);
		tc_crawl_config c;
		tc_err err = {{0}};
		tc_status st = tc_crawl_config_load(path, &c, &err);
		char want[4400];
		if (rows[i].line > 0)
			snprintf(want, sizeof want, "%s:%d: %s", path, rows[i].line, rows[i].says);
		else
			snprintf(want, sizeof want, "%s", rows[i].says ? rows[i].says : "");
		if (!rows[i].says && st != TC_OK)
			ROW_FAIL(nfail, rows[i].name, "refused: %s", err.msg);
		else if (rows[i].says && (st != TC_ERR_USAGE || !strstr(err.msg, want)))
			ROW_FAIL(nfail, rows[i].name, "got %d '%s', want '%s'", st, err.msg, want);
		if (st == TC_OK)
			tc_crawl_config_release(&c);
		unlink(path);
	}
	ROWS_DONE(nfail, N_ROWS(rows));
}

static void test_hosts_and_patterns(void **state)
{
	(void)state;
	char *path = write_temp("[a]\nstart = https://www.a.vn/rss\nstart = http://cdn.a.vn/map.xml\n"
				"article = https://www.a.vn/*-[0-9]*.html\n"
				"[b]\nstart = https://b.vn/\nhosts = B.vn, m.b.vn\n");
	tc_crawl_config c;
	tc_err err = {{0}};
	assert_int_equal(tc_crawl_config_load(path, &c, &err), TC_OK);
	unlink(path);
	assert_int_equal(c.n, 2);
	assert_int_equal(tc_crawl_config_source_of(&c, "www.a.vn"), 0);
	assert_int_equal(tc_crawl_config_source_of(&c, "cdn.a.vn"), 0);
	assert_int_equal(tc_crawl_config_source_of(&c, "m.b.vn"), 1);
	assert_int_equal(tc_crawl_config_source_of(&c, "b.vn"), 1);
	assert_int_equal(tc_crawl_config_source_of(&c, "evil.vn"), -1);
	assert_int_equal(c.src[0].delay, TC_CRAWL_DEFAULT_DELAY);
	const tc_crawl_source *a = &c.src[0];
	assert_true(tc_crawl_match(a->article, a->narticle, "https://www.a.vn/tin-moi-12345.html", 0));
	assert_false(tc_crawl_match(a->article, a->narticle, "https://www.a.vn/chuyen-muc/", 0));
	assert_true(tc_crawl_match(a->follow, a->nfollow, "https://anything/", 1));

	/* What a URL says about its page: the patterns decide where there are
	 * some; elsewhere the page does, but a site's root is no article. */
	static const struct {
		int src; /* -1: no config at all */
		const char *url;
		tc_url_article want;
	} verdicts[] = {
		{0, "https://www.a.vn/tin-moi-12345.html", TC_URL_ARTICLE},
		{0, "https://www.a.vn/thong-bao-ngan-7.html", TC_URL_ARTICLE},
		{0, "https://www.a.vn/chuyen-muc/", TC_URL_NOT_ARTICLE},
		{0, "https://www.a.vn/tag/hoc-phi.html", TC_URL_NOT_ARTICLE},
		{1, "https://b.vn/thong-bao/lich-tiep-dan.html", TC_URL_MAYBE_ARTICLE},
		{1, "https://b.vn/", TC_URL_NOT_ARTICLE},
		{1, "https://b.vn", TC_URL_NOT_ARTICLE},
		{-1, "https://c.vn/video/le-khoi-cong.html", TC_URL_MAYBE_ARTICLE},
		{-1, "https://c.vn/", TC_URL_NOT_ARTICLE},
	};
	int nfail = 0;
	for (size_t i = 0; i < N_ROWS(verdicts); i++) {
		const tc_crawl_source *s = verdicts[i].src >= 0 ? &c.src[verdicts[i].src] : NULL;
		tc_url_article got = tc_crawl_article_url(s, verdicts[i].url);
		if (got != verdicts[i].want)
			ROW_FAIL(nfail, verdicts[i].url, "verdict %d, want %d", got, verdicts[i].want);
	}
	ROWS_DONE(nfail, N_ROWS(verdicts));
	tc_crawl_config_release(&c);

	char *urls[] = {"https://x.vn/a", "https://x.vn/b", "http://y.vn/"};
	assert_int_equal(tc_crawl_config_from_urls(urls, 3, &c, &err), TC_OK);
	assert_int_equal(c.n, 2);
	assert_int_equal(c.src[0].nstart, 2);
	tc_crawl_config_release(&c);
	char *bad[] = {"file:///etc/passwd"};
	assert_int_equal(tc_crawl_config_from_urls(bad, 1, &c, &err), TC_ERR_USAGE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_sources),
		cmocka_unit_test(test_bad_configs),
		cmocka_unit_test(test_list_caps),
		cmocka_unit_test(test_hosts_and_patterns),
	};
	return cmocka_run_group_tests_name("crawl_config", tests, NULL, NULL);
}
