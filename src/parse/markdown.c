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
 *   | a | b |          a pipe table: one block per row, each value with its
 *                      column's name ("指标：地区生产总值，增速：5.8%。")
 *   [^1]: text         a footnote, read at the end ("注1：text"); marks [^1] and
 *                      [1] in the text are not read
 *   navigation         paragraphs the chrome scorer (chrome.h) calls chrome —
 *                      anywhere, or before the first headline and after the
 *                      last prose with a weaker signal, or made only of links
 * Dropped: code blocks, HTML comments, front matter (whose date is kept),
 * thematic breaks. A fence left open at the end is not code: its lines are
 * read as text and the document says so (doc->warning). Inline markup
 * (emphasis, code spans, links, inline HTML tags, backslash escapes) is
 * removed from the text.
 */
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "parse/chrome.h"
#include "parse/markdown_int.h"

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

/* Is the whole line one emphasised span (*…* or _…_)? */
static int emphasised(const char *s, size_t n)
{
    return n >= 3 && (s[0] == '*' || s[0] == '_') && s[n - 1] == s[0];
}

static tb_status add_block(md_state *m, tb_block_role role, const char *s, size_t n, size_t line)
{
    tb_buf b;
    tb_buf_init(&b, 0);
    tb_status st = tb_md_inline(&b, s, n);
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
        unsigned where = m->para_links ? TB_CHROME_LINKS : 0;
        tb_block_role role = m->para_caption               ? TB_BLOCK_CAPTION
                             : tb_parse_is_credit(t, len)  ? TB_BLOCK_CREDIT
                             : tb_chrome_is(t, len, where) ? TB_BLOCK_CHROME
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
    int links = tb_md_links_only(t, len);
    if (m->para.len == 0) {
        m->para_line = line;
        m->para_caption = m->after_image && emphasised(t, len);
        m->para_links = links;
    } else {
        m->para_links = m->para_links && links;
        char last = m->para.data[m->para.len - 1];
        if (last != '\n' && (unsigned char)last < 0x80 && len && (unsigned char)t[0] < 0x80)
            st = tb_buf_addc(&m->para, ' ');
    }
    if (st == TB_OK)
        st = tb_md_inline(&m->para, t, len);
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

/* Flush the paragraph before a block that interrupts it. */
static tb_status flush_if(md_state *m, int cond)
{
    return cond ? flush(m) : TB_OK;
}

/* Code fences, HTML comments and front matter: lines that are not text.
 * Returns 1 if the line was taken. */
static int skipped_line(md_state *m, const char *s, size_t n, const char *t, size_t tn, size_t line,
                        const char *next, tb_status *st)
{
    if (line == 1 && n == 3 && !memcmp(s, "---", 3)) {
        m->front = 1;
        return 1;
    }
    if (m->front) {
        if ((n == 3 && !memcmp(s, "---", 3)) || (n == 3 && !memcmp(s, "...", 3)))
            m->front = 0;
        else if (!m->doc->date[0])
            tb_document_find_date(s, n, m->doc->date);
        return 1;
    }
    if (m->fence) {
        if (tn >= 3 && t[0] == m->fence && t[1] == m->fence && t[2] == m->fence)
            m->fence = 0;
        return 1;
    }
    if (m->in_comment) {
        const char *close = tn >= 3 ? strstr(t, "-->") : NULL;
        if (close && (size_t)(close - t) < tn)
            m->in_comment = 0;
        return 1;
    }
    if (!m->no_fences && tn >= 3 && (!memcmp(t, "```", 3) || !memcmp(t, "~~~", 3))) {
        *st = flush(m);
        m->fence = t[0];
        m->fence_line = line;
        m->fence_body = next;
        return 1;
    }
    if (tn >= 4 && !memcmp(t, "<!--", 4)) {
        *st = flush(m);
        const char *close = tn >= 7 ? strstr(t + 4, "-->") : NULL;
        m->in_comment = !(close && (size_t)(close - t) < tn);
        return 1;
    }
    return 0;
}

/* A setext underline (=== or ---) under a one-line paragraph: a heading. */
static int setext(md_state *m, const char *t, size_t tn, tb_status *st)
{
    if (!m->para.len || memchr(m->para.data, '\n', m->para.len) ||
        !(rule_of(t, tn, '=') || (rule_of(t, tn, '-') && tn >= 2)))
        return 0;
    size_t plen = m->para.len;
    const char *pt = tb_parse_trim(m->para.data, &plen, NULL);
    tb_block_role role = t[0] == '=' ? TB_BLOCK_HEADLINE : tb_parse_heading_role(pt, plen);
    *st = tb_document_add(m->doc, role, pt, plen, m->para_line, 0);
    tb_buf_reset(&m->para);
    m->para_caption = 0;
    return 1;
}

/* An ATX heading "## title ##". */
static int atx(md_state *m, const char *t, size_t tn, size_t line, tb_status *st)
{
    size_t h = 0;
    while (h < tn && t[h] == '#')
        h++;
    if (!h || h > 6 || (h < tn && t[h] != ' ' && t[h] != '\t'))
        return 0;
    *st = flush(m);
    size_t hl = tn - h;
    const char *ht = tb_parse_trim(t + h, &hl, NULL);
    while (hl && ht[hl - 1] == '#') /* closing hashes */
        hl--;
    ht = tb_parse_trim(ht, &hl, NULL);
    if (*st == TB_OK && hl)
        *st = add_block(m, h == 1 ? TB_BLOCK_HEADLINE : TB_BLOCK_SUBHEADING, ht, hl, line);
    return 1;
}

/* Quote and list markers go; a list item is a paragraph of its own. */
static const char *strip_markers(const char *t, size_t *tn, int *item)
{
    while (*tn && t[0] == '>') {
        t++;
        (*tn)--;
        t = tb_parse_trim(t, tn, NULL);
    }
    *item = 0;
    if (*tn >= 2 && (t[0] == '-' || t[0] == '*' || t[0] == '+') && t[1] == ' ') {
        *item = 1;
        *tn -= 2;
        return t + 2;
    }
    size_t d = 0;
    while (d < *tn && t[d] >= '0' && t[d] <= '9')
        d++;
    if (d && d < 10 && d + 1 < *tn && (t[d] == '.' || t[d] == ')') && t[d + 1] == ' ') {
        *item = 1;
        *tn -= d + 2;
        return t + d + 2;
    }
    return t;
}

/* One line of the document (s[0..n), line number `line`; `next` is the text after it). */
static tb_status md_line(md_state *m, const char *s, size_t n, size_t line, const char *next)
{
    tb_status st = TB_OK;
    size_t tn = n;
    const char *t = tb_parse_trim(s, &tn, NULL);
    if (skipped_line(m, s, n, t, tn, line, next, &st))
        return st;
    if (m->table_rows && (!tn || t[0] != '|') && (st = tb_md_table_end(m)) != TB_OK)
        return st;
    if (is_blank(s, n))
        return flush(m);
    if (setext(m, t, tn, &st))
        return st;
    if (rule_of(t, tn, '-') || rule_of(t, tn, '*') || rule_of(t, tn, '_'))
        return flush(m);
    if (t[0] == '#' && atx(m, t, tn, line, &st))
        return st;
    const char *cap;
    size_t cap_len;
    if (image_line(t, tn, &cap, &cap_len)) {
        st = flush(m);
        if (st == TB_OK && cap_len)
            st = add_block(m, TB_BLOCK_CAPTION, cap, cap_len, line);
        m->after_image = 1;
        return st;
    }
    if ((st = flush_if(m, t[0] == '|')) != TB_OK || tb_md_table_line(m, t, tn, line, &st) ||
        tb_md_footnote_def(m, t, tn, line, &st))
        return st;
    int item;
    t = strip_markers(t, &tn, &item);
    if (item)
        st = flush(m);
    if (st == TB_OK && tn)
        st = add_para_line(m, t, tn, line);
    return st;
}

/* Every line of text[0..end); line numbers continue from *line. */
static tb_status md_lines(md_state *m, const char *p, const char *end, size_t *line)
{
    tb_status st = TB_OK;
    while (p < end && st == TB_OK) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end;
        const char *next = nl ? nl + 1 : end;
        st = md_line(m, p, (size_t)(e - p), ++*line, next);
        p = next;
    }
    return st;
}

