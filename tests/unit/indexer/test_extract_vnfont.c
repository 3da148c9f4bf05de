/*
 * test_extract_vnfont.c - TCVN3 and VNI pages (indexer/extract_vnfont.h and
 * its use in extract_charset.h).
 *
 * Contract under test:
 *  - every Vietnamese letter, lower and upper case, decodes from its TCVN3
 *    bytes (capitals through a .VnTimeH span where VN3 has no byte) and its
 *    VNI bytes; the TCVN3 bytes agree with glibc's TCVN5712-1, an
 *    independent table; text encoded by the test-only encoder here decodes
 *    back to itself (NFC);
 *  - the capitals fonts: <font face>, inline font-family (quoted, &quot;,
 *    lists), nesting, end tags; markup and entities keep their case;
 *  - detection: TCVN3 and VNI text with and without font names; French,
 *    English, windows-1258 and short pages are not taken for them; through
 *    tc_charset_to_utf8, only pages read as windows-1252 or guessed;
 *  - measured: articles of ../shared/corpus (TRACUU_CORPUS names the
 *    folder; TRACUU_VNFONT_ARTICLES how many, 0 for all, default 300)
 *    written in TCVN3 and VNI here, with and without font names and
 *    declarations, are all detected and converted; Western pages written
 *    here in windows-1252, and the same articles in windows-1258 and
 *    VISCII, never are.  The figures are printed.
 *
 * The corpus is read at run time; none of its text is in this file.
 */
#include "unit_test.h"

#include <iconv.h>
#include <json-c/json.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <utf8proc.h>
#include <zlib.h>

#include "extract_charset.h"
#include "extract_html.h"
#include "extract_vnfont.h"
#include "tc_buf.h"
#include "vn_text.h"
#include "tc_banned.h"

#ifndef TRACUU_CORPUS_DIR
#define TRACUU_CORPUS_DIR TRACUU_SOURCE_DIR "/../shared/corpus"
#endif

/* ---- the letters, and a test-only encoder ------------------------------------ */

/* Every lower-case Vietnamese letter outside ASCII: its TCVN3 byte (TCVN
 * 5712:1993, VN3) and its VNI bytes (base letter + mark byte, or one byte). */
typedef struct letter_row {
	const char *letter, *tcvn3, *vni;
} letter_row;

static const letter_row letters[] = {
	{"à", "\xb5", "a\xf8"},
	{"ả", "\xb6", "a\xfb"},
	{"ã", "\xb7", "a\xf5"},
	{"á", "\xb8", "a\xf9"},
	{"ạ", "\xb9", "a\xef"},
	{"ă", "\xa8", "a\xea"},
	{"ằ", "\xbb", "a\xe8"},
	{"ẳ", "\xbc", "a\xfa"},
	{"ẵ", "\xbd", "a\xfc"},
	{"ắ", "\xbe", "a\xe9"},
	{"ặ", "\xc6", "a\xeb"},
	{"â", "\xa9", "a\xe2"},
	{"ầ", "\xc7", "a\xe0"},
	{"ẩ", "\xc8", "a\xe5"},
	{"ẫ", "\xc9", "a\xe3"},
	{"ấ", "\xca", "a\xe1"},
	{"ậ", "\xcb", "a\xe4"},
	{"è", "\xcc", "e\xf8"},
	{"ẻ", "\xce", "e\xfb"},
	{"ẽ", "\xcf", "e\xf5"},
	{"é", "\xd0", "e\xf9"},
	{"ẹ", "\xd1", "e\xef"},
	{"ê", "\xaa", "e\xe2"},
	{"ề", "\xd2", "e\xe0"},
	{"ể", "\xd3", "e\xe5"},
	{"ễ", "\xd4", "e\xe3"},
	{"ế", "\xd5", "e\xe1"},
	{"ệ", "\xd6", "e\xe4"},
	{"ì", "\xd7", "\xec"},
	{"ỉ", "\xd8", "\xe6"},
	{"ĩ", "\xdc", "\xf3"},
	{"í", "\xdd", "\xed"},
	{"ị", "\xde", "\xf2"},
	{"ò", "\xdf", "o\xf8"},
	{"ỏ", "\xe1", "o\xfb"},
	{"õ", "\xe2", "o\xf5"},
	{"ó", "\xe3", "o\xf9"},
	{"ọ", "\xe4", "o\xef"},
	{"ô", "\xab", "o\xe2"},
	{"ồ", "\xe5", "o\xe0"},
	{"ổ", "\xe6", "o\xe5"},
	{"ỗ", "\xe7", "o\xe3"},
	{"ố", "\xe8", "o\xe1"},
	{"ộ", "\xe9", "o\xe4"},
	{"ơ", "\xac", "\xf4"},
	{"ờ", "\xea", "\xf4\xf8"},
	{"ở", "\xeb", "\xf4\xfb"},
	{"ỡ", "\xec", "\xf4\xf5"},
	{"ớ", "\xed", "\xf4\xf9"},
	{"ợ", "\xee", "\xf4\xef"},
	{"ù", "\xef", "u\xf8"},
	{"ủ", "\xf1", "u\xfb"},
	{"ũ", "\xf2", "u\xf5"},
	{"ú", "\xf3", "u\xf9"},
	{"ụ", "\xf4", "u\xef"},
	{"ư", "\xad", "\xf6"},
	{"ừ", "\xf5", "\xf6\xf8"},
	{"ử", "\xf6", "\xf6\xfb"},
	{"ữ", "\xf7", "\xf6\xf5"},
	{"ứ", "\xf8", "\xf6\xf9"},
	{"ự", "\xf9", "\xf6\xef"},
	{"ỳ", "\xfa", "y\xf8"},
	{"ỷ", "\xfb", "y\xfb"},
	{"ỹ", "\xfc", "y\xf5"},
	{"ý", "\xfd", "y\xf9"},
	{"ỵ", "\xfe", "\xee"},
	{"đ", "\xae", "\xf1"},
};

/* The VN3 capitals that have a byte of their own (0xA1-0xA7). */
static const struct {
	int32_t cp;
	unsigned char byte;
} vn3_capitals[] = {{0x0102, 0xA1}, {0x00C2, 0xA2}, {0x00CA, 0xA3}, {0x00D4, 0xA4},
		    {0x01A0, 0xA5}, {0x01AF, 0xA6}, {0x0110, 0xA7}};

/* windows-1252 punctuation that both encodings keep at 0x80-0x9F. */
static const struct {
	int32_t cp;
	unsigned char byte;
} punct[] = {{0x20AC, 0x80}, {0x2026, 0x85}, {0x2018, 0x91}, {0x2019, 0x92}, {0x201C, 0x93},
	     {0x201D, 0x94}, {0x2022, 0x95}, {0x2013, 0x96}, {0x2014, 0x97}, {0x00A0, 0xA0}};

