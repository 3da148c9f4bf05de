#!/usr/bin/env bash
# tests/e2e/words.sh - words, not syllables (docs/SEARCH.md, docs/SCHEMA.md):
# the articles holding the words as typed come first, by relevance and by
# date; an unaccented pair ranks its likely reading first, counted from the
# index; an accented one keeps its own; phrases are pairs; an index of an
# earlier schema is refused.
#
# usage: words.sh TRACUU_INDEX TRACUU_SEARCH SAMPLE_DIR
# shellcheck disable=SC2016 # jq programs are in single quotes on purpose
set -euo pipefail
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh" "$@"

# Our own articles: "thổi phồng" (inflate) four times, "thời phong" once,
# the syllables thời ... phong apart in three newer ones, and a date order
# that puts the scattered ones first when sorted by date alone.
rec() { # rec ID DATE TITLE BODY
	jq -cn --arg u "https://tinmau.example.vn/$1" --arg d "$2" --arg t "$3" --arg b "$4" \
		'{url: $u, date: $d, title: $t, body: $b, source: "tinmau.example.vn"}'
}
{
	rec p1 2020-01-05 "Cảnh báo chiêu thổi phồng lợi nhuận" "Nhiều lời mời đầu tư thổi phồng lợi nhuận để lừa người góp vốn."
	rec p2 2020-02-10 "Doanh nghiệp bị phạt vì quảng cáo sai" "Quảng cáo thổi phồng công dụng của sản phẩm bị xử phạt nặng."
	rec p3 2020-03-15 "Giá đất tăng ảo" "Giới đầu cơ thổi phồng giá đất ở vùng ven, người mua cần tỉnh táo."
	rec p4 2020-04-20 "Tin đồn thất thiệt trên mạng" "Một số tài khoản thổi phồng sự việc, gây hoang mang dư luận."
	rec r1 2020-05-25 "Nét đẹp thời phong kiến" "Kiến trúc cung đình thời phong kiến còn lưu lại nhiều dấu ấn."
	rec s1 2023-06-01 "Thời tiết Hà Nội cuối tuần" "Trời nắng, gió nhẹ; người dân đi dạo phong phú các hoạt động."
	rec s2 2023-07-02 "Phong trào thể thao quần chúng" "Phong trào rèn luyện sức khỏe phát triển mạnh trong thời gian qua."
	rec s3 2023-08-03 "Thời trang công sở" "Phong cách tối giản được nhiều người ưa chuộng trong thời gian gần đây."
	rec c1 2021-09-09 "Họp bàn về an ninh chính trị" "Hội nghị bàn các giải pháp bảo đảm an ninh chính trị tại địa phương."
	rec c2 2021-10-10 "Chính trị và an ninh mạng" "Bảo đảm chính trị ổn định và an ninh mạng là nhiệm vụ quan trọng."
	rec t1 2020-06-01 "Hội thảo về bảo mật" "Các chuyên gia bàn giải pháp an toàn thông tin cho doanh nghiệp."
	rec f1 2021-06-01 "Nhà thông minh" "Thiết bị bảo đảm an toàn, thông minh; thông tin được cập nhật liên tục."
	rec f2 2022-06-01 "Đường cao tốc mới" "Tuyến đường an toàn, hoàn toàn thông suốt; thông tin về phí do nhà đầu tư công bố."
	rec f3 2022-07-01 "Cầu mới thông xe" "Xe đi an toàn trên cầu hoàn toàn thông thoáng, theo thông tin của sở."
	# Other news, so that the words above are as rare as words are.
	for k in $(seq 1 40); do
		rec "n$k" 2022-01-$(printf %02d $((k % 28 + 1))) "Bản tin số $k" "Hôm nay trời mưa rào, giao thông đông đúc vào giờ cao điểm số $k."
	done
} >"$WORK/words.jsonl"
index_into "$DB" "$WORK/words.jsonl"
ids() { jq -r '[.results[] | .url | sub(".*/"; "")] | join(" ")'; }
matches() { jq -r '[.results[] | .match] | join(" ")'; }

# --- the words as typed first ------------------------------------------------------------
out=$(search 'thoi phong')
check "thoi phong: the 5 articles with the words in a row first" "p1 p2 p3 p4 r1" \
	"$(ids <<<"$out" | cut -d' ' -f1-5 | tr ' ' '\n' | sort | paste -sd' ')"
check "thoi phong: tiers words then all" "words words words words words all all all" "$(matches <<<"$out")"
check "thoi phong: the likely reading (thổi phồng, 4 of 5) before thời phong" "r1" \
	"$(ids <<<"$out" | cut -d' ' -f5)"
