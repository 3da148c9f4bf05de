/*
 * test_tc_ascii.c - the locale-free character classes and byte helpers
 * (common/tc_ascii.h).
 *
 * The classes are checked against <ctype.h> in the "C" locale for every
 * byte value, and again after switching to a UTF-8 locale, where <ctype.h>
 * may answer differently but tc_ascii must not.
 */
#include "unit_test.h"

#include <ctype.h>
#include <locale.h>
#include <stdio.h>

#include "tc_ascii.h"

/* <ctype.h> is poisoned by tc_banned.h; the reference is read before it. */
typedef struct cls {
	const char *name;
	int (*ref)(int);
	int (*ours)(int);
} cls;

static int ref_isdigit(int c) { return isdigit(c) != 0; }
static int ref_isalpha(int c) { return isalpha(c) != 0; }
static int ref_isalnum(int c) { return isalnum(c) != 0; }
static int ref_isupper(int c) { return isupper(c) != 0; }
static int ref_islower(int c) { return islower(c) != 0; }
static int ref_isxdigit(int c) { return isxdigit(c) != 0; }
static int ref_isspace(int c) { return isspace(c) != 0; }
static int ref_isblank(int c) { return isblank(c) != 0; }
static int ref_tolower(int c) { return tolower(c); }
static int ref_toupper(int c) { return toupper(c); }

#include "tc_banned.h"

static const cls classes[] = {
	{"isdigit", ref_isdigit, tc_ascii_isdigit},   {"isalpha", ref_isalpha, tc_ascii_isalpha},
	{"isalnum", ref_isalnum, tc_ascii_isalnum},   {"isupper", ref_isupper, tc_ascii_isupper},
	{"islower", ref_islower, tc_ascii_islower},   {"isxdigit", ref_isxdigit, tc_ascii_isxdigit},
	{"isspace", ref_isspace, tc_ascii_isspace},   {"isblank", ref_isblank, tc_ascii_isblank},
	{"tolower", ref_tolower, tc_ascii_tolower},   {"toupper", ref_toupper, tc_ascii_toupper},
};

/* In the "C" locale, every class agrees with <ctype.h> on every byte; and
 * the answers do not change with the locale. */
static void test_classes(void **state)
{
	(void)state;
	int answers[N_ROWS(classes)][256];
	int nfail = 0;
	assert_non_null(setlocale(LC_ALL, "C"));
	for (size_t r = 0; r < N_ROWS(classes); r++) {
		for (int c = 0; c < 256; c++) {
			int want = classes[r].ref(c), got = classes[r].ours(c);
			if ((classes[r].ref == ref_tolower || classes[r].ref == ref_toupper) ? got != want
											     : !got != !want) {
				ROW_FAIL(nfail, classes[r].name, "byte 0x%02X: %d, <ctype.h> %d", c, got, want);
				break;
			}
			answers[r][c] = got;
		}
	}
	/* A UTF-8 locale, when the system has one. */
	if (setlocale(LC_ALL, "C.UTF-8") || setlocale(LC_ALL, "en_US.UTF-8")) {
		for (size_t r = 0; r < N_ROWS(classes); r++)
			for (int c = 0; c < 256; c++)
				if (classes[r].ours(c) != answers[r][c]) {
					ROW_FAIL(nfail, classes[r].name, "byte 0x%02X changed with the locale", c);
					break;
				}
		setlocale(LC_ALL, "C");
	}
	/* Bytes of a signed char and code points above ASCII are in no class. */
	static const int outside[] = {-1, -128, (char)0xE1, 0x100, 0xA0, 0x1EA0, 0x2000};
	for (size_t k = 0; k < N_ROWS(outside); k++)
		for (size_t r = 0; r < N_ROWS(classes); r++) {
			int got = classes[r].ours(outside[k]);
			int is_map = classes[r].ref == ref_tolower || classes[r].ref == ref_toupper;
			if (is_map ? got != outside[k] : got != 0)
				ROW_FAIL(nfail, classes[r].name, "value %d answered %d", outside[k], got);
		}
	ROWS_DONE(nfail, N_ROWS(classes));
}

