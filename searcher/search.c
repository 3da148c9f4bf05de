/* search.c - query execution in tiers, stored fields and snippets; see search.h. */
#include "search.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "query.h"
#include "runs.h"
#include "shardset.h"
#include "tc_dbpath.h"
#include "tc_xapian.h"
#include "tc_buf.h"
#include "vn_text.h"
#include "tc_banned.h"

/*
 * Searches asked again when the index moved on in the middle of one (a
 * writer committed twice meanwhile).  Each retry starts from the latest
 * commit, so only a writer committing faster than a search runs fails one
 * repeatedly: from the third attempt on, a growing pause (1, 2, 4 ... 64 ms,
 * under a second in all) lets the search fall between two of its commits
 * rather than racing them.  Measured by tests/e2e/concurrency.sh over 60 s
 * under ASan (a commit after every document): 149 of 1,566 searches retried,
 * none needed more than 6 attempts.
 */
#define RETRIES 20
#define RETRY_PAUSE_MAX_MS 64
#define RELAX_MIN_CLAUSES 4
#define RELAX_CHECK 100 /* partial matches counted exactly up to this many */
#define RELAX_BELOW 10 /* fewer full matches than this get partial ones after them */
#define RELAX_COMMON 0.5 /* share of documents that makes a word too common to relax on */

struct tc_searcher {
	tc_db *db;
	tc_shardset *shards;    /* a stub with remote lines: db is a union of the shards that answer */
	char dir[TC_PATH_MAX];  /* an index directory to follow through DIR/current, or "" */
	char live[TC_PATH_MAX]; /* what db was opened from: a generation of dir, or the path given */
	char stub_stamp[96];    /* the stub file live opens through, as opened ("" if none) */
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
	size_t old = r->cap;
	tc_status st = TC_GROW(r->hits, r->cap, n, SIZE_MAX / sizeof *r->hits);
	if (st != TC_OK)
		return st;
	for (size_t i = old; i < r->cap; i++) {
		memset(&r->hits[i], 0, sizeof r->hits[i]);
		tc_snippet_init(&r->hits[i].snippet);
	}
	return TC_OK;
}

/*
 * Open what s follows anew - DIR/current's generation, or the path given -
 * and only then let go of the database it had, so a failure leaves it as it
 * was.  A new Xapian object rather than reopen(): after a reopen that failed
 * half way (the version file read, a table not), Xapian takes the new
 * revision for read and the next reopen() does nothing, so the same table
 * fails again until the writer's next commit.
 */
/*
 * Which stub file path opens through, as bytes that change when it is
 * replaced: a replica that xapian-replicate brought up to date with a full
 * copy is a folder whose XAPIANDB now names another database, and Xapian's
 * reopen() does not read the stub again (docs/SCALE.md, "Replicas").
 */
static void stub_stamp(const char *path, char *out, size_t cap)
{
	char p[TC_PATH_MAX + 16];
	struct stat sb;
	out[0] = '\0';
	if (stat(path, &sb) != 0)
		return;
	if (S_ISDIR(sb.st_mode)) {
		int n = snprintf(p, sizeof p, "%s/XAPIANDB", path);
		if (n < 0 || (size_t)n >= sizeof p || stat(p, &sb) != 0)
			return;
	}
	snprintf(out, cap, "%ju|%jd.%09ld|%jd", (uintmax_t)sb.st_ino, (intmax_t)sb.st_mtim.tv_sec,
		 sb.st_mtim.tv_nsec, (intmax_t)sb.st_size);
}

