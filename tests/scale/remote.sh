#!/usr/bin/env bash
# tests/scale/remote.sh - three shards served by xapian-tcpsrv on 127.0.0.1
# (docs/SCALE.md): a stub file of remote lines answers as one index of the
# same articles does (top 10 of at least 98% of queries identical; ranking,
# phrases, date filters and sort, facets, the page); then a shard server is
# killed mid-test and another one stopped: every request is answered within
# 3 s, marked partial (JSON "partial", the page's notice, the CLI's exit
# status 3 naming the shard), 503 when no shard answers, and a shard that
# comes back is used again.
#
# The articles: a slice of ../shared/corpus (TRACUU_CORPUS; SCALE_ARTICLES,
# default 3000), else the bundled sample and made-up articles.  The queries:
# the first words of sampled titles and Coc Coc keywords (../shared/queries).
#
# usage: remote.sh TRACUU_INDEX TRACUU_SEARCH SAMPLE_DIR
# shellcheck disable=SC2016 # jq programs are in single quotes on purpose
set -euo pipefail
# shellcheck source=../e2e/lib.sh
. "$(dirname "$0")/../e2e/lib.sh" "$@"
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

CORPUS=${TRACUU_CORPUS:-$(dirname "$SAMPLE")/../../shared/corpus}
N=${SCALE_ARTICLES:-3000}
ONE=$WORK/one SH=$WORK/sharded STUB=$WORK/shards.stub
if [ -f "$CORPUS/baomoi-2017.jsonl.gz" ]; then
	# Dated and undated sources, so that the date filters have work.
	{ gzip -dc "$CORPUS/vnmds-2013.jsonl.gz"; gzip -dc "$CORPUS/dantri-2020.jsonl.gz"
	  gzip -dc "$CORPUS/baomoi-2017.jsonl.gz"; } >"$WORK/all.jsonl" || true
	awk -v n="$N" 'NR <= n' "$WORK/all.jsonl" >"$WORK/articles.jsonl"
	rm -f "$WORK/all.jsonl"
	INPUT=$WORK/articles.jsonl
	echo "# $(wc -l <"$INPUT") articles from $CORPUS"
else
	articles 300 mau >"$WORK/made.jsonl"
	INPUT="$SAMPLE $WORK/made.jsonl"
	echo "# no corpus at $CORPUS: the sample and 300 made-up articles"
fi
# shellcheck disable=SC2086 # INPUT may be two paths
"$INDEX" --db "$ONE" -q rebuild $INPUT
# shellcheck disable=SC2086
"$INDEX" --db "$SH" -q rebuild --shards 3 $INPUT
gen=$(readlink -f "$SH/current")
PORTS=()
for k in 0 1 2; do
	PORTS+=("$(free_port "$k")")
	serve "$gen/shard$k" "${PORTS[$k]}"
done
# Xapian's own form for two shards, the issue's for the third.
printf '# three shard servers\nremote 127.0.0.1:%s\nremote 127.0.0.1:%s\nremote tcp 127.0.0.1 %s\n' \
	"${PORTS[@]}" >"$STUB"

# --- the queries ------------------------------------------------------------
{
	jq -r 'select(.title != null) | .title' "${INPUT%% *}" 2>/dev/null |
		awk 'NR % 37 == 1 { n = split($0, w, " "); s = ""; for (i = 1; i <= n && i <= 2 + NR % 3; i++) s = s (i > 1 ? " " : "") w[i]; print s }' |
		awk 'NR <= 120'
	if [ -f "$CORPUS/../queries/coccoc-keywords-dev.tsv" ]; then
		grep -v '^#' "$CORPUS/../queries/coccoc-keywords-dev.tsv" | cut -f1 | awk 'NR % 50 == 1' | awk 'NR <= 80'
	fi
	printf '%s\n' 'thu do' 'ha noi' '"chính phủ"' 'kinh te -xa' 'title:ha noi' 'tp hcm OR ha noi' 'hoà'
} | sed '/^[[:space:]]*$/d' >"$WORK/queries.txt"
nq=$(wc -l <"$WORK/queries.txt")
check_num "enough queries to measure ($nq)" "$nq" -ge 40

