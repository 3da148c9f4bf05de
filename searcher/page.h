/*
 * page.h - what the search page sends: the HTML page, the RSS feed, the
 * OpenSearch description, and the escaping they all go through.
 *
 * Every byte that comes from a request or an article passes through one of
 * the escapers below on its way out: tc_html_put for element text and
 * attribute values alike, tc_url_put for a URL's query component.  Links are
 * built from the decoded, checked parameters, never pasted from the request.
 */
#ifndef PAGE_H
#define PAGE_H

#include <stdio.h>

#include "cgi_params.h"
#include "search.h"

/* Escape s[0..n) for HTML or XML text or a quoted attribute (& < > " '),
 * replacing with U+FFFD every character XML 1.0 forbids or HTML calls a
 * parse error (controls but tab/LF/CR, noncharacters) and any byte that is
 * not UTF-8: the one boundary every page, feed and description goes
 * through. */
void tc_html_put(FILE *out, const char *s, size_t n);
/* Percent-encode s[0..n) for a URL query component (unreserved bytes kept). */
void tc_url_put(FILE *out, const char *s, size_t n);

/* Everything a page shows. */
typedef struct tc_page {
	const tc_cgi_params *p;
	const char *script;       /* the page's own path, e.g. /search */
	const char *site_url;     /* scheme://host[:port], for absolute links */
	const tc_results *res;    /* NULL: no search was made (empty q) */
	const char *message;      /* why the query could not be run, or NULL */
	const char *suggest;      /* accented form of the query, or NULL */
} tc_page;

/* The HTML5 page: form, stats, suggestion, results, pages, facets. */
void tc_page_html(FILE *out, const tc_page *pg);
/* An error page (400, 503) with the message in p#error and a search form. */
void tc_page_error(FILE *out, const tc_page *pg, const char *title, const char *message);
/* RSS 2.0 of the results (the caller searched newest first). */
void tc_page_rss(FILE *out, const tc_page *pg);
/* The OpenSearch description of the page. */
void tc_page_opensearch(FILE *out, const tc_page *pg);

#endif
