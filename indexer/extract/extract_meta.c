/*
 * extract_meta.c - the fields of an article besides its body (pass 4 of
 * the extractor): the title without the site's name, the summary and the
 * author, the date, and the dated headline that marks an article without
 * metadata.  Each reads the metadata and the notes of pass 1 near the
 * headline.
 */
#include "extract_internal.h"

#include <libxml/tree.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "extract_date.h"
#include "tc_ascii.h"
#include "html_attr.h"
#include "tc_buf.h"
#include "tc_banned.h"

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
	if (ex_utf8_chars(s, n) > 80 || !lower_nfc(e, s, n, &e->fa) || !e->fa.len)
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
		    (ex_utf8_chars(f->data, f->len) >= 4 && tc_mem_find(e->fb.data, e->fb.len, f->data, f->len)))
			return 1;
	}
	return 0;
}

/* Strip " - Site name" (repeatedly) and "Site name | " from t. */
void ex_strip_site(ex *e, tc_buf *t)
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
		if (!best || ex_utf8_chars(t->data, best) < 8)
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
		if (ex_utf8_chars(t->data + i + l, t->len - i - l) >= 8 && site_like(e, t->data, i)) {
			memmove(t->data, t->data + i + l, t->len - i - l);
			t->len -= i + l;
			t->data[t->len] = '\0';
		}
		break;
	}
}

/* The main h1: the first one outside furniture with a real headline,
 * preferring one that agrees with og:title. */
