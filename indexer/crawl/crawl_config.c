/* crawl_config.c - crawl sources from an INI file or from start URLs; see crawl_config.h. */
#include "crawl_config.h"

#include <fnmatch.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "doc_build.h"
#include "tc_buf.h"
#include "tc_banned.h"

#define MAX_SOURCES 256

typedef struct loader {
	tc_crawl_config *c;
	const char *path;
	char why[256];
	tc_status st; /* TC_ERR_NOMEM once memory ran out: not the file's fault */
} loader;

static char *dup_str(const char *s)
{
	size_t n = strlen(s);
	char *d = malloc(n + 1);
	if (d)
		memcpy(d, s, n + 1);
	return d;
}

/* Append a copy of v: TC_ERR_TOO_BIG when the list is full (a fault of the
 * config), TC_ERR_NOMEM (not one). */
static tc_status push(char **list, size_t *n, const char *v)
{
	if (*n == TC_CRAWL_MAX_LIST)
		return TC_ERR_TOO_BIG;
	char *d = dup_str(v);
	if (!d)
		return TC_ERR_NOMEM;
	list[(*n)++] = d;
	return TC_OK;
}

/* Split a space- or comma-separated value into list: as push, and
 * TC_ERR_INVALID for a word of 512 bytes or more. */
static tc_status push_words(char **list, size_t *n, const char *v, int lower)
{
	char word[512];
	const char *p = v;
	while (*p) {
		while (*p == ' ' || *p == ',' || *p == '\t')
			p++;
		size_t k = 0;
		while (p[k] && p[k] != ' ' && p[k] != ',' && p[k] != '\t')
			k++;
		if (!k)
			break;
		if (k >= sizeof word)
			return TC_ERR_INVALID;
		for (size_t i = 0; i < k; i++)
			word[i] = lower && p[i] >= 'A' && p[i] <= 'Z' ? (char)(p[i] - 'A' + 'a') : p[i];
		word[k] = '\0';
		tc_status st = push(list, n, word);
		if (st != TC_OK)
			return st;
		p += k;
	}
	return TC_OK;
}

static void source_defaults(tc_crawl_source *s, const char *name)
{
	memset(s, 0, sizeof *s);
	snprintf(s->name, sizeof s->name, "%s", name);
	s->delay = TC_CRAWL_DEFAULT_DELAY;
	s->depth = TC_CRAWL_DEFAULT_DEPTH;
}

/* A new source named name in *out: TC_ERR_TOO_BIG past MAX_SOURCES,
 * TC_ERR_NOMEM. */
static tc_status add_source(tc_crawl_config *c, const char *name, tc_crawl_source **out)
{
	*out = NULL;
	tc_status st = TC_GROW(c->src, c->cap, c->n + 1, MAX_SOURCES);
	if (st != TC_OK)
		return st;
	source_defaults(&c->src[c->n], name);
	*out = &c->src[c->n++];
	return TC_OK;
}

static tc_status set_xpath(char **slot, const char *v)
{
	free(*slot);
	*slot = dup_str(v);
	return *slot ? TC_OK : TC_ERR_NOMEM;
}

static int on_key(void *ctx, const char *section, const char *name, const char *value)
{
	loader *l = ctx;
	tc_crawl_config *c = l->c;
	if (!*section) {
		snprintf(l->why, sizeof l->why, "'%s' outside a [source] section", name);
		return 0;
	}
	tc_crawl_source *s = c->n ? &c->src[c->n - 1] : NULL;
	if (!s || strcmp(s->name, section) != 0) {
		for (size_t i = 0; i < c->n; i++)
			if (!strcmp(c->src[i].name, section)) {
				snprintf(l->why, sizeof l->why, "section [%s] appears twice", section);
				return 0;
			}
		tc_status st = add_source(c, section, &s);
		if (st == TC_ERR_NOMEM) {
			l->st = st;
			return 0;
		}
		if (st != TC_OK) {
			snprintf(l->why, sizeof l->why, "too many sources (at most %d)", MAX_SOURCES);
			return 0;
		}
	}
	tc_status st = TC_OK;
	if (!strcmp(name, "start")) {
		if (strncmp(value, "http://", 7) && strncmp(value, "https://", 8)) {
			snprintf(l->why, sizeof l->why, "start needs an http(s) URL, not '%.200s'",
				 value);
			return 0;
		}
		st = push(s->start, &s->nstart, value);
	} else if (!strcmp(name, "hosts"))
		st = push_words(s->hosts, &s->nhosts, value, 1);
	else if (!strcmp(name, "article"))
		st = push_words(s->article, &s->narticle, value, 0);
	else if (!strcmp(name, "follow"))
		st = push_words(s->follow, &s->nfollow, value, 0);
	else if (!strcmp(name, "delay")) {
		char *end;
		s->delay = strtod(value, &end);
		if (end == value || *end || !(s->delay >= 0 && s->delay <= 3600))
			st = TC_ERR_INVALID;
	} else if (!strcmp(name, "depth")) {
		char *end;
		long d = strtol(value, &end, 10);
		if (end == value || *end || d < 0 || d > 100)
			st = TC_ERR_INVALID;
		s->depth = (int)d;
	} else if (!strcmp(name, "title"))
		st = set_xpath(&s->title_xpath, value);
	else if (!strcmp(name, "date"))
		st = set_xpath(&s->date_xpath, value);
	else if (!strcmp(name, "body"))
		st = set_xpath(&s->body_xpath, value);
	else {
		snprintf(l->why, sizeof l->why, "unknown key '%s' (start, hosts, article, follow, "
			 "delay, depth, title, date, body)", name);
		return 0;
	}
	if (st == TC_ERR_NOMEM) {
		l->st = st;
		return 0;
	}
	if (st == TC_ERR_TOO_BIG)
		snprintf(l->why, sizeof l->why, "too many values for '%s' (at most %d per source)",
			 name, TC_CRAWL_MAX_LIST);
	else if (st != TC_OK)
		snprintf(l->why, sizeof l->why, "bad value for '%s': %s", name, value);
	return st == TC_OK;
}

