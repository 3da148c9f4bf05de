/*
 * test_vn_text.c - the door for outside text and the normalisation of
 * Vietnamese (common/vn_text.h, docs/TEXT.md).
 *
 * Fixture strings in this file are NFC unless written with \x escapes; the
 * NFD ones spell their combining marks out byte by byte.
 */
#include "unit_test.h"

#include <stdio.h>

#include "tc_buf.h"
#include "vn_text.h"
#include "tc_banned.h"

/* A string literal with its length, NUL bytes included. */
#define B(s) s, sizeof(s) - 1

#define FFFD "\xEF\xBF\xBD"

/* Print bytes readably in failure messages (non-ASCII as \xNN). */
static const char *show(const char *s, size_t n, char *out, size_t cap)
{
	size_t o = 0;
	for (size_t i = 0; i < n && o + 5 < cap; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7F && c != '\\')
			out[o++] = (char)c;
		else
			o += (size_t)snprintf(out + o, cap - o, "\\x%02X", c);
	}
	out[o] = '\0';
	return out;
}

/* ---- vn_text_clean ----------------------------------------------------- */

typedef struct clean_row {
	const char *name;
	const char *in;
	size_t in_len;
	const char *want;
	size_t want_len;
	size_t want_invalid;
} clean_row;

static const clean_row clean_rows[] = {
	{"empty", B(""), B(""), 0},
	{"ascii", B("Ha Noi 2020"), B("Ha Noi 2020"), 0},
	{"NFC Vietnamese unchanged", B("Thủ tướng Chính phủ"), B("Thủ tướng Chính phủ"), 0},
	{"upper-case NFC unchanged", B("ĐƯỜNG ĐẾN ƠN"), B("ĐƯỜNG ĐẾN ƠN"), 0},
	{"tab and newline kept", B("a\tb\nc"), B("a\tb\nc"), 0},
	/* controls */
	{"C0 controls", B("a\x01" "b\x1F" "c"), B("a b c"), 0},
	{"NUL", B("a\0b"), B("a b"), 0},
	{"ESC", B("\x1B[1m"), B(" [1m"), 0},
	{"VT and FF", B("a\vb\fc"), B("a b c"), 0},
	{"DEL", B("a\x7F" "b"), B("a b"), 0},
	{"C1 controls (NEL, APC)", B("a\xC2\x85" "b\xC2\x9F" "c"), B("a b c"), 0},
	{"NBSP is not a control", B("a\xC2\xA0" "b"), B("a\xC2\xA0" "b"), 0},
	/* line ends */
	{"CRLF", B("a\r\nb"), B("a\nb"), 0},
	{"lone CR", B("a\rb"), B("a\nb"), 0},
	{"CR CR LF", B("a\r\r\nb"), B("a\n\nb"), 0},
	{"LF CR", B("a\n\rb"), B("a\n\nb"), 0},
	{"CR at end", B("a\r"), B("a\n"), 0},
	{"CRLF at end", B("a\r\n"), B("a\n"), 0},
	{"CRLF around Vietnamese", B("Hà\r\nNội\r\n"), B("Hà\nNội\n"), 0},
	/* BOM */
	{"leading BOM", B("\xEF\xBB\xBFTin tức"), B("Tin tức"), 0},
	{"BOM only", B("\xEF\xBB\xBF"), B(""), 0},
	{"U+FEFF between words separates them", B("Hà Nội\xEF\xBB\xBFThủ đô"), B("Hà Nội Thủ đô"), 0},
	{"second BOM after the first", B("\xEF\xBB\xBF\xEF\xBB\xBF" "a"), B(" a"), 0},
	/* invalid UTF-8: one U+FFFD per maximal bad subpart (Unicode 3.9) */
	{"genuine U+FFFD kept, not counted", B("a" FFFD "b"), B("a" FFFD "b"), 0},
	{"stray continuation byte", B("a\x80" "b"), B("a" FFFD "b"), 1},
	{"bad lead bytes FF FE", B("\xFF\xFE"), B(FFFD FFFD), 2},
	{"overlong C0 AF", B("\xC0\xAF"), B(FFFD FFFD), 2},
	{"overlong E0 80 AF", B("\xE0\x80\xAF"), B(FFFD FFFD FFFD), 3},
	{"surrogate ED A0 80", B("\xED\xA0\x80"), B(FFFD FFFD FFFD), 3},
	{"above U+10FFFF", B("\xF4\x90\x80\x80"), B(FFFD FFFD FFFD FFFD), 4},
	{"F5 lead byte", B("\xF5\x80"), B(FFFD FFFD), 2},
	{"2-byte lead cut by the end", B("a\xC3"), B("a" FFFD), 1},
	{"invalid between Vietnamese words", B("Hà\xFFNội"), B("Hà" FFFD "Nội"), 1},
	{"4-byte character kept", B("\xF0\x9F\x93\xB0 tin"), B("\xF0\x9F\x93\xB0 tin"), 0},
	{"U+10FFFF kept", B("\xF4\x8F\xBF\xBF"), B("\xF4\x8F\xBF\xBF"), 0},
	/* NFD -> NFC */
	{"NFD hoà", B("hoa\xCC\x80"), B("hoà"), 0},
	{"NFD Việt, marks in canonical order", B("Vie\xCC\xA3\xCC\x82t"), B("Việt"), 0},
	{"NFD Việt, marks reversed", B("Vie\xCC\x82\xCC\xA3t"), B("Việt"), 0},
	{"NFD ĐƯỜNG", B("\xC4\x90U\xCC\x9BO\xCC\x9B\xCC\x80NG"), B("ĐƯỜNG"), 0},
	{"NFD after NFC text", B("Hà Nội hoa\xCC\x80"), B("Hà Nội hoà"), 0},
	{"singleton U+212B ANGSTROM SIGN", B("\xE2\x84\xAB"), B("\xC3\x85"), 0},
	{"NFD and invalid byte", B("a\xCC\x81\xFF"), B("á" FFFD), 1},
	{"mark after a space stays", B(" \xCC\x81"), B(" \xCC\x81"), 0},
	{"NFD with CRLF and BOM", B("\xEF\xBB\xBFkho\xCC\x89" "e\r\n"), B("khỏe\n"), 0},
};