static tc_status open_fresh(tc_searcher *s, tc_err *err)
{
	char live[TC_PATH_MAX];
	tc_status st = TC_OK;
	if (s->dir[0])
		st = tc_dbpath_live(s->dir, live, sizeof live, err);
	else
		memcpy(live, s->live, sizeof live);
	tc_db *db = NULL;
	char stamp[sizeof s->stub_stamp];
	stub_stamp(live, stamp, sizeof stamp);
	if (st == TC_OK)
		st = s->shards ? tc_shardset_union(s->shards, &db, err)
			       : tc_db_open(live, TC_DB_READ, &db, err);
	/* An index of another schema would answer wrongly, not fail: say so. */
	char v[32] = "";
	uint64_t docs = 0;
	if (st == TC_OK)
		st = tc_db_get_metadata(db, TC_SCHEMA_KEY, v, sizeof v, err);
	if (st == TC_OK)
		st = tc_db_doccount(db, &docs, err);
	if (st == TC_OK && docs && strcmp(v, TC_SCHEMA_VERSION))
		st = tc_err_set(err, TC_ERR_DB,
				"%s was built by an earlier tracuu (schema %s, this one reads %s): "
				"rebuild it with tracuu-index rebuild",
				s->dir[0] ? s->dir : live, v[0] ? v : "1", TC_SCHEMA_VERSION);
	if (st != TC_OK) {
		tc_db_free(db);
		return st;
	}
	tc_db_free(s->db);
	s->db = db;
	memcpy(s->live, live, sizeof live);
	memcpy(s->stub_stamp, stamp, sizeof stamp);
	return TC_OK;
}

tc_status tc_searcher_open(const char *path, unsigned shard_timeout_ms, tc_searcher **out,
			   tc_err *err)
{
	*out = NULL;
	struct stat sb;
	if (stat(path, &sb) != 0)
		return tc_err_set(err, TC_ERR_NOT_FOUND, "no index at %s", path);
	tc_searcher *s = calloc(1, sizeof *s);
	if (!s)
		return TC_ERR_NOMEM;
	tc_status st = TC_OK;
	char cur[TC_PATH_MAX];
	int n = snprintf(cur, sizeof cur, "%s/current", path);
	if (n < 0 || (size_t)n >= sizeof cur) {
		st = tc_err_set(err, TC_ERR_TOO_BIG, "path too long: %s", path);
	} else if (S_ISDIR(sb.st_mode) && lstat(cur, &sb) == 0) {
		/* An index directory: follow its current generation. */
		memcpy(s->dir, path, strlen(path) + 1); /* fits: cur did */
	} else if (S_ISDIR(sb.st_mode)) {
		/* A bare database, or no index yet (a first import still
		 * running): say so rather than what Xapian makes of it. */
		st = tc_dbpath_live(path, s->live, sizeof s->live, err);
	} else {
		memcpy(s->live, path, strlen(path) + 1); /* a stub file */
		if (tc_shardset_wanted(path))
			st = tc_shardset_open(path, shard_timeout_ms ? shard_timeout_ms
								     : TC_SHARD_TIMEOUT_DEFAULT_MS,
					      &s->shards, err);
	}
	/* Opening reads several tables, and a writer committing twice meanwhile
	 * discards the revision the first ones were read at; a generation can
	 * also be pruned between the link's reading and the opening, when two
	 * rebuilds have just switched. */
	for (int attempt = 0; st == TC_OK; attempt++) {
		st = open_fresh(s, err);
		int again = st == TC_ERR_MODIFIED || (st == TC_ERR_NOT_FOUND && s->dir[0]);
		if (!again || attempt == RETRIES)
			break;
		st = TC_OK;
	}
	if (st != TC_OK) {
		tc_db_free(s->db);
		tc_shardset_free(s->shards);
		free(s);
		return st;
	}
	*out = s;
	return TC_OK;
}

