/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * html.c — parser for reports saved as HTML, through libxml2's forgiving
 * HTML parser (htmlReadMemory: recover mode, no network, no entity
 * expansion beyond the HTML ones, any depth). Two passes over the tree:
 * html_region.c finds the article (the element densest in prose, and the
 * headline before it), then the walk below emits blocks. Roles:
 *
 *   the article's headline   headline (each further h1 in it starts another article)
 *   h2–h6                    subheading, or sub-report when it reads "place: title";
 *                            between the headline and the body: the subtitle
 *   p, li, blockquote, div…  paragraphs (a bracketed short one is a credit)
 *   figcaption, p in figure,
 *   class caption, pic-text…,
 *   centred short text under an image    photo captions (alt text is never read)
 *   data tables              one paragraph per row, "列名：值，…" (html_table.c)
 *   br                       a line end inside the paragraph
 *   outside the article, link lists, "来源：… 作者：…" lines    chrome
 * Never read, with what they hold: script, style, nav, footer, aside,
 * noscript, template, iframe, form controls, and header unless it holds the
 * h1. select, svg and math lose their own text but not the blocks that an
 * unclosed one swallowed. A DOCTYPE internal subset is blanked out before
 * parsing, and undefined entities (&xxe;) are not text.
 */
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parse/html_int.h"

typedef enum { CTX_PARA, CTX_HEADLINE, CTX_HEADING, CTX_CAPTION } ctx_role;

typedef struct {
    ctx_role role; /* what the enclosing block element makes of its text */
    size_t blk;    /* index + 1 of the innermost block element */
    int is_block, in_figure, figure_caption, opaque, link, bold, centred, caption_class;
} frame;

typedef struct {
    tb_document *doc;
    tb_buf text;                          /* the block being gathered */
    size_t line;                          /* its first source line */
    size_t chars, link_chars, bold_chars; /* of the gathered text */
    frame *fr;
    size_t n_fr, cap_fr;
    int after_image; /* an image, and no text since */
    int headlines;   /* headline blocks emitted */
    tb_html_region reg;
    tb_buf title, og_title, site; /* <title>, og:title, og:site_name */
    tb_status st;
} html_state;

static const frame *top(const html_state *h)
{
    return &h->fr[h->n_fr - 1];
}

/* Add a block unless it is empty; returns 1 if one was added. */
static int add_block(html_state *h, tb_block_role role, const char *s, size_t len, size_t line)
{
    s = tb_parse_trim(s, &len, NULL);
    while (len && s[len - 1] == '\n') /* a <br> at the end says nothing */
        len--;
    if (!len || h->st != TB_OK)
        return 0;
    if (role == TB_BLOCK_PARAGRAPH && tb_parse_is_credit(s, len))
        role = TB_BLOCK_CREDIT;
    if (role == TB_BLOCK_HEADLINE)
        h->headlines++;
    h->st = tb_document_add(h->doc, role, s, len, line, 0);
    return h->st == TB_OK;
}

static tb_block_role base_role(const frame *f, const char *s, size_t len)
{
    switch (f->role) {
    case CTX_HEADLINE: return TB_BLOCK_HEADLINE;
    case CTX_HEADING: return tb_parse_heading_role(s, len);
    case CTX_CAPTION: return TB_BLOCK_CAPTION;
    case CTX_PARA: break;
    }
    return f->caption_class ? TB_BLOCK_CAPTION : TB_BLOCK_PARAGRAPH;
}

/* Ends like a file name (森林草原防火检查表.docx): a dot and 2–4 letters. */
static int file_name_end(const char *s, size_t len)
{
    size_t k = 0;
    while (k < len && k <= 4 && (s[len - 1 - k] | 0x20) >= 'a' && (s[len - 1 - k] | 0x20) <= 'z')
        k++;
    return k >= 2 && k <= 4 && k < len && s[len - 1 - k] == '.';
}

