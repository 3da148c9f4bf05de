/*
 * crawl.c - `tracuu-index crawl`: fetch the sources of a config, or the sites
 * of start URLs, politely, and index their articles into the live generation
 * (crawler.h; docs/CRAWL.md).
 */
#include <signal.h>
#include <string.h>

#include "commands.h"
#include "crawl_cmd.h"
#include "tc_dbpath.h"
#include "doc_build.h"
#include "tc_banned.h"

enum { OPT_CONFIG = 300, OPT_DELAY, OPT_MAX_PAGES, OPT_ARCHIVE, OPT_VERBOSE, OPT_TIMEOUT, OPT_MEMORY };

const cli_option crawl_options[CRAWL_NOPTIONS] = {
	{"config", required_argument, OPT_CONFIG, "FILE"},
	{"delay", required_argument, OPT_DELAY, "S"},
	{"max-pages", required_argument, OPT_MAX_PAGES, "N"},
	{"archive", required_argument, OPT_ARCHIVE, "DIR"},
	{"timeout", required_argument, OPT_TIMEOUT, "S"},
	{"max-memory", required_argument, OPT_MEMORY, "MIB"},
	{"verbose", no_argument, OPT_VERBOSE, NULL},
};

void crawl_args_init(crawl_args *a)
{
	memset(a, 0, sizeof *a);
	tc_crawl_opts_init(&a->o);
}

int crawl_on_option(void *ctx, cli *c, int id, const char *arg)
{
	crawl_args *a = ctx;
	uint32_t n;
	double secs;
	switch (id) {
	case OPT_CONFIG: a->config = arg; return 0;
	case OPT_ARCHIVE: a->o.archive = arg; return 0;
	case OPT_VERBOSE: a->o.verbose = 1; return 0;
	case OPT_DELAY:
		if (!cli_parse_seconds(arg, 0, 3600, &a->o.delay))
			return cli_usage_error(c, "--delay needs seconds from 0 to 3600, not '%s'", arg);
		return 0;
	case OPT_TIMEOUT:
		if (!cli_parse_seconds(arg, 0.1, 3600, &secs))
			return cli_usage_error(c, "--timeout needs seconds from 0.1 to 3600, not '%s'", arg);
		a->o.timeout_ms = (long)(secs * 1000);
		if (a->o.connect_timeout_ms > a->o.timeout_ms)
			a->o.connect_timeout_ms = a->o.timeout_ms;
		if (a->o.low_speed_secs > (long)secs)
			a->o.low_speed_secs = (long)secs > 0 ? (long)secs : 1;
		return 0;
	case OPT_MAX_PAGES:
		if (!cli_parse_u32(arg, 1, 10000000, &n))
			return cli_usage_error(c, "--max-pages needs a number from 1 to 10000000, not '%s'", arg);
		a->o.max_pages = n;
		return 0;
	case OPT_MEMORY:
		if (!cli_parse_u32(arg, 1, 4096, &n))
			return cli_usage_error(c, "--max-memory needs MiB from 1 to 4096, not '%s'", arg);
		a->o.max_held = (size_t)n << 20;
		return 0;
	default: return CLI_EXIT_USAGE;
	}
}

static void on_signal(int sig)
{
	(void)sig;
	tc_crawl_request_stop();
}

void crawl_catch_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

/* URLs given with a config are extra start points of its sources. */
static tc_status add_start_urls(tc_crawl_config *cfg, char **urls, size_t n, tc_err *err)
{
	for (size_t i = 0; i < n; i++) {
		char host[256];
		int s = tc_url_host(urls[i], strlen(urls[i]), host, sizeof host)
				? tc_crawl_config_source_of(cfg, host) : -1;
		if (s < 0)
			return tc_err_set(err, TC_ERR_USAGE, "%s is outside the config's hosts", urls[i]);
		if (cfg->src[s].nstart == TC_CRAWL_MAX_LIST)
			return tc_err_set(err, TC_ERR_USAGE, "too many start URLs");
		if (!(cfg->src[s].start[cfg->src[s].nstart] = strdup(urls[i])))
			return TC_ERR_NOMEM;
		cfg->src[s].nstart++;
	}
	return TC_OK;
}

void crawl_print_closing(const tc_crawl_stats *cs, uint64_t queued, int verbose)
{
	fprintf(stderr,
		"crawled %llu pages in %.1f s (%.0f pages/s)%s: %llu indexed, %llu not modified, "
		"%llu unchanged, %llu duplicates, %llu deleted, %llu skipped, %llu failed, "
		"%llu retries; %llu URLs queued for later",
		(unsigned long long)cs->fetched, cs->seconds,
		cs->seconds > 0 ? (double)cs->fetched / cs->seconds : 0.0,
		cs->resumed ? " (resumed)" : cs->interrupted ? " (interrupted)" : "",
		(unsigned long long)cs->indexed, (unsigned long long)cs->not_modified,
		(unsigned long long)cs->unchanged, (unsigned long long)cs->duplicates,
		(unsigned long long)cs->deleted, (unsigned long long)cs->skipped,
		(unsigned long long)cs->failed, (unsigned long long)cs->retried,
		(unsigned long long)queued);
	if (cs->blocked)
		fprintf(stderr, "; %llu hosts skipped (robots.txt unreachable)",
			(unsigned long long)cs->blocked);
	if (verbose)
		fprintf(stderr, "; at most %llu body bytes held, %llu waits for memory",
			(unsigned long long)cs->held_peak, (unsigned long long)cs->paused);
	fputc('\n', stderr);
}

