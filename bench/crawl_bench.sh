#!/usr/bin/env bash
# bench/crawl_bench.sh - crawl throughput end to end: fetch, discover,
# extract and index, against a local static server with politeness at zero.
#
# usage: crawl_bench.sh TRACUU_INDEX [ARTICLES...]
#
# For each ARTICLES count (default: 500 1900; the corpus has enough usable articles for about 1950) it generates two of the crawl
# test's site templates from ../shared/corpus (tests/crawl/make_sites.py: a
# government portal and a newspaper whose pages are half gzipped), serves them
# with lighttpd on 127.0.0.1 and 127.0.0.2, crawls them into a fresh index with
# `--delay 0` (robots.txt is still fetched and obeyed; these sites set no
# Crawl-delay), and prints pages per second, articles per second, CPU and peak
# RSS as a Markdown table.  Peak RSS at two sizes shows whether memory stays
# bounded as the crawl grows.  Needs bash, python3, lighttpd, /usr/bin/time
# (scripts/deps) and the shared corpus (TRACUU_CORPUS); exit 77 without it.
#
# Figures depend on the machine: this is a benchmark, not a test.  CTest runs
# it once with a small count (label bench) only to keep it from rotting.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
# shellcheck source=../tests/ports.sh
. "$ROOT/tests/ports.sh"
[ $# -ge 1 ] || { echo "usage: crawl_bench.sh TRACUU_INDEX [ARTICLES...]" >&2; exit 2; }
INDEX_BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift
COUNTS=("$@")
[ ${#COUNTS[@]} -gt 0 ] || COUNTS=(500 1900)
CORPUS=${TRACUU_CORPUS:-$ROOT/../shared/corpus}
if [ ! -f "$CORPUS/vnmds-2013.jsonl.gz" ] || [ ! -f "$CORPUS/dantri-2020.jsonl.gz" ]; then
	echo "crawl_bench: no shared corpus in $CORPUS (set TRACUU_CORPUS); skipped" >&2
	exit 77
fi
LIGHTTPD=$(command -v lighttpd || echo /usr/sbin/lighttpd)
for t in "$LIGHTTPD" /usr/bin/time python3; do
	command -v "$t" >/dev/null || { echo "crawl_bench: $t is missing (scripts/deps)" >&2; exit 2; }
done
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY

WORK=$(mktemp -d "${TMPDIR:-/tmp}/tracuu-crawl-bench.XXXXXX")
LIGHTTPD_PID=
cleanup() {
	if [ -n "$LIGHTTPD_PID" ]; then
		kill "$LIGHTTPD_PID" 2>/dev/null || true
		wait "$LIGHTTPD_PID" 2>/dev/null || true
	fi
	[ -n "${CRAWL_BENCH_KEEP:-}" ] && echo "kept $WORK" >&2 || rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM


echo "| articles (sites) | pages fetched | wall s | pages/s | articles/s | CPU s | peak RSS MiB | index MiB |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in "${COUNTS[@]}"; do
	run=$WORK/$n
	mkdir -p "$run"
	PA=$(free_port 127.0.0.1) PB=$(free_port 127.0.0.2)
	A=http://127.0.0.1:$PA B=http://127.0.0.2:$PB
	# vnmds-2013 (the portal's articles) has about 530 usable records;
	# dantri-2020 (the newspaper's) about 2600.
	portal=$((n / 2 < 500 ? n / 2 : 500))
	# The legacy site sets Crawl-delay: 0.2 in robots.txt: it is left out
	# (a single page), as are the fault pages, which are never served.
	python3 "$ROOT/tests/crawl/make_sites.py" --corpus "$CORPUS" --out "$run/sites" --portal "$A" \
		--news "$B" --legacy http://127.0.0.3:1 --faults http://127.0.0.4:1 \
		--portal-count "$portal" --news-count $((n - portal)) --legacy-count 2 >"$run/make.out"
	cat >"$run/lighttpd.conf" <<EOF
server.modules = ("mod_setenv")
server.document-root = "$run/sites/portal"
server.bind = "127.0.0.1"
server.port = $PA
server.errorlog = "$run/lighttpd-error.log"
index-file.names = ("index.html")
mimetype.assign = (".html" => "text/html; charset=utf-8", ".htm" => "text/html",
                   ".xml" => "application/xml", ".rss" => "application/rss+xml",
                   ".atom" => "application/atom+xml", ".txt" => "text/plain; charset=utf-8")
\$SERVER["socket"] == "127.0.0.2:$PB" {
  server.document-root = "$run/sites/news"
  \$HTTP["url"] =~ "-[0-9]{16}1\.htm\$" {
    setenv.set-response-header = ("Content-Encoding" => "gzip")
  }
}
EOF
	"$LIGHTTPD" -D -f "$run/lighttpd.conf" 2>"$run/lighttpd.err" &
	LIGHTTPD_PID=$!
	wait_port 127.0.0.1 "$PA" || { echo "crawl_bench: nothing listens on 127.0.0.1:$PA" >&2; exit 1; }
	wait_port 127.0.0.2 "$PB" || { echo "crawl_bench: nothing listens on 127.0.0.2:$PB" >&2; exit 1; }
	cat >"$run/sites.conf" <<EOF
[portal]
start = $A/
start = $A/rss/tin-moi.rss
article = $A/tin-tuc/*.html
follow = $A/ $A/chuyen-muc/* $A/tin-tuc/* $A/rss/* $A/feeds/* $A/*.xml
depth = 6
[news]
start = $B/
start = $B/sitemap.xml
article = $B/*.htm
depth = 6
EOF
	rc=0
	/usr/bin/time -f '%e %U %S %M' -o "$run/time" "$INDEX_BIN" --db "$run/db" crawl \
		--config "$run/sites.conf" --delay 0 >"$run/out" 2>"$run/err" || rc=$?
	kill "$LIGHTTPD_PID" 2>/dev/null || true
	wait "$LIGHTTPD_PID" 2>/dev/null || true
	LIGHTTPD_PID=
	if [ "$rc" -ne 0 ]; then
		echo "crawl_bench: the crawl of $n articles exited $rc:" >&2
		tail -n 5 "$run/err" >&2
		exit 1
	fi
	closing=$(grep -h 'crawled' "$run/out" "$run/err" | tail -n 1)
	pages=$(grep -o 'crawled [0-9]*' <<<"$closing" | grep -o '[0-9]*')
	indexed=$(grep -o '[0-9]* indexed' <<<"$closing" | grep -o '^[0-9]*')
	read -r wall user sys rss <"$(tail -n 1 "$run/time" >"$run/time.last" && echo "$run/time.last")"
	size=$(du -sk "$run/db" | cut -f1)
	awk -v n="$n" -v p="$pages" -v i="$indexed" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" -v z="$size" \
		'BEGIN { printf "| %d | %d | %.1f | %.0f | %.0f | %.1f | %.1f | %.1f |\n",
			i, p, w, p / w, i / w, u + s, r / 1024, z / 1024 }'
	if [ "$indexed" -lt $((n * 95 / 100)) ]; then
		echo "crawl_bench: only $indexed of $n articles indexed: $closing" >&2
		exit 1
	fi
	[ -n "${CRAWL_BENCH_KEEP:-}" ] || rm -rf "$run"
done
