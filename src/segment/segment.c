/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * segment.c — second stage of the pipeline: clean text → document (by the
 * parser of its format) → edition (sections of sentences). The parsers have
 * already given every block its role; here the roles become sections, and
 * the text of each block becomes sentences of a bounded length.
 */
#include "segment/segment.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/parse.h"
#include "base/utf8.h"

#define TITLE_CAPTIONS "图片说明"
#define TITLE_INTRO "导语"

/* ---------- sentences ---------- */

/* Marks that end a sentence wherever they stand. */
static int is_stop(unsigned cp)
{
    return cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == 0xFF1B || cp == 0x2026 ||
           cp == '!' || cp == '?' || cp == ';' || cp == 0xFF0E;
}

/* Marks where an over-long sentence may be cut: commas, colons, dashes, spaces. */
static int is_soft_break(unsigned cp)
{
    return cp == 0xFF0C || cp == 0x3001 || cp == 0xFF1A || cp == ',' || cp == ':' ||
           cp == 0x2014 || cp == 0xFF1B || tb_parse_is_space(cp);
}

static int is_ascii_alnum(unsigned cp)
{
    return (cp >= '0' && cp <= '9') || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z');
}

/* Something to say: a letter, a digit or a Han character, not only punctuation. */
static int speakable(const char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        unsigned cp;
        size_t k = tb_utf8_decode(s + i, len - i, &cp);
        if (!k)
            return 0;
        i += k;
        if (cp < 0x80) {
            if (is_ascii_alnum(cp))
                return 1;
            continue;
        }
        if (cp < 0xC0 || (cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F) ||
            (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF0F) ||
            (cp >= 0xFF1A && cp <= 0xFF20) || (cp >= 0xFF3B && cp <= 0xFF40) ||
            (cp >= 0xFF5B && cp <= 0xFF65))
            continue;
        return 1;
    }
    return 0;
}

static tb_status emit(const char *s, size_t len, tb_sentence_fn fn, void *ctx)
{
    s = tb_parse_trim(s, &len, NULL);
    if (len == 0 || !speakable(s, len))
        return TB_OK;
    return fn(s, len, ctx);
}

/* Emit s[0..len) in pieces of at most max characters: cut after the last
 * comma (or colon, dash, space) in the window when there is one past its
 * first third, else before a run of Latin letters or digits that would be
 * cut, else exactly at the limit. Each window is scanned once: linear. */
static tb_status emit_capped(const char *s, size_t len, size_t max, tb_sentence_fn fn, void *ctx)
{
    while (len > 0) {
        s = tb_parse_trim(s, &len, NULL);
        size_t i = 0, chars = 0, soft = 0, run_start = SIZE_MAX, run_chars = 0;
        unsigned prev = 0;
        while (i < len && chars < max) {
            unsigned cp;
            size_t k = tb_utf8_decode(s + i, len - i, &cp);
            if (!k)
                k = 1; /* cannot happen on clean input; never loop forever */
            int digit_comma = cp == ',' && prev >= '0' && prev <= '9' && i + k < len &&
                              s[i + k] >= '0' && s[i + k] <= '9';
            if (is_soft_break(cp) && !digit_comma && chars + 1 >= max / 3)
                soft = i + k;
            if (is_ascii_alnum(cp) || (cp == '.' && prev >= '0' && prev <= '9')) {
                if (run_start == SIZE_MAX) {
                    run_start = i;
                    run_chars = chars;
                }
            } else {
                run_start = SIZE_MAX;
            }
            prev = cp;
            i += k;
            chars++;
        }
        if (i >= len)
            return emit(s, len, fn, ctx);
        size_t cut = i;
        if (soft)
            cut = soft;
        else if (run_start != SIZE_MAX && run_chars >= max / 3 &&
                 is_ascii_alnum((unsigned char)s[i]))
            cut = run_start; /* do not cut 2021 into 20 and 21 */
        /* keep closing quotes and brackets with the piece they close */
        while (cut < len) {
            unsigned cp;
            size_t k = tb_utf8_decode(s + cut, len - cut, &cp);
            if (!k || !tb_parse_is_closer(cp) || cp == '"' || cp == '\'')
                break; /* (an ASCII quote after a comma more likely opens) */
            cut += k;
        }
        tb_status st = emit(s, cut, fn, ctx);
        if (st != TB_OK)
            return st;
        s += cut;
        len -= cut;
    }
    return TB_OK;
}

