/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * charset.c — which encoding a report's bytes are in (see input.h and
 * docs/segmentation.md, "Encodings"). Candidates are judged by what their
 * decoded text looks like: Chinese text is full of a few characters that
 * Simplified and Traditional share (的 一 是 不 了 在 人 …, the most frequent
 * characters of any frequency list of modern Chinese) and of ，。、; mojibake
 * (Big5 read as GB18030, GB18030 read as Big5, UTF-16 read as bytes) is
 * full of private-use characters, Hangul, Bopomofo, vertical forms and
 * letters of other scripts, and almost never forms those characters.
 */
#define _GNU_SOURCE /* strcasestr, memmem */
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/utf8.h"
#include "input/input_int.h"

#define GB_ERROR_RATIO 8  /* at most one byte invalid in GB18030/Big5 per 8 UTF-8 would drop */
#define NEITHER_MIN_BAD 8 /* so many invalid bytes, in no encoding: refused */
#define SCAN_DECLARED 4096

typedef struct {
    size_t nonascii, common, odd, errors;
} stats;

/* Characters that Simplified and Traditional Chinese write alike, among the
 * most frequent of either, and the common full-width punctuation. Sorted. */
static const unsigned common_cps[] = {
    0x201C, 0x201D, 0x3001, 0x3002, 0x300A, 0x300B, 0x300C, 0x300D, 0x4E00, 0x4E09, 0x4E0A,
    0x4E0B, 0x4E0D, 0x4E2D, 0x4E3B, 0x4E4B, 0x4E5F, 0x4E86, 0x4E8C, 0x4EBA, 0x4ED6, 0x4F5C,
    0x5168, 0x516C, 0x5176, 0x5206, 0x5230, 0x5341, 0x53EF, 0x540C, 0x5728, 0x5730, 0x591A,
    0x5927, 0x5BB6, 0x5C0F, 0x5C31, 0x5DE5, 0x5E02, 0x5E74, 0x6210, 0x6211, 0x6240, 0x6587,
    0x65B0, 0x65E5, 0x6708, 0x6709, 0x6C11, 0x751F, 0x7684, 0x81EA, 0x884C, 0x8981, 0x90E8,
    0x9AD8, 0xFF01, 0xFF08, 0xFF09, 0xFF0C, 0xFF1A, 0xFF1B, 0xFF1F};

static int cmp_cp(const void *a, const void *b)
{
    unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
    return x < y ? -1 : x > y;
}

static int common_cp(unsigned cp)
{
    return bsearch(&cp, common_cps, sizeof common_cps / sizeof common_cps[0], sizeof cp, cmp_cp) !=
           NULL;
}

