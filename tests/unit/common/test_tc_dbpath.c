/*
 * test_tc_dbpath.c - the on-disk layout of an index directory
 * (common/tc_dbpath.h, docs/SCHEMA.md "Layout: generations"), and how
 * writers take it in turns and clean up after an interrupted one.
 *
 * Every test works in its own mkdtemp directory under TMPDIR (CTest points
 * TMPDIR into the build tree) and removes it afterwards.  A Xapian database
 * is stood in for by its marker file ("iamglass"), which is all tc_dbpath
 * looks at.
 */
#include "unit_test.h"
#include "unit_scratch.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tc_dbpath.h"
#include "tc_banned.h"

/* ---- scratch directories ----------------------------------------------- */

static void path_join(char *out, const char *dir, const char *name)
{
	int n = snprintf(out, TC_PATH_MAX, "%s/%s", dir, name);
	assert_true(n > 0 && n < TC_PATH_MAX);
}

static void scratch_new(char dir[TC_PATH_MAX])
{
	_Static_assert(TC_PATH_MAX >= UNIT_PATH_MAX, "scratch paths fit");
	unit_scratch_new(dir, "dbpath");
}

static void rm_rf(const char *path)
{
	unit_rm_rf(path);
}

static void make_dir(const char *dir, const char *name)
{
	char p[TC_PATH_MAX];
	path_join(p, dir, name);
	assert_int_equal(mkdir(p, 0777), 0);
}

static void make_file(const char *dir, const char *name)
{
	char p[TC_PATH_MAX];
	path_join(p, dir, name);
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs("x\n", f);
	fclose(f);
}

static void make_link(const char *dir, const char *name, const char *target)
{
	char p[TC_PATH_MAX];
	path_join(p, dir, name);
	assert_int_equal(symlink(target, p), 0);
}

/* A generation directory that looks like a Xapian database, with some depth. */
static void make_generation(const char *dir, long gen)
{
	char name[64], sub[TC_PATH_MAX];
	snprintf(name, sizeof name, "gen-%06ld", gen);
	make_dir(dir, name);
	path_join(sub, dir, name);
	make_file(sub, "iamglass");
	make_file(sub, "postlist.glass");
	make_dir(sub, "shard");
	char shard[TC_PATH_MAX];
	path_join(shard, sub, "shard");
	make_file(shard, "termlist.glass");
}

static int exists(const char *dir, const char *name)
{
	char p[TC_PATH_MAX];
	path_join(p, dir, name);
	struct stat sb;
	return lstat(p, &sb) == 0;
}

static int read_link(const char *dir, char *target, size_t cap)
{
	char p[TC_PATH_MAX];
	path_join(p, dir, "current");
	ssize_t n = readlink(p, target, cap - 1);
	if (n < 0)
		return 0;
	target[n] = '\0';
	return 1;
}

/* ---- tc_dbpath_live ---------------------------------------------------- */

typedef void (*setup_fn)(const char *dir);

static void setup_nothing(const char *dir)
{
	(void)dir;
}

static void setup_unrelated(const char *dir)
{
	make_file(dir, "notes.txt");
	make_dir(dir, "gen-000001"); /* a generation but no link: not an index */
}

static void setup_link(const char *dir)
{
	make_generation(dir, 2);
	make_generation(dir, 3);
	make_link(dir, "current", "gen-000003");
}

static void setup_dangling_link(const char *dir)
{
	make_link(dir, "current", "gen-000009");
}

static void setup_glass(const char *dir)
{
	make_file(dir, "iamglass");
	make_file(dir, "postlist.glass");
}

static void setup_honey(const char *dir)
{
	make_file(dir, "iamhoney");
}

typedef struct live_row {
	const char *name;
	setup_fn setup;
	const char *sub;     /* path under the scratch dir given as DIR */
	tc_status want;
	const char *want_rel; /* expected path relative to DIR ("" = DIR itself) */
} live_row;

static const live_row live_rows[] = {
	{"missing directory", setup_nothing, "nope", TC_ERR_NOT_FOUND, NULL},
	{"empty directory", setup_nothing, "", TC_ERR_NOT_FOUND, NULL},
	{"generation without link", setup_unrelated, "", TC_ERR_NOT_FOUND, NULL},
	{"current link", setup_link, "", TC_OK, "/gen-000003"},
	{"dangling current link", setup_dangling_link, "", TC_OK, "/gen-000009"},
	{"bare glass database", setup_glass, "", TC_OK, ""},
	{"bare honey database", setup_honey, "", TC_OK, ""},
};