#define CAPS_FONT "<font face=\".VnTimeH\">"

static const letter_row *find_row(int32_t lower)
{
	char u[4];
	size_t k = vn_utf8_encode(lower, u);
	for (size_t i = 0; i < N_ROWS(letters); i++)
		if (strlen(letters[i].letter) == k && !memcmp(letters[i].letter, u, k))
			return &letters[i];
	return NULL;
}

static void put(tc_buf *b, const void *p, size_t n)
{
	assert_int_equal(tc_buf_append(b, p, n), TC_OK);
}

static void put_str(tc_buf *b, const char *s)
{
	put(b, s, strlen(s));
}

static void put_cp(tc_buf *b, int32_t cp)
{
	char u[4];
	put(b, u, vn_utf8_encode(cp, u));
}

/* NFC of s[0..n) into a fresh buffer (the caller releases it). */
static void nfc(const char *s, size_t n, tc_buf *out)
{
	tc_buf_init(out, 64u << 20);
	size_t bad;
	assert_int_equal(vn_text_clean(s, n, out, &bad), TC_OK);
}

/* An encoding a test writes pages in. */
typedef struct writer {
	tc_vnfont enc;
	/* TCVN3 capitals without a byte: the element around them, and whether
	 * it names the capitals font (else the page cannot say they are
	 * capitals, and they decode in lower case) */
	const char *caps_open, *caps_close;
	int caps_named;
} writer;

static const writer tcvn3_named = {TC_VNFONT_TCVN3, CAPS_FONT, "</font>", 1};
static const writer tcvn3_unnamed = {TC_VNFONT_TCVN3, "<span class=\"h\">", "</span>", 0};
static const writer vni_writer = {TC_VNFONT_VNI, NULL, NULL, 0};

/*
 * The test-only encoder: clean UTF-8 text s[0..n) written in w's encoding
 * as HTML text (& < > escaped) into bytes, and what decoding it must give
 * into expect.  A character neither encoding has becomes '?'.
 */
static void encode_vn(const char *s, size_t n, const writer *w, tc_buf *bytes, tc_buf *expect)
{
	tc_buf clean;
	nfc(s, n, &clean);
	const unsigned char *p = (const unsigned char *)clean.data;
	for (size_t i = 0; i < clean.len;) {
		int32_t cp;
		i += vn_utf8_decode(p + i, clean.len - i, &cp);
		if (cp == '&' || cp == '<' || cp == '>') {
			const char *e = cp == '&' ? "&amp;" : cp == '<' ? "&lt;" : "&gt;";
			put_str(bytes, e);
			put_str(expect, e);
			continue;
		}
		if (cp < 0x80) {
			char c = (char)cp;
			put(bytes, &c, 1);
			put(expect, &c, 1);
			continue;
		}
		int32_t lower = utf8proc_tolower(cp);
		const letter_row *row = find_row(lower);
		if (row && lower == cp) {
			put_str(bytes, w->enc == TC_VNFONT_TCVN3 ? row->tcvn3 : row->vni);
			put_cp(expect, cp);
			continue;
		}
		if (row && w->enc == TC_VNFONT_VNI) {
			/* capitals: the same bytes in upper case, 0x20 less above ASCII */
			for (const char *b = row->vni; *b; b++) {
				unsigned char c = (unsigned char)*b;
				c = (unsigned char)(c >= 0x80 ? c - 0x20 : c - 32);
				put(bytes, &c, 1);
			}
			put_cp(expect, cp);
			continue;
		}
		if (row) {
			size_t k = 0;
			while (k < N_ROWS(vn3_capitals) && vn3_capitals[k].cp != cp)
				k++;
			if (k < N_ROWS(vn3_capitals)) {
				put(bytes, &vn3_capitals[k].byte, 1);
				put_cp(expect, cp);
			} else {
				put_str(bytes, w->caps_open);
				put_str(bytes, row->tcvn3);
				put_str(bytes, w->caps_close);
				put_str(expect, w->caps_open);
				put_cp(expect, w->caps_named ? cp : lower);
				put_str(expect, w->caps_close);
			}
			continue;
		}
		size_t k = 0;
		while (k < N_ROWS(punct) && punct[k].cp != cp)
			k++;
		if (k < N_ROWS(punct)) {
			put(bytes, &punct[k].byte, 1);
			put_cp(expect, cp);
		} else {
			put_str(bytes, "?");
			put_str(expect, "?");
		}
	}
	tc_buf_release(&clean);
}

/* Decode bytes[0..n) from enc; the result (NUL-terminated) is in out. */
static void decode(const char *bytes, size_t n, tc_vnfont enc, tc_buf *out)
{
	tc_buf_init(out, 64u << 20);
	char *copy = unit_exact_copy(bytes, n);
	assert_int_equal(tc_vnfont_to_utf8(copy, n, enc, out), TC_OK);
	free(copy);
	if (!out->data)
		put_str(out, "");
}

/* s in capitals, as a capitals font shows HTML text: entities (&amp;) as written. */
static char *upper_utf8(const char *s)
{
	tc_buf b;
	tc_buf_init(&b, 1u << 20);
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		if (p[i] == '&') {
			size_t k = strspn(s + i + 1, "abcdefghijklmnopqrstuvwxyz0123456789#");
			put(&b, s + i, k + 1);
			i += k + 1;
			continue;
		}
		int32_t cp;
		i += vn_utf8_decode(p + i, n - i, &cp);
		put_cp(&b, utf8proc_toupper(cp));
	}
	return tc_buf_detach(&b, NULL);
}

/* ---- letters ------------------------------------------------------------------ */

static void test_letters(void **state)
{
	(void)state;
	int nfail = 0;
	for (size_t i = 0; i < N_ROWS(letters); i++) {
		const letter_row *row = &letters[i];
		char *up = upper_utf8(row->letter);
		for (int e = 0; e < 2; e++) {
			const writer *w = e ? &vni_writer : &tcvn3_named;
			for (int cap = 0; cap < 2; cap++) {
				const char *want = cap ? up : row->letter;
				tc_buf bytes, expect, got;
				tc_buf_init(&bytes, 1024);
				tc_buf_init(&expect, 1024);
				encode_vn(want, strlen(want), w, &bytes, &expect);
				decode(bytes.data, bytes.len, w->enc, &got);
				if (strcmp(got.data, expect.data))
					ROW_FAIL(nfail, want, "%s: got \"%s\", want \"%s\"",
						 tc_vnfont_name(w->enc), got.data, expect.data);
				tc_buf_release(&bytes);
				tc_buf_release(&expect);
				tc_buf_release(&got);
			}
		}
		free(up);
	}
	ROWS_DONE(nfail, N_ROWS(letters));
}

