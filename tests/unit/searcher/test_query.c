/*
 * test_query.c - the query language (searcher/query.h, docs/SEARCH.md
 * "Query syntax"): what a query parses to, as --explain describes it.
 *
 * Each row is a query and the one-line description tc_parsed_describe
 * gives of its parse (clauses joined by AND, alternatives by OR, word /
 * code / phrase with the exact forms typed, title: in front of a title
 * item, then NOT items and site: filters), or the refusal and the words of
 * its message.  A second table checks the folded forms a snippet marks.
 */
#include "unit_test.h"

#include <stdio.h>

#include "query.h"
#include "tc_banned.h"

typedef struct parse_row {
	const char *name;
	const char *query;
	const char *explain;     /* NULL: refused */
	size_t clauses;          /* items that must all match */
	tc_query_refusal why;    /* when refused */
	const char *says;        /* when refused: words of the message */
} parse_row;

static const parse_row parse_rows[] = {
	{"two words: both must match", "Hà Nội", "word(hà) AND word(nội)", 2, 0, NULL},
	{"unaccented words stay as typed", "thu do", "word(thu) AND word(do)", 2, 0, NULL},
	{"a quoted phrase is one item", "\"giá nước sạch\"", "phrase(giá nước sạch)", 1, 0, NULL},
	{"an unbalanced quote runs to the end", "\"giá nước", "phrase(giá nước)", 1, 0, NULL},
	{"an empty phrase is nothing", "\"\" xanh", "word(xanh)", 1, 0, NULL},
	{"OR joins two items into one clause", "xanh OR sạch nước",
	 "word(xanh) OR word(sạch) AND word(nước)", 2, 0, NULL},
	{"lower-case or is a word", "xanh or sạch", "word(xanh) AND word(or) AND word(sạch)", 3, 0,
	 NULL},
	{"OR with nothing after it", "xanh OR", "word(xanh)", 1, 0, NULL},
	{"OR with nothing before it", "OR xanh", "word(xanh)", 1, 0, NULL},
	{"a leading minus excludes", "-quảng cáo", "word(cáo) NOT word(quảng)", 1, 0, NULL},
	{"an exclusion after the words", "cáo -quảng", "word(cáo) NOT word(quảng)", 1, 0, NULL},
	{"an excluded phrase", "xanh -\"giá nước\"", "word(xanh) NOT phrase(giá nước)", 1, 0, NULL},
	{"title: takes the next word only", "title:quy hoạch", "title:word(quy) AND word(hoạch)", 2,
	 0, NULL},
	{"TITLE: in capitals", "TITLE:quy", "title:word(quy)", 1, 0, NULL},
	{"title: with a phrase, OR a word", "title:\"thủ đô\" OR vnexpress",
	 "title:phrase(thủ đô) OR word(vnexpress)", 1, 0, NULL},
	{"title: alone is a word", "title:", "word(title)", 1, 0, NULL},
	{"a code and its parts", "35-CT/TW", "code(35-ct/tw 35 ct tw)", 1, 0, NULL},
	{"site: filters, lower case", "site:HANOI.gov.vn nước", "word(nước) site:hanoi.gov.vn", 1, 0,
	 NULL},
	{"-site: excludes a host", "nước -site:example.vn", "word(nước) -site:example.vn", 1, 0,
	 NULL},
	{"site: with a space after is two words", "site: x", "word(site) AND word(x)", 2, 0, NULL},
	{"nothing", "", NULL, 0, TC_QREF_NO_WORDS, "no words to look for"},
	{"punctuation only", "!!!", NULL, 0, TC_QREF_NO_WORDS, "no words to look for"},
	{"only an exclusion", "-xanh", NULL, 0, TC_QREF_ONLY_FILTERS, "not only exclusions"},
	{"only a filter", "site:hanoi.gov.vn", NULL, 0, TC_QREF_ONLY_FILTERS, "site: and category: filters"},
	{"site: with an underscore", "site:a_b.vn x", NULL, 0, TC_QREF_BAD_SITE, "not 'a_b.vn'"},
	{"site: starting with a dash", "site:-a.vn x", NULL, 0, TC_QREF_BAD_SITE, "not '-a.vn'"},
	{"two exclusion signs", "-title:-x y", NULL, 0, TC_QREF_DOUBLE_NOT,
	 "two exclusion signs"},
};

static void test_parse_explain(void **state)
{
	(void)state;
	int nfail = 0;
	for (size_t i = 0; i < N_ROWS(parse_rows); i++) {
		const parse_row *r = &parse_rows[i];
		size_t n = strlen(r->query);
		char *q = unit_exact_copy(r->query, n);
		tc_parsed *p = NULL;
		tc_query_refusal why = TC_QREF_NONE;
		tc_err err = {{0}};
		tc_status st = tc_query_parse(q, n, &p, &why, &err);
		char got[1024] = "";
		if (st == TC_OK && tc_parsed_describe(p, got, sizeof got) != TC_OK)
			snprintf(got, sizeof got, "(describe failed)");
		if (r->explain) {
			if (st != TC_OK)
				ROW_FAIL(nfail, r->name, "refused (%d): %s", st, err.msg);
			else if (strcmp(got, r->explain) != 0)
				ROW_FAIL(nfail, r->name, "explain '%s', want '%s'", got, r->explain);
			else if (tc_parsed_clause_count(p) != r->clauses)
				ROW_FAIL(nfail, r->name, "%zu clauses, want %zu",
					 tc_parsed_clause_count(p), r->clauses);
		} else if (st != TC_ERR_USAGE || why != r->why || !strstr(err.msg, r->says) || p) {
			ROW_FAIL(nfail, r->name, "status %d, refusal %d, '%s'; want %d, %d, '...%s...'",
				 st, why, err.msg, TC_ERR_USAGE, r->why, r->says);
		}
		tc_parsed_free(p);
		free(q);
	}
	ROWS_DONE(nfail, N_ROWS(parse_rows));
}

