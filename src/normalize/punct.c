/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * punct.c — what happens to a character no rule claimed: punctuation becomes a
 * pause mark or disappears, a few symbols become words, everything else is
 * kept. Quotes and title marks (《》“”‘’「」【】) are never read aloud; brackets,
 * dashes and ellipses become a pause (，); ASCII , : ; ! ? . next to Han text take
 * their full-width forms; circled numbers (图①②) become 一、二. normalize.c
 * later merges runs of pause marks into one.
 */
#include <string.h>

#include "normalize/norm_int.h"
#include "base/utf8.h"

int tb_np_is_pause(unsigned cp)
{
    switch (cp) {
    case 0xFF0C: /* ， */
    case 0x3002: /* 。 */
    case 0x3001: /* 、 */
    case 0xFF1B: /* ； */
    case 0xFF1A: /* ： */
    case 0xFF01: /* ！ */
    case 0xFF1F: /* ？ */ return 1;
    default: return 0;
    }
}

static int cjkish(unsigned cp)
{
    return tb_is_han(cp) || (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFF65) ||
           cp == 0x201C || cp == 0x201D || cp == 0x2018 || cp == 0x2019 || cp == 0x2014 ||
           cp == 0x2026;
}

/* The nearest character before/after i that is not a space, or 0. */
static unsigned prev_ns(const nctx *c, size_t i)
{
    while (i > 0) {
        i--;
        if (c->cp[i] != ' ')
            return c->cp[i];
    }
    return 0;
}
static unsigned next_ns(const nctx *c, size_t i)
{
    for (i++; i < c->n; i++)
        if (c->cp[i] != ' ')
            return c->cp[i];
    return 0;
}

/* Value of an enclosed number (①, ⑴, ⒈, ❶, ㈠ …), or 0. */
static int enclosed(unsigned cp)
{
    if (cp >= 0x2460 && cp <= 0x2473)
        return (int)(cp - 0x2460 + 1); /* ①–⑳ */
    if (cp >= 0x2474 && cp <= 0x2487)
        return (int)(cp - 0x2474 + 1); /* ⑴–⒇ */
    if (cp >= 0x2488 && cp <= 0x249B)
        return (int)(cp - 0x2488 + 1); /* ⒈–⒛ */
    if (cp >= 0x2776 && cp <= 0x277F)
        return (int)(cp - 0x2776 + 1); /* ❶–❿ */
    if (cp >= 0x2780 && cp <= 0x2789)
        return (int)(cp - 0x2780 + 1); /* ➀–➉ */
    if (cp >= 0x278A && cp <= 0x2793)
        return (int)(cp - 0x278A + 1); /* ➊–➓ */
    if (cp >= 0x3220 && cp <= 0x3229)
        return (int)(cp - 0x3220 + 1); /* ㈠–㈩ */
    if (cp >= 0x3251 && cp <= 0x325F)
        return (int)(cp - 0x3251 + 21); /* ㉑–㉟ */
    return 0;
}

/* Greek letters as Chinese readers name them. */
static const char *greek(unsigned cp)
{
    switch (cp) {
    case 0x03B1:
    case 0x0391: return "阿尔法";
    case 0x03B2:
    case 0x0392: return "贝塔";
    case 0x03B3:
    case 0x0393: return "伽马";
    case 0x03B4:
    case 0x0394: return "德尔塔";
    case 0x03B5: return "艾普西龙";
    case 0x03B8: return "西塔";
    case 0x03BB: return "兰姆达";
    case 0x03BC: return "缪";
    case 0x03C0: return "派";
    case 0x03C3:
    case 0x03A3: return "西格玛";
    case 0x03C9:
    case 0x03A9: return "欧米伽";
    default: return NULL;
    }
}