/* glibc's TCVN5712-1 table was written apart from ours: the letters' TCVN3
 * bytes and the VN3 capitals must mean the same there. */
static void test_tcvn3_matches_glibc(void **state)
{
	(void)state;
	int nfail = 0;
	iconv_t cd = iconv_open("UTF-8", "TCVN5712-1");
	assert_true(cd != (iconv_t)-1);
	for (size_t i = 0; i < N_ROWS(letters) + N_ROWS(vn3_capitals); i++) {
		char in[2], want[8], got[16];
		if (i < N_ROWS(letters)) {
			in[0] = letters[i].tcvn3[0];
			snprintf(want, sizeof want, "%s", letters[i].letter);
		} else {
			in[0] = (char)vn3_capitals[i - N_ROWS(letters)].byte;
			want[vn_utf8_encode(vn3_capitals[i - N_ROWS(letters)].cp, want)] = '\0';
		}
		char *ip = in, *op = got;
		size_t il = 1, ol = sizeof got - 1;
		iconv(cd, NULL, NULL, NULL, NULL);
		if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1 ||
		    iconv(cd, NULL, NULL, &op, &ol) == (size_t)-1)
			ROW_FAIL(nfail, want, "glibc cannot read 0x%02x", (unsigned char)in[0]);
		*op = '\0';
		tc_buf norm;
		nfc(got, strlen(got), &norm);
		if (strcmp(norm.data ? norm.data : "", want))
			ROW_FAIL(nfail, want, "glibc reads 0x%02x as \"%s\"", (unsigned char)in[0],
				 norm.data ? norm.data : "");
		tc_buf_release(&norm);
	}
	iconv_close(cd);
	ROWS_DONE(nfail, N_ROWS(letters) + N_ROWS(vn3_capitals));
}

#define SENTENCE                                                                               \
	"Sáng nay, Ủy ban nhân dân tỉnh tổ chức hội nghị tổng kết công tác phòng chống thiên " \
	"tai và tìm kiếm cứu nạn năm qua, đồng thời triển khai nhiệm vụ trọng tâm cho năm tới."
#define SHORT_SENTENCE "Hội nghị tổng kết công tác năm"

/* All the letters, in both cases, in one text, plus a sentence: encode,
 * decode, and get the text back. */
static void test_round_trip(void **state)
{
	(void)state;
	tc_buf text;
	tc_buf_init(&text, 1u << 20);
	for (size_t i = 0; i < N_ROWS(letters); i++) {
		char *up = upper_utf8(letters[i].letter);
		put_str(&text, letters[i].letter);
		put_str(&text, up);
		put_str(&text, i % 8 == 7 ? " " : "");
		free(up);
	}
	put_str(&text, " “" SENTENCE "” – ĐỒNG THỜI… Ư Ơ Ă Â Ê Ô Đ");
	const writer *ws[] = {&tcvn3_named, &vni_writer};
	for (size_t e = 0; e < N_ROWS(ws); e++) {
		tc_buf bytes, expect, got;
		tc_buf_init(&bytes, 1u << 20);
		tc_buf_init(&expect, 1u << 20);
		encode_vn(text.data, text.len, ws[e], &bytes, &expect);
		/* what was encoded is the text itself: nothing became '?' */
		assert_null(memchr(expect.data, '?', expect.len));
		decode(bytes.data, bytes.len, ws[e]->enc, &got);
		/* stripped of the capitals spans, the decoded page is the text */
		tc_buf plain;
		tc_buf_init(&plain, 1u << 20);
		for (const char *p = got.data; *p;) {
			if (!strncmp(p, CAPS_FONT, strlen(CAPS_FONT)))
				p += strlen(CAPS_FONT);
			else if (!strncmp(p, "</font>", 7))
				p += 7;
			else
				put(&plain, p++, 1);
		}
		tc_buf want;
		nfc(text.data, text.len, &want);
		assert_string_equal(plain.data, want.data);
		tc_buf_release(&plain);
		tc_buf_release(&want);
		tc_buf_release(&bytes);
		tc_buf_release(&expect);
		tc_buf_release(&got);
	}
	tc_buf_release(&text);
}

/* ---- the capitals fonts --------------------------------------------------------- */

typedef struct caps_row {
	const char *name;
	const char *tcvn3; /* a TCVN3 fragment */
	const char *want;  /* its UTF-8 */
} caps_row;

static const caps_row caps_rows[] = {
	{"<font face>", "<font face=\".VnTimeH\">\xf1y ban</font> nh\xa9n d\xa9n",
	 "<font face=\".VnTimeH\">ỦY BAN</font> nhân dân"},
	{"font face unquoted, in a list", "<FONT FACE=.VnArialH>h\xb5 n\xe9i</FONT> h\xb5 n\xe9i",
	 "<FONT FACE=.VnArialH>HÀ NỘI</FONT> hà nội"},
	{"font face list, capitals font second", "<font face=\".VnTime, .VnTimeH\">h\xb5</font>",
	 "<font face=\".VnTime, .VnTimeH\">hà</font>"},
	{"inline font-family, quoted in CSS",
	 "<span style=\"font-size:14pt;font-family:'.VnTimeH'\">qu\xe8" "c</span> qu\xe8" "c",
	 "<span style=\"font-size:14pt;font-family:'.VnTimeH'\">QUỐC</span> quốc"},
	{"Word's &quot; and a fallback font",
	 "<span style=\"font-family:&quot;.VnTimeH&quot;, serif\">\xae\xb5</span>\xae\xb5",
	 "<span style=\"font-family:&quot;.VnTimeH&quot;, serif\">ĐÀ</span>đà"},
	{"another font inside turns capitals off",
	 "<p style='font-family:\".VnTimeH\"'>a<span style='font-family:\".VnTime\"'>b</span>c</p>d",
	 "<p style='font-family:\".VnTimeH\"'>A<span style='font-family:\".VnTime\"'>b</span>C</p>d"},
	{"nested element of the same name without a font",
	 "<span style=\"font-family:.VnTimeH\">a<span>b</span>c</span>d",
	 "<span style=\"font-family:.VnTimeH\">A<span>B</span>C</span>d"},
	{"an end tag closes the scopes left open inside it",
	 "<div style=\"font-family:.VnTimeH\">a<font face=\".VnTimeH\">b</div>c",
	 "<div style=\"font-family:.VnTimeH\">A<font face=\".VnTimeH\">B</div>c"},
	{"markup, links and entities keep their case",
	 "<font face=\".VnTimeH\"><a href=\"/tin-moi?a=b&amp;c=d\" title=\"tin\">tin &amp; b\xb5i&nbsp;</a></font>",
	 "<font face=\".VnTimeH\"><a href=\"/tin-moi?a=b&amp;c=d\" title=\"tin\">TIN &amp; BÀI&nbsp;</a></font>"},
	{"script and style text keep their case",
	 "<font face=\".VnTimeH\"><script>var a = 'x';</script><style>p{}</style>a</font>",
	 "<font face=\".VnTimeH\"><script>var a = 'x';</script><style>p{}</style>A</font>"},
	{"a void element opens no scope", "<img style=\"font-family:.VnTimeH\" src=\"a.png\">a<br/>b",
	 "<img style=\"font-family:.VnTimeH\" src=\"a.png\">a<br/>b"},
	{"a stylesheet rule is not a scope", "<style>h1{font-family:.VnTimeH}</style><h1>a</h1>",
	 "<style>h1{font-family:.VnTimeH}</style><h1>a</h1>"},
	{"a '<' that is text", "<font face=\".VnTimeH\">a < b</font>", "<font face=\".VnTimeH\">A < B</font>"},
	{"a comment", "<!-- <font face=\".VnTimeH\"> -->a", "<!-- <font face=\".VnTimeH\"> -->a"},
	{"windows-1252 punctuation and U+FFFD for its holes", "\x93h\xb5\x94 \x96 \x81",
	 "“hà” – \xef\xbf\xbd"},
	{"a tone byte after its letter (VN1)", "ha\xb0 a\xb3", "hà á"},
	{"a cut tag at the end", "<font face=\".VnTimeH", "<font face=\".VnTimeH"},
};

