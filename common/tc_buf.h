/*
 * tc_buf.h - a growable byte buffer with a hard size cap (curl's dynbuf).
 *
 * Every buffer that grows from outside input is created with a cap; an append
 * that would pass it fails with TC_ERR_TOO_BIG and leaves the buffer as it was,
 * so nothing is ever silently truncated.  The contents are always followed by
 * a NUL byte that is not counted in len.
 */
#ifndef TC_BUF_H
#define TC_BUF_H

#include <stddef.h>

#include "tc_status.h"

typedef struct tc_buf {
	char *data;  /* NULL until the first append */
	size_t len;  /* bytes in use, excluding the trailing NUL */
	size_t cap;  /* bytes allocated */
	size_t max;  /* hard cap on len */
} tc_buf;

/* Prepare an empty buffer that will never hold more than max bytes. */
void tc_buf_init(tc_buf *b, size_t max);
/* Free the storage and leave the buffer empty and reusable (same cap). */
void tc_buf_release(tc_buf *b);
/* Empty the buffer but keep its storage. */
void tc_buf_reset(tc_buf *b);

TC_MUST_CHECK tc_status tc_buf_append(tc_buf *b, const void *p, size_t n);
TC_MUST_CHECK tc_status tc_buf_append_str(tc_buf *b, const char *s);
TC_MUST_CHECK tc_status tc_buf_append_char(tc_buf *b, char c);
TC_MUST_CHECK tc_status tc_buf_printf(tc_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Hand the storage to the caller (who frees it) and leave b empty. */
char *tc_buf_detach(tc_buf *b, size_t *len /* OUT, may be NULL */);

/*
 * Growable arrays (git's ALLOC_GROW): make room for at least need elements
 * in the array *arr_ptr points to (a T **, passed as void *), whose capacity
 * in elements is *cap, never more than max elements.  The capacity grows by
 * half again (at least to need, at least 16) so that appending n elements
 * costs O(n); the byte size is overflow-checked.  TC_OK when need <= *cap
 * already; TC_ERR_TOO_BIG when need > max; TC_ERR_NOMEM.  On failure the
 * array and *cap are unchanged (still owned by the caller).
 */
TC_MUST_CHECK tc_status tc_grow(void *arr_ptr, size_t *cap, size_t need, size_t elem_size,
				size_t max);
/* TC_GROW(arr, cap, need, max) for a T *arr and a size_t cap. */
#define TC_GROW(arr, cap, need, max) tc_grow(&(arr), &(cap), (need), sizeof *(arr), (max))

#endif
