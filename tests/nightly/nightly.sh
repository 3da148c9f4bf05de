#!/usr/bin/env bash
# shellcheck disable=SC2016 # jq programs in single quotes
# tests/nightly/nightly.sh - `tracuu-index nightly` and `status` end to end
# (docs/CRAWL.md, "The nightly run") against two of the crawler's test
# sites served by lighttpd on loopback (site.sh).
#
# usage: nightly.sh TRACUU_INDEX TRACUU_SEARCH SAMPLE_DIR
#
#   1. usage errors: exit 2 naming the option, before any work
#   2. a first run: exit 0, every article indexed once, the run record and
#      status (text and JSON, last_run with started/finished/exit_status)
#   3. a second run with --quiet: nothing printed, 304s, nothing indexed
#   4. the lock: a second run during a running one exits 75 in under a
#      second naming the holder's pid; after a SIGKILL the next run goes
#      ahead and status shows the killed run as interrupted
#   5. an article deleted on the site is deleted from the index
#   6. a source whose host is down: exit 1, recorded with a message
#   7. --rebuild from the archive: a new generation, every article once;
#      --rebuild-every skips a recent rebuild; archive files past
#      --keep-archive are removed and the next rebuild fetches their pages
#   8. --rebuild with every site down: the live documents are kept, exit 1
#   9. searches (CLI, --batch and the CGI page) during incremental runs and
#      rebuilds: NIGHTLY_SEARCHES of them (default 300), none may fail or
#      miss the article asked for
#  10. a sharded index: incremental runs route a changed article to its
#      shard, --rebuild builds the shards again, every article once
#  11. status on a record more than two days old: stale, exit 1
#  12. deploy/ files: systemd-analyze verify when systemd is there
set -euo pipefail

# shellcheck source=../e2e/lib.sh
. "$(dirname "$0")/../e2e/lib.sh" "$@"
# shellcheck source=site.sh
. "$(dirname "$0")/site.sh"

DB=$WORK/db
ARCH=$WORK/archive
site_start 30 30
NEXP=$(expected_urls | wc -l)
echo "       $NEXP articles on the test sites"

nightly() { # nightly ARGS...: the job with the sites' config, fast
	"$INDEX" nightly --config "$CONF" --delay 0 --timeout 5 "$@"
}
last() { # last FIELD: of status --json's last_run
	"$INDEX" --db "$DB" status --json 2>/dev/null | jq -r --arg f "$1" '.last_run[$f] // "null"'
}

echo "== 1. usage errors"
check "nightly without --db: exit 2" 2 "$(rc "$INDEX" nightly --config "$CONF")"
check "--rebuild-every 0: exit 2" 2 "$(rc "$INDEX" --db "$DB" nightly --config "$CONF" --rebuild-every 0)"
check_grep "the message names --rebuild-every and the range" "--rebuild-every needs days from 1 to 3650" "$WORK/err"
check "no sources: exit 2" 2 "$(rc "$INDEX" --db "$DB" nightly)"
check "unknown option: exit 2" 2 "$(rc "$INDEX" --db "$DB" nightly --config "$CONF" --nope)"
check "nothing was created by usage errors" "no" "$([ -e "$DB" ] && echo yes || echo no)"
check "status without --db: exit 2" 2 "$(rc "$INDEX" status)"
check "status with no record: exit 1 (nothing succeeded)" 1 "$(rc "$INDEX" --db "$WORK/none" status)"
check_grep "and says so" "no nightly run recorded" "$WORK/out"

echo "== 2. a first run"
check "first run: exit 0" 0 "$(rc "$INDEX" --db "$DB" nightly --config "$CONF" --delay 0 --archive "$ARCH")"
cp "$WORK/err" "$WORK/run1.err"
check "every article indexed" "$(expected_urls)" "$(index_urls "$DB")"
check "once each" "$NEXP" "$(doc_count "$DB")"
check_grep "one line per event with a level" "tracuu-index nightly: info: finished" "$WORK/run1.err"
bad=$(grep -v '^tracuu-index nightly: \(info\|warning\|error\): ' "$WORK/run1.err" || true)
check_none "every stderr line has the nightly prefix and a level" "$bad"
check "status: exit 0" 0 "$(rc "$INDEX" --db "$DB" status --json)"
json=$(cat "$WORK/out")
check "status --json: last_run.exit_status" 0 "$(jq -r '.last_run.exit_status' <<<"$json")"
check "status --json: last_run.started is a UTC time" 1 \
	"$(jq -r '.last_run.started | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$") | if . then 1 else 0 end' <<<"$json")"
