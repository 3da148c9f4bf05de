/*
 * tc_dbpath.h - how an index directory is laid out on disk.
 *
 *   DIR/current      symlink to the live generation (relative: gen-000003)
 *   DIR/gen-000003/  a Xapian database
 *
 * Incremental imports write into the live generation with Xapian's atomic
 * commits.  A full rebuild builds gen-(N+1) beside it and then switches the
 * link with rename(2), which is atomic: a reader resolves the link once when it
 * opens, so it sees either the old index or the new one, never a half-built
 * one.  A plain Xapian database given as DIR is accepted for reading too.
 */
#ifndef TC_DBPATH_H
#define TC_DBPATH_H

#include <stddef.h>

#include "tc_status.h"

#define TC_PATH_MAX 4096

/* The path of the live database of dir (resolved through DIR/current).
 * TC_ERR_NOT_FOUND with a message when dir holds no index. */
TC_MUST_CHECK tc_status tc_dbpath_live(const char *dir, char *out, size_t cap, tc_err *err);

/* Make sure dir exists and has a live generation (creating gen-000001 and the
 * link when there is none); writes the live path to out.  *created says whether
 * the generation is new (its Xapian database does not exist yet). */
TC_MUST_CHECK tc_status tc_dbpath_for_writing(const char *dir, char *out, size_t cap,
					      int *created /* OUT */, tc_err *err);

/* The name (not path) of the next generation, e.g. "gen-000004". */
TC_MUST_CHECK tc_status tc_dbpath_next_generation(const char *dir, char *name, size_t cap,
						  tc_err *err);

/* Point DIR/current at generation name, atomically. */
TC_MUST_CHECK tc_status tc_dbpath_switch(const char *dir, const char *name, tc_err *err);

/* Remove generations other than the live one and the one before it. */
TC_MUST_CHECK tc_status tc_dbpath_prune(const char *dir, tc_err *err);

/* Remove a directory tree made of plain files (a Xapian database). */
TC_MUST_CHECK tc_status tc_dbpath_remove_tree(const char *path, tc_err *err);

#endif
