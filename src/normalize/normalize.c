/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * normalize.c — the normaliser's driver: written Chinese → the spoken form.
 * Stage in the pipeline: after segmentation (one sentence or line at a time),
 * before the lexicon. Three passes over one line, each linear:
 *   1. clean: decode UTF-8 (invalid bytes dropped), remove control, zero-width
 *      and bidi characters, fold full-width letters, digits and symbols to
 *      ASCII (the Chinese pause marks ，：；！？（） stay full-width);
 *   2. walk: at each position where a rule can start (a digit, a Latin letter,
 *      a sign, a currency, a dash) ask the rule table (rules.c); otherwise the
 *      character is kept, or punct.c turns it into a pause, a word or nothing;
 *   3. tidy: merge runs of pause marks into the strongest one, collapse spaces,
 *      trim the ends.
 * Pure: no globals, no I/O; all memory is owned by the call until *out.
 */
#include "normalize/normalize.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "normalize/norm_int.h"
#include "base/utf8.h"

/* Longest line we accept (code points): far above any sentence, and it keeps
 * the working arrays bounded. */
#define MAX_LINE ((size_t)64 << 20)

static int dropped(unsigned cp)
{
    if (cp < 0x20 && cp != '\t')
        return 1;
    if (cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
        return 1; /* DEL and C1 controls */
    if ((cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
        (cp >= 0x2060 && cp <= 0x2069) || cp == 0xFEFF || cp == 0x061C || cp == 0x00AD ||
        cp == 0xFFFD || (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0x0300 && cp <= 0x036F))
        return 1; /* zero-width, bidi, soft hyphen, variation selectors */
    return 0;
}

/* Full-width and compatibility forms folded before anything else looks. */
static unsigned fold(unsigned cp)
{
    if (cp == '\t' || cp == 0x3000 || cp == 0x00A0 || (cp >= 0x2000 && cp <= 0x200A) ||
        cp == 0x202F)
        return ' ';
    if (cp >= 0xFF01 && cp <= 0xFF5E) {
        switch (cp) {
        case 0xFF0C:
        case 0xFF1A:
        case 0xFF1B:
        case 0xFF01:
        case 0xFF1F:
        case 0xFF08:
        case 0xFF09: return cp; /* ，：；！？（） are Chinese pause marks already */
        default: return cp - 0xFF01 + 0x21;
        }
    }
    if (cp == 0x2212 || cp == 0xFE63 || cp == 0x2010 || cp == 0x2011)
        return '-';
    if (cp == 0xFE6A)
        return '%';
    if (cp == 0x00B5)
        return 0x03BC; /* micro sign → Greek mu, as NFKC does */
    return cp;
}

/* Does h[0..hn) contain w[0..wn)? memchr for the last byte (the most varied
 * byte of a Han character), then compare. */
static int contains(const char *h, size_t hn, const char *w, size_t wn)
{
    if (wn == 0 || hn < wn)
        return 0;
    const char *s = h + wn - 1, *end = h + hn;
    while (s < end) {
        const char *p = memchr(s, w[wn - 1], (size_t)(end - s));
        if (!p)
            return 0;
        if (memcmp(p - (wn - 1), w, wn - 1) == 0)
            return 1;
        s = p + 1;
    }
    return 0;
}

/* Does the UTF-8 line contain one of the words (NULL-terminated list)?
 * The words are Han, so cleaning the line cannot change them. */
static int line_has(const char *in, size_t len, const char *const *words)
{
    for (; *words; words++)
        if (contains(in, len, *words, strlen(*words)))
            return 1;
    return 0;
}

static const char *const SPORTS[] = {
    "比分", "击败",   "战胜",   "险胜",   "逆转",   "进球",   "主场",   "客场", "半场",   "决赛",
    "联赛", "冠军赛", "小组赛", "季后赛", "淘汰赛", "系列赛", "总比分", "战平", "负于",   "获胜",
    "大胜", "惜败",   "不敌",   "爆冷",   "篮球",   "足球",   "排球",   "网球", "乒乓球", "羽毛球",
    "冰球", "棒球",   "球队",   "比赛中", "队以",   "队在",   "局比",   "盘比", NULL};
static const char *const CODES[] = {
    "身份证", "邮编", "邮政编码", "代码",   "编号", "号码",     "尾号",   "账号",   "卡号",
    "基金",   "股票", "证券",     "ETF",    "编码", "查询请输", "验证码", "序列号", "订单号",
    "单号",   "工号", "学号",     "准考证", "护照", "注册号",   NULL};
static const char *const PHONE[] = {"电话", "热线", "拨打", "手机号", "客服",
                                    "专线", "传真", "致电", NULL};

int tb_nc_flag(const nctx *c, int which)
{
    static const char *const *const LISTS[NCTX_FLAGS] = {SPORTS, PHONE, CODES};
    if (!c->lazy || !c->raw || which < 0 || which >= NCTX_FLAGS)
        return 0;
    if (c->lazy[which] < 0)
        c->lazy[which] = line_has(c->raw, c->rawlen, LISTS[which]);
    return c->lazy[which];
}

/* May a rule start at this character? */
static int may_start(const nctx *c, size_t i)
{
    char a = c->a[i];
    if ((a >= '0' && a <= '9') || (a >= 'a' && a <= 'z') || (a >= 'A' && a <= 'Z'))
        return 1;
    switch (c->cp[i]) {
    case '-':
    case '+':
    case '$':
    case '~':
    case '.':
    case 0xA5:
    case 0xFFE5:
    case 0x20AC:
    case 0xA3:
    case 0x20A9:
    case 0x20B9:
    case 0x2013:
    case 0x2014:
    case 0x2015:
    case 0xFF5E:
    case 0x301C:
    case 0x8D1F: return 1;
    default: return 0;
    }
}

static int strength(unsigned cp)
{
    switch (cp) {
    case 0x3002:
    case 0xFF01:
    case 0xFF1F: return 3;
    case 0xFF1B:
    case 0xFF1A: return 2;
    default: return 1;
    }
}

/* Pass 3: merge pause runs, collapse and trim spaces. */
static tb_status tidy(const char *s, size_t n, tb_buf *o)
{
    size_t last_start = 0; /* where the last kept character starts in o */
    unsigned last = 0;     /* last kept non-space code point (0 at start) */
    int space = 0;
    for (size_t k = 0; k < n;) {
        unsigned cp;
        size_t l = tb_utf8_decode(s + k, n - k, &cp);
        if (l == 0) {
            k++;
            continue;
        }
        k += l;
        if (cp == ' ') {
            space = 1;
            continue;
        }
        tb_status st = TB_OK;
        if (tb_np_is_pause(cp)) {
            space = 0;
            if (last == 0)
                continue; /* nothing said yet */
            if (tb_np_is_pause(last)) {
                if (strength(cp) > strength(last)) {
                    o->len = last_start;
                    o->data[o->len] = '\0';
                } else {
                    continue;
                }
            }
        } else if (space) {
            if (last != 0 && !tb_np_is_pause(last))
                st = tb_buf_addc(o, ' ');
            space = 0;
        }
        if (st != TB_OK)
            return st;
        last_start = o->len;
        st = tb_buf_add(o, s + k - l, l);
        if (st != TB_OK)
            return st;
        last = cp;
    }
    /* a bracket or dash at the very end leaves a dangling comma */
    if (last == 0xFF0C || last == 0x3001) {
        o->len = last_start;
        if (o->data)
            o->data[o->len] = '\0';
    }
    return TB_OK;
}

tb_status tb_norm_text(const char *in, size_t len, char **out)
{
    *out = NULL;
    if (len > MAX_LINE)
        return TB_ERR_TOO_BIG;
    unsigned *cp = malloc((len + 1) * sizeof *cp);
    char *a = malloc(len + 1);
    if (!cp || !a) {
        free(cp);
        free(a);
        return TB_ERR_NOMEM;
    }
    size_t n = 0;
    for (size_t k = 0; k < len;) {
        unsigned x;
        size_t l = tb_utf8_decode(in + k, len - k, &x);
        if (l == 0) {
            k++; /* invalid byte: input.c reports these; here they are dropped */
            continue;
        }
        k += l;
        if (dropped(x))
            continue;
        x = fold(x);
        cp[n] = x;
        a[n] = x < 0x80 ? (char)x : '\x01';
        n++;
    }
    cp[n] = 0;
    a[n] = '\0';
    int lazy[NCTX_FLAGS] = {-1, -1, -1};
    nctx c = {.cp = cp, .a = a, .n = n, .raw = in, .rawlen = len, .lazy = lazy};

    tb_buf raw, res;
    tb_buf_init(&raw, 0);
    tb_buf_init(&res, 0);
    tb_status st = tb_buf_add(&raw, "", 0);
    for (size_t i = 0; i < n && st == TB_OK;) {
        if (may_start(&c, i)) {
            size_t used = 0;
            st = tb_nr_apply(&c, i, &raw, &used);
            if (st == TB_OK && used > 0) {
                i += used;
                continue;
            }
        }
        if (st != TB_OK)
            break;
        if (tb_is_han(cp[i]))
            st = tb_buf_addcp(&raw, cp[i]);
        else if (cp[i] == ' ' && i > 0 && i + 1 < n &&
                 ((tb_is_han(cp[i - 1]) && a[i + 1] >= '0' && a[i + 1] <= '9') ||
                  (a[i - 1] >= '0' && a[i - 1] <= '9' && tb_is_han(cp[i + 1]))))
            ; /* 第 35 类: a space around a figure is layout, not a pause */
        else if (cp[i] == ' ')
            st = tb_buf_addc(&raw, ' '); /* never rescanned: keeps long blank runs linear */
        else
            st = tb_np_char(&raw, &c, i);
        i++;
    }
    if (st == TB_OK)
        st = tb_buf_add(&res, "", 0);
    if (st == TB_OK)
        st = tidy(raw.data, raw.len, &res);
    tb_buf_free(&raw);
    free(cp);
    free(a);
    if (st != TB_OK) {
        tb_buf_free(&res);
        return st;
    }
    *out = tb_buf_take(&res);
    return *out ? TB_OK : TB_ERR_NOMEM;
}
