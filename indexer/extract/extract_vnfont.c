/*
 * extract_vnfont.c - TCVN3 and VNI pages: tell them from windows-1252 and
 * turn them into Unicode (see extract_vnfont.h).
 *
 * Both encodings are read the same way, one letter at a time: a letter is a
 * base (a-z), a modifier (circumflex, breve, horn, the stroke of đ) and a
 * tone.  The tables below say which bytes make which letter, as TCVN
 * 5712:1993 and the VNI fonts define them; the same letters feed the
 * syllable check that detection uses and the UTF-8 writer (base letter plus
 * combining marks, composed to NFC by vn_text_clean).
 *
 * Detection rests on Vietnamese spelling rather than on byte frequencies:
 * read in the right encoding almost every word is a well-formed syllable,
 * while French or English read as TCVN3 or VNI almost never is ("café"
 * becomes "cafộ", "été" becomes "ộtộ").
 */
#include "extract_vnfont.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "vn_text.h"
#include "tc_banned.h"

enum { M_NONE, M_CIRC, M_BREVE, M_HORN, M_STROKE };
enum { T_NONE, T_GRAVE, T_HOOK, T_TILDE, T_ACUTE, T_DOT };

/* One letter: base a-z, modifier, tone and case. */
typedef struct vf_letter {
	char base;
	uint8_t mod, tone, upper;
} vf_letter;

/* Unicode combining marks for the modifiers and tones (đ is written whole). */
static const int32_t mod_mark[] = {0, 0x0302, 0x0306, 0x031B, 0};
static const int32_t tone_mark[] = {0, 0x0300, 0x0309, 0x0303, 0x0301, 0x0323};

/* Enough for any syllable ("nghiêng" has 7 letters) and a little more. */
#define WORD_MAX 10
/* Words that detection needs, without and with a font name on the page. */
#define MIN_VALID 10
#define MIN_VALID_HINTED 2
/* Nesting of font-bearing elements that conversion follows. */
#define SCOPE_MAX 32

/* ---- TCVN3 ---------------------------------------------------------------- */

#define L(b, m, t) {b, M_##m, T_##t, 0}
#define U(b, m, t) {b, M_##m, T_##t, 1}

/* TCVN 5712:1993 from 0xA1 up.  The VN3 fonts use the lower-case letters
 * and the seven capitals of 0xA1-0xA7; the other capitals are the
 * standard's full set (VN1), kept so that a page that uses them reads. */
