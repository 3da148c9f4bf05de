/*
 * eval.c - tracuu-eval: measure search quality by driving the real
 * tracuu-index and tracuu-search over the shared test corpus.
 *
 * Four query sets, each in several spellings (see README.md in this folder):
 *  - topics: vnmds-topics-dev.tsv over vnmds-2013 mixed with distractors from
 *    the other news files; nDCG@10, recall@10, MRR@10, success@1/@10;
 *  - legal questions: laws-questions-dev.jsonl over laws-alqac;
 *  - known items generated from a seeded sample of the news index: the title
 *    typed without accents, with đ as d, in the other tone-mark style, in NFD,
 *    in capitals, and a body fragment without accents;
 *  - words: frequent Coc Coc search keywords that the news index holds as a
 *    run of words, asked with and without accents, by relevance and newest
 *    first: how much of the top 10 holds the word the person meant.
 * It prints one markdown table, writes it with the run's details to --report,
 * lists failing queries on stderr (never in the report: corpus text must not
 * end up in the repository) and in a TSV file, and exits 1 when a threshold
 * that must hold fails.  Exit 77 when the corpus is absent (CTest: skipped),
 * 2 for usage or environment errors.
 */
#include <errno.h>
#include <getopt.h>
#include <json-c/json.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "ev_corpus.h"
#include "ev_kw.h"
#include "ev_map.h"
#include "ev_metrics.h"
#include "ev_proc.h"
#include "ev_text.h"
#include "tc_buf.h"
#include "tc_dbpath.h"
#include "vn_text.h"
#include "tc_banned.h"

#ifndef TRACUU_EVAL_CORPUS
#define TRACUU_EVAL_CORPUS "../shared/corpus"
#endif

#define EXIT_GATE 1
#define EXIT_ENV 2
#define EXIT_SKIP 77

#define TEXT_MAX (64u << 20) /* cap on any one cleaned field */
#define QUERY_MAX (64u << 10)
#define HITS 10              /* --limit given to the searcher */
#define HOLDERS_MAX 1000     /* documents remembered per fragment */

/* ---- options ---------------------------------------------------------- */

enum { SEC_TOPICS = 1, SEC_KNOWN = 2, SEC_LEGAL = 4, SEC_WORDS = 8, SEC_ALL = 15 };
#define SEC_NEWS (SEC_TOPICS | SEC_KNOWN | SEC_WORDS) /* the sections of the news index */

/* The words section's keywords (see README.md): frequent ones, short
 * enough to be one word or two, and held by enough articles that a perfect
 * engine fills its top 10 with articles holding them. */
#define KW_FREQ_MIN 20000
#define KW_ARTICLES_MIN 10

typedef struct opts {
	const char *index_bin, *search_bin;
	const char *corpus, *work, *report, *json, *failures;
	const char *keywords;  /* NULL: the default beside the corpus */
	long distractors; /* -1: all */
	long sample;
	unsigned long long seed;
	long examples;
	long timeout_s;   /* per query */
	int reuse;
	int gate;
	int words_gate;   /* the words section's thresholds fail the run too */
	unsigned sections;
	int argc;
	char **argv;
} opts;

static void usage(FILE *out)
{
	fputs("usage: tracuu-eval --index BIN --search BIN [options]\n"
	      "\n"
	      "Build indexes from the shared corpus with the real tracuu-index, query them\n"
	      "with the real tracuu-search and report ranking quality.\n"
	      "\n"
	      "  --index BIN        tracuu-index binary\n"
	      "  --search BIN       tracuu-search binary\n"
	      "  --corpus DIR       corpus folder (default $TRACUU_CORPUS, else\n"
	      "                     " TRACUU_EVAL_CORPUS ")\n"
	      "  --work DIR         where indexes and scratch files go (default ./eval-work)\n"
	      "  --distractors N    at most N distractor articles in the news index, drawn\n"
	      "                     at random with the seed (default: all of them)\n"
	      "  --sample N         known items to generate (default 1000)\n"
	      "  --seed N           seed for every random choice (default 20240601)\n"
	      "  --sections LIST    comma-separated: topics,known,legal,words (default all)\n"
	      "  --report FILE      write the markdown report there (e.g. docs/QUALITY.md)\n"
	      "  --json FILE        write every row's measures as JSON there (for bench/run)\n"
	      "  --failures FILE    every failing query as TSV (default WORK/failures.tsv)\n"
	      "  --examples N       failing queries shown per row on stderr (default 5)\n"
	      "  --keywords FILE    search keywords for the words section, keyword TAB\n"
	      "                     frequency per line (default\n"
	      "                     CORPUS/../queries/coccoc-keywords-dev.tsv; when that\n"
	      "                     is absent the section is skipped)\n"
	      "  --timeout S        seconds the searcher may take for one query before it\n"
	      "                     is killed and restarted; the query counts as an error\n"
	      "                     (default 30; 0: wait forever)\n"
	      "  --reuse            keep the indexes of an earlier run with the same\n"
	      "                     --distractors and --seed instead of rebuilding\n"
	      "  --no-gate          exit 0 even when a threshold fails\n"
	      "  --words-gate       also fail on the words section's thresholds (reported\n"
	      "                     either way)\n"
	      "  -h, --help         this help\n"
	      "\n"
	      "Exit status: 0 all thresholds hold, 1 a threshold fails, 2 usage or\n"
	      "environment error, 77 corpus absent (skipped).\n",
	      out);
}

static int parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno || v < min || v > max)
		return 0;
	*out = v;
	return 1;
}

static int parse_sections(const char *s, unsigned *out)
{
	unsigned m = 0;
	while (*s) {
		const char *e = strchr(s, ',');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		if (n == 6 && !memcmp(s, "topics", 6))
			m |= SEC_TOPICS;
		else if (n == 5 && !memcmp(s, "known", 5))
			m |= SEC_KNOWN;
		else if (n == 5 && !memcmp(s, "legal", 5))
			m |= SEC_LEGAL;
		else if (n == 5 && !memcmp(s, "words", 5))
			m |= SEC_WORDS;
		else if (n == 3 && !memcmp(s, "all", 3))
			m |= SEC_ALL;
		else
			return 0;
		s += n;
		if (*s == ',')
			s++;
	}
	*out = m;
	return m != 0;
}

static int parse_opts(int argc, char **argv, opts *o)
{
	static const struct option longs[] = {
		{"index", required_argument, NULL, 'i'},
		{"search", required_argument, NULL, 's'},
		{"corpus", required_argument, NULL, 'c'},
		{"work", required_argument, NULL, 'w'},
		{"distractors", required_argument, NULL, 'd'},
		{"sample", required_argument, NULL, 'n'},
		{"seed", required_argument, NULL, 'S'},
		{"sections", required_argument, NULL, 'x'},
		{"report", required_argument, NULL, 'r'},
		{"json", required_argument, NULL, 'j'},
		{"failures", required_argument, NULL, 'f'},
		{"examples", required_argument, NULL, 'e'},
		{"keywords", required_argument, NULL, 'K'},
		{"words-gate", no_argument, NULL, 'g'},
		{"reuse", no_argument, NULL, 'R'},
		{"timeout", required_argument, NULL, 'T'},
		{"no-gate", no_argument, NULL, 'G'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}};
	memset(o, 0, sizeof *o);
	o->distractors = -1;
	o->sample = 1000;
	o->seed = 20240601ULL;
	o->examples = 5;
	o->timeout_s = 30;
	o->gate = 1;
	o->sections = SEC_ALL;
	o->work = "eval-work";
	o->argc = argc;
	o->argv = argv;
	o->corpus = getenv("TRACUU_CORPUS");
	if (!o->corpus || !*o->corpus)
		o->corpus = TRACUU_EVAL_CORPUS;
	int c;
	long v;
	while ((c = getopt_long(argc, argv, "h", longs, NULL)) != -1) {
		switch (c) {
		case 'i': o->index_bin = optarg; break;
		case 's': o->search_bin = optarg; break;
		case 'c': o->corpus = optarg; break;
		case 'w': o->work = optarg; break;
		case 'r': o->report = optarg; break;
		case 'j': o->json = optarg; break;
		case 'f': o->failures = optarg; break;
		case 'K': o->keywords = optarg; break;
		case 'g': o->words_gate = 1; break;
		case 'R': o->reuse = 1; break;
		case 'G': o->gate = 0; break;
		case 'd':
			if (!strcmp(optarg, "all")) {
				o->distractors = -1;
				break;
			}
			if (!parse_long(optarg, 0, 100000000, &o->distractors)) {
				fprintf(stderr, "tracuu-eval: --distractors wants a count or 'all'\n");
				return 0;
			}
			break;
		case 'n':
			if (!parse_long(optarg, 0, 1000000, &o->sample)) {
				fprintf(stderr, "tracuu-eval: --sample wants 0..1000000\n");
				return 0;
			}
			break;
		case 'S':
			if (!parse_long(optarg, 0, 0x7fffffffL, &v)) {
				fprintf(stderr, "tracuu-eval: --seed wants a non-negative number\n");
				return 0;
			}
			o->seed = (unsigned long long)v;
			break;
		case 'e':
			if (!parse_long(optarg, 0, 100000, &o->examples)) {
				fprintf(stderr, "tracuu-eval: --examples wants 0..100000\n");
				return 0;
			}
			break;
		case 'T':
			if (!parse_long(optarg, 0, 86400, &o->timeout_s)) {
				fprintf(stderr, "tracuu-eval: --timeout wants seconds, 0..86400\n");
				return 0;
			}
			break;
		case 'x':
			if (!parse_sections(optarg, &o->sections)) {
				fprintf(stderr, "tracuu-eval: --sections wants a comma-separated list of "
						"topics, known, legal, words (or all), not '%s'\n",
					optarg);
				return 0;
			}
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return 0;
		}
	}
	if (optind != argc || !o->index_bin || !o->search_bin) {
		usage(stderr);
		return 0;
	}
	return 1;
}

/* ---- small helpers ---------------------------------------------------- */

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t splitmix(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static size_t rand_below(uint64_t *s, size_t n)
{
	return n ? (size_t)(splitmix(s) % n) : 0;
}

static void shuffle(int *v, size_t n, uint64_t *rng)
{
	for (size_t i = n; i > 1; i--) {
		size_t j = rand_below(rng, i);
		int t = v[i - 1];
		v[i - 1] = v[j];
		v[j] = t;
	}
}

static int path_join(char *out, size_t cap, const char *a, const char *b)
{
	int n = snprintf(out, cap, "%s/%s", a, b);
	return n >= 0 && (size_t)n < cap;
}

static int file_exists(const char *p)
{
	struct stat sb;
	return stat(p, &sb) == 0;
}

static int mkdir_p(const char *path)
{
	char tmp[TC_PATH_MAX];
	size_t n = strlen(path);
	if (n == 0 || n >= sizeof tmp)
		return -1;
	memcpy(tmp, path, n + 1);
	for (size_t i = 1; i < n; i++) {
		if (tmp[i] != '/')
			continue;
		tmp[i] = '\0';
		if (mkdir(tmp, 0777) < 0 && errno != EEXIST)
			return -1;
		tmp[i] = '/';
	}
	if (mkdir(tmp, 0777) < 0 && errno != EEXIST)
		return -1;
	return 0;
}

/* A malloc'd query-clean copy of s[0..n) (see ev_text_query); NULL on error. */
static char *clean_dup(const char *s, size_t n)
{
	tc_buf b;
	tc_buf_init(&b, TEXT_MAX);
	if (ev_text_query(s, n, &b) != TC_OK) {
		tc_buf_release(&b);
		return NULL;
	}
	return tc_buf_detach(&b, NULL);
}

static void die_nomem(void)
{
	fprintf(stderr, "tracuu-eval: out of memory\n");
	exit(EXIT_ENV);
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);
	if (!p)
		die_nomem();
	return p;
}

/* ---- the news corpus as the index holds it ---------------------------- */

static const char *const news_files[] = {"vnmds-2013.jsonl.gz", "dantri-2020.jsonl.gz",
					 "baomoi-2017.jsonl.gz", "vnds-test.jsonl.gz"};
