/*
 * extract_html.c - the article of an HTML page; see extract_html.h.
 *
 * Four passes over one libxml2 tree, each linear in the page:
 *  1. survey: one walk over the whole document collects the metadata
 *     (<meta>, <title>, canonical, JSON-LD scripts) and gives every block
 *     element a record: its text, link text and commas (its own inline text
 *     and its subtree's), its tag and its class/id hints.  Inline elements
 *     that say "date", "author" or "sapo", <time>, h1 and itemprop values are
 *     noted with their position in the text.
 *  2. score (the readability method): every run of inline text with 25
 *     characters or more outside links (a paragraph, or the text between two
 *     <br>) scores 1 + commas + length/100 (at most 3), added
 *     to its container, half to the next one up, less further up; a
 *     container's final score is that sum plus its tag and class weight,
 *     times (1 - link density).  Furniture (nav, footer, aside, classes such
 *     as comment, related, tin-lien-quan, share, menu, banner) neither scores
 *     nor is a candidate, unless it holds most of the page's text.
 *  3. emit: the best container and those of its siblings that score close
 *     to it, in reading order, without the furniture inside them, link-heavy
 *     lists, the title, the sapo, date and byline lines; paragraphs are then
 *     checked one by one (link density, "Tin liên quan"-style headings, a
 *     trailing byline that becomes the author).
 *  4. fields: title, date, summary and author from the metadata and the
 *     notes of pass 1, near the headline (the h1, or the line that shows the
 *     title); front pages and stubs lose their body; XPath hints override.
 *
 * Records live in one array indexed from each element's _private pointer,
 * which libxml2 leaves to applications.  Walks are iterative: a hostile page
 * may nest elements thousands deep.
 *
 * This file holds what every pass uses (tags, class and id hints, records,
 * text helpers), the XPath hints and the whole; passes 1 to 3, the
 * paragraph checks, front pages and stubs are in extract_body.c, the fields
 * of pass 4 in extract_meta.c, JSON-LD in extract_jsonld.c, and what they
 * share in extract_internal.h.
 */
#include "extract_internal.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract_charset.h"
#include "extract_date.h"
#include "vn_text.h"
#include "tc_ascii.h"
#include "html_attr.h"
#include "tc_buf.h"
#include "tc_banned.h"

/* ---- tags ------------------------------------------------------------ */

