/*
 * extract_date.c - read the dates of news pages; see extract_date.h.
 *
 * Everything here works on bytes with explicit lengths and never reads past
 * them; the Vietnamese words it recognises are matched in their NFC
 * spellings (lower case, capitalised and upper case).
 */
#include "extract_date.h"

#include <string.h>
#include <strings.h>
#include <time.h>

#include "tc_ascii.h"
#include "tc_banned.h"

#define VN_OFFSET_MIN (7 * 60) /* Vietnam time is UTC+7, all year */

static int leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && leap(y) ? 29 : days[m - 1];
}

static int max_year(void)
{
	time_t now = time(NULL);
	struct tm tm;
	if (!gmtime_r(&now, &tm))
		return 2100;
	return tm.tm_year + 1900 + 1;
}

int tc_date_valid(int y, int m, int d)
{
	return y >= 1900 && y <= max_year() && m >= 1 && m <= 12 && d >= 1 && d <= month_days(y, m);
}

static int partial_valid(int m, int d)
{
	return m >= 1 && m <= 12 && d >= 1 && d <= (m == 2 ? 29 : month_days(2001, m));
}

/* Move y-m-d by delta days (-1, 0 or +1). */
static void add_day(tc_ymd *t, int delta)
{
	t->d += delta;
	if (t->d < 1) {
		if (--t->m < 1) {
			t->m = 12;
			t->y--;
		}
		t->d = month_days(t->y, t->m);
	} else if (t->d > month_days(t->y, t->m)) {
		t->d = 1;
		if (++t->m > 12) {
			t->m = 1;
			t->y++;
		}
	}
}

/* Read 1..max digits at s[*i..n); -1 when there are none or more than max. */
static int number(const char *s, size_t n, size_t *i, int max, int *ndigits)
{
	int v = 0, k = 0;
	while (*i < n && tc_ascii_isdigit(s[*i])) {
		if (++k > max) {
			if (ndigits)
				*ndigits = k;
			return -1;
		}
		v = v * 10 + (s[*i] - '0');
		(*i)++;
	}
	if (ndigits)
		*ndigits = k;
	return k ? v : -1;
}

