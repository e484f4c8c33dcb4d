/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * epaper.c — parser for text scraped from an e-paper page (and plain text):
 * one line per paragraph, navigation chrome above and below the article.
 * Each line becomes one block; its role is decided from the SHAPE of the page
 * (see docs/segmentation.md for the rules and why):
 *
 *   - prose: a line that ends a sentence (。！？…) or is long (≥ 50 characters);
 *   - the head of the page is everything before the first prose line; in it,
 *     lines of short UI words (every word ≤ 4 characters, page labels such as
 *     "第04版:要闻" or "PDF下载", a numbered entry "第03版:国内新闻·广告", a
 *     date, no Han at all) are chrome, and the first other line
 *     is the headline (failing one, a single short word standing alone right
 *     above the body); a line right under it is its subtitle;
 *   - the tail is everything after the last prose or credit line: chrome
 *     (page lists, "previous/next" links, the headline repeated);
 *   - in the body: a short line that does not end a sentence is a heading —
 *     a sub-report if it reads "place name: title", else a subheading; on a
 *     page whose paragraphs are indented, a heading flush left is the
 *     headline of a further article;
 *   - photo captions are the prose lines between a headline and the first
 *     paragraph: flush left where paragraphs are indented, or (on a flush
 *     page) a run of at least two short lines without a blank between them;
 *   - hard-wrapped plain text (long lines that run on into the next without
 *     ending a sentence, for a third of the long lines) is first joined into
 *     one line per paragraph, paragraphs being separated by blank lines;
 *   - a short line wholly in brackets is a credit; in the body, a line that
 *     is not a sentence and has one to three characters, or several words of
 *     at most three characters, or no Han at all, is chrome.
 */
#include <stdlib.h>
#include <string.h>

#include "parse/parse.h"
#include "base/utf8.h"

enum {
    PROSE_MIN = 50,        /* characters: a line this long is prose even without a full stop */
    HEADING_MAX = 40,      /* characters: a heading is at most this long */
    CAPTION_MAX = 60,      /* characters: a caption on a flush page is at most this long */
    UI_WORD_MAX = 4,       /* characters: navigation words are this short */
    BODY_UI_WORD_MAX = 3,  /* characters: stricter inside the article */
    PAGE_LABEL_MAX = 10,   /* characters: "第04版:出彩", "A3版" */
    PAGE_ENTRY_MAX = 16,   /* characters: "第03版:国内新闻·广告" (a number before a colon) */
    DATE_LINE_MAX = 30,    /* characters: a line that is mostly a date */
    WRAP_MIN = 20          /* characters: lines this long show hard wrapping */
};

typedef struct {
    const char *s;   /* trimmed text */
    size_t len;
    size_t line;
    unsigned indent;
    size_t nchar;    /* characters, spaces excluded */
    size_t ntok;     /* space-separated words */
    size_t maxtok;   /* characters in the longest word */
    int has_han;
    int has_label_mark; /* a digit, Latin letter or colon: "第04版:", "PDF" */
    int numbered_colon; /* a digit before the first colon: "第03版:…" */
    int stop;        /* ends a sentence */
    int open;        /* ends with a comma or colon: goes on */
    int credit;
    int role;        /* tb_block_role, or -1 while undecided */
} line_info;

static void measure(line_info *l)
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

static int blank(const line_info *l)
{
    return l->len == 0;
}

static int prose(const line_info *l)
{
    return !blank(l) && !l->credit && (l->stop || l->nchar >= PROSE_MIN);
}

static int date_line(const line_info *l, char date[11])
{
    return l->nchar <= DATE_LINE_MAX && tb_document_find_date(l->s, l->len, date);
}

