/*
 * cgi.c - the search page behind a web server: a request (from the CGI
 * environment or a FastCGI record) checked, searched and answered with a
 * page, JSON, RSS or an OpenSearch description.  docs/WEB.md is the
 * contract; cgi.h says who calls what.
 *
 * Every response is built whole in memory first - headers, a blank line,
 * the body - so that the status line and Content-Length are right, a HEAD
 * request gets the same headers as GET, a cached answer is the very bytes
 * that were sent the first time, and CGI and FastCGI share every byte.
 * Details of failures go to stderr (the server's error log); a response
 * never carries a path or an internal message.
 */
#include "cgi.h"

#include <errno.h>
#include <ini.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cache.h"
#include "cgi_params.h"
#include "output.h"
#include "page.h"
#include "search.h"
#include "suggest.h"
#include "tc_buf.h"
#include "shardset.h"
#include "tc_dbpath.h"
#include "tc_stub.h"
#include "tc_banned.h"

#define CGI_SNIPPET_BYTES 240
#define CGI_DB_MAX 4096
#define CGI_BASE_MAX 300
#define CGI_SCRIPT_MAX 1024
#define DEFAULT_CONFIG "/etc/tracuu/tracuu.conf"
#define CACHE_MB_DEFAULT 64
#define CACHE_MB_MAX 4096
#define TIME_LIMIT_MS_DEFAULT 5000
#define TIME_LIMIT_MS_MAX 600000
#define FACET_EXACT_MAX 1000000 /* matches: past that a count costs more than a page may */
#define KEY_MAX (TC_CGI_Q_MAX + CGI_SCRIPT_MAX + CGI_BASE_MAX + 512)
#define HEAD_MAX 1024

/* Security headers every response carries. */
static const char HEADERS[] =
	"Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'; "
	"form-action 'self'; base-uri 'none'; frame-ancestors 'none'\r\n"
	"X-Content-Type-Options: nosniff\r\n"
	"Referrer-Policy: no-referrer\r\n";

/* A body being written (open_body), then a whole response (finish). */
typedef struct response {
	int status;
	int private_cache;  /* the body depends on the request's Host */
	const char *type;
	char *body;
	size_t len;
	FILE *out;
} response;

/* A whole response: data[0..head_len) the headers and the blank line,
 * data[head_len..len) the body. */
typedef struct answer {
	char *data;
	size_t head_len, len;
	int status;
} answer;

static const char *reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 400: return "Bad Request";
	case 405: return "Method Not Allowed";
	case 503: return "Service Unavailable";
	default: return "Internal Server Error";
	}
}

static int open_body(response *r, int status, const char *type)
{
	r->status = status;
	r->type = type;
	r->private_cache = 0;
	r->body = NULL;
	r->len = 0;
	r->out = open_memstream(&r->body, &r->len);
	if (!r->out) {
		fprintf(stderr, "tracuu-search: out of memory\n");
		return 0;
	}
	return 1;
}

/* The body written so far and its headers as one answer; the response is
 * spent either way.  0 when memory ran out. */
static int finish(response *r, answer *a)
{
	a->data = NULL;
	a->len = a->head_len = 0;
	a->status = r->status;
	int ok = r->out && fclose(r->out) == 0;
	r->out = NULL;
	char head[HEAD_MAX];
	int n = snprintf(head, sizeof head, "Status: %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n%s%s%s%s\r\n",
			 r->status, reason(r->status), r->type, r->len, HEADERS,
			 r->status == 405 ? "Allow: GET, HEAD\r\n" : "",
			 r->status == 503 ? "Retry-After: 60\r\n" : "",
			 /* A body with links built from the request's Host must
			  * not be kept by a shared cache and served to others. */
			 r->status != 200    ? "Cache-Control: no-store\r\n"
			 : r->private_cache ? "Cache-Control: private, max-age=60\r\n"
					    : "Cache-Control: public, max-age=60\r\n");
	if (ok && (n < 0 || (size_t)n >= sizeof head))
		ok = 0;
	if (ok && r->len > SIZE_MAX - (size_t)n)
		ok = 0;
	if (ok) {
		a->data = malloc((size_t)n + r->len + 1);
		ok = a->data != NULL;
	}
	if (ok) {
		memcpy(a->data, head, (size_t)n);
		if (r->len)
			memcpy(a->data + n, r->body, r->len);
		a->head_len = (size_t)n;
		a->len = (size_t)n + r->len;
	} else {
		fprintf(stderr, "tracuu-search: cannot build the response (out of memory)\n");
	}
	free(r->body);
	r->body = NULL;
	return ok;
}

