/*
 * tc_schema.h - what a tracuu index holds: term prefixes, value slots and the
 * stored-fields format.  docs/SCHEMA.md explains the choices; indexer and
 * searcher both build their terms through these names so they cannot drift.
 */
#ifndef TC_SCHEMA_H
#define TC_SCHEMA_H

#include <stddef.h>
#include <stdint.h>

#include "tc_buf.h"
#include "tc_status.h"

/* Term prefixes.  Unprefixed terms are folded syllables (no positions:
 * adjacency is in the pair terms). */
#define TC_PREFIX_ID "Q"       /* unique id: Q + URL (hashed when long) */
#define TC_PREFIX_EXACT "E"    /* exact (accented, canonical) form, when it differs */
#define TC_PREFIX_TITLE "S"    /* folded title syllables */
#define TC_PREFIX_PAIR "B"     /* two adjacent folded syllables: "Bthu do" */
#define TC_PREFIX_TITLE_PAIR "T" /* the same, in the title */
#define TC_PREFIX_READING "C"  /* an accented reading of a pair: "Cthu do thủ đô" */

#define TC_PREFIX_HOST "H"     /* source host and each parent domain */
#define TC_PREFIX_CATEGORY "K" /* category, lower case */
#define TC_PREFIX_YEAR "Y"     /* Y2020 */
#define TC_PREFIX_MONTH "M"    /* M202006 */
#define TC_PREFIX_DAY "D"      /* D20200609 */

/* Value slots. */
#define TC_SLOT_DATE 0   /* YYYYMMDD, sorts as a string */
#define TC_SLOT_SOURCE 1 /* host, for facets */
#define TC_SLOT_MONTH 2  /* YYYY-MM, for facets */

/* Title, summary and body share one positional stream, in that order, with
 * this many empty positions between fields so no phrase spans two. */
#define TC_FIELD_GAP 50

/* Longest term Xapian accepts is 245 bytes; ours stay below this. */
#define TC_TERM_MAX 240

typedef struct tc_str {
	const char *p;
	size_t n;
} tc_str;

/* An article as the index sees it; all text clean (vn_text_clean). */
typedef struct tc_article {
	tc_str url;
	tc_str title;
	tc_str summary;
	tc_str body;
	tc_str date;     /* YYYY-MM-DD or empty */
	tc_str source;   /* host or name, or empty */
	tc_str category;
} tc_article;

/*
 * Append the stored-fields record of a to out.  Format: byte 'T', byte 1
 * (version), then the seven fields in struct order, each as a LEB128 length
 * followed by its bytes.
 */
TC_MUST_CHECK tc_status tc_docdata_encode(const tc_article *a, tc_buf *out);
/* Parse a record; the fields point into data, which must outlive a.
 * TC_ERR_INVALID for anything malformed (never reads past n). */
TC_MUST_CHECK tc_status tc_docdata_decode(const char *data, size_t n, tc_article *a /* OUT */);

/* 64-bit FNV-1a of s[0..n): long-URL id terms, shard choice. */
uint64_t tc_hash64(const char *s, size_t n);

/*
 * The shard (0..n-1) of the document whose unique-id term is id[0..len):
 * tc_hash64 of the term, modulo n.  Every writer of a sharded generation
 * places by it (rebuild, add, crawl, nightly, deletions), so a document is
 * in exactly one shard; changing it would scatter an index's documents.
 * n must be at least 1.
 */
size_t tc_schema_shard_of(const char *id, size_t len, size_t n);

/*
 * Write the term prefix + s[0..n) into out (TC_TERM_MAX+1 bytes) and return
 * its length; 0 when there is nothing after the prefix or the term would be
 * longer than TC_TERM_MAX.  Never cuts: a cut term would stand for another
 * word, and an empty one is Xapian's match-all.  A caller given 0 must make
 * its query part match nothing (tc_query_match_nothing), not drop it.
 */
size_t tc_schema_term(const char *prefix, const char *s, size_t n, char *out /* OUT */);

/* Write the unique-id term for url into out (TC_TERM_MAX+1 bytes); returns
 * its length.  URLs too long for a term keep a prefix plus a 64-bit hash. */
size_t tc_schema_id_term(const char *url, size_t n, char *out);

/*
 * Pair terms (docs/SCHEMA.md): prefix + a + ' ' + b, for two adjacent tokens'
 * folded forms a and b (TC_PREFIX_PAIR, TC_PREFIX_TITLE_PAIR).  Written into
 * out (TC_TERM_MAX+1 bytes, NUL-terminated); returns the length, or 0 when
 * the term would pass TC_TERM_MAX (such a pair is neither indexed nor asked
 * for).
 */
size_t tc_schema_pair_term(const char *prefix, const char *a, size_t na, const char *b, size_t nb,
			   char *out);

/*
 * Reading terms: TC_PREFIX_READING + fold_a ' ' fold_b ' ' exact_a ' ' exact_b,
 * written for a pair with a diacritic.  The readings of a folded pair are
 * the terms under its reading prefix (tc_schema_reading_prefix: the same up
 * to and including the space after fold_b), and their term frequencies are
 * how often each is written: the index itself keeps the counts, updated by
 * every add and crawl.  Same returns as tc_schema_pair_term.
 */
size_t tc_schema_reading_term(const char *fa, size_t nfa, const char *fb, size_t nfb,
			      const char *ea, size_t nea, const char *eb, size_t neb, char *out);
size_t tc_schema_reading_prefix(const char *fa, size_t nfa, const char *fb, size_t nfb, char *out);

/* The schema version written into an index's metadata (key
 * TC_SCHEMA_KEY); a searcher refuses an index of another version. */
#define TC_SCHEMA_KEY "tracuu:schema"
#define TC_SCHEMA_VERSION "2"

/* Is s a valid YYYY-MM-DD date?  Writes YYYYMMDD to ymd (9 bytes) if so. */
int tc_schema_date(const char *s, size_t n, char *ymd /* OUT */);

#endif
