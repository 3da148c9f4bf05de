/*
 * extract_charset.h - which charset a fetched HTML page is in, and its bytes
 * as UTF-8 for the parser.
 *
 * Order of evidence: a UTF-16 byte order mark (it cannot be wrong), the HTTP
 * charset parameter, a UTF-8 BOM, <meta charset> / <meta http-equiv> or an XML
 * declaration in the first 16 KiB, then sniffing (valid UTF-8 is UTF-8;
 * otherwise windows-1258 when its combining tone marks follow letters, else
 * windows-1252).  Corrections for declarations that lie: a page declared in a
 * single-byte charset (ISO-8859-1, windows-125x, VISCII, TCVN...) whose bytes
 * are valid UTF-8 with non-ASCII letters is UTF-8; a page declared UTF-8
 * whose non-ASCII bytes are mostly invalid UTF-8 is in the legacy charset its
 * <meta> names, else sniffed; and an HTTP ISO-8859-1 (a common server
 * default) gives way to a <meta> that names another legacy charset.
 *
 * A page read as windows-1252, or whose charset is a guess, may be
 * Vietnamese in the TCVN3 or VNI fonts (extract_vnfont.h): then it is
 * converted from those, to NFC.
 *
 * Legacy charsets are converted with iconv(3) (glibc has CP1258, VISCII and
 * TCVN5712-1; its CP1258 decoder composes base letter + tone mark).  Invalid
 * bytes become U+FFFD, so the result is always valid UTF-8 (not NFC).
 */
#ifndef EXTRACT_CHARSET_H
#define EXTRACT_CHARSET_H

#include <stddef.h>

#include "tc_buf.h"
#include "tc_status.h"

/* Longest charset name reported (with its NUL). */
#define TC_CHARSET_NAME_MAX 32

/*
 * Decode html[0..n) to UTF-8.  http_charset: the Content-Type charset
 * parameter or NULL.  When the page is already valid UTF-8 (BOM removed)
 * *utf8 points into html and out is left empty; otherwise the decoded text
 * is appended to out (whose cap bounds it: TC_ERR_TOO_BIG) and *utf8 points
 * to out's data.  used, when not NULL, receives the charset chosen (iconv
 * spelling, e.g. "UTF-8", "CP1258", or "TCVN3" / "VNI" for the font
 * encodings, which are not iconv's).  Never fails on content: TC_ERR_NOMEM
 * and TC_ERR_TOO_BIG only.
 */
TC_MUST_CHECK tc_status tc_charset_to_utf8(const char *html, size_t n, const char *http_charset,
					   tc_buf *out, const char **utf8 /* OUT */,
					   size_t *utf8_len /* OUT */,
					   char used[TC_CHARSET_NAME_MAX] /* OUT, may be NULL */);

/*
 * The iconv name of a charset label ("latin1" -> "CP1252", "windows-1258" ->
 * "CP1258", "utf8" -> "UTF-8"), written to out; 0 when the label is empty or
 * not one iconv knows.
 */
int tc_charset_canonical(const char *label, size_t n, char out[TC_CHARSET_NAME_MAX]);

/*
 * The charset parameter of an HTTP Content-Type value (quotes removed),
 * copied into out[0..cap) with a NUL; "" when ctype is NULL or has none.
 */
void tc_charset_param(const char *ctype, char *out, size_t cap);

#endif
