/*
 * vn_text.c - UTF-8 validation, NFC, case folding, tone placement and
 * diacritic folding for Vietnamese.  See vn_text.h for the contract and
 * docs/TEXT.md for the rules.
 *
 * Speed matters here (every byte of the corpus passes through), so the
 * letters below U+2000 are described by a table built once from utf8proc's
 * decompositions: for each code point its lower case, its base letter and,
 * for Vietnamese letters, the vowel-quality mark (ă â ê ô ơ ư đ) and the tone.
 * utf8proc itself is only called for text that actually needs composing.
 */
#include "vn_text.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "tc_banned.h"

enum { Q_NONE, Q_BREVE, Q_CIRC, Q_HORN, Q_STROKE, Q_COUNT };
enum { T_NONE, T_GRAVE, T_ACUTE, T_HOOK, T_TILDE, T_DOT, T_COUNT };
enum {
	F_LETTER = 1,
	F_DIGIT = 2,
	F_MARK = 4,
	F_UPPER = 8,
	F_VIET = 16,   /* base letter with only Vietnamese marks */
	F_NFC = 32     /* may change under NFC: text holding it needs composing */
};

#define TABLE_SIZE 0x2000

typedef struct letter {
	int32_t lower; /* lower-case code point */
	int32_t fold;  /* lower case without any diacritic (đ -> d) */
	uint8_t base;  /* ASCII base letter for Latin letters, else 0 */
	uint8_t qual;
	uint8_t tone;
	uint8_t flags;
} letter;

static letter table[TABLE_SIZE];
static int32_t compose_tab[26][Q_COUNT][T_COUNT];
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static int mark_qual(int32_t m)
{
	switch (m) {
	case 0x0306: return Q_BREVE;
	case 0x0302: return Q_CIRC;
	case 0x031B: return Q_HORN;
	default: return -1;
	}
}

static int mark_tone(int32_t m)
{
	switch (m) {
	case 0x0300: return T_GRAVE;
	case 0x0301: return T_ACUTE;
	case 0x0309: return T_HOOK;
	case 0x0303: return T_TILDE;
	case 0x0323: return T_DOT;
	default: return -1;
	}
}

static int viet_qual_ok(uint8_t base, int qual)
{
	switch (qual) {
	case Q_NONE: return 1;
	case Q_BREVE: return base == 'a';
	case Q_CIRC: return base == 'a' || base == 'e' || base == 'o';
	case Q_HORN: return base == 'o' || base == 'u';
	case Q_STROKE: return base == 'd';
	}
	return 0;
}

/*
 * May NFC change cp or join it to what precedes it?  utf8proc's
 * comp_exclusion leaves out singletons (U+212B ANGSTROM SIGN -> U+00C5) and
 * the Hangul vowel and final jamo, which compose algorithmically.  A
 * canonical decomposition is stable only when it composes back to cp.
 */
static int nfc_unstable(int32_t cp, const utf8proc_property_t *p)
{
	if (p->comp_exclusion || (cp >= 0x1161 && cp <= 0x1175) || (cp >= 0x11A7 && cp <= 0x11C2))
		return 1; /* 0x11A7: utf8proc also joins it, though Unicode does not */
	if (p->decomp_seqindex == UINT16_MAX || p->decomp_type != 0)
		return 0;
	utf8proc_int32_t seq[8];
	int bound = 0;
	utf8proc_ssize_t n = utf8proc_decompose_char(cp, seq, 8, UTF8PROC_DECOMPOSE, &bound);
	if (n < 1 || n > 8)
		return 1;
	n = utf8proc_normalize_utf32(seq, n, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
	return n != 1 || seq[0] != cp;
}

static int cat_flags(int32_t cp)
{
	int f = 0;
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LT:
		f |= F_UPPER | F_LETTER;
		break;
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
		f |= F_LETTER;
		break;
	case UTF8PROC_CATEGORY_ND:
		f |= F_DIGIT;
		break;
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
		f |= F_MARK | F_NFC;
		break;
	default:
		break;
	}
	if (nfc_unstable(cp, utf8proc_get_property(cp)))
		f |= F_NFC;
	return f;
}