/* The role of gathered text s[0..len) in block frame f (see the top). */
static tb_block_role role_of(html_state *h, const frame *f, const char *s, size_t len)
{
    const tb_html_region *r = &h->reg;
    size_t idx = f->blk;
    if (r->headline && idx && idx == tb_html_index(r->headline))
        return TB_BLOCK_HEADLINE;
    tb_block_role role = base_role(f, s, len);
    if (r->end && (idx < r->start || idx > r->end)) { /* outside the article */
        if (idx < r->start && !tb_html_meta_line(s, len, 0, h->doc, &h->st) && !h->doc->date[0] &&
            tb_parse_nchars(s, len) <= 60)
            tb_document_find_date(s, len, h->doc->date); /* an e-paper's date bar */
        return TB_BLOCK_CHROME;
    }
    if (role == TB_BLOCK_HEADLINE)
        return role;
    if (h->link_chars * 2 > h->chars && !file_name_end(s, len))
        return TB_BLOCK_CHROME; /* a link list, a "read more"; not an attachment */
    if (role == TB_BLOCK_PARAGRAPH && h->bold_chars == h->chars && tb_parse_nchars(s, len) <= 40 &&
        !tb_parse_ends_sentence(s, len) && !tb_parse_ends_open(s, len) &&
        !tb_parse_is_credit(s, len))
        role = tb_parse_heading_role(s, len); /* a line wholly in bold: a heading */
    if (role == TB_BLOCK_PARAGRAPH &&
        tb_html_meta_line(s, len, !r->root || idx >= r->root, h->doc, &h->st))
        return TB_BLOCK_CHROME;
    int prose = tb_html_prose(s, len);
    if (r->root && idx < r->root) { /* between the headline and the body */
        if (role == TB_BLOCK_SUBHEADING || role == TB_BLOCK_SUBREPORT)
            return TB_BLOCK_SUBTITLE;
        if (role == TB_BLOCK_PARAGRAPH && !prose && !tb_parse_is_credit(s, len)) {
            if (!h->doc->date[0] && tb_parse_nchars(s, len) <= 60)
                tb_document_find_date(s, len, h->doc->date);
            return TB_BLOCK_CHROME;
        }
    }
    if (role == TB_BLOCK_PARAGRAPH && f->centred && h->after_image && tb_parse_nchars(s, len) <= 80)
        return TB_BLOCK_CAPTION;
    return role;
}

/* Emit what has been gathered, in the role of block frame f. */
static void flush(html_state *h, const frame *f)
{
    if (h->text.len && h->st == TB_OK) {
        size_t len = h->text.len;
        const char *s = tb_parse_trim(h->text.data, &len, NULL);
        if (len) {
            tb_block_role role = role_of(h, f, s, len);
            add_block(h, role, s, len, h->line);
            h->after_image = 0;
        }
    }
    tb_buf_reset(&h->text);
    h->chars = h->link_chars = h->bold_chars = 0;
}

static void take_date(html_state *h, const xmlNode *n, const char *attr)
{
    if (h->doc->date[0])
        return;
    xmlChar *v = xmlGetProp(n, (const xmlChar *)attr);
    if (v) {
        tb_document_find_date((const char *)v, strlen((const char *)v), h->doc->date);
        xmlFree(v);
    }
}

static int push(html_state *h, const frame *f)
{
    void *p = h->fr;
    if (tb_grow(&p, &h->cap_fr, h->n_fr, sizeof *h->fr, 64) != TB_OK) {
        h->st = TB_ERR_NOMEM;
        return 0;
    }
    h->fr = p;
    h->fr[h->n_fr++] = *f;
    return 1;
}

