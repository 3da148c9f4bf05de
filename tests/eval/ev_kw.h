/*
 * ev_kw.h - search keywords and the articles that hold them as a run of
 * words, for the "words" section of the evaluation (word intent).
 *
 * The keyword list is Coc Coc's public one ("keyword<TAB>frequency" lines).
 * A keyword is held by a text when the keyword's tokens occur as consecutive
 * tokens of that text: with their accents (the exact forms) or with accents
 * ignored (the folded forms).  Unlike ev_text, this module deliberately uses
 * the project's tokenizer (vn_tokenize, hence vn_norm_token's exact and
 * folded forms): here it does not make queries, it defines what "the same
 * word" means, and keyword and article must be cut and normalised the same
 * way (NFC, lower case, canonical tone placement) or the measure would count
 * its own differences as the searcher's.
 *
 * Tokens of a compound (35-CT/TW, TP.HCM) are taken as their parts; the
 * whole is skipped.  Punctuation does not break a run: "Hà. Nội" holds "hà
 * nội", as it does for the index's phrase search.
 */
#ifndef EV_KW_H
#define EV_KW_H

#include <stddef.h>

#include "tc_status.h"

/* Fewest and most tokens a keyword of the section may have. */
#define EV_KW_MIN_TOKENS 2
#define EV_KW_MAX_TOKENS 4

/*
 * Parse one line of the keyword file (without its newline): the keyword,
 * a TAB, the frequency (decimal digits, at most 15) and optionally a CR.
 * *kw points into line.  Errors: TC_ERR_INVALID for a line that is not of
 * that shape (a blank line, a '#' comment, no TAB, an empty keyword, a bad
 * number); *kw, *kw_len and *freq are then 0/NULL.
 */
TC_MUST_CHECK tc_status ev_kw_parse_line(const char *line, size_t n, const char **kw /* OUT */,
					 size_t *kw_len /* OUT */, long long *freq /* OUT */);

/* A set of keywords, matched together over texts. */
typedef struct ev_kwset ev_kwset;

/* A new empty set, or NULL when out of memory. */
ev_kwset *ev_kwset_new(void);
void ev_kwset_free(ev_kwset *k);

/*
 * Add the keyword kw[0..n) (clean text: see vn_text_clean).  It must cut
 * into EV_KW_MIN_TOKENS..EV_KW_MAX_TOKENS tokens, every one a word
 * (VN_TOK_WORD: no number, date, code or other compound).  *id is its index
 * (0, 1, ... in the order of adding).  *ntokens gets the token count also
 * when it is refused.  Errors: TC_ERR_INVALID (refused; *id = -1),
 * TC_ERR_NOMEM.
 */
TC_MUST_CHECK tc_status ev_kwset_add(ev_kwset *k, const char *kw, size_t n, int *id /* OUT */,
				     size_t *ntokens /* OUT */);
size_t ev_kwset_count(const ev_kwset *k);

/*
 * Called once for every place where keyword id occurs as a run of words in
 * the text given to ev_kwset_scan.  exact is 1 when the run matches with its
 * accents (then it also matches with accents ignored), 0 when it matches only
 * with accents ignored.
 */
typedef void (*ev_kw_hit_cb)(void *ctx, int id, int exact);

/*
 * Find every keyword of k in the clean text[0..n) (one field of an article:
 * runs never join two calls).  k keeps scratch space, so one set must not be
 * scanned from two threads at once.  Errors: TC_ERR_NOMEM.
 */
TC_MUST_CHECK tc_status ev_kwset_scan(ev_kwset *k, const char *text, size_t n, ev_kw_hit_cb cb,
				      void *ctx);

#endif
