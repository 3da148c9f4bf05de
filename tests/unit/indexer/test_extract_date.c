/*
 * test_extract_date.c - dates in pages (indexer/extract_date.h): every
 * Vietnamese and machine format the header lists, partial dates only with
 * a context word (or when the element is known to hold a date), impossible
 * and future dates rejected, offsets moved to UTC+7, partial dates
 * resolved to the nearest year of the page's dates.  How the extractor
 * picks a page's date among them is test_extract_html.c's.
 */
#include "unit_test.h"

#include <stdio.h>

#include "extract_date.h"
#include "tc_banned.h"

typedef struct date_row {
	const char *text;
	int bare;
	int want; /* 2 full, 1 partial, 0 none */
	int y, m, d;
} date_row;

static const date_row date_rows[] = {
	{"Thứ Ba, 09/06/2020 17:30", 0, 2, 2020, 6, 9},
	{"09/06/2020 - 17:30", 0, 2, 2020, 6, 9},
	{"9/6/2020", 0, 2, 2020, 6, 9},
	{"9-6-2020", 0, 2, 2020, 6, 9},
	{"09.06.2020", 0, 2, 2020, 6, 9},
	{"Thứ tư, 22/10/2025, 19:25 (GMT+7)", 0, 2, 2025, 10, 22},
	{"Cập nhật lúc 17:30 ngày 09/06/2020", 0, 2, 2020, 6, 9},
	{"Ngày 09 tháng 6 năm 2020", 0, 2, 2020, 6, 9},
	{"ngày 9 tháng 6, 2020", 0, 2, 2020, 6, 9},
	{"9 Tháng 6 2020", 0, 2, 2020, 6, 9},
	{"NGÀY 9 THÁNG 6 NĂM 2020", 0, 2, 2020, 6, 9},
	{"2020-06-09", 0, 2, 2020, 6, 9},
	{"2020/06/09 10:00", 0, 2, 2020, 6, 9},
	{"June 9, 2020", 0, 2, 2020, 6, 9},
	{"Tue, 09 Jun 2020 10:00:00 +0700", 0, 2, 2020, 6, 9},
	{"09/13/2020 (month first: the only reading)", 0, 2, 2020, 9, 13},
	{"29/02/2020", 0, 2, 2020, 2, 29},
	{"Chiều 9/6", 0, 1, 0, 6, 9},
	{"chiều 9/6, tại Hà Nội", 0, 1, 0, 6, 9},
	{"Sáng 28-12,", 0, 1, 0, 12, 28},
	{"Tối qua (9/6)", 0, 1, 0, 6, 9},
	{"ngày 9 tháng 6 vừa qua", 0, 1, 0, 6, 9},
	{"9/6", 1, 1, 0, 6, 9},
	{"9/6 without a context word", 0, 0, 0, 0, 0},
	{"Nghị định 100/2019/NĐ-CP", 0, 0, 0, 0, 0},
	{"Quyết định 1234/QĐ-UBND", 0, 0, 0, 0, 0},
	{"sụt 2-3 kg", 0, 0, 0, 0, 0},
	{"tăng 9.6 tỷ đồng", 0, 0, 0, 0, 0},
	{"31/02/2020", 0, 0, 0, 0, 0},
	{"29/02/2021", 0, 0, 0, 0, 0},
	{"32/01/2020", 0, 0, 0, 0, 0},
	{"01/01/1899", 0, 0, 0, 0, 0},
	{"09/06/2099", 0, 0, 0, 0, 0},
	{"09/06/20", 0, 0, 0, 0, 0},
	{"", 0, 0, 0, 0, 0},
};

