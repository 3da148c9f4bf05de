/* tc_stub.c - Xapian stub files read and written; see tc_stub.h. */
#include "tc_stub.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tc_banned.h"

static const char allowed[] =
	"allowed: '# comment', 'auto PATH', 'glass PATH', 'remote HOST:PORT' or "
	"'remote tcp HOST PORT'";

/* A port: 1..65535, digits only. */
static int parse_port(const char *s, size_t n, unsigned *out)
{
	unsigned v = 0;
	if (n == 0 || n > 5)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	if (v < 1 || v > 65535)
		return 0;
	*out = v;
	return 1;
}

/* A host name or address as a line gives it: printable, no spaces, no '/'. */
static int good_host(const char *s, size_t n)
{
	if (n == 0 || n > TC_STUB_HOST_MAX)
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= ' ' || c >= 0x7f || c == '/')
			return 0;
	}
	return 1;
}

static tc_status bad_line(tc_err *err, const char *origin, size_t line_no, const char *why)
{
	return tc_err_set(err, TC_ERR_INVALID, "%s:%zu: %s; %s", origin, line_no, why, allowed);
}

static tc_status add_remote(tc_shard_spec *sp, const char *host, size_t hn, unsigned port)
{
	sp->kind = TC_SHARD_REMOTE;
	memcpy(sp->host, host, hn);
	sp->host[hn] = '\0';
	sp->port = port;
	/* Xapian's own name for the connection (RemoteTcpClient's context). */
	snprintf(sp->name, sizeof sp->name, "remote:tcp(%s:%u)", sp->host, port);
	return TC_OK;
}

/* "HOST:PORT" or "[V6]:PORT", as Xapian 1.4 reads it; 0 if not. */
static int split_host_port(const char *s, size_t n, const char **host, size_t *hn, unsigned *port)
{
	const char *colon = NULL;
	for (size_t i = n; i > 0; i--)
		if (s[i - 1] == ':') {
			colon = s + i - 1;
			break;
		}
	if (!colon || !parse_port(colon + 1, (size_t)(s + n - colon - 1), port))
		return 0;
	*host = s;
	*hn = (size_t)(colon - s);
	if (*hn >= 2 && s[0] == '[' && s[*hn - 1] == ']') {
		*host = s + 1;
		*hn -= 2;
	}
	return good_host(*host, *hn);
}

static tc_status parse_line(const char *line, size_t n, const char *base_dir, const char *origin,
			    size_t line_no, tc_shard_spec *sp, tc_err *err)
{
	const char *sp1 = memchr(line, ' ', n);
	size_t tn = sp1 ? (size_t)(sp1 - line) : n;
	const char *rest = sp1 ? sp1 + 1 : line + n;
	size_t rn = (size_t)(line + n - rest);
	if ((tn == 4 && !memcmp(line, "auto", 4)) || (tn == 5 && !memcmp(line, "glass", 5))) {
		if (rn == 0)
			return bad_line(err, origin, line_no, "a database line needs a path");
		sp->kind = TC_SHARD_LOCAL;
		int w = rest[0] == '/' ? snprintf(sp->path, sizeof sp->path, "%.*s", (int)rn, rest)
				       : snprintf(sp->path, sizeof sp->path, "%s/%.*s", base_dir, (int)rn, rest);
		if (w < 0 || (size_t)w >= sizeof sp->path)
			return bad_line(err, origin, line_no, "the path is too long");
		snprintf(sp->name, sizeof sp->name, "%s", sp->path);
		return TC_OK;
	}
	if (tn == 6 && !memcmp(line, "remote", 6)) {
		const char *host;
		size_t hn;
		unsigned port;
		if (rn > 4 && !memcmp(rest, "tcp ", 4)) {
			const char *h = rest + 4, *end = line + n;
			const char *sp2 = memchr(h, ' ', (size_t)(end - h));
			if (!sp2 || !good_host(h, (size_t)(sp2 - h)) ||
			    !parse_port(sp2 + 1, (size_t)(end - sp2 - 1), &port))
				return bad_line(err, origin, line_no,
						"'remote tcp' needs a host and a port from 1 to 65535");
			return add_remote(sp, h, (size_t)(sp2 - h), port);
		}
		if (rn && rest[0] == ':')
			return bad_line(err, origin, line_no,
					"remote programs ('remote :PROGRAM') are not started by tracuu");
		if (!split_host_port(rest, rn, &host, &hn, &port))
			return bad_line(err, origin, line_no,
					"'remote' needs HOST:PORT with a port from 1 to 65535");
		return add_remote(sp, host, hn, port);
	}
	return bad_line(err, origin, line_no, "unknown line");
}

void tc_stub_release(tc_stub *s)
{
	free(s->shard);
	s->shard = NULL;
	s->n = 0;
}