tc_status tc_searcher_refresh(tc_searcher *s, tc_err *err)
{
	if (s->dir[0]) {
		/* A rebuild switched generations.  A generation name is never
		 * reused once published, so the same path means the same one. */
		char live[TC_PATH_MAX];
		tc_status st = tc_dbpath_live(s->dir, live, sizeof live, err);
		if (st != TC_OK)
			return st;
		if (strcmp(live, s->live) != 0)
			return open_fresh(s, err);
	}
	/* A stub file replaced (a replica's full copy): open it anew. */
	if (s->stub_stamp[0] && !s->shards) {
		char stamp[sizeof s->stub_stamp];
		stub_stamp(s->live, stamp, sizeof stamp);
		if (strcmp(stamp, s->stub_stamp) != 0)
			return open_fresh(s, err);
	}
	/* Shards left out whose time to be tried again has come: a new union
	 * when one answers. */
	if (s->shards && tc_shardset_missing(s->shards)) {
		size_t before = tc_shardset_missing(s->shards);
		tc_db *db;
		tc_status st = tc_shardset_union(s->shards, &db, err);
		if (st != TC_OK)
			return st;
		if (tc_shardset_missing(s->shards) < before) {
			tc_db_free(s->db);
			s->db = db;
			return TC_OK;
		}
		tc_db_free(db);
	}
	/* The same generation, or a database not laid out in generations:
	 * catch up with its latest commit (cheap when there is none). */
	int changed;
	return tc_db_reopen(s->db, &changed, err);
}

void tc_searcher_free(tc_searcher *s)
{
	if (!s)
		return;
	tc_db_free(s->db);
	tc_shardset_free(s->shards);
	free(s);
}

const char *tc_searcher_explain(const tc_searcher *s)
{
	return s->explain;
}

static void pause_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
	}
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
		size_t len = tc_schema_host_term(hosts[i], strlen(hosts[i]), t);
		terms[nt++] = len ? tc_query_term(t, len, 1) : tc_query_match_nothing();
	}
	return nt == 1 ? terms[0] : tc_query_combine(TC_Q_OR, terms, nt, 0);
}

/* Any of the categories cats[0..n), as K terms (tc_schema_category_term of
 * the clean text).  One that cannot be a term matches nothing. */
static tc_query *any_category(const char *const *cats, size_t n)
{
	tc_query *terms[TC_SEARCH_MAX_SITES];
	size_t nt = 0;
	for (size_t i = 0; i < n && nt < TC_SEARCH_MAX_SITES; i++) {
		tc_buf clean;
		tc_buf_init(&clean, TC_TERM_MAX * 4);
		char t[TC_TERM_MAX + 1];
		size_t len = 0;
		if (vn_text_clean(cats[i], strlen(cats[i]), &clean, NULL) == TC_OK)
			len = tc_schema_category_term(clean.data ? clean.data : "", clean.len, t);
		tc_buf_release(&clean);
		terms[nt++] = len ? tc_query_term(t, len, 1) : tc_query_match_nothing();
	}
	return nt == 1 ? terms[0] : tc_query_combine(TC_Q_OR, terms, nt, 0);
}

/* Date range, sites and categories as a filter; NULL when there is none. */
static tc_query *filter_query(const tc_search_req *req, const tc_parsed *p)
{
	tc_query *parts[5];
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
	/* category: and --category likewise. */
	size_t nc = tc_parsed_category_count(p);
	if (nc) {
		const char *cats[TC_SEARCH_MAX_SITES];
		for (size_t i = 0; i < nc && i < TC_SEARCH_MAX_SITES; i++)
			cats[i] = tc_parsed_category(p, i);
		parts[np++] = any_category(cats, nc < TC_SEARCH_MAX_SITES ? nc : TC_SEARCH_MAX_SITES);
	}
	if (req->ncategories)
		parts[np++] = any_category(req->categories, req->ncategories);
	if (!np)
		return NULL;
	return np == 1 ? parts[0] : tc_query_combine(TC_Q_AND, parts, np, 0);
}

/* The -site: hosts and -category: categories as one query to subtract;
 * NULL when there are none. */