static void test_live(void **state)
{
	(void)state;
	int nfail = 0;
	for (size_t r = 0; r < N_ROWS(live_rows); r++) {
		const live_row *row = &live_rows[r];
		char root[TC_PATH_MAX], dir[TC_PATH_MAX], out[TC_PATH_MAX], want[TC_PATH_MAX];
		scratch_new(root);
		row->setup(root);
		if (row->sub[0])
			path_join(dir, root, row->sub);
		else
			snprintf(dir, sizeof dir, "%s", root);
		tc_err err = {{0}};
		tc_status st = tc_dbpath_live(dir, out, sizeof out, &err);
		if (st != row->want) {
			ROW_FAIL(nfail, row->name, "status %d, want %d (%s)", st, row->want, err.msg);
		} else if (st == TC_OK) {
			snprintf(want, sizeof want, "%s%s", dir, row->want_rel);
			if (strcmp(out, want) != 0)
				ROW_FAIL(nfail, row->name, "path \"%s\", want \"%s\"", out, want);
		} else if (err.msg[0] == '\0') {
			ROW_FAIL(nfail, row->name, "failed without a message");
		}
		rm_rf(root);
	}
	ROWS_DONE(nfail, N_ROWS(live_rows));
}

/* tc_dbpath.h: "A plain Xapian database given as DIR is accepted for
 * reading too"; docs/SCHEMA.md: DIR may be "a stub file listing shards".
 * Fails today: readlink("FILE/current") gives ENOTDIR, which read_current()
 * treats as an error before the S_ISREG branch is reached. */
static void test_live_stub_file(void **state)
{
	(void)state;
	char root[TC_PATH_MAX], stub[TC_PATH_MAX], out[TC_PATH_MAX];
	scratch_new(root);
	make_file(root, "shards.stub");
	path_join(stub, root, "shards.stub");
	tc_err err = {{0}};
	tc_status st = tc_dbpath_live(stub, out, sizeof out, &err);
	rm_rf(root);
	if (st != TC_OK)
		fail_msg("stub file: status %d (%s), want TC_OK", st, err.msg);
	assert_string_equal(out, stub);
}

/* current must name a generation inside DIR. */
static void test_live_rejects_foreign_link(void **state)
{
	(void)state;
	static const char *const targets[] = {"../elsewhere", "/tmp/gen-000001", "sub/gen-000001"};
	int nfail = 0;
	for (size_t r = 0; r < N_ROWS(targets); r++) {
		char root[TC_PATH_MAX], out[TC_PATH_MAX];
		scratch_new(root);
		make_link(root, "current", targets[r]);
		tc_err err = {{0}};
		tc_status st = tc_dbpath_live(root, out, sizeof out, &err);
		if (st == TC_OK)
			ROW_FAIL(nfail, targets[r], "accepted, resolved to \"%s\"", out);
		else if (err.msg[0] == '\0')
			ROW_FAIL(nfail, targets[r], "rejected without a message");
		rm_rf(root);
	}
	ROWS_DONE(nfail, N_ROWS(targets));
}

static void test_live_small_out(void **state)
{
	(void)state;
	char root[TC_PATH_MAX], out[8];
	scratch_new(root);
	setup_link(root);
	tc_err err = {{0}};
	tc_status st = tc_dbpath_live(root, out, sizeof out, &err);
	rm_rf(root);
	assert_int_equal(st, TC_ERR_TOO_BIG);
}

/* ---- tc_dbpath_writer ---------------------------------------------------- */

static void setup_link_no_db(const char *dir)
{
	make_link(dir, "current", "gen-000004");
}

/* What a first import interrupted before the lock existed left: current
 * naming a generation never built, and the shards it was built from. */
static void setup_first_add_cut(const char *dir)
{
	char p[TC_PATH_MAX];
	make_link(dir, "current", "gen-000001");
	make_dir(dir, "gen-000001.shards");
	path_join(p, dir, "gen-000001.shards");
	make_dir(p, "shard-00");
	make_file(dir, "crawl.sqlite");
}

/* An interrupted rebuild beside a live generation: its scratch shards, its
 * half-compacted generation (no marker yet), a link caught before its
 * rename; and things that are not ours. */
