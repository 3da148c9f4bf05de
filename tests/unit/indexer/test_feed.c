/*
 * test_feed.c - feeds and sitemaps for discovery (indexer/feed.h).
 *
 * Contract under test: the kind comes from the root element and its
 * namespace; each entry arrives once, in document order, with an absolute
 * http(s) URL (resolved against xml:base and the base URL), trimmed plain
 * text and a date normalised to Vietnamese local time; malformed documents
 * give what could be read plus an error count; entities are never
 * expanded (XXE, billion laughs); the size caps hold.  The last test reads
 * the real VnExpress feed in ../shared/html (TRACUU_HTML overrides where).
 *
 * Inputs are exact-length heap copies (unit_test.h), so ASan catches a read
 * past n.
 */
#include "unit_test.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "feed.h"
#include "tc_buf.h"
#include "vn_text.h"
#include "tc_banned.h"

/* The checkout's sibling ../shared/html, unless TRACUU_HTML says otherwise. */
#ifdef TRACUU_SOURCE_DIR
#define TRACUU_HTML_DEFAULT TRACUU_SOURCE_DIR "/../shared/html"
#else
#define TRACUU_HTML_DEFAULT "../shared/html"
#endif

/* ---- collecting entries ------------------------------------------------- */

#define MAX_GOT 64

typedef struct got_entry {
	char *url, *title, *summary;
	char date[20];
	int is_sitemap;
} got_entry;

typedef struct got {
	got_entry e[MAX_GOT];
	size_t n;     /* entries seen (may pass MAX_GOT: only counted then) */
	size_t stop;  /* stop after this many (0: never) */
	int bad;      /* an entry broke the contract */
} got;

static char *dup_str(const char *s)
{
	size_t n = strlen(s);
	char *p = malloc(n + 1);
	assert_non_null(p);
	memcpy(p, s, n + 1);
	return p;
}

static int is_trimmed(const char *s)
{
	size_t n = strlen(s);
	return !n || (s[0] != ' ' && s[0] != '\n' && s[0] != '\t' && s[n - 1] != ' ' &&
		      s[n - 1] != '\n' && s[n - 1] != '\t');
}

static int on_entry(void *ctx, const tc_feed_entry *e)
{
	got *g = ctx;
	if (!e->url || !e->title || !e->summary || strlen(e->date) >= sizeof e->date ||
	    (strncmp(e->url, "http://", 7) && strncmp(e->url, "https://", 8)) ||
	    !is_trimmed(e->title) || !is_trimmed(e->summary))
		g->bad = 1;
	if (g->n < MAX_GOT) {
		got_entry *x = &g->e[g->n];
		x->url = dup_str(e->url ? e->url : "");
		x->title = dup_str(e->title ? e->title : "");
		x->summary = dup_str(e->summary ? e->summary : "");
		memcpy(x->date, e->date, sizeof x->date);
		x->is_sitemap = e->is_sitemap;
	}
	g->n++;
	return g->stop && g->n >= g->stop;
}

static void got_free(got *g)
{
	for (size_t i = 0; i < g->n && i < MAX_GOT; i++) {
		free(g->e[i].url);
		free(g->e[i].title);
		free(g->e[i].summary);
	}
	memset(g, 0, sizeof *g);
}

/* Parse text (an exact-length copy of it) into g. */
static tc_status parse(const char *text, size_t n, const char *base, got *g, tc_feed_info *info,
		       tc_err *err)
{
	char *copy = unit_exact_copy(text, n);
	tc_status st = tc_feed_parse_ex(copy, n, base, on_entry, g, info, err);
	free(copy);
	return st;
}

/* ---- fixtures (written for these tests) -------------------------------- */

