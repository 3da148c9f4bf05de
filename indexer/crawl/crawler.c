/* crawler.c - polite concurrent fetching, discovery and indexing; see crawler.h. */
#include "crawler.h"

#include <curl/curl.h>
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "doc_build.h"
#include "feed.h"
#include "page_article.h"
#include "robots.h"
#include "tc_schema.h"
#include "url.h"
#include "warc.h"
#include "tc_banned.h"

#define MAX_HOSTS 1024
#define HEAD_MAX (64u << 10)
#define ROBOTS_MAX (512u << 10)

static volatile sig_atomic_t stop_requested;

void tc_crawl_request_stop(void)
{
	stop_requested = 1;
}

void tc_crawl_opts_init(tc_crawl_opts *o)
{
	memset(o, 0, sizeof *o);
	o->delay = -1;
	o->max_body = 10u << 20;
	o->max_held = 32u << 20;
	o->max_redirects = 5;
	o->max_tries = 3;
	o->retry_base = 2.0;
	o->timeout_ms = 30000;
	o->connect_timeout_ms = 10000;
	o->low_speed_bytes = 100;
	o->low_speed_secs = 10;
	o->max_transfers = 16;
}

typedef enum robots_state { R_NONE, R_FETCHING, R_READY, R_BLOCKED } robots_state;

typedef struct host {
	char name[256];          /* origin: scheme://host[:port], robots.txt's scope */
	int source;
	robots_state rstate;
	tc_robots *robots;
	double delay;            /* effective: max(config or --delay, Crawl-delay) */
	double next_at;          /* no request before this time */
	double wake_at;          /* earliest queued retry, when idle */
	int busy;
	int idle;                /* nothing due at the last look */
} host;

typedef struct xfer {
	struct xfer *next, *prev; /* the crawl's running transfers */
	CURL *h;
	host *host;
	int robots;              /* this is the host's robots.txt */
	tc_url_row row;
	tc_buf body;
	tc_buf head;             /* raw response headers, for the archive */
	struct curl_slist *req_headers;
	int too_big;
	int paused;              /* waiting for memory (on_body) */
	struct crawl *c;
} xfer;

typedef struct crawl {
	const tc_crawl_config *cfg;
	tc_crawl_state *state;
	tc_importer *imp;
	const tc_crawl_opts *o;
	tc_crawl_stats *stats;
	tc_err *err;
	CURLM *multi;
	host *hosts;
	size_t nhosts;
	int active;
	int npaused;
	size_t held;             /* body bytes of the running transfers */
	xfer *running;           /* list of transfers in the multi handle */
	uint64_t started;        /* page fetches started (for max_pages) */
	tc_warc_writer *warc;
	tc_buf canon;            /* scratch for URL canonicalisation */
	tc_page_result page;     /* what the page just fetched is (page_article.h) */
	tc_status st;            /* sticky: the first fatal error */
	double last_progress;
} crawl;

static double wall_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static host *find_host(crawl *c, const char *name)
{
	for (size_t i = 0; i < c->nhosts; i++)
		if (!strcasecmp(c->hosts[i].name, name))
			return &c->hosts[i];
	return NULL;
}

static host *add_host(crawl *c, const char *name, int source)
{
	host *h = find_host(c, name);
	if (h || c->nhosts == MAX_HOSTS)
		return h;
	h = &c->hosts[c->nhosts++];
	memset(h, 0, sizeof *h);
	snprintf(h->name, sizeof h->name, "%s", name);
	h->source = source;
	const tc_crawl_source *s = &c->cfg->src[source];
	h->delay = c->o->delay >= 0 ? c->o->delay : s->delay;
	return h;
}

/* The origin of a canonical URL (scheme://host[:port], no userinfo: the
 * canonical form drops it) into out.  Politeness and robots.txt are per
 * origin (RFC 9309 section 2.3), so sites on one host but different ports or
 * schemes are crawled as the separate servers they are. */
static int origin_of(const char *url, size_t n, char *out, size_t cap)
{
	const char *p = memchr(url, ':', n);
	if (!p || p + 3 > url + n || p[1] != '/' || p[2] != '/')
		return 0;
	const char *e = p + 3;
	while (e < url + n && *e != '/' && *e != '?' && *e != '#')
		e++;
	size_t len = (size_t)(e - url);
	if (len >= cap)
		return 0;
	memcpy(out, url, len);
	out[len] = '\0';
	return 1;
}