static void setup_rebuild_cut(const char *dir)
{
	make_generation(dir, 1);
	make_generation(dir, 2);
	make_link(dir, "current", "gen-000002");
	make_dir(dir, "gen-000003");
	make_dir(dir, "gen-000003.shards");
	make_link(dir, ".current.4242", "gen-000003");
	make_file(dir, "notes.txt");
	make_dir(dir, "gen-old");
	make_dir(dir, "other.shards");
}

/* An older, complete generation and current naming a newer one that is
 * missing: the older one is not the writer's to remove. */
static void setup_dangling_after_older(const char *dir)
{
	make_generation(dir, 1);
	make_link(dir, "current", "gen-000002");
	make_dir(dir, "gen-000003");
}

/* Generations but no link: none was ever published. */
static void setup_unpublished(const char *dir)
{
	make_generation(dir, 1);
	make_dir(dir, "gen-000002");
}

/* current names something that is not a generation of ours. */
static void setup_foreign_live(const char *dir)
{
	make_generation(dir, 5);
	make_dir(dir, "mine");
	make_file(dir, "mine/iamglass");
	make_link(dir, "current", "mine");
}

typedef struct write_row {
	const char *name;
	setup_fn setup;
	const char *sub;       /* DIR under the scratch root; may not exist yet */
	tc_dbpath_plan plan;
	const char *want_rel;  /* the path to write, relative to DIR */
	int want_fresh;
	const char *want_link; /* current afterwards; NULL: none */
	const char *gone[5];   /* entries the writer removed */
	const char *kept[5];   /* entries it must leave */
} write_row;

static const write_row write_rows[] = {
	{"fresh nested directory: built aside, no link yet", setup_nothing, "a/b/index",
	 TC_DBPATH_UPDATE, "/gen-000001", 1, NULL, {NULL}, {"lock"}},
	{"existing empty directory", setup_nothing, "", TC_DBPATH_UPDATE, "/gen-000001", 1, NULL,
	 {NULL}, {NULL}},
	{"live generation: written in place", setup_link, "", TC_DBPATH_UPDATE, "/gen-000003", 0,
	 "gen-000003", {NULL}, {"gen-000002", "gen-000003"}},
	{"live generation: rebuilt beside", setup_link, "", TC_DBPATH_REBUILD, "/gen-000004", 1,
	 "gen-000003", {NULL}, {"gen-000002", "gen-000003"}},
	{"link to a missing generation", setup_link_no_db, "", TC_DBPATH_UPDATE, "/gen-000001", 1,
	 NULL, {NULL}, {NULL}},
	{"interrupted first add (before the lock)", setup_first_add_cut, "", TC_DBPATH_UPDATE,
	 "/gen-000001", 1, NULL, {"gen-000001.shards"}, {"crawl.sqlite"}},
	{"interrupted rebuild", setup_rebuild_cut, "", TC_DBPATH_REBUILD, "/gen-000003", 1,
	 "gen-000002", {"gen-000003", "gen-000003.shards", ".current.4242"},
	 {"gen-000001", "gen-000002", "notes.txt", "gen-old", "other.shards"}},
	{"interrupted rebuild, then an add", setup_rebuild_cut, "", TC_DBPATH_UPDATE, "/gen-000002", 0,
	 "gen-000002", {"gen-000003", "gen-000003.shards", ".current.4242"}, {"gen-000001"}},
	{"missing live generation, older one kept", setup_dangling_after_older, "", TC_DBPATH_UPDATE,
	 "/gen-000002", 1, NULL, {"gen-000003"}, {"gen-000001"}},
	{"generations never published", setup_unpublished, "", TC_DBPATH_UPDATE, "/gen-000001", 1,
	 NULL, {"gen-000002"}, {NULL}},
	{"live is not a generation: none touched", setup_foreign_live, "", TC_DBPATH_REBUILD,
	 "/gen-000006", 1, "mine", {NULL}, {"gen-000005", "mine"}},
	{"bare database: written in place", setup_glass, "", TC_DBPATH_UPDATE, "", 0, NULL, {NULL},
	 {"iamglass"}},
};

