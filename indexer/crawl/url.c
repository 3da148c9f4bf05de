/*
 * url.c - canonical http(s) URLs; see url.h for the form and the policy.
 *
 * Three steps.  First the link is cleaned and its path and query escaped
 * here, before curl sees it, so that escapes of "." are decoded before
 * curl removes dot segments (otherwise "/a/%2E%2E/b" would only become
 * "/a/../b" on the next pass, and the form would not be a fixed point).
 * Then curl parses it and resolves it against the base, which went through
 * the same cleaning.  Last, the parts are read back from curl, checked and
 * rewritten (host, port, query, fragment) and the whole URL is read out.
 */
#include "url.h"

#include <curl/curl.h>
#include <idn2.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tc_ascii.h"
#include "tc_banned.h"

/* curl must accept any scheme we hand it: the scheme is checked here, and a
 * libcurl built without https must not make https links invalid. */
#define CURL_FLAGS CURLU_NON_SUPPORT_SCHEME

static const char HEX[] = "0123456789ABCDEF";

static int is_unreserved(unsigned char c)
{
	return tc_ascii_isalpha(c) || tc_ascii_isdigit(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

/* Bytes that RFC 3986 does not allow in a path or query. */
static int needs_escape(unsigned char c)
{
	return c <= 0x20 || c >= 0x7F || c == '"' || c == '<' || c == '>' || c == '\\' ||
	       c == '^' || c == '`' || c == '{' || c == '|' || c == '}';
}

int tc_url_is_tracking_param(const char *name, size_t n)
{
	static const char *const names[] = {
		"fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "_ga", "_gl",
		"msclkid", "yclid", "twclid", "ttclid", "igshid", "mc_cid", "mc_eid",
		"_hsenc", "_hsmi", "zarsrc", "gidzl",
	};
	if (!name)
		return 0;
	if (n >= 4 && tc_ascii_caseeq_str(name, 4, "utm_"))
		return 1;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (tc_ascii_caseeq_str(name, n, names[i]))
			return 1;
	}
	return 0;
}

size_t tc_url_escape_step(const char *s, size_t n, size_t *i, int in_path, char out[3])
{
	unsigned char c = (unsigned char)s[*i];
	int hi, lo;
	if (c == '%' && *i + 2 < n && (hi = tc_ascii_hexval((unsigned char)s[*i + 1])) >= 0 &&
	    (lo = tc_ascii_hexval((unsigned char)s[*i + 2])) >= 0) {
		unsigned char v = (unsigned char)(hi * 16 + lo);
		*i += 3;
		if (is_unreserved(v)) {
			out[0] = (char)v;
			return 1;
		}
		out[0] = '%';
		out[1] = HEX[hi];
		out[2] = HEX[lo];
		return 3;
	}
	(*i)++;
	if (in_path && c == '\\') {
		out[0] = '/';
		return 1;
	}
	if (needs_escape(c) || c == '%') {
		/* A '%' that starts no escape is escaped itself: left alone, it
		 * could form one with bytes decoded after it ("%%66" -> "%f6"),
		 * and the form would not be stable. */
		out[0] = '%';
		out[1] = HEX[c >> 4];
		out[2] = HEX[c & 15];
		return 3;
	}
	out[0] = (char)c;
	return 1;
}

/* Append path or query bytes s[0..n) to b, escaped (tc_url_escape_step). */
static tc_status append_escaped(tc_buf *b, const char *s, size_t n, int in_path)
{
	tc_status st = TC_OK;
	for (size_t i = 0; i < n && st == TC_OK;) {
		char e[3];
		size_t k = tc_url_escape_step(s, n, &i, in_path, e);
		st = tc_buf_append(b, e, k);
	}
	return st;
}

/*
 * Clean s[0..n) as a browser does (url.h) and escape its path and query into
 * prep.  *absolute is set when it starts with a scheme (which must then be
 * http or https), *odd_host when its host is written with escapes or
 * non-ASCII bytes.  what names the input in messages ("link" or "base").
 */
static tc_status prepare(const char *s, size_t n, tc_buf *clean, tc_buf *prep,
			 int *absolute /* OUT */, int *odd_host /* OUT */, tc_err *err,
			 const char *what)
{
	*absolute = 0;
	*odd_host = 0;
	while (n > 0 && (unsigned char)s[0] <= 0x20) {
		s++;
		n--;
	}
	while (n > 0 && (unsigned char)s[n - 1] <= 0x20)
		n--;
	if (n > TC_URL_MAX_INPUT)
		return tc_err_set(err, TC_ERR_TOO_BIG, "%s longer than %zu bytes", what,
				  TC_URL_MAX_INPUT);
	tc_status st = TC_OK;
	for (size_t i = 0; i < n && st == TC_OK; i++) {
		char c = s[i];
		if (c == '#')
			break;
		if (c == '\t' || c == '\n' || c == '\r')
			continue;
		if (c == '\0')
			return tc_err_set(err, TC_ERR_INVALID, "%s holds a NUL byte", what);
		st = tc_buf_append_char(clean, c);
	}
	if (st != TC_OK)
		return tc_err_set(err, st, "%s: %s", what, tc_status_str(st));
	const char *u = clean->data ? clean->data : "";
	size_t un = clean->len, i = 0;

	/* scheme ":" (RFC 3986 3.1) */
	size_t k = 0;
	if (un > 0 && tc_ascii_isalpha((unsigned char)u[0])) {
		k = 1;
		while (k < un && (tc_ascii_isalpha((unsigned char)u[k]) || tc_ascii_isdigit((unsigned char)u[k]) ||
				  u[k] == '+' || u[k] == '-' || u[k] == '.'))
			k++;
		if (k == un || u[k] != ':')
			k = 0;
	}
	if (k > 0) {
		if (!tc_ascii_caseeq_str(u, k, "http") && !tc_ascii_caseeq_str(u, k, "https"))
			return tc_err_set(err, TC_ERR_INVALID, "%s: scheme \"%.*s\" is not http or https",
					  what, k > 20 ? 20 : (int)k, u);
		*absolute = 1;
		for (size_t j = 0; j < k && st == TC_OK; j++)
			st = tc_buf_append_char(prep, (char)tc_ascii_tolower((unsigned char)u[j]));
		if (st == TC_OK)
			st = tc_buf_append_char(prep, ':');
		i = k + 1;
	}

	/* "//" authority, left to curl (it decodes and checks the host) */
	size_t sl = i;
	while (sl < un && (u[sl] == '/' || u[sl] == '\\'))
		sl++;
	if (sl - i >= (*absolute ? 1u : 2u)) {
		for (; i < sl && st == TC_OK; i++)
			st = tc_buf_append_char(prep, '/');
		size_t e = i;
		while (e < un && u[e] != '/' && u[e] != '\\' && u[e] != '?')
			e++;
		for (size_t j = i; j < e; j++) {
			if (u[j] == '%' || (unsigned char)u[j] >= 0x80)
				*odd_host = 1;
		}
		if (st == TC_OK)
			st = tc_buf_append(prep, u + i, e - i);
		i = e;
	}

	/* path, then query */
	const char *q = memchr(u + i, '?', un - i);
	size_t qi = q ? (size_t)(q - u) : un;
	if (st == TC_OK)
		st = append_escaped(prep, u + i, qi - i, 1);
	if (st == TC_OK && q) {
		st = tc_buf_append_char(prep, '?');
		if (st == TC_OK)
			st = append_escaped(prep, u + qi + 1, un - qi - 1, 0);
	}
	if (st != TC_OK)
		return tc_err_set(err, st, "%s: %s", what, tc_status_str(st));
	return TC_OK;
}

static tc_status curl_fail(tc_err *err, CURLUcode rc, const char *what)
{
	if (rc == CURLUE_OUT_OF_MEMORY)
		return tc_err_set(err, TC_ERR_NOMEM, "%s: out of memory", what);
	return tc_err_set(err, TC_ERR_INVALID, "%s: %s", what, curl_url_strerror(rc));
}

/* Is this part present?  (1 yes, 0 no, -1 out of memory.) */
static int has_part(CURLU *h, CURLUPart part)
{
	char *v = NULL;
	CURLUcode rc = curl_url_get(h, part, &v, 0);
	curl_free(v);
	if (rc == CURLUE_OUT_OF_MEMORY)
		return -1;
	return rc == CURLUE_OK;
}

/* The host, lower case and in punycode, checked, written back into h. */
static tc_status fix_host(CURLU *h, tc_err *err)
{
	char *host = NULL;
	CURLUcode rc = curl_url_get(h, CURLUPART_HOST, &host, 0);
	if (rc != CURLUE_OK)
		return curl_fail(err, rc, "host");
	tc_status st = TC_OK;
	uint8_t *ace = NULL; /* from libidn2 */
	const char *name = host;
	int ascii = 1;
	for (const char *p = host; *p; p++) {
		if ((unsigned char)*p >= 0x80)
			ascii = 0;
	}
	if (!ascii) {
		int irc = idn2_lookup_u8((const uint8_t *)host, &ace,
					 IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL);
		if (irc != IDN2_OK)
			irc = idn2_lookup_u8((const uint8_t *)host, &ace,
					     IDN2_NFC_INPUT | IDN2_TRANSITIONAL);
		if (irc == IDN2_MALLOC) {
			st = tc_err_set(err, TC_ERR_NOMEM, "host: out of memory");
			goto done;
		}
		if (irc != IDN2_OK) {
			st = tc_err_set(err, TC_ERR_INVALID, "host name: %s", idn2_strerror(irc));
			goto done;
		}
		name = (const char *)ace;
	}

	size_t n = strlen(name);
	char buf[256];
	if (n == 0 || n >= sizeof buf) {
		st = tc_err_set(err, TC_ERR_INVALID, "host name empty or longer than 255 bytes");
		goto done;
	}
	int v6 = name[0] == '[';
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)tc_ascii_tolower((unsigned char)name[i]);
		int ok;
		if (!v6)
			ok = tc_ascii_isdigit(c) || (c >= 'a' && c <= 'z') || c == '-' || c == '.' || c == '_';
		else if (i == 0)
			ok = 1; /* the '[' */
		else if (i == n - 1)
			ok = c == ']';
		else
			ok = tc_ascii_isdigit(c) || (c >= 'a' && c <= 'f') || c == ':' || c == '.';
		if (!ok) {
			st = tc_err_set(err, TC_ERR_INVALID, "host name holds a forbidden byte 0x%02x",
					c);
			goto done;
		}
		buf[i] = (char)c;
	}
	buf[n] = '\0';
	if (strcmp(buf, host) != 0) {
		rc = curl_url_set(h, CURLUPART_HOST, buf, CURL_FLAGS);
		if (rc != CURLUE_OK)
			st = curl_fail(err, rc, "host");
	}
