/* suggest.c - accented forms of an unaccented query; see suggest.h. */
#include "suggest.h"

#include <stdio.h>
#include <string.h>

#include "vn_text.h"
#include "vn_token.h"
#include "tc_banned.h"

#define SUGGEST_MAX_WORDS 8
#define SUGGEST_MIN 3
#define SUGGEST_SHARE 0.6
#define SUGGEST_FORMS 32
#define SUGGEST_SCAN 16384   /* bytes of each article's body read */
#define WORD_MAX 64

typedef struct form {
	char text[WORD_MAX];
	unsigned count;
} form;

/* The query's words, folded and as typed (lower case). */
typedef struct qwords {
	char fold[SUGGEST_MAX_WORDS][WORD_MAX];
	char exact[SUGGEST_MAX_WORDS][WORD_MAX];
	size_t n;
	int ok;                 /* plain unaccented words only */
	const char *text;       /* the cleaned query */
	size_t at;              /* where the last word ended */
} qwords;

/* Only white space between text[from] and text[to]?  Anything else (a
 * quote, a minus, site:) is syntax the tokenizer drops, and a suggestion
 * made of the words alone would ask something else. */
static int only_space(const char *text, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		if (text[i] != ' ' && text[i] != '\t' && text[i] != '\n')
			return 0;
	return 1;
}

static int on_query_token(void *ctx, const vn_token *t)
{
	qwords *q = ctx;
	if (!only_space(q->text, q->at, t->start))
		q->ok = 0;
	q->at = t->end;
	if (!q->ok || t->kind != VN_TOK_WORD || (t->flags & (VN_TOKF_DIACRITIC | VN_TOKF_PART)) ||
	    q->n == SUGGEST_MAX_WORDS || t->fold_len >= WORD_MAX) {
		q->ok = 0;
		return 1;
	}
	for (size_t i = 0; i < t->fold_len; i++)
		if (t->fold[i] >= '0' && t->fold[i] <= '9') {
			q->ok = 0;
			return 1;
		}
	memcpy(q->fold[q->n], t->fold, t->fold_len + 1);
	memcpy(q->exact[q->n], t->exact, t->exact_len + 1);
	q->n++;
	return 0;
}

/* Counting state while one article is tokenized. */
typedef struct scan {
	const qwords *q;
	form *forms;            /* SUGGEST_FORMS per word */
	size_t *nforms;         /* per word */
} scan;

static void count_form(form *f, size_t *n, const char *text)
{
	for (size_t k = 0; k < *n; k++)
		if (!strcmp(f[k].text, text)) {
			f[k].count++;
			return;
		}
	if (*n == SUGGEST_FORMS)
		return;
	size_t len = strlen(text);
	if (len >= sizeof f[0].text)
		return;
	memcpy(f[*n].text, text, len + 1);
	f[(*n)++].count = 1;
}

static int on_text_token(void *ctx, const vn_token *t)
{
	scan *s = ctx;
	const qwords *q = s->q;
	if (t->flags & VN_TOKF_PART || t->exact_len >= WORD_MAX)
		return 0;
	for (size_t w = 0; w < q->n; w++)
		if (!strcmp(t->fold, q->fold[w]))
			count_form(s->forms + w * SUGGEST_FORMS, &s->nforms[w], t->exact);
	return 0;
}

static void scan_hits(scan *s, const tc_results *res)
{
	for (size_t i = 0; i < res->n; i++) {
		const tc_article *a = &res->hits[i].a;
		const tc_str f[3] = {a->title, a->summary, a->body};
		for (int k = 0; k < 3; k++) {
			size_t n = f[k].n > SUGGEST_SCAN ? SUGGEST_SCAN : f[k].n;
			if (n && vn_tokenize(f[k].p, n, 0, on_text_token, s, NULL) != TC_OK)
				return;
		}
	}
}

/* The dominant form of f[0..n), or NULL. */
static const char *dominant(const form *f, size_t n)
{
	unsigned total = 0, best = 0;
	size_t at = 0;
	for (size_t k = 0; k < n; k++) {
		total += f[k].count;
		if (f[k].count > best) {
			best = f[k].count;
			at = k;
		}
	}
	if (best < SUGGEST_MIN || best < SUGGEST_SHARE * total)
		return NULL;
	return f[at].text;
}