static void check_entries(const char *dir, const write_row *row, int *nfail)
{
	for (size_t i = 0; i < N_ROWS(row->gone) && row->gone[i]; i++)
		if (exists(dir, row->gone[i]))
			ROW_FAIL(*nfail, row->name, "%s left behind", row->gone[i]);
	for (size_t i = 0; i < N_ROWS(row->kept) && row->kept[i]; i++)
		if (!exists(dir, row->kept[i]))
			ROW_FAIL(*nfail, row->name, "%s removed", row->kept[i]);
	char cur[256];
	int linked = read_link(dir, cur, sizeof cur);
	if (!row->want_link && linked)
		ROW_FAIL(*nfail, row->name, "current -> \"%s\", want no link", cur);
	else if (row->want_link && (!linked || strcmp(cur, row->want_link) != 0))
		ROW_FAIL(*nfail, row->name, "current -> \"%s\", want \"%s\"", linked ? cur : "(none)",
			 row->want_link);
}

static void test_writer_begin(void **state)
{
	(void)state;
	int nfail = 0;
	for (size_t r = 0; r < N_ROWS(write_rows); r++) {
		const write_row *row = &write_rows[r];
		char root[TC_PATH_MAX], dir[TC_PATH_MAX], want[TC_PATH_MAX];
		scratch_new(root);
		row->setup(root);
		if (row->sub[0])
			path_join(dir, root, row->sub);
		else
			snprintf(dir, sizeof dir, "%s", root);
		tc_err err = {{0}};
		tc_dbpath_writer w;
		tc_status st = tc_dbpath_writer_begin(dir, row->plan, &w, &err);
		snprintf(want, sizeof want, "%s%s", dir, row->want_rel);
		if (st != TC_OK) {
			ROW_FAIL(nfail, row->name, "status %d (%s)", st, err.msg);
		} else {
			if (strcmp(w.path, want) != 0)
				ROW_FAIL(nfail, row->name, "path \"%s\", want \"%s\"", w.path, want);
			if (w.fresh != row->want_fresh)
				ROW_FAIL(nfail, row->name, "fresh %d, want %d", w.fresh, row->want_fresh);
			if (w.fresh && exists(dir, w.name))
				ROW_FAIL(nfail, row->name, "the fresh %s exists already", w.name);
			check_entries(dir, row, &nfail);
			/* A reader never finds a fresh generation before it is published. */
			char live[TC_PATH_MAX];
			if (w.fresh && tc_dbpath_live(dir, live, sizeof live, &err) == TC_OK &&
			    !strcmp(live, w.path))
				ROW_FAIL(nfail, row->name, "readers already resolve to the fresh generation");
		}
		tc_dbpath_writer_release(&w);
		rm_rf(root);
	}
	ROWS_DONE(nfail, N_ROWS(write_rows));
}

static void test_writer_errors(void **state)
{
	(void)state;
	char root[TC_PATH_MAX], file[TC_PATH_MAX];
	scratch_new(root);
	make_file(root, "plain");
	path_join(file, root, "plain");
	tc_err err = {{0}};
	tc_dbpath_writer w;
	assert_int_equal(tc_dbpath_writer_begin(file, TC_DBPATH_UPDATE, &w, &err), TC_ERR_INVALID);
	assert_non_null(strstr(err.msg, "not a directory"));
	assert_string_equal(w.path, "");
	tc_dbpath_writer_release(&w);
	setup_glass(root);
	err.msg[0] = '\0';
	assert_int_equal(tc_dbpath_writer_begin(root, TC_DBPATH_REBUILD, &w, &err), TC_ERR_USAGE);
	assert_non_null(strstr(err.msg, "rebuild"));
	tc_dbpath_writer_release(&w);
	rm_rf(root);
}

/* One writer at a time; the second is told why and touches nothing, not even
 * what looks like leftovers (they are the first one's work in progress). */
