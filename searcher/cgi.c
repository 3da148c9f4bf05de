/*
 * cgi.c - tracuu-search as a CGI program behind a web server: read the
 * request from the environment, search, answer with a page, JSON, RSS or an
 * OpenSearch description.  docs/WEB.md is the contract.
 *
 * The whole body is written to memory first, so that the status line and
 * Content-Length are right and a HEAD request gets the same headers as GET.
 * Details of failures go to stderr (the server's error log); a response
 * never carries a path or an internal message.
 */
#include "cgi.h"

#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgi_params.h"
#include "output.h"
#include "page.h"
#include "search.h"
#include "suggest.h"
#include "tc_buf.h"
#include "tc_banned.h"

#define CGI_SNIPPET_BYTES 240
#define CGI_DB_MAX 4096
#define DEFAULT_CONFIG "/etc/tracuu/tracuu.conf"

/* Security headers every response carries. */
static const char HEADERS[] =
	"Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'; "
	"form-action 'self'; base-uri 'none'; frame-ancestors 'none'\r\n"
	"X-Content-Type-Options: nosniff\r\n"
	"Referrer-Policy: no-referrer\r\n";

typedef struct response {
	int status;
	const char *type;
	char *body;
	size_t len;
	FILE *out;
} response;

static const char *reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 400: return "Bad Request";
	case 405: return "Method Not Allowed";
	case 503: return "Service Unavailable";
	default: return "Internal Server Error";
	}
}

static int respond(response *r, int head_only)
{
	if (r->out) {
		if (fclose(r->out) != 0) {
			fprintf(stderr, "tracuu-search (cgi): cannot build the response\n");
			return 1;
		}
		r->out = NULL;
	}
	printf("Status: %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n%s", r->status,
	       reason(r->status), r->type, r->len, HEADERS);
	if (r->status == 405)
		fputs("Allow: GET, HEAD\r\n", stdout);
	if (r->status == 503)
		fputs("Retry-After: 60\r\n", stdout);
	fputs(r->status == 200 ? "Cache-Control: public, max-age=60\r\n" : "Cache-Control: no-store\r\n",
	      stdout);
	fputs("\r\n", stdout);
	if (!head_only && r->len)
		fwrite(r->body, 1, r->len, stdout);
	free(r->body);
	r->body = NULL;
	return fflush(stdout) != 0 || ferror(stdout);
}

static int open_body(response *r, int status, const char *type)
{
	r->status = status;
	r->type = type;
	r->body = NULL;
	r->len = 0;
	r->out = open_memstream(&r->body, &r->len);
	if (!r->out) {
		fprintf(stderr, "tracuu-search (cgi): out of memory\n");
		return 0;
	}
	return 1;
}

/* Host part of the page's absolute URL: Host when it looks like one. */
static void site_url(char *out, size_t cap)
{
	const char *https = getenv("HTTPS");
	const char *scheme = https && (!strcmp(https, "on") || !strcmp(https, "1")) ? "https" : "http";
	const char *host = getenv("HTTP_HOST");
	int ok = host && *host && strlen(host) < 260;
	for (const char *c = host; ok && *c; c++)
		ok = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
		     *c == '.' || *c == '-' || *c == ':' || *c == '[' || *c == ']';
	if (!ok)
		host = getenv("SERVER_NAME");
	if (!host || !*host || strlen(host) >= 260 || strpbrk(host, "\"'<>&/ \\"))
		host = "localhost";
	/* nginx's stock fastcgi_params pass Host without its port: put the
	 * server's back unless it is the scheme's default. */
	const char *port = getenv("SERVER_PORT");
	int default_port = !port || !strcmp(port, scheme[4] == 's' ? "443" : "80");
	int has_port = strchr(host, ':') && host[0] != '[';
	if (!has_port && !default_port && strspn(port, "0123456789") == strlen(port) &&
	    strlen(port) <= 5)
		snprintf(out, cap, "%s://%s:%s", scheme, host, port);
	else
		snprintf(out, cap, "%s://%s", scheme, host);
}

