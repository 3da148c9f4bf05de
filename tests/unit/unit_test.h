/*
 * unit_test.h - what every unit-test program of tests/unit shares.
 *
 * The tests are table-driven: one test function per concern walks a table of
 * {input, expected} rows.  A failing row is reported by name and counted, and
 * the function fails only after every row ran, so one run shows every broken
 * row instead of the first.
 *
 * Inputs are copied into heap blocks of exactly their length (no NUL after
 * them), so AddressSanitizer catches any read past the length a function was
 * given.
 */
#ifndef UNIT_TEST_H
#define UNIT_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* Report that row `name` failed and count it in `nfail` (an int). */
#define ROW_FAIL(nfail, name, ...)                                  \
	do {                                                        \
		print_error("  row \"%s\": ", (name));              \
		print_error(__VA_ARGS__);                           \
		print_error("\n");                                  \
		(nfail)++;                                          \
	} while (0)

/* End a table walk: fail the test when any row failed. */
#define ROWS_DONE(nfail, nrows)                                             \
	do {                                                                \
		if ((nfail) > 0)                                            \
			fail_msg("%d of %zu rows failed", (nfail), (size_t)(nrows)); \
	} while (0)

#define N_ROWS(a) (sizeof(a) / sizeof((a)[0]))

/* A heap copy of s[0..n) with nothing after it (malloc(0) avoided). */
static inline char *unit_exact_copy(const char *s, size_t n)
{
	char *p = malloc(n ? n : 1);
	assert_non_null(p);
	if (n)
		memcpy(p, s, n);
	return p;
}

#endif