/* Sorted by name for bsearch; unknown tags are inline. */
static const tag_info tags[] = {
	{"a", K_LINK, 0},
	{"address", K_BLOCK | K_PARA, -3},
	{"applet", K_SKIP, 0},
	{"area", K_SKIP, 0},
	{"article", K_BLOCK | K_ARTICLE, 8},
	{"aside", K_BLOCK | K_BOILER, -5},
	{"audio", K_SKIP, 0},
	{"b", K_BOLD, 0},
	{"blockquote", K_BLOCK, 3},
	{"body", K_BLOCK, 0},
	{"br", K_BR, 0},
	{"button", K_SKIP, 0},
	{"canvas", K_SKIP, 0},
	{"caption", K_BLOCK | K_PARA, 0},
	{"center", K_BLOCK, 0},
	{"datalist", K_SKIP, 0},
	{"dd", K_BLOCK | K_PARA, -3},
	{"details", K_BLOCK, 0},
	{"dialog", K_SKIP, 0},
	{"dir", K_BLOCK | K_LIST, -3},
	{"div", K_BLOCK, 5},
	{"dl", K_BLOCK | K_LIST, -3},
	{"dt", K_BLOCK | K_PARA, -3},
	{"embed", K_SKIP, 0},
	{"fieldset", K_BLOCK, 0},
	{"figcaption", K_BLOCK | K_PARA, 0},
	{"figure", K_BLOCK, 0},
	{"footer", K_BLOCK | K_BOILER | K_PART, -5},
	{"form", K_BLOCK, -3},
	{"frame", K_SKIP, 0},
	{"frameset", K_SKIP, 0},
	{"h1", K_BLOCK | K_HEAD | K_H1 | K_PARA, -5},
	{"h2", K_BLOCK | K_HEAD | K_PARA, -5},
	{"h3", K_BLOCK | K_HEAD | K_PARA, -5},
	{"h4", K_BLOCK | K_HEAD | K_PARA, -5},
	{"h5", K_BLOCK | K_HEAD | K_PARA, -5},
	{"h6", K_BLOCK | K_HEAD | K_PARA, -5},
	{"head", K_HEADEL, 0},
	{"header", K_BLOCK | K_BOILER | K_PART, -5},
	{"hgroup", K_BLOCK, 0},
	{"hr", K_BR, 0},
	{"iframe", K_SKIP, 0},
	{"img", K_SKIP, 0},
	{"input", K_SKIP, 0},
	{"label", K_SKIP, 0},
	{"legend", K_SKIP, 0},
	{"li", K_BLOCK | K_PARA, -3},
	{"link", K_SKIP, 0},
	{"main", K_BLOCK, 5},
	{"map", K_SKIP, 0},
	{"math", K_SKIP, 0},
	{"menu", K_BLOCK | K_LIST | K_BOILER, -3},
	{"meta", K_SKIP, 0},
	{"nav", K_BLOCK | K_BOILER, -5},
	{"noscript", K_SKIP, 0},
	{"object", K_SKIP, 0},
	{"ol", K_BLOCK | K_LIST, -3},
	{"optgroup", K_SKIP, 0},
	{"option", K_SKIP, 0},
	{"p", K_BLOCK | K_PARA, 0},
	{"picture", K_SKIP, 0},
	{"pre", K_BLOCK | K_PARA, 3},
	{"script", K_SKIP, 0},
	{"section", K_BLOCK, 0},
	{"select", K_SKIP, 0},
	{"source", K_SKIP, 0},
	{"strong", K_BOLD, 0},
	{"style", K_SKIP, 0},
	{"summary", K_BLOCK | K_PARA, 0},
	{"svg", K_SKIP, 0},
	{"table", K_BLOCK, 0},
	{"tbody", K_BLOCK | K_WRAP, 0},
	{"td", K_BLOCK | K_CELL, 3},
	{"template", K_SKIP, 0},
	{"textarea", K_SKIP, 0},
	{"tfoot", K_BLOCK | K_WRAP, 0},
	{"th", K_BLOCK | K_CELL, -5},
	{"thead", K_BLOCK | K_WRAP, 0},
	{"time", K_TIME, 0},
	{"title", K_SKIP, 0},
	{"tr", K_BLOCK | K_WRAP, 0},
	{"track", K_SKIP, 0},
	{"ul", K_BLOCK | K_LIST, -3},
	{"video", K_SKIP, 0},
};

static int tag_cmp(const void *key, const void *elem)
{
	return strcmp((const char *)key, ((const tag_info *)elem)->name);
}

static const tag_info inline_tag = {"", 0, 0};

/* libxml2's HTML parser gives element names in lower case. */
const tag_info *ex_tag_of(const xmlNode *n)
{
	if (!n->name)
		return &inline_tag;
	const tag_info *t = bsearch(n->name, tags, sizeof tags / sizeof tags[0], sizeof tags[0], tag_cmp);
	return t ? t : &inline_tag;
}

/* ---- class and id hints ------------------------------------------------ */

enum { M_SUB, M_TOK }; /* substring of the squashed value, or a whole token */

typedef struct cpat {
	const char *s;
	unsigned char how;
	unsigned short flag;
} cpat;

