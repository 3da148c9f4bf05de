/*
 * feed.h - discovery documents for the crawler: RSS (2.0, 0.9x and the RDF
 * based 1.0), Atom (1.0 and 0.3), XML sitemaps (<urlset>, with the news
 * extension's <news:publication_date> and <news:title>) and sitemap indexes.
 *
 * The document is read by libxml2's streaming SAX2 parser, never with
 * patterns, so a 50 000-URL sitemap costs one entry of memory, not a tree.
 * Parsing is safe on hostile input:
 *   - no network (XML_PARSE_NONET), no DTD loading, and no entity is ever
 *     declared, so neither external entities (XXE) nor nested internal ones
 *     ("billion laughs") are expanded; a reference to one is a recoverable
 *     error and contributes nothing;
 *   - libxml2's recover mode: a malformed document yields every entry that
 *     could be read (an entry cut off by the end of the document is still
 *     reported when its URL was complete), and the errors are counted;
 *   - caps on the document (TC_FEED_MAX_BYTES), the number of entries and
 *     every field (below); libxml2's own limits bound nesting (256 levels)
 *     and the size of a single text node.
 *
 * The kind comes from the root element and its namespace, never from the
 * file name or the Content-Type:
 *   <rss>                                      TC_FEED_RSS
 *   <rdf:RDF> (items in the RSS 1.0 namespace) TC_FEED_RSS
 *   <feed> in the Atom 1.0 or 0.3 namespace    TC_FEED_ATOM
 *   <urlset>                                   TC_FEED_SITEMAP
 *   <sitemapindex>                             TC_FEED_SITEMAP_INDEX
 * (<feed>, <urlset> and <sitemapindex> are also accepted without a
 * namespace, as many generators write them.)
 *
 * Where each field of an entry comes from:
 *   RSS      <item>: url = <link>, else a <guid> that is not
 *            isPermaLink="false" and is an absolute http(s) URL; title =
 *            <title>; summary = <description>, else <content:encoded>;
 *            date = <pubDate> (RFC 822), else <dc:date> (ISO 8601).
 *   Atom     <entry>: url = href of the first <link> with rel="alternate"
 *            or no rel; title = <title>; summary = <summary>, else
 *            <content>; date = <published>, else <updated>.
 *   sitemap  <url>: url = <loc>; title = <news:title>; date =
 *            <news:publication_date>, else <lastmod>.
 *   index    <sitemap>: url = <loc>; date = <lastmod>; is_sitemap = 1.
 * Text is trimmed and runs of white space become one space.  Titles and
 * summaries that carry HTML (RSS, Atom type="html", escaped or in CDATA)
 * are reduced to their text with libxml2's HTML parser, which also decodes
 * HTML entities.  URLs are resolved against xml:base and then base_url
 * (RFC 3986, xmlBuildURI); an entry whose URL is missing, too long or does
 * not resolve to an absolute http or https URL is skipped.
 */
#ifndef FEED_H
#define FEED_H

#include <stddef.h>

#include "tc_status.h"

/* Documents longer than this are refused whole (TC_ERR_TOO_BIG); the
 * sitemap protocol allows 50 MB, real ones stay far below. */
#define TC_FEED_MAX_BYTES ((size_t)20 << 20)
/* Entries reported per document; later ones are skipped and counted.
 * The sitemap protocol allows 50 000 URLs per file. */
#define TC_FEED_MAX_ENTRIES ((size_t)100000)
/* Longest URL (after resolution) reported; longer ones skip the entry. */
#define TC_FEED_MAX_URL ((size_t)8192)
/* Titles and summaries are cut to this many bytes, at a UTF-8 boundary. */
#define TC_FEED_MAX_TITLE ((size_t)2048)
#define TC_FEED_MAX_SUMMARY ((size_t)8192)

typedef enum tc_feed_kind {
	TC_FEED_UNKNOWN = 0,
	TC_FEED_RSS,
	TC_FEED_ATOM,
	TC_FEED_SITEMAP,
	TC_FEED_SITEMAP_INDEX
} tc_feed_kind;

