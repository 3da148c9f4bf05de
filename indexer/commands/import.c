/*
 * import.c - `tracuu-index add` and `tracuu-index rebuild`: bring files into
 * the live generation, or build a new generation from them and switch to it.
 *
 * A rebuild replaces everything the index holds, so it never switches to a
 * generation that misses an input: a path that does not exist or cannot be
 * read stops it before any work, and a file that could not be read to its
 * end keeps the live generation, unless --allow-missing says to go ahead
 * with what could be read.
 */
#include <errno.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "crawl_config.h"
#include "doc_build.h"
#include "tc_dbpath.h"
#include "tc_xapian.h"
#include "tc_banned.h"

enum { OPT_CONFIG = 300, OPT_ALLOW_MISSING, OPT_BASE_URL, OPT_SHARDS };

typedef struct import_args {
	const char *config;
	int allow_missing;
	int shards; /* rebuild --shards N; 0: as the live generation */
} import_args;

static int on_option(void *ctx, cli *c, int id, const char *arg)
{
	import_args *a = ctx;
	if (id == OPT_CONFIG) {
		a->config = arg;
	} else if (id == OPT_ALLOW_MISSING) {
		a->allow_missing = 1;
	} else if (id == OPT_SHARDS) {
		uint32_t n;
		if (!cli_parse_u32(arg, 1, TC_SHARDS_MAX, &n))
			return cli_usage_error(c, "--shards needs a number from 1 (one database) to %d, not '%s'",
					       TC_SHARDS_MAX, arg);
		a->shards = (int)n;
	} else if (id == OPT_BASE_URL) {
		tc_err err = {{0}};
		if (tc_import_check_base_url(arg, &err) != TC_OK)
			return cli_usage_error(c, "--base-url: %s", err.msg);
		c->io.base_url = arg;
	}
	return 0;
}

/* Counts articles the shard workers reject; they report them themselves. */
typedef struct rejects {
	_Atomic unsigned long long n;
} rejects;

static void on_reject(void *ctx, const char *file, uint64_t line, const char *why)
{
	rejects *r = ctx;
	atomic_fetch_add(&r->n, 1);
	if (line)
		fprintf(stderr, "\ntracuu-index: %s:%llu: %s\n", file, (unsigned long long)line, why);
	else
		fprintf(stderr, "\ntracuu-index: %s: %s\n", file, why);
}

static void feed(tc_importer *imp, char **paths, int n, const tc_import_opts *o,
		 tc_import_stats *stats, tc_status *st, tc_err *err)
{
	if (o->progress)
		tc_importer_plan(imp, (const char *const *)paths, n);
	for (int i = 0; i < n && *st == TC_OK; i++)
		*st = tc_importer_add_path(imp, paths[i], err);
	tc_status fin = tc_importer_finish(imp, stats, err);
	if (*st == TC_OK)
		*st = fin;
}

/*
 * Import into path.  A database that does not exist yet (fresh) is built by
 * o->jobs shard workers and merged at the end, or with shards >= 2 by one
 * worker per shard into a sharded generation (tc_dbpath.h); an existing
 * one, sharded or not, is updated in place.
 */
