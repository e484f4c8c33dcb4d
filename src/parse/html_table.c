/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * html_table.c — HTML data tables read row by row, in a form a listener can
 * follow: each data row one paragraph "列名：值，列名：值。" with the names of
 * the header row (a first row of th cells, or the thead), else the cells
 * joined by "，". Layout tables (a cell holding a long text, a nested
 * table, links, one column) are not data tables and are read as blocks.
 */
#include <string.h>

#include "parse/html_int.h"

enum { MAX_COLS = 32, MAX_CELL_CHARS = 60, MAX_CELL_NODES = 64 };

/* The first row among c and its next siblings, looking into thead, tbody
 * and tfoot (one level: never into nested tables). */
static const xmlNode *first_tr(const xmlNode *c, int depth)
{
    for (; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (tb_html_named(c, "tr"))
            return c;
        if (depth == 0 &&
            (tb_html_named(c, "thead") || tb_html_named(c, "tbody") || tb_html_named(c, "tfoot"))) {
            const xmlNode *r = first_tr(c->children, 1);
            if (r)
                return r;
        }
    }
    return NULL;
}

/* The row after `prev` (NULL: the first row). */
static const xmlNode *next_row(const xmlNode *table, const xmlNode *prev)
{
    if (!prev)
        return first_tr(table->children, 0);
    const xmlNode *r = first_tr(prev->next, prev->parent == table ? 0 : 1);
    if (r || prev->parent == table)
        return r;
    return first_tr(prev->parent->next, 0);
}

static int is_cell(const xmlNode *c)
{
    return c->type == XML_ELEMENT_NODE && (tb_html_named(c, "td") || tb_html_named(c, "th"));
}

/* A cell that could be data: short, no nested table, no links, lists,
 * images or headings. Looks at no more than MAX_CELL_NODES nodes, so that
 * nested layout tables cost no more than flat ones. */
static int data_cell(const xmlNode *cell)
{
    size_t nodes = 0, chars = 0;
    for (const xmlNode *c = cell->children; c;) {
        if (++nodes > MAX_CELL_NODES || chars > MAX_CELL_CHARS)
            return 0;
        if (c->type == XML_ELEMENT_NODE &&
            (tb_html_named(c, "table") || tb_html_named(c, "a") || tb_html_named(c, "ul") ||
             tb_html_named(c, "ol") || tb_html_named(c, "img") || tb_html_heading(c)))
            return 0;
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
            chars += tb_parse_nchars((const char *)c->content, strlen((const char *)c->content));
        if (c->type == XML_ELEMENT_NODE && c->children && !tb_html_is_dropped(c)) {
            c = c->children;
            continue;
        }
        while (c && !c->next && c != cell)
            c = c->parent;
        c = c && c != cell ? c->next : NULL;
    }
    return chars <= MAX_CELL_CHARS;
}

int tb_html_data_table(const xmlNode *table)
{
    size_t rows = 0, widest = 0;
    int ok = 1;
    for (const xmlNode *r = next_row(table, NULL); r && ok; r = next_row(table, r)) {
        size_t cells = 0;
        for (const xmlNode *c = r->children; c && ok; c = c->next)
            if (is_cell(c)) {
                cells++;
                ok = data_cell(c);
            }
        rows++;
        widest = cells > widest ? cells : widest;
    }
    return ok && rows >= 2 && widest >= 2 && widest <= MAX_COLS;
}

static int header_row(const xmlNode *r)
{
    int th = 0;
    for (const xmlNode *c = r->children; c; c = c->next)
        if (is_cell(c)) {
            if (!tb_html_named(c, "th") && !(r->parent && tb_html_named(r->parent, "thead")))
                return 0;
            th = 1;
        }
    return th;
}

/* Cell text, trimmed, into b (reset first). */
static tb_status cell_text(const xmlNode *c, tb_buf *b)
{
    tb_buf_reset(b);
    return tb_html_text(c, b);
}

static tb_status read_row(const xmlNode *r, tb_buf names[], size_t n_names, tb_buf *line,
                          tb_buf *tmp)
{
    tb_buf_reset(line);
    size_t col = 0;
    tb_status st = TB_OK;
    for (const xmlNode *c = r->children; c && st == TB_OK; c = c->next) {
        if (!is_cell(c))
            continue;
        st = cell_text(c, tmp);
        size_t len = tmp->len;
        const char *s = tb_parse_trim(tmp->data ? tmp->data : "", &len, NULL);
        if (st == TB_OK && len) {
            if (line->len)
                st = tb_buf_adds(line, "，");
            if (st == TB_OK && col < n_names && names[col].len) {
                st = tb_buf_add(line, names[col].data, names[col].len);
                if (st == TB_OK)
                    st = tb_buf_adds(line, "：");
            }
            if (st == TB_OK)
                st = tb_buf_add(line, s, len);
        }
        col++;
    }
    if (st == TB_OK && line->len)
        st = tb_buf_adds(line, "。");
    return st;
}

tb_status tb_html_read_table(const xmlNode *table, tb_document *doc)
{
    tb_buf names[MAX_COLS], line, tmp;
    size_t n_names = 0;
    tb_buf_init(&line, 0);
    tb_buf_init(&tmp, 0);
    tb_status st = TB_OK;
    for (const xmlNode *c = table->children; c && st == TB_OK; c = c->next)
        if (c->type == XML_ELEMENT_NODE && tb_html_named(c, "caption")) {
            st = cell_text(c, &tmp);
            if (st == TB_OK && tmp.len)
                st = tb_document_add(doc, TB_BLOCK_TABLE, tmp.data, tmp.len,
                                     (size_t)xmlGetLineNo(c), 0);
        }
    const xmlNode *r = next_row(table, NULL);
    if (r && header_row(r)) {
        for (const xmlNode *c = r->children; c && st == TB_OK && n_names < MAX_COLS; c = c->next)
            if (is_cell(c)) {
                tb_buf_init(&names[n_names], 0);
                st = cell_text(c, &names[n_names++]);
                size_t len = names[n_names - 1].len;
                const char *s = tb_parse_trim(
                    names[n_names - 1].data ? names[n_names - 1].data : "", &len, NULL);
                memmove(names[n_names - 1].data ? names[n_names - 1].data : (char *)"", s, len);
                names[n_names - 1].len = len;
            }
        r = next_row(table, r);
    }
    for (; r && st == TB_OK; r = next_row(table, r)) {
        st = read_row(r, names, n_names, &line, &tmp);
        if (st == TB_OK && line.len)
            st = tb_document_add(doc, TB_BLOCK_TABLE, line.data, line.len, (size_t)xmlGetLineNo(r),
                                 0);
    }
    for (size_t i = 0; i < n_names; i++)
        tb_buf_free(&names[i]);
    tb_buf_free(&line);
    tb_buf_free(&tmp);
    return st;
}
