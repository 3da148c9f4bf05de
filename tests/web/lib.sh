# tests/web/lib.sh - sourced by the web tests (http.sh, browser.sh): indexes a
# few hundred real articles, serves tracuu-search as CGI (or as FastCGI
# services: TRACUU_WEB_MODE below) with lighttpd on a free loopback port, and
# provides checks in the style of tests/e2e/lib.sh.
#
# usage (in a script run with set -euo pipefail):
#   . "$(dirname "$0")/lib.sh" "$@"     # TRACUU_INDEX TRACUU_SEARCH
#   ...checks against $SEARCH_URL...
#   finish
#
# What it sets up:
#   $SEARCH_URL   http://127.0.0.1:PORT/search         TRACUU_DB = the test index
#   $NODB_URL     http://127.0.0.1:PORT/missing/search TRACUU_DB = $WORK/no-such-index (absent)
#   $EMPTYDB_URL  http://127.0.0.1:PORT/empty/search   TRACUU_DB = $WORK/empty-index (an empty directory)
#   $DB, $WORK, $ARTICLES (the JSON Lines that were indexed), $SERVER_LOG
#   (lighttpd's error log), $CGI_LOG (the CGI's stderr)
#
# Environment: TRACUU_CORPUS (default ../shared/corpus next to the checkout)
# and TRACUU_HTML (default ../shared/html) say where the real articles are.
# TRACUU_WEB_MODE=fastcgi serves the page as lighttpd-spawned FastCGI
# services instead of CGI: the same checks then hold for the FastCGI page.
# A missing corpus, lighttpd, curl, jq or xmllint is a failure, not a skip:
# these tests exist to run.
#
# lighttpd, the scratch directory and everything in it are removed on exit,
# whatever the exit status.
# shellcheck shell=bash
# shellcheck disable=SC2034 # the URLs and paths are for the scripts that source this

if [ $# -ne 2 ]; then
	echo "usage: $0 TRACUU_INDEX TRACUU_SEARCH" >&2
	exit 2
fi
INDEX=$1 SEARCH=$2
WEB_MODE=${TRACUU_WEB_MODE:-cgi}
case $WEB_MODE in
cgi | fastcgi) ;;
*) echo "$0: TRACUU_WEB_MODE is cgi or fastcgi, not '$WEB_MODE'" >&2; exit 2 ;;
esac
WEB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SOURCE_ROOT=$(cd "$WEB_DIR/../.." && pwd)

die() { # die MESSAGE: a set-up problem; the test fails with this message
	echo "$(basename "$0"): FAIL: $*" >&2
	exit 1
}

for bin in "$INDEX" "$SEARCH"; do
	[ -x "$bin" ] || die "not an executable: $bin"
done
# Absolute paths: lighttpd runs the CGI from its own working directory.
INDEX=$(cd "$(dirname "$INDEX")" && pwd)/$(basename "$INDEX")
SEARCH=$(cd "$(dirname "$SEARCH")" && pwd)/$(basename "$SEARCH")

LIGHTTPD=${LIGHTTPD:-/usr/sbin/lighttpd}
[ -x "$LIGHTTPD" ] || die "lighttpd is needed at $LIGHTTPD (Debian package lighttpd; scripts/deps installs it)"
command -v curl >/dev/null || die "curl is needed (Debian package curl)"
command -v jq >/dev/null || die "jq is needed (Debian package jq)"
command -v xmllint >/dev/null || die "xmllint is needed (Debian package libxml2-utils)"
command -v perl >/dev/null || die "perl is needed (Debian package perl)"

TRACUU_CORPUS=${TRACUU_CORPUS:-$SOURCE_ROOT/../shared/corpus}
TRACUU_HTML=${TRACUU_HTML:-$(dirname "$TRACUU_CORPUS")/html}
for f in dantri-2020.jsonl.gz vnmds-2013.jsonl.gz baomoi-2017.jsonl.gz vnds-test.jsonl.gz; do
	[ -r "$TRACUU_CORPUS/$f" ] ||
		die "the shared corpus is needed: no $TRACUU_CORPUS/$f (set TRACUU_CORPUS to the folder described in ../shared/corpus/README.md)"
