/*
 * test_tc_schema.c - id terms, dates and the stored-fields record
 * (common/tc_schema.h, docs/SCHEMA.md).
 */
#include "unit_test.h"

#include <stdio.h>

#include "tc_buf.h"
#include "tc_schema.h"
#include "tc_banned.h"

/* ---- id terms ---------------------------------------------------------- */

typedef struct id_row {
	const char *name;
	const char *url;
	const char *want;
} id_row;

static const id_row id_rows[] = {
	{"plain url", "https://baochinhphu.vn/tin-a.htm", "Qhttps://baochinhphu.vn/tin-a.htm"},
	{"empty", "", "Q"},
	{"query string", "http://x.gov.vn/p?id=35&l=vi", "Qhttp://x.gov.vn/p?id=35&l=vi"},
	{"utf-8 path", "https://x.vn/đường-phố", "Qhttps://x.vn/đường-phố"},
};

static void test_id_term_short(void **state)
{
	(void)state;
	int nfail = 0;
	for (size_t r = 0; r < N_ROWS(id_rows); r++) {
		const id_row *row = &id_rows[r];
		size_t n = strlen(row->url);
		char *url = unit_exact_copy(row->url, n);
		char term[TC_TERM_MAX + 1];
		size_t len = tc_schema_id_term(url, n, term);
		if (len != strlen(row->want) || strcmp(term, row->want) != 0)
			ROW_FAIL(nfail, row->name, "\"%s\" (%zu), want \"%s\"", term, len, row->want);
		free(url);
	}
	ROWS_DONE(nfail, N_ROWS(id_rows));
}

/* FNV-1a 64, the hash docs/SCHEMA.md names for long URLs. */
static uint64_t fnv1a64(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* Does s[0..n) consist of whole UTF-8 sequences? */
static int whole_utf8(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		size_t len = s[i] < 0x80 ? 1 : s[i] >= 0xF0 ? 4 : s[i] >= 0xE0 ? 3 : s[i] >= 0xC0 ? 2 : 0;
		if (len == 0 || i + len > n)
			return 0;
		for (size_t k = 1; k < len; k++)
			if ((s[i + k] & 0xC0) != 0x80)
				return 0;
		i += len;
	}
	return 1;
}

/* Long URLs: built as head + `mb` (a multibyte letter placed at byte `at`) + tail. */
typedef struct long_row {
	const char *name;
	size_t total;    /* length of the URL in bytes */
	size_t at;       /* where the multibyte letter starts (or SIZE_MAX: none) */
	const char *mb;
	int hashed;      /* expect the prefix + '#' + hash form */
} long_row;

/* The hashed form keeps TC_TERM_MAX - 1 - 17 = 222 URL bytes at most. */
static const long_row long_rows[] = {
	{"239 bytes: fits whole", 239, SIZE_MAX, NULL, 0},
	{"240 bytes: hashed", 240, SIZE_MAX, NULL, 1},
	{"2000 bytes: hashed", 2000, SIZE_MAX, NULL, 1},
	{"2-byte letter across the cut", 500, 221, "đ", 1},
	{"2-byte letter ending at the cut", 500, 220, "đ", 1},
	{"3-byte letter across the cut (1 kept)", 500, 221, "ộ", 1},
	{"3-byte letter across the cut (2 kept)", 500, 220, "ộ", 1},
	{"4-byte char across the cut", 500, 220, "\xF0\x9F\x93\xB0", 1},
	{"3-byte letter starting at the cut", 500, 222, "ộ", 1},
	{"multibyte in a URL that fits", 239, 230, "ộ", 0},
};

static char *make_long_url(const long_row *row)
{
	char *u = malloc(row->total);
	assert_non_null(u);
	for (size_t i = 0; i < row->total; i++)
		u[i] = (char)('a' + (i * 7) % 26);
	memcpy(u, "https://x.vn/", 13);
	if (row->mb)
		memcpy(u + row->at, row->mb, strlen(row->mb));
	return u;
}

