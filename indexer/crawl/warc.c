/*
 * warc.c - WARC 1.1 writer and reader; see warc.h.
 *
 * The reader is a stream: bytes come from a file (read in blocks) or from
 * memory, pass through inflate when the data is gzip, and land in a window
 * from which records are cut.  Only one record's block is ever held, so a
 * multi-gigabyte archive costs the same memory as a small one.  Offsets in
 * error messages are file offsets: the record's own for a plain file, its
 * gzip member's (and the record's offset in the decompressed data) for a
 * .warc.gz, which is what a CDX index or `dd skip=` would need.
 */
#include "warc.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "tc_buf.h"
#include "tc_schema.h"
#include "tc_banned.h"

/* Written into the warcinfo record (the project version of CMakeLists.txt). */
#define WARC_SOFTWARE "tracuu/0.1"

/* ======================================================================== */
/* writer                                                                    */
/* ======================================================================== */

struct tc_warc_writer {
	int fd;
	int gz;
	int urandom;
	z_stream z;
	int z_ready;
	off_t end;          /* file size after the last complete record */
	tc_status broken;   /* sticky I/O failure */
	char path[4096];
	char info_id[64];   /* <urn:uuid:...> of the warcinfo record */
	tc_buf head;        /* the HTTP head as stored */
	tc_buf hdr;         /* the WARC header of the record being written */
	unsigned char out[1 << 16];
	size_t out_len;
};