static void describe(int32_t cp, letter *out)
{
	memset(out, 0, sizeof *out);
	out->flags = (uint8_t)cat_flags(cp);
	int32_t lower = utf8proc_tolower(cp);
	out->lower = lower;
	out->fold = lower;
	if (lower == 0x0111) { /* đ: no decomposition in Unicode */
		out->base = 'd';
		out->qual = Q_STROKE;
		out->fold = 'd';
		out->flags |= F_VIET;
		return;
	}
	utf8proc_int32_t seq[8];
	int bound = 0;
	utf8proc_ssize_t n = utf8proc_decompose_char(lower, seq, 8, UTF8PROC_DECOMPOSE, &bound);
	if (n < 1 || n > 8)
		return;
	if (seq[0] >= 0x80 || !((seq[0] >= 'a' && seq[0] <= 'z'))) {
		if (n > 1 && seq[0] >= 0x80)
			out->fold = seq[0];
		return;
	}
	out->base = (uint8_t)seq[0];
	out->fold = seq[0];
	int viet = 1;
	for (utf8proc_ssize_t i = 1; i < n; i++) {
		int q = mark_qual(seq[i]);
		int t = mark_tone(seq[i]);
		if (q >= 0 && out->qual == Q_NONE)
			out->qual = (uint8_t)q;
		else if (t >= 0 && out->tone == T_NONE)
			out->tone = (uint8_t)t;
		else
			viet = 0;
	}
	if (viet && viet_qual_ok(out->base, out->qual))
		out->flags |= F_VIET;
}

static void build_tables(void)
{
	for (int32_t cp = 0; cp < TABLE_SIZE; cp++) {
		if (cp >= 0xD800 && cp < 0xE000)
			continue;
		describe(cp, &table[cp]);
	}
	for (int32_t cp = 0; cp < TABLE_SIZE; cp++) {
		const letter *l = &table[cp];
		if ((l->flags & F_VIET) && l->lower == cp && l->base >= 'a' && l->base <= 'z')
			compose_tab[l->base - 'a'][l->qual][l->tone] = cp;
	}
}

static inline const letter *lookup(int32_t cp)
{
	return cp >= 0 && cp < TABLE_SIZE ? &table[cp] : NULL;
}

size_t vn_utf8_decode_wide(const unsigned char *s, size_t n, int32_t *cp)
{
	unsigned c = s[0];
	size_t len;
	int32_t v;
	unsigned lo = 0x80, hi = 0xBF; /* allowed second byte (Unicode Table 3-7) */
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2; v = (int32_t)(c & 0x1F);
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3; v = (int32_t)(c & 0x0F);
		if (c == 0xE0)
			lo = 0xA0; /* no overlongs */
		else if (c == 0xED)
			hi = 0x9F; /* no surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4; v = (int32_t)(c & 0x07);
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F; /* nothing above U+10FFFF */
	} else {
		*cp = 0xFFFD;
		return 1;
	}
	/* An ill-formed sequence is replaced by one U+FFFD per maximal subpart:
	 * the longest prefix that could have begun a valid sequence. */
	for (size_t i = 1; i < len; i++) {
		unsigned b = i < n ? s[i] : 0;
		if (i >= n || b < (i == 1 ? lo : 0x80) || b > (i == 1 ? hi : 0xBF)) {
			*cp = 0xFFFD;
			return i;
		}
		v = (v << 6) | (int32_t)(b & 0x3F);
	}
	*cp = v;
	return len;
}