static void test_id_term_long(void **state)
{
	(void)state;
	int nfail = 0;
	for (size_t r = 0; r < N_ROWS(long_rows); r++) {
		const long_row *row = &long_rows[r];
		char *url = make_long_url(row);
		char term[TC_TERM_MAX + 1];
		memset(term, 0x55, sizeof term);
		size_t len = tc_schema_id_term(url, row->total, term);
		if (len > TC_TERM_MAX || term[len] != '\0' || strlen(term) != len) {
			ROW_FAIL(nfail, row->name, "length %zu not a term of at most %d bytes", len,
				 TC_TERM_MAX);
			free(url);
			continue;
		}
		if (term[0] != 'Q')
			ROW_FAIL(nfail, row->name, "no Q prefix");
		if (!row->hashed) {
			if (len != row->total + 1 || memcmp(term + 1, url, row->total) != 0)
				ROW_FAIL(nfail, row->name, "URL not kept whole");
			free(url);
			continue;
		}
		/* Q + kept URL prefix + '#' + 16 lower-case hex digits. */
		size_t kept = len - 1 - 17;
		char want_hash[18];
		snprintf(want_hash, sizeof want_hash, "#%016llx",
			 (unsigned long long)fnv1a64(url, row->total));
		if (len < 18 || strcmp(term + len - 17, want_hash) != 0)
			ROW_FAIL(nfail, row->name, "hash part \"%s\", want \"%s\"",
				 len >= 17 ? term + len - 17 : term, want_hash);
		if (memcmp(term + 1, url, kept) != 0)
			ROW_FAIL(nfail, row->name, "kept part is not the URL's prefix");
		if (!whole_utf8((const unsigned char *)term + 1, kept))
			ROW_FAIL(nfail, row->name, "kept part cuts a UTF-8 sequence (%zu bytes)", kept);
		/* Nothing more was cut than the partial sequence. */
		size_t want_kept = 222;
		if (row->mb && row->at < 222 && row->at + strlen(row->mb) > 222)
			want_kept = row->at;
		if (kept != want_kept)
			ROW_FAIL(nfail, row->name, "kept %zu URL bytes, want %zu", kept, want_kept);
		free(url);
	}
	ROWS_DONE(nfail, N_ROWS(long_rows));
}

/* Two long URLs that differ only past the kept prefix get different terms;
 * the same URL always gets the same term. */
static void test_id_term_long_distinct(void **state)
{
	(void)state;
	long_row row = {"", 600, SIZE_MAX, NULL, 1};
	char *a = make_long_url(&row);
	char *b = make_long_url(&row);
	b[599] = (char)(b[599] == 'z' ? 'y' : 'z');
	char ta[TC_TERM_MAX + 1], ta2[TC_TERM_MAX + 1], tb[TC_TERM_MAX + 1];
	size_t la = tc_schema_id_term(a, 600, ta);
	size_t la2 = tc_schema_id_term(a, 600, ta2);
	size_t lb = tc_schema_id_term(b, 600, tb);
	assert_int_equal(la, la2);
	assert_string_equal(ta, ta2);
	assert_int_equal(la, lb);
	assert_string_not_equal(ta, tb);
	free(a);
	free(b);
}

/* ---- dates ------------------------------------------------------------- */

typedef struct date_row {
	const char *in;
	int ok;
	const char *ymd;
} date_row;

static const date_row date_rows[] = {
	{"2020-06-09", 1, "20200609"},
	{"2019-05-30", 1, "20190530"},
	{"1999-12-31", 1, "19991231"},
	{"2020-01-01", 1, "20200101"},
	{"2020-6-9", 0, NULL},
	{"2020/06/09", 0, NULL},
	{"09-06-2020", 0, NULL},
	{"20200609", 0, NULL},
	{"2020-06-09 ", 0, NULL},
	{"2020-06-09T10:00", 0, NULL},
	{"", 0, NULL},
	{"2020-13-01", 0, NULL},
	{"2020-00-10", 0, NULL},
	{"2020-06-00", 0, NULL},
	{"2020-06-32", 0, NULL},
	{"2020-06-0a", 0, NULL},
	{"20a0-06-09", 0, NULL},
	{" 2020-06-9", 0, NULL},
	{"2020-\xC3\xA1-9", 0, NULL}, /* 10 bytes with a letter where digits go */
	{"+020-06-09", 0, NULL},
};

/* tc_schema_term: prefix + text, whole or not at all (never cut, never
 * empty: an empty term is Xapian's match-all). */
typedef struct term_row {
	const char *name;
	const char *prefix;
	size_t n;          /* bytes of 'a' after the prefix */
	size_t want;       /* 0: cannot be built */
} term_row;