done:
	idn2_free(ace);
	curl_free(host);
	return st;
}

static tc_status drop_default_port(CURLU *h, int https, tc_err *err)
{
	char *port = NULL;
	CURLUcode rc = curl_url_get(h, CURLUPART_PORT, &port, 0);
	if (rc == CURLUE_NO_PORT)
		return TC_OK;
	if (rc != CURLUE_OK)
		return curl_fail(err, rc, "port");
	int dflt = strcmp(port, https ? "443" : "80") == 0;
	curl_free(port);
	if (dflt) {
		rc = curl_url_set(h, CURLUPART_PORT, NULL, 0);
		if (rc != CURLUE_OK)
			return curl_fail(err, rc, "port");
	}
	return TC_OK;
}

/*
 * Take the query out of h (curl keeps the URL's path) and put into q what
 * remains of it without tracking and empty parameters (url.h).  It is
 * appended to curl's URL by hand: curl_url_set lower-cases the hex digits
 * of escapes in any part it is given, and the escapes are upper case here.
 */
static tc_status take_query(CURLU *h, tc_buf *q, tc_err *err)
{
	char *raw = NULL;
	CURLUcode rc = curl_url_get(h, CURLUPART_QUERY, &raw, 0);
	if (rc == CURLUE_NO_QUERY)
		return TC_OK;
	if (rc != CURLUE_OK)
		return curl_fail(err, rc, "query");
	tc_status st = TC_OK;
	for (const char *p = raw; *p && st == TC_OK;) {
		const char *e = strchr(p, '&');
		if (!e)
			e = p + strlen(p);
		size_t n = (size_t)(e - p);
		const char *eq = memchr(p, '=', n);
		size_t name_len = eq ? (size_t)(eq - p) : n;
		if (n > 0 && !tc_url_is_tracking_param(p, name_len)) {
			if (q->len > 0)
				st = tc_buf_append_char(q, '&');
			if (st == TC_OK)
				st = tc_buf_append(q, p, n);
		}
		p = *e ? e + 1 : e;
	}
	curl_free(raw);
	if (st != TC_OK)
		return tc_err_set(err, st, "query: %s", tc_status_str(st));
	rc = curl_url_set(h, CURLUPART_QUERY, NULL, 0);
	if (rc != CURLUE_OK)
		return curl_fail(err, rc, "query");
	return TC_OK;
}

