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

#define TC_PREFIX_HOST "H"     /* source host and each parent domain (tc_schema_host) */
#define TC_PREFIX_CATEGORY "K" /* category, ASCII lower case (tc_schema_category_term) */
#define TC_PREFIX_SAMPLE "Z"   /* Z1..Z16: a uniform sample of the documents (below) */
/* Schema 2 also wrote Y2020, M202006 and D20200609 terms, which nothing read:
 * the date filters and facets use the value slots below. */

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
 * Reading terms: TC_PREFIX_READING + fold_a ' ' fold_b ' ' code, written for
 * a pair with a diacritic, where code is the accents of exact_a ' ' exact_b
 * coded against the folded pair in printable ASCII, no space in it (three
 * bytes for "thủ đô"); a pair with a letter that is no Vietnamese form of
 * its base is written out in full, ' ' exact_a ' ' exact_b.  The readings of a folded pair are
 * the terms under its reading prefix (tc_schema_reading_prefix: the same up
 * to and including the space after fold_b), and their term frequencies are
 * how often each is written: the index itself keeps the counts, updated by
 * every add and crawl.  Same returns as tc_schema_pair_term.
 */
size_t tc_schema_reading_term(const char *fa, size_t nfa, const char *fb, size_t nfb,
			      const char *ea, size_t nea, const char *eb, size_t neb, char *out);
size_t tc_schema_reading_prefix(const char *fa, size_t nfa, const char *fb, size_t nfb, char *out);
/* The exact pair "exact_a exact_b" of a reading term, into out (cap bytes,
 * NUL-terminated); 0 when term is no reading term or out is too small. */
int tc_schema_reading_exact(const char *term, size_t len, char *out, size_t cap);

/*
 * Sample terms: a document is in sample level L (1..TC_SAMPLE_LEVELS), term
 * TC_PREFIX_SAMPLE + L in decimal, when the top L bits of its URL's
 * tc_hash64 are all zero: one document in 2^L, the same one on every page
 * and in every shard, and about one term per document in all.  Counts over
 * an answer too big to count whole are taken over one level and scaled
 * (the page's facets, searcher/search.c).  tc_schema_sample_levels says
 * how many levels a URL is in; tc_schema_sample_term writes level L's term
 * into out (8 bytes) and returns its length.
 */
#define TC_SAMPLE_LEVELS 16
unsigned tc_schema_sample_levels(const char *url, size_t n);
size_t tc_schema_sample_term(unsigned level, char *out);

/* The schema version written into an index's metadata (key
 * TC_SCHEMA_KEY); a searcher refuses an index of another version.  3: no
 * Y/M/D terms, H terms of canonical hosts only. */
#define TC_SCHEMA_KEY "tracuu:schema"
#define TC_SCHEMA_VERSION "3"

/*
 * Hosts, one way for the index and every filter (site:, -site:, --site,
 * site=), so that what a filter names is what was written.
 *
 * tc_schema_host: the canonical host of s[0..n), which is a host name or a
 * URL ("http://" or "https://", whose host is taken, path and all; a
 * "host/path" without a scheme is refused): ASCII lower case, a
 * final '.' dropped ("HANOI.example.vn." is hanoi.example.vn) and any port
 * dropped.  Any port, not only the scheme's default: the index has always
 * written hosts without their port (a site is its host name; one serving
 * on :8080 is the same site), so a filter with a port must name the same
 * host or it would find nothing.  Letters a-z, digits, '.' and '-' only,
 * not starting with '.' or '-', at most TC_SCHEMA_HOST_MAX bytes
 * (TC_SCHEMA_HOST_RULE says so for messages).  Writes out (NUL-terminated)
 * and returns the length; 0 (out "") for anything else.
 */
#define TC_SCHEMA_HOST_MAX 253
#define TC_SCHEMA_HOST_RULE                                                                \
	"a host name of 1 to 253 bytes: letters a-z, digits, '.' and '-', not starting with " \
	"'.' or '-' (a final '.' and a ':port' are dropped)"
size_t tc_schema_host(const char *s, size_t n, char out[TC_SCHEMA_HOST_MAX + 1] /* OUT */);

/* The H term of a canonical host h[0..n) (tc_schema_term's returns: 0 when
 * it does not fit, and a filter for it then matches nothing). */
size_t tc_schema_host_term(const char *h, size_t n, char *out /* OUT */);

/*
 * The K term of a category s[0..n): TC_PREFIX_CATEGORY + the category with
 * ASCII letters in lower case ("Xã hội" and "xã hội" are one category;
 * other letters are compared as written).  Same returns as tc_schema_term.
 */
size_t tc_schema_category_term(const char *s, size_t n, char *out /* OUT */);

/* Is s a valid YYYY-MM-DD date (tc_date_parse_day: a calendar date of any
 * year; whether it may be an article's date is tc_date_in_range's call)?
 * Writes YYYYMMDD to ymd (9 bytes) if so. */
int tc_schema_date(const char *s, size_t n, char *ymd /* OUT */);

#endif
