/* ev_text.c - query variants for the evaluation; see ev_text.h. */
#include "ev_text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "vn_text.h"
#include "tc_banned.h"

static int is_space_byte(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

tc_status ev_text_query(const char *s, size_t n, tc_buf *out)
{
	tc_buf clean;
	tc_buf_init(&clean, out->max);
	tc_status st = vn_text_clean(s, n, &clean, NULL);
	int pending = 0, any = 0;
	for (size_t i = 0; st == TC_OK && i < clean.len; i++) {
		unsigned char c = (unsigned char)clean.data[i];
		if (is_space_byte(c)) {
			pending = any;
			continue;
		}
		if (pending)
			st = tc_buf_append_char(out, ' ');
		if (st == TC_OK)
			st = tc_buf_append_char(out, (char)c);
		pending = 0;
		any = 1;
	}
	tc_buf_release(&clean);
	return st;
}

tc_status ev_text_fold(const char *s, size_t n, tc_buf *out)
{
	return vn_fold_text(s, n, out);
}

tc_status ev_text_dd(const char *s, size_t n, tc_buf *out)
{
	const unsigned char *u = (const unsigned char *)s;
	tc_status st = TC_OK;
	for (size_t i = 0; i < n && st == TC_OK;) {
		int32_t cp;
		size_t len = vn_utf8_decode(u + i, n - i, &cp);
		if (cp == 0x0111)
			st = tc_buf_append_char(out, 'd');
		else if (cp == 0x0110)
			st = tc_buf_append_char(out, 'D');
		else
			st = tc_buf_append(out, s + i, len);
		i += len;
	}
	return st;
}

static int is_tone_mark(int32_t m)
{
	return m == 0x0300 || m == 0x0301 || m == 0x0309 || m == 0x0303 || m == 0x0323;
}

static int is_mark(int32_t cp)
{
	utf8proc_category_t c = utf8proc_category(cp);
	return c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC ||
	       c == UTF8PROC_CATEGORY_ME;
}

static int lower_ascii(int32_t cp)
{
	if (cp >= 'A' && cp <= 'Z')
		return cp - 'A' + 'a';
	if (cp >= 'a' && cp <= 'z')
		return cp;
	return 0;
}

static int is_vowel(int c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

/* Decompose s[0..n) into a malloc'd code point array (NFD). */
static tc_status decompose(const char *s, size_t n, int32_t **out, size_t *len)
{
	*out = NULL;
	*len = 0;
	utf8proc_option_t opt = UTF8PROC_DECOMPOSE | UTF8PROC_STABLE;
	utf8proc_ssize_t need =
		utf8proc_decompose((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, NULL, 0, opt);
	if (need < 0)
		return TC_ERR_INVALID;
	int32_t *cps = malloc(((size_t)need + 1) * sizeof *cps);
	if (!cps)
		return TC_ERR_NOMEM;
	utf8proc_ssize_t got = utf8proc_decompose((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n,
						  cps, need, opt);
	if (got < 0 || got > need) {
		free(cps);
		return TC_ERR_INVALID;
	}
	*out = cps;
	*len = (size_t)got;
	return TC_OK;
}

/*
 * Rewrite one word cps[0..n) (NFD) into out[] (same length) with the tone
 * mark moved inside a final oa/oe/uy pair.  Returns 1 when it moved a mark,
 * 0 when the word was copied unchanged.
 */
#define MAX_LETTERS 16
static int flip_word(const int32_t *cps, size_t n, int32_t *out)
{
	memcpy(out, cps, n * sizeof *cps);
	size_t pos[MAX_LETTERS + 1];
	int nl = 0, tones = 0;
	for (size_t i = 0; i < n; i++) {
		if (is_mark(cps[i])) {
			if (nl == 0)
				return 0;
			if (is_tone_mark(cps[i]))
				tones++;
			continue;
		}
		int32_t c = cps[i];
		if (!lower_ascii(c) && c != 0x0110 && c != 0x0111)
			return 0; /* digits, foreign letters: not a Vietnamese syllable */
		if (nl == MAX_LETTERS)
			return 0;
		pos[nl++] = i;
	}
	if (nl < 2 || tones != 1)
		return 0;
	pos[nl] = n;
	int a = lower_ascii(cps[pos[nl - 2]]), b = lower_ascii(cps[pos[nl - 1]]);
	if (!((a == 'o' && b == 'a') || (a == 'o' && b == 'e') || (a == 'u' && b == 'y')))
		return 0;
	if (nl >= 3) {
		int before = lower_ascii(cps[pos[nl - 3]]);
		if (is_vowel(before) || (a == 'u' && before == 'q'))
			return 0;
	}
	/* The pair: letter A at pos[nl-2], letter B at pos[nl-1]; only tone marks. */
	int32_t tone = 0;
	int on_a = 0;
	for (int k = nl - 2; k < nl; k++)
		for (size_t i = pos[k] + 1; i < pos[k + 1]; i++) {
			if (!is_tone_mark(cps[i]))
				return 0; /* a quality mark (oă, uơ...): not this rule */
			tone = cps[i];
			on_a = k == nl - 2;
		}
	if (!tone)
		return 0; /* the single tone sits elsewhere: not a pair syllable */
	size_t o = pos[nl - 2];
	out[o++] = cps[pos[nl - 2]];
	if (!on_a)
		out[o++] = tone;
	out[o++] = cps[pos[nl - 1]];
	if (on_a)
		out[o++] = tone;
	return o == n;
}

static tc_status encode_nfc(const int32_t *cps, size_t n, tc_buf *out)
{
	tc_buf tmp;
	tc_buf_init(&tmp, out->max);
	tc_status st = TC_OK;
	for (size_t i = 0; i < n && st == TC_OK; i++) {
		char enc[4];
		st = tc_buf_append(&tmp, enc, vn_utf8_encode(cps[i], enc));
	}
	if (st == TC_OK && tmp.len) {
		utf8proc_uint8_t *nfc = NULL;
		utf8proc_ssize_t m = utf8proc_map((const utf8proc_uint8_t *)tmp.data,
						  (utf8proc_ssize_t)tmp.len, &nfc,
						  UTF8PROC_COMPOSE | UTF8PROC_STABLE);
		if (m < 0)
			st = TC_ERR_INVALID;
		else
			st = tc_buf_append(out, nfc, (size_t)m);
		free(nfc);
	}
	tc_buf_release(&tmp);
	return st;
}

tc_status ev_text_tone_flip(const char *s, size_t n, tc_buf *out, int *changed)
{
	*changed = 0;
	int32_t *cps;
	size_t len;
	tc_status st = decompose(s, n, &cps, &len);
	if (st != TC_OK)
		return st;
	int32_t *res = malloc((len + 1) * sizeof *res);
	if (!res) {
		free(cps);
		return TC_ERR_NOMEM;
	}
	size_t i = 0;
	while (i < len) {
		if (!vn_is_word_char(cps[i])) {
			res[i] = cps[i];
			i++;
			continue;
		}
		size_t j = i;
		while (j < len && vn_is_word_char(cps[j]))
			j++;
		*changed += flip_word(cps + i, j - i, res + i);
		i = j;
	}
	st = encode_nfc(res, len, out);
	free(res);
	free(cps);
	return st;
}

tc_status ev_text_nfd(const char *s, size_t n, tc_buf *out)
{
	if (!n)
		return TC_OK;
	utf8proc_uint8_t *nfd = NULL;
	utf8proc_ssize_t m = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &nfd,
					  UTF8PROC_DECOMPOSE | UTF8PROC_STABLE);
	if (m < 0)
		return TC_ERR_INVALID;
	tc_status st = tc_buf_append(out, nfd, (size_t)m);
	free(nfd);
	return st;
}

tc_status ev_text_upper(const char *s, size_t n, tc_buf *out)
{
	const unsigned char *u = (const unsigned char *)s;
	tc_status st = TC_OK;
	for (size_t i = 0; i < n && st == TC_OK;) {
		int32_t cp;
		i += vn_utf8_decode(u + i, n - i, &cp);
		char enc[4];
		st = tc_buf_append(out, enc, vn_utf8_encode(utf8proc_toupper(cp), enc));
	}
	return st;
}

static tc_status append_lower(const char *s, size_t n, tc_buf *out)
{
	const unsigned char *u = (const unsigned char *)s;
	tc_status st = TC_OK;
	for (size_t i = 0; i < n && st == TC_OK;) {
		int32_t cp;
		i += vn_utf8_decode(u + i, n - i, &cp);
		char enc[4];
		st = tc_buf_append(out, enc, vn_utf8_encode(utf8proc_tolower(cp), enc));
	}
	return st;
}

tc_status ev_text_title_key(const char *s, size_t n, tc_buf *out)
{
	const unsigned char *u = (const unsigned char *)s;
	tc_status st = TC_OK;
	int pending = 0, any = 0;
	size_t i = 0;
	while (i < n && st == TC_OK) {
		if (is_space_byte(u[i])) {
			pending = any;
			i++;
			continue;
		}
		if (pending)
			st = tc_buf_append_char(out, ' ');
		pending = 0;
		any = 1;
		int32_t cp;
		size_t len = vn_utf8_decode(u + i, n - i, &cp);
		if (!vn_is_word_char(cp)) {
			if (st == TC_OK)
				st = append_lower(s + i, len, out);
			i += len;
			continue;
		}
		size_t j = i;
		while (j < n) {
			size_t l = vn_utf8_decode(u + j, n - j, &cp);
			if (!vn_is_word_char(cp))
				break;
			j += l;
		}
		if (st != TC_OK)
			break;
		if (j - i <= VN_TOKEN_MAX) {
			char exact[VN_NORM_OUT_MAX], fold[VN_NORM_OUT_MAX];
			size_t el, fl;
			int dia;
			st = vn_norm_token(s + i, j - i, exact, &el, fold, &fl, &dia);
			if (st == TC_OK)
				st = tc_buf_append(out, exact, el);
		} else {
			st = append_lower(s + i, j - i, out);
		}
		i = j;
	}
	return st;
}

void ev_words_init(ev_words *w)
{
	w->v = NULL;
	w->n = 0;
	w->cap = 0;
}

void ev_words_release(ev_words *w)
{
	free(w->v);
	ev_words_init(w);
}

static int is_letter(int32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
		return 1;
	default:
		return 0;
	}
}

tc_status ev_words_split(ev_words *w, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	w->n = 0;
	size_t i = 0;
	while (i < n) {
		int32_t cp;
		size_t len = vn_utf8_decode(u + i, n - i, &cp);
		if (!vn_is_word_char(cp)) {
			i += len;
			continue;
		}
		ev_span sp = {i, i, 0};
		while (i < n) {
			len = vn_utf8_decode(u + i, n - i, &cp);
			if (!vn_is_word_char(cp))
				break;
			sp.letters |= is_letter(cp);
			i += len;
		}
		sp.end = i;
		if (w->n == w->cap) {
			size_t ncap = w->cap ? w->cap * 2 : 256;
			if (ncap > SIZE_MAX / sizeof *w->v)
				return TC_ERR_NOMEM;
			ev_span *nv = realloc(w->v, ncap * sizeof *nv);
			if (!nv)
				return TC_ERR_NOMEM;
			w->v = nv;
			w->cap = ncap;
		}
		w->v[w->n++] = sp;
	}
	return TC_OK;
}
