#!/usr/bin/env bash
# tests/deploy/deploy.sh - the web server configurations in deploy/ work as
# shipped: lighttpd (deploy/lighttpd/tracuu.conf) and nginx + fcgiwrap
# (deploy/nginx/tracuu.conf) each serve tracuu-search at /search as CGI, with
# the index named by TRACUU_DB and, the alternative, by TRACUU_CONFIG and an
# INI file made from deploy/tracuu.conf.example; lighttpd's mod_fastcgi
# (deploy/lighttpd/tracuu-fastcgi.conf, both ways) and nginx
# (deploy/nginx/tracuu-fastcgi.conf) with the service started by spawn-fcgi
# (deploy/spawn-fcgi/tracuu-search-spawn) serve it as a FastCGI service, and
# the systemd units of deploy/systemd pass systemd-analyze verify.
#
# usage: deploy.sh TRACUU_INDEX TRACUU_SEARCH
#
# The shipped files are copied with only their paths (and nginx's port)
# replaced, and, for the TRACUU_CONFIG runs, the TRACUU_DB line commented out
# and the TRACUU_CONFIG line commented in; a diff against the shipped file
# proves that nothing else changed.  What a real installation gets from the
# main configuration (port, document root, pid file, logs, temp paths) is in
# small wrapper files written here, never in the shipped ones.  The servers
# listen on a free port of 127.0.0.1 only and are stopped on exit, also on
# failure.  A missing lighttpd, nginx, fcgiwrap, spawn-fcgi, curl or jq is a
# failure.
#
# The index: the first 100 articles of vnmds-2013.jsonl.gz in TRACUU_CORPUS
# (default ../shared/corpus next to the project), or the project's
# corpus/sample when that is not there.
set -euo pipefail