size_t vn_utf8_encode(int32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

static int needs_nfc(int32_t cp)
{
	const letter *l = lookup(cp);
	if (l)
		return (l->flags & F_NFC) != 0;
	return (cat_flags(cp) & F_NFC) != 0;
}

tc_status vn_text_clean(const char *text, size_t n, tc_buf *out, size_t *n_invalid)
{
	pthread_once(&table_once, build_tables);
	if (n_invalid)
		*n_invalid = 0;
	size_t start = out->len;
	size_t bad = 0;
	int compose = 0;
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0;
	tc_status st = TC_OK;
	while (i < n && st == TC_OK) {
		/* Copy the longest run of printable ASCII in one go. */
		size_t j = i;
		while (j < n && s[j] >= 0x20 && s[j] < 0x7F)
			j++;
		if (j > i) {
			st = tc_buf_append(out, s + i, j - i);
			i = j;
			continue;
		}
		int32_t cp;
		size_t len = vn_utf8_decode(s + i, n - i, &cp);
		if (cp == 0xFFFD && !(len == 3 && s[i] == 0xEF))
			bad++;
		i += len;
		if (cp == '\r') {
			if (i < n && s[i] == '\n')
				continue;
			cp = '\n';
		} else if (cp == 0xFEFF && i == len) {
			continue; /* a byte order mark opens the text */
		} else if (cp == 0xFEFF) {
			cp = ' '; /* a stray one from text pasted together separates words */
		} else if ((cp < 0x20 && cp != '\t' && cp != '\n') || (cp >= 0x7F && cp < 0xA0)) {
			cp = ' ';
		}
		if (!compose && needs_nfc(cp))
			compose = 1;
		char enc[4];
		st = tc_buf_append(out, enc, vn_utf8_encode(cp, enc));
	}
	if (st == TC_OK && compose) {
		utf8proc_uint8_t *nfc = NULL;
		utf8proc_ssize_t m = utf8proc_map((const utf8proc_uint8_t *)out->data + start,
						  (utf8proc_ssize_t)(out->len - start), &nfc,
						  UTF8PROC_COMPOSE | UTF8PROC_STABLE);
		if (m < 0) {
			st = m == UTF8PROC_ERROR_NOMEM ? TC_ERR_NOMEM : TC_ERR_INVALID;
		} else {
			out->len = start;
			st = tc_buf_append(out, nfc, (size_t)m);
		}
		free(nfc);
	}
	if (st != TC_OK) {
		out->len = start;
		if (out->data)
			out->data[start] = '\0';
		return st;
	}
	if (n_invalid)
		*n_invalid = bad;
	return TC_OK;
}

int vn_is_word_char_wide(int32_t cp)
{
	pthread_once(&table_once, build_tables);
	const letter *l = lookup(cp);
	int f = l ? l->flags : cat_flags(cp);
	return (f & (F_LETTER | F_DIGIT | F_MARK)) != 0;
}

int vn_is_upper_wide(int32_t cp)
{
	pthread_once(&table_once, build_tables);
	const letter *l = lookup(cp);
	int f = l ? l->flags : cat_flags(cp);
	return (f & F_UPPER) != 0;
}

static int is_vowel(uint8_t b)
{
	return b == 'a' || b == 'e' || b == 'i' || b == 'o' || b == 'u' || b == 'y';
}

/*
 * Where the tone mark of a Vietnamese syllable belongs, or -1 when the word
 * is not a single well-formed syllable (then it is left as written).
 * base/qual describe each letter; the rules are in docs/TEXT.md.
 */
static int tone_target(const uint8_t *base, const uint8_t *qual, int n)
{
	int i = 0;
	while (i < n && !is_vowel(base[i]))
		i++;
	if (i == n)
		return -1;
	/* "qu" and "gi" + vowel: the u / i belongs to the initial consonant. */
	if (i == 1 && base[0] == 'q' && base[1] == 'u' && i + 1 < n && is_vowel(base[i + 1]))
		i++;
	else if (i == 1 && base[0] == 'g' && base[1] == 'i' && qual[1] == Q_NONE && i + 1 < n &&
		 is_vowel(base[i + 1]))
		i++;
	int v0 = i;
	while (i < n && is_vowel(base[i]))
		i++;
	int v1 = i; /* vowel cluster is [v0, v1) */
	for (int k = v1; k < n; k++)
		if (is_vowel(base[k]))
			return -1; /* not one syllable */
	int len = v1 - v0;
	if (len > 3)
		return -1;
	int marked = -1;
	for (int k = v0; k < v1; k++) {
		if (qual[k] != Q_NONE)
			marked = k;
	}
	if (marked >= 0)
		return marked; /* ươ: the last marked vowel, ơ */
	if (v1 < n || len == 1)
		return v1 - 1;
	if (len == 3)
		return v0 + 1;
	return v0; /* open two-vowel syllable: hòa, khỏe, thủy, mùa, tài */
}

/*
 * The last tokens with letters beyond ASCII, per thread: a text repeats a
 * small vocabulary of syllables, and normalising one (decoding, the tone's
 * place, encoding both forms) costs several times a lookup.  Direct-mapped
 * by a hash of the token's bytes; an entry with n == 0 is empty.
 */
#define NORM_CACHE 2048     /* entries, a power of two */
#define NORM_KEY 24         /* the longest token kept, in bytes */
#define NORM_VAL 40         /* room for each form with its NUL */

typedef struct norm_entry {
	uint8_t n, exact_len, fold_len, diacritics;
	char key[NORM_KEY];
	char exact[NORM_VAL];
	char fold[NORM_VAL];
} norm_entry;

static _Thread_local norm_entry norm_cache[NORM_CACHE];

static norm_entry *norm_slot(const unsigned char *s, size_t n)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (size_t i = 0; i < n; i++)
		h = (h ^ s[i]) * 16777619u;
	return &norm_cache[h & (NORM_CACHE - 1)];
}

