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
    case 0xFF1F: /* ？ */
        return 1;
    default:
        return 0;
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
    case 0x03B1: case 0x0391: return "阿尔法";
    case 0x03B2: case 0x0392: return "贝塔";
    case 0x03B3: case 0x0393: return "伽马";
    case 0x03B4: case 0x0394: return "德尔塔";
    case 0x03B5: return "艾普西龙";
    case 0x03B8: return "西塔";
    case 0x03BB: return "兰姆达";
    case 0x03BC: return "缪";
    case 0x03C0: return "派";
    case 0x03C3: case 0x03A3: return "西格玛";
    case 0x03C9: case 0x03A9: return "欧米伽";
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

/* Is cp one of the UTF-8 characters of set? */
static int strchr_cp(const char *set, unsigned cp)
{
    size_t n = strlen(set);
    for (size_t k = 0; k < n;) {
        unsigned x;
        size_t l = tb_utf8_decode(set + k, n - k, &x);
        if (l == 0)
            return 0;
        if (x == cp)
            return 1;
        k += l;
    }
    return 0;
}

static tb_status pause(tb_buf *o)
{
    return tb_buf_adds(o, "，");
}

tb_status tb_np_char(tb_buf *o, const nctx *c, size_t i)
{
    unsigned cp = c->cp[i];
    unsigned p = prev_ns(c, i), nx = next_ns(c, i);
    int near_han = cjkish(p) || cjkish(nx);
    int ev = enclosed(cp);
    if (ev) {
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
    /* ”“ and 》《: two quoted names in a row get the pause a reader makes between them */
    if ((cp == 0x201D || cp == 0x300B || cp == 0x2019 || cp == 0x300D || cp == 0x300F || cp == 0x3011) &&
        (nx == 0x201C || nx == 0x300A || nx == 0x2018 || nx == 0x300C || nx == 0x300E || nx == 0x3010))
        return tb_buf_adds(o, "、");
    switch (cp) {
    /* never read aloud */
    case 0x300A: case 0x300B: case 0x3008: case 0x3009: /* 《》〈〉 */
    case 0x201C: case 0x201D: case 0x2018: case 0x2019: /* “”‘’ */
    case 0x300C: case 0x300D: case 0x300E: case 0x300F: /* 「」『』 */
    case 0x3010: case 0x3011: case 0x3014: case 0x3015: /* 【】〔〕 */
    case 0x3016: case 0x3017: case 0x301D: case 0x301E: case 0x301F:
    case '"': case '`': case '{': case '}': case '|': case '\\': case '^': case '_':
    case 0x00B7: case 0x30FB: case 0x2022: case 0x2027: /* middle dots */
    case 0x2192: case 0x2190: case 0x2191: case 0x2193: case 0x21D2: case 0x21D0:
    case 0x2794: case 0x27A1: case 0x25B6: case 0x25A0: case 0x25A1: case 0x25CF:
    case 0x25CB: case 0x2605: case 0x2606: case 0x25C6: case 0x25C7: case 0x203B:
    case 0x00AE: case 0x00A9: case 0x2122: case '*': case '#':
    case 0x00A7: case 0x00B6: case 0x2020: case 0x2021: case 0x2116: case 0x2121:
        return TB_OK;
    case '\'':
        if (i > 0 && nis_alpha(c, i - 1) && nis_alpha(c, i + 1))
            return tb_buf_addc(o, '\''); /* McDonald's, don't */
        return TB_OK;
    /* brackets, dashes and ellipses: a pause */
    case '(': case ')': case '[': case ']': case 0xFF08: case 0xFF09: case 0xFF3B: case 0xFF3D:
    case 0x2014: case 0x2015: case 0x2013: case 0x2026: case 0x22EF: case 0x2E3A: case 0x2025:
        return pause(o);
    case '-':
        if (nx == 0x767E || nx == 0x5343) /* -百分之5 */
            return tb_buf_adds(o, "负");
        if (i > 0 && nis_alpha(c, i - 1) && nis_alpha(c, i + 1))
            return tb_buf_addc(o, '-'); /* a hyphenated Latin word */
        if (p == 0 || nx == 0)
            return TB_OK;
        return cjkish(p) && cjkish(nx) ? pause(o) : TB_OK;
    case '~': case 0xFF5E: case 0x301C:
        return TB_OK;
    case ',':
        return near_han || (p >= '0' && p <= '9') || (nx >= '0' && nx <= '9') ? tb_buf_adds(o, "，")
                                                                               : tb_buf_addc(o, ',');
    case ':':
        return near_han ? tb_buf_adds(o, "：") : tb_buf_addc(o, ':');
    case ';':
        return near_han ? tb_buf_adds(o, "；") : tb_buf_addc(o, ';');
    case '!':
        return near_han ? tb_buf_adds(o, "！") : tb_buf_addc(o, '!');
    case '?':
        return near_han ? tb_buf_adds(o, "？") : tb_buf_addc(o, '?');
    case '.':
        if (cjkish(p) || nx == 0 || tb_is_han(nx) || (p && !nis_alpha(c, i - 1) && !nis_alpha(c, i + 1)))
            return tb_buf_adds(o, "。");
        return tb_buf_addc(o, '.');
    case 0xFF0E: /* ． */
        return tb_buf_adds(o, "。");
    case 0x2236: case 0xFE55: case 0xFE13: /* ∶ ﹕ ︓ */
        return tb_buf_adds(o, "：");
    case '/': case 0xFF0F: case 0x2215:
        if (tb_is_han(p) && (nx == 0x5206 || nx == 0x79D2 || nx == 0x65F6 || nx == 0x5929 ||
                             nx == 0x5E74 || nx == 0x6708 || nx == 0x5468 || nx == 0x4EBA ||
                             nx == 0x6B21 || nx == 0x65A4 || nx == 0x5428 || nx == 0x4E2A ||
                             nx == 0x5C0F || nx == 0x4EA9 || nx == 0x5343 || nx == 0x7C73))
            return tb_buf_adds(o, "每"); /* 次/分, 元/斤, 元/吨 */
        if (tb_is_han(p) && tb_is_han(nx) && tb_is_han(c->cp[i - 1]) &&
            strchr_cp("元币吨斤克米升次人个件台辆天年月日时分秒亩户股桶", p))
            return tb_buf_adds(o, "每"); /* 2000美元/盎司 */
        if ((p < 0x80 && p > ' ') && (nx < 0x80 && nx > ' '))
            return tb_buf_addc(o, ' ');
        return TB_OK;
    case '&':
        return tb_buf_adds(o, near_han ? "和" : "&");
    case '@':
        return tb_buf_adds(o, "艾特");
    case '+':
        if (nis_digit(c, i + 1) && !(i > 0 && (nis_digit(c, i - 1) || nis_alpha(c, i - 1) || c->cp[i - 1] == ' ')))
            return tb_buf_adds(o, "正"); /* +8848.86m */
        return tb_buf_adds(o, "加");
    case '=':
        return tb_buf_adds(o, "等于");
    case 0x00D7: /* × */
        return tb_buf_adds(o, "乘");
    case 0x00F7:
        return tb_buf_adds(o, "除以");
    case 0x2248:
        return tb_buf_adds(o, "约等于");
    case 0x2260:
        return tb_buf_adds(o, "不等于");
    case 0x2264: case 0x2A7D:
        return tb_buf_adds(o, "小于等于");
    case 0x2265: case 0x2A7E:
        return tb_buf_adds(o, "大于等于");
    case '<': case '>':
        /* between figures a comparison; around Han text an inner title mark */
        if (cjkish(p) || cjkish(nx) || p == 0 || nx == 0)
            return TB_OK;
        return tb_buf_adds(o, cp == '<' ? "小于" : "大于");
    case 0x00B1:
        return tb_buf_adds(o, "正负");
    case '%': case 0xFF05:
        return tb_buf_adds(o, "百分号");
    case 0x2030:
        return tb_buf_adds(o, "千分号");
    case 0x00A5: case 0xFFE5: /* a currency sign without an amount: its name */
        return tb_buf_adds(o, "元");
    case '$':
        return tb_buf_adds(o, "美元");
    case 0x20AC:
        return tb_buf_adds(o, "欧元");
    case 0x00A3:
        return tb_buf_adds(o, "英镑");
    case 0x2103:
        return tb_buf_adds(o, "摄氏度");
    case 0x2109:
        return tb_buf_adds(o, "华氏度");
    case 0x2031:
        return tb_buf_adds(o, "万分号");
    case 0x00B0:
        if (ncp(c, i + 1) == 'C' && !nis_alpha(c, i + 2))
            return TB_OK; /* °C: the C says it */
        if (ncp(c, i + 1) == 'F' && !nis_alpha(c, i + 2))
            return TB_OK;
        return tb_buf_adds(o, "度");
    default:
        break;
    }
    const char *w = greek(cp);
    if (w)
        return tb_buf_adds(o, w);
    w = vulgar(cp);
    if (w)
        return tb_buf_adds(o, w);
    if ((cp >= 0x2190 && cp <= 0x21FF) || (cp >= 0x2300 && cp <= 0x23FF) || (cp >= 0x25A0 && cp <= 0x27BF) ||
        (cp >= 0x2B00 && cp <= 0x2BFF) || (cp >= 0x3200 && cp <= 0x32FF) || (cp >= 0x1F000 && cp <= 0x1FAFF))
        return TB_OK; /* arrows, shapes, dingbats, enclosed signs, emoji: not read */
    return tb_buf_addcp(o, cp);
}
