/*
 * test_page.c - the escapers every search page goes through
 * (searcher/page.h): HTML and URL escaping leave nothing that could open
 * markup or end an attribute, nor any character XML 1.0 forbids.
 */
#include "unit_test.h"

#include <stdio.h>

#include "page.h"
#include "tc_banned.h"

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
	/* What XML 1.0 forbids becomes U+FFFD; tab, LF and CR stay. */
	{"C0 control", "thu\001do", "thu\xEF\xBF\xBD" "do", "thu%01do"},
	{"escape and vertical tab", "a\033b\013c", "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c", "a%1Bb%0Bc"},
	{"tab, LF, CR kept", "a\tb\nc\rd", "a\tb\nc\rd", "a%09b%0Ac%0Dd"},
	{"DEL and C1", "a\x7F" "b\xC2\x85" "c", "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c", "a%7Fb%C2%85c"},
	{"U+FFFE", "x\xEF\xBF\xBEy", "x\xEF\xBF\xBDy", "x%EF%BF%BEy"},
	{"U+FFFF", "x\xEF\xBF\xBFy", "x\xEF\xBF\xBDy", "x%EF%BF%BFy"},
	{"plane 1 noncharacter", "\xF0\x9F\xBF\xBE", "\xEF\xBF\xBD", "%F0%9F%BF%BE"},
	{"U+FDD0", "\xEF\xB7\x90", "\xEF\xBF\xBD", "%EF%B7%90"},
	{"invalid byte", "a\xFF" "b", "a\xEF\xBF\xBD" "b", "a%FFb"},
	{"U+FFFD itself kept", "\xEF\xBF\xBD", "\xEF\xBF\xBD", "%EF%BF%BD"},
	{"emoji kept", "\xF0\x9F\x98\x80", "\xF0\x9F\x98\x80", "%F0%9F%98%80"},
	{"markup next to a control", "<\001>", "&lt;\xEF\xBF\xBD&gt;", "%3C%01%3E"},
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
		cmocka_unit_test(test_escape),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
