/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * dates.c — matchers and expanders for calendar and clock figures: full dates
 * (2022-06-15), day names (3·15), year-month, year ranges (2021-2025年), times
 * (8:30), generations (80后) and years read digit by digit (2022年). Rows of
 * the table in rules.c; conventions in docs/normalizer.md.
 */
#include <string.h>

#include "normalize/norm_int.h"
#include "base/utf8.h"

/* 2022-06-15, 2022/6/15, 2022.06.15 */
size_t tb_nr_match_date_sep(const nctx *c, size_t i, nmatch *m)
{
    size_t y = tb_ns_digits_end(c, i);
    if (y - i != 4 || (c->a[i] != '1' && c->a[i] != '2'))
        return 0;
    char sep = c->a[y];
    if (sep != '-' && sep != '/' && sep != '.')
        return 0;
    size_t me = tb_ns_digits_end(c, y + 1);
    if (me - (y + 1) < 1 || me - (y + 1) > 2 || c->a[me] != sep)
        return 0;
    size_t de = tb_ns_digits_end(c, me + 1);
    if (de - (me + 1) < 1 || de - (me + 1) > 2 || nis_alpha(c, de) ||
        (ncp(c, de) == '.' && nis_digit(c, de + 1)))
        return 0;
    int mo = 0, d = 0;
    for (size_t k = y + 1; k < me; k++)
        mo = mo * 10 + c->a[k] - '0';
    for (size_t k = me + 1; k < de; k++)
        d = d * 10 + c->a[k] - '0';
    if (mo < 1 || mo > 12 || d < 1 || d > 31)
        return 0;
    m->num[0] = (nnum){.s = i, .e = y, .is = i, .ie = y, .fs = y, .fe = y};
    m->num[1] = (nnum){.s = y + 1, .e = me, .is = y + 1, .ie = me, .fs = me, .fe = me};
    m->num[2] = (nnum){.s = me + 1, .e = de, .is = me + 1, .ie = de, .fs = de, .fe = de};
    m->len = de - i;
    return m->len;
}

tb_status tb_nr_say_date_sep(const nctx *c, const nmatch *m, tb_buf *o)
{
    tb_status st = tb_ns_digits(o, c, m->num[0].is, m->num[0].ie, 0);
    if (st == TB_OK)
        st = tb_buf_adds(o, "年");
    if (st == TB_OK)
        st = tb_ns_num(o, c, &m->num[1], 0);
    if (st == TB_OK)
        st = tb_buf_adds(o, "月");
    if (st == TB_OK)
        st = tb_ns_num(o, c, &m->num[2], 0);
    /* 2022-06-15日 is rare; do not say 日 twice */
    if (st == TB_OK && ncp(c, m->num[2].e) != 0x65E5 && ncp(c, m->num[2].e) != 0x53F7)
        st = tb_buf_adds(o, "日");
    return st;
}

/* 3·15, 5·12, 9·11: a day named by its date, read digit by digit;
 * 2019·2·10 is a full date. */
size_t tb_nr_match_dot_day(const nctx *c, size_t i, nmatch *m)
{
    if (i > 0 && nis_digit(c, i - 1))
        return 0;
    size_t e = tb_ns_digits_end(c, i);
    unsigned d = ncp(c, e);
    if (d != 0x00B7 && d != 0x30FB && d != 0x2022)
        return 0;
    size_t e2 = tb_ns_digits_end(c, e + 1);
    if (e2 == e + 1 || e2 - (e + 1) > 2)
        return 0;
    if (e - i == 4 && ncp(c, e2) == d) {
        size_t e3 = tb_ns_digits_end(c, e2 + 1);
        if (e3 == e2 + 1 || e3 - (e2 + 1) > 2)
            return 0;
        m->num[0] = (nnum){.s = i, .e = e, .is = i, .ie = e, .fs = e, .fe = e};
        m->num[1] = (nnum){.s = e + 1, .e = e2, .is = e + 1, .ie = e2, .fs = e2, .fe = e2};
        m->num[2] = (nnum){.s = e2 + 1, .e = e3, .is = e2 + 1, .ie = e3, .fs = e3, .fe = e3};
        m->kind = 1;
        m->len = e3 - i;
        return m->len;
    }
    if (e - i > 2)
        return 0;
    m->kind = (e - i == 2 && e2 - (e + 1) == 2 && c->a[i] == '1' && c->a[i + 1] == c->a[e + 2] &&
               c->a[e + 1] == '1' && (c->a[i + 1] == '1' || c->a[i + 1] == '2'))
                  ? 2
                  : 0;
    m->len = e2 - i;
    return m->len;
}

