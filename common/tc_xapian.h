/*
 * tc_xapian.h - the thin extern "C" shim over Xapian.
 *
 * It speaks Xapian, not policy: databases, documents, queries and result
 * sets.  What terms a document gets and how a query is built is decided in
 * C elsewhere (tc_schema.h, indexer/, searcher/).  No C++ exception crosses
 * this boundary: every call that can fail returns a tc_status and fills a
 * tc_err with Xapian's message.  Objects are opaque; each has a _free that
 * accepts NULL.
 */
#ifndef TC_XAPIAN_H
#define TC_XAPIAN_H

#include <stddef.h>
#include <stdint.h>

#include "tc_status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tc_db tc_db;
typedef struct tc_doc tc_doc;
typedef struct tc_query tc_query;
typedef struct tc_mset tc_mset;

typedef enum tc_db_mode {
	TC_DB_READ,           /* read-only; must exist */
	TC_DB_CREATE_OR_OPEN, /* writable, created when missing; commits are synced */
	TC_DB_CREATE,         /* writable, must not exist yet; commits are synced */
	TC_DB_SCRATCH         /* like TC_DB_CREATE, but commits never fsync or
	                       * fdatasync: for throw-away shards, which a crash
	                       * leaves unused (Xapian's DB_NO_SYNC) */
} tc_db_mode;

/* Open a database (a directory or a Xapian stub file).  Opening read-only
 * while a writer commits can fail with TC_ERR_MODIFIED (also for what Xapian
 * calls DatabaseCorruptError then: see tc_xapian.cc); try again.  A mode
 * that must not find a database (TC_DB_CREATE, TC_DB_SCRATCH) fails with
 * TC_ERR_DB when one exists; a mode outside the enum is TC_ERR_USAGE. */
TC_MUST_CHECK tc_status tc_db_open(const char *path, tc_db_mode mode, tc_db **out /* OUT */,
				   tc_err *err);
/*
 * Shards.  route(id, len, n) names the shard (0..n-1) of the document with
 * unique-id term id; the policy is the caller's (tc_schema_shard_of).
 */
typedef size_t (*tc_route_fn)(const char *id, size_t len, size_t n);

/*
 * Open the local databases at paths[0..n) as one.  Read-only: a union, as a
 * stub file would open it.  Writable: tc_db_replace, tc_db_delete and
 * tc_db_copy_doc go to the shard route names for their id term (one shard
 * per document), tc_db_set_metadata to every shard, tc_db_commit commits
 * each in turn (not atomically across shards: an interrupted commit leaves
 * some shards a batch ahead, which replace-by-id makes harmless), and reads
 * see the union.  route is unused for reading and may then be NULL.
 */
TC_MUST_CHECK tc_status tc_db_open_shards(const char *const *paths, size_t n, tc_db_mode mode,
					  tc_route_fn route, tc_db **out /* OUT */, tc_err *err);

/*
 * Open the database xapian-tcpsrv serves at host:port, read-only.  Connecting,
 * and later every single exchange with the server, may take at most
 * timeout_ms (1..): past it, and for any other network failure, calls on
 * this database (or a union holding it) fail with TC_ERR_NETWORK and a
 * message starting with Xapian's name for the connection,
 * "remote:tcp(HOST:PORT)".
 */
TC_MUST_CHECK tc_status tc_db_open_remote(const char *host, unsigned port, unsigned timeout_ms,
					  tc_db **out /* OUT */, tc_err *err);

/* A read-only union of parts[0..n) (n >= 1), which stay the caller's and may
 * be freed before or after it: Xapian shares the underlying shards. */
TC_MUST_CHECK tc_status tc_db_union(tc_db *const *parts, size_t n, tc_db **out /* OUT */,
				    tc_err *err);

/* A round trip to every remote shard of db (nothing for local ones):
 * TC_ERR_NETWORK when one does not answer. */
TC_MUST_CHECK tc_status tc_db_ping(tc_db *db, tc_err *err);

