#!/usr/bin/env bash
# tests/e2e/syntax.sh - the query language on the sample: document codes,
# phrases, exclusions, OR, title: and site: (and --site, which must mean the
# same as site:), -site: and title:- exclusions, and what is refused rather
# than dropped: a host that is none, a word too long to be a term.  Expected sets come from the corpus README, confirmed with
# grep below, or from other queries (A OR B finds A's and B's results).
#
# usage: syntax.sh TRACUU_INDEX TRACUU_SEARCH SAMPLE_DIR
# shellcheck disable=SC2016 # jq programs are in single quotes on purpose
set -euo pipefail
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh" "$@"

check "corpus: 35-CT/TW" "01 02" "$(files_with '35-CT/TW')"
check "corpus: 155-KH/TU" "02" "$(files_with '155-KH/TU')"
check "corpus: 100/2019/NĐ-CP" "03" "$(files_with '100/2019/NĐ-CP')"
check "corpus: 01/2017/NĐ-CP" "04" "$(files_with '01/2017/NĐ-CP')"
check "corpus: 1234/QĐ-UBND" "09" "$(files_with '1234/QĐ-UBND')"
check "corpus: TP.HCM" "08 10" "$(files_with 'TP.HCM')"
check "corpus: an ninh chính trị" "01 13" "$(files_with 'an ninh chính trị')"

index_into "$DB" "$SAMPLE"

# --- document codes ----------------------------------------------------------------
check "35-CT/TW finds 01 and 02" "01 02" "$(numset '35-CT/TW')"
check "35-ct/tw (lower case) finds 01 and 02" "01 02" "$(numset '35-ct/tw')"
check "155-KH/TU finds 02" "02" "$(numset '155-KH/TU')"
check '"100/2019/NĐ-CP" finds 03' "03" "$(numset '"100/2019/NĐ-CP"')"
check "100/2019/NĐ-CP finds 03" "03" "$(numset '100/2019/NĐ-CP')"
check "100/2019/nd-cp (no accent, lower case) finds 03" "03" "$(numset '100/2019/nd-cp')"
check "Nghị định 100/2019/NĐ-CP finds 03" "03" "$(numset 'Nghị định 100/2019/NĐ-CP')"
check "01/2017/NĐ-CP finds 04, not 03" "04" "$(numset '01/2017/NĐ-CP')"
check "1234/QĐ-UBND finds 09" "09" "$(numset '1234/QĐ-UBND')"
check "TP.HCM finds 08 and 10" "08 10" "$(numset 'TP.HCM')"
check "tp.hcm finds 08 and 10" "08 10" "$(numset 'tp.hcm')"
# Parts of different codes, each present somewhere, are not the code.
check "155-CT/TW (parts of two codes) finds nothing" "1" "$(rc "$SEARCH" --db "$DB" '155-CT/TW')"
check "100/2017/NĐ-CP (parts of two codes) finds nothing" "1" "$(rc "$SEARCH" --db "$DB" '100/2017/NĐ-CP')"

# --- phrases -------------------------------------------------------------------------
check '"an ninh chinh tri" finds 01 and 13' "01 13" "$(numset '"an ninh chinh tri"')"
check '"an ninh chính trị" finds 01 and 13' "01 13" "$(numset '"an ninh chính trị"')"
check '"thu do" finds the five Thủ đô articles' "01 02 07 13 14" "$(numset '"thu do"')"
check '"chinh tri an ninh" (words out of order) finds nothing' "1" \
	"$(rc "$SEARCH" --db "$DB" '"chinh tri an ninh"')"
check '"do thu" finds nothing' "1" "$(rc "$SEARCH" --db "$DB" '"do thu"')"
check "the phrase's articles are among the loose query's" "" \
	"$(set_minus "$(numset '"an ninh chinh tri"')" "$(numset 'an ninh chinh tri')")"
check_num "the loose 'thu do' finds more than the phrase" \
	"$(numset 'thu do' | wc -w)" -gt "$(numset '"thu do"' | wc -w)"
