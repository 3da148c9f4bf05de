/*
 * fuzz_tokenize.c - the one tokenizer (vn_tokenize), over raw bytes (which it
 * promises to tolerate) and over the same bytes after vn_text_clean (what it
 * really sees).
 *
 * Invariants: every token's byte range is non-empty and inside the input, at
 * most VN_TOKEN_MAX long and, for clean text, on code point boundaries;
 * positions never go backwards and *next_pos is past the last one; parts lie
 * inside the whole token before them and count up from its position; forms
 * are NUL-terminated, non-empty fold, UTF-8 for clean input, with the
 * diacritic flag telling the truth.  A callback that asks to stop gets no
 * further call, and the tokens before it are the same as in a full run.
 */
#include <stdint.h>
#include <string.h>

#include "fuzz_util.h"
#include "tc_buf.h"
#include "vn_text.h"
#include "vn_token.h"
#include "tc_banned.h"

#define MAX_SEEN 4096

typedef struct seen {
	size_t start, end;
	uint32_t pos;
} seen;

typedef struct tok_check {
	const char *text;
	size_t n;
	int clean;
	uint32_t first_pos;
	size_t count;
	size_t stop_after;  /* stop once this many tokens were seen; 0 = never */
	int stopped;
	uint32_t last_pos;
	int have_whole;     /* a WHOLE token was seen; its parts follow */
	size_t whole_s, whole_e;
	uint32_t whole_pos;
	seen log[MAX_SEEN]; /* the first tokens, to compare runs */
} tok_check;

static int on_token(void *ctx, const vn_token *t)
{
	tok_check *c = ctx;
	FUZZ_CHECK(!c->stopped);
	FUZZ_CHECK(t->start < t->end && t->end <= c->n);
	FUZZ_CHECK(t->end - t->start <= VN_TOKEN_MAX);
	FUZZ_CHECK(t->pos >= c->first_pos);
	FUZZ_CHECK(c->count == 0 || t->pos >= c->last_pos);
	FUZZ_CHECK((unsigned)t->kind <= VN_TOK_EMAIL);
	FUZZ_CHECK(strcmp(vn_token_kind_name(t->kind), "?") != 0);
	FUZZ_CHECK(!((t->flags & VN_TOKF_WHOLE) && (t->flags & VN_TOKF_PART)));
	FUZZ_CHECK(t->exact && t->fold && t->fold_len > 0);
	FUZZ_CHECK(t->exact_len < VN_NORM_OUT_MAX && t->fold_len < VN_NORM_OUT_MAX);
	FUZZ_CHECK(t->exact[t->exact_len] == '\0' && t->fold[t->fold_len] == '\0');
	int differ = t->exact_len != t->fold_len || memcmp(t->exact, t->fold, t->exact_len) != 0;
	FUZZ_CHECK(differ == ((t->flags & VN_TOKF_DIACRITIC) != 0));
	if (c->clean) {
		FUZZ_CHECK(fuzz_utf8_boundary(c->text, c->n, t->start));
		FUZZ_CHECK(fuzz_utf8_boundary(c->text, c->n, t->end));
		FUZZ_CHECK(fuzz_utf8_valid(t->exact, t->exact_len, NULL));
		FUZZ_CHECK(fuzz_utf8_valid(t->fold, t->fold_len, NULL));
	}
	if (t->flags & VN_TOKF_WHOLE) {
		c->have_whole = 1;
		c->whole_s = t->start;
		c->whole_e = t->end;
		c->whole_pos = t->pos;
	} else if (t->flags & VN_TOKF_PART) {
		/* Parts of a whole too long to be a term come without it, so only
		 * a part that starts inside the last whole must lie inside it. */
		if (c->have_whole && t->start >= c->whole_s && t->start < c->whole_e) {
			FUZZ_CHECK(t->end <= c->whole_e);
			FUZZ_CHECK(t->pos >= c->whole_pos);
		}
	} else {
		c->have_whole = 0;
	}
	if (c->count < MAX_SEEN)
		c->log[c->count] = (seen){t->start, t->end, t->pos};
	c->count++;
	c->last_pos = t->pos;
	if (c->stop_after && c->count == c->stop_after) {
		c->stopped = 1;
		return 1;
	}
	return 0;
}

static void run(const char *text, size_t n, int clean, uint32_t first_pos, size_t stop_after,
		tok_check *c)
{
	memset(c, 0, sizeof *c);
	c->text = text;
	c->n = n;
	c->clean = clean;
	c->first_pos = first_pos;
	c->stop_after = stop_after;
	uint32_t next = 0;
	FUZZ_CHECK(vn_tokenize(text, n, first_pos, on_token, c, &next) == TC_OK);
	FUZZ_CHECK(next >= first_pos);
	if (c->count && !c->stopped)
		FUZZ_CHECK(next > c->last_pos);
}

static tok_check full, part;

static void check_all(const char *text, size_t n, int clean, uint32_t first_pos)
{
	run(text, n, clean, first_pos, 0, &full);
	if (full.count < 2)
		return;
	/* Stop half way: the same tokens up to there, then silence. */
	size_t k = full.count / 2;
	run(text, n, clean, first_pos, k, &part);
	FUZZ_CHECK(part.count == k && part.stopped);
	for (size_t i = 0; i < k && i < MAX_SEEN; i++) {
		FUZZ_CHECK(part.log[i].start == full.log[i].start);
		FUZZ_CHECK(part.log[i].end == full.log[i].end);
		FUZZ_CHECK(part.log[i].pos == full.log[i].pos);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_all((const char *)data, size, 0, 0);

	tc_buf clean;
	tc_buf_init(&clean, 64u << 20);
	size_t bad;
	FUZZ_CHECK(vn_text_clean((const char *)data, size, &clean, &bad) == TC_OK);
	check_all(clean.data ? clean.data : "", clean.len, 1, 1000);
	tc_buf_release(&clean);
	return 0;
}
