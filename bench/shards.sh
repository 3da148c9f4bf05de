#!/usr/bin/env bash
# bench/shards.sh - a sharded index at scale (docs/SCALE.md): a synthetic
# corpus resampled from the news files exactly as bench/run's scaling phase
# makes its largest point (write_sample: a seeded shuffle, then articles
# repeated under new URLs), built as N shards (wall time, peak memory, size
# of each shard), then searched by tracuu-bench's batch part through N
# xapian-tcpsrv on 127.0.0.1 and through the generation's own stub file
# (local shards), median and p99.  It prints a Markdown section for
# docs/BENCHMARKS.md ("Shards"); it is a measurement, not a test.
#
# usage: bench/shards.sh [--articles N] [--shards N] [--queries N] [--corpus DIR]
#                        [--work DIR] [--build DIR] [--phases build,search] [--report FILE]
#
# --phases search reuses the index a build phase left in --work.  Servers
# listen on 127.0.0.1 only and are stopped by a trap however the script
# ends.  Exit status: 0 when every phase ran, 1 when one failed, 2 on usage
# errors, 77 without the corpus.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
ARTICLES=1000000 SHARDS=4 QUERIES=2000 PHASES=build,search REPORT=""
CORPUS=${TRACUU_CORPUS:-$ROOT/../shared/corpus}
WORK=${TMPDIR:-/tmp}/tracuu-shards-bench BUILD=$ROOT/build
PORT_BASE=${TRACUU_BENCH_PORT:-17400}
usage() { sed -n '12,13p' "$0" | sed 's/^# //' >&2; exit 2; }
while [ $# -gt 0 ]; do
	case $1 in
	--articles) ARTICLES=$2; shift 2 ;;
	--shards) SHARDS=$2; shift 2 ;;
	--queries) QUERIES=$2; shift 2 ;;
	--corpus) CORPUS=$2; shift 2 ;;
	--work) WORK=$2; shift 2 ;;
	--build) BUILD=$2; shift 2 ;;
	--phases) PHASES=$2; shift 2 ;;
	--report) REPORT=$2; shift 2 ;;
	*) usage ;;
	esac
done
for v in "$ARTICLES" "$SHARDS" "$QUERIES"; do
	[[ $v =~ ^[1-9][0-9]*$ ]] || { echo "bench/shards.sh: '$v' is not a positive whole number" >&2; exit 2; }
done
[ -f "$CORPUS/baomoi-2017.jsonl.gz" ] || { echo "bench/shards.sh: no news corpus in $CORPUS; skipped" >&2; exit 77; }
for t in xapian-tcpsrv /usr/bin/time; do
	command -v "$t" >/dev/null || { echo "bench/shards.sh: $t is missing (scripts/deps)" >&2; exit 2; }
done
if [ ! -x "$BUILD/indexer/tracuu-index" ] || [ ! -x "$BUILD/bench/tracuu-bench" ]; then
	BUILD_DIR=$BUILD BUILD_TYPE=Release "$ROOT/scripts/build" >/dev/null
fi
INDEX=$BUILD/indexer/tracuu-index SEARCH=$BUILD/searcher/tracuu-search BENCH=$BUILD/bench/tracuu-bench
mkdir -p "$WORK"
DB=$WORK/index STUB=$WORK/remote.stub SAMPLE=$WORK/news-$ARTICLES.jsonl
PIDS=()
stop_servers() {
	local p
	for p in "${PIDS[@]}"; do
		# xapian-tcpsrv forks one child per connection: those first.
		kill $(pgrep -P "$p" || true) "$p" 2>/dev/null || true
	done
	PIDS=()
}
trap stop_servers EXIT
log() { echo "bench/shards.sh: $*" >&2; }

if [[ ,$PHASES, == *,build,* ]]; then
	if [ ! -s "$SAMPLE" ]; then
		log "writing $ARTICLES articles resampled from the news files"
		python3 - "$HERE/run" "$CORPUS" "$ARTICLES" "$SAMPLE" <<'EOF'
