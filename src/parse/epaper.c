/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * epaper.c — parser for text scraped from an e-paper page (and plain text):
 * one line per paragraph, navigation chrome above and below the article.
 * Each line becomes one block; its role is decided from the SHAPE of the page
 * and from the chrome scorer (chrome.h), never from one page's words (see
 * docs/segmentation.md for every rule and why):
 *
 *   - prose: a line that ends a sentence (。！？…) or is long (≥ 50 characters);
 *   - the head is everything before the first prose line: chrome (short UI
 *     words, page labels, dates, lines the chrome scorer recognises), the
 *     headline (the line the page's own title list repeats, else the line
 *     above a dash-led subtitle when two title lines stand above it, else the
 *     first other line), its kicker (引题, the title line above it) and its
 *     subtitle (副题, the line below it); failing a head, a short line standing
 *     alone above the body is the headline;
 *   - captions: the prose between a headline and the first paragraph (flush
 *     left on an indented page; on a flush page a run of short lines that
 *     ends in a photo credit "…摄" or is followed by body text);
 *   - the body: headings (subheading, or sub-report for "place: title"; a
 *     short question standing alone in an interview), further articles (a
 *     heading the title list repeats, a flush heading on an indented page, a
 *     photo's title over its caption), lists of links (chrome), credits;
 *   - the tail after the last prose: a signature and date (a credit), an
 *     attachment list (附件：…), the rest chrome;
 *   - 编者按 lines are notes, [1] lines footnotes; hard-wrapped plain text is
 *     first joined into one line per paragraph.
 */
#include <stdlib.h>
#include <string.h>

#include "parse/chrome.h"
#include "parse/epaper_int.h"

static int head_nav(epaper *p, const line_info *l)
{
    return tb_ep_head_chrome(l, p->date) || tb_chrome_is(l->s, l->len, TB_CHROME_OUTSIDE);
}

/* A title line of the head: not blank, not chrome, not taken. */
static int candidate(epaper *p, size_t i)
{
    const line_info *l = &p->v[i];
    return !tb_ep_blank(l) && l->role == ROLE_NONE && !l->credit && !head_nav(p, l);
}

/* Does line i head a photo: a short caption run ending in "…摄" below it? */
static int photo_item(const epaper *p, size_t i)
{
    size_t j = i + 1, prose = 0;
    while (j < p->n && tb_ep_blank(&p->v[j]))
        j++;
    for (; j < p->n && prose < 3 && tb_ep_prose(&p->v[j]) && p->v[j].nchar <= CAPTION_MAX; j++)
        prose++;
    return prose && j < p->n && tb_ep_photo_credit(&p->v[j]);
}

/* The headline among the head's title lines (p->n if none). */
static size_t choose_headline(epaper *p)
{
    size_t c[8], nc = 0;
    for (size_t i = 0; i < p->first && nc < 8; i++)
        if (candidate(p, i))
            c[nc++] = i;
    for (size_t k = 0; k < nc; k++)
        if (tb_ep_repeated_below(p, &p->v[c[k]]) || photo_item(p, c[k]))
            return c[k];
    for (size_t k = 2; k < nc; k++)
        if (tb_ep_dash_led(&p->v[c[k]]) && !tb_ep_dash_led(&p->v[c[k - 1]]))
            return c[k - 1];
    return nc ? c[0] : p->n;
}

static void mark_head(epaper *p)
{
    size_t h = p->headline = choose_headline(p);
    size_t kicker = p->n;
    for (size_t i = 0; h < p->n && i < h; i++)
        if (candidate(p, i))
            kicker = i;
    for (size_t i = 0; i < p->first; i++) {
        line_info *l = &p->v[i];
        if (tb_ep_blank(l) || l->role != ROLE_NONE)
            continue;
        if (i == h)
            l->role = TB_BLOCK_HEADLINE;
        else if (i == kicker)
            l->role = TB_BLOCK_KICKER;
        else if (h < p->n && i > h && l->credit)
            l->role = TB_BLOCK_CREDIT;
        else if (h < p->n && i > h && l->open && candidate(p, i))
            l->role = TB_BLOCK_PARAGRAPH; /* a salutation: 各旗县区教育局： */
        else if (h < p->n && i > h && candidate(p, i))
            /* under the headline: its subtitle when it follows directly, else a caption */
            l->role = i == h + 1 || p->v[i - 1].role == TB_BLOCK_SUBTITLE || tb_ep_dash_led(l)
                          ? TB_BLOCK_SUBTITLE
                          : TB_BLOCK_CAPTION;
        else
            l->role = TB_BLOCK_CHROME;
    }
}

/* No headline in the head: a single word standing alone right above the
 * body ("春风化雨"), else the first prose line when it is short and stands
 * alone under nothing but chrome ("草原，我们来了！"). */
static void fallback_headline(epaper *p)
{
    line_info *v = p->v;
    size_t f = p->first, h = f, more = f + 1;
    while (h > 0 && tb_ep_blank(&v[h - 1]))
        h--;
    char unused[11];
    const line_info *c = h ? &v[h - 1] : NULL;
    if (c && c->ntok == 1 && c->has_han && !c->has_label_mark && !tb_ep_date_line(c, unused) &&
        (h == 1 || tb_ep_blank(&v[h - 2]))) {
        p->headline = h - 1;
        v[h - 1].role = TB_BLOCK_HEADLINE;
        return;
    }
    while (more < p->n && !tb_ep_prose(&v[more]))
        more++;
    if (f + 1 < p->n && tb_ep_blank(&v[f + 1]) && v[f].nchar <= PROSE_MIN && more < p->n) {
        p->headline = f;
        v[f].role = TB_BLOCK_HEADLINE;
        while (++p->first < p->n && tb_ep_blank(&v[p->first]))
            ;
    }
}

/* A heading in the body that starts a further article. */
static int further_headline(epaper *p, size_t i)
{
    const line_info *l = &p->v[i];
    if (!tb_ep_heading(l) || i + 1 > p->last)
        return 0;
    if (tb_ep_repeated_below(p, l) || photo_item(p, i))
        return 1;
    return p->indented && l->indent < 2 && !tb_ep_numbered(l) &&
           tb_chrome_word_class(l->s, l->len) != TB_CHROME_LIST;
}

/* The next non-blank line after i is prose. */
static int prose_follows(const epaper *p, size_t i)
{
    size_t j = i + 1;
    while (j < p->n && tb_ep_blank(&p->v[j]))
        j++;
    return j < p->n && tb_ep_prose(&p->v[j]);
}

/* Decide body line i; returns the last line it took (captions of a new article). */
static size_t body_line(epaper *p, size_t i, const line_info *head)
{
    line_info *l = &p->v[i];
    if (tb_ep_same_text(head, l) ||
        (!l->credit && (tb_ep_body_chrome(l) || tb_chrome_is(l->s, l->len, 0))))
        l->role = TB_BLOCK_CHROME;
    else if (l->credit)
        l->role = TB_BLOCK_CREDIT;
    else if (tb_ep_photo_credit(l))
        l->role = TB_BLOCK_CAPTION;
    else if (further_headline(p, i)) {
        l->role = TB_BLOCK_HEADLINE;
        size_t j = i + 1;
        if (j <= p->last && tb_ep_heading(&p->v[j]) && p->v[j].indent < 2 &&
            p->v[j].role == ROLE_NONE)
            p->v[j++].role = TB_BLOCK_SUBTITLE;
        while (j <= p->last && tb_ep_blank(&p->v[j]))
            j++;
        return tb_ep_mark_captions(p, p->last + 1, j) - 1;
    } else if ((tb_ep_question(l) && prose_follows(p, i)) || tb_ep_heading(l) ||
               (tb_ep_numbered(l) && l->open && l->nchar <= HEADING_MAX))
        l->role = (int)tb_parse_heading_role(l->s, l->len);
    else
        l->role = TB_BLOCK_PARAGRAPH;
    return i;
}

static void mark_body(epaper *p)
{
    const line_info *head = p->headline < p->n ? &p->v[p->headline] : NULL;
    size_t i = p->first;
    if (head)
        i = tb_ep_mark_captions(p, p->n, p->first);
    /* the first line of the body may still be the subtitle: ——记… */
    if (head && i < p->n && tb_ep_heading(&p->v[i]) && tb_ep_dash_led(&p->v[i]) &&
        p->v[i].role == ROLE_NONE) {
        p->v[i].role = TB_BLOCK_SUBTITLE;
        while (++i < p->n && tb_ep_blank(&p->v[i]))
            ;
        i = tb_ep_mark_captions(p, p->n, i);
    }
    tb_ep_mark_link_runs(p, i);
    for (; i <= p->last && i < p->n; i++)
        if (!tb_ep_blank(&p->v[i]) && p->v[i].role == ROLE_NONE)
            i = body_line(p, i, head);
}

static void find_bounds(epaper *p)
{
    p->first = 0;
    while (p->first < p->n && (!tb_ep_prose(&p->v[p->first]) || p->v[p->first].role >= 0))
        p->first++;
    p->last = p->n;
    for (size_t i = p->n; i-- > 0;)
        if (tb_ep_prose(&p->v[i]) || p->v[i].credit || p->v[i].role == ROLE_ATTACH ||
            tb_ep_photo_credit(&p->v[i]) || p->v[i].role == TB_BLOCK_FOOTNOTE) {
            p->last = i;
            break;
        }
}

tb_status tb_parse_epaper(const char *text, size_t len, const char *source, tb_document *doc,
                          tb_diag *diag)
{
    (void)source;
    (void)diag;
    epaper p;
    memset(&p, 0, sizeof p);
    p.doc = doc;
    tb_status st = tb_ep_split_lines(text, len, &p.v, &p.n);
    if (st != TB_OK)
        return st;
    char *joined = NULL;
    if (tb_ep_wrapped_page(p.v, p.n))
        st = tb_ep_join_wrapped(p.v, &p.n, len, &joined);
    if (st == TB_OK) {
        p.indented = tb_ep_indented_page(p.v, p.n);
        tb_ep_mark_special(&p);
        find_bounds(&p);
        p.headline = p.n;
        if (p.first < p.n) {
            mark_head(&p);
            if (p.headline == p.n)
                fallback_headline(&p);
            mark_body(&p);
        }
        tb_ep_mark_tail(&p);
        tb_ep_find_paper(&p);
        st = tb_ep_emit(&p);
    }
    free(p.v);
    free(joined);
    return st;
}