/* Everything after resolution: checks, rewrites, and the URL into out. */
static tc_status finish(CURLU *h, tc_buf *out, tc_err *err)
{
	char *scheme = NULL;
	CURLUcode rc = curl_url_get(h, CURLUPART_SCHEME, &scheme, 0);
	if (rc != CURLUE_OK)
		return curl_fail(err, rc, "scheme");
	int http = strcmp(scheme, "http") == 0, https = strcmp(scheme, "https") == 0;
	curl_free(scheme);
	if (!http && !https)
		return tc_err_set(err, TC_ERR_INVALID, "scheme is not http or https");

	static const struct {
		CURLUPart part;
		const char *why;
	} refused[] = {
		{CURLUPART_USER, "URL carries a user name"},
		{CURLUPART_PASSWORD, "URL carries a password"},
		{CURLUPART_OPTIONS, "URL carries login options"},
		{CURLUPART_ZONEID, "IPv6 zone ids are not crawled"},
	};
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		int has = has_part(h, refused[i].part);
		if (has < 0)
			return tc_err_set(err, TC_ERR_NOMEM, "out of memory");
		if (has)
			return tc_err_set(err, TC_ERR_INVALID, "%s", refused[i].why);
	}

	tc_buf query;
	tc_buf_init(&query, TC_URL_MAX);
	char *url = NULL;
	tc_status st = fix_host(h, err);
	if (st == TC_OK)
		st = drop_default_port(h, https, err);
	if (st == TC_OK) {
		st = take_query(h, &query, err);
		if (st == TC_ERR_TOO_BIG)
			st = tc_err_set(err, st, "URL longer than %zu bytes", TC_URL_MAX);
	}
	if (st == TC_OK) {
		rc = curl_url_set(h, CURLUPART_FRAGMENT, NULL, 0);
		if (rc == CURLUE_OK)
			rc = curl_url_get(h, CURLUPART_URL, &url, 0);
		if (rc != CURLUE_OK)
			st = curl_fail(err, rc, "URL");
	}
	if (st == TC_OK) {
		size_t n = strlen(url);
		st = tc_buf_append(out, url, n);
		if (st == TC_OK && query.len > 0) {
			st = tc_buf_append_char(out, '?');
			if (st == TC_OK)
				st = tc_buf_append(out, query.data, query.len);
		}
		if (st == TC_OK && out->len > TC_URL_MAX)
			st = TC_ERR_TOO_BIG;
		if (st == TC_ERR_TOO_BIG)
			st = tc_err_set(err, st, "URL longer than %zu bytes",
					out->max < TC_URL_MAX ? out->max : TC_URL_MAX);
		else if (st != TC_OK)
			st = tc_err_set(err, st, "URL: %s", tc_status_str(st));
	}
	/* The escaping above leaves nothing else; a surprise from curl must
	 * not reach the crawl state. */
	for (size_t i = 0; st == TC_OK && i < out->len; i++) {
		unsigned char c = (unsigned char)out->data[i];
		if (c <= 0x20 || c >= 0x7F || c == '#')
			st = tc_err_set(err, TC_ERR_INVALID, "URL holds byte 0x%02x", c);
	}
	curl_free(url);
	tc_buf_release(&query);
	return st;
}

