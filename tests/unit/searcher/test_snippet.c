/*
 * test_snippet.c - the passage under a result and its marks
 * (searcher/snippet.h).
 *
 * Each row renders the snippet with its marked words in [brackets], so a
 * row shows at once which window was chosen, where it was cut (… at a cut)
 * and what was marked.  Contract: the window with the most distinct query
 * words wins, then the most of them side by side; a match is a token whose
 * folded form is a query form, so unaccented queries mark accented words;
 * every match inside the passage is marked, not only the first; the start
 * of the text when nothing matches; about max_bytes long, cut between
 * words.
 */
#include "unit_test.h"

#include <stdio.h>

#include "snippet.h"
#include "tc_banned.h"

static const char cold[] =
	"Sáng nay, Thủ đô Hà Nội đón đợt không khí lạnh. Nhiệt độ giảm sâu. Người dân Thủ đô "
	"được khuyến cáo giữ ấm. Ở vùng núi có thể xuất hiện băng giá, sương muối.";

typedef struct row {
	const char *name;
	const char *text;
	const char *terms[4];
	size_t max_bytes;
	const char *want; /* the snippet, marks in [] */
	int matched;      /* a window with matches (score >= 0) */
} row;

static const row rows[] = {
	{"unaccented terms mark accented words, every one in the passage", cold, {"thu", "do"}, 80,
	 "Sáng nay, [Thủ] [đô] Hà Nội đón đợt không khí lạnh. Nhiệt [độ] …", 1},
	{"the window where the words are, begun at a space", cold, {"bang", "gia"}, 60,
	 "… xuất hiện [băng] [giá], sương muối.", 1},
	{"no match: the start of the text", cold, {"xyz"}, 50, "Sáng nay, Thủ đô Hà Nội đón đợt …",
	 0},
	{"long enough for all: the whole text", cold, {"ha", "noi"}, 1000,
	 "Sáng nay, Thủ đô [Hà] [Nội] đón đợt không khí lạnh. Nhiệt độ giảm sâu. Người dân Thủ "
	 "đô được khuyến cáo giữ ấm. Ở vùng núi có thể xuất hiện băng giá, sương muối.",
	 1},
	{"a code marked whole, not its parts again",
	 "Theo Chỉ thị 35-CT/TW của Bộ Chính trị về đại hội.", {"35-ct/tw", "35", "ct", "tw"}, 100,
	 "Theo Chỉ thị [35-CT/TW] của Bộ Chính trị về đại hội.", 1},
	{"a word repeated: every one marked",
	 "nước nước nước nước nước nước nước nước nước nước nước nước", {"nuoc"}, 30,
	 "[nước] [nước] [nước] …", 1},
	{"two distinct words beat one word twice",
	 "Giá xăng tăng. Giá xăng lại tăng. Rồi giá điện cũng tăng theo giá xăng.", {"gia", "dien"},
	 40, "… Rồi [giá] [điện] cũng tăng theo [giá] …", 1},
	{"empty text", "", {"ha"}, 50, "", 0},
};

/* The snippet with [ ] around each span; checks the spans on the way. */
static const char *render(const tc_snippet *s, char *out, size_t cap, const char **bad)
{
	size_t at = 0, len = 0;
	*bad = NULL;
	for (size_t i = 0; i < s->nspans; i++) {
		const tc_span *sp = &s->spans[i];
		if (sp->start < at || sp->end <= sp->start || sp->end > s->text.len) {
			*bad = "spans out of order or outside the text";
			return out;
		}
		len += (size_t)snprintf(out + len, cap - len, "%.*s[%.*s]", (int)(sp->start - at),
					s->text.data + at, (int)(sp->end - sp->start),
					s->text.data + sp->start);
		at = sp->end;
	}
	snprintf(out + len, cap - len, "%.*s", (int)(s->text.len - at),
		 s->text.data ? s->text.data + at : "");
	return out;
}

static void test_windows_and_marks(void **state)
{
	(void)state;
	int nfail = 0;
	for (size_t i = 0; i < N_ROWS(rows); i++) {
		const row *r = &rows[i];
		size_t nterms = 0;
		while (nterms < 4 && r->terms[nterms])
			nterms++;
		size_t n = strlen(r->text);
		char *text = unit_exact_copy(r->text, n);
		tc_snippet s;
		tc_snippet_init(&s);
		tc_status st = tc_snippet_make(&s, text, n, r->terms, nterms, r->max_bytes);
		char got[2048];
		const char *bad;
		render(&s, got, sizeof got, &bad);
		if (st != TC_OK)
			ROW_FAIL(nfail, r->name, "status %d", st);
		else if (bad)
			ROW_FAIL(nfail, r->name, "%s", bad);
		else if (strcmp(got, r->want) != 0)
			ROW_FAIL(nfail, r->name, "got '%s', want '%s'", got, r->want);
		else if ((s.score >= 0) != r->matched)
			ROW_FAIL(nfail, r->name, "score %ld", s.score);
		tc_snippet_release(&s);
		free(text);
	}
	ROWS_DONE(nfail, N_ROWS(rows));
}

/* Does s[0..n) hold whole UTF-8 characters only? */
static int utf8_whole(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
		if ((c & 0xC0) == 0x80 || i + len > n)
			return 0;
		for (size_t k = 1; k < len; k++)
			if (((unsigned char)s[i + k] & 0xC0) != 0x80)
				return 0;
		i += len;
	}
	return 1;
}

/* The passage stays near max_bytes (plus the two ellipses) whatever the
 * text, and is valid UTF-8 cut between characters. */
static void test_length(void **state)
{
	(void)state;
	char text[4096];
	size_t n = 0;
	while (n + 40 < sizeof text)
		n += (size_t)snprintf(text + n, sizeof text - n, "Đường vành đai bốn qua Hà Nội. ");
	const char *terms[] = {"noi"};
	for (size_t max = 16; max <= 400; max += 7) {
		tc_snippet s;
		tc_snippet_init(&s);
		assert_int_equal(tc_snippet_make(&s, text, n, terms, 1, max), TC_OK);
		if (s.text.len > max + 8)
			fail_msg("max %zu: %zu bytes", max, s.text.len);
		if (!utf8_whole(s.text.data, s.text.len))
			fail_msg("max %zu: cut inside a character", max);
		assert_true(s.nspans >= 1);
		tc_snippet_release(&s);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_windows_and_marks),
		cmocka_unit_test(test_length),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
