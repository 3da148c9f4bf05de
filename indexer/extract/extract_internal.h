/*
 * extract_internal.h - what the parts of the HTML extractor share, and
 * nothing outside indexer/extract/ includes.  The public API is
 * extract_html.h; this header is the one internal header behind it, as
 * SQLite FTS5 keeps fts5Int.h behind its fts5_*.c files.
 *
 * The extractor is four files around one state, ex (below):
 *  - extract_html.c: the tag table, the class and id hints, the records,
 *    the text helpers every pass uses, the XPath hints and the whole (the
 *    public entry points, which run the passes in order);
 *  - extract_body.c: passes 1 to 3 (survey, score, emit), the paragraph
 *    checks, front pages and stubs;
 *  - extract_meta.c: title, summary and author, date, the dated headline;
 *  - extract_jsonld.c: the page's JSON-LD.
 * extract_html.c's opening comment describes the passes.
 *
 * Every function here takes the sticky status of its ex: once e->st is not
 * TC_OK (an allocation failed), they do nothing more that could fail.
 */
#ifndef EXTRACT_INTERNAL_H
#define EXTRACT_INTERNAL_H

#include <libxml/tree.h>
#include <stddef.h>
#include <stdint.h>

#include "extract_date.h"
#include "extract_html.h"
#include "tc_buf.h"
#include "tc_status.h"

#define FIELD_MAX (8u << 20)
#define REC_MAX (1u << 20)     /* block records per page; later blocks count as inline */
#define SPECIAL_MAX 512        /* notes per page */
#define LD_MAX 16              /* JSON-LD scripts read per page */
#define SHORT_TEXT 4096        /* bytes of an element's text read for titles and dates */
#define STUB_BODY 1000         /* a redirect or error page has less body than this */
#define LOOKS_MAX 64           /* candidates read for the h1, the sapo and the title line */
#define TEASER_LINK 20         /* characters of link text that make a headline link */

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

/* Walk the subtree of root in document order without recursion.  enter
 * returns non-zero to go into an element's children; leave is called for
 * every element entered that way. */
typedef int (*enter_fn)(void *ctx, xmlNode *n);
typedef void (*leave_fn)(void *ctx, xmlNode *n);
/* ---- extract_html.c: tags, hints, records, text helpers ---------------- */

/* The kind and weight of element n (an unknown tag is inline). */
const tag_info *ex_tag_of(const xmlNode *n);
/* Hints (F_*) of one class or id value; *weight gets +-25 for them. */
unsigned ex_class_hints(const char *v, int *weight);
/* Make st the extraction's status unless an earlier failure already is. */
void ex_fail(ex *e, tc_status st);
/* The record of element n (pass 1), or -1. */
int32_t ex_rec_of(const xmlNode *n);
/* Append s[0..n) to b with white space folded; *space carries a pending
 * space from one call to the next. */
tc_status ex_append_ws(tc_buf *b, const char *s, size_t n, int *space);
/* Drop trailing spaces and newlines from b. */
void ex_trim_end(tc_buf *b);
/* Set b to s[0..n) with white space folded and trimmed. */
tc_status ex_set_text(tc_buf *b, const char *s, size_t n);
/* Characters (not bytes) of the UTF-8 s[0..n). */
size_t ex_utf8_chars(const char *s, size_t n);
/* Reset out to s[0..n) folded (lower case, no diacritics); out->data is
 * never NULL on success. */
tc_status ex_fold(const char *s, size_t n, tc_buf *out);
/* Walk root's subtree in document order, iteratively (see enter_fn). */
void ex_walk(xmlNode *root, enter_fn enter, leave_fn leave, void *ctx);
/* Does the style attribute value v say display: none? */
int ex_style_hidden(const char *v);
/* Is element n hidden (hidden attribute, display: none)? */
int ex_hidden(const xmlNode *n);
/* Reset out to n's visible text, white space folded, cut short past
 * SHORT_TEXT bytes; out->data is never NULL on success. */
tc_status ex_node_text(xmlNode *n, tc_buf *out);

/* ---- extract_body.c: passes 1-3, paragraph checks, front pages, stubs -- */

/* Pass 1, the callbacks of one ex_walk over the document: records, notes
 * and metadata. */
int ex_survey_enter(void *ctx, xmlNode *n);
void ex_survey_leave(void *ctx, xmlNode *n);
/* Pass 2: mark the furniture (strict: unless it holds most of the text),
 * score the records, and pick the best container (-1: none). */
void ex_exclude(ex *e, int strict);
void ex_score(ex *e);
int32_t ex_best_candidate(ex *e);
/* Pass 3: the kept containers (e->roots), what inside them stays out,
 * and their text appended to out as paragraphs (e->p). */
void ex_choose_roots(ex *e);
void ex_clean(ex *e);
void ex_emit(ex *e, xmlNode *root, tc_buf *out);
/* Mark the paragraphs that are not body (and take the lead and byline
 * found among them), then rebuild the body from the others. */
void ex_check_paragraphs(ex *e);
void ex_compact_body(ex *e);
/* Is the page a front or section page of teasers?  dated: it has a dated
 * headline. */
int ex_front_page(ex *e, int dated);
/* Is t the title of a redirect, an error or a bot challenge?  Uses e->fa. */
int ex_stub_title(ex *e, const tc_buf *t);
/* Is the page's <title> such a stub's?  Uses e->tmp and e->fa. */
int ex_stub_doc_title(ex *e);

/* ---- extract_meta.c: title, summary, author, date, dated headline ------- */

/* Strip the site's name from the ends of the title t. */
void ex_strip_site(ex *e, tc_buf *t);
/* The main h1, then the title, then (without an h1) the line that shows
 * the title, and a rescore if that line was taken for the body. */
void ex_choose_h1(ex *e);
void ex_choose_title(ex *e);
void ex_find_title_element(ex *e);
void ex_headline_not_body(ex *e);
/* The summary (the sapo element, else the metadata) and the author. */
void ex_choose_sapo(ex *e);
void ex_choose_author(ex *e);
/* Set the article's date to d. */
void ex_set_date(ex *e, tc_ymd d);
/* The date element n holds (datetime or content attribute, else its text;
 * bare: a bare "9/6" counts as partial): 2 full, 1 partial, 0 none. */
int ex_element_date(ex *e, xmlNode *n, int bare, tc_ymd *d);
void ex_choose_date(ex *e);
/* Does the page show its headline with its own date line next to it? */
int ex_dated_headline(ex *e);

/* ---- extract_jsonld.c: JSON-LD ------------------------------------------ */

/* Read the page's JSON-LD scripts (e->ld): the Article's headline,
 * description, authors, publisher and dates. */
void ex_read_json_ld(ex *e);

#endif
