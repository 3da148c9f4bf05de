/*
 * tc_date.c - machine dates, Vietnam time and the accepted range; see
 * tc_date.h.
 *
 * The parser is a cursor over the bytes with one reader per format; every
 * reader fills a `when` with the fields as written (and the zone), and one
 * function then checks the calendar, moves the moment to Vietnam time and
 * applies the range, so that no format can skip a check.
 */
#include "tc_date.h"

#include <stdio.h>
#include <string.h>

#include "tc_ascii.h"
#include "tc_banned.h"

time_t tc_date_clock(void)
{
	return time(NULL);
}

int tc_date_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int tc_date_month_days(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && tc_date_leap(y) ? 29 : days[m - 1];
}

int tc_date_is_day(int y, int m, int d)
{
	return y >= 0 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= tc_date_month_days(y, m);
}

/* Howard Hinnant's days_from_civil and civil_from_days. */
long tc_date_to_days(tc_ymd t)
{
	long y = t.y, m = t.m, d = t.d;
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

tc_ymd tc_date_from_days(long z)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long yy = yoe + era * 400;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long dd = doy - (153 * mp + 2) / 5 + 1;
	long mm = mp + (mp < 10 ? 3 : -9);
	return (tc_ymd){(int)(yy + (mm <= 2)), (int)mm, (int)dd};
}

