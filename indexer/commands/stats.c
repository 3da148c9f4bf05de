/* stats.c - `tracuu-index stats [--json]`: what the index holds (indexer/stats.h). */
#include "commands.h"
#include "stats.h"
#include "tc_banned.h"

const char cmd_stats_usage[] =
	"usage: tracuu-index [--db DIR] stats [--json]\n"
	"\n"
	"Document count, size, date range and sources of the live index.\n"
	"\n"
	"  --json            one JSON object instead of text\n";

int cmd_stats(cli *c, int argc, char **argv)
{
	int json;
	int rc = cli_parse_json_only(c, argc, argv, cmd_stats_usage, &json);
	if (rc)
		return rc < 0 ? 0 : rc;
	tc_err err = {{0}};
	tc_status st = tc_stats_print(c->db, json, stdout, &err);
	if (st != TC_OK) {
		fprintf(stderr, "tracuu-index: %s\n", err.msg[0] ? err.msg : tc_status_str(st));
		return CLI_EXIT_USAGE;
	}
	return 0;
}
