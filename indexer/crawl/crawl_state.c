/* crawl_state.c - the crawler's per-URL memory in SQLite; see crawl_state.h. */
#include "crawl_state.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tc_banned.h"

enum {
	Q_ADD,
	Q_FORCE,
	Q_DUE,
	Q_HOSTS,
	Q_FINISH,
	Q_RETRY,
	Q_HASH,
	Q_COUNT,
	Q_NEXT,
	Q_N
};

static const char *const SQL[Q_N] = {
	[Q_ADD] = "INSERT OR IGNORE INTO urls(url, host, source, depth, redirects, date_hint, state)"
		  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0)",
	[Q_FORCE] = "UPDATE urls SET state = 0, due = 0, tries = 0, depth = MIN(depth, ?2)"
		    " WHERE url = ?1 AND state != 0",
	[Q_DUE] = "SELECT id, url, host, source, depth, tries, redirects, etag, last_modified, hash,"
		  " indexed, date_hint FROM urls WHERE state = 0 AND host = ?1 AND due <= ?2"
		  " ORDER BY due, id LIMIT ?3",
	[Q_HOSTS] = "SELECT DISTINCT host FROM urls WHERE state = 0",
	[Q_FINISH] = "UPDATE urls SET state = ?2, http_status = ?3, etag = ?4, last_modified = ?5,"
		     " hash = ?6, indexed = ?7, tries = ?8, fetched_at = julianday('now') WHERE id = ?1",
	[Q_RETRY] = "UPDATE urls SET state = 0, due = ?2, tries = ?3 WHERE id = ?1",
	[Q_HASH] = "SELECT url FROM urls WHERE hash = ?1 AND indexed = 1 LIMIT 1",
	[Q_COUNT] = "SELECT state, COUNT(*) FROM urls GROUP BY state",
	[Q_NEXT] = "SELECT MIN(due) FROM urls WHERE state = 0 AND host = ?1",
};

struct tc_crawl_state {
	sqlite3 *db;
	sqlite3_stmt *q[Q_N];
};

static tc_status fail(tc_crawl_state *s, tc_err *err, const char *what)
{
	return tc_err_set(err, TC_ERR_IO, "crawl state: %s: %s", what,
			  s && s->db ? sqlite3_errmsg(s->db) : "cannot open");
}

static tc_status exec(tc_crawl_state *s, const char *sql, tc_err *err)
{
	char *msg = NULL;
	if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		tc_status st = tc_err_set(err, TC_ERR_IO, "crawl state: %s", msg ? msg : sql);
		sqlite3_free(msg);
		return st;
	}
	return TC_OK;
}

tc_status tc_crawl_state_open(const char *path, tc_crawl_state **out, tc_err *err)
{
	*out = NULL;
	tc_crawl_state *s = calloc(1, sizeof *s);
	if (!s)
		return TC_ERR_NOMEM;
	tc_status st = TC_OK;
	if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK)
		st = tc_err_set(err, TC_ERR_IO, "cannot open the crawl state %s: %s", path,
				s->db ? sqlite3_errmsg(s->db) : "out of memory");
	if (st == TC_OK)
		sqlite3_busy_timeout(s->db, 5000);
	/* WAL: a crash loses at most the open transaction, never the file. */
	if (st == TC_OK)
		st = exec(s,
			  "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
			  "CREATE TABLE IF NOT EXISTS urls("
			  " id INTEGER PRIMARY KEY, url TEXT UNIQUE NOT NULL, host TEXT NOT NULL,"
			  " source INTEGER NOT NULL DEFAULT 0, depth INTEGER NOT NULL DEFAULT 0,"
			  " state INTEGER NOT NULL DEFAULT 0, due REAL NOT NULL DEFAULT 0,"
			  " tries INTEGER NOT NULL DEFAULT 0, redirects INTEGER NOT NULL DEFAULT 0,"
			  " etag TEXT NOT NULL DEFAULT '', last_modified TEXT NOT NULL DEFAULT '',"
			  " hash INTEGER NOT NULL DEFAULT 0, indexed INTEGER NOT NULL DEFAULT 0,"
			  " date_hint TEXT NOT NULL DEFAULT '', http_status INTEGER NOT NULL DEFAULT 0,"
			  " fetched_at REAL NOT NULL DEFAULT 0);"
			  "CREATE INDEX IF NOT EXISTS urls_queue ON urls(state, host, due, id);"
			  "CREATE INDEX IF NOT EXISTS urls_hash ON urls(hash);"
			  "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);",
			  err);
	for (int i = 0; i < Q_N && st == TC_OK; i++)
		if (sqlite3_prepare_v2(s->db, SQL[i], -1, &s->q[i], NULL) != SQLITE_OK)
			st = fail(s, err, "cannot prepare a statement");
	if (st == TC_OK)
		st = exec(s, "BEGIN", err);
	if (st != TC_OK) {
		tc_crawl_state_free(s);
		return st;
	}
	*out = s;
	return TC_OK;
}

