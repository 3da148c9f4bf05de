/* importer.c - JSON Lines, HTML and directory import; see importer.h. */
#include "importer.h"

#include <dirent.h>
#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "crawl_config.h"
#include "doc_build.h"
#include "extract_charset.h"
#include "extract_html.h"
#include "gzin.h"
#include "page_article.h"
#include "shard_writer.h"
#include "tc_schema.h"
#include "url.h"
#include "vn_text.h"
#include "warc.h"
#include "tc_buf.h"
#include "tc_date.h"
#include "tc_banned.h"

#define RECORD_MAX (32u << 20) /* one JSON line or HTML page */
#define FIELD_MAX (16u << 20)
#define READ_CHUNK (256u << 10)

enum { F_URL, F_TITLE, F_SUMMARY, F_BODY, F_DATE, F_SOURCE, F_CATEGORY, F_COUNT };
static const char *const field_names[F_COUNT] = {"url", "title", "summary", "body",
						 "date", "source", "category"};
/* Longest field kept (importer.h says why); 0: only the cleaning buffer's cap. */
static const size_t field_cap[F_COUNT] = {
	[F_URL] = TC_IMPORT_URL_MAX,       [F_TITLE] = TC_IMPORT_TITLE_MAX,
	[F_SUMMARY] = TC_IMPORT_SUMMARY_MAX, [F_SOURCE] = TC_IMPORT_SOURCE_MAX,
	[F_CATEGORY] = TC_IMPORT_CATEGORY_MAX};

/*
 * Files and directories already visited, by device and inode.  Paths are
 * followed through symbolic links, so without this a link back up the
 * tree is walked again at every level (two such links made the walk
 * exponential) and a file reached through two names is read twice.
 */
typedef struct seen_key {
	dev_t dev;
	ino_t ino;
} seen_key;

typedef struct seen_set {
	seen_key *key;
	unsigned char *used;
	size_t n, cap; /* cap: 0 or a power of two */
} seen_set;

static size_t seen_hash(dev_t dev, ino_t ino, size_t cap)
{
	uint64_t h = ((uint64_t)ino * 0x9E3779B97F4A7C15u) ^ ((uint64_t)dev * 0xC2B2AE3D27D4EB4Fu);
	return (size_t)(h ^ (h >> 29)) & (cap - 1);
}

/* Add the file of sb; *fresh says whether it was new.  TC_ERR_NOMEM. */
static tc_status seen_add(seen_set *s, const struct stat *sb, int *fresh)
{
	*fresh = 0;
	if (s->n + 1 > s->cap / 2) {
		size_t cap = s->cap ? s->cap * 2 : 256;
		if (cap > SIZE_MAX / sizeof *s->key)
			return TC_ERR_NOMEM;
		seen_key *key = malloc(cap * sizeof *key);
		unsigned char *used = calloc(cap, 1);
		if (!key || !used) {
			free(key);
			free(used);
			return TC_ERR_NOMEM;
		}
		for (size_t i = 0; i < s->cap; i++) {
			if (!s->used[i])
				continue;
			size_t j = seen_hash(s->key[i].dev, s->key[i].ino, cap);
			while (used[j])
				j = (j + 1) & (cap - 1);
			used[j] = 1;
			key[j] = s->key[i];
		}
		free(s->key);
		free(s->used);
		s->key = key;
		s->used = used;
		s->cap = cap;
	}
	size_t j = seen_hash(sb->st_dev, sb->st_ino, s->cap);
	while (s->used[j]) {
		if (s->key[j].dev == sb->st_dev && s->key[j].ino == sb->st_ino)
			return TC_OK;
		j = (j + 1) & (s->cap - 1);
	}
	s->used[j] = 1;
	s->key[j] = (seen_key){sb->st_dev, sb->st_ino};
	s->n++;
	*fresh = 1;
	return TC_OK;
}

static void seen_release(seen_set *s)
{
	free(s->key);
	free(s->used);
	memset(s, 0, sizeof *s);
}