void ex_choose_h1(ex *e)
{
	special *first = NULL, *agree = NULL;
	tc_buf fog;
	tc_buf_init(&fog, FIELD_MAX);
	if (e->og_title && ex_fold(e->og_title, strlen(e->og_title), &fog) != TC_OK)
		tc_buf_reset(&fog);
	for (size_t i = 0, looks = 0; i < e->nsp && e->st == TC_OK && looks < LOOKS_MAX; i++) {
		special *s = &e->sp[i];
		if (s->what != SP_H1)
			continue;
		looks++;
		if (s->rec >= 0 && (e->r[s->rec].flags & (F_EXCL | F_NEG)) && !(e->r[s->rec].flags & F_POS))
			continue;
		ex_fail(e, ex_node_text(s->node, &e->tmp));
		if (ex_utf8_chars(e->tmp.data, e->tmp.len) < 10)
			continue;
		if (!first)
			first = s;
		if (fog.len && ex_fold(e->tmp.data, e->tmp.len, &e->fa) == TC_OK &&
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

void ex_choose_title(ex *e)
{
	tc_buf *t = &e->x->title;
	const char *cands[5] = {e->og_title, e->ld_headline.len ? e->ld_headline.data : NULL, NULL,
				e->tw_title, NULL};
	tc_buf h1text, doctitle;
	tc_buf_init(&h1text, FIELD_MAX);
	tc_buf_init(&doctitle, FIELD_MAX);
	if (e->h1)
		ex_fail(e, ex_node_text(e->h1->node, &h1text));
	if (e->title_node)
		ex_fail(e, ex_node_text(e->title_node, &doctitle));
	cands[2] = h1text.len ? h1text.data : NULL;
	cands[4] = doctitle.len ? doctitle.data : NULL;
	for (size_t i = 0; i < 5 && e->st == TC_OK; i++) {
		if (!cands[i])
			continue;
		ex_fail(e, ex_set_text(t, cands[i], strlen(cands[i])));
		if (!t->len)
			continue;
		ex_strip_site(e, t);
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
	if (ex_node_text(n, &e->tmp) != TC_OK)
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
	if (ex_tag_of(p)->kind & K_LINK)
		return text_chars(e, p) >= TEASER_LINK;
	int32_t ri = ex_rec_of(p);
	return ri >= 0 && (e->r[ri].kind & K_HEAD) && e->r[ri].link >= TEASER_LINK;
}

/* Without an h1, the page still shows its headline somewhere: a block whose
 * whole text is the title, or the part of a <title> before a separator
 * ("Headline - Sở Tài nguyên và Môi trường", the site name unknown).  That
 * block then anchors the date and the lead, and the title loses the rest. */
void ex_find_title_element(ex *e)
{
	tc_buf *t = &e->x->title;
	if (e->title_el || !t->len || e->st != TC_OK)
		return;
	size_t cut[8], ncut = 0;
	cut[ncut++] = t->len;
	for (size_t i = t->len; i-- > 1 && ncut < 8;) {
		size_t l;
		if (sep_at(t->data, t->len, i, &l) && ex_utf8_chars(t->data, i) >= 8)
			cut[ncut++] = i;
	}
	tc_buf want;
	tc_buf_init(&want, FIELD_MAX);
	size_t looks = 0;
	for (size_t c = 0; c < ncut && !e->title_el && e->st == TC_OK && looks < LOOKS_MAX; c++) {
		uint32_t chars = visible_chars(t->data, cut[c]);
		if (ex_fold(t->data, cut[c], &want) != TC_OK)
			break;
		for (size_t i = 0; i < e->nr; i++) {
			rec *r = &e->r[i];
			if (r->text != chars || (r->flags & F_EXCL) || r->link * 2 > r->text)
				continue;
			if (++looks > LOOKS_MAX)
				break;
			ex_fail(e, ex_node_text(r->node, &e->tmp));
			if (e->st != TC_OK || ex_fold(e->tmp.data, e->tmp.len, &e->fa) != TC_OK)
				break;
			if (e->fa.len != want.len || memcmp(e->fa.data, want.data, want.len))
				continue;
			e->title_el = r->node;
			e->title_pos = r->pos;
			t->len = cut[c];
			t->data[t->len] = '\0';
			ex_trim_end(t);
			break;
		}
	}
	tc_buf_release(&want);
}

/* On a short page without h1 the line that shows the title can outscore the
 * one sentence of body and be taken for the body (and then dropped as the
 * title): score again without it. */
void ex_headline_not_body(ex *e)
{
	if (!e->title_el || e->h1 || e->top < 0 || e->st != TC_OK)
		return;
	int32_t t = ex_rec_of(e->title_el);
	const rec *top = &e->r[e->top];
	if (t < 0)
		return;
	int top_in_title = e->top >= t && e->top <= e->r[t].end;
	int title_all_top = t >= e->top && t <= top->end && top->text == e->r[t].text;
	if (!top_in_title && !title_all_top)
		return;
	for (int32_t i = t; i <= e->r[t].end; i++)
		e->r[i].flags |= F_HEADLINE;
	ex_score(e);
	e->top = ex_best_candidate(e);
}

/* ---- summary and author ---------------------------------------------------------- */

static uint32_t dist(uint32_t a, uint32_t b)
{
	return a > b ? a - b : b - a;
}

void ex_choose_sapo(ex *e)
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
		int32_t ri = ex_rec_of(s->node);
		if (ri >= 0 && (e->r[ri].link * 2 > e->r[ri].text || e->r[ri].text > 1500 ||
				(e->r[ri].flags & F_NEG)))
			continue;
		if (ri >= 0 && ri == e->top)
			continue;
		uint32_t d = dist(s->pos, anchor);
		if (d > 3000 || teaser_lead(e, s->node))
			continue;
		looks++;
		ex_fail(e, ex_node_text(s->node, &e->tmp));
		size_t chars = ex_utf8_chars(e->tmp.data, e->tmp.len);
		if (chars < 30 || chars > 1500)
			continue;
		if (!best || d < best_d) {
			best = s;
			best_d = d;
		}
	}
	if (best && e->st == TC_OK) {
		e->sapo = best->node;
		ex_fail(e, ex_node_text(best->node, &e->x->summary));
		e->summary_from_page = 1;
		return;
	}
	const char *m = e->og_desc ? e->og_desc : e->ld_desc.len ? e->ld_desc.data :
		e->meta_desc ? e->meta_desc : e->tw_desc;
	if (m) {
		ex_fail(e, ex_set_text(&e->x->summary, m, strlen(m)));
		ex_strip_site(e, &e->x->summary);
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

void ex_choose_author(ex *e)
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
			ex_fail(e, ex_set_text(a, content, strlen(content)));
		else
			ex_fail(e, ex_node_text(s->node, a));
		strip_author_prefix(a);
		size_t chars = ex_utf8_chars(a->data, a->len);
		if (chars >= 2 && chars <= 60)
			return;
		tc_buf_reset(a);
	}
	if (e->byline.len) {
		ex_fail(e, ex_set_text(a, e->byline.data, e->byline.len));
		strip_author_prefix(a);
		return;
	}
	if (e->ld_author.len) {
		ex_fail(e, ex_set_text(a, e->ld_author.data, e->ld_author.len));
		return;
	}
	if (e->meta_author && strncmp(e->meta_author, "http", 4) &&
	    !site_like(e, e->meta_author, strlen(e->meta_author)))
		ex_fail(e, ex_set_text(a, e->meta_author, strlen(e->meta_author)));
}

/* ---- dates ---------------------------------------------------------------------- */

void ex_set_date(ex *e, tc_ymd d)
{
	char s[11];
	tc_date_format(d, s);
	tc_buf_reset(&e->x->date);
	ex_fail(e, tc_buf_append(&e->x->date, s, 10));
}

/* The date an element holds: datetime or content attribute, else its text
 * (returns 2 full, 1 partial, 0 none). */
int ex_element_date(ex *e, xmlNode *n, int bare, tc_ymd *d)
{
	const char *v = tc_html_attr(n, "datetime");
	if (!v)
		v = tc_html_attr(n, "content");
	if (v && tc_date_parse_any(v, strlen(v), d))
		return 2;
	if (ex_node_text(n, &e->tmp) != TC_OK || e->tmp.len > 300)
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
		if ((s->what == SP_TIME || s->what == SP_DATE) && ex_element_date(e, s->node, 0, &d) == 2)
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
		if (n->children && n->type == XML_ELEMENT_NODE && !(ex_tag_of(n)->kind & K_SKIP) &&
		    !(ex_rec_of(n) >= 0 && (e->r[ex_rec_of(n)].flags & F_EXCL))) {
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
			while (n->type == XML_ELEMENT_NODE && n->last && !(ex_tag_of(n)->kind & K_SKIP))
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

void ex_choose_date(ex *e)
{
	tc_ymd d;
	if (e->pub_time && tc_date_parse_any(e->pub_time, strlen(e->pub_time), &d)) {
		ex_set_date(e, d);
		return;
	}
	if (e->has_ld_pub) {
		ex_set_date(e, e->ld_pub);
		return;
	}
	for (size_t i = 0; i < e->nsp; i++) {
		if (e->sp[i].what == SP_PUBPROP && ex_element_date(e, e->sp[i].node, 0, &d) == 2) {
			ex_set_date(e, d);
			return;
		}
	}
	if (e->pub_other && tc_date_parse_any(e->pub_other, strlen(e->pub_other), &d)) {
		ex_set_date(e, d);
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
			int r = ex_element_date(e, s->node, 1, &d);
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
				ex_set_date(e, near_d);
				return;
			}
		}
		if (best) {
			ex_set_date(e, best_d);
			return;
		}
		if (near && !have_partial && near_dist < 2000) {
			partial = near_d;
			have_partial = 1;
		}
	}
	if (date_near_h1(e, &d, &partial, &have_partial)) {
		ex_set_date(e, d);
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
			ex_set_date(e, d);
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
			ex_set_date(e, partial);
			return;
		}
	}
	const char *url = e->x->url.data;
	if (url && tc_date_find(url, e->x->url.len, 0, &d, NULL) == 2)
		ex_set_date(e, d);
}

/* ---- dated headline --------------------------------------------------------------- */

#define DATED_AFTER 300  /* visible characters after the headline searched for its date */
#define DATED_BEFORE 200 /* and above it */

/* Is n inside a link or a list?  A headline there is some teaser's. */
static int in_link_or_list(const xmlNode *n)
{
	for (; n && n->type == XML_ELEMENT_NODE; n = n->parent)
		if (ex_tag_of(n)->kind & (K_LINK | K_LIST))
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
	unsigned k = ex_tag_of(n)->kind;
	if (k & (K_SKIP | K_HEADEL) || ex_hidden(n))
		return D_SKIP;
	if (k & (K_HEAD | K_LIST))
		return D_STOP;
	if (k & K_LINK) {
		*chars = text_chars(e, n);
		return *chars >= TEASER_LINK ? D_STOP : D_SKIP;
	}
	int32_t ri = ex_rec_of(n);
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
			int32_t ri = ex_rec_of(n);
			return (ex_tag_of(n)->kind & K_LINK) ||
			       ((ex_tag_of(n)->kind & K_HEAD) && ri >= 0 && e->r[ri].link >= TEASER_LINK);
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
int ex_dated_headline(ex *e)
{
	xmlNode *h = e->title_el;
	if (!h || e->top < 0 || in_link_or_list(h))
		return 0;
	int32_t hr = ex_rec_of(h);
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
			if (!n || n->type != XML_ELEMENT_NODE || (ex_tag_of(n)->kind & K_HEADEL) ||
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
			int32_t ri = ex_rec_of(n);
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
