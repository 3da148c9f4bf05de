# tests/e2e/lib.sh - sourced by every end-to-end script: checks the three
# arguments, makes a scratch directory that is removed on exit, and provides
# checks that print what they check and, on failure, expected and actual.
#
# usage (in a script run with set -euo pipefail):
#   . "$(dirname "$0")/lib.sh" "$@"     # TRACUU_INDEX TRACUU_SEARCH SAMPLE_DIR
#   ...checks...
#   finish
#
# Results are appended to a file rather than counted in variables, so that a
# check made inside $(...) or a pipeline still counts.
# shellcheck shell=bash

if [ $# -ne 3 ]; then
	echo "usage: $0 TRACUU_INDEX TRACUU_SEARCH SAMPLE_DIR" >&2
	exit 2
fi
INDEX=$1 SEARCH=$2 SAMPLE=$3
E2E_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
for bin in "$INDEX" "$SEARCH"; do
	[ -x "$bin" ] || { echo "$0: not an executable: $bin" >&2; exit 2; }
done
[ -d "$SAMPLE" ] || { echo "$0: no sample directory: $SAMPLE" >&2; exit 2; }
command -v jq >/dev/null || { echo "$0: jq is needed (Debian package jq)" >&2; exit 2; }

# grep -w must know what a Vietnamese letter is.
export LC_ALL=C.UTF-8
# Tell sanitizer reports (exit 86/87, leaks 23) from "nothing found" (1) and
# usage errors (2); settings given by the caller still win.
export ASAN_OPTIONS="exitcode=86${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="exitcode=87:print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
unset TRACUU_DB

WORK=$(mktemp -d "${TMPDIR:-/tmp}/tracuu-e2e.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
DB=$WORK/db
# shellcheck source=checks.sh source-path=SCRIPTDIR
. "$E2E_DIR/checks.sh"

# --- running the binaries ------------------------------------------------------

# rc CMD...: run CMD, print its exit status; stdout and stderr are kept in
# $WORK/out and $WORK/err for the next checks.
rc() {
	local r=0
	"$@" >"$WORK/out" 2>"$WORK/err" || r=$?
	echo "$r"
}

# must CMD...: run CMD (output as redirected by the caller); an exit status
# other than 0 is recorded as a failure and the script goes on.
must() {
	local r=0
	"$@" || r=$?
	[ "$r" -eq 0 ] || fail "$(basename "$1") ${*:2}" "expected: exit 0" "actual:   exit $r"
}

# index_into DIR PATH...: `tracuu-index add` that must succeed (exit 0), or
# the script stops: everything after it would fail for the same reason.
index_into() {
	local dir=$1 r=0
	shift
	"$INDEX" --db "$dir" add "$@" 2>"$WORK/index-err" || r=$?
	if [ "$r" -ne 0 ]; then
		fail "tracuu-index --db $dir add $*" "expected: exit 0" "actual:   exit $r: $(cat "$WORK/index-err")"
		finish
		exit 1
	fi
}

# search ARGS...: tracuu-search --db $DB --json --limit 100 ARGS (later
# options win).  Exit 0 or 1 is fine; anything else is recorded as a failure
# and an empty answer with total -1 is printed so the caller's check fails too.
search() {
	local r=0
	"$SEARCH" --db "$DB" --json --limit 100 "$@" 2>"$WORK/search-err" || r=$?
	if [ "$r" -gt 1 ]; then
		fail "tracuu-search $*" "expected: exit 0 or 1" "actual:   exit $r: $(head -c 2000 "$WORK/search-err")"
		echo '{"total":-1,"relaxed":false,"results":[]}'
	fi
}

# batch_start DIR: `tracuu-search --db DIR --batch` left running, fed through
# FIFOs so that a test can ask one line at a time.  batch_ask QUERY: send one
# line, print the answer line (empty if none comes within 30 s).  batch_stop:
# close its stdin and wait for it; its exit status is then in BATCH_RC.  Plain FIFOs rather than coproc: coproc
# descriptors are closed in $(...) and vanish when the process dies.
batch_start() {
	rm -f "$WORK/fifo-in" "$WORK/fifo-out"
	mkfifo "$WORK/fifo-in" "$WORK/fifo-out"
	"$SEARCH" --db "$1" --batch <"$WORK/fifo-in" >"$WORK/fifo-out" 2>"$WORK/fifo-err" &
	BATCH_PID=$!
	exec {BATCH_IN}>"$WORK/fifo-in" {BATCH_OUT}<"$WORK/fifo-out"
}

batch_ask() {
	local line=''
	# In a subshell, so that a searcher gone away (SIGPIPE) ends only that.
	(printf '%s\n' "$1" >&"$BATCH_IN") 2>/dev/null || true
	IFS= read -r -t 30 line <&"$BATCH_OUT" || true
	printf '%s\n' "$line"
}

batch_stop() {
	exec {BATCH_IN}>&-
	BATCH_RC=0
	wait "$BATCH_PID" || BATCH_RC=$?
	exec {BATCH_OUT}<&-
}

# articles N TAG [WORD]: N made-up articles as JSON Lines, URLs under TAG; the
# last one also holds WORD.  None of them matches 'thu do'.
# shellcheck disable=SC2016 # a jq program
articles() {
	jq -nc --argjson n "$1" --arg tag "$2" --arg w "${3:-}" 'range($n) as $i | {
		url: "https://tinmau.example.vn/\($tag)/ban-tin-\($i)",
		title: "Bản tin số \($i) về phân luồng giao thông",
		body: (("Thành phố điều chỉnh phương án phân luồng tại nút giao số \($i) trong giờ cao điểm. " * 12)
			+ (if $i == $n - 1 then $w else "" end)),
		date: "2024-03-01", source: "tinmau.example.vn"}'
}

# total ANSWER: the .total of a JSON answer, or what came instead.
total() { jq -r '.total // "no total"' <<<"${1:-null}" 2>/dev/null || echo "not JSON: ${1:0:200}"; }

# Sample files by the canonical URL in their <head>: {"https://...": "03"}.
for f in "$SAMPLE"/[0-9][0-9]-*.html; do
	n=$(basename "$f" | cut -c1-2)
	u=$(grep -o '<link rel="canonical" href="[^"]*"' "$f" | sed 's/.*href="//; s/"$//')
	jq -n --arg u "$u" --arg n "$n" '{($u): $n}'
done | jq -s add >"$WORK/sample-map.json"

sample_url() { # sample_url NN
	jq -r --arg n "$1" 'to_entries[] | select(.value == $n) | .key' "$WORK/sample-map.json"
}

sample_host() { # sample_host NN
	sample_url "$1" | sed 's|^[a-z]*://||; s|/.*||'
}

# nums ARGS...: the results as sample numbers, in rank order ("03 10 11");
# a URL that is not a sample file is printed whole.
nums() {
	search "$@" | jq -r --slurpfile m "$WORK/sample-map.json" \
		'[.results[].url | $m[0][.] // .] | join(" ")'
}

# numset ARGS...: the same, sorted.
numset() {
	search "$@" | jq -r --slurpfile m "$WORK/sample-map.json" \
		'[.results[].url | $m[0][.] // .] | sort | join(" ")'
}

# fingerprint ARGS...: total, relaxed and the ranked (url, score) list: two
# queries that the normaliser makes identical must give identical fingerprints.
fingerprint() {
	search "$@" | jq -c '[.total, .relaxed, [.results[] | [.url, (.score * 1e9 | round)]]]'
}

# jqlib FILTER ARGS...: jq with lib.jq (folding, byte offsets) included.
jqlib() {
	local filter=$1
	shift
	jq -L "$E2E_DIR" "include \"lib\"; $filter" "$@"
}

# set_minus "A B C" "B": words of the first list not in the second, sorted.
set_minus() {
	comm -23 <(tr ' ' '\n' <<<"$1" | sed '/^$/d' | sort -u) <(tr ' ' '\n' <<<"$2" | sed '/^$/d' | sort -u) | paste -sd' '
}

# set_union "A B" "B C": sorted union.
set_union() {
	tr ' ' '\n' <<<"$1 $2" | sed '/^$/d' | sort -u | paste -sd' '
}

# files_with STRING: sample numbers of the files holding STRING as a whole
# word (case-sensitive), to confirm what the corpus README promises.
files_with() {
	grep -lw -- "$1" "$SAMPLE"/[0-9][0-9]-*.html | xargs -r -n1 basename | cut -c1-2 | paste -sd' '
}
