/* snippet.c - best passage and highlights; see snippet.h. */
#include "snippet.h"

#include <string.h>

#include "vn_token.h"
#include "tc_ascii.h"
#include "tc_banned.h"

#define SCAN_MAX (16u << 10)  /* look for matches in the first 16 KiB */
#define MATCH_MAX 2048
#define ELLIPSIS "\xE2\x80\xA6" /* … */

typedef struct match {
	size_t start, end;
	size_t term;
} match;

typedef struct scan {
	const char *const *terms;
	size_t nterms;
	size_t len[TC_SNIPPET_MAX_SPANS * 4]; /* strlen of each term */
	match m[MATCH_MAX];
	size_t n;
	size_t skip_to;  /* parts inside a matched whole token are not marked again */
	unsigned char seen[TC_SNIPPET_MAX_SPANS * 4];
	size_t distinct;
	size_t chain;    /* matches in a row, each right after the previous */
	size_t base;     /* offset of the text tokenized in the whole text */
	int stopped;     /* the scan stopped early (below) */
	int to_end;      /* do not: every match in the text is wanted */
} scan;

static int on_token(void *ctx, const vn_token *t)
{
	scan *sc = ctx;
	size_t start = sc->base + t->start, end = sc->base + t->end;
	if (start < sc->skip_to)
		return 0;
	for (size_t k = 0; k < sc->nterms; k++) {
		if (sc->len[k] != t->fold_len || memcmp(sc->terms[k], t->fold, t->fold_len) != 0)
			continue;
		if (sc->n == MATCH_MAX)
			return 1;
		sc->m[sc->n++] = (match){start, end, k};
		if (t->flags & VN_TOKF_WHOLE)
			sc->skip_to = end;
		if (!sc->seen[k]) {
			sc->seen[k] = 1;
			sc->distinct++;
		}
		/* Stop once the query's words have all shown up side by side, as
		 * typed phrases are: no passage can beat that one, and long
		 * articles need not be read to the end. */
		int joined = sc->n >= 2 && sc->m[sc->n - 2].end + 1 == start;
		sc->chain = joined ? sc->chain + 1 : 1;
		if (!sc->to_end && sc->distinct == sc->nterms && sc->chain >= sc->nterms) {
			sc->stopped = 1;
			return 1;
		}
		break;
	}
	return 0;
}

void tc_snippet_init(tc_snippet *s)
{
	tc_buf_init(&s->text, 4096);
	s->nspans = 0;
	s->score = -1;
}

void tc_snippet_release(tc_snippet *s)
{
	tc_buf_release(&s->text);
	s->nspans = 0;
}