if [ $# -ne 2 ]; then
	echo "usage: $0 TRACUU_INDEX TRACUU_SEARCH" >&2
	exit 2
fi
abs() { case $1 in /*) printf '%s\n' "$1" ;; *) printf '%s/%s\n' "$PWD" "$1" ;; esac; }
INDEX=$(abs "$1") SEARCH=$(abs "$2")
for bin in "$INDEX" "$SEARCH"; do
	[ -x "$bin" ] || { echo "$0: not an executable: $bin" >&2; exit 2; }
done
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DEPLOY=$ROOT/deploy
CORPUS=${TRACUU_CORPUS:-$ROOT/../shared/corpus}

export LC_ALL=C.UTF-8
# The servers must get the index from their configuration, nothing else.
unset TRACUU_DB TRACUU_CONFIG

# --- tools: a missing one is a failure, not a skip ----------------------------

find_tool() { # find_tool NAME: its path; /usr/sbin is not in every user's PATH
	local d
	if command -v "$1" 2>/dev/null; then return 0; fi
	for d in /usr/sbin /sbin /usr/local/sbin; do
		[ -x "$d/$1" ] && { echo "$d/$1"; return 0; }
	done
	return 1
}
missing=''
tool() { # tool VAR NAME PACKAGE
	local p
	if p=$(find_tool "$2"); then
		printf -v "$1" '%s' "$p"
	else
		echo "FAIL $2 not found: install the Debian package $3 (scripts/deps installs it)"
		missing="$missing $3"
	fi
}
tool LIGHTTPD lighttpd lighttpd
tool NGINX nginx nginx-light
tool FCGIWRAP fcgiwrap fcgiwrap
tool SPAWN_FCGI spawn-fcgi spawn-fcgi
tool CURL curl curl
tool JQ jq jq
if [ ! -r /etc/nginx/fastcgi_params ]; then
	echo "FAIL /etc/nginx/fastcgi_params not found: install the Debian package nginx-light"
	missing="$missing nginx-common"
fi
if [ -n "$missing" ]; then
	echo "deploy: cannot test the shipped configurations without:$missing"
	exit 1
fi

# --- scratch directory, servers, cleanup --------------------------------------

WORK=$(mktemp -d "${TMPDIR:-/tmp}/tracuu-deploy.XXXXXX")
case $WORK$SEARCH in
*[[:space:]\"\'\;\|\&\\]*)
	echo "FAIL paths with spaces, quotes or ; | & \\ cannot go into the configurations:" \
		"$WORK $SEARCH"
	rm -rf "$WORK"
	exit 1
	;;
esac
# Servers started and not yet stopped (a stopped one's PID may be reused).
PIDS=()
stop() { # stop PID: TERM, then KILL after 5 s
	local pid=$1 i left=()
	for i in "${PIDS[@]}"; do [ "$i" = "$pid" ] || left+=("$i"); done
	PIDS=("${left[@]}")
	# Its children too (nginx's workers, fcgiwrap's running programs), at
	# the same time, in case it would leave them behind.
	local kids
	kids=$(pgrep -P "$pid" 2>/dev/null || true)
	# shellcheck disable=SC2086 # a list of PIDs
	[ -z "$kids" ] || kill -TERM $kids 2>/dev/null || true
	if kill -TERM "$pid" 2>/dev/null; then
		for i in $(seq 50); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$pid" 2>/dev/null || true
	fi
	wait "$pid" 2>/dev/null || true
}
cleanup() {
	local pid
	for pid in "${PIDS[@]}"; do stop "$pid"; done
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
: >"$WORK/.results"

# --- checks, in the style of tests/e2e/lib.sh ----------------------------------

pass() { echo "ok   $1"; echo ok >>"$WORK/.results"; }
fail() { # fail NAME DETAIL...
	local name=$1 line
	shift
	echo "FAIL $name"
	for line in "$@"; do printf '       %s\n' "$line"; done
	echo FAIL >>"$WORK/.results"
}
check() { # check NAME EXPECTED ACTUAL
	if [ "$2" == "$3" ]; then pass "$1"; else fail "$1" "expected: [$2]" "actual:   [$3]"; fi
}
check_num() { # check_num NAME ACTUAL OP LIMIT
	if [[ $2 =~ ^-?[0-9]+$ ]] && test "$2" "$3" "$4"; then
		pass "$1"
	else
		fail "$1" "expected: a number $3 $4" "actual:   [$2]"
	fi
}
check_grep() { # check_grep NAME FIXED-STRING FILE
	if grep -qiF -- "$2" "$3"; then
		pass "$1"
	else
		fail "$1" "expected: a line containing [$2]" "actual:   [$(head -c 600 "$3")]"
	fi
}
finish() {
	local total failed
	total=$(wc -l <"$WORK/.results")
	failed=$(grep -c FAIL "$WORK/.results" || true)
	echo "deploy: $total checks, $failed failed"
	[ "$failed" -eq 0 ]
}
# show_log NAME FILE: the end of a server's log, after a failure.
show_log() {
	[ -s "$2" ] || return 0
	echo "------- $1 ($2), last lines:"
	tail -n 30 "$2" | sed 's/^/       /'
}
failures() { grep -c FAIL "$WORK/.results" || true; }

# --- the index -------------------------------------------------------------------

DB=$WORK/index
articles=$CORPUS/vnmds-2013.jsonl.gz
if [ -r "$articles" ]; then
	"$ROOT/tests/gz_head" 100 "$articles" >"$WORK/articles.jsonl"
	input=$WORK/articles.jsonl
	echo "deploy: indexing the first 100 articles of $articles"
else
	input=$ROOT/corpus/sample
	echo "deploy: $articles not found (set TRACUU_CORPUS); indexing $input instead"
fi
if ! "$INDEX" --db "$DB" add "$input" >"$WORK/index-out" 2>&1; then
	fail "tracuu-index --db $DB add $input" "expected: exit 0" "actual:   $(head -c 1000 "$WORK/index-out")"
	finish || true
	exit 1
fi

# A query with accents (sent percent-encoded), and the command line's answer
# to it: the page must give the same results through either server.
QUERY='' EXPECT=''
for q in 'hà nội' 'việt nam' 'thủ đô' 'chính phủ'; do
	urls=$("$SEARCH" --db "$DB" --json --limit 10 "$q" 2>/dev/null | "$JQ" -c '[.results[].url]' || true)
	if [ -n "$urls" ] && [ "$urls" != '[]' ]; then
		QUERY=$q EXPECT=$urls
		break
	fi
done
if [ -z "$QUERY" ]; then
	fail "tracuu-search finds something in $input" "expected: results for one of the test queries" "actual:   none"
	finish || true
	exit 1
fi
# shellcheck disable=SC2016 # a jq program
QENC=$("$JQ" -rn --arg q "$QUERY" '$q | @uri')
echo "deploy: query '$QUERY' (q=$QENC)"

# --- rendering the shipped files ---------------------------------------------------

esc() { printf '%s' "$1" | sed 's/[\\|&]/\\&/g'; }
# render NAME SHIPPED OUT CHANGED SED-ARGS...: OUT is SHIPPED through sed, and
# exactly CHANGED lines differ (each replacement found its line, nothing else
# moved).
render() {
	local name=$1 shipped=$2 out=$3 want=$4 got
	shift 4
	sed "$@" "$shipped" >"$out"
	got=$(diff "$shipped" "$out" | grep -c '^>' || true)
	check "$name: lines changed from the shipped $(basename "$(dirname "$shipped")")/$(basename "$shipped")" \
		"$want, same line count $(wc -l <"$shipped")" "$got, same line count $(wc -l <"$out")"
}

CONF=$WORK/tracuu.conf
render "tracuu.conf.example" "$DEPLOY/tracuu.conf.example" "$CONF" 1 \
	-e "s|^db = /var/lib/tracuu/index\$|db = $(esc "$DB")|"

# The TRACUU_CONFIG variant: the TRACUU_DB line out, the TRACUU_CONFIG one in.
LIGHTTPD_TO_CONFIG=(
	-e 's|^\([[:space:]]*\)\(setenv\.set-environment = ( "TRACUU_DB"\)|\1#\2|'
	-e 's|^\([[:space:]]*\)#\(setenv\.set-environment = ( "TRACUU_CONFIG"\)|\1\2|'
)
NGINX_TO_CONFIG=(
	-e 's|^\([[:space:]]*\)\(fastcgi_param TRACUU_DB \)|\1#\2|'
	-e 's|^\([[:space:]]*\)#\(fastcgi_param TRACUU_CONFIG \)|\1\2|'
)

render_lighttpd() { # render_lighttpd db|config OUT
	local extra=() n=3
	[ "$1" = config ] && extra=("${LIGHTTPD_TO_CONFIG[@]}") n=5
	render "lighttpd ($1)" "$DEPLOY/lighttpd/tracuu.conf" "$2" "$n" \
		-e "s|^var\.tracuu_search = \"/usr/local/bin/tracuu-search\"\$|var.tracuu_search = \"$(esc "$SEARCH")\"|" \
		-e "s|^var\.tracuu_db = \"/var/lib/tracuu/index\"\$|var.tracuu_db = \"$(esc "$DB")\"|" \
		-e "s|^var\.tracuu_config = \"/etc/tracuu/tracuu.conf\"\$|var.tracuu_config = \"$(esc "$CONF")\"|" \
		"${extra[@]}"
}

# The FastCGI snippet: the same, and the folder of the sockets lighttpd
# makes for the processes it starts.
LIGHTTPD_FCGI_TO_CONFIG=(
	-e 's|^\([[:space:]]*\)\("bin-environment" => ( "TRACUU_DB"\)|\1#\2|'
	-e 's|^\([[:space:]]*\)#\("bin-environment" => ( "TRACUU_CONFIG"\)|\1\2|'
)
render_lighttpd_fastcgi() { # render_lighttpd_fastcgi db|config OUT
	local extra=() n=4
	[ "$1" = config ] && extra=("${LIGHTTPD_FCGI_TO_CONFIG[@]}") n=6
	render "lighttpd FastCGI ($1)" "$DEPLOY/lighttpd/tracuu-fastcgi.conf" "$2" "$n" \
		-e "s|^var\.tracuu_search = \"/usr/local/bin/tracuu-search\"\$|var.tracuu_search = \"$(esc "$SEARCH")\"|" \
		-e "s|^var\.tracuu_db = \"/var/lib/tracuu/index\"\$|var.tracuu_db = \"$(esc "$DB")\"|" \
		-e "s|^var\.tracuu_config = \"/etc/tracuu/tracuu.conf\"\$|var.tracuu_config = \"$(esc "$CONF")\"|" \
		-e "s|^var\.tracuu_socket = \"/run/lighttpd/tracuu-search.socket\"\$|var.tracuu_socket = \"$(esc "$LT/tracuu-search.socket")\"|" \
		"${extra[@]}"
}

render_nginx() { # render_nginx db|config PORT SOCKET OUT
	local extra=()
	[ "$1" = config ] && extra=("${NGINX_TO_CONFIG[@]}")
	render "nginx ($1)" "$DEPLOY/nginx/tracuu.conf" "$4" 5 \
		-e "s|^\([[:space:]]*\)listen 80;|\1listen 127.0.0.1:$2;|" \
		-e "s|\(fastcgi_param SCRIPT_FILENAME \)/usr/local/bin/tracuu-search;|\1$(esc "$SEARCH");|" \
		-e "s|\(fastcgi_param TRACUU_DB \)/var/lib/tracuu/index;|\1$(esc "$DB");|" \
		-e "s|\(fastcgi_param TRACUU_CONFIG \)/etc/tracuu/tracuu.conf;|\1$(esc "$CONF");|" \
		-e "s|fastcgi_pass unix:/run/fcgiwrap.socket;|fastcgi_pass unix:$(esc "$3");|" \
		"${extra[@]}"
}

# --- starting and asking -----------------------------------------------------------

free_port() { # a port of 127.0.0.1 nobody listens on
	local i p
	for i in $(seq 100); do
		p=$((20000 + RANDOM % 40000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"
			return 0
		fi
	done
	return 1
}

# wait_up PID PORT: until the server answers on the port (20 s), or it died.
wait_up() {
	local i
	for i in $(seq 200); do
		kill -0 "$1" 2>/dev/null || return 1
		"$CURL" -s -o /dev/null --max-time 2 "http://127.0.0.1:$2/" && return 0
		sleep 0.1
	done
	return 1
}

# start_server PORT ERRLOG OUTLOG CMD...: start CMD in the background (its
# output to OUTLOG) and wait until it answers on PORT; SERVER_PID is its PID,
# or empty when it did not come up.  Returns 0 when it is up, 2 when another
# program took the port in the meantime (try another one), 1 otherwise.
start_server() {
	local port=$1 errlog=$2 outlog=$3
	shift 3
	"$@" >>"$outlog" 2>&1 &
	SERVER_PID=$!
	PIDS+=("$SERVER_PID")
	wait_up "$SERVER_PID" "$port" && return 0
	stop "$SERVER_PID"
	SERVER_PID=''
	grep -q 'Address already in use' "$errlog" "$outlog" 2>/dev/null && return 2
	return 1
}

# get NAME ARGS...: curl; the status code is printed, headers and body are in
# $WORK/headers and $WORK/body.
get() {
	local code
	code=$("$CURL" -sS --max-time 60 -o "$WORK/body" -D "$WORK/headers" -w '%{http_code}' "$@" 2>"$WORK/curl-err") ||
		code="curl failed: $(cat "$WORK/curl-err")"
	printf '%s\n' "$code"
}

# probe SERVER BASE FULL LOG: requests to the page; FULL=1 for the whole
# set, 0 for the search only.  LOG: where the program's stderr ends up.
probe() {
	local s=$1 base=$2 full=$3 log=$4
	check "$s: GET /search?q=...&format=json status" 200 "$(get "$base/search?q=$QENC&format=json")"
	check_grep "$s: JSON Content-Type" "Content-Type: application/json; charset=utf-8" "$WORK/headers"
	check_num "$s: JSON results" "$("$JQ" '.results | length' "$WORK/body" 2>/dev/null || echo none)" -ge 1
	check "$s: the same results as the command line" "$EXPECT" \
		"$("$JQ" -c '[.results[].url]' "$WORK/body" 2>/dev/null || dd if="$WORK/body" bs=300 count=1 status=none)"
	[ "$full" = 1 ] || return 0

	check "$s: GET /search?q=... (the page) status" 200 "$(get "$base/search?q=$QENC")"
	check_grep "$s: page Content-Type" "Content-Type: text/html; charset=utf-8" "$WORK/headers"
	check_grep "$s: the program's headers reach the client" "X-Content-Type-Options: nosniff" "$WORK/headers"
	check_grep "$s: the page has results" 'id="results"' "$WORK/body"
	check "$s: HEAD /search?q=... status" 200 "$(get -I "$base/search?q=$QENC")"
	check "$s: a malformed parameter is the program's 400" 400 "$(get "$base/search?q=$QENC&page=0&format=json")"
	check "$s: ... with the program's JSON error" string \
		"$("$JQ" -r '.error | type' "$WORK/body" 2>/dev/null || dd if="$WORK/body" bs=300 count=1 status=none)"
	check "$s: POST /search status" 405 "$(get --data-binary 'q=x' "$base/search")"
	check_grep "$s: POST answer names the methods" "Allow: GET, HEAD" "$WORK/headers"
	check "$s: /search/x is not the program" 404 "$(get "$base/search/x?q=$QENC")"
	check "$s: /searchx is not the program" 404 "$(get "$base/searchx?q=$QENC")"

	# The index gone: the program's 503 reaches the client, the details
	# reach the server's log and not the client.
	local logged
	logged=$({ wc -c <"$log"; } 2>/dev/null || echo 0)
	mv "$DB" "$DB.away"
	check "$s: no index: the program's 503" 503 "$(get "$base/search?q=$QENC&format=json")"
	mv "$DB.away" "$DB"
	check "$s: ... with the program's JSON error" string \
		"$("$JQ" -r '.error | type' "$WORK/body" 2>/dev/null || dd if="$WORK/body" bs=300 count=1 status=none)"
	if grep -qF -- "$DB" "$WORK/body" "$WORK/headers"; then
		fail "$s: ... without the index path" "actual:   [$(head -c 600 "$WORK/body")]"
	else
		pass "$s: ... without the index path"
	fi
	sleep 0.2 # the log line may trail the response
	tail -c +"$((logged + 1))" "$log" >"$WORK/log-new" 2>/dev/null || true
	check_grep "$s: ... and the details in the server's log ($(basename "$log"))" "tracuu-search" "$WORK/log-new"
}

# --- lighttpd ----------------------------------------------------------------------

LT=$WORK/lighttpd
mkdir -p "$LT/www"

# Loads next to Debian's own lighttpd.conf, as conf-available/ would have it.
if [ -r /etc/lighttpd/lighttpd.conf ]; then
	render_lighttpd db "$LT/tracuu.conf"
	printf 'include "/etc/lighttpd/lighttpd.conf"\ninclude "%s"\n' "$LT/tracuu.conf" >"$LT/debian.conf"
	if "$LIGHTTPD" -tt -f "$LT/debian.conf" >"$LT/debian.out" 2>&1; then
		pass "lighttpd: the snippet loads with Debian's /etc/lighttpd/lighttpd.conf (lighttpd -tt)"
	else
		fail "lighttpd: the snippet loads with Debian's /etc/lighttpd/lighttpd.conf (lighttpd -tt)" \
			"$(head -c 1000 "$LT/debian.out")"
	fi
	render_lighttpd_fastcgi db "$LT/tracuu.conf"
	if "$LIGHTTPD" -tt -f "$LT/debian.conf" >"$LT/debian.out" 2>&1; then
		pass "lighttpd FastCGI: the snippet loads with Debian's /etc/lighttpd/lighttpd.conf (lighttpd -tt)"
	else
		fail "lighttpd FastCGI: the snippet loads with Debian's /etc/lighttpd/lighttpd.conf (lighttpd -tt)" \
			"$(head -c 1000 "$LT/debian.out")"
	fi
fi

run_lighttpd() { # run_lighttpd cgi|fastcgi db|config
	local kind=$1 variant=$2 port pid before rc name=lighttpd log=$LT/stderr.log
	before=$(failures)
	if [ "$kind" = fastcgi ]; then
		name="lighttpd FastCGI"
		render_lighttpd_fastcgi "$variant" "$LT/tracuu.conf"
	else
		render_lighttpd "$variant" "$LT/tracuu.conf"
	fi
	for _ in 1 2 3; do
		port=$(free_port)
		# What the main lighttpd.conf of an installation provides.
		cat >"$LT/lighttpd.conf" <<-EOF
			server.document-root = "$LT/www"
			server.bind = "127.0.0.1"
			server.port = $port
			server.pid-file = "$LT/lighttpd.pid"
			server.errorlog = "$LT/error.log"
			include "$LT/tracuu.conf"
		EOF
		if ! "$LIGHTTPD" -tt -f "$LT/lighttpd.conf" >"$LT/check.out" 2>&1; then
			fail "$name ($variant): lighttpd -tt accepts the configuration" "$(head -c 1000 "$LT/check.out")"
			return
		fi
		rc=0
		start_server "$port" "$LT/error.log" "$LT/stderr.log" "$LIGHTTPD" -D -f "$LT/lighttpd.conf" || rc=$?
		pid=$SERVER_PID
		[ "$rc" -eq 2 ] || break
	done
	if [ -z "$pid" ]; then
		fail "$name ($variant): starts on 127.0.0.1" "$(tail -n 20 "$LT/error.log" "$LT/stderr.log" 2>/dev/null)"
		return
	fi
	pass "$name ($variant): started on 127.0.0.1:$port"
	# lighttpd -D (as Debian's lighttpd.service runs it) leaves the
	# program's stderr on its own stderr: the journal, here a file.
	if [ "$variant" = db ]; then
		probe "$name" "http://127.0.0.1:$port" 1 "$log"
		# lighttpd passes Host with its port: absolute links come back here.
		check "$name: OpenSearch description status" 200 "$(get "http://127.0.0.1:$port/search?format=opensearch")"
		check_grep "$name: ... with links to this server" "template=\"http://127.0.0.1:$port/search?" "$WORK/body"
	else
		probe "$name (TRACUU_CONFIG)" "http://127.0.0.1:$port" 0 "$log"
	fi
	local logged
	logged=$({ wc -c <"$log"; } 2>/dev/null || echo 0)
	stop "$pid"
	if [ "$kind" = fastcgi ]; then
		# lighttpd stops its FastCGI processes with SIGTERM: each ends
		# the request in hand and says so on its way out.
		tail -c +"$((logged + 1))" "$log" >"$WORK/log-new" 2>/dev/null || true
		check_grep "$name ($variant): the service stopped on SIGTERM and said so" \
			"tracuu-search (fastcgi): stopping on signal 15" "$WORK/log-new"
	fi
	if [ "$(failures)" != "$before" ]; then
		show_log "lighttpd error log" "$LT/error.log"
		show_log "lighttpd stderr" "$LT/stderr.log"
	fi
}
run_lighttpd cgi db
run_lighttpd cgi config
run_lighttpd fastcgi db
run_lighttpd fastcgi config

# --- nginx + fcgiwrap ------------------------------------------------------------------

NG=$WORK/nginx
mkdir -p "$NG/tmp"
SOCK=$NG/fcgiwrap.socket
# `include fastcgi_params` is relative to the main configuration's folder.
cp /etc/nginx/fastcgi_params "$NG/fastcgi_params"

# fcgiwrap as Debian's fcgiwrap.service runs it (-f: the program's stderr to
# nginx's error log), on a socket of its own.
env -u TRACUU_DB -u TRACUU_CONFIG "$FCGIWRAP" -f -s "unix:$SOCK" >"$NG/fcgiwrap.log" 2>&1 &
FCGI_PID=$!
PIDS+=("$FCGI_PID")
for _ in $(seq 100); do
	[ -S "$SOCK" ] && break
	kill -0 "$FCGI_PID" 2>/dev/null || break
	sleep 0.1
done
if [ -S "$SOCK" ]; then
	pass "fcgiwrap: listening on $SOCK"
else
	fail "fcgiwrap: listening on $SOCK" "$(head -c 1000 "$NG/fcgiwrap.log")"
fi

# start_nginx LABEL RENDER: write the main nginx.conf of an installation
# around $NG/tracuu.conf, which `RENDER PORT` writes for a free port, check
# it with nginx -t and start nginx (a port taken meanwhile: another one).
# Sets NGINX_PID and NGINX_PORT; records a failure and returns 1 when it
# cannot start.
start_nginx() {
	local label=$1 render_fn=$2 rc user=''
	NGINX_PID='' NGINX_PORT=''
	# As root, nginx's workers would become nobody, who cannot reach the
	# socket and the index in the scratch folder (mode 0700).
	[ "$(id -u)" -eq 0 ] && user='user root;'
	for _ in 1 2 3; do
		NGINX_PORT=$(free_port)
		"$render_fn" "$NGINX_PORT"
		# What the main nginx.conf of an installation provides.
		cat >"$NG/nginx.conf" <<-EOF
			$user
			pid $NG/nginx.pid;
			error_log $NG/error.log info;
			events { worker_connections 64; }
			http {
				access_log $NG/access.log;
				client_body_temp_path $NG/tmp/body;
				fastcgi_temp_path $NG/tmp/fastcgi;
				proxy_temp_path $NG/tmp/proxy;
				uwsgi_temp_path $NG/tmp/uwsgi;
				scgi_temp_path $NG/tmp/scgi;
				include $NG/tracuu.conf;
			}
		EOF
		if ! "$NGINX" -t -p "$NG/" -e "$NG/error.log" -c "$NG/nginx.conf" >"$NG/check.out" 2>&1; then
			fail "$label: nginx -t accepts the configuration" "$(head -c 1000 "$NG/check.out")"
			return 1
		fi
		rc=0
		start_server "$NGINX_PORT" "$NG/error.log" "$NG/stdout.log" \
			"$NGINX" -p "$NG/" -e "$NG/error.log" -c "$NG/nginx.conf" -g 'daemon off;' || rc=$?
		NGINX_PID=$SERVER_PID
		[ "$rc" -eq 2 ] || break
	done
	if [ -z "$NGINX_PID" ]; then
		fail "$label: starts on 127.0.0.1" "$(tail -n 20 "$NG/error.log" "$NG/stdout.log" 2>/dev/null)"
		return 1
	fi
	pass "$label: started on 127.0.0.1:$NGINX_PORT"
}

render_nginx_cgi() { # render_nginx_cgi PORT: the shipped CGI server block ($NGINX_VARIANT)
	render_nginx "$NGINX_VARIANT" "$1" "$SOCK" "$NG/tracuu.conf"
}

run_nginx() { # run_nginx db|config
	local variant=$1 port pid before
	before=$(failures)
	NGINX_VARIANT=$variant
	start_nginx "nginx ($variant)" render_nginx_cgi || return
	port=$NGINX_PORT pid=$NGINX_PID
	if [ "$variant" = db ]; then probe "nginx" "http://127.0.0.1:$port" 1 "$NG/error.log"; else
		probe "nginx (TRACUU_CONFIG)" "http://127.0.0.1:$port" 0 "$NG/error.log"
	fi
	stop "$pid"
	if [ "$(failures)" != "$before" ]; then
		show_log "nginx error log" "$NG/error.log"
		show_log "fcgiwrap output" "$NG/fcgiwrap.log"
	fi
}
run_nginx db
run_nginx config

# --- nginx + tracuu-search as a FastCGI service (spawn-fcgi) -------------------------

# systemd does not run here: its units are checked, and the service they
# describe is started the other shipped way, spawn-fcgi, on a socket of its
# own (deploy/spawn-fcgi/tracuu-search-spawn with its paths changed).
SD=$WORK/systemd
mkdir -p "$SD"
render "tracuu-search.socket" "$DEPLOY/systemd/tracuu-search.socket" "$SD/tracuu-search.socket" 0 -e ''
render "tracuu-search.service" "$DEPLOY/systemd/tracuu-search.service" "$SD/tracuu-search.service" 1 \
	-e "s|^ExecStart=/usr/local/bin/tracuu-search\$|ExecStart=$(esc "$SEARCH")|"
if SDA=$(find_tool systemd-analyze); then
	# verify exits 0 on unknown keys too: any word from it is a failure.
	if (cd "$SD" && "$SDA" verify ./tracuu-search.socket ./tracuu-search.service) >"$SD/verify.out" 2>&1 &&
		[ ! -s "$SD/verify.out" ]; then
		pass "systemd units: systemd-analyze verify says nothing"
	else
		fail "systemd units: systemd-analyze verify says nothing" "$(head -c 1000 "$SD/verify.out")"
	fi
	# The shard template, verified as an instance (a port).
	cp "$DEPLOY/systemd/tracuu-shard@.service" "$SD/"
	if (cd "$SD" && "$SDA" verify ./tracuu-shard@7001.service) >"$SD/verify-shard.out" 2>&1 &&
		[ ! -s "$SD/verify-shard.out" ]; then
		pass "tracuu-shard@.service: systemd-analyze verify of an instance says nothing"
	else
		fail "tracuu-shard@.service: systemd-analyze verify of an instance says nothing" \
			"$(head -c 1000 "$SD/verify-shard.out")"
	fi
else
	echo "deploy: systemd-analyze not found: checking the units' key lines only"
	check_grep "tracuu-search.socket: a stream socket" "ListenStream=/run/tracuu-search.socket" "$SD/tracuu-search.socket"
	check_grep "tracuu-search.service: the socket as standard input" "StandardInput=socket" "$SD/tracuu-search.service"
fi
# The three agree on the socket.
sock_unit=$(sed -n 's/^ListenStream=//p' "$DEPLOY/systemd/tracuu-search.socket")
sock_nginx=$(sed -n 's/^[[:space:]]*fastcgi_pass unix:\(.*\);$/\1/p' "$DEPLOY/nginx/tracuu-fastcgi.conf")
sock_spawn=$(sed -n 's/^TRACUU_SOCKET=//p' "$DEPLOY/spawn-fcgi/tracuu-search-spawn")
check "the socket: tracuu-search.socket, nginx/tracuu-fastcgi.conf and tracuu-search-spawn agree" \
	"$sock_unit $sock_unit" "$sock_nginx $sock_spawn"

SP=$WORK/spawn
mkdir -p "$SP"
FSOCK=$SP/tracuu-search.socket
SPAWN_LOG=$SP/search.log
# As root, spawn-fcgi runs the program as TRACUU_USER (www-data), never as
# root: that user must reach the index, the log and the socket's folder.
if [ "$(id -u)" -eq 0 ]; then
	chmod a+rx "$WORK" "$SP"
	chmod -R a+rX "$DB"
	: >"$SPAWN_LOG"
	chmod a+rw "$SPAWN_LOG"
fi
render "spawn-fcgi/tracuu-search-spawn" "$DEPLOY/spawn-fcgi/tracuu-search-spawn" "$SP/tracuu-search-spawn" 5 \
	-e "s|^TRACUU_SEARCH=/usr/local/bin/tracuu-search\$|TRACUU_SEARCH=$(esc "$SEARCH")|" \
	-e "s|^TRACUU_DB=/var/lib/tracuu/index\$|TRACUU_DB=$(esc "$DB")|" \
	-e "s|^TRACUU_SOCKET=/run/tracuu-search.socket\$|TRACUU_SOCKET=$(esc "$FSOCK")|" \
	-e "s|^TRACUU_PIDFILE=/run/tracuu-search.pid\$|TRACUU_PIDFILE=$(esc "$SP/pid")|" \
	-e "s|^TRACUU_LOG=/var/log/tracuu/search.log\$|TRACUU_LOG=$(esc "$SPAWN_LOG")|"
if sh "$SP/tracuu-search-spawn" >"$SP/spawn.out" 2>&1 && [ -S "$FSOCK" ]; then
	pass "spawn-fcgi: tracuu-search listening on $FSOCK"
	SPAWNED=$(cat "$SP/pid")
	# shellcheck disable=SC2206 # PIDs, one a line
	PIDS+=($SPAWNED)
	check "spawn-fcgi: the processes it started (TRACUU_PROCS)" 2 "$(wc -w <<<"$SPAWNED")"
else
	fail "spawn-fcgi: tracuu-search listening on $FSOCK" "$(head -c 1000 "$SP/spawn.out")"
	SPAWNED=''
fi

render_nginx_fastcgi() { # render_nginx_fastcgi PORT: the shipped FastCGI server block
	render "nginx FastCGI" "$DEPLOY/nginx/tracuu-fastcgi.conf" "$NG/tracuu.conf" 2 \
		-e "s|^\([[:space:]]*\)listen 80;|\1listen 127.0.0.1:$1;|" \
		-e "s|fastcgi_pass unix:/run/tracuu-search.socket;|fastcgi_pass unix:$(esc "$FSOCK");|"
}

run_nginx_fastcgi() {
	local port pid before
	before=$(failures)
	start_nginx "nginx FastCGI" render_nginx_fastcgi || return
	port=$NGINX_PORT pid=$NGINX_PID
	probe "nginx FastCGI" "http://127.0.0.1:$port" 1 "$SPAWN_LOG"
	stop "$pid"
	if [ "$(failures)" != "$before" ]; then
		show_log "nginx error log" "$NG/error.log"
		show_log "tracuu-search log" "$SPAWN_LOG"
	fi
}
if [ -n "$SPAWNED" ]; then
	run_nginx_fastcgi
	# SIGTERM, as a supervisor stops the service: each process finishes
	# what it is doing, says so in the log and exits.
	logged=$({ wc -c <"$SPAWN_LOG"; } 2>/dev/null || echo 0)
	for p in $SPAWNED; do stop "$p"; done
	tail -c +"$((logged + 1))" "$SPAWN_LOG" >"$WORK/log-new" 2>/dev/null || true
	check "spawn-fcgi: every process stopped on SIGTERM and said so" 2 \
		"$(grep -c 'tracuu-search (fastcgi): stopping on signal 15' "$WORK/log-new" || true)"
fi

finish