tb_status tb_nr_say_dot_day(const nctx *c, const nmatch *m, tb_buf *o)
{
    if (m->kind == 1) {
        nmatch d = *m;
        return tb_nr_say_date_sep(c, &d, o);
    }
    if (m->kind == 2) /* 11·11, 12·12: the shopping festivals */
        return tb_buf_adds(o, c->a[m->at + 1] == '1' ? "双十一" : "双十二");
    return tb_ns_digits(o, c, m->at, m->at + m->len, 0);
}

/* 2008-08, 2008/08 (year and month), 12/31/2025 (month, day, year) */
size_t tb_nr_match_year_month(const nctx *c, size_t i, nmatch *m)
{
    if (i > 0 && (nis_digit(c, i - 1) || c->a[i - 1] == '.' || c->a[i - 1] == '/'))
        return 0;
    size_t e = tb_ns_digits_end(c, i);
    char sep = c->a[e];
    if (sep != '-' && sep != '/' && sep != '.')
        return 0;
    size_t e2 = tb_ns_digits_end(c, e + 1);
    if (e - i == 4 && e2 - (e + 1) == 2 && (c->a[i] == '1' || c->a[i] == '2')) {
        int mo = (c->a[e + 1] - '0') * 10 + c->a[e + 2] - '0';
        unsigned nx = ncp(c, e2);
        if (mo < 1 || mo > 12 || nis_alpha(c, e2) || nx == '%' || nx == '.' || nx == '-' ||
            nx == '/' || tb_ns_in_set(nx, "元万亿米个人年月日号"))
            return 0;
        m->num[0] = (nnum){.s = i, .e = e, .is = i, .ie = e, .fs = e, .fe = e};
        m->num[1] = (nnum){.s = e + 1, .e = e2, .is = e + 1, .ie = e2, .fs = e2, .fe = e2};
        m->kind = 0;
        m->len = e2 - i;
        return m->len;
    }
    if (sep == '/' && e - i <= 2 && e2 - (e + 1) >= 1 && e2 - (e + 1) <= 2 && ncp(c, e2) == '/') {
        size_t e3 = tb_ns_digits_end(c, e2 + 1);
        if (e3 - (e2 + 1) != 4 || nis_alpha(c, e3) || ncp(c, e3) == '/')
            return 0;
        long mo = 0, d = 0;
        for (size_t k = i; k < e; k++)
            mo = mo * 10 + c->a[k] - '0';
        for (size_t k = e + 1; k < e2; k++)
            d = d * 10 + c->a[k] - '0';
        if (mo < 1 || mo > 12 || d < 1 || d > 31)
            return 0;
        m->num[0] = (nnum){.s = e2 + 1, .e = e3, .is = e2 + 1, .ie = e3, .fs = e3, .fe = e3};
        m->num[1] = (nnum){.s = i, .e = e, .is = i, .ie = e, .fs = e, .fe = e};
        m->num[2] = (nnum){.s = e + 1, .e = e2, .is = e + 1, .ie = e2, .fs = e2, .fe = e2};
        m->kind = 1;
        m->len = e3 - i;
        return m->len;
    }
    /* With a leading zero a two-digit group is a month: 08-2008, 08.2008,
     * 08-08-2008 (day first), 08-08 (month, day). */
    if (e - i == 2 && c->a[i] == '0' && c->a[i + 1] != '0') {
        size_t n2 = e2 - (e + 1);
        unsigned nx = ncp(c, e2);
        if (n2 == 4 && (c->a[e + 1] == '1' || c->a[e + 1] == '2') && !nis_alpha(c, e2) &&
            nx != '.' && nx != (unsigned)sep) {
            m->num[0] = (nnum){.s = e + 1, .e = e2, .is = e + 1, .ie = e2, .fs = e2, .fe = e2};
            m->num[1] = (nnum){.s = i, .e = e, .is = i, .ie = e, .fs = e, .fe = e};
            m->kind = 0;
            m->len = e2 - i;
            return m->len;
        }
        if (n2 == 2 && nx == (unsigned)sep && tb_ns_digits_end(c, e2 + 1) == e2 + 5) {
            size_t e3 = e2 + 5;
            int d = (c->a[i] - '0') * 10 + c->a[i + 1] - '0',
                mo = (c->a[e + 1] - '0') * 10 + c->a[e + 2] - '0';
            if (mo < 1 || mo > 12 || d < 1 || d > 31 || nis_alpha(c, e3))
                return 0;
            m->num[0] = (nnum){.s = e2 + 1, .e = e3, .is = e2 + 1, .ie = e3, .fs = e3, .fe = e3};
            m->num[1] = (nnum){.s = e + 1, .e = e2, .is = e + 1, .ie = e2, .fs = e2, .fe = e2};
            m->num[2] = (nnum){.s = i, .e = e, .is = i, .ie = e, .fs = e, .fe = e};
            m->kind = 1;
            m->len = e3 - i;
            return m->len;
        }
        if (n2 == 2 && !nis_digit(c, e2) && !nis_alpha(c, e2) && nx != (unsigned)sep && nx != '%' &&
            !tb_ns_in_set(nx, "元万亿米个人年月日号")) {
            int d = (c->a[e + 1] - '0') * 10 + c->a[e + 2] - '0';
            if (d < 1 || d > 31)
                return 0;
            m->num[0] = (nnum){.s = i, .e = e, .is = i, .ie = e, .fs = e, .fe = e};
            m->num[1] = (nnum){.s = e + 1, .e = e2, .is = e + 1, .ie = e2, .fs = e2, .fe = e2};
            m->kind = 2;
            m->len = e2 - i;
            return m->len;
        }
    }
    return 0;
}

