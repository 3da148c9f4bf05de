/*
 * params.h - the checked parsers of the search parameters that the command
 * line (main.c) and the search page (cgi_params.c) share, so that a value
 * means the same, or is refused for the same reason, in both: a number, a
 * host name, a day and a sort order.
 *
 * Each parser takes the value as given (pointer and length, no trimming),
 * returns 1 and the checked value when it is acceptable, 0 otherwise.  The
 * callers word the refusal in their own language from the rules below
 * (TC_PARAM_*_RULE), so the two can never disagree on what is allowed.
 */
#ifndef PARAMS_H
#define PARAMS_H

#include <stddef.h>
#include <stdint.h>

#include "tc_schema.h"

/* Longest host name (DNS: 253 bytes without a final dot). */
#define TC_PARAM_HOST_MAX TC_SCHEMA_HOST_MAX

#define TC_PARAM_NUMBER_RULE "a whole number written with the digits 0-9 only (no sign, no spaces)"
#define TC_PARAM_HOST_RULE TC_SCHEMA_HOST_RULE

/*
 * A whole number in ASCII digits, nothing else (no sign, no space, no
 * "0x"): *out is its value, or UINT64_MAX when it has more digits than that
 * holds (callers compare it with their range, so an overlong number is out
 * of range rather than wrapped).
 */
int tc_param_number(const char *s, size_t n, uint64_t *out /* OUT */);

/*
 * A host name or http(s) URL, made the canonical host the index writes
 * (tc_schema_host: lower case, no final '.', no port) into out (room for
 * TC_PARAM_HOST_MAX + 1 bytes).  A host whose term does not fit the index
 * is still a host: it matches nothing.
 */
int tc_param_host(const char *s, size_t n, char out[TC_PARAM_HOST_MAX + 1] /* OUT */);

/* "relevance" (0) or "date" (1), exactly. */
int tc_param_sort(const char *s, size_t n, int *sort_date /* OUT */);

#endif
