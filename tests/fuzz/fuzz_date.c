/*
 * fuzz_date.c - the date reader (common/tc_date.h) on arbitrary bytes, with
 * the flags taken from the first byte and "now" fixed.
 *
 * Invariants: never reads past the input (ASan); a date read is a calendar
 * date in the accepted range, with a time of day in range; the prefix mode
 * accepts whatever the whole-text mode accepts, with the same answer; a
 * date written back as YYYY-MM-DD reads back as itself.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "tc_date.h"
#include "tc_banned.h"

#define NOW ((time_t)1591696800) /* 2020-06-09 10:00 UTC */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	unsigned flags = data[0] & (TC_DATE_ANY | TC_DATE_PREFIX);
	char *s = malloc(size - 1 ? size - 1 : 1);
	FUZZ_CHECK(s != NULL);
	memcpy(s, data + 1, size - 1);
	tc_when w;
	int ok = tc_date_parse(s, size - 1, flags, NOW, &w);
	if (ok) {
		FUZZ_CHECK(tc_date_in_range(w.day.y, w.day.m, w.day.d, NOW));
		FUZZ_CHECK(!w.has_time || (w.h >= 0 && w.h <= 23 && w.mi >= 0 && w.mi <= 59));
		char day[11];
		tc_date_format(w.day, day);
		tc_ymd back;
		FUZZ_CHECK(tc_date_parse_day(day, 10, &back));
		FUZZ_CHECK(back.y == w.day.y && back.m == w.day.m && back.d == w.day.d);
	}
	if (ok && !(flags & TC_DATE_PREFIX)) {
		tc_when p;
		FUZZ_CHECK(tc_date_parse(s, size - 1, flags | TC_DATE_PREFIX, NOW, &p));
		FUZZ_CHECK(!memcmp(&p, &w, sizeof p));
	}
	tc_ymd d;
	if (tc_date_parse_day(s, size - 1, &d))
		FUZZ_CHECK(tc_date_is_day(d.y, d.m, d.d));
	free(s);
	return 0;
}
