/* query.c - query parsing and query building; see query.h. */
#include "query.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "params.h"
#include "tc_buf.h"
#include "tc_schema.h"
#include "vn_text.h"
#include "vn_token.h"
#include "tc_ascii.h"
#include "tc_banned.h"

/*
 * Scoring policy.  Weights multiply BM25 weights of the extra subqueries
 * (tuned with tests/eval; docs/QUALITY.md has the figures).
 */
#define EXACT_BOOST 0.6 /* exact accented form matched, when typed with accents */
#define READING_BOOST 2.0 /* a pair's reading matched: the typed one, or the
			   * likely ones of an unaccented pair times their share */
#define TITLE_RUN_BOOST 0.5 /* a whole run of query words in a row in the title */
#define READING_DOMINANT 0.6 /* share of a pair's readings that makes one the meant one */
#define READING_DOMINANT_MIN 2 /* ... and the articles it needs at least */

#define POOL_BYTES (TC_QUERY_MAX_TOKENS * 2 * (VN_NORM_OUT_MAX + 1))

typedef struct qtok {
	const char *fold, *exact; /* in the pool */
	int diacritic;
	int clause;               /* a clause mark (. , ; : ! ?) typed before it */
} qtok;

typedef enum item_kind { ITEM_WORD, ITEM_CODE, ITEM_PHRASE } item_kind;

typedef struct qitem {
	item_kind kind;
	int title;           /* title: field */
	size_t first, n;     /* tokens[first..first+n); CODE: whole, then parts */
	int run;             /* plain words and codes typed in a row share a run */
	int chain;           /* so do words, codes and phrases (the run checked) */
} qitem;

typedef struct qclause {
	size_t first, n;     /* alternatives: items[first..first+n) */
} qclause;

struct tc_parsed {
	qtok tokens[TC_QUERY_MAX_TOKENS];
	size_t ntokens;
	qitem items[TC_QUERY_MAX_ITEMS];  /* positive items, grouped by clause */
	size_t nitems;
	qclause clauses[TC_QUERY_MAX_ITEMS];
	size_t nclauses;
	qitem excl[TC_QUERY_MAX_ITEMS];
	size_t nexcl;
	const char *sites[8];
	size_t nsites;
	const char *xsites[8];   /* -site: */
	size_t nxsites;
	const char *cats[8];     /* category: */
	size_t ncats;
	const char *xcats[8];    /* -category: */
	size_t nxcats;
	tc_query_refusal refusal; /* set when the parse must fail */
	char refusal_msg[300];
	const char *hl[TC_QUERY_MAX_TOKENS];
	size_t nhl;
	size_t pair_a[TC_QUERY_MAX_TOKENS], pair_b[TC_QUERY_MAX_TOKENS];
	size_t npairs;
	size_t run_seq[TC_QUERY_MAX_TOKENS];   /* tokens of all runs, run after run */
	size_t run_first[TC_QUERY_MAX_ITEMS], run_len[TC_QUERY_MAX_ITEMS];
	size_t nruns;
	int truncated;
	size_t pool_used;
	char pool[POOL_BYTES];
};

static const char *pool_put(tc_parsed *p, const char *s, size_t n)
{
	if (p->pool_used + n + 1 > sizeof p->pool)
		return NULL;
	char *d = p->pool + p->pool_used;
	memcpy(d, s, n);
	d[n] = '\0';
	p->pool_used += n + 1;
	return d;
}

/* Tokens of one unit of the query, collected by the tokenizer callback. */
typedef struct collect {
	tc_parsed *p;
	size_t first;       /* index of the unit's first token */
	size_t last_end;    /* where the last token ended */
	unsigned char flags[TC_QUERY_MAX_TOKENS];
	int full;
} collect;

static int on_token(void *ctx, const vn_token *t)
{
	collect *c = ctx;
	tc_parsed *p = c->p;
	if (p->ntokens >= TC_QUERY_MAX_TOKENS) {
		c->full = 1;
		return 1;
	}
	const char *fold = pool_put(p, t->fold, t->fold_len);
	const char *exact = pool_put(p, t->exact, t->exact_len);
	if (!fold || !exact) {
		c->full = 1;
		return 1;
	}
	c->flags[p->ntokens] = (unsigned char)t->flags;
	p->tokens[p->ntokens++] = (qtok){fold, exact, (t->flags & VN_TOKF_DIACRITIC) != 0,
					  (t->flags & VN_TOKF_CLAUSE) != 0};
	c->last_end = t->end;
	return 0;
}

static int add_highlight(tc_parsed *p, const char *fold)
{
	for (size_t i = 0; i < p->nhl; i++)
		if (!strcmp(p->hl[i], fold))
			return 0;
	if (p->nhl < TC_QUERY_MAX_TOKENS)
		p->hl[p->nhl++] = fold;
	return 0;
}

/* State of the parse between units. */
typedef struct parse_state {
	int or_pending;  /* the previous unit was OR */
	int run;         /* current run of plain words */
	int run_open;    /* the last positive item may continue the run */
	int chain;       /* current chain of words and phrases */
	int chain_open;  /* the last positive item may continue the chain */
	int clause;      /* a clause mark ended the last unit */
} parse_state;

