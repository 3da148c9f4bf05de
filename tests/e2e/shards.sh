#!/usr/bin/env bash
# tests/e2e/shards.sh - sharded generations (docs/SCALE.md): rebuild --shards N
# writes N shard databases and a stub file that opens them as one; every
# query, facet and date filter answers as one database of the same articles
# does; add routes a new or updated article to its one shard, so nothing is
# ever in two; stats shows the shards; a rebuild keeps the live layout unless
# --shards says otherwise.  Local shards only: remote ones are tests/scale.
#
# usage: shards.sh TRACUU_INDEX TRACUU_SEARCH SAMPLE_DIR
# shellcheck disable=SC2016 # jq programs are in single quotes on purpose
set -euo pipefail
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh" "$@"

ONE=$WORK/one
SH=$WORK/sharded
articles 40 phan-luong >"$WORK/extra.jsonl"

# answers DIR: what a few queries find, as (url, score) ranked by score then
# URL, so that ties broken by document ids (which differ) do not count.
answers() {
	local q
	for q in 'thu do' 'ha noi' 'đường' '35-CT/TW' '"an ninh chinh tri"' 'phân luồng' 'ban tin so 7' 'hoà'; do
		{ "$SEARCH" --db "$1" --json --limit 100 "$q" || true; } |
			jq -c '[.total, .relaxed, ([.results[] | [(.score * 1e9 | round), .url]] | sort_by(-.[0], .[1]))]'
	done
	{ "$SEARCH" --db "$1" --json --limit 100 --from 2020-01-01 --to 2024-12-31 --sort date 'ha noi' || true; } |
		jq -c '[.total, [.results[].date]]'
}
# facets DIR: the search page's facet counts for a query (CGI, JSON).
facets() {
	GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=GET SERVER_NAME=localhost SCRIPT_NAME=/search \
		QUERY_STRING="q=$2&format=json" TRACUU_DB="$1" "$SEARCH" | sed '1,/^\r\{0,1\}$/d' |
		jq -c '[.total, .facets]'
}
shard_docs() { "$INDEX" --db "$SH" stats --json | jq -c '[.shards[].documents]'; }

"$INDEX" --db "$ONE" -q rebuild "$SAMPLE" "$WORK/extra.jsonl"
check "rebuild --shards 3 exits 0" 0 "$(rc "$INDEX" --db "$SH" rebuild --shards 3 "$SAMPLE" "$WORK/extra.jsonl")"
check_grep "rebuild says how many shards" "(3 shards)" "$WORK/err"
gen=$SH/$(readlink "$SH/current")
check "the generation holds a stub file and three shard databases" "auto shard0 auto shard1 auto shard2 yes" \
	"$(grep -v '^#' "$gen/XAPIANDB" | paste -sd' ') $([ -f "$gen/shard0/iamglass" ] && [ -f "$gen/shard2/iamglass" ] && echo yes)"
check_grep "the stub file names the hash" "FNV-1a 64" "$gen/XAPIANDB"

one_docs=$("$INDEX" --db "$ONE" stats --json | jq .documents)
"$INDEX" --db "$SH" stats --json >"$WORK/stats.json"
check "stats: the shards' documents add up to the whole" "$one_docs $one_docs" \
	"$(jq '.documents' "$WORK/stats.json") $(jq '[.shards[].documents] | add' "$WORK/stats.json")"
check "stats: every shard holds some of the $one_docs articles" "3 true" \
	"$(jq '[.shards | length, all(.[]; .documents > 0 and .size_bytes > 0)] | join(" ")' -r "$WORK/stats.json")"
check "stats: one database has no shards key" "null" "$("$INDEX" --db "$ONE" stats --json | jq -c .shards)"
"$INDEX" --db "$SH" stats >"$WORK/stats.txt"
check_grep "stats as text lists the shards" "shard2" "$WORK/stats.txt"

check "every query answers as one database does" "$(answers "$ONE")" "$(answers "$SH")"
check "facets count as one database does" "$(facets "$ONE" ha+noi) $(facets "$ONE" phan+luong)" \
	"$(facets "$SH" ha+noi) $(facets "$SH" phan+luong)"

# add: the same articles again replace themselves in their own shard.
before=$(shard_docs)
check "add of the same articles exits 0" 0 "$(rc "$INDEX" --db "$SH" add "$SAMPLE" "$WORK/extra.jsonl")"
check "re-adding changes no shard's count (no article in two shards)" "$before" "$(shard_docs)"
# An updated article: same URL, new title, wherever it lives.
jq -c 'select(.url | endswith("/ban-tin-7")) | .title = "Bản tin được cập nhật về cầu vượt Mai Dịch"' \
	"$WORK/extra.jsonl" >"$WORK/updated.jsonl"
check "add of an updated article exits 0" 0 "$(rc "$INDEX" --db "$SH" add "$WORK/updated.jsonl")"
check "the update replaced the article in its shard" "$before" "$(shard_docs)"
check "the new title is found, once, and the old one no more" '1 ["Bản tin được cập nhật về cầu vượt Mai Dịch"]' \
	"$(search '"cau vuot mai dich"' --db "$SH" | jq '.total') \
$(search 'phan luong' --db "$SH" | jq -c '[.results[] | select(.url | endswith("/ban-tin-7")) | .title]')"
check "new articles are spread over the shards" "3" \
	"$(articles 60 moi >"$WORK/new.jsonl"; "$INDEX" --db "$SH" -q add "$WORK/new.jsonl"
	   jq -n --argjson a "$before" --argjson b "$(shard_docs)" '[range(3) | select($b[.] > $a[.])] | length')"

# A rebuild keeps the live layout; --shards 1 goes back to one database.
check "rebuild without --shards keeps three shards" "3" \
	"$("$INDEX" --db "$SH" -q rebuild "$SAMPLE" && "$INDEX" --db "$SH" stats --json | jq '.shards | length')"
check "rebuild --shards 1 builds one database" "null yes" \
	"$("$INDEX" --db "$SH" -q rebuild --shards 1 "$SAMPLE" && "$INDEX" --db "$SH" stats --json | jq -c .shards) \
$([ -f "$SH/current/iamglass" ] && echo yes)"
check "--shards out of range is a usage error naming the range" "2" "$(rc "$INDEX" --db "$SH" rebuild --shards 65 "$SAMPLE")"
check_grep "... and says what is allowed" "from 1 (one database) to 64" "$WORK/err"
finish
