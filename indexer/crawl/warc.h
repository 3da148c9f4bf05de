/*
 * warc.h - WARC 1.1 files (ISO 28500:2017), the standard web archive
 * format: the crawler keeps every page it fetched as a response record so
 * that extraction can be rerun later without fetching again, and the
 * importer reads such files back (ours, or any other crawler's).
 *
 * Writer.  A file named *.gz is a .warc.gz: every record is its own gzip
 * member (zlib deflate with a gzip header), members are concatenated, so
 * any record can be read from its offset alone (ISO 28500 annex D); any
 * other name gives a plain .warc.  The first record is a warcinfo naming
 * tracuu; each response record carries WARC-Record-ID (a random UUID from
 * /dev/urandom), WARC-Date, WARC-Target-URI, WARC-Warcinfo-ID,
 * Content-Type: application/http;msgtype=response and Content-Length, and
 * Tracuu-Feed-Date when a feed dated the page.  No digest is written
 * (WARC-Payload-Digest is optional).
 *
 * The body handed to the writer is the payload as the crawler kept it:
 * de-chunked and decoded.  So that the stored HTTP message stays truthful,
 * the writer renames the response's Content-Encoding, Transfer-Encoding and
 * Content-Length header lines to X-Crawler-Content-Encoding and so on (the
 * convention of Common Crawl, which stores payloads the same way) and adds
 * a Content-Length that matches the stored body.
 *
 * Reader.  A file is gzip when it starts with the gzip magic bytes,
 * whatever its name; any number of members, each holding any number of
 * records, is accepted.  Each record is checked: a "WARC/1.0" or
 * "WARC/1.1" version line, header lines of "Name: value", a WARC-Type and a
 * decimal Content-Length no larger than TC_WARC_MAX_RECORD, the block, and
 * the two CRLFs that end it.  Response records whose block is an HTTP
 * response are passed to the callback; every other record (warcinfo,
 * request, metadata, revisit, resource, DNS responses) is skipped.  A
 * response record whose HTTP message is malformed is skipped too: it cannot
 * be an article.  A damaged file stops the read with TC_ERR_INVALID and a
 * message naming the byte offset of the record (for a .warc.gz also the
 * offset of its gzip member), after every record before it was delivered.
 * In a .warc.gz the record that ends a gzip member is delivered only once
 * the member checked out (its CRC and length, which inflate reads last):
 * a member cut short or failing its check loses that record, but not the
 * records before it in the same member.
 * The payload is passed as stored: a foreign archive may hold chunked or
 * compressed bodies (see the HTTP headers).
 */
#ifndef WARC_H
#define WARC_H

#include <stddef.h>
#include <stdint.h>

#include "tc_status.h"

/* Largest record block (HTTP head and body) written or read. */
#define TC_WARC_MAX_RECORD ((size_t)64 << 20)
/* Largest WARC header (all the lines before the block). */
#define TC_WARC_MAX_HEADER ((size_t)64 << 10)

/* ---- writer ------------------------------------------------------------- */

typedef struct tc_warc_writer tc_warc_writer;

/*
 * Create the new file path (it must not exist: an archive is never
 * overwritten) and write its warcinfo record.  *out owns the writer; close
 * it with tc_warc_close.  Errors: TC_ERR_USAGE (NULL arguments), TC_ERR_IO
 * (the file exists or cannot be created or written, /dev/urandom cannot be
 * read; err says which), TC_ERR_NOMEM; *out is NULL after a failure and no
 * file is left behind.
 */
TC_MUST_CHECK tc_status tc_warc_open(const char *path, tc_warc_writer **out /* OUT */,
				     tc_err *err);

