#!/usr/bin/env bash
# tests/web/browser.sh - the search page in headless Chromium: lib.sh indexes
# the articles and starts lighttpd, browser.mjs (playwright-core) drives the
# browser.  The phone-sized screenshot goes to the current directory (under
# CTest: the build tree), or to TRACUU_WEB_ARTIFACTS when that is set.
#
# usage: tests/web/browser.sh TRACUU_INDEX TRACUU_SEARCH
# Needs: Debian's chromium, node, and tests/web/node_modules (scripts/deps
# runs `npm ci` there; this script does too when it is missing).
set -euo pipefail

# Before lib.sh's indexing and server: fail fast on a missing browser.
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ]; then
	echo "$0: FAIL: Chromium is needed at $CHROMIUM (Debian package chromium; scripts/deps installs it)" >&2
	exit 1
fi
if ! command -v node >/dev/null; then
	echo "$0: FAIL: node is needed (Debian packages nodejs npm)" >&2
	exit 1
fi
. "$(dirname "$0")/lib.sh" "$@"
if [ ! -d "$WEB_DIR/node_modules/playwright-core" ]; then
	command -v npm >/dev/null || die "npm is needed to install playwright-core (Debian package npm)"
	echo "# tests/web/node_modules is missing: npm ci" >&2
	(cd "$WEB_DIR" && npm ci --no-audit --no-fund >&2) || die "npm ci in $WEB_DIR failed"
fi

# Never write into the source tree: a run by hand from the checkout puts the
# screenshot in $TMPDIR (or /tmp) instead.
out_dir=$(cd "${TRACUU_WEB_ARTIFACTS:-$PWD}" && pwd)
case $out_dir/ in
"$SOURCE_ROOT/" | "$SOURCE_ROOT"/tests/* | "$SOURCE_ROOT"/searcher/* | "$SOURCE_ROOT"/docs/*)
	out_dir=${TMPDIR:-/tmp}
	;;
esac
SCREENSHOT=$out_dir/web-screenshot.png
rm -f "$SCREENSHOT"

echo "# $SEARCH_URL, query '$PLAIN_Q' must find '$TITLE'"
r=0
CHROMIUM=$CHROMIUM node "$WEB_DIR/browser.mjs" "$SEARCH_URL" "$PLAIN_Q" "$TITLE" "$SCREENSHOT" |
	tee "$WORK/browser.out" || r=$?
# Count browser.mjs's checks with ours.
grep -E '^(ok|FAIL) ' "$WORK/browser.out" | cut -d' ' -f1 >>"$WORK/.results" || true
if [ "$r" -ne 0 ] && ! grep -q '^FAIL ' "$WORK/browser.out"; then
	fail "node browser.mjs" "exit $r without a FAIL line"
fi
if [ -s "$SCREENSHOT" ] && [ "$(head -c 8 "$SCREENSHOT" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]; then
	pass "the screenshot is a PNG: $SCREENSHOT"
else
	fail "the screenshot is a PNG" "missing or not a PNG: $SCREENSHOT"
fi
check_none "no sanitizer report or crash in the CGI's stderr" \
	"$(grep -aE 'AddressSanitizer|LeakSanitizer|runtime error:' "$CGI_LOG" 2>/dev/null | sed -n 1,10p || true)"
finish