/* Sorted by first letter (the bucket index relies on it). */
static const cpat cpats[] = {
	{"abstract", M_SUB, F_SAPO},    {"ad", M_TOK, F_NEG},          {"ads", M_TOK, F_NEG},
	{"adsbygoogle", M_SUB, F_NEG},  {"adv", M_TOK, F_NEG},         {"advert", M_SUB, F_NEG},
	{"article", M_SUB, F_POS},      {"author", M_SUB, F_AUTHOR},   {"banner", M_SUB, F_NEG},
	{"baiviet", M_SUB, F_POS},      {"binhluan", M_SUB, F_NEG},    {"body", M_SUB, F_POS},
	{"breadcrumb", M_SUB, F_NEG},   {"butdanh", M_SUB, F_AUTHOR},  {"by", M_TOK, F_AUTHOR},
	{"byline", M_SUB, F_AUTHOR},    {"chapeau", M_SUB, F_SAPO},    {"chitiet", M_SUB, F_POS},
	{"comment", M_SUB, F_NEG},      {"content", M_SUB, F_POS},     {"cookie", M_SUB, F_NEG},
	{"copyright", M_SUB, F_NEG},    {"created", M_SUB, F_DATE},    {"cungchuyenmuc", M_SUB, F_NEG},
	{"date", M_SUB, F_DATE},        {"des", M_TOK, F_SAPO},        {"desc", M_TOK, F_SAPO},
	{"description", M_SUB, F_SAPO}, {"detail", M_SUB, F_POS},      {"docnhieu", M_SUB, F_NEG},
	{"docthem", M_SUB, F_NEG},      {"entry", M_SUB, F_POS},       {"excerpt", M_SUB, F_SAPO},
	{"facebook", M_TOK, F_NEG},     {"fb", M_TOK, F_NEG},          {"fck", M_SUB, F_POS},
	{"follow", M_TOK, F_NEG},       {"foot", M_TOK, F_NEG},        {"footer", M_SUB, F_NEG},
	{"hashtag", M_SUB, F_NEG},      {"header", M_SUB, F_WEAK},     {"hotnews", M_SUB, F_NEG},
	{"intro", M_SUB, F_SAPO},       {"keyword", M_SUB, F_NEG},     {"lead", M_TOK, F_SAPO},
	{"lienquan", M_SUB, F_NEG},     {"login", M_SUB, F_NEG},       {"logo", M_SUB, F_NEG},
	{"lq", M_TOK, F_NEG},           {"main", M_SUB, F_POS},        {"masthead", M_SUB, F_WEAK},
	{"menu", M_SUB, F_NEG},         {"modal", M_TOK, F_NEG},       {"mostread", M_SUB, F_NEG},
	{"mostview", M_SUB, F_NEG},     {"nav", M_TOK, F_NEG},         {"navbar", M_SUB, F_NEG},
	{"navigation", M_SUB, F_NEG},   {"newsletter", M_SUB, F_NEG},  {"ngay", M_TOK, F_DATE},
	{"ngaydang", M_SUB, F_DATE},    {"noidung", M_SUB, F_POS},     {"othernews", M_SUB, F_NEG},
	{"outbrain", M_SUB, F_NEG},     {"paging", M_SUB, F_NEG},      {"pagination", M_SUB, F_NEG},
	{"popup", M_SUB, F_NEG},        {"post", M_SUB, F_POS},        {"posted", M_SUB, F_DATE},
	{"print", M_TOK, F_NEG},        {"promo", M_SUB, F_WEAK},      {"pubdate", M_SUB, F_DATE},
	{"publish", M_SUB, F_DATE},     {"quangcao", M_SUB, F_NEG},    {"rating", M_SUB, F_NEG},
	{"relate", M_SUB, F_NEG},       {"right", M_TOK, F_WEAK},      {"rss", M_TOK, F_NEG},
	{"sapo", M_SUB, F_SAPO},        {"search", M_TOK, F_NEG},      {"share", M_SUB, F_NEG},
	{"sharing", M_SUB, F_NEG},      {"sidebar", M_SUB, F_WEAK},    {"social", M_SUB, F_NEG},
	{"sponsor", M_SUB, F_NEG},      {"story", M_SUB, F_POS},       {"subscribe", M_SUB, F_NEG},
	{"summary", M_SUB, F_SAPO},     {"tacgia", M_SUB, F_AUTHOR},   {"taboola", M_SUB, F_NEG},
	{"tag", M_TOK, F_NEG},          {"tags", M_TOK, F_NEG},        {"text", M_TOK, F_POS},
	{"thoigian", M_SUB, F_DATE},    {"time", M_SUB, F_DATE},       {"tinkhac", M_SUB, F_NEG},
	{"tinmoi", M_SUB, F_NEG},       {"tinnoibat", M_SUB, F_NEG},   {"tlq", M_TOK, F_NEG},
	{"tomtat", M_SUB, F_SAPO},      {"toolbar", M_SUB, F_NEG},     {"twitter", M_TOK, F_NEG},
	{"trichyeu", M_SUB, F_SAPO},    {"tomluoc", M_SUB, F_SAPO},
	{"vote", M_TOK, F_NEG},         {"widget", M_SUB, F_NEG},      {"writer", M_SUB, F_AUTHOR},
	{"xemnhieu", M_SUB, F_NEG},     {"xemthem", M_SUB, F_NEG},     {"zalo", M_TOK, F_NEG},
};

#define N_CPATS (sizeof cpats / sizeof cpats[0])

/* The patterns by first letter: order[bucket_start[b] .. bucket_start[b+1]). */
static unsigned char order[N_CPATS], bucket_start[27];
static pthread_once_t bucket_once = PTHREAD_ONCE_INIT;

