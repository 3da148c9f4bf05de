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
	size_t n, matched;
	uint32_t next_pos;
	int found;
} run_scan;

static int on_run_token(void *ctx, const vn_token *t)
{
	run_scan *r = ctx;
	if (t->flags & VN_TOKF_WHOLE)
		return 0; /* its parts follow */
	/* Punctuation does not part a run, as it does not part a pair. */
	if (r->matched && t->pos != r->next_pos)
		r->matched = 0;
	if (strcmp(t->fold, r->folds[r->matched]) != 0)
		r->matched = 0;
	if (!strcmp(t->fold, r->folds[r->matched])) {
		r->matched++;
		r->next_pos = t->pos + 1;
	}
	if (r->matched == r->n) {
		r->found = 1;
		return 1;
	}
	return 0;
}

/* Does hit i of m hold folds[0..n) in a row in its title, summary or body? */
static tc_status holds_run(tc_mset *m, size_t i, const char *const *folds, size_t n, int *found,
			   tc_err *err)
{
	char *data;
	size_t len;
	tc_article a;
	*found = 0;
	tc_status st = tc_mset_data(m, i, &data, &len, err);
	if (st != TC_OK)
		return st;
	if (tc_docdata_decode(data, len, &a) == TC_OK) {
		const tc_str f[3] = {a.title, a.summary, a.body};
		for (int k = 0; k < 3 && !*found; k++) {
			run_scan r = {folds, n, 0, 0, 0};
			size_t fn = f[k].n > VERIFY_SCAN ? VERIFY_SCAN : f[k].n;
			if (fn && vn_tokenize(f[k].p, fn, 0, on_run_token, &r, NULL) == TC_OK)
				*found = r.found;
		}
	}
	free(data);
	return TC_OK;
}

tc_status tc_runs_verify(tc_runs_cand *c, size_t n, size_t want, const char *const *folds,
			  size_t nf, tc_err *err)
{
	tc_runs_cand held[TC_RUNS_DEPTH], not_held[TC_RUNS_DEPTH];
	size_t nh = 0, nn = 0, i;
	for (i = 0; i < n && nh < want; i++) {
		int found;
		tc_status st = holds_run(c[i].m, c[i].idx, folds, nf, &found, err);
		if (st != TC_OK)
			return st;
		if (found)
			held[nh++] = c[i];
		else
			not_held[nn++] = c[i];
	}
	/* c[i..n) were not read: they go between the two parts. */
	memmove(c + nh, c + i, (n - i) * sizeof *c);
	memcpy(c, held, nh * sizeof *c);
	memcpy(c + nh + (n - i), not_held, nn * sizeof *c);
	return TC_OK;
}