static int check_clean(const clean_row *row, int *nfail)
{
	char *in = unit_exact_copy(row->in, row->in_len);
	tc_buf out;
	tc_buf_init(&out, 1 << 16);
	size_t bad = 12345;
	tc_status st = vn_text_clean(in, row->in_len, &out, &bad);
	const char *got = out.data ? out.data : "";
	char s1[512], s2[512];
	int before = *nfail;
	if (st != TC_OK)
		ROW_FAIL(*nfail, row->name, "status %d", st);
	else if (out.len != row->want_len || memcmp(got, row->want, row->want_len) != 0)
		ROW_FAIL(*nfail, row->name, "\"%s\", want \"%s\"", show(got, out.len, s1, sizeof s1),
			 show(row->want, row->want_len, s2, sizeof s2));
	else if (bad != row->want_invalid)
		ROW_FAIL(*nfail, row->name, "%zu invalid, want %zu", bad, row->want_invalid);
	tc_buf_release(&out);
	free(in);
	return *nfail == before;
}

static void test_clean(void **state)
{
	(void)state;
	int nfail = 0;
	for (size_t r = 0; r < N_ROWS(clean_rows); r++)
		check_clean(&clean_rows[r], &nfail);
	ROWS_DONE(nfail, N_ROWS(clean_rows));
}

/* docs/TEXT.md: "truncated ... sequences become U+FFFD, one per bad
 * sequence".  A lead byte and the continuation bytes that followed it are one
 * truncated sequence (Unicode 3.9, "maximal subpart"), so one U+FFFD.
 * Fails today: vn_utf8_decode rejects the lead byte alone, and each of its
 * continuation bytes then becomes a U+FFFD of its own. */
static void test_clean_truncated_sequence(void **state)
{
	(void)state;
	static const clean_row rows[] = {
		{"3-byte sequence cut by the end", B("a\xE1\xBA"), B("a" FFFD), 1},
		{"3-byte sequence cut by ASCII", B("\xE1\xBAx"), B(FFFD "x"), 1},
		{"3-byte sequence cut by a letter", B("\xE1\xBA" "đ"), B(FFFD "đ"), 1},
		{"4-byte sequence cut by a space", B("\xF0\x9F\x93 "), B(FFFD " "), 1},
		{"4-byte sequence cut after two bytes", B("\xF0\x9F" "a"), B(FFFD "a"), 1},
	};
	int nfail = 0;
	for (size_t r = 0; r < N_ROWS(rows); r++)
		check_clean(&rows[r], &nfail);
	ROWS_DONE(nfail, N_ROWS(rows));
}

/* Cleaning appends; what was in the buffer stays. */
static void test_clean_appends(void **state)
{
	(void)state;
	static const clean_row rows[] = {
		{"ascii after prefix", B("abc"), B("PRE|abc"), 0},
		{"NFD after prefix", B("hoa\xCC\x80"), B("PRE|hoà"), 0},
		{"invalid after prefix", B("\xFF"), B("PRE|" FFFD), 1},
		{"empty after prefix", B(""), B("PRE|"), 0},
	};
	int nfail = 0;
	for (size_t r = 0; r < N_ROWS(rows); r++) {
		tc_buf out;
		tc_buf_init(&out, 1024);
		assert_int_equal(tc_buf_append_str(&out, "PRE|"), TC_OK);
		char *in = unit_exact_copy(rows[r].in, rows[r].in_len);
		size_t bad;
		tc_status st = vn_text_clean(in, rows[r].in_len, &out, &bad);
		if (st != TC_OK || out.len != rows[r].want_len ||
		    memcmp(out.data, rows[r].want, rows[r].want_len) != 0 || bad != rows[r].want_invalid)
			ROW_FAIL(nfail, rows[r].name, "status %d, \"%s\", %zu invalid", st, out.data, bad);
		/* n_invalid may be NULL. */
		if (vn_text_clean(in, rows[r].in_len, &out, NULL) != TC_OK)
			ROW_FAIL(nfail, rows[r].name, "failed with n_invalid NULL");
		free(in);
		tc_buf_release(&out);
	}
	ROWS_DONE(nfail, N_ROWS(rows));
}