/* The source configured for an origin's host (-1 when none is). */
static int source_of_origin(const crawl *c, const char *origin)
{
	char hostname[256];
	if (!tc_url_host(origin, strlen(origin), hostname, sizeof hostname))
		return -1;
	return tc_crawl_config_source_of(c->cfg, hostname);
}

/* Canonical form of href (resolved against base) into c->canon; its origin
 * into origin.  0 when it is not an allowed http(s) URL. */
static int canon_allowed(crawl *c, const char *base, const char *href, size_t n, char *origin,
			 size_t cap, int *source)
{
	tc_err e = {{0}};
	if (tc_url_canon(base, href, n, &c->canon, &e) != TC_OK || !c->canon.len)
		return 0;
	if (!origin_of(c->canon.data, c->canon.len, origin, cap))
		return 0;
	*source = source_of_origin(c, origin);
	return *source >= 0;
}

/* Queue the canonical URL in c->canon. */
static void enqueue(crawl *c, const char *origin, int source, int depth, int redirects,
		    const char *date_hint, int force)
{
	if (c->st != TC_OK)
		return;
	int added;
	if (!add_host(c, origin, source))
		return; /* too many hosts: the rest wait for the next pass */
	c->st = tc_crawl_state_add(c->state, c->canon.data, origin, source, depth, redirects,
				   date_hint, force, &added, c->err);
	if (added) {
		host *h = find_host(c, origin);
		h->idle = 0;
	}
}

static int restore_host(void *ctx, const char *origin)
{
	crawl *c = ctx;
	int source = source_of_origin(c, origin);
	if (source >= 0)
		add_host(c, origin, source);
	return c->nhosts == MAX_HOSTS;
}

/* The origins with URLs still queued from the last pass, then the start URLs. */
static void queue_starts(crawl *c)
{
	c->st = tc_crawl_state_hosts(c->state, restore_host, c, c->err);
	for (size_t s = 0; s < c->cfg->n && c->st == TC_OK; s++) {
		const tc_crawl_source *src = &c->cfg->src[s];
		for (size_t k = 0; k < src->nstart && c->st == TC_OK; k++) {
			char origin[256];
			int source;
			const char *u = src->start[k];
			if (!canon_allowed(c, NULL, u, strlen(u), origin, sizeof origin, &source)) {
				fprintf(stderr, "tracuu-index: crawl: skipping start URL %s\n", u);
				continue;
			}
			enqueue(c, origin, source, 0, 0, NULL, 1);
		}
	}
}

/* Whether x holds the most body bytes of the running transfers: that one
 * may always grow, so the transfers paused for memory never wait forever. */
static int holds_most(const crawl *c, const xfer *x)
{
	for (const xfer *y = c->running; y; y = y->next)
		if (y != x && y->body.len > x->body.len)
			return 0;
	return 1;
}

static size_t on_body(char *p, size_t size, size_t n, void *ctx)
{
	xfer *x = ctx;
	crawl *c = x->c;
	size_t len = size * n;
	if (c->held + len > c->o->max_held && !holds_most(c, x)) {
		if (!x->paused) {
			x->paused = 1;
			c->npaused++;
			c->stats->paused++;
		}
		return CURL_WRITEFUNC_PAUSE; /* curl keeps this chunk and offers it again */
	}
	if (tc_buf_append(&x->body, p, len) != TC_OK) {
		x->too_big = 1;
		return 0; /* curl aborts the transfer */
	}
	c->held += len;
	if (c->held > c->stats->held_peak)
		c->stats->held_peak = c->held;
	return len;
}

/* Memory was given back: let the paused transfers try again (those that
 * still do not fit pause again in on_body). */
static void resume_paused(crawl *c)
{
	if (!c->npaused || c->held >= c->o->max_held)
		return;
	for (xfer *x = c->running; x; x = x->next) {
		if (!x->paused)
			continue;
		x->paused = 0;
		c->npaused--;
		/* May call on_body at once with the chunk curl kept. */
		curl_easy_pause(x->h, CURLPAUSE_CONT);
	}
}