static const char rss2[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
	"     xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">\n"
	"<channel>\n"
	"  <title>Tin Hà Nội</title><link>https://tinhanoi.vn/</link>\n"
	"  <image><title>logo</title><link>https://tinhanoi.vn/logo</link></image>\n"
	"  <item>\n"
	"    <title>\n   Hà Nội   mở rộng\n   đường Vành đai 4  \n</title>\n"
	"    <link>\n  https://tinhanoi.vn/giao-thong/vanh-dai-4.html  \n</link>\n"
	"    <description><![CDATA[ <a href=\"/x\"><img src=\"a.jpg\"></a></br>Dự án "
	"<b>trọng điểm</b> &amp; cấp bách. ]]></description>\n"
	"    <pubDate>Tue, 09 Jun 2020 10:30:00 GMT</pubDate>\n"
	"    <guid>https://tinhanoi.vn/other-guid.html</guid>\n"
	"  </item>\n"
	"  <item>\n"
	"    <title>Chỉ có guid</title>\n"
	"    <guid isPermaLink=\"true\">https://tinhanoi.vn/guid-only.html</guid>\n"
	"    <description>Văn bản &lt;i&gt;thường&lt;/i&gt; &amp;nbsp;có thực thể</description>\n"
	"    <dc:date>2020-06-10T08:00:00+07:00</dc:date>\n"
	"  </item>\n"
	"  <item>\n"
	"    <title>Guid không phải liên kết</title>\n"
	"    <guid isPermaLink=\"false\">https://tinhanoi.vn/not-a-link.html</guid>\n"
	"  </item>\n"
	"  <item>\n"
	"    <title>Liên kết tương đối</title>\n"
	"    <link>../thoi-su/bai-3.html?a=1&amp;b=2</link>\n"
	"    <content:encoded><![CDATA[<p>Toàn văn</p><p>bài viết</p>]]></content:encoded>\n"
	"    <pubDate>Wed, 10 Jun 2020 23:30:00 +0000</pubDate>\n"
	"  </item>\n"
	"  <item>\n"
	"    <title>Guid tương đối</title>\n"
	"    <guid>12345</guid>\n"
	"  </item>\n"
	"</channel>\n"
	"</rss>\n";

static const char rss1[] =
	"<?xml version=\"1.0\"?>\n"
	"<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"\n"
	"         xmlns=\"http://purl.org/rss/1.0/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
	"<channel rdf:about=\"https://a.vn/\"><title>A</title><link>https://a.vn/</link></channel>\n"
	"<item rdf:about=\"https://a.vn/1\"><title>Một</title><link>https://a.vn/1</link>\n"
	"<dc:date>2019-12-31T20:00:00Z</dc:date></item>\n"
	"</rdf:RDF>\n";

static const char atom[] =
	"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	"<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:base=\"https://chinhphu.vn/tin/\">\n"
	"  <title>Cổng thông tin</title>\n"
	"  <link rel=\"self\" href=\"https://chinhphu.vn/atom.xml\"/>\n"
	"  <entry>\n"
	"    <title type=\"html\">Nghị định &lt;b&gt;100/2019&lt;/b&gt; &amp;amp; hướng dẫn</title>\n"
	"    <link rel=\"self\" href=\"/self/1\"/>\n"
	"    <link rel=\"alternate\" type=\"text/html\" href=\"nghi-dinh.html?id=1&amp;p=2\"/>\n"
	"    <link rel=\"alternate\" href=\"second.html\"/>\n"
	"    <id>urn:uuid:1</id>\n"
	"    <updated>2020-01-02T00:00:00Z</updated>\n"
	"    <published>2019-12-30T17:15:00Z</published>\n"
	"    <summary type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\"><p>Quy định "
	"<b>mới</b></p><p>về giao thông</p></div></summary>\n"
	"    <source><title>other</title><updated>2000-01-01T00:00:00Z</updated></source>\n"
	"  </entry>\n"
	"  <entry xml:base=\"/van-ban/\">\n"
	"    <title>Kế hoạch &lt;số 5&gt;</title>\n"
	"    <link href=\"ke hoach.html\"/>\n"
	"    <updated>2020-02-03</updated>\n"
	"    <content type=\"html\">&lt;p&gt;Nội dung&lt;/p&gt;</content>\n"
	"  </entry>\n"
	"  <entry>\n"
	"    <title>Không có liên kết thay thế</title>\n"
	"    <link rel=\"enclosure\" href=\"https://chinhphu.vn/a.mp3\"/>\n"
	"  </entry>\n"
	"</feed>\n";

static const char urlset[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"\n"
	"        xmlns:image=\"http://www.google.com/schemas/sitemap-image/1.1\">\n"
	"  <url><loc>https://hanoi.gov.vn/tin-tuc/a-1.htm</loc>"
	"<lastmod>2021-03-04T05:06:07+07:00</lastmod><changefreq>daily</changefreq>"
	"<image:image><image:loc>https://img.hanoi.gov.vn/a.jpg</image:loc></image:image></url>\n"
	"  <url><loc>/tin-tuc/b-2.htm</loc><lastmod>2021-03-05</lastmod></url>\n"
	"  <url><loc>https://hanoi.gov.vn/tin-tức/đường-phố.htm</loc></url>\n"
	"  <url><loc>javascript:alert(1)</loc></url>\n"
	"  <url><lastmod>2021-03-06</lastmod></url>\n"
	"</urlset>\n";

static const char sitemapindex[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
	"  <sitemap><loc>https://nhandan.vn/sitemap-2024-01.xml</loc>"
	"<lastmod>2024-01-31T18:00:00Z</lastmod></sitemap>\n"
	"  <sitemap><loc>sitemap-news.xml</loc></sitemap>\n"
	"</sitemapindex>\n";

static const char news_sitemap[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"\n"
	"        xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\n"
	"  <url>\n"
	"    <loc>https://baochinhphu.vn/thu-tuong-chu-tri-hop-102240301.htm</loc>\n"
	"    <lastmod>2024-03-02T10:00:00+07:00</lastmod>\n"
	"    <news:news>\n"
	"      <news:publication><news:name>Báo Chính phủ</news:name>"
	"<news:language>vi</news:language></news:publication>\n"
	"      <news:publication_date>2024-02-29T23:30:00Z</news:publication_date>\n"
	"      <news:title>Thủ tướng chủ trì họp Chính phủ &amp; địa phương</news:title>\n"
	"    </news:news>\n"
	"  </url>\n"
	"</urlset>\n";

/* Broken in several ways: a stray '&', a mismatched tag, an unclosed item,
 * and the document stops in the middle of the last item. */
static const char malformed[] =
	"<rss version=\"2.0\"><channel>\n"
	"<item><title>Một & hai</title><link>https://a.vn/1?x=1&amp;y=2</link></item>\n"
	"<item><title>Hai <b>đậm</title><link>https://a.vn/2</link></item>\n"
	"<item><title>Ba</title><link>https://a.vn/3</link>\n"
	"<item><title>Bốn</title><link>https://a.vn/4?p=1&amp;q=2</link></item>\n"
	"<item><title>Năm</title><link>https://a.vn/5</link><description>cắt ngang";

/* ---- tests -------------------------------------------------------------- */

typedef struct kind_row {
	const char *name;
	const char *text;
	tc_status want_st;
	tc_feed_kind want;
} kind_row;

static void test_kind_detection(void **state)
{
	(void)state;
	static const kind_row rows[] = {
		{"rss 2.0", rss2, TC_OK, TC_FEED_RSS},
		{"rss 1.0 (rdf)", rss1, TC_OK, TC_FEED_RSS},
		{"atom", atom, TC_OK, TC_FEED_ATOM},
		{"atom without namespace", "<feed><entry/></feed>", TC_OK, TC_FEED_ATOM},
		{"atom 0.3", "<feed xmlns=\"http://purl.org/atom/ns#\"/>", TC_OK, TC_FEED_ATOM},
		{"urlset", urlset, TC_OK, TC_FEED_SITEMAP},
		{"news sitemap", news_sitemap, TC_OK, TC_FEED_SITEMAP},
		{"sitemapindex", sitemapindex, TC_OK, TC_FEED_SITEMAP_INDEX},
		{"white space before the declaration", "\n\n  <?xml version=\"1.0\"?><rss/>", TC_OK,
		 TC_FEED_RSS},
		{"BOM", "\xEF\xBB\xBF<urlset/>", TC_OK, TC_FEED_SITEMAP},
		{"html", "<html><head><title>x</title></head></html>", TC_ERR_INVALID,
		 TC_FEED_UNKNOWN},
		{"feed in a foreign namespace", "<feed xmlns=\"urn:other\"/>", TC_ERR_INVALID,
		 TC_FEED_UNKNOWN},
		{"rss named in the file name only", "<channel><item/></channel>", TC_ERR_INVALID,
		 TC_FEED_UNKNOWN},
		{"empty", "", TC_ERR_INVALID, TC_FEED_UNKNOWN},
		{"plain text", "not xml at all", TC_ERR_INVALID, TC_FEED_UNKNOWN},
		{"json", "{\"rss\": 1}", TC_ERR_INVALID, TC_FEED_UNKNOWN},
		{"one byte", "<", TC_ERR_INVALID, TC_FEED_UNKNOWN},
	};
	int nfail = 0;
	for (size_t r = 0; r < N_ROWS(rows); r++) {
		got g = {0};
		char *copy = unit_exact_copy(rows[r].text, strlen(rows[r].text));
		tc_feed_kind kind = (tc_feed_kind)99;
		tc_err err = {{0}};
		tc_status st = tc_feed_parse(copy, strlen(rows[r].text), "https://x.vn/", on_entry,
					     &g, &kind, &err);
		if (st != rows[r].want_st)
			ROW_FAIL(nfail, rows[r].name, "status %d, want %d (%s)", st, rows[r].want_st,
				 err.msg);
		if (kind != rows[r].want)
			ROW_FAIL(nfail, rows[r].name, "kind %s, want %s", tc_feed_kind_name(kind),
				 tc_feed_kind_name(rows[r].want));
		if (st != TC_OK && !err.msg[0])
			ROW_FAIL(nfail, rows[r].name, "failure without a message");
		free(copy);
		got_free(&g);
	}
	ROWS_DONE(nfail, N_ROWS(rows));
}

/* What one entry must look like; NULL title/summary: don't care. */
typedef struct want_entry {
	const char *url;
	const char *title;
	const char *summary;
	const char *date;
	int is_sitemap;
} want_entry;

typedef struct entries_row {
	const char *name;
	const char *text;
	const char *base;
	size_t skipped;
	size_t n;
	want_entry e[6];
} entries_row;

static const entries_row entries_rows[] = {
	{"rss 2.0", rss2, "https://tinhanoi.vn/rss/home.rss", 2, 3, {
		{"https://tinhanoi.vn/giao-thong/vanh-dai-4.html", "Hà Nội mở rộng đường Vành đai 4",
		 "Dự án trọng điểm & cấp bách.", "2020-06-09T17:30", 0},
		{"https://tinhanoi.vn/guid-only.html", "Chỉ có guid",
		 "Văn bản thường có thực thể", "2020-06-10T08:00", 0},
		{"https://tinhanoi.vn/thoi-su/bai-3.html?a=1&b=2", "Liên kết tương đối",
		 "Toàn văn bài viết", "2020-06-11T06:30", 0},
	}},
	{"rss 1.0", rss1, NULL, 0, 1, {
		{"https://a.vn/1", "Một", "", "2020-01-01T03:00", 0},
	}},
	{"atom", atom, "https://chinhphu.vn/feeds/atom.xml", 1, 2, {
		{"https://chinhphu.vn/tin/nghi-dinh.html?id=1&p=2", "Nghị định 100/2019 & hướng dẫn",
		 "Quy định mới về giao thông", "2019-12-31T00:15", 0},
		{"https://chinhphu.vn/van-ban/ke%20hoach.html", "Kế hoạch <số 5>", "Nội dung",
		 "2020-02-03", 0},
	}},
	{"urlset", urlset, "https://hanoi.gov.vn/sitemap.xml", 2, 3, {
		{"https://hanoi.gov.vn/tin-tuc/a-1.htm", "", "", "2021-03-04T05:06", 0},
		{"https://hanoi.gov.vn/tin-tuc/b-2.htm", "", "", "2021-03-05", 0},
		{"https://hanoi.gov.vn/tin-t%E1%BB%A9c/%C4%91%C6%B0%E1%BB%9Dng-ph%E1%BB%91.htm", "",
		 "", "", 0},
	}},
	{"sitemapindex", sitemapindex, "https://nhandan.vn/sitemap.xml", 0, 2, {
		{"https://nhandan.vn/sitemap-2024-01.xml", "", "", "2024-02-01T01:00", 1},
		{"https://nhandan.vn/sitemap-news.xml", "", "", "", 1},
	}},
	{"news sitemap: publication date wins over lastmod", news_sitemap, NULL, 0, 1, {
		{"https://baochinhphu.vn/thu-tuong-chu-tri-hop-102240301.htm",
		 "Thủ tướng chủ trì họp Chính phủ & địa phương", "", "2024-03-01T06:30", 0},
	}},
	{"no base: relative URLs are skipped", urlset, NULL, 3, 2, {
		{"https://hanoi.gov.vn/tin-tuc/a-1.htm", NULL, NULL, "2021-03-04T05:06", 0},
		{"https://hanoi.gov.vn/tin-t%E1%BB%A9c/%C4%91%C6%B0%E1%BB%9Dng-ph%E1%BB%91.htm", NULL,
		 NULL, "", 0},
	}},
};

static void test_entries(void **state)
{
	(void)state;
	int nfail = 0;
	for (size_t r = 0; r < N_ROWS(entries_rows); r++) {
		const entries_row *row = &entries_rows[r];
		got g = {0};
		tc_feed_info info;
		tc_err err = {{0}};
		tc_status st = parse(row->text, strlen(row->text), row->base, &g, &info, &err);
		if (st != TC_OK)
			ROW_FAIL(nfail, row->name, "status %d (%s)", st, err.msg);
		if (info.errors)
			ROW_FAIL(nfail, row->name, "%zu XML errors (%s)", info.errors, err.msg);
		if (g.bad)
			ROW_FAIL(nfail, row->name, "an entry broke the contract");
		if (g.n != row->n || info.entries != row->n)
			ROW_FAIL(nfail, row->name, "%zu entries (info %zu), want %zu", g.n,
				 info.entries, row->n);
		if (info.skipped != row->skipped)
			ROW_FAIL(nfail, row->name, "%zu skipped, want %zu", info.skipped, row->skipped);
		for (size_t i = 0; i < g.n && i < row->n; i++) {
			const want_entry *w = &row->e[i];
			const got_entry *e = &g.e[i];
			if (strcmp(e->url, w->url))
				ROW_FAIL(nfail, row->name, "entry %zu url \"%s\", want \"%s\"", i, e->url,
					 w->url);
			if (w->title && strcmp(e->title, w->title))
				ROW_FAIL(nfail, row->name, "entry %zu title \"%s\", want \"%s\"", i,
					 e->title, w->title);
			if (w->summary && strcmp(e->summary, w->summary))
				ROW_FAIL(nfail, row->name, "entry %zu summary \"%s\", want \"%s\"", i,
					 e->summary, w->summary);
			if (strcmp(e->date, w->date))
				ROW_FAIL(nfail, row->name, "entry %zu date \"%s\", want \"%s\"", i, e->date,
					 w->date);
			if (e->is_sitemap != w->is_sitemap)
				ROW_FAIL(nfail, row->name, "entry %zu is_sitemap %d", i, e->is_sitemap);
		}
		got_free(&g);
	}
	ROWS_DONE(nfail, N_ROWS(entries_rows));
}

static void test_malformed_recovers(void **state)
{
	(void)state;
	static const char *const want[] = {"https://a.vn/1?x=1&y=2", "https://a.vn/3",
					   "https://a.vn/4?p=1&q=2", "https://a.vn/5"};
	got g = {0};
	tc_feed_info info;
	tc_err err = {{0}};
	tc_status st = parse(malformed, strlen(malformed), NULL, &g, &info, &err);
	assert_int_equal(st, TC_OK);
	assert_int_equal(info.kind, TC_FEED_RSS);
	assert_true(info.errors >= 3);
	assert_non_null(strstr(err.msg, "XML error"));
	assert_false(g.bad);
	/* The item whose title swallowed its link is lost; every other one
	 * arrives, and '&amp;' after the first error still becomes '&'. */
	assert_int_equal(g.n, N_ROWS(want));
	for (size_t i = 0; i < g.n; i++)
		assert_string_equal(g.e[i].url, want[i]);
	assert_string_equal(g.e[2].title, "Bốn");
	/* The last item broke off inside its description: the URL counts, the
	 * unfinished text does not. */
	assert_string_equal(g.e[3].title, "Năm");
	assert_string_equal(g.e[3].summary, "");
	got_free(&g);

	/* Every prefix of a feed parses without crashing or breaking the
	 * contract, and never yields more entries than the whole. */
	size_t n = strlen(rss2);
	for (size_t k = 0; k <= n; k += 7) {
		tc_status s2 = parse(rss2, k, "https://tinhanoi.vn/", &g, &info, &err);
		assert_true(s2 == TC_OK || s2 == TC_ERR_INVALID);
		assert_false(g.bad);
		assert_true(g.n <= 3);
		got_free(&g);
	}
}

/* Write secret to a temporary file; its path into path. */
static void secret_file(char *path, size_t cap, const char *secret)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(path, cap, "%s/test_feed_secret_XXXXXX", tmp && *tmp ? tmp : "/tmp");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, secret, strlen(secret)), (ssize_t)strlen(secret));
	close(fd);
}

static int any_field_has(const got *g, const char *needle)
{
	for (size_t i = 0; i < g->n && i < MAX_GOT; i++)
		if (strstr(g->e[i].url, needle) || strstr(g->e[i].title, needle) ||
		    strstr(g->e[i].summary, needle))
			return 1;
	return 0;
}

static void test_no_entity_expansion(void **state)
{
	(void)state;
	char path[512];
	secret_file(path, sizeof path, "SECRET-XXE-CONTENT");
	char doc[4096];
	/* External general entity, external parameter entity, external DTD and
	 * an internal entity, all aimed at the secret. */
	int k = snprintf(doc, sizeof doc,
			 "<?xml version=\"1.0\"?>\n"
			 "<!DOCTYPE rss SYSTEM \"file://%s\" [\n"
			 "  <!ENTITY xxe SYSTEM \"file://%s\">\n"
			 "  <!ENTITY %% pe SYSTEM \"file://%s\">\n"
			 "  %%pe;\n"
			 "  <!ENTITY inner \"INTERNAL-ENTITY-TEXT\">\n"
			 "]>\n"
			 "<rss version=\"2.0\"><channel><item>\n"
			 "<title>a &xxe; b &inner; c</title>\n"
			 "<link>https://a.vn/&xxe;x?q=1&amp;r=2</link>\n"
			 "<description>&xxe;</description>\n"
			 "</item></channel></rss>\n",
			 path, path, path);
	assert_true(k > 0 && (size_t)k < sizeof doc);
	got g = {0};
	tc_feed_info info;
	tc_err err = {{0}};
	tc_status st = parse(doc, (size_t)k, NULL, &g, &info, &err);
	assert_int_equal(st, TC_OK);
	assert_int_equal(g.n, 1);
	assert_false(any_field_has(&g, "SECRET"));
	assert_false(any_field_has(&g, "INTERNAL-ENTITY"));
	assert_string_equal(g.e[0].title, "a b c");
	assert_string_equal(g.e[0].url, "https://a.vn/x?q=1&r=2");
	got_free(&g);
	unlink(path);

	/* Billion laughs: ten levels of ten; expanded it would be 10^10 "lol"s. */
	tc_buf b;
	tc_buf_init(&b, 1 << 16);
	assert_int_equal(tc_buf_append_str(&b, "<?xml version=\"1.0\"?>\n<!DOCTYPE urlset [\n"
					       "<!ENTITY l0 \"lol\">\n"), TC_OK);
	for (int i = 1; i <= 10; i++) {
		assert_int_equal(tc_buf_printf(&b, "<!ENTITY l%d \"", i), TC_OK);
		for (int j = 0; j < 10; j++)
			assert_int_equal(tc_buf_printf(&b, "&l%d;", i - 1), TC_OK);
		assert_int_equal(tc_buf_append_str(&b, "\">\n"), TC_OK);
	}
	assert_int_equal(tc_buf_append_str(&b, "]>\n<urlset><url><loc>https://a.vn/&l10;</loc>"
					       "</url></urlset>\n"), TC_OK);
	clock_t t0 = clock();
	st = parse(b.data, b.len, NULL, &g, &info, &err);
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	assert_int_equal(st, TC_OK);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.e[0].url, "https://a.vn/");
	assert_true(secs < 2.0);
	got_free(&g);
	tc_buf_release(&b);
}

