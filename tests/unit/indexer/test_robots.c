/*
 * test_robots.c - robots.txt parsing and matching (indexer/robots.h).
 *
 * Contract under test (RFC 9309 and Google's documented behaviour): the group
 * naming our product token applies, merged across the file, else the "*"
 * groups, else nothing; the longest matching pattern wins and Allow wins a
 * tie; '*' and a final '$' are special; patterns and paths are compared after
 * the same percent-encoding normalisation; /robots.txt is always allowed;
 * Crawl-delay and Sitemap lines are read; the size, line and rule caps hold;
 * no bytes make parsing fail.  The rows are written from the RFC's examples
 * and from Google's documentation of robots.txt matching.
 */
#include "unit_test.h"

#include <stdio.h>

#include "robots.h"
#include "tc_banned.h"

/* Parse txt[0..n) (an exact heap copy) for agent; fails the test on error. */
static tc_robots *parse_exact(const char *txt, size_t n, const char *agent)
{
	char *copy = unit_exact_copy(txt, n);
	tc_robots *r = NULL;
	tc_status st = tc_robots_parse(copy, n, agent, &r);
	free(copy);
	assert_int_equal(st, TC_OK);
	assert_non_null(r);
	return r;
}

static int allowed_exact(const tc_robots *r, const char *path)
{
	size_t n = strlen(path);
	char *copy = unit_exact_copy(path, n);
	int ok = tc_robots_allowed(r, copy, n);
	free(copy);
	return ok;
}

/* ---- one pattern against one path (Google's "URL matching" table) ---- */

typedef struct match_row {
	const char *pattern;
	const char *path;
	int matches;
} match_row;

static const match_row match_rows[] = {
	{"/", "/", 1},
	{"/", "/fish", 1},
	{"/", "/a/b/c?d=e", 1},
	{"/*", "/", 1},
	{"/*", "/anything/at/all", 1},
	{"/$", "/", 1},
	{"/$", "/index.html", 0},
	{"/$", "/?q=1", 0},
	{"/fish", "/fish", 1},
	{"/fish", "/fish.html", 1},
	{"/fish", "/fish/salmon.html", 1},
	{"/fish", "/fishheads", 1},
	{"/fish", "/fishheads/yummy.html", 1},
	{"/fish", "/fish.php?id=anything", 1},
	{"/fish", "/Fish.asp", 0},
	{"/fish", "/catfish", 0},
	{"/fish", "/?id=fish", 0},
	{"/fish", "/desert/fish", 0},
	{"/fish*", "/fish", 1},
	{"/fish*", "/fish.html", 1},
	{"/fish*", "/fishheads/yummy.html", 1},
	{"/fish*", "/Fish.asp", 0},
	{"/fish*", "/catfish", 0},
	{"/fish/", "/fish/", 1},
	{"/fish/", "/fish/?id=anything", 1},
	{"/fish/", "/fish/salmon.htm", 1},
	{"/fish/", "/fish", 0},
	{"/fish/", "/fish.html", 0},
	{"/fish/", "/animals/fish/", 0},
	{"/fish/", "/Fish/Salmon.asp", 0},
	{"/*.php", "/index.php", 1},
	{"/*.php", "/filename.php", 1},
	{"/*.php", "/folder/filename.php", 1},
	{"/*.php", "/folder/filename.php?parameters", 1},
	{"/*.php", "/folder/any.php.file.html", 1},
	{"/*.php", "/filename.php/", 1},
	{"/*.php", "/", 0},
	{"/*.php", "/windows.PHP", 0},
	{"/*.php$", "/filename.php", 1},
	{"/*.php$", "/folder/filename.php", 1},
	{"/*.php$", "/filename.php?parameters", 0},
	{"/*.php$", "/filename.php/", 0},
	{"/*.php$", "/filename.php5", 0},
	{"/*.php$", "/windows.PHP", 0},
	{"/fish*.php", "/fish.php", 1},
	{"/fish*.php", "/fishheads/catfish.php?parameters", 1},
	{"/fish*.php", "/Fish.PHP", 0},
	/* RFC 9309 5.1: a pattern may start with '*'. */
	{"*.gif$", "/example/x.gif", 1},
	{"*.gif$", "/example/x.gif?size=2", 0},
	{"*.gif$", "/x.GIF", 0},
	/* More wildcards. */
	{"/*/tin-tuc/*.html$", "/vn/tin-tuc/ha-noi.html", 1},
	{"/*/tin-tuc/*.html$", "/vn/tin-tuc/ha-noi.htm", 0},
	{"/*/tin-tuc/*.html$", "/tin-tuc/ha-noi.html", 0},
	{"/a**b", "/axxb", 1},
	{"/a**b", "/ab", 1},
	{"/a*b*c", "/abc", 1},
	{"/a*b*c", "/a-b-x-c-y", 1},
	{"/a*b*c", "/acb", 0},
	{"/a*b*c$", "/abcbc", 1},
	{"/a*b*c$", "/abcb", 0},
	{"*", "/x", 1},
	{"/*$", "/x?y", 1},
	{"*$", "/", 1},
	/* '$' only anchors at the end; elsewhere it is a byte. */
	{"/price$list", "/price$list", 1},
	{"/price$list", "/price", 0},
	{"/a$", "/a", 1},
	{"/a$", "/ab", 0},
	/* Patterns are case-sensitive; so are paths. */
	{"/Admin", "/admin", 0},
	{"/Admin", "/Admin/x", 1},
	/* A pattern without '/' or '*' at the start can never match. */
	{"fish", "/fish", 0},
	/* Query strings are part of the path compared. */
	{"/search?", "/search?q=a", 1},
	{"/search?", "/search", 0},
	{"/*?sort=", "/list?sort=date", 1},
	{"/*?sort=", "/list?page=2&sort=date", 0},
	{"/*sort=", "/list?page=2&sort=date", 1},
	/* RFC 9309 2.2.2: percent-encoding normalisation. */
	{"/foo/bar?baz=quz", "/foo/bar?baz=quz", 1},
	{"/foo/bar/\xE3\x83\x84", "/foo/bar/%E3%83%84", 1},
	{"/foo/bar/%E3%83%84", "/foo/bar/%E3%83%84", 1},
	{"/foo/bar/%E3%83%84", "/foo/bar/\xE3\x83\x84", 1},
	{"/foo/bar/%e3%83%84", "/foo/bar/%E3%83%84", 1},
	{"/foo/bar/%62%61%7A", "/foo/bar/baz", 1},
	{"/foo/bar/baz", "/foo/bar/%62%61%7a", 1},
	{"/a%2fb", "/a%2Fb", 1},
	{"/a%2Fb", "/a/b", 0},
	{"/a/b", "/a%2Fb", 0},
	{"/%7Euser", "/~user", 1},
	{"/tin-t\xE1\xBB\xA9" "c", "/tin-t%E1%BB%A9c/ha-noi", 1},
	{"/tin-t%E1%BB%A9c", "/tin-t\xE1\xBB\xA9" "c", 1},
	{"/a b", "/a%20b", 1},
	{"/50%", "/50%25", 1},
	{"/50%zz", "/50%25zz", 1},
	{"/x%4", "/x%254", 1},
	/* Both sides in the crawler's canonical form (url.h, tc_url_escape_step):
	 * the bytes a URL may not hold raw are escaped in patterns too, so the
	 * canonical "/a%7Cb" the crawler asks about is the "/a|b" a site forbids. */
	{"/a|b", "/a%7Cb", 1},
	{"/a|b", "/a|b", 1},
	{"/a%7cb", "/a|b", 1},
	{"/x{y}^", "/x%7By%7D%5E", 1},
	{"/\"q\"<>", "/%22q%22%3C%3E", 1},
	{"/a\\b", "/a/b", 1},
	{"/*?q=a\\b", "/s?q=a%5Cb", 1},
	/* Invalid UTF-8 is compared byte for byte, encoded. */
	{"/\xFF\xFE", "/%FF%FE", 1},
	{"/\xC3", "/\xC3\xA0", 1},
};

