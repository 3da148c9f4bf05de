/*
 * feed.c - RSS, Atom and sitemap discovery documents; see feed.h.
 *
 * A SAX2 push parser feeds a small state machine: the root element fixes
 * the kind, an entry element (<item>, <entry>, <url>, <sitemap>) opens an
 * entry, and the elements of interest inside it collect their text into
 * capped buffers.  When the entry closes (or the next one opens, or the
 * document ends early) the fields are trimmed, stripped of HTML, resolved
 * and handed to the callback.  No tree is ever built.
 *
 * Entity safety does not depend on libxml2's defaults: the SAX handler has
 * no entityDecl, so a DTD cannot declare anything, getEntity knows only
 * the five predefined entities, resolveEntity refuses every external
 * resource, and the options never include NOENT, DTDLOAD or HUGE.
 */
#include "feed.h"

#include <libxml/HTMLparser.h>
#include <libxml/entities.h>
#include <libxml/parser.h>
#include <libxml/uri.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "tc_buf.h"
#include "tc_date.h"
#include "vn_text.h"
#include "tc_ascii.h"
#include "tc_banned.h"

#define NS_ATOM "http://www.w3.org/2005/Atom"
#define NS_ATOM03 "http://purl.org/atom/ns#"
#define NS_RSS10 "http://purl.org/rss/1.0/"
#define NS_RSS09 "http://my.netscape.com/rdf/simple/0.9/"
#define NS_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define NS_CONTENT "http://purl.org/rss/1.0/modules/content/"
#define NS_DC "http://purl.org/dc/elements/1.1/"
#define NS_NEWS "http://www.google.com/schemas/sitemap-news/0.9"
#define NS_XML "http://www.w3.org/XML/1998/namespace"

/* Raw text collected per field before trimming and HTML stripping. */
#define RAW_TEXT_MAX ((size_t)1 << 20)
#define RAW_URL_MAX (TC_FEED_MAX_URL * 2)
#define RAW_DATE_MAX ((size_t)256)
/* Deepest element whose xml:base is honoured (libxml2 stops at 256). */
#define BASE_DEPTH 300
#define CHUNK ((size_t)64 << 10)

typedef enum field {
	F_URL,     /* <link>, <loc>, Atom link href */
	F_GUID,    /* RSS <guid> */
	F_TITLE,   /* <title>, <news:title> */
	F_SUMMARY, /* <description>, Atom <summary> */
	F_CONTENT, /* <content:encoded>, Atom <content>: summary fallback */
	F_DATE,    /* <pubDate>, <published>, <news:publication_date> */
	F_DATE2,   /* <dc:date>, <updated>, <lastmod>: date fallback */
	F_COUNT,
	F_NONE = F_COUNT
} field;

typedef struct slot {
	tc_buf raw;
	int done;  /* the element closed: the text is complete */
	int over;  /* text past the cap was dropped */
	int html;  /* the text is HTML to reduce to plain text */
} slot;

typedef struct parser {
	xmlParserCtxtPtr ctxt;
	const char *base_url;
	tc_feed_cb cb;
	void *ctx;
	tc_feed_info *info;
	int depth;       /* depth of the innermost open element (root: 1) */
	int saw_root;
	const char *ns;  /* namespace of the entry elements and their fields */
	int ns_none_ok;  /* fields may also be in no namespace */
	int in_entry, entry_depth;
	field cur;       /* field collecting text, F_NONE when none */
	int cur_depth;
	int guid_perma;  /* the guid's isPermaLink is not "false" */
	slot f[F_COUNT];
	char *base[BASE_DEPTH + 1]; /* xml:base set at that depth, or NULL */
	tc_buf tmp, out;            /* scratch for URL and text cleaning */
	char abuf[RAW_URL_MAX];     /* scratch for an attribute value */
	tc_status st;               /* sticky: first failure (NOMEM) */
	int stopped;                /* the callback asked to stop */
	char first_err[200];
	int first_err_line;
} parser;

static const size_t slot_cap[F_COUNT] = {
	[F_URL] = RAW_URL_MAX, [F_GUID] = RAW_URL_MAX, [F_TITLE] = RAW_TEXT_MAX,
	[F_SUMMARY] = RAW_TEXT_MAX, [F_CONTENT] = RAW_TEXT_MAX, [F_DATE] = RAW_DATE_MAX,
	[F_DATE2] = RAW_DATE_MAX,
};

