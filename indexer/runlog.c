/* runlog.c - the record of nightly runs; see runlog.h. */
#define _GNU_SOURCE /* timegm */
#include "runlog.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tc_buf.h"
#include "tc_banned.h"

void tc_run_init(tc_run *r)
{
	memset(r, 0, sizeof *r);
	r->exit_status = -1;
}

void tc_time_iso(time_t t, char out[24])
{
	struct tm tm;
	if (!gmtime_r(&t, &tm) || strftime(out, 24, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(out, 24, "1970-01-01T00:00:00Z");
}

static int digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 1;
}

int tc_time_parse_iso(const char *s, time_t *out)
{
	/* YYYY-MM-DDTHH:MM:SSZ, exactly: what tc_time_iso writes. */
	int y, mo, d, h, mi, se;
	if (strlen(s) != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' ||
	    s[16] != ':' || s[19] != 'Z' || !digits(s, 4, &y) || !digits(s + 5, 2, &mo) ||
	    !digits(s + 8, 2, &d) || !digits(s + 11, 2, &h) || !digits(s + 14, 2, &mi) ||
	    !digits(s + 17, 2, &se))
		return 0;
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60)
		return 0;
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = se;
	*out = timegm(&tm);
	return 1;
}

/* Copy a string member (cut to cap-1 bytes at a UTF-8 boundary). */
static int get_str(json_object *o, const char *key, char *out, size_t cap, int required)
{
	json_object *v;
	out[0] = '\0';
	if (!json_object_object_get_ex(o, key, &v) || json_object_is_type(v, json_type_null))
		return !required;
	if (!json_object_is_type(v, json_type_string))
		return 0;
	const char *s = json_object_get_string(v);
	size_t n = (size_t)json_object_get_string_len(v);
	if (n >= cap) {
		n = cap - 1;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(out, s, n);
	out[n] = '\0';
	return 1;
}

static int get_u64(json_object *o, const char *key, uint64_t *out)
{
	json_object *v;
	*out = 0;
	if (!json_object_object_get_ex(o, key, &v) || json_object_is_type(v, json_type_null))
		return 1;
	if (!json_object_is_type(v, json_type_int))
		return 0;
	int64_t i = json_object_get_int64(v);
	if (i < 0)
		return 0;
	*out = (uint64_t)i;
	return 1;
}

/* One line into r; 0 when it is not a run. */
static int parse_line(const char *s, size_t n, tc_run *r)
{
	tc_run_init(r);
	if (n > INT32_MAX)
		return 0;
	json_tokener *tok = json_tokener_new();
	if (!tok)
		return 0;
	json_object *o = json_tokener_parse_ex(tok, s, (int)n);
	int ok = o && json_tokener_get_error(tok) == json_tokener_success &&
		 json_tokener_get_parse_end(tok) == n && json_object_is_type(o, json_type_object);
	json_tokener_free(tok);
	json_object *v;
	uint64_t pid = 0;
	time_t t;
	ok = ok && get_str(o, "started", r->started, sizeof r->started, 1) &&
	     tc_time_parse_iso(r->started, &t) &&
	     get_str(o, "finished", r->finished, sizeof r->finished, 0) &&
	     (!r->finished[0] || tc_time_parse_iso(r->finished, &t)) &&
	     get_str(o, "mode", r->mode, sizeof r->mode, 0) &&
	     get_str(o, "generation", r->generation, sizeof r->generation, 0) &&
	     get_str(o, "message", r->message, sizeof r->message, 0) && get_u64(o, "pid", &pid) &&
	     pid <= INT32_MAX && get_u64(o, "fetched", &r->fetched) &&
	     get_u64(o, "not_modified", &r->not_modified) && get_u64(o, "indexed", &r->indexed) &&
	     get_u64(o, "deleted", &r->deleted) && get_u64(o, "failed", &r->failed) &&
	     get_u64(o, "kept", &r->kept);
	r->pid = (long)pid;
	if (ok && json_object_object_get_ex(o, "exit_status", &v) &&
	    !json_object_is_type(v, json_type_null)) {
		int64_t e = json_object_get_int64(v);
		if (!json_object_is_type(v, json_type_int) || e < 0 || e > 255)
			ok = 0;
		else
			r->exit_status = (int)e;
	}
	if (ok && json_object_object_get_ex(o, "duration", &v) &&
	    !json_object_is_type(v, json_type_null)) {
		if (json_object_is_type(v, json_type_double) || json_object_is_type(v, json_type_int))
			r->duration = json_object_get_double(v);
		else
			ok = 0;
		if (!(r->duration >= 0 && r->duration < 1e9))
			ok = 0;
	}
	if (ok && json_object_object_get_ex(o, "interrupted", &v))
		r->interrupted = json_object_get_boolean(v) ? 1 : 0;
	json_object_put(o);
	return ok;
}

void tc_runlog_parse(const char *text, size_t n, tc_run *runs, size_t max, size_t *nruns,
		     size_t *bad)
{
	*nruns = 0;
	*bad = 0;
	size_t total = 0; /* good lines seen; runs[] is a ring of the last max */
	const char *p = text, *end = text + n;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		size_t len = (size_t)(e - p);
		if (len && max) {
			tc_run r;
			if (parse_line(p, len, &r))
				runs[total++ % max] = r;
			else
				(*bad)++;
		}
		p = nl ? nl + 1 : end;
	}
	if (total > max && max) {
		/* Rotate the ring so the oldest kept run comes first. */
		size_t start = total % max;
		tc_run *tmp = malloc(max * sizeof *tmp);
		if (tmp) {
			for (size_t i = 0; i < max; i++)
				tmp[i] = runs[(start + i) % max];
			memcpy(runs, tmp, max * sizeof *tmp);
			free(tmp);
		} else {
			total = max; /* out of memory: the order is off, the runs are there */
		}
	}
	*nruns = total < max ? total : max;
}

