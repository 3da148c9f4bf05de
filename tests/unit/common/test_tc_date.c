/*
 * test_tc_date.c - the one date reader, the one conversion to Vietnam time
 * and the one accepted range (common/tc_date.h).  "now" is fixed in every
 * row, so the range rows mean the same whenever they run.
 */
#include "unit_test.h"

#include <stdio.h>

#include "tc_date.h"
#include "tc_banned.h"

/* 2020-06-09 10:00:00 UTC (17:00 in Vietnam). */
#define NOW_2020 ((time_t)1591696800)
/* 2020-06-09 17:30:00 UTC: already 2020-06-10 00:30 in Vietnam. */
#define NOW_VN_MIDNIGHT ((time_t)1591723800)

typedef struct parse_row {
	const char *in;
	unsigned flags;
	time_t now;
	const char *want; /* "YYYY-MM-DD[THH:MM]", NULL: rejected */
} parse_row;

static const parse_row parse_rows[] = {
	/* the formats */
	{"2020-06-09", TC_DATE_ANY, NOW_2020, "2020-06-09"},
	{"2020-6-9", TC_DATE_ANY, NOW_2020, "2020-06-09"},
	{"20200609", TC_DATE_ANY, NOW_2020, "2020-06-09"},
	{"2020-06-09T08:15:00+07:00", TC_DATE_ANY, NOW_2020, "2020-06-09T08:15"},
	{"2020-06-08T23:30:00Z", TC_DATE_ANY, NOW_2020, "2020-06-09T06:30"},
	{"2020-06-09 01:00:00+09:00", TC_DATE_ANY, NOW_2020, "2020-06-08T23:00"},
	{"2019-12-31T20:00:00.5-05:00", TC_DATE_ANY, NOW_2020, "2020-01-01T08:00"},
	{"Tue, 09 Jun 2020 08:00:00 GMT", TC_DATE_ANY, NOW_2020, "2020-06-09T15:00"},
	{"Tue, 09 Jun 2020 08:00:00 +0700 (ICT)", TC_DATE_ANY, NOW_2020, "2020-06-09T08:00"},
	{"9 June 20", TC_DATE_ANY, NOW_2020, "2020-06-09"},
	{"09/06/2020 - 17:30", TC_DATE_ANY, NOW_2020, "2020-06-09T17:30"},
	{" \t09/06/2020\n", TC_DATE_ANY, NOW_2020, "2020-06-09"},
	/* the flags choose the formats */
	{"09/06/2020", TC_DATE_ISO, NOW_2020, NULL},
	{"Tue, 09 Jun 2020", TC_DATE_ISO | TC_DATE_DMY, NOW_2020, NULL},
	{"2020-06-09", TC_DATE_RFC822, NOW_2020, NULL},
	/* whole text, or a prefix */
	{"2020-06-09T08:15:00+07:00 GMT+7", TC_DATE_ANY, NOW_2020, NULL},
	{"2020-06-09T08:15:00+07:00 GMT+7", TC_DATE_ANY | TC_DATE_PREFIX, NOW_2020, "2020-06-09T08:15"},
	{"2020-06-09T25:00", TC_DATE_ANY, NOW_2020, NULL},
	{"2020-06-09T25:00", TC_DATE_ISO | TC_DATE_PREFIX, NOW_2020, "2020-06-09"},
	{"2020-06-09, Hà Nội", TC_DATE_ISO | TC_DATE_PREFIX, NOW_2020, "2020-06-09"},
	/* the calendar */
	{"2020-02-29", TC_DATE_ANY, NOW_2020, "2020-02-29"},
	{"2019-02-29", TC_DATE_ANY, NOW_2020, NULL},
	{"31/04/2020", TC_DATE_ANY, NOW_2020, NULL},
	{"2020-13-01", TC_DATE_ANY, NOW_2020, NULL},
	{"2020-06", TC_DATE_ANY, NOW_2020, NULL},
	/* the range: from 1900 to tomorrow in Vietnam */
	{"1900-01-01", TC_DATE_ANY, NOW_2020, "1900-01-01"},
	{"1899-12-31", TC_DATE_ANY, NOW_2020, NULL},
	{"1900-01-01T00:30:00+08:00", TC_DATE_ANY, NOW_2020, NULL}, /* 1899 in Vietnam */
	{"2020-06-10", TC_DATE_ANY, NOW_2020, "2020-06-10"},
	{"2020-06-11", TC_DATE_ANY, NOW_2020, NULL},
	{"2020-06-10T18:00:00Z", TC_DATE_ANY, NOW_2020, NULL}, /* 06-11 01:00 in Vietnam */
	{"2020-06-11", TC_DATE_ANY, NOW_VN_MIDNIGHT, "2020-06-11"},
	{"2099-01-01", TC_DATE_ANY, NOW_2020, NULL},
	{"Thu, 01 Jan 2099 00:00:00 +0700", TC_DATE_ANY, NOW_2020, NULL},
	{"01/01/2099", TC_DATE_ANY, NOW_2020, NULL},
	{"2099-01-01", TC_DATE_ANY, (time_t)4070908800, "2099-01-01"}, /* now 2099-01-01 */
	/* nothing */
	{"", TC_DATE_ANY, NOW_2020, NULL},
	{"   ", TC_DATE_ANY, NOW_2020, NULL},
	{"hôm qua", TC_DATE_ANY, NOW_2020, NULL},
	{"2020-06-09T08:15:00+07:00 2020-06-09T08:15:00+07:00 2020-06-09T08:15", TC_DATE_ANY,
	 NOW_2020, NULL},
};

