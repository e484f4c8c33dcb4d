/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * segment.c — second stage of the pipeline: clean text → document (by the
 * parser of its format, parse/) → edition (articles, sections, paragraphs,
 * sentences). The parsers have already given every block its role; here the
 * roles become sections of articles, and the text of each block becomes one
 * paragraph of sentences of a bounded length (split.c).
 */
#include "segment/segment.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "parse/parse.h"

#define TITLE_CAPTIONS "图片说明"
#define TITLE_INTRO "导语"
#define TITLE_BODY "正文"
#define TITLE_NOTE "编者按"
#define TITLE_FOOTNOTES "注释"
#define TITLE_TABLE "表格"
#define ARTICLE_SEP " · "

enum { NONE = -1 };

typedef struct {
    tb_edition *ed;
    long cur;               /* index of the section receiving sentences, or NONE */
    size_t article;         /* current article (1-based; 0 before any text) */
    size_t n_headlines;     /* headlines on the page: > 1 puts the article in chapter titles */
    const char *art_title;  /* the current article's headline, or NULL */
    size_t paragraph;       /* the paragraph being read */
    const tb_block *kicker; /* a 引题 waiting for its headline */
    int titled;             /* the current article has its headline */
} builder;

typedef struct {
    tb_edition *ed;
    size_t sec;
    size_t line;
    size_t paragraph;
} sink;

static tb_status add_sentence(const char *s, size_t len, void *ctx)
{
    sink *k = ctx;
    tb_sentence *t = tb_edition_add_sentence(k->ed, &k->ed->sections[k->sec], s, len, k->line);
    if (!t)
        return TB_ERR_NOMEM;
    t->paragraph = k->paragraph;
    return TB_OK;
}

/* The length of a footnote mark "[12]" at s[0..len), else 0. */
static size_t note_mark(const char *s, size_t len)
{
    size_t i = 1;
    if (len < 3 || s[0] != '[')
        return 0;
    while (i < len && i <= 3 && s[i] >= '0' && s[i] <= '9')
        i++;
    return i > 1 && i < len && s[i] == ']' ? i + 1 : 0;
}

/* Read s[0..len) as the next paragraph of the current section; footnote
 * marks [1] are not read inside the sentence (the notes are read at the end). */
static tb_status add_text(builder *b, const char *s, size_t len, size_t line)
{
    sink k = {b->ed, (size_t)b->cur, line, ++b->paragraph};
    if (!memchr(s, '[', len))
        return tb_segment_split(s, len, 0, add_sentence, &k);
    char *t = malloc(len + 1);
    if (!t)
        return TB_ERR_NOMEM;
    size_t w = 0;
    for (size_t i = 0; i < len;) {
        size_t m = note_mark(s + i, len - i);
        if (m && i > 0) /* a mark after the text it annotates */
            i += m;
        else
            t[w++] = s[i++];
    }
    tb_status st = tb_segment_split(t, w, 0, add_sentence, &k);
    free(t);
    return st;
}

static tb_section_kind cur_kind(const builder *b)
{
    return b->cur == NONE ? TB_KIND_INTRO : b->ed->sections[b->cur].kind;
}

/* A title is one line: line breaks inside a block become spaces. */
static void flatten(char *s)
{
    for (; *s; s++)
        if (*s == '\n')
            *s = ' ';
}

/* Append a section titled title[0..tlen) to the current article. */
static tb_status open_section(builder *b, tb_section_kind kind, const char *title, size_t tlen)
{
    tb_edition *ed = b->ed;
    char *t = tb_edition_strndup(ed, title, tlen);
    if (!t)
        return TB_ERR_NOMEM;
    flatten(t);
    tb_section *sec = tb_edition_add_section(ed, kind, t);
    if (!sec)
        return TB_ERR_NOMEM;
    if (!b->article)
        b->article = 1;
    sec->article = b->article;
    b->cur = (long)ed->n_sections - 1;
    return TB_OK;
}

/* A section without a title of its own: "导语", or "导语 · HEADLINE" on a page
 * of several articles, so that a chapter list says which article it is of. */
