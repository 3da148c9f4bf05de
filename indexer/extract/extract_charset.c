/*
 * extract_charset.c - decide the charset of a fetched page and hand the
 * parser UTF-8; see extract_charset.h for the order of evidence.
 *
 * libxml2 is always given UTF-8 with its own encoding detection switched
 * off: its detection trusts a <meta> that lies, and on the first invalid
 * UTF-8 byte it switches the rest of the page to ISO-8859-1 (mojibake).
 */
#include "extract_charset.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "extract_vnfont.h"
#include "tc_ascii.h"
#include "tc_banned.h"

#define PRESCAN_MAX 16384

static const char replacement[3] = {'\xEF', '\xBF', '\xBD'};

/* ---- UTF-8 ----------------------------------------------------------- */

/* Length of the well-formed UTF-8 sequence at s[0..n) (Unicode Table 3-7),
 * 0 when it is not one. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	if (c < 0x80)
		return 1;
	if (c < 0xC2 || c > 0xF4)
		return 0;
	size_t len = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
	if (n < len)
		return 0;
	unsigned lo = 0x80, hi = 0xBF;
	if (c == 0xE0)
		lo = 0xA0;
	else if (c == 0xED)
		hi = 0x9F;
	else if (c == 0xF0)
		lo = 0x90;
	else if (c == 0xF4)
		hi = 0x8F;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	return len;
}

/* Count the multi-byte sequences and the invalid bytes of s[0..n). */
static void utf8_survey(const char *s, size_t n, size_t *mb, size_t *bad)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	*mb = *bad = 0;
	while (i < n) {
		/* ASCII fast path, eight bytes at a time. */
		while (i + 8 <= n) {
			uint64_t w;
			memcpy(&w, p + i, 8);
			if (w & UINT64_C(0x8080808080808080))
				break;
			i += 8;
		}
		if (i >= n)
			break;
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		size_t k = utf8_seq(p + i, n - i);
		if (k) {
			(*mb)++;
			i += k;
		} else {
			(*bad)++;
			i++;
		}
	}
}

/* Append s[0..n) with every invalid byte replaced by U+FFFD. */
static tc_status utf8_repair(const char *s, size_t n, tc_buf *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run = 0;
	tc_status st = TC_OK;
	while (i < n && st == TC_OK) {
		size_t k = utf8_seq(p + i, n - i);
		if (k) {
			i += k;
			continue;
		}
		st = tc_buf_append(out, s + run, i - run);
		if (st == TC_OK)
			st = tc_buf_append(out, replacement, sizeof replacement);
		run = ++i;
	}
	if (st == TC_OK)
		st = tc_buf_append(out, s + run, n - run);
	return st;
}

/* ---- labels ---------------------------------------------------------- */

typedef struct alias {
	const char *label, *name;
} alias;

static const alias aliases[] = {
	{"utf-8", "UTF-8"},         {"utf8", "UTF-8"},
	{"unicode-1-1-utf-8", "UTF-8"},
	{"utf-16", "UTF-16LE"},     {"utf-16le", "UTF-16LE"},
	{"utf-16be", "UTF-16BE"},   {"unicode", "UTF-16LE"},
	/* The web's Latin-1 is windows-1252 (WHATWG), and so is "ASCII". */
	{"iso-8859-1", "CP1252"},   {"iso8859-1", "CP1252"},
	{"iso_8859-1", "CP1252"},   {"latin1", "CP1252"},
	{"latin-1", "CP1252"},      {"l1", "CP1252"},
	{"cp819", "CP1252"},        {"ibm819", "CP1252"},
	{"us-ascii", "CP1252"},     {"ascii", "CP1252"},
	{"windows-1252", "CP1252"}, {"cp1252", "CP1252"},
	{"x-cp1252", "CP1252"},     {"x-user-defined", "CP1252"},
	{"windows-1258", "CP1258"}, {"cp1258", "CP1258"},
	{"x-cp1258", "CP1258"},     {"viscii", "VISCII"},
	{"csviscii", "VISCII"},     {"viscii1.1-1", "VISCII"},
	{"tcvn", "TCVN5712-1"},     {"tcvn3", "TCVN5712-1"},
	{"tcvn-5712", "TCVN5712-1"},{"tcvn5712-1", "TCVN5712-1"},
	{"tcvn5712-1:1993", "TCVN5712-1"},
};