#define NEWS_FILES 4
#define DISTRACTOR_SUBSET "distractors.jsonl"

typedef struct rec {
	char *url;    /* cleaned */
	char *title;  /* cleaned, white space collapsed */
	int file;     /* index into news_files */
	int syll;     /* words with letters in the title */
	int valid;    /* the indexer would accept it */
	int indexed;  /* chosen for the news index */
	int live;     /* indexed and not replaced by a later record with its URL */
	int group;    /* same-title group among live records */
	int item;     /* index into the known-item sample, or -1 */
} rec;

typedef struct news {
	rec *v;
	size_t n, cap;
	ev_strmap *by_url;  /* live records */
	size_t in_file[NEWS_FILES], indexed_in_file[NEWS_FILES];
	size_t live;
} news;

static int pass1_cb(void *ctx, const ev_article *a)
{
	news *nw = ctx;
	if (nw->n == nw->cap) {
		size_t ncap = nw->cap ? nw->cap * 2 : 4096;
		rec *nv = realloc(nw->v, ncap * sizeof *nv);
		if (!nv)
			die_nomem();
		nw->v = nv;
		nw->cap = ncap;
	}
	rec *r = &nw->v[nw->n];
	memset(r, 0, sizeof *r);
	r->url = clean_dup(a->url, a->url_len);
	r->title = clean_dup(a->title, a->title_len);
	if (!r->url || !r->title)
		die_nomem();
	r->item = -1;
	r->group = -1;
	r->valid = r->url[0] && (a->title_len || a->summary_len || a->body_len);
	ev_words w;
	ev_words_init(&w);
	if (ev_words_split(&w, r->title, strlen(r->title)) != TC_OK)
		die_nomem();
	for (size_t i = 0; i < w.n; i++)
		r->syll += w.v[i].letters;
	ev_words_release(&w);
	nw->n++;
	return 0;
}

/* ---- known items ------------------------------------------------------ */

enum { V_TITLE, V_FOLD, V_DD, V_FRAG, V_TONE, V_NFD, V_UPPER, V_COUNT };

typedef struct item {
	int rec;
	char *q[V_COUNT];       /* NULL: the variant is left out for this item */
	ev_words frag_words;    /* words of the folded fragment */
	int *holders;           /* records whose text contains the fragment */
	size_t nholders, holders_cap;
	char **canon;           /* top hits of the canonical query */
	size_t ncanon;
} item;

typedef struct known {
	item *v;
	size_t n;
	ev_u64map *shingles;    /* hash of a fragment's first 5 words -> item */
	size_t frag_skipped;
} known;

#define SHINGLE 5

static uint64_t word_hash(const char *s, const ev_span *w)
{
	return ev_hash(s + w->start, w->end - w->start);
}

static uint64_t shingle_hash(const char *s, const ev_span *w)
{
	uint64_t h = 0;
	for (int k = 0; k < SHINGLE; k++)
		h = h * 0x100000001b3ULL + word_hash(s, &w[k]) + (uint64_t)k;
	return h;
}

/*
 * Choose a fragment of 5-7 consecutive words of the body: its length and its
 * first word drawn uniformly (one draw, no retries), anywhere in the body,
 * across paragraphs, whatever its words are.  The issue asks for fragments
 * drawn as a person would paste them, generic ones included ("toi rat lay
 * lam tiec"): a draw that rejected dull or awkward fragments would measure a
 * friendlier set than the one people type.  NULL when the body has fewer than
 * 5 words.  The result is the folded fragment (malloc'd), its words in
 * it->frag_words.
 */
static char *pick_fragment(item *it, const char *body, size_t body_len, uint64_t seed)
{
	tc_buf clean, fold, tmp;
	tc_buf_init(&clean, TEXT_MAX);
	tc_buf_init(&fold, QUERY_MAX);
	tc_buf_init(&tmp, QUERY_MAX);
	ev_words w;
	ev_words_init(&w);
	char *res = NULL;
	if (vn_text_clean(body, body_len, &clean, NULL) != TC_OK || !clean.data ||
	    ev_words_split(&w, clean.data, clean.len) != TC_OK || w.n < SHINGLE)
		goto done;
	uint64_t rng = seed;
	size_t len = 5 + rand_below(&rng, 3);
	if (len > w.n)
		len = w.n;
	size_t start = rand_below(&rng, w.n - len + 1);
	size_t b = w.v[start].start, e = w.v[start + len - 1].end;
	if (ev_text_fold(clean.data + b, e - b, &tmp) != TC_OK ||
	    ev_text_query(tmp.data ? tmp.data : "", tmp.len, &fold) != TC_OK ||
	    ev_words_split(&it->frag_words, fold.data ? fold.data : "", fold.len) != TC_OK ||
	    it->frag_words.n < SHINGLE)
		goto done;
	res = tc_buf_detach(&fold, NULL);
done:
	tc_buf_release(&clean);
	tc_buf_release(&fold);
	tc_buf_release(&tmp);
	ev_words_release(&w);
	return res;
}

typedef tc_status (*variant_fn)(const char *s, size_t n, tc_buf *out);

/* A variant of the title; NULL when it equals the canonical query (the item
 * then tells nothing about this spelling) or on error. */
static char *title_variant(const char *title, variant_fn fn)
{
	tc_buf b;
	tc_buf_init(&b, QUERY_MAX);
	size_t n = strlen(title);
	if (fn(title, n, &b) != TC_OK || (b.len == n && !memcmp(b.data, title, n))) {
		tc_buf_release(&b);
		return NULL;
	}
	return tc_buf_detach(&b, NULL);
}

static char *tone_variant(const char *title)
{
	tc_buf b;
	tc_buf_init(&b, QUERY_MAX);
	int changed = 0;
	if (ev_text_tone_flip(title, strlen(title), &b, &changed) != TC_OK || !changed) {
		tc_buf_release(&b);
		return NULL;
	}
	return tc_buf_detach(&b, NULL);
}

/* Pass 2: write the distractor subset, pick fragments for the sample. */
typedef struct pass2 {
	news *nw;
	known *kn;
	FILE *subset;   /* NULL when every distractor is indexed */
	size_t next;    /* record counter, in the order of pass 1 */
	uint64_t seed;
	int failed;
} pass2;

static int pass2_cb(void *ctx, const ev_article *a)
{
	pass2 *p = ctx;
	if (p->next >= p->nw->n) {
		p->failed = 1; /* the files changed under us */
		return 1;
	}
	int id = (int)p->next++;
	rec *r = &p->nw->v[id];
	if (p->subset && r->file > 0 && r->indexed) {
		if (fwrite(a->line, 1, a->line_len, p->subset) != a->line_len ||
		    fputc('\n', p->subset) == EOF) {
			p->failed = 1;
			return 1;
		}
	}
	if (r->item >= 0 && p->kn) {
		item *it = &p->kn->v[r->item];
		uint64_t s = p->seed ^ (0x9e3779b97f4a7c15ULL * (uint64_t)(id + 1));
		it->q[V_FRAG] = pick_fragment(it, a->body, a->body_len, s);
		if (!it->q[V_FRAG])
			p->kn->frag_skipped++;
	}
	return 0;
}

/* Pass 3: which live records contain each fragment (duplicated articles). */
typedef struct pass3 {
	news *nw;
	known *kn;
	size_t next;
	tc_buf clean, fold;
	ev_words w;
	int failed;
} pass3;

typedef struct match_ctx {
	known *kn;
	const char *text;
	const ev_span *at;  /* the window's first word */
	size_t left;        /* words from at to the end of the text */
	int rec;
} match_ctx;

static void match_one(void *ctx, int value)
{
	match_ctx *m = ctx;
	item *it = &m->kn->v[value];
	const ev_words *fw = &it->frag_words;
	if (fw->n > m->left)
		return;
	const char *fq = it->q[V_FRAG];
	for (size_t k = 0; k < fw->n; k++) {
		const ev_span *a = &m->at[k], *b = &fw->v[k];
		size_t la = a->end - a->start, lb = b->end - b->start;
		if (la != lb || memcmp(m->text + a->start, fq + b->start, la))
			return;
	}
	for (size_t k = 0; k < it->nholders; k++)
		if (it->holders[k] == m->rec)
			return;
	if (it->nholders == HOLDERS_MAX)
		return;
	if (it->nholders == it->holders_cap) {
		size_t ncap = it->holders_cap ? it->holders_cap * 2 : 4;
		int *nh = realloc(it->holders, ncap * sizeof *nh);
		if (!nh)
			die_nomem();
		it->holders = nh;
		it->holders_cap = ncap;
	}
	it->holders[it->nholders++] = m->rec;
}

static void scan_field(pass3 *p, int id, const char *s, size_t n)
{
	if (!n)
		return;
	tc_buf_reset(&p->clean);
	tc_buf_reset(&p->fold);
	if (vn_text_clean(s, n, &p->clean, NULL) != TC_OK || !p->clean.data ||
	    ev_text_fold(p->clean.data, p->clean.len, &p->fold) != TC_OK || !p->fold.data ||
	    ev_words_split(&p->w, p->fold.data, p->fold.len) != TC_OK)
		return;
	match_ctx m = {p->kn, p->fold.data, NULL, 0, id};
	for (size_t i = 0; i + SHINGLE <= p->w.n; i++) {
		uint64_t h = shingle_hash(p->fold.data, &p->w.v[i]);
		if (!ev_u64map_has(p->kn->shingles, h))
			continue;
		m.at = &p->w.v[i];
		m.left = p->w.n - i;
		ev_u64map_each(p->kn->shingles, h, match_one, &m);
	}
}

static int pass3_cb(void *ctx, const ev_article *a)
{
	pass3 *p = ctx;
	if (p->next >= p->nw->n) {
		p->failed = 1;
		return 1;
	}
	int id = (int)p->next++;
	if (!p->nw->v[id].live)
		return 0;
	scan_field(p, id, a->title, a->title_len);
	scan_field(p, id, a->summary, a->summary_len);
	scan_field(p, id, a->body, a->body_len);
	return 0;
}

/* ---- rows, failures, gates -------------------------------------------- */

enum {
	R_TOPICS_ACC, R_TOPICS_FOLD,
	R_KNOWN_TITLE, R_KNOWN_FOLD, R_KNOWN_DD, R_KNOWN_FRAG, R_KNOWN_TONE, R_KNOWN_NFD,
	R_KNOWN_UPPER,
	R_WORDS_ACC, R_WORDS_FOLD, R_WORDS_DATE_ACC, R_WORDS_DATE_FOLD,
	R_LEGAL_ACC, R_LEGAL_FOLD,
	R_COUNT
};

#define C_RANK (EV_COL_S1 | EV_COL_S10 | EV_COL_RR | EV_COL_NDCG | EV_COL_RECALL)
#define C_KNOWN (EV_COL_S1 | EV_COL_S10 | EV_COL_RR)
#define C_WORDS (EV_COL_S1 | EV_COL_P10)

