/*
 * test_importer_url.c - the web address an imported HTML file is published
 * under (indexer/importer.h, tc_import_opts.base_url).
 *
 * Contract under test: a page that names its own URL keeps it; a page
 * without one gets base_url + its path under the folder given to add (a
 * file given by itself: its name), percent-encoded; without base_url it is
 * refused (counted as failed), and never stored as a file:// path of the
 * indexing machine.  tc_import_check_base_url refuses what is not an
 * http(s) base.
 */
#include "unit_test.h"

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "importer.h"
#include "tc_schema.h"
#include "tc_xapian.h"
#include "tc_banned.h"

#define BODY                                                                              \
	"<p>Nội dung bài viết đủ dài để là một bài báo thật sự, có nhiều câu và nhiều chữ. " \
	"Nội dung bài viết đủ dài để là một bài báo thật sự, có nhiều câu và nhiều chữ. "   \
	"Nội dung bài viết đủ dài để là một bài báo thật sự, có nhiều câu và nhiều chữ.</p>"

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

/* Import path with base (may be NULL) into a fresh index; the URL of the
 * one document found by the word "zzurltest", or "" when none was. */
static void import_one(const char *dir, const char *path, const char *base, char *url,
		       size_t cap, uint64_t *failed)
{
	char db_path[1024];
	assert_true(snprintf(db_path, sizeof db_path, "%s/db", dir) < (int)sizeof db_path);
	tc_db *db;
	tc_err err = {{0}};
	assert_int_equal(tc_db_open(db_path, TC_DB_CREATE_OR_OPEN, &db, &err), TC_OK);
	tc_import_opts o;
	tc_import_opts_init(&o);
	o.quiet = 1;
	o.base_url = base;
	tc_importer *imp;
	assert_int_equal(tc_importer_new(db, &o, &imp), TC_OK);
	assert_int_equal(tc_importer_add_path(imp, path, &err), TC_OK);
	tc_import_stats st;
	assert_int_equal(tc_importer_finish(imp, &st, &err), TC_OK);
	tc_importer_free(imp);
	*failed = st.failed;
	url[0] = '\0';
	tc_query *q = tc_query_term("zzurltest", 9, 1);
	tc_search_opts so;
	tc_search_opts_init(&so);
	so.limit = 10;
	tc_mset *m;
	assert_int_equal(tc_db_search(db, q, &so, &m, &err), TC_OK);
	tc_query_free(q);
	if (tc_mset_size(m) == 1) {
		char *data;
		size_t len;
		tc_article a;
		assert_int_equal(tc_mset_data(m, 0, &data, &len, &err), TC_OK);
		assert_int_equal(tc_docdata_decode(data, len, &a), TC_OK);
		snprintf(url, cap, "%.*s", (int)a.url.n, a.url.p);
		free(data);
	}
	tc_mset_free(m);
	tc_db_free(db);
}

typedef struct url_row {
	const char *name;
	const char *file;      /* under the folder, may hold a '/' */
	int canonical;         /* the page names https://tin.example.vn/goc */
	int add_folder;        /* add the folder (else the file itself) */
	const char *base;
	const char *want;      /* "" = refused */
} url_row;

static const url_row url_rows[] = {
	{"own URL kept", "a.html", 1, 1, "https://kho.example.vn/", "https://tin.example.vn/goc"},
	{"own URL kept, no base", "a.html", 1, 1, NULL, "https://tin.example.vn/goc"},
	{"no URL, no base: refused", "a.html", 0, 1, NULL, ""},
	{"no URL, a file alone, no base: refused", "a.html", 0, 0, NULL, ""},
	{"base + path under the folder", "sub/noi bo.html", 0, 1, "https://kho.example.vn/tin",
	 "https://kho.example.vn/tin/sub/noi%20bo.html"},
	{"base with its slash", "sub/x.html", 0, 1, "https://kho.example.vn/tin/",
	 "https://kho.example.vn/tin/sub/x.html"},
	{"a file alone: its name", "sub/tin-moi.html", 0, 0, "http://kho.example.vn",
	 "http://kho.example.vn/tin-moi.html"},
	{"non-ASCII name", "đô.html", 0, 1, "https://kho.example.vn/",
	 "https://kho.example.vn/%C4%91%C3%B4.html"},
};

