/*
 * query.h - what a user typed, parsed and turned into Xapian queries.
 *
 * Syntax (docs/SEARCH.md has the user's view):
 *   words            all must match (folded: "thu do" finds "Thủ đô")
 *   "a phrase"       in this order, adjacent
 *   -word -"phrase"  must not match
 *   a OR b           either (binds the neighbouring words or phrases)
 *   title:word  title:"a phrase"   in the title; -title:x and title:-x exclude
 *   site:host        only articles from host or its subdomains
 *   -site:host       none from host or its subdomains
 *   category:name  category:"a name"   only articles of that category
 *                    (ASCII case aside); -category: leaves them out
 * Document codes (35-CT/TW, 01/2017/NĐ-CP) are one item that matches the code
 * written whole or as its parts in a row.
 *
 * The text goes through the shared cleaner and tokenizer (vn_text.h,
 * vn_token.h), so an NFD, upper-case or other-tone-style query yields the very
 * same terms as its canonical form, and as the indexed documents.
 *
 * Ranking policy lives here, in C: each word matches on its folded form and
 * is scored extra on its exact form when the user typed accents; words typed
 * next to each other match and score as units through the index's pair
 * terms, with the reading typed (or, unaccented, the likely readings) scored
 * extra; and the query's words in a row in a title score extra.
 */
#ifndef QUERY_H
#define QUERY_H

#include <stddef.h>
#include <stdint.h>

#include "tc_schema.h"
#include "tc_status.h"
#include "tc_xapian.h"

/* Caps on what one query may hold; longer queries are cut at the last item
 * that fits and the parse says so (tc_parsed_truncated). */
#define TC_QUERY_MAX_BYTES 4096
#define TC_QUERY_MAX_ITEMS 48
#define TC_QUERY_MAX_TOKENS 160

typedef struct tc_parsed tc_parsed;

/* Why a query was refused (TC_ERR_USAGE): the page words each in its own
 * language; err carries the English message with the details. */
typedef enum tc_query_refusal {
	TC_QREF_NONE = 0,
	TC_QREF_NO_WORDS,     /* nothing searchable ("", "!!!") */
	TC_QREF_ONLY_FILTERS, /* only exclusions and site: filters */
	TC_QREF_BAD_SITE,     /* site: or -site: without a valid host name */
	TC_QREF_LONG_WORD,    /* a word longer than VN_TOKEN_MAX bytes */
	TC_QREF_DOUBLE_NOT,   /* -title:-x: two exclusion signs */
	TC_QREF_BAD_CATEGORY  /* category: or -category: without a name */
} tc_query_refusal;

/*
 * Parse q[0..n) (any UTF-8; invalid bytes are replaced).  TC_ERR_USAGE with a
 * message in err and the reason in *why (may be NULL) when the query cannot
 * be searched as typed: nothing searchable is left (an empty query, only
 * exclusions), a site: filter names no valid host, a word is too long to be
 * a term (no document can hold it: it is refused rather than dropped, which
 * would widen the query).  An unbalanced quote is not an error: it runs to
 * the end.
 */
TC_MUST_CHECK tc_status tc_query_parse(const char *q, size_t n, tc_parsed **out /* OUT */,
				       tc_query_refusal *why /* OUT */, tc_err *err);
void tc_parsed_free(tc_parsed *p);

/* Was the query longer than the caps allow (and cut)? */
int tc_parsed_truncated(const tc_parsed *p);

/* Number of items that must all match (OR-groups count once). */
size_t tc_parsed_clause_count(const tc_parsed *p);

/* The site: filters of the query, in order; i < tc_parsed_site_count.
 * Hosts are checked (params.h) and lower case. */
size_t tc_parsed_site_count(const tc_parsed *p);
const char *tc_parsed_site(const tc_parsed *p, size_t i);
/* The -site: exclusions, likewise. */
size_t tc_parsed_xsite_count(const tc_parsed *p);
const char *tc_parsed_xsite(const tc_parsed *p, size_t i);
/* The category: filters and -category: exclusions, as typed (clean text). */
size_t tc_parsed_category_count(const tc_parsed *p);
const char *tc_parsed_category(const tc_parsed *p, size_t i);
size_t tc_parsed_xcategory_count(const tc_parsed *p);
const char *tc_parsed_xcategory(const tc_parsed *p, size_t i);

