/* tc_schema.c - stored-fields codec and id terms; see tc_schema.h. */
#include "tc_schema.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tc_ascii.h"
#include "tc_date.h"
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

unsigned tc_schema_sample_levels(const char *url, size_t n)
{
	/* The top bits: shards are placed by the hash too, by its low bits,
	 * and a level must not fall into one shard. */
	uint64_t h = tc_hash64(url, n);
	unsigned level = 0;
	while (level < TC_SAMPLE_LEVELS && !(h & (1ULL << (63 - level))))
		level++;
	return level;
}

size_t tc_schema_sample_term(unsigned level, char *out)
{
	int w = snprintf(out, 8, "%s%u", TC_PREFIX_SAMPLE, level);
	return w > 0 && w < 8 ? (size_t)w : 0;
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
	tc_ymd d;
	if (!tc_date_parse_day(s, n, &d))
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

/*
 * The accents of a reading, coded against its folded pair (docs/SCHEMA.md):
 * for each letter of "fa fb" that the exact pair writes differently, one
 * printable byte, 0x21 + gap * 17 + (variant - 1), where gap counts the
 * unchanged letters before it and variant is the letter's place among the
 * accented forms of its base below; '~' skips READING_SKIP letters when a
 * gap is longer than READING_GAP_MAX.  "thủ đô" is three bytes where its
 * UTF-8 is nine: the reading terms are most of an index's terms, and their
 * length is what Xapian's inverter, its zlib and its B-trees pay for.
 */
#define READING_VARIANTS 17
#define READING_GAP_MAX 4
#define READING_SKIP 5
#define READING_SKIP_BYTE '~'

static const struct {
	char base;
	const char *forms; /* UTF-8, READING_VARIANTS at most */
} reading_forms[] = {
	{'a', "àáảãạăằắẳẵặâầấẩẫậ"}, {'d', "đ"},  {'e', "èéẻẽẹêềếểễệ"},
	{'i', "ìíỉĩị"},              {'o', "òóỏõọôồốổỗộơờớởỡợ"},
	{'u', "ùúủũụưừứửữự"},        {'y', "ỳýỷỹỵ"},
};

static const char *forms_of(char base)
{
	for (size_t k = 0; k < sizeof reading_forms / sizeof reading_forms[0]; k++)
		if (reading_forms[k].base == base)
			return reading_forms[k].forms;
	return NULL;
}

static size_t utf8_len(unsigned char lead)
{
	return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
}

/* The variant (1..) of base that exact[0..n) starts with, and its length. */
static unsigned variant_of(char base, const char *exact, size_t n, size_t *len)
{
	const char *f = forms_of(base);
	for (unsigned v = 1; f && *f; v++) {
		size_t l = utf8_len((unsigned char)*f);
		if (l <= n && !memcmp(f, exact, l)) {
			*len = l;
			return v;
		}
		f += l;
	}
	return 0;
}

/* Code the exact pair against the folded one into out[0..cap); the code's
 * length, or 0 when some letter is not a base letter or one of its
 * Vietnamese forms (the reading is then written out in full). */
static size_t reading_code(const char *fold, size_t nf, const char *exact, size_t ne, char *out,
			   size_t cap)
{
	size_t i = 0, j = 0, n = 0, gap = 0;
	while (i < nf && j < ne) {
		size_t l = 1;
		unsigned v = 0;
		if ((unsigned char)exact[j] >= 0x80) {
			v = variant_of(fold[i], exact + j, ne - j, &l);
			if (!v)
				return 0;
		} else if (exact[j] != fold[i]) {
			return 0;
		}
		i++;
		j += l;
		if (!v) {
			gap++;
			continue;
		}
		for (; gap > READING_GAP_MAX; gap -= READING_SKIP) {
			if (n == cap)
				return 0;
			out[n++] = READING_SKIP_BYTE;
		}
		if (n == cap)
			return 0;
		out[n++] = (char)(0x21 + gap * READING_VARIANTS + (v - 1));
		gap = 0;
	}
	return i == nf && j == ne ? n : 0;
}

size_t tc_schema_reading_term(const char *fa, size_t nfa, const char *fb, size_t nfb,
			      const char *ea, size_t nea, const char *eb, size_t neb, char *out)
{
	char fold[TC_TERM_MAX + 1], exact[2 * TC_TERM_MAX + 2], code[TC_TERM_MAX];
	size_t code_len = 0;
	if (nfa + 1 + nfb <= TC_TERM_MAX && nea + 1 + neb <= sizeof exact) {
		memcpy(fold, fa, nfa);
		fold[nfa] = ' ';
		memcpy(fold + nfa + 1, fb, nfb);
		memcpy(exact, ea, nea);
		exact[nea] = ' ';
		memcpy(exact + nea + 1, eb, neb);
		code_len = reading_code(fold, nfa + 1 + nfb, exact, nea + 1 + neb, code, sizeof code);
	}
	if (code_len) {
		const char *parts[3] = {fa, fb, code};
		size_t lens[3] = {nfa, nfb, code_len};
		return join_terms(TC_PREFIX_READING, parts, lens, 3, 0, out);
	}
	const char *parts[4] = {fa, fb, ea, eb};
	size_t lens[4] = {nfa, nfb, nea, neb};
	return join_terms(TC_PREFIX_READING, parts, lens, 4, 0, out);
}

int tc_schema_reading_exact(const char *term, size_t len, char *out, size_t cap)
{
	size_t plen = strlen(TC_PREFIX_READING);
	if (len < plen || memcmp(term, TC_PREFIX_READING, plen))
		return 0;
	const char *p = term + plen, *end = term + len;
	const char *s1 = memchr(p, ' ', (size_t)(end - p));
	const char *s2 = s1 ? memchr(s1 + 1, ' ', (size_t)(end - s1 - 1)) : NULL;
	if (!s2)
		return 0;
	const char *code = s2 + 1;
	if (memchr(code, ' ', (size_t)(end - code))) { /* written out in full */
		if ((size_t)(end - code) >= cap)
			return 0;
		memcpy(out, code, (size_t)(end - code));
		out[end - code] = '\0';
		return 1;
	}
	/* fold = p..s2, with the coded letters replaced */
	size_t n = 0;
	const char *f = p;
	for (const char *c = code; c <= end; c++) {
		size_t gap;
		unsigned v = 0;
		if (c == end)
			gap = (size_t)(s2 - f); /* the rest unchanged */
		else if (*c == READING_SKIP_BYTE)
			gap = READING_SKIP;
		else if ((unsigned char)*c >= 0x21 &&
			 (unsigned char)*c < 0x21 + (READING_GAP_MAX + 1) * READING_VARIANTS) {
			gap = (size_t)((unsigned char)*c - 0x21) / READING_VARIANTS;
			v = (unsigned)((unsigned char)*c - 0x21) % READING_VARIANTS + 1;
		} else
			return 0;
		if (gap > (size_t)(s2 - f) || n + gap >= cap)
			return 0;
		memcpy(out + n, f, gap);
		n += gap;
		f += gap;
		if (!v)
			continue;
		const char *forms = f < s2 ? forms_of(*f) : NULL;
		for (unsigned k = 1; forms && *forms && k < v; k++)
			forms += utf8_len((unsigned char)*forms);
		if (!forms || !*forms)
			return 0;
		size_t l = utf8_len((unsigned char)*forms);
		if (n + l >= cap)
			return 0;
		memcpy(out + n, forms, l);
		n += l;
		f++;
	}
	out[n] = '\0';
	return 1;
}

size_t tc_schema_reading_prefix(const char *fa, size_t nfa, const char *fb, size_t nfb, char *out)
{
	const char *parts[2] = {fa, fb};
	size_t lens[2] = {nfa, nfb};
	return join_terms(TC_PREFIX_READING, parts, lens, 2, 1, out);
}

size_t tc_schema_host(const char *s, size_t n, char out[TC_SCHEMA_HOST_MAX + 1])
{
	out[0] = '\0';
	int url = 1;
	if (n > 8 && tc_ascii_caseeq(s, "https://", 8))
		s += 8, n -= 8;
	else if (n > 7 && tc_ascii_caseeq(s, "http://", 7))
		s += 7, n -= 7;
	else
		url = 0;
	/* A URL's path goes; "host/path" without a scheme is no host. */
	const char *end = url ? memchr(s, '/', n) : NULL;
	if (end)
		n = (size_t)(end - s);
	const char *colon = memchr(s, ':', n);
	if (colon) {
		/* A port: digits only, and something before it. */
		size_t k = (size_t)(colon - s) + 1;
		if (k == n)
			return 0;
		for (size_t i = k; i < n; i++)
			if (!tc_ascii_isdigit(TC_BYTE(s[i])))
				return 0;
		n = k - 1;
	}
	if (n && s[n - 1] == '.')
		n--;
	if (!n || n > TC_SCHEMA_HOST_MAX || s[0] == '.' || s[0] == '-')
		return 0;
	for (size_t i = 0; i < n; i++) {
		int c = tc_ascii_tolower(TC_BYTE(s[i]));
		if (!(tc_ascii_islower(c) || tc_ascii_isdigit(c) || c == '.' || c == '-')) {
			out[0] = '\0';
			return 0;
		}
		out[i] = (char)c;
	}
	out[n] = '\0';
	return n;
}

size_t tc_schema_host_term(const char *h, size_t n, char *out)
{
	return tc_schema_term(TC_PREFIX_HOST, h, n, out);
}

size_t tc_schema_category_term(const char *s, size_t n, char *out)
{
	size_t len = tc_schema_term(TC_PREFIX_CATEGORY, s, n, out);
	for (size_t i = strlen(TC_PREFIX_CATEGORY); i < len; i++)
		out[i] = (char)tc_ascii_tolower(TC_BYTE(out[i]));
	return len;
}