static const term_row term_rows[] = {
	{"a host", TC_PREFIX_HOST, 12, 13},
	{"the longest that fits", TC_PREFIX_HOST, TC_TERM_MAX - 1, TC_TERM_MAX},
	{"one byte too long", TC_PREFIX_HOST, TC_TERM_MAX, 0},
	{"far too long", TC_PREFIX_HOST, 5000, 0},
	{"empty after the prefix", TC_PREFIX_HOST, 0, 0},
	{"no prefix, longest", "", TC_TERM_MAX, TC_TERM_MAX},
	{"no prefix, too long", "", TC_TERM_MAX + 1, 0},
};

static void test_term(void **state)
{
	(void)state;
	int nfail = 0;
	for (size_t i = 0; i < N_ROWS(term_rows); i++) {
		const term_row *r = &term_rows[i];
		char *s = malloc(r->n ? r->n : 1);
		assert_non_null(s);
		memset(s, 'a', r->n);
		char t[TC_TERM_MAX + 1];
		memset(t, 'x', sizeof t);
		size_t len = tc_schema_term(r->prefix, s, r->n, t);
		size_t pl = strlen(r->prefix);
		if (len != r->want)
			ROW_FAIL(nfail, r->name, "length %zu, want %zu", len, r->want);
		else if (len && (strlen(t) != len || memcmp(t, r->prefix, pl) != 0 ||
				 strspn(t + pl, "a") != r->n))
			ROW_FAIL(nfail, r->name, "term '%.20s...' is not prefix + text", t);
		else if (!len && t[0] != '\0')
			ROW_FAIL(nfail, r->name, "out not emptied");
		free(s);
	}
	ROWS_DONE(nfail, N_ROWS(term_rows));
}

static void test_date(void **state)
{
	(void)state;
	int nfail = 0;
	for (size_t r = 0; r < N_ROWS(date_rows); r++) {
		const date_row *row = &date_rows[r];
		size_t n = strlen(row->in);
		char *s = unit_exact_copy(row->in, n);
		char ymd[9];
		memset(ymd, 'x', sizeof ymd);
		int ok = tc_schema_date(s, n, ymd);
		if (ok != row->ok)
			ROW_FAIL(nfail, row->in, "returned %d, want %d", ok, row->ok);
		else if (ok && memcmp(ymd, row->ymd, 9) != 0)
			ROW_FAIL(nfail, row->in, "ymd \"%.8s\", want \"%s\"", ymd, row->ymd);
		else if (!ok && ymd[0] != 'x')
			ROW_FAIL(nfail, row->in, "ymd written for an invalid date");
		free(s);
	}
	ROWS_DONE(nfail, N_ROWS(date_rows));
}

/* The header promises "a valid YYYY-MM-DD date": days that no month has
 * are not valid dates.  (Fails today: only 1..31 is checked.) */
static void test_date_calendar(void **state)
{
	(void)state;
	static const date_row rows[] = {
		{"2020-02-29", 1, "20200229"}, /* leap year */
		{"2000-02-29", 1, "20000229"},
		{"2021-02-29", 0, NULL},
		{"1900-02-29", 0, NULL},
		{"2020-02-30", 0, NULL},
		{"2020-04-31", 0, NULL},
		{"2020-06-31", 0, NULL},
		{"2020-09-31", 0, NULL},
		{"2020-11-31", 0, NULL},
	};
	int nfail = 0;
	for (size_t r = 0; r < N_ROWS(rows); r++) {
		char ymd[9];
		int ok = tc_schema_date(rows[r].in, strlen(rows[r].in), ymd);
		if (ok != rows[r].ok)
			ROW_FAIL(nfail, rows[r].in, "returned %d, want %d", ok, rows[r].ok);
	}
	ROWS_DONE(nfail, N_ROWS(rows));
}

/* ---- hosts and categories (one builder for the index and the filters) ---- */

