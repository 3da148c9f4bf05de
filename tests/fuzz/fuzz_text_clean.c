/*
 * fuzz_text_clean.c - the door for outside text (vn_text_clean), then the
 * per-token and whole-text normalisation run on what it lets through.
 *
 * Invariants: clean output is well-formed NFC UTF-8 without control
 * characters; cleaning it again changes nothing and finds nothing invalid;
 * invalid sequences are counted exactly when the input is not UTF-8; a cap
 * that is too small fails with TC_ERR_TOO_BIG and leaves the buffer as it
 * was; vn_norm_token forms are UTF-8, fit their buffers and are fixed points
 * of normalisation; folding is idempotent.
 */
#include <stdint.h>
#include <string.h>

#include "fuzz_util.h"
#include "tc_buf.h"
#include "vn_text.h"
#include "tc_banned.h"

#define CAP (64u << 20)

static void check_norm(const char *tok, size_t n)
{
	char exact[VN_NORM_OUT_MAX], fold[VN_NORM_OUT_MAX];
	size_t el, fl;
	int diac;
	FUZZ_CHECK(vn_norm_token(tok, n, exact, &el, fold, &fl, &diac) == TC_OK);
	FUZZ_CHECK(el < VN_NORM_OUT_MAX && fl < VN_NORM_OUT_MAX);
	FUZZ_CHECK(exact[el] == '\0' && fold[fl] == '\0');
	FUZZ_CHECK(fuzz_utf8_valid(exact, el, NULL) && fuzz_utf8_valid(fold, fl, NULL));
	FUZZ_CHECK(diac == (el != fl || memcmp(exact, fold, el) != 0));
	if (el > VN_TOKEN_MAX)
		return; /* longer than a token may be: cannot be normalised again */

	/* The exact form is canonical: normalising it again gives it back. */
	char e2[VN_NORM_OUT_MAX], f2[VN_NORM_OUT_MAX];
	size_t el2, fl2;
	int diac2;
	FUZZ_CHECK(vn_norm_token(exact, el, e2, &el2, f2, &fl2, &diac2) == TC_OK);
	FUZZ_CHECK(el2 == el && memcmp(e2, exact, el) == 0);
	FUZZ_CHECK(fl2 == fl && memcmp(f2, fold, fl) == 0);
}

/* Normalise each white-space-separated run of clean text that fits a token. */
static void norm_runs(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		while (i < n && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t'))
			i++;
		size_t start = i;
		while (i < n && s[i] != ' ' && s[i] != '\n' && s[i] != '\t')
			i++;
		size_t len = i - start;
		if (len > VN_TOKEN_MAX) {
			/* Also exercise a maximal token: cut at a code point boundary. */
			len = VN_TOKEN_MAX;
			while (len && !fuzz_utf8_boundary(s + start, i - start, len))
				len--;
		}
		if (len)
			check_norm(s + start, len);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data;
	tc_buf a, b, f, f2, small;
	tc_buf_init(&a, CAP);
	tc_buf_init(&b, CAP);
	tc_buf_init(&f, CAP);
	tc_buf_init(&f2, CAP);

	size_t bad = 0;
	FUZZ_CHECK(vn_text_clean(in, size, &a, &bad) == TC_OK);
	FUZZ_CHECK(a.len == 0 || a.data[a.len] == '\0');
	FUZZ_CHECK(fuzz_utf8_valid(a.data, a.len, NULL));
	FUZZ_CHECK(!fuzz_has_unclean_cp(a.data, a.len));
	FUZZ_CHECK(fuzz_is_nfc(a.data, a.len));
	FUZZ_CHECK((bad == 0) == fuzz_utf8_valid(in, size, NULL));

	size_t bad2 = 1;
	FUZZ_CHECK(vn_text_clean(a.data, a.len, &b, &bad2) == TC_OK);
	FUZZ_CHECK(bad2 == 0);
	FUZZ_CHECK(b.len == a.len && (a.len == 0 || memcmp(a.data, b.data, a.len) == 0));

	/* A cap too small for the output: all or nothing, never truncation. */
	if (a.len > 1) {
		static const char keep[] = "giữ";
		size_t kl = sizeof keep - 1;
		tc_buf_init(&small, kl + a.len - 1);
		FUZZ_CHECK(tc_buf_append(&small, keep, kl) == TC_OK);
		size_t bad3 = 7;
		FUZZ_CHECK(vn_text_clean(in, size, &small, &bad3) == TC_ERR_TOO_BIG);
		FUZZ_CHECK(small.len == kl && memcmp(small.data, keep, kl) == 0 &&
			   small.data[kl] == '\0');
		tc_buf_release(&small);
	}

	FUZZ_CHECK(vn_fold_text(a.data, a.len, &f) == TC_OK);
	FUZZ_CHECK(fuzz_utf8_valid(f.data, f.len, NULL));
	FUZZ_CHECK(vn_fold_text(f.data, f.len, &f2) == TC_OK);
	FUZZ_CHECK(f2.len == f.len && (f.len == 0 || memcmp(f.data, f2.data, f.len) == 0));

	norm_runs(a.data, a.len);

	tc_buf_release(&a);
	tc_buf_release(&b);
	tc_buf_release(&f);
	tc_buf_release(&f2);
	return 0;
}
