#!/usr/bin/env bash
# bench/cgi_omega_smoke.sh - CTest's bench_cgi_omega: cgi_bench.sh --omega
# for one second at 1 and 2 connections, so that the omega side of the CGI
# bench keeps working.  Indexes vnmds-2013.jsonl.gz of the shared corpus
# (TRACUU_CORPUS, default ../shared/corpus) with tracuu-index and with
# bench/omega/omega-index into WORKDIR, writes three queries of our own, runs
# the bench with --json and checks that the JSON holds both pages.
#
# usage: cgi_omega_smoke.sh TRACUU_INDEX TRACUU_SEARCH WORKDIR
#
# Exit 77 (skipped) without the corpus or without xapian-omega.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
[ $# -eq 3 ] || { echo "usage: cgi_omega_smoke.sh TRACUU_INDEX TRACUU_SEARCH WORKDIR" >&2; exit 2; }
INDEX=$1 SEARCH=$2 WORK=$3
CORPUS=${TRACUU_CORPUS:-$ROOT/../shared/corpus}
FILE=$CORPUS/vnmds-2013.jsonl.gz
if [ ! -f "$FILE" ]; then
	echo "cgi_omega_smoke: no $FILE (set TRACUU_CORPUS); skipped" >&2
	exit 77
fi
OMEGA=${OMEGA_CGI:-/usr/lib/cgi-bin/omega/omega}
if [ ! -x "$OMEGA" ] || ! command -v scriptindex >/dev/null; then
	echo "cgi_omega_smoke: no omega ($OMEGA) or scriptindex (Debian package xapian-omega); skipped" >&2
	exit 77
fi

rm -rf "$WORK"
mkdir -p "$WORK"
"$INDEX" --quiet --db "$WORK/tracuu" rebuild "$FILE"
/usr/bin/python3 "$HERE/omega/omega-index" "$WORK/omega/news" "$FILE"
printf 'thu do\nha noi\nchinh phu\n' >"$WORK/queries"
bash "$HERE/cgi_bench.sh" --omega "$WORK/omega/news" --json "$WORK/cgi.json" \
	"$SEARCH" "$WORK/tracuu" "$WORK/queries" 1 1 2
/usr/bin/python3 - "$WORK/cgi.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for page in ("tracuu", "omega"):
    rows = d["pages"][page]
    assert [r["connections"] for r in rows] == [1, 2], (page, rows)
    for r in rows:
        assert r["requests"] > 0 and r["non_2xx"] == 0 and r["rps"] > 0, (page, r)
print("cgi_omega_smoke: JSON holds tracuu and omega at 1 and 2 connections")
PY
