/* tc_schema.c - stored-fields codec and id terms; see tc_schema.h. */
#include "tc_schema.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tc_banned.h"

static tc_status put_field(tc_buf *out, tc_str s)
{
	unsigned char v[10];
	size_t k = 0;
	uint64_t n = s.n;
	do {
		v[k] = (unsigned char)(n & 0x7F);
		n >>= 7;
		if (n)
			v[k] |= 0x80;
		k++;
	} while (n);
	tc_status st = tc_buf_append(out, v, k);
	if (st == TC_OK && s.n)
		st = tc_buf_append(out, s.p, s.n);
	return st;
}

tc_status tc_docdata_encode(const tc_article *a, tc_buf *out)
{
	size_t start = out->len;
	tc_status st = tc_buf_append(out, "T\1", 2);
	const tc_str *f[] = {&a->url, &a->title, &a->summary, &a->body,
			     &a->date, &a->source, &a->category};
	for (size_t i = 0; st == TC_OK && i < sizeof f / sizeof f[0]; i++)
		st = put_field(out, *f[i]);
	if (st != TC_OK) {
		out->len = start;
		if (out->data)
			out->data[start] = '\0'; /* tc_buf keeps its contents NUL-terminated */
	}
	return st;
}

tc_status tc_docdata_decode(const char *data, size_t n, tc_article *a)
{
	memset(a, 0, sizeof *a);
	if (n < 2 || data[0] != 'T' || data[1] != 1)
		return TC_ERR_INVALID;
	tc_str *f[] = {&a->url, &a->title, &a->summary, &a->body,
		       &a->date, &a->source, &a->category};
	size_t i = 2;
	for (size_t k = 0; k < sizeof f / sizeof f[0]; k++) {
		uint64_t len = 0;
		unsigned shift = 0;
		for (;;) {
			if (i >= n || shift > 56) {
				memset(a, 0, sizeof *a);
				return TC_ERR_INVALID;
			}
			unsigned char c = (unsigned char)data[i++];
			len |= (uint64_t)(c & 0x7F) << shift;
			shift += 7;
			if (!(c & 0x80))
				break;
		}
		if (len > n - i) {
			memset(a, 0, sizeof *a);
			return TC_ERR_INVALID;
		}
		f[k]->p = data + i;
		f[k]->n = (size_t)len;
		i += (size_t)len;
	}
	return TC_OK;
}

uint64_t tc_hash64(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

size_t tc_schema_shard_of(const char *id, size_t len, size_t n)
{
	return n > 1 ? (size_t)(tc_hash64(id, len) % (uint64_t)n) : 0;
}

size_t tc_schema_term(const char *prefix, const char *s, size_t n, char *out)
{
	size_t plen = strlen(prefix);
	out[0] = '\0';
	if (!n || n > TC_TERM_MAX - plen)
		return 0;
	memcpy(out, prefix, plen);
	memcpy(out + plen, s, n);
	out[plen + n] = '\0';
	return plen + n;
}

size_t tc_schema_id_term(const char *url, size_t n, char *out)
{
	size_t plen = strlen(TC_PREFIX_ID);
	memcpy(out, TC_PREFIX_ID, plen);
	if (plen + n <= TC_TERM_MAX) {
		memcpy(out + plen, url, n);
		out[plen + n] = '\0';
		return plen + n;
	}
	size_t keep = TC_TERM_MAX - plen - 17;
	/* Do not cut a UTF-8 sequence in half. */
	while (keep > 0 && ((unsigned char)url[keep] & 0xC0) == 0x80)
		keep--;
	memcpy(out + plen, url, keep);
	int w = snprintf(out + plen + keep, 18, "#%016llx", (unsigned long long)tc_hash64(url, n));
	return plen + keep + (size_t)w;
}

int tc_schema_date(const char *s, size_t n, char *ymd)
{
	if (n != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (size_t i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	int m = (s[5] - '0') * 10 + (s[6] - '0');
	int d = (s[8] - '0') * 10 + (s[9] - '0');
	static const int days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12 || d < 1 || d > days[m - 1])
		return 0;
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (m == 2 && d == 29 && !leap)
		return 0;
	memcpy(ymd, s, 4);
	memcpy(ymd + 4, s + 5, 2);
	memcpy(ymd + 6, s + 8, 2);
	ymd[8] = '\0';
	return 1;
}

/* Join parts[0..n) with single spaces after prefix into out; 0 when too long. */
static size_t join_terms(const char *prefix, const char *const *parts, const size_t *lens, size_t n,
			 int trailing_space, char *out)
{
	size_t len = strlen(prefix), need = len;
	for (size_t i = 0; i < n; i++)
		need += lens[i] + (i + 1 < n || trailing_space);
	if (need > TC_TERM_MAX)
		return 0;
	memcpy(out, prefix, len);
	for (size_t i = 0; i < n; i++) {
		memcpy(out + len, parts[i], lens[i]);
		len += lens[i];
		if (i + 1 < n || trailing_space)
			out[len++] = ' ';
	}
	out[len] = '\0';
	return len;
}

size_t tc_schema_pair_term(const char *prefix, const char *a, size_t na, const char *b, size_t nb,
			   char *out)
{
	const char *parts[2] = {a, b};
	size_t lens[2] = {na, nb};
	return join_terms(prefix, parts, lens, 2, 0, out);
}

size_t tc_schema_reading_term(const char *fa, size_t nfa, const char *fb, size_t nfb,
			      const char *ea, size_t nea, const char *eb, size_t neb, char *out)
{
	const char *parts[4] = {fa, fb, ea, eb};
	size_t lens[4] = {nfa, nfb, nea, neb};
	return join_terms(TC_PREFIX_READING, parts, lens, 4, 0, out);
}

size_t tc_schema_reading_prefix(const char *fa, size_t nfa, const char *fb, size_t nfb, char *out)
{
	const char *parts[2] = {fa, fb};
	size_t lens[2] = {nfa, nfb};
	return join_terms(TC_PREFIX_READING, parts, lens, 2, 1, out);
}