static void test_size_caps(void **state)
{
	(void)state;
	got g = {0};
	tc_feed_info info;
	tc_err err = {{0}};

	/* Over the document cap: refused whole, before parsing. */
	size_t big = TC_FEED_MAX_BYTES + 1;
	char *huge = malloc(big);
	assert_non_null(huge);
	memset(huge, ' ', big);
	memcpy(huge, "<urlset>", 8);
	tc_status st = tc_feed_parse_ex(huge, big, NULL, on_entry, &g, &info, &err);
	assert_int_equal(st, TC_ERR_TOO_BIG);
	assert_int_equal(g.n, 0);
	assert_non_null(strstr(err.msg, "cap"));
	free(huge);

	/* A large, valid sitemap (60 000 URLs, more than the protocol's 50 000)
	 * streams through: every entry arrives. */
	tc_buf b;
	tc_buf_init(&b, TC_FEED_MAX_BYTES);
	assert_int_equal(tc_buf_append_str(&b, "<?xml version=\"1.0\"?>\n<urlset xmlns=\"http://"
					       "www.sitemaps.org/schemas/sitemap/0.9\">\n"), TC_OK);
	for (int i = 0; i < 60000; i++)
		assert_int_equal(tc_buf_printf(&b, "<url><loc>https://kinhtedothi.vn/bai-%06d.html"
						   "</loc><lastmod>2023-05-%02d</lastmod></url>\n",
					       i, 1 + i % 28), TC_OK);
	assert_int_equal(tc_buf_append_str(&b, "</urlset>\n"), TC_OK);
	st = parse(b.data, b.len, NULL, &g, &info, &err);
	assert_int_equal(st, TC_OK);
	assert_int_equal(info.entries, 60000);
	assert_int_equal(g.n, 60000);
	assert_int_equal(info.errors, 0);
	assert_false(g.bad);
	assert_string_equal(g.e[0].url, "https://kinhtedothi.vn/bai-000000.html");
	got_free(&g);
	tc_buf_release(&b);

	/* A 3 MiB title and summary are cut to their caps on a UTF-8 boundary. */
	tc_buf_init(&b, TC_FEED_MAX_BYTES);
	assert_int_equal(tc_buf_append_str(&b, "<rss><channel><item><title>"), TC_OK);
	for (int i = 0; i < (3 << 20) / 3; i++)
		assert_int_equal(tc_buf_append_str(&b, "ạ"), TC_OK);
	assert_int_equal(tc_buf_append_str(&b, "</title><description>"), TC_OK);
	for (int i = 0; i < (3 << 20) / 3; i++)
		assert_int_equal(tc_buf_append_str(&b, "ố"), TC_OK);
	assert_int_equal(tc_buf_append_str(&b, "</description><link>https://a.vn/"
					       "</link></item></channel></rss>"), TC_OK);
	st = parse(b.data, b.len, NULL, &g, &info, &err);
	assert_int_equal(st, TC_OK);
	assert_int_equal(g.n, 1);
	size_t tl = strlen(g.e[0].title), sl = strlen(g.e[0].summary);
	assert_true(tl <= TC_FEED_MAX_TITLE && tl > TC_FEED_MAX_TITLE - 3);
	assert_true(sl <= TC_FEED_MAX_SUMMARY && sl > TC_FEED_MAX_SUMMARY - 3);
	assert_int_equal(tl % 3, 0); /* whole three-byte characters only */
	assert_int_equal(sl % 3, 0);
	got_free(&g);
	tc_buf_release(&b);

	/* An over-long URL skips its entry. */
	tc_buf_init(&b, 1 << 20);
	assert_int_equal(tc_buf_append_str(&b, "<urlset><url><loc>https://a.vn/"), TC_OK);
	for (size_t i = 0; i < TC_FEED_MAX_URL; i++)
		assert_int_equal(tc_buf_append_char(&b, 'x'), TC_OK);
	assert_int_equal(tc_buf_append_str(&b, "</loc></url><url><loc>https://a.vn/ok</loc></url>"
					       "</urlset>"), TC_OK);
	st = parse(b.data, b.len, NULL, &g, &info, &err);
	assert_int_equal(st, TC_OK);
	assert_int_equal(g.n, 1);
	assert_int_equal(info.skipped, 1);
	assert_string_equal(g.e[0].url, "https://a.vn/ok");
	got_free(&g);
	tc_buf_release(&b);
}

