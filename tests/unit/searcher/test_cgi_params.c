/*
 * test_cgi_params.c - the search page's query-string parser and link base
 * (searcher/cgi_params.h).
 *
 * Contract under test: valid values are decoded and checked into range
 * (n clamped, not refused); a malformed one fails with TC_ERR_USAGE and
 * names its parameter; unknown parameters are ignored and the last of a
 * repeated one counts; the page's absolute links come from the configured
 * base URL or a checked Host.  The escapers are test_page.c's, the checked
 * parsers the command line shares test_params.c's.
 */
#include "unit_test.h"

#include <stdio.h>

#include "cgi_params.h"
#include "tc_banned.h"

typedef struct parse_row {
	const char *name;
	const char *qs;
	const char *bad;     /* NULL: accepted; else the parameter named */
	const char *q;       /* expected q when accepted */
	uint32_t page, n;
	const char *from, *to, *site;
	int sort_date;
	tc_cgi_format format;
} parse_row;

static const parse_row parse_rows[] = {
	{"empty", "", NULL, "", 1, 10, "", "", "", 0, TC_CGI_HTML},
	{"plus is space", "q=thu+do", NULL, "thu do", 1, 10, "", "", "", 0, TC_CGI_HTML},
	{"percent utf-8", "q=th%E1%BB%A7+%C4%91%C3%B4", NULL, "thủ đô", 1, 10, "", "", "", 0, TC_CGI_HTML},
	{"every parameter",
	 "q=a&page=3&n=20&from=2020-01-01&to=2020-12-31&site=Baomoi.COM&sort=date&format=json", NULL,
	 "a", 3, 20, "2020-01-01", "2020-12-31", "baomoi.com", 1, TC_CGI_JSON},
	{"n clamped low", "n=0", NULL, "", 1, 1, "", "", "", 0, TC_CGI_HTML},
	{"n clamped high", "n=5000", NULL, "", 1, 100, "", "", "", 0, TC_CGI_HTML},
	{"unknown ignored", "x=%ZZ&q=b&utm_source=<x>", NULL, "b", 1, 10, "", "", "", 0, TC_CGI_HTML},
	{"last one counts", "q=a&q=b&page=2&page=4", NULL, "b", 4, 10, "", "", "", 0, TC_CGI_HTML},
	{"empty value is absent", "q=&page=&from=&site=", NULL, "", 1, 10, "", "", "", 0, TC_CGI_HTML},
	{"semicolon separates", "q=a;format=rss", NULL, "a", 1, 10, "", "", "", 0, TC_CGI_RSS},
	{"opensearch", "format=opensearch", NULL, "", 1, 10, "", "", "", 0, TC_CGI_OPENSEARCH},
	{"replacement char is fine", "q=%EF%BF%BD", NULL, "\xEF\xBF\xBD", 1, 10, "", "", "", 0, TC_CGI_HTML},
	{"page 0", "page=0", "page", NULL, 0, 0, NULL, NULL, NULL, 0, 0},
	{"page 1001", "page=1001", "page", NULL, 0, 0, NULL, NULL, NULL, 0, 0},
	{"page words", "page=two", "page", NULL, 0, 0, NULL, NULL, NULL, 0, 0},
	{"page negative", "page=-1", "page", NULL, 0, 0, NULL, NULL, NULL, 0, 0},
	{"n words", "n=ten", "n", NULL, 0, 0, NULL, NULL, NULL, 0, 0},
	{"n huge digits", "n=99999999999", NULL, "", 1, 100, "", "", "", 0, TC_CGI_HTML},
	{"n leading zeros", "n=0007", NULL, "", 1, 7, "", "", "", 0, TC_CGI_HTML},
	{"n signed", "n=-5", "n", NULL, 0, 0, NULL, NULL, NULL, 0, 0},
	{"n with a space before", "n=%205", "n", NULL, 0, 0, NULL, NULL, NULL, 0, 0},
	{"n with a space after", "n=5%20", "n", NULL, 0, 0, NULL, NULL, NULL, 0, 0},
	{"page with a space before", "page=%202", "page", NULL, 0, 0, NULL, NULL, NULL, 0, 0},
	{"site starting with a dot", "site=.example.vn", "site", NULL, 0, 0, NULL, NULL, NULL, 0, 0},
	{"site of 240 bytes is a host", "site=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	 NULL, "", 1, 10, "", "",
	 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	 0, TC_CGI_HTML},
	{"not a day", "from=2021-02-29", "from", NULL, 0, 0, NULL, NULL, NULL, 0, 0},
	{"day format", "to=2021-2-3", "to", NULL, 0, 0, NULL, NULL, NULL, 0, 0},
	{"from after to", "from=2021-05-01&to=2021-01-01", "from", NULL, 0, 0, NULL, NULL, NULL, 0, 0},
	{"site markup", "site=%3Csvg%3E", "site", NULL, 0, 0, NULL, NULL, NULL, 0, 0},
	{"site space", "site=a+b", "site", NULL, 0, 0, NULL, NULL, NULL, 0, 0},
	{"sort other", "sort=random", "sort", NULL, 0, 0, NULL, NULL, NULL, 0, 0},
	{"format other", "format=xml", "format", NULL, 0, 0, NULL, NULL, NULL, 0, 0},
	{"bad escape", "q=%G1", "q", NULL, 0, 0, NULL, NULL, NULL, 0, 0},
	{"cut escape", "q=a%4", "q", NULL, 0, 0, NULL, NULL, NULL, 0, 0},
	{"nul byte", "q=a%00b", "q", NULL, 0, 0, NULL, NULL, NULL, 0, 0},
	{"invalid utf-8", "q=%C3%28", "q", NULL, 0, 0, NULL, NULL, NULL, 0, 0},
	{"overlong utf-8", "q=%C0%AF", "q", NULL, 0, 0, NULL, NULL, NULL, 0, 0},
};