static void test_writer_lock(void **state)
{
	(void)state;
	char root[TC_PATH_MAX], dir[TC_PATH_MAX];
	scratch_new(root);
	path_join(dir, root, "index");
	tc_err err = {{0}};
	tc_dbpath_writer first, second;
	assert_int_equal(tc_dbpath_writer_begin(dir, TC_DBPATH_UPDATE, &first, &err), TC_OK);
	assert_int_equal(first.fresh, 1);
	make_dir(dir, "gen-000001"); /* the first one's build, under way */
	make_dir(dir, "gen-000001.shards");
	for (int plan = TC_DBPATH_UPDATE; plan <= TC_DBPATH_REBUILD; plan++) {
		err.msg[0] = '\0';
		assert_int_equal(tc_dbpath_writer_begin(dir, (tc_dbpath_plan)plan, &second, &err),
				 TC_ERR_LOCKED);
		assert_non_null(strstr(err.msg, "another import is running"));
		tc_dbpath_writer_release(&second);
		assert_true(exists(dir, "gen-000001"));
		assert_true(exists(dir, "gen-000001.shards"));
	}
	/* Unpublished when it lets go: its build is removed, and the next writer
	 * gets the lock. */
	tc_dbpath_writer_release(&first);
	assert_false(exists(dir, "gen-000001"));
	assert_int_equal(tc_dbpath_writer_begin(dir, TC_DBPATH_UPDATE, &second, &err), TC_OK);
	assert_false(exists(dir, "gen-000001.shards"));
	tc_dbpath_writer_release(&second);
	rm_rf(root);
}

/* Published: current names the build, older generations are pruned, and
 * letting go removes nothing. */
static void test_writer_publish(void **state)
{
	(void)state;
	char root[TC_PATH_MAX], cur[256];
	scratch_new(root);
	setup_link(root); /* gen-000002, gen-000003 live */
	make_generation(root, 1);
	tc_err err = {{0}};
	tc_dbpath_writer w;
	assert_int_equal(tc_dbpath_writer_begin(root, TC_DBPATH_REBUILD, &w, &err), TC_OK);
	assert_string_equal(w.name, "gen-000004");
	make_generation(root, 4);
	assert_int_equal(tc_dbpath_writer_publish(&w, &err), TC_OK);
	tc_dbpath_writer_release(&w);
	assert_true(read_link(root, cur, sizeof cur));
	assert_string_equal(cur, "gen-000004");
	assert_true(exists(root, "gen-000004"));
	assert_true(exists(root, "gen-000003"));
	assert_false(exists(root, "gen-000002"));
	assert_false(exists(root, "gen-000001"));
	/* In place there is nothing to publish. */
	assert_int_equal(tc_dbpath_writer_begin(root, TC_DBPATH_UPDATE, &w, &err), TC_OK);
	assert_int_equal(tc_dbpath_writer_publish(&w, &err), TC_OK);
	tc_dbpath_writer_release(&w);
	assert_true(read_link(root, cur, sizeof cur));
	assert_string_equal(cur, "gen-000004");
	assert_true(exists(root, "gen-000004"));
	rm_rf(root);
}

/* A crawl's first run: an empty database, live at once. */
static void test_writer_grow(void **state)
{
	(void)state;
	char root[TC_PATH_MAX], dir[TC_PATH_MAX], live[TC_PATH_MAX];
	scratch_new(root);
	path_join(dir, root, "index");
	tc_err err = {{0}};
	tc_dbpath_writer w;
	assert_int_equal(tc_dbpath_writer_begin(dir, TC_DBPATH_GROW, &w, &err), TC_OK);
	assert_int_equal(w.fresh, 0);
	assert_int_equal(tc_dbpath_live(dir, live, sizeof live, &err), TC_OK);
	assert_string_equal(live, w.path);
	char marker[TC_PATH_MAX];
	path_join(marker, w.path, "iamglass");
	struct stat sb;
	assert_int_equal(stat(marker, &sb), 0);
	tc_dbpath_writer_release(&w);
	assert_int_equal(stat(marker, &sb), 0); /* published: kept */
	rm_rf(root);
}

/* ---- tc_dbpath_next_generation ----------------------------------------- */

typedef struct next_row {
	const char *name;
	const char *dirs[6];  /* entries created as directories */
	const char *files[3]; /* entries created as plain files */
	const char *want;
} next_row;

static const next_row next_rows[] = {
	{"empty", {NULL}, {NULL}, "gen-000001"},
	{"one generation", {"gen-000001"}, {NULL}, "gen-000002"},
	{"gaps and order", {"gen-000005", "gen-000001", "gen-000003"}, {NULL}, "gen-000006"},
	{"look-alikes ignored",
	 {"gen-000002", "gen-abc", "gen-", "gen-000009.tmp", "generation-12", "xgen-000010"},
	 {"notes.txt", "gen-00007x"},
	 "gen-000003"},
	{"past six digits", {"gen-999999"}, {NULL}, "gen-1000000"},
};