static int utf8_ok(const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		int32_t cp;
		size_t k = vn_utf8_decode((const unsigned char *)s + i, n - i, &cp);
		if (cp == 0xFFFD && !(k == 3 && (unsigned char)s[i] == 0xEF))
			return 0;
		i += k;
	}
	return 1;
}

/* Bytes that are not UTF-8 (libxml2 passes them on after complaining) and
 * control characters never reach an entry. */
static void test_text_is_utf8(void **state)
{
	(void)state;
	static const char doc[] = "<rss><channel><item><title>M\xe1 \xbb\x99x &#1; y t\xe1\xbb\xff</title>"
				  "<description>\xff\xfe&lt;b&gt;\xc3</description>"
				  "<link>https://a.vn/\xe1\xbb</link></item></channel></rss>";
	got g = {0};
	tc_feed_info info;
	tc_err err = {{0}};
	assert_int_equal(parse(doc, sizeof doc - 1, NULL, &g, &info, &err), TC_OK);
	assert_int_equal(g.n, 1);
	assert_true(info.errors > 0);
	assert_true(utf8_ok(g.e[0].title));
	assert_true(utf8_ok(g.e[0].summary));
	assert_null(strchr(g.e[0].title, '\x01'));
	for (const char *u = g.e[0].url; *u; u++)
		assert_true((unsigned char)*u > ' ' && (unsigned char)*u < 0x7f);
	got_free(&g);
}