struct tc_importer {
	tc_db *db;               /* written directly, or */
	tc_shards *shards;       /* handed to shard workers */
	const char *cur_file;    /* origin of the record being written */
	uint64_t cur_line;
	tc_import_opts opts;
	tc_import_stats st;
	uint32_t pending;        /* documents since the last commit */
	tc_buf clean[F_COUNT];   /* cleaned fields of the current record */
	tc_buf scratch;
	tc_buf line;
	tc_err reason;           /* why the record being written was rejected */
	double t0, last_draw;
	uint64_t plan_bytes;     /* bytes of input planned, for the ETA */
	uint64_t done_bytes;     /* of input consumed in finished files */
	uint64_t cur_bytes;      /* of input consumed in the current file */
	int drew;
	seen_set seen;           /* files and directories read by this import */
	tc_page_owners *owners;  /* who holds which bytes, for archives (page_article.h) */
	const char *root;        /* the path given to add, while it is imported */
	int root_is_dir;
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void tc_import_opts_init(tc_import_opts *o)
{
	memset(o, 0, sizeof *o);
	o->batch_docs = 250; /* small batches keep Xapian's in-memory maps small: faster, and far less memory */
	o->progress = 0;
	o->quiet = 0;
	o->jobs = tc_shards_default_jobs();
	o->sources = NULL;
}

tc_status tc_import_check_base_url(const char *url, tc_err *err)
{
	size_t skip = !strncmp(url, "https://", 8) ? 8 : !strncmp(url, "http://", 7) ? 7 : 0;
	if (!skip || !url[skip] || url[skip] == '/' || strpbrk(url, "?# \t\r\n\"<>\\"))
		return tc_err_set(err, TC_ERR_USAGE,
				  "the base URL must be http:// or https:// followed by a host and "
				  "optionally a path, without spaces, ? or #, not '%.200s'",
				  url);
	return TC_OK;
}

tc_status tc_importer_new(tc_db *db, const tc_import_opts *o, tc_importer **out)
{
	*out = NULL;
	if (o->base_url && tc_import_check_base_url(o->base_url, NULL) != TC_OK)
		return TC_ERR_USAGE;
	tc_importer *imp = calloc(1, sizeof *imp);
	if (!imp)
		return TC_ERR_NOMEM;
	imp->db = db;
	imp->opts = *o;
	for (int i = 0; i < F_COUNT; i++)
		tc_buf_init(&imp->clean[i], FIELD_MAX);
	tc_buf_init(&imp->scratch, RECORD_MAX * 2);
	tc_buf_init(&imp->line, RECORD_MAX);
	imp->t0 = now();
	*out = imp;
	return TC_OK;
}

tc_status tc_importer_new_sharded(tc_shards *shards, const tc_import_opts *o, tc_importer **out)
{
	tc_status st = tc_importer_new(NULL, o, out);
	if (st == TC_OK)
		(*out)->shards = shards;
	return st;
}

void tc_importer_free(tc_importer *imp)
{
	if (!imp)
		return;
	for (int i = 0; i < F_COUNT; i++)
		tc_buf_release(&imp->clean[i]);
	tc_buf_release(&imp->scratch);
	tc_buf_release(&imp->line);
	seen_release(&imp->seen);
	tc_page_owners_free(imp->owners);
	free(imp);
}

static uint64_t plan_path(const char *path, int depth, seen_set *seen)
{
	struct stat sb;
	int fresh;
	if (depth > 64 || stat(path, &sb) != 0 || seen_add(seen, &sb, &fresh) != TC_OK || !fresh)
		return 0;
	if (S_ISREG(sb.st_mode))
		return (uint64_t)sb.st_size;
	if (!S_ISDIR(sb.st_mode))
		return 0;
	DIR *d = opendir(path);
	if (!d)
		return 0;
	uint64_t sum = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char p[4096];
		int n = snprintf(p, sizeof p, "%s/%s", path, e->d_name);
		if (n > 0 && (size_t)n < sizeof p)
			sum += plan_path(p, depth + 1, seen);
	}
	closedir(d);
	return sum;
}

void tc_importer_plan(tc_importer *imp, const char *const *paths, int n)
{
	seen_set seen = {0};
	for (int i = 0; i < n; i++)
		imp->plan_bytes += plan_path(paths[i], 0, &seen);
	seen_release(&seen);
}

static void draw_progress(tc_importer *imp, int force)
{
	if (!imp->opts.progress)
		return;
	double t = now();
	if (!force && t - imp->last_draw < 0.25)
		return;
	imp->last_draw = t;
	double el = t - imp->t0;
	double rate = el > 0 ? (double)imp->st.docs / el : 0;
	uint64_t done = imp->done_bytes + imp->cur_bytes;
	char eta[32] = "--:--";
	if (imp->plan_bytes && done > 0 && el > 0.5) {
		double left = (double)(imp->plan_bytes > done ? imp->plan_bytes - done : 0) /
			      ((double)done / el);
		snprintf(eta, sizeof eta, "%d:%02d", (int)(left / 60), (int)left % 60);
	}
	int pct = imp->plan_bytes ? (int)(100.0 * (double)done / (double)imp->plan_bytes) : 0;
	if (pct > 100)
		pct = 100;
	char bar[21];
	for (int i = 0; i < 20; i++)
		bar[i] = i < pct / 5 ? '#' : '.';
	bar[20] = '\0';
	fprintf(stderr, "\r[%s] %3d%%  %llu docs  %.0f docs/s  ETA %s   ", bar, pct,
		(unsigned long long)imp->st.docs, rate, eta);
	imp->drew = 1;
}

static tc_status commit(tc_importer *imp, tc_err *err)
{
	if (!imp->pending)
		return TC_OK;
	tc_status st = tc_db_commit(imp->db, err);
	if (st == TC_OK)
		imp->pending = 0;
	return st;
}

static void record_error(tc_importer *imp, const char *file, uint64_t line, const char *why)
{
	imp->st.failed++;
	if (imp->drew)
		fputc('\n', stderr);
	imp->drew = 0;
	if (line)
		fprintf(stderr, "tracuu-index: %s:%llu: %s\n", file, (unsigned long long)line, why);
	else
		fprintf(stderr, "tracuu-index: %s: %s\n", file, why);
}

/* An input that could not be read, or not to its end: a rebuild from it
 * would lose articles, so it counts apart (tracuu-index rebuild). */
static void record_unreadable(tc_importer *imp, const char *file, const char *why)
{
	imp->st.unreadable++;
	record_error(imp, file, 0, why);
}