static size_t on_header(char *p, size_t size, size_t n, void *ctx)
{
	xfer *x = ctx;
	size_t len = size * n;
	/* Only the last response's headers matter (after a 100 Continue). */
	if (len >= 5 && !strncmp(p, "HTTP/", 5))
		tc_buf_reset(&x->head);
	if (tc_buf_append(&x->head, p, len) != TC_OK)
		return 0;
	return len;
}

static void free_xfer(crawl *c, xfer *x)
{
	if (!x)
		return;
	if (x->h) {
		curl_multi_remove_handle(c->multi, x->h);
		curl_easy_cleanup(x->h);
	}
	if (x->prev)
		x->prev->next = x->next;
	else if (c->running == x)
		c->running = x->next;
	if (x->next)
		x->next->prev = x->prev;
	curl_slist_free_all(x->req_headers);
	c->held -= x->body.len;
	if (x->paused)
		c->npaused--;
	tc_buf_release(&x->body);
	tc_buf_release(&x->head);
	free(x);
}

static int start(crawl *c, host *h, const tc_url_row *row, int robots)
{
	xfer *x = calloc(1, sizeof *x);
	if (!x) {
		c->st = TC_ERR_NOMEM;
		return 0;
	}
	x->c = c;
	x->host = h;
	x->robots = robots;
	if (row)
		x->row = *row;
	else
		snprintf(x->row.url, sizeof x->row.url, "%s/robots.txt", h->name);
	tc_buf_init(&x->body, robots ? ROBOTS_MAX : c->o->max_body);
	tc_buf_init(&x->head, HEAD_MAX);
	x->h = curl_easy_init();
	if (!x->h) {
		free_xfer(c, x);
		c->st = TC_ERR_NOMEM;
		return 0;
	}
	CURL *e = x->h;
	curl_easy_setopt(e, CURLOPT_URL, x->row.url);
	curl_easy_setopt(e, CURLOPT_PRIVATE, x);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, x);
	curl_easy_setopt(e, CURLOPT_USERAGENT, TC_CRAWL_USER_AGENT);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "gzip, deflate");
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, c->o->timeout_ms);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, c->o->connect_timeout_ms);
	curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, c->o->low_speed_bytes);
	curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, c->o->low_speed_secs);
	curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)c->o->max_body);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	if (!robots) {
		char line[400];
		if (x->row.etag[0]) {
			snprintf(line, sizeof line, "If-None-Match: %s", x->row.etag);
			x->req_headers = curl_slist_append(x->req_headers, line);
		}
		if (x->row.last_modified[0]) {
			snprintf(line, sizeof line, "If-Modified-Since: %s", x->row.last_modified);
			x->req_headers = curl_slist_append(x->req_headers, line);
		}
		curl_easy_setopt(e, CURLOPT_HTTPHEADER, x->req_headers);
	}
	if (curl_multi_add_handle(c->multi, e) != CURLM_OK) {
		free_xfer(c, x);
		c->st = tc_err_set(c->err, TC_ERR_NOMEM, "cannot start a transfer");
		return 0;
	}
	x->next = c->running;
	if (c->running)
		c->running->prev = x;
	c->running = x;
	h->busy = 1;
	c->active++;
	if (!robots)
		c->started++;
	return 1;
}

/* Path and query of a canonical URL, for robots.txt. */
static const char *path_of(const char *url)
{
	const char *p = strstr(url, "://");
	p = p ? strchr(p + 3, '/') : NULL;
	return p ? p : "/";
}

static void header_value(CURL *e, const char *name, char *out, size_t cap)
{
	struct curl_header *hdr;
	out[0] = '\0';
	if (curl_easy_header(e, name, 0, CURLH_HEADER, -1, &hdr) == CURLHE_OK && hdr->value &&
	    strlen(hdr->value) < cap)
		snprintf(out, cap, "%s", hdr->value);
}

static void finish(crawl *c, const tc_url_row *row, tc_url_state state, int status)
{
	if (c->st == TC_OK)
		c->st = tc_crawl_state_finish(c->state, row, state, status, c->err);
}

