/*
 * ev_test.c - the evaluation's own helpers, checked before they judge the
 * searcher: query variants (ev_text) and ranking measures (ev_metrics).
 * Table-driven; prints each failing case and exits 1 when any fails.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ev_metrics.h"
#include "ev_text.h"
#include "tc_banned.h"

static int failures;

typedef tc_status (*variant_fn)(const char *s, size_t n, tc_buf *out);

static void check_str(const char *what, const char *in, const char *got, const char *want)
{
	if (strcmp(got, want) != 0) {
		printf("FAIL %s(\"%s\"): got \"%s\", want \"%s\"\n", what, in, got, want);
		failures++;
	}
}

static void run_variant(const char *what, variant_fn fn, const char *in, const char *want)
{
	tc_buf b;
	tc_buf_init(&b, 1u << 16);
	if (fn(in, strlen(in), &b) != TC_OK) {
		printf("FAIL %s(\"%s\"): error\n", what, in);
		failures++;
	} else {
		check_str(what, in, b.data ? b.data : "", want);
	}
	tc_buf_release(&b);
}

static void test_tone_flip(void)
{
	static const struct {
		const char *in, *want;
		int changed;
	} cases[] = {
		{"hòa", "hoà", 1},
		{"hoà", "hòa", 1},
		{"thủy", "thuỷ", 1},
		{"thuỷ", "thủy", 1},
		{"khỏe", "khoẻ", 1},
		{"khoẻ", "khỏe", 1},
		{"Hòa Bình", "Hoà Bình", 1},
		{"HÒA", "HOÀ", 1},
		{"hoàng", "hoàng", 0},   /* final consonant: both styles agree */
		{"thuyền", "thuyền", 0}, /* quality mark: not this rule */
		{"quý", "quý", 0},       /* qu + y: u belongs to the initial */
		{"quỳ", "quỳ", 0},
		{"khuya", "khuya", 0},
		{"hoa", "hoa", 0},       /* no tone mark */
		{"hoặc", "hoặc", 0},
		{"đóa", "đoá", 1},
		{"lòa xòa", "loà xoà", 2},
		{"Ủy ban", "Uỷ ban", 1},
		{"tuỳ", "tùy", 1},
		{"COVID-19 thủy", "COVID-19 thuỷ", 1},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		tc_buf b;
		tc_buf_init(&b, 1u << 16);
		int changed = -1;
		if (ev_text_tone_flip(cases[i].in, strlen(cases[i].in), &b, &changed) != TC_OK) {
			printf("FAIL tone_flip(\"%s\"): error\n", cases[i].in);
			failures++;
		} else {
			check_str("tone_flip", cases[i].in, b.data ? b.data : "", cases[i].want);
			if (changed != cases[i].changed) {
				printf("FAIL tone_flip(\"%s\"): changed %d, want %d\n", cases[i].in,
				       changed, cases[i].changed);
				failures++;
			}
		}
		tc_buf_release(&b);
	}
}

static void test_variants(void)
{
	run_variant("fold", ev_text_fold, "Đà Nẵng đón khách", "da nang don khach");
	run_variant("dd", ev_text_dd, "Đà Nẵng đón khách", "Dà Nẵng dón khách");
	run_variant("upper", ev_text_upper, "Đà Nẵng đón", "ĐÀ NẴNG ĐÓN");
	run_variant("nfd", ev_text_nfd, "hồ",
		    "ho\xcc\x82\xcc\x80"); /* o + circumflex + grave */
	run_variant("query", ev_text_query, "  Hà\tNội\n\n mở  rộng ", "Hà Nội mở rộng");
	run_variant("query", ev_text_query, "ho\xcc\x82\xcc\x80 Tây", "hồ Tây"); /* NFC */
	run_variant("title_key", ev_text_title_key, "Hoà  Bình: THỦY điện ",
		    "hòa bình: thủy điện");
	run_variant("title_key", ev_text_title_key, "Hòa Bình: thuỷ điện", "hòa bình: thủy điện");
}

static void test_words(void)
{
	static const struct {
		const char *in;
		size_t n, letters;
	} cases[] = {
		{"Hà Nội, ngày 15/6/2020", 6, 3},
		{"", 0, 0},
		{" -- ", 0, 0},
		{"COVID-19 lây lan", 4, 3},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		ev_words w;
		ev_words_init(&w);
		size_t letters = 0;
		if (ev_words_split(&w, cases[i].in, strlen(cases[i].in)) != TC_OK) {
			printf("FAIL words(\"%s\"): error\n", cases[i].in);
			failures++;
		}
		for (size_t k = 0; k < w.n; k++)
			letters += (size_t)w.v[k].letters;
		if (w.n != cases[i].n || letters != cases[i].letters) {
			printf("FAIL words(\"%s\"): %zu words, %zu with letters; want %zu, %zu\n",
			       cases[i].in, w.n, letters, cases[i].n, cases[i].letters);
			failures++;
		}
		ev_words_release(&w);
	}
}

static int near(double a, double b)
{
	return fabs(a - b) < 1e-9;
}

static void test_score(void)
{
	/* Not static: the log2() values are not constant expressions in C17,
	 * and clang (unlike gcc) rejects them in a static initializer. */
	const struct {
		unsigned char rel[10];
		size_t nhits, nrel;
		double s1, s10, rr, ndcg, recall;
	} cases[] = {
		{{1}, 10, 1, 1, 1, 1, 1, 1},
		{{0, 1}, 10, 1, 0, 1, 0.5, 1 / log2(3.0), 1},
		{{0}, 10, 3, 0, 0, 0, 0, 0},
		{{1, 1, 1}, 3, 3, 1, 1, 1, 1, 1},
		/* 2 of 4 relevant at ranks 2 and 4 */
		{{0, 1, 0, 1}, 10, 4, 0, 1, 0.5,
		 (1 / log2(3.0) + 1 / log2(5.0)) / (1 + 1 / log2(3.0) + 1 / log2(4.0) + 1 / log2(5.0)),
		 0.5},
		{{0}, 0, 1, 0, 0, 0, 0, 0}, /* no hits */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		ev_query_score q = ev_score(cases[i].rel, cases[i].nhits, cases[i].nrel, 10);
		if (!near(q.s1, cases[i].s1) || !near(q.s10, cases[i].s10) ||
		    !near(q.rr, cases[i].rr) || !near(q.ndcg10, cases[i].ndcg) ||
		    !near(q.recall10, cases[i].recall)) {
			printf("FAIL score case %zu: s1 %.3f s10 %.3f rr %.3f ndcg %.3f recall %.3f\n",
			       i, q.s1, q.s10, q.rr, q.ndcg10, q.recall10);
			failures++;
		}
	}
}

int main(void)
{
	test_tone_flip();
	test_variants();
	test_words();
	test_score();
	if (failures) {
		printf("%d failure%s\n", failures, failures > 1 ? "s" : "");
		return 1;
	}
	printf("ev_test: all passed\n");
	return 0;
}