tb_status tb_segment_split(const char *text, size_t len, size_t max_chars, tb_sentence_fn fn,
                           void *ctx)
{
    size_t max = max_chars ? max_chars : TB_SENTENCE_MAX_CHARS;
    size_t start = 0, i = 0;
    unsigned prev = 0;
    int dq_open = 0; /* inside an ASCII "…" quotation: its '"' after a stop closes it */
    while (i < len) {
        unsigned cp;
        size_t k = tb_utf8_decode(text + i, len - i, &cp);
        if (!k)
            k = 1, cp = 0xFFFD;
        if (cp == '"')
            dq_open = !dq_open;
        size_t end = 0; /* where the sentence ends, if it ends here */
        size_t next = i + k;
        if (cp == '\n') {
            end = i;
        } else if (is_stop(cp) ||
                   (cp == '.' && !(prev >= '0' && prev <= '9') &&
                    (next >= len || text[next] == ' ' || text[next] == '\n'))) {
            /* take the whole run of stops and the quotes or brackets they close */
            while (next < len) {
                unsigned c2;
                size_t k2 = tb_utf8_decode(text + next, len - next, &c2);
                if (!k2)
                    break;
                if (c2 == '"' || c2 == '\'') {
                    /* ASCII quotes open as well as close: only a '"' that closes an
                     * open quotation stays; an apostrophe never does */
                    if (c2 == '\'' || !dq_open)
                        break;
                    dq_open = 0;
                } else if (!(is_stop(c2) || tb_parse_is_closer(c2))) {
                    break;
                }
                next += k2;
            }
            end = next;
        }
        if (end || cp == '\n') {
            tb_status st = emit_capped(text + start, end - start, max, fn, ctx);
            if (st != TB_OK)
                return st;
            start = cp == '\n' ? i + 1 : next;
        }
        prev = cp;
        i = next;
    }
    return emit_capped(text + start, len - start, max, fn, ctx);
}

/* ---------- sections ---------- */

typedef struct {
    tb_edition *ed;
    size_t sec;  /* index of the section receiving sentences */
    size_t line;
} sink;

static tb_status add_sentence(const char *s, size_t len, void *ctx)
{
    sink *k = ctx;
    return tb_edition_add_sentence(k->ed, &k->ed->sections[k->sec], s, len, k->line)
               ? TB_OK
               : TB_ERR_NOMEM;
}

static tb_status add_text(tb_edition *ed, size_t sec, const char *s, size_t len, size_t line)
{
    sink k = {ed, sec, line};
    return tb_segment_split(s, len, 0, add_sentence, &k);
}

/* Append a section titled title[0..tlen); its index in *idx. */
static tb_status new_section(tb_edition *ed, tb_section_kind kind, const char *title, size_t tlen,
                             size_t *idx)
{
    char *t = tb_edition_strndup(ed, title, tlen);
    if (!t || !tb_edition_add_section(ed, kind, t))
        return TB_ERR_NOMEM;
    *idx = ed->n_sections - 1;
    return TB_OK;
}