check_num "the loose 'chinh tri an ninh' finds something" "$(numset 'chinh tri an ninh' | wc -w)" -gt 0

# --- exclusion -------------------------------------------------------------------------
# excludes NAME BASE-QUERY EXCLUDED-ITEM: BASE -ITEM = BASE minus (BASE ITEM).
excludes() {
	local base with without
	base=$(numset "$2")
	with=$(numset "$2 $3")
	without=$(numset -- "$2 -$3")
	check "$1" "$(set_minus "$base" "$with")" "$without"
	check_num "$1: fewer results" "$(wc -w <<<"$without")" -lt "$(wc -w <<<"$base")"
	check_num "$1: still some results" "$(wc -w <<<"$without")" -gt 0
}
excludes "'ha noi -dang' drops exactly the articles with dang" 'ha noi' 'dang'
excludes "'ha noi -đảng' drops exactly the articles with đảng/dang" 'ha noi' 'đảng'
excludes "'thu do -\"an ninh\"' drops the articles with the phrase" 'thu do' '"an ninh"'
excludes "'ha noi -TP.HCM' drops the articles with the code" 'ha noi' 'TP.HCM'
check "a query starting with an exclusion, after --" "$(numset 'ha noi -dang')" "$(numset -- '-dang ha noi')"
check "query words given as several arguments" "$(numset 'ha noi -dang')" "$(numset -- ha noi -dang)"

# --- OR --------------------------------------------------------------------------------
# union NAME A B: "A OR B" finds what A finds and what B finds.
union() {
	local a b
	a=$(numset "$2")
	b=$(numset "$3")
	check "$1" "$(set_union "$a" "$b")" "$(numset "$2 OR $3")"
}
union "35-CT/TW OR 1234/QĐ-UBND" '35-CT/TW' '1234/QĐ-UBND'
union "đường OR 155-KH/TU" 'đường' '155-KH/TU'
union '"an ninh chinh tri" OR 155-KH/TU' '"an ninh chinh tri"' '155-KH/TU'
union 'TP.HCM OR "an ninh chinh tri"' 'TP.HCM' '"an ninh chinh tri"'
union "100/2019/NĐ-CP OR TP.HCM" '100/2019/NĐ-CP' 'TP.HCM'
check "OR widens: 35-CT/TW OR 1234/QĐ-UBND" "01 02 09" "$(numset '35-CT/TW OR 1234/QĐ-UBND')"

# --- title: -------------------------------------------------------------------------------
check 'title:"thu do" finds only 14 (Thủ đô in its title)' "14" "$(numset 'title:"thu do"')"
check "title:thu finds the titles with thủ (11, 14)" "11 14" "$(numset 'title:thu')"
check 'title:"ha noi" finds the six Hà Nội titles' "01 02 07 08 09 13" "$(numset 'title:"ha noi"')"
check "title:35-CT/TW finds 01 (02 has it in the text only)" "01" "$(numset 'title:35-CT/TW')"
check 'title:"an ninh" finds 13' "13" "$(numset 'title:"an ninh"')"
check "title: results are among the unrestricted ones" "" \
	"$(set_minus "$(numset 'title:"ha noi"')" "$(numset '"ha noi"')")"
check_num "title: restricts ('ha noi' finds more)" "$(numset 'ha noi' | wc -w)" -gt "$(numset 'title:"ha noi"' | wc -w)"

# --- site: and --site ---------------------------------------------------------------------
host_docs() { # host_docs HOST: the sample numbers from HOST
	local n
	for n in 01 02 03 04 05 06 07 08 09 10 11 12 13 14; do
		[ "$(sample_host "$n")" != "$1" ] || printf '%s ' "$n"
	done
}
hanoi=$(host_docs hanoi.example.vn)
tintuc=$(host_docs tintuc.example.vn)
doisong=$(host_docs doisong.example.vn)
check "corpus: hosts of the sample" "01 02 07 13 |05 08 10 12 |04 06 14 " "$hanoi|$tintuc|$doisong"
intersect() { set_minus "$1" "$(set_minus "$1" "$2")"; }
ha_noi=$(numset 'ha noi')
check_num "'ha noi' finds articles on several hosts" "$(search 'ha noi' | jq '[.results[].source] | unique | length')" -gt 1