/* ---- small helpers ------------------------------------------------------ */

static int streq(const xmlChar *a, const char *b)
{
	return a && !strcmp((const char *)a, b);
}

/* Length of the white space (ASCII or U+00A0) at s[0..n), 0 when none. */
static size_t ws_len(const char *s, size_t n)
{
	if (n >= 1 && tc_ascii_isspace((unsigned char)s[0]))
		return 1;
	if (n >= 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0)
		return 2;
	return 0;
}

/* The largest k <= max such that s[0..k) ends on a UTF-8 boundary. */
static size_t utf8_cut(const char *s, size_t n, size_t max)
{
	if (n <= max)
		return n;
	size_t k = max;
	while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
		k--;
	return k;
}

/*
 * Append s[0..n) to out with leading and trailing white space removed,
 * inner runs (and control characters) collapsed into one space, and bytes
 * that are not UTF-8 replaced by U+FFFD (libxml2 passes them on when it
 * recovers from a document that lies about its encoding); stops before
 * out would pass cap bytes, on a character boundary.
 */
static tc_status append_collapsed(tc_buf *out, const char *s, size_t n, size_t cap)
{
	static const char fffd[] = "\xEF\xBF\xBD";
	int pending = 0;
	for (size_t i = 0; i < n;) {
		size_t w = ws_len(s + i, n - i);
		int32_t cp = 0;
		size_t k = w ? w : vn_utf8_decode((const unsigned char *)s + i, n - i, &cp);
		if (w || cp < 0x20 || cp == 0x7f) {
			pending = out->len > 0;
			i += k;
			continue;
		}
		const char *piece = s + i;
		size_t plen = k;
		if (cp == 0xFFFD && !(k == 3 && (unsigned char)s[i] == 0xEF)) { /* not a real U+FFFD */
			piece = fffd;
			plen = 3;
		}
		if (out->len + (size_t)pending + plen > cap)
			break;
		tc_status st = pending ? tc_buf_append_char(out, ' ') : TC_OK;
		if (st == TC_OK)
			st = tc_buf_append(out, piece, plen);
		if (st != TC_OK)
			return st;
		pending = 0;
		i += k;
	}
	return TC_OK;
}

/* ---- HTML to text ------------------------------------------------------- */

static int html_block(const char *name)
{
	static const char *const blocks[] = {"br", "p", "div", "li", "ul", "ol", "tr", "td",
					     "th", "h1", "h2", "h3", "h4", "h5", "h6",
					     "blockquote", "table", "section", "article", "hr",
					     "dd", "dt", "figure", "figcaption"};
	for (size_t i = 0; i < sizeof blocks / sizeof blocks[0]; i++)
		if (!strcasecmp(name, blocks[i]))
			return 1;
	return 0;
}

static tc_status html_walk(tc_buf *b, const xmlNode *n, int depth)
{
	for (; n; n = n->next) {
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if (n->content) {
				tc_status st = tc_buf_append_str(b, (const char *)n->content);
				if (st != TC_OK)
					return st;
			}
		} else if (n->type == XML_ELEMENT_NODE && n->name) {
			const char *name = (const char *)n->name;
			if (!strcasecmp(name, "script") || !strcasecmp(name, "style") ||
			    !strcasecmp(name, "noscript"))
				continue;
			int block = html_block(name);
			tc_status st = block ? tc_buf_append_char(b, ' ') : TC_OK;
			if (st == TC_OK && depth < 256)
				st = html_walk(b, n->children, depth + 1);
			if (st == TC_OK && block)
				st = tc_buf_append_char(b, ' ');
			if (st != TC_OK)
				return st;
		}
	}
	return TC_OK;
}

/*
 * The plain text of s[0..n) into out (reset first), collapsed and cut to
 * cap.  When html is set and the text holds markup or a character
 * reference, it is parsed as an HTML fragment and its text taken.
 */