/* Vulgar fractions: ½ → 二分之一. */
static const char *vulgar(unsigned cp)
{
    switch (cp) {
    case 0x00BD: return "二分之一";
    case 0x2153: return "三分之一";
    case 0x2154: return "三分之二";
    case 0x00BC: return "四分之一";
    case 0x00BE: return "四分之三";
    case 0x2155: return "五分之一";
    case 0x2156: return "五分之二";
    case 0x2157: return "五分之三";
    case 0x2158: return "五分之四";
    case 0x2159: return "六分之一";
    case 0x215A: return "六分之五";
    case 0x215B: return "八分之一";
    case 0x215C: return "八分之三";
    case 0x215D: return "八分之五";
    case 0x215E: return "八分之七";
    default: return NULL;
    }
}

static tb_status pause(tb_buf *o)
{
    return tb_buf_adds(o, "，");
}

/* Circled and other enclosed numbers: 图①② → 图一、图二, ①加强… → 一、加强…. */
static tb_status enclosed_number(tb_buf *o, const nctx *c, size_t i, int ev)
{
    unsigned p = prev_ns(c, i);
    char d[3];
    size_t dn = 0;
    if (ev >= 10)
        d[dn++] = (char)('0' + ev / 10);
    d[dn++] = (char)('0' + ev % 10);
    tb_status st = tb_nx_cardinal(o, d, dn, 0);
    if (st == TB_OK && i + 1 < c->n && enclosed(c->cp[i + 1])) {
        st = tb_buf_adds(o, "、");
        /* 图①② → 图一、图二: repeat the word the run hangs on */
        size_t s = i;
        while (s > 0 && enclosed(c->cp[s - 1]))
            s--;
        if (st == TB_OK && s > 0 && (c->cp[s - 1] == 0x56FE || c->cp[s - 1] == 0x8868))
            st = tb_buf_addcp(o, c->cp[s - 1]);
    } else if (st == TB_OK && tb_is_han(ncp(c, i + 1)) && (i == 0 || !enclosed(c->cp[i - 1])) &&
               p != 0x56FE && p != 0x8868) {
        st = tb_buf_adds(o, "、"); /* ①加强…②深化…: a list marker, not 图③中 */
    }
    return st;
}

static int in_set(unsigned cp, const unsigned *set, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (set[k] == cp)
            return 1;
    return 0;
}

/* Marks never read aloud: quotes, title marks, some brackets, middle dots,
 * arrows and shapes, marks of emphasis and reference. */
static int silent(unsigned cp)
{
    static const unsigned set[] = {
        0x300A, 0x300B, 0x3008, 0x3009, /* 《》〈〉 */
        0x201C, 0x201D, 0x2018, 0x2019, /* “”‘’ */
        0x300C, 0x300D, 0x300E, 0x300F, /* 「」『』 */
        0x3010, 0x3011, 0x3014, 0x3015, /* 【】〔〕 */
        0x3016, 0x3017, 0x301D, 0x301E, 0x301F, '"',    '`',    '{',    '}',    '|',    '\\',
        '^',    '_',    0x00B7, 0x30FB, 0x2022, 0x2027, /* middle dots */
        0x2192, 0x2190, 0x2191, 0x2193, 0x21D2, 0x21D0, 0x2794, 0x27A1, 0x25B6, 0x25A0, 0x25A1,
        0x25CF, 0x25CB, 0x2605, 0x2606, 0x25C6, 0x25C7, 0x203B, 0x00AE, 0x00A9, 0x2122, '*',
        '#',    0x00A7, 0x00B6, 0x2020, 0x2021, 0x2116, 0x2121, '~',    0xFF5E, 0x301C, /* tildes */
    };
    return in_set(cp, set, sizeof set / sizeof set[0]);
}

