/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * scan.c — the reading helpers every matcher shares: digit runs, number
 * parsing (sign, thousands separators, decimals), range separators, words
 * just before or after a position, and the 两/二 decision for a number in its
 * context. All of them only read the line; none allocates.
 */
#include <string.h>

#include "normalize/norm_int.h"
#include "base/utf8.h"

size_t tb_ns_digits_end(const nctx *c, size_t i)
{
    while (nis_digit(c, i))
        i++;
    return i;
}

int tb_ns_is_dash(unsigned cp)
{
    return cp == '-' || cp == 0x2013 || cp == 0x2014 || cp == 0x2015 || cp == '~' || cp == 0xFF5E ||
           cp == 0x301C || cp == 0x2212;
}

/* Length of a range separator at i (— — counts as one), 0 if none. */
size_t tb_ns_range_sep(const nctx *c, size_t i)
{
    size_t j = i;
    while (j < c->n && c->cp[j] == ' ')
        j++;
    size_t k = j;
    if (k < c->n && tb_ns_is_dash(c->cp[k]))
        k++;
    if (k > j && k < c->n && c->cp[k] == c->cp[j] && c->cp[k] != '-')
        k++;                                                    /* —— */
    if (k == j && (ncp(c, j) == 0x81F3 || ncp(c, j) == 0x5230)) /* 至 到 */
        k = j + 1;
    if (k == j)
        return 0;
    while (k < c->n && c->cp[k] == ' ')
        k++;
    return k - i;
}

/* Is cp one of the (UTF-8) characters of set? UTF-8 is self-synchronising,
 * so the encoded character can only match at a character boundary. */
