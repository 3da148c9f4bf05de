/*
 * test_extract_html.c - article extraction (indexer/extract_html.h).  Its
 * helpers have their own: test_extract_date.c (dates in text),
 * test_extract_charset.c (which charset).
 *
 * Contract under test:
 *  - pages in charsets: windows-1258, VISCII, TCVN and Latin-1 converted,
 *    UTF-8 pages that claim a Latin charset read as UTF-8, invalid bytes
 *    replaced;
 *  - pages: page templates written here (a table-layout government portal
 *    inside an ASP.NET form, a modern news page with JSON-LD and comments,
 *    an HTML5 article, an older table site without classes or h1, a front
 *    page and a section page of teasers) give the title without the
 *    site name, the date, the lead, the author, and every paragraph of the
 *    body without menus, related lists, share bars, tags, comments or
 *    footers; XPath hints override the generic result;
 *  - article or not: short articles of several templates (a video's
 *    caption, a one-sentence notice, an announcement linking a spreadsheet)
 *    are articles by each signal alone (JSON-LD, og:type, a dated headline,
 *    the config's article URL); a tag page, a search page, sections with few
 *    links (dates before or after theirs, JSON-LD lists of NewsArticles), a
 *    front page claiming og:type article and a challenge are not; the
 *    decision itself (tc_extracted_is_article) on fields set by hand;
 *  - real pages from ../shared/html (TRACUU_HTML overrides): the VnExpress
 *    article against its golden extraction and as an article by its
 *    metadata, the stubs and the two front pages as non-articles without
 *    any article signal (what the crawler skips).  A missing file fails the
 *    test.
 *
 * The real pages are read at run time and never copied into this file; the
 * strings that must not be in the VnExpress body are taken from the page's
 * own navigation and footer elements.
 */
#include "unit_test.h"

#include <iconv.h>
#include <json-c/json.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <stdio.h>

#include "extract_charset.h"
#include "extract_date.h"
#include "extract_html.h"
#include "tc_buf.h"
#include "vn_text.h"
#include "tc_banned.h"

#ifndef TRACUU_HTML_DIR
#define TRACUU_HTML_DIR TRACUU_SOURCE_DIR "/../shared/html"
#endif

/* ---- helpers --------------------------------------------------------------- */

/* NFC copy of s (the importer's cleaning), in a static rotating buffer. */
static const char *nfc(const char *s, size_t n)
{
	static char bufs[4][1 << 16];
	static int k;
	char *out = bufs[k++ % 4];
	tc_buf b;
	tc_buf_init(&b, sizeof bufs[0] - 1);
	size_t bad;
	if (vn_text_clean(s ? s : "", s ? n : 0, &b, &bad) != TC_OK) {
		tc_buf_release(&b);
		out[0] = '\0';
		return out;
	}
	memcpy(out, b.data ? b.data : "", b.len);
	out[b.len] = '\0';
	tc_buf_release(&b);
	return out;
}

static const char *field(const tc_buf *b)
{
	return b->data ? b->data : "";
}

/* Extract from an exact heap copy of html (ASan sees any overread). */
static tc_status extract(const char *html, size_t n, const char *charset,
			 const tc_extract_hints *hints, tc_extracted *x)
{
	char *copy = unit_exact_copy(html, n);
	tc_extracted_init(x);
	tc_status st = tc_extract_html_hinted(copy, n, charset, hints, x);
	free(copy);
	return st;
}

/* html converted from UTF-8 to charset with iconv; *n gets its length. */
static char *encode(const char *html, const char *charset, size_t *n)
{
	size_t in_len = strlen(html), cap = in_len * 4 + 16;
	char *out = malloc(cap);
	assert_non_null(out);
	iconv_t cd = iconv_open(charset, "UTF-8");
	assert_true(cd != (iconv_t)-1);
	char *in = (char *)(uintptr_t)html, *o = out;
	size_t left = in_len, room = cap;
	assert_true(iconv(cd, &in, &left, &o, &room) != (size_t)-1);
	assert_true(iconv(cd, NULL, NULL, &o, &room) != (size_t)-1);
	iconv_close(cd);
	*n = (size_t)(o - out);
	return out;
}

static char *read_page(const char *rel, size_t *n)
{
	const char *dir = getenv("TRACUU_HTML");
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir : TRACUU_HTML_DIR, rel);
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s (set TRACUU_HTML to the shared html folder)", path);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	long len = ftell(f);
	assert_true(len >= 0);
	rewind(f);
	char *buf = malloc((size_t)len + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	buf[len] = '\0';
	*n = (size_t)len;
	return buf;
}

/* ---- charsets ---------------------------------------------------------------- */

#define CS_TITLE "Hội nghị tổng kết công tác phòng chống thiên tai năm 2020"
#define CS_BODY                                                                                  \
	"Sáng nay, Ban chỉ huy phòng chống thiên tai và tìm kiếm cứu nạn thành phố tổ chức hội " \
	"nghị tổng kết, đánh giá những việc đã làm được, những tồn tại, hạn chế và đề ra nhiệm " \
	"vụ trọng tâm cho năm tới, trong đó có việc nâng cấp đê điều, hồ đập và trạm bơm."

typedef struct charset_row {
	const char *name;
	const char *encode_to; /* iconv name for the whole page; NULL: UTF-8 as written */
	const char *meta;      /* inside <head> */
	const char *http;      /* the charset argument */
	const char *prefix;    /* bytes before the page (a BOM) */
	const char *title, *body;
	const char *site, *home; /* the site name after the title, a menu item */
} charset_row;

static const charset_row charset_rows[] = {
	{"windows-1258 in <meta charset>", "CP1258", "<meta charset=\"windows-1258\">", NULL, "",
	 CS_TITLE, CS_BODY, NULL, NULL},
	{"windows-1258 in meta http-equiv", "CP1258",
	 "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1258\">", NULL, "",
	 CS_TITLE, CS_BODY, NULL, NULL},
	{"windows-1258 from HTTP only", "CP1258", "", "windows-1258", "", CS_TITLE, CS_BODY, NULL, NULL},
	{"windows-1258 undeclared (sniffed)", "CP1258", "", NULL, "", CS_TITLE, CS_BODY, NULL, NULL},
	{"windows-1258 with a lying meta utf-8", "CP1258", "<meta charset=\"utf-8\">", NULL, "",
	 CS_TITLE, CS_BODY, NULL, NULL},
	{"HTTP windows-1258 over a lying meta", "CP1258", "<meta charset=\"utf-8\">", "windows-1258",
	 "", CS_TITLE, CS_BODY, NULL, NULL},
	{"HTTP UTF-8 over windows-1258 declared in meta", "CP1258",
	 "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1258\">", "utf-8", "",
	 CS_TITLE, CS_BODY, NULL, NULL},
	{"HTTP ISO-8859-1 over windows-1258 declared in meta", "CP1258",
	 "<meta charset=\"windows-1258\">", "ISO-8859-1", "", CS_TITLE, CS_BODY, NULL, NULL},
	{"VISCII", "VISCII", "<meta charset=\"viscii\">", NULL, "", CS_TITLE, CS_BODY, NULL, NULL},
	{"TCVN3", "TCVN5712-1", "<meta charset=\"tcvn3\">", NULL, "", CS_TITLE, CS_BODY, NULL, NULL},
	{"ISO-8859-1 (French)", "ISO-8859-1", "<meta charset=\"iso-8859-1\">", NULL, "",
	 "Café à la française, déjà vu", "Une journée à Paris, où l'été est doux, près de la Seine.",
	 "lemonde.fr", "Accueil"},
	{"UTF-8 declared ISO-8859-1 in meta", NULL, "<meta charset=\"iso-8859-1\">", NULL, "", CS_TITLE,
	 CS_BODY, NULL, NULL},
	{"UTF-8 declared windows-1252 in meta http-equiv", NULL,
	 "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">", NULL, "",
	 CS_TITLE, CS_BODY, NULL, NULL},
	{"UTF-8 declared ISO-8859-1 by HTTP", NULL, "", "ISO-8859-1", "", CS_TITLE, CS_BODY, NULL, NULL},
	{"UTF-8 with BOM, HTTP says ISO-8859-1", NULL, "", "iso-8859-1", "\xef\xbb\xbf", CS_TITLE,
	 CS_BODY, NULL, NULL},
	{"UTF-16LE with BOM", "UTF-16LE", "", NULL, "\xff\xfe", CS_TITLE, CS_BODY, NULL, NULL},
	{"UTF-8 undeclared", NULL, "", NULL, "", CS_TITLE, CS_BODY, NULL, NULL},
};

static void test_charset_pages(void **state)
{
	(void)state;
	int nfail = 0;
	for (size_t i = 0; i < N_ROWS(charset_rows); i++) {
		const charset_row *row = &charset_rows[i];
		char page[4096];
		const char *site = row->site ? row->site : "Cổng TTĐT Thành phố";
		const char *home = row->home ? row->home : "Trang chủ";
		snprintf(page, sizeof page,
			 "<html><head>%s<title>%s - %s</title></head><body>"
			 "<div class=\"menu\"><a href=\"/\">%s</a> <a href=\"/a\">Liens</a></div>"
			 "<h1>%s</h1><div class=\"content\"><p>%s</p><p>%s</p></div></body></html>",
			 row->meta, row->title, site, home, row->title, row->body, row->body);
		size_t n;
		char *enc;
		if (row->encode_to) {
			enc = encode(page, row->encode_to, &n);
		} else {
			n = strlen(page);
			enc = malloc(n);
			assert_non_null(enc);
			memcpy(enc, page, n);
		}
		size_t pre = strlen(row->prefix);
		char *bytes = malloc(pre + n);
		assert_non_null(bytes);
		memcpy(bytes, row->prefix, pre);
		memcpy(bytes + pre, enc, n);
		free(enc);
		tc_extracted x;
		tc_status st = extract(bytes, pre + n, row->http, NULL, &x);
		free(bytes);
		const char *title = nfc(x.title.data, x.title.len);
		const char *body = nfc(x.body.data, x.body.len);
		if (st != TC_OK)
			ROW_FAIL(nfail, row->name, "status %d", st);
		else if (strcmp(title, row->title))
			ROW_FAIL(nfail, row->name, "title \"%s\"", title);
		else if (!strstr(body, row->body))
			ROW_FAIL(nfail, row->name, "body \"%s\"", body);
		else if (strstr(body, home) || strstr(body, site))
			ROW_FAIL(nfail, row->name, "menu or site name in the body");
		tc_extracted_release(&x);
	}
	ROWS_DONE(nfail, N_ROWS(charset_rows));
}

