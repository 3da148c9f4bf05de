/*
 * bench_corpus.c - read the benchmark corpus, count its text, sample
 * articles and make queries from them.  See bench_corpus.h.
 *
 * Vietnamese folding and lower-casing are done here with small tables of the
 * Latin letters Vietnamese uses, on purpose not with the project's vn_text
 * module: a benchmark query stands for what a person types, and must not be
 * shaped by the code it measures.
 */
#include "bench_corpus.h"

#include <dirent.h>
#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "tc_buf.h"
#include "tc_ascii.h"
#include "tc_banned.h"

#define LINE_MAX_BYTES ((size_t)64 << 20)  /* one JSON record */
#define HTML_MAX_BYTES ((size_t)16 << 20)  /* one HTML page */
#define TITLE_KEEP 1024                    /* bytes of a sampled title kept */
#define TEXT_KEEP ((size_t)64 << 10)       /* bytes of a sampled summary+body kept */
#define QUERY_MAX 600                      /* bytes of one query */
#define CODE_POOL_MAX 4096

typedef struct sdoc {
	char *title;
	size_t title_len;
	char *text; /* summary, a newline, then the body */
	size_t text_len;
} sdoc;

typedef struct code_ref {
	unsigned char kw;   /* index into code_keywords */
	char code[48];      /* "100/2019/NĐ-CP" */
} code_ref;

struct bc_corpus {
	char **files;
	size_t nfiles, files_cap;
	sdoc *sample;
	size_t nsample, sample_cap;
	uint64_t seen; /* articles offered to the reservoir */
	uint64_t rng;
	uint64_t docs, skipped, text_bytes;
	int has_html;
	code_ref *codes;
	size_t ncodes;
};

/* Keywords that introduce a legal document number, NFC, as news writes them. */
static const char *const code_keywords[] = {
	"Nghị định", "Quyết định", "Thông tư", "Chỉ thị", "Nghị quyết", "Công văn", "Kế hoạch",
};
#define N_CODE_KEYWORDS (sizeof code_keywords / sizeof code_keywords[0])

/* ---- small helpers ---------------------------------------------------- */

/* splitmix64: tiny, good enough, and the same on every platform. */
static uint64_t rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static size_t rng_below(uint64_t *s, size_t n)
{
	return n ? (size_t)(rng_next(s) % n) : 0;
}

static int has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), k = strlen(suf);
	return n >= k && strcmp(s + n - k, suf) == 0;
}

/* The largest m <= n that does not cut a UTF-8 sequence of s in two. */
static size_t utf8_cut(const char *s, size_t n)
{
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}

static const char *find_ci(const char *hay, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	if (k == 0 || k > n)
		return NULL;
	for (size_t i = 0; i + k <= n; i++) {
		size_t j = 0;
		while (j < k && tc_ascii_tolower(TC_BYTE(hay[i + j])) == tc_ascii_tolower(TC_BYTE(needle[j])))
			j++;
		if (j == k)
			return hay + i;
	}
	return NULL;
}

/* Decode one code point; an invalid or truncated sequence gives U+FFFD and 1. */
static size_t u8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned char b = s[0];
	size_t need;
	uint32_t v;
	if (b < 0x80) {
		*cp = b;
		return 1;
	}
	if (b >= 0xC2 && b <= 0xDF) {
		need = 1;
		v = b & 0x1Fu;
	} else if (b >= 0xE0 && b <= 0xEF) {
		need = 2;
		v = b & 0x0Fu;
	} else if (b >= 0xF0 && b <= 0xF4) {
		need = 3;
		v = b & 0x07u;
	} else {
		*cp = 0xFFFD;
		return 1;
	}
	if (n <= need) {
		*cp = 0xFFFD;
		return 1;
	}
	for (size_t i = 1; i <= need; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = 0xFFFD;
			return 1;
		}
		v = (v << 6) | (s[i] & 0x3Fu);
	}
	*cp = v;
	return need + 1;
}

