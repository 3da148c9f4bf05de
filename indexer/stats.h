/* stats.h - `tracuu-index stats`: what an index holds. */
#ifndef STATS_H
#define STATS_H

#include <stdio.h>

#include "tc_status.h"

/* Print document count, size, date range and sources of the index at dir,
 * as text or (json != 0) as one JSON object.  Errors are described in err. */
TC_MUST_CHECK tc_status tc_stats_print(const char *dir, int json, FILE *out, tc_err *err);

#endif
