/*
 * test_url.c - canonical URLs (indexer/url.h).
 *
 * Contract under test: relative references resolve as RFC 3986 5.4 says;
 * scheme and host come out lower case, IDN hosts in punycode; default ports,
 * fragments and tracking parameters go, other parameters stay in order; an
 * empty path is "/"; spaces and non-ASCII bytes in path and query are
 * percent-encoded (a Vietnamese slug decodes back to itself); only http and
 * https are accepted; results longer than 2048 bytes are refused; and every
 * result is a fixed point.
 */
#include "unit_test.h"

#include <stdio.h>

#include "url.h"
#include "tc_banned.h"

/* Canonicalise href (an exact heap copy) against base into out. */
static tc_status canon_exact(const char *base, const char *href, size_t n, tc_buf *out,
			     tc_err *err)
{
	char *copy = unit_exact_copy(href, n);
	tc_status st = tc_url_canon(base, copy, n, out, err);
	free(copy);
	return st;
}

typedef struct canon_row {
	const char *name;
	const char *base; /* NULL: none */
	const char *href;
	const char *want; /* NULL: refused with want_st */
	tc_status want_st;
} canon_row;

#define RFC_BASE "http://a/b/c/d;p?q"
#define OK(name, base, href, want) {name, base, href, want, TC_OK}
#define BAD(name, base, href, st) {name, base, href, NULL, st}