static size_t u8_encode(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Letters, digits and combining marks of the scripts Vietnamese text uses. */
static int is_word_cp(uint32_t cp)
{
	if (cp < 0x80)
		return tc_ascii_isalnum((int)cp);
	if (cp >= 0xC0 && cp <= 0x24F)
		return cp != 0xD7 && cp != 0xF7;
	return (cp >= 0x300 && cp <= 0x36F) || (cp >= 0x1E00 && cp <= 0x1EFF);
}

/* The ASCII letter a Vietnamese letter is written with once its marks are
 * gone, lower case; 0 when cp is not one. */
static char fold_ascii(uint32_t cp)
{
	static const char latin1[] = "aaaaaaaceeeeiiiidnooooo?ouuuuy??"
				     "aaaaaaaceeeeiiiidnooooo?ouuuuy?y";
	if (cp < 0x80)
		return (char)tc_ascii_tolower((int)cp);
	if (cp >= 0xC0 && cp <= 0xFF) {
		char ch = latin1[cp - 0xC0];
		return ch == '?' ? 0 : ch;
	}
	switch (cp) {
	case 0x102: case 0x103: return 'a';
	case 0x110: case 0x111: return 'd';
	case 0x128: case 0x129: return 'i';
	case 0x168: case 0x169: return 'u';
	case 0x1A0: case 0x1A1: return 'o';
	case 0x1AF: case 0x1B0: return 'u';
	default: break;
	}
	if (cp >= 0x1EA0 && cp <= 0x1EF9) {
		/* Ạ..ặ, Ẹ..ệ, Ỉ..ị, Ọ..ợ, Ụ..ự, Ỳ..ỹ: upper/lower pairs in runs. */
		static const struct { unsigned len; char base; } runs[] = {
			{24, 'a'}, {16, 'e'}, {4, 'i'}, {24, 'o'}, {14, 'u'}, {8, 'y'}};
		uint32_t k = cp - 0x1EA0;
		for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
			if (k < runs[i].len)
				return runs[i].base;
			k -= runs[i].len;
		}
	}
	return 0;
}

static uint32_t lower_cp(uint32_t cp)
{
	if (cp < 0x80)
		return (uint32_t)tc_ascii_tolower((int)cp);
	if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
		return cp + 0x20;
	switch (cp) {
	case 0x102: case 0x110: case 0x128: case 0x168: case 0x1A0: return cp + 1;
	case 0x1AF: return 0x1B0;
	default: break;
	}
	if (cp >= 0x1EA0 && cp <= 0x1EF9 && (cp & 1) == 0)
		return cp + 1;
	return cp;
}

/* Append s[0..n) folded (fold != 0: no marks, ASCII, lower case) or just
 * lower-cased.  Bytes that are not Vietnamese letters are copied. */
static tc_status append_cased(tc_buf *out, const char *s, size_t n, int fold)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		size_t k = u8_decode(u + i, n - i, &cp);
		tc_status st;
		if (fold && cp >= 0x300 && cp <= 0x36F) {
			st = TC_OK; /* a combining mark of decomposed text */
		} else if (fold && fold_ascii(cp)) {
			st = tc_buf_append_char(out, fold_ascii(cp));
		} else {
			uint32_t lc = lower_cp(cp);
			if (lc == cp) {
				st = tc_buf_append(out, s + i, k);
			} else {
				char enc[4];
				st = tc_buf_append(out, enc, u8_encode(lc, enc));
			}
		}
		if (st != TC_OK)
			return st;
		i += k;
	}
	return TC_OK;
}

/* ---- tokens ----------------------------------------------------------- */

typedef struct btok {
	size_t off, len;
	unsigned char letters; /* no ASCII digit in it */
	unsigned char brk;     /* punctuation between this token and the one before */
	unsigned char nl;      /* a line break between this token and the one before */
} btok;

/* Split s into word tokens.  *out is malloc'ed (NULL when there are none). */
static tc_status tokenize(const char *s, size_t n, btok **out, size_t *nout)
{
	*out = NULL;
	*nout = 0;
	btok *t = NULL;
	size_t nt = 0, cap = 0;
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	int brk = 0, nl = 0;
	while (i < n) {
		uint32_t cp;
		size_t k = u8_decode(u + i, n - i, &cp);
		if (!is_word_cp(cp)) {
			if (cp == '\n' || cp == '\r')
				nl = 1;
			if (cp != ' ' && cp != '\t' && cp != 0xA0)
				brk = 1;
			i += k;
			continue;
		}
		size_t start = i;
		int letters = 1;
		while (i < n) {
			k = u8_decode(u + i, n - i, &cp);
			if (!is_word_cp(cp))
				break;
			if (cp >= '0' && cp <= '9')
				letters = 0;
			i += k;
		}
		if (nt == cap) {
			size_t ncap = cap ? cap * 2 : 256;
			btok *nt_ = realloc(t, ncap * sizeof *t);
			if (!nt_) {
				free(t);
				return TC_ERR_NOMEM;
			}
			t = nt_;
			cap = ncap;
		}
		t[nt++] = (btok){start, i - start, (unsigned char)letters, (unsigned char)brk,
				 (unsigned char)nl};
		brk = nl = 0;
	}
	*out = t;
	*nout = nt;
	return TC_OK;
}