static tc_query *excluded_hosts(const tc_parsed *p)
{
	size_t n = tc_parsed_xsite_count(p);
	const char *hosts[TC_SEARCH_MAX_SITES];
	for (size_t i = 0; i < n && i < TC_SEARCH_MAX_SITES; i++)
		hosts[i] = tc_parsed_xsite(p, i);
	tc_query *xh = n ? any_host(hosts, n < TC_SEARCH_MAX_SITES ? n : TC_SEARCH_MAX_SITES) : NULL;
	size_t nc = tc_parsed_xcategory_count(p);
	if (!nc)
		return xh;
	const char *cats[TC_SEARCH_MAX_SITES];
	for (size_t i = 0; i < nc && i < TC_SEARCH_MAX_SITES; i++)
		cats[i] = tc_parsed_xcategory(p, i);
	tc_query *xc = any_category(cats, nc < TC_SEARCH_MAX_SITES ? nc : TC_SEARCH_MAX_SITES);
	if (!xh)
		return xc;
	tc_query *both[2] = {xh, xc};
	return tc_query_combine(TC_Q_OR, both, 2, 0);
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

/* Append hits cands[0..n) to res, with stored fields and snippets; alt is
 * a work snippet. */
static tc_status collect(tc_snippet *alt, const tc_runs_cand *cands, size_t n,
			 const tc_parsed *p, const tc_search_req *req, tc_results *res,
			 tc_err *err)
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

/* A docid list the tiers share: the hits of the tiers before, which a later
 * tier must not repeat. */
typedef struct docset {
	uint32_t *ids;
	size_t n, cap;
} docset;

static int cmp_id(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* Sort d once it is filled, so in_set can search it (a deep page can skip
 * tens of thousands). */
static void set_seal(docset *d)
{
	if (d->n > 1)
		qsort(d->ids, d->n, sizeof *d->ids, cmp_id);
}

static int in_set(const docset *d, uint32_t id)
{
	return d && d->n && bsearch(&id, d->ids, d->n, sizeof id, cmp_id) != NULL;
}

static tc_status set_add(docset *d, uint32_t id)
{
	tc_status st = TC_GROW(d->ids, d->cap, d->n + 1, SIZE_MAX / sizeof *d->ids);
	if (st != TC_OK)
		return st;
	d->ids[d->n++] = id;
	return TC_OK;
}

/*
 * One tier: the hits [offset, offset+limit) of q's own ranking that are not
 * in skip (the earlier tiers' documents: left out here rather than with
 * OP_AND_NOT, which Xapian 1.4.22 evaluates with an uninitialised value and
 * then sometimes lets through), appended to res.  *matched receives the
 * tier's size less the skipped documents; when the tier ends within the
 * page, every match is here: *complete is set and, with seen, their docids
 * are added to it (so that the next tier can skip them).
 */
const char *tc_match_name(tc_match m)
{
	return m == TC_MATCH_WORDS ? "words" : m == TC_MATCH_ALL ? "all" : "some";
}

typedef struct tier {
	tc_match match;
	int verify;         /* its matches hold every pair of the longest run */
	const tc_query *q;
	uint32_t offset, limit;
	const docset *skip;
	docset *seen;       /* NULL: not needed */
} tier;

static tc_status run_tier(tc_searcher *s, const tier *t, const tc_parsed *p,
			  const tc_search_req *req, tc_results *res, uint64_t *matched,
			  int *complete, tc_err *err)
{
	*matched = 0;
	*complete = 0;
	size_t nskip = t->skip ? t->skip->n : 0;
	uint32_t want = t->offset + t->limit;
	const char *run[TC_RUNS_MAX];
	int clause[TC_RUNS_MAX];
	size_t nrun = t->verify && t->offset < TC_RUNS_DEPTH
			      ? tc_parsed_check_run(p, run, clause, TC_RUNS_MAX) : 0;
	int verify = nrun >= 3;
	if (verify && want < TC_RUNS_DEPTH)
		want = TC_RUNS_DEPTH;
	tc_search_opts o;
	tc_search_opts_init(&o);
	o.offset = 0;
	o.limit = want + (uint32_t)nskip;
	o.check_at_least = o.limit;
	o.sort_by_value = req->sort_date;
	o.sort_slot = TC_SLOT_DATE;
	tc_mset *m;
	tc_status st = tc_db_search(s->db, t->q, &o, &m, err);
	if (st != TC_OK)
		return st;
	size_t n = tc_mset_size(m);
	uint64_t est = tc_mset_estimate(m);
	*complete = n < o.limit; /* the matcher ran out: every match is here */
	if (*complete)
		est = n;
	*matched = est > nskip ? est - nskip : 0;
	tc_runs_cand *c = calloc(n ? n : 1, sizeof *c);
	size_t nc = 0;
	if (!c)
		st = TC_ERR_NOMEM;
	for (size_t i = 0; i < n && st == TC_OK; i++) {
		uint32_t docid;
		double w;
		st = tc_mset_hit(m, i, &docid, &w, err);
		if (st != TC_OK || in_set(t->skip, docid))
			continue;
		c[nc++] = (tc_runs_cand){m, i, docid, w};
	}
	/* After the loop: skip and seen may be the same (sorted) set. */
	for (size_t i = 0; i < nc && st == TC_OK && t->seen && *complete; i++)
		st = set_add(t->seen, c[i].docid);
	if (st == TC_OK && verify)
		st = tc_runs_verify(c, nc < TC_RUNS_DEPTH ? nc : TC_RUNS_DEPTH, t->offset + t->limit, run,
				    clause, nrun, err);
	if (st == TC_OK) {
		size_t count = t->offset < nc ? nc - t->offset : 0;
		if (count > t->limit)
			count = t->limit;
		tc_snippet alt;
		tc_snippet_init(&alt);
		size_t first = res->n;
		st = collect(&alt, c + t->offset, count, p, req, res, err);
		for (size_t i = first; i < res->n; i++)
			res->hits[i].match = t->match;
		tc_snippet_release(&alt);
	}
	free(c);
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

/* One unweighted pass over q, counting up to check matches, with the
 * facet spies when asked. */
static tc_status count_pass(tc_searcher *s, const tc_query *q, uint32_t check, int facets,
			    tc_mset **m, tc_err *err)
{
	tc_search_opts o;
	tc_search_opts_init(&o);
	o.limit = 1;
	o.check_at_least = check;
	o.unweighted = 1; /* only the set counts: no weights, and a stop at check */
	if (facets) {
		o.facet_slots[0] = TC_SLOT_SOURCE;
		o.facet_slots[1] = TC_SLOT_MONTH;
	}
	return tc_db_search(s->db, q, &o, m, err);
}

/* The matches of q in sample level L (tc_schema.h), counted with the spies. */
static tc_status count_sample(tc_searcher *s, const tc_query *q, unsigned level, tc_mset **m,
			      tc_err *err)
{
	char term[8];
	size_t len = tc_schema_sample_term(level, term);
	tc_query *two[2] = {tc_query_clone(q), len ? tc_query_term(term, len, 1) : NULL};
	if (!two[0] || !two[1]) {
		tc_query_free(two[0]);
		tc_query_free(two[1]);
		return TC_ERR_NOMEM;
	}
	tc_query *fq = tc_query_combine(TC_Q_FILTER, two, 2, 0);
	if (!fq)
		return TC_ERR_NOMEM;
	tc_status st = count_pass(s, fq, TC_FACET_SAMPLE, 1, m, err);
	tc_query_free(fq);
	return st;
}

/*
 * Count the matches of q (the query that produced the answer) for the
 * total, and with facets their sources and dates, with Xapian match spies.
 * One unweighted pass that stops after TC_TOTAL_EXACT matches (with facets
 * after `facets`, the request's facet_exact), whatever the page asked for:
 * every page of an answer gets the same total (the tiers' own estimates
 * depend on how deep each page looks).  With facets, an answer with more
 * matches than that is counted again over one sample level, the smallest
 * that holds at most `facets` of them, and the counts and the total are
 * scaled: a
 * uniform sample (by a hash of the URL), where the first matches the
 * matcher meets are the first imported.  What the page costs then stays
 * bounded however common the words are: counting every match of a common
 * word was most of a page's time.
 */
static tc_status count_answer(tc_searcher *s, const tc_query *q, uint32_t facets, tc_results *res,
			      tc_err *err)
{
	tc_mset *m;
	tc_status st = count_pass(s, q, facets ? facets : TC_TOTAL_EXACT, facets != 0, &m, err);
	if (st != TC_OK)
		return st;
	res->total = tc_mset_estimate(m);
	res->total_exact = tc_mset_lower_bound(m) == tc_mset_upper_bound(m);
	res->nsources = res->ndates = 0;
	res->facets_sampled = 0;
	res->dates_by_month = 0;
	if (!facets) {
		tc_mset_free(m);
		return TC_OK;
	}
	double scale = 1.0;
	if (!res->total_exact) {
		uint64_t est = res->total;
		unsigned level = 1;
		while (level < TC_SAMPLE_LEVELS && (est >> level) > facets)
			level++;
		tc_mset *sm = NULL;
		st = count_sample(s, q, level, &sm, err);
		if (st != TC_OK) {
			tc_mset_free(m);
			return st;
		}
		uint64_t in_sample = tc_mset_estimate(sm);
		if (in_sample) {
			/* never fewer than the first pass counted */
			uint64_t counted = tc_mset_lower_bound(m);
			tc_mset_free(m);
			m = sm;
			scale = (double)(1ULL << level);
			uint64_t total = (uint64_t)((double)in_sample * scale + 0.5);
			res->total = total > counted ? total : counted;
		} else {
			/* A level without any of them (a small index): the first
			 * matches met stand for all. */
			tc_mset_free(sm);
			uint64_t seen = tc_mset_facet_seen(m, 0);
			scale = seen ? (double)est / (double)seen : 1.0;
		}
		res->facets_sampled = 1;
	}
	tc_facet src[256], months[512];
	facet_acc a = {src, 0, 256, 0, scale};
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

/* A page's worth of one tier after the tiers before it held `before`
 * matches: where it starts and how many it adds. */
static void next_tier(const tc_search_req *req, const tc_results *res, uint64_t before,
		      tier *t)
{
	t->offset = req->offset > before ? (uint32_t)(req->offset - before) : 0;
	t->limit = req->limit - (uint32_t)res->n;
}

/* Every document of q into d (q has fewer than RELAX_BELOW matches). */
static tc_status fetch_all(tc_searcher *s, const tc_query *q, docset *d, tc_err *err)
{
	tc_search_opts o;
	tc_search_opts_init(&o);
	o.limit = RELAX_BELOW;
	o.unweighted = 1;
	tc_mset *m;
	tc_status st = tc_db_search(s->db, q, &o, &m, err);
	if (st != TC_OK)
		return st;
	d->n = 0;
	for (size_t i = 0; i < tc_mset_size(m) && st == TC_OK; i++) {
		uint32_t id;
		double w;
		st = tc_mset_hit(m, i, &id, &w, err);
		if (st == TC_OK)
			st = set_add(d, id);
	}
	tc_mset_free(m);
	set_seal(d);
	return st;
}

static tc_status run_once(tc_searcher *s, const tc_search_req *req, const tc_parsed *p,
			  const tc_built *q, tc_results *res, tc_err *err)
{
	docset seen = {NULL, 0, 0};
	/* The total, counted the same way on every page over the strict query
	 * (every item), with the facets when asked for: the words tiers only
	 * order its matches. */
	uint32_t facets = !req->facets ? 0 : req->facet_exact ? req->facet_exact : TC_FACET_EXACT;
	tc_status st = count_answer(s, q->strict_count, facets, res, err);
	uint64_t strict_total = res->total;
	/* A short query that matched is answered as asked; a question (many
	 * words) or a query that found nothing is relaxed when it has fewer
	 * than RELAX_BELOW full matches, whatever the page, and the partial
	 * matches are counted the same way on every page (up to RELAX_CHECK),
	 * so every page of an answer agrees on its total.  The strict matches
	 * are among the relaxed ones. */
	int relax = st == TC_OK && q->relaxed && strict_total < RELAX_BELOW &&
		    (strict_total == 0 || tc_parsed_clause_count(p) >= RELAX_MIN_CLAUSES);
	if (relax) {
		tc_mset *m;
		st = count_pass(s, q->relaxed_count, RELAX_CHECK + (uint32_t)strict_total, 0, &m, err);
		if (st == TC_OK) {
			uint64_t all = tc_mset_estimate(m);
			uint64_t more = all > strict_total ? all - strict_total : 0;
			tc_mset_free(m);
			res->total = strict_total + more;
			res->total_exact = res->total_exact && all <= RELAX_CHECK + strict_total;
			res->relaxed = more > 0; /* of the whole answer, not of this page */
		}
	}
	/* The tiers of the strict answer, each a superset of the one before:
	 * a tier is searched only when the page reaches past the ones before
	 * it, which are then complete, and it skips their documents. */
	const struct {
		tc_match match;
		const tc_query *q;
	} tiers[] = {{TC_MATCH_WORDS, q->reading}, {TC_MATCH_WORDS, q->words},
		     {TC_MATCH_ALL, q->strict}};
	uint64_t before = 0;
	int complete = 1;
	for (size_t k = 0; k < 3 && st == TC_OK && complete && res->n < req->limit; k++) {
		/* The strict tier adds nothing when the words held every match. */
		if (!tiers[k].q || (k == 2 && before && before >= strict_total))
			continue;
		uint64_t n;
		/* The words tiers hold the pairs of every run; without them, the
		 * strict one holds those of the quoted phrases. */
		int verify = k < 2 || !q->words;
		tier t = {tiers[k].match, verify, tiers[k].q, 0, 0, &seen, k < 2 ? &seen : NULL};
		next_tier(req, res, before, &t);
		st = run_tier(s, &t, p, req, res, &n, &complete, err);
		set_seal(&seen);
		before += n;
	}
	if (st == TC_OK && relax && res->relaxed && res->n < req->limit) {
		uint64_t n;
		st = fetch_all(s, q->strict_count, &seen, err);
		tier t = {TC_MATCH_SOME, 0, q->relaxed, 0, 0, &seen, NULL};
		next_tier(req, res, strict_total, &t);
		if (st == TC_OK)
			st = run_tier(s, &t, p, req, res, &n, &complete, err);
	}
	free(seen.ids);
	/* An answer relaxed to partial matches is counted, and its facets
	 * taken, over all of them. */
	if (st == TC_OK && req->facets && res->relaxed)
		st = count_answer(s, q->relaxed_count, facets, res, err);
	return st;
}

/* Readings of a folded pair as the index counts them (tc_schema.h): the
 * terms under its reading prefix, by term frequency. */
typedef struct readings_acc {
	tc_reading *out;
	size_t cap, n;
	uint64_t sum;
} readings_acc;

static int on_reading(void *ctx, const char *term, size_t len, uint64_t tf)
{
	readings_acc *a = ctx;
	a->sum += tf;
	if (len > TC_TERM_MAX)
		return 0;
	/* Keep the cap most frequent, in order. */
	size_t k = a->n < a->cap ? a->n++ : a->cap;
	while (k > 0 && a->out[k - 1].count < tf) {
		if (k < a->cap)
			a->out[k] = a->out[k - 1];
		k--;
	}
	if (k < a->cap) {
		memcpy(a->out[k].term, term, len);
		a->out[k].term[len] = '\0';
		a->out[k].len = len;
		a->out[k].count = tf;
		a->out[k].share = (double)tf; /* a count until the end */
	}
	return 0;
}

typedef struct readings_ctx {
	tc_searcher *s;
	tc_status st;
	tc_err *err;
} readings_ctx;

tc_status tc_searcher_readings(tc_searcher *s, const char *fa, const char *fb, tc_reading *out,
				size_t cap, size_t *n, tc_err *err)
{
	*n = 0;
	char prefix[TC_TERM_MAX + 1];
	size_t len = tc_schema_reading_prefix(fa, strlen(fa), fb, strlen(fb), prefix);
	if (!len)
		return TC_OK;
	readings_acc a = {out, cap, 0, 0};
	tc_status st = tc_db_allterms(s->db, prefix, on_reading, &a, err);
	if (st != TC_OK || !a.sum)
		return st;
	for (size_t k = 0; k < a.n; k++)
		out[k].share = (double)out[k].count / (double)a.sum;
	*n = a.n;
	return TC_OK;
}

static size_t find_readings(void *ctx, const char *fa, const char *fb, tc_reading *out, size_t cap)
{
	readings_ctx *r = ctx;
	size_t n = 0;
	if (r->st == TC_OK)
		r->st = tc_searcher_readings(r->s, fa, fb, out, cap, &n, r->err);
	return n;
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

/* The strict and relaxed queries of p against the database as it is now
 * (which words are common depends on it); *strict is NULL on failure. */
static tc_status build_queries(tc_searcher *s, const tc_search_req *req, const tc_parsed *p,
			       tc_built *q, tc_err *err)
{
	memset(q, 0, sizeof *q);
	unsigned char common[TC_QUERY_MAX_ITEMS] = {0};
	tc_status st = mark_common(s, p, common, err);
	readings_ctx rc = {s, TC_OK, err};
	if (st == TC_OK)
		st = tc_parsed_build(p, common, find_readings, &rc, q);
	if (st == TC_OK)
		st = rc.st;
	if (st != TC_OK) {
		tc_built_release(q);
		return st;
	}
	tc_query *filter = filter_query(req, p), *xhosts = excluded_hosts(p);
	q->reading = without(filtered(q->reading, filter), xhosts);
	q->words = without(filtered(q->words, filter), xhosts);
	q->strict = without(filtered(q->strict, filter), xhosts);
	q->relaxed = without(filtered(q->relaxed, filter), xhosts);
	q->strict_count = without(filtered(q->strict_count, filter), xhosts);
	q->relaxed_count = without(filtered(q->relaxed_count, filter), xhosts);
	tc_query_free(filter);
	tc_query_free(xhosts);
	if (!q->strict || !q->strict_count || (q->relaxed && !q->relaxed_count)) {
		tc_built_release(q);
		return TC_ERR_NOMEM;
	}
	return TC_OK;
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
	/* Every attempt starts from the index as it is now: the first catches
	 * up with what was written since the last request (a long-lived
	 * searcher would otherwise answer from the revision it opened, or from
	 * a generation a rebuild has since removed), the others - opening it
	 * anew - with what was written during the attempt before, which Xapian
	 * reports as DatabaseModifiedError at any step, query building
	 * included. */
	int reopen = 0;
	if (s->shards)
		tc_shardset_begin(s->shards);
	for (int attempt = 0;; attempt++) {
		tc_built q = {0};
		st = attempt || reopen ? open_fresh(s, err) : tc_searcher_refresh(s, err);
		if (st == TC_OK)
			st = build_queries(s, req, p, &q, err);
		if (st == TC_OK)
			st = run_once(s, req, p, &q, res, err);
		tc_built_release(&q);
		/* A remote shard that failed (or took longer than its time limit)
		 * is left out and the request asked again of the others: each
		 * such retry leaves out one shard more, so they are bounded by
		 * the shards, and never paused. */
		int network = st == TC_ERR_NETWORK && s->shards &&
			      tc_shardset_failed(s->shards, err ? err->msg : "");
		if (network) {
			fprintf(stderr, "tracuu-search: shard left out: %s\n", err->msg);
			reopen = 1;
			attempt--;
		} else if (st != TC_ERR_MODIFIED || attempt == RETRIES) {
			break;
		}
		clear_hits(res);
		res->relaxed = 0;
		if (!network && attempt >= 1)
			pause_ms(attempt - 1 < 6 ? 1L << (attempt - 1) : RETRY_PAUSE_MAX_MS);
	}
	res->partial = 0;
	res->nmissing = 0;
	if (s->shards && tc_shardset_missing(s->shards)) {
		res->partial = 1;
		for (size_t k = 0; k < tc_shardset_missing(s->shards) && k < TC_SEARCH_MAX_MISSING; k++)
			res->missing[res->nmissing++] = tc_shardset_missing_name(s->shards, k);
	}
	tc_parsed_free(p);
	res->took_ms = now_ms() - t0;
	return st;
}
