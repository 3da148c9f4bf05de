/*
 * ev_corpus.h - reading the test corpus (../shared/corpus): JSON Lines files,
 * gzipped or plain, one article per line.
 *
 * The evaluation reads the same files it gives the indexer, so it knows
 * every document in the index: which URL has which title, which documents
 * share a headline, which contain a body fragment.
 */
#ifndef EV_CORPUS_H
#define EV_CORPUS_H

#include <stddef.h>

#include "tc_status.h"

/* One article as found in the file: raw field values (not yet cleaned), each
 * NUL-terminated; absent fields are "" with length 0.  Valid during the
 * callback only. */
typedef struct ev_article {
	const char *url, *title, *summary, *body;
	size_t url_len, title_len, summary_len, body_len;
	const char *line; /* the raw JSON line, without its newline */
	size_t line_len;
	size_t lineno;    /* 1-based */
} ev_article;

/* Return 0 to go on, non-zero to stop early (ev_corpus_each then returns TC_OK). */
typedef int (*ev_article_cb)(void *ctx, const ev_article *a);

/*
 * Call cb for each article of path (plain or gzip, told apart by content).
 * Lines that are not JSON objects are counted in *bad (may be NULL) and
 * skipped; blank lines are ignored.  Errors: TC_ERR_IO (cannot open or read,
 * message in err), TC_ERR_TOO_BIG (a line over 64 MiB), TC_ERR_NOMEM.
 */
TC_MUST_CHECK tc_status ev_corpus_each(const char *path, ev_article_cb cb, void *ctx,
				       size_t *bad /* OUT */, tc_err *err);

#endif
