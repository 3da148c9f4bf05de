/*
 * test_gzin.c - the gzip-or-plain reader (indexer/gzin.h).
 *
 * Contract under test: plain data and intact gzip (one member, several,
 * zero padding after them) read back byte for byte; damaged gzip (cut
 * short, cut cleanly after a flush, without its trailer, a bad CRC or
 * length, corrupt deflate data, garbage after the stream) hands out
 * exactly the bytes decoded before the damage and then fails, and keeps
 * failing, with TC_ERR_INVALID and a message that names the fault; read
 * sizes do not change any of this; a missing file is TC_ERR_IO.
 */
#include "unit_test.h"

#include <stdio.h>
#include <zlib.h>

#include "gzin.h"
#include "tc_buf.h"
#include "tc_banned.h"

/* The text every row compresses: lines, as the importer reads them. */
static const char text[] =
	"{\"url\": \"https://tinmau.example.vn/a/1\", \"title\": \"Một\"}\n"
	"{\"url\": \"https://tinmau.example.vn/a/2\", \"title\": \"Hai\"}\n"
	"{\"url\": \"https://tinmau.example.vn/a/3\", \"title\": \"Ba\"}\n";
#define TEXT_LEN (sizeof text - 1)
#define HALF 60 /* a flush point inside the text */

/* gzip s[0..n) as one member onto out; flush_at < n: a full flush there
 * and the stream stops (no final block, no trailer). */
static void gzip_onto(tc_buf *out, const char *s, size_t n, size_t flush_at)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
	unsigned char buf[4096];
	int cut = flush_at < n;
	z.next_in = (Bytef *)(uintptr_t)s;
	z.avail_in = (uInt)(cut ? flush_at : n);
	z.next_out = buf;
	z.avail_out = sizeof buf;
	int rc = deflate(&z, cut ? Z_FULL_FLUSH : Z_FINISH);
	assert_true(rc == (cut ? Z_OK : Z_STREAM_END));
	assert_int_equal(tc_buf_append(out, buf, sizeof buf - z.avail_out), TC_OK);
	deflateEnd(&z);
}

typedef enum shape {
	PLAIN,        /* the text as it is */
	EMPTY,        /* no bytes at all */
	GZ,           /* one member */
	GZ_TWO,       /* the text split over two members */
	GZ_ZEROS,     /* one member, then zero padding */
	GZ_GARBAGE,   /* one member, then bytes that are not gzip */
	GZ_FLUSHED,   /* flushed after HALF bytes, then the file ends */
	GZ_NO_TRAILER,/* one member without its 8-byte trailer */
	GZ_BAD_CRC,   /* one member, its CRC changed */
	GZ_BAD_SIZE,  /* one member, its length field changed */
	GZ_CORRUPT,   /* one member, a byte of deflate data changed */
	GZ_MAGIC,     /* the two magic bytes only */
	GZ_SECOND_CUT /* two members, the second cut short */
} shape;

typedef struct row {
	const char *name;
	shape shape;
	tc_status want;
	size_t want_bytes;    /* of text handed out, in order */
	const char *want_msg; /* substring of the message when failing */
} row;

static const row rows[] = {
	{"plain", PLAIN, TC_OK, TEXT_LEN, NULL},
	{"empty", EMPTY, TC_OK, 0, NULL},
	{"one member", GZ, TC_OK, TEXT_LEN, NULL},
	{"two members", GZ_TWO, TC_OK, TEXT_LEN, NULL},
	{"zero padding after the stream", GZ_ZEROS, TC_OK, TEXT_LEN, NULL},
	{"garbage after the stream", GZ_GARBAGE, TC_ERR_INVALID, TEXT_LEN, "trailing garbage"},
	{"cut cleanly after a flush", GZ_FLUSHED, TC_ERR_INVALID, HALF, "unexpected end of file"},
	{"no trailer", GZ_NO_TRAILER, TC_ERR_INVALID, TEXT_LEN, "truncated"},
	{"bad CRC", GZ_BAD_CRC, TC_ERR_INVALID, TEXT_LEN, "CRC mismatch"},
	{"bad length", GZ_BAD_SIZE, TC_ERR_INVALID, TEXT_LEN, "corrupt"},
	{"corrupt deflate data", GZ_CORRUPT, TC_ERR_INVALID, 0, "corrupt"},
	{"magic bytes only", GZ_MAGIC, TC_ERR_INVALID, 0, "truncated"},
	{"second member cut short", GZ_SECOND_CUT, TC_ERR_INVALID, HALF, "starts at byte"},
};

