/*
 * bench.c - tracuu-bench: how fast tracuu imports and answers, measured on
 * the real binaries over the real corpus.
 *
 * It prints figures, it is not a test: import throughput and peak memory of
 * `tracuu-index`, index size on disk (as built and after xapian-compact),
 * query latency of one long-running `tracuu-search --batch`, and the wall
 * time of one whole `tracuu-search` process per query (the CGI case).  Each
 * figure that has a target is shown with it; --check turns a missed must into
 * exit status 1.  --report FILE writes the same figures as Markdown
 * (docs/BENCHMARKS-tracuu.md).  See bench/README.md.
 *
 * Exit status: 0 when every selected part ran (whatever the figures), 1 with
 * --check when a must was missed, 2 on usage errors or when a part could not
 * run (a binary missing or failing).
 */
#include <errno.h>
#include <dirent.h>
#include <getopt.h>
#include <json-c/json.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench_corpus.h"
#include "bench_proc.h"
#include "tc_buf.h"
#include "tc_banned.h"

#ifndef TRACUU_SOURCE_DIR
#define TRACUU_SOURCE_DIR "."
#endif

#define EXIT_MISSED 1
#define EXIT_FAIL 2

/* The targets, from the project brief. */
#define MUST_IMPORT_MBS 5.0
#define GOAL_IMPORT_MBS 10.0
#define MUST_IMPORT_RSS_MIB 512.0
#define MUST_BATCH_MEDIAN_MS 2.0
#define MUST_BATCH_P99_MS 20.0
#define MUST_COLD_MEDIAN_MS 20.0

static const char *const default_files[] = {
	"baomoi-2017.jsonl.gz", "vnds-test.jsonl.gz", "dantri-2020.jsonl.gz", "vnmds-2013.jsonl.gz"};

enum { PART_IMPORT = 1, PART_SIZE = 2, PART_BATCH = 4, PART_COLD = 8 };

typedef struct options {
	const char *corpus;
	const char *files;   /* comma-separated names in corpus */
	char **paths;        /* positional inputs */
	int npaths;
	char indexer[PATH_MAX];
	char searcher[PATH_MAX];
	const char *db;      /* an existing index; NULL: build one in workdir */
	const char *workdir;
	const char *report;
	const char *json;    /* write the figures as JSON here */
	const char *dump;    /* write the queries here */
	const char *mode;    /* "rebuild" or "add" */
	unsigned parts;
	int keep, check, compact;
	unsigned long jobs, queries, warmup, cold, limit, sample, timeout_s;
	uint64_t seed;
} options;

typedef bp_dist dist;

typedef struct results {
	/* context */
	char date[64], machine[512], tree[160], command[4096], cwd[PATH_MAX];
	char db[PATH_MAX];
	long ncpu;
	double load_start;   /* 1-minute load average before the run, -1 if unknown */
	/* CPUs busy with processes other than this one and its children, on
	 * average, per part and over the run; -1 if unknown */
	double other_import, other_batch, other_cold, other_all;
	size_t nfiles;
	uint64_t docs, skipped, text_bytes;
	int has_html;
	/* import */
	int import_ran;
	int import_status;   /* exit status of tracuu-index, or -1 */
	int jobs_passed;     /* --jobs value given to the indexer, 0 if none */
	double import_wall_s, import_cpu_s;
	double import_rss_mib;
	char import_summary[512];
	int have_summary;
	uint64_t idx_docs;
	double idx_mb, idx_secs;
	/* size */
	int size_ran;
	double gen_mib, gen_apparent_mib, dir_mib;
	char gen_path[PATH_MAX];
	int compact_ran;
	double compact_mib, compact_s;
	char compact_note[256];
	int64_t stats_docs, stats_bytes;
	/* batch */
	int batch_ran;
	size_t batch_errors, batch_found, batch_relaxed;
	dist took, wall;
	int have_took;
	dist kind_wall[BC_Q_COUNT], kind_took[BC_Q_COUNT];
	size_t kind_found[BC_Q_COUNT], kind_relaxed[BC_Q_COUNT];
	double searcher_rss_mib;
	char batch_note[512];
	/* cold */
	int cold_ran;
	dist cold;
	size_t cold_found, cold_none, cold_errors;
	double cold_rss_mib;
} results;

/* ---- small helpers ---------------------------------------------------- */

static void usage(FILE *out)
{
	fputs("usage: tracuu-bench [options] [PATH...]\n"
	      "\n"
	      "Import the news corpus with tracuu-index, then time tracuu-search.\n"
	      "PATH: .jsonl(.gz) or .html files or directories (default: the four news\n"
	      "files of the corpus directory).\n"
	      "\n"
	      "options:\n"
	      "  --corpus DIR      corpus directory (default: $TRACUU_CORPUS, else\n"
	      "                    ../shared/corpus)\n"
	      "  --files LIST      comma-separated file names in the corpus directory\n"
	      "  --indexer PATH    tracuu-index (default: ../indexer/tracuu-index next to\n"
	      "                    this program)\n"
	      "  --searcher PATH   tracuu-search (default: ../searcher/tracuu-search)\n"
	      "  --parts LIST      any of import,size,batch,cold (default: all; with --db:\n"
	      "                    size,batch,cold)\n"
	      "  --db DIR          index to use (default: a new one in the work directory)\n"
	      "  --workdir DIR     scratch directory (default: new one under $TMPDIR or /tmp)\n"
	      "  --keep            keep the scratch directory\n"
	      "  --mode MODE       import with 'rebuild' (default) or 'add'\n"
	      "  --jobs N          give the indexer --jobs N if it has it (default 2;\n"
	      "                    0: let the indexer choose)\n"
	      "  --no-compact      skip the xapian-compact measurement\n"
	      "  --queries N       timed batch queries (default 2000)\n"
	      "  --warmup N        untimed batch queries first (default 100)\n"
	      "  --cold N          single-query processes (default 200)\n"
	      "  --limit N         results per query (default 10)\n"
	      "  --sample N        articles sampled to make queries from (default 4000)\n"
	      "  --seed N          seed for sampling and queries (default 1)\n"
	      "  --timeout S       seconds to wait for one answer (default 30)\n"
	      "  --report FILE     also write the figures as Markdown to FILE\n"
	      "  --json FILE       also write them as one JSON object to FILE (for bench/run)\n"
	      "  --dump-queries FILE  write the queries, one a line, warm-up first (they\n"
	      "                    are corpus text: keep them out of the repository); alone,\n"
	      "                    without --parts, nothing else runs\n"
	      "  --check           exit 1 when a must is missed\n"
	      "  -h, --help        this help\n",
	      out);
}

static int path_exists(const char *p)
{
	struct stat sb;
	return stat(p, &sb) == 0;
}

static int is_executable(const char *p)
{
	struct stat sb;
	return stat(p, &sb) == 0 && S_ISREG(sb.st_mode) && access(p, X_OK) == 0;
}

/* Default location of a sibling binary: DIR_OF_THIS/../rel, made absolute. */
static void default_bin(char *out, size_t cap, const char *rel)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n <= 0) {
		snprintf(out, cap, "%s", rel);
		return;
	}
	self[n] = '\0';
	char *slash = strrchr(self, '/');
	if (slash)
		*slash = '\0';
	char guess[PATH_MAX + 64];
	char real[PATH_MAX];
	int len = snprintf(guess, sizeof guess, "%s/../%s", self, rel);
	if (len < 0 || (size_t)len >= sizeof guess || !realpath(guess, real))
		len = snprintf(out, cap, "%s", rel);
	else
		len = snprintf(out, cap, "%s", real);
	if (len < 0 || (size_t)len >= cap)
		snprintf(out, cap, "%s", rel);
}

static double mib(double bytes) { return bytes / (1024.0 * 1024.0); }

/* Append s to b with shell quoting where it needs it. */
static tc_status append_shell_word(tc_buf *b, const char *s)
{
	int plain = *s != '\0';
	for (const char *p = s; *p && plain; p++)
		plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			(*p >= '0' && *p <= '9') || strchr("_/.,:=@%+-", *p);
	if (plain)
		return tc_buf_append_str(b, s);
	tc_status st = tc_buf_append_char(b, '\'');
	for (const char *p = s; *p && st == TC_OK; p++)
		st = *p == '\'' ? tc_buf_append_str(b, "'\\''") : tc_buf_append_char(b, *p);
	if (st == TC_OK)
		st = tc_buf_append_char(b, '\'');
	return st;
}

static void join_argv(char *out, size_t cap, int argc, const char *const *argv)
{
	tc_buf b;
	tc_buf_init(&b, cap - 1);
	tc_status st = TC_OK;
	for (int i = 0; i < argc && st == TC_OK; i++) {
		if (i)
			st = tc_buf_append_char(&b, ' ');
		if (st == TC_OK)
			st = append_shell_word(&b, argv[i]);
	}
	snprintf(out, cap, "%s%s", b.data ? b.data : "", st == TC_OK ? "" : " ...");
	tc_buf_release(&b);
}

