/*
 * robots.c - robots.txt parsing and matching (RFC 9309); see robots.h.
 *
 * The file is read once, line by line, keeping only the rules of the two
 * groups that could apply: the ones naming our product token and the "*"
 * ones.  Which of the two wins is known only at the end of the file, so both
 * are collected and the loser is freed then.  Patterns are stored normalised
 * (robots.h) with runs of '*' collapsed, and a path is normalised the same
 * way before it is compared, so matching is a byte comparison in which '*'
 * is the only special byte.
 */
#include "robots.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tc_ascii.h"
#include "url.h"
#include "tc_buf.h"
#include "tc_banned.h"

typedef struct rule {
	char *pat;              /* normalised, '*' runs collapsed, no final '$' */
	size_t len;             /* bytes of pat */
	size_t lit;             /* bytes of pat other than '*': the shortest match */
	size_t prio;            /* octets of the normalised pattern as written */
	unsigned char allow;    /* Allow (1) or Disallow (0) */
	unsigned char anchored; /* the pattern ended in '$' */
	unsigned char wild;     /* pat holds a '*' */
} rule;

typedef struct ruleset {
	rule *v;
	size_t n, cap;
	double delay; /* largest Crawl-delay of the groups, -1 for none */
	int named;    /* some user-agent line named this set */
} ruleset;

struct tc_robots {
	ruleset ours; /* groups naming our product token */
	ruleset any;  /* "*" groups */
	const ruleset *use; /* &ours, &any, or NULL when no group applies */
	char **maps;
	size_t nmaps, capmaps;
};

enum key { KEY_OTHER, KEY_AGENT, KEY_ALLOW, KEY_DISALLOW, KEY_DELAY, KEY_SITEMAP };

/* The parser's state between lines. */
typedef struct parser {
	tc_robots *r;
	const char *agent;
	size_t agent_len;
	int in_agents; /* the last group line was a user-agent line */
	int g_ours;    /* the current group names us */
	int g_any;     /* the current group is a "*" group */
} parser;

static int is_token_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '-';
}

/*
 * Normalise s[0..n) for comparison (robots.h) into out, which has room for
 * 3 * n bytes; returns the bytes written.  The escaping is the crawler's own
 * (tc_url_escape_step), path rules up to the first '?', so that a pattern
 * and the canonical URL it is compared with are spelled alike.
 */
static size_t normalise(const char *s, size_t n, char *out)
{
	size_t o = 0;
	int in_path = 1;
	for (size_t i = 0; i < n;) {
		if (s[i] == '?')
			in_path = 0;
		o += tc_url_escape_step(s, n, &i, in_path, out + o);
	}
	return o;
}

/* ---- rule sets ---- */

static void ruleset_init(ruleset *s)
{
	s->v = NULL;
	s->n = s->cap = 0;
	s->delay = -1.0;
	s->named = 0;
}

static void ruleset_release(ruleset *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i].pat);
	free(s->v);
	ruleset_init(s);
}

/* Add the rule whose trimmed, non-empty value is v[0..n) (n is at most
 * TC_ROBOTS_MAX_LINE, so 3 * n cannot overflow). */
static tc_status ruleset_add(ruleset *s, int allow, const char *v, size_t n)
{
	if (s->n >= TC_ROBOTS_MAX_RULES)
		return TC_OK;
	tc_status st = TC_GROW(s->v, s->cap, s->n + 1, TC_ROBOTS_MAX_RULES);
	if (st != TC_OK)
		return st;
	int anchored = v[n - 1] == '$';
	if (anchored)
		n--;
	char *pat = malloc(3 * n + 1);
	if (!pat)
		return TC_ERR_NOMEM;
	size_t len = normalise(v, n, pat);
	size_t prio = len + (size_t)anchored;
	/* Collapse '*' runs: "a**b" matches what "a*b" matches. */
	size_t w = 0;
	int wild = 0;
	for (size_t i = 0; i < len; i++) {
		if (pat[i] == '*') {
			wild = 1;
			if (w > 0 && pat[w - 1] == '*')
				continue;
		}
		pat[w++] = pat[i];
	}
	/* An unanchored pattern matches a prefix, so a final '*' adds nothing. */
	if (!anchored && w > 0 && pat[w - 1] == '*')
		w--;
	pat[w] = '\0';
	rule *rl = &s->v[s->n++];
	rl->pat = pat;
	rl->len = w;
	rl->prio = prio;
	rl->allow = (unsigned char)(allow != 0);
	rl->anchored = (unsigned char)anchored;
	rl->wild = (unsigned char)(wild && memchr(pat, '*', w) != NULL);
	rl->lit = 0;
	for (size_t i = 0; i < w; i++) {
		if (pat[i] != '*')
			rl->lit++;
	}
	return TC_OK;
}

