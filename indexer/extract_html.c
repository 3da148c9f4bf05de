/* extract_html.c - article fields from an HTML page with libxml2; see extract_html.h. */
#include "extract_html.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <string.h>
#include <strings.h>

#include "tc_banned.h"

#define FIELD_MAX (8u << 20)

void tc_extracted_init(tc_extracted *x)
{
	tc_buf *f[] = {&x->url, &x->title, &x->summary, &x->body, &x->date, &x->source};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		tc_buf_init(f[i], FIELD_MAX);
}

void tc_extracted_release(tc_extracted *x)
{
	tc_buf *f[] = {&x->url, &x->title, &x->summary, &x->body, &x->date, &x->source};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		tc_buf_release(f[i]);
}

static int name_is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->name && !strcasecmp((const char *)n->name, name);
}

static const char *attr(const xmlNode *n, const char *name)
{
	for (const xmlAttr *a = n->properties; a; a = a->next) {
		if (a->name && !strcasecmp((const char *)a->name, name) && a->children &&
		    a->children->content)
			return (const char *)a->children->content;
	}
	return NULL;
}

static int skipped(const xmlNode *n)
{
	static const char *const skip[] = {"script", "style", "nav", "header", "footer", "aside",
					   "form", "noscript", "iframe", "svg", "button", "select",
					   "template", "time", "figure"};
	for (size_t i = 0; i < sizeof skip / sizeof skip[0]; i++)
		if (name_is(n, skip[i]))
			return 1;
	const char *cls = attr(n, "class");
	return cls && (strstr(cls, "sapo") || strstr(cls, "related") || strstr(cls, "share") ||
		       strstr(cls, "comment") || strstr(cls, "breadcrumb"));
}

static int is_block(const xmlNode *n)
{
	static const char *const blocks[] = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li",
					     "blockquote", "section", "article", "br", "tr", "table",
					     "ul", "ol", "pre", "figcaption", "main", "td"};
	for (size_t i = 0; i < sizeof blocks / sizeof blocks[0]; i++)
		if (name_is(n, blocks[i]))
			return 1;
	return 0;
}

/* Append s with runs of white space folded to one space. */
static tc_status append_text(tc_buf *b, const char *s)
{
	tc_status st = TC_OK;
	for (; *s && st == TC_OK; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
			if (b->len && b->data[b->len - 1] != ' ' && b->data[b->len - 1] != '\n')
				st = tc_buf_append_char(b, ' ');
		} else {
			st = tc_buf_append_char(b, (char)c);
		}
	}
	return st;
}

static tc_status end_block(tc_buf *b)
{
	while (b->len && b->data[b->len - 1] == ' ')
		b->len--;
	if (b->data)
		b->data[b->len] = '\0';
	if (b->len && b->data[b->len - 1] != '\n')
		return tc_buf_append_char(b, '\n');
	return TC_OK;
}

static tc_status collect(const xmlNode *n, tc_buf *b, const char *title, int depth)
{
	tc_status st = TC_OK;
	if (depth > 200)
		return TC_OK;
	for (; n && st == TC_OK; n = n->next) {
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if (n->content)
				st = append_text(b, (const char *)n->content);
			continue;
		}
		if (n->type != XML_ELEMENT_NODE || skipped(n))
			continue;
		if (name_is(n, "h1") && title) {
			xmlChar *t = xmlNodeGetContent(n);
			int same = t && strstr(title, (const char *)t) != NULL;
			xmlFree(t);
			if (same)
				continue;
		}
		int block = is_block(n);
		if (block)
			st = end_block(b);
		if (st == TC_OK)
			st = collect(n->children, b, title, depth + 1);
		if (st == TC_OK && block)
			st = end_block(b);
	}
	return st;
}

static const xmlNode *find_first(const xmlNode *n, const char *name, int depth)
{
	for (; n && depth < 200; n = n->next) {
		if (name_is(n, name))
			return n;
		if (n->type == XML_ELEMENT_NODE && !skipped(n)) {
			const xmlNode *r = find_first(n->children, name, depth + 1);
			if (r)
				return r;
		}
	}
	return NULL;
}

static tc_status set_text(tc_buf *b, const char *s)
{
	tc_buf_reset(b);
	tc_status st = append_text(b, s);
	while (b->len && b->data[b->len - 1] == ' ')
		b->data[--b->len] = '\0';
	return st;
}

