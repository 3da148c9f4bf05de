#!/usr/bin/env bash
# tests/e2e/options.sh - tracuu-search options and exit status on the sample:
# --from/--to (inclusive, and checked dates), --sort, --offset/--limit paging,
# the index given by --db or $TRACUU_DB, and usage and index errors (exit 2).
#
# usage: options.sh TRACUU_INDEX TRACUU_SEARCH SAMPLE_DIR
# shellcheck disable=SC2016 # jq programs are in single quotes on purpose
set -euo pipefail
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh" "$@"

index_into "$DB" "$SAMPLE"

# Publication day of every sample file, from its <head>: {"03": "2020-01-06"}.
for f in "$SAMPLE"/[0-9][0-9]-*.html; do
	jq -n --arg n "$(basename "$f" | cut -c1-2)" \
		--arg d "$(grep -o 'article:published_time" content="[0-9-]*' "$f" | sed 's/.*content="//')" '{($n): $d}'
done | jq -s add >"$WORK/dates.json"
check "corpus: 14 different publication days" 14 "$(jq '[.[]] | unique | length' "$WORK/dates.json")"

# in_range "NN NN" FROM TO: the sample numbers published in [FROM, TO].
in_range() {
	jq -r --arg s "$1" --arg f "$2" --arg t "$3" \
		'. as $d | [$s | splits(" ") | select(. != "" and $d[.] >= $f and $d[.] <= $t)] | join(" ")' \
		"$WORK/dates.json"
}

# --- dates --------------------------------------------------------------------------
seen=$( { search 'ha noi'; search 'thu do'; search 'duong'; search 'cong'; } |
	jq -r --slurpfile m "$WORK/sample-map.json" '.results[] | [$m[0][.url], .date] | @tsv' | sort -u)
check "every article's date is its article:published_time" \
	"$(jq -r 'to_entries[] | [.key, .value] | @tsv' "$WORK/dates.json" | sort)" "$seen"

ha_noi=$(numset 'ha noi')
thu_do=$(numset 'thu do')
check "--from 2020-01-06 --to 2022-05-27 (both ends are article days)" \
	"$(in_range "$ha_noi" 2020-01-06 2022-05-27)" "$(numset --from 2020-01-06 --to 2022-05-27 'ha noi')"
check "--from = --to = an article's day finds that article" "03" \
	"$(numset --from 2020-01-06 --to 2020-01-06 'ha noi')"
check "--from 2023-01-01 alone" "$(in_range "$thu_do" 2023-01-01 9999-12-31)" "$(numset --from 2023-01-01 'thu do')"
check "--to 2019-12-31 alone" "$(in_range "$thu_do" 0000-01-01 2019-12-31)" "$(numset --to 2019-12-31 'thu do')"
check "--from 2020-02-29 (a leap day) is accepted" 0 "$(rc "$SEARCH" --db "$DB" --from 2020-02-29 'thu do')"
check "--from after the newest article: nothing found" 1 "$(rc "$SEARCH" --db "$DB" --from 2025-01-01 'thu do')"
for bad in 2020-13-40 2021-02-30 2019-02-29 2020-1-5 20200105 2020-01-05x ''; do
	check "--from '$bad' is refused (exit 2)" 2 "$(rc "$SEARCH" --db "$DB" --from "$bad" 'thu do')"
done
check_grep "the refusal names the bad date" "2020-13-40" <(rc "$SEARCH" --db "$DB" --from 2020-13-40 x >/dev/null; cat "$WORK/err")
check "--to 2020-13-40 is refused (exit 2)" 2 "$(rc "$SEARCH" --db "$DB" --to 2020-13-40 'thu do')"
check "--from after --to is refused (exit 2)" 2 "$(rc "$SEARCH" --db "$DB" --from 2022-01-01 --to 2021-01-01 'thu do')"

# --- sorting -------------------------------------------------------------------------
# Newest first within each tier: the articles holding the words as typed
# ("words": thu do in a row), then the others holding every word ("all").
by_date=$(search --sort date 'thu do' | jq -r '.results[] | "\(.match) \(.date)"')
check "--sort date: the words in a row first" "$(grep '^words' <<<"$by_date"; grep '^all' <<<"$by_date")" "$by_date"
check "--sort date: both tiers there" "words all" "$(cut -d' ' -f1 <<<"$by_date" | uniq | paste -sd' ')"
for m in words all; do
	d=$(grep "^$m " <<<"$by_date" | cut -d' ' -f2)
	check "--sort date: newest first among '$m' matches" "$(sort -r <<<"$d")" "$d"