/*
 * Does the pattern p[0..pn) ('*' any run of bytes) match all of s[0..sn)
 * (anchored) or a prefix of it?  Greedy with a return to the last '*':
 * O(pn * sn) at worst, no recursion.
 */
static int glob_match(const char *p, size_t pn, const char *s, size_t sn, int anchored)
{
	size_t pi = 0, si = 0;
	size_t star_p = SIZE_MAX, star_s = 0;
	for (;;) {
		if (pi == pn) {
			if (!anchored || si == sn)
				return 1;
		} else if (p[pi] == '*') {
			star_p = ++pi;
			star_s = si;
			continue;
		} else if (si < sn && p[pi] == s[si]) {
			pi++;
			si++;
			continue;
		}
		/* Mismatch: let the last '*' swallow one more byte. */
		if (star_p == SIZE_MAX || star_s >= sn)
			return 0;
		pi = star_p;
		si = ++star_s;
	}
}

static int rule_matches(const rule *rl, const char *s, size_t sn)
{
	if (!rl->wild) {
		if (rl->anchored)
			return sn == rl->len && memcmp(s, rl->pat, sn) == 0;
		return sn >= rl->len && memcmp(s, rl->pat, rl->len) == 0;
	}
	if (rl->lit > sn)
		return 0;
	return glob_match(rl->pat, rl->len, s, sn, rl->anchored);
}

/* The verdict of set for the normalised path s[0..sn). */
static int ruleset_allows(const ruleset *set, const char *s, size_t sn)
{
	if (!set)
		return 1;
	int found = 0, allow = 1;
	size_t best = 0;
	for (size_t i = 0; i < set->n; i++) {
		const rule *rl = &set->v[i];
		/* Only a longer rule, or an Allow tying with a Disallow, can
		 * change the verdict. */
		if (found && (rl->prio < best || (rl->prio == best && (allow || !rl->allow))))
			continue;
		if (!rule_matches(rl, s, sn))
			continue;
		found = 1;
		best = rl->prio;
		allow = rl->allow;
	}
	return found ? allow : 1;
}

/* ---- the object ---- */

static tc_robots *robots_new(void)
{
	tc_robots *r = malloc(sizeof *r);
	if (!r)
		return NULL;
	ruleset_init(&r->ours);
	ruleset_init(&r->any);
	r->use = NULL;
	r->maps = NULL;
	r->nmaps = r->capmaps = 0;
	return r;
}

void tc_robots_free(tc_robots *r)
{
	if (!r)
		return;
	ruleset_release(&r->ours);
	ruleset_release(&r->any);
	for (size_t i = 0; i < r->nmaps; i++)
		free(r->maps[i]);
	free(r->maps);
	free(r);
}

tc_robots *tc_robots_allow_all(void)
{
	return robots_new();
}

tc_robots *tc_robots_disallow_all(void)
{
	tc_robots *r = robots_new();
	if (!r)
		return NULL;
	if (ruleset_add(&r->ours, 0, "/", 1) != TC_OK) {
		tc_robots_free(r);
		return NULL;
	}
	r->ours.named = 1;
	r->use = &r->ours;
	return r;
}

/* ---- parsing ---- */

static enum key key_kind(const char *k, size_t n)
{
	static const struct {
		const char *name;
		enum key kind;
	} keys[] = {
		{"user-agent", KEY_AGENT}, {"useragent", KEY_AGENT}, {"user agent", KEY_AGENT},
		{"allow", KEY_ALLOW},
		{"disallow", KEY_DISALLOW}, {"dissallow", KEY_DISALLOW}, {"dissalow", KEY_DISALLOW},
		{"disalow", KEY_DISALLOW}, {"diasllow", KEY_DISALLOW}, {"disallaw", KEY_DISALLOW},
		{"crawl-delay", KEY_DELAY}, {"crawldelay", KEY_DELAY}, {"crawl delay", KEY_DELAY},
		{"sitemap", KEY_SITEMAP}, {"site-map", KEY_SITEMAP},
	};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		if (strlen(keys[i].name) == n && tc_ascii_caseeq(k, keys[i].name, n))
			return keys[i].kind;
	}
	return KEY_OTHER;
}

