/* shardset.c - remote shards opened apart, left out when they fail; see shardset.h. */
#include "shardset.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "params.h"
#include "tc_stub.h"
#include "tc_banned.h"

typedef struct shard {
	tc_db *db;       /* NULL while left out */
	double retry_at; /* monotonic ms: when a shard left out is tried again */
	unsigned opened; /* the request (epoch) its connection was made in */
} shard;

struct tc_shardset {
	tc_stub stub;
	shard *sh;       /* stub.n of them */
	unsigned timeout_ms;
	unsigned epoch;  /* counts requests (tc_shardset_begin) */
};

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int tc_shardset_wanted(const char *path)
{
	if (!tc_stub_is_stub(path))
		return 0;
	tc_stub st;
	tc_err ignore;
	if (tc_stub_load(path, &st, &ignore) != TC_OK)
		return 0;
	int remote = 0;
	for (size_t k = 0; k < st.n; k++)
		remote |= st.shard[k].kind == TC_SHARD_REMOTE;
	tc_stub_release(&st);
	return remote;
}

static tc_status open_one(tc_shardset *s, size_t k, tc_err *err)
{
	const tc_shard_spec *sp = &s->stub.shard[k];
	tc_db_free(s->sh[k].db);
	s->sh[k].db = NULL;
	tc_status st = sp->kind == TC_SHARD_LOCAL
			       ? tc_db_open(sp->path, TC_DB_READ, &s->sh[k].db, err)
			       : tc_db_open_remote(sp->host, sp->port, s->timeout_ms, &s->sh[k].db, err);
	if (st != TC_OK)
		s->sh[k].retry_at = now_ms() + TC_SHARD_RETRY_MS;
	s->sh[k].opened = s->epoch;
	return st;
}

void tc_shardset_begin(tc_shardset *s)
{
	s->epoch++;
}

static void leave_out(tc_shardset *s, size_t k)
{
	tc_db_free(s->sh[k].db);
	s->sh[k].db = NULL;
	s->sh[k].retry_at = now_ms() + TC_SHARD_RETRY_MS;
}

tc_status tc_shardset_open(const char *path, unsigned timeout_ms, tc_shardset **out, tc_err *err)
{
	*out = NULL;
	if (timeout_ms < 1 || timeout_ms > TC_SHARD_TIMEOUT_MAX_MS)
		return tc_err_set(err, TC_ERR_USAGE, "the shard time limit must be 1 to %u ms, not %u",
				  TC_SHARD_TIMEOUT_MAX_MS, timeout_ms);
	tc_shardset *s = calloc(1, sizeof *s);
	if (!s)
		return TC_ERR_NOMEM;
	s->timeout_ms = timeout_ms;
	tc_status st = tc_stub_load(path, &s->stub, err);
	if (st == TC_OK && !(s->sh = calloc(s->stub.n, sizeof *s->sh)))
		st = TC_ERR_NOMEM;
	for (size_t k = 0; st == TC_OK && k < s->stub.n; k++) {
		tc_err why = {{0}};
		tc_status o = open_one(s, k, &why);
		if (o == TC_OK)
			continue;
		if (s->stub.shard[k].kind == TC_SHARD_LOCAL || o == TC_ERR_NOMEM)
			st = tc_err_set(err, o, "%s", why.msg);
		else
			fprintf(stderr, "tracuu-search: shard %s left out: %s\n", s->stub.shard[k].name,
				why.msg);
	}
	if (st != TC_OK) {
		tc_shardset_free(s);
		return st;
	}
	*out = s;
	return TC_OK;
}

void tc_shardset_free(tc_shardset *s)
{
	if (!s)
		return;
	for (size_t k = 0; s->sh && k < s->stub.n; k++)
		tc_db_free(s->sh[k].db);
	free(s->sh);
	tc_stub_release(&s->stub);
	free(s);
}