static const char *script_name(void)
{
	const char *s = getenv("SCRIPT_NAME");
	if (!s || !*s || strlen(s) > 1024 || s[0] != '/')
		return "/search";
	for (const char *c = s; *c; c++)
		if ((unsigned char)*c <= ' ' || *c == '"' || *c == '\'' || *c == '<' || *c == '>' ||
		    *c == '\\' || (unsigned char)*c >= 0x7F)
			return "/search";
	return s;
}

/* The [search] db of an INI file. */
static int on_ini(void *ctx, const char *section, const char *name, const char *value)
{
	char *db = ctx;
	if (!strcmp(section, "search") && !strcmp(name, "db")) {
		size_t n = strlen(value);
		if (n >= CGI_DB_MAX)
			return 0;
		memcpy(db, value, n + 1);
	}
	return 1;
}

/* Where the index is: TRACUU_DB, else the config file.  Never the request. */
static int find_db(char *db)
{
	const char *env = getenv("TRACUU_DB");
	if (env && *env) {
		if (strlen(env) >= CGI_DB_MAX)
			return 0;
		memcpy(db, env, strlen(env) + 1);
		return 1;
	}
	const char *conf = getenv("TRACUU_CONFIG");
	if (!conf || !*conf)
		conf = DEFAULT_CONFIG;
	db[0] = '\0';
	int rc = ini_parse(conf, on_ini, db);
	if (rc != 0) {
		if (rc < 0)
			fprintf(stderr, "tracuu-search (cgi): no TRACUU_DB and cannot read %s\n", conf);
		else
			fprintf(stderr, "tracuu-search (cgi): %s: error on line %d\n", conf, rc);
		return 0;
	}
	if (!db[0]) {
		fprintf(stderr, "tracuu-search (cgi): %s has no [search] db\n", conf);
		return 0;
	}
	return 1;
}

static int answer_error(response *r, const tc_page *pg, int status, const char *msg,
			tc_cgi_format fmt, int head_only)
{
	const char *title = status == 400 ? "Yêu cầu không hợp lệ"
			    : status == 405 ? "Phương thức không được hỗ trợ"
					    : "Dịch vụ tạm thời không sẵn sàng";
	if (fmt == TC_CGI_JSON) {
		if (!open_body(r, status, "application/json; charset=utf-8"))
			return 1;
		if (tc_output_json_error(r->out, pg->p ? pg->p->q : "", pg->p ? pg->p->q_len : 0, msg) !=
		    TC_OK)
			fputs("{}", r->out);
		fputc('\n', r->out);
	} else {
		if (!open_body(r, status, "text/html; charset=utf-8"))
			return 1;
		tc_page_error(r->out, pg, title, msg);
	}
	return respond(r, head_only);
}