/* Retry a failed fetch later, or give it up. */
static void retry_or_fail(crawl *c, tc_url_row *row, int status, double now)
{
	row->tries++;
	if (row->tries < c->o->max_tries) {
		c->stats->retried++;
		double due = now + c->o->retry_base * pow(2.0, row->tries - 1);
		if (c->st == TC_OK)
			c->st = tc_crawl_state_retry(c->state, row, due, c->err);
		host *h = find_host(c, row->host);
		if (h)
			h->idle = 0;
	} else {
		c->stats->failed++;
		finish(c, row, TC_URL_FAILED, status);
	}
}

typedef struct link_ctx {
	crawl *c;
	int depth;
} link_ctx;

static int on_link(void *ctx, const char *base, const char *href, size_t n)
{
	link_ctx *l = ctx;
	crawl *c = l->c;
	char origin[256];
	int source;
	if (!canon_allowed(c, base, href, n, origin, sizeof origin, &source))
		return 0;
	const tc_crawl_source *s = &c->cfg->src[source];
	/* A link is worth a request when it may be an article or lead to some. */
	if (!tc_crawl_match(s->article, s->narticle, c->canon.data, 0) &&
	    !tc_crawl_match(s->follow, s->nfollow, c->canon.data, s->narticle == 0))
		return 0;
	enqueue(c, origin, source, l->depth + 1, 0, NULL, 0);
	return c->st != TC_OK;
}

/* The crawl state's answer to "are these bytes indexed under another URL". */
static tc_status hash_dup(void *ctx, uint64_t hash, const char *url, int *dup, tc_err *err)
{
	crawl *c = ctx;
	char owner[2049];
	int found = 0;
	*dup = 0;
	tc_status st = tc_crawl_state_hash_owner(c->state, hash, owner, sizeof owner, &found, err);
	*dup = st == TC_OK && found && strcmp(owner, url) != 0;
	return st;
}

typedef struct entry_ctx {
	crawl *c;
	int depth;
} entry_ctx;

static int on_entry(void *ctx, const tc_feed_entry *e)
{
	entry_ctx *f = ctx;
	crawl *c = f->c;
	char origin[256];
	int source;
	if (!e->url || !canon_allowed(c, NULL, e->url, strlen(e->url), origin, sizeof origin,
				      &source))
		return 0;
	char hint[11] = "";
	if (strlen(e->date) >= 10) {
		memcpy(hint, e->date, 10);
		hint[10] = '\0';
	}
	/* Sitemap indexes nest without using up depth; entries are one step. */
	enqueue(c, origin, source, e->is_sitemap ? f->depth : f->depth + 1, 0, hint, 0);
	return c->st != TC_OK;
}

static void archive(crawl *c, xfer *x)
{
	if (!c->warc || c->st != TC_OK)
		return;
	char date[32];
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm);
	tc_err e = {{0}};
	/* The feed's date goes along: an import of the archive must date an
	 * undated page as this crawl does (page_article.h).  One the importer
	 * would not use is not kept. */
	char hint[11];
	snprintf(hint, sizeof hint, "%.10s", x->row.date_hint);
	if (tc_warc_write_response(c->warc, x->row.url, date,
				   tc_schema_date(hint, strlen(hint), (char[9]){0}) ? hint : NULL,
				   x->head.data ? x->head.data : "",
				   x->head.len, x->body.data ? x->body.data : "", x->body.len,
				   &e) != TC_OK)
		c->st = tc_err_set(c->err, TC_ERR_IO, "archive: %s", e.msg);
}