static void test_parse(void **state)
{
	(void)state;
	int nfail = 0;
	for (size_t i = 0; i < N_ROWS(parse_rows); i++) {
		const parse_row *r = &parse_rows[i];
		char *qs = unit_exact_copy(r->qs, strlen(r->qs));
		static tc_cgi_params p;
		tc_err err = {{0}};
		tc_status st = tc_cgi_params_parse(qs, strlen(r->qs), &p, &err);
		free(qs);
		if (r->bad) {
			if (st != TC_ERR_USAGE || strcmp(p.bad_param, r->bad) != 0 || !strstr(err.msg, r->bad))
				ROW_FAIL(nfail, r->name, "want a 400 naming %s, got %d '%s' (%s)", r->bad, st,
					 p.bad_param, err.msg);
			continue;
		}
		if (st != TC_OK) {
			ROW_FAIL(nfail, r->name, "refused: %s", err.msg);
			continue;
		}
		if (strcmp(p.q, r->q) || p.q_len != strlen(r->q) || p.page != r->page || p.n != r->n ||
		    strcmp(p.from, r->from) || strcmp(p.to, r->to) || strcmp(p.site, r->site) ||
		    p.sort_date != r->sort_date || p.format != r->format)
			ROW_FAIL(nfail, r->name, "got q='%s' page=%u n=%u from='%s' to='%s' site='%s' sort=%d format=%d",
				 p.q, p.page, p.n, p.from, p.to, p.site, p.sort_date, (int)p.format);
	}
	ROWS_DONE(nfail, N_ROWS(parse_rows));
}

static void test_oversized(void **state)
{
	(void)state;
	static tc_cgi_params p;
	tc_err err = {{0}};
	char qs[TC_CGI_QS_MAX + 8];
	/* q of exactly 512 bytes passes, 513 does not. */
	memcpy(qs, "q=", 2);
	memset(qs + 2, 'a', TC_CGI_Q_MAX);
	assert_int_equal(tc_cgi_params_parse(qs, 2 + TC_CGI_Q_MAX, &p, &err), TC_OK);
	assert_int_equal(p.q_len, TC_CGI_Q_MAX);
	qs[2 + TC_CGI_Q_MAX] = 'a';
	assert_int_equal(tc_cgi_params_parse(qs, 3 + TC_CGI_Q_MAX, &p, &err), TC_ERR_USAGE);
	assert_string_equal(p.bad_param, "q");
	/* The whole query string has a cap too, whatever is in it. */
	memset(qs, 'x', sizeof qs);
	assert_int_equal(tc_cgi_params_parse(qs, TC_CGI_QS_MAX + 1, &p, &err), TC_ERR_USAGE);
}

/* The page's absolute links: configured, or from a checked Host. */
typedef struct link_row {
	const char *name;
	const char *configured, *https, *host, *server_name, *port;
	const char *want;
	int from_request;
} link_row;

static const link_row link_rows[] = {
	{"configured wins", "https://tracuu.example.gov.vn", NULL, "evil.com", "x", "80",
	 "https://tracuu.example.gov.vn", 0},
	{"plain Host", NULL, NULL, "tracuu.example.vn", NULL, "80", "http://tracuu.example.vn", 1},
	{"Host with its port", NULL, "on", "tracuu.example.vn:8443", NULL, "443",
	 "https://tracuu.example.vn:8443", 1},
	{"Host without port, other SERVER_PORT", NULL, NULL, "tracuu.example.vn", NULL, "8080",
	 "http://tracuu.example.vn:8080", 1},
	{"default port not added", NULL, "1", "tracuu.example.vn", NULL, "443", "https://tracuu.example.vn", 1},
	{"IPv6 with its port: SERVER_PORT not added", NULL, "on", "[::1]:80", NULL, "8443", "https://[::1]:80", 1},
	{"IPv6 without port", NULL, NULL, "[::1]", NULL, "8080", "http://[::1]:8080", 1},
	{"port not a number", NULL, NULL, "evil.com:abc", "127.0.0.1", "80", "http://127.0.0.1", 1},
	{"port too big", NULL, NULL, "evil.com:65536", "127.0.0.1", "80", "http://127.0.0.1", 1},
	{"port 0", NULL, NULL, "evil.com:0", "127.0.0.1", "80", "http://127.0.0.1", 1},
	{"two ports", NULL, NULL, "a.vn:80:8443", "127.0.0.1", "80", "http://127.0.0.1", 1},
	{"markup in Host", NULL, NULL, "a\"><script>", "srv.example.vn", "80", "http://srv.example.vn", 1},
	{"path in Host", NULL, NULL, "evil.com/x", "srv.example.vn", "80", "http://srv.example.vn", 1},
	{"bad IPv6", NULL, NULL, "[::g]", "srv.example.vn", "80", "http://srv.example.vn", 1},
	{"no Host", NULL, NULL, NULL, "srv.example.vn", NULL, "http://srv.example.vn", 1},
	{"SERVER_NAME with a port is not used", NULL, NULL, NULL, "srv.example.vn:81", "80", "http://localhost", 1},
	{"nothing usable", NULL, NULL, "", "", "x", "http://localhost", 1},
	{"SERVER_PORT not a number", NULL, NULL, "a.vn", NULL, "80x", "http://a.vn", 1},
};

