/* cgi_params.c - parse and check the search page's query string; see cgi_params.h. */
#include "cgi_params.h"

#include <stdio.h>
#include <string.h>

#include "params.h"
#include "tc_schema.h"
#include "vn_text.h"
#include "tc_ascii.h"
#include "tc_banned.h"

/* Longest raw value kept for any parameter: enough for a q of TC_CGI_Q_MAX
 * bytes written entirely as %XX escapes. */
#define RAW_MAX (TC_CGI_Q_MAX * 3)

/*
 * Decode s[0..n) ('+' is a space, %XX a byte) into out (room for cap bytes
 * plus a NUL).  Returns the decoded length, -1 for a bad escape or a NUL
 * byte, -2 when it does not fit.
 */
static long url_decode(const char *s, size_t n, char *out, size_t cap)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '+') {
			c = ' ';
		} else if (c == '%') {
			int hi = i + 1 < n ? tc_ascii_hexval(s[i + 1]) : -1;
			int lo = i + 2 < n ? tc_ascii_hexval(s[i + 2]) : -1;
			if (hi < 0 || lo < 0)
				return -1;
			c = (char)(hi * 16 + lo);
			i += 2;
		}
		if (c == '\0')
			return -1;
		if (o == cap)
			return -2;
		out[o++] = c;
	}
	out[o] = '\0';
	return (long)o;
}

/* Every byte sequence decodes to its own code point (no U+FFFD stand-ins). */
static int valid_utf8(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		int32_t cp;
		size_t k = vn_utf8_decode((const unsigned char *)s + i, n - i, &cp);
		if (cp == 0xFFFD && !(k == 3 && !memcmp(s + i, "\xEF\xBF\xBD", 3)))
			return 0;
		i += k;
	}
	return 1;
}

static tc_status bad(tc_cgi_params *p, const char *name, tc_err *err, const char *why)
{
	size_t n = strlen(name);
	if (n >= sizeof p->bad_param)
		n = sizeof p->bad_param - 1;
	memcpy(p->bad_param, name, n);
	p->bad_param[n] = '\0';
	return tc_err_set(err, TC_ERR_USAGE, "Tham số “%s” không hợp lệ: %s.", p->bad_param, why);
}

/* Check one decoded value v of parameter name into p. */
static tc_status take(tc_cgi_params *p, const char *name, char *v, size_t vn, tc_err *err)
{
	if (!strcmp(name, "q")) {
		if (vn > TC_CGI_Q_MAX)
			return bad(p, name, err, "câu tìm kiếm dài quá 512 byte");
		if (!valid_utf8(v, vn))
			return bad(p, name, err, "không phải văn bản UTF-8 hợp lệ");
		memcpy(p->q, v, vn + 1);
		p->q_len = vn;
	} else if (!strcmp(name, "page")) {
		uint64_t x;
		if (!tc_param_number(v, vn, &x) || x < 1 || x > TC_CGI_PAGE_MAX)
			return bad(p, name, err, "số trang phải là số nguyên từ 1 đến 1000");
		p->page = (uint32_t)x;
	} else if (!strcmp(name, "n")) {
		/* Any whole number is clamped, however many digits it has. */
		uint64_t x;
		if (!tc_param_number(v, vn, &x))
			return bad(p, name, err, "số kết quả mỗi trang phải là số nguyên (chỉ gồm chữ số)");
		p->n = x < 1 ? 1 : x > TC_CGI_N_MAX ? TC_CGI_N_MAX : (uint32_t)x;
	} else if (!strcmp(name, "from") || !strcmp(name, "to")) {
		int from = name[0] == 'f';
		char *ymd = from ? p->from_ymd : p->to_ymd;
		if (vn != 10 || !tc_schema_date(v, vn, ymd)) {
			ymd[0] = '\0';
			return bad(p, name, err, "ngày phải có dạng YYYY-MM-DD và có thật");
		}
		memcpy(from ? p->from : p->to, v, 11);
	} else if (!strcmp(name, "site")) {
		if (!tc_param_host(v, vn, p->site))
			return bad(p, name, err,
				   "tên miền dài 1 đến 253 byte, chỉ gồm chữ cái a-z, chữ số, dấu chấm và "
				   "gạch nối, không bắt đầu bằng dấu chấm hay gạch nối");
	} else if (!strcmp(name, "cat")) {
		if (vn > TC_CGI_CAT_MAX || !valid_utf8(v, vn))
			return bad(p, name, err, "chuyên mục dài tối đa 256 byte, mã UTF-8 hợp lệ");
		memcpy(p->cat, v, vn);
		p->cat[vn] = '\0';
	} else if (!strcmp(name, "sort")) {
		if (!tc_param_sort(v, vn, &p->sort_date))
			return bad(p, name, err, "chỉ nhận “relevance” hoặc “date”");
	} else if (!strcmp(name, "format")) {
		static const struct { const char *name; tc_cgi_format f; } formats[] = {
			{"html", TC_CGI_HTML}, {"json", TC_CGI_JSON}, {"rss", TC_CGI_RSS},
			{"opensearch", TC_CGI_OPENSEARCH}};
		size_t k;
		for (k = 0; k < sizeof formats / sizeof formats[0]; k++)
			if (!strcmp(v, formats[k].name))
				break;
		if (k == sizeof formats / sizeof formats[0])
			return bad(p, name, err, "chỉ nhận html, json, rss hoặc opensearch");
		p->format = formats[k].f;
	}
	return TC_OK;
}

static void defaults(tc_cgi_params *p)
{
	memset(p, 0, sizeof *p);
	p->page = 1;
	p->n = TC_CGI_N_DEFAULT;
	p->format = TC_CGI_HTML;
}