void tc_crawl_state_free(tc_crawl_state *s)
{
	if (!s)
		return;
	for (int i = 0; i < Q_N; i++)
		sqlite3_finalize(s->q[i]);
	if (s->db) {
		/* An open transaction is committed: the state is worth keeping
		 * even when the crawl stopped on an error. */
		if (!sqlite3_get_autocommit(s->db))
			sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
		sqlite3_close(s->db);
	}
	free(s);
}

tc_status tc_crawl_state_commit(tc_crawl_state *s, tc_err *err)
{
	return exec(s, "COMMIT; BEGIN", err);
}

tc_status tc_crawl_state_begin(tc_crawl_state *s, int *resumed, tc_err *err)
{
	*resumed = 0;
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE key = 'pass'", -1, &q, NULL) !=
	    SQLITE_OK)
		return fail(s, err, "cannot read the pass");
	if (sqlite3_step(q) == SQLITE_ROW) {
		const unsigned char *v = sqlite3_column_text(q, 0);
		*resumed = v && !strcmp((const char *)v, "running");
	}
	sqlite3_finalize(q);
	tc_status st = TC_OK;
	if (!*resumed)
		st = exec(s, "UPDATE urls SET state = 0, due = 0, tries = 0 WHERE state IN (1, 3)", err);
	if (st == TC_OK)
		st = exec(s, "INSERT OR REPLACE INTO meta VALUES ('pass', 'running')", err);
	return st == TC_OK ? tc_crawl_state_commit(s, err) : st;
}

tc_status tc_crawl_state_end(tc_crawl_state *s, tc_err *err)
{
	tc_status st = exec(s, "INSERT OR REPLACE INTO meta VALUES ('pass', 'finished')", err);
	return st == TC_OK ? tc_crawl_state_commit(s, err) : st;
}

static tc_status done(tc_crawl_state *s, sqlite3_stmt *q, tc_err *err, const char *what)
{
	int rc = sqlite3_step(q);
	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
	return rc == SQLITE_DONE ? TC_OK : fail(s, err, what);
}

tc_status tc_crawl_state_add(tc_crawl_state *s, const char *url, const char *host, int source,
			     int depth, int redirects, const char *date_hint, int force, int *added,
			     tc_err *err)
{
	*added = 0;
	sqlite3_stmt *q = s->q[Q_ADD];
	sqlite3_bind_text(q, 1, url, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, host, -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 3, source);
	sqlite3_bind_int(q, 4, depth);
	sqlite3_bind_int(q, 5, redirects);
	sqlite3_bind_text(q, 6, date_hint ? date_hint : "", -1, SQLITE_STATIC);
	tc_status st = done(s, q, err, "cannot queue a URL");
	if (st != TC_OK)
		return st;
	*added = sqlite3_changes(s->db) > 0;
	if (!*added && force) {
		q = s->q[Q_FORCE];
		sqlite3_bind_text(q, 1, url, -1, SQLITE_STATIC);
		sqlite3_bind_int(q, 2, depth);
		st = done(s, q, err, "cannot requeue a URL");
		*added = st == TC_OK && sqlite3_changes(s->db) > 0;
	}
	return st;
}

static void copy_col(sqlite3_stmt *q, int col, char *out, size_t cap)
{
	const unsigned char *v = sqlite3_column_text(q, col);
	size_t n = v ? strlen((const char *)v) : 0;
	if (n >= cap)
		n = cap - 1;
	if (n)
		memcpy(out, v, n);
	out[n] = '\0';
}

tc_status tc_crawl_state_due(tc_crawl_state *s, const char *host, double now, tc_url_row *rows,
			     size_t max, size_t *n, tc_err *err)
{
	*n = 0;
	sqlite3_stmt *q = s->q[Q_DUE];
	sqlite3_bind_text(q, 1, host, -1, SQLITE_STATIC);
	sqlite3_bind_double(q, 2, now);
	sqlite3_bind_int64(q, 3, (sqlite3_int64)max);
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW && *n < max) {
		tc_url_row *r = &rows[(*n)++];
		memset(r, 0, sizeof *r);
		r->id = sqlite3_column_int64(q, 0);
		copy_col(q, 1, r->url, sizeof r->url);
		copy_col(q, 2, r->host, sizeof r->host);
		r->source = sqlite3_column_int(q, 3);
		r->depth = sqlite3_column_int(q, 4);
		r->tries = sqlite3_column_int(q, 5);
		r->redirects = sqlite3_column_int(q, 6);
		copy_col(q, 7, r->etag, sizeof r->etag);
		copy_col(q, 8, r->last_modified, sizeof r->last_modified);
		r->hash = (uint64_t)sqlite3_column_int64(q, 9);
		r->indexed = sqlite3_column_int(q, 10);
		copy_col(q, 11, r->date_hint, sizeof r->date_hint);
	}
	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? TC_OK : fail(s, err, "cannot read the queue");
}