static const vf_letter tcvn3_high[256] = {
	[0xA1] = U('a', BREVE, NONE), [0xA2] = U('a', CIRC, NONE), [0xA3] = U('e', CIRC, NONE),
	[0xA4] = U('o', CIRC, NONE),  [0xA5] = U('o', HORN, NONE), [0xA6] = U('u', HORN, NONE),
	[0xA7] = U('d', STROKE, NONE),
	[0xA8] = L('a', BREVE, NONE), [0xA9] = L('a', CIRC, NONE), [0xAA] = L('e', CIRC, NONE),
	[0xAB] = L('o', CIRC, NONE),  [0xAC] = L('o', HORN, NONE), [0xAD] = L('u', HORN, NONE),
	[0xAE] = L('d', STROKE, NONE),
	[0xAF] = U('a', BREVE, GRAVE),
	/* 0xB0-0xB4: the five tones as combining marks (tcvn3_tone) */
	[0xB5] = L('a', NONE, GRAVE), [0xB6] = L('a', NONE, HOOK), [0xB7] = L('a', NONE, TILDE),
	[0xB8] = L('a', NONE, ACUTE), [0xB9] = L('a', NONE, DOT),
	[0xBA] = U('a', BREVE, HOOK),
	[0xBB] = L('a', BREVE, GRAVE), [0xBC] = L('a', BREVE, HOOK), [0xBD] = L('a', BREVE, TILDE),
	[0xBE] = L('a', BREVE, ACUTE),
	[0xBF] = U('a', BREVE, TILDE), [0xC0] = U('a', BREVE, ACUTE), [0xC1] = U('a', CIRC, GRAVE),
	[0xC2] = U('a', CIRC, HOOK),   [0xC3] = U('a', CIRC, TILDE),  [0xC4] = U('a', CIRC, ACUTE),
	[0xC5] = U('e', CIRC, GRAVE),
	[0xC6] = L('a', BREVE, DOT),
	[0xC7] = L('a', CIRC, GRAVE), [0xC8] = L('a', CIRC, HOOK), [0xC9] = L('a', CIRC, TILDE),
	[0xCA] = L('a', CIRC, ACUTE), [0xCB] = L('a', CIRC, DOT),
	[0xCC] = L('e', NONE, GRAVE),
	[0xCD] = U('e', CIRC, HOOK),
	[0xCE] = L('e', NONE, HOOK),  [0xCF] = L('e', NONE, TILDE), [0xD0] = L('e', NONE, ACUTE),
	[0xD1] = L('e', NONE, DOT),
	[0xD2] = L('e', CIRC, GRAVE), [0xD3] = L('e', CIRC, HOOK), [0xD4] = L('e', CIRC, TILDE),
	[0xD5] = L('e', CIRC, ACUTE), [0xD6] = L('e', CIRC, DOT),
	[0xD7] = L('i', NONE, GRAVE), [0xD8] = L('i', NONE, HOOK),
	[0xD9] = U('e', CIRC, TILDE), [0xDA] = U('e', CIRC, ACUTE), [0xDB] = U('o', CIRC, GRAVE),
	[0xDC] = L('i', NONE, TILDE), [0xDD] = L('i', NONE, ACUTE), [0xDE] = L('i', NONE, DOT),
	[0xDF] = L('o', NONE, GRAVE),
	[0xE0] = U('o', CIRC, HOOK),
	[0xE1] = L('o', NONE, HOOK),  [0xE2] = L('o', NONE, TILDE), [0xE3] = L('o', NONE, ACUTE),
	[0xE4] = L('o', NONE, DOT),
	[0xE5] = L('o', CIRC, GRAVE), [0xE6] = L('o', CIRC, HOOK), [0xE7] = L('o', CIRC, TILDE),
	[0xE8] = L('o', CIRC, ACUTE), [0xE9] = L('o', CIRC, DOT),
	[0xEA] = L('o', HORN, GRAVE), [0xEB] = L('o', HORN, HOOK), [0xEC] = L('o', HORN, TILDE),
	[0xED] = L('o', HORN, ACUTE), [0xEE] = L('o', HORN, DOT),
	[0xEF] = L('u', NONE, GRAVE),
	[0xF0] = U('o', CIRC, TILDE),
	[0xF1] = L('u', NONE, HOOK),  [0xF2] = L('u', NONE, TILDE), [0xF3] = L('u', NONE, ACUTE),
	[0xF4] = L('u', NONE, DOT),
	[0xF5] = L('u', HORN, GRAVE), [0xF6] = L('u', HORN, HOOK), [0xF7] = L('u', HORN, TILDE),
	[0xF8] = L('u', HORN, ACUTE), [0xF9] = L('u', HORN, DOT),
	[0xFA] = L('y', NONE, GRAVE), [0xFB] = L('y', NONE, HOOK), [0xFC] = L('y', NONE, TILDE),
	[0xFD] = L('y', NONE, ACUTE), [0xFE] = L('y', NONE, DOT),
	[0xFF] = U('o', CIRC, ACUTE),
};

/* The combining tone bytes 0xB0-0xB4, in the standard's order. */
static int tcvn3_tone(unsigned c)
{
	static const uint8_t tones[] = {T_GRAVE, T_HOOK, T_TILDE, T_ACUTE, T_DOT};
	return c >= 0xB0 && c <= 0xB4 ? tones[c - 0xB0] : T_NONE;
}

/* ---- VNI ------------------------------------------------------------------ */

/* Letters that are one byte (lower case; upper case is 0x20 less). */
static const vf_letter vni_single[256] = {
	[0xF4] = L('o', HORN, NONE),  [0xF6] = L('u', HORN, NONE),  [0xF1] = L('d', STROKE, NONE),
	[0xEC] = L('i', NONE, GRAVE), [0xE6] = L('i', NONE, HOOK),  [0xF3] = L('i', NONE, TILDE),
	[0xED] = L('i', NONE, ACUTE), [0xF2] = L('i', NONE, DOT),   [0xEE] = L('y', NONE, DOT),
};