# answers DB: the --batch answers to every query, once per database.
# From them: top10, per query the top 10 as URLs in rank order, ties (equal
# scores, which document ids order and which differ between the two
# layouts) sorted by URL; strict10 without the tie rule; exact_totals the
# totals one index counts exactly (beyond TC_TOTAL_EXACT they are Xapian's
# estimates, which depend on the layout; each shard counts its own).
answers() { "$SEARCH" --db "$1" --batch --limit 10 <"$WORK/queries.txt" 2>>"$WORK/batch-err" >"$2"; }
top10() { jq -c '[.results[] | [(.score * 1e6 | round), .url]] | sort_by(-.[0], .[1]) | map(.[1])' "$1"; }
strict10() { jq -c '[.results[].url]' "$1"; }
exact_totals() { jq -c 'if .total_exact and (.relaxed | not) then .total else "estimate" end' "$1"; }
same_lines() { paste -d'\n' "$1" "$2" | awk 'NR % 2 { a = $0; next } a == $0 { n++ } END { print n + 0 }'; }
answers "$ONE" "$WORK/one.json"
answers "$STUB" "$WORK/remote.json"
answers "$SH" "$WORK/local.json"
top10 "$WORK/one.json" >"$WORK/one.top"
top10 "$WORK/remote.json" >"$WORK/remote.top"
top10 "$WORK/local.json" >"$WORK/local.top"
strict10 "$WORK/one.json" >"$WORK/one.strict"
strict10 "$WORK/remote.json" >"$WORK/remote.strict"
same=$(same_lines "$WORK/one.top" "$WORK/remote.top")
strict_same=$(same_lines "$WORK/one.strict" "$WORK/remote.strict")
local_same=$(same_lines "$WORK/one.top" "$WORK/local.top")
echo "# top 10 identical over three loopback shards: $same of $nq queries (ties by URL); $strict_same in exact rank order"
echo "# the same through the generation's own stub (local shards): $local_same of $nq"
# Issue 20's must: 98%.  Measured 169 of 169 on this slice once the shim
# stopped using Xapian 1.4's AND_MAYBE, whose decay to an AND passed over
# matches (common/tc_xapian.cc); a lost shard, a statistics or routing error
# would show here.
check_num "top 10 identical to one index for >= 98% of $nq queries (remote shards; $same)" "$((same * 100))" -ge "$((nq * 98))"
check "no query failed" "" "$(grep -v '^#' "$WORK/batch-err" || true)"
# Where one index counts exactly, so must the shards.
check "totals one index counts exactly are the same over the shards" "" \
	"$(paste -d' ' <(exact_totals "$WORK/one.json") <(exact_totals "$WORK/remote.json") | awk '$1 != "\"estimate\"" && $1 != $2')"

# Dates, sort and facets.
dated() { "$SEARCH" --db "$1" --json --limit 20 --sort date --from 2013-10-01 --to 2020-12-31 "$2" | jq -c '[.total, [.results[] | [.date, .url]]]'; }
check "date filter and date sort answer as one index" "$(dated "$ONE" 'ha noi')" "$(dated "$STUB" 'ha noi')"
cgi() { # cgi DB QUERY_STRING: the page's body
	GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=GET SERVER_NAME=localhost SCRIPT_NAME=/search \
		QUERY_STRING="$2" TRACUU_DB="$1" "$SEARCH" 2>>"$WORK/cgi-err" >"$WORK/cgi.out" || true
	sed '1,/^\r\{0,1\}$/d' "$WORK/cgi.out"
}
# Hits of equal score in URL order: document ids break such ties, and they
# differ between the layouts.
page_json() { jq -c '[.total, .facets, ([.results[] | [(.score * 1e6 | round), .url]] | sort_by(-.[0], .[1]) | map(.[1]))]'; }
check "facets, total and hits of the page's JSON answer as one index" \
	"$(cgi "$ONE" 'q=ha+noi&format=json' | page_json)" \
	"$(cgi "$STUB" 'q=ha+noi&format=json' | page_json)"
check "the JSON of a complete answer says nothing of partial" "null" "$(cgi "$STUB" 'q=thu+do&format=json' | jq .partial)"
cgi "$STUB" 'q=thu+do' >"$WORK/page.html"
check_no_grep "a complete page has no partial notice" 'id="partial"' "$WORK/page.html"
check "did you mean: the readings come from the shards' counts" \
	"$("$SEARCH" --db "$ONE" --explain --json 'ha noi' 2>&1 >/dev/null | sort)" \
	"$("$SEARCH" --db "$STUB" --explain --json 'ha noi' 2>&1 >/dev/null | sort)"