static void test_next_generation(void **state)
{
	(void)state;
	int nfail = 0;
	for (size_t r = 0; r < N_ROWS(next_rows); r++) {
		const next_row *row = &next_rows[r];
		char root[TC_PATH_MAX];
		scratch_new(root);
		for (size_t i = 0; i < N_ROWS(row->dirs) && row->dirs[i]; i++)
			make_dir(root, row->dirs[i]);
		for (size_t i = 0; i < N_ROWS(row->files) && row->files[i]; i++)
			make_file(root, row->files[i]);
		char name[64] = "";
		tc_err err = {{0}};
		tc_status st = tc_dbpath_next_generation(root, name, sizeof name, &err);
		if (st != TC_OK)
			ROW_FAIL(nfail, row->name, "status %d (%s)", st, err.msg);
		else if (strcmp(name, row->want) != 0)
			ROW_FAIL(nfail, row->name, "\"%s\", want \"%s\"", name, row->want);
		rm_rf(root);
	}
	ROWS_DONE(nfail, N_ROWS(next_rows));
}

static void test_next_generation_errors(void **state)
{
	(void)state;
	char root[TC_PATH_MAX], missing[TC_PATH_MAX], name[64];
	scratch_new(root);
	path_join(missing, root, "missing");
	tc_err err = {{0}};
	assert_int_equal(tc_dbpath_next_generation(missing, name, sizeof name, &err), TC_ERR_IO);
	assert_true(err.msg[0] != '\0');
	char tiny[5];
	assert_int_equal(tc_dbpath_next_generation(root, tiny, sizeof tiny, &err), TC_ERR_TOO_BIG);
	rm_rf(root);
}

/* The next generation is never the live one: a rebuild must not write into
 * the generation readers are using, even right after a first import. */
static void test_next_generation_after_first_add(void **state)
{
	(void)state;
	char root[TC_PATH_MAX], dir[TC_PATH_MAX], cur[256];
	scratch_new(root);
	path_join(dir, root, "index");
	tc_err err = {{0}};
	tc_dbpath_writer w;
	assert_int_equal(tc_dbpath_writer_begin(dir, TC_DBPATH_UPDATE, &w, &err), TC_OK);
	make_generation(dir, 1);
	assert_int_equal(tc_dbpath_writer_publish(&w, &err), TC_OK);
	tc_dbpath_writer_release(&w);
	assert_int_equal(tc_dbpath_writer_begin(dir, TC_DBPATH_REBUILD, &w, &err), TC_OK);
	assert_true(read_link(dir, cur, sizeof cur));
	char name[256];
	snprintf(name, sizeof name, "%s", w.name);
	tc_dbpath_writer_release(&w);
	rm_rf(root);
	if (strcmp(name, cur) == 0)
		fail_msg("next generation \"%s\" is the live generation", name);
}

/* A generation number at the top of long's range must not overflow (UB)
 * when one is added.  Run in a child so a sanitizer abort is reported as a
 * failure here instead of ending the whole program.  Fails today:
 * `max + 1` with max == LONG_MAX in tc_dbpath_next_generation (strtol also
 * saturates larger numbers to LONG_MAX without an ERANGE check). */
static void test_next_generation_overflow(void **state)
{
	(void)state;
	static const char *const names[] = {"gen-9223372036854775807",
					    "gen-99999999999999999999999"};
	int nfail = 0;
	for (size_t r = 0; r < N_ROWS(names); r++) {
		char root[TC_PATH_MAX];
		scratch_new(root);
		make_dir(root, names[r]);
		fflush(NULL);
		pid_t pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			char name[64] = "";
			tc_err err = {{0}};
			tc_status st = tc_dbpath_next_generation(root, name, sizeof name, &err);
			/* An error is fine; a wrapped negative number is not. */
			_exit(st != TC_OK || (strncmp(name, "gen-", 4) == 0 && name[4] != '-') ? 0 : 42);
		}
		int status = 0;
		assert_int_equal(waitpid(pid, &status, 0), pid);
		if (WIFEXITED(status) && WEXITSTATUS(status) == 42)
			ROW_FAIL(nfail, names[r], "returned a wrapped (negative) generation name");
		else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			ROW_FAIL(nfail, names[r],
				 "child stopped by a sanitizer (exit %d, signal %d): undefined behaviour",
				 WIFEXITED(status) ? WEXITSTATUS(status) : -1,
				 WIFSIGNALED(status) ? WTERMSIG(status) : 0);
		rm_rf(root);
	}
	ROWS_DONE(nfail, N_ROWS(names));
}

