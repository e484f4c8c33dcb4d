/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * figures.c — matchers and expanders for amounts: ratios and scores, percent
 * and permille, fractions, dimensions (1920x1080), money, measures with units,
 * plain numbers, and the range separator between two figures (1-10月 → 至).
 * Rows of the table in rules.c; conventions in docs/normalizer.md.
 */
#include <string.h>

#include "normalize/norm_int.h"
#include "base/utf8.h"

/* Ratios and scores: 3:1, 7.2∶45.9∶46.9, and in a match report 104-100. */
size_t tb_nr_match_ratio(const nctx *c, size_t i, nmatch *m)
{
    if (i > 0 && (nis_digit(c, i - 1) || c->a[i - 1] == '.'))
        return 0;
    size_t j = tb_ns_parse_num(c, i, &m->num[0], 0);
    if (j == i || m->num[0].commas)
        return 0;
    int n = 1, dash = 0;
    while (n < 4) {
        unsigned s = ncp(c, j);
        size_t k = j;
        if (s == ':' || s == 0xFF1A || s == 0x2236) {
            k = j + 1;
        } else if (tb_nc_flag(c, NCTX_SPORTS) && n == 1 &&
                   (s == '-' || s == 0x2013 || s == 0x2014 || s == 0x2015)) {
            k = j + 1;
            dash = 1;
        } else if (tb_nc_flag(c, NCTX_SPORTS) && n == 1 && s == ' ' && ncp(c, j + 1) == '-' &&
                   ncp(c, j + 2) == ' ') {
            k = j + 3;
            dash = 1;
        } else {
            break;
        }
        size_t e = tb_ns_parse_num(c, k, &m->num[n], 0);
        if (e == k || m->num[n].commas)
            break;
        n++;
        j = e;
        if (dash)
            break;
    }
    if (n < 2 || nis_digit(c, j) || nis_alpha(c, j))
        return 0;
    if (dash) {
        /* a score is two integers of up to three digits, not a range of days */
        if (!tb_ns_is_int(&m->num[0]) || !tb_ns_is_int(&m->num[1]) || tb_ns_ndig(&m->num[0]) > 3 ||
            tb_ns_ndig(&m->num[1]) > 3 ||
            tb_ns_in_set(ncp(c, j), "年月日号天周个分秒岁次名倍人元轮场届期"))
            return 0;
    }
    m->nnum = n;
    m->len = j - i;
    return m->len;
}

tb_status tb_nr_say_ratio(const nctx *c, const nmatch *m, tb_buf *o)
{
    tb_status st = TB_OK;
    for (int k = 0; k < m->nnum && st == TB_OK; k++) {
        if (k > 0)
            st = tb_buf_adds(o, "比");
        if (st == TB_OK)
            st = tb_ns_num(o, c, &m->num[k], 0);
    }
    return st;
}

/* 65%, -3.8%, 1.5‰ */
size_t tb_nr_match_percent(const nctx *c, size_t i, nmatch *m)
{
    if (!nis_digit(c, i) && !tb_ns_minus_here(c, i))
        return 0;
    size_t j = tb_ns_parse_num(c, i, &m->num[0], 1);
    if (j == i)
        return 0;
    size_t k = j;
    while (ncp(c, k) == ' ')
        k++;
    unsigned p = ncp(c, k);
    size_t sl = tb_ns_range_sep(c, j);
    if (p != '%' && p != 0x2030 && sl > 0 && m->num[0].fe >= m->num[0].fs) {
        /* 3-5%: one sign for both ends → 百分之三至百分之五 */
        size_t e2 = tb_ns_parse_num(c, j + sl, &m->num[1], 0);
        if (e2 > j + sl && (ncp(c, e2) == '%' || ncp(c, e2) == 0x2030) &&
            !tb_nc_flag(c, NCTX_SPORTS)) {
            m->kind = ncp(c, e2) == '%' ? 0 : 1;
            m->nnum = 2;
            m->len = e2 + 1 - i;
            return m->len;
        }
    }
    if (p == '%')
        m->kind = 0;
    else if (p == 0x2030)
        m->kind = 1;
    else if (p == 0x2031)
        m->kind = 2;
    else
        return 0;
    m->len = k + 1 - i;
    return m->len;
}

