/*
 * replay_main.c - run a fuzz target over saved inputs without libFuzzer, so
 * that CI (any compiler, ctest -L fuzz) keeps every seed and every crash
 * found so far passing.  Linked into each target when TRACUU_FUZZ is OFF.
 *
 *   fuzz_x PATH...   each PATH a file, or a directory whose files (not
 *                    recursive, dot files skipped) are replayed in name order
 *
 * Each input is copied into a buffer of exactly its size, so that an
 * AddressSanitizer build (TRACUU_SANITIZE) catches a read one byte past it,
 * as libFuzzer would.  Exit status: 0 when every input ran, 1 when a path
 * cannot be read or no input was found; a broken invariant aborts.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz_util.h"
#include "tc_buf.h"
#include "tc_banned.h"

#define INPUT_MAX (64u << 20)

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return -1;
	}
	tc_buf b;
	tc_buf_init(&b, INPUT_MAX);
	char tmp[65536];
	size_t got;
	tc_status st = TC_OK;
	while (st == TC_OK && (got = fread(tmp, 1, sizeof tmp, f)) > 0)
		st = tc_buf_append(&b, tmp, got);
	int failed = ferror(f) || st != TC_OK;
	fclose(f);
	if (failed) {
		fprintf(stderr, "%s: cannot read (%s)\n", path,
			st != TC_OK ? tc_status_str(st) : "read error");
		tc_buf_release(&b);
		return -1;
	}
	/* Exactly size bytes, not the NUL-terminated tc_buf storage. */
	uint8_t *exact = malloc(b.len ? b.len : 1);
	if (!exact) {
		tc_buf_release(&b);
		return -1;
	}
	if (b.len)
		memcpy(exact, b.data, b.len);
	size_t n = b.len;
	tc_buf_release(&b);
	LLVMFuzzerTestOneInput(exact, n);
	free(exact);
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Replay the files of a directory in name order; returns inputs run or -1. */
static long replay_dir(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d) {
		perror(dir);
		return -1;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	long ran = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 64;
			char **p = realloc(names, nc * sizeof *p);
			if (!p) {
				ran = -1;
				break;
			}
			names = p;
			cap = nc;
		}
		if (!(names[n] = strdup(e->d_name))) {
			ran = -1;
			break;
		}
		n++;
	}
	closedir(d);
	if (ran == 0)
		qsort(names, n, sizeof *names, cmp_names);
	for (size_t i = 0; i < n && ran >= 0; i++) {
		char path[4096];
		int len = snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		struct stat sb;
		if (len < 0 || (size_t)len >= sizeof path || stat(path, &sb) != 0) {
			ran = -1;
		} else if (S_ISREG(sb.st_mode)) {
			ran = replay_file(path) == 0 ? ran + 1 : -1;
		}
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return ran;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE-OR-DIR...\n", argv[0]);
		return 2;
	}
	long total = 0;
	for (int i = 1; i < argc; i++) {
		struct stat sb;
		if (stat(argv[i], &sb) != 0) {
			perror(argv[i]);
			return 1;
		}
		long ran = S_ISDIR(sb.st_mode) ? replay_dir(argv[i]) : (replay_file(argv[i]) == 0 ? 1 : -1);
		if (ran < 0)
			return 1;
		total += ran;
	}
	if (total == 0) {
		fprintf(stderr, "%s: no inputs found\n", argv[0]);
		return 1;
	}
	printf("%s: %ld inputs replayed\n", argv[0], total);
	return 0;
}