tc_status tc_shardset_union(tc_shardset *s, tc_db **out, tc_err *err)
{
	*out = NULL;
	double t = now_ms();
	tc_db **up = calloc(s->stub.n, sizeof *up);
	if (!up)
		return TC_ERR_NOMEM;
	size_t n = 0;
	for (size_t k = 0; k < s->stub.n; k++) {
		if (!s->sh[k].db && s->sh[k].retry_at <= t) {
			tc_err why = {{0}};
			if (open_one(s, k, &why) == TC_OK)
				fprintf(stderr, "tracuu-search: shard %s answers again\n", s->stub.shard[k].name);
		}
		if (s->sh[k].db)
			up[n++] = s->sh[k].db;
	}
	tc_status st;
	if (n == 0) {
		char names[400] = "";
		size_t used = 0;
		for (size_t k = 0; k < s->stub.n && used < sizeof names; k++) {
			int w = snprintf(names + used, sizeof names - used, "%s%s", k ? ", " : "",
					 s->stub.shard[k].name);
			used += w > 0 ? (size_t)w : 0;
		}
		st = tc_err_set(err, TC_ERR_NETWORK, "no shard answered within %u ms: %s", s->timeout_ms,
				names);
	} else {
		st = tc_db_union(up, n, out, err);
	}
	free(up);
	return st;
}

/* Shard k failed: a connection made before this request may just have
 * been closed by the server (xapian-tcpsrv drops idle ones), so it gets one
 * new connection; one made during this request is left out. */
static void on_failure(tc_shardset *s, size_t k)
{
	tc_err why = {{0}};
	if (s->sh[k].opened != s->epoch && open_one(s, k, &why) == TC_OK)
		return;
	if (why.msg[0])
		fprintf(stderr, "tracuu-search: shard %s left out: %s\n", s->stub.shard[k].name, why.msg);
	leave_out(s, k);
}

size_t tc_shardset_failed(tc_shardset *s, const char *cause)
{
	size_t left = 0;
	for (size_t k = 0; k < s->stub.n; k++) {
		const char *name = s->stub.shard[k].name;
		if (s->sh[k].db && s->stub.shard[k].kind == TC_SHARD_REMOTE &&
		    !strncmp(cause, name, strlen(name))) {
			on_failure(s, k);
			left++;
		}
	}
	/* Not named: ask each remote shard in turn. */
	for (size_t k = 0; !left && k < s->stub.n; k++) {
		tc_err ignore;
		if (s->sh[k].db && s->stub.shard[k].kind == TC_SHARD_REMOTE &&
		    tc_db_ping(s->sh[k].db, &ignore) != TC_OK) {
			on_failure(s, k);
			left++;
		}
	}
	for (size_t k = 0; left && k < s->stub.n; k++) {
		if (!s->sh[k].db || s->stub.shard[k].kind != TC_SHARD_REMOTE ||
		    s->sh[k].opened == s->epoch)
			continue;
		tc_err why = {{0}};
		if (open_one(s, k, &why) != TC_OK) {
			fprintf(stderr, "tracuu-search: shard %s left out: %s\n", s->stub.shard[k].name,
				why.msg);
			left++;
		}
	}
	return left;
}

size_t tc_shardset_missing(const tc_shardset *s)
{
	size_t n = 0;
	for (size_t k = 0; k < s->stub.n; k++)
		n += !s->sh[k].db;
	return n;
}

const char *tc_shardset_missing_name(const tc_shardset *s, size_t i)
{
	for (size_t k = 0; k < s->stub.n; k++)
		if (!s->sh[k].db && i-- == 0)
			return s->stub.shard[k].name;
	return "";
}

size_t tc_shardset_size(const tc_shardset *s)
{
	return s->stub.n;
}

tc_status tc_shard_timeout_parse(const char *what, const char *s, unsigned *out, tc_err *err)
{
	uint64_t v;
	if (!tc_param_number(s, strlen(s), &v) || v < 1 || v > TC_SHARD_TIMEOUT_MAX_MS)
		return tc_err_set(err, TC_ERR_USAGE,
				  "%s needs milliseconds from 1 to %u (" TC_PARAM_NUMBER_RULE "), not '%.40s'",
				  what, TC_SHARD_TIMEOUT_MAX_MS, s);
	*out = (unsigned)v;
	return TC_OK;
}

tc_status tc_shard_timeout_env(unsigned def, unsigned *out, tc_err *err)
{
	*out = def;
	const char *v = getenv("TRACUU_SHARD_TIMEOUT_MS");
	if (!v)
		return TC_OK;
	return tc_shard_timeout_parse("TRACUU_SHARD_TIMEOUT_MS", v, out, err);
}
