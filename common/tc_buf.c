/* tc_buf.c - capped growable buffers; see tc_buf.h. */
#include "tc_buf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tc_banned.h"

void tc_buf_init(tc_buf *b, size_t max)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->max = max;
}

void tc_buf_release(tc_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

void tc_buf_reset(tc_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

static tc_status grow(tc_buf *b, size_t extra)
{
	if (extra > b->max || b->len > b->max - extra)
		return TC_ERR_TOO_BIG;
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return TC_OK;
	/* Growing past the cap would allocate up to half again what the buffer
	 * may ever hold: stop at the cap and its NUL. */
	return tc_grow(&b->data, &b->cap, need, 1, b->max < SIZE_MAX ? b->max + 1 : SIZE_MAX);
}

tc_status tc_grow(void *arr_ptr, size_t *cap, size_t need, size_t elem_size, size_t max)
{
	if (need <= *cap)
		return TC_OK;
	if (need > max || elem_size == 0)
		return TC_ERR_TOO_BIG;
	size_t ncap = *cap + *cap / 2;
	if (ncap < *cap || ncap < need)
		ncap = need;
	if (ncap < 16)
		ncap = 16;
	if (ncap > max)
		ncap = max;
	if (ncap > SIZE_MAX / elem_size) {
		if (need > SIZE_MAX / elem_size)
			return TC_ERR_TOO_BIG;
		ncap = SIZE_MAX / elem_size;
	}
	/* The pointer is copied through memcpy: arr_ptr is a T **, which may not
	 * be read through a void ** in strictly conforming C. */
	void *old;
	memcpy(&old, arr_ptr, sizeof old);
	void *p = realloc(old, ncap * elem_size);
	if (!p)
		return TC_ERR_NOMEM;
	memcpy(arr_ptr, &p, sizeof p);
	*cap = ncap;
	return TC_OK;
}

tc_status tc_buf_append(tc_buf *b, const void *p, size_t n)
{
	tc_status st = grow(b, n);
	if (st != TC_OK)
		return st;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return TC_OK;
}

tc_status tc_buf_append_str(tc_buf *b, const char *s)
{
	return tc_buf_append(b, s, strlen(s));
}

tc_status tc_buf_append_char(tc_buf *b, char c)
{
	return tc_buf_append(b, &c, 1);
}

tc_status tc_buf_printf(tc_buf *b, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return TC_ERR_INVALID;
	if ((size_t)n < sizeof small)
		return tc_buf_append(b, small, (size_t)n);
	tc_status st = grow(b, (size_t)n);
	if (st != TC_OK)
		return st;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return TC_OK;
}

char *tc_buf_detach(tc_buf *b, size_t *len)
{
	char *p = b->data;
	if (len)
		*len = b->len;
	if (!p)
		p = calloc(1, 1);
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	return p;
}
