/*
 * links.h - the links of an HTML page, for the crawler: every <a href> and
 * <area href>, the <base href> that relative ones resolve against, and the
 * <link rel="canonical"> the page claims for itself.  Parsed with libxml2's
 * forgiving HTML parser, never with patterns.
 */
#ifndef LINKS_H
#define LINKS_H

#include <stddef.h>

#include "tc_buf.h"
#include "tc_status.h"

#define TC_LINKS_MAX 5000 /* links reported per page; the rest are ignored */

/* One raw href (not yet resolved); return non-zero to stop. */
typedef int (*tc_link_cb)(void *ctx, const char *href, size_t len);

/*
 * Report the hrefs of html[0..n) to cb in document order.  base receives the
 * <base href> (empty when none) and canonical the rel=canonical href (empty
 * when none), both raw.  TC_ERR_INVALID when the page cannot be parsed.
 */
TC_MUST_CHECK tc_status tc_links_extract(const char *html, size_t n, const char *charset,
					 tc_link_cb cb, void *ctx, tc_buf *base /* OUT */,
					 tc_buf *canonical /* OUT */);

#endif