static const canon_row canon_rows[] = {
	/* RFC 3986 5.4.1, normal examples. */
	OK("rfc g", RFC_BASE, "g", "http://a/b/c/g"),
	OK("rfc ./g", RFC_BASE, "./g", "http://a/b/c/g"),
	OK("rfc g/", RFC_BASE, "g/", "http://a/b/c/g/"),
	OK("rfc /g", RFC_BASE, "/g", "http://a/g"),
	OK("rfc //g", RFC_BASE, "//g", "http://g/"),
	OK("rfc ?y", RFC_BASE, "?y", "http://a/b/c/d;p?y"),
	OK("rfc g?y", RFC_BASE, "g?y", "http://a/b/c/g?y"),
	OK("rfc #s", RFC_BASE, "#s", "http://a/b/c/d;p?q"),
	OK("rfc g#s", RFC_BASE, "g#s", "http://a/b/c/g"),
	OK("rfc g?y#s", RFC_BASE, "g?y#s", "http://a/b/c/g?y"),
	OK("rfc ;x", RFC_BASE, ";x", "http://a/b/c/;x"),
	OK("rfc g;x", RFC_BASE, "g;x", "http://a/b/c/g;x"),
	OK("rfc g;x?y#s", RFC_BASE, "g;x?y#s", "http://a/b/c/g;x?y"),
	OK("rfc empty", RFC_BASE, "", "http://a/b/c/d;p?q"),
	OK("rfc .", RFC_BASE, ".", "http://a/b/c/"),
	OK("rfc ./", RFC_BASE, "./", "http://a/b/c/"),
	OK("rfc ..", RFC_BASE, "..", "http://a/b/"),
	OK("rfc ../", RFC_BASE, "../", "http://a/b/"),
	OK("rfc ../g", RFC_BASE, "../g", "http://a/b/g"),
	OK("rfc ../..", RFC_BASE, "../..", "http://a/"),
	OK("rfc ../../", RFC_BASE, "../../", "http://a/"),
	OK("rfc ../../g", RFC_BASE, "../../g", "http://a/g"),
	BAD("rfc g:h (scheme g)", RFC_BASE, "g:h", TC_ERR_INVALID),
	/* RFC 3986 5.4.2, abnormal examples. */
	OK("rfc ../../../g", RFC_BASE, "../../../g", "http://a/g"),
	OK("rfc ../../../../g", RFC_BASE, "../../../../g", "http://a/g"),
	OK("rfc /./g", RFC_BASE, "/./g", "http://a/g"),
	OK("rfc /../g", RFC_BASE, "/../g", "http://a/g"),
	OK("rfc g.", RFC_BASE, "g.", "http://a/b/c/g."),
	OK("rfc .g", RFC_BASE, ".g", "http://a/b/c/.g"),
	OK("rfc g..", RFC_BASE, "g..", "http://a/b/c/g.."),
	OK("rfc ..g", RFC_BASE, "..g", "http://a/b/c/..g"),
	OK("rfc ./../g", RFC_BASE, "./../g", "http://a/b/g"),
	OK("rfc ./g/.", RFC_BASE, "./g/.", "http://a/b/c/g/"),
	OK("rfc g/./h", RFC_BASE, "g/./h", "http://a/b/c/g/h"),
	OK("rfc g/../h", RFC_BASE, "g/../h", "http://a/b/c/h"),
	OK("rfc g;x=1/./y", RFC_BASE, "g;x=1/./y", "http://a/b/c/g;x=1/y"),
	OK("rfc g;x=1/../y", RFC_BASE, "g;x=1/../y", "http://a/b/c/y"),
	OK("rfc g?y/./x", RFC_BASE, "g?y/./x", "http://a/b/c/g?y/./x"),
	OK("rfc g?y/../x", RFC_BASE, "g?y/../x", "http://a/b/c/g?y/../x"),
	OK("rfc g#s/./x", RFC_BASE, "g#s/./x", "http://a/b/c/g"),
	OK("rfc g#s/../x", RFC_BASE, "g#s/../x", "http://a/b/c/g"),
	BAD("rfc http:g (curl reads a host)", RFC_BASE, "http:g", TC_ERR_INVALID),

	/* Relative links on a news site. */
	OK("sibling article", "https://kinhtedothi.vn/thoi-su/a-123.html", "b-456.html",
	   "https://kinhtedothi.vn/thoi-su/b-456.html"),
	OK("parent section", "https://kinhtedothi.vn/thoi-su/2024/a.html", "../",
	   "https://kinhtedothi.vn/thoi-su/"),
	OK("protocol-relative keeps https", "https://a.vn/x", "//cdn.a.vn/img.jpg",
	   "https://cdn.a.vn/img.jpg"),
	OK("protocol-relative keeps http", "http://a.vn/x", "//b.vn", "http://b.vn/"),
	OK("absolute replaces base", "https://a.vn/x/y", "http://b.vn/z", "http://b.vn/z"),
	OK("query only keeps path", "https://a.vn/tin-tuc/?page=2", "?page=3",
	   "https://a.vn/tin-tuc/?page=3"),
	OK("fragment only is the base", "https://a.vn/x?y=1#old", "#comments", "https://a.vn/x?y=1"),
	OK("whitespace only is the base", "https://a.vn/x", "  \t\n ", "https://a.vn/x"),
	OK("base is canonicalised too", "HTTPS://A.VN:443/x/./y?utm_source=z#f", "z",
	   "https://a.vn/x/z"),
	OK("base unused for absolute", "https://a.vn/", "HTTP://B.VN:80", "http://b.vn/"),
	OK("three slashes relative", "http://a.vn/x", "///b.vn/y", "http://b.vn/y"),

	/* Scheme, host, port, path. */
	OK("upper-case scheme and host", NULL, "HTTP://WWW.HaNoi.GOV.VN/Tin-Tuc",
	   "http://www.hanoi.gov.vn/Tin-Tuc"),
	OK("mixed-case https", NULL, "hTTpS://a.vn/", "https://a.vn/"),
	OK("empty path", NULL, "http://a.vn", "http://a.vn/"),
	OK("empty path with query", NULL, "http://a.vn?x=1", "http://a.vn/?x=1"),
	OK("http :80 dropped", NULL, "http://a.vn:80/x", "http://a.vn/x"),
	OK("https :443 dropped", NULL, "https://a.vn:443/x", "https://a.vn/x"),
	OK("http :443 kept", NULL, "http://a.vn:443/x", "http://a.vn:443/x"),
	OK("https :80 kept", NULL, "https://a.vn:80/x", "https://a.vn:80/x"),
	OK("other port kept", NULL, "http://127.0.0.1:8080/x", "http://127.0.0.1:8080/x"),
	OK("empty port", NULL, "http://a.vn:/x", "http://a.vn/x"),
	OK("port with zeros", NULL, "http://a.vn:0080/x", "http://a.vn/x"),
	BAD("port too big", NULL, "http://a.vn:99999/", TC_ERR_INVALID),
	BAD("port not a number", NULL, "http://a.vn:http/", TC_ERR_INVALID),
	OK("dot segments in absolute", NULL, "http://a.vn/a/./b/../c", "http://a.vn/a/c"),
	OK("encoded dot segments", NULL, "http://a.vn/a/b/%2E%2E/c", "http://a.vn/a/c"),
	OK("encoded dot segments, lower case", NULL, "http://a.vn/a/b/%2e%2e/c", "http://a.vn/a/c"),
	OK("IPv4 normalised", NULL, "http://0x7f.1/", "http://127.0.0.1/"),
	OK("IPv6 with port", NULL, "http://[::1]:8080/x", "http://[::1]:8080/x"),
	OK("IPv6 default port", NULL, "http://[::1]:80/x", "http://[::1]/x"),
	OK("trailing-dot host kept", NULL, "http://a.vn./x", "http://a.vn./x"),
	OK("underscore in host", NULL, "http://my_host.a.vn/", "http://my_host.a.vn/"),
	OK("encoded host letters", NULL, "http://%61.vn/", "http://a.vn/"),
	OK("encoded host digits are an IPv4 address", NULL, "https://%38/", "https://0.0.0.8/"),
	OK("encoded loopback", NULL, "http://%31%32%37.0.0.1:80/", "http://127.0.0.1/"),

	/* IDN: punycode, whatever the input's form. */
	OK("IDN host", NULL, "http://h\xC3\xA0n\xE1\xBB\x99i.vn/x", "http://xn--hni-9ka0849a.vn/x"),
	OK("IDN host upper case", NULL, "http://H\xC3\x80N\xE1\xBB\x98I.VN/x",
	   "http://xn--hni-9ka0849a.vn/x"),
	OK("IDN host already punycode", NULL, "http://xn--hni-9ka0849a.vn/x",
	   "http://xn--hni-9ka0849a.vn/x"),
	OK("IDN host punycode upper case", NULL, "http://XN--HNI-9KA0849A.VN/x",
	   "http://xn--hni-9ka0849a.vn/x"),
	OK("IDN host percent-encoded", NULL, "http://h%C3%A0n%E1%BB%99i.vn/x",
	   "http://xn--hni-9ka0849a.vn/x"),
	OK("IDN host in NFD", NULL, "http://ha\xCC\x80no\xCC\xA3\xCC\x82i.vn/x",
	   "http://xn--hni-9ka0849a.vn/x"),
	BAD("IDN host invalid UTF-8", NULL, "http://h\xC3.vn/", TC_ERR_INVALID),

	/* Fragments. */
	OK("fragment dropped", NULL, "http://a.vn/x#top", "http://a.vn/x"),
	OK("empty fragment dropped", NULL, "http://a.vn/x#", "http://a.vn/x"),
	OK("hash route dropped", NULL, "http://a.vn/#/tin/1", "http://a.vn/"),
	OK("fragment after query", NULL, "http://a.vn/x?a=1#b", "http://a.vn/x?a=1"),
	OK("'?' inside fragment", NULL, "http://a.vn/x#a?b=1", "http://a.vn/x"),

	/* Tracking parameters, in every position. */
	OK("utm alone", NULL, "http://a.vn/x?utm_source=fb", "http://a.vn/x"),
	OK("utm first", NULL, "http://a.vn/x?utm_source=fb&id=5", "http://a.vn/x?id=5"),
	OK("utm last", NULL, "http://a.vn/x?id=5&utm_source=fb", "http://a.vn/x?id=5"),
	OK("utm middle", NULL, "http://a.vn/x?a=1&utm_medium=s&b=2", "http://a.vn/x?a=1&b=2"),
	OK("utm everywhere", NULL, "http://a.vn/x?utm_a=1&a=1&utm_b=2&b=2&utm_c=3",
	   "http://a.vn/x?a=1&b=2"),
	OK("zalo share", NULL,
	   "https://hanoimoi.vn/a.html?zarsrc=30&utm_source=zalo&utm_medium=zalo&utm_campaign=zalo&gidzl=Ab1",
	   "https://hanoimoi.vn/a.html"),
	OK("fbclid", NULL, "http://a.vn/x?fbclid=IwAR0abc", "http://a.vn/x"),
	OK("gclid and _ga", NULL, "http://a.vn/x?p=1&gclid=x&_ga=2.1&q=2", "http://a.vn/x?p=1&q=2"),
	OK("msclkid, yclid, igshid", NULL, "http://a.vn/x?msclkid=1&yclid=2&igshid=3", "http://a.vn/x"),
	OK("mailchimp", NULL, "http://a.vn/x?mc_cid=1&mc_eid=2&k=v", "http://a.vn/x?k=v"),
	OK("upper-case name", NULL, "http://a.vn/x?UTM_Source=fb&FBCLID=1&k=v", "http://a.vn/x?k=v"),
	OK("encoded name", NULL, "http://a.vn/x?utm%5Fsource=fb&k=v", "http://a.vn/x?k=v"),
	OK("name without value", NULL, "http://a.vn/x?utm_source&k", "http://a.vn/x?k"),
	OK("utm_ with nothing after", NULL, "http://a.vn/x?utm_=1", "http://a.vn/x"),
	OK("utm without underscore kept", NULL, "http://a.vn/x?utmsource=1", "http://a.vn/x?utmsource=1"),
	OK("longer name kept", NULL, "http://a.vn/x?fbclid2=1", "http://a.vn/x?fbclid2=1"),
	OK("tracking word as value kept", NULL, "http://a.vn/x?q=utm_source", "http://a.vn/x?q=utm_source"),
	OK("other params in order", NULL, "http://a.vn/x?z=1&a=2&m=3", "http://a.vn/x?z=1&a=2&m=3"),
	OK("repeated params kept", NULL, "http://a.vn/x?a=1&a=2", "http://a.vn/x?a=1&a=2"),
	OK("empty params dropped", NULL, "http://a.vn/x?&a=1&&b=2&", "http://a.vn/x?a=1&b=2"),
	OK("empty query dropped", NULL, "http://a.vn/x?", "http://a.vn/x"),
	OK("empty value kept", NULL, "http://a.vn/x?a=&b", "http://a.vn/x?a=&b"),
	OK("ref kept", NULL, "http://a.vn/x?ref=home", "http://a.vn/x?ref=home"),
	OK("rewritten query keeps upper-case escapes", NULL, "http://a.vn/x?utm_source=x&q=%c3%a0&",
	   "http://a.vn/x?q=%C3%A0"),
	OK("rewritten query, raw bytes", NULL, "http://[::1]:8080/x?a=1\xFE&", "http://[::1]:8080/x?a=1%FE"),
	OK("tracking in relative link", "https://a.vn/x/", "y?utm_campaign=c&id=9#f",
	   "https://a.vn/x/y?id=9"),

	/* Escaping. */
	OK("spaces", NULL, "http://a.vn/a b/c d?q=e f", "http://a.vn/a%20b/c%20d?q=e%20f"),
	OK("vietnamese slug", NULL, "http://a.vn/tin-t\xE1\xBB\xA9" "c/h\xC3\xA0-n\xE1\xBB\x99i.html",
	   "http://a.vn/tin-t%E1%BB%A9c/h%C3%A0-n%E1%BB%99i.html"),
	OK("vietnamese query", NULL, "http://a.vn/s?q=th\xE1\xBB\xA7 \xC4\x91\xC3\xB4",
	   "http://a.vn/s?q=th%E1%BB%A7%20%C4%91%C3%B4"),
	OK("already encoded stays", NULL, "http://a.vn/h%C3%A0-n%E1%BB%99i", "http://a.vn/h%C3%A0-n%E1%BB%99i"),
	OK("lower-case escapes upper-cased", NULL, "http://a.vn/h%c3%a0?x=%e1%bb%99",
	   "http://a.vn/h%C3%A0?x=%E1%BB%99"),
	OK("unreserved escapes decoded", NULL, "http://a.vn/%7Euser/%41b%2d%5F%2E?%61=%31",
	   "http://a.vn/~user/Ab-_.?a=1"),
	OK("reserved escapes kept", NULL, "http://a.vn/a%2Fb?x=%26%3D", "http://a.vn/a%2Fb?x=%26%3D"),
	OK("stray percent escaped", NULL, "http://a.vn/50%/x%zz?p=%", "http://a.vn/50%25/x%25zz?p=%25"),
	OK("stray percent before a decoded escape", NULL, "http://a.vn/%%%66?%6%66",
	   "http://a.vn/%25%25f?%256f"),
	OK("unsafe ASCII encoded", NULL, "http://a.vn/a\"<>^`{|}b", "http://a.vn/a%22%3C%3E%5E%60%7B%7C%7Db"),
	OK("control bytes encoded", NULL, "http://a.vn/a\x01\x7F", "http://a.vn/a%01%7F"),
	OK("invalid UTF-8 encoded", NULL, "http://a.vn/\xFF\xC3", "http://a.vn/%FF%C3"),
	OK("backslash in path is /", NULL, "http://a.vn\\x\\y", "http://a.vn/x/y"),
	OK("backslashes after scheme", NULL, "http:\\\\a.vn\\x", "http://a.vn/x"),
	OK("backslash in query encoded", NULL, "http://a.vn/x?p=a\\b", "http://a.vn/x?p=a%5Cb"),
	OK("brackets and sub-delims kept", NULL, "http://a.vn/a;b,c=d!e$f'g(h)*i+j@k:l?m=[n]/o",
	   "http://a.vn/a;b,c=d!e$f'g(h)*i+j@k:l?m=[n]/o"),

	/* Whitespace. */
	OK("surrounding whitespace", NULL, "  \t\r\n http://a.vn/x \n\t ", "http://a.vn/x"),
	OK("inner newline and tab dropped", NULL, "http://a.v\nn/x\t/y\r", "http://a.vn/x/y"),
	OK("surrounding control bytes", NULL, "\x01\x02http://a.vn/\x1F", "http://a.vn/"),
	OK("space before fragment kept encoded", NULL, "http://a.vn/x #f", "http://a.vn/x%20"),

	/* Refused. */
	BAD("javascript", NULL, "javascript:alert(1)", TC_ERR_INVALID),
	BAD("javascript with base", "http://a.vn/", "JavaScript:void(0)", TC_ERR_INVALID),
	BAD("javascript with spaces", "http://a.vn/", "  javascript:x", TC_ERR_INVALID),
	BAD("javascript with tab inside", "http://a.vn/", "java\tscript:x", TC_ERR_INVALID),
	BAD("mailto", "http://a.vn/", "mailto:toasoan@a.vn", TC_ERR_INVALID),
	BAD("data", "http://a.vn/", "data:text/html,<b>x</b>", TC_ERR_INVALID),
	BAD("tel", "http://a.vn/", "tel:+84241234567", TC_ERR_INVALID),
	BAD("ftp", NULL, "ftp://a.vn/x", TC_ERR_INVALID),
	BAD("file", NULL, "file:///etc/passwd", TC_ERR_INVALID),
	BAD("relative without base", NULL, "/x", TC_ERR_INVALID),
	BAD("protocol-relative without base", NULL, "//a.vn/x", TC_ERR_INVALID),
	BAD("empty without base", NULL, "", TC_ERR_INVALID),
	BAD("no host", NULL, "http://", TC_ERR_INVALID),
	BAD("no host, path", NULL, "http://?x", TC_ERR_INVALID),
	BAD("user and password", NULL, "http://user:pw@a.vn/", TC_ERR_INVALID),
	BAD("user only", NULL, "http://a.vn@evil.example/", TC_ERR_INVALID),
	BAD("empty user", NULL, "http://@a.vn/", TC_ERR_INVALID),
	BAD("space in host", NULL, "http://a b.vn/", TC_ERR_INVALID),
	BAD("encoded slash in host", NULL, "http://a%2Fb.vn/", TC_ERR_INVALID),
	BAD("encoded @ in host", NULL, "http://a%40b.vn/", TC_ERR_INVALID),
	BAD("IPv6 zone id", NULL, "http://[fe80::1%25eth0]/", TC_ERR_INVALID),
	BAD("base not http", "mailto:a@b.vn", "x", TC_ERR_INVALID),
	BAD("base relative", "/x/y", "z", TC_ERR_INVALID),
	BAD("base empty", "", "z", TC_ERR_INVALID),
};