/* A stray invalid byte in a UTF-8 page costs one U+FFFD, not the page. */
static void test_charset_invalid_byte(void **state)
{
	(void)state;
	const char *page = "<html><head><meta charset=\"utf-8\"><title>" CS_TITLE "</title></head>"
			   "<body><h1>" CS_TITLE "</h1><p>" CS_BODY " \xff " CS_BODY "</p></body></html>";
	tc_extracted x;
	assert_int_equal(extract(page, strlen(page), NULL, NULL, &x), TC_OK);
	assert_string_equal(nfc(x.title.data, x.title.len), CS_TITLE);
	assert_non_null(strstr(field(&x.body), CS_BODY " \xef\xbf\xbd " CS_BODY));
	tc_extracted_release(&x);
}

/* ---- pages that are not text ------------------------------------------------------ */

typedef enum junk_kind {
	JUNK_RANDOM,   /* bytes of a pseudo-random generator */
	JUNK_NULS,     /* a real page with a NUL every 40 bytes */
	JUNK_FEW_NULS, /* a real page with three NUL bytes */
	JUNK_UTF16,    /* a real page in UTF-16LE with a BOM (NUL in every other byte) */
	JUNK_CONTROLS  /* a page with a control byte every 50 bytes */
} junk_kind;

typedef struct junk_row {
	const char *name;
	junk_kind kind;
	tc_status want;
} junk_row;

static const junk_row junk_rows[] = {
	{"20 KB of random bytes", JUNK_RANDOM, TC_ERR_INVALID},
	{"a NUL every 40 bytes", JUNK_NULS, TC_ERR_INVALID},
	{"a control byte every 50 bytes", JUNK_CONTROLS, TC_ERR_INVALID},
	{"three stray NUL bytes", JUNK_FEW_NULS, TC_OK},
	{"UTF-16LE with a BOM", JUNK_UTF16, TC_OK},
};

#define JUNK_PAGE "<html><head><meta charset=\"utf-8\"><title>" CS_TITLE "</title></head><body><h1>" \
		  CS_TITLE "</h1><p>" CS_BODY "</p><p>" CS_BODY "</p><p>" CS_BODY "</p></body></html>"

/* The bytes of a row's page into b. */
static void junk_page(junk_kind kind, tc_buf *b)
{
	static const char page[] = JUNK_PAGE;
	size_t n = sizeof page - 1;
	tc_buf_reset(b);
	uint32_t r = 12345;
	switch (kind) {
	case JUNK_RANDOM:
		for (size_t i = 0; i < 20000; i++) {
			r = r * 1103515245u + 12345u;
			assert_int_equal(tc_buf_append_char(b, (char)(r >> 16)), TC_OK);
		}
		break;
	case JUNK_NULS:
	case JUNK_CONTROLS:
		for (size_t i = 0; i < n; i++) {
			assert_int_equal(tc_buf_append_char(b, page[i]), TC_OK);
			if (i % (kind == JUNK_NULS ? 40 : 50) == 39)
				assert_int_equal(tc_buf_append_char(b, kind == JUNK_NULS ? '\0' : '\x01'), TC_OK);
		}
		break;
	case JUNK_FEW_NULS:
		assert_int_equal(tc_buf_append(b, page, n), TC_OK);
		assert_int_equal(tc_buf_append(b, "\0\0\0", 3), TC_OK);
		break;
	case JUNK_UTF16: {
		size_t k;
		char *u = encode(page, "UTF-16LE", &k);
		assert_int_equal(tc_buf_append(b, "\xff\xfe", 2), TC_OK);
		assert_int_equal(tc_buf_append(b, u, k), TC_OK);
		free(u);
		break;
	}
	}
}

/* Binary junk is refused with a reason (not extracted into garbage
 * terms); real text with a few stray bytes, or in UTF-16, is not. */
static void test_not_text(void **state)
{
	(void)state;
	tc_buf b;
	tc_buf_init(&b, 1 << 20);
	int nfail = 0;
	for (size_t r = 0; r < N_ROWS(junk_rows); r++) {
		const junk_row *row = &junk_rows[r];
		junk_page(row->kind, &b);
		tc_extracted x;
		tc_status st = extract(b.data, b.len, NULL, NULL, &x);
		if (st != row->want)
			ROW_FAIL(nfail, row->name, "status %d, want %d", st, row->want);
		if (row->want == TC_ERR_INVALID && !strstr(x.why, "not text"))
			ROW_FAIL(nfail, row->name, "reason \"%s\" lacks \"not text\"", x.why);
		if (row->want == TC_ERR_INVALID && (x.title.len || x.body.len))
			ROW_FAIL(nfail, row->name, "fields extracted from junk");
		if (row->want == TC_OK && (strcmp(nfc(x.title.data, x.title.len), CS_TITLE) || x.why[0]))
			ROW_FAIL(nfail, row->name, "title \"%s\", reason \"%s\"", field(&x.title), x.why);
		tc_extracted_release(&x);
	}
	tc_buf_release(&b);
	ROWS_DONE(nfail, N_ROWS(junk_rows));
}

/* ---- page templates -------------------------------------------------------------- */

#define P1 "Sáng 9/6, Ủy ban nhân dân quận Mẫu tổ chức lễ ra quân làm sạch môi trường, thu gom rác thải tại các tuyến phố, ngõ xóm và khu vực công cộng trên địa bàn."
#define P2 "Theo Phó Chủ tịch quận, đợt ra quân kéo dài đến hết tháng 6, với sự tham gia của hơn 2.000 đoàn viên, thanh niên, hội viên phụ nữ, cựu chiến binh và người dân."
#define P3 "Quận giao các phường rà soát điểm tập kết rác tự phát, xử lý nghiêm trường hợp đổ trộm phế thải xây dựng, đồng thời lắp đặt thêm camera giám sát ở những nơi thường xuyên vi phạm."
#define P4 "Bà Nguyễn Thị Lan, tổ trưởng tổ dân phố số 5, cho biết người dân rất đồng tình, nhiều gia đình chủ động dọn dẹp trước cửa nhà, trồng thêm cây xanh và hoa dọc các ngõ."
#define P5 "Kết thúc đợt ra quân, quận sẽ sơ kết, khen thưởng các tập thể, cá nhân tiêu biểu và nhân rộng mô hình tuyến phố xanh, sạch, đẹp trong toàn quận."

#define MENU                                                                                       \
	"<div class=\"menu\"><ul><li><a href=\"/\">Trang chủ</a></li><li><a href=\"/thoi-su\">Thời " \
	"sự</a></li><li><a href=\"/kinh-te\">Kinh tế</a></li><li><a href=\"/xa-hoi\">Xã "           \
	"hội</a></li><li><a href=\"/van-hoa\">Văn hóa</a></li><li><a href=\"/the-thao\">Thể "        \
	"thao</a></li></ul></div>"
#define FOOTER                                                                                     \
	"<div id=\"footer\"><p>Cơ quan chủ quản: Ủy ban nhân dân thành phố Mẫu. Giấy phép số "     \
	"123/GP-BTTTT. Địa chỉ: số 1 phố Mẫu, quận Mẫu, Hà Nội.</p><p>Ghi rõ nguồn khi phát hành " \
	"lại thông tin từ website này.</p></div>"

/* Government portal, 2000s style: everything in an ASP.NET form, layout
 * tables, no metadata, br-separated text, a date line, a bold byline, a list
 * of other news with their dates. */
static const char page_gov[] =
	"<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\">"
	"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">"
	"<title>Quận Mẫu ra quân làm sạch môi trường | Cổng TTĐT Quận Mẫu</title></head>"
	"<body><form name=\"aspnetForm\" method=\"post\" action=\"Default.aspx\" id=\"aspnetForm\">"
	"<table width=\"100%\" cellpadding=\"0\"><tr><td colspan=\"2\"><img src=\"banner.jpg\">"
	"<table class=\"menutop\"><tr><td><a href=\"/\">Trang chủ</a></td><td><a href=\"/gt\">Giới "
	"thiệu</a></td><td><a href=\"/tt\">Tin tức - Sự kiện</a></td><td><a href=\"/vb\">Văn bản chỉ "
	"đạo</a></td><td><a href=\"/tthc\">Thủ tục hành chính</a></td></tr></table></td></tr>"
	"<tr><td width=\"220\" valign=\"top\"><div class=\"box\"><div class=\"boxtitle\">Chuyên "
	"mục</div><a href=\"/c1\">Tin hoạt động của quận</a><br><a href=\"/c2\">Tin các phường</a><br>"
	"<a href=\"/c3\">Thông báo</a><br><a href=\"/c4\">Lịch công tác</a><br></div></td>"
	"<td valign=\"top\"><div class=\"title\">Quận Mẫu ra quân làm sạch môi trường</div>"
	"<div class=\"date\">Ngày 09 tháng 6 năm 2020</div>"
	"<span style=\"font-family:Arial\">" P1 "</span><br><br><span>" P2 "</span><br><br>" P3
	"<br><br>" P4 "<br><br>" P5 "<br>"
	"<p align=\"right\"><b>Minh Anh</b></p>"
	"<div class=\"tinkhac\"><b>Các tin khác:</b><br><a href=\"/t1\">Phường Mẫu tổ chức hội nghị "
	"đối thoại với nhân dân năm 2020</a> (08/06/2020)<br><a href=\"/t2\">Quận Mẫu triển khai công "
	"tác phòng chống dịch bệnh mùa hè</a> (05/06/2020)<br><a href=\"/t3\">Kiểm tra an toàn thực "
	"phẩm tại các bếp ăn tập thể</a> (01/06/2020)<br></div></td></tr>"
	"<tr><td colspan=\"2\"><div class=\"footer\">Cơ quan chủ quản: Ủy ban nhân dân quận Mẫu. Địa "
	"chỉ: số 1 phố Mẫu. Điện thoại: 024.1234567</div></td></tr></table>"
	"<input type=\"hidden\" name=\"__VIEWSTATE\" value=\"dDwtMTA4MTQ\"></form></body></html>";