check "status --json: last_run.finished too" 1 \
	"$(jq -r '.last_run.finished | test("Z$") | if . then 1 else 0 end' <<<"$json")"
check "status --json: the counts" "$NEXP 0 0 gen-000001" \
	"$(jq -r '.last_run | "\(.indexed) \(.deleted) \(.failed) \(.generation)"' <<<"$json")"
check_num "status --json: fetched" "$(jq -r '.last_run.fetched' <<<"$json")" -gt "$NEXP"
check "status --json: not stale" false "$(jq -r '.stale' <<<"$json")"
check_num "status --json: a duration" "$(jq -r '.last_run.duration * 1000 | floor' <<<"$json")" -gt 0
check "status text: no warning" 0 "$(rc "$INDEX" --db "$DB" status)"
check_grep "status text: the run, all good" "incremental  all good (exit 0)" "$WORK/out"
check "the record is one JSON object per line" 1 "$(jq -s 'length' "$DB/nightly-runs.jsonl")"

echo "== 3. a second run, --quiet"
check "second run: exit 0" 0 "$(rc "$INDEX" --db "$DB" nightly --config "$CONF" --delay 0 --archive "$ARCH" --quiet)"
check "--quiet prints nothing on success" "" "$(cat "$WORK/out" "$WORK/err")"
check "nothing indexed again" 0 "$(last indexed)"
check_num "the pages answered 304" "$(last not_modified)" -ge "$NEXP"

echo "== 4. the lock"
"$INDEX" --db "$DB" nightly --config "$CONF" --delay 0.5 >"$WORK/slow.out" 2>&1 &
slow=$!
for _ in $(seq 100); do
	if grep -q "pid $slow," "$DB/nightly.lock" 2>/dev/null; then break; fi
	sleep 0.05
done
t0=$(date +%s%N)
r=$(rc "$INDEX" --db "$DB" nightly --config "$CONF" --delay 0)
t1=$(date +%s%N)
check "a second run during a running one: exit 75" 75 "$r"
# At once, not after the running one (its 0.5 s between pages make tens
# of seconds); 5 s leaves room for a loaded machine.
check_num "and at once (ms)" $(((t1 - t0) / 1000000)) -lt 5000
check_grep "naming the running process" "pid $slow" "$WORK/err"
check_grep "at level warning" "tracuu-index nightly: warning: another run holds" "$WORK/err"
check "status --json: last_run is the running one" "null true" \
	"$("$INDEX" --db "$DB" status --json | jq -r '.last_run | "\(.exit_status) \(.running)"')"
kill -KILL "$slow"
wait "$slow" 2>/dev/null || true
check "the lock of a killed run never blocks: exit 0" 0 "$(rc nightly --db "$DB" --archive "$ARCH")"
check "the killed run is recorded as interrupted" "true null" \
	"$(jq -rs '.[-2] | "\(.interrupted) \(.exit_status)"' "$DB/nightly-runs.jsonl")"
check "every article still there once" "$(expected_urls)" "$(index_urls "$DB")"

echo "== 5. an article deleted on the site"
gone=$(jq -r '.sites.portal.articles[3].url' "$EXP")
rm "$SITES/portal/${gone#"$A"/}"
check "run after a deletion: exit 0" 0 "$(rc nightly --db "$DB" --archive "$ARCH")"
check "deleted: 1" 1 "$(last deleted)"
check "the article is gone from the index" "" "$(index_urls "$DB" | grep -xF -- "$gone" || true)"
check "the others are there" "$((NEXP - 1))" "$(doc_count "$DB")"

