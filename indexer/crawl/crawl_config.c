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
} loader;

static char *dup_str(const char *s)
{
	size_t n = strlen(s);
	char *d = malloc(n + 1);
	if (d)
		memcpy(d, s, n + 1);
	return d;
}

static int push(char **list, size_t *n, const char *v)
{
	if (*n == TC_CRAWL_MAX_LIST)
		return 0;
	char *d = dup_str(v);
	if (!d)
		return 0;
	list[(*n)++] = d;
	return 1;
}

/* Split a space- or comma-separated value into list. */
static int push_words(char **list, size_t *n, const char *v, int lower)
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
			return 0;
		for (size_t i = 0; i < k; i++)
			word[i] = lower && p[i] >= 'A' && p[i] <= 'Z' ? (char)(p[i] - 'A' + 'a') : p[i];
		word[k] = '\0';
		if (!push(list, n, word))
			return 0;
		p += k;
	}
	return 1;
}

static void source_defaults(tc_crawl_source *s, const char *name)
{
	memset(s, 0, sizeof *s);
	snprintf(s->name, sizeof s->name, "%s", name);
	s->delay = TC_CRAWL_DEFAULT_DELAY;
	s->depth = TC_CRAWL_DEFAULT_DEPTH;
}

static tc_crawl_source *add_source(tc_crawl_config *c, const char *name)
{
	if (TC_GROW(c->src, c->cap, c->n + 1, MAX_SOURCES) != TC_OK)
		return NULL;
	source_defaults(&c->src[c->n], name);
	return &c->src[c->n++];
}

static int set_xpath(char **slot, const char *v)
{
	free(*slot);
	*slot = dup_str(v);
	return *slot != NULL;
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
		s = add_source(c, section);
		if (!s) {
			snprintf(l->why, sizeof l->why, "too many sources (at most %d)", MAX_SOURCES);
			return 0;
		}
	}
	int ok = 1;
	if (!strcmp(name, "start")) {
		ok = (!strncmp(value, "http://", 7) || !strncmp(value, "https://", 8)) &&
		     push(s->start, &s->nstart, value);
		if (!ok)
			snprintf(l->why, sizeof l->why, "start needs an http(s) URL, at most %d per source",
				 TC_CRAWL_MAX_LIST);
		return ok;
	}
	if (!strcmp(name, "hosts"))
		ok = push_words(s->hosts, &s->nhosts, value, 1);
	else if (!strcmp(name, "article"))
		ok = push_words(s->article, &s->narticle, value, 0);
	else if (!strcmp(name, "follow"))
		ok = push_words(s->follow, &s->nfollow, value, 0);
	else if (!strcmp(name, "delay")) {
		char *end;
		s->delay = strtod(value, &end);
		ok = end != value && !*end && s->delay >= 0 && s->delay <= 3600;
	} else if (!strcmp(name, "depth")) {
		char *end;
		long d = strtol(value, &end, 10);
		ok = end != value && !*end && d >= 0 && d <= 100;
		s->depth = (int)d;
	} else if (!strcmp(name, "title"))
		ok = set_xpath(&s->title_xpath, value);
	else if (!strcmp(name, "date"))
		ok = set_xpath(&s->date_xpath, value);
	else if (!strcmp(name, "body"))
		ok = set_xpath(&s->body_xpath, value);
	else {
		snprintf(l->why, sizeof l->why, "unknown key '%s' (start, hosts, article, follow, "
			 "delay, depth, title, date, body)", name);
		return 0;
	}
	if (!ok)
		snprintf(l->why, sizeof l->why, "bad value for '%s': %s", name, value);
	return ok;
}

/* Sources without hosts take their start URLs' hosts. */
static tc_status fill_hosts(tc_crawl_config *c, tc_err *err)
{
	for (size_t i = 0; i < c->n; i++) {
		tc_crawl_source *s = &c->src[i];
		if (!s->nstart)
			return tc_err_set(err, TC_ERR_USAGE, "source [%s] has no start URL", s->name);
		for (size_t k = 0; k < s->nstart && !s->nhosts; k++) {
			char host[256];
			if (!tc_url_host(s->start[k], strlen(s->start[k]), host, sizeof host) ||
			    !push(s->hosts, &s->nhosts, host))
				return tc_err_set(err, TC_ERR_USAGE, "source [%s]: no host in %s", s->name,
						  s->start[k]);
		}
		/* Every start URL's host is allowed too, or the start is moot. */
		for (size_t k = 0; k < s->nstart; k++) {
			char host[256];
			if (!tc_url_host(s->start[k], strlen(s->start[k]), host, sizeof host))
				return tc_err_set(err, TC_ERR_USAGE, "source [%s]: no host in %s", s->name,
						  s->start[k]);
			size_t h;
			for (h = 0; h < s->nhosts && strcmp(s->hosts[h], host); h++)
				;
			if (h == s->nhosts && !push(s->hosts, &s->nhosts, host))
				return TC_ERR_NOMEM;
		}
	}
	return TC_OK;
}

tc_status tc_crawl_config_load(const char *path, tc_crawl_config *out, tc_err *err)
{
	memset(out, 0, sizeof *out);
	loader l = {out, path, {0}};
	int rc = ini_parse(path, on_key, &l);
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
		tc_crawl_source *src = s >= 0 ? &out->src[s] : add_source(out, host);
		if (!src || !push(src->start, &src->nstart, urls[i]) ||
		    (s < 0 && !push(src->hosts, &src->nhosts, host))) {
			tc_crawl_config_release(out);
			return tc_err_set(err, TC_ERR_USAGE, "too many start URLs");
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
