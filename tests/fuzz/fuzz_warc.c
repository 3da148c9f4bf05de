/*
 * fuzz_warc.c - WARC archives from arbitrary bytes (tc_warc_read_mem),
 * plain or gzip, then tc_warc_http_header on every response delivered.
 *
 * Invariants: the read succeeds or says TC_ERR_INVALID or TC_ERR_TOO_BIG
 * with a message; every response has a status 100..999, a head that starts
 * with "HTTP/" and ends with its blank line, a body right after the head
 * and followed by a NUL, URI, date and record id strings without line
 * breaks; for plain input the record lies inside the input and its offset
 * points at a "WARC/" line; a header value looked up is NUL-terminated
 * within its buffer and has no line break.
 */
#include <stdint.h>
#include <string.h>

#include "fuzz_util.h"
#include "warc.h"
#include "tc_banned.h"

typedef struct ctx {
	const uint8_t *data;
	size_t size;
	int gz;
} ctx;

static void no_breaks(const char *s)
{
	FUZZ_CHECK(s && !strchr(s, '\r') && !strchr(s, '\n'));
}

static int on_resp(void *p, const tc_warc_response *r)
{
	const ctx *c = p;
	FUZZ_CHECK(r->status >= 100 && r->status <= 999);
	FUZZ_CHECK(r->head_len >= 5 && !memcmp(r->http_head, "HTTP/", 5));
	FUZZ_CHECK(r->http_head[r->head_len - 1] == '\n');
	FUZZ_CHECK(r->body == r->http_head + r->head_len);
	FUZZ_CHECK(r->body[r->body_len] == '\0');
	FUZZ_CHECK(r->head_len + r->body_len <= TC_WARC_MAX_RECORD);
	no_breaks(r->target_uri);
	no_breaks(r->date);
	no_breaks(r->record_id);
	if (!c->gz) {
		FUZZ_CHECK(r->head_len + r->body_len <= c->size);
		FUZZ_CHECK(r->offset + 5 <= c->size && !memcmp(c->data + r->offset, "WARC/", 5));
	}
	char v[64];
	int found = tc_warc_http_header(r->http_head, r->head_len, "Content-Type", v, sizeof v);
	FUZZ_CHECK(memchr(v, '\0', sizeof v) != NULL);
	FUZZ_CHECK(found || v[0] == '\0');
	no_breaks(v);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ctx c = {data, size, size >= 2 && data[0] == 0x1f && data[1] == 0x8b};
	tc_err err = {{0}};
	tc_status st = tc_warc_read_mem((const char *)data, size, on_resp, &c, &err);
	FUZZ_CHECK(st == TC_OK || st == TC_ERR_INVALID || st == TC_ERR_TOO_BIG);
	if (st != TC_OK)
		FUZZ_CHECK(err.msg[0] != '\0');
	return 0;
}