static void record_warning(tc_importer *imp, const char *file, uint64_t line, const char *what)
{
	if (imp->drew)
		fputc('\n', stderr);
	imp->drew = 0;
	if (line)
		fprintf(stderr, "tracuu-index: %s:%llu: warning: %s\n", file, (unsigned long long)line,
			what);
	else
		fprintf(stderr, "tracuu-index: %s: warning: %s\n", file, what);
}

/* "16 MiB", "1024 bytes": a limit as people write it. */
static void size_words(size_t n, char *out, size_t cap)
{
	if (n >= (1u << 20) && n % (1u << 20) == 0)
		snprintf(out, cap, "%zu MiB", n >> 20);
	else
		snprintf(out, cap, "%zu bytes", n);
}

/* The longest prefix of clean text s[0..n) that fits in cap bytes and ends
 * between two characters, not before a combining mark (so no letter loses
 * its accent), nor in white space. */
static size_t cut_point(const char *s, size_t n, size_t cap)
{
	if (n <= cap)
		return n;
	size_t k = cap;
	for (;;) {
		while (k && ((unsigned char)s[k] & 0xC0) == 0x80)
			k--;
		/* U+0300..U+036F, combining diacritical marks: CC 80..CD AF. */
		unsigned char b0 = (unsigned char)s[k], b1 = (unsigned char)s[k + 1];
		if (k && ((b0 == 0xCC && b1 >= 0x80) || (b0 == 0xCD && b1 <= 0xAF))) {
			k--;
			continue;
		}
		break;
	}
	while (k && (s[k - 1] == ' ' || s[k - 1] == '\n' || s[k - 1] == '\t'))
		k--;
	return k;
}

/*
 * Clean the raw fields into clean[] and check what every record needs.
 * Returns TC_OK with *a pointing into clean[], or TC_ERR_INVALID with why
 * saying why for a bad record (skipped), or a fatal status.  Adds the
 * invalid UTF-8 sequences replaced to *n_invalid.  A title, summary,
 * source or category longer than its cap is cut, and cut_from[] (NULL:
 * not wanted) gets its length before, else 0; a URL over its cap is a bad
 * record, since a shortened URL names another page.
 */
static tc_status clean_fields(tc_buf clean[F_COUNT], const tc_str raw[F_COUNT], tc_article *a,
			      uint64_t *n_invalid, size_t *cut_from, tc_err *why)
{
	why->msg[0] = '\0';
	memset(a, 0, sizeof *a);
	if (cut_from)
		memset(cut_from, 0, F_COUNT * sizeof *cut_from);
	tc_str f[F_COUNT];
	for (int i = 0; i < F_COUNT; i++) {
		tc_buf_reset(&clean[i]);
		size_t bad = 0;
		tc_status st = vn_text_clean(raw[i].p, raw[i].n, &clean[i], &bad);
		if (st == TC_ERR_TOO_BIG) {
			char lim[32];
			size_words(clean[i].max, lim, sizeof lim);
			return tc_err_set(why, TC_ERR_INVALID,
					  "field \"%s\" is larger than %s (the limit), record skipped",
					  field_names[i], lim);
		}
		if (st != TC_OK)
			return st;
		*n_invalid += bad;
		/* Trim surrounding white space. */
		const char *p = clean[i].data ? clean[i].data : "";
		size_t n = clean[i].len;
		while (n && (*p == ' ' || *p == '\n' || *p == '\t'))
			p++, n--;
		while (n && (p[n - 1] == ' ' || p[n - 1] == '\n' || p[n - 1] == '\t'))
			n--;
		if (field_cap[i] && n > field_cap[i]) {
			if (i == F_URL)
				return tc_err_set(why, TC_ERR_INVALID,
						  "field \"url\" of %zu bytes is longer than the limit of "
						  "%zu bytes, record skipped (a shortened URL would name "
						  "another page)", n, field_cap[i]);
			if (cut_from)
				cut_from[i] = n;
			n = cut_point(p, n, field_cap[i]);
		}
		f[i].p = p;
		f[i].n = n;
	}
	if (!f[F_URL].n)
		return tc_err_set(why, TC_ERR_INVALID, "record has no url");
	if (!f[F_TITLE].n && !f[F_SUMMARY].n && !f[F_BODY].n)
		return tc_err_set(why, TC_ERR_INVALID, "record has no title, summary or body");
	tc_ymd day;
	if (f[F_DATE].n && !tc_date_parse_day(f[F_DATE].p, f[F_DATE].n, &day))
		return tc_err_set(why, TC_ERR_INVALID, "date is not YYYY-MM-DD");
	if (f[F_DATE].n && !tc_date_in_range(day.y, day.m, day.d, tc_date_clock())) {
		char last[11];
		tc_date_format(tc_date_latest(tc_date_clock()), last);
		return tc_err_set(why, TC_ERR_INVALID,
				  "date %.10s is outside the dates an article may have (%d-01-01 to "
				  "tomorrow, %s), record skipped",
				  f[F_DATE].p, TC_DATE_YEAR_MIN, last);
	}
	if (!f[F_SOURCE].n) {
		/* No source given: the URL's host is the source, as it already is
		 * for site: filters, so results show where they come from. */
		char host[256];
		if (tc_url_host(f[F_URL].p, f[F_URL].n, host, sizeof host)) {
			tc_buf_reset(&clean[F_SOURCE]);
			tc_status st = tc_buf_append_str(&clean[F_SOURCE], host);
			if (st != TC_OK)
				return st;
			f[F_SOURCE] = (tc_str){clean[F_SOURCE].data, clean[F_SOURCE].len};
		}
	}
	*a = (tc_article){f[F_URL], f[F_TITLE], f[F_SUMMARY], f[F_BODY],
			  f[F_DATE], f[F_SOURCE], f[F_CATEGORY]};
	return TC_OK;
}

