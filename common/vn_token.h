/*
 * vn_token.h - the one tokenizer of tracuu, shared by indexer and searcher.
 *
 * Input is clean text (see vn_text_clean).  Output is a stream of tokens,
 * each with its exact and folded forms (vn_norm_token), its byte range in the
 * input (for highlighting) and a position (for phrases).
 *
 * Vietnamese is written one syllable per space-separated unit, so a WORD is a
 * syllable.  Units that people search for as one thing are kept whole and are
 * also split into parts: document codes (35-CT/TW, 01/2017/NĐ-CP),
 * abbreviations (TP.HCM), dates (15/6/2020), URLs and e-mail addresses.  The
 * whole token comes first with VN_TOKF_WHOLE and the position of its first
 * part; the parts follow with VN_TOKF_PART at consecutive positions.
 * Numbers (3.000, 3,5) and times (17h30, 17:30) are single tokens.
 */
#ifndef VN_TOKEN_H
#define VN_TOKEN_H

#include <stddef.h>
#include <stdint.h>

#include "tc_status.h"

typedef enum vn_token_kind {
	VN_TOK_WORD,   /* a syllable or other run of letters and digits */
	VN_TOK_NUMBER, /* 3.000, 3,5, 2020 */
	VN_TOK_DATE,   /* 9/6, 15/6/2020 */
	VN_TOK_TIME,   /* 17h30, 17:30 */
	VN_TOK_CODE,   /* 35-CT/TW, NĐ-CP, COVID-19 */
	VN_TOK_ABBR,   /* TP.HCM */
	VN_TOK_URL,    /* https://..., www.... */
	VN_TOK_EMAIL   /* name@host */
} vn_token_kind;

enum {
	VN_TOKF_WHOLE = 1,     /* a compound kept whole; its parts follow */
	VN_TOKF_PART = 2,      /* a part of the preceding whole token */
	VN_TOKF_DIACRITIC = 4, /* exact differs from fold */
	VN_TOKF_BREAK = 8,     /* punctuation separates it from the previous token */
	VN_TOKF_CLAUSE = 16    /* ... and it holds a clause mark: . , ; : ! ? or an
				* ellipsis (quotes, brackets and dashes do not) */
};

typedef struct vn_token {
	const char *exact;  /* case-folded NFC, canonical tone; NUL-terminated */
	size_t exact_len;
	const char *fold;   /* without diacritics; NUL-terminated */
	size_t fold_len;
	size_t start, end;  /* byte range in the input text */
	uint32_t pos;       /* position; WHOLE shares its first part's position */
	vn_token_kind kind;
	unsigned flags;
} vn_token;

/* Called once per token; the token's strings live only during the call.
 * Return 0 to go on, non-zero to stop (vn_tokenize then returns TC_OK). */
typedef int (*vn_token_cb)(void *ctx, const vn_token *tok);

/*
 * Tokenize text[0..n).  Positions start at first_pos; *next_pos (may be NULL)
 * receives the position after the last token.  Never reads past n.  Invalid
 * UTF-8 is tolerated (treated as separators) but should not reach here.
 */
tc_status vn_tokenize(const char *text, size_t n, uint32_t first_pos,
		      vn_token_cb cb, void *ctx, uint32_t *next_pos /* OUT */);

const char *vn_token_kind_name(vn_token_kind kind);

#endif
