/* shard_writer.c - parallel fresh builds through per-thread shards; see shard_writer.h. */
#include "shard_writer.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "doc_build.h"
#include "tc_buf.h"
#include "tc_dbpath.h"
#include "tc_stub.h"
#include "tc_xapian.h"
#include "tc_banned.h"

#define QUEUE_CAP 64
#define MAX_JOBS TC_SHARDS_MAX

typedef struct job {
	tc_article a;       /* fields point into text */
	uint64_t line;
	const char *file;   /* points into text */
	char text[];
} job;

typedef struct worker {
	struct tc_shards *owner;
	pthread_t thread;
	int started;
	char path[TC_PATH_MAX];
	tc_db *db;
	tc_buf scratch;
	uint32_t pending;
	uint64_t docs, replaced;
	/* queue, guarded by owner->mu */
	job *q[QUEUE_CAP];
	size_t head, count;
	pthread_cond_t not_empty, not_full;
	int closing;
	tc_status st;       /* first fatal error of this worker */
	tc_err err;
} worker;

struct tc_shards {
	char dir[TC_PATH_MAX];
	int n;
	uint32_t batch_docs;
	tc_shards_reject_cb reject;
	void *ctx;
	pthread_mutex_t mu;
	pthread_mutex_t reject_mu;
	int failed;         /* some worker stopped with an error */
	worker w[MAX_JOBS];
};

int tc_shards_default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		return 1;
	return n > 8 ? 8 : (int)n;
}

static job *job_copy(const tc_article *a, const char *file, uint64_t line)
{
	const tc_str *f[7] = {&a->url, &a->title, &a->summary, &a->body,
			      &a->date, &a->source, &a->category};
	size_t flen = strlen(file);
	size_t total = sizeof(job) + flen + 1;
	for (int i = 0; i < 7; i++) {
		if (f[i]->n > SIZE_MAX / 2 - total)
			return NULL;
		total += f[i]->n;
	}
	job *j = malloc(total);
	if (!j)
		return NULL;
	char *p = j->text;
	tc_str *to[7] = {&j->a.url, &j->a.title, &j->a.summary, &j->a.body,
			 &j->a.date, &j->a.source, &j->a.category};
	for (int i = 0; i < 7; i++) {
		if (f[i]->n)
			memcpy(p, f[i]->p, f[i]->n);
		to[i]->p = p;
		to[i]->n = f[i]->n;
		p += f[i]->n;
	}
	memcpy(p, file, flen + 1);
	j->file = p;
	j->line = line;
	return j;
}

static tc_status write_job(worker *w, const job *j)
{
	tc_doc *doc;
	char id[TC_TERM_MAX + 1];
	size_t id_len;
	tc_status st = tc_doc_build(&j->a, &w->scratch, &doc, id, &id_len);
	if (st == TC_ERR_TOO_BIG || st == TC_ERR_INVALID) {
		tc_shards *s = w->owner;
		pthread_mutex_lock(&s->reject_mu);
		s->reject(s->ctx, j->file, j->line,
			  st == TC_ERR_TOO_BIG ? "record too large" : "record has no url");
		pthread_mutex_unlock(&s->reject_mu);
		return TC_OK;
	}
	if (st != TC_OK)
		return tc_err_set(&w->err, st, "cannot build document: %s", tc_status_str(st));
	uint64_t had = 0;
	st = tc_db_termfreq(w->db, id, id_len, &had, &w->err);
	if (st == TC_OK)
		st = tc_db_replace(w->db, id, id_len, doc, &w->err);
	tc_doc_free(doc);
	if (st != TC_OK)
		return st;
	w->docs++;
	if (had)
		w->replaced++;
	if (++w->pending >= w->owner->batch_docs) {
		st = tc_db_commit(w->db, &w->err);
		w->pending = 0;
	}
	return st;
}

