/* tc_status.c - status strings and the error-message helper. */
#include "tc_status.h"

#include <stdarg.h>
#include <stdio.h>

#include "tc_banned.h"

const char *tc_status_str(tc_status st)
{
	switch (st) {
	case TC_OK: return "success";
	case TC_ERR_NOMEM: return "out of memory";
	case TC_ERR_INVALID: return "invalid input";
	case TC_ERR_IO: return "input/output error";
	case TC_ERR_DB: return "database error";
	case TC_ERR_TOO_BIG: return "input too large";
	case TC_ERR_NOT_FOUND: return "not found";
	case TC_ERR_MODIFIED: return "database modified during read";
	case TC_ERR_USAGE: return "usage error";
	case TC_ERR_LOCKED: return "database locked by another writer";
	case TC_ERR_NETWORK: return "a remote shard did not answer";
	}
	return "unknown error";
}

tc_status tc_err_set(tc_err *err, tc_status st, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof err->msg, fmt, ap);
		va_end(ap);
	}
	return st;
}