/* Bytes that follow a base letter (lower case; upper case is 0x20 less):
 * the tone alone, or the circumflex (a, e, o) or breve (a) with a tone. */
typedef struct vni_mark {
	uint8_t mod, tone;
} vni_mark;

static const vni_mark vni_after[256] = {
	[0xF8] = {M_NONE, T_GRAVE},  [0xFB] = {M_NONE, T_HOOK},   [0xF5] = {M_NONE, T_TILDE},
	[0xF9] = {M_NONE, T_ACUTE},  [0xEF] = {M_NONE, T_DOT},
	[0xE2] = {M_CIRC, T_NONE},   [0xE0] = {M_CIRC, T_GRAVE},  [0xE5] = {M_CIRC, T_HOOK},
	[0xE3] = {M_CIRC, T_TILDE},  [0xE1] = {M_CIRC, T_ACUTE},  [0xE4] = {M_CIRC, T_DOT},
	[0xEA] = {M_BREVE, T_NONE},  [0xE8] = {M_BREVE, T_GRAVE}, [0xFA] = {M_BREVE, T_HOOK},
	[0xFC] = {M_BREVE, T_TILDE}, [0xE9] = {M_BREVE, T_ACUTE}, [0xEB] = {M_BREVE, T_DOT},
};

#undef L
#undef U

/* The lower-case table index of a VNI byte of either case, or 0. */
static unsigned vni_lower(unsigned c)
{
	return c >= 0xC0 && c <= 0xDF ? c + 0x20 : c >= 0xE0 ? c : 0;
}

static int is_vowel(char b)
{
	return b == 'a' || b == 'e' || b == 'i' || b == 'o' || b == 'u' || b == 'y';
}

/* ---- reading letters ------------------------------------------------------ */

/*
 * The letter that starts at p[0..n) in enc: bytes used (1 or 2), 0 when p[0]
 * is not a letter there.  A tone or modifier byte joins the letter before
 * it only where the encoding allows it on that letter.
 */
static size_t next_letter(tc_vnfont enc, const unsigned char *p, size_t n, vf_letter *out)
{
	unsigned c = p[0];
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
		*out = (vf_letter){(char)(c | 0x20), M_NONE, T_NONE, c < 'a'};
	} else if (enc == TC_VNFONT_TCVN3 && tcvn3_high[c].base) {
		*out = tcvn3_high[c];
	} else if (enc == TC_VNFONT_VNI && vni_lower(c) && vni_single[vni_lower(c)].base) {
		*out = vni_single[vni_lower(c)];
		out->upper = c < 0xE0;
	} else {
		return 0;
	}
	if (n < 2 || !is_vowel(out->base) || out->tone != T_NONE)
		return 1;
	unsigned d = p[1];
	if (enc == TC_VNFONT_TCVN3) {
		int t = tcvn3_tone(d);
		if (!t)
			return 1;
		out->tone = (uint8_t)t;
		return 2;
	}
	if (!vni_lower(d))
		return 1;
	vni_mark m = vni_after[vni_lower(d)];
	if (m.mod == M_NONE && m.tone == T_NONE)
		return 1;
	if (m.mod != M_NONE &&
	    (out->mod != M_NONE || !(out->base == 'a' || (m.mod == M_CIRC && (out->base == 'e' ||
									out->base == 'o')))))
		return 1;
	if (m.mod != M_NONE)
		out->mod = m.mod;
	out->tone = m.tone;
	return 2;
}

/* ---- syllables ------------------------------------------------------------ */

/* The letter without its tone, lower case, as UTF-8. */
static size_t plain_utf8(const vf_letter *l, char *out)
{
	static const char *const mods[26][5] = {
		['a' - 'a'] = {"a", "â", "ă", NULL, NULL}, ['d' - 'a'] = {"d", NULL, NULL, NULL, "đ"},
		['e' - 'a'] = {"e", "ê", NULL, NULL, NULL}, ['o' - 'a'] = {"o", "ô", NULL, "ơ", NULL},
		['u' - 'a'] = {"u", NULL, NULL, "ư", NULL},
	};
	const char *s = l->mod != M_NONE ? mods[l->base - 'a'][l->mod] : NULL;
	if (!s) {
		out[0] = l->base;
		return 1;
	}
	size_t k = strlen(s);
	memcpy(out, s, k);
	return k;
}