/*
 * One entry, valid only during the callback.  Every string is
 * NUL-terminated UTF-8 and never NULL: url is an absolute http(s) URL;
 * title and summary are plain text ("" when absent).
 */
typedef struct tc_feed_entry {
	const char *url;
	const char *title;
	const char *summary; /* plain text, tags stripped, CDATA handled */
	/* Local time in Vietnam (+07:00): "YYYY-MM-DD" when the source gives a
	 * day only, "YYYY-MM-DDTHH:MM" when it gives a time; "" when the
	 * source gives no date or one tc_feed_date cannot read. */
	char date[20];
	int is_sitemap; /* 1: an entry of a sitemap index (a sitemap to fetch) */
} tc_feed_entry;

/* Receives each entry in document order; return non-zero to stop. */
typedef int (*tc_feed_cb)(void *ctx, const tc_feed_entry *e);

/* What a parse found, for callers that want more than the status. */
typedef struct tc_feed_info {
	tc_feed_kind kind;
	size_t entries; /* entries passed to the callback */
	size_t skipped; /* entries without a usable URL, or past the entry cap */
	size_t errors;  /* XML errors libxml2 recovered from (0: well-formed) */
} tc_feed_info;

/*
 * Parse xml[0..n) (any bytes; the encoding comes from the XML declaration
 * or a BOM, UTF-8 by default) and pass its entries to cb.  base_url (may be
 * NULL) is the URL the document was fetched from; relative URLs are
 * resolved against it.  *kind receives the kind, TC_FEED_UNKNOWN unless
 * the call succeeds.
 *
 * Returns TC_OK when the root element is one of the kinds above, even if
 * the document is malformed after it (the errors are counted in the info of
 * tc_feed_parse_ex, and err then describes the first one), and when cb
 * stopped the parse.  Errors: TC_ERR_USAGE (NULL xml with n > 0, NULL cb or
 * kind), TC_ERR_TOO_BIG (n > TC_FEED_MAX_BYTES: nothing is parsed),
 * TC_ERR_INVALID (no root element could be read, or it is not a feed or
 * sitemap; *kind is TC_FEED_UNKNOWN), TC_ERR_NOMEM.  err (may be NULL) is
 * filled in whenever the result is not a clean TC_OK.
 */
TC_MUST_CHECK tc_status tc_feed_parse(const char *xml, size_t n, const char *base_url,
				      tc_feed_cb cb, void *ctx, tc_feed_kind *kind /* OUT */,
				      tc_err *err);

/* The same, with counts.  *info is filled in on success and on failure
 * (then with the kind TC_FEED_UNKNOWN and what was counted before it). */
TC_MUST_CHECK tc_status tc_feed_parse_ex(const char *xml, size_t n, const char *base_url,
					 tc_feed_cb cb, void *ctx, tc_feed_info *info /* OUT */,
					 tc_err *err);

/*
 * Normalise the date s[0..n) into out as described for tc_feed_entry.date:
 * tc_date_parse with TC_DATE_ANY (common/tc_date.h has the formats: RFC 822
 * with its zones, ISO 8601 / W3C-DTF, the Vietnamese "30/08/2017 20:03"),
 * surrounding white space allowed.  A time without a zone is taken as
 * Vietnamese local time; a date without a time is kept as it is.  Returns
 * 1 on success, 0 (and out "") for anything else, including impossible
 * dates such as 31 April, partial dates ("2017-08") and dates outside
 * tc_date's range (before 1900, or after tomorrow in Vietnam: a feed that
 * says 2099 does not get to put its entry first when sorting by date).
 */
int tc_feed_date(const char *s, size_t n, char out[20] /* OUT */);

/* "rss", "atom", "sitemap", "sitemapindex" or "unknown". */
const char *tc_feed_kind_name(tc_feed_kind kind);

#endif