static void handle_page(crawl *c, xfer *x, long status, const char *ctype, double now)
{
	tc_url_row *row = &x->row;
	/* The host's source, looked up in this run's config (the row's may be stale). */
	const tc_crawl_source *src = &c->cfg->src[x->host->source];
	if (status == 304) {
		c->stats->not_modified++;
		finish(c, row, TC_URL_DONE, 304);
		return;
	}
	if (status >= 300 && status < 400) {
		char *target = NULL;
		curl_easy_getinfo(x->h, CURLINFO_REDIRECT_URL, &target);
		char origin[256];
		int source;
		if (target && row->redirects < c->o->max_redirects &&
		    canon_allowed(c, row->url, target, strlen(target), origin, sizeof origin, &source))
			enqueue(c, origin, source, row->depth, row->redirects + 1, row->date_hint, 0);
		c->stats->skipped++;
		finish(c, row, TC_URL_SKIPPED, (int)status);
		return;
	}
	if (status == 404 || status == 410) {
		if (row->indexed) {
			int deleted = 0;
			if (c->st == TC_OK)
				c->st = tc_importer_delete(c->imp, row->url, &deleted, c->err);
			c->stats->deleted += (uint64_t)deleted;
			row->indexed = 0;
		}
		finish(c, row, TC_URL_GONE, (int)status);
		return;
	}
	if (status >= 500 || status == 429 || status == 408) {
		retry_or_fail(c, row, (int)status, now);
		return;
	}
	if (status != 200) {
		c->stats->skipped++;
		finish(c, row, TC_URL_SKIPPED, (int)status);
		return;
	}
	archive(c, x);
	header_value(x->h, "ETag", row->etag, sizeof row->etag);
	header_value(x->h, "Last-Modified", row->last_modified, sizeof row->last_modified);
	if (c->st != TC_OK)
		return;
	/* Links are followed from the pages the config says lead somewhere. */
	link_ctx l = {c, row->depth};
	int follow = row->depth < src->depth &&
		     tc_crawl_match(src->follow, src->nfollow, row->url, 1);
	const tc_page_judge j = {c->cfg, hash_dup, c, follow ? on_link : NULL, &l};
	const tc_fetched_page pg = {row->url, ctype, x->body.data, x->body.len, row->indexed,
				    row->hash};
	int indexed = 0;
	c->st = tc_importer_add_fetched(c->imp, &j, &pg, row->date_hint[0] ? row->date_hint : NULL,
					&c->page, &indexed, c->err);
	if (c->st != TC_OK)
		return;
	switch (c->page.verdict) {
	case TC_PAGE_FEED: {
		tc_feed_kind fk;
		tc_err e = {{0}};
		entry_ctx f = {c, row->depth};
		if (tc_feed_parse(x->body.data ? x->body.data : "", x->body.len, row->url, on_entry, &f,
				  &fk, &e) != TC_OK &&
		    c->o->verbose)
			fprintf(stderr, "tracuu-index: crawl: %s: %s\n", row->url, e.msg);
		break;
	}
	case TC_PAGE_NOT_HTML:
		c->stats->skipped++;
		finish(c, row, TC_URL_SKIPPED, 200);
		return;
	case TC_PAGE_UNCHANGED:
		c->stats->unchanged++;
		break;
	case TC_PAGE_CANONICAL_ELSEWHERE: {
		/* The canonical URL is queued and indexed as the article, once. */
		char origin[256];
		int source;
		if (canon_allowed(c, row->url, c->page.canonical.data, c->page.canonical.len, origin,
				  sizeof origin, &source))
			enqueue(c, origin, source, row->depth, 0,
				row->date_hint[0] ? row->date_hint : NULL, 0);
		c->stats->duplicates++;
		row->hash = 0;
		break;
	}
	case TC_PAGE_DUPLICATE:
		c->stats->duplicates++;
		break;
	default: /* TC_PAGE_INDEX, TC_PAGE_OFF_PATTERN, TC_PAGE_NO_ARTICLE, TC_PAGE_UNREADABLE */
		if (indexed) {
			c->stats->indexed++;
			row->indexed = 1;
			row->hash = c->page.hash;
		} else {
			row->hash = 0;
		}
		break;
	}
	finish(c, row, TC_URL_DONE, 200);
}