done
check "--sort date: same articles as by relevance" "$thu_do" "$(numset --sort date 'thu do')"
check "--sort date with --from/--to" "$(in_range "$thu_do" 2020-01-01 2023-12-31)" \
	"$(numset --sort date --from 2020-01-01 --to 2023-12-31 'thu do')"
check "--sort relevance: scores never increase" "" \
	"$(search --sort relevance 'thu do' | jq -r '.results | range(1; length) as $i
		| select(.[$i].score > .[$i - 1].score) | "rank \(.[$i].rank) scores more than rank \(.[$i - 1].rank)"')"
check "--sort relevance is the default" "$(nums 'thu do')" "$(nums --sort relevance 'thu do')"
check "--sort sideways is refused (exit 2)" 2 "$(rc "$SEARCH" --db "$DB" --sort sideways 'thu do')"

# --- paging --------------------------------------------------------------------------
# pages NAME ARGS...: pages of 5 (and of 3) read one after the other give the
# full list, ranks count on from the offset, and every page gives the same
# total and relaxed flag as the whole list (a pager trusts page 1's total).
pages() {
	local name=$1
	shift
	local full total size
	full=$(search "$@" | jq -c '[.results[].url]')
	total=$(search "$@" | jq -r '"\(.total)/relaxed=\(.relaxed)"')
	check_num "$name: more than one page of 5" "$(jq length <<<"$full")" -gt 5
	for size in 5 3; do
		local off=0 joined='[]' ranks='' totals=''
		while [ "$off" -lt "$(jq length <<<"$full")" ]; do
			local page
			page=$(search --limit "$size" --offset "$off" "$@")
			joined=$(jq -c --argjson p "$page" '. + [$p.results[].url]' <<<"$joined")
			ranks+=$(jq -r --argjson o "$off" '.results | to_entries[] | select(.value.rank != $o + .key + 1)
				| " rank \(.value.rank) at offset \($o)+\(.key)"' <<<"$page")
			totals+=" $(jq -r '"\(.total)/relaxed=\(.relaxed)"' <<<"$page")"
			off=$((off + size))
		done
		check "$name: pages of $size follow each other, no overlap, no gap" "$full" "$joined"
		check "$name: pages of $size: ranks count on from the offset" "" "$ranks"
		local want='' p
		for ((p = 0; p * size < $(jq length <<<"$full"); p++)); do
			want+=" $total"
		done
		check "$name: pages of $size: every page gives the same total and relaxed" "$want" "$totals"
	done
}
pages "'thu do'" 'thu do'
pages "'thu do' --sort date" --sort date 'thu do'
pages "'an ninh chinh tri' (partly relaxed)" 'an ninh chinh tri'
check "--offset past the end gives an empty page" 0 \
	"$(search --offset 50 'thu do' | jq '.results | length')"
check "--limit 1000 is accepted" 0 "$(rc "$SEARCH" --db "$DB" --limit 1000 'thu do')"
for bad in 0 1001 -1 abc '' ' 5' '5 ' +5 0x10 99999999999999999999; do
	check "--limit '$bad' is refused (exit 2)" 2 "$(rc "$SEARCH" --db "$DB" --limit "$bad" 'thu do')"
	check_grep "--limit '$bad': says what is allowed" "whole number from 1 to 1000" "$WORK/err"
done
check "--offset 1000000 (the most) is accepted" 1 "$(rc "$SEARCH" --db "$DB" --offset 1000000 'thu do')"
for bad in -1 abc 1.5 ' 5' 1000001 99999999999999999999; do
	check "--offset '$bad' is refused (exit 2)" 2 "$(rc "$SEARCH" --db "$DB" --offset "$bad" 'thu do')"
	check_grep "--offset '$bad': says what is allowed" "whole number from 0 to 1000000" "$WORK/err"
done

# --- one total for every page ----------------------------------------------------------------
# 2,000 made-up records: "xanh" in two of three, "do" in three of five, both
# in 801.  Xapian's estimate of an AND depends on how deep a page looks, so
# a total taken from the page's own search changed from page to page.
awk 'BEGIN { for (i = 1; i <= 2000; i++) { w = ""; if (i % 3) w = w " xanh"; if (i % 5 < 3) w = w " do";
	printf "{\"url\":\"https://tin.example.vn/bai-%d\",\"title\":\"Bai %d\",\"body\":\"Noi dung so %d%s het.\",\"date\":\"2020-01-01\"}\n", i, i, i, w } }' \
	>"$WORK/many.jsonl"
