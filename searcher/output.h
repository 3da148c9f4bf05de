/*
 * output.h - results for people (terminal, plain text in a pipe) and for
 * programs (one JSON object per answer; docs/SEARCH.md has the schema).
 */
#ifndef OUTPUT_H
#define OUTPUT_H

#include <stdio.h>

#include "search.h"

/* Human-readable results; highlights in ANSI bold when color is set. */
void tc_output_text(FILE *out, const char *query, const tc_results *res, int color);

/* One JSON object on one line (no trailing newline written). */
TC_MUST_CHECK tc_status tc_output_json(FILE *out, const char *query, size_t query_len,
				       const tc_results *res);

/* {"query":...,"error":...} for a query that could not be answered. */
TC_MUST_CHECK tc_status tc_output_json_error(FILE *out, const char *query, size_t query_len,
					     const char *message);

#endif
