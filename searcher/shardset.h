/*
 * shardset.h - the shards of a stub file that lists remote ones (served by
 * xapian-tcpsrv), each opened apart, so that a shard that does not answer
 * leaves the others answering (docs/SCALE.md, "When a shard does not answer").
 *
 * Xapian opens a stub file as one Database; a shard that is down then fails
 * every search with NetworkError, and its remote lines take no timeout (the
 * default is 10 s).  Here each remote shard is opened with
 * Xapian::Remote::open and the configured time limit, which bounds the
 * connection and every later exchange, and the searcher is handed a union of
 * the shards that answer (tc_db_union).  When a call on the union fails with
 * TC_ERR_NETWORK, tc_shardset_failed leaves the shard it names out; a shard
 * left out is tried again, at most every TC_SHARD_RETRY_MS, when the next
 * union is asked for.  Local lines must open: a local database that fails is
 * an error, not a missing shard.
 */
#ifndef SHARDSET_H
#define SHARDSET_H

#include <stddef.h>

#include "tc_status.h"
#include "tc_xapian.h"

#define TC_SHARD_TIMEOUT_DEFAULT_MS 2000u
#define TC_SHARD_TIMEOUT_MAX_MS 600000u
#define TC_SHARD_RETRY_MS 5000 /* a shard left out is tried again this long after */

typedef struct tc_shardset tc_shardset;

/* Whether path is a stub file with at least one remote line (what this
 * module is for); 0 for anything else, unreadable stubs included. */
int tc_shardset_wanted(const char *path);

/*
 * Read the stub at path and open its shards, remote ones with timeout_ms
 * (1..TC_SHARD_TIMEOUT_MAX_MS).  Remote shards that do not answer are left
 * out, not an error.  TC_ERR_INVALID etc. for a bad stub (tc_stub.h); an
 * error from a local shard's opening.
 */
TC_MUST_CHECK tc_status tc_shardset_open(const char *path, unsigned timeout_ms,
					 tc_shardset **out /* OUT */, tc_err *err);
void tc_shardset_free(tc_shardset *s);

/*
 * A new union of the shards that answer, the caller's to free; shards left
 * out whose retry time has come are tried first.  TC_ERR_NETWORK, naming
 * them, when none answers.
 */
TC_MUST_CHECK tc_status tc_shardset_union(tc_shardset *s, tc_db **out /* OUT */, tc_err *err);

/* A new request starts: connections made from now on are its own. */
void tc_shardset_begin(tc_shardset *s);

/*
 * A call on a union failed with TC_ERR_NETWORK and message cause: the shard
 * the message names (Xapian starts it with remote:tcp(HOST:PORT)), or, when
 * it names none, every shard that fails a round trip, gets a new connection
 * if its old one was made before this request (the server may have closed
 * an idle one), else is left out; then the other shards' connections are
 * made anew (one a search gave up on may still have a reply on its way).
 * Returns how many shards failed: 0 means the failure is not a shard's, and
 * asking again would not help.  A shard fails at most twice per request, so
 * the retries a caller makes are bounded.
 */
size_t tc_shardset_failed(tc_shardset *s, const char *cause);

/* Shards left out now, and the name (remote:tcp(HOST:PORT)) of the i-th. */
size_t tc_shardset_missing(const tc_shardset *s);
const char *tc_shardset_missing_name(const tc_shardset *s, size_t i);
/* Shards in the stub. */
size_t tc_shardset_size(const tc_shardset *s);

/*
 * The time limit asked for in the environment (TRACUU_SHARD_TIMEOUT_MS),
 * else def.  TC_ERR_USAGE naming the variable and the range when it is set
 * to anything but a whole number of milliseconds in 1..TC_SHARD_TIMEOUT_MAX_MS.
 */
TC_MUST_CHECK tc_status tc_shard_timeout_env(unsigned def, unsigned *out /* OUT */, tc_err *err);
/* Parse a time limit (an option's or a config file's value), same rule. */
TC_MUST_CHECK tc_status tc_shard_timeout_parse(const char *what, const char *s,
					       unsigned *out /* OUT */, tc_err *err);

#endif
