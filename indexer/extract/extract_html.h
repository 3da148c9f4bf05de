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
 * Article or not: the page's own signals (JSON-LD Article, og:type article,
 * a dated headline above the body) or the crawl config's article patterns
 * make a page an article whatever its length; without them only a long
 * enough body does (tc_extracted_is_article).
 *
 * Thread-safe when the caller has run xmlInitParser() once.
 */
#ifndef EXTRACT_HTML_H
#define EXTRACT_HTML_H

#include <stddef.h>

#include "tc_buf.h"
#include "tc_status.h"

/* What a page is, as far as the page itself (and the hints) tell. */
typedef enum tc_page_kind {
	TC_PAGE_UNKNOWN = 0, /* no signal either way: the length of its body decides */
	TC_PAGE_ARTICLE,     /* at least one article signal (tc_extracted.signals) */
	TC_PAGE_LISTING,     /* a front, section, tag or search page of teasers: body emptied */
	TC_PAGE_STUB         /* a redirect, error or bot challenge: title and body emptied */
} tc_page_kind;

/* Article signals, tc_extracted.signals.  Each alone makes a page that is
 * not a listing or a stub an article. */
enum {
	/* JSON-LD object of an Article-like @type (Article, NewsArticle,
	 * ReportageNewsArticle, BlogPosting...) that is not an item of a list
	 * (ItemList, CollectionPage, hasPart, itemListElement) */
	TC_SIGNAL_JSONLD = 1u << 0,
	/* og:type "article", or an article:published_time meta */
	TC_SIGNAL_OG = 1u << 1,
	/* the headline (h1, or the line that shows the title), above or at the
	 * start of the body, with a full date just under or just above it that
	 * no other heading, list or teaser link separates from it */
	TC_SIGNAL_DATED_HEADLINE = 1u << 2,
	/* the hints say the URL matches the source's article patterns */
	TC_SIGNAL_URL = 1u << 3
};

typedef struct tc_extracted {
	tc_buf url, title, summary, body, date, source;
	tc_buf author; /* "" when unknown; several names joined by ", " */
	char why[192]; /* after TC_ERR_INVALID: why the page was refused, or "" */
	tc_page_kind page;
	unsigned signals; /* TC_SIGNAL_* found (also on a listing or a stub) */
} tc_extracted;

/* Bytes of body text that make a page without article signals an article. */
#define TC_MIN_ARTICLE_BODY 400

/*
 * What a crawl config knows about a page.  Per-site XPath 1.0 expressions,
 * each NULL when absent: a hint that selects something overrides the
 * generic result: title and date take the first node (or a string result),
 * body the text of every selected node in document order.  An invalid
 * expression is ignored.  article_url: the URL matches the source's article
 * patterns (crawl_config.h), so the page is an article (TC_SIGNAL_URL) and
 * is never taken for a front page, however few its words and many its links.
 */
typedef struct tc_extract_hints {
	const char *title_xpath, *date_xpath, *body_xpath;
	int article_url;
} tc_extract_hints;

void tc_extracted_init(tc_extracted *x);
void tc_extracted_release(tc_extracted *x);

/* Extract from html[0..n).  The text fields come out as valid UTF-8 (not yet
 * NFC: the importer cleans them); body paragraphs are separated by '\n' and
 * there is no trailing newline; date is "" or YYYY-MM-DD; page and signals
 * say what the page is.  The fields of x must be empty (freshly
 * initialised).  TC_ERR_INVALID when the page cannot be parsed at all, or is
 * not text (more than 1% of its decoded characters are NUL or other control
 * characters or bytes invalid in its charset: binary junk; x->why then says
 * so); TC_ERR_TOO_BIG past 2 GiB, TC_ERR_NOMEM. */
TC_MUST_CHECK tc_status tc_extract_html(const char *html, size_t n, tc_extracted *x);

/* The same, for bytes in a known charset (from an HTTP Content-Type; NULL:
 * the page's own declaration, else sniffed). */
TC_MUST_CHECK tc_status tc_extract_html_charset(const char *html, size_t n, const char *charset,
						tc_extracted *x);

/* The same, with per-site hints (NULL: none). */
TC_MUST_CHECK tc_status tc_extract_html_hinted(const char *html, size_t n, const char *charset,
					       const tc_extract_hints *hints, tc_extracted *x);

/*
 * A page decoded to UTF-8 (extract_charset.h) and parsed by libxml2, once:
 * the extractor and the link pass (links.h) read the same tree, so a
 * fetched page is parsed once and both see the same characters
 * (page_article.h).
 */
typedef struct tc_html_doc tc_html_doc;

/*
 * Decode html[0..n) (charset: from an HTTP Content-Type, or NULL) and parse
 * it into *out, which the caller frees with tc_extract_doc_free.
 * TC_ERR_INVALID when the page cannot be parsed or is not text (as for
 * tc_extract_html; why[0..cap) then says why, or is ""), TC_ERR_TOO_BIG
 * past 2 GiB, TC_ERR_NOMEM.  *out is NULL after a failure.
 */
TC_MUST_CHECK tc_status tc_extract_parse(const char *html, size_t n, const char *charset,
					 tc_html_doc **out /* OUT */, char *why, size_t cap);
void tc_extract_doc_free(tc_html_doc *d);
/* The libxml2 document of d, owned by d (for links.c). */
struct _xmlDoc *tc_extract_doc_xml(const tc_html_doc *d);
/*
 * tc_extract_html_hinted on a parsed page.  The extractor keeps its notes
 * in the tree's nodes, so a document is extracted from once: a second call
 * is TC_ERR_USAGE.  Walk its links (links.h) before or after, as wanted.
 */
TC_MUST_CHECK tc_status tc_extract_from_doc(tc_html_doc *d, const tc_extract_hints *hints,
					    tc_extracted *x);

/*
 * Is the page just extracted into x an article to index?  One with a title
 * and, when x->page is TC_PAGE_ARTICLE, some body, however short (a video's
 * caption, a one-sentence notice; an article whose only text is the lead
 * shown under its headline gets that lead as its body too, but a
 * description in its metadata alone is not text of the page); otherwise at
 * least TC_MIN_ARTICLE_BODY bytes of body (listings and stubs have lost
 * theirs, so sections, tags, search pages and challenges are not
 * articles).  The crawler and the importer both decide with this
 * (page_article.h).
 */
int tc_extracted_is_article(const tc_extracted *x);

#endif
