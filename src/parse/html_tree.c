/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * html_tree.c — the HTML tree without recursion: element classes, the
 * iterative walk, text of a subtree, and the article found by text and link
 * density (see html_int.h and docs/segmentation.md, "HTML").
 */
#define _GNU_SOURCE /* memmem, strcasestr */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/utf8.h"
#include "parse/html_int.h"

int tb_html_named(const xmlNode *n, const char *name)
{
    return n->name && !strcmp((const char *)n->name, name);
}

static int any_of(const xmlNode *n, const char *const *names)
{
    for (; *names; names++)
        if (tb_html_named(n, *names))
            return 1;
    return 0;
}

int tb_html_heading(const xmlNode *n)
{
    const char *s = (const char *)n->name;
    return s && s[0] == 'h' && s[1] >= '1' && s[1] <= '6' && !s[2] ? s[1] - '0' : 0;
}

static const char *const dropped[] = {
    "script", "style",  "nav",      "footer",   "aside",  "noscript", "template", "iframe",
    "button", "option", "optgroup", "menu",     "object", "canvas",   "textarea", "input",
    "title",  "head",   "label",    "datalist", "audio",  "video",    NULL};
static const char *const blocks[] = {
    "p",    "div",        "li",       "dt",      "dd",      "blockquote", "pre",    "td",
    "th",   "caption",    "section",  "article", "main",    "body",       "ul",     "ol",
    "dl",   "table",      "tr",       "figure",  "address", "center",     "header", "hr",
    "form", "figcaption", "fieldset", "tbody",   "thead",   "tfoot",      NULL};

int tb_html_is_dropped(const xmlNode *n)
{
    return any_of(n, dropped);
}

int tb_html_is_block(const xmlNode *n)
{
    return tb_html_heading(n) || any_of(n, blocks);
}

int tb_html_is_opaque(const xmlNode *n)
{
    return tb_html_named(n, "select") || tb_html_named(n, "svg") || tb_html_named(n, "math");
}

int tb_html_attr_has(const xmlNode *n, const char *attr, const char *needle)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)attr);
    if (!v)
        return 0;
    int found = 0;
    size_t k = strlen(needle);
    for (const char *p = (const char *)v; *p && !found; p++)
        found = !strncasecmp(p, needle, k);
    xmlFree(v);
    return found;
}

int tb_html_caption_class(const xmlNode *n)
{
    static const char *const marks[] = {"caption", "pic-text", "pictext",  "pic_text", "img-text",
                                        "imgtext", "img_text", "pic-desc", "img-desc", NULL};
    for (const char *const *m = marks; *m; m++)
        if (tb_html_attr_has(n, "class", *m))
            return 1;
    return 0;
}

int tb_html_centred(const xmlNode *n)
{
    if (tb_html_named(n, "center") || tb_html_attr_has(n, "align", "center"))
        return 1;
    xmlChar *v = xmlGetProp(n, (const xmlChar *)"style");
    if (!v)
        return 0;
    const char *s = strcasestr((const char *)v, "text-align");
    int c = 0;
    if (s) {
        s += strlen("text-align");
        while (*s == ' ' || *s == ':')
            s++;
        c = !strncasecmp(s, "center", 6);
    }
    xmlFree(v);
    return c;
}

size_t tb_html_index(const xmlNode *n)
{
    return n->_private == (void *)UINTPTR_MAX ? 0 : (size_t)(uintptr_t)n->_private;
}

void tb_html_visit(const xmlNode *top, const tb_html_visitor *v, void *ctx)
{
    const xmlNode *n = top->children;
    while (n) {
        int down = 0;
        if (n->type == XML_ELEMENT_NODE)
            down = v->enter(ctx, n);
        else if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content)
            v->text(ctx, n);
        if (down && n->children) {
            n = n->children;
            continue;
        }
        if (down)
            v->leave(ctx, n);
        while (!n->next) {
            n = n->parent;
            if (!n || n == top)
                return;
            v->leave(ctx, n);
        }
        n = n->next;
    }
}

/* _private of a header that holds no h1 (set by tb_html_mark_headers). */
#define SKIP_MARK ((void *)UINTPTR_MAX)

int tb_html_skip_header(const xmlNode *n)
{
    return n->_private == SKIP_MARK;
}

typedef struct {
    unsigned char *has_h1; /* per open element: an h1 was seen inside */
    size_t n, cap;
    int oom;
} mark_ctx;