/* Floor division, for times before 1970. */
static long floor_div(long a, long b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

tc_ymd tc_date_latest(time_t now)
{
	long secs = (long)now + TC_DATE_VN_OFFSET * 60L + 86400L;
	return tc_date_from_days(floor_div(secs, 86400));
}

int tc_date_in_range(int y, int m, int d, time_t now)
{
	if (y < TC_DATE_YEAR_MIN || !tc_date_is_day(y, m, d))
		return 0;
	tc_ymd last = tc_date_latest(now);
	if (y != last.y)
		return y < last.y;
	if (m != last.m)
		return m < last.m;
	return d <= last.d;
}

int tc_date_valid(int y, int m, int d)
{
	return tc_date_in_range(y, m, d, tc_date_clock());
}

/* ---- the parser ------------------------------------------------------------ */

typedef struct when {
	int y, mo, d, h, mi;
	int has_time;
	int has_zone;
	int off; /* minutes east of UTC */
} when;

typedef struct cur {
	const char *s;
	size_t n, i;
} cur;

static int at_end(const cur *c)
{
	return c->i >= c->n;
}

static int peek(const cur *c)
{
	return c->i < c->n ? TC_BYTE(c->s[c->i]) : -1;
}

static int accept(cur *c, char ch)
{
	if (peek(c) == TC_BYTE(ch)) {
		c->i++;
		return 1;
	}
	return 0;
}

static void skip_ws(cur *c)
{
	while (tc_ascii_isspace(peek(c)))
		c->i++;
}

/* min..max digits into *v, not followed by another digit; *nd gets how
 * many (may be NULL). */
static int digits(cur *c, size_t min, size_t max, int *v, size_t *nd)
{
	size_t k = 0;
	int x = 0;
	while (k < max && tc_ascii_isdigit(peek(c))) {
		x = x * 10 + (peek(c) - '0');
		c->i++;
		k++;
	}
	if (k < min || tc_ascii_isdigit(peek(c)))
		return 0;
	*v = x;
	if (nd)
		*nd = k;
	return 1;
}

/* hh:mm[:ss[.fff]] */
static int parse_time(cur *c, when *w)
{
	int sec;
	if (!digits(c, 1, 2, &w->h, NULL) || !accept(c, ':') || !digits(c, 2, 2, &w->mi, NULL))
		return 0;
	if (accept(c, ':')) {
		if (!digits(c, 2, 2, &sec, NULL) || sec > 60)
			return 0;
		if (peek(c) == '.' || peek(c) == ',') {
			c->i++;
			if (!tc_ascii_isdigit(peek(c)))
				return 0;
			while (tc_ascii_isdigit(peek(c)))
				c->i++;
		}
	}
	w->has_time = 1;
	return w->h <= 23 && w->mi <= 59;
}

/* Z, +hh, +hhmm, +hh:mm */
static int parse_num_zone(cur *c, when *w)
{
	if (accept(c, 'Z') || accept(c, 'z')) {
		w->has_zone = 1;
		w->off = 0;
		return 1;
	}
	int sign = peek(c) == '+' ? 1 : peek(c) == '-' ? -1 : 0;
	if (!sign)
		return 0;
	c->i++;
	int v, mm = 0;
	size_t nd;
	if (!digits(c, 2, 4, &v, &nd))
		return 0;
	int hh = nd == 4 ? v / 100 : v;
	if (nd == 4)
		mm = v % 100;
	else if (nd != 2 || (accept(c, ':') && !digits(c, 2, 2, &mm, NULL)))
		return 0;
	if (hh > 14 || mm > 59)
		return 0;
	w->has_zone = 1;
	w->off = sign * (hh * 60 + mm);
	return 1;
}

/*
 * A time and zone after a date, or the end.  In prefix mode a time that
 * cannot be read leaves the date alone (the cursor where the date ended).
 */
static int parse_rest(cur *c, when *w, int prefix, int (*zone)(cur *, when *))
{
	size_t date_end = c->i;
	skip_ws(c);
	if (at_end(c))
		return 1;
	cur t = *c;
	when tw = *w;
	if (parse_time(&t, &tw)) {
		size_t time_end = t.i;
		skip_ws(&t);
		if (!at_end(&t) && zone(&t, &tw)) {
			skip_ws(&t);
		} else {
			t.i = time_end;
			skip_ws(&t);
		}
		if (prefix || at_end(&t)) {
			*w = tw;
			*c = t;
			return 1;
		}
		return 0;
	}
	if (prefix) {
		c->i = date_end;
		return 1;
	}
	return 0;
}

static int parse_iso(cur *c, when *w, int prefix)
{
	size_t nd;
	int v;
	if (!digits(c, 4, 8, &v, &nd) || (nd != 4 && nd != 8))
		return 0;
	if (nd == 8) { /* 20200609 */
		w->y = v / 10000;
		w->mo = v / 100 % 100;
		w->d = v % 100;
	} else {
		w->y = v;
		if (!accept(c, '-') || !digits(c, 1, 2, &w->mo, NULL) || !accept(c, '-') ||
		    !digits(c, 1, 2, &w->d, NULL))
			return 0;
	}
	if (at_end(c))
		return 1;
	/* The time follows a 'T' or white space. */
	if (peek(c) == 'T' || peek(c) == 't') {
		cur t = *c;
		t.i++;
		when tw = *w;
		if (parse_time(&t, &tw)) {
			size_t time_end = t.i;
			skip_ws(&t);
			if (at_end(&t) || !parse_num_zone(&t, &tw))
				t.i = time_end;
			skip_ws(&t);
			if (prefix || at_end(&t)) {
				*w = tw;
				*c = t;
				return 1;
			}
			return 0;
		}
		return prefix;
	}
	if (!tc_ascii_isspace(peek(c)))
		return prefix;
	return parse_rest(c, w, prefix, parse_num_zone);
}

/* 30/08/2017[ 20:03[:00]] and "30/08/2017 - 20:03" */
static int parse_dmy(cur *c, when *w, int prefix)
{
	if (!digits(c, 1, 2, &w->d, NULL) || !accept(c, '/') || !digits(c, 1, 2, &w->mo, NULL) ||
	    !accept(c, '/') || !digits(c, 4, 4, &w->y, NULL))
		return 0;
	size_t date_end = c->i;
	skip_ws(c);
	if (at_end(c))
		return 1;
	if (accept(c, '-') || accept(c, ','))
		skip_ws(c);
	when tw = *w;
	if (parse_time(c, &tw)) {
		skip_ws(c);
		if (prefix || at_end(c)) {
			*w = tw;
			return 1;
		}
		return 0;
	}
	c->i = date_end;
	return prefix;
}

/* A run of letters, lower-cased into buf; its length (0 when none or too
 * long for buf). */
static size_t word(cur *c, char *buf, size_t cap)
{
	size_t k = 0;
	while (tc_ascii_isalpha(peek(c))) {
		if (k + 1 >= cap)
			return 0;
		buf[k++] = (char)tc_ascii_tolower(peek(c));
		c->i++;
	}
	buf[k] = '\0';
	return k;
}

static int parse_named_zone(cur *c, when *w)
{
	static const struct {
		const char *name;
		int off;
	} zones[] = {{"gmt", 0},    {"ut", 0},	   {"utc", 0},	  {"z", 0},	 {"est", -300},
		     {"edt", -240}, {"cst", -360}, {"cdt", -300}, {"mst", -420}, {"mdt", -360},
		     {"pst", -480}, {"pdt", -420}, {"ict", 420}};
	if (peek(c) == '+' || peek(c) == '-')
		return parse_num_zone(c, w);
	char wd[16];
	size_t k = word(c, wd, sizeof wd);
	for (size_t z = 0; k && z < sizeof zones / sizeof zones[0]; z++) {
		if (!strcmp(zones[z].name, wd)) {
			w->has_zone = 1;
			w->off = zones[z].off;
			skip_ws(c);
			/* A trailing comment such as "(ICT)" is allowed by RFC 2822. */
			if (accept(c, '(')) {
				while (!at_end(c) && peek(c) != ')')
					c->i++;
				if (!accept(c, ')'))
					return 0;
			}
			return 1;
		}
	}
	return 0;
}

static int parse_num_zone_comment(cur *c, when *w)
{
	if (!parse_num_zone(c, w))
		return 0;
	size_t end = c->i;
	skip_ws(c);
	if (accept(c, '(')) {
		while (!at_end(c) && peek(c) != ')')
			c->i++;
		if (!accept(c, ')'))
			return 0;
	} else {
		c->i = end;
	}
	return 1;
}

static int rfc822_zone(cur *c, when *w)
{
	return peek(c) == '+' || peek(c) == '-' ? parse_num_zone_comment(c, w)
						 : parse_named_zone(c, w);
}

static int parse_rfc822(cur *c, when *w, int prefix)
{
	static const char *const months[] = {"january", "february", "march",	 "april",
					     "may",	"june",	    "july",	 "august",
					     "september", "october", "november", "december"};
	char wd[16];
	if (tc_ascii_isalpha(peek(c))) { /* day of the week, ignored */
		if (!word(c, wd, sizeof wd))
			return 0;
		accept(c, ',');
		skip_ws(c);
	}
	if (!digits(c, 1, 2, &w->d, NULL))
		return 0;
	if (!accept(c, '-'))
		skip_ws(c);
	size_t k = word(c, wd, sizeof wd);
	w->mo = 0;
	for (int m = 0; m < 12 && k >= 3; m++)
		if (!strncmp(months[m], wd, k) || (k == 4 && !strcmp(wd, "sept") && m == 8))
			w->mo = m + 1;
	if (!w->mo)
		return 0;
	if (!accept(c, '-'))
		skip_ws(c);
	size_t nd;
	int y;
	if (!digits(c, 2, 4, &y, &nd) || nd == 3)
		return 0;
	w->y = nd == 2 ? (y < 50 ? 2000 + y : 1900 + y) : y;
	if (at_end(c))
		return 1;
	if (!tc_ascii_isspace(peek(c)))
		return prefix;
	return parse_rest(c, w, prefix, rfc822_zone);
}

/* Check the calendar, move to Vietnam time, apply the range. */
static int finish(const when *w, time_t now, tc_when *out)
{
	if (!tc_date_is_day(w->y, w->mo, w->d))
		return 0;
	tc_when t = {{w->y, w->mo, w->d}, w->has_time, w->has_time ? w->h : 0,
		     w->has_time ? w->mi : 0};
	if (w->has_time && w->has_zone) {
		long mins = tc_date_to_days(t.day) * 1440L + w->h * 60L + w->mi + TC_DATE_VN_OFFSET -
			    w->off;
		long days = floor_div(mins, 1440);
		long rest = mins - days * 1440;
		t.day = tc_date_from_days(days);
		t.h = (int)(rest / 60);
		t.mi = (int)(rest % 60);
	}
	if (!tc_date_in_range(t.day.y, t.day.m, t.day.d, now))
		return 0;
	*out = t;
	return 1;
}

int tc_date_parse(const char *s, size_t n, unsigned flags, time_t now, tc_when *out)
{
	memset(out, 0, sizeof *out);
	if (!s)
		return 0;
	size_t a = 0;
	while (a < n && tc_ascii_isspace(TC_BYTE(s[a])))
		a++;
	while (n > a && tc_ascii_isspace(TC_BYTE(s[n - 1])))
		n--;
	if (a == n)
		return 0;
	int prefix = (flags & TC_DATE_PREFIX) != 0;
	/* A page's attribute may go on; the date itself is short. */
	if (n - a > TC_DATE_TEXT_MAX) {
		if (!prefix)
			return 0;
		n = a + TC_DATE_TEXT_MAX;
	}
	static const struct {
		unsigned flag;
		int (*read)(cur *, when *, int);
	} forms[] = {{TC_DATE_ISO, parse_iso}, {TC_DATE_DMY, parse_dmy}, {TC_DATE_RFC822, parse_rfc822}};
	for (size_t f = 0; f < sizeof forms / sizeof forms[0]; f++) {
		if (!(flags & forms[f].flag))
			continue;
		cur c = {s, n, a};
		when w;
		memset(&w, 0, sizeof w);
		if (forms[f].read(&c, &w, prefix) && (prefix || at_end(&c)))
			return finish(&w, now, out);
	}
	return 0;
}

int tc_date_parse_day(const char *s, size_t n, tc_ymd *out)
{
	memset(out, 0, sizeof *out);
	if (n != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	int v[3] = {0, 0, 0};
	static const size_t at[3] = {0, 5, 8}, len[3] = {4, 2, 2};
	for (int f = 0; f < 3; f++)
		for (size_t i = at[f]; i < at[f] + len[f]; i++) {
			if (!tc_ascii_isdigit(TC_BYTE(s[i])))
				return 0;
			v[f] = v[f] * 10 + (s[i] - '0');
		}
	if (!tc_date_is_day(v[0], v[1], v[2]))
		return 0;
	*out = (tc_ymd){v[0], v[1], v[2]};
	return 1;
}

static void put_num(char *p, int v, int width)
{
	if (v < 0)
		v = 0;
	for (int i = width - 1; i >= 0; i--, v /= 10)
		p[i] = (char)('0' + v % 10);
}

void tc_date_format(tc_ymd d, char out[11])
{
	put_num(out, d.y, 4);
	out[4] = '-';
	put_num(out + 5, d.m, 2);
	out[7] = '-';
	put_num(out + 8, d.d, 2);
	out[10] = '\0';
}

void tc_date_format_rfc822(tc_ymd d, char out[32])
{
	static const char *const wd[7] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
	static const char *const mon[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	long days = tc_date_to_days(d); /* 1970-01-01 was a Thursday */
	long w = days % 7;
	if (w < 0)
		w += 7;
	snprintf(out, 32, "%s, %02d %s %04d 00:00:00 +0700", wd[w], d.d, mon[d.m - 1], d.y);
}