/* A Crawl-delay value: digits, optionally '.' and more digits (".5" and
 * "2." too); anything else is not a delay.  Cut to TC_ROBOTS_MAX_DELAY. */
static int parse_delay(const char *v, size_t n, double *out /* OUT */)
{
	size_t i = 0, digits = 0;
	double x = 0.0;
	while (i < n && v[i] >= '0' && v[i] <= '9') {
		if (x < 1e9)
			x = x * 10.0 + (double)(v[i] - '0');
		i++;
		digits++;
	}
	if (i < n && v[i] == '.') {
		double f = 0.1;
		for (i++; i < n && v[i] >= '0' && v[i] <= '9'; i++) {
			x += f * (double)(v[i] - '0');
			f /= 10.0;
			digits++;
		}
	}
	if (digits == 0 || i != n)
		return 0;
	*out = x > TC_ROBOTS_MAX_DELAY ? TC_ROBOTS_MAX_DELAY : x;
	return 1;
}

static tc_status add_sitemap(tc_robots *r, const char *v, size_t n)
{
	if (n == 0 || n > TC_ROBOTS_MAX_SITEMAP_LEN || r->nmaps >= TC_ROBOTS_MAX_SITEMAPS)
		return TC_OK;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v[i];
		if (c < 0x20 || c == 0x7F)
			return TC_OK;
	}
	for (size_t i = 0; i < r->nmaps; i++) {
		if (strlen(r->maps[i]) == n && memcmp(r->maps[i], v, n) == 0)
			return TC_OK;
	}
	tc_status st = TC_GROW(r->maps, r->capmaps, r->nmaps + 1, SIZE_MAX / sizeof *r->maps);
	if (st != TC_OK)
		return st;
	char *s = malloc(n + 1);
	if (!s)
		return TC_ERR_NOMEM;
	memcpy(s, v, n);
	s[n] = '\0';
	r->maps[r->nmaps++] = s;
	return TC_OK;
}

static void user_agent_line(parser *p, const char *v, size_t n)
{
	if (!p->in_agents) {
		/* A user-agent line after a rule starts a new group. */
		p->g_ours = p->g_any = 0;
		p->in_agents = 1;
	}
	if (n >= 1 && v[0] == '*' && (n == 1 || tc_ascii_isspace((unsigned char)v[1]))) {
		p->g_any = 1;
		p->r->any.named = 1;
		return;
	}
	size_t t = 0;
	while (t < n && is_token_char((unsigned char)v[t]))
		t++;
	if (t == p->agent_len && tc_ascii_caseeq(v, p->agent, t)) {
		p->g_ours = 1;
		p->r->ours.named = 1;
	}
}

static tc_status parse_line(parser *p, const char *line, size_t n)
{
	const char *hash = memchr(line, '#', n);
	if (hash)
		n = (size_t)(hash - line);
	const char *colon = memchr(line, ':', n);
	if (!colon)
		return TC_OK;
	const char *k = line, *ke = colon;
	const char *v = colon + 1, *ve = line + n;
	while (k < ke && tc_ascii_isspace((unsigned char)*k))
		k++;
	while (ke > k && tc_ascii_isspace((unsigned char)ke[-1]))
		ke--;
	while (v < ve && tc_ascii_isspace((unsigned char)*v))
		v++;
	while (ve > v && tc_ascii_isspace((unsigned char)ve[-1]))
		ve--;
	size_t vn = (size_t)(ve - v);

	tc_status st = TC_OK;
	double delay;
	enum key kind = key_kind(k, (size_t)(ke - k));
	switch (kind) {
	case KEY_AGENT:
		user_agent_line(p, v, vn);
		break;
	case KEY_ALLOW:
	case KEY_DISALLOW: {
		int allow = kind == KEY_ALLOW;
		p->in_agents = 0;
		if (vn == 0)
			break;
		if (p->g_ours)
			st = ruleset_add(&p->r->ours, allow, v, vn);
		if (st == TC_OK && p->g_any)
			st = ruleset_add(&p->r->any, allow, v, vn);
		break;
	}
	case KEY_DELAY:
		p->in_agents = 0;
		if (!parse_delay(v, vn, &delay))
			break;
		if (p->g_ours && delay > p->r->ours.delay)
			p->r->ours.delay = delay;
		if (p->g_any && delay > p->r->any.delay)
			p->r->any.delay = delay;
		break;
	case KEY_SITEMAP:
		st = add_sitemap(p->r, v, vn);
		break;
	case KEY_OTHER:
		break;
	}
	return st;
}

