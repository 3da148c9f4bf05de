/* links.c - hrefs, base and canonical of an HTML page; see links.h. */
#include "links.h"

#include <libxml/HTMLparser.h>
#include <string.h>
#include <strings.h>

#include "extract_html.h"
#include "html_attr.h"
#include "tc_banned.h"

typedef struct walk {
	tc_link_cb cb;
	void *ctx;
	tc_buf *base, *canonical;
	size_t count;
	int stop;
} walk;

/* Does a rel attribute hold the word w? */
static int rel_has(const char *rel, const char *w)
{
	size_t n = strlen(w);
	for (const char *p = rel; p && *p;) {
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		size_t k = strcspn(p, " \t\n");
		if (k == n && !strncasecmp(p, w, n))
			return 1;
		p += k;
	}
	return 0;
}

static void visit(walk *w, const xmlNode *n, int depth)
{
	/* Iterative over siblings, recursive over children with a depth cap:
	 * a hostile page nests thousands deep. */
	for (; n && !w->stop; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		const char *name = (const char *)n->name;
		if (!strcasecmp(name, "a") || !strcasecmp(name, "area")) {
			const char *href = tc_html_attr(n, "href");
			if (href && w->count < TC_LINKS_MAX) {
				w->count++;
				if (w->cb(w->ctx, href, strlen(href)))
					w->stop = 1;
			}
		} else if (!strcasecmp(name, "base") && !w->base->len) {
			const char *href = tc_html_attr(n, "href");
			if (href && tc_buf_append_str(w->base, href) != TC_OK)
				tc_buf_reset(w->base);
		} else if (!strcasecmp(name, "link") && !w->canonical->len) {
			const char *href = tc_html_attr(n, "href");
			if (href && rel_has(tc_html_attr(n, "rel"), "canonical") &&
			    tc_buf_append_str(w->canonical, href) != TC_OK)
				tc_buf_reset(w->canonical);
		}
		if (depth < 256)
			visit(w, n->children, depth + 1);
	}
}

void tc_links_of_doc(const tc_html_doc *d, tc_link_cb cb, void *ctx, tc_buf *base,
		     tc_buf *canonical)
{
	tc_buf_reset(base);
	tc_buf_reset(canonical);
	walk w = {cb, ctx, base, canonical, 0, 0};
	visit(&w, xmlDocGetRootElement(tc_extract_doc_xml(d)), 0);
}
