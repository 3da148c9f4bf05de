/*
 * extract_date.h - publication dates as Vietnamese news pages write them.
 *
 * Machine dates (ISO 8601 / RFC 3339, RFC 822) are read by common/tc_date.h,
 * which also moves a time with an offset to Vietnam time (UTC+7) before its
 * calendar date is taken, so "2020-06-08T23:30:00Z" is 2020-06-09.
 *
 * Text dates: "Thứ Ba, 09/06/2020 17:30", "09/06/2020 - 17:30", "9-6-2020",
 * "9.6.2020", "2020/06/09", "Ngày 09 tháng 6 năm 2020", "9 Tháng 6, 2020",
 * "June 9, 2020", and, without a year, "Chiều 9/6", "sáng 9-6", "ngày 9
 * tháng 6" (a partial date: y == 0), to be resolved against the page's
 * other dates.  Day first, as Vietnamese writes it; "06/22/2020" (month
 * first) is read only when the day-first reading is impossible.
 *
 * A full date counts only when it is in tc_date's accepted range (from 1900
 * to tomorrow in Vietnam, tc_date_valid), so that a page's other dates are
 * looked at rather than a misprinted 2099.
 */
#ifndef EXTRACT_DATE_H
#define EXTRACT_DATE_H

#include <stddef.h>

#include "tc_date.h"

/* An ISO 8601 date at the start of s[0..n) (leading spaces, U+00A0 too,
 * skipped; other text may follow): 1 and *out set, else 0. */
int tc_date_parse_iso(const char *s, size_t n, tc_ymd *out /* OUT */);

/*
 * The first date written in the text s[0..n) (UTF-8).  Returns 2 for a full
 * date, 1 for a partial one (out->y == 0), 0 for none.  A bare "9/6" counts
 * as partial only when bare_partial is set (text of an element that is known
 * to hold a date); otherwise it needs a word before it: sáng, trưa, chiều,
 * tối, đêm, ngày, hôm.  *end, when not NULL, receives the offset just after
 * the date.
 */
int tc_date_find(const char *s, size_t n, int bare_partial, tc_ymd *out /* OUT */,
		 size_t *end /* OUT, may be NULL */);

/* A machine date (tc_date_parse, any format, text may follow), else the
 * first full date of the text: 1 and *out, else 0. */
int tc_date_parse_any(const char *s, size_t n, tc_ymd *out /* OUT */);

/*
 * Give the partial date *d the year that puts it nearest to one of the full
 * dates refs[0..n) (from that date's year, the one before or the one after).
 * 0 when there is no reference or no year makes it valid.
 */
int tc_date_resolve(tc_ymd *d, const tc_ymd *refs, size_t n);

#endif