static void test_pattern_matching(void **state)
{
	(void)state;
	int nfail = 0;
	for (size_t i = 0; i < N_ROWS(match_rows); i++) {
		const match_row *row = &match_rows[i];
		char txt[256], name[256];
		snprintf(txt, sizeof txt, "User-agent: *\nDisallow: %s\n", row->pattern);
		snprintf(name, sizeof name, "%s vs %s", row->pattern, row->path);
		tc_robots *r = parse_exact(txt, strlen(txt), "tracuu");
		int got = !allowed_exact(r, row->path);
		if (got != row->matches)
			ROW_FAIL(nfail, name, "match %d, want %d", got, row->matches);
		/* The same pattern as an Allow under a Disallow of everything. */
		snprintf(txt, sizeof txt, "User-agent: *\nDisallow: /\nAllow: %s\n", row->pattern);
		tc_robots *r2 = parse_exact(txt, strlen(txt), "tracuu");
		int want2 = row->matches || strcmp(row->path, "/robots.txt") == 0;
		if (allowed_exact(r2, row->path) != want2)
			ROW_FAIL(nfail, name, "as Allow: allowed %d, want %d", !want2, want2);
		tc_robots_free(r);
		tc_robots_free(r2);
	}
	ROWS_DONE(nfail, N_ROWS(match_rows));
}

/* ---- whole files: groups, precedence, syntax ---- */

typedef struct file_row {
	const char *name;
	const char *txt;
	size_t txt_len; /* 0: strlen(txt) */
	const char *agent;
	const char *path;
	int want;
} file_row;

/* RFC 9309 5.1. */
#define RFC_SIMPLE                          \
	"User-Agent: *\n"                   \
	"Disallow: *.gif$\n"                \
	"Disallow: /example/\n"             \
	"Allow: /publications/\n"           \
	"\n"                                \
	"User-Agent: foobot\n"              \
	"Disallow:/\n"                      \
	"Allow:/example/page.html\n"        \
	"Allow:/example/allowed.gif\n"      \
	"\n"                                \
	"User-Agent: barbot\n"              \
	"User-Agent: bazbot\n"              \
	"Disallow: /example/page.html\n"    \
	"\n"                                \
	"User-Agent: quxbot\n"

/* RFC 9309 5.2. */
#define RFC_LONGEST                                \
	"User-Agent: foobot\n"                     \
	"Allow: /example/page/\n"                  \
	"Disallow: /example/page/disallowed.gif\n"

/* RFC 9309 2.2.1: two groups for one agent are merged. */
#define RFC_MERGE                   \
	"user-agent: ExampleBot\n"  \
	"disallow: /foo\n"          \
	"disallow: /bar\n"          \
	"\n"                        \
	"user-agent: ExampleBot\n"  \
	"disallow: /baz\n"

/* A file shaped like a Vietnamese news site's. */
#define NEWS_SITE                                   \
	"# robots.txt for a news site\r\n"          \
	"User-agent: *\r\n"                         \
	"Disallow: /tim-kiem\r\n"                   \
	"Disallow: /*?utm_\r\n"                     \
	"Disallow: /*.json$\r\n"                    \
	"Allow: /tim-kiem/huong-dan.html\r\n"       \
	"Crawl-delay: 2\r\n"                        \
	"\r\n"                                      \
	"User-agent: AhrefsBot\r\n"                 \
	"Disallow: /\r\n"                           \
	"\r\n"                                      \
	"Sitemap: https://example.vn/sitemap.xml\r\n"