index_into "$WORK/many" "$WORK/many.jsonl"
totals=$(for off in 0 5 300 700 795 1000; do
	"$SEARCH" --db "$WORK/many" --json --offset "$off" 'xanh do' >"$WORK/page.json" || true # 1: an empty page
	jq -c '[.total, .total_exact]' "$WORK/page.json"
done | sort -u | paste -sd' ')
check "'xanh do': one exact total on every page" "[801,true]" "$totals"
check "'xanh do' sorted by date: the same total" "[801,true]" \
	"$("$SEARCH" --db "$WORK/many" --json --sort date --offset 700 'xanh do' | jq -c '[.total, .total_exact]')"
check "'xanh' and 'xanh xanh xanh xanh' (the same documents): the same total" \
	"$("$SEARCH" --db "$WORK/many" --json xanh | jq .total)" \
	"$("$SEARCH" --db "$WORK/many" --json 'xanh xanh xanh xanh' | jq .total)"
check "the text output says the total is exact (no 'About')" "801 results" \
	"$(first=$("$SEARCH" --db "$WORK/many" --offset 300 'xanh do' | sed -n 1p); grep -o '^[0-9]* results' <<<"$first" || true)"

# --- exit status and the index -------------------------------------------------------------
check "something found: exit 0" 0 "$(rc "$SEARCH" --db "$DB" 'thu do')"
check "nothing found: exit 1" 1 "$(rc "$SEARCH" --db "$DB" zzzkhongcotu)"
check_num "nothing found: says so" "$(wc -c <"$WORK/out")" -gt 0
check "nothing found, --json: exit 1" 1 "$(rc "$SEARCH" --db "$DB" --json zzzkhongcotu)"
check "nothing found, --json: an empty list" "0 []" "$(jq -c '"\(.total) \(.results)"' -r "$WORK/out")"
check "missing index: exit 2" 2 "$(rc "$SEARCH" --db "$WORK/no-such-index" 'thu do')"
check_grep "missing index: the message names it" "$WORK/no-such-index" "$WORK/err"
mkdir "$WORK/empty"
check "an empty directory is no index: exit 2" 2 "$(rc "$SEARCH" --db "$WORK/empty" 'thu do')"
mkdir "$WORK/dangling"
ln -s gen-000007 "$WORK/dangling/current"
check "current pointing at nothing: exit 2" 2 "$(rc "$SEARCH" --db "$WORK/dangling" 'thu do')"
mkdir -p "$WORK/garbage/gen-000001"
head -c 8192 /dev/urandom >"$WORK/garbage/gen-000001/iamglass"
ln -s gen-000001 "$WORK/garbage/current"
check "a corrupt index: exit 2" 2 "$(rc "$SEARCH" --db "$WORK/garbage" 'thu do')"
check_num "a corrupt index: a message" "$(wc -c <"$WORK/err")" -gt 0
check "unknown option: exit 2" 2 "$(rc "$SEARCH" --db "$DB" --nonsense 'thu do')"
check_grep "unknown option: usage on stderr" "usage:" "$WORK/err"
check "no query: exit 2" 2 "$(rc "$SEARCH" --db "$DB")"
check "a query starting with - needs -- (exit 2 without)" 2 "$(rc "$SEARCH" --db "$DB" '-dang' 'ha noi')"
check "--color sometimes is refused (exit 2)" 2 "$(rc "$SEARCH" --db "$DB" --color sometimes 'thu do')"
check "--help: exit 0" 0 "$(rc "$SEARCH" --help)"
check_grep "--help: usage on stdout" "usage:" "$WORK/out"
check "no --db and no TRACUU_DB: exit 2" 2 "$(rc "$SEARCH" 'thu do')"
check_grep "no --db and no TRACUU_DB: says so" "TRACUU_DB" "$WORK/err"
check "TRACUU_DB is the default index" "$(nums 'thu do')" \
	"$(TRACUU_DB=$DB "$SEARCH" --json --limit 100 'thu do' | jq -r --slurpfile m "$WORK/sample-map.json" '[.results[].url | $m[0][.]] | join(" ")')"
check "--db wins over TRACUU_DB" 0 "$(TRACUU_DB=$WORK/no-such-index rc "$SEARCH" --db "$DB" 'thu do')"

finish
