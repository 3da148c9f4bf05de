/*
 * test_tc_xapian.c - the database modes of the Xapian shim
 * (common/tc_xapian.h): what each opens, what each refuses, and which ones
 * sync their commits.
 *
 * And a query shape the shim rewrites: tc_query_combine's AND_MAYBE must
 * rank as an exhaustive match does, whatever the matcher prunes.
 *
 * Syncs are counted by defining fsync and fdatasync here: the executable's
 * definitions come first in the dynamic linker's search, so libxapian's
 * calls land in them.  They do not sync (the databases are scratch
 * directories under TMPDIR, removed afterwards).
 */
#include "unit_test.h"
#include "unit_scratch.h"

#include <dirent.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tc_xapian.h"
#include "tc_banned.h"

static int n_syncs;

int fsync(int fd);
int fdatasync(int fd);

int fsync(int fd)
{
	(void)fd;
	n_syncs++;
	return 0;
}

int fdatasync(int fd)
{
	(void)fd;
	n_syncs++;
	return 0;
}

#define PATH_MAX_ UNIT_PATH_MAX

static void scratch_new(char dir[PATH_MAX_])
{
	unit_scratch_new(dir, "xapian");
}

static void rm_rf(const char *path)
{
	unit_rm_rf(path);
}

/* Add one document with id term id and commit. */
static tc_status add_one(tc_db *db, const char *id)
{
	tc_doc *doc = NULL;
	tc_err err;
	tc_status st = tc_doc_new(&doc);
	if (st == TC_OK)
		st = tc_doc_add_boolean(doc, id, strlen(id));
	if (st == TC_OK)
		st = tc_db_replace(db, id, strlen(id), doc, &err);
	if (st == TC_OK)
		st = tc_db_commit(db, &err);
	tc_doc_free(doc);
	return st;
}

typedef struct mode_row {
	const char *name;
	tc_db_mode mode;
	int exists;       /* a database with one document is there already */
	tc_status want;   /* of tc_db_open */
	int writable;     /* a commit of one more document succeeds */
	int syncs;        /* that commit syncs (1) or must not (0) */
	uint64_t docs;    /* documents seen after it */
} mode_row;

static const mode_row mode_rows[] = {
	{"read, missing", TC_DB_READ, 0, TC_ERR_NOT_FOUND, 0, 0, 0},
	{"read, existing", TC_DB_READ, 1, TC_OK, 0, 0, 1},
	{"create-or-open, missing", TC_DB_CREATE_OR_OPEN, 0, TC_OK, 1, 1, 1},
	{"create-or-open, existing", TC_DB_CREATE_OR_OPEN, 1, TC_OK, 1, 1, 2},
	{"create, missing", TC_DB_CREATE, 0, TC_OK, 1, 1, 1},
	{"create, existing", TC_DB_CREATE, 1, TC_ERR_DB, 0, 0, 0},
	{"scratch, missing", TC_DB_SCRATCH, 0, TC_OK, 1, 0, 1},
	{"scratch, existing", TC_DB_SCRATCH, 1, TC_ERR_DB, 0, 0, 0},
	{"a mode outside the enum", (tc_db_mode)42, 0, TC_ERR_USAGE, 0, 0, 0},
};

static void test_modes(void **state)
{
	(void)state;
	int nfail = 0;
	for (size_t r = 0; r < N_ROWS(mode_rows); r++) {
		const mode_row *row = &mode_rows[r];
		char dir[PATH_MAX_], db_path[PATH_MAX_];
		scratch_new(dir);
		int n = snprintf(db_path, sizeof db_path, "%s/db", dir);
		assert_true(n > 0 && (size_t)n < sizeof db_path);
		tc_err err;
		tc_db *db = NULL;
		if (row->exists) {
			assert_int_equal(tc_db_open(db_path, TC_DB_CREATE, &db, &err), TC_OK);
			assert_int_equal(add_one(db, "Qfirst"), TC_OK);
			tc_db_free(db);
			db = NULL;
		}
		tc_status st = tc_db_open(db_path, row->mode, &db, &err);
		if (st != row->want)
			ROW_FAIL(nfail, row->name, "open: status %d, want %d (%s)", st, row->want,
				 st != TC_OK ? err.msg : "");
		if (st != TC_OK && db != NULL)
			ROW_FAIL(nfail, row->name, "*out not NULL after a failure");
		if (st == TC_OK) {
			n_syncs = 0;
			tc_status wst = add_one(db, "Qsecond");
			if ((wst == TC_OK) != row->writable)
				ROW_FAIL(nfail, row->name, "commit: status %d, want %s", wst,
					 row->writable ? "OK" : "a failure");
			if (row->writable && (n_syncs > 0) != row->syncs)
				ROW_FAIL(nfail, row->name, "%d fsync/fdatasync calls in a commit, want %s",
					 n_syncs, row->syncs ? "some" : "none");
			uint64_t docs = 0;
			if (tc_db_doccount(db, &docs, &err) != TC_OK || docs != row->docs)
				ROW_FAIL(nfail, row->name, "%llu documents, want %llu",
					 (unsigned long long)docs, (unsigned long long)row->docs);
			tc_db_free(db);
		}
		rm_rf(dir);
	}
	ROWS_DONE(nfail, N_ROWS(mode_rows));
}

