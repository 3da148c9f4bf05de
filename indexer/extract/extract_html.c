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
 */
#include "extract_html.h"

#include <json-c/json.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "extract_charset.h"
#include "extract_date.h"
#include "vn_text.h"
#include "tc_ascii.h"
#include "html_attr.h"
#include "tc_buf.h"
#include "tc_banned.h"

#define FIELD_MAX (8u << 20)
#define REC_MAX (1u << 20)     /* block records per page; later blocks count as inline */
#define SPECIAL_MAX 512        /* notes per page */
#define LD_MAX 16              /* JSON-LD scripts read per page */
#define SHORT_TEXT 4096        /* bytes of an element's text read for titles and dates */
#define STUB_BODY 1000         /* a redirect or error page has less body than this */
#define LOOKS_MAX 64           /* candidates read for the h1, the sapo and the title line */
#define TEASER_LINK 20         /* characters of link text that make a headline link */

/* ---- tags ------------------------------------------------------------ */

enum {
	K_SKIP = 1u << 0,   /* holds no readable text: script, style, controls, media */
	K_BLOCK = 1u << 1,  /* breaks the text into paragraphs; gets a record */
	K_LINK = 1u << 2,
	K_HEAD = 1u << 3,   /* h1..h6 */
	K_PARA = 1u << 4,   /* a paragraph of its own: p, li, h2, pre, figcaption... */
	K_LIST = 1u << 5,   /* ul, ol, dl, menu */
	K_BOILER = 1u << 6, /* nav, aside, footer, header, menu */
	K_BR = 1u << 7,     /* br, hr: a line break */
	K_CELL = 1u << 8,   /* td, th: a space, not a paragraph break */
	K_BOLD = 1u << 9,
	K_H1 = 1u << 10,
	K_TIME = 1u << 11,
	K_HEADEL = 1u << 12, /* <head>: walked for its metadata, no text */
	K_WRAP = 1u << 13,   /* tbody, tr and the like: structure, never dropped alone */
	K_PART = 1u << 14,   /* header, footer: furniture of the page, not of an article */
	K_ARTICLE = 1u << 15
};

typedef struct tag_info {
	const char *name;
	unsigned kind;
	int init; /* readability's initial score by tag */
} tag_info;

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
static const tag_info *tag_of(const xmlNode *n)
{
	if (!n->name)
		return &inline_tag;
	const tag_info *t = bsearch(n->name, tags, sizeof tags / sizeof tags[0], sizeof tags[0], tag_cmp);
	return t ? t : &inline_tag;
}

/* ---- class and id hints ------------------------------------------------ */

enum {
	F_NEG = 1u << 0,     /* furniture: comments, related, share, menus, ads... */
	F_WEAK = 1u << 1,    /* probably not content: sidebar, header, right column */
	F_POS = 1u << 2,     /* content, article, detail, fck_detail... */
	F_DATE = 1u << 3,
	F_AUTHOR = 1u << 4,
	F_SAPO = 1u << 5,
	F_INART = 1u << 7,   /* inside an <article> */
	F_EXCL = 1u << 8,    /* inside furniture (pass 2) */
	F_DROP = 1u << 9,    /* left out of the body (pass 3) */
	F_KEEP = 1u << 10,   /* a chosen container (pass 3) */
	F_HEADLINE = 1u << 11 /* the line that shows the title: no paragraph (pass 4) */
};

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
static unsigned class_hints(const char *v, int *weight)
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

typedef struct rec {
	xmlNode *node;
	int32_t parent, end; /* end: index of the last record of the subtree */
	uint32_t pos;        /* visible characters before the element */
	uint32_t own, own_link, own_commas; /* inline text directly inside */
	uint32_t run, run_link, run_commas; /* the current run of it (up to a <br> or block) */
	float own_score;                    /* its runs scored as paragraphs */
	uint32_t text, link, commas, teasers; /* whole subtree */
	uint32_t ctext, clink;                /* subtree without its furniture (pass 2) */
	unsigned kind, flags;
	int weight; /* tag and class */
	float score;
} rec;

enum { SP_H1 = 1, SP_TIME, SP_DATE, SP_PUBPROP, SP_AUTHOR, SP_SAPO };

typedef struct special {
	xmlNode *node;
	uint32_t pos;
	int32_t rec; /* the innermost record around it (or itself) */
	int what;
} special;

typedef struct para {
	size_t off, len;
	uint32_t chars, link, bold;
	unsigned char heading, right, drop;
} para;

typedef struct ex {
	tc_extracted *x;
	tc_status st; /* sticky: once an allocation fails, everything stops */

	rec *r;
	size_t nr, rcap;
	special *sp;
	size_t nsp, spcap;
	int32_t cur;  /* innermost open record */
	int a_depth;  /* open <a> elements */
	uint32_t a_start, pos;

	/* metadata (pointers into the document) */
	const char *og_title, *tw_title, *og_desc, *tw_desc, *meta_desc, *og_type, *site_name,
		*app_name, *og_url, *canonical, *pub_time, *pub_other, *mod_time, *meta_author;
	xmlNode *title_node;
	xmlNode *ld[LD_MAX];
	size_t nld;
	int refresh;

	/* JSON-LD */
	int ld_article; /* an Article-like object was found */
	int ld_own_article; /* one that is not an item of a list: the page's own */
	tc_ymd ld_pub, ld_mod;
	int has_ld_pub, has_ld_mod;
	tc_buf ld_headline, ld_desc, ld_author, ld_publisher;

	/* choices */
	int32_t body_rec, top;
	int32_t roots[64];
	size_t nroots;
	special *h1;       /* the main h1 */
	xmlNode *title_el; /* the element showing the headline: the h1, else a line equal to the title */
	xmlNode *sapo;     /* the sapo element */
	uint32_t title_pos;
	int summary_from_page;

	/* body paragraphs */
	para *p;
	size_t np, pcap;
	uint32_t linky_dropped;   /* headline-like paragraphs left out for their links */
	uint32_t dropped_teasers; /* teaser links in the parts left out */
	tc_buf byline;

	tc_buf tmp, fa, fb;
} ex;

static void ex_fail(ex *e, tc_status st)
{
	if (e->st == TC_OK)
		e->st = st;
}

static int32_t rec_of(const xmlNode *n)
{
	return n->_private ? (int32_t)((uintptr_t)n->_private - 1) : -1;
}

/* ---- small text helpers ------------------------------------------------- */

/* Append s[0..n) with white space runs (U+00A0 included) folded to one
 * space; *space says a space is owed before the next visible character. */
static tc_status append_ws(tc_buf *b, const char *s, size_t n, int *space)
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

static void trim_end(tc_buf *b)
{
	while (b->len && (b->data[b->len - 1] == ' ' || b->data[b->len - 1] == '\n'))
		b->data[--b->len] = '\0';
}

/* Set b to s with white space folded and trimmed. */
static tc_status set_text(tc_buf *b, const char *s, size_t n)
{
	tc_buf_reset(b);
	int space = 0;
	while (n && tc_ascii_isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	tc_status st = append_ws(b, s, n, &space);
	trim_end(b);
	return st;
}

static size_t utf8_chars(const char *s, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += ((unsigned char)s[i] & 0xC0) != 0x80;
	return k;
}

/* Fold (lower case, no diacritics) s into out, which is reset. */
static tc_status fold(const char *s, size_t n, tc_buf *out)
{
	tc_buf_reset(out);
	tc_status st = vn_fold_text(s, n, out);
	if (st == TC_OK && !out->data)
		st = tc_buf_append(out, "", 0);
	return st;
}

/* Walk the subtree of root in document order without recursion.  enter
 * returns non-zero to go into an element's children; leave is called for
 * every element entered that way. */
typedef int (*enter_fn)(void *ctx, xmlNode *n);
typedef void (*leave_fn)(void *ctx, xmlNode *n);

static void walk(xmlNode *root, enter_fn enter, leave_fn leave, void *ctx)
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
static int style_hidden(const char *v)
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

static int hidden(const xmlNode *n)
{
	for (const xmlAttr *a = n->properties; a; a = a->next) {
		const char *name = (const char *)a->name;
		if (!name)
			continue;
		if (!strcmp(name, "hidden"))
			return 1;
		if (!strcmp(name, "style") && a->children && a->children->content &&
		    style_hidden((const char *)a->children->content))
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
			t->st = append_ws(t->out, c, len, &t->space);
		}
		return 0;
	}
	if (n->type != XML_ELEMENT_NODE)
		return 0;
	const tag_info *ti = tag_of(n);
	if (n != t->root && (ti->kind & K_SKIP || hidden(n)))
		return 0;
	if (ti->kind & (K_BLOCK | K_BR | K_CELL))
		t->space = 1;
	return 1;
}

static void text_leave(void *ctx, xmlNode *n)
{
	textwalk *t = ctx;
	if (tag_of(n)->kind & (K_BLOCK | K_CELL))
		t->space = 1;
}

static tc_status node_text(xmlNode *n, tc_buf *out)
{
	tc_buf_reset(out);
	textwalk t = {out, n, 0, 20000, TC_OK};
	if (n->type == XML_ELEMENT_NODE)
		walk(n, text_enter, text_leave, &t);
	else
		text_enter(&t, n);
	trim_end(out);
	if (t.st == TC_OK && !out->data)
		t.st = tc_buf_append(out, "", 0);
	return t.st;
}

/* ---- pass 1: survey --------------------------------------------------------- */

static void add_special(ex *e, xmlNode *n, int what, int32_t r)
{
	tc_status st = TC_GROW(e->sp, e->spcap, e->nsp + 1, SPECIAL_MAX);
	if (st == TC_ERR_TOO_BIG)
		return; /* notes past the cap are not kept */
	if (st != TC_OK) {
		ex_fail(e, st);
		return;
	}
	e->sp[e->nsp++] = (special){n, e->pos, r, what};
}

/* A run of inline text ends (at a <br>, a block or the element's end): with
 * enough text of its own it scores as a paragraph, as readability scores the
 * <p> it would make of it. */
static void close_run(rec *r)
{
	uint32_t own = r->run - r->run_link;
	if (own >= 25)
		r->own_score += 1.0f + (float)r->run_commas + (own / 100 > 3 ? 3.0f : (float)(own / 100));
	r->run = r->run_link = r->run_commas = 0;
}

