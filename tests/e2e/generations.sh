#!/usr/bin/env bash
# tests/e2e/generations.sh - tracuu-index rebuild and --jobs: a rebuild makes
# a new generation and switches DIR/current to it, keeps the previous one (a
# searcher that opened it goes on answering), prunes older ones, never
# switches to an empty build; one thread or several build indexes that
# answer every query the same way; a --batch searcher follows adds and
# rebuilds; an interrupted build leaves nothing broken behind, and a second
# writer is told that another import is running.
#
# usage: generations.sh TRACUU_INDEX TRACUU_SEARCH SAMPLE_DIR
# shellcheck disable=SC2016 # jq programs are in single quotes on purpose
set -euo pipefail
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh" "$@"

docs() { "$INDEX" --db "${1:-$DB}" stats --json | jq .documents; }
live() { readlink "$DB/current"; }
# answers DIR: what a few queries find, as (url, score) ranked by score then
# URL, so that ties broken by document ids do not count.
answers() {
	local q
	for q in 'thu do' 'ha noi' 'đường' '35-CT/TW' '"an ninh chinh tri"' 'an ninh chinh tri' 'hoà'; do
		{ "$SEARCH" --db "$1" --json --limit 100 "$q" || true; } |
			jq -c '[.total, .relaxed, ([.results[] | [(.score * 1e9 | round), .url]] | sort_by(-.[0], .[1]))]'
	done
}

index_into "$DB" "$SAMPLE"
gen1=$(live)
check "add makes DIR/current a link to a generation" "yes" \
	"$([ -L "$DB/current" ] && [[ $gen1 =~ ^gen-[0-9]{6}$ ]] && [ -d "$DB/$gen1" ] && echo yes || echo "current -> '$gen1'")"
before=$(answers "$DB")
check "each test query finds something" 7 "$(grep -c 'https://' <<<"$before")"

# A searcher that opened the index before the switch.
first_urls=$(search --limit 10 'thu do' | jq -c '[.results[].url]')
check_num "'thu do' finds the sample articles" "$(jq length <<<"$first_urls")" -gt 0
batch_start "$DB"
r1=$(batch_ask 'thu do')

check "rebuild: exit 0" 0 "$(rc "$INDEX" --db "$DB" rebuild "$SAMPLE")"
gen2=$(live)
check "rebuild: current changes" "yes" "$([ "$gen2" != "$gen1" ] && [ -d "$DB/$gen2" ] && echo yes || echo "still $gen2")"
check "rebuild: the previous generation is kept" "yes" "$([ -d "$DB/$gen1" ] && echo yes || echo no)"
check "rebuild: stats reads the new generation" "$DB/$gen2 14" \
	"$("$INDEX" --db "$DB" stats --json | jq -r '"\(.path) \(.documents)"')"
check "rebuild: every query finds the same, scored the same" "$before" "$(answers "$DB")"
check "the previous generation still answers" "$before" "$(answers "$DB/$gen1")"

r2=$(batch_ask 'thu do')
check "a searcher opened before the switch: first answer" "$first_urls" \
	"$(jq -c '[.results[].url]' <<<"${r1:-null}" 2>&1 || true)"
check "a searcher opened before the switch still answers after it" "$first_urls" \
	"$(jq -c '[.results[].url]' <<<"${r2:-null}" 2>&1 || true)"
batch_stop

check "a second rebuild: exit 0" 0 "$(rc "$INDEX" --db "$DB" rebuild "$SAMPLE")"
gen3=$(live)
check "a second rebuild: live and previous kept, older pruned" "$gen2 $gen3" \
	"$(cd "$DB" && printf '%s\n' gen-* | sort | paste -sd' ')"

cat >"$WORK/other.jsonl" <<'EOF'
{"url": "https://tinmau.example.vn/kinh-te/lam-dong-sau-rieng", "title": "Lâm Đồng mở rộng vùng trồng sầu riêng đạt chuẩn xuất khẩu", "body": "Tỉnh Lâm Đồng cấp thêm 40 mã số vùng trồng sầu riêng phục vụ xuất khẩu.", "date": "2023-09-12", "source": "tinmau.example.vn"}
{"url": "https://tinmau.example.vn/du-lich/ha-long-don-tau-quoc-te", "title": "Vịnh Hạ Long đón chuyến tàu du lịch quốc tế đầu năm", "body": "Hơn 2.000 du khách quốc tế đến Quảng Ninh trên chuyến tàu biển đầu tiên của năm.", "date": "2024-02-20", "source": "tinmau.example.vn"}
EOF
check "rebuild from other input: exit 0" 0 "$(rc "$INDEX" --db "$DB" rebuild "$WORK/other.jsonl")"
check "rebuild replaces the contents, it does not add" 2 "$(docs)"
check "the new contents are searched" "https://tinmau.example.vn/kinh-te/lam-dong-sau-rieng" \
	"$("$SEARCH" --db "$DB" --json 'sau rieng' | jq -r '.results[].url')"
