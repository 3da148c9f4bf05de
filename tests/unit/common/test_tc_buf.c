/*
 * test_tc_buf.c - the capped growable buffer (common/tc_buf.h).
 *
 * Contract under test: an append that would take len past max fails with
 * TC_ERR_TOO_BIG and leaves the buffer exactly as it was; the contents are
 * always followed by an uncounted NUL; reset keeps storage, release frees it
 * and keeps the cap, detach hands the storage over and leaves b empty.
 */
#include "unit_test.h"

#include <stdio.h>

#include "tc_buf.h"
#include "tc_banned.h"

/* Two appends into a fresh buffer of cap max; the second one is the probe. */
typedef struct append_row {
	const char *name;
	size_t max;
	size_t first;  /* bytes of the first append (must succeed) */
	size_t second; /* bytes of the second append */
	tc_status want;
	size_t want_len;
} append_row;

static const append_row append_rows[] = {
	{"empty append into cap 0", 0, 0, 0, TC_OK, 0},
	{"one byte into cap 0", 0, 0, 1, TC_ERR_TOO_BIG, 0},
	{"fill exactly to cap", 5, 3, 2, TC_OK, 5},
	{"one byte past cap", 5, 3, 3, TC_ERR_TOO_BIG, 3},
	{"empty append at cap", 5, 5, 0, TC_OK, 5},
	{"one byte at cap", 5, 5, 1, TC_ERR_TOO_BIG, 5},
	{"second append alone bigger than cap", 10, 0, 11, TC_ERR_TOO_BIG, 0},
	{"past the first growth step (64)", 1000, 60, 10, TC_OK, 70},
	{"large, within cap", 1u << 20, 1000, (1u << 20) - 1000, TC_OK, 1u << 20},
	{"large, one past cap", 1u << 20, 1000, (1u << 20) - 999, TC_ERR_TOO_BIG, 1000},
	{"cap not a power of two, filled", 10u << 20, 6u << 20, 4u << 20, TC_OK, 10u << 20},
	{"cap not a power of two, half", 10u << 20, 5u << 20, 1u << 20, TC_OK, 6u << 20},
};

static void test_append_respects_cap(void **state)
{
	(void)state;
	int nfail = 0;
	for (size_t r = 0; r < N_ROWS(append_rows); r++) {
		const append_row *row = &append_rows[r];
		size_t big = row->first > row->second ? row->first : row->second;
		char *src = malloc(big ? big : 1);
		assert_non_null(src);
		for (size_t i = 0; i < big; i++)
			src[i] = (char)('a' + i % 26);
		tc_buf b;
		tc_buf_init(&b, row->max);
		tc_status st = tc_buf_append(&b, src, row->first);
		if (st != TC_OK) {
			ROW_FAIL(nfail, row->name, "first append: status %d", st);
			goto next;
		}
		char *before = unit_exact_copy(b.data ? b.data : "", b.len);
		size_t before_len = b.len;
		st = tc_buf_append(&b, src, row->second);
		if (st != row->want)
			ROW_FAIL(nfail, row->name, "status %d, want %d", st, row->want);
		if (b.len != row->want_len)
			ROW_FAIL(nfail, row->name, "len %zu, want %zu", b.len, row->want_len);
		if (b.len > b.max)
			ROW_FAIL(nfail, row->name, "len %zu beyond max %zu", b.len, b.max);
		/* Storage never exceeds what the cap can use: max bytes and a NUL. */
		if (b.cap > b.max + 1)
			ROW_FAIL(nfail, row->name, "cap %zu allocated for max %zu", b.cap, b.max);
		if (b.data && b.data[b.len] != '\0')
			ROW_FAIL(nfail, row->name, "no NUL after the contents");
		if (st != TC_OK && (b.len != before_len || (before_len && memcmp(b.data, before, before_len))))
			ROW_FAIL(nfail, row->name, "a failed append changed the buffer");
		free(before);
next:
		tc_buf_release(&b);
		free(src);
	}
	ROWS_DONE(nfail, N_ROWS(append_rows));
}