#define B1 "Sở Giao thông vận tải Hà Nội cho biết, từ ngày 1/4, năm tuyến xe buýt chạy qua khu vực phố cổ, hồ Gươm và các quận trung tâm sẽ được thay bằng xe điện hoàn toàn, giá vé giữ nguyên."
#define B2 "Theo kế hoạch, mỗi tuyến có từ 10 đến 15 xe, chạy từ 5 giờ đến 22 giờ hằng ngày, tần suất 10 đến 15 phút một chuyến, giờ cao điểm tăng thêm xe để giảm thời gian chờ."
#define B3 "Các xe đều có chỗ cho người khuyết tật, wifi miễn phí, camera giám sát và hệ thống thông tin hành trình, giúp hành khách biết chính xác thời gian xe đến điểm dừng."
#define B4 "Đại diện doanh nghiệp vận hành cho biết, chi phí năng lượng của xe điện thấp hơn khoảng 30% so với xe chạy dầu, đồng thời giảm đáng kể tiếng ồn và khí thải trong nội đô."
#define B5 "Sau ba tháng thí điểm, thành phố sẽ đánh giá hiệu quả, lấy ý kiến người dân trước khi quyết định nhân rộng ra các tuyến khác, hướng tới mục tiêu toàn bộ xe buýt dùng năng lượng sạch."
#define CAPTION "Xe buýt điện chạy thử trên phố Tràng Tiền. Ảnh: Hải Nam"
#define C1 "Tôi thấy việc này rất cần thiết, nhưng cần làm thường xuyên, liên tục, chứ không chỉ làm vài tháng rồi thôi, vì người dân đã quen đi xe máy, nhất là ở các ngõ nhỏ, xa điểm dừng."
#define C2 "Xe điện thì tốt, nhưng giá vé, điểm dừng, giờ chạy, mọi thứ cần công khai, rõ ràng, dễ tra cứu, và phải có ứng dụng báo xe đến, chứ đứng chờ ngoài trời nắng, mưa thì rất khổ."
#define C3 "Ở quận tôi, nhiều tuyến buýt chạy thưa, xe cũ, điều hòa hỏng, lái xe phóng nhanh, phanh gấp, nên mong thành phố thay xe mới, đào tạo lại lái xe, kiểm tra thường xuyên hơn."
#define C4 "Nên làm thêm làn đường riêng cho xe buýt, vì xe điện, xe dầu gì cũng tắc như nhau, giờ cao điểm đi buýt còn chậm hơn đi bộ, người dân sẽ không bỏ xe máy, ô tô riêng."

/* A modern news page: Open Graph, JSON-LD in an @graph (UTC time), header,
 * breadcrumb, share bar, an inline "Xem thêm" link, related box and tags
 * inside the body, a "most read" column, long comments with many commas. */
static const char page_news[] =
	"<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\">"
	"<title>Hà Nội thí điểm xe buýt điện trên 5 tuyến nội đô - Báo Mẫu Điện tử</title>"
	"<meta property=\"og:site_name\" content=\"Báo Mẫu\">"
	"<meta property=\"og:type\" content=\"article\">"
	"<meta property=\"og:title\" content=\"Hà Nội thí điểm xe buýt điện trên 5 tuyến nội đô\">"
	"<meta property=\"og:description\" content=\"Năm tuyến xe buýt nội đô chuyển sang xe điện.\">"
	"<link rel=\"canonical\" href=\"https://baomau.example.vn/giao-thong/xe-buyt-dien-123456.html\">"
	"<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@graph\":["
	"{\"@type\":\"WebSite\",\"@id\":\"https://baomau.example.vn/#site\",\"name\":\"Báo Mẫu\"},"
	"{\"@type\":\"NewsArticle\",\"headline\":\"Hà Nội thí điểm xe buýt điện trên 5 tuyến nội đô\","
	"\"datePublished\":\"2021-03-05T23:30:00Z\",\"dateModified\":\"2021-03-06T08:00:00+07:00\","
	"\"author\":[{\"@type\":\"Person\",\"name\":\"Trần Văn Bình\"}],"
	"\"publisher\":{\"@type\":\"Organization\",\"name\":\"Báo Mẫu\"}}]}</script>"
	"</head><body>"
	"<header class=\"site-header\"><div class=\"logo\"><a href=\"/\">Báo Mẫu</a></div>"
	"<nav class=\"main-nav\"><ul><li><a href=\"/thoi-su\">Thời sự</a></li><li><a href=\"/giao-thong\">"
	"Giao thông</a></li><li><a href=\"/kinh-te\">Kinh tế</a></li></ul></nav></header>"
	"<div class=\"breadcrumb\"><a href=\"/\">Trang chủ</a> » <a href=\"/giao-thong\">Giao thông</a></div>"
	"<main class=\"container\"><div class=\"col-main\">"
	"<h1 class=\"article-title\">Hà Nội thí điểm xe buýt điện trên 5 tuyến nội đô</h1>"
	"<div class=\"article-meta\"><span class=\"time\">06/03/2021 06:30</span></div>"
	"<div class=\"sapo\">Từ tháng 4, năm tuyến xe buýt nội đô sẽ dùng xe điện hoàn toàn, giá vé "
	"giữ nguyên.</div>"
	"<div class=\"social-share\"><a href=\"#\">Chia sẻ Facebook</a> <a href=\"#\">Zalo</a> "
	"<a href=\"#\">In bài</a></div>"
	"<div class=\"article-body\"><p>" B1 "</p><p>" B2 "</p>"
	"<figure><img src=\"xe.jpg\" alt=\"\"><figcaption>" CAPTION "</figcaption></figure>"
	"<p>" B3 "</p>"
	"<p><strong>Xem thêm:</strong> <a href=\"/giao-thong/300-xe.html\">Hà Nội sẽ có thêm 300 xe "
	"buýt điện vào năm 2025</a></p>"
	"<p>" B4 "</p>"
	"<div class=\"box-tinlienquan\"><h3>Tin liên quan</h3><ul>"
	"<li><a href=\"/r1.html\">Mở thêm tuyến buýt nhanh BRT thứ hai từ trung tâm đi Hà Đông</a></li>"
	"<li><a href=\"/r2.html\">Hành khách đi xe buýt tăng mạnh sau khi áp dụng thẻ vé điện tử</a></li>"
	"<li><a href=\"/r3.html\">Xe buýt hai tầng đưa khách tham quan phố cổ vào dịp cuối tuần</a></li>"
	"</ul></div>"
	"<p>" B5 "</p>"
	"<div class=\"tags\">Từ khóa: <a href=\"/tag/xe-buyt\">xe buýt</a>, <a href=\"/tag/xe-dien\">xe "
	"điện</a></div></div></div>"
	"<aside class=\"col-right\"><div class=\"box-xem-nhieu\"><h3>Đọc nhiều</h3><ul>"
	"<li><a href=\"/x1.html\">Giá vàng hôm nay tăng mạnh, vượt ngưỡng 60 triệu đồng một lượng</a></li>"
	"<li><a href=\"/x2.html\">Thời tiết Hà Nội cuối tuần nắng nóng, nhiệt độ cao nhất 38 độ</a></li>"
	"</ul></div></aside></main>"
	"<section id=\"comments\" class=\"comment-section\"><h3>Bình luận (4)</h3>"
	"<div class=\"comment-item\"><p>" C1 "</p></div><div class=\"comment-item\"><p>" C2 "</p></div>"
	"<div class=\"comment-item\"><p>" C3 "</p></div><div class=\"comment-item\"><p>" C4 "</p></div>"
	"</section><footer>" FOOTER "</footer></body></html>";

#define L1 "Ban quản lý hồ Tây cho biết, lễ hội hoa sen năm nay kéo dài từ ngày 12 đến 21/7, mở cửa miễn phí cho người dân và du khách, với hơn 5 ha sen được trồng mới quanh hồ."
#define L2 "Du khách có thể tham quan đầm sen, chụp ảnh, thưởng thức trà sen ướp theo cách truyền thống, xem trình diễn ướp trà và tham gia các trò chơi dân gian trên bờ hồ."
#define LI1 "Khu trưng bày sản phẩm từ sen mở cửa từ 7 giờ đến 21 giờ hằng ngày"
#define LI2 "Khu ẩm thực phục vụ các món ăn được chế biến từ hạt sen, củ sen và lá sen"
#define L3 "Ban tổ chức khuyến cáo du khách không hái hoa, không giẫm lên bờ đầm, giữ gìn vệ sinh chung và gửi xe đúng nơi quy định để lễ hội diễn ra an toàn, văn minh."
#define L4 "Năm ngoái, lễ hội đón khoảng 50.000 lượt khách, trong đó nhiều người nước ngoài, góp phần quảng bá hình ảnh hồ Tây và làng nghề ướp trà sen Quảng An."

/* An HTML5 article: header with <time>, a list in the body, a byline with
 * "Tác giả:", tags in the article's footer, a sidebar of teasers with their
 * own <time>s. */
static const char page_html5[] =
	"<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
	"<title>Lễ hội hoa sen Tây Hồ mở cửa miễn phí | Trang tin Tây Hồ</title>"
	"<meta name=\"author\" content=\"Trang tin Tây Hồ\"></head><body><div id=\"wrapper\">"
	"<div class=\"header\"><div class=\"logo\"><a href=\"/\">Trang tin Tây Hồ</a></div>"
	"<ul class=\"menu\"><li><a href=\"/\">Trang chủ</a></li><li><a href=\"/le-hoi\">Lễ hội</a></li>"
	"<li><a href=\"/du-lich\">Du lịch</a></li></ul></div>"
	"<div class=\"main-content\"><article class=\"post\"><header>"
	"<h1 class=\"entry-title\">Lễ hội hoa sen Tây Hồ mở cửa miễn phí</h1>"
	"<p class=\"entry-meta\">Đăng lúc <time datetime=\"2019-07-12T08:15:00+07:00\">08:15 "
	"12/07/2019</time></p></header>"
	"<div class=\"entry-content\"><p>" L1 "</p><p>" L2 "</p><ul><li>" LI1 "</li><li>" LI2
	"</li></ul><p>" L3 "</p><p>" L4 "</p><p class=\"author\">Tác giả: Nguyễn Thu Hà</p></div>"
	"<footer class=\"entry-footer\"><span class=\"tags-links\">Thẻ: <a href=\"/t/le-hoi\">lễ "
	"hội</a>, <a href=\"/t/ho-tay\">hồ Tây</a></span></footer></article>"
	"<div class=\"sidebar\"><div class=\"widget\"><h3>Bài mới</h3><ul>"
	"<li><a href=\"/b1\">Phố đi bộ Trịnh Công Sơn kéo dài giờ hoạt động dịp hè</a> "
	"<time datetime=\"2020-01-01\">01/01/2020</time></li>"
	"<li><a href=\"/b2\">Làng hoa Nhật Tân vào mùa đào Tết, người dân tất bật</a> "
	"<time datetime=\"2020-01-02\">02/01/2020</time></li></ul></div></div></div>"
	"<div class=\"site-footer\">© 2019 Trang tin Tây Hồ. Mọi quyền được bảo lưu.</div>"
	"</div></body></html>";