static void test_hexval(void **state)
{
	(void)state;
	static const struct {
		int c, want;
	} rows[] = {{'0', 0}, {'9', 9}, {'a', 10}, {'f', 15}, {'A', 10}, {'F', 15},
		    {'g', -1}, {'G', -1}, {'/', -1}, {':', -1}, {'@', -1}, {'`', -1},
		    {' ', -1}, {0, -1}, {0xE1, -1}, {-1, -1}};
	int nfail = 0;
	for (size_t r = 0; r < N_ROWS(rows); r++) {
		char name[16];
		snprintf(name, sizeof name, "0x%02X", rows[r].c & 0xFF);
		if (tc_ascii_hexval(rows[r].c) != rows[r].want)
			ROW_FAIL(nfail, name, "%d, want %d", tc_ascii_hexval(rows[r].c), rows[r].want);
	}
	ROWS_DONE(nfail, N_ROWS(rows));
}

static void test_caseeq(void **state)
{
	(void)state;
	static const struct {
		const char *name, *a, *b;
		size_t n;
		int want;
	} rows[] = {
		{"same", "utm_", "utm_", 4, 1},
		{"case differs", "UTM_", "utm_", 4, 1},
		{"mixed", "User-Agent", "user-AGENT", 10, 1},
		{"differs", "utm_", "utn_", 4, 0},
		{"only the first n", "abcX", "ABCy", 3, 1},
		{"empty", "", "", 0, 1},
		{"non-ASCII bytes compared as bytes", "\xC3\x89", "\xC3\xA9", 2, 0},
		{"a NUL byte does not stop it", "a\0b", "A\0c", 3, 0},
		{"'@' is not '`'", "@", "`", 1, 0},
		{"'[' is not '{'", "[", "{", 1, 0},
	};
	int nfail = 0;
	for (size_t r = 0; r < N_ROWS(rows); r++) {
		char *a = unit_exact_copy(rows[r].a, rows[r].n), *b = unit_exact_copy(rows[r].b, rows[r].n);
		if (tc_ascii_caseeq(a, b, rows[r].n) != rows[r].want)
			ROW_FAIL(nfail, rows[r].name, "want %d", rows[r].want);
		free(a);
		free(b);
	}
	/* The word form needs the whole word. */
	if (!tc_ascii_caseeq_str("FBCLID", 6, "fbclid") || tc_ascii_caseeq_str("fbclid2", 7, "fbclid") ||
	    tc_ascii_caseeq_str("fbcli", 5, "fbclid"))
		ROW_FAIL(nfail, "caseeq_str", "whole-word comparison wrong");
	ROWS_DONE(nfail, N_ROWS(rows));
}

static void test_mem_find(void **state)
{
	(void)state;
	static const struct {
		const char *name, *hay, *needle;
		long want; /* offset, -1: not found */
	} rows[] = {
		{"at start", "charset=utf-8", "charset", 0},
		{"in the middle", "text/html; charset=x", "charset", 11},
		{"at the very end", "abcde", "de", 3},
		{"absent", "abcde", "ef", -1},
		{"longer than hay", "ab", "abc", -1},
		{"empty needle", "abc", "", 0},
		{"empty hay", "", "a", -1},
		{"repeated prefix", "aaab", "aab", 1},
	};
	int nfail = 0;
	for (size_t r = 0; r < N_ROWS(rows); r++) {
		size_t n = strlen(rows[r].hay), k = strlen(rows[r].needle);
		char *hay = unit_exact_copy(rows[r].hay, n);
		const char *p = tc_mem_find(hay, n, rows[r].needle, k);
		long got = p ? (long)(p - hay) : -1;
		if (got != rows[r].want)
			ROW_FAIL(nfail, rows[r].name, "%ld, want %ld", got, rows[r].want);
		free(hay);
	}
	ROWS_DONE(nfail, N_ROWS(rows));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classes),
		cmocka_unit_test(test_hexval),
		cmocka_unit_test(test_caseeq),
		cmocka_unit_test(test_mem_find),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
