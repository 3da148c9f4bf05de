/*
 * runs.c - the check that the best matches of a words tier hold the run of
 * three words or more that the query typed in a row, not only its pairs;
 * see runs.h.  search.c's run_tier calls it for the words tiers.
 */
#include "runs.h"

#include <stdlib.h>
#include <string.h>

#include "tc_schema.h"
#include "vn_token.h"
#include "tc_banned.h"

#define VERIFY_SCAN (64u << 10) /* bytes of a field read for it */

typedef struct run_scan {
	const char *const *folds;
	const int *clause;
	size_t n, matched;
	size_t marks_differ; /* clause marks of the match so far unlike the query's */
	uint32_t next_pos;
	int found;           /* RUN_* */
} run_scan;

/* How a text holds the run: not at all, with other clause marks between its
 * words (a sentence ends in it, or one that the query typed does not), or as
 * typed. */
enum { RUN_NONE, RUN_MARKS, RUN_EXACT };

static int on_run_token(void *ctx, const vn_token *t)
{
	run_scan *r = ctx;
	if (t->flags & VN_TOKF_WHOLE)
		return 0; /* its parts follow */
	/* Punctuation does not part a run, as it does not part a pair. */
	if (r->matched && t->pos != r->next_pos)
		r->matched = 0;
	if (r->matched && strcmp(t->fold, r->folds[r->matched]) != 0)
		r->matched = 0;
	if (!strcmp(t->fold, r->folds[r->matched])) {
		if (r->matched == 0)
			r->marks_differ = 0;
		else if (((t->flags & VN_TOKF_CLAUSE) != 0) != (r->clause[r->matched] != 0))
			r->marks_differ++;
		r->matched++;
		r->next_pos = t->pos + 1;
	}
	if (r->matched == r->n) {
		int how = r->marks_differ ? RUN_MARKS : RUN_EXACT;
		if (how > r->found)
			r->found = how;
		if (how == RUN_EXACT)
			return 1;
		/* Look on for the run as typed; it may start within this one. */
		r->matched = 0;
		if (!strcmp(t->fold, r->folds[0])) {
			r->matched = 1;
			r->marks_differ = 0;
		}
	}
	return 0;
}

/* How hit i of m holds folds[0..n) in a row in its title, summary or body
 * (RUN_*: the best of the three). */
static tc_status holds_run(tc_mset *m, size_t i, const char *const *folds, const int *clause,
			   size_t n, int *found, tc_err *err)
{
	char *data;
	size_t len;
	tc_article a;
	*found = RUN_NONE;
	tc_status st = tc_mset_data(m, i, &data, &len, err);
	if (st != TC_OK)
		return st;
	if (tc_docdata_decode(data, len, &a) == TC_OK) {
		const tc_str f[3] = {a.title, a.summary, a.body};
		for (int k = 0; k < 3 && *found != RUN_EXACT; k++) {
			run_scan r = {folds, clause, n, 0, 0, 0, RUN_NONE};
			size_t fn = f[k].n > VERIFY_SCAN ? VERIFY_SCAN : f[k].n;
			if (fn && vn_tokenize(f[k].p, fn, 0, on_run_token, &r, NULL) == TC_OK &&
			    r.found > *found)
				*found = r.found;
		}
	}
	free(data);
	return TC_OK;
}

tc_status tc_runs_verify(tc_runs_cand *c, size_t n, size_t want, const char *const *folds,
			  const int *clause, size_t nf, tc_err *err)
{
	tc_runs_cand exact[TC_RUNS_DEPTH], marks[TC_RUNS_DEPTH], none[TC_RUNS_DEPTH];
	size_t ne = 0, nm = 0, nn = 0, i;
	for (i = 0; i < n && ne < want; i++) {
		int found;
		tc_status st = holds_run(c[i].m, c[i].idx, folds, clause, nf, &found, err);
		if (st != TC_OK)
			return st;
		if (found == RUN_EXACT)
			exact[ne++] = c[i];
		else if (found == RUN_MARKS)
			marks[nm++] = c[i];
		else
			none[nn++] = c[i];
	}
	/* c[i..n) were not read: they go after those that hold the run as
	 * typed, before the rest of those read. */
	memmove(c + ne, c + i, (n - i) * sizeof *c);
	memcpy(c, exact, ne * sizeof *c);
	memcpy(c + ne + (n - i), marks, nm * sizeof *c);
	memcpy(c + ne + (n - i) + nm, none, nn * sizeof *c);
	return TC_OK;
}