static void read_meta(ex *e, const xmlNode *n)
{
	const char *key = tc_html_attr(n, "property");
	if (!key)
		key = tc_html_attr(n, "name");
	if (!key)
		key = tc_html_attr(n, "itemprop");
	const char *content = tc_html_attr(n, "content");
	if (!key) {
		/* "0; url=/elsewhere": a redirect, not a periodic reload */
		const char *equiv = tc_html_attr(n, "http-equiv");
		if (equiv && !strcasecmp(equiv, "refresh") && content) {
			char *end;
			long delay = strtol(content, &end, 10);
			if (end != content && delay <= 10 && (tc_mem_find(end, strlen(end), "url", 3) || tc_mem_find(end, strlen(end), "URL", 3)))
				e->refresh = 1;
		}
		return;
	}
	if (!content || !*content)
		return;
#define KEEP(field)           \
	do {                  \
		if (!(field)) \
			(field) = content; \
	} while (0)
	if (!strcasecmp(key, "og:title"))
		KEEP(e->og_title);
	else if (!strcasecmp(key, "twitter:title"))
		KEEP(e->tw_title);
	else if (!strcasecmp(key, "og:description"))
		KEEP(e->og_desc);
	else if (!strcasecmp(key, "twitter:description"))
		KEEP(e->tw_desc);
	else if (!strcasecmp(key, "description"))
		KEEP(e->meta_desc);
	else if (!strcasecmp(key, "og:type"))
		KEEP(e->og_type);
	else if (!strcasecmp(key, "og:site_name"))
		KEEP(e->site_name);
	else if (!strcasecmp(key, "application-name"))
		KEEP(e->app_name);
	else if (!strcasecmp(key, "og:url"))
		KEEP(e->og_url);
	else if (!strcasecmp(key, "article:published_time") || !strcasecmp(key, "og:published_time"))
		KEEP(e->pub_time);
	else if (!strcasecmp(key, "datePublished"))
		add_special(e, (xmlNode *)(uintptr_t)n, SP_PUBPROP, e->cur);
	else if (!strcasecmp(key, "pubdate") || !strcasecmp(key, "publishdate") ||
		 !strcasecmp(key, "publish-date") || !strcasecmp(key, "publish_date") ||
		 !strcasecmp(key, "article.published") || !strcasecmp(key, "dc.date") ||
		 !strcasecmp(key, "dc.date.issued") || !strcasecmp(key, "dcterms.created") ||
		 !strcasecmp(key, "sailthru.date") || !strcasecmp(key, "date") ||
		 !strcasecmp(key, "created"))
		KEEP(e->pub_other);
	else if (!strcasecmp(key, "article:modified_time") || !strcasecmp(key, "og:updated_time") ||
		 !strcasecmp(key, "dateModified") || !strcasecmp(key, "last-modified"))
		KEEP(e->mod_time);
	else if (!strcasecmp(key, "author") || !strcasecmp(key, "article:author") ||
		 !strcasecmp(key, "dc.creator"))
		KEEP(e->meta_author);
#undef KEEP
}

static int survey_enter(void *ctx, xmlNode *n)
{
	ex *e = ctx;
	if (e->st != TC_OK)
		return 0;
	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		const unsigned char *s = (const unsigned char *)n->content;
		if (!s || e->cur < 0)
			return 0;
		uint32_t chars = 0, commas = 0;
		for (; *s; s++) {
			unsigned c = *s;
			if (c <= ' ' || (c & 0xC0) == 0x80)
				continue;
			chars++;
			commas += c == ',';
		}
		rec *r = &e->r[e->cur];
		r->own += chars;
		r->run += chars;
		if (e->a_depth) {
			r->own_link += chars;
			r->run_link += chars;
		} else {
			r->own_commas += commas;
			r->run_commas += commas;
		}
		e->pos += chars;
		return 0;
	}
	if (n->type != XML_ELEMENT_NODE)
		return 0;
	n->_private = NULL;
	const tag_info *ti = tag_of(n);
	const char *name = (const char *)n->name;
	if (ti->kind & K_SKIP) {
		if (!strcmp(name, "meta")) {
			read_meta(e, n);
		} else if (!strcmp(name, "link")) {
			const char *rel = tc_html_attr(n, "rel");
			const char *href = tc_html_attr(n, "href");
			if (rel && href && !strcasecmp(rel, "canonical") && !e->canonical)
				e->canonical = href;
		} else if (!strcmp(name, "title")) {
			if (!e->title_node)
				e->title_node = n;
		} else if (!strcmp(name, "script")) {
			const char *type = tc_html_attr(n, "type");
			if (type && !strcasecmp(type, "application/ld+json") && e->nld < LD_MAX)
				e->ld[e->nld++] = n;
		}
		return 0;
	}
	if (ti->kind & K_HEADEL)
		return 1;
	if (ti->kind & K_BR) {
		if (e->cur >= 0)
			close_run(&e->r[e->cur]);
		return 0;
	}
	unsigned flags = 0;
	int weight = 0;
	const char *itemprop = NULL;
	int is_hidden = 0;
	int scan_class = !(ti->kind & (K_BOLD | K_BR));
	for (const xmlAttr *a = n->properties; a; a = a->next) {
		const char *an = (const char *)a->name;
		if (!an || !a->children || !a->children->content) {
			if (an && !strcmp(an, "hidden"))
				is_hidden = 1;
			continue;
		}
		const char *v = (const char *)a->children->content;
		if (scan_class && (!strcmp(an, "class") || !strcmp(an, "id")))
			flags |= class_hints(v, &weight);
		else if (!strcmp(an, "itemprop"))
			itemprop = v;
		else if (!strcmp(an, "hidden") || (!strcmp(an, "style") && style_hidden(v)))
			is_hidden = 1;
		else if (!strcmp(an, "rel") && !strcasecmp(v, "author"))
			flags |= F_AUTHOR;
	}
	if (is_hidden)
		return 0;
	int32_t me = e->cur;
	if ((ti->kind & K_BLOCK) && e->nr < REC_MAX) {
		if (e->cur >= 0)
			close_run(&e->r[e->cur]);
		tc_status st = TC_GROW(e->r, e->rcap, e->nr + 1, REC_MAX);
		if (st != TC_OK) {
			ex_fail(e, st);
			return 0;
		}
		if (e->cur >= 0 && ((e->r[e->cur].flags & F_INART) || (e->r[e->cur].kind & K_ARTICLE)))
			flags |= F_INART;
		me = (int32_t)e->nr++;
		e->r[me] = (rec){.node = n,
				 .parent = e->cur,
				 .end = me,
				 .pos = e->pos,
				 .kind = ti->kind,
				 .flags = flags,
				 .weight = ti->init + weight};
		n->_private = (void *)(uintptr_t)(me + 1);
		e->cur = me;
		if (!strcmp(name, "body") && e->body_rec < 0)
			e->body_rec = me;
	}
	if (ti->kind & K_H1)
		add_special(e, n, SP_H1, me);
	if (ti->kind & K_TIME)
		add_special(e, n, SP_TIME, me);
	if (itemprop) {
		if (!strcasecmp(itemprop, "datePublished") || !strcasecmp(itemprop, "dateCreated"))
			add_special(e, n, SP_PUBPROP, me);
		else if (!strcasecmp(itemprop, "author") || !strcasecmp(itemprop, "creator"))
			flags |= F_AUTHOR;
		else if (!strcasecmp(itemprop, "description") || !strcasecmp(itemprop, "abstract"))
			flags |= F_SAPO;
	}
	if (flags & F_DATE)
		add_special(e, n, SP_DATE, me);
	if (flags & F_AUTHOR)
		add_special(e, n, SP_AUTHOR, me);
	if (flags & F_SAPO)
		add_special(e, n, SP_SAPO, me);
	if (ti->kind & K_LINK) {
		if (e->a_depth++ == 0)
			e->a_start = e->pos;
	}
	return 1;
}

static void survey_leave(void *ctx, xmlNode *n)
{
	ex *e = ctx;
	if (e->st != TC_OK || n->type != XML_ELEMENT_NODE)
		return;
	if (n->name && n->name[0] == 'a' && n->name[1] == '\0' && e->a_depth > 0) {
		if (--e->a_depth == 0) {
			if (e->pos - e->a_start >= 20 && e->cur >= 0)
				e->r[e->cur].teasers++;
		}
	}
	int32_t me = rec_of(n);
	if (me < 0 || me != e->cur)
		return;
	rec *r = &e->r[me];
	close_run(r);
	r->end = (int32_t)e->nr - 1;
	r->text += r->own;
	r->link += r->own_link;
	r->commas += r->own_commas;
	if (r->parent >= 0) {
		rec *p = &e->r[r->parent];
		p->text += r->text;
		p->link += r->link;
		p->commas += r->commas;
		p->teasers += r->teasers;
	}
	e->cur = r->parent;
}

/* ---- JSON-LD ---------------------------------------------------------------- */