int tc_cgi_main(void)
{
	response r = {0};
	const char *method = getenv("REQUEST_METHOD");
	int head_only = method && !strcmp(method, "HEAD");
	char base[300];
	site_url(base, sizeof base);
	tc_page pg = {NULL, script_name(), base, NULL, NULL, NULL};
	if (!method || (strcmp(method, "GET") != 0 && !head_only))
		return answer_error(&r, &pg, 405, "Trang tìm kiếm chỉ nhận GET và HEAD.", TC_CGI_HTML, 0);

	static tc_cgi_params p;
	tc_err err = {{0}};
	const char *qs = getenv("QUERY_STRING");
	tc_status st = tc_cgi_params_parse(qs ? qs : "", qs ? strlen(qs) : 0, &p, &err);
	pg.p = &p;
	if (st != TC_OK) {
		fprintf(stderr, "tracuu-search (cgi): 400: parameter %s\n", p.bad_param);
		/* The form is shown empty rather than refilled with bad values. */
		static tc_cgi_params blank;
		blank.n = TC_CGI_N_DEFAULT;
		blank.page = 1;
		pg.p = &blank;
		return answer_error(&r, &pg, 400, err.msg, p.format, head_only);
	}
	if (p.format == TC_CGI_OPENSEARCH) {
		if (!open_body(&r, 200, "application/opensearchdescription+xml; charset=utf-8"))
			return 1;
		tc_page_opensearch(r.out, &pg);
		return respond(&r, head_only);
	}
	if (!p.q_len && p.format != TC_CGI_HTML)
		return answer_error(&r, &pg, 400, "Tham số “q” không hợp lệ: cần có câu tìm kiếm.",
				    p.format, head_only);
	if (!p.q_len) {
		if (!open_body(&r, 200, "text/html; charset=utf-8"))
			return 1;
		tc_page_html(r.out, &pg);
		return respond(&r, head_only);
	}

	static char db[CGI_DB_MAX];
	tc_searcher *s = NULL;
	if (!find_db(db) || tc_searcher_open(db, &s, &err) != TC_OK) {
		if (err.msg[0])
			fprintf(stderr, "tracuu-search (cgi): cannot open the index: %s\n", err.msg);
		return answer_error(&r, &pg, 503,
				    "Chỉ mục tìm kiếm đang không dùng được. Xin thử lại sau ít phút.",
				    p.format, head_only);
	}
	tc_search_req req;
	tc_search_req_init(&req);
	req.query = p.q;
	req.query_len = p.q_len;
	req.limit = p.n;
	req.offset = (p.page - 1) * p.n;
	memcpy(req.from, p.from_ymd, sizeof req.from);
	memcpy(req.to, p.to_ymd, sizeof req.to);
	if (p.site[0]) {
		req.sites[0] = p.site;
		req.nsites = 1;
	}
	req.sort_date = p.sort_date || p.format == TC_CGI_RSS;
	req.snippet_bytes = CGI_SNIPPET_BYTES;
	req.facets = p.format != TC_CGI_RSS;
	tc_results res;
	tc_results_init(&res);
	st = tc_searcher_run(s, &req, &res, &err);
	int rc;
	if (st == TC_ERR_USAGE) {
		/* A query with nothing to look for ("-", "!!!"): no results, say why. */
		pg.message = "Câu tìm kiếm không có từ nào để tìm.";
		res.n = 0;
		st = TC_OK;
	}
	if (st != TC_OK) {
		fprintf(stderr, "tracuu-search (cgi): search failed: %s\n",
			err.msg[0] ? err.msg : tc_status_str(st));
		rc = answer_error(&r, &pg, 503, "Không tìm được lúc này. Xin thử lại sau ít phút.",
				  p.format, head_only);
	} else if (p.format == TC_CGI_JSON) {
		rc = !open_body(&r, 200, "application/json; charset=utf-8");
		if (!rc) {
			if (tc_output_json(r.out, p.q, p.q_len, &res) != TC_OK)
				fputs("{}", r.out);
			fputc('\n', r.out);
			rc = respond(&r, head_only);
		}
	} else if (p.format == TC_CGI_RSS) {
		rc = !open_body(&r, 200, "application/rss+xml; charset=utf-8");
		if (!rc) {
			pg.res = &res;
			tc_page_rss(r.out, &pg);
			rc = respond(&r, head_only);
		}
	} else {
		tc_buf sug;
		tc_buf_init(&sug, 4096);
		pg.res = &res;
		if (tc_suggest(s, p.q, p.q_len, &res, &sug))
			pg.suggest = sug.data;
		rc = !open_body(&r, 200, "text/html; charset=utf-8");
		if (!rc) {
			tc_page_html(r.out, &pg);
			rc = respond(&r, head_only);
		}
		tc_buf_release(&sug);
	}
	tc_results_release(&res);
	tc_searcher_free(s);
	return rc;
}
