/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * html_int.h — what the pieces of the HTML parser share (html.c walks and
 * emits blocks, html_tree.c finds the article by text and link density,
 * html_meta.c reads the metadata a page states, html_table.c reads data
 * tables). Private to src/parse/html*.c; docs/segmentation.md ("HTML")
 * explains every signal.
 *
 * Trees are walked without recursion (tb_html_visit), so that a page nested
 * thousands of elements deep is read whole. Element indexes: pass one
 * (tb_html_find_region) numbers every element it visits in document order
 * and stores index + 1 in xmlNode._private (0: not visited, e.g. inside a
 * dropped element); the walk that emits blocks reads them back.
 */
#ifndef TB_HTML_INT_H
#define TB_HTML_INT_H

#include <libxml/tree.h>
#include <stddef.h>

#include "base/buf.h"
#include "parse/parse.h"

/* ---- element classes (html_tree.c) ---- */
int tb_html_named(const xmlNode *n, const char *name);
int tb_html_heading(const xmlNode *n);    /* 1–6 for h1–h6, else 0 */
int tb_html_is_block(const xmlNode *n);   /* starts a block of its own (p, div, li, h1…) */
int tb_html_is_dropped(const xmlNode *n); /* never read, with all it holds (script, nav…) */
int tb_html_is_opaque(const xmlNode *n);  /* select, svg, math: their own text is not read,
                                           * but blocks found inside (left open) are */
/* The attribute's value contains `needle` (ASCII, case-insensitive). */
int tb_html_attr_has(const xmlNode *n, const char *attr, const char *needle);
/* A caption by its class (caption, pic-text, pictext, img-text…). */
int tb_html_caption_class(const xmlNode *n);
/* Centred: align="center", a text-align:center style, or <center>. */
int tb_html_centred(const xmlNode *n);
/* header elements are dropped unless they hold an h1: mark them first
 * (one pass over the tree, in _private), then ask. */
tb_status tb_html_mark_headers(const xmlNode *top);
int tb_html_skip_header(const xmlNode *n);
/* Element index + 1 from pass one, 0 if the element was not visited. */
size_t tb_html_index(const xmlNode *n);

/* ---- iterative traversal (html_tree.c) ---- */
typedef struct {
    int (*enter)(void *ctx, const xmlNode *el);  /* 1: descend into its children */
    void (*leave)(void *ctx, const xmlNode *el); /* after the children of an entered element */
    void (*text)(void *ctx, const xmlNode *tx);  /* a text or CDATA node */
} tb_html_visitor;

/* Visit the children of `top` and their subtrees in document order. */
void tb_html_visit(const xmlNode *top, const tb_html_visitor *v, void *ctx);

/* Append the text of n's subtree (dropped elements skipped, white space
 * collapsed to single spaces, undefined entities left out) to b. */
tb_status tb_html_text(const xmlNode *n, tb_buf *b);
/* The same, but gathering stops (and deeper elements are not visited) once
 * b holds more than `limit` bytes. */
tb_status tb_html_text_upto(const xmlNode *n, tb_buf *b, size_t limit);

/* Append text node content to b: white space collapsed (no space at the
 * start of b or after a line end), `&name;` references that the parser did
 * not know (undefined entities) left out. Counts the characters added to
 * *chars and the sentence marks ，。！？； to *marks (either may be NULL). */
tb_status tb_html_add_text(tb_buf *b, const char *s, size_t *chars, size_t *marks);

/* ---- the article (html_tree.c) ---- */
typedef struct {
    size_t start, end;       /* element indexes + 1 of the article: [start, end]; 0: none found */
    size_t root;             /* index + 1 of the content root (the densest prose element) */
    const xmlNode *headline; /* the element taken for the headline, or NULL */
} tb_html_region;

/* Number the elements below top (see above) and find the article: the
 * element whose blocks hold the most prose less link text and short lines,
 * and the headline before it (the one the page title repeats, else the
 * nearest h1). `title` is the page's own title (og:title or <title>), or "". */
tb_status tb_html_find_region(const xmlNode *top, const char *title, tb_html_region *r);

/* A prose-shaped block: ends a sentence, or is long, or holds commas. */
int tb_html_prose(const char *s, size_t len);

/* ---- metadata (html_meta.c) ---- */
/* Read <title>, og:title and og:site_name (into the buffers, unless they
 * hold text already), dates and author (into doc) from <head>. */
tb_status tb_html_read_head(const xmlNode *head, tb_document *doc, tb_buf *title, tb_buf *og_title,
                            tb_buf *site);
/* A line of "label：value" fields (来源：… 作者：… 发布时间：…): store what it
 * says in doc (date, publisher, author, unless already known) and return 1
 * (the line is then not read aloud); 0 if it is not such a line. In the
 * body (`in_body`), a line led by 时间： or 日期： is the text's own. An
 * allocation failure is stored in *st. */
int tb_html_meta_line(const char *s, size_t len, int in_body, tb_document *doc, tb_status *st);
/* The headline part of a <title> such as "标题_网站名" or "标题 - 报名":
 * writes the start and length of the part into *len and returns its start. */
const char *tb_html_title_part(const char *s, size_t *len);

/* ---- data tables (html_table.c) ---- */
/* A table of data (rows of short cells, not a layout table). */
int tb_html_data_table(const xmlNode *table);
/* Read a data table row by row into doc: each row one paragraph
 * "列名：值，列名：值。" (header names from the first row of th cells or the
 * thead), the caption first. */
tb_status tb_html_read_table(const xmlNode *table, tb_document *doc);

#endif
