#!/usr/bin/env bash
# tests/e2e/vnfonts.sh - pages in the pre-Unicode Vietnamese font encodings
# (docs/EXTRACT.md, "TCVN3 and VNI"): a TCVN3 page declared iso-8859-1 with
# a capitals-font (.VnTimeH) headline, and an undeclared VNI page, both
# written here at run time, are imported with `tracuu-index add` and found
# by their Unicode words, with and without accents; their titles come out
# as Unicode, not as windows-1252 mojibake.
#
# The TCVN3 text is encoded by glibc's iconv (TCVN5712-1 agrees with TCVN3
# on the lower-case letters and on the capitals used here, all ASCII); the
# VNI bytes are written out by hand, the Unicode above each line.
#
# usage: vnfonts.sh TRACUU_INDEX TRACUU_SEARCH SAMPLE_DIR
# shellcheck disable=SC2016 # jq programs are in single quotes on purpose
set -euo pipefail
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh" "$@"

tcvn3() { printf '%s' "$1" | iconv -f UTF-8 -t TCVN5712-1; }

TCVN3_URL=https://luutru.example.vn/2003/12/hoi-nghi-phong-chong-lut-bao.html
VNI_URL=https://luutru.example.vn/2004/09/da-nang-hop-ban-phong-chong-bao.html

{
	printf '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
	printf '<link rel="canonical" href="%s">' "$TCVN3_URL"
	printf '<meta property="article:published_time" content="2003-12-20T08:00:00+07:00">'
	printf '<title>%s</title></head>' "$(tcvn3 'Hội nghị tổng kết công tác phòng chống lụt bão năm 2003')"
	printf '<body><font face=".VnTime">'
	# the headline typed in lower case under the capitals font
	printf '<h1><font face=".VnTimeH">%s</font></h1>' "$(tcvn3 'hội nghị tổng kết công tác phòng chống lụt bão năm 2003')"
	printf '<p>%s<font face=".VnTimeH">%s</font>%s</p>' "$(tcvn3 'Sáng nay, ')" "$(tcvn3 'ủ')" \
		"$(tcvn3 'y ban nhân dân tỉnh Quảng Trị tổ chức hội nghị tổng kết công tác phòng chống lụt bão và tìm kiếm cứu nạn năm 2003, đồng thời triển khai nhiệm vụ trọng tâm cho năm tới.')"
	printf '<p>%s</p>' "$(tcvn3 'Các đại biểu đánh giá việc gia cố đê điều, hồ đập và trạm bơm đã giúp giảm thiệt hại về người và tài sản trong mùa mưa lũ vừa qua.')"
	printf '</font></body></html>\n'
} >"$WORK/tcvn3.html"

{
	printf '<html><head><link rel="canonical" href="%s">' "$VNI_URL"
	printf '<meta property="article:published_time" content="2004-09-15T17:00:00+07:00">'
	# Đà Nẵng họp bàn phòng chống bão
	printf '<title>\xd1a\xf8 Na\xfcng ho\xefp ba\xf8n pho\xf8ng cho\xe1ng ba\xf5o</title></head>'
	printf '<body style="font-family: '"'"'VNI-Times'"'"', serif">'
	printf '<h1>\xd1a\xf8 Na\xfcng ho\xefp ba\xf8n pho\xf8ng cho\xe1ng ba\xf5o</h1>'
	# Chiều nay, Ủy ban nhân dân thành phố Đà Nẵng họp bàn phòng chống bão,
	# yêu cầu các quận huyện sơ tán người dân ven biển.
	printf '<p>Chie\xe0u nay, U\xdby ban nha\xe2n da\xe2n tha\xf8nh pho\xe1 \xd1a\xf8 Na\xfcng ho\xefp'
	printf ' ba\xf8n pho\xf8ng cho\xe1ng ba\xf5o, ye\xe2u ca\xe0u ca\xf9c qua\xe4n huye\xe4n s\xf4'
	printf ' ta\xf9n ng\xf6\xf4\xf8i da\xe2n ven bie\xe5n.</p>'
	# Lực lượng cứu hộ trực sẵn sàng tại các điểm xung yếu.
	printf '<p>L\xf6\xefc l\xf6\xf4\xefng c\xf6\xf9u ho\xe4 tr\xf6\xefc sa\xfcn sa\xf8ng ta\xefi'
	printf ' ca\xf9c \xf1ie\xe5m xung ye\xe1u.</p>'
	printf '</body></html>\n'
} >"$WORK/vni.html"

index_into "$DB" "$WORK/tcvn3.html" "$WORK/vni.html"
check "both pages indexed" 2 "$("$INDEX" --db "$DB" stats --json | jq .documents)"

urls() { search "$@" | jq -r '[.results[].url] | join(" ")'; }
check "TCVN3: found by 'Quảng Trị lụt bão'" "$TCVN3_URL" "$(urls 'Quảng Trị lụt bão')"
check "TCVN3: found by 'quang tri lut bao'" "$TCVN3_URL" "$(urls 'quang tri lut bao')"
check "TCVN3: found by 'gia cố đê điều'" "$TCVN3_URL" "$(urls '"gia cố đê điều"')"
check "TCVN3: the capitals-font word 'Ủy ban' is found" "$TCVN3_URL" "$(urls '"ủy ban nhân dân tỉnh quảng trị"')"
check "TCVN3: the capitals-font headline is the title" \
	"HỘI NGHỊ TỔNG KẾT CÔNG TÁC PHÒNG CHỐNG LỤT BÃO NĂM 2003" \
	"$(search 'quang tri' | jq -r '.results[0].title')"
check "VNI: found by 'Đà Nẵng' bão" "$VNI_URL" "$(urls '"Đà Nẵng" bão')"
check "VNI: found by 'da nang' bao" "$VNI_URL" "$(urls '"da nang" bao')"
check "VNI: found by 'người dân ven biển'" "$VNI_URL" "$(urls '"người dân ven biển"')"
check "VNI: found by 'lực lượng cứu hộ'" "$VNI_URL" "$(urls '"lực lượng cứu hộ"')"
check "VNI: the title" "Đà Nẵng họp bàn phòng chống bão" "$(search 'da nang' | jq -r '.results[0].title')"
# windows-1252 mojibake of the same bytes would have indexed these
check "no mojibake indexed: 'Naüng'" "" "$(urls 'Naüng')"
check "no mojibake indexed: 'nh©n'" "" "$(urls 'nh©n')"

finish