/* Warn, as FILE:LINE, about each field clean_fields cut to its cap. */
static void warn_cuts(tc_importer *imp, const char *file, uint64_t line,
		      const size_t cut_from[F_COUNT], const tc_article *a)
{
	const size_t kept[F_COUNT] = {a->url.n,  a->title.n,  a->summary.n, a->body.n,
				      a->date.n, a->source.n, a->category.n};
	for (int i = 0; i < F_COUNT; i++) {
		if (!cut_from[i])
			continue;
		char what[160];
		snprintf(what, sizeof what, "field \"%s\" of %zu bytes cut to %zu (the limit is %zu bytes)",
			 field_names[i], cut_from[i], kept[i], field_cap[i]);
		record_warning(imp, file, line, what);
	}
}

/* Write a clean article; statuses as for clean_fields. */
static tc_status store_article(tc_importer *imp, const tc_article *art, const char **why,
			       tc_err *err)
{
	*why = NULL;
	const tc_article a = *art;
	const tc_str f[F_COUNT] = {a.url, a.title, a.summary, a.body, a.date, a.source, a.category};
	if (imp->shards) {
		tc_status st = tc_shards_put(imp->shards, &a, imp->cur_file, imp->cur_line, err);
		if (st != TC_OK)
			return st;
		imp->st.docs++; /* queued; the workers' count replaces it at the end */
		for (int i = 0; i < F_COUNT; i++)
			imp->st.bytes += f[i].n;
		draw_progress(imp, 0);
		return TC_OK;
	}
	tc_doc *doc;
	char id[TC_TERM_MAX + 1];
	size_t id_len;
	tc_status st = tc_doc_build(&a, &imp->scratch, &doc, id, &id_len);
	if (st == TC_ERR_TOO_BIG) {
		char lim[32];
		size_words(imp->scratch.max, lim, sizeof lim);
		tc_err_set(&imp->reason, TC_ERR_INVALID,
			   "record's stored fields are larger than %s (the limit), record skipped", lim);
		*why = imp->reason.msg;
		return TC_ERR_INVALID;
	}
	if (st != TC_OK)
		return tc_err_set(err, st, "cannot build document: %s", tc_status_str(st));
	uint64_t had = 0;
	st = tc_db_termfreq(imp->db, id, id_len, &had, err);
	if (st == TC_OK)
		st = tc_db_replace(imp->db, id, id_len, doc, err);
	tc_doc_free(doc);
	if (st != TC_OK)
		return st;
	imp->st.docs++;
	if (had)
		imp->st.replaced++;
	for (int i = 0; i < F_COUNT; i++)
		imp->st.bytes += f[i].n;
	if (++imp->pending >= imp->opts.batch_docs)
		st = commit(imp, err);
	draw_progress(imp, 0);
	return st;
}

/* Clean the raw fields and write the article; statuses as for clean_fields. */
static tc_status write_article(tc_importer *imp, const tc_str raw[F_COUNT], const char **why,
			       tc_err *err)
{
	tc_article a;
	size_t cut_from[F_COUNT];
	*why = NULL;
	tc_status st = clean_fields(imp->clean, raw, &a, &imp->st.invalid_utf8, cut_from,
				    &imp->reason);
	if (st == TC_ERR_INVALID)
		*why = imp->reason.msg;
	if (st != TC_OK)
		return st;
	warn_cuts(imp, imp->cur_file, imp->cur_line, cut_from, &a);
	return store_article(imp, &a, why, err);
}

_Static_assert(TC_IMPORT_FIELDS == F_COUNT, "importer.h and importer.c disagree on fields");