static void test_host(void **state)
{
	(void)state;
	static const struct {
		const char *in, *want; /* want "": refused */
	} rows[] = {
		{"hanoi.example.vn", "hanoi.example.vn"},
		{"HANOI.example.vn.", "hanoi.example.vn"},
		{"hanoi.example.vn:443", "hanoi.example.vn"},
		{"hanoi.example.vn:8080", "hanoi.example.vn"},
		{"https://Hanoi.Example.vn:8443/tin?a=1", "hanoi.example.vn"},
		{"HTTP://hanoi.example.vn.", "hanoi.example.vn"},
		{"localhost", "localhost"},
		{"127.0.0.1:8080", "127.0.0.1"},
		{"hanoi.example.vn/tin", ""},
		{"hanoi.example.vn:", ""},
		{"hanoi.example.vn:http", ""},
		{":443", ""},
		{".example.vn", ""},
		{"-x.vn", ""},
		{".", ""},
		{"", ""},
		{"https://", ""},
		{"hà-nội.vn", ""},
		{"a b.vn", ""},
	};
	int nfail = 0;
	for (size_t r = 0; r < N_ROWS(rows); r++) {
		size_t n = strlen(rows[r].in);
		char *s = unit_exact_copy(rows[r].in, n);
		char out[TC_SCHEMA_HOST_MAX + 1];
		size_t len = tc_schema_host(s, n, out);
		if (len != strlen(rows[r].want) || strcmp(out, rows[r].want))
			ROW_FAIL(nfail, rows[r].in, "\"%s\" (%zu), want \"%s\"", out, len, rows[r].want);
		free(s);
	}
	/* 253 bytes is a host; 254 is not. */
	char big[256];
	memset(big, 'a', sizeof big);
	char out[TC_SCHEMA_HOST_MAX + 1];
	if (tc_schema_host(big, 253, out) != 253 || tc_schema_host(big, 254, out) != 0)
		ROW_FAIL(nfail, "253/254 bytes", "cap not at 253");
	ROWS_DONE(nfail, N_ROWS(rows) + 1);
}

static void test_host_and_category_terms(void **state)
{
	(void)state;
	int nfail = 0;
	char t[TC_TERM_MAX + 1];
	if (tc_schema_host_term("hanoi.example.vn", 16, t) != 17 || strcmp(t, "Hhanoi.example.vn"))
		ROW_FAIL(nfail, "host term", "\"%s\"", t);
	static const struct {
		const char *in, *want;
	} rows[] = {
		{"Xã hội", "Kxã hội"},
		{"xã hội", "Kxã hội"},
		{"SPORT", "Ksport"},
		{"Thể Thao", "Kthể thao"},
		{"", ""},
	};
	for (size_t r = 0; r < N_ROWS(rows); r++) {
		size_t n = strlen(rows[r].in);
		char *s = unit_exact_copy(rows[r].in, n);
		size_t len = tc_schema_category_term(s, n, t);
		if (len != strlen(rows[r].want) || (len && strcmp(t, rows[r].want)))
			ROW_FAIL(nfail, rows[r].in, "\"%s\" (%zu), want \"%s\"", len ? t : "", len,
				 rows[r].want);
		free(s);
	}
	ROWS_DONE(nfail, N_ROWS(rows) + 1);
}

/* ---- stored fields ----------------------------------------------------- */

#define NFIELDS 7

static void article_fields(const tc_article *a, tc_str out[NFIELDS])
{
	out[0] = a->url;
	out[1] = a->title;
	out[2] = a->summary;
	out[3] = a->body;
	out[4] = a->date;
	out[5] = a->source;
	out[6] = a->category;
}

static tc_str S(const char *s)
{
	return (tc_str){s, s ? strlen(s) : 0};
}

typedef struct rt_row {
	const char *name;
	tc_article a;
} rt_row;