static void handle_robots(crawl *c, xfer *x, CURLcode rc, long status)
{
	host *h = x->host;
	tc_robots_free(h->robots);
	h->robots = NULL;
	if (rc == CURLE_OK && status == 200) {
		if (tc_robots_parse(x->body.data ? x->body.data : "", x->body.len, TC_CRAWL_AGENT,
				    &h->robots) != TC_OK)
			h->robots = NULL;
	} else if (rc == CURLE_OK && status >= 400 && status < 500) {
		h->robots = tc_robots_allow_all();
	}
	if (!h->robots) {
		/* Unreachable (5xx, network): RFC 9309 says assume disallowed. */
		if (rc == CURLE_OK && status == 200)
			h->robots = tc_robots_allow_all(); /* parse failure: memory */
		else {
			h->rstate = R_BLOCKED;
			c->stats->blocked++;
			fprintf(stderr, "tracuu-index: crawl: %s: robots.txt unreachable (%s), host skipped "
				"this pass\n", h->name, rc == CURLE_OK ? "server error" : curl_easy_strerror(rc));
			return;
		}
	}
	h->rstate = R_READY;
	double cd = tc_robots_crawl_delay(h->robots);
	if (cd > h->delay)
		h->delay = cd;
	/* Sitemaps named in robots.txt are start points too. */
	for (size_t i = 0; i < tc_robots_sitemap_count(h->robots) && c->st == TC_OK; i++) {
		const char *sm = tc_robots_sitemap(h->robots, i);
		char origin[256];
		int source;
		if (canon_allowed(c, NULL, sm, strlen(sm), origin, sizeof origin, &source))
			enqueue(c, origin, source, 0, 0, NULL, 1);
	}
}

static void done(crawl *c, CURLMsg *m, double now)
{
	xfer *x = NULL;
	curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&x);
	CURLcode rc = m->data.result;
	long status = 0;
	char *ctype = NULL;
	curl_easy_getinfo(x->h, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(x->h, CURLINFO_CONTENT_TYPE, &ctype);
	x->host->busy = 0;
	x->host->next_at = now + x->host->delay;
	c->active--;
	if (rc == CURLE_OK || x->too_big) {
		c->stats->fetched++;
		c->stats->bytes += x->body.len;
	}
	if (c->o->verbose)
		fprintf(stderr, "tracuu-index: crawl: %ld %s%s%s\n", status, x->row.url,
			rc != CURLE_OK ? " " : "", rc != CURLE_OK ? curl_easy_strerror(rc) : "");
	if (x->robots) {
		handle_robots(c, x, rc, status);
		/* Its Crawl-delay holds from the first page on. */
		x->host->next_at = now + x->host->delay;
	} else if (x->too_big || rc == CURLE_FILESIZE_EXCEEDED ||
		   (rc == CURLE_WRITE_ERROR && x->too_big)) {
		fprintf(stderr, "tracuu-index: crawl: %s: body larger than %zu bytes, skipped\n",
			x->row.url, c->o->max_body);
		c->stats->skipped++;
		finish(c, &x->row, TC_URL_SKIPPED, (int)status);
	} else if (rc == CURLE_OK) {
		handle_page(c, x, status, ctype, now);
	} else if (rc == CURLE_BAD_CONTENT_ENCODING || rc == CURLE_UNSUPPORTED_PROTOCOL ||
		   rc == CURLE_URL_MALFORMAT) {
		fprintf(stderr, "tracuu-index: crawl: %s: %s, skipped\n", x->row.url,
			curl_easy_strerror(rc));
		c->stats->skipped++;
		finish(c, &x->row, TC_URL_SKIPPED, (int)status);
	} else {
		if (c->o->verbose || x->row.tries + 1 >= c->o->max_tries)
			fprintf(stderr, "tracuu-index: crawl: %s: %s\n", x->row.url, curl_easy_strerror(rc));
		retry_or_fail(c, &x->row, (int)status, now);
	}
	free_xfer(c, x);
}

/* Start what may start now; returns the time the next host becomes ready
 * (or 0 when nothing waits). */