/* An older table site: title in <font><b>, a bold lead without a class, a
 * date cell, text split by <br><br>, a right-aligned byline, "Các tin đã
 * đưa" with dates, a poll box in the left column. */
static const char page_table[] =
	"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">"
	"<title>Quận Mẫu ra quân làm sạch môi trường - Sở Tài nguyên và Môi trường</title></head>"
	"<body><table width=\"980\"><tr><td colspan=\"3\" class=\"menu\"><a href=\"/\">TRANG CHỦ</a> | "
	"<a href=\"/tt\">TIN TỨC</a> | <a href=\"/tb\">THÔNG BÁO</a></td></tr><tr><td width=\"180\">"
	"<table><tr><td class=\"boxtitle\"><b>THĂM DÒ Ý KIẾN</b></td></tr><tr><td>Bạn đánh giá thế "
	"nào về trang thông tin này?<br><input type=\"radio\">Rất tốt<br><input type=\"radio\">Tốt"
	"</td></tr></table></td><td width=\"600\" valign=\"top\"><table>"
	"<tr><td><font size=\"4\"><b>Quận Mẫu ra quân làm sạch môi trường</b></font></td></tr>"
	"<tr><td><i>(Cập nhật: 09/06/2020 - 17:30)</i></td></tr>"
	"<tr><td><b><i>" P1 "</i></b></td></tr>"
	"<tr><td><font face=\"Arial\">" P2 "<br><br>" P3 "<br><br>" P4 "<br><br>" P5 "</font></td></tr>"
	"<tr><td align=\"right\"><b>Minh Anh</b></td></tr></table>"
	"<table><tr><td><b>Các tin đã đưa:</b></td></tr>"
	"<tr><td><a href=\"/t/1.htm\">Phường Mẫu tổ chức hội nghị đối thoại với nhân dân năm 2020</a> (08/06/2020)</td></tr>"
	"<tr><td><a href=\"/t/2.htm\">Quận Mẫu triển khai công tác phòng chống dịch bệnh mùa hè</a> (05/06/2020)</td></tr>"
	"</table></td></tr><tr><td colspan=\"3\">Bản quyền thuộc Sở Tài nguyên và Môi trường. Thiết kế "
	"bởi Công ty Mẫu.</td></tr></table></body></html>";

#define TEASER(n)                                                                               \
	"<div class=\"item-news\"><h3 class=\"title-news\"><a href=\"/tin-" #n ".html\">Tin số " #n \
	": Hà Nội đẩy nhanh tiến độ các công trình trọng điểm trong năm nay</a></h3>"           \
	"<p class=\"lead\">Thành phố yêu cầu các chủ đầu tư tập trung nhân lực, máy móc, bảo đảm " \
	"chất lượng, an toàn lao động và vệ sinh môi trường, hoàn thành đúng hẹn.</p></div>"

/* A front page: many teasers, each a headline link and a lead. */
static const char page_front[] =
	"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Báo Mẫu - Tin tức 24h</title>"
	"<meta property=\"og:type\" content=\"website\"></head><body>" MENU
	"<div class=\"home-news\">" TEASER(1) TEASER(2) TEASER(3) TEASER(4) TEASER(5) TEASER(6)
		TEASER(7) TEASER(8) TEASER(9) TEASER(10) TEASER(11) TEASER(12) "</div>" FOOTER
	"</body></html>";

/* A section page without any metadata, the teasers in a table. */
static const char page_section[] =
	"<html><head><title>Tin tức - Sự kiện</title></head><body>" MENU "<table><tr><td>" TEASER(1)
		TEASER(2) TEASER(3) TEASER(4) "</td><td>" TEASER(5) TEASER(6) TEASER(7) TEASER(8)
	"</td></tr></table>" FOOTER "</body></html>";

typedef struct page_row {
	const char *name;
	const char *html;
	const char *title, *date, *summary, *author; /* NULL: not checked */
	const char *in_body[10];
	const char *not_in_body[12];
	int not_article; /* want tc_extracted_is_article false */
} page_row;

static const page_row page_rows[] = {
	{"government portal (tables, ASP.NET form)", page_gov, "Quận Mẫu ra quân làm sạch môi trường",
	 "2020-06-09", NULL, "Minh Anh", {P1, P2, P3, P4, P5},
	 {"Trang chủ", "Chuyên mục", "Tin các phường", "Các tin khác", "Phường Mẫu tổ chức",
	  "Cơ quan chủ quản", "Minh Anh", "Ngày 09 tháng 6", "VIEWSTATE"},
	 0},
	{"news page (JSON-LD, comments, related)", page_news,
	 "Hà Nội thí điểm xe buýt điện trên 5 tuyến nội đô", "2021-03-06",
	 "Từ tháng 4, năm tuyến xe buýt nội đô sẽ dùng xe điện hoàn toàn, giá vé giữ nguyên.",
	 "Trần Văn Bình", {B1, B2, CAPTION, B3, B4, B5},
	 {"Trang chủ", "Chia sẻ", "Xem thêm", "300 xe", "Tin liên quan", "BRT", "Từ khóa", "Đọc nhiều",
	  "rồi thôi", "Bình luận", "Cơ quan chủ quản", "Từ tháng 4, năm tuyến"},
	 0},
	{"HTML5 article (time, list, byline)", page_html5, "Lễ hội hoa sen Tây Hồ mở cửa miễn phí",
	 "2019-07-12", NULL, "Nguyễn Thu Hà", {L1, L2, LI1, LI2, L3, L4},
	 {"Trang chủ", "Đăng lúc", "Tác giả", "Thẻ:", "Bài mới", "Trịnh Công Sơn", "©"},
	 0},
	{"table site (bold lead, br text, no classes)", page_table, "Quận Mẫu ra quân làm sạch môi trường",
	 "2020-06-09", P1, "Minh Anh", {P2, P3, P4, P5},
	 {"TRANG CHỦ", "THĂM DÒ", "Rất tốt", "Cập nhật", "Sáng 9/6", "Minh Anh", "Các tin đã đưa",
	  "Phường Mẫu", "Bản quyền"},
	 0},
	{"front page", page_front, NULL, NULL, NULL, NULL, {NULL}, {NULL}, 1},
	{"section page without metadata", page_section, NULL, NULL, NULL, NULL, {NULL}, {NULL}, 1},
};

static void check_page(int *nfail, const char *name, const tc_extracted *x, const page_row *row)
{
	const char *body = field(&x->body);
	if (row->title && strcmp(field(&x->title), row->title))
		ROW_FAIL(*nfail, name, "title \"%s\", want \"%s\"", field(&x->title), row->title);
	if (row->date && strcmp(field(&x->date), row->date))
		ROW_FAIL(*nfail, name, "date \"%s\", want \"%s\"", field(&x->date), row->date);
	if (row->summary && strcmp(field(&x->summary), row->summary))
		ROW_FAIL(*nfail, name, "summary \"%s\"", field(&x->summary));
	if (row->author && strcmp(field(&x->author), row->author))
		ROW_FAIL(*nfail, name, "author \"%s\", want \"%s\"", field(&x->author), row->author);
	const char *prev = body;
	for (size_t i = 0; i < N_ROWS(row->in_body) && row->in_body[i]; i++) {
		const char *at = strstr(body, row->in_body[i]);
		if (!at)
			ROW_FAIL(*nfail, name, "body lacks \"%.40s...\"", row->in_body[i]);
		else if (at < prev)
			ROW_FAIL(*nfail, name, "body out of order at \"%.40s...\"", row->in_body[i]);
		else
			prev = at;
	}
	for (size_t i = 0; i < N_ROWS(row->not_in_body) && row->not_in_body[i]; i++)
		if (strstr(body, row->not_in_body[i]))
			ROW_FAIL(*nfail, name, "body has \"%s\"", row->not_in_body[i]);
	int article = tc_extracted_is_article(x);
	if (article == row->not_article)
		ROW_FAIL(*nfail, name, "%s an article (title %zu bytes, body %zu bytes)",
			 row->not_article ? "is" : "is not", x->title.len, x->body.len);
	if (x->body.len && x->body.data[x->body.len - 1] == '\n')
		ROW_FAIL(*nfail, name, "body ends with a newline");
}

static void test_page_templates(void **state)
{
	(void)state;
	int nfail = 0;
	for (size_t i = 0; i < N_ROWS(page_rows); i++) {
		const page_row *row = &page_rows[i];
		tc_extracted x;
		tc_status st = extract(row->html, strlen(row->html), NULL, NULL, &x);
		if (st != TC_OK)
			ROW_FAIL(nfail, row->name, "status %d", st);
		else
			check_page(&nfail, row->name, &x, row);
		tc_extracted_release(&x);
	}
	ROWS_DONE(nfail, N_ROWS(page_rows));
}

/* ---- dates in pages ------------------------------------------------------------------ */

#define DATE_PAGE(head, near_title, aside)                                                  \
	"<html><head><meta charset=\"utf-8\"><title>Quận Mẫu ra quân làm sạch môi trường - "  \
	"Tin Mẫu</title>" head "</head><body>" MENU "<div class=\"detail\">"                  \
	"<h1>Quận Mẫu ra quân làm sạch môi trường</h1>" near_title "<div class=\"content\"><p>" \
	P2 "</p><p>" P3 "</p><p>" P4 "</p></div></div><div class=\"sidebar\">" aside "</div>"  \
	FOOTER "</body></html>"

#define OTHER_NEWS(date)                                                                    \
	"<ul class=\"list-news\"><li><a href=\"/o1\">Phường Mẫu đối thoại với nhân dân</a> "  \
	"<span class=\"date\">" date "</span></li></ul>"

typedef struct page_date_row {
	const char *name;
	const char *html;
	const char *want; /* "" : no date */
} page_date_row;