tc_status tc_snippet_make(tc_snippet *s, const char *text, size_t n, const char *const *terms,
			  size_t nterms, size_t max_bytes)
{
	tc_buf_reset(&s->text);
	s->nspans = 0;
	s->score = -1;
	if (max_bytes < 16)
		max_bytes = 16;
	size_t scan_n = n;
	if (scan_n > SCAN_MAX) {
		scan_n = SCAN_MAX;
		while (scan_n > 0 && !tc_ascii_isspace(text[scan_n]))
			scan_n--;
	}
	static _Thread_local scan sc;
	sc.terms = terms;
	sc.nterms = nterms > TC_SNIPPET_MAX_SPANS * 4 ? TC_SNIPPET_MAX_SPANS * 4 : nterms;
	for (size_t k = 0; k < sc.nterms; k++)
		sc.len[k] = strlen(terms[k]);
	sc.n = 0;
	sc.skip_to = 0;
	sc.distinct = 0;
	sc.chain = 0;
	sc.base = 0;
	sc.stopped = 0;
	sc.to_end = 0;
	memset(sc.seen, 0, sizeof sc.seen);
	if (nterms)
		(void)vn_tokenize(text, scan_n, 0, on_token, &sc, NULL);

	/* Best window of matches: most distinct terms, then most matches. */
	size_t best_i = 0, best_j = 0;
	long best = -1;
	unsigned count[TC_SNIPPET_MAX_SPANS * 4];
	memset(count, 0, sizeof count);
	size_t distinct = 0, i = 0, joined = 0;
	size_t reach = max_bytes * 3 / 4;
	for (size_t j = 0; j < sc.n; j++) {
		if (count[sc.m[j].term]++ == 0)
			distinct++;
		if (j > i && sc.m[j - 1].end + 1 == sc.m[j].start)
			joined++;
		while (i < j && sc.m[j].end - sc.m[i].start > reach) {
			if (--count[sc.m[i].term] == 0)
				distinct--;
			if (sc.m[i].end + 1 == sc.m[i + 1].start && joined)
				joined--;
			i++;
		}
		/* Drop leading matches of words that recur later in the window:
		 * the tightest window around the same words reads best. */
		while (i < j && count[sc.m[i].term] > 1) {
			count[sc.m[i].term]--;
			if (sc.m[i].end + 1 == sc.m[i + 1].start && joined)
				joined--;
			i++;
		}
		/* Most distinct query words, then most of them side by side, then most. */
		long score = (long)distinct * 100000 + (long)joined * 1000 + (long)(j - i + 1);
		if (score > best) {
			best = score;
			best_i = i;
			best_j = j;
		}
	}

	s->score = best;
	size_t start = 0, end;
	if (best >= 0) {
		size_t span = sc.m[best_j].end - sc.m[best_i].start;
		size_t lead = span < max_bytes ? (max_bytes - span) / 3 : 0;
		start = sc.m[best_i].start > lead ? sc.m[best_i].start - lead : 0;
		/* Begin at a sentence start when one is near, else after a space. */
		for (size_t k = sc.m[best_i].start; k > start; k--)
			if (text[k - 1] == '\n' || (k >= 2 && text[k - 1] == ' ' && text[k - 2] == '.')) {
				start = k;
				break;
			}
		while (start > 0 && start < sc.m[best_i].start && !tc_ascii_isspace(text[start - 1]))
			start++;
	}
	end = start + max_bytes < n ? start + max_bytes : n;
	if (end < n) {
		size_t min_end = best >= 0 ? sc.m[best_j].end : start;
		while (end > min_end && !tc_ascii_isspace(text[end]))
			end--;
		if (end == min_end && best < 0)
			end = start + max_bytes; /* one huge word: cut at a char boundary */
		while (end < n && end > start && ((unsigned char)text[end] & 0xC0) == 0x80)
			end--;
	}
	while (start < end && tc_ascii_isspace(text[start]))
		start++;
	while (end > start && tc_ascii_isspace(text[end - 1]))
		end--;

	tc_status st = TC_OK;
	if (start > 0)
		st = tc_buf_append_str(&s->text, ELLIPSIS " ");
	size_t base = s->text.len;
	for (size_t k = start; k < end && st == TC_OK; k++)
		st = tc_buf_append_char(&s->text, tc_ascii_isspace(text[k]) ? ' ' : text[k]);
	if (st == TC_OK && end < n)
		st = tc_buf_append_str(&s->text, " " ELLIPSIS);
	if (st != TC_OK)
		return st;
	/* The scan stopped at the first place every word showed up side by
	 * side; the passage shown may go on past it, and its later matches
	 * ("nước ... nước") are marked too. */
	if (sc.stopped && sc.n && sc.m[sc.n - 1].end < end) {
		size_t from = sc.m[sc.n - 1].end;
		sc.base = from;
		sc.to_end = 1;
		(void)vn_tokenize(text + from, end - from, 0, on_token, &sc, NULL);
	}
	for (size_t k = 0; k < sc.n && s->nspans < TC_SNIPPET_MAX_SPANS; k++)
		if (sc.m[k].start >= start && sc.m[k].end <= end)
			s->spans[s->nspans++] = (tc_span){base + sc.m[k].start - start,
							  base + sc.m[k].end - start};
	return TC_OK;
}