tc_status tc_stub_parse(const char *text, size_t len, const char *base_dir, const char *origin,
			tc_stub *out, tc_err *err)
{
	out->shard = NULL;
	out->n = 0;
	if (len > TC_STUB_MAX_BYTES)
		return tc_err_set(err, TC_ERR_TOO_BIG, "%s: %zu bytes; a stub file may have at most %u",
				  origin, len, TC_STUB_MAX_BYTES);
	if (memchr(text, '\0', len))
		return tc_err_set(err, TC_ERR_INVALID, "%s: a NUL byte: not a stub file (text lines: %s)",
				  origin, allowed);
	tc_stub s = {NULL, 0};
	size_t cap = 0, line_no = 0;
	tc_status st = TC_OK;
	for (size_t i = 0; i < len && st == TC_OK;) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - text) : len;
		const char *line = text + i;
		size_t n = end - i;
		i = end + 1;
		line_no++;
		while (n && (line[n - 1] == '\r' || line[n - 1] == ' ' || line[n - 1] == '\t'))
			n--;
		if (n == 0 || line[0] == '#')
			continue;
		if (s.n == TC_STUB_MAX_SHARDS) {
			st = tc_err_set(err, TC_ERR_TOO_BIG, "%s:%zu: more than %d shards", origin, line_no,
					TC_STUB_MAX_SHARDS);
			break;
		}
		if (s.n == cap) {
			size_t nc = cap ? cap * 2 : 4;
			tc_shard_spec *p = realloc(s.shard, nc * sizeof *p);
			if (!p) {
				st = TC_ERR_NOMEM;
				break;
			}
			s.shard = p;
			cap = nc;
		}
		memset(&s.shard[s.n], 0, sizeof s.shard[s.n]);
		st = parse_line(line, n, base_dir, origin, line_no, &s.shard[s.n], err);
		if (st == TC_OK)
			s.n++;
	}
	if (st == TC_OK && s.n == 0)
		st = tc_err_set(err, TC_ERR_INVALID, "%s lists no database (%s)", origin, allowed);
	if (st != TC_OK) {
		tc_stub_release(&s);
		return st;
	}
	*out = s;
	return TC_OK;
}

int tc_stub_is_stub(const char *path)
{
	struct stat sb;
	if (stat(path, &sb) != 0)
		return 0;
	if (S_ISREG(sb.st_mode))
		return 1;
	char p[TC_PATH_MAX];
	int n = snprintf(p, sizeof p, "%s/" TC_STUB_FILE, path);
	return S_ISDIR(sb.st_mode) && n > 0 && (size_t)n < sizeof p && stat(p, &sb) == 0 &&
	       S_ISREG(sb.st_mode);
}

tc_status tc_stub_load(const char *path, tc_stub *out, tc_err *err)
{
	out->shard = NULL;
	out->n = 0;
	char file[TC_PATH_MAX], base[TC_PATH_MAX];
	struct stat sb;
	if (stat(path, &sb) != 0)
		return tc_err_set(err, TC_ERR_NOT_FOUND, "no stub file at %s: %s", path, strerror(errno));
	int n = S_ISDIR(sb.st_mode) ? snprintf(file, sizeof file, "%s/" TC_STUB_FILE, path)
				    : snprintf(file, sizeof file, "%s", path);
	if (n < 0 || (size_t)n >= sizeof file)
		return tc_err_set(err, TC_ERR_TOO_BIG, "path too long: %s", path);
	memcpy(base, file, (size_t)n + 1);
	char *slash = strrchr(base, '/');
	if (!slash)
		snprintf(base, sizeof base, ".");
	else if (slash == base)
		base[1] = '\0';
	else
		*slash = '\0';
	int fd = open(file, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return tc_err_set(err, errno == ENOENT ? TC_ERR_NOT_FOUND : TC_ERR_IO,
				  "cannot read stub file %s: %s", file, strerror(errno));
	char *text = malloc(TC_STUB_MAX_BYTES + 1);
	size_t len = 0;
	tc_status st = text ? TC_OK : TC_ERR_NOMEM;
	while (st == TC_OK) {
		ssize_t r = read(fd, text + len, TC_STUB_MAX_BYTES + 1 - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			st = tc_err_set(err, TC_ERR_IO, "cannot read stub file %s: %s", file, strerror(errno));
		else if (r == 0)
			break;
		else if ((len += (size_t)r) > TC_STUB_MAX_BYTES)
			break; /* tc_stub_parse says it is too big */
	}
	close(fd);
	if (st == TC_OK)
		st = tc_stub_parse(text, len, base, file, out, err);
	free(text);
	return st;
}

tc_status tc_stub_shard_name(size_t k, char *out, size_t cap)
{
	int n = snprintf(out, cap, "shard%zu", k);
	return n > 0 && (size_t)n < cap ? TC_OK : TC_ERR_TOO_BIG;
}

tc_status tc_stub_write_local(const char *dir, size_t n, tc_err *err)
{
	char tmp[TC_PATH_MAX], file[TC_PATH_MAX];
	int a = snprintf(tmp, sizeof tmp, "%s/." TC_STUB_FILE ".tmp", dir);
	int b = snprintf(file, sizeof file, "%s/" TC_STUB_FILE, dir);
	if (a < 0 || (size_t)a >= sizeof tmp || b < 0 || (size_t)b >= sizeof file)
		return tc_err_set(err, TC_ERR_TOO_BIG, "path too long: %s", dir);
	if (n < 1 || n > TC_STUB_MAX_SHARDS)
		return tc_err_set(err, TC_ERR_USAGE, "a generation has 1 to %d shards, not %zu",
				  TC_STUB_MAX_SHARDS, n);
	FILE *f = fopen(tmp, "w");
	if (!f)
		return tc_err_set(err, TC_ERR_IO, "cannot write %s: %s", tmp, strerror(errno));
	fprintf(f, "# the shards of this generation, one database each: documents are placed\n"
		   "# by FNV-1a 64 of their unique-id term, modulo %zu (docs/SCALE.md)\n", n);
	for (size_t k = 0; k < n; k++)
		fprintf(f, "auto shard%zu\n", k);
	int bad = fflush(f) != 0 || fsync(fileno(f)) != 0;
	int e = errno;
	if (fclose(f) != 0 && !bad) {
		bad = 1;
		e = errno;
	}
	if (bad || rename(tmp, file) != 0) {
		if (!bad)
			e = errno;
		unlink(tmp);
		return tc_err_set(err, TC_ERR_IO, "cannot write %s: %s", file, strerror(e));
	}
	return TC_OK;
}