/* Close (committing pending writes is the caller's job) and free. */
void tc_db_free(tc_db *db);
/* Catch a reader up with the latest commit; *changed says whether it moved.
 * TC_ERR_MODIFIED as for tc_db_open: try again. */
TC_MUST_CHECK tc_status tc_db_reopen(tc_db *db, int *changed /* OUT */, tc_err *err);

/* Add doc, or replace every document indexed by unique term id_term. */
TC_MUST_CHECK tc_status tc_db_replace(tc_db *db, const char *id_term, size_t id_len,
				      const tc_doc *doc, tc_err *err);
/* Delete documents indexed by id_term; *deleted says whether any existed. */
TC_MUST_CHECK tc_status tc_db_delete(tc_db *db, const char *id_term, size_t id_len,
				     int *deleted /* OUT, may be NULL */, tc_err *err);
TC_MUST_CHECK tc_status tc_db_commit(tc_db *db, tc_err *err);
/* Whether a document is indexed by id_term (pending writes included). */
TC_MUST_CHECK tc_status tc_db_has(tc_db *db, const char *id_term, size_t id_len,
				  int *has /* OUT */, tc_err *err);
/* Copy the document indexed by id_term in src into dst (writable), replacing
 * dst's; *copied is 0 when src has none (dst is then left alone). */
TC_MUST_CHECK tc_status tc_db_copy_doc(tc_db *src, tc_db *dst, const char *id_term,
				       size_t id_len, int *copied /* OUT */, tc_err *err);

TC_MUST_CHECK tc_status tc_db_doccount(tc_db *db, uint64_t *out /* OUT */, tc_err *err);
/* Documents that hold term (0 when none). */
TC_MUST_CHECK tc_status tc_db_termfreq(tc_db *db, const char *term, size_t len,
				       uint64_t *out /* OUT */, tc_err *err);
/* Lowest and highest value in slot; empty strings when the slot is unused.
 * lo and hi must have cap bytes; values longer than cap-1 are an error. */
TC_MUST_CHECK tc_status tc_db_value_bounds(tc_db *db, unsigned slot, char *lo, char *hi,
					   size_t cap, tc_err *err);
/* Visit every term that starts with prefix, with its document frequency.
 * The callback returns non-zero to stop. */
typedef int (*tc_term_cb)(void *ctx, const char *term, size_t len, uint64_t termfreq);
TC_MUST_CHECK tc_status tc_db_allterms(tc_db *db, const char *prefix, tc_term_cb cb, void *ctx,
				       tc_err *err);
/* User metadata (Xapian's key-value store kept with the index). */
TC_MUST_CHECK tc_status tc_db_get_metadata(tc_db *db, const char *key, char *out, size_t cap,
					   tc_err *err);
TC_MUST_CHECK tc_status tc_db_set_metadata(tc_db *db, const char *key, const char *value,
					   tc_err *err);
/* Merge the databases at srcs[0..n) into a new compact database at dest. */
TC_MUST_CHECK tc_status tc_db_compact(const char *const *srcs, size_t n, const char *dest,
				      tc_err *err);

/* Documents, built before tc_db_replace. */
TC_MUST_CHECK tc_status tc_doc_new(tc_doc **out /* OUT */);
void tc_doc_free(tc_doc *doc);
/* A term without position. */
TC_MUST_CHECK tc_status tc_doc_add_term(tc_doc *doc, const char *term, size_t len,
					unsigned wdf_inc);
/* A filter-only term: it adds nothing to the document length. */
TC_MUST_CHECK tc_status tc_doc_add_boolean(tc_doc *doc, const char *term, size_t len);
TC_MUST_CHECK tc_status tc_doc_set_value(tc_doc *doc, unsigned slot, const char *v, size_t len);
TC_MUST_CHECK tc_status tc_doc_set_data(tc_doc *doc, const char *data, size_t len);

