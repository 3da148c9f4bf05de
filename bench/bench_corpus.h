/*
 * bench_corpus.h - what the benchmark knows about its input: the files, how
 * much text they hold, and a deterministic set of queries drawn from them.
 *
 * The corpus is read once.  Every article's title, summary and body are
 * counted (the "MB of text" that import speed is measured against), and a
 * fixed-size random sample of articles (reservoir sampling with a seeded
 * generator, so the same files and seed give the same sample) is kept to make
 * queries from.  Nothing read here is ever written into the repository.
 *
 * The queries are made independently of the project's own text code: they
 * imitate what a person types, so they must not depend on the code under test.
 */
#ifndef BENCH_CORPUS_H
#define BENCH_CORPUS_H

#include <stddef.h>
#include <stdint.h>

#include "tc_status.h"

typedef struct bc_corpus bc_corpus;

/* The kinds of query in the mix, in the order they are reported. */
typedef enum bc_qkind {
	BC_Q_WORDS,    /* 1-3 consecutive syllables, diacritics removed */
	BC_Q_PHRASE,   /* 2-4 consecutive words, lower case, with diacritics */
	BC_Q_FRAGMENT, /* 5-7 syllables copied from a body, as written */
	BC_Q_TITLE,    /* a whole title, diacritics and punctuation removed */
	BC_Q_CODE,     /* document numbers: "nghị định 100", "100/2019/NĐ-CP", digits */
	BC_Q_COUNT
} bc_qkind;

typedef struct bc_query {
	char *text;    /* one line, valid UTF-8 when the input was, never empty */
	bc_qkind kind;
} bc_query;

/* Short name of a kind ("words", "phrase", ...); never NULL. */
const char *bc_qkind_name(bc_qkind kind);
/* One-line description of a kind, for reports; never NULL. */
const char *bc_qkind_desc(bc_qkind kind);

/*
 * Read the files paths[0..n): JSON Lines (.jsonl, .jsonl.gz) and HTML pages
 * (.html, .htm); directories are walked for those.  sample is how many
 * articles to keep for making queries.  On failure *out is NULL and err says
 * why.  A record that is not a JSON object is skipped and counted, not fatal.
 */
TC_MUST_CHECK tc_status bc_corpus_load(const char *const *paths, size_t n, size_t sample,
				       uint64_t seed, bc_corpus **out /* OUT */, tc_err *err);
void bc_corpus_free(bc_corpus *c);

/* Files actually read (directories expanded, sorted), for the indexer's
 * command line.  Owned by c. */
const char *const *bc_corpus_files(const bc_corpus *c, size_t *n /* OUT */);
uint64_t bc_corpus_docs(const bc_corpus *c);
uint64_t bc_corpus_skipped(const bc_corpus *c);
/* Bytes of title + summary + body, after JSON decoding, before any cleaning.
 * For HTML pages this is the text of <title>, <h1> and <p> as this program
 * extracts it, so only an approximation of what the indexer sees. */
uint64_t bc_corpus_text_bytes(const bc_corpus *c);
/* Whether some input was HTML (text_bytes is then approximate). */
int bc_corpus_has_html(const bc_corpus *c);

/*
 * Make n queries from the sample: about 25% words, 25% phrases, 20%
 * fragments, 15% titles and 15% document codes.  The same corpus and seed
 * always give the same list.  *out is an array of n queries; free it with
 * bc_queries_free.
 */
TC_MUST_CHECK tc_status bc_queries_make(const bc_corpus *c, size_t n, uint64_t seed,
					bc_query **out /* OUT */, tc_err *err);
void bc_queries_free(bc_query *q, size_t n);

#endif