static void test_caps(void **state)
{
	(void)state;
	int nfail = 0;
	for (size_t i = 0; i < N_ROWS(caps_rows); i++) {
		const caps_row *row = &caps_rows[i];
		tc_buf got;
		decode(row->tcvn3, strlen(row->tcvn3), TC_VNFONT_TCVN3, &got);
		if (strcmp(got.data, row->want))
			ROW_FAIL(nfail, row->name, "got \"%s\", want \"%s\"", got.data, row->want);
		tc_buf_release(&got);
	}
	ROWS_DONE(nfail, N_ROWS(caps_rows));
}

/* VNI has no capitals fonts: the bytes say the case. */
static void test_vni_marks(void **state)
{
	(void)state;
	static const caps_row rows[] = {
		{"marks of either case", "Vie\xe4t NAM VIE\xc4T Vie\xc4t", "Việt NAM VIỆT Việt"},
		{"a mark where it cannot go is windows-1252", "b\xf9 o\xea i\xe2", "bù oê iâ"},
		{"single-byte letters", "\xf1\xf6\xf4\xd1\xd6\xd4 \xec\xe6\xf3\xed\xf2\xee",
		 "đươĐƯƠ ìỉĩíịỵ"},
		{"horn letters take a tone", "ng\xf6\xf4\xf8i \xd6\xd9", "người Ứ"},
		{"VNI font names change nothing", "<font face=\"VNI-Times\">ha\xf8</font>",
		 "<font face=\"VNI-Times\">hà</font>"},
	};
	int nfail = 0;
	for (size_t i = 0; i < N_ROWS(rows); i++) {
		tc_buf got;
		decode(rows[i].tcvn3, strlen(rows[i].tcvn3), TC_VNFONT_VNI, &got);
		if (strcmp(got.data, rows[i].want))
			ROW_FAIL(nfail, rows[i].name, "got \"%s\", want \"%s\"", got.data, rows[i].want);
		tc_buf_release(&got);
	}
	ROWS_DONE(nfail, N_ROWS(rows));
}

static void test_usage_and_cap(void **state)
{
	(void)state;
	tc_buf out;
	tc_buf_init(&out, 8);
	assert_int_equal(tc_vnfont_to_utf8("a", 1, TC_VNFONT_NONE, &out), TC_ERR_USAGE);
	/* "hà nội" is 9 bytes of UTF-8: over the cap, and out stays as it was */
	assert_int_equal(tc_vnfont_to_utf8("h\xb5 n\xe9i", 6, TC_VNFONT_TCVN3, &out), TC_ERR_TOO_BIG);
	assert_int_equal(out.len, 0);
	assert_int_equal(tc_vnfont_to_utf8("", 0, TC_VNFONT_VNI, &out), TC_OK);
	assert_int_equal(out.len, 0);
	tc_buf_release(&out);
	assert_string_equal(tc_vnfont_name(TC_VNFONT_TCVN3), "TCVN3");
	assert_string_equal(tc_vnfont_name(TC_VNFONT_VNI), "VNI");
	assert_string_equal(tc_vnfont_name(TC_VNFONT_NONE), "");
}

/* ---- detection ------------------------------------------------------------------ */

#define FRENCH                                                                                     \
	"L’été dernier, nous avons passé deux semaines à la campagne, près d’un village où les " \
	"habitants étaient très accueillants. Le café du marché servait des crêpes délicieuses."
#define ENGLISH                                                                                    \
	"The council’s report — published on 3 March — noted a 15% rise in costs (€2.4m), “well " \
	"above” the 2°C scenario. Copyright © 2009 City of Example®. Café naïve résumé."

typedef struct detect_row {
	const char *name;
	const char *text;   /* UTF-8 */
	const char *write;  /* how the text is written: "TCVN3", "VNI", an iconv charset */
	const char *before; /* markup before it */
	tc_vnfont want;
} detect_row;

