/*
 * html_attr.h - the value of an attribute of a parsed HTML element, shared
 * by the extractor and the link finder so that both read a page's
 * attributes the same way (names without regard to ASCII case, as HTML has
 * them; an attribute without a value counts as absent).
 */
#ifndef HTML_ATTR_H
#define HTML_ATTR_H

#include <libxml/tree.h>
#include <strings.h>

/* The text of attribute name of n, or NULL; it lives as long as n. */
static inline const char *tc_html_attr(const xmlNode *n, const char *name)
{
	for (const xmlAttr *a = n->properties; a; a = a->next)
		if (a->name && !strcasecmp((const char *)a->name, name) && a->children &&
		    a->children->content)
			return (const char *)a->children->content;
	return NULL;
}

#endif
