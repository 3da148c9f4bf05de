/*
 * tc_ascii.h - ASCII character classes and byte helpers that do not depend
 * on the locale (curl's curl_ctype.h, git's sane_ctype).
 *
 * <ctype.h> answers by the process locale and takes an int that must be an
 * unsigned char value or EOF, so a plain char above 0x7F is undefined
 * behaviour; the text we read is UTF-8 bytes, whose classes must not change
 * with LANG.  These take any int: bytes as char or unsigned char, and code
 * points (anything outside ASCII is in no class).  <ctype.h>'s functions are
 * poisoned in tc_banned.h so these stay the only ones.
 */
#ifndef TC_ASCII_H
#define TC_ASCII_H

#include <stddef.h>
#include <string.h>

/* A char's byte value as an int 0..255, so that 0xE1 in a signed char is
 * not a negative code point. */
#define TC_BYTE(c) ((int)(unsigned char)(c))

static inline int tc_ascii_isdigit(int c)
{
	return c >= '0' && c <= '9';
}

static inline int tc_ascii_isupper(int c)
{
	return c >= 'A' && c <= 'Z';
}

static inline int tc_ascii_islower(int c)
{
	return c >= 'a' && c <= 'z';
}

static inline int tc_ascii_isalpha(int c)
{
	return tc_ascii_isupper(c) || tc_ascii_islower(c);
}

static inline int tc_ascii_isalnum(int c)
{
	return tc_ascii_isalpha(c) || tc_ascii_isdigit(c);
}

/* The value of a hex digit (either case), -1 for anything else. */
static inline int tc_ascii_hexval(int c)
{
	if (tc_ascii_isdigit(c))
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static inline int tc_ascii_isxdigit(int c)
{
	return tc_ascii_hexval(c) >= 0;
}

/* C's white space: space, \t, \n, \v, \f, \r.  (Clean text holds only the
 * first three: vn_text_clean turns the other controls into spaces.) */
static inline int tc_ascii_isspace(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Space and tab: the white space inside a line. */
static inline int tc_ascii_isblank(int c)
{
	return c == ' ' || c == '\t';
}

static inline int tc_ascii_tolower(int c)
{
	return tc_ascii_isupper(c) ? c - 'A' + 'a' : c;
}

static inline int tc_ascii_toupper(int c)
{
	return tc_ascii_islower(c) ? c - 'a' + 'A' : c;
}

/* Do a[0..n) and b[0..n) hold the same bytes up to ASCII case?  Stops at
 * nothing (NUL bytes compare as bytes), unlike strncasecmp. */
static inline int tc_ascii_caseeq(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (tc_ascii_tolower(TC_BYTE(a[i])) != tc_ascii_tolower(TC_BYTE(b[i])))
			return 0;
	return 1;
}

/* Is a[0..n) the NUL-terminated word b, up to ASCII case? */
static inline int tc_ascii_caseeq_str(const char *a, size_t n, const char *b)
{
	return strlen(b) == n && tc_ascii_caseeq(a, b, n);
}

/* The first k-byte needle in hay[0..n), or NULL (memmem(3) without
 * _GNU_SOURCE); an empty needle is found at the start. */
static inline const void *tc_mem_find(const void *hay, size_t n, const void *needle, size_t k)
{
	const char *h = hay;
	if (k == 0)
		return hay;
	for (size_t i = 0; i + k <= n; i++)
		if (h[i] == *(const char *)needle && !memcmp(h + i, needle, k))
			return h + i;
	return NULL;
}

#endif
