/* gzin.c - gzip or plain file reader that reports damage; see gzin.h. */
#include "gzin.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "tc_banned.h"

#define IN_SIZE ((size_t)64 << 10)

struct tc_gzin {
	FILE *f;                  /* NULL when reading memory */
	const unsigned char *in;  /* in[in_pos..in_len) not yet consumed */
	unsigned char *in_buf;    /* owned, for a file */
	size_t in_pos, in_len;
	uint64_t in_off;          /* file offset of in[0] */
	int in_eof;               /* nothing beyond in[in_len] */
	int gz, z_ready, in_member;
	uint64_t member_off;      /* file offset of the current member */
	z_stream z;
	tc_status failed;         /* sticky fault, reported after the bytes before it */
	tc_err why;
};

static tc_status gzin_new(tc_gzin **out, tc_err *err)
{
	*out = calloc(1, sizeof **out);
	if (!*out)
		return tc_err_set(err, TC_ERR_NOMEM, "out of memory");
	return TC_OK;
}

/* Refill in[] for a file (keeping the unconsumed bytes); sets in_eof at its end. */
static tc_status in_fill(tc_gzin *g)
{
	if (!g->f) {
		g->in_eof = 1;
		return TC_OK;
	}
	if (g->in_pos) {
		memmove(g->in_buf, g->in_buf + g->in_pos, g->in_len - g->in_pos);
		g->in_off += g->in_pos;
		g->in_len -= g->in_pos;
		g->in_pos = 0;
	}
	size_t k = fread(g->in_buf + g->in_len, 1, IN_SIZE - g->in_len, g->f);
	g->in_len += k;
	if (k == 0) {
		if (ferror(g->f))
			return tc_err_set(&g->why, TC_ERR_IO, "read error at byte %" PRIu64 ": %s",
					  g->in_off + g->in_len, strerror(errno ? errno : EIO));
		g->in_eof = 1;
	}
	return TC_OK;
}

/* Decide gzip or not from the first two bytes. */
static tc_status sniff(tc_gzin *g, tc_err *err)
{
	while (g->in_len - g->in_pos < 2 && !g->in_eof) {
		tc_status st = in_fill(g);
		if (st != TC_OK)
			return tc_err_set(err, st, "%s", g->why.msg);
	}
	if (g->in_len - g->in_pos < 2 || g->in[g->in_pos] != 0x1f || g->in[g->in_pos + 1] != 0x8b)
		return TC_OK;
	g->gz = 1;
	/* 15 + 16: gzip header and trailer only; a zlib or raw stream is damage. */
	if (inflateInit2(&g->z, 15 + 16) != Z_OK)
		return tc_err_set(err, TC_ERR_NOMEM, "cannot initialise zlib");
	g->z_ready = 1;
	return TC_OK;
}

tc_status tc_gzin_open(const char *path, tc_gzin **out, tc_err *err)
{
	*out = NULL;
	tc_gzin *g;
	tc_status st = gzin_new(&g, err);
	if (st != TC_OK)
		return st;
	g->f = fopen(path, "rb");
	if (!g->f) {
		st = tc_err_set(err, TC_ERR_IO, "%s", strerror(errno ? errno : EIO));
		free(g);
		return st;
	}
	g->in_buf = malloc(IN_SIZE);
	if (!g->in_buf) {
		tc_gzin_free(g);
		return tc_err_set(err, TC_ERR_NOMEM, "out of memory");
	}
	g->in = g->in_buf;
	st = sniff(g, err);
	if (st != TC_OK) {
		tc_gzin_free(g);
		return st;
	}
	*out = g;
	return TC_OK;
}

tc_status tc_gzin_open_mem(const void *data, size_t n, tc_gzin **out, tc_err *err)
{
	*out = NULL;
	if (!data && n)
		return tc_err_set(err, TC_ERR_USAGE, "tc_gzin_open_mem: no data");
	tc_gzin *g;
	tc_status st = gzin_new(&g, err);
	if (st != TC_OK)
		return st;
	g->in = data;
	g->in_len = n;
	g->in_eof = 1;
	st = sniff(g, err);
	if (st != TC_OK) {
		tc_gzin_free(g);
		return st;
	}
	*out = g;
	return TC_OK;
}

/* Record the fault (message already in g->why) and return what the caller
 * should see now: TC_OK while bytes decoded before it are still to be handed out. */
static tc_status fault(tc_gzin *g, tc_status st, size_t got)
{
	g->failed = st;
	return got ? TC_OK : st;
}

