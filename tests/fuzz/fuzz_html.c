/*
 * fuzz_html.c - article extraction from arbitrary bytes (tc_extract_html),
 * followed by what the importer does with the result: clean each field and
 * take the host of the URL.
 *
 * Invariants: extraction succeeds or says TC_ERR_INVALID; every field is a
 * NUL-terminated buffer within its cap; the date is cut to ten bytes; the
 * body has no trailing newline; cleaning each field works; a host, when
 * found, is non-empty, lower case and has no '/'.
 */
#include <libxml/parser.h>
#include <stdint.h>
#include <string.h>

#include "doc_build.h"
#include "extract_html.h"
#include "fuzz_util.h"
#include "tc_buf.h"
#include "vn_text.h"
#include "tc_banned.h"

static void check_field(const tc_buf *b)
{
	FUZZ_CHECK(b->len <= b->max);
	FUZZ_CHECK(b->len == 0 || (b->data && b->data[b->len] == '\0'));
	tc_buf clean;
	tc_buf_init(&clean, 64u << 20);
	size_t bad;
	FUZZ_CHECK(vn_text_clean(b->data, b->len, &clean, &bad) == TC_OK);
	FUZZ_CHECK(fuzz_utf8_valid(clean.data, clean.len, NULL));
	tc_buf_release(&clean);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int init;
	if (!init) {
		xmlInitParser();
		init = 1;
	}
	tc_extracted x;
	tc_extracted_init(&x);
	tc_status st = tc_extract_html((const char *)data, size, &x);
	FUZZ_CHECK(st == TC_OK || st == TC_ERR_INVALID);
	if (st == TC_OK) {
		const tc_buf *f[] = {&x.url, &x.title, &x.summary, &x.body, &x.date, &x.source};
		for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
			check_field(f[i]);
		FUZZ_CHECK(x.date.len <= 10);
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
	return 0;
}