typedef struct base_row {
	const char *in, *out; /* out NULL: refused */
} base_row;

static const base_row base_rows[] = {
	{"https://tracuu.example.gov.vn", "https://tracuu.example.gov.vn"},
	{"https://tracuu.example.gov.vn/", "https://tracuu.example.gov.vn"},
	{"http://[::1]:8443/", "http://[::1]:8443"},
	{"http://tracuu.example.vn:8080", "http://tracuu.example.vn:8080"},
	{"https://tracuu.example.gov.vn/search", NULL},
	{"https://", NULL},
	{"ftp://tracuu.example.vn", NULL},
	{"javascript:alert(1)", NULL},
	{"https://a.vn:abc", NULL},
	{"https://a.vn?x", NULL},
	{"tracuu.example.vn", NULL},
};

static void test_link_base(void **state)
{
	(void)state;
	int nfail = 0;
	for (size_t i = 0; i < N_ROWS(link_rows); i++) {
		const link_row *r = &link_rows[i];
		char out[600];
		int from = -1;
		tc_cgi_link_base(r->configured, r->https, r->host, r->server_name, r->port, out, sizeof out,
				 &from);
		if (strcmp(out, r->want) != 0 || from != r->from_request)
			ROW_FAIL(nfail, r->name, "got '%s' from_request %d", out, from);
	}
	for (size_t i = 0; i < N_ROWS(base_rows); i++) {
		const base_row *r = &base_rows[i];
		char out[300] = "untouched";
		int ok = tc_cgi_base_url(r->in, out, sizeof out);
		if (ok != (r->out != NULL) || (ok && strcmp(out, r->out) != 0) ||
		    (!ok && strcmp(out, "untouched") != 0))
			ROW_FAIL(nfail, r->in, "base: ok %d '%s'", ok, out);
	}
	ROWS_DONE(nfail, N_ROWS(link_rows) + N_ROWS(base_rows));
}

/* cat=: a category as given (valid UTF-8, at most TC_CGI_CAT_MAX bytes). */
static void test_cat(void **state)
{
	(void)state;
	static const struct {
		const char *qs;
		const char *cat; /* NULL: refused, naming "cat" */
	} rows[] = {
		{"q=a&cat=x%C3%A3+h%E1%BB%99i", "xã hội"},
		{"cat=sport&cat=health", "health"},
		{"cat=sport&cat=", ""},
		{"q=a", ""},
		{"cat=%FF", NULL},
		{"cat=%C3", NULL},
	};
	int nfail = 0;
	for (size_t r = 0; r < N_ROWS(rows); r++) {
		tc_cgi_params p;
		tc_err err;
		tc_status st = tc_cgi_params_parse(rows[r].qs, strlen(rows[r].qs), &p, &err);
		if (rows[r].cat && (st != TC_OK || strcmp(p.cat, rows[r].cat)))
			ROW_FAIL(nfail, rows[r].qs, "status %d, cat \"%s\", want \"%s\"", st, p.cat, rows[r].cat);
		if (!rows[r].cat && (st != TC_ERR_USAGE || strcmp(p.bad_param, "cat")))
			ROW_FAIL(nfail, rows[r].qs, "status %d, bad \"%s\", want a refusal of cat", st,
				 p.bad_param);
	}
	/* One byte over the cap is refused; at the cap it is taken. */
	char qs[8 + 3 * (TC_CGI_CAT_MAX + 1) + 1];
	for (int over = 0; over < 2; over++) {
		size_t k = (size_t)snprintf(qs, sizeof qs, "cat=");
		for (int i = 0; i < TC_CGI_CAT_MAX + over; i++)
			qs[k++] = 'a';
		qs[k] = '\0';
		tc_cgi_params p;
		tc_err err;
		tc_status st = tc_cgi_params_parse(qs, k, &p, &err);
		if ((st == TC_OK) != !over)
			ROW_FAIL(nfail, over ? "257 bytes" : "256 bytes", "status %d", st);
	}
	ROWS_DONE(nfail, N_ROWS(rows) + 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cat),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_oversized),
		cmocka_unit_test(test_link_base),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