/* ---- loading ---------------------------------------------------------- */

static tc_status add_file(bc_corpus *c, const char *path, tc_err *err)
{
	if (c->nfiles == c->files_cap) {
		size_t ncap = c->files_cap ? c->files_cap * 2 : 16;
		char **nf = realloc(c->files, ncap * sizeof *nf);
		if (!nf)
			return tc_err_set(err, TC_ERR_NOMEM, "out of memory");
		c->files = nf;
		c->files_cap = ncap;
	}
	c->files[c->nfiles] = strdup(path);
	if (!c->files[c->nfiles])
		return tc_err_set(err, TC_ERR_NOMEM, "out of memory");
	c->nfiles++;
	return TC_OK;
}

static int is_input_name(const char *name)
{
	return has_suffix(name, ".jsonl") || has_suffix(name, ".jsonl.gz") ||
	       has_suffix(name, ".html") || has_suffix(name, ".htm");
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Add path, or the input files under it in sorted order. */
static tc_status expand_path(bc_corpus *c, const char *path, int depth, tc_err *err)
{
	struct stat sb;
	if (stat(path, &sb) != 0)
		return tc_err_set(err, TC_ERR_NOT_FOUND, "%s: %s", path, strerror(errno));
	if (!S_ISDIR(sb.st_mode))
		return add_file(c, path, err);
	if (depth > 16)
		return tc_err_set(err, TC_ERR_INVALID, "%s: directories nested too deep", path);
	DIR *d = opendir(path);
	if (!d)
		return tc_err_set(err, TC_ERR_IO, "%s: %s", path, strerror(errno));
	size_t first = c->nfiles;
	tc_status st = TC_OK;
	struct dirent *e;
	char sub[4096];
	while (st == TC_OK && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		int len = snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
		if (len < 0 || (size_t)len >= sizeof sub) {
			st = tc_err_set(err, TC_ERR_TOO_BIG, "path too long under %s", path);
			break;
		}
		struct stat es;
		if (stat(sub, &es) != 0)
			continue;
		if (S_ISDIR(es.st_mode))
			st = expand_path(c, sub, depth + 1, err);
		else if (is_input_name(e->d_name))
			st = add_file(c, sub, err);
	}
	closedir(d);
	if (st == TC_OK && c->nfiles > first)
		qsort(c->files + first, c->nfiles - first, sizeof *c->files, cmp_str);
	return st;
}

static void sdoc_clear(sdoc *d)
{
	free(d->title);
	free(d->text);
	memset(d, 0, sizeof *d);
}

static char *dup_cut(const char *s, size_t n, size_t keep, size_t *out_len)
{
	if (n > keep)
		n = utf8_cut(s, keep);
	char *p = malloc(n + 1);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	*out_len = n;
	return p;
}

/* Offer one article to the reservoir sample. */
static tc_status sample_offer(bc_corpus *c, const char *title, size_t tn, const char *sum,
			      size_t sn, const char *body, size_t bn)
{
	uint64_t i = c->seen++;
	size_t slot;
	if (c->sample_cap == 0)
		return TC_OK;
	if (c->nsample < c->sample_cap) {
		slot = c->nsample++;
	} else {
		uint64_t j = rng_next(&c->rng) % (i + 1);
		if (j >= c->sample_cap)
			return TC_OK;
		slot = (size_t)j;
		sdoc_clear(&c->sample[slot]);
	}
	sdoc *d = &c->sample[slot];
	d->title = dup_cut(title, tn, TITLE_KEEP, &d->title_len);
	tc_buf text;
	tc_buf_init(&text, TEXT_KEEP + 8);
	size_t room = TEXT_KEEP;
	tc_status st = TC_OK;
	if (sn) {
		size_t k = sn < room ? sn : utf8_cut(sum, room);
		st = tc_buf_append(&text, sum, k);
		if (st == TC_OK)
			st = tc_buf_append_char(&text, '\n');
		room = room > k + 1 ? room - k - 1 : 0;
	}
	if (st == TC_OK && bn && room) {
		size_t k = bn < room ? bn : utf8_cut(body, room);
		st = tc_buf_append(&text, body, k);
	}
	d->text = tc_buf_detach(&text, &d->text_len);
	tc_buf_release(&text);
	if (st != TC_OK || !d->title || !d->text) {
		sdoc_clear(d);
		/* keep the slot valid: an empty article is just never picked */
		d->title = strdup("");
		d->text = strdup("");
		return (d->title && d->text) ? TC_OK : TC_ERR_NOMEM;
	}
	return TC_OK;
}

static const char *json_str(json_object *o, const char *key, size_t *len)
{
	json_object *v;
	*len = 0;
	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
		return "";
	int l = json_object_get_string_len(v);
	*len = l > 0 ? (size_t)l : 0;
	return json_object_get_string(v);
}

static tc_status json_record(bc_corpus *c, json_tokener *tok, const char *s, size_t n)
{
	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' '))
		n--;
	if (n == 0)
		return TC_OK;
	if (n > (size_t)0x7fffffff) {
		c->skipped++;
		return TC_OK;
	}
	json_tokener_reset(tok);
	json_object *o = json_tokener_parse_ex(tok, s, (int)n);
	if (!o || json_tokener_get_error(tok) != json_tokener_success ||
	    !json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		c->skipped++;
		return TC_OK;
	}
	size_t tn, sn, bn;
	const char *t = json_str(o, "title", &tn);
	const char *sm = json_str(o, "summary", &sn);
	const char *b = json_str(o, "body", &bn);
	c->docs++;
	c->text_bytes += tn + sn + bn;
	tc_status st = sample_offer(c, t, tn, sm, sn, b, bn);
	json_object_put(o);
	return st;
}