tb_status tb_nr_say_percent(const nctx *c, const nmatch *m, tb_buf *o)
{
    static const char *const PRE[] = {"百分之", "千分之", "万分之"};
    nnum x = m->num[0];
    tb_status st = TB_OK;
    if (x.neg) {
        st = tb_buf_adds(o, "负");
        x.neg = 0;
    }
    if (st == TB_OK)
        st = tb_buf_adds(o, PRE[m->kind]);
    if (st == TB_OK)
        st = tb_ns_num(o, c, &x, 0);
    if (st == TB_OK && m->nnum == 2) {
        st = tb_buf_adds(o, "至");
        if (st == TB_OK)
            st = tb_buf_adds(o, PRE[m->kind]);
        if (st == TB_OK)
            st = tb_ns_num(o, c, &m->num[1], 0);
    }
    return st;
}

/* 1/3, 3/16 (not 2008/08/08, not 24/7 inside a code) */
size_t tb_nr_match_fraction(const nctx *c, size_t i, nmatch *m)
{
    if (!nis_digit(c, i) && !tb_ns_minus_here(c, i))
        return 0;
    if (i > 0 && (c->a[i - 1] == '/' || c->a[i - 1] == '.'))
        return 0;
    size_t j = tb_ns_parse_num(c, i, &m->num[0], 1);
    if (j == i || m->num[0].commas)
        return 0;
    size_t k = j;
    while (ncp(c, k) == ' ')
        k++;
    if (ncp(c, k) != '/' && ncp(c, k) != 0xFF0F)
        return 0;
    int decimal = m->num[0].fe != m->num[0].fs;
    k++;
    while (ncp(c, k) == ' ')
        k++;
    size_t e = tb_ns_parse_num(c, k, &m->num[1], 0);
    if (e == k || !tb_ns_is_int(&m->num[1]) || m->num[1].commas || ncp(c, e) == '/' ||
        nis_alpha(c, e))
        return 0;
    if (tb_nx_value(c, &m->num[1]) == 0)
        return 0;
    /* 15.7/10万: a rate per ten thousand people; the scale is part of the whole */
    size_t scale = e;
    while (tb_ns_in_set(ncp(c, scale), "万亿") && scale - e < 2)
        scale++;
    if (decimal && scale == e)
        return 0; /* 1.5/2 is not how fractions are written */
    m->aux = scale;
    m->len = scale - i;
    return m->len;
}

tb_status tb_nr_say_fraction(const nctx *c, const nmatch *m, tb_buf *o)
{
    nnum a = m->num[0];
    tb_status st = TB_OK;
    if (a.neg) {
        st = tb_buf_adds(o, "负");
        a.neg = 0;
    }
    if (st == TB_OK)
        st = tb_ns_num(o, c, &m->num[1], 0);
    for (size_t k = m->num[1].e; st == TB_OK && k < m->aux; k++)
        st = tb_buf_addcp(o, c->cp[k]);
    if (st == TB_OK)
        st = tb_buf_adds(o, "分之");
    if (st == TB_OK)
        st = tb_ns_num(o, c, &a, 0);
    return st;
}

/* Dimensions written with a Latin x or *: 1920x1080, 3*4米 → 乘. */
size_t tb_nr_match_times(const nctx *c, size_t i, nmatch *m)
{
    if (i > 0 && (nis_alpha(c, i - 1) || nis_digit(c, i - 1)))
        return 0;
    size_t j = tb_ns_parse_num(c, i, &m->num[0], 0);
    int n = 1;
    while (j > i && n < 4 && (ncp(c, j) == 'x' || ncp(c, j) == 'X' || ncp(c, j) == '*') &&
           nis_digit(c, j + 1)) {
        size_t e = tb_ns_parse_num(c, j + 1, &m->num[n], 0);
        if (nis_alpha(c, e) && !tb_nu_unit(c, e, &(size_t){0}))
            break;
        n++;
        j = e;
    }
    if (n < 2)
        return 0;
    m->nnum = n;
    m->len = j - i;
    return m->len;
}

