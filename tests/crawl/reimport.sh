#!/usr/bin/env bash
# tests/crawl/reimport.sh - a crawl's archive imported again with the crawl's
# config gives the crawl's index, document for document (docs/CRAWL.md,
# "Importing archives": "exactly as in the crawl").
#
# usage: reimport.sh TRACUU_INDEX TRACUU_SEARCH
#
# A small site written here (no shared corpus needed) on two hosts,
# 127.0.0.7 and 127.0.0.8, one source, served by python3's http.server:
# the rules the crawl and the archive import used to decide apart, each on a
# page of its own:
#   - per-site XPath hints: a page whose title only the config's `title`
#     XPath finds (the crawl used the hints, the import did not);
#   - rel=canonical to another host of the source: a print version on one
#     host naming its article on the other (the crawl left it to that URL,
#     the import only did so within one host);
#   - the same bytes under two article URLs (the crawl indexed one, the
#     import both);
#   - a page without a date that the feed dates (the crawl took the feed's
#     date, the archive did not keep it);
#   - a plain article, a section page and the feed itself, as controls.
# The crawl runs with --archive; `add --config` imports the archive into a
# fresh index; both indexes are read back whole (every document's stored
# fields, with xapian-delve through measure.py) and searched, and must be
# the same.
set -euo pipefail

