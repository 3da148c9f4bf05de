#!/usr/bin/env bash
# tests/e2e/cli.sh - the command lines of tracuu-index and tracuu-search:
# every command takes its options after its name and the common ones before
# or after it; an unknown, misplaced or valueless option is a usage error
# (exit 2, one line naming it and what is accepted) before any work is done;
# a rebuild never switches to a generation that misses an input unless
# --allow-missing says so.
#
# usage: cli.sh TRACUU_INDEX TRACUU_SEARCH SAMPLE_DIR
set -euo pipefail
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh" "$@"

index_into "$DB" "$SAMPLE"
docs() { "$INDEX" --db "${1:-$DB}" stats --json | jq .documents; }
live() { readlink "$DB/current"; }
# state: what a command must not change when it refuses: the live
# generation, the generations on disk and the document count.
state() { echo "$(live) $(cd "$DB" && ls -d gen-* | paste -sd,) $(docs)"; }
before=$(state)

# --- unknown options, each command --------------------------------------------------------
for cmd in add rebuild stats crawl; do
	for bad in --replicas --bogus=1 -Z; do
		r=$(rc "$INDEX" --db "$DB" "$cmd" "$bad" 3 "$SAMPLE")
		check "$cmd $bad: usage error (exit 2)" 2 "$r"
		check_grep "$cmd $bad: the message names the option" "unknown option ${bad%%=*}" "$WORK/err"
		check_grep "$cmd $bad: the message lists what is accepted" "accepted: --db DIR" "$WORK/err"
		check "$cmd $bad: one line on stderr" 1 "$(wc -l <"$WORK/err")"
		check "$cmd $bad: nothing changed" "$before" "$(state)"
	done
done
check "an unknown option before the command: exit 2" 2 "$(rc "$INDEX" --db "$DB" --shards 3 rebuild "$SAMPLE")"
check_grep "... named" "unknown option --shards" "$WORK/err"
check "an unknown command: exit 2" 2 "$(rc "$INDEX" --db "$DB" frobnicate "$SAMPLE")"
check_grep "... named, with the commands" "unknown command 'frobnicate'; commands: add" "$WORK/err"
check "nothing changed by the refusals" "$before" "$(state)"

# --- values ----------------------------------------------------------------------------------
for args in "rebuild --jobs" "rebuild --jobs 0" "rebuild --jobs 17" "add --batch ' 5'" "add --batch 5x" \
	"add --batch -1" "crawl --delay" "crawl --delay -1" "crawl --timeout 0" "crawl --max-pages 0" \
	"crawl --max-memory 0" "stats --db"; do
	eval "set -- $args"
	r=$(rc "$INDEX" --db "$DB" "$@" "$SAMPLE")
	check "$args: usage error (exit 2)" 2 "$r"
	check "$args: one line on stderr" 1 "$(wc -l <"$WORK/err")"
	check_grep "$args: the message names the option" "${2%% *}" "$WORK/err"
done
check "--db '' is refused" 2 "$(rc "$INDEX" --db '' stats)"
check "add PATH --config (no value): exit 2" 2 "$(rc "$INDEX" --db "$DB" add "$SAMPLE" --config)"
check_grep "... named" "option --config needs a value" "$WORK/err"
check "nothing changed by bad values" "$before" "$(state)"

# --- options after the command, anywhere among the operands ----------------------------------
check "rebuild --jobs 1 PATH: exit 0" 0 "$(rc "$INDEX" --db "$DB" rebuild --jobs 1 "$SAMPLE")"
check_no_grep "rebuild --jobs 1 PATH: --jobs is not read as a file" "No such file" "$WORK/err"
check "... 14 documents" 14 "$(docs)"
check "rebuild PATH --no-progress --quiet: exit 0" 0 "$(rc "$INDEX" --db "$DB" rebuild "$SAMPLE" --no-progress --quiet)"
check "... --quiet: no summary line" "" "$(cat "$WORK/err")"
check "stats --db DIR --json (the common option after the command)" 14 \
	"$("$INDEX" stats --db "$DB" --json | jq .documents)"
check "-- ends the options: a file named --x is a file" 2 "$(rc "$INDEX" --db "$DB" rebuild -- --x)"
check_grep "... reported as a missing input" "cannot read --x" "$WORK/err"
check "add --help: exit 0" 0 "$(rc "$INDEX" add --help)"
check_grep "add --help: the command's usage" "usage: tracuu-index [--db DIR] add" "$WORK/out"
check "rebuild --help names --allow-missing" 0 "$(rc "$INDEX" rebuild --help)"
check_grep "... " "--allow-missing" "$WORK/out"

# --- a rebuild with a missing or damaged input keeps the live index -------------------------
before=$(state)
check "rebuild with a missing input: exit 2" 2 "$(rc "$INDEX" --db "$DB" rebuild "$SAMPLE" "$WORK/no-such.jsonl")"
check_grep "... names the input" "cannot read $WORK/no-such.jsonl" "$WORK/err"
check "... before any work: the live index and its generations stay" "$before" "$(state)"

# A gzip file whose checksum is wrong: its records cannot all be trusted read.
jq -c --arg u https://tinmau.example.vn/a '{url: $u, title: "Tin mẫu một", body: "Nội dung tin mẫu.", date: "2024-01-02"}' \
	-n >"$WORK/one.jsonl"
gzip -c "$WORK/one.jsonl" >"$WORK/bad.jsonl.gz"
size=$(stat -c %s "$WORK/bad.jsonl.gz")
# The CRC is the trailer's first four bytes: flip one of them.
printf '\x00' | dd of="$WORK/bad.jsonl.gz" bs=1 seek=$((size - 8)) conv=notrunc 2>/dev/null
printf '\xff' | dd of="$WORK/bad.jsonl.gz" bs=1 seek=$((size - 7)) conv=notrunc 2>/dev/null
r=$(rc "$INDEX" --db "$DB" rebuild "$SAMPLE" "$WORK/bad.jsonl.gz")
check "rebuild with a damaged input: exit 1" 1 "$r"
check_grep "... says the live index is kept" "keeping the live index" "$WORK/err"
check "... the live index and its generations stay" "$before" "$(state)"
check "rebuild --allow-missing with a missing input: exit 0" 0 \
	"$(rc "$INDEX" --db "$DB" rebuild --allow-missing "$SAMPLE" "$WORK/no-such.jsonl")"
check_grep "... warns about what it left out" "leaving out $WORK/no-such.jsonl" "$WORK/err"
check "... and switches" "yes" "$([ "$(live)" != "${before%% *}" ] && echo yes || echo "still $(live)")"
check "... to the inputs that could be read" 14 "$(docs)"

# --- tracuu-search --------------------------------------------------------------------------
for bad in --bogus --limit=x -Z; do
	check "tracuu-search $bad: usage error (exit 2)" 2 "$(rc "$SEARCH" --db "$DB" "$bad" 'thu do')"
	name=${bad%%=*}
	check_grep "tracuu-search $bad: the message names the option" "${name##*-}" "$WORK/err"
done
check "tracuu-search --limit (no value): exit 2" 2 "$(rc "$SEARCH" --db "$DB" 'thu do' --limit)"
check "tracuu-search QUERY --limit 2 (option after the query)" 2 \
	"$("$SEARCH" --db "$DB" --json 'ha noi' --limit 2 | jq '.results | length')"

finish