static const detect_row detect_rows[] = {
	{"TCVN3 sentence", SENTENCE, "TCVN3", "<p>", TC_VNFONT_TCVN3},
	{"VNI sentence", SENTENCE, "VNI", "<p>", TC_VNFONT_VNI},
	{"TCVN3 sentence in capitals font", "ỦY BAN NHÂN DÂN TỈNH TỔ CHỨC HỘI NGHỊ TỔNG KẾT CÔNG TÁC",
	 "TCVN3", "<p>", TC_VNFONT_TCVN3},
	{"VNI sentence in capitals", "ỦY BAN NHÂN DÂN TỈNH TỔ CHỨC HỘI NGHỊ TỔNG KẾT CÔNG TÁC", "VNI",
	 "<p>", TC_VNFONT_VNI},
	{"short TCVN3, no font name: too little evidence", SHORT_SENTENCE, "TCVN3", "<p>",
	 TC_VNFONT_NONE},
	{"short TCVN3 with <font face=.VnTime>", SHORT_SENTENCE, "TCVN3", "<font face=\".VnTime\">",
	 TC_VNFONT_TCVN3},
	{"short TCVN3 with a stylesheet font-family",
	 SHORT_SENTENCE, "TCVN3", "<style>body { font-family: \".VnArial\", sans-serif }</style>",
	 TC_VNFONT_TCVN3},
	{"short VNI, no font name", SHORT_SENTENCE, "VNI", "<p>", TC_VNFONT_NONE},
	{"short VNI with font-family VNI-Times", SHORT_SENTENCE, "VNI",
	 "<p style=\"font-family: 'VNI-Times'\">", TC_VNFONT_VNI},
	{"the wrong font name does not decide", SENTENCE, "VNI", "<font face=\".VnTime\">",
	 TC_VNFONT_VNI},
	{"French", FRENCH, "CP1252", "<p>", TC_VNFONT_NONE},
	{"French under a .VnTime font name", FRENCH, "CP1252", "<font face=\".VnTime\">",
	 TC_VNFONT_NONE},
	{"French under a VNI-Times font name", FRENCH, "CP1252", "<font face=\"VNI-Times\">",
	 TC_VNFONT_NONE},
	{"English with symbols", ENGLISH, "CP1252", "<p>", TC_VNFONT_NONE},
	{"windows-1258 Vietnamese", SENTENCE, "CP1258", "<p>", TC_VNFONT_NONE},
	{"VISCII Vietnamese", SENTENCE, "VISCII", "<p>", TC_VNFONT_NONE},
	{"UTF-8 Vietnamese", SENTENCE, "UTF-8", "<p>", TC_VNFONT_NONE},
	{"ASCII", "Ha Noi, ngay 1 thang 6 nam 2020", "CP1252", "<font face=\".VnTime\">",
	 TC_VNFONT_NONE},
	{"empty", "", "CP1252", "", TC_VNFONT_NONE},
};

/* text written as `how` says, after `before`, into page; what it decodes
 * to into expect (may be NULL). */
static void write_page(const char *before, const char *text, const char *how, tc_buf *page,
		       tc_buf *expect)
{
	put_str(page, before);
	if (!strcmp(how, "TCVN3") || !strcmp(how, "VNI")) {
		tc_buf e;
		tc_buf_init(&e, 1u << 20);
		encode_vn(text, strlen(text), how[0] == 'T' ? &tcvn3_named : &vni_writer, page, &e);
		if (expect)
			put(expect, e.data, e.len);
		tc_buf_release(&e);
		return;
	}
	if (expect)
		put_str(expect, text);
	iconv_t cd = iconv_open(how, "UTF-8");
	assert_true(cd != (iconv_t)-1);
	size_t n = strlen(text), cap = n * 4 + 16;
	char *out = malloc(cap);
	assert_non_null(out);
	char *in = (char *)(uintptr_t)text, *o = out;
	size_t left = n, room = cap;
	assert_true(iconv(cd, &in, &left, &o, &room) != (size_t)-1);
	assert_true(iconv(cd, NULL, NULL, &o, &room) != (size_t)-1);
	iconv_close(cd);
	put(page, out, (size_t)(o - out));
	free(out);
}

static void test_detect(void **state)
{
	(void)state;
	int nfail = 0;
	for (size_t i = 0; i < N_ROWS(detect_rows); i++) {
		const detect_row *row = &detect_rows[i];
		tc_buf page;
		tc_buf_init(&page, 1u << 20);
		write_page(row->before, row->text, row->write, &page, NULL);
		char *copy = unit_exact_copy(page.data ? page.data : "", page.len);
		tc_vnfont_score sc[2];
		tc_vnfont got = tc_vnfont_detect(copy, page.len, sc);
		if (got != row->want)
			ROW_FAIL(nfail, row->name,
				 "detected \"%s\" (TCVN3 %zu valid %zu invalid%s, VNI %zu/%zu%s), want \"%s\"",
				 tc_vnfont_name(got), sc[0].valid, sc[0].invalid, sc[0].hinted ? " hinted" : "",
				 sc[1].valid, sc[1].invalid, sc[1].hinted ? " hinted" : "",
				 tc_vnfont_name(row->want));
		free(copy);
		tc_buf_release(&page);
	}
	ROWS_DONE(nfail, N_ROWS(detect_rows));
}

/* Through tc_charset_to_utf8: which declarations let detection run. */
typedef struct charset_row {
	const char *name;
	const char *meta; /* inside <head> */
	const char *http;
	const char *write; /* the body: "TCVN3", "VNI" or an iconv charset */
	const char *want;  /* the charset reported */
} charset_row;

static const charset_row charset_rows[] = {
	{"TCVN3, meta windows-1252", "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">",
	 NULL, "TCVN3", "TCVN3"},
	{"TCVN3, meta iso-8859-1", "<meta charset=\"iso-8859-1\">", NULL, "TCVN3", "TCVN3"},
	{"TCVN3, HTTP ISO-8859-1", "", "ISO-8859-1", "TCVN3", "TCVN3"},
	{"TCVN3, undeclared", "", NULL, "TCVN3", "TCVN3"},
	{"TCVN3, a meta utf-8 that the bytes belie", "<meta charset=\"utf-8\">", NULL, "TCVN3", "TCVN3"},
	{"TCVN3 bytes declared windows-1258: the declaration stands", "<meta charset=\"windows-1258\">",
	 NULL, "TCVN3", "CP1258"},
	{"TCVN3 bytes, HTTP windows-1258", "", "windows-1258", "TCVN3", "CP1258"},
	{"VNI, meta windows-1252", "<meta charset=\"windows-1252\">", NULL, "VNI", "VNI"},
	{"VNI, HTTP ISO-8859-1", "", "iso-8859-1", "VNI", "VNI"},
	{"VNI, undeclared", "", NULL, "VNI", "VNI"},
	{"windows-1258, undeclared", "", NULL, "CP1258", "CP1258"},
	{"windows-1258 declared", "<meta charset=\"windows-1258\">", NULL, "CP1258", "CP1258"},
	{"French, meta iso-8859-1", "<meta charset=\"iso-8859-1\">", NULL, "CP1252", "CP1252"},
	{"UTF-8 Vietnamese declared iso-8859-1", "<meta charset=\"iso-8859-1\">", NULL, "UTF-8", "UTF-8"},
	{"UTF-8 Vietnamese, HTTP utf-8", "", "utf-8", "UTF-8", "UTF-8"},
};