import importlib.machinery, importlib.util, sys
loader = importlib.machinery.SourceFileLoader("bench_run", sys.argv[1])
spec = importlib.util.spec_from_loader("bench_run", loader)
run = importlib.util.module_from_spec(spec)
loader.exec_module(run)
real, synth = run.write_sample(sys.argv[2], run.NEWS, int(sys.argv[3]), sys.argv[4])
print(f"{real} real, {synth} resampled", file=sys.stderr)
EOF
	fi
	rm -rf "$DB"
	log "building $SHARDS shards (rebuild --shards $SHARDS); this is the long part"
	/usr/bin/time -f '%e %M' -o "$WORK/build.time" \
		"$INDEX" --db "$DB" --no-progress rebuild --shards "$SHARDS" "$SAMPLE" 2>"$WORK/build.log"
	"$INDEX" --db "$DB" stats --json >"$WORK/stats.json"
	read -r wall rss_kb <"$WORK/build.time"
	jq -n --argjson wall "$wall" --argjson rss "$rss_kb" --slurpfile s "$WORK/stats.json" \
		--argjson bytes "$(stat -c %s "$SAMPLE")" '{wall_s: $wall, peak_rss_mib: ($rss / 1024),
		documents: $s[0].documents, size_mib: ($s[0].size_bytes / 1048576), input_mib: ($bytes / 1048576),
		shards: [$s[0].shards[] | {shard, documents, size_mib: (.size_bytes / 1048576)}]}' >"$WORK/build.json"
	log "built: $(jq -c . "$WORK/build.json")"
fi

if [[ ,$PHASES, == *,search,* ]]; then
	[ -s "$WORK/build.json" ] || { log "no index in $WORK: run the build phase first"; exit 1; }
	gen=$(readlink -f "$DB/current")
	: >"$STUB"
	for ((k = 0; k < SHARDS; k++)); do
		port=$((PORT_BASE + k))
		xapian-tcpsrv --interface 127.0.0.1 --port "$port" "$gen/shard$k" >"$WORK/tcpsrv$k.log" 2>&1 &
		PIDS+=($!)
		echo "remote 127.0.0.1:$port" >>"$STUB"
	done
	for ((k = 0; k < SHARDS; k++)); do # wait until each listens (at most 10 s)
		for ((i = 0; i < 100; i++)); do
			grep -q Listening "$WORK/tcpsrv$k.log" && break
			sleep 0.1
		done
	done
	for what in remote local; do
		db=$STUB
		[ "$what" = local ] && db=$DB
		log "searching through the $what stub ($QUERIES queries)"
		"$BENCH" --db "$db" --corpus "$CORPUS" --indexer "$INDEX" --searcher "$SEARCH" --parts batch \
			--queries "$QUERIES" --json "$WORK/search-$what.json" >"$WORK/search-$what.log" 2>&1 ||
			{ log "tracuu-bench failed (see $WORK/search-$what.log)"; exit 1; }
	done
	stop_servers
fi

[ -s "$WORK/build.json" ] && [ -s "$WORK/search-remote.json" ] && [ -s "$WORK/search-local.json" ] || exit 0
{
	b=$WORK/build.json
	echo "## Shards: $(jq .documents "$b") articles (synthetic) as $SHARDS shards"
	echo
	echo "bench/shards.sh on $(date -u +%Y-%m-%d), $(nproc) cores shared with other work; the corpus is"
	echo "the news files resampled as bench/run's scaling phase does (so its text repeats)."
	echo
	echo "| build | wall s | peak RSS MiB | input MiB | index MiB |"
	echo "|---|---:|---:|---:|---:|"
	jq -r '"| rebuild --shards \(.shards | length) | \(.wall_s) | \(.peak_rss_mib | floor) | \(.input_mib | floor) | \(.size_mib * 10 | round / 10) |"' "$b"
	echo
	echo "| shard | documents | MiB |"
	echo "|---|---:|---:|"
	jq -r '.shards[] | "| \(.shard) | \(.documents) | \(.size_mib * 10 | round / 10) |"' "$b"
	echo
	echo "| searched through | queries | wall median ms | wall p99 ms | took median ms | took p99 ms | searcher RSS MiB |"
	echo "|---|---:|---:|---:|---:|---:|---:|"
	for what in remote local; do
		jq -r --arg w "$what" '.batch | "| \(if $w == "remote" then "'"$SHARDS"' xapian-tcpsrv (loopback)" else "the generation'"'"'s stub (local shards)" end) | \(.wall.n) | \(.wall.median * 100 | round / 100) | \(.wall.p99 * 100 | round / 100) | \(.took.median * 100 | round / 100) | \(.took.p99 * 100 | round / 100) | \(.searcher_rss_mib | floor) |"' "$WORK/search-$what.json"
	done
} >"$WORK/report.md"
cat "$WORK/report.md"
if [ -n "$REPORT" ]; then
	{ echo; cat "$WORK/report.md"; } >>"$REPORT"
fi
