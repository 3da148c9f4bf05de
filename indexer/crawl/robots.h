/*
 * robots.h - robots.txt (RFC 9309): which paths of a host the crawler may
 * fetch, how long it should wait between requests, and which sitemaps the
 * host announces.
 *
 * A parsed file keeps only the rules of the group that applies to our
 * product token, so asking about a path costs one pass over those rules and
 * nothing else.  What the crawler does with the HTTP outcome of fetching
 * /robots.txt is the RFC's (section 2.3.1):
 *
 *   2xx               tc_robots_parse() on the body (after following up to
 *                     five redirects)
 *   4xx               tc_robots_allow_all(): "unavailable", no rules apply
 *                     (many crawlers treat 429 like a 5xx; the caller decides)
 *   5xx, no answer    tc_robots_disallow_all(): "unreachable", fetch nothing
 *                     but /robots.txt itself until a later attempt succeeds
 *
 * Parsing follows the RFC and Google's documented behaviour where the RFC is
 * silent:
 *   - lines end at CR, LF or CRLF; '#' starts a comment; a leading UTF-8 BOM
 *     (or a prefix of one) is skipped; keys are case-insensitive and a few
 *     common misspellings are accepted ("useragent", "user agent",
 *     "disalow", "dissallow", "crawldelay", "site-map", ...);
 *   - a group is one or more user-agent lines (blank lines, comments,
 *     sitemap and unknown lines may sit between them) followed by rules;
 *     a user-agent line after a rule starts a new group; rules before the
 *     first user-agent line belong to no group and are ignored;
 *   - a user-agent line names us when the leading run of [A-Za-z_-] of its
 *     value equals our token case-insensitively ("TraCuu/2.0" names
 *     "tracuu", "tracuubot" does not); "*" names every crawler.  Every group
 *     that names us is merged into one; only when none does are the "*"
 *     groups (merged) used; when neither exists every path is allowed;
 *   - empty "Allow:" and "Disallow:" lines are ignored;
 *   - Crawl-delay is an extension outside the RFC; it belongs to the group it
 *     appears in, like a rule, and ends a run of user-agent lines;
 *   - Sitemap lines belong to no group and are collected from the whole file.
 *
 * Matching (RFC 9309 2.2.2 and 2.2.3): a rule matches when its pattern
 * matches a prefix of the path and query; '*' matches any run of bytes and a
 * '$' at the very end of a pattern anchors it at the end of the path ('$'
 * anywhere else is an ordinary byte).  Of the matching rules, the one with
 * the longest pattern (in octets, after normalisation, counting '*' and '$')
 * wins, and Allow wins a tie; no matching rule means allowed.  "/robots.txt"
 * is always allowed.  Before comparison, patterns and paths are normalised
 * the same way, the crawler's own (tc_url_escape_step in url.h, so a
 * pattern is in the form of the canonical URLs it is asked about): bytes
 * outside printable US-ASCII and " < > \ ^ ` { | } are percent-encoded
 * (UTF-8 as given; "Disallow: /a|b" forbids the canonical "/a%7Cb"), a
 * percent-encoded unreserved character (A-Z a-z 0-9 - . _ ~) is decoded,
 * other escapes get upper-case hex digits, a '%' that starts no escape
 * becomes "%25", and before the first '?' a backslash is '/' (as browsers
 * and tc_url_canon read it).  Reserved characters are compared as written, so a
 * literal "/" and "%2F" stay different; the RFC's example that encodes
 * "https://" inside a query in the rule only matches the same encoding in
 * the URL (Google's parser behaves the same way).
 */
#ifndef ROBOTS_H
#define ROBOTS_H

#include <stddef.h>

#include "tc_status.h"

/*
 * Caps, so that no file costs more than a bounded amount of memory and time.
 * All of them are silent: the file still parses, without what passed a cap.
 */

