/*
 * crawl_cmd.h - what `crawl` shares with `nightly`, which takes the same
 * sources and options: the option table and its parser, the config loading,
 * the signal handlers and the closing line.  One copy, in crawl.c, so the
 * two commands never drift apart.
 */
#ifndef CRAWL_CMD_H
#define CRAWL_CMD_H

#include "cli.h"
#include "crawler.h"

typedef struct crawl_args {
	tc_crawl_opts o;
	const char *config;
} crawl_args;

#define CRAWL_NOPTIONS 7
/* --config, --delay, --max-pages, --archive, --timeout, --max-memory,
 * --verbose; their ids are 300 to 306. */
extern const cli_option crawl_options[CRAWL_NOPTIONS];

void crawl_args_init(crawl_args *a);
/* cli_on_option for crawl_options; ctx is a crawl_args. */
int crawl_on_option(void *ctx, cli *c, int id, const char *arg);

/* The sources of a->config (with urls as extra start points) or of urls
 * alone into *cfg, which the caller releases.  0, or a usage error
 * (printed; *cfg then holds nothing). */
int crawl_load_config(cli *c, const crawl_args *a, char **urls, size_t nurls,
		      tc_crawl_config *cfg /* OUT */);

/* SIGINT and SIGTERM ask the crawl to stop after what is running. */
void crawl_catch_signals(void);

/* What a crawl pass did: the crawler's counts, the importer's, and the URLs
 * left queued for the next pass. */
typedef struct crawl_result {
	tc_crawl_stats cs;
	tc_import_stats is;
	uint64_t queued;
} crawl_result;

/* A step run with the pass's importer and state open: before the crawl
 * (what a rebuild brings in first) or after it, when it succeeded. */
typedef tc_status (*crawl_hook)(void *ctx, tc_db *db, tc_importer *imp,
				tc_crawl_state *state, tc_err *err);

/*
 * One crawl pass of cfg into the database at db_path (created when missing)
 * with the state at state_path, under SIGINT/SIGTERM handlers that stop it
 * gently; the index is committed before the state (crawler.h).  The
 * status is for what stops a pass (index, state, memory, a hook); fetch
 * and page errors are counted in *res.
 */
TC_MUST_CHECK tc_status crawl_pass(const tc_crawl_config *cfg, const tc_crawl_opts *o,
				   const tc_import_opts *io, const char *db_path,
				   const char *state_path, crawl_hook before, crawl_hook after,
				   void *ctx, crawl_result *res /* OUT */, tc_err *err);

/* "crawled N pages in S s ...: ..." on stderr. */
void crawl_print_closing(const tc_crawl_stats *cs, uint64_t queued, int verbose);

#endif
