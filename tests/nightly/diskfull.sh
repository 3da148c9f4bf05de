#!/usr/bin/env bash
# tests/nightly/diskfull.sh - `tracuu-index nightly` on a full disk: the
# index on a small tmpfs (mounted here: needs root; skipped, exit 77, only
# when the mount is refused), the rest of the disk taken by a filler file.
#
# usage: diskfull.sh TRACUU_INDEX TRACUU_SEARCH SAMPLE_DIR
#
#   1. a first run with room: exit 0, every article indexed
#   2. every article changed on the site, the disk filled: an incremental
#      run and a rebuild each exit non-zero with a message that says the
#      disk is full; the live generation passes xapian-check, answers
#      searches and holds every article (the old text); status records it
#   3. the filler removed: the next run exits 0 and indexes the new text
set -euo pipefail

# shellcheck source=../e2e/lib.sh
. "$(dirname "$0")/../e2e/lib.sh" "$@"
# shellcheck source=site.sh
. "$(dirname "$0")/site.sh"

MNT=$WORK/mnt
mkdir -p "$MNT"
if [ "$(id -u)" != 0 ] || ! mount -t tmpfs -o size=16m tmpfs "$MNT" 2>"$WORK/mount.err"; then
	echo "diskfull: SKIP: cannot mount a tmpfs ($(id -un); $(cat "$WORK/mount.err" 2>/dev/null)); needs root"
	exit 77
fi
cleanup_all() {
	umount "$MNT" 2>/dev/null || umount -l "$MNT" 2>/dev/null || true
	site_cleanup
}
trap cleanup_all EXIT

DB=$MNT/db
ARCH=$MNT/archive
site_start 30 30
NEXP=$(expected_urls | wc -l)
check_full() { # check_full NAME: $WORK/err says so (SQLite and Xapian word it their ways)
	if grep -qE 'disk is full|No space left on device' "$WORK/err"; then pass "$1"; else
		fail "$1" "expected: 'disk is full' or 'No space left on device'" "actual:   $(cat "$WORK/err")"; fi
}
nightly() { "$INDEX" --db "$DB" nightly --config "$CONF" --delay 0 --timeout 5 --archive "$ARCH" "$@"; }

echo "== 1. a first run with room"
check "first run: exit 0" 0 "$(rc nightly)"
check "every article indexed" "$NEXP" "$(doc_count "$DB")"

echo "== 2. the disk full"
# New text in every plain article (gzipped news pages are served as stored).
for f in "$SITES"/portal/tin-tuc/*.html "$SITES"/news/*/*.htm; do
	[ -f "$f" ] && ! gzip -t "$f" 2>/dev/null && sed -i 's|</p>| zqxdiskfullmark </p>|' "$f"
done
gen=$(readlink "$DB/current")
# 64 KiB left fails the crawl state's first write (SQLite); 256 KiB lets the
# state through and fails the index (Xapian).
for left in 64 256; do
	rm -f "$MNT/filler"
	free_kb=$(df -k --output=avail "$MNT" | tail -n 1 | tr -d ' ')
	dd if=/dev/zero of="$MNT/filler" bs=1k count=$((free_kb - left)) status=none 2>/dev/null || true
	echo "   -- $(df -k --output=avail "$MNT" | tail -n 1 | tr -d ' ') KiB left on the tmpfs"
	r=$(rc nightly)
	check_num "an incremental run on a full disk: exit non-zero" "$r" -ne 0
	check_num "  but not a crash (exit 1 or 2)" "$r" -le 2
	check_full "  the message says the disk is full"
	check_grep "  at level error" "tracuu-index nightly: error:" "$WORK/err"
	check "  the live generation passes xapian-check" 0 "$(rc "$XCHECK" "$(live_gen "$DB")")"
	check "  and holds every article" "$(expected_urls)" "$(index_urls "$DB")"
	check "  and answers searches" 0 "$(rc "$SEARCH" --db "$DB" --json tin)"
	r=$(rc nightly --rebuild)
	check_num "a rebuild on a full disk: exit non-zero" "$r" -ne 0
	check_num "  but not a crash (exit 1 or 2)" "$r" -le 2
	check_full "  the message says the disk is full"
	check "  the live generation is the same" "$gen" "$(readlink "$DB/current")"
	check "  and passes xapian-check" 0 "$(rc "$XCHECK" "$(live_gen "$DB")")"
	check "  and holds every article" "$(expected_urls)" "$(index_urls "$DB")"
	check "  no new generation is left behind" "$gen" "$(find "$DB" -maxdepth 1 -name 'gen-*' -printf '%f\n' | sort | tail -n 1)"
done
st=$("$INDEX" --db "$DB" status --json 2>/dev/null || true)
check_num "status records the failed run" "$(jq -r '.last_run.exit_status' <<<"$st")" -ge 1

echo "== 3. room again"
rm -f "$MNT/filler"
check "the next run: exit 0" 0 "$(rc nightly)"
check "every article once" "$(expected_urls)" "$(index_urls "$DB")"
changed=$(DB=$DB search zqxdiskfullmark | jq -r '.total')
check_num "the new text is indexed" "$changed" -ge 20
check "the live generation passes xapian-check" 0 "$(rc "$XCHECK" "$(live_gen "$DB")")"
finish
