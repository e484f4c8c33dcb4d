/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * markdown_int.h — private to the Markdown parser (markdown.c for blocks,
 * markdown_inline.c for inline markup, tables and footnotes). Not part of
 * the parse/ API.
 */
#ifndef TB_MARKDOWN_INT_H
#define TB_MARKDOWN_INT_H

#include <stddef.h>

#include "base/buf.h"
#include "parse/parse.h"

typedef struct {
    tb_document *doc;
    tb_buf para; /* the paragraph being gathered (inline markup already removed) */
    size_t para_line;
    int para_caption; /* the paragraph is the caption of the image just above */
    int after_image;  /* the previous block was an image */
    int para_links;   /* every line of the paragraph is only links */
    char fence;       /* ` or ~ inside a fenced code block, else 0 */
    size_t fence_line;
    const char *fence_body; /* the text after the opening fence line */
    int no_fences;          /* re-reading an unclosed fence: fence lines are plain lines */
    int in_comment;         /* inside <!-- … --> */
    int front;              /* inside front matter */
    tb_buf header;          /* the table's column names, each ended by '\n' */
    tb_buf pending;         /* the table's first row, until the next line says if it is a header */
    size_t pending_line;
    int table_rows; /* rows of the current table seen (0: not in a table) */
    tb_buf notes;   /* footnote definitions, "注N：text" each ended by '\n' */
    size_t notes_line;
} md_state;

/* Append s[0..n) to b without Markdown's inline markup: links keep their
 * text, images, tags and footnote marks [^1] go, [1] stays for the segmenter. */
tb_status tb_md_inline(tb_buf *b, const char *s, size_t n);

/* Is s[0..n) made only of links ([text](url)) and separators? */
int tb_md_links_only(const char *s, size_t n);

/* A line of a pipe table (| a | b |): handled, *st set; 0 if not one. */
int tb_md_table_line(md_state *m, const char *t, size_t tn, size_t line, tb_status *st);

/* The table ends (a line that is not a row): its pending row is read. */
tb_status tb_md_table_end(md_state *m);

/* A footnote definition "[^1]: text": gathered, *st set; 0 if not one. */
int tb_md_footnote_def(md_state *m, const char *t, size_t tn, size_t line, tb_status *st);

/* The footnotes gathered, as blocks at the end of the document. */
tb_status tb_md_footnotes_end(md_state *m);

#endif
