/*
 * main.c - tracuu-index: import articles into an index, crawl news sites,
 * and report on the index.  Each command is one file in commands/, found
 * through the table below; commands/cli.h parses every option one way.
 *
 * Exit status: 0 on success, 1 when some records or URLs failed, 2 on usage
 * errors or when the index cannot be opened or written; nightly adds 75
 * (another run holds its lock).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "tc_banned.h"

typedef struct command {
	const char *name;
	int (*run)(cli *c, int argc, char **argv);
} command;

static const command commands[] = {
	{"add", cmd_add},
	{"rebuild", cmd_rebuild},
	{"stats", cmd_stats},
	{"crawl", cmd_crawl},
	{"nightly", cmd_nightly},
	{"status", cmd_status},
};

static const char usage[] =
	"usage: tracuu-index [--db DIR] [options] COMMAND [ARGS]\n"
	"\n"
	"commands (tracuu-index COMMAND --help for each):\n"
	"  add [--config FILE] PATH...\n"
	"                    import JSON Lines (.jsonl, .jsonl.gz), HTML files, web\n"
	"                    archives (.warc, .warc.gz) and directories of them\n"
	"  rebuild [--config FILE] [--allow-missing] PATH...\n"
	"                    import into a new generation and switch to it atomically\n"
	"  stats [--json]    document count, size, date range and sources\n"
	"  crawl [--config FILE] [--delay S] [--max-pages N] [--archive DIR] [URL...]\n"
	"                    fetch the sources of FILE (or the sites of the URLs)\n"
	"                    politely and index their articles\n"
	"  nightly [--config FILE] [--rebuild] [--rebuild-every D] [crawl options]\n"
	"                    the job for cron or systemd: crawl (or rebuild) under a\n"
	"                    lock, recorded for status; exit 75 while another runs\n"
	"  status [--json]   the last nightly runs and whether the last good one is\n"
	"                    recent\n"
	"\n"
	"options (before or after the command):\n"
	"  --db DIR          index directory (default: $TRACUU_DB)\n"
	"  --batch N         commit every N documents (default 250)\n"
	"  --jobs N          threads for building a new index, 1 to 16 (default: one per core)\n"
	"  --progress        always draw the progress bar (default: on a terminal)\n"
	"  --no-progress     never draw it\n"
	"  -q, --quiet       no summary line\n"
	"  -h, --help        this help\n";

int main(int argc, char **argv)
{
	cli c;
	memset(&c, 0, sizeof c);
	c.db = getenv("TRACUU_DB");
	tc_import_opts_init(&c.io);
	c.io.progress = isatty(STDERR_FILENO);
	int first;
	int rc = cli_parse_common(&c, argc, argv, usage, &first);
	if (rc)
		return rc < 0 ? 0 : rc;
	if (first >= argc) {
		fputs(usage, stderr);
		return CLI_EXIT_USAGE;
	}
	const char *name = argv[first];
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
		if (!strcmp(name, commands[i].name)) {
			c.cmd = name;
			return commands[i].run(&c, argc - first, argv + first);
		}
	}
	fprintf(stderr, "tracuu-index: unknown command '%s'; commands: add, rebuild, stats, crawl, nightly, status "
			"(tracuu-index --help)\n", name);
	return CLI_EXIT_USAGE;
}
