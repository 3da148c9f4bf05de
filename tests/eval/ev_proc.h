/*
 * ev_proc.h - driving the real binaries: run tracuu-index to completion, and
 * hold a conversation with `tracuu-search --batch` over a pair of pipes.
 *
 * The searcher protocol: one query per line on its stdin, exactly one JSON
 * object per line on its stdout, flushed per line.  The session writes one
 * query and reads its one answer before writing the next, so neither side
 * can block on a full pipe.  The children's stderr is the evaluation's.
 */
#ifndef EV_PROC_H
#define EV_PROC_H

#include <stddef.h>

#include "tc_buf.h"
#include "tc_status.h"

/*
 * Run argv[0] with argv (NULL-terminated) and wait for it.  When out is not
 * NULL the child's stdout is appended to it (else it is inherited).
 * *exit_code receives the exit status, or 128+signal when it was killed.
 * Errors: TC_ERR_IO when it cannot be started; out's cap errors.
 */
TC_MUST_CHECK tc_status ev_run(char *const argv[], tc_buf *out, int *exit_code /* OUT */);

/* One search hit as the evaluation needs it. */
typedef struct ev_hit {
	char *url;
	char *title;
} ev_hit;

/* One answer.  Owned by the caller; release with ev_answer_release. */
typedef struct ev_answer {
	ev_hit *hits;
	size_t n;
	long long total;
	double took_ms;
	int error; /* the line was not a result object (an error object, bad JSON) */
	char *error_msg;
} ev_answer;

void ev_answer_init(ev_answer *a);
void ev_answer_release(ev_answer *a);

typedef struct ev_searcher ev_searcher;

/* Start `bin --db db --batch --limit limit EXTRA...`; extra is a
 * NULL-terminated list of further options (e.g. "--sort", "date"), or NULL.
 * TC_ERR_IO, TC_ERR_NOMEM, TC_ERR_USAGE when extra holds more than 8. */
TC_MUST_CHECK tc_status ev_searcher_start(const char *bin, const char *db, int limit,
					  const char *const *extra, ev_searcher **out /* OUT */);

/*
 * Send one query (a single line: newlines must already be gone) and read
 * its answer into *a (released first), waiting at most timeout_ms (0: no
 * limit).  A malformed answer is not an error of the call: it sets a->error.
 * Errors: TC_ERR_IO when the searcher died, closed its output or did not
 * answer in time (then ev_searcher_timed_out says so, and the session is
 * unusable: free it, which kills the searcher, and start another).
 */
TC_MUST_CHECK tc_status ev_searcher_query(ev_searcher *s, const char *q, size_t n,
					  long timeout_ms, ev_answer *a);

/* Did the last query fail because the searcher did not answer in time? */
int ev_searcher_timed_out(const ev_searcher *s);

/* Close the searcher's input, wait for it and free everything; a searcher
 * that timed out is killed first.  Returns its exit status (128+signal when
 * killed), or -1 when it was not reaped. */
int ev_searcher_free(ev_searcher *s);

#endif