static void build_buckets(void)
{
	size_t k = 0;
	for (int b = 0; b < 26; b++) {
		bucket_start[b] = (unsigned char)k;
		for (size_t i = 0; i < N_CPATS; i++)
			if (cpats[i].s[0] - 'a' == b)
				order[k++] = (unsigned char)i;
	}
	bucket_start[26] = (unsigned char)k;
}

/* Hints of one class or id value; *weight gets +-25 as readability does. */
unsigned ex_class_hints(const char *v, int *weight)
{
	char sq[160]; /* lower case, letters and digits only */
	size_t nsq = 0;
	size_t tok_start[24], tok_len[24], ntok = 0;
	int in_tok = 0, counted = 0;
	for (const char *p = v; *p && nsq < sizeof sq - 1; p++) {
		unsigned char c = (unsigned char)*p;
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c + 32);
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (!in_tok) {
				counted = ntok < 24;
				if (counted) {
					tok_start[ntok] = nsq;
					tok_len[ntok++] = 0;
				}
				in_tok = 1;
			}
			if (counted)
				tok_len[ntok - 1]++;
			sq[nsq++] = (char)c;
		} else {
			in_tok = 0;
		}
	}
	sq[nsq] = '\0';
	unsigned f = 0;
	for (size_t i = 0; i < nsq; i++) {
		int b = sq[i] - 'a';
		if (b < 0 || b >= 26)
			continue;
		for (size_t k = bucket_start[b]; k < bucket_start[b + 1]; k++) {
			const cpat *pt = &cpats[order[k]];
			if (f & pt->flag)
				continue;
			size_t len = strlen(pt->s);
			if (i + len > nsq || memcmp(sq + i, pt->s, len))
				continue;
			if (pt->how == M_SUB) {
				f |= pt->flag;
				continue;
			}
			for (size_t t = 0; t < ntok; t++)
				if (tok_start[t] == i && tok_len[t] == len)
					f |= pt->flag;
		}
	}
	if (f & F_POS)
		*weight += 25;
	if (f & (F_NEG | F_WEAK))
		*weight -= 25;
	return f;
}

/* ---- records and notes --------------------------------------------------- */

void ex_fail(ex *e, tc_status st)
{
	if (e->st == TC_OK)
		e->st = st;
}

int32_t ex_rec_of(const xmlNode *n)
{
	return n->_private ? (int32_t)((uintptr_t)n->_private - 1) : -1;
}

/* ---- small text helpers ------------------------------------------------- */

/* Append s[0..n) with white space runs (U+00A0 included) folded to one
 * space; *space says a space is owed before the next visible character. */
tc_status ex_append_ws(tc_buf *b, const char *s, size_t n, int *space)
{
	size_t i = 0, run = 0;
	tc_status st = TC_OK;
	while (i < n && st == TC_OK) {
		unsigned char c = (unsigned char)s[i];
		size_t w = tc_ascii_isspace(c) ? 1 : (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) ? 2 : 0;
		if (!w) {
			if (*space && run == i) {
				if (b->len && b->data[b->len - 1] != '\n')
					st = tc_buf_append_char(b, ' ');
				*space = 0;
			}
			i++;
			continue;
		}
		if (i > run)
			st = tc_buf_append(b, s + run, i - run);
		while (i < n) {
			c = (unsigned char)s[i];
			if (tc_ascii_isspace(c))
				i++;
			else if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0)
				i += 2;
			else
				break;
		}
		run = i;
		*space = 1;
	}
	if (st == TC_OK && n > run)
		st = tc_buf_append(b, s + run, n - run);
	return st;
}

void ex_trim_end(tc_buf *b)
{
	while (b->len && (b->data[b->len - 1] == ' ' || b->data[b->len - 1] == '\n'))
		b->data[--b->len] = '\0';
}