static tc_status load_jsonl(bc_corpus *c, const char *path, tc_err *err)
{
	gzFile gz = gzopen(path, "rb"); /* reads plain files too */
	if (!gz)
		return tc_err_set(err, TC_ERR_IO, "%s: cannot open: %s", path,
				  errno ? strerror(errno) : "out of memory");
	gzbuffer(gz, 1u << 18);
	json_tokener *tok = json_tokener_new();
	if (!tok) {
		gzclose(gz);
		return tc_err_set(err, TC_ERR_NOMEM, "out of memory");
	}
	tc_buf line;
	tc_buf_init(&line, LINE_MAX_BYTES);
	enum { CHUNK = 1 << 16 };
	char *chunk = malloc(CHUNK);
	int too_big = 0;
	tc_status st = chunk ? TC_OK : TC_ERR_NOMEM;
	while (st == TC_OK && gzgets(gz, chunk, CHUNK)) {
		size_t k = strlen(chunk);
		int eol = k > 0 && chunk[k - 1] == '\n';
		if (!too_big) {
			tc_status a = tc_buf_append(&line, chunk, k);
			if (a == TC_ERR_TOO_BIG)
				too_big = 1;
			else if (a != TC_OK)
				st = tc_err_set(err, a, "out of memory");
		}
		if (!eol)
			continue;
		if (too_big)
			c->skipped++;
		else if (st == TC_OK && line.len)
			st = json_record(c, tok, line.data, line.len);
		tc_buf_reset(&line);
		too_big = 0;
	}
	if (st == TC_OK) {
		int zerr = Z_OK;
		const char *msg = gzerror(gz, &zerr);
		if (zerr != Z_OK && zerr != Z_BUF_ERROR)
			st = tc_err_set(err, TC_ERR_IO, "%s: %s", path, msg);
		else if (too_big)
			c->skipped++;
		else if (line.len)
			st = json_record(c, tok, line.data, line.len);
	}
	if (st == TC_ERR_NOMEM)
		tc_err_set(err, st, "out of memory");
	free(chunk);
	tc_buf_release(&line);
	json_tokener_free(tok);
	gzclose(gz);
	return st;
}