static void test_callback_stops(void **state)
{
	(void)state;
	got g = {0};
	g.stop = 2;
	tc_feed_info info;
	tc_err err = {{0}};
	tc_status st = parse(rss2, strlen(rss2), "https://tinhanoi.vn/", &g, &info, &err);
	assert_int_equal(st, TC_OK);
	assert_int_equal(g.n, 2);
	assert_int_equal(info.entries, 2);
	got_free(&g);
}

static void test_usage(void **state)
{
	(void)state;
	got g = {0};
	tc_feed_kind kind = TC_FEED_RSS;
	tc_err err = {{0}};
	assert_int_equal(tc_feed_parse(NULL, 5, NULL, on_entry, &g, &kind, &err), TC_ERR_USAGE);
	assert_int_equal(kind, TC_FEED_UNKNOWN);
	assert_int_equal(tc_feed_parse("<rss/>", 6, NULL, NULL, &g, &kind, &err), TC_ERR_USAGE);
	assert_int_equal(tc_feed_parse("<rss/>", 6, NULL, on_entry, &g, NULL, &err), TC_ERR_USAGE);
	assert_int_equal(tc_feed_parse(NULL, 0, NULL, on_entry, &g, &kind, NULL), TC_ERR_INVALID);
	assert_int_equal(tc_feed_parse("<rss/>", 6, NULL, on_entry, &g, &kind, NULL), TC_OK);
	assert_int_equal(kind, TC_FEED_RSS);
	assert_int_equal(g.n, 0);
	assert_string_equal(tc_feed_kind_name(TC_FEED_SITEMAP_INDEX), "sitemapindex");
	assert_string_equal(tc_feed_kind_name((tc_feed_kind)42), "unknown");
}