static tc_status clean_text(parser *p, const char *s, size_t n, int html, size_t cap,
			    tc_buf *out)
{
	tc_buf_reset(out);
	if (html && n && n <= (size_t)0x7fffffff && (memchr(s, '<', n) || memchr(s, '&', n))) {
		htmlDocPtr doc = htmlReadMemory(s, (int)n, NULL, "UTF-8",
						HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
							HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
		if (doc) {
			tc_buf_reset(&p->tmp);
			tc_status st = html_walk(&p->tmp, xmlDocGetRootElement(doc), 0);
			xmlFreeDoc(doc);
			if (st == TC_ERR_NOMEM)
				return st;
			if (st == TC_OK)
				return append_collapsed(out, p->tmp.data ? p->tmp.data : "",
							p->tmp.len, cap);
		}
		/* Unparseable or oversized: fall back to the raw text. */
	}
	return append_collapsed(out, s, n, cap);
}

/* ---- URLs --------------------------------------------------------------- */

/* Is u an absolute http(s) URL with a host? */
static int is_http_url(const char *u)
{
	size_t k;
	if (!strncasecmp(u, "http://", 7))
		k = 7;
	else if (!strncasecmp(u, "https://", 8))
		k = 8;
	else
		return 0;
	return u[k] != '\0' && u[k] != '/' && u[k] != '?' && u[k] != '#';
}

/*
 * Resolve the raw URL text s[0..n) against base (may be NULL) into out.
 * Surrounding white space is dropped and tabs and newlines inside are
 * removed (as browsers do); bytes that may not appear in a URI (spaces,
 * non-ASCII, a few ASCII signs) are percent-encoded first, so Vietnamese
 * slugs survive.  1 with an absolute http(s) URL in out, 0 otherwise,
 * -1 when out of memory.
 */
static int resolve_url(parser *p, const char *s, size_t n, const char *base, tc_buf *out)
{
	static const char hex[] = "0123456789ABCDEF";
	while (n && tc_ascii_isspace((unsigned char)*s))
		s++, n--;
	while (n && tc_ascii_isspace((unsigned char)s[n - 1]))
		n--;
	if (!n)
		return 0;
	tc_buf_reset(&p->tmp);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		tc_status st;
		if (c == '\t' || c == '\n' || c == '\r')
			continue;
		if (c < 0x20 || c == 0x7f)
			return 0;
		int lone_pct = c == '%' && !(i + 2 < n && tc_ascii_isxdigit((unsigned char)s[i + 1]) &&
						tc_ascii_isxdigit((unsigned char)s[i + 2]));
		if (c == ' ' || c >= 0x80 || lone_pct || strchr("\"<>\\^`{|}", c)) {
			char esc[3] = {'%', hex[c >> 4], hex[c & 15]};
			st = tc_buf_append(&p->tmp, esc, 3);
		} else {
			st = tc_buf_append_char(&p->tmp, (char)c);
		}
		if (st != TC_OK)
			return st == TC_ERR_NOMEM ? -1 : 0;
	}
	xmlChar *abs = xmlBuildURI((const xmlChar *)p->tmp.data, (const xmlChar *)base);
	if (!abs)
		return 0;
	size_t len = strlen((const char *)abs);
	int ok = len <= TC_FEED_MAX_URL && is_http_url((const char *)abs);
	tc_buf_reset(out);
	if (ok && tc_buf_append(out, abs, len) != TC_OK)
		ok = -1;
	xmlFree(abs);
	return ok;
}

/* The base URI in scope at the current depth. */
static const char *cur_base(const parser *p)
{
	int d = p->depth < BASE_DEPTH ? p->depth : BASE_DEPTH;
	for (; d >= 0; d--)
		if (p->base[d])
			return p->base[d];
	return p->base_url;
}

/* ---- entries ------------------------------------------------------------ */

static void entry_reset(parser *p)
{
	for (int i = 0; i < F_COUNT; i++) {
		tc_buf_reset(&p->f[i].raw);
		p->f[i].done = p->f[i].over = p->f[i].html = 0;
	}
	p->cur = F_NONE;
	p->guid_perma = 1;
}

static void fail(parser *p, tc_status st)
{
	if (p->st == TC_OK)
		p->st = st;
	xmlStopParser(p->ctxt);
}

static const char *raw_of(const parser *p, field f)
{
	return p->f[f].done && p->f[f].raw.data ? p->f[f].raw.data : NULL;
}

