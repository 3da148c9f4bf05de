/*
 * fuzz_serve.c - a whole request to the search page (searcher/cgi.h), as a
 * FastCGI process keeps answering them: method, query string, Host and
 * script name from the input, answered by one persistent site without an
 * index (so a search is a 503, and nothing is cached).
 *
 * Input: the first byte picks the method (GET, HEAD, POST, none); the rest
 * is split at NUL bytes into the query string, Host, SCRIPT_NAME, HTTPS.
 *
 * Invariants: every request gets exactly one response; it starts with
 * "Status: NNN " of 200, 400, 405 or 503, has a Content-Length equal to the
 * body's length (0 bytes of body for HEAD), a blank line after the headers,
 * and no header line holds a byte of the request outside what the page
 * allows (no CR or LF injected: every header line is a known one).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgi.h"
#include "fuzz_util.h"
#include "tc_banned.h"

typedef struct sink {
	char *data;
	size_t len, cap;
	int writes;
} sink;

static int sink_write(void *ctx, const char *p, size_t n)
{
	sink *s = ctx;
	if (s->len + n + 1 > s->cap) {
		size_t cap = (s->len + n + 1) * 2;
		char *d = realloc(s->data, cap);
		FUZZ_CHECK(d != NULL);
		s->data = d;
		s->cap = cap;
	}
	memcpy(s->data + s->len, p, n);
	s->len += n;
	s->data[s->len] = '\0';
	s->writes++;
	return 0;
}

static void sink_finish(void *ctx)
{
	(void)ctx;
	FUZZ_CHECK(0); /* no time limit fires without a search */
}

static const char *const KNOWN[] = {"Status: ", "Content-Type: ", "Content-Length: ",
				    "Content-Security-Policy: ", "X-Content-Type-Options: ",
				    "Referrer-Policy: ", "Allow: ", "Retry-After: ",
				    "Cache-Control: "};

static void check_response(const sink *s, int head)
{
	FUZZ_CHECK(s->writes == 1);
	FUZZ_CHECK(s->len > 8 && !strncmp(s->data, "Status: ", 8));
	int status = (int)strtol(s->data + 8, NULL, 10);
	FUZZ_CHECK(status == 200 || status == 400 || status == 405 || status == 503);
	const char *end = strstr(s->data, "\r\n\r\n");
	FUZZ_CHECK(end != NULL);
	size_t head_len = (size_t)(end - s->data) + 4;
	const char *cl = strstr(s->data, "\r\nContent-Length: ");
	FUZZ_CHECK(cl != NULL && cl < end);
	size_t declared = (size_t)strtoull(cl + 18, NULL, 10);
	size_t body = s->len - head_len;
	FUZZ_CHECK(head ? body == 0 : body == declared);
	for (const char *line = s->data; line < end; line = strstr(line, "\r\n") + 2) {
		int known = 0;
		for (size_t i = 0; i < sizeof KNOWN / sizeof *KNOWN; i++)
			known |= !strncmp(line, KNOWN[i], strlen(KNOWN[i]));
		FUZZ_CHECK(known);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static tc_cgi_site *site;
	if (!site) {
		/* No index anywhere: searches answer 503 and are not cached. */
		setenv("TRACUU_CONFIG", "/dev/null", 1);
		unsetenv("TRACUU_DB");
		unsetenv("TRACUU_BASE_URL");
		FUZZ_CHECK(tc_cgi_site_new(1, &site) == TC_OK);
	}
	if (size == 0)
		return 0;
	static const char *const METHODS[] = {"GET", "HEAD", "POST", NULL};
	const char *method = METHODS[data[0] % 4];
	char *copy = malloc(size);
	FUZZ_CHECK(copy != NULL);
	memcpy(copy, data + 1, size - 1);
	copy[size - 1] = '\0';
	/* Fields at NULs: query string, Host, SCRIPT_NAME, HTTPS. */
	const char *field[4] = {NULL, NULL, NULL, NULL};
	size_t qs_len = 0;
	char *p = copy;
	char *stop = copy + size - 1;
	for (int i = 0; i < 4 && p <= stop; i++) {
		field[i] = p;
		size_t n = strlen(p);
		if (i == 0)
			qs_len = n;
		p += n + 1;
	}
	tc_cgi_request req = {method, field[0], qs_len, field[2], field[3], field[1], "127.0.0.1", "80"};
	sink s = {NULL, 0, 0, 0};
	tc_cgi_out out = {sink_write, sink_finish, &s};
	FUZZ_CHECK(tc_cgi_site_serve(site, &req, &out) == 0);
	check_response(&s, method && !strcmp(method, "HEAD"));
	free(s.data);
	free(copy);
	return 0;
}
