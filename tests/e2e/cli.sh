#!/usr/bin/env bash
# tests/e2e/cli.sh - the real tracuu-index and tracuu-search on the bundled
# sample (corpus/sample) and on records written here: import, replace,
# bad records, accent-insensitive search, variants, syntax, options, output
# and exit codes.
#
# usage: cli.sh TRACUU_INDEX TRACUU_SEARCH SAMPLE_DIR
set -euo pipefail
INDEX=$1 SEARCH=$2 SAMPLE=$3
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
DB=$WORK/db
fails=0 checks=0

check() { # check NAME EXPECTED ACTUAL
	checks=$((checks + 1))
	if [ "$2" == "$3" ]; then
		echo "ok   $1"
	else
		echo "FAIL $1: expected [$2], got [$3]"
		fails=$((fails + 1))
	fi
}
urls() { "$SEARCH" --db "$DB" --json --limit 20 "$@" | jq -r '[.results[].url] | join(" ")'; }
first() { "$SEARCH" --db "$DB" --json --limit 1 "$@" | jq -r '.results[0].url // ""' | sed 's|.*/||'; }
count() { "$SEARCH" --db "$DB" --json --limit 100 "$@" | jq '.results | length'; }
rc() { set +e; "$@" >/dev/null 2>&1; echo $?; set -e; }

# --- import -----------------------------------------------------------------
"$INDEX" --db "$DB" add "$SAMPLE" 2>"$WORK/err1"
check "sample imports" 14 "$("$INDEX" --db "$DB" stats --json | jq .documents)"
"$INDEX" --db "$DB" add "$SAMPLE" 2>"$WORK/err2"
check "re-import replaces, never duplicates" 14 "$("$INDEX" --db "$DB" stats --json | jq .documents)"
check "summary reports replacements" 1 "$(grep -c '(14 replaced)' "$WORK/err2")"

cat >"$WORK/news.jsonl" <<'JSON'
{"url": "https://e2e.example.vn/a", "title": "Hội nghị về chuyển đổi số tại Hà Giang", "body": "Tỉnh Hà Giang tổ chức hội nghị chuyển đổi số.", "date": "2022-03-04", "source": "e2e.example.vn"}
this line is not JSON
{"title": "Bài không có địa chỉ", "body": "Không có url."}
{"url": "https://e2e.example.vn/b", "title": "Lễ hội hoa tam giác mạch", "body": "Mùa hoa tam giác mạch ở cao nguyên đá."}
{"url": "https://e2e.example.vn/c", "title": "Ngày sai", "body": "Ngày không đúng dạng.", "date": "30/10/2022"}
JSON
set +e; "$INDEX" --db "$DB" add "$WORK/news.jsonl" 2>"$WORK/err3"; r=$?; set -e
check "bad records give exit 1" 1 "$r"
check "bad JSON reported with file:line" 1 "$(grep -c 'news.jsonl:2: invalid JSON' "$WORK/err3")"
check "missing url reported with file:line" 1 "$(grep -c 'news.jsonl:3: record has no url' "$WORK/err3")"
check "bad date reported with file:line" 1 "$(grep -c 'news.jsonl:5: date' "$WORK/err3")"
check "good records kept" 16 "$("$INDEX" --db "$DB" stats --json | jq .documents)"
gzip -c "$WORK/news.jsonl" | sed 's/x/x/' >"$WORK/news.jsonl.gz"
set +e; "$INDEX" --db "$DB" add "$WORK/news.jsonl.gz" 2>/dev/null; set -e
check "gzip import replaces the same records" 16 "$("$INDEX" --db "$DB" stats --json | jq .documents)"
echo hello >"$WORK/notes.txt"
check "unknown file type is an error" 1 "$(rc "$INDEX" --db "$DB" add "$WORK/notes.txt")"
check "missing index for stats" 2 "$(rc "$INDEX" --db "$WORK/none" stats)"

