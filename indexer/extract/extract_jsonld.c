/*
 * extract_jsonld.c - what a page's JSON-LD says about its article: the
 * Article object that is the page's own (not an item of a list), its
 * headline, description, Person authors, publisher and dates.  The other
 * files only read the fields it fills in ex.
 */
#include "extract_internal.h"

#include <json-c/json.h>
#include <libxml/tree.h>
#include <limits.h>
#include <string.h>

#include "extract_date.h"
#include "tc_ascii.h"
#include "tc_buf.h"
#include "tc_banned.h"

/* ---- JSON-LD ---------------------------------------------------------------- */

static const char *ld_str(json_object *o, const char *key)
{
	json_object *v;
	if (!json_object_object_get_ex(o, key, &v))
		return NULL;
	if (json_object_is_type(v, json_type_array) && json_object_array_length(v) > 0)
		v = json_object_array_get_idx(v, 0);
	return json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

static int ld_is_article(json_object *o)
{
	json_object *t;
	if (!json_object_object_get_ex(o, "@type", &t))
		return 0;
	size_t n = json_object_is_type(t, json_type_array) ? json_object_array_length(t) : 1;
	for (size_t i = 0; i < n && i < 8; i++) {
		json_object *v = json_object_is_type(t, json_type_array) ? json_object_array_get_idx(t, i) : t;
		const char *s = json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
		if (s && (strstr(s, "Article") || strstr(s, "BlogPosting") || strstr(s, "Reportage")))
			return 1;
	}
	return 0;
}

/* Names of Person authors (an Organization is the publisher, not a byline). */
static void ld_authors(ex *e, json_object *a)
{
	size_t n = json_object_is_type(a, json_type_array) ? json_object_array_length(a) : 1;
	for (size_t i = 0; i < n && i < 8 && e->st == TC_OK; i++) {
		json_object *v = json_object_is_type(a, json_type_array) ? json_object_array_get_idx(a, i) : a;
		const char *name = NULL;
		if (json_object_is_type(v, json_type_string)) {
			name = json_object_get_string(v);
		} else if (json_object_is_type(v, json_type_object)) {
			const char *type = ld_str(v, "@type");
			if (type && strcmp(type, "Person"))
				continue;
			name = ld_str(v, "name");
		}
		if (!name || !*name || !strncmp(name, "http", 4) || strlen(name) > 100)
			continue;
		tc_status st = TC_OK;
		if (e->ld_author.len)
			st = tc_buf_append_str(&e->ld_author, ", ");
		if (st == TC_OK)
			st = tc_buf_append_str(&e->ld_author, name);
		if (st != TC_OK)
			ex_fail(e, st);
	}
}

/* Does o's @type say it lists other things (a section or search page)? */
static int ld_is_list(json_object *o)
{
	const char *t = ld_str(o, "@type");
	return t && (!strcmp(t, "ItemList") || !strcmp(t, "CollectionPage") ||
		     !strcmp(t, "SearchResultsPage") || !strcmp(t, "BreadcrumbList"));
}

/* Keys under which an object holds the items of a list, not itself. */
static int ld_list_key(const char *key)
{
	return !strcmp(key, "itemListElement") || !strcmp(key, "hasPart") ||
	       !strcmp(key, "item") || !strcmp(key, "relatedLink") || !strcmp(key, "isPartOf");
}

/* in_list: o is an item of a list (a teaser of a section page), or inside one. */
static void ld_visit(ex *e, json_object *o, int depth, int in_list, int *budget)
{
	if (!o || depth > 6 || --*budget < 0 || e->st != TC_OK)
		return;
	if (json_object_is_type(o, json_type_array)) {
		size_t n = json_object_array_length(o);
		for (size_t i = 0; i < n; i++)
			ld_visit(e, json_object_array_get_idx(o, i), depth + 1, in_list, budget);
		return;
	}
	if (!json_object_is_type(o, json_type_object))
		return;
	int art = ld_is_article(o);
	if (art && !in_list)
		e->ld_own_article = 1;
	int list = in_list || ld_is_list(o);
	const char *pub = ld_str(o, "datePublished");
	if (!pub)
		pub = ld_str(o, "dateCreated");
	const char *mod = ld_str(o, "dateModified");
	tc_ymd d;
	if (pub && (art ? !e->ld_article : !e->has_ld_pub) && tc_date_parse_any(pub, strlen(pub), &d)) {
		e->ld_pub = d;
		e->has_ld_pub = 1;
	}
	if (mod && !e->has_ld_mod && tc_date_parse_any(mod, strlen(mod), &d)) {
		e->ld_mod = d;
		e->has_ld_mod = 1;
	}
	if (art && !e->ld_article) {
		e->ld_article = 1;
		const char *h = ld_str(o, "headline");
		if (!h)
			h = ld_str(o, "name");
		if (h)
			ex_fail(e, ex_set_text(&e->ld_headline, h, strlen(h)));
		const char *dsc = ld_str(o, "description");
		if (dsc)
			ex_fail(e, ex_set_text(&e->ld_desc, dsc, strlen(dsc)));
		json_object *a;
		if (json_object_object_get_ex(o, "author", &a))
			ld_authors(e, a);
		json_object *pb;
		if (json_object_object_get_ex(o, "publisher", &pb) &&
		    json_object_is_type(pb, json_type_object)) {
			const char *pn = ld_str(pb, "name");
			if (pn)
				ex_fail(e, ex_set_text(&e->ld_publisher, pn, strlen(pn)));
		}
	}
	json_object_object_foreach(o, key, val)
	{
		if (key[0] == '@' && strcmp(key, "@graph"))
			continue;
		if (json_object_is_type(val, json_type_object) || json_object_is_type(val, json_type_array))
			ld_visit(e, val, depth + 1, list || ld_list_key(key), budget);
	}
}

void ex_read_json_ld(ex *e)
{
	for (size_t i = 0; i < e->nld && e->st == TC_OK; i++) {
		xmlChar *s = xmlNodeGetContent(e->ld[i]);
		if (!s)
			continue;
		size_t n = strlen((const char *)s);
		json_tokener *tok = json_tokener_new_ex(32);
		if (!tok) {
			xmlFree(s);
			ex_fail(e, TC_ERR_NOMEM);
			return;
		}
		const char *p = (const char *)s;
		while (n && tc_ascii_isspace((unsigned char)*p)) {
			p++;
			n--;
		}
		json_object *o = n <= INT_MAX ? json_tokener_parse_ex(tok, p, (int)n) : NULL;
		if (o && json_tokener_get_error(tok) == json_tokener_success) {
			int budget = 2000;
			ld_visit(e, o, 0, 0, &budget);
		}
		json_object_put(o);
		json_tokener_free(tok);
		xmlFree(s);
	}
}