/* scheme://authority of the page's absolute links, from the configured base
 * URL or the request (cgi_params.h). */
static void site_url(const char *configured, const tc_cgi_request *req, char *out, size_t cap,
		     int *from_request)
{
	tc_cgi_link_base(configured, req->https, req->host, req->server_name, req->server_port, out,
			 cap, from_request);
}

static const char *script_name(const tc_cgi_request *req)
{
	const char *s = req->script_name;
	if (!s || !*s || strlen(s) > CGI_SCRIPT_MAX || s[0] != '/')
		return "/search";
	for (const char *c = s; *c; c++)
		if ((unsigned char)*c <= ' ' || *c == '"' || *c == '\'' || *c == '<' || *c == '>' ||
		    *c == '\\' || (unsigned char)*c >= 0x7F)
			return "/search";
	return s;
}

/* What the [search] section of the configuration says. */
typedef struct cgi_config {
	char db[CGI_DB_MAX];
	char base_url[CGI_BASE_MAX];
	uint64_t cache_mb;
	uint64_t time_limit_ms;
	uint64_t facet_exact;
	uint64_t shard_timeout_ms; /* remote shards (docs/SCALE.md) */
	const char *bad; /* the first key whose value is unusable */
} cgi_config;

/* A whole number of [min, max] for key, or the key is reported as bad and
 * *out keeps its default. */
static void number_key(cgi_config *c, const char *key, const char *value, uint64_t min,
		       uint64_t max, uint64_t *out)
{
	uint64_t v;
	if (tc_param_number(value, strlen(value), &v) && v >= min && v <= max)
		*out = v;
	else
		c->bad = c->bad ? c->bad : key;
}

static int on_ini(void *ctx, const char *section, const char *name, const char *value)
{
	cgi_config *c = ctx;
	if (strcmp(section, "search") != 0)
		return 1;
	if (!strcmp(name, "db")) {
		size_t n = strlen(value);
		if (n >= CGI_DB_MAX) {
			c->bad = c->bad ? c->bad : "db";
			return 1;
		}
		memcpy(c->db, value, n + 1);
	} else if (!strcmp(name, "base_url")) {
		if (!tc_cgi_base_url(value, c->base_url, sizeof c->base_url)) {
			c->base_url[0] = '\0';
			c->bad = c->bad ? c->bad : "base_url";
		}
	} else if (!strcmp(name, "cache_mb")) {
		number_key(c, "cache_mb", value, 0, CACHE_MB_MAX, &c->cache_mb);
	} else if (!strcmp(name, "time_limit_ms")) {
		number_key(c, "time_limit_ms", value, 1, TIME_LIMIT_MS_MAX, &c->time_limit_ms);
	} else if (!strcmp(name, "facet_exact")) {
		number_key(c, "facet_exact", value, 1, FACET_EXACT_MAX, &c->facet_exact);
	} else if (!strcmp(name, "shard_timeout_ms")) {
		number_key(c, "shard_timeout_ms", value, 1, TC_SHARD_TIMEOUT_MAX_MS, &c->shard_timeout_ms);
	}
	return 1;
}

static const char *bad_key_rule(const char *key)
{
	if (!strcmp(key, "db"))
		return "longer than 4095 bytes";
	if (!strcmp(key, "cache_mb"))
		return "cache_mb must be a whole number of megabytes from 0 (no cache) to 4096; "
		       "the default, 64, is used";
	if (!strcmp(key, "facet_exact"))
		return "facet_exact must be a whole number of matches from 1 to 1000000; "
		       "the default, 1000, is used";
	if (!strcmp(key, "time_limit_ms"))
		return "time_limit_ms must be a whole number of milliseconds from 1 to 600000; "
		       "the default, 5000, is used";
	if (!strcmp(key, "shard_timeout_ms"))
		return "shard_timeout_ms must be a whole number of milliseconds from 1 to 600000; "
		       "the default, 2000, is used";
	return "base_url must be http(s)://host[:port], nothing after it";
}

