#!/usr/bin/env bash
# tests/e2e/import.sh - tracuu-index add and stats: the sample's HTML, JSON
# Lines plain and gzipped (records written here, fictional), bad records
# reported as FILE:LINE and skipped, replacement by URL, directories, unknown
# and unreadable files, usage errors, and the stats it reports.
#
# usage: import.sh TRACUU_INDEX TRACUU_SEARCH SAMPLE_DIR
# shellcheck disable=SC2016 # jq programs are in single quotes on purpose
set -euo pipefail
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh" "$@"

docs() { "$INDEX" --db "${1:-$DB}" stats --json | jq .documents; }

# --- the sample ---------------------------------------------------------------------
check "add the sample: exit 0" 0 "$(rc "$INDEX" --db "$DB" add "$SAMPLE")"
check_grep "add the sample: summary" "indexed 14 documents (0 replaced) from 14 files, 0 failed" "$WORK/err"
check "stats: 14 documents" 14 "$(docs)"
must "$INDEX" --db "$DB" stats --json >"$WORK/stats.json"
check "stats: the date range" "2019-04-18 2024-10-10" "$(jq -r '"\(.date_min) \(.date_max)"' "$WORK/stats.json")"
check "stats: documents per host" '[["doisong.example.vn",3],["hanoi.example.vn",4],["thoisu.example.vn",3],["tintuc.example.vn",4]]' \
	"$(jq -c '[.sources[] | [.source, .documents]] | sort' "$WORK/stats.json")"
check_num "stats: size_bytes" "$(jq .size_bytes "$WORK/stats.json")" -gt 0
check "stats (text): exit 0" 0 "$(rc "$INDEX" --db "$DB" stats)"
check_grep "stats (text): the count" "14" "$WORK/out"

# Only the article is indexed: not the menu, the related links, the footer or
# the site name after the title (corpus/README.md: none of the special
# strings are there, and these are only there).
for q in '"trang chu"' '"tin lien quan"' '"gia ca phe xuat khau"' '"thu nghiem phan mem"' \
	'"kiem thu cong cu tim kiem"' '"nhip song ha noi"' '"doi song do thi"'; do
	check "page furniture is not indexed: $q finds nothing" 1 "$(rc "$SEARCH" --db "$DB" "$q")"
done

check "add the sample again: exit 0" 0 "$(rc "$INDEX" --db "$DB" add "$SAMPLE")"
check_grep "add again: all 14 replaced" "(14 replaced)" "$WORK/err"
check "add again: still 14 documents" 14 "$(docs)"
check "add one page again: exit 0" 0 "$(rc "$INDEX" --db "$DB" add "$SAMPLE"/03-*.html)"
check_grep "add one page again: 1 replaced" "(1 replaced)" "$WORK/err"
check "add one page again: still 14 documents" 14 "$(docs)"
check "--quiet: exit 0" 0 "$(rc "$INDEX" --db "$DB" --quiet add "$SAMPLE"/03-*.html)"
check "--quiet: no summary" "" "$(cat "$WORK/err")"

