/*
 * alloc_run.c - the allocation-failure run: every allocation of our code on
 * a path fails in turn, and the path must stop with a clean error each time.
 *
 * usage: alloc_run [SCENARIO...]     (default: all of them)
 *
 * For each scenario and n = 1, 2, ... a child process (fork) makes the n-th
 * allocation fail (alloc_fail.h: malloc, calloc, realloc, strdup, strndup
 * called from common/, indexer/ and searcher/) and runs the scenario, until
 * a run completes without reaching the n-th allocation.  Every run that
 * reached it must end with TC_ERR_NOMEM (so a message: err, else "out of
 * memory"), never with another error (an allocation failure that says
 * "bad value" or "list full" sends the user after the wrong problem), never
 * with success (a failure swallowed: something silently lost), never with a
 * crash; and, in the sanitizer build, with no leak (LeakSanitizer checks the
 * child at exit).
 *
 * The scenarios: a crawl config read (crawl_config.c); an import of a JSON
 * Lines file, an HTML file and a WARC file into a fresh index (importer.c,
 * gzin, warc, page_article, doc_build); an HTML page extracted and judged
 * as the crawl judges it (extract_html, links, page_article); queries parsed,
 * described (--explain) and built (query.c).  Out of scope: the shared
 * libraries' allocations and C++ operator new (alloc_fail.h says why).
 */
#include <dirent.h>
#include <errno.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "alloc_fail.h"
#include "crawl_config.h"
#include "extract_html.h"
#include "importer.h"
#include "page_article.h"
#include "query.h"
#include "tc_status.h"
#include "tc_xapian.h"
#include "warc.h"
#include "tc_banned.h"

#define MAX_RUNS 200000 /* a scenario that never completes is a bug of its own */

enum {
	RUN_DONE = 0,        /* completed, the n-th allocation never came */
	RUN_CLEAN = 10,      /* the n-th failed, TC_ERR_NOMEM came back */
	RUN_SWALLOWED = 11,  /* the n-th failed, yet the scenario succeeded */
	RUN_WRONG = 12,      /* the n-th failed, another error came back */
	RUN_BROKEN = 13      /* no allocation failed, the scenario did */
};

static char dir[4096]; /* scratch: inputs, and each run's index */

/* ---- inputs ------------------------------------------------------------ */

static const char page_html[] =
	"<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\">"
	"<title>Cổng thông tin điện tử</title>"
	"<meta property=\"og:type\" content=\"article\">"
	"<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\","
	"\"headline\":\"Điều chỉnh giá nước sạch\",\"datePublished\":\"2024-01-09T10:00:00+07:00\","
	"\"author\":{\"@type\":\"Person\",\"name\":\"Minh Anh\"}}</script></head>"
	"<body><div class=\"menu\"><a href=\"/\">Trang chủ</a> <a href=\"/chuyen-muc/tin.html\">Tin</a>"
	"</div><div class=\"noi-dung\"><h1>Điều chỉnh giá nước sạch sinh hoạt</h1>"
	"<p class=\"ngay\">Thứ Ba, 09/01/2024 10:00</p>"
	"<p class=\"sapo\"><b>Ủy ban nhân dân thành phố quyết định điều chỉnh giá nước.</b></p>"
	"<div class=\"tieu-de\">Giá nước sạch từ tháng ba</div>"
	"<p>Văn bản nêu rõ trách nhiệm của các sở, ngành và ủy ban nhân dân các quận, huyện "
	"trong việc tổ chức thực hiện, kiểm tra và báo cáo kết quả định kỳ hằng quý.</p>"
	"<p>Các cơ quan, đơn vị có trách nhiệm phổ biến nội dung đến cán bộ, công chức và người "
	"dân trên địa bàn, bảo đảm đúng tiến độ, tiết kiệm và hiệu quả.</p>"
	"<p>Tin liên quan: <a href=\"/tin/a.html\">Kế hoạch trồng cây</a></p>"
	"<p>Minh Anh</p></div><div class=\"footer\">Bản quyền.</div></body></html>";

