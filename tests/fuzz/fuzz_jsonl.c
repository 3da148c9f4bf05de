/*
 * fuzz_jsonl.c - JSON Lines import: each line of the input goes through
 * tc_import_parse_record (the importer's own parser and cleaner), and each
 * record it accepts is built into a Xapian document in memory (no database)
 * the way the importer would write it.
 *
 * Invariants: a line is a record, blank, or rejected with a reason; accepted
 * fields are clean (valid NFC UTF-8, cleaning them again changes nothing),
 * trimmed, within their caps (a title, summary, source or category over
 * its cap is cut and says so; a URL never is), with a URL, some text and
 * an empty or YYYY-MM-DD date; the stored
 * fields round-trip through the docdata codec; the document builds.
 */
#include <stdint.h>
#include <string.h>

#include "doc_build.h"
#include "fuzz_util.h"
#include "importer.h"
#include "tc_buf.h"
#include "tc_schema.h"
#include "vn_text.h"
#include "tc_ascii.h"
#include "tc_banned.h"

static void check_clean_field(tc_str s)
{
	FUZZ_CHECK(s.n == 0 || s.p != NULL);
	FUZZ_CHECK(fuzz_utf8_valid(s.p, s.n, NULL));
	FUZZ_CHECK(!fuzz_has_unclean_cp(s.p, s.n));
	FUZZ_CHECK(fuzz_is_nfc(s.p, s.n));
	if (s.n)
		FUZZ_CHECK(!tc_ascii_isspace(s.p[0]) && !tc_ascii_isspace(s.p[s.n - 1]));
	tc_buf again;
	tc_buf_init(&again, 64u << 20);
	size_t bad = 1;
	FUZZ_CHECK(vn_text_clean(s.p, s.n, &again, &bad) == TC_OK);
	FUZZ_CHECK(bad == 0 && again.len == s.n && (s.n == 0 || memcmp(again.data, s.p, s.n) == 0));
	tc_buf_release(&again);
}

static void check_article(const tc_article *a, tc_buf *scratch)
{
	const tc_str f[] = {a->url, a->title, a->summary, a->body, a->date, a->source, a->category};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		check_clean_field(f[i]);
	FUZZ_CHECK(a->url.n > 0);
	FUZZ_CHECK(a->title.n || a->summary.n || a->body.n);
	char ymd[9];
	FUZZ_CHECK(a->date.n == 0 || tc_schema_date(a->date.p, a->date.n, ymd));

	tc_buf enc;
	tc_buf_init(&enc, 64u << 20);
	FUZZ_CHECK(tc_docdata_encode(a, &enc) == TC_OK);
	tc_article back;
	FUZZ_CHECK(tc_docdata_decode(enc.data, enc.len, &back) == TC_OK);
	const tc_str g[] = {back.url, back.title, back.summary, back.body,
			    back.date, back.source, back.category};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		FUZZ_CHECK(g[i].n == f[i].n && (f[i].n == 0 || memcmp(g[i].p, f[i].p, f[i].n) == 0));
	tc_buf_release(&enc);

	tc_doc *doc = NULL;
	char id[TC_TERM_MAX + 1];
	size_t id_len = 0;
	tc_status st = tc_doc_build(a, scratch, &doc, id, &id_len);
	FUZZ_CHECK(st == TC_OK || st == TC_ERR_TOO_BIG);
	if (st == TC_OK) {
		FUZZ_CHECK(doc != NULL && id_len > 0 && id_len <= TC_TERM_MAX);
		tc_doc_free(doc);
	}
}

/* Fields within their caps; a field cut was longer than its cap, and the
 * URL is never cut. */
static void check_caps(const tc_article *a, const size_t cut_from[TC_IMPORT_FIELDS])
{
	const size_t n[TC_IMPORT_FIELDS] = {a->url.n,  a->title.n,  a->summary.n, a->body.n,
					    a->date.n, a->source.n, a->category.n};
	const size_t cap[TC_IMPORT_FIELDS] = {TC_IMPORT_URL_MAX,    TC_IMPORT_TITLE_MAX,
					      TC_IMPORT_SUMMARY_MAX, SIZE_MAX, 10,
					      TC_IMPORT_SOURCE_MAX, TC_IMPORT_CATEGORY_MAX};
	for (int i = 0; i < TC_IMPORT_FIELDS; i++) {
		FUZZ_CHECK(n[i] <= cap[i]);
		FUZZ_CHECK(cut_from[i] == 0 || (cut_from[i] > cap[i] && cut_from[i] > n[i]));
	}
	FUZZ_CHECK(cut_from[0] == 0 && cut_from[3] == 0 && cut_from[4] == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tc_buf clean[TC_IMPORT_FIELDS];
	for (int i = 0; i < TC_IMPORT_FIELDS; i++)
		tc_buf_init(&clean[i], 1u << 20);
	tc_buf scratch;
	tc_buf_init(&scratch, 64u << 20);

	const char *p = (const char *)data, *end = p + size;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *stop = nl ? nl : end;
		tc_article a;
		uint64_t bad = 0;
		tc_err why;
		why.msg[0] = '\0';
		size_t cut_from[TC_IMPORT_FIELDS];
		tc_status st = tc_import_parse_record(p, (size_t)(stop - p), clean, &a, &bad, cut_from,
						      &why);
		FUZZ_CHECK(st == TC_OK || st == TC_ERR_INVALID || st == TC_ERR_NOT_FOUND);
		if (st == TC_OK) {
			check_article(&a, &scratch);
			check_caps(&a, cut_from);
		} else {
			for (int i = 0; i < TC_IMPORT_FIELDS; i++)
				FUZZ_CHECK(cut_from[i] == 0);
			FUZZ_CHECK(a.url.n == 0 && a.body.n == 0 && a.url.p == NULL);
			if (st == TC_ERR_INVALID)
				FUZZ_CHECK(why.msg[0] != '\0');
		}
		if (!nl)
			break;
		p = nl + 1;
	}

	for (int i = 0; i < TC_IMPORT_FIELDS; i++)
		tc_buf_release(&clean[i]);
	tc_buf_release(&scratch);
	return 0;
}