/* Skip spaces, including U+00A0 (C2 A0). */
static size_t skip_space(const char *s, size_t n, size_t i)
{
	for (;;) {
		if (i < n && tc_ascii_isspace(s[i]))
			i++;
		else if (i + 1 < n && (unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xA0)
			i += 2;
		else
			return i;
	}
}

/* An optional time and offset after a date at s[i..n); the offset in
 * minutes east of UTC goes to *off, *has_off says whether there was one,
 * *minutes gets the time of day. */
static void read_time(const char *s, size_t n, size_t i, int *minutes, int *off, int *has_off)
{
	*minutes = 0;
	*off = 0;
	*has_off = 0;
	if (i < n && (s[i] == 'T' || s[i] == 't' || s[i] == ' '))
		i++;
	else
		return;
	int hh = number(s, n, &i, 2, NULL);
	if (hh < 0 || hh > 24 || i >= n || s[i] != ':')
		return;
	i++;
	int mm = number(s, n, &i, 2, NULL);
	if (mm < 0 || mm > 59)
		return;
	*minutes = hh * 60 + mm;
	if (i < n && s[i] == ':') {
		i++;
		if (number(s, n, &i, 2, NULL) < 0)
			return;
		if (i < n && (s[i] == '.' || s[i] == ',')) {
			i++;
			while (i < n && tc_ascii_isdigit(s[i]))
				i++;
		}
	}
	if (i < n && s[i] == ' ')
		i++;
	if (i < n && (s[i] == 'Z' || s[i] == 'z')) {
		*has_off = 1;
		return;
	}
	if (i < n && (s[i] == '+' || s[i] == '-')) {
		int sign = s[i] == '-' ? -1 : 1;
		i++;
		int nd = 0;
		int oh = number(s, n, &i, 4, &nd);
		if (oh < 0)
			return;
		int om = 0;
		if (nd == 4) {
			om = oh % 100;
			oh /= 100;
		} else if (nd <= 2 && i < n && s[i] == ':') {
			i++;
			om = number(s, n, &i, 2, NULL);
			if (om < 0)
				return;
		} else if (nd == 3) {
			return;
		}
		if (oh > 14 || om > 59)
			return;
		*off = sign * (oh * 60 + om);
		*has_off = 1;
	}
}

int tc_date_parse_iso(const char *s, size_t n, tc_ymd *out)
{
	size_t i = skip_space(s, n, 0);
	int nd = 0;
	int y = number(s, n, &i, 8, &nd), m, d;
	if (nd == 8) { /* 20200609 */
		d = y % 100;
		m = y / 100 % 100;
		y /= 10000;
	} else {
		if (nd != 4 || i >= n || s[i] != '-')
			return 0;
		i++;
		m = number(s, n, &i, 2, NULL);
		if (m < 0 || i >= n || s[i] != '-')
			return 0;
		i++;
		d = number(s, n, &i, 2, NULL);
	}
	if (i < n && tc_ascii_isdigit(s[i]))
		return 0;
	if (!tc_date_valid(y, m, d))
		return 0;
	tc_ymd t = {y, m, d};
	int minutes, off, has_off;
	read_time(s, n, i, &minutes, &off, &has_off);
	if (has_off) {
		int local = minutes - off + VN_OFFSET_MIN;
		if (local < 0)
			add_day(&t, -1);
		else if (local >= 24 * 60)
			add_day(&t, 1);
		if (!tc_date_valid(t.y, t.m, t.d))
			return 0;
	}
	*out = t;
	return 1;
}

/* Does s[i..n) start with one of the words (NFC bytes)? Returns its length. */
static size_t word_at(const char *s, size_t n, size_t i, const char *const *words, size_t nw)
{
	for (size_t k = 0; k < nw; k++) {
		size_t len = strlen(words[k]);
		if (n - i >= len && !memcmp(s + i, words[k], len))
			return len;
	}
	return 0;
}

static const char *const w_thang[] = {"tháng", "Tháng", "THÁNG", "thang", "Thang"};
static const char *const w_nam[] = {"năm", "Năm", "NĂM", "nam"};
/* Words after which "9/6" is a date: parts of the day, "ngày", "hôm (nay)". */
static const char *const w_context[] = {
	"sáng", "Sáng", "SÁNG", "trưa", "Trưa", "TRƯA", "chiều", "Chiều", "CHIỀU", "tối",
	"Tối",  "TỐI",  "đêm",  "Đêm",  "ĐÊM",  "ngày", "Ngày", "NGÀY", "hôm",   "Hôm",
	"HÔM",  "nay",  "Nay",  "qua",  "Qua",  "mai",  "rạng", "Rạng"};

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* Is the word that ends (spaces and '(' aside) before s[i] a context word? */
static int context_before(const char *s, size_t i)
{
	size_t j = i;
	while (j > 0 && (tc_ascii_isspace(s[j - 1]) || s[j - 1] == '(' || s[j - 1] == ','))
		j--;
	if (j == i && i > 0)
		return 0; /* glued to something: "ab9/6" */
	for (size_t k = 0; k < N_OF(w_context); k++) {
		size_t len = strlen(w_context[k]);
		if (j >= len && !memcmp(s + j - len, w_context[k], len)) {
			/* whole word: the byte before must not be a letter */
			if (j == len)
				return 1;
			unsigned char b = (unsigned char)s[j - len - 1];
			if (!(b >= 'a' && b <= 'z') && !(b >= 'A' && b <= 'Z') && b < 0x80)
				return 1;
		}
	}
	return 0;
}

static int month_name(const char *s, size_t n, size_t i, size_t *len)
{
	static const char *const names[12] = {"jan", "feb", "mar", "apr", "may", "jun",
					      "jul", "aug", "sep", "oct", "nov", "dec"};
	static const char *const longs[12] = {"january", "february", "march",     "april",
					      "may",     "june",     "july",      "august",
					      "september", "october", "november", "december"};
	if (n - i < 3)
		return 0;
	for (int m = 0; m < 12; m++) {
		if (strncasecmp(s + i, names[m], 3))
			continue;
		size_t k = strlen(longs[m]);
		size_t l = n - i >= k && !strncasecmp(s + i, longs[m], k) ? k : 3;
		if (l == 3 && n - i >= 4 && !strncasecmp(s + i, "sept", 4))
			l = 4;
		if (i + l < n && ((s[i + l] | 0x20) >= 'a' && (s[i + l] | 0x20) <= 'z'))
			continue;
		if (i + l < n && s[i + l] == '.')
			l++;
		*len = l;
		return m + 1;
	}
	return 0;
}

/* A year of four digits at s[*i..n), not followed by another digit. */
static int year_at(const char *s, size_t n, size_t *i)
{
	size_t j = *i;
	int nd = 0;
	int y = number(s, n, &j, 4, &nd);
	if (nd != 4 || (j < n && tc_ascii_isdigit(s[j])))
		return -1;
	*i = j;
	return y;
}

/* Try the numeric forms at s[i], where a number starts. */
static int numeric_at(const char *s, size_t n, size_t i, int bare, tc_ymd *out, size_t *end)
{
	size_t j = i;
	int nd = 0;
	int a = number(s, n, &j, 4, &nd);
	if (a < 0)
		return 0;
	if (nd == 4) { /* 2020-06-09, 2020/06/09, 2020.06.09 */
		if (j >= n || (s[j] != '-' && s[j] != '/' && s[j] != '.'))
			return 0;
		char sep = s[j++];
		int m = number(s, n, &j, 2, NULL);
		if (m < 0 || j >= n || s[j] != sep)
			return 0;
		j++;
		int d = number(s, n, &j, 2, NULL);
		if (d < 0 || (j < n && tc_ascii_isdigit(s[j])) || !tc_date_valid(a, m, d))
			return 0;
		*out = (tc_ymd){a, m, d};
		*end = j;
		return 2;
	}
	if (nd > 2)
		return 0;
	if (j < n && (s[j] == '/' || s[j] == '-' || s[j] == '.')) {
		char sep = s[j++];
		int b = number(s, n, &j, 2, NULL);
		if (b < 0)
			return 0;
		if (j < n && s[j] == sep && j + 1 < n && tc_ascii_isdigit(s[j + 1])) {
			size_t k = j + 1;
			int y = year_at(s, n, &k);
			if (y < 0)
				return 0; /* 09/06/20, 1/2/345: not a date we read */
			int d = a, m = b;
			if (!tc_date_valid(y, m, d) && tc_date_valid(y, d, m)) {
				d = b; /* month first: 06/22/2020 */
				m = a;
			}
			if (!tc_date_valid(y, m, d))
				return 0;
			*out = (tc_ymd){y, m, d};
			*end = k;
			return 2;
		}
		/* "9/6" alone: not inside "1/2/3", not a decimal "9.6 tỷ" */
		if (j < n && (tc_ascii_isdigit(s[j]) || s[j] == '/' || s[j] == '-' ||
			      (s[j] == '.' && j + 1 < n && tc_ascii_isdigit(s[j + 1]))))
			return 0;
		if (sep == '.' && !context_before(s, i))
			return 0;
		if (!partial_valid(b, a) || !(bare || context_before(s, i)))
			return 0;
		*out = (tc_ymd){0, b, a};
		*end = j;
		return 1;
	}
	/* 9 tháng 6 [năm] 2020, 9 Jun 2020 */
	size_t k = skip_space(s, n, j);
	size_t wl = word_at(s, n, k, w_thang, N_OF(w_thang));
	int m = -1;
	if (wl) {
		k = skip_space(s, n, k + wl);
		m = number(s, n, &k, 2, NULL);
	} else if (k > j) {
		size_t ml;
		m = month_name(s, n, k, &ml);
		if (!m)
			return 0;
		k += ml;
	} else {
		return 0;
	}
	if (m < 0)
		return 0;
	size_t after_month = k;
	size_t y0 = k < n && s[k] == ',' ? k + 1 : k;
	y0 = skip_space(s, n, y0);
	size_t nl = word_at(s, n, y0, w_nam, N_OF(w_nam));
	if (nl)
		y0 = skip_space(s, n, y0 + nl);
	int y = year_at(s, n, &y0);
	if (y >= 0 && tc_date_valid(y, m, a)) {
		*out = (tc_ymd){y, m, a};
		*end = y0;
		return 2;
	}
	if (y < 0 && wl && partial_valid(m, a) && (bare || context_before(s, i))) {
		*out = (tc_ymd){0, m, a};
		*end = after_month;
		return 1;
	}
	return 0;
}

/* June 9, 2020 / Jun 9 2020 at s[i], where a letter starts. */
static int english_at(const char *s, size_t n, size_t i, tc_ymd *out, size_t *end)
{
	size_t ml;
	int m = month_name(s, n, i, &ml);
	if (!m)
		return 0;
	size_t j = skip_space(s, n, i + ml);
	int d = number(s, n, &j, 2, NULL);
	if (d < 0)
		return 0;
	if (j + 1 < n && (!strncmp(s + j, "st", 2) || !strncmp(s + j, "nd", 2) ||
			  !strncmp(s + j, "rd", 2) || !strncmp(s + j, "th", 2)))
		j += 2;
	if (j < n && s[j] == ',')
		j++;
	j = skip_space(s, n, j);
	int y = year_at(s, n, &j);
	if (y < 0 || !tc_date_valid(y, m, d))
		return 0;
	*out = (tc_ymd){y, m, d};
	*end = j;
	return 2;
}

int tc_date_find(const char *s, size_t n, int bare_partial, tc_ymd *out, size_t *end)
{
	tc_ymd partial = {0, 0, 0};
	size_t partial_end = 0;
	int have_partial = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		char prev = i ? s[i - 1] : ' ';
		tc_ymd t;
		size_t e = 0;
		int r = 0;
		if (tc_ascii_isdigit(c)) {
			/* a number starts here, not inside "1234/2020/QĐ" or "v2.9" */
			if (tc_ascii_isdigit(prev) || ((prev == '/' || prev == '-' || prev == '.' || prev == ':') &&
					    i >= 2 && tc_ascii_isdigit(s[i - 2])))
				continue;
			if ((prev | 0x20) >= 'a' && (prev | 0x20) <= 'z')
				continue;
			r = numeric_at(s, n, i, bare_partial, &t, &e);
		} else if (((c | 0x20) >= 'a' && (c | 0x20) <= 'z') &&
			   !((prev | 0x20) >= 'a' && (prev | 0x20) <= 'z')) {
			r = english_at(s, n, i, &t, &e);
		}
		if (r == 2) {
			*out = t;
			if (end)
				*end = e;
			return 2;
		}
		if (r == 1 && !have_partial) {
			partial = t;
			partial_end = e;
			have_partial = 1;
		}
		if (e > i)
			i = e - 1;
	}
	if (have_partial) {
		*out = partial;
		if (end)
			*end = partial_end;
		return 1;
	}
	return 0;
}