/* Append HTML text s[0..n) without tags, with the common entities decoded. */
static tc_status append_html_text(tc_buf *out, const char *s, size_t n)
{
	size_t i = 0;
	tc_status st = TC_OK;
	while (st == TC_OK && i < n) {
		char ch = s[i];
		if (ch == '<') {
			const char *gt = memchr(s + i, '>', n - i);
			i = gt ? (size_t)(gt - s) + 1 : n;
			st = tc_buf_append_char(out, ' ');
			continue;
		}
		if (ch == '&') {
			const char *semi = memchr(s + i, ';', n - i < 12 ? n - i : 12);
			if (semi) {
				size_t k = (size_t)(semi - (s + i)) + 1;
				char ent[12];
				memcpy(ent, s + i + 1, k - 2);
				ent[k - 2] = '\0';
				uint32_t cp = 0;
				if (ent[0] == '#') {
					char *end;
					unsigned long v = (ent[1] == 'x' || ent[1] == 'X')
								  ? strtoul(ent + 2, &end, 16)
								  : strtoul(ent + 1, &end, 10);
					if (*end == '\0' && v > 0 && v < 0x110000)
						cp = (uint32_t)v;
				} else if (!strcmp(ent, "amp")) {
					cp = '&';
				} else if (!strcmp(ent, "lt")) {
					cp = '<';
				} else if (!strcmp(ent, "gt")) {
					cp = '>';
				} else if (!strcmp(ent, "quot")) {
					cp = '"';
				} else if (!strcmp(ent, "apos")) {
					cp = '\'';
				} else if (!strcmp(ent, "nbsp")) {
					cp = ' ';
				}
				if (cp) {
					char enc[4];
					st = tc_buf_append(out, enc, u8_encode(cp, enc));
					i += k;
					continue;
				}
			}
		}
		st = tc_buf_append_char(out, ch);
		i++;
	}
	return st;
}

/* The text inside the first <tag ...>...</tag> at or after s, or NULL. */
static const char *element(const char *s, size_t n, const char *open, const char *close,
			   size_t *len, const char **after)
{
	const char *p = s;
	size_t left = n;
	size_t olen = strlen(open);
	for (;;) {
		const char *o = find_ci(p, left, open);
		if (!o)
			return NULL;
		const char *q = o + olen;
		size_t rest = n - (size_t)(q - s);
		if (rest && (*q == '>' || *q == ' ' || *q == '\t' || *q == '\n')) {
			const char *gt = memchr(q, '>', rest);
			if (!gt)
				return NULL;
			const char *in = gt + 1;
			const char *c = find_ci(in, n - (size_t)(in - s), close);
			if (!c)
				return NULL;
			*len = (size_t)(c - in);
			*after = c + strlen(close);
			return in;
		}
		p = q;
		left = rest;
	}
}

static tc_status load_html(bc_corpus *c, const char *path, tc_err *err)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return tc_err_set(err, TC_ERR_IO, "%s: %s", path, strerror(errno));
	tc_buf page, title, text;
	tc_buf_init(&page, HTML_MAX_BYTES);
	tc_buf_init(&title, HTML_MAX_BYTES);
	tc_buf_init(&text, HTML_MAX_BYTES);
	char chunk[1 << 14];
	size_t k;
	tc_status st = TC_OK;
	while (st == TC_OK && (k = fread(chunk, 1, sizeof chunk, f)) > 0)
		st = tc_buf_append(&page, chunk, k);
	if (st == TC_OK && ferror(f))
		st = TC_ERR_IO;
	fclose(f);
	if (st == TC_OK && page.len) {
		size_t len;
		const char *after;
		const char *h = element(page.data, page.len, "<h1", "</h1>", &len, &after);
		if (!h)
			h = element(page.data, page.len, "<title", "</title>", &len, &after);
		if (h)
			st = append_html_text(&title, h, len);
		const char *p = page.data;
		size_t left = page.len;
		const char *in;
		while (st == TC_OK && (in = element(p, left, "<p", "</p>", &len, &after)) != NULL) {
			st = append_html_text(&text, in, len);
			if (st == TC_OK)
				st = tc_buf_append_char(&text, '\n');
			left -= (size_t)(after - p);
			p = after;
		}
	}
	if (st == TC_OK && page.len) {
		const char *t = title.data ? title.data : "";
		const char *b = text.data ? text.data : "";
		c->docs++;
		c->text_bytes += title.len + text.len;
		c->has_html = 1;
		st = sample_offer(c, t, title.len, "", 0, b, text.len);
	}
	if (st != TC_OK)
		tc_err_set(err, st, "%s: %s", path,
			   st == TC_ERR_TOO_BIG ? "page too large" : tc_status_str(st));
	tc_buf_release(&page);
	tc_buf_release(&title);
	tc_buf_release(&text);
	return st;
}

/* ---- document codes ----------------------------------------------------- */

