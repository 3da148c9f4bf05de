/*
 * test_extract_charset.c - which charset a fetched page is in
 * (indexer/extract_charset.h): the HTTP parameter, BOM, <meta> and XML
 * declarations, sniffing (windows-1258 by its tone marks), and the
 * corrections for declarations that lie.  Whole pages in each charset,
 * extracted, are test_extract_html.c's.
 */
#include "unit_test.h"

#include <stdio.h>

#include "extract_charset.h"
#include "tc_buf.h"
#include "tc_banned.h"

typedef struct prescan_row {
	const char *name;
	const char *page; /* ends with a lone 0xE0 byte: not UTF-8 */
	const char *http;
	const char *want;
} prescan_row;

static const prescan_row prescan_rows[] = {
	{"meta charset", "<html><head><meta charset=\"windows-1258\"></head><body>\xe0</body>", NULL,
	 "CP1258"},
	{"meta http-equiv", "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=VISCII\">\xe0",
	 NULL, "VISCII"},
	{"unquoted, upper case", "<META CHARSET=tcvn3>\xe0", NULL, "TCVN5712-1"},
	{"XML declaration", "<?xml version=\"1.0\" encoding=\"windows-1258\"?><html>\xe0", NULL, "CP1258"},
	{"latin1 is windows-1252", "<meta charset=\"iso-8859-1\">\xe0", NULL, "CP1252"},
	{"a commented-out meta is no declaration", "<!-- <meta charset=\"viscii\"> --><p>\xe0 \xe0", NULL,
	 "CP1252"},
	{"HTTP charset first", "<meta charset=\"viscii\">\xe0", "windows-1258", "CP1258"},
	{"HTTP charset with quotes", "<p>\xe0", "\"windows-1258\"", "CP1258"},
	{"unknown HTTP charset: the page decides", "<meta charset=\"viscii\">\xe0", "x-nonsense",
	 "VISCII"},
	{"sniffed windows-1258 (tone marks after letters)", "<p>Vi\xea\xf2t Nam ho\xe0 bi\xccnh</p>",
	 NULL, "CP1258"},
	{"sniffed: other bytes", "<p>caf\xe9</p>", NULL, "CP1252"},
	{"declared Latin-1 but valid UTF-8", "<meta charset=\"iso-8859-1\"><p>Hà Nội</p>", NULL,
	 "UTF-8"},
	{"declared windows-1258 by HTTP but valid UTF-8", "<p>Hà Nội</p>", "windows-1258", "UTF-8"},
	{"HTTP ISO-8859-1 (a server default) under a meta windows-1258",
	 "<meta charset=\"windows-1258\"><p>Vi\xea\xf2t</p>", "ISO-8859-1", "CP1258"},
	{"HTTP ISO-8859-1 and a lying meta utf-8 over windows-1258 bytes",
	 "<meta charset=\"utf-8\"><p>Vi\xea\xf2t Nam ho\xe0 bi\xccnh</p>", "ISO-8859-1", "CP1258"},
	{"HTTP UTF-8 over windows-1258 bytes that the meta names",
	 "<meta charset=\"windows-1258\"><p>Vi\xea\xf2t Nam, ng\xe0y h\xf4m nay, \xf0\xea\xccn</p>",
	 "utf-8", "CP1258"},
	{"declared UTF-8, bytes windows-1258",
	 "<meta charset=\"utf-8\"><p>Vi\xea\xf2t Nam, ng\xe0y h\xf4m nay, \xf0\xea\xccn</p>", NULL, "CP1258"},
};

static void test_charset_choice(void **state)
{
	(void)state;
	int nfail = 0;
	for (size_t i = 0; i < N_ROWS(prescan_rows); i++) {
		const prescan_row *row = &prescan_rows[i];
		size_t n = strlen(row->page);
		char *copy = unit_exact_copy(row->page, n);
		tc_buf out;
		tc_buf_init(&out, n * 3 + 64);
		const char *utf8;
		size_t len;
		char used[TC_CHARSET_NAME_MAX] = "";
		tc_status st = tc_charset_to_utf8(copy, n, row->http, &out, &utf8, &len, used);
		if (st != TC_OK)
			ROW_FAIL(nfail, row->name, "status %d", st);
		else if (strcmp(used, row->want))
			ROW_FAIL(nfail, row->name, "charset %s, want %s", used, row->want);
		tc_buf_release(&out);
		free(copy);
	}
	ROWS_DONE(nfail, N_ROWS(prescan_rows));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_charset_choice),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