echo "== 6. a host that is down"
DOWN=$(free_port 127.0.0.9)
{
	cat "$CONF"
	printf '\n[down]\nstart = http://127.0.0.9:%s/\n' "$DOWN"
} >"$WORK/down.conf"
check "a source whose host is down: exit 1" 1 "$(rc "$INDEX" --db "$DB" nightly --config "$WORK/down.conf" --delay 0)"
check_grep "a warning says what failed" "warning: 0 URLs failed, 1 hosts unreachable" "$WORK/err"
check "status: last_run.exit_status 1" 1 "$(last exit_status)"
check "status: the message" "0 URLs failed, 1 hosts unreachable, 0 pages not indexed" "$(last message)"
check "status: a run with exit 1 still counts as done: exit 0" 0 "$(rc "$INDEX" --db "$DB" status)"

echo "== 7. --rebuild from the archive"
gen0=$(readlink "$DB/current")
check "rebuild: exit 0" 0 "$(rc nightly --db "$DB" --archive "$ARCH" --rebuild)"
gen1=$(readlink "$DB/current")
check_grep "the archived pages were read" "archived pages indexed" "$WORK/err"
check "a new generation is live" 1 "$([ "$gen1" != "$gen0" ] && echo 1 || echo 0)"
check "every article once in it" "$(expected_urls | grep -vxF -- "$gone")" "$(index_urls "$DB")"
check "document count" "$((NEXP - 1))" "$(doc_count "$DB")"
check "recorded as a rebuild" "rebuild $gen1" "$(last mode) $(last generation)"
check "the state was replaced, no copy left" "no" "$([ -e "$DB/crawl.sqlite.new" ] && echo yes || echo no)"
check "--rebuild-every 7 the day after a rebuild: incremental" 0 \
	"$(rc nightly --db "$DB" --archive "$ARCH" --rebuild-every 7)"