int tc_charset_canonical(const char *label, size_t n, char out[TC_CHARSET_NAME_MAX])
{
	while (n && (*label == ' ' || *label == '\t' || *label == '"' || *label == '\'')) {
		label++;
		n--;
	}
	while (n && (label[n - 1] == ' ' || label[n - 1] == '\t' || label[n - 1] == '"' ||
		     label[n - 1] == '\'' || label[n - 1] == ';'))
		n--;
	if (n == 0 || n >= TC_CHARSET_NAME_MAX)
		return 0;
	char low[TC_CHARSET_NAME_MAX];
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)label[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_' || c == '.' || c == ':'))
			return 0;
		low[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	low[n] = '\0';
	for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++) {
		if (!strcmp(low, aliases[i].label)) {
			size_t k = strlen(aliases[i].name);
			memcpy(out, aliases[i].name, k + 1);
			return 1;
		}
	}
	/* Anything else iconv knows by that name (ISO-8859-15, KOI8-R...). */
	for (size_t i = 0; i <= n; i++)
		out[i] = (char)(low[i] >= 'a' && low[i] <= 'z' ? low[i] - 32 : low[i]);
	iconv_t cd = iconv_open("UTF-8", out);
	if (cd == (iconv_t)-1)
		return 0;
	iconv_close(cd);
	return 1;
}

/* Charsets where one byte is not one character. */
static int multibyte(const char *name)
{
	static const char *const pre[] = {"UTF-", "UCS-", "GB", "BIG5", "SHIFT", "SJIS", "EUC",
					  "ISO-2022", "CP93", "CP94", "CP95", "UHC", "JOHAB", "HZ"};
	for (size_t i = 0; i < sizeof pre / sizeof pre[0]; i++)
		if (!strncmp(name, pre[i], strlen(pre[i])))
			return 1;
	return 0;
}

/* ---- <meta> prescan -------------------------------------------------- */

static int ci_prefix(const char *s, size_t n, const char *p)
{
	size_t k = strlen(p);
	return n >= k && !strncasecmp(s, p, k);
}

/* The charset named after "charset=" in a Content-Type value. */
static int charset_param(const char *v, size_t n, char out[TC_CHARSET_NAME_MAX])
{
	for (size_t i = 0; i + 8 <= n; i++) {
		if (strncasecmp(v + i, "charset", 7))
			continue;
		size_t j = i + 7;
		while (j < n && tc_ascii_isspace(v[j]))
			j++;
		if (j >= n || v[j] != '=')
			continue;
		j++;
		while (j < n && (tc_ascii_isspace(v[j]) || v[j] == '"' || v[j] == '\''))
			j++;
		size_t k = j;
		while (k < n && !tc_ascii_isspace(v[k]) && v[k] != ';' && v[k] != '"' && v[k] != '\'')
			k++;
		return tc_charset_canonical(v + j, k - j, out);
	}
	return 0;
}

/* Parse the attributes of a <meta at s[i..lim); *i ends after its '>'. */
static int meta_charset(const char *s, size_t lim, size_t *pi, char out[TC_CHARSET_NAME_MAX])
{
	size_t i = *pi;
	const char *cs = NULL, *content = NULL;
	size_t cs_n = 0, content_n = 0;
	int equiv = 0;
	while (i < lim && s[i] != '>') {
		if (tc_ascii_isspace(s[i]) || s[i] == '/') {
			i++;
			continue;
		}
		size_t ns = i;
		while (i < lim && !tc_ascii_isspace(s[i]) && s[i] != '=' && s[i] != '>' && s[i] != '/')
			i++;
		size_t nn = i - ns;
		while (i < lim && tc_ascii_isspace(s[i]))
			i++;
		const char *v = "";
		size_t vn = 0;
		if (i < lim && s[i] == '=') {
			i++;
			while (i < lim && tc_ascii_isspace(s[i]))
				i++;
			if (i < lim && (s[i] == '"' || s[i] == '\'')) {
				char q = s[i++];
				v = s + i;
				while (i < lim && s[i] != q)
					i++;
				vn = (size_t)(s + i - v);
				if (i < lim)
					i++;
			} else {
				v = s + i;
				while (i < lim && !tc_ascii_isspace(s[i]) && s[i] != '>')
					i++;
				vn = (size_t)(s + i - v);
			}
		}
		if (nn == 7 && !strncasecmp(s + ns, "charset", 7)) {
			cs = v;
			cs_n = vn;
		} else if (nn == 7 && !strncasecmp(s + ns, "content", 7)) {
			content = v;
			content_n = vn;
		} else if (nn == 10 && !strncasecmp(s + ns, "http-equiv", 10)) {
			equiv = vn == 12 && !strncasecmp(v, "content-type", 12);
		}
	}
	*pi = i;
	if (cs)
		return tc_charset_canonical(cs, cs_n, out);
	if (equiv && content)
		return charset_param(content, content_n, out);
	return 0;
}

