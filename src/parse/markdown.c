/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * markdown.c — parser for reports written in Markdown: the structure is in
 * the markup, so roles come from it rather than from the shape of lines.
 *
 *   # title            headline (each further `#` starts another article)
 *   ## / ### ... title subheading, or sub-report when it reads "place: title"
 *   Setext headings    (a line underlined with === or ---) likewise
 *   ![alt](src)        a photo caption (the alt text, else the image title);
 *                      an emphasised line right under an image is its caption
 *   paragraphs         lines joined until a blank line; a hard break (two
 *                      trailing spaces or a backslash) is kept as a line end
 *   list items, quotes paragraphs, without their markers
 *   (…) alone          credit
 * Dropped: code blocks, HTML comments, front matter (whose date is kept),
 * thematic breaks, table separator rows. Inline markup (emphasis, code
 * spans, links, inline HTML tags, backslash escapes) is removed from the text.
 */
#include <string.h>

#include "base/buf.h"
#include "parse/parse.h"

typedef struct {
    tb_document *doc;
    tb_buf para;       /* the paragraph being gathered (inline markup already removed) */
    size_t para_line;
    int para_caption;  /* the paragraph is the caption of the image just above */
    int after_image;   /* the previous block was an image */
} md_state;

static int is_blank(const char *s, size_t n)
{
    size_t t = n;
    tb_parse_trim(s, &t, NULL);
    return t == 0;
}

/* A line of three or more of the same mark (- * _ or = for setext), spaces allowed. */
static int rule_of(const char *s, size_t n, char mark)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == mark)
            k++;
        else if (s[i] != ' ' && s[i] != '\t')
            return 0;
    }
    return k >= 3 || (mark == '=' && k >= 1);
}

