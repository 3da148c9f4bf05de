/*
 * vn_token.c - the tokenizer; see vn_token.h for what it emits.
 *
 * The text is scanned for "chunks": runs of word characters joined by single
 * joiner characters (. , - / : @ _) that have a word character on both sides.
 * A chunk is then classified as a whole (a date, a document code, an
 * abbreviation, an e-mail address) or split into its parts.  URLs are found
 * by their prefix before chunking, since they hold characters no chunk does.
 */
#include "vn_token.h"

#include <string.h>

#include "vn_text.h"
#include "tc_ascii.h"
#include "tc_banned.h"

#define MAX_SEGS 24

typedef struct seg {
	size_t s, e;   /* byte range */
	int letters;   /* letters in the segment */
	int digits;
	int uppers;
} seg;

typedef struct tok_state {
	const char *text;
	size_t n;
	vn_token_cb cb;
	void *ctx;
	uint32_t pos;
	int brk;       /* punctuation seen since the last token: BRK_ANY, BRK_CLAUSE */
	int stop;
	char exact[VN_NORM_OUT_MAX];
	char fold[VN_NORM_OUT_MAX];
} tok_state;

const char *vn_token_kind_name(vn_token_kind kind)
{
	static const char *const names[] = {"word", "number", "date", "time",
					    "code", "abbr", "url", "email"};
	return (unsigned)kind < sizeof names / sizeof names[0] ? names[kind] : "?";
}

static int is_joiner(int32_t cp)
{
	return cp == '.' || cp == ',' || cp == '-' || cp == '/' || cp == ':' || cp == '@' ||
	       cp == '_' || cp == 0x2011;
}

/* Space inside a line: ASCII blanks and the Unicode spaces (no-break,
 * en/em and the other typographic spaces, zero-width, ideographic). */
static int is_blank_cp(int32_t cp)
{
	return tc_ascii_isblank(cp) || cp == 0xA0 || cp == 0x202F || cp == 0x3000 ||
	       (cp >= 0x2000 && cp <= 0x200B);
}

enum { BRK_ANY = 1, BRK_CLAUSE = 2 };

/* What a punctuation mark between two tokens says: a clause mark ends a
 * clause or a sentence, anything else (quotes, brackets, dashes) only
 * sets words apart. */
static int brk_kind(int32_t cp)
{
	int clause = cp == '.' || cp == ',' || cp == ';' || cp == ':' || cp == '!' || cp == '?' ||
		     cp == 0x2026;
	return BRK_ANY | (clause ? BRK_CLAUSE : 0);
}

/* Emit one token; returns non-zero when the callback asked to stop. */
static int emit(tok_state *t, size_t s, size_t e, uint32_t pos, vn_token_kind kind, unsigned flags)
{
	if (t->stop)
		return 1;
	if (e - s > VN_TOKEN_MAX)
		return 0; /* garbage runs are not terms */
	vn_token tok;
	int diac = 0;
	if (vn_norm_token(t->text + s, e - s, t->exact, &tok.exact_len, t->fold, &tok.fold_len,
			  &diac) != TC_OK)
		return 0;
	if (tok.fold_len == 0)
		return 0;
	tok.exact = t->exact;
	tok.fold = t->fold;
	tok.start = s;
	tok.end = e;
	tok.pos = pos;
	tok.kind = kind;
	tok.flags = flags | (diac ? VN_TOKF_DIACRITIC : 0u) | (t->brk ? VN_TOKF_BREAK : 0u) |
		    (t->brk & BRK_CLAUSE ? VN_TOKF_CLAUSE : 0u);
	t->brk = 0;
	if (t->cb(t->ctx, &tok))
		t->stop = 1;
	return t->stop;
}

static int seg_number(const seg *g)
{
	return g->digits > 0 && g->letters == 0;
}

static long seg_value(const tok_state *t, const seg *g)
{
	long v = 0;
	for (size_t i = g->s; i < g->e && v < 100000; i++)
		v = v * 10 + (t->text[i] - '0');
	return v;
}

/* 17h30, 17h, 7g30: hours then h/g then optional minutes. */
static int is_time_word(const tok_state *t, const seg *g)
{
	const char *p = t->text + g->s;
	size_t n = g->e - g->s, i = 0;
	int h = 0, m = 0;
	while (i < n && i < 2 && p[i] >= '0' && p[i] <= '9')
		h = h * 10 + (p[i++] - '0');
	if (i == 0 || i >= n || (p[i] != 'h' && p[i] != 'g' && p[i] != 'H' && p[i] != 'G'))
		return 0;
	size_t mstart = ++i;
	while (i < n && i - mstart < 2 && p[i] >= '0' && p[i] <= '9')
		m = m * 10 + (p[i++] - '0');
	return i == n && h <= 24 && m < 60 && (i == mstart || i - mstart == 2);
}