/* letters[a..b) as toneless lower-case UTF-8 in out (room for 2 per letter + 1). */
static void plain_run(const vf_letter *w, size_t a, size_t b, char *out)
{
	size_t k = 0;
	for (size_t i = a; i < b; i++)
		k += plain_utf8(&w[i], out + k);
	out[k] = '\0';
}

static int in_list(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(s, list[i]))
			return 1;
	return 0;
}

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

enum { OPEN = 1, CLOSED = 2 };

typedef struct nucleus {
	const char *v;
	int ends; /* OPEN: may end the syllable; CLOSED: may take a final consonant */
} nucleus;

/* The vowel groups of Vietnamese syllables, without tones. */
static const nucleus nuclei[] = {
	{"a", OPEN | CLOSED},  {"ă", CLOSED},  {"â", CLOSED},  {"e", OPEN | CLOSED},
	{"ê", OPEN | CLOSED},  {"i", OPEN | CLOSED}, {"o", OPEN | CLOSED}, {"ô", OPEN | CLOSED},
	{"ơ", OPEN | CLOSED},  {"u", OPEN | CLOSED}, {"ư", OPEN | CLOSED}, {"y", OPEN | CLOSED},
	{"ai", OPEN},  {"ao", OPEN},  {"au", OPEN},  {"ay", OPEN},  {"âu", OPEN}, {"ây", OPEN},
	{"eo", OPEN},  {"êu", OPEN},  {"ia", OPEN},  {"iu", OPEN},  {"oi", OPEN}, {"ôi", OPEN},
	{"ơi", OPEN},  {"ua", OPEN},  {"ui", OPEN},  {"ưa", OPEN},  {"ưi", OPEN}, {"ưu", OPEN},
	{"uơ", OPEN},  {"iê", CLOSED}, {"yê", CLOSED}, {"uô", CLOSED}, {"ươ", CLOSED},
	{"oă", CLOSED}, {"uâ", CLOSED}, {"oo", CLOSED}, {"uyê", CLOSED},
	{"oa", OPEN | CLOSED}, {"oe", OPEN | CLOSED}, {"uê", OPEN | CLOSED}, {"uy", OPEN | CLOSED},
	{"iêu", OPEN}, {"yêu", OPEN}, {"uôi", OPEN}, {"ươi", OPEN}, {"ươu", OPEN}, {"oai", OPEN},
	{"oay", OPEN}, {"oao", OPEN}, {"oeo", OPEN}, {"uây", OPEN}, {"uya", OPEN}, {"uyu", OPEN},
};

static const char *const initials[] = {"b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k",
				       "kh", "l", "m", "n", "ng", "ngh", "nh", "p", "ph", "qu",
				       "r", "s", "t", "th", "tr", "v", "x"};
/* k: Central Highlands names (Đắk Lắk) write it as a final. */
static const char *const finals[] = {"c", "ch", "m", "n", "ng", "nh", "p", "t", "k"};

/*
 * Is w[0..n) one well-formed Vietnamese syllable, in lower case, capitalised
 * or all capitals?  Initial consonant, vowel group, final consonant, at most
 * one tone and on the vowel group, sắc or nặng before a stop, and the
 * spelling rules that pick c/k, g/gh and ng/ngh.
 */