static const char *ld_str(json_object *o, const char *key)
{
	json_object *v;
	if (!json_object_object_get_ex(o, key, &v))
		return NULL;
	if (json_object_is_type(v, json_type_array) && json_object_array_length(v) > 0)
		v = json_object_array_get_idx(v, 0);
	return json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

static int ld_is_article(json_object *o)
{
	json_object *t;
	if (!json_object_object_get_ex(o, "@type", &t))
		return 0;
	size_t n = json_object_is_type(t, json_type_array) ? json_object_array_length(t) : 1;
	for (size_t i = 0; i < n && i < 8; i++) {
		json_object *v = json_object_is_type(t, json_type_array) ? json_object_array_get_idx(t, i) : t;
		const char *s = json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
		if (s && (strstr(s, "Article") || strstr(s, "BlogPosting") || strstr(s, "Reportage")))
			return 1;
	}
	return 0;
}

/* Names of Person authors (an Organization is the publisher, not a byline). */
static void ld_authors(ex *e, json_object *a)
{
	size_t n = json_object_is_type(a, json_type_array) ? json_object_array_length(a) : 1;
	for (size_t i = 0; i < n && i < 8 && e->st == TC_OK; i++) {
		json_object *v = json_object_is_type(a, json_type_array) ? json_object_array_get_idx(a, i) : a;
		const char *name = NULL;
		if (json_object_is_type(v, json_type_string)) {
			name = json_object_get_string(v);
		} else if (json_object_is_type(v, json_type_object)) {
			const char *type = ld_str(v, "@type");
			if (type && strcmp(type, "Person"))
				continue;
			name = ld_str(v, "name");
		}
		if (!name || !*name || !strncmp(name, "http", 4) || strlen(name) > 100)
			continue;
		tc_status st = TC_OK;
		if (e->ld_author.len)
			st = tc_buf_append_str(&e->ld_author, ", ");
		if (st == TC_OK)
			st = tc_buf_append_str(&e->ld_author, name);
		if (st != TC_OK)
			ex_fail(e, st);
	}
}

/* Does o's @type say it lists other things (a section or search page)? */
static int ld_is_list(json_object *o)
{
	const char *t = ld_str(o, "@type");
	return t && (!strcmp(t, "ItemList") || !strcmp(t, "CollectionPage") ||
		     !strcmp(t, "SearchResultsPage") || !strcmp(t, "BreadcrumbList"));
}

/* Keys under which an object holds the items of a list, not itself. */
static int ld_list_key(const char *key)
{
	return !strcmp(key, "itemListElement") || !strcmp(key, "hasPart") ||
	       !strcmp(key, "item") || !strcmp(key, "relatedLink") || !strcmp(key, "isPartOf");
}

/* in_list: o is an item of a list (a teaser of a section page), or inside one. */
static void ld_visit(ex *e, json_object *o, int depth, int in_list, int *budget)
{
	if (!o || depth > 6 || --*budget < 0 || e->st != TC_OK)
		return;
	if (json_object_is_type(o, json_type_array)) {
		size_t n = json_object_array_length(o);
		for (size_t i = 0; i < n; i++)
			ld_visit(e, json_object_array_get_idx(o, i), depth + 1, in_list, budget);
		return;
	}
	if (!json_object_is_type(o, json_type_object))
		return;
	int art = ld_is_article(o);
	if (art && !in_list)
		e->ld_own_article = 1;
	int list = in_list || ld_is_list(o);
	const char *pub = ld_str(o, "datePublished");
	if (!pub)
		pub = ld_str(o, "dateCreated");
	const char *mod = ld_str(o, "dateModified");
	tc_ymd d;
	if (pub && (art ? !e->ld_article : !e->has_ld_pub) && tc_date_parse_any(pub, strlen(pub), &d)) {
		e->ld_pub = d;
		e->has_ld_pub = 1;
	}
	if (mod && !e->has_ld_mod && tc_date_parse_any(mod, strlen(mod), &d)) {
		e->ld_mod = d;
		e->has_ld_mod = 1;
	}
	if (art && !e->ld_article) {
		e->ld_article = 1;
		const char *h = ld_str(o, "headline");
		if (!h)
			h = ld_str(o, "name");
		if (h)
			ex_fail(e, set_text(&e->ld_headline, h, strlen(h)));
		const char *dsc = ld_str(o, "description");
		if (dsc)
			ex_fail(e, set_text(&e->ld_desc, dsc, strlen(dsc)));
		json_object *a;
		if (json_object_object_get_ex(o, "author", &a))
			ld_authors(e, a);
		json_object *pb;
		if (json_object_object_get_ex(o, "publisher", &pb) &&
		    json_object_is_type(pb, json_type_object)) {
			const char *pn = ld_str(pb, "name");
			if (pn)
				ex_fail(e, set_text(&e->ld_publisher, pn, strlen(pn)));
		}
	}
	json_object_object_foreach(o, key, val)
	{
		if (key[0] == '@' && strcmp(key, "@graph"))
			continue;
		if (json_object_is_type(val, json_type_object) || json_object_is_type(val, json_type_array))
			ld_visit(e, val, depth + 1, list || ld_list_key(key), budget);
	}
}

static void read_json_ld(ex *e)
{
	for (size_t i = 0; i < e->nld && e->st == TC_OK; i++) {
		xmlChar *s = xmlNodeGetContent(e->ld[i]);
		if (!s)
			continue;
		size_t n = strlen((const char *)s);
		json_tokener *tok = json_tokener_new_ex(32);
		if (!tok) {
			xmlFree(s);
			ex_fail(e, TC_ERR_NOMEM);
			return;
		}
		const char *p = (const char *)s;
		while (n && tc_ascii_isspace((unsigned char)*p)) {
			p++;
			n--;
		}
		json_object *o = n <= INT_MAX ? json_tokener_parse_ex(tok, p, (int)n) : NULL;
		if (o && json_tokener_get_error(tok) == json_tokener_success) {
			int budget = 2000;
			ld_visit(e, o, 0, 0, &budget);
		}
		json_object_put(o);
		json_tokener_free(tok);
		xmlFree(s);
	}
}

/* ---- pass 2: score ------------------------------------------------------------ */

static float density(const rec *r)
{
	return r->text ? (float)r->link / (float)r->text : 0.0f;
}

/* Mark furniture (and everything in it) as excluded.  Furniture that holds
 * more than half of the page's text outside links is a mislabelled wrapper,
 * not furniture. */
static void exclude(ex *e, int strict)
{
	uint32_t total = e->body_rec >= 0 ? e->r[e->body_rec].text - e->r[e->body_rec].link : 0;
	for (size_t i = 0; i < e->nr; i++) {
		rec *r = &e->r[i];
		r->flags &= ~(unsigned)F_EXCL;
		r->ctext = r->clink = 0;
		if (r->parent >= 0 && (e->r[r->parent].flags & F_EXCL)) {
			r->flags |= F_EXCL;
			continue;
		}
		/* an article's own header (title, date) and footer are not the page's */
		int boiler = (r->kind & K_BOILER) && !((r->kind & K_PART) && (r->flags & F_INART));
		int furniture = boiler || ((r->flags & F_NEG) && !(r->flags & F_POS)) ||
				((r->flags & F_NEG) && (r->flags & F_POS) && r->teasers >= 3);
		if (strict && furniture && (uint64_t)(r->text - r->link) * 2 < total)
			r->flags |= F_EXCL;
	}
	/* text and link text without the furniture: a list of related links
	 * inside the article's cell must not sink the cell */
	for (size_t i = e->nr; i-- > 0;) {
		rec *r = &e->r[i];
		r->ctext += r->own;
		r->clink += r->own_link;
		if (r->parent >= 0 && !(r->flags & F_EXCL)) {
			e->r[r->parent].ctext += r->ctext;
			e->r[r->parent].clink += r->clink;
		}
	}
}

static void score(ex *e)
{
	for (size_t i = 0; i < e->nr; i++)
		e->r[i].score = 0;
	for (size_t i = 0; i < e->nr; i++) {
		rec *r = &e->r[i];
		if (r->flags & F_EXCL)
			continue;
		float s = r->own_score;
		if (s <= 0 || (r->kind & K_H1) || (r->flags & F_HEADLINE))
			continue; /* the headline is no paragraph */
		int32_t a = (r->kind & K_PARA) ? r->parent : (int32_t)i;
		for (int level = 1; a >= 0 && level <= 5; level++, a = e->r[a].parent) {
			float div = level == 1 ? 1.0f : level == 2 ? 2.0f : (float)level * 3.0f;
			e->r[a].score += s / div;
		}
	}
}

static float final_score(const rec *r)
{
	float ld = r->ctext ? (float)r->clink / (float)r->ctext : 0.0f;
	return ((float)r->score + (float)r->weight) * (1.0f - ld);
}

static int32_t best_candidate(ex *e)
{
	int32_t best = -1;
	float best_s = 0;
	for (size_t i = 0; i < e->nr; i++) {
		const rec *r = &e->r[i];
		if (r->score <= 0 || (r->flags & F_EXCL) || (r->kind & K_HEAD))
			continue;
		float s = final_score(r);
		/* a tie (one short run each, on a short page: a date line and
		 * the one sentence of body) goes to the one with more text */
		if (best < 0 || s > best_s || (s == best_s && r->text > e->r[best].text)) {
			best = (int32_t)i;
			best_s = s;
		}
	}
	return best;
}

static int looks_like_name(const char *s, size_t n);

/* Does the record hold exactly one child record (a td alone in its tr)? */
static int only_child(const ex *e, int32_t parent)
{
	const rec *p = &e->r[parent];
	int32_t c = parent + 1;
	return c <= p->end && e->r[c].end == p->end && p->own == 0;
}

/* The chosen container, then its siblings that look like more of the same
 * (readability's sibling step), in document order.  A container alone in
 * its parent (a td alone in its tr) gives way to the parent first.  Besides
 * readability's siblings: those between the headline and the body with real
 * text (a lead in its own table row), and a byline right after the body. */
static void choose_roots(ex *e)
{
	e->nroots = 0;
	if (e->top < 0)
		return;
	while (e->r[e->top].parent >= 0 && e->r[e->top].parent != e->body_rec &&
	       only_child(e, e->r[e->top].parent))
		e->top = e->r[e->top].parent;
	const rec *top = &e->r[e->top];
	float top_s = final_score(top);
	float threshold = top_s * 0.2f > 10.0f ? top_s * 0.2f : 10.0f;
	const char *top_class = tc_html_attr(top->node, "class");
	if (top->parent < 0) {
		e->roots[e->nroots++] = e->top;
		return;
	}
	const rec *p = &e->r[top->parent];
	int after = 0, bylines = 0;
	for (int32_t c = top->parent + 1; c <= p->end && e->nroots < 64; c = e->r[c].end + 1) {
		const rec *s = &e->r[c];
		if (c == e->top) {
			e->roots[e->nroots++] = c;
			after = 1;
			continue;
		}
		if ((s->flags & F_EXCL) || (s->kind & (K_BOILER | K_HEAD)) || s->text == 0 ||
		    e->sapo == s->node)
			continue;
		float bonus = 0;
		const char *cls = tc_html_attr(s->node, "class");
		if (cls && top_class && !strcmp(cls, top_class))
			bonus = top_s * 0.2f;
		float ld = density(s);
		int add = s->score > 0 && final_score(s) + bonus >= threshold;
		if (!add && (s->kind & K_PARA) && !(s->kind & K_HEAD) && s->node->name &&
		    !strcmp((const char *)s->node->name, "p"))
			add = s->text > 80 && ld < 0.25f;
		if (!add && !after && e->title_el && s->pos >= e->title_pos && s->text >= 60 &&
		    s->text <= 1500 && ld < 0.3f && !(s->kind & K_LIST))
			add = 1;
		if (!add && after && bylines < 2 && s->text <= 50 && s->link == 0 &&
		    node_text(s->node, &e->tmp) == TC_OK && looks_like_name(e->tmp.data, e->tmp.len)) {
			add = 1;
			bylines++;
		}
		if (add)
			e->roots[e->nroots++] = c;
		else if (after)
			bylines = 2; /* a byline follows the body at once */
	}
}

/* ---- pass 3: emit ------------------------------------------------------------ */

/* Mark what inside the kept containers stays out of the body. */
static void clean(ex *e)
{
	for (size_t k = 0; k < e->nroots; k++) {
		rec *root = &e->r[e->roots[k]];
		root->flags |= F_KEEP;
		for (int32_t i = e->roots[k] + 1; i <= root->end; i++) {
			rec *r = &e->r[i];
			int drop = 0;
			int big = (uint64_t)r->text * 10 > (uint64_t)root->text * 6 && density(r) < 0.3f;
			if (r->node == e->sapo || r->node == e->title_el)
				drop = 1;
			else if (r->kind & K_BOILER)
				drop = !big;
			else if ((r->flags & F_NEG) &&
				 (!(r->flags & F_POS) || r->text < 200 || density(r) > 0.3f))
				drop = !big;
			else if ((r->flags & (F_DATE | F_AUTHOR)) && r->text < 120)
				drop = 1;
			else if (!(r->kind & (K_PARA | K_CELL | K_WRAP)) && r->commas < 10 && r->text) {
				/* links in furniture inside it (dropped anyway) do not count */
				float ld = r->ctext ? (float)r->clink / (float)r->ctext : density(r);
				int w = r->weight;
				drop = (w < 25 && ld > 0.2f) || (w >= 25 && ld > 0.5f);
				if (!drop && (r->kind & K_LIST) && r->teasers >= 3 && ld > 0.1f)
					drop = 1;
			}
			if (drop) {
				r->flags |= F_DROP;
				e->dropped_teasers += r->teasers;
				i = r->end;
			}
		}
	}
}

typedef struct emitter {
	ex *e;
	tc_buf *out;
	size_t start;
	uint32_t chars, link, bold;
	int space, a_depth, b_depth, heading, right;
} emitter;

static void end_para(emitter *m)
{
	ex *e = m->e;
	if (e->st != TC_OK)
		return;
	tc_buf *b = m->out;
	while (b->len > m->start && b->data[b->len - 1] == ' ')
		b->len--;
	if (b->data)
		b->data[b->len] = '\0';
	if (b->len > m->start && m->chars > 0) {
		tc_status st = TC_GROW(e->p, e->pcap, e->np + 1, SIZE_MAX / sizeof *e->p);
		if (st != TC_OK) {
			ex_fail(e, st);
			return;
		}
		e->p[e->np++] = (para){m->start, b->len - m->start, m->chars, m->link, m->bold,
				       (unsigned char)m->heading, (unsigned char)m->right, 0};
		ex_fail(e, tc_buf_append_char(b, '\n'));
	} else {
		b->len = m->start;
		if (b->data)
			b->data[b->len] = '\0';
	}
	m->start = b->len;
	m->chars = m->link = m->bold = 0;
	m->space = 0;
	m->heading = m->right = 0;
}

static int emit_enter(void *ctx, xmlNode *n)
{
	emitter *m = ctx;
	ex *e = m->e;
	if (e->st != TC_OK)
		return 0;
	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		const char *s = (const char *)n->content;
		if (!s)
			return 0;
		size_t len = strlen(s);
		size_t before = m->out->len;
		ex_fail(e, append_ws(m->out, s, len, &m->space));
		uint32_t chars = 0;
		for (size_t i = before; i < m->out->len; i++) {
			unsigned char c = (unsigned char)m->out->data[i];
			chars += c != ' ' && (c & 0xC0) != 0x80;
		}
		m->chars += chars;
		if (m->a_depth)
			m->link += chars;
		if (m->b_depth)
			m->bold += chars;
		return 0;
	}
	if (n->type != XML_ELEMENT_NODE)
		return 0;
	int32_t ri = rec_of(n);
	if (ri >= 0 && (e->r[ri].flags & F_DROP))
		return 0;
	if (n == e->sapo)
		return 0;
	const tag_info *ti = tag_of(n);
	if (ti->kind & (K_SKIP | K_HEADEL) || hidden(n))
		return 0;
	if (ti->kind & K_BR) {
		end_para(m);
		return 0;
	}
	if (ti->kind & K_CELL) {
		m->space = 1;
	} else if (ti->kind & K_BLOCK) {
		end_para(m);
		m->heading = (ti->kind & K_HEAD) != 0;
		const char *style = tc_html_attr(n, "style");
		const char *align = tc_html_attr(n, "align");
		m->right = (style && strstr(style, "right")) || (align && !strcasecmp(align, "right"));
	}
	if (ti->kind & K_LINK)
		m->a_depth++;
	if (ti->kind & K_BOLD)
		m->b_depth++;
	return 1;
}

