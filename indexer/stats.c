/* stats.c - `tracuu-index stats`; see stats.h. */
#include "stats.h"

#include <dirent.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tc_dbpath.h"
#include "tc_schema.h"
#include "tc_stub.h"
#include "tc_xapian.h"
#include "tc_banned.h"

/* Bytes on disk under path; a sharded generation's shard folders too. */
static uint64_t dir_size(const char *path)
{
	DIR *d = opendir(path);
	if (!d)
		return 0;
	uint64_t sum = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		char p[TC_PATH_MAX];
		int n = snprintf(p, sizeof p, "%s/%s", path, e->d_name);
		struct stat sb;
		if (e->d_name[0] == '.' || n < 0 || (size_t)n >= sizeof p || lstat(p, &sb) != 0)
			continue;
		if (S_ISREG(sb.st_mode))
			sum += (uint64_t)sb.st_blocks * 512;
		else if (S_ISDIR(sb.st_mode))
			sum += dir_size(p);
	}
	closedir(d);
	return sum;
}

/* The shards of a sharded generation at live, each with its document count
 * and size, as a JSON array; NULL for one database (or a stub of remote
 * shards, which this machine cannot size). */
static tc_status shard_list(const char *live, json_object **out, tc_err *err)
{
	*out = NULL;
	tc_err ignore;
	if (tc_dbpath_shard_count(live, &ignore) <= 0)
		return TC_OK;
	tc_stub s;
	tc_status st = tc_stub_load(live, &s, err);
	if (st != TC_OK)
		return st;
	json_object *arr = json_object_new_array();
	for (size_t k = 0; k < s.n && st == TC_OK; k++) {
		tc_db *db;
		uint64_t docs = 0;
		st = tc_db_open(s.shard[k].path, TC_DB_READ, &db, err);
		if (st == TC_OK)
			st = tc_db_doccount(db, &docs, err);
		tc_db_free(db);
		if (st != TC_OK)
			break;
		const char *slash = strrchr(s.shard[k].path, '/');
		json_object *o = json_object_new_object();
		json_object_object_add(o, "shard", json_object_new_string(slash ? slash + 1 : s.shard[k].path));
		json_object_object_add(o, "documents", json_object_new_int64((int64_t)docs));
		json_object_object_add(o, "size_bytes", json_object_new_int64((int64_t)dir_size(s.shard[k].path)));
		json_object_array_add(arr, o);
	}
	tc_stub_release(&s);
	if (st != TC_OK) {
		json_object_put(arr);
		return st;
	}
	*out = arr;
	return TC_OK;
}

typedef struct source_list {
	json_object *arr;
} source_list;

static int on_source(void *ctx, const char *value, size_t len, uint64_t count)
{
	source_list *s = ctx;
	json_object *o = json_object_new_object();
	json_object_object_add(o, "source", json_object_new_string_len(value, (int)len));
	json_object_object_add(o, "documents", json_object_new_int64((int64_t)count));
	json_object_array_add(s->arr, o);
	return 0;
}

static void pretty_date(const char *ymd, char *out, size_t cap)
{
	if (strlen(ymd) == 8)
		snprintf(out, cap, "%.4s-%.2s-%.2s", ymd, ymd + 4, ymd + 6);
	else
		snprintf(out, cap, "%s", "");
}

tc_status tc_stats_print(const char *dir, int json, FILE *out, tc_err *err)
{
	char live[TC_PATH_MAX];
	tc_status st = tc_dbpath_live(dir, live, sizeof live, err);
	if (st != TC_OK)
		return st;
	tc_db *db;
	st = tc_db_open(live, TC_DB_READ, &db, err);
	if (st != TC_OK)
		return st;
	uint64_t docs = 0;
	char lo[64], hi[64];
	tc_mset *m = NULL;
	source_list src = {json_object_new_array()};
	st = tc_db_doccount(db, &docs, err);
	if (st == TC_OK)
		st = tc_db_value_bounds(db, TC_SLOT_DATE, lo, hi, sizeof lo, err);
	if (st == TC_OK) {
		tc_query *all = tc_query_match_all();
		tc_search_opts o;
		tc_search_opts_init(&o);
		o.limit = 0;
		o.check_at_least = (uint32_t)(docs > UINT32_MAX ? UINT32_MAX : docs);
		o.facet_slots[0] = TC_SLOT_SOURCE;
		st = all ? tc_db_search(db, all, &o, &m, err) : TC_ERR_NOMEM;
		tc_query_free(all);
	}
	if (st == TC_OK)
		st = tc_mset_facets(m, 0, 1000, on_source, &src, err);
	json_object *shards = NULL;
	if (st == TC_OK)
		st = shard_list(live, &shards, err);
	if (st == TC_OK) {
		char dmin[16], dmax[16];
		pretty_date(lo, dmin, sizeof dmin);
		pretty_date(hi, dmax, sizeof dmax);
		uint64_t size = dir_size(live);
		if (json) {
			json_object *o = json_object_new_object();
			json_object_object_add(o, "path", json_object_new_string(live));
			json_object_object_add(o, "documents", json_object_new_int64((int64_t)docs));
			json_object_object_add(o, "size_bytes", json_object_new_int64((int64_t)size));
			json_object_object_add(o, "date_min", dmin[0] ? json_object_new_string(dmin) : NULL);
			json_object_object_add(o, "date_max", dmax[0] ? json_object_new_string(dmax) : NULL);
			json_object_object_add(o, "sources", json_object_get(src.arr));
			/* Only a sharded generation has the key: one database has none. */
			if (shards)
				json_object_object_add(o, "shards", json_object_get(shards));
			fprintf(out, "%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
									      JSON_C_TO_STRING_NOSLASHESCAPE));
			json_object_put(o);
		} else {
			fprintf(out, "index:     %s\n", live);
			fprintf(out, "documents: %llu\n", (unsigned long long)docs);
			fprintf(out, "size:      %.1f MiB\n", (double)size / (1024.0 * 1024.0));
			size_t ns = shards ? json_object_array_length(shards) : 0;
			if (ns)
				fprintf(out, "shards:    %zu\n", ns);
			for (size_t i = 0; i < ns; i++) {
				json_object *h = json_object_array_get_idx(shards, i), *name, *cnt, *sz;
				json_object_object_get_ex(h, "shard", &name);
				json_object_object_get_ex(h, "documents", &cnt);
				json_object_object_get_ex(h, "size_bytes", &sz);
				fprintf(out, "  %-12s %10lld documents %10.1f MiB\n", json_object_get_string(name),
					(long long)json_object_get_int64(cnt),
					(double)json_object_get_int64(sz) / (1024.0 * 1024.0));
			}
			if (dmin[0])
				fprintf(out, "dates:     %s .. %s\n", dmin, dmax);
			else
				fprintf(out, "dates:     none\n");
			size_t n = json_object_array_length(src.arr);
			fprintf(out, "sources:   %zu\n", n);
			for (size_t i = 0; i < n; i++) {
				json_object *s = json_object_array_get_idx(src.arr, i);
				json_object *name, *cnt;
				json_object_object_get_ex(s, "source", &name);
				json_object_object_get_ex(s, "documents", &cnt);
				fprintf(out, "  %-32s %8lld\n", json_object_get_string(name),
					(long long)json_object_get_int64(cnt));
			}
		}
	}
	json_object_put(src.arr);
	json_object_put(shards);
	tc_mset_free(m);
	tc_db_free(db);
	return st;
}
