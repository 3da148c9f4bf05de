/*
 * fuzz_keywords.c - the evaluation's keyword file (tests/eval/ev_kw.h): each
 * line through ev_kw_parse_line, the keywords it accepts into one set with
 * ev_kwset_add, then the whole input, cleaned, scanned for them.
 *
 * Invariants: a parsed keyword is a non-empty prefix of its line that ends
 * at the line's first TAB, with a frequency of at most 15 digits; a refused
 * line leaves the outputs zero; ev_kwset_add accepts only 2-4 tokens, numbers
 * its keywords 0, 1, ... and refuses with id -1; scanning reports only ids of
 * the set, and each keyword is found at least once in a text made of that
 * keyword itself.
 */
#include <stdint.h>
#include <string.h>

#include "ev_kw.h"
#include "fuzz_util.h"
#include "tc_buf.h"
#include "vn_text.h"
#include "tc_banned.h"

#define KEYWORDS_MAX 64

typedef struct found {
	size_t nkw;
	int seen[KEYWORDS_MAX];
} found;

static void on_hit(void *ctx, int id, int exact)
{
	found *f = ctx;
	FUZZ_CHECK(id >= 0 && (size_t)id < f->nkw);
	FUZZ_CHECK(exact == 0 || exact == 1);
	f->seen[id]++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	ev_kwset *set = ev_kwset_new();
	FUZZ_CHECK(set != NULL);
	tc_buf clean;
	tc_buf_init(&clean, 1u << 20);
	size_t nkw = 0;
	size_t at = 0;
	while (at < size && nkw < KEYWORDS_MAX) {
		const char *nl = memchr(s + at, '\n', size - at);
		size_t n = nl ? (size_t)(nl - (s + at)) : size - at;
		const char *kw;
		size_t kn;
		long long freq;
		tc_status st = ev_kw_parse_line(s + at, n, &kw, &kn, &freq);
		if (st == TC_OK) {
			FUZZ_CHECK(kw == s + at && kn > 0 && kn < n);
			FUZZ_CHECK(kw[kn] == '\t' && !memchr(kw, '\t', kn));
			FUZZ_CHECK(freq >= 0 && freq <= 999999999999999LL);
			tc_buf_reset(&clean);
			FUZZ_CHECK(vn_text_clean(kw, kn, &clean, NULL) == TC_OK);
			int id;
			size_t ntok;
			st = ev_kwset_add(set, clean.data ? clean.data : "", clean.len, &id, &ntok);
			FUZZ_CHECK(st == TC_OK || st == TC_ERR_INVALID);
			if (st == TC_OK) {
				FUZZ_CHECK(id == (int)nkw);
				FUZZ_CHECK(ntok >= EV_KW_MIN_TOKENS && ntok <= EV_KW_MAX_TOKENS);
				/* A keyword holds itself as a run of words. */
				found self;
				memset(&self, 0, sizeof self);
				self.nkw = ++nkw;
				FUZZ_CHECK(ev_kwset_scan(set, clean.data, clean.len, on_hit, &self) ==
					   TC_OK);
				FUZZ_CHECK(self.seen[id] >= 1);
			} else {
				FUZZ_CHECK(id == -1);
			}
		} else {
			FUZZ_CHECK(st == TC_ERR_INVALID && !kw && !kn && !freq);
		}
		at += n + 1;
	}
	FUZZ_CHECK(ev_kwset_count(set) == nkw);
	tc_buf_reset(&clean);
	FUZZ_CHECK(vn_text_clean(s, size, &clean, NULL) == TC_OK);
	found all;
	memset(&all, 0, sizeof all);
	all.nkw = nkw;
	FUZZ_CHECK(ev_kwset_scan(set, clean.data ? clean.data : "", clean.len, on_hit, &all) ==
		   TC_OK);
	tc_buf_release(&clean);
	ev_kwset_free(set);
	return 0;
}
