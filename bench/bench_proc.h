/*
 * bench_proc.h - run the binaries under test as child processes, talk to
 * them over pipes and time them.
 *
 * Children are started with posix_spawn, with SIGPIPE back at its default
 * (the benchmark itself ignores it) and stdin from /dev/null unless a pipe is
 * asked for, so a child never reads the terminal.  Times are wall-clock
 * milliseconds from CLOCK_MONOTONIC.
 */
#ifndef BENCH_PROC_H
#define BENCH_PROC_H

#include <stddef.h>
#include <sys/resource.h>
#include <sys/types.h>

#include "tc_buf.h"
#include "tc_status.h"

enum {
	BP_STDIN_PIPE = 1,       /* child's stdin is a pipe: write to bp_child.in */
	BP_STDOUT_PIPE = 2,      /* child's stdout is a pipe: read from bp_child.out */
	BP_STDOUT_NULL = 4,      /* child's stdout goes to /dev/null */
	BP_STDERR_TO_STDOUT = 8, /* child's stderr goes where its stdout goes */
	BP_STDERR_NULL = 16      /* child's stderr goes to /dev/null */
};

typedef struct bp_child {
	pid_t pid;
	int in;  /* our end of its stdin, or -1 */
	int out; /* our end of its stdout, or -1 */
} bp_child;

/* Milliseconds on the monotonic clock. */
double bp_now_ms(void);

/* A distribution of timings (milliseconds). */
typedef struct bp_dist {
	size_t n;
	double median, p90, p99, max, mean;
} bp_dist;

/* Sorts v[0..n) and summarises it; all zero when n is 0.  Percentiles by
 * nearest rank: the smallest value with at least p% of the values at or
 * below it.  tracuu-bench and tracuu-floor both use it, so that their
 * figures can be divided by one another. */
bp_dist bp_dist_of(double *v, size_t n);

/* An option's number: 1 and *out set when s is a plain decimal in [lo, hi]
 * (no sign, no trailing junk), else 0. */
int bp_parse_ulong(const char *s, unsigned long lo, unsigned long hi, unsigned long *out);

/* Start argv[0] (looked up in PATH when it has no '/') with flags.  On
 * failure out->pid is -1, no descriptor is left open and err says why. */
TC_MUST_CHECK tc_status bp_spawn(const char *const *argv, unsigned flags, bp_child *out /* OUT */,
				 tc_err *err);

/* Close our pipe ends, then wait for the child.  *status is the raw wait
 * status; ru (may be NULL) receives its resource usage (ru_maxrss in KiB). */
TC_MUST_CHECK tc_status bp_wait(bp_child *c, int *status /* OUT */, struct rusage *ru /* OUT */,
				tc_err *err);

/* Write all of s[0..n) to fd, retrying short writes. */
TC_MUST_CHECK tc_status bp_write_all(int fd, const char *s, size_t n, tc_err *err);

/*
 * Run argv to completion with stdout and stderr captured together.  *out
 * (malloc'ed, NUL-terminated, caller frees) holds the output; when it passes
 * cap bytes only the last part is kept, since summaries come last.  *wall_ms
 * covers spawn to reaped exit.  ru may be NULL.
 */
TC_MUST_CHECK tc_status bp_capture(const char *const *argv, size_t cap, char **out /* OUT */,
				   int *status /* OUT */, struct rusage *ru /* OUT */,
				   double *wall_ms /* OUT */, tc_err *err);

/* A line reader over a pipe, with a cap on one line and a timeout. */
typedef struct bp_lines {
	int fd;
	tc_buf buf;
	size_t start; /* where the unread part of buf begins */
} bp_lines;

void bp_lines_init(bp_lines *l, int fd, size_t max_line);
void bp_lines_release(bp_lines *l);
/*
 * Next line (without its '\n') into *line and *len; valid until the next call.
 * TC_ERR_NOT_FOUND at end of input, TC_ERR_IO on a read error or when
 * timeout_ms passes without a whole line, TC_ERR_TOO_BIG past the cap.
 */
TC_MUST_CHECK tc_status bp_lines_next(bp_lines *l, int timeout_ms, const char **line /* OUT */,
				      size_t *len /* OUT */, tc_err *err);

#endif
