/* tc_dbpath.c - index directory layout and generation switching; see tc_dbpath.h. */
#include "tc_dbpath.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tc_schema.h"
#include "tc_stub.h"
#include "tc_xapian.h"
#include "tc_banned.h"

#define GEN_PREFIX "gen-"
#define LOCK_NAME "lock"
#define SHARDS_SUFFIX ".shards" /* shard_writer's scratch beside a fresh build */
#define SWITCH_PREFIX ".current." /* tc_dbpath_switch's link before its rename */

static tc_status join(char *out, size_t cap, const char *dir, const char *name, tc_err *err)
{
	int n = snprintf(out, cap, "%s/%s", dir, name);
	if (n < 0 || (size_t)n >= cap)
		return tc_err_set(err, TC_ERR_TOO_BIG, "path too long: %s/%s", dir, name);
	return TC_OK;
}

/* A database folder, or a sharded generation (a folder with a stub file
 * listing its shards). */
static int is_xapian_db(const char *path)
{
	char probe[TC_PATH_MAX];
	struct stat sb;
	const char *markers[] = {"iamglass", "iamchert", "iamhoney", TC_STUB_FILE};
	for (size_t i = 0; i < sizeof markers / sizeof markers[0]; i++) {
		int n = snprintf(probe, sizeof probe, "%s/%s", path, markers[i]);
		if (n > 0 && (size_t)n < sizeof probe && stat(probe, &sb) == 0)
			return 1;
	}
	return 0;
}

/* Read DIR/current; 1 when present, 0 when absent, -1 on error. */
static int read_current(const char *dir, char *name, size_t cap, tc_err *err)
{
	char link[TC_PATH_MAX];
	if (join(link, sizeof link, dir, "current", err) != TC_OK)
		return -1;
	ssize_t n = readlink(link, name, cap - 1);
	if (n < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 0; /* no link: maybe a stub file or a bare database */
		tc_err_set(err, TC_ERR_IO, "cannot read %s: %s", link, strerror(errno));
		return -1;
	}
	name[n] = '\0';
	if (strchr(name, '/')) {
		tc_err_set(err, TC_ERR_INVALID, "%s must point at a generation in the same directory", link);
		return -1;
	}
	return 1;
}

tc_status tc_dbpath_live(const char *dir, char *out, size_t cap, tc_err *err)
{
	char name[256];
	out[0] = '\0';
	int r = read_current(dir, name, sizeof name, err);
	if (r < 0)
		return TC_ERR_INVALID;
	if (r == 1)
		return join(out, cap, dir, name, err);
	struct stat sb;
	if (stat(dir, &sb) != 0)
		return tc_err_set(err, TC_ERR_NOT_FOUND, "no index at %s: %s", dir, strerror(errno));
	if (S_ISREG(sb.st_mode) || is_xapian_db(dir)) { /* a stub file or a bare database */
		int n = snprintf(out, cap, "%s", dir);
		if (n < 0 || (size_t)n >= cap)
			return tc_err_set(err, TC_ERR_TOO_BIG, "path too long: %s", dir);
		return TC_OK;
	}
	return tc_err_set(err, TC_ERR_NOT_FOUND,
			  "no index at %s (run: tracuu-index --db %s add FILE...)", dir, dir);
}

static tc_status mkdir_p(const char *dir, tc_err *err)
{
	char tmp[TC_PATH_MAX];
	int n = snprintf(tmp, sizeof tmp, "%s", dir);
	if (n < 0 || (size_t)n >= sizeof tmp)
		return tc_err_set(err, TC_ERR_TOO_BIG, "path too long: %s", dir);
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0777) != 0 && errno != EEXIST)
			return tc_err_set(err, TC_ERR_IO, "cannot create %s: %s", tmp, strerror(errno));
		*p = '/';
	}
	if (mkdir(tmp, 0777) != 0 && errno != EEXIST)
		return tc_err_set(err, TC_ERR_IO, "cannot create %s: %s", tmp, strerror(errno));
	return TC_OK;
}

#define GEN_MAX 1000000000L

static long gen_number(const char *name)
{
	size_t pl = strlen(GEN_PREFIX);
	if (strncmp(name, GEN_PREFIX, pl) != 0)
		return -1;
	char *end;
	errno = 0;
	long v = strtol(name + pl, &end, 10);
	/* Numbers beyond the name's six-to-nine digits are not ours: ignore them. */
	return *end == '\0' && end != name + pl && errno == 0 && v >= 0 && v < GEN_MAX ? v : -1;
}