/* Before the first headline and after the last prose, a weaker chrome signal
 * is enough (the chrome scorer's position signal). */
static void mark_outside(tb_document *doc, size_t from)
{
    size_t first = doc->n_blocks, last = from;
    for (size_t i = from; i < doc->n_blocks; i++) {
        const tb_block *b = &doc->blocks[i];
        if (b->role == TB_BLOCK_HEADLINE && first == doc->n_blocks)
            first = i;
        if (b->role == TB_BLOCK_CREDIT || b->role == TB_BLOCK_TABLE ||
            (b->role == TB_BLOCK_PARAGRAPH &&
             (tb_parse_ends_sentence(b->text, b->len) || tb_parse_nchars(b->text, b->len) >= 50)))
            last = i;
    }
    for (size_t i = from; i < doc->n_blocks; i++) {
        tb_block *b = &doc->blocks[i];
        if (b->role == TB_BLOCK_PARAGRAPH && (i < first || i > last) &&
            tb_chrome_is(b->text, b->len, TB_CHROME_OUTSIDE))
            b->role = TB_BLOCK_CHROME;
        if (b->role != TB_BLOCK_CHROME)
            continue;
        if (!doc->paper[0])
            tb_chrome_paper(b->text, b->len, doc->paper, sizeof doc->paper);
        if (!doc->page[0] && i < first)
            tb_chrome_page(b->text, b->len, doc->page, sizeof doc->page);
    }
}

tb_status tb_parse_markdown(const char *text, size_t len, const char *source, tb_document *doc,
                            tb_diag *diag)
{
    (void)source;
    (void)diag;
    md_state m;
    memset(&m, 0, sizeof m);
    m.doc = doc;
    tb_buf_init(&m.para, 0);
    tb_buf_init(&m.header, 0);
    tb_buf_init(&m.pending, 0);
    tb_buf_init(&m.notes, 0);
    size_t from = doc->n_blocks, line = 0;
    tb_status st = md_lines(&m, text, text + len, &line);
    if (st == TB_OK && m.fence) {
        /* CommonMark closes an open fence at the end; a report's text is more
         * likely than code after a stray fence: read it, and say so */
        snprintf(doc->warning, sizeof doc->warning,
                 "code fence never closed; the %zu lines after it are read as text",
                 line - m.fence_line);
        doc->warning_line = m.fence_line;
        m.fence = 0;
        m.no_fences = 1;
        line = m.fence_line;
        st = md_lines(&m, m.fence_body, text + len, &line);
    }
    if (st == TB_OK)
        st = tb_md_table_end(&m);
    if (st == TB_OK)
        st = flush(&m);
    if (st == TB_OK)
        st = tb_md_footnotes_end(&m);
    if (st == TB_OK)
        mark_outside(doc, from);
    tb_buf_free(&m.para);
    tb_buf_free(&m.header);
    tb_buf_free(&m.pending);
    tb_buf_free(&m.notes);
    return st;
}