tb_status tb_nr_say_times(const nctx *c, const nmatch *m, tb_buf *o)
{
    tb_status st = TB_OK;
    for (int k = 0; k < m->nnum && st == TB_OK; k++) {
        if (k > 0)
            st = tb_buf_adds(o, "乘");
        if (st == TB_OK)
            st = tb_ns_num(o, c, &m->num[k], 0);
    }
    return st;
}

/* Plain numbers: 1.8万, 12,600, -5, 3456.7, 第01版. */
size_t tb_nr_match_number(const nctx *c, size_t i, nmatch *m)
{
    if (ncp(c, i) == '.' && nis_digit(c, i + 1) && i > 0 && tb_is_han(c->cp[i - 1])) {
        /* .22口径: a decimal written without its zero */
        size_t e = tb_ns_digits_end(c, i + 1);
        m->num[0] = (nnum){.s = i, .e = e, .is = i, .ie = i, .fs = i + 1, .fe = e};
        m->len = e - i;
        return m->len;
    }
    if (!nis_digit(c, i) && !tb_ns_minus_here(c, i))
        return 0;
    size_t e = tb_ns_parse_num(c, i, &m->num[0], 1);
    if (e == i)
        return 0;
    m->len = e - i;
    return m->len;
}

tb_status tb_nr_say_number(const nctx *c, const nmatch *m, tb_buf *o)
{
    int f = tb_ns_count_flags(c, &m->num[0]);
    if (m->num[0].s > 0 && c->cp[m->num[0].s - 1] == 0x7B2C) /* 第2 → 第二 */
        f = 0;
    if (ncp(c, m->num[0].e) == 0x5143) /* 元: 36.00元 → 三十六元 */
        f |= NX_TRIM;
    if (m->at >= 2 && c->cp[m->at - 1] == 0x79D2 && nis_digit(c, m->at - 2) &&
        tb_ns_is_int(&m->num[0]) && tb_ns_ndig(&m->num[0]) <= 2)
        return tb_ns_digits(o, c, m->num[0].is, m->num[0].ie,
                            0); /* 9秒83: hundredths, digit by digit */
    if (tb_ns_is_int(&m->num[0]) && tb_ns_ndig(&m->num[0]) == 2 && c->a[m->num[0].is] == '0' &&
        tb_ns_in_set(ncp(c, m->num[0].e), "分秒"))
        return tb_ns_digits(o, c, m->num[0].is, m->num[0].ie, 0); /* 8时05分 → 零五分 */
    if (m->num[0].neg) {
        /* -5~3℃: the sign of a temperature range is 零下 too */
        size_t sl = tb_ns_range_sep(c, m->num[0].e), ul = 0;
        nnum y;
        if (sl > 0) {
            size_t e2 = tb_ns_parse_num(c, m->num[0].e + sl, &y, 1);
            const nunit *u = e2 > m->num[0].e + sl ? tb_nu_unit(c, e2, &ul) : NULL;
            if (u && strstr(u->spoken, "氏度")) {
                nnum x = m->num[0];
                x.neg = 0;
                tb_status st = tb_buf_adds(o, "零下");
                return st == TB_OK ? tb_ns_num(o, c, &x, f) : st;
            }
        }
    }
    return tb_ns_num(o, c, &m->num[0], f);
}

/* Range separators between numbers (1-10月, 15~20, 9月29日—10月6日, 5%~5.5%):
 * 至. Claims the separator only; the numbers are read by the other rules. */