# --- a shard server killed mid-test -----------------------------------------------
batch_start "$STUB"
check "a long-lived searcher answers completely first" "null" "$(batch_ask 'ha noi' | jq .partial)"
stop_pid "${SERVER_PIDS[2]}"
slow=0
for q in 'ha noi' 'thu do' 'kinh te' '"chính phủ"' 'giao thong'; do
	t0=$(date +%s%N)
	a=$(batch_ask "$q")
	t=$((($(date +%s%N) - t0) / 1000000))
	[ "$t" -le 3000 ] || slow=$((slow + 1))
	echo "$a" | jq -c '[.partial, .missing_shards]' >>"$WORK/after-kill"
	echo "# '$q' after the kill: $t ms"
done
check "after the kill every --batch answer came within 3 s" 0 "$slow"
check "... and is marked partial, one shard missing" "$(printf '[true,1]\n%.0s' 1 2 3 4 5)" "$(cat "$WORK/after-kill")"
t=$(ms "$SEARCH" --db "$STUB" --json 'ha noi')
check_num "a one-shot search with a shard dead answers within 3 s ($t ms)" "$t" -le 3000
check "... exits 3" 3 "$(cat "$WORK/rc")"
check_grep "... and names the shard" "remote:tcp(127.0.0.1:${PORTS[2]})" "$WORK/err"
check "... with the others' results" "true" "$(jq '.partial and .total > 0' "$WORK/out")"
t=$(ms cgi "$STUB" 'q=ha+noi')
check_num "the page answers within 3 s ($t ms)" "$t" -le 3000
check_grep "... with a notice that the list is short" 'id="partial"' "$WORK/out"
check "the page's JSON says partial" "true 1" "$(cgi "$STUB" 'q=ha+noi&format=json' | jq -r '"\(.partial) \(.missing_shards)"')"

# --- a shard server that hangs (stopped, not dead): the time limit ------------------
kill -STOP "${SERVER_PIDS[1]}"
t=$(ms "$SEARCH" --db "$STUB" --json 'ha noi')
check_num "a shard that hangs costs at most the time limit: answered within 3 s ($t ms)" "$t" -le 3000
check "... partial, two shards missing, exit 3" "true 2 3" "$(jq -r '"\(.partial) \(.missing_shards)"' "$WORK/out") $(cat "$WORK/rc")"
t=$(ms "$SEARCH" --db "$STUB" --shard-timeout-ms 500 --json 'ha noi')
check_num "--shard-timeout-ms 500 bounds it lower ($t ms)" "$t" -le 1500
check "TRACUU_SHARD_TIMEOUT_MS that is no number is a usage error naming it" "2 yes" \
	"$(TRACUU_SHARD_TIMEOUT_MS=2s "$SEARCH" --db "$STUB" 'ha noi' 2>"$WORK/err" >/dev/null; echo $?) \
$(grep -q 'TRACUU_SHARD_TIMEOUT_MS needs milliseconds from 1 to 600000' "$WORK/err" && echo yes)"

# --- none answers: 503 and exit 3 -------------------------------------------------------
stop_pid "${SERVER_PIDS[0]}"
t=$(ms "$SEARCH" --db "$STUB" --json 'ha noi')
check_num "no shard answering: the CLI answers within 3 s ($t ms)" "$t" -le 3000
check "... exits 3" 3 "$(cat "$WORK/rc")"
check_grep "... saying no shard answered" "no shard answered" "$WORK/err"
GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=GET SERVER_NAME=localhost SCRIPT_NAME=/search \
	QUERY_STRING='q=ha+noi' TRACUU_DB="$STUB" "$SEARCH" >"$WORK/cgi.out" 2>/dev/null || true
check "the page answers 503" "Status: 503" "$(grep -o 'Status: 503' "$WORK/cgi.out" || true)"

# --- a shard comes back ---------------------------------------------------------
kill -CONT "${SERVER_PIDS[1]}"
stop_pid "${SERVER_PIDS[1]}"
serve "$gen/shard0" "${PORTS[0]}"
serve "$gen/shard1" "${PORTS[1]}"
serve "$gen/shard2" "${PORTS[2]}"
sleep 5.5 # the searcher tries a left-out shard again after 5 s
# Against a new searcher on the same shards: beyond the exact count a total
# is an estimate, which depends on the layout.
check "the long-lived searcher uses the shards again once they answer" "null $("$SEARCH" --db "$STUB" --json "$(sed -n 1p "$WORK/queries.txt")" | jq .total)" \
	"$(batch_ask "$(sed -n 1p "$WORK/queries.txt")" | jq -r '"\(.partial) \(.total)"')"
batch_stop
check "the --batch searcher exits 3 (some answers were partial)" 3 "$BATCH_RC"
finish