/* An append whose size would overflow len + n must fail, not wrap. */
static void test_append_huge_size(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		size_t max;
		size_t n;
	} rows[] = {
		{"SIZE_MAX into small cap", 100, SIZE_MAX},
		{"SIZE_MAX into SIZE_MAX cap", SIZE_MAX, SIZE_MAX},
		{"SIZE_MAX - 1 into SIZE_MAX cap", SIZE_MAX, SIZE_MAX - 1},
	};
	int nfail = 0;
	for (size_t r = 0; r < N_ROWS(rows); r++) {
		tc_buf b;
		tc_buf_init(&b, rows[r].max);
		if (tc_buf_append(&b, "xy", 2) != TC_OK) {
			ROW_FAIL(nfail, rows[r].name, "setup append failed");
			tc_buf_release(&b);
			continue;
		}
		/* The source is never read: the size check comes first. */
		tc_status st = tc_buf_append(&b, "xy", rows[r].n);
		if (st != TC_ERR_TOO_BIG && st != TC_ERR_NOMEM)
			ROW_FAIL(nfail, rows[r].name, "status %d, want TOO_BIG or NOMEM", st);
		if (b.len != 2 || memcmp(b.data, "xy", 3) != 0)
			ROW_FAIL(nfail, rows[r].name, "buffer changed (len %zu)", b.len);
		tc_buf_release(&b);
	}
	ROWS_DONE(nfail, N_ROWS(rows));
}

/* Many small appends: growth never loses bytes and stops exactly at max. */
static void test_append_char_until_cap(void **state)
{
	(void)state;
	static const size_t caps[] = {1, 63, 64, 65, 200, 4097};
	int nfail = 0;
	for (size_t r = 0; r < N_ROWS(caps); r++) {
		char name[32];
		snprintf(name, sizeof name, "cap %zu", caps[r]);
		tc_buf b;
		tc_buf_init(&b, caps[r]);
		size_t i;
		for (i = 0; i < caps[r]; i++) {
			if (tc_buf_append_char(&b, (char)('0' + i % 10)) != TC_OK)
				break;
		}
		if (i != caps[r])
			ROW_FAIL(nfail, name, "append %zu failed below cap", i);
		if (tc_buf_append_char(&b, 'x') != TC_ERR_TOO_BIG)
			ROW_FAIL(nfail, name, "append past cap did not fail");
		if (b.len != caps[r] || b.data[b.len] != '\0')
			ROW_FAIL(nfail, name, "len %zu or missing NUL", b.len);
		for (size_t k = 0; k < b.len; k++) {
			if (b.data[k] != (char)('0' + k % 10)) {
				ROW_FAIL(nfail, name, "byte %zu lost in growth", k);
				break;
			}
		}
		tc_buf_release(&b);
	}
	ROWS_DONE(nfail, N_ROWS(caps));
}

/* tc_buf_printf takes two paths (output below / above 256 bytes); both
 * respect the cap and leave the buffer alone on failure. */
static void test_printf_respects_cap(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		size_t max;
		size_t prefix; /* bytes already in the buffer */
		size_t out;    /* bytes the printf produces */
		tc_status want;
	} rows[] = {
		{"short, fits", 100, 0, 10, TC_OK},
		{"short, fits exactly", 100, 90, 10, TC_OK},
		{"short, one past cap", 100, 91, 10, TC_ERR_TOO_BIG},
		{"long (>256), fits", 1000, 0, 300, TC_OK},
		{"long, fits exactly", 1000, 700, 300, TC_OK},
		{"long, one past cap", 1000, 701, 300, TC_ERR_TOO_BIG},
		{"exactly 256 bytes", 256, 0, 256, TC_OK},
		{"255 bytes", 255, 0, 255, TC_OK},
		{"long, cap below output", 299, 0, 300, TC_ERR_TOO_BIG},
	};
	int nfail = 0;
	for (size_t r = 0; r < N_ROWS(rows); r++) {
		char *arg = malloc(rows[r].out + 1);
		assert_non_null(arg);
		memset(arg, 'q', rows[r].out);
		arg[rows[r].out] = '\0';
		tc_buf b;
		tc_buf_init(&b, rows[r].max);
		for (size_t i = 0; i < rows[r].prefix; i++)
			assert_int_equal(tc_buf_append_char(&b, 'p'), TC_OK);
		tc_status st = tc_buf_printf(&b, "%s", arg);
		size_t want_len = st == TC_OK ? rows[r].prefix + rows[r].out : rows[r].prefix;
		if (st != rows[r].want)
			ROW_FAIL(nfail, rows[r].name, "status %d, want %d", st, rows[r].want);
		if (b.len != want_len)
			ROW_FAIL(nfail, rows[r].name, "len %zu, want %zu", b.len, want_len);
		if (b.data && b.data[b.len] != '\0')
			ROW_FAIL(nfail, rows[r].name, "no NUL after the contents");
		if (st == TC_OK && memcmp(b.data + rows[r].prefix, arg, rows[r].out) != 0)
			ROW_FAIL(nfail, rows[r].name, "printed bytes differ");
		tc_buf_release(&b);
		free(arg);
	}
	ROWS_DONE(nfail, N_ROWS(rows));
}

