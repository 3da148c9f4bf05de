/*
 * suggest.h - "Có phải bạn muốn tìm: thủ đô": the accented form of an
 * unaccented query.
 *
 * Folding makes "thu do" match "Thủ đô", "thu đó" and "thư độ" alike; which
 * one the user meant is judged by the counts the ranking uses too: how many
 * articles write each pair of neighbouring words each way (the index's
 * reading terms, docs/SCHEMA.md).  A word no pair settles (a one-word
 * query) is judged by how the articles found write it.  A form is suggested
 * only when it clearly dominates: at least SUGGEST_MIN articles or
 * occurrences and SUGGEST_SHARE of all of them.
 */
#ifndef SUGGEST_H
#define SUGGEST_H

#include <stddef.h>

#include "search.h"
#include "tc_buf.h"

/*
 * Write the suggested query to out (replacing its content) and return 1, or
 * return 0 (out empty) when the query has accents, is not plain words
 * (quotes, a minus, site: and any other character but letters and white
 * space are syntax that a suggestion of the words alone would lose), or no
 * form dominates.  s is the index searched; res holds the hits whose
 * text is read for the words no pair settles.
 */
int tc_suggest(tc_searcher *s, const char *query, size_t query_len, const tc_results *res,
	       tc_buf *out);

#endif
