/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * epaper_int.h — private to the e-paper parser (epaper.c, epaper_lines.c,
 * epaper_parts.c): the measured lines of a page and the shape tests on them.
 * Not part of the parse/ API.
 */
#ifndef TB_EPAPER_INT_H
#define TB_EPAPER_INT_H

#include <stddef.h>

#include "model/document.h"
#include "parse/parse.h"

enum {
    PROSE_MIN = 50,       /* characters: a line this long is prose even without a full stop */
    HEADING_MAX = 40,     /* characters: a heading is at most this long */
    CAPTION_MAX = 60,     /* characters: a caption on a flush page is at most this long */
    UI_WORD_MAX = 4,      /* characters: navigation words are this short */
    BODY_UI_WORD_MAX = 3, /* characters: stricter inside the article */
    PAGE_LABEL_MAX = 10,  /* characters: "第04版:出彩", "A3版" */
    PAGE_ENTRY_MAX = 16, /* characters: "第03版:国内新闻·广告" (a number before a colon) */
    DATE_LINE_MAX = 30,  /* characters: a line that is mostly a date */
    WRAP_MIN = 20,       /* characters: lines this long show hard wrapping */
    QUESTION_MAX = 24,   /* characters: a question standing as a subheading */
    SIGNATURE_MAX = 24,  /* characters: a line of a signature block */
    LINK_RUN_MIN = 3,    /* lines: a run of short titled lines this long is a list of links */
    TITLE_LIST_MAX = 200 /* lines below the article looked at for the page's title list */
};

/* Roles the parser uses while it works, beside tb_block_role. */
enum {
    ROLE_NONE = -1,      /* undecided */
    ROLE_ATTACH = 100,   /* 附件：… (a heading 附件 and its items) */
    ROLE_SIGNATURE = 101 /* a signature line, joined with the ones after it into a credit */
};

typedef struct {
    const char *s; /* trimmed text */
    size_t len;
    size_t line;
    unsigned indent;
    size_t nchar;  /* characters, spaces excluded */
    size_t ntok;   /* space-separated words */
    size_t maxtok; /* characters in the longest word */
    int has_han;
    int has_label_mark; /* a digit, Latin letter or colon: "第04版:", "PDF" */
    int numbered_colon; /* a digit before the first colon: "第03版:…" */
    int stop;           /* ends a sentence */
    int open;           /* ends with a comma or colon: goes on */
    int credit;
    int role; /* tb_block_role, a ROLE_* above, or ROLE_NONE while undecided */
} line_info;

typedef struct {
    line_info *v;
    size_t n;
    int indented;    /* most prose is indented */
    size_t first;    /* the first prose line (n if none) */
    size_t last;     /* the last prose or credit line */
    size_t headline; /* the first headline (n if none) */
    char date[11];
    tb_document *doc;
} epaper;

/* epaper_lines.c: measuring and joining lines */
void tb_ep_measure(line_info *l);
tb_status tb_ep_split_lines(const char *text, size_t len, line_info **out, size_t *n_out);
int tb_ep_wrapped_page(const line_info *v, size_t n);
tb_status tb_ep_join_wrapped(line_info *v, size_t *n, size_t text_len, char **store);
int tb_ep_indented_page(const line_info *v, size_t n);

/* epaper_lines.c: shape tests */
int tb_ep_blank(const line_info *l);
int tb_ep_prose(const line_info *l);
int tb_ep_heading(const line_info *l);
int tb_ep_dash_led(const line_info *l);
int tb_ep_same_text(const line_info *a, const line_info *b);
int tb_ep_date_line(const line_info *l, char date[11]);
int tb_ep_head_chrome(const line_info *l, char date[11]);
int tb_ep_body_chrome(const line_info *l);
int tb_ep_starts_with(const line_info *l, const char *word);
int tb_ep_question(const line_info *l);
int tb_ep_photo_credit(const line_info *l);
int tb_ep_numbered(const line_info *l);

/* epaper_parts.c: the structures a page may hold */
void tb_ep_mark_special(epaper *p);
size_t tb_ep_mark_captions(epaper *p, size_t end, size_t i);
int tb_ep_repeated_below(const epaper *p, const line_info *l);
void tb_ep_mark_link_runs(epaper *p, size_t from);
void tb_ep_mark_tail(epaper *p);
void tb_ep_find_paper(epaper *p);
tb_status tb_ep_emit(epaper *p);

#endif