static void test_canon(void **state)
{
	(void)state;
	int nfail = 0;
	tc_buf out;
	tc_buf_init(&out, 4096);
	for (size_t i = 0; i < N_ROWS(canon_rows); i++) {
		const canon_row *row = &canon_rows[i];
		tc_err err = {{0}};
		tc_status st = canon_exact(row->base, row->href, strlen(row->href), &out, &err);
		const char *got = out.data ? out.data : "";
		if (st != row->want_st) {
			ROW_FAIL(nfail, row->name, "status %d (%s), want %d; out \"%s\"", st, err.msg,
				 row->want_st, got);
			continue;
		}
		if (st != TC_OK) {
			if (out.len != 0)
				ROW_FAIL(nfail, row->name, "out not empty after a failure");
			if (err.msg[0] == '\0')
				ROW_FAIL(nfail, row->name, "no message");
			continue;
		}
		if (strcmp(got, row->want) != 0 || out.len != strlen(row->want)) {
			ROW_FAIL(nfail, row->name, "\"%s\", want \"%s\"", got, row->want);
			continue;
		}
		/* Fixed point, with and without a base. */
		char *again = unit_exact_copy(got, out.len + 1);
		size_t again_n = out.len;
		st = canon_exact(NULL, again, again_n, &out, &err);
		if (st != TC_OK || strcmp(out.data, again) != 0)
			ROW_FAIL(nfail, row->name, "not a fixed point: \"%s\" gives \"%s\" (%d)", again,
				 out.data ? out.data : "", st);
		st = canon_exact("http://other.example/", again, again_n, &out, &err);
		if (st != TC_OK || strcmp(out.data, again) != 0)
			ROW_FAIL(nfail, row->name, "not a fixed point against a base");
		free(again);
	}
	tc_buf_release(&out);
	ROWS_DONE(nfail, N_ROWS(canon_rows));
}