size_t tb_nr_match_range_sep(const nctx *c, size_t i, nmatch *m)
{
    if (!tb_ns_is_dash(c->cp[i]) || i == 0)
        return 0;
    size_t p = i;
    while (p > 0 && c->cp[p - 1] == ' ')
        p--;
    if (p == 0 || (p < i && c->cp[i] == '-' && nis_digit(c, i + 1)))
        return 0;
    unsigned pc = c->cp[p - 1];
    if (c->cp[i] == '-' && c->cp[i - 1] == ' ' && ncp(c, i + 1) == ' ' &&
        (nis_alpha(c, p - 1) || nis_digit(c, p - 1)) &&
        (nis_alpha(c, i + 2) || nis_digit(c, i + 2))) {
        m->kind = 1; /* 2x - y */
        m->len = 1;
        return 1;
    }
    if (!(nis_digit(c, p - 1) || pc == '%' || pc == 0x2030 || pc == 0x2103 ||
          tb_ns_in_set(pc, "年月日号时点分秒万亿千百天周岁倍个度米元")))
        return 0;
    size_t k = i;
    if (tb_ns_is_dash(c->cp[k]))
        k++;
    if (k < c->n && c->cp[k] == c->cp[i] && c->cp[k] != '-')
        k++; /* —— */
    while (ncp(c, k) == ' ')
        k++;
    if (!nis_digit(c, k) && !(ncp(c, k) == '-' && nis_digit(c, k + 1)) &&
        !(tb_ns_in_set(ncp(c, k), "$¥￥€£") && nis_digit(c, k + 1)))
        return 0;
    /* 5 - 3 = 2 is arithmetic */
    if (c->cp[i] == '-' && i > 0 && c->cp[i - 1] == ' ' && ncp(c, i + 1) == ' ')
        m->kind = 1;
    /* 3-0: a range never runs downwards, so two small integers that fall are a score */
    if (c->cp[i] == '-' && m->kind == 0 && nis_digit(c, i - 1) && nis_digit(c, k)) {
        size_t s0 = i - 1, e = tb_ns_digits_end(c, k);
        while (s0 > 0 && nis_digit(c, s0 - 1))
            s0--;
        if (i - s0 <= 3 && e - k <= 3 &&
            (s0 == 0 || (c->a[s0 - 1] != '.' && c->a[s0 - 1] != '-')) && ncp(c, e) != '.' &&
            ncp(c, e) != '%' && !tb_ns_counts(ncp(c, e)) &&
            !tb_ns_in_set(ncp(c, e), "月日号时点分秒年万亿千百元度级")) {
            long a = 0, b = 0;
            for (size_t q = s0; q < i; q++)
                a = a * 10 + c->a[q] - '0';
            for (size_t q = k; q < e; q++)
                b = b * 10 + c->a[q] - '0';
            if (b < a)
                m->kind = 3;
        }
    }
    /* 3-4-5: a chain of numbers (a section, a code) is not a range */
    if (c->cp[i] == '-' && nis_digit(c, i - 1) && nis_digit(c, k)) {
        size_t e = tb_ns_digits_end(c, k), s0 = i - 1;
        while (s0 > 0 && nis_digit(c, s0 - 1))
            s0--;
        int after = ncp(c, e) == '-' && nis_digit(c, e + 1);
        int before = s0 >= 2 && c->cp[s0 - 1] == '-' && nis_digit(c, s0 - 2);
        if (after || before)
            m->kind = 2;
    }
    m->len = k - i;
    return m->len;
}

tb_status tb_nr_say_range_sep(const nctx *c, const nmatch *m, tb_buf *o)
{
    (void)c;
    if (m->kind == 2)
        return TB_OK; /* silent inside a chain */
    if (m->kind == 3)
        return tb_buf_adds(o, "比");
    return tb_buf_adds(o, m->kind ? "减" : "至");
}