tc_status tc_crawl_state_hosts(tc_crawl_state *s, tc_host_cb cb, void *ctx, tc_err *err)
{
	sqlite3_stmt *q = s->q[Q_HOSTS];
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const unsigned char *h = sqlite3_column_text(q, 0);
		if (h && cb(ctx, (const char *)h))
			break;
	}
	sqlite3_reset(q);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? TC_OK : fail(s, err, "cannot list hosts");
}

tc_status tc_crawl_state_finish(tc_crawl_state *s, const tc_url_row *row, tc_url_state state,
				int http_status, tc_err *err)
{
	sqlite3_stmt *q = s->q[Q_FINISH];
	sqlite3_bind_int64(q, 1, row->id);
	sqlite3_bind_int(q, 2, (int)state);
	sqlite3_bind_int(q, 3, http_status);
	sqlite3_bind_text(q, 4, row->etag, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 5, row->last_modified, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 6, (sqlite3_int64)row->hash);
	sqlite3_bind_int(q, 7, row->indexed);
	sqlite3_bind_int(q, 8, row->tries);
	return done(s, q, err, "cannot record a fetch");
}

tc_status tc_crawl_state_retry(tc_crawl_state *s, const tc_url_row *row, double due, tc_err *err)
{
	sqlite3_stmt *q = s->q[Q_RETRY];
	sqlite3_bind_int64(q, 1, row->id);
	sqlite3_bind_double(q, 2, due);
	sqlite3_bind_int(q, 3, row->tries);
	return done(s, q, err, "cannot requeue a URL");
}

tc_status tc_crawl_state_hash_owner(tc_crawl_state *s, uint64_t hash, char *url, size_t cap,
				    int *found, tc_err *err)
{
	*found = 0;
	url[0] = '\0';
	sqlite3_stmt *q = s->q[Q_HASH];
	sqlite3_bind_int64(q, 1, (sqlite3_int64)hash);
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		copy_col(q, 0, url, cap);
		*found = 1;
	}
	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? TC_OK : fail(s, err, "cannot look up a hash");
}

tc_status tc_crawl_state_counts(tc_crawl_state *s, uint64_t counts[5], tc_err *err)
{
	memset(counts, 0, 5 * sizeof counts[0]);
	sqlite3_stmt *q = s->q[Q_COUNT];
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		int state = sqlite3_column_int(q, 0);
		if (state >= 0 && state < 5)
			counts[state] = (uint64_t)sqlite3_column_int64(q, 1);
	}
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? TC_OK : fail(s, err, "cannot count URLs");
}

tc_status tc_crawl_state_next_due(tc_crawl_state *s, const char *host, double *due, int *any,
				  tc_err *err)
{
	*due = 0;
	*any = 0;
	sqlite3_stmt *q = s->q[Q_NEXT];
	sqlite3_bind_text(q, 1, host, -1, SQLITE_STATIC);
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW && sqlite3_column_type(q, 0) != SQLITE_NULL) {
		*due = sqlite3_column_double(q, 0);
		*any = 1;
	}
	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? TC_OK : fail(s, err, "cannot read the queue");
}

void tc_crawl_state_rollback(tc_crawl_state *s)
{
	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL);
}

static tc_status each_url(tc_crawl_state *s, const char *sql, tc_url_cb cb, void *ctx,
			  tc_err *err)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(s->db, sql, -1, &q, NULL) != SQLITE_OK)
		return fail(s, err, "cannot list URLs");
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const unsigned char *u = sqlite3_column_text(q, 0);
		if (u && cb(ctx, (const char *)u))
			break;
	}
	sqlite3_finalize(q);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? TC_OK : fail(s, err, "cannot list URLs");
}

tc_status tc_crawl_state_unindexed(tc_crawl_state *s, tc_url_cb cb, void *ctx, tc_err *err)
{
	return each_url(s, "SELECT url FROM urls WHERE indexed = 0 ORDER BY id", cb, ctx, err);
}

tc_status tc_crawl_state_indexed(tc_crawl_state *s, tc_url_cb cb, void *ctx, tc_err *err)
{
	return each_url(s, "SELECT url FROM urls WHERE indexed = 1 ORDER BY id", cb, ctx, err);
}

tc_status tc_crawl_state_copy(tc_crawl_state *s, const char *path, tc_err *err)
{
	/* VACUUM cannot run inside a transaction: commit first, begin after. */
	tc_status st = exec(s, "COMMIT", err);
	if (st != TC_OK)
		return st;
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(s->db, "VACUUM INTO ?1", -1, &q, NULL) != SQLITE_OK) {
		st = fail(s, err, "cannot copy the state");
	} else {
		sqlite3_bind_text(q, 1, path, -1, SQLITE_STATIC);
		if (sqlite3_step(q) != SQLITE_DONE)
			st = tc_err_set(err, TC_ERR_IO, "crawl state: cannot copy to %s: %s", path,
					sqlite3_errmsg(s->db));
		sqlite3_finalize(q);
	}
	tc_status b = exec(s, "BEGIN", err);
	return st == TC_OK ? b : st;
}
