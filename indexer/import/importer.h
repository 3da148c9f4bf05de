/*
 * importer.h - bring local files into an index: JSON Lines (plain or gzip),
 * HTML pages, and directories of them, recursively.
 *
 * Records are cleaned at the door (vn_text_clean), built into documents
 * (doc_build.h) and written with replace-by-URL, so importing the same file
 * twice never duplicates.  Commits are batched: a crash loses at most the
 * batch in progress, and Xapian's commits are atomic, so the index is never
 * corrupt.  A bad record is reported on stderr as FILE:LINE: reason, counted
 * and skipped; the import goes on.
 */
#ifndef IMPORTER_H
#define IMPORTER_H

#include <stddef.h>
#include <stdint.h>

#include "tc_buf.h"
#include "tc_schema.h"
#include "tc_status.h"
#include "extract_html.h"
#include "page_article.h"
#include "shard_writer.h"
#include "tc_xapian.h"

typedef struct tc_import_opts {
	uint32_t batch_docs;  /* commit after this many documents */
	int progress;         /* draw a progress bar on stderr */
	int quiet;            /* no summary line */
	int jobs;             /* worker threads for a fresh build (shard_writer.h) */
	/* Web archives: judged by these sources as the crawl judges a page
	 * (page_article.h: article patterns, XPath hints, rel=canonical to
	 * their hosts); NULL: every page but a site's root may be an article
	 * (the page decides, as in a crawl without patterns). */
	const struct tc_crawl_config *sources;
	/* HTML files without a URL of their own (<link rel=canonical>, og:url)
	 * get base_url + their path under the folder given to add (a file given
	 * by itself: its name), percent-encoded: a page is published under the
	 * web address it has there.  NULL: such files are refused with a
	 * message, never named by their local path (file://), which the
	 * search page would show.  Check it with tc_import_check_base_url. */
	const char *base_url;
} tc_import_opts;

/* Is url usable as tc_import_opts.base_url: http:// or https://, a host,
 * no query or fragment?  TC_ERR_USAGE with a message naming it if not. */
TC_MUST_CHECK tc_status tc_import_check_base_url(const char *url, tc_err *err);

typedef struct tc_import_stats {
	uint64_t docs;      /* documents written (new or replaced) */
	uint64_t replaced;  /* of which replaced an earlier version */
	uint64_t failed;    /* records skipped because of errors */
	uint64_t unreadable; /* of which inputs missing or not read to their end */
	uint64_t files;     /* files read */
	uint64_t bytes;     /* bytes of text indexed (after cleaning) */
	uint64_t invalid_utf8; /* invalid sequences replaced by U+FFFD */
	double seconds;
} tc_import_stats;

typedef struct tc_importer tc_importer;

void tc_import_opts_init(tc_import_opts *o);

/* Start an import into an open writable database (not owned). */
TC_MUST_CHECK tc_status tc_importer_new(tc_db *db, const tc_import_opts *o,
					tc_importer **out /* OUT */);
/* Start an import that hands articles to shard workers (not owned) instead of
 * writing them; the caller finishes the shards after tc_importer_finish. */
TC_MUST_CHECK tc_status tc_importer_new_sharded(tc_shards *shards, const tc_import_opts *o,
						tc_importer **out /* OUT */);
/* Measure paths first so the progress bar can show an ETA (optional). */
void tc_importer_plan(tc_importer *imp, const char *const *paths, int n);
/* Import one file or directory.  Record errors are counted, not returned;
 * the status is for errors that stop the import (database, memory). */
TC_MUST_CHECK tc_status tc_importer_add_path(tc_importer *imp, const char *path, tc_err *err);
/* Commit what is pending and report. */
TC_MUST_CHECK tc_status tc_importer_finish(tc_importer *imp, tc_import_stats *stats /* OUT */,
					   tc_err *err);
void tc_importer_free(tc_importer *imp);