/*
 * From the index's reading counts: for each pair of neighbouring words, its
 * most frequent reading when it dominates; each word takes its exact form
 * from the dominant pair with the highest count it is part of.  Returns how
 * many words got a form.
 */
static size_t from_readings(tc_searcher *s, const qwords *q, char exact[][WORD_MAX])
{
	uint64_t best[SUGGEST_MAX_WORDS] = {0};
	size_t got = 0;
	for (size_t w = 0; w + 1 < q->n; w++) {
		tc_reading rd[TC_READINGS_MAX];
		size_t n;
		tc_err err = {{0}};
		if (tc_searcher_readings(s, q->fold[w], q->fold[w + 1], rd, TC_READINGS_MAX, &n,
					 &err) != TC_OK || !n)
			continue;
		if (rd[0].count < SUGGEST_MIN || rd[0].share < SUGGEST_SHARE)
			continue;
		char pair[2 * WORD_MAX];
		if (!tc_schema_reading_exact(rd[0].term, rd[0].len, pair, sizeof pair))
			continue;
		const char *e = pair, *sp = strchr(pair, ' ');
		if (!sp || (size_t)(sp - e) >= WORD_MAX || strlen(sp + 1) >= WORD_MAX)
			continue;
		const char *forms[2] = {e, sp + 1};
		size_t lens[2] = {(size_t)(sp - e), strlen(sp + 1)};
		for (size_t k = 0; k < 2; k++) {
			if (rd[0].count <= best[w + k])
				continue;
			got += best[w + k] == 0;
			best[w + k] = rd[0].count;
			memcpy(exact[w + k], forms[k], lens[k]);
			exact[w + k][lens[k]] = '\0';
		}
	}
	return got;
}

int tc_suggest(tc_searcher *searcher, const char *query, size_t query_len, const tc_results *res,
	       tc_buf *out)
{
	tc_buf_reset(out);
	tc_buf clean;
	tc_buf_init(&clean, query_len * 4 + 16);
	qwords q;
	memset(&q, 0, sizeof q);
	q.ok = 1;
	q.text = "";
	if (vn_text_clean(query, query_len, &clean, NULL) != TC_OK)
		q.ok = 0;
	else if (clean.len) {
		q.text = clean.data;
		if (vn_tokenize(clean.data, clean.len, 0, on_query_token, &q, NULL) != TC_OK ||
		    !only_space(clean.data, q.at, clean.len))
			q.ok = 0;
	}
	tc_buf_release(&clean);
	if (!q.ok || !q.n || !res->n)
		return 0;
	char pick[SUGGEST_MAX_WORDS][WORD_MAX] = {{0}};
	size_t picked = q.n > 1 ? from_readings(searcher, &q, pick) : 0;
	if (picked < q.n) {
		/* Words no dominant pair covers (a one-word query): how the
		 * articles found write them. */
		static form forms[SUGGEST_MAX_WORDS * SUGGEST_FORMS];
		size_t nforms[SUGGEST_MAX_WORDS] = {0};
		scan s = {&q, forms, nforms};
		scan_hits(&s, res);
		for (size_t w = 0; w < q.n; w++) {
			if (pick[w][0])
				continue;
			const char *d = dominant(forms + w * SUGGEST_FORMS, nforms[w]);
			snprintf(pick[w], WORD_MAX, "%s", d ? d : q.exact[w]);
		}
	}
	tc_status st = TC_OK;
	int changed = 0;
	for (size_t w = 0; w < q.n && st == TC_OK; w++) {
		changed |= strcmp(pick[w], q.exact[w]) != 0;
		if (w)
			st = tc_buf_append_char(out, ' ');
		if (st == TC_OK)
			st = tc_buf_append_str(out, pick[w]);
	}
	/* Only worth saying when it adds accents the user left out. */
	if (st != TC_OK || !changed) {
		tc_buf_reset(out);
		return 0;
	}
	return 1;
}
