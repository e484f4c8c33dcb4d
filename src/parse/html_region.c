/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * html_region.c — pass one over an HTML tree: number the elements and find
 * the article by text and link density. Every block (the nearest block
 * element of each piece of text) is worth its prose characters, less its
 * link characters; a block that is not prose (a short line without
 * ，。！？；) costs a quarter of its characters (none when it ends with a
 * colon) and all its links. An element's score
 * is the sum over the blocks it holds; the content root is the element with
 * the highest score (the outermost of equals), or the child that holds 75 %
 * of it. The headline is the heading the page title repeats (best: all of
 * it, or its part before the site's name), else the nearest h1.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "parse/html_int.h"

enum { MAX_CANDIDATES = 256, CONCENTRATED = 75 };

typedef struct {
    size_t last;  /* index of the last element of its subtree */
    long score;   /* the blocks it holds */
    long t, l, p; /* own text: characters out of links, in links, sentence marks */
    int stop;     /* its text so far ends a sentence (。！？；…), 2: opens with a colon */
} elem;

typedef struct {
    size_t idx, blk; /* the element, and the block its text belongs to */
    int in_link, opaque;
} frame;

typedef struct {
    elem *el;
    size_t n_el, cap_el;
    frame *fr;
    size_t n_fr, cap_fr;
    const xmlNode *cand[MAX_CANDIDATES];
    size_t n_cand;
    size_t best; /* index + 1 of the best-scoring element */
    const xmlNode *best_node;
    long best_score;
    tb_status st;
} pass;

static int grow(void **p, size_t *cap, size_t n, size_t size)
{
    return tb_grow(p, cap, n, size, 64) == TB_OK;
}

static long table_value(const xmlNode *t)
{
    tb_buf b;
    tb_buf_init(&b, 0);
    long v = tb_html_text(t, &b) == TB_OK ? (long)tb_parse_nchars(b.data ? b.data : "", b.len) : 0;
    tb_buf_free(&b);
    return v / 2;
}

static int enter(void *ctx, const xmlNode *n)
{
    pass *p = ctx;
    if (p->st != TB_OK || tb_html_is_dropped(n) || tb_html_skip_header(n))
        return 0;
    void *el = p->el, *fr = p->fr;
    if (!grow(&el, &p->cap_el, p->n_el, sizeof *p->el) ||
        !grow(&fr, &p->cap_fr, p->n_fr, sizeof *p->fr)) {
        p->el = el;
        p->fr = fr;
        p->st = TB_ERR_NOMEM;
        return 0;
    }
    p->el = el;
    p->fr = fr;
    size_t idx = p->n_el++;
    memset(&p->el[idx], 0, sizeof p->el[idx]);
    ((xmlNode *)(uintptr_t)n)->_private = (void *)(uintptr_t)(idx + 1);
    const frame *up = p->n_fr ? &p->fr[p->n_fr - 1] : NULL;
    int block = tb_html_is_block(n);
    if (tb_html_named(n, "table") && tb_html_data_table(n)) {
        p->el[idx].last = idx;
        p->el[idx].score = table_value(n);
        if (up)
            p->el[up->idx].score += p->el[idx].score;
        return 0; /* read whole by html_table.c */
    }
    int h = tb_html_heading(n);
    if (p->n_cand < MAX_CANDIDATES &&
        ((h >= 1 && h <= 3) ||
         (block && (tb_html_attr_has(n, "class", "title") || tb_html_attr_has(n, "id", "title")))))
        p->cand[p->n_cand++] = n;
    frame f = {idx, block || !up ? idx : up->blk, (up && up->in_link) || tb_html_named(n, "a"),
               tb_html_is_opaque(n) || (up && up->opaque && !block)};
    p->fr[p->n_fr++] = f;
    return 1;
}

static void text(void *ctx, const xmlNode *tx)
{
    pass *p = ctx;
    if (!p->n_fr || p->fr[p->n_fr - 1].opaque)
        return;
    const frame *f = &p->fr[p->n_fr - 1];
    const char *s = (const char *)tx->content;
    size_t n = strlen(s), chars = 0, marks = 0;
    int last_stop = 0;
    for (size_t i = 0; i < n;) {
        unsigned cp;
        size_t k = tb_utf8_decode(s + i, n - i, &cp);
        i += k ? k : 1;
        if (!k || cp <= ' ' || tb_parse_is_space(cp))
            continue;
        chars++;
        last_stop = cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == 0xFF1B || cp == 0x2026 ||
                            (last_stop == 1 && (cp == 0x201D || cp == 0xFF09 || cp == 0x300D))
                        ? 1
                    : cp == 0xFF1A || cp == ':' ? 2
                                                : 0;
        marks += cp == 0xFF0C || cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == 0xFF1B;
    }
    elem *e = &p->el[f->blk];
    if (chars)
        e->stop = last_stop;
    if (f->in_link) {
        e->l += (long)chars;
    } else {
        e->t += (long)chars;
        e->p += (long)marks;
    }
}

/* What a block adds to the elements that hold it. */
static long block_value(const elem *e, const xmlNode *n)
{
    if (tb_html_heading(n))
        return e->t ? -1 - e->l : -e->l;
    if (tb_html_named(n, "figcaption") || tb_html_caption_class(n))
        return 0;
    if ((e->stop == 1 && e->t >= 4) || (e->p >= 1 && e->t >= 10) || e->t >= 50)
        return e->t - e->l;
    if (e->stop == 2) /* "各有关单位：" opens what follows */
        return -e->l;
    return -(e->t / 4) - e->l;
}

static void leave(void *ctx, const xmlNode *n)
{
    pass *p = ctx;
    if (!p->n_fr)
        return;
    frame f = p->fr[--p->n_fr];
    elem *e = &p->el[f.idx];
    e->last = p->n_el - 1;
    if (tb_html_is_block(n))
        e->score += block_value(e, n);
    if (p->n_fr)
        p->el[p->fr[p->n_fr - 1].idx].score += e->score;
    if (e->score > 0 && e->score >= p->best_score) {
        p->best_score = e->score;
        p->best = f.idx + 1;
        p->best_node = n;
    }
}

/* s without white space, into b. */
static tb_status squeeze(const char *s, size_t len, tb_buf *b)
{
    tb_buf_reset(b);
    tb_status st = TB_OK;
    for (size_t i = 0; i < len && st == TB_OK;) {
        unsigned cp;
        size_t k = tb_utf8_decode(s + i, len - i, &cp);
        if (!k)
            k = 1;
        if (!(k == 1 && (unsigned char)s[i] <= ' ') && !tb_parse_is_space(cp))
            st = tb_buf_add(b, s + i, k);
        i += k;
    }
    if (st == TB_OK)
        st = tb_buf_addc(b, '\0');
    return st;
}

/* How well the candidate's text matches the page title: 0 not at all; its
 * length in characters when the title holds it; 1000 more when it is the
 * whole title or its headline part (before the site's name). */
static size_t title_score(const xmlNode *c, const char *title, const char *part, tb_buf *tmp,
                          tb_buf *want)
{
    tb_buf_reset(tmp);
    if (!title[0] || tb_html_text_upto(c, tmp, 1024) != TB_OK ||
        squeeze(tmp->data ? tmp->data : "", tmp->len, want) != TB_OK)
        return 0;
    const char *cand = want->data;
    size_t chars = tb_parse_nchars(cand, strlen(cand));
    if (chars < 4 || chars > 100 || !strstr(title, cand))
        return 0;
    return !strcmp(cand, title) || !strcmp(cand, part) ? chars + 1000 : chars;
}

typedef struct {
    tb_buf tmp, cand, title, part;
} match_bufs;

static const xmlNode *choose_headline(pass *p, size_t root, const char *title)
{
    match_bufs m;
    tb_buf_init(&m.tmp, 0);
    tb_buf_init(&m.cand, 0);
    tb_buf_init(&m.title, 0);
    tb_buf_init(&m.part, 0);
    size_t plen = strlen(title);
    const char *part = tb_html_title_part(title, &plen);
    if (squeeze(title, strlen(title), &m.title) != TB_OK || squeeze(part, plen, &m.part) != TB_OK)
        title = part = "";
    else
        title = m.title.data, part = m.part.data;
    const xmlNode *match = NULL, *h1_before = NULL, *h1_inside = NULL, *other = NULL;
    size_t last = p->el[root].last, best = 0;
    for (size_t i = 0; i < p->n_cand; i++) {
        const xmlNode *c = p->cand[i];
        size_t idx = tb_html_index(c) - 1;
        if (idx > last)
            break;
        size_t sc = title_score(c, title, part, &m.tmp, &m.cand);
        if (sc && (sc > best || (sc == best && idx < root))) {
            best = sc;
            match = c;
        }
        if (tb_html_heading(c) == 1 && idx < root)
            h1_before = c;
        else if (tb_html_heading(c) == 1 && !h1_inside)
            h1_inside = c;
        else if (idx < root)
            other = c;
    }
    tb_buf_free(&m.tmp);
    tb_buf_free(&m.cand);
    tb_buf_free(&m.title);
    tb_buf_free(&m.part);
    return match ? match : h1_before ? h1_before : h1_inside ? h1_inside : other;
}

/* Where the score is concentrated: while one child holds CONCENTRATED
 * percent of the root's score, the child is the root (comments or a
 * "recommended" box beside the body are left out). */
static const xmlNode *concentrate(const pass *p, const xmlNode *node)
{
    for (;;) {
        long score = p->el[tb_html_index(node) - 1].score;
        const xmlNode *next = NULL;
        for (const xmlNode *c = node->children; c && !next; c = c->next) {
            size_t ci = c->type == XML_ELEMENT_NODE ? tb_html_index(c) : 0;
            if (ci && p->el[ci - 1].score > 0 && p->el[ci - 1].score * 100 >= score * CONCENTRATED)
                next = c;
        }
        if (!next)
            return node;
        node = next;
    }
}

tb_status tb_html_find_region(const xmlNode *top, const char *title, tb_html_region *r)
{
    pass p;
    memset(&p, 0, sizeof p);
    memset(r, 0, sizeof *r);
    static const tb_html_visitor v = {enter, leave, text};
    tb_html_visit(top, &v, &p);
    if (p.st == TB_OK && p.best) {
        size_t root = tb_html_index(concentrate(&p, p.best_node)) - 1;
        r->root = root + 1;
        r->headline = choose_headline(&p, root, title ? title : "");
        size_t h = r->headline ? tb_html_index(r->headline) - 1 : root;
        r->start = (h < root ? h : root) + 1;
        r->end = p.el[root].last + 1;
    }
    free(p.el);
    free(p.fr);
    return p.st;
}
