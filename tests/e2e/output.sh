#!/usr/bin/env bash
# tests/e2e/output.sh - what tracuu-search prints, on the sample: the JSON
# schema, titles, dates and sources as extracted from the pages, snippets and
# their highlights (checked byte by byte against the query words, folded by
# lib.jq rather than by the code under test), terminal colours, --batch,
# relaxed answers to long questions, and --explain.
#
# usage: output.sh TRACUU_INDEX TRACUU_SEARCH SAMPLE_DIR
# shellcheck disable=SC2016 # jq programs are in single quotes on purpose
set -euo pipefail
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh" "$@"

index_into "$DB" "$SAMPLE"
# One record without a date and without a source, to see date null.
printf '%s\n' '{"url": "https://e2e.example.vn/khong-ngay", "title": "Phiên chợ vùng cao Đồng Văn", "body": "Phiên chợ họp vào sáng Chủ nhật hằng tuần."}' \
	>"$WORK/nodate.jsonl"
index_into "$DB" "$WORK/nodate.jsonl"
# Quotes, a backslash and terminal control sequences in a record's fields.
printf '%s\n' '{"url": "https://e2e.example.vn/ky-tu-dac-biet", "title": "Lễ hội \"Gióng\" ở đền Sóc \\ Sóc Sơn \u001b[31mđỏ\u001b[0m", "body": "Lễ hội \u001b]0;tieu-de\u0007 Gióng được tổ chức vào mùng 6 tháng Giêng \u009b2J hằng năm.", "source": "e2e.example.vn"}' \
	>"$WORK/special.jsonl"
index_into "$DB" "$WORK/special.jsonl"

# --- JSON ---------------------------------------------------------------------------
search 'thu do' >"$WORK/thu-do.json"
check "top-level keys" '["offset","query","relaxed","results","took_ms","total","total_exact"]' \
	"$(jq -c 'keys' "$WORK/thu-do.json")"
check "result keys" '["date","highlights","match","rank","score","snippet","source","title","url"]' \
	"$(jq -c '[.results[] | keys] | unique | .[]' "$WORK/thu-do.json")"
