/* page.c - the search page, its feed and its OpenSearch description; see page.h. */
#include "page.h"

#include <string.h>

#include "vn_text.h"
#include "tc_date.h"
#include "tc_banned.h"

#define PAGE_WINDOW 4 /* numbered page links each side of this one */

static const char STYLE[] =
	"*{box-sizing:border-box}"
	"body{margin:0;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;"
	"color:#1d2327;background:#fff}"
	"header{background:#8b1a1a;color:#fff;padding:.75rem 1rem}"
	"header a{color:#fff;text-decoration:none;font-weight:700;font-size:1.25rem;margin-right:1rem}"
	"form#search{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin-top:.5rem}"
	"#q{flex:1 1 16rem;min-width:0;font-size:1.05rem;padding:.45rem .6rem;border:1px solid #ccc;"
	"border-radius:4px}"
	"form#search button{font-size:1rem;padding:.45rem 1rem;border:0;border-radius:4px;"
	"background:#f6c344;color:#1d2327;font-weight:600}"
	"form#search label{font-size:.9rem}"
	"form#search input[type=date],form#search select{font-size:.9rem;padding:.2rem;max-width:100%}"
	"main{display:flex;flex-wrap:wrap;gap:1.5rem;padding:1rem;max-width:72rem}"
	"#content{flex:1 1 30rem;min-width:0}"
	"aside#facets{flex:0 1 14rem;font-size:.92rem}"
	"aside h2{font-size:1rem;margin:.5rem 0 .25rem}"
	"aside ul{list-style:none;margin:0;padding:0}"
	"aside li{margin:.15rem 0;overflow-wrap:anywhere}"
	".count{color:#666;margin-left:.3rem}"
	"#stats{color:#555;font-size:.9rem;margin:.25rem 0}"
	"ol#results{padding:0;margin:0;list-style:none}"
	"li.result{margin:0 0 1.2rem}"
	"li.result h2{font-size:1.1rem;margin:0;font-weight:600}"
	"a.title{color:#1a0dab;overflow-wrap:anywhere}"
	".meta{color:#2a6e3f;font-size:.85rem;margin:.1rem 0}"
	"p.snippet{margin:.2rem 0;overflow-wrap:anywhere}"
	"mark{background:#fff1a8;color:inherit;font-weight:600}"
	"nav#pages{display:flex;flex-wrap:wrap;gap:.35rem;margin:1rem 0}"
	"nav#pages a,nav#pages span{padding:.25rem .6rem;border:1px solid #ddd;border-radius:4px}"
	"nav#pages span[aria-current]{background:#8b1a1a;color:#fff;border-color:#8b1a1a}"
	".sortby a,.sortby strong{margin-right:.6rem}"
	"#suggest{font-size:1.05rem}"
	"#error{color:#8b1a1a;font-weight:600}"
	"footer{color:#777;font-size:.8rem;padding:1rem}"
	"@media (max-width:40rem){main{padding:.6rem}aside#facets{flex-basis:100%}}";

/*
 * Characters that may not be sent as they are: what XML 1.0 forbids (C0
 * controls but tab, LF and CR; U+FFFE, U+FFFF), what HTML calls a parse
 * error (DEL, C1 controls, noncharacters), and bytes that are not UTF-8.
 * A feed with one of them is not XML at all, so a reader drops it whole.
 */
static int unsendable(int32_t cp)
{
	return (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || (cp >= 0x7F && cp <= 0x9F) ||
	       (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
}

void tc_html_put(FILE *out, const char *s, size_t n)
{
	size_t from = 0;
	for (size_t i = 0; i < n;) {
		const char *rep;
		size_t k = 1;
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: {
			int32_t cp = c;
			if (c >= 0x80)
				k = vn_utf8_decode((const unsigned char *)s + i, n - i, &cp);
			int invalid = cp == 0xFFFD && !(k == 3 && !memcmp(s + i, "\xEF\xBF\xBD", 3));
			if (!k)
				k = 1;
			if (!invalid && !unsendable(cp)) {
				i += k;
				continue;
			}
			rep = "\xEF\xBF\xBD"; /* U+FFFD: visible, and always allowed */
		}
		}
		fwrite(s + from, 1, i - from, out);
		fputs(rep, out);
		i += k;
		from = i;
	}
	fwrite(s + from, 1, n - from, out);
}

static void html_str(FILE *out, const char *s)
{
	tc_html_put(out, s, strlen(s));
}

void tc_url_put(FILE *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~') {
			fputc(c, out);
		} else {
			fputc('%', out);
			fputc(hex[c >> 4], out);
			fputc(hex[c & 15], out);
		}
	}
}