static void make(shape sh, tc_buf *b)
{
	tc_buf_reset(b);
	switch (sh) {
	case PLAIN:
		assert_int_equal(tc_buf_append(b, text, TEXT_LEN), TC_OK);
		break;
	case EMPTY:
		break;
	case GZ_TWO:
	case GZ_SECOND_CUT:
	{
		gzip_onto(b, text, HALF, HALF);
		size_t first = b->len;
		gzip_onto(b, text + HALF, TEXT_LEN - HALF, TEXT_LEN - HALF);
		if (sh == GZ_SECOND_CUT)
			b->len = first + 10; /* its header only */
		break;
	}
	case GZ_FLUSHED:
		gzip_onto(b, text, TEXT_LEN, HALF);
		break;
	case GZ_MAGIC:
		assert_int_equal(tc_buf_append(b, "\x1f\x8b", 2), TC_OK);
		break;
	default:
		gzip_onto(b, text, TEXT_LEN, TEXT_LEN);
		break;
	}
	switch (sh) {
	case GZ_ZEROS:
		assert_int_equal(tc_buf_append(b, "\0\0\0\0\0\0\0\0\0", 9), TC_OK);
		break;
	case GZ_GARBAGE:
		assert_int_equal(tc_buf_append_str(b, "not gzip"), TC_OK);
		break;
	case GZ_NO_TRAILER:
		b->len -= 8;
		break;
	case GZ_BAD_CRC:
		b->data[b->len - 8] ^= 0x01;
		break;
	case GZ_BAD_SIZE:
		b->data[b->len - 4] ^= 0x01;
		break;
	case GZ_CORRUPT:
		b->data[10] = (char)0xff; /* the first block: final, of the reserved type 3 */
		break;
	default:
		break;
	}
}

/* Read everything with reads of at most cap bytes; the status that ended it. */
static tc_status read_all(const tc_buf *in, size_t cap, tc_buf *out, tc_err *err)
{
	tc_buf_reset(out);
	tc_gzin *g;
	char *copy = unit_exact_copy(in->data ? in->data : "", in->len);
	tc_status st = tc_gzin_open_mem(copy, in->len, &g, err);
	assert_int_equal(st, TC_OK);
	char buf[4096];
	assert_true(cap <= sizeof buf);
	for (;;) {
		size_t got = 99;
		st = tc_gzin_read(g, buf, cap, &got, err);
		if (st != TC_OK) {
			assert_int_equal(got, 0);
			/* The fault sticks. */
			tc_err again;
			assert_int_equal(tc_gzin_read(g, buf, cap, &got, &again), st);
			assert_string_equal(again.msg, err->msg);
			break;
		}
		if (!got)
			break;
		assert_true(got <= cap);
		assert_int_equal(tc_buf_append(out, buf, got), TC_OK);
	}
	assert_true(tc_gzin_offset(g) <= in->len);
	tc_gzin_free(g);
	free(copy);
	return st;
}

static void test_shapes(void **state)
{
	(void)state;
	static const size_t caps[] = {1, 7, 4096};
	tc_buf in, out;
	tc_buf_init(&in, 1 << 20);
	tc_buf_init(&out, 1 << 20);
	int nfail = 0;
	for (size_t r = 0; r < N_ROWS(rows); r++) {
		make(rows[r].shape, &in);
		for (size_t c = 0; c < N_ROWS(caps); c++) {
			tc_err err = {{0}};
			tc_status st = read_all(&in, caps[c], &out, &err);
			if (st != rows[r].want)
				ROW_FAIL(nfail, rows[r].name, "cap %zu: status %d, want %d (%s)", caps[c],
					 st, rows[r].want, err.msg);
			if (out.len != rows[r].want_bytes || (out.len && memcmp(out.data, text, out.len)))
				ROW_FAIL(nfail, rows[r].name, "cap %zu: %zu bytes of the text, want %zu",
					 caps[c], out.len, rows[r].want_bytes);
			if (rows[r].want_msg && !strstr(err.msg, rows[r].want_msg))
				ROW_FAIL(nfail, rows[r].name, "cap %zu: message \"%s\" lacks \"%s\"",
					 caps[c], err.msg, rows[r].want_msg);
		}
	}
	tc_buf_release(&in);
	tc_buf_release(&out);
	ROWS_DONE(nfail, N_ROWS(rows));
}

/* Through a file: the same bytes, and a missing file. */
static void test_file(void **state)
{
	(void)state;
	const char *dir = getenv("TMPDIR");
	char path[4096];
	snprintf(path, sizeof path, "%s/test_gzin.gz", dir && *dir ? dir : "/tmp");
	tc_buf in;
	tc_buf_init(&in, 1 << 20);
	make(GZ_NO_TRAILER, &in);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(in.data, 1, in.len, f), in.len);
	fclose(f);
	tc_gzin *g;
	tc_err err = {{0}};
	assert_int_equal(tc_gzin_open(path, &g, &err), TC_OK);
	assert_true(tc_gzin_is_gzip(g));
	char buf[4096];
	size_t got, total = 0;
	tc_status st;
	while ((st = tc_gzin_read(g, buf, sizeof buf, &got, &err)) == TC_OK && got)
		total += got;
	assert_int_equal(st, TC_ERR_INVALID);
	assert_int_equal(total, TEXT_LEN);
	assert_int_equal(tc_gzin_offset(g), in.len);
	tc_gzin_free(g);
	remove(path);
	assert_int_equal(tc_gzin_open(path, &g, &err), TC_ERR_IO);
	assert_null(g);
	assert_non_null(strstr(err.msg, "No such file"));
	tc_buf_release(&in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shapes),
		cmocka_unit_test(test_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
