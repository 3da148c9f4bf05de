/*
 * crawler.h - fetch the sources of a crawl config politely and index their
 * articles (tracuu-index crawl).
 *
 * libcurl's multi interface runs transfers to many hosts at once, but never
 * more than one per host, and never sooner after the last one than the
 * host's delay: the larger of its robots.txt Crawl-delay and the configured
 * delay.  robots.txt is fetched first for every host (RFC 9309: a 4xx
 * allows everything, a 5xx or network error blocks the host for this pass).
 * Redirects are not followed blindly: the target is queued like a link, so
 * it meets the same host, robots and loop checks.  Known pages are asked
 * for with If-None-Match / If-Modified-Since; a 304 costs nothing more.  A
 * 404 or 410 of an indexed page deletes it from the index.  5xx, 429 and
 * timeouts are retried with backoff.  Bodies are capped, after
 * decompression, so a gzip bomb stops at the cap.  The bodies of all running
 * transfers together are capped too (max_held): past it, every transfer but
 * the one holding most is paused until memory is given back, and no new one
 * starts, so the bytes held never pass max_held + max_body.  A finished page
 * is extracted and written at once: no page waits in memory.
 *
 * Every URL's state lives in crawl_state.h's SQLite file, so an interrupted
 * crawl resumes and memory stays bounded whatever the size of the site.
 * The index is committed before the state, so the state never claims a page
 * the index lost; a URL the state says is indexed but the index lacks (a new
 * generation being built, a crash) is fetched without validators and
 * indexed again.
 */
#ifndef CRAWLER_H
#define CRAWLER_H

#include <stdint.h>

#include "crawl_config.h"
#include "crawl_state.h"
#include "importer.h"
#include "tc_status.h"

#define TC_CRAWL_AGENT "tracuu"
#define TC_CRAWL_USER_AGENT \
	"tracuu/0.1 (Vietnamese government news search; +https://github.com/tracuu/tracuu)"

typedef struct tc_crawl_opts {
	double delay;          /* seconds between requests to a host; < 0: the config's */
	uint64_t max_pages;    /* stop after fetching this many (0: no limit) */
	const char *archive;   /* directory for WARC files, or NULL */
	size_t max_body;       /* bytes of a decompressed body */
	size_t max_held;       /* bytes of bodies held across all transfers (see above) */
	int max_redirects;
	int max_tries;         /* attempts of a URL before it counts as failed */
	double retry_base;     /* seconds before the first retry; doubles each time */
	long timeout_ms;       /* whole request */
	long connect_timeout_ms;
	long low_speed_bytes;  /* abort a transfer slower than this ... */
	long low_speed_secs;   /* ... for this long */
	int max_transfers;     /* across all hosts */
	int progress;          /* a status line on stderr */
	int verbose;           /* one line per fetch on stderr */
} tc_crawl_opts;

void tc_crawl_opts_init(tc_crawl_opts *o);

typedef struct tc_crawl_stats {
	uint64_t fetched;       /* responses received (any status) */
	uint64_t not_modified;  /* 304s */
	uint64_t indexed;       /* articles written */
	uint64_t unchanged;     /* 200s whose content had not changed */
	uint64_t duplicates;    /* same content as another URL */
	uint64_t deleted;       /* articles removed after a 404 or 410 */
	uint64_t failed;        /* URLs given up after retries */
	uint64_t skipped;       /* robots.txt, type, size, not an article */
	uint64_t retried;
	uint64_t blocked;       /* hosts skipped: robots.txt unreachable */
	uint64_t missing;       /* recorded as indexed, not in the index: fetched anew */
	uint64_t bytes;         /* body bytes received, decompressed */
	uint64_t held_peak;     /* most body bytes held at once by running transfers */
	uint64_t paused;        /* times a transfer waited for memory */
	double seconds;
	int resumed;            /* this pass continued an interrupted one */
	int interrupted;        /* stopped by a signal */
} tc_crawl_stats;

/*
 * Crawl cfg into imp (an importer on a writable database), with state as
 * the crawl memory.  Fetch and page errors are counted in stats; the status
 * is for errors that stop the crawl (state database, index, memory).
 */
TC_MUST_CHECK tc_status tc_crawl_run(const tc_crawl_config *cfg, tc_crawl_state *state,
				     tc_importer *imp, const tc_crawl_opts *o,
				     tc_crawl_stats *stats /* OUT */, tc_err *err);

/* Ask a running crawl to stop soon (async-signal-safe). */
void tc_crawl_request_stop(void);

#endif
