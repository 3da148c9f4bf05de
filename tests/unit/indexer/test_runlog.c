/*
 * test_runlog.c - the nightly run record (indexer/runlog.h): what the reader
 * takes and refuses, the ring of the last runs, the UTC times, and a file
 * written and read back.
 */
#include "unit_test.h"

#include <stdio.h>
#include <unistd.h>

#include "runlog.h"
#include "tc_banned.h"

#define RUN_OK "{\"started\":\"2026-12-07T02:30:00Z\",\"finished\":\"2026-12-07T02:41:12Z\"," \
	       "\"exit_status\":1,\"mode\":\"rebuild\",\"pid\":42,\"fetched\":812,"          \
	       "\"not_modified\":790,\"indexed\":20,\"deleted\":1,\"failed\":3,\"kept\":7,"      \
	       "\"generation\":\"gen-000003\",\"duration\":672.5,\"message\":\"3 URLs failed\"}"

static void test_parse(void **state)
{
	(void)state;
	static const struct {
		const char *name, *text;
		size_t n, bad;
		int exit_status;    /* of the last run */
		const char *finished;
	} rows[] = {
		{"empty", "", 0, 0, 0, NULL},
		{"one full run", RUN_OK "\n", 1, 0, 1, "2026-12-07T02:41:12Z"},
		{"no final newline", RUN_OK, 1, 0, 1, "2026-12-07T02:41:12Z"},
		{"running: nulls", "{\"started\":\"2026-12-07T02:30:00Z\",\"finished\":null,\"exit_status\":null}\n",
		 1, 0, -1, ""},
		{"blank lines skipped", "\n\n" RUN_OK "\n\n", 1, 0, 1, "2026-12-07T02:41:12Z"},
		{"not JSON", "garbage\n" RUN_OK "\n", 1, 1, 1, "2026-12-07T02:41:12Z"},
		{"cut short (a full disk)", RUN_OK "\n{\"started\":\"2026-12-0", 1, 1, 1, "2026-12-07T02:41:12Z"},
		{"no started", "{\"exit_status\":0}\n", 0, 1, 0, NULL},
		{"started not UTC", "{\"started\":\"2026-12-07 02:30:00\"}\n", 0, 1, 0, NULL},
		{"month 13", "{\"started\":\"2026-13-07T02:30:00Z\"}\n", 0, 1, 0, NULL},
		{"exit status 300", "{\"started\":\"2026-12-07T02:30:00Z\",\"exit_status\":300}\n", 0, 1, 0, NULL},
		{"negative count", "{\"started\":\"2026-12-07T02:30:00Z\",\"fetched\":-1}\n", 0, 1, 0, NULL},
		{"count as string", "{\"started\":\"2026-12-07T02:30:00Z\",\"fetched\":\"9\"}\n", 0, 1, 0, NULL},
		{"an array", "[1,2,3]\n", 0, 1, 0, NULL},
		{"trailing junk", RUN_OK "x\n", 0, 1, 0, NULL},
	};
	int nfail = 0;
	for (size_t i = 0; i < N_ROWS(rows); i++) {
		size_t len = strlen(rows[i].text);
		char *text = unit_exact_copy(rows[i].text, len);
		tc_run runs[4];
		size_t n, bad;
		tc_runlog_parse(text, len, runs, 4, &n, &bad);
		free(text);
		if (n != rows[i].n || bad != rows[i].bad) {
			ROW_FAIL(nfail, rows[i].name, "runs %zu bad %zu, expected %zu and %zu", n, bad,
				 rows[i].n, rows[i].bad);
			continue;
		}
		if (n && (runs[n - 1].exit_status != rows[i].exit_status ||
			  strcmp(runs[n - 1].finished, rows[i].finished) != 0))
			ROW_FAIL(nfail, rows[i].name, "exit %d finished '%s'", runs[n - 1].exit_status,
				 runs[n - 1].finished);
	}
	ROWS_DONE(nfail, N_ROWS(rows));
}

