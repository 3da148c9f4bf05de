#!/usr/bin/env bash
# bench/cgi_bench.sh - the search page's whole path under load: wrk against
# lighttpd running tracuu-search as CGI, configured with the shipped
# deploy/lighttpd/tracuu.conf (only its paths changed), on 127.0.0.1.
#
# usage: cgi_bench.sh TRACUU_SEARCH DB QUERIES [SECONDS [CONNECTIONS...]]
#
#   DB           an index (tracuu-index --db DIR), e.g. of the whole news corpus
#   QUERIES      a file of queries, one a line (tracuu-bench --dump-queries
#                writes one; they are corpus text: keep them out of the repo)
#   SECONDS      length of each wrk run (default 20)
#   CONNECTIONS  concurrent connections, one wrk run each (default 1 2 4 8)
#
# Each request asks for a random query of the file (the HTML page, 10 results
# with snippets and facets, as a browser would).  Before the runs one request
# per query warms the page cache.  Prints a Markdown table: requests per
# second, latency median, p90 and p99 (wrk --latency), non-2xx answers, and
# the CPU the machine spent.  Needs lighttpd and wrk (scripts/deps).
#
# Figures depend on the machine: this is a benchmark, not a test.  CTest runs
# it for a second on the sample corpus (label bench) to keep it working.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
if [ $# -lt 3 ]; then
	echo "usage: cgi_bench.sh TRACUU_SEARCH DB QUERIES [SECONDS [CONNECTIONS...]]" >&2
	exit 2
fi
abs() { case $1 in /*) printf '%s\n' "$1" ;; *) printf '%s/%s\n' "$PWD" "$1" ;; esac; }
SEARCH=$(abs "$1") DB=$(abs "$2") QUERIES=$(abs "$3")
SECONDS_EACH=${4:-20}
shift 3
[ $# -gt 0 ] && shift
CONNS=("$@")
[ ${#CONNS[@]} -gt 0 ] || CONNS=(1 2 4 8)
LIGHTTPD=$(command -v lighttpd || echo /usr/sbin/lighttpd)
for t in "$LIGHTTPD" wrk curl; do
	command -v "$t" >/dev/null || { echo "cgi_bench: $t is missing (scripts/deps)" >&2; exit 2; }
done
[ -x "$SEARCH" ] || { echo "cgi_bench: $SEARCH is not a program" >&2; exit 2; }
[ -s "$QUERIES" ] || { echo "cgi_bench: no queries in $QUERIES" >&2; exit 2; }
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY

WORK=$(mktemp -d "${TMPDIR:-/tmp}/tracuu-cgi-bench.XXXXXX")
PID=
cleanup() {
	if [ -n "$PID" ]; then
		kill "$PID" 2>/dev/null || true
		wait "$PID" 2>/dev/null || true
	fi
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
esc() { printf '%s' "$1" | sed 's/[\\|&]/\\&/g'; }
mkdir -p "$WORK/www"
sed -e "s|^var\.tracuu_search = .*|var.tracuu_search = \"$(esc "$SEARCH")\"|" \
	-e "s|^var\.tracuu_db = .*|var.tracuu_db = \"$(esc "$DB")\"|" \
	"$ROOT/deploy/lighttpd/tracuu.conf" >"$WORK/tracuu.conf"
cat >"$WORK/lighttpd.conf" <<EOF
server.document-root = "$WORK/www"
server.bind = "127.0.0.1"
server.port = $PORT
server.errorlog = "$WORK/error.log"
server.max-connections = 1024
include "$WORK/tracuu.conf"
EOF
"$LIGHTTPD" -D -f "$WORK/lighttpd.conf" >"$WORK/stderr.log" 2>&1 &
PID=$!
for _ in $(seq 100); do
	curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break
	sleep 0.1
done
status=$(curl -s -o "$WORK/first.html" -w '%{http_code}' "http://127.0.0.1:$PORT/search?q=th%E1%BB%A7+%C4%91%C3%B4")
if [ "$status" != 200 ]; then
	echo "cgi_bench: the search page answered $status, not 200:" >&2
	tail -n 5 "$WORK/error.log" "$WORK/stderr.log" >&2 || true
	exit 1
fi

# The queries as URL paths, one a line, for the wrk script.
python3 - "$QUERIES" "$WORK/paths" <<'EOF'
import sys, urllib.parse
with open(sys.argv[1], encoding="utf-8", errors="replace") as f, open(sys.argv[2], "w") as out:
    for line in f:
        q = line.strip()
        if q:
            out.write("/search?q=" + urllib.parse.quote_plus(q) + "\n")
EOF
cat >"$WORK/paths.lua" <<EOF
local paths = {}
for line in io.lines("$WORK/paths") do paths[#paths + 1] = line end
local n = #paths
math.randomseed(1)
request = function()
  return wrk.format("GET", paths[math.random(n)])
end
EOF
# Warm the page cache: every query once.
while read -r p; do curl -s -o /dev/null "http://127.0.0.1:$PORT$p"; done <"$WORK/paths"

cpu_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8, $2 + $3 + $4 + $5 + $6 + $7 + $8 }' /proc/stat; }
echo "| connections | requests/s | median ms | p90 ms | p99 ms | requests | non-2xx | CPU busy |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
for c in "${CONNS[@]}"; do
	read -r b0 t0 < <(cpu_ticks)
	wrk -t "$((c < 2 ? 1 : 2))" -c "$c" -d "${SECONDS_EACH}s" --latency -s "$WORK/paths.lua" \
		"http://127.0.0.1:$PORT" >"$WORK/wrk.$c" 2>&1
	read -r b1 t1 < <(cpu_ticks)
	awk -v c="$c" -v busy="$(awk -v a="$((b1 - b0))" -v b="$((t1 - t0))" 'BEGIN { printf "%.0f%%", b ? 100 * a / b : 0 }')" '
		function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
		/^ +50%/ { p50 = ms($2) } /^ +90%/ { p90 = ms($2) } /^ +99%/ { p99 = ms($2) }
		/requests in/ { n = $1 } /Requests\/sec/ { rps = $2 } /Non-2xx/ { bad = $NF }
		END { printf "| %d | %.0f | %.1f | %.1f | %.1f | %d | %d | %s |\n", c, rps, p50, p90, p99, n, bad, busy }' "$WORK/wrk.$c"
done
# Every answer must have been a page: errors under load are a failure.
if grep -q 'Non-2xx' "$WORK"/wrk.*; then
	echo "cgi_bench: some answers were not 2xx (see the table)" >&2
	exit 1
fi