/* TC_ERR_TOO_BIG when the cap is reached; the buffer keeps its old contents. */
static void test_clean_too_big(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		const char *in;
		size_t in_len;
		size_t max;
		tc_status want;
	} rows[] = {
		{"fits exactly", B("Hà Nội"), 4 + 9, TC_OK},
		{"one byte over", B("Hà Nội"), 4 + 8, TC_ERR_TOO_BIG},
		{"over on the ASCII fast path", B("abcdefgh"), 4 + 7, TC_ERR_TOO_BIG},
		{"over on a replacement character", B("abc\xFF"), 4 + 5, TC_ERR_TOO_BIG},
		{"NFD over", B("hoa\xCC\x80 hoa\xCC\x80"), 4 + 3, TC_ERR_TOO_BIG},
		{"cap is the prefix, input empty", B(""), 4, TC_OK},
		{"cap is the prefix, input a BOM", B("\xEF\xBB\xBF"), 4, TC_OK},
	};
	int nfail = 0;
	for (size_t r = 0; r < N_ROWS(rows); r++) {
		tc_buf out;
		tc_buf_init(&out, rows[r].max);
		assert_int_equal(tc_buf_append_str(&out, "PRE|"), TC_OK);
		char *in = unit_exact_copy(rows[r].in, rows[r].in_len);
		size_t bad;
		tc_status st = vn_text_clean(in, rows[r].in_len, &out, &bad);
		if (st != rows[r].want)
			ROW_FAIL(nfail, rows[r].name, "status %d, want %d", st, rows[r].want);
		if (out.len > out.max)
			ROW_FAIL(nfail, rows[r].name, "len %zu beyond cap %zu", out.len, out.max);
		if (st != TC_OK && (out.len != 4 || memcmp(out.data, "PRE|", 5) != 0))
			ROW_FAIL(nfail, rows[r].name, "failed clean changed the buffer: \"%s\"", out.data);
		free(in);
		tc_buf_release(&out);
	}
	ROWS_DONE(nfail, N_ROWS(rows));
}

/* ---- vn_norm_token ----------------------------------------------------- */

typedef struct norm_row {
	const char *in;
	const char *exact;
	const char *fold;
	int diac;
} norm_row;

/* Run vn_norm_token on in[0..n) with output buffers of exactly the
 * documented size; 1 when it matched the row. */
static int check_norm(const char *name, const char *tok, size_t n, const char *want_exact,
		      const char *want_fold, int want_diac, int *nfail)
{
	char *in = unit_exact_copy(tok, n);
	char *exact = malloc(VN_NORM_OUT_MAX), *fold = malloc(VN_NORM_OUT_MAX);
	assert_non_null(exact);
	assert_non_null(fold);
	size_t el = 999, fl = 999;
	int diac = -1;
	int before = *nfail;
	tc_status st = vn_norm_token(in, n, exact, &el, fold, &fl, &diac);
	if (st != TC_OK) {
		ROW_FAIL(*nfail, name, "status %d", st);
	} else {
		if (el != strlen(exact) || fl != strlen(fold))
			ROW_FAIL(*nfail, name, "lengths %zu/%zu do not match the strings", el, fl);
		if (want_exact && strcmp(exact, want_exact) != 0)
			ROW_FAIL(*nfail, name, "exact \"%s\", want \"%s\"", exact, want_exact);
		if (want_fold && strcmp(fold, want_fold) != 0)
			ROW_FAIL(*nfail, name, "fold \"%s\", want \"%s\"", fold, want_fold);
		if (want_diac >= 0 && diac != want_diac)
			ROW_FAIL(*nfail, name, "has_diacritics %d, want %d", diac, want_diac);
		if (diac != (strcmp(exact, fold) != 0))
			ROW_FAIL(*nfail, name, "has_diacritics %d but exact %s fold", diac,
				 strcmp(exact, fold) ? "differs from" : "equals");
	}
	free(in);
	free(exact);
	free(fold);
	return *nfail == before;
}

