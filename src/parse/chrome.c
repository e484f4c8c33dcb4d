/* SPDX-License-Identifier: GPL-3.0-or-later */
/* chrome.c — the chrome scorer shared by the parsers; the signals are in chrome.h. */
#include "parse/chrome.h"

#include <string.h>

#include "base/utf8.h"
#include "parse/parse.h"

enum {
    ITEMS_MAX = 64,   /* items looked at in one line */
    NAV_ITEM_MAX = 8, /* characters: the items a separator stands between */
    PAPER_MIN = 2,    /* characters in a paper's name */
    PAPER_MAX = 12
};

typedef struct {
    const char *s;
    size_t len;
    size_t nchar;
    int colon; /* a colon follows the item */
} item;

typedef struct {
    item v[ITEMS_MAX];
    size_t n;
    size_t seps; /* navigation separators between two items */
    int has_han;
} items;

static int nav_sep(unsigned cp)
{
    return cp == '>' || cp == 0x203A || cp == 0xBB || cp == '|' || cp == 0xFF5C || cp == '/' ||
           cp == 0xFF1E;
}

static int bracket(unsigned cp)
{
    return cp == 0x3010 || cp == 0x3011 || cp == '[' || cp == ']' || cp == 0x300C || cp == 0x300D ||
           cp == 0x3014 || cp == 0x3015 || cp == 0xFF08 || cp == 0xFF09 || cp == '(' || cp == ')';
}

static int colon(unsigned cp)
{
    return cp == ':' || cp == 0xFF1A;
}

/* Decode the code point at s[*i], step past it, and return it. */
static unsigned cp0(const char *s, size_t len, size_t *i)
{
    unsigned cp;
    size_t k = tb_utf8_decode(s + *i, len - *i, &cp);
    if (!k)
        k = 1, cp = 0xFFFD;
    *i += k;
    return cp;
}

static void end_item(items *it, const char *start, const char *end, size_t nchar)
{
    if (start && end > start && it->n < ITEMS_MAX)
        it->v[it->n++] = (item){start, (size_t)(end - start), nchar, 0};
}

/* A separator stands between items: spaces on both sides, or Han on both
 * (首页>新闻), never inside a word (../etc, </b>). */
static int real_sep(const char *s, size_t len, size_t i, size_t k, unsigned prev)
{
    unsigned next = 0;
    if (i + k < len && !tb_utf8_decode(s + i + k, len - i - k, &next))
        next = 0;
    return (tb_is_space(prev) && tb_is_space(next)) || (tb_is_han(prev) && tb_is_han(next));
}

/* Split s[0..len) into items at spaces, separators, brackets and colons. */
static void split_items(const char *s, size_t len, items *it)
{
    memset(it, 0, sizeof *it);
    const char *start = NULL;
    size_t nchar = 0;
    int sep_pending = 0;
    unsigned prev = ' ';
    for (size_t i = 0; i < len; prev = cp0(s, len, &i)) {
        unsigned cp;
        size_t k = tb_utf8_decode(s + i, len - i, &cp);
        if (!k)
            k = 1, cp = 0xFFFD;
        if (tb_is_han(cp))
            it->has_han = 1;
        int is_sep = nav_sep(cp) && real_sep(s, len, i, k, prev),
            cut = is_sep || bracket(cp) || colon(cp) || tb_is_space(cp);
        if (cut) {
            size_t before = it->n;
            end_item(it, start, s + i, nchar);
            if (it->n > before && sep_pending)
                it->seps++;
            if (it->n > before)
                sep_pending = 0;
            if (is_sep && it->n)
                sep_pending = 1;
            if (colon(cp) && it->n)
                it->v[it->n - 1].colon = 1;
            start = NULL;
            nchar = 0;
        } else {
            if (!start)
                start = s + i;
            nchar++;
        }
    }
    size_t before = it->n;
    end_item(it, start, s + len, nchar);
    if (it->n > before && sep_pending)
        it->seps++;
}

