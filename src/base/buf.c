/* SPDX-License-Identifier: GPL-3.0-or-later */
/* buf.c — growable capped byte buffer; see buf.h. */
#include "base/buf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void tb_buf_init(tb_buf *b, size_t max)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->max = max ? max : TB_BUF_DEFAULT_MAX;
}

static tb_status reserve(tb_buf *b, size_t extra)
{
    if (extra > b->max || b->len > b->max - extra)
        return TB_ERR_TOO_BIG;
    size_t need = b->len + extra + 1; /* + NUL */
    if (need <= b->cap)
        return TB_OK;
    size_t ncap = b->cap ? b->cap : 64;
    while (ncap < need)
        ncap = ncap > SIZE_MAX / 2 ? need : ncap * 2;
    char *p = realloc(b->data, ncap);
    if (!p)
        return TB_ERR_NOMEM;
    b->data = p;
    b->cap = ncap;
    return TB_OK;
}

tb_status tb_buf_add(tb_buf *b, const void *p, size_t n)
{
    tb_status st = reserve(b, n);
    if (st != TB_OK)
        return st;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return TB_OK;
}

tb_status tb_buf_adds(tb_buf *b, const char *s)
{
    return tb_buf_add(b, s, strlen(s));
}

tb_status tb_buf_addc(tb_buf *b, char c)
{
    return tb_buf_add(b, &c, 1);
}

tb_status tb_buf_printf(tb_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return TB_ERR_IO;
    tb_status st = reserve(b, (size_t)n);
    if (st != TB_OK)
        return st;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return TB_OK;
}

tb_status tb_buf_addcp(tb_buf *b, unsigned cp)
{
    char u[4];
    size_t n;
    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        u[0] = (char)(0xF0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    return tb_buf_add(b, u, n);
}

void tb_buf_reset(tb_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

char *tb_buf_take(tb_buf *b)
{
    if (!b->data && tb_buf_add(b, "", 0) != TB_OK)
        return NULL;
    char *p = b->data;
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}

void tb_buf_free(tb_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

tb_status tb_grow(void **items, size_t *cap, size_t n, size_t size, size_t first)
{
    if (n < *cap)
        return TB_OK;
    size_t ncap = *cap ? *cap * 2 : first;
    if (ncap <= n || ncap > SIZE_MAX / size)
        return TB_ERR_NOMEM;
    void *p = realloc(*items, ncap * size);
    if (!p)
        return TB_ERR_NOMEM;
    *items = p;
    *cap = ncap;
    return TB_OK;
}
