/* SPDX-License-Identifier: GPL-3.0-or-later */
/* document.c — the block list shared by the parsers and the segmenter; see document.h. */
#include "model/document.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/utf8.h"

const char *tb_block_role_name(tb_block_role role)
{
    switch (role) {
    case TB_BLOCK_CHROME: return "chrome";
    case TB_BLOCK_HEADLINE: return "headline";
    case TB_BLOCK_SUBTITLE: return "subtitle";
    case TB_BLOCK_CAPTION: return "caption";
    case TB_BLOCK_PARAGRAPH: return "paragraph";
    case TB_BLOCK_SUBHEADING: return "subheading";
    case TB_BLOCK_SUBREPORT: return "subreport";
    case TB_BLOCK_CREDIT: return "credit";
    case TB_BLOCK_KICKER: return "kicker";
    case TB_BLOCK_NOTE: return "note";
    case TB_BLOCK_TABLE: return "table";
    case TB_BLOCK_FOOTNOTE: return "footnote";
    }
    return "paragraph";
}

tb_document *tb_document_new(void)
{
    return calloc(1, sizeof(tb_document));
}

void tb_document_free(tb_document *doc)
{
    if (!doc)
        return;
    free(doc->blocks);
    tb_arena_free(&doc->arena);
    free(doc);
}

/* Turn every run of white space (no-break, ideographic, tabs, several spaces)
 * inside s[0..len) into one ASCII space, in place; returns the new length.
 * Line ends are kept. */
static size_t collapse_spaces(char *s, size_t len)
{
    size_t r = 0, w = 0;
    int in_space = 0;
    while (r < len) {
        unsigned cp;
        size_t k = tb_utf8_decode(s + r, len - r, &cp);
        if (k && tb_is_space(cp)) {
            if (!in_space)
                s[w++] = ' ';
            in_space = 1;
            r += k;
            continue;
        }
        in_space = 0;
        if (!k)
            k = 1;
        memmove(s + w, s + r, k);
        w += k;
        r += k;
    }
    s[w] = '\0';
    return w;
}

/* s[0..*len) without the white space around it (tb_is_space). */
static const char *trim(const char *s, size_t *len)
{
    unsigned cp;
    size_t k;
    while (*len && (k = tb_utf8_decode(s, *len, &cp)) && tb_is_space(cp)) {
        s += k;
        *len -= k;
    }
    while (*len) {
        size_t b = *len - 1; /* the start of the last character */
        while (b && ((unsigned char)s[b] & 0xC0) == 0x80)
            b--;
        if (!tb_utf8_decode(s + b, *len - b, &cp) || !tb_is_space(cp))
            break;
        *len = b;
    }
    return s;
}

tb_status tb_document_set_meta(tb_document *doc, char **field, const char *s, size_t len)
{
    s = trim(s, &len);
    if (*field || len == 0)
        return TB_OK;
    char *t = tb_arena_strndup(&doc->arena, s, len);
    if (!t)
        return TB_ERR_NOMEM;
    *field = t;
    collapse_spaces(t, len);
    return TB_OK;
}

tb_status tb_document_add(tb_document *doc, tb_block_role role, const char *text, size_t len,
                          size_t line, unsigned indent)
{
    void *blocks = doc->blocks;
    if (tb_grow(&blocks, &doc->cap_blocks, doc->n_blocks, sizeof *doc->blocks, 32) != TB_OK)
        return TB_ERR_NOMEM;
    doc->blocks = blocks;
    char *t = tb_arena_strndup(&doc->arena, text, len);
    if (!t)
        return TB_ERR_NOMEM;
    /* decoded entities (&#x202E;, &#8203;, &#27;) can carry what the input
     * stage strips from plain text: drop it here, once for every parser */
    len = tb_utf8_strip_invisible(t, len);
    len = collapse_spaces(t, len);
    tb_block *b = &doc->blocks[doc->n_blocks++];
    b->role = role;
    b->text = t;
    b->len = len;
    b->line = line;
    b->indent = indent;
    return TB_OK;
}

size_t tb_document_count_spoken(const tb_document *doc)
{
    size_t n = 0;
    for (size_t i = 0; i < doc->n_blocks; i++)
        if (doc->blocks[i].role != TB_BLOCK_CHROME)
            n++;
    return n;
}

/* Read 1..max ASCII digits at s[*i]; returns the value or -1. */
static long digits(const char *s, size_t len, size_t *i, int max)
{
    long v = 0;
    int k = 0;
    while (*i < len && k < max && s[*i] >= '0' && s[*i] <= '9') {
        v = v * 10 + (s[*i] - '0');
        (*i)++;
        k++;
    }
    return k ? v : -1;
}

/* Match the separator after a year or month: 年/月 or one of - / . */
static int sep(const char *s, size_t len, size_t *i, const char *han)
{
    size_t hl = strlen(han);
    if (*i + hl <= len && !memcmp(s + *i, han, hl)) {
        *i += hl;
        return 1;
    }
    if (*i < len && (s[*i] == '-' || s[*i] == '/' || s[*i] == '.')) {
        (*i)++;
        return 1;
    }
    return 0;
}

int tb_document_find_date(const char *s, size_t len, char out[11])
{
    for (size_t start = 0; start + 8 <= len; start++) {
        if (s[start] < '1' || s[start] > '2' ||
            (start && s[start - 1] >= '0' && s[start - 1] <= '9'))
            continue;
        size_t i = start;
        long y = digits(s, len, &i, 4);
        if (y < 1900 || y > 2199 || i - start != 4 || !sep(s, len, &i, "年"))
            continue;
        long m = digits(s, len, &i, 2);
        if (m < 1 || m > 12 || !sep(s, len, &i, "月"))
            continue;
        long d = digits(s, len, &i, 2);
        if (!tb_date_valid_ymd(y, m, d) || (i < len && s[i] >= '0' && s[i] <= '9'))
            continue;
        snprintf(out, 11, "%04ld-%02ld-%02ld", y, m, d);
        return 1;
    }
    return 0;
}