static void *worker_main(void *arg)
{
	worker *w = arg;
	tc_shards *s = w->owner;
	for (;;) {
		pthread_mutex_lock(&s->mu);
		while (!w->count && !w->closing)
			pthread_cond_wait(&w->not_empty, &s->mu);
		if (!w->count) {
			pthread_mutex_unlock(&s->mu);
			break;
		}
		job *j = w->q[w->head];
		w->head = (w->head + 1) % QUEUE_CAP;
		w->count--;
		pthread_cond_signal(&w->not_full);
		pthread_mutex_unlock(&s->mu);
		if (w->st == TC_OK) {
			w->st = write_job(w, j);
			if (w->st != TC_OK) {
				pthread_mutex_lock(&s->mu);
				s->failed = 1;
				pthread_mutex_unlock(&s->mu);
			}
		}
		free(j);
	}
	if (w->st == TC_OK && w->pending)
		w->st = tc_db_commit(w->db, &w->err);
	return NULL;
}

/* Close the queues, join the workers and close their databases. */
static void stop_workers(tc_shards *s)
{
	pthread_mutex_lock(&s->mu);
	for (int i = 0; i < s->n; i++) {
		s->w[i].closing = 1;
		pthread_cond_signal(&s->w[i].not_empty);
	}
	pthread_mutex_unlock(&s->mu);
	for (int i = 0; i < s->n; i++) {
		worker *w = &s->w[i];
		if (w->started)
			pthread_join(w->thread, NULL);
		w->started = 0;
		tc_db_free(w->db);
		w->db = NULL;
	}
}

static void release(tc_shards *s)
{
	for (int i = 0; i < s->n; i++) {
		worker *w = &s->w[i];
		for (size_t k = 0; k < w->count; k++)
			free(w->q[(w->head + k) % QUEUE_CAP]);
		tc_buf_release(&w->scratch);
		pthread_cond_destroy(&w->not_empty);
		pthread_cond_destroy(&w->not_full);
	}
	tc_err err = {{0}};
	if (s->dir[0] && tc_dbpath_remove_tree(s->dir, &err) != TC_OK)
		fprintf(stderr, "tracuu-index: warning: %s\n", err.msg);
	pthread_mutex_destroy(&s->mu);
	pthread_mutex_destroy(&s->reject_mu);
	free(s);
}

tc_status tc_shards_new(const char *work_dir, int n, uint32_t batch_docs,
			tc_shards_reject_cb reject, void *ctx, tc_shards **out, tc_err *err)
{
	*out = NULL;
	if (n < 1 || n > MAX_JOBS)
		return tc_err_set(err, TC_ERR_USAGE, "shard workers must be between 1 and %d, not %d",
				  MAX_JOBS, n);
	if (strlen(work_dir) + 16 >= TC_PATH_MAX)
		return tc_err_set(err, TC_ERR_USAGE, "path too long: %s", work_dir);
	if (mkdir(work_dir, 0777) != 0)
		return tc_err_set(err, TC_ERR_IO, "cannot create %s: %s", work_dir, strerror(errno));
	tc_shards *s = calloc(1, sizeof *s);
	if (!s) {
		rmdir(work_dir);
		return TC_ERR_NOMEM;
	}
	snprintf(s->dir, sizeof s->dir, "%s", work_dir);
	s->n = n;
	s->batch_docs = batch_docs ? batch_docs : 1;
	s->reject = reject;
	s->ctx = ctx;
	pthread_mutex_init(&s->mu, NULL);
	pthread_mutex_init(&s->reject_mu, NULL);
	tc_status st = TC_OK;
	for (int i = 0; i < n; i++) {
		worker *w = &s->w[i];
		w->owner = s;
		tc_buf_init(&w->scratch, 64u << 20);
		pthread_cond_init(&w->not_empty, NULL);
		pthread_cond_init(&w->not_full, NULL);
		snprintf(w->path, sizeof w->path, "%s/shard-%02d", work_dir, i);
	}
	for (int i = 0; i < n && st == TC_OK; i++) {
		worker *w = &s->w[i];
		st = tc_db_open(w->path, TC_DB_SCRATCH, &w->db, err);
		/* The compactor carries the metadata into the merged index. */
		if (st == TC_OK)
			st = tc_db_set_metadata(w->db, TC_SCHEMA_KEY, TC_SCHEMA_VERSION, err);
		if (st == TC_OK && pthread_create(&w->thread, NULL, worker_main, w) != 0)
			st = tc_err_set(err, TC_ERR_NOMEM, "cannot start a worker thread");
		else if (st == TC_OK)
			w->started = 1;
	}
	if (st != TC_OK) {
		stop_workers(s);
		release(s);
		return st;
	}
	*out = s;
	return TC_OK;
}

