/*
 * main.c - tracuu-search: ranked, accent-insensitive search from the command
 * line, one query at a time or a stream of them (--batch).
 *
 * Exit status, as grep's: 0 when something was found, 1 when nothing was,
 * 2 on a usage error or an index that cannot be opened; 3 when a remote
 * shard did not answer (the answer printed is the other shards', and
 * stderr names the shard; docs/SCALE.md), or none did.  Started on a
 * listening socket it is the search page's FastCGI service (fastcgi.c);
 * with GATEWAY_INTERFACE set, its CGI program (cgi.c).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgi.h"
#include "fastcgi.h"
#include "output.h"
#include "params.h"
#include "search.h"
#include "shardset.h"
#include "tc_buf.h"
#include "vn_text.h"
#include "tc_banned.h"

#define EXIT_FOUND 0
#define EXIT_NONE 1
#define EXIT_USAGE 2
#define EXIT_SHARD 3
#define LINE_MAX_BYTES (64u << 10)

static void usage(FILE *out)
{
	fputs("usage: tracuu-search [--db DIR] [options] QUERY...\n"
	      "       tracuu-search [--db DIR] [options] --batch < queries\n"
	      "\n"
	      "query: words must all match (accents optional: \"thu do\" finds \"Thủ đô\");\n"
	      "  \"a phrase\", -word (exclude), a OR b, title:word, site:host, -site:host,\n"
	      "  document codes such as 35-CT/TW.  Put -- before a query that starts with -.\n"
	      "\n"
	      "options:\n"
	      "  --db DIR            index directory (default: $TRACUU_DB)\n"
	      "  --limit N           results per page, 1..1000 (default 10)\n"
	      "  --offset N          skip the first N results, 0..1000000\n"
	      "  --from YYYY-MM-DD   articles published on or after this day\n"
	      "  --to YYYY-MM-DD     articles published on or before this day\n"
	      "  --site HOST         only articles from HOST (and its subdomains)\n"
	      "  --category NAME     only articles of the category NAME (ASCII case aside)\n"
	      "  --sort relevance|date\n"
	      "  --json              one JSON object (schema in docs/SEARCH.md)\n"
	      "  --batch             read one query per line from stdin, write one JSON\n"
	      "                      object per line\n"
	      "  --color auto|always|never   bold highlights (default: on a terminal)\n"
	      "  --explain           show how the query was understood (on stderr)\n"
	      "  --shard-timeout-ms N  with a stub file of remote shards: how long one may\n"
	      "                      take to answer, 1..600000 (default: $TRACUU_SHARD_TIMEOUT_MS,\n"
	      "                      else 2000); one that does not is left out, and the exit\n"
	      "                      status is 3\n"
	      "  -h, --help          this help\n",
	      out);
}

/* A number option in [min, max], by the page's rule (params.h). */
static int number_opt(const char *opt, const char *s, uint32_t min, uint32_t max, uint32_t *out)
{
	uint64_t v;
	if (!tc_param_number(s, strlen(s), &v) || v < min || v > max) {
		fprintf(stderr, "tracuu-search: %s needs a whole number from %u to %u (digits 0-9 only), not '%s'\n",
			opt, min, max, s);
		return 0;
	}
	*out = (uint32_t)v;
	return 1;
}

typedef struct cli {
	const char *db;
	tc_search_req req;
	char sites[TC_SEARCH_MAX_SITES][TC_PARAM_HOST_MAX + 1];
	int json, batch, explain, color;
	unsigned shard_timeout_ms;
} cli;

/* Run one query and print it; returns the exit code it deserves. */
static int answer(tc_searcher *s, cli *c, const char *q, size_t n, tc_results *res,
		  tc_buf *echo)
{
	/* Echo the query as clean text so JSON output stays valid UTF-8. */
	tc_buf_reset(echo);
	if (vn_text_clean(q, n, echo, NULL) != TC_OK)
		tc_buf_reset(echo);
	const char *shown = echo->data ? echo->data : "";
	c->req.query = q;
	c->req.query_len = n;
	tc_err err = {{0}};
	tc_status st = tc_searcher_run(s, &c->req, res, &err);
	if (c->explain)
		fprintf(stderr, "tracuu-search: query: %s\n", tc_searcher_explain(s));
	if (st != TC_OK) {
		const char *msg = err.msg[0] ? err.msg : tc_status_str(st);
		if (c->batch) {
			if (tc_output_json_error(stdout, shown, echo->len, msg) != TC_OK)
				return EXIT_USAGE;
			fputc('\n', stdout);
			fflush(stdout);
			return st == TC_ERR_USAGE ? EXIT_NONE : st == TC_ERR_NETWORK ? EXIT_SHARD : EXIT_USAGE;
		}
		fprintf(stderr, "tracuu-search: %s\n", msg);
		return st == TC_ERR_NETWORK ? EXIT_SHARD : EXIT_USAGE;
	}
	if (c->json || c->batch) {
		if (tc_output_json(stdout, shown, echo->len, res) != TC_OK) {
			fprintf(stderr, "tracuu-search: cannot write the results\n");
			return EXIT_USAGE;
		}
		fputc('\n', stdout);
	} else {
		tc_output_text(stdout, shown, res, c->color);
	}
	if (c->batch)
		fflush(stdout);
	if (res->partial) {
		for (size_t k = 0; k < res->nmissing; k++)
			fprintf(stderr, "tracuu-search: partial answer: shard %s did not answer within %u ms\n",
				res->missing[k], c->shard_timeout_ms);
		return EXIT_SHARD;
	}
	return res->n ? EXIT_FOUND : EXIT_NONE;
}