/* Code points that Chinese text (and English in it) does not hold. */
static int odd_cp(unsigned cp)
{
    return (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || (cp >= 0x80 && cp <= 0x9F) ||
           (cp >= 0x0530 && cp <= 0x1DFF) || (cp >= 0x2C00 && cp <= 0x2DFF) ||
           (cp >= 0x3100 && cp <= 0x318F) || (cp >= 0x31A0 && cp <= 0x31BF) ||
           (cp >= 0xA000 && cp <= 0xABFF) || (cp >= 0xAC00 && cp <= 0xD7FF) ||
           (cp >= 0xE000 && cp <= 0xF8FF) || (cp >= 0xFE10 && cp <= 0xFE4F) || cp >= 0xFFF0;
}

static void count_utf8(const char *u, size_t n, stats *s)
{
    for (size_t i = 0; i < n;) {
        unsigned cp;
        size_t k = tb_utf8_decode(u + i, n - i, &cp);
        if (!k) {
            s->errors++;
            i++;
            continue;
        }
        i += k;
        if (cp >= 0x80)
            s->nonascii++;
        s->common += common_cp(cp);
        s->odd += odd_cp(cp);
    }
}

/* Decode d[0..n) from `charset` (NULL: UTF-8), dropping invalid bytes, and
 * judge the text. */
static stats judge(const char *charset, const char *d, size_t n)
{
    stats s = {0, 0, 0, 0};
    if (!charset) {
        count_utf8(d, n, &s);
        return s;
    }
    iconv_t cd = iconv_open("UTF-8", charset);
    if (cd == (iconv_t)-1) {
        s.errors = SIZE_MAX / 2;
        return s;
    }
    char *ip = (char *)(uintptr_t)d;
    size_t il = n;
    while (il > 0) {
        char tmp[8192];
        char *op = tmp;
        size_t ol = sizeof tmp;
        size_t r = iconv(cd, &ip, &il, &op, &ol);
        int e = errno;
        count_utf8(tmp, (size_t)(op - tmp), &s);
        if (r == (size_t)-1 && e != E2BIG) {
            s.errors++;
            ip++;
            il--;
        }
    }
    iconv_close(cd);
    return s;
}

/* Reads as Chinese (or as too little non-ASCII text to judge, none odd). */
static int plausible(const stats *s)
{
    if (s->errors * GB_ERROR_RATIO > s->nonascii + GB_ERROR_RATIO)
        return 0;
    if (s->nonascii < 16)
        return s->odd == 0;
    return s->common * 25 >= s->nonascii && s->odd * 20 <= s->nonascii;
}

static long quality(const stats *s)
{
    return (long)s->common * 4 - (long)s->odd * 4 - (long)s->errors * 8;
}

static void set(tb_charset_choice *c, const char *charset, const char *name)
{
    c->charset = charset;
    c->name = name;
}

/* ---- a charset the page declares ---- */

/* An encoding name as pages write it → our charset; 0 if we do not read it. */
static int known_charset(const char *v, size_t n, tb_charset_choice *c)
{
    static const struct {
        const char *label, *charset, *name;
    } names[] = {{"utf-8", NULL, "UTF-8"},           {"utf8", NULL, "UTF-8"},
                 {"gb2312", "GB18030", "GB18030"},   {"gbk", "GB18030", "GB18030"},
                 {"gb18030", "GB18030", "GB18030"},  {"x-gbk", "GB18030", "GB18030"},
                 {"cp936", "GB18030", "GB18030"},    {"euc-cn", "GB18030", "GB18030"},
                 {"big5", "BIG5-HKSCS", "Big5"},     {"big5-hkscs", "BIG5-HKSCS", "Big5"},
                 {"x-x-big5", "BIG5-HKSCS", "Big5"}, {"cp950", "BIG5-HKSCS", "Big5"}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strlen(names[i].label) == n && !strncasecmp(v, names[i].label, n)) {
            set(c, names[i].charset, names[i].name);
            return 1;
        }
    return 0;
}

/* The value after `key` (charset= or encoding=) in s[0..n), into out. */
static int value_after(const char *s, size_t n, const char *key, char out[32])
{
    const char *k = memmem(s, n, key, strlen(key));
    if (!k)
        return 0;
    const char *v = k + strlen(key), *end = s + n;
    while (v < end && (*v == ' ' || *v == '=' || *v == '"' || *v == '\''))
        v++;
    size_t len = 0;
    while (v + len < end && len < 31 &&
           (((v[len] | 0x20) >= 'a' && (v[len] | 0x20) <= 'z') ||
            (v[len] >= '0' && v[len] <= '9') || v[len] == '-' || v[len] == '_'))
        len++;
    memcpy(out, v, len);
    out[len] = '\0';
    return len > 0;
}

/* The charset declared by an XML declaration or an HTML <meta> in the first
 * SCAN_DECLARED bytes, into out (lower case not required). */
static int declared_charset(const char *d, size_t n, char out[32])
{
    size_t m = n < SCAN_DECLARED ? n : SCAN_DECLARED;
    char head[SCAN_DECLARED + 1];
    /* cppcheck-suppress knownConditionTrueFalse ; it follows a caller's n = 0 only */
    for (size_t i = 0; i < m; i++) /* lower case ASCII, NUL-free copy for strcasestr */
        head[i] = d[i] ? (char)((d[i] >= 'A' && d[i] <= 'Z') ? d[i] | 0x20 : d[i]) : ' ';
    head[m] = '\0';
    const char *p = head;
    while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
        p++;
    if (!strncmp(p, "<?xml", 5)) {
        const char *e = strstr(p, "?>");
        if (e && value_after(p, (size_t)(e - p), "encoding", out))
            return 1;
    }
    for (const char *q = head; (q = strstr(q, "<meta")) != NULL; q += 5) {
        const char *e = strchr(q, '>');
        size_t len = e ? (size_t)(e - q) : strlen(q);
        if (value_after(q, len, "charset", out))
            return 1;
    }
    return 0;
}

/* ---- UTF-16 without a byte-order mark ---- */

static tb_status utf16_guess(const char *d, size_t n, const char *name, tb_charset_choice *c,
                             tb_diag *diag, int *found)
{
    size_t nul = 0, bad = 0, good = 0;
    *found = 0;
    for (size_t i = 0; i < n; i++)
        nul += d[i] == 0;
    for (size_t i = 0; i < n;) {
        unsigned cp;
        size_t k = tb_utf8_decode(d + i, n - i, &cp);
        bad += !k;
        good += k > 1;
        i += k ? k : 1;
    }
    if ((nul == 0 && bad == 0) || n < 4 || n % 2)
        return TB_OK;
    stats le = judge("UTF-16LE", d, n), be = judge("UTF-16BE", d, n);
    int le_ok = le.errors == 0 && plausible(&le) && (le.nonascii >= 8 || nul * 4 >= n);
    int be_ok = be.errors == 0 && plausible(&be) && (be.nonascii >= 8 || nul * 4 >= n);
    if (le_ok || be_ok) {
        int use_le = le_ok && (!be_ok || quality(&le) >= quality(&be));
        set(c, use_le ? "UTF-16LE" : "UTF-16BE", "UTF-16");
        *found = 1;
        return TB_OK;
    }
    if (nul >= 4 && nul * 8 >= n) {
        tb_diag_set(diag, name, 0, 0,
                    "%zu NUL bytes: the file looks like UTF-16 or UTF-32 without a byte-order "
                    "mark, but does not read as text in UTF-16; give --encoding utf-16le or "
                    "utf-16be, or convert it to UTF-8",
                    nul);
        return TB_ERR_ENCODING;
    }
    (void)good;
    return TB_OK;
}

/* ---- detection among UTF-8, GB18030 and Big5 ---- */

static void detect(const char *d, size_t n, tb_charset_choice *c)
{
    size_t good = 0, bad = 0;
    for (size_t i = 0; i < n;) {
        if ((unsigned char)d[i] < 0x80) {
            i++;
            continue;
        }
        unsigned cp;
        size_t k = tb_utf8_decode(d + i, n - i, &cp);
        good += k > 0;
        bad += k == 0;
        i += k ? k : 1;
    }
    set(c, NULL, "UTF-8");
    if (bad == 0 || good >= bad)
        return;
    stats gb = judge("GB18030", d, n), b5 = judge("BIG5-HKSCS", d, n);
    int gb_fits = gb.errors <= bad / GB_ERROR_RATIO, b5_fits = b5.errors <= bad / GB_ERROR_RATIO;
    if (gb_fits && (!b5_fits || quality(&gb) >= quality(&b5)))
        set(c, "GB18030", "GB18030");
    else if (b5_fits)
        set(c, "BIG5-HKSCS", "Big5");
    else
        c->neither = bad >= NEITHER_MIN_BAD;
    c->mixed = c->charset != NULL;
}

static tb_status refuse_mojibake(const char *name, const char *what, const char *charset,
                                 tb_diag *diag)
{
    tb_diag_set(diag, name, 0, 0,
                "%s %s, but the text does not read as Chinese in it (mojibake); convert the "
                "file to UTF-8 or give --encoding",
                what, charset);
    return TB_ERR_ENCODING;
}

/* The declared charset, if the page has one that fits: 1 when chosen. */
static tb_status try_declared(const char *d, size_t n, const char *name, const tb_input_opts *o,
                              tb_charset_choice *c, tb_diag *diag, int *chosen)
{
    char decl[32];
    *chosen = 0;
    if (!declared_charset(d, n, decl) || !known_charset(decl, strlen(decl), c))
        return TB_OK;
    stats s = judge(c->charset, d, n);
    if (plausible(&s)) {
        c->mixed = c->charset != NULL;
        *chosen = 1;
        return TB_OK;
    }
    if (o->strict)
        return refuse_mojibake(name, "the page declares charset", decl, diag);
    snprintf(c->declared, sizeof c->declared, "%s", decl);
    return TB_OK;
}

tb_status tb_input_choose(const char *d, size_t n, const char *name, const tb_input_opts *o,
                          int markup, tb_charset_choice *c, tb_diag *diag)
{
    memset(c, 0, sizeof *c);
    set(c, NULL, "UTF-8");
    if (n >= 3 && !memcmp(d, "\xEF\xBB\xBF", 3)) {
        c->skip = 3;
    } else if (n >= 4 && !memcmp(d, "\x84\x31\x95\x33", 4)) {
        set(c, "GB18030", "GB18030");
        c->skip = 4;
    } else if (n >= 2 && !memcmp(d, "\xFF\xFE", 2)) {
        set(c, "UTF-16LE", "UTF-16");
        c->skip = 2;
    } else if (n >= 2 && !memcmp(d, "\xFE\xFF", 2)) {
        set(c, "UTF-16BE", "UTF-16");
        c->skip = 2;
    } else if (o->encoding != TB_ENC_AUTO) {
        static const char *const cs[] = {NULL,         NULL,       "GB18030",
                                         "BIG5-HKSCS", "UTF-16LE", "UTF-16BE"};
        static const char *const nm[] = {"UTF-8", "UTF-8", "GB18030", "Big5", "UTF-16", "UTF-16"};
        set(c, cs[o->encoding], nm[o->encoding]);
    } else {
        int found = 0;
        tb_status st = utf16_guess(d, n, name, c, diag, &found);
        if (st == TB_OK && !found && markup)
            st = try_declared(d, n, name, o, c, diag, &found);
        if (st != TB_OK || found)
            return st;
        detect(d, n, c);
        if (o->strict && c->charset) {
            stats s = judge(c->charset, d, n);
            if (s.nonascii >= 16 && !plausible(&s))
                return refuse_mojibake(name, "the bytes were taken for", c->name, diag);
        }
    }
    return TB_OK;
}

int tb_input_utf8_chinese_line(const char *s, size_t n)
{
    size_t wide = 0;
    for (size_t i = 0; i < n;) {
        unsigned cp;
        size_t k = tb_utf8_decode(s + i, n - i, &cp);
        if (!k)
            return 0;
        i += k;
        if (cp < 0x80)
            continue;
        if (!((cp >= 0x3400 && cp <= 0x9FFF) || (cp >= 0x3000 && cp <= 0x303F) ||
              (cp >= 0xFF00 && cp <= 0xFFEF) || (cp >= 0x2010 && cp <= 0x2027) ||
              (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x2FFFF)))
            return 0;
        wide++;
    }
    return wide >= 2;
}
