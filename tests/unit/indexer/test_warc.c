/*
 * test_warc.c - WARC 1.1 archives (indexer/warc.h).
 *
 * Contract under test: what the writer writes (plain and gzip-per-record)
 * the reader gives back byte for byte, with the HTTP head rewritten for a
 * decoded body; every gzip member holds one record and the reported offset
 * points at it; a truncated or damaged file stops with an error naming the
 * byte offset after delivering every record before the damage; foreign
 * records (WARC/1.0, LF line ends, other record types, several records in
 * one gzip member) are read or skipped as documented; the writer refuses
 * what would break the format.  Scratch files live under TMPDIR (the build
 * tree under CTest).
 */
#include "unit_test.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "tc_buf.h"
#include "warc.h"
#include "tc_banned.h"

/* ---- helpers ------------------------------------------------------------ */

static char scratch[4096];

static int setup(void **state)
{
	(void)state;
	const char *tmp = getenv("TMPDIR");
	snprintf(scratch, sizeof scratch, "%s/test_warc_XXXXXX", tmp && *tmp ? tmp : "/tmp");
	return mkdtemp(scratch) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[4200];
	/* Only the directory made in setup, whose name mkdtemp chose. */
	snprintf(cmd, sizeof cmd, "rm -rf -- '%s'", scratch);
	return system(cmd) == 0 ? 0 : -1;
}

static void path_in(char *out, size_t cap, const char *name)
{
	snprintf(out, cap, "%s/%s", scratch, name);
}

static void slurp(const char *path, tc_buf *b)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	tc_buf_init(b, 256u << 20);
	char tmp[65536];
	size_t k;
	while ((k = fread(tmp, 1, sizeof tmp, f)) > 0)
		assert_int_equal(tc_buf_append(b, tmp, k), TC_OK);
	fclose(f);
}

/* gzip s[0..n) as one member, appended to out. */
static void gzip_append(tc_buf *out, const char *s, size_t n)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
	unsigned char buf[65536];
	z.next_in = (Bytef *)(uintptr_t)s;
	z.avail_in = (uInt)n;
	int rc;
	do {
		z.next_out = buf;
		z.avail_out = sizeof buf;
		rc = deflate(&z, Z_FINISH);
		assert_true(rc == Z_OK || rc == Z_STREAM_END);
		assert_int_equal(tc_buf_append(out, buf, sizeof buf - z.avail_out), TC_OK);
	} while (rc != Z_STREAM_END);
	deflateEnd(&z);
}

#define MAX_RESP 16

typedef struct resp {
	char uri[512], date[64], id[80], feed_date[16];
	int status;
	tc_buf head, body;
	uint64_t offset;
} resp;

typedef struct got {
	resp r[MAX_RESP];
	size_t n;
	size_t stop;
} got;

static int on_resp(void *ctx, const tc_warc_response *r)
{
	got *g = ctx;
	assert_non_null(r->target_uri);
	assert_non_null(r->date);
	assert_non_null(r->record_id);
	assert_true(r->status >= 100 && r->status <= 999);
	assert_true(r->head_len >= 5 && !memcmp(r->http_head, "HTTP/", 5));
	assert_ptr_equal(r->body, r->http_head + r->head_len);
	assert_int_equal(r->body[r->body_len], '\0');
	if (g->n < MAX_RESP) {
		resp *x = &g->r[g->n];
		snprintf(x->uri, sizeof x->uri, "%s", r->target_uri);
		snprintf(x->date, sizeof x->date, "%s", r->date);
		snprintf(x->id, sizeof x->id, "%s", r->record_id);
		assert_non_null(r->feed_date);
		snprintf(x->feed_date, sizeof x->feed_date, "%s", r->feed_date);
		x->status = r->status;
		x->offset = r->offset;
		tc_buf_init(&x->head, 1 << 20);
		tc_buf_init(&x->body, 64u << 20);
		assert_int_equal(tc_buf_append(&x->head, r->http_head, r->head_len), TC_OK);
		assert_int_equal(tc_buf_append(&x->body, r->body, r->body_len), TC_OK);
	}
	g->n++;
	return g->stop && g->n >= g->stop;
}