/* Hand the open entry to the callback (or count it as skipped). */
static void entry_emit(parser *p)
{
	p->in_entry = 0;
	p->cur = F_NONE;
	if (p->st != TC_OK || p->stopped)
		return;
	tc_buf url, title, summary;
	tc_buf_init(&url, TC_FEED_MAX_URL);
	tc_buf_init(&title, TC_FEED_MAX_TITLE);
	tc_buf_init(&summary, TC_FEED_MAX_SUMMARY);
	/* URLs were resolved when their element closed (F_URL, F_GUID). */
	const char *u = p->f[F_URL].done && !p->f[F_URL].over ? raw_of(p, F_URL) : NULL;
	if ((!u || !*u) && p->guid_perma && p->f[F_GUID].done && !p->f[F_GUID].over)
		u = raw_of(p, F_GUID);
	if (!u || !*u || p->info->entries >= TC_FEED_MAX_ENTRIES) {
		p->info->skipped++;
		goto out;
	}
	tc_status st = tc_buf_append_str(&url, u);
	const slot *t = &p->f[F_TITLE];
	if (st == TC_OK && t->done)
		st = clean_text(p, t->raw.data ? t->raw.data : "", t->raw.len, t->html,
				TC_FEED_MAX_TITLE, &title);
	const slot *s = p->f[F_SUMMARY].done && p->f[F_SUMMARY].raw.len ? &p->f[F_SUMMARY]
									: &p->f[F_CONTENT];
	if (st == TC_OK && s->done)
		st = clean_text(p, s->raw.data ? s->raw.data : "", s->raw.len, s->html,
				TC_FEED_MAX_SUMMARY, &summary);
	if (st != TC_OK) {
		fail(p, st);
		goto out;
	}
	tc_feed_entry e;
	memset(&e, 0, sizeof e);
	e.url = url.data;
	e.title = title.data ? title.data : "";
	e.summary = summary.data ? summary.data : "";
	e.is_sitemap = p->info->kind == TC_FEED_SITEMAP_INDEX;
	for (field f = F_DATE; f <= F_DATE2; f++) {
		const slot *d = &p->f[f];
		if (d->done && !d->over && tc_feed_date(d->raw.data ? d->raw.data : "", d->raw.len,
							e.date))
			break;
	}
	p->info->entries++;
	if (p->cb(p->ctx, &e)) {
		p->stopped = 1;
		xmlStopParser(p->ctxt);
	}
out:
	tc_buf_release(&url);
	tc_buf_release(&title);
	tc_buf_release(&summary);
}

/* ---- SAX handlers ------------------------------------------------------- */

/* Is the element (name, uri) the given name in the document's own
 * vocabulary (its entry namespace, or no namespace where allowed)? */
static int is_own(const parser *p, const xmlChar *name, const xmlChar *uri, const char *want)
{
	if (!streq(name, want))
		return 0;
	if (!uri)
		return p->ns_none_ok || !p->ns;
	return p->ns && !strcmp((const char *)uri, p->ns);
}

/* Value of attribute (name, in namespace uri or none) as a NUL-terminated
 * copy in buf, or NULL when absent or too long.  The "&#38;" that libxml2
 * leaves for '&' when entities are not substituted is turned back. */
static const char *attr(const xmlChar **attrs, int nattr, const char *name, const char *uri,
			char *buf, size_t cap)
{
	for (int i = 0; i < nattr; i++) {
		const xmlChar **a = attrs + 5 * i;
		if (!streq(a[0], name))
			continue;
		if (uri ? !streq(a[2], uri) : a[2] != NULL)
			continue;
		size_t len = (size_t)(a[4] - a[3]), k = 0;
		const char *v = (const char *)a[3];
		for (size_t j = 0; j < len; j++) {
			if (k + 1 >= cap)
				return NULL;
			if (len - j >= 5 && !memcmp(v + j, "&#38;", 5)) {
				buf[k++] = '&';
				j += 4;
			} else {
				buf[k++] = v[j];
			}
		}
		buf[k] = '\0';
		return buf;
	}
	return NULL;
}

static tc_feed_kind kind_of_root(parser *p, const xmlChar *name, const xmlChar *uri)
{
	const char *u = (const char *)uri;
	if (streq(name, "rss")) {
		p->ns = u;
		return TC_FEED_RSS;
	}
	if (streq(name, "RDF") && streq(uri, NS_RDF)) {
		p->ns = NS_RSS10; /* or 0.9: see on_start */
		p->ns_none_ok = 1;
		return TC_FEED_RSS;
	}
	if (streq(name, "feed") && (!u || !strcmp(u, NS_ATOM) || !strcmp(u, NS_ATOM03))) {
		p->ns = u;
		return TC_FEED_ATOM;
	}
	if (streq(name, "urlset") || streq(name, "sitemapindex")) {
		p->ns = u;
		p->ns_none_ok = 1;
		return streq(name, "urlset") ? TC_FEED_SITEMAP : TC_FEED_SITEMAP_INDEX;
	}
	return TC_FEED_UNKNOWN;
}

