#!/usr/bin/env bash
# tests/scale/replica.sh - a read-only replica kept in step with Xapian's
# replication (docs/SCALE.md, "Replicas"): xapian-replicate-server serves the
# index folder, xapian-replicate copies DIR/current (one database) or each
# DIR/current/shardK into the replica; a --batch searcher opened on the
# replica before answers the new articles after an add (changesets) and
# after a rebuild (a new generation: a full copy switched in by the
# replica's stub file), with no failed answer in between.
#
# usage: replica.sh TRACUU_INDEX TRACUU_SEARCH SAMPLE_DIR
set -euo pipefail
# shellcheck source=../e2e/lib.sh
. "$(dirname "$0")/../e2e/lib.sh" "$@"
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"
for t in xapian-replicate xapian-replicate-server; do
	command -v "$t" >/dev/null || { echo "$0: $t is missing (xapian-tools)" >&2; exit 2; }
done

# The indexer must write changesets for replicas to be sent only changes.
export XAPIAN_MAX_CHANGESETS=10
MASTER=$WORK/master REPLICA=$WORK/replica
"$INDEX" --db "$MASTER" -q add "$SAMPLE"
PORT=$(free_port 5)
xapian-replicate-server --interface 127.0.0.1 --port "$PORT" "$MASTER" >"$WORK/repl-server.log" 2>&1 &
SERVER_PIDS+=($!)
for ((i = 0; i < 100; i++)); do
	grep -q Listening "$WORK/repl-server.log" 2>/dev/null && break
	sleep 0.1
done
replicate() { xapian-replicate -v -h 127.0.0.1 -p "$PORT" -m current -o "$REPLICA" >>"$WORK/repl.log" 2>&1; }
total_of() { "$SEARCH" --db "$1" --json "$2" | jq .total; }

check "the first replication exits 0" 0 "$(replicate; echo $?)"
check "the replica is a folder Xapian opens through its stub" "yes" \
	"$([ -f "$REPLICA/XAPIANDB" ] && echo yes)"
check "the replica answers as the master" "$(total_of "$MASTER" 'ha noi')" "$(total_of "$REPLICA" 'ha noi')"

batch_start "$REPLICA"
check "a searcher on the replica finds no made-up article yet" 0 "$(batch_ask 'site:tinmau.example.vn ban tin' | jq .total)"
articles 30 moi >"$WORK/new.jsonl"
"$INDEX" --db "$MASTER" -q add "$WORK/new.jsonl"
check "after an add, the replication exits 0" 0 "$(replicate; echo $?)"
check "... and the searcher opened before finds the new articles" 30 "$(batch_ask 'site:tinmau.example.vn ban tin' | jq .total)"
check_grep "... sent as changes, not a copy" "0 copies, 1 changesets" "$WORK/repl.log"

articles 5 lai >"$WORK/rebuilt.jsonl"
"$INDEX" --db "$MASTER" -q rebuild "$SAMPLE" "$WORK/rebuilt.jsonl"
check "after a rebuild (a new generation), the replication exits 0" 0 "$(replicate; echo $?)"
check "... and the searcher follows the full copy: 5 made-up articles now" 5 "$(batch_ask 'site:tinmau.example.vn ban tin' | jq .total)"
check "... and still answers the rest" "$(total_of "$MASTER" 'ha noi')" "$(batch_ask 'ha noi' | jq .total)"
batch_stop
check "the replica's searcher never failed" 0 "$BATCH_RC"
live_copy=$REPLICA/$(awk '/^auto /{print $2}' "$REPLICA/XAPIANDB")
check "xapian-check finds the replica's live copy sound" 0 "$(xapian-check "$live_copy" >/dev/null 2>&1; echo $?)"
finish
