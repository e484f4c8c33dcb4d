/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sniff.c — the format of a report: its file name's extension first, then
 * the shape of its clean text (see input.h).
 */
#include <string.h>
#include <strings.h>

#include "input/input_int.h"

tb_input_format tb_input_format_by_name(const char *name)
{
    static const struct {
        const char *ext;
        tb_input_format f;
    } exts[] = {{".txt", TB_FMT_EPAPER},        {".text", TB_FMT_EPAPER}, {".md", TB_FMT_MARKDOWN},
                {".markdown", TB_FMT_MARKDOWN}, {".html", TB_FMT_HTML},   {".htm", TB_FMT_HTML},
                {".xhtml", TB_FMT_HTML},        {".shtml", TB_FMT_HTML}};
    if (!name)
        return TB_FMT_AUTO;
    const char *slash = strrchr(name, '/'), *base = slash ? slash + 1 : name;
    const char *dot = strrchr(base, '.');
    if (!dot || dot == base)
        return TB_FMT_AUTO;
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++)
        if (!strcasecmp(dot, exts[i].ext))
            return exts[i].f;
    return TB_FMT_AUTO;
}

static int starts_with_ci(const char *s, const char *end, const char *prefix)
{
    size_t n = strlen(prefix);
    return (size_t)(end - s) >= n && !strncasecmp(s, prefix, n);
}

/* Mostly markup: at least 5 closing tags, and at least half of the
 * non-blank lines start with a tag (prose that quotes a few tags does not). */
static int mostly_markup(const char *text, const char *end)
{
    size_t closing = 0, lines = 0, tag_lines = 0;
    for (const char *q = text; q < end;) {
        const char *nl = memchr(q, '\n', (size_t)(end - q));
        const char *e = nl ? nl : end;
        const char *p = q;
        while (p < e && (*p == ' ' || *p == '\t'))
            p++;
        if (p < e) {
            lines++;
            tag_lines += *p == '<';
        }
        for (; p + 2 < e; p++)
            if (p[0] == '<' && p[1] == '/' && (p[2] | 0x20) >= 'a' && (p[2] | 0x20) <= 'z')
                closing++;
        q = e + 1;
    }
    return closing >= 5 && tag_lines * 2 >= lines;
}

/* A line of only c (at least 3, spaces around allowed). */
static int underline(const char *s, const char *e, char c)
{
    size_t n = 0;
    while (s < e && (*s == ' ' || *s == '\t'))
        s++;
    for (; s < e && *s == c; s++)
        n++;
    while (s < e && (*s == ' ' || *s == '\t'))
        s++;
    return s == e && n >= 3;
}

static int markdown_headings(const char *text, const char *end)
{
    int prev_text = 0;
    size_t dashes = 0;
    for (const char *q = text; q < end;) {
        const char *nl = memchr(q, '\n', (size_t)(end - q));
        const char *e = nl ? nl : end;
        size_t h = 0;
        while (q + h < e && q[h] == '#')
            h++;
        if (h >= 1 && h <= 6 && q + h < e && q[h] == ' ')
            return 1; /* an ATX heading */
        if (prev_text && underline(q, e, '='))
            return 1;
        if (prev_text && underline(q, e, '-') && ++dashes >= 2)
            return 1;
        const char *p = q;
        while (p < e && (*p == ' ' || *p == '\t'))
            p++;
        prev_text = p < e && !underline(q, e, '-') && !underline(q, e, '=');
        q = e + 1;
    }
    return 0;
}

tb_input_format tb_input_sniff(const char *text, size_t len)
{
    const char *p = text, *end = text + len;
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n'))
        p++;
    if (starts_with_ci(p, end, "<!doctype html") || starts_with_ci(p, end, "<html") ||
        starts_with_ci(p, end, "<?xml") || starts_with_ci(p, end, "<head") ||
        starts_with_ci(p, end, "<body"))
        return TB_FMT_HTML;
    if (mostly_markup(text, end))
        return TB_FMT_HTML;
    if (markdown_headings(text, end))
        return TB_FMT_MARKDOWN;
    return TB_FMT_EPAPER;
}