static void emit_leave(void *ctx, xmlNode *n)
{
	emitter *m = ctx;
	const tag_info *ti = tag_of(n);
	if (ti->kind & K_LINK)
		m->a_depth--;
	if (ti->kind & K_BOLD)
		m->b_depth--;
	if (ti->kind & K_CELL)
		m->space = 1;
	else if (ti->kind & K_BLOCK)
		end_para(m);
}

static void emit(ex *e, xmlNode *root, tc_buf *out)
{
	emitter m = {.e = e, .out = out, .start = out->len};
	walk(root, emit_enter, emit_leave, &m);
	end_para(&m);
}

/* ---- paragraph checks ----------------------------------------------------- */

static int folded_starts(const tc_buf *f, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		size_t k = strlen(list[i]);
		if (f->len >= k && !memcmp(f->data, list[i], k))
			return 1;
	}
	return 0;
}

/* Headings and short lines that are page furniture, folded. */
static const char *const boiler_lines[] = {
	"tin lien quan", "bai lien quan", "tin cung chuyen muc", "cung chuyen muc", "xem them",
	"doc them", "tin khac", "cac tin khac", "tin moi", "tin noi bat", "tin xem nhieu",
	"binh luan", "y kien ban doc", "y kien (", "gui y kien", "gui binh luan", "chia se",
	"tu khoa", "tags", "tag:", "in bai", "gui bai", "quay lai", "tro lai", "len dau trang",
	"ban quyen", "copyright", "\xc2\xa9", "theo doi", "dang ky nhan", "tai ung dung",
	"chuyen muc", "the loai:", "related", "cac tin da dua", "tin da dua", "tin cu hon",
	"cac tin cu", "cac bai khac", "bai viet khac", "bai viet lien quan", "het bai"};

static int is_date_line(ex *e, const char *s, size_t n, size_t chars, size_t link)
{
	if (chars > 80)
		return 0;
	tc_ymd d;
	size_t end = 0;
	if (tc_date_find(s, n, 1, &d, &end) == 0)
		return 0;
	if (chars - link <= 20)
		return 1; /* "Kinh doanh 27/04/2021 - 11:38", the section a link */
	if (fold(s, n, &e->fb) != TC_OK)
		return 0;
	/* letters left once weekdays, parts of day and time words are gone */
	static const char *const words[] = {"thu", "hai", "ba", "tu", "nam", "sau", "bay", "chu",
					    "nhat", "cap", "ngay", "thang", "sang", "trua", "chieu",
					    "toi", "dem", "gmt", "utc", "ict", "luc", "dang", "pm",
					    "am", "hom", "nay", "qua", "h"};
	size_t letters = 0;
	const char *f = e->fb.data;
	for (size_t i = 0; i < e->fb.len;) {
		if (f[i] >= 'a' && f[i] <= 'z') {
			size_t j = i;
			while (j < e->fb.len && f[j] >= 'a' && f[j] <= 'z')
				j++;
			int known = 0;
			for (size_t w = 0; w < sizeof words / sizeof words[0]; w++)
				if (strlen(words[w]) == j - i && !memcmp(f + i, words[w], j - i))
					known = 1;
			if (!known)
				letters += j - i;
			i = j;
		} else {
			i++;
		}
	}
	return letters <= 3;
}

/* Does every word start with a capital (a Vietnamese name such as "Lê
 * Phương", "N.V.A", "Thanh Hà - Minh Anh")? */
static int looks_like_name(const char *s, size_t n)
{
	if (memchr(s, ':', n))
		return 0; /* "Hotline: 0901...", "Nguồn: ..." */
	for (size_t j = 0; j < n; j++)
		if (s[j] >= '0' && s[j] <= '9')
			return 0;
	size_t i = 0, words = 0;
	while (i < n) {
		while (i < n && (s[i] == ' ' || s[i] == '-' || s[i] == ',' || s[i] == '&'))
			i++;
		if (i >= n)
			break;
		int32_t cp;
		size_t k = vn_utf8_decode((const unsigned char *)s + i, n - i, &cp);
		if (!vn_is_upper(cp))
			return 0;
		words++;
		i += k;
		while (i < n && s[i] != ' ' && s[i] != '-' && s[i] != ',')
			i++;
	}
	return words >= 1 && words <= 7;
}

