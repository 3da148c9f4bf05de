/* ev_metrics.c - ranking measures; see ev_metrics.h for the definitions. */
#include "ev_metrics.h"

#include <math.h>
#include <stdlib.h>

#include "tc_banned.h"

ev_query_score ev_score(const unsigned char *rel, size_t nhits, size_t nrel, size_t rr_cutoff)
{
	ev_query_score q = {0, 0, 0, 0, 0, 0};
	double dcg = 0, idcg = 0;
	size_t found10 = 0;
	for (size_t i = 0; i < nhits; i++) {
		if (!rel[i])
			continue;
		if (i == 0)
			q.s1 = 1;
		if (i < 10) {
			q.s10 = 1;
			dcg += 1.0 / log2((double)i + 2.0);
			found10++;
		}
		if (q.rr == 0 && i < rr_cutoff)
			q.rr = 1.0 / ((double)i + 1.0);
	}
	q.p10 = (double)found10 / 10.0;
	size_t ideal = nrel < 10 ? nrel : 10;
	for (size_t i = 0; i < ideal; i++)
		idcg += 1.0 / log2((double)i + 2.0);
	if (nrel) {
		q.ndcg10 = idcg > 0 ? dcg / idcg : 0;
		q.recall10 = (double)found10 / (double)nrel;
		if (q.recall10 > 1)
			q.recall10 = 1; /* duplicates in the hit list */
		if (q.ndcg10 > 1)
			q.ndcg10 = 1;
	}
	return q;
}

tc_status ev_row_add(ev_row *r, ev_query_score q, double took_ms, int error)
{
	if (r->ntook == r->took_cap) {
		size_t ncap = r->took_cap ? r->took_cap * 2 : 256;
		double *nt = realloc(r->took, ncap * sizeof *nt);
		if (!nt)
			return TC_ERR_NOMEM;
		r->took = nt;
		r->took_cap = ncap;
	}
	r->took[r->ntook++] = took_ms;
	r->n++;
	if (error)
		r->errors++;
	r->sum.s1 += q.s1;
	r->sum.s10 += q.s10;
	r->sum.rr += q.rr;
	r->sum.ndcg10 += q.ndcg10;
	r->sum.recall10 += q.recall10;
	r->sum.p10 += q.p10;
	return TC_OK;
}

void ev_row_add_same(ev_row *r, int same)
{
	r->same_n++;
	if (same)
		r->same++;
}

double ev_row_mean(const ev_row *r, ev_measure m)
{
	if (m == EV_M_SAME)
		return r->same_n ? (double)r->same / (double)r->same_n : -1;
	if (!r->n)
		return -1;
	double s = 0;
	switch (m) {
	case EV_M_S1: s = r->sum.s1; break;
	case EV_M_S10: s = r->sum.s10; break;
	case EV_M_RR: s = r->sum.rr; break;
	case EV_M_NDCG: s = r->sum.ndcg10; break;
	case EV_M_RECALL: s = r->sum.recall10; break;
	case EV_M_P10: s = r->sum.p10; break;
	case EV_M_SAME: break;
	}
	return s / (double)r->n;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

double ev_row_took(ev_row *r, double p)
{
	if (!r->ntook)
		return -1;
	qsort(r->took, r->ntook, sizeof *r->took, cmp_double);
	size_t i = (size_t)ceil(p / 100.0 * (double)r->ntook);
	if (i > 0)
		i--;
	if (i >= r->ntook)
		i = r->ntook - 1;
	return r->took[i];
}

void ev_row_release(ev_row *r)
{
	free(r->took);
	r->took = NULL;
	r->ntook = r->took_cap = 0;
}

const char *ev_measure_name(ev_measure m)
{
	switch (m) {
	case EV_M_S1: return "s@1";
	case EV_M_S10: return "s@10";
	case EV_M_RR: return "MRR";
	case EV_M_NDCG: return "nDCG@10";
	case EV_M_RECALL: return "recall@10";
	case EV_M_SAME: return "top-10 identical";
	case EV_M_P10: return "P@10";
	}
	return "?";
}