/* Set b to s with white space folded and trimmed. */
tc_status ex_set_text(tc_buf *b, const char *s, size_t n)
{
	tc_buf_reset(b);
	int space = 0;
	while (n && tc_ascii_isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	tc_status st = ex_append_ws(b, s, n, &space);
	ex_trim_end(b);
	return st;
}

size_t ex_utf8_chars(const char *s, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += ((unsigned char)s[i] & 0xC0) != 0x80;
	return k;
}

/* Fold (lower case, no diacritics) s into out, which is reset. */
tc_status ex_fold(const char *s, size_t n, tc_buf *out)
{
	tc_buf_reset(out);
	tc_status st = vn_fold_text(s, n, out);
	if (st == TC_OK && !out->data)
		st = tc_buf_append(out, "", 0);
	return st;
}

void ex_walk(xmlNode *root, enter_fn enter, leave_fn leave, void *ctx)
{
	xmlNode *n = root;
	for (;;) {
		int opened = enter(ctx, n);
		if (opened && n->children) {
			n = n->children;
			continue;
		}
		if (opened)
			leave(ctx, n);
		for (;;) {
			if (n == root)
				return;
			if (n->next) {
				n = n->next;
				break;
			}
			n = n->parent;
			if (!n)
				return;
			leave(ctx, n);
		}
	}
}

/* Does a style attribute say display: none? */
int ex_style_hidden(const char *v)
{
	const char *d = strstr(v, "display");
	while (d) {
		const char *q = d + 7;
		while (*q == ' ' || *q == ':')
			q++;
		if (!strncmp(q, "none", 4))
			return 1;
		d = strstr(q, "display");
	}
	return 0;
}

int ex_hidden(const xmlNode *n)
{
	for (const xmlAttr *a = n->properties; a; a = a->next) {
		const char *name = (const char *)a->name;
		if (!name)
			continue;
		if (!strcmp(name, "hidden"))
			return 1;
		if (!strcmp(name, "style") && a->children && a->children->content &&
		    ex_style_hidden((const char *)a->children->content))
			return 1;
	}
	return 0;
}

/* The text of a subtree (scripts and hidden parts left out), white space
 * folded, at most SHORT_TEXT bytes. */
typedef struct textwalk {
	tc_buf *out;
	const xmlNode *root; /* taken even when it is a <title> or <script> */
	int space;
	unsigned budget;     /* nodes left to visit: a huge subtree is cut short */
	tc_status st;
} textwalk;

static int text_enter(void *ctx, xmlNode *n)
{
	textwalk *t = ctx;
	if (t->st != TC_OK || t->out->len >= SHORT_TEXT || t->budget == 0)
		return 0;
	t->budget--;
	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		if (n->content) {
			const char *c = (const char *)n->content;
			size_t len = strlen(c);
			if (len > SHORT_TEXT) { /* cut on a character boundary */
				len = SHORT_TEXT;
				while (len > 0 && ((unsigned char)c[len] & 0xC0) == 0x80)
					len--;
			}
			t->st = ex_append_ws(t->out, c, len, &t->space);
		}
		return 0;
	}
	if (n->type != XML_ELEMENT_NODE)
		return 0;
	const tag_info *ti = ex_tag_of(n);
	if (n != t->root && (ti->kind & K_SKIP || ex_hidden(n)))
		return 0;
	if (ti->kind & (K_BLOCK | K_BR | K_CELL))
		t->space = 1;
	return 1;
}

static void text_leave(void *ctx, xmlNode *n)
{
	textwalk *t = ctx;
	if (ex_tag_of(n)->kind & (K_BLOCK | K_CELL))
		t->space = 1;
}

tc_status ex_node_text(xmlNode *n, tc_buf *out)
{
	tc_buf_reset(out);
	textwalk t = {out, n, 0, 20000, TC_OK};
	if (n->type == XML_ELEMENT_NODE)
		ex_walk(n, text_enter, text_leave, &t);
	else
		text_enter(&t, n);
	ex_trim_end(out);
	if (t.st == TC_OK && !out->data)
		t.st = tc_buf_append(out, "", 0);
	return t.st;
}

/* ---- hints ------------------------------------------------------------------------- */

static void xpath_silent(void *ctx, xmlErrorPtr err)
{
	(void)ctx;
	(void)err;
}

static xmlXPathObject *xpath(xmlXPathContext *c, const char *expr)
{
	if (!expr || !*expr)
		return NULL;
	xmlXPathObject *o = xmlXPathEvalExpression((const xmlChar *)expr, c);
	if (!o)
		return NULL;
	if ((o->type == XPATH_NODESET && o->nodesetval && o->nodesetval->nodeNr > 0) ||
	    (o->type == XPATH_STRING && o->stringval && *o->stringval))
		return o;
	xmlXPathFreeObject(o);
	return NULL;
}