static int place_item(tc_parsed *p, parse_state *ps, qitem it, int negate)
{
	if (negate) {
		if (p->nexcl >= TC_QUERY_MAX_ITEMS)
			return 0;
		p->excl[p->nexcl++] = it;
		return 1;
	}
	if (p->nitems >= TC_QUERY_MAX_ITEMS)
		return 0;
	int plain = !it.title && it.kind != ITEM_PHRASE;
	if (plain && !ps->or_pending) {
		if (!ps->run_open)
			ps->run++;
		it.run = ps->run;
		ps->run_open = 1;
	} else {
		it.run = -1;
		ps->run_open = 0;
	}
	if (!it.title && !ps->or_pending) {
		if (!ps->chain_open)
			ps->chain++;
		it.chain = ps->chain;
		ps->chain_open = 1;
	} else {
		it.chain = -1;
		ps->chain_open = 0;
	}
	for (size_t k = 0; k < it.n; k++)
		add_highlight(p, p->tokens[it.first + k].fold);
	if (ps->or_pending && p->nclauses) {
		/* Join the previous clause: its items are the last ones. */
		qclause *c = &p->clauses[p->nclauses - 1];
		p->items[p->nitems++] = it;
		c->n++;
		/* The clause's first item cannot stay in a run either. */
		p->items[c->first].run = -1;
		p->items[c->first].chain = -1;
		ps->or_pending = 0;
		ps->run_open = 0;
		ps->chain_open = 0;
		return 1;
	}
	ps->or_pending = 0;
	p->clauses[p->nclauses++] = (qclause){p->nitems, 1};
	p->items[p->nitems++] = it;
	return 1;
}

/* Tokenize a unit and place its items; returns 0 when the caps are reached. */
static int add_unit(tc_parsed *p, parse_state *ps, const char *s, size_t n, int phrase,
		    int title, int negate, int or_next)
{
	collect c;
	memset(&c, 0, sizeof c);
	c.p = p;
	c.first = p->ntokens;
	/*
	 * Tokenize the unit in lower case: the tokenizer reads upper-case runs
	 * as codes and abbreviations (NHÂN/NGÀY, TP.HCM), and a query must not
	 * change with its letter case.  Documents index codes whole and as
	 * parts, so the lower-case reading still finds them.
	 */
	utf8proc_uint8_t *lower = NULL;
	utf8proc_ssize_t ln = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &lower,
					   UTF8PROC_CASEFOLD | UTF8PROC_COMPOSE | UTF8PROC_STABLE);
	if (ln < 0)
		return 0;
	tc_status st = vn_tokenize((const char *)lower, (size_t)ln, 0, on_token, &c, NULL);
	/* Clause marks between units ("moi, sieu"): after the last token of
	 * this one (or in a unit of punctuation only), before the next. */
	int trailing = 0;
	for (size_t k = c.last_end; st == TC_OK && k < (size_t)ln; k++)
		trailing |= strchr(".,;:!?", lower[k]) != NULL ||
			    (k + 2 < (size_t)ln && !memcmp(lower + k, "\xE2\x80\xA6", 3));
	free(lower);
	if (st != TC_OK)
		return 0;
	size_t end = p->ntokens;
	if (end > c.first)
		p->tokens[c.first].clause |= ps->clause;
	ps->clause = end > c.first ? trailing : ps->clause || trailing;
	if (end == c.first)
		return !c.full;
	if (phrase) {
		/* A phrase matches positions, so it uses the parts of codes, not the
		 * whole token that shares its first part's position. */
		size_t w = c.first;
		for (size_t i = c.first; i < end; i++)
			if (!(c.flags[i] & VN_TOKF_WHOLE))
				p->tokens[w++] = p->tokens[i];
		p->ntokens = w;
		size_t cnt = w - c.first;
		if (cnt > 1) {
			qitem it = {ITEM_PHRASE, title, c.first, cnt, -1, -1};
			return place_item(p, ps, it, negate) && !c.full;
		}
		/* A one-word phrase is a word. */
		end = w;
	}
	/* Words joined by punctuation in one unit (tp.hcm, nđ-cp once lower
	 * case) next to OR or after '-' are one thing typed: a phrase, so that
	 * the operator takes them whole.  Elsewhere they stay separate words,
	 * which ranks better (unaccented topics: nDCG@10 0.713 as phrases,
	 * 0.725 as words). */
	int codes = 0;
	for (size_t i = c.first; i < end; i++)
		codes |= (c.flags[i] & (VN_TOKF_WHOLE | VN_TOKF_PART)) != 0;
	if (!phrase && !codes && end - c.first > 1 && (negate || ps->or_pending || or_next)) {
		qitem it = {ITEM_PHRASE, title, c.first, end - c.first, -1, -1};
		return place_item(p, ps, it, negate) && !c.full;
	}
	for (size_t i = c.first; i < end;) {
		qitem it = {ITEM_WORD, title, i, 1, -1, -1};
		if (!phrase && (c.flags[i] & VN_TOKF_WHOLE)) {
			size_t j = i + 1;
			while (j < end && (c.flags[j] & VN_TOKF_PART))
				j++;
			it.kind = ITEM_CODE;
			it.n = j - i;
			i = j;
		} else {
			i++;
		}
		if (!place_item(p, ps, it, negate))
			return 0;
	}
	return !c.full;
}

/* Length of a quote mark at s (", “, ”, „, «, »), or 0. */
static size_t quote_len(const char *s, size_t left)
{
	if (left >= 1 && s[0] == '"')
		return 1;
	if (left >= 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
	    ((unsigned char)s[2] == 0x9C || (unsigned char)s[2] == 0x9D || (unsigned char)s[2] == 0x9E))
		return 3;
	if (left >= 2 && (unsigned char)s[0] == 0xC2 &&
	    ((unsigned char)s[1] == 0xAB || (unsigned char)s[1] == 0xBB))
		return 2;
	return 0;
}

