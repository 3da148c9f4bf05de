/*
 * gzin.h - read a file that may be gzip-compressed, and say so when the
 * compressed data is damaged.
 *
 * zlib's gzread() is not enough for an importer: a stream that simply stops
 * (cut short by a failed copy, or lacking its 8-byte trailer) reads as a
 * clean end of file, and a CRC mismatch discards the bytes decoded in the
 * same call, so a good file with a bad checksum lost every line.  Here a
 * file that starts with the gzip magic bytes is inflated member by member
 * (concatenated members are one stream, as gzip(1) reads them), trailing
 * zero bytes are ignored (as gzip(1) does), and every fault is an error
 * that names its byte offset, reported only after every byte decoded before
 * it has been handed out.  Any other file is read as it is.
 *
 * Memory: one input block; no cap on the decoded size is needed because
 * nothing is kept (the caller caps what it keeps, e.g. a line).
 */
#ifndef GZIN_H
#define GZIN_H

#include <stddef.h>
#include <stdint.h>

#include "tc_status.h"

typedef struct tc_gzin tc_gzin;

/* Open path.  TC_ERR_IO (err names the file and why), TC_ERR_NOMEM; *out
 * is NULL after a failure.  Free with tc_gzin_free. */
TC_MUST_CHECK tc_status tc_gzin_open(const char *path, tc_gzin **out /* OUT */, tc_err *err);

/* The same for data[0..n) in memory (not copied: it must outlive *out). */
TC_MUST_CHECK tc_status tc_gzin_open_mem(const void *data, size_t n, tc_gzin **out /* OUT */,
					 tc_err *err);

/*
 * Read up to cap (> 0) decoded bytes into buf; *got is 0 only at the clean
 * end of the data.  Bytes decoded before a fault are returned first (TC_OK);
 * the fault comes with the next call and every call after it:
 * TC_ERR_INVALID for gzip data that is truncated (the file ends inside a
 * member, its trailer included), corrupt (bad deflate data, CRC or length
 * mismatch) or followed by something that is not a gzip member; TC_ERR_IO
 * for a read error; TC_ERR_NOMEM.  err says which, with byte offsets.
 */
TC_MUST_CHECK tc_status tc_gzin_read(tc_gzin *g, void *buf, size_t cap, size_t *got /* OUT */,
				     tc_err *err);

/* Bytes of the file consumed so far (for progress). */
uint64_t tc_gzin_offset(const tc_gzin *g);

/* Is the data gzip (decided by its first two bytes)? */
int tc_gzin_is_gzip(const tc_gzin *g);

/* Close and free; NULL is fine. */
void tc_gzin_free(tc_gzin *g);

#endif
