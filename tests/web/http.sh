#!/usr/bin/env bash
# tests/web/http.sh - the search page over HTTP, checked against docs/WEB.md:
# tracuu-search runs as a CGI under lighttpd (lib.sh) over a few hundred real
# articles, and curl asks it what a browser, a feed reader or an attacker
# would.  Every check prints ok or FAIL with what was expected and seen; the
# exit status is non-zero when any check failed.
#
# usage: tests/web/http.sh TRACUU_INDEX TRACUU_SEARCH
set -euo pipefail
. "$(dirname "$0")/lib.sh" "$@"

# --- helpers -----------------------------------------------------------------

# get NAME QUERY-STRING [CURL-ARGS...]: fetch $SEARCH_URL?QUERY-STRING.
get() {
	local name=$1 qs=$2
	shift 2
	fetch "$name" "$SEARCH_URL?$qs" "$@"
}

# jbody NAME [JQ-OPTIONS...] FILTER: jq -r over a JSON body.  When the body is
# not JSON (or the filter fails) it prints a line saying so, which makes the
# calling check fail rather than pass on an empty answer.
jbody() {
	local name=$1
	shift
	jq -r "$@" "$WORK/resp/$name.body" 2>/dev/null ||
		echo "(jq $* failed on the $name response: $(head -c 200 "$WORK/resp/$name.body"))"
}

# cli ARGS...: the command line's JSON answer over the same index, which the
# CGI must agree with (same binary, same index, same ranking).
cli() {
	"$SEARCH" --db "$DB" --json "$@" 2>/dev/null || true
}

# count_of NAME XPATH: number of nodes.
count_of() { xp "$1" "count($2)"; }

# exact ARGS...: how many results the command line really finds (all of them
# listed: its total is an estimate below --limit, the exact number is not).
exact() { cli --limit 1000 "$@" | jq -r '.results | length'; }

# facet_count NAME LINKS I: the digits of the span.count that goes with the
# I-th facet link, inside the link or beside it in its list item.
facet_count() {
	xp "$1" "(($2)[$3]//span[$(has_class count)] | ($2)[$3]/ancestor::li[1]//span[$(has_class count)])" | tr -cd 0-9
}

RESULT="//ol[@id=\"results\"]/li[$(has_class result)]"
SNIPPET="p[$(has_class snippet)]"
TITLE_LINK="a[$(has_class title)]"
SOURCE_SPAN="span[$(has_class source)]"

# csp_problems NAME: what is wrong with the Content-Security-Policy of a
# response, against "default-src 'none', inline styles only, forms to the page
# itself, no framing"; nothing when it is right.
csp_problems() {
	CSP=$(header "$1" Content-Security-Policy) perl -e '
		my $csp = $ENV{CSP};
		if ($csp eq "") { print "no Content-Security-Policy header\n"; exit }
		my %d;
		for (split /;/, $csp) {
			s/^\s+|\s+$//g;
			next if $_ eq "";
			my ($name, @src) = split /\s+/;
			$d{lc $name} = [@src];
		}
		my $is = sub { my ($n, @want) = @_; my $got = $d{$n};
			return $got && "@$got" eq "@want" };
		print "default-src is not \x27none\x27: $csp\n" unless $is->("default-src", "\x27none\x27");
		print "frame-ancestors is not \x27none\x27 (framing allowed): $csp\n"
			unless $is->("frame-ancestors", "\x27none\x27");
		print "form-action is not \x27self\x27: $csp\n" unless $is->("form-action", "\x27self\x27");
		if (my $s = $d{"style-src"}) {
			for (@$s) {
				print "style-src allows more than inline styles ($_): $csp\n"
					unless /^\x27(unsafe-inline|nonce-[^\x27]+|sha(256|384|512)-[^\x27]+)\x27$/;
			}
		}
		for my $n (qw(script-src script-src-elem script-src-attr)) {
			print "$n allows scripts: $csp\n" if $d{$n} && !$is->($n, "\x27none\x27");
		}'
}