# --- JSON Lines with bad records ----------------------------------------------------------
cat >"$WORK/news.jsonl" <<'EOF'
{"url": "https://tinmau.example.vn/xa-hoi/cao-bang-khanh-thanh-cau-treo", "title": "Cao Bằng khánh thành cầu treo bắc qua sông Quây Sơn", "summary": "Cây cầu treo dài 120 mét nối hai xã biên giới của huyện Trùng Khánh.", "body": "Sáng 4/5, tỉnh Cao Bằng khánh thành cầu treo bắc qua sông Quây Sơn. Công trình giúp hơn 600 hộ dân đi lại thuận tiện trong mùa mưa lũ.", "date": "2021-05-04", "source": "tinmau.example.vn", "category": "Xã hội"}
{"url": "https://tinmau.example.vn/xa-hoi/ban-ghi-hong", "title": "Bản ghi bị cắt ngang
{"title": "Tin không có địa chỉ", "body": "Bản ghi này thiếu trường url nên phải bị bỏ qua."}
{"url": "https://tinmau.example.vn/du-lich/mua-hoa-ban-dien-bien", "title": "Mùa hoa ban nở trắng núi rừng Điện Biên", "body": "Những ngày đầu tháng Ba, hoa ban nở rộ khắp các bản làng vùng cao Điện Biên."}

{"url": "https://tinmau.example.vn/kinh-te/hoi-cho-nong-san-moc-chau", "title": "Hội chợ nông sản Mộc Châu", "body": "Hội chợ giới thiệu mận hậu và chè Shan tuyết.", "date": "30/10/2022"}
{"url": "https://tinmau.example.vn/xa-hoi/phien-cho-dong-van", "title": "Phiên chợ vùng cao Đồng Văn họp sáng Chủ nhật", "body": "Đồng bào các dân tộc xuống núi mua bán, trao đổi hàng hóa."}
EOF
check "a .jsonl with bad records: exit 1" 1 "$(rc "$INDEX" --db "$DB" add "$WORK/news.jsonl")"
cp "$WORK/err" "$WORK/news.err"
check_grep "invalid JSON is reported as FILE:2" "news.jsonl:2:" "$WORK/news.err"
check_grep "a record without url is reported as FILE:3" "news.jsonl:3:" "$WORK/news.err"
check_grep "a bad date is reported as FILE:6" "news.jsonl:6:" "$WORK/news.err"
for n in 1 4 5 7; do
	check_no_grep "good line $n is not reported" "news.jsonl:$n:" "$WORK/news.err"
done
check_grep "the summary counts 3 indexed and 3 failed" "indexed 3 documents (0 replaced) from 1 files, 3 failed" "$WORK/news.err"
check "the 3 good records are indexed" 17 "$(docs)"
check "a good record is found, with its date and source" \
	'["https://tinmau.example.vn/xa-hoi/cao-bang-khanh-thanh-cau-treo","2021-05-04","tinmau.example.vn","Cao Bằng khánh thành cầu treo bắc qua sông Quây Sơn"]' \
	"$(search 'cau treo quay son' | jq -c '.results[0] | [.url, .date, .source, .title]')"
check "a record without a date is found, date null" '["https://tinmau.example.vn/xa-hoi/phien-cho-dong-van",null]' \
	"$(search 'dong van' | jq -c '.results[0] | [.url, .date]')"
# Categories (K terms, tc_schema_category_term): category: and --category.
check "category:\"xã hội\" keeps the record of that category" \
	"https://tinmau.example.vn/xa-hoi/cao-bang-khanh-thanh-cau-treo" \
	"$(search 'cau treo category:"xã hội"' | jq -r '.results[].url')"
check "category:\"Xã hội\" (ASCII case aside) is the same" \
	"https://tinmau.example.vn/xa-hoi/cao-bang-khanh-thanh-cau-treo" \
	"$(search 'cau treo category:"Xã hội"' | jq -r '.results[].url')"
check "--category \"xã hội\" is the same" "https://tinmau.example.vn/xa-hoi/cao-bang-khanh-thanh-cau-treo" \
	"$(search --category "xã hội" 'cau treo' | jq -r '.results[].url')"
check "another category finds nothing (exit 1)" 1 "$(rc "$SEARCH" --db "$DB" 'cau treo category:sport')"
check "--category of another category finds nothing (exit 1)" 1 \
	"$(rc "$SEARCH" --db "$DB" --category "kinh tế" 'cau treo')"
check "-category:\"xã hội\" leaves it out" "" \
	"$(search 'cau treo quay son -category:"xã hội"' | jq -r '.results[] | select(.url == "https://tinmau.example.vn/xa-hoi/cao-bang-khanh-thanh-cau-treo") | .url')"
check "category: without a name is refused (exit 2)" 2 "$(rc "$SEARCH" --db "$DB" 'cau treo category:""')"
check_grep "... saying what it needs" "category: needs a category" "$WORK/err"
check "category: alone is not a query (exit 2)" 2 "$(rc "$SEARCH" --db "$DB" 'category:sport')"

# absent URL QUERY: no result of QUERY (relaxed or not) has this URL.
absent() { search "$2" | jq -r --arg u "$1" '[.results[] | select(.url == $u)] | length'; }
check "the record with a bad date is not indexed" 0 \
	"$(absent https://tinmau.example.vn/kinh-te/hoi-cho-nong-san-moc-chau 'hoi cho nong san moc chau')"
check "site: works for a record without a source (host of its URL)" \
	"https://tinmau.example.vn/du-lich/mua-hoa-ban-dien-bien" \
	"$(search '"hoa ban" site:tinmau.example.vn' | jq -r '.results[].url')"

# --- gzip ---------------------------------------------------------------------------------
cat >"$WORK/more.jsonl" <<'EOF'
{"url": "https://tinmau.example.vn/kinh-te/lam-dong-sau-rieng", "title": "Lâm Đồng mở rộng vùng trồng sầu riêng đạt chuẩn xuất khẩu", "body": "Tỉnh Lâm Đồng cấp thêm 40 mã số vùng trồng sầu riêng phục vụ xuất khẩu.", "date": "2023-09-12", "source": "tinmau.example.vn"}
{"url": "https://tinmau.example.vn/kinh-te/hong", "title": }
{"url": "https://tinmau.example.vn/du-lich/ha-long-don-tau-quoc-te", "title": "Vịnh Hạ Long đón chuyến tàu du lịch quốc tế đầu năm", "body": "Hơn 2.000 du khách quốc tế đến Quảng Ninh trên chuyến tàu biển đầu tiên của năm.", "date": "2024-02-20", "source": "tinmau.example.vn"}
EOF
gzip -c "$WORK/more.jsonl" >"$WORK/more.jsonl.gz"
check "a .jsonl.gz with a bad record: exit 1" 1 "$(rc "$INDEX" --db "$DB" add "$WORK/more.jsonl.gz")"
check_grep "the bad gzipped record is reported as FILE:2" "more.jsonl.gz:2:" "$WORK/err"
check "the good gzipped records are indexed" 19 "$(docs)"
check "a gzipped record is found" "https://tinmau.example.vn/kinh-te/lam-dong-sau-rieng" \
	"$(search 'sau rieng lam dong' | jq -r '.results[0].url')"
gzip -c "$WORK/news.jsonl" >"$WORK/news.jsonl.gz"
check "the same records gzipped: exit 1 (same bad lines)" 1 "$(rc "$INDEX" --db "$DB" add "$WORK/news.jsonl.gz")"
check_grep "the same records gzipped: 3 replaced" "(3 replaced)" "$WORK/err"
check "the same records gzipped: no duplicates" 19 "$(docs)"
head -c 200 "$WORK/more.jsonl.gz" >"$WORK/cut.jsonl.gz"
check "a truncated .jsonl.gz: exit 1" 1 "$(rc "$INDEX" --db "$DB" add "$WORK/cut.jsonl.gz")"
check_grep "a truncated .jsonl.gz: named" "cut.jsonl.gz" "$WORK/err"
# Damage zlib's gzread() let through or made worse: a stream that stops
# cleanly (here: after line 25, without the trailer), a whole stream
# without its trailer, and a bad CRC.  Each is an error naming the file,
# and every line read before the damage is kept.
for i in $(seq 1 50); do
	printf '{"url": "https://tinmau.example.vn/nen/%d", "title": "Tin nén số %d", "body": "Bản ghi nén thử nghiệm số %d."}\n' "$i" "$i" "$i"
done >"$WORK/fifty.jsonl"
head -n 25 "$WORK/fifty.jsonl" >"$WORK/first25.jsonl"
gzip -c "$WORK/first25.jsonl" >"$WORK/first25.jsonl.gz"
head -c -8 "$WORK/first25.jsonl.gz" >"$WORK/cut25.jsonl.gz"
gzip -c "$WORK/fifty.jsonl" >"$WORK/fifty.jsonl.gz"
head -c -8 "$WORK/fifty.jsonl.gz" >"$WORK/notrailer.jsonl.gz"
cp "$WORK/fifty.jsonl.gz" "$WORK/badcrc.jsonl.gz"
crc_at=$(($(stat -c %s "$WORK/badcrc.jsonl.gz") - 8))
crc=$(od -An -tu1 -j "$crc_at" -N1 "$WORK/badcrc.jsonl.gz" | tr -d ' ')
printf "\\$(printf '%03o' $(((crc + 1) % 256)))" | dd of="$WORK/badcrc.jsonl.gz" bs=1 seek="$crc_at" conv=notrunc 2>/dev/null
for t in "cut25 25 unexpected end of file" "notrailer 50 truncated" "badcrc 50 CRC mismatch"; do
	read -r name want msg <<<"$t"
	check "$name.jsonl.gz: exit 1" 1 "$(rc "$INDEX" --db "$WORK/$name-db" add "$WORK/$name.jsonl.gz")"
	check_grep "$name.jsonl.gz: reported as FILE: $msg" "$name.jsonl.gz: gzip data" "$WORK/err"
	check_grep "$name.jsonl.gz: says what" "$msg" "$WORK/err"
	check_grep "$name.jsonl.gz: says where it stopped" "stopped after line $want" "$WORK/err"
	check "$name.jsonl.gz: the $want lines before the damage are kept" "$want" "$(docs "$WORK/$name-db")"
done

# --- replacing by URL ---------------------------------------------------------------------
cat >"$WORK/update.jsonl" <<'EOF'
{"url": "https://tinmau.example.vn/xa-hoi/cao-bang-khanh-thanh-cau-treo", "title": "Cao Bằng thông xe cầu treo bắc qua sông Bằng Giang", "body": "Công trình được thông xe sau ba tháng thi công.", "date": "2021-05-06", "source": "tinmau.example.vn"}
EOF
check "an updated record: exit 0" 0 "$(rc "$INDEX" --db "$DB" add "$WORK/update.jsonl")"
check_grep "an updated record: 1 replaced" "(1 replaced)" "$WORK/err"
check "an updated record: no duplicate" 19 "$(docs)"
check "the new text is found" '["https://tinmau.example.vn/xa-hoi/cao-bang-khanh-thanh-cau-treo","2021-05-06"]' \
	"$(search 'bang giang thong xe' | jq -c '.results[0] | [.url, .date]')"
check "the old text is gone (Quây was only in it)" 1 "$(rc "$SEARCH" --db "$DB" 'Quây')"

# --- other inputs ---------------------------------------------------------------------------
mkdir -p "$WORK/tree/a/b"
cp "$SAMPLE"/03-*.html "$WORK/tree/a/b/"
cp "$WORK/more.jsonl" "$WORK/tree/a/"
sed -i '2d' "$WORK/tree/a/more.jsonl"
echo "ghi chú" >"$WORK/tree/README.txt"
check "a directory, recursively: exit 0" 0 "$(rc "$INDEX" --db "$WORK/tree-db" add "$WORK/tree")"
check "a directory: the page and both records" 3 "$(docs "$WORK/tree-db")"
# Symbolic links are followed, but a directory or file is read once: two
# links back up the tree made the walk exponential (killed after 10 s and
# 69,836 "nested too deep" lines), one made it read every file 32 times.
mkdir -p "$WORK/loop/sub"
cp "$WORK/fifty.jsonl" "$WORK/loop/"
ln -s .. "$WORK/loop/sub/up1"
ln -s .. "$WORK/loop/sub/up2"
ln -s fifty.jsonl "$WORK/loop/same.jsonl"
check "links back up a directory: exit 0 within 30 s" 0 \
	"$(rc timeout 30 "$INDEX" --db "$WORK/loop-db" add "$WORK/loop")"
check_grep "links back up a directory: each file once" "indexed 50 documents (0 replaced) from 1 files, 0 failed" "$WORK/err"
check_no_grep "links back up a directory: no nesting errors" "nested too deep" "$WORK/err"
check "links back up a directory: 50 documents" 50 "$(docs "$WORK/loop-db")"
check "links, with --progress (which measures the tree first): exit 0" 0 \
	"$(rc timeout 30 "$INDEX" --db "$WORK/loop-db" --progress add "$WORK/loop" "$WORK/loop/sub")"
check_grep "links, with --progress, the directory named twice: each file once" "(50 replaced) from 1 files" "$WORK/err"
echo "không phải tin bài" >"$WORK/notes.txt"
check "an unknown file type: exit 1" 1 "$(rc "$INDEX" --db "$DB" add "$WORK/notes.txt")"
check_grep "an unknown file type: named" "notes.txt" "$WORK/err"
check "a missing file: exit 1" 1 "$(rc "$INDEX" --db "$DB" add "$WORK/no-such-file.jsonl")"
check_grep "a missing file: named" "no-such-file.jsonl" "$WORK/err"
printf '{"url": "https://tinmau.example.vn/utf8", "title": "Tin l\xff\xfei m\xe3", "body": "Văn bản có byte hỏng."}\n' >"$WORK/bad-utf8.jsonl"
check "invalid UTF-8 in a record: exit 0 or 1" "yes" \
	"$(r=$(rc "$INDEX" --db "$DB" add "$WORK/bad-utf8.jsonl"); [ "$r" -le 1 ] && echo yes || echo "exit $r")"
check "invalid UTF-8: the output stays valid JSON" "ok" \
	"$("$SEARCH" --db "$DB" --json 'van ban co byte hong' | jq -r 'if .results then "ok" else "bad" end' 2>&1 || true)"
n_docs=$(docs)
check "the failures added nothing (19, or 20 with the UTF-8 record)" "yes" \
	"$([ "$n_docs" -eq 19 ] || [ "$n_docs" -eq 20 ] && echo yes || echo "$n_docs")"

# --- field caps (docs/SCHEMA.md): long fields are cut, a long URL is refused -------------------
# rep N TEXT: TEXT N times (TEXT holds no % or \).
rep() { printf "%.0s$2" $(seq "$1"); }
rep 100000 'ầ' >"$WORK/big-title.txt" # 300 KB of a 3-byte letter: 1024 cuts one
big_title_bytes=$(wc -c <"$WORK/big-title.txt")
jq -nc --rawfile t "$WORK/big-title.txt" --arg s "$(rep 1000 'Tóm tắt ')" --arg c "$(rep 300 c)" \
	'{url: "https://tinmau.example.vn/dai/tieu-de", title: $t, summary: $s, body: "Nội dung bài dài.", category: $c}' >"$WORK/caps.jsonl"
jq -nc --arg u "https://tinmau.example.vn/$(rep 2100 u)" \
	'{url: $u, title: "Địa chỉ quá dài", body: "Nội dung."}' >>"$WORK/caps.jsonl"
check "over-long fields: exit 1 (the long URL)" 1 "$(rc "$INDEX" --db "$WORK/caps-db" add "$WORK/caps.jsonl")"
cp "$WORK/err" "$WORK/caps.err"
check_grep "a long title is cut with a FILE:LINE warning naming field and limit" \
	"caps.jsonl:1: warning: field \"title\" of $big_title_bytes bytes cut to 1023 (the limit is 1024 bytes)" "$WORK/caps.err"
check_grep "a long summary is cut with a warning" "caps.jsonl:1: warning: field \"summary\" of 10999 bytes cut to 4096 (the limit is 4096 bytes)" "$WORK/caps.err"
check_grep "a long category is cut with a warning" "caps.jsonl:1: warning: field \"category\" of 300 bytes cut to 256" "$WORK/caps.err"
check_grep "a long URL is refused, naming field and limit" \
	"caps.jsonl:2: field \"url\" of 2126 bytes is longer than the limit of 2048 bytes, record skipped" "$WORK/caps.err"
check_grep "the record with long fields is kept" "indexed 1 documents (0 replaced) from 1 files, 1 failed" "$WORK/caps.err"
must "$SEARCH" --db "$WORK/caps-db" --json 'noi dung bai dai' >"$WORK/caps.json"
check "the cut title is stored as cut, valid UTF-8, at a character boundary" "1023 ầ" \
	"$(jq -r '.results[0].title | "\(utf8bytelength) \(.[-1:])"' "$WORK/caps.json")"
check_num "the answer stays small" "$(wc -c <"$WORK/caps.json")" -lt 20000
head -c 17000000 /dev/zero | tr '\0' a >"$WORK/huge-body.txt"
jq -nc --rawfile b "$WORK/huge-body.txt" '{url: "https://tinmau.example.vn/than-dai", title: "Thân bài quá lớn", body: $b}' >"$WORK/huge.jsonl"
check "a body over the cleaning cap: exit 1" 1 "$(rc "$INDEX" --db "$WORK/caps-db" add "$WORK/huge.jsonl")"
check_grep "a body over the cleaning cap: the message names field and limit" \
	"huge.jsonl:1: field \"body\" is larger than 16 MiB (the limit), record skipped" "$WORK/err"
{
	printf '<html><head><link rel="canonical" href="https://tinmau.example.vn/tieu-de-dai.html"><title>'
	cat "$WORK/big-title.txt"
	printf '</title></head><body><article><h1>'
	cat "$WORK/big-title.txt"
	printf '</h1>'
	printf '<p>%s</p>' "$(rep 30 'Nội dung trang có tiêu đề rất dài. ')"
	printf '</article></body></html>\n'
} >"$WORK/long-title.html"
check "an HTML page with a long title: exit 0" 0 "$(rc "$INDEX" --db "$WORK/caps-db" add "$WORK/long-title.html")"
check_grep "an HTML page with a long title: FILE: warning" "long-title.html: warning: field \"title\"" "$WORK/err"

# --- pages that are not text (docs/EXTRACT.md) -------------------------------------------------
# 20 KB of random bytes named .html became a document full of garbage terms.
head -c 20000 /dev/urandom >"$WORK/junk.html"
check "random bytes named .html: exit 1" 1 "$(rc "$INDEX" --db "$WORK/junk-db" add "$WORK/junk.html")"
check_grep "random bytes named .html: FILE: not text" "junk.html: not text:" "$WORK/err"
check_grep "random bytes named .html: nothing indexed" "indexed 0 documents" "$WORK/err"
# The same bytes as a page in a web archive: the common page path refuses it too.
{
	printf 'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n'
	cat "$WORK/junk.html"
} >"$WORK/junk.http"
{
	printf 'WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: https://tinmau.example.vn/tin/rac.html\r\n'
	printf 'Content-Type: application/http;msgtype=response\r\nContent-Length: %d\r\n\r\n' "$(wc -c <"$WORK/junk.http")"
	cat "$WORK/junk.http"
	printf '\r\n\r\n'
} >"$WORK/junk.warc"
check "random bytes in a .warc: exit 1" 1 "$(rc "$INDEX" --db "$WORK/junk-db" add "$WORK/junk.warc")"
check_grep "random bytes in a .warc: named by URL, not text" "https://tinmau.example.vn/tin/rac.html: not text:" "$WORK/err"
check "random bytes: nothing in the index" 0 "$(docs "$WORK/junk-db")"

# --- dates from the future (tc_date.h: nothing after tomorrow in Vietnam) -------------------
# A misprinted 2099 once became an article's date and came first under --sort date.
cat >"$WORK/future.jsonl" <<'EOF'
{"url": "https://tinmau.example.vn/tin/lich-tuong-lai", "title": "Bản tin zzlichtuonglai ghi nhầm năm", "body": "Nội dung zzlichtuonglai với ngày đăng ghi nhầm.", "date": "2099-01-01"}
{"url": "https://tinmau.example.vn/tin/lich-dung", "title": "Bản tin zzlichtuonglai đúng ngày", "body": "Nội dung zzlichtuonglai với ngày đăng đúng.", "date": "2024-05-05"}
EOF
check "a date in 2099: exit 1 (a record skipped)" 1 "$(rc "$INDEX" --db "$WORK/future-db" add "$WORK/future.jsonl")"
check_grep "a date in 2099: named, with the range allowed" \
	"future.jsonl:1: date 2099-01-01 is outside the dates an article may have (1900-01-01 to tomorrow" "$WORK/err"
check "a date in 2099: not first under --sort date" '["https://tinmau.example.vn/tin/lich-dung","2024-05-05"]' \
	"$("$SEARCH" --db "$WORK/future-db" --json --sort date zzlichtuonglai | jq -c '.results[0] | [.url, .date]')"
# A page whose metadata says 2099 keeps the article but not that date.
cat >"$WORK/future.html" <<'EOF'
<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<link rel="canonical" href="https://tinmau.example.vn/tin/trang-tuong-lai">
<meta property="og:type" content="article">
<meta property="article:published_time" content="2099-01-01T08:00:00+07:00">
<title>Trang zztrangtuonglai ghi nhầm năm</title></head><body><article>
<h1>Trang zztrangtuonglai ghi nhầm năm</h1>
<p>Thành phố điều chỉnh phương án phân luồng tại nút giao zztrangtuonglai trong giờ cao điểm để giảm ùn tắc cho người dân đi làm buổi sáng.</p>
<p>Lực lượng chức năng bố trí người hướng dẫn tại các điểm nóng trong suốt thời gian thi công công trình.</p>
</article></body></html>
EOF
"$INDEX" --db "$WORK/future-db" add "$WORK/future.html" >"$WORK/out" 2>"$WORK/err" || true
check "a page dated 2099: indexed, without that date" '["https://tinmau.example.vn/tin/trang-tuong-lai",null]' \
	"$("$SEARCH" --db "$WORK/future-db" --json zztrangtuonglai | jq -c '.results[0] | [.url, .date]')"

# --- usage and index errors (exit 2) ----------------------------------------------------------
check "no command: exit 2" 2 "$(rc "$INDEX" --db "$DB")"
check "unknown command: exit 2" 2 "$(rc "$INDEX" --db "$DB" frobnicate)"
check "add without paths: exit 2" 2 "$(rc "$INDEX" --db "$DB" add)"
check "unknown option: exit 2" 2 "$(rc "$INDEX" --db "$DB" --nonsense add "$SAMPLE")"
check "--jobs 0: exit 2" 2 "$(rc "$INDEX" --db "$DB" --jobs 0 add "$SAMPLE")"
check "no --db and no TRACUU_DB: exit 2" 2 "$(rc "$INDEX" add "$SAMPLE")"
check "stats of a missing index: exit 2" 2 "$(rc "$INDEX" --db "$WORK/no-such-index" stats)"
check_grep "stats of a missing index: named" "no-such-index" "$WORK/err"
check "TRACUU_DB is the default index" "$n_docs" "$(TRACUU_DB=$DB "$INDEX" stats --json | jq .documents)"

finish