static ev_row rows[R_COUNT] = {
	[R_TOPICS_ACC] = {"topics.accented", "Topics", "accented, as given", C_RANK, 10},
	[R_TOPICS_FOLD] = {"topics.unaccented", "Topics", "accents removed", C_RANK, 10},
	[R_KNOWN_TITLE] = {"known.title", "Known item", "title as written (canonical; asked twice)",
			   C_KNOWN | EV_COL_SAME, 10},
	[R_KNOWN_FOLD] = {"known.unaccented", "Known item", "(a) title, accents removed", C_KNOWN, 10},
	[R_KNOWN_DD] = {"known.dd", "Known item", "(b) title, only đ typed as d", C_KNOWN, 10},
	[R_KNOWN_FRAG] = {"known.fragment", "Known item", "(c) body fragment, 5-7 words, no accents",
			  C_KNOWN, 10},
	[R_KNOWN_TONE] = {"known.tone", "Known item", "(d) title, other tone-mark style",
			  C_KNOWN | EV_COL_SAME, 10},
	[R_KNOWN_NFD] = {"known.nfd", "Known item", "(e) title in NFD", C_KNOWN | EV_COL_SAME, 10},
	[R_KNOWN_UPPER] = {"known.upper", "Known item", "(f) title in upper case",
			   C_KNOWN | EV_COL_SAME, 10},
	[R_WORDS_ACC] = {"words.accented", "Words",
			 "keyword as typed: top 10 holding it as a run of words (word intent)", C_WORDS,
			 10},
	[R_WORDS_FOLD] = {"words.unaccented", "Words",
			  "keyword without accents: top 10 holding the accented keyword", C_WORDS, 10},
	[R_WORDS_DATE_ACC] = {"words.date.accented", "Words, --sort date",
			      "keyword as typed: top 10 holding its syllables, accents ignored",
			      C_WORDS, 10},
	[R_WORDS_DATE_FOLD] = {"words.date.unaccented", "Words, --sort date",
			       "keyword without accents: top 10 holding its syllables, accents "
			       "ignored",
			       C_WORDS, 10},
	[R_LEGAL_ACC] = {"legal.accented", "Legal questions", "accented, as given", C_RANK, 10},
	[R_LEGAL_FOLD] = {"legal.unaccented", "Legal questions", "accents removed", C_RANK, 10},
};

static const int variant_row[V_COUNT] = {
	[V_TITLE] = R_KNOWN_TITLE, [V_FOLD] = R_KNOWN_FOLD, [V_DD] = R_KNOWN_DD,
	[V_FRAG] = R_KNOWN_FRAG,   [V_TONE] = R_KNOWN_TONE, [V_NFD] = R_KNOWN_NFD,
	[V_UPPER] = R_KNOWN_UPPER};

typedef struct gate {
	int row;
	ev_measure m;
	double min;
	const char *what;
	int words; /* fails the run only with --words-gate (issue 16's musts, for
		      the ranking work to meet; always reported) */
} gate;

static const gate gates[] = {
	{R_KNOWN_FOLD, EV_M_S1, 0.98, "Known item: title without accents, s@1", 0},
	{R_KNOWN_DD, EV_M_S1, 0.98, "Known item: title with đ typed as d, s@1", 0},
	{R_KNOWN_FRAG, EV_M_S1, 0.85, "Known item: body fragment, s@1", 0},
	{R_KNOWN_FRAG, EV_M_S10, 0.97, "Known item: body fragment, s@10", 0},
	{R_KNOWN_TONE, EV_M_SAME, 1.0, "Other tone-mark style: top 10 identical", 0},
	{R_KNOWN_NFD, EV_M_SAME, 1.0, "NFD: top 10 identical", 0},
	{R_KNOWN_UPPER, EV_M_SAME, 1.0, "Upper case: top 10 identical", 0},
	{R_TOPICS_ACC, EV_M_NDCG, 0.72, "Topics, accented: nDCG@10", 0},
	{R_TOPICS_FOLD, EV_M_NDCG, 0.72, "Topics, accents removed: nDCG@10", 0},
	{R_LEGAL_ACC, EV_M_RECALL, 0.88, "Legal questions: recall@10", 0},
	{R_WORDS_ACC, EV_M_P10, 0.93, "Words: word-intent share, keyword as typed", 1},
	{R_WORDS_FOLD, EV_M_P10, 0.82, "Words: word-intent share, keyword without accents", 1},
	{R_WORDS_DATE_ACC, EV_M_P10, 0.95,
	 "Words, --sort date: top 10 holding the syllables, keyword as typed", 1},
	{R_WORDS_DATE_FOLD, EV_M_P10, 0.95,
	 "Words, --sort date: top 10 holding the syllables, keyword without accents", 1},
};
#define NGATES (sizeof gates / sizeof gates[0])

/* A failing query, for the lead to look at (stderr and the TSV only). */
typedef struct failure {
	int row;
	char *query;
	char *expected;       /* URL */
	char *expected_title; /* may be NULL */
	int rank;             /* of the first relevant hit; 0: not in the top 10; -1: n/a */
	char *got_url, *got_title;
	char *detail;         /* may be NULL */
} failure;

static failure *fails;
static size_t nfails, fails_cap;

static char *xstrdup(const char *s)
{
	char *p = strdup(s ? s : "");
	if (!p)
		die_nomem();
	return p;
}

/* Record a failure; the hit shown is a->hits[hit] (the first one that went
 * wrong), or what the answer was instead when it has no such hit. */
static void add_failure_at(int row, const char *query, const char *expected,
			   const char *expected_title, int rank, const ev_answer *a, size_t hit,
			   const char *detail)
{
	if (nfails == fails_cap) {
		size_t ncap = fails_cap ? fails_cap * 2 : 256;
		failure *nf = realloc(fails, ncap * sizeof *nf);
		if (!nf)
			die_nomem();
		fails = nf;
		fails_cap = ncap;
	}
	failure *f = &fails[nfails++];
	f->row = row;
	f->query = xstrdup(query);
	f->expected = xstrdup(expected);
	f->expected_title = expected_title ? xstrdup(expected_title) : NULL;
	f->rank = rank;
	if (a && hit < a->n) {
		f->got_url = xstrdup(a->hits[hit].url);
		f->got_title = xstrdup(a->hits[hit].title);
	} else if (a && a->error) {
		f->got_url = xstrdup("(error)");
		f->got_title = xstrdup(a->error_msg);
	} else if (a && a->n) {
		f->got_url = xstrdup("(no more hits)");
		f->got_title = NULL;
	} else {
		f->got_url = xstrdup("(no hits)");
		f->got_title = NULL;
	}
	f->detail = detail ? xstrdup(detail) : NULL;
}

static void add_failure(int row, const char *query, const char *expected,
			const char *expected_title, int rank, const ev_answer *a, const char *detail)
{
	add_failure_at(row, query, expected, expected_title, rank, a, 0, detail);
}

/* ---- asking the searcher ---------------------------------------------- */

/*
 * A conversation with the searcher that survives it: when a query gets no
 * answer in time, or the searcher dies, the query is answered with an error
 * (it counts as a miss), the searcher is restarted and the run goes on.
 * Only a searcher that fails again and again stops the run.
 */
typedef struct session {
	ev_searcher *s;
	const char *bin, *db;
	const char *const *extra; /* further searcher options, or NULL */
	long timeout_ms;
	int failures_in_a_row;
} session;

static size_t session_timeouts, session_crashes;

static int session_start(session *ss, const opts *o, const char *db, const char *const *extra)
{
	ss->bin = o->search_bin;
	ss->db = db;
	ss->extra = extra;
	ss->timeout_ms = o->timeout_s * 1000;
	ss->failures_in_a_row = 0;
	if (ev_searcher_start(ss->bin, db, HITS, ss->extra, &ss->s) != TC_OK) {
		fprintf(stderr, "tracuu-eval: cannot start %s\n", ss->bin);
		ss->s = NULL;
		return 0;
	}
	return 1;
}

static void session_end(session *ss)
{
	if (!ss->s)
		return;
	int rc = ev_searcher_free(ss->s);
	ss->s = NULL;
	if (rc != 0)
		fprintf(stderr, "tracuu-eval: the searcher exited with status %d\n", rc);
}

/* Returns 0 only when the searcher cannot be kept running. */
static int ask(session *ss, const char *q, ev_answer *a)
{
	if (!ss->s)
		return 0;
	tc_status st = ev_searcher_query(ss->s, q, strlen(q), ss->timeout_ms, a);
	if (st == TC_OK) {
		ss->failures_in_a_row = 0;
		return 1;
	}
	int timed_out = ev_searcher_timed_out(ss->s);
	if (timed_out)
		session_timeouts++;
	else
		session_crashes++;
	fprintf(stderr, "tracuu-eval: %s; restarting it. Query: %s\n",
		timed_out ? "the searcher did not answer in time" : "the searcher stopped answering",
		q);
	int rc = ev_searcher_free(ss->s);
	ss->s = NULL;
	if (!timed_out)
		fprintf(stderr, "tracuu-eval: the searcher exited with status %d\n", rc);
	ev_answer_release(a);
	a->error = 1;
	a->error_msg = xstrdup(timed_out ? "no answer in time (searcher killed)"
					 : "the searcher died on this query");
	if (++ss->failures_in_a_row >= 3) {
		fprintf(stderr, "tracuu-eval: the searcher failed 3 queries in a row; giving up\n");
		return 0;
	}
	if (ev_searcher_start(ss->bin, ss->db, HITS, ss->extra, &ss->s) != TC_OK) {
		fprintf(stderr, "tracuu-eval: cannot restart %s\n", ss->bin);
		ss->s = NULL;
		return 0;
	}
	return 1;
}

static char *clean_url_dup(const char *u)
{
	char *c = clean_dup(u, strlen(u));
	if (!c)
		die_nomem();
	return c;
}

/* Count an answer that lists one URL twice (a searcher defect). */
static void note_repeats(int row, const ev_answer *a)
{
	for (size_t i = 1; i < a->n; i++)
		for (size_t j = 0; j < i; j++)
			if (!strcmp(a->hits[i].url, a->hits[j].url)) {
				rows[row].repeats++;
				return;
			}
}

/* Score an answer against a list of relevant URLs (topics, legal). */
static void score_list(int row, const char *query, char **relv, size_t nrel,
		       const ev_answer *a)
{
	unsigned char rel[HITS] = {0};
	size_t n = a->n < HITS ? a->n : HITS;
	int first = 0;
	for (size_t i = 0; i < n; i++) {
		char *u = clean_url_dup(a->hits[i].url);
		for (size_t k = 0; k < nrel; k++) {
			if (strcmp(u, relv[k]))
				continue;
			int dup = 0; /* count each relevant document once */
			for (size_t j = 0; j < i; j++)
				if (rel[j] && !strcmp(a->hits[j].url, a->hits[i].url))
					dup = 1;
			rel[i] = (unsigned char)!dup;
			if (!dup && !first)
				first = (int)i + 1;
		}
		free(u);
	}
	ev_query_score q = ev_score(rel, n, nrel, rows[row].rr_cutoff);
	if (ev_row_add(&rows[row], q, a->took_ms, a->error) != TC_OK)
		die_nomem();
	note_repeats(row, a);
	if (first != 1) {
		char detail[96];
		snprintf(detail, sizeof detail, "%zu relevant, %.0f in the top 10; nDCG@10 %.2f", nrel,
			 q.recall10 * (double)nrel, q.ndcg10);
		add_failure(row, query, relv[0], NULL, first, a, detail);
	}
}

/* ---- topics ----------------------------------------------------------- */

typedef struct qrel {
	char *query;
	char **rel;
	size_t nrel;
} qrel;

typedef struct qset {
	qrel *v;
	size_t n, cap;
} qset;

static void qset_add(qset *s, char *query, char **rel, size_t nrel)
{
	if (s->n == s->cap) {
		size_t ncap = s->cap ? s->cap * 2 : 64;
		qrel *nv = realloc(s->v, ncap * sizeof *nv);
		if (!nv)
			die_nomem();
		s->v = nv;
		s->cap = ncap;
	}
	s->v[s->n++] = (qrel){query, rel, nrel};
}

static void qset_release(qset *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].query);
		for (size_t k = 0; k < s->v[i].nrel; k++)
			free(s->v[i].rel[k]);
		free(s->v[i].rel);
	}
	free(s->v);
	memset(s, 0, sizeof *s);
}

/* Append url to a relevant list unless it is there already. */
static void rel_add(char ***rel, size_t *n, const char *url, size_t len)
{
	char *u = clean_dup(url, len);
	if (!u)
		die_nomem();
	for (size_t k = 0; k < *n; k++)
		if (!strcmp((*rel)[k], u)) {
			free(u);
			return;
		}
	char **nr = realloc(*rel, (*n + 1) * sizeof *nr);
	if (!nr)
		die_nomem();
	*rel = nr;
	(*rel)[(*n)++] = u;
}

