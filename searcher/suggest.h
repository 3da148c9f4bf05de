/*
 * suggest.h - "Có phải bạn muốn tìm: thủ đô": the accented form of an
 * unaccented query, read off the articles it found.
 *
 * Folding makes "thu do" match "Thủ đô", "thu đó" and "thư độ" alike; which
 * one the user meant is best judged by how the matching articles write the
 * words.  The whole query is looked for as a run of words first (so "thu do
 * ha noi" is judged as one phrase); failing that, each word on its own.  A
 * form is suggested only when it clearly dominates: at least SUGGEST_MIN
 * occurrences and SUGGEST_SHARE of all of them.
 */
#ifndef SUGGEST_H
#define SUGGEST_H

#include <stddef.h>

#include "search.h"
#include "tc_buf.h"

/*
 * Write the suggested query to out (replacing its content) and return 1, or
 * return 0 (out empty) when the query has accents, is not plain words, or
 * no form dominates.  res holds the hits whose text is read.
 */
int tc_suggest(const char *query, size_t query_len, const tc_results *res, tc_buf *out);

#endif