static tb_status open_untitled(builder *b, tb_section_kind kind, const char *base)
{
    if (b->n_headlines < 2 || !b->art_title)
        return open_section(b, kind, base, strlen(base));
    size_t n = strlen(base) + strlen(ARTICLE_SEP) + strlen(b->art_title) + 1;
    char *t = malloc(n);
    if (!t)
        return TB_ERR_NOMEM;
    snprintf(t, n, "%s%s%s", base, ARTICLE_SEP, b->art_title);
    tb_status st = open_section(b, kind, t, strlen(t));
    free(t);
    return st;
}

/* The credit without its outer brackets. */
static const char *unbracket(const char *s, size_t *len)
{
    unsigned cp;
    size_t k = tb_utf8_decode(s, *len, &cp);
    if (k && (cp == '(' || cp == 0xFF08)) {
        s += k;
        *len -= k;
        size_t tail = *len >= 3 && !memcmp(s + *len - 3, "\xEF\xBC\x89", 3) ? 3
                      : *len >= 1 && s[*len - 1] == ')'                     ? 1
                                                                            : 0;
        *len -= tail;
    }
    return tb_parse_trim(s, len, NULL);
}

static int has_sentences(const tb_edition *ed, size_t sec)
{
    return ed->sections[sec].n_sentences > 0;
}

/* Drop sections that ended up with nothing to say (a heading of dashes). */
static void drop_empty(tb_edition *ed)
{
    size_t w = 0;
    for (size_t r = 0; r < ed->n_sections; r++) {
        if (has_sentences(ed, r))
            ed->sections[w++] = ed->sections[r];
        else
            free(ed->sections[r].sentences);
    }
    ed->n_sections = w;
}

static tb_status on_body(builder *b, const tb_block *k);

/* A headline opens an article: the headline, then its kicker (引题), read after it. */
static tb_status on_headline(builder *b, const tb_block *k)
{
    /* what stood above the first headline (an editor's note) is of its article */
    if (b->titled || !b->article)
        b->article++;
    b->titled = 1;
    tb_status st = open_section(b, TB_KIND_HEADLINE, k->text, k->len);
    if (st == TB_OK)
        st = add_text(b, k->text, k->len, k->line);
    tb_section *sec = &b->ed->sections[b->cur];
    b->art_title = sec->title;
    if (st == TB_OK && !b->ed->headline[0] && has_sentences(b->ed, (size_t)b->cur))
        b->ed->headline = sec->title;
    if (st == TB_OK && b->kicker) {
        st = add_text(b, b->kicker->text, b->kicker->len, b->kicker->line);
        sec = &b->ed->sections[b->cur];
        if (st == TB_OK && !(sec->kicker = tb_edition_strdup(b->ed, b->kicker->text)))
            st = TB_ERR_NOMEM;
        if (sec->kicker)
            flatten(sec->kicker);
    }
    b->kicker = NULL;
    return st;
}

/* A subtitle is read with its headline (and kept as its 副题); body text opens
 * an intro after a headline, a caption run, a credit, a note or a table. */
static tb_status on_body(builder *b, const tb_block *k)
{
    tb_section_kind kind = cur_kind(b);
    tb_status st = TB_OK;
    if (k->role == TB_BLOCK_SUBTITLE && b->cur != NONE && kind == TB_KIND_HEADLINE) {
        tb_section *sec = &b->ed->sections[b->cur];
        if (!sec->subtitle && !(sec->subtitle = tb_edition_strdup(b->ed, k->text)))
            return TB_ERR_NOMEM;
        flatten(sec->subtitle);
        return add_text(b, k->text, k->len, k->line);
    }
    if (kind == TB_KIND_TABLE)
        st = open_untitled(b, TB_KIND_INTRO, TITLE_BODY);
    else if (b->cur == NONE || kind == TB_KIND_HEADLINE || kind == TB_KIND_CAPTION ||
             kind == TB_KIND_CREDIT || kind == TB_KIND_NOTE)
        st = open_untitled(b, TB_KIND_INTRO, TITLE_INTRO);
    return st == TB_OK ? add_text(b, k->text, k->len, k->line) : st;
}

