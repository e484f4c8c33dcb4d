/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_normalize.c — unit tests of the normaliser's pure expanders (numbers.c,
 * units.c) and of tb_norm_text's robustness promises: no overflow on huge
 * numbers, invalid UTF-8 and control characters dropped, one line in → one
 * line out, linear behaviour on long input. Table-driven, after curl's unit1302.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/buf.h"
#include "normalize/norm_int.h"
#include "normalize/normalize.h"

typedef struct {
    const char *in;
    int flags;
    const char *want;
} row;

static void check_cardinal(const row *t, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        tb_buf b;
        tb_buf_init(&b, 0);
        assert_int_equal(tb_buf_add(&b, "", 0), TB_OK);
        assert_int_equal(tb_nx_cardinal(&b, t[k].in, strlen(t[k].in), t[k].flags), TB_OK);
        if (strcmp(b.data, t[k].want) != 0)
            fail_msg("cardinal %s (flags %d): got %s want %s", t[k].in, t[k].flags, b.data, t[k].want);
        tb_buf_free(&b);
    }
}

static void cardinal_basic(void **state)
{
    (void)state;
    static const row t[] = {
        {"0", 0, "零"},
        {"5", 0, "五"},
        {"10", 0, "十"},
        {"11", 0, "十一"},
        {"20", 0, "二十"},
        {"100", 0, "一百"},
        {"105", 0, "一百零五"},
        {"110", 0, "一百一十"},
        {"1005", 0, "一千零五"},
        {"1050", 0, "一千零五十"},
        {"10000", 0, "一万"},
        {"10001", 0, "一万零一"},
        {"100000", 0, "十万"},
        {"110000", 0, "十一万"},
        {"1000000", 0, "一百万"},
        {"10010000", 0, "一千零一万"},
        {"100000000", 0, "一亿"},
        {"10000100000", 0, "一百亿零一十万"},
        {"1000000000000", 0, "一万亿"},
        {"1000000000000000", 0, "一千万亿"},
        {"9876543298765432", 0, "九千八百七十六万五千四百三十二亿九千八百七十六万五千四百三十二"},
        {"007", 0, "七"},
        {"000", 0, "零"},
    };
    check_cardinal(t, sizeof t / sizeof t[0]);
}

static void cardinal_liang(void **state)
{
    (void)state;
    static const row t[] = {
        {"2", 0, "二"},
        {"2", NX_COUNT, "两"},
        {"2", NX_LIANG, "二"},
        {"200", NX_LIANG, "二百"},
        {"2000", NX_LIANG, "两千"},
        {"2000", 0, "二千"},
        {"1200", NX_LIANG, "一千二百"},
        {"2200", NX_LIANG, "两千二百"},
        {"20000", NX_LIANG, "两万"},
        {"22000", NX_LIANG, "两万二千"},
        {"220000", NX_LIANG, "二十二万"},
        {"200000000", NX_LIANG, "两亿"},
        {"12", NX_COUNT | NX_LIANG, "十二"},
    };
    check_cardinal(t, sizeof t / sizeof t[0]);
}

static void cardinal_never_overflows(void **state)
{
    (void)state;
    static const row t[] = {
        {"18446744073709551616", 0, "一八四四六七四四零七三七零九五五一六一六"}, /* 2^64 */
        {"12345678901234567", 0, "一二三四五六七八九零一二三四五六七"},
    };
    check_cardinal(t, sizeof t / sizeof t[0]);
    /* sixty digits: digit by digit, sixty characters of three bytes */
    char d[61];
    for (int k = 0; k < 60; k++)
        d[k] = (char)('1' + (k * 7) % 9);
    d[60] = '\0';
    tb_buf b;
    tb_buf_init(&b, 0);
    assert_int_equal(tb_nx_cardinal(&b, d, 60, NX_LIANG), TB_OK);
    assert_int_equal(b.len, 60 * 3);
    tb_buf_free(&b);
}