tb_status tb_nr_say_year_month(const nctx *c, const nmatch *m, tb_buf *o)
{
    if (m->kind == 1)
        return tb_nr_say_date_sep(c, m, o);
    if (m->kind == 2) {
        tb_status st = tb_ns_num(o, c, &m->num[0], 0);
        if (st == TB_OK)
            st = tb_buf_adds(o, "月");
        if (st == TB_OK)
            st = tb_ns_num(o, c, &m->num[1], 0);
        return st == TB_OK ? tb_buf_adds(o, "日") : st;
    }
    tb_status st = tb_ns_digits(o, c, m->num[0].is, m->num[0].ie, 0);
    if (st == TB_OK)
        st = tb_buf_adds(o, "年");
    if (st == TB_OK)
        st = tb_ns_num(o, c, &m->num[1], 0);
    if (st == TB_OK)
        st = tb_buf_adds(o, "月");
    return st;
}

/* A year: four digits 1000–2999 (or two/three with 年 and a leading 0). */
static int yearish(const nctx *c, size_t s, size_t e)
{
    return e - s == 4 && (c->a[s] == '1' || c->a[s] == '2');
}

/* 2021-2025年, 2021―2025年, 2021年-2025年, 2021至2025年 */
size_t tb_nr_match_year_range(const nctx *c, size_t i, nmatch *m)
{
    size_t e1 = tb_ns_digits_end(c, i);
    if (!yearish(c, i, e1) || (i > 0 && nis_digit(c, i - 1)))
        return 0;
    size_t j = e1;
    int y1 = ncp(c, j) == 0x5E74; /* 年 */
    if (y1)
        j++;
    size_t sl = tb_ns_range_sep(c, j);
    if (!sl && ncp(c, j) == '/' && nis_digit(c, j + 1))
        sl = 1; /* 2023/24赛季 */
    if (!sl)
        return 0;
    size_t s2 = j + sl;
    size_t e2 = tb_ns_digits_end(c, s2);
    if (!yearish(c, s2, e2) && !(e2 - s2 == 2 && !y1))
        return 0;
    int y2 = ncp(c, e2) == 0x5E74 || (!y1 && tb_ns_word_at(c, e2, "赛季|财年|学年|年度"));
    if (c->cp[j] == '/' && !(y2 && ncp(c, e2) != 0x5E74))
        return 0; /* a slash only between the years of a season */
    if (e2 - s2 == 2 && !(y2 && ncp(c, e2) != 0x5E74))
        return 0; /* 2023-24 only for a season */
    if (!y2) {
        /* without 年: only two plausible years in order, closed by punctuation */
        long a = 0, b = 0;
        for (size_t k = i; k < e1; k++)
            a = a * 10 + c->a[k] - '0';
        for (size_t k = s2; k < e2; k++)
            b = b * 10 + c->a[k] - '0';
        unsigned nx = ncp(c, e2);
        if (e2 - s2 != 4 || a < 1900 || b > 2100 || b <= a || tb_nc_flag(c, NCTX_SPORTS) ||
            nis_alpha(c, e2) || (tb_is_han(nx) && !tb_ns_in_set(nx, "年赛财学")) || nx == '%' ||
            nx == '.')
            return 0;
    }
    m->num[0] = (nnum){.s = i, .e = e1, .is = i, .ie = e1};
    m->num[1] = (nnum){.s = s2, .e = e2, .is = s2, .ie = e2};
    m->kind = y1;
    m->len = e2 - i;
    return m->len;
}