/* Captions before the body form one section; later ones are read in place. */
static tb_status on_caption(builder *b, const tb_block *k)
{
    tb_section_kind kind = cur_kind(b);
    tb_status st = TB_OK;
    if (b->cur == NONE || kind == TB_KIND_HEADLINE || kind == TB_KIND_CREDIT)
        st = open_untitled(b, TB_KIND_CAPTION, TITLE_CAPTIONS);
    return st == TB_OK ? add_text(b, k->text, k->len, k->line) : st;
}

/* A heading, a credit: a section titled by its own text, which is also read. */
static tb_status on_titled(builder *b, const tb_block *k)
{
    size_t len = k->len;
    const char *t = k->text;
    tb_section_kind kind = k->role == TB_BLOCK_SUBREPORT ? TB_KIND_SUBREPORT
                           : k->role == TB_BLOCK_CREDIT  ? TB_KIND_CREDIT
                                                         : TB_KIND_SUBHEADING;
    if (kind == TB_KIND_CREDIT)
        t = unbracket(t, &len);
    tb_status st = open_section(b, kind, t, len);
    return st == TB_OK ? add_text(b, t, len, k->line) : st;
}

/* Notes (编者按, footnotes) and table rows: one section for a run of them. */
static tb_status on_run(builder *b, const tb_block *k, tb_section_kind kind, const char *title)
{
    tb_status st = TB_OK;
    int same =
        b->cur != NONE && cur_kind(b) == kind && !strcmp(b->ed->sections[b->cur].title, title);
    if (!same)
        st = kind == TB_KIND_NOTE ? open_section(b, kind, title, strlen(title))
                                  : open_untitled(b, kind, title);
    return st == TB_OK ? add_text(b, k->text, k->len, k->line) : st;
}

static tb_status on_block(builder *b, const tb_block *k, tb_block_role role)
{
    if (b->kicker && role != TB_BLOCK_HEADLINE && role != TB_BLOCK_CHROME) {
        const tb_block *kicker = b->kicker; /* no headline came: read it as text */
        b->kicker = NULL;
        tb_status st = on_body(b, kicker);
        if (st != TB_OK)
            return st;
    }
    switch (role) {
    case TB_BLOCK_CHROME: return TB_OK;
    case TB_BLOCK_KICKER: b->kicker = k; return TB_OK;
    case TB_BLOCK_HEADLINE: return on_headline(b, k);
    case TB_BLOCK_SUBTITLE:
    case TB_BLOCK_PARAGRAPH: return on_body(b, k);
    case TB_BLOCK_CAPTION: return on_caption(b, k);
    case TB_BLOCK_SUBHEADING:
    case TB_BLOCK_SUBREPORT:
    case TB_BLOCK_CREDIT: return on_titled(b, k);
    case TB_BLOCK_NOTE: return on_run(b, k, TB_KIND_NOTE, TITLE_NOTE);
    case TB_BLOCK_FOOTNOTE: return on_run(b, k, TB_KIND_NOTE, TITLE_FOOTNOTES);
    case TB_BLOCK_TABLE:
        /* under a heading a table is read in place; elsewhere it is a section */
        if (cur_kind(b) == TB_KIND_SUBHEADING || cur_kind(b) == TB_KIND_SUBREPORT)
            return add_text(b, k->text, k->len, k->line);
        return on_run(b, k, TB_KIND_TABLE, TITLE_TABLE);
    }
    return TB_OK;
}

/* The episode title: "PAPER PAGE" when the chrome states both, else the
 * headline, with "等N篇" when the page holds N > 1 articles. */