static const char records[] =
	"{\"url\":\"https://hanoi.gov.vn/tin/1.html\",\"title\":\"Kế hoạch trồng cây xanh\","
	"\"summary\":\"Thành phố trồng mới cây xanh.\",\"body\":\"Năm nay thành phố trồng mới "
	"nhiều cây xanh trên các tuyến phố.\",\"date\":\"2024-01-08\",\"category\":\"Đô thị\"}\n"
	"\n"
	"{\"url\":\"https://hanoi.gov.vn/tin/2.html\",\"title\":\"Lịch tiếp công dân\","
	"\"body\":\"Lãnh đạo thành phố tiếp công dân định kỳ.\",\"source\":\"Cổng Hà Nội\"}\n";

static const char config_ini[] =
	"; the allocation-failure run's sources\n"
	"[hanoi]\n"
	"start = https://hanoi.gov.vn/\n"
	"start = https://hanoi.gov.vn/rss/tin-moi.rss\n"
	"hosts = hanoi.gov.vn www.hanoi.gov.vn\n"
	"article = https://hanoi.gov.vn/tin/*.html https://www.hanoi.gov.vn/tin/*.html\n"
	"follow = https://hanoi.gov.vn/*\n"
	"title = //div[@class='tieu-de']\n"
	"date = //p[@class='ngay']\n"
	"body = //div[@class='noi-dung']/p\n"
	"depth = 3\n"
	"\n"
	"[tphcm]\n"
	"start = https://hochiminhcity.gov.vn/\n"
	"delay = 2\n";

static const char *const queries[] = {
	"giá nước sạch",
	"\"giá nước\" site:hanoi.gov.vn -quảng OR cáo xanh",
	"gia nuoc sach -site:example.vn trồng cây",
};

static void path_of(char *out, size_t cap, const char *name)
{
	snprintf(out, cap, "%s/%s", dir, name);
}

static int write_file(const char *name, const char *s, size_t n)
{
	char p[4200];
	path_of(p, sizeof p, name);
	FILE *f = fopen(p, "wb");
	if (!f)
		return 0;
	int ok = fwrite(s, 1, n, f) == n;
	return fclose(f) == 0 && ok;
}

static int write_warc(void)
{
	char p[4200];
	path_of(p, sizeof p, "input/crawl.warc");
	tc_warc_writer *w;
	tc_err err = {{0}};
	static const char head[] = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n";
	static const char feed_head[] = "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n\r\n";
	static const char feed[] = "<?xml version=\"1.0\"?><rss><channel><item><link>"
				   "https://hanoi.gov.vn/tin/3.html</link></item></channel></rss>";
	return tc_warc_open(p, &w, &err) == TC_OK &&
	       tc_warc_write_response(w, "https://hanoi.gov.vn/rss/tin-moi.rss", NULL, NULL, feed_head,
				      strlen(feed_head), feed, strlen(feed), &err) == TC_OK &&
	       tc_warc_write_response(w, "https://hanoi.gov.vn/tin/3.html", NULL, "2024-01-10", head,
				      strlen(head), page_html, strlen(page_html), &err) == TC_OK &&
	       tc_warc_write_response(w, "https://hanoi.gov.vn/tin/3-ban-sao.html", NULL, NULL, head,
				      strlen(head), page_html, strlen(page_html), &err) == TC_OK &&
	       tc_warc_close(w, &err) == TC_OK;
}

/* ---- scenarios ----------------------------------------------------------- */

static tc_status run_config(tc_err *err)
{
	char p[4200];
	path_of(p, sizeof p, "sources.ini");
	tc_crawl_config cfg;
	tc_status st = tc_crawl_config_load(p, &cfg, err);
	if (st == TC_OK)
		tc_crawl_config_release(&cfg);
	return st;
}

