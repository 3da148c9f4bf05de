/*
 * search.h - run a user's query against an index: parse, filter, rank in two
 * tiers, fetch stored fields and make snippets.
 *
 * Tiers (tc_match): documents that hold every query item with the words
 * typed next to each other next to each other come first, then the other
 * documents that hold every item, each tier in its own order (relevance, or
 * newest first).  When none hold every item, or when a query of four or
 * more items has too few of them to fill the page, documents matching only
 * some items follow, ranked by how much of the query they match (BM25 over
 * the items plus the pair and title bonuses of query.h), so a long question
 * never ends in zero results.
 *
 * A searcher holds one open index and keeps it current itself: every request
 * first catches up with the index (tc_searcher_refresh), and a request that
 * Xapian reports modified in the middle (DatabaseModifiedError) is asked
 * again, so a long-lived process (--batch, a FastCGI server) answers from the
 * latest commit and the live generation while imports commit and rebuilds
 * switch and prune generations.
 */
#ifndef SEARCH_H
#define SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include "query.h"
#include "snippet.h"
#include "tc_schema.h"
#include "tc_status.h"

#define TC_SEARCH_MAX_LIMIT 1000
#define TC_SEARCH_MAX_OFFSET 1000000
#define TC_SEARCH_MAX_SITES 8
#define TC_SEARCH_MAX_MISSING 16 /* missing shards named in an answer */

typedef struct tc_searcher tc_searcher;

typedef struct tc_search_req {
	const char *query;       /* UTF-8, any normalisation */
	size_t query_len;
	uint32_t offset;         /* 0..TC_SEARCH_MAX_OFFSET */
	uint32_t limit;          /* 1..TC_SEARCH_MAX_LIMIT */
	char from[9], to[9];     /* YYYYMMDD or "" for open */
	const char *sites[TC_SEARCH_MAX_SITES]; /* --site hosts (checked with tc_param_host,
						   lower case), ANDed with site: */
	size_t nsites;
	const char *categories[TC_SEARCH_MAX_SITES]; /* --category / cat= names (any
							bytes; cleaned here), ANDed
							with category: */
	size_t ncategories;
	int sort_date;           /* newest first instead of relevance */
	size_t snippet_bytes;    /* 0 = no snippets */
	int facets;              /* count the answer's sources and dates */
	uint32_t facet_exact;    /* facets counted whole up to this many matches,
				    sampled beyond (0: TC_FACET_EXACT) */
} tc_search_req;

void tc_search_req_init(tc_search_req *r);

/* How much of the query a hit holds; the tiers of an answer, in order. */
typedef enum tc_match {
	TC_MATCH_WORDS, /* every item, and the words typed in a row in a row */
	TC_MATCH_ALL,   /* every item */
	TC_MATCH_SOME   /* some items (a relaxed answer) */
} tc_match;

/* "words", "all", "some": the JSON names. */
const char *tc_match_name(tc_match m);

typedef struct tc_hit {
	uint32_t rank;           /* 1-based, counting from the first page */
	tc_match match;
	double score;
	tc_article a;            /* fields point into data */
	char *data;
	tc_snippet snippet;
} tc_hit;

#define TC_FACET_MAX 12      /* sources shown */
#define TC_FACET_DATES 40    /* years or months shown */
#define TC_FACET_EXACT 1000    /* matches the facets are counted whole up to */
#define TC_FACET_SAMPLE 100000 /* the most matches of a sample counted */
#define TC_TOTAL_EXACT 1000    /* a count alone is exact up to this many matches */

/* One facet value and how many of the counted matches have it. */
typedef struct tc_facet {
	char value[64];          /* a host; YYYY; or YYYY-MM */
	uint64_t count;
} tc_facet;

