/* search.c - query execution in tiers, stored fields and snippets; see search.h. */
#include "search.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "query.h"
#include "tc_dbpath.h"
#include "tc_xapian.h"
#include "tc_banned.h"

#define RETRIES 3
#define RELAX_MIN_CLAUSES 4

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

/* Date range and sites as a filter; NULL when there is none. */
static tc_query *filter_query(const tc_search_req *req, const tc_parsed *p)
{
	tc_query *parts[3];
	size_t np = 0;
	if (req->from[0] || req->to[0])
		parts[np++] = tc_query_value_range(TC_SLOT_DATE, req->from[0] ? req->from : NULL,
						   req->to[0] ? req->to : NULL);
	/* --site and site: each restrict; several site: in a query mean any of them. */
	if (tc_parsed_site_count(p)) {
		tc_query *hosts[TC_SEARCH_MAX_SITES];
		size_t nh = 0;
		for (size_t i = 0; i < tc_parsed_site_count(p) && nh < TC_SEARCH_MAX_SITES; i++) {
			char t[TC_TERM_MAX + 1];
			int n = snprintf(t, sizeof t, "%s%s", TC_PREFIX_HOST, tc_parsed_site(p, i));
			hosts[nh++] = tc_query_term(t, n > 0 && (size_t)n < sizeof t ? (size_t)n : 0, 1);
		}
		parts[np++] = nh == 1 ? hosts[0] : tc_query_combine(TC_Q_OR, hosts, nh, 0);
	}
	if (req->nsites) {
		tc_query *hosts[TC_SEARCH_MAX_SITES];
		size_t nh = 0;
		for (size_t i = 0; i < req->nsites && nh < TC_SEARCH_MAX_SITES; i++) {
			char t[TC_TERM_MAX + 1];
			int n = snprintf(t, sizeof t, "%s%s", TC_PREFIX_HOST, req->sites[i]);
			for (int k = 0; k < n; k++)
				if (t[k] >= 'A' && t[k] <= 'Z')
					t[k] = (char)(t[k] - 'A' + 'a');
			hosts[nh++] = tc_query_term(t, n > 0 && (size_t)n < sizeof t ? (size_t)n : 0, 1);
		}
		parts[np++] = nh == 1 ? hosts[0] : tc_query_combine(TC_Q_OR, hosts, nh, 0);
	}
	if (!np)
		return NULL;
	return np == 1 ? parts[0] : tc_query_combine(TC_Q_AND, parts, np, 0);
}

static tc_query *filtered(tc_query *q, const tc_query *filter)
{
	if (!q || !filter)
		return q;
	tc_query *pair[2] = {q, tc_query_clone(filter)};
	return tc_query_combine(TC_Q_FILTER, pair, 2, 0);
}

/* Append the hits of m to res, with stored fields and snippets. */
static tc_status collect(tc_searcher *s, tc_mset *m, const tc_parsed *p,
			 const tc_search_req *req, tc_results *res, tc_err *err)
{
	size_t n = tc_mset_size(m);
	tc_status st = reserve(res, res->n + n);
	if (st != TC_OK)
		return st;
	const char *terms[TC_QUERY_MAX_TOKENS];
	size_t nterms = tc_parsed_highlight_count(p);
	for (size_t k = 0; k < nterms; k++)
		terms[k] = tc_parsed_highlight(p, k);
	(void)s;
	for (size_t i = 0; i < n; i++) {
		tc_hit *h = &res->hits[res->n];
		uint32_t docid;
		size_t len;
		st = tc_mset_hit(m, i, &docid, &h->score, err);
		if (st == TC_OK)
			st = tc_mset_data(m, i, &h->data, &len, err);
		if (st != TC_OK)
			return st;
		if (tc_docdata_decode(h->data, len, &h->a) != TC_OK) {
			/* A record we cannot read: show the hit without fields rather
			 * than fail the whole page. */
			memset(&h->a, 0, sizeof h->a);
		}
		h->rank = req->offset + (uint32_t)res->n + 1;
		res->n++;
		tc_buf_reset(&h->snippet.text);
		h->snippet.nspans = 0;
		if (req->snippet_bytes) {
			tc_str src = h->a.body.n ? h->a.body : h->a.summary;
			st = tc_snippet_make(&h->snippet, src.p ? src.p : "", src.n, terms, nterms,
					     req->snippet_bytes);
			if (st != TC_OK)
				return st;
		}
	}
	return TC_OK;
}

static tc_status run_once(tc_searcher *s, const tc_search_req *req, const tc_parsed *p,
			  tc_query *strict, tc_query *relaxed, tc_results *res, tc_err *err)
{
	tc_search_opts o;
	tc_search_opts_init(&o);
	o.offset = req->offset;
	o.limit = req->limit;
	o.check_at_least = req->offset + req->limit;
	o.sort_by_value = req->sort_date;
	o.sort_slot = TC_SLOT_DATE;
	tc_mset *m;
	tc_status st = tc_db_search(s->db, strict, &o, &m, err);
	if (st != TC_OK)
		return st;
	uint64_t strict_total = tc_mset_estimate(m);
	st = collect(s, m, p, req, res, err);
	tc_mset_free(m);
	res->total = strict_total;
	if (st != TC_OK || !relaxed || strict_total >= (uint64_t)req->offset + req->limit)
		return st;
	/* A short query that matched is answered as asked; a question (many
	 * words) or a query that found nothing is relaxed. */
	if (strict_total > 0 && tc_parsed_clause_count(p) < RELAX_MIN_CLAUSES)
		return st;
	/* Too few full matches for this page: continue with partial ones. */
	o.offset = req->offset > strict_total ? req->offset - (uint32_t)strict_total : 0;
	o.limit = req->limit - (uint32_t)res->n;
	o.check_at_least = 0;
	st = tc_db_search(s->db, relaxed, &o, &m, err);
	if (st != TC_OK)
		return st;
	res->total = strict_total + tc_mset_estimate(m);
	res->relaxed = tc_mset_size(m) > 0;
	st = collect(s, m, p, req, res, err);
	tc_mset_free(m);
	return st;
}

tc_status tc_searcher_run(tc_searcher *s, const tc_search_req *req, tc_results *res, tc_err *err)
{
	double t0 = now_ms();
	clear_hits(res);
	res->total = 0;
	res->relaxed = 0;
	res->offset = req->offset;
	res->took_ms = 0;
	s->explain[0] = '\0';
	if (req->limit < 1 || req->limit > TC_SEARCH_MAX_LIMIT)
		return tc_err_set(err, TC_ERR_USAGE, "limit must be between 1 and %d",
				  TC_SEARCH_MAX_LIMIT);
	if (req->offset > UINT32_MAX - TC_SEARCH_MAX_LIMIT)
		return tc_err_set(err, TC_ERR_USAGE, "offset too large");
	tc_parsed *p;
	tc_status st = tc_query_parse(req->query, req->query_len, &p, err);
	if (st != TC_OK)
		return st;
	res->truncated = tc_parsed_truncated(p);
	if (tc_parsed_describe(p, s->explain, sizeof s->explain) != TC_OK)
		s->explain[0] = '\0';
	tc_query *strict, *relaxed;
	st = tc_parsed_build(p, &strict, &relaxed);
	if (st == TC_OK) {
		tc_query *filter = filter_query(req, p);
		strict = filtered(strict, filter);
		relaxed = filtered(relaxed, filter);
		tc_query_free(filter);
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
