/*
 * fuzz_gzin.c - the gzip-or-plain reader (indexer/import/gzin.h) on arbitrary
 * bytes, read in pieces of a size taken from the input's last byte.
 *
 * Invariants: every read returns TC_OK with at most the room it was given,
 * or TC_ERR_INVALID with a message, and a fault repeats on the next read;
 * plain input (no gzip magic) comes back byte for byte; gzip input that
 * reads to its end without a fault was consumed to its last byte.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "gzin.h"
#include "tc_banned.h"

#define OUT_MAX ((size_t)16 << 20) /* enough: a bomb stops here */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tc_gzin *g;
	tc_err err = {{0}};
	FUZZ_CHECK(tc_gzin_open_mem(data, size, &g, &err) == TC_OK);
	int gz = size >= 2 && data[0] == 0x1f && data[1] == 0x8b;
	FUZZ_CHECK(tc_gzin_is_gzip(g) == gz);
	size_t cap = size ? 1 + data[size - 1] * 37u : 1;
	unsigned char *buf = malloc(cap);
	FUZZ_CHECK(buf != NULL);
	size_t total = 0;
	tc_status st;
	for (;;) {
		size_t got = 1;
		err.msg[0] = '\0';
		st = tc_gzin_read(g, buf, cap, &got, &err);
		if (st != TC_OK) {
			FUZZ_CHECK(st == TC_ERR_INVALID && got == 0 && err.msg[0]);
			FUZZ_CHECK(tc_gzin_read(g, buf, cap, &got, &err) == st);
			break;
		}
		FUZZ_CHECK(got <= cap);
		if (!gz)
			FUZZ_CHECK(total + got <= size && !memcmp(buf, data + total, got));
		total += got;
		if (!got || total > OUT_MAX)
			break;
	}
	FUZZ_CHECK(gz || st == TC_OK);
	if (!gz)
		FUZZ_CHECK(total == size);
	else if (st == TC_OK && total <= OUT_MAX)
		FUZZ_CHECK(tc_gzin_offset(g) == size);
	free(buf);
	tc_gzin_free(g);
	return 0;
}