static void digits_and_yao(void **state)
{
    (void)state;
    tb_buf b;
    tb_buf_init(&b, 0);
    assert_int_equal(tb_nx_digits(&b, "2022", 4, 0), TB_OK);
    assert_string_equal(b.data, "二零二二");
    tb_buf_reset(&b);
    assert_int_equal(tb_nx_digits(&b, "12315", 5, NX_YAO), TB_OK);
    assert_string_equal(b.data, "幺二三幺五");
    tb_buf_reset(&b);
    assert_int_equal(tb_nx_decimal(&b, "0", 1, "5", 1, 0), TB_OK);
    assert_string_equal(b.data, "零点五");
    tb_buf_reset(&b);
    assert_int_equal(tb_nx_decimal(&b, "3456", 4, "7", 1, NX_LIANG), TB_OK);
    assert_string_equal(b.data, "三千四百五十六点七");
    tb_buf_reset(&b);
    assert_int_equal(tb_nx_decimal(&b, "2", 1, "05", 2, NX_COUNT), TB_OK);
    assert_string_equal(b.data, "二点零五"); /* a decimal never says 两 */
    tb_buf_free(&b);
}

static void norm_is(const char *in, const char *want)
{
    char *out = NULL;
    assert_int_equal(tb_norm_text(in, strlen(in), &out), TB_OK);
    assert_non_null(out);
    if (strcmp(out, want) != 0)
        fail_msg("normalize [%s]: got [%s] want [%s]", in, out, want);
    free(out);
}

static void text_whole(void **state)
{
    (void)state;
    norm_is("", "");
    norm_is("游客311.7万人", "游客三百一十一点七万人");
    norm_is("2021-2025年", "二零二一至二零二五年");
    norm_is("图①②", "图一、图二");
    norm_is("（本版图片由市文旅局提供）", "本版图片由市文旅局提供");
    norm_is("，，。开头", "开头");
}

static void text_drops_bad_bytes(void **state)
{
    (void)state;
    /* invalid UTF-8, a C0 control, a zero-width space, a bidi mark */
    static const char in[] = "a\xff\x80" "b\x01" "c\xe2\x80\x8b" "d\xe2\x80\xae" "e";
    norm_is(in, "abcde");
    /* embedded NUL: dropped, the rest kept (the digits join into one number) */
    char *out = NULL;
    assert_int_equal(tb_norm_text("1\0" "2", 3, &out), TB_OK);
    assert_string_equal(out, "十二");
    free(out);
}

static void text_long_input(void **state)
{
    (void)state;
    /* 1 MB of digits and 1 MB of mixed text: bounded, no crash, linear */
    size_t n = (size_t)1 << 20;
    char *in = malloc(n);
    assert_non_null(in);
    for (size_t k = 0; k < n; k++)
        in[k] = (char)('0' + k % 10);
    char *out = NULL;
    assert_int_equal(tb_norm_text(in, n, &out), TB_OK);
    assert_int_equal(strlen(out), n * 3); /* read digit by digit */
    free(out);
    static const char unit[] = "增长6.3%,2022年-";
    for (size_t k = 0; k + sizeof unit - 1 <= n; k += sizeof unit - 1)
        memcpy(in + k, unit, sizeof unit - 1);
    assert_int_equal(tb_norm_text(in, n - n % (sizeof unit - 1), &out), TB_OK);
    assert_non_null(strstr(out, "百分之六点三"));
    free(out);
    free(in);
}

static void units_lookup(void **state)
{
    (void)state;
    static const unsigned text[] = {'k', 'm', '/', 'h', 0};
    static const char a[] = "km/h";
    nctx c = {.cp = text, .a = a, .n = 4};
    size_t len = 0;
    const nunit *u = tb_nu_unit(&c, 0, &len);
    assert_non_null(u);
    assert_int_equal(len, 4);
    assert_string_equal(u->spoken, "公里每小时");
    static const unsigned g5[] = {'G', 'B', 'x', 0};
    nctx c2 = {.cp = g5, .a = "GBx", .n = 3};
    assert_null(tb_nu_unit(&c2, 0, &len)); /* no unit runs into a Latin word */
}

/* Random lines over an alphabet rich in figures and signs: tb_norm_text never
 * fails, and no digit, percent or currency sign survives into the spoken form. */