/* An http(s) URL is safe to link to; anything else (javascript:, data:)
 * is shown but not linked. */
static int linkable(tc_str u)
{
	return (u.n > 7 && !strncmp(u.p, "http://", 7)) || (u.n > 8 && !strncmp(u.p, "https://", 8));
}

/* The parameters of a link: the page's own, with some changed. */
typedef struct link {
	const char *q;
	uint32_t page, n;
	const char *from, *to, *site;
	int sort_date;
	const char *format;
	const char *cat;
} link;

static link link_of(const tc_cgi_params *p)
{
	link l = {p->q, 1, p->n, p->from, p->to, p->site, p->sort_date, NULL, p->cat};
	return l;
}

static void put_param(FILE *out, int *first, const char *name, const char *v)
{
	if (!v || !*v)
		return;
	fputs(*first ? "?" : "&amp;", out);
	*first = 0;
	fputs(name, out);
	fputc('=', out);
	tc_url_put(out, v, strlen(v));
}

/* href="..." content for l, HTML-escaped (the & between parameters too). */
static void put_href(FILE *out, const tc_page *pg, const link *l)
{
	char num[16];
	int first = 1;
	html_str(out, pg->script);
	put_param(out, &first, "q", l->q);
	if (l->page > 1) {
		snprintf(num, sizeof num, "%u", l->page);
		put_param(out, &first, "page", num);
	}
	if (l->n != TC_CGI_N_DEFAULT) {
		snprintf(num, sizeof num, "%u", l->n);
		put_param(out, &first, "n", num);
	}
	put_param(out, &first, "from", l->from);
	put_param(out, &first, "to", l->to);
	put_param(out, &first, "site", l->site);
	put_param(out, &first, "cat", l->cat);
	if (l->sort_date)
		put_param(out, &first, "sort", "date");
	put_param(out, &first, "format", l->format);
}

/* 12345 as "12.345", the Vietnamese way. */
static void put_count(FILE *out, uint64_t v)
{
	char digits[24];
	int n = snprintf(digits, sizeof digits, "%llu", (unsigned long long)v);
	for (int i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			fputc('.', out);
		fputc(digits[i], out);
	}
}

/* A stored date as YYYY-MM-DD (10 bytes) when it is one. */
static int iso_day(tc_str d)
{
	tc_ymd day;
	return d.n >= 10 && tc_date_parse_day(d.p, 10, &day);
}

static void put_snippet(FILE *out, const tc_snippet *sn)
{
	const char *t = sn->text.data ? sn->text.data : "";
	size_t at = 0;
	for (size_t k = 0; k < sn->nspans; k++) {
		const tc_span *sp = &sn->spans[k];
		if (sp->start < at || sp->end > sn->text.len)
			continue;
		tc_html_put(out, t + at, sp->start - at);
		fputs("<mark>", out);
		tc_html_put(out, t + sp->start, sp->end - sp->start);
		fputs("</mark>", out);
		at = sp->end;
	}
	tc_html_put(out, t + at, sn->text.len - at);
}

static void head(FILE *out, const tc_page *pg, const char *title)
{
	fputs("<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
	      out);
	html_str(out, title);
	fputs("</title>\n<link rel=\"search\" type=\"application/opensearchdescription+xml\" "
	      "title=\"tracuu\" href=\"",
	      out);
	html_str(out, pg->script);
	fputs("?format=opensearch\">\n", out);
	if (pg->p && pg->p->q_len) {
		link l = link_of(pg->p);
		l.format = "rss";
		l.sort_date = 0;
		fputs("<link rel=\"alternate\" type=\"application/rss+xml\" title=\"Tin mới nhất\" href=\"", out);
		put_href(out, pg, &l);
		fputs("\">\n", out);
	}
	fprintf(out, "<style>%s</style>\n</head>\n<body>\n", STYLE);
}