static int mark_enter(void *ctx, const xmlNode *el)
{
    mark_ctx *m = ctx;
    void *p = m->has_h1;
    if (m->oom || tb_grow(&p, &m->cap, m->n, 1, 64) != TB_OK) {
        m->oom = 1;
        return 0;
    }
    m->has_h1 = p;
    m->has_h1[m->n++] = 0;
    (void)el;
    return 1;
}

static void mark_leave(void *ctx, const xmlNode *el)
{
    mark_ctx *m = ctx;
    if (!m->n)
        return;
    int h1 = m->has_h1[--m->n] || tb_html_named(el, "h1");
    if (m->n && h1)
        m->has_h1[m->n - 1] = 1;
    if (tb_html_named(el, "header") && !h1)
        ((xmlNode *)(uintptr_t)el)->_private = SKIP_MARK;
}

static void mark_text(void *ctx, const xmlNode *tx)
{
    (void)ctx;
    (void)tx;
}

tb_status tb_html_mark_headers(const xmlNode *top)
{
    mark_ctx m = {NULL, 0, 0, 0};
    static const tb_html_visitor v = {mark_enter, mark_leave, mark_text};
    tb_html_visit(top, &v, &m);
    free(m.has_h1);
    return m.oom ? TB_ERR_NOMEM : TB_OK;
}

static int entity_ref(const char *s)
{
    size_t i = 1;
    if (s[0] != '&' || !((s[1] | 0x20) >= 'a' && (s[1] | 0x20) <= 'z'))
        return 0;
    while (i < 40 &&
           (((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z') || (s[i] >= '0' && s[i] <= '9')))
        i++;
    return s[i] == ';' ? (int)i + 1 : 0;
}

static int sentence_mark(unsigned cp)
{
    return cp == 0xFF0C || cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == 0xFF1B;
}

tb_status tb_html_add_text(tb_buf *b, const char *s, size_t *chars, size_t *marks)
{
    tb_status st = TB_OK;
    size_t n = strlen(s);
    for (size_t i = 0; i < n && st == TB_OK;) {
        unsigned cp;
        size_t k = tb_utf8_decode(s + i, n - i, &cp);
        if (!k)
            k = 1, cp = (unsigned char)s[i];
        int e = cp == '&' ? entity_ref(s + i) : 0;
        if (e) { /* the parser knew every entity it could expand: this one is undefined */
            i += (size_t)e;
            continue;
        }
        if (cp == '\n' || cp == '\r' || cp == '\f' || tb_parse_is_space(cp)) {
            if (b->len && b->data[b->len - 1] != ' ' && b->data[b->len - 1] != '\n')
                st = tb_buf_addc(b, ' ');
        } else {
            st = tb_buf_add(b, s + i, k);
            if (chars && !tb_parse_is_space(cp))
                ++*chars;
            if (marks && sentence_mark(cp))
                ++*marks;
        }
        i += k;
    }
    return st;
}

typedef struct {
    tb_buf *b;
    size_t limit; /* stop gathering past so many bytes; 0: no limit */
    tb_status st;
} text_ctx;

static int text_enter(void *ctx, const xmlNode *el)
{
    text_ctx *t = ctx;
    if (tb_html_is_dropped(el) || tb_html_is_opaque(el) || (t->limit && t->b->len > t->limit))
        return 0;
    if (tb_html_named(el, "br") && t->b->len && t->st == TB_OK)
        t->st = tb_buf_addc(t->b, ' ');
    return 1;
}

static void text_leave(void *ctx, const xmlNode *el)
{
    (void)ctx;
    (void)el;
}

static void text_text(void *ctx, const xmlNode *tx)
{
    text_ctx *t = ctx;
    if (t->st == TB_OK && !(t->limit && t->b->len > t->limit))
        t->st = tb_html_add_text(t->b, (const char *)tx->content, NULL, NULL);
}

tb_status tb_html_text_upto(const xmlNode *n, tb_buf *b, size_t limit)
{
    text_ctx t = {b, limit, TB_OK};
    static const tb_html_visitor v = {text_enter, text_leave, text_text};
    tb_html_visit(n, &v, &t);
    return t.st;
}

tb_status tb_html_text(const xmlNode *n, tb_buf *b)
{
    return tb_html_text_upto(n, b, 0);
}

int tb_html_prose(const char *s, size_t len)
{
    size_t chars = tb_parse_nchars(s, len);
    if (tb_parse_ends_sentence(s, len) || chars >= 50)
        return 1;
    return chars >= 15 && (memmem(s, len, "\xEF\xBC\x8C", 3) || memmem(s, len, "\xE3\x80\x82", 3));
}