static void test_printf_formats(void **state)
{
	(void)state;
	tc_buf b;
	tc_buf_init(&b, 1024);
	assert_int_equal(tc_buf_printf(&b, "%d-%s/%c", 35, "CT", 'T'), TC_OK);
	assert_int_equal(tc_buf_printf(&b, "%05zu", (size_t)42), TC_OK);
	assert_string_equal(b.data, "35-CT/T00042");
	assert_int_equal(b.len, strlen("35-CT/T00042"));
	tc_buf_release(&b);
}

static void test_append_str(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		size_t max;
		const char *parts[3];
		const char *want;
		tc_status want_st;
	} rows[] = {
		{"two parts", 64, {"Hà ", "Nội", NULL}, "Hà Nội", TC_OK},
		{"empty parts", 64, {"", "", ""}, "", TC_OK},
		{"third part over cap", 6, {"abc", "def", "g"}, "abcdef", TC_ERR_TOO_BIG},
	};
	int nfail = 0;
	for (size_t r = 0; r < N_ROWS(rows); r++) {
		tc_buf b;
		tc_buf_init(&b, rows[r].max);
		tc_status st = TC_OK;
		for (size_t i = 0; i < 3 && rows[r].parts[i] && st == TC_OK; i++)
			st = tc_buf_append_str(&b, rows[r].parts[i]);
		const char *got = b.data ? b.data : "";
		if (st != rows[r].want_st)
			ROW_FAIL(nfail, rows[r].name, "status %d, want %d", st, rows[r].want_st);
		if (strcmp(got, rows[r].want) != 0 || b.len != strlen(rows[r].want))
			ROW_FAIL(nfail, rows[r].name, "\"%s\", want \"%s\"", got, rows[r].want);
		tc_buf_release(&b);
	}
	ROWS_DONE(nfail, N_ROWS(rows));
}

static void test_init_is_empty(void **state)
{
	(void)state;
	tc_buf b;
	tc_buf_init(&b, 77);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	assert_int_equal(b.max, 77);
}

static void test_reset_keeps_storage(void **state)
{
	(void)state;
	tc_buf b;
	tc_buf_init(&b, 100);
	tc_buf_reset(&b); /* on a buffer that never allocated */
	assert_null(b.data);
	assert_int_equal(tc_buf_append_str(&b, "đường"), TC_OK);
	char *data = b.data;
	size_t cap = b.cap;
	tc_buf_reset(&b);
	assert_ptr_equal(b.data, data);
	assert_int_equal(b.cap, cap);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.max, 100);
	assert_int_equal(b.data[0], '\0');
	assert_int_equal(tc_buf_append_str(&b, "xa"), TC_OK);
	assert_string_equal(b.data, "xa");
	tc_buf_release(&b);
}