static void search_form(FILE *out, const tc_page *pg)
{
	const tc_cgi_params *p = pg->p;
	fputs("<header>\n<a href=\"", out);
	html_str(out, pg->script);
	fputs("\">tra cứu</a>\n<form id=\"search\" method=\"get\" action=\"", out);
	html_str(out, pg->script);
	fputs("\" role=\"search\">\n<input id=\"q\" name=\"q\" type=\"search\" "
	      "aria-label=\"Tìm kiếm\" placeholder=\"Tìm tin: thủ đô, 35-CT/TW, nghị định 100…\" "
	      "maxlength=\"512\" value=\"",
	      out);
	if (p)
		tc_html_put(out, p->q, p->q_len);
	fputs("\">\n<button type=\"submit\">Tìm</button>\n"
	      "<label>Từ ngày <input type=\"date\" name=\"from\" value=\"", out);
	if (p)
		html_str(out, p->from);
	fputs("\"></label>\n<label>đến <input type=\"date\" name=\"to\" value=\"", out);
	if (p)
		html_str(out, p->to);
	fputs("\"></label>\n<label>Sắp xếp <select name=\"sort\">"
	      "<option value=\"relevance\">liên quan nhất</option><option value=\"date\"",
	      out);
	if (p && p->sort_date)
		fputs(" selected", out);
	fputs(">mới nhất</option></select></label>\n", out);
	if (p && p->site[0]) {
		fputs("<input type=\"hidden\" name=\"site\" value=\"", out);
		html_str(out, p->site);
		fputs("\">\n", out);
	}
	if (p && p->cat[0]) {
		fputs("<input type=\"hidden\" name=\"cat\" value=\"", out);
		html_str(out, p->cat);
		fputs("\">\n", out);
	}
	if (p && p->n != TC_CGI_N_DEFAULT)
		fprintf(out, "<input type=\"hidden\" name=\"n\" value=\"%u\">\n", p->n);
	fputs("</form>\n</header>\n", out);
}

static void footer(FILE *out)
{
	fputs("<footer>tracuu — tìm kiếm tin tức của cơ quan nhà nước. Gõ có dấu hay không dấu "
	      "đều được; \"cụm từ\" trong ngoặc kép, -từ để loại, title: để tìm trong tiêu đề."
	      "</footer>\n</body>\n</html>\n",
	      out);
}

static void put_stats(FILE *out, const tc_page *pg)
{
	const tc_results *r = pg->res;
	fputs("<p id=\"stats\">", out);
	if (!r->total_exact)
		fputs("Khoảng ", out);
	put_count(out, r->total);
	char secs[32];
	snprintf(secs, sizeof secs, "%.3f", r->took_ms / 1000.0);
	char *dot = strchr(secs, '.');
	if (dot)
		*dot = ','; /* 0,012 giây */
	fprintf(out, " kết quả (%s giây)", secs);
	if (r->relaxed)
		fputs(". Một số kết quả chỉ khớp một phần câu tìm kiếm", out);
	fputs("</p>\n", out);
	/* Some shards did not answer (docs/SCALE.md): say the list is short. */
	if (r->partial)
		fprintf(out, "<p id=\"partial\" role=\"status\">Kết quả chưa đầy đủ: %zu phần chỉ mục "
			     "không trả lời kịp; hãy thử lại sau ít phút.</p>\n", r->nmissing);
	fputs("<p class=\"sortby\">Sắp xếp: ", out);
	link l = link_of(pg->p);
	for (int d = 0; d < 2; d++) {
		const char *name = d ? "mới nhất" : "liên quan nhất";
		if (pg->p->sort_date == d) {
			fprintf(out, "<strong>%s</strong>", name);
		} else {
			l.sort_date = d;
			fputs("<a href=\"", out);
			put_href(out, pg, &l);
			fprintf(out, "\">%s</a>", name);
		}
	}
	fputs("</p>\n", out);
}