static tc_status write_all(int fd, const void *p, size_t n)
{
	const char *c = p;
	while (n) {
		ssize_t k = write(fd, c, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return TC_ERR_IO;
		c += k;
		n -= (size_t)k;
	}
	return TC_OK;
}

static tc_status read_all(int fd, void *p, size_t n)
{
	char *c = p;
	while (n) {
		ssize_t k = read(fd, c, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return TC_ERR_IO;
		c += k;
		n -= (size_t)k;
	}
	return TC_OK;
}

/* "<urn:uuid:xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx>" (RFC 4122 version 4). */
static tc_status new_record_id(tc_warc_writer *w, char out[64])
{
	unsigned char r[16];
	if (read_all(w->urandom, r, sizeof r) != TC_OK)
		return TC_ERR_IO;
	r[6] = (unsigned char)((r[6] & 0x0F) | 0x40);
	r[8] = (unsigned char)((r[8] & 0x3F) | 0x80);
	snprintf(out, 64,
		 "<urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x>",
		 r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11], r[12],
		 r[13], r[14], r[15]);
	return TC_OK;
}

static void now_iso(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Is s "YYYY-MM-DDThh:mm:ss[.f+]Z" with sane field values? */
static int valid_warc_date(const char *s)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:dd";
	size_t i;
	for (i = 0; shape[i]; i++) {
		if (shape[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != shape[i])
			return 0;
	}
	if (s[i] == '.') {
		size_t k = ++i;
		while (s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == k || i - k > 9)
			return 0;
	}
	if (s[i] != 'Z' || s[i + 1] != '\0')
		return 0;
	int mo = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
	int h = (s[11] - '0') * 10 + (s[12] - '0'), mi = (s[14] - '0') * 10 + (s[15] - '0');
	int sec = (s[17] - '0') * 10 + (s[18] - '0');
	return mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h <= 23 && mi <= 59 && sec <= 60;
}

/* Push n bytes through the writer's output: deflate for gz (flush at the
 * end of a record when finish is set), straight to the file otherwise. */
static tc_status emit(tc_warc_writer *w, const void *p, size_t n, int finish)
{
	if (!w->gz)
		return n ? write_all(w->fd, p, n) : TC_OK;
	w->z.next_in = (Bytef *)(uintptr_t)p;
	w->z.avail_in = (uInt)n;
	for (;;) {
		w->z.next_out = w->out + w->out_len;
		w->z.avail_out = (uInt)(sizeof w->out - w->out_len);
		int rc = deflate(&w->z, finish ? Z_FINISH : Z_NO_FLUSH);
		w->out_len = sizeof w->out - w->z.avail_out;
		if (rc == Z_STREAM_ERROR)
			return TC_ERR_IO;
		int done = finish ? rc == Z_STREAM_END : w->z.avail_in == 0;
		if (w->out_len == sizeof w->out || (done && finish)) {
			if (write_all(w->fd, w->out, w->out_len) != TC_OK)
				return TC_ERR_IO;
			w->out_len = 0;
		}
		if (done)
			return TC_OK;
		if (rc == Z_BUF_ERROR && w->z.avail_out != 0)
			return TC_ERR_IO;
	}
}

/*
 * Write one record: "WARC/1.1", the header lines in w->hdr (each ending in
 * CRLF), Content-Length, the block (up to two pieces) and the record end.
 * On failure the file is cut back to the last complete record.
 */
static tc_status write_record(tc_warc_writer *w, const char *b1, size_t n1, const char *b2,
			      size_t n2, tc_err *err)
{
	char tail[64];
	int k = snprintf(tail, sizeof tail, "Content-Length: %zu\r\n\r\n", n1 + n2);
	tc_status st = TC_OK;
	errno = 0;
	if (w->gz) {
		w->out_len = 0;
		st = deflateReset(&w->z) == Z_OK ? TC_OK : TC_ERR_IO;
	}
	if (st == TC_OK)
		st = emit(w, "WARC/1.1\r\n", 10, 0);
	if (st == TC_OK)
		st = emit(w, w->hdr.data, w->hdr.len, 0);
	if (st == TC_OK)
		st = emit(w, tail, (size_t)k, 0);
	if (st == TC_OK)
		st = emit(w, b1, n1, 0);
	if (st == TC_OK)
		st = emit(w, b2, n2, 0);
	if (st == TC_OK)
		st = emit(w, "\r\n\r\n", 4, 1);
	if (st != TC_OK) {
		int e = errno;
		w->broken = TC_ERR_IO;
		if (ftruncate(w->fd, w->end) == 0)
			lseek(w->fd, w->end, SEEK_SET);
		return tc_err_set(err, TC_ERR_IO, "cannot write %s: %s", w->path,
				  e ? strerror(e) : "compression failed");
	}
	off_t pos = lseek(w->fd, 0, SEEK_CUR);
	if (pos >= 0)
		w->end = pos;
	return TC_OK;
}

static void writer_free(tc_warc_writer *w)
{
	if (w->z_ready)
		deflateEnd(&w->z);
	if (w->urandom >= 0)
		close(w->urandom);
	tc_buf_release(&w->head);
	tc_buf_release(&w->hdr);
	free(w);
}

tc_status tc_warc_open(const char *path, tc_warc_writer **out, tc_err *err)
{
	if (out)
		*out = NULL;
	if (!path || !out || !*path)
		return tc_err_set(err, TC_ERR_USAGE, "tc_warc_open: no path");
	tc_warc_writer *w = calloc(1, sizeof *w);
	if (!w)
		return tc_err_set(err, TC_ERR_NOMEM, "out of memory");
	w->fd = -1;
	tc_buf_init(&w->head, TC_WARC_MAX_HEADER * 4);
	tc_buf_init(&w->hdr, TC_WARC_MAX_HEADER);
	size_t plen = strlen(path);
	if (plen >= sizeof w->path) {
		writer_free(w);
		return tc_err_set(err, TC_ERR_USAGE, "archive path too long");
	}
	memcpy(w->path, path, plen + 1);
	w->gz = plen >= 3 && !strcmp(path + plen - 3, ".gz");
	w->urandom = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	if (w->urandom < 0) {
		int e = errno;
		writer_free(w);
		return tc_err_set(err, TC_ERR_IO, "cannot open /dev/urandom: %s", strerror(e));
	}
	if (w->gz) {
		/* 15 + 16: a gzip header and trailer around the deflate data. */
		if (deflateInit2(&w->z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8,
				 Z_DEFAULT_STRATEGY) != Z_OK) {
			writer_free(w);
			return tc_err_set(err, TC_ERR_NOMEM, "cannot initialise zlib");
		}
		w->z_ready = 1;
	}
	w->fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (w->fd < 0) {
		int e = errno;
		writer_free(w);
		return tc_err_set(err, TC_ERR_IO, "cannot create %s: %s", path, strerror(e));
	}

	/* The warcinfo record: who wrote the file, in application/warc-fields. */
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	char date[32], info[512];
	now_iso(date);
	int k = snprintf(info, sizeof info,
			 "software: %s\r\n"
			 "format: WARC File Format 1.1\r\n"
			 "conformsTo: https://iipc.github.io/warc-specifications/specifications/"
			 "warc-format/warc-1.1/\r\n"
			 "description: pages fetched by tracuu-index crawl; HTTP payloads are "
			 "stored decoded (see X-Crawler-* headers)\r\n",
			 WARC_SOFTWARE);
	tc_status st = new_record_id(w, w->info_id);
	if (st != TC_OK)
		tc_err_set(err, st, "cannot read /dev/urandom");
	if (st == TC_OK)
		st = tc_buf_printf(&w->hdr,
				   "WARC-Type: warcinfo\r\n"
				   "WARC-Record-ID: %s\r\n"
				   "WARC-Date: %s\r\n"
				   "WARC-Filename: %s\r\n"
				   "Content-Type: application/warc-fields\r\n",
				   w->info_id, date, base);
	if (st == TC_ERR_TOO_BIG)
		st = tc_err_set(err, TC_ERR_USAGE, "archive file name too long");
	if (st == TC_OK)
		st = write_record(w, info, (size_t)k, NULL, 0, err);
	if (st != TC_OK) {
		close(w->fd);
		unlink(path);
		writer_free(w);
		return st;
	}
	*out = w;
	return TC_OK;
}

/* Does the header line line[0..n) carry the field name (any case)? */
static int line_is(const char *line, size_t n, const char *name)
{
	size_t k = strlen(name);
	if (n <= k || strncasecmp(line, name, k))
		return 0;
	size_t i = k;
	while (i < n && (line[i] == ' ' || line[i] == '\t'))
		i++;
	return i < n && line[i] == ':';
}

/* The HTTP head as stored: CRLF line ends, the body-describing fields
 * renamed, a Content-Length for the stored body, the blank line. */
static tc_status store_head(tc_warc_writer *w, const char *h, size_t n, size_t body_len)
{
	static const char *const renamed[] = {"Content-Encoding", "Transfer-Encoding",
					      "Content-Length"};
	tc_buf *b = &w->head;
	tc_buf_reset(b);
	tc_status st = TC_OK;
	size_t i = 0;
	int first = 1;
	while (i < n && st == TC_OK) {
		const char *nl = memchr(h + i, '\n', n - i);
		size_t end = nl ? (size_t)(nl - h) : n, len = end - i;
		const char *line = h + i;
		i = end + 1;
		if (len && line[len - 1] == '\r')
			len--;
		if (!len)
			break; /* the blank line: the head ends */
		if (!first && line[0] != ' ' && line[0] != '\t') {
			for (size_t r = 0; r < 3; r++)
				if (line_is(line, len, renamed[r]))
					st = tc_buf_append(b, "X-Crawler-", 10);
		}
		first = 0;
		if (st == TC_OK)
			st = tc_buf_append(b, line, len);
		if (st == TC_OK)
			st = tc_buf_append(b, "\r\n", 2);
	}
	if (st == TC_OK)
		st = tc_buf_printf(b, "Content-Length: %zu\r\n\r\n", body_len);
	return st;
}

tc_status tc_warc_write_response(tc_warc_writer *w, const char *target_uri, const char *date_iso,
				 const char *feed_date, const char *http_head, size_t head_len, const char *body,
				 size_t body_len, tc_err *err)
{
	if (!w || !target_uri || (!http_head && head_len) || (!body && body_len))
		return tc_err_set(err, TC_ERR_USAGE, "tc_warc_write_response: missing argument");
	if (w->broken != TC_OK)
		return tc_err_set(err, w->broken, "%s: an earlier write failed", w->path);
	if (!*target_uri)
		return tc_err_set(err, TC_ERR_INVALID, "empty target URI");
	for (const unsigned char *u = (const unsigned char *)target_uri; *u; u++)
		if (*u <= ' ' || *u == 0x7f)
			return tc_err_set(err, TC_ERR_INVALID,
					  "target URI with white space or control characters");
	char date[32];
	if (!date_iso)
		now_iso(date);
	else if (strlen(date_iso) >= sizeof date || !valid_warc_date(date_iso))
		return tc_err_set(err, TC_ERR_INVALID, "WARC-Date \"%.40s\" is not YYYY-MM-DDThh:mm:ssZ",
				  date_iso);
	else
		memcpy(date, date_iso, strlen(date_iso) + 1);
	if (feed_date && *feed_date && !tc_schema_date(feed_date, strlen(feed_date), (char[9]){0}))
		return tc_err_set(err, TC_ERR_INVALID, "feed date \"%.40s\" is not YYYY-MM-DD",
				  feed_date);
	if (head_len < 5 || memcmp(http_head, "HTTP/", 5))
		return tc_err_set(err, TC_ERR_INVALID, "the HTTP head does not start with HTTP/");
	if (body_len > TC_WARC_MAX_RECORD)
		return tc_err_set(err, TC_ERR_TOO_BIG, "body of %zu bytes over the record cap",
				  body_len);
	tc_status st = store_head(w, http_head, head_len, body_len);
	if (st == TC_OK && w->head.len > TC_WARC_MAX_RECORD - body_len)
		st = TC_ERR_TOO_BIG;
	if (st != TC_OK)
		return tc_err_set(err, st, "HTTP head: %s", tc_status_str(st));
	char id[64];
	if (new_record_id(w, id) != TC_OK)
		return tc_err_set(err, TC_ERR_IO, "cannot read /dev/urandom");
	tc_buf_reset(&w->hdr);
	st = tc_buf_printf(&w->hdr,
			   "WARC-Type: response\r\n"
			   "WARC-Record-ID: %s\r\n"
			   "WARC-Warcinfo-ID: %s\r\n"
			   "WARC-Target-URI: %s\r\n"
			   "WARC-Date: %s\r\n"
			   "Content-Type: application/http;msgtype=response\r\n",
			   id, w->info_id, target_uri, date);
	if (st == TC_OK && feed_date && *feed_date)
		st = tc_buf_printf(&w->hdr, "Tracuu-Feed-Date: %s\r\n", feed_date);
	if (st != TC_OK)
		return tc_err_set(err, st, "WARC header: %s", tc_status_str(st));
	return write_record(w, w->head.data, w->head.len, body, body_len, err);
}

/* fsync the directory holding path, so that the new file's name is durable. */
static int sync_dir(const char *path)
{
	char dir[4096];
	const char *slash = strrchr(path, '/');
	if (!slash) {
		dir[0] = '.', dir[1] = '\0';
	} else {
		size_t k = slash == path ? 1 : (size_t)(slash - path);
		memcpy(dir, path, k);
		dir[k] = '\0';
	}
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

tc_status tc_warc_close(tc_warc_writer *w, tc_err *err)
{
	if (!w)
		return TC_OK;
	tc_status st = w->broken;
	if (st != TC_OK)
		tc_err_set(err, st, "%s: an earlier write failed", w->path);
	if (fsync(w->fd) != 0 && st == TC_OK)
		st = tc_err_set(err, TC_ERR_IO, "cannot sync %s: %s", w->path, strerror(errno));
	if (close(w->fd) != 0 && st == TC_OK)
		st = tc_err_set(err, TC_ERR_IO, "cannot close %s: %s", w->path, strerror(errno));
	if (sync_dir(w->path) != 0 && st == TC_OK)
		st = tc_err_set(err, TC_ERR_IO, "cannot sync the directory of %s: %s", w->path,
				strerror(errno));
	writer_free(w);
	return st;
}

/* ======================================================================== */
/* reader                                                                    */
/* ======================================================================== */

#define IN_SIZE ((size_t)1 << 18)   /* file bytes read at once */
#define WIN_SIZE ((size_t)1 << 18)  /* decoded bytes kept ahead; > MAX_HEADER */
#define MEMBERS 1024                /* gzip members remembered for offsets */

typedef struct src {
	/* input: the file (through in[]) or memory */
	int fd;
	const unsigned char *in;
	size_t in_pos, in_len;
	uint64_t in_off;      /* file offset of in[0] */
	unsigned char *in_buf;
	int in_eof;           /* no input beyond in[in_len] */
	/* gzip */
	int gz;
	z_stream z;
	int z_ready, in_member;
	uint64_t mem_u[MEMBERS], mem_c[MEMBERS]; /* ring: decoded and file start */
	size_t nmem;
	/* decoded window: win[wpos..wlen) not yet consumed */
	unsigned char *win;
	size_t wpos, wlen;
	uint64_t uoff;        /* decoded offset of win[0] */
	int eof;              /* nothing more will be decoded */
	tc_status failed;     /* sticky: a fault found while decoding ahead */
	tc_err why;           /* its message */
	tc_err *err;
} src;

static uint64_t src_pos(const src *s)
{
	return s->uoff + s->wpos;
}

/* The file offset of the gzip member holding decoded offset u; 0 and
 * *known 0 when forgotten. */
static uint64_t member_of(const src *s, uint64_t u, int *known)
{
	size_t n = s->nmem < MEMBERS ? s->nmem : MEMBERS;
	for (size_t k = 0; k < n; k++) {
		size_t i = (s->nmem - 1 - k) % MEMBERS;
		if (s->mem_u[i] <= u) {
			*known = 1;
			return s->mem_c[i];
		}
	}
	*known = 0;
	return 0;
}

/* "byte offset N" or "gzip member at byte offset M (decompressed offset
 * N)", for a message about the record starting at decoded offset u. */
static void where(const src *s, uint64_t u, char *out, size_t cap)
{
	int known = 0;
	uint64_t m = s->gz ? member_of(s, u, &known) : 0;
	if (!s->gz)
		snprintf(out, cap, "byte offset %" PRIu64, u);
	else if (known)
		snprintf(out, cap, "gzip member at byte offset %" PRIu64
			 " (decompressed byte offset %" PRIu64 ")", m, u);
	else
		snprintf(out, cap, "decompressed byte offset %" PRIu64, u);
}

/* More file input; sets in_eof at the end of the file. */
static tc_status in_fill(src *s)
{
	if (s->fd < 0) {
		s->in_eof = 1;
		return TC_OK;
	}
	if (s->in_pos) {
		memmove(s->in_buf, s->in_buf + s->in_pos, s->in_len - s->in_pos);
		s->in_off += s->in_pos;
		s->in_len -= s->in_pos;
		s->in_pos = 0;
	}
	for (;;) {
		ssize_t k = read(s->fd, s->in_buf + s->in_len, IN_SIZE - s->in_len);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return tc_err_set(s->err, TC_ERR_IO, "read error at byte offset %" PRIu64 ": %s",
					  s->in_off + s->in_len, strerror(errno));
		if (k == 0)
			s->in_eof = 1;
		s->in_len += (size_t)k;
		return TC_OK;
	}
}

/* Decode more bytes into the window (compacting it first); at the end of
 * the data sets s->eof instead.  With member_end set, a .warc.gz is never
 * decoded past the end of the current gzip member (nothing is added when
 * none is open). */
static tc_status dec_fill_once(src *s, int member_end)
{
	if (s->wpos) {
		memmove(s->win, s->win + s->wpos, s->wlen - s->wpos);
		s->uoff += s->wpos;
		s->wlen -= s->wpos;
		s->wpos = 0;
	}
	if (s->wlen == WIN_SIZE)
		return TC_OK;
	for (;;) {
		if (s->in_pos == s->in_len && !s->in_eof) {
			tc_status st = in_fill(s);
			if (st != TC_OK)
				return st;
			continue;
		}
		size_t avail = s->in_len - s->in_pos;
		if (!s->gz) {
			if (!avail) {
				s->eof = 1;
				return TC_OK;
			}
			size_t k = avail < WIN_SIZE - s->wlen ? avail : WIN_SIZE - s->wlen;
			memcpy(s->win + s->wlen, s->in + s->in_pos, k);
			s->wlen += k;
			s->in_pos += k;
			return TC_OK;
		}
		uint64_t coff = s->in_off + s->in_pos;
		if (!s->in_member && member_end)
			return TC_OK;
		if (!s->in_member) {
			if (!avail) {
				s->eof = 1;
				return TC_OK;
			}
			if (avail < 2 && !s->in_eof) {
				tc_status st = in_fill(s);
				if (st != TC_OK)
					return st;
				continue;
			}
			if (avail < 2 || s->in[s->in_pos] != 0x1f || s->in[s->in_pos + 1] != 0x8b)
				return tc_err_set(s->err, TC_ERR_INVALID,
						  "byte offset %" PRIu64 ": not a gzip member "
						  "(garbage after the last record?)", coff);
			if (inflateReset(&s->z) != Z_OK)
				return tc_err_set(s->err, TC_ERR_NOMEM, "zlib failed");
			s->in_member = 1;
			size_t i = s->nmem++ % MEMBERS;
			s->mem_u[i] = s->uoff + s->wlen;
			s->mem_c[i] = coff;
		}
		s->z.next_in = (Bytef *)(uintptr_t)(s->in + s->in_pos);
		s->z.avail_in = (uInt)(avail < UINT_MAX ? avail : UINT_MAX);
		s->z.next_out = s->win + s->wlen;
		s->z.avail_out = (uInt)(WIN_SIZE - s->wlen);
		int rc = inflate(&s->z, Z_NO_FLUSH);
		size_t used = (size_t)(s->z.next_in - (s->in + s->in_pos));
		size_t made = (size_t)(s->z.next_out - (s->win + s->wlen));
		s->in_pos += used;
		s->wlen += made;
		if (rc == Z_STREAM_END) {
			s->in_member = 0;
			if (made || member_end)
				return TC_OK;
			continue; /* an empty member: go on to the next */
		}
		if (rc == Z_OK || (rc == Z_BUF_ERROR && !used && !made && !s->in_eof)) {
			if (made)
				return TC_OK;
			continue; /* needs more input */
		}
		int known = 0;
		uint64_t m = member_of(s, s->uoff + s->wlen, &known);
		if (rc == Z_BUF_ERROR)
			return tc_err_set(s->err, TC_ERR_INVALID,
					  "gzip member at byte offset %" PRIu64
					  " is truncated: the file ends at byte %" PRIu64,
					  m, s->in_off + s->in_len);
		if (rc == Z_MEM_ERROR)
			return tc_err_set(s->err, TC_ERR_NOMEM, "out of memory in zlib");
		return tc_err_set(s->err, TC_ERR_INVALID,
				  "gzip member at byte offset %" PRIu64 " is corrupt near byte %" PRIu64
				  ": %s", m, s->in_off + s->in_pos, s->z.msg ? s->z.msg : "bad data");
	}
}

/* dec_fill_once, with its faults made sticky and reported after the bytes
 * decoded before them (inflate finds a CRC mismatch only once it has
 * decoded the whole member): finish_record may then still deliver the
 * records before the fault, and the read stops at the fault, with its
 * message, on the next fill. */
static tc_status dec_fill(src *s, int member_end)
{
	if (s->failed != TC_OK)
		return tc_err_set(s->err, s->failed, "%s", s->why.msg);
	size_t had = s->wlen - s->wpos;
	tc_status st = dec_fill_once(s, member_end);
	if (st != TC_OK) {
		s->failed = st;
		if (s->err)
			s->why = *s->err;
		else
			tc_err_set(&s->why, st, "%s", tc_status_str(st));
		if (s->wlen - s->wpos > had)
			return TC_OK;
	}
	return st;
}

/* Make at least k (<= WIN_SIZE) bytes available unless the data ends. */
static tc_status need(src *s, size_t k)
{
	while (s->wlen - s->wpos < k && !s->eof) {
		tc_status st = dec_fill(s, 0);
		if (st != TC_OK)
			return st;
	}
	return TC_OK;
}

/*
 * After a record's block: consume its CRLF CRLF and, in a .warc.gz whose
 * current gzip member holds the record (rec: its decoded offset), decode
 * that member to its end, so that a truncated or corrupt member (a CRC
 * mismatch) is reported before the record is used, without touching the
 * next member.  A member holding more records is decoded only as far as
 * the window allows.  When that meets a fault with bytes of the member
 * still after this record, the fault lies beyond the record: it is
 * delivered, as every record of a large member before the fault would have
 * been, and the read stops at the fault next.  The record that ends where a
 * member fails is not delivered.
 */
static tc_status finish_record(src *s, uint64_t rec)
{
	tc_status st;
	for (int k = 0; k < 4; k++) {
		if (s->wpos == s->wlen) {
			if (s->gz && !s->in_member)
				break;
			if ((st = dec_fill(s, 1)) != TC_OK)
				return st;
			if (s->wpos == s->wlen)
				break;
		}
		if (s->win[s->wpos] != '\r' && s->win[s->wpos] != '\n')
			break;
		s->wpos++;
	}
	if (!s->gz || !s->in_member || !s->nmem || s->mem_u[(s->nmem - 1) % MEMBERS] > rec)
		return TC_OK;
	while (s->in_member) {
		size_t before = s->wlen - s->wpos;
		if ((st = dec_fill(s, 1)) != TC_OK)
			return s->wlen > s->wpos ? TC_OK : st;
		if (s->in_member && s->wlen - s->wpos == before)
			break; /* the window is full: more records in this member */
	}
	return TC_OK;
}

/* A WARC header, split into its fields (pointers into a private copy). */
typedef struct whdr {
	char *version, *type, *length, *uri, *date, *id, *ctype, *feed_date;
} whdr;

static int ieq(const char *a, size_t n, const char *b)
{
	return strlen(b) == n && !strncasecmp(a, b, n);
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	return s;
}

/*
 * Split the header text h (NUL-terminated, modified in place; lines end in
 * CRLF or LF) into fields.  Continuation lines are not joined: none of the
 * fields used here may be folded, and a folded one is simply ignored.
 * Returns NULL or a complaint.
 */
static const char *parse_whdr(char *h, whdr *w)
{
	memset(w, 0, sizeof *w);
	char *line = h;
	int first = 1;
	while (*line) {
		char *nl = strchr(line, '\n');
		char *next = nl ? nl + 1 : line + strlen(line);
		if (nl)
			*nl = '\0';
		size_t len = strlen(line);
		if (len && line[len - 1] == '\r')
			line[--len] = '\0';
		for (size_t i = 0; i < len; i++) {
			unsigned char c = (unsigned char)line[i];
			if ((c < 0x20 && c != '\t') || c == 0x7f)
				return "control character in the header";
		}
		if (first) {
			if (strcmp(line, "WARC/1.0") && strcmp(line, "WARC/1.1"))
				return strncmp(line, "WARC/", 5) ? "no WARC version line"
								 : "unsupported WARC version";
			w->version = line;
			first = 0;
		} else if (len && line[0] != ' ' && line[0] != '\t') {
			char *colon = strchr(line, ':');
			if (!colon || colon == line)
				return "malformed header line";
			size_t nlen = (size_t)(colon - line);
			char *v = trim(colon + 1);
			if (ieq(line, nlen, "WARC-Type") && !w->type)
				w->type = v;
			else if (ieq(line, nlen, "Content-Length") && !w->length)
				w->length = v;
			else if (ieq(line, nlen, "WARC-Target-URI") && !w->uri)
				w->uri = v;
			else if (ieq(line, nlen, "WARC-Date") && !w->date)
				w->date = v;
			else if (ieq(line, nlen, "WARC-Record-ID") && !w->id)
				w->id = v;
			else if (ieq(line, nlen, "Content-Type") && !w->ctype)
				w->ctype = v;
			else if (ieq(line, nlen, "Tracuu-Feed-Date") && !w->feed_date)
				w->feed_date = v;
		}
		line = next;
	}
	if (!w->version)
		return "no WARC version line";
	if (!w->type || !*w->type)
		return "no WARC-Type";
	if (!w->length)
		return "no Content-Length";
	return NULL;
}

/* Decimal Content-Length; -1 when malformed, -2 when over the cap. */
static long long parse_length(const char *s)
{
	if (!*s)
		return -1;
	unsigned long long v = 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (unsigned)(*s - '0');
		if (v > TC_WARC_MAX_RECORD)
			return -2;
	}
	return (long long)v;
}

/*
 * The HTTP response in block[0..n): status, head length (through the
 * blank line) or 0 when the block is not an HTTP response.
 */
static size_t parse_http(const char *b, size_t n, int *status)
{
	if (n < 12 || memcmp(b, "HTTP/", 5))
		return 0;
	size_t i = 5;
	while (i < n && b[i] != ' ' && b[i] != '\r' && b[i] != '\n')
		i++;
	while (i < n && b[i] == ' ')
		i++;
	if (i + 3 > n)
		return 0;
	int st = 0;
	for (size_t k = 0; k < 3; k++) {
		if (b[i + k] < '0' || b[i + k] > '9')
			return 0;
		st = st * 10 + (b[i + k] - '0');
	}
	i += 3;
	if (st < 100 || (i < n && b[i] != ' ' && b[i] != '\r' && b[i] != '\n'))
		return 0;
	/* The head ends at the first empty line. */
	for (; i < n; i++) {
		if (b[i] != '\n')
			continue;
		if (i + 1 < n && b[i + 1] == '\n')
			return (*status = st), i + 2;
		if (i + 2 < n && b[i + 1] == '\r' && b[i + 2] == '\n')
			return (*status = st), i + 3;
	}
	return 0;
}

typedef struct reader {
	src s;
	tc_buf hdr;   /* the WARC header text of the current record */
	tc_buf block; /* its block */
} reader;

static tc_status read_records(reader *r, tc_warc_cb cb, void *ctx, tc_err *err)
{
	src *s = &r->s;
	char at[160];
	for (;;) {
		/* Records end with CRLF CRLF; be lenient about how many. */
		tc_status st;
		for (;;) {
			if ((st = need(s, 1)) != TC_OK)
				return st;
			if (s->wpos == s->wlen)
				return TC_OK; /* the end of the data, between records */
			if (s->win[s->wpos] != '\r' && s->win[s->wpos] != '\n')
				break;
			s->wpos++;
		}
		uint64_t rec = src_pos(s);
		/* Not a record at all: say so now, not after 64 KiB of scanning. */
		if ((st = need(s, 5)) != TC_OK)
			return st;
		if (s->wlen - s->wpos < 5 || memcmp(s->win + s->wpos, "WARC/", 5)) {
			where(s, rec, at, sizeof at);
			return tc_err_set(err, TC_ERR_INVALID, "record at %s: no WARC version line", at);
		}
		/* The header: up to the first empty line. */
		size_t scan = 0, hlen = 0;
		for (;;) {
			size_t have = s->wlen - s->wpos;
			const unsigned char *w = s->win + s->wpos;
			/* A header line may end at TC_WARC_MAX_HEADER - 1: its "\n\r\n"
			 * (the blank line) may then take the header to the cap. */
			size_t limit = have < TC_WARC_MAX_HEADER ? have : TC_WARC_MAX_HEADER;
			for (; scan < limit && !hlen; scan++) {
				if (w[scan] != '\n')
					continue;
				if (scan + 1 < have && w[scan + 1] == '\n')
					hlen = scan + 2;
				else if (scan + 2 < have && w[scan + 1] == '\r' && w[scan + 2] == '\n')
					hlen = scan + 3;
			}
			if (hlen && hlen <= TC_WARC_MAX_HEADER)
				break;
			/* Rescan the last two bytes once more data arrives. */
			scan = limit > 2 ? limit - 2 : 0;
			if (hlen || have >= TC_WARC_MAX_HEADER) {
				where(s, rec, at, sizeof at);
				return tc_err_set(err, TC_ERR_TOO_BIG,
						  "record at %s: header longer than %zu bytes", at,
						  TC_WARC_MAX_HEADER);
			}
			if (s->eof) {
				where(s, rec, at, sizeof at);
				return tc_err_set(err, TC_ERR_INVALID,
						  "record at %s: truncated in its header", at);
			}
			if ((st = need(s, have + 1)) != TC_OK)
				return st;
		}
		tc_buf_reset(&r->hdr);
		if ((st = tc_buf_append(&r->hdr, s->win + s->wpos, hlen)) != TC_OK)
			return tc_err_set(err, st, "%s", tc_status_str(st));
		if (memchr(r->hdr.data, '\0', hlen)) {
			where(s, rec, at, sizeof at);
			return tc_err_set(err, TC_ERR_INVALID,
					  "record at %s: control character in the header", at);
		}
		s->wpos += hlen;
		whdr h;
		const char *bad = parse_whdr(r->hdr.data, &h);
		if (bad) {
			where(s, rec, at, sizeof at);
			return tc_err_set(err, TC_ERR_INVALID, "record at %s: %s", at, bad);
		}
		long long len = parse_length(h.length);
		if (len == -2) {
			where(s, rec, at, sizeof at);
			return tc_err_set(err, TC_ERR_TOO_BIG,
					  "record at %s: Content-Length over the %zu-byte cap", at,
					  TC_WARC_MAX_RECORD);
		}
		if (len < 0) {
			where(s, rec, at, sizeof at);
			return tc_err_set(err, TC_ERR_INVALID, "record at %s: malformed Content-Length",
					  at);
		}
		/* The block. */
		size_t want = (size_t)len;
		tc_buf_reset(&r->block);
		while (r->block.len < want) {
			if (s->wpos == s->wlen) {
				if ((st = need(s, 1)) != TC_OK)
					return st;
				if (s->wpos == s->wlen) {
					where(s, rec, at, sizeof at);
					return tc_err_set(err, TC_ERR_INVALID,
							  "record at %s: truncated: Content-Length %zu "
							  "but the data ends after %zu bytes of the block",
							  at, want, r->block.len);
				}
			}
			size_t k = s->wlen - s->wpos;
			if (k > want - r->block.len)
				k = want - r->block.len;
			if ((st = tc_buf_append(&r->block, s->win + s->wpos, k)) != TC_OK)
				return tc_err_set(err, st, "%s", tc_status_str(st));
			s->wpos += k;
		}
		if (!want && (st = tc_buf_append(&r->block, "", 0)) != TC_OK)
			return tc_err_set(err, st, "%s", tc_status_str(st));
		if ((st = finish_record(s, rec)) != TC_OK)
			return st;
		if (strcasecmp(h.type, "response"))
			continue;
		if (h.ctype && (strncasecmp(h.ctype, "application/http", 16) ||
				strstr(h.ctype, "msgtype=request")))
			continue;
		int status = 0;
		size_t head = parse_http(r->block.data, r->block.len, &status);
		if (!head)
			continue;
		tc_warc_response resp;
		memset(&resp, 0, sizeof resp);
		char none[1] = "";
		char *uri = h.uri ? h.uri : none;
		/* WARC 1.0's grammar put the target URI in <>; 1.1 does not. */
		size_t ul = strlen(uri);
		if (ul >= 2 && uri[0] == '<' && uri[ul - 1] == '>') {
			uri[ul - 1] = '\0';
			uri++;
		}
		resp.target_uri = uri;
		resp.date = h.date ? h.date : "";
		resp.record_id = h.id ? h.id : "";
		resp.feed_date = h.feed_date ? h.feed_date : "";
		resp.status = status;
		resp.http_head = r->block.data;
		resp.head_len = head;
		resp.body = r->block.data + head;
		resp.body_len = r->block.len - head;
		int known = 0;
		resp.offset = s->gz ? member_of(s, rec, &known) : rec;
		if (s->gz && !known)
			resp.offset = rec;
		if (cb(ctx, &resp))
			return TC_OK;
	}
}

static tc_status read_src(reader *r, tc_warc_cb cb, void *ctx, tc_err *err)
{
	src *s = &r->s;
	s->err = err;
	tc_buf_init(&r->hdr, TC_WARC_MAX_HEADER);
	tc_buf_init(&r->block, TC_WARC_MAX_RECORD);
	tc_status st = TC_OK;
	s->win = malloc(WIN_SIZE);
	if (!s->win)
		st = tc_err_set(err, TC_ERR_NOMEM, "out of memory");
	/* gzip or not: the first two bytes say. */
	while (st == TC_OK && s->in_len - s->in_pos < 2 && !s->in_eof)
		st = in_fill(s);
	if (st == TC_OK && s->in_len - s->in_pos >= 2 && s->in[s->in_pos] == 0x1f &&
	    s->in[s->in_pos + 1] == 0x8b) {
		s->gz = 1;
		if (inflateInit2(&s->z, 15 + 16) != Z_OK)
			st = tc_err_set(err, TC_ERR_NOMEM, "cannot initialise zlib");
		else
			s->z_ready = 1;
	}
	if (st == TC_OK)
		st = read_records(r, cb, ctx, err);
	if (s->z_ready)
		inflateEnd(&s->z);
	free(s->win);
	tc_buf_release(&r->hdr);
	tc_buf_release(&r->block);
	return st;
}

tc_status tc_warc_read_mem(const char *data, size_t n, tc_warc_cb cb, void *ctx, tc_err *err)
{
	if ((!data && n) || !cb)
		return tc_err_set(err, TC_ERR_USAGE, "tc_warc_read_mem: no data or callback");
	reader r;
	memset(&r, 0, sizeof r);
	r.s.fd = -1;
	r.s.in = (const unsigned char *)data;
	r.s.in_len = n;
	r.s.in_eof = 1;
	return read_src(&r, cb, ctx, err);
}

tc_status tc_warc_read(const char *path, tc_warc_cb cb, void *ctx, tc_err *err)
{
	if (!path || !cb)
		return tc_err_set(err, TC_ERR_USAGE, "tc_warc_read: no path or callback");
	reader r;
	memset(&r, 0, sizeof r);
	r.s.fd = open(path, O_RDONLY | O_CLOEXEC);
	if (r.s.fd < 0)
		return tc_err_set(err, TC_ERR_IO, "cannot open %s: %s", path, strerror(errno));
	r.s.in_buf = malloc(IN_SIZE);
	if (!r.s.in_buf) {
		close(r.s.fd);
		return tc_err_set(err, TC_ERR_NOMEM, "out of memory");
	}
	r.s.in = r.s.in_buf;
	tc_status st = read_src(&r, cb, ctx, err);
	free(r.s.in_buf);
	close(r.s.fd);
	return st;
}

int tc_warc_http_header(const char *head, size_t head_len, const char *name, char *out,
			size_t cap)
{
	if (cap)
		out[0] = '\0';
	if (!head || !name || !cap)
		return 0;
	size_t nlen = strlen(name), i = 0;
	int first = 1, found = 0;
	size_t o = 0;
	while (i < head_len) {
		const char *nl = memchr(head + i, '\n', head_len - i);
		size_t end = nl ? (size_t)(nl - head) : head_len, len = end - i;
		const char *line = head + i;
		i = end + 1;
		if (len && line[len - 1] == '\r')
			len--;
		if (!len)
			break;
		int cont = line[0] == ' ' || line[0] == '\t';
		if (first) {
			first = 0;
			continue; /* the status line */
		}
		if (found && !cont)
			break;
		const char *v;
		size_t vlen;
		if (found) {
			v = line;
			vlen = len;
		} else if (!cont && len > nlen && line[nlen] == ':' && !strncasecmp(line, name, nlen)) {
			found = 1;
			v = line + nlen + 1;
			vlen = len - nlen - 1;
		} else {
			continue;
		}
		while (vlen && (*v == ' ' || *v == '\t'))
			v++, vlen--;
		while (vlen && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t'))
			vlen--;
		size_t sep = o && vlen ? 1 : 0;
		if (o + sep + vlen >= cap) {
			out[0] = '\0';
			return 0;
		}
		if (sep)
			out[o++] = ' ';
		/* A foreign head may hold stray CRs or other control bytes. */
		for (size_t k = 0; k < vlen; k++) {
			unsigned char c = (unsigned char)v[k];
			out[o++] = (char)(c < 0x20 || c == 0x7f ? ' ' : c);
		}
		out[o] = '\0';
	}
	return found;
}
