/*
 * fuzz_runlog.c - the nightly run record's reader from arbitrary bytes
 * (tc_runlog_parse; indexer/runlog.h): the file is read back every night
 * and by status, and a full disk or a hand edit can leave anything in it.
 *
 * Invariants: parsing never fails and reads only the bytes given (an exact
 * heap copy); at most max runs come back and good + bad lines never exceed
 * the lines given; every run's strings are NUL-terminated within their
 * fields, its started time parses, its exit status is -1 or 0..255; a run
 * written back with tc_run_to_json and parsed again is the same run.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "runlog.h"
#include "tc_banned.h"

#define MAX_RUNS 8

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = malloc(size ? size : 1);
	FUZZ_CHECK(copy != NULL);
	if (size)
		memcpy(copy, data, size);
	tc_run runs[MAX_RUNS];
	size_t n = 99, bad = 99, lines = 1;
	for (size_t i = 0; i < size; i++)
		lines += copy[i] == '\n';
	tc_runlog_parse(copy, size, runs, MAX_RUNS, &n, &bad);
	FUZZ_CHECK(n <= MAX_RUNS);
	FUZZ_CHECK(bad <= lines);
	for (size_t i = 0; i < n; i++) {
		const tc_run *r = &runs[i];
		time_t t;
		FUZZ_CHECK(memchr(r->started, '\0', sizeof r->started) != NULL);
		FUZZ_CHECK(memchr(r->finished, '\0', sizeof r->finished) != NULL);
		FUZZ_CHECK(memchr(r->mode, '\0', sizeof r->mode) != NULL);
		FUZZ_CHECK(memchr(r->generation, '\0', sizeof r->generation) != NULL);
		FUZZ_CHECK(memchr(r->message, '\0', sizeof r->message) != NULL);
		FUZZ_CHECK(tc_time_parse_iso(r->started, &t));
		FUZZ_CHECK(r->exit_status >= -1 && r->exit_status <= 255);
		/* Round trip: what the writer writes, the reader reads the same. */
		json_object *o = tc_run_to_json(r);
		FUZZ_CHECK(o != NULL);
		const char *line = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
		tc_run back[1];
		size_t n2, bad2;
		tc_runlog_parse(line, strlen(line), back, 1, &n2, &bad2);
		FUZZ_CHECK(n2 == 1 && bad2 == 0);
		FUZZ_CHECK(!strcmp(back[0].started, r->started) && !strcmp(back[0].finished, r->finished));
		FUZZ_CHECK(back[0].exit_status == r->exit_status && back[0].fetched == r->fetched);
		FUZZ_CHECK(!strcmp(back[0].message, r->message));
		json_object_put(o);
	}
	free(copy);
	return 0;
}