tb_status tb_nr_say_year_range(const nctx *c, const nmatch *m, tb_buf *o)
{
    tb_status st = tb_ns_digits(o, c, m->num[0].is, m->num[0].ie, 0);
    if (st == TB_OK && m->kind)
        st = tb_buf_adds(o, "年");
    if (st == TB_OK) {
        /* keep a written 到/至, say 至 for a dash */
        unsigned w = 0;
        for (size_t k = m->num[0].ie; k < m->num[1].is; k++)
            if (c->cp[k] == 0x5230 || c->cp[k] == 0x81F3)
                w = c->cp[k];
        st = w ? tb_buf_addcp(o, w) : tb_buf_adds(o, "至");
    }
    if (st == TB_OK)
        st = tb_ns_digits(o, c, m->num[1].is, m->num[1].ie, 0);
    return st;
}

static int colon(unsigned cp)
{
    return cp == ':' || cp == 0xFF1A;
}

/* 8:30, 20:00, 13:10:36, 8:00am */
size_t tb_nr_match_time(const nctx *c, size_t i, nmatch *m)
{
    if (i > 0 && (nis_digit(c, i - 1) || colon(c->cp[i - 1]) || c->cp[i - 1] == 0x2236))
        return 0;
    size_t he = tb_ns_digits_end(c, i);
    if (he - i < 1 || he - i > 2 || !colon(ncp(c, he)))
        return 0;
    size_t me = tb_ns_digits_end(c, he + 1);
    if (me - (he + 1) != 2)
        return 0;
    int h = 0, mi = 0, s = -1;
    for (size_t k = i; k < he; k++)
        h = h * 10 + c->a[k] - '0';
    mi = (c->a[he + 1] - '0') * 10 + c->a[he + 2] - '0';
    size_t e = me;
    if (colon(ncp(c, me)) && tb_ns_digits_end(c, me + 1) == me + 3) {
        s = (c->a[me + 1] - '0') * 10 + c->a[me + 2] - '0';
        e = me + 3;
    }
    if (h > 24 || mi > 59 || s > 59 || nis_digit(c, e) || colon(ncp(c, e)))
        return 0;
    if (tb_nc_flag(c, NCTX_SPORTS) && s < 0 &&
        !tb_ns_word_before(
            c, i, "于|在|晚上|晚|早上|早|上午|下午|中午|凌晨|时间|今晚|明晚|北京时间|当地时间") &&
        !tb_ns_word_at(c, e, "开|举行|进行|起|前|后|许|左右|打响|鸣哨|截止|结束|至|到") &&
        !(i >= 2 && tb_ns_is_dash(c->cp[i - 1]) && nis_digit(c, i - 2)) &&
        !(tb_ns_is_dash(ncp(c, e)) && nis_digit(c, e + 1)))
        return 0; /* 21:15 in a match report is a score; 19:30开赛 is a time */
    m->num[0] = (nnum){.s = i, .e = he, .is = i, .ie = he};
    m->num[1] = (nnum){.s = he + 1, .e = me, .is = he + 1, .ie = me};
    m->num[2] = (nnum){.s = me + 1, .e = e, .is = me + 1, .ie = e};
    m->kind = s >= 0;
    m->aux = 0;
    /* am / pm after the time */
    size_t k = e;
    while (ncp(c, k) == ' ')
        k++;
    static const char *const AMPM[] = {"a.m.", "p.m.", "am", "pm", "AM", "PM", "A.M.", "P.M."};
    for (size_t a = 0; a < sizeof AMPM / sizeof AMPM[0]; a++) {
        size_t l = strlen(AMPM[a]);
        if (k + l <= c->n && memcmp(c->a + k, AMPM[a], l) == 0 && !nis_alpha(c, k + l)) {
            m->aux = (AMPM[a][0] | 0x20) == 'a' ? 1 : 2;
            e = k + l;
            break;
        }
    }
    m->len = e - i;
    return m->len;
}