static const page_date_row page_date_rows[] = {
	{"Thứ Ba, dd/mm/yyyy hh:mm in span.time",
	 DATE_PAGE("", "<span class=\"time\">Thứ Ba, 09/06/2020 17:30</span>", ""), "2020-06-09"},
	{"dd/mm/yyyy - hh:mm in div.date-time",
	 DATE_PAGE("", "<div class=\"date-time\">09/06/2020 - 17:30</div>", ""), "2020-06-09"},
	{"d/m/yyyy in p.ngay", DATE_PAGE("", "<p class=\"ngay\">9/6/2020</p>", ""), "2020-06-09"},
	{"Ngày dd tháng m năm yyyy", DATE_PAGE("", "<div class=\"thoigian\">Ngày 09 tháng 6 năm 2020</div>", ""),
	 "2020-06-09"},
	{"date line above the title",
	 "<html><body>" MENU "<div class=\"detail\"><div>Thứ Ba, 09/06/2020</div><h1>Quận Mẫu ra quân "
	 "làm sạch môi trường</h1><p>" P2 "</p><p>" P3 "</p></div></body></html>",
	 "2020-06-09"},
	{"plain text after the title", DATE_PAGE("", "<div>Cập nhật lúc 17:30, 09/06/2020</div>", ""),
	 "2020-06-09"},
	{"section link and date in one line",
	 DATE_PAGE("", "<div class=\"article-meta\"><a href=\"/kd/\">Kinh doanh</a> 09/06/2020 - 17:30</div>", ""),
	 "2020-06-09"},
	{"the nearest date element wins over a teaser's",
	 DATE_PAGE("", "<span class=\"date\">09/06/2020</span>", OTHER_NEWS("01/01/2019")), "2020-06-09"},
	{"Chiều 9/6, the year from the page's other dates",
	 DATE_PAGE("", "<span class=\"date\">Chiều 9/6</span>", OTHER_NEWS("08/06/2020")), "2020-06-09"},
	{"Sáng 9/6 opening the lead, the year from the URL",
	 DATE_PAGE("<link rel=\"canonical\" href=\"https://tin.example.vn/2020/06/10/quan-mau.html\">"
		   "<meta property=\"og:description\" content=\"" P1 "\">",
		   "", ""),
	 "2020-06-09"},
	{"Chiều 9/6 and no other date: no date",
	 DATE_PAGE("", "<span class=\"date\">Chiều 9/6</span>", ""), ""},
	{"impossible date rejected", DATE_PAGE("", "<span class=\"date\">31/02/2020</span>", ""), ""},
	{"future date rejected", DATE_PAGE("", "<span class=\"date\">09/06/2099</span>", ""), ""},
	{"month first when day first is impossible",
	 DATE_PAGE("", "<span class=\"date\">09/13/2020</span>", ""), "2020-09-13"},
	{"English month name", DATE_PAGE("", "<span class=\"date\">June 9, 2020</span>", ""),
	 "2020-06-09"},
	{"<time datetime>", DATE_PAGE("", "<time datetime=\"2020-06-09T17:30:00+07:00\">hôm nay</time>", ""),
	 "2020-06-09"},
	{"itemprop=datePublished meta",
	 DATE_PAGE("", "<meta itemprop=\"datePublished\" content=\"2020-06-09T17:30:00+07:00\">", ""),
	 "2020-06-09"},
	{"itemprop=datePublished text",
	 DATE_PAGE("", "<span itemprop=\"datePublished\">09/06/2020</span>", ""), "2020-06-09"},
	{"article:published_time before JSON-LD and text",
	 DATE_PAGE("<meta property=\"article:published_time\" content=\"2020-06-09T10:30:00+07:00\">"
		   "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"datePublished\":"
		   "\"2019-01-01T10:00:00+07:00\"}</script>",
		   "<span class=\"date\">01/01/2018</span>", ""),
	 "2020-06-09"},
	{"JSON-LD before text",
	 DATE_PAGE("<script type=\"application/ld+json\">[{\"@type\":\"BreadcrumbList\"},{\"@type\":"
		   "[\"NewsArticle\"],\"datePublished\":\"2020-06-09T10:00:00+07:00\"}]</script>",
		   "<span class=\"date\">01/01/2018</span>", ""),
	 "2020-06-09"},
	{"broken JSON-LD is ignored",
	 DATE_PAGE("<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"datePublished\":"
		   "</script>",
		   "<span class=\"date\">09/06/2020</span>", ""),
	 "2020-06-09"},
	{"meta pubdate", DATE_PAGE("<meta name=\"pubdate\" content=\"2020-06-09\">", "", ""), "2020-06-09"},
	{"a date in the URL, last", DATE_PAGE("<meta property=\"og:url\" content=\"https://tin.example.vn/"
					       "2020/06/09/quan-mau-ra-quan.html\">",
					       "", ""),
	 "2020-06-09"},
};

static void test_page_dates(void **state)
{
	(void)state;
	int nfail = 0;
	for (size_t i = 0; i < N_ROWS(page_date_rows); i++) {
		const page_date_row *row = &page_date_rows[i];
		tc_extracted x;
		tc_status st = extract(row->html, strlen(row->html), NULL, NULL, &x);
		if (st != TC_OK)
			ROW_FAIL(nfail, row->name, "status %d", st);
		else if (strcmp(field(&x.date), row->want))
			ROW_FAIL(nfail, row->name, "date \"%s\", want \"%s\"", field(&x.date), row->want);
		tc_extracted_release(&x);
	}
	ROWS_DONE(nfail, N_ROWS(page_date_rows));
}

/* ---- titles ---------------------------------------------------------------------------- */

typedef struct title_row {
	const char *name;
	const char *head, *h1;
	const char *want;
} title_row;

static const title_row title_rows[] = {
	{"og:title first", "<meta property=\"og:title\" content=\"Tiêu đề từ Open Graph\"><title>Khác - Báo X</title>",
	 "Tiêu đề trong thẻ h1 của trang", "Tiêu đề từ Open Graph"},
	{"h1 without og:title", "<title>Tiêu đề trang - Báo Mẫu</title>", "Tiêu đề trong thẻ h1 của trang",
	 "Tiêu đề trong thẻ h1 của trang"},
	{"<title> minus \" - Báo X\"", "<title>Hà Nội mở rộng phố đi bộ - Báo Kinh tế Mẫu</title>", "",
	 "Hà Nội mở rộng phố đi bộ"},
	{"<title> minus \" | Cổng TTĐT ...\"", "<title>Hà Nội mở rộng phố đi bộ | Cổng TTĐT Hà Nội</title>",
	 "", "Hà Nội mở rộng phố đi bộ"},
	{"<title> minus the og:site_name",
	 "<meta property=\"og:site_name\" content=\"Hà Nội Mới\"><title>Hà Nội mở rộng phố đi bộ – Hà Nội Mới</title>",
	 "", "Hà Nội mở rộng phố đi bộ"},
	{"<title> minus a host name", "<title>Hà Nội mở rộng phố đi bộ | baomau.vn</title>", "",
	 "Hà Nội mở rộng phố đi bộ"},
	{"site name first", "<title>Cổng thông tin điện tử Quận Mẫu | Hà Nội mở rộng phố đi bộ</title>", "",
	 "Hà Nội mở rộng phố đi bộ"},
	{"a dash inside the headline stays", "<title>Hà Nội - Điểm đến an toàn, thân thiện</title>", "",
	 "Hà Nội - Điểm đến an toàn, thân thiện"},
	{"og:title that is the site name gives way to h1",
	 "<meta property=\"og:site_name\" content=\"Báo Mẫu\"><meta property=\"og:title\" content=\"Báo Mẫu\">",
	 "Tiêu đề trong thẻ h1 của trang", "Tiêu đề trong thẻ h1 của trang"},
	{"site name in og:title stripped",
	 "<meta property=\"og:title\" content=\"Hà Nội mở rộng phố đi bộ - Báo Mẫu\">", "",
	 "Hà Nội mở rộng phố đi bộ"},
	{"entities and spaces", "<title>  Hà&nbsp;Nội &amp; TP.HCM\n ký kết hợp tác - Báo Mẫu</title>", "",
	 "Hà Nội & TP.HCM ký kết hợp tác"},
};

static void test_titles(void **state)
{
	(void)state;
	int nfail = 0;
	for (size_t i = 0; i < N_ROWS(title_rows); i++) {
		const title_row *row = &title_rows[i];
		char page[4096];
		snprintf(page, sizeof page,
			 "<html><head><meta charset=\"utf-8\">%s</head><body>%s%s%s<div><p>%s</p><p>%s</p></div>"
			 "</body></html>",
			 row->head, *row->h1 ? "<h1>" : "", row->h1, *row->h1 ? "</h1>" : "", P2, P3);
		tc_extracted x;
		tc_status st = extract(page, strlen(page), NULL, NULL, &x);
		if (st != TC_OK)
			ROW_FAIL(nfail, row->name, "status %d", st);
		else if (strcmp(field(&x.title), row->want))
			ROW_FAIL(nfail, row->name, "title \"%s\", want \"%s\"", field(&x.title), row->want);
		tc_extracted_release(&x);
	}
	ROWS_DONE(nfail, N_ROWS(title_rows));
}

/* ---- hints ----------------------------------------------------------------------------------- */

#define H1 "Ủy ban nhân dân thành phố vừa phê duyệt quy hoạch chi tiết khu đô thị mới phía Tây, diện tích hơn 200 ha, gồm nhà ở, trường học, bệnh viện và công viên."
#define H2 "Quy hoạch dành 30% diện tích cho cây xanh, mặt nước và giao thông công cộng, hạn chế nhà cao tầng ở khu vực giáp sông."
#define OTHER                                                                                      \
	"Trong tuần, thành phố cũng tổ chức nhiều hội nghị, hội thảo, làm việc với các sở, ngành, " \
	"quận, huyện, doanh nghiệp, hiệp hội, chuyên gia trong và ngoài nước, bàn giải pháp thúc "  \
	"đẩy tăng trưởng, cải thiện môi trường đầu tư, kinh doanh, phát triển hạ tầng, đô thị."

static const char page_hinted[] =
	"<html><head><meta charset=\"utf-8\"><title>Cổng thông tin Mẫu</title>"
	"<meta property=\"og:title\" content=\"Cổng thông tin Mẫu\"></head><body>" MENU
	"<div class=\"khung\"><div class=\"tieu-de\">Công bố quy hoạch chi tiết khu đô thị mới phía "
	"Tây</div><span class=\"ngay-dang\">Cập nhật: 15/08/2022</span>"
	"<div id=\"noi-dung\"><p>" H1 "</p><p>" H2 "</p></div>"
	"<div id=\"khac\"><p>" OTHER "</p><p>" OTHER "</p><p>" OTHER "</p></div></div></body></html>";