/* Parse the number that follows a keyword at s[0..n): "số 100/2019/NĐ-CP". */
static size_t parse_code(const char *s, size_t n, char *out, size_t cap)
{
	size_t i = 0;
	while (i < n && s[i] == ' ')
		i++;
	static const char so[] = "s\xe1\xbb\x91 "; /* "số " */
	if (n - i > sizeof so - 1 && memcmp(s + i, so, sizeof so - 1) == 0) {
		i += sizeof so - 1;
		while (i < n && s[i] == ' ')
			i++;
	}
	if (i >= n || s[i] < '0' || s[i] > '9')
		return 0;
	size_t o = 0;
	while (i < n && o + 2 < cap) {
		unsigned char ch = (unsigned char)s[i];
		if (tc_ascii_isalnum(ch) || ch == '/' || ch == '-' || ch == '.') {
			out[o++] = (char)ch;
			i++;
		} else if (ch == 0xC4 && i + 1 < n &&
			   ((unsigned char)s[i + 1] == 0x90 || (unsigned char)s[i + 1] == 0x91)) {
			out[o++] = s[i];
			out[o++] = s[i + 1]; /* Đ or đ, as in NĐ-CP */
			i += 2;
		} else {
			break;
		}
	}
	while (o > 0 && (out[o - 1] == '.' || out[o - 1] == '-' || out[o - 1] == '/'))
		o--;
	out[o] = '\0';
	return o;
}

static tc_status collect_codes(bc_corpus *c)
{
	c->codes = calloc(CODE_POOL_MAX, sizeof *c->codes);
	if (!c->codes)
		return TC_ERR_NOMEM;
	for (size_t d = 0; d < c->nsample && c->ncodes < CODE_POOL_MAX; d++) {
		const sdoc *doc = &c->sample[d];
		for (size_t k = 0; k < N_CODE_KEYWORDS && c->ncodes < CODE_POOL_MAX; k++) {
			const char *kw = code_keywords[k];
			size_t kl = strlen(kw);
			const char *p = doc->text;
			size_t left = doc->text_len;
			const char *hit;
			while (c->ncodes < CODE_POOL_MAX && (hit = tc_mem_find(p, left, kw, kl)) != NULL) {
				const char *after = hit + kl;
				size_t rest = doc->text_len - (size_t)(after - doc->text);
				code_ref *r = &c->codes[c->ncodes];
				if (parse_code(after, rest, r->code, sizeof r->code)) {
					r->kw = (unsigned char)k;
					c->ncodes++;
				}
				left = rest;
				p = after;
			}
		}
	}
	return TC_OK;
}

/* ---- public: corpus ------------------------------------------------------- */

tc_status bc_corpus_load(const char *const *paths, size_t n, size_t sample, uint64_t seed,
			 bc_corpus **out, tc_err *err)
{
	*out = NULL;
	bc_corpus *c = calloc(1, sizeof *c);
	if (!c)
		return tc_err_set(err, TC_ERR_NOMEM, "out of memory");
	c->rng = seed ^ 0x5EED5A4D1Eull;
	c->sample_cap = sample;
	if (sample && !(c->sample = calloc(sample, sizeof *c->sample))) {
		bc_corpus_free(c);
		return tc_err_set(err, TC_ERR_NOMEM, "out of memory");
	}
	tc_status st = TC_OK;
	for (size_t i = 0; i < n && st == TC_OK; i++)
		st = expand_path(c, paths[i], 0, err);
	if (st == TC_OK && c->nfiles == 0)
		st = tc_err_set(err, TC_ERR_NOT_FOUND, "no .jsonl, .jsonl.gz or .html files given");
	for (size_t i = 0; i < c->nfiles && st == TC_OK; i++) {
		const char *f = c->files[i];
		if (has_suffix(f, ".html") || has_suffix(f, ".htm"))
			st = load_html(c, f, err);
		else
			st = load_jsonl(c, f, err);
	}
	if (st == TC_OK && c->docs == 0)
		st = tc_err_set(err, TC_ERR_INVALID, "the input holds no articles");
	if (st == TC_OK && collect_codes(c) != TC_OK)
		st = tc_err_set(err, TC_ERR_NOMEM, "out of memory");
	if (st != TC_OK) {
		bc_corpus_free(c);
		return st;
	}
	*out = c;
	return TC_OK;
}