/* Bytes of a robots.txt that are parsed (the RFC asks for at least 500 KiB);
 * a longer file is cut at the last line break before this many bytes. */
#define TC_ROBOTS_MAX_BYTES ((size_t)500 * 1024)
/* A longer line is ignored as a whole: cutting a rule would change it. */
#define TC_ROBOTS_MAX_LINE ((size_t)16 * 1024)
/* Rules kept for each of the two candidate groups ("ours" and "*"); later
 * ones are ignored.  Real files have a few hundred at most. */
#define TC_ROBOTS_MAX_RULES ((size_t)10000)
/* Sitemap URLs kept (duplicates dropped); longer URLs are ignored. */
#define TC_ROBOTS_MAX_SITEMAPS ((size_t)1000)
#define TC_ROBOTS_MAX_SITEMAP_LEN ((size_t)2048)
/* Crawl-delay values above this many seconds are cut to it: a site asking
 * for a day between requests (a common way of saying "go away") still gets
 * at most one request a minute, and a crawl of thousands of articles still
 * ends.  Sites that really want nothing fetched say Disallow: /. */
#define TC_ROBOTS_MAX_DELAY 60.0
/* Longest product token accepted by tc_robots_parse. */
#define TC_ROBOTS_MAX_TOKEN ((size_t)64)

typedef struct tc_robots tc_robots;

/*
 * Parse txt[0..n) (any bytes: NULs, invalid UTF-8 and overlong lines are
 * harmless; txt may be NULL when n is 0) for the crawler whose product token
 * is agent_token: 1 to TC_ROBOTS_MAX_TOKEN letters, '_' or '-' (for example
 * "tracuu").  On success *out owns a new object (free it with
 * tc_robots_free).  Errors: TC_ERR_USAGE for a missing or malformed token or
 * a NULL txt with n > 0, TC_ERR_NOMEM; *out is NULL after a failure.  The
 * contents of a file never make it fail.
 */
TC_MUST_CHECK tc_status tc_robots_parse(const char *txt, size_t n, const char *agent_token,
					tc_robots **out /* OUT */);

/* The answer for a 4xx robots.txt: every path allowed, no crawl delay, no
 * sitemaps.  A new object (free it with tc_robots_free), or NULL when
 * memory runs out. */
TC_MUST_CHECK tc_robots *tc_robots_allow_all(void);

/* The answer for a 5xx or unreachable robots.txt: nothing allowed except
 * "/robots.txt", no crawl delay, no sitemaps.  NULL when memory runs out. */
TC_MUST_CHECK tc_robots *tc_robots_disallow_all(void);

/* Free r (NULL is fine). */
void tc_robots_free(tc_robots *r);

/*
 * May the crawler fetch the URL whose path and query are
 * path_and_query[0..n) (for example "/tin-tuc/ha-noi.html?page=2", as it
 * will be sent; a fragment from '#' on is ignored, an empty string means
 * "/", and a missing leading '/' is supplied)?  1 yes, 0 no.  Read-only:
 * safe to call from several threads on one object.  Returns 0 for a NULL r,
 * and 0 (the cautious answer) if a path longer than 2 KiB needs a scratch
 * buffer that cannot be allocated.
 */
int tc_robots_allowed(const tc_robots *r, const char *path_and_query, size_t n);

/* The Crawl-delay (seconds, decimals allowed, at most TC_ROBOTS_MAX_DELAY)
 * of the group that applies to us; -1 when it gives none.  When merged
 * groups give several, the largest counts. */
double tc_robots_crawl_delay(const tc_robots *r);

/* The Sitemap URLs of the file in the order first seen, as written (they
 * should be absolute; resolve them against the robots.txt URL with
 * tc_url_canon in any case).  tc_robots_sitemap returns NULL when i is out of
 * range; the strings live as long as r and hold no control characters. */
size_t tc_robots_sitemap_count(const tc_robots *r);
const char *tc_robots_sitemap(const tc_robots *r, size_t i);

#endif
