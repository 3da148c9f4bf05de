/* doc_build.c - article to Xapian document; see doc_build.h. */
#include "doc_build.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vn_token.h"
#include "tc_ascii.h"
#include "tc_banned.h"

#define PAIR_SIDE_MAX 120 /* a token longer than this pairs with nothing */

/*
 * The terms of one document with their wdf, gathered before they go to
 * Xapian: a syllable or pair occurs many times in an article, and Xapian's
 * Document keeps its terms in a std::map, so one add_term per distinct term
 * instead of one per occurrence halves the map work (its string compares
 * were the indexer's hottest spot).  Open addressing over FNV-1a hashes;
 * term bytes in one arena.
 */
typedef struct term_entry {
	uint64_t hash;
	size_t off, len;
	unsigned wdf;
} term_entry;

typedef struct termset {
	uint32_t *slot;    /* index + 1 into e, 0 = empty; nslot a power of two */
	size_t nslot;
	term_entry *e;
	size_t n, cap;
	tc_buf arena;
} termset;

#define TERMSET_ARENA_MAX ((size_t)1 << 30)

static void termset_release(termset *t)
{
	free(t->slot);
	free(t->e);
	tc_buf_release(&t->arena);
	memset(t, 0, sizeof *t);
}

static tc_status termset_grow(termset *t)
{
	size_t nslot = t->nslot ? t->nslot * 2 : 1024;
	size_t cap = nslot / 2;
	if (nslot > SIZE_MAX / sizeof *t->slot || cap > SIZE_MAX / sizeof *t->e)
		return TC_ERR_NOMEM;
	uint32_t *slot = calloc(nslot, sizeof *slot);
	term_entry *e = realloc(t->e, cap * sizeof *e);
	if (!slot || !e) {
		free(slot);
		if (e)
			t->e = e;
		return TC_ERR_NOMEM;
	}
	for (size_t i = 0; i < t->n; i++) {
		size_t k = (size_t)e[i].hash & (nslot - 1);
		while (slot[k])
			k = (k + 1) & (nslot - 1);
		slot[k] = (uint32_t)(i + 1);
	}
	free(t->slot);
	t->slot = slot;
	t->nslot = nslot;
	t->e = e;
	t->cap = cap;
	return TC_OK;
}

static tc_status termset_add(termset *t, const char *term, size_t len, unsigned wdf)
{
	if (t->n >= t->cap || t->n >= UINT32_MAX - 1) {
		tc_status st = t->n >= UINT32_MAX - 1 ? TC_ERR_TOO_BIG : termset_grow(t);
		if (st != TC_OK)
			return st;
	}
	uint64_t h = tc_hash64(term, len);
	size_t k = (size_t)h & (t->nslot - 1);
	for (; t->slot[k]; k = (k + 1) & (t->nslot - 1)) {
		term_entry *x = &t->e[t->slot[k] - 1];
		if (x->hash == h && x->len == len && !memcmp(t->arena.data + x->off, term, len)) {
			x->wdf += wdf;
			return TC_OK;
		}
	}
	size_t off = t->arena.len;
	tc_status st = tc_buf_append(&t->arena, term, len);
	if (st != TC_OK)
		return st;
	t->e[t->n] = (term_entry){h, off, len, wdf};
	t->slot[k] = (uint32_t)++t->n;
	return TC_OK;
}

static tc_status termset_flush(const termset *t, tc_doc *doc)
{
	tc_status st = TC_OK;
	for (size_t i = 0; i < t->n && st == TC_OK; i++)
		st = tc_doc_add_term(doc, t->arena.data + t->e[i].off, t->e[i].len, t->e[i].wdf);
	return st;
}

typedef struct build_ctx {
	termset *terms;
	unsigned wdf;
	int title;          /* also emit title terms (S, T) */
	uint32_t exact_left; /* tokens that still get exact-form terms */
	/* The previous pairable token of the field, for pair terms. */
	char prev_fold[PAIR_SIDE_MAX + 1], prev_exact[PAIR_SIDE_MAX + 1];
	size_t prev_fold_len, prev_exact_len;
	uint32_t prev_pos;
	int prev_diacritic, have_prev;
	tc_status st;
} build_ctx;

static int add_prefixed(build_ctx *c, const char *prefix, const char *s, size_t n, unsigned wdf)
{
	char term[TC_TERM_MAX + 1];
	size_t pl = strlen(prefix);
	if (pl + n > TC_TERM_MAX)
		return 0;
	memcpy(term, prefix, pl);
	memcpy(term + pl, s, n);
	tc_status st = termset_add(c->terms, term, pl + n, wdf);
	if (st != TC_OK) {
		c->st = st;
		return 1;
	}
	return 0;
}

static int add_term(build_ctx *c, const char *term, size_t n, unsigned wdf)
{
	if (!n)
		return 0; /* too long to be a term: not indexed, never asked for */
	tc_status st = termset_add(c->terms, term, n, wdf);
	if (st != TC_OK) {
		c->st = st;
		return 1;
	}
	return 0;
}