static const char *entry_name(tc_feed_kind k)
{
	switch (k) {
	case TC_FEED_RSS: return "item";
	case TC_FEED_ATOM: return "entry";
	case TC_FEED_SITEMAP: return "url";
	case TC_FEED_SITEMAP_INDEX: return "sitemap";
	case TC_FEED_UNKNOWN: break;
	}
	return "";
}

/* Which field, if any, the element (name, uri) at the current depth fills. */
static field field_of(parser *p, const xmlChar *name, const xmlChar *uri, const xmlChar **attrs,
		      int nattr)
{
	int child = p->depth == p->entry_depth + 1; /* direct child of the entry */
	char v[32];
	switch (p->info->kind) {
	case TC_FEED_RSS:
		if (child && is_own(p, name, uri, "link"))
			return F_URL;
		if (child && is_own(p, name, uri, "guid")) {
			const char *pl = attr(attrs, nattr, "isPermaLink", NULL, v, sizeof v);
			p->guid_perma = !(pl && !strcasecmp(pl, "false"));
			return F_GUID;
		}
		if (child && is_own(p, name, uri, "title"))
			return F_TITLE;
		if (child && is_own(p, name, uri, "description"))
			return F_SUMMARY;
		if (child && is_own(p, name, uri, "pubDate"))
			return F_DATE;
		if (child && streq(name, "encoded") && streq(uri, NS_CONTENT))
			return F_CONTENT;
		if (child && streq(name, "date") && streq(uri, NS_DC))
			return F_DATE2;
		break;
	case TC_FEED_ATOM:
		if (!child)
			break;
		if (is_own(p, name, uri, "title") || is_own(p, name, uri, "summary") ||
		    is_own(p, name, uri, "content")) {
			const char *type = attr(attrs, nattr, "type", NULL, v, sizeof v);
			/* text (default) is plain; html is escaped markup; xhtml is
			 * inline elements whose text the SAX walk collects. */
			int html = type && (!strcasecmp(type, "html") || !strcasecmp(type, "text/html"));
			field f = streq(name, "title") ? F_TITLE
				  : streq(name, "summary") ? F_SUMMARY : F_CONTENT;
			if (!p->f[f].done)
				p->f[f].html = html;
			return f;
		}
		if (is_own(p, name, uri, "published") || is_own(p, name, uri, "issued"))
			return F_DATE;
		if (is_own(p, name, uri, "updated") || is_own(p, name, uri, "modified"))
			return F_DATE2;
		break;
	case TC_FEED_SITEMAP:
		if (streq(uri, NS_NEWS) && streq(name, "publication_date"))
			return F_DATE;
		if (streq(uri, NS_NEWS) && streq(name, "title"))
			return F_TITLE;
		/* fall through */
	case TC_FEED_SITEMAP_INDEX:
		if (child && is_own(p, name, uri, "loc"))
			return F_URL;
		if (child && is_own(p, name, uri, "lastmod"))
			return F_DATE2;
		break;
	case TC_FEED_UNKNOWN:
		break;
	}
	return F_NONE;
}

/* An Atom <link>: the first with rel="alternate" or no rel gives the URL. */
static void atom_link(parser *p, const xmlChar **attrs, int nattr)
{
	slot *s = &p->f[F_URL];
	if (s->done)
		return;
	char rel[64];
	const char *r = attr(attrs, nattr, "rel", NULL, rel, sizeof rel);
	const char *h = attr(attrs, nattr, "href", NULL, p->abuf, sizeof p->abuf);
	if (h && (!r || !strcasecmp(r, "alternate") ||
		  !strcasecmp(r, "http://www.iana.org/assignments/relation/alternate"))) {
		int ok = resolve_url(p, h, strlen(h), cur_base(p), &s->raw);
		if (ok < 0)
			fail(p, TC_ERR_NOMEM);
		else if (ok)
			s->done = 1;
	}
}