done
VNEXPRESS_PAGE=$TRACUU_HTML/articles/vnexpress.net-dau-bung-keo-dai-lymphoma-ruot-non.html
[ -r "$VNEXPRESS_PAGE" ] || die "the shared HTML pages are needed: no $VNEXPRESS_PAGE (set TRACUU_HTML)"

# The checks compare Vietnamese text byte for byte; grep and sort must agree.
export LC_ALL=C.UTF-8
# The CGI gets its environment from lighttpd, not from us (mod_cgi passes only
# CGI variables and setenv.add-environment): the sanitizer settings of
# scripts/test are handed over explicitly below.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"
unset TRACUU_DB TRACUU_CONFIG

WORK=$(mktemp -d "${TMPDIR:-/tmp}/tracuu-web.XXXXXX")
SERVER_PID=
cleanup() {
	local rc=$?
	if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
		kill "$SERVER_PID" 2>/dev/null || true
		wait "$SERVER_PID" 2>/dev/null || true
	fi
	# On failure, show what lighttpd and the CGI said.
	if [ "$rc" -ne 0 ]; then
		local log
		for log in "$WORK/server.log" "$WORK/cgi-stderr.log" "$WORK/lighttpd.out"; do
			[ -s "$log" ] || continue
			echo "--- $(basename "$log") (last 20 lines) ---" >&2
			tail -n 20 "$log" >&2
		done
	fi
	rm -rf "$WORK"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

DB=$WORK/db
SERVER_LOG=$WORK/server.log
CGI_LOG=$WORK/cgi-stderr.log
mkdir -p "$WORK/www" "$WORK/resp" "$WORK/empty-index"
# The checks are tests/e2e/lib.sh's, from one file.
# shellcheck source=../e2e/checks.sh source-path=SCRIPTDIR
. "$WEB_DIR/../e2e/checks.sh"

# --- the articles and the index ------------------------------------------------

# A few hundred articles from several sources and years (see
# ../shared/corpus/README.md): dantri.com.vn 2020-2021 with categories,
# baomoi.com 2013 (vnmds) and undated 2017, undated vnds records without a
# source (urn: URLs), and one vnexpress.net page of 2025 as HTML.
ARTICLES=$WORK/articles.jsonl
{
	"$SOURCE_ROOT/tests/gz_head" 300 "$TRACUU_CORPUS/dantri-2020.jsonl.gz"
	"$SOURCE_ROOT/tests/gz_head" 200 "$TRACUU_CORPUS/vnmds-2013.jsonl.gz"
	"$SOURCE_ROOT/tests/gz_head" 40 "$TRACUU_CORPUS/baomoi-2017.jsonl.gz"
	"$SOURCE_ROOT/tests/gz_head" 40 "$TRACUU_CORPUS/vnds-test.jsonl.gz"
} >"$ARTICLES" || die "could not read the articles of $TRACUU_CORPUS"
[ "$(wc -l <"$ARTICLES")" -eq 580 ] || die "could not read 580 articles from $TRACUU_CORPUS"
# Hostile records of our own: what the index holds reaches the page too,
# so titles, URLs, sources and snippets must be escaped like the request;
# one holds U+FFFE and U+FFFF (zzkytu), which XML forbids, one has the
# file:// URL an older index gave a page imported without a URL
# (zzduongdan).  Each is found by its made-up word (xsszzdoc, xsszzjs, ...).
XSS_ARTICLES=$WORK/hostile.jsonl
cat >"$XSS_ARTICLES" <<'JSONL'
{"url":"javascript:alert(1)//xsszzjs","title":"xsszzjs <script>alert(2)</script>","body":"xsszzjs body","date":"2020-01-01"}
{"url":"https://xss.example.vn/a?b=\"><script>alert(3)</script>&c='x","title":"Tin xsszzdoc \"><script>alert(4)</script> & <b>đậm</b>","summary":"xsszzdoc </title><svg onload=alert(5)> ' onmouseover=alert(6) x='","body":"Nội dung xsszzdoc <img src=x onerror=alert(7)> ]]> kết thúc.","date":"2020-02-02","source":"xss.example.vn\"><script>alert(8)</script>"}
{"url":"https://xss.example.vn/kytu","title":"Tin zzkytu \ufffe\uffff cuối","summary":"zzkytu \ufffe tóm tắt \uffff","body":"Nội dung zzkytu \uffff có ký tự \ufffe không được phép trong XML.","date":"2020-03-03"}
{"url":"file:///home/bientap/noi-bo/zzduongdan.html","title":"Tin zzduongdan nội bộ","body":"Nội dung zzduongdan của một trang nhập từ tệp.","date":"2020-04-04"}
JSONL
if ! "$INDEX" --db "$DB" add "$ARTICLES" "$XSS_ARTICLES" "$VNEXPRESS_PAGE" >"$WORK/index.out" 2>&1; then
	die "tracuu-index --db $DB add failed: $(tail -n 5 "$WORK/index.out")"
fi

# An accented title from the articles ($TITLE), and the same typed the way
# users type ($PLAIN_Q): without accents (đ -> d), in lower case.  The title
# has only letters, digits and spaces (so that escaping cannot change it), is
# in NFC, has a đ, 6 to 12 words, and is the title of one article only.
TITLE=$(perl -CSD -Mutf8 -MJSON::PP -MUnicode::Normalize -ne '
	my $r = eval { JSON::PP->new->decode($_) } or next;
	my $t = $r->{title} // next;
	$seen{$t}++;
	push @cand, $t if $t eq NFC($t) && $t =~ /^[\p{L}\d ]+$/ && $t =~ /[đĐ]/
		&& (() = $t =~ / /g) >= 5 && (() = $t =~ / /g) <= 11;
	END { for (@cand) { if ($seen{$_} == 1) { print; last } } }' "$ARTICLES")
[ -n "$TITLE" ] || die "no title fit for the accent test in $ARTICLES"

# --- lighttpd ------------------------------------------------------------------

# write_config PORT: lighttpd.conf serving the page at three URLs that differ
# only in TRACUU_DB: as CGI (set per URL with setenv, as a real deployment
# does) or, with TRACUU_WEB_MODE=fastcgi, as three FastCGI services that
# lighttpd starts (bin-path, as deploy/lighttpd/tracuu-fastcgi.conf), each
# with its own TRACUU_DB in bin-environment.
write_config() {
	local port=$1 sanenv
	sanenv="\"ASAN_OPTIONS\" => \"$ASAN_OPTIONS\", \"UBSAN_OPTIONS\" => \"$UBSAN_OPTIONS\""
	if [ "$WEB_MODE" = fastcgi ]; then
		write_fastcgi_config "$port" "$sanenv"
		return
	fi
	{
		server_conf "$port" '"mod_alias", "mod_cgi", "mod_setenv"'
		cat <<EOF
alias.url = ( "/missing/search" => "$SEARCH",
              "/empty/search" => "$SEARCH",
              "/search" => "$SEARCH" )
# An empty extension and handler: run the aliased file itself as the CGI.
cgi.assign = ( "" => "" )
\$HTTP["url"] == "/search" {
  setenv.add-environment = ( "TRACUU_DB" => "$DB", $sanenv )
}
\$HTTP["url"] == "/missing/search" {
  setenv.add-environment = ( "TRACUU_DB" => "$WORK/no-such-index", $sanenv )
}
\$HTTP["url"] == "/empty/search" {
  setenv.add-environment = ( "TRACUU_DB" => "$WORK/empty-index", $sanenv )
}
EOF
	} >"$WORK/lighttpd.conf"
}

# server_conf PORT MODULES: the lines every test server's lighttpd.conf
# starts with, for the CGI page and the FastCGI service alike.
server_conf() {
	cat <<EOF
server.modules = ( $2 )
server.document-root = "$WORK/www"
server.bind = "127.0.0.1"
server.port = $1
server.errorlog = "$SERVER_LOG"
# What the program writes on stderr (reasons for a 503, sanitizer reports).
server.breakagelog = "$CGI_LOG"
server.pid-file = "$WORK/lighttpd.pid"
# Hand the query string to the program exactly as the client sent it: its
# own checks (bad % escapes, invalid UTF-8) are what is under test, and a
# server that normalises or rejects first would hide them.
server.http-parseopts = ( "url-normalize" => "disable" )
mimetype.assign = ( ".html" => "text/html; charset=utf-8" )
EOF
}

write_fastcgi_config() { # PORT SANITIZER-ENV
	local port=$1 sanenv=$2 url db i=0
	server_conf "$port" '"mod_fastcgi"' >"$WORK/lighttpd.conf"
	for url in /search /missing/search /empty/search; do
		case $url in
		/search) db=$DB ;;
		/missing/search) db=$WORK/no-such-index ;;
		*) db=$WORK/empty-index ;;
		esac
		i=$((i + 1))
		cat >>"$WORK/lighttpd.conf" <<EOF