static int has_prefix(const char *s, size_t left, const char *prefix)
{
	size_t n = strlen(prefix);
	return left > n && !strncasecmp(s, prefix, n) && !tc_ascii_isspace(s[n]);
}

/* Refuse the query: the first reason found is the one reported. */
static void refuse(tc_parsed *p, tc_query_refusal why, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void refuse(tc_parsed *p, tc_query_refusal why, const char *fmt, ...)
{
	if (p->refusal)
		return;
	p->refusal = why;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->refusal_msg, sizeof p->refusal_msg, fmt, ap);
	va_end(ap);
}

/* site:HOST or -site:HOST (a URL is taken for its host).  A host that is
 * not one is refused: ignoring it would widen the answer to every site. */
static void add_site(tc_parsed *p, const char *s, size_t n, int exclude)
{
	const char *given = s;
	size_t given_n = n;
	char host[TC_PARAM_HOST_MAX + 1];
	if (!tc_param_host(s, n, host)) {
		refuse(p, TC_QREF_BAD_SITE, "%ssite: needs %s, not '%.*s'", exclude ? "-" : "",
		       TC_PARAM_HOST_RULE, given_n > 80 ? 80 : (int)given_n, given);
		return;
	}
	const char **list = exclude ? p->xsites : p->sites;
	size_t *count = exclude ? &p->nxsites : &p->nsites;
	if (*count >= sizeof p->sites / sizeof p->sites[0]) {
		p->truncated = 1;
		return;
	}
	const char *h = pool_put(p, host, strlen(host));
	if (h)
		list[(*count)++] = h;
}

/* category:NAME, category:"a name" or -category:... as the articles give
 * it (ASCII case aside: tc_schema_category_term).  An empty one is refused:
 * ignoring it would widen the answer to every category. */
static void add_category(tc_parsed *p, const char *s, size_t n, int exclude)
{
	if (!n) {
		refuse(p, TC_QREF_BAD_CATEGORY,
		       "%scategory: needs a category as the articles name it, such as "
		       "category:sport or category:\"xã hội\"",
		       exclude ? "-" : "");
		return;
	}
	const char **list = exclude ? p->xcats : p->cats;
	size_t *count = exclude ? &p->nxcats : &p->ncats;
	if (*count >= sizeof p->cats / sizeof p->cats[0]) {
		p->truncated = 1;
		return;
	}
	const char *c = pool_put(p, s, n);
	if (c)
		list[(*count)++] = c;
}

/* Bytes of the longest run of letters, marks and digits in s[0..n): what
 * the tokenizer would make one word of. */
static size_t longest_word(const char *s, size_t n)
{
	size_t best = 0, run = 0;
	for (size_t i = 0; i < n;) {
		int32_t cp;
		size_t k = vn_utf8_decode((const unsigned char *)s + i, n - i, &cp);
		utf8proc_category_t c = utf8proc_category(cp);
		int in_word = (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_NO);
		run = in_word ? run + k : 0;
		if (run > best)
			best = run;
		i += k ? k : 1;
	}
	return best;
}

static size_t run_tokens(const tc_parsed *p, int run, size_t *seq, int *code_start);

/* Adjacent tokens of each run, except inside a code (its phrase covers it). */
static void find_pairs(tc_parsed *p)
{
	int last_run = 0;
	for (size_t i = 0; i < p->nitems; i++)
		if (p->items[i].run > last_run)
			last_run = p->items[i].run;
	for (int run = 1; run <= last_run; run++) {
		size_t seq[TC_QUERY_MAX_TOKENS];
		int starts[TC_QUERY_MAX_TOKENS];
		size_t n = run_tokens(p, run, seq, starts);
		size_t used = p->nruns ? p->run_first[p->nruns - 1] + p->run_len[p->nruns - 1] : 0;
		if (n >= 2 && p->nruns < TC_QUERY_MAX_ITEMS && used + n <= TC_QUERY_MAX_TOKENS) {
			memcpy(p->run_seq + used, seq, n * sizeof seq[0]);
			p->run_first[p->nruns] = used;
			p->run_len[p->nruns++] = n;
		}
		for (size_t k = 0; k + 1 < n && p->npairs < TC_QUERY_MAX_TOKENS; k++) {
			if (!starts[k + 1])
				continue;
			p->pair_a[p->npairs] = seq[k];
			p->pair_b[p->npairs++] = seq[k + 1];
		}
	}
}

