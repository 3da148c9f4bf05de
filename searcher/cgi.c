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
#include <unistd.h>

#include "cgi_params.h"
#include "output.h"
#include "page.h"
#include "search.h"
#include "suggest.h"
#include "tc_buf.h"
#include "tc_banned.h"

#define CGI_SNIPPET_BYTES 240
#define CGI_DB_MAX 4096
#define CGI_BASE_MAX 300
#define DEFAULT_CONFIG "/etc/tracuu/tracuu.conf"

/* Security headers every response carries. */
static const char HEADERS[] =
	"Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'; "
	"form-action 'self'; base-uri 'none'; frame-ancestors 'none'\r\n"
	"X-Content-Type-Options: nosniff\r\n"
	"Referrer-Policy: no-referrer\r\n";

typedef struct response {
	int status;
	int private_cache;  /* the body depends on the request's Host */
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
	/* A body with links built from the request's Host must not be kept
	 * by a shared cache and served to others. */
	fputs(r->status != 200	  ? "Cache-Control: no-store\r\n"
	      : r->private_cache ? "Cache-Control: private, max-age=60\r\n"
				 : "Cache-Control: public, max-age=60\r\n",
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

/* scheme://authority of the page's absolute links, from the configured base
 * URL or the request's environment (cgi_params.h). */
static void site_url(const char *configured, char *out, size_t cap, int *from_request)
{
	tc_cgi_link_base(configured, getenv("HTTPS"), getenv("HTTP_HOST"), getenv("SERVER_NAME"),
			 getenv("SERVER_PORT"), out, cap, from_request);
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

/* What the [search] section of the configuration says. */
typedef struct cgi_config {
	char db[CGI_DB_MAX];
	char base_url[CGI_BASE_MAX];
	const char *bad; /* the first key whose value is unusable */
} cgi_config;

static int on_ini(void *ctx, const char *section, const char *name, const char *value)
{
	cgi_config *c = ctx;
	if (strcmp(section, "search") != 0)
		return 1;
	if (!strcmp(name, "db")) {
		size_t n = strlen(value);
		if (n >= CGI_DB_MAX) {
			c->bad = c->bad ? c->bad : "db";
			return 1;
		}
		memcpy(c->db, value, n + 1);
	} else if (!strcmp(name, "base_url")) {
		if (!tc_cgi_base_url(value, c->base_url, sizeof c->base_url)) {
			c->base_url[0] = '\0';
			c->bad = c->bad ? c->bad : "base_url";
		}
	}
	return 1;
}

/*
 * The configuration: TRACUU_DB and TRACUU_BASE_URL from the environment
 * win; the file (TRACUU_CONFIG, else DEFAULT_CONFIG) gives the rest.  The
 * file is needed only when TRACUU_DB is not set.  Never from a request.
 * Returns 0 (with the reason on stderr) when there is no usable index path.
 */
static int load_config(cgi_config *c)
{
	memset(c, 0, sizeof *c);
	const char *env = getenv("TRACUU_DB");
	const char *env_base = getenv("TRACUU_BASE_URL");
	const char *conf = getenv("TRACUU_CONFIG");
	int conf_given = conf && *conf;
	if (!conf_given)
		conf = DEFAULT_CONFIG;
	int need_file = !(env && *env);
	int rc = need_file || conf_given || access(conf, R_OK) == 0 ? ini_parse(conf, on_ini, c) : 0;
	if (rc != 0 && need_file) {
		if (rc < 0)
			fprintf(stderr, "tracuu-search (cgi): no TRACUU_DB and cannot read %s\n", conf);
		else
			fprintf(stderr, "tracuu-search (cgi): %s: error on line %d\n", conf, rc);
		return 0;
	}
	if (c->bad)
		fprintf(stderr, "tracuu-search (cgi): %s: [search] %s is unusable (%s)\n", conf, c->bad,
			!strcmp(c->bad, "db") ? "longer than 4095 bytes"
					      : "base_url must be http(s)://host[:port], nothing after it");
	if (env_base && *env_base && !tc_cgi_base_url(env_base, c->base_url, sizeof c->base_url)) {
		c->base_url[0] = '\0';
		fprintf(stderr, "tracuu-search (cgi): TRACUU_BASE_URL must be http(s)://host[:port], "
				"nothing after it; links are built from the request instead\n");
	}
	if (!need_file) {
		if (strlen(env) >= CGI_DB_MAX) {
			fprintf(stderr, "tracuu-search (cgi): TRACUU_DB is %zu bytes long; at most %d are allowed\n",
				strlen(env), CGI_DB_MAX - 1);
			return 0;
		}
		memcpy(c->db, env, strlen(env) + 1);
		return 1;
	}
	if (!c->db[0]) {
		fprintf(stderr, "tracuu-search (cgi): %s has no usable [search] db\n", conf);
		return 0;
	}
	return 1;
}

/* The page's words for why a query was refused (query.h). */
static const char *refusal_message(tc_query_refusal why)
{
	switch (why) {
	case TC_QREF_ONLY_FILTERS:
		return "Câu tìm kiếm cần ít nhất một từ để tìm, không chỉ các từ loại trừ (-từ) "
		       "hay bộ lọc site:.";
	case TC_QREF_BAD_SITE:
		return "site: cần một tên miền dài 1 đến 253 byte, chỉ gồm chữ cái a-z, chữ số, "
		       "dấu chấm và gạch nối.";
	case TC_QREF_LONG_WORD:
		return "Câu tìm kiếm có một từ dài quá 120 byte; từ dài như vậy không có trong "
		       "chỉ mục.";
	case TC_QREF_DOUBLE_NOT:
		return "-title:- có hai dấu loại trừ: viết -title:từ để bỏ các bài có từ đó "
		       "trong tiêu đề.";
	default:
		return "Câu tìm kiếm không có từ nào để tìm.";
	}
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
	static cgi_config conf;
	int have_db = load_config(&conf);
	char base[CGI_BASE_MAX + 16];
	int base_from_request;
	site_url(conf.base_url, base, sizeof base, &base_from_request);
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
		r.private_cache = base_from_request;
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

	tc_searcher *s = NULL;
	if (!have_db || tc_searcher_open(conf.db, &s, &err) != TC_OK) {
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
		/* A query that cannot be searched as typed ("-", "!!!", a bad
		 * site:): no results, and why. */
		pg.message = refusal_message(res.refusal);
		res.n = 0;
		st = TC_OK;
	}
	if (st == TC_OK && pg.message && p.format == TC_CGI_JSON) {
		rc = !open_body(&r, 200, "application/json; charset=utf-8");
		if (!rc) {
			if (tc_output_json_error(r.out, p.q, p.q_len, pg.message) != TC_OK)
				fputs("{}", r.out);
			fputc('\n', r.out);
			rc = respond(&r, head_only);
		}
	} else if (st != TC_OK) {
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
			r.private_cache = base_from_request;
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
