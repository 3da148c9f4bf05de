/*
 * main.c - tracuu-index: import articles into an index, and report on it.
 *
 *   tracuu-index [--db DIR] add PATH...        import or update articles
 *   tracuu-index [--db DIR] rebuild PATH...    build a new generation, then switch
 *   tracuu-index [--db DIR] stats [--json]     what the index holds
 *   tracuu-index [--db DIR] crawl [--config FILE] [URL...]   fetch and index sites
 *
 * Exit status: 0 on success, 1 when some records failed, 2 on usage errors
 * or when the index cannot be opened or written.
 */
#include <getopt.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <signal.h>

#include "crawler.h"
#include "doc_build.h"
#include "importer.h"
#include "stats.h"
#include "tc_dbpath.h"
#include "tc_xapian.h"
#include "tc_banned.h"

#define EXIT_PARTIAL 1
#define EXIT_USAGE 2

static void usage(FILE *out)
{
	fputs("usage: tracuu-index [--db DIR] [options] COMMAND [ARGS]\n"
	      "\n"
	      "commands:\n"
	      "  add [--config FILE] PATH...\n"
	      "                    import JSON Lines (.jsonl, .jsonl.gz), HTML files, web\n"
	      "                    archives (.warc, .warc.gz, such as crawl --archive keeps)\n"
	      "                    and directories of them; re-importing replaces, never\n"
	      "                    duplicates.  --config: the crawl config whose article\n"
	      "                    patterns say which archived pages are articles\n"
	      "  rebuild [--config FILE] PATH...\n"
	      "                    import into a new generation and switch to it atomically\n"
	      "                    when done (searches keep using the old one until then)\n"
	      "  stats [--json]    document count, size, date range and sources\n"
	      "  crawl [--config FILE] [--delay S] [--max-pages N] [--archive DIR] [URL...]\n"
	      "                    fetch the sources of FILE (or the sites of the URLs)\n"
	      "                    politely and index their articles; state in DIR/crawl.sqlite\n"
	      "\n"
	      "options:\n"
	      "  --db DIR          index directory (default: $TRACUU_DB)\n"
	      "  --batch N         commit every N documents (default 250)\n"
	      "  --jobs N          threads for building a new index (default: one per core)\n"
	      "  --progress        always draw the progress bar (default: on a terminal)\n"
	      "  --no-progress     never draw it\n"
	      "  -q, --quiet       no summary line\n"
	      "  -h, --help        this help\n",
	      out);
}

static int parse_count(const char *s, uint32_t *out)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);
	if (*s == '\0' || *end != '\0' || *s == '-' || v == 0 || v > 10000000)
		return 0;
	*out = (uint32_t)v;
	return 1;
}

