/*
 * extract_html.h - pull an article (title, date, source, lead, body) out of
 * an HTML page with libxml2's forgiving HTML parser.
 *
 * Title: og:title, else the first h1, else <title> without its site suffix.
 * Date: article:published_time, JSON-LD-free <time datetime>, or meta date.
 * Body: paragraphs of <article>, else <main>, else <body>, leaving out
 * navigation, header, footer, aside, forms, scripts and styles.
 */
#ifndef EXTRACT_HTML_H
#define EXTRACT_HTML_H

#include <stddef.h>

#include "tc_buf.h"
#include "tc_status.h"

typedef struct tc_extracted {
	tc_buf url, title, summary, body, date, source;
} tc_extracted;

void tc_extracted_init(tc_extracted *x);
void tc_extracted_release(tc_extracted *x);

/* Extract from html[0..n).  The text fields come out as UTF-8 (not yet
 * cleaned).  TC_ERR_INVALID when the page cannot be parsed at all. */
TC_MUST_CHECK tc_status tc_extract_html(const char *html, size_t n, tc_extracted *x);

#endif
