/*
 * test_tc_stub.c - Xapian stub files as tracuu reads and writes them
 * (common/tc_stub.h), and the shard a document goes to (tc_schema_shard_of).
 */
#include "unit_test.h"

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tc_schema.h"
#include "tc_stub.h"
#include "tc_banned.h"

typedef struct stub_row {
	const char *name;
	const char *text;
	tc_status want;
	size_t n;             /* shards when TC_OK */
	const char *first;    /* the first shard's name when TC_OK */
	const char *in_error; /* a piece of the message otherwise */
} stub_row;

static const stub_row stub_rows[] = {
	{"local shards", "auto shard0\nauto shard1\n", TC_OK, 2, "/idx/gen-1/shard0", NULL},
	{"absolute glass path", "glass /srv/db\n", TC_OK, 1, "/srv/db", NULL},
	{"comments, blank and CRLF lines", "# two\r\n\r\nauto a\r\n  \n", TC_OK, 1, "/idx/gen-1/a", NULL},
	{"xapian remote", "remote 127.0.0.1:7001\n", TC_OK, 1, "remote:tcp(127.0.0.1:7001)", NULL},
	{"issue remote form", "remote tcp shard1.example 7002", TC_OK, 1, "remote:tcp(shard1.example:7002)",
	 NULL},
	{"ipv6 remote", "remote [::1]:7003\n", TC_OK, 1, "remote:tcp(::1:7003)", NULL},
	{"mixed", "auto s0\nremote h:1\n", TC_OK, 2, "/idx/gen-1/s0", NULL},
	{"empty", "", TC_ERR_INVALID, 0, NULL, "lists no database"},
	{"only comments", "# nothing\n", TC_ERR_INVALID, 0, NULL, "lists no database"},
	{"unknown type", "auto a\nchert b\n", TC_ERR_INVALID, 0, NULL, "test:2: unknown line"},
	{"no path", "auto\n", TC_ERR_INVALID, 0, NULL, "needs a path"},
	{"port zero", "remote h:0\n", TC_ERR_INVALID, 0, NULL, "port from 1 to 65535"},
	{"port too big", "remote h:65536\n", TC_ERR_INVALID, 0, NULL, "port from 1 to 65535"},
	{"port not digits", "remote tcp h 7x\n", TC_ERR_INVALID, 0, NULL, "'remote tcp' needs"},
	{"no port", "remote host\n", TC_ERR_INVALID, 0, NULL, "needs HOST:PORT"},
	{"empty host", "remote :7001\n", TC_ERR_INVALID, 0, NULL, "remote programs"},
	{"program", "remote :xapian-progsrv /db\n", TC_ERR_INVALID, 0, NULL, "not started by tracuu"},
	{"nul byte", "auto a\0b\n", TC_ERR_INVALID, 0, NULL, "NUL byte"},
	{"line text not echoed", "secret-password-line\n", TC_ERR_INVALID, 0, NULL, "test:1: unknown line"},
};

static void test_parse(void **state)
{
	(void)state;
	int nfail = 0;
	for (size_t r = 0; r < N_ROWS(stub_rows); r++) {
		const stub_row *row = &stub_rows[r];
		/* The NUL row's text is longer than strlen says. */
		size_t n = !strcmp(row->name, "nul byte") ? 9 : strlen(row->text);
		char *text = unit_exact_copy(row->text, n);
		tc_stub s;
		tc_err err = {{0}};
		tc_status st = tc_stub_parse(text, n, "/idx/gen-1", "test", &s, &err);
		if (st != row->want)
			ROW_FAIL(nfail, row->name, "status %d, want %d (%s)", st, row->want, err.msg);
		else if (st == TC_OK && (s.n != row->n || strcmp(s.shard[0].name, row->first)))
			ROW_FAIL(nfail, row->name, "%zu shards, first '%s'; want %zu, '%s'", s.n,
				 s.n ? s.shard[0].name : "", row->n, row->first);
		else if (st != TC_OK && (!strstr(err.msg, row->in_error) || s.n || s.shard))
			ROW_FAIL(nfail, row->name, "message '%s' lacks '%s'", err.msg, row->in_error);
		else if (st != TC_OK && strstr(err.msg, "secret"))
			ROW_FAIL(nfail, row->name, "the line's text is in the message: '%s'", err.msg);
		tc_stub_release(&s);
		free(text);
	}
	ROWS_DONE(nfail, N_ROWS(stub_rows));
}

