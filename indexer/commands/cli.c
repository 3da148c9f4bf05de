/* cli.c - tracuu-index's common options and its one option parser; see cli.h. */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "tc_buf.h"
#include "tc_banned.h"

enum { OPT_PROGRESS = 256, OPT_NO_PROGRESS };

/* The common options: accepted before the command and after it. */
static const cli_option common[] = {
	{"db", required_argument, 'd', "DIR"},
	{"batch", required_argument, 'b', "N"},
	{"jobs", required_argument, 'j', "N"},
	{"progress", no_argument, OPT_PROGRESS, NULL},
	{"no-progress", no_argument, OPT_NO_PROGRESS, NULL},
	{"quiet", no_argument, 'q', NULL},
	{"help", no_argument, 'h', NULL},
};
#define N_COMMON (sizeof common / sizeof common[0])
#define MAX_OPTIONS 32

int cli_usage_error(const cli *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "tracuu-index%s%s: ", c->cmd ? " " : "", c->cmd ? c->cmd : "");
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	return CLI_EXIT_USAGE;
}

int cli_parse_u32(const char *s, uint32_t lo, uint32_t hi, uint32_t *out)
{
	if (*s < '0' || *s > '9')
		return 0; /* strtoul would take a sign or leading space */
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (*end != '\0' || errno || v < lo || v > hi)
		return 0;
	*out = (uint32_t)v;
	return 1;
}

int cli_parse_seconds(const char *s, double lo, double hi, double *out)
{
	if ((*s < '0' || *s > '9') && *s != '.')
		return 0;
	char *end;
	double v = strtod(s, &end);
	if (end == s || *end != '\0' || !(v >= lo && v <= hi))
		return 0;
	*out = v;
	return 1;
}

/* "--db DIR, --batch N, ..." for the error line. */
static void accepted(const cli_option *opts, size_t n, tc_buf *out)
{
	for (size_t i = 0; i < n; i++) {
		tc_status st = tc_buf_printf(out, "%s--%s%s%s", out->len ? ", " : "", opts[i].name,
					     opts[i].arg ? " " : "", opts[i].arg ? opts[i].arg : "");
		if (st != TC_OK)
			return; /* a shorter list is still a fine message */
	}
}

static int common_option(cli *c, int id, const char *arg)
{
	uint32_t n;
	switch (id) {
	case 'd':
		if (!*arg)
			return cli_usage_error(c, "--db needs a directory, not an empty string");
		c->db = arg;
		return 0;
	case 'b':
		if (!cli_parse_u32(arg, 1, 10000000, &n))
			return cli_usage_error(c, "--batch needs a number from 1 to 10000000, not '%s'", arg);
		c->io.batch_docs = n;
		return 0;
	case 'j':
		if (!cli_parse_u32(arg, 1, 16, &n))
			return cli_usage_error(c, "--jobs needs a number from 1 to 16, not '%s'", arg);
		c->io.jobs = (int)n;
		return 0;
	case OPT_PROGRESS: c->io.progress = 1; return 0;
	case OPT_NO_PROGRESS: c->io.progress = 0; return 0;
	case 'q': c->io.quiet = 1; return 0;
	default: return CLI_EXIT_USAGE;
	}
}

static int parse(cli *c, int argc, char **argv, const cli_option *opts, size_t nopts,
		 cli_on_option on_option, void *ctx, const char *usage, int in_order, int *first)
{
	cli_option all[MAX_OPTIONS];
	struct option lopts[MAX_OPTIONS + 1];
	if (N_COMMON + nopts > MAX_OPTIONS)
		return cli_usage_error(c, "internal error: too many options");
	memcpy(all, common, sizeof common);
	if (nopts)
		memcpy(all + N_COMMON, opts, nopts * sizeof *opts);
	size_t n = N_COMMON + nopts;
	for (size_t i = 0; i < n; i++)
		lopts[i] = (struct option){all[i].name, all[i].has_arg, NULL, all[i].id};
	lopts[n] = (struct option){NULL, 0, NULL, 0};
	/* '+': stop at the command's name; ':': report a missing value as ':'. */
	const char *shorts = in_order ? "+:d:b:j:qh" : ":d:b:j:qh";
	opterr = 0;
	optind = 0; /* GNU getopt: start over (main's pass has run) */
	int id, rc = 0;
	while (rc == 0 && (id = getopt_long(argc, argv, shorts, lopts, NULL)) != -1) {
		if (id == '?' || id == ':') {
			char what[64];
			const char *bad = argv[optind - 1];
			if (optopt > 0 && optopt < 128 && optopt != '-' && bad[1] != '-')
				snprintf(what, sizeof what, "-%c", optopt);
			else
				snprintf(what, sizeof what, "%.*s", (int)strcspn(bad, "="), bad);
			tc_buf list;
			tc_buf_init(&list, 2048);
			accepted(all, n, &list);
			if (id == ':')
				rc = cli_usage_error(c, "option %s needs a value (see --help)", what);
			else
				rc = cli_usage_error(c, "unknown option %s; accepted: %s", what,
						     list.data ? list.data : "");
			tc_buf_release(&list);
		} else if (id == 'h') {
			fputs(usage, stdout);
			rc = -1;
		} else {
			size_t k = 0;
			while (k < n && all[k].id != id)
				k++;
			rc = k < N_COMMON ? common_option(c, id, optarg) : on_option(ctx, c, id, optarg);
		}
	}
	*first = optind;
	return rc;
}

int cli_parse(cli *c, int argc, char **argv, const cli_option *opts, size_t nopts,
	      cli_on_option on_option, void *ctx, const char *usage, int *first)
{
	return parse(c, argc, argv, opts, nopts, on_option, ctx, usage, 0, first);
}

int cli_parse_common(cli *c, int argc, char **argv, const char *usage, int *first)
{
	return parse(c, argc, argv, NULL, 0, NULL, NULL, usage, 1, first);
}

int cli_need_db(const cli *c)
{
	if (c->db && *c->db)
		return 0;
	return cli_usage_error(c, "no index given: use --db DIR or set TRACUU_DB");
}

void cli_print_summary(const char *verb, const tc_import_stats *s)
{
	double mb = (double)s->bytes / 1e6;
	double secs = s->seconds > 0 ? s->seconds : 1e-9;
	fprintf(stderr,
		"%s %llu documents (%llu replaced) from %llu files, %llu failed; "
		"%.1f MB of text in %.2f s (%.1f MB/s, %.0f docs/s)",
		verb, (unsigned long long)s->docs, (unsigned long long)s->replaced,
		(unsigned long long)s->files, (unsigned long long)s->failed, mb, s->seconds,
		mb / secs, (double)s->docs / secs);
	if (s->invalid_utf8)
		fprintf(stderr, "; %llu invalid UTF-8 sequences replaced",
			(unsigned long long)s->invalid_utf8);
	fputc('\n', stderr);
}

enum { OPT_JSON = 300 };

static int on_json(void *ctx, cli *c, int id, const char *arg)
{
	(void)c;
	(void)arg;
	if (id == OPT_JSON)
		*(int *)ctx = 1;
	return 0;
}

int cli_parse_json_only(cli *c, int argc, char **argv, const char *usage, int *json)
{
	static const cli_option opts[] = {{"json", no_argument, OPT_JSON, NULL}};
	int first;
	*json = 0;
	int rc = cli_parse(c, argc, argv, opts, 1, on_json, json, usage, &first);
	if (rc)
		return rc;
	if ((rc = cli_need_db(c)) != 0)
		return rc;
	if (first != argc)
		return cli_usage_error(c, "takes no arguments, not '%s'", argv[first]);
	return 0;
}