static void test_docdata_round_trip(void **state)
{
	(void)state;
	/* Fields of 127/128 and 16383/16384 bytes cross LEB128 length steps. */
	static char f127[127], f128[128], f16383[16383], f16384[16384], zeros[9];
	memset(f127, 'a', sizeof f127);
	memset(f128, 'b', sizeof f128);
	memset(f16383, 'c', sizeof f16383);
	memset(f16384, 'd', sizeof f16384);
	memset(zeros, 0, sizeof zeros);
	const rt_row rows[] = {
		{"all empty", {.url = {NULL, 0}}},
		{"typical",
		 {S("https://baochinhphu.vn/a.htm"), S("Thủ tướng họp về phòng chống dịch"),
		  S("Sáng 9/6, tại Hà Nội…"), S("Nội dung bài viết.\nĐoạn hai."), S("2020-06-09"),
		  S("baochinhphu.vn"), S("thời sự")}},
		{"only the last field", {.category = S("kinh tế")}},
		{"only the first field", {.url = S("u")}},
		{"127-byte field", {.title = {f127, sizeof f127}}},
		{"128-byte field", {.title = {f128, sizeof f128}, .body = S("x")}},
		{"16383-byte field", {.body = {f16383, sizeof f16383}}},
		{"16384-byte field", {.body = {f16384, sizeof f16384}, .date = S("2019-05-30")}},
		{"NUL bytes kept", {.summary = {zeros, sizeof zeros}}},
		{"high bytes kept", {.source = S("\xC3\x80\xFF\x80")}},
	};
	int nfail = 0;
	for (size_t r = 0; r < N_ROWS(rows); r++) {
		const rt_row *row = &rows[r];
		tc_buf b;
		tc_buf_init(&b, 1u << 20);
		/* Encoding appends: leave something before it. */
		assert_int_equal(tc_buf_append(&b, "xyz", 3), TC_OK);
		tc_status st = tc_docdata_encode(&row->a, &b);
		if (st != TC_OK) {
			ROW_FAIL(nfail, row->name, "encode status %d", st);
			tc_buf_release(&b);
			continue;
		}
		if (memcmp(b.data, "xyzT\1", 5) != 0)
			ROW_FAIL(nfail, row->name, "prefix or header bytes wrong");
		size_t n = b.len - 3;
		char *rec = unit_exact_copy(b.data + 3, n);
		tc_article back;
		st = tc_docdata_decode(rec, n, &back);
		if (st != TC_OK) {
			ROW_FAIL(nfail, row->name, "decode status %d", st);
		} else {
			tc_str want[NFIELDS], got[NFIELDS];
			article_fields(&row->a, want);
			article_fields(&back, got);
			for (int k = 0; k < NFIELDS; k++) {
				if (got[k].n != want[k].n ||
				    (want[k].n && memcmp(got[k].p, want[k].p, want[k].n) != 0))
					ROW_FAIL(nfail, row->name, "field %d differs (%zu vs %zu bytes)", k,
						 got[k].n, want[k].n);
				else if (got[k].n && (got[k].p < rec || got[k].p + got[k].n > rec + n))
					ROW_FAIL(nfail, row->name, "field %d points outside the record", k);
			}
		}
		free(rec);
		tc_buf_release(&b);
	}
	ROWS_DONE(nfail, N_ROWS(rows));
}

/* The byte format of docs/SCHEMA.md, checked exactly. */
static void test_docdata_format(void **state)
{
	(void)state;
	static char f200[200];
	memset(f200, 'z', sizeof f200);
	const struct {
		const char *name;
		tc_article a;
		const char *want;
		size_t want_len;
		size_t total; /* whole record length */
	} rows[] = {
		{"all empty", {.url = {NULL, 0}}, "T\1\0\0\0\0\0\0\0", 9, 9},
		{"url and category", {.url = S("ab"), .category = S("đ")},
		 "T\1\2ab\0\0\0\0\0\2\xC4\x91", 13, 13},
		{"200-byte title: LEB128 C8 01", {.title = {f200, 200}}, "T\1\0\xC8\1", 5, 2 + 1 + 2 + 200 + 5},
	};
	int nfail = 0;
	for (size_t r = 0; r < N_ROWS(rows); r++) {
		tc_buf b;
		tc_buf_init(&b, 4096);
		if (tc_docdata_encode(&rows[r].a, &b) != TC_OK) {
			ROW_FAIL(nfail, rows[r].name, "encode failed");
		} else if (b.len != rows[r].total || memcmp(b.data, rows[r].want, rows[r].want_len)) {
			ROW_FAIL(nfail, rows[r].name, "bytes differ from the documented format");
		}
		tc_buf_release(&b);
	}
	ROWS_DONE(nfail, N_ROWS(rows));
}

static int article_is_zero(const tc_article *a)
{
	tc_article zero;
	memset(&zero, 0, sizeof zero);
	return memcmp(a, &zero, sizeof zero) == 0;
}

typedef struct bad_row {
	const char *name;
	const char *bytes;
	size_t n;
} bad_row;

