#!/usr/bin/env bash
# tests/e2e/accents.sh - accent-insensitive search on the sample: unaccented
# queries find accented words, and NFD, upper case and the other tone-mark
# style give exactly the results of the canonical query, while exact
# spellings still rank first among words that differ only in diacritics.
#
# usage: accents.sh TRACUU_INDEX TRACUU_SEARCH SAMPLE_DIR
# shellcheck disable=SC2016 # jq programs are in single quotes on purpose
set -euo pipefail
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh" "$@"

# --- what the corpus promises (corpus/README.md) ------------------------------
# If one of these fails, the sample changed, not the programs.
check "corpus: Thủ đô" "01 02 07 13 14" "$(files_with 'Thủ đô')"
check "corpus: Đảng ủy" "01 02 13" "$(files_with 'Đảng ủy')"
check "corpus: đường" "03" "$(files_with 'đường')"
check "corpus: Dương" "10" "$(files_with 'Dương')"
check "corpus: đương" "11" "$(files_with 'đương')"
check "corpus: hòa, thủy, khỏe (old style)" "06 07|06 07|06 07" \
	"$(files_with 'hòa')|$(files_with 'thủy')|$(files_with 'khỏe')"
check "corpus: hoà, thuỷ, khoẻ (new style)" "08 09|08 09|08 09" \
	"$(files_with 'hoà')|$(files_with 'thuỷ')|$(files_with 'khoẻ')"

index_into "$DB" "$SAMPLE"

# --- unaccented queries ---------------------------------------------------------
top5() { nums "$@" | cut -d' ' -f1-5 | tr ' ' '\n' | sort | paste -sd' '; }
check "'thu do' ranks the five Thủ đô articles first" "01 02 07 13 14" "$(top5 'thu do')"
check "'Thủ đô' ranks the same five first" "01 02 07 13 14" "$(top5 'Thủ đô')"
check "'dang uy' finds exactly the Đảng ủy articles" "01 02 13" "$(numset 'dang uy')"
check "'Đảng ủy' finds the same articles" "01 02 13" "$(numset 'Đảng ủy')"
check "'duong' finds exactly đường, Dương and đương" "03 10 11" "$(numset 'duong')"
check "'khoe' finds khỏe and khoẻ" "06 07 08 09" "$(numset 'khoe')"

# --- the same query written differently -------------------------------------------
# same NAME QUERY VARIANT: identical total, relaxed flag, URLs, order and scores.
same() {
	local a b
	a=$(fingerprint "$2")
	b=$(fingerprint "$3")
	if [ "$a" == "$b" ] && [ "$a" != '[0,false,[]]' ]; then
		pass "$1"
	elif [ "$a" == "$b" ]; then
		fail "$1" "expected: results for [$2]" "actual:   none"
	else
		fail "$1" "expected ([$2]): $a" "actual   ([$3]): $b"
	fi
}

# NFD, written byte by byte: ủ = u + U+0309, ô = o + U+0302, ò = o + U+0300,
# ư/ơ = u/o + U+031B; đ/Đ have no decomposition.
nfd_thu_do=$(printf 'Thu\xcc\x89 \xc4\x91o\xcc\x82')
nfd_dang_uy=$(printf '\xc4\x90a\xcc\x89ng u\xcc\x89y')
nfd_hoa=$(printf 'ho\xcc\x80a')
nfd_thuy=$(printf 'thu\xcc\x89y')
nfd_duong_road=$(printf '\xc4\x91u\xcc\x9bo\xcc\x9b\xcc\x80ng')
nfd_khoe=$(printf 'kho\xcc\x89e')
nfd_Duong=$(printf 'Du\xcc\x9bo\xcc\x9bng')
nfd_duong_office=$(printf '\xc4\x91u\xcc\x9bo\xcc\x9bng')
# ờ with its two marks in the other (not canonical) order: still the same text.
nfd_duong_swapped=$(printf '\xc4\x91u\xcc\x9bo\xcc\x80\xcc\x9bng')
# New-style thuỷ in capitals and NFD: THUỶ = T H U Y + U+0309.
nfd_THUY_new=$(printf 'THUY\xcc\x89')
check "the NFD queries really are NFD (longer, same letters)" "ok" \
	"$(jqlib 'if ($a | byte_len) > ($b | byte_len) and ($a | vn_fold) == ($b | vn_fold) then "ok" else "no" end' \
		-nr --arg a "$nfd_thu_do" --arg b 'Thủ đô')"

