/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * shape.c — how a line of a page looks: white space, indentation, how it
 * ends, brackets, the "place name: title" pattern. The parsers classify
 * blocks with these tests only, never with the words of a particular page.
 */
#include "parse/parse.h"

#include <string.h>

#include "base/utf8.h"

int tb_parse_is_space(unsigned cp)
{
    return tb_is_space(cp);
}

/* Decode the code point that ends at s[len] (the last one of s[0..len)). */
static size_t last_cp(const char *s, size_t len, unsigned *cp)
{
    size_t start = len;
    while (start > 0 && len - start < 4) {
        start--;
        if (((unsigned char)s[start] & 0xC0) != 0x80)
            break;
    }
    size_t k = tb_utf8_decode(s + start, len - start, cp);
    if (k != len - start) {
        *cp = (unsigned char)s[len - 1];
        return 1;
    }
    return k;
}

const char *tb_parse_trim(const char *s, size_t *len, unsigned *indent)
{
    size_t n = *len;
    unsigned ind = 0;
    while (n > 0) {
        unsigned cp;
        size_t k = tb_utf8_decode(s, n, &cp);
        if (!k || !tb_parse_is_space(cp))
            break;
        ind += cp == '\t' ? 4 : cp == 0x3000 ? 2 : 1;
        s += k;
        n -= k;
    }
    while (n > 0) {
        unsigned cp;
        size_t k = last_cp(s, n, &cp);
        if (!tb_parse_is_space(cp))
            break;
        n -= k;
    }
    *len = n;
    if (indent)
        *indent = ind;
    return s;
}

int tb_parse_is_closer(unsigned cp)
{
    return cp == 0x201D || cp == 0x2019 || cp == 0x300D || cp == 0x300F || cp == 0xFF09 ||
           cp == ')' || cp == 0x300B || cp == 0x3009 || cp == 0x3011 || cp == ']' || cp == '"' ||
           cp == '\'' || cp == 0xFF3D || cp == 0x3015;
}

int tb_parse_ends_sentence(const char *s, size_t len)
{
    while (len > 0) {
        unsigned cp;
        size_t k = last_cp(s, len, &cp);
        if (tb_parse_is_closer(cp)) {
            len -= k;
            continue;
        }
        if (cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == 0xFF1B || cp == 0x2026 ||
            cp == '!' || cp == '?' || cp == ';' || cp == 0xFF0E)
            return 1;
        if (cp == '.') { /* a full stop, not the end of "3." or "..." of a number */
            unsigned prev = 0;
            if (len - k > 0)
                last_cp(s, len - k, &prev);
            return !(prev >= '0' && prev <= '9');
        }
        return 0;
    }
    return 0;
}

int tb_parse_ends_open(const char *s, size_t len)
{
    if (len == 0)
        return 0;
    unsigned cp;
    last_cp(s, len, &cp);
    return cp == 0xFF0C || cp == 0x3001 || cp == 0xFF1A || cp == ',' || cp == ':' || cp == 0x2014 ||
           cp == 0x2013 || cp == '-';
}

size_t tb_parse_nchars(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        unsigned cp;
        size_t k = tb_utf8_decode(s + i, len - i, &cp);
        if (!k)
            k = 1;
        else if (tb_parse_is_space(cp)) {
            i += k;
            continue;
        }
        n++;
        i += k;
    }
    return n;
}

int tb_parse_is_credit(const char *s, size_t len)
{
    unsigned first, last;
    if (len < 4)
        return 0;
    size_t k = tb_utf8_decode(s, len, &first);
    if (!k || (first != '(' && first != 0xFF08))
        return 0;
    last_cp(s, len, &last);
    if (last != ')' && last != 0xFF09)
        return 0;
    size_t n = tb_parse_nchars(s, len);
    if (n < 4 || n > 60)
        return 0;
    /* the opening bracket must be closed only at the very end: "(a)b(c)" is not one credit */
    int depth = 0;
    for (size_t i = 0; i < len;) {
        unsigned cp;
        size_t m = tb_utf8_decode(s + i, len - i, &cp);
        if (!m)
            m = 1;
        if (cp == '(' || cp == 0xFF08)
            depth++;
        else if (cp == ')' || cp == 0xFF09) {
            depth--;
            if (depth == 0 && i + m < len)
                return 0;
        }
        i += m;
    }
    return depth == 0;
}

int tb_parse_is_place_title(const char *s, size_t len)
{
    size_t han = 0, i = 0;
    while (i < len) {
        unsigned cp;
        size_t k = tb_utf8_decode(s + i, len - i, &cp);
        if (!k)
            return 0;
        if (cp == ':' || cp == 0xFF1A) {
            i += k;
            break;
        }
        if (!tb_is_han(cp) && cp != 0xB7 && cp != 0x30FB) /* a name may hold a middle dot */
            return 0;
        han++;
        i += k;
        if (han > 8)
            return 0;
    }
    if (han < 2 || i >= len)
        return 0;
    size_t rest = len - i;
    const char *r = tb_parse_trim(s + i, &rest, NULL);
    return tb_parse_nchars(r, rest) >= 2 && !tb_parse_ends_sentence(s, len);
}

tb_block_role tb_parse_heading_role(const char *s, size_t len)
{
    return tb_parse_is_place_title(s, len) ? TB_BLOCK_SUBREPORT : TB_BLOCK_SUBHEADING;
}