tc_status tc_query_parse(const char *q, size_t n, tc_parsed **out, tc_query_refusal *why,
			 tc_err *err)
{
	*out = NULL;
	if (why)
		*why = TC_QREF_NONE;
	tc_parsed *p = calloc(1, sizeof *p);
	if (!p)
		return TC_ERR_NOMEM;
	if (n > TC_QUERY_MAX_BYTES) {
		n = TC_QUERY_MAX_BYTES;
		while (n > 0 && ((unsigned char)q[n] & 0xC0) == 0x80)
			n--;
		p->truncated = 1;
	}
	tc_buf clean;
	tc_buf_init(&clean, TC_QUERY_MAX_BYTES * 4 + 16);
	tc_status st = vn_text_clean(q, n, &clean, NULL);
	if (st != TC_OK) {
		tc_buf_release(&clean);
		free(p);
		return st == TC_ERR_TOO_BIG ? tc_err_set(err, TC_ERR_USAGE, "query too long") : st;
	}
	const char *s = clean.data ? clean.data : "";
	size_t len = clean.len, i = 0;
	parse_state ps = {0};
	int room = 1;
	while (i < len && room && !p->refusal) {
		while (i < len && tc_ascii_isspace(s[i]))
			i++;
		if (i >= len)
			break;
		int negate = 0, title = 0;
		/* "-34" is a number or a piece of a code (Su -34), not an exclusion. */
		if (s[i] == '-' && i + 1 < len && !tc_ascii_isspace(s[i + 1]) &&
		    !(s[i + 1] >= '0' && s[i + 1] <= '9')) {
			negate = 1;
			i++;
		}
		if (has_prefix(s + i, len - i, "site:")) {
			i += 5;
			size_t b = i;
			while (i < len && !tc_ascii_isspace(s[i]))
				i++;
			add_site(p, s + b, i - b, negate);
			continue;
		}
		if (has_prefix(s + i, len - i, "category:")) {
			i += 9;
			size_t cq = quote_len(s + i, len - i), b = i, e, close = 0;
			if (cq) {
				i += cq;
				b = i;
				while (i < len && !(close = quote_len(s + i, len - i)))
					i++;
				e = i;
				i += close;
			} else {
				while (i < len && !tc_ascii_isspace(s[i]))
					i++;
				e = i;
			}
			add_category(p, s + b, e - b, negate);
			continue;
		}
		if (has_prefix(s + i, len - i, "title:")) {
			title = 1;
			i += 6;
			/* title:-word is -title:word, as a user means it. */
			if (s[i] == '-' && i + 1 < len && !tc_ascii_isspace(s[i + 1]) &&
			    !(s[i + 1] >= '0' && s[i + 1] <= '9')) {
				if (negate)
					refuse(p, TC_QREF_DOUBLE_NOT,
					       "-title:- has two exclusion signs: write -title:word to "
					       "leave out titles with the word");
				negate = 1;
				i++;
			}
		}
		size_t ql = quote_len(s + i, len - i);
		size_t b = i, close = 0;
		if (ql) {
			i += ql;
			b = i;
			while (i < len && !(close = quote_len(s + i, len - i)))
				i++;
		} else {
			while (i < len && !tc_ascii_isspace(s[i]))
				i++;
		}
		/* A word the tokenizer would drop as too long cannot be in any
		 * document: dropping it here would widen the query instead. */
		size_t w = longest_word(s + b, i - b);
		if (w > VN_TOKEN_MAX) {
			refuse(p, TC_QREF_LONG_WORD,
			       "a word of %zu bytes is longer than the %d bytes a word may have "
			       "(longer ones are not indexed)",
			       w, VN_TOKEN_MAX);
			break;
		}
		if (ql) {
			room = add_unit(p, &ps, s + b, i - b, 1, title, negate, 0);
			i += close;
			ps.run_open = 0;
			if (negate)
				ps.chain_open = 0;
			continue;
		}
		if (!negate && !title && i - b == 2 && s[b] == 'O' && s[b + 1] == 'R') {
			ps.or_pending = p->nclauses > 0;
			ps.run_open = ps.chain_open = 0;
			continue;
		}
		if (negate)
			ps.run_open = ps.chain_open = 0;
		/* Is the next unit the OR operator? */
		size_t k = i;
		while (k < len && tc_ascii_isspace(s[k]))
			k++;
		int or_next = k + 2 <= len && s[k] == 'O' && s[k + 1] == 'R' &&
			      (k + 2 == len || tc_ascii_isspace(s[k + 2]));
		room = add_unit(p, &ps, s + b, i - b, 0, title, negate, or_next);
		if (negate)
			ps.run_open = ps.chain_open = 0;
	}
	if (!room)
		p->truncated = 1;
	tc_buf_release(&clean);
	find_pairs(p);
	if (!p->refusal && !p->nclauses) {
		int only_filters = p->nsites || p->nxsites || p->ncats || p->nxcats || p->nexcl;
		refuse(p, only_filters ? TC_QREF_ONLY_FILTERS : TC_QREF_NO_WORDS, "%s",
		       only_filters ? "the query needs at least one word to look for, "
				      "not only exclusions or site: and category: filters"
				    : "the query has no words to look for");
	}
	if (p->refusal) {
		if (why)
			*why = p->refusal;
		st = tc_err_set(err, TC_ERR_USAGE, "%s", p->refusal_msg);
		free(p);
		return st;
	}
	*out = p;
	return TC_OK;
}

void tc_parsed_free(tc_parsed *p)
{
	free(p);
}

int tc_parsed_truncated(const tc_parsed *p)
{
	return p->truncated;
}

size_t tc_parsed_clause_count(const tc_parsed *p)
{
	return p->nclauses;
}

size_t tc_parsed_site_count(const tc_parsed *p)
{
	return p->nsites;
}

const char *tc_parsed_site(const tc_parsed *p, size_t i)
{
	return i < p->nsites ? p->sites[i] : NULL;
}

size_t tc_parsed_xsite_count(const tc_parsed *p)
{
	return p->nxsites;
}

const char *tc_parsed_xsite(const tc_parsed *p, size_t i)
{
	return i < p->nxsites ? p->xsites[i] : NULL;
}

size_t tc_parsed_category_count(const tc_parsed *p)
{
	return p->ncats;
}

const char *tc_parsed_category(const tc_parsed *p, size_t i)
{
	return i < p->ncats ? p->cats[i] : NULL;
}

size_t tc_parsed_xcategory_count(const tc_parsed *p)
{
	return p->nxcats;
}