tc_status tc_dbpath_next_generation(const char *dir, char *name, size_t cap, tc_err *err)
{
	DIR *d = opendir(dir);
	if (!d)
		return tc_err_set(err, TC_ERR_IO, "cannot read %s: %s", dir, strerror(errno));
	long max = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		long v = gen_number(e->d_name);
		if (v > max)
			max = v;
	}
	closedir(d);
	/* The live generation counts even before its directory exists (a fresh
	 * index links current first), so a rebuild never reuses its name. */
	char live[256];
	tc_err ignore;
	if (read_current(dir, live, sizeof live, &ignore) == 1 && gen_number(live) > max)
		max = gen_number(live);
	if (max + 1 >= GEN_MAX)
		return tc_err_set(err, TC_ERR_TOO_BIG, "no generation numbers left in %s", dir);
	int n = snprintf(name, cap, GEN_PREFIX "%06ld", max + 1);
	if (n < 0 || (size_t)n >= cap)
		return tc_err_set(err, TC_ERR_TOO_BIG, "generation name too long");
	return TC_OK;
}

tc_status tc_dbpath_switch(const char *dir, const char *name, tc_err *err)
{
	char tmp[TC_PATH_MAX], link[TC_PATH_MAX], tmpname[64];
	snprintf(tmpname, sizeof tmpname, ".current.%ld", (long)getpid());
	tc_status st = join(tmp, sizeof tmp, dir, tmpname, err);
	if (st == TC_OK)
		st = join(link, sizeof link, dir, "current", err);
	if (st != TC_OK)
		return st;
	unlink(tmp);
	if (symlink(name, tmp) != 0)
		return tc_err_set(err, TC_ERR_IO, "cannot create link %s: %s", tmp, strerror(errno));
	if (rename(tmp, link) != 0) {
		int e = errno;
		unlink(tmp);
		return tc_err_set(err, TC_ERR_IO, "cannot switch %s: %s", link, strerror(e));
	}
	return TC_OK;
}

int tc_dbpath_shard_count(const char *path, tc_err *err)
{
	char stub[TC_PATH_MAX];
	struct stat sb;
	if (join(stub, sizeof stub, path, TC_STUB_FILE, err) != TC_OK)
		return -1;
	if (stat(path, &sb) != 0 || !S_ISDIR(sb.st_mode) || stat(stub, &sb) != 0)
		return 0;
	tc_stub s;
	if (tc_stub_load(path, &s, err) != TC_OK)
		return -1;
	size_t n = s.n;
	for (size_t k = 0; k < s.n; k++)
		if (s.shard[k].kind != TC_SHARD_LOCAL) {
			tc_err_set(err, TC_ERR_USAGE,
				   "%s lists %s: an index generation holds local shards only (remote "
				   "shards are served copies; write the index they come from)",
				   stub, s.shard[k].name);
			n = 0;
		}
	tc_stub_release(&s);
	return n ? (int)n : -1;
}

tc_status tc_dbpath_open_write(const char *path, tc_db_mode mode, tc_db **out, tc_err *err)
{
	*out = NULL;
	int n = tc_dbpath_shard_count(path, err);
	if (n < 0)
		return TC_ERR_INVALID;
	if (n == 0)
		return tc_db_open(path, mode, out, err);
	tc_stub s;
	tc_status st = tc_stub_load(path, &s, err);
	if (st != TC_OK)
		return st;
	const char **paths = calloc(s.n, sizeof *paths);
	if (!paths) {
		tc_stub_release(&s);
		return TC_ERR_NOMEM;
	}
	for (size_t k = 0; k < s.n; k++)
		paths[k] = s.shard[k].path;
	/* The stub lists every shard, so a missing one is created empty: what a
	 * crawl into a fresh sharded generation starts from. */
	st = tc_db_open_shards(paths, s.n, mode == TC_DB_READ ? TC_DB_READ : TC_DB_CREATE_OR_OPEN,
			       tc_schema_shard_of, out, err);
	free(paths);
	tc_stub_release(&s);
	return st;
}

tc_status tc_dbpath_make_sharded(const char *path, size_t n, tc_err *err)
{
	if (n < 1 || n > TC_STUB_MAX_SHARDS)
		return tc_err_set(err, TC_ERR_USAGE, "--shards must be between 1 and %d, not %zu",
				  TC_STUB_MAX_SHARDS, n);
	if (mkdir(path, 0777) != 0)
		return tc_err_set(err, TC_ERR_IO, "cannot create %s: %s", path, strerror(errno));
	return tc_stub_write_local(path, n, err);
}

