/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * markdown_inline.c — Markdown's inline markup, pipe tables (each row read
 * with its column names) and footnotes (marks dropped, notes read at the end);
 * see markdown_int.h.
 */
#include <string.h>

#include "parse/markdown_int.h"

/* s[0] is '[' and its bracket closes at s[k-1] (k <= n): "[^label]" or "[12]"
 * (1-3 digits) not followed by a link target or a colon is a footnote mark of
 * k bytes; else 0. */
static size_t note_mark(const char *s, size_t k, size_t n)
{
    if (k < 3 || (k < n && (s[k] == '(' || s[k] == '[' || s[k] == ':')))
        return 0;
    if (s[1] == '^')
        return k >= 4 && !memchr(s + 2, ' ', k - 3) ? k : 0;
    if (k - 2 > 3)
        return 0;
    for (size_t j = 1; j + 1 < k; j++)
        if (s[j] < '0' || s[j] > '9')
            return 0;
    return k;
}

/* Append s[0..n) to b without Markdown's inline markup. */
tb_status tb_md_inline(tb_buf *b, const char *s, size_t n)
{
    tb_status st = TB_OK;
    for (size_t i = 0; i < n && st == TB_OK; i++) {
        char c = s[i];
        if (c == '\\' && i + 1 < n && strchr("\\`*_{}[]()#+-.!<>|~", s[i + 1])) {
            st = tb_buf_addc(b, s[++i]);
        } else if (c == '*' || c == '`' || (c == '_' && i + 1 < n && s[i + 1] == '_') ||
                   (c == '~' && i + 1 < n && s[i + 1] == '~')) {
            while (i + 1 < n && s[i + 1] == c)
                i++;
        } else if (c == '!' && i + 1 < n && s[i + 1] == '[') {
            /* an inline image: not part of the sentence */
            const char *close = memchr(s + i, ']', n - i);
            if (close && (size_t)(close - s) + 1 < n && close[1] == '(') {
                const char *paren = memchr(close, ')', n - (size_t)(close - s));
                if (paren) {
                    i = (size_t)(paren - s);
                    continue;
                }
            }
            st = tb_buf_addc(b, c);
        } else if (c == '[') {
            /* [text](url) or [text][ref]: keep the text; [^1] goes, [1] stays */
            const char *close = memchr(s + i, ']', n - i);
            size_t mark = close ? note_mark(s + i, (size_t)(close - s) - i + 1, n - i) : 0;
            if (mark) {
                if (s[i + 1] != '^')
                    st = tb_buf_add(b, s + i, mark);
                i += mark - 1;
                continue;
            }
            if (close) {
                size_t after = (size_t)(close - s) + 1;
                st = tb_md_inline(b, s + i + 1, (size_t)(close - s) - i - 1);
                if (after < n && (s[after] == '(' || s[after] == '[')) {
                    const char *end = memchr(s + after, s[after] == '(' ? ')' : ']', n - after);
                    i = end ? (size_t)(end - s) : after - 1;
                } else {
                    i = after - 1;
                }
                continue;
            }
            st = tb_buf_addc(b, c);
        } else if (c == '<') {
            /* inline HTML tag or autolink <http://…>: dropped */
            const char *gt = memchr(s + i, '>', n - i);
            if (gt && i + 1 < n &&
                (s[i + 1] == '/' || s[i + 1] == '!' ||
                 ((s[i + 1] | 0x20) >= 'a' && (s[i + 1] | 0x20) <= 'z'))) {
                i = (size_t)(gt - s);
                continue;
            }
            st = tb_buf_addc(b, c);
        } else if (c == '|') { /* table cells: read as words apart */
            st = tb_buf_addc(b, ' ');
        } else {
            st = tb_buf_addc(b, c);
        }
    }
    return st;
}

int tb_md_links_only(const char *s, size_t n)
{
    int links = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '[') {
            const char *close = memchr(s + i, ']', n - i);
            size_t after = close ? (size_t)(close - s) + 1 : n;
            const char *end =
                after < n && s[after] == '(' ? memchr(s + after, ')', n - after) : NULL;
            if (!end)
                return 0;
            links++;
            i = (size_t)(end - s);
        } else if (!strchr(" \t|/>·", s[i]) && (unsigned char)s[i] < 0x80) {
            return 0;
        } else if ((unsigned char)s[i] >= 0x80) {
            if (!(i + 1 < n && !memcmp(s + i, "·", 2)))
                return 0; /* text outside a link */
            i++;
        }
    }
    return links > 0;
}

/* The cells of a row "| a | b |", each stripped of inline markup, into out
 * (each ended by '\n'). */
