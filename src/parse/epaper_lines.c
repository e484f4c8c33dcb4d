/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * epaper_lines.c — the lines of an e-paper page: splitting and measuring
 * them, joining hard-wrapped plain text, and the shape tests the e-paper
 * parser decides roles with (epaper_int.h).
 */
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "parse/epaper_int.h"

void tb_ep_measure(line_info *l)
{
    size_t tok = 0;
    l->nchar = l->ntok = l->maxtok = 0;
    l->has_han = l->has_label_mark = l->numbered_colon = 0;
    int digit_seen = 0, colon_seen = 0;
    for (size_t i = 0; i <= l->len;) {
        unsigned cp = ' ';
        size_t k = 1;
        if (i < l->len) {
            k = tb_utf8_decode(l->s + i, l->len - i, &cp);
            if (!k)
                k = 1;
        }
        if (tb_parse_is_space(cp)) {
            if (tok) {
                l->ntok++;
                if (tok > l->maxtok)
                    l->maxtok = tok;
            }
            tok = 0;
        } else {
            tok++;
            l->nchar++;
            if (tb_is_han(cp))
                l->has_han = 1;
            if ((cp >= '0' && cp <= '9') || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') ||
                cp == ':' || cp == 0xFF1A)
                l->has_label_mark = 1;
            if (cp >= '0' && cp <= '9')
                digit_seen = 1;
            if ((cp == ':' || cp == 0xFF1A) && !colon_seen) {
                colon_seen = 1;
                l->numbered_colon = digit_seen;
            }
        }
        i += k;
    }
    l->stop = tb_parse_ends_sentence(l->s, l->len);
    l->open = tb_parse_ends_open(l->s, l->len);
    l->credit = tb_parse_is_credit(l->s, l->len);
}

int tb_ep_blank(const line_info *l)
{
    return l->len == 0;
}

int tb_ep_prose(const line_info *l)
{
    return !tb_ep_blank(l) && !l->credit && (l->stop || l->nchar >= PROSE_MIN);
}

int tb_ep_date_line(const line_info *l, char date[11])
{
    return l->nchar <= DATE_LINE_MAX && tb_document_find_date(l->s, l->len, date);
}

/* Navigation above the headline: short UI words, page labels, dates, no Han. */
int tb_ep_head_chrome(const line_info *l, char date[11])
{
    if (tb_ep_date_line(l, date))
        return 1;
    if (!l->has_han)
        return 1;
    if (l->maxtok <= UI_WORD_MAX)
        return 1;
    if (l->ntok == 1 && l->nchar <= PAGE_LABEL_MAX && l->has_label_mark)
        return 1;
    if (l->ntok == 1 && l->nchar <= PAGE_ENTRY_MAX && l->numbered_colon)
        return 1;
    return 0;
}

/* Navigation inside or below the article: stricter, so that short headings survive. */
int tb_ep_body_chrome(const line_info *l)
{
    if (l->stop) /* a sentence, however short ("好。"), is text */
        return 0;
    if (!l->has_han || l->nchar <= BODY_UI_WORD_MAX)
        return 1;
    return l->ntok >= 2 && l->maxtok <= BODY_UI_WORD_MAX;
}

int tb_ep_heading(const line_info *l)
{
    return !tb_ep_blank(l) && !l->stop && !l->open && !l->credit && l->nchar <= HEADING_MAX;
}

/* "——记…", "—— 某某": the shape of a subtitle */
int tb_ep_dash_led(const line_info *l)
{
    return (l->len >= 3 && !memcmp(l->s, "\xE2\x80\x94", 3)) ||
           (l->len >= 2 && !memcmp(l->s, "--", 2));
}

int tb_ep_same_text(const line_info *a, const line_info *b)
{
    return a && a->len == b->len && !memcmp(a->s, b->s, a->len);
}

/* Split text into trimmed lines. *out is malloc'd (caller frees). */
tb_status tb_ep_split_lines(const char *text, size_t len, line_info **out, size_t *n_out)
{
    size_t n = 1;
    for (size_t i = 0; i < len; i++)
        n += text[i] == '\n';
    line_info *v = calloc(n, sizeof *v);
    if (!v)
        return TB_ERR_NOMEM;
    size_t k = 0;
    const char *p = text, *end = text + len;
    while (k < n) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end;
        line_info *l = &v[k];
        l->len = (size_t)(e - p);
        l->s = tb_parse_trim(p, &l->len, &l->indent);
        l->line = k + 1;
        l->role = ROLE_NONE;
        tb_ep_measure(l);
        k++;
        if (!nl)
            break;
        p = nl + 1;
    }
    *out = v;
    *n_out = k;
    return TB_OK;
}

/* Hard-wrapped plain text breaks its paragraphs at a fixed width: many long
 * lines run on into the next line without ending a sentence. E-paper scrapes
 * (one paragraph per line) almost never do. */