void bc_corpus_free(bc_corpus *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->nfiles; i++)
		free(c->files[i]);
	free(c->files);
	for (size_t i = 0; i < c->nsample; i++)
		sdoc_clear(&c->sample[i]);
	free(c->sample);
	free(c->codes);
	free(c);
}

const char *const *bc_corpus_files(const bc_corpus *c, size_t *n)
{
	*n = c->nfiles;
	return (const char *const *)c->files;
}

uint64_t bc_corpus_docs(const bc_corpus *c) { return c->docs; }
uint64_t bc_corpus_skipped(const bc_corpus *c) { return c->skipped; }
uint64_t bc_corpus_text_bytes(const bc_corpus *c) { return c->text_bytes; }
int bc_corpus_has_html(const bc_corpus *c) { return c->has_html; }

/* ---- public: queries ------------------------------------------------------ */

const char *bc_qkind_name(bc_qkind kind)
{
	switch (kind) {
	case BC_Q_WORDS: return "words";
	case BC_Q_PHRASE: return "phrase";
	case BC_Q_FRAGMENT: return "fragment";
	case BC_Q_TITLE: return "title";
	case BC_Q_CODE: return "code";
	default: return "?";
	}
}

const char *bc_qkind_desc(bc_qkind kind)
{
	switch (kind) {
	case BC_Q_WORDS: return "1-3 syllables, unaccented";
	case BC_Q_PHRASE: return "2-4 words, accented, lower case";
	case BC_Q_FRAGMENT: return "5-7 syllables of body text as written";
	case BC_Q_TITLE: return "whole title, unaccented";
	case BC_Q_CODE: return "document numbers and digits (\"nghị định 100\")";
	default: return "?";
	}
}

/* Whitespace runs become one space; leading and trailing space goes. */
static char *squash(const char *s, size_t n)
{
	char *out = malloc(n + 1);
	if (!out)
		return NULL;
	size_t o = 0;
	int space = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\v' || ch == '\f') {
			space = 1;
			continue;
		}
		if (ch == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) {
			space = 1; /* no-break space */
			i++;
			continue;
		}
		if (space && o)
			out[o++] = ' ';
		space = 0;
		out[o++] = (char)ch;
	}
	out[o] = '\0';
	return out;
}

/* Consecutive word tokens t[i..i+len) of s, joined by spaces. */
static tc_status join_tokens(tc_buf *out, const char *s, const btok *t, size_t i, size_t len,
			     int fold, int lower)
{
	tc_status st = TC_OK;
	for (size_t k = i; k < i + len && st == TC_OK; k++) {
		if (k > i)
			st = tc_buf_append_char(out, ' ');
		if (st != TC_OK)
			break;
		if (fold || lower)
			st = append_cased(out, s + t[k].off, t[k].len, fold);
		else
			st = tc_buf_append(out, s + t[k].off, t[k].len);
	}
	return st;
}