# --- accents, variants ----------------------------------------------------------
expected=$(grep -l 'Thủ đô' "$SAMPLE"/*.html | xargs grep -ho 'rel="canonical" href="[^"]*"' | sed 's/.*href="//; s/"$//' | sort | paste -sd' ')
n=$(echo "$expected" | wc -w)
check "thu do ranks the Thủ đô articles first" "$expected" "$("$SEARCH" --db "$DB" --json --limit "$n" 'thu do' | jq -r '.results[].url' | sort | paste -sd' ')"
check "dang uy finds Đảng ủy articles" 3 "$(count 'dang uy')"
for q in 'thủ đô' 'hoà bình' 'thuỷ lợi' 'khoẻ'; do
	canon=$(urls "$q")
	nfd=$(printf '%s' "$q" | iconv -f utf-8 -t utf-8 | perl -CSD -MUnicode::Normalize -ne 'print NFD($_)')
	upper=$(printf '%s' "$q" | perl -CSD -ne 'print uc($_)')
	check "NFD '$q' gives the same results" "$canon" "$(urls "$nfd")"
	check "upper-case '$q' gives the same results" "$canon" "$(urls "$upper")"
done
check "hòa and hoà give the same results" "$(urls 'hòa')" "$(urls 'hoà')"
check "thủy and thuỷ give the same results" "$(urls 'thủy')" "$(urls 'thuỷ')"
check "exact đường ranks its article first" xu-phat-nong-do-con-theo-nghi-dinh-100.html "$(first 'đường')"
check "exact Dương ranks its article first" doanh-nghiep-tp-hcm-tang-toc-xuat-khau-cptpp.html "$(first 'Dương')"
check "exact đương ranks its article first" dai-bieu-quoc-hoi-de-nghi-gan-trach-nhiem-nguoi-dung-dau.html "$(first 'đương')"

# --- codes and syntax ------------------------------------------------------------
check "35-CT/TW finds both articles" 2 "$(count '35-CT/TW')"
check "155-KH/TU" 1 "$(count '155-KH/TU')"
check "100/2019/NĐ-CP and its unaccented form" "$(urls '100/2019/NĐ-CP')" "$(urls '100/2019/nd-cp')"
check "TP.HCM" 2 "$(count 'TP.HCM')"
all=$(count 'ha noi'); excl=$(count 'ha noi' -- '-tphcm' '-dang')
checks=$((checks + 1)); if [ "$excl" -lt "$all" ]; then echo "ok   exclusion narrows"; else echo "FAIL exclusion narrows: $excl vs $all"; fails=$((fails + 1)); fi
check "excluded word's articles are gone" "" "$("$SEARCH" --db "$DB" --json --limit 50 -- 'ha noi' '-dang' | jq -r '.results[].title' | grep -i 'đảng' || true)"
check "OR widens" "$(( $(count '35-CT/TW') + $(count '155-KH/TU') - 1 ))" "$(count '35-CT/TW OR 155-KH/TU')"
check "title: restricts to titles" 1 "$(count 'title:"thu do"')"
check "site: filters by host" "" "$("$SEARCH" --db "$DB" --json --limit 50 'ha noi site:hanoi.example.vn' | jq -r '.results[].source' | grep -v '^hanoi.example.vn$' || true)"
check "--site filters by host" "" "$("$SEARCH" --db "$DB" --json --limit 50 --site tintuc.example.vn 'ha noi' | jq -r '.results[].source' | grep -v '^tintuc.example.vn$' || true)"
check "phrase needs adjacency" 0 "$(count '"do thu"')"
check "a long question still gets results" true "$("$SEARCH" --db "$DB" --json 'người cao tuổi ở huyện Phú Xuyên được khám sức khỏe miễn phí vào ngày nào vậy' | jq .relaxed)"

# --- options -----------------------------------------------------------------------
dates=$("$SEARCH" --db "$DB" --json --limit 50 --from 2020-01-01 --to 2021-12-31 'ha noi' | jq -r '.results[].date')
check "--from/--to keep dates inside" "" "$(echo "$dates" | awk '$0 < "2020-01-01" || $0 > "2021-12-31"')"
check "impossible date rejected" 2 "$(rc "$SEARCH" --db "$DB" --from 2020-13-40 x)"
sorted=$("$SEARCH" --db "$DB" --json --limit 50 --sort date 'ha noi' | jq -r '.results[].date // empty')
check "--sort date is newest first" "$(echo "$sorted" | sort -r)" "$sorted"
p1=$("$SEARCH" --db "$DB" --json --limit 3 'ha noi' | jq -r '[.results[].url] | join(" ")')
p2=$("$SEARCH" --db "$DB" --json --limit 3 --offset 3 'ha noi' | jq -r '[.results[].url] | join(" ")')
both=$("$SEARCH" --db "$DB" --json --limit 6 'ha noi' | jq -r '[.results[].url] | join(" ")')
check "pages continue each other" "$both" "$p1 $p2"
check "rank counts from the offset" 4 "$("$SEARCH" --db "$DB" --json --limit 1 --offset 3 'ha noi' | jq '.results[0].rank')"

# --- output and exit codes ----------------------------------------------------------
check "nothing found exits 1" 1 "$(rc "$SEARCH" --db "$DB" zzzkhongco)"
check "found exits 0" 0 "$(rc "$SEARCH" --db "$DB" 'thu do')"
check "missing index exits 2" 2 "$(rc "$SEARCH" --db "$WORK/none" 'thu do')"
check "bad option exits 2" 2 "$(rc "$SEARCH" --db "$DB" --nonsense 'thu do')"
check "bad --limit exits 2" 2 "$(rc "$SEARCH" --db "$DB" --limit 0 'thu do')"
check "TRACUU_DB is the default index" 0 "$(TRACUU_DB=$DB rc "$SEARCH" 'thu do')"
check "no ANSI escapes in a pipe" 0 "$("$SEARCH" --db "$DB" 'thu do' | grep -c $'\033' || true)"
check "highlights bold with --color=always" 1 "$("$SEARCH" --db "$DB" --color=always --limit 1 'thu do' | grep -c $'\033\\[1mThủ\033\\[0m' || true)"
hl=$("$SEARCH" --db "$DB" --json --limit 1 'thu do' | jq '.results[0].highlights | length')
checks=$((checks + 1)); if [ "$hl" -ge 1 ]; then echo "ok   JSON has highlight spans"; else echo "FAIL JSON has highlight spans"; fails=$((fails + 1)); fi
span=$("$SEARCH" --db "$DB" --json --limit 1 'thu do' | jq -r '.results[0].snippet' | head -c "$("$SEARCH" --db "$DB" --json --limit 1 'thu do' | jq '.results[0].highlights[0][1]')" | tail -c "$("$SEARCH" --db "$DB" --json --limit 1 'thu do' | jq '.results[0].highlights[0] | .[1] - .[0]')")
check "a highlight span covers a matched word" thủ "$(printf '%s' "$span" | perl -CSD -ne 'print lc')"
batch=$(printf 'thu do\n\n35-CT/TW\n' | "$SEARCH" --db "$DB" --batch)
check "batch answers every line" 3 "$(echo "$batch" | wc -l)"
check "batch lines are JSON in order" '"thu do","","35-CT/TW"' "$(echo "$batch" | jq -c .query | paste -sd,)"
check "an empty batch line gets an error object" true "$(echo "$batch" | sed -n 2p | jq 'has("error")')"
check "json schema" '["offset","query","relaxed","results","took_ms","total"]' "$("$SEARCH" --db "$DB" --json 'thu do' | jq -c 'keys')"
check "result schema" '["date","highlights","rank","score","snippet","source","title","url"]' "$("$SEARCH" --db "$DB" --json 'thu do' | jq -c '.results[0] | keys')"
check "date null when unknown" null "$("$SEARCH" --db "$DB" --json 'tam giac mach' | jq '.results[0].date')"

# --- generations and parallel builds ------------------------------------------------------
before=$(readlink "$DB/current")
"$INDEX" --db "$DB" rebuild "$SAMPLE" 2>/dev/null
after=$(readlink "$DB/current")
checks=$((checks + 1)); if [ "$before" != "$after" ]; then echo "ok   rebuild switches generation"; else echo "FAIL rebuild switches generation"; fails=$((fails + 1)); fi
check "search works after the switch" 1 "$(count '35-CT/TW OR 155-KH/TU' | awk '{print ($1 >= 2)}')"
"$INDEX" --db "$WORK/j1" --jobs 1 add "$SAMPLE" 2>/dev/null
"$INDEX" --db "$WORK/j2" --jobs 2 add "$SAMPLE" 2>/dev/null
# Document ids differ between the two builds, so equal scores may tie-break
# differently: compare the sets and the scores.
check "--jobs 1 and 2 give the same results" "$("$SEARCH" --db "$WORK/j1" --json 'ha noi' | jq -c '[.results[] | [.url, (.score * 1e6 | round)]] | sort')" "$("$SEARCH" --db "$WORK/j2" --json 'ha noi' | jq -c '[.results[] | [.url, (.score * 1e6 | round)]] | sort')"

echo "$checks checks, $fails failed"
[ "$fails" -eq 0 ]