static tc_status read_head(const xmlNode *n, tc_extracted *x, tc_buf *doc_title, int depth)
{
	tc_status st = TC_OK;
	for (; n && st == TC_OK && depth < 50; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (name_is(n, "meta")) {
			const char *key = attr(n, "property");
			if (!key)
				key = attr(n, "name");
			if (!key)
				key = attr(n, "itemprop");
			const char *content = attr(n, "content");
			if (!key || !content)
				continue;
			if (!strcasecmp(key, "og:title"))
				st = set_text(&x->title, content);
			else if (!strcasecmp(key, "og:description") ||
				 (!strcasecmp(key, "description") && !x->summary.len))
				st = set_text(&x->summary, content);
			else if (!strcasecmp(key, "article:published_time") ||
				 (!x->date.len && (!strcasecmp(key, "datePublished") ||
						   !strcasecmp(key, "pubdate") || !strcasecmp(key, "date"))))
				st = set_text(&x->date, content);
			else if (!strcasecmp(key, "og:url") && !x->url.len)
				st = set_text(&x->url, content);
			else if (!strcasecmp(key, "og:site_name") && !x->source.len)
				st = set_text(&x->source, content);
		} else if (name_is(n, "link")) {
			const char *rel = attr(n, "rel");
			const char *href = attr(n, "href");
			if (rel && href && !strcasecmp(rel, "canonical"))
				st = set_text(&x->url, href);
		} else if (name_is(n, "title") && !doc_title->len) {
			xmlChar *t = xmlNodeGetContent(n);
			if (t)
				st = set_text(doc_title, (const char *)t);
			xmlFree(t);
		} else if (!name_is(n, "body")) {
			st = read_head(n->children, x, doc_title, depth + 1);
		}
	}
	return st;
}

/* "Headline - Site name" -> "Headline", for the common separators. */
static void strip_site_suffix(tc_buf *t)
{
	static const char *const seps[] = {" - ", " | ", " – ", " — "};
	for (size_t i = 0; i < sizeof seps / sizeof seps[0]; i++) {
		const char *last = NULL, *p = t->data;
		while (p && (p = strstr(p, seps[i])) != NULL) {
			last = p;
			p += strlen(seps[i]);
		}
		if (last && last - t->data >= 10) {
			t->len = (size_t)(last - t->data);
			t->data[t->len] = '\0';
			return;
		}
	}
}

static int declares_charset(const char *html, size_t n)
{
	size_t lim = n < 4096 ? n : 4096;
	for (size_t i = 0; i + 8 <= lim; i++)
		if (!strncasecmp(html + i, "charset=", 8) ||
		    (i + 9 <= lim && !strncasecmp(html + i, "encoding=", 9)))
			return 1;
	return 0;
}

tc_status tc_extract_html(const char *html, size_t n, tc_extracted *x)
{
	if (n > (size_t)0x7fffffff)
		return TC_ERR_TOO_BIG;
	/* Without a declaration libxml2 assumes ISO-8859-1; the web today is
	 * UTF-8, so say so unless the page says otherwise. */
	const char *enc = declares_charset(html, n) ? NULL : "UTF-8";
	htmlDocPtr doc = htmlReadMemory(html, (int)n, NULL, enc,
					HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
						HTML_PARSE_NONET | HTML_PARSE_COMPACT);
	if (!doc)
		return TC_ERR_INVALID;
	xmlNode *root = xmlDocGetRootElement(doc);
	if (!root) {
		xmlFreeDoc(doc);
		return TC_ERR_INVALID;
	}
	tc_buf doc_title;
	tc_buf_init(&doc_title, FIELD_MAX);
	tc_status st = read_head(root, x, &doc_title, 0);
	const xmlNode *body = find_first(root, "body", 0);
	const xmlNode *main = NULL;
	if (body) {
		main = find_first(body->children, "article", 0);
		if (!main)
			main = find_first(body->children, "main", 0);
	}
	if (st == TC_OK && !x->title.len) {
		const xmlNode *h1 = find_first(main ? main : body, "h1", 0);
		if (h1) {
			xmlChar *t = xmlNodeGetContent(h1);
			if (t)
				st = set_text(&x->title, (const char *)t);
			xmlFree(t);
		}
	}
	if (st == TC_OK && !x->title.len && doc_title.len) {
		st = set_text(&x->title, doc_title.data);
		strip_site_suffix(&x->title);
	}
	if (st == TC_OK && !x->date.len) {
		const xmlNode *t = find_first(root, "time", 0);
		const char *dt = t ? attr(t, "datetime") : NULL;
		if (dt)
			st = set_text(&x->date, dt);
	}
	if (st == TC_OK && x->date.len > 10) {
		x->date.len = 10; /* keep YYYY-MM-DD of an ISO 8601 time */
		x->date.data[10] = '\0';
	}
	if (st == TC_OK) {
		const xmlNode *from = main ? main->children : body ? body->children : NULL;
		st = collect(from, &x->body, x->title.data, 0);
		while (st == TC_OK && x->body.len && (x->body.data[x->body.len - 1] == '\n'))
			x->body.data[--x->body.len] = '\0';
	}
	tc_buf_release(&doc_title);
	xmlFreeDoc(doc);
	return st;
}
