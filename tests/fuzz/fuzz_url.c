/*
 * fuzz_url.c - URL canonicalisation from arbitrary bytes (tc_url_canon;
 * indexer/crawl/url.h).
 *
 * Input: when the bytes hold a NUL, what comes before it is the base (a C
 * string) and what follows is the link; otherwise the whole input is the
 * link and there is no base.
 *
 * Invariants: the status is TC_OK, TC_ERR_INVALID or TC_ERR_TOO_BIG (or
 * TC_ERR_NOMEM), and out is empty after a failure; a result starts with
 * "http://" or "https://", holds no '#', only bytes 0x21..0x7E, is at most
 * TC_URL_MAX bytes, and is a fixed point: canonicalising it again, without a
 * base or against itself, gives it back byte for byte; its host (tc_url_host)
 * is non-empty and lower case.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "doc_build.h"
#include "fuzz_util.h"
#include "tc_buf.h"
#include "url.h"
#include "tc_banned.h"

static int status_ok(tc_status st)
{
	return st == TC_OK || st == TC_ERR_INVALID || st == TC_ERR_TOO_BIG || st == TC_ERR_NOMEM;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data;
	char *base = NULL;
	const char *href = in;
	size_t href_len = size;
	const char *nul = memchr(in, '\0', size);
	if (nul) {
		size_t bn = (size_t)(nul - in);
		base = malloc(bn + 1);
		FUZZ_CHECK(base != NULL);
		memcpy(base, in, bn);
		base[bn] = '\0';
		href = nul + 1;
		href_len = size - bn - 1;
	}

	tc_buf out, again;
	tc_buf_init(&out, 1u << 20);
	tc_buf_init(&again, 1u << 20);
	tc_err err;
	memset(err.msg, 'x', sizeof err.msg); /* a failure must write a message */
	tc_status st = tc_url_canon(base, href, href_len, &out, &err);
	FUZZ_CHECK(status_ok(st));
	if (st != TC_OK) {
		FUZZ_CHECK(out.len == 0);
		FUZZ_CHECK(memchr(err.msg, '\0', sizeof err.msg) != NULL);
		goto done;
	}
	FUZZ_CHECK(out.data != NULL && out.data[out.len] == '\0');
	FUZZ_CHECK(out.len <= TC_URL_MAX);
	FUZZ_CHECK(strncmp(out.data, "http://", 7) == 0 || strncmp(out.data, "https://", 8) == 0);
	for (size_t i = 0; i < out.len; i++) {
		unsigned char c = (unsigned char)out.data[i];
		FUZZ_CHECK(c >= 0x21 && c <= 0x7E && c != '#');
	}

	/* Fixed point, without a base and against itself. */
	char *copy = malloc(out.len);
	FUZZ_CHECK(copy != NULL);
	memcpy(copy, out.data, out.len);
	FUZZ_CHECK(tc_url_canon(NULL, copy, out.len, &again, &err) == TC_OK);
	FUZZ_CHECK(again.len == out.len && memcmp(again.data, out.data, out.len) == 0);
	FUZZ_CHECK(tc_url_canon(out.data, copy, out.len, &again, &err) == TC_OK);
	FUZZ_CHECK(again.len == out.len && memcmp(again.data, out.data, out.len) == 0);
	FUZZ_CHECK(tc_url_canon(out.data, "", 0, &again, &err) == TC_OK);
	FUZZ_CHECK(again.len == out.len && memcmp(again.data, out.data, out.len) == 0);
	free(copy);

	char host[256];
	if (tc_url_host(out.data, out.len, host, sizeof host)) {
		for (const char *h = host; *h; h++)
			FUZZ_CHECK(!(*h >= 'A' && *h <= 'Z'));
	}
done:
	tc_buf_release(&out);
	tc_buf_release(&again);
	free(base);
	return 0;
}
