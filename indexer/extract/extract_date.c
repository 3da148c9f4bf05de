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

#include "tc_ascii.h"
#include "tc_banned.h"

static int partial_valid(int m, int d)
{
	return m >= 1 && m <= 12 && d >= 1 && d <= (m == 2 ? 29 : tc_date_month_days(2001, m));
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

int tc_date_parse_iso(const char *s, size_t n, tc_ymd *out)
{
	/* tc_date skips ASCII white space; a page may put U+00A0 first too. */
	size_t i = skip_space(s, n, 0);
	tc_when w;
	if (!tc_date_parse(s + i, n - i, TC_DATE_ISO | TC_DATE_PREFIX, tc_date_clock(), &w))
		return 0;
	*out = w.day;
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
	/* Machine dates first, through tc_date, so that an RFC 822 date with a
	 * zone is moved to Vietnam time as a feed's is. */
	size_t i = skip_space(s, n, 0);
	tc_when w;
	if (tc_date_parse(s + i, n - i, TC_DATE_ANY | TC_DATE_PREFIX, tc_date_clock(), &w)) {
		*out = w.day;
		return 1;
	}
	tc_ymd t;
	if (tc_date_find(s, n, 0, &t, NULL) == 2) {
		*out = t;
		return 1;
	}
	return 0;
}

int tc_date_resolve(tc_ymd *d, const tc_ymd *refs, size_t n)
{
	long best = -1;
	int best_y = 0;
	for (size_t i = 0; i < n; i++) {
		long r = tc_date_to_days(refs[i]);
		for (int y = refs[i].y - 1; y <= refs[i].y + 1; y++) {
			if (!tc_date_valid(y, d->m, d->d))
				continue;
			long dist = tc_date_to_days((tc_ymd){y, d->m, d->d}) - r;
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