static void test_charset(void **state)
{
	(void)state;
	int nfail = 0;
	for (size_t i = 0; i < N_ROWS(charset_rows); i++) {
		const charset_row *row = &charset_rows[i];
		const char *text = !strcmp(row->name, "French, meta iso-8859-1") ? FRENCH : SENTENCE;
		tc_buf page;
		tc_buf_init(&page, 1u << 20);
		put_str(&page, "<html><head>");
		put_str(&page, row->meta);
		put_str(&page, "</head><body><p>");
		tc_buf expect;
		tc_buf_init(&expect, 1u << 20);
		write_page("", text, row->write, &page, &expect);
		put_str(&page, "</p></body></html>");
		char *copy = unit_exact_copy(page.data, page.len);
		tc_buf out;
		tc_buf_init(&out, 1u << 20);
		const char *utf8;
		size_t len;
		char used[TC_CHARSET_NAME_MAX] = "";
		tc_status st = tc_charset_to_utf8(copy, page.len, row->http, &out, &utf8, &len, used);
		tc_buf got;
		nfc(utf8, len, &got);
		if (st != TC_OK)
			ROW_FAIL(nfail, row->name, "status %d", st);
		else if (strcmp(used, row->want))
			ROW_FAIL(nfail, row->name, "charset %s, want %s", used, row->want);
		else if (strcmp(row->want, "CP1258") && !strstr(got.data, expect.data))
			ROW_FAIL(nfail, row->name, "text not decoded: %s", got.data);
		tc_buf_release(&got);
		tc_buf_release(&expect);
		tc_buf_release(&out);
		tc_buf_release(&page);
		free(copy);
	}
	ROWS_DONE(nfail, N_ROWS(charset_rows));
}

/* The whole extraction, as `tracuu-index add` runs it on a file. */
static void test_extract(void **state)
{
	(void)state;
	const writer *ws[] = {&tcvn3_named, &vni_writer};
	for (size_t e = 0; e < N_ROWS(ws); e++) {
		tc_buf page, expect;
		tc_buf_init(&page, 1u << 20);
		tc_buf_init(&expect, 1u << 20);
		put_str(&page, "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
			       "charset=iso-8859-1\"><title>");
		encode_vn(SHORT_SENTENCE, strlen(SHORT_SENTENCE), ws[e], &page, &expect);
		put_str(&page, "</title></head><body><h1>");
		encode_vn(SHORT_SENTENCE, strlen(SHORT_SENTENCE), ws[e], &page, &expect);
		put_str(&page, "</h1><div class=\"content\"><p>");
		encode_vn(SENTENCE, strlen(SENTENCE), ws[e], &page, &expect);
		put_str(&page, "</p><p>");
		encode_vn(SENTENCE, strlen(SENTENCE), ws[e], &page, &expect);
		put_str(&page, "</p></div></body></html>");
		char *copy = unit_exact_copy(page.data, page.len);
		tc_extracted x;
		tc_extracted_init(&x);
		assert_int_equal(tc_extract_html(copy, page.len, &x), TC_OK);
		tc_buf title, body;
		nfc(x.title.data ? x.title.data : "", x.title.len, &title);
		nfc(x.body.data ? x.body.data : "", x.body.len, &body);
		assert_string_equal(title.data, SHORT_SENTENCE);
		assert_non_null(strstr(body.data, SENTENCE));
		tc_buf_release(&title);
		tc_buf_release(&body);
		tc_extracted_release(&x);
		free(copy);
		tc_buf_release(&page);
		tc_buf_release(&expect);
	}
}

/* ---- measured: real articles and Western pages ------------------------------------ */

/* Written for this test (windows-1252 has every character of them). */
static const char *const western[] = {
	"L’été dernier, nous avons passé deux semaines à la campagne, près d’un village où les habitants étaient très accueillants.",
	"Le café du marché servait des crêpes délicieuses et un thé à la menthe que l’on buvait en terrasse.",
	"Après la réunion, le préfet a annoncé que les travaux de rénovation du théâtre commenceraient dès le mois de février.",
	"Les élèves de troisième année ont présenté leurs expériences scientifiques devant un jury très exigeant.",
	"Où étiez-vous pendant la fête ? Nous vous avons cherché partout, même près de la fontaine.",
	"Le ministère de l’Économie a publié un rapport détaillé sur la hausse des prix de l’énergie et ses conséquences.",
	"À Noël, la bûche glacée et le foie gras restent les plats préférés des Français, selon une enquête récente.",
	"Il faut être prudent : la météo prévoit des orages violents et de la grêle sur toute la région côtière.",
	"La cathédrale, bâtie au XIIIe siècle, a été restaurée grâce à la générosité de milliers de donateurs.",
	"Ça ne sert à rien de s’énerver ; le train de 18 h 45 est annulé à cause d’une grève.",
	"Le maire a reçu les représentants des associations afin de préparer le festival d’été.",
	"Déjà en 1998, les chercheurs avaient découvert que cette espèce d’oiseau migrait vers l’Afrique.",
	"Les négociations entre les syndicats et la direction ont échoué après douze heures de débat.",
	"Un garçon de huit ans a été retrouvé sain et sauf, à deux kilomètres de chez lui, grâce à son chien.",
	"Le Conseil d’État a rejeté la requête, estimant que la procédure avait été respectée.",
	"Notre équipe a gagné la coupe régionale pour la première fois depuis vingt-cinq ans.",
	"The council’s annual report — published on 3 March — noted a 15% rise in maintenance costs.",
	"“We expect the bridge to reopen before the winter,” said the project manager, adding that the budget was £2.4m.",
	"Temperatures will reach 30°C on Thursday, with thunderstorms likely in the north-east by the evening.",
	"The café on Main Street, known for its crème brûlée, has closed after forty years in business.",
	"Copyright © 2009 City of Example. All rights reserved. Example® is a registered trademark.",
	"Residents can pay the fee online, by phone, or in person at the town hall; card payments cost €1.50 extra.",
	"The naïve assumption that growth would continue forever was challenged by the 2008 crisis.",
	"Her résumé lists posts in Zürich, São Paulo and Montréal, as well as a year at the Sorbonne.",
	"Opening hours: Monday–Friday, 9 a.m. – 5 p.m.; closed on bank holidays.",
	"He said it’s “too early to tell” whether the new rules will reduce traffic in the city centre.",
	"Prices rose by ½ per cent in June, the smallest increase since last year’s spring.",
	"The museum’s collection includes more than 2,000 paintings, sculptures and drawings.",
	"Schools will remain open, but pupils should bring warm clothes… the heating system is being repaired.",
	"The mayor’s office confirmed that the façade of the old library will be restored next year.",
	"Applications must be received by 31 January • late applications will not be considered.",
	"Visitors are reminded that smoking is prohibited in all areas of the hospital.",
};