tc_status tc_runlog_read(const char *path, tc_run *runs, size_t max, size_t *nruns, size_t *bad,
			 tc_err *err)
{
	*nruns = 0;
	*bad = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? TC_OK
				       : tc_err_set(err, TC_ERR_IO, "cannot read %s: %s", path,
						    strerror(errno));
	struct stat sb;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return tc_err_set(err, TC_ERR_IO, "%s is not a regular file", path);
	}
	off_t from = sb.st_size > (off_t)TC_RUNLOG_MAX_BYTES ? sb.st_size - (off_t)TC_RUNLOG_MAX_BYTES : 0;
	size_t cap = (size_t)(sb.st_size - from);
	char *buf = malloc(cap + 1);
	if (!buf) {
		close(fd);
		return TC_ERR_NOMEM;
	}
	size_t got = 0;
	while (got < cap) {
		ssize_t r = pread(fd, buf + got, cap - got, from + (off_t)got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	const char *text = buf;
	if (from > 0) { /* started mid-line: skip to the next whole one */
		const char *nl = memchr(buf, '\n', got);
		got = nl ? got - (size_t)(nl + 1 - buf) : 0;
		text = nl ? nl + 1 : buf;
	}
	tc_runlog_parse(text, got, runs, max, nruns, bad);
	free(buf);
	return TC_OK;
}

json_object *tc_run_to_json(const tc_run *r)
{
	json_object *o = json_object_new_object();
	if (!o)
		return NULL;
	json_object_object_add(o, "started", json_object_new_string(r->started));
	json_object_object_add(o, "finished",
			       r->finished[0] ? json_object_new_string(r->finished) : NULL);
	json_object_object_add(o, "exit_status",
			       r->exit_status >= 0 ? json_object_new_int(r->exit_status) : NULL);
	json_object_object_add(o, "interrupted", json_object_new_boolean(r->interrupted));
	json_object_object_add(o, "mode", json_object_new_string(r->mode));
	json_object_object_add(o, "pid", json_object_new_int64(r->pid));
	json_object_object_add(o, "fetched", json_object_new_int64((int64_t)r->fetched));
	json_object_object_add(o, "not_modified", json_object_new_int64((int64_t)r->not_modified));
	json_object_object_add(o, "indexed", json_object_new_int64((int64_t)r->indexed));
	json_object_object_add(o, "deleted", json_object_new_int64((int64_t)r->deleted));
	json_object_object_add(o, "failed", json_object_new_int64((int64_t)r->failed));
	json_object_object_add(o, "kept", json_object_new_int64((int64_t)r->kept));
	json_object_object_add(o, "generation",
			       r->generation[0] ? json_object_new_string(r->generation) : NULL);
	json_object_object_add(o, "duration", json_object_new_double(r->duration));
	json_object_object_add(o, "message",
			       r->message[0] ? json_object_new_string(r->message) : NULL);
	return o;
}

static tc_status write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return TC_ERR_IO;
		p += w;
		n -= (size_t)w;
	}
	return TC_OK;
}

tc_status tc_runlog_write(const char *path, const tc_run *runs, size_t n, tc_err *err)
{
	if (n > TC_RUNLOG_KEEP) {
		runs += n - TC_RUNLOG_KEEP;
		n = TC_RUNLOG_KEEP;
	}
	char tmp[4096];
	if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp)
		return tc_err_set(err, TC_ERR_TOO_BIG, "path too long: %s", path);
	tc_buf out;
	tc_buf_init(&out, TC_RUNLOG_MAX_BYTES);
	tc_status st = TC_OK;
	for (size_t i = 0; i < n && st == TC_OK; i++) {
		json_object *o = tc_run_to_json(&runs[i]);
		if (!o) {
			st = TC_ERR_NOMEM;
			break;
		}
		const char *line = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
		st = line ? tc_buf_printf(&out, "%s\n", line) : TC_ERR_NOMEM;
		json_object_put(o);
	}
	if (st != TC_OK) {
		tc_buf_release(&out);
		return tc_err_set(err, st, "cannot write the run record: %s", tc_status_str(st));
	}
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		int e = errno;
		tc_buf_release(&out);
		return tc_err_set(err, TC_ERR_IO, "cannot write %s: %s", tmp, strerror(e));
	}
	int e = 0;
	if (write_all(fd, out.data ? out.data : "", out.len) != TC_OK || fsync(fd) != 0)
		e = errno ? errno : EIO;
	if (close(fd) != 0 && !e)
		e = errno;
	tc_buf_release(&out);
	if (!e && rename(tmp, path) != 0)
		e = errno;
	if (e) {
		unlink(tmp);
		return tc_err_set(err, TC_ERR_IO, "cannot write %s: %s", path, strerror(e));
	}
	return TC_OK;
}
