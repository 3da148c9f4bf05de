/*
 * status.c - `tracuu-index status [--json]`: did last night's run work?
 * Reads the run record that `nightly` keeps (runlog.h) and says when the last
 * successful run was, plainly, and loudly when it is more than two days old.
 *
 * Exit status: 0 when a run finished successfully (exit 0 or 1) within the
 * last two days, 1 when none did (so a monitoring check can run it as it
 * is), 2 on usage errors or a record that cannot be read.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <time.h>

#include "commands.h"
#include "runlog.h"
#include "tc_dbpath.h"
#include "tc_banned.h"

#define STALE_SECONDS (2 * 86400)
#define SHOWN 10

static int succeeded(const tc_run *r)
{
	return r->finished[0] && (r->exit_status == 0 || r->exit_status == 1);
}

/* Whether r, recorded as running, still is: its process exists.  (A pid
 * reused since is possible, but only until the next run marks r as
 * interrupted.) */
static int still_running(const tc_run *r)
{
	return !r->finished[0] && !r->interrupted && r->pid > 0 &&
	       (kill((pid_t)r->pid, 0) == 0 || errno == EPERM);
}

static const char *outcome(const tc_run *r)
{
	if (!r->finished[0])
		return still_running(r) ? "running" : "killed (did not finish)";
	switch (r->exit_status) {
	case 0: return "all good";
	case 1: return "some URLs failed";
	case 2: return "failed";
	default: return "unknown";
	}
}

const char cmd_status_usage[] =
	"usage: tracuu-index [--db DIR] status [--json]\n"
	"\n"
	"The last nightly runs (DIR/nightly-runs.jsonl), newest first, and how old\n"
	"the last successful one is.  Exit status 1 when no run succeeded in the\n"
	"last two days.\n"
	"\n"
	"  --json            one JSON object: last_run, last_success, stale, runs\n";

int cmd_status(cli *c, int argc, char **argv)
{
	int json;
	int rc = cli_parse_json_only(c, argc, argv, cmd_status_usage, &json);
	if (rc)
		return rc < 0 ? 0 : rc;
	char path[TC_PATH_MAX];
	if (snprintf(path, sizeof path, "%s/nightly-runs.jsonl", c->db) >= (int)sizeof path)
		return cli_usage_error(c, "path too long: %s", c->db);
	static tc_run runs[TC_RUNLOG_KEEP];
	size_t n = 0, bad = 0;
	tc_err err = {{0}};
	if (tc_runlog_read(path, runs, TC_RUNLOG_KEEP, &n, &bad, &err) != TC_OK) {
		fprintf(stderr, "tracuu-index status: %s\n", err.msg);
		return CLI_EXIT_USAGE;
	}
	const tc_run *last = n ? &runs[n - 1] : NULL, *ok = NULL;
	for (size_t i = n; i-- > 0 && !ok;)
		if (succeeded(&runs[i]))
			ok = &runs[i];
	time_t now = time(NULL), t = 0;
	double age = ok && tc_time_parse_iso(ok->finished, &t) ? difftime(now, t) : -1;
	int stale = !ok || age > STALE_SECONDS;
	char message[256];
	if (!n)
		snprintf(message, sizeof message, "no nightly run recorded in %s", c->db);
	else if (!ok)
		snprintf(message, sizeof message, "no nightly run has succeeded yet");
	else if (stale)
		snprintf(message, sizeof message,
			 "the last successful run finished %.1f days ago, more than two: the "
			 "nightly job is not working", age / 86400);
	else
		snprintf(message, sizeof message, "the last successful run finished %.1f hours ago",
			 age / 3600);
	if (json) {
		json_object *o = json_object_new_object();
		json_object *list = json_object_new_array();
		if (!o || !list) {
			fprintf(stderr, "tracuu-index status: out of memory\n");
			return CLI_EXIT_USAGE;
		}
		json_object_object_add(o, "index", json_object_new_string(c->db));
		json_object *lr = last ? tc_run_to_json(last) : NULL;
		if (lr)
			json_object_object_add(lr, "running", json_object_new_boolean(still_running(last)));
		json_object_object_add(o, "last_run", lr);
		json_object_object_add(o, "last_success", ok ? tc_run_to_json(ok) : NULL);
		json_object_object_add(o, "last_success_age_hours",
				       age >= 0 ? json_object_new_double(age / 3600) : NULL);
		json_object_object_add(o, "stale", json_object_new_boolean(stale));
		json_object_object_add(o, "message", json_object_new_string(message));
		for (size_t i = n, k = 0; i-- > 0 && k < SHOWN; k++)
			json_object_array_add(list, tc_run_to_json(&runs[i]));
		json_object_object_add(o, "runs", list);
		json_object_object_add(o, "damaged_lines", json_object_new_int64((int64_t)bad));
		puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
		json_object_put(o);
	} else {
		printf("%s%s\n", stale ? "WARNING: " : "", message);
		for (size_t i = n, k = 0; i-- > 0 && k < SHOWN; k++) {
			const tc_run *r = &runs[i];
			printf("%s  %-11s  %s", r->started, r->mode, outcome(r));
			if (r->finished[0])
				printf(" (exit %d) in %.0f s: %llu fetched, %llu not modified, %llu indexed, "
				       "%llu deleted, %llu failed, %llu kept; %s",
				       r->exit_status, r->duration, (unsigned long long)r->fetched,
				       (unsigned long long)r->not_modified, (unsigned long long)r->indexed,
				       (unsigned long long)r->deleted, (unsigned long long)r->failed,
				       (unsigned long long)r->kept,
				       r->generation[0] ? r->generation : "no generation");
			if (r->message[0])
				printf(" - %s", r->message);
			putchar('\n');
		}
		if (bad)
			printf("(%zu damaged lines of %s skipped)\n", bad, path);
	}
	return stale ? CLI_EXIT_PARTIAL : 0;
}