/* Queries.  Constructors return NULL only when memory runs out.  Combining
 * takes ownership of the subqueries (they are freed, even on failure). */
typedef enum tc_query_op {
	TC_Q_AND,
	TC_Q_OR,
	TC_Q_AND_NOT,   /* first minus the rest */
	TC_Q_AND_MAYBE, /* first, scored also by the rest */
	TC_Q_FILTER,    /* first, restricted by the rest, which do not score */
	TC_Q_PHRASE,    /* in order, adjacent (window = param, 0 = count) */
	TC_Q_NEAR,      /* any order within param positions */
	TC_Q_SYNONYM,   /* one term for scoring purposes */
	TC_Q_MAX        /* weight of the best-scoring subquery */
} tc_query_op;

tc_query *tc_query_term(const char *term, size_t len, unsigned wqf);
tc_query *tc_query_combine(tc_query_op op, tc_query **subs, size_t n, unsigned param);
/* Multiply the weight of q by factor (0 makes it a pure filter). */
tc_query *tc_query_scale(tc_query *q, double factor);
/* Documents whose value in slot lies in [lo, hi] (string order); NULL bound = open. */
tc_query *tc_query_value_range(unsigned slot, const char *lo, const char *hi);
tc_query *tc_query_match_all(void);
/* A query that matches no document (Xapian's MatchNothing): what a term
 * that cannot be built stands for, never the empty term, which matches all. */
tc_query *tc_query_match_nothing(void);
tc_query *tc_query_clone(const tc_query *q);
int tc_query_is_empty(const tc_query *q);
void tc_query_free(tc_query *q);
/* Xapian's description of q, for debugging output; caller frees. */
char *tc_query_describe(const tc_query *q);

typedef struct tc_search_opts {
	uint32_t offset;
	uint32_t limit;
	uint32_t check_at_least; /* make the total exact up to this many */
	int sort_by_value;       /* sort by value slot sort_slot, newest first */
	unsigned sort_slot;
	double k1, b;            /* BM25 parameters */
	int facet_slots[4];      /* slots to count values in (-1 = none) */
	int unweighted;          /* every match weighs 0 (BoolWeight): the matcher
				    stops once check_at_least matches were seen */
} tc_search_opts;

void tc_search_opts_init(tc_search_opts *o);

/* Run q.  TC_ERR_MODIFIED means the database moved on: reopen and retry. */
TC_MUST_CHECK tc_status tc_db_search(tc_db *db, const tc_query *q, const tc_search_opts *o,
				     tc_mset **out /* OUT */, tc_err *err);
void tc_mset_free(tc_mset *m);
size_t tc_mset_size(const tc_mset *m);
uint64_t tc_mset_estimate(const tc_mset *m);
uint64_t tc_mset_upper_bound(const tc_mset *m);
/* Xapian's lower bound: equal to the upper bound when every match was counted. */
uint64_t tc_mset_lower_bound(const tc_mset *m);
/* i-th hit: docid and weight; its data and values are fetched on demand. */
TC_MUST_CHECK tc_status tc_mset_hit(tc_mset *m, size_t i, uint32_t *docid /* OUT */,
				    double *weight /* OUT */, tc_err *err);
/* Copy the hit's document data; *data is malloc'd, caller frees. */
TC_MUST_CHECK tc_status tc_mset_data(tc_mset *m, size_t i, char **data /* OUT */,
				     size_t *len /* OUT */, tc_err *err);
/* Value counts gathered for facet slot k (the k of opts.facet_slots). */
typedef int (*tc_facet_cb)(void *ctx, const char *value, size_t len, uint64_t count);
TC_MUST_CHECK tc_status tc_mset_facets(tc_mset *m, unsigned k, size_t max, tc_facet_cb cb,
				       void *ctx, tc_err *err);
/* How many matches the spy of facet slot k saw (0 when there is no such spy). */
uint64_t tc_mset_facet_seen(const tc_mset *m, unsigned k);

#ifdef __cplusplus
}
#endif

#endif
