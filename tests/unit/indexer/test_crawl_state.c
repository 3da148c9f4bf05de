/*
 * test_crawl_state.c - the crawler's per-URL memory (indexer/crawl_state.h).
 *
 * Contract under test: the state queues a URL once, hands out due URLs per
 * host, keeps validators across passes, requeues done URLs when a finished
 * pass is followed by a new one and resumes an interrupted pass as it was.
 */
#include "unit_test.h"

#include <stdio.h>
#include <unistd.h>

#include "crawl_state.h"
#include "tc_banned.h"

static void test_state_passes(void **state)
{
	(void)state;
	char path[4096];
	const char *dir = getenv("TMPDIR");
	snprintf(path, sizeof path, "%s/crawl-state-%d.sqlite", dir && *dir ? dir : "/tmp", (int)getpid());
	unlink(path);
	tc_crawl_state *s;
	tc_err err = {{0}};
	assert_int_equal(tc_crawl_state_open(path, &s, &err), TC_OK);
	int resumed = -1, added = 0;
	assert_int_equal(tc_crawl_state_begin(s, &resumed, &err), TC_OK);
	assert_int_equal(resumed, 0);
	assert_int_equal(tc_crawl_state_add(s, "https://a.vn/1", "a.vn", 0, 0, 0, NULL, 0, &added, &err), TC_OK);
	assert_int_equal(added, 1);
	assert_int_equal(tc_crawl_state_add(s, "https://a.vn/1", "a.vn", 0, 1, 0, NULL, 0, &added, &err), TC_OK);
	assert_int_equal(added, 0); /* queued once */
	assert_int_equal(tc_crawl_state_add(s, "https://a.vn/2", "a.vn", 0, 1, 0, "2020-06-09", 0, &added, &err), TC_OK);
	assert_int_equal(tc_crawl_state_add(s, "https://b.vn/1", "b.vn", 1, 0, 0, NULL, 0, &added, &err), TC_OK);
	tc_url_row rows[4];
	size_t n;
	assert_int_equal(tc_crawl_state_due(s, "a.vn", 1e12, rows, 4, &n, &err), TC_OK);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].url, "https://a.vn/1");
	assert_string_equal(rows[1].date_hint, "2020-06-09");
	/* A fetched page keeps its validators; a retry waits until it is due. */
	snprintf(rows[0].etag, sizeof rows[0].etag, "\"v1\"");
	rows[0].indexed = 1;
	rows[0].hash = 0xfedcba9876543210u;
	assert_int_equal(tc_crawl_state_finish(s, &rows[0], TC_URL_DONE, 200, &err), TC_OK);
	rows[1].tries = 1;
	assert_int_equal(tc_crawl_state_retry(s, &rows[1], 5000.0, &err), TC_OK);
	assert_int_equal(tc_crawl_state_due(s, "a.vn", 100.0, rows, 4, &n, &err), TC_OK);
	assert_int_equal(n, 0);
	double due;
	int any;
	assert_int_equal(tc_crawl_state_next_due(s, "a.vn", &due, &any, &err), TC_OK);
	assert_int_equal(any, 1);
	assert_true(due == 5000.0);
	char owner[64];
	int found;
	assert_int_equal(tc_crawl_state_hash_owner(s, 0xfedcba9876543210u, owner, sizeof owner, &found, &err), TC_OK);
	assert_int_equal(found, 1);
	assert_string_equal(owner, "https://a.vn/1");
	/* Interrupted: the next pass resumes the queue as it is. */
	tc_crawl_state_free(s);
	assert_int_equal(tc_crawl_state_open(path, &s, &err), TC_OK);
	assert_int_equal(tc_crawl_state_begin(s, &resumed, &err), TC_OK);
	assert_int_equal(resumed, 1);
	assert_int_equal(tc_crawl_state_due(s, "a.vn", 1e12, rows, 4, &n, &err), TC_OK);
	assert_int_equal(n, 1); /* only the retry: the done one stays done */
	assert_int_equal(tc_crawl_state_end(s, &err), TC_OK);
	/* A new pass after a finished one revisits done URLs with their validators. */
	assert_int_equal(tc_crawl_state_begin(s, &resumed, &err), TC_OK);
	assert_int_equal(resumed, 0);
	assert_int_equal(tc_crawl_state_due(s, "a.vn", 1e12, rows, 4, &n, &err), TC_OK);
	assert_int_equal(n, 2);
	int seen = 0;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(rows[i].url, "https://a.vn/1")) {
			assert_string_equal(rows[i].etag, "\"v1\"");
			assert_int_equal(rows[i].indexed, 1);
			seen = 1;
		}
	assert_true(seen);
	uint64_t counts[5];
	assert_int_equal(tc_crawl_state_counts(s, counts, &err), TC_OK);
	assert_int_equal(counts[TC_URL_QUEUED], 3);
	tc_crawl_state_free(s);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_state_passes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
