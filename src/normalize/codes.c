/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * codes.c — matchers and expanders for things that are names rather than
 * amounts: e-mail addresses and URLs, Latin names with digits (C919, PM2.5,
 * 5G), model names (歼-16), digit strings (phone numbers, hotlines, codes,
 * IDs, quoted numbers) and plain Latin words. Rows of the table in rules.c.
 */
#include <string.h>

#include "normalize/norm_int.h"
#include "base/utf8.h"

/* e-mail address or URL */
size_t tb_nr_match_addr(const nctx *c, size_t i, nmatch *m)
{
    if (!nis_alpha(c, i) && !nis_digit(c, i))
        return 0;
    m->len = tb_nl_addr_len(c, i);
    return m->len;
}

tb_status tb_nr_say_addr(const nctx *c, const nmatch *m, tb_buf *o)
{
    return tb_nl_addr(o, c, m->at, m->at + m->len);
}

/* Digits inside a Latin name: C919, PM2.5, SU7, 5G, 88VIP, USB3.0 */
size_t tb_nr_match_alnum(const nctx *c, size_t i, nmatch *m)
{
    if (nis_alpha(c, i)) {
        size_t l = tb_nl_letters(c, i);
        if (i > 0 && (nis_alpha(c, i - 1) || c->a[i - 1] == '.'))
            return 0;
        size_t j = i + l;
        if (l == 1 && ncp(c, j) == '2' && nis_alpha(c, j + 1) && !nis_alpha(c, j + 2) &&
            !nis_digit(c, j + 2) && ((c->a[i] ^ c->a[j + 1]) & 0x20) == 0) {
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
        size_t e = tb_ns_parse_num(c, k, &m->num[0], 0);
        if (m->num[0].commas)
            return 0;
        if (ncp(c, e) == '-' && (nis_digit(c, e + 1) || nis_alpha(c, e + 1)) &&
            m->num[0].fe == m->num[0].fs) {
            /* NMG-2023-001, GB-T-2659: a code in hyphenated groups */
            while (ncp(c, e) == '-' && (nis_digit(c, e + 1) || nis_alpha(c, e + 1))) {
                e++;
                while (nis_digit(c, e) || nis_alpha(c, e))
                    e++;
            }
            m->kind = 4;
            m->num[0].e = e;
            m->len = e - i;
            return m->len;
        }
        if (ncp(c, e) == '.' && nis_digit(c, e + 1) && m->num[0].fe > m->num[0].fs) {
            /* V2.3.1: a version, said group by group */
            while (ncp(c, e) == '.' && nis_digit(c, e + 1))
                e = tb_ns_digits_end(c, e + 1);
            m->kind = 3;
            m->num[0].e = e;
        }
        m->len = e - i;
        return m->len;
    }
    if (!nis_digit(c, i) || (i > 0 && (nis_digit(c, i - 1) || nis_alpha(c, i - 1))))
        return 0;
    size_t e = tb_ns_digits_end(c, i);
    int era_kind;
    if (!nis_alpha(c, e) || e - i > 4 || (ncp(c, e) == 'w' && !nis_alpha(c, e + 1)) ||
        tb_ns_era(c, e, &era_kind))
        return 0;
    m->num[0] = (nnum){.s = i, .e = e, .is = i, .ie = e, .fs = e, .fe = e};
    m->aux = i;
    m->len = e - i;
    return m->len;
}

tb_status tb_nr_say_alnum(const nctx *c, const nmatch *m, tb_buf *o)
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
    if (m->kind == 4) {
        for (size_t k = x->is; k < x->e && st == TB_OK;) {
            size_t ge;
            if (nis_digit(c, k)) {
                ge = tb_ns_digits_end(c, k);
                if (ge - k <= 2 && c->a[k] != '0')
                    st = tb_nx_cardinal(o, c->a + k, ge - k, 0); /* A12-B07 → A十二B零七 */
                else
                    st = tb_ns_digits(o, c, k, ge, 0);
            } else if (nis_alpha(c, k)) {
                ge = k + tb_nl_letters(c, k);
                st = tb_nl_word(o, c, k, ge);
            } else {
                ge = k + 1; /* the hyphen is silent */
            }
            k = ge;
        }
        return st;
    }
    if (m->kind == 3) {
        for (size_t k = x->is; k < x->e && st == TB_OK;) {
            size_t ge = tb_ns_digits_end(c, k);
            st =
                ge - k <= 2 ? tb_nx_cardinal(o, c->a + k, ge - k, 0) : tb_ns_digits(o, c, k, ge, 0);
            if (st == TB_OK && ge < x->e)
                st = tb_buf_adds(o, "点");
            k = ge + 1;
        }
        return st;
    }
    if (c->a[x->is] == '0' && tb_ns_ndig(x) >= 2 && x->fe == x->fs)
        return tb_ns_digits(o, c, x->is, x->ie, 0); /* B07 */
    int digit_first = m->aux == m->at;
    if (x->fe > x->fs || tb_ns_ndig(x) <= 2 || (digit_first && tb_ns_ndig(x) == 3) ||
        (tb_ns_ndig(x) == 3 && c->a[x->is + 1] == '0' && c->a[x->is + 2] == '0'))
        return tb_ns_num(o, c, x, 0);
    return tb_ns_digits(o, c, x->is, x->ie, 0);
}