/*
 * The pair terms of the previous token and t, which follows it: the pair
 * once, as its reading (C) when it has a diacritic, else folded (B); a query
 * for the folded pair asks for B and the readings (searcher/query.c).  One
 * term per pair, not two, halves what pairs cost.
 */
static int add_pairs(build_ctx *c, const vn_token *t)
{
	char term[TC_TERM_MAX + 1];
	size_t n;
	if (c->prev_diacritic || (t->flags & VN_TOKF_DIACRITIC))
		n = tc_schema_reading_term(c->prev_fold, c->prev_fold_len, t->fold, t->fold_len,
					   c->prev_exact, c->prev_exact_len, t->exact, t->exact_len,
					   term);
	else
		n = tc_schema_pair_term(TC_PREFIX_PAIR, c->prev_fold, c->prev_fold_len, t->fold,
					t->fold_len, term);
	if (add_term(c, term, n, c->wdf))
		return 1;
	if (c->title) {
		n = tc_schema_pair_term(TC_PREFIX_TITLE_PAIR, c->prev_fold, c->prev_fold_len, t->fold,
					t->fold_len, term);
		if (add_term(c, term, n, 1))
			return 1;
	}
	return 0;
}

static int on_token(void *ctx, const vn_token *t)
{
	build_ctx *c = ctx;
	if (t->fold_len > TC_TERM_MAX)
		return 0;
	if (add_prefixed(c, "", t->fold, t->fold_len, c->wdf))
		return 1;
	if (c->title && add_prefixed(c, TC_PREFIX_TITLE, t->fold, t->fold_len, 1))
		return 1;
	if (c->exact_left) {
		c->exact_left--;
		if ((t->flags & VN_TOKF_DIACRITIC) &&
		    add_prefixed(c, TC_PREFIX_EXACT, t->exact, t->exact_len, c->wdf))
			return 1;
	}
	/* A compound kept whole (a code, a date) pairs through its parts,
	 * which follow it at consecutive positions. */
	if (t->flags & VN_TOKF_WHOLE)
		return 0;
	/* Across punctuation too: a text pasted into the box keeps its commas,
	 * and its pairs must be there ("chức năng. Liên quan" is one run). */
	if (c->have_prev && c->prev_pos + 1 == t->pos && add_pairs(c, t))
		return 1;
	c->have_prev = t->fold_len <= PAIR_SIDE_MAX && t->exact_len <= PAIR_SIDE_MAX;
	if (c->have_prev) {
		memcpy(c->prev_fold, t->fold, t->fold_len + 1);
		memcpy(c->prev_exact, t->exact, t->exact_len + 1);
		c->prev_fold_len = t->fold_len;
		c->prev_exact_len = t->exact_len;
		c->prev_pos = t->pos;
		c->prev_diacritic = (t->flags & VN_TOKF_DIACRITIC) != 0;
	}
	return 0;
}

/* Index one field from position *pos on; leaves *pos after a gap, so that
 * no pair joins the end of one field to the next. */
static tc_status index_field(termset *terms, tc_str s, uint32_t *pos, unsigned wdf, int title,
			     uint32_t exact_tokens)
{
	if (!s.n)
		return TC_OK;
	build_ctx c;
	memset(&c, 0, sizeof c);
	c.terms = terms;
	c.wdf = wdf;
	c.title = title;
	c.exact_left = exact_tokens;
	c.st = TC_OK;
	uint32_t next = *pos;
	tc_status st = vn_tokenize(s.p, s.n, *pos, on_token, &c, &next);
	*pos = next + TC_FIELD_GAP;
	return st != TC_OK ? st : c.st;
}

int tc_url_host(const char *url, size_t n, char *out, size_t cap)
{
	const char *p = memchr(url, ':', n);
	if (!p || p + 3 > url + n || p[1] != '/' || p[2] != '/')
		return 0;
	const char *h = p + 3, *end = url + n;
	const char *e = h;
	while (e < end && *e != '/' && *e != '?' && *e != '#' && *e != ':')
		e++;
	const char *at = memchr(h, '@', (size_t)(e - h));
	if (at)
		h = at + 1;
	size_t len = (size_t)(e - h);
	if (len == 0 || len >= cap)
		return 0;
	for (size_t i = 0; i < len; i++) {
		char ch = h[i];
		out[i] = ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
	}
	out[len] = '\0';
	return 1;
}

