/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * html.c — parser for reports saved as HTML, through libxml2's forgiving
 * HTML parser (htmlReadMemory). Roles come from the elements:
 *
 *   h1                       headline (each further h1 starts another article)
 *   h2–h6                    subheading, or sub-report when it reads "place: title"
 *   p, li, blockquote, div…  paragraphs (a bracketed short one is a credit)
 *   figcaption, p in figure  photo captions; an img's alt text is a caption
 *                            when its figure has no figcaption
 *   br                       a line end inside the paragraph
 * Dropped with everything inside: script, style, nav, footer, aside,
 * noscript, template, form, iframe, svg, and header — unless a header holds
 * the article's h1 (a common way to mark up an article's title). The page
 * <title> stands in as headline when there is no h1; <time datetime> and
 * <meta name="…date…"> give the page date.
 */
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <limits.h>
#include <string.h>

#include "base/buf.h"
#include "parse/parse.h"

enum { MAX_DEPTH = 256 };

typedef enum { CTX_PARA, CTX_HEADLINE, CTX_HEADING, CTX_CAPTION } ctx_role;

typedef struct {
    tb_document *doc;
    tb_buf text;        /* the block being gathered */
    size_t line;        /* its first source line */
    ctx_role role;      /* what the enclosing block element makes of it */
    int in_figure;
    int figure_has_caption;
    int headlines;      /* h1 blocks emitted */
    tb_buf title;       /* <title>, the fallback headline */
    tb_status st;
} html_state;

static int named(const xmlNode *n, const char *name)
{
    return n->name && !strcmp((const char *)n->name, name);
}

static int any_of(const xmlNode *n, const char *const *names)
{
    for (; *names; names++)
        if (named(n, *names))
            return 1;
    return 0;
}

static const char *const dropped[] = {"script", "style", "nav", "footer", "aside", "noscript",
                                      "template", "form", "iframe", "svg", "button", "select",
                                      "menu", "object", "canvas", NULL};
static const char *const blocks[] = {"p", "div", "li", "dt", "dd", "blockquote", "pre", "td",
                                     "th", "caption", "section", "article", "main", "body",
                                     "ul", "ol", "dl", "table", "tr", "figure", "address",
                                     "center", "header", "hr", NULL};

static int has_descendant(const xmlNode *n, const char *name, int depth)
{
    if (depth > MAX_DEPTH)
        return 0;
    for (const xmlNode *c = n->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && (named(c, name) || has_descendant(c, name, depth + 1)))
            return 1;
    return 0;
}

/* Append text with runs of white space collapsed to one space. */
static void add_text(html_state *h, const char *s, long line)
{
    for (; *s && h->st == TB_OK; s++) {
        char c = *s;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
            if (h->text.len && h->text.data[h->text.len - 1] != ' ' &&
                h->text.data[h->text.len - 1] != '\n')
                h->st = tb_buf_addc(&h->text, ' ');
            continue;
        }
        if (h->text.len == 0 && line > 0)
            h->line = (size_t)line;
        h->st = tb_buf_addc(&h->text, c);
    }
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