check "field types" "" "$(jq -r '
	(if (.query | type) != "string" then "query" else empty end),
	(if (.total | type) != "number" or .total < (.results | length) then "total" else empty end),
	(if .offset != 0 then "offset" else empty end),
	(if (.took_ms | type) != "number" or .took_ms < 0 then "took_ms" else empty end),
	(if (.relaxed | type) != "boolean" then "relaxed" else empty end),
	(if (.total_exact | type) != "boolean" then "total_exact" else empty end),
	(.results[] | (if (.rank | type) != "number" then "rank \(.rank)" else empty end),
		(if (.match | IN("words", "all", "some")) | not then "match of \(.rank)" else empty end),
		(if (.url | test("^https?://")) | not then "url \(.url)" else empty end),
		(if (.title | type) != "string" or .title == "" then "title of \(.rank)" else empty end),
		(if .date != null and (.date | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}$") | not) then "date \(.date)" else empty end),
		(if (.source | type) != "string" then "source of \(.rank)" else empty end),
		(if (.score | type) != "number" or .score <= 0 then "score \(.score)" else empty end),
		(if (.snippet | type) != "string" or .snippet == "" then "snippet of \(.rank)" else empty end),
		(if (.highlights | type) != "array" or any(.highlights[]; (type != "array") or length != 2
			or (map(type == "number" and . == floor) | all | not)) then "highlights of \(.rank)" else empty end))
	' "$WORK/thu-do.json")"
check "ranks are 1..n" "$(jq -c '[range(1; (.results | length) + 1)]' "$WORK/thu-do.json")" \
	"$(jq -c '[.results[].rank]' "$WORK/thu-do.json")"
check "the query is echoed as typed" "Thủ đô" "$(search 'Thủ đô' | jq -r .query)"
check "no truncated key on a short query" "false" "$(jq 'has("truncated")' "$WORK/thu-do.json")"
check "date is null when the record has none" "null" \
	"$(search 'phien cho dong van' | jq '.results[] | select(.url | endswith("/khong-ngay")) | .date')"
check "--sort date puts the article without a date last" "last of 4" \
	"$(search --sort date 'phien' | jq -r '.results | "\(if .[-1].date == null then "last" else "not last" end) of \(length)"')"
long=$(for i in $(seq 1 60); do printf 'từ%d ' "$i"; done)
check "a query of 60 words is shortened and says so" true "$(search "$long thu do" | jq .truncated)"

check "quotes and backslashes survive JSON output" 'Lễ hội "Gióng" ở đền Sóc \ Sóc Sơn' \
	"$(search 'le hoi giong' | jq -r '.results[] | select(.url | endswith("/ky-tu-dac-biet")) | .title | sub(" *\\[31m.*"; "")')"
must "$SEARCH" --db "$DB" --color=never 'le hoi giong' >"$WORK/special.txt"
check_grep "the record with control characters is listed" "https://e2e.example.vn/ky-tu-dac-biet" "$WORK/special.txt"
check "control characters from a record never reach the terminal (ESC, C1 CSI, BEL)" 0 \
	"$(grep -c $'\033\\|\xc2\x9b\\|\a' "$WORK/special.txt" || true)"

# Titles and sources as the pages give them (og:title without the site name).
for f in "$SAMPLE"/[0-9][0-9]-*.html; do
	jq -n --arg u "$(grep -o '<link rel="canonical" href="[^"]*"' "$f" | sed 's/.*href="//; s/"$//')" \
		--arg t "$(grep -o '<meta property="og:title" content="[^"]*"' "$f" | sed 's/.*content="//; s/"$//')" \
		'{($u): $t}'
done | jq -s add >"$WORK/titles.json"
got=$( { search 'ha noi'; search 'thu do'; search 'duong'; search 'cong'; } |
	jq -r '.results[] | select(.url | contains(".example.vn/")) | [.url, .title, .source] | @tsv' | sort -u)
want=$(jq -r 'to_entries[] | [.key, .value, (.key | sub("^https://"; "") | sub("/.*"; ""))] | @tsv' \
	"$WORK/titles.json" | sort)
check "title (og:title) and source (host) of all 14 articles" "$want" "$got"

# --- highlights ------------------------------------------------------------------------
# [label=NAME] highlights QUERY WORDS...: in every result, each highlight is a
# byte range of the snippet, on character boundaries, in order, and folds to
# one of WORDS.
highlights() {
	local q=$1
	shift
	check_none "highlights for [${label:-$q}] mark only query words" "$(search "$q" | jqlib '
		.results[] | .rank as $r | highlight_problems($ARGS.positional)[] | "rank \($r): \(.)"
		' -r --args "$@")"
}
highlights 'thu do' 'thu' 'do'
highlights 'Thủ đô' 'thu' 'do'
highlights 'dang uy' dang uy
highlights 'đường' duong
highlights 'Dương' duong
highlights 'hoà' hoa
highlights 'thuỷ' thuy
highlights '"an ninh chinh tri"' an ninh chinh tri
highlights '35-CT/TW' 35-ct/tw 35 ct tw
highlights 'TP.HCM' tp.hcm tp hcm
highlights '100/2019/nd-cp' 100/2019/nd-cp 100 2019 nd cp
label='Thủ đô in NFD' highlights "$(printf 'Thu\xcc\x89 \xc4\x91o\xcc\x82')" 'thu' 'do'

# shows QUERY: every full match (relaxed false) shows a matched word in its snippet.
shows() {
	check_none "every result for [$1] has a highlighted word in its snippet" "$(search "$1" | jq -r '
		if .relaxed then "the query was relaxed" else
		.results[] | select(.highlights == []) | "rank \(.rank) \(.url): \(.snippet[0:80])…" end')"
}
for q in 'thu do' 'dang uy' 'đường' 'hòa' 'thuỷ' '35-CT/TW' '155-KH/TU' 'TP.HCM' '100/2019/NĐ-CP' \
	'"an ninh chinh tri"' 'Phú Xuyên'; do
	shows "$q"
done
# A phrase query's snippet shows the phrase.
check_none 'every snippet for ["an ninh chinh tri"] holds the phrase' "$(search '"an ninh chinh tri"' |
	jqlib '.results[] | select(.snippet | vn_fold | contains("an ninh chinh tri") | not)
		| "rank \(.rank) \(.url): \(.snippet[0:80])…"' -r)"

# --- terminal output ---------------------------------------------------------------------
esc=$'\033'
must "$SEARCH" --db "$DB" 'dang uy' >"$WORK/piped.txt"
check "piped text has no escape bytes" 0 "$(grep -c "$esc" "$WORK/piped.txt" || true)"
must "$SEARCH" --db "$DB" --color=never 'dang uy' >"$WORK/never.txt"
check "--color=never has no escape bytes" 0 "$(grep -c "$esc" "$WORK/never.txt" || true)"
must "$SEARCH" --db "$DB" --color=always 'dang uy' >"$WORK/always.txt"
check_num "--color=always has escape bytes" "$(grep -c "$esc" "$WORK/always.txt" || true)" -gt 0
strip() { sed "s/$esc\\[[0-9;]*m//g; s/ ([0-9.]* ms)//" "$1"; }
check "--color=always is the plain text plus escapes" "$(strip "$WORK/never.txt")" "$(strip "$WORK/always.txt")"
check "piped text is --color=never" "$(strip "$WORK/never.txt")" "$(strip "$WORK/piped.txt")"

# Bold stretches in the snippet lines (not the titles, which are bold whole):
# each is a query word, and each query word is bold somewhere.
bold_words() { # bold_words FILE: the bold stretches of snippet lines, folded, one per line
	grep -v ' · ' "$1" | grep '^   ' | grep -o "$esc\\[1m[^$esc]*$esc\\[0m" |
		sed "s/$esc\\[[0-9;]*m//g" | jq -R . | jqlib 'vn_fold' -r
}
colours() { # colours QUERY WORDS...
	local q=$1
	shift
	must "$SEARCH" --db "$DB" --color=always "$q" >"$WORK/c.txt"
	local stray
	stray=$(bold_words "$WORK/c.txt" | grep -vxF -f <(printf '%s\n' "$@") || true)
	check "--color=always [$q]: only query words are bold" "" "$stray"
	check "--color=always [$q]: every query word is bold" "$(printf '%s\n' "$@" | sort -u | paste -sd' ')" \
		"$(bold_words "$WORK/c.txt" | sort -u | paste -sd' ')"
}
colours 'dang uy' dang uy
colours 'thu do' 'thu' 'do'
colours 'đường' duong
colours 'hoà' hoa

# The text lists the JSON's results, in order, with the same snippets.
must "$SEARCH" --db "$DB" 'thu do' >"$WORK/text.txt"
check "text and JSON list the same URLs in the same order" \
	"$(search --limit 10 'thu do' | jq -r '.results[].url')" \
	"$(grep ' · ' "$WORK/text.txt" | sed 's/.* · //')"
check "text and JSON give the same snippets" \
	"$(search --limit 10 'thu do' | jq -r '.results[].snippet')" \
	"$(grep '^   ' "$WORK/text.txt" | grep -v ' · ' | sed 's/^   //')"
check "the text header gives the total" "$(jq .total "$WORK/thu-do.json")" \
	"$(head -n1 "$WORK/text.txt" | grep -o '^[0-9]*')"

# --- batch -----------------------------------------------------------------------------
printf 'thu do\n\n35-CT/TW\n' | "$SEARCH" --db "$DB" --batch >"$WORK/batch.out" 2>"$WORK/batch.err" || true
check "--batch: one line per query line" 3 "$(wc -l <"$WORK/batch.out")"
check "--batch: every line is one JSON object" "object object object" \
	"$(while IFS= read -r line; do jq -r type <<<"$line" 2>/dev/null || echo invalid; done <"$WORK/batch.out" | paste -sd' ')"
check "--batch: answers in the order asked" '"thu do","","35-CT/TW"' "$(jq -c .query "$WORK/batch.out" | paste -sd,)"
check "--batch: the empty line gets an error" "string" "$(sed -n 2p "$WORK/batch.out" | jq -r '.error | type')"
check "--batch: the first answer is the --json answer" "$(search --limit 10 'thu do' | jq -c '[.results[].url]')" \
	"$(sed -n 1p "$WORK/batch.out" | jq -c '[.results[].url]')"
check "--batch: the third answer is the --json answer" "$(search --limit 10 '35-CT/TW' | jq -c '[.results[].url]')" \
	"$(sed -n 3p "$WORK/batch.out" | jq -c '[.results[].url]')"
check "--batch: an answer is the --json answer, but for took_ms" \
	"$(search --limit 10 'thu do' | jq -c 'del(.took_ms)')" "$(sed -n 1p "$WORK/batch.out" | jq -c 'del(.took_ms)')"
check "--batch: exit 0 when a query found something" 0 \
	"$(printf 'thu do\n\n' | rc "$SEARCH" --db "$DB" --batch)"
check "--batch: exit 1 when none did" 1 \
	"$(printf 'zzzkhongcotu\n"\n' | rc "$SEARCH" --db "$DB" --batch)"
check "--batch: a line with only a quote gets an error" "string" "$(sed -n 2p "$WORK/out" | jq -r '.error | type')"
check "--batch: options apply to every line" "2 2" \
	"$(printf 'thu do\nha noi\n' | "$SEARCH" --db "$DB" --batch --limit 2 | jq '.results | length' | paste -sd' ')"
check "--batch with a query argument is refused (exit 2)" 2 "$(rc "$SEARCH" --db "$DB" --batch 'thu do' </dev/null)"
# A line over the command line's cap (64 KiB) is refused, not cut, and the
# batch goes on.
{ printf 'thu do %.0s' $(seq 10000); printf '\n35-CT/TW\n'; } >"$WORK/long-line.txt"
"$SEARCH" --db "$DB" --batch <"$WORK/long-line.txt" >"$WORK/long.out" 2>/dev/null || true
check "--batch: a line over 65536 bytes gets an error naming the cap" "65536" \
	"$(sed -n 1p "$WORK/long.out" | jq -r '.error' | grep -o 65536 || true)"
check "--batch: and the next line is answered" '"35-CT/TW" 2' \
	"$(sed -n 2p "$WORK/long.out" | jq -r '"\(.query | tojson) \(.results | length)"')"
# Answers are flushed line by line: read the first before sending the second.
batch_start "$DB"
check "--batch: an answer comes before stdin is closed" '"thu do"' \
	"$(batch_ask 'thu do' | jq -c .query 2>/dev/null || echo invalid)"
check "--batch: and the next one" '"35-CT/TW"' "$(batch_ask '35-CT/TW' | jq -c .query 2>/dev/null || echo invalid)"
batch_stop

# --- relaxed answers ---------------------------------------------------------------------
question='người cao tuổi ở huyện Phú Xuyên được khám sức khỏe miễn phí vào ngày nào vậy'
check "a long question: exit 0" 0 "$(rc "$SEARCH" --db "$DB" --json "$question")"
check "a long question: relaxed" true "$(jq .relaxed "$WORK/out")"
check_num "a long question: results" "$(jq '.results | length' "$WORK/out")" -gt 0
check "a long question: the Phú Xuyên article first" "06" \
	"$(jq -r --slurpfile m "$WORK/sample-map.json" '$m[0][.results[0].url] // "none"' "$WORK/out")"
check "a full match is not relaxed" false "$(search 'thu do' | jq .relaxed)"
check "no full match: relaxed, with results" "true yes" \
	"$(search 'thu do zzzkhongcotu' | jq -r '"\(.relaxed) \(if .results != [] then "yes" else "no" end)"')"
check "relaxed: the full matches (01 02 13) come first" "01 02 13" \
	"$(nums 'an ninh chinh tri' | cut -d' ' -f1-3 | tr ' ' '\n' | sort | paste -sd' ')"
check "relaxed: the text says so" 1 \
	"$(first=$("$SEARCH" --db "$DB" "$question" | sed -n 1p); grep -c 'only part of the query' <<<"$first" || true)"

# --- --explain ------------------------------------------------------------------------------
must "$SEARCH" --db "$DB" --json --explain 'thu do -dang' >"$WORK/explain.out" 2>"$WORK/explain.err"
check_num "--explain writes to stderr" "$(wc -c <"$WORK/explain.err")" -gt 0
check "--explain leaves stdout alone" "$(search 'thu do -dang' | jq -c '[.results[].url]')" \
	"$(jq -c '[.results[].url]' "$WORK/explain.out")"

# --- no path of the indexing machine is ever shown ------------------------------------------
# Older indexes named a page imported without a URL file:///...; such a URL
# is shown as none.  A page without a URL is no longer imported that way.
printf '%s\n' '{"url":"file:///home/bientap/noi-bo.html","title":"Tin zzduongdan","body":"Noi dung zzduongdan.","date":"2020-01-01"}' \
	>"$WORK/local.jsonl"
index_into "$WORK/paths" "$WORK/local.jsonl"
"$SEARCH" --db "$WORK/paths" --json zzduongdan >"$WORK/paths.json" || true
check "a file:// URL of an old index: found, with no URL" '"Tin zzduongdan" ""' \
	"$(jq -r '.results[0] | "\(.title | tojson) \(.url | tojson)"' "$WORK/paths.json")"
"$SEARCH" --db "$WORK/paths" zzduongdan >"$WORK/paths.txt" || true
check_no_grep "a file:// URL of an old index: not in the JSON" "/home/bientap" "$WORK/paths.json"
check_no_grep "a file:// URL of an old index: not in the text" "/home/bientap" "$WORK/paths.txt"
mkdir -p "$WORK/nourl"
sed '/rel="canonical"/d; /og:url/d' "$SAMPLE"/03-*.html >"$WORK/nourl/noi-bo.html"
check "an HTML file without a URL is refused: exit 1" 1 "$(rc "$INDEX" --db "$WORK/paths" add "$WORK/nourl")"
check_grep "an HTML file without a URL: named" "noi-bo.html: no URL in the page" "$WORK/err"
check_grep "an HTML file without a URL: says what to do" "--base-url" "$WORK/err"
check "an HTML file without a URL: nothing indexed from it" 1 "$(rc "$SEARCH" --db "$WORK/paths" --json "$(
	grep -o '<title>[^<]*' "$SAMPLE"/03-*.html | sed 's/<title>//' | cut -d' ' -f1-6)")"
check "add --base-url: the page is imported" 0 \
	"$(rc "$INDEX" --db "$WORK/paths" add --base-url https://noibo.example.vn/tin/ "$WORK/nourl")"
check "add --base-url: published under the base, by its path" "https://noibo.example.vn/tin/noi-bo.html" \
	"$("$SEARCH" --db "$WORK/paths" --json "$(grep -o '<title>[^<]*' "$SAMPLE"/03-*.html | sed 's/<title>//' |
		cut -d' ' -f1-6)" | jq -r '.results[0].url')"
check "add --base-url ftp://x: usage error" 2 "$(rc "$INDEX" --db "$WORK/paths" add --base-url ftp://x "$WORK/nourl")"
check_grep "... names the option" "--base-url" "$WORK/err"

finish