/* 歼-16, 运-20B: a model prefix, a hyphen, a number — the hyphen is silent. */
size_t tb_nr_match_model(const nctx *c, size_t i, nmatch *m)
{
    if (ncp(c, i) != '-' || i == 0 ||
        !tb_ns_in_set(c->cp[i - 1], "歼运苏直轰武风征旗鹰枭翼龙舟型米卡图安尔"))
        return 0;
    size_t e = tb_ns_digits_end(c, i + 1);
    if (e == i + 1 || e - (i + 1) > 3)
        return 0;
    m->num[0] = (nnum){.s = i + 1, .e = e, .is = i + 1, .ie = e, .fs = e, .fe = e};
    m->len = e - i;
    return m->len;
}

tb_status tb_nr_say_model(const nctx *c, const nmatch *m, tb_buf *o)
{
    return tb_ns_num(o, c, &m->num[0], 0);
}

/* Numbers read digit by digit: phone numbers, hotlines, codes, quoted numbers,
 * postcodes, IDs, IP addresses, numbers with a leading zero. */
static const char CODE_BEFORE[] =
    "电话|热线|拨打|拨|致电|号码|尾号|手机|手机号|邮编|邮政编码|编号|代码|"
    "账号|帐号|卡号|工号|学号|证号|房间|航班|车次|客服|专线|传真|编码|"
    "序列号|注册号|批准文号|身份证|QQ|ISBN|ISSN|密码|验证码|短信|"
    "门牌号|分机|分机号|信箱|邮箱|ISO|GB|GB/T|IEC|标准号";

static const char CODE_AFTER[] = "热线|专线|服务热线|客服|政务服务|举报|报警|急救|火警|查号";

/* Service numbers said digit by digit when a phone is in sight. */
static int service_number(const nctx *c, size_t i, size_t n)
{
    static const char *const SVC[] = {"110",   "112",   "114",   "119",   "120",   "122",   "999",
                                      "12345", "12306", "12315", "12348", "12333", "12369", "12351",
                                      "12320", "12328", "12329", "12338", "12355", "12356", "12366",
                                      "12377", "12380", "12388", "12390", "10086", "10010", "10000",
                                      "95588", "95599", "95533", "95566"};
    for (size_t k = 0; k < sizeof SVC / sizeof SVC[0]; k++)
        if (strlen(SVC[k]) == n && memcmp(c->a + i, SVC[k], n) == 0)
            return 1;
    return 0;
}

/* 蒙A·52719, 京B12345: a licence plate — the province, a letter, then five
 * or six letters and digits, said one by one (1 as 幺). */
size_t tb_nr_match_plate(const nctx *c, size_t i, nmatch *m)
{
    if (i == 0 ||
        !tb_ns_in_set(c->cp[i - 1],
                      "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领警学") ||
        !nis_alpha(c, i))
        return 0;
    if (c->a[i] < 'A' || c->a[i] > 'Z')
        return 0;
    size_t k = i + 1;
    if (ncp(c, k) == 0x00B7 || ncp(c, k) == 0x30FB || ncp(c, k) == '-' || ncp(c, k) == ' ' ||
        ncp(c, k) == 0x2022)
        k++;
    size_t s = k, digits = 0;
    while ((nis_digit(c, k) || (c->a[k] >= 'A' && c->a[k] <= 'Z')) && k - s < 7) {
        digits += nis_digit(c, k);
        k++;
    }
    if (k - s < 5 || k - s > 6 || digits < 3 || nis_alpha(c, k) || nis_digit(c, k))
        return 0;
    m->aux = s;
    m->len = k - i;
    return m->len;
}