check "the previous contents are kept beside it" 14 "$(docs "$DB/$gen3")"

gen4=$(live)
check "rebuild with nothing to import: fails" "yes" \
	"$(r=$(rc "$INDEX" --db "$DB" rebuild "$WORK/no-such-file.jsonl"); [ "$r" -ne 0 ] && echo yes || echo "exit $r")"
check "rebuild with nothing to import: the live index stays" "$gen4 2" "$(live) $(docs)"

check "rebuild of a new directory: exit 0" 0 "$(rc "$INDEX" --db "$WORK/fresh" rebuild "$SAMPLE")"
check "rebuild of a new directory: 14 documents" 14 "$(docs "$WORK/fresh")"

# --- --jobs --------------------------------------------------------------------------------
for j in 1 2; do
	check "add --jobs $j: exit 0" 0 "$(rc "$INDEX" --db "$WORK/add-j$j" --jobs "$j" add "$SAMPLE")"
	check "rebuild --jobs $j: exit 0" 0 "$(rc "$INDEX" --db "$WORK/rebuild-j$j" --jobs "$j" rebuild "$SAMPLE")"
done
check "--jobs 1 and 2 (add): the same document count" "14 14" "$(docs "$WORK/add-j1") $(docs "$WORK/add-j2")"
check "--jobs 1 and 2 (rebuild): the same document count" "14 14" \
	"$(docs "$WORK/rebuild-j1") $(docs "$WORK/rebuild-j2")"
ref=$(answers "$WORK/add-j1")
check "--jobs 1: each test query finds something" 7 "$(grep -c 'https://' <<<"$ref")"
check "--jobs 2 (add) answers as --jobs 1" "$ref" "$(answers "$WORK/add-j2")"
check "--jobs 1 (rebuild) answers as add" "$ref" "$(answers "$WORK/rebuild-j1")"
check "--jobs 2 (rebuild) answers as add" "$ref" "$(answers "$WORK/rebuild-j2")"
check "--jobs 2: the same first results in the same order" \
	"$("$SEARCH" --db "$WORK/add-j1" --json '35-CT/TW OR đường' | jq -c '[.results[].url]')" \
	"$("$SEARCH" --db "$WORK/rebuild-j2" --json '35-CT/TW OR đường' | jq -c '[.results[].url]')"

# --- a long-lived searcher follows the index ---------------------------------------------
L=$WORK/follow
index_into "$L" "$SAMPLE"
articles 300 w1 >"$WORK/w1.jsonl"
articles 1 w2 xuongrongtim >"$WORK/w2.jsonl"
articles 3 w3 hoaphuongvy >"$WORK/w3.jsonl"
batch_start "$L"
first=$(batch_ask 'thu do')
check_num "batch: answers before the writes" "$(total "$first")" -gt 0
# Hundreds of commits leave the revision the searcher holds unreadable
# (Xapian's DatabaseModifiedError); this used to kill it.
check "add of 300 documents committed one by one under a --batch searcher: exit 0" 0 \
	"$(rc "$INDEX" --db "$L" --batch 1 add "$WORK/w1.jsonl")"
check "batch: the next query is answered, as before the writes" "$(total "$first")" "$(total "$(batch_ask 'thu do')")"
check "batch: a word not indexed yet finds nothing" 0 "$(total "$(batch_ask xuongrongtim)")"
# One commit leaves the old revision readable: only looking for news finds it.
check "add of one document under a --batch searcher: exit 0" 0 "$(rc "$INDEX" --db "$L" add "$WORK/w2.jsonl")"
check "batch: finds the word the add brought" 1 "$(total "$(batch_ask xuongrongtim)")"
check "rebuild under a --batch searcher: exit 0" 0 "$(rc "$INDEX" --db "$L" rebuild "$SAMPLE" "$WORK/w3.jsonl")"
check "batch: follows the rebuild to the new generation" 1 "$(total "$(batch_ask hoaphuongvy)")"
check "a second rebuild: exit 0" 0 "$(rc "$INDEX" --db "$L" rebuild "$SAMPLE" "$WORK/w3.jsonl")"
check "two rebuilds pruned the generation the searcher opened" "gen-000002 gen-000003" \
	"$(cd "$L" && printf '%s\n' gen-* | sort | paste -sd' ')"
check "batch: still answers, from the live generation" 1 "$(total "$(batch_ask hoaphuongvy)")"
check "batch: a word only the pruned generation held is gone" 0 "$(total "$(batch_ask xuongrongtim)")"
check "batch: the same answer as a fresh process" \
	"$("$SEARCH" --db "$L" --json 'thu do' | jq -c '[.total, [.results[].url]]')" \
	"$(batch_ask 'thu do' | jq -c '[.total, [.results[].url]]' 2>&1 || true)"
batch_stop
check "batch: exits 0 with nothing on stderr" "0 " "$BATCH_RC $(head -c 2000 "$WORK/fifo-err")"