typedef struct hint_row {
	const char *name;
	tc_extract_hints hints;
	const char *title, *date, *body; /* NULL: the result without hints */
} hint_row;

static const hint_row hint_rows[] = {
	{"all three hints",
	 {"//div[@class='tieu-de']", "//span[@class='ngay-dang']", "//div[@id='noi-dung']", 0},
	 "Công bố quy hoạch chi tiết khu đô thị mới phía Tây", "2022-08-15", H1 "\n" H2},
	{"string() results",
	 {"string(//div[@class='tieu-de'])", "string(//span[@class='ngay-dang'])", NULL, 0},
	 "Công bố quy hoạch chi tiết khu đô thị mới phía Tây", "2022-08-15", NULL},
	{"body from several nodes", {NULL, NULL, "//div[@id='noi-dung']/p", 0}, NULL, NULL, H1 "\n" H2},
	{"hints that select nothing", {"//h6", "//time", "//article", 0}, NULL, NULL, NULL},
	{"invalid XPath is ignored", {"//div[", "///", "]]", 0}, NULL, NULL, NULL},
	{"NULL hints", {NULL, NULL, NULL, 0}, NULL, NULL, NULL},
};

static void test_hints(void **state)
{
	(void)state;
	tc_extracted plain;
	assert_int_equal(extract(page_hinted, strlen(page_hinted), NULL, NULL, &plain), TC_OK);
	/* the generic choice takes the other block too */
	assert_non_null(strstr(field(&plain.body), OTHER));
	int nfail = 0;
	for (size_t i = 0; i < N_ROWS(hint_rows); i++) {
		const hint_row *row = &hint_rows[i];
		tc_extracted x;
		tc_status st = extract(page_hinted, strlen(page_hinted), NULL, &row->hints, &x);
		const char *want_title = row->title ? row->title : field(&plain.title);
		const char *want_date = row->date ? row->date : field(&plain.date);
		const char *want_body = row->body ? row->body : field(&plain.body);
		if (st != TC_OK)
			ROW_FAIL(nfail, row->name, "status %d", st);
		else if (strcmp(field(&x.title), want_title))
			ROW_FAIL(nfail, row->name, "title \"%s\", want \"%s\"", field(&x.title), want_title);
		else if (strcmp(field(&x.date), want_date))
			ROW_FAIL(nfail, row->name, "date \"%s\", want \"%s\"", field(&x.date), want_date);
		else if (strcmp(field(&x.body), want_body))
			ROW_FAIL(nfail, row->name, "body \"%.80s...\"", field(&x.body));
		tc_extracted_release(&x);
	}
	tc_extracted_release(&plain);
	ROWS_DONE(nfail, N_ROWS(hint_rows));
}

/* The old entry points still work and agree with the hinted one. */
static void test_entry_points(void **state)
{
	(void)state;
	tc_extracted a, b, c;
	tc_extracted_init(&a);
	tc_extracted_init(&b);
	assert_int_equal(tc_extract_html(page_news, strlen(page_news), &a), TC_OK);
	assert_int_equal(tc_extract_html_charset(page_news, strlen(page_news), "utf-8", &b), TC_OK);
	assert_int_equal(extract(page_news, strlen(page_news), NULL, NULL, &c), TC_OK);
	assert_string_equal(field(&a.body), field(&c.body));
	assert_string_equal(field(&b.body), field(&c.body));
	assert_string_equal(field(&a.title), field(&c.title));
	assert_string_equal(field(&a.url), "https://baomau.example.vn/giao-thong/xe-buyt-dien-123456.html");
	assert_string_equal(field(&a.source), "Báo Mẫu");
	tc_extracted_release(&a);
	tc_extracted_release(&b);
	tc_extracted_release(&c);

	/* nothing to parse */
	tc_extracted x;
	assert_int_equal(extract("", 0, NULL, NULL, &x), TC_ERR_INVALID);
	tc_extracted_release(&x);
	/* text without markup is a page too */
	assert_int_equal(extract("chỉ có chữ", strlen("chỉ có chữ"), NULL, NULL, &x), TC_OK);
	tc_extracted_release(&x);
}

/* ---- article or not ------------------------------------------------------------------------- */

/* Short articles as government sites publish them (a video's caption, a
 * one-sentence notice, a results announcement that links a spreadsheet),
 * and short pages that are no articles (a tag page, a search page, a
 * section with few links).  Each article signal is tried alone. */

#define S_TITLE "Trường Mẫu công bố kết quả tuyển sinh lớp 10 năm học 2024-2025"
#define S_NOTICE "Ủy ban nhân dân phường Mẫu thông báo lịch tiếp công dân tháng 3 năm 2024."
#define S_CAPTION "Toàn cảnh lễ khởi công cầu vượt nút giao phía Tây sáng nay."
#define S_XLSX                                                                            \
	"Nhà trường thông báo kết quả tuyển sinh, chi tiết xem tại tệp đính kèm: "        \
	"<a href=\"/files/ket-qua.xlsx\">ket-qua.xlsx</a>"
#define S_SIDE                                                                            \
	"<div class=\"sidebar\"><h3>Tin mới</h3><ul><li><a href=\"/t1\">Phường Mẫu tổ chức hội " \
	"nghị đối thoại với nhân dân</a> (08/03/2024)</li><li><a href=\"/t2\">Quận Mẫu triển " \
	"khai công tác phòng chống dịch bệnh mùa hè</a> (05/03/2024)</li></ul></div>"
#define S_PAGE(head, main)                                                                \
	"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" S_TITLE " - Cổng TTĐT "    \
	"Quận Mẫu</title>" head "</head><body>" MENU main S_SIDE FOOTER "</body></html>"
#define S_LD(type)                                                                         \
	"<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":\"" \
	type "\",\"headline\":\"" S_TITLE "\"}</script>"
#define LONG_LINK(n) "<li><a href=\"/dv/" #n "\">Thủ tục hành chính lĩnh vực đất đai số " #n "</a></li>"
#define LONG_LINKS5(a) LONG_LINK(a##1) LONG_LINK(a##2) LONG_LINK(a##3) LONG_LINK(a##4) LONG_LINK(a##5)
/* A portal's left column of 25 long links: on a short page, the look of a front page. */
#define S_LINKS                                                                            \
	"<div class=\"box-left\"><ul>" LONG_LINKS5(1) LONG_LINKS5(2) LONG_LINKS5(3)             \
		LONG_LINKS5(4) LONG_LINKS5(5) "</ul></div>"
#define S_TEASER(n, date)                                                                  \
	"<div class=\"item\"><h3><a href=\"/tin/" #n "\">Thông báo số " #n " về việc tuyển "  \
	"dụng viên chức năm 2024</a></h3><span class=\"date\">" date "</span></div>"

typedef struct kind_row {
	const char *name;
	const char *html;
	int article_url;      /* the hints say the URL matches the article patterns */
	tc_page_kind page;
	unsigned signals;     /* exactly these */
	int is_article;       /* tc_extracted_is_article */
	const char *in_text;  /* NULL, or in the body or the summary */
} kind_row;

#define ALL_SIGNALS (TC_SIGNAL_JSONLD | TC_SIGNAL_OG | TC_SIGNAL_DATED_HEADLINE | TC_SIGNAL_URL)