/*
 * Append one response record: the HTTP response head http_head[0..head_len)
 * (status line and header lines as received, with or without the blank
 * line that ends them; CRLF or LF line ends) and the decoded body
 * body[0..body_len) (any bytes).  target_uri is the URL fetched and
 * date_iso the time of the fetch in UTC, "YYYY-MM-DDThh:mm:ssZ" (a
 * fraction of a second is allowed); NULL means now.  feed_date, NULL or ""
 * when none, is the YYYY-MM-DD a feed or sitemap gave the page, kept in a
 * Tracuu-Feed-Date field: the crawl uses it for a page without a date of
 * its own, and so must an import of the archive (other readers ignore a
 * field they do not know, ISO 28500 section 5).
 *
 * Errors: TC_ERR_INVALID for a target URI with white space or control
 * characters (it would break the header), a malformed date or feed date, a head that
 * does not start with "HTTP/"; TC_ERR_TOO_BIG when the record would pass
 * TC_WARC_MAX_RECORD; TC_ERR_IO when writing fails.  After TC_ERR_IO the
 * file is cut back to the end of the last complete record and the writer
 * refuses further records (the error is sticky); the other errors write
 * nothing and leave the writer usable.
 */
TC_MUST_CHECK tc_status tc_warc_write_response(tc_warc_writer *w, const char *target_uri,
					       const char *date_iso, const char *feed_date,
					       const char *http_head,
					       size_t head_len, const char *body, size_t body_len,
					       tc_err *err);

/*
 * Flush, fsync and close the file (and fsync its directory, so the new
 * name survives a crash), then free w, whatever happens.  TC_ERR_IO when
 * any of that fails or an earlier write failed.  NULL w is TC_OK.
 */
TC_MUST_CHECK tc_status tc_warc_close(tc_warc_writer *w, tc_err *err);

/* ---- reader ------------------------------------------------------------- */

/* One response record, valid only during the callback. */
typedef struct tc_warc_response {
	const char *target_uri; /* WARC-Target-URI without <>; "" if absent */
	const char *date;       /* WARC-Date as written; "" if absent */
	const char *record_id;  /* WARC-Record-ID as written; "" if absent */
	const char *feed_date;  /* Tracuu-Feed-Date as written; "" if absent */
	int status;             /* HTTP status code, 100..999 */
	const char *http_head;  /* status line and header lines, each ending */
	size_t head_len;        /* in CRLF (or LF), then the blank line */
	const char *body;       /* payload bytes, followed by an uncounted NUL */
	size_t body_len;
	uint64_t offset;        /* where the record starts: its gzip member's
				   offset in a .warc.gz, else its own offset */
} tc_warc_response;

/* Receives each response record in file order; return non-zero to stop. */
typedef int (*tc_warc_cb)(void *ctx, const tc_warc_response *r);

/*
 * Read the .warc or .warc.gz at path, passing response records to cb.
 * TC_OK when the whole file was read (an empty file included) or cb
 * stopped the read.  Errors: TC_ERR_USAGE (NULL path or cb), TC_ERR_IO (it
 * cannot be opened or read), TC_ERR_INVALID (a malformed or truncated
 * record or gzip member; err names the byte offset), TC_ERR_TOO_BIG (a
 * record or header over its cap), TC_ERR_NOMEM.  Memory: one record.
 */
TC_MUST_CHECK tc_status tc_warc_read(const char *path, tc_warc_cb cb, void *ctx, tc_err *err);

/* The same for a file already in memory, data[0..n) (data may be NULL
 * when n is 0). */
TC_MUST_CHECK tc_status tc_warc_read_mem(const char *data, size_t n, tc_warc_cb cb, void *ctx,
					 tc_err *err);

/*
 * The value of the HTTP header name (case-insensitive) in
 * head[0..head_len), as tc_warc_response gives it: surrounding white space
 * removed, continuation lines joined with a space, control characters
 * turned into spaces, the first occurrence.
 * Copied into out[0..cap) with a NUL; 1 when found and it fit, 0 otherwise
 * (out is then "").  For example the Content-Type, to learn the charset.
 */
int tc_warc_http_header(const char *head, size_t head_len, const char *name, char *out,
			size_t cap);

#endif