tc_status tc_import_parse_record(const char *s, size_t n, tc_buf clean[TC_IMPORT_FIELDS],
				 tc_article *a, uint64_t *n_invalid, size_t cut_from[TC_IMPORT_FIELDS],
				 tc_err *why)
{
	if (cut_from)
		memset(cut_from, 0, TC_IMPORT_FIELDS * sizeof *cut_from);
	memset(a, 0, sizeof *a);
	*n_invalid = 0;
	while (n && (s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	size_t lead = 0;
	while (lead < n && (s[lead] == ' ' || s[lead] == '\t'))
		lead++;
	if (lead == n)
		return TC_ERR_NOT_FOUND; /* blank line */
	if (n > (size_t)0x7fffffff)
		return tc_err_set(why, TC_ERR_INVALID, "record larger than 2 GiB (the limit)");
	json_tokener *tok = json_tokener_new();
	if (!tok)
		return TC_ERR_NOMEM;
	json_object *obj = json_tokener_parse_ex(tok, s + lead, (int)(n - lead));
	enum json_tokener_error jerr = json_tokener_get_error(tok);
	size_t used = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	if (!obj || jerr != json_tokener_success || used != n - lead) {
		json_object_put(obj);
		return tc_err_set(why, TC_ERR_INVALID, "invalid JSON: %s",
				  jerr != json_tokener_success ? json_tokener_error_desc(jerr)
							       : "trailing data after the object");
	}
	if (!json_object_is_type(obj, json_type_object)) {
		json_object_put(obj);
		return tc_err_set(why, TC_ERR_INVALID, "record is not a JSON object");
	}
	tc_str raw[F_COUNT];
	memset(raw, 0, sizeof raw);
	for (int i = 0; i < F_COUNT; i++) {
		json_object *v;
		if (!json_object_object_get_ex(obj, field_names[i], &v) || json_object_is_type(v, json_type_null))
			continue;
		if (!json_object_is_type(v, json_type_string)) {
			json_object_put(obj);
			return tc_err_set(why, TC_ERR_INVALID, "field \"%s\" is not a string",
					  field_names[i]);
		}
		raw[i].p = json_object_get_string(v);
		raw[i].n = (size_t)json_object_get_string_len(v);
	}
	tc_err reason;
	tc_status st = clean_fields(clean, raw, a, n_invalid, cut_from, &reason);
	json_object_put(obj);
	if (st == TC_ERR_INVALID)
		st = tc_err_set(why, st, "%s", reason.msg[0] ? reason.msg : "text cannot be normalised");
	if (st != TC_OK) {
		memset(a, 0, sizeof *a);
		if (cut_from)
			memset(cut_from, 0, TC_IMPORT_FIELDS * sizeof *cut_from);
	}
	return st;
}

/* One JSON Lines record.  Returns a fatal status, or TC_OK (bad records are
 * reported and counted here). */
static tc_status import_json_record(tc_importer *imp, const char *file, uint64_t lineno,
				    const char *s, size_t n, tc_err *err)
{
	tc_article a;
	uint64_t bad = 0;
	size_t cut_from[F_COUNT];
	tc_err why;
	tc_status st = tc_import_parse_record(s, n, imp->clean, &a, &bad, cut_from, &why);
	imp->st.invalid_utf8 += bad;
	if (st == TC_ERR_NOT_FOUND)
		return TC_OK; /* blank line */
	if (st == TC_ERR_INVALID) {
		record_error(imp, file, lineno, why.msg);
		return TC_OK;
	}
	if (st != TC_OK)
		return st;
	const char *reason = NULL;
	imp->cur_file = file;
	imp->cur_line = lineno;
	warn_cuts(imp, file, lineno, cut_from, &a);
	st = store_article(imp, &a, &reason, err);
	if (st == TC_ERR_INVALID && reason) {
		record_error(imp, file, lineno, reason);
		return TC_OK;
	}
	return st;
}

static tc_status import_jsonl(tc_importer *imp, const char *path, tc_err *err)
{
	tc_gzin *gz;
	tc_err why;
	tc_status st = tc_gzin_open(path, &gz, &why);
	if (st == TC_ERR_NOMEM)
		return tc_err_set(err, st, "%s: %s", path, why.msg);
	if (st != TC_OK) {
		record_unreadable(imp, path, why.msg);
		return TC_OK;
	}
	char *chunk = malloc(READ_CHUNK);
	if (!chunk) {
		tc_gzin_free(gz);
		return TC_ERR_NOMEM;
	}
	tc_buf_reset(&imp->line);
	uint64_t lineno = 1;
	int oversize = 0; /* skipping the rest of a line that passed the cap */
	for (;;) {
		size_t got;
		tc_status rst = tc_gzin_read(gz, chunk, READ_CHUNK, &got, &why);
		if (rst == TC_ERR_NOMEM) {
			st = TC_ERR_NOMEM;
			break;
		}
		if (rst != TC_OK) {
			/* A damaged file: what was read before the damage stays
			 * imported, but the file is reported, not taken as complete.
			 * A line the damage cut short is not imported. */
			char msg[sizeof why.msg + 160];
			if (imp->line.len || oversize)
				snprintf(msg, sizeof msg, "%s; stopped after line %llu (line %llu is cut short "
					 "and skipped)", why.msg, (unsigned long long)(lineno - 1),
					 (unsigned long long)lineno);
			else
				snprintf(msg, sizeof msg, "%s; stopped after line %llu", why.msg,
					 (unsigned long long)(lineno - 1));
			record_unreadable(imp, path, msg);
			tc_buf_reset(&imp->line);
			oversize = 0;
			break;
		}
		if (got == 0)
			break;
		imp->cur_bytes = tc_gzin_offset(gz);
		const char *p = chunk, *end = chunk + got;
		while (p < end && st == TC_OK) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			const char *stop = nl ? nl : end;
			if (!oversize && tc_buf_append(&imp->line, p, (size_t)(stop - p)) == TC_ERR_TOO_BIG) {
				record_error(imp, path, lineno, "record larger than 32 MiB, skipped");
				oversize = 1;
				tc_buf_reset(&imp->line);
			}
			if (!nl)
				break;
			if (!oversize)
				st = import_json_record(imp, path, lineno, imp->line.data ? imp->line.data : "",
							imp->line.len, err);
			tc_buf_reset(&imp->line);
			oversize = 0;
			lineno++;
			p = nl + 1;
		}
		if (st != TC_OK)
			break;
	}
	if (st == TC_OK && imp->line.len && !oversize)
		st = import_json_record(imp, path, lineno, imp->line.data, imp->line.len, err);
	tc_buf_reset(&imp->line);
	free(chunk);
	tc_gzin_free(gz);
	return st;
}

static tc_status read_file(const char *path, tc_buf *out, const char **why)
{
	*why = NULL;
	FILE *f = fopen(path, "rb");
	if (!f) {
		*why = strerror(errno);
		return TC_ERR_IO;
	}
	tc_buf_reset(out);
	char tmp[65536];
	size_t got;
	tc_status st = TC_OK;
	while (st == TC_OK && (got = fread(tmp, 1, sizeof tmp, f)) > 0)
		st = tc_buf_append(out, tmp, got);
	if (st == TC_ERR_TOO_BIG)
		*why = "file larger than 32 MiB, skipped";
	else if (ferror(f)) {
		*why = "read error";
		st = TC_ERR_IO;
	}
	fclose(f);
	return st;
}

/* Is s[0..n) a YYYY-MM-DD day that an article may have (tc_date.h's range)? */
static int article_day(const char *s, size_t n)
{
	tc_ymd d;
	return tc_date_parse_day(s, n, &d) && tc_date_in_range(d.y, d.m, d.d, tc_date_clock());
}

/* Write the article of an extracted page; why gets the reason of a rejection. */
static tc_status write_extracted(tc_importer *imp, tc_extracted *x, const char *date_hint,
				 const char **why, tc_err *err)
{
	/* An unreadable or out-of-range date is dropped, not fatal; the hint (a
	 * feed's date for the page) counts only when it is in range too. */
	if (x->date.len && !article_day(x->date.data, x->date.len))
		tc_buf_reset(&x->date);
	if (!x->date.len && date_hint && article_day(date_hint, strnlen(date_hint, 10))) {
		tc_status st = tc_buf_append(&x->date, date_hint, 10);
		if (st != TC_OK)
			return st;
	}
	tc_str raw[F_COUNT] = {
		{x->url.data, x->url.len},         {x->title.data, x->title.len},
		{x->summary.data, x->summary.len}, {x->body.data, x->body.len},
		{x->date.data, x->date.len},       {x->source.data, x->source.len},
		{NULL, 0}};
	char host[256];
	if (tc_url_host(x->url.data, x->url.len, host, sizeof host)) {
		raw[F_SOURCE].p = host;
		raw[F_SOURCE].n = strlen(host);
	}
	return write_article(imp, raw, why, err);
}

/* The URL of a file without one: base_url + its path under the folder
 * given to add (or its name), percent-encoded but for '/'. */
static tc_status base_url_of(tc_importer *imp, const char *path, tc_buf *url)
{
	const char *rel = path;
	size_t rn = imp->root ? strlen(imp->root) : 0;
	if (imp->root_is_dir && rn && !strncmp(path, imp->root, rn) && path[rn] == '/')
		rel = path + rn + 1;
	else if (strrchr(path, '/'))
		rel = strrchr(path, '/') + 1;
	const char *base = imp->opts.base_url;
	size_t bn = strlen(base);
	tc_status st = tc_buf_append(url, base, bn);
	if (st == TC_OK && (!bn || base[bn - 1] != '/'))
		st = tc_buf_append_char(url, '/');
	static const char hex[] = "0123456789ABCDEF";
	for (const char *c = rel; *c && st == TC_OK; c++) {
		unsigned char b = (unsigned char)*c;
		if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') ||
		    strchr("-._~/", b))
			st = tc_buf_append_char(url, (char)b);
		else
			st = tc_buf_printf(url, "%%%c%c", hex[b >> 4], hex[b & 15]);
	}
	return st;
}

