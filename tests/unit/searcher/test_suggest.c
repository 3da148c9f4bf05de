/*
 * test_suggest.c - "did you mean" (searcher/suggest.h): the accented form
 * of an unaccented query, when the index clearly writes it so.
 *
 * A small index is built here (importer.h) from articles that write "thủ
 * đô" five times to once "thu đó", "mùa xuân" and "mua xuân" twice each,
 * and "nước" in every article.  Each row searches as tracuu-search does
 * and asks for a suggestion: a pair settles by the index's readings, a
 * lone word by how the articles found write it, and nothing is said when
 * no form dominates, the query has accents already, or finds nothing.
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include "unit_test.h"

#include <ftw.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "doc_build.h"
#include "importer.h"
#include "search.h"
#include "suggest.h"
#include "tc_xapian.h"
#include "tc_banned.h"

static const char *const articles[] = {
	"Thủ đô đón không khí lạnh, nước sông dâng",
	"Thủ đô mở rộng đường vành đai, cấp nước sạch",
	"Người dân thủ đô đón tết, giá nước ổn định",
	"Quy hoạch thủ đô đến năm 2045, nguồn nước ngầm",
	"Giao thông thủ đô giờ cao điểm, ngập nước",
	"Thu đó về sau, bàn chuyện nước",
	"Mùa xuân trên cao nguyên, suối nước",
	"Mùa xuân về bản, nước nguồn",
	"Mua xuân đào ở chợ hoa, tưới nước",
	"Mua xuân lan về trưng tết, nước tưới",
};

static char db_path[4200];

static int build_index(void **state)
{
	(void)state;
	const char *tmp = getenv("TMPDIR");
	char dir[4096];
	snprintf(dir, sizeof dir, "%s/suggest-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	assert_non_null(mkdtemp(dir));
	char jsonl[4200];
	snprintf(jsonl, sizeof jsonl, "%s/a.jsonl", dir);
	FILE *f = fopen(jsonl, "w");
	assert_non_null(f);
	for (size_t i = 0; i < N_ROWS(articles); i++)
		fprintf(f, "{\"url\":\"https://a.vn/%zu\",\"title\":\"%s\",\"body\":\"%s.\"}\n", i,
			articles[i], articles[i]);
	assert_int_equal(fclose(f), 0);
	snprintf(db_path, sizeof db_path, "%s/db", dir);
	tc_db *db;
	tc_err err = {{0}};
	assert_int_equal(tc_db_open(db_path, TC_DB_CREATE, &db, &err), TC_OK);
	assert_int_equal(tc_doc_claim_schema(db, &err), TC_OK); /* as tracuu-index add does */
	tc_import_opts o;
	tc_import_opts_init(&o);
	o.quiet = 1;
	tc_importer *imp;
	assert_int_equal(tc_importer_new(db, &o, &imp), TC_OK);
	assert_int_equal(tc_importer_add_path(imp, jsonl, &err), TC_OK);
	tc_import_stats st;
	assert_int_equal(tc_importer_finish(imp, &st, &err), TC_OK);
	assert_int_equal(st.docs, N_ROWS(articles));
	tc_importer_free(imp);
	tc_db_free(db);
	unlink(jsonl);
	return 0;
}

static int remove_one(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	(void)sb;
	(void)type;
	(void)ftw;
	return remove(path);
}

/* The folder of the index: it holds the database and nothing else. */
static int remove_index(void **state)
{
	(void)state;
	*strrchr(db_path, '/') = '\0';
	return nftw(db_path, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void test_suggestions(void **state)
{
	(void)state;
	static const struct {
		const char *name, *query, *want; /* want "": no suggestion */
	} rows[] = {
		{"a pair the index writes one way", "thu do", "thủ đô"},
		{"accents already", "thủ đô", ""},
		/* no reading of the pair dominates: each word as the articles
		 * found write it, the undecided one as typed */
		{"a pair written two ways alike", "mua xuan", "mua xuân"},
		{"a lone word, by the articles found", "nuoc", "nước"},
		{"a pair and a word", "thu do nuoc", "thủ đô nước"},
		{"nothing found", "zzzz", ""},
		{"a phrase and an exclusion are not plain words", "\"thu do\" -xuan", ""},
		{"an exclusion alone neither", "thu do -nuoc", ""},
		{"nor a site: filter", "thu do site:a.vn", ""},
	};
	tc_searcher *s;
	tc_err err = {{0}};
	if (tc_searcher_open(db_path, 0, &s, &err) != TC_OK)
		fail_msg("cannot open the index: %s", err.msg);
	int nfail = 0;
	for (size_t i = 0; i < N_ROWS(rows); i++) {
		tc_search_req req;
		tc_search_req_init(&req);
		req.query = rows[i].query;
		req.query_len = strlen(rows[i].query);
		tc_results res;
		tc_results_init(&res);
		tc_status st = tc_searcher_run(s, &req, &res, &err);
		tc_buf out;
		tc_buf_init(&out, 1024);
		int said = st == TC_OK && tc_suggest(s, req.query, req.query_len, &res, &out);
		const char *got = said ? out.data : "";
		if (st != TC_OK)
			ROW_FAIL(nfail, rows[i].name, "search failed: %s", err.msg);
		else if (strcmp(got, rows[i].want) != 0 || (said != (rows[i].want[0] != 0)))
			ROW_FAIL(nfail, rows[i].name, "'%s', want '%s'", got, rows[i].want);
		tc_buf_release(&out);
		tc_results_release(&res);
	}
	tc_searcher_free(s);
	ROWS_DONE(nfail, N_ROWS(rows));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_suggestions),
	};
	return cmocka_run_group_tests(tests, build_index, remove_index);
}