/* ---- machine and tree ------------------------------------------------- */

static void describe_machine(char *out, size_t cap)
{
	char model[256] = "unknown CPU", line[512];
	FILE *f = fopen("/proc/cpuinfo", "r");
	if (f) {
		while (fgets(line, sizeof line, f)) {
			if (strncmp(line, "model name", 10) == 0) {
				char *colon = strchr(line, ':');
				if (colon) {
					colon++;
					while (*colon == ' ' || *colon == '\t')
						colon++;
					colon[strcspn(colon, "\n")] = '\0';
					snprintf(model, sizeof model, "%s", colon);
				}
				break;
			}
		}
		fclose(f);
	}
	double ram_gib = 0;
	f = fopen("/proc/meminfo", "r");
	if (f) {
		while (fgets(line, sizeof line, f)) {
			unsigned long long kb;
			if (sscanf(line, "MemTotal: %llu kB", &kb) == 1) {
				ram_gib = (double)kb / (1024.0 * 1024.0);
				break;
			}
		}
		fclose(f);
	}
	struct utsname u;
	char kernel[160] = "";
	if (uname(&u) == 0)
		snprintf(kernel, sizeof kernel, ", %s %s", u.sysname, u.release);
	snprintf(out, cap, "%ld CPUs (nproc), %s, %.1f GiB RAM%s", sysconf(_SC_NPROCESSORS_ONLN),
		 model, ram_gib, kernel);
}

/* The 1-minute load average, or -1. */
static double load_average(void)
{
	double l = -1;
	FILE *f = fopen("/proc/loadavg", "r");
	if (f) {
		if (fscanf(f, "%lf", &l) != 1)
			l = -1;
		fclose(f);
	}
	return l;
}

/*
 * Other work on the machine skews every figure, so each part records how
 * much CPU time processes other than this one and its children used while
 * it ran: all busy time from /proc/stat minus our own (self + waited-for
 * children) from getrusage.
 */
typedef struct cpu_snap {
	double busy_s; /* CPU seconds the whole machine spent busy; < 0 if unknown */
	double ours_s; /* of which this process and its reaped children */
	double t_ms;
} cpu_snap;

static double tv_s(struct timeval tv) { return (double)tv.tv_sec + (double)tv.tv_usec / 1e6; }

static cpu_snap cpu_snap_take(void)
{
	cpu_snap c = {-1, 0, bp_now_ms()};
	FILE *f = fopen("/proc/stat", "r");
	if (f) {
		unsigned long long v[8] = {0};
		if (fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2],
			   &v[3], &v[4], &v[5], &v[6], &v[7]) == 8) {
			/* user nice system idle iowait irq softirq steal: idle and iowait are not busy */
			unsigned long long busy = v[0] + v[1] + v[2] + v[5] + v[6] + v[7];
			long hz = sysconf(_SC_CLK_TCK);
			c.busy_s = (double)busy / (double)(hz > 0 ? hz : 100);
		}
		fclose(f);
	}
	struct rusage self, kids;
	if (getrusage(RUSAGE_SELF, &self) == 0 && getrusage(RUSAGE_CHILDREN, &kids) == 0)
		c.ours_s = tv_s(self.ru_utime) + tv_s(self.ru_stime) + tv_s(kids.ru_utime) +
			   tv_s(kids.ru_stime);
	return c;
}

/* CPUs that other processes kept busy on average between a and b, or -1. */
static double others_cpus(cpu_snap a, cpu_snap b)
{
	double wall = (b.t_ms - a.t_ms) / 1e3;
	if (a.busy_s < 0 || b.busy_s < 0 || wall <= 0)
		return -1;
	double other = (b.busy_s - a.busy_s) - (b.ours_s - a.ours_s);
	return other > 0 ? other / wall : 0;
}

/* Other work counts as disturbing above a quarter of a CPU on average. */
#define OTHERS_QUIET 0.25

static void describe_load(const results *r, char *out, size_t cap)
{
	if (r->other_all < 0) {
		snprintf(out, cap, "unknown");
		return;
	}
	snprintf(out, cap, "other processes kept %.2f of %ld CPUs busy on average during the run "
		 "(1-minute load average before it: %.2f)%s",
		 r->other_all, r->ncpu, r->load_start,
		 r->other_all > OTHERS_QUIET ? "; the machine was shared, so the figures are pessimistic" : "");
}

static void describe_part_load(double other, char *out, size_t cap)
{
	if (other < 0)
		snprintf(out, cap, "other processes: unknown");
	else
		snprintf(out, cap, "other processes kept %.2f CPUs busy on average%s",
			 other, other > OTHERS_QUIET ? " (disturbed)" : "");
}

/* The commit of the source tree, read-only: plumbing commands that take no
 * locks and write nothing. */
static void describe_tree(char *out, size_t cap)
{
	snprintf(out, cap, "unknown");
	setenv("GIT_OPTIONAL_LOCKS", "0", 1);
	const char *rev[] = {"git", "-C", TRACUU_SOURCE_DIR, "rev-parse", "--short", "HEAD", NULL};
	const char *dirty[] = {"git", "-C", TRACUU_SOURCE_DIR, "diff-index", "--quiet", "HEAD", "--",
			       NULL};
	char *text;
	int status;
	double ms;
	tc_err err = {{0}};
	if (bp_capture(rev, 4096, &text, &status, NULL, &ms, &err) != TC_OK)
		return;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		text[strcspn(text, "\r\n")] = '\0';
		char *out2;
		int st2 = 0;
		int dirty_tree = bp_capture(dirty, 4096, &out2, &st2, NULL, &ms, &err) == TC_OK &&
				 WIFEXITED(st2) && WEXITSTATUS(st2) == 1;
		free(out2);
		snprintf(out, cap, "commit %s%s", text, dirty_tree ? " + uncommitted changes" : "");
	}
	free(text);
}

/* ---- disk usage ----------------------------------------------------------- */

/* Walk the tree at path (not following links), adding up the bytes it has
 * on disk (like du) and its apparent size; with del, remove it as well. */
static int walk_tree(const char *path, int depth, int del, uint64_t *blocks, uint64_t *apparent)
{
	struct stat sb;
	if (lstat(path, &sb) != 0)
		return -1;
	*blocks += (uint64_t)sb.st_blocks * 512u;
	*apparent += (uint64_t)sb.st_size;
	if (!S_ISDIR(sb.st_mode))
		return del ? remove(path) : 0;
	if (depth > 32)
		return -1;
	DIR *d = opendir(path);
	if (!d)
		return -1;
	int rc = 0;
	struct dirent *e;
	char sub[PATH_MAX];
	while ((e = readdir(d)) != NULL) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		int len = snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
		if (len < 0 || (size_t)len >= sizeof sub || walk_tree(sub, depth + 1, del, blocks, apparent) != 0)
			rc = -1;
	}
	closedir(d);
	if (rc == 0 && del)
		rc = rmdir(path);
	return rc;
}

static int disk_usage(const char *path, uint64_t *blocks, uint64_t *apparent)
{
	*blocks = *apparent = 0;
	return walk_tree(path, 0, 0, blocks, apparent);
}

static int remove_tree(const char *path)
{
	uint64_t b = 0, a = 0;
	return path_exists(path) ? walk_tree(path, 0, 1, &b, &a) : 0;
}

static int find_in_path(const char *name, char *out, size_t cap)
{
	const char *path = getenv("PATH");
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	while (*path) {
		size_t n = strcspn(path, ":");
		int len = snprintf(out, cap, "%.*s/%s", (int)n, path, name);
		if (len > 0 && (size_t)len < cap && is_executable(out))
			return 1;
		path += n;
		if (*path == ':')
			path++;
	}
	return 0;
}

/* ---- import ------------------------------------------------------------- */

/* The number that ends just before s[pos]; NULL when there is none. */
static const char *number_before(const char *s, const char *pos)
{
	const char *p = pos;
	while (p > s && ((p[-1] >= '0' && p[-1] <= '9') || p[-1] == '.'))
		p--;
	return p < pos ? p : NULL;
}

/* Pick the figures out of the indexer's summary line, e.g. "indexed 59145
 * documents (...); 204.7 MB of text in 260.07 s (...)". */
static void parse_summary(const char *out, results *r)
{
	const char *m = strstr(out, " MB of text in ");
	if (!m)
		return;
	const char *line = m;
	while (line > out && line[-1] != '\n')
		line--;
	size_t len = strcspn(line, "\n");
	snprintf(r->import_summary, sizeof r->import_summary, "%.*s", (int)len, line);
	const char *mb = number_before(line, m);
	const char *docs = strstr(line, " documents");
	const char *dn = docs && docs < m ? number_before(line, docs) : NULL;
	if (!mb || !dn)
		return;
	r->idx_mb = strtod(mb, NULL);
	r->idx_secs = strtod(m + strlen(" MB of text in "), NULL);
	r->idx_docs = strtoull(dn, NULL, 10);
	r->have_summary = 1;
}