/* A Vietnamese slug survives: percent-decoding the canonical path gives
 * back the UTF-8 bytes of the link. */
static void test_slug_round_trip(void **state)
{
	(void)state;
	static const char *const slugs[] = {
		"/th\xE1\xBB\xA7-\xC4\x91\xC3\xB4-h\xC3\xA0-n\xE1\xBB\x99i",
		"/\xC4\x90\xE1\xBA\xA3ng-\xE1\xBB\xA7y/ngh\xE1\xBB\x8B-quy\xE1\xBA\xBFt-35-CT-TW.html",
		"/giao-th\xC3\xB4ng/\xC4\x91\xC6\xB0\xE1\xBB\x9Dng v\xC3\xA0nh \xC4\x91\x61i 4",
		"/h\xC3\xB2\x61-b\xC3\xACnh?trang=2",
	};
	int nfail = 0;
	tc_buf out;
	tc_buf_init(&out, TC_URL_MAX);
	for (size_t i = 0; i < N_ROWS(slugs); i++) {
		char href[512];
		snprintf(href, sizeof href, "https://nhandan.vn%s", slugs[i]);
		if (canon_exact(NULL, href, strlen(href), &out, NULL) != TC_OK) {
			ROW_FAIL(nfail, slugs[i], "refused");
			continue;
		}
		const char *p = out.data + strlen("https://nhandan.vn");
		char dec[512];
		size_t n = 0;
		for (size_t k = 0; p[k] && n + 1 < sizeof dec; k++) {
			unsigned int v;
			if (p[k] == '%' && sscanf(p + k + 1, "%2x", &v) == 1) {
				dec[n++] = (char)v;
				k += 2;
			} else {
				dec[n++] = p[k];
			}
			if ((unsigned char)p[k] >= 0x80 || p[k] == ' ')
				ROW_FAIL(nfail, slugs[i], "raw byte 0x%02x in output", (unsigned char)p[k]);
		}
		dec[n] = '\0';
		if (strcmp(dec, slugs[i]) != 0)
			ROW_FAIL(nfail, slugs[i], "decodes to \"%s\"", dec);
	}
	tc_buf_release(&out);
	ROWS_DONE(nfail, N_ROWS(slugs));
}