static double schedule(crawl *c, double now)
{
	double next = 0;
	for (size_t i = 0; i < c->nhosts && c->st == TC_OK; i++) {
		host *h = &c->hosts[i];
		if (h->busy || h->rstate == R_BLOCKED || h->rstate == R_FETCHING)
			continue;
		if (c->active >= c->o->max_transfers || c->held >= c->o->max_held || stop_requested ||
		    (c->o->max_pages && c->started >= c->o->max_pages))
			break;
		if (h->idle && (h->wake_at == 0 || h->wake_at > now)) {
			if (h->wake_at > 0 && (next == 0 || h->wake_at < next))
				next = h->wake_at;
			continue;
		}
		if (now < h->next_at) {
			if (next == 0 || h->next_at < next)
				next = h->next_at;
			continue;
		}
		if (h->rstate == R_NONE) {
			h->rstate = R_FETCHING;
			start(c, h, NULL, 1);
			continue;
		}
		tc_url_row row;
		size_t n = 0;
		c->st = tc_crawl_state_due(c->state, h->name, now, &row, 1, &n, c->err);
		if (c->st != TC_OK)
			break;
		if (!n) {
			int any;
			double due;
			c->st = tc_crawl_state_next_due(c->state, h->name, &due, &any, c->err);
			h->idle = 1;
			h->wake_at = any ? due : 0;
			if (any && (next == 0 || due < next))
				next = due;
			continue;
		}
		const char *path = path_of(row.url);
		if (!tc_robots_allowed(h->robots, path, strlen(path))) {
			c->stats->skipped++;
			finish(c, &row, TC_URL_SKIPPED, 0);
			if (c->o->verbose)
				fprintf(stderr, "tracuu-index: crawl: robots.txt disallows %s\n", row.url);
			i--; /* the same host may have more due at once */
			continue;
		}
		/* The state says indexed, the index says no (a rebuild's new
		 * generation, or writes lost to a crash): ask without validators,
		 * and index whatever comes, changed or not. */
		if (row.indexed) {
			int has;
			c->st = tc_importer_has(c->imp, row.url, &has, c->err);
			if (c->st != TC_OK)
				break;
			if (!has) {
				row.etag[0] = row.last_modified[0] = '\0';
				row.indexed = 0;
				row.hash = 0;
				c->stats->missing++;
			}
		}
		start(c, h, &row, 0);
	}
	return next;
}

static int all_done(const crawl *c)
{
	if (c->active)
		return 0;
	if (stop_requested || (c->o->max_pages && c->started >= c->o->max_pages))
		return 1;
	for (size_t i = 0; i < c->nhosts; i++) {
		const host *h = &c->hosts[i];
		if (h->rstate == R_BLOCKED)
			continue;
		if (!h->idle || h->wake_at > 0)
			return 0;
	}
	return 1;
}

static void progress(crawl *c, double now, int force)
{
	if (!c->o->progress || (!force && now - c->last_progress < 1.0))
		return;
	c->last_progress = now;
	fprintf(stderr, "\rcrawl: %llu fetched, %llu indexed, %llu not modified, %llu failed, %d active   ",
		(unsigned long long)c->stats->fetched, (unsigned long long)c->stats->indexed,
		(unsigned long long)c->stats->not_modified, (unsigned long long)c->stats->failed,
		c->active);
	if (force)
		fputc('\n', stderr);
}

static tc_status open_archive(crawl *c)
{
	if (!c->o->archive)
		return TC_OK;
	if (mkdir(c->o->archive, 0777) != 0 && errno != EEXIST)
		return tc_err_set(c->err, TC_ERR_IO, "cannot create %s: %s", c->o->archive,
				  strerror(errno));
	char path[4096];
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	char stamp[32];
	strftime(stamp, sizeof stamp, "%Y%m%d%H%M%S", &tm);
	if (snprintf(path, sizeof path, "%s/tracuu-%s-%ld.warc.gz", c->o->archive, stamp,
		     (long)getpid()) >= (int)sizeof path)
		return tc_err_set(c->err, TC_ERR_USAGE, "archive path too long");
	return tc_warc_open(path, &c->warc, c->err);
}

/*
 * Commit the index, then the state.  The state must never be ahead of the
 * index: a URL recorded as indexed whose document was lost with the
 * uncommitted batch (a crash, SIGKILL, a full disk) would be asked for with
 * its validators, answered 304 and never indexed again.  The other way
 * round costs only a refetch.
 */
static tc_status commit_both(crawl *c)
{
	tc_status st = tc_importer_commit(c->imp, c->err);
	return st == TC_OK ? tc_crawl_state_commit(c->state, c->err) : st;
}