# headers_ok LABEL NAME TYPE: the four headers every response carries, with a
# Content-Type of TYPE (a regular expression) and charset=utf-8.
headers_ok() {
	local label=$1 name=$2 type=$3 ct
	ct=$(header "$name" Content-Type)
	if [[ ${ct,,} =~ ^($type)[[:space:]]*\;.*charset=\"?utf-8\"?([[:space:]]*\;|$) ]]; then
		pass "$label: Content-Type $ct"
	else
		fail "$label: Content-Type" "expected: $type; charset=utf-8" "actual:   [$ct]"
	fi
	check_none "$label: Content-Security-Policy" "$(csp_problems "$name")"
	check "$label: X-Content-Type-Options" "nosniff" "$(header "$name" X-Content-Type-Options)"
	check "$label: Referrer-Policy" "no-referrer" "$(header "$name" Referrer-Policy)"
}

# error_names LABEL NAME PARAM: a 400 page whose p#error names PARAM.
error_names() {
	local label=$1 name=$2 param=$3 msg
	msg=$(xp "$name" '//p[@id="error"]')
	if [ -n "$msg" ] && names_word "$param" "$msg"; then
		pass "$label: p#error names '$param'"
	else
		fail "$label: p#error names '$param'" "actual p#error: [${msg:0:300}]" \
			"body: [$(head -c 400 "$WORK/resp/$name.body")]"
	fi
}

# names_word WORD TEXT: TEXT has WORD as a word of its own (Unicode-aware, so
# that "to" is not found in "toàn").
names_word() {
	perl -CA -e 'exit(($ARGV[1] =~ /(?<![\w-])\Q$ARGV[0]\E(?![\w-])/) ? 0 : 1)' "$1" "$2"
}

# dates_within NAME FROM TO: problems with the JSON results' dates outside
# [FROM, TO] (inclusive) or missing.
dates_within() {
	jbody "$1" --arg f "$2" --arg t "$3" \
		'.results[] | select(.date == null or .date < $f or .date > $t) | "\(.url): date \(.date)"'
}

# newest_first LIST: problems in a list of YYYY-MM-DD (one a line) that is
# not newest first.
newest_first() {
	awk 'NR > 1 && $0 > prev { print "line " NR ": " $0 " after " prev } { prev = $0 }' <<<"$1"
}

# last_day YYYY-MM: the last day of that month.
last_day() { date -d "$1-01 +1 month -1 day" +%F; }

# --- the queries, derived from the indexed articles -------------------------------------

# $TITLE and $PLAIN_Q (lib.sh): an accented title and the same typed without
# accents.
echo "# accented title: $TITLE"
echo "# typed as:       $PLAIN_Q"

# A broad two-word query (no relaxation) matching articles of every source
# and year in the set: for paging and facets.
BROAD_Q="viet nam"
BROAD_QS="q=viet+nam"
BROAD_TOTAL=$(exact "$BROAD_Q")
check_num "precondition: '$BROAD_Q' has results for 3 pages (CLI)" "$BROAD_TOTAL" -gt 30

# --- a results page --------------------------------------------------------------

echo "## the page for an unaccented query"
QS="q=$(urlenc "$PLAIN_Q")"
check "GET ?$QS: status" 200 "$(get plain "$QS")"
headers_ok "200 page" plain 'text/html'
check_true "page starts with <!DOCTYPE html>" "body starts: [$(head -c 80 "$WORK/resp/plain.body")]" \
	perl -e 'local $/; $_ = <STDIN>; exit(/\A(\xef\xbb\xbf)?\s*<!doctype html>/i ? 0 : 1)' <"$WORK/resp/plain.body"
lang=$(xp plain '/html/@lang')
if [[ $lang =~ ^vi(-|$) ]]; then pass "html lang is Vietnamese ($lang)"; else fail "html lang is Vietnamese" "actual: [$lang]"; fi
titles=$(xp_list plain "$RESULT//$TITLE_LINK")
check_true "unaccented '$PLAIN_Q' finds the title '$TITLE' on page 1" "titles: [${titles//$'\n'/ | }]" \
	grep -qxF -- "$TITLE" <<<"$titles"
check "input#q is prefilled with the query" "$PLAIN_Q" "$(xp plain '//form[@id="search"]//input[@id="q"][@name="q"]/@value')"
check_num "p.snippet has <mark> highlights" "$(count_of plain "$RESULT//$SNIPPET/mark")" -ge 1
marked=$(xp_list plain "$RESULT//$SNIPPET/mark")
bad=$(while IFS= read -r m; do
	[ -z "$m" ] && continue
	f=$(fold "$m")
	grep -qiwF -- "${f,,}" <<<"$PLAIN_Q" || echo "<mark>$m</mark> is not a word of the query"
done <<<"$marked")
check_none "every <mark> is a query word (accents aside)" "$bad"

# The same answer as the command line: the CGI adds a page, not a ranking.
get plain_json "$QS&format=json" >/dev/null
cli_urls=$(cli --limit 10 "$PLAIN_Q" | jq -r '.results[].url')
check "format=json has the CLI's results, in order" "$cli_urls" "$(jbody plain_json '.results[].url')"
check "format=json total: exact on a small index" "$(exact "$PLAIN_Q")" "$(jbody plain_json .total)"
# cat= narrows to a category as --category does (the dantri articles have them:
# business and education among the first 300).
get cat_json "q=viet+nam&cat=education&format=json" >/dev/null
check "cat=education: the CLI's --category answer" "$(cli --limit 10 --category education 'viet nam' | jq -r '.results[].url')" \
	"$(jbody cat_json '.results[].url')"
check_num "cat=education: fewer than without it" "$(jbody cat_json .total)" -lt "$(exact 'viet nam')"
check_num "cat=education: some" "$(jbody cat_json .total)" -ge 1
get cat_page "q=viet+nam&cat=education" >/dev/null
check "cat=education: kept in the form" "education" "$(xp cat_page '//form[@id="search"]//input[@name="cat"]/@value')"

# The page shows the same hits as the JSON answer: link, source, date.
# docs/WEB.md: a result whose URL is not http(s) (an imported local file)
# gets its title in a span.title, never a link.
check "every li.result has an a.title or a span.title" "$(count_of plain "$RESULT")" \
	"$(count_of plain "${RESULT}[.//$TITLE_LINK or .//span[$(has_class title)]]")"
check "an a.title for each http(s) result, a span.title for each other" \
	"$(grep -cE '^https?://' <<<"$cli_urls" || true)" "$(count_of plain "$RESULT//$TITLE_LINK")"
check "a.title hrefs are the results' web URLs, in order" "$(grep -E '^https?://' <<<"$cli_urls" || true)" \
	"$(xp_list plain "$RESULT//$TITLE_LINK/@href" | grep -E '^https?://' || true)"
check "span.source of each result with a source" "$(jbody plain_json '.results[].source // empty | select(. != "")')" \
	"$(xp_list plain "$RESULT//$SOURCE_SPAN" | sed '/^$/d')"
check "time[datetime] of each dated result" "$(jbody plain_json '.results[].date // empty')" \
	"$(xp_list plain "$RESULT//time/@datetime")"
total=$(jbody plain_json .total)
check_true "p#stats shows the number of results ($total)" "p#stats: [$(xp plain '//p[@id="stats"]')]" \
	grep -qE "(^|[^0-9.])$total([^0-9.]|$)" <<<"$(xp plain '//p[@id="stats"]')"

echo "## the form"
check "form#search method" get "$(xp plain '//form[@id="search"]/@method' | tr A-Z a-z)"
action=$(xp plain '//form[@id="search"]/@action')
case $action in
"" | "?"* | /search | /search\?* | search | "$SEARCH_URL" | "$SEARCH_URL?"*) pass "form action is the page itself ([$action])" ;;
*) fail "form action is the page itself" "actual: [$action]" ;;
esac
check "select[name=sort] in the form" 1 "$(count_of plain '//form[@id="search"]//select[@name="sort"]')"
check "input[type=date][name=from] in the form" 1 "$(count_of plain '//form[@id="search"]//input[@type="date"][@name="from"]')"
check "input[type=date][name=to] in the form" 1 "$(count_of plain '//form[@id="search"]//input[@type="date"][@name="to"]')"
check_num "a submit button in the form" \
	"$(count_of plain '//form[@id="search"]//button[not(@type) or @type="submit"] | //form[@id="search"]//input[@type="submit"]')" -ge 1
check "no hidden site input without a site" 0 "$(count_of plain '//form[@id="search"]//input[@name="site"]')"

echo "## OpenSearch"
osd=$(xp plain '//link[@rel="search"][@type="application/opensearchdescription+xml"]/@href')
check_true "<link rel=search type=application/opensearchdescription+xml> on the page" "none found" test -n "$osd"
if [ -n "$osd" ]; then
	check "link rel=search points at format=opensearch" opensearch "$(param "$(absolute "$osd")" format)"
	check "the OpenSearch link answers" 200 "$(fetch osd_link "$(absolute "$osd")")"
fi
check "format=opensearch: status" 200 "$(get osd "format=opensearch")"
headers_ok "opensearch" osd 'application/opensearchdescription\+xml|application/xml|text/xml'
check_true "format=opensearch is well-formed XML" "$(xmllint --noout "$WORK/resp/osd.body" 2>&1 | clip 400)" \
	xmllint --noout "$WORK/resp/osd.body"
check "OpenSearch root element" "OpenSearchDescription http://a9.com/-/spec/opensearch/1.1/" \
	"$(xmllint --xpath 'concat(local-name(/*), " ", namespace-uri(/*))' "$WORK/resp/osd.body" 2>/dev/null || true)"
tmpl=$(xmllint --xpath 'string(//*[local-name()="Url"][@type="text/html"]/@template)' "$WORK/resp/osd.body" 2>/dev/null || true)
check_contains "OpenSearch text/html Url template has {searchTerms}" "{searchTerms}" "$tmpl"
check_contains "OpenSearch template is this server's page" "$SEARCH_URL" "$tmpl"

echo "## HEAD, POST"
check "HEAD: status" 200 "$(get head "$BROAD_QS" --head)"
headers_ok "HEAD" head 'text/html'
# curl --head stops reading after the headers; ask on a socket to see all.
raw_request $'HEAD /search?'"$BROAD_QS"$' HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >"$WORK/raw-head"
check_true "HEAD through the server: 200, headers, no body" "reply: [$(head -c 400 "$WORK/raw-head")]" \
	perl -e 'local $/; $_ = <STDIN>; exit(m{\AHTTP/1\.[01] 200[^\n]*\n(?:[!-9;-~]+:[^\n]*\r?\n)+\r?\n\z} ? 0 : 1)' <"$WORK/raw-head"
# lighttpd drops a body from a HEAD answer by itself; ask the CGI directly.
cgi_direct GET "$BROAD_QS" >"$WORK/direct-get" || true
cgi_direct HEAD "$BROAD_QS" >"$WORK/direct-head" || true
check_true "direct GET: headers, a blank line and a page (sanity check for the next)" \
	"output: [$(head -c 300 "$WORK/direct-get")]" \
	perl -e 'local $/; $_ = <STDIN>; exit(/\A(?:[!-9;-~]+:[^\n]*\r?\n)+\r?\n.*<ol/si ? 0 : 1)' <"$WORK/direct-get"
check_true "direct HEAD: headers and a blank line, nothing after it" \
	"output: [$(head -c 400 "$WORK/direct-head")]" \
	perl -e 'local $/; $_ = <STDIN>; exit(/\A(?:[!-9;-~]+:[^\n]*\r?\n)+\r?\n\z/s && /^content-type:/mi ? 0 : 1)' <"$WORK/direct-head"
check "POST: status" 405 "$(get post "$BROAD_QS" --data 'q=ha+noi')"
check "POST: Allow header" "GET, HEAD" "$(header post Allow | sed 's/[[:space:]]*,[[:space:]]*/, /g')"
headers_ok "405" post 'text/html'
cgi_direct DELETE "$BROAD_QS" >"$WORK/direct-delete" || true
check_true "direct DELETE: Status: 405 and Allow: GET, HEAD" "output: [$(head -c 300 "$WORK/direct-delete")]" \
	perl -e 'local $/; $_ = <STDIN>; exit(/^status:\s*405\b/mi && /^allow:\s*GET,\s*HEAD\s*$/mi ? 0 : 1)' <"$WORK/direct-delete"

echo "## paging"
get p1 "$BROAD_QS" >/dev/null
get p2 "$BROAD_QS&page=2" >/dev/null
check "page 1: 10 results" 10 "$(count_of p1 "$RESULT")"
check "page 2: 10 results" 10 "$(count_of p2 "$RESULT")"
start1=$(xp p1 '//ol[@id="results"]/@start')
check "page 1: ol#results start (1 or absent)" 1 "${start1:-1}"
check "page 2: ol#results start" 11 "$(xp p2 '//ol[@id="results"]/@start')"
u1=$(xp_list p1 "$RESULT//$TITLE_LINK/@href")
u2=$(xp_list p2 "$RESULT//$TITLE_LINK/@href")
check "page 1 and page 2 share no result" "" "$(comm -12 <(sort <<<"$u1") <(sort <<<"$u2"))"
check "page 2 is the CLI's offset 10" "$(cli --limit 10 --offset 10 "$BROAD_Q" | jq -r '.results[].url')" "$u2"
check "page 1: no a[rel=prev]" 0 "$(count_of p1 '//nav[@id="pages"]//a[@rel="prev"]')"
check "page 1: span[aria-current=page] is 1" 1 "$(xp p1 'normalize-space(//nav[@id="pages"]//span[@aria-current="page"])')"
check "page 2: span[aria-current=page] is 2" 2 "$(xp p2 'normalize-space(//nav[@id="pages"]//span[@aria-current="page"])')"
next=$(xp p1 '//nav[@id="pages"]//a[@rel="next"]/@href')
check_true "page 1: a[rel=next] in nav#pages" "none" test -n "$next"
if [ -n "$next" ]; then
	check "rel=next keeps the query" "$BROAD_Q" "$(param "$(absolute "$next")" q)"
	fetch p2_via_next "$(absolute "$next")" >/dev/null
	check "following rel=next gives page 2" "$u2" "$(xp_list p2_via_next "$RESULT//$TITLE_LINK/@href")"
	prev=$(xp p2_via_next '//nav[@id="pages"]//a[@rel="prev"]/@href')
	check_true "page 2: a[rel=prev]" "none" test -n "$prev"
	if [ -n "$prev" ]; then
		fetch p1_via_prev "$(absolute "$prev")" >/dev/null
		check "following rel=prev gives page 1 again" "$u1" "$(xp_list p1_via_prev "$RESULT//$TITLE_LINK/@href")"
	fi
fi
check_num "page 2: a[rel=next] (there are more than 30 results)" "$(count_of p2 '//nav[@id="pages"]//a[@rel="next"]')" -eq 1
numbered=$(xp_list p2 '//nav[@id="pages"]//a[not(@rel="prev") and not(@rel="next")]/@href')
bad=$(while IFS= read -r h; do
	[ -z "$h" ] && continue
	p=$(param "$(absolute "$h")" page)
	[[ ${p:-1} =~ ^[0-9]+$ ]] || echo "link $h: page [$p]"
	[ "$(param "$(absolute "$h")" q)" = "$BROAD_Q" ] || echo "link $h: lost the query"
done <<<"$numbered")
check_true "page 2: numbered page links" "none" test -n "$numbered"
check_none "numbered page links keep the query and give a page number" "$bad"
get p3n5 "$BROAD_QS&page=3&n=5" >/dev/null
check "page=3&n=5: ol#results start" 11 "$(xp p3n5 '//ol[@id="results"]/@start')"
check "page=3&n=5: 5 results" 5 "$(count_of p3n5 "$RESULT")"
get p2_json "$BROAD_QS&page=2&format=json" >/dev/null
check "format=json page=2: offset" 10 "$(jbody p2_json .offset)"
check "format=json page=2: ranks 11..20" "$(seq 11 20 | paste -sd' ')" "$(jbody p2_json '[.results[].rank] | map(tostring) | join(" ")')"
last_page=$(( (BROAD_TOTAL + 9) / 10 ))
get plast "$BROAD_QS&page=$last_page" >/dev/null
check "last page ($last_page): no a[rel=next]" 0 "$(count_of plast '//nav[@id="pages"]//a[@rel="next"]')"
check "page=1000 (beyond the results): status" 200 "$(get p1000 "$BROAD_QS&page=1000")"
check "page=1000: no results listed" 0 "$(count_of p1000 "$RESULT")"

echo "## facets"
get facets "$BROAD_QS" >/dev/null
check "aside#facets" 1 "$(count_of facets '//aside[@id="facets"]')"
SRC_LINKS="//aside[@id=\"facets\"]//section[@id=\"facet-source\"]//a[not($(has_class clear))]"
DATE_LINKS="//aside[@id=\"facets\"]//section[@id=\"facet-date\"]//a[not($(has_class clear))]"
nsrc=$(count_of facets "$SRC_LINKS")
check_num "section#facet-source: a link per source (dantri, baomoi, vnexpress at least)" "$nsrc" -ge 3
check "section#facet-source: every link has a span.count" "$nsrc" \
	"$(count_of facets "${SRC_LINKS}[.//span[$(has_class count)] or ancestor::li[1]//span[$(has_class count)]]")"
sum=0
for ((i = 1; i <= nsrc; i++)); do
	href=$(xp facets "($SRC_LINKS)[$i]/@href")
	count=$(facet_count facets "$SRC_LINKS" "$i")
	url=$(absolute "$href")
	site=$(param "$url" site)
	label="source facet $i (site=$site, count ${count:-?})"
	check_true "$label: narrows with site=" "href: [$href]" test -n "$site"
	check "$label: keeps the query" "$BROAD_Q" "$(param "$url" q)"
	check "$label: count is what the CLI finds with --site" "$(exact --site "$site" "$BROAD_Q")" "${count:-none}"
	sum=$((sum + ${count:-0}))
	fetch "fsrc$i" "$url" >/dev/null
	fetch "fsrc${i}_json" "$url&format=json" >/dev/null
	check "$label: following it, that many results" "${count:-none}" "$(jbody "fsrc${i}_json" .total)"
	check_none "$label: following it, only that source (JSON)" \
		"$(jbody "fsrc${i}_json" --arg s "$site" '.results[] | select(.source != $s and (.source | endswith("." + $s) | not)) | "\(.url): \(.source)"')"
	check_none "$label: following it, only that source (span.source)" \
		"$(xp_list "fsrc$i" "$RESULT//$SOURCE_SPAN" | grep -vxF -- "$site" || true)"
	check "$label: the form keeps the site as a hidden input" "$site" \
		"$(xp "fsrc$i" '//form[@id="search"]//input[@type="hidden"][@name="site"]/@value')"
	clear=$(xp "fsrc$i" "//aside[@id=\"facets\"]//a[$(has_class clear)][1]/@href")
	check_true "$label: an a.clear link on the narrowed page" "none" test -n "$clear"
	if [ -n "$clear" ]; then
		check "$label: a.clear removes site=" "" "$(param "$(absolute "$clear")" site)"
		check "$label: a.clear keeps the query" "$BROAD_Q" "$(param "$(absolute "$clear")" q)"
	fi
done
check_num "source counts add up to at most the total ($BROAD_TOTAL)" "$sum" -le "$BROAD_TOTAL"
check_num "source counts add up to most of the total (only undated/sourceless left)" "$sum" -ge $((BROAD_TOTAL * 9 / 10))

# By year: the answer spans 2013 to 2025.
ndate=$(count_of facets "$DATE_LINKS")
years=$(cli --limit 1000 "$BROAD_Q" | jq -r '.results[].date // empty | .[0:4]' | sort -u | paste -sd' ')
check "section#facet-date: a link per year of the results" "$(wc -w <<<"$years")" "$ndate"
fyears=
for ((i = 1; i <= ndate; i++)); do
	href=$(xp facets "($DATE_LINKS)[$i]/@href")
	count=$(facet_count facets "$DATE_LINKS" "$i")
	url=$(absolute "$href")
	from=$(param "$url" from) to=$(param "$url" to)
	y=${from:0:4}
	fyears="$fyears $y"
	label="date facet $i (from=$from to=$to, count ${count:-?})"
	check "$label: a whole year" "$y-01-01 $y-12-31" "$from $to"
	check "$label: keeps the query" "$BROAD_Q" "$(param "$url" q)"
	check "$label: count is what the CLI finds with --from --to" \
		"$(exact --from "${from:-x}" --to "${to:-x}" "$BROAD_Q")" "${count:-none}"
	fetch "fdate${i}_json" "$url&format=json&n=100" >/dev/null
	check "$label: following it, that many results" "${count:-none}" "$(jbody "fdate${i}_json" .total)"
	check_none "$label: following it, only dates in the range" "$(dates_within "fdate${i}_json" "$from" "$to")"
done
check "date facets cover the years of the results" "$years" "$(tr ' ' '\n' <<<"$fyears" | sed '/^$/d' | sort -u | paste -sd' ')"

# By month when every result falls in one year.
get facets2021 "$BROAD_QS&from=2021-01-01&to=2021-12-31" >/dev/null
months=$(cli --limit 1000 --from 2021-01-01 --to 2021-12-31 "$BROAD_Q" | jq -r '.results[].date | .[0:7]' | sort -u | paste -sd' ')
check_num "precondition: 2021 results fall in several months ($months)" "$(wc -w <<<"$months")" -ge 2
ndate=$(count_of facets2021 "$DATE_LINKS")
check "one year: a date facet link per month" "$(wc -w <<<"$months")" "$ndate"
bad=
for ((i = 1; i <= ndate; i++)); do
	url=$(absolute "$(xp facets2021 "($DATE_LINKS)[$i]/@href")")
	from=$(param "$url" from) to=$(param "$url" to)
	m=${from:0:7}
	if ! [[ $from =~ ^2021-[0-9][0-9]-01$ ]] || [ "$to" != "$(last_day "$m" 2>/dev/null)" ]; then
		bad+="link $i: from=$from to=$to is not one month of 2021"$'\n'
	fi
	count=$(facet_count facets2021 "$DATE_LINKS" "$i")
	want=$(exact --from "${from:-x}" --to "${to:-x}" "$BROAD_Q")
	[ "$count" = "$want" ] || bad+="link $i ($m): count [$count], the CLI finds $want"$'\n'
done
check_none "one year: month links span one month each, counts right" "${bad%$'\n'}"

echo "## date filter"
get dated "$BROAD_QS&from=2020-10-01&to=2020-11-30&format=json&n=100" >/dev/null
want=$(exact --from 2020-10-01 --to 2020-11-30 "$BROAD_Q")
check_num "precondition: the CLI finds results in Oct-Nov 2020" "$want" -gt 0
check "from/to: as many results as the CLI finds" "$want" "$(jbody dated .total)"
check_none "from/to: every date within 2020-10-01..2020-11-30" "$(dates_within dated 2020-10-01 2020-11-30)"
get dated_html "$BROAD_QS&from=2020-10-01&to=2020-11-30" >/dev/null
check_none "from/to: every time[datetime] on the page within the range" \
	"$(xp_list dated_html "$RESULT//time/@datetime" | awk '$0 < "2020-10-01" || $0 > "2020-11-30"')"
check "from/to: the form keeps from" 2020-10-01 "$(xp dated_html '//form[@id="search"]//input[@name="from"]/@value')"
check "from/to: the form keeps to" 2020-11-30 "$(xp dated_html '//form[@id="search"]//input[@name="to"]/@value')"
# An a.clear link that removes the date filter and keeps the rest.
clears=$(xp_list dated_html "//aside[@id=\"facets\"]//a[$(has_class clear)]/@href" | while IFS= read -r h; do
	[ -z "$h" ] && continue
	u=$(absolute "$h")
	[ -z "$(param "$u" from)" ] && [ -z "$(param "$u" to)" ] && [ "$(param "$u" q)" = "$BROAD_Q" ] && echo "$h"
done)
check_true "from/to: an a.clear link drops from and to, keeps q" \
	"a.clear hrefs: [$(xp_list dated_html "//aside[@id=\"facets\"]//a[$(has_class clear)]/@href" | paste -sd' ')]" test -n "$clears"
day=$(jbody dated '.results[0].date')
get oneday "$BROAD_QS&from=$day&to=$day&format=json&n=100" >/dev/null
check_num "from=to=$day (inclusive): results" "$(jbody oneday .total)" -ge 1
check_none "from=to=$day: only that day" "$(dates_within oneday "$day" "$day")"
get fromonly "$BROAD_QS&from=2021-01-01&format=json&n=100" >/dev/null
check_none "from alone: nothing older" "$(dates_within fromonly 2021-01-01 9999-12-31)"
get toonly "$BROAD_QS&to=2013-12-31&format=json&n=100" >/dev/null
check_num "to alone: results" "$(jbody toonly .total)" -ge 1
check_none "to alone: nothing newer" "$(dates_within toonly 0000-01-01 2013-12-31)"

echo "## sort"
get bydate "$BROAD_QS&sort=date&format=json&n=100" >/dev/null
check_none "sort=date: newest first (JSON)" "$(newest_first "$(jbody bydate '.results[].date // empty')")"
check "sort=date: the CLI's --sort date" "$(cli --limit 100 --sort date "$BROAD_Q" | jq -r '.results[].url')" \
	"$(jbody bydate '.results[].url')"
get bydate_html "$BROAD_QS&sort=date" >/dev/null
check_none "sort=date: newest first (page)" "$(newest_first "$(xp_list bydate_html "$RESULT//time/@datetime")")"
check "sort=date: the select shows it" date "$(xp bydate_html '//form[@id="search"]//select[@name="sort"]/option[@selected]/@value')"
get byrel "$BROAD_QS&sort=relevance&format=json" >/dev/null
check "sort=relevance is the default" "$(cli --limit 10 "$BROAD_Q" | jq -r '.results[].url')" "$(jbody byrel '.results[].url')"

echo "## suggestion"
get suggest "$BROAD_QS" >/dev/null
sug=$(xp suggest '//p[@id="suggest"]//a/@href')
check_true "p#suggest with a link for '$BROAD_Q'" "p#suggest: [$(xp suggest '//p[@id="suggest"]')]" test -n "$sug"
if [ -n "$sug" ]; then
	sq=$(param "$(absolute "$sug")" q)
	f=$(fold "$sq")
	check "the suggestion is the query with accents" "$BROAD_Q" "${f,,}"
	check_true "the suggestion has accents ([$sq])" "it is the query as typed" test "$sq" != "$BROAD_Q"
	fetch suggested "$(absolute "$sug")" >/dev/null
	check "following the suggestion searches for it" "$sq" "$(xp suggested '//input[@id="q"]/@value')"
fi

get suggest_accented "q=$(urlenc "việt nam")" >/dev/null
check "no p#suggest for a query typed with accents" 0 "$(count_of suggest_accented '//p[@id="suggest"]')"

echo "## no results"
check "q=zqxjvkwpq: status" 200 "$(get none "q=zqxjvkwpq")"
check "no results: div#noresults" 1 "$(count_of none '//div[@id="noresults"]')"
check "no results: no li.result" 0 "$(count_of none "$RESULT")"
check "no q: status" 200 "$(get empty "")"
check "no q: the form" 1 "$(count_of empty '//form[@id="search"]//input[@id="q"]')"

echo "## format=json"
check "format=json: status" 200 "$(get json "$BROAD_QS&format=json&n=20")"
headers_ok "json" json 'application/json'
check "format=json: the CLI schema" true "$(jbody json '
	(.query | type) == "string" and (.total | type) == "number" and (.offset | type) == "number"
	and (.took_ms | type) == "number" and (.took_ms >= 0) and (.results | type) == "array"
	and (.results | length) == 20
	and all(.results[]; (.rank | type) == "number" and (.url | type) == "string"
		and (.title | type) == "string" and ((.date | type) == "string" or .date == null)
		and ((.source | type) == "string" or .source == null) and (.score | type) == "number"
		and (.snippet | type) == "string")')"
check "format=json: query" "$BROAD_Q" "$(jbody json .query)"
check "format=json: offset" 0 "$(jbody json .offset)"
check "format=json: ranks 1..20" "$(seq 1 20 | paste -sd' ')" "$(jbody json '[.results[].rank] | map(tostring) | join(" ")')"
check "format=json: facets" true "$(jbody json 'has("facets")')"
check "format=json: total, exact on a small index" "$BROAD_TOTAL" "$(jbody json .total)"

echo "## format=rss"
check "format=rss: status" 200 "$(get rss "$BROAD_QS&format=rss")"
headers_ok "rss" rss 'application/rss\+xml|application/xml|text/xml'
check_true "format=rss is well-formed XML" "$(xmllint --noout "$WORK/resp/rss.body" 2>&1 | clip 400)" \
	xmllint --noout "$WORK/resp/rss.body"
rssx() { xmllint --xpath "$2" "$WORK/resp/$1.body" 2>/dev/null || true; }
check "RSS 2.0 root" "rss 2.0" "$(rssx rss 'concat(local-name(/*), " ", /rss/@version)')"
check "RSS: n items (10)" 10 "$(rssx rss 'count(/rss/channel/item)')"
check "RSS: every item has title, link, guid, pubDate, source, description" 10 \
	"$(rssx rss 'count(/rss/channel/item[title and link and guid and pubDate and source and description])')"
pub=$(for ((i = 1; i <= 10; i++)); do
	d=$(rssx rss "string(/rss/channel/item[$i]/pubDate)")
	# RFC 822 dates, compared as seconds since the epoch (10 digits for every date here)
	date -d "$d" +%s 2>/dev/null || echo "unparsable pubDate [$d]"
done)
check_none "RSS: pubDate is RFC 822" "$(grep unparsable <<<"$pub" || true)"
check_none "RSS: items newest first" "$(newest_first "$pub")"
rss_links=$(for ((i = 1; i <= 10; i++)); do rssx rss "string(/rss/channel/item[$i]/link)"; done)
check "RSS: the items are the query with sort=date" "$(cli --limit 10 --sort date "$BROAD_Q" | jq -r '.results[].url')" "$rss_links"
check "RSS: description is plain text (no <mark>)" 0 \
	"$(for ((i = 1; i <= 10; i++)); do rssx rss "string(/rss/channel/item[$i]/description)"; done | grep -c '<mark' || true)"
get rss5 "$BROAD_QS&format=rss&n=5" >/dev/null
check "RSS: n=5 gives 5 items" 5 "$(rssx rss5 'count(/rss/channel/item)')"

echo "## request parsing"
get plus "q=viet+nam&format=json" >/dev/null
check "+ is a space" "viet nam" "$(jbody plus .query)"
get pct "q=vi%E1%BB%87t%20nam&format=json" >/dev/null
check "%XX is a byte (UTF-8 assembled)" "việt nam" "$(jbody pct .query)"
get repeated "q=abc&q=viet+nam&page=1&page=2&format=json" >/dev/null
check "repeated q: the last counts" "viet nam" "$(jbody repeated .query)"
check "repeated page: the last counts" 10 "$(jbody repeated .offset)"
get unknown "$BROAD_QS&zz=1&utm_source=x&format=json" >/dev/null
check "unknown parameters are ignored" "$(cli --limit 10 "$BROAD_Q" | jq -r '.results[].url')" "$(jbody unknown '.results[].url')"
check "empty values mean absent: status" 200 "$(get emptyvals "$BROAD_QS&page=&n=&from=&to=&site=&sort=&format=")"
st=$(xp emptyvals '//ol[@id="results"]/@start')
check "empty values mean absent: 10 results from rank 1" "10 1" "$(count_of emptyvals "$RESULT") ${st:-1}"
check "empty values mean absent: HTML" text/html "$(header emptyvals Content-Type | cut -d';' -f1)"

echo "## n is clamped"
check "n=0: status" 200 "$(get n0 "$BROAD_QS&n=0")"
check "n=0: 1 result" 1 "$(count_of n0 "$RESULT")"
check "n=1000: status" 200 "$(get n1000 "$BROAD_QS&n=1000")"
check "n=1000: 100 results" 100 "$(count_of n1000 "$RESULT")"
check "n=1000 format=json: 100 results" 100 "$(get n1000j "$BROAD_QS&n=1000&format=json" >/dev/null; jbody n1000j '.results | length')"
check "n=100000000000000000000 (a whole number): status" 200 "$(get nhuge "$BROAD_QS&n=100000000000000000000")"
check "n=100000000000000000000: 100 results" 100 "$(count_of nhuge "$RESULT")"
check "n=7: 7 results" 7 "$(get n7 "$BROAD_QS&n=7" >/dev/null; count_of n7 "$RESULT")"

echo "## malformed parameters: 400 naming the parameter"
i=0
while read -r param value; do
	[ -z "$param" ] && continue
	i=$((i + 1))
	[ "$value" = "''" ] && value=''
	qs="$BROAD_QS&$param=$value"
	[ "$param" = q ] && qs="q=$value"
	check "$param=$value: status" 400 "$(get "bad$i" "$qs")"
	check "$param=$value: HTML" text/html "$(header "bad$i" Content-Type | cut -d';' -f1)"
	error_names "$param=$value" "bad$i" "$param"
done <<'EOF'
q %FF
q %C4
q %ED%A0%80
q %C0%AF
q %G1
q abc%
q abc%2
page 0
page 1001
page -1
page abc
page 1.5
page 2x
page +2
page 0x10
page 99999999999999999999
n abc
n 1.5
n 10x
n 1e2
from 2020-02-30
from 2021-02-29
from 2020-13-01
from 20201001
from 2020-1-1
from 2020-10-01x
from yesterday
to 2020-04-31
to 2020-00-10
to 10/01/2020
site bad_host
site a+b
site dantri.com.vn/x
site dantri.com.vn:x
sort newest
sort DATE
sort date%20
format xml
format JSON
format html5
EOF
check "from=2020-02-29 (a leap day) is fine" 200 "$(get leap "$BROAD_QS&from=2020-02-29")"
check "page=1000 is fine" 200 "$(get page1000 "$BROAD_QS&page=1000")"
check "from after to: status" 400 "$(get fromto "$BROAD_QS&from=2021-01-01&to=2020-01-01")"
msg=$(xp fromto '//p[@id="error"]')
if names_word from "$msg" || names_word to "$msg"; then
	pass "from after to: p#error names from or to"
else
	fail "from after to: p#error names from or to" "p#error: [$msg]"
fi
long_site=$(printf 'a%.0s' $(seq 63)).$(printf 'b%.0s' $(seq 63)).$(printf 'c%.0s' $(seq 63)).$(printf 'd%.0s' $(seq 61))
# The index's host form (tc_schema_host): a port and a final dot go.
get site_port "$BROAD_QS&site=dantri.com.vn:80&format=json" >/dev/null
get site_plain "$BROAD_QS&site=dantri.com.vn&format=json" >/dev/null
check "site=dantri.com.vn:80 is site=dantri.com.vn" "$(jbody site_plain '.results[].url')" \
	"$(jbody site_port '.results[].url')"
check_num "site=dantri.com.vn: some" "$(jbody site_plain .total)" -ge 1
check "site of 253 bytes is fine" 200 "$(get site253 "$BROAD_QS&site=$long_site")"
check "site of 254 bytes: status" 400 "$(get site254 "$BROAD_QS&site=${long_site}x")"
error_names "site of 254 bytes" site254 site
check "format=json&page=0: status" 400 "$(get badjson "$BROAD_QS&format=json&page=0")"
headers_ok "400 json" badjson 'application/json'
check_true "format=json&page=0: a JSON object whose error names page" "body: [$(head -c 300 "$WORK/resp/badjson.body")]" \
	jq -e '(.error | type) == "string" and (.error | test("(^|[^\\w-])page([^\\w-]|$)"))' "$WORK/resp/badjson.body" >/dev/null

echo "## sizes"
# A long query as someone pasting text would send it: 73 × "thu do " + "x".
q512=$(printf 'thu+do+%.0s' $(seq 73))x
check "q of 512 bytes: status" 200 "$(get q512 "q=$q512")"
check "q of 513 bytes: status" 400 "$(get q513 "q=${q512}x")"
error_names "q of 513 bytes" q513 q
# The limit is on the decoded bytes: 102 × "đô " + "đ" is 512 bytes of UTF-8
# and 1,532 characters once percent-encoded.
d512=$(printf '%%C4%%91%%C3%%B4+%.0s' $(seq 102))%C4%91
check "q of 512 bytes in Vietnamese (1532 escaped): status" 200 "$(get qd512 "q=$d512")"
check "q of 514 bytes in Vietnamese: status" 400 "$(get qd514 "q=$d512%C4%91")"
error_names "q of 514 bytes in Vietnamese" qd514 q
pad=$(printf 'x%.0s' $(seq 4096))
qs="$BROAD_QS&zz="
qs4096=$qs${pad:0:$((4096 - ${#qs}))}
check "query string of 4096 bytes: status" 200 "$(get qs4096 "$qs4096")"
check "query string of 4097 bytes: status" 400 "$(get qs4097 "${qs4096}x")"
check_num "query string of 4097 bytes: p#error" "$(count_of qs4097 '//p[@id="error"]')" -eq 1
check "q of 513 bytes, format=json: status" 400 "$(get q513j "q=${q512}x&format=json")"
check_true "q of 513 bytes, format=json: {\"error\"} naming q" "body: [$(head -c 300 "$WORK/resp/q513j.body")]" \
	jq -e '(.error | type) == "string" and (.error | test("(^|[^\\w-])q([^\\w-]|$)"))' "$WORK/resp/q513j.body" >/dev/null

echo "## missing index: 503"
log_before=$(wc -l <"$CGI_LOG")
check "TRACUU_DB missing: status" 503 "$(fetch nodb "$NODB_URL?$BROAD_QS")"
check_num "the reason for the 503 goes to the CGI's stderr, the server's log (new lines)" \
	"$(($(wc -l <"$CGI_LOG") - log_before))" -ge 1
headers_ok "503 page" nodb 'text/html'
check "503 page: p#error" 1 "$(count_of nodb '//p[@id="error"]')"
check "TRACUU_DB missing, format=json: status" 503 "$(fetch nodb_json "$NODB_URL?$BROAD_QS&format=json")"
check "TRACUU_DB missing, format=rss: status" 503 "$(fetch nodb_rss "$NODB_URL?$BROAD_QS&format=rss")"
check "TRACUU_DB an empty directory: status" 503 "$(fetch emptydb "$EMPTYDB_URL?$BROAD_QS")"
check "TRACUU_DB an empty directory: p#error" 1 "$(count_of emptydb '//p[@id="error"]')"
for r in nodb nodb_json nodb_rss emptydb; do
	check_none "$r: the body does not name the index" \
		"$(grep -aoE "no-such-index|empty-index|$WORK" "$WORK/resp/$r.body" | sort -u || true)"
done

echo "## hostile text from the index"
check "q=xsszzdoc: status" 200 "$(get stored "q=xsszzdoc")"
check "q=xsszzdoc: the hostile record is found" 1 "$(count_of stored "$RESULT")"
check "stored title shown as text" 'Tin xsszzdoc "><script>alert(4)</script> & <b>đậm</b>' \
	"$(xp stored "$RESULT//$TITLE_LINK")"
check "stored URL is the link, intact" "https://xss.example.vn/a?b=\"><script>alert(3)</script>&c='x" \
	"$(xp stored "$RESULT//$TITLE_LINK/@href")"
check "stored source shown as text" 'xss.example.vn"><script>alert(8)</script>' "$(xp stored "$RESULT//$SOURCE_SPAN")"
get stored_js "q=xsszzjs" >/dev/null
check "q=xsszzjs: the record with a javascript: URL is found" 1 "$(count_of stored_js "$RESULT")"
check "a stored javascript: URL is not a live link" 0 \
	"$(count_of stored_js '//@href[starts-with(translate(normalize-space(.), "JAVSCRIPT", "javscript"), "javascript:")]')"
get stored_rss "q=xsszzdoc&format=rss" >/dev/null
check_true "hostile record in format=rss: well-formed XML" "$(xmllint --noout "$WORK/resp/stored_rss.body" 2>&1 | clip 300)" \
	xmllint --noout "$WORK/resp/stored_rss.body"
check "hostile record in format=rss: the title, as text" 'Tin xsszzdoc "><script>alert(4)</script> & <b>đậm</b>' \
	"$(rssx stored_rss 'string(/rss/channel/item[1]/title)')"
get stored_json "q=xsszzdoc&format=json" >/dev/null
check "hostile record in format=json: the title" 'Tin xsszzdoc "><script>alert(4)</script> & <b>đậm</b>' \
	"$(jbody stored_json '.results[0].title')"

echo "## XSS in every parameter"
# dom_problems NAME: markup that is not the page's own: script, svg or img
# elements, event-handler attributes, javascript: URLs; checked on the parsed
# page (as a browser would see it) and on the raw bytes.
dom_problems() {
	local n=$1
	[ "$(count_of "$n" '//script')" = 0 ] || echo "a <script> element"
	[ "$(count_of "$n" '//iframe | //object | //embed | //svg[@onload] | //img[@onerror]')" = 0 ] ||
		echo "an iframe/object/embed element or the payload's svg/img"
	[ "$(count_of "$n" '//@*[starts-with(name(), "on")]')" = 0 ] ||
		echo "event-handler attributes: $(xp_list "$n" '//@*[starts-with(name(), "on")]/..' | sed -n 1,3p | tr '\n' ' ')"
	[ "$(count_of "$n" '//@*[name() = "href" or name() = "src" or name() = "action" or name() = "formaction"][starts-with(translate(normalize-space(.), "JAVSCRIPT", "javscript"), "javascript:")]')" = 0 ] ||
		echo "a javascript: URL in an attribute"
	grep -aqiE '<script|<svg onload|<img src=x' "$WORK/resp/$n.body" &&
		echo "raw markup: $(grep -aoiE '.{0,40}(<script|<svg onload|<img src=x).{0,40}' "$WORK/resp/$n.body" | sed -n 1,2p)"
	true
}
PAYLOADS=(
	'"><script>alert(1)</script>'
	"' onmouseover=alert(1) x='"
	'javascript:alert(1)'
	'</title><svg onload=alert(1)>'
	'<img src=x onerror=alert(1)>'
	'&lt;script&gt;alert(1)&lt;/script&gt;'
	']]></title><script>alert(1)</script>'
)
k=0
for payload in "${PAYLOADS[@]}"; do
	enc=$(urlenc "$payload")
	for param in q page n from to site sort format zz; do
		k=$((k + 1))
		name="xss$k"
		case $param in
		q) qs="q=$(urlenc "viet nam $payload")" want=200 ;;
		zz) qs="$BROAD_QS&zz=$enc" want=200 ;;
		*) qs="$BROAD_QS&$param=$enc" want=400 ;;
		esac
		label="$param=$payload"
		check "$label: status" "$want" "$(get "$name" "$qs")"
		check_none "$label: nothing comes back as markup" "$(dom_problems "$name")"
		if [ "$want" = 400 ]; then
			error_names "$label" "$name" "$param"
		fi
		if [ "$param" = q ]; then
			check "$label: q echoed (escaped) in input#q" "viet nam $payload" "$(xp "$name" '//input[@id="q"]/@value')"
			# The page's own links carry q percent-encoded from the decoded value.
			bad=$(xp_list "$name" '//nav[@id="pages"]//a/@href | //aside[@id="facets"]//a/@href' | while IFS= read -r h; do
				[ -z "$h" ] && continue
				[ "$(param "$(absolute "$h")" q)" = "viet nam $payload" ] || echo "$h"
			done)
			check_true "$label: page and facet links exist" "none" test "$(count_of "$name" '//nav[@id="pages"]//a | //aside[@id="facets"]//a')" -gt 0
			check_none "$label: every page/facet link carries q intact" "$bad"
			get "${name}_json" "$qs&format=json" >/dev/null
			check "$label: format=json echoes the query" "viet nam $payload" "$(jbody "${name}_json" .query)"
			get "${name}_rss" "$qs&format=rss" >/dev/null
			check_true "$label: format=rss is well-formed XML" "$(xmllint --noout "$WORK/resp/${name}_rss.body" 2>&1 | clip 300)" \
				xmllint --noout "$WORK/resp/${name}_rss.body"
			check "$label: format=rss has no script element" 0 "$(rssx "${name}_rss" 'count(//*[local-name() = "script"])')"
		fi
	done
done
# The 400 pages echo q too (if at all) only as text.
get xss400 "q=$(urlenc '"><script>alert(1)</script>')&page=0" >/dev/null
check "q with markup on a 400 page: status" 400 "$(cat "$WORK/resp/xss400.status")"
check_none "q with markup on a 400 page: nothing comes back as markup" "$(dom_problems xss400)"
get xss_osd "q=$(urlenc '"><script>alert(1)</script>')&format=opensearch" >/dev/null
check_true "q with markup, format=opensearch: well-formed XML" "$(xmllint --noout "$WORK/resp/xss_osd.body" 2>&1 | clip 300)" \
	xmllint --noout "$WORK/resp/xss_osd.body"
check_none "hostile record: nothing comes back as markup" "$(dom_problems stored; dom_problems stored_js)"

# cgi_env QUERY_STRING VAR=VALUE...: the CGI run by hand as cgi_direct does
# (GET), with variables added or changed; headers and body on stdout, stderr
# appended to $WORK/direct.err (swept for sanitizer reports at the end).
cgi_env() {
	local qs=$1
	shift
	env -i PATH=/usr/bin:/bin ASAN_OPTIONS="$ASAN_OPTIONS" UBSAN_OPTIONS="$UBSAN_OPTIONS" \
		GATEWAY_INTERFACE=CGI/1.1 SERVER_PROTOCOL=HTTP/1.1 SERVER_SOFTWARE=test \
		SERVER_NAME=127.0.0.1 SERVER_PORT=80 REMOTE_ADDR=127.0.0.1 \
		SCRIPT_NAME=/search REQUEST_URI="/search?$qs" REQUEST_METHOD=GET QUERY_STRING="$qs" \
		TRACUU_DB="$DB" "$@" "$SEARCH" 2>>"$WORK/direct.err"
}
# direct_header FILE FIELD / direct_body FILE: parts of a cgi_env answer.
direct_header() { grep -ai "^$2:" "$1" | tail -n 1 | sed 's/^[^:]*:[[:space:]]*//; s/\r$//'; }
direct_body() { sed '1,/^\r*$/d' "$1"; }
# bad_chars NAME: characters XML 1.0 forbids or HTML calls a parse error
# (controls but tab/LF/CR, DEL, C1, U+FFFE/U+FFFF) in a response body.
bad_chars() {
	perl -ne 'print "line $.: ", (join " ", map { sprintf "U+%04X", ord } /([\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\x{FFFE}\x{FFFF}])/g), "\n"
		if /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\x{FFFE}\x{FFFF}]/' -CSD "$WORK/resp/$1.body" 2>/dev/null | sed -n 1,3p
}

echo "## characters XML forbids"
i=0
for ctl in %01 %0B %1B %EF%BF%BE %EF%BF%BF %7F %C2%85; do
	i=$((i + 1))
	check "q=thu${ctl}do format=rss: status" 200 "$(get "ctl_rss$i" "q=thu${ctl}do&format=rss")"
	check_true "q=thu${ctl}do format=rss: well-formed XML" "$(xmllint --noout "$WORK/resp/ctl_rss$i.body" 2>&1 | clip 300)" \
		xmllint --noout "$WORK/resp/ctl_rss$i.body"
	check_none "q=thu${ctl}do format=rss: no forbidden character" "$(bad_chars "ctl_rss$i")"
	check "q=thu${ctl}do: status" 200 "$(get "ctl_html$i" "q=thu${ctl}do")"
	check_none "q=thu${ctl}do: no forbidden character in the page" "$(bad_chars "ctl_html$i")"
done
check "stored U+FFFE/U+FFFF, format=rss: status" 200 "$(get kytu_rss "q=zzkytu&format=rss")"
check_true "stored U+FFFE/U+FFFF, format=rss: well-formed XML" "$(xmllint --noout "$WORK/resp/kytu_rss.body" 2>&1 | clip 300)" \
	xmllint --noout "$WORK/resp/kytu_rss.body"
check "stored U+FFFE/U+FFFF, format=rss: the item is there" 1 "$(rssx kytu_rss 'count(/rss/channel/item)')"
get kytu_html "q=zzkytu" >/dev/null
check "stored U+FFFE/U+FFFF: the page lists it" 1 "$(count_of kytu_html "$RESULT")"
check_none "stored U+FFFE/U+FFFF: no forbidden character in the page" "$(bad_chars kytu_html)"

echo "## no local paths"
get path_json "q=zzduongdan&format=json" >/dev/null
check "a file:// URL of an old index: found, shown with no URL" '1 ""' \
	"$(jbody path_json '"\(.results | length) \(.results[0].url | tojson)"')"
get path_rss "q=zzduongdan&format=rss" >/dev/null
get path_html "q=zzduongdan" >/dev/null
for r in path_json path_rss path_html; do
	check_none "$r: no file:// URL, no local path" "$(grep -aoE 'file:[^"<]*|/home/bientap' "$WORK/resp/$r.body" || true)"
done
check_true "path_rss: the feed is well-formed" "$(xmllint --noout "$WORK/resp/path_rss.body" 2>&1 | clip 300)" \
	xmllint --noout "$WORK/resp/path_rss.body"

echo "## absolute links: the configured base URL, or a checked Host"
cgi_env "$BROAD_QS&format=rss" HTTP_HOST='evil.com:abc' >"$WORK/host-bad"
check "Host evil.com:abc (not a port): the feed links to SERVER_NAME" "http://127.0.0.1/search" \
	"$(direct_body "$WORK/host-bad" | xmllint --xpath 'string(/rss/channel/link)' - 2>/dev/null | cut -d'?' -f1)"
check_none "Host evil.com:abc: not copied anywhere" "$(grep -ao 'evil[^<"]*' "$WORK/host-bad" || true)"
check "links from the request: no shared caching" "private, max-age=60" "$(direct_header "$WORK/host-bad" Cache-Control)"
cgi_env "format=opensearch" HTTP_HOST='[::1]:80' SERVER_PORT=8443 HTTPS=on >"$WORK/host-v6"
check "Host [::1]:80 with SERVER_PORT=8443: its own port, once" "https://[::1]:80/search" \
	"$(grep -ao 'template="[^"?]*' "$WORK/host-v6" | sed -n 1p | sed 's/template="//')"
cgi_env "format=opensearch" HTTP_HOST='tracuu.example.vn' SERVER_PORT=8443 >"$WORK/host-noport"
check "Host without a port, SERVER_PORT=8443 (nginx): the port added" "http://tracuu.example.vn:8443/search" \
	"$(grep -ao 'template="[^"?]*' "$WORK/host-noport" | sed -n 1p | sed 's/template="//')"
cgi_env "format=opensearch" HTTP_HOST='a"b<c' SERVER_NAME='evil.com/x' >"$WORK/host-junk"
check "Host and SERVER_NAME both junk: localhost" "http://localhost/search" \
	"$(grep -ao 'template="[^"?]*' "$WORK/host-junk" | sed -n 1p | sed 's/template="//')"
cgi_env "$BROAD_QS&format=rss" HTTP_HOST='evil.com' TRACUU_BASE_URL='https://tracuu.example.gov.vn/' >"$WORK/host-env"
check "TRACUU_BASE_URL: the feed links there, whatever Host says" "https://tracuu.example.gov.vn/search" \
	"$(direct_body "$WORK/host-env" | xmllint --xpath 'string(/rss/channel/link)' - 2>/dev/null | cut -d'?' -f1)"
check "a configured base URL: shared caches may keep it" "public, max-age=60" "$(direct_header "$WORK/host-env" Cache-Control)"
printf '[search]\nbase_url = https://conf.example.gov.vn\n' >"$WORK/base.conf"
cgi_env "format=opensearch" HTTP_HOST='evil.com' TRACUU_CONFIG="$WORK/base.conf" >"$WORK/host-conf"
check "[search] base_url of the config file (TRACUU_DB set too)" "https://conf.example.gov.vn/search" \
	"$(grep -ao 'template="[^"?]*' "$WORK/host-conf" | sed -n 1p | sed 's/template="//')"
errs_before=$(wc -l <"$WORK/direct.err")
cgi_env "format=opensearch" HTTP_HOST='tracuu.example.vn' TRACUU_BASE_URL='javascript:alert(1)' >"$WORK/host-badbase"
check "a TRACUU_BASE_URL that is no base URL: links from the checked Host" "http://tracuu.example.vn/search" \
	"$(grep -ao 'template="[^"?]*' "$WORK/host-badbase" | sed -n 1p | sed 's/template="//')"
check_true "a TRACUU_BASE_URL that is no base URL: said on stderr" "direct.err: [$(tail -n 2 "$WORK/direct.err")]" \
	grep -q 'TRACUU_BASE_URL must be' <(tail -n +"$((errs_before + 1))" "$WORK/direct.err")

echo "## filters that cannot be terms, exclusions, totals, messages"
long240=$(printf 'a%.0s' $(seq 240))
check "site= of 240 bytes (too long for a term): nothing, not everything" 0 \
	"$(get site240 "$BROAD_QS&site=$long240&format=json" >/dev/null; jbody site240 .total)"
check "site: of 240 bytes in q: nothing" 0 \
	"$(get site240q "q=viet+nam+site:$long240&format=json" >/dev/null; jbody site240q .total)"
get xsite "q=viet+nam+-site:baomoi.com&format=json&n=100" >/dev/null
check "-site:baomoi.com: no baomoi.com result" "" "$(jbody xsite '.results[].source | select(. == "baomoi.com")' | sort -u)"
check "-site:baomoi.com: the CLI's total" "$(cli 'viet nam -site:baomoi.com' | jq .total)" "$(jbody xsite .total)"
check_num "-site:baomoi.com: fewer than without" "$(jbody xsite .total)" -lt "$BROAD_TOTAL"
totals=$(for pg in 1 2 3; do get "tot$pg" "$BROAD_QS&format=json&page=$pg" >/dev/null; jbody "tot$pg" '"\(.total)/\(.total_exact)"'; done | sort -u)
check "format=json: one total on every page, said exact" "$BROAD_TOTAL/true" "$totals"
get badsiteq "q=thu+site:%3Cx%3E" >/dev/null
check_contains "site:<x> in q: the page says what a site: needs" "tên miền" "$(xp badsiteq '//div[@id="noresults"]')"
get badsiteqj "q=thu+site:%3Cx%3E&format=json" >/dev/null
check_contains "site:<x> in q, format=json: an error saying so" "tên miền" "$(jbody badsiteqj .error)"
get longword "q=thu+$(printf 'a%.0s' $(seq 121))" >/dev/null
check_contains "a word of 121 bytes: the page says it is too long" "120 byte" "$(xp longword '//div[@id="noresults"]')"
errs_before=$(wc -l <"$WORK/direct.err")
cgi_env "$BROAD_QS" TRACUU_DB="/srv/$(printf 'x%.0s' $(seq 5000))" >"$WORK/longdb"
check "TRACUU_DB of 5005 bytes: 503" "503 Service Unavailable" "$(direct_header "$WORK/longdb" Status)"
check_true "TRACUU_DB of 5005 bytes: the reason on stderr" "direct.err: [$(tail -n 2 "$WORK/direct.err" | clip 300)]" \
	grep -q 'TRACUU_DB is 5005 bytes long; at most 4095' <(tail -n +"$((errs_before + 1))" "$WORK/direct.err")

echo "## the index changes while the page is served"
# The nightly job adds articles and switches generations under a running
# site: every request meanwhile must still get an answer (docs/WEB.md: the
# searcher reopens and asks again), and the new articles show up.
gzip -dc "$TRACUU_CORPUS/baomoi-2017.jsonl.gz" 2>/dev/null | sed -n '41,240p' >"$WORK/more.jsonl" || true
before=$(get upd_before "$BROAD_QS&format=json" >/dev/null; jbody upd_before .total)
(
	"$INDEX" --db "$DB" add "$WORK/more.jsonl" &&
		"$INDEX" --db "$DB" rebuild "$ARTICLES" "$XSS_ARTICLES" "$VNEXPRESS_PAGE" "$WORK/more.jsonl"
) >"$WORK/update.out" 2>&1 &
updater=$!
statuses=""
for ((i = 0; i < 200; i++)); do
	statuses+="$(curl -s -o /dev/null -w '%{http_code}' "$SEARCH_URL?$BROAD_QS&format=json&n=5&page=$((i % 5 + 1))") "
	kill -0 "$updater" 2>/dev/null || break
done
r=0
wait "$updater" || r=$?
check "add and rebuild while serving: both succeed" 0 "$r"
check_num "requests made while the index changed ($(wc -w <<<"$statuses"))" "$(wc -w <<<"$statuses")" -ge 2
check_none "every request meanwhile got a 200" "$(tr ' ' '\n' <<<"$statuses" | sed '/^$/d' | grep -vx 200 | sort | uniq -c || true)"
after=$(get upd_after "$BROAD_QS&format=json" >/dev/null; jbody upd_after .total)
check "after the update, the page counts the new articles" "$(exact "$BROAD_Q")" "$after"
check_num "after the update, more results than before ($before)" "${after:-0}" -gt "${before:-0}"

echo "## every response"
# All the responses above, whatever they were for: the status is one the
# contract knows, the four headers are there, and none names the index.
bad_status="" bad_headers="" leaks=""
for f in "$WORK"/resp/*.status; do
	n=$(basename "$f" .status)
	s=$(cat "$f")
	case $s in 200 | 400 | 405 | 503) ;; *) bad_status+="$n: status $s ($(cat "$WORK/resp/$n.url"))"$'\n' ;; esac
	ct=$(header "$n" Content-Type)
	[[ ${ct,,} == *charset=utf-8* ]] || bad_headers+="$n: Content-Type [$ct]"$'\n'
	p=$(csp_problems "$n")
	[ -z "$p" ] || bad_headers+="$n: ${p%%$'\n'*}"$'\n'
	[ "$(header "$n" X-Content-Type-Options)" = nosniff ] || bad_headers+="$n: no X-Content-Type-Options: nosniff"$'\n'
	[ "$(header "$n" Referrer-Policy)" = no-referrer ] || bad_headers+="$n: no Referrer-Policy: no-referrer"$'\n'
	if grep -aqF -e "$WORK" -e no-such-index -e empty-index "$WORK/resp/$n.body" "$WORK/resp/$n.headers"; then
		leaks+="$n: $(grep -aohF -e "$WORK" -e no-such-index -e empty-index "$WORK/resp/$n.body" "$WORK/resp/$n.headers" | sed -n 1p)"$'\n'
	fi
done
echo "# $(ls "$WORK"/resp/*.status | wc -l) responses"
check_none "every status is 200, 400, 405 or 503" "${bad_status%$'\n'}"
check_none "every response has charset=utf-8, the CSP, nosniff, no-referrer" "$(head -n 20 <<<"${bad_headers%$'\n'}")"
check_none "no response contains the index path" "${leaks%$'\n'}"
check_none "no sanitizer report or crash in the server's error log" \
	"$(grep -aE 'AddressSanitizer|LeakSanitizer|runtime error:|terminated by signal|core dumped' "$SERVER_LOG" "$CGI_LOG" "$WORK/direct.err" 2>/dev/null | sed -n 1,10p || true)"

finish
