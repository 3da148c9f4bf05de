/* ev_kw.c - keywords held as a run of words; see ev_kw.h. */
#include "ev_kw.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ev_map.h"
#include "vn_token.h"
#include "tc_banned.h"

tc_status ev_kw_parse_line(const char *line, size_t n, const char **kw, size_t *kw_len,
			   long long *freq)
{
	*kw = NULL;
	*kw_len = 0;
	*freq = 0;
	if (n && line[n - 1] == '\r')
		n--;
	if (!n || line[0] == '#')
		return TC_ERR_INVALID;
	const char *tab = memchr(line, '\t', n);
	if (!tab || tab == line)
		return TC_ERR_INVALID;
	const char *d = tab + 1, *end = line + n;
	if (d == end || end - d > 15)
		return TC_ERR_INVALID;
	long long v = 0;
	for (const char *p = d; p < end; p++) {
		if (*p < '0' || *p > '9')
			return TC_ERR_INVALID;
		v = v * 10 + (*p - '0');
	}
	*kw = line;
	*kw_len = (size_t)(tab - line);
	*freq = v;
	return TC_OK;
}

typedef struct kw {
	uint64_t exact[EV_KW_MAX_TOKENS], fold[EV_KW_MAX_TOKENS];
	size_t n;
} kw;

struct ev_kwset {
	kw *v;
	size_t n, cap;
	ev_u64map *runs;   /* hash of a keyword's folded tokens -> id */
	ev_u64map *starts; /* hash of the first two folded tokens of some keyword */
	/* scratch: the tokens of the text being scanned or added */
	uint64_t *ex, *fo;
	size_t tn, tcap;
	int not_word;      /* a token that is not a plain word was seen */
	tc_status st;
};

/* Hash of a run of token hashes; the position takes part so that order counts. */
static uint64_t run_hash(const uint64_t *h, size_t n)
{
	uint64_t r = 0;
	for (size_t k = 0; k < n; k++)
		r = r * 0x100000001b3ULL + h[k] + (uint64_t)k;
	return r;
}

ev_kwset *ev_kwset_new(void)
{
	ev_kwset *k = calloc(1, sizeof *k);
	if (!k)
		return NULL;
	k->runs = ev_u64map_new();
	k->starts = ev_u64map_new();
	if (!k->runs || !k->starts) {
		ev_kwset_free(k);
		return NULL;
	}
	return k;
}

void ev_kwset_free(ev_kwset *k)
{
	if (!k)
		return;
	ev_u64map_free(k->runs);
	ev_u64map_free(k->starts);
	free(k->v);
	free(k->ex);
	free(k->fo);
	free(k);
}

size_t ev_kwset_count(const ev_kwset *k)
{
	return k->n;
}

static int on_token(void *ctx, const vn_token *t)
{
	ev_kwset *k = ctx;
	if (t->flags & VN_TOKF_WHOLE) {
		k->not_word = 1; /* its parts follow and are what is matched */
		return 0;
	}
	if (t->kind != VN_TOK_WORD || (t->flags & VN_TOKF_PART))
		k->not_word = 1;
	if (k->tn == k->tcap) {
		size_t ncap = k->tcap ? k->tcap * 2 : 1024;
		if (ncap > SIZE_MAX / sizeof *k->ex) {
			k->st = TC_ERR_NOMEM;
			return 1;
		}
		uint64_t *ne = realloc(k->ex, ncap * sizeof *ne);
		if (!ne) {
			k->st = TC_ERR_NOMEM;
			return 1;
		}
		k->ex = ne;
		uint64_t *nf = realloc(k->fo, ncap * sizeof *nf);
		if (!nf) {
			k->st = TC_ERR_NOMEM;
			return 1;
		}
		k->fo = nf;
		k->tcap = ncap;
	}
	k->ex[k->tn] = ev_hash(t->exact, t->exact_len);
	k->fo[k->tn] = ev_hash(t->fold, t->fold_len);
	k->tn++;
	return 0;
}

/* Cut s into the scratch token arrays. */
static tc_status tokens(ev_kwset *k, const char *s, size_t n)
{
	k->tn = 0;
	k->not_word = 0;
	k->st = TC_OK;
	tc_status st = vn_tokenize(s, n, 0, on_token, k, NULL);
	return st != TC_OK ? st : k->st;
}

tc_status ev_kwset_add(ev_kwset *k, const char *s, size_t n, int *id, size_t *ntokens)
{
	*id = -1;
	*ntokens = 0;
	tc_status st = tokens(k, s, n);
	if (st != TC_OK)
		return st;
	*ntokens = k->tn;
	if (k->not_word || k->tn < EV_KW_MIN_TOKENS || k->tn > EV_KW_MAX_TOKENS)
		return TC_ERR_INVALID;
	if (k->n == k->cap) {
		size_t ncap = k->cap ? k->cap * 2 : 256;
		kw *nv = realloc(k->v, ncap * sizeof *nv);
		if (!nv)
			return TC_ERR_NOMEM;
		k->v = nv;
		k->cap = ncap;
	}
	kw *w = &k->v[k->n];
	memset(w, 0, sizeof *w);
	w->n = k->tn;
	memcpy(w->exact, k->ex, w->n * sizeof *k->ex);
	memcpy(w->fold, k->fo, w->n * sizeof *k->fo);
	uint64_t start = run_hash(w->fold, 2);
	if (ev_u64map_add(k->runs, run_hash(w->fold, w->n), (int)k->n) != TC_OK ||
	    (!ev_u64map_has(k->starts, start) &&
	     ev_u64map_add(k->starts, start, (int)k->n) != TC_OK))
		return TC_ERR_NOMEM;
	*id = (int)k->n++;
	return TC_OK;
}

typedef struct scan_ctx {
	const ev_kwset *k;
	size_t at, len; /* the run of the text being looked up */
	ev_kw_hit_cb cb;
	void *ctx;
} scan_ctx;

static void check(void *ctx, int id)
{
	scan_ctx *c = ctx;
	const kw *w = &c->k->v[id];
	if (w->n != c->len || memcmp(w->fold, c->k->fo + c->at, w->n * sizeof *w->fold))
		return; /* another keyword whose hash collides */
	int exact = !memcmp(w->exact, c->k->ex + c->at, w->n * sizeof *w->exact);
	c->cb(c->ctx, id, exact);
}

tc_status ev_kwset_scan(ev_kwset *k, const char *text, size_t n, ev_kw_hit_cb cb, void *ctx)
{
	tc_status st = tokens(k, text, n);
	if (st != TC_OK)
		return st;
	scan_ctx c = {k, 0, 0, cb, ctx};
	for (size_t i = 0; i + EV_KW_MIN_TOKENS <= k->tn; i++) {
		/* Most places start no keyword: one lookup settles them. */
		if (!ev_u64map_has(k->starts, run_hash(k->fo + i, 2)))
			continue;
		for (size_t len = EV_KW_MIN_TOKENS; len <= EV_KW_MAX_TOKENS && i + len <= k->tn;
		     len++) {
			uint64_t h = run_hash(k->fo + i, len);
			if (!ev_u64map_has(k->runs, h))
				continue;
			c.at = i;
			c.len = len;
			ev_u64map_each(k->runs, h, check, &c);
		}
	}
	return TC_OK;
}