static void apply_hints(ex *e, xmlDoc *doc, const tc_extract_hints *h)
{
	if (!h || (!h->title_xpath && !h->date_xpath && !h->body_xpath))
		return;
	xmlXPathContext *c = xmlXPathNewContext(doc);
	if (!c) {
		ex_fail(e, TC_ERR_NOMEM);
		return;
	}
	c->error = xpath_silent;
	xmlXPathObject *o = xpath(c, h->title_xpath);
	if (o) {
		if (o->type == XPATH_STRING)
			ex_fail(e, ex_set_text(&e->tmp, (const char *)o->stringval,
					    strlen((const char *)o->stringval)));
		else
			ex_fail(e, ex_node_text(o->nodesetval->nodeTab[0], &e->tmp));
		if (e->tmp.len && e->st == TC_OK) {
			ex_fail(e, ex_set_text(&e->x->title, e->tmp.data, e->tmp.len));
			ex_strip_site(e, &e->x->title);
		}
		xmlXPathFreeObject(o);
	}
	o = xpath(c, h->date_xpath);
	if (o) {
		tc_ymd d;
		int found = 0;
		if (o->type == XPATH_STRING) {
			const char *s = (const char *)o->stringval;
			found = tc_date_parse_any(s, strlen(s), &d);
		} else {
			for (int i = 0; i < o->nodesetval->nodeNr && !found; i++)
				found = ex_element_date(e, o->nodesetval->nodeTab[i], 0, &d) == 2;
		}
		if (found)
			ex_set_date(e, d);
		xmlXPathFreeObject(o);
	}
	o = xpath(c, h->body_xpath);
	if (o) {
		tc_buf body;
		tc_buf_init(&body, FIELD_MAX);
		if (o->type == XPATH_STRING) {
			const char *s = (const char *)o->stringval;
			ex_fail(e, ex_set_text(&body, s, strlen(s)));
		} else {
			/* Trust the selection: only scripts, hidden parts and
			 * furniture classes inside it are left out. */
			for (size_t i = 0; i < e->nr; i++)
				e->r[i].flags &= ~(unsigned)F_DROP;
			for (size_t i = 0; i < e->nr; i++)
				if ((e->r[i].flags & F_NEG) && !(e->r[i].flags & F_POS))
					e->r[i].flags |= F_DROP;
			if (e->title_el && ex_rec_of(e->title_el) >= 0)
				e->r[ex_rec_of(e->title_el)].flags |= F_DROP;
			size_t np = e->np;
			for (int i = 0; i < o->nodesetval->nodeNr && e->st == TC_OK; i++) {
				xmlNode *n = o->nodesetval->nodeTab[i];
				if (n->type == XML_ELEMENT_NODE || n->type == XML_TEXT_NODE ||
				    n->type == XML_CDATA_SECTION_NODE) {
					int32_t ri = ex_rec_of(n);
					if (ri >= 0)
						e->r[ri].flags &= ~(unsigned)F_DROP;
					ex_emit(e, n, &body);
				}
			}
			e->np = np;
			ex_trim_end(&body);
		}
		if (body.len && e->st == TC_OK) {
			tc_buf tmp = e->x->body;
			e->x->body = body;
			body = tmp;
		}
		tc_buf_release(&body);
		xmlXPathFreeObject(o);
	}
	xmlXPathFreeContext(c);
}

/* ---- the whole ------------------------------------------------------------------- */

/*
 * Is the decoded page s[0..n) (valid UTF-8) text?  Binary junk decoded in
 * a single-byte charset turns into letters enough to fill an index with
 * garbage terms, but about one byte in eight becomes a C0 or C1 control
 * character or U+FFFD (a byte invalid in that charset), where real pages
 * have none (0 in each of the sample's and ../shared/html's pages; 13% in
 * 20 KB of random bytes).  More than 1% of them, and at least a few, is
 * not a page.  Says why into why[0..cap).
 */
static int page_is_text(const char *s, size_t n, const char *charset, char *why, size_t cap)
{
	size_t chars = 0, bad = 0;
	for (size_t i = 0; i < n; chars++) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp;
		size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
		if (len > n - i)
			len = n - i;
		if (len == 1)
			cp = c;
		else if (len == 2)
			cp = (uint32_t)(c & 0x1F) << 6 | ((unsigned char)s[i + 1] & 0x3F);
		else if (len == 3)
			cp = (uint32_t)(c & 0x0F) << 12 | (uint32_t)((unsigned char)s[i + 1] & 0x3F) << 6 |
			     ((unsigned char)s[i + 2] & 0x3F);
		else
			cp = 0x10000; /* outside every range counted */
		i += len;
		if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r' && cp != '\f') ||
		    (cp >= 0x7F && cp <= 0x9F) || cp == 0xFFFD)
			bad++;
	}
	if (bad < 4 || bad * 100 <= chars)
		return 1;
	snprintf(why, cap,
		 "not text: %zu of its %zu characters (%zu%%) are NUL or other control "
		 "characters, or bytes invalid in its charset (%s); skipped",
		 bad, chars, bad * 100 / chars, charset);
	return 0;
}