static tc_status import_html(tc_importer *imp, const char *path, tc_err *err)
{
	const char *why;
	tc_status st = read_file(path, &imp->line, &why);
	if (st == TC_ERR_NOMEM)
		return st;
	if (st != TC_OK) {
		record_unreadable(imp, path, why);
		return TC_OK;
	}
	tc_extracted x;
	tc_extracted_init(&x);
	st = tc_extract_html(imp->line.data ? imp->line.data : "", imp->line.len, &x);
	if (st == TC_OK && !x.url.len) {
		if (!imp->opts.base_url) {
			record_error(imp, path, 0,
				     "no URL in the page (<link rel=\"canonical\"> or og:url), and its "
				     "path on this machine is not published: give it one, or import "
				     "with --base-url URL");
			tc_extracted_release(&x);
			tc_buf_reset(&imp->line);
			return TC_OK;
		}
		st = base_url_of(imp, path, &x.url);
	}
	if (st == TC_OK) {
		imp->cur_file = path;
		imp->cur_line = 0;
		st = write_extracted(imp, &x, NULL, &why, err);
		if (st == TC_ERR_INVALID && why) {
			record_error(imp, path, 0, why);
			st = TC_OK;
		}
	} else if (st != TC_ERR_NOMEM) {
		record_error(imp, path, 0, x.why[0] ? x.why : "cannot parse HTML");
		st = TC_OK;
	}
	tc_extracted_release(&x);
	tc_buf_reset(&imp->line);
	return st;
}