static int is_syllable(const vf_letter *w, size_t n)
{
	size_t upper = 0, toned = 0;
	for (size_t i = 0; i < n; i++) {
		upper += w[i].upper;
		toned += w[i].tone != T_NONE;
	}
	if (toned > 1 || !(upper == 0 || upper == n || (upper == 1 && w[0].upper)))
		return 0;
	size_t v0 = 0;
	while (v0 < n && !is_vowel(w[v0].base))
		v0++;
	if (v0 == n)
		return 0;
	char ini[2 * WORD_MAX + 1], nuc[2 * WORD_MAX + 1], fin[2 * WORD_MAX + 1];
	plain_run(w, 0, v0, ini);
	/* gi and qu before a vowel: the i or u belongs to the consonant */
	if (v0 + 1 < n && is_vowel(w[v0 + 1].base) &&
	    ((!strcmp(ini, "g") && w[v0].base == 'i' && w[v0].mod == M_NONE) ||
	     (!strcmp(ini, "q") && w[v0].base == 'u' && w[v0].mod == M_NONE))) {
		if (w[v0].tone != T_NONE)
			return 0;
		plain_run(w, 0, ++v0, ini);
	}
	if (ini[0] && !in_list(ini, initials, N_OF(initials)))
		return 0;
	size_t v1 = v0;
	while (v1 < n && is_vowel(w[v1].base))
		v1++;
	for (size_t i = 0; i < n; i++)
		if (w[i].tone != T_NONE && (i < v0 || i >= v1))
			return 0;
	plain_run(w, v0, v1, nuc);
	plain_run(w, v1, n, fin);
	if (fin[0] && !in_list(fin, finals, N_OF(finals)))
		return 0;
	int ends = 0;
	for (size_t i = 0; i < N_OF(nuclei); i++)
		if (!strcmp(nuc, nuclei[i].v))
			ends = nuclei[i].ends;
	if (!(ends & (fin[0] ? CLOSED : OPEN)))
		return 0;
	char last = w[v1 - 1].base;
	if ((!strcmp(fin, "ch") || !strcmp(fin, "nh")) &&
	    !((last == 'a' && w[v1 - 1].mod == M_NONE) || (last == 'e' && w[v1 - 1].mod == M_CIRC) ||
	      last == 'i' || last == 'y'))
		return 0;
	if (fin[0] && strchr("cptk", fin[0])) {
		int tone = T_NONE;
		for (size_t i = v0; i < v1; i++)
			tone |= w[i].tone;
		if (tone != T_ACUTE && tone != T_DOT)
			return 0;
	}
	/* c, g, ng never stand before e, ê, i, y (k, gh, ngh do, and only there);
	 * g before i is gi with the i shared: gì, gìn */
	char first = w[v0].base;
	int front = first == 'e' || first == 'i' || first == 'y';
	if ((!strcmp(ini, "c") || !strcmp(ini, "ng") || (!strcmp(ini, "g") && first != 'i')) && front)
		return 0;
	if ((!strcmp(ini, "k") || !strcmp(ini, "gh") || !strcmp(ini, "ngh")) && !front)
		return 0;
	return 1;
}

/* ---- font names ----------------------------------------------------------- */

enum { F_TCVN3 = 1, F_CAPS = 2, F_VNI = 4, F_OTHER = 8 };

static int ci_at(const unsigned char *p, size_t n, size_t i, const char *word)
{
	size_t k = strlen(word);
	return i + k <= n && !strncasecmp((const char *)p + i, word, k);
}

/* The kind of one font name: ".VnTime" is TCVN3, ".VnTimeH" its capitals
 * font, "VNI-Times" VNI. */
static int font_kind(const unsigned char *s, size_t n)
{
	if (ci_at(s, n, 0, ".vn"))
		return s[n - 1] == 'H' ? F_TCVN3 | F_CAPS : F_TCVN3;
	if (ci_at(s, n, 0, "vni-"))
		return F_VNI;
	return n ? F_OTHER : 0;
}

/*
 * A font list at p[i..n): `font-family: a, "b"` (CSS) or `face="a,b"`
 * (<font>).  Returns the index where the declaration ends, or i when there
 * is none at i; *first gets the kind of the first font named, *all the kinds
 * of all of them.
 */
