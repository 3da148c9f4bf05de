/* params.c - checked parsers shared by the command line and the page; see params.h. */
#include "params.h"

#include <string.h>

#include "tc_banned.h"

int tc_param_number(const char *s, size_t n, uint64_t *out)
{
	*out = 0;
	if (!n)
		return 0;
	uint64_t v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		unsigned d = (unsigned)(s[i] - '0');
		v = v > (UINT64_MAX - d) / 10 ? UINT64_MAX : v * 10 + d;
	}
	*out = v;
	return 1;
}

int tc_param_host(const char *s, size_t n, char out[TC_PARAM_HOST_MAX + 1])
{
	return tc_schema_host(s, n, out) > 0;
}

int tc_param_sort(const char *s, size_t n, int *sort_date)
{
	if (n == 4 && !memcmp(s, "date", 4))
		*sort_date = 1;
	else if (n == 9 && !memcmp(s, "relevance", 9))
		*sort_date = 0;
	else
		return 0;
	return 1;
}
