/*
 * url.h - one spelling per page: canonical URLs for the crawler, so that the
 * crawl state, deduplication and the index's unique-id term agree on which
 * page a link names.
 *
 * Parsing and relative resolution are libcurl's URL API (curl_url); IDN host
 * names go through libidn2 directly, because curl's own conversion depends
 * on the process locale and fails in the "C" locale.  What this module adds
 * is the policy: which URLs the crawler accepts and the one form it keeps.
 *
 * The canonical form of an http or https URL:
 *   - the link is first cleaned as a browser does: ASCII whitespace and
 *     control bytes around it are trimmed, tabs and line breaks inside it are
 *     dropped, and a backslash before the query counts as '/';
 *   - relative references are resolved against the base (RFC 3986 5.2:
 *     "../", "./", "//host", "?query", "" and "#frag" alone give the base);
 *   - scheme and host are lower case; a host with non-ASCII letters is
 *     converted to punycode (IDNA2008 with UTS #46 mapping, so "HàNội.vn",
 *     "hànội.vn" and "xn--hni-9ka0849a.vn" are one host); hosts hold only
 *     [a-z0-9._-], or are IPv6 literals in brackets; IPv4 addresses are
 *     normalised by curl ("0x7f.1" is "127.0.0.1");
 *   - the port is dropped when it is the scheme's default (80, 443);
 *   - the fragment is dropped;
 *   - the path is "/" when empty, its "." and ".." segments are removed;
 *   - in path and query, spaces, controls, bytes above 0x7E and the bytes
 *     " < > \ ^ ` { | } are percent-encoded (UTF-8 is encoded byte by byte,
 *     so a Vietnamese slug decodes back to itself); an escape of an
 *     unreserved character (A-Z a-z 0-9 - . _ ~) is decoded, other escapes
 *     get upper-case hex digits, and a '%' that starts no escape becomes
 *     "%25";
 *   - tracking parameters are removed from the query, keeping the others in
 *     their order, and empty parameters ("&&") and an empty query go too.
 *     Tracking parameters, names compared without regard to ASCII case:
 *     utm_* (any name starting "utm_"), fbclid (Facebook), gclid, gclsrc,
 *     dclid, gbraid, wbraid, _ga, _gl (Google Ads and Analytics), msclkid
 *     (Microsoft), yclid (Yandex), twclid (X/Twitter), ttclid (TikTok),
 *     igshid (Instagram), mc_cid, mc_eid (Mailchimp), _hsenc, _hsmi
 *     (HubSpot), zarsrc, gidzl (Zalo, which appends them to every shared
 *     link in Vietnam).
 * Refused, with TC_ERR_INVALID and a message: schemes other than http and
 * https (javascript:, mailto:, data:, ftp:, ...), relative references without
 * a base, URLs with user names or passwords (a crawler has no business
 * sending credentials, and "http://bank.vn@evil.example/" is a classic
 * trick), IPv6 zone ids, hosts curl or IDNA reject, NUL bytes.
 *
 * The canonical form is a fixed point: canonicalising it again gives it back
 * byte for byte.  It is printable ASCII (0x21..0x7E) only.
 */
#ifndef URL_H
#define URL_H

#include <stddef.h>

#include "tc_buf.h"
#include "tc_status.h"

/* Longest canonical URL accepted (the de facto browser and sitemap limit). */
#define TC_URL_MAX ((size_t)2048)
/* Longest href (after trimming) or base looked at; a longer one is refused
 * with TC_ERR_TOO_BIG before any work, whatever it would shrink to. */
#define TC_URL_MAX_INPUT ((size_t)16 * 1024)

/*
 * Canonicalise href[0..href_len) (any bytes), resolved against base (a
 * NUL-terminated absolute http(s) URL, or NULL when href must be absolute),
 * into out, which is reset first.  On success out holds the canonical URL
 * (at most TC_URL_MAX bytes, NUL-terminated).  Errors: TC_ERR_INVALID (not
 * an acceptable http(s) URL: see above), TC_ERR_TOO_BIG (href or base longer
 * than TC_URL_MAX_INPUT, a result longer than TC_URL_MAX, or longer than
 * out's own cap), TC_ERR_NOMEM, TC_ERR_USAGE (NULL href with a length, NULL
 * out); err, when not NULL, says why, and out is left empty.  Thread-safe.
 */
TC_MUST_CHECK tc_status tc_url_canon(const char *base, const char *href, size_t href_len,
				     tc_buf *out, tc_err *err);

/*
 * The one percent-escaping of path and query bytes (above), which
 * tc_url_canon uses and robots.c applies to robots.txt patterns so that both
 * sides of a match are in the same form.  Reads the byte or escape at
 * s[*i] (*i < n), advances *i past it and writes its canonical spelling to
 * out: an escape of an unreserved character decoded, other escapes with
 * upper-case hex digits, a '%' that starts no escape, spaces, controls,
 * bytes above 0x7E and " < > \ ^ ` { | } escaped, and with in_path a
 * backslash turned into '/' as browsers do.  Returns the bytes written (1
 * or 3).  Canonical input comes back unchanged.
 */
size_t tc_url_escape_step(const char *s, size_t n, size_t *i, int in_path, char out[3] /* OUT */);

/*
 * Is name[0..n) (as it appears in a query, before '=') a tracking parameter
 * that tc_url_canon removes?  1 yes, 0 no.
 */
int tc_url_is_tracking_param(const char *name, size_t n);

#endif