static void check_paragraphs(ex *e)
{
	tc_buf *b = &e->x->body;
	tc_status st = TC_OK;
	tc_buf ftitle, fsum;
	tc_buf_init(&ftitle, FIELD_MAX);
	tc_buf_init(&fsum, FIELD_MAX);
	st = fold(e->x->title.data ? e->x->title.data : "", e->x->title.len, &ftitle);
	if (st == TC_OK)
		st = fold(e->x->summary.data ? e->x->summary.data : "", e->x->summary.len, &fsum);
	for (size_t i = 0; i < e->np && st == TC_OK; i++) {
		para *p = &e->p[i];
		const char *s = b->data + p->off;
		if (p->link * 2 > p->chars) {
			p->drop = 1;
			if (p->chars >= 20)
				e->linky_dropped++;
			continue;
		}
		st = fold(s, p->len, &e->fa);
		if (st != TC_OK)
			break;
		if ((ftitle.len && e->fa.len == ftitle.len && !memcmp(e->fa.data, ftitle.data, ftitle.len)) ||
		    (e->summary_from_page && fsum.len && e->fa.len == fsum.len &&
		     !memcmp(e->fa.data, fsum.data, fsum.len))) {
			p->drop = 1;
			continue;
		}
		if (p->chars < 120 &&
		    folded_starts(&e->fa, boiler_lines, sizeof boiler_lines / sizeof boiler_lines[0]) &&
		    (p->heading || p->chars < 60 || p->link > 0)) {
			p->drop = 1;
			continue;
		}
		if (is_date_line(e, s, p->len, p->chars, p->link))
			p->drop = 1;
	}
	/* no sapo element: a first paragraph all in bold is the lead, as many
	 * Vietnamese sites write it */
	if (st == TC_OK && !e->summary_from_page) {
		size_t first = 0;
		while (first < e->np && e->p[first].drop)
			first++;
		size_t next = first + 1;
		while (next < e->np && e->p[next].drop)
			next++;
		if (next < e->np) {
			para *p = &e->p[first];
			if (!p->heading && p->chars >= 60 && p->bold * 10 >= p->chars * 9) {
				st = set_text(&e->x->summary, b->data + p->off, p->len);
				p->drop = 1;
				e->summary_from_page = 1;
			}
		}
	}
	/* trailing headings, then a trailing byline or source line */
	for (int pass = 0; pass < 3 && st == TC_OK; pass++) {
		size_t last = e->np;
		while (last > 0 && e->p[last - 1].drop)
			last--;
		if (last == 0)
			break;
		para *p = &e->p[last - 1];
		const char *s = b->data + p->off;
		if (p->heading) {
			p->drop = 1;
			continue;
		}
		if (p->chars > 60 || last < 2)
			break;
		char endc = s[p->len - 1];
		st = fold(s, p->len, &e->fa);
		if (st != TC_OK)
			break;
		int source = folded_starts(&e->fa, (const char *const[]){"theo ", "nguon:", "nguon "}, 3);
		int name = !strchr(".!?:;,\"", endc) && utf8_chars(s, p->len) <= 50 &&
			   (p->bold * 10 >= p->chars * 9 || p->right || looks_like_name(s, p->len));
		if (!source && !name)
			break;
		if (name && !source && !e->byline.len) {
			st = tc_buf_append(&e->byline, s, p->len);
			if (st != TC_OK)
				break;
		}
		p->drop = 1;
	}
	tc_buf_release(&ftitle);
	tc_buf_release(&fsum);
	ex_fail(e, st);
}

/* Rebuild the body from the paragraphs that stay, '\n' between them. */
static void compact_body(ex *e)
{
	tc_buf *b = &e->x->body;
	size_t w = 0;
	for (size_t i = 0; i < e->np; i++) {
		para *p = &e->p[i];
		if (p->drop)
			continue;
		if (w)
			b->data[w++] = '\n';
		memmove(b->data + w, b->data + p->off, p->len);
		p->off = w;
		w += p->len;
	}
	b->len = w;
	if (b->data)
		b->data[w] = '\0';
}

/* ---- titles -------------------------------------------------------------------- */

static int sep_at(const char *s, size_t n, size_t i, size_t *len)
{
	static const char *const seps[] = {" - ", " | ", " \xe2\x80\x93 ", " \xe2\x80\x94 ", " :: ",
					   " \xc2\xbb ", " \xc2\xb7 ", " / "};
	for (size_t k = 0; k < sizeof seps / sizeof seps[0]; k++) {
		size_t l = strlen(seps[k]);
		if (n - i >= l && !memcmp(s + i, seps[k], l)) {
			*len = l;
			return 1;
		}
	}
	return 0;
}

/* Does the folded text f name the site: its og:site_name, publisher or host,
 * or words that only site names start with? */
/* s in NFC and case-folded (diacritics kept: "Bão" is not "Báo") into out;
 * 0 when it cannot be.  Memory running out stops the extraction (e->st):
 * it must not pass for "not the site's name". */
static int lower_nfc(ex *e, const char *s, size_t n, tc_buf *out)
{
	tc_buf_reset(out);
	utf8proc_uint8_t *m = NULL;
	utf8proc_ssize_t k = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &m,
					  UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
	tc_status st = k == UTF8PROC_ERROR_NOMEM ? TC_ERR_NOMEM : k < 0 ? TC_ERR_INVALID : TC_OK;
	if (st == TC_OK)
		st = tc_buf_append(out, m, (size_t)k);
	if (st == TC_OK)
		st = tc_buf_append(out, "", 0);
	free(m);
	if (st == TC_ERR_NOMEM)
		ex_fail(e, st);
	return st == TC_OK;
}

static int starts_with(const tc_buf *b, const char *p)
{
	size_t k = strlen(p);
	return b->len >= k && !memcmp(b->data, p, k);
}

/* Does the title segment s[0..n) name the site: its og:site_name, publisher
 * or host, or words that only site names start with ("Báo ", "Cổng TTĐT")? */
static int site_like(ex *e, const char *s, size_t n)
{
	if (utf8_chars(s, n) > 80 || !lower_nfc(e, s, n, &e->fa) || !e->fa.len)
		return 0;
	const tc_buf *f = &e->fa;
	static const char *const starts[] = {"báo ", "cổng ", "trang tin", "trang thông tin",
					     "tạp chí", "đài ", "website", "portal", "thông tấn",
					     "ttxvn", "vtv", "vov", "tin tức", "ttđt"};
	for (size_t i = 0; i < sizeof starts / sizeof starts[0]; i++)
		if (starts_with(f, starts[i]))
			return 1;
	static const char *const parts[] = {".vn", ".com", ".net", ".org"};
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
		if (tc_mem_find(f->data, f->len, parts[i], strlen(parts[i])))
			return 1;
	/* one word with a dot inside: a host name (lemonde.fr) */
	const char *hd = memchr(f->data, '.', f->len);
	if (hd && hd > f->data && hd + 2 < f->data + f->len && !memchr(f->data, ' ', f->len))
		return 1;
	const char *names[3] = {e->site_name, e->app_name,
				e->ld_publisher.len ? e->ld_publisher.data : NULL};
	for (size_t i = 0; i < 3; i++) {
		if (!names[i] || !*names[i] || !lower_nfc(e, names[i], strlen(names[i]), &e->fb) ||
		    e->fb.len < 3)
			continue;
		/* "vnexpress.net" names "Báo VnExpress Sức khỏe" too */
		size_t k = e->fb.len;
		const char *dot = memchr(e->fb.data, '.', k);
		if (dot && dot - e->fb.data >= 3)
			k = (size_t)(dot - e->fb.data);
		if (tc_mem_find(f->data, f->len, e->fb.data, k) ||
		    (utf8_chars(f->data, f->len) >= 4 && tc_mem_find(e->fb.data, e->fb.len, f->data, f->len)))
			return 1;
	}
	return 0;
}

/* Strip " - Site name" (repeatedly) and "Site name | " from t. */
static void strip_site(ex *e, tc_buf *t)
{
	for (int round = 0; round < 3; round++) {
		size_t best = 0, best_len = 0;
		for (size_t i = 1; i < t->len; i++) {
			size_t l;
			if (sep_at(t->data, t->len, i, &l)) {
				best = i;
				best_len = l;
			}
		}
		if (!best || utf8_chars(t->data, best) < 8)
			break;
		if (!site_like(e, t->data + best + best_len, t->len - best - best_len))
			break;
		t->len = best;
		t->data[t->len] = '\0';
	}
	for (size_t i = 1; i < t->len; i++) {
		size_t l;
		if (!sep_at(t->data, t->len, i, &l))
			continue;
		if (utf8_chars(t->data + i + l, t->len - i - l) >= 8 && site_like(e, t->data, i)) {
			memmove(t->data, t->data + i + l, t->len - i - l);
			t->len -= i + l;
			t->data[t->len] = '\0';
		}
		break;
	}
}

/* The main h1: the first one outside furniture with a real headline,
 * preferring one that agrees with og:title. */
static void choose_h1(ex *e)
{
	special *first = NULL, *agree = NULL;
	tc_buf fog;
	tc_buf_init(&fog, FIELD_MAX);
	if (e->og_title && fold(e->og_title, strlen(e->og_title), &fog) != TC_OK)
		tc_buf_reset(&fog);
	for (size_t i = 0, looks = 0; i < e->nsp && e->st == TC_OK && looks < LOOKS_MAX; i++) {
		special *s = &e->sp[i];
		if (s->what != SP_H1)
			continue;
		looks++;
		if (s->rec >= 0 && (e->r[s->rec].flags & (F_EXCL | F_NEG)) && !(e->r[s->rec].flags & F_POS))
			continue;
		ex_fail(e, node_text(s->node, &e->tmp));
		if (utf8_chars(e->tmp.data, e->tmp.len) < 10)
			continue;
		if (!first)
			first = s;
		if (fog.len && fold(e->tmp.data, e->tmp.len, &e->fa) == TC_OK &&
		    (tc_mem_find(e->fa.data, e->fa.len, fog.data, fog.len) ||
		     tc_mem_find(fog.data, fog.len, e->fa.data, e->fa.len))) {
			agree = s;
			break;
		}
	}
	tc_buf_release(&fog);
	e->h1 = agree ? agree : first;
	e->title_el = e->h1 ? e->h1->node : NULL;
	e->title_pos = e->h1 ? e->h1->pos : 0;
}