tc_status tc_gzin_read(tc_gzin *g, void *buf, size_t cap, size_t *got, tc_err *err)
{
	*got = 0;
	if (g->failed)
		return tc_err_set(err, g->failed, "%s", g->why.msg);
	if (!cap)
		return tc_err_set(err, TC_ERR_USAGE, "tc_gzin_read: no room");
	unsigned char *out = buf;
	size_t n = 0;
	tc_status st = TC_OK;
	while (n == 0 && st == TC_OK) {
		if (g->in_pos == g->in_len && !g->in_eof) {
			if ((st = in_fill(g)) != TC_OK)
				st = fault(g, st, n);
			continue;
		}
		size_t avail = g->in_len - g->in_pos;
		if (!g->gz) {
			if (!avail)
				break; /* the end */
			size_t k = avail < cap ? avail : cap;
			memcpy(out, g->in + g->in_pos, k);
			g->in_pos += k;
			n = k;
			break;
		}
		if (!g->in_member) {
			/* Between members: gzip(1) ignores zero padding after the last. */
			while (g->in_pos < g->in_len && g->in[g->in_pos] == 0)
				g->in_pos++;
			avail = g->in_len - g->in_pos;
			if (!avail && g->in_eof)
				break; /* the end */
			if (avail < 2 && !g->in_eof) {
				if ((st = in_fill(g)) != TC_OK)
					st = fault(g, st, n);
				continue;
			}
			uint64_t at = g->in_off + g->in_pos;
			if (avail < 2 || g->in[g->in_pos] != 0x1f || g->in[g->in_pos + 1] != 0x8b) {
				tc_err_set(&g->why, TC_ERR_INVALID,
					   "byte %" PRIu64 ": data after the end of the gzip stream "
					   "that is not another gzip member (trailing garbage)", at);
				st = fault(g, TC_ERR_INVALID, n);
				continue;
			}
			if (inflateReset(&g->z) != Z_OK) {
				tc_err_set(&g->why, TC_ERR_NOMEM, "zlib failed");
				st = fault(g, TC_ERR_NOMEM, n);
				continue;
			}
			g->in_member = 1;
			g->member_off = at;
		}
		g->z.next_in = (Bytef *)(uintptr_t)(g->in + g->in_pos);
		g->z.avail_in = (uInt)(avail < UINT_MAX ? avail : UINT_MAX);
		g->z.next_out = out + n;
		g->z.avail_out = (uInt)(cap - n < UINT_MAX ? cap - n : UINT_MAX);
		int rc = inflate(&g->z, Z_NO_FLUSH);
		size_t used = (size_t)(g->z.next_in - (g->in + g->in_pos));
		g->in_pos += used;
		n = (size_t)(g->z.next_out - out);
		if (rc == Z_STREAM_END) {
			g->in_member = 0;
			continue;
		}
		if (rc == Z_OK)
			continue;
		if (rc == Z_BUF_ERROR && !(g->in_eof && g->in_pos == g->in_len))
			continue; /* needs more input */
		if (rc == Z_BUF_ERROR) {
			tc_err_set(&g->why, TC_ERR_INVALID,
				   "gzip data truncated: the file ends at byte %" PRIu64
				   " inside the gzip member that starts at byte %" PRIu64
				   " (unexpected end of file)",
				   g->in_off + g->in_len, g->member_off);
			st = fault(g, TC_ERR_INVALID, n);
		} else if (rc == Z_MEM_ERROR) {
			tc_err_set(&g->why, TC_ERR_NOMEM, "out of memory in zlib");
			st = fault(g, TC_ERR_NOMEM, n);
		} else {
			const char *msg = g->z.msg ? g->z.msg : "bad data";
			tc_err_set(&g->why, TC_ERR_INVALID,
				   "gzip data corrupt in the gzip member that starts at byte %" PRIu64
				   ", near byte %" PRIu64 ": %s%s",
				   g->member_off, g->in_off + g->in_pos, msg,
				   !strcmp(msg, "incorrect data check") ? " (CRC mismatch)" : "");
			st = fault(g, TC_ERR_INVALID, n);
		}
	}
	if (st != TC_OK)
		return tc_err_set(err, st, "%s", g->why.msg);
	*got = n;
	return TC_OK;
}

uint64_t tc_gzin_offset(const tc_gzin *g)
{
	return g->in_off + g->in_pos;
}

int tc_gzin_is_gzip(const tc_gzin *g)
{
	return g->gz;
}

void tc_gzin_free(tc_gzin *g)
{
	if (!g)
		return;
	if (g->z_ready)
		inflateEnd(&g->z);
	if (g->f)
		fclose(g->f);
	free(g->in_buf);
	free(g);
}