tc_status tc_cgi_params_parse(const char *qs, size_t n, tc_cgi_params *out, tc_err *err)
{
	defaults(out);
	if (n > TC_CGI_QS_MAX)
		return bad(out, "query string", err, "dài quá 4096 byte");
	static const char *const known[] = {"q", "page", "n", "from", "to", "site", "cat", "sort", "format"};
	/* Only the format needs to be known before the others are judged (a
	 * 400 answers in the format asked for), so it goes first. */
	char v[RAW_MAX + 1];
	for (int pass = 0; pass < 2; pass++) {
		size_t i = 0;
		while (i < n) {
			size_t end = i;
			while (end < n && qs[end] != '&' && qs[end] != ';')
				end++;
			const char *eq = memchr(qs + i, '=', end - i);
			size_t klen = eq ? (size_t)(eq - (qs + i)) : end - i;
			char name[16];
			long nl = klen < sizeof name ? url_decode(qs + i, klen, name, sizeof name - 1) : -2;
			int is_known = 0;
			for (size_t k = 0; nl > 0 && k < sizeof known / sizeof known[0]; k++)
				is_known |= !strcmp(name, known[k]);
			int is_format = is_known && !strcmp(name, "format");
			int want = is_known && (pass == 0 ? is_format : !is_format);
			if (want && eq) {
				size_t vlen = end - (size_t)(eq + 1 - qs);
				long dl = vlen > RAW_MAX ? -2 : url_decode(eq + 1, vlen, v, RAW_MAX);
				if (dl == -1)
					return bad(out, name, err, "có mã %XX sai hoặc byte 0");
				if (dl == -2)
					return bad(out, name, err, "giá trị quá dài");
				tc_status st = dl ? take(out, name, v, (size_t)dl, err) : TC_OK;
				if (st != TC_OK)
					return st;
				if (!dl && !strcmp(name, "from"))
					out->from[0] = out->from_ymd[0] = '\0';
				else if (!dl && !strcmp(name, "to"))
					out->to[0] = out->to_ymd[0] = '\0';
				else if (!dl && !strcmp(name, "q"))
					out->q[0] = '\0', out->q_len = 0;
				else if (!dl && !strcmp(name, "site"))
					out->site[0] = '\0';
				else if (!dl && !strcmp(name, "cat"))
					out->cat[0] = '\0';
			}
			i = end + 1;
		}
	}
	if (out->from_ymd[0] && out->to_ymd[0] && strcmp(out->from_ymd, out->to_ymd) > 0)
		return bad(out, "from", err, "ngày bắt đầu sau ngày kết thúc");
	return TC_OK;
}

/* ---- the page's absolute links ------------------------------------------- */

/* Digits only, 1 to 5 of them, 1..65535. */
static int valid_port(const char *s, size_t n)
{
	uint64_t v;
	return n >= 1 && n <= 5 && tc_param_number(s, n, &v) && v >= 1 && v <= 65535;
}

/*
 * An authority as it may appear in a link: a host name (tc_param_host's
 * rule) or a bracketed IPv6 address, then optionally :PORT.  *port_at is
 * set to the ':' before the port, or NULL.
 */
static int valid_authority(const char *s, size_t n, const char **port_at)
{
	*port_at = NULL;
	size_t host_n = n;
	if (n && s[0] == '[') {
		const char *close = memchr(s, ']', n);
		if (!close || close == s + 1)
			return 0;
		for (const char *c = s + 1; c < close; c++)
			if (!((*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'f') ||
			      (*c >= 'A' && *c <= 'F') || *c == ':' || *c == '.'))
				return 0;
		host_n = (size_t)(close - s) + 1;
	} else {
		const char *colon = memchr(s, ':', n);
		if (colon)
			host_n = (size_t)(colon - s);
		char host[TC_PARAM_HOST_MAX + 1];
		if (!tc_param_host(s, host_n, host))
			return 0;
	}
	if (host_n == n)
		return 1;
	if (s[host_n] != ':' || !valid_port(s + host_n + 1, n - host_n - 1))
		return 0;
	*port_at = s + host_n;
	return 1;
}

void tc_cgi_link_base(const char *configured, const char *https, const char *host,
		      const char *server_name, const char *port, char *out, size_t cap,
		      int *from_request)
{
	*from_request = 0;
	if (configured && *configured) {
		snprintf(out, cap, "%s", configured);
		return;
	}
	*from_request = 1;
	const char *scheme = https && (!strcmp(https, "on") || !strcmp(https, "1")) ? "https" : "http";
	const char *port_at;
	if (!host || !valid_authority(host, strlen(host), &port_at)) {
		host = server_name;
		if (!host || !valid_authority(host, strlen(host), &port_at) || port_at)
			host = "localhost", port_at = NULL;
	}
	/* nginx's stock fastcgi_params pass Host without its port: put the
	 * server's back unless it is the scheme's default. */
	int default_port = !port || !strcmp(port, scheme[4] == 's' ? "443" : "80");
	if (!port_at && !default_port && valid_port(port, strlen(port)))
		snprintf(out, cap, "%s://%s:%s", scheme, host, port);
	else
		snprintf(out, cap, "%s://%s", scheme, host);
}

int tc_cgi_base_url(const char *s, char *out, size_t cap)
{
	size_t n = strlen(s);
	size_t skip = !strncmp(s, "https://", 8) ? 8 : !strncmp(s, "http://", 7) ? 7 : 0;
	if (!skip || n >= cap)
		return 0;
	if (n > skip && s[n - 1] == '/')
		n--;
	const char *port_at;
	if (!valid_authority(s + skip, n - skip, &port_at))
		return 0;
	memcpy(out, s, n);
	out[n] = '\0';
	return 1;
}
