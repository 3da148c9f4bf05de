/*
 * fuzz_util.h - what the fuzz targets share: the libFuzzer entry point's
 * prototype, a check that aborts (so both libFuzzer and the seed replayer
 * report it as a crash, and NDEBUG cannot turn it off) and independent
 * validators for the invariants the targets assert.
 *
 * The validators deliberately do not call vn_utf8_decode: a check written with
 * the code under test would share its bugs.
 */
#ifndef FUZZ_UTIL_H
#define FUZZ_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* Each target defines this; libFuzzer or replay_main.c calls it. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Report a broken invariant at file:line and abort. */
_Noreturn void fuzz_fail(const char *file, int line, const char *what);

#define FUZZ_CHECK(cond)                                   \
	do {                                               \
		if (!(cond))                               \
			fuzz_fail(__FILE__, __LINE__, #cond); \
	} while (0)

/*
 * Is s[0..n) well-formed UTF-8 (Unicode Table 3-7: no overlongs, surrogates
 * or code points past U+10FFFF)?  Written from the table, not from vn_text.c.
 * *n_cp, when not NULL, receives the number of code points.
 */
int fuzz_utf8_valid(const char *s, size_t n, size_t *n_cp /* OUT */);

/* Is i a code point boundary of the well-formed UTF-8 text s[0..n)? */
int fuzz_utf8_boundary(const char *s, size_t n, size_t i);

/* Is the well-formed UTF-8 text s[0..n) in NFC, by utf8proc? */
int fuzz_is_nfc(const char *s, size_t n);

/* Does s[0..n) hold a code point that clean text never holds (C0 controls
 * other than tab and newline, DEL, C1 controls, U+FEFF)? */
int fuzz_has_unclean_cp(const char *s, size_t n);

#endif