/* What a snippet marks: the folded forms of every positive word, code and
 * code part; not the excluded ones. */
static const struct {
	const char *name, *query, *marks;
} mark_rows[] = {
	{"folded words", "Thủ Đô", "thu do"},
	{"a phrase's words", "\"giá nước\" sạch", "gia nuoc sach"},
	{"a code and its parts", "35-CT/TW", "35-ct/tw 35 ct tw"},
	{"not the excluded", "cáo -quảng -site:a.vn", "cao"},
	{"title: words too", "title:hoạch", "hoach"},
};

static void test_highlights(void **state)
{
	(void)state;
	int nfail = 0;
	for (size_t i = 0; i < N_ROWS(mark_rows); i++) {
		tc_parsed *p = NULL;
		tc_err err = {{0}};
		const char *q = mark_rows[i].query;
		if (tc_query_parse(q, strlen(q), &p, NULL, &err) != TC_OK) {
			ROW_FAIL(nfail, mark_rows[i].name, "refused: %s", err.msg);
			continue;
		}
		char got[512] = "";
		size_t len = 0;
		for (size_t k = 0; k < tc_parsed_highlight_count(p); k++)
			len += (size_t)snprintf(got + len, sizeof got - len, "%s%s", k ? " " : "",
						tc_parsed_highlight(p, k));
		if (strcmp(got, mark_rows[i].marks) != 0)
			ROW_FAIL(nfail, mark_rows[i].name, "marks '%s', want '%s'", got,
				 mark_rows[i].marks);
		tc_parsed_free(p);
	}
	ROWS_DONE(nfail, N_ROWS(mark_rows));
}

/* The run the searcher checks in the best matches' text (runs.c): words
 * and quoted phrases typed in a row, with the clause marks typed between
 * them shown as ';'. */
static const struct {
	const char *name, *query, *run;
} run_rows[] = {
	{"words in a row", "Hà Nội thủ đô", "ha noi thu do"},
	{"a phrase joins the words around it", "thang \"biet vo am tin", "thang biet vo am tin"},
	{"quotes are no clause marks", "concept moi, “sieu pham” iphone",
	 "concept moi ;sieu pham iphone"},
	{"marks inside a unit and between units", "gianh duoc. trong khi do,trong",
	 "gianh duoc ;trong khi do ;trong"},
	{"a unit of punctuation only", "toi , bao so", "toi ;bao so"},
	{"a mark before the run does not count", ", a b c", "a b c"},
	{"OR ends it", "a b OR c d e f", "d e f"},
	{"an exclusion ends it", "a b -c d e f g", "d e f g"},
	{"title: ends it", "a b title:c d e f g", "d e f g"},
	{"a site: filter does not", "a b site:x.vn c", "a b c"},
	{"a code by its parts", "chi thi 35-CT/TW ngay", "chi thi 35 ct tw ngay"},
	{"the longest of two", "a b -x c d e", "c d e"},
};

static void test_check_run(void **state)
{
	(void)state;
	int nfail = 0;
	for (size_t i = 0; i < N_ROWS(run_rows); i++) {
		tc_parsed *p = NULL;
		tc_err err = {{0}};
		const char *q = run_rows[i].query;
		if (tc_query_parse(q, strlen(q), &p, NULL, &err) != TC_OK) {
			ROW_FAIL(nfail, run_rows[i].name, "refused: %s", err.msg);
			continue;
		}
		const char *folds[16];
		int clause[16];
		size_t n = tc_parsed_check_run(p, folds, clause, 16);
		char got[512] = "";
		size_t len = 0;
		for (size_t k = 0; k < n; k++)
			len += (size_t)snprintf(got + len, sizeof got - len, "%s%s%s", k ? " " : "",
						clause[k] ? ";" : "", folds[k]);
		if (strcmp(got, run_rows[i].run) != 0)
			ROW_FAIL(nfail, run_rows[i].name, "run '%s', want '%s'", got, run_rows[i].run);
		tc_parsed_free(p);
	}
	ROWS_DONE(nfail, N_ROWS(run_rows));
}

/* A run longer than the cap gives its first words. */
static void test_check_run_cap(void **state)
{
	(void)state;
	const char *q = "a b c d e f";
	tc_parsed *p = NULL;
	tc_err err = {{0}};
	assert_int_equal(tc_query_parse(q, strlen(q), &p, NULL, &err), TC_OK);
	const char *folds[4];
	int clause[4];
	assert_int_equal(tc_parsed_check_run(p, folds, clause, 4), 4);
	assert_string_equal(folds[0], "a");
	assert_string_equal(folds[3], "d");
	tc_parsed_free(p);
}

/* A word too long to be a term is refused, not dropped: dropping it would
 * widen the query. */
static void test_long_word(void **state)
{
	(void)state;
	char q[400];
	memset(q, 'a', 300);
	memcpy(q + 300, " x", 3);
	tc_parsed *p = NULL;
	tc_query_refusal why = TC_QREF_NONE;
	tc_err err = {{0}};
	assert_int_equal(tc_query_parse(q, strlen(q), &p, &why, &err), TC_ERR_USAGE);
	assert_int_equal(why, TC_QREF_LONG_WORD);
	assert_null(p);
	assert_true(err.msg[0] != '\0');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_explain),
		cmocka_unit_test(test_highlights),
		cmocka_unit_test(test_long_word),
		cmocka_unit_test(test_check_run),
		cmocka_unit_test(test_check_run_cap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