static const file_row file_rows[] = {
	/* RFC 9309 5.1 */
	{"rfc simple: * gif", RFC_SIMPLE, 0, "tracuu", "/x/y.gif", 0},
	{"rfc simple: * example", RFC_SIMPLE, 0, "tracuu", "/example/", 0},
	{"rfc simple: * example page", RFC_SIMPLE, 0, "tracuu", "/example/page.html", 0},
	{"rfc simple: * publications", RFC_SIMPLE, 0, "tracuu", "/publications/a.html", 1},
	{"rfc simple: * elsewhere", RFC_SIMPLE, 0, "tracuu", "/other", 1},
	{"rfc simple: foobot page", RFC_SIMPLE, 0, "foobot", "/example/page.html", 1},
	{"rfc simple: foobot gif", RFC_SIMPLE, 0, "foobot", "/example/allowed.gif", 1},
	{"rfc simple: foobot other", RFC_SIMPLE, 0, "foobot", "/example/other.html", 0},
	{"rfc simple: foobot root", RFC_SIMPLE, 0, "foobot", "/", 0},
	{"rfc simple: FooBot case", RFC_SIMPLE, 0, "FooBot", "/", 0},
	{"rfc simple: barbot page", RFC_SIMPLE, 0, "barbot", "/example/page.html", 0},
	{"rfc simple: bazbot page", RFC_SIMPLE, 0, "bazbot", "/example/page.html", 0},
	{"rfc simple: bazbot gif (not *)", RFC_SIMPLE, 0, "bazbot", "/x.gif", 1},
	{"rfc simple: quxbot empty group", RFC_SIMPLE, 0, "quxbot", "/example/page.html", 1},
	{"rfc simple: quxbot gif", RFC_SIMPLE, 0, "quxbot", "/x.gif", 1},
	/* RFC 9309 5.2 */
	{"rfc longest: dir", RFC_LONGEST, 0, "foobot", "/example/page/", 1},
	{"rfc longest: file", RFC_LONGEST, 0, "foobot", "/example/page/disallowed.gif", 0},
	{"rfc longest: other agent", RFC_LONGEST, 0, "tracuu", "/example/page/disallowed.gif", 1},
	/* RFC 9309 2.2.1 */
	{"rfc merge: foo", RFC_MERGE, 0, "examplebot", "/foo", 0},
	{"rfc merge: bar", RFC_MERGE, 0, "examplebot", "/bar/x", 0},
	{"rfc merge: baz", RFC_MERGE, 0, "examplebot", "/baz", 0},
	{"rfc merge: other", RFC_MERGE, 0, "examplebot", "/qux", 1},
	/* Google's precedence examples. */
	{"google: /p beats /", "User-agent: *\nallow: /p\ndisallow: /\n", 0, "tracuu", "/page", 1},
	{"google: tie, allow wins", "User-agent: *\nallow: /folder\ndisallow: /folder\n", 0, "tracuu",
	 "/folder/page", 1},
	{"google: tie, allow wins (order)", "User-agent: *\ndisallow: /folder\nallow: /folder\n", 0,
	 "tracuu", "/folder/page", 1},
	{"google: /*.htm beats /page", "User-agent: *\nallow: /page\ndisallow: /*.htm\n", 0, "tracuu",
	 "/page.htm", 0},
	{"google: /*.ph ties /page", "User-agent: *\nallow: /page\ndisallow: /*.ph\n", 0, "tracuu",
	 "/page.php5", 1},
	{"google: /$ beats / at root", "User-agent: *\nallow: /$\ndisallow: /\n", 0, "tracuu", "/", 1},
	{"google: /$ not below root", "User-agent: *\nallow: /$\ndisallow: /\n", 0, "tracuu",
	 "/page.htm", 0},
	{"longest: /fish* (6) beats /fish (5)", "User-agent: *\nallow: /fish\ndisallow: /fish*\n", 0,
	 "tracuu", "/fish", 0},
	{"longest: many rules", "User-agent: *\nDisallow: /a\nAllow: /a/b\nDisallow: /a/b/c\n", 0,
	 "tracuu", "/a/b/c/d", 0},
	{"longest: many rules, middle", "User-agent: *\nDisallow: /a\nAllow: /a/b\nDisallow: /a/b/c\n",
	 0, "tracuu", "/a/b/x", 1},
	{"longest: encoded length counts", "User-agent: *\nDisallow: /%E1%BB%A9\nAllow: /\xE1\xBB\xA9\n",
	 0, "tracuu", "/\xE1\xBB\xA9", 1},
	/* Group selection. */
	{"own group beats *", "User-agent: *\nDisallow: /\n\nUser-agent: tracuu\nDisallow: /x\n", 0,
	 "tracuu", "/y", 1},
	{"own group after * still wins", "User-agent: tracuu\nDisallow: /x\n\nUser-agent: *\nDisallow: /\n",
	 0, "tracuu", "/x", 0},
	{"own empty group beats *", "User-agent: tracuu\n\nUser-agent: other\nDisallow: /x\n"
				    "User-agent: *\nDisallow: /\n",
	 0, "tracuu", "/y", 1},
	{"no group for us or *", "User-agent: googlebot\nDisallow: /\n", 0, "tracuu", "/", 1},
	{"empty file", "", 0, "tracuu", "/", 1},
	{"comments only", "# nothing\n# here\n", 0, "tracuu", "/x", 1},
	{"token match is case-insensitive", "User-agent: TRACUU\nDisallow: /\n", 0, "tracuu", "/", 0},
	{"token with version", "User-agent: tracuu/1.0\nDisallow: /\n", 0, "tracuu", "/", 0},
	{"token with comment", "User-agent: tracuu (+https://x)\nDisallow: /\n", 0, "tracuu", "/", 0},
	{"longer token is another bot", "User-agent: tracuubot\nDisallow: /\n", 0, "tracuu", "/", 1},
	{"shorter token is another bot", "User-agent: tracu\nDisallow: /\n", 0, "tracuu", "/", 1},
	{"token not first is another bot", "User-agent: Mozilla/5.0 tracuu\nDisallow: /\n", 0, "tracuu",
	 "/", 1},
	{"hyphen in token", "User-agent: tracuu-news\nDisallow: /\n", 0, "tracuu-news", "/", 0},
	{"hyphen token vs prefix", "User-agent: tracuu-news\nDisallow: /\n", 0, "tracuu", "/", 1},
	{"star with trailing space", "User-agent: * \nDisallow: /\n", 0, "tracuu", "/", 0},
	{"star glued to a name", "User-agent: *bot\nDisallow: /\n", 0, "tracuu", "/", 1},
	{"several agents in a group", "User-agent: a\nUser-agent: tracuu\nUser-agent: b\nDisallow: /x\n",
	 0, "tracuu", "/x", 0},
	{"* and us in one group", "User-agent: *\nUser-agent: tracuu\nDisallow: /x\n", 0, "tracuu", "/x",
	 0},
	{"blank lines inside agent lines", "User-agent: a\n\n\nUser-agent: tracuu\n\nDisallow: /x\n", 0,
	 "tracuu", "/x", 0},
	{"comment between agent lines", "User-agent: a\n# hi\nUser-agent: tracuu\nDisallow: /x\n", 0,
	 "tracuu", "/x", 0},
	{"sitemap between agent lines", "User-agent: a\nSitemap: http://x/s.xml\nUser-agent: tracuu\n"
					"Disallow: /x\n",
	 0, "tracuu", "/x", 0},
	{"unknown line between agent lines", "User-agent: a\nHost: x\nUser-agent: tracuu\nDisallow: /x\n",
	 0, "tracuu", "/x", 0},
	{"agent after rule starts a group", "User-agent: tracuu\nDisallow: /x\nUser-agent: a\n"
					    "Disallow: /y\n",
	 0, "tracuu", "/y", 1},
	{"crawl-delay ends the agent lines", "User-agent: tracuu\nCrawl-delay: 1\nUser-agent: a\n"
					     "Disallow: /y\n",
	 0, "tracuu", "/y", 1},
	{"rules before any agent ignored", "Disallow: /\nUser-agent: tracuu\nDisallow: /x\n", 0, "tracuu",
	 "/y", 1},
	{"only rules, no agent", "Disallow: /\nAllow: /x\n", 0, "tracuu", "/", 1},
	/* Syntax. */
	{"empty disallow allows all", "User-agent: *\nDisallow:\n", 0, "tracuu", "/x", 1},
	{"empty disallow beside others", "User-agent: *\nDisallow:\nDisallow: /x\n", 0, "tracuu", "/x",
	 0},
	{"empty allow is nothing", "User-agent: *\nDisallow: /\nAllow:\n", 0, "tracuu", "/x", 0},
	{"keys are case-insensitive", "USER-AGENT: *\nDISALLOW: /x\n", 0, "tracuu", "/x", 0},
	{"misspelt keys", "useragent: *\ndissallow: /x\n", 0, "tracuu", "/x", 0},
	{"user agent with space", "User agent: *\nDisalow: /x\n", 0, "tracuu", "/x", 0},
	{"spaces around key and value", "  User-agent  :  *  \n\t Disallow \t:\t /x \t\n", 0, "tracuu",
	 "/x", 0},
	{"no space after colon", "User-agent:*\nDisallow:/x\n", 0, "tracuu", "/x", 0},
	{"line without colon ignored", "User-agent: *\nDisallow /x\n", 0, "tracuu", "/x", 1},
	{"comment after value", "User-agent: * # all\nDisallow: /x # private\n", 0, "tracuu", "/x/y", 0},
	{"comment cuts value", "User-agent: *\nDisallow: /x#y\n", 0, "tracuu", "/xz", 0},
	{"commented rule", "User-agent: *\n# Disallow: /\n", 0, "tracuu", "/", 1},
	{"CRLF", "User-agent: *\r\nDisallow: /x\r\n", 0, "tracuu", "/x", 0},
	{"CR only", "User-agent: *\rDisallow: /x\rAllow: /x/y\r", 0, "tracuu", "/x/y", 1},
	{"CR only, disallow", "User-agent: *\rDisallow: /x\rAllow: /x/y\r", 0, "tracuu", "/x/z", 0},
	{"no final newline", "User-agent: *\nDisallow: /x", 0, "tracuu", "/x", 0},
	{"BOM", "\xEF\xBB\xBFUser-agent: *\nDisallow: /x\n", 0, "tracuu", "/x", 0},
	{"partial BOM", "\xEF\xBBUser-agent: *\nDisallow: /x\n", 0, "tracuu", "/x", 0},
	{"BOM in the middle is a byte", "User-agent: *\n\xEF\xBB\xBF" "Disallow: /x\n", 0, "tracuu",
	 "/x", 1},
	{"NUL in a value", "User-agent: *\nDisallow: /a\0b\n", 29, "tracuu", "/a%00b", 0},
	{"NUL in a value, plain path", "User-agent: *\nDisallow: /a\0b\n", 29, "tracuu", "/a", 1},
	{"NUL in a key", "User-agent: *\nDis\0allow: /x\n", 28, "tracuu", "/x", 1},
	{"NUL line then rules", "\0\0\0\nUser-agent: *\nDisallow: /x\n", 31, "tracuu", "/x", 0},
	{"invalid UTF-8 around", "\xFF\xFE\nUser-agent: *\n\xC3\nDisallow: /x\n", 0, "tracuu", "/x", 0},
	{"news site: search", NEWS_SITE, 0, "tracuu", "/tim-kiem?q=ha+noi", 0},
	{"news site: search help", NEWS_SITE, 0, "tracuu", "/tim-kiem/huong-dan.html", 1},
	{"news site: tracking", NEWS_SITE, 0, "tracuu", "/tin-tuc/a.html?utm_source=fb", 0},
	{"news site: json", NEWS_SITE, 0, "tracuu", "/api/list.json", 0},
	{"news site: article", NEWS_SITE, 0, "tracuu", "/tin-tuc/a.html", 1},
	{"news site: ahrefs", NEWS_SITE, 0, "AhrefsBot", "/tin-tuc/a.html", 0},
	/* /robots.txt itself. */
	{"robots.txt under Disallow: /", "User-agent: *\nDisallow: /\n", 0, "tracuu", "/robots.txt", 1},
	{"robots.txt named", "User-agent: *\nDisallow: /robots.txt\n", 0, "tracuu", "/robots.txt", 1},
	{"robots.txt with query", "User-agent: *\nDisallow: /\n", 0, "tracuu", "/robots.txt?x=1", 1},
	{"robots.txt encoded", "User-agent: *\nDisallow: /\n", 0, "tracuu", "/%72obots.txt", 1},
	{"robots.txt.bak", "User-agent: *\nDisallow: /\n", 0, "tracuu", "/robots.txt.bak", 0},
	{"Robots.txt", "User-agent: *\nDisallow: /\n", 0, "tracuu", "/Robots.txt", 0},
	/* The path argument. */
	{"empty path is /", "User-agent: *\nDisallow: /$\n", 0, "tracuu", "", 0},
	{"path without slash", "User-agent: *\nDisallow: /x\n", 0, "tracuu", "x/y", 0},
	{"query-only path", "User-agent: *\nDisallow: /?\n", 0, "tracuu", "?a=1", 0},
	{"fragment ignored", "User-agent: *\nDisallow: /x$\n", 0, "tracuu", "/x#top", 0},
	{"fragment ignored (allowed)", "User-agent: *\nDisallow: /x#\n", 0, "tracuu", "/y#x", 1},
};