tb_status tb_nr_say_time(const nctx *c, const nmatch *m, tb_buf *o)
{
    tb_status st = TB_OK;
    if (m->aux)
        st = tb_buf_adds(o, m->aux == 1 ? "上午" : "下午");
    if (st == TB_OK)
        st = tb_ns_num(o, c, &m->num[0], NX_COUNT);
    if (st == TB_OK)
        st = tb_buf_adds(o, "点");
    int mz = c->a[m->num[1].is] == '0', mzz = mz && c->a[m->num[1].is + 1] == '0';
    if (st == TB_OK && (!mzz || m->kind)) {
        if (mz && !mzz)
            st = tb_buf_adds(o, "零");
        if (st == TB_OK)
            st = tb_ns_num(o, c, &m->num[1], 0);
        if (st == TB_OK)
            st = tb_buf_adds(o, "分");
    }
    if (st == TB_OK && m->kind) {
        st = tb_ns_num(o, c, &m->num[2], 0);
        if (st == TB_OK)
            st = tb_buf_adds(o, "秒");
    }
    return st;
}

/* 80后, 00后 */
size_t tb_nr_match_generation(const nctx *c, size_t i, nmatch *m)
{
    if (i > 0 && nis_digit(c, i - 1))
        return 0;
    size_t e = tb_ns_digits_end(c, i);
    if (e - i != 2 || ncp(c, e) != 0x540E) /* 后 */
        return 0;
    if (c->a[i + 1] != '0' && c->a[i + 1] != '5')
        return 0;
    m->len = 2;
    return 2;
}

tb_status tb_nr_say_generation(const nctx *c, const nmatch *m, tb_buf *o)
{
    return tb_ns_digits(o, c, m->at, m->at + m->len, 0);
}

