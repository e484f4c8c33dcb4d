/* SPDX-License-Identifier: GPL-3.0-or-later */
/* utf8.c — strict UTF-8 decoding; see utf8.h for the policy. */
#include "base/utf8.h"

#include <string.h>

size_t tb_utf8_decode(const char *s, size_t n, unsigned *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    *cp = 0xFFFD;
    if (n == 0)
        return 0;
    unsigned c = u[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t len;
    unsigned min;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        c &= 0x1F;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        c &= 0x0F;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        c &= 0x07;
        min = 0x10000;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((u[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (u[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return len;
}

size_t tb_utf8_count(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            k++;
    return k;
}

int tb_utf8_has(const char *set, unsigned cp)
{
    size_t n = strlen(set);
    for (size_t i = 0; i < n;) {
        unsigned v;
        size_t k = tb_utf8_decode(set + i, n - i, &v);
        if (k == 0)
            return 0;
        if (v == cp)
            return 1;
        i += k;
    }
    return 0;
}

int tb_is_han(unsigned cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0x20000 && cp <= 0x2EBEF) || (cp >= 0xF900 && cp <= 0xFAFF);
}

int tb_is_space(unsigned cp)
{
    return cp == ' ' || cp == '\t' || cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200A) ||
           cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

int tb_utf8_invisible(unsigned cp)
{
    return (cp < 0x20 && cp != '\t' && cp != '\n') || (cp >= 0x7F && cp <= 0x9F) || cp == 0xAD ||
           cp == 0x061C || cp == 0x180E || (cp >= 0x200B && cp <= 0x200F) ||
           (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x206F) || cp == 0xFEFF ||
           (cp >= 0xFFF9 && cp <= 0xFFFB);
}

size_t tb_utf8_strip_invisible(char *s, size_t len)
{
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        unsigned cp;
        size_t k = tb_utf8_decode(s + i, len - i, &cp);
        if (k == 0)
            k = 1; /* not UTF-8: kept, the input stage judges it */
        else if (tb_utf8_invisible(cp)) {
            i += k;
            continue;
        }
        memmove(s + o, s + i, k);
        o += k;
        i += k;
    }
    if (o < len)
        s[o] = '\0';
    return o;
}