/* Bytes at the start of txt[0..n) that belong to a UTF-8 BOM, or to the
 * beginning of one (a file cut inside its BOM). */
static size_t bom_len(const char *txt, size_t n)
{
	static const unsigned char bom[3] = {0xEF, 0xBB, 0xBF};
	size_t i = 0;
	while (i < n && i < 3 && (unsigned char)txt[i] == bom[i])
		i++;
	return i;
}

tc_status tc_robots_parse(const char *txt, size_t n, const char *agent_token, tc_robots **out)
{
	if (!out)
		return TC_ERR_USAGE;
	*out = NULL;
	if (!agent_token || (!txt && n > 0))
		return TC_ERR_USAGE;
	size_t alen = 0;
	while (alen <= TC_ROBOTS_MAX_TOKEN && agent_token[alen]) {
		if (!is_token_char((unsigned char)agent_token[alen]))
			return TC_ERR_USAGE;
		alen++;
	}
	if (alen == 0 || alen > TC_ROBOTS_MAX_TOKEN)
		return TC_ERR_USAGE;

	if (n > TC_ROBOTS_MAX_BYTES) {
		/* Keep whole lines only: a cut rule would mean something else. */
		size_t cut = TC_ROBOTS_MAX_BYTES;
		while (cut > 0 && txt[cut - 1] != '\n' && txt[cut - 1] != '\r')
			cut--;
		n = cut;
	}

	tc_robots *r = robots_new();
	if (!r)
		return TC_ERR_NOMEM;
	parser p = {r, agent_token, alen, 0, 0, 0};
	size_t i = bom_len(txt, n);
	while (i < n) {
		size_t s = i;
		while (i < n && txt[i] != '\n' && txt[i] != '\r')
			i++;
		size_t e = i;
		if (i < n)
			i++; /* a CRLF leaves an empty line behind, which is harmless */
		if (e - s > TC_ROBOTS_MAX_LINE)
			continue;
		if (parse_line(&p, txt + s, e - s) != TC_OK) {
			tc_robots_free(r);
			return TC_ERR_NOMEM;
		}
	}

	if (r->ours.named) {
		r->use = &r->ours;
		ruleset_release(&r->any);
	} else if (r->any.named) {
		r->use = &r->any;
		ruleset_release(&r->ours);
	} else {
		ruleset_release(&r->ours);
		ruleset_release(&r->any);
	}
	*out = r;
	return TC_OK;
}

/* ---- questions ---- */

int tc_robots_allowed(const tc_robots *r, const char *path_and_query, size_t n)
{
	if (!r)
		return 0;
	if (!path_and_query)
		n = 0;
	const char *hash = n ? memchr(path_and_query, '#', n) : NULL;
	if (hash)
		n = (size_t)(hash - path_and_query);
	if (n > (SIZE_MAX - 1) / 3)
		return 0;

	char small[3 * 2048 + 1];
	char *buf = small;
	if (1 + 3 * n > sizeof small) {
		buf = malloc(1 + 3 * n);
		if (!buf)
			return 0;
	}
	size_t len = 0;
	if (n == 0 || path_and_query[0] != '/')
		buf[len++] = '/';
	if (n)
		len += normalise(path_and_query, n, buf + len);

	const char *q = memchr(buf, '?', len);
	size_t path_len = q ? (size_t)(q - buf) : len;
	int ok;
	if (path_len == 11 && memcmp(buf, "/robots.txt", 11) == 0)
		ok = 1;
	else
		ok = ruleset_allows(r->use, buf, len);
	if (buf != small)
		free(buf);
	return ok;
}

double tc_robots_crawl_delay(const tc_robots *r)
{
	return r && r->use ? r->use->delay : -1.0;
}

size_t tc_robots_sitemap_count(const tc_robots *r)
{
	return r ? r->nmaps : 0;
}

const char *tc_robots_sitemap(const tc_robots *r, size_t i)
{
	return r && i < r->nmaps ? r->maps[i] : NULL;
}