static void got_free(got *g)
{
	for (size_t i = 0; i < g->n && i < MAX_RESP; i++) {
		tc_buf_release(&g->r[i].head);
		tc_buf_release(&g->r[i].body);
	}
	memset(g, 0, sizeof *g);
}

static tc_status read_mem(const char *data, size_t n, got *g, tc_err *err)
{
	char *copy = unit_exact_copy(data, n);
	tc_status st = tc_warc_read_mem(copy, n, on_resp, g, err);
	free(copy);
	return st;
}

/* ---- the records written in the round trip ----------------------------- */

static const char binary_body[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\r\n\r\nWARC/1.1\r\n"
				  "Content-Length: 5\r\n\r\n\xff\xfe\0end";

typedef struct rec_in {
	const char *uri;
	const char *date; /* NULL: now */
	const char *feed_date; /* NULL: none */
	const char *head;
	const char *body;
	size_t body_len;
	int status;
} rec_in;

static const rec_in recs[] = {
	{"https://kinhtedothi.vn/ha-noi-mo-rong-duong-vanh-dai-4-123456.html",
	 "2024-03-01T01:02:03Z", "2024-02-29",
	 "HTTP/1.1 200 OK\r\n"
	 "Content-Type: text/html; charset=utf-8\r\n"
	 "Content-Encoding: gzip\r\n"
	 "Transfer-Encoding: chunked\r\n"
	 "content-length : 999\r\n"
	 "X-Folded: one\r\n two\r\n"
	 "\r\n",
	 "<html><head><title>Hà Nội</title></head><body><p>Đường Vành đai 4</p></body></html>",
	 0, 200},
	{"http://127.0.0.1:8080/logo.png?x=1&y=2", "2024-03-01T01:02:04.123456Z", NULL,
	 "HTTP/1.1 200 OK\nContent-Type: image/png\n", /* LF ends, no blank line */
	 binary_body, sizeof binary_body - 1, 200},
	{"https://hanoi.gov.vn/empty", NULL, "", "HTTP/2 204\r\n\r\n", "", 0, 204},
};

static size_t body_len_of(const rec_in *r)
{
	return r->body_len ? r->body_len : strlen(r->body);
}

static void write_archive(const char *path)
{
	tc_warc_writer *w = NULL;
	tc_err err = {{0}};
	assert_int_equal(tc_warc_open(path, &w, &err), TC_OK);
	assert_non_null(w);
	for (size_t i = 0; i < N_ROWS(recs); i++) {
		tc_status st = tc_warc_write_response(w, recs[i].uri, recs[i].date, recs[i].feed_date,
						      recs[i].head,
						      strlen(recs[i].head), recs[i].body,
						      body_len_of(&recs[i]), &err);
		if (st != TC_OK)
			fail_msg("record %zu: %s", i, err.msg);
	}
	assert_int_equal(tc_warc_close(w, &err), TC_OK);
}

static int is_record_id(const char *s)
{
	static const char shape[] = "<urn:uuid:xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx>";
	if (strlen(s) != strlen(shape))
		return 0;
	for (size_t i = 0; shape[i]; i++) {
		if (shape[i] == 'x' || shape[i] == 'y') {
			if (!strchr("0123456789abcdef", s[i]) || !s[i])
				return 0;
			if (shape[i] == 'y' && !strchr("89ab", s[i]))
				return 0;
		} else if (s[i] != shape[i]) {
			return 0;
		}
	}
	return 1;
}

static void check_round_trip(const got *g, const tc_buf *file, int gz)
{
	assert_int_equal(g->n, N_ROWS(recs));
	uint64_t last = 0;
	for (size_t i = 0; i < g->n; i++) {
		const resp *x = &g->r[i];
		const rec_in *in = &recs[i];
		assert_string_equal(x->uri, in->uri);
		if (in->date)
			assert_string_equal(x->date, in->date);
		else
			assert_int_equal(strlen(x->date), 20);
		assert_true(is_record_id(x->id));
		/* The feed's date comes back as it went in, "" when there was none. */
		assert_string_equal(x->feed_date, in->feed_date ? in->feed_date : "");
		assert_int_equal(x->status, in->status);
		assert_int_equal(x->body.len, body_len_of(in));
		assert_memory_equal(x->body.data ? x->body.data : "", in->body, body_len_of(in));
		/* The head: CRLF ends, the blank line, a true Content-Length. */
		const char *h = x->head.data;
		assert_true(x->head.len >= 4 && !memcmp(h + x->head.len - 4, "\r\n\r\n", 4));
		char cl[64];
		snprintf(cl, sizeof cl, "\r\nContent-Length: %zu\r\n", body_len_of(in));
		assert_non_null(strstr(h, cl));
		assert_true(x->offset > last);
		last = x->offset;
		/* The offset is where the record (or its gzip member) starts. */
		assert_true(x->offset + 10 < file->len);
		if (gz) {
			assert_int_equal((unsigned char)file->data[x->offset], 0x1f);
			assert_int_equal((unsigned char)file->data[x->offset + 1], 0x8b);
		} else {
			assert_memory_equal(file->data + x->offset, "WARC/1.1\r\n", 10);
		}
	}
	const char *h0 = g->r[0].head.data;
	assert_non_null(strstr(h0, "\r\nX-Crawler-Content-Encoding: gzip\r\n"));
	assert_non_null(strstr(h0, "\r\nX-Crawler-Transfer-Encoding: chunked\r\n"));
	assert_non_null(strstr(h0, "\r\nX-Crawler-content-length : 999\r\n"));
	assert_non_null(strstr(h0, "\r\nX-Folded: one\r\n two\r\n"));
	assert_null(strstr(h0, "\r\nContent-Encoding"));
	assert_memory_equal(g->r[1].head.data, "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n", 42);
}

/* ---- tests -------------------------------------------------------------- */

static void test_round_trip(void **state)
{
	(void)state;
	static const char *const names[] = {"plain.warc", "crawl.warc.gz"};
	for (size_t t = 0; t < N_ROWS(names); t++) {
		char path[4200];
		path_in(path, sizeof path, names[t]);
		write_archive(path);
		int gz = t == 1;
		tc_buf file;
		slurp(path, &file);
		if (gz) {
			assert_int_equal((unsigned char)file.data[0], 0x1f);
		} else {
			const char *head = "WARC/1.1\r\nWARC-Type: warcinfo\r\n";
			assert_memory_equal(file.data, head, strlen(head));
			assert_non_null(strstr(file.data, "software: tracuu/"));
			assert_non_null(strstr(file.data, "WARC-Filename: plain.warc\r\n"));
			assert_non_null(strstr(file.data, "Content-Type: application/http;msgtype=response"));
			assert_non_null(strstr(file.data, "WARC-Warcinfo-ID: <urn:uuid:"));
		}

		/* From the file and from memory: the same records. */
		got g = {0};
		tc_err err = {{0}};
		assert_int_equal(tc_warc_read(path, on_resp, &g, &err), TC_OK);
		check_round_trip(&g, &file, gz);
		got_free(&g);
		assert_int_equal(read_mem(file.data, file.len, &g, &err), TC_OK);
		check_round_trip(&g, &file, gz);

		/* Every record is readable on its own from its offset. */
		for (size_t i = 0; i < N_ROWS(recs); i++) {
			got one = {0};
			one.stop = 1;
			uint64_t off = g.r[i].offset;
			assert_int_equal(read_mem(file.data + off, file.len - off, &one, &err), TC_OK);
			assert_int_equal(one.n, 1);
			assert_string_equal(one.r[0].uri, recs[i].uri);
			got_free(&one);
		}
		got_free(&g);

		/* An archive is never overwritten. */
		tc_warc_writer *w = (tc_warc_writer *)(uintptr_t)1;
		assert_int_equal(tc_warc_open(path, &w, &err), TC_ERR_IO);
		assert_null(w);
		assert_non_null(strstr(err.msg, path));
		tc_buf_release(&file);
	}
}

static void test_callback_stops(void **state)
{
	(void)state;
	char path[4200];
	path_in(path, sizeof path, "stop.warc.gz");
	write_archive(path);
	got g = {0};
	g.stop = 2;
	tc_err err = {{0}};
	assert_int_equal(tc_warc_read(path, on_resp, &g, &err), TC_OK);
	assert_int_equal(g.n, 2);
	got_free(&g);
}

/* Cut the archive at many points: the read never crashes, delivers a prefix
 * of the records and fails (with an offset) unless the cut falls between
 * records. */
static void test_truncated(void **state)
{
	(void)state;
	static const char *const names[] = {"cut.warc", "cut.warc.gz"};
	for (size_t t = 0; t < N_ROWS(names); t++) {
		char path[4200];
		path_in(path, sizeof path, names[t]);
		write_archive(path);
		tc_buf file;
		slurp(path, &file);
		got full = {0};
		tc_err err = {{0}};
		assert_int_equal(read_mem(file.data, file.len, &full, &err), TC_OK);
		int clean_cuts = 0;
		for (size_t cut = 0; cut < file.len; cut += 1 + cut / 50) {
			got g = {0};
			err.msg[0] = '\0';
			tc_status st = read_mem(file.data, cut, &g, &err);
			assert_true(st == TC_OK || st == TC_ERR_INVALID);
			assert_true(g.n <= full.n);
			for (size_t i = 0; i < g.n; i++)
				assert_int_equal(g.r[i].offset, full.r[i].offset);
			if (st == TC_OK)
				clean_cuts++;
			else
				assert_non_null(strstr(err.msg, "byte offset"));
			got_free(&g);
		}
		assert_true(clean_cuts >= 1); /* cut 0: an empty file */

		/* Cut inside the last record's body: the first two arrive, and the
		 * message names where the broken record starts. */
		uint64_t last = full.r[2].offset;
		got g = {0};
		size_t cut = t == 0 ? file.len - 8 : file.len - 3;
		tc_status st = read_mem(file.data, cut, &g, &err);
		assert_int_equal(st, TC_ERR_INVALID);
		assert_int_equal(g.n, 2);
		char want[64];
		snprintf(want, sizeof want, "byte offset %llu", (unsigned long long)last);
		if (strstr(err.msg, want) == NULL)
			fail_msg("\"%s\" does not name %s", err.msg, want);
		if (t == 1)
			assert_non_null(strstr(err.msg, "gzip member"));
		else
			assert_non_null(strstr(err.msg, "truncated"));
		got_free(&g);

		/* The same through a file. */
		char cpath[4300];
		snprintf(cpath, sizeof cpath, "%s.cut", path);
		FILE *f = fopen(cpath, "wb");
		assert_non_null(f);
		assert_int_equal(fwrite(file.data, 1, cut, f), cut);
		fclose(f);
		assert_int_equal(tc_warc_read(cpath, on_resp, &g, &err), TC_ERR_INVALID);
		assert_int_equal(g.n, 2);
		assert_non_null(strstr(err.msg, want));
		got_free(&g);
		got_free(&full);
		tc_buf_release(&file);
	}
}

/* Hand-made archives, plain. */
#define REC(hdr, block) "WARC/1.1\r\n" hdr "\r\n" block "\r\n\r\n"
#define HTTP_OK "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>x</p>"

typedef struct garbage_row {
	const char *name;
	const char *data;
	size_t len; /* 0: strlen */
	tc_status want;
	size_t want_n;
	const char *want_msg; /* substring of the message, or NULL */
} garbage_row;

static const garbage_row garbage_rows[] = {
	{"empty", "", 0, TC_OK, 0, NULL},
	{"only blank lines", "\r\n\r\n\n", 0, TC_OK, 0, NULL},
	{"text", "hello world, not an archive\r\n\r\n", 0, TC_ERR_INVALID, 0, "no WARC version"},
	{"html", "<html><body>x</body></html>", 0, TC_ERR_INVALID, 0, "byte offset 0"},
	{"WARC/2.0",
	 "WARC/2.0\r\nWARC-Type: response\r\nContent-Length: 0\r\n\r\n\r\n\r\n", 0,
	 TC_ERR_INVALID, 0, "unsupported WARC version"},
	{"no Content-Length", "WARC/1.1\r\nWARC-Type: response\r\n\r\n\r\n\r\n", 0,
	 TC_ERR_INVALID, 0, "no Content-Length"},
	{"no WARC-Type", "WARC/1.1\r\nContent-Length: 0\r\n\r\n\r\n\r\n", 0, TC_ERR_INVALID, 0,
	 "no WARC-Type"},
	{"bad Content-Length", "WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 1x\r\n\r\n", 0,
	 TC_ERR_INVALID, 0, "malformed Content-Length"},
	{"negative Content-Length", "WARC/1.1\r\nWARC-Type: response\r\nContent-Length: -1\r\n\r\n",
	 0, TC_ERR_INVALID, 0, "malformed Content-Length"},
	{"Content-Length over the cap",
	 "WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 99999999999999999999999\r\n\r\n", 0,
	 TC_ERR_TOO_BIG, 0, "cap"},
	{"header line without colon", "WARC/1.1\r\nWARC-Type response\r\nContent-Length: 0\r\n\r\n",
	 0, TC_ERR_INVALID, 0, "malformed header line"},
	{"header never ends", "WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 0\r\n", 0,
	 TC_ERR_INVALID, 0, "truncated in its header"},
	{"NUL in the header", "WARC/1.1\r\nWARC-Type: resp\0nse\r\nContent-Length: 0\r\n\r\n", 52,
	 TC_ERR_INVALID, 0, "control character"},
	{"bare CR in a header value",
	 "WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: http://a.vn/\rX\r\n"
	 "Content-Length: 0\r\n\r\n", 0, TC_ERR_INVALID, 0, "control character"},
	{"block shorter than Content-Length",
	 "WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 100\r\n\r\nHTTP/1.1 200 OK\r\n\r\n", 0,
	 TC_ERR_INVALID, 0, "truncated: Content-Length 100"},
	{"one good record",
	 REC("WARC-Type: response\r\nWARC-Target-URI: https://a.vn/\r\n"
	     "Content-Type: application/http; msgtype=response\r\nContent-Length: 52\r\n",
	     HTTP_OK), 0, TC_OK, 1, NULL},
	{"good record, then garbage",
	 REC("WARC-Type: response\r\nContent-Length: 52\r\n", HTTP_OK) "garbage", 0,
	 TC_ERR_INVALID, 1, "byte offset 109"},
	{"WARC/1.0, <uri>, LF line ends, missing trailer",
	 "WARC/1.0\nWARC-Type: response\nWARC-Target-URI: <http://a.vn/x>\nContent-Length: 52\n\n"
	 HTTP_OK
	 "WARC/1.0\nWARC-Type: response\nContent-Length: 52\n\n" HTTP_OK, 0, TC_OK, 2, NULL},
	{"other record types are skipped",
	 REC("WARC-Type: warcinfo\r\nContent-Length: 8\r\n", "a: b\r\n\r\n")
	 REC("WARC-Type: request\r\nContent-Type: application/http;msgtype=request\r\n"
	     "Content-Length: 18\r\n", "GET / HTTP/1.1\r\n\r\n")
	 REC("WARC-Type: metadata\r\nContent-Length: 0\r\n", "")
	 REC("WARC-Type: resource\r\nContent-Length: 52\r\n", HTTP_OK)
	 REC("WARC-Type: response\r\nContent-Type: text/dns\r\nContent-Length: 52\r\n", HTTP_OK)
	 REC("WARC-Type: response\r\nContent-Length: 52\r\n", HTTP_OK), 0, TC_OK, 1, NULL},
	{"response that is not HTTP is skipped",
	 REC("WARC-Type: response\r\nContent-Length: 10\r\n", "not http!!")
	 REC("WARC-Type: response\r\nContent-Length: 20\r\n", "HTTP/1.1 2000 OK\r\n\r\n")
	 REC("WARC-Type: response\r\nContent-Length: 17\r\n", "HTTP/1.1 200 OK\r\n"), 0, TC_OK, 0,
	 NULL},
	{"gzip magic, then garbage", "\x1f\x8b\x08\x00garbagegarbage", 18, TC_ERR_INVALID, 0,
	 "gzip member at byte offset 0"},
	{"gzip magic only", "\x1f\x8b", 0, TC_ERR_INVALID, 0, "gzip member at byte offset 0"},
};

static void test_garbage(void **state)
{
	(void)state;
	int nfail = 0;
	for (size_t r = 0; r < N_ROWS(garbage_rows); r++) {
		const garbage_row *row = &garbage_rows[r];
		size_t n = row->len ? row->len : strlen(row->data);
		got g = {0};
		tc_err err = {{0}};
		tc_status st = read_mem(row->data, n, &g, &err);
		if (st != row->want)
			ROW_FAIL(nfail, row->name, "status %d, want %d (%s)", st, row->want, err.msg);
		if (g.n != row->want_n)
			ROW_FAIL(nfail, row->name, "%zu responses, want %zu", g.n, row->want_n);
		if (row->want_msg && !strstr(err.msg, row->want_msg))
			ROW_FAIL(nfail, row->name, "message \"%s\" lacks \"%s\"", err.msg,
				 row->want_msg);
		if (!strcmp(row->name, "WARC/1.0, <uri>, LF line ends, missing trailer") && g.n &&
		    strcmp(g.r[0].uri, "http://a.vn/x"))
			ROW_FAIL(nfail, row->name, "uri \"%s\"", g.r[0].uri);
		got_free(&g);
	}
	ROWS_DONE(nfail, N_ROWS(garbage_rows));
}

static void test_header_cap(void **state)
{
	(void)state;
	tc_buf b;
	tc_buf_init(&b, 1 << 20);
	assert_int_equal(tc_buf_append_str(&b, "WARC/1.1\r\nWARC-Type: response\r\n"), TC_OK);
	while (b.len <= TC_WARC_MAX_HEADER)
		assert_int_equal(tc_buf_append_str(&b, "X-Padding: aaaaaaaaaaaaaaaaaaaaaaaa\r\n"), TC_OK);
	assert_int_equal(tc_buf_append_str(&b, "Content-Length: 0\r\n\r\n\r\n\r\n"), TC_OK);
	got g = {0};
	tc_err err = {{0}};
	assert_int_equal(read_mem(b.data, b.len, &g, &err), TC_ERR_TOO_BIG);
	assert_non_null(strstr(err.msg, "header longer"));
	tc_buf_release(&b);
}

/* Foreign .warc.gz layouts: two records in one member, an empty member,
 * and a plain file gzipped whole. */
static void test_gzip_layouts(void **state)
{
	(void)state;
	const char two[] = REC("WARC-Type: response\r\nContent-Length: 52\r\n", HTTP_OK)
		REC("WARC-Type: response\r\nContent-Length: 52\r\n", HTTP_OK);
	const char one[] = REC("WARC-Type: response\r\nWARC-Target-URI: https://b.vn/\r\n"
			       "Content-Length: 52\r\n", HTTP_OK);
	tc_buf b;
	tc_buf_init(&b, 1 << 20);
	gzip_append(&b, two, strlen(two));
	size_t second = b.len;
	gzip_append(&b, "", 0);
	size_t third = b.len;
	gzip_append(&b, one, strlen(one));
	got g = {0};
	tc_err err = {{0}};
	assert_int_equal(read_mem(b.data, b.len, &g, &err), TC_OK);
	assert_int_equal(g.n, 3);
	assert_int_equal(g.r[0].offset, 0);
	assert_int_equal(g.r[1].offset, 0); /* same member */
	assert_int_equal(g.r[2].offset, third);
	assert_true(third > second);
	assert_string_equal(g.r[2].uri, "https://b.vn/");
	got_free(&g);

	/* A corrupt byte in the last member's deflate data. */
	b.data[third + 15] ^= 0x55;
	tc_status st = read_mem(b.data, b.len, &g, &err);
	assert_int_equal(st, TC_ERR_INVALID);
	assert_int_equal(g.n, 2);
	got_free(&g);

	/* Damage found at the end of a member that holds several records
	 * (inflate checks the CRC only there): the records before the last
	 * one of the member are delivered, then the read fails; the last one,
	 * which the damage may have reached, is not. */
	tc_buf_reset(&b);
	gzip_append(&b, two, strlen(two));
	b.data[b.len - 8] ^= 0x01; /* the CRC */
	st = read_mem(b.data, b.len, &g, &err);
	assert_int_equal(st, TC_ERR_INVALID);
	assert_non_null(strstr(err.msg, "incorrect data check"));
	assert_int_equal(g.n, 1);
	got_free(&g);
	b.data[b.len - 8] ^= 0x01;
	b.len -= 8; /* no trailer: the file was cut after the last record */
	st = read_mem(b.data, b.len, &g, &err);
	assert_int_equal(st, TC_ERR_INVALID);
	assert_non_null(strstr(err.msg, "truncated"));
	assert_int_equal(g.n, 1);
	got_free(&g);
	tc_buf_release(&b);
}

static void test_writer_refuses(void **state)
{
	(void)state;
	char path[4200];
	path_in(path, sizeof path, "refuse.warc.gz");
	tc_warc_writer *w = NULL;
	tc_err err = {{0}};
	assert_int_equal(tc_warc_open(path, &w, &err), TC_OK);
	static const char head[] = "HTTP/1.1 200 OK\r\n\r\n";
	static const struct {
		const char *name, *uri, *date, *feed_date, *head;
		size_t body_len;
		tc_status want;
	} rows[] = {
		{"space in URI", "https://a.vn/a b", NULL, NULL, head, 0, TC_ERR_INVALID},
		{"CRLF in URI", "https://a.vn/\r\nWARC-Type: x", NULL, NULL, head, 0, TC_ERR_INVALID},
		{"empty URI", "", NULL, NULL, head, 0, TC_ERR_INVALID},
		{"date with offset", "https://a.vn/", "2024-03-01T01:02:03+07:00", NULL, head, 0,
		 TC_ERR_INVALID},
		{"date without Z", "https://a.vn/", "2024-03-01T01:02:03", NULL, head, 0,
		 TC_ERR_INVALID},
		{"date month 13", "https://a.vn/", "2024-13-01T01:02:03Z", NULL, head, 0,
		 TC_ERR_INVALID},
		{"date with CRLF", "https://a.vn/", "2024-03-01T01:02:03Z\r\nX: y", NULL, head, 0,
		 TC_ERR_INVALID},
		{"feed date with CRLF", "https://a.vn/", NULL, "2024-03-01\r\nX: y", head, 0,
		 TC_ERR_INVALID},
		{"feed date not a day", "https://a.vn/", NULL, "2024-02-30", head, 0, TC_ERR_INVALID},
		{"feed date with a time", "https://a.vn/", NULL, "2024-03-01T00:00:00Z", head, 0,
		 TC_ERR_INVALID},
		{"head not HTTP", "https://a.vn/", NULL, NULL, "<html>", 0, TC_ERR_INVALID},
		{"body over the cap", "https://a.vn/", NULL, NULL, head, TC_WARC_MAX_RECORD + 1,
		 TC_ERR_TOO_BIG},
		{"fine", "https://a.vn/ok", "2024-03-01T01:02:03Z", "", head, 0, TC_OK},
	};
	int nfail = 0;
	for (size_t r = 0; r < N_ROWS(rows); r++) {
		/* The body is never read when the record is refused. */
		tc_status st = tc_warc_write_response(w, rows[r].uri, rows[r].date, rows[r].feed_date,
						      rows[r].head,
						      strlen(rows[r].head), "", rows[r].body_len,
						      &err);
		if (st != rows[r].want)
			ROW_FAIL(nfail, rows[r].name, "status %d, want %d (%s)", st, rows[r].want,
				 err.msg);
	}
	assert_int_equal(tc_warc_write_response(NULL, "https://a.vn/", NULL, NULL, head, 4, "", 0,
						&err),
			 TC_ERR_USAGE);
	assert_int_equal(tc_warc_close(w, &err), TC_OK);
	assert_int_equal(tc_warc_close(NULL, &err), TC_OK);
	ROWS_DONE(nfail, N_ROWS(rows));

	/* Refused records left nothing behind: one response in the file. */
	got g = {0};
	assert_int_equal(tc_warc_read(path, on_resp, &g, &err), TC_OK);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.r[0].uri, "https://a.vn/ok");
	got_free(&g);

	assert_int_equal(tc_warc_open(NULL, &w, &err), TC_ERR_USAGE);
	char bad[4300];
	snprintf(bad, sizeof bad, "%s/no/such/dir/x.warc", scratch);
	assert_int_equal(tc_warc_open(bad, &w, &err), TC_ERR_IO);
	assert_null(w);
	assert_int_equal(tc_warc_read(bad, on_resp, &g, &err), TC_ERR_IO);
	assert_int_equal(tc_warc_read(NULL, on_resp, &g, &err), TC_ERR_USAGE);
	assert_int_equal(tc_warc_read_mem(NULL, 1, on_resp, &g, &err), TC_ERR_USAGE);
	assert_int_equal(tc_warc_read_mem(NULL, 0, on_resp, &g, &err), TC_OK);
}

