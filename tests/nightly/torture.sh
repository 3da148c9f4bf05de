#!/usr/bin/env bash
# tests/nightly/torture.sh - crash safety of `tracuu-index nightly`, shown:
# runs are killed with SIGKILL at random moments until NIGHTLY_KILLS kills
# (default 12) have hit a run mid-way (docs/CRAWL.md records a long run and
# its command).
#
# usage: [NIGHTLY_KILLS=N] [NIGHTLY_SEED=S] torture.sh TRACUU_INDEX TRACUU_SEARCH SAMPLE_DIR
#
# Against two of the crawler's test sites (site.sh), each round:
#   - some articles are changed on the site, so the run has writing to do;
#   - a run is started (in turn: incremental, --rebuild, and every fifth
#     round a first crawl into an empty index) with --archive, and killed
#     with SIGKILL after a random delay within the time a whole run of that
#     kind takes here (measured first; a run that ends before its kill
#     lowers that bound, so a busy or a quiet machine both get kills
#     mid-way);
#   - then: the live generation passes xapian-check, a search answers, and
#     every URL the live generation held before the run is still there
#     (nothing committed is lost; the site deletes nothing here);
#   - the next run completes (exit 0), and after it every article of the
#     sites is indexed exactly once, the changed text included.
# Prints the figures at the end: rounds, kills that hit a run mid-way, and
# failures of each kind.
set -euo pipefail

# shellcheck source=../e2e/lib.sh
. "$(dirname "$0")/../e2e/lib.sh" "$@"
# shellcheck source=site.sh
. "$(dirname "$0")/site.sh"

KILLS=${NIGHTLY_KILLS:-12}
RANDOM=${NIGHTLY_SEED:-$$}
DB=$WORK/db
ARCH=$WORK/archive
site_start 30 30
NEXP=$(expected_urls | wc -l)
mapfile -t ARTICLES < <(jq -r '.sites.portal.articles[].url, .sites.news.articles[].url' "$EXP")

RUN=("$INDEX" --db "$DB" nightly --config "$CONF" --delay 0 --timeout 5 --archive "$ARCH")
nightly() { "${RUN[@]}" "$@"; }

