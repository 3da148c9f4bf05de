/*
 * runlog.h - the record of nightly runs kept beside the index
 * (DIR/nightly-runs.jsonl), which `tracuu-index status` reads the morning
 * after.
 *
 * One JSON object per line, oldest first, at most TC_RUNLOG_KEEP of them.  A
 * run writes its line when it starts (no "finished", "exit_status" null) and
 * rewrites it when it ends, so a run killed half-way leaves a line that says
 * so.  The file is replaced whole (temporary file, fsync, rename), so a crash
 * or a full disk leaves the old file or the new one, never half of one.  The
 * reader is as strict as any parser of outside input: a damaged line is
 * counted and skipped, the file is read up to a cap, strings are cut to
 * their fields' sizes.
 */
#ifndef RUNLOG_H
#define RUNLOG_H

#include <json-c/json.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "tc_status.h"

#define TC_RUNLOG_KEEP 100
#define TC_RUNLOG_MAX_BYTES (1u << 20) /* 100 lines are ~40 KB; more is not ours */

typedef struct tc_run {
	char started[24];    /* UTC, "2026-12-07T02:30:00Z" */
	char finished[24];   /* "" while running, or when the run was killed */
	int exit_status;     /* -1 while running, or when killed */
	int interrupted;     /* a later run found it unfinished and its lock free */
	char mode[16];       /* "incremental" or "rebuild" */
	long pid;
	uint64_t fetched, not_modified, indexed, deleted, failed, kept;
	char generation[32]; /* the live generation when it ended, e.g. "gen-000004" */
	double duration;     /* seconds */
	char message[512];   /* why it failed, or "" */
} tc_run;

/* A run that has just started (exit_status -1, the rest zero). */
void tc_run_init(tc_run *r);

/*
 * Parse the text of a run file, text[0..n), into runs[0..max): the last max
 * good lines, oldest first.  *nruns gets how many, *bad how many lines were
 * not a run (damaged, not JSON, wrong types).  Never fails.
 */
void tc_runlog_parse(const char *text, size_t n, tc_run *runs, size_t max,
		     size_t *nruns /* OUT */, size_t *bad /* OUT */);

/* Read the run file at path as tc_runlog_parse does; a missing file is no
 * runs.  TC_ERR_IO when it exists but cannot be read; a file longer than
 * TC_RUNLOG_MAX_BYTES is read from its last TC_RUNLOG_MAX_BYTES. */
TC_MUST_CHECK tc_status tc_runlog_read(const char *path, tc_run *runs, size_t max,
				       size_t *nruns /* OUT */, size_t *bad /* OUT */, tc_err *err);

/* Replace the run file at path with runs[0..n) (the last TC_RUNLOG_KEEP). */
TC_MUST_CHECK tc_status tc_runlog_write(const char *path, const tc_run *runs, size_t n,
					tc_err *err);

/* r as a JSON object (null for a missing finished or exit_status); caller
 * puts it. NULL when memory runs out. */
json_object *tc_run_to_json(const tc_run *r);

/* t as "YYYY-MM-DDTHH:MM:SSZ" into out (24 bytes). */
void tc_time_iso(time_t t, char out[24]);
/* The reverse; 0 when s is not exactly that form. */
int tc_time_parse_iso(const char *s, time_t *out /* OUT */);

#endif