check "site:hanoi.example.vn keeps the hanoi articles" "$(intersect "$ha_noi" "$hanoi")" \
	"$(numset 'ha noi site:hanoi.example.vn')"
check "site: before the words" "$(intersect "$ha_noi" "$hanoi")" "$(numset 'site:hanoi.example.vn ha noi')"
check "site:HANOI.Example.VN (case)" "$(intersect "$ha_noi" "$hanoi")" "$(numset 'ha noi site:HANOI.Example.VN')"
check "site:doisong.example.vn on 'thu do'" "$(intersect "$(numset 'thu do')" "$doisong")" \
	"$(numset 'thu do site:doisong.example.vn')"
check "site:example.vn (parent domain) keeps everything" "$ha_noi" "$(numset 'ha noi site:example.vn')"
check "two site: mean either host" "$(intersect "$ha_noi" "$hanoi $tintuc")" \
	"$(numset 'ha noi site:hanoi.example.vn site:tintuc.example.vn')"
check "site: results all come from the host" "hanoi.example.vn" \
	"$(search 'ha noi site:hanoi.example.vn' | jq -r '[.results[].source] | unique | join(",")')"
check "site: of a host not in the index finds nothing" "1" \
	"$(rc "$SEARCH" --db "$DB" 'ha noi site:nothere.example.vn')"
check "site: alone is not a query (exit 2)" "2" "$(rc "$SEARCH" --db "$DB" 'site:hanoi.example.vn')"
check_num "site: alone says why" "$(wc -c <"$WORK/err")" -gt 0

check "--site hanoi.example.vn = site:hanoi.example.vn" "$(intersect "$ha_noi" "$hanoi")" \
	"$(numset --site hanoi.example.vn 'ha noi')"
check "--site tintuc.example.vn = site:tintuc.example.vn" "$(intersect "$ha_noi" "$tintuc")" \
	"$(numset --site tintuc.example.vn 'ha noi')"
check "--site HANOI.example.vn (case)" "$(intersect "$ha_noi" "$hanoi")" \
	"$(numset --site HANOI.example.vn 'ha noi')"
check "--site example.vn (parent domain) keeps everything" "$ha_noi" "$(numset --site example.vn 'ha noi')"
check "two --site mean either host" "$(intersect "$ha_noi" "$hanoi $tintuc")" \
	"$(numset --site hanoi.example.vn --site tintuc.example.vn 'ha noi')"
check "--site and site: together: both must hold" "$(intersect "$ha_noi" "$hanoi")" \
	"$(numset --site example.vn 'ha noi site:hanoi.example.vn')"
check "--site of a host not in the index finds nothing" "1" \
	"$(rc "$SEARCH" --db "$DB" --site nothere.example.vn 'ha noi')"

# One host-term builder (tc_schema_host): the case, a final '.' and a port do
# not change which host a filter names (any port: hosts are indexed without one).
check "site:HANOI.example.vn. (final dot)" "$(intersect "$ha_noi" "$hanoi")" "$(numset 'ha noi site:HANOI.example.vn.')"
check "site:hanoi.example.vn:443 (default port)" "$(intersect "$ha_noi" "$hanoi")" \
	"$(numset 'ha noi site:hanoi.example.vn:443')"
check "site:https://hanoi.example.vn:8443/tin (URL, another port)" "$(intersect "$ha_noi" "$hanoi")" \
	"$(numset 'ha noi site:https://hanoi.example.vn:8443/tin')"
check "--site hanoi.example.vn:443" "$(intersect "$ha_noi" "$hanoi")" \
	"$(numset --site hanoi.example.vn:443 'ha noi')"
check "-site:hanoi.example.vn. drops them too" "$(set_minus "$ha_noi" "$hanoi")" \
	"$(numset 'ha noi -site:hanoi.example.vn.')"