static void test_fields(void **state)
{
	(void)state;
	tc_run r[1];
	size_t n, bad;
	tc_runlog_parse(RUN_OK, strlen(RUN_OK), r, 1, &n, &bad);
	assert_int_equal(n, 1);
	assert_string_equal(r[0].mode, "rebuild");
	assert_string_equal(r[0].generation, "gen-000003");
	assert_string_equal(r[0].message, "3 URLs failed");
	assert_int_equal(r[0].pid, 42);
	assert_int_equal(r[0].fetched, 812);
	assert_int_equal(r[0].not_modified, 790);
	assert_int_equal(r[0].indexed, 20);
	assert_int_equal(r[0].deleted, 1);
	assert_int_equal(r[0].failed, 3);
	assert_int_equal(r[0].kept, 7);
	assert_true(r[0].duration > 672.4 && r[0].duration < 672.6);
	assert_int_equal(r[0].interrupted, 0);
}

/* More runs than fit: the last ones, oldest first. */
static void test_ring(void **state)
{
	(void)state;
	char text[4096] = "";
	size_t len = 0;
	for (int i = 0; i < 7; i++)
		len += (size_t)snprintf(text + len, sizeof text - len,
					"{\"started\":\"2026-12-0%dT02:30:00Z\",\"pid\":%d}\n", i + 1, i);
	tc_run runs[3];
	size_t n, bad;
	tc_runlog_parse(text, len, runs, 3, &n, &bad);
	assert_int_equal(n, 3);
	assert_int_equal(bad, 0);
	assert_int_equal(runs[0].pid, 4);
	assert_int_equal(runs[1].pid, 5);
	assert_int_equal(runs[2].pid, 6);
}

static void test_time(void **state)
{
	(void)state;
	char s[24];
	tc_time_iso(0, s);
	assert_string_equal(s, "1970-01-01T00:00:00Z");
	tc_time_iso(1796437800, s);
	assert_string_equal(s, "2026-12-05T02:30:00Z");
	time_t t;
	assert_true(tc_time_parse_iso(s, &t));
	assert_int_equal(t, 1796437800);
	assert_false(tc_time_parse_iso("2026-12-05T02:30:00", &t));
	assert_false(tc_time_parse_iso("2026-12-05T02:30:00Z ", &t));
	assert_false(tc_time_parse_iso("2026-12-05T24:30:00Z", &t));
	assert_false(tc_time_parse_iso("", &t));
}

/* Written, read back the same; a missing file is no runs. */
static void test_write_read(void **state)
{
	(void)state;
	const char *tmp = getenv("TMPDIR");
	char dir[512], path[600];
	snprintf(dir, sizeof dir, "%s/tracuu-unit-runlog.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/nightly-runs.jsonl", dir);
	tc_run runs[TC_RUNLOG_KEEP + 5], back[TC_RUNLOG_KEEP];
	size_t n = 99, bad = 99;
	tc_err err = {{0}};
	assert_int_equal(tc_runlog_read(path, back, TC_RUNLOG_KEEP, &n, &bad, &err), TC_OK);
	assert_int_equal(n, 0);
	for (size_t i = 0; i < N_ROWS(runs); i++) {
		tc_run_init(&runs[i]);
		tc_time_iso((time_t)(1796437800 + i * 86400), runs[i].started);
		runs[i].pid = (long)i;
		runs[i].fetched = i * 10;
	}
	snprintf(runs[N_ROWS(runs) - 1].message, sizeof runs[0].message, "Tiếng \"Việt\"\n");
	/* More than TC_RUNLOG_KEEP: the oldest go. */
	assert_int_equal(tc_runlog_write(path, runs, N_ROWS(runs), &err), TC_OK);
	assert_int_equal(tc_runlog_read(path, back, TC_RUNLOG_KEEP, &n, &bad, &err), TC_OK);
	assert_int_equal(n, TC_RUNLOG_KEEP);
	assert_int_equal(bad, 0);
	assert_int_equal(back[0].pid, 5);
	assert_int_equal(back[n - 1].pid, (long)N_ROWS(runs) - 1);
	assert_int_equal(back[n - 1].fetched, (N_ROWS(runs) - 1) * 10);
	assert_int_equal(back[n - 1].exit_status, -1);
	assert_string_equal(back[n - 1].message, "Tiếng \"Việt\"\n");
	char tmpfile[700];
	snprintf(tmpfile, sizeof tmpfile, "%s.tmp", path);
	assert_int_not_equal(access(tmpfile, F_OK), 0);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),      cmocka_unit_test(test_fields),
		cmocka_unit_test(test_ring),       cmocka_unit_test(test_time),
		cmocka_unit_test(test_write_read),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