/* A block element: flush the text before it, and the frame it opens. */
static void open_block(html_state *h, const xmlNode *n, frame *f)
{
    flush(h, top(h));
    f->is_block = 1;
    f->opaque = 0; /* a block inside an unclosed select or svg is page text */
    f->blk = tb_html_index(n);
    f->centred = f->centred || tb_html_centred(n);
    f->caption_class = tb_html_caption_class(n);
    int hd = tb_html_heading(n);
    if (hd)
        f->role = hd == 1 ? CTX_HEADLINE : CTX_HEADING;
    else if (tb_html_named(n, "figcaption") || (f->in_figure && tb_html_named(n, "p")))
        f->role = CTX_CAPTION;
    if (tb_html_named(n, "figure")) {
        f->in_figure = 1;
        f->figure_caption = 1;
    }
    h->line = (size_t)xmlGetLineNo(n);
}

static int enter(void *ctx, const xmlNode *n)
{
    html_state *h = ctx;
    if (h->st != TB_OK)
        return 0;
    if (tb_html_is_dropped(n) || tb_html_skip_header(n) || !tb_html_index(n))
        return 0;
    if (tb_html_named(n, "br")) {
        if (h->text.len)
            h->st = tb_buf_addc(&h->text, '\n');
        return 0;
    }
    if (tb_html_named(n, "img")) {
        h->after_image = 1;
        return 0;
    }
    if (tb_html_named(n, "time"))
        take_date(h, n, "datetime");
    if (tb_html_named(n, "table") && tb_html_data_table(n)) {
        flush(h, top(h));
        size_t idx = tb_html_index(n);
        if (!h->reg.end || (idx >= h->reg.start && idx <= h->reg.end))
            h->st = tb_html_read_table(n, h->doc);
        return 0;
    }
    frame f = *top(h);
    f.is_block = 0;
    if (tb_html_is_block(n))
        open_block(h, n, &f);
    if (tb_html_is_opaque(n))
        f.opaque = 1;
    if (tb_html_named(n, "a"))
        f.link = 1;
    if (tb_html_named(n, "strong") || tb_html_named(n, "b"))
        f.bold = 1;
    return push(h, &f);
}

static void leave(void *ctx, const xmlNode *n)
{
    html_state *h = ctx;
    (void)n;
    if (h->n_fr <= 1)
        return;
    frame f = h->fr[--h->n_fr];
    if (f.is_block)
        flush(h, &f);
}

static void text(void *ctx, const xmlNode *tx)
{
    html_state *h = ctx;
    const frame *f = top(h);
    if (f->opaque || h->st != TB_OK)
        return;
    if (h->text.len == 0 && xmlGetLineNo(tx) > 0)
        h->line = (size_t)xmlGetLineNo(tx);
    size_t chars = 0;
    h->st = tb_html_add_text(&h->text, (const char *)tx->content, &chars, NULL);
    h->chars += chars;
    if (f->link)
        h->link_chars += chars;
    if (f->bold)
        h->bold_chars += chars;
}

/* Blank out a DOCTYPE's internal subset ([ <!ENTITY …> … ]): never text,
 * never expanded. Returns a copy to parse (owned by the caller) or NULL
 * when there is none; *oom set on allocation failure. */
static char *strip_subset(const char *text, size_t len, int *oom)
{
    const char *p = text, *end = text + (len < 4096 ? len : 4096);
    *oom = 0;
    while (p < end && (*p == ' ' || *p == '\n' || *p == '\t'))
        p++;
    /* cppcheck-suppress knownConditionTrueFalse ; false when 9 bytes remain */
    if (end - p < 9 || strncasecmp(p, "<!doctype", 9))
        return NULL;
    size_t i = (size_t)(p - text);
    while (i < len && text[i] != '>' && text[i] != '[')
        i++;
    if (i >= len || text[i] != '[')
        return NULL;
    char *copy = malloc(len + 1);
    if (!copy) {
        *oom = 1;
        return NULL;
    }
    memcpy(copy, text, len + 1);
    char quote = 0;
    for (; i < len; i++) {
        char c = copy[i];
        if (!quote && c == ']') {
            copy[i] = ' ';
            break;
        }
        if (!quote && (c == '"' || c == '\''))
            quote = c;
        else if (c == quote)
            quote = 0;
        if (c != '\n')
            copy[i] = ' ';
    }
    return copy;
}

