/*
 * nightly.c - `tracuu-index nightly`: the one command a cron line or a
 * systemd timer runs to keep an index current (docs/CRAWL.md, "The nightly
 * run").
 *
 * It holds flock(2) on DIR/nightly.lock for the whole run, so two runs never
 * overlap (the second exits 75 at once) and a killed run never blocks the
 * next (the kernel drops the lock with its holder).  By default it crawls
 * into the live generation, as `crawl` does.  With --rebuild (or when
 * --rebuild-every days have passed) it builds a new generation instead: the
 * archived pages first, then a crawl pass on a copy of the crawl state, in
 * which every page the new generation lacks is fetched without validators;
 * what still could not be fetched is copied from the live generation, so
 * nothing the index held is lost to a bad night; then the switch, and the
 * copy of the state replaces the state.  A rebuild stopped half-way leaves
 * the live generation and the state as they were.
 *
 * Every run is recorded in DIR/nightly-runs.jsonl (runlog.h) when it starts
 * and when it ends, for `tracuu-index status`.  Events go to stderr, one line
 * each with a level; --quiet keeps only warnings and errors, so a good night
 * prints nothing and cron mails nothing.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "crawl_cmd.h"
#include "doc_build.h"
#include "runlog.h"
#include "tc_dbpath.h"
#include "tc_schema.h"
#include "tc_xapian.h"
#include "tc_banned.h"

#define EXIT_LOCKED 75 /* EX_TEMPFAIL: another run holds the lock; try later */

enum { OPT_REBUILD = 400, OPT_REBUILD_EVERY, OPT_KEEP_ARCHIVE };

typedef struct nightly_args {
	crawl_args crawl;
	int rebuild;
	uint32_t rebuild_every; /* days; 0: only with --rebuild */
	uint32_t keep_days;     /* WARC files older than this are removed by a rebuild */
} nightly_args;

static int on_option(void *ctx, cli *c, int id, const char *arg)
{
	nightly_args *a = ctx;
	switch (id) {
	case OPT_REBUILD: a->rebuild = 1; return 0;
	case OPT_REBUILD_EVERY:
		if (!cli_parse_u32(arg, 1, 3650, &a->rebuild_every))
			return cli_usage_error(c, "--rebuild-every needs days from 1 to 3650, not '%s'", arg);
		return 0;
	case OPT_KEEP_ARCHIVE:
		if (!cli_parse_u32(arg, 1, 36500, &a->keep_days))
			return cli_usage_error(c, "--keep-archive needs days from 1 to 36500, not '%s'", arg);
		return 0;
	default: return crawl_on_option(&a->crawl, c, id, arg);
	}
}

typedef enum level { L_ERROR, L_WARNING, L_INFO } level;

typedef struct nightly {
	const char *dir;
	int quiet;
	int journal;            /* stderr is the journal: add <N> priority prefixes */
	nightly_args *a;
	tc_crawl_config *cfg;
	const tc_import_opts *io;
	char runs_path[TC_PATH_MAX];
	tc_run *runs;           /* the run record, this run last */
	size_t nruns;
	char live[TC_PATH_MAX]; /* the live generation's path (rebuild: before the switch) */
	uint64_t kept;          /* documents a rebuild copied from the live generation */
	uint64_t archived;      /* documents a rebuild read from the archive */
} nightly;

