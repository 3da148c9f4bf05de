/*
 * fuzz_cgi.c - the search page's query-string parser (searcher/cgi_params.h)
 * and the pages written from what it accepts (searcher/page.h): every byte a
 * web client can send.
 *
 * Invariants: the parser accepts or fails with TC_ERR_USAGE naming a
 * parameter; what it accepts is in range (q valid UTF-8 of at most 512
 * bytes, page 1..1000, n 1..100, real dates in order, a plain host, a known
 * format); the home page and an error page written with those values never
 * contain markup from the request: no '<' of the input survives, so no
 * "<script", "<svg" or "<img" appear other than where the page puts them
 * (it puts none).
 *
 * The same bytes, NUL-terminated, are also a Host header, a server name and
 * a configured base URL (tc_cgi_link_base, tc_cgi_base_url): the link base
 * is always scheme://authority with only host-name characters, and a
 * configured base is used only when it checks.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgi_params.h"
#include "fuzz_util.h"
#include "page.h"
#include "tc_ascii.h"
#include "tc_banned.h"

static int has_ci(const char *hay, size_t n, const char *needle)
{
	size_t m = strlen(needle);
	for (size_t i = 0; i + m <= n; i++) {
		size_t k = 0;
		while (k < m && tc_ascii_tolower(TC_BYTE(hay[i + k])) == needle[k])
			k++;
		if (k == m)
			return 1;
	}
	return 0;
}

static void check_page(const tc_cgi_params *p, int error)
{
	char *body = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&body, &len);
	FUZZ_CHECK(out != NULL);
	tc_page pg = {p, "/search", "http://127.0.0.1", NULL, NULL, NULL};
	if (error)
		tc_page_error(out, &pg, "Lỗi", "thông báo");
	else
		tc_page_html(out, &pg);
	FUZZ_CHECK(fclose(out) == 0);
	FUZZ_CHECK(!has_ci(body, len, "<script"));
	FUZZ_CHECK(!has_ci(body, len, "<svg"));
	FUZZ_CHECK(!has_ci(body, len, "<img"));
	FUZZ_CHECK(!has_ci(body, len, "<iframe"));
	free(body);
}

/* A link base: http(s)://, then only what a host, an IPv6 address and a
 * port are made of. */
static void check_link_base(const char *b)
{
	size_t skip = !strncmp(b, "https://", 8) ? 8 : !strncmp(b, "http://", 7) ? 7 : 0;
	FUZZ_CHECK(skip > 0 && b[skip] != '\0');
	for (const char *c = b + skip; *c; c++)
		FUZZ_CHECK((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
			   *c == '.' || *c == '-' || *c == ':' || *c == '[' || *c == ']');
}

static void check_links(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	FUZZ_CHECK(s != NULL);
	memcpy(s, data, size);
	s[size] = '\0';
	char out[600];
	int from_request;
	tc_cgi_link_base(NULL, "on", s, s, s, out, sizeof out, &from_request);
	FUZZ_CHECK(from_request == 1);
	check_link_base(out);
	tc_cgi_link_base(NULL, NULL, "example.vn", s, s, out, sizeof out, &from_request);
	check_link_base(out);
	char base[300];
	if (tc_cgi_base_url(s, base, sizeof base)) {
		check_link_base(base);
		tc_cgi_link_base(base, NULL, s, s, s, out, sizeof out, &from_request);
		FUZZ_CHECK(from_request == 0 && !strcmp(out, base));
	}
	free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_links(data, size);
	static tc_cgi_params p;
	tc_err err = {{0}};
	tc_status st = tc_cgi_params_parse((const char *)data, size, &p, &err);
	if (st != TC_OK) {
		FUZZ_CHECK(st == TC_ERR_USAGE);
		FUZZ_CHECK(p.bad_param[0] != '\0');
		FUZZ_CHECK(err.msg[0] != '\0');
		check_page(&p, 1);
		return 0;
	}
	FUZZ_CHECK(p.q_len <= TC_CGI_Q_MAX && p.q[p.q_len] == '\0');
	FUZZ_CHECK(strlen(p.q) == p.q_len);
	size_t ncp;
	FUZZ_CHECK(fuzz_utf8_valid(p.q, p.q_len, &ncp));
	FUZZ_CHECK(p.page >= 1 && p.page <= TC_CGI_PAGE_MAX);
	FUZZ_CHECK(p.n >= 1 && p.n <= TC_CGI_N_MAX);
	FUZZ_CHECK(!p.from[0] || (strlen(p.from) == 10 && strlen(p.from_ymd) == 8));
	FUZZ_CHECK(!p.to[0] || (strlen(p.to) == 10 && strlen(p.to_ymd) == 8));
	FUZZ_CHECK(!p.from[0] || !p.to[0] || strcmp(p.from_ymd, p.to_ymd) <= 0);
	for (const char *c = p.site; *c; c++)
		FUZZ_CHECK((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '.' || *c == '-');
	FUZZ_CHECK(p.format <= TC_CGI_OPENSEARCH);
	check_page(&p, 0);
	return 0;
}
