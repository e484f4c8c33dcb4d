/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rules.c — the one table of the normaliser: (matcher, expander) pairs, tried in
 * order at every position where a number, a Latin word, a sign or a currency
 * starts. A matcher only looks (it reads the line around the position, never
 * writes) and says how much it claims; its expander writes the spoken form
 * through the pure expanders of numbers.c, units.c and latin.c. The matchers
 * live with their family: dates.c, figures.c, codes.c (helpers in scan.c).
 *
 * Order matters and is the policy: the more specific shape wins (an e-mail
 * before a number, a date 2022-06-15 before a range, a year range before a
 * year, a time before a ratio, a unit before a bare number). Every matcher is
 * bounded: it scans forward at most over the token it claims plus a few
 * characters of context, so the whole walk stays linear in the line.
 */
#include <string.h>

#include "normalize/norm_int.h"
#include "base/utf8.h"

/* ---- the table ------------------------------------------------------- */

/* Which characters a rule can start at: a cheap filter before its matcher. */
enum { AT_DIGIT = 1, AT_ALPHA = 2, AT_SIGN = 4, AT_CURRENCY = 8, AT_DASH = 16, AT_DOT = 32 };

typedef struct {
    int at; /* AT_* classes of the characters the rule can start at */
    nmatcher match;
    nexpander expand;
} nrule;

#define D AT_DIGIT
#define L AT_ALPHA
#define S AT_SIGN
/* One row per rule, aligned by column: kept out of clang-format. */
/* clang-format off */
static const nrule RULES[] = {
    /* start at       matcher                  expander               example */
    {D | L,           tb_nr_match_addr,        tb_nr_say_addr},       /* news@nmg.cn, www.gov.cn */
    {L,               tb_nr_match_plate,       tb_nr_say_plate},      /* 蒙A·52719 */
    {D,               tb_nr_match_date_sep,    tb_nr_say_date_sep},   /* 2022-06-15 */
    {D,               tb_nr_match_dot_day,     tb_nr_say_dot_day},    /* 3·15, 11·11 */
    {D,               tb_nr_match_year_month,  tb_nr_say_year_month}, /* 2008-08, 12/31/2025 */
    {D,               tb_nr_match_year_range,  tb_nr_say_year_range}, /* 2021-2025年 */
    {D,               tb_nr_match_time,        tb_nr_say_time},       /* 8:30, 13:10:36 */
    {D | S,           tb_nr_match_code,        tb_nr_say_code},       /* 12345热线, “33666”, 0471-6601234 */
    {D,               tb_nr_match_ratio,       tb_nr_say_ratio},      /* 7.2∶45.9, 3:1, 104-100 in a match */
    {D | S,           tb_nr_match_percent,     tb_nr_say_percent},    /* 65%, 1.5‰, 3-5% */
    {D | S,           tb_nr_match_fraction,    tb_nr_say_fraction},   /* 1/3 */
    {L | AT_CURRENCY, tb_nr_match_money,       tb_nr_say_money},      /* ¥500, US$2亿 */
    {D,               tb_nr_match_times,       tb_nr_say_times},      /* 1920x1080 */
    {D | S,           tb_nr_match_unit,        tb_nr_say_unit},       /* 38℃, 80km/h */
    {S,               tb_nr_match_model,       tb_nr_say_model},      /* 歼-16 */
    {D | L,           tb_nr_match_alnum,       tb_nr_say_alnum},      /* C919, PM2.5, 5G */
    {D,               tb_nr_match_generation,  tb_nr_say_generation}, /* 80后 */
    {D,               tb_nr_match_year,        tb_nr_say_year},       /* 2022年 */
    {D | S | AT_DOT,  tb_nr_match_number,      tb_nr_say_number},     /* 1.8万, 12,600, -5 */
    {S | AT_DASH,     tb_nr_match_range_sep,   tb_nr_say_range_sep},  /* 1-10月, 15~20 */
    {L,               tb_nr_match_word,        tb_nr_say_word},       /* GDP, c e o */
};
/* clang-format on */
#undef D
#undef L
#undef S

static int start_class(const nctx *c, size_t i)
{
    char a = c->a[i];
    if (a >= '0' && a <= '9')
        return AT_DIGIT;
    if ((a >= 'a' && a <= 'z') || (a >= 'A' && a <= 'Z'))
        return AT_ALPHA;
    switch (c->cp[i]) {
    case '-': return AT_SIGN | AT_DASH;
    case '+':
    case 0x8D1F: /* 负 */ return AT_SIGN;
    case '.': return AT_DOT;
    case '$':
    case 0xA5:
    case 0xFFE5:
    case 0x20AC:
    case 0xA3:
    case 0x20A9:
    case 0x20B9: return AT_CURRENCY;
    default: return AT_DASH;
    }
}

tb_status tb_nr_apply(const nctx *c, size_t i, tb_buf *o, size_t *used)
{
    *used = 0;
    int cls = start_class(c, i);
    for (size_t r = 0; r < sizeof RULES / sizeof RULES[0]; r++) {
        if (!(RULES[r].at & cls))
            continue;
        /* matchers fill num[1..3] themselves before use; clearing the
         * header and num[0] is enough (and cheap enough per rule) */
        nmatch m;
        m.len = 0;
        m.nnum = 0;
        m.kind = 0;
        m.data = m.data2 = NULL;
        m.aux = 0;
        memset(&m.num[0], 0, sizeof m.num[0]);
        m.at = i;
        m.num[0].s = i;
        if (RULES[r].match(c, i, &m) == 0)
            continue;
        tb_status st = RULES[r].expand(c, &m, o);
        if (st != TB_OK)
            return st;
        *used = m.len;
        return TB_OK;
    }
    return TB_OK;
}