static void test_release_keeps_cap(void **state)
{
	(void)state;
	tc_buf b;
	tc_buf_init(&b, 4);
	assert_int_equal(tc_buf_append_str(&b, "abcd"), TC_OK);
	tc_buf_release(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	assert_int_equal(b.max, 4);
	/* Reusable, with the same cap. */
	assert_int_equal(tc_buf_append_str(&b, "abcd"), TC_OK);
	assert_int_equal(tc_buf_append_char(&b, 'e'), TC_ERR_TOO_BIG);
	tc_buf_release(&b);
	tc_buf_release(&b); /* twice is harmless */
}

static void test_detach(void **state)
{
	(void)state;
	tc_buf b;
	tc_buf_init(&b, 100);
	size_t len = 99;
	char *p = tc_buf_detach(&b, &len); /* never appended: still a string */
	assert_non_null(p);
	assert_int_equal(len, 0);
	assert_string_equal(p, "");
	free(p);

	assert_int_equal(tc_buf_append_str(&b, "Thủy"), TC_OK);
	p = tc_buf_detach(&b, &len);
	assert_non_null(p);
	assert_int_equal(len, strlen("Thủy"));
	assert_string_equal(p, "Thủy");
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	assert_int_equal(b.max, 100);
	free(p);

	assert_int_equal(tc_buf_append_str(&b, "x"), TC_OK);
	p = tc_buf_detach(&b, NULL); /* len may be NULL */
	assert_string_equal(p, "x");
	free(p);
}

/* ---- tc_grow ------------------------------------------------------------ */

/* Growth from cap to need (elements of elem bytes, never past max). */
static void test_grow(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		size_t cap0, need, elem, max;
		tc_status want;
	} rows[] = {
		{"room already", 0, 0, 4, 10, TC_OK},
		{"first element", 0, 1, 4, 100, TC_OK},
		{"past a full array", 16, 17, 8, 1000, TC_OK},
		{"need far past half again", 16, 500, 8, 1000, TC_OK},
		{"exactly max", 0, 10, 4, 10, TC_OK},
		{"one past max", 0, 11, 4, 10, TC_ERR_TOO_BIG},
		{"max below the first step", 0, 3, 4, 3, TC_OK},
		{"bytes overflow size_t", 0, 3, SIZE_MAX / 2, SIZE_MAX, TC_ERR_TOO_BIG},
		{"zero-sized elements", 0, 1, 0, 10, TC_ERR_TOO_BIG},
	};
	int nfail = 0;
	for (size_t r = 0; r < N_ROWS(rows); r++) {
		unsigned char *a = NULL;
		size_t cap = 0;
		/* Start from an array of cap0 elements holding a known pattern. */
		if (rows[r].cap0) {
			a = malloc(rows[r].cap0 * rows[r].elem);
			assert_non_null(a);
			memset(a, 0x5A, rows[r].cap0 * rows[r].elem);
			cap = rows[r].cap0;
		}
		tc_status st = tc_grow(&a, &cap, rows[r].need, rows[r].elem, rows[r].max);
		if (st != rows[r].want)
			ROW_FAIL(nfail, rows[r].name, "status %d, want %d", st, rows[r].want);
		if (st == TC_OK && (cap < rows[r].need || cap > rows[r].max))
			ROW_FAIL(nfail, rows[r].name, "cap %zu for need %zu, max %zu", cap, rows[r].need,
				 rows[r].max);
		if (st != TC_OK && cap != rows[r].cap0)
			ROW_FAIL(nfail, rows[r].name, "cap changed to %zu on failure", cap);
		for (size_t i = 0; a && i < rows[r].cap0 * rows[r].elem; i++) {
			if (a[i] != 0x5A) {
				ROW_FAIL(nfail, rows[r].name, "byte %zu lost in growth", i);
				break;
			}
		}
		/* The whole new capacity is usable (ASan checks the writes). */
		if (st == TC_OK && a && cap)
			memset(a, 0, cap * rows[r].elem);
		free(a);
	}
	ROWS_DONE(nfail, N_ROWS(rows));
}

/* The macro form on a typed array: appends one at a time keep every element. */
static void test_grow_macro(void **state)
{
	(void)state;
	uint64_t *v = NULL;
	size_t n = 0, cap = 0;
	for (uint64_t i = 0; i < 1000; i++) {
		assert_int_equal(TC_GROW(v, cap, n + 1, 1000), TC_OK);
		v[n++] = i * 3;
	}
	assert_int_equal(TC_GROW(v, cap, n + 1, 1000), TC_ERR_TOO_BIG);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(v[i], i * 3);
	free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_append_respects_cap),
		cmocka_unit_test(test_append_huge_size),
		cmocka_unit_test(test_append_char_until_cap),
		cmocka_unit_test(test_printf_respects_cap),
		cmocka_unit_test(test_printf_formats),
		cmocka_unit_test(test_append_str),
		cmocka_unit_test(test_init_is_empty),
		cmocka_unit_test(test_reset_keeps_storage),
		cmocka_unit_test(test_release_keeps_cap),
		cmocka_unit_test(test_detach),
		cmocka_unit_test(test_grow),
		cmocka_unit_test(test_grow_macro),
	};
	return cmocka_run_group_tests_name("tc_buf", tests, NULL, NULL);
}
