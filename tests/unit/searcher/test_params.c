/*
 * test_params.c - the checked parsers the command line and the search page
 * share (searcher/params.h): numbers without signs, spaces or wrap-around,
 * host names as site: and --site take them, the sort order.
 */
#include "unit_test.h"

#include <stdio.h>

#include "params.h"
#include "tc_banned.h"

/* The checked parsers the command line and the page share (params.h). */
typedef struct number_row {
	const char *in;
	int ok;
	uint64_t v;
} number_row;

static const number_row number_rows[] = {
	{"5", 1, 5},
	{"0007", 1, 7},
	{"1000000", 1, 1000000},
	{"99999999999999999999999", 1, UINT64_MAX}, /* out of every range, not wrapped */
	{"18446744073709551615", 1, UINT64_MAX},
	{"18446744073709551616", 1, UINT64_MAX},
	{"", 0, 0},
	{" 5", 0, 0},
	{"5 ", 0, 0},
	{"+5", 0, 0},
	{"-5", 0, 0},
	{"0x10", 0, 0},
	{"1e2", 0, 0},
	{"1.5", 0, 0},
};

typedef struct host_row {
	const char *in;
	const char *out; /* NULL: refused */
} host_row;

static const host_row host_rows[] = {
	{"baomoi.com", "baomoi.com"},
	{"Dantri.COM.vn", "dantri.com.vn"},
	{"localhost", "localhost"},
	{"a-b.example.vn", "a-b.example.vn"},
	{"", NULL},
	{"<x>", NULL},
	{".example.vn", NULL},
	{"-example.vn", NULL},
	{"example.vn/x", NULL},
	/* The index's own host form (tc_schema_host): port and final dot go. */
	{"example.vn:80", "example.vn"},
	{"example.vn:8080", "example.vn"},
	{"EXAMPLE.vn.", "example.vn"},
	{"https://example.vn:443/x", "example.vn"},
	{"example.vn:x", NULL},
	{"ex ample.vn", NULL},
	{"bad_host", NULL},
	{"đà-nẵng.vn", NULL},
};

static void test_shared_parsers(void **state)
{
	(void)state;
	int nfail = 0;
	for (size_t i = 0; i < N_ROWS(number_rows); i++) {
		const number_row *r = &number_rows[i];
		char *s = unit_exact_copy(r->in, strlen(r->in));
		uint64_t v = 42;
		int ok = tc_param_number(s, strlen(r->in), &v);
		free(s);
		if (ok != r->ok || (ok && v != r->v))
			ROW_FAIL(nfail, r->in, "number: ok %d value %llu", ok, (unsigned long long)v);
	}
	for (size_t i = 0; i < N_ROWS(host_rows); i++) {
		const host_row *r = &host_rows[i];
		char *s = unit_exact_copy(r->in, strlen(r->in));
		char out[TC_PARAM_HOST_MAX + 1];
		int ok = tc_param_host(s, strlen(r->in), out);
		free(s);
		if (ok != (r->out != NULL) || (ok && strcmp(out, r->out) != 0))
			ROW_FAIL(nfail, r->in, "host: ok %d '%s'", ok, ok ? out : "");
	}
	/* 253 bytes is a host; 254 is not. */
	char h[TC_PARAM_HOST_MAX + 2], out[TC_PARAM_HOST_MAX + 1];
	memset(h, 'a', sizeof h);
	if (!tc_param_host(h, TC_PARAM_HOST_MAX, out) || strlen(out) != TC_PARAM_HOST_MAX)
		ROW_FAIL(nfail, "253 bytes", "refused");
	if (tc_param_host(h, TC_PARAM_HOST_MAX + 1, out))
		ROW_FAIL(nfail, "254 bytes", "accepted");
	int sort = -1;
	if (!tc_param_sort("date", 4, &sort) || sort != 1 || !tc_param_sort("relevance", 9, &sort) ||
	    sort != 0 || tc_param_sort("date ", 5, &sort) || tc_param_sort("DATE", 4, &sort))
		ROW_FAIL(nfail, "sort", "date/relevance only, exactly");
	ROWS_DONE(nfail, N_ROWS(number_rows) + N_ROWS(host_rows) + 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shared_parsers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