/* No headline in the page: the page title (og:title, else <title> without
 * its site name) is the headline, put first. */
static void title_headline(html_state *h)
{
    const tb_buf *t = h->og_title.len ? &h->og_title : &h->title;
    if (h->headlines || !t->len)
        return;
    size_t len = t->len;
    const char *s = t == &h->title ? tb_html_title_part(t->data, &len) : t->data;
    if (add_block(h, TB_BLOCK_HEADLINE, s, len, 0)) {
        tb_document *doc = h->doc;
        size_t last = doc->n_blocks - 1;
        tb_block hb = doc->blocks[last];
        memmove(doc->blocks + 1, doc->blocks, last * sizeof *doc->blocks);
        doc->blocks[0] = hb;
    }
}

static tb_status read_page(html_state *h, xmlDoc *d)
{
    const xmlNode *root = xmlDocGetRootElement(d);
    for (const xmlNode *c = root ? root->children : NULL; c && h->st == TB_OK; c = c->next)
        if (c->type == XML_ELEMENT_NODE && tb_html_named(c, "head"))
            h->st = tb_html_read_head(c, h->doc, &h->title, &h->og_title, &h->site);
    const tb_buf *t = h->og_title.len ? &h->og_title : &h->title;
    if (h->st == TB_OK)
        h->st = tb_html_mark_headers((const xmlNode *)d);
    if (h->st == TB_OK)
        h->st = tb_html_find_region((const xmlNode *)d, t->data ? t->data : "", &h->reg);
    if (h->st == TB_OK && h->og_title.len)
        h->st = tb_document_set_meta(h->doc, &h->doc->title, h->og_title.data, h->og_title.len);
    frame base = {CTX_PARA, 0, 1, 0, 0, 0, 0, 0, 0, 0};
    if (h->st == TB_OK && push(h, &base)) {
        static const tb_html_visitor v = {enter, leave, text};
        tb_html_visit((const xmlNode *)d, &v, h);
        flush(h, top(h));
    }
    if (h->st == TB_OK)
        title_headline(h);
    if (h->st == TB_OK && h->site.len) /* a 来源： line says it better */
        h->st = tb_document_set_meta(h->doc, &h->doc->publisher, h->site.data, h->site.len);
    return h->st;
}

tb_status tb_parse_html(const char *text, size_t len, const char *source, tb_document *doc,
                        tb_diag *diag)
{
    if (len > INT_MAX) {
        tb_diag_set(diag, source, 0, 0, "the HTML page is too large to parse");
        return TB_ERR_TOO_BIG;
    }
    int oom;
    char *copy = strip_subset(text, len, &oom);
    if (oom)
        return TB_ERR_NOMEM;
    /* the text is UTF-8 already: a <meta charset> in it must not switch the
     * decoder; XML_PARSE_HUGE lifts the 256-element depth limit */
    htmlDocPtr d = htmlReadMemory(copy ? copy : text, (int)len, NULL, "UTF-8",
                                  HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                      HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC | XML_PARSE_HUGE);
    free(copy);
    if (!d) {
        tb_diag_set(diag, source, 0, 0, "libxml2 could not parse the HTML page");
        return TB_ERR_INPUT;
    }
    html_state h;
    memset(&h, 0, sizeof h);
    h.doc = doc;
    tb_buf_init(&h.text, 0);
    tb_buf_init(&h.title, 0);
    tb_buf_init(&h.og_title, 0);
    tb_buf_init(&h.site, 0);
    tb_status st = read_page(&h, d);
    tb_buf_free(&h.text);
    tb_buf_free(&h.title);
    tb_buf_free(&h.og_title);
    tb_buf_free(&h.site);
    free(h.fr);
    xmlFreeDoc(d);
    return st;
}