check "thoi phong: every article with both syllables is found" 8 "$(jq .total <<<"$out")"
check "thoi phong: the total is exact" true "$(jq .total_exact <<<"$out")"
check "thời phong (accented): its own reading first" "r1" "$(search 'thời phong' | ids | cut -d' ' -f1)"
check "thổi phồng (accented): the four, then the rest" "p1 p2 p3 p4" \
	"$(search 'thổi phồng' | ids | cut -d' ' -f1-4 | tr ' ' '\n' | sort | paste -sd' ')"

# --- sorted by date: each tier newest first -----------------------------------------------
out=$(search --sort date 'thoi phong')
# Each tier newest first: the likely reading (thổi phồng), the other reading
# of the words in a row (thời phong), the syllables apart.
check "--sort date: the words as meant, in a row, apart; each newest first" "p4 p3 p2 p1 r1 s3 s2 s1" \
	"$(ids <<<"$out")"
check "--sort date: the same total" 8 "$(jq .total <<<"$out")"
check "--sort date --offset 4 --limit 2: across the tiers" "r1 s3" \
	"$(search --sort date --offset 4 --limit 2 'thoi phong' | ids)"
check "--offset 5 --limit 3: the second tier only" "all all all" \
	"$(search --offset 5 --limit 3 'thoi phong' | matches)"
check "paging: pages of 3 join to the whole answer" "$(search 'thoi phong' | ids)" \
	"$(for o in 0 3 6; do search --offset $o --limit 3 'thoi phong' | ids; done | paste -sd' ')"

# --- runs of several words and phrases -------------------------------------------------------
check "an ninh chinh tri: the run first" "c1 c2" "$(search 'an ninh chinh tri' | ids | cut -d' ' -f1-2)"
check "an ninh chinh tri: c1 holds the run, c2 the words apart" "words all" \
	"$(search 'an ninh chinh tri' | matches | cut -d' ' -f1-2)"
check '"an ninh chinh tri" (a phrase): only the run' "c1" "$(search '"an ninh chinh tri"' | ids)"
check '"chinh tri an ninh" (another order): nothing' 0 "$(search '"chinh tri an ninh"' | jq .total)"
check 'title:"an ninh chinh tri"' "c1" "$(search 'title:"an ninh chinh tri"' | ids)"

# A run of three words or more is its pairs in the index, which a text can
# hold apart (f3: an toàn / toàn thông / thông tin; f1 the same across a
# comma): the text of the best matches is read, and the run comes first.
check "an toan thong tin: the run itself first, by relevance" "t1" \
	"$(search 'an toan thong tin' | ids | cut -d' ' -f1)"
check "an toan thong tin: the run itself first, by date (f3 is newer)" "t1" \
	"$(search --sort date 'an toan thong tin' | ids | cut -d' ' -f1)"
check "an toan thong tin, by date: then the texts holding its pairs apart, newest first" "t1 f3 f2 f1" \
	"$(search --sort date 'an toan thong tin' | ids | cut -d' ' -f1-4)"
check '"an toan thong tin" (a phrase): the run first' "t1" "$(search '"an toan thong tin"' | ids | cut -d' ' -f1)"

# --- an index of an earlier schema -----------------------------------------------------------
# Debian's python3, which python3-xapian is for (a python3 of pyenv may come
# first in PATH).
if /usr/bin/python3 -c 'import xapian' 2>/dev/null; then
	# The layout of tracuu-index: DIR/current -> a generation.
	mkdir -p "$WORK/old"
	ln -s gen-000001 "$WORK/old/current"
	/usr/bin/python3 - "$WORK/old/gen-000001" <<'EOF'
import sys, xapian
db = xapian.WritableDatabase(sys.argv[1], xapian.DB_CREATE_OR_OPEN)
doc = xapian.Document()
doc.add_posting("thu", 1)
doc.add_boolean_term("Qhttps://tinmau.example.vn/old")
db.add_document(doc)
db.commit()
EOF
	check "search in an index of an earlier schema: exit 2" 2 "$(rc "$SEARCH" --db "$WORK/old" thu)"
	check_grep "... says to rebuild it" "rebuild it" "$WORK/err"
	check "add into an index of an earlier schema: exit 2" 2 "$(rc "$INDEX" --db "$WORK/old" add "$WORK/words.jsonl")"
	check_grep "... says to rebuild it" "rebuild it" "$WORK/err"
else
	fail "python3-xapian is installed (scripts/deps)" "expected: import xapian works" "actual:   it does not"
fi

finish