/* vnmds-topics-dev.tsv: topic_id TAB query TAB urls separated by spaces or commas. */
static int load_topics(const char *path, qset *out)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "tracuu-eval: cannot open %s: %s\n", path, strerror(errno));
		return 0;
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t got;
	while ((got = getline(&line, &cap, f)) > 0) {
		if (line[0] == '#')
			continue;
		char *t1 = strchr(line, '\t');
		char *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
		if (!t2)
			continue;
		char *query = clean_dup(t1 + 1, (size_t)(t2 - t1 - 1));
		if (!query)
			die_nomem();
		char **rel = NULL;
		size_t nrel = 0;
		char *p = t2 + 1;
		while (*p) {
			while (*p == ' ' || *p == ',' || *p == '\t' || *p == '\n' || *p == '\r')
				p++;
			char *e = p;
			while (*e && *e != ' ' && *e != ',' && *e != '\t' && *e != '\n' && *e != '\r')
				e++;
			if (e > p)
				rel_add(&rel, &nrel, p, (size_t)(e - p));
			p = e;
		}
		if (!query[0] || !nrel) {
			free(query);
			for (size_t k = 0; k < nrel; k++)
				free(rel[k]);
			free(rel);
			continue;
		}
		qset_add(out, query, rel, nrel);
	}
	free(line);
	fclose(f);
	return 1;
}

/* laws-questions-dev.jsonl: {"query": ..., "relevant": [urls]}. */
static int load_legal(const char *path, qset *out)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "tracuu-eval: cannot open %s: %s\n", path, strerror(errno));
		return 0;
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t got;
	json_tokener *tok = json_tokener_new();
	if (!tok)
		die_nomem();
	while ((got = getline(&line, &cap, f)) > 0) {
		json_tokener_reset(tok);
		json_object *o = json_tokener_parse_ex(tok, line, (int)got), *q, *r;
		if (!o || !json_object_object_get_ex(o, "query", &q) ||
		    !json_object_object_get_ex(o, "relevant", &r) ||
		    !json_object_is_type(r, json_type_array)) {
			json_object_put(o);
			continue;
		}
		char *query = clean_dup(json_object_get_string(q),
					(size_t)json_object_get_string_len(q));
		if (!query)
			die_nomem();
		char **rel = NULL;
		size_t nrel = 0;
		for (size_t i = 0; i < json_object_array_length(r); i++) {
			json_object *u = json_object_array_get_idx(r, i);
			if (u && json_object_is_type(u, json_type_string))
				rel_add(&rel, &nrel, json_object_get_string(u),
					(size_t)json_object_get_string_len(u));
		}
		json_object_put(o);
		if (!query[0] || !nrel) {
			free(query);
			for (size_t k = 0; k < nrel; k++)
				free(rel[k]);
			free(rel);
			continue;
		}
		qset_add(out, query, rel, nrel);
	}
	json_tokener_free(tok);
	free(line);
	fclose(f);
	return 1;
}

static char *fold_dup(const char *s)
{
	tc_buf b;
	tc_buf_init(&b, QUERY_MAX);
	if (ev_text_fold(s, strlen(s), &b) != TC_OK)
		die_nomem();
	return tc_buf_detach(&b, NULL);
}

/* Run a query set accented and folded against one index. */
static int run_qset(const opts *o, const char *db, const qset *qs, int row_acc, int row_fold)
{
	session s;
	if (!session_start(&s, o, db, NULL))
		return 0;
	rows[row_acc].run = rows[row_fold].run = 1;
	ev_answer a;
	ev_answer_init(&a);
	int ok = 1;
	for (size_t i = 0; i < qs->n && ok; i++) {
		const qrel *q = &qs->v[i];
		ok = ask(&s, q->query, &a);
		if (ok)
			score_list(row_acc, q->query, q->rel, q->nrel, &a);
		char *fq = fold_dup(q->query);
		if (ok)
			ok = ask(&s, fq, &a);
		if (ok)
			score_list(row_fold, fq, q->rel, q->nrel, &a);
		free(fq);
	}
	ev_answer_release(&a);
	session_end(&s);
	return ok;
}

/* ---- known items: run ------------------------------------------------- */

static int same_list(const item *it, const ev_answer *a)
{
	size_t n = a->n < HITS ? a->n : HITS;
	if (n != it->ncanon)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (strcmp(it->canon[i], a->hits[i].url))
			return 0;
	return 1;
}

/* The live record of hit URL u, or -1 when the corpus has none. */
static int record_of(const news *nw, const char *u)
{
	int id = ev_strmap_get(nw->by_url, u, strlen(u));
	if (id < 0) {
		char *c = clean_url_dup(u);
		id = ev_strmap_get(nw->by_url, c, strlen(c));
		free(c);
	}
	return id;
}

/* Is hit URL u an acceptable answer for item it in variant v? */
static int acceptable(const news *nw, const item *it, int v, const char *u)
{
	int id = record_of(nw, u);
	if (id < 0)
		return 0;
	if (id == it->rec)
		return 1;
	if (v == V_FRAG) {
		for (size_t k = 0; k < it->nholders; k++)
			if (it->holders[k] == id)
				return 1;
		return 0;
	}
	return nw->v[id].group == nw->v[it->rec].group;
}

static void score_item(const news *nw, item *it, int v, const ev_answer *a)
{
	int row = variant_row[v];
	unsigned char rel[HITS] = {0};
	size_t n = a->n < HITS ? a->n : HITS;
	int first = 0;
	for (size_t i = 0; i < n; i++) {
		if (!first && acceptable(nw, it, v, a->hits[i].url)) {
			rel[i] = 1; /* one relevant document: the first acceptable hit */
			first = (int)i + 1;
		}
	}
	ev_query_score q = ev_score(rel, n, 1, rows[row].rr_cutoff);
	if (ev_row_add(&rows[row], q, a->took_ms, a->error) != TC_OK)
		die_nomem();
	note_repeats(row, a);
	const rec *r = &nw->v[it->rec];
	if (first != 1)
		add_failure(row, it->q[v], r->url, r->title, first, a,
			    v == V_FRAG && it->nholders > 1 ? "fragment occurs in several documents"
							    : NULL);
	if (v == V_TONE || v == V_NFD || v == V_UPPER) {
		int same = same_list(it, a);
		ev_row_add_same(&rows[row], same);
		if (!same) {
			char detail[1024];
			size_t i = 0;
			while (i < n && i < it->ncanon && !strcmp(it->canon[i], a->hits[i].url))
				i++;
			snprintf(detail, sizeof detail,
				 "top 10 differs from the canonical query at rank %zu: canonical %s, "
				 "variant %s (%zu vs %zu hits)",
				 i + 1, i < it->ncanon ? it->canon[i] : "(none)",
				 i < n ? a->hits[i].url : "(none)", it->ncanon, n);
			add_failure(row, it->q[v], r->url, r->title, first, a, detail);
		}
	}
}

static int run_known(const opts *o, const char *db, news *nw, known *kn)
{
	session s;
	if (!session_start(&s, o, db, NULL))
		return 0;
	for (int v = 0; v < V_COUNT; v++)
		rows[variant_row[v]].run = 1;
	ev_answer a;
	ev_answer_init(&a);
	int ok = 1;
	double t0 = now_s();
	for (size_t i = 0; i < kn->n && ok; i++) {
		item *it = &kn->v[i];
		for (int v = 0; v < V_COUNT && ok; v++) {
			if (!it->q[v])
				continue;
			ok = ask(&s, it->q[v], &a);
			if (!ok)
				break;
			if (v == V_TITLE) {
				size_t n = a.n < HITS ? a.n : HITS;
				it->canon = xcalloc(n, sizeof *it->canon);
				for (size_t k = 0; k < n; k++)
					it->canon[k] = xstrdup(a.hits[k].url);
				it->ncanon = n;
			}
			score_item(nw, it, v, &a);
			if (v == V_TITLE) {
				/* The same query again: the baseline for "identical". */
				ok = ask(&s, it->q[v], &a);
				if (!ok)
					break;
				int same = same_list(it, &a);
				ev_row_add_same(&rows[R_KNOWN_TITLE], same);
				if (!same)
					add_failure(R_KNOWN_TITLE, it->q[v], nw->v[it->rec].url,
						    nw->v[it->rec].title, -1, &a,
						    "the same query asked twice gave two different top-10 lists");
			}
		}
		if ((i + 1) % 250 == 0)
			fprintf(stderr, "tracuu-eval: known items %zu/%zu (%.0f s)\n", i + 1, kn->n,
				now_s() - t0);
	}
	ev_answer_release(&a);
	session_end(&s);
	return ok;
}

/* ---- words: keywords held as a run of words --------------------------- */

/* A sorted list of record ids (records are read in ascending order). */
typedef struct idlist {
	int *v;
	size_t n, cap;
} idlist;

/* Append id unless it is the last one already (a record holds a keyword
 * once however often it repeats it). */
static void idlist_push(idlist *l, int id)
{
	if (l->n && l->v[l->n - 1] == id)
		return;
	if (l->n == l->cap) {
		size_t ncap = l->cap ? l->cap * 2 : 16;
		int *nv = realloc(l->v, ncap * sizeof *nv);
		if (!nv)
			die_nomem();
		l->v = nv;
		l->cap = ncap;
	}
	l->v[l->n++] = id;
}