/* The length caps: 2048 bytes out, TC_URL_MAX_INPUT in, and out's own cap. */
static void test_lengths(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		size_t href_len; /* "http://a.vn/" then 'x's (or a fragment) */
		int fragment;    /* the padding is in a fragment */
		size_t out_max;
		tc_status want;
	} rows[] = {
		{"exactly 2048", TC_URL_MAX, 0, 4096, TC_OK},
		{"2049", TC_URL_MAX + 1, 0, 4096, TC_ERR_TOO_BIG},
		{"much longer", 10000, 0, 4096, TC_ERR_TOO_BIG},
		{"long only through its fragment", 10000, 1, 4096, TC_OK},
		{"input cap", TC_URL_MAX_INPUT, 1, 4096, TC_OK},
		{"one past input cap", TC_URL_MAX_INPUT + 1, 1, 4096, TC_ERR_TOO_BIG},
		{"past out's own cap", 100, 0, 50, TC_ERR_TOO_BIG},
		{"at out's own cap", 100, 0, 100, TC_OK},
	};
	int nfail = 0;
	for (size_t i = 0; i < N_ROWS(rows); i++) {
		size_t n = rows[i].href_len;
		char *href = malloc(n + 4);
		assert_non_null(href);
		memcpy(href, "http://a.vn/", 12);
		memset(href + 12, 'x', n - 12);
		if (rows[i].fragment)
			href[13] = '#';
		/* Whitespace around does not count towards the input cap. */
		href[n] = ' ';
		tc_buf out;
		tc_buf_init(&out, rows[i].out_max);
		tc_err err = {{0}};
		tc_status st = canon_exact(NULL, href, n + 1, &out, &err);
		if (st != rows[i].want)
			ROW_FAIL(nfail, rows[i].name, "status %d (%s), want %d", st, err.msg, rows[i].want);
		if (st == TC_OK && (out.len > TC_URL_MAX || out.len > rows[i].out_max))
			ROW_FAIL(nfail, rows[i].name, "length %zu", out.len);
		if (st != TC_OK && out.len != 0)
			ROW_FAIL(nfail, rows[i].name, "out not empty after a failure");
		tc_buf_release(&out);
		free(href);
	}
	ROWS_DONE(nfail, N_ROWS(rows));
}