static const bad_row bad_rows[] = {
	{"empty", "", 0},
	{"one byte", "T", 1},
	{"wrong magic", "X\1\0\0\0\0\0\0\0", 9},
	{"wrong version", "T\2\0\0\0\0\0\0\0", 9},
	{"version 0", "T\0\0\0\0\0\0\0\0", 9},
	{"header only", "T\1", 2},
	{"six fields", "T\1\0\0\0\0\0\0", 8},
	{"length past the end", "T\1\5ab\0\0\0\0\0\0", 11},
	{"last length past the end", "T\1\0\0\0\0\0\0\1", 9},
	{"LEB128 continues past the end", "T\1\x80", 3},
	{"LEB128 of ten bytes", "T\1\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\x01", 12},
	{"LEB128 near 2^63", "T\1\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\x7F", 11},
	{"LEB128 2^32 + 1", "T\1\x81\x80\x80\x80\x10", 7},
	{"LEB128 of SIZE_MAX", "T\1\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\x01\0\0\0\0\0\0", 18},
};

static void test_docdata_rejects_corrupt(void **state)
{
	(void)state;
	int nfail = 0;
	for (size_t r = 0; r < N_ROWS(bad_rows); r++) {
		const bad_row *row = &bad_rows[r];
		char *p = unit_exact_copy(row->bytes, row->n);
		tc_article a;
		memset(&a, 0x5A, sizeof a);
		tc_status st = tc_docdata_decode(p, row->n, &a);
		if (st != TC_ERR_INVALID)
			ROW_FAIL(nfail, row->name, "status %d, want TC_ERR_INVALID", st);
		if (!article_is_zero(&a))
			ROW_FAIL(nfail, row->name, "article not zeroed on failure");
		free(p);
	}
	ROWS_DONE(nfail, N_ROWS(bad_rows));
}

/* Every proper prefix of a valid record is rejected. */
static void test_docdata_rejects_truncated(void **state)
{
	(void)state;
	static char f300[300];
	memset(f300, 'k', sizeof f300);
	const tc_article a = {S("https://x.vn/b"), {f300, sizeof f300}, S("Tóm tắt"), S("Thân bài."),
			      S("2020-06-15"), S("x.vn"), S("xã hội")};
	tc_buf b;
	tc_buf_init(&b, 1 << 16);
	assert_int_equal(tc_docdata_encode(&a, &b), TC_OK);
	int nfail = 0;
	for (size_t cut = 0; cut < b.len; cut++) {
		char *p = unit_exact_copy(b.data, cut);
		tc_article back;
		tc_status st = tc_docdata_decode(p, cut, &back);
		if (st != TC_ERR_INVALID || !article_is_zero(&back)) {
			char name[64];
			snprintf(name, sizeof name, "cut at %zu of %zu", cut, b.len);
			ROW_FAIL(nfail, name, "status %d, want TC_ERR_INVALID with a zeroed article", st);
		}
		free(p);
	}
	ROWS_DONE(nfail, b.len);
	tc_buf_release(&b);
}

/* A failed encode leaves the buffer as it was, NUL terminator included
 * (tc_buf.h: "the contents are always followed by a NUL byte").
 * Fails today: tc_docdata_encode resets len but not the NUL. */
static void test_docdata_encode_too_big(void **state)
{
	(void)state;
	const tc_article a = {S("https://x.vn/c"), S("Tiêu đề"), S(""), S("Nội dung dài"),
			      S("2020-06-15"), S("x.vn"), S("")};
	/* Size of the whole record, to place caps relative to it. */
	tc_buf full;
	tc_buf_init(&full, 4096);
	assert_int_equal(tc_docdata_encode(&a, &full), TC_OK);
	const size_t need = 2 + full.len; /* "ab" + record */
	tc_buf_release(&full);
	const struct {
		const char *name;
		size_t max; /* cap of the buffer, which already holds "ab" */
	} rows[] = {
		{"no room for the header", 3},
		{"room for the header only", 4},
		{"room for header and url", 2 + 2 + 1 + 14},
		{"one byte short", need - 1},
	};
	int nfail = 0;
	for (size_t r = 0; r < N_ROWS(rows); r++) {
		tc_buf b;
		tc_buf_init(&b, rows[r].max);
		assert_int_equal(tc_buf_append(&b, "ab", 2), TC_OK);
		tc_status st = tc_docdata_encode(&a, &b);
		if (st != TC_ERR_TOO_BIG)
			ROW_FAIL(nfail, rows[r].name, "status %d, want TC_ERR_TOO_BIG", st);
		if (b.len != 2 || memcmp(b.data, "ab", 2) != 0)
			ROW_FAIL(nfail, rows[r].name, "buffer contents changed (len %zu)", b.len);
		if (b.data[b.len] != '\0')
			ROW_FAIL(nfail, rows[r].name, "byte after the contents is 0x%02x, not NUL",
				 (unsigned char)b.data[b.len]);
		tc_buf_release(&b);
	}
	ROWS_DONE(nfail, N_ROWS(rows));

	/* The exact size fits. */
	tc_buf b;
	tc_buf_init(&b, need);
	assert_int_equal(tc_buf_append(&b, "ab", 2), TC_OK);
	assert_int_equal(tc_docdata_encode(&a, &b), TC_OK);
	assert_int_equal(b.len, b.max);
	tc_buf_release(&b);
}