/* A year: 2022年 → 二零二二年; 2021、2022年 too; not 近2000年. */
size_t tb_nr_match_year(const nctx *c, size_t i, nmatch *m)
{
    if (i > 0 && (nis_digit(c, i - 1) || c->a[i - 1] == '.'))
        return 0;
    size_t e = tb_ns_digits_end(c, i);
    size_t k = e;
    if (ncp(c, k) == ' ')
        k++;
    int yr = 0;
    if (e - i == 4 && ncp(c, k) == 0x5E74) {
        yr = c->a[i] == '1' || c->a[i] == '2';
        if (i > 0 && tb_ns_in_set(c->cp[i - 1], "近约超逾共历达余多这那每"))
            yr = 0;
        if (tb_ns_word_at(c, k + 1, "多|来|以来|之久|历史|左右|后|前") &&
            !(c->a[i] == '1' && c->a[i + 1] == '9') && !(c->a[i] == '2' && c->a[i + 1] == '0'))
            yr = 0;
    } else if (e - i == 4 && i > 0 && tb_ns_in_set(c->cp[i - 1], "〔[［【(（") &&
               tb_ns_in_set(ncp(c, e), "〕]］】)）")) {
        yr = 1; /* 国发〔2021〕3号: the year of a document number */
    } else if (e - i == 4 && (c->a[i] == '1' || c->a[i] == '2') &&
               (tb_ns_in_set(ncp(c, e), "、和与及或") || ncp(c, e) == ',')) {
        /* 2021、2022年: the first year of a list */
        size_t s2 = e + 1;
        size_t e2 = tb_ns_digits_end(c, s2);
        yr = e2 - s2 == 4 && (ncp(c, e2) == 0x5E74 || tb_ns_in_set(ncp(c, e2), "、和与及或"));
    } else if (e - i >= 3 && e - i <= 4 && tb_ns_era(c, e, &m->kind) > 0) {
        m->num[0] = (nnum){.s = i, .e = e, .is = i, .ie = e, .fs = e, .fe = e};
        m->len = e - i + tb_ns_era(c, e, &m->kind);
        return m->len;
    } else if (e - i == 4 && i > 0 && c->cp[i - 1] == 0x00A9) {
        yr = 1; /* ©2025 */
    } else if (e - i == 2 && c->a[i] == '0' && ncp(c, e) == 0x5E74) {
        yr = 1; /* 05年 */
    } else if (e - i == 2 && ncp(c, e) == 0x5E74 && nis_digit(c, e + 1) &&
               (ncp(c, tb_ns_digits_end(c, e + 1)) == 0x6708) &&
               tb_ns_digits_end(c, e + 1) - (e + 1) <= 2) {
        yr = 1; /* 86年8月: a two-digit year with its month */
    } else if (e - i <= 4 && ncp(c, e) == 0x5E74 && tb_ns_word_before(c, i, "公元|公元前")) {
        yr = 1; /* 公元前202年 */
    } else if (e - i == 4 && (c->a[i] == '1' || c->a[i] == '2') &&
               tb_ns_word_at(c, e, "赛季|财年|学年|年度|届")) {
        yr = 1;
    }
    if (!yr)
        return 0;
    m->len = e - i;
    return m->len;
}

tb_status tb_nr_say_year(const nctx *c, const nmatch *m, tb_buf *o)
{
    if (m->kind) {
        /* 2934ad → 公元二九三四年, 1234b.c. → 公元前一二三四年 */
        tb_status st = tb_ns_word_before(c, m->at, "公元|公元前")
                           ? TB_OK
                           : tb_buf_adds(o, m->kind == 2 ? "公元前" : "公元");
        if (st == TB_OK)
            st = tb_ns_digits(o, c, m->at, m->num[0].ie, 0);
        return st == TB_OK ? tb_buf_adds(o, "年") : st;
    }
    return tb_ns_digits(o, c, m->at, m->at + m->len, 0);
}
