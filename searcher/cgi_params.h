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

/* Longest category name taken from cat= (the importer caps categories at 256). */
#define TC_CGI_CAT_MAX 256

typedef struct tc_cgi_params {
	char q[TC_CGI_Q_MAX + 1];  /* valid UTF-8 (not yet normalised), "" if absent */
	size_t q_len;
	uint32_t page;             /* 1..TC_CGI_PAGE_MAX */
	uint32_t n;                /* 1..TC_CGI_N_MAX, clamped */
	char from[11], to[11];     /* YYYY-MM-DD as given, "" if absent */
	char from_ymd[9], to_ymd[9]; /* YYYYMMDD, "" if absent */
	char site[TC_CGI_HOST_MAX + 1]; /* lower case, "" if absent */
	char cat[TC_CGI_CAT_MAX + 1];   /* cat=: a category as given (valid UTF-8), "" if absent */
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

/*
 * scheme://authority for the page's absolute links (RSS, OpenSearch) into
 * out: the configured base URL (checked with tc_cgi_base_url) when there is
 * one, with *from_request 0.  Else from the request's environment (any may
 * be NULL): the scheme from https ("on" or "1"), the host from host (HTTP
 * Host) when it is a host name or a bracketed IPv6 address with an optional
 * :PORT of 1..65535, else server_name when it is one without a port, else
 * "localhost"; port (SERVER_PORT) is added when the host has none and it
 * is not the scheme's default.  *from_request is then 1: a forged Host
 * can put another host in the links, so such an answer must not be kept
 * by shared caches.  Nothing else of the request reaches out.
 */
void tc_cgi_link_base(const char *configured, const char *https, const char *host,
		      const char *server_name, const char *port, char *out, size_t cap,
		      int *from_request /* OUT */);

/*
 * Is s a base URL for links: http:// or https://, an authority as above,
 * nothing after it but an optional final '/' (dropped)?  1 and a copy in
 * out (cap bytes) if so; 0, out untouched, if not.
 */
int tc_cgi_base_url(const char *s, char *out, size_t cap);

#endif