\$HTTP["url"] == "$url" {
  fastcgi.server = ( "$url" => ( (
    "socket" => "$WORK/fcgi-$i.socket",
    "bin-path" => "$SEARCH",
    "bin-environment" => ( "TRACUU_DB" => "$db", $sanenv ),
    "bin-copy-environment" => ( "PATH" ),
    "max-procs" => 1,
    "check-local" => "disable",
  ) ) )
}
EOF
	done
}

free_port() { # a port the kernel just handed out, so very likely free
	perl -MIO::Socket::INET -e \
		'my $s = IO::Socket::INET->new(LocalAddr => "127.0.0.1", LocalPort => 0, Listen => 1) or die; print $s->sockport, "\n"'
}

# Start lighttpd in the foreground (-D) in the background; another process may
# take the port between free_port and the bind, so try a few ports.
start_server() {
	local attempt port i
	for attempt in 1 2 3 4 5; do
		port=$(free_port)
		write_config "$port"
		"$LIGHTTPD" -tt -f "$WORK/lighttpd.conf" >"$WORK/config-test.out" 2>&1 ||
			die "lighttpd rejects the generated config: $(cat "$WORK/config-test.out")"
		"$LIGHTTPD" -D -f "$WORK/lighttpd.conf" >>"$WORK/lighttpd.out" 2>&1 &
		SERVER_PID=$!
		for i in $(seq 50); do
			if curl -s -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null; then
				BASE_URL=http://127.0.0.1:$port
				SEARCH_URL=$BASE_URL/search
				NODB_URL=$BASE_URL/missing/search
				EMPTYDB_URL=$BASE_URL/empty/search
				return 0
			fi
			kill -0 "$SERVER_PID" 2>/dev/null || break
			sleep 0.1
		done
		kill "$SERVER_PID" 2>/dev/null || true
		wait "$SERVER_PID" 2>/dev/null || true
		SERVER_PID=
		echo "lighttpd did not start on port $port (attempt $attempt): $(tail -n 3 "$WORK/lighttpd.out" "$SERVER_LOG" 2>/dev/null)" >&2
	done
	die "lighttpd would not start; see the messages above"
}
start_server
echo "# the page is served as $WEB_MODE by lighttpd at $SEARCH_URL"