/* ---- reading terms ------------------------------------------------------ */

typedef struct reading_row {
	const char *name;
	const char *fa, *fb, *ea, *eb;
	const char *want; /* the term */
} reading_row;

/* The code: 0x21 + gap * 17 + (variant - 1) per accented letter. */
static const reading_row reading_rows[] = {
	/* ủ: gap 2, u's 3rd form (0x21+2*17+2 'E'); đ: gap 1, d's 1st ('2'); ô: gap 0, o's 6th ('&') */
	{"thủ đô", "thu", "do", "thủ", "đô", "Cthu do E2&"},
	/* ô after 7 unchanged letters: one skip of 5, then gap 2 */
	{"one accent in b", "giao", "thong", "giao", "thông", "Cgiao thong ~H"},
	{"two skips", "nghieng", "nghieng", "nghieng", "nghiêng", "Cnghieng nghieng ~~H"},
	{"ươ and a tone", "nguoi", "dan", "người", "dân", "Cnguoi dan H-_"},
	{"not a Vietnamese form: in full", "strasse", "ok", "straße", "ok", NULL},
	{"German ö: in full", "koln", "x", "köln", "x", "Ckoln x köln x"},
};

static void test_reading_terms(void **state)
{
	(void)state;
	int nfail = 0;
	for (size_t r = 0; r < N_ROWS(reading_rows); r++) {
		const reading_row *row = &reading_rows[r];
		char term[TC_TERM_MAX + 1], exact[2 * TC_TERM_MAX + 2], want_exact[2 * TC_TERM_MAX + 2];
		size_t n = tc_schema_reading_term(row->fa, strlen(row->fa), row->fb, strlen(row->fb),
						  row->ea, strlen(row->ea), row->eb, strlen(row->eb),
						  term);
		if (row->want && (n != strlen(row->want) || strcmp(term, row->want) != 0))
			ROW_FAIL(nfail, row->name, "\"%s\" (%zu), want \"%s\"", term, n, row->want);
		snprintf(want_exact, sizeof want_exact, "%s %s", row->ea, row->eb);
		if (!tc_schema_reading_exact(term, n, exact, sizeof exact) ||
		    strcmp(exact, want_exact) != 0)
			ROW_FAIL(nfail, row->name, "decoded \"%s\", want \"%s\"", exact, want_exact);
		char prefix[TC_TERM_MAX + 1];
		size_t pn = tc_schema_reading_prefix(row->fa, strlen(row->fa), row->fb,
						     strlen(row->fb), prefix);
		if (!pn || n <= pn || memcmp(term, prefix, pn) != 0)
			ROW_FAIL(nfail, row->name, "\"%s\" is not under its prefix \"%s\"", term, prefix);
	}
	ROWS_DONE(nfail, N_ROWS(reading_rows));
}

/* Every accented form of every base letter, at every gap up to 12, round-trips. */
static void test_reading_round_trip(void **state)
{
	(void)state;
	static const char *const forms[] = {"àáảãạăằắẳẵặâầấẩẫậ", "đ", "èéẻẽẹêềếểễệ", "ìíỉĩị",
					    "òóỏõọôồốổỗộơờớởỡợ", "ùúủũụưừứửữự", "ỳýỷỹỵ"};
	static const char bases[] = "adeiouy";
	int nfail = 0, rows = 0;
	for (size_t b = 0; b < 7; b++) {
		for (const char *f = forms[b]; *f;) {
			size_t l = ((unsigned char)*f < 0xE0) ? 2 : 3;
			for (size_t gap = 0; gap <= 12; gap++, rows++) {
				char fa[32], ea[40], term[TC_TERM_MAX + 1], exact[128], want[128];
				memset(fa, 'x', gap);
				fa[gap] = bases[b];
				fa[gap + 1] = '\0';
				memcpy(ea, fa, gap);
				memcpy(ea + gap, f, l);
				ea[gap + l] = '\0';
				size_t n = tc_schema_reading_term(fa, strlen(fa), "b", 1, ea, strlen(ea),
								  "b", 1, term);
				snprintf(want, sizeof want, "%s b", ea);
				size_t skips = gap > 4 ? (gap - 4 + 4) / 5 : 0;
				if (n != strlen(fa) + 5 + skips)
					ROW_FAIL(nfail, ea, "term \"%s\" is not %zu byte(s) of code", term,
						 1 + skips);
				if (!tc_schema_reading_exact(term, n, exact, sizeof exact) ||
				    strcmp(exact, want) != 0)
					ROW_FAIL(nfail, ea, "decoded \"%s\", want \"%s\"", exact, want);
			}
			f += l;
		}
	}
	ROWS_DONE(nfail, rows);
}