static void put_results(FILE *out, const tc_page *pg)
{
	const tc_results *r = pg->res;
	fprintf(out, "<ol id=\"results\" start=\"%u\">\n", r->n ? r->hits[0].rank : 1);
	for (size_t i = 0; i < r->n; i++) {
		const tc_hit *h = &r->hits[i];
		tc_str title = h->a.title.n ? h->a.title : h->a.url;
		fputs("<li class=\"result\"><h2>", out);
		if (linkable(h->a.url)) {
			fputs("<a class=\"title\" href=\"", out);
			tc_html_put(out, h->a.url.p, h->a.url.n);
			fputs("\">", out);
			tc_html_put(out, title.p, title.n);
			fputs("</a>", out);
		} else {
			fputs("<span class=\"title\">", out);
			tc_html_put(out, title.p, title.n);
			fputs("</span>", out);
		}
		fputs("</h2>\n<p class=\"meta\"><span class=\"source\">", out);
		tc_html_put(out, h->a.source.p, h->a.source.n);
		fputs("</span>", out);
		if (iso_day(h->a.date)) {
			const char *d = h->a.date.p;
			fprintf(out, " · <time datetime=\"%.10s\">%.2s/%.2s/%.4s</time>", d, d + 8, d + 5, d);
		}
		fputs("</p>\n<p class=\"snippet\">", out);
		put_snippet(out, &h->snippet);
		fputs("</p></li>\n", out);
	}
	fputs("</ol>\n", out);
}

static void page_link(FILE *out, const tc_page *pg, uint32_t page, const char *rel,
		      const char *text)
{
	link l = link_of(pg->p);
	l.page = page;
	fputs("<a href=\"", out);
	put_href(out, pg, &l);
	fputc('"', out);
	if (rel)
		fprintf(out, " rel=\"%s\"", rel);
	fprintf(out, ">%s</a>", text);
}

static void put_pages(FILE *out, const tc_page *pg)
{
	const tc_results *r = pg->res;
	uint32_t n = pg->p->n, cur = pg->p->page;
	uint64_t pages = (r->total + n - 1) / n;
	if (pages > TC_CGI_PAGE_MAX)
		pages = TC_CGI_PAGE_MAX;
	/* The estimate can promise more than there is: never offer a page
	 * after one that came back short. */
	if (r->n < n)
		pages = cur;
	if (pages <= 1 && cur == 1)
		return;
	fputs("<nav id=\"pages\" aria-label=\"Trang\">", out);
	if (cur > 1)
		page_link(out, pg, cur - 1, "prev", "« Trước");
	uint32_t lo = cur > PAGE_WINDOW ? cur - PAGE_WINDOW : 1;
	uint64_t hi = (uint64_t)cur + PAGE_WINDOW + 1;
	if (hi > pages)
		hi = pages;
	for (uint32_t k = lo; k <= hi; k++) {
		char num[16];
		snprintf(num, sizeof num, "%u", k);
		if (k == cur)
			fprintf(out, "<span aria-current=\"page\">%u</span>", k);
		else
			page_link(out, pg, k, NULL, num);
	}
	if (cur < pages)
		page_link(out, pg, cur + 1, "next", "Sau »");
	fputs("</nav>\n", out);
}