/* A small random database: terms x, a, b, c at random wdfs, a length. */
static void random_db(tc_db *db, uint64_t seed)
{
	static const struct {
		const char *t;
		unsigned in; /* of 100 documents */
	} terms[] = {{"x", 90}, {"a", 70}, {"b", 30}, {"c", 20}};
	uint64_t r = seed * 6364136223846793005u + 1442695040888963407u;
	tc_err err;
	for (int i = 0; i < 60; i++) {
		tc_doc *doc = NULL;
		assert_int_equal(tc_doc_new(&doc), TC_OK);
		for (size_t k = 0; k < N_ROWS(terms); k++) {
			r = r * 6364136223846793005u + 1442695040888963407u;
			if ((r >> 33) % 100 < terms[k].in)
				assert_int_equal(
					tc_doc_add_term(doc, terms[k].t, 1, 1 + (unsigned)((r >> 45) % 6)),
					TC_OK);
		}
		r = r * 6364136223846793005u + 1442695040888963407u;
		assert_int_equal(tc_doc_add_term(doc, "pad", 3, 1 + (unsigned)((r >> 40) % 20)), TC_OK);
		char id[16];
		snprintf(id, sizeof id, "Q%d", i);
		assert_int_equal(tc_db_replace(db, id, strlen(id), doc, &err), TC_OK);
		tc_doc_free(doc);
	}
	assert_int_equal(tc_db_commit(db, &err), TC_OK);
}

/* The top k of q, stopping early (check k) or not. */
static void top_k(tc_db *db, const tc_query *q, uint32_t k, uint32_t check, uint32_t *ids,
		  double *w, size_t *n)
{
	tc_search_opts o;
	tc_search_opts_init(&o);
	o.limit = k;
	o.check_at_least = check;
	tc_mset *m = NULL;
	tc_err err;
	assert_int_equal(tc_db_search(db, q, &o, &m, &err), TC_OK);
	*n = tc_mset_size(m);
	for (size_t i = 0; i < *n; i++)
		assert_int_equal(tc_mset_hit(m, i, &ids[i], &w[i], &err), TC_OK);
	tc_mset_free(m);
}

/*
 * x AND (a AND_MAYBE 2b) over 100 random databases, top 1 to 3, as
 * tracuu's queries nest it (a word with its exact form, a pair with its
 * reading).  Xapian 1.4's own AND_MAYBE passes over a match when it
 * decays to an AND (9 of 900 such searches in Xapian's Python bindings);
 * the shim's form must never differ from the exhaustive match.
 */
static void test_and_maybe_exact(void **state)
{
	(void)state;
	int nfail = 0;
	for (uint64_t seed = 0; seed < 100; seed++) {
		char dir[PATH_MAX_];
		scratch_new(dir);
		tc_db *db = NULL;
		tc_err err;
		assert_int_equal(tc_db_open(dir, TC_DB_SCRATCH, &db, &err), TC_OK);
		random_db(db, seed);
		tc_query *am[2] = {tc_query_term("a", 1, 1), tc_query_scale(tc_query_term("b", 1, 1), 2.0)};
		tc_query *two[2] = {tc_query_term("x", 1, 1), tc_query_combine(TC_Q_AND_MAYBE, am, 2, 0)};
		tc_query *q = tc_query_combine(TC_Q_AND, two, 2, 0);
		assert_non_null(q);
		for (uint32_t k = 1; k <= 3; k++) {
			uint32_t ids[2][3];
			double w[2][3];
			size_t n[2];
			top_k(db, q, k, k, ids[0], w[0], &n[0]);
			top_k(db, q, k, 1000, ids[1], w[1], &n[1]);
			int same = n[0] == n[1];
			for (size_t i = 0; same && i < n[0]; i++)
				same = ids[0][i] == ids[1][i] && w[0][i] == w[1][i];
			if (!same) {
				char name[64];
				snprintf(name, sizeof name, "seed %llu, top %u", (unsigned long long)seed, k);
				ROW_FAIL(nfail, name, "%s", "the pruned match differs from the exhaustive one");
			}
		}
		tc_query_free(q);
		tc_db_free(db);
		rm_rf(dir);
	}
	ROWS_DONE(nfail, 300);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_modes),
		cmocka_unit_test(test_and_maybe_exact),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