/* A large body (4 MiB of incompressible bytes) crosses every buffer. */
static void test_large_body(void **state)
{
	(void)state;
	char path[4200];
	path_in(path, sizeof path, "large.warc.gz");
	size_t n = 4u << 20;
	char *body = malloc(n);
	assert_non_null(body);
	uint32_t x = 2463534242u;
	for (size_t i = 0; i < n; i++) {
		x ^= x << 13, x ^= x >> 17, x ^= x << 5;
		body[i] = (char)(x & 0xff);
	}
	tc_warc_writer *w = NULL;
	tc_err err = {{0}};
	assert_int_equal(tc_warc_open(path, &w, &err), TC_OK);
	for (int i = 0; i < 2; i++)
		assert_int_equal(tc_warc_write_response(w, "https://a.vn/big", NULL, NULL,
							 "HTTP/1.1 200 OK\r\n", 17, body, n, &err),
				 TC_OK);
	assert_int_equal(tc_warc_close(w, &err), TC_OK);
	got g = {0};
	assert_int_equal(tc_warc_read(path, on_resp, &g, &err), TC_OK);
	assert_int_equal(g.n, 2);
	for (size_t i = 0; i < 2; i++) {
		assert_int_equal(g.r[i].body.len, n);
		assert_memory_equal(g.r[i].body.data, body, n);
	}
	got_free(&g);
	free(body);
}

