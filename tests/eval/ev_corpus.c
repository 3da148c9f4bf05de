/* ev_corpus.c - JSON Lines reader for the evaluation; see ev_corpus.h. */
#include "ev_corpus.h"

#include <errno.h>
#include <json-c/json.h>
#include <string.h>
#include <zlib.h>

#include "tc_buf.h"
#include "tc_banned.h"

#define LINE_MAX_BYTES (64u << 20)

static const char *field(json_object *o, const char *key, size_t *len)
{
	json_object *v;
	if (json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_string)) {
		*len = (size_t)json_object_get_string_len(v);
		return json_object_get_string(v);
	}
	*len = 0;
	return "";
}

/* Parse one line and hand it to cb; returns cb's verdict (non-zero: stop). */
static int deliver(json_tokener *tok, const char *line, size_t len, size_t lineno,
		   ev_article_cb cb, void *ctx, size_t *bad)
{
	size_t i = 0;
	while (i < len && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
		i++;
	if (i == len)
		return 0;
	json_tokener_reset(tok);
	json_object *o = json_tokener_parse_ex(tok, line, (int)len);
	if (!o || !json_object_is_type(o, json_type_object)) {
		(*bad)++;
		json_object_put(o);
		return 0;
	}
	ev_article a;
	a.url = field(o, "url", &a.url_len);
	a.title = field(o, "title", &a.title_len);
	a.summary = field(o, "summary", &a.summary_len);
	a.body = field(o, "body", &a.body_len);
	a.line = line;
	a.line_len = len;
	a.lineno = lineno;
	int stop = cb(ctx, &a);
	json_object_put(o);
	return stop;
}

tc_status ev_corpus_each(const char *path, ev_article_cb cb, void *ctx, size_t *bad,
			 tc_err *err)
{
	size_t bad_local = 0;
	if (!bad)
		bad = &bad_local;
	*bad = 0;
	gzFile f = gzopen(path, "rb");
	if (!f)
		return tc_err_set(err, TC_ERR_IO, "cannot open %s: %s", path,
				  errno ? strerror(errno) : "zlib error");
	gzbuffer(f, 1u << 17);
	json_tokener *tok = json_tokener_new_ex(JSON_TOKENER_DEFAULT_DEPTH);
	if (!tok) {
		gzclose(f);
		return TC_ERR_NOMEM;
	}
	tc_buf line;
	tc_buf_init(&line, LINE_MAX_BYTES);
	tc_status st = TC_OK;
	size_t lineno = 0;
	char chunk[1u << 16];
	int stop = 0;
	while (!stop && st == TC_OK) {
		if (!gzgets(f, chunk, (int)sizeof chunk)) {
			int zerr;
			const char *msg = gzerror(f, &zerr);
			if (zerr != Z_OK && zerr != Z_STREAM_END)
				st = tc_err_set(err, TC_ERR_IO, "cannot read %s: %s", path, msg);
			break;
		}
		size_t n = strlen(chunk);
		st = tc_buf_append(&line, chunk, n);
		if (st == TC_ERR_TOO_BIG)
			tc_err_set(err, st, "%s:%zu: line longer than 64 MiB", path, lineno + 1);
		if (st != TC_OK || n == 0 || chunk[n - 1] != '\n')
			continue;
		lineno++;
		line.len--; /* the newline */
		line.data[line.len] = '\0';
		stop = deliver(tok, line.data, line.len, lineno, cb, ctx, bad);
		tc_buf_reset(&line);
	}
	if (!stop && st == TC_OK && line.len) /* a last line without newline */
		deliver(tok, line.data, line.len, ++lineno, cb, ctx, bad);
	tc_buf_release(&line);
	json_tokener_free(tok);
	gzclose(f);
	return st;
}