static int idlist_has(const idlist *l, int id)
{
	size_t lo = 0, hi = l->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (l->v[mid] == id)
			return 1;
		if (l->v[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

typedef struct keyword {
	char *query;      /* as typed: the file's keyword, query-clean */
	char *fold;       /* accents removed (vn_fold_text) */
	long long freq;
	idlist exact;     /* live records holding it with its accents */
	idlist folded;    /* live records holding its syllables, accents ignored */
} keyword;

typedef struct words {
	keyword *v;       /* index = id in set */
	size_t n, cap;
	ev_kwset *set;
	ev_strmap *seen;  /* queries already taken (the file repeats a few) */
	char path[TC_PATH_MAX];
	size_t lines, bad_lines, frequent, shaped, chosen;
	int absent;       /* no keyword file: section skipped */
	int date_rows;    /* the searcher takes --sort date */
} words;

/* Read the keyword file: keep the frequent keywords of 2-4 words.  Returns 0
 * when the file cannot be read (the caller decides whether that is fatal). */
static int load_keywords(words *w)
{
	FILE *f = fopen(w->path, "r");
	if (!f)
		return 0;
	w->set = ev_kwset_new();
	w->seen = ev_strmap_new();
	if (!w->set || !w->seen)
		die_nomem();
	char *line = NULL;
	size_t cap = 0;
	ssize_t got;
	tc_buf q;
	tc_buf_init(&q, QUERY_MAX);
	while ((got = getline(&line, &cap, f)) > 0) {
		size_t n = (size_t)got;
		if (line[n - 1] == '\n')
			n--;
		w->lines++;
		const char *kw;
		size_t kn;
		long long freq;
		if (ev_kw_parse_line(line, n, &kw, &kn, &freq) != TC_OK) {
			w->bad_lines += n > 0 && line[0] != '#';
			continue;
		}
		if (freq < KW_FREQ_MIN)
			continue;
		w->frequent++;
		tc_buf_reset(&q);
		if (ev_text_query(kw, kn, &q) != TC_OK || !q.len) {
			w->bad_lines++;
			continue;
		}
		if (ev_strmap_get(w->seen, q.data, q.len) >= 0)
			continue;
		int id;
		size_t ntok;
		tc_status st = ev_kwset_add(w->set, q.data, q.len, &id, &ntok);
		if (st == TC_ERR_NOMEM)
			die_nomem();
		if (st != TC_OK)
			continue;
		w->shaped++;
		if (ev_strmap_put(w->seen, q.data, q.len, id) != TC_OK)
			die_nomem();
		if (w->n == w->cap) {
			size_t ncap = w->cap ? w->cap * 2 : 1024;
			keyword *nv = realloc(w->v, ncap * sizeof *nv);
			if (!nv)
				die_nomem();
			w->v = nv;
			w->cap = ncap;
		}
		keyword *k = &w->v[w->n++];
		memset(k, 0, sizeof *k);
		k->query = xstrdup(q.data);
		k->fold = fold_dup(q.data);
		k->freq = freq;
	}
	tc_buf_release(&q);
	free(line);
	int ok = !ferror(f);
	fclose(f);
	if (!ok)
		fprintf(stderr, "tracuu-eval: error reading %s\n", w->path);
	return ok;
}

/* Pass 4: which live records hold each keyword, over title, summary, body. */
typedef struct pass4 {
	news *nw;
	words *w;
	size_t next;
	int rec;
	tc_buf clean;
	int failed;
} pass4;

static void on_keyword(void *ctx, int id, int exact)
{
	pass4 *p = ctx;
	keyword *k = &p->w->v[id];
	if (exact)
		idlist_push(&k->exact, p->rec);
	idlist_push(&k->folded, p->rec);
}

static int pass4_cb(void *ctx, const ev_article *a)
{
	pass4 *p = ctx;
	if (p->next >= p->nw->n) {
		p->failed = 1;
		return 1;
	}
	p->rec = (int)p->next++;
	if (!p->nw->v[p->rec].live)
		return 0;
	const char *f[3] = {a->title, a->summary, a->body};
	size_t fn[3] = {a->title_len, a->summary_len, a->body_len};
	for (int i = 0; i < 3; i++) {
		if (!fn[i])
			continue;
		tc_buf_reset(&p->clean);
		if (vn_text_clean(f[i], fn[i], &p->clean, NULL) != TC_OK || !p->clean.data)
			continue; /* over TEXT_MAX: the indexer refuses it too */
		if (ev_kwset_scan(p->w->set, p->clean.data, p->clean.len, on_keyword, p) != TC_OK)
			die_nomem();
	}
	return 0;
}

/*
 * Score one answer for a keyword: P@10 is the share of the top 10 that are
 * distinct records of holders (a missing place counts as not holding).
 */
static void score_keyword(int row, const news *nw, const keyword *k, const char *query,
			  const idlist *holders, const ev_answer *a)
{
	unsigned char rel[HITS] = {0};
	size_t n = a->n < HITS ? a->n : HITS;
	size_t miss = n; /* the first hit that does not hold it */
	for (size_t i = 0; i < n; i++) {
		int id = record_of(nw, a->hits[i].url);
		int dup = 0;
		for (size_t j = 0; j < i && !dup; j++)
			dup = !strcmp(a->hits[j].url, a->hits[i].url);
		rel[i] = (unsigned char)(id >= 0 && !dup && idlist_has(holders, id));
		if (!rel[i] && miss == n)
			miss = i;
	}
	ev_query_score q = ev_score(rel, n, holders->n, rows[row].rr_cutoff);
	if (ev_row_add(&rows[row], q, a->took_ms, a->error) != TC_OK)
		die_nomem();
	note_repeats(row, a);
	if (q.p10 >= 1.0 - 1e-9)
		return;
	char expected[64], detail[1024];
	int judged_fold = row == R_WORDS_DATE_ACC || row == R_WORDS_DATE_FOLD;
	snprintf(expected, sizeof expected, "(any of %zu articles)", holders->n);
	snprintf(detail, sizeof detail,
		 "%.0f of the top 10 hold \"%s\" as a run of words%s; %zu articles do; first "
		 "without it: %s %zu",
		 q.p10 * 10, judged_fold ? k->fold : k->query,
		 judged_fold ? " (accents ignored)" : " with its accents", holders->n,
		 miss < n ? "rank" : "missing place, only hits:", miss < n ? miss + 1 : n);
	add_failure_at(row, query, expected, NULL, -1, a, miss, detail);
}

/* Does the searcher take --sort date?  (The peers of bench/run do not.) */
static int takes_sort_date(const opts *o, const char *db)
{
	char *argv[] = {(char *)o->search_bin, "--db", (char *)db, "--sort", "date",
			"--limit", "1", "--", "tin", NULL};
	tc_buf out;
	tc_buf_init(&out, 1u << 20);
	int code;
	tc_status st = ev_run(argv, &out, &code);
	tc_buf_release(&out);
	return st == TC_OK && (code == 0 || code == 1);
}

static int run_words(const opts *o, const char *db, const news *nw, words *w)
{
	static const char *const by_date[] = {"--sort", "date", NULL};
	session rel, date;
	w->date_rows = takes_sort_date(o, db);
	if (!w->date_rows)
		fprintf(stderr, "tracuu-eval: %s does not take --sort date; the words section's "
				"newest-first rows are left out\n",
			o->search_bin);
	if (!session_start(&rel, o, db, NULL))
		return 0;
	if (w->date_rows && !session_start(&date, o, db, by_date)) {
		session_end(&rel);
		return 0;
	}
	rows[R_WORDS_ACC].run = rows[R_WORDS_FOLD].run = 1;
	rows[R_WORDS_DATE_ACC].run = rows[R_WORDS_DATE_FOLD].run = w->date_rows;
	ev_answer a;
	ev_answer_init(&a);
	int ok = 1;
	size_t asked = 0;
	double t0 = now_s();
	for (size_t i = 0; i < w->n && ok; i++) {
		const keyword *k = &w->v[i];
		if (k->exact.n < KW_ARTICLES_MIN)
			continue;
		if ((ok = ask(&rel, k->query, &a)))
			score_keyword(R_WORDS_ACC, nw, k, k->query, &k->exact, &a);
		/* Judged by the accented keyword: what the person meant. */
		if (ok && (ok = ask(&rel, k->fold, &a)))
			score_keyword(R_WORDS_FOLD, nw, k, k->fold, &k->exact, &a);
		if (ok && w->date_rows && (ok = ask(&date, k->query, &a)))
			score_keyword(R_WORDS_DATE_ACC, nw, k, k->query, &k->folded, &a);
		if (ok && w->date_rows && (ok = ask(&date, k->fold, &a)))
			score_keyword(R_WORDS_DATE_FOLD, nw, k, k->fold, &k->folded, &a);
		if (++asked % 500 == 0)
			fprintf(stderr, "tracuu-eval: keywords %zu/%zu (%.0f s)\n", asked, w->chosen,
				now_s() - t0);
	}
	ev_answer_release(&a);
	session_end(&rel);
	if (w->date_rows)
		session_end(&date);
	return ok;
}

static void words_release(words *w)
{
	for (size_t i = 0; i < w->n; i++) {
		free(w->v[i].query);
		free(w->v[i].fold);
		free(w->v[i].exact.v);
		free(w->v[i].folded.v);
	}
	free(w->v);
	ev_kwset_free(w->set);
	ev_strmap_free(w->seen);
	memset(w, 0, sizeof *w);
}

/* ---- indexing --------------------------------------------------------- */

/* Run the indexer: `BIN --db DIR add FILE...`.  Returns 1 when it ran. */
static int build_index(const opts *o, const char *db, char **files, int nfiles)
{
	char **argv = xcalloc((size_t)nfiles + 5, sizeof *argv);
	int k = 0;
	argv[k++] = (char *)o->index_bin;
	argv[k++] = "--db";
	argv[k++] = (char *)db;
	argv[k++] = "add";
	for (int i = 0; i < nfiles; i++)
		argv[k++] = files[i];
	argv[k] = NULL;
	fprintf(stderr, "tracuu-eval: indexing into %s\n", db);
	double t0 = now_s();
	int code;
	tc_status st = ev_run(argv, NULL, &code);
	free(argv);
	if (st != TC_OK || (code != 0 && code != 1)) {
		fprintf(stderr, "tracuu-eval: %s failed (status %d)\n", o->index_bin, code);
		return 0;
	}
	if (code == 1)
		fprintf(stderr, "tracuu-eval: warning: the indexer skipped some records\n");
	fprintf(stderr, "tracuu-eval: indexed in %.1f s\n", now_s() - t0);
	return 1;
}

/* Document count from `tracuu-index --db DIR stats --json`; -1 if unknown. */
static long long index_docs(const opts *o, const char *db)
{
	char *argv[] = {(char *)o->index_bin, "--db", (char *)db, "stats", "--json", NULL};
	tc_buf out;
	tc_buf_init(&out, 1u << 20);
	int code;
	long long n = -1;
	if (ev_run(argv, &out, &code) == TC_OK && code == 0 && out.data) {
		json_object *j = json_tokener_parse(out.data), *d;
		if (j && json_object_object_get_ex(j, "documents", &d))
			n = (long long)json_object_get_int64(d);
		json_object_put(j);
	}
	tc_buf_release(&out);
	return n;
}

/* The work dir holds indexes we made; this marker says so and with what. */
#define MARKER ".tracuu-eval"

static int read_marker(const char *work, char *buf, size_t cap)
{
	char p[TC_PATH_MAX];
	if (!path_join(p, sizeof p, work, MARKER))
		return 0;
	FILE *f = fopen(p, "r");
	if (!f)
		return 0;
	size_t n = fread(buf, 1, cap - 1, f);
	buf[n] = '\0';
	fclose(f);
	return 1;
}

static int write_marker(const char *work, const char *content)
{
	char p[TC_PATH_MAX];
	if (!path_join(p, sizeof p, work, MARKER))
		return 0;
	FILE *f = fopen(p, "w");
	if (!f)
		return 0;
	int ok = fputs(content, f) >= 0;
	return fclose(f) == 0 && ok;
}

/*
 * Make WORK/sub an empty folder of ours for an index: remove what is there
 * only when it carries our marker (so --work pointed at the wrong place
 * cannot delete anything), then create it with the marker inside.
 */
static int clear_sub(const char *work, const char *sub)
{
	char p[TC_PATH_MAX], mark[TC_PATH_MAX];
	if (!path_join(p, sizeof p, work, sub) || !path_join(mark, sizeof mark, p, MARKER))
		return 0;
	if (file_exists(p)) {
		if (!file_exists(mark)) {
			fprintf(stderr,
				"tracuu-eval: %s exists and was not made by tracuu-eval; "
				"remove it or choose another --work\n",
				p);
			return 0;
		}
		tc_err err = {{0}};
		if (tc_dbpath_remove_tree(p, &err) != TC_OK) {
			fprintf(stderr, "tracuu-eval: %s\n", err.msg);
			return 0;
		}
	}
	if (mkdir(p, 0777) != 0 || !write_marker(p, "an index built by tracuu-eval\n")) {
		fprintf(stderr, "tracuu-eval: cannot create %s: %s\n", p, strerror(errno));
		return 0;
	}
	return 1;
}

/* ---- report ----------------------------------------------------------- */

static void fmt_measure(char *out, size_t cap, const ev_row *r, unsigned col, ev_measure m)
{
	double v = ev_row_mean(r, m);
	if (!(r->cols & col) || v < 0)
		snprintf(out, cap, "–");
	else
		snprintf(out, cap, "%.3f", v);
}

static void shell_quote(tc_buf *b, const char *s)
{
	int plain = *s != '\0';
	for (const char *p = s; *p; p++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%",
			    *p))
			plain = 0;
	tc_status st = TC_OK;
	if (plain) {
		st = tc_buf_append_str(b, s);
	} else {
		st = tc_buf_append_char(b, '\'');
		for (const char *p = s; *p && st == TC_OK; p++)
			st = *p == '\'' ? tc_buf_append_str(b, "'\\''") : tc_buf_append_char(b, *p);
		if (st == TC_OK)
			st = tc_buf_append_char(b, '\'');
	}
	if (st != TC_OK)
		die_nomem();
}

typedef struct run_info {
	long long news_docs, laws_docs;  /* from the indexer's stats; -1 unknown */
	size_t news_expected, laws_expected;
	size_t topics, legal, items, frag_items;
	size_t in_file[NEWS_FILES], indexed_in_file[NEWS_FILES];
	size_t topic_rel_missing;
	const words *wd; /* the words section's keywords and what came of them */
	double seconds;
	char date[64];
	int incomplete; /* the searcher could not be kept running */
} run_info;

static int gate_result(const gate *g, double *value)
{
	const ev_row *r = &rows[g->row];
	*value = ev_row_mean(r, g->m);
	if (!r->run || *value < 0)
		return -1; /* not measured */
	if (g->m == EV_M_SAME)
		return r->same == r->same_n;
	return *value + 1e-9 >= g->min;
}

static void write_report(FILE *f, const opts *o, const run_info *ri, int with_header)
{
	tc_buf cmd;
	tc_buf_init(&cmd, 1u << 20);
	for (int i = 0; i < o->argc; i++) {
		if (i && tc_buf_append_char(&cmd, ' ') != TC_OK)
			die_nomem();
		shell_quote(&cmd, o->argv[i]);
	}
	if (with_header) {
		fprintf(f, "# Search quality\n\n"
			   "Measured by `tracuu-eval` (tests/eval/, see its README.md), which builds\n"
			   "indexes from `../shared/corpus` with the real `tracuu-index` and asks the\n"
			   "real `tracuu-search --batch`.  This file is its report; rerun the command\n"
			   "below to refresh it (failing queries go to stderr and a TSV file, never\n"
			   "here, because corpus text must not enter the repository).\n\n");
	}
	if (ri->incomplete)
		fprintf(f, "**Incomplete run: the searcher could not be kept running; rows "
			   "below cover only the queries asked before that.**\n\n");
	fprintf(f, "- Command: `%s`\n", cmd.data ? cmd.data : "");
	fprintf(f, "- Date: %s; run time %.0f s\n", ri->date, ri->seconds);
	if (o->sections & SEC_NEWS) {
		fprintf(f, "- News index: %lld documents", ri->news_docs);
		fprintf(f, " (expected %zu): vnmds-2013 %zu", ri->news_expected,
			ri->indexed_in_file[0]);
		fprintf(f, ", distractors");
		for (int k = 1; k < NEWS_FILES; k++) {
			const char *name = news_files[k];
			size_t nl = strcspn(name, ".");
			fprintf(f, "%s %.*s %zu of %zu", k > 1 ? "," : "", (int)nl, name,
				ri->indexed_in_file[k], ri->in_file[k]);
		}
		if (o->distractors < 0)
			fprintf(f, " (--distractors all)\n");
		else
			fprintf(f, " (--distractors %ld, drawn with the seed)\n", o->distractors);
	}
	if (o->sections & SEC_LEGAL)
		fprintf(f, "- Laws index: %lld documents (laws-alqac, expected %zu)\n", ri->laws_docs,
			ri->laws_expected);
	fprintf(f, "- Queries: %zu topics (vnmds-topics-dev.tsv), %zu legal questions "
		   "(laws-questions-dev.jsonl), %zu known items sampled with seed %llu "
		   "(%zu with a usable body fragment)\n",
		ri->topics, ri->legal, ri->items, o->seed, ri->frag_items);
	fprintf(f, "- Searcher: asked for %d hits per query, %ld s allowed per query; "
		   "%zu queries timed out, %zu crashed it (each counted as an error and a miss, "
		   "and the searcher restarted)\n",
		HITS, o->timeout_s, session_timeouts, session_crashes);
	const words *wd = ri->wd;
	if ((o->sections & SEC_WORDS) && wd && wd->absent)
		fprintf(f, "- Words: skipped, no keyword file (--keywords FILE)\n");
	else if ((o->sections & SEC_WORDS) && wd) {
		const char *base = strrchr(wd->path, '/');
		fprintf(f, "- Words: %zu keywords of `%s` (%zu lines): %zu with frequency ≥ %d, "
			   "%zu of them with %d-%d words, %zu of those held as a run of words by "
			   "≥ %d articles of the news index\n",
			wd->chosen, base ? base + 1 : wd->path, wd->lines, wd->frequent, KW_FREQ_MIN,
			wd->shaped, EV_KW_MIN_TOKENS, EV_KW_MAX_TOKENS, wd->chosen, KW_ARTICLES_MIN);
		if (wd->bad_lines)
			fprintf(f, "- Warning: %zu lines of the keyword file are not keyword TAB "
				   "frequency\n",
				wd->bad_lines);
		if (wd->chosen && !wd->date_rows)
			fprintf(f, "- Words: the searcher does not take `--sort date`; the "
				   "newest-first rows were not run\n");
	}
	if (ri->topic_rel_missing)
		fprintf(f, "- Warning: %zu relevant topic URLs are not in the news index\n",
			ri->topic_rel_missing);
	fprintf(f, "\n## Thresholds\n\n| must hold | measured | threshold | result |\n"
		   "|---|---:|---:|---|\n");
	for (size_t g = 0; g < NGATES; g++) {
		double v;
		int res = gate_result(&gates[g], &v);
		if (res < 0)
			fprintf(f, "| %s | – | ≥ %.2f | not run |\n", gates[g].what, gates[g].min);
		else
			fprintf(f, "| %s | %.3f | ≥ %.2f | %s |\n", gates[g].what, v, gates[g].min,
				res ? "pass"
				: gates[g].words && !o->words_gate ? "below (not gated without --words-gate)"
								   : "**FAIL**");
	}
	fprintf(f, "\n## All rows\n\n"
		   "| set | queries | n | s@1 | s@10 | MRR@10 | nDCG@10 | recall@10 | P@10 | "
		   "top-10 = canonical | errors | repeated URL | took ms mean | took ms p95 |\n"
		   "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
	for (int i = 0; i < R_COUNT; i++) {
		ev_row *r = &rows[i];
		if (!r->run)
			continue;
		char s1[16], s10[16], rr[16], nd[16], rc[16], p10[16], same[16];
		fmt_measure(s1, sizeof s1, r, EV_COL_S1, EV_M_S1);
		fmt_measure(s10, sizeof s10, r, EV_COL_S10, EV_M_S10);
		fmt_measure(rr, sizeof rr, r, EV_COL_RR, EV_M_RR);
		fmt_measure(nd, sizeof nd, r, EV_COL_NDCG, EV_M_NDCG);
		fmt_measure(rc, sizeof rc, r, EV_COL_RECALL, EV_M_RECALL);
		fmt_measure(p10, sizeof p10, r, EV_COL_P10, EV_M_P10);
		fmt_measure(same, sizeof same, r, EV_COL_SAME, EV_M_SAME);
		double sum = 0;
		for (size_t k = 0; k < r->ntook; k++)
			sum += r->took[k];
		char mean[32] = "–", p95[32] = "–";
		if (r->ntook) {
			snprintf(mean, sizeof mean, "%.1f", sum / (double)r->ntook);
			snprintf(p95, sizeof p95, "%.1f", ev_row_took(r, 95));
		}
		fprintf(f,
			"| %s | %s | %zu | %s | %s | %s | %s | %s | %s | %s | %zu | %zu | %s | %s |\n",
			r->set, r->variant, r->n, s1, s10, rr, nd, rc, p10, same, r->errors,
			r->repeats, mean, p95);
	}
	if (with_header) {
		fprintf(f,
			"\n## How the rows are made\n\n"
			"- Relevance is binary.  nDCG@10 divides by the ideal DCG of min(|relevant|, 10)\n"
			"  hits; MRR is cut at rank 10 (the searcher is asked for 10 hits).\n"
			"- Topics: the query of each topic, as given and folded with `vn_fold_text`\n"
			"  (no diacritics, đ → d, lower case); relevant = the topic's cluster.\n"
			"- Known items: a seeded sample of the news index, skipping titles shorter\n"
			"  than 3 words.  A hit is right when it is the article or any article with\n"
			"  the same title (case, white space and tone placement normalised); for a\n"
			"  fragment, the article or any article whose title, summary or body holds\n"
			"  the same word sequence (aggregated news is often duplicated).  Items whose\n"
			"  variant equals the canonical query (no đ in the title, no oa/oe/uy\n"
			"  syllable, nothing to decompose) are left out of that row.\n"
			"- Fragments: 5-7 consecutive words of the body (length and first word drawn\n"
			"  uniformly with the seed, anywhere in the body, across paragraphs, generic\n"
			"  words included), accents removed.\n"
			"- Words: Coc Coc search keywords (`--keywords`) of frequency ≥ 20,000 with\n"
			"  2-4 words that at least 10 articles of the news index hold as a run of\n"
			"  words (consecutive tokens of one field, cut and normalised by the project's\n"
			"  tokenizer: NFC, lower case, canonical tone placement), asked as typed and\n"
			"  without accents (`vn_fold_text`).  P@10 is the share of the top 10 (10\n"
			"  places, missing ones count as misses) holding the keyword with its accents\n"
			"  (word intent: judged by the accented keyword, what the person meant), and,\n"
			"  with `--sort date`, holding its syllables as a run with accents ignored.\n"
			"  Its thresholds fail the run only with `--words-gate`.\n"
			"- (d), (e), (f): \"top-10 = canonical\" is the share of items whose list of\n"
			"  result URLs is exactly that of the title as written.  On the canonical\n"
			"  row it is the share of titles that gave the same list when asked twice\n"
			"  in the same session (the searcher's own repeatability).\n"
			"- \"repeated URL\": answers that list the same document twice.\n");
	}
	tc_buf_release(&cmd);
}

static void sanitize_tsv(FILE *f, const char *s)
{
	for (; s && *s; s++)
		fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, f);
}

static void write_failures(const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "tracuu-eval: cannot write %s: %s\n", path, strerror(errno));
		return;
	}
	fputs("row\tquery\texpected_url\texpected_title\trank\tfirst_url\tfirst_title\tdetail\n", f);
	for (size_t i = 0; i < nfails; i++) {
		const failure *x = &fails[i];
		fprintf(f, "%s\t", rows[x->row].id);
		sanitize_tsv(f, x->query);
		fputc('\t', f);
		sanitize_tsv(f, x->expected);
		fputc('\t', f);
		sanitize_tsv(f, x->expected_title);
		fprintf(f, "\t%d\t", x->rank);
		sanitize_tsv(f, x->got_url);
		fputc('\t', f);
		sanitize_tsv(f, x->got_title);
		fputc('\t', f);
		sanitize_tsv(f, x->detail);
		fputc('\n', f);
	}
	if (fclose(f) != 0)
		fprintf(stderr, "tracuu-eval: cannot write %s\n", path);
}