static void test_nul_and_usage(void **state)
{
	(void)state;
	tc_buf out;
	tc_buf_init(&out, 4096);
	tc_err err = {{0}};
	assert_int_equal(canon_exact(NULL, "http://a.vn/a\0b", 15, &out, &err), TC_ERR_INVALID);
	assert_int_equal(out.len, 0);
	assert_int_equal(canon_exact(NULL, "http://a\0.vn/", 13, &out, &err), TC_ERR_INVALID);
	/* A NUL among the trimmed bytes at the ends is harmless. */
	assert_int_equal(canon_exact(NULL, "http://a.vn/\0", 13, &out, &err), TC_OK);
	assert_string_equal(out.data, "http://a.vn/");
	/* The length is honoured: nothing after href_len is read. */
	assert_int_equal(canon_exact(NULL, "http://a.vn/abc", 13, &out, &err), TC_OK);
	assert_string_equal(out.data, "http://a.vn/a");
	/* out is reset first. */
	assert_int_equal(tc_buf_append_str(&out, "junk"), TC_OK);
	assert_int_equal(tc_url_canon(NULL, "http://b.vn", 11, &out, NULL), TC_OK);
	assert_string_equal(out.data, "http://b.vn/");
	assert_int_equal(tc_url_canon(NULL, NULL, 3, &out, &err), TC_ERR_USAGE);
	assert_int_equal(tc_url_canon("http://a.vn/x", NULL, 0, &out, &err), TC_OK);
	assert_string_equal(out.data, "http://a.vn/x");
	assert_int_equal(tc_url_canon(NULL, "http://a.vn", 11, NULL, &err), TC_ERR_USAGE);
	tc_buf_release(&out);
}