int crawl_load_config(cli *c, const crawl_args *a, char **urls, size_t nurls,
		      tc_crawl_config *cfg)
{
	if (!a->config && !nurls)
		return cli_usage_error(c, "needs --config FILE or start URLs");
	tc_err err = {{0}};
	tc_status st = a->config ? tc_crawl_config_load(a->config, cfg, &err)
				 : tc_crawl_config_from_urls(urls, nurls, cfg, &err);
	if (st == TC_OK && a->config && nurls) {
		st = add_start_urls(cfg, urls, nurls, &err);
		if (st != TC_OK)
			tc_crawl_config_release(cfg);
	}
	if (st != TC_OK)
		return cli_usage_error(c, "%s", err.msg[0] ? err.msg : tc_status_str(st));
	return 0;
}

const char cmd_crawl_usage[] =
	"usage: tracuu-index [--db DIR] crawl [--config FILE] [options] [URL...]\n"
	"\n"
	"Fetch the sources of FILE (or the sites of the URLs) politely and index\n"
	"their articles; the crawl's state is kept in DIR/crawl.sqlite.\n"
	"\n"
	"  --config FILE     the sources (docs/CRAWL.md); URLs add start points\n"
	"  --delay S         seconds between two requests to a host (0 to 3600)\n"
	"  --max-pages N     stop after fetching N pages\n"
	"  --archive DIR     keep every response in WARC files in DIR\n"
	"  --timeout S       seconds for one request (0.1 to 3600, default 30)\n"
	"  --max-memory MIB  response bodies held at once across all transfers\n"
	"                    (default 32; one body may add up to 10 MiB)\n"
	"  --verbose         one line per fetch\n"
	"  (and the common options: tracuu-index --help)\n";

tc_status crawl_pass(const tc_crawl_config *cfg, const tc_crawl_opts *o, const tc_import_opts *io,
		     const char *db_path, const char *state_path, crawl_hook before,
		     crawl_hook after, void *ctx, crawl_result *res, tc_err *err)
{
	memset(res, 0, sizeof *res);
	tc_db *db = NULL;
	tc_crawl_state *state = NULL;
	tc_importer *imp = NULL;
	/* A sharded generation's shards each get the articles that are theirs. */
	tc_status st = tc_dbpath_open_write(db_path, TC_DB_CREATE_OR_OPEN, &db, err);
	if (st == TC_OK)
		st = tc_doc_claim_schema(db, err);
	if (st == TC_OK)
		st = tc_crawl_state_open(state_path, &state, err);
	if (st == TC_OK)
		st = tc_importer_new(db, io, &imp);
	if (st == TC_OK && before)
		st = before(ctx, db, imp, state, err);
	if (st == TC_OK) {
		crawl_catch_signals();
		st = tc_crawl_run(cfg, state, imp, o, &res->cs, err);
	}
	if (st == TC_OK && after)
		st = after(ctx, db, imp, state, err);
	if (imp) {
		tc_err ferr = {{0}};
		tc_status fst = tc_importer_finish(imp, &res->is, &ferr);
		if (st == TC_OK && fst != TC_OK) {
			st = fst;
			*err = ferr;
		}
		tc_importer_free(imp);
	}
	uint64_t counts[5] = {0};
	if (state && tc_crawl_state_counts(state, counts, &(tc_err){{0}}) == TC_OK)
		res->queued = counts[TC_URL_QUEUED];
	tc_crawl_state_free(state);
	tc_db_free(db);
	return st;
}

int cmd_crawl(cli *c, int argc, char **argv)
{
	crawl_args a;
	crawl_args_init(&a);
	int first;
	int rc = cli_parse(c, argc, argv, crawl_options, CRAWL_NOPTIONS, crawl_on_option, &a,
			   cmd_crawl_usage, &first);
	if (rc)
		return rc < 0 ? 0 : rc;
	if ((rc = cli_need_db(c)) != 0)
		return rc;
	a.o.progress = c->io.progress;
	tc_crawl_config cfg;
	if ((rc = crawl_load_config(c, &a, argv + first, (size_t)(argc - first), &cfg)) != 0)
		return rc;
	tc_err err = {{0}};
	char state_path[TC_PATH_MAX];
	tc_dbpath_writer w;
	if (snprintf(state_path, sizeof state_path, "%s/crawl.sqlite", c->db) >= (int)sizeof state_path) {
		fprintf(stderr, "tracuu-index: path too long: %s\n", c->db);
		tc_crawl_config_release(&cfg);
		return CLI_EXIT_USAGE;
	}
	if (tc_dbpath_writer_begin(c->db, TC_DBPATH_GROW, &w, &err) != TC_OK) {
		fprintf(stderr, "tracuu-index: %s\n", err.msg);
		tc_crawl_config_release(&cfg);
		return CLI_EXIT_USAGE;
	}
	crawl_result r;
	tc_status st = crawl_pass(&cfg, &a.o, &c->io, w.path, state_path, NULL, NULL, NULL, &r, &err);
	tc_dbpath_writer_release(&w);
	tc_crawl_config_release(&cfg);
	if (st != TC_OK) {
		fprintf(stderr, "tracuu-index: crawl stopped: %s%s%s\n", tc_status_str(st),
			err.msg[0] ? ": " : "", err.msg);
		return CLI_EXIT_USAGE;
	}
	if (!c->io.quiet)
		crawl_print_closing(&r.cs, r.queued, a.o.verbose);
	return r.cs.failed || r.is.failed ? CLI_EXIT_PARTIAL : 0;
}