static void test_files(void **state)
{
	(void)state;
	int nfail = 0;
	for (size_t i = 0; i < N_ROWS(file_rows); i++) {
		const file_row *row = &file_rows[i];
		size_t n = row->txt_len ? row->txt_len : strlen(row->txt);
		tc_robots *r = parse_exact(row->txt, n, row->agent);
		int got = allowed_exact(r, row->path);
		if (got != row->want)
			ROW_FAIL(nfail, row->name, "allowed %d, want %d", got, row->want);
		tc_robots_free(r);
	}
	ROWS_DONE(nfail, N_ROWS(file_rows));
}

/* ---- Crawl-delay ---- */

static const struct {
	const char *name;
	const char *txt;
	double want;
} delay_rows[] = {
	{"none", "User-agent: *\nDisallow: /x\n", -1.0},
	{"integer", "User-agent: *\nCrawl-delay: 10\n", 10.0},
	{"zero", "User-agent: *\nCrawl-delay: 0\n", 0.0},
	{"decimal", "User-agent: *\nCrawl-delay: 0.5\n", 0.5},
	{"decimal without leading digit", "User-agent: *\nCrawl-delay: .25\n", 0.25},
	{"trailing dot", "User-agent: *\nCrawl-delay: 2.\n", 2.0},
	{"spaces and comment", "User-agent: *\nCrawl-delay:   7   # be nice\n", 7.0},
	{"key spelling", "User-agent: *\ncrawldelay: 3\n", 3.0},
	{"capped", "User-agent: *\nCrawl-delay: 86400\n", TC_ROBOTS_MAX_DELAY},
	{"huge digits capped", "User-agent: *\nCrawl-delay: 99999999999999999999999999999\n",
	 TC_ROBOTS_MAX_DELAY},
	{"at the cap", "User-agent: *\nCrawl-delay: 60\n", 60.0},
	{"negative ignored", "User-agent: *\nCrawl-delay: -5\n", -1.0},
	{"exponent ignored", "User-agent: *\nCrawl-delay: 1e3\n", -1.0},
	{"unit ignored", "User-agent: *\nCrawl-delay: 5s\n", -1.0},
	{"words ignored", "User-agent: *\nCrawl-delay: ten\n", -1.0},
	{"empty ignored", "User-agent: *\nCrawl-delay:\n", -1.0},
	{"two dots ignored", "User-agent: *\nCrawl-delay: 1.2.3\n", -1.0},
	{"comma decimal ignored", "User-agent: *\nCrawl-delay: 1,5\n", -1.0},
	{"largest of merged groups", "User-agent: *\nCrawl-delay: 5\nUser-agent: *\nCrawl-delay: 8\n"
				     "User-agent: *\nCrawl-delay: 2\n",
	 8.0},
	{"own group's, not *'s", "User-agent: *\nCrawl-delay: 5\n\nUser-agent: tracuu\nCrawl-delay: 1\n",
	 1.0},
	{"own group without delay", "User-agent: *\nCrawl-delay: 5\n\nUser-agent: tracuu\nDisallow: /x\n",
	 -1.0},
	{"other bot's delay", "User-agent: bingbot\nCrawl-delay: 5\n", -1.0},
	{"before any agent", "Crawl-delay: 5\nUser-agent: *\nDisallow: /x\n", -1.0},
	{"in a shared group", "User-agent: bingbot\nUser-agent: tracuu\nCrawl-delay: 4\n", 4.0},
};

