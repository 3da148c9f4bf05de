/*
 * page_article.h - what a fetched page is to the index: an article to
 * write, a feed to read, or the reason it is neither.
 *
 * The crawler (crawler.c) and the archive import (importer.c, a WARC read
 * back) both ask tc_page_to_article, so a page re-imported from a crawl's
 * archive with the crawl's config is judged exactly as the crawl judged it
 * (docs/CRAWL.md): the same content-type test, the same rel=canonical rule,
 * the same article patterns and per-site XPath hints, the same duplicate
 * check by content hash.  The page is decoded (extract_charset.h) and
 * parsed once; its links and its article are read from that one tree.
 *
 * What stays with the callers is what only they know: the crawler's HTTP
 * status, validators and queue, the archive's record format.
 */
#ifndef PAGE_ARTICLE_H
#define PAGE_ARTICLE_H

#include <stddef.h>
#include <stdint.h>

#include "crawl_config.h"
#include "extract_html.h"
#include "tc_buf.h"
#include "tc_status.h"

/* What tc_page_to_article made of a page. */
typedef enum tc_page_verdict {
	TC_PAGE_INDEX = 0,           /* an article: res->x holds it, for the page's URL */
	TC_PAGE_FEED,                /* RSS, Atom or a sitemap: the caller reads its entries */
	TC_PAGE_NOT_HTML,            /* neither HTML nor a feed (an image, a PDF) */
	TC_PAGE_UNCHANGED,           /* the bytes already indexed for this URL (page.indexed_hash) */
	TC_PAGE_CANONICAL_ELSEWHERE, /* rel=canonical names another allowed URL: res->canonical */
	TC_PAGE_DUPLICATE,           /* its bytes are an article indexed under another URL */
	TC_PAGE_OFF_PATTERN,         /* its URL is no article's (crawl_config.h) or no source's */
	TC_PAGE_NO_ARTICLE,          /* the page is no article (tc_extracted_is_article) */
	TC_PAGE_UNREADABLE           /* not HTML that parses, or not text: res->why says */
} tc_page_verdict;

/* A short name of a verdict ("article", "duplicate"...), for messages. */
const char *tc_page_verdict_str(tc_page_verdict v);

/* Is an article with bytes of this hash indexed under a URL other than url?
 * Sets *dup; a status other than TC_OK stops the judgement with it. */
typedef tc_status (*tc_page_dup_fn)(void *ctx, uint64_t hash, const char *url, int *dup /* OUT */,
				    tc_err *err);

/* A link of the page: href[0..n) as written, to resolve against base (the
 * page's <base href> resolved, else its URL).  Non-zero stops the links. */
typedef int (*tc_page_link_fn)(void *ctx, const char *base, const char *href, size_t n);

/* How to judge: the same for every page of a crawl or an import. */
typedef struct tc_page_judge {
	/* The sources (not owned).  A page's source is the one that holds its
	 * host: its article patterns judge the URL, its XPath hints steer the
	 * extractor, and rel=canonical counts when it names a URL of any
	 * source's host.  NULL (an archive imported without --config): every
	 * page's host is a source of its own without patterns, and
	 * rel=canonical counts within that host. */
	const tc_crawl_config *cfg;
	tc_page_dup_fn dup;   /* NULL: no duplicate check */
	void *dup_ctx;
	tc_page_link_fn link; /* NULL: links not wanted */
	void *link_ctx;
} tc_page_judge;

/* A fetched page, as the crawler got it or an archive kept it. */
typedef struct tc_fetched_page {
	const char *url;          /* canonical http(s) URL (url.h tc_url_canon) */
	const char *content_type; /* the Content-Type header's value; NULL or "" when none */
	const char *body;         /* the payload, decoded (no Content-Encoding left) */
	size_t len;
	/* The caller holds this URL's article indexed from bytes of this hash
	 * (the crawl state): then TC_PAGE_UNCHANGED without parsing. */
	int indexed;
	uint64_t indexed_hash;
} tc_fetched_page;

typedef struct tc_page_result {
	tc_page_verdict verdict;
	int source;        /* cfg's source of the page's host; -1 when none or no cfg */
	uint64_t hash;     /* tc_hash64 of the body when it is HTML, else 0 */
	tc_buf canonical;  /* TC_PAGE_CANONICAL_ELSEWHERE: the canonical URL */
	tc_extracted x;    /* TC_PAGE_INDEX: the article, x.url the page's URL */
	char why[192];     /* TC_PAGE_UNREADABLE: why */
} tc_page_result;

void tc_page_result_init(tc_page_result *r);
void tc_page_result_release(tc_page_result *r);

/*
 * Judge the page pg into r (tc_page_result_init'd; reused across pages).
 * In order: the content type (the header, else the first bytes) makes it a
 * feed, not HTML, or HTML; the caller's indexed hash makes it unchanged;
 * the page is parsed once and its links go to j->link; a rel=canonical
 * naming another allowed URL sends it there; a URL that is no article's
 * stops it; an article's bytes already indexed under another URL (j->dup)
 * make it a duplicate; then the extractor, with its source's hints, and
 * tc_extracted_is_article decide.  Only TC_PAGE_INDEX leaves r->x filled.
 * Returns TC_OK with the verdict in r (a page that cannot be read is a
 * verdict, not an error), or TC_ERR_NOMEM, or what j->dup returned.
 */
TC_MUST_CHECK tc_status tc_page_to_article(const tc_page_judge *j, const tc_fetched_page *pg,
					   tc_page_result *r /* OUT */, tc_err *err);

/*
 * Who holds which bytes: the duplicate check of an import that has no
 * crawl state (the archive import), kept as the crawl state keeps it.
 * A URL owns the hash of the page last indexed under it; a hash belongs
 * to the URL that last indexed it, for as long as that URL still does.
 */
typedef struct tc_page_owners tc_page_owners;

TC_MUST_CHECK tc_status tc_page_owners_new(tc_page_owners **out /* OUT */);
void tc_page_owners_free(tc_page_owners *o);
/* url now holds an article of bytes hashed hash (0: none any more). */
TC_MUST_CHECK tc_status tc_page_owners_set(tc_page_owners *o, const char *url, uint64_t hash);
/* A tc_page_dup_fn over a tc_page_owners (ctx). */
TC_MUST_CHECK tc_status tc_page_owners_dup(void *ctx, uint64_t hash, const char *url,
					   int *dup /* OUT */, tc_err *err);

#endif
