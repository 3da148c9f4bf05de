/* search.c - query execution in tiers, stored fields and snippets; see search.h. */
#include "search.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "query.h"
#include "tc_dbpath.h"
#include "tc_xapian.h"
#include "tc_banned.h"

#define RETRIES 3
#define RELAX_MIN_CLAUSES 4
#define RELAX_CHECK 100 /* partial matches counted exactly up to this many */
#define RELAX_BELOW 10 /* fewer full matches than this get partial ones after them */
#define RELAX_COMMON 0.5 /* share of documents that makes a word too common to relax on */

struct tc_searcher {
	tc_db *db;
	char explain[2048];
};

void tc_search_req_init(tc_search_req *r)
{
	memset(r, 0, sizeof *r);
	r->limit = 10;
	r->snippet_bytes = 240;
}

void tc_results_init(tc_results *r)
{
	memset(r, 0, sizeof *r);
}

static void clear_hits(tc_results *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->hits[i].data);
		r->hits[i].data = NULL;
	}
	r->n = 0;
}

void tc_results_release(tc_results *r)
{
	clear_hits(r);
	for (size_t i = 0; i < r->cap; i++)
		tc_snippet_release(&r->hits[i].snippet);
	free(r->hits);
	memset(r, 0, sizeof *r);
}

static tc_status reserve(tc_results *r, size_t n)
{
	if (n <= r->cap)
		return TC_OK;
	tc_hit *h = realloc(r->hits, n * sizeof *h);
	if (!h)
		return TC_ERR_NOMEM;
	for (size_t i = r->cap; i < n; i++) {
		memset(&h[i], 0, sizeof h[i]);
		tc_snippet_init(&h[i].snippet);
	}
	r->hits = h;
	r->cap = n;
	return TC_OK;
}

tc_status tc_searcher_open(const char *path, tc_searcher **out, tc_err *err)
{
	*out = NULL;
	char live[TC_PATH_MAX];
	struct stat sb;
	const char *target = path;
	if (stat(path, &sb) != 0)
		return tc_err_set(err, TC_ERR_NOT_FOUND, "no index at %s", path);
	if (S_ISDIR(sb.st_mode)) {
		char cur[TC_PATH_MAX];
		int n = snprintf(cur, sizeof cur, "%s/current", path);
		if (n > 0 && (size_t)n < sizeof cur && lstat(cur, &sb) == 0) {
			tc_status st = tc_dbpath_live(path, live, sizeof live, err);
			if (st != TC_OK)
				return st;
			target = live;
		}
	}
	tc_searcher *s = calloc(1, sizeof *s);
	if (!s)
		return TC_ERR_NOMEM;
	tc_status st = tc_db_open(target, TC_DB_READ, &s->db, err);
	if (st != TC_OK) {
		free(s);
		return st;
	}
	*out = s;
	return TC_OK;
}

void tc_searcher_free(tc_searcher *s)
{
	if (!s)
		return;
	tc_db_free(s->db);
	free(s);
}

