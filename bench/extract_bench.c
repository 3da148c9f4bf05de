/*
 * extract_bench.c - how fast and how well tracuu pulls articles out of HTML
 * (indexer/extract/extract_html.h), in process, without the indexer around it.
 *
 * Speed: every .html page under the given files and folders (default: the
 * real pages of ../shared/html, TRACUU_HTML overrides) is read into memory,
 * then extracted again and again for --seconds; the figure is megabytes of
 * HTML per second.  The goal (issue 3) is at least 20 MB/s.
 *
 * Accuracy: --articles N articles of a corpus file (default
 * ../shared/corpus/dantri-2020.jsonl.gz, TRACUU_CORPUS names the folder) are
 * rendered into four page templates with their furniture (a table-layout
 * government portal in an ASP.NET form; a news page with JSON-LD, share bar,
 * related box and comments; an HTML5 article with <time> and a sidebar; a
 * windows-1258 page with a text date), extracted, and compared with the
 * article: title exact, date exact, body paragraphs found (recall) and body
 * lines that are article paragraphs (precision).  A corpus that is absent is
 * skipped with a message.
 *
 * Exit status: 0 when it ran (whatever the figures), 1 with --check when a
 * figure misses its target, 2 on usage errors or unreadable pages.
 */
#include <dirent.h>
#include <getopt.h>
#include <iconv.h>
#include <json-c/json.h>
#include <libxml/parser.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <zlib.h>

#include "extract_html.h"
#include "tc_buf.h"
#include "vn_text.h"
#include "tc_banned.h"

#ifndef TRACUU_SOURCE_DIR
#define TRACUU_SOURCE_DIR "."
#endif

#define GOAL_MBS 20.0
#define GOAL_ACCURACY 0.95
#define MAX_PAGES 4096
#define PAGE_MAX (32u << 20)

typedef struct page {
	char *path;
	char *data;
	size_t n;
} page;

typedef struct pages {
	page *p;
	size_t n;
	size_t bytes;
} pages;

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && !strcmp(s + n - k, suffix);
}

static int add_file(pages *ps, const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "extract_bench: cannot open %s\n", path);
		return -1;
	}
	tc_buf b;
	tc_buf_init(&b, PAGE_MAX);
	char tmp[65536];
	size_t got;
	tc_status st = TC_OK;
	while (st == TC_OK && (got = fread(tmp, 1, sizeof tmp, f)) > 0)
		st = tc_buf_append(&b, tmp, got);
	fclose(f);
	if (st != TC_OK || ps->n >= MAX_PAGES) {
		fprintf(stderr, "extract_bench: %s: too big or too many pages\n", path);
		tc_buf_release(&b);
		return -1;
	}
	size_t n;
	char *data = tc_buf_detach(&b, &n);
	char *copy = malloc(strlen(path) + 1);
	if (!copy) {
		free(data);
		return -1;
	}
	memcpy(copy, path, strlen(path) + 1);
	ps->p[ps->n++] = (page){copy, data ? data : calloc(1, 1), n};
	ps->bytes += n;
	return 0;
}