tc_status tc_dbpath_remove_tree(const char *path, tc_err *err)
{
	DIR *d = opendir(path);
	if (!d)
		return errno == ENOENT ? TC_OK
				       : tc_err_set(err, TC_ERR_IO, "cannot read %s: %s", path, strerror(errno));
	struct dirent *e;
	tc_status st = TC_OK;
	while ((e = readdir(d)) != NULL && st == TC_OK) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		char p[TC_PATH_MAX];
		st = join(p, sizeof p, path, e->d_name, err);
		if (st != TC_OK)
			break;
		struct stat sb;
		if (lstat(p, &sb) == 0 && S_ISDIR(sb.st_mode))
			st = tc_dbpath_remove_tree(p, err);
		else if (unlink(p) != 0)
			st = tc_err_set(err, TC_ERR_IO, "cannot remove %s: %s", p, strerror(errno));
	}
	closedir(d);
	if (st == TC_OK && rmdir(path) != 0)
		st = tc_err_set(err, TC_ERR_IO, "cannot remove %s: %s", path, strerror(errno));
	return st;
}

tc_status tc_dbpath_prune(const char *dir, tc_err *err)
{
	char live[256];
	int r = read_current(dir, live, sizeof live, err);
	if (r <= 0)
		return r < 0 ? TC_ERR_INVALID : TC_OK;
	long cur = gen_number(live);
	DIR *d = opendir(dir);
	if (!d)
		return tc_err_set(err, TC_ERR_IO, "cannot read %s: %s", dir, strerror(errno));
	/* Keep the live generation and the newest older one, which readers that
	 * opened before the switch may still be using. */
	long prev = -1;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		long v = gen_number(e->d_name);
		if (v >= 0 && v < cur && v > prev)
			prev = v;
	}
	rewinddir(d);
	tc_status st = TC_OK;
	while ((e = readdir(d)) != NULL && st == TC_OK) {
		long v = gen_number(e->d_name);
		if (v < 0 || v == cur || v == prev)
			continue;
		char p[TC_PATH_MAX];
		st = join(p, sizeof p, dir, e->d_name, err);
		if (st == TC_OK)
			st = tc_dbpath_remove_tree(p, err);
	}
	closedir(d);
	return st;
}

/* ---- writers ------------------------------------------------------------ */

/* Is name the scratch folder of a fresh build, "gen-N.shards"? */
static int is_shards_dir(const char *name)
{
	size_t n = strlen(name), sl = strlen(SHARDS_SUFFIX);
	char gen[256];
	if (n <= sl || n - sl >= sizeof gen || strcmp(name + n - sl, SHARDS_SUFFIX) != 0)
		return 0;
	memcpy(gen, name, n - sl);
	gen[n - sl] = '\0';
	return gen_number(gen) >= 0;
}

/*
 * flock(2) rather than Xapian's own lock: the first import and a rebuild
 * write folders no Xapian database exists in yet, and the kernel drops the
 * lock however the holder ends, so a killed writer never leaves DIR locked.
 */
static tc_status take_lock(const char *dir, int *fd_out, tc_err *err)
{
	char p[TC_PATH_MAX];
	*fd_out = -1;
	tc_status st = join(p, sizeof p, dir, LOCK_NAME, err);
	if (st != TC_OK)
		return st;
	int fd = open(p, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	if (fd < 0)
		return tc_err_set(err, TC_ERR_IO, "cannot open %s: %s", p, strerror(errno));
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		int e = errno;
		close(fd);
		if (e == EWOULDBLOCK)
			return tc_err_set(err, TC_ERR_LOCKED,
					  "another import is running on %s (it holds %s); "
					  "try again when it has finished", dir, p);
		return tc_err_set(err, TC_ERR_IO, "cannot lock %s: %s", p, strerror(e));
	}
	*fd_out = fd;
	return TC_OK;
}

/*
 * With the lock held, nobody else is building in dir: remove what interrupted
 * writers left.  Every generation newer than the live one, or every one when
 * none is live, was never published, so whether it is complete is unknown.
 * A current naming a missing or incomplete generation (what a first import
 * interrupted before this lock existed left) goes too, with that generation
 * and any newer; older ones are tc_dbpath_prune's.  A current naming
 * something other than gen-N puts every generation out of reach.
 */
