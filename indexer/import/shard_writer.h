/*
 * shard_writer.h - build a fresh index on several cores at once.
 *
 * Xapian's writer is single-threaded and most of an import's time is spent
 * inside it, so a fresh build (tracuu-index rebuild, or add into a new index)
 * hands each article to one of N worker threads, each writing its own shard
 * database.  An article goes to the shard tc_schema_shard_of names for its
 * unique-id term, so a URL seen twice is replaced inside its shard and never
 * duplicated.  At the end the shards are merged with Xapian's compactor into
 * the destination, which also leaves the served index compact; or, for a
 * sharded generation (tc_shards_finish_sharded), each is compacted into a
 * shard of its own, where the same routing keeps every later update.
 *
 * Only for databases that do not exist yet: replacing documents of an
 * existing index needs that index's writer (importer.h does it serially).
 */
#ifndef SHARD_WRITER_H
#define SHARD_WRITER_H

#include <stdint.h>

#include "tc_schema.h"
#include "tc_status.h"

typedef struct tc_shards tc_shards;

/* Most workers, hence most shards of a sharded generation (rebuild --shards). */
#define TC_SHARDS_MAX 64

/* Why a worker skipped an article: called with the article's origin. */
typedef void (*tc_shards_reject_cb)(void *ctx, const char *file, uint64_t line, const char *why);

/*
 * Start n (1..TC_SHARDS_MAX) workers writing shards under work_dir (created; must not
 * exist), each committing every batch_docs documents.  reject is called (from
 * worker threads, serialised) for articles that cannot be indexed.
 */
TC_MUST_CHECK tc_status tc_shards_new(const char *work_dir, int n, uint32_t batch_docs,
				      tc_shards_reject_cb reject, void *ctx,
				      tc_shards **out /* OUT */, tc_err *err);

/* Queue a copy of a (clean text); blocks while the worker is behind.
 * A non-OK status means a worker has failed and the build must stop. */
TC_MUST_CHECK tc_status tc_shards_put(tc_shards *s, const tc_article *a, const char *file,
				      uint64_t line, tc_err *err);

/*
 * Wait for the workers, commit, and merge the shards into dest (which must not
 * exist).  *docs and *replaced receive what the workers wrote.  The work
 * directory is removed in every case.  Frees s.
 */
TC_MUST_CHECK tc_status tc_shards_finish(tc_shards *s, const char *dest, uint64_t *docs /* OUT */,
					 uint64_t *replaced /* OUT */, tc_err *err);

/*
 * As tc_shards_finish, but into a sharded generation: worker k's shard is
 * compacted into dest/shard<k>, beside the stub file tc_dbpath_make_sharded
 * wrote there (dest must exist and have no shards yet).  s must have been
 * started with one worker per shard of dest.
 */
TC_MUST_CHECK tc_status tc_shards_finish_sharded(tc_shards *s, const char *dest,
						 uint64_t *docs /* OUT */,
						 uint64_t *replaced /* OUT */, tc_err *err);

/* Stop the workers and throw the shards away (after a failure).  Frees s. */
void tc_shards_abort(tc_shards *s);

/* Worker threads worth starting on this machine. */
int tc_shards_default_jobs(void);

#endif