tc_status tc_crawl_run(const tc_crawl_config *cfg, tc_crawl_state *state, tc_importer *imp,
		       const tc_crawl_opts *o, tc_crawl_stats *stats, tc_err *err)
{
	memset(stats, 0, sizeof *stats);
	stop_requested = 0;
	double t0 = wall_now();
	crawl c;
	memset(&c, 0, sizeof c);
	c.cfg = cfg;
	c.state = state;
	c.imp = imp;
	c.o = o;
	c.stats = stats;
	c.err = err;
	c.hosts = calloc(MAX_HOSTS, sizeof *c.hosts);
	tc_buf_init(&c.canon, 4096);
	if (!c.hosts)
		return TC_ERR_NOMEM;
	tc_page_result_init(&c.page);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		free(c.hosts);
		tc_page_result_release(&c.page);
		return tc_err_set(err, TC_ERR_NOMEM, "cannot initialise libcurl");
	}
	c.multi = curl_multi_init();
	c.st = c.multi ? TC_OK : TC_ERR_NOMEM;
	if (c.st == TC_OK)
		c.st = tc_crawl_state_begin(state, &stats->resumed, err);
	if (c.st == TC_OK)
		c.st = open_archive(&c);
	if (c.st == TC_OK) {
		curl_multi_setopt(c.multi, CURLMOPT_MAX_HOST_CONNECTIONS, 1L);
		queue_starts(&c);
	}
	uint64_t last_commit = 0;
	while (c.st == TC_OK) {
		double now = wall_now();
		double next = schedule(&c, now);
		if (c.st != TC_OK || all_done(&c))
			break;
		int running;
		curl_multi_perform(c.multi, &running);
		int timeout = 100;
		if (running < c.active)
			timeout = 0; /* transfers already finished (loopback is quick): no wait */
		else if (!c.active && next > now)
			timeout = next - now > 1.0 ? 1000 : (int)((next - now) * 1000) + 1;
		else if (next > now && (next - now) * 1000 < timeout)
			timeout = (int)((next - now) * 1000) + 1;
		curl_multi_poll(c.multi, NULL, 0, timeout, NULL);
		curl_multi_perform(c.multi, &running);
		CURLMsg *m;
		int left;
		now = wall_now();
		while ((m = curl_multi_info_read(c.multi, &left)) && c.st == TC_OK)
			if (m->msg == CURLMSG_DONE)
				done(&c, m, now);
		resume_paused(&c);
		/* The state is committed every hundred fetches, so an interruption
		 * loses little and resumes from here. */
		if (c.st == TC_OK && stats->fetched - last_commit >= 100) {
			last_commit = stats->fetched;
			c.st = commit_both(&c);
		}
		progress(&c, now, 0);
	}
	/* Stop what is still running (an error or a signal). */
	while (c.running)
		free_xfer(&c, c.running);
	stats->interrupted = stop_requested != 0;
	if (c.st == TC_OK)
		c.st = tc_importer_commit(imp, err); /* the index first: see commit_both */
	if (c.st == TC_OK && !stop_requested && !(o->max_pages && c.started >= o->max_pages))
		c.st = tc_crawl_state_end(state, err);
	else if (c.st == TC_OK)
		c.st = tc_crawl_state_commit(state, err);
	else if (c.st != TC_OK) {
		/* Stopped by an error: keep what the state learned only if the
		 * index holds it too (a full disk fails the index's commit). */
		tc_err e = {{0}};
		if (tc_importer_commit(imp, &e) != TC_OK || tc_crawl_state_commit(state, &e) != TC_OK)
			tc_crawl_state_rollback(state);
	}
	if (c.warc) {
		tc_err e = {{0}};
		if (tc_warc_close(c.warc, &e) != TC_OK && c.st == TC_OK)
			c.st = tc_err_set(err, TC_ERR_IO, "archive: %s", e.msg);
	}
	progress(&c, wall_now(), 1);
	for (size_t i = 0; i < c.nhosts; i++)
		tc_robots_free(c.hosts[i].robots);
	free(c.hosts);
	tc_buf_release(&c.canon);
	tc_page_result_release(&c.page);
	if (c.multi)
		curl_multi_cleanup(c.multi);
	curl_global_cleanup();
	stats->seconds = wall_now() - t0;
	return c.st;
}