typedef struct tc_results {
	/* All matches of the answer, counted the same way whatever the page:
	 * exact (total_exact) up to TC_TOTAL_EXACT, beyond that Xapian's
	 * estimate after checking that many; when the facets are counted,
	 * exact up to TC_FACET_EXACT, beyond that scaled from the sample the
	 * facets are counted over. */
	uint64_t total;
	int total_exact;
	tc_query_refusal refusal; /* why the query was refused (TC_ERR_USAGE) */
	uint32_t offset;
	int relaxed;             /* some hits match only part of the query */
	int truncated;           /* the query was cut to the caps */
	double took_ms;
	size_t n;
	tc_hit *hits;
	size_t cap;
	/* With req.facets: counts over every match when there are at most
	 * TC_FACET_EXACT, else over a uniform sample of them (one sample level
	 * of tc_schema.h, one match in 2^L), scaled (facets_sampled).  Sources by count, then name; dates
	 * by year, or by month (dates_by_month) when all fall in one year,
	 * newest first. */
	tc_facet sources[TC_FACET_MAX];
	size_t nsources;
	tc_facet dates[TC_FACET_DATES];
	size_t ndates;
	int dates_by_month;
	int facets_sampled;
	/* Remote shards that did not answer (docs/SCALE.md): the answer is the
	 * other shards' alone.  Names point into the searcher and stay valid
	 * until its next request. */
	int partial;
	size_t nmissing;
	const char *missing[TC_SEARCH_MAX_MISSING];
} tc_results;

void tc_results_init(tc_results *r);
void tc_results_release(tc_results *r);

/*
 * Open the index at path: a tracuu index directory (DIR/current), or anything
 * Xapian opens itself (a database directory or a stub file listing shards).
 * A stub file with remote lines is opened shard by shard (shardset.h), each
 * remote one given shard_timeout_ms (0: TC_SHARD_TIMEOUT_DEFAULT_MS) to
 * connect and for every later exchange; the answers then come from the
 * shards that answer, marked partial when some did not.  TC_ERR_NOT_FOUND /
 * TC_ERR_DB with a message on failure; TC_ERR_NETWORK when no remote shard
 * answers.
 */
TC_MUST_CHECK tc_status tc_searcher_open(const char *path, unsigned shard_timeout_ms,
					 tc_searcher **out /* OUT */, tc_err *err);
void tc_searcher_free(tc_searcher *s);

/*
 * Catch up with the index: when path was an index directory whose current
 * generation has changed since, open the new one (the old one is closed only
 * once the new one is open); otherwise move to the latest commit.  Cheap when
 * nothing changed (a readlink and Xapian's check of its version file), so
 * tc_searcher_run calls it before every request; a server may call it on its
 * own too.  On failure the searcher keeps the database it had.
 */
TC_MUST_CHECK tc_status tc_searcher_refresh(tc_searcher *s, tc_err *err);

/*
 * Answer req into res (replacing its content), from the index as it is when
 * the request starts (see tc_searcher_refresh); a search the index moved on
 * under is asked again, and so is one a remote shard failed (without it:
 * res->partial).  TC_ERR_USAGE with a message for a query with nothing
 * to look for; TC_ERR_DB (or TC_ERR_MODIFIED when writers kept overtaking it)
 * for index failures; TC_ERR_NETWORK when no shard answered.
 */
TC_MUST_CHECK tc_status tc_searcher_run(tc_searcher *s, const tc_search_req *req,
					tc_results *res, tc_err *err);

/*
 * The readings of the folded pair (fa, fb) in the index, most frequent
 * first: at most cap into out, *n of them (0 for a pair never written with
 * an accent).  Their counts are the "did you mean" evidence and the weights
 * of an unaccented query's readings (docs/SCHEMA.md).
 */
TC_MUST_CHECK tc_status tc_searcher_readings(tc_searcher *s, const char *fa, const char *fb,
					     tc_reading *out, size_t cap, size_t *n /* OUT */,
					     tc_err *err);

/* The parse of the last query, for --explain (valid until the next run). */
const char *tc_searcher_explain(const tc_searcher *s);

#endif