/* ---- tc_dbpath_switch -------------------------------------------------- */

static int count_prefix(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		if (strncmp(e->d_name, prefix, strlen(prefix)) == 0)
			n++;
	closedir(d);
	return n;
}

static void test_switch(void **state)
{
	(void)state;
	static const char *const seq[] = {"gen-000001", "gen-000002", "gen-000002", "gen-000010",
					  "gen-000003"};
	char root[TC_PATH_MAX];
	scratch_new(root);
	int nfail = 0;
	for (size_t r = 0; r < N_ROWS(seq); r++) {
		tc_err err = {{0}};
		tc_status st = tc_dbpath_switch(root, seq[r], &err);
		char cur[256], live[TC_PATH_MAX], want[TC_PATH_MAX];
		struct stat sb;
		char link[TC_PATH_MAX];
		path_join(link, root, "current");
		if (st != TC_OK) {
			ROW_FAIL(nfail, seq[r], "status %d (%s)", st, err.msg);
			continue;
		}
		if (lstat(link, &sb) != 0 || !S_ISLNK(sb.st_mode))
			ROW_FAIL(nfail, seq[r], "current is not a symlink");
		if (!read_link(root, cur, sizeof cur) || strcmp(cur, seq[r]) != 0)
			ROW_FAIL(nfail, seq[r], "current -> \"%s\"", cur);
		path_join(want, root, seq[r]);
		if (tc_dbpath_live(root, live, sizeof live, &err) != TC_OK || strcmp(live, want))
			ROW_FAIL(nfail, seq[r], "live \"%s\", want \"%s\"", live, want);
		if (count_prefix(root, ".current") != 0)
			ROW_FAIL(nfail, seq[r], "temporary link left behind");
	}
	rm_rf(root);
	ROWS_DONE(nfail, N_ROWS(seq));
}

static void test_switch_missing_dir(void **state)
{
	(void)state;
	char root[TC_PATH_MAX], missing[TC_PATH_MAX];
	scratch_new(root);
	path_join(missing, root, "missing");
	tc_err err = {{0}};
	assert_int_equal(tc_dbpath_switch(missing, "gen-000001", &err), TC_ERR_IO);
	assert_true(err.msg[0] != '\0');
	rm_rf(root);
}

/* While a writer switches back and forth, a reader always finds current
 * and always sees one of the two generations: rename(2) never leaves a
 * moment without the link. */
static void test_switch_is_atomic(void **state)
{
	(void)state;
	char root[TC_PATH_MAX];
	scratch_new(root);
	tc_err err = {{0}};
	assert_int_equal(tc_dbpath_switch(root, "gen-000001", &err), TC_OK);
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		for (int i = 0; i < 3000; i++) {
			if (tc_dbpath_switch(root, i % 2 ? "gen-000001" : "gen-000002", &err) != TC_OK)
				_exit(1);
		}
		_exit(0);
	}
	long reads = 0, missing = 0, torn = 0;
	int status = 0;
	for (;;) {
		char cur[256];
		if (!read_link(root, cur, sizeof cur))
			missing++;
		else if (strcmp(cur, "gen-000001") != 0 && strcmp(cur, "gen-000002") != 0)
			torn++;
		reads++;
		pid_t w = waitpid(pid, &status, WNOHANG);
		assert_true(w >= 0);
		if (w == pid)
			break;
	}
	rm_rf(root);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	if (missing || torn)
		fail_msg("%ld of %ld reads found no link, %ld a wrong target", missing, reads, torn);
}

/* ---- tc_dbpath_prune --------------------------------------------------- */

typedef struct prune_row {
	const char *name;
	long gens[6]; /* generations present, 0-terminated */
	long live;    /* 0: no current link */
	long keep[6]; /* generations left afterwards, 0-terminated */
} prune_row;

static const prune_row prune_rows[] = {
	{"three, live newest", {1, 2, 3}, 3, {2, 3}},
	{"newer than live removed", {1, 2, 3, 4, 5}, 3, {2, 3}},
	{"gaps: previous is the newest older", {1, 3, 7}, 7, {3, 7}},
	{"only the live one", {5}, 5, {5}},
	{"live is the oldest", {1, 2}, 1, {1}},
	{"live in the middle", {2, 3, 4}, 2, {2}},
	{"no current link: nothing removed", {1, 2, 3}, 0, {1, 2, 3}},
	{"live generation missing on disk", {1, 2}, 4, {2}},
};