/*
 * The configuration: TRACUU_DB and TRACUU_BASE_URL from the environment
 * win; the file (TRACUU_CONFIG, else DEFAULT_CONFIG) gives the rest.  The
 * file is needed only when TRACUU_DB is not set.  Never from a request.
 * Returns 0 (with the reason on stderr) when there is no usable index path.
 */
static int load_config(cgi_config *c)
{
	memset(c, 0, sizeof *c);
	c->cache_mb = CACHE_MB_DEFAULT;
	c->time_limit_ms = TIME_LIMIT_MS_DEFAULT;
	c->facet_exact = TC_FACET_EXACT;
	c->shard_timeout_ms = TC_SHARD_TIMEOUT_DEFAULT_MS;
	const char *env = getenv("TRACUU_DB");
	const char *env_base = getenv("TRACUU_BASE_URL");
	const char *conf = getenv("TRACUU_CONFIG");
	int conf_given = conf && *conf;
	if (!conf_given)
		conf = DEFAULT_CONFIG;
	int need_file = !(env && *env);
	int rc = need_file || conf_given || access(conf, R_OK) == 0 ? ini_parse(conf, on_ini, c) : 0;
	if (rc != 0 && need_file) {
		if (rc < 0)
			fprintf(stderr, "tracuu-search: no TRACUU_DB and cannot read %s\n", conf);
		else
			fprintf(stderr, "tracuu-search: %s: error on line %d\n", conf, rc);
		return 0;
	}
	if (c->bad)
		fprintf(stderr, "tracuu-search: %s: [search] %s is unusable (%s)\n", conf, c->bad,
			bad_key_rule(c->bad));
	/* The environment wins, as for TRACUU_DB. */
	tc_err terr = {{0}};
	unsigned shard_ms;
	if (tc_shard_timeout_env((unsigned)c->shard_timeout_ms, &shard_ms, &terr) != TC_OK)
		fprintf(stderr, "tracuu-search: %s; %u is used\n", terr.msg, (unsigned)c->shard_timeout_ms);
	else
		c->shard_timeout_ms = shard_ms;
	if (env_base && *env_base && !tc_cgi_base_url(env_base, c->base_url, sizeof c->base_url)) {
		c->base_url[0] = '\0';
		fprintf(stderr, "tracuu-search: TRACUU_BASE_URL must be http(s)://host[:port], "
				"nothing after it; links are built from the request instead\n");
	}
	if (!need_file) {
		if (strlen(env) >= CGI_DB_MAX) {
			fprintf(stderr, "tracuu-search: TRACUU_DB is %zu bytes long; at most %d are allowed\n",
				strlen(env), CGI_DB_MAX - 1);
			return 0;
		}
		memcpy(c->db, env, strlen(env) + 1);
		return 1;
	}
	if (!c->db[0]) {
		fprintf(stderr, "tracuu-search: %s has no usable [search] db\n", conf);
		return 0;
	}
	return 1;
}

/* The page's words for why a query was refused (query.h). */
static const char *refusal_message(tc_query_refusal why)
{
	switch (why) {
	case TC_QREF_ONLY_FILTERS:
		return "Câu tìm kiếm cần ít nhất một từ để tìm, không chỉ các từ loại trừ (-từ) "
		       "hay bộ lọc site:.";
	case TC_QREF_BAD_SITE:
		return "site: cần một tên miền dài 1 đến 253 byte, chỉ gồm chữ cái a-z, chữ số, "
		       "dấu chấm và gạch nối (dấu chấm cuối và :cổng được bỏ qua).";
	case TC_QREF_LONG_WORD:
		return "Câu tìm kiếm có một từ dài quá 120 byte; từ dài như vậy không có trong "
		       "chỉ mục.";
	case TC_QREF_BAD_CATEGORY:
		return "category: cần tên một chuyên mục, ví dụ category:sport hay "
		       "category:\"xã hội\".";
	case TC_QREF_DOUBLE_NOT:
		return "-title:- có hai dấu loại trừ: viết -title:từ để bỏ các bài có từ đó "
		       "trong tiêu đề.";
	default:
		return "Câu tìm kiếm không có từ nào để tìm.";
	}
}

static const char MSG_NO_INDEX[] = "Chỉ mục tìm kiếm đang không dùng được. Xin thử lại sau ít phút.";
static const char MSG_FAILED[] = "Không tìm được lúc này. Xin thử lại sau ít phút.";
static const char MSG_TOO_LONG[] = "Tìm kiếm này mất quá nhiều thời gian. Xin thử lại sau ít phút, "
				   "hoặc thu hẹp câu tìm kiếm.";