/* Sources without hosts take their start URLs' hosts. */
static tc_status fill_hosts(tc_crawl_config *c, tc_err *err)
{
	for (size_t i = 0; i < c->n; i++) {
		tc_crawl_source *s = &c->src[i];
		if (!s->nstart)
			return tc_err_set(err, TC_ERR_USAGE, "source [%s] has no start URL", s->name);
		/* Every start URL's host is allowed, or the start is moot; without
		 * a hosts key they are the source's hosts. */
		for (size_t k = 0; k < s->nstart; k++) {
			char host[256];
			if (!tc_url_host(s->start[k], strlen(s->start[k]), host, sizeof host))
				return tc_err_set(err, TC_ERR_USAGE, "source [%s]: no host in %s", s->name,
						  s->start[k]);
			size_t h;
			for (h = 0; h < s->nhosts && strcmp(s->hosts[h], host); h++)
				;
			tc_status st = h < s->nhosts ? TC_OK : push(s->hosts, &s->nhosts, host);
			if (st == TC_ERR_NOMEM)
				return tc_err_set(err, st, "source [%s]: out of memory", s->name);
			if (st != TC_OK)
				return tc_err_set(err, TC_ERR_USAGE,
						  "source [%s]: the hosts and the start URLs' hosts are "
						  "more than %d", s->name, TC_CRAWL_MAX_LIST);
		}
	}
	return TC_OK;
}

tc_status tc_crawl_config_load(const char *path, tc_crawl_config *out, tc_err *err)
{
	memset(out, 0, sizeof *out);
	loader l = {out, path, {0}, TC_OK};
	int rc = ini_parse(path, on_key, &l);
	if (l.st != TC_OK) {
		tc_crawl_config_release(out);
		return tc_err_set(err, l.st, "%s:%d: out of memory", path, rc);
	}
	if (rc < 0) {
		tc_crawl_config_release(out);
		return tc_err_set(err, TC_ERR_IO, "cannot read the crawl config %s", path);
	}
	if (rc > 0) {
		tc_crawl_config_release(out);
		return tc_err_set(err, TC_ERR_USAGE, "%s:%d: %s", path, rc,
				  l.why[0] ? l.why : "not a valid INI line");
	}
	if (!out->n)
		return tc_err_set(err, TC_ERR_USAGE, "%s: no sources", path);
	tc_status st = fill_hosts(out, err);
	if (st != TC_OK)
		tc_crawl_config_release(out);
	return st;
}

tc_status tc_crawl_config_from_urls(char *const *urls, size_t n, tc_crawl_config *out, tc_err *err)
{
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < n; i++) {
		char host[256];
		if (!tc_url_host(urls[i], strlen(urls[i]), host, sizeof host)) {
			tc_crawl_config_release(out);
			return tc_err_set(err, TC_ERR_USAGE, "not an http(s) URL: %s", urls[i]);
		}
		int s = tc_crawl_config_source_of(out, host);
		tc_crawl_source *src = s >= 0 ? &out->src[s] : NULL;
		tc_status st = src ? TC_OK : add_source(out, host, &src);
		if (st == TC_OK)
			st = push(src->start, &src->nstart, urls[i]);
		if (st == TC_OK && s < 0)
			st = push(src->hosts, &src->nhosts, host);
		if (st != TC_OK) {
			tc_crawl_config_release(out);
			return st == TC_ERR_NOMEM
				       ? tc_err_set(err, st, "out of memory")
				       : tc_err_set(err, TC_ERR_USAGE,
						    "too many start URLs (at most %d hosts, %d URLs a host)",
						    MAX_SOURCES, TC_CRAWL_MAX_LIST);
		}
	}
	return TC_OK;
}

static void free_list(char **list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(list[i]);
}

void tc_crawl_config_release(tc_crawl_config *c)
{
	for (size_t i = 0; i < c->n; i++) {
		tc_crawl_source *s = &c->src[i];
		free_list(s->start, s->nstart);
		free_list(s->hosts, s->nhosts);
		free_list(s->article, s->narticle);
		free_list(s->follow, s->nfollow);
		free(s->title_xpath);
		free(s->date_xpath);
		free(s->body_xpath);
	}
	free(c->src);
	c->src = NULL;
	c->n = 0;
	c->cap = 0;
}

int tc_crawl_config_source_of(const tc_crawl_config *c, const char *host)
{
	for (size_t i = 0; i < c->n; i++)
		for (size_t k = 0; k < c->src[i].nhosts; k++)
			if (!strcasecmp(c->src[i].hosts[k], host))
				return (int)i;
	return -1;
}

int tc_crawl_match(char *const *patterns, size_t n, const char *url, int empty_means)
{
	if (!n)
		return empty_means;
	for (size_t i = 0; i < n; i++)
		if (fnmatch(patterns[i], url, 0) == 0)
			return 1;
	return 0;
}

tc_url_article tc_crawl_article_url(const tc_crawl_source *src, const char *url)
{
	if (src && src->narticle)
		return tc_crawl_match(src->article, src->narticle, url, 0) ? TC_URL_ARTICLE
									   : TC_URL_NOT_ARTICLE;
	/* A site's root is its front page, whatever it looks like. */
	const char *path = strstr(url, "://");
	path = path ? strchr(path + 3, '/') : NULL;
	return path && strcmp(path, "/") != 0 ? TC_URL_MAYBE_ARTICLE : TC_URL_NOT_ARTICLE;
}