/* A title is one line: line breaks inside a block become spaces. */
static void flatten(char *s)
{
    for (; *s; s++)
        if (*s == '\n')
            *s = ' ';
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
                      : *len >= 1 && s[*len - 1] == ')'                      ? 1
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

static tb_status build(const tb_document *doc, tb_edition *ed)
{
    const size_t none = SIZE_MAX;
    size_t cur = none;
    tb_status st = TB_OK;
    for (size_t i = 0; i < doc->n_blocks && st == TB_OK; i++) {
        const tb_block *b = &doc->blocks[i];
        tb_section_kind kind = cur == none ? TB_KIND_INTRO : ed->sections[cur].kind;
        switch (b->role) {
        case TB_BLOCK_CHROME:
            break;
        case TB_BLOCK_HEADLINE:
            st = new_section(ed, TB_KIND_HEADLINE, b->text, b->len, &cur);
            if (st == TB_OK) {
                flatten(ed->sections[cur].title);
                st = add_text(ed, cur, b->text, b->len, b->line);
            }
            if (st == TB_OK && !ed->headline[0] && has_sentences(ed, cur))
                ed->headline = ed->sections[cur].title;
            break;
        case TB_BLOCK_SUBTITLE:
        case TB_BLOCK_PARAGRAPH:
            /* a subtitle is read with its headline; without one it is body text */
            if (b->role == TB_BLOCK_SUBTITLE && cur != none && kind == TB_KIND_HEADLINE) {
                st = add_text(ed, cur, b->text, b->len, b->line);
                break;
            }
            if (cur == none || kind == TB_KIND_HEADLINE || kind == TB_KIND_CAPTION ||
                kind == TB_KIND_CREDIT)
                st = new_section(ed, TB_KIND_INTRO, TITLE_INTRO, strlen(TITLE_INTRO), &cur);
            if (st == TB_OK)
                st = add_text(ed, cur, b->text, b->len, b->line);
            break;
        case TB_BLOCK_CAPTION:
            /* captions before the body form one section; later ones are read in place */
            if (cur == none || kind == TB_KIND_HEADLINE || kind == TB_KIND_CREDIT)
                st = new_section(ed, TB_KIND_CAPTION, TITLE_CAPTIONS, strlen(TITLE_CAPTIONS),
                                 &cur);
            if (st == TB_OK)
                st = add_text(ed, cur, b->text, b->len, b->line);
            break;
        case TB_BLOCK_SUBHEADING:
        case TB_BLOCK_SUBREPORT:
            st = new_section(ed, b->role == TB_BLOCK_SUBREPORT ? TB_KIND_SUBREPORT
                                                               : TB_KIND_SUBHEADING,
                             b->text, b->len, &cur);
            if (st == TB_OK) {
                flatten(ed->sections[cur].title);
                st = add_text(ed, cur, b->text, b->len, b->line);
            }
            break;
        case TB_BLOCK_CREDIT: {
            size_t len = b->len;
            const char *t = unbracket(b->text, &len);
            st = new_section(ed, TB_KIND_CREDIT, t, len, &cur);
            if (st == TB_OK) {
                flatten(ed->sections[cur].title);
                st = add_text(ed, cur, t, len, b->line);
            }
            break;
        }
        }
    }
    if (st == TB_OK)
        drop_empty(ed);
    return st;
}

/* ---------- entry points ---------- */

tb_status tb_segment_parse(const tb_text *in, const char *source, tb_document **out,
                           tb_diag *diag)
{
    tb_document *doc = tb_document_new();
    if (!doc)
        return TB_ERR_NOMEM;
    tb_status st;
    switch (in->format) {
    case TB_FMT_MARKDOWN:
        st = tb_parse_markdown(in->text, in->len, source, doc, diag);
        break;
    case TB_FMT_HTML:
        st = tb_parse_html(in->text, in->len, source, doc, diag);
        break;
    case TB_FMT_AUTO:
    case TB_FMT_EPAPER:
    default:
        st = tb_parse_epaper(in->text, in->len, source, doc, diag);
        break;
    }
    if (st != TB_OK) {
        tb_document_free(doc);
        return st;
    }
    *out = doc;
    return TB_OK;
}

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
    if ((doc->title && !(ed->title = tb_edition_strdup(ed, doc->title))) ||
        (doc->publisher && !(ed->publisher = tb_edition_strdup(ed, doc->publisher))) ||
        (doc->author && !(ed->author = tb_edition_strdup(ed, doc->author))))
        goto fail;
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
    tb_status st = tb_segment_parse(in, source, &doc, diag);
    if (st != TB_OK)
        return st;
    st = tb_segment_document(doc, source, out, diag);
    tb_document_free(doc);
    return st;
}