static int run_import(const options *o, const bc_corpus *c, results *r)
{
	tc_err err = {{0}};
	const char *help[] = {o->indexer, "--help", NULL};
	char *help_text;
	int status;
	double ms;
	if (bp_capture(help, 1 << 16, &help_text, &status, NULL, &ms, &err) != TC_OK) {
		fprintf(stderr, "tracuu-bench: %s\n", err.msg);
		return -1;
	}
	int has_jobs = strstr(help_text, "--jobs") != NULL;
	free(help_text);

	size_t nfiles;
	const char *const *files = bc_corpus_files(c, &nfiles);
	const char **argv = calloc(nfiles + 8, sizeof *argv);
	if (!argv)
		return -1;
	char jobs[32];
	size_t a = 0;
	argv[a++] = o->indexer;
	argv[a++] = "--db";
	argv[a++] = r->db;
	if (has_jobs && o->jobs) {
		snprintf(jobs, sizeof jobs, "%lu", o->jobs);
		argv[a++] = "--jobs";
		argv[a++] = jobs;
		r->jobs_passed = (int)o->jobs;
	}
	argv[a++] = o->mode;
	for (size_t i = 0; i < nfiles; i++)
		argv[a++] = files[i];
	argv[a] = NULL;

	fprintf(stderr, "tracuu-bench: importing %zu files with tracuu-index %s%s...\n", nfiles,
		o->mode, r->jobs_passed ? " --jobs" : "");
	struct rusage ru;
	char *out;
	tc_status st = bp_capture(argv, 1 << 20, &out, &status, &ru, &ms, &err);
	free(argv);
	if (st != TC_OK) {
		fprintf(stderr, "tracuu-bench: %s\n", err.msg);
		return -1;
	}
	r->import_ran = 1;
	r->import_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	r->import_wall_s = ms / 1e3;
	r->import_cpu_s = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
			  (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
	r->import_rss_mib = (double)ru.ru_maxrss / 1024.0;
	parse_summary(out, r);
	int ok = r->import_status == 0 || r->import_status == 1;
	if (!ok || !r->have_summary) {
		fprintf(stderr, "tracuu-bench: tracuu-index %s %s; its output ends:\n%s\n", o->mode,
			ok ? "printed no summary line" : "failed", out + (strlen(out) > 2000 ? strlen(out) - 2000 : 0));
	}
	free(out);
	return ok ? 0 : -1;
}

/* ---- size --------------------------------------------------------------- */

static void run_stats(const options *o, results *r)
{
	const char *argv[] = {o->indexer, "--db", r->db, "stats", "--json", NULL};
	char *out;
	int status;
	double ms;
	tc_err err = {{0}};
	r->stats_docs = r->stats_bytes = -1;
	if (bp_capture(argv, 1 << 20, &out, &status, NULL, &ms, &err) != TC_OK)
		return;
	/* the JSON is the last line that starts with '{'; warnings may come first */
	const char *j = NULL;
	for (const char *p = out; *p; p += strcspn(p, "\n"), p += *p == '\n') {
		if (*p == '{')
			j = p;
	}
	json_object *root = j ? json_tokener_parse(j) : NULL;
	json_object *v;
	if (root && json_object_object_get_ex(root, "documents", &v))
		r->stats_docs = json_object_get_int64(v);
	if (root && json_object_object_get_ex(root, "size_bytes", &v))
		r->stats_bytes = json_object_get_int64(v);
	json_object_put(root);
	free(out);
}

static void run_size(const options *o, const char *workdir, results *r)
{
	char link[PATH_MAX + 16];
	snprintf(link, sizeof link, "%s/current", r->db);
	if (!realpath(link, r->gen_path))
		snprintf(r->gen_path, sizeof r->gen_path, "%s", r->db);
	uint64_t blocks, apparent;
	if (disk_usage(r->gen_path, &blocks, &apparent) != 0) {
		fprintf(stderr, "tracuu-bench: cannot measure %s\n", r->gen_path);
		return;
	}
	r->size_ran = 1;
	r->gen_mib = mib((double)blocks);
	r->gen_apparent_mib = mib((double)apparent);
	if (disk_usage(r->db, &blocks, &apparent) == 0)
		r->dir_mib = mib((double)blocks);
	run_stats(o, r);

	if (!o->compact) {
		snprintf(r->compact_note, sizeof r->compact_note, "skipped (--no-compact)");
		return;
	}
	char tool[PATH_MAX];
	if (!find_in_path("xapian-compact", tool, sizeof tool)) {
		snprintf(r->compact_note, sizeof r->compact_note,
			 "xapian-compact not found (Debian package xapian-tools)");
		return;
	}
	char dest[PATH_MAX + 32];
	snprintf(dest, sizeof dest, "%s/compacted", workdir);
	remove_tree(dest);
	const char *argv[] = {tool, r->gen_path, dest, NULL};
	char *out;
	int status;
	double ms;
	tc_err err = {{0}};
	fprintf(stderr, "tracuu-bench: xapian-compact %s...\n", r->gen_path);
	if (bp_capture(argv, 1 << 16, &out, &status, NULL, &ms, &err) != TC_OK) {
		snprintf(r->compact_note, sizeof r->compact_note, "%.200s", err.msg);
		return;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && disk_usage(dest, &blocks, &apparent) == 0) {
		r->compact_ran = 1;
		r->compact_mib = mib((double)blocks);
		r->compact_s = ms / 1e3;
	} else {
		snprintf(r->compact_note, sizeof r->compact_note, "xapian-compact failed: %.200s", out);
	}
	free(out);
	remove_tree(dest);
}

/* ---- batch queries ------------------------------------------------------ */

typedef struct slow { double ms; size_t q; } slow;

static int run_batch(const options *o, const bc_query *q, results *r)
{
	char limit[32];
	snprintf(limit, sizeof limit, "%lu", o->limit);
	const char *argv[] = {o->searcher, "--db", r->db, "--batch", "--limit", limit, NULL};
	tc_err err = {{0}};
	bp_child ch;
	if (bp_spawn(argv, BP_STDIN_PIPE | BP_STDOUT_PIPE, &ch, &err) != TC_OK) {
		fprintf(stderr, "tracuu-bench: %s\n", err.msg);
		return -1;
	}
	size_t total = o->warmup + o->queries;
	double *wall = calloc(o->queries + 1, sizeof *wall);
	double *took = calloc(o->queries + 1, sizeof *took);
	double *kw[BC_Q_COUNT], *kt[BC_Q_COUNT];
	size_t kn[BC_Q_COUNT] = {0}, ktn[BC_Q_COUNT] = {0};
	int oom = !wall || !took;
	for (int k = 0; k < BC_Q_COUNT; k++) {
		oom |= !(kw[k] = calloc(o->queries + 1, sizeof **kw));
		oom |= !(kt[k] = calloc(o->queries + 1, sizeof **kt));
	}
	slow worst[5];
	memset(worst, 0, sizeof worst);
	bp_lines lines;
	bp_lines_init(&lines, ch.out, (size_t)64 << 20);
	json_tokener *tok = json_tokener_new();
	tc_buf line;
	tc_buf_init(&line, 4096);
	size_t done = 0, ntook = 0;
	int failed = oom || !tok;
	fprintf(stderr, "tracuu-bench: %zu batch queries (%lu warm-up)...\n", total, o->warmup);
	for (size_t i = 0; i < total && !failed; i++) {
		tc_buf_reset(&line);
		if (tc_buf_append_str(&line, q[i].text) != TC_OK || tc_buf_append_char(&line, '\n') != TC_OK) {
			failed = 1;
			break;
		}
		const char *ans;
		size_t alen;
		double t0 = bp_now_ms();
		if (bp_write_all(ch.in, line.data, line.len, &err) != TC_OK ||
		    bp_lines_next(&lines, (int)o->timeout_s * 1000, &ans, &alen, &err) != TC_OK) {
			snprintf(r->batch_note, sizeof r->batch_note,
				 "the searcher stopped answering after %zu queries: %.300s%s", i, err.msg,
				 strstr(err.msg, "no answer") ? " (does it flush stdout after each answer?)" : "");
			fprintf(stderr, "tracuu-bench: %s\n", r->batch_note);
			failed = 1;
			break;
		}
		double ms = bp_now_ms() - t0;
		json_tokener_reset(tok);
		json_object *root = alen < (size_t)INT_MAX ? json_tokener_parse_ex(tok, ans, (int)alen) : NULL;
		json_object *v;
		double t = -1;
		int found = 0, relaxed = 0, good = root && json_object_is_type(root, json_type_object);
		if (good && json_object_object_get_ex(root, "took_ms", &v) &&
		    (json_object_is_type(v, json_type_double) || json_object_is_type(v, json_type_int)))
			t = json_object_get_double(v);
		if (good && json_object_object_get_ex(root, "relaxed", &v))
			relaxed = json_object_get_boolean(v);
		if (good && json_object_object_get_ex(root, "results", &v) &&
		    json_object_is_type(v, json_type_array))
			found = json_object_array_length(v) > 0;
		else
			good = 0;
		if (!good && r->batch_errors++ == 0)
			fprintf(stderr, "tracuu-bench: unexpected answer to '%s': %.300s\n", q[i].text, ans);
		json_object_put(root);
		if (i < o->warmup)
			continue;
		wall[done] = ms;
		if (t >= 0) {
			took[ntook++] = t;
			kt[q[i].kind][ktn[q[i].kind]++] = t;
		}
		kw[q[i].kind][kn[q[i].kind]++] = ms;
		if (relaxed) {
			r->batch_relaxed++;
			r->kind_relaxed[q[i].kind]++;
		}
		if (found) {
			r->batch_found++;
			r->kind_found[q[i].kind]++;
		}
		for (int k = 0; k < 5; k++) {
			if (ms > worst[k].ms) {
				memmove(worst + k + 1, worst + k, (size_t)(4 - k) * sizeof *worst);
				worst[k] = (slow){ms, i};
				break;
			}
		}
		done++;
	}
	int status;
	struct rusage ru;
	memset(&ru, 0, sizeof ru);
	if (failed && ch.pid > 0)
		kill(ch.pid, SIGTERM);
	if (bp_wait(&ch, &status, &ru, &err) == TC_OK)
		r->searcher_rss_mib = (double)ru.ru_maxrss / 1024.0;
	if (!failed && !(WIFEXITED(status) && WEXITSTATUS(status) == 0))
		snprintf(r->batch_note, sizeof r->batch_note,
			 "the batch searcher exited with status %d at end of input",
			 WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	if (done > 0) {
		r->batch_ran = 1;
		r->wall = bp_dist_of(wall, done);
		r->have_took = ntook == done;
		if (ntook)
			r->took = bp_dist_of(took, ntook);
		for (int k = 0; k < BC_Q_COUNT; k++) {
			r->kind_wall[k] = bp_dist_of(kw[k], kn[k]);
			r->kind_took[k] = bp_dist_of(kt[k], ktn[k]);
		}
		/* slowest queries go to the terminal only: they are corpus text */
		printf("slowest batch queries (wall ms):\n");
		for (int k = 0; k < 5 && worst[k].ms > 0; k++)
			printf("  %8.2f  %-8s %s\n", worst[k].ms, bc_qkind_name(q[worst[k].q].kind),
			       q[worst[k].q].text);
	}
	tc_buf_release(&line);
	json_tokener_free(tok);
	bp_lines_release(&lines);
	free(wall);
	free(took);
	for (int k = 0; k < BC_Q_COUNT; k++) {
		free(kw[k]);
		free(kt[k]);
	}
	return failed || done == 0 ? -1 : 0;
}

/* ---- cold processes ---------------------------------------------------- */

#define MAX_WORDS 64

/* argv for one `tracuu-search --db DIR WORD...`; words point into buf. */
static void cold_argv(const options *o, const results *r, const char *query, char *buf,
		      size_t cap, const char **argv)
{
	size_t a = 0;
	argv[a++] = o->searcher;
	argv[a++] = "--db";
	argv[a++] = r->db;
	argv[a++] = "--"; /* a word of the query may start with '-' */
	snprintf(buf, cap, "%s", query);
	char *save = buf;
	while (*save && a < MAX_WORDS + 4) {
		while (*save == ' ')
			*save++ = '\0';
		if (!*save)
			break;
		argv[a++] = save;
		save += strcspn(save, " ");
	}
	if (*save)
		*save = '\0';
	argv[a] = NULL;
}

static int run_cold(const options *o, const bc_query *q, size_t nq, results *r)
{
	double *wall = calloc(o->cold + 1, sizeof *wall);
	if (!wall)
		return -1;
	const char *argv[MAX_WORDS + 5];
	char buf[1024];
	tc_err err = {{0}};
	size_t done = 0;
	long rss = 0;
	size_t spread = nq > o->warmup ? nq - o->warmup : nq;
	size_t base = nq > o->warmup ? o->warmup : 0;
	const size_t untimed = 5;
	fprintf(stderr, "tracuu-bench: %lu single-query processes...\n", o->cold);
	for (size_t i = 0; i < o->cold + untimed; i++) {
		/* timed queries are spread over the timed part of the batch list */
		size_t qi = i < untimed ? i % nq : base + ((i - untimed) * spread / o->cold) % spread;
		cold_argv(o, r, q[qi].text, buf, sizeof buf, argv);
		bp_child ch;
		int status;
		struct rusage ru;
		double t0 = bp_now_ms();
		if (bp_spawn(argv, BP_STDOUT_NULL, &ch, &err) != TC_OK ||
		    bp_wait(&ch, &status, &ru, &err) != TC_OK) {
			fprintf(stderr, "tracuu-bench: %s\n", err.msg);
			free(wall);
			return -1;
		}
		double ms = bp_now_ms() - t0;
		if (i < untimed)
			continue;
		int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
		if (code == 0)
			r->cold_found++;
		else if (code == 1)
			r->cold_none++;
		else if (r->cold_errors++ == 0)
			fprintf(stderr, "tracuu-bench: tracuu-search '%s' exited with status %d\n",
				q[qi].text, code);
		if (ru.ru_maxrss > rss)
			rss = ru.ru_maxrss;
		wall[done++] = ms;
	}
	r->cold_ran = 1;
	r->cold = bp_dist_of(wall, done);
	r->cold_rss_mib = (double)rss / 1024.0;
	free(wall);
	return 0;
}

/* ---- output -------------------------------------------------------------- */

/* Text counted by tracuu-bench over the indexer's whole wall time. */
static double import_mbs(const results *r)
{
	return r->import_wall_s > 0 ? (double)r->text_bytes / 1e6 / r->import_wall_s : 0;
}

static const char *verdict(int ok) { return ok ? "ok" : "MISS"; }
static const char *md_verdict(int ok) { return ok ? "ok" : "**MISS**"; }

/* Every must, as (ok) flags; returns how many were missed. */
static int musts_missed(const results *r)
{
	int missed = 0;
	if (r->import_ran) {
		missed += import_mbs(r) < MUST_IMPORT_MBS;
		missed += r->import_rss_mib >= MUST_IMPORT_RSS_MIB;
	}
	if (r->batch_ran) {
		missed += r->wall.median >= MUST_BATCH_MEDIAN_MS;
		missed += r->wall.p99 >= MUST_BATCH_P99_MS;
	}
	if (r->cold_ran)
		missed += r->cold.median >= MUST_COLD_MEDIAN_MS;
	return missed;
}

static void print_dist_row(FILE *f, const char *name, const dist *d, const char *extra)
{
	fprintf(f, "  %-22s %6zu %9.3f %9.3f %9.3f %9.3f   %s\n", name, d->n, d->median, d->p90,
		d->p99, d->max, extra);
}

/* One figure: name, value, then must, goal and verdict (any may be ""). */
static void row(FILE *f, const char *name, const char *value, const char *must, const char *goal,
		const char *ok)
{
	if (!*goal && !*ok)
		fprintf(f, "  %-30s %14s   %s\n", name, value, must);
	else
		fprintf(f, "  %-30s %14s   %-11s %-11s %s\n", name, value, must, goal, ok);
}

static void print_text(const options *o, const results *r)
{
	FILE *f = stdout;
	fprintf(f, "\ntracuu-bench, %s\n", r->date);
	fprintf(f, "  machine   %s\n", r->machine);
	fprintf(f, "  source    %s\n", r->tree);
	fprintf(f, "  corpus    %zu files, %llu articles, %.1f MB of text (title+summary+body%s)\n",
		r->nfiles, (unsigned long long)r->docs, (double)r->text_bytes / 1e6,
		r->has_html ? ", HTML approximated" : ", counted by tracuu-bench");
	fprintf(f, "  index     %s\n", r->db);
	char load[256];
	describe_load(r, load, sizeof load);
	fprintf(f, "  load      %s\n", load);
	char val[64], extra[PATH_MAX + 64];
	if (r->import_ran) {
		fprintf(f, "\nIMPORT: tracuu-index %s%s\n", o->mode,
			r->jobs_passed ? " with --jobs" : " (it has no --jobs option)");
		fprintf(f, "  %-30s %14s   %-11s %-11s\n", "", "value", "must", "goal");
		snprintf(val, sizeof val, "%.2f s", r->import_wall_s);
		row(f, "wall time", val, "", "", "");
		snprintf(val, sizeof val, "%.2f s", r->import_cpu_s);
		snprintf(extra, sizeof extra, "(%.2f CPUs busy on average)",
			 r->import_wall_s > 0 ? r->import_cpu_s / r->import_wall_s : 0);
		row(f, "CPU time (user+sys)", val, extra, "", "");
		snprintf(val, sizeof val, "%.2f MB/s", import_mbs(r));
		row(f, "text throughput", val, ">= 5 MB/s", ">= 10 MB/s",
		    verdict(import_mbs(r) >= MUST_IMPORT_MBS));
		uint64_t docs = r->have_summary ? r->idx_docs : r->docs;
		snprintf(val, sizeof val, "%.0f /s", r->import_wall_s > 0 ? (double)docs / r->import_wall_s : 0);
		row(f, "documents per second", val, "", "", "");
		snprintf(val, sizeof val, "%.1f MiB", r->import_rss_mib);
		row(f, "peak RSS of tracuu-index", val, "< 512 MiB", "",
		    verdict(r->import_rss_mib < MUST_IMPORT_RSS_MIB));
		if (r->import_status == 1)
			fprintf(f, "  note: tracuu-index reported failed records (exit status 1)\n");
		if (r->have_summary)
			fprintf(f, "  indexer says: %s\n", r->import_summary);
		describe_part_load(r->other_import, extra, sizeof extra);
		fprintf(f, "  meanwhile %s\n", extra);
	}
	if (r->size_ran) {
		fprintf(f, "\nINDEX SIZE\n");
		snprintf(val, sizeof val, "%.1f MiB", r->gen_mib);
		snprintf(extra, sizeof extra, "(%s)", r->gen_path);
		row(f, "live generation (du)", val, extra, "", "");
		snprintf(val, sizeof val, "%.1f MiB", r->gen_apparent_mib);
		row(f, "live generation, apparent", val, "", "", "");
		snprintf(val, sizeof val, "%.1f MiB", r->dir_mib);
		row(f, "whole index directory (du)", val, "", "", "");
		if (r->compact_ran) {
			snprintf(val, sizeof val, "%.1f MiB", r->compact_mib);
			snprintf(extra, sizeof extra, "(%.0f%% of as built; compacting took %.1f s)",
				 r->gen_mib > 0 ? 100.0 * r->compact_mib / r->gen_mib : 0, r->compact_s);
			row(f, "after xapian-compact", val, extra, "", "");
		} else {
			row(f, "after xapian-compact", "-", r->compact_note, "", "");
		}
		if (r->stats_docs >= 0)
			fprintf(f, "  tracuu-index stats --json: %lld documents, size_bytes %lld\n",
				(long long)r->stats_docs, (long long)r->stats_bytes);
	}
	if (r->batch_ran || r->batch_note[0]) {
		fprintf(f, "\nBATCH QUERIES: tracuu-search --batch --limit %lu, %zu timed after %lu warm-up (ms)\n",
			o->limit, r->wall.n, o->warmup);
		fprintf(f, "  %-22s %6s %9s %9s %9s %9s\n", "", "n", "median", "p90", "p99", "max");
		if (r->batch_ran) {
			snprintf(extra, sizeof extra, "must median < 2: %s, p99 < 20: %s",
				 verdict(r->wall.median < MUST_BATCH_MEDIAN_MS),
				 verdict(r->wall.p99 < MUST_BATCH_P99_MS));
			print_dist_row(f, "wall (write -> answer)", &r->wall, extra);
			if (r->took.n)
				print_dist_row(f, "took_ms (searcher)", &r->took, "");
			else
				fprintf(f, "  took_ms: not in the answers\n");
			fprintf(f, "  by kind (wall):\n");
			for (int k = 0; k < BC_Q_COUNT; k++) {
				char name[64], found[64];
				snprintf(name, sizeof name, "  %s", bc_qkind_name((bc_qkind)k));
				snprintf(found, sizeof found, "%.0f%% found something",
					 r->kind_wall[k].n ? 100.0 * (double)r->kind_found[k] / (double)r->kind_wall[k].n : 0);
				print_dist_row(f, name, &r->kind_wall[k], found);
			}
			fprintf(f, "  answers with results: %.1f%%; malformed answers: %zu; searcher peak RSS %.1f MiB\n",
				100.0 * (double)r->batch_found / (double)r->wall.n, r->batch_errors,
				r->searcher_rss_mib);
			describe_part_load(r->other_batch, extra, sizeof extra);
			fprintf(f, "  meanwhile %s\n", extra);
		}
		if (r->batch_note[0])
			fprintf(f, "  note: %s\n", r->batch_note);
	}
	if (r->cold_ran) {
		fprintf(f, "\nCOLD PROCESS: tracuu-search --db DIR -- WORD..., %zu runs, stdout to /dev/null (ms)\n",
			r->cold.n);
		fprintf(f, "  %-22s %6s %9s %9s %9s %9s\n", "", "n", "median", "p90", "p99", "max");
		snprintf(extra, sizeof extra, "must median < 20: %s (p99 < 20: %s)",
			 verdict(r->cold.median < MUST_COLD_MEDIAN_MS), r->cold.p99 < 20 ? "yes" : "no");
		print_dist_row(f, "wall (spawn -> exit)", &r->cold, extra);
		fprintf(f, "  exit 0 (found): %zu, exit 1 (none): %zu, other: %zu; peak RSS %.1f MiB\n",
			r->cold_found, r->cold_none, r->cold_errors, r->cold_rss_mib);
		describe_part_load(r->other_cold, extra, sizeof extra);
		fprintf(f, "  meanwhile %s\n", extra);
	}
	int missed = musts_missed(r);
	fprintf(f, "\n%s\n", missed ? "SOME MUSTS MISSED (see MISS above)" : "all measured musts met");
}

/* A mark for a figure measured while other work competed for the CPUs. */
static const char *disturbed(double other)
{
	return other > OTHERS_QUIET ? " (disturbed)" : "";
}

static void md_dist_row(FILE *f, const char *name, const dist *d)
{
	fprintf(f, "| %s | %zu | %.3f | %.3f | %.3f | %.3f |\n", name, d->n, d->median, d->p90, d->p99,
		d->max);
}

/* path as the report shows it: relative to the current directory (the top
 * of the repository) when it lies under it, so no machine's layout shows. */
static const char *shown_path(const char *path)
{
	static char cwd[PATH_MAX];
	if (!getcwd(cwd, sizeof cwd))
		return path;
	size_t n = strlen(cwd);
	if (n > 1 && !strncmp(path, cwd, n) && path[n] == '/')
		return path + n + 1;
	return path;
}

static int write_report(const options *o, const results *r)
{
	FILE *f = fopen(o->report, "w");
	if (!f) {
		fprintf(stderr, "tracuu-bench: cannot write %s: %s\n", o->report, strerror(errno));
		return -1;
	}
	fprintf(f, "# Benchmarks\n\n"
		   "Figures measured by `tracuu-bench` (`bench/`, see `bench/README.md`), which drives\n"
		   "the real `tracuu-index` and `tracuu-search` binaries over the news corpus in\n"
		   "`../shared/corpus`.  This file is written by `tracuu-bench --report`: re-run it\n"
		   "rather than editing the figures by hand.\n\n");
	fprintf(f, "## Run\n\n| | |\n|---|---|\n");
	fprintf(f, "| Date | %s |\n", r->date);
	fprintf(f, "| Machine | %s |\n", r->machine);
	fprintf(f, "| Source | %s |\n", r->tree);
	fprintf(f, "| Command | `%s` (from the top of the repository) |\n", r->command);
	if (r->import_ran || r->size_ran)
		fprintf(f, "| Indexer | `%s` |\n", shown_path(o->indexer));
	if (r->batch_ran || r->cold_ran)
		fprintf(f, "| Searcher | `%s` |\n", shown_path(o->searcher));
	fprintf(f, "| Corpus | %zu files, %llu articles, %.1f MB of text (title + summary + body, %s) |\n",
		r->nfiles, (unsigned long long)r->docs, (double)r->text_bytes / 1e6,
		r->has_html ? "HTML text approximated" : "counted by tracuu-bench from the JSON");
	char load[256];
	describe_load(r, load, sizeof load);
	fprintf(f, "| Load | %s |\n", load);
	if (r->skipped)
		fprintf(f, "| Skipped records | %llu (not JSON objects) |\n", (unsigned long long)r->skipped);

	fprintf(f, "\n## Against the targets\n\n| Figure | Measured | Must | Goal | |\n|---|---:|---|---|---|\n");
	if (r->import_ran) {
		fprintf(f, "| Import throughput (text MB / wall s) | %.2f MB/s%s | ≥ 5 MB/s | ≥ 10 MB/s | %s |\n",
			import_mbs(r), disturbed(r->other_import), md_verdict(import_mbs(r) >= MUST_IMPORT_MBS));
		fprintf(f, "| Peak RSS of tracuu-index | %.1f MiB | < 512 MiB | | %s |\n", r->import_rss_mib,
			md_verdict(r->import_rss_mib < MUST_IMPORT_RSS_MIB));
	}
	if (r->batch_ran) {
		fprintf(f, "| Batch query median (wall) | %.3f ms%s | < 2 ms | | %s |\n", r->wall.median,
			disturbed(r->other_batch), md_verdict(r->wall.median < MUST_BATCH_MEDIAN_MS));
		fprintf(f, "| Batch query p99 (wall) | %.3f ms%s | < 20 ms | | %s |\n", r->wall.p99,
			disturbed(r->other_batch), md_verdict(r->wall.p99 < MUST_BATCH_P99_MS));
	}
	if (r->cold_ran)
		fprintf(f, "| Cold process median (wall) | %.2f ms%s | < 20 ms | | %s |\n", r->cold.median,
			disturbed(r->other_cold), md_verdict(r->cold.median < MUST_COLD_MEDIAN_MS));
	if (!r->import_ran && !r->batch_ran && !r->cold_ran)
		fprintf(f, "| (no part with a target ran) | | | | |\n");

	if (r->import_ran) {
		uint64_t docs = r->have_summary ? r->idx_docs : r->docs;
		fprintf(f, "\n## Import\n\n`tracuu-index --db DIR%s %s FILE...` into %s.\n\n",
			r->jobs_passed ? " --jobs N" : "", o->mode,
			!strcmp(o->mode, "rebuild") ? "a new generation" : "the live generation");
		if (r->jobs_passed)
			fprintf(f, "The indexer offers `--jobs`; it was given `--jobs %d`.\n\n", r->jobs_passed);
		else
			fprintf(f, "The indexer has no `--jobs` option (its `--help` does not mention one).\n\n");
		fprintf(f, "| | |\n|---|---:|\n");
		fprintf(f, "| Wall time | %.2f s |\n", r->import_wall_s);
		fprintf(f, "| CPU time (user + sys) | %.2f s (%.2f CPUs busy on average) |\n", r->import_cpu_s,
			r->import_wall_s > 0 ? r->import_cpu_s / r->import_wall_s : 0);
		fprintf(f, "| Text throughput | %.2f MB/s |\n", import_mbs(r));
		fprintf(f, "| Documents | %llu |\n", (unsigned long long)docs);
		fprintf(f, "| Documents per second | %.0f |\n",
			r->import_wall_s > 0 ? (double)docs / r->import_wall_s : 0);
		fprintf(f, "| Peak RSS (ru_maxrss) | %.1f MiB |\n", r->import_rss_mib);
		if (r->have_summary)
			fprintf(f, "\nThe indexer's own summary line: `%s`\n", r->import_summary);
		if (r->import_status == 1)
			fprintf(f, "\ntracuu-index exited with status 1: some records failed.\n");
		describe_part_load(r->other_import, load, sizeof load);
		fprintf(f, "\nDuring the import, %s.\n", load);
	}
	if (r->size_ran) {
		fprintf(f, "\n## Index size\n\n| | |\n|---|---:|\n");
		fprintf(f, "| Live generation on disk (du) | %.1f MiB |\n", r->gen_mib);
		fprintf(f, "| Live generation, apparent size | %.1f MiB |\n", r->gen_apparent_mib);
		fprintf(f, "| Whole index directory (du, all generations) | %.1f MiB |\n", r->dir_mib);
		if (r->compact_ran)
			fprintf(f, "| After `xapian-compact` (du) | %.1f MiB (%.0f%%, %.1f s) |\n", r->compact_mib,
				r->gen_mib > 0 ? 100.0 * r->compact_mib / r->gen_mib : 0, r->compact_s);
		else
			fprintf(f, "| After `xapian-compact` | %s |\n", r->compact_note);
		if (r->stats_docs >= 0)
			fprintf(f, "| `tracuu-index stats --json` | %lld documents, size_bytes %lld |\n",
				(long long)r->stats_docs, (long long)r->stats_bytes);
	}
	if (r->batch_ran) {
		fprintf(f, "\n## Query latency, batch mode\n\n"
			   "One `tracuu-search --db DIR --batch --limit %lu` process; %lu warm-up queries, then\n"
			   "%zu timed, one at a time (write a line, wait for the answer line).  Milliseconds.\n\n",
			o->limit, o->warmup, r->wall.n);
		fprintf(f, "| | n | median | p90 | p99 | max |\n|---|---:|---:|---:|---:|---:|\n");
		md_dist_row(f, "Wall, write to answer", &r->wall);
		if (r->took.n)
			md_dist_row(f, "`took_ms` (searcher's own)", &r->took);
		fprintf(f, "\nBy kind of query (wall):\n\n"
			   "| Kind | What | n | With results | median | p90 | p99 | max |\n"
			   "|---|---|---:|---:|---:|---:|---:|---:|\n");
		for (int k = 0; k < BC_Q_COUNT; k++) {
			const dist *d = &r->kind_wall[k];
			fprintf(f, "| %s | %s | %zu | %.0f%% | %.3f | %.3f | %.3f | %.3f |\n",
				bc_qkind_name((bc_qkind)k), bc_qkind_desc((bc_qkind)k), d->n,
				d->n ? 100.0 * (double)r->kind_found[k] / (double)d->n : 0, d->median, d->p90,
				d->p99, d->max);
		}
		fprintf(f, "\nAnswers with results: %.1f%%.  Malformed answers: %zu.  Searcher peak RSS: %.1f MiB.\n",
			100.0 * (double)r->batch_found / (double)r->wall.n, r->batch_errors, r->searcher_rss_mib);
		describe_part_load(r->other_batch, load, sizeof load);
		fprintf(f, "During the batch run, %s.\n", load);
	}
	if (r->batch_note[0])
		fprintf(f, "\nNote: %s.\n", r->batch_note);
	if (r->cold_ran) {
		fprintf(f, "\n## Cold process\n\n"
			   "`tracuu-search --db DIR -- WORD...` run %zu times with different queries (the\n"
			   "query's words as separate arguments), stdout to /dev/null; wall time from spawn\n"
			   "to exit.  Milliseconds.\n\n",
			r->cold.n);
		fprintf(f, "| | n | median | p90 | p99 | max |\n|---|---:|---:|---:|---:|---:|\n");
		md_dist_row(f, "Wall, spawn to exit", &r->cold);
		fprintf(f, "\nExit 0 (found): %zu, exit 1 (nothing found): %zu, other: %zu.  Peak RSS: %.1f MiB.\n",
			r->cold_found, r->cold_none, r->cold_errors, r->cold_rss_mib);
		describe_part_load(r->other_cold, load, sizeof load);
		fprintf(f, "During the cold runs, %s.\n", load);
	}
	fprintf(f, "\n## How it is measured\n\n"
		   "- Text is the bytes of `title`, `summary` and `body` after JSON decoding, counted by\n"
		   "  tracuu-bench itself; MB = 10^6 bytes, MiB = 2^20 bytes.  Throughput is that text over\n"
		   "  the wall time of the whole `tracuu-index` process (start, import, final commit,\n"
		   "  generation switch).\n"
		   "- Peak RSS is `ru_maxrss` of the indexer from `wait4`: the largest resident set of the\n"
		   "  process (all its threads; a worker process it forks counts separately, not summed).\n"
		   "- Index size is what `du` would say of the live generation (`DIR/current`).  The\n"
		   "  compacted size is of a copy made with `xapian-compact` and then deleted.\n"
		   "- Queries are made from a seeded random sample of %lu articles:\n"
		   "  %s.\n"
		   "  The same corpus and seed give the same queries.\n"
		   "- Percentiles are nearest-rank over the timed runs.  Batch wall time is taken with\n"
		   "  `CLOCK_MONOTONIC` from before writing the query line to after reading the answer line;\n"
		   "  it includes the pipe round trip and JSON output.  The musts are judged on wall time.\n"
		   "- \"Other processes\" is the machine's busy CPU time from `/proc/stat` minus this\n"
		   "  program's and its children's (`getrusage`), over the wall time of a part: how much\n"
		   "  other work competed for the CPUs.  Above 0.25 CPUs the part counts as disturbed.\n"
		   "- Cold runs start after five untimed runs, so the OS page cache is warm: they measure\n"
		   "  process start, opening the index and one query, as a CGI request would.\n",
		o->sample,
		"25% 1-3 unaccented syllables, 25% 2-4 accented words, 20% 5-7 syllables of body\n"
		"  text, 15% unaccented titles, 15% document numbers such as \"nghị định 100\" or digits");
	int bad = ferror(f);
	if (fclose(f) != 0 || bad) {
		fprintf(stderr, "tracuu-bench: error writing %s\n", o->report);
		return -1;
	}
	return 0;
}

/* ---- JSON for bench/run ------------------------------------------------- */

static json_object *json_dist(const dist *d)
{
	json_object *o = json_object_new_object();
	json_object_object_add(o, "n", json_object_new_int64((int64_t)d->n));
	json_object_object_add(o, "median", json_object_new_double(d->median));
	json_object_object_add(o, "p90", json_object_new_double(d->p90));
	json_object_object_add(o, "p99", json_object_new_double(d->p99));
	json_object_object_add(o, "max", json_object_new_double(d->max));
	json_object_object_add(o, "mean", json_object_new_double(d->mean));
	return o;
}

static void json_num(json_object *o, const char *key, double v)
{
	json_object_object_add(o, key, json_object_new_double(v));
}

static void json_int(json_object *o, const char *key, int64_t v)
{
	json_object_object_add(o, key, json_object_new_int64(v));
}

/* Every figure of the run as one JSON object; parts that did not run are
 * absent.  Queries never appear: they are corpus text. */
static int write_json(const options *o, const results *r)
{
	json_object *root = json_object_new_object(), *p;
	json_object_object_add(root, "date", json_object_new_string(r->date));
	json_object_object_add(root, "machine", json_object_new_string(r->machine));
	json_object_object_add(root, "command", json_object_new_string(r->command));
	json_object_object_add(root, "indexer", json_object_new_string(o->indexer));
	json_object_object_add(root, "searcher", json_object_new_string(o->searcher));
	json_int(root, "documents", (int64_t)r->docs);
	json_int(root, "text_bytes", (int64_t)r->text_bytes);
	json_num(root, "other_cpus", r->other_all);
	if (r->import_ran) {
		json_object_object_add(root, "import", p = json_object_new_object());
		json_int(p, "status", r->import_status);
		json_int(p, "jobs", r->jobs_passed);
		json_num(p, "wall_s", r->import_wall_s);
		json_num(p, "cpu_s", r->import_cpu_s);
		json_num(p, "mb_per_s", import_mbs(r));
		json_num(p, "peak_rss_mib", r->import_rss_mib);
		json_num(p, "other_cpus", r->other_import);
		json_object_object_add(p, "summary", json_object_new_string(r->import_summary));
	}
	if (r->size_ran) {
		json_object_object_add(root, "size", p = json_object_new_object());
		json_num(p, "generation_mib", r->gen_mib);
		json_num(p, "dir_mib", r->dir_mib);
		if (r->compact_ran)
			json_num(p, "compact_mib", r->compact_mib);
		json_int(p, "stats_documents", r->stats_docs);
		json_int(p, "stats_bytes", r->stats_bytes);
	}
	if (r->batch_ran) {
		json_object_object_add(root, "batch", p = json_object_new_object());
		json_object_object_add(p, "wall", json_dist(&r->wall));
		if (r->have_took)
			json_object_object_add(p, "took", json_dist(&r->took));
		json_int(p, "found", (int64_t)r->batch_found);
		json_int(p, "relaxed", (int64_t)r->batch_relaxed);
		json_int(p, "errors", (int64_t)r->batch_errors);
		json_num(p, "searcher_rss_mib", r->searcher_rss_mib);
		json_num(p, "other_cpus", r->other_batch);
		json_object *kinds = json_object_new_object();
		json_object_object_add(p, "kinds", kinds);
		for (int k = 0; k < BC_Q_COUNT; k++) {
			json_object *kk = json_object_new_object();
			json_object_object_add(kk, "wall", json_dist(&r->kind_wall[k]));
			json_object_object_add(kk, "took", json_dist(&r->kind_took[k]));
			json_int(kk, "found", (int64_t)r->kind_found[k]);
			json_int(kk, "relaxed", (int64_t)r->kind_relaxed[k]);
			json_object_object_add(kinds, bc_qkind_name((bc_qkind)k), kk);
		}
	}
	if (r->cold_ran) {
		json_object_object_add(root, "cold", p = json_object_new_object());
		json_object_object_add(p, "wall", json_dist(&r->cold));
		json_int(p, "found", (int64_t)r->cold_found);
		json_int(p, "errors", (int64_t)r->cold_errors);
		json_num(p, "rss_mib", r->cold_rss_mib);
	}
	int rc = json_object_to_file_ext(o->json, root, JSON_C_TO_STRING_PRETTY);
	if (rc != 0)
		fprintf(stderr, "tracuu-bench: cannot write %s: %s\n", o->json, json_util_get_last_err());
	json_object_put(root);
	return rc != 0 ? -1 : 0;
}

static int dump_queries(const char *path, const bc_query *q, size_t n)
{
	FILE *f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "tracuu-bench: cannot write %s: %s\n", path, strerror(errno));
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s\n", q[i].text);
	int bad = ferror(f);
	if (fclose(f) != 0 || bad) {
		fprintf(stderr, "tracuu-bench: error writing %s\n", path);
		return -1;
	}
	return 0;
}

/* ---- main ----------------------------------------------------------------- */

static unsigned parse_parts(const char *s)
{
	unsigned parts = 0;
	while (*s) {
		size_t n = strcspn(s, ",");
		if (n == 6 && !strncmp(s, "import", n))
			parts |= PART_IMPORT;
		else if (n == 4 && !strncmp(s, "size", n))
			parts |= PART_SIZE;
		else if (n == 5 && !strncmp(s, "batch", n))
			parts |= PART_BATCH;
		else if (n == 4 && !strncmp(s, "cold", n))
			parts |= PART_COLD;
		else if (n == 3 && !strncmp(s, "all", n))
			parts |= PART_IMPORT | PART_SIZE | PART_BATCH | PART_COLD;
		else
			return 0;
		s += n;
		if (*s == ',')
			s++;
	}
	return parts;
}

/* The input paths: positional ones, else --files or the default names in
 * the corpus directory.  Returns a malloc'ed array of malloc'ed strings. */
static char **input_paths(const options *o, size_t *n)
{
	*n = 0;
	size_t cap = (size_t)o->npaths + 64;
	char **v = calloc(cap, sizeof *v);
	if (!v)
		return NULL;
	if (o->npaths) {
		for (int i = 0; i < o->npaths; i++)
			v[(*n)++] = strdup(o->paths[i]);
		return v;
	}
	char path[PATH_MAX];
	if (o->files) {
		const char *s = o->files;
		while (*s && *n < cap) {
			size_t k = strcspn(s, ",");
			if (k) {
				snprintf(path, sizeof path, "%s/%.*s", o->corpus, (int)k, s);
				v[(*n)++] = strdup(path);
			}
			s += k;
			if (*s == ',')
				s++;
		}
	} else {
		for (size_t i = 0; i < sizeof default_files / sizeof *default_files; i++) {
			snprintf(path, sizeof path, "%s/%s", o->corpus, default_files[i]);
			v[(*n)++] = strdup(path);
		}
	}
	return v;
}

static void free_paths(char **v, size_t n)
{
	if (!v)
		return;
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static const char *default_corpus(void)
{
	const char *env = getenv("TRACUU_CORPUS");
	if (env && *env)
		return env;
	if (path_exists("../shared/corpus"))
		return "../shared/corpus";
	return TRACUU_SOURCE_DIR "/../shared/corpus";
}

int main(int argc, char **argv)
{
	options o;
	memset(&o, 0, sizeof o);
	o.corpus = default_corpus();
	o.mode = "rebuild";
	o.compact = 1;
	o.jobs = 2;
	o.queries = 2000;
	o.warmup = 100;
	o.cold = 200;
	o.limit = 10;
	o.sample = 4000;
	o.seed = 1;
	o.timeout_s = 30;
	default_bin(o.indexer, sizeof o.indexer, "indexer/tracuu-index");
	default_bin(o.searcher, sizeof o.searcher, "searcher/tracuu-search");
	int parts_given = 0;

	static const struct option opts[] = {
		{"corpus", required_argument, NULL, 'C'},   {"files", required_argument, NULL, 'F'},
		{"indexer", required_argument, NULL, 'I'},  {"searcher", required_argument, NULL, 'S'},
		{"parts", required_argument, NULL, 'P'},    {"db", required_argument, NULL, 'd'},
		{"workdir", required_argument, NULL, 'w'},  {"keep", no_argument, NULL, 'k'},
		{"mode", required_argument, NULL, 'm'},     {"jobs", required_argument, NULL, 'j'},
		{"no-compact", no_argument, NULL, 'N'},     {"queries", required_argument, NULL, 'q'},
		{"warmup", required_argument, NULL, 'W'},   {"cold", required_argument, NULL, 'c'},
		{"limit", required_argument, NULL, 'l'},    {"sample", required_argument, NULL, 's'},
		{"seed", required_argument, NULL, 'e'},     {"timeout", required_argument, NULL, 't'},
		{"report", required_argument, NULL, 'r'},   {"check", no_argument, NULL, 'K'},
		{"json", required_argument, NULL, 'J'},
		{"dump-queries", required_argument, NULL, 'D'},
		{"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0}};
	int c, li = 0;
	unsigned long v;
	while ((c = getopt_long(argc, argv, "h", opts, &li)) != -1) {
		int ok = 1;
		switch (c) {
		case 'C': o.corpus = optarg; break;
		case 'F': o.files = optarg; break;
		case 'I': snprintf(o.indexer, sizeof o.indexer, "%s", optarg); break;
		case 'S': snprintf(o.searcher, sizeof o.searcher, "%s", optarg); break;
		case 'P': ok = (o.parts = parse_parts(optarg)) != 0; parts_given = 1; break;
		case 'd': o.db = optarg; break;
		case 'w': o.workdir = optarg; break;
		case 'k': o.keep = 1; break;
		case 'm':
			o.mode = optarg;
			ok = !strcmp(optarg, "rebuild") || !strcmp(optarg, "add");
			break;
		case 'j': ok = bp_parse_ulong(optarg, 0, 1024, &o.jobs); break;
		case 'N': o.compact = 0; break;
		case 'q': ok = bp_parse_ulong(optarg, 1, 10000000, &o.queries); break;
		case 'W': ok = bp_parse_ulong(optarg, 0, 1000000, &o.warmup); break;
		case 'c': ok = bp_parse_ulong(optarg, 0, 1000000, &o.cold); break;
		case 'l': ok = bp_parse_ulong(optarg, 1, 1000, &o.limit); break;
		case 's': ok = bp_parse_ulong(optarg, 1, 1000000, &o.sample); break;
		case 'e': ok = bp_parse_ulong(optarg, 0, ULONG_MAX - 1, &v); o.seed = v; break;
		case 't': ok = bp_parse_ulong(optarg, 1, 3600, &o.timeout_s); break;
		case 'r': o.report = optarg; break;
		case 'J': o.json = optarg; break;
		case 'K': o.check = 1; break;
		case 'D': o.dump = optarg; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return EXIT_FAIL;
		}
		if (!ok) {
			fprintf(stderr, "tracuu-bench: bad value '%s' for --%s\n", optarg, opts[li].name);
			usage(stderr);
			return EXIT_FAIL;
		}
	}
	o.paths = argv + optind;
	o.npaths = argc - optind;
	if (!parts_given && o.dump)
		o.parts = 0;
	else if (!parts_given)
		o.parts = o.db ? (PART_SIZE | PART_BATCH | PART_COLD)
			       : (PART_IMPORT | PART_SIZE | PART_BATCH | PART_COLD);
	if (o.parts && !o.db && !(o.parts & PART_IMPORT)) {
		fprintf(stderr, "tracuu-bench: without the import part, give an index with --db DIR\n");
		return EXIT_FAIL;
	}
	if ((o.parts & PART_IMPORT) && !is_executable(o.indexer)) {
		fprintf(stderr, "tracuu-bench: no indexer at %s (build it, or use --indexer)\n", o.indexer);
		return EXIT_FAIL;
	}
	if ((o.parts & (PART_BATCH | PART_COLD)) && !is_executable(o.searcher)) {
		fprintf(stderr, "tracuu-bench: no searcher at %s (build it, use --searcher, or "
				"--parts import,size)\n", o.searcher);
		return EXIT_FAIL;
	}
	signal(SIGPIPE, SIG_IGN);

	results r;
	memset(&r, 0, sizeof r);
	r.stats_docs = r.stats_bytes = -1;
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(r.date, sizeof r.date, "%Y-%m-%d %H:%M UTC", &tm);
	describe_machine(r.machine, sizeof r.machine);
	r.ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	r.load_start = load_average();
	r.other_import = r.other_batch = r.other_cold = r.other_all = -1;
	cpu_snap run0 = cpu_snap_take(), p0;
	describe_tree(r.tree, sizeof r.tree);
	join_argv(r.command, sizeof r.command, argc, (const char *const *)argv);
	if (!getcwd(r.cwd, sizeof r.cwd))
		snprintf(r.cwd, sizeof r.cwd, "?");

	/* scratch directory */
	char work[PATH_MAX];
	int made_work = 0;
	if (o.workdir) {
		snprintf(work, sizeof work, "%s", o.workdir);
		if (mkdir(work, 0755) != 0 && errno != EEXIST) {
			fprintf(stderr, "tracuu-bench: cannot create %s: %s\n", work, strerror(errno));
			return EXIT_FAIL;
		}
	} else {
		const char *tmp = getenv("TMPDIR");
		snprintf(work, sizeof work, "%s/tracuu-bench.XXXXXX", tmp && *tmp ? tmp : "/tmp");
		if (!mkdtemp(work)) {
			fprintf(stderr, "tracuu-bench: cannot create a scratch directory: %s\n", strerror(errno));
			return EXIT_FAIL;
		}
		made_work = 1;
	}
	int len = o.db ? snprintf(r.db, sizeof r.db, "%s", o.db)
		       : snprintf(r.db, sizeof r.db, "%s/db", work);
	if (len < 0 || (size_t)len >= sizeof r.db) {
		fprintf(stderr, "tracuu-bench: index path too long\n");
		return EXIT_FAIL;
	}

	int rc = 0;
	size_t npaths;
	char **paths = input_paths(&o, &npaths);
	bc_corpus *corpus = NULL;
	bc_query *queries = NULL;
	size_t nq = o.warmup + o.queries;
	tc_err err = {{0}};
	fprintf(stderr, "tracuu-bench: reading the corpus...\n");
	double t0 = bp_now_ms();
	if (!paths ||
	    bc_corpus_load((const char *const *)paths, npaths, o.sample, o.seed, &corpus, &err) != TC_OK ||
	    bc_queries_make(corpus, nq, o.seed, &queries, &err) != TC_OK) {
		fprintf(stderr, "tracuu-bench: %s\n", err.msg[0] ? err.msg : "out of memory");
		if (!o.npaths && !o.files)
			fprintf(stderr, "tracuu-bench: the corpus is looked for in %s "
					"(set TRACUU_CORPUS or use --corpus)\n", o.corpus);
		rc = EXIT_FAIL;
		goto out;
	}
	size_t nfiles;
	bc_corpus_files(corpus, &nfiles);
	r.nfiles = nfiles;
	r.docs = bc_corpus_docs(corpus);
	r.skipped = bc_corpus_skipped(corpus);
	r.text_bytes = bc_corpus_text_bytes(corpus);
	r.has_html = bc_corpus_has_html(corpus);
	fprintf(stderr, "tracuu-bench: %llu articles, %.1f MB of text, %zu queries made in %.1f s\n",
		(unsigned long long)r.docs, (double)r.text_bytes / 1e6, nq, (bp_now_ms() - t0) / 1e3);

	if (o.dump && dump_queries(o.dump, queries, nq) != 0) {
		rc = EXIT_FAIL;
		goto out;
	}
	if (!o.parts)
		goto out;
	p0 = cpu_snap_take();
	if ((o.parts & PART_IMPORT) && run_import(&o, corpus, &r) != 0) {
		rc = EXIT_FAIL;
		goto report;
	}
	r.other_import = others_cpus(p0, cpu_snap_take());
	if (o.parts & PART_SIZE)
		run_size(&o, work, &r);
	p0 = cpu_snap_take();
	if ((o.parts & PART_BATCH) && run_batch(&o, queries, &r) != 0)
		rc = EXIT_FAIL;
	r.other_batch = others_cpus(p0, cpu_snap_take());
	p0 = cpu_snap_take();
	if ((o.parts & PART_COLD) && o.cold && run_cold(&o, queries, nq, &r) != 0)
		rc = EXIT_FAIL;
	r.other_cold = others_cpus(p0, cpu_snap_take());

report:
	r.other_all = others_cpus(run0, cpu_snap_take());
	print_text(&o, &r);
	if (o.report && write_report(&o, &r) != 0)
		rc = EXIT_FAIL;
	if (o.json && write_json(&o, &r) != 0)
		rc = EXIT_FAIL;
	if (rc == 0 && o.check && musts_missed(&r))
		rc = EXIT_MISSED;
out:
	bc_queries_free(queries, nq);
	bc_corpus_free(corpus);
	free_paths(paths, npaths);
	if (!o.keep) {
		if (!o.db) {
			char db[PATH_MAX + 8];
			snprintf(db, sizeof db, "%s/db", work);
			remove_tree(db);
		}
		if (made_work)
			rmdir(work);
	} else {
		fprintf(stderr, "tracuu-bench: kept %s\n", work);
	}
	return rc;
}
