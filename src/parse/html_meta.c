/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * html_meta.c — what an HTML page states about itself: <title>, og:title,
 * the publication date (article:published_time, <meta name="…date…">),
 * author and site name from <head>, and the "label：value" lines of Chinese
 * news and government pages (来源：… 作者：… 发布时间：…).
 */
#define _GNU_SOURCE /* memmem, strcasestr */
#include <string.h>
#include <strings.h>

#include "base/utf8.h"
#include "parse/html_int.h"

static tb_status take_text(const xmlNode *n, tb_buf *b)
{
    if (b->len)
        return TB_OK;
    return tb_html_text(n, b);
}

static tb_status meta(const xmlNode *c, tb_document *doc, tb_buf *og_title, tb_buf *site)
{
    xmlChar *name = xmlGetProp(c, (const xmlChar *)"property");
    if (!name)
        name = xmlGetProp(c, (const xmlChar *)"name");
    xmlChar *content = name ? xmlGetProp(c, (const xmlChar *)"content") : NULL;
    tb_status st = TB_OK;
    if (content) {
        const char *k = (const char *)name, *v = (const char *)content;
        size_t n = strlen(v);
        if (strcasestr(k, "date") || strcasestr(k, "published_time") || !strcasecmp(k, "pubtime")) {
            if (!doc->date[0])
                tb_document_find_date(v, n, doc->date);
        } else if (!strcasecmp(k, "og:title")) {
            if (!og_title->len)
                st = tb_html_add_text(og_title, v, NULL, NULL);
        } else if (!strcasecmp(k, "author") || !strcasecmp(k, "article:author")) {
            if (!strstr(v, "://"))
                st = tb_document_set_meta(doc, &doc->author, v, n);
        } else if (!strcasecmp(k, "og:site_name")) {
            if (!site->len)
                st = tb_html_add_text(site, v, NULL, NULL);
        }
    }
    xmlFree(content);
    xmlFree(name);
    return st;
}

tb_status tb_html_read_head(const xmlNode *head, tb_document *doc, tb_buf *title, tb_buf *og_title,
                            tb_buf *site)
{
    tb_status st = TB_OK;
    for (const xmlNode *c = head->children; c && st == TB_OK; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (tb_html_named(c, "title"))
            st = take_text(c, title);
        else if (tb_html_named(c, "meta"))
            st = meta(c, doc, og_title, site);
    }
    return st;
}

/* ---- "label：value" lines ---- */

typedef enum { F_NONE, F_DATE, F_PUBLISHER, F_AUTHOR } field;

static const struct {
    const char *label;
    field f;
} labels[] = {
    {"发布时间", F_DATE},
    {"发布日期", F_DATE},
    {"发表时间", F_DATE},
    {"更新时间", F_DATE},
    {"时间", F_DATE},
    {"日期", F_DATE},
    {"文章来源", F_PUBLISHER},
    {"信息来源", F_PUBLISHER},
    {"来源", F_PUBLISHER},
    {"稿源", F_PUBLISHER},
    {"作者", F_AUTHOR},
    {"责任编辑", F_NONE},
    {"编辑", F_NONE},
    {"责编", F_NONE},
    {"浏览次数", F_NONE},
    {"阅读次数", F_NONE},
    {"点击数", F_NONE},
    {"访问量", F_NONE},
    {"字号", F_NONE},
    {"发布机构", F_PUBLISHER},
    /* the same labels in Traditional characters */
    {"發布時間", F_DATE},
    {"發佈時間", F_DATE},
    {"發布日期", F_DATE},
    {"更新時間", F_DATE},
    {"時間", F_DATE},
    {"來源", F_PUBLISHER},
    {"文章來源", F_PUBLISHER},
    {"責任編輯", F_NONE},
    {"編輯", F_NONE},
    {"瀏覽次數", F_NONE},
    {"字號", F_NONE},
};
#define N_LABELS (sizeof labels / sizeof labels[0])

/* A label at s followed by a colon: its table index, and the value's start. */
static int label_at(const char *s, const char *end, const char **value)
{
    for (size_t i = 0; i < N_LABELS; i++) {
        size_t k = strlen(labels[i].label);
        if ((size_t)(end - s) <= k || memcmp(s, labels[i].label, k))
            continue;
        const char *v = s + k;
        while (v < end && *v == ' ')
            v++;
        if (v + 3 <= end && !memcmp(v, "\xEF\xBC\x9A", 3)) /* ： */
            v += 3;
        else if (v < end && *v == ':')
            v++;
        else
            continue;
        *value = v;
        return (int)i;
    }
    return -1;
}

/* Skip opening brackets and spaces that may lead a field: 【 [ ( （ | */
static const char *skip_lead(const char *s, const char *end)
{
    while (s < end) {
        if (*s == ' ' || *s == '[' || *s == '(' || *s == '|')
            s++;
        else if (end - s >= 3 && (!memcmp(s, "【", 3) || !memcmp(s, "（", 3)))
            s += 3;
        else
            return s;
    }
    return s;
}

/* Where the value starting at v ends: the next label, a bracket or bar, two spaces. */
static const char *value_end(const char *v, const char *end, field f)
{
    for (const char *q = v; q < end; q++) {
        const char *dummy;
        if (q > v && (q[-1] == ' ' || (q - v >= 3 && !memcmp(q - 3, "】", 3))) &&
            label_at(skip_lead(q, end), end, &dummy) >= 0)
            return q;
        if (*q == '|' || *q == '[' ||
            (end - q >= 3 && (!memcmp(q, "【", 3) || !memcmp(q, "】", 3) || !memcmp(q, "）", 3))) ||
            (*q == ' ' && (q[1] == ' ' || f == F_PUBLISHER)))
            return q;
    }
    return end;
}

int tb_html_meta_line(const char *s, size_t len, int in_body, tb_document *doc, tb_status *st)
{
    const char *end = s + len, *p = skip_lead(s, end), *v;
    int first = label_at(p, end, &v);
    if (len > 300 || tb_parse_ends_sentence(s, len) || first < 0)
        return 0;
    /* in the body, 时间：/日期： lead a notice's own facts (a meeting's time) */
    if (in_body && (!strcmp(labels[first].label, "时间") || !strcmp(labels[first].label, "日期") ||
                    !strcmp(labels[first].label, "時間")))
        return 0;
    while (p < end) {
        int i = label_at(p, end, &v);
        if (i < 0) { /* text between fields: go on to the next label */
            p++;
            continue;
        }
        while (v < end && *v == ' ')
            v++;
        const char *e = value_end(v, end, labels[i].f);
        size_t n = (size_t)(e - v);
        if (labels[i].f == F_DATE && !doc->date[0])
            tb_document_find_date(v, n, doc->date);
        else if (labels[i].f == F_PUBLISHER && n && *st == TB_OK)
            *st = tb_document_set_meta(doc, &doc->publisher, v, n);
        else if (labels[i].f == F_AUTHOR && n && *st == TB_OK)
            *st = tb_document_set_meta(doc, &doc->author, v, n);
        p = e > v ? e : v;
    }
    return 1;
}

const char *tb_html_title_part(const char *s, size_t *len)
{
    static const char *const seps[] = {" - ", " _ ", "_", " | ", "|", " — ", "——", " – ", NULL};
    size_t best = *len;
    for (const char *const *sp = seps; *sp; sp++) {
        const char *q = memmem(s, *len, *sp, strlen(*sp));
        if (q && (size_t)(q - s) < best && tb_parse_nchars(s, (size_t)(q - s)) >= 4)
            best = (size_t)(q - s);
    }
    *len = best;
    return tb_parse_trim(s, len, NULL);
}