static tc_status clean_up(const char *dir, tc_err *err)
{
	char live[256], p[TC_PATH_MAX];
	int r = read_current(dir, live, sizeof live, err);
	if (r < 0)
		return TC_ERR_INVALID;
	long cur = -1;
	if (r == 1) {
		tc_status st = join(p, sizeof p, dir, live, err);
		if (st != TC_OK)
			return st;
		struct stat sb;
		if (lstat(p, &sb) != 0 || (S_ISDIR(sb.st_mode) && !is_xapian_db(p))) {
			char link[TC_PATH_MAX];
			st = join(link, sizeof link, dir, "current", err);
			if (st != TC_OK)
				return st;
			if (unlink(link) != 0 && errno != ENOENT)
				return tc_err_set(err, TC_ERR_IO, "cannot remove %s: %s", link, strerror(errno));
			cur = gen_number(live) >= 0 ? gen_number(live) - 1 : GEN_MAX;
		} else {
			cur = gen_number(live) >= 0 ? gen_number(live) : GEN_MAX;
		}
	}
	DIR *d = opendir(dir);
	if (!d)
		return tc_err_set(err, TC_ERR_IO, "cannot read %s: %s", dir, strerror(errno));
	tc_status st = TC_OK;
	struct dirent *e;
	while ((e = readdir(d)) != NULL && st == TC_OK) {
		const char *n = e->d_name;
		int is_switch = !strncmp(n, SWITCH_PREFIX, strlen(SWITCH_PREFIX));
		if (!is_switch && !is_shards_dir(n) && gen_number(n) <= cur)
			continue;
		st = join(p, sizeof p, dir, n, err);
		if (st != TC_OK)
			break;
		if (is_switch) {
			if (unlink(p) != 0 && errno != ENOENT)
				st = tc_err_set(err, TC_ERR_IO, "cannot remove %s: %s", p, strerror(errno));
		} else {
			st = tc_dbpath_remove_tree(p, err);
		}
	}
	closedir(d);
	return st;
}

/* An empty database at w->path, published: a crawl's commits go live as
 * they are made. */
static tc_status publish_empty(tc_dbpath_writer *w, tc_err *err)
{
	tc_db *db;
	tc_status st = tc_db_open(w->path, TC_DB_CREATE, &db, err);
	if (st != TC_OK)
		return st;
	st = tc_db_commit(db, err);
	tc_db_free(db);
	if (st == TC_OK)
		st = tc_dbpath_writer_publish(w, err);
	if (st == TC_OK)
		w->fresh = 0;
	return st;
}

static tc_status choose(tc_dbpath_writer *w, tc_dbpath_plan plan, tc_err *err)
{
	tc_status st = mkdir_p(w->dir, err);
	if (st == TC_OK)
		st = take_lock(w->dir, &w->lock_fd, err);
	if (st == TC_OK)
		st = clean_up(w->dir, err);
	if (st != TC_OK)
		return st;
	int r = read_current(w->dir, w->name, sizeof w->name, err);
	if (r < 0)
		return TC_ERR_INVALID;
	if (r == 1 && plan != TC_DBPATH_REBUILD)
		return join(w->path, sizeof w->path, w->dir, w->name, err);
	st = tc_dbpath_next_generation(w->dir, w->name, sizeof w->name, err);
	if (st == TC_OK)
		st = join(w->path, sizeof w->path, w->dir, w->name, err);
	if (st != TC_OK)
		return st;
	w->fresh = 1;
	return plan == TC_DBPATH_GROW ? publish_empty(w, err) : TC_OK;
}

tc_status tc_dbpath_writer_begin(const char *dir, tc_dbpath_plan plan, tc_dbpath_writer *w,
				 tc_err *err)
{
	memset(w, 0, sizeof *w);
	w->lock_fd = -1;
	int n = snprintf(w->dir, sizeof w->dir, "%s", dir);
	if (n < 0 || (size_t)n >= sizeof w->dir)
		return tc_err_set(err, TC_ERR_TOO_BIG, "path too long: %s", dir);
	struct stat sb;
	if (stat(dir, &sb) == 0 && !S_ISDIR(sb.st_mode))
		return tc_err_set(err, TC_ERR_INVALID, "%s is not a directory", dir);
	if (stat(dir, &sb) == 0 && is_xapian_db(dir)) {
		if (plan == TC_DBPATH_REBUILD)
			return tc_err_set(err, TC_ERR_USAGE,
					  "%s is a Xapian database, not an index directory: "
					  "rebuild needs a directory it can keep generations in", dir);
		memcpy(w->path, w->dir, sizeof w->path);
		return TC_OK;
	}
	tc_status st = choose(w, plan, err);
	if (st != TC_OK)
		tc_dbpath_writer_release(w);
	return st;
}

tc_status tc_dbpath_writer_publish(tc_dbpath_writer *w, tc_err *err)
{
	if (!w->fresh || w->published)
		return TC_OK;
	tc_status st = tc_dbpath_switch(w->dir, w->name, err);
	if (st != TC_OK)
		return st;
	w->published = 1;
	return tc_dbpath_prune(w->dir, err);
}

void tc_dbpath_writer_release(tc_dbpath_writer *w)
{
	/* Before unlocking: the next writer may choose the same name. */
	if (w->fresh && !w->published && w->path[0]) {
		tc_err ignore;
		if (tc_dbpath_remove_tree(w->path, &ignore) != TC_OK) {
			/* Left to the next writer's clean-up. */
		}
	}
	w->fresh = 0;
	if (w->lock_fd >= 0)
		close(w->lock_fd);
	w->lock_fd = -1;
}