static void test_parse(void **state)
{
	(void)state;
	int nfail = 0;
	for (size_t r = 0; r < N_ROWS(parse_rows); r++) {
		const parse_row *row = &parse_rows[r];
		size_t n = strlen(row->in);
		char *s = unit_exact_copy(row->in, n);
		tc_when w;
		memset(&w, 'x', sizeof w);
		int ok = tc_date_parse(s, n, row->flags, row->now, &w);
		char got[20] = "";
		if (ok) {
			tc_date_format(w.day, got);
			if (w.has_time)
				snprintf(got + 10, 10, "T%02d:%02d", w.h, w.mi);
		}
		if (!ok != !row->want || (ok && strcmp(got, row->want)))
			ROW_FAIL(nfail, row->in, "got %s, want %s", ok ? got : "(none)",
				 row->want ? row->want : "(none)");
		if (!ok && (w.day.y || w.has_time))
			ROW_FAIL(nfail, row->in, "*out not zeroed on failure");
		free(s);
	}
	ROWS_DONE(nfail, N_ROWS(parse_rows));
}

static void test_latest(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		time_t now;
		tc_ymd want;
	} rows[] = {
		{"17:00 in Vietnam", NOW_2020, {2020, 6, 10}},
		{"after midnight in Vietnam, still the 9th in UTC", NOW_VN_MIDNIGHT, {2020, 6, 11}},
		{"the epoch", 0, {1970, 1, 2}},
		{"new year's eve in Vietnam", (time_t)1609434000 /* 2020-12-31 17:00Z */, {2021, 1, 2}},
		{"before 1970", (time_t)-86400, {1970, 1, 1}},
	};
	int nfail = 0;
	for (size_t r = 0; r < N_ROWS(rows); r++) {
		tc_ymd d = tc_date_latest(rows[r].now);
		if (d.y != rows[r].want.y || d.m != rows[r].want.m || d.d != rows[r].want.d)
			ROW_FAIL(nfail, rows[r].name, "%d-%d-%d, want %d-%d-%d", d.y, d.m, d.d,
				 rows[r].want.y, rows[r].want.m, rows[r].want.d);
	}
	ROWS_DONE(nfail, N_ROWS(rows));
}

static void test_parse_day(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		int ok;
	} rows[] = {
		{"2020-06-09", 1}, {"0001-01-01", 1}, {"2100-12-31", 1}, {"2020-02-29", 1},
		{"2021-02-29", 0}, {"2020-00-10", 0}, {"2020-6-09", 0},  {"2020-06-09T", 0},
		{"2020/06/09", 0}, {"20200609", 0},   {"", 0},           {"2020-06-3x", 0},
	};
	int nfail = 0;
	for (size_t r = 0; r < N_ROWS(rows); r++) {
		size_t n = strlen(rows[r].in);
		char *s = unit_exact_copy(rows[r].in, n);
		tc_ymd d;
		int ok = tc_date_parse_day(s, n, &d);
		char back[11] = "";
		if (ok)
			tc_date_format(d, back);
		if (ok != rows[r].ok || (ok && strcmp(back, rows[r].in)))
			ROW_FAIL(nfail, rows[r].in, "returned %d (%s), want %d", ok, back, rows[r].ok);
		free(s);
	}
	ROWS_DONE(nfail, N_ROWS(rows));
}

static void test_days_and_rfc822(void **state)
{
	(void)state;
	static const struct {
		tc_ymd d;
		long days;
		const char *rfc822;
	} rows[] = {
		{{1970, 1, 1}, 0, "Thu, 01 Jan 1970 00:00:00 +0700"},
		{{2020, 6, 9}, 18422, "Tue, 09 Jun 2020 00:00:00 +0700"},
		{{2000, 2, 29}, 11016, "Tue, 29 Feb 2000 00:00:00 +0700"},
		{{1900, 1, 1}, -25567, "Mon, 01 Jan 1900 00:00:00 +0700"},
		{{2099, 12, 31}, 47481, "Thu, 31 Dec 2099 00:00:00 +0700"},
	};
	int nfail = 0;
	for (size_t r = 0; r < N_ROWS(rows); r++) {
		char name[11], s[32];
		tc_date_format(rows[r].d, name);
		long days = tc_date_to_days(rows[r].d);
		tc_ymd back = tc_date_from_days(days);
		tc_date_format_rfc822(rows[r].d, s);
		if (days != rows[r].days)
			ROW_FAIL(nfail, name, "%ld days, want %ld", days, rows[r].days);
		if (back.y != rows[r].d.y || back.m != rows[r].d.m || back.d != rows[r].d.d)
			ROW_FAIL(nfail, name, "back from days: %d-%d-%d", back.y, back.m, back.d);
		if (strcmp(s, rows[r].rfc822))
			ROW_FAIL(nfail, name, "\"%s\", want \"%s\"", s, rows[r].rfc822);
	}
	ROWS_DONE(nfail, N_ROWS(rows));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_latest),
		cmocka_unit_test(test_parse_day),
		cmocka_unit_test(test_days_and_rfc822),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