static tb_status row_cells(const char *t, size_t tn, tb_buf *out)
{
    tb_buf_reset(out);
    size_t i = t[0] == '|' ? 1 : 0;
    tb_status st = TB_OK;
    while (i < tn && st == TB_OK) {
        size_t j = i;
        while (j < tn && !(t[j] == '|' && (j == 0 || t[j - 1] != '\\')))
            j++;
        size_t start = out->len, cl;
        st = tb_md_inline(out, t + i, j - i);
        cl = out->len - start;
        const char *c = tb_parse_trim(out->data ? out->data + start : "", &cl, NULL);
        if (st == TB_OK) {
            if (cl)
                memmove(out->data + start, c, cl);
            out->len = start + cl;
            st = tb_buf_addc(out, '\n');
        }
        i = j + 1;
        if (j >= tn - 1 && t[tn - 1] == '|')
            break;
    }
    return st;
}

/* "名：值，名：值。" from the row's cells and the header's names. */
static tb_status add_row(md_state *m, const tb_buf *cells, size_t line)
{
    if (!cells->len)
        return TB_OK;
    tb_buf b;
    tb_buf_init(&b, 0);
    tb_status st = TB_OK;
    const char *c = cells->data, *h = m->header.len ? m->header.data : NULL;
    const char *cend = c + cells->len, *hend = h ? h + m->header.len : NULL;
    while (c && c < cend && st == TB_OK) {
        const char *ce = memchr(c, '\n', (size_t)(cend - c));
        const char *he = h && h < hend ? memchr(h, '\n', (size_t)(hend - h)) : NULL;
        if (ce > c) {
            if (b.len)
                st = tb_buf_adds(&b, "，");
            if (st == TB_OK && he > h)
                st = tb_buf_add(&b, h, (size_t)(he - h));
            if (st == TB_OK && he > h)
                st = tb_buf_adds(&b, "：");
            if (st == TB_OK)
                st = tb_buf_add(&b, c, (size_t)(ce - c));
        }
        c = ce + 1;
        h = he ? he + 1 : NULL;
    }
    if (st == TB_OK && b.len)
        st = tb_buf_adds(&b, "。");
    if (st == TB_OK && b.len)
        st = tb_document_add(m->doc, TB_BLOCK_TABLE, b.data, b.len, line, 0);
    tb_buf_free(&b);
    return st;
}

/* The first row, when no separator row made it the header: a row of values. */
static tb_status flush_pending(md_state *m)
{
    tb_status st = TB_OK;
    if (m->pending.len)
        st = add_row(m, &m->pending, m->pending_line);
    tb_buf_reset(&m->pending);
    return st;
}

tb_status tb_md_table_end(md_state *m)
{
    tb_status st = flush_pending(m);
    tb_buf_reset(&m->header);
    m->table_rows = 0;
    return st;
}

int tb_md_table_line(md_state *m, const char *t, size_t tn, size_t line, tb_status *st)
{
    if (!tn || t[0] != '|')
        return 0;
    *st = TB_OK;
    if (strspn(t, "|-: \t") == tn) { /* the separator row: the first row was the header */
        if (m->table_rows == 1 && m->pending.len) {
            *st = tb_buf_add(&m->header, m->pending.data, m->pending.len);
            tb_buf_reset(&m->pending);
        }
        return 1;
    }
    tb_buf cells;
    tb_buf_init(&cells, 0);
    *st = row_cells(t, tn, &cells);
    if (*st == TB_OK && m->table_rows++ == 0) {
        *st = tb_buf_add(&m->pending, cells.data ? cells.data : "", cells.len);
        m->pending_line = line;
    } else if (*st == TB_OK) {
        *st = flush_pending(m);
        if (*st == TB_OK)
            *st = add_row(m, &cells, line);
    }
    tb_buf_free(&cells);
    return 1;
}

int tb_md_footnote_def(md_state *m, const char *t, size_t tn, size_t line, tb_status *st)
{
    if (tn < 5 || t[0] != '[' || t[1] != '^')
        return 0;
    const char *close = memchr(t, ']', tn);
    if (!close || (size_t)(close - t) + 1 >= tn || close[1] != ':' || close - t < 3)
        return 0;
    size_t rest = tn - (size_t)(close - t) - 2;
    const char *r = tb_parse_trim(close + 2, &rest, NULL);
    *st = tb_buf_adds(&m->notes, "注");
    if (*st == TB_OK)
        *st = tb_buf_add(&m->notes, t + 2, (size_t)(close - t) - 2);
    if (*st == TB_OK)
        *st = tb_buf_adds(&m->notes, "：");
    if (*st == TB_OK)
        *st = tb_md_inline(&m->notes, r, rest);
    if (*st == TB_OK)
        *st = tb_buf_addc(&m->notes, '\n');
    if (!m->notes_line)
        m->notes_line = line;
    return 1;
}

tb_status tb_md_footnotes_end(md_state *m)
{
    tb_status st = TB_OK;
    const char *p = m->notes.data, *end = p ? p + m->notes.len : NULL;
    while (p && p < end && st == TB_OK) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = (size_t)((nl ? nl : end) - p);
        const char *t = tb_parse_trim(p, &len, NULL);
        if (len)
            st = tb_document_add(m->doc, TB_BLOCK_FOOTNOTE, t, len, m->notes_line, 0);
        p = nl ? nl + 1 : end;
    }
    return st;
}