/* Signs said as a word whatever is around them. */
static const char *sign_word(unsigned cp)
{
    static const struct {
        unsigned cp;
        const char *word;
    } words[] = {
        {'@', "艾特"},        {'=', "等于"},        {0x00D7, "乘"},       {0x00F7, "除以"},
        {0x2248, "约等于"},   {0x2260, "不等于"},   {0x2264, "小于等于"}, {0x2A7D, "小于等于"},
        {0x2265, "大于等于"}, {0x2A7E, "大于等于"}, {0x00B1, "正负"},     {'%', "百分号"},
        {0xFF05, "百分号"},   {0x2030, "千分号"},   {0x00A5, "元"}, /* a currency sign alone: its
                                                                       name */
        {0xFFE5, "元"},       {'$', "美元"},        {0x20AC, "欧元"},     {0x00A3, "英镑"},
        {0x2103, "摄氏度"},   {0x2109, "华氏度"},   {0x2031, "万分号"},
    };
    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
        if (words[k].cp == cp)
            return words[k].word;
    return NULL;
}

/* '/' between a price and its unit is 每 (次/分, 元/斤, 2000美元/盎司); between
 * ASCII characters a space; otherwise nothing. */
static tb_status slash(tb_buf *o, const nctx *c, size_t i, unsigned p, unsigned nx)
{
    static const unsigned per[] = {0x5206, 0x79D2, 0x65F6, 0x5929, 0x5E74, 0x6708, 0x5468, 0x4EBA,
                                   0x6B21, 0x65A4, 0x5428, 0x4E2A, 0x5C0F, 0x4EA9, 0x5343, 0x7C73};
    if (tb_is_han(p) && in_set(nx, per, sizeof per / sizeof per[0]))
        return tb_buf_adds(o, "每");
    if (tb_is_han(p) && tb_is_han(nx) && tb_is_han(c->cp[i - 1]) &&
        tb_utf8_has("元币吨斤克米升次人个件台辆天年月日时分秒亩户股桶", p))
        return tb_buf_adds(o, "每");
    if ((p < 0x80 && p > ' ') && (nx < 0x80 && nx > ' '))
        return tb_buf_addc(o, ' ');
    return TB_OK;
}

/* ASCII , : ; ! ? take their full-width forms next to Han text. */
static const char *full_width(unsigned cp)
{
    switch (cp) {
    case ',': return "，";
    case ':': return "：";
    case ';': return "；";
    case '!': return "！";
    case '?': return "？";
    default: return NULL;
    }
}

/* Punctuation: a pause, a full-width mark, or kept. 1 and *st when cp is one. */
static int punctuation(tb_buf *o, const nctx *c, size_t i, tb_status *st)
{
    unsigned cp = c->cp[i], p = prev_ns(c, i), nx = next_ns(c, i);
    int near_han = cjkish(p) || cjkish(nx);
    const char *fw = full_width(cp);
    if (fw) {
        int digits = cp == ',' && ((p >= '0' && p <= '9') || (nx >= '0' && nx <= '9'));
        *st = near_han || digits ? tb_buf_adds(o, fw) : tb_buf_addc(o, (char)cp);
        return 1;
    }
    switch (cp) {
    case '\'': /* McDonald's, don't */
        *st = i > 0 && nis_alpha(c, i - 1) && nis_alpha(c, i + 1) ? tb_buf_addc(o, '\'') : TB_OK;
        return 1;
    /* brackets, dashes and ellipses: a pause */
    case '(':
    case ')':
    case '[':
    case ']':
    case 0xFF08:
    case 0xFF09:
    case 0xFF3B:
    case 0xFF3D:
    case 0x2014:
    case 0x2015:
    case 0x2013:
    case 0x2026:
    case 0x22EF:
    case 0x2E3A:
    case 0x2025: *st = pause(o); return 1;
    case '-':
        if (nx == 0x767E || nx == 0x5343) /* -百分之5 */
            *st = tb_buf_adds(o, "负");
        else if (i > 0 && nis_alpha(c, i - 1) && nis_alpha(c, i + 1))
            *st = tb_buf_addc(o, '-'); /* a hyphenated Latin word */
        else
            *st = p && nx && cjkish(p) && cjkish(nx) ? pause(o) : TB_OK;
        return 1;
    case '.':
        if (cjkish(p) || nx == 0 || tb_is_han(nx) ||
            (p && !nis_alpha(c, i - 1) && !nis_alpha(c, i + 1)))
            *st = tb_buf_adds(o, "。");
        else
            *st = tb_buf_addc(o, '.');
        return 1;
    case 0xFF0E: *st = tb_buf_adds(o, "。"); return 1; /* ． */
    case 0x2236:
    case 0xFE55:
    case 0xFE13: *st = tb_buf_adds(o, "："); return 1; /* ∶ ﹕ ︓ */
    case '/':
    case 0xFF0F:
    case 0x2215: *st = slash(o, c, i, p, nx); return 1;
    default: return 0;
    }
}

