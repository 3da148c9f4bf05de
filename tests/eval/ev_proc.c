/* ev_proc.c - child processes for the evaluation; see ev_proc.h. */
#include "ev_proc.h"

#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tc_banned.h"

/* One answer line may carry 100 hits with snippets; far below this. */
#define ANSWER_MAX (64u << 20)

static int wait_child(pid_t pid)
{
	int status;
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			return -1;
	}
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return -1;
}

static int make_pipe(int fds[2])
{
	if (pipe(fds) < 0)
		return -1;
	fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	fcntl(fds[1], F_SETFD, FD_CLOEXEC);
	return 0;
}

tc_status ev_run(char *const argv[], tc_buf *out, int *exit_code)
{
	*exit_code = -1;
	int fds[2] = {-1, -1};
	if (out && make_pipe(fds) < 0)
		return TC_ERR_IO;
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		if (out) {
			close(fds[0]);
			close(fds[1]);
		}
		return TC_ERR_IO;
	}
	if (pid == 0) {
		if (out && dup2(fds[1], STDOUT_FILENO) < 0)
			_exit(127);
		execv(argv[0], argv);
		fprintf(stderr, "tracuu-eval: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	tc_status st = TC_OK;
	if (out) {
		close(fds[1]);
		char chunk[65536];
		for (;;) {
			ssize_t r = read(fds[0], chunk, sizeof chunk);
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				break;
			if (st == TC_OK)
				st = tc_buf_append(out, chunk, (size_t)r);
		}
		close(fds[0]);
	}
	*exit_code = wait_child(pid);
	if (*exit_code == 127 && st == TC_OK)
		st = TC_ERR_IO;
	return st;
}

void ev_answer_init(ev_answer *a)
{
	memset(a, 0, sizeof *a);
}

void ev_answer_release(ev_answer *a)
{
	for (size_t i = 0; i < a->n; i++) {
		free(a->hits[i].url);
		free(a->hits[i].title);
	}
	free(a->hits);
	free(a->error_msg);
	ev_answer_init(a);
}

struct ev_searcher {
	pid_t pid;
	FILE *to;     /* its stdin */
	int from;     /* its stdout, read with poll() so a hang can time out */
	tc_buf in;    /* bytes read but not yet consumed */
	int timed_out;
};

#define EXTRA_MAX 8

tc_status ev_searcher_start(const char *bin, const char *db, int limit,
			    const char *const *extra, ev_searcher **out)
{
	*out = NULL;
	char lim[32];
	snprintf(lim, sizeof lim, "%d", limit);
	char *argv[6 + EXTRA_MAX + 1] = {(char *)bin, "--db", (char *)db, "--batch", "--limit", lim};
	size_t na = 6;
	for (size_t i = 0; extra && extra[i]; i++) {
		if (i == EXTRA_MAX)
			return TC_ERR_USAGE;
		argv[na++] = (char *)extra[i];
	}
	argv[na] = NULL;
	ev_searcher *s = calloc(1, sizeof *s);
	if (!s)
		return TC_ERR_NOMEM;
	tc_buf_init(&s->in, ANSWER_MAX);
	int in[2], outp[2];
	if (make_pipe(in) < 0) {
		free(s);
		return TC_ERR_IO;
	}
	if (make_pipe(outp) < 0) {
		close(in[0]);
		close(in[1]);
		free(s);
		return TC_ERR_IO;
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		close(in[0]);
		close(in[1]);
		close(outp[0]);
		close(outp[1]);
		free(s);
		return TC_ERR_IO;
	}
	if (pid == 0) {
		if (dup2(in[0], STDIN_FILENO) < 0 || dup2(outp[1], STDOUT_FILENO) < 0)
			_exit(127);
		execv(bin, argv);
		fprintf(stderr, "tracuu-eval: cannot run %s: %s\n", bin, strerror(errno));
		_exit(127);
	}
	close(in[0]);
	close(outp[1]);
	s->pid = pid;
	s->from = outp[0];
	s->to = fdopen(in[1], "w");
	if (!s->to) {
		close(in[1]);
		close(outp[0]);
		kill(pid, SIGKILL);
		wait_child(pid);
		free(s);
		return TC_ERR_IO;
	}
	*out = s;
	return TC_OK;
}

static char *dup_json_string(json_object *o, const char *key)
{
	json_object *v;
	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	return strdup(json_object_get_string(v));
}

/* Fill a from one answer line; marks a->error when it is not a result object. */
static tc_status parse_answer(const char *line, size_t n, ev_answer *a)
{
	json_tokener *tok = json_tokener_new();
	if (!tok)
		return TC_ERR_NOMEM;
	json_object *o = json_tokener_parse_ex(tok, line, (int)n);
	json_tokener_free(tok);
	json_object *results, *v;
	if (!o || !json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, "results", &results) ||
	    !json_object_is_type(results, json_type_array)) {
		a->error = 1;
		if (o && json_object_is_type(o, json_type_object)) {
			a->error_msg = dup_json_string(o, "error");
			if (!a->error_msg && json_object_object_get_ex(o, "error", &v))
				a->error_msg = strdup(json_object_to_json_string(v));
		} else {
			a->error_msg = strndup(line, n > 200 ? 200 : n);
		}
		json_object_put(o);
		return TC_OK;
	}
	if (json_object_object_get_ex(o, "total", &v))
		a->total = (long long)json_object_get_int64(v);
	if (json_object_object_get_ex(o, "took_ms", &v))
		a->took_ms = json_object_get_double(v);
	size_t cnt = json_object_array_length(results);
	tc_status st = TC_OK;
	if (cnt) {
		a->hits = calloc(cnt, sizeof *a->hits);
		if (!a->hits)
			st = TC_ERR_NOMEM;
	}
	for (size_t i = 0; i < cnt && st == TC_OK; i++) {
		json_object *r = json_object_array_get_idx(results, i);
		char *url = r ? dup_json_string(r, "url") : NULL;
		if (!url) {
			a->error = 1;
			continue;
		}
		a->hits[a->n].url = url;
		a->hits[a->n].title = dup_json_string(r, "title");
		a->n++;
	}
	json_object_put(o);
	return st;
}

