/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * epaper_parts.c — the structures of an e-paper page beside headline and
 * body (epaper_int.h): captions, 编者按 notes, footnotes, the wire story's
 * （完）, lists of links, the title list below the article, the signature and
 * date of a notice, its attachments, the paper and page the chrome names;
 * and the blocks the parser finally hands to the document.
 */
#include <string.h>

#include "base/buf.h"
#include "parse/chrome.h"
#include "parse/epaper_int.h"

enum { DATE_ALONE_MAX = 16 }; /* characters: a line that is only a date */

static int note_line(const line_info *l)
{
    return tb_ep_starts_with(l, "编者按") || tb_ep_starts_with(l, "【编者按】");
}

/* "[1] text": the number's length in bytes with its brackets, else 0. */
static size_t footnote_mark(const char *s, size_t len)
{
    size_t i = 1;
    if (len < 4 || s[0] != '[')
        return 0;
    while (i < len && i <= 3 && s[i] >= '0' && s[i] <= '9')
        i++;
    return i > 1 && i < len && s[i] == ']' ? i + 1 : 0;
}

static int attach_head(const line_info *l)
{
    return tb_ep_starts_with(l, "附件：") || tb_ep_starts_with(l, "附件:");
}

/* "……品牌。（完）": the wire story's end mark is not read. */
static void drop_end_mark(line_info *l)
{
    static const char *const marks[] = {"（完）", "(完)", NULL};
    for (int k = 0; marks[k]; k++) {
        size_t m = strlen(marks[k]);
        if (l->len < m || memcmp(l->s + l->len - m, marks[k], m))
            continue;
        if (l->len == m) {
            l->role = TB_BLOCK_CHROME;
            return;
        }
        l->len -= m;
        l->s = tb_parse_trim(l->s, &l->len, NULL);
        tb_ep_measure(l);
    }
}

void tb_ep_mark_special(epaper *p)
{
    for (size_t i = 0; i < p->n; i++) {
        line_info *l = &p->v[i];
        if (tb_ep_blank(l))
            continue;
        drop_end_mark(l);
        if (l->role != ROLE_NONE)
            continue;
        if (note_line(l))
            l->role = TB_BLOCK_NOTE;
        else if (footnote_mark(l->s, l->len))
            l->role = TB_BLOCK_FOOTNOTE;
        else if (attach_head(l)) {
            l->role = ROLE_ATTACH;
            while (i + 1 < p->n && !tb_ep_blank(&p->v[i + 1]) && tb_ep_numbered(&p->v[i + 1]))
                p->v[++i].role = ROLE_ATTACH;
        }
    }
}

size_t tb_ep_mark_captions(epaper *p, size_t end, size_t i)
{
    line_info *v = p->v;
    if (p->indented) {
        while (i < end && (tb_ep_blank(&v[i]) || tb_ep_photo_credit(&v[i]) ||
                           (tb_ep_prose(&v[i]) && v[i].indent < 2 && v[i].role == ROLE_NONE))) {
            if (!tb_ep_blank(&v[i]))
                v[i].role = TB_BLOCK_CAPTION;
            i++;
        }
        return i;
    }
    /* flush page: short prose lines with no blank between, ended by a photo
     * credit, or at least two of them with body text after them */
    size_t j = i;
    while (j < end && tb_ep_prose(&v[j]) && v[j].nchar <= CAPTION_MAX && v[j].role == ROLE_NONE)
        j++;
    int credit = j < end && tb_ep_photo_credit(&v[j]);
    size_t after = j + (size_t)credit;
    while (after < end && tb_ep_blank(&v[after]))
        after++;
    int body = after < end && tb_ep_prose(&v[after]);
    if ((j - i >= 2 && body) || (j > i && credit)) {
        for (size_t k = i; k < j + (size_t)credit; k++)
            v[k].role = TB_BLOCK_CAPTION;
        return j + (size_t)credit;
    }
    return i;
}

int tb_ep_repeated_below(const epaper *p, const line_info *l)
{
    /* a title list is short: looking further would make hostile pages quadratic */
    for (size_t j = p->last + 1; j < p->n && j <= p->last + TITLE_LIST_MAX; j++)
        if (&p->v[j] != l && tb_ep_same_text(&p->v[j], l))
            return 1;
    return 0;
}

static int run_line(const line_info *l)
{
    return !tb_ep_blank(l) && l->role == ROLE_NONE && tb_ep_heading(l) && !tb_ep_numbered(l);
}

void tb_ep_mark_link_runs(epaper *p, size_t from)
{
    for (size_t i = from; i <= p->last && i < p->n;) {
        if (!run_line(&p->v[i])) {
            i++;
            continue;
        }
        size_t j = i;
        while (j <= p->last && j < p->n && run_line(&p->v[j]))
            j++;
        int list = tb_chrome_word_class(p->v[i].s, p->v[i].len) == TB_CHROME_LIST;
        if (j - i >= LINK_RUN_MIN || (list && j - i >= 2))
            for (size_t k = i; k < j; k++)
                p->v[k].role = TB_BLOCK_CHROME;
        i = j;
    }
}

static int signature_name(const line_info *l)
{
    char unused[11];
    return !tb_ep_blank(l) && l->has_han && !l->stop && !l->open && l->ntok <= 2 &&
           l->nchar <= SIGNATURE_MAX && !tb_ep_date_line(l, unused) &&
           !tb_chrome_is(l->s, l->len, TB_CHROME_OUTSIDE);
}