static void choose_title(ex *e)
{
	tc_buf *t = &e->x->title;
	const char *cands[5] = {e->og_title, e->ld_headline.len ? e->ld_headline.data : NULL, NULL,
				e->tw_title, NULL};
	tc_buf h1text, doctitle;
	tc_buf_init(&h1text, FIELD_MAX);
	tc_buf_init(&doctitle, FIELD_MAX);
	if (e->h1)
		ex_fail(e, node_text(e->h1->node, &h1text));
	if (e->title_node)
		ex_fail(e, node_text(e->title_node, &doctitle));
	cands[2] = h1text.len ? h1text.data : NULL;
	cands[4] = doctitle.len ? doctitle.data : NULL;
	for (size_t i = 0; i < 5 && e->st == TC_OK; i++) {
		if (!cands[i])
			continue;
		ex_fail(e, set_text(t, cands[i], strlen(cands[i])));
		if (!t->len)
			continue;
		strip_site(e, t);
		/* an og:title that is only the site's name is no headline */
		if (i != 2 && h1text.len && site_like(e, t->data, t->len) &&
		    !site_like(e, h1text.data, h1text.len)) {
			tc_buf_reset(t);
			continue;
		}
		if (t->len)
			break;
	}
	tc_buf_release(&h1text);
	tc_buf_release(&doctitle);
}

/* Non-space characters, as pass 1 counts them. */
static uint32_t visible_chars(const char *s, size_t n)
{
	uint32_t k = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		k += c > ' ' && (c & 0xC0) != 0x80;
	}
	return k;
}

/* Visible characters of an element's text, at most SHORT_TEXT bytes' worth. */
static uint32_t text_chars(ex *e, xmlNode *n)
{
	if (node_text(n, &e->tmp) != TC_OK)
		return 0;
	return visible_chars(e->tmp.data, e->tmp.len);
}

/* Is n the lead of a teaser: right under a headline link (an <a>, or a
 * heading that holds one), as section pages list other articles?  The
 * page's own lead sits under its own headline, which links nowhere. */
static int teaser_lead(ex *e, xmlNode *n)
{
	xmlNode *p = n->prev;
	while (p && p->type != XML_ELEMENT_NODE)
		p = p->prev;
	if (!p)
		return 0;
	if (tag_of(p)->kind & K_LINK)
		return text_chars(e, p) >= TEASER_LINK;
	int32_t ri = rec_of(p);
	return ri >= 0 && (e->r[ri].kind & K_HEAD) && e->r[ri].link >= TEASER_LINK;
}

/* Without an h1, the page still shows its headline somewhere: a block whose
 * whole text is the title, or the part of a <title> before a separator
 * ("Headline - Sở Tài nguyên và Môi trường", the site name unknown).  That
 * block then anchors the date and the lead, and the title loses the rest. */
static void find_title_element(ex *e)
{
	tc_buf *t = &e->x->title;
	if (e->title_el || !t->len || e->st != TC_OK)
		return;
	size_t cut[8], ncut = 0;
	cut[ncut++] = t->len;
	for (size_t i = t->len; i-- > 1 && ncut < 8;) {
		size_t l;
		if (sep_at(t->data, t->len, i, &l) && utf8_chars(t->data, i) >= 8)
			cut[ncut++] = i;
	}
	tc_buf want;
	tc_buf_init(&want, FIELD_MAX);
	size_t looks = 0;
	for (size_t c = 0; c < ncut && !e->title_el && e->st == TC_OK && looks < LOOKS_MAX; c++) {
		uint32_t chars = visible_chars(t->data, cut[c]);
		if (fold(t->data, cut[c], &want) != TC_OK)
			break;
		for (size_t i = 0; i < e->nr; i++) {
			rec *r = &e->r[i];
			if (r->text != chars || (r->flags & F_EXCL) || r->link * 2 > r->text)
				continue;
			if (++looks > LOOKS_MAX)
				break;
			ex_fail(e, node_text(r->node, &e->tmp));
			if (e->st != TC_OK || fold(e->tmp.data, e->tmp.len, &e->fa) != TC_OK)
				break;
			if (e->fa.len != want.len || memcmp(e->fa.data, want.data, want.len))
				continue;
			e->title_el = r->node;
			e->title_pos = r->pos;
			t->len = cut[c];
			t->data[t->len] = '\0';
			trim_end(t);
			break;
		}
	}
	tc_buf_release(&want);
}

/* On a short page without h1 the line that shows the title can outscore the
 * one sentence of body and be taken for the body (and then dropped as the
 * title): score again without it. */
static void headline_not_body(ex *e)
{
	if (!e->title_el || e->h1 || e->top < 0 || e->st != TC_OK)
		return;
	int32_t t = rec_of(e->title_el);
	const rec *top = &e->r[e->top];
	if (t < 0)
		return;
	int top_in_title = e->top >= t && e->top <= e->r[t].end;
	int title_all_top = t >= e->top && t <= top->end && top->text == e->r[t].text;
	if (!top_in_title && !title_all_top)
		return;
	for (int32_t i = t; i <= e->r[t].end; i++)
		e->r[i].flags |= F_HEADLINE;
	score(e);
	e->top = best_candidate(e);
}

/* ---- summary and author ---------------------------------------------------------- */

static uint32_t dist(uint32_t a, uint32_t b)
{
	return a > b ? a - b : b - a;
}

static void choose_sapo(ex *e)
{
	special *best = NULL;
	uint32_t best_d = 0;
	uint32_t anchor = e->title_el ? e->title_pos : e->top >= 0 ? e->r[e->top].pos : 0;
	for (size_t i = 0, looks = 0; i < e->nsp && e->st == TC_OK && looks < LOOKS_MAX; i++) {
		special *s = &e->sp[i];
		if (s->what != SP_SAPO)
			continue;
		if (s->rec >= 0 && (e->r[s->rec].flags & F_EXCL))
			continue;
		int32_t ri = rec_of(s->node);
		if (ri >= 0 && (e->r[ri].link * 2 > e->r[ri].text || e->r[ri].text > 1500 ||
				(e->r[ri].flags & F_NEG)))
			continue;
		if (ri >= 0 && ri == e->top)
			continue;
		uint32_t d = dist(s->pos, anchor);
		if (d > 3000 || teaser_lead(e, s->node))
			continue;
		looks++;
		ex_fail(e, node_text(s->node, &e->tmp));
		size_t chars = utf8_chars(e->tmp.data, e->tmp.len);
		if (chars < 30 || chars > 1500)
			continue;
		if (!best || d < best_d) {
			best = s;
			best_d = d;
		}
	}
	if (best && e->st == TC_OK) {
		e->sapo = best->node;
		ex_fail(e, node_text(best->node, &e->x->summary));
		e->summary_from_page = 1;
		return;
	}
	const char *m = e->og_desc ? e->og_desc : e->ld_desc.len ? e->ld_desc.data :
		e->meta_desc ? e->meta_desc : e->tw_desc;
	if (m) {
		ex_fail(e, set_text(&e->x->summary, m, strlen(m)));
		strip_site(e, &e->x->summary);
	}
}

static void strip_author_prefix(tc_buf *b)
{
	static const char *const pre[] = {"Tác giả:", "Tác giả", "Bài và ảnh:", "Bài, ảnh:",
					  "Bài:", "By ", "Người viết:", "Phóng viên:", "PV:"};
	for (size_t i = 0; i < sizeof pre / sizeof pre[0]; i++) {
		size_t k = strlen(pre[i]);
		if (b->len > k && !strncasecmp(b->data, pre[i], k)) {
			size_t s = k;
			while (s < b->len && b->data[s] == ' ')
				s++;
			memmove(b->data, b->data + s, b->len - s);
			b->len -= s;
			b->data[b->len] = '\0';
			return;
		}
	}
}

static void choose_author(ex *e)
{
	tc_buf *a = &e->x->author;
	uint32_t lo = e->title_el ? e->title_pos : e->top >= 0 ? e->r[e->top].pos : 0;
	uint32_t hi = e->top >= 0 ? e->r[e->top].pos + e->r[e->top].text + 400 : lo + 2000;
	if (lo > 1000)
		lo -= 1000;
	else
		lo = 0;
	for (size_t i = 0; i < e->nsp && e->st == TC_OK; i++) {
		special *s = &e->sp[i];
		if (s->what != SP_AUTHOR || s->pos < lo || s->pos > hi)
			continue;
		if (s->rec >= 0 && (e->r[s->rec].flags & F_EXCL))
			continue;
		const char *content = tc_html_attr(s->node, "content");
		if (content)
			ex_fail(e, set_text(a, content, strlen(content)));
		else
			ex_fail(e, node_text(s->node, a));
		strip_author_prefix(a);
		size_t chars = utf8_chars(a->data, a->len);
		if (chars >= 2 && chars <= 60)
			return;
		tc_buf_reset(a);
	}
	if (e->byline.len) {
		ex_fail(e, set_text(a, e->byline.data, e->byline.len));
		strip_author_prefix(a);
		return;
	}
	if (e->ld_author.len) {
		ex_fail(e, set_text(a, e->ld_author.data, e->ld_author.len));
		return;
	}
	if (e->meta_author && strncmp(e->meta_author, "http", 4) &&
	    !site_like(e, e->meta_author, strlen(e->meta_author)))
		ex_fail(e, set_text(a, e->meta_author, strlen(e->meta_author)));
}

/* ---- dates ---------------------------------------------------------------------- */

static void set_date(ex *e, tc_ymd d)
{
	char s[11];
	tc_date_format(d, s);
	tc_buf_reset(&e->x->date);
	ex_fail(e, tc_buf_append(&e->x->date, s, 10));
}

/* The date an element holds: datetime or content attribute, else its text
 * (returns 2 full, 1 partial, 0 none). */
static int element_date(ex *e, xmlNode *n, int bare, tc_ymd *d)
{
	const char *v = tc_html_attr(n, "datetime");
	if (!v)
		v = tc_html_attr(n, "content");
	if (v && tc_date_parse_any(v, strlen(v), d))
		return 2;
	if (node_text(n, &e->tmp) != TC_OK || e->tmp.len > 300)
		return 0;
	return tc_date_find(e->tmp.data, e->tmp.len, bare, d, NULL);
}

