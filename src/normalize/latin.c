/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * latin.c — Latin letters in Chinese text. Abbreviations (GDP, CPI, 5G's G) stay
 * Latin in the spoken form: the lexicon stage hands Latin runs to the English
 * voice. Here we only put well-known abbreviations written in lower case into
 * capitals (nba → NBA) and read e-mail addresses and URLs the way a Chinese
 * newsreader does: letters as letters, digits one by one, "." as 点, "@" as 艾特,
 * and the scheme (https://) left out.
 */
#include <string.h>

#include "normalize/norm_int.h"

size_t tb_nl_letters(const nctx *c, size_t i)
{
    size_t j = i;
    while (nis_alpha(c, j))
        j++;
    return j - i;
}

/* Abbreviations that are said letter by letter even when written in lower case. */
static const char *const ABBREV[] = {
    "atm", "ufo",  "gpu", "cpu", "nba", "ceo", "cfo", "cto", "gdp", "cpi",  "ppi", "pmi", "app",
    "vip", "suv",  "mba", "dna", "rna", "usb", "led", "lcd", "pc",  "ai",   "tv",  "wto", "who",
    "imf", "nasa", "icu", "gps", "ipo", "etf", "id",  "ip",  "pdf", "cctv", "diy", "ktv", "pk",
    "qq",  "vr",   "ar",  "cba", "fbi", "cia", "sim", "mvp", "ocr", "api",  "sdk", "ui",  "iq",
    "eq",  "ppt",  "www", "cbd", "gre", "sat", "ceo", "hr",  "pr",  "ip",   "it",  "5g",
};

static int is_abbrev(const nctx *c, size_t s, size_t e)
{
    size_t n = e - s;
    for (size_t k = 0; k < sizeof ABBREV / sizeof ABBREV[0]; k++) {
        if (strlen(ABBREV[k]) != n)
            continue;
        size_t j = 0;
        while (j < n && (c->a[s + j] | 0x20) == ABBREV[k][j])
            j++;
        if (j == n)
            return 1;
    }
    return 0;
}

tb_status tb_nl_word(tb_buf *o, const nctx *c, size_t s, size_t e)
{
    int up = 0;
    if (is_abbrev(c, s, e)) {
        up = 1; /* atm, Atm → ATM */
        if (e - s == 3 && memcmp(c->a + s, "who", 3) == 0)
            up = 0; /* the English word */
        if (e - s == 2 && (memcmp(c->a + s, "it", 2) == 0 || memcmp(c->a + s, "It", 2) == 0 ||
                           memcmp(c->a + s, "ar", 2) == 0))
            up = 0;
    }
    for (size_t j = s; j < e; j++) {
        char ch = c->a[j];
        if (up && ch >= 'a' && ch <= 'z')
            ch = (char)(ch - 'a' + 'A');
        tb_status st = tb_buf_addc(o, ch);
        if (st != TB_OK)
            return st;
    }
    return TB_OK;
}

static int addr_char(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '.' || ch == '-' || ch == '_' || ch == '%' || ch == '+';
}

static int url_char(char ch)
{
    return addr_char(ch) || ch == '/' || ch == '?' || ch == '=' || ch == '&' || ch == '#' ||
           ch == ':' || ch == '~';
}

static int starts(const nctx *c, size_t i, const char *w)
{
    size_t n = strlen(w);
    if (i + n > c->n)
        return 0;
    for (size_t k = 0; k < n; k++)
        if ((c->a[i + k] | 0x20) != w[k])
            return 0;
    return 1;
}

size_t tb_nl_addr_len(const nctx *c, size_t i)
{
    if (i > 0 && (addr_char(c->a[i - 1]) || c->a[i - 1] == '@'))
        return 0;
    size_t j = i;
    if (starts(c, i, "http://") || starts(c, i, "https://") || starts(c, i, "www.") ||
        starts(c, i, "ftp://")) {
        while (j < c->n && url_char(c->a[j]))
            j++;
    } else {
        while (j < c->n && addr_char(c->a[j]))
            j++;
        if (j == i || j >= c->n || c->a[j] != '@')
            return 0;
        j++;
        size_t dom = j, dots = 0;
        while (j < c->n && addr_char(c->a[j])) {
            dots += c->a[j] == '.';
            j++;
        }
        if (j == dom || dots == 0)
            return 0;
    }
    while (j > i && (c->a[j - 1] == '.' || c->a[j - 1] == ':' || c->a[j - 1] == '?'))
        j--; /* sentence punctuation after the address */
    return j - i;
}

tb_status tb_nl_addr(tb_buf *o, const nctx *c, size_t s, size_t e)
{
    tb_status st = TB_OK;
    if (starts(c, s, "https://"))
        s += 8;
    else if (starts(c, s, "http://"))
        s += 7;
    else if (starts(c, s, "ftp://"))
        s += 6;
    while (e > s && c->a[e - 1] == '/')
        e--;
    for (size_t j = s; j < e && st == TB_OK; j++) {
        char ch = c->a[j];
        switch (ch) {
        case '.': st = tb_buf_adds(o, "点"); break;
        case '@': st = tb_buf_adds(o, "艾特"); break;
        case '/': st = tb_buf_adds(o, "斜杠"); break;
        case '-': st = tb_buf_adds(o, "杠"); break;
        case '_': st = tb_buf_adds(o, "下划线"); break;
        case ':': st = tb_buf_adds(o, "冒号"); break;
        case '?': st = tb_buf_adds(o, "问号"); break;
        case '=': st = tb_buf_adds(o, "等于"); break;
        case '&': st = tb_buf_adds(o, "和"); break;
        case '#': st = tb_buf_adds(o, "井号"); break;
        case '%': st = tb_buf_adds(o, "百分号"); break;
        case '+': st = tb_buf_adds(o, "加"); break;
        case '~': st = tb_buf_adds(o, "波浪号"); break;
        default:
            if (ch >= '0' && ch <= '9')
                st = tb_buf_adds(o, tb_nx_digit_word(ch - '0', 0));
            else if (j + 3 <= e && (j == s || c->a[j - 1] == '.' || c->a[j - 1] == '/') &&
                     starts(c, j, "www") && (j + 3 == e || c->a[j + 3] == '.')) {
                st = tb_buf_adds(o, "WWW");
                j += 2;
            } else
                st = tb_buf_addc(o, ch);
        }
    }
    return st;
}