static tc_status run_import(tc_err *err)
{
	char db_path[4200], p[4200];
	snprintf(db_path, sizeof db_path, "%s/db-%ld", dir, (long)getpid());
	path_of(p, sizeof p, "sources.ini");
	tc_crawl_config cfg;
	tc_status st = tc_crawl_config_load(p, &cfg, err);
	if (st != TC_OK)
		return st;
	tc_db *db = NULL;
	tc_importer *imp = NULL;
	tc_import_opts o;
	tc_import_opts_init(&o);
	o.quiet = 1;
	o.jobs = 1;
	o.sources = &cfg;
	o.base_url = "https://hanoi.gov.vn/tep"; /* the HTML file's URL */
	st = tc_db_open(db_path, TC_DB_CREATE, &db, err);
	if (st == TC_OK)
		st = tc_importer_new(db, &o, &imp);
	/* A folder: the JSON Lines file, the HTML page and the archive. */
	path_of(p, sizeof p, "input");
	if (st == TC_OK)
		st = tc_importer_add_path(imp, p, err);
	tc_import_stats stats = {0};
	if (st == TC_OK)
		st = tc_importer_finish(imp, &stats, err);
	/* A record or a file refused for want of memory is the wrong message. */
	if (st == TC_OK && (stats.failed || stats.docs != 4))
		st = tc_err_set(err, TC_ERR_INVALID, "%llu records failed, %llu documents",
				(unsigned long long)stats.failed, (unsigned long long)stats.docs);
	tc_importer_free(imp);
	tc_db_free(db);
	tc_crawl_config_release(&cfg);
	return st;
}

static tc_status run_extract(tc_err *err)
{
	char p[4200];
	path_of(p, sizeof p, "sources.ini");
	tc_crawl_config cfg;
	tc_status st = tc_crawl_config_load(p, &cfg, err);
	if (st != TC_OK)
		return st;
	tc_extracted x;
	tc_extracted_init(&x);
	st = tc_extract_html(page_html, strlen(page_html), &x);
	if (st == TC_OK && !tc_extracted_is_article(&x))
		st = tc_err_set(err, TC_ERR_INVALID, "the page is no article");
	tc_extracted_release(&x);
	const tc_page_judge j = {&cfg, NULL, NULL, NULL, NULL};
	const tc_fetched_page pg = {"https://hanoi.gov.vn/tin/gia-nuoc-sach.html",
				    "text/html; charset=utf-8", page_html, strlen(page_html), 0, 0};
	tc_page_result r;
	tc_page_result_init(&r);
	if (st == TC_OK)
		st = tc_page_to_article(&j, &pg, &r, err);
	if (st == TC_OK && r.verdict != TC_PAGE_INDEX)
		st = tc_err_set(err, TC_ERR_INVALID, "page judged %s (%s)",
				tc_page_verdict_str(r.verdict), r.why);
	tc_page_result_release(&r);
	tc_crawl_config_release(&cfg);
	return st;
}

static tc_status run_query(tc_err *err)
{
	tc_status st = TC_OK;
	for (size_t i = 0; i < sizeof queries / sizeof queries[0] && st == TC_OK; i++) {
		tc_parsed *p = NULL;
		tc_query_refusal why;
		st = tc_query_parse(queries[i], strlen(queries[i]), &p, &why, err);
		char explain[4096];
		if (st == TC_OK)
			st = tc_parsed_describe(p, explain, sizeof explain);
		tc_built b = {0};
		if (st == TC_OK)
			st = tc_parsed_build(p, NULL, NULL, NULL, &b);
		tc_built_release(&b);
		tc_parsed_free(p);
	}
	return st;
}

typedef struct scenario {
	const char *name;
	tc_status (*run)(tc_err *err);
} scenario;

static const scenario scenarios[] = {
	{"config", run_config},
	{"import", run_import},
	{"extract", run_extract},
	{"query", run_query},
};

/* ---- the run ------------------------------------------------------------- */

/* Remove a run's index (a flat folder of files). */
static void remove_db(pid_t pid)
{
	char p[4200];
	snprintf(p, sizeof p, "%s/db-%ld", dir, (long)pid);
	DIR *d = opendir(p);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char f[4500];
		snprintf(f, sizeof f, "%s/%s", p, e->d_name);
		unlink(f);
	}
	closedir(d);
	rmdir(p);
}

/* The child: fail the n-th allocation, run, say how it went by exit status
 * (exit, not _exit: LeakSanitizer looks at exit). */
static void child(const scenario *s, uint64_t n)
{
	tc_err err = {{0}};
	alloc_fail_at(n);
	tc_status st = s->run(&err);
	int injected = alloc_fail_injected();
	alloc_fail_at(0);
	int code = !injected       ? (st == TC_OK ? RUN_DONE : RUN_BROKEN)
		   : st == TC_OK     ? RUN_SWALLOWED
		   : st == TC_ERR_NOMEM ? RUN_CLEAN
					: RUN_WRONG;
	if (code != RUN_DONE && code != RUN_CLEAN)
		fprintf(stderr, "alloc_run: %s, allocation %llu: %s (%s)\n", s->name,
			(unsigned long long)n, tc_status_str(st), err.msg[0] ? err.msg : "no message");
	fflush(NULL);
	exit(code);
}