static void test_caps(void **state)
{
	(void)state;
	/* One shard more than allowed. */
	size_t cap = (TC_STUB_MAX_SHARDS + 1) * 16;
	char *text = malloc(cap);
	assert_non_null(text);
	size_t n = 0;
	for (int i = 0; i <= TC_STUB_MAX_SHARDS; i++)
		n += (size_t)snprintf(text + n, cap - n, "auto s%d\n", i);
	tc_stub s;
	tc_err err = {{0}};
	assert_int_equal(tc_stub_parse(text, n, "/x", "many", &s, &err), TC_ERR_TOO_BIG);
	assert_non_null(strstr(err.msg, "more than 256 shards"));
	free(text);
	/* Bigger than the file cap: refused before any parsing. */
	size_t big = TC_STUB_MAX_BYTES + 1;
	text = malloc(big);
	assert_non_null(text);
	memset(text, '#', big);
	assert_int_equal(tc_stub_parse(text, big, "/x", "big", &s, &err), TC_ERR_TOO_BIG);
	free(text);
}

/* What tc_stub_write_local writes, tc_stub_load reads back, relative to the folder. */
static void test_write_load(void **state)
{
	(void)state;
	char dir[] = "stub-XXXXXX";
	assert_non_null(mkdtemp(dir));
	tc_err err = {{0}};
	assert_int_equal(tc_stub_write_local(dir, 3, &err), TC_OK);
	assert_true(tc_stub_is_stub(dir));
	tc_stub s;
	assert_int_equal(tc_stub_load(dir, &s, &err), TC_OK);
	assert_int_equal(s.n, 3);
	char want[64];
	snprintf(want, sizeof want, "%s/shard2", dir);
	assert_string_equal(s.shard[2].path, want);
	assert_int_equal(s.shard[2].kind, TC_SHARD_LOCAL);
	tc_stub_release(&s);
	assert_int_equal(tc_stub_write_local(dir, 0, &err), TC_ERR_USAGE);
	char p[64];
	snprintf(p, sizeof p, "%s/XAPIANDB", dir);
	unlink(p);
	assert_false(tc_stub_is_stub(dir));
	assert_int_equal(tc_stub_load(dir, &s, &err), TC_ERR_NOT_FOUND);
	rmdir(dir);
}

typedef struct shard_row {
	const char *id;
	size_t n;
} shard_row;

/* FNV-1a 64 of the id term modulo n, checked against a copy of the hash
 * written here: the placement of every sharded index depends on it not
 * changing (docs/SCALE.md names it). */
static const shard_row shard_rows[] = {
	{"Qhttps://baochinhphu.vn/tin-a.htm", 1},
	{"Qhttps://baochinhphu.vn/tin-a.htm", 3},
	{"Qhttps://baochinhphu.vn/tin-a.htm", 4},
	{"Qa", 3},
	{"Qb", 3},
	{"", 7},
};

static uint64_t fnv(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return h;
}

static void test_shard_of(void **state)
{
	(void)state;
	int nfail = 0;
	for (size_t r = 0; r < N_ROWS(shard_rows); r++) {
		const shard_row *row = &shard_rows[r];
		size_t want = row->n > 1 ? (size_t)(fnv(row->id) % row->n) : 0;
		size_t got = tc_schema_shard_of(row->id, strlen(row->id), row->n);
		if (got != want || got >= row->n)
			ROW_FAIL(nfail, row->id, "shard %zu of %zu, want %zu", got, row->n, want);
	}
	ROWS_DONE(nfail, N_ROWS(shard_rows));
	/* Spread: 3,000 ids over 3 shards, none with under a quarter. */
	size_t count[3] = {0};
	for (int i = 0; i < 3000; i++) {
		char id[64];
		int n = snprintf(id, sizeof id, "Qhttps://x.vn/%d.htm", i);
		count[tc_schema_shard_of(id, (size_t)n, 3)]++;
	}
	for (int k = 0; k < 3; k++)
		assert_true(count[k] > 750);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_caps),
		cmocka_unit_test(test_write_load),
		cmocka_unit_test(test_shard_of),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