/* Record an xml:base on the element now at p->depth. */
static void push_base(parser *p, const xmlChar **attrs, int nattr)
{
	if (p->depth > BASE_DEPTH)
		return;
	const char *b = attr(attrs, nattr, "base", NS_XML, p->abuf, sizeof p->abuf);
	if (b) {
		/* The parent's base, not this element's: p->base[depth] is unset. */
		xmlChar *abs = xmlBuildURI((const xmlChar *)b, (const xmlChar *)cur_base(p));
		if (abs && strlen((const char *)abs) <= TC_FEED_MAX_URL)
			p->base[p->depth] = (char *)abs;
		else
			xmlFree(abs);
	}
}

static void on_text(void *ud, const xmlChar *text, int len);

/*
 * libxml2 2.9 drops every entity reference, even "&amp;", once a document
 * has had a well-formedness error (xmlParseReference returns early when
 * !wellFormed), so in recover mode a single stray '&' would silently eat
 * the '&' of every later URL query.  The error is already counted; saying
 * the document is well-formed again keeps the references that follow.
 */
static void keep_references(parser *p)
{
	if (p->info->errors && p->ctxt)
		p->ctxt->wellFormed = 1;
}

static void on_start(void *ud, const xmlChar *name, const xmlChar *prefix, const xmlChar *uri,
		     int nns, const xmlChar **nss, int nattr, int ndef, const xmlChar **attrs)
{
	(void)prefix, (void)nns, (void)nss, (void)ndef;
	parser *p = ud;
	keep_references(p);
	p->depth++;
	if (p->st != TC_OK || p->stopped)
		return;
	if (nattr)
		push_base(p, attrs, nattr);
	if (!p->saw_root) {
		p->saw_root = 1;
		p->info->kind = kind_of_root(p, name, uri);
		if (p->info->kind == TC_FEED_UNKNOWN)
			xmlStopParser(p->ctxt);
		return;
	}
	tc_feed_kind k = p->info->kind;
	/* RSS 0.90 uses its own namespace under <rdf:RDF>. */
	if (k == TC_FEED_RSS && p->ns && !strcmp(p->ns, NS_RSS10) && streq(uri, NS_RSS09))
		p->ns = NS_RSS09;
	if (is_own(p, name, uri, entry_name(k))) {
		/* An entry inside an entry only happens when recovery left the
		 * previous one open: close it first. */
		if (p->in_entry)
			entry_emit(p);
		entry_reset(p);
		p->in_entry = 1;
		p->entry_depth = p->depth;
		return;
	}
	if (!p->in_entry)
		return;
	if (p->cur != F_NONE) {
		/* Markup inside a field (Atom xhtml): its text is collected by
		 * on_text; a block element separates words. */
		if (html_block((const char *)name))
			on_text(p, (const xmlChar *)" ", 1);
		return;
	}
	if (k == TC_FEED_ATOM && p->depth == p->entry_depth + 1 && is_own(p, name, uri, "link")) {
		atom_link(p, attrs, nattr);
		return;
	}
	field f = field_of(p, name, uri, attrs, nattr);
	if (f == F_NONE || p->f[f].done)
		return;
	if (f == F_SUMMARY || f == F_CONTENT || f == F_TITLE)
		p->f[f].html |= k == TC_FEED_RSS;
	tc_buf_reset(&p->f[f].raw);
	p->f[f].over = 0;
	p->cur = f;
	p->cur_depth = p->depth;
}

static void field_end(parser *p)
{
	field f = p->cur;
	slot *s = &p->f[f];
	p->cur = F_NONE;
	if (f == F_URL || f == F_GUID) {
		tc_buf_init(&p->out, TC_FEED_MAX_URL);
		/* A guid is a link only when it is a full URL by itself. */
		int ok = s->over ? 0
				 : resolve_url(p, s->raw.data ? s->raw.data : "", s->raw.len,
					       f == F_GUID ? NULL : cur_base(p), &p->out);
		if (ok < 0) {
			tc_buf_release(&p->out);
			fail(p, TC_ERR_NOMEM);
			return;
		}
		tc_buf_reset(&s->raw);
		if (ok && tc_buf_append(&s->raw, p->out.data, p->out.len) == TC_OK)
			s->done = 1;
		tc_buf_release(&p->out);
		return;
	}
	s->done = 1;
}

