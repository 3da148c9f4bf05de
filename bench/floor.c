/*
 * floor.c - tracuu-floor: the least any engine must do for the bench's
 * queries on tracuu's own index, timed, so that tracuu's latency can be read
 * as a multiple of it.
 *
 * For each query (one a line, as `tracuu-bench --dump-queries` writes them)
 * it runs a bare AND of the query's folded words (vn_tokenize's fold forms,
 * one term per unit typed: a code kept whole stands for its parts), top 10
 * by Xapian's BM25, and reads the 10 document ids: no query language, no
 * exact-form boost, no phrase or proximity pass, no relaxation, no stored
 * data, no snippets, no JSON.  It runs in process through the Xapian shim,
 * so no pipe, interpreter or output cost stands in the way; each query is
 * timed from its text to its 10 ids on the clock tracuu-bench uses
 * (CLOCK_MONOTONIC, bp_now_ms).  bench/run prints tracuu's median and p99 as
 * multiples of this floor's.
 *
 * Exit status: 0 when the queries ran, 1 when a search failed or no timed
 * query found anything (not a tracuu index?), 2 on usage errors or an
 * unreadable query file or index.
 */
#include <errno.h>
#include <getopt.h>
#include <json-c/json.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bench_proc.h"
#include "tc_buf.h"
#include "tc_dbpath.h"
#include "tc_schema.h"
#include "tc_xapian.h"
#include "vn_text.h"
#include "vn_token.h"
#include "tc_banned.h"

#define EXIT_RAN 0
#define EXIT_BAD 1
#define EXIT_USAGE 2

#define LINE_MAX_BYTES (64u << 10) /* as tracuu-search --batch */
#define QUERIES_MAX 10000000u
#define TERMS_MAX 256              /* terms ANDed; a longer query keeps its first */

static void usage(FILE *out)
{
	fputs("usage: tracuu-floor --db DIR --queries FILE [options]\n"
	      "\n"
	      "Time a bare AND of each query's folded words, top 10, in process, over a\n"
	      "tracuu index: the floor tracuu's latency is compared with (bench/run).\n"
	      "\n"
	      "  --db DIR          tracuu index (DIR/current) or a Xapian database\n"
	      "  --queries FILE    one query a line (tracuu-bench --dump-queries FILE)\n"
	      "  --warmup N        the first N queries are run untimed (default 100, as\n"
	      "                    tracuu-bench)\n"
	      "  --limit N         hits per query, 1..1000 (default 10)\n"
	      "  --json FILE       also write the figures as one JSON object (for bench/run)\n"
	      "  -h, --help        this help\n"
	      "\n"
	      "Exit status: 0 ran, 1 a search failed or nothing was found, 2 usage or\n"
	      "input errors.\n",
	      out);
}

/* ---- the query file ----------------------------------------------------- */

typedef struct qlist {
	char **v;   /* clean (vn_text_clean) lines */
	size_t n, cap;
} qlist;

static void qlist_release(qlist *q)
{
	for (size_t i = 0; i < q->n; i++)
		free(q->v[i]);
	free(q->v);
	memset(q, 0, sizeof *q);
}

/* Read every query first, so that no file I/O falls inside a timing. */
static int read_queries(const char *path, qlist *q)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "tracuu-floor: cannot open %s: %s\n", path, strerror(errno));
		return 0;
	}
	char *line = NULL;
	size_t cap = 0, lineno = 0;
	ssize_t got;
	int ok = 1;
	tc_buf b;
	tc_buf_init(&b, LINE_MAX_BYTES * 4);
	while (ok && (got = getline(&line, &cap, f)) != -1) {
		lineno++;
		size_t n = (size_t)got;
		while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			n--;
		if (n > LINE_MAX_BYTES) {
			fprintf(stderr, "tracuu-floor: %s:%zu: query of %zu bytes; at most %u allowed\n",
				path, lineno, n, LINE_MAX_BYTES);
			ok = 0;
			break;
		}
		if (q->n == QUERIES_MAX) {
			fprintf(stderr, "tracuu-floor: %s: more than %u queries\n", path, QUERIES_MAX);
			ok = 0;
			break;
		}
		tc_buf_reset(&b);
		char *s = NULL;
		if (vn_text_clean(line, n, &b, NULL) != TC_OK ||
		    !(s = strdup(b.data ? b.data : ""))) {
			fprintf(stderr, "tracuu-floor: out of memory\n");
			ok = 0;
			break;
		}
		if (q->n == q->cap) {
			size_t ncap = q->cap ? q->cap * 2 : 1024;
			char **nv = realloc(q->v, ncap * sizeof *nv);
			if (!nv) {
				free(s);
				fprintf(stderr, "tracuu-floor: out of memory\n");
				ok = 0;
				break;
			}
			q->v = nv;
			q->cap = ncap;
		}
		q->v[q->n++] = s;
	}
	if (ok && ferror(f)) {
		fprintf(stderr, "tracuu-floor: error reading %s\n", path);
		ok = 0;
	}
	tc_buf_release(&b);
	free(line);
	fclose(f);
	return ok;
}