static void test_date_text(void **state)
{
	(void)state;
	int nfail = 0;
	for (size_t i = 0; i < N_ROWS(date_rows); i++) {
		const date_row *row = &date_rows[i];
		size_t n = strlen(row->text);
		char *copy = unit_exact_copy(row->text, n);
		tc_ymd d = {-1, -1, -1};
		int got = tc_date_find(copy, n, row->bare, &d, NULL);
		free(copy);
		if (got != row->want)
			ROW_FAIL(nfail, row->text, "found %d, want %d", got, row->want);
		else if (got && (d.y != row->y || d.m != row->m || d.d != row->d))
			ROW_FAIL(nfail, row->text, "%d-%d-%d, want %d-%d-%d", d.y, d.m, d.d, row->y,
				 row->m, row->d);
	}
	ROWS_DONE(nfail, N_ROWS(date_rows));
}

typedef struct iso_row {
	const char *text;
	const char *want; /* NULL: rejected */
} iso_row;

static const iso_row iso_rows[] = {
	{"2025-10-22T19:25:52+07:00", "2025-10-22"},
	{"2020-06-08T23:30:00Z", "2020-06-09"},  /* 06:30 in Hà Nội */
	{"2020-06-09T01:00:00+09:00", "2020-06-08"},
	{"2020-12-31T20:00:00Z", "2021-01-01"},
	{"2020-06-09T17:30:00.123+0700", "2020-06-09"},
	{"2020-06-09 17:30:00", "2020-06-09"},
	{"  2020-06-09", "2020-06-09"},
	{"2020-6-9", "2020-06-09"},
	{"20200609", "2020-06-09"},
	{"2020-02-30", NULL},
	{"2020-13-01", NULL},
	{"2099-01-01", NULL},
	{"202006091", NULL},
	{"09/06/2020", NULL},
	{"", NULL},
};

static void test_date_iso(void **state)
{
	(void)state;
	int nfail = 0;
	for (size_t i = 0; i < N_ROWS(iso_rows); i++) {
		const iso_row *row = &iso_rows[i];
		size_t n = strlen(row->text);
		char *copy = unit_exact_copy(row->text, n);
		tc_ymd d;
		int ok = tc_date_parse_iso(copy, n, &d);
		free(copy);
		char s[11] = "";
		if (ok)
			tc_date_format(d, s);
		if (!row->want != !ok || (ok && strcmp(s, row->want)))
			ROW_FAIL(nfail, row->text, "got %s, want %s", ok ? s : "(none)",
				 row->want ? row->want : "(none)");
	}
	ROWS_DONE(nfail, N_ROWS(iso_rows));
}

typedef struct resolve_row {
	const char *name;
	int m, d;
	tc_ymd refs[3];
	size_t nrefs;
	int want_y; /* 0: unresolved */
} resolve_row;

static const resolve_row resolve_rows[] = {
	{"a day before the page's other date", 6, 9, {{2020, 6, 10}}, 1, 2020},
	{"late December against early January", 12, 28, {{2021, 1, 3}}, 1, 2020},
	{"early January against late December", 1, 2, {{2020, 12, 30}}, 1, 2021},
	{"nearest of several dates", 6, 9, {{2015, 1, 1}, {2020, 6, 8}, {2023, 3, 3}}, 3, 2020},
	{"29/2 only in a leap year", 2, 29, {{2021, 3, 1}}, 1, 2020},
	{"no other date", 6, 9, {{0, 0, 0}}, 0, 0},
};

static void test_date_resolve(void **state)
{
	(void)state;
	int nfail = 0;
	for (size_t i = 0; i < N_ROWS(resolve_rows); i++) {
		const resolve_row *row = &resolve_rows[i];
		tc_ymd d = {0, row->m, row->d};
		int ok = tc_date_resolve(&d, row->refs, row->nrefs);
		if (!ok != !row->want_y || (ok && d.y != row->want_y))
			ROW_FAIL(nfail, row->name, "year %d, want %d", ok ? d.y : 0, row->want_y);
	}
	ROWS_DONE(nfail, N_ROWS(resolve_rows));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_date_text),
		cmocka_unit_test(test_date_iso),
		cmocka_unit_test(test_date_resolve),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
