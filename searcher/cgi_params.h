/*
 * cgi_params.h - the search page's request: a query string
 * (application/x-www-form-urlencoded) parsed into checked values.
 *
 * Every value is validated here, once, and a malformed one is reported with
 * the parameter's name and what is wrong, in Vietnamese, for a 400 page.
 * Unknown parameters are ignored; a repeated one counts its last value; an
 * empty value means the parameter is absent.  docs/WEB.md has the table.
 */
#ifndef CGI_PARAMS_H
#define CGI_PARAMS_H

#include <stddef.h>
#include <stdint.h>

#include "params.h"
#include "tc_status.h"

#define TC_CGI_QS_MAX 4096     /* whole query string, bytes */
#define TC_CGI_Q_MAX 512       /* decoded query, bytes */
#define TC_CGI_PAGE_MAX 1000
#define TC_CGI_N_MAX 100
#define TC_CGI_N_DEFAULT 10
#define TC_CGI_HOST_MAX TC_PARAM_HOST_MAX

typedef enum tc_cgi_format {
	TC_CGI_HTML,
	TC_CGI_JSON,
	TC_CGI_RSS,
	TC_CGI_OPENSEARCH
} tc_cgi_format;

typedef struct tc_cgi_params {
	char q[TC_CGI_Q_MAX + 1];  /* valid UTF-8 (not yet normalised), "" if absent */
	size_t q_len;
	uint32_t page;             /* 1..TC_CGI_PAGE_MAX */
	uint32_t n;                /* 1..TC_CGI_N_MAX, clamped */
	char from[11], to[11];     /* YYYY-MM-DD as given, "" if absent */
	char from_ymd[9], to_ymd[9]; /* YYYYMMDD, "" if absent */
	char site[TC_CGI_HOST_MAX + 1]; /* lower case, "" if absent */
	int sort_date;
	tc_cgi_format format;
	char bad_param[16];        /* on error: the parameter at fault */
} tc_cgi_params;

/*
 * Parse qs[0..n) into *out (always initialised to the defaults first).
 * On a malformed request returns TC_ERR_USAGE, with the parameter's name in
 * out->bad_param and a Vietnamese message (no request bytes in it) in err.
 */
TC_MUST_CHECK tc_status tc_cgi_params_parse(const char *qs, size_t n, tc_cgi_params *out /* OUT */,
					    tc_err *err);

#endif