const char *tc_parsed_xcategory(const tc_parsed *p, size_t i)
{
	return i < p->nxcats ? p->xcats[i] : NULL;
}

size_t tc_parsed_pair_count(const tc_parsed *p)
{
	return p->npairs;
}

size_t tc_parsed_check_run(const tc_parsed *p, const char **folds, int *clause, size_t cap)
{
	int last = 0;
	for (size_t i = 0; i < p->nitems; i++)
		if (p->items[i].chain > last)
			last = p->items[i].chain;
	size_t best = 0;
	for (int chain = 1; chain <= last; chain++) {
		const char *f[TC_QUERY_MAX_TOKENS];
		int c[TC_QUERY_MAX_TOKENS];
		size_t n = 0;
		for (size_t i = 0; i < p->nitems; i++) {
			const qitem *it = &p->items[i];
			if (it->chain != chain)
				continue;
			/* A code is matched by its parts, as the text has them. */
			size_t from = it->kind == ITEM_CODE && it->n > 1 ? it->first + 1 : it->first;
			for (size_t k = from; k < it->first + it->n && n < TC_QUERY_MAX_TOKENS; k++) {
				f[n] = p->tokens[k].fold;
				c[n++] = p->tokens[k].clause;
			}
		}
		if (n > best) {
			best = n < cap ? n : cap;
			memcpy(folds, f, best * sizeof *f);
			memcpy(clause, c, best * sizeof *c);
			clause[0] = 0; /* what came before the run does not count */
			if (n >= cap)
				break;
		}
	}
	return best;
}

size_t tc_parsed_highlight_count(const tc_parsed *p)
{
	return p->nhl;
}

const char *tc_parsed_highlight(const tc_parsed *p, size_t i)
{
	return i < p->nhl ? p->hl[i] : NULL;
}

/* ---- building ---------------------------------------------------------- */

/* What building needs besides the parse: the index's readings of pairs. */
typedef struct builder {
	const tc_parsed *p;
	tc_readings_fn readings; /* NULL: none known */
	void *ctx;
} builder;

static tc_query *term(const char *prefix, const char *s)
{
	char t[TC_TERM_MAX + 1];
	size_t n = tc_schema_term(prefix, s, strlen(s), t);
	/* A term too long to build is in no document. */
	return n ? tc_query_term(t, n, 1) : tc_query_match_nothing();
}

/*
 * Tokens a and b next to each other.  In the title: the T pair.  Elsewhere
 * the index writes a pair once, as its reading (C) when it has a diacritic,
 * else as the folded pair (B): so the pair in any spelling is the B term
 * and every reading the index knows, as one term (OP_SYNONYM).  When the
 * term is too long to be a term (so was never indexed), both words
 * instead: narrower never becomes wider.
 */
static tc_query *pair_term(const builder *bd, const char *prefix, size_t a, size_t b)
{
	const tc_parsed *p = bd->p;
	char t[TC_TERM_MAX + 1];
	const qtok *x = &p->tokens[a], *y = &p->tokens[b];
	size_t n = tc_schema_pair_term(prefix, x->fold, strlen(x->fold), y->fold, strlen(y->fold), t);
	if (n && (strcmp(prefix, TC_PREFIX_PAIR) || !bd->readings))
		return tc_query_term(t, n, 1);
	if (n) {
		tc_reading rd[TC_READINGS_ALL];
		size_t nr = bd->readings(bd->ctx, x->fold, y->fold, rd, TC_READINGS_ALL);
		tc_query *alts[TC_READINGS_ALL + 1];
		size_t na = 0;
		alts[na++] = tc_query_term(t, n, 1);
		for (size_t k = 0; k < nr; k++)
			alts[na++] = tc_query_term(rd[k].term, rd[k].len, 1);
		return na == 1 ? alts[0] : tc_query_combine(TC_Q_SYNONYM, alts, na, 0);
	}
	const char *single = !strcmp(prefix, TC_PREFIX_TITLE_PAIR) ? TC_PREFIX_TITLE : "";
	tc_query *both[2] = {term(single, x->fold), term(single, y->fold)};
	return tc_query_combine(TC_Q_AND, both, 2, 0);
}

/*
 * Words in a row: a word alone, or every pair of neighbours (the index has
 * no positions; a run of three or more is its overlapping pairs, which holds
 * in all but contrived texts).  prefix "" or TC_PREFIX_TITLE says the field.
 */
static tc_query *phrase(const builder *bd, const char *prefix, size_t first, size_t n)
{
	const tc_parsed *p = bd->p;
	if (n == 1)
		return term(prefix, p->tokens[first].fold);
	const char *pair_prefix = *prefix ? TC_PREFIX_TITLE_PAIR : TC_PREFIX_PAIR;
	if (n == 2)
		return pair_term(bd, pair_prefix, first, first + 1);
	tc_query *subs[TC_QUERY_MAX_TOKENS];
	for (size_t k = 0; k + 1 < n; k++)
		subs[k] = pair_term(bd, pair_prefix, first + k, first + k + 1);
	return tc_query_combine(TC_Q_AND, subs, n - 1, 0);
}

/* The reading term of tokens a, b as typed (with their accents). */
static tc_query *typed_reading(const tc_parsed *p, size_t a, size_t b)
{
	char t[TC_TERM_MAX + 1];
	const qtok *x = &p->tokens[a], *y = &p->tokens[b];
	size_t n = tc_schema_reading_term(x->fold, strlen(x->fold), y->fold, strlen(y->fold), x->exact,
					  strlen(x->exact), y->exact, strlen(y->exact), t);
	return n ? tc_query_term(t, n, 1) : NULL;
}

