/*
 * commands.h - the commands of tracuu-index, one file each in this folder,
 * dispatched by main.c.  Each takes the common options already parsed into c
 * and its own argv (argv[0] is its name), and returns the exit status.
 */
#ifndef COMMANDS_H
#define COMMANDS_H

#include "cli.h"

int cmd_add(cli *c, int argc, char **argv);
int cmd_rebuild(cli *c, int argc, char **argv);
int cmd_stats(cli *c, int argc, char **argv);
int cmd_crawl(cli *c, int argc, char **argv);
int cmd_nightly(cli *c, int argc, char **argv);
int cmd_status(cli *c, int argc, char **argv);

/* Each command's --help text. */
extern const char cmd_add_usage[];
extern const char cmd_rebuild_usage[];
extern const char cmd_stats_usage[];
extern const char cmd_crawl_usage[];
extern const char cmd_nightly_usage[];
extern const char cmd_status_usage[];

#endif
