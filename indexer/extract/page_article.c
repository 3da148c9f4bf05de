/* page_article.c - a fetched page to an article or a reason; see page_article.h. */
#define _GNU_SOURCE /* strcasestr */
#include "page_article.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "doc_build.h"
#include "extract_charset.h"
#include "links.h"
#include "tc_schema.h"
#include "url.h"
#include "tc_banned.h"

#define LINK_URL_MAX 4096 /* a <base> or rel=canonical href kept; longer ones are ignored */

typedef enum media { M_HTML, M_FEED, M_OTHER } media;

/* Does b[0..n) hold needle, in any case? */
static int holds(const char *b, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	for (size_t i = 0; i + k <= n; i++)
		if (!strncasecmp(b + i, needle, k))
			return 1;
	return 0;
}

/* Does b[i..n) start with word, in any case? */
static int starts(const char *b, size_t n, size_t i, const char *word)
{
	size_t k = strlen(word);
	return i + k <= n && !strncasecmp(b + i, word, k);
}

/* HTML, a feed or sitemap, or neither: the Content-Type when it says, else
 * the first bytes (servers send feeds as text/plain or octet-stream, or
 * nothing). */
static media media_of(const char *ctype, const char *b, size_t len)
{
	if (ctype && (strcasestr(ctype, "html")))
		return M_HTML;
	if (ctype && (strcasestr(ctype, "xml") || strcasestr(ctype, "rss") || strcasestr(ctype, "atom")))
		return M_FEED;
	if (ctype && *ctype && strncasecmp(ctype, "text/plain", 10) != 0 &&
	    strncasecmp(ctype, "application/octet-stream", 24) != 0)
		return M_OTHER;
	size_t i = 0, n = len < 512 ? len : 512;
	if (n >= 3 && !memcmp(b, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < n && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t'))
		i++;
	if (starts(b, n, i, "<?xml"))
		return holds(b, len, "<html") && !holds(b, len, "<rss") && !holds(b, len, "<urlset") &&
				       !holds(b, len, "<feed") && !holds(b, len, "<sitemapindex")
			       ? M_HTML
			       : M_FEED;
	if (starts(b, n, i, "<rss") || starts(b, n, i, "<feed") || starts(b, n, i, "<urlset") ||
	    starts(b, n, i, "<sitemapindex"))
		return M_FEED;
	if (starts(b, n, i, "<!doctype html") || starts(b, n, i, "<html"))
		return M_HTML;
	return M_OTHER;
}

const char *tc_page_verdict_str(tc_page_verdict v)
{
	static const char *const names[] = {
		[TC_PAGE_INDEX] = "article",
		[TC_PAGE_FEED] = "feed",
		[TC_PAGE_NOT_HTML] = "not HTML",
		[TC_PAGE_UNCHANGED] = "unchanged",
		[TC_PAGE_CANONICAL_ELSEWHERE] = "canonical elsewhere",
		[TC_PAGE_DUPLICATE] = "duplicate",
		[TC_PAGE_OFF_PATTERN] = "not an article's URL",
		[TC_PAGE_NO_ARTICLE] = "not an article",
		[TC_PAGE_UNREADABLE] = "unreadable"};
	return (unsigned)v < sizeof names / sizeof names[0] ? names[v] : "?";
}

void tc_page_result_init(tc_page_result *r)
{
	memset(r, 0, sizeof *r);
	r->source = -1;
	tc_buf_init(&r->canonical, LINK_URL_MAX * 2);
	tc_extracted_init(&r->x);
}

void tc_page_result_release(tc_page_result *r)
{
	tc_buf_release(&r->canonical);
	tc_extracted_release(&r->x);
}

/* The source of url's host in cfg, -1 when none; *host gets the host. */
static int source_of(const tc_crawl_config *cfg, const char *url, char *host, size_t cap)
{
	host[0] = '\0';
	if (!tc_url_host(url, strlen(url), host, cap))
		return -1;
	return cfg ? tc_crawl_config_source_of(cfg, host) : -1;
}

typedef struct link_walk {
	const tc_page_judge *j;
	const char *page;        /* the page's URL */
	const tc_buf *base_href; /* <base href> as far as the walk has got */
	tc_buf base;             /* what links resolve against */
	int base_done;
	tc_status st;
} link_walk;

static int on_link(void *ctx, const char *href, size_t n)
{
	link_walk *w = ctx;
	if (!w->j->link)
		return 1; /* only <base> and rel=canonical are wanted: stop at the first link */
	/* <base> sits in <head>, before any link in the body. */
	if (!w->base_done) {
		w->base_done = 1;
		tc_buf_reset(&w->base);
		if (w->base_href->len &&
		    tc_url_canon(w->page, w->base_href->data, w->base_href->len, &w->base, NULL) ==
			    TC_ERR_NOMEM) {
			w->st = TC_ERR_NOMEM;
			return 1;
		}
		if (!w->base.len) {
			tc_buf_reset(&w->base);
			if (tc_buf_append_str(&w->base, w->page) != TC_OK) {
				w->st = TC_ERR_NOMEM;
				return 1;
			}
		}
	}
	return w->j->link(w->j->link_ctx, w->base.data, href, n);
}

/* Does the page's rel=canonical (raw in href) name another URL that the
 * judge allows?  Then r->canonical holds it. */
static tc_status canonical_elsewhere(const tc_page_judge *j, const char *url, const char *host,
				     const tc_buf *href, tc_page_result *r, int *elsewhere)
{
	*elsewhere = 0;
	tc_buf_reset(&r->canonical);
	if (!href->len)
		return TC_OK;
	tc_status st = tc_url_canon(url, href->data, href->len, &r->canonical, NULL);
	if (st == TC_ERR_NOMEM)
		return st;
	if (st != TC_OK || !r->canonical.len || !strcmp(r->canonical.data, url))
		return TC_OK;
	char chost[256];
	int csource = source_of(j->cfg, r->canonical.data, chost, sizeof chost);
	/* Without a config each host is its own source. */
	*elsewhere = j->cfg ? csource >= 0 : chost[0] && !strcmp(chost, host);
	return TC_OK;
}

tc_status tc_page_to_article(const tc_page_judge *j, const tc_fetched_page *pg, tc_page_result *r,
			     tc_err *err)
{
	r->verdict = TC_PAGE_UNREADABLE;
	r->hash = 0;
	r->why[0] = '\0';
	tc_buf_reset(&r->canonical);
	char host[256];
	r->source = source_of(j->cfg, pg->url, host, sizeof host);
	const char *body = pg->body ? pg->body : "";
	media m = media_of(pg->content_type, body, pg->len);
	if (m != M_HTML) {
		r->verdict = m == M_FEED ? TC_PAGE_FEED : TC_PAGE_NOT_HTML;
		return TC_OK;
	}
	r->hash = tc_hash64(body, pg->len);
	if (pg->indexed && pg->indexed_hash == r->hash) {
		r->verdict = TC_PAGE_UNCHANGED;
		return TC_OK;
	}
	tc_url_article verdict = j->cfg ? (r->source >= 0 ? tc_crawl_article_url(&j->cfg->src[r->source],
									    pg->url)
						       : TC_URL_NOT_ARTICLE)
				    : tc_crawl_article_url(NULL, pg->url);
	char charset[TC_CHARSET_NAME_MAX];
	tc_charset_param(pg->content_type, charset, sizeof charset);
	tc_html_doc *doc;
	tc_status st = tc_extract_parse(body, pg->len, charset[0] ? charset : NULL, &doc, r->why,
					sizeof r->why);
	if (st == TC_ERR_NOMEM)
		return tc_err_set(err, st, "%s: out of memory", pg->url);
	if (st != TC_OK) {
		/* Only a page that could have been an article is worth a word. */
		if (verdict == TC_URL_NOT_ARTICLE)
			r->verdict = TC_PAGE_OFF_PATTERN;
		else if (!r->why[0])
			snprintf(r->why, sizeof r->why, "%s",
				 st == TC_ERR_TOO_BIG ? "page larger than 2 GiB" : "cannot parse HTML");
		return TC_OK;
	}
	/* Links first: a page that is no article may still lead to some. */
	tc_buf base_href, canonical;
	tc_buf_init(&base_href, LINK_URL_MAX);
	tc_buf_init(&canonical, LINK_URL_MAX);
	link_walk w = {.j = j, .page = pg->url, .base_href = &base_href, .st = TC_OK};
	tc_buf_init(&w.base, LINK_URL_MAX * 2);
	tc_links_of_doc(doc, on_link, &w, &base_href, &canonical);
	st = w.st;
	tc_buf_release(&w.base);
	tc_buf_release(&base_href);
	/* A page whose rel=canonical names another allowed URL (a print
	 * version, a tracking variant) is left to that URL, indexed once. */
	int elsewhere = 0;
	if (st == TC_OK)
		st = canonical_elsewhere(j, pg->url, host, &canonical, r, &elsewhere);
	tc_buf_release(&canonical);
	int dup = 0;
	if (st == TC_OK && !elsewhere && verdict != TC_URL_NOT_ARTICLE && j->dup)
		st = j->dup(j->dup_ctx, r->hash, pg->url, &dup, err);
	if (st != TC_OK || elsewhere || verdict == TC_URL_NOT_ARTICLE || dup) {
		tc_extract_doc_free(doc);
		if (st == TC_ERR_NOMEM)
			return tc_err_set(err, st, "%s: out of memory", pg->url);
		if (st != TC_OK)
			return st;
		r->verdict = elsewhere ? TC_PAGE_CANONICAL_ELSEWHERE
			     : dup     ? TC_PAGE_DUPLICATE
				       : TC_PAGE_OFF_PATTERN;
		return TC_OK;
	}
	const tc_crawl_source *src = r->source >= 0 ? &j->cfg->src[r->source] : NULL;
	const tc_extract_hints hints = {src ? src->title_xpath : NULL, src ? src->date_xpath : NULL,
					src ? src->body_xpath : NULL, verdict == TC_URL_ARTICLE};
	st = tc_extract_from_doc(doc, &hints, &r->x);
	tc_extract_doc_free(doc);
	if (st == TC_ERR_NOMEM)
		return tc_err_set(err, st, "%s: out of memory", pg->url);
	if (st != TC_OK) {
		snprintf(r->why, sizeof r->why, "%s", r->x.why[0] ? r->x.why : "cannot parse HTML");
		return TC_OK;
	}
	if (!tc_extracted_is_article(&r->x)) {
		r->verdict = TC_PAGE_NO_ARTICLE;
		return TC_OK;
	}
	/* The fetched URL wins over the page's own claim: it is what the crawl
	 * state and deletions know the article by. */
	tc_buf_reset(&r->x.url);
	st = tc_buf_append_str(&r->x.url, pg->url);
	if (st != TC_OK)
		return tc_err_set(err, st, "%s: out of memory", pg->url);
	r->verdict = TC_PAGE_INDEX;
	return TC_OK;
}

/* ---- who holds which bytes ------------------------------------------------ */

/*
 * Two open-addressing tables keyed by 64-bit hashes: URL -> the content hash
 * it holds, content hash -> the URL that took it last.  A stale entry of the
 * second (the URL has since taken other bytes) is recognised through the
 * first, so nothing is ever removed.  Key 0 marks a free slot; a URL whose
 * hash is 0 is stored as 1 (a collision of no consequence).
 */
typedef struct slot {
	uint64_t key, val;
} slot;

typedef struct table {
	slot *s;
	size_t n, cap; /* cap: 0 or a power of two */
} table;

struct tc_page_owners {
	table by_url, by_hash;
};

static slot *table_find(const table *t, uint64_t key)
{
	if (!t->cap)
		return NULL;
	size_t i = (size_t)(key ^ (key >> 31)) & (t->cap - 1);
	while (t->s[i].key && t->s[i].key != key)
		i = (i + 1) & (t->cap - 1);
	return &t->s[i];
}

static tc_status table_put(table *t, uint64_t key, uint64_t val)
{
	if (!key)
		key = 1;
	if (t->n + 1 > t->cap / 2) {
		size_t cap = t->cap ? t->cap * 2 : 1024;
		if (cap > SIZE_MAX / sizeof(slot))
			return TC_ERR_NOMEM;
		table bigger = {calloc(cap, sizeof(slot)), 0, cap};
		if (!bigger.s)
			return TC_ERR_NOMEM;
		for (size_t i = 0; i < t->cap; i++)
			if (t->s[i].key) {
				*table_find(&bigger, t->s[i].key) = t->s[i];
				bigger.n++;
			}
		free(t->s);
		*t = bigger;
	}
	slot *s = table_find(t, key);
	if (!s->key)
		t->n++;
	*s = (slot){key, val};
	return TC_OK;
}

static uint64_t table_get(const table *t, uint64_t key)
{
	const slot *s = table_find(t, key ? key : 1);
	return s && s->key ? s->val : 0;
}

tc_status tc_page_owners_new(tc_page_owners **out)
{
	*out = calloc(1, sizeof **out);
	return *out ? TC_OK : TC_ERR_NOMEM;
}

void tc_page_owners_free(tc_page_owners *o)
{
	if (!o)
		return;
	free(o->by_url.s);
	free(o->by_hash.s);
	free(o);
}

tc_status tc_page_owners_set(tc_page_owners *o, const char *url, uint64_t hash)
{
	uint64_t u = tc_hash64(url, strlen(url));
	u = u ? u : 1;
	if (!hash && !table_get(&o->by_url, u))
		return TC_OK; /* nothing held, nothing to forget */
	tc_status st = table_put(&o->by_url, u, hash);
	if (st == TC_OK && hash)
		st = table_put(&o->by_hash, hash, u);
	return st;
}

tc_status tc_page_owners_dup(void *ctx, uint64_t hash, const char *url, int *dup, tc_err *err)
{
	(void)err;
	const tc_page_owners *o = ctx;
	*dup = 0;
	uint64_t owner = table_get(&o->by_hash, hash);
	if (!hash || !owner || table_get(&o->by_url, owner) != hash)
		return TC_OK;
	uint64_t u = tc_hash64(url, strlen(url));
	*dup = owner != (u ? u : 1);
	return TC_OK;
}
