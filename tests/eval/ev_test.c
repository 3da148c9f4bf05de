/*
 * ev_test.c - the evaluation's own helpers, checked before they judge the
 * searcher: query variants (ev_text), ranking measures (ev_metrics) and
 * keywords held as a run of words (ev_kw).
 * Table-driven; prints each failing case and exits 1 when any fails.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ev_kw.h"
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
		double s1, s10, rr, ndcg, recall, p10;
	} cases[] = {
		{{1}, 10, 1, 1, 1, 1, 1, 1, 0.1},
		{{0, 1}, 10, 1, 0, 1, 0.5, 1 / log2(3.0), 1, 0.1},
		{{0}, 10, 3, 0, 0, 0, 0, 0, 0},
		/* P@10 divides by 10 even when only 3 hits came back */
		{{1, 1, 1}, 3, 3, 1, 1, 1, 1, 1, 0.3},
		/* 2 of 4 relevant at ranks 2 and 4 */
		{{0, 1, 0, 1}, 10, 4, 0, 1, 0.5,
		 (1 / log2(3.0) + 1 / log2(5.0)) / (1 + 1 / log2(3.0) + 1 / log2(4.0) + 1 / log2(5.0)),
		 0.5, 0.2},
		{{0}, 0, 1, 0, 0, 0, 0, 0, 0}, /* no hits */
		/* a top 10 full of relevant hits out of 500 */
		{{1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, 10, 500, 1, 1, 1, 1, 10.0 / 500, 1},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		ev_query_score q = ev_score(cases[i].rel, cases[i].nhits, cases[i].nrel, 10);
		if (!near(q.s1, cases[i].s1) || !near(q.s10, cases[i].s10) ||
		    !near(q.rr, cases[i].rr) || !near(q.ndcg10, cases[i].ndcg) ||
		    !near(q.recall10, cases[i].recall) || !near(q.p10, cases[i].p10)) {
			printf("FAIL score case %zu: s1 %.3f s10 %.3f rr %.3f ndcg %.3f recall %.3f "
			       "p10 %.3f\n",
			       i, q.s1, q.s10, q.rr, q.ndcg10, q.recall10, q.p10);
			failures++;
		}
	}
}

