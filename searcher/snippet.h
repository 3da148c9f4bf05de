/*
 * snippet.h - the passage of an article shown under a result, with the words
 * that matched the query marked.
 *
 * The text is tokenized by the same tokenizer as the index, and a token is a
 * match when its folded form is one of the query's folded forms, so words
 * matched without accents ("thu do" in "Thủ đô") are marked too.  The window
 * with the most distinct query words (then the most matches) wins.
 */
#ifndef SNIPPET_H
#define SNIPPET_H

#include <stddef.h>

#include "tc_buf.h"
#include "tc_status.h"

#define TC_SNIPPET_MAX_SPANS 64

typedef struct tc_span {
	size_t start, end; /* byte range in the snippet text */
} tc_span;

typedef struct tc_snippet {
	tc_buf text;                          /* the passage, UTF-8, one line */
	tc_span spans[TC_SNIPPET_MAX_SPANS];  /* matched words, in order */
	size_t nspans;
	long score;  /* how well the passage matches: compare two snippets' */
} tc_snippet;

void tc_snippet_init(tc_snippet *s);
void tc_snippet_release(tc_snippet *s);

/*
 * Make the snippet of text[0..n) (clean UTF-8) for the folded query forms
 * terms[0..nterms), at most about max_bytes long.  Falls back to the start
 * of the text when nothing matches.  Replaces s's previous content.
 */
TC_MUST_CHECK tc_status tc_snippet_make(tc_snippet *s, const char *text, size_t n,
					const char *const *terms, size_t nterms, size_t max_bytes);

#endif
