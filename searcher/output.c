/* output.c - text and JSON renderings of results; see output.h. */
#include "output.h"

#include <json-c/json.h>
#include <string.h>

#include "tc_banned.h"

#define BOLD "\033[1m"
#define UNDERLINE "\033[4m"
#define RESET "\033[0m"

static void put_str(FILE *out, tc_str s)
{
	if (s.n)
		fwrite(s.p, 1, s.n, out);
}

static void put_snippet(FILE *out, const tc_snippet *sn, int color)
{
	const char *t = sn->text.data ? sn->text.data : "";
	size_t at = 0;
	for (size_t k = 0; k < sn->nspans; k++) {
		const tc_span *sp = &sn->spans[k];
		if (sp->start < at)
			continue;
		fwrite(t + at, 1, sp->start - at, out);
		if (color)
			fputs(BOLD, out);
		fwrite(t + sp->start, 1, sp->end - sp->start, out);
		if (color)
			fputs(RESET, out);
		at = sp->end;
	}
	fwrite(t + at, 1, sn->text.len - at, out);
}

void tc_output_text(FILE *out, const char *query, const tc_results *res, int color)
{
	if (!res->n) {
		fprintf(out, "No results for \"%s\".\n", query);
		return;
	}
	fprintf(out, "%s%s%llu result%s%s for \"%s\" (%.1f ms)%s\n", color ? UNDERLINE : "",
		res->total_exact ? "" : "About ", (unsigned long long)res->total,
		res->total == 1 ? "" : "s",
		res->relaxed ? ", some matching only part of the query," : "", query, res->took_ms,
		color ? RESET : "");
	if (res->truncated)
		fputs("(the query was too long and was shortened)\n", out);
	for (size_t i = 0; i < res->n; i++) {
		const tc_hit *h = &res->hits[i];
		fprintf(out, "\n%u. %s", h->rank, color ? BOLD : "");
		if (h->a.title.n)
			put_str(out, h->a.title);
		else
			put_str(out, h->a.url);
		fprintf(out, "%s\n   ", color ? RESET : "");
		if (h->a.date.n) {
			put_str(out, h->a.date);
			fputs(" \xC2\xB7 ", out);
		}
		if (h->a.source.n) {
			put_str(out, h->a.source);
			fputs(" \xC2\xB7 ", out);
		}
		put_str(out, h->a.url);
		fputc('\n', out);
		if (h->snippet.text.len) {
			fputs("   ", out);
			put_snippet(out, &h->snippet, color);
			fputc('\n', out);
		}
	}
}

static json_object *jstr(tc_str s)
{
	return json_object_new_string_len(s.p ? s.p : "", (int)s.n);
}

static tc_status emit(FILE *out, json_object *o)
{
	if (!o)
		return TC_ERR_NOMEM;
	size_t len;
	const char *s = json_object_to_json_string_length(
		o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &len);
	tc_status st = TC_ERR_NOMEM;
	if (s) {
		fwrite(s, 1, len, out);
		st = ferror(out) ? TC_ERR_IO : TC_OK;
	}
	json_object_put(o);
	return st;
}

static json_object *facet_list(const tc_facet *f, size_t n)
{
	json_object *arr = json_object_new_array();
	for (size_t k = 0; arr && k < n; k++) {
		json_object *v = json_object_new_object();
		if (!v)
			break;
		json_object_object_add(v, "value", json_object_new_string(f[k].value));
		json_object_object_add(v, "count", json_object_new_int64((int64_t)f[k].count));
		json_object_array_add(arr, v);
	}
	return arr;
}

/* {"sampled": bool, "source": [...], "date_unit": "year"|"month", "date": [...]} */
static json_object *facets_json(const tc_results *res)
{
	json_object *f = json_object_new_object();
	if (!f)
		return NULL;
	json_object_object_add(f, "sampled", json_object_new_boolean(res->facets_sampled));
	json_object_object_add(f, "source", facet_list(res->sources, res->nsources));
	json_object_object_add(f, "date_unit",
			       json_object_new_string(res->dates_by_month ? "month" : "year"));
	json_object_object_add(f, "date", facet_list(res->dates, res->ndates));
	return f;
}

tc_status tc_output_json(FILE *out, const char *query, size_t query_len, const tc_results *res)
{
	json_object *o = json_object_new_object();
	json_object *arr = json_object_new_array();
	if (!o || !arr) {
		json_object_put(o);
		json_object_put(arr);
		return TC_ERR_NOMEM;
	}
	json_object_object_add(o, "query", json_object_new_string_len(query, (int)query_len));
	json_object_object_add(o, "total", json_object_new_int64((int64_t)res->total));
	json_object_object_add(o, "total_exact", json_object_new_boolean(res->total_exact));
	json_object_object_add(o, "offset", json_object_new_int64(res->offset));
	json_object_object_add(o, "took_ms", json_object_new_double(res->took_ms));
	json_object_object_add(o, "relaxed", json_object_new_boolean(res->relaxed));
	if (res->truncated)
		json_object_object_add(o, "truncated", json_object_new_boolean(1));
	/* Only a count: the page is public, and shard addresses are not. */
	if (res->partial) {
		json_object_object_add(o, "partial", json_object_new_boolean(1));
		json_object_object_add(o, "missing_shards", json_object_new_int64((int64_t)res->nmissing));
	}
	for (size_t i = 0; i < res->n; i++) {
		const tc_hit *h = &res->hits[i];
		json_object *r = json_object_new_object();
		if (!r)
			break;
		json_object_object_add(r, "rank", json_object_new_int64(h->rank));
		json_object_object_add(r, "url", jstr(h->a.url));
		json_object_object_add(r, "title", jstr(h->a.title));
		json_object_object_add(r, "date", h->a.date.n ? jstr(h->a.date) : NULL);
		json_object_object_add(r, "source", jstr(h->a.source));
		json_object_object_add(r, "score", json_object_new_double(h->score));
		json_object_object_add(r, "match", json_object_new_string(tc_match_name(h->match)));
		json_object_object_add(r, "snippet",
				       json_object_new_string_len(h->snippet.text.data ? h->snippet.text.data : "",
								  (int)h->snippet.text.len));
		json_object *hl = json_object_new_array();
		for (size_t k = 0; hl && k < h->snippet.nspans; k++) {
			json_object *pair = json_object_new_array();
			if (!pair)
				break;
			json_object_array_add(pair, json_object_new_int64((int64_t)h->snippet.spans[k].start));
			json_object_array_add(pair, json_object_new_int64((int64_t)h->snippet.spans[k].end));
			json_object_array_add(hl, pair);
		}
		json_object_object_add(r, "highlights", hl);
		json_object_array_add(arr, r);
	}
	json_object_object_add(o, "results", arr);
	if (res->nsources || res->ndates)
		json_object_object_add(o, "facets", facets_json(res));
	return emit(out, o);
}

tc_status tc_output_json_error(FILE *out, const char *query, size_t query_len, const char *message)
{
	json_object *o = json_object_new_object();
	if (!o)
		return TC_ERR_NOMEM;
	json_object_object_add(o, "query", json_object_new_string_len(query, (int)query_len));
	json_object_object_add(o, "error", json_object_new_string(message));
	return emit(out, o);
}
