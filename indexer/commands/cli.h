/*
 * cli.h - what every tracuu-index command shares: the options that hold for
 * all of them (--db, --batch, --jobs, --progress, --quiet), one option parser,
 * and the summary line.  Each command is one file in this folder (git's
 * builtin/), listed in main.c's dispatch table.
 *
 * Options are read one way everywhere: the common ones may stand before or
 * after the command, a command's own ones after it, in any order with its
 * operands (`rebuild a.jsonl --jobs 2`), and `--` ends them.  An unknown
 * option, a missing value or a bad value is a usage error (exit 2) that names
 * the option and says what is accepted, before any work is done.
 */
#ifndef CLI_H
#define CLI_H

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>

#include "importer.h"

#define CLI_EXIT_PARTIAL 1
#define CLI_EXIT_USAGE 2

/* The state the common options set, handed to every command. */
typedef struct cli {
	const char *db;        /* index directory: --db or $TRACUU_DB */
	const char *cmd;       /* the command's name, for messages */
	tc_import_opts io;     /* --batch, --jobs, --progress, --quiet */
} cli;

/* A command's own option: getopt_long's long name, argument kind and a
 * value > 255 (so it never collides with a short option), and its help. */
typedef struct cli_option {
	const char *name;
	int has_arg;           /* no_argument or required_argument */
	int id;
	const char *arg;       /* the value's name in help, e.g. "FILE" */
} cli_option;

/* Called for each of a command's own options in order; arg is its value
 * (NULL for a flag).  Returns 0 to go on, or an exit status to stop with
 * (after printing why). */
typedef int (*cli_on_option)(void *ctx, cli *c, int id, const char *arg);

/*
 * Parse argv[1..argc) (argv[0] is the command's name) for the common options
 * and the command's own (opts[0..nopts)).  On success returns 0 and sets
 * *first to the index of the first operand; getopt has moved the operands
 * to argv[*first..argc).  On a usage error prints one line naming the option
 * and what is accepted and returns CLI_EXIT_USAGE; `--help` prints help and
 * returns -1 (exit 0).
 */
int cli_parse(cli *c, int argc, char **argv, const cli_option *opts, size_t nopts,
	      cli_on_option on_option, void *ctx, const char *usage, int *first /* OUT */);

/* The whole command line of a command whose only option is --json and that
 * takes no operands (stats, status): *json set when given.  Same returns
 * as cli_parse. */
int cli_parse_json_only(cli *c, int argc, char **argv, const char *usage, int *json /* OUT */);

/* Parse the common options before the command (stops at the command's name).
 * Same returns as cli_parse; *first is the command's index in argv. */
int cli_parse_common(cli *c, int argc, char **argv, const char *usage, int *first /* OUT */);

/* Checked numbers for option values: 1 on success, 0 (nothing written) when
 * s is not a plain decimal in [lo, hi] (no sign, space or trailing junk). */
int cli_parse_u32(const char *s, uint32_t lo, uint32_t hi, uint32_t *out /* OUT */);
int cli_parse_seconds(const char *s, double lo, double hi, double *out /* OUT */);

/* "tracuu-index CMD: " and the message, on stderr; returns CLI_EXIT_USAGE. */
int cli_usage_error(const cli *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The closing line of an import: "VERB N documents ... MB/s". */
void cli_print_summary(const char *verb, const tc_import_stats *s);

/* The index directory, or a usage error when neither --db nor $TRACUU_DB
 * gave one. */
int cli_need_db(const cli *c);

#endif
