/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rules.c — the one table of the normaliser: (matcher, expander) pairs, tried in
 * order at every position where a number, a Latin word, a sign or a currency
 * starts. A matcher only looks (it reads the line around the position, never
 * writes) and says how much it claims; its expander writes the spoken form
 * through the pure expanders of numbers.c, units.c and latin.c.
 *
 * Order matters and is the policy: the more specific shape wins (an e-mail
 * before a number, a date 2022-06-15 before a range, a year range before a
 * year, a time before a ratio, a unit before a bare number). Every matcher is
 * bounded: it scans forward at most over the token it claims plus a few
 * characters of context, so the whole walk stays linear in the line.
 */
#include <string.h>

#include "normalize/norm_int.h"
#include "utf8.h"

/* ---- small helpers --------------------------------------------------- */

static size_t digits_end(const nctx *c, size_t i)
{
    while (nis_digit(c, i))
        i++;
    return i;
}

static int is_dash(unsigned cp)
{
    return cp == '-' || cp == 0x2013 || cp == 0x2014 || cp == 0x2015 || cp == '~' || cp == 0xFF5E ||
           cp == 0x301C || cp == 0x2212;
}

/* Length of a range separator at i (— — counts as one), 0 if none. */
static size_t range_sep(const nctx *c, size_t i)
{
    size_t j = i;
    while (j < c->n && c->cp[j] == ' ')
        j++;
    size_t k = j;
    if (k < c->n && is_dash(c->cp[k]))
        k++;
    if (k > j && k < c->n && c->cp[k] == c->cp[j] && c->cp[k] != '-')
        k++; /* —— */
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
static int in_set(unsigned cp, const char *set)
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
static int word_before(const nctx *c, size_t i, const char *words)
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
static int word_at(const nctx *c, size_t i, const char *words)
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
static size_t parse_num(const nctx *c, size_t i, nnum *x, int allow_sign)
{
    memset(x, 0, sizeof *x);
    x->s = i;
    size_t j = i;
    if (allow_sign && (ncp(c, j) == '-' || ncp(c, j) == 0x8D1F) && nis_digit(c, j + 1)) {
        x->neg = 1;
        j++;
    } else if (allow_sign && ncp(c, j) == '-' && ncp(c, j + 1) == ' ' && nis_digit(c, j + 2) &&
               (j == 0 || c->cp[j - 1] == ' ' || tb_is_han(c->cp[j - 1]))) {
        unsigned p = j > 0 ? c->cp[j - 1] : 0;
        size_t q = j;
        while (q > 0 && c->cp[q - 1] == ' ')
            q--;
        if (q == 0 || !(nis_digit(c, q - 1) || nis_alpha(c, q - 1))) {
            (void)p;
            x->neg = 1;
            j += 2; /* "- 8℃": a sign set apart by a space */
        }
    }
    if (!nis_digit(c, j))
        return i;
    x->is = j;
    size_t e = digits_end(c, j);
    /* thousands separators: 1–3 digits, then groups of exactly three */
    if (e - j <= 3 && ncp(c, e) == ',' && nis_digit(c, e + 1)) {
        size_t k = e, groups = 0;
        while (ncp(c, k) == ',' && digits_end(c, k + 1) == k + 4) {
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
        x->fe = digits_end(c, e + 1);
        e = x->fe;
    }
    x->e = e;
    return e;
}

static int is_int(const nnum *x)
{
    return x->fe == x->fs && !x->neg;
}

static size_t ndig(const nnum *x)
{
    return x->ie - x->is;
}

/* Is the '-' (or '负') at i a minus sign? Only where no number, letter or
 * closing bracket precedes it (1-10月 is a range, 歼-16 a name). */
static int minus_here(const nctx *c, size_t i)
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
    if (in_set(p, "年月日号时点分秒万亿千百天周歼运苏直轰武风征旗鹰枭翼龙舟型米卡图安尔号级"))
        return 0;
    return 1;
}

static tb_status num(tb_buf *o, const nctx *c, const nnum *x, int flags)
{
    return tb_nx_num(o, c, x, flags);
}

static tb_status digits(tb_buf *o, const nctx *c, size_t s, size_t e, int flags)
{
    return tb_nx_digits(o, c->a + s, e - s, flags);
}

/* Measure words after which a lone 2 is 两. */
static const char COUNT_WORDS[] = "个名位次件年天种项条家所台辆架只张本场批人倍岁周门栋层座片颗粒棵头"
                                  "匹套份句篇部斤吨米元点枚艘间把串对双辈代成类样招支户小分秒亩顿口轮届时";

static int count_flags(const nctx *c, const nnum *x)
{
    int f = NX_LIANG;
    if (is_int(x) && ndig(x) == 1 && c->a[x->is] == '2' && !(x->s > 0 && in_set(c->cp[x->s - 1], "×*xX"))) {
        unsigned nx = ncp(c, x->e);
        if (in_set(nx, COUNT_WORDS) || in_set(nx, "万亿千"))
            f |= NX_COUNT;
    }
    return f;
}

/* ---- matchers and expanders ------------------------------------------ */

/* e-mail address or URL */
static size_t m_addr(const nctx *c, size_t i, nmatch *m)
{
    if (!nis_alpha(c, i) && !nis_digit(c, i))
        return 0;
    m->len = tb_nl_addr_len(c, i);
    return m->len;
}
static tb_status x_addr(const nctx *c, const nmatch *m, tb_buf *o)
{
    return tb_nl_addr(o, c, m->at, m->at + m->len);
}

/* 2022-06-15, 2022/6/15, 2022.06.15 */
static size_t m_date_sep(const nctx *c, size_t i, nmatch *m)
{
    size_t y = digits_end(c, i);
    if (y - i != 4 || (c->a[i] != '1' && c->a[i] != '2'))
        return 0;
    char sep = c->a[y];
    if (sep != '-' && sep != '/' && sep != '.')
        return 0;
    size_t me = digits_end(c, y + 1);
    if (me - (y + 1) < 1 || me - (y + 1) > 2 || c->a[me] != sep)
        return 0;
    size_t de = digits_end(c, me + 1);
    if (de - (me + 1) < 1 || de - (me + 1) > 2 || nis_alpha(c, de) || (ncp(c, de) == '.' && nis_digit(c, de + 1)))
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
static tb_status x_date_sep(const nctx *c, const nmatch *m, tb_buf *o)
{
    tb_status st = digits(o, c, m->num[0].is, m->num[0].ie, 0);
    if (st == TB_OK)
        st = tb_buf_adds(o, "年");
    if (st == TB_OK)
        st = num(o, c, &m->num[1], 0);
    if (st == TB_OK)
        st = tb_buf_adds(o, "月");
    if (st == TB_OK)
        st = num(o, c, &m->num[2], 0);
    /* 2022-06-15日 is rare; do not say 日 twice */
    if (st == TB_OK && ncp(c, m->num[2].e) != 0x65E5 && ncp(c, m->num[2].e) != 0x53F7)
        st = tb_buf_adds(o, "日");
    return st;
}

/* 3·15, 5·12, 9·11: a day named by its date, read digit by digit;
 * 2019·2·10 is a full date. */
static size_t m_dot_day(const nctx *c, size_t i, nmatch *m)
{
    if (i > 0 && nis_digit(c, i - 1))
        return 0;
    size_t e = digits_end(c, i);
    unsigned d = ncp(c, e);
    if (d != 0x00B7 && d != 0x30FB && d != 0x2022)
        return 0;
    size_t e2 = digits_end(c, e + 1);
    if (e2 == e + 1 || e2 - (e + 1) > 2)
        return 0;
    if (e - i == 4 && ncp(c, e2) == d) {
        size_t e3 = digits_end(c, e2 + 1);
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
               c->a[e + 1] == '1' && (c->a[i + 1] == '1' || c->a[i + 1] == '2')) ? 2 : 0;
    m->len = e2 - i;
    return m->len;
}
static tb_status x_dot_day(const nctx *c, const nmatch *m, tb_buf *o)
{
    if (m->kind == 1) {
        nmatch d = *m;
        return x_date_sep(c, &d, o);
    }
    if (m->kind == 2) /* 11·11, 12·12: the shopping festivals */
        return tb_buf_adds(o, c->a[m->at + 1] == '1' ? "双十一" : "双十二");
    return digits(o, c, m->at, m->at + m->len, 0);
}

/* 2008-08, 2008/08 (year and month), 12/31/2025 (month, day, year) */
static size_t m_year_month(const nctx *c, size_t i, nmatch *m)
{
    if (i > 0 && (nis_digit(c, i - 1) || c->a[i - 1] == '.' || c->a[i - 1] == '/'))
        return 0;
    size_t e = digits_end(c, i);
    char sep = c->a[e];
    if (sep != '-' && sep != '/' && sep != '.')
        return 0;
    size_t e2 = digits_end(c, e + 1);
    if (e - i == 4 && e2 - (e + 1) == 2 && (c->a[i] == '1' || c->a[i] == '2')) {
        int mo = (c->a[e + 1] - '0') * 10 + c->a[e + 2] - '0';
        unsigned nx = ncp(c, e2);
        if (mo < 1 || mo > 12 || nis_alpha(c, e2) || nx == '%' || nx == '.' || nx == '-' || nx == '/' ||
            in_set(nx, "元万亿米个人年月日号"))
            return 0;
        m->num[0] = (nnum){.s = i, .e = e, .is = i, .ie = e, .fs = e, .fe = e};
        m->num[1] = (nnum){.s = e + 1, .e = e2, .is = e + 1, .ie = e2, .fs = e2, .fe = e2};
        m->kind = 0;
        m->len = e2 - i;
        return m->len;
    }
    if (sep == '/' && e - i <= 2 && e2 - (e + 1) >= 1 && e2 - (e + 1) <= 2 && ncp(c, e2) == '/') {
        size_t e3 = digits_end(c, e2 + 1);
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
    return 0;
}
static tb_status x_year_month(const nctx *c, const nmatch *m, tb_buf *o)
{
    if (m->kind == 1)
        return x_date_sep(c, m, o);
    tb_status st = digits(o, c, m->num[0].is, m->num[0].ie, 0);
    if (st == TB_OK)
        st = tb_buf_adds(o, "年");
    if (st == TB_OK)
        st = num(o, c, &m->num[1], 0);
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
static size_t m_year_range(const nctx *c, size_t i, nmatch *m)
{
    size_t e1 = digits_end(c, i);
    if (!yearish(c, i, e1) || (i > 0 && nis_digit(c, i - 1)))
        return 0;
    size_t j = e1;
    int y1 = ncp(c, j) == 0x5E74; /* 年 */
    if (y1)
        j++;
    size_t sl = range_sep(c, j);
    if (!sl)
        return 0;
    size_t s2 = j + sl;
    size_t e2 = digits_end(c, s2);
    if (!yearish(c, s2, e2) && !(e2 - s2 == 2 && !y1))
        return 0;
    int y2 = ncp(c, e2) == 0x5E74;
    if (!y2) {
        /* without 年: only two plausible years in order, closed by punctuation */
        long a = 0, b = 0;
        for (size_t k = i; k < e1; k++)
            a = a * 10 + c->a[k] - '0';
        for (size_t k = s2; k < e2; k++)
            b = b * 10 + c->a[k] - '0';
        unsigned nx = ncp(c, e2);
        if (e2 - s2 != 4 || a < 1900 || b > 2100 || b <= a || c->sports || nis_alpha(c, e2) ||
            (tb_is_han(nx) && !in_set(nx, "年赛财学")) || nx == '%' || nx == '.')
            return 0;
    }
    m->num[0] = (nnum){.s = i, .e = e1, .is = i, .ie = e1};
    m->num[1] = (nnum){.s = s2, .e = e2, .is = s2, .ie = e2};
    m->kind = y1;
    m->len = e2 - i;
    return m->len;
}
static tb_status x_year_range(const nctx *c, const nmatch *m, tb_buf *o)
{
    tb_status st = digits(o, c, m->num[0].is, m->num[0].ie, 0);
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
        st = digits(o, c, m->num[1].is, m->num[1].ie, 0);
    return st;
}

static int colon(unsigned cp)
{
    return cp == ':' || cp == 0xFF1A;
}

/* 8:30, 20:00, 13:10:36, 8:00am */
static size_t m_time(const nctx *c, size_t i, nmatch *m)
{
    if (i > 0 && (nis_digit(c, i - 1) || colon(c->cp[i - 1]) || c->cp[i - 1] == 0x2236))
        return 0;
    size_t he = digits_end(c, i);
    if (he - i < 1 || he - i > 2 || !colon(ncp(c, he)))
        return 0;
    size_t me = digits_end(c, he + 1);
    if (me - (he + 1) != 2)
        return 0;
    int h = 0, mi = 0, s = -1;
    for (size_t k = i; k < he; k++)
        h = h * 10 + c->a[k] - '0';
    mi = (c->a[he + 1] - '0') * 10 + c->a[he + 2] - '0';
    size_t e = me;
    if (colon(ncp(c, me)) && digits_end(c, me + 1) == me + 3) {
        s = (c->a[me + 1] - '0') * 10 + c->a[me + 2] - '0';
        e = me + 3;
    }
    if (h > 24 || mi > 59 || s > 59 || nis_digit(c, e) || colon(ncp(c, e)))
        return 0;
    if (c->sports && s < 0 &&
        !word_before(c, i, "于|在|晚上|晚|早上|早|上午|下午|中午|凌晨|时间|今晚|明晚|北京时间|当地时间") &&
        !word_at(c, e, "开|举行|进行|起|前|后|许|左右|打响|鸣哨|截止|结束|至|到"))
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
static tb_status x_time(const nctx *c, const nmatch *m, tb_buf *o)
{
    tb_status st = TB_OK;
    if (m->aux)
        st = tb_buf_adds(o, m->aux == 1 ? "上午" : "下午");
    if (st == TB_OK)
        st = num(o, c, &m->num[0], NX_COUNT);
    if (st == TB_OK)
        st = tb_buf_adds(o, "点");
    int mz = c->a[m->num[1].is] == '0', mzz = mz && c->a[m->num[1].is + 1] == '0';
    if (st == TB_OK && (!mzz || m->kind)) {
        if (mz && !mzz)
            st = tb_buf_adds(o, "零");
        if (st == TB_OK)
            st = num(o, c, &m->num[1], 0);
        if (st == TB_OK)
            st = tb_buf_adds(o, "分");
    }
    if (st == TB_OK && m->kind) {
        st = num(o, c, &m->num[2], 0);
        if (st == TB_OK)
            st = tb_buf_adds(o, "秒");
    }
    return st;
}

/* Ratios and scores: 3:1, 7.2∶45.9∶46.9, and in a match report 104-100. */
static size_t m_ratio(const nctx *c, size_t i, nmatch *m)
{
    if (i > 0 && (nis_digit(c, i - 1) || c->a[i - 1] == '.'))
        return 0;
    size_t j = parse_num(c, i, &m->num[0], 0);
    if (j == i || m->num[0].commas)
        return 0;
    int n = 1, dash = 0;
    while (n < 4) {
        unsigned s = ncp(c, j);
        size_t k = j;
        if (s == ':' || s == 0xFF1A || s == 0x2236) {
            k = j + 1;
        } else if (c->sports && n == 1 && (s == '-' || s == 0x2013 || s == 0x2014 || s == 0x2015 ||
                                           (s == '/' && ncp(c, j + 1) != ' '))) {
            k = j + 1;
            dash = 1;
        } else if (c->sports && n == 1 && s == ' ' && ncp(c, j + 1) == '-' && ncp(c, j + 2) == ' ') {
            k = j + 3;
            dash = 1;
        } else {
            break;
        }
        size_t e = parse_num(c, k, &m->num[n], 0);
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
        if (!is_int(&m->num[0]) || !is_int(&m->num[1]) || ndig(&m->num[0]) > 3 ||
            ndig(&m->num[1]) > 3 || in_set(ncp(c, j), "年月日号天周个分秒岁次名倍人元轮场届期"))
            return 0;
    }
    m->nnum = n;
    m->len = j - i;
    return m->len;
}
static tb_status x_ratio(const nctx *c, const nmatch *m, tb_buf *o)
{
    tb_status st = TB_OK;
    for (int k = 0; k < m->nnum && st == TB_OK; k++) {
        if (k > 0)
            st = tb_buf_adds(o, "比");
        if (st == TB_OK)
            st = num(o, c, &m->num[k], 0);
    }
    return st;
}

/* 65%, -3.8%, 1.5‰ */
static size_t m_percent(const nctx *c, size_t i, nmatch *m)
{
    if (!nis_digit(c, i) && !minus_here(c, i))
        return 0;
    size_t j = parse_num(c, i, &m->num[0], 1);
    if (j == i)
        return 0;
    size_t k = j;
    while (ncp(c, k) == ' ')
        k++;
    unsigned p = ncp(c, k);
    size_t sl = range_sep(c, j);
    if (p != '%' && p != 0x2030 && sl > 0 && m->num[0].fe >= m->num[0].fs) {
        /* 3-5%: one sign for both ends → 百分之三至百分之五 */
        size_t e2 = parse_num(c, j + sl, &m->num[1], 0);
        if (e2 > j + sl && (ncp(c, e2) == '%' || ncp(c, e2) == 0x2030) && !c->sports) {
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
static tb_status x_percent(const nctx *c, const nmatch *m, tb_buf *o)
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
        st = num(o, c, &x, 0);
    if (st == TB_OK && m->nnum == 2) {
        st = tb_buf_adds(o, "至");
        if (st == TB_OK)
            st = tb_buf_adds(o, PRE[m->kind]);
        if (st == TB_OK)
            st = num(o, c, &m->num[1], 0);
    }
    return st;
}

/* 1/3, 3/16 (not 2008/08/08, not 24/7 inside a code) */
static size_t m_fraction(const nctx *c, size_t i, nmatch *m)
{
    if (!nis_digit(c, i) && !minus_here(c, i))
        return 0;
    if (i > 0 && (c->a[i - 1] == '/' || c->a[i - 1] == '.'))
        return 0;
    size_t j = parse_num(c, i, &m->num[0], 1);
    if (j == i || m->num[0].fe != m->num[0].fs || m->num[0].commas)
        return 0;
    size_t k = j;
    while (ncp(c, k) == ' ')
        k++;
    if (ncp(c, k) != '/' && ncp(c, k) != 0xFF0F)
        return 0;
    k++;
    while (ncp(c, k) == ' ')
        k++;
    size_t e = parse_num(c, k, &m->num[1], 0);
    if (e == k || !is_int(&m->num[1]) || m->num[1].commas || ncp(c, e) == '/' || nis_alpha(c, e))
        return 0;
    if (tb_nx_value(c, &m->num[1]) == 0)
        return 0;
    m->len = e - i;
    return m->len;
}
static tb_status x_fraction(const nctx *c, const nmatch *m, tb_buf *o)
{
    nnum a = m->num[0];
    tb_status st = TB_OK;
    if (a.neg) {
        st = tb_buf_adds(o, "负");
        a.neg = 0;
    }
    if (st == TB_OK)
        st = num(o, c, &m->num[1], 0);
    if (st == TB_OK)
        st = tb_buf_adds(o, "分之");
    if (st == TB_OK)
        st = num(o, c, &a, 0);
    return st;
}

/* ¥500, $13.5, US$2万, CNY 1.25 */
static size_t m_money(const nctx *c, size_t i, nmatch *m)
{
    size_t cl;
    const nunit *u = tb_nu_currency(c, i, &cl);
    if (!u || (nis_alpha(c, i) && i > 0 && nis_alpha(c, i - 1)))
        return 0;
    size_t k = i + cl;
    while (ncp(c, k) == ' ')
        k++;
    size_t e = parse_num(c, k, &m->num[0], 1);
    if (e == k)
        return 0;
    m->data = u;
    m->aux = e;
    /* 万/亿 scale words belong before the currency word: $5万 → 五万美元 */
    while (in_set(ncp(c, e), "万亿千百"))
        e++;
    m->len = e - i;
    return m->len;
}
static tb_status x_money(const nctx *c, const nmatch *m, tb_buf *o)
{
    const nunit *u = m->data;
    tb_status st = num(o, c, &m->num[0], count_flags(c, &m->num[0]) | NX_TRIM);
    for (size_t k = m->aux; st == TB_OK && k < m->at + m->len; k++)
        st = tb_buf_addcp(o, c->cp[k]);
    if (st == TB_OK)
        st = tb_buf_adds(o, u->spoken);
    return st;
}

/* 25kg, 38.5℃, 100 km/h, 3.6kWh */
static size_t m_unit(const nctx *c, size_t i, nmatch *m)
{
    if (!nis_digit(c, i) && !minus_here(c, i))
        return 0;
    if (i > 0 && nis_alpha(c, i - 1))
        return 0;
    size_t j = parse_num(c, i, &m->num[0], 1);
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
static tb_status x_unit(const nctx *c, const nmatch *m, tb_buf *o)
{
    const nunit *u = m->data;
    int f = NX_LIANG;
    if (is_int(&m->num[0]) && ndig(&m->num[0]) == 1 && c->a[m->num[0].is] == '2' &&
        strcmp(u->spoken, "摄氏度") != 0 && strcmp(u->spoken, "度") != 0)
        f |= NX_COUNT;
    nnum x = m->num[0];
    tb_status st = TB_OK;
    if (x.neg && strstr(u->spoken, "氏度")) {
        st = tb_buf_adds(o, "零下"); /* -10℃ → 零下十摄氏度 */
        x.neg = 0;
    }
    if (st == TB_OK)
        st = num(o, c, &x, f);
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

/* Length of an era mark at i (ad, a.d., bc, b.c., any case), and which. */
static size_t era(const nctx *c, size_t i, int *kind)
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

/* Dimensions written with a Latin x or *: 1920x1080, 3*4米 → 乘. */
static size_t m_times(const nctx *c, size_t i, nmatch *m)
{
    if (i > 0 && (nis_alpha(c, i - 1) || nis_digit(c, i - 1)))
        return 0;
    size_t j = parse_num(c, i, &m->num[0], 0);
    int n = 1;
    while (j > i && n < 4 && (ncp(c, j) == 'x' || ncp(c, j) == 'X' || ncp(c, j) == '*') && nis_digit(c, j + 1)) {
        size_t e = parse_num(c, j + 1, &m->num[n], 0);
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
static tb_status x_times(const nctx *c, const nmatch *m, tb_buf *o)
{
    tb_status st = TB_OK;
    for (int k = 0; k < m->nnum && st == TB_OK; k++) {
        if (k > 0)
            st = tb_buf_adds(o, "乘");
        if (st == TB_OK)
            st = num(o, c, &m->num[k], 0);
    }
    return st;
}

/* Digits inside a Latin name: C919, PM2.5, SU7, 5G, 88VIP, USB3.0 */
static size_t m_alnum(const nctx *c, size_t i, nmatch *m)
{
    if (nis_alpha(c, i)) {
        size_t l = tb_nl_letters(c, i);
        if (i > 0 && (nis_alpha(c, i - 1) || c->a[i - 1] == '.'))
            return 0;
        size_t j = i + l;
        if (l == 1 && ncp(c, j) == '2' && nis_alpha(c, j + 1) && !nis_alpha(c, j + 2) && !nis_digit(c, j + 2) &&
            ((c->a[i] ^ c->a[j + 1]) & 0x20) == 0) {
            m->kind = 2; /* B2B, O2O: "to" */
            m->len = 3;
            return 3;
        }
        size_t k = j;
        if (ncp(c, k) == '-' && nis_digit(c, k + 1))
            k++;
        if (!nis_digit(c, k))
            return 0;
        m->aux = j; /* letters end */
        m->kind = k > j;
        size_t e = parse_num(c, k, &m->num[0], 0);
        if (m->num[0].commas)
            return 0;
        if (ncp(c, e) == '.' && nis_digit(c, e + 1) && m->num[0].fe > m->num[0].fs) {
            /* V2.3.1: a version, said group by group */
            while (ncp(c, e) == '.' && nis_digit(c, e + 1))
                e = digits_end(c, e + 1);
            m->kind = 3;
            m->num[0].e = e;
        }
        m->len = e - i;
        return m->len;
    }
    if (!nis_digit(c, i) || (i > 0 && (nis_digit(c, i - 1) || nis_alpha(c, i - 1))))
        return 0;
    size_t e = digits_end(c, i);
    int era_kind;
    if (!nis_alpha(c, e) || e - i > 4 || (ncp(c, e) == 'w' && !nis_alpha(c, e + 1)) || era(c, e, &era_kind))
        return 0;
    m->num[0] = (nnum){.s = i, .e = e, .is = i, .ie = e, .fs = e, .fe = e};
    m->aux = i;
    m->len = e - i;
    return m->len;
}
static tb_status x_alnum(const nctx *c, const nmatch *m, tb_buf *o)
{
    tb_status st = TB_OK;
    if (m->kind == 2) {
        st = tb_buf_addc(o, c->a[m->at]);
        if (st == TB_OK)
            st = tb_buf_adds(o, " to ");
        if (st == TB_OK)
            st = tb_buf_addc(o, c->a[m->at + 2]);
        return st;
    }
    if (m->aux > 0 && m->aux <= m->num[0].s && nis_alpha(c, m->aux - 1)) {
        /* letters first */
        size_t ls = m->aux;
        while (ls > 0 && nis_alpha(c, ls - 1))
            ls--;
        st = tb_nl_word(o, c, ls, m->aux);
    }
    const nnum *x = &m->num[0];
    if (st != TB_OK)
        return st;
    if (m->kind == 3) {
        for (size_t k = x->is; k < x->e && st == TB_OK;) {
            size_t ge = digits_end(c, k);
            st = ge - k <= 2 ? tb_nx_cardinal(o, c->a + k, ge - k, 0) : digits(o, c, k, ge, 0);
            if (st == TB_OK && ge < x->e)
                st = tb_buf_adds(o, "点");
            k = ge + 1;
        }
        return st;
    }
    if (c->a[x->is] == '0' && ndig(x) >= 2 && x->fe == x->fs)
        return digits(o, c, x->is, x->ie, 0); /* B07 */
    int digit_first = m->aux == m->at;
    if (x->fe > x->fs || ndig(x) <= 2 || (digit_first && ndig(x) == 3) ||
        (ndig(x) == 3 && c->a[x->is + 1] == '0' && c->a[x->is + 2] == '0'))
        return num(o, c, x, 0);
    return digits(o, c, x->is, x->ie, 0);
}

/* 歼-16, 运-20B: a model prefix, a hyphen, a number — the hyphen is silent. */
static size_t m_model(const nctx *c, size_t i, nmatch *m)
{
    if (ncp(c, i) != '-' || i == 0 || !in_set(c->cp[i - 1], "歼运苏直轰武风征旗鹰枭翼龙舟型米卡图安尔"))
        return 0;
    size_t e = digits_end(c, i + 1);
    if (e == i + 1 || e - (i + 1) > 3)
        return 0;
    m->num[0] = (nnum){.s = i + 1, .e = e, .is = i + 1, .ie = e, .fs = e, .fe = e};
    m->len = e - i;
    return m->len;
}
static tb_status x_model(const nctx *c, const nmatch *m, tb_buf *o)
{
    return num(o, c, &m->num[0], 0);
}

/* Numbers read digit by digit: phone numbers, hotlines, codes, quoted numbers,
 * postcodes, IDs, IP addresses, numbers with a leading zero. */
static const char CODE_BEFORE[] = "电话|热线|拨打|拨|致电|号码|尾号|手机|手机号|邮编|邮政编码|编号|代码|"
                                  "账号|帐号|卡号|工号|学号|证号|房间|航班|车次|客服|专线|传真|编码|"
                                  "序列号|注册号|批准文号|身份证|QQ|ISBN|ISSN|密码|验证码|短信|"
                                  "门牌号|分机|分机号|信箱|邮箱";
static const char CODE_AFTER[] = "热线|专线|服务热线|客服|政务服务|举报|报警|急救|火警|查号";

/* Service numbers said digit by digit when a phone is in sight. */
static int service_number(const nctx *c, size_t i, size_t n)
{
    static const char *const SVC[] = {"110", "112", "114", "119", "120", "122", "999", "12345",
                                      "12306", "12315", "12348", "12333", "12369", "12351",
                                      "12320", "12328", "12329", "12338", "12355", "12356",
                                      "12366", "12377", "12380", "12388", "12390", "10086",
                                      "10010", "10000", "95588", "95599", "95533", "95566"};
    for (size_t k = 0; k < sizeof SVC / sizeof SVC[0]; k++)
        if (strlen(SVC[k]) == n && memcmp(c->a + i, SVC[k], n) == 0)
            return 1;
    return 0;
}

/* The nearest non-space character before i / at or after i, or 0. */
static unsigned before_ns(const nctx *c, size_t i)
{
    while (i > 0 && c->cp[i - 1] == ' ')
        i--;
    return i > 0 ? c->cp[i - 1] : 0;
}
static unsigned after_ns(const nctx *c, size_t i)
{
    while (i < c->n && c->cp[i] == ' ')
        i++;
    return ncp(c, i);
}

/* Three-digit names of days and customs, said digit by digit: 618 购物节,
 * 315 晚会, 520, 996 工作制. */
static int festival(const nctx *c, size_t i)
{
    static const char *const F[] = {"315", "520", "618", "818", "996", "711", "919"};
    for (size_t k = 0; k < sizeof F / sizeof F[0]; k++)
        if (memcmp(c->a + i, F[k], 3) == 0)
            return 1;
    return 0;
}

static size_t m_code(const nctx *c, size_t i, nmatch *m)
{
    if (ncp(c, i) == '+' && nis_digit(c, i + 1) && !(i > 0 && (nis_digit(c, i - 1) || nis_alpha(c, i - 1)))) {
        /* +86 138…: a country code before a phone number */
        size_t e = digits_end(c, i + 1);
        size_t k = e;
        if (e - (i + 1) > 3 || (ncp(c, k) != ' ' && ncp(c, k) != '-'))
            return 0;
        k++;
        size_t e2 = digits_end(c, k);
        if (e2 - k < 7)
            return 0;
        m->kind = NX_YAO;
        m->len = e2 - i;
        return m->len;
    }
    if (!nis_digit(c, i) || (i > 0 && (nis_digit(c, i - 1) || c->a[i - 1] == '.')))
        return 0;
    size_t e = digits_end(c, i);
    size_t n = e - i;
    int flags = 0;
    /* dotted quads (IP) and versions */
    if (ncp(c, e) == '.' && nis_digit(c, e + 1)) {
        size_t k = e, groups = 1;
        while (ncp(c, k) == '.' && nis_digit(c, k + 1) && groups < 8) {
            k = digits_end(c, k + 1);
            groups++;
        }
        if (groups >= 3) {
            m->kind = groups == 4 ? 2 : 3;
            m->len = k - i;
            return m->len;
        }
        return 0;
    }
    if (nis_alpha(c, e))
        return 0;
    int code = 0;
    unsigned p = i > 0 ? c->cp[i - 1] : 0, nx = ncp(c, e);
    if (n > NX_MAX_CARDINAL)
        code = 1;
    else if (n >= 2 && c->a[i] == '0' && !in_set(nx, "月日号时点分秒年版期届楼层") &&
             !(i > 0 && c->cp[i - 1] == 0x7B2C)) /* 第 */
        code = 1;
    else if (n >= 3 && (p == 0x201C || p == '"' || p == 0x300C) && (nx == 0x201D || nx == '"' || nx == 0x300D))
        code = 1; /* “33666” */
    else if (n == 11 && c->a[i] == '1' && c->a[i + 1] >= '3')
        code = 1, flags = NX_YAO; /* a mobile number */
    else if (n >= 3 && word_before(c, i, CODE_BEFORE))
        code = 1;
    else if (n >= 3 && word_at(c, e + (nx == ' '), CODE_AFTER))
        code = 1, flags = NX_YAO;
    else if ((n == 3 || n == 5) && c->phone && service_number(c, i, n))
        code = 1, flags = NX_YAO;
    else if (n == 3 && festival(c, i) && !in_set(nx, COUNT_WORDS) && !in_set(nx, "万亿千百") && nx != '%')
        code = 1; /* 618, 315, 520: days named by their digits */
    else if (n == 6 && (p == '(' || p == 0xFF08) && (nx == ')' || nx == 0xFF09))
        code = 1; /* 贵州茅台(600519): a stock code */
    else if (n == 6 && in_set(before_ns(c, i), "区市县镇省州"))
        code = 1; /* a postcode after a place name */
    else if (n >= 6 && c->code && nx != ',' && nx != '.' && nx != '%' && (!tb_is_han(after_ns(c, e)) || after_ns(c, e) == 0x53F7) &&
             !in_set(before_ns(c, i), "达共约超近逾计增减降升至到$¥￥€£") &&
             !(in_set(before_ns(c, i), "为是有") && !word_before(c, i, CODE_BEFORE) && n < 6))
        code = 1; /* a long bare number that counts nothing: an ID, a code */
    if (!code)
        return 0;
    if (c->phone || word_before(c, i, "电话|热线|拨打|拨|致电|号码|尾号|手机|手机号|客服|专线|传真|分机|分机号|短信|QQ"))
        flags = NX_YAO;
    size_t k = e;
    /* 010-64035547, 400-800-1234: a phone number in groups */
    while (ncp(c, k) == '-' && nis_digit(c, k + 1) && digits_end(c, k + 1) - (k + 1) >= 3 &&
           (c->a[i] == '0' || flags == NX_YAO || n == 3))
        k = digits_end(c, k + 1);
    if (k > e)
        flags = NX_YAO;
    m->kind = flags;
    m->len = k - i;
    return m->len;
}
static tb_status x_code(const nctx *c, const nmatch *m, tb_buf *o)
{
    size_t s = m->at, e = s + m->len;
    tb_status st = TB_OK;
    if (m->kind == 2 || m->kind == 3) {
        /* 127.0.0.1 digit by digit; a version 3.10.2 by groups */
        size_t k = s;
        int first = 1;
        while (k < e && st == TB_OK) {
            size_t ge = digits_end(c, k);
            if (m->kind == 3 && (first || ge - k <= 2))
                st = tb_nx_cardinal(o, c->a + k, ge - k, 0);
            else
                st = digits(o, c, k, ge, 0);
            if (st == TB_OK && ge < e)
                st = tb_buf_adds(o, "点");
            k = ge + 1;
            first = 0;
        }
        return st;
    }
    for (size_t k = s; k < e && st == TB_OK; k++)
        if (nis_digit(c, k))
            st = tb_buf_adds(o, tb_nx_digit_word(c->a[k] - '0', m->kind & NX_YAO));
    return st;
}

/* 80后, 00后 */
static size_t m_generation(const nctx *c, size_t i, nmatch *m)
{
    if (i > 0 && nis_digit(c, i - 1))
        return 0;
    size_t e = digits_end(c, i);
    if (e - i != 2 || ncp(c, e) != 0x540E) /* 后 */
        return 0;
    if (c->a[i + 1] != '0' && c->a[i + 1] != '5')
        return 0;
    m->len = 2;
    return 2;
}
static tb_status x_generation(const nctx *c, const nmatch *m, tb_buf *o)
{
    return digits(o, c, m->at, m->at + m->len, 0);
}



/* A year: 2022年 → 二零二二年; 2021、2022年 too; not 近2000年. */
static size_t m_year(const nctx *c, size_t i, nmatch *m)
{
    if (i > 0 && (nis_digit(c, i - 1) || c->a[i - 1] == '.'))
        return 0;
    size_t e = digits_end(c, i);
    size_t k = e;
    if (ncp(c, k) == ' ')
        k++;
    int yr = 0;
    if (e - i == 4 && ncp(c, k) == 0x5E74) {
        yr = c->a[i] == '1' || c->a[i] == '2';
        if (i > 0 && in_set(c->cp[i - 1], "近约超逾共历达余多这那每"))
            yr = 0;
        if (word_at(c, k + 1, "多|来|以来|之久|历史|左右|后|前") && !(c->a[i] == '1' && c->a[i + 1] == '9') &&
            !(c->a[i] == '2' && c->a[i + 1] == '0'))
            yr = 0;
    } else if (e - i == 4 && (c->a[i] == '1' || c->a[i] == '2') &&
               (in_set(ncp(c, e), "、和与及或") || ncp(c, e) == ',')) {
        /* 2021、2022年: the first year of a list */
        size_t s2 = e + 1;
        size_t e2 = digits_end(c, s2);
        yr = e2 - s2 == 4 && (ncp(c, e2) == 0x5E74 || in_set(ncp(c, e2), "、和与及或"));
    } else if (e - i >= 3 && e - i <= 4 && era(c, e, &m->kind) > 0) {
        m->num[0] = (nnum){.s = i, .e = e, .is = i, .ie = e, .fs = e, .fe = e};
        m->len = e - i + era(c, e, &m->kind);
        return m->len;
    } else if (e - i == 4 && i > 0 && c->cp[i - 1] == 0x00A9) {
        yr = 1; /* ©2025 */
    } else if (e - i == 2 && c->a[i] == '0' && ncp(c, e) == 0x5E74) {
        yr = 1; /* 05年 */
    } else if (e - i == 2 && ncp(c, e) == 0x5E74 && nis_digit(c, e + 1) &&
               (ncp(c, digits_end(c, e + 1)) == 0x6708) && digits_end(c, e + 1) - (e + 1) <= 2) {
        yr = 1; /* 86年8月: a two-digit year with its month */
    } else if (e - i <= 4 && ncp(c, e) == 0x5E74 && word_before(c, i, "公元|公元前")) {
        yr = 1; /* 公元前202年 */
    } else if (e - i == 4 && (c->a[i] == '1' || c->a[i] == '2') && word_at(c, e, "赛季|财年|学年|年度|届")) {
        yr = 1;
    }
    if (!yr)
        return 0;
    m->len = e - i;
    return m->len;
}
static tb_status x_year(const nctx *c, const nmatch *m, tb_buf *o)
{
    if (m->kind) {
        /* 2934ad → 公元二九三四年, 1234b.c. → 公元前一二三四年 */
        tb_status st = word_before(c, m->at, "公元|公元前") ? TB_OK : tb_buf_adds(o, m->kind == 2 ? "公元前" : "公元");
        if (st == TB_OK)
            st = digits(o, c, m->at, m->num[0].ie, 0);
        return st == TB_OK ? tb_buf_adds(o, "年") : st;
    }
    return digits(o, c, m->at, m->at + m->len, 0);
}



/* Plain numbers: 1.8万, 12,600, -5, 3456.7, 第01版. */
static size_t m_number(const nctx *c, size_t i, nmatch *m)
{
    if (ncp(c, i) == '.' && nis_digit(c, i + 1) && i > 0 && tb_is_han(c->cp[i - 1])) {
        /* .22口径: a decimal written without its zero */
        size_t e = digits_end(c, i + 1);
        m->num[0] = (nnum){.s = i, .e = e, .is = i, .ie = i, .fs = i + 1, .fe = e};
        m->len = e - i;
        return m->len;
    }
    if (!nis_digit(c, i) && !minus_here(c, i))
        return 0;
    size_t e = parse_num(c, i, &m->num[0], 1);
    if (e == i)
        return 0;
    m->len = e - i;
    return m->len;
}
static tb_status x_number(const nctx *c, const nmatch *m, tb_buf *o)
{
    int f = count_flags(c, &m->num[0]);
    if (m->num[0].s > 0 && c->cp[m->num[0].s - 1] == 0x7B2C) /* 第2 → 第二 */
        f = 0;
    if (ncp(c, m->num[0].e) == 0x5143) /* 元: 36.00元 → 三十六元 */
        f |= NX_TRIM;
    if (m->num[0].neg) {
        /* -5~3℃: the sign of a temperature range is 零下 too */
        size_t sl = range_sep(c, m->num[0].e), ul = 0;
        nnum y;
        if (sl > 0) {
            size_t e2 = parse_num(c, m->num[0].e + sl, &y, 1);
            const nunit *u = e2 > m->num[0].e + sl ? tb_nu_unit(c, e2, &ul) : NULL;
            if (u && strstr(u->spoken, "氏度")) {
                nnum x = m->num[0];
                x.neg = 0;
                tb_status st = tb_buf_adds(o, "零下");
                return st == TB_OK ? num(o, c, &x, f) : st;
            }
        }
    }
    return num(o, c, &m->num[0], f);
}

/* Range separators between numbers (1-10月, 15~20, 9月29日—10月6日, 5%~5.5%):
 * 至. Claims the separator only; the numbers are read by the other rules. */
static size_t m_range_sep(const nctx *c, size_t i, nmatch *m)
{
    if (!is_dash(c->cp[i]) || i == 0)
        return 0;
    size_t p = i;
    while (p > 0 && c->cp[p - 1] == ' ')
        p--;
    if (p == 0 || (p < i && c->cp[i] == '-' && nis_digit(c, i + 1)))
        return 0;
    unsigned pc = c->cp[p - 1];
    if (c->cp[i] == '-' && c->cp[i - 1] == ' ' && ncp(c, i + 1) == ' ' && (nis_alpha(c, p - 1) || nis_digit(c, p - 1)) &&
        (nis_alpha(c, i + 2) || nis_digit(c, i + 2))) {
        m->kind = 1; /* 2x - y */
        m->len = 1;
        return 1;
    }
    if (!(nis_digit(c, p - 1) || pc == '%' || pc == 0x2030 || pc == 0x2103 ||
          in_set(pc, "年月日号时点分秒万亿千百天周岁倍个度米元")))
        return 0;
    size_t k = i;
    if (is_dash(c->cp[k]))
        k++;
    if (k < c->n && c->cp[k] == c->cp[i] && c->cp[k] != '-')
        k++; /* —— */
    while (ncp(c, k) == ' ')
        k++;
    if (!nis_digit(c, k) && !(ncp(c, k) == '-' && nis_digit(c, k + 1)) &&
        !(in_set(ncp(c, k), "$¥￥€£") && nis_digit(c, k + 1)))
        return 0;
    /* 5 - 3 = 2 is arithmetic */
    if (c->cp[i] == '-' && i > 0 && c->cp[i - 1] == ' ' && ncp(c, i + 1) == ' ')
        m->kind = 1;
    m->len = k - i;
    return m->len;
}
static tb_status x_range_sep(const nctx *c, const nmatch *m, tb_buf *o)
{
    (void)c;
    return tb_buf_adds(o, m->kind ? "减" : "至");
}

/* A run of Latin letters not claimed by another rule. */
static size_t m_word(const nctx *c, size_t i, nmatch *m)
{
    size_t l = tb_nl_letters(c, i);
    if (l == 0 || (i > 0 && nis_alpha(c, i - 1)))
        return 0;
    if (l == 1 && i > 0 && c->cp[i - 1] == 0x00B0 && (c->a[i] == 'C' || c->a[i] == 'F')) {
        static const nunit CEL = {"C", "摄氏度"}, FAH = {"F", "华氏度"};
        m->data = c->a[i] == 'C' ? &CEL : &FAH; /* (°C) */
        m->len = 1;
        return 1;
    }
    /* a unit on its own: 单位km/h, 速度(km/h) */
    size_t ul;
    const nunit *u = tb_nu_unit(c, i, &ul);
    if (u && ul > l && strchr(u->written, '/')) {
        m->data = u;
        m->len = ul;
        return ul;
    }
    /* c e o: letters spelt out with spaces */
    if (l == 1 && ncp(c, i + 1) == ' ' && nis_alpha(c, i + 2) && !nis_alpha(c, i + 3)) {
        size_t k = i;
        while (nis_alpha(c, k) && !nis_alpha(c, k + 1) && ncp(c, k + 1) == ' ' && nis_alpha(c, k + 2) &&
               !nis_alpha(c, k + 3))
            k += 2;
        if (!nis_alpha(c, k + 1) && !nis_digit(c, k + 1) && k > i && !(i > 0 && nis_digit(c, i - 1))) {
            m->kind = 1;
            m->len = k + 1 - i;
            return m->len;
        }
    }
    m->len = l;
    return l;
}
static tb_status x_word(const nctx *c, const nmatch *m, tb_buf *o)
{
    if (m->data)
        return tb_buf_adds(o, ((const nunit *)m->data)->spoken);
    if (m->kind == 1) {
        tb_status st = TB_OK;
        for (size_t k = m->at; k < m->at + m->len && st == TB_OK; k += 2) {
            char ch = c->a[k];
            st = tb_buf_addc(o, ch >= 'a' && ch <= 'z' ? (char)(ch - 'a' + 'A') : ch);
        }
        return st;
    }
    return tb_nl_word(o, c, m->at, m->at + m->len);
}

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
static const nrule RULES[] = {
    /* start at     matcher        expander         example */
    {D | L,         m_addr,        x_addr},         /* news@nmg.cn, www.gov.cn */
    {D,             m_date_sep,    x_date_sep},     /* 2022-06-15 */
    {D,             m_dot_day,     x_dot_day},      /* 3·15, 11·11 */
    {D,             m_year_month,  x_year_month},   /* 2008-08, 12/31/2025 */
    {D,             m_year_range,  x_year_range},   /* 2021-2025年 */
    {D,             m_time,        x_time},         /* 8:30, 13:10:36 */
    {D | S,         m_code,        x_code},         /* 12345热线, “33666”, 0471-6601234 */
    {D,             m_ratio,       x_ratio},        /* 7.2∶45.9, 3:1, 104-100 in a match */
    {D | S,         m_percent,     x_percent},      /* 65%, 1.5‰, 3-5% */
    {D | S,         m_fraction,    x_fraction},     /* 1/3 */
    {L | AT_CURRENCY, m_money,     x_money},        /* ¥500, US$2亿 */
    {D,             m_times,       x_times},        /* 1920x1080 */
    {D | S,         m_unit,        x_unit},         /* 38℃, 80km/h */
    {S,             m_model,       x_model},        /* 歼-16 */
    {D | L,         m_alnum,       x_alnum},        /* C919, PM2.5, 5G */
    {D,             m_generation,  x_generation},   /* 80后 */
    {D,             m_year,        x_year},         /* 2022年 */
    {D | S | AT_DOT, m_number,     x_number},       /* 1.8万, 12,600, -5 */
    {S | AT_DASH,   m_range_sep,   x_range_sep},    /* 1-10月, 15~20 */
    {L,             m_word,        x_word},         /* GDP, c e o */
};
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
    case '-':
        return AT_SIGN | AT_DASH;
    case '+': case 0x8D1F: /* 负 */
        return AT_SIGN;
    case '.':
        return AT_DOT;
    case '$': case 0xA5: case 0xFFE5: case 0x20AC: case 0xA3: case 0x20A9: case 0x20B9:
        return AT_CURRENCY;
    default:
        return AT_DASH;
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
