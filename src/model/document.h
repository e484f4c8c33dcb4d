/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * document.h — the page as a list of blocks, between the parsers and the
 * segmenter. Every parser (src/parse/: e-paper text, Markdown, HTML) turns
 * decoded text into the same kind of blocks, each a paragraph-sized piece of
 * text with the role it plays on the page; the segmenter never looks at the
 * source format again.
 *
 * Ownership: the document owns its blocks and their text (one arena, freed
 * once by tb_document_free). Block text is trimmed UTF-8 whose inner runs of
 * white space (no-break, ideographic, tabs) are one ASCII space; it has no
 * line breaks, except that a paragraph may hold '\n' where the source had a
 * hard line break (which the segmenter treats as a sentence end).
 */
#ifndef TB_DOCUMENT_H
#define TB_DOCUMENT_H

#include <stddef.h>

#include "base/arena.h"
#include "base/tb.h"

typedef enum {
    TB_BLOCK_CHROME,     /* navigation and page furniture: kept for diagnostics, never spoken */
    TB_BLOCK_HEADLINE,   /* the title of an article (a page may hold several articles) */
    TB_BLOCK_SUBTITLE,   /* a line that belongs with the headline (——subtitle) */
    TB_BLOCK_CAPTION,    /* a photo caption (or an image's alt text) */
    TB_BLOCK_PARAGRAPH,  /* body text */
    TB_BLOCK_SUBHEADING, /* a section heading inside an article */
    TB_BLOCK_SUBREPORT,  /* the title of a sub-report: "place name: title" */
    TB_BLOCK_CREDIT,     /* credit / byline in brackets: (本版文图由…提供), a signature */
    TB_BLOCK_KICKER,     /* 引题: the line above a headline that belongs to it */
    TB_BLOCK_NOTE,       /* 编者按: an editor's note, a short section of its own */
    TB_BLOCK_TABLE,      /* one row of a table, already in spoken form (名称：值，…) */
    TB_BLOCK_FOOTNOTE    /* a note ([1] …) read at the end of the article */
} tb_block_role;

/* "chrome", "headline", ... (static storage). */
const char *tb_block_role_name(tb_block_role role);

typedef struct {
    tb_block_role role;
    char *text;      /* trimmed UTF-8, NUL-terminated, owned by the document */
    size_t len;      /* bytes */
    size_t line;     /* 1-based source line where the block starts (0 if unknown) */
    unsigned indent; /* leading indentation in the source, in columns (full-width space = 2) */
} tb_block;

typedef struct {
    tb_block *blocks;
    size_t n_blocks;
    size_t cap_blocks;
    char date[11];       /* "YYYY-MM-DD" if the page states its date, else "" */
    char paper[64];      /* the paper's name when the chrome states it (内蒙古日报), else "" */
    char page[64];       /* the page when the chrome states it (第04版), else "" */
    char warning[256];   /* the first thing a parser skipped or guessed (no line breaks;
                            the front end shows it as "FILE:LINE: …"), else "" */
    size_t warning_line; /* its 1-based source line */
    /* What the page states about itself (HTML: og:title, 来源：, 作者：), NULL
     * when it does not; in the arena. Set with tb_document_set_meta. */
    char *title;         /* the page's own title of the article (og:title) */
    char *publisher;     /* who published it (来源：, og:site_name) */
    char *author;        /* 作者：, <meta name="author"> */
    tb_arena arena;      /* private: holds the blocks' text */
} tb_document;

/* A new, empty document (NULL on allocation failure). */
tb_document *tb_document_new(void);
void tb_document_free(tb_document *doc);

/* Append a block holding a copy of text[0..len). TB_ERR_NOMEM on failure. */
tb_status tb_document_add(tb_document *doc, tb_block_role role, const char *text, size_t len,
                          size_t line, unsigned indent);

/* Set *field (doc->title, ->publisher or ->author) to a trimmed copy of
 * s[0..len) unless it is already set or the copy would be empty.
 * TB_ERR_NOMEM on failure. */
tb_status tb_document_set_meta(tb_document *doc, char **field, const char *s, size_t len);

/* Number of blocks that will be spoken (every role but chrome). */
size_t tb_document_count_spoken(const tb_document *doc);

/* If s[0..len) contains a full date (2022年6月12日, 2022-06-12, 2022/6/12, 2022.06.12),
 * write it as "YYYY-MM-DD" into out and return 1; else return 0. */
int tb_document_find_date(const char *s, size_t len, char out[11]);

#endif
