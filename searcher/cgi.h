/*
 * cgi.h - tracuu-search behind a web server (docs/WEB.md): the search page's
 * requests answered the same way, byte for byte, whether the process
 * answers one of them as a CGI program (tc_cgi_main) or many as a FastCGI
 * service (fastcgi.h).  main() decides which.
 *
 * A site (tc_cgi_site) is the configuration, read once, and what a
 * long-lived process keeps between requests: the open index and the cache of
 * answers.  tc_cgi_site_serve() answers one request into an output the
 * caller provides.
 */
#ifndef CGI_H
#define CGI_H

#include <stddef.h>
#include <stdint.h>

#include "tc_status.h"

/* A request as the server hands it over (the CGI environment or FastCGI
 * parameters); any field may be NULL (absent).  query_string_len is its
 * length, which may exceed what the parser takes (it then answers 400). */
typedef struct tc_cgi_request {
	const char *method;
	const char *query_string;
	size_t query_string_len;
	const char *script_name;
	const char *https, *host, *server_name, *server_port;
} tc_cgi_request;

/*
 * Where a response goes.  write returns 0 when all n bytes were taken.
 * finish, called only from the time-limit thread right after it wrote a 503
 * for a request that ran too long, ends that request at once (the FastCGI
 * request is finished; a CGI process exits).  ctx is theirs.
 */
typedef struct tc_cgi_out {
	int (*write)(void *ctx, const char *p, size_t n);
	void (*finish)(void *ctx);
	void *ctx;
} tc_cgi_out;

typedef struct tc_cgi_site tc_cgi_site;

/* What a site has done (the service logs it when it stops). */
typedef struct tc_cgi_stats {
	uint64_t requests, searches, errors_503, timeouts, reopens;
	uint64_t cache_hits, cache_misses, cache_drops;
	size_t cache_entries, cache_bytes;
} tc_cgi_stats;

/*
 * Read the configuration (docs/WEB.md: TRACUU_DB, TRACUU_BASE_URL,
 * TRACUU_CONFIG or /etc/tracuu/tracuu.conf) into a new site.  What is wrong
 * with it goes to stderr; a site without a usable index path still answers
 * (503 to searches).  persistent: the process answers many requests, so keep
 * the index open between them and cache answers ([search] cache_mb).
 * TC_ERR_NOMEM on failure.
 */
TC_MUST_CHECK tc_status tc_cgi_site_new(int persistent, tc_cgi_site **out /* OUT */);
void tc_cgi_site_free(tc_cgi_site *s);

/*
 * Answer req into out: headers (Status: first, as CGI and FastCGI both
 * want), a blank line and, unless the method is HEAD, the body.  In a
 * persistent site, a search that runs past [search] time_limit_ms is
 * answered 503 by another thread at the limit (see tc_cgi_out.finish); its
 * late result is dropped.
 * Returns 0 when the response was written, 1 when writing failed (a client
 * gone away).  Not reentrant: one request at a time per site.
 */
int tc_cgi_site_serve(tc_cgi_site *s, const tc_cgi_request *req, const tc_cgi_out *out);

/*
 * Between requests: catch up with the index (a new generation, a commit) so
 * that an idle service holds no removed generation open, and drop cached
 * answers that belong to an older state of it.
 */
void tc_cgi_site_idle(tc_cgi_site *s);

void tc_cgi_site_get_stats(const tc_cgi_site *s, tc_cgi_stats *out /* OUT */);

/* Answer the one request in the environment on stdout; returns the exit
 * status (0 when a response was written, whatever its HTTP status). */
int tc_cgi_main(void);

#endif
