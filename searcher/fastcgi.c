/*
 * fastcgi.c - the accept loop of the FastCGI service (fastcgi.h), on
 * Debian's libfcgi (fcgiapp.h).  Everything a response holds comes from
 * cgi.c, the same code as the CGI page's; this file only moves requests in
 * and bytes out, and decides when to stop.
 *
 * The loop waits for a connection with poll() and a one-second timeout
 * rather than blocking in accept(): a second without requests is when an
 * idle service catches up with the index (tc_cgi_site_idle), and a stop
 * signal that arrives between two checks is seen within that second.  A
 * stop signal only sets a flag: the request in hand is answered in full,
 * then the loop ends.
 */
#include "fastcgi.h"

#include <errno.h>
#include <fcntl.h>
#include <fcgiapp.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "cgi.h"
#include "cgi_params.h"
#include "tc_banned.h"

#define IDLE_POLL_MS 1000

static volatile sig_atomic_t stop_signal;

static void on_stop(int sig)
{
	stop_signal = sig;
}

int tc_fastcgi_listening(void)
{
	/* SO_ACCEPTCONN says exactly "a listening socket", where libfcgi's
	 * FCGX_IsCGI() takes any socket without a peer for one, and would
	 * first initialise the library (signal handlers included) in every
	 * command-line run. */
	int v = 0;
	socklen_t len = sizeof v;
	return getsockopt(STDIN_FILENO, SOL_SOCKET, SO_ACCEPTCONN, &v, &len) == 0 && v;
}

/* The parameters of a request, copied: a request answered by the time
 * limit is finished (its parameters freed) by another thread while the
 * search goes on. */
typedef struct request_copy {
	char method[16];
	char qs[TC_CGI_QS_MAX + 2];
	char script[1026];
	char https[8];
	char host[300];
	char server_name[300];
	char port[8];
	tc_cgi_request req;
} request_copy;

/* Copy a parameter that fits; one too long for its field is absent (the
 * page then uses its default, as for a missing one). */
static const char *copy_param(FCGX_Request *r, const char *name, char *buf, size_t cap)
{
	const char *v = FCGX_GetParam(name, r->envp);
	if (!v)
		return NULL;
	size_t n = strlen(v);
	if (n >= cap)
		return NULL;
	memcpy(buf, v, n + 1);
	return buf;
}

static void copy_request(FCGX_Request *r, request_copy *c)
{
	memset(&c->req, 0, sizeof c->req);
	c->req.method = copy_param(r, "REQUEST_METHOD", c->method, sizeof c->method);
	if (!c->req.method && FCGX_GetParam("REQUEST_METHOD", r->envp))
		c->req.method = "(too long)"; /* answered 405 like any other */
	const char *qs = FCGX_GetParam("QUERY_STRING", r->envp);
	if (qs) {
		/* One byte more than the parser takes is enough for it to
		 * answer 400 "too long". */
		size_t n = strnlen(qs, TC_CGI_QS_MAX + 1);
		memcpy(c->qs, qs, n);
		c->qs[n] = '\0';
		c->req.query_string = c->qs;
		c->req.query_string_len = n;
	}
	c->req.script_name = copy_param(r, "SCRIPT_NAME", c->script, sizeof c->script);
	c->req.https = copy_param(r, "HTTPS", c->https, sizeof c->https);
	c->req.host = copy_param(r, "HTTP_HOST", c->host, sizeof c->host);
	c->req.server_name = copy_param(r, "SERVER_NAME", c->server_name, sizeof c->server_name);
	c->req.server_port = copy_param(r, "SERVER_PORT", c->port, sizeof c->port);
}

static int fcgi_write(void *ctx, const char *p, size_t n)
{
	FCGX_Request *r = ctx;
	while (n) {
		int chunk = n > INT_MAX ? INT_MAX : (int)n;
		if (FCGX_PutStr(p, chunk, r->out) != chunk)
			return 1;
		p += chunk;
		n -= (size_t)chunk;
	}
	return 0;
}

