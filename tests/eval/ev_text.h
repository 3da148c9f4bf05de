/*
 * ev_text.h - how the evaluation turns corpus text into the queries people
 * type: without accents, with đ typed as d, in the other tone-mark style, in
 * decomposed Unicode, in capitals, or as a fragment of the body.
 *
 * Every function takes clean text (valid NFC UTF-8, see ev_text_query) as
 * pointer + length and APPENDS its result to out, a capped tc_buf.  Errors are
 * those of tc_buf (TC_ERR_TOO_BIG, TC_ERR_NOMEM) plus TC_ERR_INVALID when
 * utf8proc refuses the input.  On error out may hold a partial result.
 *
 * These transformations deliberately do NOT reuse the project's query or
 * tokenizer code (common/vn_token.c): the evaluation has to be able to find
 * the cases the searcher gets wrong.  Only vn_text_clean (the door every
 * input passes) and vn_fold_text (the definition of "without accents") are
 * shared.
 */
#ifndef EV_TEXT_H
#define EV_TEXT_H

#include <stddef.h>

#include "tc_buf.h"
#include "tc_status.h"

/* Outside text -> one query line: vn_text_clean (NFC), every run of white
 * space or control characters becomes one space, leading/trailing trimmed. */
TC_MUST_CHECK tc_status ev_text_query(const char *s, size_t n, tc_buf *out);

/* All diacritics removed, đ -> d, lower case (vn_fold_text). */
TC_MUST_CHECK tc_status ev_text_fold(const char *s, size_t n, tc_buf *out);

/* Only đ/Đ typed as d/D; every other mark kept. */
TC_MUST_CHECK tc_status ev_text_dd(const char *s, size_t n, tc_buf *out);

/*
 * The other tone-mark style: in a syllable that ends in the open vowel pair
 * oa, oe or uy (not "qu"+y, no final consonant, no other vowel before the
 * pair, no vowel-quality mark on either letter), the tone mark moves to the
 * other vowel of the pair: hòa <-> hoà, khỏe <-> khoẻ, thủy <-> thuỷ.  Case is
 * kept.  *changed receives the number of syllables changed.  Output is NFC.
 */
TC_MUST_CHECK tc_status ev_text_tone_flip(const char *s, size_t n, tc_buf *out,
					  int *changed /* OUT */);

/* Canonical decomposition (NFD). */
TC_MUST_CHECK tc_status ev_text_nfd(const char *s, size_t n, tc_buf *out);

/* Upper case, code point by code point (đ -> Đ). */
TC_MUST_CHECK tc_status ev_text_upper(const char *s, size_t n, tc_buf *out);

/*
 * The identity of a title for "same headline" comparisons: lower case, the
 * tone mark in one canonical place (vn_norm_token's exact form per word),
 * white space collapsed and trimmed, punctuation kept.
 */
TC_MUST_CHECK tc_status ev_text_title_key(const char *s, size_t n, tc_buf *out);

/* A word: a maximal run of letters, digits and combining marks. */
typedef struct ev_span {
	size_t start, end; /* byte range */
	int letters;       /* holds at least one letter (is not a bare number) */
} ev_span;

typedef struct ev_words {
	ev_span *v;
	size_t n, cap;
} ev_words;

void ev_words_init(ev_words *w);
void ev_words_release(ev_words *w);
/* Replace w's contents with the words of s[0..n). */
TC_MUST_CHECK tc_status ev_words_split(ev_words *w, const char *s, size_t n);

#endif