/* The charset the page declares in its first PRESCAN_MAX bytes. */
static int prescan(const char *s, size_t n, char out[TC_CHARSET_NAME_MAX])
{
	size_t lim = n < PRESCAN_MAX ? n : PRESCAN_MAX;
	for (size_t i = 0; i < lim; i++) {
		if (s[i] != '<')
			continue;
		if (ci_prefix(s + i, lim - i, "<!--")) {
			const char *e = tc_mem_find(s + i + 4, lim - i - 4, "-->", 3);
			if (!e)
				return 0;
			i = (size_t)(e - s) + 2;
		} else if (ci_prefix(s + i, lim - i, "<meta") && i + 5 < lim &&
			   (tc_ascii_isspace(s[i + 5]) || s[i + 5] == '/')) {
			i += 5;
			if (meta_charset(s, lim, &i, out)) {
				/* A page that says UTF-16 in ASCII bytes is not UTF-16. */
				if (!strncmp(out, "UTF-16", 6))
					memcpy(out, "UTF-8", 6);
				return 1;
			}
		} else if (ci_prefix(s + i, lim - i, "<?xml")) {
			const char *e = tc_mem_find(s + i, lim - i, "?>", 2);
			size_t end = e ? (size_t)(e - s) : lim;
			for (size_t j = i; j + 9 < end; j++) {
				if (strncmp(s + j, "encoding", 8))
					continue;
				size_t k = j + 8;
				while (k < end && (tc_ascii_isspace(s[k]) || s[k] == '='))
					k++;
				if (k < end && (s[k] == '"' || s[k] == '\'')) {
					char q = s[k++];
					size_t v = k;
					while (k < end && s[k] != q)
						k++;
					if (tc_charset_canonical(s + v, k - v, out))
						return strncmp(out, "UTF-16", 6) ? 1 :
							(memcpy(out, "UTF-8", 6), 1);
				}
				break;
			}
		}
	}
	return 0;
}

/* ---- sniffing -------------------------------------------------------- */

/* A guess for bytes that are not UTF-8: Vietnamese windows-1258 writes tone
 * marks as combining bytes after a letter; VISCII puts six letters in C0. */
static const char *sniff_legacy(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t tones = 0, viscii = 0, high = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned c = p[i];
		if (c >= 0x80)
			high++;
		if (c == 0x02 || c == 0x05 || c == 0x06 || c == 0x14 || c == 0x19 || c == 0x1E)
			viscii++;
		if (i && (c == 0xCC || c == 0xEC || c == 0xD2 || c == 0xDE || c == 0xF2)) {
			unsigned b = p[i - 1];
			if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || b == 0xC2 ||
			    b == 0xE2 || b == 0xCA || b == 0xEA || b == 0xD4 || b == 0xF4 ||
			    b == 0xC3 || b == 0xE3 || b == 0xD5 || b == 0xF5 || b == 0xDD || b == 0xFD)
				tones++;
		}
	}
	if (viscii >= 3 && viscii * 20 >= high)
		return "VISCII";
	if (tones >= 2 && tones * 8 >= high)
		return "CP1258";
	return "CP1252";
}

/* ---- conversion ------------------------------------------------------ */

static tc_status convert(const char *s, size_t n, const char *from, tc_buf *out)
{
	iconv_t cd = iconv_open("UTF-8", from);
	if (cd == (iconv_t)-1)
		return utf8_repair(s, n, out);
	size_t unit = !strncmp(from, "UTF-16", 6) ? 2 : 1;
	char tmp[16384];
	char *in = (char *)(uintptr_t)s; /* iconv's prototype lacks const */
	size_t left = n;
	tc_status st = TC_OK;
	while (left && st == TC_OK) {
		char *o = tmp;
		size_t room = sizeof tmp;
		size_t r = iconv(cd, &in, &left, &o, &room);
		int e = r == (size_t)-1 ? errno : 0;
		st = tc_buf_append(out, tmp, (size_t)(o - tmp));
		if (st != TC_OK || !e || e == E2BIG)
			continue;
		/* EILSEQ: a byte with no meaning here; EINVAL: cut at the end.
		 * Flush what the decoder holds back, then mark the gap. */
		o = tmp;
		room = sizeof tmp;
		iconv(cd, NULL, NULL, &o, &room);
		st = tc_buf_append(out, tmp, (size_t)(o - tmp));
		if (st == TC_OK)
			st = tc_buf_append(out, replacement, sizeof replacement);
		size_t skip = e == EINVAL ? left : unit < left ? unit : left;
		in += skip;
		left -= skip;
	}
	if (st == TC_OK) {
		/* Flush a stateful decoder (CP1258 holds back a base letter). */
		char *o = tmp;
		size_t room = sizeof tmp;
		iconv(cd, NULL, NULL, &o, &room);
		st = tc_buf_append(out, tmp, (size_t)(o - tmp));
	}
	iconv_close(cd);
	return st;
}