/* One line per event: journald takes <N> as the priority, cron mails it. */
static void say(const nightly *n, level lv, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void say(const nightly *n, level lv, const char *fmt, ...)
{
	static const char *const names[] = {"error", "warning", "info"};
	static const char *const prio[] = {"<3>", "<4>", "<6>"};
	if (lv == L_INFO && n->quiet)
		return;
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "%stracuu-index nightly: %s: ", n->journal ? prio[lv] : "", names[lv]);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static tc_status path_in(char *out, const char *dir, const char *name, tc_err *err)
{
	int len = snprintf(out, TC_PATH_MAX, "%s/%s", dir, name);
	if (len < 0 || len >= TC_PATH_MAX)
		return tc_err_set(err, TC_ERR_TOO_BIG, "path too long: %s/%s", dir, name);
	return TC_OK;
}

/* ---- the lock ------------------------------------------------------------ */

/*
 * Take DIR/nightly.lock, or say who holds it.  The file's content (pid and
 * start time) is only for the message: the lock is the flock, which the
 * kernel drops when its holder dies however it dies, so a stale file never
 * blocks.  Returns the descriptor (kept open for the whole run), -1 when
 * another run holds it (holder filled in), -2 on an error (err filled in).
 */
static int take_lock(const char *dir, char *holder, size_t cap, tc_err *err)
{
	char path[TC_PATH_MAX];
	holder[0] = '\0';
	if (path_in(path, dir, "nightly.lock", err) != TC_OK)
		return -2;
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0) {
		tc_err_set(err, TC_ERR_IO, "cannot open %s: %s", path, strerror(errno));
		return -2;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		int e = errno;
		if (e == EWOULDBLOCK) {
			ssize_t got = pread(fd, holder, cap - 1, 0);
			holder[got > 0 ? got : 0] = '\0';
			holder[strcspn(holder, "\n")] = '\0';
			close(fd);
			return -1;
		}
		close(fd);
		tc_err_set(err, TC_ERR_IO, "cannot lock %s: %s", path, strerror(e));
		return -2;
	}
	char line[96], when[24];
	tc_time_iso(time(NULL), when);
	int len = snprintf(line, sizeof line, "pid %ld, started %s\n", (long)getpid(), when);
	/* Only a message for the next run: failing to write it (a full disk)
	 * changes nothing about the lock. */
	if (ftruncate(fd, 0) != 0 || pwrite(fd, line, (size_t)len, 0) != len)
		holder[0] = '\0';
	return fd;
}

/* ---- the run record ------------------------------------------------------ */

static void record_write(nightly *n)
{
	tc_err err = {{0}};
	if (tc_runlog_write(n->runs_path, n->runs, n->nruns, &err) != TC_OK)
		say(n, L_WARNING, "run record not written: %s", err.msg);
}

/* Read the record, mark runs that never finished as interrupted (we hold
 * the lock, so none of them is running), and append this run. */
static void record_start(nightly *n, const char *mode)
{
	size_t bad = 0;
	tc_err err = {{0}};
	n->runs = calloc(TC_RUNLOG_KEEP + 1, sizeof *n->runs);
	if (!n->runs) {
		say(n, L_WARNING, "run record not written: out of memory");
		return;
	}
	if (tc_runlog_read(n->runs_path, n->runs, TC_RUNLOG_KEEP, &n->nruns, &bad, &err) != TC_OK)
		say(n, L_WARNING, "%s; starting a new run record", err.msg);
	if (bad)
		say(n, L_WARNING, "%s: %zu damaged lines skipped", n->runs_path, bad);
	for (size_t i = 0; i < n->nruns; i++)
		if (n->runs[i].exit_status < 0 && !n->runs[i].finished[0])
			n->runs[i].interrupted = 1;
	tc_run *r = &n->runs[n->nruns++];
	tc_run_init(r);
	tc_time_iso(time(NULL), r->started);
	snprintf(r->mode, sizeof r->mode, "%s", mode);
	r->pid = (long)getpid();
	record_write(n);
}

static tc_run *this_run(nightly *n)
{
	return n->runs && n->nruns ? &n->runs[n->nruns - 1] : NULL;
}

/* Whether the last rebuild that switched is older than days (or none did). */
static int rebuild_due(const nightly *n, uint32_t days)
{
	time_t now = time(NULL), t;
	for (size_t i = n->nruns; i-- > 0;) {
		const tc_run *r = &n->runs[i];
		if (!strcmp(r->mode, "rebuild") && (r->exit_status == 0 || r->exit_status == 1) &&
		    tc_time_parse_iso(r->finished, &t))
			return now - t >= (time_t)days * 86400 - 3600; /* an hour early: cron drifts */
	}
	return 1;
}

/* ---- rebuild steps ------------------------------------------------------- */

/* Before the crawl of a rebuild: a new pass over every known URL, and the
 * archived pages into the new generation. */