static void on_end(void *ud, const xmlChar *name, const xmlChar *prefix, const xmlChar *uri)
{
	(void)prefix, (void)uri;
	parser *p = ud;
	keep_references(p);
	if (p->st == TC_OK && !p->stopped) {
		if (p->in_entry && p->cur != F_NONE && p->depth <= p->cur_depth)
			field_end(p);
		else if (p->in_entry && p->cur != F_NONE && html_block((const char *)name))
			on_text(p, (const xmlChar *)" ", 1);
		if (p->in_entry && p->depth <= p->entry_depth)
			entry_emit(p);
	}
	if (p->depth >= 0 && p->depth <= BASE_DEPTH && p->base[p->depth]) {
		xmlFree(p->base[p->depth]);
		p->base[p->depth] = NULL;
	}
	if (p->depth > 0)
		p->depth--;
}

static void on_text(void *ud, const xmlChar *text, int len)
{
	parser *p = ud;
	keep_references(p);
	if (p->cur == F_NONE || len <= 0 || p->st != TC_OK || p->stopped)
		return;
	slot *s = &p->f[p->cur];
	if (s->over)
		return;
	size_t n = (size_t)len, room = slot_cap[p->cur] - s->raw.len;
	if (n > room) {
		n = utf8_cut((const char *)text, n, room);
		s->over = 1;
	}
	tc_status st = tc_buf_append(&s->raw, text, n);
	if (st != TC_OK)
		fail(p, st);
}

static xmlEntityPtr on_get_entity(void *ud, const xmlChar *name)
{
	(void)ud;
	return xmlGetPredefinedEntity(name);
}

static xmlEntityPtr on_get_pe(void *ud, const xmlChar *name)
{
	(void)ud, (void)name;
	return NULL;
}

static xmlParserInputPtr on_resolve(void *ud, const xmlChar *public_id, const xmlChar *system_id)
{
	(void)ud, (void)public_id, (void)system_id;
	return NULL;
}

static void on_error(void *ud, xmlErrorPtr e)
{
	parser *p = ud;
	if (!e || e->level < XML_ERR_ERROR)
		return;
	if (p->info->errors++ == 0 && e->message) {
		p->first_err_line = e->line;
		snprintf(p->first_err, sizeof p->first_err, "%s", e->message);
		size_t k = strlen(p->first_err);
		while (k && tc_ascii_isspace((unsigned char)p->first_err[k - 1]))
			p->first_err[--k] = '\0';
	}
}

/* ---- the parse ---------------------------------------------------------- */

const char *tc_feed_kind_name(tc_feed_kind kind)
{
	switch (kind) {
	case TC_FEED_RSS: return "rss";
	case TC_FEED_ATOM: return "atom";
	case TC_FEED_SITEMAP: return "sitemap";
	case TC_FEED_SITEMAP_INDEX: return "sitemapindex";
	case TC_FEED_UNKNOWN: break;
	}
	return "unknown";
}

static void parser_release(parser *p)
{
	for (int i = 0; i < F_COUNT; i++)
		tc_buf_release(&p->f[i].raw);
	for (int d = 0; d <= BASE_DEPTH; d++)
		if (p->base[d])
			xmlFree(p->base[d]);
	tc_buf_release(&p->tmp);
	tc_buf_release(&p->out);
	if (p->ctxt) {
		/* libxml2 keeps the internal subset's declarations in a stand-in
		 * document even in SAX mode ("expat compatibility"); they are
		 * never looked up (getEntity above), only freed. */
		if (p->ctxt->myDoc)
			xmlFreeDoc(p->ctxt->myDoc);
		xmlFreeParserCtxt(p->ctxt);
	}
}