# --- interrupted and concurrent writers ---------------------------------------------------
# import_start DIR ARGS...: `tracuu-index --db DIR ARGS... FIFO` in the
# background, fed five articles through a FIFO that stays open, so that it
# sits in the middle of its import until import_kill or import_end.  Returns
# once it is reading (every file it makes before reading exists).
mkfifo "$WORK/feed.jsonl"
INDEX_EXE=$(readlink -f "$INDEX")
import_start() {
	local dir=$1 i fds exe
	shift
	exec {FEED}<>"$WORK/feed.jsonl"
	articles 5 feed >&"$FEED"
	"$INDEX" --db "$dir" "$@" "$WORK/feed.jsonl" >"$WORK/bg-out" 2>"$WORK/bg-err" {FEED}>&- &
	BG_PID=$!
	# Reading: the FIFO is open in the indexer itself, not in the shell
	# that forked it (killing that one would run this script's EXIT trap).
	for i in $(seq 600); do
		fds=$(ls -l "/proc/$BG_PID/fd" 2>/dev/null || true)
		exe=$(readlink "/proc/$BG_PID/exe" 2>/dev/null || true)
		[[ $exe == "$INDEX_EXE" && $fds == *feed.jsonl* ]] && return 0
		kill -0 "$BG_PID" 2>/dev/null || break
		sleep 0.1
	done
	fail "tracuu-index --db $dir $* starts reading" "it did not: $(head -c 600 "$WORK/bg-err")"
}
import_kill() { # an interruption: the default action of SIGTERM, as of SIGINT
	kill -TERM "$BG_PID"
	wait "$BG_PID" || true
	exec {FEED}>&-
}
import_end() { # end of input; the import's exit status in BG_RC
	BG_RC=0
	exec {FEED}>&-
	wait "$BG_PID" || BG_RC=$?
}
entries() { (cd "$1" && ls -A | paste -sd' '); }

for j in 1 2; do
	W=$WORK/first-j$j
	import_start "$W" --jobs "$j" add
	import_kill
	check "first add --jobs $j interrupted: current is absent or complete" "yes" \
		"$( [ ! -e "$W/current" ] && [ ! -L "$W/current" ] || [ -f "$W/current/iamglass" ] && echo yes || echo "current -> $(readlink "$W/current"): $(entries "$W")")"
	check "first add --jobs $j interrupted: stats says there is no index yet" "2 no index" \
		"$(r=$(rc "$INDEX" --db "$W" stats); echo "$r $(grep -o 'no index' "$WORK/err" || clip 300 <"$WORK/err")")"
	check "first add --jobs $j interrupted: the next add works" 0 "$(rc "$INDEX" --db "$W" --jobs "$j" add "$SAMPLE")"
	check "first add --jobs $j interrupted: the next add indexed everything" 14 "$(docs "$W")"
	check "first add --jobs $j interrupted: leftovers cleaned up" "current gen-000001 lock" "$(entries "$W")"
done

W=$WORK/first-busy
import_start "$W" --jobs 2 add
check "a second add while the first add runs: exit 2" 2 "$(rc "$INDEX" --db "$W" add "$SAMPLE")"
check_grep "a second add while the first add runs: says why" "another import is running" "$WORK/err"
check "a search while the first add runs: exit 2" 2 "$(rc "$SEARCH" --db "$W" 'thu do')"
check_grep "a search while the first add runs: says there is no index yet" "no index at $W" "$WORK/err"
check "a rebuild while the first add runs: exit 2" 2 "$(rc "$INDEX" --db "$W" rebuild "$SAMPLE")"
check_grep "a rebuild while the first add runs: says why" "another import is running" "$WORK/err"
import_end
check "the first add, refused to others, completes: exit 0" 0 "$BG_RC"
check "the first add, refused to others, indexed its input" 5 "$(docs "$W")"
import_start "$W" add
check "an add while another add runs: exit 2" 2 "$(rc "$INDEX" --db "$W" add "$SAMPLE")"
check_grep "an add while another add runs: says why" "another import is running" "$WORK/err"
import_end
check "the other add completes: exit 0" 0 "$BG_RC"

W=$WORK/rebuild-cut
index_into "$W" "$SAMPLE"
import_start "$W" --jobs 2 rebuild
check "an add while a rebuild runs: exit 2" 2 "$(rc "$INDEX" --db "$W" add "$SAMPLE")"
check_grep "an add while a rebuild runs: says why" "another import is running" "$WORK/err"
import_kill
check "rebuild interrupted: the live index stays and answers" "gen-000001 14" \
	"$(readlink "$W/current") $(docs "$W")"
check "rebuild interrupted: the next rebuild works" 0 "$(rc "$INDEX" --db "$W" --jobs 2 rebuild "$SAMPLE")"
check "rebuild interrupted: the next rebuild is served" "gen-000002 14" "$(readlink "$W/current") $(docs "$W")"
check "rebuild interrupted: leftovers cleaned up" "current gen-000001 gen-000002 lock" "$(entries "$W")"

finish