static int days_in_month(int y, int m)
{
	static const int d[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : d[m - 1];
}

static void put_facets(FILE *out, const tc_page *pg)
{
	const tc_results *r = pg->res;
	const tc_cgi_params *p = pg->p;
	if (!r->nsources && !r->ndates && !p->site[0] && !p->from[0] && !p->to[0])
		return;
	const char *about = r->facets_sampled ? "~" : "";
	fputs("<aside id=\"facets\" aria-label=\"Thu hẹp kết quả\">\n"
	      "<section id=\"facet-source\"><h2>Nguồn</h2><ul>\n", out);
	link l = link_of(p);
	if (p->site[0]) {
		l.site = NULL;
		fputs("<li><a class=\"clear\" href=\"", out);
		put_href(out, pg, &l);
		fputs("\">× Mọi nguồn</a></li>\n", out);
	}
	for (size_t k = 0; k < r->nsources; k++) {
		l = link_of(p);
		l.site = r->sources[k].value;
		fputs("<li><a href=\"", out);
		put_href(out, pg, &l);
		fputs("\">", out);
		html_str(out, r->sources[k].value);
		fprintf(out, "</a><span class=\"count\">%s", about);
		put_count(out, r->sources[k].count);
		fputs("</span></li>\n", out);
	}
	fprintf(out, "</ul></section>\n<section id=\"facet-date\"><h2>%s</h2><ul>\n",
		r->dates_by_month ? "Tháng" : "Năm");
	if (p->from[0] || p->to[0]) {
		l = link_of(p);
		l.from = l.to = NULL;
		fputs("<li><a class=\"clear\" href=\"", out);
		put_href(out, pg, &l);
		fputs("\">× Mọi thời gian</a></li>\n", out);
	}
	for (size_t k = 0; k < r->ndates; k++) {
		const char *v = r->dates[k].value;
		char from[11], to[11];
		int y = 0, m = 0;
		if (r->dates_by_month) {
			if (sscanf(v, "%4d-%2d", &y, &m) != 2 || m < 1 || m > 12)
				continue;
			snprintf(from, sizeof from, "%04d-%02d-01", y, m);
			snprintf(to, sizeof to, "%04d-%02d-%02d", y, m, days_in_month(y, m));
		} else {
			if (sscanf(v, "%4d", &y) != 1)
				continue;
			snprintf(from, sizeof from, "%04d-01-01", y);
			snprintf(to, sizeof to, "%04d-12-31", y);
		}
		l = link_of(p);
		l.from = from;
		l.to = to;
		fputs("<li><a href=\"", out);
		put_href(out, pg, &l);
		fputs("\">", out);
		if (r->dates_by_month)
			fprintf(out, "Tháng %d/%04d", m, y);
		else
			fprintf(out, "%04d", y);
		fprintf(out, "</a><span class=\"count\">%s", about);
		put_count(out, r->dates[k].count);
		fputs("</span></li>\n", out);
	}
	fputs("</ul></section>\n</aside>\n", out);
}

static void put_noresults(FILE *out, const tc_page *pg)
{
	const tc_cgi_params *p = pg->p;
	fputs("<div id=\"noresults\">\n<p>Không tìm thấy kết quả nào cho <strong>", out);
	tc_html_put(out, p->q, p->q_len);
	fputs("</strong>.</p>\n", out);
	if (pg->message) {
		fputs("<p>", out);
		html_str(out, pg->message);
		fputs("</p>\n", out);
	}
	fputs("<p>Gợi ý:</p>\n<ul>\n<li>Kiểm tra lại chính tả; gõ có dấu hay không dấu đều được.</li>\n"
	      "<li>Dùng ít từ hơn, hoặc từ chung hơn.</li>\n"
	      "<li>Với số hiệu văn bản, gõ đủ như 35-CT/TW hoặc 100/2019/NĐ-CP.</li>\n",
	      out);
	if (p->site[0] || p->cat[0] || p->from[0] || p->to[0]) {
		link l = link_of(p);
		l.site = l.from = l.to = l.cat = NULL;
		fputs("<li><a class=\"clear\" href=\"", out);
		put_href(out, pg, &l);
		fputs("\">Bỏ các bộ lọc nguồn, chuyên mục và ngày</a>.</li>\n", out);
	}
	fputs("</ul>\n</div>\n", out);
}

void tc_page_html(FILE *out, const tc_page *pg)
{
	const tc_cgi_params *p = pg->p;
	if (!pg->res && !pg->message) {
		head(out, pg, "tracuu — tra cứu tin tức");
		search_form(out, pg);
		fputs("<main><div id=\"content\"><p>Tìm trong tin tức của các cơ quan nhà nước. "
		      "Ví dụ: <em>thu do</em>, <em>dang uy</em>, <em>35-CT/TW</em>, "
		      "<em>\"an ninh mạng\"</em>.</p></div></main>\n",
		      out);
		footer(out);
		return;
	}
	char title[TC_CGI_Q_MAX + 32];
	snprintf(title, sizeof title, "%s — tracuu", p->q);
	head(out, pg, title);
	search_form(out, pg);
	fputs("<main>\n<div id=\"content\">\n", out);
	if (pg->suggest) {
		link l = link_of(p);
		l.q = pg->suggest;
		fputs("<p id=\"suggest\">Có phải bạn muốn tìm: <a href=\"", out);
		put_href(out, pg, &l);
		fputs("\"><strong>", out);
		html_str(out, pg->suggest);
		fputs("</strong></a></p>\n", out);
	}
	if (!pg->res || !pg->res->n) {
		put_noresults(out, pg);
	} else {
		put_stats(out, pg);
		put_results(out, pg);
		put_pages(out, pg);
	}
	fputs("</div>\n", out);
	if (pg->res)
		put_facets(out, pg);
	fputs("</main>\n", out);
	footer(out);
}

void tc_page_error(FILE *out, const tc_page *pg, const char *title, const char *message)
{
	head(out, pg, title);
	search_form(out, pg);
	fputs("<main><div id=\"content\"><h1>", out);
	html_str(out, title);
	fputs("</h1>\n<p id=\"error\">", out);
	html_str(out, message);
	fputs("</p></div></main>\n", out);
	footer(out);
}

/* XML text: the HTML escaper's set is XML's too. */
static void xml_str(FILE *out, const char *s, size_t n)
{
	tc_html_put(out, s, n);
}

/* RFC 822 date for a YYYY-MM-DD day, at midnight Vietnam time. */
static void rfc822(FILE *out, const char *d)
{
	tc_ymd day;
	if (!tc_date_parse_day(d, strlen(d), &day))
		return;
	char s[32];
	tc_date_format_rfc822(day, s);
	fprintf(out, "<pubDate>%s</pubDate>", s);
}

void tc_page_rss(FILE *out, const tc_page *pg)
{
	const tc_cgi_params *p = pg->p;
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\">\n<channel>\n<title>tracuu: ",
	      out);
	xml_str(out, p->q, p->q_len);
	fputs("</title>\n<link>", out);
	html_str(out, pg->site_url);
	link l = link_of(p);
	l.sort_date = 1;
	put_href(out, pg, &l);
	fputs("</link>\n<description>Tin mới nhất cho “", out);
	xml_str(out, p->q, p->q_len);
	fputs("”</description>\n<language>vi</language>\n", out);
	for (size_t i = 0; pg->res && i < pg->res->n; i++) {
		const tc_hit *h = &pg->res->hits[i];
		fputs("<item><title>", out);
		tc_str title = h->a.title.n ? h->a.title : h->a.url;
		xml_str(out, title.p, title.n);
		fputs("</title>", out);
		if (linkable(h->a.url)) {
			fputs("<link>", out);
			xml_str(out, h->a.url.p, h->a.url.n);
			fputs("</link>", out);
		}
		if (h->a.url.n) {
			fputs("<guid isPermaLink=\"false\">", out);
			xml_str(out, h->a.url.p, h->a.url.n);
			fputs("</guid>", out);
		}
		if (iso_day(h->a.date)) {
			char d[11];
			memcpy(d, h->a.date.p, 10);
			d[10] = '\0';
			rfc822(out, d);
		}
		if (h->a.source.n) {
			fputs("<source url=\"https://", out);
			xml_str(out, h->a.source.p, h->a.source.n);
			fputs("/\">", out);
			xml_str(out, h->a.source.p, h->a.source.n);
			fputs("</source>", out);
		}
		fputs("<description>", out);
		const tc_snippet *sn = &h->snippet;
		xml_str(out, sn->text.data ? sn->text.data : "", sn->text.len);
		fputs("</description></item>\n", out);
	}
	fputs("</channel>\n</rss>\n", out);
}

void tc_page_opensearch(FILE *out, const tc_page *pg)
{
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	      "<OpenSearchDescription xmlns=\"http://a9.com/-/spec/opensearch/1.1/\">\n"
	      "<ShortName>tracuu</ShortName>\n"
	      "<Description>Tìm kiếm tin tức của cơ quan nhà nước Việt Nam</Description>\n"
	      "<InputEncoding>UTF-8</InputEncoding>\n<Language>vi</Language>\n"
	      "<Url type=\"text/html\" method=\"get\" template=\"",
	      out);
	html_str(out, pg->site_url);
	html_str(out, pg->script);
	fputs("?q={searchTerms}&amp;page={startPage?}\"/>\n"
	      "<Url type=\"application/rss+xml\" template=\"", out);
	html_str(out, pg->site_url);
	html_str(out, pg->script);
	fputs("?q={searchTerms}&amp;format=rss\"/>\n<Url type=\"application/json\" template=\"", out);
	html_str(out, pg->site_url);
	html_str(out, pg->script);
	fputs("?q={searchTerms}&amp;format=json\"/>\n</OpenSearchDescription>\n", out);
}