if [ $# -ne 2 ]; then
	echo "usage: $0 TRACUU_INDEX TRACUU_SEARCH" >&2
	exit 2
fi
abs() { case $1 in /*) printf '%s\n' "$1" ;; *) printf '%s/%s\n' "$PWD" "$1" ;; esac; }
INDEX_BIN=$(abs "$1") SEARCH_BIN=$(abs "$2")
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
# shellcheck source=../ports.sh
. "$ROOT/tests/ports.sh"
# shellcheck source=../e2e/lib.sh
. "$ROOT/tests/e2e/lib.sh" "$INDEX_BIN" "$SEARCH_BIN" "$ROOT/corpus/sample"
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY

DELVE=$(command -v xapian-delve || true)
PYTHON=$(command -v python3 || true)
if [ -z "$DELVE" ] || [ -z "$PYTHON" ]; then
	echo "reimport: FAIL missing Debian packages: xapian-tools python3 (scripts/deps installs them)"
	exit 1
fi

PIDS=()
cleanup() {
	local pid
	for pid in "${PIDS[@]}"; do
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	rm -rf "$WORK"
}
trap cleanup EXIT

PA=$(free_port 127.0.0.7) PB=$(free_port 127.0.0.8)
A=http://127.0.0.7:$PA B=http://127.0.0.8:$PB

# --- the site ---------------------------------------------------------------

# article FILE TITLE-HTML DATE-LINE BODY-SENTENCE: an article page.
article() {
	mkdir -p "$(dirname "$1")"
	cat >"$1" <<EOF
<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Cổng thông tin điện tử thành phố</title></head>
<body><div class="menu"><a href="$A/">Trang chủ</a> <a href="$A/chuyen-muc/thong-bao.html">Thông báo</a></div>
<div class="noi-dung">$2
$3
<p>$4 Văn bản nêu rõ trách nhiệm của các sở, ngành và ủy ban nhân dân các quận, huyện trong việc
tổ chức thực hiện, kiểm tra và báo cáo kết quả định kỳ hằng quý.</p>
<p>Các cơ quan, đơn vị có trách nhiệm phổ biến nội dung đến cán bộ, công chức và người dân trên địa bàn,
bảo đảm đúng tiến độ, tiết kiệm và hiệu quả.</p></div>
<div class="footer">Bản quyền thuộc về Cổng thông tin điện tử thành phố.</div></body></html>
EOF
}
SITE_A=$WORK/site-a SITE_B=$WORK/site-b
mkdir -p "$SITE_A" "$SITE_B"
# A plain article: the control.
article "$SITE_A/tin/ke-hoach-trong-cay.html" "<h1>Kế hoạch trồng cây xanh năm 2024</h1>" \
	"<p class=\"ngay\">Thứ Hai, 08/01/2024 09:15</p>" "Thành phố ban hành kế hoạch trồng mới cây xanh."
# Only the config's title XPath finds its title: the h1 is the section's name.
article "$SITE_A/tin/gia-nuoc-sach.html" \
	"<h1>Thông báo</h1><div class=\"tieu-de\">Điều chỉnh giá nước sạch sinh hoạt từ tháng ba</div>" \
	"<p class=\"ngay\">Thứ Ba, 09/01/2024 10:00</p>" "Ủy ban nhân dân thành phố quyết định điều chỉnh giá nước sạch."
# The same bytes under two article URLs.
article "$SITE_A/tin/lich-tiep-dan.html" "<h1>Lịch tiếp công dân tháng một</h1>" \
	"<p class=\"ngay\">Thứ Tư, 10/01/2024 08:00</p>" "Lãnh đạo thành phố tiếp công dân định kỳ."
cp "$SITE_A/tin/lich-tiep-dan.html" "$SITE_A/tin/lich-tiep-dan-ban-sao.html"
# The article on host B, and its print version on host A naming it canonical.
article "$SITE_B/tin/phong-chong-dich.html" "<h1>Tăng cường phòng, chống dịch bệnh mùa đông xuân</h1>" \
	"<p class=\"ngay\">Thứ Năm, 11/01/2024 14:30</p>" "Sở Y tế đề nghị các đơn vị tăng cường phòng, chống dịch."
sed "s|<head>|<head><link rel=\"canonical\" href=\"$B/tin/phong-chong-dich.html\">|" \
	"$SITE_B/tin/phong-chong-dich.html" >"$SITE_A/tin/phong-chong-dich-ban-in.html"
# No date on the page: the feed has it.
article "$SITE_A/tin/sua-chua-duong.html" "<h1>Sửa chữa mặt đường đoạn qua trung tâm</h1>" "" \
	"Công ty quản lý đường bộ thông báo sửa chữa mặt đường."
mkdir -p "$SITE_A/chuyen-muc"
cat >"$SITE_A/index.html" <<EOF
<!DOCTYPE html><html><head><meta charset="utf-8"><title>Trang chủ</title></head><body>
<ul><li><a href="/tin/ke-hoach-trong-cay.html">Kế hoạch trồng cây xanh</a></li>
<li><a href="/tin/gia-nuoc-sach.html">Giá nước sạch</a></li>
<li><a href="/tin/lich-tiep-dan.html">Lịch tiếp công dân</a></li>
<li><a href="/tin/lich-tiep-dan-ban-sao.html">Lịch tiếp công dân (bản sao)</a></li>
<li><a href="/tin/phong-chong-dich-ban-in.html">Phòng, chống dịch (bản in)</a></li>
<li><a href="/chuyen-muc/thong-bao.html">Thông báo</a></li></ul></body></html>
EOF
cp "$SITE_A/index.html" "$SITE_A/chuyen-muc/thong-bao.html"
cat >"$SITE_A/rss.xml" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Tin mới</title><link>$A/</link>
<item><title>Sửa chữa mặt đường</title><link>$A/tin/sua-chua-duong.html</link>
<pubDate>Fri, 12 Jan 2024 07:00:00 +0700</pubDate></item>
</channel></rss>
EOF
cat >"$WORK/site.conf" <<EOF
[thanhpho]
start = $A/
start = $A/rss.xml
hosts = 127.0.0.7 127.0.0.8
article = $A/tin/*.html $B/tin/*.html
title = //div[@class='tieu-de']
depth = 3
EOF

for side in "127.0.0.7 $PA $SITE_A" "127.0.0.8 $PB $SITE_B"; do
	read -r addr port dir <<<"$side"
	"$PYTHON" -m http.server --bind "$addr" --directory "$dir" "$port" >"$WORK/http-$addr.log" 2>&1 &
	PIDS+=($!)
done
for hp in "127.0.0.7 $PA" "127.0.0.8 $PB"; do
	read -r addr port <<<"$hp"
	for _ in $(seq 100); do
		if (exec 3<>"/dev/tcp/$addr/$port") 2>/dev/null; then break; fi
		sleep 0.1
	done
done

# --- crawl, then import the archive ------------------------------------------

rc=0
"$INDEX_BIN" --db "$WORK/crawled" crawl --config "$WORK/site.conf" --delay 0 --timeout 5 \
	--archive "$WORK/archive" >"$WORK/crawl.out" 2>"$WORK/crawl.err" || rc=$?
check "the crawl ends with exit 0" 0 "$rc"
[ "$rc" = 0 ] || sed 's/^/       /' "$WORK/crawl.err"
rc=0
"$INDEX_BIN" --db "$WORK/imported" add --config "$WORK/site.conf" "$WORK/archive" \
	>"$WORK/add.out" 2>"$WORK/add.err" || rc=$?
check "add --config imports the archive with exit 0" 0 "$rc"
[ "$rc" = 0 ] || sed 's/^/       /' "$WORK/add.err"

# Every document's stored fields, by URL (measure.py's reader; no
# expectations of its own here).
echo '{"sites": {}, "faults": {"articles": {}}, "boilerplate_markers": {}}' >"$WORK/none.json"
dump() { # dump DB OUT: URL -> title, summary, body, date, source
	"$PYTHON" "$HERE/measure.py" --db "$1" --delve "$DELVE" --expected "$WORK/none.json" \
		--docs "$WORK/$2.raw" --summary "$WORK/$2.summary" >"$WORK/$2.measure" 2>&1 ||
		echo '{}' >"$WORK/$2.raw"
	jq -S 'map_values(del(.docid))' "$WORK/$2.raw" >"$WORK/$2.json"
}
dump "$WORK/crawled" crawled
dump "$WORK/imported" imported
field() { jq -r --arg u "$2" --arg f "$3" '.[$u][$f] // "(not indexed)"' "$WORK/$1.json"; }

echo "-- the crawl did what each rule says"
check "the crawl indexed five articles" 5 "$(jq 'length' "$WORK/crawled.json")"
check "control: the plain article, with its date" 2024-01-08 \
	"$(field crawled "$A/tin/ke-hoach-trong-cay.html" date)"
check "hints: the title the config's XPath finds" "Điều chỉnh giá nước sạch sinh hoạt từ tháng ba" \
	"$(field crawled "$A/tin/gia-nuoc-sach.html" title)"
check "canonical: the print version on the other host is not indexed" "(not indexed)" \
	"$(field crawled "$A/tin/phong-chong-dich-ban-in.html" title)"
check "canonical: the article it names is" "Tăng cường phòng, chống dịch bệnh mùa đông xuân" \
	"$(field crawled "$B/tin/phong-chong-dich.html" title)"
check "duplicates: one of the two copies is indexed" 1 \
	"$(jq --arg a "$A/tin/lich-tiep-dan.html" --arg b "$A/tin/lich-tiep-dan-ban-sao.html" \
		'[has($a), has($b)] | map(select(.)) | length' "$WORK/crawled.json")"
check "feed date: the undated page has the feed's date" 2024-01-12 \
	"$(field crawled "$A/tin/sua-chua-duong.html" date)"

echo "-- the archive imported again is the same index"
check "the same documents, field by field" "" \
	"$(diff "$WORK/crawled.json" "$WORK/imported.json" | sed -n 1,12p)"
for q in "giá nước sạch" "lịch tiếp công dân" "phòng chống dịch" "sửa chữa mặt đường" "thành phố"; do
	a=$(DB=$WORK/crawled search --limit 20 -- "$q" | jq -c '[.total, [.results[] | [.url, .title, .date]]]')
	b=$(DB=$WORK/imported search --limit 20 -- "$q" | jq -c '[.total, [.results[] | [.url, .title, .date]]]')
	check "'$q': the same results from both" "$a" "$b"
done

finish
