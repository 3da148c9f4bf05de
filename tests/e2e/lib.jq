# tests/e2e/lib.jq - jq helpers for the end-to-end scripts: Vietnamese
# folding (to check highlights without trusting the code under test) and
# UTF-8 byte offsets (jq strings count code points, highlights count bytes).
# Loaded with: jq -L tests/e2e 'include "lib"; ...'

# Every precomposed Vietnamese letter, lower and upper case, by its ASCII base.
def vn_letters:
  {"a": "àáảãạăằắẳẵặâầấẩẫậÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ",
   "e": "èéẻẽẹêềếểễệÈÉẺẼẸÊỀẾỂỄỆ",
   "i": "ìíỉĩịÌÍỈĨỊ",
   "o": "òóỏõọôồốổỗộơờớởỡợÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ",
   "u": "ùúủũụưừứửữựÙÚỦŨỤƯỪỨỬỮỰ",
   "y": "ỳýỷỹỵỲÝỶỸỴ",
   "d": "đĐ"};

# code point (as a string key) -> ASCII base code point
def vn_fold_table:
  reduce (vn_letters | to_entries[]) as $e ({};
    reduce ($e.value | explode[]) as $c (.; .[$c | tostring] = ($e.key | explode[0])));

# Lower case, no diacritics (combining marks U+0300..U+036F dropped too, so
# NFD text folds like NFC text).
def vn_fold:
  vn_fold_table as $t
  | ascii_downcase | explode
  | map(select(. < 768 or . > 879) | ($t[tostring] // .))
  | implode;

def utf8_len: if . < 128 then 1 elif . < 2048 then 2 elif . < 65536 then 3 else 4 end;

# Byte offset of the start of each code point, plus the total length at the end.
def byte_starts:
  explode | reduce .[] as $c ([0]; . + [.[-1] + ($c | utf8_len)]);

def byte_len: explode | map(utf8_len) | add // 0;

# The substring between byte offsets $s and $e, or null when either offset is
# not on a character boundary.
def byte_slice($s; $e):
  byte_starts as $b
  | ($b | index([$s])) as $i
  | ($b | index([$e])) as $j
  | if $i == null or $j == null then null
    else explode[$i:$j] | implode end;

# Problems with a result's highlights (an array of messages, empty when fine):
# spans must be inside the snippet, on character boundaries, in order, not
# overlapping, and each must fold to one of $words (already folded).
def highlight_problems($words):
  . as $r
  | ($r.snippet | byte_len) as $n
  | [ range(0; $r.highlights | length) as $k
      | $r.highlights[$k] as $h
      | if ($h | length) != 2 or $h[0] < 0 or $h[0] >= $h[1] or $h[1] > $n then
          "span \($h) outside the snippet (\($n) bytes)"
        elif $k > 0 and $h[0] < $r.highlights[$k - 1][1] then
          "span \($h) overlaps or precedes \($r.highlights[$k - 1])"
        else
          ($r.snippet | byte_slice($h[0]; $h[1])) as $t
          | if $t == null then "span \($h) splits a UTF-8 character"
            elif ($t | vn_fold) as $f | $words | index([$f]) | not then
              "span \($h) is \"\($t)\", not one of \($words)"
            else empty end
        end ];

# The highlighted words of a result, folded.
def highlighted_words:
  . as $r | [ $r.highlights[] as $h | ($r.snippet | byte_slice($h[0]; $h[1])) // "" | vn_fold ];