/* One pass of canonicalisation (tc_url_canon without the final check).
 * *recheck is set when the host was written with escapes or non-ASCII. */
static tc_status canon_once(const char *base, const char *href, size_t href_len, tc_buf *out,
			    int *recheck /* OUT */, tc_err *err)
{
	*recheck = 0;
	tc_buf_reset(out);
	if (!href)
		href = "";

	/* Escaping at most triples the bytes; the "+ 64" covers the scheme
	 * and slashes copied as they are. */
	const size_t prep_max = 3 * TC_URL_MAX_INPUT + 64;
	tc_buf hc, hp, bc, bp;
	tc_buf_init(&hc, TC_URL_MAX_INPUT);
	tc_buf_init(&hp, prep_max);
	tc_buf_init(&bc, TC_URL_MAX_INPUT);
	tc_buf_init(&bp, prep_max);
	CURLU *h = NULL;
	int href_abs = 0, base_abs = 0, href_odd = 0, base_odd = 0;

	tc_status st = prepare(href, href_len, &hc, &hp, &href_abs, &href_odd, err, "link");
	if (st == TC_OK && base) {
		size_t bn = strnlen(base, TC_URL_MAX_INPUT + 1);
		st = prepare(base, bn, &bc, &bp, &base_abs, &base_odd, err, "base");
		if (st == TC_OK && !base_abs)
			st = tc_err_set(err, TC_ERR_INVALID, "base is not an absolute http(s) URL");
	}
	if (st == TC_OK && !href_abs && !base)
		st = tc_err_set(err, TC_ERR_INVALID, hp.len ? "relative URL without a base"
							     : "empty URL");
	if (st != TC_OK)
		goto done;

	h = curl_url();
	if (!h) {
		st = tc_err_set(err, TC_ERR_NOMEM, "out of memory");
		goto done;
	}
	CURLUcode rc;
	if (base) {
		rc = curl_url_set(h, CURLUPART_URL, bp.data, CURL_FLAGS);
		if (rc != CURLUE_OK) {
			st = curl_fail(err, rc, "base");
			goto done;
		}
	}
	/* An empty reference (or a fragment alone) is the base itself
	 * (RFC 3986 5.2.2); curl would drop the base's last segment. */
	if (hp.len > 0) {
		rc = curl_url_set(h, CURLUPART_URL, hp.data, CURL_FLAGS);
		if (rc != CURLUE_OK) {
			st = curl_fail(err, rc, "link");
			goto done;
		}
	}
	st = finish(h, out, err);
	*recheck = href_odd || base_odd;
done:
	if (st != TC_OK)
		tc_buf_reset(out);
	curl_url_cleanup(h);
	tc_buf_release(&hc);
	tc_buf_release(&hp);
	tc_buf_release(&bc);
	tc_buf_release(&bp);
	return st;
}