static int valid_date(long d, long m, long y, int have_year)
{
	if (d < 1 || d > 31 || m < 1 || m > 12)
		return 0;
	return !have_year || (y >= 1000 && y <= 2999) || (y >= 0 && y <= 99);
}

static vn_token_kind part_kind(const seg *g)
{
	return seg_number(g) ? VN_TOK_NUMBER : VN_TOK_WORD;
}

static void emit_whole_and_parts(tok_state *t, const seg *g, int k, vn_token_kind kind)
{
	uint32_t p = t->pos;
	int brk = t->brk;
	if (emit(t, g[0].s, g[k - 1].e, p, kind, VN_TOKF_WHOLE))
		return;
	for (int i = 0; i < k; i++) {
		t->brk = i == 0 ? brk : 0;
		if (emit(t, g[i].s, g[i].e, p + (uint32_t)i, part_kind(&g[i]), VN_TOKF_PART))
			return;
	}
	t->pos = p + (uint32_t)k;
}

static void emit_split(tok_state *t, const seg *g, const int32_t *joiner, int k)
{
	for (int i = 0; i < k; i++) {
		if (i > 0 && joiner[i - 1] != '-' && joiner[i - 1] != 0x2011 && joiner[i - 1] != '_')
			t->brk |= brk_kind(joiner[i - 1]);
		vn_token_kind kind = part_kind(&g[i]);
		if (kind == VN_TOK_WORD && is_time_word(t, &g[i]))
			kind = VN_TOK_TIME;
		if (emit(t, g[i].s, g[i].e, t->pos, kind, 0))
			return;
		t->pos++;
	}
}

/*
 * Where the unit starts in a grouped number written with its unit, such as
 * 3.000đ or 1,5kg: every segment but the last is a number, the last is
 * digits then letters, and only dots and commas join them (numeric).  0
 * when the segments are not that.
 */
static size_t number_with_unit(const tok_state *t, const seg *g, int k, int numeric)
{
	const seg *last = &g[k - 1];
	if (!numeric || k < 2 || !last->digits || !last->letters)
		return 0;
	for (int i = 0; i < k - 1; i++)
		if (!seg_number(&g[i]))
			return 0;
	size_t d = last->s;
	while (d < last->e && t->text[d] >= '0' && t->text[d] <= '9')
		d++;
	return d - last->s == (size_t)last->digits ? d : 0; /* digits, then only letters */
}

static void classify(tok_state *t, const seg *g, const int32_t *joiner, int k)
{
	if (k == 1) {
		emit_split(t, g, joiner, 1);
		return;
	}
	int all_num = 1, any_digit = 0, any_upper_seg = 0, short_alpha = 1;
	int slash = 0, dash = 0, dot = 0, comma = 0, colon = 0, at = 0;
	for (int i = 0; i < k; i++) {
		if (!seg_number(&g[i]))
			all_num = 0;
		if (g[i].digits)
			any_digit = 1;
		if (g[i].letters >= 2 && g[i].uppers == g[i].letters)
			any_upper_seg = 1;
		if (g[i].digits || g[i].letters > 5)
			short_alpha = 0;
	}
	for (int i = 0; i < k - 1; i++) {
		switch (joiner[i]) {
		case '/': slash++; break;
		case '-': case 0x2011: dash++; break;
		case '.': dot++; break;
		case ',': comma++; break;
		case ':': colon++; break;
		case '@': at++; break;
		default: break;
		}
	}
	int j = k - 1;
	size_t unit_at = number_with_unit(t, g, k, dot + comma == j);
	if (unit_at) {
		/* 3.000đ, 1,5kg: the number, then its unit as a word. */
		if (emit(t, g[0].s, unit_at, t->pos, VN_TOK_NUMBER, 0) == 0) {
			t->pos++;
			if (emit(t, unit_at, g[k - 1].e, t->pos, VN_TOK_WORD, 0) == 0)
				t->pos++;
		}
		return;
	}
	if (at == 1 && !all_num) {
		emit_whole_and_parts(t, g, k, VN_TOK_EMAIL);
		return;
	}
	if (all_num) {
		if ((slash == j && k <= 3) || (dash == j && k == 3)) {
			long y = k == 3 ? seg_value(t, &g[2]) : 0;
			if (valid_date(seg_value(t, &g[0]), seg_value(t, &g[1]), y, k == 3)) {
				emit_whole_and_parts(t, g, k, VN_TOK_DATE);
				return;
			}
		}
		if (dot + comma == j) {
			if (emit(t, g[0].s, g[k - 1].e, t->pos, VN_TOK_NUMBER, 0) == 0)
				t->pos++;
			return;
		}
		if (colon == 1 && k == 2 && seg_value(t, &g[0]) <= 24 && seg_value(t, &g[1]) < 60 &&
		    g[1].e - g[1].s == 2) {
			if (emit(t, g[0].s, g[1].e, t->pos, VN_TOK_TIME, 0) == 0)
				t->pos++;
			return;
		}
		emit_split(t, g, joiner, k);
		return;
	}
	if ((slash || dash) && (any_digit || any_upper_seg) && slash + dash + dot == j) {
		emit_whole_and_parts(t, g, k, VN_TOK_CODE);
		return;
	}
	if (dot == j && short_alpha && any_upper_seg) {
		emit_whole_and_parts(t, g, k, VN_TOK_ABBR);
		return;
	}
	emit_split(t, g, joiner, k);
}