static int date_alone(const line_info *l)
{
    char unused[11];
    return l->nchar <= DATE_ALONE_MAX && tb_ep_date_line(l, unused);
}

void tb_ep_mark_tail(epaper *p)
{
    size_t j = p->last + 1;
    if (j < p->n && tb_ep_blank(&p->v[j]))
        j++;
    size_t k = j;
    while (k < p->n && k - j < 3 && signature_name(&p->v[k]))
        k++;
    if (p->first < p->n && k < p->n && date_alone(&p->v[k]))
        for (size_t s = j; s <= k; s++)
            p->v[s].role = ROLE_SIGNATURE;
    for (size_t i = p->first < p->n ? p->last + 1 : 0; i < p->n; i++)
        if (p->v[i].role != ROLE_SIGNATURE)
            p->v[i].role = TB_BLOCK_CHROME;
}

void tb_ep_find_paper(epaper *p)
{
    tb_document *doc = p->doc;
    size_t top = p->headline < p->n ? p->headline : p->first;
    for (size_t i = 0; i < p->n; i++) {
        const line_info *l = &p->v[i];
        if (l->role != TB_BLOCK_CHROME && l->role != ROLE_SIGNATURE)
            continue;
        if (!p->date[0])
            tb_ep_date_line(l, p->date);
        if (l->role != TB_BLOCK_CHROME)
            continue;
        if (!doc->paper[0])
            tb_chrome_paper(l->s, l->len, doc->paper, sizeof doc->paper);
        if (!doc->page[0] && i < top)
            tb_chrome_page(l->s, l->len, doc->page, sizeof doc->page);
    }
    memcpy(doc->date, p->date, sizeof p->date);
}

/* "报名表.docx" → "报名表": a file's extension is not read. */
static size_t without_extension(const char *s, size_t len)
{
    size_t i = len;
    while (i > 0 && len - i < 5 && ((s[i - 1] | 0x20) >= 'a' && (s[i - 1] | 0x20) <= 'z'))
        i--;
    return i > 1 && i < len && len - i >= 2 && s[i - 1] == '.' ? i - 1 : len;
}

static tb_status emit_attach(epaper *p, const line_info *l)
{
    const char *s = l->s;
    size_t len = l->len;
    tb_status st = TB_OK;
    if (attach_head(l)) {
        size_t k = s[6] == ':' ? 7 : 9; /* 附件 + : or ： */
        st = tb_document_add(p->doc, TB_BLOCK_SUBHEADING, "附件", strlen("附件"), l->line, 0);
        s += k;
        len -= k;
        s = tb_parse_trim(s, &len, NULL);
    }
    len = without_extension(s, len);
    if (st == TB_OK && len)
        st = tb_document_add(p->doc, TB_BLOCK_PARAGRAPH, s, len, l->line, l->indent);
    return st;
}

/* Lines [i, end) of a signature block, one credit. */
static tb_status emit_joined(epaper *p, size_t i, size_t end, tb_block_role role)
{
    tb_buf b;
    tb_buf_init(&b, 0);
    tb_status st = TB_OK;
    for (size_t k = i; k < end && st == TB_OK; k++) {
        if (b.len)
            st = tb_buf_addc(&b, ' ');
        if (st == TB_OK)
            st = tb_buf_add(&b, p->v[k].s, p->v[k].len);
    }
    if (st == TB_OK)
        st = tb_document_add(p->doc, role, b.data, b.len, p->v[i].line, p->v[i].indent);
    tb_buf_free(&b);
    return st;
}

/* "[1] 据县志记载…" → "注1：据县志记载…" */
static tb_status emit_footnote(epaper *p, const line_info *l)
{
    size_t m = footnote_mark(l->s, l->len), rest = l->len - m;
    const char *r = tb_parse_trim(l->s + m, &rest, NULL);
    tb_buf b;
    tb_buf_init(&b, 0);
    tb_status st = tb_buf_adds(&b, "注");
    if (st == TB_OK)
        st = tb_buf_add(&b, l->s + 1, m - 2);
    if (st == TB_OK)
        st = tb_buf_adds(&b, "：");
    if (st == TB_OK)
        st = tb_buf_add(&b, r, rest);
    if (st == TB_OK)
        st = tb_document_add(p->doc, TB_BLOCK_FOOTNOTE, b.data, b.len, l->line, l->indent);
    tb_buf_free(&b);
    return st;
}

tb_status tb_ep_emit(epaper *p)
{
    tb_status st = TB_OK;
    for (size_t i = 0; i < p->n && st == TB_OK; i++) {
        const line_info *l = &p->v[i];
        if (tb_ep_blank(l))
            continue;
        if (l->role == ROLE_ATTACH)
            st = emit_attach(p, l);
        else if (l->role == ROLE_SIGNATURE) {
            size_t end = i;
            while (end < p->n && p->v[end].role == ROLE_SIGNATURE)
                end++;
            st = emit_joined(p, i, end, TB_BLOCK_CREDIT);
            i = end - 1;
        } else if (l->role == TB_BLOCK_FOOTNOTE)
            st = emit_footnote(p, l);
        else
            st = tb_document_add(p->doc, l->role >= 0 ? (tb_block_role)l->role : TB_BLOCK_CHROME,
                                 l->s, l->len, l->line, l->indent);
    }
    return st;
}
