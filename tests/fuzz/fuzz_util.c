/* fuzz_util.c - shared checks of the fuzz targets; see fuzz_util.h. */
#include "fuzz_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "tc_banned.h"

void fuzz_fail(const char *file, int line, const char *what)
{
	fprintf(stderr, "%s:%d: invariant broken: %s\n", file, line, what);
	fflush(stderr);
	abort();
}

/* Length of the well-formed sequence at s[i..n), or 0 if there is none. */
static size_t seq_len(const unsigned char *s, size_t n, size_t i, int32_t *cp)
{
	unsigned c = s[i];
	size_t len;
	unsigned lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
	if (c < 0x80) {
		*cp = (int32_t)c;
		return 1;
	} else if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	} else {
		return 0;
	}
	if (n - i < len || s[i + 1] < lo || s[i + 1] > hi)
		return 0;
	for (size_t k = 2; k < len; k++)
		if (s[i + k] < 0x80 || s[i + k] > 0xBF)
			return 0;
	int32_t v = (int32_t)(c & (0xFFu >> (len + 1)));
	for (size_t k = 1; k < len; k++)
		v = (v << 6) | (int32_t)(s[i + k] & 0x3F);
	*cp = v;
	return len;
}

int fuzz_utf8_valid(const char *s, size_t n, size_t *n_cp)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t count = 0;
	for (size_t i = 0; i < n; count++) {
		int32_t cp;
		size_t len = seq_len(u, n, i, &cp);
		if (!len)
			return 0;
		i += len;
	}
	if (n_cp)
		*n_cp = count;
	return 1;
}

int fuzz_utf8_boundary(const char *s, size_t n, size_t i)
{
	return i == 0 || i == n || (i < n && ((unsigned char)s[i] & 0xC0) != 0x80);
}

int fuzz_is_nfc(const char *s, size_t n)
{
	if (n == 0)
		return 1;
	utf8proc_uint8_t *nfc = NULL;
	utf8proc_ssize_t m = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &nfc,
					  UTF8PROC_COMPOSE | UTF8PROC_STABLE);
	FUZZ_CHECK(m >= 0); /* only NOMEM or invalid UTF-8 fail, and s is valid */
	int same = (size_t)m == n && memcmp(nfc, s, n) == 0;
	free(nfc);
	return same;
}

int fuzz_has_unclean_cp(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		int32_t cp;
		size_t len = seq_len(u, n, i, &cp);
		if (!len)
			return 1;
		if ((cp < 0x20 && cp != '\t' && cp != '\n') || (cp >= 0x7F && cp < 0xA0) ||
		    cp == 0xFEFF)
			return 1;
		i += len;
	}
	return 0;
}