same "NFD 'Thủ đô' = NFC" 'Thủ đô' "$nfd_thu_do"
same "NFD 'Đảng ủy' = NFC" 'Đảng ủy' "$nfd_dang_uy"
same "NFD 'hòa' = NFC" 'hòa' "$nfd_hoa"
same "NFD 'thủy' = NFC" 'thủy' "$nfd_thuy"
same "NFD 'đường' = NFC" 'đường' "$nfd_duong_road"
same "NFD 'khỏe' = NFC" 'khỏe' "$nfd_khoe"
same "NFD 'Dương' = NFC" 'Dương' "$nfd_Duong"
same "NFD 'đương' = NFC" 'đương' "$nfd_duong_office"
same "'đường' with combining marks out of canonical order = NFC" 'đường' "$nfd_duong_swapped"

same "'THỦ ĐÔ' = 'thủ đô'" 'thủ đô' 'THỦ ĐÔ'
same "'Thủ Đô' = 'thủ đô'" 'thủ đô' 'Thủ Đô'
same "'ĐẢNG ỦY' = 'đảng ủy'" 'đảng ủy' 'ĐẢNG ỦY'
same "'ĐƯỜNG' = 'đường'" 'đường' 'ĐƯỜNG'
same "'DƯƠNG' = 'dương'" 'dương' 'DƯƠNG'
same "'ĐƯƠNG' = 'đương'" 'đương' 'ĐƯƠNG'
same "'HÒA' = 'hòa'" 'hòa' 'HÒA'
same "'THU DO' = 'thu do'" 'thu do' 'THU DO'

same "'hoà' (new style) = 'hòa'" 'hòa' 'hoà'
same "'thuỷ' (new style) = 'thủy'" 'thủy' 'thuỷ'
same "'khoẻ' (new style) = 'khỏe'" 'khỏe' 'khoẻ'
same "'hoá' (new style) = 'hóa'" 'hóa' 'hoá'
same "'thuỷ lợi' = 'thủy lợi'" 'thủy lợi' 'thuỷ lợi'
same "'Uỷ ban' = 'Ủy ban'" 'Ủy ban' 'Uỷ ban'
same "'Đảng uỷ' = 'Đảng ủy'" 'Đảng ủy' 'Đảng uỷ'
same "capital NFD new-style 'THUỶ' = 'thủy'" 'thủy' "$nfd_THUY_new"

# Either style finds both: 06, 07 write hòa/thủy/khỏe, 08, 09 hoà/thuỷ/khoẻ,
# and these exact forms must rank above folded look-alikes (hóa in 02, 11, 14).
for q in 'hòa' 'hoà' 'thủy' 'thuỷ' 'khỏe' 'khoẻ'; do
	check "'$q' ranks 06, 07, 08 and 09 first" "06 07 08 09" \
		"$(nums "$q" | cut -d' ' -f1-4 | tr ' ' '\n' | sort | paste -sd' ')"
done

# --- words that differ only in diacritics -------------------------------------------
first() { nums "$@" | cut -d' ' -f1; }
check "'đường' ranks 03 first" "03" "$(first 'đường')"
check "'ĐƯỜNG' ranks 03 first" "03" "$(first 'ĐƯỜNG')"
check "'Dương' ranks 10 first" "10" "$(first 'Dương')"
check "'dương' ranks 10 first" "10" "$(first 'dương')"
check "'đương' ranks 11 first" "11" "$(first 'đương')"
check "'ĐƯƠNG' ranks 11 first" "11" "$(first 'ĐƯƠNG')"
check "'đường' still finds the look-alikes after it" "03 10 11" "$(numset 'đường')"
check "NFD 'đường' ranks 03 first" "03" "$(first "$nfd_duong_road")"

finish