/* What one item matches, with the exact-form bonus when typed with accents. */
static tc_query *item_query(const builder *bd, const qitem *it, int scored)
{
	const tc_parsed *p = bd->p;
	const char *prefix = it->title ? TC_PREFIX_TITLE : "";
	tc_query *core;
	if (it->kind == ITEM_CODE) {
		tc_query *alts[2] = {term(prefix, p->tokens[it->first].fold),
				     phrase(bd, prefix, it->first + 1, it->n - 1)};
		core = it->n > 1 ? tc_query_combine(TC_Q_OR, alts, 2, 0) : (tc_query_free(alts[1]), alts[0]);
	} else {
		core = phrase(bd, prefix, it->first, it->n);
	}
	if (!scored || it->title)
		return core;
	tc_query *exact[2 * TC_QUERY_MAX_TOKENS];
	size_t ne = 0;
	size_t from = it->kind == ITEM_CODE ? it->first + 1 : it->first;
	for (size_t k = from; k < it->first + it->n; k++) {
		if (p->tokens[k].diacritic)
			exact[ne++] = term(TC_PREFIX_EXACT, p->tokens[k].exact);
		/* A phrase typed with accents: its pairs as typed, too. */
		if (k > from && (p->tokens[k - 1].diacritic || p->tokens[k].diacritic)) {
			tc_query *r = typed_reading(p, k - 1, k);
			if (r)
				exact[ne++] = r;
		}
	}
	if (!ne)
		return core;
	tc_query *bonus = ne == 1 ? exact[0] : tc_query_combine(TC_Q_OR, exact, ne, 0);
	tc_query *pair[2] = {core, tc_query_scale(bonus, EXACT_BOOST)};
	/* A word's exact form is only ever indexed with the word, so an OR
	 * weighs as AND_MAYBE would, with fewer postlists (see the pairs'
	 * bonus in tc_parsed_build). */
	int implied = it->kind == ITEM_WORD && it->n == 1;
	return tc_query_combine(implied ? TC_Q_OR : TC_Q_AND_MAYBE, pair, 2, 0);
}

static tc_query *clause_query(const builder *bd, const qclause *c, int scored)
{
	const tc_parsed *p = bd->p;
	if (c->n == 1)
		return item_query(bd, &p->items[c->first], scored);
	tc_query *alts[TC_QUERY_MAX_ITEMS];
	for (size_t k = 0; k < c->n; k++)
		alts[k] = item_query(bd, &p->items[c->first + k], scored);
	return tc_query_combine(TC_Q_OR, alts, c->n, 0);
}

/* The tokens of a run in order (codes by their parts) into seq; returns count. */
static size_t run_tokens(const tc_parsed *p, int run, size_t *seq, int *code_start)
{
	size_t n = 0;
	for (size_t i = 0; i < p->nitems; i++) {
		const qitem *it = &p->items[i];
		if (it->run != run)
			continue;
		size_t from = it->kind == ITEM_CODE && it->n > 1 ? it->first + 1 : it->first;
		for (size_t k = from; k < it->first + it->n && n < TC_QUERY_MAX_TOKENS; k++) {
			code_start[n] = k == from; /* a pair may not start inside a code */
			seq[n++] = k;
		}
	}
	return n;
}

static tc_query *without_excluded(const builder *bd, tc_query *q)
{
	const tc_parsed *p = bd->p;
	if (!p->nexcl)
		return q;
	tc_query *subs[TC_QUERY_MAX_ITEMS + 1];
	subs[0] = q;
	for (size_t k = 0; k < p->nexcl; k++)
		subs[k + 1] = item_query(bd, &p->excl[k], 0);
	return tc_query_combine(TC_Q_AND_NOT, subs, p->nexcl + 1, 0);
}

const char *tc_parsed_clause_word(const tc_parsed *p, size_t k)
{
	if (k >= p->nclauses || p->clauses[k].n != 1)
		return NULL;
	const qitem *it = &p->items[p->clauses[k].first];
	return it->kind == ITEM_WORD && !it->title ? p->tokens[it->first].fold : NULL;
}

/*
 * The readings bonus of the pair (a, b): as typed when typed with an accent,
 * else the likely readings the index knows, each by its share.  NULL: none.
 * *must receives the reading the pair must have to be read as meant: the one
 * typed, or, typed without accents, the dominant one (READING_DOMINANT of
 * the pair's readings); NULL when none is.
 */
static tc_query *pair_bonus(const builder *bd, size_t a, size_t b, tc_query **must)
{
	const tc_parsed *p = bd->p;
	*must = NULL;
	if (p->tokens[a].diacritic || p->tokens[b].diacritic) {
		tc_query *r = typed_reading(p, a, b);
		if (!r)
			return NULL;
		*must = tc_query_clone(r);
		return tc_query_scale(r, READING_BOOST);
	}
	if (!bd->readings)
		return NULL;
	tc_reading rd[TC_READINGS_MAX];
	size_t n = bd->readings(bd->ctx, p->tokens[a].fold, p->tokens[b].fold, rd, TC_READINGS_MAX);
	tc_query *subs[TC_READINGS_MAX];
	size_t ns = 0;
	for (size_t k = 0; k < n; k++)
		if (rd[k].len && rd[k].share > 0)
			subs[ns++] = tc_query_scale(tc_query_term(rd[k].term, rd[k].len, 1),
						    READING_BOOST * rd[k].share);
	if (!ns)
		return NULL;
	if (rd[0].share >= READING_DOMINANT && rd[0].count >= READING_DOMINANT_MIN)
		*must = tc_query_term(rd[0].term, rd[0].len, 1);
	return ns == 1 ? subs[0] : tc_query_combine(TC_Q_OR, subs, ns, 0);
}

