/*
 * fuzz_docdata.c - the stored-fields record (tc_docdata_decode), which the
 * searcher reads back from an index that may be damaged, plus the other small
 * schema parsers of outside text (dates, id terms).
 *
 * Invariants: decode either rejects the bytes or returns fields that lie
 * inside them, in order, without overlap; encoding decoded fields and
 * decoding again gives the same fields, and that encoding is a fixed point
 * no longer than the input.  Any seven fields cut from the input survive
 * encode + decode unchanged.  Id terms fit TC_TERM_MAX; a date accepted by
 * tc_schema_date is eight digits.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "tc_buf.h"
#include "tc_schema.h"
#include "tc_banned.h"

#define NFIELDS 7

static void fields(const tc_article *a, tc_str out[NFIELDS])
{
	out[0] = a->url;
	out[1] = a->title;
	out[2] = a->summary;
	out[3] = a->body;
	out[4] = a->date;
	out[5] = a->source;
	out[6] = a->category;
}

static int same_fields(const tc_article *x, const tc_article *y)
{
	tc_str fx[NFIELDS], fy[NFIELDS];
	fields(x, fx);
	fields(y, fy);
	for (int i = 0; i < NFIELDS; i++)
		if (fx[i].n != fy[i].n || (fx[i].n && memcmp(fx[i].p, fy[i].p, fx[i].n) != 0))
			return 0;
	return 1;
}

static void check_decoded(const char *data, size_t n, const tc_article *a)
{
	tc_str f[NFIELDS];
	fields(a, f);
	const char *prev_end = data + 2;
	for (int i = 0; i < NFIELDS; i++) {
		FUZZ_CHECK(f[i].p >= prev_end && f[i].p <= data + n);
		FUZZ_CHECK(f[i].n <= (size_t)(data + n - f[i].p));
		prev_end = f[i].p + f[i].n;
	}
}

/* encode -> decode -> same fields; the encoding is canonical. */
static void round_trip(const tc_article *a, size_t limit)
{
	tc_buf e1, e2;
	tc_buf_init(&e1, 64u << 20);
	tc_buf_init(&e2, 64u << 20);
	FUZZ_CHECK(tc_docdata_encode(a, &e1) == TC_OK);
	FUZZ_CHECK(e1.len <= limit);
	tc_article back;
	FUZZ_CHECK(tc_docdata_decode(e1.data, e1.len, &back) == TC_OK);
	check_decoded(e1.data, e1.len, &back);
	FUZZ_CHECK(same_fields(a, &back));
	FUZZ_CHECK(tc_docdata_encode(&back, &e2) == TC_OK);
	FUZZ_CHECK(e2.len == e1.len && memcmp(e1.data, e2.data, e1.len) == 0);

	/* Every proper prefix of a record is rejected. */
	for (size_t cut = 0; cut < e1.len; cut++) {
		char *p = malloc(cut ? cut : 1);
		FUZZ_CHECK(p != NULL);
		memcpy(p, e1.data, cut);
		tc_article t;
		FUZZ_CHECK(tc_docdata_decode(p, cut, &t) == TC_ERR_INVALID);
		free(p);
		if (cut > 64 && cut + 64 < e1.len)
			cut = e1.len - 64; /* the ends are where the bugs are */
	}
	tc_buf_release(&e1);
	tc_buf_release(&e2);
}

static void check_schema_helpers(const char *s, size_t n)
{
	char term[TC_TERM_MAX + 1];
	size_t tl = tc_schema_id_term(s, n, term);
	FUZZ_CHECK(tl >= 1 && tl <= TC_TERM_MAX && term[tl] == '\0');
	FUZZ_CHECK(term[0] == TC_PREFIX_ID[0]);
	if (n + 1 <= TC_TERM_MAX)
		FUZZ_CHECK(tl == n + 1 && memcmp(term + 1, s, n) == 0);

	char ymd[9];
	for (size_t off = 0; off + 10 <= n && off < 16; off++) {
		if (tc_schema_date(s + off, 10, ymd)) {
			FUZZ_CHECK(strlen(ymd) == 8);
			for (int i = 0; i < 8; i++)
				FUZZ_CHECK(ymd[i] >= '0' && ymd[i] <= '9');
		}
	}
	FUZZ_CHECK(!tc_schema_date(s, n < 10 ? n : 9, ymd));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data;
	tc_article a;
	tc_status st = tc_docdata_decode(in, size, &a);
	FUZZ_CHECK(st == TC_OK || st == TC_ERR_INVALID);
	if (st == TC_OK) {
		check_decoded(in, size, &a);
		round_trip(&a, size);
	} else {
		tc_article zero;
		memset(&zero, 0, sizeof zero);
		FUZZ_CHECK(memcmp(&a, &zero, sizeof a) == 0);
	}

	/* Seven fields cut from the input at its 0x00 bytes survive the codec. */
	tc_str f[NFIELDS];
	memset(f, 0, sizeof f);
	size_t start = 0;
	for (int i = 0; i < NFIELDS && start <= size; i++) {
		const char *z = start < size ? memchr(in + start, 0, size - start) : NULL;
		size_t end = z ? (size_t)(z - in) : size;
		f[i].p = in + start;
		f[i].n = end - start;
		start = end + 1;
	}
	tc_article b = {f[0], f[1], f[2], f[3], f[4], f[5], f[6]};
	round_trip(&b, 2 + NFIELDS * 10 + size);

	check_schema_helpers(in, size);
	return 0;
}