tc_status tc_importer_add_fetched(tc_importer *imp, const tc_page_judge *j,
				  const tc_fetched_page *pg, const char *date_hint, tc_page_result *r,
				  int *indexed, tc_err *err)
{
	*indexed = 0;
	tc_status st = tc_page_to_article(j, pg, r, err);
	if (st != TC_OK)
		return st;
	if (r->verdict == TC_PAGE_UNREADABLE) {
		record_error(imp, pg->url, 0, r->why);
		return TC_OK;
	}
	if (r->verdict != TC_PAGE_INDEX)
		return TC_OK;
	const char *why;
	imp->cur_file = pg->url;
	imp->cur_line = 0;
	st = write_extracted(imp, &r->x, date_hint, &why, err);
	if (st == TC_ERR_INVALID && why) {
		record_error(imp, pg->url, 0, why);
		st = TC_OK;
	} else if (st == TC_OK) {
		*indexed = 1;
	}
	return st;
}

tc_status tc_importer_delete(tc_importer *imp, const char *url, int *deleted, tc_err *err)
{
	*deleted = 0;
	if (!imp->db)
		return tc_err_set(err, TC_ERR_USAGE, "deletions need a database, not shards");
	char id[TC_TERM_MAX + 1];
	size_t id_len = tc_schema_id_term(url, strlen(url), id);
	tc_status st = tc_db_delete(imp->db, id, id_len, deleted, err);
	if (st == TC_OK && *deleted && ++imp->pending >= imp->opts.batch_docs)
		st = commit(imp, err);
	return st;
}

tc_status tc_importer_commit(tc_importer *imp, tc_err *err)
{
	if (!imp->db)
		return tc_err_set(err, TC_ERR_USAGE, "commits need a database, not shards");
	return commit(imp, err);
}

tc_status tc_importer_has(tc_importer *imp, const char *url, int *has, tc_err *err)
{
	*has = 0;
	if (!imp->db)
		return tc_err_set(err, TC_ERR_USAGE, "lookups need a database, not shards");
	char id[TC_TERM_MAX + 1];
	size_t id_len = tc_schema_id_term(url, strlen(url), id);
	return tc_db_has(imp->db, id, id_len, has, err);
}

tc_status tc_importer_keep(tc_importer *imp, tc_db *src, const char *id_term, size_t n,
			   int *copied, tc_err *err)
{
	*copied = 0;
	if (!imp->db)
		return tc_err_set(err, TC_ERR_USAGE, "copies need a database, not shards");
	int has;
	tc_status st = tc_db_has(imp->db, id_term, n, &has, err);
	if (st != TC_OK || has)
		return st;
	st = tc_db_copy_doc(src, imp->db, id_term, n, copied, err);
	if (st == TC_OK && *copied) {
		imp->st.docs++;
		if (++imp->pending >= imp->opts.batch_docs)
			st = commit(imp, err);
	}
	return st;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !strcasecmp(s + n - m, suffix);
}

typedef struct warc_import {
	tc_importer *imp;
	const char *path;
	tc_status st;
	tc_err *err;
	tc_buf url;             /* scratch */
	tc_page_result page;
} warc_import;

/* Skip a record that cannot be indexed, saying why. */
static void warc_skip(warc_import *w, const tc_warc_response *r, const char *why)
{
	char msg[1024];
	snprintf(msg, sizeof msg, "record at byte %llu (%.300s): %s", (unsigned long long)r->offset,
		 r->target_uri, why);
	record_error(w->imp, w->path, 0, msg);
}

/* One response record: a page with status 200 is judged and extracted as
 * the crawl did (page_article.h); redirects, errors, feeds, images and the
 * like are not articles and pass silently. */
static int on_warc_response(void *ctx, const tc_warc_response *r)
{
	warc_import *w = ctx;
	tc_importer *imp = w->imp;
	char ctype[256], coding[64];
	if (r->status != 200)
		return 0;
	tc_warc_http_header(r->http_head, r->head_len, "Content-Type", ctype, sizeof ctype);
	/* Our archives hold decoded payloads; another crawler's may not. */
	if ((tc_warc_http_header(r->http_head, r->head_len, "Content-Encoding", coding,
				 sizeof coding) && strcasecmp(coding, "identity") != 0) ||
	    (tc_warc_http_header(r->http_head, r->head_len, "Transfer-Encoding", coding,
				 sizeof coding) && strcasecmp(coding, "identity") != 0)) {
		warc_skip(w, r, "payload stored encoded (Content- or Transfer-Encoding), skipped");
		return 0;
	}
	tc_status st = tc_url_canon(NULL, r->target_uri, strlen(r->target_uri), &w->url, NULL);
	if (st == TC_ERR_NOMEM) {
		w->st = tc_err_set(w->err, st, "%s: out of memory", w->path);
		return 1;
	}
	if (st != TC_OK || !w->url.len) {
		warc_skip(w, r, "WARC-Target-URI is not an http(s) URL, skipped");
		return 0;
	}
	if (!imp->owners && (w->st = tc_page_owners_new(&imp->owners)) != TC_OK) {
		w->st = tc_err_set(w->err, w->st, "%s: out of memory", w->path);
		return 1;
	}
	/* As in the crawl, with the date its feed gave the page (kept in the
	 * record), and duplicates known from this import: there is no crawl
	 * state to ask. */
	const tc_page_judge j = {imp->opts.sources, tc_page_owners_dup, imp->owners, NULL, NULL};
	const tc_fetched_page pg = {w->url.data, ctype[0] ? ctype : NULL, r->body, r->body_len, 0, 0};
	int indexed;
	w->st = tc_importer_add_fetched(imp, &j, &pg, r->feed_date[0] ? r->feed_date : NULL,
					&w->page, &indexed, w->err);
	tc_page_verdict v = w->page.verdict;
	if (w->st == TC_OK && v != TC_PAGE_DUPLICATE && v != TC_PAGE_FEED && v != TC_PAGE_NOT_HTML &&
	    v != TC_PAGE_UNCHANGED) {
		/* What the crawl state records of the page (crawler.c). */
		w->st = tc_page_owners_set(imp->owners, pg.url, indexed ? w->page.hash : 0);
		if (w->st != TC_OK)
			w->st = tc_err_set(w->err, w->st, "%s: out of memory", w->path);
	}
	return w->st != TC_OK;
}