static void print_summary(const char *verb, const tc_import_stats *s)
{
	double mb = (double)s->bytes / 1e6;
	double secs = s->seconds > 0 ? s->seconds : 1e-9;
	fprintf(stderr,
		"%s %llu documents (%llu replaced) from %llu files, %llu failed; "
		"%.1f MB of text in %.2f s (%.1f MB/s, %.0f docs/s)",
		verb, (unsigned long long)s->docs, (unsigned long long)s->replaced,
		(unsigned long long)s->files, (unsigned long long)s->failed, mb, s->seconds,
		mb / secs, (double)s->docs / secs);
	if (s->invalid_utf8)
		fprintf(stderr, "; %llu invalid UTF-8 sequences replaced",
			(unsigned long long)s->invalid_utf8);
	fputc('\n', stderr);
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
 * o->jobs shard workers and merged at the end; an existing one is updated in
 * place.
 */
static int run_import(const char *path, int fresh, char **paths, int n,
		      const tc_import_opts *o, tc_import_stats *stats)
{
	tc_err err = {{0}};
	tc_status st;
	tc_importer *imp = NULL;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (fresh && o->jobs > 1) {
		char work[TC_PATH_MAX];
		if (snprintf(work, sizeof work, "%s.shards", path) >= (int)sizeof work) {
			fprintf(stderr, "tracuu-index: path too long: %s\n", path);
			return EXIT_USAGE;
		}
		rejects rej = {0};
		tc_shards *sh;
		st = tc_shards_new(work, o->jobs, o->batch_docs, on_reject, &rej, &sh, &err);
		if (st == TC_OK) {
			st = tc_importer_new_sharded(sh, o, &imp);
			if (st == TC_OK)
				feed(imp, paths, n, o, stats, &st, &err);
			tc_importer_free(imp);
			if (st == TC_OK) {
				st = tc_shards_finish(sh, path, &stats->docs, &stats->replaced, &err);
				stats->failed += rej.n;
			} else {
				tc_shards_abort(sh);
			}
		}
	} else {
		tc_db *db;
		st = tc_db_open(path, fresh ? TC_DB_CREATE : TC_DB_CREATE_OR_OPEN, &db, &err);
		if (st != TC_OK) {
			fprintf(stderr, "tracuu-index: cannot open %s for writing: %s\n", path, err.msg);
			return EXIT_USAGE;
		}
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
		return EXIT_USAGE;
	}
	return stats->failed ? EXIT_PARTIAL : 0;
}

static int cmd_add(const char *dir, char **paths, int n, const tc_import_opts *o)
{
	tc_dbpath_writer w;
	tc_err err = {{0}};
	if (tc_dbpath_writer_begin(dir, TC_DBPATH_UPDATE, &w, &err) != TC_OK) {
		fprintf(stderr, "tracuu-index: %s\n", err.msg);
		return EXIT_USAGE;
	}
	tc_import_stats s;
	memset(&s, 0, sizeof s);
	int rc = run_import(w.path, w.fresh, paths, n, o, &s);
	if (rc != EXIT_USAGE && tc_dbpath_writer_publish(&w, &err) != TC_OK) {
		fprintf(stderr, "tracuu-index: %s\n", err.msg);
		rc = EXIT_USAGE;
	}
	tc_dbpath_writer_release(&w);
	if (rc != EXIT_USAGE && !o->quiet)
		print_summary("indexed", &s);
	return rc;
}

static int cmd_rebuild(const char *dir, char **paths, int n, const tc_import_opts *o)
{
	tc_dbpath_writer w;
	tc_err err = {{0}};
	if (tc_dbpath_writer_begin(dir, TC_DBPATH_REBUILD, &w, &err) != TC_OK) {
		fprintf(stderr, "tracuu-index: %s\n", err.msg);
		return EXIT_USAGE;
	}
	tc_import_stats s;
	memset(&s, 0, sizeof s);
	int rc = run_import(w.path, 1, paths, n, o, &s);
	if (rc != EXIT_USAGE && s.docs == 0) {
		fprintf(stderr, "tracuu-index: rebuild produced no documents; keeping the live index\n");
		rc = EXIT_USAGE;
	} else if (rc != EXIT_USAGE && tc_dbpath_writer_publish(&w, &err) != TC_OK) {
		fprintf(stderr, "tracuu-index: %s\n", err.msg);
		rc = EXIT_USAGE;
	} else if (rc != EXIT_USAGE && !o->quiet) {
		print_summary("rebuilt with", &s);
		fprintf(stderr, "now serving %s/%s\n", dir, w.name);
	}
	tc_dbpath_writer_release(&w); /* an unpublished build is removed */
	return rc;
}

static int cmd_stats(const char *dir, int argc, char **argv)
{
	int json = 0;
	static const struct option opts[] = {{"json", no_argument, NULL, 'j'}, {NULL, 0, NULL, 0}};
	optind = 1;
	int c;
	while ((c = getopt_long(argc, argv, "j", opts, NULL)) != -1) {
		if (c == 'j')
			json = 1;
		else
			return EXIT_USAGE;
	}
	if (optind != argc) {
		fprintf(stderr, "tracuu-index: stats takes no arguments\n");
		return EXIT_USAGE;
	}
	tc_err err = {{0}};
	tc_status st = tc_stats_print(dir, json, stdout, &err);
	if (st != TC_OK) {
		fprintf(stderr, "tracuu-index: %s\n", err.msg[0] ? err.msg : tc_status_str(st));
		return EXIT_USAGE;
	}
	return 0;
}

static void on_signal(int sig)
{
	(void)sig;
	tc_crawl_request_stop();
}

static int parse_seconds(const char *s, double *out)
{
	char *end;
	double v = strtod(s, &end);
	if (end == s || *end || !(v >= 0 && v <= 3600))
		return 0;
	*out = v;
	return 1;
}

static int cmd_crawl(const char *dir, int argc, char **argv, const tc_import_opts *io)
{
	tc_crawl_opts o;
	tc_crawl_opts_init(&o);
	o.progress = io->progress;
	const char *config = NULL;
	static const struct option opts[] = {
		{"config", required_argument, NULL, 'c'}, {"delay", required_argument, NULL, 'd'},
		{"max-pages", required_argument, NULL, 'm'}, {"archive", required_argument, NULL, 'a'},
		{"verbose", no_argument, NULL, 'v'},      {"timeout", required_argument, NULL, 't'},
		{NULL, 0, NULL, 0}};
	optind = 1;
	int ch;
	while ((ch = getopt_long(argc, argv, "c:d:m:a:vt:", opts, NULL)) != -1) {
		uint32_t n;
		double secs;
		switch (ch) {
		case 'c': config = optarg; break;
		case 'a': o.archive = optarg; break;
		case 'v': o.verbose = 1; break;
		case 'd':
			if (!parse_seconds(optarg, &o.delay)) {
				fprintf(stderr, "tracuu-index: --delay needs seconds from 0 to 3600, not '%s'\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case 't':
			if (!parse_seconds(optarg, &secs) || secs < 0.1) {
				fprintf(stderr, "tracuu-index: --timeout needs seconds from 0.1 to 3600, not '%s'\n", optarg);
				return EXIT_USAGE;
			}
			o.timeout_ms = (long)(secs * 1000);
			if (o.connect_timeout_ms > o.timeout_ms)
				o.connect_timeout_ms = o.timeout_ms;
			if (o.low_speed_secs > (long)secs)
				o.low_speed_secs = (long)secs > 0 ? (long)secs : 1;
			break;
		case 'm':
			if (!parse_count(optarg, &n)) {
				fprintf(stderr, "tracuu-index: --max-pages needs a positive number, not '%s'\n", optarg);
				return EXIT_USAGE;
			}
			o.max_pages = n;
			break;
		default: return EXIT_USAGE;
		}
	}
	char **urls = argv + optind;
	size_t nurls = (size_t)(argc - optind);
	if (!config && !nurls) {
		fprintf(stderr, "tracuu-index: crawl needs --config FILE or start URLs\n");
		return EXIT_USAGE;
	}
	tc_err err = {{0}};
	tc_crawl_config cfg;
	tc_status st = config ? tc_crawl_config_load(config, &cfg, &err)
			      : tc_crawl_config_from_urls(urls, nurls, &cfg, &err);
	if (st == TC_OK && config && nurls) {
		/* URLs given with a config are extra start points of its sources. */
		for (size_t i = 0; i < nurls && st == TC_OK; i++) {
			char host[256];
			int s = tc_url_host(urls[i], strlen(urls[i]), host, sizeof host)
					? tc_crawl_config_source_of(&cfg, host) : -1;
			if (s < 0)
				st = tc_err_set(&err, TC_ERR_USAGE, "%s is outside the config's hosts", urls[i]);
			else if (cfg.src[s].nstart == TC_CRAWL_MAX_LIST)
				st = tc_err_set(&err, TC_ERR_USAGE, "too many start URLs");
			else if (!(cfg.src[s].start[cfg.src[s].nstart] = strdup(urls[i])))
				st = TC_ERR_NOMEM;
			else
				cfg.src[s].nstart++;
		}
		if (st != TC_OK)
			tc_crawl_config_release(&cfg);
	}
	if (st != TC_OK) {
		fprintf(stderr, "tracuu-index: %s\n", err.msg[0] ? err.msg : tc_status_str(st));
		return EXIT_USAGE;
	}
	char state_path[TC_PATH_MAX];
	tc_dbpath_writer w;
	if (snprintf(state_path, sizeof state_path, "%s/crawl.sqlite", dir) >= (int)sizeof state_path) {
		fprintf(stderr, "tracuu-index: path too long: %s\n", dir);
		tc_crawl_config_release(&cfg);
		return EXIT_USAGE;
	}
	if (tc_dbpath_writer_begin(dir, TC_DBPATH_GROW, &w, &err) != TC_OK) {
		fprintf(stderr, "tracuu-index: %s\n", err.msg);
		tc_crawl_config_release(&cfg);
		return EXIT_USAGE;
	}
	tc_db *db = NULL;
	tc_crawl_state *state = NULL;
	tc_importer *imp = NULL;
	st = tc_db_open(w.path, TC_DB_CREATE_OR_OPEN, &db, &err);
	if (st == TC_OK)
		st = tc_crawl_state_open(state_path, &state, &err);
	if (st == TC_OK)
		st = tc_importer_new(db, io, &imp);
	tc_crawl_stats cs;
	memset(&cs, 0, sizeof cs);
	if (st == TC_OK) {
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_signal;
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
		st = tc_crawl_run(&cfg, state, imp, &o, &cs, &err);
	}
	tc_import_stats is;
	memset(&is, 0, sizeof is);
	if (imp) {
		tc_err ferr = {{0}};
		tc_status fst = tc_importer_finish(imp, &is, &ferr);
		if (st == TC_OK && fst != TC_OK) {
			st = fst;
			err = ferr;
		}
		tc_importer_free(imp);
	}
	uint64_t counts[5] = {0};
	if (state && tc_crawl_state_counts(state, counts, &(tc_err){{0}}) != TC_OK)
		memset(counts, 0, sizeof counts);
	tc_crawl_state_free(state);
	tc_db_free(db);
	tc_dbpath_writer_release(&w);
	tc_crawl_config_release(&cfg);
	if (st != TC_OK) {
		fprintf(stderr, "tracuu-index: crawl stopped: %s%s%s\n", tc_status_str(st),
			err.msg[0] ? ": " : "", err.msg);
		return EXIT_USAGE;
	}
	if (!io->quiet)
		fprintf(stderr,
			"crawled %llu pages in %.1f s (%.0f pages/s)%s: %llu indexed, %llu not modified, "
			"%llu unchanged, %llu duplicates, %llu deleted, %llu skipped, %llu failed, "
			"%llu retries; %llu URLs queued for later\n",
			(unsigned long long)cs.fetched, cs.seconds,
			cs.seconds > 0 ? (double)cs.fetched / cs.seconds : 0.0,
			cs.resumed ? " (resumed)" : cs.interrupted ? " (interrupted)" : "",
			(unsigned long long)cs.indexed, (unsigned long long)cs.not_modified,
			(unsigned long long)cs.unchanged, (unsigned long long)cs.duplicates,
			(unsigned long long)cs.deleted, (unsigned long long)cs.skipped,
			(unsigned long long)cs.failed, (unsigned long long)cs.retried,
			(unsigned long long)counts[TC_URL_QUEUED]);
	return cs.failed || is.failed ? EXIT_PARTIAL : 0;
}

int main(int argc, char **argv)
{
	const char *db = getenv("TRACUU_DB");
	tc_import_opts o;
	tc_import_opts_init(&o);
	o.progress = isatty(STDERR_FILENO);
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},     {"batch", required_argument, NULL, 'b'},
		{"progress", no_argument, NULL, 'p'},     {"no-progress", no_argument, NULL, 'P'},
		{"quiet", no_argument, NULL, 'q'},        {"help", no_argument, NULL, 'h'},
		{"jobs", required_argument, NULL, 'j'},
		{NULL, 0, NULL, 0}};
	int c;
	while ((c = getopt_long(argc, argv, "+d:b:j:qh", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'b':
			if (!parse_count(optarg, &o.batch_docs)) {
				fprintf(stderr, "tracuu-index: --batch needs a positive number, not '%s'\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'j': {
			uint32_t j;
			if (!parse_count(optarg, &j) || j > 16) {
				fprintf(stderr, "tracuu-index: --jobs needs a number from 1 to 16, not '%s'\n", optarg);
				return EXIT_USAGE;
			}
			o.jobs = (int)j;
			break;
		}
		case 'p': o.progress = 1; break;
		case 'P': o.progress = 0; break;
		case 'q': o.quiet = 1; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!db || !*db) {
		fprintf(stderr, "tracuu-index: no index given: use --db DIR or set TRACUU_DB\n");
		return EXIT_USAGE;
	}
	const char *cmd = argv[optind];
	char **rest = argv + optind + 1;
	int nrest = argc - optind - 1;
	if (!strcmp(cmd, "add") || !strcmp(cmd, "rebuild")) {
		/* --config FILE: the crawl's sources say which archived pages are articles. */
		tc_crawl_config sources;
		int have_sources = 0;
		if (nrest >= 1 && (!strcmp(rest[0], "--config") || !strncmp(rest[0], "--config=", 9))) {
			const char *path = rest[0][8] == '=' ? rest[0] + 9 : nrest >= 2 ? rest[1] : NULL;
			int used = rest[0][8] == '=' ? 1 : 2;
			if (!path) {
				fprintf(stderr, "tracuu-index: --config needs a file\n");
				return EXIT_USAGE;
			}
			tc_err err = {{0}};
			if (tc_crawl_config_load(path, &sources, &err) != TC_OK) {
				fprintf(stderr, "tracuu-index: %s\n", err.msg);
				return EXIT_USAGE;
			}
			have_sources = 1;
			o.sources = &sources;
			rest += used;
			nrest -= used;
		}
		int rc;
		if (nrest == 0) {
			fprintf(stderr, "tracuu-index: %s needs at least one file or directory\n", cmd);
			rc = EXIT_USAGE;
		} else {
			rc = !strcmp(cmd, "add") ? cmd_add(db, rest, nrest, &o) : cmd_rebuild(db, rest, nrest, &o);
		}
		if (have_sources)
			tc_crawl_config_release(&sources);
		return rc;
	}
	if (!strcmp(cmd, "stats"))
		return cmd_stats(db, argc - optind, argv + optind);
	if (!strcmp(cmd, "crawl"))
		return cmd_crawl(db, argc - optind, argv + optind, &o);
	fprintf(stderr, "tracuu-index: unknown command '%s' (try --help)\n", cmd);
	return EXIT_USAGE;
}