static void set_name(char name[TC_CHARSET_NAME_MAX], const char *s)
{
	size_t k = strlen(s);
	memcpy(name, s, k + 1);
}

tc_status tc_charset_to_utf8(const char *html, size_t n, const char *http_charset, tc_buf *out,
			     const char **utf8, size_t *utf8_len, char used[TC_CHARSET_NAME_MAX])
{
	char name[TC_CHARSET_NAME_MAX] = "", meta[TC_CHARSET_NAME_MAX] = "";
	int declared = 0, from_http = 0;
	const unsigned char *u = (const unsigned char *)html;
	*utf8 = "";
	*utf8_len = 0;
	int has_meta = 0;
	if (n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
		set_name(name, u[0] == 0xFF ? "UTF-16LE" : "UTF-16BE");
		html += 2;
		n -= 2;
		declared = 1;
	} else {
		has_meta = prescan(html, n, meta);
		if (http_charset && tc_charset_canonical(http_charset, strlen(http_charset), name)) {
			declared = from_http = 1;
		} else if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
			set_name(name, "UTF-8");
			declared = 1;
		} else if (has_meta) {
			set_name(name, meta);
			declared = 1;
		}
	}
	if (!strcmp(name, "UTF-8") && n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
		html += 3;
		n -= 3;
	}
	size_t mb = 0, bad = 0;
	int guessed = 0; /* nothing declared fits: sniff_legacy decides */
	if (!declared || !multibyte(name) || !strcmp(name, "UTF-8"))
		utf8_survey(html, n, &mb, &bad);
	/* the page's own declaration, when it names a legacy charset */
	int meta_legacy = has_meta && strcmp(meta, "UTF-8") && !multibyte(meta);
	if (!declared) {
		if (!bad)
			set_name(name, "UTF-8");
		else
			guessed = 1;
	} else if (!multibyte(name) && !bad &&
		   (mb || (strcmp(name, "VISCII") && strncmp(name, "TCVN", 4)))) {
		/* "ISO-8859-1" that is really UTF-8; or plain ASCII, which every
		 * single-byte charset but VISCII and TCVN reads the same. */
		set_name(name, "UTF-8");
	} else if (!strcmp(name, "UTF-8") && bad >= 4 && bad > mb) {
		/* "UTF-8" that is not: the page's <meta>, else a guess */
		if (from_http && meta_legacy)
			set_name(name, meta);
		else
			guessed = 1;
	} else if (from_http && !strcmp(name, "CP1252") && has_meta && strcmp(meta, "CP1252")) {
		/* ISO-8859-1 is many servers' default, not a statement about the
		 * page; a page that names its own legacy charset knows better, and
		 * one that says UTF-8 in bytes that are not has both wrong */
		if (meta_legacy)
			set_name(name, meta);
		else
			guessed = 1;
	}
	if (guessed)
		set_name(name, sniff_legacy(html, n));
	/* TCVN3 and VNI pages pass for windows-1252 (their fonts draw Latin-1
	 * bytes as Vietnamese), so a page read as windows-1252, or whose
	 * charset is only a guess, is checked for them; never one that a
	 * declaration of UTF-8, windows-1258 or another charset fits.
	 * sniff_legacy can take TCVN3 for windows-1258: è ề ị ỡ ũ are bytes
	 * it counts as tone marks. */
	tc_vnfont font = TC_VNFONT_NONE;
	if (!strcmp(name, "CP1252") || guessed)
		font = tc_vnfont_detect(html, n, NULL);
	if (font)
		set_name(name, tc_vnfont_name(font));
	if (used)
		memcpy(used, name, strlen(name) + 1);
	tc_status st = TC_OK;
	if (!strcmp(name, "UTF-8")) {
		if (!bad) {
			*utf8 = html;
			*utf8_len = n;
			return TC_OK;
		}
		st = utf8_repair(html, n, out);
	} else if (font) {
		st = tc_vnfont_to_utf8(html, n, font, out);
	} else {
		st = convert(html, n, name, out);
	}
	if (st == TC_OK) {
		*utf8 = out->data ? out->data : "";
		*utf8_len = out->len;
	}
	return st;
}

void tc_charset_param(const char *ctype, char *out, size_t cap)
{
	if (!cap)
		return;
	out[0] = '\0';
	const char *p = ctype;
	while (p && (p = strchr(p, ';')) != NULL) {
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncasecmp(p, "charset=", 8) != 0)
			continue;
		p += 8;
		if (*p == '"')
			p++;
		size_t k = 0;
		while (p[k] && p[k] != ';' && p[k] != '"' && p[k] != ' ' && k + 1 < cap) {
			out[k] = p[k];
			k++;
		}
		out[k] = '\0';
		return;
	}
}