static void print_examples(long per_row)
{
	if (per_row <= 0 || !nfails)
		return;
	for (int r = 0; r < R_COUNT; r++) {
		long shown = 0;
		/* Misses (not in the top 10) first, then lower ranks. */
		for (size_t i = 0; i < 2 * nfails && shown < per_row; i++) {
			const failure *x = &fails[i % nfails];
			if (x->row != r || (i < nfails) != (x->rank == 0))
				continue;
			if (!shown)
				fprintf(stderr, "\nfailing queries, %s (%s):\n", rows[r].id,
					rows[r].variant);
			shown++;
			fprintf(stderr, "  query:    %s\n  expected: %s%s%s%s\n", x->query, x->expected,
				x->expected_title ? "  \"" : "",
				x->expected_title ? x->expected_title : "",
				x->expected_title ? "\"" : "");
			if (x->rank < 0)
				fprintf(stderr, "  first: %s  \"%s\"\n", x->got_url,
					x->got_title ? x->got_title : "");
			else if (x->rank)
				fprintf(stderr, "  found at rank %d; first: %s  \"%s\"\n", x->rank,
					x->got_url, x->got_title ? x->got_title : "");
			else
				fprintf(stderr, "  not in the top 10; first: %s  \"%s\"\n", x->got_url,
					x->got_title ? x->got_title : "");
			if (x->detail)
				fprintf(stderr, "  %s\n", x->detail);
		}
	}
}

/* ---- main ------------------------------------------------------------- */

