/*
 * tc_status.h - the one status type of tracuu.
 *
 * Every fallible function returns a tc_status; TC_OK is zero and every error
 * is negative, so `if (rc < 0)` and `if (rc != TC_OK)` both read naturally.
 * Results come back through out-parameters, which are set to NULL/0 when a
 * call fails.  Library code never exits; only main() turns a status into an
 * exit code.
 */
#ifndef TC_STATUS_H
#define TC_STATUS_H

#define TC_MUST_CHECK __attribute__((warn_unused_result))

typedef enum tc_status {
	TC_OK = 0,
	TC_ERR_NOMEM = -1,    /* an allocation failed */
	TC_ERR_INVALID = -2,  /* the input is malformed */
	TC_ERR_IO = -3,       /* reading or writing a file failed */
	TC_ERR_DB = -4,       /* Xapian reported an error */
	TC_ERR_TOO_BIG = -5,  /* an input exceeded its cap */
	TC_ERR_NOT_FOUND = -6,/* the thing asked for does not exist */
	TC_ERR_MODIFIED = -7, /* the database changed under a reader: reopen and retry */
	TC_ERR_USAGE = -8,    /* the caller asked for something meaningless */
	TC_ERR_LOCKED = -9,   /* another writer holds the database */
	TC_ERR_NETWORK = -10  /* a remote shard did not answer (in time) */
} tc_status;

/* A short English description of a status; never NULL. */
const char *tc_status_str(tc_status st);

/*
 * An error message buffer that travels with a status.  Functions that can
 * fail for reasons worth explaining (bad files, Xapian errors) fill it in;
 * it is always NUL-terminated after such a call.
 */
typedef struct tc_err {
	char msg[512];
} tc_err;

/* printf-style helper that fills err (NULL-safe) and returns st. */
tc_status tc_err_set(tc_err *err, tc_status st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