check "site:hanoi.example.vn:http (not a port) is refused (exit 2)" "2" \
	"$(rc "$SEARCH" --db "$DB" 'ha noi site:hanoi.example.vn:http')"
check_grep "... saying what a host may be" "a final '.' and a ':port' are dropped" "$WORK/err"
check "--site :443 (no host) is refused (exit 2)" "2" "$(rc "$SEARCH" --db "$DB" --site :443 'ha noi')"

# --- exclusions of sites and titles --------------------------------------------------------
check "-site:hanoi.example.vn drops the hanoi articles" "$(set_minus "$ha_noi" "$hanoi")" \
	"$(numset 'ha noi -site:hanoi.example.vn')"
check "-site:example.vn (parent domain) drops everything" "1" \
	"$(rc "$SEARCH" --db "$DB" 'ha noi -site:example.vn')"
check "two -site: drop both hosts" "$(set_minus "$ha_noi" "$hanoi $tintuc")" \
	"$(numset 'ha noi -site:hanoi.example.vn -site:tintuc.example.vn')"
check "-site: with --site: the one minus the other" "$(set_minus "$ha_noi" "$tintuc $doisong")" \
	"$(numset --site example.vn 'ha noi -site:tintuc.example.vn -site:doisong.example.vn')"
check "-site: alone is not a query (exit 2)" "2" "$(rc "$SEARCH" --db "$DB" -- '-site:hanoi.example.vn')"
check "title:-thu means -title:thu" "$(numset -- 'thu do -title:thu')" "$(numset 'thu do title:-thu')"
check "title:-thu drops the titles with thu (11, 14)" "$(set_minus "$(numset 'thu do')" "11 14")" \
	"$(numset 'thu do title:-thu')"
check '-title:-thu (two signs) is refused (exit 2)' "2" "$(rc "$SEARCH" --db "$DB" -- 'thu do -title:-thu')"
check_grep "-title:-thu: says how to write it" "-title:word" "$WORK/err"

# --- what cannot be a term is refused or matches nothing, never everything -----------------
long240=$(printf 'a%.0s' $(seq 240))
check "--site of 240 bytes (a host too long for a term) finds nothing" "1" \
	"$(rc "$SEARCH" --db "$DB" --site "$long240" 'thu do')"
check "site: of 240 bytes finds nothing" "1" "$(rc "$SEARCH" --db "$DB" "thu do site:$long240")"
check "--site of 239 bytes finds nothing too" "1" "$(rc "$SEARCH" --db "$DB" --site "${long240:1}" 'thu do')"
check "-site: of 240 bytes drops nothing" "$(numset 'thu do')" "$(numset "thu do -site:$long240")"
for bad in '' '<x>' '.example.vn' 'hanoi.example.vn/x' "${long240}${long240:0:14}"; do
	check "--site '${bad:0:20}' is refused (exit 2)" 2 "$(rc "$SEARCH" --db "$DB" --site "$bad" 'thu do')"
	check_grep "--site '${bad:0:20}': says what a host may be" "letters a-z, digits" "$WORK/err"
done
check "site:<x> is refused (exit 2)" 2 "$(rc "$SEARCH" --db "$DB" 'thu do site:<x>')"
check_grep "site:<x>: says what a host may be" "letters a-z, digits" "$WORK/err"
check "site:https://hanoi.example.vn/tin (a URL) means its host" "$(intersect "$ha_noi" "$hanoi")" \
	"$(numset 'ha noi site:https://hanoi.example.vn/tin')"
word121=$(printf 'a%.0s' $(seq 121))
check "a word of 121 bytes is refused (exit 2), not dropped" 2 "$(rc "$SEARCH" --db "$DB" "thu do $word121")"
check_grep "a word of 121 bytes: says the limit" "120 bytes" "$WORK/err"
check "a word of 60 KB is refused (exit 2)" 2 "$(rc "$SEARCH" --db "$DB" "$(printf 'a%.0s' $(seq 60000))")"
check_grep "a word of 60 KB: says the limit" "120 bytes" "$WORK/err"

finish