# A word no article has, added to changed pages so the check can search it.
mark() { printf 'zqx%05dmark' "$1"; }
change_some() { # change_some ROUND: rewrite three articles' text
	local k url f
	for k in 1 2 3; do
		url=${ARTICLES[$((RANDOM % NEXP))]}
		case $url in
		"$A"/*) f=$SITES/portal/${url#"$A"/} ;;
		*) f=$SITES/news/${url#"$B"/} ;;
		esac
		# Gzipped news pages are left alone: their bytes are served as stored.
		if [ -f "$f" ] && ! gzip -t "$f" 2>/dev/null; then
			sed -i "s|</p>|$(mark "$1") </p>|" "$f"
			echo "$url" >>"$WORK/changed.$1"
		fi
	done
}

# How long a whole run of each kind takes here, so the kills fall anywhere
# in one: a first crawl, an incremental run (most pages answer 304) and a
# rebuild differ several times over.
declare -A MAX_MS
timed() { # timed KIND ARGS...: a whole run, its wall time into MAX_MS[KIND]
	local kind=$1 t0 t1 r=0
	shift
	t0=$(date +%s%N)
	nightly --quiet "$@" >"$WORK/$kind.out" 2>&1 || r=$?
	t1=$(date +%s%N)
	check "a whole $kind run: exit 0" 0 "$r"
	MAX_MS[$kind]=$(((t1 - t0) / 1000000))
}
timed fresh
change_some 0
timed incremental
timed rebuild --rebuild
echo "       a first run takes ${MAX_MS[fresh]} ms, an incremental one ${MAX_MS[incremental]} ms," \
	"a rebuild ${MAX_MS[rebuild]} ms; until $KILLS kills mid-way"

bad_check=0 bad_search=0 bad_lost=0 bad_next=0 bad_once=0 midway=0 round=0
# A kill that comes after the run ended proves nothing, so rounds go on
# until KILLS kills have hit a run mid-way (at most three times as many).
while [ "$midway" -lt "$KILLS" ] && [ "$round" -lt $((KILLS * 3)) ]; do
	round=$((round + 1))
	kind=incremental
	if [ $((round % 5)) -eq 0 ]; then
		kind=fresh
		rm -rf "$DB" "$ARCH"
	elif [ $((round % 2)) -eq 0 ]; then
		kind=rebuild
	fi
	change_some "$round"
	before=$(index_urls "$DB")
	# Up to 90% of a whole run of this kind: runs differ.
	delay_ms=$((RANDOM % (MAX_MS[$kind] * 9 / 10 + 1)))
	args=()
	[ "$kind" != rebuild ] || args=(--rebuild)
	# The binary itself in the background (a function would run in a
	# subshell, and the kill would hit the subshell).
	"${RUN[@]}" "${args[@]}" >"$WORK/killed.out" 2>&1 &
	pid=$!
	sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
	kill -KILL "$pid" 2>/dev/null || true
	# Killed mid-way when SIGKILL ended it (128 + 9); a run that had ended
	# before (a zombie takes the signal too) exits with its own status.
	st=0
	wait "$pid" 2>/dev/null || st=$?
	if [ "$st" -eq 137 ]; then
		midway=$((midway + 1))
	else
		# It ended before the kill: this kind runs shorter than measured.
		MAX_MS[$kind]=$delay_ms
	fi

	# After the kill: the live generation, if there is one yet.
	live=$(live_gen "$DB")
	if [ -d "$live" ]; then
		if ! out=$("$XCHECK" "$live" 2>&1); then
			bad_check=$((bad_check + 1))
			fail "round $round ($kind, killed at $delay_ms ms): xapian-check $live" "${out: -400}"
		fi
		r=0
		"$SEARCH" --db "$DB" --json "$(mark 0) OR tin" >"$WORK/s.out" 2>"$WORK/s.err" || r=$?
		if [ "$r" -gt 1 ]; then
			bad_search=$((bad_search + 1))
			fail "round $round ($kind): a search after the kill" "exit $r: $(head -c 300 "$WORK/s.err")"
		fi
	elif [ -n "$before" ]; then
		bad_lost=$((bad_lost + 1))
		fail "round $round ($kind): no live generation after the kill" "it had ${#before} bytes of URLs"
	fi
	lost=$(comm -23 <(printf '%s\n' "$before" | sed '/^$/d') <(index_urls "$DB") | sed -n 1,3p)
	if [ -n "$lost" ]; then
		bad_lost=$((bad_lost + 1))
		fail "round $round ($kind, killed at $delay_ms ms): committed documents lost" "$lost"
	fi

	# The next run completes, and every article is there exactly once.
	r=0
	nightly >"$WORK/next.out" 2>&1 || r=$?
	if [ "$r" -ne 0 ]; then
		bad_next=$((bad_next + 1))
		fail "round $round ($kind, killed at $delay_ms ms): the next run" "exit $r: $(tail -n 3 "$WORK/next.out")"
	fi
	got=$(index_urls "$DB")
	n=$(doc_count "$DB")
	if [ "$got" != "$(expected_urls)" ] || [ "$n" != "$NEXP" ]; then
		bad_once=$((bad_once + 1))
		fail "round $round ($kind): every article exactly once after the next run" \
			"expected: $NEXP documents, the sites' URLs" \
			"actual:   $n documents; missing: $(comm -23 <(expected_urls) <(printf '%s\n' "$got") | sed -n 1,2p | paste -sd' ')"
	fi
	# The changed text is what the index holds now.
	if [ -s "$WORK/changed.$round" ]; then
		want=$(sort -u "$WORK/changed.$round")
		found=$(DB=$DB search -- "$(mark "$round")" | jq -r '.results[].url' | sort -u)
		if [ "$want" != "$found" ]; then
			bad_once=$((bad_once + 1))
			fail "round $round: the changed articles are found by their new text" \
				"expected: $(paste -sd' ' <<<"$want")" "actual:   $(paste -sd' ' <<<"$found")"
		fi
	fi
done

echo "       $round rounds, $midway runs killed mid-way; after the kills: $bad_check failed xapian-check," \
	"$bad_search failed searches, $bad_lost lost committed documents; $bad_next next runs failed," \
	"$bad_once rounds without every article exactly once"
check "no live generation failed xapian-check after a kill" 0 "$bad_check"
check "no search failed after a kill" 0 "$bad_search"
check "nothing committed was lost" 0 "$bad_lost"
check "every next run completed" 0 "$bad_next"
check "every article exactly once after every next run" 0 "$bad_once"
check_num "runs killed mid-way" "$midway" -ge "$KILLS"
finish
