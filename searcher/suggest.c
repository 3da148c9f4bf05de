/* suggest.c - accented forms of an unaccented query; see suggest.h. */
#include "suggest.h"

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
	char text[SUGGEST_MAX_WORDS * (WORD_MAX + 1)];
	unsigned count;
} form;

/* The query's words, folded and as typed (lower case). */
typedef struct qwords {
	char fold[SUGGEST_MAX_WORDS][WORD_MAX];
	char exact[SUGGEST_MAX_WORDS][WORD_MAX];
	size_t n;
	int ok;                 /* plain unaccented words only */
} qwords;

static int on_query_token(void *ctx, const vn_token *t)
{
	qwords *q = ctx;
	if (t->kind != VN_TOK_WORD || (t->flags & (VN_TOKF_DIACRITIC | VN_TOKF_PART)) ||
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
	int whole;              /* count runs of all the words, else each word */
	char ring[SUGGEST_MAX_WORDS][WORD_MAX]; /* last exact forms, for runs */
	size_t matched;         /* query words matched so far in a row */
	form *forms;
	size_t *nforms;         /* per word (whole: only [0]) */
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
	if (!s->whole) {
		for (size_t w = 0; w < q->n; w++)
			if (!strcmp(t->fold, q->fold[w]))
				count_form(s->forms + w * SUGGEST_FORMS, &s->nforms[w], t->exact);
		return 0;
	}
	if (t->flags & VN_TOKF_BREAK)
		s->matched = 0;
	if (strcmp(t->fold, q->fold[s->matched]) != 0)
		s->matched = !strcmp(t->fold, q->fold[0]) ? 0 : SIZE_MAX;
	if (s->matched == SIZE_MAX) {
		s->matched = 0;
		return 0;
	}
	memcpy(s->ring[s->matched], t->exact, t->exact_len + 1);
	if (++s->matched == q->n) {
		char run[sizeof s->forms[0].text];
		size_t at = 0;
		for (size_t w = 0; w < q->n; w++) {
			size_t l = strlen(s->ring[w]);
			if (w)
				run[at++] = ' ';
			memcpy(run + at, s->ring[w], l);
			at += l;
		}
		run[at] = '\0';
		count_form(s->forms, s->nforms, run);
		s->matched = 0;
	}
	return 0;
}

static void scan_hits(scan *s, const tc_results *res)
{
	for (size_t i = 0; i < res->n; i++) {
		const tc_article *a = &res->hits[i].a;
		const tc_str f[3] = {a->title, a->summary, a->body};
		for (int k = 0; k < 3; k++) {
			s->matched = 0;
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

int tc_suggest(const char *query, size_t query_len, const tc_results *res, tc_buf *out)
{
	tc_buf_reset(out);
	tc_buf clean;
	tc_buf_init(&clean, query_len * 4 + 16);
	qwords q;
	memset(&q, 0, sizeof q);
	q.ok = 1;
	if (vn_text_clean(query, query_len, &clean, NULL) != TC_OK ||
	    vn_tokenize(clean.data ? clean.data : "", clean.len, 0, on_query_token, &q, NULL) != TC_OK)
		q.ok = 0;
	tc_buf_release(&clean);
	if (!q.ok || !q.n || !res->n)
		return 0;
	static form forms[SUGGEST_MAX_WORDS * SUGGEST_FORMS];
	size_t nforms[SUGGEST_MAX_WORDS] = {0};
	scan s = {&q, q.n > 1, {{0}}, 0, forms, nforms};
	const char *pick = NULL;
	if (q.n > 1) {
		scan_hits(&s, res);
		pick = dominant(forms, nforms[0]);
	}
	int changed = 0;
	tc_status st = TC_OK;
	if (pick) {
		st = tc_buf_append_str(out, pick);
		changed = strcmp(pick, "") != 0;
	} else {
		memset(nforms, 0, sizeof nforms);
		s.whole = 0;
		scan_hits(&s, res);
		for (size_t w = 0; w < q.n && st == TC_OK; w++) {
			const char *d = dominant(forms + w * SUGGEST_FORMS, nforms[w]);
			if (w)
				st = tc_buf_append_char(out, ' ');
			if (st == TC_OK)
				st = tc_buf_append_str(out, d ? d : q.exact[w]);
		}
	}
	/* Only worth saying when it adds accents the user left out. */
	if (st != TC_OK || !out->data) {
		tc_buf_reset(out);
		return 0;
	}
	size_t typed = 0;
	for (size_t w = 0; w < q.n; w++)
		typed += strlen(q.exact[w]) + (w > 0);
	changed = out->len != typed;
	if (!changed) {
		size_t at = 0;
		for (size_t w = 0; w < q.n && !changed; w++) {
			size_t l = strlen(q.exact[w]);
			changed = memcmp(out->data + at, q.exact[w], l) != 0;
			at += l + 1;
		}
	}
	if (!changed)
		tc_buf_reset(out);
	return changed;
}
