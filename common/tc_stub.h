/*
 * tc_stub.h - Xapian stub files: the text that lists the shards of one
 * database, read and written by tracuu itself (docs/SCALE.md).
 *
 * Xapian opens a stub file on its own, but as one Database: a shard that
 * does not answer fails every search, and its remote lines take no timeout
 * (1.4: "FIXME: timeouts").  tracuu reads the stub itself so that the
 * searcher can open each shard apart, with a time limit, and answer from
 * the others (searcher/shardset.h), and so that a writer can route each
 * document to its shard.  The lines kept are Xapian's own, so xapian-delve
 * or xapian-check open the same file:
 *
 *   # comment            (and blank lines)
 *   auto PATH            a local database; relative to the stub's folder
 *   glass PATH           the same
 *   remote HOST:PORT     a database served by xapian-tcpsrv ([IPv6]:PORT)
 *   remote tcp HOST PORT the same, as issue 20 writes it (tracuu only)
 *
 * Anything else is refused with the line's number (never its text: a stub
 * path pointed at the wrong file should not print that file).
 */
#ifndef TC_STUB_H
#define TC_STUB_H

#include <stddef.h>

#include "tc_dbpath.h"
#include "tc_status.h"

#define TC_STUB_MAX_SHARDS 256
#define TC_STUB_MAX_BYTES (64u << 10)
#define TC_STUB_FILE "XAPIANDB" /* a folder holding one is opened through it */
#define TC_STUB_HOST_MAX 255

typedef enum tc_shard_kind { TC_SHARD_LOCAL, TC_SHARD_REMOTE } tc_shard_kind;

typedef struct tc_shard_spec {
	tc_shard_kind kind;
	char path[TC_PATH_MAX];          /* LOCAL: resolved against the stub's folder */
	char host[TC_STUB_HOST_MAX + 1]; /* REMOTE */
	unsigned port;                   /* REMOTE: 1..65535 */
	/* How messages name the shard: the path, or remote:tcp(HOST:PORT) as
	 * Xapian's network errors name their connection. */
	char name[TC_PATH_MAX + 16];
} tc_shard_spec;

typedef struct tc_stub {
	tc_shard_spec *shard; /* n of them, in the file's order */
	size_t n;
} tc_stub;

/*
 * Parse text[0..len) (need not be NUL-terminated; NUL bytes are refused).
 * base_dir resolves relative local paths; origin names the file in
 * messages.  TC_ERR_INVALID naming the line and what is allowed;
 * TC_ERR_TOO_BIG over TC_STUB_MAX_BYTES or TC_STUB_MAX_SHARDS;
 * TC_ERR_NOMEM.  No shard at all is TC_ERR_INVALID too (Xapian opens it as
 * an empty database, which would answer every query with nothing).
 * *out is empty unless TC_OK; release it with tc_stub_release.
 */
TC_MUST_CHECK tc_status tc_stub_parse(const char *text, size_t len, const char *base_dir,
				      const char *origin, tc_stub *out /* OUT */, tc_err *err);

/* Read and parse the stub file at path, or path/XAPIANDB when path is a
 * folder.  TC_ERR_NOT_FOUND when there is none. */
TC_MUST_CHECK tc_status tc_stub_load(const char *path, tc_stub *out /* OUT */, tc_err *err);

/* Does path hold a stub: a regular file that is not a database, or a
 * folder with an XAPIANDB file? */
int tc_stub_is_stub(const char *path);

void tc_stub_release(tc_stub *s);

/*
 * Write dir/XAPIANDB listing "auto shardK" for K in 0..n-1 (the layout of a
 * sharded generation, tc_dbpath.h), through a temporary file renamed into
 * place and synced.
 */
TC_MUST_CHECK tc_status tc_stub_write_local(const char *dir, size_t n, tc_err *err);

/* The folder name of shard k of a sharded generation: "shard<k>". */
TC_MUST_CHECK tc_status tc_stub_shard_name(size_t k, char *out, size_t cap);

#endif