static void test_kw_line(void)
{
	static const struct {
		const char *in;
		const char *kw; /* NULL: refused */
		long long freq;
	} cases[] = {
		{"hà nội\t12345", "hà nội", 12345},
		{"hà nội\t7\r", "hà nội", 7},
		{"a b c\t0", "a b c", 0},
		{"# keyword<TAB>frequency", NULL, 0},
		{"", NULL, 0},
		{"no tab 12", NULL, 0},
		{"\t12", NULL, 0},             /* empty keyword */
		{"hà nội\t", NULL, 0},         /* no number */
		{"hà nội\t12a", NULL, 0},
		{"hà nội\t-3", NULL, 0},
		{"hà nội\t1 2", NULL, 0},
		{"hà nội\t1234567890123456", NULL, 0}, /* 16 digits: over the cap */
		{"hà nội\t123456789012345", "hà nội", 123456789012345LL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *kw;
		size_t kn;
		long long f;
		tc_status st = ev_kw_parse_line(cases[i].in, strlen(cases[i].in), &kw, &kn, &f);
		int ok = cases[i].kw ? st == TC_OK && kn == strlen(cases[i].kw) &&
					       !memcmp(kw, cases[i].kw, kn) && f == cases[i].freq
				     : st == TC_ERR_INVALID && !kw && !kn && !f;
		if (!ok) {
			printf("FAIL kw_parse_line(\"%s\"): status %d, \"%.*s\" %lld\n", cases[i].in,
			       (int)st, (int)kn, kw ? kw : "", f);
			failures++;
		}
	}
}

static void test_kw_add(void)
{
	static const struct {
		const char *in;
		int ok;
		size_t ntokens;
	} cases[] = {
		{"hà nội", 1, 2},
		{"ủy ban nhân dân", 1, 4},
		{"ai là triệu phú", 1, 4},
		{"Hà Nội", 1, 2},
		{"thủ", 0, 1},                /* one syllable */
		{"một hai ba bốn năm", 0, 5}, /* five */
		{"iphone 6", 0, 2},           /* a number is not a syllable */
		{"nghị định 35-CT/TW", 0, 5}, /* a code: its parts would be matched */
		{"", 0, 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		ev_kwset *k = ev_kwset_new();
		int id;
		size_t nt;
		tc_status st = k ? ev_kwset_add(k, cases[i].in, strlen(cases[i].in), &id, &nt)
				 : TC_ERR_NOMEM;
		int ok = cases[i].ok ? st == TC_OK && id == 0 : st == TC_ERR_INVALID && id == -1;
		if (!ok || (k && nt != cases[i].ntokens)) {
			printf("FAIL kwset_add(\"%s\"): status %d, id %d, %zu tokens; want %s, %zu\n",
			       cases[i].in, (int)st, k ? id : -9, k ? nt : 0,
			       cases[i].ok ? "accepted" : "refused", cases[i].ntokens);
			failures++;
		}
		ev_kwset_free(k);
	}
}

typedef struct kw_count {
	int exact, fold;
} kw_count;

static void count_hit(void *ctx, int id, int exact)
{
	kw_count *c = ctx;
	(void)id;
	if (exact)
		c->exact++;
	else
		c->fold++;
}

static void test_kw_scan(void)
{
	/* fold: runs that match only with accents ignored */
	static const struct {
		const char *kw, *text;
		int exact, fold;
	} cases[] = {
		{"hà nội", "Thủ đô Hà Nội đẹp", 1, 0},
		{"hà nội", "HÀ NỘI và Hà Nội", 2, 0},
		{"hà nội", "ha noi, hà nôi", 0, 2},
		{"hà nội", "Hà. Nội", 1, 0},                  /* punctuation does not break a run */
		{"hà nội", "Hà Nộii, Hà Tĩnh", 0, 0},        /* whole words only */
		{"hà nội", "nội hà", 0, 0},                   /* order counts */
		{"hòa bình", "hoà bình và HOÀ BÌNH", 2, 0},  /* canonical tone placement */
		{"hoà bình", "hòa bình", 1, 0},
		{"hòa bình", "hoa binh", 0, 1},
		{"bệnh viện", "bênh viên", 0, 1},
		{"ủy ban nhân dân", "Ủy ban nhân dân tỉnh", 1, 0},
		{"ủy ban nhân dân", "Ủy ban nhân", 0, 0},    /* cut short by the end */
		{"an ninh", "35-CT/TW an ninh", 1, 0},
		{"ct tw", "35-CT/TW", 1, 0},                  /* parts of a code are words */
		{"hà nội", "", 0, 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		ev_kwset *k = ev_kwset_new();
		int id = -1;
		size_t nt;
		kw_count c = {0, 0};
		tc_status st = k ? ev_kwset_add(k, cases[i].kw, strlen(cases[i].kw), &id, &nt)
				 : TC_ERR_NOMEM;
		if (st == TC_OK)
			st = ev_kwset_scan(k, cases[i].text, strlen(cases[i].text), count_hit, &c);
		if (st != TC_OK || c.exact != cases[i].exact || c.fold != cases[i].fold) {
			printf("FAIL kwset_scan(\"%s\" in \"%s\"): status %d, %d exact, %d folded; "
			       "want %d, %d\n",
			       cases[i].kw, cases[i].text, (int)st, c.exact, c.fold, cases[i].exact,
			       cases[i].fold);
			failures++;
		}
		ev_kwset_free(k);
	}
}

typedef struct kw_seen {
	int n[4][2]; /* per keyword: exact, folded only */
} kw_seen;

static void seen_hit(void *ctx, int id, int exact)
{
	kw_seen *c = ctx;
	if (id >= 0 && id < 4)
		c->n[id][exact ? 0 : 1]++;
}

/* Several keywords in one set, some sharing their first two words. */
static void test_kw_set(void)
{
	static const char *const kws[] = {"bệnh viện", "bệnh viện bạch mai", "bệnh viên",
					  "bạch mai"};
	/* exact: bệnh viện, bệnh viện bạch mai, bạch mai; folded only: bệnh viên */
	static const int want[4][2] = {{1, 0}, {1, 0}, {0, 1}, {1, 0}};
	static const char text[] = "Bệnh viện Bạch Mai";
	ev_kwset *k = ev_kwset_new();
	kw_seen c;
	memset(&c, 0, sizeof c);
	if (!k) {
		printf("FAIL kwset: out of memory\n");
		failures++;
		return;
	}
	for (size_t i = 0; i < 4; i++) {
		int id;
		size_t nt;
		if (ev_kwset_add(k, kws[i], strlen(kws[i]), &id, &nt) != TC_OK || id != (int)i) {
			printf("FAIL kwset: cannot add \"%s\"\n", kws[i]);
			failures++;
		}
	}
	if (ev_kwset_count(k) != 4 || ev_kwset_scan(k, text, strlen(text), seen_hit, &c) != TC_OK) {
		printf("FAIL kwset: count or scan\n");
		failures++;
	}
	for (size_t i = 0; i < 4; i++)
		if (c.n[i][0] != want[i][0] || c.n[i][1] != want[i][1]) {
			printf("FAIL kwset: \"%s\" seen %d exact, %d folded; want %d, %d\n", kws[i],
			       c.n[i][0], c.n[i][1], want[i][0], want[i][1]);
			failures++;
		}
	ev_kwset_free(k);
}

int main(void)
{
	test_tone_flip();
	test_variants();
	test_words();
	test_score();
	test_kw_line();
	test_kw_add();
	test_kw_scan();
	test_kw_set();
	if (failures) {
		printf("%d failure%s\n", failures, failures > 1 ? "s" : "");
		return 1;
	}
	printf("ev_test: all passed\n");
	return 0;
}
