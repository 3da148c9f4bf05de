/*
 * fuzz_html.c - article extraction from arbitrary bytes (tc_extract_html and
 * tc_extract_html_hinted), followed by what the importer does with the
 * result: clean each field and take the host of the URL.
 *
 * Each input is extracted twice: as a page with no declared charset and no
 * hints, and with an HTTP charset picked from the input's length (none,
 * windows-1258, ISO-8859-1, VISCII, UTF-16LE) and fixed XPath hints for
 * title, date and body, so the charset decoders and the XPath path see
 * the same bytes.
 *
 * The crawler's link pass (tc_extract_parse, then tc_links_of_doc on the
 * tree) reads the same bytes with the same charset: the parse succeeds with
 * a document or says TC_ERR_INVALID without one, the walk reports at most
 * TC_LINKS_MAX hrefs, none with a NUL inside, and leaves <base> and
 * rel=canonical as NUL-terminated buffers.
 *
 * Then the page as the crawl and the archive import judge it
 * (tc_page_to_article): a verdict and no error, an article only when the
 * extractor says so and under the fetched URL, a reason when unreadable.
 *
 * Invariants: extraction succeeds or says TC_ERR_INVALID; every field is a
 * NUL-terminated buffer within its cap and well-formed UTF-8; the date is
 * empty or a valid YYYY-MM-DD; the body has no trailing newline; cleaning
 * each field works; a host, when found, is non-empty, lower case and has no
 * '/'.
 */
#include <libxml/parser.h>
#include <stdint.h>
#include <string.h>

#include "doc_build.h"
#include "extract_html.h"
#include "links.h"
#include "page_article.h"
#include "fuzz_util.h"
#include "tc_buf.h"
#include "tc_schema.h"
#include "vn_text.h"
#include "tc_banned.h"

static void check_field(const tc_buf *b)
{
	FUZZ_CHECK(b->len <= b->max);
	FUZZ_CHECK(b->len == 0 || (b->data && b->data[b->len] == '\0'));
	FUZZ_CHECK(fuzz_utf8_valid(b->data ? b->data : "", b->len, NULL));
	tc_buf clean;
	tc_buf_init(&clean, 64u << 20);
	size_t bad;
	FUZZ_CHECK(vn_text_clean(b->data, b->len, &clean, &bad) == TC_OK);
	FUZZ_CHECK(fuzz_utf8_valid(clean.data, clean.len, NULL));
	tc_buf_release(&clean);
}

static void check(const uint8_t *data, size_t size, const char *charset,
		  const tc_extract_hints *hints)
{
	tc_extracted x;
	tc_extracted_init(&x);
	tc_status st = tc_extract_html_hinted((const char *)data, size, charset, hints, &x);
	FUZZ_CHECK(st == TC_OK || st == TC_ERR_INVALID);
	if (st == TC_OK) {
		const tc_buf *f[] = {&x.url,  &x.title,  &x.summary, &x.body,
				     &x.date, &x.source, &x.author};
		for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
			check_field(f[i]);
		char ymd[9];
		FUZZ_CHECK(x.date.len == 0 || tc_schema_date(x.date.data, x.date.len, ymd));
		/* what the page is agrees with its fields (extract_html.h) */
		FUZZ_CHECK(x.page >= TC_PAGE_UNKNOWN && x.page <= TC_PAGE_STUB);
		FUZZ_CHECK(x.signals < (TC_SIGNAL_URL << 1));
		FUZZ_CHECK((x.page == TC_PAGE_ARTICLE) == (x.signals != 0) ||
			   x.page == TC_PAGE_LISTING || x.page == TC_PAGE_STUB);
		FUZZ_CHECK(x.page != TC_PAGE_STUB || x.title.len == 0 || (hints && hints->title_xpath));
		FUZZ_CHECK(!hints || !hints->article_url ||
			   ((x.signals & TC_SIGNAL_URL) && x.page != TC_PAGE_LISTING));
		FUZZ_CHECK(hints || x.page != TC_PAGE_LISTING || x.body.len == 0);
		FUZZ_CHECK(!tc_extracted_is_article(&x) || x.title.len > 0);
		FUZZ_CHECK(x.body.len == 0 || x.body.data[x.body.len - 1] != '\n');

		char host[256];
		if (x.url.len && tc_url_host(x.url.data, x.url.len, host, sizeof host)) {
			size_t hl = strlen(host);
			FUZZ_CHECK(hl > 0 && hl < sizeof host);
			for (size_t i = 0; i < hl; i++)
				FUZZ_CHECK(host[i] != '/' && !(host[i] >= 'A' && host[i] <= 'Z'));
		}
	}
	tc_extracted_release(&x);
}