static size_t font_decl(const unsigned char *p, size_t n, size_t i, int *first, int *all)
{
	size_t j;
	int css;
	if (ci_at(p, n, i, "font-family"))
		j = i + 11, css = 1;
	else if (ci_at(p, n, i, "face") && (i == 0 || p[i - 1] == ' ' || p[i - 1] == '\t' ||
					    p[i - 1] == '\n' || p[i - 1] == '\r'))
		j = i + 4, css = 0;
	else
		return i;
	while (j < n && (p[j] == ' ' || p[j] == '\t'))
		j++;
	if (j >= n || p[j] != (css ? ':' : '='))
		return i;
	j++;
	while (j < n && (p[j] == ' ' || p[j] == '\t'))
		j++;
	/* face="a, b": the quotes hold the list; in CSS, quotes hold one name */
	int quoted_list = !css && j < n && (p[j] == '"' || p[j] == '\'');
	if (quoted_list)
		j++;
	*first = 0;
	for (;;) {
		while (j < n && (p[j] == ' ' || p[j] == '\t'))
			j++;
		size_t a = j, b;
		if (!quoted_list && j < n && (p[j] == '"' || p[j] == '\'')) {
			unsigned char q = p[j++];
			a = j;
			while (j < n && p[j] != q && p[j] != '>' && p[j] != '\n')
				j++;
			b = j;
			if (j < n && p[j] == q)
				j++;
		} else if (ci_at(p, n, j, "&quot;")) {
			a = j += 6;
			while (j < n && p[j] != '&' && p[j] != '>' && p[j] != '\n')
				j++;
			b = j;
			if (ci_at(p, n, j, "&quot;"))
				j += 6;
		} else {
			while (j < n && p[j] != ',' && p[j] != ';' && p[j] != '>' && p[j] != '<' &&
			       p[j] != '}' && p[j] != '"' && p[j] != '\'' && p[j] != '\n' &&
			       !(p[j] == ' ' && !css && !quoted_list))
				j++;
			b = j;
			while (b > a && (p[b - 1] == ' ' || p[b - 1] == '\t'))
				b--;
		}
		int k = b > a ? font_kind(p + a, b - a) : 0;
		if (!*first)
			*first = k;
		*all |= k;
		while (j < n && (p[j] == ' ' || p[j] == '\t'))
			j++;
		if (j >= n || p[j] != ',')
			break;
		j++;
	}
	return j > i ? j : i + 1;
}

/* ---- detection ------------------------------------------------------------ */

static int word_byte(unsigned c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0xA1;
}

/* Read the word p[0..n) (it has a byte >= 0xA1) in enc: 1 syllable, 0 not,
 * -1 one letter (no evidence either way). */
static int word_verdict(tc_vnfont enc, const unsigned char *p, size_t n)
{
	vf_letter w[WORD_MAX];
	size_t k = 0;
	for (size_t i = 0; i < n;) {
		if (k == WORD_MAX)
			return 0;
		size_t used = next_letter(enc, p + i, n - i, &w[k++]);
		if (!used)
			return 0;
		i += used;
	}
	if (k == 1)
		return -1;
	return is_syllable(w, k);
}

static void score_words(tc_vnfont enc, const unsigned char *p, size_t n, tc_vnfont_score *sc)
{
	size_t i = 0;
	while (i < n) {
		if (!word_byte(p[i])) {
			i++;
			continue;
		}
		size_t j = i;
		int high = 0;
		while (j < n && word_byte(p[j]))
			high |= p[j++] >= 0x80;
		if (high) {
			int v = word_verdict(enc, p + i, j - i);
			if (v == 1)
				sc->valid++;
			else if (v == 0)
				sc->invalid++;
		}
		i = j;
	}
}

static int passes(const tc_vnfont_score *s)
{
	if (s->hinted)
		return s->valid >= MIN_VALID_HINTED && s->valid >= s->invalid;
	return s->valid >= MIN_VALID && s->valid >= 3 * s->invalid;
}

tc_vnfont tc_vnfont_detect(const char *html, size_t n, tc_vnfont_score scores[2])
{
	const unsigned char *p = (const unsigned char *)html;
	tc_vnfont_score s[2];
	memset(s, 0, sizeof s);
	int all = 0;
	for (size_t i = 0; i < n;) {
		int first = 0;
		size_t e = (p[i] | 0x20) == 'f' ? font_decl(p, n, i, &first, &all) : i;
		i = e > i ? e : i + 1;
	}
	s[0].hinted = (all & F_TCVN3) != 0;
	s[1].hinted = (all & F_VNI) != 0;
	score_words(TC_VNFONT_TCVN3, p, n, &s[0]);
	score_words(TC_VNFONT_VNI, p, n, &s[1]);
	if (scores)
		memcpy(scores, s, sizeof s);
	int t = passes(&s[0]), v = passes(&s[1]);
	if (t && (!v || s[0].valid >= s[1].valid))
		return TC_VNFONT_TCVN3;
	return v ? TC_VNFONT_VNI : TC_VNFONT_NONE;
}