static void text_random_lines(void **state)
{
    (void)state;
    static const char *const alpha[] = {
        "0", "1", "2", "3", "5", "9", "-", "+", ".", ",", ":", "/", "%", "‰", "~", "～", "—", "–",
        "年", "月", "日", "号", "万", "亿", "第", "个", "元", "次", "km", "h", "g", "W", "℃", "°",
        "$", "¥", "￥", "@", "a", "B", "x", " ", "，", "。", "（", "）", "《", "》", "“", "”",
        "①", "∶", "×", "=", "·", "比分", "电话", "身份证", "\xe2\x80\x8b", "\x01", "\xff"};
    const size_t na = sizeof alpha / sizeof alpha[0];
    unsigned long seed = 12345;
    char line[512];
    for (int r = 0; r < 5000; r++) {
        size_t n = 0;
        seed = seed * 6364136223846793005UL + 1442695040888963407UL;
        size_t parts = (seed >> 33) % 30;
        for (size_t k = 0; k < parts; k++) {
            seed = seed * 6364136223846793005UL + 1442695040888963407UL;
            const char *p = alpha[(seed >> 33) % na];
            size_t l = strlen(p);
            if (n + l >= sizeof line)
                break;
            memcpy(line + n, p, l);
            n += l;
        }
        char *out = NULL;
        assert_int_equal(tb_norm_text(line, n, &out), TB_OK);
        for (const char *q = out; *q; q++)
            if ((*q >= '0' && *q <= '9') || *q == '%' || *q == '$')
                fail_msg("random line %d: [%.*s] → [%s] keeps a written sign", r, (int)n, line, out);
        free(out);
    }
}

/* A context over an ASCII-only string (tests of the scanning helpers). */
static nctx ascii_ctx(const char *a, unsigned *cp)
{
    size_t n = strlen(a);
    for (size_t k = 0; k <= n; k++)
        cp[k] = (unsigned char)a[k];
    nctx c = {.cp = cp, .a = a, .n = n};
    return c;
}

static void scan_numbers(void **state)
{
    (void)state;
    unsigned cp[64];
    nnum x;
    nctx c = ascii_ctx("12,600 people", cp);
    assert_int_equal(tb_ns_parse_num(&c, 0, &x, 1), 6);
    assert_true(x.commas);
    c = ascii_ctx("1,23", cp); /* not a group of three: a clause comma */
    assert_int_equal(tb_ns_parse_num(&c, 0, &x, 1), 1);
    assert_false(x.commas);
    c = ascii_ctx("1,234,5678", cp); /* groups stop where one runs on */
    assert_int_equal(tb_ns_parse_num(&c, 0, &x, 1), 5);
    c = ascii_ctx("1,2345", cp);
    assert_int_equal(tb_ns_parse_num(&c, 0, &x, 1), 1);
    c = ascii_ctx("-3.25x", cp);
    assert_int_equal(tb_ns_parse_num(&c, 0, &x, 1), 5);
    assert_true(x.neg);
    assert_int_equal(x.fe - x.fs, 2);
    c = ascii_ctx("1-10", cp);
    assert_false(tb_ns_minus_here(&c, 1)); /* a range, not a sign */
    c = ascii_ctx("x = -5", cp);
    assert_true(tb_ns_minus_here(&c, 4));
    c = ascii_ctx("5 - 3", cp);
    assert_false(tb_ns_minus_here(&c, 2)); /* arithmetic */
    c = ascii_ctx("2 ~ 3", cp);
    assert_int_equal(tb_ns_range_sep(&c, 1), 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cardinal_basic),       cmocka_unit_test(cardinal_liang),
        cmocka_unit_test(cardinal_never_overflows), cmocka_unit_test(digits_and_yao),
        cmocka_unit_test(text_whole),           cmocka_unit_test(text_drops_bad_bytes),
        cmocka_unit_test(text_long_input),      cmocka_unit_test(units_lookup),
        cmocka_unit_test(scan_numbers),         cmocka_unit_test(text_random_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
