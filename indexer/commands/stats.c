/* stats.c - `tracuu-index stats [--json]`: what the index holds (indexer/stats.h). */
#include "commands.h"
#include "stats.h"
#include "tc_banned.h"

enum { OPT_JSON = 300 };

static int on_option(void *ctx, cli *c, int id, const char *arg)
{
	(void)c;
	(void)arg;
	if (id == OPT_JSON)
		*(int *)ctx = 1;
	return 0;
}

const char cmd_stats_usage[] =
	"usage: tracuu-index [--db DIR] stats [--json]\n"
	"\n"
	"Document count, size, date range and sources of the live index.\n"
	"\n"
	"  --json            one JSON object instead of text\n";

int cmd_stats(cli *c, int argc, char **argv)
{
	static const cli_option opts[] = {{"json", no_argument, OPT_JSON, NULL}};
	int json = 0, first;
	int rc = cli_parse(c, argc, argv, opts, 1, on_option, &json, cmd_stats_usage, &first);
	if (rc)
		return rc < 0 ? 0 : rc;
	if ((rc = cli_need_db(c)) != 0)
		return rc;
	if (first != argc)
		return cli_usage_error(c, "takes no arguments, not '%s'", argv[first]);
	tc_err err = {{0}};
	tc_status st = tc_stats_print(c->db, json, stdout, &err);
	if (st != TC_OK) {
		fprintf(stderr, "tracuu-index: %s\n", err.msg[0] ? err.msg : tc_status_str(st));
		return CLI_EXIT_USAGE;
	}
	return 0;
}