static int run_batch(tc_searcher *s, cli *c)
{
	tc_results res;
	tc_results_init(&res);
	tc_buf echo;
	tc_buf_init(&echo, LINE_MAX_BYTES * 4);
	char *line = NULL;
	size_t cap = 0;
	ssize_t got;
	int rc = EXIT_NONE;
	while ((got = getline(&line, &cap, stdin)) != -1) {
		size_t n = (size_t)got;
		while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			n--;
		int r;
		if (n > LINE_MAX_BYTES) {
			/* Refused as on the command line, not cut: a cut query is
			 * another query.  The batch goes on. */
			char msg[128];
			snprintf(msg, sizeof msg, "the query is longer than %u bytes (%zu bytes)",
				 LINE_MAX_BYTES, n);
			tc_buf_reset(&echo);
			if (vn_text_clean(line, LINE_MAX_BYTES, &echo, NULL) != TC_OK)
				tc_buf_reset(&echo);
			if (tc_output_json_error(stdout, echo.data ? echo.data : "", echo.len, msg) != TC_OK) {
				rc = EXIT_USAGE;
				break;
			}
			fputc('\n', stdout);
			fflush(stdout);
			continue;
		}
		r = answer(s, c, line, n, &res, &echo);
		if (r == EXIT_USAGE) {
			rc = EXIT_USAGE;
			break;
		}
		if (r == EXIT_SHARD)
			rc = EXIT_SHARD; /* stays: some answer was partial */
		else if (r == EXIT_FOUND && rc != EXIT_SHARD)
			rc = EXIT_FOUND;
	}
	free(line);
	tc_buf_release(&echo);
	tc_results_release(&res);
	return rc;
}

static int parse_day(const char *opt, const char *s, char ymd[9])
{
	if (!tc_schema_date(s, strlen(s), ymd)) {
		fprintf(stderr, "tracuu-search: %s needs a date as YYYY-MM-DD, not '%s'\n", opt, s);
		return 0;
	}
	return 1;
}