/* How an article is written into a page, and what the page must come out as. */
typedef struct variant {
	const char *name;
	const writer *w;   /* NULL: an iconv charset */
	const char *iconv; /* that charset */
	const char *head, *body_open, *body_close; /* markup around the text */
	const char *http;
	int title_caps; /* the title also stands in a capitals-font <h1> */
	const char *want; /* the charset reported; NULL: anything but TCVN3 and VNI */
} variant;

static const variant variants[] = {
	{"TCVN3, font names, meta windows-1252", &tcvn3_named, NULL,
	 "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">",
	 "<font face=\".VnTime\">", "</font>", NULL, 1, "TCVN3"},
	{"TCVN3, no font name, undeclared", &tcvn3_unnamed, NULL, "", "<div class=\"noidung\">",
	 "</div>", NULL, 0, "TCVN3"},
	{"VNI, font-family, HTTP ISO-8859-1", &vni_writer, NULL, "",
	 "<div style=\"font-family: 'VNI-Times', serif\">", "</div>", "ISO-8859-1", 0, "VNI"},
	{"VNI, no font name, meta iso-8859-1", &vni_writer, NULL, "<meta charset=\"iso-8859-1\">",
	 "<div>", "</div>", NULL, 0, "VNI"},
	{"windows-1258, undeclared", NULL, "CP1258", "", "<div>", "</div>", NULL, 0, "CP1258"},
	{"VISCII, undeclared", NULL, "VISCII", "", "<div>", "</div>", NULL, 0, NULL},
};

typedef struct tally {
	size_t pages, detected, converted, skipped;
	double min_ratio; /* the detected encoding's share of valid words, lowest */
	size_t max_other; /* negatives: most syllables either encoding found */
	double max_share; /* negatives: the highest share of syllables either found */
} tally;

/* Text converted with iconv into page; 0 when the charset cannot write it. */
static int iconv_into(const char *charset, const char *s, size_t n, tc_buf *page)
{
	iconv_t cd = iconv_open(charset, "UTF-8");
	assert_true(cd != (iconv_t)-1);
	size_t cap = n * 4 + 16;
	char *out = malloc(cap);
	assert_non_null(out);
	char *in = (char *)(uintptr_t)s, *o = out;
	size_t left = n, room = cap;
	int ok = iconv(cd, &in, &left, &o, &room) != (size_t)-1 &&
		 iconv(cd, NULL, NULL, &o, &room) != (size_t)-1;
	iconv_close(cd);
	if (ok)
		put(page, out, (size_t)(o - out));
	free(out);
	return ok;
}

/* Judge one page: the charset it gets, and that its text came out whole. */
static void judge(const variant *v, const char *page, size_t n, const tc_buf *expect,
		  const char *title_caps, tally *t)
{
	char *copy = unit_exact_copy(page, n);
	tc_buf out;
	tc_buf_init(&out, 64u << 20);
	const char *utf8;
	size_t len;
	char used[TC_CHARSET_NAME_MAX] = "";
	assert_int_equal(tc_charset_to_utf8(copy, n, v->http, &out, &utf8, &len, used), TC_OK);
	tc_vnfont_score sc[2];
	tc_vnfont_detect(copy, n, sc);
	t->pages++;
	int vn = v->want && (!strcmp(v->want, "TCVN3") || !strcmp(v->want, "VNI"));
	if (vn) {
		const tc_vnfont_score *s = &sc[v->want[0] == 'V'];
		double r = (double)s->valid / (double)(s->valid + s->invalid ? s->valid + s->invalid : 1);
		if (r < t->min_ratio)
			t->min_ratio = r;
	} else {
		for (int e = 0; e < 2; e++) {
			size_t all = sc[e].valid + sc[e].invalid;
			double r = all ? (double)sc[e].valid / (double)all : 0.0;
			if (sc[e].valid > t->max_other)
				t->max_other = sc[e].valid;
			if (r > t->max_share)
				t->max_share = r;
		}
	}
	if (v->want ? !strcmp(used, v->want) : strcmp(used, "TCVN3") && strcmp(used, "VNI"))
		t->detected++;
	else if (t->pages - t->detected <= 3)
		print_message("    %s: charset %s (TCVN3 %zu/%zu, VNI %zu/%zu)\n", v->name, used,
			      sc[0].valid, sc[0].invalid, sc[1].valid, sc[1].invalid);
	if (expect) {
		tc_buf got;
		nfc(utf8, len, &got);
		if (strstr(got.data, expect->data) && (!title_caps || strstr(got.data, title_caps)))
			t->converted++;

		tc_buf_release(&got);
	}
	tc_buf_release(&out);
	free(copy);
}

/* The article (clean UTF-8 title and body) as a page of variant v. */
static void article_page(const variant *v, const char *title, const char *body, tally *t)
{
	tc_buf page, expect, caps_expect;
	tc_buf_init(&page, 64u << 20);
	tc_buf_init(&expect, 64u << 20);
	tc_buf_init(&caps_expect, 1u << 20);
	put_str(&page, "<html><head>");
	put_str(&page, v->head);
	put_str(&page, "<title>");
	char *title_up = NULL;
	int ok = 1;
	if (v->w) {
		encode_vn(title, strlen(title), v->w, &page, &caps_expect);
		tc_buf_reset(&caps_expect);
	} else {
		ok = iconv_into(v->iconv, title, strlen(title), &page);
	}
	put_str(&page, "</title></head><body>");
	if (v->title_caps) {
		/* the headline typed in lower case under the capitals font */
		put_str(&page, "<h1>" CAPS_FONT);
		tc_buf lower;
		tc_buf_init(&lower, 1u << 20);
		const unsigned char *p = (const unsigned char *)title;
		for (size_t i = 0, n = strlen(title); i < n;) {
			int32_t cp;
			i += vn_utf8_decode(p + i, n - i, &cp);
			put_cp(&lower, utf8proc_tolower(cp));
		}
		encode_vn(lower.data, lower.len, v->w, &page, &caps_expect);
		put_str(&page, "</font></h1>");
		title_up = upper_utf8(caps_expect.data);
		tc_buf_release(&lower);
	}
	put_str(&page, v->body_open);
	put_str(&page, "<p>");
	if (v->w)
		encode_vn(body, strlen(body), v->w, &page, &expect);
	else
		ok = ok && iconv_into(v->iconv, body, strlen(body), &page);
	put_str(&page, "</p>");
	put_str(&page, v->body_close);
	put_str(&page, "</body></html>");
	if (ok)
		judge(v, page.data, page.len, v->w ? &expect : NULL, title_up, t);
	else
		t->skipped++;
	free(title_up);
	tc_buf_release(&page);
	tc_buf_release(&expect);
	tc_buf_release(&caps_expect);
}

