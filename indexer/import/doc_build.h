/*
 * doc_build.h - turn an article into a Xapian document, following the schema
 * of common/tc_schema.h (docs/SCHEMA.md): folded terms for every syllable and
 * every pair of adjacent syllables, exact forms and readings, title terms,
 * date, source and category
 * filters, and the stored fields for display.
 */
#ifndef DOC_BUILD_H
#define DOC_BUILD_H

#include "tc_buf.h"
#include "tc_schema.h"
#include "tc_xapian.h"

/* Weight of title syllables in the main stream (body ones count 1). */
#define TC_TITLE_WDF 2

/*
 * Exact-form (E) terms are written for the title, the summary and this many
 * leading tokens of the body: all of them.  Covering only a lead (40 or 300
 * tokens) indexed up to 20% faster, but then an accented query favoured
 * articles whose lead held one of its words over articles that held the whole
 * phrase further down, and unaccented topic ranking dropped below its must
 * (docs/SCHEMA.md).
 */
#define TC_BODY_EXACT_LEAD UINT32_MAX

/*
 * Build the document for a (clean text) into *out, and its unique-id term
 * into id (TC_TERM_MAX+1 bytes) with length *id_len.  scratch is a work buffer
 * the caller keeps between calls.  TC_ERR_INVALID when the article has no URL.
 */
TC_MUST_CHECK tc_status tc_doc_build(const tc_article *a, tc_buf *scratch, tc_doc **out /* OUT */,
				     char *id, size_t *id_len /* OUT */);

/*
 * Make sure documents of this schema may go into db (open for writing): an
 * empty index is marked with TC_SCHEMA_VERSION; one marked with it is fine;
 * one built by an earlier tracuu (another version, or none) is refused with
 * TC_ERR_USAGE and a message saying to rebuild it, since its documents and
 * new ones could not be searched together.
 */
TC_MUST_CHECK tc_status tc_doc_claim_schema(tc_db *db, tc_err *err);

/* The host of an http(s) URL (lower case) into out; 0 when it has none. */
int tc_url_host(const char *url, size_t n, char *out, size_t cap);

#endif
