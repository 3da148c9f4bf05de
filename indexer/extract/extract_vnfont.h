/*
 * extract_vnfont.h - Vietnamese written in the font encodings that came
 * before Unicode: TCVN3 and VNI.
 *
 * Government pages and documents of the 1990s and 2000s were typed with the
 * ABC fonts (.VnTime, .VnArial: TCVN 5712:1993, level VN3, "TCVN3") or the
 * VNI fonts (VNI-Times, VNI-Helve).  To a browser they are windows-1252
 * text; the font draws the Vietnamese letters.  So they declare
 * windows-1252, ISO-8859-1 or nothing, and read as Latin-1 they are mojibake
 * ("Uû ban nh©n d©n", "UÛy ban nhaân daân").
 *
 *  - TCVN3: one byte per letter, lower case in 0xA8-0xFE; the capitals
 *    Ă Â Ê Ô Ơ Ư Đ at 0xA1-0xA7; other capitals with marks exist only in the
 *    capitals fonts (.VnTimeH, .VnArialH: a font name ".Vn...H"), which draw
 *    the lower-case byte positions, ASCII included, as capitals.
 *  - VNI: a base letter followed by one byte that adds the circumflex or
 *    breve and the tone (a + 0xE1 "á" = ấ), or the tone alone (a + 0xF9 = á);
 *    ơ ư đ, the i's with a tone and ỵ are single bytes.  The upper-case
 *    forms are the same bytes less 0x20.
 * In both, 0x80-0x9F keep their windows-1252 punctuation (curly quotes,
 * dashes), which Word typed into such documents.
 */
#ifndef EXTRACT_VNFONT_H
#define EXTRACT_VNFONT_H

#include <stddef.h>

#include "tc_buf.h"
#include "tc_status.h"

typedef enum tc_vnfont {
	TC_VNFONT_NONE = 0,
	TC_VNFONT_TCVN3 = 1,
	TC_VNFONT_VNI = 2
} tc_vnfont;

/* What detection saw for one encoding. */
typedef struct tc_vnfont_score {
	size_t valid;   /* words with a non-ASCII letter that read as Vietnamese syllables */
	size_t invalid; /* words with a non-ASCII byte that do not */
	int hinted;     /* the page names one of the encoding's fonts */
} tc_vnfont_score;

/*
 * Which font encoding html[0..n) is written in, or TC_VNFONT_NONE.  Every
 * word with a byte >= 0xA1 is read in both encodings and checked as a
 * Vietnamese syllable (initial, vowel, final, tone: docs/EXTRACT.md); an
 * encoding wins when most such words are syllables in it, and there are
 * enough of them: 10 without a font name, 2 when a font-family or
 * <font face> names one of its fonts.  One-letter words count for nothing
 * (French "à" is TCVN3 "Ổ").  Callers ask only about pages whose charset is
 * windows-1252 or a guess.  scores, when not NULL, receives the figures for
 * [0] TCVN3 and [1] VNI.  Linear in n; never reads past it.
 */
tc_vnfont tc_vnfont_detect(const char *html, size_t n, tc_vnfont_score scores[2] /* OUT */);

/*
 * Append html[0..n), written in enc (TCVN3 or VNI), to out as NFC UTF-8.
 * Markup passes through (attribute values are decoded too); for TCVN3, text
 * inside an element whose <font face> or inline font-family names a
 * capitals font first comes out in capitals.  Bytes that are not letters in
 * enc are read as windows-1252 (its five unassigned bytes become U+FFFD).
 * Errors: TC_ERR_TOO_BIG when out's cap is reached, TC_ERR_NOMEM,
 * TC_ERR_USAGE when enc is TC_VNFONT_NONE; out is then as it was.
 */
TC_MUST_CHECK tc_status tc_vnfont_to_utf8(const char *html, size_t n, tc_vnfont enc, tc_buf *out);

/* "TCVN3", "VNI", or "" for TC_VNFONT_NONE. */
const char *tc_vnfont_name(tc_vnfont enc);

#endif