static tc_status rebuild_before(void *ctx, tc_db *db, tc_importer *imp, tc_crawl_state *state,
				tc_err *err)
{
	nightly *n = ctx;
	(void)imp;
	/* Even when the last pass was interrupted: every URL must be asked
	 * about again, or the new generation would miss what that pass did. */
	tc_status st = tc_crawl_state_end(state, err);
	const char *archive = n->a->crawl.o.archive;
	struct stat sb;
	if (st != TC_OK || !archive || stat(archive, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return st;
	tc_import_opts io = *n->io;
	io.progress = 0;
	io.sources = n->cfg;
	tc_importer *aimp;
	st = tc_importer_new(db, &io, &aimp);
	if (st != TC_OK)
		return st;
	say(n, L_INFO, "reading the archived pages in %s", archive);
	st = tc_importer_add_path(aimp, archive, err);
	tc_import_stats s;
	tc_err ferr = {{0}};
	tc_status fst = tc_importer_finish(aimp, &s, &ferr);
	tc_importer_free(aimp);
	if (st == TC_OK && fst != TC_OK) {
		st = fst;
		*err = ferr;
	}
	if (st == TC_OK) {
		n->archived = s.docs;
		say(n, L_INFO, "%llu archived pages indexed", (unsigned long long)s.docs);
		/* A file cut short by a killed run: what it lacks is fetched again. */
		if (s.failed)
			say(n, L_WARNING, "%llu archived records or files could not be read; their pages "
			    "are fetched again", (unsigned long long)s.failed);
	}
	return st;
}

typedef struct keep_ctx {
	tc_importer *imp;
	tc_db *live;
	tc_status st;
	tc_err *err;
	uint64_t kept;
} keep_ctx;

static int keep_term(void *ctx, const char *term, size_t len, uint64_t freq)
{
	keep_ctx *k = ctx;
	int copied;
	(void)freq;
	k->st = tc_importer_keep(k->imp, k->live, term, len, &copied, k->err);
	k->kept += (uint64_t)copied;
	return k->st != TC_OK;
}

typedef struct drop_ctx {
	tc_importer *imp;
	tc_status st;
	tc_err *err;
} drop_ctx;

static int drop_url(void *ctx, const char *url)
{
	drop_ctx *d = ctx;
	int deleted;
	d->st = tc_importer_delete(d->imp, url, &deleted, d->err);
	return d->st != TC_OK;
}

/* After the crawl of a rebuild: what the live generation holds and the new
 * one lacks (pages that failed tonight, hosts that were down, --max-pages,
 * documents that came from elsewhere than the crawl) is copied over; then
 * what the state says is no article (gone, duplicate, skipped) is dropped,
 * whether it came from the archive or the copy. */
static tc_status rebuild_after(void *ctx, tc_db *db, tc_importer *imp, tc_crawl_state *state,
			       tc_err *err)
{
	nightly *n = ctx;
	(void)db;
	tc_db *live;
	tc_status st = tc_db_open(n->live, TC_DB_READ, &live, err);
	if (st != TC_OK)
		return st;
	keep_ctx k = {imp, live, TC_OK, err, 0};
	st = tc_db_allterms(live, TC_PREFIX_ID, keep_term, &k, err);
	if (st == TC_OK)
		st = k.st;
	tc_db_free(live);
	n->kept = k.kept;
	if (st != TC_OK)
		return st;
	if (k.kept)
		say(n, L_INFO, "%llu documents kept from the live generation (not fetched tonight)",
		    (unsigned long long)k.kept);
	drop_ctx d = {imp, TC_OK, err};
	st = tc_crawl_state_unindexed(state, drop_url, &d, err);
	return st == TC_OK ? d.st : st;
}

/* Remove WARC files of the archive last modified more than days ago.  Their
 * pages stay in the index; a later rebuild fetches again those it needs. */
static void prune_archive(nightly *n, const char *archive, uint32_t days)
{
	DIR *d = opendir(archive);
	if (!d)
		return;
	time_t limit = time(NULL) - (time_t)days * 86400;
	unsigned removed = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		const char *name = e->d_name;
		size_t len = strlen(name);
		if (strncmp(name, "tracuu-", 7) != 0 || len < 9 || strcmp(name + len - 8, ".warc.gz") != 0)
			continue; /* only the files crawl --archive writes */
		char p[TC_PATH_MAX];
		struct stat sb;
		if (snprintf(p, sizeof p, "%s/%s", archive, name) >= (int)sizeof p || stat(p, &sb) != 0 ||
		    !S_ISREG(sb.st_mode) || sb.st_mtime >= limit)
			continue;
		if (unlink(p) == 0)
			removed++;
		else
			say(n, L_WARNING, "cannot remove %s: %s", p, strerror(errno));
	}
	closedir(d);
	if (removed)
		say(n, L_INFO, "removed %u archive files older than %u days", removed, days);
}

/* ---- the run ------------------------------------------------------------- */

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

/* The name of dir's live generation, or "". */
static const char *now_live_name(const char *dir)
{
	static char name[256];
	char link[TC_PATH_MAX];
	ssize_t len = -1;
	if (snprintf(link, sizeof link, "%s/current", dir) < (int)sizeof link)
		len = readlink(link, name, sizeof name - 1);
	name[len > 0 ? len : 0] = '\0';
	return name;
}

/* The crawl into the live generation.  Returns the status of the pass. */
static tc_status run_incremental(nightly *n, const char *state_path, crawl_result *res,
				 tc_err *err)
{
	tc_dbpath_writer w;
	tc_status st = tc_dbpath_writer_begin(n->dir, TC_DBPATH_GROW, &w, err);
	if (st != TC_OK)
		return st;
	snprintf(n->live, sizeof n->live, "%s", w.path);
	say(n, L_INFO, "crawling into %s", n->live);
	st = crawl_pass(n->cfg, &n->a->crawl.o, n->io, n->live, state_path, NULL, NULL, NULL, res,
			err);
	tc_dbpath_writer_release(&w);
	return st;
}

/* Remove the new state a rebuild stopped half-way left (its generation goes
 * with the writer's release). */
static void discard(const char *new_state)
{
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
	char p[TC_PATH_MAX];
	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++)
		if (snprintf(p, sizeof p, "%s%s", new_state, suffixes[i]) < (int)sizeof p)
			unlink(p);
}