/* A reading of a folded pair as the index counts it (tc_schema.h). */
#define TC_READINGS_MAX 3   /* the likely readings scored */
#define TC_READINGS_ALL 32  /* the readings matched as the pair (the rarest beyond
			       are left to the "all" tier) */
typedef struct tc_reading {
	char term[TC_TERM_MAX + 1]; /* the reading term */
	size_t len;
	double share;               /* of the pair's readings in the index, 0..1 */
	uint64_t count;             /* articles holding it */
} tc_reading;
/* The likely readings of the folded pair (fa, fb), most frequent first, at
 * most cap of them; returns how many. */
typedef size_t (*tc_readings_fn)(void *ctx, const char *fa, const char *fb, tc_reading *out,
				 size_t cap);

/*
 * The queries to run, owned by the caller (tc_built_release), in the order
 * their matches are answered:
 *   reading  the words, with each pair of words typed next to each other
 *            read as typed with accents, or, typed without, as it is likely
 *            meant (its dominant reading in the index); NULL when no pair
 *            has such a reading;
 *   words    every item must match and every pair of words typed next to
 *            each other must be next to each other (the words as units);
 *            NULL when no two words were typed in a row;
 *   strict   every item must match (the normal answer);
 *   relaxed  any item may match, ranked by how much does; NULL when the
 *            query has a single item, since relaxing it would change nothing.
 * Each is a superset of the one before (the caller skips what an earlier
 * one answered).  Each pair found scores extra in all of them, and more
 * when its reading is the one typed with accents or, typed without, a
 * likely one (readings, may be NULL: none); so does a run of words in a row
 * in the title.  All carry the same exclusions; filters are the caller's.
 * common (may be NULL) flags clauses, by index, to leave out of relaxed
 * (very frequent words); at least two clauses always stay.
 */
typedef struct tc_built {
	tc_query *reading, *words, *strict, *relaxed;
	/* strict and relaxed without their bonuses: the same matches, for
	 * the unweighted counts, which need not open the bonuses' terms */
	tc_query *strict_count, *relaxed_count;
} tc_built;

TC_MUST_CHECK tc_status tc_parsed_build(const tc_parsed *p, const unsigned char *common,
					tc_readings_fn readings, void *ctx, tc_built *out /* OUT */);
void tc_built_release(tc_built *b);

/* The folded word of clause k when it is one plain word, else NULL. */
const char *tc_parsed_clause_word(const tc_parsed *p, size_t k);

/* How many pairs of words were typed next to each other (each becomes a
 * pair term of the words tier; tc_parsed_build). */
size_t tc_parsed_pair_count(const tc_parsed *p);

/*
 * The longest run of words typed in a row, quoted phrases included ("thang
 * \"biet vo am tin\"" is one run of five), as folded forms into folds, with
 * clause[k] set when a clause mark (. , ; : ! ?) was typed before word k
 * (never for the first); at most cap words (the first cap of a longer run).
 * Returns its length.  The index knows pairs, not longer runs: a text
 * holding "a b" and "b c" apart passes the pair terms of "a b c", so the
 * searcher checks such runs in the text of the best matches (runs.c).
 */
size_t tc_parsed_check_run(const tc_parsed *p, const char **folds /* OUT */, int *clause /* OUT */,
			   size_t cap);

/*
 * Folded forms to highlight in snippets (every positive word, code and code
 * part).  Strings live as long as p.
 */
size_t tc_parsed_highlight_count(const tc_parsed *p);
const char *tc_parsed_highlight(const tc_parsed *p, size_t i);

/* A one-line description of the parse, for --explain and tests. */
TC_MUST_CHECK tc_status tc_parsed_describe(const tc_parsed *p, char *out, size_t cap);

#endif