static void test_crawl_delay(void **state)
{
	(void)state;
	int nfail = 0;
	for (size_t i = 0; i < N_ROWS(delay_rows); i++) {
		tc_robots *r = parse_exact(delay_rows[i].txt, strlen(delay_rows[i].txt), "tracuu");
		double got = tc_robots_crawl_delay(r);
		double d = got - delay_rows[i].want;
		if (d > 1e-9 || d < -1e-9)
			ROW_FAIL(nfail, delay_rows[i].name, "%g, want %g", got, delay_rows[i].want);
		tc_robots_free(r);
	}
	ROWS_DONE(nfail, N_ROWS(delay_rows));
}

/* ---- Sitemap ---- */

static const struct {
	const char *name;
	const char *txt;
	const char *want[4]; /* NULL-terminated */
} sitemap_rows[] = {
	{"none", "User-agent: *\nDisallow: /\n", {NULL}},
	{"one, no group", "Sitemap: https://example.vn/sitemap.xml\n",
	 {"https://example.vn/sitemap.xml", NULL}},
	{"inside a group, for another bot",
	 "User-agent: googlebot\nSitemap: https://a.vn/s1.xml\nDisallow: /\n",
	 {"https://a.vn/s1.xml", NULL}},
	{"several, in order",
	 "Sitemap: https://a.vn/news.xml\nUser-agent: *\nDisallow:\nsitemap: https://a.vn/s.xml.gz\n"
	 "SITEMAP: https://a.vn/index.xml\n",
	 {"https://a.vn/news.xml", "https://a.vn/s.xml.gz", "https://a.vn/index.xml", NULL}},
	{"duplicates dropped", "Sitemap: https://a.vn/s.xml\nSitemap: https://a.vn/s.xml\n",
	 {"https://a.vn/s.xml", NULL}},
	{"trimmed, comment cut", "Sitemap:   https://a.vn/s.xml   # main\n", {"https://a.vn/s.xml", NULL}},
	{"site-map spelling", "Site-map: https://a.vn/s.xml\n", {"https://a.vn/s.xml", NULL}},
	{"empty ignored", "Sitemap:\nSitemap:   \n", {NULL}},
	{"control byte ignored", "Sitemap: https://a.vn/\x01s.xml\nSitemap: https://a.vn/t.xml\n",
	 {"https://a.vn/t.xml", NULL}},
	{"relative kept as written", "Sitemap: /sitemap.xml\n", {"/sitemap.xml", NULL}},
	{"CRLF", "Sitemap: https://a.vn/s.xml\r\nSitemap: https://a.vn/t.xml\r\n",
	 {"https://a.vn/s.xml", "https://a.vn/t.xml", NULL}},
};