static void run_norm_rows(const norm_row *rows, size_t n_rows)
{
	int nfail = 0;
	for (size_t r = 0; r < n_rows; r++)
		check_norm(rows[r].in, rows[r].in, strlen(rows[r].in), rows[r].exact, rows[r].fold,
			   rows[r].diac, &nfail);
	ROWS_DONE(nfail, n_rows);
}

/* Case folding, đ folding and the two forms. */
static void test_norm_case_and_fold(void **state)
{
	(void)state;
	static const norm_row rows[] = {
		{"", "", "", 0},
		{"covid", "covid", "covid", 0},
		{"COVID", "covid", "covid", 0},
		{"2020", "2020", "2020", 0},
		{"35-CT/TW", "35-ct/tw", "35-ct/tw", 0},
		{"Hà", "hà", "ha", 1},
		{"HÀ", "hà", "ha", 1},
		{"đ", "đ", "d", 1},
		{"Đ", "đ", "d", 1},
		{"Đà", "đà", "da", 1},
		{"ĐƯỜNG", "đường", "duong", 1},
		{"Đường", "đường", "duong", 1},
		{"Dương", "dương", "duong", 1},
		{"đương", "đương", "duong", 1},
		{"Ư", "ư", "u", 1},
		{"ƯU", "ưu", "uu", 1},
		{"Ơn", "ơn", "on", 1},
		{"ƠN", "ơn", "on", 1},
		{"ĂN", "ăn", "an", 1},
		{"ÂM", "âm", "am", 1},
		{"ÊM", "êm", "em", 1},
		{"ÔNG", "ông", "ong", 1},
		{"NGHĨA", "nghĩa", "nghia", 1},
		{"VIỆT", "việt", "viet", 1},
		{"NGUYỄN", "nguyễn", "nguyen", 1},
		{"ĐĂK", "đăk", "dak", 1},
		{"NĐ-CP", "nđ-cp", "nd-cp", 1},
		{"Ỹ", "ỹ", "y", 1},
		/* not Vietnamese: case folded, marks folded, left as written */
		{"Café", "café", "cafe", 1},
		{"MÜLLER", "müller", "muller", 1},
		{"Москва", "москва", "москва", 0},
		{"ΑΘΗΝΑ", "αθηνα", "αθηνα", 0},
		{"北京", "北京", "北京", 0},
	};
	run_norm_rows(rows, N_ROWS(rows));
}

/* Old and new tone placement give the same exact form, the traditional one
 * (docs/TEXT.md, "Canonical tone placement"). */
static void test_norm_tone_styles(void **state)
{
	(void)state;
	static const struct {
		const char *old_style; /* also the expected exact form, lower-cased */
		const char *new_style;
		const char *exact;
	} rows[] = {
		{"hòa", "hoà", "hòa"},
		{"Hòa", "Hoà", "hòa"},
		{"HÒA", "HOÀ", "hòa"},
		{"thủy", "thuỷ", "thủy"},
		{"Thủy", "Thuỷ", "thủy"},
		{"THỦY", "THUỶ", "thủy"},
		{"khỏe", "khoẻ", "khỏe"},
		{"KHỎE", "KHOẺ", "khỏe"},
		{"ủy", "uỷ", "ủy"},
		{"Ủy", "Uỷ", "ủy"},
		{"tòa", "toà", "tòa"},
		{"họa", "hoạ", "họa"},
		{"hóa", "hoá", "hóa"},
		{"khóa", "khoá", "khóa"},
		{"xòe", "xoè", "xòe"},
		{"hòe", "hoè", "hòe"},
		{"lũy", "luỹ", "lũy"},
		{"tùy", "tuỳ", "tùy"},
		{"thúy", "thuý", "thúy"},
		{"lõa", "loã", "lõa"},
		{"òa", "oà", "òa"},
	};
	int nfail = 0;
	for (size_t r = 0; r < N_ROWS(rows); r++) {
		const char *ex = rows[r].exact;
		check_norm(rows[r].old_style, rows[r].old_style, strlen(rows[r].old_style), ex, NULL, 1,
			   &nfail);
		check_norm(rows[r].new_style, rows[r].new_style, strlen(rows[r].new_style), ex, NULL, 1,
			   &nfail);
	}
	ROWS_DONE(nfail, 2 * N_ROWS(rows));
}

/* Syllables where both styles agree keep their mark where it is: qu/gi,
 * quality-marked vowels, closed syllables, three-vowel clusters. */
