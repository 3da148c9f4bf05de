/*
 * links.h - the links of an HTML page, for the crawler: every <a href> and
 * <area href>, the <base href> that relative ones resolve against, and the
 * <link rel="canonical"> the page claims for itself, read from the tree
 * the extractor parsed (never with patterns).
 */
#ifndef LINKS_H
#define LINKS_H

#include <stddef.h>

#include "extract_html.h"
#include "tc_buf.h"
#include "tc_status.h"

#define TC_LINKS_MAX 5000 /* links reported per page; the rest are ignored */

/* One raw href (not yet resolved); return non-zero to stop. */
typedef int (*tc_link_cb)(void *ctx, const char *href, size_t len);

/*
 * Report the hrefs of the parsed page d (extract_html.h: the tree the
 * extractor reads too) to cb in document order.  base receives the <base
 * href> (empty when none) and canonical the rel=canonical href (empty when
 * none), both raw and each as far as the walk got when cb stopped it: both
 * sit in <head>, before the links of the body.  An href too long for the
 * buffer's cap leaves it empty.
 */
void tc_links_of_doc(const tc_html_doc *d, tc_link_cb cb, void *ctx, tc_buf *base /* OUT */,
		     tc_buf *canonical /* OUT */);

#endif