static int each_news_file(const opts *o, ev_article_cb cb, void *ctx, news *nw, int pass)
{
	for (int k = 0; k < NEWS_FILES; k++) {
		char p[TC_PATH_MAX];
		if (!path_join(p, sizeof p, o->corpus, news_files[k]))
			return 0;
		size_t before = nw->n;
		tc_err err = {{0}};
		size_t bad = 0;
		if (pass == 1) {
			/* records remember their file */
			if (ev_corpus_each(p, cb, ctx, &bad, &err) != TC_OK) {
				fprintf(stderr, "tracuu-eval: %s\n", err.msg);
				return 0;
			}
			for (size_t i = before; i < nw->n; i++)
				nw->v[i].file = k;
			nw->in_file[k] = nw->n - before;
		} else if (ev_corpus_each(p, cb, ctx, &bad, &err) != TC_OK) {
			fprintf(stderr, "tracuu-eval: %s\n", err.msg);
			return 0;
		}
	}
	return 1;
}

/* Everything one run holds. */
typedef struct run {
	opts o;
	run_info ri;
	char news_db[TC_PATH_MAX], laws_db[TC_PATH_MAX];
	char subset[TC_PATH_MAX], fails_path[TC_PATH_MAX];
	char marker[256];
	int reuse;  /* indexes of an earlier run with the same parameters are there */
	news nw;
	known kn;
	words wd;
} run;

/* Returns 0 to go on, else the exit code. */
static int setup(run *r)
{
	const opts *o = &r->o;
	static const char *const needed[] = {"vnmds-2013.jsonl.gz", "dantri-2020.jsonl.gz",
					     "baomoi-2017.jsonl.gz", "vnds-test.jsonl.gz",
					     "vnmds-topics-dev.tsv", "laws-alqac.jsonl.gz",
					     "laws-questions-dev.jsonl"};
	for (size_t i = 0; i < sizeof needed / sizeof needed[0]; i++) {
		char p[TC_PATH_MAX];
		if (!path_join(p, sizeof p, o->corpus, needed[i]) || !file_exists(p)) {
			fprintf(stderr,
				"tracuu-eval: the test corpus is not there (%s missing under %s); "
				"set TRACUU_CORPUS or --corpus to the folder that holds it. Skipped.\n",
				needed[i], o->corpus);
			return EXIT_SKIP;
		}
	}
	if (access(o->index_bin, X_OK) != 0 || access(o->search_bin, X_OK) != 0) {
		fprintf(stderr, "tracuu-eval: %s or %s is not an executable\n", o->index_bin,
			o->search_bin);
		return EXIT_ENV;
	}
	if (mkdir_p(o->work) != 0) {
		fprintf(stderr, "tracuu-eval: cannot create %s: %s\n", o->work, strerror(errno));
		return EXIT_ENV;
	}
	if (!path_join(r->news_db, sizeof r->news_db, o->work, "news") ||
	    !path_join(r->laws_db, sizeof r->laws_db, o->work, "laws") ||
	    !path_join(r->subset, sizeof r->subset, o->work, DISTRACTOR_SUBSET) ||
	    !path_join(r->fails_path, sizeof r->fails_path, o->work, "failures.tsv")) {
		fprintf(stderr, "tracuu-eval: --work path too long\n");
		return EXIT_ENV;
	}
	char have[256] = "";
	snprintf(r->marker, sizeof r->marker, "tracuu-eval indexes: distractors=%ld seed=%llu\n",
		 o->distractors, o->seed);
	r->reuse = o->reuse && read_marker(o->work, have, sizeof have) &&
		   !strcmp(have, r->marker);
	if (o->reuse && !r->reuse)
		fprintf(stderr, "tracuu-eval: no reusable indexes in %s; building them\n", o->work);

	if (o->sections & SEC_WORDS) {
		words *w = &r->wd;
		int ok = o->keywords ? snprintf(w->path, sizeof w->path, "%s", o->keywords) > 0
				     : path_join(w->path, sizeof w->path, o->corpus,
						 "../queries/coccoc-keywords-dev.tsv");
		if (!ok || strlen(w->path) + 1 >= sizeof w->path) {
			fprintf(stderr, "tracuu-eval: --keywords path too long\n");
			return EXIT_ENV;
		}
		if (!file_exists(w->path) && !o->keywords) {
			fprintf(stderr,
				"tracuu-eval: no keyword file at %s (give one with --keywords FILE); "
				"the words section is skipped\n",
				w->path);
			w->absent = 1;
		} else if (!load_keywords(w)) {
			fprintf(stderr,
				"tracuu-eval: cannot read the keyword file %s: %s (--keywords FILE: "
				"lines of keyword TAB frequency)\n",
				w->path, strerror(errno));
			return EXIT_ENV;
		}
	}

	return 0;
}

/* Should the index in WORK/sub be (re)built?  Clears it when so. */
static int must_build(run *r, const char *db, const char *sub, int *build)
{
	char cur[TC_PATH_MAX];
	*build = 1;
	if (r->reuse && path_join(cur, sizeof cur, db, "current") && file_exists(cur)) {
		*build = 0;
		return 1;
	}
	/* Until the run has built what it needs, the indexes are not reusable. */
	if (!write_marker(r->o.work, "tracuu-eval indexes: incomplete\n")) {
		fprintf(stderr, "tracuu-eval: cannot write in %s\n", r->o.work);
		return 0;
	}
	return clear_sub(r->o.work, sub);
}

/* Mark live records and group them by title, as the indexer will hold them. */
static void settle_news(news *nw)
{
	nw->by_url = ev_strmap_new();
	ev_strmap *groups = ev_strmap_new();
	if (!nw->by_url || !groups)
		die_nomem();
	for (size_t i = 0; i < nw->n; i++) {
		rec *r = &nw->v[i];
		if (!r->indexed)
			continue;
		nw->indexed_in_file[r->file]++;
		/* Replace by URL, as the indexer does: the last record wins. */
		int prev = ev_strmap_get(nw->by_url, r->url, strlen(r->url));
		if (prev >= 0)
			nw->v[prev].live = 0;
		else
			nw->live++;
		r->live = 1;
		if (ev_strmap_put(nw->by_url, r->url, strlen(r->url), (int)i) != TC_OK)
			die_nomem();
	}
	tc_buf key;
	tc_buf_init(&key, QUERY_MAX);
	for (size_t i = 0; i < nw->n; i++) {
		rec *r = &nw->v[i];
		if (!r->live)
			continue;
		tc_buf_reset(&key);
		if (ev_text_title_key(r->title, strlen(r->title), &key) != TC_OK)
			die_nomem();
		const char *k = key.data ? key.data : "";
		int g = ev_strmap_get(groups, k, key.len);
		if (g < 0) {
			g = (int)i;
			if (ev_strmap_put(groups, k, key.len, g) != TC_OK)
				die_nomem();
		}
		r->group = g;
	}
	tc_buf_release(&key);
	ev_strmap_free(groups);
}

static void sample_items(run *r)
{
	news *nw = &r->nw;
	known *kn = &r->kn;
	size_t ncand = 0;
	int *cand = xcalloc(nw->n, sizeof *cand);
	for (size_t i = 0; i < nw->n; i++)
		if (nw->v[i].live && nw->v[i].syll >= 3)
			cand[ncand++] = (int)i;
	uint64_t rng = r->o.seed;
	shuffle(cand, ncand, &rng);
	kn->n = ncand < (size_t)r->o.sample ? ncand : (size_t)r->o.sample;
	kn->v = xcalloc(kn->n, sizeof *kn->v);
	for (size_t i = 0; i < kn->n; i++) {
		kn->v[i].rec = cand[i];
		nw->v[cand[i]].item = (int)i;
		ev_words_init(&kn->v[i].frag_words);
	}
	free(cand);
}

/* Read the news files, choose distractors and sample, build the news index. */
static int prepare_news(run *r)
{
	const opts *o = &r->o;
	news *nw = &r->nw;
	int build;
	if (!must_build(r, r->news_db, "news", &build))
		return 0;
	double t0 = now_s();
	if (!each_news_file(o, pass1_cb, nw, nw, 1))
		return 0;
	fprintf(stderr, "tracuu-eval: read %zu news records in %.1f s\n", nw->n, now_s() - t0);

	size_t ndis = nw->n - nw->in_file[0];
	int capped = o->distractors >= 0 && (size_t)o->distractors < ndis;
	for (size_t i = 0; i < nw->n; i++)
		nw->v[i].indexed = nw->v[i].valid && (nw->v[i].file == 0 || !capped);
	if (capped) {
		int *ids = xcalloc(ndis, sizeof *ids);
		for (size_t i = 0; i < ndis; i++)
			ids[i] = (int)(nw->in_file[0] + i);
		uint64_t rng = o->seed ^ 0xd1b54a32d192ed03ULL;
		shuffle(ids, ndis, &rng);
		for (size_t i = 0; i < (size_t)o->distractors; i++)
			nw->v[ids[i]].indexed = nw->v[ids[i]].valid;
		free(ids);
	}
	settle_news(nw);
	r->ri.news_expected = nw->live;
	memcpy(r->ri.in_file, nw->in_file, sizeof r->ri.in_file);
	memcpy(r->ri.indexed_in_file, nw->indexed_in_file, sizeof r->ri.indexed_in_file);
	if (o->sections & SEC_KNOWN)
		sample_items(r);

	if ((capped && build) || r->kn.n) {
		pass2 p2 = {nw, &r->kn, NULL, 0, o->seed, 0};
		if (capped && build) {
			unlink(r->subset);
			p2.subset = fopen(r->subset, "w");
			if (!p2.subset) {
				fprintf(stderr, "tracuu-eval: cannot write %s: %s\n", r->subset,
					strerror(errno));
				return 0;
			}
		}
		t0 = now_s();
		int ok2 = each_news_file(o, pass2_cb, &p2, nw, 2);
		if (p2.subset && fclose(p2.subset) != 0)
			p2.failed = 1;
		if (!ok2 || p2.failed || p2.next != nw->n) {
			fprintf(stderr, "tracuu-eval: second reading of the corpus failed\n");
			return 0;
		}
		fprintf(stderr, "tracuu-eval: sample and fragments in %.1f s\n", now_s() - t0);
	}

	if (build) {
		char *files[NEWS_FILES + 1];
		char paths[NEWS_FILES][TC_PATH_MAX];
		int nf = 0;
		for (int k = 0; k < NEWS_FILES && !(k > 0 && capped); k++) {
			if (!path_join(paths[k], sizeof paths[k], o->corpus, news_files[k]))
				return 0;
			files[nf++] = paths[k];
		}
		if (capped)
			files[nf++] = r->subset;
		if (!build_index(o, r->news_db, files, nf))
			return 0;
	}
	r->ri.news_docs = index_docs(o, r->news_db);
	if (r->ri.news_docs >= 0 && (size_t)r->ri.news_docs != r->ri.news_expected)
		fprintf(stderr,
			"tracuu-eval: warning: the news index holds %lld documents, expected %zu\n",
			r->ri.news_docs, r->ri.news_expected);
	return 1;
}

static int count_cb(void *ctx, const ev_article *a)
{
	size_t *n = ctx;
	*n += a->url_len && (a->title_len || a->summary_len || a->body_len);
	return 0;
}

static int prepare_laws(run *r)
{
	char p[TC_PATH_MAX];
	int build;
	tc_err err = {{0}};
	if (!path_join(p, sizeof p, r->o.corpus, "laws-alqac.jsonl.gz") ||
	    !must_build(r, r->laws_db, "laws", &build))
		return 0;
	if (ev_corpus_each(p, count_cb, &r->ri.laws_expected, NULL, &err) != TC_OK) {
		fprintf(stderr, "tracuu-eval: %s\n", err.msg);
		return 0;
	}
	char *files[] = {p};
	if (build && !build_index(&r->o, r->laws_db, files, 1))
		return 0;
	r->ri.laws_docs = index_docs(&r->o, r->laws_db);
	return 1;
}

/* Returns 0 when the run could not complete (the searcher failed...). */
static int section_topics(run *r)
{
	char p[TC_PATH_MAX];
	qset topics = {0};
	if (!path_join(p, sizeof p, r->o.corpus, "vnmds-topics-dev.tsv") ||
	    !load_topics(p, &topics))
		return 0;
	r->ri.topics = topics.n;
	for (size_t i = 0; i < topics.n; i++)
		for (size_t k = 0; k < topics.v[i].nrel; k++) {
			const char *u = topics.v[i].rel[k];
			if (ev_strmap_get(r->nw.by_url, u, strlen(u)) < 0)
				r->ri.topic_rel_missing++;
		}
	double t0 = now_s();
	int ok = run_qset(&r->o, r->news_db, &topics, R_TOPICS_ACC, R_TOPICS_FOLD);
	fprintf(stderr, "tracuu-eval: topics in %.1f s\n", now_s() - t0);
	qset_release(&topics);
	return ok;
}

