/*
 * crawl_state.h - what the crawler knows about every URL, kept in SQLite
 * beside the index (DIR/crawl.sqlite), so that an interrupted crawl resumes
 * where it stopped and a recrawl sends conditional requests.
 *
 * A URL is queued, done, gone (404/410), failed (retries used up) or
 * skipped (robots.txt, not an article, duplicate content).  A crawl pass
 * starts by requeueing every done URL (tc_crawl_state_begin) unless the
 * previous pass was interrupted, in which case its queue is simply resumed.
 * Memory stays bounded: the queue lives in the database and is read a host
 * at a time, a few URLs at once.
 */
#ifndef CRAWL_STATE_H
#define CRAWL_STATE_H

#include <stddef.h>
#include <stdint.h>

#include "tc_status.h"

typedef struct tc_crawl_state tc_crawl_state;

typedef enum tc_url_state {
	TC_URL_QUEUED = 0,
	TC_URL_DONE = 1,
	TC_URL_GONE = 2,
	TC_URL_FAILED = 3,
	TC_URL_SKIPPED = 4
} tc_url_state;

/* What the crawler needs to fetch a URL again. */
typedef struct tc_url_row {
	int64_t id;
	char url[2049];
	char host[256];
	int source;          /* index of the config source */
	int depth;           /* links followed from a start URL */
	int tries;           /* failed attempts so far */
	int redirects;       /* redirects followed to reach it */
	char etag[256];
	char last_modified[64];
	uint64_t hash;       /* content hash of the last version indexed */
	int indexed;         /* the index holds a document for it */
	char date_hint[20];  /* from a feed or sitemap, "" if none */
} tc_url_row;

/* Open (creating) the state database at path. */
TC_MUST_CHECK tc_status tc_crawl_state_open(const char *path, tc_crawl_state **out /* OUT */,
					    tc_err *err);
void tc_crawl_state_free(tc_crawl_state *s);

/*
 * Start a pass.  When the last pass finished, every done URL is queued
 * again (keeping its validators) and *resumed is 0; when it was interrupted
 * the queue is left as it is and *resumed is 1.
 */
TC_MUST_CHECK tc_status tc_crawl_state_begin(tc_crawl_state *s, int *resumed /* OUT */,
					     tc_err *err);
/* Mark the pass finished. */
TC_MUST_CHECK tc_status tc_crawl_state_end(tc_crawl_state *s, tc_err *err);

/*
 * Queue url (canonical) unless it is known; a known start URL (force) is
 * queued again whatever its state.  *added says whether it was queued.
 */
TC_MUST_CHECK tc_status tc_crawl_state_add(tc_crawl_state *s, const char *url, const char *host,
					   int source, int depth, int redirects,
					   const char *date_hint, int force, int *added /* OUT */,
					   tc_err *err);

/*
 * Up to max queued URLs of host that are due at time now (seconds), oldest
 * first, into rows.  *n receives how many.
 */
TC_MUST_CHECK tc_status tc_crawl_state_due(tc_crawl_state *s, const char *host, double now,
					   tc_url_row *rows, size_t max, size_t *n /* OUT */,
					   tc_err *err);

/* The earliest due time of host's queued URLs (*any 0 when none are queued). */
TC_MUST_CHECK tc_status tc_crawl_state_next_due(tc_crawl_state *s, const char *host,
						double *due /* OUT */, int *any /* OUT */, tc_err *err);

/* Hosts that have queued URLs, one call of cb each; cb returns non-zero to stop. */
typedef int (*tc_host_cb)(void *ctx, const char *host);
TC_MUST_CHECK tc_status tc_crawl_state_hosts(tc_crawl_state *s, tc_host_cb cb, void *ctx,
					     tc_err *err);

/* Record the outcome of fetching row (its validators, hash and indexed flag
 * as they are now in *row). */
TC_MUST_CHECK tc_status tc_crawl_state_finish(tc_crawl_state *s, const tc_url_row *row,
					      tc_url_state state, int http_status, tc_err *err);

/* Put row back in the queue, due at time due (a retry after a failure). */
TC_MUST_CHECK tc_status tc_crawl_state_retry(tc_crawl_state *s, const tc_url_row *row,
					     double due, tc_err *err);

/* The URL already indexed with this content hash, if any (else *found 0). */
TC_MUST_CHECK tc_status tc_crawl_state_hash_owner(tc_crawl_state *s, uint64_t hash,
						  char *url, size_t cap, int *found /* OUT */,
						  tc_err *err);

/* Counts by state, for the summary line. */
TC_MUST_CHECK tc_status tc_crawl_state_counts(tc_crawl_state *s, uint64_t counts[5] /* OUT */,
					      tc_err *err);

/* Group many writes in one transaction (begin ... commit); cheap to nest-free call. */
TC_MUST_CHECK tc_status tc_crawl_state_commit(tc_crawl_state *s, tc_err *err);

/* Forget the writes since the last commit (the index they describe could
 * not be committed).  Failing leaves nothing to do: closing rolls back too. */
void tc_crawl_state_rollback(tc_crawl_state *s);

/* URLs that the index does not hold an article for (gone, skipped, never
 * an article), one call of cb each; cb returns non-zero to stop. */
typedef int (*tc_url_cb)(void *ctx, const char *url);
TC_MUST_CHECK tc_status tc_crawl_state_unindexed(tc_crawl_state *s, tc_url_cb cb, void *ctx,
						 tc_err *err);

/* URLs recorded as indexed, one call of cb each; cb returns non-zero to stop. */
TC_MUST_CHECK tc_status tc_crawl_state_indexed(tc_crawl_state *s, tc_url_cb cb, void *ctx,
					       tc_err *err);

/* Write a consistent copy of the state (committed writes only) to path,
 * which must not exist: what a rebuild works on until it switches. */
TC_MUST_CHECK tc_status tc_crawl_state_copy(tc_crawl_state *s, const char *path, tc_err *err);

#endif
