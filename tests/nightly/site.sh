# tests/nightly/site.sh - sourced by the nightly tests after tests/e2e/lib.sh:
# the crawler's test sites (tests/crawl/make_sites.py: a government portal
# and a newspaper, half its pages gzipped) built from TRACUU_CORPUS into
# $WORK, served by lighttpd on 127.0.0.1 and 127.0.0.2 (free ports), a crawl
# config for them in $CONF, and helpers over the index.  Skips (exit 77)
# without the shared corpus; a missing lighttpd, python3 or xapian-tools is
# a failure.  Servers started here are stopped on exit.
#
#   site_start [PORTAL_COUNT NEWS_COUNT]   build and serve the sites
#   site_stop / site_serve                stop and start lighttpd again
#   expected_urls                         every article's URL, sorted
#   index_urls DB                         the URLs the live generation holds, sorted
#   live_gen DB                           the live generation's path
# shellcheck shell=bash

ROOT=$(cd "$E2E_DIR/../.." && pwd)
# shellcheck source=../ports.sh
. "$ROOT/tests/ports.sh"
# shellcheck source=../crawl/site_conf.sh
. "$ROOT/tests/crawl/site_conf.sh"
CORPUS=${TRACUU_CORPUS:-$ROOT/../shared/corpus}
for f in dantri-2020.jsonl.gz vnmds-2013.jsonl.gz; do
	if [ ! -r "$CORPUS/$f" ]; then
		echo "$(basename "$0" .sh): SKIP: $CORPUS/$f not found (set TRACUU_CORPUS to the shared corpus)"
		exit 77
	fi
done
# libcurl would send requests for 127.0.0.x to a proxy named here.
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY

find_tool() { # find_tool NAME: its path; /usr/sbin is not in every PATH
	local d
	if command -v "$1" 2>/dev/null; then return 0; fi
	for d in /usr/sbin /sbin /usr/local/sbin; do
		[ -x "$d/$1" ] && { echo "$d/$1"; return 0; }
	done
	return 1
}
LIGHTTPD=$(find_tool lighttpd) || { echo "FAIL lighttpd not found (Debian package lighttpd)"; exit 1; }
PYTHON=$(find_tool python3) || { echo "FAIL python3 not found"; exit 1; }
DELVE=$(find_tool xapian-delve) || { echo "FAIL xapian-delve not found (xapian-tools)"; exit 1; }
XCHECK=$(find_tool xapian-check) || { echo "FAIL xapian-check not found (xapian-tools)"; exit 1; }

SITE_PIDS=()
site_cleanup() {
	local pid
	for pid in "${SITE_PIDS[@]}"; do
		kill -TERM "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	SITE_PIDS=()
	rm -rf "$WORK"
}
trap site_cleanup EXIT


LIGHTTPD_PID=''
site_serve() {
	"$LIGHTTPD" -D -f "$WORK/lighttpd.conf" 2>>"$WORK/lighttpd.err" &
	LIGHTTPD_PID=$!
	SITE_PIDS+=("$LIGHTTPD_PID")
	if ! wait_port 127.0.0.1 "$PA" || ! wait_port 127.0.0.2 "$PB"; then
		fail "lighttpd starts" "actual: $(tail -5 "$WORK/lighttpd.err" 2>/dev/null)"
		finish || true
		exit 1
	fi
}
site_stop() {
	local pid left=()
	[ -n "$LIGHTTPD_PID" ] || return 0
	kill -TERM "$LIGHTTPD_PID" 2>/dev/null || true
	wait "$LIGHTTPD_PID" 2>/dev/null || true
	for pid in "${SITE_PIDS[@]}"; do [ "$pid" = "$LIGHTTPD_PID" ] || left+=("$pid"); done
	SITE_PIDS=("${left[@]}")
	LIGHTTPD_PID=''
}

site_start() { # site_start [PORTAL_COUNT NEWS_COUNT]
	PA=$(free_port 127.0.0.1) PB=$(free_port 127.0.0.2)
	A=http://127.0.0.1:$PA B=http://127.0.0.2:$PB
	SITES=$WORK/sites
	# make_sites wants a legacy site and a fault server too; they are not
	# served and not in the config.
	if ! "$PYTHON" "$ROOT/tests/crawl/make_sites.py" --corpus "$CORPUS" --out "$SITES" \
		--portal "$A" --news "$B" --legacy http://127.0.0.3:9 --faults http://127.0.0.4:9 \
		--portal-count "${1:-30}" --news-count "${2:-30}" --legacy-count 1 >"$WORK/make.out" 2>&1; then
		fail "make_sites.py" "actual: $(tail -5 "$WORK/make.out")"
		finish || true
		exit 1
	fi
	EXP=$SITES/expected.json
	cat >"$WORK/lighttpd.conf" <<EOF
server.modules = ("mod_setenv")
# Pages change and vanish between runs: no cached stat answers.
server.stat-cache-engine = "disable"
server.document-root = "$SITES/portal"
server.bind = "127.0.0.1"
server.port = $PA
server.errorlog = "$WORK/lighttpd-error.log"
index-file.names = ("index.html", "index.htm")
mimetype.assign = (".html" => "text/html; charset=utf-8", ".htm" => "text/html",
                   ".xml" => "application/xml", ".rss" => "application/rss+xml",
                   ".atom" => "application/atom+xml", ".txt" => "text/plain; charset=utf-8")
\$SERVER["socket"] == "127.0.0.2:$PB" {
  server.document-root = "$SITES/news"
  \$HTTP["url"] =~ "-[0-9]{16}1\.htm\$" {
    setenv.set-response-header = ("Content-Encoding" => "gzip")
  }
}
EOF
	CONF=$WORK/sites.conf
	{
		echo "; tests/nightly: two of the crawler's test sites"
		site_conf_portal "$A"
		echo
		site_conf_news "$B"
	} >"$CONF"
	site_serve
}

expected_urls() {
	jq -r '.sites.portal.articles[].url, .sites.news.articles[].url' "$EXP" | sort
}

live_gen() { # live_gen DB
	local name
	name=$(readlink "$1/current" 2>/dev/null) || { echo "$1/none"; return 0; }
	echo "$1/$name"
}

# index_urls DB: the URLs of the live generation's id terms (Q + URL),
# sorted.  Every document has one; "every article exactly once" is this list
# equal to expected_urls and doc_count equal to its length.
index_urls() {
	local db out
	db=$(live_gen "$1")
	out=$("$DELVE" -a -1 "$db" 2>/dev/null) || true
	printf '%s\n' "$out" | sed -n 's/^Q//p' | sort
}

doc_count() { # doc_count DB: documents of the live generation, -1 when unreadable
	"$INDEX" --db "$1" stats --json 2>/dev/null | jq -r '.documents // -1' || echo -1
}
