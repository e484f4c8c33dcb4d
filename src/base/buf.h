/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * buf.h — a growable byte buffer with a hard cap (after curl's dynbuf).
 * The buffer owns its memory; tb_buf_free releases it, tb_buf_take hands it
 * over to the caller (who then frees it with free()). Contents are always
 * NUL-terminated so that `b.data` can be used as a C string, but the length
 * is authoritative (the data may contain NUL bytes).
 */
#ifndef TB_BUF_H
#define TB_BUF_H

#include <stddef.h>

#include "base/tb.h"

typedef struct {
    char *data;   /* NULL until the first append */
    size_t len;
    size_t cap;   /* allocated bytes */
    size_t max;   /* hard cap on len; 0 means TB_BUF_DEFAULT_MAX */
} tb_buf;

#define TB_BUF_DEFAULT_MAX ((size_t)256 << 20) /* 256 MiB */

/* Initialise an empty buffer that may grow to `max` bytes (0: default). */
void tb_buf_init(tb_buf *b, size_t max);
/* Append n bytes; TB_ERR_NOMEM on allocation failure, TB_ERR_TOO_BIG past the cap. */
tb_status tb_buf_add(tb_buf *b, const void *p, size_t n);
/* Append a NUL-terminated string. */
tb_status tb_buf_adds(tb_buf *b, const char *s);
/* Append one byte. */
tb_status tb_buf_addc(tb_buf *b, char c);
/* Append formatted text. */
tb_status tb_buf_printf(tb_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Append the UTF-8 encoding of code point cp. */
tb_status tb_buf_addcp(tb_buf *b, unsigned cp);
/* Forget the contents, keep the memory. */
void tb_buf_reset(tb_buf *b);
/* Give the (NUL-terminated, never NULL on success) data to the caller; the buffer is empty after. */
char *tb_buf_take(tb_buf *b);
/* Release the memory. */
void tb_buf_free(tb_buf *b);

/* Make room for one more item in a growable array: when n == *cap, double
 * *cap (to `first` at the start) and realloc *items (elements of `size`
 * bytes). On failure, or if the size would overflow, *items and *cap are
 * unchanged and TB_ERR_NOMEM is returned. */
tb_status tb_grow(void **items, size_t *cap, size_t n, size_t size, size_t first);

#endif