tc_status tc_feed_parse_ex(const char *xml, size_t n, const char *base_url, tc_feed_cb cb,
			   void *ctx, tc_feed_info *info, tc_err *err)
{
	if (!info)
		return tc_err_set(err, TC_ERR_USAGE, "tc_feed_parse: no info");
	memset(info, 0, sizeof *info);
	if ((!xml && n) || !cb)
		return tc_err_set(err, TC_ERR_USAGE, "tc_feed_parse: no document or callback");
	if (n > TC_FEED_MAX_BYTES)
		return tc_err_set(err, TC_ERR_TOO_BIG, "document of %zu bytes, over the %zu-byte cap",
				  n, TC_FEED_MAX_BYTES);
	/* A common generator bug: white space before the XML declaration, which
	 * is a fatal error for XML but harmless to skip. */
	size_t lead = 0;
	while (lead < n && tc_ascii_isspace((unsigned char)xml[lead]))
		lead++;
	if (lead && n - lead >= 5 && !memcmp(xml + lead, "<?xml", 5)) {
		xml += lead;
		n -= lead;
	}

	xmlInitParser();
	xmlSAXHandler sax;
	memset(&sax, 0, sizeof sax);
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = on_start;
	sax.endElementNs = on_end;
	sax.characters = on_text;
	sax.cdataBlock = on_text;
	sax.getEntity = on_get_entity;
	sax.getParameterEntity = on_get_pe;
	sax.resolveEntity = on_resolve;
	sax.serror = on_error;

	parser *p = calloc(1, sizeof *p);
	if (!p)
		return tc_err_set(err, TC_ERR_NOMEM, "out of memory");
	p->base_url = base_url && *base_url ? base_url : NULL;
	p->cb = cb;
	p->ctx = ctx;
	p->info = info;
	p->cur = F_NONE;
	for (int i = 0; i < F_COUNT; i++)
		tc_buf_init(&p->f[i].raw, slot_cap[i]);
	tc_buf_init(&p->tmp, RAW_TEXT_MAX * 4);
	tc_buf_init(&p->out, TC_FEED_MAX_URL);

	int first = n < 4 ? (int)n : 4;
	p->ctxt = xmlCreatePushParserCtxt(&sax, p, xml, first, NULL);
	if (!p->ctxt) {
		parser_release(p);
		free(p);
		return tc_err_set(err, TC_ERR_NOMEM, "cannot create an XML parser");
	}
	xmlCtxtUseOptions(p->ctxt, XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR |
					   XML_PARSE_NOWARNING);
	size_t off = (size_t)first;
	do {
		size_t k = n - off < CHUNK ? n - off : CHUNK;
		int last = off + k == n;
		xmlParseChunk(p->ctxt, xml ? xml + off : NULL, (int)k, last);
		off += k;
	} while (off < n && p->st == TC_OK && !p->stopped && p->ctxt->instate != XML_PARSER_EOF);
	/* The document ended (or broke off) inside an entry. */
	if (p->in_entry && p->st == TC_OK && !p->stopped) {
		if (p->cur != F_NONE)
			p->cur = F_NONE; /* an unfinished field is dropped */
		entry_emit(p);
	}

	tc_status st = p->st;
	if (st != TC_OK) {
		tc_err_set(err, st, "%s", tc_status_str(st));
		info->kind = TC_FEED_UNKNOWN;
	} else if (!p->saw_root) {
		st = tc_err_set(err, TC_ERR_INVALID, "no XML root element%s%s",
				p->first_err[0] ? ": " : "", p->first_err);
	} else if (info->kind == TC_FEED_UNKNOWN) {
		st = tc_err_set(err, TC_ERR_INVALID, "not a feed or sitemap (root element unknown)");
	} else if (info->errors) {
		tc_err_set(err, TC_OK, "%zu XML error%s, the first at line %d: %s", info->errors,
			   info->errors == 1 ? "" : "s", p->first_err_line, p->first_err);
	}
	parser_release(p);
	free(p);
	return st;
}

tc_status tc_feed_parse(const char *xml, size_t n, const char *base_url, tc_feed_cb cb,
			void *ctx, tc_feed_kind *kind, tc_err *err)
{
	if (!kind)
		return tc_err_set(err, TC_ERR_USAGE, "tc_feed_parse: no kind");
	tc_feed_info info;
	tc_status st = tc_feed_parse_ex(xml, n, base_url, cb, ctx, &info, err);
	*kind = st == TC_OK ? info.kind : TC_FEED_UNKNOWN;
	return st;
}

/* ---- dates -------------------------------------------------------------- */

int tc_feed_date(const char *s, size_t n, char out[20])
{
	out[0] = '\0';
	tc_when w;
	/* One reader and one range for every date (common/tc_date.h). */
	if (!tc_date_parse(s, n, TC_DATE_ANY, tc_date_clock(), &w))
		return 0;
	tc_date_format(w.day, out);
	if (w.has_time)
		snprintf(out + 10, 10, "T%02d:%02d", w.h, w.mi);
	return 1;
}