/* One query of kind into out; 0 when this article has nothing suitable. */
static int make_one(const bc_corpus *c, uint64_t *rng, bc_qkind kind, tc_buf *out)
{
	const sdoc *d = &c->sample[rng_below(rng, c->nsample)];
	btok *t = NULL;
	size_t nt = 0;
	int ok = 0;
	tc_buf_reset(out);
	switch (kind) {
	case BC_Q_WORDS:
	case BC_Q_PHRASE:
	case BC_Q_FRAGMENT: {
		size_t lo = kind == BC_Q_WORDS ? 1 : kind == BC_Q_PHRASE ? 2 : 5;
		size_t want = lo + rng_below(rng, 3);
		if (tokenize(d->text, d->text_len, &t, &nt) != TC_OK || nt < want)
			break;
		for (int attempt = 0; attempt < 20 && !ok; attempt++) {
			size_t i = rng_below(rng, nt - want + 1);
			int fits = 1;
			for (size_t k = i; k < i + want && fits; k++) {
				if (kind == BC_Q_FRAGMENT)
					fits = k == i || !t[k].nl;
				else
					fits = t[k].letters && (k == i || !t[k].brk);
			}
			if (!fits)
				continue;
			if (kind == BC_Q_FRAGMENT) {
				size_t from = t[i].off, to = t[i + want - 1].off + t[i + want - 1].len;
				ok = tc_buf_append(out, d->text + from, to - from) == TC_OK;
			} else {
				ok = join_tokens(out, d->text, t, i, want, kind == BC_Q_WORDS, 1) == TC_OK;
			}
		}
		break;
	}
	case BC_Q_TITLE:
		if (tokenize(d->title, d->title_len, &t, &nt) != TC_OK || nt == 0)
			break;
		ok = join_tokens(out, d->title, t, 0, nt < 20 ? nt : 20, 1, 1) == TC_OK;
		break;
	case BC_Q_CODE: {
		unsigned variant = (unsigned)rng_below(rng, 6);
		const char *kw;
		char code[48], number[48];
		if (c->ncodes) {
			const code_ref *r = &c->codes[rng_below(rng, c->ncodes)];
			kw = code_keywords[r->kw];
			snprintf(code, sizeof code, "%s", r->code);
		} else {
			kw = code_keywords[rng_below(rng, N_CODE_KEYWORDS)];
			snprintf(code, sizeof code, "%u", (unsigned)(1 + rng_below(rng, 200)));
		}
		size_t nd = strspn(code, "0123456789");
		memcpy(number, code, nd);
		number[nd] = '\0';
		tc_status st = TC_OK;
		switch (variant) {
		case 0: /* nghị định 100/2019/nđ-cp */
			st = append_cased(out, kw, strlen(kw), 0);
			if (st == TC_OK) st = tc_buf_append_char(out, ' ');
			if (st == TC_OK) st = append_cased(out, code, strlen(code), 0);
			break;
		case 1: /* nghị định 100 */
			st = append_cased(out, kw, strlen(kw), 0);
			if (st == TC_OK) st = tc_buf_printf(out, " %s", number);
			break;
		case 2: /* 100/2019/NĐ-CP */
			st = tc_buf_append_str(out, code);
			break;
		case 3: /* nghi dinh 100 */
			st = append_cased(out, kw, strlen(kw), 1);
			if (st == TC_OK) st = tc_buf_printf(out, " %s", number);
			break;
		case 4: /* nghi dinh 100/2019/nd-cp */
			st = append_cased(out, kw, strlen(kw), 1);
			if (st == TC_OK) st = tc_buf_append_char(out, ' ');
			if (st == TC_OK) st = append_cased(out, code, strlen(code), 1);
			break;
		default: /* 100 */
			st = tc_buf_append_str(out, number);
			break;
		}
		ok = st == TC_OK;
		break;
	}
	default:
		break;
	}
	free(t);
	return ok && out->len > 0;
}

tc_status bc_queries_make(const bc_corpus *c, size_t n, uint64_t seed, bc_query **out,
			  tc_err *err)
{
	*out = NULL;
	if (c->nsample == 0)
		return tc_err_set(err, TC_ERR_INVALID, "no articles sampled to make queries from");
	bc_query *q = calloc(n ? n : 1, sizeof *q);
	if (!q)
		return tc_err_set(err, TC_ERR_NOMEM, "out of memory");
	uint64_t rng = seed ^ 0x9E7A11D5ull;
	tc_buf b;
	tc_buf_init(&b, QUERY_MAX);
	tc_status st = TC_OK;
	for (size_t i = 0; i < n && st == TC_OK; i++) {
		size_t r = rng_below(&rng, 100);
		bc_qkind kind = r < 25 ? BC_Q_WORDS : r < 50 ? BC_Q_PHRASE
					: r < 70 ? BC_Q_FRAGMENT : r < 85 ? BC_Q_TITLE : BC_Q_CODE;
		int ok = 0;
		for (int attempt = 0; attempt < 200 && !ok; attempt++) {
			if (!make_one(c, &rng, kind, &b))
				continue;
			char *text = squash(b.data, b.len);
			if (!text) {
				st = tc_err_set(err, TC_ERR_NOMEM, "out of memory");
				break;
			}
			if (!text[0] || text[0] == '-') {
				free(text);
				continue;
			}
			q[i].text = text;
			q[i].kind = kind;
			ok = 1;
		}
		if (st == TC_OK && !ok)
			st = tc_err_set(err, TC_ERR_INVALID,
					"cannot make a %s query from the sampled articles",
					bc_qkind_name(kind));
	}
	tc_buf_release(&b);
	if (st != TC_OK) {
		bc_queries_free(q, n);
		return st;
	}
	*out = q;
	return TC_OK;
}

void bc_queries_free(bc_query *q, size_t n)
{
	if (!q)
		return;
	for (size_t i = 0; i < n; i++)
		free(q[i].text);
	free(q);
}