/* Full dates anywhere on the page, to give "Chiều 9/6" its year. */
static size_t page_dates(ex *e, tc_ymd *refs, size_t max)
{
	size_t n = 0;
	tc_ymd d;
	if (e->has_ld_mod && n < max)
		refs[n++] = e->ld_mod;
	if (e->mod_time && tc_date_parse_any(e->mod_time, strlen(e->mod_time), &d) && n < max)
		refs[n++] = d;
	for (size_t i = 0; i < e->nsp && n < max; i++) {
		special *s = &e->sp[i];
		if ((s->what == SP_TIME || s->what == SP_DATE) && element_date(e, s->node, 0, &d) == 2)
			refs[n++] = d;
	}
	const char *url = e->x->url.data;
	if (url && tc_date_find(url, e->x->url.len, 0, &d, NULL) == 2 && n < max)
		refs[n++] = d;
	return n;
}

/* Text near the main h1 (a little before, more after), in document order. */
static int date_near_h1(ex *e, tc_ymd *d, tc_ymd *partial, int *have_partial)
{
	if (!e->title_el)
		return 0;
	/* forward */
	xmlNode *n = e->title_el;
	size_t seen = 0;
	for (int steps = 0; n && steps < 400 && seen < 1500; steps++) {
		if (n->children && n->type == XML_ELEMENT_NODE && !(tag_of(n)->kind & K_SKIP) &&
		    !(rec_of(n) >= 0 && (e->r[rec_of(n)].flags & F_EXCL))) {
			n = n->children;
		} else {
			while (n && !n->next)
				n = n->parent;
			if (!n)
				break;
			n = n->next;
		}
		if (n->type != XML_TEXT_NODE || !n->content)
			continue;
		const char *s = (const char *)n->content;
		size_t len = strlen(s);
		seen += len;
		if (len > 400)
			continue;
		tc_ymd t;
		int r = tc_date_find(s, len, 0, &t, NULL);
		if (r == 2) {
			*d = t;
			return 1;
		}
		if (r == 1 && !*have_partial) {
			*partial = t;
			*have_partial = 1;
		}
	}
	/* backward: the date line above the headline */
	n = e->title_el;
	seen = 0;
	for (int steps = 0; n && steps < 100 && seen < 400; steps++) {
		if (n->prev) {
			n = n->prev;
			while (n->type == XML_ELEMENT_NODE && n->last && !(tag_of(n)->kind & K_SKIP))
				n = n->last;
		} else {
			n = n->parent;
			continue;
		}
		if (n->type != XML_TEXT_NODE || !n->content)
			continue;
		const char *s = (const char *)n->content;
		size_t len = strlen(s);
		seen += len;
		tc_ymd t;
		if (len <= 400 && tc_date_find(s, len, 0, &t, NULL) == 2) {
			*d = t;
			return 1;
		}
	}
	return 0;
}

static void choose_date(ex *e)
{
	tc_ymd d;
	if (e->pub_time && tc_date_parse_any(e->pub_time, strlen(e->pub_time), &d)) {
		set_date(e, d);
		return;
	}
	if (e->has_ld_pub) {
		set_date(e, e->ld_pub);
		return;
	}
	for (size_t i = 0; i < e->nsp; i++) {
		if (e->sp[i].what == SP_PUBPROP && element_date(e, e->sp[i].node, 0, &d) == 2) {
			set_date(e, d);
			return;
		}
	}
	if (e->pub_other && tc_date_parse_any(e->pub_other, strlen(e->pub_other), &d)) {
		set_date(e, d);
		return;
	}
	uint32_t anchor = e->title_el ? e->title_pos : e->top >= 0 ? e->r[e->top].pos : 0;
	tc_ymd partial = {0, 0, 0};
	int have_partial = 0;
	/* <time>, then elements whose class or id says date, nearest the title */
	for (int what = SP_TIME; what <= SP_DATE; what++) {
		special *best = NULL, *near = NULL;
		tc_ymd best_d = {0, 0, 0}, near_d = {0, 0, 0};
		uint32_t best_dist = 0, near_dist = 0;
		for (size_t i = 0; i < e->nsp && e->st == TC_OK; i++) {
			special *s = &e->sp[i];
			if (s->what != what || (s->rec >= 0 && (e->r[s->rec].flags & F_EXCL)))
				continue;
			uint32_t dd = dist(s->pos, anchor);
			if (dd > 5000 || (best && dd >= best_dist))
				continue;
			int r = element_date(e, s->node, 1, &d);
			if (r == 2) {
				best = s;
				best_d = d;
				best_dist = dd;
			} else if (r == 1 && (!near || dd < near_dist)) {
				near = s;
				near_d = d;
				near_dist = dd;
			}
		}
		/* "Chiều 9/6" next to the title beats a full date further away */
		if (near && (!best || near_dist < best_dist)) {
			tc_ymd refs[64];
			size_t nref = page_dates(e, refs, 64);
			if (tc_date_resolve(&near_d, refs, nref)) {
				set_date(e, near_d);
				return;
			}
		}
		if (best) {
			set_date(e, best_d);
			return;
		}
		if (near && !have_partial && near_dist < 2000) {
			partial = near_d;
			have_partial = 1;
		}
	}
	if (date_near_h1(e, &d, &partial, &have_partial)) {
		set_date(e, d);
		return;
	}
	/* "Sáng 9/6, ..." opening the lead or the body */
	const tc_buf *lead[2] = {&e->x->summary, &e->x->body};
	for (int i = 0; i < 2 && !have_partial; i++) {
		if (!lead[i]->len)
			continue;
		size_t n = lead[i]->len < 80 ? lead[i]->len : 80;
		int r = tc_date_find(lead[i]->data, n, 0, &d, NULL);
		if (r == 2) {
			set_date(e, d);
			return;
		}
		if (r == 1) {
			partial = d;
			have_partial = 1;
		}
	}
	if (have_partial) {
		tc_ymd refs[64];
		size_t nref = page_dates(e, refs, 64);
		if (tc_date_resolve(&partial, refs, nref)) {
			set_date(e, partial);
			return;
		}
	}
	const char *url = e->x->url.data;
	if (url && tc_date_find(url, e->x->url.len, 0, &d, NULL) == 2)
		set_date(e, d);
}

/* ---- front pages and stubs ----------------------------------------------------- */

/* Is the path of url "/" (or an index page)? */
static int root_url(const char *url)
{
	if (!url)
		return 0;
	const char *p = strstr(url, "://");
	if (!p)
		return 0;
	p = strchr(p + 3, '/');
	if (!p)
		return 1;
	static const char *const roots[] = {"/", "/index.html", "/index.htm", "/index.php",
					    "/default.aspx", "/home", "/trang-chu", "/vi", "/vn",
					    "/vi/", "/vn/", "/home/"};
	size_t n = strcspn(p, "?#");
	for (size_t i = 0; i < sizeof roots / sizeof roots[0]; i++)
		if (strlen(roots[i]) == n && !strncasecmp(p, roots[i], n))
			return 1;
	return 0;
}

static int article_metadata(const ex *e)
{
	return e->ld_article || e->pub_time || (e->og_type && !strcasecmp(e->og_type, "article"));
}

/* ---- dated headline --------------------------------------------------------------- */

#define DATED_AFTER 300  /* visible characters after the headline searched for its date */
#define DATED_BEFORE 200 /* and above it */

/* Is n inside a link or a list?  A headline there is some teaser's. */
static int in_link_or_list(const xmlNode *n)
{
	for (; n && n->type == XML_ELEMENT_NODE; n = n->parent)
		if (tag_of(n)->kind & (K_LINK | K_LIST))
			return 1;
	return 0;
}

enum { D_GO, D_SKIP, D_STOP };

/* What the search for the headline's date does at element n: goes into it,
 * passes over it (*chars gets its text, which counts), or stops (another
 * headline, a list or a headline link: what follows belongs to others). */
static int dated_step(ex *e, xmlNode *n, uint32_t *chars)
{
	*chars = 0;
	unsigned k = tag_of(n)->kind;
	if (k & (K_SKIP | K_HEADEL) || hidden(n))
		return D_SKIP;
	if (k & (K_HEAD | K_LIST))
		return D_STOP;
	if (k & K_LINK) {
		*chars = text_chars(e, n);
		return *chars >= TEASER_LINK ? D_STOP : D_SKIP;
	}
	int32_t ri = rec_of(n);
	if (ri >= 0 && (e->r[ri].flags & F_EXCL)) {
		*chars = e->r[ri].text;
		return D_SKIP;
	}
	return D_GO;
}

/* The next node after n in document order, not going into n. */
static xmlNode *after(xmlNode *n)
{
	while (n && !n->next)
		n = n->parent;
	return n ? n->next : NULL;
}

/* Does a headline link (alone or in a heading) come before any other text
 * after n?  Then the date in n is a teaser's ("12/03/2024 <a>Headline of
 * another item</a>"); a plain heading after it (a sapo in an h2) is not. */
static int teaser_follows(ex *e, xmlNode *n)
{
	n = after(n);
	for (int steps = 0; n && steps < 50; steps++) {
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if (n->content && visible_chars((const char *)n->content,
							strlen((const char *)n->content)))
				return 0;
			n = after(n);
			continue;
		}
		if (n->type != XML_ELEMENT_NODE) {
			n = after(n);
			continue;
		}
		uint32_t chars;
		int what = dated_step(e, n, &chars);
		if (what == D_STOP) {
			int32_t ri = rec_of(n);
			return (tag_of(n)->kind & K_LINK) ||
			       ((tag_of(n)->kind & K_HEAD) && ri >= 0 && e->r[ri].link >= TEASER_LINK);
		}
		if (what == D_SKIP || !n->children)
			n = after(n);
		else
			n = n->children;
	}
	return 0;
}

/* A full date in the text node n? */
static int text_date(const xmlNode *n)
{
	if (!n->content)
		return 0;
	const char *s = (const char *)n->content;
	size_t len = strlen(s);
	tc_ymd d;
	return len <= 300 && tc_date_find(s, len, 0, &d, NULL) == 2;
}

/*
 * The article signal of a page without metadata: its headline sits above
 * the body (or opens it) with the date line just under it ("Thứ Ba,
 * 09/06/2020 17:30") or just above it.  A section or tag page also has a
 * heading and dates, but each date there belongs to a teaser: another
 * heading, a list or a headline link comes first, or right after the date.
 */