void tc_extracted_init(tc_extracted *x)
{
	x->why[0] = '\0';
	tc_buf *f[] = {&x->url, &x->title, &x->summary, &x->body, &x->date, &x->source, &x->author};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		tc_buf_init(f[i], FIELD_MAX);
	x->page = TC_PAGE_UNKNOWN;
	x->signals = 0;
}

void tc_extracted_release(tc_extracted *x)
{
	tc_buf *f[] = {&x->url, &x->title, &x->summary, &x->body, &x->date, &x->source, &x->author};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		tc_buf_release(f[i]);
}

tc_status tc_extract_html(const char *html, size_t n, tc_extracted *x)
{
	return tc_extract_html_hinted(html, n, NULL, NULL, x);
}

tc_status tc_extract_html_charset(const char *html, size_t n, const char *charset, tc_extracted *x)
{
	return tc_extract_html_hinted(html, n, charset, NULL, x);
}

static void ex_release(ex *e)
{
	free(e->r);
	free(e->sp);
	free(e->p);
	tc_buf_release(&e->ld_headline);
	tc_buf_release(&e->ld_desc);
	tc_buf_release(&e->ld_author);
	tc_buf_release(&e->ld_publisher);
	tc_buf_release(&e->byline);
	tc_buf_release(&e->tmp);
	tc_buf_release(&e->fa);
	tc_buf_release(&e->fb);
}

static void extract(ex *e, xmlDoc *doc, xmlNode *root, const tc_extract_hints *hints)
{
	tc_extracted *x = e->x;
	ex_walk(root, ex_survey_enter, ex_survey_leave, e);
	if (e->st != TC_OK)
		return;
	ex_read_json_ld(e);
	const char *url = e->canonical ? e->canonical : e->og_url;
	if (url)
		ex_fail(e, ex_set_text(&x->url, url, strlen(url)));
	const char *src = e->site_name ? e->site_name : e->ld_publisher.len ? e->ld_publisher.data : NULL;
	if (src)
		ex_fail(e, ex_set_text(&x->source, src, strlen(src)));

	ex_exclude(e, 1);
	ex_score(e);
	e->top = ex_best_candidate(e);
	if (e->top < 0) { /* everything looked like furniture: try again without that */
		ex_exclude(e, 0);
		ex_score(e);
		e->top = ex_best_candidate(e);
	}
	ex_choose_h1(e);
	ex_choose_title(e);
	ex_find_title_element(e);
	ex_headline_not_body(e);
	ex_choose_sapo(e);
	ex_choose_roots(e);
	ex_clean(e);
	for (size_t k = 0; k < e->nroots && e->st == TC_OK; k++)
		ex_emit(e, e->r[e->roots[k]].node, &x->body);
	if (e->st != TC_OK)
		return;
	ex_check_paragraphs(e);
	if (e->st != TC_OK)
		return;
	ex_compact_body(e);
	ex_choose_date(e);
	ex_choose_author(e);
	if (e->ld_own_article)
		x->signals |= TC_SIGNAL_JSONLD;
	if (e->pub_time || (e->og_type && !strcasecmp(e->og_type, "article")))
		x->signals |= TC_SIGNAL_OG;
	if (ex_dated_headline(e))
		x->signals |= TC_SIGNAL_DATED_HEADLINE;
	if (e->st != TC_OK)
		return;
	int article_url = hints && hints->article_url;
	if (article_url)
		x->signals |= TC_SIGNAL_URL;
	/* the config's word that the URL is an article's beats the look of a
	 * short page in a shell of many links */
	x->page = x->signals ? TC_PAGE_ARTICLE : TC_PAGE_UNKNOWN;
	if (!article_url && ex_front_page(e, (x->signals & TC_SIGNAL_DATED_HEADLINE) != 0)) {
		tc_buf_reset(&x->body);
		x->page = TC_PAGE_LISTING;
	}
	if ((e->refresh || ex_stub_title(e, &x->title) || ex_stub_doc_title(e)) && x->body.len < STUB_BODY) {
		tc_buf_reset(&x->title);
		tc_buf_reset(&x->body);
		x->page = TC_PAGE_STUB;
	}
	apply_hints(e, doc, hints);
	ex_trim_end(&x->body);
	/* An article whose only text is the lead it shows under its headline
	 * (a video's caption in a sapo): that lead is its body too. */
	if (x->page == TC_PAGE_ARTICLE && !x->body.len && e->summary_from_page && e->st == TC_OK)
		ex_fail(e, ex_set_text(&x->body, x->summary.data, x->summary.len));
}