/* Run s for n = 1, 2, ... ; returns the number of bad runs. */
static int run_scenario(const scenario *s)
{
	int bad = 0;
	uint64_t n;
	for (n = 1; n <= MAX_RUNS; n++) {
		fflush(NULL);
		pid_t pid = fork();
		if (pid < 0) {
			fprintf(stderr, "alloc_run: fork: %s\n", strerror(errno));
			return bad + 1;
		}
		if (pid == 0)
			child(s, n);
		int ws;
		while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
			;
		remove_db(pid);
		if (WIFEXITED(ws) && WEXITSTATUS(ws) == RUN_DONE)
			break;
		if (WIFEXITED(ws) && WEXITSTATUS(ws) == RUN_CLEAN)
			continue;
		bad++;
		const char *what = !WIFEXITED(ws)
					   ? "killed by a signal (a crash, or a sanitizer report under "
					     "abort_on_error)"
				   : WEXITSTATUS(ws) == RUN_SWALLOWED ? "succeeded: the failure was swallowed"
				   : WEXITSTATUS(ws) == RUN_WRONG     ? "failed with another error than TC_ERR_NOMEM"
				   : WEXITSTATUS(ws) == RUN_BROKEN
					   ? "failed without any allocation failing"
					   : "exit status of a sanitizer report (a leak or a memory error)";
		printf("FAIL %s: allocation %llu failed: %s (status %d)\n", s->name,
		       (unsigned long long)n, what,
		       WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws));
		if (WIFEXITED(ws) && WEXITSTATUS(ws) == RUN_BROKEN)
			break; /* every later run would say the same */
	}
	if (n > MAX_RUNS) {
		printf("FAIL %s: still reaching a new allocation after %d runs\n", s->name, MAX_RUNS);
		bad++;
	}
	printf("%s %s: %llu allocations, each failed in turn: %d bad runs\n", bad ? "FAIL" : "ok  ",
	       s->name, (unsigned long long)(n - 1), bad);
	return bad;
}

static void remove_inputs(void)
{
	static const char *const names[] = {"input/records.jsonl", "input/page.html",
					    "input/crawl.warc", "input", "sources.ini", ""};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char p[4200];
		path_of(p, sizeof p, names[i]);
		if (remove(p) != 0 && errno != ENOENT)
			fprintf(stderr, "alloc_run: cannot remove %s: %s\n", p, strerror(errno));
	}
}

int main(int argc, char **argv)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof dir, "%s/tracuu-alloc.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		fprintf(stderr, "alloc_run: cannot make a scratch folder %s: %s\n", dir, strerror(errno));
		return 2;
	}
	char input[4200];
	path_of(input, sizeof input, "input");
	/* libxml2 once, before any child, as the programs do. */
	xmlInitParser();
	if (mkdir(input, 0777) != 0 || !write_file("sources.ini", config_ini, strlen(config_ini)) ||
	    !write_file("input/records.jsonl", records, strlen(records)) ||
	    !write_file("input/page.html", page_html, strlen(page_html)) || !write_warc()) {
		fprintf(stderr, "alloc_run: cannot write the inputs in %s\n", dir);
		remove_inputs();
		return 2;
	}
	int bad = 0, ran = 0;
	for (size_t i = 0; i < sizeof scenarios / sizeof scenarios[0]; i++) {
		int wanted = argc < 2;
		for (int a = 1; a < argc; a++)
			wanted |= !strcmp(argv[a], scenarios[i].name);
		if (wanted) {
			bad += run_scenario(&scenarios[i]);
			ran++;
		}
	}
	remove_inputs();
	xmlCleanupParser();
	if (!ran) {
		fprintf(stderr, "alloc_run: no such scenario (config, import, extract, query)\n");
		return 2;
	}
	printf("alloc_run: %d bad runs\n", bad);
	return bad ? 1 : 0;
}