static void test_http_header(void **state)
{
	(void)state;
	static const char head[] = "HTTP/1.1 200 OK\r\n"
				   "Content-Type: text/html; charset=windows-1258\r\n"
				   "X-Long:   a\r\n"
				   "\t b  \r\n"
				   "Empty:\r\n"
				   "content-type: second\r\n"
				   "\r\n"
				   "Body-Header: no\r\n";
	static const struct {
		const char *name;
		size_t cap;
		int want;
		const char *value;
	} rows[] = {
		{"Content-Type", 64, 1, "text/html; charset=windows-1258"},
		{"CONTENT-TYPE", 64, 1, "text/html; charset=windows-1258"},
		{"X-Long", 64, 1, "a b"},
		{"Empty", 64, 1, ""},
		{"Missing", 64, 0, ""},
		{"Body-Header", 64, 0, ""},
		{"HTTP/1.1 200 OK", 64, 0, ""},
		{"Content-Type", 10, 0, ""},
		{"Content", 64, 0, ""},
	};
	int nfail = 0;
	for (size_t r = 0; r < N_ROWS(rows); r++) {
		char out[64];
		memset(out, 'z', sizeof out);
		int got_it = tc_warc_http_header(head, sizeof head - 1, rows[r].name, out, rows[r].cap);
		if (got_it != rows[r].want || strcmp(out, rows[r].value))
			ROW_FAIL(nfail, rows[r].name, "%d \"%s\", want %d \"%s\"", got_it, out,
				 rows[r].want, rows[r].value);
	}
	ROWS_DONE(nfail, N_ROWS(rows));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_callback_stops),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_header_cap),
		cmocka_unit_test(test_gzip_layouts),
		cmocka_unit_test(test_writer_refuses),
		cmocka_unit_test(test_large_body),
		cmocka_unit_test(test_http_header),
	};
	return cmocka_run_group_tests_name("warc", tests, setup, teardown);
}