static int on_link(void *ctx, const char *href, size_t len)
{
	size_t *n = ctx;
	FUZZ_CHECK(href && memchr(href, '\0', len) == NULL);
	++*n;
	return 0;
}

static void check_links(const uint8_t *data, size_t size, const char *charset)
{
	tc_buf base, canonical;
	tc_buf_init(&base, 4096);
	tc_buf_init(&canonical, 4096);
	size_t n = 0;
	tc_html_doc *d;
	char why[192];
	tc_status st = tc_extract_parse((const char *)data, size, charset, &d, why, sizeof why);
	FUZZ_CHECK(st == TC_OK || st == TC_ERR_INVALID);
	FUZZ_CHECK((st == TC_OK) == (d != NULL));
	if (d)
		tc_links_of_doc(d, on_link, &n, &base, &canonical);
	tc_extract_doc_free(d);
	FUZZ_CHECK(n <= TC_LINKS_MAX);
	FUZZ_CHECK(base.len == 0 || base.data[base.len] == '\0');
	FUZZ_CHECK(canonical.len == 0 || canonical.data[canonical.len] == '\0');
	tc_buf_release(&base);
	tc_buf_release(&canonical);
}

static tc_status never_dup(void *ctx, uint64_t hash, const char *url, int *dup, tc_err *err)
{
	(void)ctx;
	(void)hash;
	(void)err;
	FUZZ_CHECK(url && *url);
	*dup = 0;
	return TC_OK;
}

static int count_link(void *ctx, const char *base, const char *href, size_t len)
{
	FUZZ_CHECK(base && *base);
	return on_link(ctx, href, len);
}

/* The whole judgement of a fetched page (page_article.h), as the crawl and
 * the archive import make it, with the input as the body and its first
 * bytes as a Content-Type. */
static void check_page(const uint8_t *data, size_t size)
{
	static const char *const ctypes[] = {NULL, "text/html", "text/plain", "application/xml",
					     "text/html; charset=windows-1258", "image/png"};
	size_t nlinks = 0;
	const tc_page_judge j = {NULL, never_dup, NULL, count_link, &nlinks};
	const tc_fetched_page pg = {"https://hanoi.gov.vn/tin/bai-viet.html",
				    ctypes[size % (sizeof ctypes / sizeof ctypes[0])],
				    (const char *)data, size, 0, 0};
	tc_page_result r;
	tc_page_result_init(&r);
	tc_err err = {{0}};
	tc_status st = tc_page_to_article(&j, &pg, &r, &err);
	FUZZ_CHECK(st == TC_OK);
	FUZZ_CHECK(r.verdict >= TC_PAGE_INDEX && r.verdict <= TC_PAGE_UNREADABLE);
	FUZZ_CHECK(nlinks <= TC_LINKS_MAX);
	FUZZ_CHECK(r.verdict != TC_PAGE_INDEX ||
		   (tc_extracted_is_article(&r.x) && !strcmp(r.x.url.data, pg.url)));
	FUZZ_CHECK(r.verdict != TC_PAGE_UNREADABLE || r.why[0]);
	FUZZ_CHECK(r.verdict != TC_PAGE_CANONICAL_ELSEWHERE ||
		   (r.canonical.len && strcmp(r.canonical.data, pg.url) != 0));
	tc_page_result_release(&r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int init;
	if (!init) {
		xmlInitParser();
		init = 1;
	}
	static const char *const charsets[] = {NULL, "windows-1258", "ISO-8859-1", "VISCII",
					       "UTF-16LE"};
	static const tc_extract_hints hints = {
		"//h1", "//time | //*[contains(@class,'date')]",
		"//article | //*[@id='noi-dung'] | //div[contains(@class,'content')]/p", 1};
	check(data, size, NULL, NULL);
	const char *charset = charsets[size % (sizeof charsets / sizeof charsets[0])];
	check(data, size, charset, &hints);
	check_links(data, size, charset);
	check_page(data, size);
	return 0;
}