static void test_tracking_names(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		int want;
	} rows[] = {
		{"utm_source", 1}, {"utm_medium", 1}, {"utm_campaign", 1}, {"utm_term", 1},
		{"utm_content", 1}, {"utm_id", 1}, {"UTM_SOURCE", 1}, {"utm_", 1},
		{"fbclid", 1}, {"gclid", 1}, {"gclsrc", 1}, {"dclid", 1}, {"gbraid", 1},
		{"wbraid", 1}, {"_ga", 1}, {"_gl", 1}, {"msclkid", 1}, {"yclid", 1},
		{"twclid", 1}, {"ttclid", 1}, {"igshid", 1}, {"mc_cid", 1}, {"mc_eid", 1},
		{"_hsenc", 1}, {"_hsmi", 1}, {"zarsrc", 1}, {"gidzl", 1},
		{"utm", 0}, {"utmsource", 0}, {"id", 0}, {"page", 0}, {"ref", 0}, {"q", 0},
		{"fbclid2", 0}, {"_gac", 0}, {"", 0}, {"gid", 0},
	};
	int nfail = 0;
	for (size_t i = 0; i < N_ROWS(rows); i++) {
		char *copy = unit_exact_copy(rows[i].name, strlen(rows[i].name));
		if (tc_url_is_tracking_param(copy, strlen(rows[i].name)) != rows[i].want)
			ROW_FAIL(nfail, rows[i].name, "want %d", rows[i].want);
		free(copy);
	}
	ROWS_DONE(nfail, N_ROWS(rows));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_canon),
		cmocka_unit_test(test_slug_round_trip),
		cmocka_unit_test(test_lengths),
		cmocka_unit_test(test_nul_and_usage),
		cmocka_unit_test(test_tracking_names),
	};
	return cmocka_run_group_tests_name("url", tests, NULL, NULL);
}
