/*
 * fuzz_query.c - the search query parser and builder (searcher/query.h) and
 * the snippet maker, which see every byte a user or a CGI request sends.
 *
 * Invariants: parsing never fails except with TC_ERR_USAGE (nothing to look
 * for); a parsed query builds (strict always, relaxed exactly when there are
 * two or more clauses); highlight, pair and run forms are valid UTF-8; a
 * snippet of the input for those forms is valid UTF-8 with spans inside it.
 * The input also serves as the text, so the snippet code sees hostile text.
 */
#include <stdint.h>
#include <string.h>

#include "fuzz_util.h"
#include "query.h"
#include "snippet.h"
#include "tc_buf.h"
#include "vn_text.h"
#include "tc_banned.h"

/* Two readings of every pair, as an index would give them. */
static size_t fake_readings(void *ctx, const char *fa, const char *fb, tc_reading *out, size_t cap)
{
	(void)ctx;
	size_t n = 0;
	for (size_t k = 0; k < 2 && k < cap; k++, n++) {
		out[k].len = tc_schema_reading_term(fa, strlen(fa), fb, strlen(fb), fa, strlen(fa), fb,
						    strlen(fb), out[k].term);
		out[k].share = k ? 0.25 : 0.75;
		out[k].count = k ? 1 : 3;
	}
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *q = (const char *)data;
	tc_parsed *p;
	tc_err err = {{0}};
	tc_status st = tc_query_parse(q, size, &p, NULL, &err);
	if (st != TC_OK) {
		FUZZ_CHECK(st == TC_ERR_USAGE);
		FUZZ_CHECK(err.msg[0] != '\0');
		return 0;
	}
	tc_built built;
	unsigned char common[TC_QUERY_MAX_ITEMS];
	for (size_t k = 0; k < TC_QUERY_MAX_ITEMS; k++)
		common[k] = (unsigned char)(size ? data[k % size] & 1 : 0);
	FUZZ_CHECK(tc_parsed_build(p, common, fake_readings, NULL, &built) == TC_OK);
	FUZZ_CHECK(built.strict != NULL);
	FUZZ_CHECK((built.relaxed != NULL) == (tc_parsed_clause_count(p) > 1));
	FUZZ_CHECK((built.words != NULL) == (tc_parsed_pair_count(p) > 0));
	/* The fake readings dominate: every pair has a reading to hold. */
	FUZZ_CHECK((built.reading != NULL) == (built.words != NULL));
	tc_built_release(&built);

	const char *terms[TC_QUERY_MAX_TOKENS];
	size_t nterms = tc_parsed_highlight_count(p);
	FUZZ_CHECK(nterms <= TC_QUERY_MAX_TOKENS);
	for (size_t i = 0; i < nterms; i++) {
		terms[i] = tc_parsed_highlight(p, i);
		FUZZ_CHECK(fuzz_utf8_valid(terms[i], strlen(terms[i]), NULL));
	}
	char desc[512];
	if (tc_parsed_describe(p, desc, sizeof desc) == TC_OK)
		FUZZ_CHECK(fuzz_utf8_valid(desc, strlen(desc), NULL));

	/* The query text itself, cleaned, as an article body. */
	tc_buf clean;
	tc_buf_init(&clean, 1u << 20);
	if (vn_text_clean(q, size, &clean, NULL) == TC_OK) {
		tc_snippet sn;
		tc_snippet_init(&sn);
		const char *text = clean.data ? clean.data : "";
		FUZZ_CHECK(tc_snippet_make(&sn, text, clean.len, terms, nterms, 80) == TC_OK);
		const char *out = sn.text.data ? sn.text.data : "";
		FUZZ_CHECK(fuzz_utf8_valid(out, sn.text.len, NULL));
		for (size_t k = 0; k < sn.nspans; k++) {
			FUZZ_CHECK(sn.spans[k].start < sn.spans[k].end);
			FUZZ_CHECK(sn.spans[k].end <= sn.text.len);
		}
		tc_snippet_release(&sn);
	}
	tc_buf_release(&clean);
	tc_parsed_free(p);
	return 0;
}