static void test_norm_tone_untouched(void **state)
{
	(void)state;
	static const norm_row rows[] = {
		{"qua", "qua", "qua", 0},
		{"quá", "quá", "qua", 1},
		{"Quá", "quá", "qua", 1},
		{"quà", "quà", "qua", 1},
		{"quả", "quả", "qua", 1},
		{"quý", "quý", "quy", 1},
		{"QUÝ", "quý", "quy", 1},
		{"quỳ", "quỳ", "quy", 1},
		{"quyền", "quyền", "quyen", 1},
		{"quốc", "quốc", "quoc", 1},
		{"gì", "gì", "gi", 1},
		{"Gì", "gì", "gi", 1},
		{"gìn", "gìn", "gin", 1},
		{"già", "già", "gia", 1},
		{"giá", "giá", "gia", 1},
		{"giữa", "giữa", "giua", 1},
		{"GIỮA", "giữa", "giua", 1},
		{"giường", "giường", "giuong", 1},
		{"giếng", "giếng", "gieng", 1},
		{"hoàng", "hoàng", "hoang", 1},
		{"HOÀNG", "hoàng", "hoang", 1},
		{"thuyền", "thuyền", "thuyen", 1},
		{"toán", "toán", "toan", 1},
		{"hoạch", "hoạch", "hoach", 1},
		{"huýt", "huýt", "huyt", 1},
		{"người", "người", "nguoi", 1},
		{"mười", "mười", "muoi", 1},
		{"ngoài", "ngoài", "ngoai", 1},
		{"khuỷu", "khuỷu", "khuyu", 1},
		{"ngoáy", "ngoáy", "ngoay", 1},
		{"cuối", "cuối", "cuoi", 1},
		{"khuấy", "khuấy", "khuay", 1},
		{"mùa", "mùa", "mua", 1},
		{"múa", "múa", "mua", 1},
		{"tài", "tài", "tai", 1},
		{"kìa", "kìa", "kia", 1},
		{"cửa", "cửa", "cua", 1},
		{"thuở", "thuở", "thuo", 1},
		{"thuế", "thuế", "thue", 1},
		{"hoặc", "hoặc", "hoac", 1},
		{"việt", "việt", "viet", 1},
		{"nguyễn", "nguyễn", "nguyen", 1},
		{"ý", "ý", "y", 1},
		{"yếu", "yếu", "yeu", 1},
		{"khuya", "khuya", "khuya", 0},
		/* not one syllable, or not only Vietnamese letters: as written */
		{"hoàhoà", "hoàhoà", "hoahoa", 1},
		{"hoà2", "hoà2", "hoa2", 1},
	};
	run_norm_rows(rows, N_ROWS(rows));
}

/* Rule 1 of docs/TEXT.md: after qu and gi the u / i belongs to the
 * consonant, so a mark typed on it moves to the vowel. */
static void test_norm_tone_after_qu_gi(void **state)
{
	(void)state;
	static const norm_row rows[] = {
		{"qủa", "quả", "qua", 1},
		{"qúa", "quá", "qua", 1},
		{"gìa", "già", "gia", 1},
	};
	run_norm_rows(rows, N_ROWS(rows));
}

/* NFD input, once through the door, gives what the NFC spelling gives. */
static void test_norm_nfd_input(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		const char *nfd;
		const char *nfc;
		const char *exact;
		const char *fold;
	} rows[] = {
		{"hoà", "hoa\xCC\x80", "hoà", "hòa", "hoa"},
		{"hòa", "ho\xCC\x80" "a", "hòa", "hòa", "hoa"},
		{"THUỶ", "THUY\xCC\x89", "THUỶ", "thủy", "thuy"},
		{"khoẻ", "khoe\xCC\x89", "khoẻ", "khỏe", "khoe"},
		{"khỏe", "kho\xCC\x89" "e", "khỏe", "khỏe", "khoe"},
		{"Việt", "Vie\xCC\xA3\xCC\x82t", "Việt", "việt", "viet"},
		{"Việt, marks reversed", "Vie\xCC\x82\xCC\xA3t", "Việt", "việt", "viet"},
		{"ĐƯỜNG", "\xC4\x90U\xCC\x9BO\xCC\x9B\xCC\x80NG", "ĐƯỜNG", "đường", "duong"},
		{"giữa", "giu\xCC\x9B\xCC\x83" "a", "giữa", "giữa", "giua"},
		{"quý", "quy\xCC\x81", "quý", "quý", "quy"},
		{"Nguyễn", "Nguye\xCC\x82\xCC\x83n", "Nguyễn", "nguyễn", "nguyen"},
	};
	int nfail = 0;
	for (size_t r = 0; r < N_ROWS(rows); r++) {
		const char *forms[2] = {rows[r].nfd, rows[r].nfc};
		for (int f = 0; f < 2; f++) {
			tc_buf clean;
			tc_buf_init(&clean, 256);
			size_t bad;
			if (vn_text_clean(forms[f], strlen(forms[f]), &clean, &bad) != TC_OK || bad) {
				ROW_FAIL(nfail, rows[r].name, "clean failed");
			} else {
				char name[96];
				snprintf(name, sizeof name, "%s (%s)", rows[r].name, f ? "NFC" : "NFD");
				check_norm(name, clean.data, clean.len, rows[r].exact, rows[r].fold, 1, &nfail);
			}
			tc_buf_release(&clean);
		}
	}
	ROWS_DONE(nfail, 2 * N_ROWS(rows));
}