int tb_ep_wrapped_page(const line_info *v, size_t n)
{
    size_t runs_on = 0, long_lines = 0;
    for (size_t i = 0; i < n; i++)
        if (v[i].nchar >= WRAP_MIN) {
            long_lines++;
            if (!v[i].stop && !v[i].credit && i + 1 < n && !tb_ep_blank(&v[i + 1]))
                runs_on++;
        }
    return runs_on >= 3 && runs_on * 3 >= long_lines;
}

static int ascii_word_char(char c)
{
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* Join each run of non-blank lines into one line (paragraph), in place: the
 * joined text goes to *store (malloc'd, the caller frees it after use);
 * Han text is joined directly, Latin words with a space. */
tb_status tb_ep_join_wrapped(line_info *v, size_t *n, size_t text_len, char **store)
{
    char *buf = malloc(text_len + *n + 1);
    if (!buf)
        return TB_ERR_NOMEM;
    size_t w = 0, used = 0;
    for (size_t r = 0; r < *n;) {
        if (tb_ep_blank(&v[r])) {
            v[w++] = v[r++];
            continue;
        }
        line_info joined = v[r];
        char *start = buf + used;
        size_t len = 0;
        for (; r < *n && !tb_ep_blank(&v[r]); r++) {
            if (len && ascii_word_char(start[len - 1]) && ascii_word_char(v[r].s[0]))
                start[len++] = ' ';
            memcpy(start + len, v[r].s, v[r].len);
            len += v[r].len;
        }
        used += len;
        joined.s = start;
        joined.len = len;
        tb_ep_measure(&joined);
        v[w++] = joined;
    }
    *n = w;
    *store = buf;
    return TB_OK;
}

/* Is most of the prose (counted in characters) indented? Then indentation
 * tells paragraphs from captions and headlines. */
int tb_ep_indented_page(const line_info *v, size_t n)
{
    size_t ind = 0, flush = 0;
    for (size_t i = 0; i < n; i++)
        if (tb_ep_prose(&v[i])) {
            if (v[i].indent >= 2)
                ind += v[i].nchar;
            else
                flush += v[i].nchar;
        }
    return ind > flush;
}

int tb_ep_starts_with(const line_info *l, const char *word)
{
    size_t n = strlen(word);
    return l->len >= n && !memcmp(l->s, word, n);
}

/* Does s[0..len) hold a mark that a phrase would, before its last character? */
static int inner_punct(const char *s, size_t len)
{
    static const char *const marks[] = {"，", "。", "、", "：", "；", ",", ":", NULL};
    for (int i = 0; marks[i]; i++) {
        size_t m = strlen(marks[i]);
        for (size_t j = 0; j + m < len; j++)
            if (!memcmp(s + j, marks[i], m))
                return 1;
    }
    return 0;
}

/* A short question standing alone: the shape of an interview's subheading. */
int tb_ep_question(const line_info *l)
{
    if (!l->stop || l->nchar > QUESTION_MAX || l->credit || !l->has_han)
        return 0;
    int q = (l->len >= 3 && !memcmp(l->s + l->len - 3, "？", 3)) || l->s[l->len - 1] == '?';
    return q && !inner_punct(l->s, l->len);
}

/* "本报记者 张峰 摄", "新华社发 王林 摄影": who took the photo. */
int tb_ep_photo_credit(const line_info *l)
{
    if (l->stop || !l->has_han || l->nchar > SIGNATURE_MAX || l->nchar < 2)
        return 0;
    return (l->len >= 3 && !memcmp(l->s + l->len - 3, "摄", 3)) ||
           (l->len >= 6 && !memcmp(l->s + l->len - 6, "摄影", 6));
}

/* Is s[i..) a Han numeral 一…十? Its length in bytes, else 0. */
static size_t han_digit(const char *s, size_t len, size_t i)
{
    static const char han[] = "一二三四五六七八九十";
    if (i + 3 > len)
        return 0;
    for (size_t k = 0; k + 3 <= sizeof han - 1; k += 3)
        if (!memcmp(s + i, han + k, 3))
            return 3;
    return 0;
}

/* 一、 （一） 1、 1. at the start: a numbered part of a notice. */
int tb_ep_numbered(const line_info *l)
{
    int paren = tb_ep_starts_with(l, "（");
    size_t i = paren ? 3 : 0, d = i, k;
    while ((k = han_digit(l->s, l->len, i)))
        i += k;
    while (i < l->len && l->s[i] >= '0' && l->s[i] <= '9')
        i++;
    if (i == d)
        return 0;
    if (paren)
        return i + 3 <= l->len && !memcmp(l->s + i, "）", 3);
    return (i + 3 <= l->len && !memcmp(l->s + i, "、", 3)) || (i < l->len && l->s[i] == '.');
}