/* ---- one query ------------------------------------------------------------ */

typedef struct terms {
	tc_query *v[TERMS_MAX];
	size_t n;
	int nomem;
} terms;

static int on_token(void *ctx, const vn_token *t)
{
	terms *ts = ctx;
	/* The index holds a code whole and in parts; the whole is what was typed. */
	if ((t->flags & VN_TOKF_PART) || t->fold_len > TC_TERM_MAX || ts->n == TERMS_MAX)
		return 0;
	tc_query *q = tc_query_term(t->fold, t->fold_len, 1);
	if (!q) {
		ts->nomem = 1;
		return 1;
	}
	ts->v[ts->n++] = q;
	return 0;
}

/*
 * Run one query; *hits gets how many came back, *words how many terms were
 * ANDed (0: nothing to search, nothing run).
 */
static tc_status run_one(tc_db *db, const char *text, const tc_search_opts *so, size_t *hits,
			 size_t *words, tc_err *err)
{
	*hits = *words = 0;
	terms ts;
	ts.n = 0;
	ts.nomem = 0;
	tc_status st = vn_tokenize(text, strlen(text), 0, on_token, &ts, NULL);
	if (st != TC_OK || ts.nomem) {
		for (size_t i = 0; i < ts.n; i++)
			tc_query_free(ts.v[i]);
		return st != TC_OK ? st : TC_ERR_NOMEM;
	}
	*words = ts.n;
	if (!ts.n)
		return TC_OK;
	tc_query *q = ts.n == 1 ? ts.v[0] : tc_query_combine(TC_Q_AND, ts.v, ts.n, 0);
	if (!q)
		return TC_ERR_NOMEM;
	tc_mset *m = NULL;
	st = tc_db_search(db, q, so, &m, err);
	tc_query_free(q);
	if (st != TC_OK)
		return st;
	size_t n = tc_mset_size(m);
	for (size_t i = 0; i < n && st == TC_OK; i++) {
		uint32_t docid;
		double w;
		st = tc_mset_hit(m, i, &docid, &w, err);
	}
	tc_mset_free(m);
	*hits = n;
	return st;
}

/* ---- figures ---------------------------------------------------------------- */

static int write_json(const char *path, const char *db, size_t nq, unsigned long warmup,
		      unsigned long limit, size_t found, size_t empty, const bp_dist *d)
{
	json_object *root = json_object_new_object(), *ms = json_object_new_object();
	json_object_object_add(root, "db", json_object_new_string(db));
	json_object_object_add(root, "queries", json_object_new_int64((int64_t)nq));
	json_object_object_add(root, "warmup", json_object_new_int64((int64_t)warmup));
	json_object_object_add(root, "limit", json_object_new_int64((int64_t)limit));
	json_object_object_add(root, "found", json_object_new_int64((int64_t)found));
	json_object_object_add(root, "no_words", json_object_new_int64((int64_t)empty));
	json_object_object_add(ms, "n", json_object_new_int64((int64_t)d->n));
	json_object_object_add(ms, "median", json_object_new_double(d->median));
	json_object_object_add(ms, "p90", json_object_new_double(d->p90));
	json_object_object_add(ms, "p99", json_object_new_double(d->p99));
	json_object_object_add(ms, "max", json_object_new_double(d->max));
	json_object_object_add(ms, "mean", json_object_new_double(d->mean));
	json_object_object_add(root, "ms", ms);
	int rc = json_object_to_file_ext(path, root, JSON_C_TO_STRING_PRETTY);
	if (rc != 0)
		fprintf(stderr, "tracuu-floor: cannot write %s: %s\n", path, json_util_get_last_err());
	json_object_put(root);
	return rc == 0;
}

/* Open DIR/current when DIR is a tracuu index, else DIR itself. */
static tc_status open_db(const char *dir, tc_db **db, tc_err *err)
{
	char cur[TC_PATH_MAX], live[TC_PATH_MAX];
	struct stat sb;
	const char *target = dir;
	int n = snprintf(cur, sizeof cur, "%s/current", dir);
	if (n > 0 && (size_t)n < sizeof cur && lstat(cur, &sb) == 0) {
		tc_status st = tc_dbpath_live(dir, live, sizeof live, err);
		if (st != TC_OK)
			return st;
		target = live;
	}
	return tc_db_open(target, TC_DB_READ, db, err);
}