tc_status vn_norm_token(const char *tok, size_t n, char *exact, size_t *exact_len,
			char *fold, size_t *fold_len, int *has_diacritics)
{
	*exact_len = 0;
	*fold_len = 0;
	*has_diacritics = 0;
	if (n > VN_TOKEN_MAX)
		return TC_ERR_TOO_BIG;
	pthread_once(&table_once, build_tables);
	const unsigned char *s = (const unsigned char *)tok;
	size_t i;
	for (i = 0; i < n && s[i] < 0x80; i++) {
		char c = (char)s[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		exact[i] = c;
		fold[i] = c;
	}
	if (i == n) {
		*exact_len = *fold_len = n;
		exact[n] = fold[n] = '\0';
		return TC_OK;
	}
	norm_entry *slot = n <= NORM_KEY ? norm_slot(s, n) : NULL;
	if (slot && slot->n == n && !memcmp(slot->key, s, n)) {
		memcpy(exact, slot->exact, slot->exact_len + 1u);
		memcpy(fold, slot->fold, slot->fold_len + 1u);
		*exact_len = slot->exact_len;
		*fold_len = slot->fold_len;
		*has_diacritics = slot->diacritics;
		return TC_OK;
	}

	int32_t cps[VN_TOKEN_MAX];
	uint8_t base[VN_TOKEN_MAX], qual[VN_TOKEN_MAX], tone[VN_TOKEN_MAX];
	int ncp = 0, viet = 1, toned = -1, ntoned = 0;
	for (i = 0; i < n;) {
		int32_t cp;
		i += vn_utf8_decode(s + i, n - i, &cp);
		const letter *l = lookup(cp);
		if (l && (l->flags & F_VIET)) {
			cps[ncp] = l->lower;
			base[ncp] = l->base;
			qual[ncp] = l->qual;
			tone[ncp] = l->tone;
			if (l->tone) {
				toned = ncp;
				ntoned++;
			}
		} else {
			cps[ncp] = l ? l->lower : utf8proc_tolower(cp);
			base[ncp] = 0;
			qual[ncp] = tone[ncp] = 0;
			viet = 0;
		}
		ncp++;
	}
	if (viet && ntoned == 1) {
		int target = tone_target(base, qual, ncp);
		if (target >= 0 && target != toned) {
			int32_t plain = compose_tab[base[toned] - 'a'][qual[toned]][T_NONE];
			int32_t moved = compose_tab[base[target] - 'a'][qual[target]][tone[toned]];
			if (plain && moved) {
				cps[toned] = plain;
				cps[target] = moved;
			}
		}
	}
	size_t e = 0, f = 0;
	for (int k = 0; k < ncp; k++) {
		e += vn_utf8_encode(cps[k], exact + e);
		const letter *l = lookup(cps[k]);
		if (l) {
			if (l->flags & F_MARK)
				continue;
			f += vn_utf8_encode(l->fold, fold + f);
		} else if (!(cat_flags(cps[k]) & F_MARK)) {
			f += vn_utf8_encode(cps[k], fold + f);
		}
	}
	exact[e] = fold[f] = '\0';
	*exact_len = e;
	*fold_len = f;
	*has_diacritics = e != f || memcmp(exact, fold, e) != 0;
	if (slot && e < NORM_VAL && f < NORM_VAL) {
		slot->n = (uint8_t)n;
		memcpy(slot->key, s, n);
		memcpy(slot->exact, exact, e + 1);
		memcpy(slot->fold, fold, f + 1);
		slot->exact_len = (uint8_t)e;
		slot->fold_len = (uint8_t)f;
		slot->diacritics = (uint8_t)*has_diacritics;
	}
	return TC_OK;
}

tc_status vn_fold_text(const char *text, size_t n, tc_buf *out)
{
	pthread_once(&table_once, build_tables);
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0;
	while (i < n) {
		int32_t cp;
		i += vn_utf8_decode(s + i, n - i, &cp);
		const letter *l = lookup(cp);
		int32_t o;
		if (l) {
			if (l->flags & F_MARK)
				continue;
			o = l->fold;
		} else {
			o = utf8proc_tolower(cp);
		}
		char enc[4];
		tc_status st = tc_buf_append(out, enc, vn_utf8_encode(o, enc));
		if (st != TC_OK)
			return st;
	}
	return TC_OK;
}