/* Emit what has been gathered, in the role of the enclosing block. */
static void flush(html_state *h)
{
    if (h->text.len == 0)
        return;
    size_t len = h->text.len;
    const char *s = tb_parse_trim(h->text.data, &len, NULL);
    tb_block_role role = TB_BLOCK_PARAGRAPH;
    switch (h->role) {
    case CTX_HEADLINE: role = TB_BLOCK_HEADLINE; break;
    case CTX_HEADING: role = tb_parse_heading_role(s, len); break;
    case CTX_CAPTION: role = TB_BLOCK_CAPTION; break;
    case CTX_PARA: break;
    }
    add_block(h, role, s, len, h->line);
    tb_buf_reset(&h->text);
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

static void walk_head(html_state *h, const xmlNode *n, int depth)
{
    for (const xmlNode *c = n->children; c && depth < MAX_DEPTH; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (named(c, "title") && h->title.len == 0) {
            xmlChar *t = xmlNodeGetContent(c);
            if (t) {
                h->st = tb_buf_adds(&h->title, (const char *)t);
                xmlFree(t);
            }
        } else if (named(c, "meta")) {
            xmlChar *name = xmlGetProp(c, (const xmlChar *)"name");
            if (!name)
                name = xmlGetProp(c, (const xmlChar *)"property");
            if (name && strstr((const char *)name, "date"))
                take_date(h, c, "content");
            xmlFree(name);
        }
    }
}

static void walk(html_state *h, const xmlNode *n, int depth)
{
    if (depth > MAX_DEPTH)
        return;
    for (const xmlNode *c = n->children; c && h->st == TB_OK; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            if (c->content)
                add_text(h, (const char *)c->content, xmlGetLineNo(c));
            continue;
        }
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (named(c, "head")) {
            walk_head(h, c, depth + 1);
            continue;
        }
        if (named(c, "title") || any_of(c, dropped))
            continue;
        if (named(c, "header") && !has_descendant(c, "h1", 0))
            continue;
        if (named(c, "br")) {
            if (h->text.len)
                h->st = tb_buf_addc(&h->text, '\n');
            continue;
        }
        if (named(c, "time"))
            take_date(h, c, "datetime");
        if (named(c, "img")) {
            if (h->in_figure && h->figure_has_caption)
                continue;
            xmlChar *alt = xmlGetProp(c, (const xmlChar *)"alt");
            if (alt) {
                flush(h);
                add_block(h, TB_BLOCK_CAPTION, (const char *)alt, strlen((const char *)alt),
                          (size_t)xmlGetLineNo(c));
                xmlFree(alt);
            }
            continue;
        }
        int heading = c->name && c->name[0] == 'h' && c->name[1] >= '1' && c->name[1] <= '6' &&
                      !c->name[2];
        if (!heading && !any_of(c, blocks) && !named(c, "figcaption")) {
            walk(h, c, depth + 1); /* inline element */
            continue;
        }
        flush(h);
        ctx_role saved = h->role;
        int saved_fig = h->in_figure, saved_cap = h->figure_has_caption;
        if (heading)
            h->role = c->name[1] == '1' ? CTX_HEADLINE : CTX_HEADING;
        else if (named(c, "figcaption") || (h->in_figure && named(c, "p")))
            h->role = CTX_CAPTION;
        if (named(c, "figure")) {
            h->in_figure = 1;
            h->figure_has_caption = has_descendant(c, "figcaption", 0);
        }
        h->line = (size_t)xmlGetLineNo(c);
        walk(h, c, depth + 1);
        flush(h);
        h->role = saved;
        h->in_figure = saved_fig;
        h->figure_has_caption = saved_cap;
    }
}

tb_status tb_parse_html(const char *text, size_t len, const char *source, tb_document *doc,
                        tb_diag *diag)
{
    if (len > INT_MAX) {
        tb_diag_set(diag, source, 0, 0, "the HTML page is too large to parse");
        return TB_ERR_TOO_BIG;
    }
    htmlDocPtr d = htmlReadMemory(text, (int)len, NULL, "UTF-8",
                                  HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                      HTML_PARSE_NONET);
    if (!d) {
        tb_diag_set(diag, source, 0, 0, "libxml2 could not parse the HTML page");
        return TB_ERR_INPUT;
    }
    html_state h;
    memset(&h, 0, sizeof h);
    h.doc = doc;
    h.role = CTX_PARA;
    tb_buf_init(&h.text, 0);
    tb_buf_init(&h.title, 0);
    h.st = TB_OK;
    xmlNode *root = xmlDocGetRootElement(d);
    if (root) {
        /* the root itself may be head/body-less markup: walk it as a container */
        xmlNode fake;
        memset(&fake, 0, sizeof fake);
        fake.children = root;
        walk(&h, &fake, 0);
        flush(&h);
    }
    /* no h1: the page title is the headline */
    if (h.st == TB_OK && h.headlines == 0 && h.title.len) {
        if (add_block(&h, TB_BLOCK_HEADLINE, h.title.data, h.title.len, 0)) {
            size_t last = doc->n_blocks - 1;
            tb_block hb = doc->blocks[last];
            memmove(doc->blocks + 1, doc->blocks, last * sizeof *doc->blocks);
            doc->blocks[0] = hb;
        }
    }
    tb_status st = h.st;
    tb_buf_free(&h.text);
    tb_buf_free(&h.title);
    xmlFreeDoc(d);
    return st;
}