static tc_status run_rebuild(nightly *n, const char *state_path, crawl_result *res,
			     char *gen_name, size_t cap, tc_err *err)
{
	char new_state[TC_PATH_MAX];
	tc_status st = path_in(new_state, n->dir, "crawl.sqlite.new", err);
	if (st != TC_OK)
		return st;
	discard(new_state); /* a rebuild killed earlier */
	/* The index's writer lock for the whole build: no add, rebuild or
	 * crawl meanwhile; an unpublished generation goes with its release. */
	tc_dbpath_writer w;
	st = tc_dbpath_writer_begin(n->dir, TC_DBPATH_REBUILD, &w, err);
	if (st != TC_OK)
		return st;
	const char *gen = w.path;
	snprintf(gen_name, cap, "%s", w.name);
	/* The copy of the state: the pass writes into it, and it replaces the
	 * state only once the new generation is live. */
	tc_crawl_state *s = NULL;
	if (st == TC_OK)
		st = tc_crawl_state_open(state_path, &s, err);
	if (st == TC_OK)
		st = tc_crawl_state_copy(s, new_state, err);
	tc_crawl_state_free(s);
	if (st != TC_OK) {
		discard(new_state);
		tc_dbpath_writer_release(&w);
		return st;
	}
	/* A sharded live generation is rebuilt sharded alike: the shard
	 * servers and their stub file expect that many. */
	int shards = tc_dbpath_shard_count(n->live, err);
	if (shards < 0)
		st = TC_ERR_INVALID;
	else if (shards > 0)
		st = tc_dbpath_make_sharded(gen, (size_t)shards, err);
	if (st != TC_OK) {
		discard(new_state);
		tc_dbpath_writer_release(&w);
		return st;
	}
	say(n, L_INFO, shards ? "building %s (%d shards)" : "building %s", gen, shards);
	st = crawl_pass(n->cfg, &n->a->crawl.o, n->io, gen, new_state, rebuild_before, rebuild_after,
			n, res, err);
	if (st == TC_OK && res->cs.interrupted) {
		say(n, L_WARNING, "rebuild stopped by a signal; the live generation is kept");
		discard(new_state);
		tc_dbpath_writer_release(&w);
		return TC_OK;
	}
	uint64_t docs = 0;
	if (st == TC_OK) {
		tc_db *db;
		st = tc_db_open(gen, TC_DB_READ, &db, err);
		if (st == TC_OK)
			st = tc_db_doccount(db, &docs, err);
		tc_db_free(db);
	}
	if (st == TC_OK && docs == 0)
		st = tc_err_set(err, TC_ERR_INVALID, "the new generation holds no documents");
	if (st != TC_OK) {
		discard(new_state);
		tc_dbpath_writer_release(&w);
		return st;
	}
	/* The switch first, then the state: killed in between, the old state
	 * is only behind the index, which costs refetches, never articles.
	 * Publishing prunes the generations before the previous one. */
	char wal[TC_PATH_MAX];
	st = tc_dbpath_writer_publish(&w, err);
	tc_dbpath_writer_release(&w);
	if (st == TC_OK && snprintf(wal, sizeof wal, "%s-wal", state_path) < (int)sizeof wal)
		unlink(wal); /* the old state is closed: its log must not meet the new file */
	if (st == TC_OK && rename(new_state, state_path) != 0)
		st = tc_err_set(err, TC_ERR_IO, "cannot replace %s: %s", state_path, strerror(errno));
	if (st != TC_OK)
		return st;
	say(n, L_INFO, "now serving %s/%s (%llu documents)", n->dir, gen_name,
	    (unsigned long long)docs);
	if (n->a->crawl.o.archive)
		prune_archive(n, n->a->crawl.o.archive, n->a->keep_days);
	return TC_OK;
}

