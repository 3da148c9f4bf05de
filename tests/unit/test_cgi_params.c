/*
 * test_cgi_params.c - the search page's query-string parser
 * (searcher/cgi_params.h) and the escapers every page goes through
 * (searcher/page.h).
 *
 * Contract under test: valid values are decoded and checked into range
 * (n clamped, not refused); a malformed one fails with TC_ERR_USAGE and
 * names its parameter; unknown parameters are ignored and the last of a
 * repeated one counts; HTML and URL escaping leave nothing that could open
 * markup or end an attribute.
 */
#include "unit_test.h"

#include <stdio.h>

#include "cgi_params.h"
#include "page.h"
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

typedef struct escape_row {
	const char *name;
	const char *in;
	const char *html, *url;
} escape_row;

static const escape_row escape_rows[] = {
	{"plain", "abc", "abc", "abc"},
	{"markup", "<script>", "&lt;script&gt;", "%3Cscript%3E"},
	{"quotes", "\"x' ", "&quot;x&#39; ", "%22x%27%20"},
	{"ampersand", "a&b=c", "a&amp;b=c", "a%26b%3Dc"},
	{"vietnamese", "đô", "đô", "%C4%91%C3%B4"},
	{"unreserved", "a-b.c_d~e", "a-b.c_d~e", "a-b.c_d~e"},
	{"javascript", "javascript:alert(1)", "javascript:alert(1)", "javascript%3Aalert%281%29"},
};

static char *render(void (*fn)(FILE *, const char *, size_t), const char *s)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	assert_non_null(f);
	fn(f, s, strlen(s));
	assert_int_equal(fclose(f), 0);
	return out;
}

static void test_escape(void **state)
{
	(void)state;
	int nfail = 0;
	for (size_t i = 0; i < N_ROWS(escape_rows); i++) {
		const escape_row *r = &escape_rows[i];
		char *h = render(tc_html_put, r->in), *u = render(tc_url_put, r->in);
		if (strcmp(h, r->html) || strcmp(u, r->url))
			ROW_FAIL(nfail, r->name, "html '%s' url '%s'", h, u);
		free(h);
		free(u);
	}
	ROWS_DONE(nfail, N_ROWS(escape_rows));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_oversized),
		cmocka_unit_test(test_escape),
	};
	return cmocka_run_group_tests_name("cgi_params", tests, NULL, NULL);
}