/* A .warc or .warc.gz, ours or another crawler's. */
static tc_status import_warc(tc_importer *imp, const char *path, tc_err *err)
{
	warc_import w = {.imp = imp, .path = path, .st = TC_OK, .err = err};
	tc_buf_init(&w.url, 8192);
	tc_page_result_init(&w.page);
	tc_err e = {{0}};
	tc_status st = tc_warc_read(path, on_warc_response, &w, &e);
	tc_buf_release(&w.url);
	tc_page_result_release(&w.page);
	if (w.st != TC_OK)
		return w.st;
	if (st == TC_ERR_NOMEM)
		return tc_err_set(err, st, "%s: out of memory", path);
	if (st != TC_OK) {
		/* Every record before the damage was imported. */
		record_unreadable(imp, path, e.msg[0] ? e.msg : tc_status_str(st));
	}
	return TC_OK;
}

static tc_status import_file(tc_importer *imp, const char *path, int explicit, tc_err *err)
{
	tc_status st;
	imp->cur_bytes = 0;
	if (ends_with(path, ".jsonl") || ends_with(path, ".jsonl.gz") || ends_with(path, ".json.gz") ||
	    ends_with(path, ".ndjson") || ends_with(path, ".json"))
		st = import_jsonl(imp, path, err);
	else if (ends_with(path, ".html") || ends_with(path, ".htm") || ends_with(path, ".xhtml"))
		st = import_html(imp, path, err);
	else if (ends_with(path, ".warc") || ends_with(path, ".warc.gz"))
		st = import_warc(imp, path, err);
	else {
		if (explicit)
			record_unreadable(imp, path,
				     "unknown file type (expected .jsonl, .jsonl.gz, .html, .warc, "
				     ".warc.gz)");
		return TC_OK;
	}
	struct stat sb;
	if (stat(path, &sb) == 0)
		imp->done_bytes += (uint64_t)sb.st_size;
	imp->cur_bytes = 0;
	imp->st.files++;
	return st;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static tc_status import_dir(tc_importer *imp, const char *path, int depth, tc_err *err)
{
	if (depth > 64) {
		record_error(imp, path, 0, "directories nested too deep");
		return TC_OK;
	}
	DIR *d = opendir(path);
	if (!d) {
		record_unreadable(imp, path, strerror(errno));
		return TC_OK;
	}
	/* Sorted, so that imports are reproducible. */
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	tc_status st = TC_OK;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		st = TC_GROW(names, cap, n + 1, SIZE_MAX / sizeof *names);
		if (st != TC_OK)
			break;
		names[n] = strdup(e->d_name);
		if (!names[n]) {
			st = TC_ERR_NOMEM;
			break;
		}
		n++;
	}
	closedir(d);
	if (st == TC_OK)
		qsort(names, n, sizeof *names, cmp_names);
	for (size_t i = 0; i < n && st == TC_OK; i++) {
		char p[4096];
		int len = snprintf(p, sizeof p, "%s/%s", path, names[i]);
		if (len < 0 || (size_t)len >= sizeof p) {
			record_error(imp, path, 0, "path too long");
			continue;
		}
		struct stat sb;
		int fresh;
		if (stat(p, &sb) != 0 || !(S_ISDIR(sb.st_mode) || S_ISREG(sb.st_mode)))
			continue;
		if ((st = seen_add(&imp->seen, &sb, &fresh)) != TC_OK || !fresh)
			continue; /* a link back up the tree, or a second name */
		if (S_ISDIR(sb.st_mode))
			st = import_dir(imp, p, depth + 1, err);
		else
			st = import_file(imp, p, 0, err);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return st;
}

tc_status tc_importer_add_path(tc_importer *imp, const char *path, tc_err *err)
{
	struct stat sb;
	if (stat(path, &sb) != 0) {
		record_unreadable(imp, path, strerror(errno));
		return TC_OK;
	}
	int fresh;
	tc_status st = seen_add(&imp->seen, &sb, &fresh);
	if (st != TC_OK || !fresh)
		return st; /* named twice, or inside a directory already read */
	imp->root = path;
	imp->root_is_dir = S_ISDIR(sb.st_mode);
	st = imp->root_is_dir ? import_dir(imp, path, 0, err) : import_file(imp, path, 1, err);
	imp->root = NULL;
	return st;
}

tc_status tc_importer_finish(tc_importer *imp, tc_import_stats *stats, tc_err *err)
{
	tc_status st = commit(imp, err);
	imp->st.seconds = now() - imp->t0;
	if (imp->opts.progress && imp->drew) {
		draw_progress(imp, 1);
		fputc('\n', stderr);
	}
	*stats = imp->st;
	return st;
}