int main(int argc, char **argv)
{
	/* Started by a web server on a listening socket: a FastCGI service.
	 * Run by one as CGI: the request is in the environment, not argv. */
	if (tc_fastcgi_listening())
		return tc_fastcgi_main();
	if (getenv("GATEWAY_INTERFACE"))
		return tc_cgi_main();
	cli c;
	memset(&c, 0, sizeof c);
	c.db = getenv("TRACUU_DB");
	tc_search_req_init(&c.req);
	c.color = isatty(STDOUT_FILENO);
	{
		tc_err terr = {{0}};
		if (tc_shard_timeout_env(TC_SHARD_TIMEOUT_DEFAULT_MS, &c.shard_timeout_ms, &terr) != TC_OK) {
			fprintf(stderr, "tracuu-search: %s\n", terr.msg);
			return EXIT_USAGE;
		}
	}
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},      {"limit", required_argument, NULL, 'n'},
		{"offset", required_argument, NULL, 'o'},  {"from", required_argument, NULL, 'f'},
		{"to", required_argument, NULL, 't'},      {"site", required_argument, NULL, 's'},
		{"sort", required_argument, NULL, 'S'},    {"json", no_argument, NULL, 'j'},
		{"batch", no_argument, NULL, 'b'},         {"color", required_argument, NULL, 'c'},
		{"explain", no_argument, NULL, 'e'},       {"help", no_argument, NULL, 'h'},
		{"category", required_argument, NULL, 'K'},
		{"shard-timeout-ms", required_argument, NULL, 'T'},
		{NULL, 0, NULL, 0}};
	int ch;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'd': c.db = optarg; break;
		case 'n':
			if (!number_opt("--limit", optarg, 1, TC_SEARCH_MAX_LIMIT, &c.req.limit))
				return EXIT_USAGE;
			break;
		case 'o':
			if (!number_opt("--offset", optarg, 0, TC_SEARCH_MAX_OFFSET, &c.req.offset))
				return EXIT_USAGE;
			break;
		case 'f':
			if (!parse_day("--from", optarg, c.req.from))
				return EXIT_USAGE;
			break;
		case 't':
			if (!parse_day("--to", optarg, c.req.to))
				return EXIT_USAGE;
			break;
		case 's':
			if (c.req.nsites == TC_SEARCH_MAX_SITES) {
				fprintf(stderr, "tracuu-search: at most %d --site options\n", TC_SEARCH_MAX_SITES);
				return EXIT_USAGE;
			}
			if (!tc_param_host(optarg, strlen(optarg), c.sites[c.req.nsites])) {
				fprintf(stderr, "tracuu-search: --site needs %s, not '%s'\n", TC_PARAM_HOST_RULE,
					optarg);
				return EXIT_USAGE;
			}
			c.req.sites[c.req.nsites] = c.sites[c.req.nsites];
			c.req.nsites++;
			break;
		case 'K':
			if (c.req.ncategories == TC_SEARCH_MAX_SITES) {
				fprintf(stderr, "tracuu-search: at most %d --category options\n",
					TC_SEARCH_MAX_SITES);
				return EXIT_USAGE;
			}
			if (!*optarg) {
				fprintf(stderr, "tracuu-search: --category needs a category name, not ''\n");
				return EXIT_USAGE;
			}
			c.req.categories[c.req.ncategories++] = optarg;
			break;
		case 'S':
			if (!tc_param_sort(optarg, strlen(optarg), &c.req.sort_date)) {
				fprintf(stderr, "tracuu-search: --sort is 'relevance' or 'date', not '%s'\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'j': c.json = 1; break;
		case 'b': c.batch = 1; break;
		case 'c':
			if (!strcmp(optarg, "always"))
				c.color = 1;
			else if (!strcmp(optarg, "never"))
				c.color = 0;
			else if (strcmp(optarg, "auto") != 0) {
				fprintf(stderr, "tracuu-search: --color is auto, always or never\n");
				return EXIT_USAGE;
			}
			break;
		case 'e': c.explain = 1; break;
		case 'T': {
			tc_err terr = {{0}};
			if (tc_shard_timeout_parse("--shard-timeout-ms", optarg, &c.shard_timeout_ms, &terr) !=
			    TC_OK) {
				fprintf(stderr, "tracuu-search: %s\n", terr.msg);
				return EXIT_USAGE;
			}
			break;
		}
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return EXIT_USAGE;
		}
	}
	if (c.req.from[0] && c.req.to[0] && strcmp(c.req.from, c.req.to) > 0) {
		fprintf(stderr, "tracuu-search: --from is after --to\n");
		return EXIT_USAGE;
	}
	if (!c.db || !*c.db) {
		fprintf(stderr, "tracuu-search: no index given: use --db DIR or set TRACUU_DB\n");
		return EXIT_USAGE;
	}
	if (c.batch == (optind < argc)) {
		fprintf(stderr, c.batch ? "tracuu-search: --batch reads queries from stdin, not arguments\n"
					: "tracuu-search: no query given (try --help)\n");
		return EXIT_USAGE;
	}
	tc_searcher *s;
	tc_err err = {{0}};
	tc_status ost = tc_searcher_open(c.db, c.shard_timeout_ms, &s, &err);
	if (ost != TC_OK) {
		fprintf(stderr, "tracuu-search: cannot open the index: %s\n", err.msg);
		return ost == TC_ERR_NETWORK ? EXIT_SHARD : EXIT_USAGE;
	}
	int rc;
	if (c.batch) {
		rc = run_batch(s, &c);
	} else {
		tc_buf q;
		tc_buf_init(&q, LINE_MAX_BYTES);
		tc_status st = TC_OK;
		for (int i = optind; i < argc && st == TC_OK; i++) {
			if (i > optind)
				st = tc_buf_append_char(&q, ' ');
			if (st == TC_OK)
				st = tc_buf_append_str(&q, argv[i]);
		}
		if (st != TC_OK) {
			fprintf(stderr, "tracuu-search: the query is longer than %u bytes\n", LINE_MAX_BYTES);
			rc = EXIT_USAGE;
		} else {
			tc_results res;
			tc_results_init(&res);
			tc_buf echo;
			tc_buf_init(&echo, LINE_MAX_BYTES * 4);
			rc = answer(s, &c, q.data, q.len, &res, &echo);
			tc_buf_release(&echo);
			tc_results_release(&res);
		}
		tc_buf_release(&q);
	}
	tc_searcher_free(s);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "tracuu-search: cannot write the results\n");
		return EXIT_USAGE;
	}
	return rc;
}