static int ascii_prefix(const char *s, size_t n, const char *prefix)
{
	size_t m = strlen(prefix);
	if (n < m)
		return 0;
	for (size_t i = 0; i < m; i++) {
		char c = s[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != prefix[i])
			return 0;
	}
	return 1;
}

static int url_stop(int32_t cp)
{
	return cp <= ' ' || cp == '<' || cp == '>' || cp == '"' || cp == '\'' || cp == 0x201C ||
	       cp == 0x201D || cp == 0x201E || cp == 0x2018 || cp == 0x2019 || cp == 0xAB ||
	       cp == 0xBB || cp == 0x2039 || cp == 0x203A || cp == 0xA0 || is_blank_cp(cp);
}

/* Scan a URL starting at i; returns its end (after trimming). */
static size_t scan_url(const tok_state *t, size_t i)
{
	const unsigned char *s = (const unsigned char *)t->text;
	size_t e = i;
	while (e < t->n) {
		int32_t cp;
		size_t len = vn_utf8_decode(s + e, t->n - e, &cp);
		if (url_stop(cp))
			break;
		e += len;
	}
	while (e > i && strchr(".,;:!?)]}", t->text[e - 1]))
		e--;
	return e;
}

static void emit_url(tok_state *t, size_t s, size_t e)
{
	uint32_t p = t->pos;
	int brk = t->brk;
	if (emit(t, s, e, p, VN_TOK_URL, VN_TOKF_WHOLE))
		return;
	t->brk = brk;
	const unsigned char *u = (const unsigned char *)t->text;
	size_t i = s;
	uint32_t k = 0;
	while (i < e) {
		int32_t cp;
		size_t len = vn_utf8_decode(u + i, e - i, &cp);
		if (!vn_is_word_char(cp)) {
			i += len;
			continue;
		}
		size_t ps = i;
		while (i < e) {
			len = vn_utf8_decode(u + i, e - i, &cp);
			if (!vn_is_word_char(cp))
				break;
			i += len;
		}
		if (emit(t, ps, i, p + k, VN_TOK_WORD, VN_TOKF_PART))
			return;
		k++;
	}
	t->pos = p + (k ? k : 1);
}

tc_status vn_tokenize(const char *text, size_t n, uint32_t first_pos, vn_token_cb cb, void *ctx,
		      uint32_t *next_pos)
{
	tok_state t;
	t.text = text;
	t.n = n;
	t.cb = cb;
	t.ctx = ctx;
	t.pos = first_pos;
	t.brk = 0;
	t.stop = 0;
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0;
	while (i < n && !t.stop) {
		int32_t cp;
		size_t len = vn_utf8_decode(s + i, n - i, &cp);
		if (!vn_is_word_char(cp)) {
			if (!is_blank_cp(cp))
				t.brk |= brk_kind(cp);
			i += len;
			continue;
		}
		if (ascii_prefix(text + i, n - i, "http://") || ascii_prefix(text + i, n - i, "https://") ||
		    ascii_prefix(text + i, n - i, "www.")) {
			size_t e = scan_url(&t, i);
			emit_url(&t, i, e);
			t.brk = BRK_ANY;
			i = e;
			continue;
		}
		seg g[MAX_SEGS];
		int32_t joiner[MAX_SEGS];
		int k = 0;
		for (;;) {
			seg *cur = &g[k];
			cur->s = i;
			cur->letters = cur->digits = cur->uppers = 0;
			while (i < n) {
				len = vn_utf8_decode(s + i, n - i, &cp);
				if (!vn_is_word_char(cp))
					break;
				if (cp >= '0' && cp <= '9')
					cur->digits++;
				else if (vn_is_upper(cp))
					cur->letters++, cur->uppers++;
				else
					cur->letters++;
				i += len;
			}
			cur->e = i;
			k++;
			if (i >= n || k == MAX_SEGS)
				break;
			size_t jl = vn_utf8_decode(s + i, n - i, &cp);
			if (!is_joiner(cp) || i + jl >= n)
				break;
			int32_t next;
			vn_utf8_decode(s + i + jl, n - i - jl, &next);
			if (!vn_is_word_char(next))
				break;
			joiner[k - 1] = cp;
			i += jl;
		}
		classify(&t, g, joiner, k);
	}
	if (next_pos)
		*next_pos = t.pos;
	return TC_OK;
}