static void test_base_url(void **state)
{
	(void)state;
	int nfail = 0;
	for (size_t i = 0; i < N_ROWS(url_rows); i++) {
		const url_row *r = &url_rows[i];
		char dir[] = "tc-importer-url-XXXXXX";
		char tmpl[600];
		const char *tmp = getenv("TMPDIR");
		snprintf(tmpl, sizeof tmpl, "%s/%s", tmp && *tmp ? tmp : "/tmp", dir);
		assert_non_null(mkdtemp(tmpl));
		char folder[700], path[800], sub[800];
		snprintf(folder, sizeof folder, "%s/in", tmpl);
		assert_int_equal(mkdir(folder, 0700), 0);
		snprintf(path, sizeof path, "%s/%s", folder, r->file);
		const char *slash = strrchr(r->file, '/');
		if (slash) {
			snprintf(sub, sizeof sub, "%s/%.*s", folder, (int)(slash - r->file), r->file);
			assert_int_equal(mkdir(sub, 0700), 0);
		}
		char html[2048];
		snprintf(html, sizeof html,
			 "<html><head><title>Tin zzurltest</title>%s</head><body><article><h1>Tin "
			 "zzurltest</h1>" BODY "</article></body></html>",
			 r->canonical ? "<link rel=\"canonical\" href=\"https://tin.example.vn/goc\">" : "");
		write_file(path, html);
		char url[1024];
		uint64_t failed;
		import_one(tmpl, r->add_folder ? folder : path, r->base, url, sizeof url, &failed);
		if (strcmp(url, r->want) != 0)
			ROW_FAIL(nfail, r->name, "url '%s', want '%s'", url, r->want);
		else if (!r->want[0] && failed != 1)
			ROW_FAIL(nfail, r->name, "refused but %llu failures counted",
				 (unsigned long long)failed);
		if (strstr(url, "file:"))
			ROW_FAIL(nfail, r->name, "a local path was stored: %s", url);
		char cmd[1024];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpl);
		assert_int_equal(system(cmd), 0);
	}
	ROWS_DONE(nfail, N_ROWS(url_rows));
}

static void test_check_base_url(void **state)
{
	(void)state;
	static const struct {
		const char *url;
		int ok;
	} rows[] = {
		{"https://kho.example.vn", 1}, {"http://kho.example.vn/tin/", 1},
		{"ftp://kho.example.vn/", 0},  {"file:///srv/tin", 0},
		{"https://", 0},               {"https:///x", 0},
		{"https://kho.example.vn/?a=1", 0}, {"https://kho.example.vn/#x", 0},
		{"https://kho example.vn/", 0}, {"kho.example.vn", 0},
	};
	int nfail = 0;
	for (size_t i = 0; i < N_ROWS(rows); i++) {
		tc_err err = {{0}};
		tc_status st = tc_import_check_base_url(rows[i].url, &err);
		if ((st == TC_OK) != rows[i].ok)
			ROW_FAIL(nfail, rows[i].url, "status %d", st);
		else if (!rows[i].ok && (st != TC_ERR_USAGE || !strstr(err.msg, rows[i].url)))
			ROW_FAIL(nfail, rows[i].url, "message does not name it: %s", err.msg);
	}
	/* An importer is never made with a bad base. */
	tc_import_opts o;
	tc_import_opts_init(&o);
	o.base_url = "file:///srv/tin";
	tc_importer *imp = (tc_importer *)1;
	if (tc_importer_new(NULL, &o, &imp) != TC_ERR_USAGE || imp != NULL)
		ROW_FAIL(nfail, "tc_importer_new", "accepted a file: base");
	ROWS_DONE(nfail, N_ROWS(rows) + 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_base_url),
		cmocka_unit_test(test_check_base_url),
	};
	return cmocka_run_group_tests_name("importer_url", tests, NULL, NULL);
}
