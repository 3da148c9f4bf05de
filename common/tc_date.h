/*
 * tc_date.h - the one reader of machine-written dates, the one conversion to
 * Vietnam time and the one range of acceptable publication dates (the job
 * curl's parsedate.c and git's date.c do for them).
 *
 * Feeds, pages and JSON Lines records all give an article its date through
 * here, so that a date one of them accepts is accepted by all: before this
 * module the feed reader took any year up to 9999 and a feed date of
 * 2099-01-01 became an article's date and topped --sort date.
 *
 * Formats read by tc_date_parse (the flags choose which):
 *   TC_DATE_ISO     ISO 8601 / RFC 3339 / W3C-DTF: "2020-06-09",
 *                   "2020-6-9", "20200609", then optionally a time
 *                   "T17:30[:00[.123]]" (or ' ' for the T) and a zone
 *                   "Z", "+07", "+0700" or "+07:00";
 *   TC_DATE_RFC822  RFC 822 / 2822 / 1123: "[Wed, ]30 Aug 2017
 *                   [20:03[:00] ZONE]", the month in English (three letters
 *                   or in full, any case), a two- or four-digit year
 *                   (00-49 are 20xx), ZONE "+0700", "+07:00", "GMT", "UT",
 *                   "UTC", "Z", the US zones (EST ... PDT) or "ICT"
 *                   (Indochina time, +07:00), and an optional "(comment)";
 *   TC_DATE_DMY     the Vietnamese day-first order "30/08/2017[ 20:03[:00]]"
 *                   and "30/08/2017 - 20:03".
 * Surrounding white space is skipped.  Without TC_DATE_PREFIX the whole
 * text must be the date; with it, other text may follow (an attribute such
 * as "2020-06-09T17:30:00+07:00 GMT"), and a time that cannot be read is
 * ignored rather than failing the date.
 *
 * Vietnam time is UTC+7 all year (no summer time).  A time with a zone is
 * moved to Vietnam time before its calendar day is taken, so
 * "2020-06-08T23:30:00Z" is 2020-06-09 06:30; a time without a zone is
 * taken as Vietnam time already; a date without a time is kept as it is (a
 * day has no zone).
 *
 * The accepted range, for every date that may become an article's date:
 * from TC_DATE_YEAR_MIN-01-01 (nothing we index is older; the extractor and
 * the feed reader both stopped there) to one day after today in Vietnam
 * (tc_date_latest: a page's clock may run a few hours ahead of ours, but
 * nothing is published next week).  "now" is a parameter so that tests can
 * fix it; callers in the programs pass tc_date_clock().
 */
#ifndef TC_DATE_H
#define TC_DATE_H

#include <stddef.h>
#include <time.h>

#define TC_DATE_YEAR_MIN 1900
/* Minutes east of UTC of Vietnam time. */
#define TC_DATE_VN_OFFSET (7 * 60)

typedef struct tc_ymd {
	int y, m, d; /* y == 0: a day and month without a year (extract_date.h) */
} tc_ymd;

/* A moment read from text, in Vietnam time. */
typedef struct tc_when {
	tc_ymd day;
	int has_time; /* h and mi hold the time of day */
	int h, mi;
} tc_when;

#define TC_DATE_ISO 1u
#define TC_DATE_RFC822 2u
#define TC_DATE_DMY 4u
#define TC_DATE_ANY (TC_DATE_ISO | TC_DATE_RFC822 | TC_DATE_DMY)
#define TC_DATE_PREFIX 8u /* text may follow the date */

/* Longest text tc_date_parse looks at (after trimming); longer is no date. */
#define TC_DATE_TEXT_MAX 64

/* The current time, for the now parameters below. */
time_t tc_date_clock(void);

int tc_date_leap(int y);
/* Days in month m (1..12) of year y. */
int tc_date_month_days(int y, int m);
/* Is y-m-d a calendar date (any year 0..9999, the month's length)? */
int tc_date_is_day(int y, int m, int d);

/* Days since 1970-01-01 of a proleptic Gregorian date, and back. */
long tc_date_to_days(tc_ymd d);
tc_ymd tc_date_from_days(long days);

/* The last day accepted at time now: tomorrow in Vietnam. */
tc_ymd tc_date_latest(time_t now);
/* Is y-m-d a real date in the accepted range (above) at time now? */
int tc_date_in_range(int y, int m, int d, time_t now);
/* The same against the clock. */
int tc_date_valid(int y, int m, int d);

/*
 * Read a date in one of the formats of flags from s[0..n) (any bytes; never
 * reads past n) into *out, in Vietnam time.  1 when it is one and its day is
 * in the accepted range at time now, else 0 (and *out zeroed).
 */
int tc_date_parse(const char *s, size_t n, unsigned flags, time_t now, tc_when *out /* OUT */);

/*
 * A stored date: exactly "YYYY-MM-DD", a calendar date of any year (the
 * range is the indexer's business, not the reader's: a search bound of
 * 1800-01-01 or 2100-12-31 is a fine bound).  1 and *out, else 0.
 */
int tc_date_parse_day(const char *s, size_t n, tc_ymd *out /* OUT */);

/* Write "YYYY-MM-DD" and a NUL (fields clamped to their widths). */
void tc_date_format(tc_ymd d, char out[11]);
/* Write the RFC 822 date of midnight Vietnam time of day d ("Tue, 09 Jun
 * 2020 00:00:00 +0700") and a NUL; d must be a calendar date. */
void tc_date_format_rfc822(tc_ymd d, char out[32]);

#endif