tc_status tc_url_canon(const char *base, const char *href, size_t href_len, tc_buf *out,
		       tc_err *err)
{
	if (!out)
		return tc_err_set(err, TC_ERR_USAGE, "no output buffer");
	if (!href && href_len > 0) {
		tc_buf_reset(out);
		return tc_err_set(err, TC_ERR_USAGE, "NULL link with a length");
	}
	int recheck;
	tc_status st = canon_once(base, href, href_len, out, &recheck, err);
	if (st != TC_OK || !recheck)
		return st;
	/*
	 * curl normalises some hosts only as it parses them, before it decodes
	 * their escapes: "https://%38/" comes out as "https://8/", which it
	 * reads next time as the IPv4 address 0.0.0.8.  When the host was
	 * written with escapes or non-ASCII bytes, the result is passed through
	 * once more, and what is returned is a form a further pass leaves alone.
	 */
	tc_buf again;
	tc_buf_init(&again, out->max);
	for (int pass = 0; pass < 2 && st == TC_OK; pass++) {
		st = canon_once(NULL, out->data, out->len, &again, &recheck, err);
		if (st != TC_OK)
			break;
		if (again.len == out->len && memcmp(again.data, out->data, out->len) == 0) {
			tc_buf_release(&again);
			return TC_OK;
		}
		tc_buf_reset(out);
		st = tc_buf_append(out, again.data, again.len);
	}
	if (st == TC_OK)
		st = tc_err_set(err, TC_ERR_INVALID, "URL has no stable canonical form");
	tc_buf_reset(out);
	tc_buf_release(&again);
	return st;
}