static int dated_headline(ex *e)
{
	xmlNode *h = e->title_el;
	if (!h || e->top < 0 || in_link_or_list(h))
		return 0;
	int32_t hr = rec_of(h);
	if (hr >= 0 && (e->r[hr].flags & F_EXCL))
		return 0;
	/* above the body, or at its start, and not far from it */
	const rec *top = &e->r[e->top];
	uint32_t h_end = e->title_pos + (hr >= 0 ? e->r[hr].text : 0);
	if (e->title_pos > top->pos + 300 || top->pos > h_end + 3000)
		return 0;
	/* under the headline */
	uint32_t seen = 0;
	xmlNode *n = after(h);
	for (int steps = 0; n && steps < 400 && seen <= DATED_AFTER; steps++) {
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if (text_date(n))
				return !teaser_follows(e, n);
			if (n->content)
				seen += visible_chars((const char *)n->content,
						      strlen((const char *)n->content));
			n = after(n);
			continue;
		}
		if (n->type != XML_ELEMENT_NODE) {
			n = after(n);
			continue;
		}
		uint32_t chars;
		int what = dated_step(e, n, &chars);
		if (what == D_STOP)
			break;
		seen += chars;
		n = what == D_SKIP || !n->children ? after(n) : n->children;
	}
	/* above it: the date line right before the headline; anything else
	 * in between (furniture included) and the date is not its own */
	seen = 0;
	n = h;
	for (int steps = 0; n && steps < 200 && seen <= DATED_BEFORE; steps++) {
		if (!n->prev) {
			n = n->parent;
			if (!n || n->type != XML_ELEMENT_NODE || (tag_of(n)->kind & K_HEADEL) ||
			    !strcmp((const char *)n->name, "body"))
				break;
			continue;
		}
		n = n->prev;
		for (;;) {
			if (n->type != XML_ELEMENT_NODE)
				break;
			uint32_t chars;
			int what = dated_step(e, n, &chars);
			int32_t ri = rec_of(n);
			if (what == D_STOP || (ri >= 0 && (e->r[ri].flags & F_EXCL)))
				return 0;
			seen += chars;
			if (what == D_SKIP || !n->last)
				break;
			n = n->last;
		}
		if (n->type != XML_TEXT_NODE && n->type != XML_CDATA_SECTION_NODE)
			continue;
		if (text_date(n))
			return 1;
		if (n->content)
			seen += visible_chars((const char *)n->content, strlen((const char *)n->content));
	}
	return 0;
}

/* A page of teasers: many headline links around the text that stays.
 * dated: the page has a dated headline, which counts as article metadata. */
static int front_page(ex *e, int dated)
{
	const char *url = e->canonical ? e->canonical : e->og_url;
	if (root_url(url))
		return 1;
	uint32_t kept = 0, kept_chars = 0;
	for (size_t i = 0; i < e->np; i++) {
		if (e->p[i].drop)
			continue;
		kept++;
		kept_chars += e->p[i].chars;
	}
	uint32_t teasers = 0;
	for (size_t k = 0; k < e->nroots; k++)
		teasers += e->r[e->roots[k]].teasers;
	teasers = teasers > e->dropped_teasers ? teasers - e->dropped_teasers : 0;
	uint32_t page_teasers = e->body_rec >= 0 ? e->r[e->body_rec].teasers : 0;
	/* headline links between the short texts that stayed */
	int listing = e->linky_dropped >= 5 && e->linky_dropped * 2 >= kept;
	/* less text than one lead per teaser link */
	int teaser_heavy = teasers >= 8 && kept_chars < teasers * 120;
	/* all that stands out is one teaser's lead among many */
	int weak = kept_chars < 600 && page_teasers >= 20;
	if (article_metadata(e) || dated)
		return listing && teaser_heavy && kept_chars < 1000;
	return listing || teaser_heavy || weak;
}

/* Is t the title of a redirect, a server error or a bot challenge? */
static int stub_title(ex *e, const tc_buf *t)
{
	if (!t->len || fold(t->data, t->len, &e->fa) != TC_OK)
		return 0;
	static const char *const exact[] = {"found", "moved", "redirect", "redirecting", "error",
					    "object moved", "document moved", "not found",
					    "forbidden", "access denied", "bad request"};
	for (size_t i = 0; i < sizeof exact / sizeof exact[0]; i++)
		if (strlen(exact[i]) == e->fa.len && !memcmp(e->fa.data, exact[i], e->fa.len))
			return 1;
	static const char *const starts[] = {"document moved", "object moved", "moved permanently",
					     "just a moment", "attention required", "please wait",
					     "service unavailable", "access denied"};
	if (folded_starts(&e->fa, starts, sizeof starts / sizeof starts[0]))
		return 1;
	/* "301 Moved Permanently", "404 Not Found", "503 Service Unavailable" */
	const char *f = e->fa.data;
	if (e->fa.len < 5 || f[0] < '3' || f[0] > '5' || f[1] < '0' || f[1] > '9' || f[2] < '0' ||
	    f[2] > '9' || f[3] != ' ')
		return 0;
	static const char *const words[] = {"moved", "found", "not ", "forbidden", "internal",
					    "bad ", "service", "gateway", "see other", "temporar",
					    "permanent", "unauthorized", "method", "request"};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (!strncmp(f + 4, words[i], strlen(words[i])))
			return 1;
	return 0;
}

/* The <title> of a stub whose h1 says something else (a challenge's "Just
 * a moment..." above "Checking your browser"). */
static int stub_doc_title(ex *e)
{
	if (!e->title_node || node_text(e->title_node, &e->tmp) != TC_OK)
		return 0;
	return stub_title(e, &e->tmp); /* which folds into fa, leaving tmp alone */
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
			ex_fail(e, set_text(&e->tmp, (const char *)o->stringval,
					    strlen((const char *)o->stringval)));
		else
			ex_fail(e, node_text(o->nodesetval->nodeTab[0], &e->tmp));
		if (e->tmp.len && e->st == TC_OK) {
			ex_fail(e, set_text(&e->x->title, e->tmp.data, e->tmp.len));
			strip_site(e, &e->x->title);
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
				found = element_date(e, o->nodesetval->nodeTab[i], 0, &d) == 2;
		}
		if (found)
			set_date(e, d);
		xmlXPathFreeObject(o);
	}
	o = xpath(c, h->body_xpath);
	if (o) {
		tc_buf body;
		tc_buf_init(&body, FIELD_MAX);
		if (o->type == XPATH_STRING) {
			const char *s = (const char *)o->stringval;
			ex_fail(e, set_text(&body, s, strlen(s)));
		} else {
			/* Trust the selection: only scripts, hidden parts and
			 * furniture classes inside it are left out. */
			for (size_t i = 0; i < e->nr; i++)
				e->r[i].flags &= ~(unsigned)F_DROP;
			for (size_t i = 0; i < e->nr; i++)
				if ((e->r[i].flags & F_NEG) && !(e->r[i].flags & F_POS))
					e->r[i].flags |= F_DROP;
			if (e->title_el && rec_of(e->title_el) >= 0)
				e->r[rec_of(e->title_el)].flags |= F_DROP;
			size_t np = e->np;
			for (int i = 0; i < o->nodesetval->nodeNr && e->st == TC_OK; i++) {
				xmlNode *n = o->nodesetval->nodeTab[i];
				if (n->type == XML_ELEMENT_NODE || n->type == XML_TEXT_NODE ||
				    n->type == XML_CDATA_SECTION_NODE) {
					int32_t ri = rec_of(n);
					if (ri >= 0)
						e->r[ri].flags &= ~(unsigned)F_DROP;
					emit(e, n, &body);
				}
			}
			e->np = np;
			trim_end(&body);
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
	walk(root, survey_enter, survey_leave, e);
	if (e->st != TC_OK)
		return;
	read_json_ld(e);
	const char *url = e->canonical ? e->canonical : e->og_url;
	if (url)
		ex_fail(e, set_text(&x->url, url, strlen(url)));
	const char *src = e->site_name ? e->site_name : e->ld_publisher.len ? e->ld_publisher.data : NULL;
	if (src)
		ex_fail(e, set_text(&x->source, src, strlen(src)));

	exclude(e, 1);
	score(e);
	e->top = best_candidate(e);
	if (e->top < 0) { /* everything looked like furniture: try again without that */
		exclude(e, 0);
		score(e);
		e->top = best_candidate(e);
	}
	choose_h1(e);
	choose_title(e);
	find_title_element(e);
	headline_not_body(e);
	choose_sapo(e);
	choose_roots(e);
	clean(e);
	for (size_t k = 0; k < e->nroots && e->st == TC_OK; k++)
		emit(e, e->r[e->roots[k]].node, &x->body);
	if (e->st != TC_OK)
		return;
	check_paragraphs(e);
	if (e->st != TC_OK)
		return;
	compact_body(e);
	choose_date(e);
	choose_author(e);
	if (e->ld_own_article)
		x->signals |= TC_SIGNAL_JSONLD;
	if (e->pub_time || (e->og_type && !strcasecmp(e->og_type, "article")))
		x->signals |= TC_SIGNAL_OG;
	if (dated_headline(e))
		x->signals |= TC_SIGNAL_DATED_HEADLINE;
	if (e->st != TC_OK)
		return;
	int article_url = hints && hints->article_url;
	if (article_url)
		x->signals |= TC_SIGNAL_URL;
	/* the config's word that the URL is an article's beats the look of a
	 * short page in a shell of many links */
	x->page = x->signals ? TC_PAGE_ARTICLE : TC_PAGE_UNKNOWN;
	if (!article_url && front_page(e, (x->signals & TC_SIGNAL_DATED_HEADLINE) != 0)) {
		tc_buf_reset(&x->body);
		x->page = TC_PAGE_LISTING;
	}
	if ((e->refresh || stub_title(e, &x->title) || stub_doc_title(e)) && x->body.len < STUB_BODY) {
		tc_buf_reset(&x->title);
		tc_buf_reset(&x->body);
		x->page = TC_PAGE_STUB;
	}
	apply_hints(e, doc, hints);
	trim_end(&x->body);
	/* An article whose only text is the lead it shows under its headline
	 * (a video's caption in a sapo): that lead is its body too. */
	if (x->page == TC_PAGE_ARTICLE && !x->body.len && e->summary_from_page && e->st == TC_OK)
		ex_fail(e, set_text(&x->body, x->summary.data, x->summary.len));
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