static void test_sitemaps(void **state)
{
	(void)state;
	int nfail = 0;
	for (size_t i = 0; i < N_ROWS(sitemap_rows); i++) {
		tc_robots *r = parse_exact(sitemap_rows[i].txt, strlen(sitemap_rows[i].txt), "tracuu");
		size_t want_n = 0;
		while (sitemap_rows[i].want[want_n])
			want_n++;
		size_t n = tc_robots_sitemap_count(r);
		if (n != want_n)
			ROW_FAIL(nfail, sitemap_rows[i].name, "%zu sitemaps, want %zu", n, want_n);
		for (size_t k = 0; k < n && k < want_n; k++) {
			const char *got = tc_robots_sitemap(r, k);
			if (!got || strcmp(got, sitemap_rows[i].want[k]) != 0)
				ROW_FAIL(nfail, sitemap_rows[i].name, "sitemap %zu \"%s\", want \"%s\"", k,
					 got ? got : "(null)", sitemap_rows[i].want[k]);
		}
		if (tc_robots_sitemap(r, n) != NULL)
			ROW_FAIL(nfail, sitemap_rows[i].name, "sitemap past the count is not NULL");
		tc_robots_free(r);
	}
	ROWS_DONE(nfail, N_ROWS(sitemap_rows));
}

/* Sitemaps: count and length caps. */
static void test_sitemap_caps(void **state)
{
	(void)state;
	size_t cap = (TC_ROBOTS_MAX_SITEMAPS + 10) * 48 + 4200;
	char *txt = malloc(cap);
	assert_non_null(txt);
	size_t n = 0;
	for (size_t i = 0; i < TC_ROBOTS_MAX_SITEMAPS + 10; i++)
		n += (size_t)snprintf(txt + n, cap - n, "Sitemap: https://a.vn/s%zu.xml\n", i);
	tc_robots *r = parse_exact(txt, n, "tracuu");
	assert_int_equal(tc_robots_sitemap_count(r), TC_ROBOTS_MAX_SITEMAPS);
	assert_string_equal(tc_robots_sitemap(r, 0), "https://a.vn/s0.xml");
	tc_robots_free(r);

	/* One URL one byte past the length cap, one exactly at it. */
	n = (size_t)snprintf(txt, cap, "Sitemap: https://a.vn/");
	while (n - 9 < TC_ROBOTS_MAX_SITEMAP_LEN + 1)
		txt[n++] = 'x';
	txt[n++] = '\n';
	size_t start = n;
	n += (size_t)snprintf(txt + n, cap - n, "Sitemap: https://a.vn/");
	while (n - start - 9 < TC_ROBOTS_MAX_SITEMAP_LEN)
		txt[n++] = 'y';
	txt[n++] = '\n';
	r = parse_exact(txt, n, "tracuu");
	assert_int_equal(tc_robots_sitemap_count(r), 1);
	assert_int_equal(strlen(tc_robots_sitemap(r, 0)), TC_ROBOTS_MAX_SITEMAP_LEN);
	tc_robots_free(r);
	free(txt);
}