static double mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Read until s->in holds a whole line; returns its length (without the
 * newline) or -1 on end of file, error or timeout. */
static long read_line(ev_searcher *s, long timeout_ms)
{
	double deadline = timeout_ms > 0 ? mono_ms() + (double)timeout_ms : 0;
	size_t scanned = 0;
	for (;;) {
		char *nl = s->in.len > scanned ? memchr(s->in.data + scanned, '\n', s->in.len - scanned)
					       : NULL;
		if (nl)
			return (long)(nl - s->in.data);
		scanned = s->in.len;
		int wait = -1;
		if (timeout_ms > 0) {
			double left = deadline - mono_ms();
			if (left <= 0) {
				s->timed_out = 1;
				return -1;
			}
			wait = left > 1e9 ? 1000000000 : (int)left + 1;
		}
		struct pollfd p = {s->from, POLLIN, 0};
		int r = poll(&p, 1, wait);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			continue; /* the deadline check above decides */
		char chunk[65536];
		ssize_t got = read(s->from, chunk, sizeof chunk);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return -1;
		if (tc_buf_append(&s->in, chunk, (size_t)got) != TC_OK)
			return -1;
	}
}

tc_status ev_searcher_query(ev_searcher *s, const char *q, size_t n, long timeout_ms,
			    ev_answer *a)
{
	ev_answer_release(a);
	if (s->timed_out)
		return TC_ERR_IO;
	if (fwrite(q, 1, n, s->to) != n || fputc('\n', s->to) == EOF || fflush(s->to) != 0)
		return TC_ERR_IO;
	long len = read_line(s, timeout_ms);
	if (len < 0)
		return TC_ERR_IO;
	size_t l = (size_t)len;
	while (l && s->in.data[l - 1] == '\r')
		l--;
	tc_status st = parse_answer(s->in.data, l, a);
	/* Drop the line and its newline; keep anything after it. */
	size_t used = (size_t)len + 1;
	memmove(s->in.data, s->in.data + used, s->in.len - used);
	s->in.len -= used;
	s->in.data[s->in.len] = '\0';
	return st;
}

int ev_searcher_timed_out(const ev_searcher *s)
{
	return s->timed_out;
}

int ev_searcher_free(ev_searcher *s)
{
	if (!s)
		return 0;
	if (s->timed_out)
		kill(s->pid, SIGKILL);
	fclose(s->to);
	/* Drain anything unexpected so the child never blocks on a full pipe. */
	char buf[4096];
	if (!s->timed_out)
		while (read(s->from, buf, sizeof buf) > 0)
			;
	close(s->from);
	int rc = wait_child(s->pid);
	tc_buf_release(&s->in);
	free(s);
	return rc;
}