static const kind_row kind_rows[] = {
	/* short articles */
	{"video caption, JSON-LD NewsArticle only",
	 S_PAGE(S_LD("NewsArticle"), "<div class=\"detail\"><h1>" S_TITLE "</h1><video src=\"v.mp4\">"
	        "</video><p class=\"caption\">" S_CAPTION "</p></div>"),
	 0, TC_PAGE_ARTICLE, TC_SIGNAL_JSONLD, 1, S_CAPTION},
	{"one-sentence notice, dated headline only",
	 S_PAGE("", "<div class=\"detail\"><h1>" S_TITLE "</h1><div class=\"date\">Thứ Hai, "
	        "11/03/2024 08:00</div><p>" S_NOTICE "</p></div>"),
	 0, TC_PAGE_ARTICLE, TC_SIGNAL_DATED_HEADLINE, 1, S_NOTICE},
	{"announcement linking a .xlsx, og:type article only",
	 S_PAGE("<meta property=\"og:type\" content=\"article\">",
	        "<div class=\"detail\"><h1>" S_TITLE "</h1><p>" S_XLSX "</p></div>"),
	 0, TC_PAGE_ARTICLE, TC_SIGNAL_OG, 1, "tệp đính kèm"},
	{"article:published_time only",
	 S_PAGE("<meta property=\"article:published_time\" content=\"2024-03-11T08:00:00+07:00\">",
	        "<div class=\"detail\"><h1>" S_TITLE "</h1><p>" S_NOTICE "</p></div>"),
	 0, TC_PAGE_ARTICLE, TC_SIGNAL_OG, 1, S_NOTICE},
	{"JSON-LD Article in an @graph beside its WebPage",
	 S_PAGE("<script type=\"application/ld+json\">{\"@graph\":[{\"@type\":\"WebPage\"},"
	        "{\"@type\":\"ReportageNewsArticle\",\"headline\":\"" S_TITLE "\"}]}</script>",
	        "<div class=\"detail\"><h1>" S_TITLE "</h1><p>" S_NOTICE "</p></div>"),
	 0, TC_PAGE_ARTICLE, TC_SIGNAL_JSONLD, 1, S_NOTICE},
	{"date line above the headline, section link beside it",
	 S_PAGE("", "<div class=\"detail\"><div class=\"meta\"><a href=\"/gd/\">Giáo dục</a> "
	        "11/03/2024 - 08:00</div><h1>" S_TITLE "</h1><p>" S_NOTICE "</p></div>"),
	 0, TC_PAGE_ARTICLE, TC_SIGNAL_DATED_HEADLINE, 1, S_NOTICE},
	/* the title's line has more text than the one sentence of body */
	{"table site, no h1: the title's line with its date under it",
	 "<html><head><meta charset=\"utf-8\"><title>" S_TITLE " - Sở Giáo dục</title></head><body>"
	 "<table><tr><td class=\"menu\"><a href=\"/\">TRANG CHỦ</a> | <a href=\"/tb\">THÔNG BÁO</a>"
	 "</td></tr><tr><td><font size=\"4\"><b>" S_TITLE "</b></font></td></tr><tr><td><i>(Cập "
	 "nhật: 11/03/2024 - 08:00)</i></td></tr><tr><td>" S_CAPTION "</td></tr></table></body></html>",
	 0, TC_PAGE_ARTICLE, TC_SIGNAL_DATED_HEADLINE, 1, S_CAPTION},
	{"caption in the sapo alone, og:type article",
	 S_PAGE("<meta property=\"og:type\" content=\"article\">",
	        "<div class=\"detail\"><h1>" S_TITLE "</h1><div class=\"sapo\">" S_CAPTION
	        " Ảnh: Minh Anh</div><video src=\"v.mp4\"></video></div>"),
	 0, TC_PAGE_ARTICLE, TC_SIGNAL_OG, 1, S_CAPTION},
	{"short page in a shell of many links at an article URL",
	 S_PAGE("", S_LINKS "<div class=\"detail\"><h1>" S_TITLE "</h1><p>" S_NOTICE "</p></div>"),
	 1, TC_PAGE_ARTICLE, TC_SIGNAL_URL, 1, S_NOTICE},
	{"the same page anywhere else: no article",
	 S_PAGE("", S_LINKS "<div class=\"detail\"><h1>" S_TITLE "</h1><p>" S_NOTICE "</p></div>"),
	 0, TC_PAGE_LISTING, 0, 0, NULL},
	{"dated headline in the same shell: still an article",
	 S_PAGE("", S_LINKS "<div class=\"detail\"><h1>" S_TITLE "</h1><div class=\"date\">"
	        "11/03/2024</div><p>" S_NOTICE "</p></div>"),
	 0, TC_PAGE_ARTICLE, TC_SIGNAL_DATED_HEADLINE, 1, S_NOTICE},
	{"long article with every signal", page_news, 1, TC_PAGE_ARTICLE, ALL_SIGNALS, 1, B1},
	{"table portal: dated title line", page_gov, 0, TC_PAGE_ARTICLE, TC_SIGNAL_DATED_HEADLINE, 1, P1},
	{"HTML5 article: <time> under the h1", page_html5, 0, TC_PAGE_ARTICLE,
	 TC_SIGNAL_DATED_HEADLINE, 1, L1},
	/* short pages that are no articles */
	{"tag page with two teasers",
	 S_PAGE("", "<div class=\"list\"><h1>Từ khóa: tuyển dụng viên chức</h1>"
	        S_TEASER(1, "11/03/2024") S_TEASER(2, "08/03/2024") "</div>"),
	 0, TC_PAGE_UNKNOWN, 0, 0, NULL},
	{"search page without results",
	 S_PAGE("<meta property=\"og:type\" content=\"website\">",
	        "<div class=\"search-page\"><h1>Kết quả tìm kiếm: lịch tiếp công dân</h1><p>Không "
	        "tìm thấy kết quả nào phù hợp với từ khóa bạn nhập, hãy thử lại với từ khóa khác."
	        "</p></div>"),
	 0, TC_PAGE_UNKNOWN, 0, 0, NULL},
	{"section with three links, each date before its link",
	 S_PAGE("", "<div class=\"cat\"><h1>Thông báo - Tuyển dụng</h1><p>Các thông báo của Ủy "
	        "ban nhân dân quận Mẫu về công tác tuyển dụng.</p><div class=\"items\">"
	        "<div><span>11/03/2024</span> <a href=\"/a1\">Thông báo tuyển dụng viên chức giáo "
	        "dục năm 2024</a></div><div><span>08/03/2024</span> <a href=\"/a2\">Thông báo kết "
	        "quả xét tuyển công chức cấp xã</a></div><div><span>01/03/2024</span> <a href=\"/a3\">"
	        "Thông báo lịch thi tuyển viên chức y tế</a></div></div></div>"),
	 0, TC_PAGE_UNKNOWN, 0, 0, NULL},
	{"section with a table of dates and links",
	 S_PAGE("", "<div class=\"cat\"><h1>Văn bản chỉ đạo điều hành</h1><table><tr><td>"
	        "11/03/2024</td><td><a href=\"/v1\">Công văn về việc tăng cường phòng chống cháy nổ"
	        "</a></td></tr><tr><td>08/03/2024</td><td><a href=\"/v2\">Kế hoạch cải cách hành "
	        "chính năm 2024 của quận</a></td></tr></table></div>"),
	 0, TC_PAGE_UNKNOWN, 0, 0, NULL},
	{"section: a featured teaser, its date after its headline link",
	 S_PAGE("", "<div class=\"cat\"><h1>Tin hoạt động của quận</h1><div class=\"featured\">"
	        "<h2><a href=\"/f1\">" S_TITLE "</a></h2><span class=\"date\">11/03/2024</span><p>"
	        S_NOTICE "</p></div></div>"),
	 0, TC_PAGE_UNKNOWN, 0, 0, NULL},
	{"section page with JSON-LD items that are NewsArticles",
	 S_PAGE("<meta property=\"og:type\" content=\"website\"><script type=\"application/ld+json\">"
	        "{\"@type\":\"CollectionPage\",\"mainEntity\":{\"@type\":\"ItemList\","
	        "\"itemListElement\":[{\"@type\":\"ListItem\",\"item\":{\"@type\":\"NewsArticle\","
	        "\"headline\":\"Tin 1\"}}]}}</script><script type=\"application/ld+json\">{\"@type\":"
	        "\"ItemList\",\"itemListElement\":[{\"@type\":\"NewsArticle\"}]}</script>",
	        "<div class=\"cat\"><h1>Tin hoạt động của quận</h1>" S_TEASER(1, "11/03/2024")
	        S_TEASER(2, "08/03/2024") "</div>"),
	 0, TC_PAGE_UNKNOWN, 0, 0, NULL},
	{"bot challenge at an article URL",
	 "<html><head><title>Just a moment...</title></head><body><h1>Checking your browser "
	 "before accessing the site</h1><p>Please enable JavaScript and cookies to continue."
	 "</p><script>setTimeout(function(){location.reload()},5000)</script></body></html>",
	 1, TC_PAGE_STUB, TC_SIGNAL_URL, 0, NULL},
	{"front page", page_front, 0, TC_PAGE_UNKNOWN, 0, 0, NULL},
	{"front page that says og:type article",
	 "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Báo Mẫu - Tin tức 24h</title>"
	 "<meta property=\"og:type\" content=\"article\"><meta property=\"og:description\" "
	 "content=\"Tin tức mới nhất trong ngày của Báo Mẫu.\"></head><body>" MENU
	 "<div class=\"home-news\">" TEASER(1) TEASER(2) TEASER(3) TEASER(4) TEASER(5) TEASER(6)
	 TEASER(7) TEASER(8) TEASER(9) TEASER(10) TEASER(11) TEASER(12) "</div>" FOOTER
	 "</body></html>",
	 0, TC_PAGE_ARTICLE, TC_SIGNAL_OG, 0, NULL},
	{"section page without metadata", page_section, 0, TC_PAGE_UNKNOWN, 0, 0, NULL},
};

static void test_article_or_not(void **state)
{
	(void)state;
	int nfail = 0;
	for (size_t i = 0; i < N_ROWS(kind_rows); i++) {
		const kind_row *row = &kind_rows[i];
		const tc_extract_hints hints = {NULL, NULL, NULL, row->article_url};
		tc_extracted x;
		tc_status st = extract(row->html, strlen(row->html), NULL, &hints, &x);
		if (st != TC_OK) {
			ROW_FAIL(nfail, row->name, "status %d", st);
			tc_extracted_release(&x);
			continue;
		}
		if (x.page != row->page)
			ROW_FAIL(nfail, row->name, "page kind %d, want %d", x.page, row->page);
		if (x.signals != row->signals)
			ROW_FAIL(nfail, row->name, "signals 0x%x, want 0x%x", x.signals, row->signals);
		if (tc_extracted_is_article(&x) != row->is_article)
			ROW_FAIL(nfail, row->name, "%s an article (title \"%s\", body %zu bytes, summary %zu)",
				 row->is_article ? "is not" : "is", field(&x.title), x.body.len,
				 x.summary.len);
		if (row->in_text && !strstr(field(&x.body), row->in_text) &&
		    !strstr(field(&x.summary), row->in_text))
			ROW_FAIL(nfail, row->name, "text lacks \"%.40s\" (body \"%.80s\")", row->in_text,
				 field(&x.body));
		tc_extracted_release(&x);
	}
	ROWS_DONE(nfail, N_ROWS(kind_rows));
}

/* The decision alone, on fields set by hand. */
typedef struct decide_row {
	const char *name;
	tc_page_kind page;
	const char *title, *summary;
	size_t body; /* bytes of body */
	int want;
} decide_row;

static const decide_row decide_rows[] = {
	{"article, one-line body", TC_PAGE_ARTICLE, "Thông báo", "", 1, 1},
	{"article, a description alone", TC_PAGE_ARTICLE, "Thông báo", "Chú thích ảnh.", 0, 0},
	{"article without text", TC_PAGE_ARTICLE, "Thông báo", "", 0, 0},
	{"article without title", TC_PAGE_ARTICLE, "", "Chú thích ảnh.", TC_MIN_ARTICLE_BODY, 0},
	{"unknown, body one byte short", TC_PAGE_UNKNOWN, "Thông báo", "", TC_MIN_ARTICLE_BODY - 1, 0},
	{"unknown, body long enough", TC_PAGE_UNKNOWN, "Thông báo", "", TC_MIN_ARTICLE_BODY, 1},
	{"unknown, a lead alone", TC_PAGE_UNKNOWN, "Thông báo", "Chú thích ảnh.", 0, 0},
	{"listing, a lead alone", TC_PAGE_LISTING, "Tin tức", "Trang tin của quận.", 0, 0},
	{"listing, body from a hint", TC_PAGE_LISTING, "Tin tức", "", TC_MIN_ARTICLE_BODY, 1},
	{"stub", TC_PAGE_STUB, "", "", 0, 0},
};