int tc_extracted_is_article(const tc_extracted *x)
{
	if (!x->title.len)
		return 0;
	if (x->page == TC_PAGE_ARTICLE)
		return x->body.len > 0;
	return x->body.len >= TC_MIN_ARTICLE_BODY;
}

struct tc_html_doc {
	xmlDoc *doc;
	int extracted; /* the extractor's records are in the nodes' _private */
};

tc_status tc_extract_parse(const char *html, size_t n, const char *charset, tc_html_doc **out,
			   char *why, size_t cap)
{
	*out = NULL;
	if (cap)
		why[0] = '\0';
	if (n > (size_t)INT_MAX || n > (SIZE_MAX - 64) / 3)
		return TC_ERR_TOO_BIG;
	tc_buf conv;
	tc_buf_init(&conv, n * 3 + 64);
	const char *utf8;
	size_t len;
	char used[TC_CHARSET_NAME_MAX];
	tc_status st = tc_charset_to_utf8(html, n, charset, &conv, &utf8, &len, used);
	if (st != TC_OK || len > (size_t)INT_MAX || len == 0) {
		tc_buf_release(&conv);
		return st != TC_OK ? st : len ? TC_ERR_TOO_BIG : TC_ERR_INVALID;
	}
	if (!page_is_text(utf8, len, used, why, cap)) {
		tc_buf_release(&conv);
		return TC_ERR_INVALID;
	}
	tc_html_doc *d = calloc(1, sizeof *d);
	if (!d) {
		tc_buf_release(&conv);
		return TC_ERR_NOMEM;
	}
	d->doc = htmlReadMemory(utf8, (int)len, NULL, "UTF-8",
				HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
					HTML_PARSE_NONET | HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC);
	tc_buf_release(&conv);
	if (!d->doc || !xmlDocGetRootElement(d->doc)) {
		tc_extract_doc_free(d);
		return TC_ERR_INVALID;
	}
	*out = d;
	return TC_OK;
}

void tc_extract_doc_free(tc_html_doc *d)
{
	if (!d)
		return;
	if (d->doc)
		xmlFreeDoc(d->doc);
	free(d);
}

struct _xmlDoc *tc_extract_doc_xml(const tc_html_doc *d)
{
	return d->doc;
}

tc_status tc_extract_from_doc(tc_html_doc *d, const tc_extract_hints *hints, tc_extracted *x)
{
	tc_buf *f[] = {&x->url, &x->title, &x->summary, &x->body, &x->date, &x->source, &x->author};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		tc_buf_reset(f[i]);
	x->why[0] = '\0';
	x->page = TC_PAGE_UNKNOWN;
	x->signals = 0;
	if (d->extracted)
		return TC_ERR_USAGE;
	d->extracted = 1;
	pthread_once(&bucket_once, build_buckets);
	ex e = {.x = x, .cur = -1, .body_rec = -1, .top = -1};
	tc_buf *bufs[] = {&e.ld_headline, &e.ld_desc, &e.ld_author, &e.ld_publisher,
			  &e.byline, &e.tmp, &e.fa, &e.fb};
	for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++)
		tc_buf_init(bufs[i], FIELD_MAX);
	extract(&e, d->doc, xmlDocGetRootElement(d->doc), hints);
	tc_status st = e.st;
	ex_release(&e);
	if (st != TC_OK) {
		for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
			tc_buf_reset(f[i]);
		x->page = TC_PAGE_UNKNOWN;
		x->signals = 0;
	}
	return st;
}

tc_status tc_extract_html_hinted(const char *html, size_t n, const char *charset,
				 const tc_extract_hints *hints, tc_extracted *x)
{
	tc_buf *f[] = {&x->url, &x->title, &x->summary, &x->body, &x->date, &x->source, &x->author};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		tc_buf_reset(f[i]);
	x->page = TC_PAGE_UNKNOWN;
	x->signals = 0;
	tc_html_doc *d;
	tc_status st = tc_extract_parse(html, n, charset, &d, x->why, sizeof x->why);
	if (st != TC_OK)
		return st;
	st = tc_extract_from_doc(d, hints, x);
	tc_extract_doc_free(d);
	return st;
}
