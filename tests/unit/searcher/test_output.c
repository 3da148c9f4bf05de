/*
 * test_output.c - results for people and for programs (searcher/output.h,
 * docs/SEARCH.md "JSON").
 *
 * A results set is made by hand (two hits, one without a date or a title,
 * with snippet spans) and rendered: the JSON is parsed back and every field
 * compared; the text rendering is compared line by line, with and without
 * the terminal's bold marks.
 */
#include "unit_test.h"

#include <json-c/json.h>
#include <stdio.h>

#include "output.h"
#include "tc_banned.h"

static tc_str S(const char *s)
{
	return (tc_str){s, strlen(s)};
}

/* Two hits: an article with everything, a page with only its URL. */
static void make_results(tc_results *res, tc_hit hits[2])
{
	tc_results_init(res);
	memset(hits, 0, 2 * sizeof *hits);
	hits[0].rank = 1;
	hits[0].match = TC_MATCH_WORDS;
	hits[0].score = 2.5;
	hits[0].a.url = S("https://hanoi.gov.vn/tin/1.html");
	hits[0].a.title = S("Thủ đô đón không khí lạnh");
	hits[0].a.date = S("2024-01-08");
	hits[0].a.source = S("hanoi.gov.vn");
	tc_snippet_init(&hits[0].snippet);
	assert_int_equal(tc_buf_append_str(&hits[0].snippet.text, "Sáng nay, Thủ đô \"lạnh\""), TC_OK);
	hits[0].snippet.spans[0] = (tc_span){11, 16}; /* Thủ */
	hits[0].snippet.spans[1] = (tc_span){17, 21}; /* đô */
	hits[0].snippet.nspans = 2;
	hits[1].rank = 2;
	hits[1].match = TC_MATCH_SOME;
	hits[1].score = 0.5;
	hits[1].a.url = S("https://a.vn/x");
	tc_snippet_init(&hits[1].snippet);
	res->hits = hits;
	res->n = 2;
	res->total = 2;
	res->total_exact = 1;
	res->relaxed = 1;
	res->took_ms = 1.25;
}

static void release_results(tc_hit hits[2])
{
	tc_snippet_release(&hits[0].snippet);
	tc_snippet_release(&hits[1].snippet);
}

/* Run render into a string (caller frees). */
static char *capture(void (*render)(FILE *, const tc_results *), const tc_results *res)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	render(f, res);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static void json_render(FILE *f, const tc_results *res)
{
	assert_int_equal(tc_output_json(f, "thu do \"x\"", 10, res), TC_OK);
}

static void text_plain(FILE *f, const tc_results *res)
{
	tc_output_text(f, "thu do", res, 0);
}

static void text_color(FILE *f, const tc_results *res)
{
	tc_output_text(f, "thu do", res, 1);
}

static const char *field(json_object *o, const char *path)
{
	json_object *v = o;
	char key[64];
	for (const char *p = path; *p;) {
		size_t k = strcspn(p, ".");
		snprintf(key, sizeof key, "%.*s", (int)k, p);
		if (key[0] >= '0' && key[0] <= '9')
			v = json_object_array_get_idx(v, (size_t)strtoul(key, NULL, 10));
		else if (!json_object_object_get_ex(v, key, &v))
			return "(absent)";
		p += k + (p[k] == '.');
	}
	return v ? json_object_get_string(v) : "null";
}

static void test_json(void **state)
{
	(void)state;
	tc_results res;
	tc_hit hits[2];
	make_results(&res, hits);
	char *out = capture(json_render, &res);
	assert_null(strchr(out, '\n')); /* one line */
	json_object *o = json_tokener_parse(out);
	if (!o)
		fail_msg("not JSON: %s", out);
	static const struct {
		const char *path, *want;
	} rows[] = {
		{"query", "thu do \"x\""},
		{"total", "2"},
		{"total_exact", "true"},
		{"relaxed", "true"},
		{"truncated", "(absent)"},
		{"facets", "(absent)"},
		{"results.0.rank", "1"},
		{"results.0.url", "https://hanoi.gov.vn/tin/1.html"},
		{"results.0.title", "Thủ đô đón không khí lạnh"},
		{"results.0.date", "2024-01-08"},
		{"results.0.source", "hanoi.gov.vn"},
		{"results.0.match", "words"},
		{"results.0.snippet", "Sáng nay, Thủ đô \"lạnh\""},
		{"results.0.highlights.0.0", "11"},
		{"results.0.highlights.0.1", "16"},
		{"results.0.highlights.1.0", "17"},
		{"results.1.date", "null"},
		{"results.1.title", ""},
		{"results.1.match", "some"},
		{"results.1.snippet", ""},
	};
	int nfail = 0;
	for (size_t i = 0; i < N_ROWS(rows); i++) {
		const char *got = field(o, rows[i].path);
		if (strcmp(got, rows[i].want) != 0)
			ROW_FAIL(nfail, rows[i].path, "'%s', want '%s'", got, rows[i].want);
	}
	json_object_put(o);
	free(out);
	release_results(hits);
	ROWS_DONE(nfail, N_ROWS(rows));
}

static void test_json_error(void **state)
{
	(void)state;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_int_equal(tc_output_json_error(f, "-x", 2, "the query needs \"a word\""), TC_OK);
	fclose(f);
	assert_string_equal(buf, "{\"query\":\"-x\",\"error\":\"the query needs \\\"a word\\\"\"}");
	free(buf);
}

static void test_text(void **state)
{
	(void)state;
	tc_results res;
	tc_hit hits[2];
	make_results(&res, hits);
	char *plain = capture(text_plain, &res);
	assert_string_equal(plain,
			    "2 results, some matching only part of the query, for \"thu do\" (1.2 ms)\n"
			    "\n1. Thủ đô đón không khí lạnh\n"
			    "   2024-01-08 · hanoi.gov.vn · https://hanoi.gov.vn/tin/1.html\n"
			    "   Sáng nay, Thủ đô \"lạnh\"\n"
			    "\n2. https://a.vn/x\n"
			    "   https://a.vn/x\n");
	char *color = capture(text_color, &res);
	assert_non_null(strstr(color, "Sáng nay, \033[1mThủ\033[0m \033[1mđô\033[0m \"lạnh\""));
	assert_non_null(strstr(color, "\n2. \033[1mhttps://a.vn/x\033[0m\n"));
	free(plain);
	free(color);
	res.n = 0;
	char *none = capture(text_plain, &res);
	assert_string_equal(none, "No results for \"thu do\".\n");
	free(none);
	release_results(hits);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_json_error),
		cmocka_unit_test(test_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
