/*
 * extract_body.c - the body of an article: passes 1 to 3 of the extractor
 * (survey, score, emit; extract_html.c describes them), the paragraph checks
 * that follow, and the judgement that a page is a front page of teasers or
 * a stub (redirect, error, bot challenge) rather than an article.
 */
#include "extract_internal.h"

#include <libxml/tree.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract_date.h"
#include "vn_text.h"
#include "tc_ascii.h"
#include "html_attr.h"
#include "tc_buf.h"
#include "tc_banned.h"

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

int ex_survey_enter(void *ctx, xmlNode *n)
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
	const tag_info *ti = ex_tag_of(n);
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
			flags |= ex_class_hints(v, &weight);
		else if (!strcmp(an, "itemprop"))
			itemprop = v;
		else if (!strcmp(an, "hidden") || (!strcmp(an, "style") && ex_style_hidden(v)))
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

void ex_survey_leave(void *ctx, xmlNode *n)
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
	int32_t me = ex_rec_of(n);
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

/* ---- pass 2: score ------------------------------------------------------------ */

static float density(const rec *r)
{
	return r->text ? (float)r->link / (float)r->text : 0.0f;
}

/* Mark furniture (and everything in it) as excluded.  Furniture that holds
 * more than half of the page's text outside links is a mislabelled wrapper,
 * not furniture. */
void ex_exclude(ex *e, int strict)
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

void ex_score(ex *e)
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

int32_t ex_best_candidate(ex *e)
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
void ex_choose_roots(ex *e)
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
		    ex_node_text(s->node, &e->tmp) == TC_OK && looks_like_name(e->tmp.data, e->tmp.len)) {
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
void ex_clean(ex *e)
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
		ex_fail(e, ex_append_ws(m->out, s, len, &m->space));
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
	int32_t ri = ex_rec_of(n);
	if (ri >= 0 && (e->r[ri].flags & F_DROP))
		return 0;
	if (n == e->sapo)
		return 0;
	const tag_info *ti = ex_tag_of(n);
	if (ti->kind & (K_SKIP | K_HEADEL) || ex_hidden(n))
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
	const tag_info *ti = ex_tag_of(n);
	if (ti->kind & K_LINK)
		m->a_depth--;
	if (ti->kind & K_BOLD)
		m->b_depth--;
	if (ti->kind & K_CELL)
		m->space = 1;
	else if (ti->kind & K_BLOCK)
		end_para(m);
}

void ex_emit(ex *e, xmlNode *root, tc_buf *out)
{
	emitter m = {.e = e, .out = out, .start = out->len};
	ex_walk(root, emit_enter, emit_leave, &m);
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
	if (ex_fold(s, n, &e->fb) != TC_OK)
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

void ex_check_paragraphs(ex *e)
{
	tc_buf *b = &e->x->body;
	tc_status st = TC_OK;
	tc_buf ftitle, fsum;
	tc_buf_init(&ftitle, FIELD_MAX);
	tc_buf_init(&fsum, FIELD_MAX);
	st = ex_fold(e->x->title.data ? e->x->title.data : "", e->x->title.len, &ftitle);
	if (st == TC_OK)
		st = ex_fold(e->x->summary.data ? e->x->summary.data : "", e->x->summary.len, &fsum);
	for (size_t i = 0; i < e->np && st == TC_OK; i++) {
		para *p = &e->p[i];
		const char *s = b->data + p->off;
		if (p->link * 2 > p->chars) {
			p->drop = 1;
			if (p->chars >= 20)
				e->linky_dropped++;
			continue;
		}
		st = ex_fold(s, p->len, &e->fa);
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
				st = ex_set_text(&e->x->summary, b->data + p->off, p->len);
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
		st = ex_fold(s, p->len, &e->fa);
		if (st != TC_OK)
			break;
		int source = folded_starts(&e->fa, (const char *const[]){"theo ", "nguon:", "nguon "}, 3);
		int name = !strchr(".!?:;,\"", endc) && ex_utf8_chars(s, p->len) <= 50 &&
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
void ex_compact_body(ex *e)
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

/* A page of teasers: many headline links around the text that stays.
 * dated: the page has a dated headline, which counts as article metadata. */
int ex_front_page(ex *e, int dated)
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
int ex_stub_title(ex *e, const tc_buf *t)
{
	if (!t->len || ex_fold(t->data, t->len, &e->fa) != TC_OK)
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
int ex_stub_doc_title(ex *e)
{
	if (!e->title_node || ex_node_text(e->title_node, &e->tmp) != TC_OK)
		return 0;
	return ex_stub_title(e, &e->tmp); /* which folds into fa, leaving tmp alone */
}