/* ---- the two HTTP outcomes ---- */

static void test_allow_all_disallow_all(void **state)
{
	(void)state;
	static const struct {
		const char *path;
		int allow_all, disallow_all;
	} rows[] = {
		{"/", 1, 0},
		{"/tin-tuc/a.html", 1, 0},
		{"/robots.txt", 1, 1},
		{"", 1, 0},
		{"/sitemap.xml", 1, 0},
	};
	tc_robots *a = tc_robots_allow_all();
	tc_robots *d = tc_robots_disallow_all();
	assert_non_null(a);
	assert_non_null(d);
	int nfail = 0;
	for (size_t i = 0; i < N_ROWS(rows); i++) {
		if (allowed_exact(a, rows[i].path) != rows[i].allow_all)
			ROW_FAIL(nfail, rows[i].path, "allow_all says %d", !rows[i].allow_all);
		if (allowed_exact(d, rows[i].path) != rows[i].disallow_all)
			ROW_FAIL(nfail, rows[i].path, "disallow_all says %d", !rows[i].disallow_all);
	}
	assert_true(tc_robots_crawl_delay(a) < 0);
	assert_true(tc_robots_crawl_delay(d) < 0);
	assert_int_equal(tc_robots_sitemap_count(a), 0);
	assert_int_equal(tc_robots_sitemap_count(d), 0);
	assert_null(tc_robots_sitemap(d, 0));
	tc_robots_free(a);
	tc_robots_free(d);
	ROWS_DONE(nfail, N_ROWS(rows));
}

/* ---- caps ---- */

/* Fill buf with comment lines until exactly `upto` bytes (each ends in \n). */
static size_t pad_comments(char *buf, size_t n, size_t upto)
{
	while (n < upto) {
		size_t line = upto - n > 80 ? 80 : upto - n;
		memset(buf + n, '#', line - 1);
		buf[n + line - 1] = '\n';
		n += line;
	}
	return n;
}

static void test_size_cap(void **state)
{
	(void)state;
	const size_t max = TC_ROBOTS_MAX_BYTES;
	char *txt = malloc(max + 4096);
	assert_non_null(txt);

	/* A rule ending right at the cap counts; one after it does not. */
	size_t n = (size_t)snprintf(txt, 64, "User-agent: *\n");
	const char *last = "Disallow: /last\n";
	n = pad_comments(txt, n, max - strlen(last));
	memcpy(txt + n, last, strlen(last));
	n += strlen(last);
	assert_int_equal(n, max);
	n += (size_t)snprintf(txt + n, 64, "Disallow: /late\n");
	tc_robots *r = parse_exact(txt, n, "tracuu");
	assert_int_equal(allowed_exact(r, "/last"), 0);
	assert_int_equal(allowed_exact(r, "/late"), 1);
	tc_robots_free(r);

	/* A line cut by the cap is dropped, not shortened: "Disallow: /ab"
	 * (the cut) would block /abz. */
	n = (size_t)snprintf(txt, 64, "User-agent: *\n");
	n = pad_comments(txt, n, max - 13);
	n += (size_t)snprintf(txt + n, 64, "Disallow: /abcdefgh\n");
	assert_true(n > max);
	r = parse_exact(txt, n, "tracuu");
	assert_int_equal(allowed_exact(r, "/abz"), 1);
	assert_int_equal(allowed_exact(r, "/abcdefgh"), 1);
	tc_robots_free(r);

	/* Exactly at the cap without a final newline: the last line is whole. */
	n = (size_t)snprintf(txt, 64, "User-agent: *\n");
	n = pad_comments(txt, n, max - 12);
	memcpy(txt + n, "Disallow: /z", 12);
	n += 12;
	assert_int_equal(n, max);
	r = parse_exact(txt, n, "tracuu");
	assert_int_equal(allowed_exact(r, "/z"), 0);
	tc_robots_free(r);

	/* One long line past the cap: nothing parsed, nothing crashes. */
	memset(txt, 'D', max + 100);
	r = parse_exact(txt, max + 100, "tracuu");
	assert_int_equal(allowed_exact(r, "/"), 1);
	tc_robots_free(r);
	free(txt);
}

static void test_line_cap(void **state)
{
	(void)state;
	size_t cap = 2 * TC_ROBOTS_MAX_LINE + 256;
	char *txt = malloc(cap);
	assert_non_null(txt);
	static const struct {
		const char *name;
		size_t value_len; /* bytes after "Disallow: /x" */
		int want_x_allowed;
	} rows[] = {
		{"line at the cap", TC_ROBOTS_MAX_LINE - 12, 0},
		{"line one past the cap", TC_ROBOTS_MAX_LINE - 11, 1},
		{"line far past the cap", TC_ROBOTS_MAX_LINE + 5000, 1},
	};
	int nfail = 0;
	for (size_t i = 0; i < N_ROWS(rows); i++) {
		size_t n = (size_t)snprintf(txt, cap, "User-agent: *\nDisallow: /x");
		/* A '*'-run keeps the pattern a prefix of "/x..." paths. */
		memset(txt + n, '*', rows[i].value_len);
		n += rows[i].value_len;
		n += (size_t)snprintf(txt + n, cap - n, "\nDisallow: /after\n");
		tc_robots *r = parse_exact(txt, n, "tracuu");
		if (allowed_exact(r, "/xyz") != rows[i].want_x_allowed)
			ROW_FAIL(nfail, rows[i].name, "/xyz allowed %d", !rows[i].want_x_allowed);
		if (allowed_exact(r, "/after") != 0)
			ROW_FAIL(nfail, rows[i].name, "the next line was lost");
		tc_robots_free(r);
	}
	free(txt);
	ROWS_DONE(nfail, N_ROWS(rows));
}

