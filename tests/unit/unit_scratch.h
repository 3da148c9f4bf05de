/*
 * unit_scratch.h - scratch directories for the unit tests that write files:
 * made under TMPDIR (CTest points it into the build tree), removed with
 * everything in them whatever the code under test left.
 */
#ifndef UNIT_SCRATCH_H
#define UNIT_SCRATCH_H

#include <dirent.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit_test.h"

#define UNIT_PATH_MAX 4096

/* A new empty directory tracuu-unit-TAG.XXXXXX under TMPDIR (else /tmp),
 * its path into dir (UNIT_PATH_MAX bytes). */
static inline void unit_scratch_new(char *dir, const char *tag)
{
	const char *tmp = getenv("TMPDIR");
	int n = snprintf(dir, UNIT_PATH_MAX, "%s/tracuu-unit-%s.XXXXXX", tmp && *tmp ? tmp : "/tmp",
			 tag);
	assert_true(n > 0 && n < UNIT_PATH_MAX);
	assert_non_null(mkdtemp(dir));
}

/* rm -r without following symlinks; the code under test is not trusted
 * to clean up after itself. */
static inline void unit_rm_rf(const char *path)
{
	struct stat sb;
	if (lstat(path, &sb) != 0)
		return;
	if (!S_ISDIR(sb.st_mode)) {
		unlink(path);
		return;
	}
	DIR *d = opendir(path);
	if (d) {
		struct dirent *e;
		while ((e = readdir(d)) != NULL) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			char p[UNIT_PATH_MAX];
			int n = snprintf(p, sizeof p, "%s/%s", path, e->d_name);
			assert_true(n > 0 && (size_t)n < sizeof p);
			unit_rm_rf(p);
		}
		closedir(d);
	}
	rmdir(path);
}

#endif