/* Signs whose reading depends on what is around them. 1 and *st when cp is one. */
static int sign_in_context(tb_buf *o, const nctx *c, size_t i, tb_status *st)
{
    unsigned cp = c->cp[i], p = prev_ns(c, i), nx = next_ns(c, i);
    switch (cp) {
    case '&': *st = tb_buf_adds(o, cjkish(p) || cjkish(nx) ? "和" : "&"); return 1;
    case '+':
        if (nis_digit(c, i + 1) &&
            !(i > 0 && (nis_digit(c, i - 1) || nis_alpha(c, i - 1) || c->cp[i - 1] == ' ')))
            *st = tb_buf_adds(o, "正"); /* +8848.86m */
        else
            *st = tb_buf_adds(o, "加");
        return 1;
    case '<':
    case '>':
        /* between figures a comparison; around Han text an inner title mark */
        if (cjkish(p) || cjkish(nx) || p == 0 || nx == 0)
            *st = TB_OK;
        else
            *st = tb_buf_adds(o, cp == '<' ? "小于" : "大于");
        return 1;
    case 0x00B0: /* °C, °F: the letter says it */
        if ((ncp(c, i + 1) == 'C' || ncp(c, i + 1) == 'F') && !nis_alpha(c, i + 2))
            *st = TB_OK;
        else
            *st = tb_buf_adds(o, "度");
        return 1;
    default: return 0;
    }
}

tb_status tb_np_char(tb_buf *o, const nctx *c, size_t i)
{
    unsigned cp = c->cp[i], nx = next_ns(c, i);
    int ev = enclosed(cp);
    if (ev)
        return enclosed_number(o, c, i, ev);
    /* ”“ and 》《: two quoted names in a row get the pause a reader makes between them */
    static const unsigned closing[] = {0x201D, 0x300B, 0x2019, 0x300D, 0x300F, 0x3011};
    static const unsigned opening[] = {0x201C, 0x300A, 0x2018, 0x300C, 0x300E, 0x3010};
    if (in_set(cp, closing, 6) && in_set(nx, opening, 6))
        return tb_buf_adds(o, "、");
    if (silent(cp))
        return TB_OK;
    const char *w = sign_word(cp);
    if (w)
        return tb_buf_adds(o, w);
    tb_status st = TB_OK;
    if (punctuation(o, c, i, &st) || sign_in_context(o, c, i, &st))
        return st;
    if ((w = greek(cp)) != NULL || (w = vulgar(cp)) != NULL)
        return tb_buf_adds(o, w);
    if ((cp >= 0x2190 && cp <= 0x21FF) || (cp >= 0x2300 && cp <= 0x23FF) ||
        (cp >= 0x25A0 && cp <= 0x27BF) || (cp >= 0x2B00 && cp <= 0x2BFF) ||
        (cp >= 0x3200 && cp <= 0x32FF) || (cp >= 0x1F000 && cp <= 0x1FAFF))
        return TB_OK; /* arrows, shapes, dingbats, enclosed signs, emoji: not read */
    return tb_buf_addcp(o, cp);
}