const char cmd_nightly_usage[] =
	"usage: tracuu-index [--db DIR] nightly [--config FILE] [options] [URL...]\n"
	"\n"
	"The nightly job: crawl the sources (as crawl does) into the live index, or\n"
	"with --rebuild into a new generation switched in atomically.  Holds\n"
	"DIR/nightly.lock for the whole run and records it in DIR/nightly-runs.jsonl\n"
	"(tracuu-index status).  Exit status: 0 all good, 1 some URLs or hosts\n"
	"failed, 2 usage or the index or state could not be written, 75 another\n"
	"run holds the lock.\n"
	"\n"
	"  --rebuild           build a new generation from the archive and the crawl\n"
	"  --rebuild-every D   rebuild when the last rebuild is D days old (1 to 3650)\n"
	"  --keep-archive D    a rebuild removes archive files older than D days\n"
	"                      (default 30)\n"
	"  crawl's options:    --config FILE, --delay S, --max-pages N, --archive DIR,\n"
	"                      --timeout S, --max-memory MIB, --verbose\n"
	"  -q, --quiet         print nothing but warnings and errors\n"
	"  (and the common options: tracuu-index --help)\n";

int cmd_nightly(cli *c, int argc, char **argv)
{
	static const cli_option own[] = {
		{"rebuild", no_argument, OPT_REBUILD, NULL},
		{"rebuild-every", required_argument, OPT_REBUILD_EVERY, "DAYS"},
		{"keep-archive", required_argument, OPT_KEEP_ARCHIVE, "DAYS"},
	};
	enum { NOWN = sizeof own / sizeof own[0] };
	cli_option opts[CRAWL_NOPTIONS + NOWN];
	memcpy(opts, crawl_options, sizeof crawl_options);
	memcpy(opts + CRAWL_NOPTIONS, own, sizeof own);
	nightly_args a;
	memset(&a, 0, sizeof a);
	crawl_args_init(&a.crawl);
	a.keep_days = 30;
	/* A job, not a terminal: no progress bar unless asked for. */
	c->io.progress = 0;
	int first;
	int rc = cli_parse(c, argc, argv, opts, CRAWL_NOPTIONS + NOWN, on_option, &a,
			   cmd_nightly_usage, &first);
	if (rc)
		return rc < 0 ? 0 : rc;
	if ((rc = cli_need_db(c)) != 0)
		return rc;
	a.crawl.o.progress = c->io.progress;
	tc_crawl_config cfg;
	if ((rc = crawl_load_config(c, &a.crawl, argv + first, (size_t)(argc - first), &cfg)) != 0)
		return rc;
	const char *js = getenv("JOURNAL_STREAM");
	nightly n = {.dir = c->db, .quiet = c->io.quiet, .journal = js && *js, .a = &a,
		     .cfg = &cfg, .io = &c->io};
	tc_err err = {{0}};
	char state_path[TC_PATH_MAX], holder[128];
	if (mkdir(c->db, 0777) != 0 && errno != EEXIST) {
		say(&n, L_ERROR, "cannot create %s: %s", c->db, strerror(errno));
		tc_crawl_config_release(&cfg);
		return CLI_EXIT_USAGE;
	}
	int lock = take_lock(c->db, holder, sizeof holder, &err);
	if (lock == -1) {
		say(&n, L_WARNING, "another run holds %s/nightly.lock (%s); exiting with status 75",
		    c->db, holder[0] ? holder : "pid unknown");
		tc_crawl_config_release(&cfg);
		return EXIT_LOCKED;
	}
	if (lock < 0 || path_in(state_path, c->db, "crawl.sqlite", &err) != TC_OK ||
	    path_in(n.runs_path, c->db, "nightly-runs.jsonl", &err) != TC_OK) {
		say(&n, L_ERROR, "%s", err.msg);
		if (lock >= 0)
			close(lock);
		tc_crawl_config_release(&cfg);
		return CLI_EXIT_USAGE;
	}
	crawl_catch_signals();
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* Decided on the record read at the start; the mode is recorded then. */
	record_start(&n, "incremental");
	char live[TC_PATH_MAX];
	int rebuild = a.rebuild || (a.rebuild_every && rebuild_due(&n, a.rebuild_every));
	if (rebuild && tc_dbpath_live(c->db, live, sizeof live, &(tc_err){{0}}) != TC_OK) {
		say(&n, L_INFO, "no index yet: a first crawl instead of a rebuild");
		rebuild = 0;
	}
	if (rebuild) {
		snprintf(n.live, sizeof n.live, "%s", live);
		tc_run *r = this_run(&n);
		if (r) {
			snprintf(r->mode, sizeof r->mode, "rebuild");
			record_write(&n);
		}
	}
	/* Generations left by a rebuild that was killed, and ones no reader
	 * needs any more. */
	tc_err perr = {{0}};
	if (tc_dbpath_prune(c->db, &perr) != TC_OK)
		say(&n, L_WARNING, "old generations not removed: %s", perr.msg);
	say(&n, L_INFO, "%s run started (pid %ld)", rebuild ? "rebuild" : "incremental",
	    (long)getpid());
	crawl_result res;
	memset(&res, 0, sizeof res);
	char gen_name[256] = "";
	tc_status st = rebuild ? run_rebuild(&n, state_path, &res, gen_name, sizeof gen_name, &err)
			       : run_incremental(&n, state_path, &res, &err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	const tc_crawl_stats *cs = &res.cs;
	int status;
	char why[sizeof err.msg] = "";
	if (st != TC_OK) {
		snprintf(why, sizeof why, "%s", err.msg[0] ? err.msg : tc_status_str(st));
		if (rebuild && strcmp(now_live_name(c->db), gen_name) != 0)
			say(&n, L_ERROR, "rebuild abandoned, the live generation is kept: %s", why);
		else
			say(&n, L_ERROR, "%s stopped: %s", rebuild ? "rebuild" : "crawl", why);
		status = CLI_EXIT_USAGE;
	} else if (cs->interrupted) {
		snprintf(why, sizeof why, "stopped by a signal; the next run resumes");
		say(&n, L_WARNING, "%s", why);
		status = CLI_EXIT_PARTIAL;
	} else if (cs->failed || cs->blocked || res.is.failed) {
		snprintf(why, sizeof why, "%llu URLs failed, %llu hosts unreachable, %llu pages not indexed",
			 (unsigned long long)cs->failed, (unsigned long long)cs->blocked,
			 (unsigned long long)res.is.failed);
		say(&n, L_WARNING, "%s", why);
		status = CLI_EXIT_PARTIAL;
	} else {
		status = 0;
	}
	char now_live[TC_PATH_MAX];
	if (tc_dbpath_live(c->db, now_live, sizeof now_live, &(tc_err){{0}}) != TC_OK)
		now_live[0] = '\0';
	tc_run *r = this_run(&n);
	if (r) {
		tc_time_iso(time(NULL), r->finished);
		r->exit_status = status;
		r->fetched = cs->fetched;
		r->not_modified = cs->not_modified;
		r->indexed = cs->indexed;
		r->deleted = cs->deleted;
		r->failed = cs->failed + cs->blocked;
		r->kept = n.kept;
		r->duration = secs;
		snprintf(r->generation, sizeof r->generation, "%s", now_live[0] ? base_name(now_live) : "");
		snprintf(r->message, sizeof r->message, "%s", why);
		record_write(&n);
	}
	if (st == TC_OK)
		say(&n, L_INFO,
		    "finished in %.1f s, exit %d: %llu fetched, %llu not modified, %llu indexed, "
		    "%llu deleted, %llu failed, %llu kept, %llu URLs queued; serving %s",
		    secs, status, (unsigned long long)cs->fetched,
		    (unsigned long long)cs->not_modified, (unsigned long long)cs->indexed,
		    (unsigned long long)cs->deleted, (unsigned long long)(cs->failed + cs->blocked),
		    (unsigned long long)n.kept, (unsigned long long)res.queued,
		    now_live[0] ? base_name(now_live) : "nothing");
	free(n.runs);
	tc_crawl_config_release(&cfg);
	close(lock);
	return status;
}
