/*
 * tc_dbpath.h - how an index directory is laid out on disk.
 *
 *   DIR/current      symlink to the live generation (relative: gen-000003)
 *   DIR/gen-000003/  a Xapian database
 *
 *   DIR/lock         held (flock) by the one writer at work in DIR
 *
 * A sharded generation (rebuild --shards N; docs/SCALE.md) is a folder of
 * N databases and a Xapian stub file listing them, which Xapian opens as
 * one database through the folder itself:
 *
 *   DIR/gen-000004/XAPIANDB   "auto shard0" ... "auto shard<N-1>"
 *   DIR/gen-000004/shard0/    a Xapian database
 *
 * Each document lives in the shard tc_schema_shard_of names for its
 * unique-id term; tc_dbpath_open_write opens a generation of either kind
 * with that routing, so add, crawl and nightly keep a document in one shard.
 *
 * Incremental imports write into the live generation with Xapian's atomic
 * commits.  A full rebuild, and the first import into a new DIR, build a
 * generation beside it and only then switch the link to it, with rename(2),
 * which is atomic: current only ever names a complete generation, and a
 * reader resolving it sees the old index or the new one, never a half-built
 * one.  A plain Xapian database given as DIR is accepted for reading too.
 */
#ifndef TC_DBPATH_H
#define TC_DBPATH_H

#include <stddef.h>

#include "tc_status.h"
#include "tc_xapian.h"

#define TC_PATH_MAX 4096

/* The path of the live database of dir (resolved through DIR/current).
 * TC_ERR_NOT_FOUND with a message when dir holds no index. */
TC_MUST_CHECK tc_status tc_dbpath_live(const char *dir, char *out, size_t cap, tc_err *err);

/*
 * Writers.  Every command that writes DIR (add, rebuild, crawl) holds DIR/lock
 * from before it looks at the generations until it has published its work;
 * the kernel lets go of it however the process ends.  Holding it, a writer
 * knows nobody else is building in DIR, so what an interrupted build left
 * behind (gen-N.shards scratch, a generation never published, a link half
 * switched, a current naming a missing generation) is removed first.
 */
typedef enum tc_dbpath_plan {
	TC_DBPATH_UPDATE,  /* the live generation, in place; with none yet, a new
			      one built aside and published when complete (add) */
	TC_DBPATH_GROW,    /* the live generation, in place; with none yet, an
			      empty one published at once, so that every commit
			      is live (crawl: its state says what is indexed) */
	TC_DBPATH_REBUILD  /* a new generation beside the live one (rebuild) */
} tc_dbpath_plan;

typedef struct tc_dbpath_writer {
	char dir[TC_PATH_MAX];
	char name[256];         /* the generation written; "" for a bare database */
	char path[TC_PATH_MAX]; /* where to write: DIR/name, or DIR when it is a
				   bare Xapian database (Xapian's own lock guards it) */
	int fresh;              /* path does not exist yet: build it, then publish */
	int published;
	int lock_fd;            /* -1 when not held */
} tc_dbpath_writer;

/*
 * Create dir if needed, take its lock, clean up after interrupted writers and
 * choose where to write (*w).  TC_ERR_LOCKED, saying so, when another import
 * holds dir; TC_ERR_USAGE for a rebuild of a bare database.  On failure w
 * holds no lock and tc_dbpath_writer_release is harmless.
 */
TC_MUST_CHECK tc_status tc_dbpath_writer_begin(const char *dir, tc_dbpath_plan plan,
					       tc_dbpath_writer *w /* OUT */, tc_err *err);

/* Make a fresh generation live (switch current to it) and prune the
 * generations before the previous one; nothing to do for an in-place
 * writer.  Call only once the build is complete and synced. */
TC_MUST_CHECK tc_status tc_dbpath_writer_publish(tc_dbpath_writer *w, tc_err *err);

/* Let go of the lock; a fresh generation that was not published is removed
 * first (a failed or empty build).  Idempotent. */
void tc_dbpath_writer_release(tc_dbpath_writer *w);

/* The name (not path) of the next generation, e.g. "gen-000004". */
TC_MUST_CHECK tc_status tc_dbpath_next_generation(const char *dir, char *name, size_t cap,
						  tc_err *err);

/* Point DIR/current at generation name, atomically. */
TC_MUST_CHECK tc_status tc_dbpath_switch(const char *dir, const char *name, tc_err *err);

/* Remove generations other than the live one and the one before it. */
TC_MUST_CHECK tc_status tc_dbpath_prune(const char *dir, tc_err *err);

/* Shards of the generation at path: N for a sharded one (path/XAPIANDB
 * listing local databases), 0 for one database.  -1 with a message for a
 * stub that cannot be read or lists remote shards. */
int tc_dbpath_shard_count(const char *path, tc_err *err);

/*
 * Open the generation at path for writing (mode TC_DB_CREATE_OR_OPEN or
 * TC_DB_CREATE): one database, or a sharded generation's shards with each
 * document routed by tc_schema_shard_of (tc_db_open_shards).
 */
TC_MUST_CHECK tc_status tc_dbpath_open_write(const char *path, tc_db_mode mode,
					     tc_db **out /* OUT */, tc_err *err);

/* Lay out a sharded generation of n (1..TC_STUB_MAX_SHARDS) shards at path
 * (created; must not exist): the folder and its stub file.  The shards'
 * databases are created by whoever writes them first. */
TC_MUST_CHECK tc_status tc_dbpath_make_sharded(const char *path, size_t n, tc_err *err);

/* Remove a directory tree made of plain files (a Xapian database). */
TC_MUST_CHECK tc_status tc_dbpath_remove_tree(const char *path, tc_err *err);

#endif