static void western_pages(const char *charset_meta, const char *http, const char *body_open,
			  tally *t)
{
	static const variant w = {"Western", NULL, "CP1252", "", "", "", NULL, 0, NULL};
	size_t nw = N_ROWS(western);
	/* each sentence alone, each pair, each run of eight, all of them */
	for (size_t len = 1; len <= nw; len = len == 1 ? 2 : len == 2 ? 8 : len == 8 ? nw : nw + 1) {
		for (size_t a = 0; a + len <= nw; a += len == 8 ? 4 : 1) {
			tc_buf page;
			tc_buf_init(&page, 1u << 20);
			put_str(&page, "<html><head>");
			put_str(&page, charset_meta);
			put_str(&page, "</head><body>");
			put_str(&page, body_open);
			for (size_t k = a; k < a + len; k++) {
				put_str(&page, "<p>");
				assert_true(iconv_into("CP1252", western[k], strlen(western[k]), &page));
				put_str(&page, "</p>");
			}
			put_str(&page, "</body></html>");
			variant v = w;
			v.http = http;
			judge(&v, page.data, page.len, NULL, NULL, t);
			tc_buf_release(&page);
		}
	}
}

static void test_measure(void **state)
{
	(void)state;
	const char *dir = getenv("TRACUU_CORPUS");
	char path[4096];
	snprintf(path, sizeof path, "%s/dantri-2020.jsonl.gz", dir && *dir ? dir : TRACUU_CORPUS_DIR);
	const char *lim = getenv("TRACUU_VNFONT_ARTICLES");
	size_t max_articles = lim && *lim ? (size_t)strtoul(lim, NULL, 10) : 300;
	if (max_articles == 0)
		max_articles = SIZE_MAX;
	gzFile gz = gzopen(path, "rb");
	if (!gz)
		fail_msg("cannot open %s (set TRACUU_CORPUS to the shared corpus folder)", path);
	tally t[N_ROWS(variants)];
	memset(t, 0, sizeof t);
	for (size_t v = 0; v < N_ROWS(variants); v++)
		t[v].min_ratio = 1.0;
	tc_buf line;
	tc_buf_init(&line, 64u << 20);
	char chunk[65536];
	size_t nart = 0, short_skipped = 0;
	while (nart < max_articles) {
		tc_buf_reset(&line);
		int eof = 1;
		while (gzgets(gz, chunk, sizeof chunk)) {
			eof = 0;
			size_t k = strlen(chunk);
			put(&line, chunk, k);
			if (k && chunk[k - 1] == '\n')
				break;
		}
		if (eof)
			break;
		json_object *o = json_tokener_parse(line.data);
		json_object *jt, *jb;
		if (!o || !json_object_object_get_ex(o, "title", &jt) ||
		    !json_object_object_get_ex(o, "body", &jb)) {
			json_object_put(o);
			continue;
		}
		tc_buf title, body;
		nfc(json_object_get_string(jt), (size_t)json_object_get_string_len(jt), &title);
		nfc(json_object_get_string(jb), (size_t)json_object_get_string_len(jb), &body);
		if (body.len < 200) {
			short_skipped++; /* a caption or a stub, not an article */
		} else {
			for (size_t v = 0; v < N_ROWS(variants); v++)
				article_page(&variants[v], title.data ? title.data : "", body.data, &t[v]);
			nart++;
		}
		tc_buf_release(&title);
		tc_buf_release(&body);
		json_object_put(o);
	}
	gzclose(gz);
	tc_buf_release(&line);

	tally wt;
	memset(&wt, 0, sizeof wt);
	western_pages("", NULL, "", &wt);
	western_pages("<meta charset=\"iso-8859-1\">", NULL, "", &wt);
	western_pages("", "windows-1252", "", &wt);
	tally wh;
	memset(&wh, 0, sizeof wh);
	western_pages("", NULL, "<div style=\"font-family: .VnTime\">", &wh);
	western_pages("", NULL, "<div style=\"font-family: VNI-Times\">", &wh);

	print_message("  %zu articles of %s (%zu shorter than 200 bytes left out)\n", nart, path,
		      short_skipped);
	int bad = 0;
	for (size_t v = 0; v < N_ROWS(variants); v++) {
		const tally *x = &t[v];
		int vn = variants[v].w != NULL;
		if (vn)
			print_message("  %-40s %5zu pages: detected %5zu (%.1f%%), converted whole %5zu "
				      "(%.1f%%); lowest syllable share %.3f\n",
				      variants[v].name, x->pages, x->detected,
				      100.0 * (double)x->detected / (double)(x->pages ? x->pages : 1),
				      x->converted,
				      100.0 * (double)x->converted / (double)(x->pages ? x->pages : 1),
				      x->min_ratio);
		else
			print_message("  %-40s %5zu pages (%zu it cannot write): taken for TCVN3 or VNI %zu; "
				      "as %s %zu; most syllables %zu, highest share %.3f\n",
				      variants[v].name, x->pages, x->skipped,
				      x->pages - (variants[v].want ? x->pages : x->detected),
				      variants[v].want ? variants[v].want : "-", x->detected, x->max_other,
				      x->max_share);
		if (x->detected != x->pages || (vn && x->converted != x->pages) || x->pages == 0)
			bad = 1;
	}
	print_message("  Western (French, English), windows-1252: %zu pages, taken for TCVN3 or VNI "
		      "%zu; most syllables %zu, highest share %.3f\n",
		      wt.pages, wt.pages - wt.detected, wt.max_other, wt.max_share);
	print_message("  Western under a .VnTime or VNI-Times font name: %zu pages, taken %zu; most "
		      "syllables %zu, highest share %.3f\n",
		      wh.pages, wh.pages - wh.detected, wh.max_other, wh.max_share);
	if (bad || wt.detected != wt.pages || wh.detected != wh.pages)
		fail_msg("detection or conversion below 100%% (figures above)");
}

int main(void)
{
	xmlInitParser();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_letters),     cmocka_unit_test(test_tcvn3_matches_glibc),
		cmocka_unit_test(test_round_trip),  cmocka_unit_test(test_caps),
		cmocka_unit_test(test_vni_marks),   cmocka_unit_test(test_usage_and_cap),
		cmocka_unit_test(test_detect),      cmocka_unit_test(test_charset),
		cmocka_unit_test(test_extract),     cmocka_unit_test(test_measure),
	};
	int rc = cmocka_run_group_tests_name("extract_vnfont", tests, NULL, NULL);
	xmlCleanupParser();
	return rc;
}