int tb_ns_in_set(unsigned cp, const char *set)
{
    char u[5];
    if (cp == 0)
        return 0;
    if (cp < 0x80) {
        u[0] = (char)cp;
        u[1] = '\0';
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        u[2] = '\0';
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        u[3] = '\0';
    } else {
        u[0] = (char)(0xF0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        u[4] = '\0';
    }
    return strstr(set, u) != NULL;
}

/* Does the text just before i (skipping spaces, 是/为/：) end with one of the
 * '|'-separated words? */
int tb_ns_word_before(const nctx *c, size_t i, const char *words)
{
    while (i > 0 && (c->cp[i - 1] == ' ' || c->cp[i - 1] == 0xFF1A || c->cp[i - 1] == ':' ||
                     c->cp[i - 1] == 0x662F || c->cp[i - 1] == 0x4E3A || c->cp[i - 1] == 0x201C))
        i--;
    const char *w = words;
    while (*w) {
        const char *bar = strchr(w, '|');
        size_t wl = bar ? (size_t)(bar - w) : strlen(w);
        /* compare the word backwards with the text before i */
        size_t k = wl, j = i;
        int ok = 1;
        while (k > 0 && ok) {
            size_t st = k - 1;
            while (st > 0 && ((unsigned char)w[st] & 0xC0) == 0x80)
                st--;
            unsigned x;
            if (tb_utf8_decode(w + st, k - st, &x) == 0 || j == 0 || c->cp[j - 1] != x)
                ok = 0;
            k = st;
            j--;
        }
        if (ok)
            return 1;
        w += wl + (bar ? 1 : 0);
        if (!bar)
            break;
    }
    return 0;
}

/* Does the text at i start with one of the '|'-separated words? */
int tb_ns_word_at(const nctx *c, size_t i, const char *words)
{
    const char *w = words;
    for (;;) {
        const char *bar = strchr(w, '|');
        size_t wl = bar ? (size_t)(bar - w) : strlen(w);
        size_t k = 0, j = i;
        int ok = 1;
        while (k < wl && ok) {
            unsigned x;
            size_t l = tb_utf8_decode(w + k, wl - k, &x);
            if (l == 0 || j >= c->n || c->cp[j] != x)
                ok = 0;
            k += l;
            j++;
        }
        if (ok && wl > 0)
            return 1;
        if (!bar)
            return 0;
        w = bar + 1;
    }
}

/* A number at i: optional sign (when allow_sign), digits with optional
 * thousands separators, optional decimals. Returns its end, or i when none. */
size_t tb_ns_parse_num(const nctx *c, size_t i, nnum *x, int allow_sign)
{
    memset(x, 0, sizeof *x);
    x->s = i;
    size_t j = i;
    if (allow_sign && (ncp(c, j) == '-' || ncp(c, j) == 0x8D1F) && nis_digit(c, j + 1)) {
        x->neg = 1;
        j++;
    } else if (allow_sign && ncp(c, j) == '-' && ncp(c, j + 1) == ' ' && nis_digit(c, j + 2) &&
               (j == 0 || c->cp[j - 1] == ' ' || tb_is_han(c->cp[j - 1]))) {
        size_t q = j;
        while (q > 0 && c->cp[q - 1] == ' ')
            q--;
        if (q == 0 || !(nis_digit(c, q - 1) || nis_alpha(c, q - 1))) {
            x->neg = 1;
            j += 2; /* "- 8℃": a sign set apart by a space */
        }
    }
    if (!nis_digit(c, j))
        return i;
    x->is = j;
    size_t e = tb_ns_digits_end(c, j);
    /* thousands separators: 1–3 digits, then groups of exactly three */
    if (e - j <= 3 && ncp(c, e) == ',' && nis_digit(c, e + 1)) {
        size_t k = e, groups = 0;
        while (ncp(c, k) == ',' && tb_ns_digits_end(c, k + 1) == k + 4) {
            k += 4;
            groups++;
        }
        if (groups > 0 && !nis_digit(c, k) && (e - j) + 3 * groups <= NX_MAX_CARDINAL) {
            e = k;
            x->commas = 1;
        }
    }
    x->ie = e;
    x->fs = x->fe = e;
    if (ncp(c, e) == '.' && nis_digit(c, e + 1)) {
        x->fs = e + 1;
        x->fe = tb_ns_digits_end(c, e + 1);
        e = x->fe;
    }
    x->e = e;
    return e;
}

int tb_ns_is_int(const nnum *x)
{
    return x->fe == x->fs && !x->neg;
}

size_t tb_ns_ndig(const nnum *x)
{
    return x->ie - x->is;
}

/* Is the '-' (or '负') at i a minus sign? Only where no number, letter or
 * closing bracket precedes it (1-10月 is a range, 歼-16 a name). */
int tb_ns_minus_here(const nctx *c, size_t i)
{
    if (c->cp[i] == 0x8D1F)
        return 1;
    if (c->cp[i] != '-')
        return 0;
    if (i == 0)
        return 1;
    unsigned p = c->cp[i - 1];
    if (p == ' ' && i >= 2 && (nis_digit(c, i - 2) || nis_alpha(c, i - 2)) && ncp(c, i + 1) == ' ')
        return 0; /* 5 - 3 */
    if (nis_digit(c, i - 1) || nis_alpha(c, i - 1) || p == ')' || p == 0xFF09 || p == '%' ||
        p == '.' || p == 0x2103 || p == 0x00B0)
        return 0;
    if (tb_ns_in_set(p, "年月日号时点分秒万亿千百天周歼运苏直轰武风征旗鹰枭翼龙舟型米卡图安尔号级"))
        return 0;
    return 1;
}

tb_status tb_ns_num(tb_buf *o, const nctx *c, const nnum *x, int flags)
{
    return tb_nx_num(o, c, x, flags);
}

tb_status tb_ns_digits(tb_buf *o, const nctx *c, size_t s, size_t e, int flags)
{
    return tb_nx_digits(o, c->a + s, e - s, flags);
}

/* Measure words after which a lone 2 is 两. */
static const char COUNT_WORDS[] =
    "个名位次件年天种项条家所台辆架只张本场批人倍岁周门栋层座片颗粒棵头"
    "匹套份句篇部斤吨米元点枚艘间把串对双辈代成类样招支户小分秒亩顿口轮届时";

int tb_ns_counts(unsigned cp)
{
    return tb_ns_in_set(cp, COUNT_WORDS);
}

int tb_ns_count_flags(const nctx *c, const nnum *x)
{
    int f = NX_LIANG;
    if (tb_ns_is_int(x) && tb_ns_ndig(x) == 1 && c->a[x->is] == '2' &&
        !(x->s > 0 && tb_ns_in_set(c->cp[x->s - 1], "×*xX、"))) {
        unsigned nx = ncp(c, x->e);
        if (tb_ns_in_set(nx, COUNT_WORDS) || tb_ns_in_set(nx, "万亿千"))
            f |= NX_COUNT;
        size_t sl = tb_ns_range_sep(c, x->e);
        if (sl > 0 && nis_digit(c, x->e + sl)) {
            /* 2-3个: the measure word after the range counts both ends */
            size_t e2 = tb_ns_digits_end(c, x->e + sl);
            if (ncp(c, e2) != '.' && tb_ns_in_set(ncp(c, e2), COUNT_WORDS))
                f |= NX_COUNT;
        }
    }
    return f;
}

/* The nearest non-space character before i / at or after i, or 0. */
unsigned tb_ns_before(const nctx *c, size_t i)
{
    while (i > 0 && c->cp[i - 1] == ' ')
        i--;
    return i > 0 ? c->cp[i - 1] : 0;
}

unsigned tb_ns_after(const nctx *c, size_t i)
{
    while (i < c->n && c->cp[i] == ' ')
        i++;
    return ncp(c, i);
}

/* Length of an era mark at i (ad, a.d., bc, b.c., any case), and which. */
size_t tb_ns_era(const nctx *c, size_t i, int *kind)
{
    static const char *const E[] = {"a.d.", "b.c.", "ad", "bc"};
    for (size_t k = 0; k < 4; k++) {
        size_t l = strlen(E[k]), j = 0;
        while (j < l && i + j < c->n && (c->a[i + j] | 0x20) == E[k][j])
            j++;
        if (j == l && !nis_alpha(c, i + l)) {
            *kind = E[k][0] == 'b' ? 2 : 1;
            return l;
        }
    }
    return 0;
}