static char *repeat(const char *unit, size_t times, size_t *n)
{
	size_t u = strlen(unit);
	char *s = malloc(u * times + 1);
	assert_non_null(s);
	for (size_t i = 0; i < times; i++)
		memcpy(s + i * u, unit, u);
	s[u * times] = '\0';
	*n = u * times;
	return s;
}

/* VN_TOKEN_MAX bytes are accepted and fit VN_NORM_OUT_MAX whatever they
 * hold; one more byte is TC_ERR_TOO_BIG with empty results. */
static void test_norm_length_limits(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		const char *unit;
		size_t times;
		tc_status want;
	} rows[] = {
		{"120 ASCII", "A", VN_TOKEN_MAX, TC_OK},
		{"121 ASCII", "A", VN_TOKEN_MAX + 1, TC_ERR_TOO_BIG},
		{"60 x U+023A (lower case is longer)", "\xC8\xBA", VN_TOKEN_MAX / 2, TC_OK},
		{"40 x Ệ", "Ệ", VN_TOKEN_MAX / 3, TC_OK},
		{"40 x hoà-like syllables", "oà", VN_TOKEN_MAX / 3, TC_OK},
		{"30 x 4-byte letters", "\xF0\x9D\x90\x80", VN_TOKEN_MAX / 4, TC_OK},
		{"41 x Ệ", "Ệ", VN_TOKEN_MAX / 3 + 1, TC_ERR_TOO_BIG},
	};
	int nfail = 0;
	for (size_t r = 0; r < N_ROWS(rows); r++) {
		size_t n;
		char *s = repeat(rows[r].unit, rows[r].times, &n);
		char *in = unit_exact_copy(s, n);
		char *exact = malloc(VN_NORM_OUT_MAX), *fold = malloc(VN_NORM_OUT_MAX);
		assert_non_null(exact);
		assert_non_null(fold);
		size_t el = 7, fl = 7;
		int diac = 7;
		tc_status st = vn_norm_token(in, n, exact, &el, fold, &fl, &diac);
		if (st != rows[r].want)
			ROW_FAIL(nfail, rows[r].name, "status %d, want %d", st, rows[r].want);
		else if (st != TC_OK && (el || fl || diac))
			ROW_FAIL(nfail, rows[r].name, "out-params not zeroed on failure");
		else if (st == TC_OK && (el >= VN_NORM_OUT_MAX || fl >= VN_NORM_OUT_MAX))
			ROW_FAIL(nfail, rows[r].name, "output %zu/%zu does not fit", el, fl);
		free(s);
		free(in);
		free(exact);
		free(fold);
	}
	ROWS_DONE(nfail, N_ROWS(rows));
}

/* vn_norm_token keeps recent tokens beyond ASCII per thread: more distinct
 * tokens than it keeps, asked three times in different orders (so that
 * entries are evicted, and slots met again by other tokens), each answered
 * as built.  "Ả" then consonants in upper case: exact "ả…", fold "a…". */
static void test_norm_repeated_tokens(void **state)
{
	(void)state;
	static const char cons[] = "BCDFGHJKLMNPQRSTVXZ";
	enum { N = 6000 };
	int nfail = 0;
	for (int round = 0; round < 3; round++) {
		for (int j = 0; j < N; j++) {
			int i = round == 1 ? N - 1 - j : j;
			char in[32] = "\xE1\xBA\xA2"; /* Ả */
			char want_exact[32] = "\xE1\xBA\xA3", want_fold[32] = "a"; /* ả */
			size_t n = 3, ne = 3, nf = 1;
			/* every fourth one is longer than the tokens kept */
			int len = i % 4 == 3 ? 26 : 1;
			for (int v = i, k = 0; k < len || v; k++, v /= 19) {
				char c = cons[v % 19];
				in[n++] = c;
				want_exact[ne++] = (char)(c - 'A' + 'a');
				want_fold[nf++] = (char)(c - 'A' + 'a');
			}
			in[n] = want_exact[ne] = want_fold[nf] = '\0';
			char name[48];
			snprintf(name, sizeof name, "round %d token %d", round, i);
			check_norm(name, in, n, want_exact, want_fold, 1, &nfail);
			if (nfail > 5)
				break;
		}
	}
	ROWS_DONE(nfail, 3 * N);
}

/* ---- vn_fold_text ------------------------------------------------------ */

typedef struct fold_row {
	const char *in;
	const char *want;
} fold_row;