static int error_answer(answer *a, const tc_page *pg, int status, const char *msg, tc_cgi_format fmt)
{
	const char *title = status == 400 ? "Yêu cầu không hợp lệ"
			    : status == 405 ? "Phương thức không được hỗ trợ"
					    : "Dịch vụ tạm thời không sẵn sàng";
	response r;
	if (fmt == TC_CGI_JSON) {
		if (!open_body(&r, status, "application/json; charset=utf-8"))
			return 0;
		if (tc_output_json_error(r.out, pg->p ? pg->p->q : "", pg->p ? pg->p->q_len : 0, msg) !=
		    TC_OK)
			fputs("{}", r.out);
		fputc('\n', r.out);
	} else {
		if (!open_body(&r, status, "text/html; charset=utf-8"))
			return 0;
		tc_page_error(r.out, pg, title, msg);
	}
	return finish(&r, a);
}

/* --- the time limit ------------------------------------------------------------ */

/*
 * A request past its time limit is answered 503 at the limit by this
 * thread, while the search it started runs on to its end and is dropped:
 * Xapian offers no safe way to stop a search from outside, and a thread
 * that only writes an answer the main thread has given up leaves every
 * searcher structure to one thread.  Who answers is decided once, under
 * the mutex: the main thread claims the request (ARMED -> CLAIMED) or this
 * thread fires (ARMED -> FIRED).
 */
typedef enum wd_state { WD_IDLE, WD_ARMED, WD_CLAIMED, WD_FIRED } wd_state;

typedef struct watchdog {
	pthread_t thread;
	int started;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	wd_state state;
	int quit;
	struct timespec deadline; /* CLOCK_MONOTONIC */
	tc_page pg;               /* what the 503 page shows */
	tc_cgi_format fmt;
	int head_only;
	const tc_cgi_out *out;
} watchdog;

static int write_answer(const tc_cgi_out *out, const answer *a, int head_only)
{
	size_t n = head_only ? a->head_len : a->len;
	return out->write(out->ctx, a->data, n) != 0;
}