static int section_known(run *r)
{
	known *kn = &r->kn;
	news *nw = &r->nw;
	kn->shingles = ev_u64map_new();
	if (!kn->shingles)
		die_nomem();
	for (size_t i = 0; i < kn->n; i++) {
		item *it = &kn->v[i];
		const char *title = nw->v[it->rec].title;
		it->q[V_TITLE] = xstrdup(title);
		it->q[V_FOLD] = title_variant(title, ev_text_fold);
		it->q[V_DD] = title_variant(title, ev_text_dd);
		it->q[V_TONE] = tone_variant(title);
		it->q[V_NFD] = title_variant(title, ev_text_nfd);
		it->q[V_UPPER] = title_variant(title, ev_text_upper);
		if (it->q[V_FRAG]) {
			r->ri.frag_items++;
			if (ev_u64map_add(kn->shingles, shingle_hash(it->q[V_FRAG], it->frag_words.v),
					  (int)i) != TC_OK)
				die_nomem();
		}
	}
	r->ri.items = kn->n;

	pass3 p3;
	memset(&p3, 0, sizeof p3);
	p3.nw = nw;
	p3.kn = kn;
	tc_buf_init(&p3.clean, TEXT_MAX);
	tc_buf_init(&p3.fold, TEXT_MAX);
	ev_words_init(&p3.w);
	double t0 = now_s();
	int ok3 = !r->ri.frag_items || (each_news_file(&r->o, pass3_cb, &p3, nw, 3) && !p3.failed);
	tc_buf_release(&p3.clean);
	tc_buf_release(&p3.fold);
	ev_words_release(&p3.w);
	if (!ok3) {
		fprintf(stderr, "tracuu-eval: third reading of the corpus failed\n");
		return 0;
	}
	size_t dup = 0, orphan = 0;
	for (size_t i = 0; i < kn->n; i++) {
		const item *it = &kn->v[i];
		if (!it->q[V_FRAG])
			continue;
		dup += it->nholders > 1;
		int self = 0;
		for (size_t k = 0; k < it->nholders; k++)
			self |= it->holders[k] == it->rec;
		orphan += !self;
	}
	fprintf(stderr,
		"tracuu-eval: %zu fragments, %zu of them in more than one document (%.1f s)\n",
		r->ri.frag_items, dup, now_s() - t0);
	if (orphan)
		fprintf(stderr,
			"tracuu-eval: warning: %zu fragments not found in their own article "
			"(a bug in the evaluation)\n",
			orphan);
	t0 = now_s();
	int ok = run_known(&r->o, r->news_db, nw, kn);
	fprintf(stderr, "tracuu-eval: known items in %.1f s\n", now_s() - t0);
	return ok;
}

static int section_words(run *r)
{
	words *w = &r->wd;
	pass4 p4;
	memset(&p4, 0, sizeof p4);
	p4.nw = &r->nw;
	p4.w = w;
	tc_buf_init(&p4.clean, TEXT_MAX);
	double t0 = now_s();
	int ok4 = !w->n || (each_news_file(&r->o, pass4_cb, &p4, &r->nw, 4) && !p4.failed);
	tc_buf_release(&p4.clean);
	if (!ok4) {
		fprintf(stderr, "tracuu-eval: fourth reading of the corpus failed\n");
		return 0;
	}
	for (size_t i = 0; i < w->n; i++)
		w->chosen += w->v[i].exact.n >= KW_ARTICLES_MIN;
	fprintf(stderr,
		"tracuu-eval: %zu keywords of frequency >= %d with %d-%d words, %zu of them held "
		"by >= %d articles (%.1f s)\n",
		w->shaped, KW_FREQ_MIN, EV_KW_MIN_TOKENS, EV_KW_MAX_TOKENS, w->chosen,
		KW_ARTICLES_MIN, now_s() - t0);
	t0 = now_s();
	int ok = run_words(&r->o, r->news_db, &r->nw, w);
	fprintf(stderr, "tracuu-eval: words in %.1f s\n", now_s() - t0);
	return ok;
}

static int section_legal(run *r)
{
	char p[TC_PATH_MAX];
	qset legal = {0};
	if (!path_join(p, sizeof p, r->o.corpus, "laws-questions-dev.jsonl") ||
	    !load_legal(p, &legal))
		return 0;
	r->ri.legal = legal.n;
	double t0 = now_s();
	int ok = run_qset(&r->o, r->laws_db, &legal, R_LEGAL_ACC, R_LEGAL_FOLD);
	fprintf(stderr, "tracuu-eval: legal questions in %.1f s\n", now_s() - t0);
	qset_release(&legal);
	return ok;
}

/* Every row's measures as JSON: {"rows": {"topics.accented": {...}}}.  A
 * measure that means nothing for a row is absent.  No query text. */
static int write_json(const char *path, const run_info *ri)
{
	static const struct {
		const char *key;
		unsigned col;
		ev_measure m;
	} ms[] = {{"s1", EV_COL_S1, EV_M_S1},           {"s10", EV_COL_S10, EV_M_S10},
		  {"mrr10", EV_COL_RR, EV_M_RR},         {"ndcg10", EV_COL_NDCG, EV_M_NDCG},
		  {"recall10", EV_COL_RECALL, EV_M_RECALL}, {"same", EV_COL_SAME, EV_M_SAME},
		  {"p10", EV_COL_P10, EV_M_P10}};
	json_object *root = json_object_new_object(), *rowsj = json_object_new_object();
	json_object_object_add(root, "date", json_object_new_string(ri->date));
	json_object_object_add(root, "seconds", json_object_new_double(ri->seconds));
	json_object_object_add(root, "news_documents", json_object_new_int64(ri->news_docs));
	json_object_object_add(root, "laws_documents", json_object_new_int64(ri->laws_docs));
	json_object_object_add(root, "rows", rowsj);
	for (int i = 0; i < R_COUNT; i++) {
		ev_row *r = &rows[i];
		if (!r->run)
			continue;
		json_object *o = json_object_new_object();
		json_object_object_add(o, "set", json_object_new_string(r->set));
		json_object_object_add(o, "variant", json_object_new_string(r->variant));
		json_object_object_add(o, "n", json_object_new_int64((int64_t)r->n));
		json_object_object_add(o, "errors", json_object_new_int64((int64_t)r->errors));
		for (size_t k = 0; k < sizeof ms / sizeof *ms; k++) {
			double v = ev_row_mean(r, ms[k].m);
			if ((r->cols & ms[k].col) && v >= 0)
				json_object_object_add(o, ms[k].key, json_object_new_double(v));
		}
		double p50 = ev_row_took(r, 50), p95 = ev_row_took(r, 95);
		if (p50 >= 0) {
			json_object_object_add(o, "took_ms_median", json_object_new_double(p50));
			json_object_object_add(o, "took_ms_p95", json_object_new_double(p95));
		}
		json_object_object_add(rowsj, r->id, o);
	}
	int rc = json_object_to_file_ext(path, root, JSON_C_TO_STRING_PRETTY);
	if (rc != 0)
		fprintf(stderr, "tracuu-eval: cannot write %s: %s\n", path, json_util_get_last_err());
	json_object_put(root);
	return rc == 0;
}

/* Report, failures, gates; returns the exit code. */
static int finish(run *r, double t_start)
{
	const opts *o = &r->o;
	r->ri.seconds = now_s() - t_start;
	const char *fpath = o->failures ? o->failures : r->fails_path;
	print_examples(o->examples);
	write_failures(fpath);
	fprintf(stderr, "\ntracuu-eval: every failing query is in %s\n\n", fpath);
	write_report(stdout, o, &r->ri, 0);
	fflush(stdout);
	if (o->report) {
		FILE *f = fopen(o->report, "w");
		if (!f) {
			fprintf(stderr, "tracuu-eval: cannot write %s: %s\n", o->report,
				strerror(errno));
			return EXIT_ENV;
		}
		write_report(f, o, &r->ri, 1);
		if (fclose(f) != 0) {
			fprintf(stderr, "tracuu-eval: cannot write %s\n", o->report);
			return EXIT_ENV;
		}
	}
	if (o->json && !write_json(o->json, &r->ri))
		return EXIT_ENV;
	int failed = 0, below = 0;
	for (size_t g = 0; g < NGATES; g++) {
		double v;
		if (gate_result(&gates[g], &v) != 0)
			continue;
		if (gates[g].words && !o->words_gate)
			below++;
		else
			failed++;
	}
	if (below)
		fprintf(stderr, "tracuu-eval: %d words threshold%s not met (not gated without "
				"--words-gate)\n",
			below, below > 1 ? "s" : "");
	if (failed)
		fprintf(stderr, "tracuu-eval: %d threshold%s failed\n", failed, failed > 1 ? "s" : "");
	return failed && o->gate ? EXIT_GATE : 0;
}

static void run_release(run *r)
{
	for (size_t i = 0; i < r->nw.n; i++) {
		free(r->nw.v[i].url);
		free(r->nw.v[i].title);
	}
	free(r->nw.v);
	ev_strmap_free(r->nw.by_url);
	for (size_t i = 0; i < r->kn.n; i++) {
		item *it = &r->kn.v[i];
		for (int v = 0; v < V_COUNT; v++)
			free(it->q[v]);
		ev_words_release(&it->frag_words);
		free(it->holders);
		for (size_t k = 0; k < it->ncanon; k++)
			free(it->canon[k]);
		free(it->canon);
	}
	free(r->kn.v);
	ev_u64map_free(r->kn.shingles);
	words_release(&r->wd);
	for (size_t i = 0; i < nfails; i++) {
		failure *x = &fails[i];
		free(x->query);
		free(x->expected);
		free(x->expected_title);
		free(x->got_url);
		free(x->got_title);
		free(x->detail);
	}
	free(fails);
	fails = NULL;
	nfails = fails_cap = 0;
	for (int i = 0; i < R_COUNT; i++)
		ev_row_release(&rows[i]);
	memset(r, 0, sizeof *r);
}

int main(int argc, char **argv)
{
	static run r; /* large; and main's state lives as long as the process */
	if (!parse_opts(argc, argv, &r.o))
		return EXIT_ENV;
	signal(SIGPIPE, SIG_IGN);
	double t_start = now_s();
	r.ri.news_docs = r.ri.laws_docs = -1;
	r.ri.wd = &r.wd;
	time_t now = time(NULL);
	struct tm tmv;
	gmtime_r(&now, &tmv);
	strftime(r.ri.date, sizeof r.ri.date, "%Y-%m-%d %H:%M UTC", &tmv);

	int rc = setup(&r);
	if (rc)
		return rc;
	unsigned sec = r.o.sections;
	if ((sec & SEC_NEWS) && !prepare_news(&r))
		return EXIT_ENV;
	if ((sec & SEC_LEGAL) && !prepare_laws(&r))
		return EXIT_ENV;
	if (!write_marker(r.o.work, r.marker))
		fprintf(stderr, "tracuu-eval: warning: cannot write the marker in %s\n", r.o.work);

	int ok = 1;
	if (sec & SEC_TOPICS)
		ok = section_topics(&r);
	if ((sec & SEC_KNOWN) && ok)
		ok = section_known(&r);
	if ((sec & SEC_WORDS) && ok && !r.wd.absent)
		ok = section_words(&r);
	if ((sec & SEC_LEGAL) && ok)
		ok = section_legal(&r);
	r.ri.incomplete = !ok;
	rc = finish(&r, t_start);
	run_release(&r);
	if (!ok) {
		fprintf(stderr, "tracuu-eval: the run did not complete\n");
		return EXIT_ENV;
	}
	return rc;
}