/* ---- conversion ----------------------------------------------------------- */

/* windows-1252 0x80-0x9F; 0 for its five unassigned bytes. */
static const uint16_t cp1252_c1[32] = {
	0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
	0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

static tc_status put_cp(tc_buf *b, int32_t cp)
{
	char enc[4];
	return tc_buf_append(b, enc, vn_utf8_encode(cp, enc));
}

static tc_status put_letter(tc_buf *b, const vf_letter *l, int caps)
{
	int up = l->upper || caps;
	if (l->mod == M_STROKE)
		return put_cp(b, up ? 0x0110 : 0x0111);
	tc_status st = tc_buf_append_char(b, (char)(up ? l->base - 32 : l->base));
	if (st == TC_OK && mod_mark[l->mod])
		st = put_cp(b, mod_mark[l->mod]);
	if (st == TC_OK && l->tone)
		st = put_cp(b, tone_mark[l->tone]);
	return st;
}

/* Decode p[i..end) as text (letters and windows-1252), capitals when caps;
 * an entity (&amp; &#39;) keeps its case. */
static tc_status put_text(tc_vnfont enc, const unsigned char *p, size_t i, size_t end, int caps,
			  tc_buf *b)
{
	tc_status st = TC_OK;
	while (i < end && st == TC_OK) {
		vf_letter l;
		size_t used = next_letter(enc, p + i, end - i, &l);
		if (used) {
			st = put_letter(b, &l, caps);
			i += used;
			continue;
		}
		unsigned c = p[i];
		if (c == '&' && caps) {
			size_t j = i + 1;
			while (j < end && j - i < 32 &&
			       (((p[j] | 0x20) >= 'a' && (p[j] | 0x20) <= 'z') ||
				(p[j] >= '0' && p[j] <= '9') || p[j] == '#'))
				j++;
			if (j < end && p[j] == ';')
				j++;
			st = tc_buf_append(b, p + i, j - i);
			i = j;
		} else if (c < 0x80) {
			st = tc_buf_append_char(b, (char)c);
			i++;
		} else {
			int32_t cp = c < 0xA0 ? cp1252_c1[c - 0x80] : (int32_t)c;
			st = put_cp(b, cp ? cp : 0xFFFD);
			i++;
		}
	}
	return st;
}

typedef struct scope {
	char name[12];
	int caps;
	unsigned depth; /* nested elements of the same name inside it */
} scope;

static const char *const void_tags[] = {"area", "base", "br", "col", "embed", "hr", "img",
					"input", "link", "meta", "param", "source", "wbr"};

/* Follow one tag p[i..end) (i at '<') for the capitals fonts: an element whose
 * font names a .Vn...H font first opens a capitals scope, one that names
 * another font a normal one, and its end tag closes it. */
static void track_tag(const unsigned char *p, size_t i, size_t end, scope *st, size_t *nst)
{
	int closing = p[i + 1] == '/';
	size_t a = i + 1 + (size_t)closing, b = a;
	while (b < end && (((p[b] | 0x20) >= 'a' && (p[b] | 0x20) <= 'z') || (p[b] >= '0' && p[b] <= '9')))
		b++;
	char name[12];
	if (b == a || b - a >= sizeof name)
		return;
	for (size_t k = a; k < b; k++)
		name[k - a] = (char)(p[k] | 0x20);
	name[b - a] = '\0';
	size_t top = *nst;
	while (top > 0 && strcmp(st[top - 1].name, name))
		top--;
	if (closing) {
		if (top == 0)
			return;
		if (st[top - 1].depth)
			st[top - 1].depth--;
		else
			*nst = top - 1; /* it and any scope left open inside it */
		return;
	}
	if (in_list(name, void_tags, N_OF(void_tags)) || (end >= 2 && p[end - 2] == '/'))
		return;
	int first = 0, all = 0, kind = 0;
	for (size_t k = b; k < end;) {
		size_t e = (p[k] | 0x20) == 'f' ? font_decl(p, end, k, &first, &all) : k;
		if (e > k && first)
			kind = first;
		k = e > k ? e : k + 1;
	}
	if (!kind) {
		if (top > 0)
			st[top - 1].depth++;
		return;
	}
	if (*nst == SCOPE_MAX)
		return;
	memcpy(st[*nst].name, name, b - a + 1);
	st[*nst].caps = (kind & F_CAPS) != 0;
	st[*nst].depth = 0;
	++*nst;
}

/* Where the markup that starts at p[i] = '<' ends (after its '>'), or i when
 * this '<' is text. */
static size_t tag_end(const unsigned char *p, size_t n, size_t i)
{
	if (i + 1 >= n)
		return i;
	unsigned c = p[i + 1] | 0x20;
	if (!((c >= 'a' && c <= 'z') || p[i + 1] == '/' || p[i + 1] == '!' || p[i + 1] == '?'))
		return i;
	if (ci_at(p, n, i, "<!--")) {
		for (size_t j = i + 4; j + 3 <= n; j++)
			if (!memcmp(p + j, "-->", 3))
				return j + 3;
		return n;
	}
	size_t j = i + 1;
	while (j < n && p[j] != '>') {
		if (p[j] == '=') {
			j++;
			while (j < n && (p[j] == ' ' || p[j] == '\t' || p[j] == '\n'))
				j++;
			if (j < n && (p[j] == '"' || p[j] == '\'')) {
				unsigned char q = p[j++];
				while (j < n && p[j] != q)
					j++;
				if (j < n)
					j++;
			}
			continue;
		}
		j++;
	}
	return j < n ? j + 1 : n;
}

/* After <script> or <style> at p[i..e): where its text ends (the '<' of its
 * end tag, or n). */
static size_t raw_text_end(const unsigned char *p, size_t n, size_t i, size_t e)
{
	const char *end_tag = ci_at(p, e, i, "<script") ? "</script" :
			      ci_at(p, e, i, "<style") ? "</style" : NULL;
	if (!end_tag)
		return e;
	for (size_t j = e; j < n; j++)
		if (p[j] == '<' && ci_at(p, n, j, end_tag))
			return j;
	return n;
}

tc_status tc_vnfont_to_utf8(const char *html, size_t n, tc_vnfont enc, tc_buf *out)
{
	if (enc != TC_VNFONT_TCVN3 && enc != TC_VNFONT_VNI)
		return TC_ERR_USAGE;
	const unsigned char *p = (const unsigned char *)html;
	/* Decomposed letters take more room than the NFC result that must fit. */
	tc_buf tmp;
	tc_buf_init(&tmp, out->max > SIZE_MAX / 2 ? SIZE_MAX : out->max * 2);
	scope scopes[SCOPE_MAX];
	size_t nscope = 0;
	tc_status st = TC_OK;
	size_t i = 0;
	while (i < n && st == TC_OK) {
		int caps = enc == TC_VNFONT_TCVN3 && nscope > 0 && scopes[nscope - 1].caps;
		const void *lt = memchr(p + i, '<', n - i);
		size_t text_end = lt ? (size_t)((const unsigned char *)lt - p) : n;
		if (text_end > i) {
			st = put_text(enc, p, i, text_end, caps, &tmp);
			i = text_end;
			continue;
		}
		size_t e = tag_end(p, n, i);
		if (e == i) {
			st = tc_buf_append_char(&tmp, '<');
			i++;
			continue;
		}
		if (p[i + 1] != '!' && p[i + 1] != '?')
			track_tag(p, i, e, scopes, &nscope);
		size_t r = raw_text_end(p, n, i, e);
		st = put_text(enc, p, i, r, 0, &tmp);
		i = r;
	}
	size_t before = out->len;
	if (st == TC_OK) {
		size_t bad;
		st = vn_text_clean(tmp.data ? tmp.data : "", tmp.len, out, &bad);
	}
	tc_buf_release(&tmp);
	if (st != TC_OK) {
		out->len = before;
		if (out->data)
			out->data[before] = '\0';
	}
	return st;
}

const char *tc_vnfont_name(tc_vnfont enc)
{
	return enc == TC_VNFONT_TCVN3 ? "TCVN3" : enc == TC_VNFONT_VNI ? "VNI" : "";
}