static void *watchdog_main(void *arg)
{
	watchdog *w = arg;
	pthread_mutex_lock(&w->mu);
	while (!w->quit) {
		if (w->state != WD_ARMED) {
			pthread_cond_wait(&w->cv, &w->mu);
			continue;
		}
		int rc = pthread_cond_timedwait(&w->cv, &w->mu, &w->deadline);
		if (rc != ETIMEDOUT || w->state != WD_ARMED)
			continue;
		w->state = WD_FIRED;
		answer a;
		if (error_answer(&a, &w->pg, 503, MSG_TOO_LONG, w->fmt)) {
			if (write_answer(w->out, &a, w->head_only))
				fprintf(stderr, "tracuu-search: cannot write the response\n");
			free(a.data);
		}
		w->out->finish(w->out->ctx);
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

/* Start the clock for a request; 0 when no thread could be had (the
 * request then runs without a limit, and says so). */
static int watchdog_arm(watchdog *w, uint64_t limit_ms, const tc_page *pg, tc_cgi_format fmt,
			int head_only, const tc_cgi_out *out)
{
	if (!w->started) {
		pthread_condattr_t ca;
		pthread_condattr_init(&ca);
		pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
		int ok = pthread_mutex_init(&w->mu, NULL) == 0;
		if (ok && pthread_cond_init(&w->cv, &ca) != 0) {
			pthread_mutex_destroy(&w->mu);
			ok = 0;
		}
		pthread_condattr_destroy(&ca);
		/* Signals (a service's SIGTERM) go to the main thread, which
		 * waits for them; this one must never take them. */
		sigset_t all, old;
		sigfillset(&all);
		if (ok)
			pthread_sigmask(SIG_BLOCK, &all, &old);
		if (ok && pthread_create(&w->thread, NULL, watchdog_main, w) != 0) {
			pthread_cond_destroy(&w->cv);
			pthread_mutex_destroy(&w->mu);
			ok = 0;
			pthread_sigmask(SIG_SETMASK, &old, NULL);
		} else if (ok) {
			pthread_sigmask(SIG_SETMASK, &old, NULL);
		}
		if (!ok) {
			fprintf(stderr, "tracuu-search: cannot start the time-limit thread; "
					"this request has no time limit\n");
			return 0;
		}
		w->started = 1;
	}
	pthread_mutex_lock(&w->mu);
	clock_gettime(CLOCK_MONOTONIC, &w->deadline);
	w->deadline.tv_sec += (time_t)(limit_ms / 1000);
	w->deadline.tv_nsec += (long)(limit_ms % 1000) * 1000000L;
	if (w->deadline.tv_nsec >= 1000000000L) {
		w->deadline.tv_sec++;
		w->deadline.tv_nsec -= 1000000000L;
	}
	w->pg = *pg;
	w->fmt = fmt;
	w->head_only = head_only;
	w->out = out;
	w->state = WD_ARMED;
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
	return 1;
}

/* The main thread's turn to answer: 1 when it may, 0 when the limit
 * already answered (503) for it. */
static int watchdog_claim(watchdog *w)
{
	pthread_mutex_lock(&w->mu);
	int mine = w->state == WD_ARMED;
	w->state = mine ? WD_CLAIMED : WD_IDLE;
	pthread_mutex_unlock(&w->mu);
	return mine;
}

static void watchdog_stop(watchdog *w)
{
	if (!w->started)
		return;
	pthread_mutex_lock(&w->mu);
	w->quit = 1;
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->thread, NULL);
	pthread_cond_destroy(&w->cv);
	pthread_mutex_destroy(&w->mu);
	w->started = 0;
}

/* --- the site ---------------------------------------------------------------------- */

struct tc_cgi_site {
	cgi_config conf;
	int have_db;
	int persistent;
	tc_searcher *searcher; /* opened at the first search; kept when persistent */
	tc_cache *cache;       /* persistent only, NULL when cache_mb is 0 */
	watchdog wd;
	tc_cgi_params p, blank;
	tc_results res;
	tc_buf sug, key, stamp;
	tc_cgi_stats st;
};

tc_status tc_cgi_site_new(int persistent, tc_cgi_site **out)
{
	*out = NULL;
	tc_cgi_site *s = calloc(1, sizeof *s);
	if (!s)
		return TC_ERR_NOMEM;
	s->persistent = persistent;
	s->have_db = load_config(&s->conf);
	if (persistent && s->conf.cache_mb) {
		if (tc_cache_new((size_t)s->conf.cache_mb << 20, &s->cache) != TC_OK) {
			free(s);
			return TC_ERR_NOMEM;
		}
	}
	tc_results_init(&s->res);
	tc_buf_init(&s->sug, 4096);
	tc_buf_init(&s->key, KEY_MAX);
	tc_buf_init(&s->stamp, 2 * TC_PATH_MAX);
	s->blank.n = TC_CGI_N_DEFAULT;
	s->blank.page = 1;
	*out = s;
	return TC_OK;
}

void tc_cgi_site_free(tc_cgi_site *s)
{
	if (!s)
		return;
	watchdog_stop(&s->wd);
	tc_searcher_free(s->searcher);
	tc_cache_free(s->cache);
	tc_results_release(&s->res);
	tc_buf_release(&s->sug);
	tc_buf_release(&s->key);
	tc_buf_release(&s->stamp);
	free(s);
}

void tc_cgi_site_get_stats(const tc_cgi_site *s, tc_cgi_stats *out)
{
	*out = s->st;
	if (s->cache) {
		tc_cache_stats cs;
		tc_cache_get_stats(s->cache, &cs);
		out->cache_hits = cs.hits;
		out->cache_misses = cs.misses;
		out->cache_drops = cs.drops;
		out->cache_entries = cs.entries;
		out->cache_bytes = cs.bytes;
	}
}

/*
 * Which state of the index the answers come from, as bytes that change
 * whenever it does: the live generation (DIR/current resolved) and the
 * identity of its version file, which Xapian replaces (a new inode, a new
 * mtime) at every commit.  A stat and a readlink: cheap beside a search.
 * An index that cannot be found gives "": answers are not cached then.
 */
static void index_stamp(const tc_cgi_site *s, tc_buf *out)
{
	tc_buf_reset(out);
	char live[TC_PATH_MAX];
	if (!s->have_db || tc_dbpath_live(s->conf.db, live, sizeof live, NULL) != TC_OK)
		return;
	/* A sharded generation commits in its shards: their version files.
	 * Remote shards commit where this process cannot see it: no stamp,
	 * so no cache (docs/SCALE.md). */
	tc_stub stub = {NULL, 0};
	if (tc_stub_is_stub(live) && tc_stub_load(live, &stub, NULL) != TC_OK)
		return;
	size_t parts = stub.n ? stub.n : 1;
	for (size_t k = 0; k < parts; k++) {
		const char *db = stub.n ? stub.shard[k].path : live;
		if (stub.n && stub.shard[k].kind != TC_SHARD_LOCAL) {
			tc_buf_reset(out);
			break;
		}
		char version[TC_PATH_MAX + 16];
		struct stat sb;
		int n = snprintf(version, sizeof version, "%s/iamglass", db);
		if ((n < 0 || (size_t)n >= sizeof version || stat(version, &sb) != 0) && stat(db, &sb) != 0) {
			tc_buf_reset(out);
			break;
		}
		if (tc_buf_printf(out, "%s|%ju|%ju|%jd.%09ld|%jd|", db, (uintmax_t)sb.st_dev,
				  (uintmax_t)sb.st_ino, (intmax_t)sb.st_mtim.tv_sec, sb.st_mtim.tv_nsec,
				  (intmax_t)sb.st_size) != TC_OK) {
			tc_buf_reset(out);
			break;
		}
	}
	tc_stub_release(&stub);
}

/* Bring the cache in line with the index; 1 when it can be used. */
static int cache_ready(tc_cgi_site *s)
{
	if (!s->cache)
		return 0;
	index_stamp(s, &s->stamp);
	if (!s->stamp.len)
		return 0;
	tc_cache_stamp(s->cache, s->stamp.data, s->stamp.len);
	return 1;
}

void tc_cgi_site_idle(tc_cgi_site *s)
{
	if (s->searcher) {
		tc_err err = {{0}};
		if (tc_searcher_refresh(s->searcher, &err) != TC_OK)
			fprintf(stderr, "tracuu-search: cannot catch up with the index: %s\n",
				err.msg[0] ? err.msg : "unknown error");
	}
	cache_ready(s);
}

/* What the answer depends on, as a cache key: the checked parameters (so
 * that the order of parameters, unknown ones and escapes do not matter),
 * the page's own path and, for the feed, its links' base. */
static int cache_key(tc_cgi_site *s, const tc_page *pg, int link_base_used)
{
	const tc_cgi_params *p = pg->p;
	tc_buf_reset(&s->key);
	return tc_buf_printf(&s->key, "%d|%u|%u|%s|%s|%s|%zu:%s|%d|%s|%s|%zu|", (int)p->format, p->page,
			     p->n, p->from_ymd, p->to_ymd, p->site, strlen(p->cat), p->cat, p->sort_date,
			     pg->script, link_base_used ? pg->site_url : "", p->q_len) == TC_OK &&
	       tc_buf_append(&s->key, p->q, p->q_len) == TC_OK;
}

/* The search itself and its answer (200, or 503 when the index fails). */
static int search_answer(tc_cgi_site *s, tc_page *pg, int base_from_request, answer *a)
{
	const tc_cgi_params *p = pg->p;
	tc_err err = {{0}};
	tc_status st = TC_OK;
	if (!s->searcher) {
		if (!s->have_db)
			return error_answer(a, pg, 503, MSG_NO_INDEX, p->format);
		st = tc_searcher_open(s->conf.db, (unsigned)s->conf.shard_timeout_ms, &s->searcher, &err);
		if (st != TC_OK) {
			fprintf(stderr, "tracuu-search: cannot open the index: %s\n",
				err.msg[0] ? err.msg : tc_status_str(st));
			return error_answer(a, pg, 503, MSG_NO_INDEX, p->format);
		}
		s->st.reopens++;
	}
	tc_search_req req;
	tc_search_req_init(&req);
	req.query = p->q;
	req.query_len = p->q_len;
	req.limit = p->n;
	req.offset = (p->page - 1) * p->n;
	memcpy(req.from, p->from_ymd, sizeof req.from);
	memcpy(req.to, p->to_ymd, sizeof req.to);
	if (p->site[0]) {
		req.sites[0] = p->site;
		req.nsites = 1;
	}
	if (p->cat[0]) {
		req.categories[0] = p->cat;
		req.ncategories = 1;
	}
	req.sort_date = p->sort_date || p->format == TC_CGI_RSS;
	req.snippet_bytes = CGI_SNIPPET_BYTES;
	req.facets = p->format != TC_CGI_RSS;
	req.facet_exact = (uint32_t)s->conf.facet_exact;
	st = tc_searcher_run(s->searcher, &req, &s->res, &err);
	s->st.searches++;
	if (st == TC_ERR_USAGE) {
		/* A query that cannot be searched as typed ("-", "!!!", a bad
		 * site:): no results, and why. */
		pg->message = refusal_message(s->res.refusal);
		s->res.n = 0;
		st = TC_OK;
	}
	response r;
	int ok;
	if (st != TC_OK) {
		fprintf(stderr, "tracuu-search: search failed: %s\n",
			err.msg[0] ? err.msg : tc_status_str(st));
		/* Whatever went wrong stays with this request: the next one
		 * opens the index anew. */
		tc_searcher_free(s->searcher);
		s->searcher = NULL;
		ok = error_answer(a, pg, 503, MSG_FAILED, p->format);
	} else if (p->format == TC_CGI_JSON) {
		ok = open_body(&r, 200, "application/json; charset=utf-8");
		if (ok) {
			tc_status w = pg->message ? tc_output_json_error(r.out, p->q, p->q_len, pg->message)
						  : tc_output_json(r.out, p->q, p->q_len, &s->res);
			if (w != TC_OK)
				fputs("{}", r.out);
			fputc('\n', r.out);
			ok = finish(&r, a);
		}
	} else if (p->format == TC_CGI_RSS) {
		ok = open_body(&r, 200, "application/rss+xml; charset=utf-8");
		if (ok) {
			pg->res = &s->res;
			tc_page_rss(r.out, pg);
			r.private_cache = base_from_request;
			ok = finish(&r, a);
		}
	} else {
		tc_buf_reset(&s->sug);
		pg->res = &s->res;
		if (tc_suggest(s->searcher, p->q, p->q_len, &s->res, &s->sug))
			pg->suggest = s->sug.data;
		ok = open_body(&r, 200, "text/html; charset=utf-8");
		if (ok) {
			tc_page_html(r.out, pg);
			ok = finish(&r, a);
		}
	}
	/* A long-lived process must not keep the last answer's documents. */
	if (s->persistent)
		tc_results_release(&s->res);
	return ok;
}

/* Send an answer made here (a.data freed); 0 when written. */
static int send_answer(tc_cgi_site *s, const tc_cgi_out *out, answer *a, int head_only)
{
	if (a->status == 503)
		s->st.errors_503++;
	int rc = write_answer(out, a, head_only);
	free(a->data);
	a->data = NULL;
	return rc;
}

int tc_cgi_site_serve(tc_cgi_site *s, const tc_cgi_request *req, const tc_cgi_out *out)
{
	s->st.requests++;
	answer a;
	const char *method = req->method;
	int head_only = method && !strcmp(method, "HEAD");
	char base[CGI_BASE_MAX + 16];
	int base_from_request;
	site_url(s->conf.base_url, req, base, sizeof base, &base_from_request);
	tc_page pg = {NULL, script_name(req), base, NULL, NULL, NULL};
	if (!method || (strcmp(method, "GET") != 0 && !head_only)) {
		if (!error_answer(&a, &pg, 405, "Trang tìm kiếm chỉ nhận GET và HEAD.", TC_CGI_HTML))
			return 1;
		return send_answer(s, out, &a, 0);
	}

	tc_cgi_params *p = &s->p;
	tc_err err = {{0}};
	const char *qs = req->query_string ? req->query_string : "";
	size_t qs_len = req->query_string ? req->query_string_len : 0;
	tc_status st = tc_cgi_params_parse(qs, qs_len, p, &err);
	pg.p = p;
	if (st != TC_OK) {
		fprintf(stderr, "tracuu-search: 400: parameter %s\n", p->bad_param);
		/* The form is shown empty rather than refilled with bad values. */
		pg.p = &s->blank;
		if (!error_answer(&a, &pg, 400, err.msg, p->format))
			return 1;
		return send_answer(s, out, &a, head_only);
	}
	response r;
	if (p->format == TC_CGI_OPENSEARCH) {
		if (!open_body(&r, 200, "application/opensearchdescription+xml; charset=utf-8"))
			return 1;
		tc_page_opensearch(r.out, &pg);
		r.private_cache = base_from_request;
		return finish(&r, &a) ? send_answer(s, out, &a, head_only) : 1;
	}
	if (!p->q_len && p->format != TC_CGI_HTML) {
		if (!error_answer(&a, &pg, 400, "Tham số “q” không hợp lệ: cần có câu tìm kiếm.", p->format))
			return 1;
		return send_answer(s, out, &a, head_only);
	}
	if (!p->q_len) {
		if (!open_body(&r, 200, "text/html; charset=utf-8"))
			return 1;
		tc_page_html(r.out, &pg);
		return finish(&r, &a) ? send_answer(s, out, &a, head_only) : 1;
	}

	/* A search: from the cache when the same one was answered from this
	 * state of the index, else with the clock running. */
	int cached = cache_ready(s) && cache_key(s, &pg, p->format == TC_CGI_RSS);
	if (cached) {
		size_t vlen;
		const char *v = tc_cache_get(s->cache, s->key.data, s->key.len, &vlen);
		if (v) {
			size_t head_len;
			memcpy(&head_len, v, sizeof head_len);
			answer hit = {(char *)v + sizeof head_len, head_len, vlen - sizeof head_len, 200};
			return write_answer(out, &hit, head_only);
		}
	}
	/* A CGI process starts no thread for the limit: the server's own
	 * (cgi.limits, fastcgi_read_timeout) ends a process that runs too
	 * long, and one request is not worth a thread's start-up. */
	int armed = s->persistent &&
		    watchdog_arm(&s->wd, s->conf.time_limit_ms, &pg, p->format, head_only, out);
	int ok = search_answer(s, &pg, base_from_request, &a);
	if (armed && !watchdog_claim(&s->wd)) {
		/* Answered 503 at the limit already; this result is late. */
		s->st.timeouts++;
		s->st.errors_503++;
		fprintf(stderr, "tracuu-search: a search ran past the time limit (%ju ms) and was answered 503\n",
			(uintmax_t)s->conf.time_limit_ms);
		if (ok)
			free(a.data);
		return 0;
	}
	if (!ok)
		return 1;
	/* A partial answer is not kept: the missing shard may be back for
	 * the next request. */
	if (cached && a.status == 200 && !s->res.partial) {
		/* Kept as [head_len][headers and body]; a failure to keep it
		 * costs the next request a search, nothing else. */
		size_t vlen = sizeof a.head_len + a.len;
		char *v = malloc(vlen);
		if (v) {
			memcpy(v, &a.head_len, sizeof a.head_len);
			memcpy(v + sizeof a.head_len, a.data, a.len);
			if (tc_cache_put(s->cache, s->key.data, s->key.len, v, vlen) != TC_OK)
				fprintf(stderr, "tracuu-search: out of memory for the cache\n");
			free(v);
		}
	}
	return send_answer(s, out, &a, head_only);
}

/* --- CGI: one request from the environment, on stdout ----------------------------------- */

static int stdout_write(void *ctx, const char *p, size_t n)
{
	(void)ctx;
	if (n && fwrite(p, 1, n, stdout) != n)
		return 1;
	return fflush(stdout) != 0 || ferror(stdout);
}

/* The time limit answered: the process has nothing left to do. */
static void stdout_finish(void *ctx)
{
	(void)ctx;
	fflush(stdout);
	_exit(0);
}

int tc_cgi_main(void)
{
	tc_cgi_site *s;
	if (tc_cgi_site_new(0, &s) != TC_OK) {
		fprintf(stderr, "tracuu-search: out of memory\n");
		return 1;
	}
	const char *qs = getenv("QUERY_STRING");
	tc_cgi_request req = {getenv("REQUEST_METHOD"), qs, qs ? strlen(qs) : 0, getenv("SCRIPT_NAME"),
			      getenv("HTTPS"), getenv("HTTP_HOST"), getenv("SERVER_NAME"),
			      getenv("SERVER_PORT")};
	tc_cgi_out out = {stdout_write, stdout_finish, NULL};
	int rc = tc_cgi_site_serve(s, &req, &out);
	tc_cgi_site_free(s);
	return rc;
}
