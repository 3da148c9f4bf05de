/* bench_proc.c - child processes, pipes and clocks; see bench_proc.h. */
#include "bench_proc.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tc_banned.h"

extern char **environ;

double bp_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

bp_dist bp_dist_of(double *v, size_t n)
{
	bp_dist d;
	memset(&d, 0, sizeof d);
	d.n = n;
	if (n == 0)
		return d;
	qsort(v, n, sizeof *v, cmp_double);
	double sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += v[i];
	size_t i50 = (size_t)ceil(0.50 * (double)n), i90 = (size_t)ceil(0.90 * (double)n),
	       i99 = (size_t)ceil(0.99 * (double)n);
	d.median = v[i50 ? i50 - 1 : 0];
	d.p90 = v[i90 ? i90 - 1 : 0];
	d.p99 = v[i99 ? i99 - 1 : 0];
	d.max = v[n - 1];
	d.mean = sum / (double)n;
	return d;
}

static int pipe_cloexec(int fds[2])
{
	if (pipe(fds) != 0)
		return -1;
	if (fcntl(fds[0], F_SETFD, FD_CLOEXEC) != 0 || fcntl(fds[1], F_SETFD, FD_CLOEXEC) != 0) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	return 0;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

tc_status bp_spawn(const char *const *argv, unsigned flags, bp_child *out, tc_err *err)
{
	out->pid = -1;
	out->in = out->out = -1;
	int in[2] = {-1, -1}, op[2] = {-1, -1};
	if (((flags & BP_STDIN_PIPE) && pipe_cloexec(in) != 0) ||
	    ((flags & BP_STDOUT_PIPE) && pipe_cloexec(op) != 0)) {
		int e = errno;
		close_fd(&in[0]);
		close_fd(&in[1]);
		return tc_err_set(err, TC_ERR_IO, "pipe: %s", strerror(e));
	}
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	posix_spawn_file_actions_init(&fa);
	posix_spawnattr_init(&attr);
	sigset_t def;
	sigemptyset(&def);
	sigaddset(&def, SIGPIPE);
	posix_spawnattr_setsigdefault(&attr, &def);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);

	if (flags & BP_STDIN_PIPE)
		posix_spawn_file_actions_adddup2(&fa, in[0], STDIN_FILENO);
	else
		posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
	if (flags & BP_STDOUT_PIPE)
		posix_spawn_file_actions_adddup2(&fa, op[1], STDOUT_FILENO);
	else if (flags & BP_STDOUT_NULL)
		posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
	if (flags & BP_STDERR_TO_STDOUT)
		posix_spawn_file_actions_adddup2(&fa, STDOUT_FILENO, STDERR_FILENO);
	else if (flags & BP_STDERR_NULL)
		posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0);

	pid_t pid;
	int rc = posix_spawnp(&pid, argv[0], &fa, &attr, (char *const *)argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	close_fd(&in[0]);
	close_fd(&op[1]);
	if (rc != 0) {
		close_fd(&in[1]);
		close_fd(&op[0]);
		return tc_err_set(err, TC_ERR_IO, "cannot run %s: %s", argv[0], strerror(rc));
	}
	out->pid = pid;
	out->in = in[1];
	out->out = op[0];
	return TC_OK;
}

tc_status bp_wait(bp_child *c, int *status, struct rusage *ru, tc_err *err)
{
	struct rusage local;
	close_fd(&c->in);
	close_fd(&c->out);
	*status = 0;
	if (c->pid <= 0)
		return tc_err_set(err, TC_ERR_USAGE, "no child to wait for");
	pid_t r;
	do
		r = wait4(c->pid, status, 0, ru ? ru : &local);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return tc_err_set(err, TC_ERR_IO, "wait: %s", strerror(errno));
	c->pid = -1;
	return TC_OK;
}

tc_status bp_write_all(int fd, const char *s, size_t n, tc_err *err)
{
	while (n > 0) {
		ssize_t w = write(fd, s, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return tc_err_set(err, TC_ERR_IO, "write to child: %s", strerror(errno));
		}
		s += w;
		n -= (size_t)w;
	}
	return TC_OK;
}