static void test_rule_cap(void **state)
{
	(void)state;
	size_t nrules = TC_ROBOTS_MAX_RULES + 5;
	size_t cap = 32 + nrules * 32;
	char *txt = malloc(cap);
	assert_non_null(txt);
	size_t n = (size_t)snprintf(txt, cap, "User-agent: *\n");
	for (size_t i = 0; i < nrules; i++)
		n += (size_t)snprintf(txt + n, cap - n, "Disallow: /r%zu$\n", i);
	tc_robots *r = parse_exact(txt, n, "tracuu");
	char path[32];
	snprintf(path, sizeof path, "/r%zu", (size_t)0);
	assert_int_equal(allowed_exact(r, path), 0);
	snprintf(path, sizeof path, "/r%zu", TC_ROBOTS_MAX_RULES - 1);
	assert_int_equal(allowed_exact(r, path), 0);
	snprintf(path, sizeof path, "/r%zu", TC_ROBOTS_MAX_RULES);
	assert_int_equal(allowed_exact(r, path), 1);
	tc_robots_free(r);
	free(txt);
}

/* A path longer than the on-stack scratch buffer. */
static void test_long_path(void **state)
{
	(void)state;
	const char *txt = "User-agent: *\nDisallow: /*x$\nAllow: /a\n";
	tc_robots *r = parse_exact(txt, strlen(txt), "tracuu");
	size_t n = 20000;
	char *path = malloc(n + 1);
	assert_non_null(path);
	path[0] = '/';
	memset(path + 1, '\xC3', n - 2); /* each byte grows to three */
	path[n - 1] = 'x';
	path[n] = '\0';
	assert_int_equal(allowed_exact(r, path), 0);
	path[n - 1] = 'y';
	assert_int_equal(allowed_exact(r, path), 1);
	path[1] = 'a';
	path[n - 1] = 'x';
	assert_int_equal(allowed_exact(r, path), 0); /* the 4-byte pattern beats "/a" */
	free(path);
	tc_robots_free(r);
}

/* ---- usage ---- */

static void test_usage(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		const char *agent;
		int txt_null;
		size_t n;
		tc_status want;
	} rows[] = {
		{"NULL agent", NULL, 0, 3, TC_ERR_USAGE},
		{"empty agent", "", 0, 3, TC_ERR_USAGE},
		{"agent with space", "tra cuu", 0, 3, TC_ERR_USAGE},
		{"agent with version", "tracuu/1.0", 0, 3, TC_ERR_USAGE},
		{"agent *", "*", 0, 3, TC_ERR_USAGE},
		{"agent non-ASCII", "tr\xC3\xA0", 0, 3, TC_ERR_USAGE},
		{"agent too long",
		 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 0, 3, TC_ERR_USAGE},
		{"agent at the length cap",
		 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 0, 3, TC_OK},
		{"agent with _ and -", "Tra_Cuu-bot", 0, 3, TC_OK},
		{"NULL text with length", "tracuu", 1, 3, TC_ERR_USAGE},
		{"NULL text, empty", "tracuu", 1, 0, TC_OK},
	};
	int nfail = 0;
	for (size_t i = 0; i < N_ROWS(rows); i++) {
		tc_robots *r = (tc_robots *)&r; /* not NULL, to see it cleared */
		tc_status st = tc_robots_parse(rows[i].txt_null ? NULL : "x:y", rows[i].n, rows[i].agent,
					       &r);
		if (st != rows[i].want)
			ROW_FAIL(nfail, rows[i].name, "status %d, want %d", st, rows[i].want);
		if (st != TC_OK && r != NULL)
			ROW_FAIL(nfail, rows[i].name, "*out not NULL after a failure");
		if (st == TC_OK && (!r || !allowed_exact(r, "/")))
			ROW_FAIL(nfail, rows[i].name, "no object, or / disallowed");
		if (st == TC_OK)
			tc_robots_free(r);
	}
	assert_int_equal(tc_robots_parse("", 0, "tracuu", NULL), TC_ERR_USAGE);
	assert_int_equal(tc_robots_allowed(NULL, "/", 1), 0);
	assert_true(tc_robots_crawl_delay(NULL) < 0);
	assert_int_equal(tc_robots_sitemap_count(NULL), 0);
	assert_null(tc_robots_sitemap(NULL, 0));
	tc_robots_free(NULL);
	ROWS_DONE(nfail, N_ROWS(rows));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pattern_matching),
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_crawl_delay),
		cmocka_unit_test(test_sitemaps),
		cmocka_unit_test(test_sitemap_caps),
		cmocka_unit_test(test_allow_all_disallow_all),
		cmocka_unit_test(test_size_cap),
		cmocka_unit_test(test_line_cap),
		cmocka_unit_test(test_rule_cap),
		cmocka_unit_test(test_long_path),
		cmocka_unit_test(test_usage),
	};
	return cmocka_run_group_tests_name("robots", tests, NULL, NULL);
}