typedef struct date_row {
	const char *in;
	const char *want; /* "" : rejected */
} date_row;

static void test_dates(void **state)
{
	(void)state;
	static const date_row rows[] = {
		/* RFC 822 and its relatives */
		{"Wed, 30 Aug 2017 20:03:00 +0700", "2017-08-30T20:03"},
		{"  Wed, 30 Aug 2017 20:03:00 +0700\n", "2017-08-30T20:03"},
		{"Wed, 30 Aug 2017 13:03:00 GMT", "2017-08-30T20:03"},
		{"Wed, 30 Aug 2017 13:03:00 UT", "2017-08-30T20:03"},
		{"Wed, 30 Aug 2017 13:03:00 Z", "2017-08-30T20:03"},
		{"30 Aug 2017 20:03 +07:00", "2017-08-30T20:03"},
		{"Wed, 30 Aug 2017 20:03:00 ICT", "2017-08-30T20:03"},
		{"Wed, 30 Aug 2017 20:03:00 +0700 (ICT)", "2017-08-30T20:03"},
		{"Thu, 31 Dec 2020 23:30:00 EST", "2021-01-01T11:30"},
		{"Sun, 01 Mar 2020 02:00:00 PDT", "2020-03-01T16:00"},
		{"Tue, 1 Mar 2016 00:10:00 +0800", "2016-02-29T23:10"},
		{"wed, 30 august 2017 20:03:00 +0700", "2017-08-30T20:03"},
		{"30 Sept 2017 08:00 GMT", "2017-09-30T15:00"},
		{"30-Aug-2017 20:03:00 +0700", "2017-08-30T20:03"},
		{"30 Aug 17 20:03:00 +0700", "2017-08-30T20:03"},
		{"30 Aug 99 20:03:00 +0700", "1999-08-30T20:03"},
		{"30 Aug 2017", "2017-08-30"},
		{"30 Aug 2017 20:03", "2017-08-30T20:03"}, /* no zone: local */
		{"Wed, 30 Aug 2017 20:03:00 XYZ", ""},
		{"Wed, 30 Foo 2017 20:03:00 GMT", ""},
		{"Wed, 31 Apr 2017 20:03:00 GMT", ""},
		{"Wed, 30 Aug 2017 24:00:00 GMT", ""},
		{"Wed, 30 Aug 2017 20:60:00 GMT", ""},
		{"Wed, 30 Aug 2017 20:03:00 +1500", ""},
		{"Wed, 30 Aug 2017 20:03:00 +0700 trailing", ""},
		/* ISO 8601 / W3C */
		{"2017-08-30", "2017-08-30"},
		{"2017-08-30T13:03:00Z", "2017-08-30T20:03"},
		{"2017-08-30T13:03Z", "2017-08-30T20:03"},
		{"2017-08-30T20:03:00+07:00", "2017-08-30T20:03"},
		{"2017-08-30T20:03:00+0700", "2017-08-30T20:03"},
		{"2017-08-30T20:03:00+07", "2017-08-30T20:03"},
		{"2017-08-30T20:03:00.123456-05:00", "2017-08-31T08:03"},
		{"2017-08-30 20:03:00", "2017-08-30T20:03"},
		{"2017-12-31T17:00:00Z", "2018-01-01T00:00"},
		{"2020-02-29T23:59:59-01:00", "2020-03-01T07:59"},
		{"1970-01-01T00:00:00+08:00", "1969-12-31T23:00"},
		{"2017-08", ""},
		{"2017", ""},
		{"2017-02-29", ""},
		{"2017-13-01", ""},
		{"2017-8-30", "2017-08-30"}, /* one ISO reader: the extractor's took it */
		{"20170830", "2017-08-30"},
		{"2017-08-30T25:00:00Z", ""},
		{"2017-08-30T20:03:00+07:00:00", ""},
		{"1899-12-31", ""},
		/* tc_date's range: nothing after tomorrow in Vietnam */
		{"2099-01-01", ""},
		{"Thu, 01 Jan 2099 00:00:00 +0700", ""},
		{"01/01/2099", ""},
		{"9999-12-31T23:00:00-05:00", ""}, /* local time is in year 10000 */
		/* Vietnamese day-first */
		{"30/08/2017", "2017-08-30"},
		{"30/08/2017 20:03", "2017-08-30T20:03"},
		{"9/6/2020 - 17:30", "2020-06-09T17:30"},
		{"31/06/2020", ""},
		/* nothing */
		{"", ""},
		{"   ", ""},
		{"yesterday", ""},
		{"2017-08-30T20:03:00+07:00 2017-08-30T20:03:00+07:00 2017-08-30T20:03:00+07:00", ""},
	};
	int nfail = 0;
	for (size_t r = 0; r < N_ROWS(rows); r++) {
		size_t n = strlen(rows[r].in);
		char *copy = unit_exact_copy(rows[r].in, n);
		char out[20];
		memset(out, 'x', sizeof out);
		int ok = tc_feed_date(copy, n, out);
		if (ok != (rows[r].want[0] != '\0'))
			ROW_FAIL(nfail, rows[r].in, "returned %d", ok);
		if (strcmp(out, rows[r].want))
			ROW_FAIL(nfail, rows[r].in, "\"%s\", want \"%s\"", out, rows[r].want);
		free(copy);
	}
	ROWS_DONE(nfail, N_ROWS(rows));
}