/* Every run of two or more words in a row in the title: the bonus of a
 * title that holds what was typed.  NULL when there is no run. */
static tc_query *title_runs(const builder *bd)
{
	const tc_parsed *p = bd->p;
	tc_query *runs[TC_QUERY_MAX_ITEMS];
	size_t nr = 0;
	for (size_t r = 0; r < p->nruns; r++) {
		const size_t *seq = p->run_seq + p->run_first[r];
		size_t n = p->run_len[r];
		tc_query *pairs[TC_QUERY_MAX_TOKENS];
		for (size_t k = 0; k + 1 < n; k++)
			pairs[k] = pair_term(bd, TC_PREFIX_TITLE_PAIR, seq[k], seq[k + 1]);
		tc_query *run = n == 2 ? pairs[0] : tc_query_combine(TC_Q_AND, pairs, n - 1, 0);
		runs[nr++] = tc_query_scale(run, TITLE_RUN_BOOST);
	}
	if (!nr)
		return NULL;
	return nr == 1 ? runs[0] : tc_query_combine(TC_Q_OR, runs, nr, 0);
}

tc_status tc_parsed_build(const tc_parsed *p, const unsigned char *common, tc_readings_fn readings,
			  void *ctx, tc_built *out)
{
	memset(out, 0, sizeof *out);
	const builder bd = {p, readings, ctx};
	tc_query *all[TC_QUERY_MAX_ITEMS + TC_QUERY_MAX_TOKENS], *any[TC_QUERY_MAX_ITEMS];
	/* The same without any bonus, for counting: no exact forms, no pairs. */
	tc_query *all0[TC_QUERY_MAX_ITEMS], *any0[TC_QUERY_MAX_ITEMS];
	size_t kept = 0;
	for (size_t k = 0; k < p->nclauses; k++)
		kept += !(common && common[k]);
	size_t nany = 0;
	size_t nall = 0;
	for (size_t k = 0; k < p->nclauses; k++) {
		/* A word typed twice is asked for once ("thu thu thu thu" holds
		 * the documents of "thu", and counts them the same); its pairs
		 * below still ask for it twice in a row. */
		const char *w = tc_parsed_clause_word(p, k);
		size_t j = 0;
		while (w && j < k && !(tc_parsed_clause_word(p, j) && !strcmp(tc_parsed_clause_word(p, j), w)))
			j++;
		if (w && j < k)
			continue;
		all[nall] = clause_query(&bd, &p->clauses[k], 1);
		all0[nall] = clause_query(&bd, &p->clauses[k], 0);
		/* Very common words cost the relaxed search most and rank least;
		 * leave them out of it unless too little would be left. */
		if (p->nclauses > 1 && (kept < 2 || !(common && common[k]))) {
			any[nany] = tc_query_clone(all[nall]);
			any0[nany++] = tc_query_clone(all0[nall]);
		}
		nall++;
	}
	/* The pairs typed next to each other, each with its readings. */
	tc_query *pairs[TC_QUERY_MAX_TOKENS], *musts[TC_QUERY_MAX_TOKENS];
	size_t npairs = 0, nmusts = 0;
	for (size_t i = 0; i < p->npairs; i++) {
		size_t a = p->pair_a[i], b = p->pair_b[i];
		tc_query *core = pair_term(&bd, TC_PREFIX_PAIR, a, b);
		tc_query *must;
		tc_query *bonus = pair_bonus(&bd, a, b, &must);
		if (must)
			musts[nmusts++] = must;
		if (bonus) {
			/* Its readings are readings of the pair: no document holds
			 * one without the pair, so core OR bonus weighs as core
			 * AND_MAYBE bonus.  Over a local union of shards, AND_MAYBEs
			 * nested under the answer's bonus OR let a document's bonus
			 * go uncounted when Xapian 1.4 pruned (docs/SCALE.md). */
			tc_query *two[2] = {core, bonus};
			core = tc_query_combine(TC_Q_OR, two, 2, 0);
		}
		pairs[npairs++] = core;
	}
	tc_query *title = title_runs(&bd);
	/* Words: every clause and every pair (the words as typed, as units). */
	tc_query *w = NULL;
	if (npairs) {
		tc_query *both[TC_QUERY_MAX_ITEMS + TC_QUERY_MAX_TOKENS];
		size_t nb = 0;
		for (size_t k = 0; k < nall; k++)
			both[nb++] = tc_query_clone(all[k]);
		for (size_t k = 0; k < npairs; k++)
			both[nb++] = tc_query_clone(pairs[k]);
		w = tc_query_combine(TC_Q_AND, both, nb, 0);
		if (title) {
			tc_query *two[2] = {w, tc_query_clone(title)};
			w = tc_query_combine(TC_Q_AND_MAYBE, two, 2, 0);
		}
		w = without_excluded(&bd, w);
	}
	/* Reading: the words, each pair read as typed or as it is likely
	 * meant; weighted as the words tier, so both order alike. */
	tc_query *rd = NULL;
	if (w && nmusts) {
		tc_query *must = nmusts == 1 ? musts[0] : tc_query_combine(TC_Q_AND, musts, nmusts, 0);
		tc_query *two[2] = {tc_query_clone(w), must};
		rd = tc_query_combine(TC_Q_FILTER, two, 2, 0);
	} else {
		for (size_t k = 0; k < nmusts; k++)
			tc_query_free(musts[k]);
	}
	/* The bonus of the strict and relaxed answers: each pair found, and the
	 * runs in the title, so that the more of what was typed stays together,
	 * the higher a match ranks. */
	tc_query *extra[TC_QUERY_MAX_TOKENS + 1];
	size_t nextra = 0;
	for (size_t k = 0; k < npairs; k++)
		extra[nextra++] = pairs[k];
	if (title)
		extra[nextra++] = title;
	tc_query *bonus = !nextra ? NULL
			  : nextra == 1 ? extra[0] : tc_query_combine(TC_Q_OR, extra, nextra, 0);
	tc_query *s = nall == 1 ? all[0] : tc_query_combine(TC_Q_AND, all, nall, 0);
	/* Counting opens every term of a query: the bonuses (each pair's
	 * readings, the exact forms) cost a count more than its matches did. */
	tc_query *sc = nall == 1 ? all0[0] : tc_query_combine(TC_Q_AND, all0, nall, 0);
	sc = without_excluded(&bd, sc);
	tc_query *rc = NULL;
	if (p->nclauses > 1)
		rc = without_excluded(&bd, nany == 1 ? any0[0] : tc_query_combine(TC_Q_OR, any0, nany, 0));
	else
		for (size_t k = 0; k < nany; k++)
			tc_query_free(any0[k]);
	tc_query *r = NULL;
	if (p->nclauses > 1) {
		/* Relaxed: any clause (the caller leaves out what the strict
		 * query found). */
		r = nany == 1 ? any[0] : tc_query_combine(TC_Q_OR, any, nany, 0);
		if (bonus) {
			tc_query *two[2] = {r, tc_query_clone(bonus)};
			r = tc_query_combine(TC_Q_AND_MAYBE, two, 2, 0);
		}
		r = without_excluded(&bd, r);
	}
	if (bonus) {
		tc_query *two[2] = {s, bonus};
		s = tc_query_combine(TC_Q_AND_MAYBE, two, 2, 0);
	}
	s = without_excluded(&bd, s);
	if (!s || !sc || (p->nclauses > 1 && (!r || !rc)) || (npairs && !w) || (nmusts && w && !rd)) {
		tc_query_free(s);
		tc_query_free(r);
		tc_query_free(w);
		tc_query_free(rd);
		tc_query_free(sc);
		tc_query_free(rc);
		return TC_ERR_NOMEM;
	}
	out->reading = rd;
	out->words = w;
	out->strict = s;
	out->relaxed = r;
	out->strict_count = sc;
	out->relaxed_count = rc;
	return TC_OK;
}