static int run_import(const char *path, int fresh, int shards, char **paths, int n,
		      const tc_import_opts *o, tc_import_stats *stats)
{
	tc_err err = {{0}};
	tc_status st;
	tc_importer *imp = NULL;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (fresh && (o->jobs > 1 || shards > 1)) {
		char work[TC_PATH_MAX];
		if (snprintf(work, sizeof work, "%s.shards", path) >= (int)sizeof work) {
			fprintf(stderr, "tracuu-index: path too long: %s\n", path);
			return CLI_EXIT_USAGE;
		}
		rejects rej = {0};
		tc_shards *sh = NULL;
		st = shards > 1 ? tc_dbpath_make_sharded(path, (size_t)shards, &err) : TC_OK;
		if (st == TC_OK)
			st = tc_shards_new(work, shards > 1 ? shards : o->jobs, o->batch_docs, on_reject,
					   &rej, &sh, &err);
		if (st == TC_OK) {
			st = tc_importer_new_sharded(sh, o, &imp);
			if (st == TC_OK)
				feed(imp, paths, n, o, stats, &st, &err);
			tc_importer_free(imp);
			if (st == TC_OK) {
				st = shards > 1 ? tc_shards_finish_sharded(sh, path, &stats->docs,
									  &stats->replaced, &err)
						: tc_shards_finish(sh, path, &stats->docs, &stats->replaced,
								   &err);
				stats->failed += rej.n;
			} else {
				tc_shards_abort(sh);
			}
		}
	} else {
		tc_db *db;
		st = tc_dbpath_open_write(path, fresh ? TC_DB_CREATE : TC_DB_CREATE_OR_OPEN, &db, &err);
		if (st != TC_OK) {
			fprintf(stderr, "tracuu-index: cannot open %s for writing: %s\n", path, err.msg);
			return CLI_EXIT_USAGE;
		}
		st = tc_doc_claim_schema(db, &err);
		if (st == TC_OK)
			st = tc_importer_new(db, o, &imp);
		if (st == TC_OK)
			feed(imp, paths, n, o, stats, &st, &err);
		tc_importer_free(imp);
		tc_db_free(db);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	/* Wall time of the whole job, shard merge included. */
	stats->seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	if (st != TC_OK) {
		fprintf(stderr, "tracuu-index: import stopped: %s%s%s\n", tc_status_str(st),
			err.msg[0] ? ": " : "", err.msg);
		return CLI_EXIT_USAGE;
	}
	return stats->failed ? CLI_EXIT_PARTIAL : 0;
}

static int do_add(cli *c, char **paths, int n)
{
	tc_dbpath_writer w;
	tc_err err = {{0}};
	if (tc_dbpath_writer_begin(c->db, TC_DBPATH_UPDATE, &w, &err) != TC_OK) {
		fprintf(stderr, "tracuu-index: %s\n", err.msg);
		return CLI_EXIT_USAGE;
	}
	tc_import_stats s;
	memset(&s, 0, sizeof s);
	int rc = run_import(w.path, w.fresh, 0, paths, n, &c->io, &s);
	if (rc != CLI_EXIT_USAGE && tc_dbpath_writer_publish(&w, &err) != TC_OK) {
		fprintf(stderr, "tracuu-index: %s\n", err.msg);
		rc = CLI_EXIT_USAGE;
	}
	tc_dbpath_writer_release(&w);
	if (rc != CLI_EXIT_USAGE && !c->io.quiet)
		cli_print_summary("indexed", &s);
	return rc;
}

/* Every input must be there before a rebuild starts; with --allow-missing
 * the missing ones are left out (with a warning) instead.  Returns the
 * number of paths kept at the front of paths[], or -1 after a message. */
static int check_inputs(cli *c, char **paths, int n, int allow_missing)
{
	int kept = 0;
	for (int i = 0; i < n; i++) {
		struct stat sb;
		const char *why = NULL;
		if (stat(paths[i], &sb) != 0)
			why = strerror(errno);
		else if (access(paths[i], R_OK | (S_ISDIR(sb.st_mode) ? X_OK : 0)) != 0)
			why = strerror(errno);
		if (!why) {
			paths[kept++] = paths[i];
			continue;
		}
		if (!allow_missing) {
			cli_usage_error(c, "cannot read %s: %s; nothing was changed "
					   "(--allow-missing rebuilds from the other inputs)",
					paths[i], why);
			return -1;
		}
		fprintf(stderr, "tracuu-index rebuild: warning: leaving out %s: %s\n", paths[i], why);
	}
	return kept;
}

/* The shards of a rebuild: --shards, else as many as the live generation
 * has (0: one database), so that a routine rebuild keeps the layout the
 * shard servers serve.  -1 after a message. */
static int rebuild_shards(cli *c, int asked)
{
	if (asked)
		return asked == 1 ? 0 : asked;
	char live[TC_PATH_MAX];
	tc_err err = {{0}};
	if (tc_dbpath_live(c->db, live, sizeof live, &err) != TC_OK)
		return 0; /* no index yet: one database */
	int n = tc_dbpath_shard_count(live, &err);
	if (n < 0)
		fprintf(stderr, "tracuu-index: %s\n", err.msg);
	return n;
}

static int do_rebuild(cli *c, char **paths, int n, int allow_missing, int asked_shards)
{
	tc_dbpath_writer w;
	tc_err err = {{0}};
	n = check_inputs(c, paths, n, allow_missing);
	if (n < 0)
		return CLI_EXIT_USAGE;
	if (n == 0)
		return cli_usage_error(c, "none of the inputs can be read; keeping the live index");
	int shards = rebuild_shards(c, asked_shards);
	if (shards < 0)
		return CLI_EXIT_USAGE;
	if (tc_dbpath_writer_begin(c->db, TC_DBPATH_REBUILD, &w, &err) != TC_OK) {
		fprintf(stderr, "tracuu-index: %s\n", err.msg);
		return CLI_EXIT_USAGE;
	}
	tc_import_stats s;
	memset(&s, 0, sizeof s);
	int rc = run_import(w.path, 1, shards, paths, n, &c->io, &s);
	if (rc != CLI_EXIT_USAGE && s.docs == 0) {
		fprintf(stderr, "tracuu-index: rebuild produced no documents; keeping the live index\n");
		rc = CLI_EXIT_USAGE;
	} else if (rc != CLI_EXIT_USAGE && s.unreadable && !allow_missing) {
		fprintf(stderr,
			"tracuu-index: rebuild: %llu input%s could not be read to the end; keeping the "
			"live index (--allow-missing switches anyway)\n",
			(unsigned long long)s.unreadable, s.unreadable == 1 ? "" : "s");
		rc = CLI_EXIT_PARTIAL;
	} else if (rc != CLI_EXIT_USAGE && tc_dbpath_writer_publish(&w, &err) != TC_OK) {
		fprintf(stderr, "tracuu-index: %s\n", err.msg);
		rc = CLI_EXIT_USAGE;
	} else if (rc != CLI_EXIT_USAGE && !c->io.quiet) {
		cli_print_summary("rebuilt with", &s);
		if (shards > 1)
			fprintf(stderr, "now serving %s/%s (%d shards)\n", c->db, w.name, shards);
		else
			fprintf(stderr, "now serving %s/%s\n", c->db, w.name);
	}
	tc_dbpath_writer_release(&w); /* an unpublished build is removed */
	return rc;
}

static int run(cli *c, int argc, char **argv, int rebuild)
{
	static const cli_option add_opts[] = {
		{"config", required_argument, OPT_CONFIG, "FILE"},
		{"base-url", required_argument, OPT_BASE_URL, "URL"},
	};
	static const cli_option rebuild_opts[] = {
		{"config", required_argument, OPT_CONFIG, "FILE"},
		{"base-url", required_argument, OPT_BASE_URL, "URL"},
		{"allow-missing", no_argument, OPT_ALLOW_MISSING, NULL},
		{"shards", required_argument, OPT_SHARDS, "N"},
	};
	import_args a = {0};
	int first;
	int rc = rebuild ? cli_parse(c, argc, argv, rebuild_opts, 4, on_option, &a, cmd_rebuild_usage,
				     &first)
			 : cli_parse(c, argc, argv, add_opts, 2, on_option, &a, cmd_add_usage, &first);
	if (rc)
		return rc < 0 ? 0 : rc;
	if ((rc = cli_need_db(c)) != 0)
		return rc;
	if (first >= argc)
		return cli_usage_error(c, "needs at least one file or directory (see --help)");
	/* --config FILE: the crawl's sources say which archived pages are articles. */
	tc_crawl_config sources;
	if (a.config) {
		tc_err err = {{0}};
		if (tc_crawl_config_load(a.config, &sources, &err) != TC_OK)
			return cli_usage_error(c, "%s", err.msg);
		c->io.sources = &sources;
	}
	rc = rebuild ? do_rebuild(c, argv + first, argc - first, a.allow_missing, a.shards)
		     : do_add(c, argv + first, argc - first);
	if (a.config) {
		c->io.sources = NULL;
		tc_crawl_config_release(&sources);
	}
	return rc;
}

const char cmd_add_usage[] =
	"usage: tracuu-index [--db DIR] add [--config FILE] [--base-url URL] PATH...\n"
	"\n"
	"Import JSON Lines (.jsonl, .jsonl.gz), HTML files, web archives (.warc,\n"
	".warc.gz, such as crawl --archive keeps) and directories of them into the\n"
	"live index; re-importing replaces, never duplicates.\n"
	"\n"
	"  --config FILE     the crawl config whose article patterns say which\n"
	"                    archived pages are articles\n"
	"  --base-url URL    the public address of the folder given: an HTML file\n"
	"                    without a canonical URL gets URL + its path under it\n"
	"                    (without it such a file is refused)\n"
	"  (and the common options: tracuu-index --help)\n";

const char cmd_rebuild_usage[] =
	"usage: tracuu-index [--db DIR] rebuild [--config FILE] [--base-url URL] [--allow-missing]\n"
	"                                        [--shards N] PATH...\n"
	"\n"
	"Import into a new generation and switch to it atomically when done\n"
	"(searches keep using the old one until then).  Every input must exist and\n"
	"be read to its end, or the live index is kept.\n"
	"\n"
	"  --config FILE, --base-url URL   as for add\n"
	"  --allow-missing   rebuild from the inputs that can be read, and switch\n"
	"  --shards N        build N shard databases (2 to 64; 1: one database) and a\n"
	"                    stub file that opens them as one (docs/SCALE.md); each\n"
	"                    article goes to one shard by a hash of its URL.  Default:\n"
	"                    as many as the live generation has\n"
	"  (and the common options: tracuu-index --help)\n";

int cmd_add(cli *c, int argc, char **argv)
{
	return run(c, argc, argv, 0);
}

int cmd_rebuild(cli *c, int argc, char **argv)
{
	return run(c, argc, argv, 1);
}