const char *tc_searcher_explain(const tc_searcher *s)
{
	return s->explain;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Any of the hosts hosts[0..n), as H terms (host names checked, lower
 * case).  A host too long for a term is in no document: it matches nothing
 * (an empty term would be Xapian's match-all). */
static tc_query *any_host(const char *const *hosts, size_t n)
{
	tc_query *terms[TC_SEARCH_MAX_SITES];
	size_t nt = 0;
	for (size_t i = 0; i < n && nt < TC_SEARCH_MAX_SITES; i++) {
		char t[TC_TERM_MAX + 1];
		size_t len = tc_schema_term(TC_PREFIX_HOST, hosts[i], strlen(hosts[i]), t);
		terms[nt++] = len ? tc_query_term(t, len, 1) : tc_query_match_nothing();
	}
	return nt == 1 ? terms[0] : tc_query_combine(TC_Q_OR, terms, nt, 0);
}

/* Date range and sites as a filter; NULL when there is none. */
static tc_query *filter_query(const tc_search_req *req, const tc_parsed *p)
{
	tc_query *parts[3];
	size_t np = 0;
	if (req->from[0] || req->to[0])
		parts[np++] = tc_query_value_range(TC_SLOT_DATE, req->from[0] ? req->from : NULL,
						   req->to[0] ? req->to : NULL);
	/* --site and site: each restrict; several of one kind mean any of them. */
	size_t nq = tc_parsed_site_count(p);
	if (nq) {
		const char *hosts[TC_SEARCH_MAX_SITES];
		for (size_t i = 0; i < nq && i < TC_SEARCH_MAX_SITES; i++)
			hosts[i] = tc_parsed_site(p, i);
		parts[np++] = any_host(hosts, nq < TC_SEARCH_MAX_SITES ? nq : TC_SEARCH_MAX_SITES);
	}
	if (req->nsites)
		parts[np++] = any_host(req->sites, req->nsites);
	if (!np)
		return NULL;
	return np == 1 ? parts[0] : tc_query_combine(TC_Q_AND, parts, np, 0);
}

/* The -site: hosts as one query to subtract; NULL when there are none. */
static tc_query *excluded_hosts(const tc_parsed *p)
{
	size_t n = tc_parsed_xsite_count(p);
	if (!n)
		return NULL;
	const char *hosts[TC_SEARCH_MAX_SITES];
	for (size_t i = 0; i < n && i < TC_SEARCH_MAX_SITES; i++)
		hosts[i] = tc_parsed_xsite(p, i);
	return any_host(hosts, n < TC_SEARCH_MAX_SITES ? n : TC_SEARCH_MAX_SITES);
}

static tc_query *without(tc_query *q, const tc_query *excluded)
{
	if (!q || !excluded)
		return q;
	tc_query *pair[2] = {q, tc_query_clone(excluded)};
	return tc_query_combine(TC_Q_AND_NOT, pair, 2, 0);
}

static tc_query *filtered(tc_query *q, const tc_query *filter)
{
	if (!q || !filter)
		return q;
	tc_query *pair[2] = {q, tc_query_clone(filter)};
	return tc_query_combine(TC_Q_FILTER, pair, 2, 0);
}

/*
 * Proximity bonus (policy): each pair of words typed next to each other that
 * is also next to each other in the document adds PAIR_BOOST times the BM25
 * idf of both words; a run of three or more words typed in a row that is in
 * a row in the text adds RUN_BOOST times the idf of all its words, and in the
 * title TITLE_BOOST times.  Computed from positions for the best RERANK_DEPTH
 * candidates of each tier, which then are re-ordered.
 */
#define PAIR_BOOST 0.5
#define TITLE_BOOST 1.0  /* a whole run of query words in a row in the title */
#define RUN_BOOST 1.0    /* a whole run of three or more words in a row in the text */
#define MAX_RUNS 8
#define PHRASE_GATE 20000 /* most full matches worth checking for the phrase */
#define PHRASE_GATE_SHORT 2000 /* the same for a run of three or four words */
#define PHRASE_LONG_RUN 5  /* words in a run that make it a long one */
#define RERANK_DEPTH 30
#define POS_CAP 4096
#define MAX_PAIR_TOKENS 32

typedef struct cand {
	tc_mset *m;       /* the search it came from */
	size_t idx;       /* in that mset */
	uint32_t docid;
	double score;
} cand;

typedef struct prox {
	size_t npairs;
	size_t a[TC_QUERY_MAX_TOKENS], b[TC_QUERY_MAX_TOKENS]; /* into toks */
	const char *toks[MAX_PAIR_TOKENS];
	double idf[MAX_PAIR_TOKENS];
	size_t ntoks;
	size_t run[MAX_RUNS][MAX_PAIR_TOKENS]; /* into toks */
	size_t run_len[MAX_RUNS];
	double run_idf[MAX_RUNS];
	size_t nruns;
} prox;

static size_t tok_index(prox *x, const char *t)
{
	for (size_t i = 0; i < x->ntoks; i++)
		if (!strcmp(x->toks[i], t))
			return i;
	if (x->ntoks == MAX_PAIR_TOKENS)
		return SIZE_MAX;
	x->toks[x->ntoks] = t;
	return x->ntoks++;
}

static tc_status prox_init(tc_searcher *s, const tc_parsed *p, prox *x, tc_err *err)
{
	memset(x, 0, sizeof *x);
	uint64_t ndocs;
	tc_status st = tc_db_doccount(s->db, &ndocs, err);
	for (size_t i = 0; i < tc_parsed_pair_count(p) && st == TC_OK; i++) {
		const char *a, *b;
		tc_parsed_pair(p, i, &a, &b);
		size_t ia = tok_index(x, a), ib = tok_index(x, b);
		if (ia == SIZE_MAX || ib == SIZE_MAX)
			break;
		x->a[x->npairs] = ia;
		x->b[x->npairs++] = ib;
	}
	for (size_t r = 0; r < tc_parsed_run_count(p) && x->nruns < MAX_RUNS; r++) {
		const char *folds[MAX_PAIR_TOKENS];
		size_t n = tc_parsed_run(p, r, folds, MAX_PAIR_TOKENS);
		size_t k;
		for (k = 0; k < n; k++) {
			x->run[x->nruns][k] = tok_index(x, folds[k]);
			if (x->run[x->nruns][k] == SIZE_MAX)
				break;
		}
		if (k == n)
			x->run_len[x->nruns++] = n;
	}
	for (size_t i = 0; i < x->ntoks && st == TC_OK; i++) {
		uint64_t tf;
		st = tc_db_termfreq(s->db, x->toks[i], strlen(x->toks[i]), &tf, err);
		double idf = log(((double)ndocs - (double)tf + 0.5) / ((double)tf + 0.5));
		x->idf[i] = idf > 0.1 ? idf : 0.1;
	}
	for (size_t r = 0; r < x->nruns; r++)
		for (size_t k = 0; k < x->run_len[r]; k++)
			x->run_idf[r] += x->idf[x->run[r][k]];
	return st;
}

/* Does some position in a have its successor in b?  Both ascending. */
static int adjacent(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
	size_t i = 0, j = 0;
	while (i < na && j < nb) {
		if (a[i] + 1 == b[j])
			return 1;
		if (a[i] + 1 < b[j])
			i++;
		else
			j++;
	}
	return 0;
}

/* Is there a p among starts[0..nstarts) with toks run[k] at p + k for every
 * k > 0? */
static int in_a_row_from(const uint32_t *starts, size_t nstarts, uint32_t pos[][POS_CAP],
			 const size_t *npos, const size_t *run, size_t n)
{
	for (size_t i = 0; i < nstarts; i++) {
		uint32_t p = starts[i];
		size_t k;
		for (k = 1; k < n; k++) {
			/* Binary search: body position lists can be long. */
			const uint32_t *q = pos[run[k]];
			size_t lo = 0, hi = npos[run[k]];
			while (lo < hi) {
				size_t mid = lo + (hi - lo) / 2;
				if (q[mid] < p + k)
					lo = mid + 1;
				else
					hi = mid;
			}
			if (lo == npos[run[k]] || q[lo] != p + k)
				break;
		}
		if (k == n)
			return 1;
	}
	return 0;
}

/* Is there a p with toks run[k] at p + k for every k? */
static int in_a_row(uint32_t pos[][POS_CAP], const size_t *npos, const size_t *run, size_t n)
{
	return in_a_row_from(pos[run[0]], npos[run[0]], pos, npos, run, n);
}

static tc_status load_one(tc_searcher *s, const char *prefix, const char *tok, uint32_t docid,
			  uint32_t *pos, size_t *npos, tc_err *err)
{
	char t[TC_TERM_MAX + 1];
	int n = snprintf(t, sizeof t, "%s%s", prefix, tok);
	*npos = 0;
	if (n < 0 || (size_t)n >= sizeof t)
		return TC_OK;
	return tc_db_positions(s->db, docid, t, (size_t)n, pos, POS_CAP, npos, err);
}

static size_t best_run(const prox *x)
{
	size_t best = 0;
	for (size_t r = 1; r < x->nruns; r++)
		if (x->run_len[r] > x->run_len[best])
			best = r;
	return best;
}

/*
 * The most full matches worth checking positions for.  A run of five words
 * or more is a passage someone copied (a known item): worth thousands of
 * position reads.  A run of three or four common words ("thu được từ việc")
 * is not: its phrase is common too, the proximity bonus on the best
 * candidates ranks it, and checking it over tens of thousands of matches
 * made most of the slowest answers.
 */
static uint64_t phrase_gate(const prox *x)
{
	if (!x->nruns)
		return 0;
	return x->run_len[best_run(x)] >= PHRASE_LONG_RUN ? PHRASE_GATE : PHRASE_GATE_SHORT;
}

/*
 * The title is the start of the main stream (positions from 0, the same in
 * the S stream) and a gap of empty positions follows it, so a run in a row
 * that starts in the title stays in it: the run is in a row in the title
 * when one of its starts in the main stream is a title position of its
 * first word.  One S list per run instead of one per word, and none for a
 * run not in a row at all.
 */
static tc_status prox_bonus(tc_searcher *s, const prox *x, uint32_t docid, double *bonus,
			    int *has_best_run, tc_err *err)
{
	static _Thread_local uint32_t pos[MAX_PAIR_TOKENS][POS_CAP];
	static _Thread_local uint32_t title[POS_CAP];
	size_t npos[MAX_PAIR_TOKENS];
	*bonus = 0;
	*has_best_run = 0;
	tc_status st = TC_OK;
	for (size_t i = 0; i < x->ntoks && st == TC_OK; i++)
		st = load_one(s, "", x->toks[i], docid, pos[i], &npos[i], err);
	if (st != TC_OK)
		return st;
	for (size_t k = 0; k < x->npairs; k++)
		if (adjacent(pos[x->a[k]], npos[x->a[k]], pos[x->b[k]], npos[x->b[k]]))
			*bonus += PAIR_BOOST * (x->idf[x->a[k]] + x->idf[x->b[k]]);
	size_t best = best_run(x);
	size_t title_tok = SIZE_MAX, ntitle = 0;
	for (size_t r = 0; r < x->nruns && st == TC_OK; r++) {
		const size_t *run = x->run[r];
		if (!in_a_row(pos, npos, run, x->run_len[r]))
			continue;
		if (x->run_len[r] > 2) {
			*bonus += RUN_BOOST * x->run_idf[r];
			*has_best_run |= r == best;
		}
		if (run[0] != title_tok) {
			title_tok = run[0];
			st = load_one(s, TC_PREFIX_TITLE, x->toks[title_tok], docid, title, &ntitle, err);
		}
		if (st == TC_OK && in_a_row_from(title, ntitle, pos, npos, run, x->run_len[r]))
			*bonus += TITLE_BOOST * x->run_idf[r];
	}
	return st;
}

static int by_score(const void *pa, const void *pb)
{
	const cand *a = pa, *b = pb;
	if (a->score != b->score)
		return a->score < b->score ? 1 : -1;
	return a->idx < b->idx ? -1 : a->idx > b->idx; /* stable: Xapian's order */
}

/* Append hits cands[0..n) to res, with stored fields and snippets; alt is
 * a work snippet. */
static tc_status collect(tc_snippet *alt, const cand *cands, size_t n, const tc_parsed *p,
			 const tc_search_req *req, tc_results *res, tc_err *err)
{
	tc_status st = reserve(res, res->n + n);
	if (st != TC_OK)
		return st;
	const char *terms[TC_QUERY_MAX_TOKENS];
	size_t nterms = tc_parsed_highlight_count(p);
	for (size_t k = 0; k < nterms; k++)
		terms[k] = tc_parsed_highlight(p, k);
	for (size_t i = 0; i < n; i++) {
		tc_hit *h = &res->hits[res->n];
		size_t len;
		h->score = cands[i].score;
		st = tc_mset_data(cands[i].m, cands[i].idx, &h->data, &len, err);
		if (st != TC_OK)
			return st;
		if (tc_docdata_decode(h->data, len, &h->a) != TC_OK) {
			/* A record we cannot read: show the hit without fields rather
			 * than fail the whole page. */
			memset(&h->a, 0, sizeof h->a);
		}
		/* Older indexes named a page imported without a URL by its path
		 * on the indexing machine: never publish that. */
		if (h->a.url.n >= 5 && !strncasecmp(h->a.url.p, "file:", 5))
			h->a.url = (tc_str){NULL, 0};
		h->rank = req->offset + (uint32_t)res->n + 1;
		res->n++;
		tc_buf_reset(&h->snippet.text);
		h->snippet.nspans = 0;
		if (req->snippet_bytes) {
			/* The body's best passage, or the summary's when it matches
			 * better (words found only there, or side by side there). */
			tc_str src = h->a.body.n ? h->a.body : h->a.summary;
			st = tc_snippet_make(&h->snippet, src.p ? src.p : "", src.n, terms, nterms,
					     req->snippet_bytes);
			if (st == TC_OK && h->a.body.n && h->a.summary.n) {
				st = tc_snippet_make(alt, h->a.summary.p, h->a.summary.n, terms, nterms,
						     req->snippet_bytes);
				if (st == TC_OK && alt->score > h->snippet.score) {
					tc_snippet tmp = h->snippet;
					h->snippet = *alt;
					*alt = tmp;
				}
			}
			if (st != TC_OK)
				return st;
		}
	}
	return TC_OK;
}

/*
 * Candidates found in a row: for a multi-word query whose full matches are
 * not too many to check positions for, the matches that hold the longest run
 * of query words as a phrase, weighted like the tier's own query (FILTER).
 * BM25 alone can rank such a document far down when its words are common.
 */
static tc_query *phrase_filter(const prox *x, const tc_query *q)
{
	size_t best = best_run(x);
	/* Two words: the pair bonus on the best candidates is enough, and
	 * checking a phrase of two common words over thousands costs most. */
	if (!x->nruns || x->run_len[best] < 3)
		return NULL;
	tc_query *t[MAX_PAIR_TOKENS];
	size_t n = x->run_len[best];
	for (size_t k = 0; k < n; k++) {
		const char *f = x->toks[x->run[best][k]];
		t[k] = tc_query_term(f, strlen(f), 1);
	}
	tc_query *pair[2] = {tc_query_clone(q), tc_query_combine(TC_Q_PHRASE, t, n, (unsigned)n)};
	return tc_query_combine(TC_Q_FILTER, pair, 2, 0);
}

/* A docid list the tiers share: the strict tier's hits, which the relaxed
 * tier must not repeat. */
typedef struct docset {
	uint32_t *ids;
	size_t n;
} docset;

static int in_set(const docset *d, uint32_t id)
{
	for (size_t k = 0; d && k < d->n; k++)
		if (d->ids[k] == id)
			return 1;
	return 0;
}

/*
 * Add the hits of m that are neither in c[0..*n) nor in skip, until *n
 * reaches cap.
 */
static tc_status add_cands(tc_mset *m, const docset *skip, cand *c, size_t *n, size_t cap,
			   tc_err *err)
{
	for (size_t i = 0; i < tc_mset_size(m) && *n < cap; i++) {
		uint32_t docid;
		double w;
		tc_status st = tc_mset_hit(m, i, &docid, &w, err);
		if (st != TC_OK)
			return st;
		if (in_set(skip, docid))
			continue;
		size_t k;
		for (k = 0; k < *n && c[k].docid != docid; k++)
			;
		if (k == *n)
			c[(*n)++] = (cand){m, i, docid, w};
	}
	return TC_OK;
}

/*
 * One tier: search q for hits [offset, offset+limit) of its own ranking,
 * leaving out the documents in skip (the strict tier's, for the relaxed one:
 * done here rather than with OP_AND_NOT, which Xapian 1.4.22 evaluates with
 * an uninitialised value and then sometimes lets through), re-ranking the
 * first RERANK_DEPTH (plus the phrase candidates) by proximity, and append
 * them to res.  *matched receives the tier's estimated size, and *exact
 * whether Xapian's bounds say it is the exact count (then the same on every
 * page); hits, when not NULL, receives the docids of every hit fetched
 * (caller frees ids).
 */
static tc_status run_tier(tc_searcher *s, const tc_query *q, const prox *x, uint32_t offset, uint32_t limit, uint32_t check, const docset *skip,
			  const tc_parsed *p, const tc_search_req *req, tc_results *res,
			  uint64_t *matched, int *exact, docset *hits, tc_err *err)
{
	*matched = 0;
	*exact = 0;
	int rerank = x->npairs > 0 && !req->sort_date && offset < RERANK_DEPTH && limit > 0;
	size_t nskip = skip ? skip->n : 0;
	int from_top = rerank || nskip || hits; /* fetch from rank 0 and slice here */
	uint32_t want = offset + limit;
	if (rerank && want < RERANK_DEPTH)
		want = RERANK_DEPTH;
	if (hits && want < RELAX_BELOW)
		want = RELAX_BELOW; /* the whole strict set when it is small */
	tc_search_opts o;
	tc_search_opts_init(&o);
	o.offset = from_top ? 0 : offset;
	o.limit = from_top ? want + (uint32_t)nskip : limit;
	o.check_at_least = check + (uint32_t)nskip > o.limit ? check + (uint32_t)nskip : o.limit;
	o.sort_by_value = req->sort_date;
	o.sort_slot = TC_SLOT_DATE;
	tc_mset *m, *pm = NULL;
	tc_status st = tc_db_search(s->db, q, &o, &m, err);
	if (st != TC_OK)
		return st;
	uint64_t est = tc_mset_estimate(m);
	*matched = est > nskip ? est - nskip : 0;
	*exact = tc_mset_lower_bound(m) == tc_mset_upper_bound(m);
	size_t n = tc_mset_size(m);
	size_t cap = n + RERANK_DEPTH + nskip; /* room for the phrase candidates */
	cand *c = calloc(cap, sizeof *c);
	size_t nc = 0, reranked = 0;
	if (!c && st == TC_OK)
		st = TC_ERR_NOMEM;
	/* Reranked: the first RERANK_DEPTH hits, then - unless one of them
	 * already holds the query's longest run of words in a row - the
	 * phrase candidates; then the rest. */
	if (st == TC_OK && rerank) {
		st = add_cands(m, skip, c, &nc, RERANK_DEPTH, err);
		int has_run = 0;
		for (size_t i = 0; i < nc && st == TC_OK; i++) {
			double bonus;
			int has;
			st = prox_bonus(s, x, c[i].docid, &bonus, &has, err);
			c[i].score += bonus;
			has_run |= has;
		}
		size_t checked = nc;
		if (st == TC_OK && !has_run && *matched > RERANK_DEPTH && *matched <= phrase_gate(x)) {
			tc_query *pq = phrase_filter(x, q);
			if (pq) {
				o.limit = RERANK_DEPTH + (uint32_t)nskip;
				o.check_at_least = 0;
				st = tc_db_search(s->db, pq, &o, &pm, err);
				tc_query_free(pq);
			}
			if (st == TC_OK && pm)
				st = add_cands(pm, skip, c, &nc, cap, err);
			for (size_t i = checked; i < nc && st == TC_OK; i++) {
				double bonus;
				int has;
				st = prox_bonus(s, x, c[i].docid, &bonus, &has, err);
				c[i].score += bonus;
			}
		}
		reranked = nc;
	}
	if (st == TC_OK)
		st = add_cands(m, skip, c, &nc, cap, err);
	if (st == TC_OK && hits) {
		hits->ids = malloc((n ? n : 1) * sizeof *hits->ids);
		hits->n = 0;
		if (!hits->ids)
			st = TC_ERR_NOMEM;
		for (size_t i = 0; i < n && st == TC_OK; i++) {
			double w;
			st = tc_mset_hit(m, i, &hits->ids[hits->n++], &w, err);
		}
	}
	if (st == TC_OK) {
		qsort(c, reranked, sizeof *c, by_score);
		size_t from = from_top ? offset : 0;
		size_t count = from < nc ? nc - from : 0;
		if (count > limit)
			count = limit;
		tc_snippet alt;
		tc_snippet_init(&alt);
		st = collect(&alt, c + from, count, p, req, res, err);
		tc_snippet_release(&alt);
	}
	free(c);
	tc_mset_free(pm);
	tc_mset_free(m);
	return st;
}

/* Facet values as the spy reports them, before they are sorted and cut. */
typedef struct facet_acc {
	tc_facet *v;
	size_t n, cap;
	size_t key_len;          /* 4: fold months into years; 0: keep whole */
	double scale;            /* counts are multiplied by this (rounded) */
} facet_acc;

static int on_facet(void *ctx, const char *value, size_t len, uint64_t count)
{
	facet_acc *a = ctx;
	if (a->scale > 1.0)
		count = (uint64_t)((double)count * a->scale + 0.5);
	if (a->key_len && len >= a->key_len)
		len = a->key_len;
	if (!len || len >= sizeof a->v[0].value)
		return 0;
	for (size_t k = 0; k < a->n; k++)
		if (strlen(a->v[k].value) == len && !memcmp(a->v[k].value, value, len)) {
			a->v[k].count += count;
			return 0;
		}
	if (a->n == a->cap)
		return 0;
	memcpy(a->v[a->n].value, value, len);
	a->v[a->n].value[len] = '\0';
	a->v[a->n++].count = count;
	return 0;
}

static int by_count(const void *x, const void *y)
{
	const tc_facet *a = x, *b = y;
	if (a->count != b->count)
		return a->count < b->count ? 1 : -1;
	return strcmp(a->value, b->value);
}

static int newest_first(const void *x, const void *y)
{
	return strcmp(((const tc_facet *)y)->value, ((const tc_facet *)x)->value);
}

/*
 * Count the matches of q (the query that produced the answer) for the
 * total, and with facets their sources and dates, with Xapian match spies.
 * One unweighted pass that stops after TC_TOTAL_EXACT_MAX matches, whatever
 * the page asked for: every page of an answer gets the same total (the
 * tiers' own estimates depend on how deep each page looks).  The spies see
 * the first TC_FACET_SAMPLE matches the matcher meets (in docid order), not
 * the best: below that the counts are exact.
 */
static tc_status count_answer(tc_searcher *s, const tc_query *q, int facets, tc_results *res,
			      tc_err *err)
{
	tc_search_opts o;
	tc_search_opts_init(&o);
	o.limit = 1;
	o.check_at_least = TC_TOTAL_EXACT_MAX;
	o.unweighted = 1; /* only the set counts: no weights, and a stop at the sample */
	if (facets) {
		o.facet_slots[0] = TC_SLOT_SOURCE;
		o.facet_slots[1] = TC_SLOT_MONTH;
	}
	tc_mset *m;
	tc_status st = tc_db_search(s->db, q, &o, &m, err);
	if (st != TC_OK)
		return st;
	res->total = tc_mset_estimate(m);
	res->total_exact = tc_mset_lower_bound(m) == tc_mset_upper_bound(m);
	if (!facets) {
		tc_mset_free(m);
		return TC_OK;
	}
	res->facets_sampled = tc_mset_estimate(m) > TC_FACET_SAMPLE;
	tc_facet src[256], months[512];
	facet_acc a = {src, 0, 256, 0, 1.0};
	/* A sample stands for the whole: its counts are scaled to the estimate. */
	uint64_t seen = tc_mset_facet_seen(m, 0);
	a.scale = res->facets_sampled && seen ? (double)tc_mset_estimate(m) / (double)seen : 1.0;
	st = tc_mset_facets(m, 0, 256, on_facet, &a, err);
	qsort(src, a.n, sizeof *src, by_count);
	res->nsources = a.n < TC_FACET_MAX ? a.n : TC_FACET_MAX;
	memcpy(res->sources, src, res->nsources * sizeof *src);
	facet_acc mo = {months, 0, 512, 0, a.scale};
	if (st == TC_OK)
		st = tc_mset_facets(m, 1, 512, on_facet, &mo, err);
	tc_mset_free(m);
	/* Years, unless every dated match falls in one year: then months. */
	int one_year = mo.n > 0;
	for (size_t k = 1; k < mo.n && one_year; k++)
		one_year = !memcmp(months[k].value, months[0].value, 4);
	if (!one_year) {
		tc_facet years[512];
		facet_acc y = {years, 0, 512, 4, 1.0};
		for (size_t k = 0; k < mo.n; k++)
			on_facet(&y, months[k].value, strlen(months[k].value), months[k].count);
		memcpy(months, years, y.n * sizeof *years);
		mo.n = y.n;
	}
	qsort(months, mo.n, sizeof *months, newest_first);
	res->dates_by_month = one_year;
	res->ndates = mo.n < TC_FACET_DATES ? mo.n : TC_FACET_DATES;
	memcpy(res->dates, months, res->ndates * sizeof *months);
	return st;
}

static tc_status run_once(tc_searcher *s, const tc_search_req *req, const tc_parsed *p,
			  const tc_query *strict, const tc_query *relaxed,
			  tc_results *res, tc_err *err)
{
	prox x;
	tc_status st = prox_init(s, p, &x, err);
	if (st != TC_OK)
		return st;
	uint64_t strict_total;
	docset found = {NULL, 0};
	st = run_tier(s, strict, &x, req->offset, req->limit, req->offset + req->limit,
		      NULL, p, req, res, &strict_total, &res->total_exact, relaxed ? &found : NULL, err);
	res->total = strict_total;
	/* A short query that matched is answered as asked; a question (many
	 * words) or a query that found nothing is relaxed when it has fewer
	 * than RELAX_BELOW full matches, whatever the page, so every page of
	 * an answer agrees on its total.  The strict search then fetched all of
	 * them, so `found` holds the whole strict set. */
	if (st == TC_OK && relaxed && strict_total < RELAX_BELOW && found.n == strict_total &&
	    (strict_total == 0 || tc_parsed_clause_count(p) >= RELAX_MIN_CLAUSES)) {
		uint32_t off2 = req->offset > strict_total ? req->offset - (uint32_t)strict_total : 0;
		uint64_t more;
		int more_exact;
		st = run_tier(s, relaxed, &x, off2, req->limit - (uint32_t)res->n, RELAX_CHECK, &found,
			      p, req, res, &more, &more_exact, NULL, err);
		res->total = strict_total + more;
		res->total_exact &= more_exact;
		res->relaxed = more > 0; /* of the whole answer, not of this page */
	}
	free(found.ids);
	res->nsources = res->ndates = 0;
	res->facets_sampled = 0;
	/* An exact count of at most TC_TOTAL_EXACT_MAX is what the count
	 * below would give, on every page (a single word's is always exact):
	 * keep it.  Otherwise, or for the facets, which need the pass anyway,
	 * count the answer once more, the same way whatever the page. */
	int facets = req->facets && res->total;
	if (st == TC_OK && (facets || !res->total_exact || res->total > TC_TOTAL_EXACT_MAX))
		st = count_answer(s, res->relaxed ? relaxed : strict, facets, res, err);
	return st;
}

/* Flag the one-word clauses found in more than RELAX_COMMON of the documents. */
static tc_status mark_common(tc_searcher *s, const tc_parsed *p, unsigned char *common,
			     tc_err *err)
{
	uint64_t ndocs;
	tc_status st = tc_db_doccount(s->db, &ndocs, err);
	for (size_t k = 0; k < tc_parsed_clause_count(p) && st == TC_OK; k++) {
		const char *w = tc_parsed_clause_word(p, k);
		uint64_t tf = 0;
		if (w)
			st = tc_db_termfreq(s->db, w, strlen(w), &tf, err);
		common[k] = (double)tf > RELAX_COMMON * (double)ndocs;
	}
	return st;
}

tc_status tc_searcher_run(tc_searcher *s, const tc_search_req *req, tc_results *res, tc_err *err)
{
	double t0 = now_ms();
	clear_hits(res);
	res->total = 0;
	res->total_exact = 0;
	res->refusal = TC_QREF_NONE;
	res->relaxed = 0;
	res->offset = req->offset;
	res->took_ms = 0;
	s->explain[0] = '\0';
	if (req->limit < 1 || req->limit > TC_SEARCH_MAX_LIMIT)
		return tc_err_set(err, TC_ERR_USAGE, "limit must be between 1 and %d",
				  TC_SEARCH_MAX_LIMIT);
	if (req->offset > TC_SEARCH_MAX_OFFSET)
		return tc_err_set(err, TC_ERR_USAGE, "offset must be between 0 and %d",
				  TC_SEARCH_MAX_OFFSET);
	tc_parsed *p;
	tc_status st = tc_query_parse(req->query, req->query_len, &p, &res->refusal, err);
	if (st != TC_OK)
		return st;
	res->truncated = tc_parsed_truncated(p);
	if (tc_parsed_describe(p, s->explain, sizeof s->explain) != TC_OK)
		s->explain[0] = '\0';
	tc_query *strict, *relaxed;
	unsigned char common[TC_QUERY_MAX_ITEMS] = {0};
	st = mark_common(s, p, common, err);
	if (st == TC_OK)
		st = tc_parsed_build(p, common, &strict, &relaxed);
	if (st == TC_OK) {
		tc_query *filter = filter_query(req, p), *xhosts = excluded_hosts(p);
		strict = without(filtered(strict, filter), xhosts);
		relaxed = without(filtered(relaxed, filter), xhosts);
		tc_query_free(filter);
		tc_query_free(xhosts);
		if (!strict)
			st = TC_ERR_NOMEM;
	}
	for (int attempt = 0; st == TC_OK; attempt++) {
		st = run_once(s, req, p, strict, relaxed, res, err);
		if (st != TC_ERR_MODIFIED || attempt == RETRIES)
			break;
		/* The index moved on under us: catch up and ask again. */
		clear_hits(res);
		res->relaxed = 0;
		int changed;
		st = tc_db_reopen(s->db, &changed, err);
	}
	tc_query_free(strict);
	tc_query_free(relaxed);
	tc_parsed_free(p);
	res->took_ms = now_ms() - t0;
	return st;
}