# --- requests --------------------------------------------------------------------

# fetch NAME URL [CURL-ARGS...]: one request; the status, headers and body are
# kept as $WORK/resp/NAME.{status,headers,body} for the checks, and for the
# sweep at the end that looks at every response.  Prints the status code.
fetch() {
	local name=$1 url=$2
	shift 2
	local code
	code=$(curl -s -g --max-time 60 -o "$WORK/resp/$name.body" -D "$WORK/resp/$name.headers" \
		-w '%{http_code}' "$@" "$url") || code=000
	echo "$code" >"$WORK/resp/$name.status"
	printf '%s\n' "$url" >"$WORK/resp/$name.url"
	echo "$code"
}

body() { cat "$WORK/resp/$1.body"; }

# header NAME FIELD: the value of a response header (last one if repeated),
# without the trailing CR.
header() {
	grep -i "^$2:" "$WORK/resp/$1.headers" | tail -n 1 | sed 's/^[^:]*:[[:space:]]*//; s/\r$//'
}

# xp NAME XPATH: the string value of an XPath 1.0 expression over the HTML
# body, parsed by libxml2's HTML parser (HTML5 elements give warnings, which
# are ignored).  A BOM in front makes it read the body as UTF-8 whether or not
# the page declares a charset (the header does; the parser cannot see it).
xp() {
	local f=$WORK/resp/$1.body
	[ -s "$f" ] || return 0
	{ printf '\xef\xbb\xbf'; cat "$f"; } >"$WORK/xp.html"
	xmllint --html --xpath "string($2)" "$WORK/xp.html" 2>/dev/null || true
}

