#!/usr/bin/env bash
# bench/cgi_bench.sh - the search page's whole path under load: wrk against
# lighttpd running tracuu-search as CGI, configured with the shipped
# deploy/lighttpd/tracuu.conf (only its paths changed), on 127.0.0.1; with
# --fastcgi also as a FastCGI service on the same lighttpd.
#
# usage: cgi_bench.sh [--omega OMEGA_DB] [--fastcgi] [--cache KEYWORDS]
#                     [--json FILE]
#                     TRACUU_SEARCH DB QUERIES [SECONDS [CONNECTIONS...]]
#
#   DB           an index (tracuu-index --db DIR), e.g. of the whole news corpus
#   QUERIES      a file of queries, one a line (tracuu-bench --dump-queries
#                writes one; they are corpus text: keep them out of the repo)
#   SECONDS      length of each wrk run (default 20)
#   CONNECTIONS  concurrent connections, one wrk run each (default 1 2 4 8)
#   --omega OMEGA_DB
#                also load Xapian's omega CGI (Debian xapian-omega,
#                /usr/lib/cgi-bin/omega/omega; OMEGA_CGI overrides) on the
#                same lighttpd at /omega, with the same queries
#                (/omega?P=QUERY&DB=NAME, its stock "query" template, 10 hits
#                a page).  OMEGA_DB is a database built by bench/omega/omega-index
#                (of the same corpus as DB); a generated omega.conf names its
#                directory as database_dir and is passed to the CGI in
#                OMEGA_CONFIG_FILE.
#   --fastcgi    also load the page served by tracuu-search as a FastCGI
#                service (page "fastcgi"): lighttpd's mod_fastcgi with
#                bin-path and max-procs 2 as deploy/lighttpd/tracuu-fastcgi.conf
#                ships it, at /fcgi, with [search] cache_mb = 0: every
#                request is searched, as omega's and the CGI's are.
#   --cache KEYWORDS
#                also measure the cache (needs --fastcgi): the service with
#                cache_mb = 64 at /fcgic, loaded with the keywords of
#                KEYWORDS (one a line, optionally KEYWORD<TAB>FREQUENCY, as
#                ../shared/queries/coccoc-keywords-dev.tsv), twice: page
#                "cache-unique" walks them in a shuffled order, each asked
#                once (every request a miss: what the cache costs), page
#                "cache-replay" draws them by frequency, so that they repeat
#                as in a real log (what the cache saves).  Neither is warmed.
#   --json FILE  also write the figures as JSON: {"seconds", "queries",
#                "pages": {"tracuu": [ROW...], "omega": [ROW...]}} where a ROW
#                is {"connections", "rps", "median_ms", "p90_ms", "p99_ms",
#                "requests", "non_2xx", "cpu_busy_pct"} (omega only with --omega)
#
# Each request asks for a random query of the file (the HTML page, 10 results
# with snippets and facets, as a browser would).  Before the runs one request
# per query warms the page cache.  Prints a Markdown table: requests per
# second, latency median, p90 and p99 (wrk --latency), non-2xx answers, and
# the CPU the machine spent.  With more than one page the table gains a
# first column "page" (tracuu, fastcgi, omega, cache-unique, cache-replay),
# and for each number of connections the pages' runs follow each other.  Needs lighttpd and wrk (scripts/deps).
#
# Figures depend on the machine: this is a benchmark, not a test.  CTest runs
# it for a second on the sample corpus (label bench) to keep it working, and
# with --omega on vnmds-2013 (bench/cgi_omega_smoke.sh).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
usage() {
	echo "usage: cgi_bench.sh [--omega OMEGA_DB] [--fastcgi] [--cache KEYWORDS] [--json FILE] TRACUU_SEARCH DB QUERIES [SECONDS [CONNECTIONS...]]" >&2
	exit 2
}
abs() { case $1 in /*) printf '%s\n' "$1" ;; *) printf '%s/%s\n' "$PWD" "$1" ;; esac; }
OMEGA_DB= JSON= FASTCGI= KEYWORDS=
ARGS=()
while [ $# -gt 0 ]; do
	case $1 in
	--omega) [ $# -ge 2 ] || usage; OMEGA_DB=$(abs "${2%/}"); shift 2 ;;
	--omega=*) OMEGA_DB=$(abs "${1#--omega=}"); OMEGA_DB=${OMEGA_DB%/}; shift ;;
	--json) [ $# -ge 2 ] || usage; JSON=$(abs "$2"); shift 2 ;;
	--fastcgi) FASTCGI=1; shift ;;
	--cache) [ $# -ge 2 ] || usage; KEYWORDS=$(abs "$2"); shift 2 ;;
	--json=*) JSON=$(abs "${1#--json=}"); shift ;;
	--) shift; ARGS+=("$@"); break ;;
	-?*) usage ;;
	*) ARGS+=("$1"); shift ;;
	esac
done
set -- ${ARGS[@]+"${ARGS[@]}"}
[ $# -ge 3 ] || usage
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
PAGES=(tracuu)
if [ -n "$KEYWORDS" ] && [ -z "$FASTCGI" ]; then
	echo "cgi_bench: --cache needs --fastcgi" >&2
	exit 2
fi
[ -z "$KEYWORDS" ] || [ -s "$KEYWORDS" ] || { echo "cgi_bench: no keywords in $KEYWORDS" >&2; exit 2; }
[ -z "$FASTCGI" ] || PAGES+=(fastcgi)
if [ -n "$OMEGA_DB" ]; then
	OMEGA=${OMEGA_CGI:-/usr/lib/cgi-bin/omega/omega}
	[ -x "$OMEGA" ] || { echo "cgi_bench: $OMEGA is not a program (Debian package xapian-omega)" >&2; exit 2; }
	[ -d "$OMEGA_DB" ] || { echo "cgi_bench: no omega database $OMEGA_DB (bench/omega/omega-index)" >&2; exit 2; }
	OMEGA_TEMPLATES=${OMEGA_TEMPLATES:-/usr/share/xapian-omega/templates}
	PAGES+=(omega)
fi
[ -z "$KEYWORDS" ] || PAGES+=(cache-unique cache-replay)
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
OMEGA_CONF=
if [ -n "$OMEGA_DB" ]; then
	# omega finds databases by name (DB=NAME) under database_dir.
	mkdir -p "$WORK/omega-log"
	cat >"$WORK/omega.conf" <<EOF
database_dir $(dirname "$OMEGA_DB")
template_dir $OMEGA_TEMPLATES
log_dir $WORK/omega-log
EOF
	cat >"$WORK/omega-lighttpd.conf" <<EOF
# omega at exactly /omega, as CGI like the tracuu page (deploy/lighttpd/tracuu.conf).
\$HTTP["url"] == "/omega" {
	alias.url = ( "/omega" => "$OMEGA" )
	cgi.assign = ( "" => "" )
	cgi.execute-x-only = "enable"
	cgi.local-redir = "disable"
	cgi.x-sendfile = "disable"
	setenv.add-environment = ( "OMEGA_CONFIG_FILE" => "$WORK/omega.conf" )
	server.max-request-size = 1
}
EOF
	OMEGA_CONF="include \"$WORK/omega-lighttpd.conf\""
fi
sed -e "s|^var\.tracuu_search = .*|var.tracuu_search = \"$(esc "$SEARCH")\"|" \
	-e "s|^var\.tracuu_db = .*|var.tracuu_db = \"$(esc "$DB")\"|" \
	"$ROOT/deploy/lighttpd/tracuu.conf" >"$WORK/tracuu.conf"
FASTCGI_CONF=
if [ -n "$FASTCGI" ]; then
	# The service as deploy/lighttpd/tracuu-fastcgi.conf ships it (bin-path,
	# max-procs 2, PATH and the configuration only), at /fcgi without a
	# cache and at /fcgic with one.
	printf '[search]\ndb = %s\ncache_mb = 0\n' "$DB" >"$WORK/nocache.ini"
	printf '[search]\ndb = %s\ncache_mb = 64\n' "$DB" >"$WORK/cache.ini"
	fcgi_block() { # URL SOCKET INI
		cat <<EOF
\$HTTP["url"] == "$1" {
	fastcgi.server = ( "$1" => ( (
		"socket" => "$2", "bin-path" => "$SEARCH",
		"bin-environment" => ( "TRACUU_CONFIG" => "$3" ),
		"bin-copy-environment" => ( "PATH" ),
		"max-procs" => 2, "check-local" => "disable", "x-sendfile" => "disable",
		"connect-timeout" => 5, "write-timeout" => 10, "read-timeout" => 30,
	) ) )
	server.max-request-size = 1
}
EOF
	}
	{
		echo 'server.modules += ( "mod_fastcgi" )'
		fcgi_block /fcgi "$WORK/fcgi.socket" "$WORK/nocache.ini"
		[ -z "$KEYWORDS" ] || fcgi_block /fcgic "$WORK/fcgic.socket" "$WORK/cache.ini"
	} >"$WORK/fastcgi-lighttpd.conf"
	FASTCGI_CONF="include \"$WORK/fastcgi-lighttpd.conf\""
fi
cat >"$WORK/lighttpd.conf" <<EOF
server.document-root = "$WORK/www"
server.bind = "127.0.0.1"
server.port = $PORT
server.errorlog = "$WORK/error.log"
server.max-connections = 1024
include "$WORK/tracuu.conf"
$OMEGA_CONF
$FASTCGI_CONF
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

if [ -n "$OMEGA_DB" ]; then
	# omega must answer a results page with hits for a common query, not
	# an error page (which omega serves with status 200 too).
	status=$(curl -s -o "$WORK/first-omega.html" -w '%{http_code}' \
		"http://127.0.0.1:$PORT/omega?P=th%E1%BB%A7+%C4%91%C3%B4&DB=$(basename "$OMEGA_DB")")
	if [ "$status" != 200 ] || ! grep -Eq '(of (about|exactly) |All )[1-9][0-9,]* match' "$WORK/first-omega.html"; then
		echo "cgi_bench: omega answered $status without hits for a common query:" >&2
		sed -e 's/<[^>]*>//g' "$WORK/first-omega.html" | grep -Ei 'error|exception|database|no documents|matches' | sed -n 1,5p >&2 || true
		tail -n 5 "$WORK/error.log" "$WORK/stderr.log" >&2 || true
		exit 1
	fi
fi

# The queries as URL paths, one a line, for the wrk script.
PY=$(command -v /usr/bin/python3 || command -v python3)
"$PY" - "$QUERIES" "$WORK" "$(basename "${OMEGA_DB:-none}")" "${KEYWORDS:-}" <<'EOF'
import random, sys, urllib.parse
queries, work, omega_db, keywords = sys.argv[1:5]
with open(queries, encoding="utf-8", errors="replace") as f, \
        open(work + "/paths.tracuu", "w") as tr, open(work + "/paths.omega", "w") as om, \
        open(work + "/paths.fastcgi", "w") as fc:
    for line in f:
        q = line.strip()
        if q:
            tr.write("/search?q=" + urllib.parse.quote_plus(q) + "\n")
            fc.write("/fcgi?q=" + urllib.parse.quote_plus(q) + "\n")
            om.write("/omega?P=" + urllib.parse.quote_plus(q) + "&DB="
                     + urllib.parse.quote_plus(omega_db) + "\n")
if keywords:
    kw, freq = [], []
    with open(keywords, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            k, _, n = line.rstrip("\n").partition("\t")
            kw.append(k.strip())
            freq.append(int(n) if n.strip().isdigit() else 1)
    rng = random.Random(1)
    order = list(range(len(kw)))
    rng.shuffle(order)
    with open(work + "/paths.cache-unique", "w") as u:
        for i in order:
            u.write("/fcgic?q=" + urllib.parse.quote_plus(kw[i]) + "\n")
    # Without frequencies, Zipf's law over the file's order (s = 1).
    if len(set(freq)) == 1:
        freq = [1.0 / (i + 1) for i in range(len(kw))]
    with open(work + "/paths.cache-replay", "w") as r:
        for k in rng.choices(kw, weights=freq, k=200000):
            r.write("/fcgic?q=" + urllib.parse.quote_plus(k) + "\n")
EOF
for page in "${PAGES[@]}"; do
	case $page in
	cache-*)
		# In order, each wrk thread from its own place: unique queries
		# stay unique, the replay keeps its log's repeats.  Not warmed.
		cat >"$WORK/paths.$page.lua" <<EOF
local paths = {}
for line in io.lines("$WORK/paths.$page") do paths[#paths + 1] = line end
local n = #paths
local threads = 0
function setup(thread)
  thread:set("first", threads * math.floor(n / 2))
  threads = threads + 1
end
local i = nil
request = function()
  if i == nil then i = first end
  i = i % n + 1
  return wrk.format("GET", paths[i])
end
EOF
		continue
		;;
	esac
	cat >"$WORK/paths.$page.lua" <<EOF
local paths = {}
for line in io.lines("$WORK/paths.$page") do paths[#paths + 1] = line end
local n = #paths
math.randomseed(1)
request = function()
  return wrk.format("GET", paths[math.random(n)])
end
EOF
	# Warm the page cache: every query once.
	while read -r p; do curl -s -o /dev/null "http://127.0.0.1:$PORT$p"; done <"$WORK/paths.$page"
done

cpu_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8, $2 + $3 + $4 + $5 + $6 + $7 + $8 }' /proc/stat; }
if [ ${#PAGES[@]} -gt 1 ]; then
	echo "| page | connections | requests/s | median ms | p90 ms | p99 ms | requests | non-2xx | CPU busy |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
else
	echo "| connections | requests/s | median ms | p90 ms | p99 ms | requests | non-2xx | CPU busy |"
	echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
fi
: >"$WORK/rows"
for c in "${CONNS[@]}"; do
	for page in "${PAGES[@]}"; do
		read -r b0 t0 < <(cpu_ticks)
		wrk -t "$((c < 2 ? 1 : 2))" -c "$c" -d "${SECONDS_EACH}s" --latency -s "$WORK/paths.$page.lua" \
			"http://127.0.0.1:$PORT" >"$WORK/wrk.$page.$c" 2>&1
		read -r b1 t1 < <(cpu_ticks)
		# The table's row, and one line for the JSON: page connections rps
		# p50 p90 p99 requests non-2xx busy%.
		awk -v page="$page" -v pagecol="$([ ${#PAGES[@]} -gt 1 ] && echo "| $page ")" -v c="$c" -v rows="$WORK/rows" \
			-v busy="$(awk -v a="$((b1 - b0))" -v b="$((t1 - t0))" 'BEGIN { printf "%.0f", b ? 100 * a / b : 0 }')" '
			function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
			/^ +50%/ { p50 = ms($2) } /^ +90%/ { p90 = ms($2) } /^ +99%/ { p99 = ms($2) }
			/requests in/ { n = $1 } /Requests\/sec/ { rps = $2 } /Non-2xx/ { bad = $NF }
			END {
				printf "%s| %d | %.0f | %.1f | %.1f | %.1f | %d | %d | %s%% |\n", pagecol, c, rps, p50, p90, p99, n, bad, busy
				printf "%s %d %s %.4f %.4f %.4f %d %d %s\n", page, c, rps + 0, p50, p90, p99, n, bad, busy >>rows
			}' "$WORK/wrk.$page.$c"
	done
done
if [ -n "$JSON" ]; then
	"$PY" - "$WORK/rows" "$JSON" "$SECONDS_EACH" "$(wc -l <"$WORK/paths.tracuu")" <<'EOF'
import json, sys
rows, out, seconds, queries = sys.argv[1:5]
pages = {}
with open(rows) as f:
    for line in f:
        page, c, rps, p50, p90, p99, n, bad, busy = line.split()
        pages.setdefault(page, []).append({
            "connections": int(c), "rps": float(rps), "median_ms": float(p50),
            "p90_ms": float(p90), "p99_ms": float(p99), "requests": int(n),
            "non_2xx": int(bad), "cpu_busy_pct": int(busy)})
with open(out, "w") as f:
    json.dump({"seconds": float(seconds), "queries": int(queries), "pages": pages}, f, indent=1)
    f.write("\n")
EOF
fi
# Every answer must have been a page: errors under load are a failure.
if grep -q 'Non-2xx' "$WORK"/wrk.*; then
	echo "cgi_bench: some answers were not 2xx (see the table)" >&2
	exit 1
fi