static tb_status episode_title(const tb_document *doc, tb_edition *ed)
{
    size_t titled = 0;
    for (size_t i = 0; i < ed->n_sections; i++)
        titled += ed->sections[i].kind == TB_KIND_HEADLINE;
    ed->title = ed->headline;
    const char *a = doc->paper, *b = " ", *c = doc->page;
    char count[32];
    if (!doc->paper[0] || !doc->page[0]) {
        if (titled < 2 || !ed->headline[0])
            return TB_OK;
        snprintf(count, sizeof count, "等%zu篇", titled);
        a = ed->headline, b = "", c = count;
    }
    size_t n = strlen(a) + strlen(b) + strlen(c) + 1;
    char *buf = malloc(n);
    if (!buf)
        return TB_ERR_NOMEM;
    snprintf(buf, n, "%s%s%s", a, b, c);
    char *w = tb_edition_strdup(ed, buf);
    free(buf);
    if (!w)
        return TB_ERR_NOMEM;
    ed->title = w;
    return TB_OK;
}

/* A headline with nothing under it but the next headline is that one's kicker
 * (a column label over the title: 学习园地 / 读懂…). */
static tb_block_role role_of(const tb_document *doc, size_t i)
{
    if (doc->blocks[i].role != TB_BLOCK_HEADLINE)
        return doc->blocks[i].role;
    for (size_t j = i + 1; j < doc->n_blocks; j++)
        if (doc->blocks[j].role != TB_BLOCK_CHROME)
            return doc->blocks[j].role == TB_BLOCK_HEADLINE ? TB_BLOCK_KICKER : TB_BLOCK_HEADLINE;
    return TB_BLOCK_HEADLINE;
}

static tb_status build(const tb_document *doc, tb_edition *ed)
{
    builder b = {ed, NONE, 0, 0, NULL, 0, NULL, 0};
    for (size_t i = 0; i < doc->n_blocks; i++)
        b.n_headlines += role_of(doc, i) == TB_BLOCK_HEADLINE;
    tb_status st = TB_OK;
    for (size_t i = 0; i < doc->n_blocks && st == TB_OK; i++)
        st = on_block(&b, &doc->blocks[i], role_of(doc, i));
    if (st == TB_OK && b.kicker)
        st = on_body(&b, b.kicker);
    if (st == TB_OK)
        drop_empty(ed);
    ed->n_articles = ed->n_sections ? ed->sections[ed->n_sections - 1].article : 0;
    return st == TB_OK ? episode_title(doc, ed) : st;
}

/* ---------- entry points ---------- */

tb_status tb_segment_document(const tb_document *doc, const char *source, tb_edition **out,
                              tb_diag *diag)
{
    tb_edition *ed = tb_edition_new();
    if (!ed)
        return TB_ERR_NOMEM;
    tb_status st = TB_ERR_NOMEM;
    if (!(ed->source = tb_edition_strdup(ed, source ? source : "-")))
        goto fail;
    if (doc->date[0] && !(ed->date = tb_edition_strdup(ed, doc->date)))
        goto fail;
    if ((doc->title && !(ed->page_title = tb_edition_strdup(ed, doc->title))) ||
        (doc->publisher && !(ed->publisher = tb_edition_strdup(ed, doc->publisher))) ||
        (doc->author && !(ed->author = tb_edition_strdup(ed, doc->author))))
        goto fail;
    if (doc->warning[0] && !(ed->warning = tb_edition_strdup(ed, doc->warning)))
        goto fail;
    ed->warning_line = doc->warning_line;
    st = build(doc, ed);
    if (st != TB_OK)
        goto fail;
    if (ed->n_sections == 0) {
        st = TB_ERR_INPUT;
        tb_diag_set(diag, source, 0, 0,
                    doc->n_blocks ? "no article text found (only navigation or page furniture)"
                                  : "the report is empty");
        goto fail;
    }
    *out = ed;
    return TB_OK;
fail:
    tb_edition_free(ed);
    return st;
}

tb_status tb_segment(const tb_text *in, const char *source, tb_edition **out, tb_diag *diag)
{
    tb_document *doc = NULL;
    tb_status st = tb_parse_text(in->text, in->len, in->format, source, &doc, diag);
    if (st != TB_OK)
        return st;
    st = tb_segment_document(doc, source, out, diag);
    tb_document_free(doc);
    return st;
}