int tc_date_parse_any(const char *s, size_t n, tc_ymd *out)
{
	if (tc_date_parse_iso(s, n, out))
		return 1;
	tc_ymd t;
	if (tc_date_find(s, n, 0, &t, NULL) == 2) {
		*out = t;
		return 1;
	}
	return 0;
}

/* Days since 1900-01-01, for distances between dates. */
static long day_number(int y, int m, int d)
{
	long days = 0;
	for (int k = 1900; k < y; k++)
		days += leap(k) ? 366 : 365;
	for (int k = 1; k < m; k++)
		days += month_days(y, k);
	return days + d;
}

int tc_date_resolve(tc_ymd *d, const tc_ymd *refs, size_t n)
{
	long best = -1;
	int best_y = 0;
	for (size_t i = 0; i < n; i++) {
		long r = day_number(refs[i].y, refs[i].m, refs[i].d);
		for (int y = refs[i].y - 1; y <= refs[i].y + 1; y++) {
			if (!tc_date_valid(y, d->m, d->d))
				continue;
			long dist = day_number(y, d->m, d->d) - r;
			if (dist < 0)
				dist = -dist;
			if (best < 0 || dist < best) {
				best = dist;
				best_y = y;
			}
		}
	}
	if (best < 0)
		return 0;
	d->y = best_y;
	return 1;
}

void tc_date_format(tc_ymd d, char out[11])
{
	int v[3] = {d.y, d.m, d.d}, width[3] = {4, 2, 2};
	size_t k = 0;
	for (int f = 0; f < 3; f++) {
		int x = v[f] < 0 ? 0 : v[f];
		for (int w = width[f] - 1; w >= 0; w--) {
			out[k + (size_t)w] = (char)('0' + x % 10);
			x /= 10;
		}
		k += (size_t)width[f];
		if (f < 2)
			out[k++] = '-';
	}
	out[k] = '\0';
}
