/*
 * ev_metrics.h - ranking measures over one row of the evaluation (a query
 * set in one spelling), with binary relevance.
 *
 * For one query, the caller marks which returned hits are relevant and says
 * how many relevant documents exist.  Per query:
 *   success@k  1 when a relevant hit is within the first k
 *   RR@c       1/rank of the first relevant hit within the first c (else 0)
 *   nDCG@10    sum over relevant hits i<10 of 1/log2(i+2), divided by the
 *              same sum for an ideal list of min(|rel|, 10) relevant hits
 *   recall@10  relevant hits in the first 10 / |rel|
 *   P@10       relevant hits in the first 10 / 10: a list shorter than 10
 *              counts its missing places as not relevant (for queries with
 *              at least 10 relevant documents: "fills its top 10 with them")
 * The row reports their means over its queries.  A query whose answer was an
 * error counts as a query with no hits.
 */
#ifndef EV_METRICS_H
#define EV_METRICS_H

#include <stddef.h>

#include "tc_status.h"

typedef struct ev_query_score {
	double s1, s10, rr, ndcg10, recall10, p10;
} ev_query_score;

/*
 * Score one answer: rel[i] != 0 when hit i (0-based rank) is relevant, for
 * i < nhits; nrel is the number of relevant documents (>= 1); rr_cutoff
 * bounds the reciprocal rank (10 for MRR@10).
 */
ev_query_score ev_score(const unsigned char *rel, size_t nhits, size_t nrel, size_t rr_cutoff);

typedef struct ev_row {
	const char *id;       /* stable key for gates: "topics.accented" */
	const char *set;      /* shown: "Topics (vnmds-2013 + distractors)" */
	const char *variant;  /* shown: "accented as given" */
	unsigned cols;        /* which measures mean something here: EV_COL_* */
	size_t rr_cutoff;
	size_t n;             /* queries scored */
	size_t errors;        /* of which the searcher answered with an error */
	size_t repeats;       /* answers that list one URL twice */
	ev_query_score sum;
	size_t same, same_n;  /* top-10 identical to the canonical query */
	double *took;         /* searcher's took_ms per query */
	size_t ntook, took_cap;
	int run;              /* the row's section was run */
} ev_row;

enum {
	EV_COL_S1 = 1,
	EV_COL_S10 = 2,
	EV_COL_RR = 4,
	EV_COL_NDCG = 8,
	EV_COL_RECALL = 16,
	EV_COL_SAME = 32,
	EV_COL_P10 = 64
};

/* Which measure a gate looks at. */
typedef enum ev_measure {
	EV_M_S1,
	EV_M_S10,
	EV_M_RR,
	EV_M_NDCG,
	EV_M_RECALL,
	EV_M_SAME,
	EV_M_P10
} ev_measure;

/* Add one query's score and latency.  TC_ERR_NOMEM. */
TC_MUST_CHECK tc_status ev_row_add(ev_row *r, ev_query_score q, double took_ms, int error);
/* Add one top-10 comparison with the canonical query. */
void ev_row_add_same(ev_row *r, int same);
/* The row's mean of m; -1 when the row has no queries for it. */
double ev_row_mean(const ev_row *r, ev_measure m);
/* The p-th percentile (0..100) of took_ms; -1 when none. */
double ev_row_took(ev_row *r, double p);
void ev_row_release(ev_row *r);

const char *ev_measure_name(ev_measure m);

#endif