/* ¥500, $13.5, US$2万, CNY 1.25 */
size_t tb_nr_match_money(const nctx *c, size_t i, nmatch *m)
{
    size_t cl;
    const nunit *u = tb_nu_currency(c, i, &cl);
    if (!u || (nis_alpha(c, i) && i > 0 && nis_alpha(c, i - 1)))
        return 0;
    size_t k = i + cl;
    while (ncp(c, k) == ' ')
        k++;
    size_t e = tb_ns_parse_num(c, k, &m->num[0], 1);
    if (e == k)
        return 0;
    m->data = u;
    m->aux = e;
    /* 万/亿 scale words belong before the currency word: $5万 → 五万美元 */
    while (tb_ns_in_set(ncp(c, e), "万亿千百"))
        e++;
    m->len = e - i;
    return m->len;
}

tb_status tb_nr_say_money(const nctx *c, const nmatch *m, tb_buf *o)
{
    const nunit *u = m->data;
    tb_status st = tb_ns_num(o, c, &m->num[0], tb_ns_count_flags(c, &m->num[0]) | NX_TRIM);
    for (size_t k = m->aux; st == TB_OK && k < m->at + m->len; k++)
        st = tb_buf_addcp(o, c->cp[k]);
    /* ¥500元, $20美元: the currency is already written after the amount */
    if (st == TB_OK && !tb_ns_word_at(c, m->at + m->len, u->spoken))
        st = tb_buf_adds(o, u->spoken);
    return st;
}

/* 25kg, 38.5℃, 100 km/h, 3.6kWh */
size_t tb_nr_match_unit(const nctx *c, size_t i, nmatch *m)
{
    if (!nis_digit(c, i) && !tb_ns_minus_here(c, i))
        return 0;
    if (i > 0 && nis_alpha(c, i - 1))
        return 0;
    size_t j = tb_ns_parse_num(c, i, &m->num[0], 1);
    if (j == i)
        return 0;
    size_t k = j;
    if (ncp(c, k) == ' ')
        k++;
    size_t ul;
    const nunit *u = tb_nu_unit(c, k, &ul);
    if (!u) {
        static const nunit WAN = {"w", "万"};
        if (ncp(c, j) == 'w' && !nis_alpha(c, j + 1) && tb_is_han(ncp(c, j + 1))) {
            m->data = &WAN; /* 300w张: the web's 万 */
            m->len = j + 1 - i;
            return m->len;
        }
        return 0;
    }
    if (strcmp(u->written, "g") == 0 && tb_ns_is_int(&m->num[0]) && tb_ns_ndig(&m->num[0]) == 1 &&
        tb_ns_in_set(ncp(c, k + ul), "网基手技信时用套通商"))
        return 0; /* 5g网络 is the fifth generation, not five grams */
    m->data = u;
    m->len = k + ul - i;
    /* m³/min, μg/kg: a unit per another unit */
    if (ncp(c, k + ul) == '/' && u->spoken[0] != '\0' && !strchr(u->written, '/')) {
        size_t ul2;
        const nunit *u2 = tb_nu_unit(c, k + ul + 1, &ul2);
        if (u2) {
            m->data2 = u2;
            m->len += 1 + ul2;
        }
    }
    return m->len;
}

tb_status tb_nr_say_unit(const nctx *c, const nmatch *m, tb_buf *o)
{
    const nunit *u = m->data;
    int f = NX_LIANG;
    if (tb_ns_is_int(&m->num[0]) && tb_ns_ndig(&m->num[0]) == 1 && c->a[m->num[0].is] == '2' &&
        strcmp(u->spoken, "摄氏度") != 0 && strcmp(u->spoken, "度") != 0)
        f |= NX_COUNT;
    nnum x = m->num[0];
    tb_status st = TB_OK;
    if (x.neg && strstr(u->spoken, "氏度")) {
        st = tb_buf_adds(o, "零下"); /* -10℃ → 零下十摄氏度 */
        x.neg = 0;
    }
    if (st == TB_OK)
        st = tb_ns_num(o, c, &x, f);
    if (st == TB_OK)
        st = tb_buf_adds(o, u->spoken);
    if (st == TB_OK && m->data2) {
        const nunit *u2 = m->data2;
        st = tb_buf_adds(o, "每");
        if (st == TB_OK)
            st = tb_buf_adds(o, u2->spoken);
    }
    return st;
}