static int add_path(pages *ps, const char *path)
{
	struct stat sb;
	if (stat(path, &sb) != 0) {
		fprintf(stderr, "extract_bench: %s: not found\n", path);
		return -1;
	}
	if (!S_ISDIR(sb.st_mode))
		return add_file(ps, path);
	struct dirent **names;
	int k = scandir(path, &names, NULL, alphasort);
	if (k < 0)
		return -1;
	int rc = 0;
	for (int i = 0; i < k; i++) {
		const char *nm = names[i]->d_name;
		if (nm[0] != '.' && rc == 0) {
			char child[4096];
			snprintf(child, sizeof child, "%s/%s", path, nm);
			if (stat(child, &sb) == 0 && S_ISDIR(sb.st_mode))
				rc = add_path(ps, child);
			else if (ends_with(nm, ".html") || ends_with(nm, ".htm"))
				rc = add_file(ps, child);
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

/* ---- speed ---------------------------------------------------------------- */

static double speed(const pages *ps, double seconds, int verbose)
{
	size_t rounds = 0, bytes = 0;
	double t0 = now(), t;
	do {
		for (size_t i = 0; i < ps->n; i++) {
			tc_extracted x;
			tc_extracted_init(&x);
			tc_status st = tc_extract_html(ps->p[i].data, ps->p[i].n, &x);
			if (st != TC_OK && st != TC_ERR_INVALID)
				fprintf(stderr, "extract_bench: %s: status %d\n", ps->p[i].path, st);
			tc_extracted_release(&x);
			bytes += ps->p[i].n;
		}
		rounds++;
		t = now() - t0;
	} while (t < seconds);
	double mbs = (double)bytes / t / 1e6;
	printf("speed: %zu pages, %.2f MB, %zu rounds in %.2f s: %.1f MB/s of HTML, %.0f pages/s "
	       "(goal >= %.0f MB/s)\n",
	       ps->n, (double)ps->bytes / 1e6, rounds, t, mbs, (double)(rounds * ps->n) / t, GOAL_MBS);
	if (verbose) {
		for (size_t i = 0; i < ps->n; i++) {
			int reps = 0;
			double s0 = now(), s;
			do {
				tc_extracted x;
				tc_extracted_init(&x);
				tc_status st = tc_extract_html(ps->p[i].data, ps->p[i].n, &x);
				(void)st;
				tc_extracted_release(&x);
				reps++;
				s = now() - s0;
			} while (s < seconds / (double)ps->n);
			printf("  %8.1f MB/s  %7zu bytes  %s\n", (double)ps->p[i].n * reps / s / 1e6,
			       ps->p[i].n, ps->p[i].path);
		}
	}
	return mbs;
}

/* ---- accuracy --------------------------------------------------------------- */

typedef struct article {
	const char *title, *summary, *url;
	int y, m, d, hh, mi;
	const char *para[200];
	size_t plen[200];
	size_t np;
} article;

enum { T_GOV, T_NEWS, T_HTML5, T_LEGACY, N_TEMPLATES };
static const char *const template_names[N_TEMPLATES] = {"gov-table", "news-jsonld", "html5",
							 "windows-1258"};

typedef struct score {
	size_t pages, titles, dates, dated, paras, found, lines, good, perfect;
} score;

static void out(tc_buf *b, const char *s)
{
	if (tc_buf_append_str(b, s) != TC_OK)
		abort();
}

static void outf(tc_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void outf(tc_buf *b, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	va_start(ap, fmt);
	int k = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (k < 0 || (size_t)k >= sizeof tmp)
		abort();
	out(b, tmp);
}

/* HTML-escaped s[0..n). */
static void esc(tc_buf *b, const char *s, size_t n)
{
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		const char *r = s[i] == '&' ? "&amp;" : s[i] == '<' ? "&lt;" : s[i] == '>' ? "&gt;" :
			s[i] == '"' ? "&quot;" : NULL;
		if (!r)
			continue;
		if (tc_buf_append(b, s + run, i - run) != TC_OK)
			abort();
		out(b, r);
		run = i + 1;
	}
	if (tc_buf_append(b, s + run, n - run) != TC_OK)
		abort();
}

static void esc_str(tc_buf *b, const char *s)
{
	esc(b, s, strlen(s));
}

#define MENU_UL                                                                                 \
	"<ul class=\"menu\"><li><a href=\"/\">Trang chủ</a></li><li><a href=\"/thoi-su\">Thời "  \
	"sự</a></li><li><a href=\"/kinh-te\">Kinh tế</a></li><li><a href=\"/xa-hoi\">Xã "        \
	"hội</a></li><li><a href=\"/phap-luat\">Pháp luật</a></li><li><a href=\"/giao-duc\">Giáo " \
	"dục</a></li></ul>"
#define FOOTER_TEXT "Cơ quan chủ quản: Ủy ban nhân dân thành phố Mẫu. Giấy phép số 99/GP-BTTTT."

static const char *const weekdays[7] = {"Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư",
					"Thứ Năm",  "Thứ Sáu", "Thứ Bảy"};

static int weekday(int y, int m, int d)
{
	static const int t[12] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
	if (m < 3)
		y--;
	return (y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7;
}

/* Links to other articles of the corpus, as related lists show them. */
static void other_links(tc_buf *b, const char *const *others, size_t n, int with_dates,
			const article *a)
{
	for (size_t i = 0; i < n; i++) {
		outf(b, "<li><a href=\"/tin-khac-%zu.html\">", i);
		esc_str(b, others[i]);
		out(b, "</a>");
		if (with_dates)
			outf(b, " <span class=\"date\">%02d/%02d/%04d</span>", a->d > 1 ? a->d - 1 : 28,
			     a->m, a->y);
		out(b, "</li>");
	}
}

static void render(int t, const article *a, const char *const *others, size_t nothers, tc_buf *b)
{
	tc_buf_reset(b);
	const char *summary = a->summary ? a->summary : "";
	switch (t) {
	case T_GOV:
		out(b, "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\"><html><head>"
		       "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\"><title>");
		esc_str(b, a->title);
		out(b, " | Cổng TTĐT Thành phố Mẫu</title></head><body><form id=\"aspnetForm\" "
		       "method=\"post\"><table width=\"100%\"><tr><td colspan=\"2\"><table "
		       "class=\"menutop\"><tr><td><a href=\"/\">Trang chủ</a></td><td><a href=\"/gt\">Giới "
		       "thiệu</a></td><td><a href=\"/tt\">Tin tức - Sự kiện</a></td><td><a href=\"/vb\">Văn "
		       "bản</a></td></tr></table></td></tr><tr><td width=\"200\" valign=\"top\">"
		       "<div class=\"box\"><a href=\"/c1\">Tin hoạt động</a><br><a href=\"/c2\">Thông "
		       "báo</a><br><a href=\"/c3\">Lịch công tác</a></div></td><td valign=\"top\">"
		       "<div class=\"title\">");
		esc_str(b, a->title);
		outf(b, "</div><div class=\"date\">Ngày %02d tháng %d năm %d</div>", a->d, a->m, a->y);
		if (*summary) {
			out(b, "<div class=\"summary\"><b>");
			esc_str(b, summary);
			out(b, "</b></div>");
		}
		for (size_t i = 0; i < a->np; i++) {
			esc(b, a->para[i], a->plen[i]);
			out(b, "<br><br>");
		}
		out(b, "<div class=\"tinkhac\"><b>Các tin khác:</b><ul>");
		other_links(b, others, nothers, 1, a);
		out(b, "</ul></div></td></tr></table><div class=\"footer\">" FOOTER_TEXT
		       "</div><input type=\"hidden\" name=\"__VIEWSTATE\" value=\"x\"></form></body></html>");
		break;
	case T_NEWS: {
		json_object *ld = json_object_new_object(), *graph = json_object_new_array(),
			    *art = json_object_new_object(), *web = json_object_new_object();
		json_object_object_add(ld, "@context", json_object_new_string("https://schema.org"));
		json_object_object_add(web, "@type", json_object_new_string("WebPage"));
		json_object_object_add(art, "@type", json_object_new_string("NewsArticle"));
		json_object_object_add(art, "headline", json_object_new_string(a->title));
		char iso[40];
		snprintf(iso, sizeof iso, "%04d-%02d-%02dT%02d:%02d:00+07:00", a->y, a->m, a->d, a->hh, a->mi);
		json_object_object_add(art, "datePublished", json_object_new_string(iso));
		json_object_array_add(graph, web);
		json_object_array_add(graph, art);
		json_object_object_add(ld, "@graph", graph);
		out(b, "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>");
		esc_str(b, a->title);
		out(b, " - Báo Mẫu</title><meta property=\"og:site_name\" content=\"Báo Mẫu\">"
		       "<meta property=\"og:type\" content=\"article\"><meta property=\"og:title\" content=\"");
		esc_str(b, a->title);
		out(b, "\"><meta property=\"og:description\" content=\"");
		esc_str(b, summary);
		out(b, "\"><script type=\"application/ld+json\">");
		out(b, json_object_to_json_string(ld));
		json_object_put(ld);
		out(b, "</script></head><body><header><div class=\"logo\"><a href=\"/\">Báo Mẫu</a></div>"
		       "<nav>" MENU_UL "</nav></header><div class=\"breadcrumb\"><a href=\"/\">Trang "
		       "chủ</a> » <a href=\"/xa-hoi\">Xã hội</a></div><main><div class=\"col-main\">"
		       "<h1 class=\"title-detail\">");
		esc_str(b, a->title);
		out(b, "</h1>");
		if (*summary) {
			out(b, "<p class=\"description\">");
			esc_str(b, summary);
			out(b, "</p>");
		}
		out(b, "<div class=\"social-share\"><a href=\"#\">Chia sẻ</a> <a href=\"#\">Facebook</a> "
		       "<a href=\"#\">Zalo</a></div><article class=\"fck_detail\">");
		for (size_t i = 0; i < a->np; i++) {
			if (i == 2 && nothers) {
				out(b, "<p><strong>Xem thêm:</strong> <a href=\"/xem-them.html\">");
				esc_str(b, others[0]);
				out(b, "</a></p>");
			}
			if (i + 1 == a->np && a->np > 3) {
				out(b, "<div class=\"box-tinlienquan\"><h3>Tin liên quan</h3><ul>");
				other_links(b, others, nothers, 0, a);
				out(b, "</ul></div>");
			}
			out(b, "<p class=\"Normal\">");
			esc(b, a->para[i], a->plen[i]);
			out(b, "</p>");
		}
		out(b, "</article><div class=\"tags\">Từ khóa: <a href=\"/tag/1\">thời sự</a>, <a "
		       "href=\"/tag/2\">xã hội</a></div></div><aside class=\"sidebar\"><div "
		       "class=\"box-xem-nhieu\"><h3>Đọc nhiều</h3><ul>");
		other_links(b, others, nothers, 0, a);
		out(b, "</ul></div></aside></main><section id=\"box_comment\" class=\"comment\"><h3>Ý "
		       "kiến bạn đọc</h3>");
		for (size_t i = 0; i < nothers; i++) {
			out(b, "<div class=\"comment-item\"><p>Tôi đồng ý, ");
			esc_str(b, others[i]);
			out(b, ", nhưng cần làm rõ hơn, cụ thể hơn, nhanh hơn, vì người dân, doanh nghiệp "
			       "đang chờ, đang mong, đang cần.</p></div>");
		}
		out(b, "</section><footer><p>" FOOTER_TEXT "</p></footer></body></html>");
		break;
	}
	case T_HTML5:
		out(b, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>");
		esc_str(b, a->title);
		out(b, " | tinmau.example.vn</title></head><body><div id=\"wrapper\"><div "
		       "class=\"header\"><div class=\"logo\"><a href=\"/\">Tin Mẫu</a></div>" MENU_UL
		       "</div><div class=\"main-content\"><article class=\"post\"><header><h1 "
		       "class=\"entry-title\">");
		esc_str(b, a->title);
		outf(b, "</h1><p class=\"entry-meta\">Đăng lúc <time datetime=\"%04d-%02d-%02dT%02d:%02d:00+07:00\">"
			"%02d:%02d %02d/%02d/%04d</time></p></header><div class=\"entry-content\">",
		     a->y, a->m, a->d, a->hh, a->mi, a->hh, a->mi, a->d, a->m, a->y);
		if (*summary) {
			out(b, "<p class=\"lead\"><strong>");
			esc_str(b, summary);
			out(b, "</strong></p>");
		}
		for (size_t i = 0; i < a->np; i++) {
			out(b, "<p>");
			esc(b, a->para[i], a->plen[i]);
			out(b, "</p>");
		}
		out(b, "</div><footer class=\"entry-footer\"><span class=\"tags-links\">Thẻ: <a "
		       "href=\"/t/1\">thời sự</a></span></footer></article><div class=\"sidebar\"><div "
		       "class=\"widget\"><h3>Bài mới</h3><ul>");
		other_links(b, others, nothers, 1, a);
		out(b, "</ul></div></div></div><div class=\"site-footer\">© Tin Mẫu. " FOOTER_TEXT
		       "</div></div></body></html>");
		break;
	case T_LEGACY:
		out(b, "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
		       "charset=windows-1258\"><title>");
		esc_str(b, a->title);
		out(b, " - Báo Điện tử Mẫu</title></head><body><div id=\"menu\"><a href=\"/\">Trang "
		       "chủ</a> | <a href=\"/ts\">Thời sự</a> | <a href=\"/kt\">Kinh tế</a> | <a "
		       "href=\"/vh\">Văn hóa</a></div><div class=\"container\"><div class=\"left\">"
		       "<h1 class=\"tieude\">");
		esc_str(b, a->title);
		outf(b, "</h1><span class=\"time\">%s, %02d/%02d/%04d %02d:%02d</span>",
		     weekdays[weekday(a->y, a->m, a->d)], a->d, a->m, a->y, a->hh, a->mi);
		if (*summary) {
			out(b, "<h2 class=\"sapo\">");
			esc_str(b, summary);
			out(b, "</h2>");
		}
		out(b, "<div class=\"noidung\">");
		for (size_t i = 0; i < a->np; i++) {
			out(b, "<div>");
			esc(b, a->para[i], a->plen[i]);
			out(b, "</div>");
		}
		out(b, "</div><div class=\"box-lienquan\"><ul>");
		other_links(b, others, nothers, 1, a);
		out(b, "</ul></div></div><div class=\"right\"><ul>");
		other_links(b, others, nothers, 1, a);
		out(b, "</ul></div></div><div class=\"footer\">" FOOTER_TEXT "</div></body></html>");
		break;
	}
}

/* NFC with white space folded: how both sides are compared. */
static char *norm(const char *s, size_t n)
{
	tc_buf clean, ws;
	tc_buf_init(&clean, 1u << 26);
	tc_buf_init(&ws, 1u << 26);
	size_t bad;
	if (vn_text_clean(s, n, &clean, &bad) != TC_OK)
		abort();
	int space = 0;
	for (size_t i = 0; i < clean.len; i++) {
		unsigned char c = (unsigned char)clean.data[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			space = ws.len > 0;
			continue;
		}
		if (space && tc_buf_append_char(&ws, ' ') != TC_OK)
			abort();
		space = 0;
		if (tc_buf_append_char(&ws, (char)c) != TC_OK)
			abort();
	}
	if (tc_buf_append(&ws, "", 0) != TC_OK)
		abort();
	tc_buf_release(&clean);
	return tc_buf_detach(&ws, NULL);
}

/* The page converted to windows-1258; NULL when some character has no
 * spelling there. */
static char *to_cp1258(const tc_buf *b, size_t *n)
{
	iconv_t cd = iconv_open("CP1258", "UTF-8");
	if (cd == (iconv_t)-1)
		return NULL;
	size_t cap = b->len * 2 + 16, room = cap, left = b->len;
	char *o = malloc(cap), *op = o, *in = b->data;
	if (!o || iconv(cd, &in, &left, &op, &room) == (size_t)-1 ||
	    iconv(cd, NULL, NULL, &op, &room) == (size_t)-1) {
		iconv_close(cd);
		free(o);
		return NULL;
	}
	iconv_close(cd);
	*n = (size_t)(op - o);
	return o;
}

static int line_is_para(const char *line, size_t len, char **paras, size_t np)
{
	for (size_t i = 0; i < np; i++)
		if (strlen(paras[i]) == len && !memcmp(paras[i], line, len))
			return 1;
	return 0;
}

static int verbose;           /* --verbose: print what each imperfect page missed */
static const char *dump_dir;  /* --dump DIR: write the rendered pages there */

static void judge(const article *a, const tc_extracted *x, score *s, const char *tname)
{
	s->pages++;
	char *want_title = norm(a->title, strlen(a->title));
	char *title = norm(x->title.data ? x->title.data : "", x->title.len);
	s->titles += !strcmp(want_title, title);
	char want_date[16];
	snprintf(want_date, sizeof want_date, "%04d-%02d-%02d", a->y % 10000, a->m % 100, a->d % 100);
	s->dated++;
	s->dates += x->date.len == 10 && !memcmp(x->date.data, want_date, 10);
	char *body = norm(x->body.data ? x->body.data : "", x->body.len);
	/* norm folds the newlines; compare line by line on the raw body instead */
	free(body);
	char *paras[200];
	for (size_t i = 0; i < a->np; i++)
		paras[i] = norm(a->para[i], a->plen[i]);
	char *author = norm(x->author.data ? x->author.data : "", x->author.len);
	size_t found = 0, lines = 0, good = 0;
	char **got = calloc(x->body.len / 2 + 2, sizeof *got);
	if (!got)
		abort();
	const char *raw = x->body.data ? x->body.data : "";
	for (const char *l = raw; *l;) {
		const char *e = strchr(l, '\n');
		size_t len = e ? (size_t)(e - l) : strlen(l);
		got[lines] = norm(l, len);
		good += line_is_para(got[lines], strlen(got[lines]), paras, a->np);
		lines++;
		l = e ? e + 1 : l + len;
	}
	for (size_t i = 0; i < a->np; i++) {
		/* the byline and source credit closing the article ("Nhật Linh",
		 * "Theo Reuters") belong to the author field, not the body; a
		 * paragraph repeating the title is the title */
		int credit = i + 3 >= a->np && strlen(paras[i]) <= 80 &&
			     (!strcmp(paras[i], author) || !strncmp(paras[i], "Theo ", 5) ||
			      !strncmp(paras[i], "Nguồn", strlen("Nguồn")));
		int ok = line_is_para(paras[i], strlen(paras[i]), got, lines) || credit ||
			 !strcmp(paras[i], want_title);
		found += ok;
		if (!ok && verbose)
			printf("  [%s] %s: missing paragraph %zu/%zu: %.100s\n", tname, a->title, i + 1,
			       a->np, paras[i]);
	}
	for (size_t i = 0; i < lines && verbose; i++)
		if (!line_is_para(got[i], strlen(got[i]), paras, a->np))
			printf("  [%s] %s: unexpected line: %.100s\n", tname, a->title, got[i]);
	if (verbose && strcmp(want_title, title))
		printf("  [%s] title \"%s\", want \"%s\"\n", tname, title, want_title);
	if (verbose && (x->date.len != 10 || memcmp(x->date.data, want_date, 10)))
		printf("  [%s] %s: date \"%s\", want %s\n", tname, a->title,
		       x->date.data ? x->date.data : "", want_date);
	s->paras += a->np;
	s->found += found;
	s->lines += lines;
	s->good += good;
	s->perfect += found == a->np && good == lines;
	for (size_t i = 0; i < lines; i++)
		free(got[i]);
	free(got);
	for (size_t i = 0; i < a->np; i++)
		free(paras[i]);
	free(author);
	free(want_title);
	free(title);
}

static double pct(size_t a, size_t b)
{
	return b ? 100.0 * (double)a / (double)b : 0.0;
}

static int accuracy(const char *corpus, size_t max_articles, int check)
{
	gzFile gz = gzopen(corpus, "rb");
	if (!gz) {
		printf("accuracy: skipped, %s is not there (set TRACUU_CORPUS or --corpus)\n", corpus);
		return 0;
	}
	score sc[N_TEMPLATES];
	memset(sc, 0, sizeof sc);
	tc_buf line, html;
	tc_buf_init(&line, 64u << 20);
	tc_buf_init(&html, 64u << 20);
	char *titles[8] = {0};
	size_t ntitles = 0, nart = 0;
	char chunk[65536];
	while (nart < max_articles) {
		tc_buf_reset(&line);
		int eof = 1;
		while (gzgets(gz, chunk, sizeof chunk)) {
			eof = 0;
			size_t k = strlen(chunk);
			if (tc_buf_append(&line, chunk, k) != TC_OK)
				abort();
			if (k && chunk[k - 1] == '\n')
				break;
		}
		if (eof)
			break;
		json_object *o = json_tokener_parse(line.data);
		json_object *jt, *jb, *jd, *js;
		if (!o || !json_object_object_get_ex(o, "title", &jt) ||
		    !json_object_object_get_ex(o, "body", &jb) ||
		    !json_object_object_get_ex(o, "date", &jd)) {
			json_object_put(o);
			continue;
		}
		article a = {.title = json_object_get_string(jt)};
		a.summary = json_object_object_get_ex(o, "summary", &js) ? json_object_get_string(js) : NULL;
		if (sscanf(json_object_get_string(jd), "%4d-%2d-%2d", &a.y, &a.m, &a.d) != 3 ||
		    !a.title || strlen(a.title) < 10) {
			json_object_put(o);
			continue;
		}
		a.hh = (int)(nart * 7 % 24);
		a.mi = (int)(nart * 13 % 60);
		const char *body = json_object_get_string(jb);
		for (const char *p = body; *p && a.np < 200;) {
			const char *e = strchr(p, '\n');
			size_t len = e ? (size_t)(e - p) : strlen(p);
			size_t s0 = 0;
			while (s0 < len && (p[s0] == ' ' || p[s0] == '\t' || p[s0] == '\r'))
				s0++;
			if (len > s0) {
				a.para[a.np] = p + s0;
				a.plen[a.np++] = len - s0;
			}
			p = e ? e + 1 : p + len;
		}
		if (a.np == 0) {
			json_object_put(o);
			continue;
		}
		for (int t = 0; t < N_TEMPLATES; t++) {
			render(t, &a, (const char *const *)titles, ntitles, &html);
			char *bytes = html.data;
			size_t n = html.len;
			char *legacy = NULL;
			if (t == T_LEGACY) {
				legacy = to_cp1258(&html, &n);
				if (!legacy)
					continue; /* a character windows-1258 cannot write */
				bytes = legacy;
			}
			if (dump_dir) {
				char name[4200];
				snprintf(name, sizeof name, "%s/%04zu-%s.html", dump_dir, nart,
					 template_names[t]);
				FILE *f = fopen(name, "wb");
				if (f) {
					fwrite(bytes, 1, n, f);
					fclose(f);
				}
			}
			tc_extracted x;
			tc_extracted_init(&x);
			if (tc_extract_html(bytes, n, &x) == TC_OK)
				judge(&a, &x, &sc[t], template_names[t]);
			tc_extracted_release(&x);
			free(legacy);
		}
		/* this title becomes a related link of the next articles */
		size_t slot = ntitles < 8 ? ntitles++ : nart % 8;
		free(titles[slot]);
		titles[slot] = malloc(strlen(a.title) + 1);
		if (!titles[slot])
			abort();
		memcpy(titles[slot], a.title, strlen(a.title) + 1);
		json_object_put(o);
		nart++;
	}
	gzclose(gz);
	for (size_t i = 0; i < 8; i++)
		free(titles[i]);
	tc_buf_release(&line);
	tc_buf_release(&html);

	printf("accuracy: %zu articles of %s, each in %d templates\n", nart, corpus, N_TEMPLATES);
	printf("  %-14s %6s %7s %7s %12s %15s %13s\n", "template", "pages", "title", "date",
	       "body recall", "body precision", "perfect body");
	score all;
	memset(&all, 0, sizeof all);
	for (int t = 0; t < N_TEMPLATES; t++) {
		const score *s = &sc[t];
		printf("  %-14s %6zu %6.1f%% %6.1f%% %11.1f%% %14.1f%% %12.1f%%\n", template_names[t],
		       s->pages, pct(s->titles, s->pages), pct(s->dates, s->dated), pct(s->found, s->paras),
		       pct(s->good, s->lines), pct(s->perfect, s->pages));
		all.pages += s->pages;
		all.titles += s->titles;
		all.dates += s->dates;
		all.dated += s->dated;
		all.paras += s->paras;
		all.found += s->found;
		all.lines += s->lines;
		all.good += s->good;
		all.perfect += s->perfect;
	}
	printf("  %-14s %6zu %6.1f%% %6.1f%% %11.1f%% %14.1f%% %12.1f%%\n", "all", all.pages,
	       pct(all.titles, all.pages), pct(all.dates, all.dated), pct(all.found, all.paras),
	       pct(all.good, all.lines), pct(all.perfect, all.pages));
	if (!check || !all.pages)
		return 0;
	double g = 100.0 * GOAL_ACCURACY;
	return pct(all.titles, all.pages) < g || pct(all.dates, all.dated) < g ||
	       pct(all.found, all.paras) < g || pct(all.good, all.lines) < g;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: extract_bench [options] [FILE-OR-DIR...]\n"
		"  --seconds S     time spent on the speed loop (default 3)\n"
		"  --articles N    corpus articles for the accuracy part (default 300; 0: none)\n"
		"  --corpus FILE   a .jsonl.gz with title, body and date (default\n"
		"                  $TRACUU_CORPUS/dantri-2020.jsonl.gz, else ../shared/corpus/...)\n"
		"  --per-page      print the speed of each page too\n"
		"  --verbose       print what the extraction missed, page by page\n"
		"  --dump DIR      write the rendered pages into DIR\n"
		"  --check         exit 1 when speed < %.0f MB/s or an accuracy < %.0f%%\n"
		"Pages default to $TRACUU_HTML, else ../shared/html next to the source tree.\n",
		GOAL_MBS, 100.0 * GOAL_ACCURACY);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"seconds", required_argument, NULL, 's'}, {"articles", required_argument, NULL, 'a'},
		{"corpus", required_argument, NULL, 'c'},  {"per-page", no_argument, NULL, 'p'},
		{"check", no_argument, NULL, 'k'},         {"help", no_argument, NULL, 'h'},
		{"verbose", no_argument, NULL, 'v'},       {"dump", required_argument, NULL, 'd'},
		{NULL, 0, NULL, 0}};
	double seconds = 3.0;
	unsigned long articles = 300;
	const char *corpus = NULL;
	int per_page = 0, check = 0, c;
	char *end;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			seconds = strtod(optarg, &end);
			if (*end || seconds < 0 || seconds > 3600) {
				usage(stderr);
				return 2;
			}
			break;
		case 'a':
			articles = strtoul(optarg, &end, 10);
			if (*end || articles > 1000000) {
				usage(stderr);
				return 2;
			}
			break;
		case 'c':
			corpus = optarg;
			break;
		case 'p':
			per_page = 1;
			break;
		case 'k':
			check = 1;
			break;
		case 'v':
			verbose = 1;
			break;
		case 'd':
			dump_dir = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	xmlInitParser();
	pages ps = {calloc(MAX_PAGES, sizeof(page)), 0, 0};
	if (!ps.p)
		return 2;
	int rc = 0;
	if (optind < argc) {
		for (int i = optind; i < argc && rc == 0; i++)
			rc = add_path(&ps, argv[i]);
	} else {
		const char *env = getenv("TRACUU_HTML");
		rc = add_path(&ps, env && *env ? env : TRACUU_SOURCE_DIR "/../shared/html");
	}
	if (rc != 0 || ps.n == 0) {
		fprintf(stderr, "extract_bench: no pages to measure\n");
		return 2;
	}
	int missed = 0;
	double mbs = speed(&ps, seconds, per_page);
	missed |= check && mbs < GOAL_MBS;
	char path[4096];
	if (!corpus) {
		const char *env = getenv("TRACUU_CORPUS");
		snprintf(path, sizeof path, "%s/dantri-2020.jsonl.gz",
			 env && *env ? env : TRACUU_SOURCE_DIR "/../shared/corpus");
		corpus = path;
	}
	if (articles)
		missed |= accuracy(corpus, articles, check);
	for (size_t i = 0; i < ps.n; i++) {
		free(ps.p[i].path);
		free(ps.p[i].data);
	}
	free(ps.p);
	xmlCleanupParser();
	return missed ? 1 : 0;
}