static tc_status add_source(tc_doc *doc, const tc_article *a)
{
	char host[256];
	size_t n = 0;
	if (a->source.n && a->source.n < sizeof host) {
		for (size_t i = 0; i < a->source.n; i++)
			host[i] = (char)tc_ascii_tolower(TC_BYTE(a->source.p[i]));
		n = a->source.n;
		host[n] = '\0';
	} else if (tc_url_host(a->url.p, a->url.n, host, sizeof host)) {
		n = strlen(host);
	}
	if (!n)
		return TC_OK;
	tc_status st = tc_doc_set_value(doc, TC_SLOT_SOURCE, host, n);
	/* H terms of the canonical host (the one a site: filter builds), for it
	 * and every parent domain with a dot, so that site:baomoi.com matches
	 * www.baomoi.com too.  A source that is no host name (a newspaper's
	 * name) leaves the URL's host to stand for the site. */
	char canon[TC_SCHEMA_HOST_MAX + 1];
	size_t cn = tc_schema_host(host, n, canon);
	if (!cn && a->source.n && tc_url_host(a->url.p, a->url.n, host, sizeof host))
		cn = tc_schema_host(host, strlen(host), canon);
	char term[TC_TERM_MAX + 1];
	for (const char *h = canon; st == TC_OK && cn && h;) {
		size_t hl = strlen(h);
		size_t tl = tc_schema_host_term(h, hl, term);
		if (tl)
			st = tc_doc_add_boolean(doc, term, tl);
		h = strchr(h, '.');
		if (h && strchr(h + 1, '.'))
			h++;
		else
			h = NULL;
	}
	return st;
}

static tc_status add_date(tc_doc *doc, const tc_article *a)
{
	char ymd[9];
	if (!a->date.n || !tc_schema_date(a->date.p, a->date.n, ymd))
		return TC_OK;
	char month[8];
	tc_status st = tc_doc_set_value(doc, TC_SLOT_DATE, ymd, 8);
	memcpy(month, a->date.p, 7);
	if (st == TC_OK)
		st = tc_doc_set_value(doc, TC_SLOT_MONTH, month, 7);
	return st;
}

static tc_status add_category(tc_doc *doc, const tc_article *a)
{
	char term[TC_TERM_MAX + 1];
	size_t len = tc_schema_category_term(a->category.p, a->category.n, term);
	return len ? tc_doc_add_boolean(doc, term, len) : TC_OK;
}

tc_status tc_doc_build(const tc_article *a, tc_buf *scratch, tc_doc **out, char *id, size_t *id_len)
{
	*out = NULL;
	*id_len = 0;
	if (!a->url.n)
		return TC_ERR_INVALID;
	tc_doc *doc;
	tc_status st = tc_doc_new(&doc);
	if (st != TC_OK)
		return st;
	uint32_t pos = 0;
	termset terms;
	memset(&terms, 0, sizeof terms);
	tc_buf_init(&terms.arena, TERMSET_ARENA_MAX);
	st = index_field(&terms, a->title, &pos, TC_TITLE_WDF, 1, UINT32_MAX);
	if (st == TC_OK)
		st = index_field(&terms, a->summary, &pos, 1, 0, UINT32_MAX);
	if (st == TC_OK)
		st = index_field(&terms, a->body, &pos, 1, 0, TC_BODY_EXACT_LEAD);
	if (st == TC_OK)
		st = termset_flush(&terms, doc);
	termset_release(&terms);
	if (st == TC_OK)
		st = add_source(doc, a);
	if (st == TC_OK)
		st = add_date(doc, a);
	if (st == TC_OK)
		st = add_category(doc, a);
	if (st == TC_OK) {
		tc_buf_reset(scratch);
		st = tc_docdata_encode(a, scratch);
	}
	if (st == TC_OK)
		st = tc_doc_set_data(doc, scratch->data, scratch->len);
	if (st == TC_OK) {
		/* replace_document() finds the old copy by this term, so it must be in the doc. */
		*id_len = tc_schema_id_term(a->url.p, a->url.n, id);
		st = tc_doc_add_boolean(doc, id, *id_len);
	}
	unsigned levels = tc_schema_sample_levels(a->url.p, a->url.n);
	for (unsigned l = 1; st == TC_OK && l <= levels; l++) {
		char term[8];
		st = tc_doc_add_boolean(doc, term, tc_schema_sample_term(l, term));
	}
	if (st != TC_OK) {
		tc_doc_free(doc);
		return st;
	}
	*out = doc;
	return TC_OK;
}

tc_status tc_doc_claim_schema(tc_db *db, tc_err *err)
{
	char v[32];
	uint64_t docs;
	tc_status st = tc_db_get_metadata(db, TC_SCHEMA_KEY, v, sizeof v, err);
	if (st == TC_OK && !strcmp(v, TC_SCHEMA_VERSION))
		return TC_OK;
	if (st == TC_OK)
		st = tc_db_doccount(db, &docs, err);
	if (st != TC_OK)
		return st;
	if (docs == 0 && !v[0])
		return tc_db_set_metadata(db, TC_SCHEMA_KEY, TC_SCHEMA_VERSION, err);
	return tc_err_set(err, TC_ERR_USAGE,
			  "the index was built by an earlier tracuu (schema %s, this one writes %s): "
			  "rebuild it with tracuu-index rebuild",
			  v[0] ? v : "1", TC_SCHEMA_VERSION);
}