int main(int argc, char **argv)
{
	const char *dbdir = NULL, *qpath = NULL, *json = NULL;
	unsigned long warmup = 100, limit = 10;
	static const struct option longs[] = {
		{"db", required_argument, NULL, 'd'},     {"queries", required_argument, NULL, 'q'},
		{"warmup", required_argument, NULL, 'W'}, {"limit", required_argument, NULL, 'l'},
		{"json", required_argument, NULL, 'J'},   {"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}};
	int c, li = 0;
	while ((c = getopt_long(argc, argv, "h", longs, &li)) != -1) {
		int ok = 1;
		switch (c) {
		case 'd': dbdir = optarg; break;
		case 'q': qpath = optarg; break;
		case 'J': json = optarg; break;
		case 'W': ok = bp_parse_ulong(optarg, 0, QUERIES_MAX, &warmup); break;
		case 'l': ok = bp_parse_ulong(optarg, 1, 1000, &limit); break;
		case 'h': usage(stdout); return EXIT_RAN;
		default: usage(stderr); return EXIT_USAGE;
		}
		if (!ok) {
			fprintf(stderr, "tracuu-floor: bad value '%s' for --%s (%s)\n", optarg,
				longs[li].name,
				c == 'l' ? "1..1000" : "a count of queries");
			return EXIT_USAGE;
		}
	}
	if (optind != argc || !dbdir || !qpath) {
		fprintf(stderr, "tracuu-floor: %s\n",
			optind != argc ? "unexpected argument" : "--db and --queries are required");
		usage(stderr);
		return EXIT_USAGE;
	}
	qlist q = {0};
	if (!read_queries(qpath, &q)) {
		qlist_release(&q);
		return EXIT_USAGE;
	}
	if (q.n <= warmup) {
		fprintf(stderr, "tracuu-floor: %s holds %zu queries, not more than the %lu of "
				"--warmup: nothing to time\n",
			qpath, q.n, warmup);
		qlist_release(&q);
		return EXIT_USAGE;
	}
	tc_err err = {{0}};
	tc_db *db = NULL;
	if (open_db(dbdir, &db, &err) != TC_OK) {
		fprintf(stderr, "tracuu-floor: %s\n", err.msg[0] ? err.msg : "cannot open the index");
		qlist_release(&q);
		return EXIT_USAGE;
	}
	tc_search_opts so;
	tc_search_opts_init(&so);
	so.limit = (uint32_t)limit;
	double *ms = calloc(q.n - warmup, sizeof *ms);
	if (!ms) {
		fprintf(stderr, "tracuu-floor: out of memory\n");
		tc_db_free(db);
		qlist_release(&q);
		return EXIT_USAGE;
	}
	size_t timed = 0, found = 0, empty = 0;
	int rc = EXIT_RAN;
	for (size_t i = 0; i < q.n; i++) {
		size_t hits, words;
		double t0 = bp_now_ms();
		tc_status st = run_one(db, q.v[i], &so, &hits, &words, &err);
		double t = bp_now_ms() - t0;
		if (st != TC_OK) {
			fprintf(stderr, "tracuu-floor: query %zu of %s (%s) failed: %s\n", i + 1, qpath,
				q.v[i], err.msg[0] ? err.msg : tc_status_str(st));
			rc = EXIT_BAD;
			break;
		}
		if (i < warmup)
			continue;
		if (!words) {
			empty++; /* nothing ran: timing it would flatter the floor */
			continue;
		}
		found += hits > 0;
		ms[timed++] = t;
	}
	bp_dist d = bp_dist_of(ms, timed);
	if (rc == EXIT_RAN) {
		printf("tracuu-floor: %zu timed queries (%lu warm-up, %zu without words) over %s, "
		       "top %lu, bare AND of folded words\n",
		       timed, warmup, empty, dbdir, limit);
		printf("  ms: median %.3f  p90 %.3f  p99 %.3f  max %.3f  mean %.3f\n", d.median, d.p90,
		       d.p99, d.max, d.mean);
		printf("  queries with hits: %zu of %zu\n", found, timed);
		if (!found) {
			fprintf(stderr, "tracuu-floor: no query found anything: is %s a tracuu index?\n",
				dbdir);
			rc = EXIT_BAD;
		}
		if (json && !write_json(json, dbdir, timed, warmup, limit, found, empty, &d))
			rc = EXIT_USAGE;
	}
	free(ms);
	tc_db_free(db);
	qlist_release(&q);
	return rc;
}