static const fold_row fold_rows[] = {
	{"", ""},
	{"Ha Noi", "ha noi"},
	{"Hà Nội, ngày 15/6/2020", "ha noi, ngay 15/6/2020"},
	{"ĐƯỜNG Đi Đến", "duong di den"},
	{"Thủy\tKHOẺ\n", "thuy\tkhoe\n"},
	{"ĂÂÊÔƠƯĐ ăâêôơưđ", "aaeooud aaeooud"},
	{"“Đổi mới” – 35-CT/TW", "“doi moi” – 35-ct/tw"},
	{"«Tin» — UBND TP.HCM", "«tin» — ubnd tp.hcm"},
	{"Café MÜLLER", "cafe muller"},
	{"Москва", "москва"},
	{"3.000 đồng", "3.000 dong"},
};

static void test_fold_text(void **state)
{
	(void)state;
	int nfail = 0;
	for (size_t r = 0; r < N_ROWS(fold_rows); r++) {
		size_t n = strlen(fold_rows[r].in);
		char *in = unit_exact_copy(fold_rows[r].in, n);
		tc_buf out;
		tc_buf_init(&out, 1024);
		assert_int_equal(tc_buf_append_str(&out, "P:"), TC_OK);
		tc_status st = vn_fold_text(in, n, &out);
		if (st != TC_OK)
			ROW_FAIL(nfail, fold_rows[r].in, "status %d", st);
		else if (strncmp(out.data, "P:", 2) != 0 || strcmp(out.data + 2, fold_rows[r].want) != 0)
			ROW_FAIL(nfail, fold_rows[r].in, "\"%s\", want \"P:%s\"", out.data, fold_rows[r].want);
		tc_buf_release(&out);
		free(in);
	}
	ROWS_DONE(nfail, N_ROWS(fold_rows));
}

/* Folding a token through vn_fold_text and vn_norm_token agrees. */
static void test_fold_text_matches_norm(void **state)
{
	(void)state;
	static const char *const words[] = {"Đường", "THUỶ", "hòa", "Nguyễn", "giữa", "NĐ-CP",
					    "Ư", "khoẻ", "quý", "Москва"};
	int nfail = 0;
	for (size_t r = 0; r < N_ROWS(words); r++) {
		char exact[VN_NORM_OUT_MAX], fold[VN_NORM_OUT_MAX];
		size_t el, fl;
		int diac;
		tc_buf out;
		tc_buf_init(&out, 256);
		if (vn_norm_token(words[r], strlen(words[r]), exact, &el, fold, &fl, &diac) != TC_OK ||
		    vn_fold_text(words[r], strlen(words[r]), &out) != TC_OK)
			ROW_FAIL(nfail, words[r], "failed");
		else if (out.len != fl || memcmp(out.data, fold, fl) != 0)
			ROW_FAIL(nfail, words[r], "fold_text \"%s\", norm_token \"%s\"", out.data, fold);
		tc_buf_release(&out);
	}
	ROWS_DONE(nfail, N_ROWS(words));
}

static void test_fold_text_too_big(void **state)
{
	(void)state;
	tc_buf out;
	tc_buf_init(&out, 5);
	assert_int_equal(vn_fold_text("Hà Nội", strlen("Hà Nội"), &out), TC_ERR_TOO_BIG);
	assert_true(out.len <= 5);
	tc_buf_release(&out);
	tc_buf_init(&out, 6);
	assert_int_equal(vn_fold_text("Hà Nội", strlen("Hà Nội"), &out), TC_OK);
	assert_string_equal(out.data, "ha noi");
	tc_buf_release(&out);
}

/* ---- character classes and UTF-8 -------------------------------------- */

static void test_char_classes(void **state)
{
	(void)state;
	static const struct {
		int32_t cp;
		const char *name;
		int word;
		int upper;
	} rows[] = {
		{'a', "a", 1, 0},
		{'Z', "Z", 1, 1},
		{'5', "5", 1, 0},
		{' ', "space", 0, 0},
		{'-', "hyphen", 0, 0},
		{'/', "slash", 0, 0},
		{'.', "full stop", 0, 0},
		{0xC0, "À", 1, 1},
		{0x110, "Đ", 1, 1},
		{0x111, "đ", 1, 0},
		{0x1AF, "Ư", 1, 1},
		{0x1B0, "ư", 1, 0},
		{0x1A0, "Ơ", 1, 1},
		{0x1EA0, "Ạ", 1, 1},
		{0x1EF9, "ỹ", 1, 0},
		{0x0301, "combining acute", 1, 0},
		{0x0323, "combining dot below", 1, 0},
		{0x201C, "left double quote", 0, 0},
		{0x201D, "right double quote", 0, 0},
		{0xAB, "«", 0, 0},
		{0xBB, "»", 0, 0},
		{0x2013, "en dash", 0, 0},
		{0x2014, "em dash", 0, 0},
		{0xA0, "no-break space", 0, 0},
		{0x41C, "М", 1, 1},
		{0x4E2D, "中", 1, 0},
		{0x663, "Arabic-Indic 3", 1, 0},
		{0xFFFD, "replacement character", 0, 0},
	};
	int nfail = 0;
	for (size_t r = 0; r < N_ROWS(rows); r++) {
		if (!!vn_is_word_char(rows[r].cp) != rows[r].word)
			ROW_FAIL(nfail, rows[r].name, "word char %d, want %d", !rows[r].word, rows[r].word);
		if (!!vn_is_upper(rows[r].cp) != rows[r].upper)
			ROW_FAIL(nfail, rows[r].name, "upper %d, want %d", !rows[r].upper, rows[r].upper);
	}
	ROWS_DONE(nfail, N_ROWS(rows));
}

