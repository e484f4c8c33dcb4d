/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * numbers.c — the number expanders of the normaliser: digit strings, cardinals
 * with 万/亿 scales, decimals. Pure functions of their arguments that append
 * UTF-8 to a tb_buf; rules.c decides which one a written number gets.
 *
 * Conventions (docs/normalizer.md): zero is 零 (never 〇); 10–19 at the start of
 * a number are 十…, inside it 一十… (110 → 一百一十); 二 is the digit and 两 is
 * said only for a leading 2 before 千/万/亿 (2000 → 两千, 2万 → 两万, but 200 →
 * 二百, 1200 → 一千二百) and for a lone 2 that counts things (2个 → 两个).
 * Integers of more than 16 digits are read digit by digit, so nothing overflows.
 */
#include <string.h>

#include "normalize/norm_int.h"

static const char *const DIGIT[10] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};

const char *tb_nx_digit_word(int d, int yao)
{
    if (d == 1 && yao)
        return "幺";
    return DIGIT[d < 0 || d > 9 ? 0 : d];
}

tb_status tb_nx_digits(tb_buf *o, const char *d, size_t n, int flags)
{
    for (size_t k = 0; k < n; k++) {
        if (d[k] < '0' || d[k] > '9')
            continue;
        tb_status st = tb_buf_adds(o, tb_nx_digit_word(d[k] - '0', flags & NX_YAO));
        if (st != TB_OK)
            return st;
    }
    return TB_OK;
}

/* One group of up to four digits g[0..gn) (most significant first).
 * first: nothing has been said before this group in the whole number. */
static tb_status group4(tb_buf *o, const char *g, size_t gn, int first, int flags, int big_unit)
{
    static const char *const POS[4] = {"", "十", "百", "千"};
    int zero = 0, said = 0;
    tb_status st = TB_OK;
    for (size_t k = 0; k < gn && st == TB_OK; k++) {
        int dg = g[k] - '0';
        size_t pos = gn - 1 - k;
        if (dg == 0) {
            if (said)
                zero = 1;
            continue;
        }
        if (zero) {
            st = tb_buf_adds(o, "零");
            zero = 0;
        }
        if (st != TB_OK)
            break;
        if (dg == 1 && pos == 1 && first && !said) {
            /* 10–19 at the head of the number: 十二, 十五万 */
        } else if (dg == 2 && first && !said &&
                   ((pos == 3 && (flags & NX_LIANG)) ||
                    (pos == 0 && big_unit && (flags & NX_LIANG)) ||
                    (pos == 0 && gn == 1 && (flags & NX_COUNT)))) {
            st = tb_buf_adds(o, "两");
        } else {
            st = tb_buf_adds(o, DIGIT[dg]);
        }
        if (st == TB_OK)
            st = tb_buf_adds(o, POS[pos]);
        said = 1;
    }
    return st;
}

tb_status tb_nx_cardinal(tb_buf *o, const char *d, size_t n, int flags)
{
    while (n > 1 && d[0] == '0') {
        d++;
        n--;
    }
    if (n == 0)
        return TB_OK;
    if (n > NX_MAX_CARDINAL)
        return tb_nx_digits(o, d, n, flags & NX_YAO);
    if (n == 1 && d[0] == '0')
        return tb_buf_adds(o, "零");
    /* the fourth group is 万 of 亿: 1234,5678,0000,0000 → 一千二百三十四万五千六百七十八亿 */
    static const char *const UNIT[4] = {"", "万", "亿", "万"};
    size_t ngroups = (n + 3) / 4;
    size_t head = n - (ngroups - 1) * 4; /* digits in the first group */
    int started = 0, pending_zero = 0, said_yi = 0;
    const char *g = d;
    for (size_t gi = 0; gi < ngroups; gi++) {
        size_t gn = gi == 0 ? head : 4;
        size_t unit = ngroups - 1 - gi;
        int allzero = 1;
        for (size_t k = 0; k < gn; k++)
            if (g[k] != '0')
                allzero = 0;
        if (allzero) {
            if (started)
                pending_zero = 1;
            if (unit == 2 && started && !said_yi) {
                tb_status st = tb_buf_adds(o, "亿"); /* 一千万亿: the 亿 group is empty */
                if (st != TB_OK)
                    return st;
                said_yi = 1;
            }
            g += gn;
            continue;
        }
        tb_status st = TB_OK;
        if (started && (pending_zero || g[0] == '0'))
            st = tb_buf_adds(o, "零");
        if (st == TB_OK)
            st = group4(o, g, gn, !started, flags, unit > 0);
        if (st == TB_OK)
            st = tb_buf_adds(o, UNIT[unit]);
        if (unit == 2)
            said_yi = 1;
        if (st != TB_OK)
            return st;
        started = 1;
        pending_zero = 0;
        g += gn;
    }
    return TB_OK;
}

tb_status tb_nx_decimal(tb_buf *o, const char *d, size_t n, const char *f, size_t fn, int flags)
{
    tb_status st;
    if (n == 0)
        st = tb_buf_adds(o, "零");
    else
        st = tb_nx_cardinal(o, d, n, flags & ~NX_COUNT);
    if (st == TB_OK && fn > 0) {
        st = tb_buf_adds(o, "点");
        if (st == TB_OK)
            st = tb_nx_digits(o, f, fn, 0);
    }
    return st;
}

tb_status tb_nx_num(tb_buf *o, const nctx *c, const nnum *x, int flags)
{
    tb_status st = TB_OK;
    if (x->neg)
        st = tb_buf_adds(o, "负");
    if (st != TB_OK)
        return st;
    const char *d = c->a + x->is;
    size_t n = x->ie - x->is;
    char tmp[NX_MAX_CARDINAL + 8];
    if (x->commas) {
        size_t k = 0;
        for (size_t j = x->is; j < x->ie; j++)
            if (c->a[j] >= '0' && c->a[j] <= '9') {
                if (k == sizeof tmp)
                    break; /* cannot happen: the parser caps separated numbers */
                tmp[k++] = c->a[j];
            }
        d = tmp;
        n = k;
    }
    size_t fn = x->fe - x->fs;
    if (flags & NX_TRIM)
        while (fn > 0 && c->a[x->fs + fn - 1] == '0')
            fn--;
    if (fn > 0)
        return tb_nx_decimal(o, d, n, c->a + x->fs, fn, flags);
    return tb_nx_cardinal(o, d, n, flags);
}

long tb_nx_value(const nctx *c, const nnum *x)
{
    long v = 0;
    if (x->commas || x->ie - x->is > 9)
        return -1;
    for (size_t j = x->is; j < x->ie; j++)
        v = v * 10 + (c->a[j] - '0');
    return v;
}