tc_status bp_capture(const char *const *argv, size_t cap, char **out, int *status,
		     struct rusage *ru, double *wall_ms, tc_err *err)
{
	*out = NULL;
	*status = 0;
	*wall_ms = 0;
	if (cap < 2)
		cap = 2;
	bp_child c;
	double t0 = bp_now_ms();
	tc_status st = bp_spawn(argv, BP_STDOUT_PIPE | BP_STDERR_TO_STDOUT, &c, err);
	if (st != TC_OK)
		return st;
	tc_buf b;
	tc_buf_init(&b, cap);
	char chunk[1 << 14];
	for (;;) {
		ssize_t r = read(c.out, chunk, sizeof chunk);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		size_t k = (size_t)r;
		if (b.len + k > cap) {
			/* keep the newest half: the summary is at the end */
			size_t keep = cap / 2 < b.len ? cap / 2 : b.len;
			memmove(b.data, b.data + b.len - keep, keep);
			b.len = keep;
			if (k > cap - keep)
				k = cap - keep;
		}
		if (st == TC_OK)
			st = tc_buf_append(&b, chunk + (size_t)r - k, k);
	}
	tc_status w = bp_wait(&c, status, ru, err);
	*wall_ms = bp_now_ms() - t0;
	if (st != TC_OK) {
		tc_buf_release(&b);
		return tc_err_set(err, st, "capturing the output of %s: %s", argv[0],
				  tc_status_str(st));
	}
	if (w != TC_OK) {
		tc_buf_release(&b);
		return w;
	}
	*out = tc_buf_detach(&b, NULL);
	return *out ? TC_OK : tc_err_set(err, TC_ERR_NOMEM, "out of memory");
}

void bp_lines_init(bp_lines *l, int fd, size_t max_line)
{
	l->fd = fd;
	tc_buf_init(&l->buf, max_line);
	l->start = 0;
}

void bp_lines_release(bp_lines *l)
{
	tc_buf_release(&l->buf);
	l->start = 0;
}

tc_status bp_lines_next(bp_lines *l, int timeout_ms, const char **line, size_t *len, tc_err *err)
{
	*line = NULL;
	*len = 0;
	double deadline = bp_now_ms() + timeout_ms;
	size_t scanned = 0; /* bytes after start already known to hold no '\n' */
	for (;;) {
		if (l->buf.len > l->start) {
			char *base = l->buf.data + l->start;
			char *nl = memchr(base + scanned, '\n', l->buf.len - l->start - scanned);
			if (nl) {
				*nl = '\0';
				*line = base;
				*len = (size_t)(nl - base);
				l->start += *len + 1;
				return TC_OK;
			}
			scanned = l->buf.len - l->start;
		}
		if (l->start > 0) { /* drop what was consumed before reading more */
			size_t rest = l->buf.len - l->start;
			if (rest)
				memmove(l->buf.data, l->buf.data + l->start, rest);
			l->buf.len = rest;
			if (l->buf.data)
				l->buf.data[rest] = '\0';
			l->start = 0;
		}
		double left = deadline - bp_now_ms();
		if (left <= 0)
			return tc_err_set(err, TC_ERR_IO, "no answer within %d ms", timeout_ms);
		struct pollfd p = {l->fd, POLLIN, 0};
		int pr = poll(&p, 1, (int)left + 1);
		if (pr < 0 && errno == EINTR)
			continue;
		if (pr < 0)
			return tc_err_set(err, TC_ERR_IO, "poll: %s", strerror(errno));
		if (pr == 0)
			continue; /* the deadline check above reports it */
		char chunk[1 << 16];
		ssize_t r = read(l->fd, chunk, sizeof chunk);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return tc_err_set(err, TC_ERR_IO, "read: %s", strerror(errno));
		if (r == 0)
			return tc_err_set(err, TC_ERR_NOT_FOUND, "end of output");
		tc_status st = tc_buf_append(&l->buf, chunk, (size_t)r);
		if (st != TC_OK)
			return tc_err_set(err, st, "answer line longer than %zu bytes", l->buf.max);
	}
}

int bp_parse_ulong(const char *s, unsigned long lo, unsigned long hi, unsigned long *out)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (*s == '\0' || *s == '-' || *end != '\0' || errno || v < lo || v > hi)
		return 0;
	*out = v;
	return 1;
}
