#!/usr/bin/env bash
# tests/e2e/concurrency.sh - searching while the index is written.  A writer
# adds documents with a commit after each one, and rebuilds now and then,
# while four readers search in a loop: one-shot command-line searches, one
# long-lived --batch searcher, and the CGI program (JSON and HTML pages, run
# as a web server runs it).  Every answer must come - no crash, no error, no
# hang - and be right: 'thu do' finds the sample's articles, which every
# generation holds and no written document matches, so its total never moves.
# Prints what each side did.
#
# usage: concurrency.sh TRACUU_INDEX TRACUU_SEARCH SAMPLE_DIR
# TRACUU_STRESS_SECONDS: how long the readers run (default 15, as in CTest;
# give 60 or more by hand).
# shellcheck disable=SC2030,SC2031 # each side counts in its own subshell on purpose
set -euo pipefail
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh" "$@"

SECS=${TRACUU_STRESS_SECONDS:-15}
if ! [[ $SECS =~ ^[0-9]+$ ]] || [ "$SECS" -lt 1 ] || [ "$SECS" -gt 86400 ]; then
	echo "$0: TRACUU_STRESS_SECONDS must be a whole number of seconds from 1 to 86400, not '$SECS'" >&2
	exit 2
fi

index_into "$DB" "$SAMPLE"
WANT=$(search 'thu do' | jq .total)
check_num "'thu do' finds the sample's articles before the writes" "$WANT" -gt 0
mapfile -t URLS < <(search --limit 10 'thu do' | jq -r '.results[].url')
STOP=$WORK/stop
# Each side runs while this holds; the deadline and the folder stop it also
# when this script is killed (a CTest timeout) before it could say stop.
END=$((SECONDS + SECS + 120))
running() { [ ! -e "$STOP" ] && [ -d "$WORK" ] && [ "$SECONDS" -lt "$END" ]; }

# note SIDE TEXT: keep the first few failures of a side for the report.
note() {
	local f=$WORK/$1.failures
	local line=${2//$'\n'/ }
	if [ ! -e "$f" ] || [ "$(wc -l <"$f")" -lt 5 ]; then
		printf '%s\n' "${line:0:600}" >>"$f"
	fi
}

# Each side runs until $STOP exists and leaves "answers failed" in SIDE.count.
writer() {
	local round=0 docs=0 adds=0 rebuilds=0 failed=0 r
	while running; do
		round=$((round + 1))
		articles 20 "r$round" >"$WORK/w-$round.jsonl"
		r=0
		if [ $((round % 4)) -eq 2 ]; then
			"$INDEX" -q --db "$DB" rebuild "$SAMPLE" "$WORK"/w-*.jsonl 2>"$WORK/writer.err" || r=$?
			rebuilds=$((rebuilds + 1))
		else
			"$INDEX" -q --db "$DB" --batch 1 add "$WORK/w-$round.jsonl" 2>"$WORK/writer.err" || r=$?
			adds=$((adds + 1))
			docs=$((docs + 20))
		fi
		if [ "$r" -ne 0 ]; then
			failed=$((failed + 1))
			note writer "round $round: exit $r: $(head -c 400 "$WORK/writer.err")"
		fi
	done
	echo "$docs $adds $rebuilds $failed" >"$WORK/writer.count"
}

reader_cli() {
	local ok=0 bad=0 out r
	while running; do
		r=0
		out=$(timeout 60 "$SEARCH" --db "$DB" --json 'thu do' 2>"$WORK/cli.err") || r=$?
		if [ "$r" -eq 0 ] && [ "$(total "$out")" = "$WANT" ]; then
			ok=$((ok + 1))
		else
			bad=$((bad + 1))
			note cli "exit $r, total $(total "$out"): $(head -c 300 "$WORK/cli.err")"
		fi
	done
	echo "$ok $bad" >"$WORK/cli.count"
}

reader_batch() {
	local ok=0 bad=0 out
	batch_start "$DB"
	while running; do
		out=$(batch_ask 'thu do')
		if [ "$(total "$out")" = "$WANT" ]; then
			ok=$((ok + 1))
		else
			bad=$((bad + 1))
			note batch "total $(total "$out"): ${out:0:200} $(head -c 300 "$WORK/fifo-err")"
		fi
	done
	batch_stop
	if [ "$BATCH_RC" -ne 0 ]; then
		bad=$((bad + 1))
		note batch "exit $BATCH_RC: $(head -c 300 "$WORK/fifo-err")"
	fi
	echo "$ok $bad" >"$WORK/batch.count"
}

# reader_cgi SIDE FORMAT: the search page as a CGI program, as lighttpd and
# fcgiwrap run it: the request in the environment, the answer on stdout.
reader_cgi() {
	local side=$1 format=$2 ok=0 bad=0 out body r good u
	while running; do
		r=0
		out=$(GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=GET SERVER_NAME=localhost \
			SCRIPT_NAME=/search QUERY_STRING="q=thu+do&format=$format" TRACUU_DB="$DB" \
			timeout 60 "$SEARCH" 2>"$WORK/$side.err") || r=$?
		body=${out#*$'\r\n\r\n'}
		if [ "$format" = json ]; then
			[ "$(total "$body")" = "$WANT" ] && good=1 || good=0
		else # the page links the first page of the answer
			good=1
			for u in "${URLS[@]}"; do
				[[ $body == *"href=\"$u\""* ]] || good=0
			done
		fi
		if [ "$r" -eq 0 ] && [[ $out == "Status: 200 OK"* ]] && [ "$good" -eq 1 ]; then
			ok=$((ok + 1))
		else
			bad=$((bad + 1))
			note "$side" "exit $r: ${out:0:300} $(head -c 300 "$WORK/$side.err")"
		fi
	done
	echo "$ok $bad" >"$WORK/$side.count"
}

writer &
pids=($!)
reader_cli &
pids+=($!)
reader_batch &
pids+=($!)
reader_cgi cgi-json json &
pids+=($!)
reader_cgi cgi-html html &
pids+=($!)
sleep "$SECS"
touch "$STOP"
for p in "${pids[@]}"; do
	wait "$p" || fail "a side of the test ended with an error" "exit $?"
done

read -r docs adds rebuilds failed <"$WORK/writer.count"
echo "writer: $docs documents committed one by one in $adds adds, $rebuilds rebuilds, $failed failed, in ${SECS} s"
check "the writer: no failed add or rebuild" 0 "$failed"
[ -e "$WORK/writer.failures" ] && sed 's/^/       /' "$WORK/writer.failures"
check_num "the writer committed documents" "$docs" -gt 0
check_num "the writer rebuilt" "$rebuilds" -gt 0
for side in cli batch cgi-json cgi-html; do
	read -r ok bad <"$WORK/$side.count"
	echo "$side: $((ok + bad)) answers, $bad failed"
	[ -e "$WORK/$side.failures" ] && sed 's/^/       /' "$WORK/$side.failures"
	check "$side: no failed answer" 0 "$bad"
	check_num "$side: answered while the index was written" "$ok" -gt 0
done
check "after the writes 'thu do' finds the same" "$WANT" "$(search 'thu do' | jq .total)"

finish
