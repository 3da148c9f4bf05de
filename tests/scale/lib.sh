# tests/scale/lib.sh - sourced by the scale tests after tests/e2e/lib.sh:
# xapian-tcpsrv shard servers on 127.0.0.1, always stopped by the EXIT trap.
# shellcheck shell=bash

command -v xapian-tcpsrv >/dev/null || { echo "$0: xapian-tcpsrv is missing (Debian package xapian-tools)" >&2; exit 2; }

SERVER_PIDS=()
# stop_pid PID: a server and the children it forked (one per connection).
stop_pid() {
	local kids
	kids=$(pgrep -P "$1" || true)
	# shellcheck disable=SC2086 # one PID per word
	kill -9 $kids "$1" 2>/dev/null || true
	wait "$1" 2>/dev/null || true
}
stop_servers() {
	local p
	for p in "${SERVER_PIDS[@]}"; do
		kill -CONT "$p" 2>/dev/null || true
		stop_pid "$p"
	done
	SERVER_PIDS=()
}
trap 'stop_servers; [ -n "${KEEP_WORK:-}" ] || rm -rf "$WORK"' EXIT

# free_port: a port nobody listens on now, from a range chosen by PID so
# that tests run side by side rarely meet.
free_port() {
	local p listening
	listening=$(ss -Hltn 2>/dev/null | awk '{print $4}' | sed 's/.*://' || true)
	for ((p = 20000 + ($$ * 7 + ${1:-0} * 13) % 30000; ; p++)); do
		grep -qx "$p" <<<"$listening" || { echo "$p"; return; }
	done
}

# serve DB PORT: start xapian-tcpsrv for DB on 127.0.0.1:PORT and wait (at
# most 10 s) until it listens; its PID is the last of SERVER_PIDS.
serve() {
	local log=$WORK/tcpsrv-$2.log i
	# Not holding a --batch searcher's FIFOs (batch_start): its stdin would
	# never reach end of file, and batch_stop would wait for ever.
	if [ -n "${BATCH_IN:-}" ]; then
		xapian-tcpsrv --interface 127.0.0.1 --port "$2" "$1" >"$log" 2>&1 {BATCH_IN}>&- {BATCH_OUT}<&- &
	else
		xapian-tcpsrv --interface 127.0.0.1 --port "$2" "$1" >"$log" 2>&1 &
	fi
	SERVER_PIDS+=($!)
	for ((i = 0; i < 100; i++)); do
		grep -q Listening "$log" 2>/dev/null && return 0
		sleep 0.1
	done
	fail "xapian-tcpsrv on port $2" "expected: listening within 10 s" "actual:   $(cat "$log")"
	finish
	exit 1
}

# ms CMD...: run CMD, print the milliseconds it took (its output goes to
# $WORK/out and $WORK/err, its exit status to $WORK/rc).
ms() {
	local t0 t1 r=0
	t0=$(date +%s%N)
	"$@" >"$WORK/out" 2>"$WORK/err" || r=$?
	t1=$(date +%s%N)
	echo "$r" >"$WORK/rc"
	echo $(((t1 - t0) / 1000000))
}