/* Damaged codes are refused, never read past the term. */
static void test_reading_exact_rejects(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"Cthu do",       /* no code */
		"Bthu do E2&",   /* not a reading */
		"Cthu do \x7f",  /* outside the code */
		"Cthu do ~~",    /* skips past the pair */
		"Cthu do 2222",  /* đ's form on t, h, u */
		"Cthu do u",     /* gap 4: d, with the 17th form of d's one */
	};
	int nfail = 0;
	for (size_t r = 0; r < N_ROWS(bad); r++) {
		char out[64];
		if (tc_schema_reading_exact(bad[r], strlen(bad[r]), out, sizeof out))
			ROW_FAIL(nfail, bad[r], "decoded as \"%s\"", out);
	}
	char small[4];
	if (tc_schema_reading_exact("Cthu do E2&", 11, small, sizeof small))
		ROW_FAIL(nfail, "small out", "decoded into 4 bytes");
	ROWS_DONE(nfail, N_ROWS(bad) + 1);
}

/* ---- sample levels ------------------------------------------------------ */

/* Level L holds about one URL in 2^L, each level inside the one before,
 * and the terms are Z1..Z16. */
static void test_sample_levels(void **state)
{
	(void)state;
	enum { N = 1 << 16 };
	unsigned at_least[TC_SAMPLE_LEVELS + 2] = {0};
	char url[64];
	for (unsigned i = 0; i < N; i++) {
		int n = snprintf(url, sizeof url, "https://tin.example.vn/bai-%u.htm", i);
		unsigned l = tc_schema_sample_levels(url, (size_t)n);
		assert_true(l <= TC_SAMPLE_LEVELS);
		assert_int_equal(l, tc_schema_sample_levels(url, (size_t)n));
		for (unsigned k = 0; k <= l; k++)
			at_least[k]++;
	}
	assert_int_equal(at_least[0], N);
	for (unsigned k = 1; k <= 6; k++) {
		double want = (double)N / (double)(1u << k);
		/* within 4 standard deviations of a fair coin's */
		double sd = want > 1 ? __builtin_sqrt(want) : 1;
		if (at_least[k] < want - 4 * sd || at_least[k] > want + 4 * sd)
			fail_msg("level %u holds %u of %u URLs, want about %.0f", k, at_least[k], N, want);
	}
	char term[8];
	assert_int_equal(tc_schema_sample_term(1, term), 2);
	assert_string_equal(term, "Z1");
	assert_int_equal(tc_schema_sample_term(16, term), 3);
	assert_string_equal(term, "Z16");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_host),
		cmocka_unit_test(test_host_and_category_terms),
		cmocka_unit_test(test_id_term_short),
		cmocka_unit_test(test_id_term_long),
		cmocka_unit_test(test_id_term_long_distinct),
		cmocka_unit_test(test_term),
		cmocka_unit_test(test_date),
		cmocka_unit_test(test_date_calendar),
		cmocka_unit_test(test_sample_levels),
		cmocka_unit_test(test_reading_terms),
		cmocka_unit_test(test_reading_round_trip),
		cmocka_unit_test(test_reading_exact_rejects),
		cmocka_unit_test(test_docdata_round_trip),
		cmocka_unit_test(test_docdata_format),
		cmocka_unit_test(test_docdata_rejects_corrupt),
		cmocka_unit_test(test_docdata_rejects_truncated),
		cmocka_unit_test(test_docdata_encode_too_big),
	};
	return cmocka_run_group_tests_name("tc_schema", tests, NULL, NULL);
}