/*
 * Judge the fetched page pg by j (page_article.h: the crawl and the archive
 * import ask the same function) into r, and write the article when it is
 * one (*indexed then 1) under pg->url.  date_hint (a feed's or sitemap's
 * YYYY-MM-DD, or NULL) is used when the page has no date.  A page that
 * cannot be read, or whose article is refused (a field over its cap), is
 * reported and counted as a failed record, not returned; the status is
 * for errors that stop the caller (memory, the database, j->dup's).
 */
TC_MUST_CHECK tc_status tc_importer_add_fetched(tc_importer *imp, const tc_page_judge *j,
						const tc_fetched_page *pg, const char *date_hint,
						tc_page_result *r /* OUT */, int *indexed /* OUT */,
						tc_err *err);

/* Delete the article indexed under url, if any (*deleted says). */
TC_MUST_CHECK tc_status tc_importer_delete(tc_importer *imp, const char *url,
					   int *deleted /* OUT */, tc_err *err);

/* Commit the documents written so far (a caller that records elsewhere what
 * the index holds commits the index first, so its record is never ahead). */
TC_MUST_CHECK tc_status tc_importer_commit(tc_importer *imp, tc_err *err);

/* Whether the index holds an article under url (*has). */
TC_MUST_CHECK tc_status tc_importer_has(tc_importer *imp, const char *url, int *has /* OUT */,
					tc_err *err);

/* Copy the document with unique-id term id_term[0..n) from src into the
 * index unless the index has one already (*copied says): what a rebuild
 * keeps of the pages it could not fetch again. */
TC_MUST_CHECK tc_status tc_importer_keep(tc_importer *imp, tc_db *src, const char *id_term,
					 size_t n, int *copied /* OUT */, tc_err *err);

/* Fields of an article in tc_article order: the length of clean[] below. */
#define TC_IMPORT_FIELDS 7

/*
 * Longest fields kept, in bytes of clean text (docs/SCHEMA.md).  Every field
 * is shown whole in results, and a page of ten hits must stay a page: a
 * 15 MB title made the search page for q=x 15.7 MB.  The longest in the
 * 61,394 articles of the test corpora: title 1,082 bytes (a lead used as
 * title; the next is 336), summary 1,657, URL 173, source and category 13.
 * A longer title, summary, source or category is cut at a character
 * boundary, with a FILE:LINE warning; a longer URL is a bad record.
 */
#define TC_IMPORT_URL_MAX 2048
#define TC_IMPORT_TITLE_MAX 1024
#define TC_IMPORT_SUMMARY_MAX 4096
#define TC_IMPORT_SOURCE_MAX 256
#define TC_IMPORT_CATEGORY_MAX 256

/*
 * Parse one JSON Lines record, line[0..n) without its newline, into a clean
 * article exactly as the importer does before writing it, touching no
 * database (the importer and its fuzzer both use this).  clean[] are
 * caller-owned buffers, tc_buf_init'd with the cap each field may reach
 * (over it: a bad record naming the field and the cap); *a points into them
 * until they next change.  *n_invalid counts invalid UTF-8 sequences
 * replaced by U+FFFD.  cut_from (NULL: not wanted) gets, per field in
 * tc_article order, its length before it was cut to its TC_IMPORT_*_MAX,
 * else 0; all 0 unless TC_OK.
 * Returns TC_OK; TC_ERR_NOT_FOUND for a blank line; TC_ERR_INVALID for a bad
 * record, with the reason in why (NULL-safe); TC_ERR_NOMEM.  *a is zeroed
 * unless TC_OK.
 */
TC_MUST_CHECK tc_status tc_import_parse_record(const char *line, size_t n,
					       tc_buf clean[TC_IMPORT_FIELDS],
					       tc_article *a /* OUT */,
					       uint64_t *n_invalid /* OUT */,
					       size_t cut_from[TC_IMPORT_FIELDS] /* OUT */,
					       tc_err *why);

#endif