tb_status tb_nr_say_plate(const nctx *c, const nmatch *m, tb_buf *o)
{
    tb_status st = tb_buf_addc(o, c->a[m->at]);
    for (size_t k = m->aux; k < m->at + m->len && st == TB_OK; k++)
        st = nis_digit(c, k) ? tb_buf_adds(o, tb_nx_digit_word(c->a[k] - '0', 1))
                             : tb_buf_addc(o, c->a[k]);
    return st;
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

/* +86 138…: a country code before a phone number, said digit by digit. */
static size_t country_code(const nctx *c, size_t i, nmatch *m)
{
    size_t e = tb_ns_digits_end(c, i + 1);
    size_t k = e;
    if (e - (i + 1) > 3 || (ncp(c, k) != ' ' && ncp(c, k) != '-'))
        return 0;
    k++;
    size_t e2 = tb_ns_digits_end(c, k);
    if (e2 - k < 7)
        return 0;
    m->kind = NX_YAO;
    m->len = e2 - i;
    return m->len;
}

/* Dotted quads (IP: kind 2) and versions (kind 3) from i, whose first
 * group ends at e; 0 when fewer than three groups. */
static size_t dotted(const nctx *c, size_t i, size_t e, nmatch *m)
{
    size_t k = e, groups = 1;
    while (ncp(c, k) == '.' && nis_digit(c, k + 1) && groups < 8) {
        k = tb_ns_digits_end(c, k + 1);
        groups++;
    }
    if (groups < 3)
        return 0;
    m->kind = groups == 4 ? 2 : 3;
    m->len = k - i;
    return m->len;
}

/* 618, 315, 520: days named by their digits (but 约520平方米); 985高校,
 * 211工程: university programmes. The three digits at i end at e. */
static int named_by_digits(const nctx *c, size_t i, size_t e, unsigned nx)
{
    if (festival(c, i) && !tb_ns_counts(nx) && !tb_ns_in_set(nx, "万亿千百") && nx != '%' &&
        (!tb_is_han(nx) ||
         tb_ns_word_before(c, i, "围绕|迎接|备战|庆祝|今年|去年|每年|年度|参与|借势") ||
         tb_ns_word_at(c, e,
                       "购物节|大促|晚会|当天|期间|活动|促销|消费|纪念|国道|前夕|以来|节|推出")))
        return 1;
    return (memcmp(c->a + i, "985", 3) == 0 || memcmp(c->a + i, "211", 3) == 0) &&
           (tb_ns_word_at(c, e, "高校|大学|工程|院校|名校") || nx == '/' || nx == 0x3001 ||
            nx == 0x201D);
}

/* Is the run of n digits [i, e) a code (said digit by digit) rather than a
 * number? *flags gets NX_YAO when 1 is said 幺 (phone numbers). */
static int is_code(const nctx *c, size_t i, size_t e, int *flags)
{
    size_t n = e - i;
    unsigned p = i > 0 ? c->cp[i - 1] : 0, nx = ncp(c, e);
    if (n > NX_MAX_CARDINAL)
        return 1;
    if (n >= 2 && c->a[i] == '0' && !tb_ns_in_set(nx, "月日号时点分秒年版期届楼层") &&
        !(i > 0 && c->cp[i - 1] == 0x7B2C)) /* 第 */
        return 1;
    if (n >= 3 && (p == 0x201C || p == '"' || p == 0x300C) &&
        (nx == 0x201D || nx == '"' || nx == 0x300D))
        return 1; /* “33666” */
    if (n == 11 && c->a[i] == '1' && c->a[i + 1] >= '3') {
        *flags = NX_YAO; /* a mobile number */
        return 1;
    }
    if (n >= 3 && tb_ns_word_before(c, i, CODE_BEFORE))
        return 1;
    if ((n >= 3 && tb_ns_word_at(c, e + (nx == ' '), CODE_AFTER)) ||
        ((n == 3 || n == 5) && tb_nc_flag(c, NCTX_PHONE) && service_number(c, i, n))) {
        *flags = NX_YAO;
        return 1;
    }
    if (n == 3 && named_by_digits(c, i, e, nx))
        return 1;
    if (n >= 7 && tb_nc_flag(c, NCTX_PHONE) && !tb_is_han(tb_ns_after(c, e)))
        return 1; /* 电话：（0471）6601234 */
    if (n == 6 && (p == '(' || p == 0xFF08) && (nx == ')' || nx == 0xFF09))
        return 1; /* 贵州茅台(600519): a stock code */
    if (n == 6 && tb_ns_in_set(tb_ns_before(c, i), "区市县镇省州"))
        return 1; /* a postcode after a place name */
    /* in a line about IDs, a long number that counts nothing is one */
    return n >= 6 && tb_nc_flag(c, NCTX_CODE) && nx != ',' && nx != '.' && nx != '%' &&
           (!tb_is_han(tb_ns_after(c, e)) || tb_ns_after(c, e) == 0x53F7) &&
           !tb_ns_in_set(tb_ns_before(c, i), "达共约超近逾计增减降升至到$¥￥€£");
}

size_t tb_nr_match_code(const nctx *c, size_t i, nmatch *m)
{
    if (ncp(c, i) == '+' && nis_digit(c, i + 1) &&
        !(i > 0 && (nis_digit(c, i - 1) || nis_alpha(c, i - 1))))
        return country_code(c, i, m);
    if (!nis_digit(c, i) || (i > 0 && (nis_digit(c, i - 1) || c->a[i - 1] == '.')))
        return 0;
    size_t e = tb_ns_digits_end(c, i);
    size_t n = e - i;
    if (ncp(c, e) == '.' && nis_digit(c, e + 1))
        return dotted(c, i, e, m);
    int flags = 0;
    if (nis_alpha(c, e) || !is_code(c, i, e, &flags))
        return 0;
    if (tb_nc_flag(c, NCTX_PHONE) ||
        tb_ns_word_before(c, i,
                          "电话|热线|拨打|拨|致电|号码|尾号|手机|手机号|客服|专线|传真|分机|"
                          "分机号|短信|QQ"))
        flags = NX_YAO;
    size_t k = e;
    /* 010-64035547, 400-800-1234: a phone number in groups */
    while (ncp(c, k) == '-' && nis_digit(c, k + 1) && tb_ns_digits_end(c, k + 1) - (k + 1) >= 3 &&
           (c->a[i] == '0' || flags == NX_YAO || n == 3))
        k = tb_ns_digits_end(c, k + 1);
    if (k > e)
        flags = NX_YAO;
    m->kind = flags;
    m->len = k - i;
    return m->len;
}

tb_status tb_nr_say_code(const nctx *c, const nmatch *m, tb_buf *o)
{
    size_t s = m->at, e = s + m->len;
    tb_status st = TB_OK;
    if (m->kind == 2 || m->kind == 3) {
        /* 127.0.0.1 digit by digit; a version 3.10.2 by groups */
        size_t k = s;
        int first = 1;
        while (k < e && st == TB_OK) {
            size_t ge = tb_ns_digits_end(c, k);
            if (m->kind == 3 && (first || ge - k <= 2))
                st = tb_nx_cardinal(o, c->a + k, ge - k, 0);
            else
                st = tb_ns_digits(o, c, k, ge, 0);
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

/* A run of Latin letters not claimed by another rule. */
size_t tb_nr_match_word(const nctx *c, size_t i, nmatch *m)
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
        while (nis_alpha(c, k) && !nis_alpha(c, k + 1) && ncp(c, k + 1) == ' ' &&
               nis_alpha(c, k + 2) && !nis_alpha(c, k + 3))
            k += 2;
        if (!nis_alpha(c, k + 1) && !nis_digit(c, k + 1) && k > i &&
            !(i > 0 && nis_digit(c, i - 1))) {
            m->kind = 1;
            m->len = k + 1 - i;
            return m->len;
        }
    }
    m->len = l;
    return l;
}

tb_status tb_nr_say_word(const nctx *c, const nmatch *m, tb_buf *o)
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