static void fcgi_finish(void *ctx)
{
	FCGX_Finish_r(ctx);
}

static void log_stats(const tc_cgi_site *site, int sig)
{
	tc_cgi_stats st;
	tc_cgi_site_get_stats(site, &st);
	fprintf(stderr,
		"tracuu-search (fastcgi): stopping on signal %d after %ju requests: %ju searches, "
		"cache %ju hits, %ju misses, %ju drops, %zu entries in %zu bytes; %ju answered 503, "
		"%ju past the time limit\n",
		sig, (uintmax_t)st.requests, (uintmax_t)st.searches, (uintmax_t)st.cache_hits,
		(uintmax_t)st.cache_misses, (uintmax_t)st.cache_drops, st.cache_entries, st.cache_bytes,
		(uintmax_t)st.errors_503, (uintmax_t)st.timeouts);
}

int tc_fastcgi_main(void)
{
	/* SA_RESTART: a stop signal must not cut a read or write of the
	 * request in hand short (libfcgi does not retry on EINTR); poll()
	 * returns EINTR all the same, and accept() never waits (below). */
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	/* A client gone away is a failed write, not the end of the service. */
	signal(SIGPIPE, SIG_IGN);

	if (FCGX_Init() != 0) {
		fprintf(stderr, "tracuu-search (fastcgi): cannot initialise libfcgi\n");
		return 1;
	}
	tc_cgi_site *site;
	if (tc_cgi_site_new(1, &site) != TC_OK) {
		fprintf(stderr, "tracuu-search (fastcgi): out of memory\n");
		return 1;
	}
	FCGX_Request rq;
	if (FCGX_InitRequest(&rq, STDIN_FILENO, FCGI_FAIL_ACCEPT_ON_INTR) != 0) {
		fprintf(stderr, "tracuu-search (fastcgi): cannot initialise a request\n");
		tc_cgi_site_free(site);
		return 1;
	}
	/* Several processes share the socket (max-procs, spawn-fcgi -F): all
	 * wake for one connection and one gets it.  A non-blocking socket
	 * sends the others back to poll(), where a stop signal is seen,
	 * instead of into an accept() that waits for the next connection.
	 * Accepted connections do not inherit the flag (Linux). */
	int fl = fcntl(STDIN_FILENO, F_GETFL);
	if (fl < 0 || fcntl(STDIN_FILENO, F_SETFL, fl | O_NONBLOCK) != 0)
		fprintf(stderr, "tracuu-search (fastcgi): cannot make the socket non-blocking: %s\n",
			strerror(errno));
	static request_copy copy;
	int rc = 0;
	unsigned failures = 0;
	while (!stop_signal) {
		struct pollfd pf = {STDIN_FILENO, POLLIN, 0};
		int ready = poll(&pf, 1, IDLE_POLL_MS);
		if (ready < 0 && errno != EINTR) {
			fprintf(stderr, "tracuu-search (fastcgi): waiting for requests: %s\n", strerror(errno));
			rc = 1;
			break;
		}
		if (ready <= 0) {
			if (!stop_signal)
				tc_cgi_site_idle(site);
			continue;
		}
		if (FCGX_Accept_r(&rq) < 0) {
			if (stop_signal)
				break;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				continue; /* another process took it */
			if (++failures % 100 == 1)
				fprintf(stderr, "tracuu-search (fastcgi): cannot accept a request: %s\n",
					strerror(errno));
			struct timespec pause = {0, 10 * 1000000L};
			nanosleep(&pause, NULL);
			continue;
		}
		failures = 0;
		copy_request(&rq, &copy);
		tc_cgi_out out = {fcgi_write, fcgi_finish, &rq};
		if (tc_cgi_site_serve(site, &copy.req, &out) != 0)
			fprintf(stderr, "tracuu-search (fastcgi): cannot write the response\n");
		FCGX_Finish_r(&rq);
	}
	log_stats(site, (int)stop_signal);
	FCGX_Free(&rq, 1);
	tc_cgi_site_free(site);
	return rc;
}