# xp_list NAME XPATH: the string value of every node XPATH selects, one a
# line, with white space normalised (xmllint ends each with a newline).
xp_list() {
	local f=$WORK/resp/$1.body n i
	[ -s "$f" ] || return 0
	{ printf '\xef\xbb\xbf'; cat "$f"; } >"$WORK/xpl.html"
	n=$(xmllint --html --xpath "count($2)" "$WORK/xpl.html" 2>/dev/null || echo 0)
	for ((i = 1; i <= n; i++)); do
		xmllint --html --xpath "normalize-space(($2)[$i])" "$WORK/xpl.html" 2>/dev/null || echo
	done
}

# has_class CLASS: an XPath predicate for an element with that class.
has_class() { printf 'contains(concat(" ", normalize-space(@class), " "), " %s ")' "$1"; }

# urlenc STRING: percent-encode for a query string.
urlenc() { jq -rn --arg s "$1" '$s | @uri'; }

# absolute HREF: a link from a page served at /search, made absolute.
absolute() {
	case $1 in
	http://* | https://*) printf '%s\n' "$1" ;;
	/*) printf '%s%s\n' "$BASE_URL" "$1" ;;
	\?*) printf '%s%s\n' "$SEARCH_URL" "$1" ;;
	*) printf '%s/%s\n' "$BASE_URL" "$1" ;;
	esac
}

# param URL NAME: the decoded value of a query-string parameter (last wins).
param() {
	URL=$1 NAME=$2 perl -e '
		my ($q) = $ENV{URL} =~ /\?([^#]*)/ or exit;
		my $v;
		for (split /[&;]/, $q) {
			my ($k, $x) = split /=/, $_, 2;
			next unless defined $k && $k eq $ENV{NAME};
			$x //= ""; $x =~ tr/+/ /; $x =~ s/%([0-9A-Fa-f]{2})/chr hex $1/ge;
			$v = $x;
		}
		print $v if defined $v;'
}

# raw_request TEXT: send TEXT to the server as it is, print the whole reply
# (HTTP/1.0 requests: the server closes the connection when done).
raw_request() {
	local fd
	exec {fd}<>"/dev/tcp/127.0.0.1/${BASE_URL##*:}"
	printf '%s' "$1" >&"$fd"
	timeout 10 cat <&"$fd" || true
	exec {fd}>&-
}

# fold TEXT: Vietnamese without accents, as a user types it: NFD, drop the
# combining marks, đ -> d.
fold() {
	printf '%s' "$1" | perl -CSD -Mutf8 -MUnicode::Normalize -pe '$_ = NFD($_); s/\p{Mn}//g; tr/đĐ/dD/'
}
PLAIN_Q=$(fold "$TITLE")
PLAIN_Q=${PLAIN_Q,,}

# cgi_direct METHOD QUERY_STRING: run the CGI by hand, as a server would,
# output (headers and body) on stdout.  Used where lighttpd itself would
# otherwise decide (a HEAD response never has a body through lighttpd).
cgi_direct() {
	env -i PATH=/usr/bin:/bin ASAN_OPTIONS="$ASAN_OPTIONS" UBSAN_OPTIONS="$UBSAN_OPTIONS" \
		GATEWAY_INTERFACE=CGI/1.1 SERVER_PROTOCOL=HTTP/1.1 SERVER_SOFTWARE=test \
		SERVER_NAME=127.0.0.1 SERVER_PORT=80 REMOTE_ADDR=127.0.0.1 \
		SCRIPT_NAME=/search REQUEST_URI="/search?$2" \
		REQUEST_METHOD="$1" QUERY_STRING="$2" TRACUU_DB="$DB" "$SEARCH" 2>>"$WORK/direct.err"
}
