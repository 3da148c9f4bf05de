/*
 * extract_html.h - pull an article (title, date, lead, body, author, source)
 * out of an HTML page, with libxml2's forgiving HTML parser.
 *
 * The bytes are first decoded to UTF-8 (extract_charset.h: HTTP charset,
 * BOM, <meta> charset, then sniffing; a page that claims a Latin charset but
 * is valid UTF-8 is read as UTF-8).
 *
 * Body: a generic method, not per-site rules.  Every block (p, div, td,
 * section, article...) is scored from the paragraphs it holds (text length,
 * commas, link density) and its class/id (content, detail, fck_detail... up;
 * nav, menu, footer, related, tin-lien-quan, comment, share, tag, banner,
 * ads... down); the best container and its similar siblings are kept, in
 * reading order, without link-heavy lists, share bars, bylines, date lines
 * and furniture.  A front page (many teaser links, no article container) or a
 * stub (redirect, cookie challenge, server error page) gets an empty body.
 *
 * Title: og:title, JSON-LD headline, the main h1 or <title>, without the site
 * name (" - Báo X", " | Cổng TTĐT ...", or what the page's own headline line
 * shows is not part of it).
 * Date (YYYY-MM-DD, Vietnam time): article:published_time, JSON-LD
 * datePublished (@graph included), itemprop=datePublished, <time datetime>,
 * then Vietnamese date text near the title ("Thứ Ba, 09/06/2020 17:30",
 * "Ngày 09 tháng 6 năm 2020", "Chiều 9/6" resolved against the page's other
 * dates), then a date in the URL.  Impossible dates are rejected.
 * Summary: the sapo (class sapo, description, lead, summary...), else a
 * first paragraph all in bold, else og:description.  Author: a byline
 * element, the last short line of the body, JSON-LD Person author or meta
 * author.  docs/EXTRACT.md has the details and the measured accuracy.
 *
 * Thread-safe when the caller has run xmlInitParser() once.
 */
#ifndef EXTRACT_HTML_H
#define EXTRACT_HTML_H

#include <stddef.h>

#include "tc_buf.h"
#include "tc_status.h"

typedef struct tc_extracted {
	tc_buf url, title, summary, body, date, source;
	tc_buf author; /* "" when unknown; several names joined by ", " */
	char why[192]; /* after TC_ERR_INVALID: why the page was refused, or "" */
} tc_extracted;

/*
 * Per-site XPath 1.0 expressions (from a crawl config), each NULL when
 * absent.  A hint that selects something overrides the generic result:
 * title and date take the first node (or a string result), body the text of
 * every selected node in document order.  An invalid expression is ignored.
 */
typedef struct tc_extract_hints {
	const char *title_xpath, *date_xpath, *body_xpath;
} tc_extract_hints;

void tc_extracted_init(tc_extracted *x);
void tc_extracted_release(tc_extracted *x);

/* Extract from html[0..n).  The text fields come out as valid UTF-8 (not yet
 * NFC: the importer cleans them); body paragraphs are separated by '\n' and
 * there is no trailing newline; date is "" or YYYY-MM-DD.  The fields of x
 * must be empty (freshly initialised).  TC_ERR_INVALID when the page cannot be
 * parsed at all, or is not text (more than 1% of its decoded characters are
 * NUL or other control characters or bytes invalid in its charset: binary
 * junk; x->why then says so); TC_ERR_TOO_BIG past 2 GiB, TC_ERR_NOMEM. */
TC_MUST_CHECK tc_status tc_extract_html(const char *html, size_t n, tc_extracted *x);

/* The same, for bytes in a known charset (from an HTTP Content-Type; NULL:
 * the page's own declaration, else sniffed). */
TC_MUST_CHECK tc_status tc_extract_html_charset(const char *html, size_t n, const char *charset,
						tc_extracted *x);

/* The same, with per-site hints (NULL: none). */
TC_MUST_CHECK tc_status tc_extract_html_hinted(const char *html, size_t n, const char *charset,
					       const tc_extract_hints *hints, tc_extracted *x);

#endif
