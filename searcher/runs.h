/*
 * runs.h - run verification, the proximity check of the searcher.
 *
 * The words tiers hold every pair of a run typed in a row, which for a run
 * of three words or more is not yet the run: "an toàn" here and "toàn
 * thông" there.  The best TC_RUNS_DEPTH of such a tier are checked in their
 * text, and those that hold the run whole come first (each part in the
 * tier's own order), so a page never opens with what only seems to match.
 * search.c's run_tier decides when (a run of three or more, a page within
 * the first TC_RUNS_DEPTH) and calls tc_runs_verify.
 */
#ifndef RUNS_H
#define RUNS_H

#include <stddef.h>
#include <stdint.h>

#include "tc_status.h"
#include "tc_xapian.h"

#define TC_RUNS_DEPTH 30 /* candidates of a tier checked */
#define TC_RUNS_MAX 16   /* words of the longest run read from the query */

/* A hit of a tier before it is collected: where it is, and its rank. */
typedef struct tc_runs_cand {
	tc_mset *m;       /* the search it came from */
	size_t idx;       /* in that mset */
	uint32_t docid;
	double score;
} tc_runs_cand;

/*
 * Put the candidates c[0..n) (n at most TC_RUNS_DEPTH) that hold folds[0..nf)
 * in a row in their title, summary or body first, keeping each part's
 * order: those that hold it as typed, then those where clause marks (. , ;
 * : ! ?) stand between its words otherwise than clause[] says (clause[k]:
 * the query typed one before word k; a text pasted into the box keeps its
 * commas, and a run a sentence ends in is a weaker match), then the rest.
 * Reading stops once want of them hold it as typed: the page is then made
 * of those, the same on every page that reaches no deeper (the candidates
 * after the last one read go next, before the other ones read).  A hit
 * whose stored data does not decode counts as not holding the run.
 * Returns TC_OK, or the status of reading a hit's data (err says why; c is
 * then left as it was).
 */
TC_MUST_CHECK tc_status tc_runs_verify(tc_runs_cand *c, size_t n, size_t want,
				       const char *const *folds, const int *clause, size_t nf,
				       tc_err *err);

#endif
