/*
 * vn_text.h - the door for outside text, and the normalisation of Vietnamese.
 *
 * All text from outside (files, HTTP, queries) passes vn_text_clean() once:
 * it validates UTF-8 (invalid bytes become U+FFFD and are counted), turns
 * control characters other than tab and newline into spaces and normalises
 * to NFC.  Everything downstream may assume "clean" text: valid NFC UTF-8.
 *
 * Per token, vn_norm_token() derives the two forms the index stores:
 *  - exact: case-folded, NFC, with the tone mark in one canonical place;
 *  - fold:  exact with every diacritic removed and đ mapped to d.
 *
 * Canonical tone placement (see docs/TEXT.md): the traditional ("old") style,
 * which puts the mark on the first vowel of an open oa/oe/uy syllable:
 * hòa, khỏe, thủy.  So hoà -> hòa, khoẻ -> khỏe, thuỷ -> thủy, while
 * hoàng, thuyền, quý and giá are untouched because both styles agree there.
 */
#ifndef VN_TEXT_H
#define VN_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "tc_buf.h"
#include "tc_status.h"

/* Longest token (in bytes of clean input) that is normalised; longer runs are
 * not indexed as one term (Xapian terms are capped at 245 bytes). */
#define VN_TOKEN_MAX 120
/* Output room that vn_norm_token needs for a token of VN_TOKEN_MAX bytes. */
#define VN_NORM_OUT_MAX (VN_TOKEN_MAX * 3 + 8)

/* vn_utf8_decode for a lead byte of 0x80 or more. */
size_t vn_utf8_decode_wide(const unsigned char *s, size_t n, int32_t *cp /* OUT */);

/* Decode one code point from s[0..n); n must be > 0.  Returns the number of
 * bytes used (1..4).  An invalid or truncated sequence yields U+FFFD and 1.
 * Inline for ASCII: tokenizing calls it for every byte. */
static inline size_t vn_utf8_decode(const unsigned char *s, size_t n, int32_t *cp /* OUT */)
{
	if (s[0] < 0x80) {
		*cp = (int32_t)s[0];
		return 1;
	}
	return vn_utf8_decode_wide(s, n, cp);
}
/* Encode cp into out (room for 4 bytes); returns bytes written. */
size_t vn_utf8_encode(int32_t cp, char *out);

/*
 * Validate and normalise text[0..n) into out (appended).  n_invalid, when not
 * NULL, receives the number of invalid sequences replaced by U+FFFD.
 * Errors: TC_ERR_TOO_BIG when out's cap is reached (out is then unchanged
 * beyond its previous length), TC_ERR_NOMEM.
 */
TC_MUST_CHECK tc_status vn_text_clean(const char *text, size_t n, tc_buf *out,
				      size_t *n_invalid /* OUT */);

/*
 * Normalise one token of clean text into its exact and folded forms.
 * exact and fold must each have VN_NORM_OUT_MAX bytes; n must be at most
 * VN_TOKEN_MAX.  *has_diacritics says whether exact differs from fold.
 * Never fails on clean input; returns TC_ERR_TOO_BIG when n is too long.
 */
TC_MUST_CHECK tc_status vn_norm_token(const char *tok, size_t n,
				      char *exact, size_t *exact_len /* OUT */,
				      char *fold, size_t *fold_len /* OUT */,
				      int *has_diacritics /* OUT */);

/*
 * Fold a whole clean text (not a token) for display-independent comparison:
 * lower case, no diacritics, đ -> d; other bytes copied.  Appends to out.
 */
TC_MUST_CHECK tc_status vn_fold_text(const char *text, size_t n, tc_buf *out);

/* vn_is_word_char and vn_is_upper beyond ASCII (cp >= 0x80). */
int vn_is_word_char_wide(int32_t cp);
int vn_is_upper_wide(int32_t cp);

/* Is cp a letter, a digit or a combining mark (part of a word)? */
static inline int vn_is_word_char(int32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
	return vn_is_word_char_wide(cp);
}

/* Is cp an upper-case letter? */
static inline int vn_is_upper(int32_t cp)
{
	return cp < 0x80 ? cp >= 'A' && cp <= 'Z' : vn_is_upper_wide(cp);
}

#endif
