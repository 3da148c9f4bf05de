/*
 * crawl_config.h - the sources a crawl visits: an INI file (libinih) with one
 * section per source, or the start URLs of the command line alone.
 *
 * Keys: start (repeatable), hosts, article and follow (fnmatch(3)
 * patterns), delay, depth, and the XPath hints title, date and body;
 * docs/CRAWL.md has an example.
 *
 * A page whose URL matches the article patterns is an article (short ones
 * included); without article patterns, a page but a site's root is one when
 * the page says so (extract_html.h: JSON-LD Article, og:type article, a
 * dated headline) or has enough body text; without follow patterns every
 * page of an allowed host is followed.  docs/CRAWL.md has the whole story.
 */
#ifndef CRAWL_CONFIG_H
#define CRAWL_CONFIG_H

#include <stddef.h>

#include "tc_status.h"

#define TC_CRAWL_DEFAULT_DELAY 1.0
#define TC_CRAWL_DEFAULT_DEPTH 2
#define TC_CRAWL_MAX_LIST 64

typedef struct tc_crawl_source {
	char name[256];
	char *start[TC_CRAWL_MAX_LIST];
	size_t nstart;
	char *hosts[TC_CRAWL_MAX_LIST];   /* lower case */
	size_t nhosts;
	char *article[TC_CRAWL_MAX_LIST];
	size_t narticle;
	char *follow[TC_CRAWL_MAX_LIST];
	size_t nfollow;
	double delay;                     /* seconds */
	int depth;
	char *title_xpath, *date_xpath, *body_xpath;
} tc_crawl_source;

typedef struct tc_crawl_config {
	tc_crawl_source *src;
	size_t n;
	size_t cap; /* sources allocated */
} tc_crawl_config;

/* Read path; a bad line, key or value is an error naming path and line. */
TC_MUST_CHECK tc_status tc_crawl_config_load(const char *path, tc_crawl_config *out /* OUT */,
					     tc_err *err);
/* One source per host of urls (canonical http(s) URLs), with the defaults. */
TC_MUST_CHECK tc_status tc_crawl_config_from_urls(char *const *urls, size_t n,
						  tc_crawl_config *out /* OUT */, tc_err *err);
void tc_crawl_config_release(tc_crawl_config *c);

/* The source that allows host, or -1. */
int tc_crawl_config_source_of(const tc_crawl_config *c, const char *host);
/* Does url match one of the patterns (none: *empty_means)? */
int tc_crawl_match(char *const *patterns, size_t n, const char *url, int empty_means);

/* What a URL says about its page, before the page is read. */
typedef enum tc_url_article {
	TC_URL_NOT_ARTICLE = 0, /* it misses the article patterns, or is a site's root */
	TC_URL_MAYBE_ARTICLE,   /* no article patterns: the page decides */
	TC_URL_ARTICLE          /* it matches the article patterns: an article */
} tc_url_article;

/* The verdict on url (canonical, of one of src's hosts) by src's article
 * patterns; src NULL (no config at all) is a source without patterns.  The
 * crawler and the archive import both ask this. */
tc_url_article tc_crawl_article_url(const tc_crawl_source *src, const char *url);

#endif