static void test_article_decision(void **state)
{
	(void)state;
	int nfail = 0;
	char body[TC_MIN_ARTICLE_BODY + 1];
	memset(body, 'a', sizeof body);
	for (size_t i = 0; i < N_ROWS(decide_rows); i++) {
		const decide_row *row = &decide_rows[i];
		tc_extracted x;
		tc_extracted_init(&x);
		x.page = row->page;
		assert_int_equal(tc_buf_append_str(&x.title, row->title), TC_OK);
		assert_int_equal(tc_buf_append_str(&x.summary, row->summary), TC_OK);
		assert_int_equal(tc_buf_append(&x.body, body, row->body), TC_OK);
		if (tc_extracted_is_article(&x) != row->want)
			ROW_FAIL(nfail, row->name, "is_article %d, want %d", !row->want, row->want);
		tc_extracted_release(&x);
	}
	ROWS_DONE(nfail, N_ROWS(decide_rows));
}

/* ---- the real pages ------------------------------------------------------------------------ */

#define VNEXPRESS "articles/vnexpress.net-dau-bung-keo-dai-lymphoma-ruot-non"

/* Texts of the page's own furniture: nav, footer, breadcrumb and the like. */
static size_t furniture_texts(const char *html, size_t n, char out[][256], size_t max)
{
	htmlDocPtr doc = htmlReadMemory(html, (int)n, NULL, "UTF-8",
					HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
						HTML_PARSE_NONET);
	assert_non_null(doc);
	xmlXPathContextPtr c = xmlXPathNewContext(doc);
	assert_non_null(c);
	xmlXPathObjectPtr o = xmlXPathEvalExpression(
		(const xmlChar *)"//nav//a | //footer//a | //*[contains(@class,'footer')]//a | "
				 "//*[contains(@class,'breadcrumb')]//a | //*[contains(@class,'menu')]//a | "
				 "//*[contains(@class,'social')]//a",
		c);
	assert_non_null(o);
	size_t k = 0;
	for (int i = 0; o->nodesetval && i < o->nodesetval->nodeNr && k < max; i++) {
		xmlChar *t = xmlNodeGetContent(o->nodesetval->nodeTab[i]);
		if (!t)
			continue;
		const char *s = (const char *)t;
		while (*s == ' ' || *s == '\n' || *s == '\t')
			s++;
		size_t len = strlen(s);
		while (len && (s[len - 1] == ' ' || s[len - 1] == '\n' || s[len - 1] == '\t'))
			len--;
		if (len >= 6 && len < 200) {
			memcpy(out[k], s, len);
			out[k++][len] = '\0';
		}
		xmlFree(t);
	}
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(c);
	xmlFreeDoc(doc);
	return k;
}

static void test_real_vnexpress(void **state)
{
	(void)state;
	size_t n, jn;
	char *html = read_page(VNEXPRESS ".html", &n);
	char *json = read_page(VNEXPRESS ".fundus-expected.json", &jn);
	json_object *root = json_tokener_parse(json);
	assert_non_null(root);
	json_object *v1, *jtitle, *jbody, *jsections, *jauthors, *jdate;
	assert_true(json_object_object_get_ex(root, "V1", &v1));
	assert_true(json_object_object_get_ex(v1, "title", &jtitle));
	assert_true(json_object_object_get_ex(v1, "publishing_date", &jdate));
	assert_true(json_object_object_get_ex(v1, "authors", &jauthors));
	assert_true(json_object_object_get_ex(v1, "body", &jbody));
	assert_true(json_object_object_get_ex(jbody, "sections", &jsections));

	tc_extracted x;
	assert_int_equal(extract(html, n, NULL, NULL, &x), TC_OK);
	print_message("  vnexpress: title \"%s\" date %s author \"%s\", body %zu bytes\n",
		      field(&x.title), field(&x.date), field(&x.author), x.body.len);

	/* title exact, date as published (2025-10-22) */
	assert_string_equal(nfc(x.title.data, x.title.len),
			    nfc(json_object_get_string(jtitle), strlen(json_object_get_string(jtitle))));
	assert_string_equal(field(&x.date), "2025-10-22");
	/* NewsArticle JSON-LD and og:type article: an article by its own word */
	assert_int_equal(x.page, TC_PAGE_ARTICLE);
	assert_true((x.signals & (TC_SIGNAL_JSONLD | TC_SIGNAL_OG)) == (TC_SIGNAL_JSONLD | TC_SIGNAL_OG));
	assert_true(tc_extracted_is_article(&x));
	assert_int_equal(strncmp(json_object_get_string(jdate), "2025-10-22", 10), 0);
	const char *author = json_object_get_string(json_object_array_get_idx(jauthors, 0));
	assert_string_equal(nfc(x.author.data, x.author.len), nfc(author, strlen(author)));

	/* recall: expected paragraphs found in the body */
	tc_buf body;
	tc_buf_init(&body, 1 << 24);
	size_t bad;
	assert_int_equal(vn_text_clean(field(&x.body), x.body.len, &body, &bad), TC_OK);
	assert_int_equal(tc_buf_append(&body, "", 0), TC_OK);
	size_t want = 0, found = 0;
	size_t nsec = json_object_array_length(jsections);
	for (size_t s = 0; s < nsec; s++) {
		json_object *sec = json_object_array_get_idx(jsections, s), *paras;
		assert_true(json_object_object_get_ex(sec, "paragraphs", &paras));
		for (size_t i = 0; i < json_object_array_length(paras); i++) {
			const char *p = json_object_get_string(json_object_array_get_idx(paras, i));
			want++;
			if (strstr(body.data, nfc(p, strlen(p))))
				found++;
			else
				print_message("  missing paragraph: %.60s...\n", p);
		}
	}
	/* precision: body lines that are expected paragraphs */
	size_t lines = 0, good = 0;
	for (const char *l = body.data; *l;) {
		const char *e = strchr(l, '\n');
		size_t len = e ? (size_t)(e - l) : strlen(l);
		lines++;
		int ok = 0;
		for (size_t s = 0; s < nsec && !ok; s++) {
			json_object *sec = json_object_array_get_idx(jsections, s), *paras;
			assert_true(json_object_object_get_ex(sec, "paragraphs", &paras));
			for (size_t i = 0; i < json_object_array_length(paras) && !ok; i++) {
				const char *p = json_object_get_string(json_object_array_get_idx(paras, i));
				const char *q = nfc(p, strlen(p));
				ok = strlen(q) == len && !strncmp(q, l, len);
			}
		}
		if (ok)
			good++;
		else
			print_message("  unexpected line: %.60s...\n", l);
		l = e ? e + 1 : l + len;
	}
	print_message("  vnexpress: %zu of %zu expected paragraphs found, %zu of %zu body lines expected\n",
		      found, want, good, lines);
	assert_true(want > 0 && found * 10 >= want * 9);
	assert_true(lines > 0 && good * 10 >= lines * 9);

	/* none of the page's navigation, footer or share texts */
	static char furniture[2000][256];
	size_t nf = furniture_texts(html, n, furniture, 2000);
	assert_true(nf > 10);
	for (size_t i = 0; i < nf; i++) {
		if (!strstr(body.data, furniture[i]))
			continue;
		/* a menu word that the article itself uses is no leak */
		int in_expected = 0;
		for (size_t s = 0; s < nsec && !in_expected; s++) {
			json_object *sec = json_object_array_get_idx(jsections, s), *paras;
			assert_true(json_object_object_get_ex(sec, "paragraphs", &paras));
			for (size_t j = 0; j < json_object_array_length(paras) && !in_expected; j++) {
				const char *p = json_object_get_string(json_object_array_get_idx(paras, j));
				in_expected = strstr(nfc(p, strlen(p)), furniture[i]) != NULL;
			}
		}
		if (!in_expected)
			fail_msg("furniture \"%s\" in the body", furniture[i]);
	}

	tc_buf_release(&body);
	tc_extracted_release(&x);
	json_object_put(root);
	free(json);
	free(html);
}

static void test_real_not_articles(void **state)
{
	(void)state;
	static const char *const pages[] = {
		"stubs/chinhphu.vn.html", "stubs/bocongan.gov.vn.html", "stubs/bacgiang.gov.vn.html",
		"stubs/binhduong.gov.vn.html", "stubs/bhxhtphcm.gov.vn.html", "nhandan.com.vn.html",
		"kinhtedothi.vn.html"};
	int nfail = 0;
	for (size_t i = 0; i < N_ROWS(pages); i++) {
		size_t n;
		char *html = read_page(pages[i], &n);
		tc_extracted x;
		tc_status st = extract(html, n, NULL, NULL, &x);
		if (st != TC_OK && st != TC_ERR_INVALID)
			ROW_FAIL(nfail, pages[i], "status %d", st);
		else if (st == TC_OK && (tc_extracted_is_article(&x) || x.page == TC_PAGE_ARTICLE))
			ROW_FAIL(nfail, pages[i], "an article: title \"%s\", body %zu bytes, signals 0x%x",
				 field(&x.title), x.body.len, x.signals);
		tc_extracted_release(&x);

		/* the front pages stay front pages without their canonical URL */
		if (st == TC_OK && strstr(pages[i], "/") == NULL) {
			char *copy = malloc(n + 1);
			assert_non_null(copy);
			memcpy(copy, html, n + 1);
			for (char *p = copy; (p = strstr(p, "canonical")) != NULL;)
				memcpy(p, "xanonical", 9);
			for (char *p = copy; (p = strstr(p, "og:url")) != NULL;)
				memcpy(p, "og:xrl", 6);
			st = extract(copy, n, NULL, NULL, &x);
			if (st == TC_OK && (tc_extracted_is_article(&x) || x.page == TC_PAGE_ARTICLE))
				ROW_FAIL(nfail, pages[i], "without its URL: an article, body %zu bytes",
					 x.body.len);
			tc_extracted_release(&x);
			free(copy);
		}
		free(html);
	}
	ROWS_DONE(nfail, N_ROWS(pages));
}

int main(void)
{
	xmlInitParser();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_charset_pages),
		cmocka_unit_test(test_charset_invalid_byte),
		cmocka_unit_test(test_page_templates),
		cmocka_unit_test(test_page_dates),
		cmocka_unit_test(test_titles),
		cmocka_unit_test(test_hints),
		cmocka_unit_test(test_entry_points),
		cmocka_unit_test(test_not_text),
		cmocka_unit_test(test_article_or_not),
		cmocka_unit_test(test_article_decision),
		cmocka_unit_test(test_real_vnexpress),
		cmocka_unit_test(test_real_not_articles),
	};
	int rc = cmocka_run_group_tests_name("extract_html", tests, NULL, NULL);
	xmlCleanupParser();
	return rc;
}