static void test_prune(void **state)
{
	(void)state;
	int nfail = 0;
	for (size_t r = 0; r < N_ROWS(prune_rows); r++) {
		const prune_row *row = &prune_rows[r];
		char root[TC_PATH_MAX];
		scratch_new(root);
		for (size_t i = 0; i < 6 && row->gens[i]; i++)
			make_generation(root, row->gens[i]);
		/* Things that are not generations are never touched. */
		make_file(root, "notes.txt");
		make_dir(root, "gen-old");
		make_dir(root, "gen-000001.partial");
		if (row->live) {
			char name[64];
			snprintf(name, sizeof name, "gen-%06ld", row->live);
			make_link(root, "current", name);
		}
		tc_err err = {{0}};
		tc_status st = tc_dbpath_prune(root, &err);
		if (st != TC_OK)
			ROW_FAIL(nfail, row->name, "status %d (%s)", st, err.msg);
		for (long g = 1; g <= 10; g++) {
			int want = 0;
			for (size_t i = 0; i < 6 && row->keep[i]; i++)
				want |= row->keep[i] == g;
			int had = 0;
			for (size_t i = 0; i < 6 && row->gens[i]; i++)
				had |= row->gens[i] == g;
			char name[64];
			snprintf(name, sizeof name, "gen-%06ld", g);
			if (exists(root, name) != (had && want))
				ROW_FAIL(nfail, row->name, "%s %s", name,
					 exists(root, name) ? "kept, should be removed" : "removed, should be kept");
		}
		if (!exists(root, "notes.txt") || !exists(root, "gen-old") ||
		    !exists(root, "gen-000001.partial"))
			ROW_FAIL(nfail, row->name, "removed something that is not a generation");
		if (row->live && !exists(root, "current"))
			ROW_FAIL(nfail, row->name, "current link removed");
		rm_rf(root);
	}
	ROWS_DONE(nfail, N_ROWS(prune_rows));
}

/* ---- tc_dbpath_remove_tree --------------------------------------------- */

static void test_remove_tree(void **state)
{
	(void)state;
	char root[TC_PATH_MAX], tree[TC_PATH_MAX], outside[TC_PATH_MAX], d1[TC_PATH_MAX],
		d2[TC_PATH_MAX];
	scratch_new(root);
	make_dir(root, "outside");
	path_join(outside, root, "outside");
	make_file(outside, "keep.txt");
	make_dir(root, "tree");
	path_join(tree, root, "tree");
	make_file(tree, "a");
	make_dir(tree, "empty");
	make_dir(tree, "d1");
	path_join(d1, tree, "d1");
	make_file(d1, "b");
	make_dir(d1, "d2");
	path_join(d2, d1, "d2");
	make_file(d2, "c");
	/* Links are removed, never followed. */
	make_link(tree, "to-outside", outside);
	make_link(tree, "dangling", "no/such/file");

	tc_err err = {{0}};
	assert_int_equal(tc_dbpath_remove_tree(tree, &err), TC_OK);
	assert_false(exists(root, "tree"));
	assert_true(exists(outside, "keep.txt"));
	/* Removing what is not there is not an error. */
	assert_int_equal(tc_dbpath_remove_tree(tree, &err), TC_OK);
	rm_rf(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_live),
		cmocka_unit_test(test_live_stub_file),
		cmocka_unit_test(test_live_rejects_foreign_link),
		cmocka_unit_test(test_live_small_out),
		cmocka_unit_test(test_writer_begin),
		cmocka_unit_test(test_writer_errors),
		cmocka_unit_test(test_writer_lock),
		cmocka_unit_test(test_writer_publish),
		cmocka_unit_test(test_writer_grow),
		cmocka_unit_test(test_next_generation),
		cmocka_unit_test(test_next_generation_errors),
		cmocka_unit_test(test_next_generation_after_first_add),
		cmocka_unit_test(test_next_generation_overflow),
		cmocka_unit_test(test_switch),
		cmocka_unit_test(test_switch_missing_dir),
		cmocka_unit_test(test_switch_is_atomic),
		cmocka_unit_test(test_prune),
		cmocka_unit_test(test_remove_tree),
	};
	return cmocka_run_group_tests_name("tc_dbpath", tests, NULL, NULL);
}