int tb_chrome_word_class(const char *s, size_t len)
{
    size_t lo = 0, hi = tb_chrome_n_words;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const char *w = tb_chrome_words[mid].word;
        size_t wl = strlen(w);
        int c = memcmp(w, s, wl < len ? wl : len);
        if (c == 0)
            c = wl < len ? -1 : wl > len ? 1 : 0;
        if (c == 0)
            return (int)tb_chrome_words[mid].cls;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

static int has_mark(const item *t)
{
    for (unsigned long i = 0; i < tb_chrome_n_words; i++) {
        const char *w = tb_chrome_words[i].word;
        size_t wl = strlen(w);
        if (tb_chrome_words[i].cls != TB_CHROME_MARK || wl > t->len)
            continue;
        for (size_t j = 0; j + wl <= t->len; j++)
            if (!memcmp(t->s + j, w, wl))
                return 1;
    }
    return 0;
}

/* 第04版, A05版, 04版, 4版 */
static int page_label(const char *s, size_t len)
{
    size_t i = 0;
    if (len >= 3 && !memcmp(s, "第", 3))
        i = 3;
    if (i < len && ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z'))
        i++;
    size_t d = i;
    while (i < len && s[i] >= '0' && s[i] <= '9')
        i++;
    return i > d && i - d <= 3 && len - i == 3 && !memcmp(s + i, "版", 3);
}

static int item_signals(const items *it, int *label, int *mark, int *page)
{
    size_t ui_chars = 0, all = 0, n_ui = 0;
    for (size_t i = 0; i < it->n; i++) {
        const item *t = &it->v[i];
        int cls = tb_chrome_word_class(t->s, t->len);
        all += t->nchar;
        if (cls >= 0 && cls != TB_CHROME_MARK && cls != TB_CHROME_LIST) {
            ui_chars += t->nchar;
            n_ui++;
        }
        if (cls == TB_CHROME_LABEL && t->colon)
            *label = 1;
        if (has_mark(t))
            *mark = 1;
        if (page_label(t->s, t->len))
            *page = 1;
    }
    return ui_chars * 2 >= all && n_ui ? 2 : n_ui ? 1 : 0;
}

int tb_chrome_score(const char *s, size_t len, unsigned where)
{
    items it;
    split_items(s, len, &it);
    if (it.has_han && tb_parse_ends_sentence(s, len))
        return 0; /* a sentence is never chrome */
    int label = 0, mark = 0, page = 0;
    int score = item_signals(&it, &label, &mark, &page);
    size_t longest = 0;
    for (size_t i = 0; i < it.n; i++)
        if (it.v[i].nchar > longest)
            longest = it.v[i].nchar;
    if (it.seps && it.n >= 2 && longest <= NAV_ITEM_MAX)
        score += 2;
    score += 2 * label + 2 * mark + page + (it.has_han ? 0 : 2);
    if (where & TB_CHROME_OUTSIDE)
        score += 1;
    if (where & TB_CHROME_REPEAT)
        score += 3;
    if (where & TB_CHROME_LINKS)
        score += 2;
    return score;
}

int tb_chrome_is(const char *s, size_t len, unsigned where)
{
    return tb_chrome_score(s, len, where) >= TB_CHROME_THRESHOLD;
}

static int copy_out(const item *t, char *out, size_t size)
{
    if (t->len + 1 > size)
        return 0;
    memcpy(out, t->s, t->len);
    out[t->len] = '\0';
    return 1;
}

int tb_chrome_paper(const char *s, size_t len, char *out, size_t size)
{
    items it;
    split_items(s, len, &it);
    for (size_t i = it.n; i-- > 0;) {
        const item *t = &it.v[i];
        if (t->nchar < PAPER_MIN || t->nchar > PAPER_MAX || t->len < 3 ||
            memcmp(t->s + t->len - 3, "报", 3) || tb_chrome_word_class(t->s, t->len) >= 0)
            continue;
        int all_han = 1;
        for (size_t j = 0; j < t->len && all_han;) {
            unsigned cp;
            size_t k = tb_utf8_decode(t->s + j, t->len - j, &cp);
            all_han = k && tb_is_han(cp);
            j += k ? k : 1;
        }
        if (all_han)
            return copy_out(t, out, size);
    }
    return 0;
}

int tb_chrome_page(const char *s, size_t len, char *out, size_t size)
{
    items it;
    split_items(s, len, &it);
    for (size_t i = 0; i < it.n; i++)
        if (page_label(it.v[i].s, it.v[i].len))
            return copy_out(&it.v[i], out, size);
    return 0;
}