/* Append s[0..n) to b without Markdown's inline markup. */
static tb_status add_inline(tb_buf *b, const char *s, size_t n)
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
            /* [text](url) or [text][ref]: keep the text */
            const char *close = memchr(s + i, ']', n - i);
            if (close) {
                size_t after = (size_t)(close - s) + 1;
                st = add_inline(b, s + i + 1, (size_t)(close - s) - i - 1);
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
                (s[i + 1] == '/' || s[i + 1] == '!' || ((s[i + 1] | 0x20) >= 'a' &&
                                                        (s[i + 1] | 0x20) <= 'z'))) {
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

/* Is the whole line one emphasised span (*…* or _…_)? */
static int emphasised(const char *s, size_t n)
{
    return n >= 3 && (s[0] == '*' || s[0] == '_') && s[n - 1] == s[0];
}

static tb_status add_block(md_state *m, tb_block_role role, const char *s, size_t n, size_t line)
{
    tb_buf b;
    tb_buf_init(&b, 0);
    tb_status st = add_inline(&b, s, n);
    if (st == TB_OK) {
        size_t len = b.len;
        const char *t = tb_parse_trim(b.data ? b.data : "", &len, NULL);
        if (len && (role == TB_BLOCK_PARAGRAPH) && tb_parse_is_credit(t, len))
            role = TB_BLOCK_CREDIT;
        if (len && (role == TB_BLOCK_SUBHEADING))
            role = tb_parse_heading_role(t, len);
        if (len)
            st = tb_document_add(m->doc, role, t, len, line, 0);
    }
    tb_buf_free(&b);
    return st;
}

static tb_status flush(md_state *m)
{
    if (m->para.len == 0)
        return TB_OK;
    size_t len = m->para.len;
    const char *t = tb_parse_trim(m->para.data, &len, NULL);
    tb_status st = TB_OK;
    if (len) {
        tb_block_role role = m->para_caption ? TB_BLOCK_CAPTION
                             : tb_parse_is_credit(t, len) ? TB_BLOCK_CREDIT
                                                          : TB_BLOCK_PARAGRAPH;
        st = tb_document_add(m->doc, role, t, len, m->para_line, 0);
    }
    tb_buf_reset(&m->para);
    m->para_caption = 0;
    m->after_image = 0;
    return st;
}

/* Append one line of a paragraph; lines are joined with nothing between Han
 * text and a space between Latin words. */
static tb_status add_para_line(md_state *m, const char *s, size_t n, size_t line)
{
    int hard = (n >= 2 && s[n - 1] == ' ' && s[n - 2] == ' ') || (n >= 1 && s[n - 1] == '\\');
    if (n >= 1 && s[n - 1] == '\\')
        n--;
    size_t len = n;
    const char *t = tb_parse_trim(s, &len, NULL);
    tb_status st = TB_OK;
    if (m->para.len == 0) {
        m->para_line = line;
        m->para_caption = m->after_image && emphasised(t, len);
    } else {
        char last = m->para.data[m->para.len - 1];
        if (last != '\n' && (unsigned char)last < 0x80 && len && (unsigned char)t[0] < 0x80)
            st = tb_buf_addc(&m->para, ' ');
    }
    if (st == TB_OK)
        st = add_inline(&m->para, t, len);
    if (st == TB_OK && hard)
        st = tb_buf_addc(&m->para, '\n');
    return st;
}

/* `![alt](src "title")` alone on a line: its caption text, or 0. */
static int image_line(const char *s, size_t n, const char **cap, size_t *cap_len)
{
    if (n < 5 || s[0] != '!' || s[1] != '[' || s[n - 1] != ')')
        return 0;
    const char *close = memchr(s, ']', n);
    if (!close || close + 1 >= s + n || close[1] != '(')
        return 0;
    *cap = s + 2;
    *cap_len = (size_t)(close - s) - 2;
    if (*cap_len == 0) { /* no alt text: try the title in quotes */
        const char *q1 = memchr(close, '"', (size_t)(s + n - close));
        const char *q2 = q1 ? memchr(q1 + 1, '"', (size_t)(s + n - q1 - 1)) : NULL;
        if (q1 && q2) {
            *cap = q1 + 1;
            *cap_len = (size_t)(q2 - q1 - 1);
        }
    }
    return 1;
}

tb_status tb_parse_markdown(const char *text, size_t len, const char *source, tb_document *doc,
                            tb_diag *diag)
{
    (void)source;
    (void)diag;
    md_state m = {doc, {0}, 0, 0, 0};
    tb_buf_init(&m.para, 0);
    tb_status st = TB_OK;
    const char *p = text, *end = text + len;
    size_t line = 0;
    char fence = 0;     /* ` or ~ inside a fenced code block */
    int in_comment = 0; /* inside <!-- … --> */
    int front = 0;      /* inside front matter */
    while (p < end && st == TB_OK) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end;
        size_t n = (size_t)(e - p);
        const char *s = p;
        line++;
        p = nl ? nl + 1 : end;

        if (line == 1 && n == 3 && !memcmp(s, "---", 3)) {
            front = 1;
            continue;
        }
        if (front) {
            if ((n == 3 && !memcmp(s, "---", 3)) || (n == 3 && !memcmp(s, "...", 3)))
                front = 0;
            else if (!doc->date[0])
                tb_document_find_date(s, n, doc->date);
            continue;
        }
        unsigned indent;
        size_t tn = n;
        const char *t = tb_parse_trim(s, &tn, &indent);
        if (fence) {
            if (tn >= 3 && t[0] == fence && t[1] == fence && t[2] == fence)
                fence = 0;
            continue;
        }
        if (in_comment) {
            if (tn >= 3 && strstr(t, "-->") && (size_t)(strstr(t, "-->") - t) < tn)
                in_comment = 0;
            continue;
        }
        if (tn >= 3 && (!memcmp(t, "```", 3) || !memcmp(t, "~~~", 3))) {
            st = flush(&m);
            fence = t[0];
            continue;
        }
        if (tn >= 4 && !memcmp(t, "<!--", 4)) {
            st = flush(&m);
            const char *close = tn >= 7 ? strstr(t + 4, "-->") : NULL;
            in_comment = !(close && (size_t)(close - t) < tn);
            continue;
        }
        if (is_blank(s, n)) {
            st = flush(&m);
            continue;
        }
        /* setext underline: the paragraph gathered so far is a heading */
        if (m.para.len && !memchr(m.para.data, '\n', m.para.len) &&
            (rule_of(t, tn, '=') || (rule_of(t, tn, '-') && tn >= 2))) {
            size_t plen = m.para.len;
            const char *pt = tb_parse_trim(m.para.data, &plen, NULL);
            tb_block_role role = t[0] == '=' ? TB_BLOCK_HEADLINE : tb_parse_heading_role(pt, plen);
            st = tb_document_add(doc, role, pt, plen, m.para_line, 0);
            tb_buf_reset(&m.para);
            m.para_caption = 0;
            continue;
        }
        if (rule_of(t, tn, '-') || rule_of(t, tn, '*') || rule_of(t, tn, '_')) {
            st = flush(&m);
            continue;
        }
        if (t[0] == '#') {
            size_t h = 0;
            while (h < tn && t[h] == '#')
                h++;
            if (h <= 6 && (h == tn || t[h] == ' ' || t[h] == '\t')) {
                st = flush(&m);
                size_t hl = tn - h;
                const char *ht = tb_parse_trim(t + h, &hl, NULL);
                while (hl && ht[hl - 1] == '#') /* closing hashes */
                    hl--;
                ht = tb_parse_trim(ht, &hl, NULL);
                if (st == TB_OK && hl)
                    st = add_block(&m, h == 1 ? TB_BLOCK_HEADLINE : TB_BLOCK_SUBHEADING, ht, hl,
                                   line);
                continue;
            }
        }
        const char *cap;
        size_t cap_len;
        if (image_line(t, tn, &cap, &cap_len)) {
            st = flush(&m);
            if (st == TB_OK && cap_len)
                st = add_block(&m, TB_BLOCK_CAPTION, cap, cap_len, line);
            m.after_image = 1;
            continue;
        }
        /* table separator rows | --- | --- | */
        if (t[0] == '|' && strspn(t, "|-: \t") == tn)
            continue;
        /* block quotes and list items: strip the marker; each item its own paragraph */
        while (tn && t[0] == '>') {
            t++;
            tn--;
            t = tb_parse_trim(t, &tn, NULL);
        }
        int item = 0;
        if (tn >= 2 && (t[0] == '-' || t[0] == '*' || t[0] == '+') && t[1] == ' ') {
            item = 1;
            t += 2;
            tn -= 2;
        } else {
            size_t d = 0;
            while (d < tn && t[d] >= '0' && t[d] <= '9')
                d++;
            if (d && d < 10 && d + 1 < tn && (t[d] == '.' || t[d] == ')') && t[d + 1] == ' ') {
                item = 1;
                t += d + 2;
                tn -= d + 2;
            }
        }
        if (item)
            st = flush(&m);
        if (st == TB_OK && tn)
            st = add_para_line(&m, t, tn, line);
        (void)indent;
    }
    if (st == TB_OK)
        st = flush(&m);
    tb_buf_free(&m.para);
    return st;
}