tc_status tc_parsed_describe(const tc_parsed *p, char *out, size_t cap)
{
	tc_buf b;
	tc_buf_init(&b, cap ? cap - 1 : 0);
	tc_status st = TC_OK;
	static const char *const kinds[] = {"word", "code", "phrase"};
	for (size_t c = 0; c < p->nclauses && st == TC_OK; c++) {
		const qclause *cl = &p->clauses[c];
		if (c)
			st = tc_buf_append_str(&b, " AND ");
		for (size_t k = 0; k < cl->n && st == TC_OK; k++) {
			const qitem *it = &p->items[cl->first + k];
			st = tc_buf_printf(&b, "%s%s%s(", k ? " OR " : "", it->title ? "title:" : "",
					   kinds[it->kind]);
			for (size_t t = 0; t < it->n && st == TC_OK; t++)
				st = tc_buf_printf(&b, "%s%s", t ? " " : "", p->tokens[it->first + t].exact);
			if (st == TC_OK)
				st = tc_buf_append_str(&b, ")");
		}
	}
	for (size_t k = 0; k < p->nexcl && st == TC_OK; k++) {
		const qitem *it = &p->excl[k];
		st = tc_buf_printf(&b, " NOT %s%s(", it->title ? "title:" : "", kinds[it->kind]);
		for (size_t t = 0; t < it->n && st == TC_OK; t++)
			st = tc_buf_printf(&b, "%s%s", t ? " " : "", p->tokens[it->first + t].exact);
		if (st == TC_OK)
			st = tc_buf_append_str(&b, ")");
	}
	for (size_t k = 0; k < p->nsites && st == TC_OK; k++)
		st = tc_buf_printf(&b, " site:%s", p->sites[k]);
	for (size_t k = 0; k < p->nxsites && st == TC_OK; k++)
		st = tc_buf_printf(&b, " -site:%s", p->xsites[k]);
	for (size_t k = 0; k < p->ncats && st == TC_OK; k++)
		st = tc_buf_printf(&b, " category:\"%s\"", p->cats[k]);
	for (size_t k = 0; k < p->nxcats && st == TC_OK; k++)
		st = tc_buf_printf(&b, " -category:\"%s\"", p->xcats[k]);
	if (st == TC_OK && cap) {
		memcpy(out, b.data ? b.data : "", b.len);
		out[b.len] = '\0';
	}
	tc_buf_release(&b);
	return st;
}

void tc_built_release(tc_built *b)
{
	tc_query_free(b->reading);
	tc_query_free(b->words);
	tc_query_free(b->strict);
	tc_query_free(b->relaxed);
	tc_query_free(b->strict_count);
	tc_query_free(b->relaxed_count);
	memset(b, 0, sizeof *b);
}