static void test_utf8_decode(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		const char *s;
		size_t n; /* bytes the decoder may look at */
		int32_t cp;
		size_t len;
	} rows[] = {
		{"ASCII", "A", 1, 'A', 1},
		{"2-byte à", "\xC3\xA0", 2, 0xE0, 2},
		{"2-byte, n = 1", "\xC3\xA0", 1, 0xFFFD, 1},
		{"3-byte ệ", "\xE1\xBB\x87", 3, 0x1EC7, 3},
		{"3-byte, n = 2", "\xE1\xBB\x87", 2, 0xFFFD, 2},
		{"4-byte", "\xF0\x9F\x93\xB0", 4, 0x1F4F0, 4},
		{"4-byte, n = 3", "\xF0\x9F\x93\xB0", 3, 0xFFFD, 3},
		{"U+FFFD itself", FFFD, 3, 0xFFFD, 3},
		{"overlong", "\xC0\x80", 2, 0xFFFD, 1},
		{"overlong 3-byte", "\xE0\x80\x80", 3, 0xFFFD, 1},
		{"surrogate", "\xED\xA0\x80", 3, 0xFFFD, 1},
		{"above U+10FFFF", "\xF4\x90\x80\x80", 4, 0xFFFD, 1},
		{"continuation byte", "\x80", 1, 0xFFFD, 1},
		{"bad second byte", "\xC3" "A", 2, 0xFFFD, 1},
	};
	int nfail = 0;
	for (size_t r = 0; r < N_ROWS(rows); r++) {
		char *s = unit_exact_copy(rows[r].s, rows[r].n);
		int32_t cp = -1;
		size_t len = vn_utf8_decode((const unsigned char *)s, rows[r].n, &cp);
		if (cp != rows[r].cp || len != rows[r].len)
			ROW_FAIL(nfail, rows[r].name, "U+%04X/%zu, want U+%04X/%zu", (unsigned)cp, len,
				 (unsigned)rows[r].cp, rows[r].len);
		free(s);
	}
	ROWS_DONE(nfail, N_ROWS(rows));
}

static void test_utf8_encode_round_trip(void **state)
{
	(void)state;
	static const struct {
		int32_t cp;
		size_t len;
	} rows[] = {{0, 1},	    {0x7F, 1},	  {0x80, 2},	 {0x111, 2},  {0x7FF, 2},
		    {0x800, 3},	    {0x1EC7, 3},  {0xFFFD, 3},	 {0xFFFF, 3}, {0x10000, 4},
		    {0x1F4F0, 4},   {0x10FFFF, 4}};
	int nfail = 0;
	for (size_t r = 0; r < N_ROWS(rows); r++) {
		char name[16], buf[4];
		snprintf(name, sizeof name, "U+%04X", (unsigned)rows[r].cp);
		size_t len = vn_utf8_encode(rows[r].cp, buf);
		int32_t back = -1;
		size_t used = vn_utf8_decode((const unsigned char *)buf, len, &back);
		if (len != rows[r].len || used != len || back != rows[r].cp)
			ROW_FAIL(nfail, name, "encoded in %zu bytes, decoded U+%04X from %zu", len,
				 (unsigned)back, used);
	}
	ROWS_DONE(nfail, N_ROWS(rows));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean),
		cmocka_unit_test(test_clean_truncated_sequence),
		cmocka_unit_test(test_clean_appends),
		cmocka_unit_test(test_clean_too_big),
		cmocka_unit_test(test_norm_case_and_fold),
		cmocka_unit_test(test_norm_tone_styles),
		cmocka_unit_test(test_norm_tone_untouched),
		cmocka_unit_test(test_norm_tone_after_qu_gi),
		cmocka_unit_test(test_norm_nfd_input),
		cmocka_unit_test(test_norm_length_limits),
		cmocka_unit_test(test_norm_repeated_tokens),
		cmocka_unit_test(test_fold_text),
		cmocka_unit_test(test_fold_text_matches_norm),
		cmocka_unit_test(test_fold_text_too_big),
		cmocka_unit_test(test_char_classes),
		cmocka_unit_test(test_utf8_decode),
		cmocka_unit_test(test_utf8_encode_round_trip),
	};
	return cmocka_run_group_tests_name("vn_text", tests, NULL, NULL);
}