/* The first worker error, copied to err. */
static tc_status worker_error(tc_shards *s, tc_err *err)
{
	for (int i = 0; i < s->n; i++)
		if (s->w[i].st != TC_OK) {
			if (err)
				*err = s->w[i].err;
			return s->w[i].st;
		}
	return TC_OK;
}

tc_status tc_shards_put(tc_shards *s, const tc_article *a, const char *file, uint64_t line,
			tc_err *err)
{
	job *j = job_copy(a, file, line);
	if (!j)
		return TC_ERR_NOMEM;
	char id[TC_TERM_MAX + 1];
	size_t id_len = tc_schema_id_term(a->url.p, a->url.n, id);
	worker *w = &s->w[tc_schema_shard_of(id, id_len, (size_t)s->n)];
	pthread_mutex_lock(&s->mu);
	while (w->count == QUEUE_CAP && !s->failed)
		pthread_cond_wait(&w->not_full, &s->mu);
	int failed = s->failed;
	if (!failed) {
		w->q[(w->head + w->count) % QUEUE_CAP] = j;
		w->count++;
		pthread_cond_signal(&w->not_empty);
	}
	pthread_mutex_unlock(&s->mu);
	if (failed) {
		free(j);
		/* Wake nobody up: the failed worker has recorded its status. */
		tc_status st = worker_error(s, err);
		return st != TC_OK ? st : TC_ERR_IO;
	}
	return TC_OK;
}

tc_status tc_shards_finish(tc_shards *s, const char *dest, uint64_t *docs, uint64_t *replaced,
			   tc_err *err)
{
	*docs = *replaced = 0;
	stop_workers(s);
	tc_status st = worker_error(s, err);
	if (st == TC_OK) {
		const char *paths[MAX_JOBS];
		for (int i = 0; i < s->n; i++) {
			paths[i] = s->w[i].path;
			*docs += s->w[i].docs;
			*replaced += s->w[i].replaced;
		}
		st = tc_db_compact(paths, (size_t)s->n, dest, err);
	}
	release(s);
	return st;
}

tc_status tc_shards_finish_sharded(tc_shards *s, const char *dest, uint64_t *docs,
				   uint64_t *replaced, tc_err *err)
{
	*docs = *replaced = 0;
	stop_workers(s);
	tc_status st = worker_error(s, err);
	for (int i = 0; i < s->n && st == TC_OK; i++) {
		char name[32], path[TC_PATH_MAX];
		const char *src = s->w[i].path;
		st = tc_stub_shard_name((size_t)i, name, sizeof name);
		if (st == TC_OK && snprintf(path, sizeof path, "%s/%s", dest, name) >= (int)sizeof path)
			st = tc_err_set(err, TC_ERR_TOO_BIG, "path too long: %s/%s", dest, name);
		/* One at a time: the compactor's memory is per run, and the
		 * shards' workers are done. */
		if (st == TC_OK)
			st = tc_db_compact(&src, 1, path, err);
		*docs += s->w[i].docs;
		*replaced += s->w[i].replaced;
	}
	release(s);
	return st;
}

void tc_shards_abort(tc_shards *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->mu);
	s->failed = 1;
	pthread_mutex_unlock(&s->mu);
	stop_workers(s);
	release(s);
}