check "  same generation" "$gen1 incremental" "$(readlink "$DB/current") $(last mode)"
# Archive files older than --keep-archive go after a rebuild; the pages
# only they held (unchanged, so never archived again) are fetched again.
for f in "$ARCH"/*.warc.gz; do touch -d '40 days ago' "$f"; done
narch=$(find "$ARCH" -name '*.warc.gz' | wc -l)
check "rebuild --keep-archive 30: exit 0" 0 "$(rc nightly --db "$DB" --archive "$ARCH" --rebuild --keep-archive 30)"
check_grep "the old archive files are removed" "removed $narch archive files older than 30 days" "$WORK/err"
left=$(find "$ARCH" -name '*.warc.gz' -mtime +30)
check "none older than 30 days left" "" "$left"
check "the next rebuild: exit 0" 0 "$(rc nightly --db "$DB" --archive "$ARCH" --rebuild)"
check_num "  fetched again what the archive lost" "$(last indexed)" -ge "$((NEXP - 1 - 2))"
check "  every article once" "$(expected_urls | grep -vxF -- "$gone")" "$(index_urls "$DB")"
check "only the live generation and the one before are kept" 2 "$(find "$DB" -maxdepth 1 -name 'gen-*' | wc -l)"

echo "== 8. --rebuild with every site down"
site_stop
before=$(index_urls "$DB")
check "rebuild with the sites down: exit 1" 1 "$(rc nightly --db "$DB" --rebuild)"
check "  what the index held is kept" "$before" "$(index_urls "$DB")"
check_num "  recorded as kept" "$(last kept)" -eq "$((NEXP - 1))"
site_serve

echo "== 9. searches during incremental runs and rebuilds"
SEARCHES=${NIGHTLY_SEARCHES:-300}
title=$(jq -r '.sites.news.articles[0].title' "$EXP")
want=$(jq -r '.sites.news.articles[0].url' "$EXP")
q=$("$PYTHON" - "$title" <<'PY'
import re, sys
print(" ".join(w for w in (re.sub(r"^\W+|\W+$", "", w) for w in sys.argv[1].replace('"', " ").split()) if w and w != "OR"))
PY
)
# The jobs, one after another, until the searches are done.
(
	i=0
	while [ ! -e "$WORK/searches.done" ]; do
		i=$((i + 1))
		if [ $((i % 2)) -eq 0 ]; then
			nightly --db "$DB" --archive "$ARCH" --rebuild >>"$WORK/jobs.out" 2>&1 || echo "job exit $?" >>"$WORK/jobs.rc"
		else
			touch "$SITES/news/index.html"
			nightly --db "$DB" --archive "$ARCH" >>"$WORK/jobs.out" 2>&1 || echo "job exit $?" >>"$WORK/jobs.rc"
		fi
		echo "$i" >"$WORK/jobs.count"
	done
) &
jobs_pid=$!
failed=0 done_n=0 cli_n=0 cgi_n=0 batch_n=0
qs=$(jq -rn --arg q "$q" '$q | @uri')
batch_start "$DB"
# The searches go on until two jobs at least have run under them, however
# fast or slow either is on this machine.
jobs_done() { cat "$WORK/jobs.count" 2>/dev/null || echo 0; }
while [ "$done_n" -lt "$SEARCHES" ] || { [ "$(jobs_done)" -lt 2 ] && [ "$done_n" -lt $((SEARCHES * 20)) ]; }; do
	case $((done_n % 3)) in
	0)
		out=$("$SEARCH" --db "$DB" --json --limit 100 -- "$q" 2>"$WORK/s.err") || true
		cli_n=$((cli_n + 1)) ;;
	1)
		out=$(GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=GET QUERY_STRING="q=$qs&format=json" \
			TRACUU_DB=$DB "$SEARCH" 2>"$WORK/s.err" | sed '1,/^\r\?$/d') || true
		cgi_n=$((cgi_n + 1)) ;;
	2)
		out=$(batch_ask "$q")
		batch_n=$((batch_n + 1)) ;;
	esac
	done_n=$((done_n + 1))
	got=$(jq -r --arg u "$want" '[.results[]?.url] | index($u) != null' <<<"$out" 2>/dev/null || echo false)
	if [ "$got" != true ]; then
		failed=$((failed + 1))
		[ "$failed" -gt 3 ] || echo "       search $done_n failed: ${out:0:300} $(head -c 300 "$WORK/s.err")"
	fi
done
touch "$WORK/searches.done"
batch_stop
wait "$jobs_pid" || true
njobs=$(cat "$WORK/jobs.count" 2>/dev/null || echo 0)
echo "       $done_n searches ($cli_n CLI, $cgi_n CGI, $batch_n batch) during $njobs jobs: $failed failed"
check "0 of $done_n searches failed during the jobs" 0 "$failed"
check_num "jobs ran meanwhile (rebuilds and incremental)" "$njobs" -ge 2
check "every job ended well" "" "$(cat "$WORK/jobs.rc" 2>/dev/null || true)"
check "every article once after it all" "$(expected_urls | grep -vxF -- "$gone")" "$(index_urls "$DB")"

echo "== 10. a sharded index"
# A live generation of shards stays one: an incremental run routes a changed
# article to its shard (never a second copy), a --rebuild builds shards again.
SDB=$WORK/sharded SARCH=$WORK/sharded-archive
live=$(expected_urls | grep -vxF -- "$gone")
shards() { "$INDEX" --db "$SDB" stats --json | jq -c '[(.shards // []) | length, (map(.documents) | add)]'; }
check "a first run into another index: exit 0" 0 "$(rc nightly --db "$SDB" --archive "$SARCH")"
# With the sites' config, as the crawl read them (its hints tell list pages).
check "rebuild --shards 3 from its archive: exit 0" 0 \
	"$(rc "$INDEX" --db "$SDB" -q rebuild --config "$CONF" --shards 3 "$SARCH")"
check "  three shards holding every article" "[3,$((NEXP - 1))]" "$(shards)"
upd=$(jq -r '.sites.news.articles[1].url' "$EXP")
page=$SITES/news/${upd#"$B"/}
# A word into its first paragraph (the news site's pages are stored gzip'd).
if gzip -t "$page" 2>/dev/null; then
	gzip -dc "$page" | sed '0,/<p\( [^>]*\)\?>/s//&phanmanhmoi /' | gzip -9n >"$page.new"
else
	sed '0,/<p\( [^>]*\)\?>/s//&phanmanhmoi /' "$page" >"$page.new"
fi
mv "$page.new" "$page"
check "  the page was changed" 1 "$( { gzip -dc "$page" 2>/dev/null || cat "$page"; } | grep -c phanmanhmoi)"
check "an incremental run on the shards: exit 0" 0 "$(rc nightly --db "$SDB" --archive "$SARCH")"
check "  the changed article was indexed again" 1 \
	"$("$INDEX" --db "$SDB" status --json | jq -r '.last_run.indexed')"
check "  still three shards, every article in one" "[3,$((NEXP - 1))]" "$(shards)"
check "  every article once" "$live" "$(index_urls "$SDB")"
check "  the change is found" "$upd" "$("$SEARCH" --db "$SDB" --json phanmanhmoi | jq -r '[.results[].url] | join(" ")')"
check "nightly --rebuild on the shards: exit 0" 0 "$(rc nightly --db "$SDB" --archive "$SARCH" --rebuild)"
check "  a new generation of three shards, every article in one" "[3,$((NEXP - 1))]" "$(shards)"
check "  every article once" "$live" "$(index_urls "$SDB")"
check "  the change is still found" "$upd" "$("$SEARCH" --db "$SDB" --json phanmanhmoi | jq -r '[.results[].url] | join(" ")')"

echo "== 11. a record more than two days old"
old=$WORK/old
mkdir -p "$old"
printf '%s\n' '{"started":"2020-01-01T02:00:00Z","finished":"2020-01-01T02:10:00Z","exit_status":0,"mode":"incremental","pid":1}' \
	'{"started":"2020-01-02T02:00:00Z","finished":"2020-01-02T02:10:00Z","exit_status":2,"mode":"incremental","pid":2,"message":"crawl stopped: disk full"}' \
	'not a run' >"$old/nightly-runs.jsonl"
check "status on a stale record: exit 1" 1 "$(rc "$INDEX" --db "$old" status)"
check_grep "says plainly that the job is not working" "WARNING: the last successful run finished" "$WORK/out"
check_grep "and the failed run's reason" "crawl stopped: disk full" "$WORK/out"
check "status --json: stale" true "$("$INDEX" --db "$old" status --json | jq -r .stale)"
check "status --json: last_run is the failed one" "2 2020-01-02T02:10:00Z" \
	"$("$INDEX" --db "$old" status --json | jq -r '.last_run | "\(.exit_status) \(.finished)"')"
check "status --json: a damaged line is counted, not fatal" 1 "$("$INDEX" --db "$old" status --json | jq -r .damaged_lines)"

echo "== 12. deploy/ files"
for f in cron.d/tracuu-nightly systemd/tracuu-nightly.service systemd/tracuu-nightly.timer; do
	check "deploy/$f exists" 1 "$([ -s "$ROOT/deploy/$f" ] && echo 1 || echo 0)"
done
check_grep "the cron line runs nightly" "tracuu-index --db" "$ROOT/deploy/cron.d/tracuu-nightly"
for key in User= Nice= IOSchedulingClass=idle ProtectSystem=strict ReadWritePaths= PrivateTmp=yes NoNewPrivileges=yes; do
	check_grep "service has $key" "$key" "$ROOT/deploy/systemd/tracuu-nightly.service"
done
check_grep "the service treats exit 1 and 75 as done" "SuccessExitStatus=1 75" "$ROOT/deploy/systemd/tracuu-nightly.service"
for key in RandomizedDelaySec= Persistent=true OnCalendar=; do
	check_grep "timer has $key" "$key" "$ROOT/deploy/systemd/tracuu-nightly.timer"
done
if command -v systemd-analyze >/dev/null 2>&1; then
	sa=$(systemd-analyze verify "$ROOT/deploy/systemd/tracuu-nightly.service" "$ROOT/deploy/systemd/tracuu-nightly.timer" 2>&1 || true)
	# The binary is not installed here, nor the user; anything else is ours.
	sa=$(printf '%s\n' "$sa" | grep -v -e 'tracuu-index' -e 'not executable' -e 'No such file' -e '^$' -e 'User' || true)
	check_none "systemd-analyze verify finds nothing else" "$sa"
fi

finish