/* Navigation above the headline: short UI words, page labels, dates, no Han. */
static int head_chrome(const line_info *l, char date[11])
{
    if (date_line(l, date))
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
static int body_chrome(const line_info *l)
{
    if (l->stop) /* a sentence, however short ("好。"), is text */
        return 0;
    if (!l->has_han || l->nchar <= BODY_UI_WORD_MAX)
        return 1;
    return l->ntok >= 2 && l->maxtok <= BODY_UI_WORD_MAX;
}

static int heading(const line_info *l)
{
    return !blank(l) && !l->stop && !l->open && !l->credit && l->nchar <= HEADING_MAX;
}

/* "——记…", "—— 某某": the shape of a subtitle */
static int dash_led(const line_info *l)
{
    return (l->len >= 3 && !memcmp(l->s, "\xE2\x80\x94", 3)) ||
           (l->len >= 2 && !memcmp(l->s, "--", 2));
}

static int same_text(const line_info *a, const line_info *b)
{
    return a && a->len == b->len && !memcmp(a->s, b->s, a->len);
}

/* Split text into trimmed lines. *out is malloc'd (caller frees). */
static tb_status split_lines(const char *text, size_t len, line_info **out, size_t *n_out)
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
        l->role = -1;
        measure(l);
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
static int wrapped_page(const line_info *v, size_t n)
{
    size_t runs_on = 0, long_lines = 0;
    for (size_t i = 0; i < n; i++)
        if (v[i].nchar >= WRAP_MIN) {
            long_lines++;
            if (!v[i].stop && !v[i].credit && i + 1 < n && !blank(&v[i + 1]))
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
static tb_status join_wrapped(line_info *v, size_t *n, size_t text_len, char **store)
{
    char *buf = malloc(text_len + *n + 1);
    if (!buf)
        return TB_ERR_NOMEM;
    size_t w = 0, used = 0;
    for (size_t r = 0; r < *n;) {
        if (blank(&v[r])) {
            v[w++] = v[r++];
            continue;
        }
        line_info joined = v[r];
        char *start = buf + used;
        size_t len = 0;
        for (; r < *n && !blank(&v[r]); r++) {
            if (len && ascii_word_char(start[len - 1]) && ascii_word_char(v[r].s[0]))
                start[len++] = ' ';
            memcpy(start + len, v[r].s, v[r].len);
            len += v[r].len;
        }
        used += len;
        joined.s = start;
        joined.len = len;
        measure(&joined);
        v[w++] = joined;
    }
    *n = w;
    *store = buf;
    return TB_OK;
}

/* Is most of the prose (counted in characters) indented? Then indentation
 * tells paragraphs from captions and headlines. */
static int indented_page(const line_info *v, size_t n)
{
    size_t ind = 0, flush = 0;
    for (size_t i = 0; i < n; i++)
        if (prose(&v[i])) {
            if (v[i].indent >= 2)
                ind += v[i].nchar;
            else
                flush += v[i].nchar;
        }
    return ind > flush;
}

/* Mark the captions that follow a headline at line h, starting at line i
 * (the first prose line after it). Returns the first line after them. */
static size_t mark_captions(line_info *v, size_t n, size_t i, int indented)
{
    if (indented) {
        while (i < n && (blank(&v[i]) || (prose(&v[i]) && v[i].indent < 2))) {
            if (!blank(&v[i]))
                v[i].role = TB_BLOCK_CAPTION;
            i++;
        }
        return i;
    }
    /* flush page: a run of ≥ 2 short prose lines with no blank line between */
    size_t j = i;
    while (j < n && prose(&v[j]) && v[j].nchar <= CAPTION_MAX)
        j++;
    if (j - i >= 2) {
        for (size_t k = i; k < j; k++)
            v[k].role = TB_BLOCK_CAPTION;
        return j;
    }
    return i;
}

tb_status tb_parse_epaper(const char *text, size_t len, const char *source, tb_document *doc,
                          tb_diag *diag)
{
    (void)source;
    (void)diag;
    line_info *v;
    size_t n;
    tb_status st = split_lines(text, len, &v, &n);
    if (st != TB_OK)
        return st;
    char *joined = NULL;
    if (wrapped_page(v, n)) {
        st = join_wrapped(v, &n, len, &joined);
        if (st != TB_OK) {
            free(v);
            return st;
        }
    }
    int indented = indented_page(v, n);
    char date[11] = "";

    /* the head: everything before the first prose line */
    size_t first = 0;
    while (first < n && !prose(&v[first]))
        first++;
    size_t last = n; /* last prose or credit line */
    for (size_t i = n; i-- > 0;)
        if (prose(&v[i]) || v[i].credit) {
            last = i;
            break;
        }
    if (first == n) { /* no article text: everything is chrome */
        for (size_t i = 0; i < n; i++)
            v[i].role = TB_BLOCK_CHROME;
    } else {
        size_t headline = n;
        for (size_t i = 0; i < first; i++) {
            if (blank(&v[i]))
                continue;
            if (headline == n && !head_chrome(&v[i], date) && !v[i].credit) {
                headline = i;
                v[i].role = TB_BLOCK_HEADLINE;
            } else if (headline != n && !head_chrome(&v[i], date)) {
                /* under the headline: its subtitle when it follows directly, else an
                 * unpunctuated caption */
                v[i].role = i == headline + 1 || v[i - 1].role == TB_BLOCK_SUBTITLE ||
                                    dash_led(&v[i])
                                ? TB_BLOCK_SUBTITLE
                                : TB_BLOCK_CAPTION;
            } else {
                v[i].role = TB_BLOCK_CHROME;
            }
        }
        if (headline == n && first + 1 < n && blank(&v[first + 1]) &&
            v[first].nchar <= HEADING_MAX) {
            /* no head at all and the page opens with a short line of its own that
             * ends like a sentence ("草原，我们来了！"): that line is the headline */
            size_t k = 0;
            while (k < first && blank(&v[k]))
                k++;
            size_t more = first + 1;
            while (more < n && !prose(&v[more]))
                more++;
            if (k == first && more < n) {
                headline = first;
                v[first].role = TB_BLOCK_HEADLINE;
                first++;
                while (first < n && blank(&v[first]))
                    first++;
            }
        }
        if (headline == n) {
            /* every head line looked like navigation: a short headline ("春风化雨")
             * still stands as a block of its own — one word, a blank line (or the
             * top of the page) above it, right above the body */
            size_t h = first;
            while (h > 0 && blank(&v[h - 1]))
                h--;
            if (h > 0) {
                line_info *c = &v[h - 1];
                char unused[11];
                if (c->ntok == 1 && c->has_han && !c->has_label_mark && !date_line(c, unused) &&
                    (h == 1 || blank(&v[h - 2]))) {
                    headline = h - 1;
                    c->role = TB_BLOCK_HEADLINE;
                }
            }
        }
        const line_info *head = headline < n ? &v[headline] : NULL;
        size_t i = first;
        if (head)
            i = mark_captions(v, n, first, indented);
        /* the first line of the body may still be the subtitle: ——记… */
        if (head && i < n && heading(&v[i]) && dash_led(&v[i]) && v[i].role < 0) {
            v[i].role = TB_BLOCK_SUBTITLE;
            while (++i < n && blank(&v[i]))
                ;
            i = mark_captions(v, n, i, indented);
        }
        for (; i <= last && i < n; i++) {
            line_info *l = &v[i];
            if (blank(l) || l->role >= 0)
                continue;
            if (same_text(head, l) || (body_chrome(l) && !l->credit)) {
                l->role = TB_BLOCK_CHROME;
            } else if (l->credit) {
                l->role = TB_BLOCK_CREDIT;
            } else if (heading(l) && indented && l->indent < 2 && i + 1 <= last) {
                /* a flush-left heading on an indented page: another article */
                l->role = TB_BLOCK_HEADLINE;
                size_t j = i + 1;
                if (j <= last && heading(&v[j]) && v[j].indent < 2)
                    v[j++].role = TB_BLOCK_SUBTITLE;
                while (j <= last && blank(&v[j]))
                    j++;
                i = mark_captions(v, last + 1, j, indented) - 1;
            } else if (heading(l)) {
                l->role = (int)tb_parse_heading_role(l->s, l->len);
            } else {
                l->role = TB_BLOCK_PARAGRAPH;
            }
        }
        for (size_t k = last + 1; k < n; k++)
            v[k].role = TB_BLOCK_CHROME;
    }
    /* a date stated in the chrome below the article counts too */
    for (size_t i = 0; i < n && !date[0]; i++)
        if (v[i].role == TB_BLOCK_CHROME)
            date_line(&v[i], date);
    memcpy(doc->date, date, sizeof date);

    for (size_t i = 0; i < n && st == TB_OK; i++)
        if (!blank(&v[i]))
            st = tb_document_add(doc, v[i].role >= 0 ? (tb_block_role)v[i].role : TB_BLOCK_CHROME,
                                 v[i].s, v[i].len, v[i].line, v[i].indent);
    free(v);
    free(joined);
    return st;
}