/* The real VnExpress "tin mới nhất" feed of 30/08/2017 (25 items, no XML
 * declaration, text nodes wrapped in newlines, CDATA descriptions). */
static void test_real_vnexpress(void **state)
{
	(void)state;
	const char *dir = getenv("TRACUU_HTML");
	if (!dir || !*dir)
		dir = TRACUU_HTML_DEFAULT;
	char path[4096];
	snprintf(path, sizeof path, "%s/feeds/vnexpress.net-tin-moi-nhat-2017-08-30.xml", dir);
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s: the shared test pages are missing", path);
	tc_buf b;
	tc_buf_init(&b, TC_FEED_MAX_BYTES);
	char tmp[8192];
	size_t k;
	while ((k = fread(tmp, 1, sizeof tmp, f)) > 0)
		assert_int_equal(tc_buf_append(&b, tmp, k), TC_OK);
	fclose(f);

	got g = {0};
	tc_feed_info info;
	tc_err err = {{0}};
	tc_status st = parse(b.data, b.len, "http://vnexpress.net/rss/tin-moi-nhat.rss", &g, &info,
			     &err);
	tc_buf_release(&b);
	assert_int_equal(st, TC_OK);
	assert_int_equal(info.kind, TC_FEED_RSS);
	assert_int_equal(info.errors, 0);
	assert_int_equal(g.n, 25);
	assert_false(g.bad);
	int nfail = 0;
	for (size_t i = 0; i < g.n; i++) {
		const got_entry *e = &g.e[i];
		char name[32];
		snprintf(name, sizeof name, "item %zu", i);
		if (strncmp(e->url, "http://", 7) || !strstr(e->url, "vnexpress.net/") ||
		    strchr(e->url, '\n') || strchr(e->url, ' '))
			ROW_FAIL(nfail, name, "url \"%s\"", e->url);
		if (!e->title[0] || !is_trimmed(e->title) || strchr(e->title, '\n'))
			ROW_FAIL(nfail, name, "title \"%s\"", e->title);
		if (strncmp(e->date, "2017-08-", 8) || strlen(e->date) != 16)
			ROW_FAIL(nfail, name, "date \"%s\"", e->date);
		if (!e->summary[0] || strchr(e->summary, '<') || strchr(e->summary, '>'))
			ROW_FAIL(nfail, name, "summary \"%s\"", e->summary);
	}
	/* The first item, checked in full. */
	assert_string_equal(g.e[0].url, "http://dulich.vnexpress.net/tin-tuc/anh-video/"
					"be-boi-dat-vang-trong-biet-thu-noi-tong-thong-putin-"
					"nghi-duong-3634646.html");
	assert_string_equal(g.e[0].title,
			    "Bể bơi dát vàng trong biệt thự nơi tổng thống Putin nghỉ dưỡng");
	assert_string_equal(g.e[0].date, "2017-08-30T20:03");
	assert_true(strncmp(g.e[0].summary, "Biệt thự Sellgren", strlen("Biệt thự Sellgren")) == 0);
	got_free(&g);
	ROWS_DONE(nfail, 25);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kind_detection),
		cmocka_unit_test(test_entries),
		cmocka_unit_test(test_malformed_recovers),
		cmocka_unit_test(test_no_entity_expansion),
		cmocka_unit_test(test_size_caps),
		cmocka_unit_test(test_text_is_utf8),
		cmocka_unit_test(test_callback_stops),
		cmocka_unit_test(test_usage),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_real_vnexpress),
	};
	return cmocka_run_group_tests_name("feed", tests, NULL, NULL);
}
