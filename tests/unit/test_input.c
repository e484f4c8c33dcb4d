/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_input.c — unit tests of the input stage (src/input.c): UTF-8 with and
 * without BOM, line ends, the invalid-byte policies (dropped and recorded by
 * default, refused with `strict`) with their positions, GB18030 detection and forcing, UTF-16,
 * cleaning of control and invisible characters, the size limit, format sniffing, date finding.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "model/document.h"
#include "input/input.h"

/* Decode with the given options; returns the status, fills t and diag. */
static tb_status dec(const char *bytes, size_t n, const tb_input_opts *o, tb_text *t, tb_diag *d)
{
    memset(d, 0, sizeof *d);
    return tb_input_decode(bytes, n, "page.txt", o, t, d);
}

#define DEC(lit, o, t, d) dec(lit, sizeof(lit) - 1, o, t, d)

static void utf8_bom_and_line_ends(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        const char *want;
    } cases[] = {
        {"\xEF\xBB\xBF标题\r\n正文。\r\n", "标题\n正文。\n"},
        {"标题\r正文。\r", "标题\n正文。\n"}, /* old Mac line ends */
        {"标题\n\r\n正文", "标题\n\n正文"},
        {"a\tb", "a\tb"}, /* tabs stay: they indent */
        {"", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tb_text t;
        tb_diag d;
        assert_int_equal(dec(cases[i].in, strlen(cases[i].in), NULL, &t, &d), TB_OK);
        assert_string_equal(t.text, cases[i].want);
        assert_int_equal(t.len, strlen(cases[i].want));
        assert_string_equal(t.encoding, "UTF-8");
        tb_text_free(&t);
    }
}

static void invalid_utf8_is_refused_with_position(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        size_t line, col, off;
    } cases[] = {
        {"第一行\n第二\xFF行", 2, 3, 16}, /* stray byte */
        {"ab\xC0\xAF", 1, 3, 2},          /* overlong '/' */
        {"\xED\xA0\x80x", 1, 1, 0},       /* UTF-16 surrogate */
        {"\xF4\x90\x80\x80", 1, 1, 0},    /* above U+10FFFF */
        {"好\xE5\xA5", 1, 2, 3},          /* truncated at the end */
        {"\xEF\xBB\xBF"
         "ab\n\x80",
         2, 1, 6}, /* offsets count the BOM */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tb_text t;
        tb_diag d;
        /* force UTF-8 so that short samples are never taken for GB18030 */
        tb_input_opts o = {TB_FMT_AUTO, TB_ENC_UTF8, 0, 1};
        assert_int_equal(dec(cases[i].in, strlen(cases[i].in), &o, &t, &d), TB_ERR_ENCODING);
        assert_null(t.text);
        assert_string_equal(d.file, "page.txt");
        assert_int_equal(d.line, cases[i].line);
        assert_int_equal(d.column, cases[i].col);
        assert_int_equal(d.offset, cases[i].off);
        assert_non_null(strstr(d.what, "invalid UTF-8 byte"));
    }
}

static void default_drops_bad_bytes_and_records_runs(void **state)
{
    (void)state;
    tb_text t;
    tb_diag d;
    /* with and without forcing UTF-8: the same result */
    tb_input_opts forced = {TB_FMT_AUTO, TB_ENC_UTF8, 0, 0};
    const tb_input_opts *opts[] = {NULL, &forced};
    for (size_t k = 0; k < 2; k++) {
        assert_int_equal(DEC("草\xFF原\xC0\xAF。", opts[k], &t, &d), TB_OK);
        assert_string_equal(t.text, "草原。");
        assert_string_equal(t.encoding, "UTF-8");
        assert_int_equal(t.damage.bytes, 3);
        assert_int_equal(t.damage.runs, 2);
        assert_string_equal(t.damage.encoding, "UTF-8");
        const tb_input_run *r = t.damage.first;
        assert_int_equal(r[0].offset, 3);
        assert_int_equal(r[0].line, 1);
        assert_int_equal(r[0].column, 2);
        assert_int_equal(r[0].bytes, 1);
        assert_int_equal(r[1].offset, 7); /* the overlong pair is one run of two */
        assert_int_equal(r[1].column, 4);
        assert_int_equal(r[1].bytes, 2);
        tb_text_free(&t);
    }
    /* a U+FFFD already in the file goes too: it never reaches the engine */
    assert_int_equal(DEC("甲\xEF\xBF\xBD乙\xFE", &forced, &t, &d), TB_OK);
    assert_string_equal(t.text, "甲乙");
    assert_int_equal(t.damage.bytes, 1);
    tb_text_free(&t);
}

static void many_runs_keep_the_first_positions_and_count_the_rest(void **state)
{
    (void)state;
    /* eight runs on three lines: 1, 2, 1, 1, 3, 1, 1, 1 bytes */
    static const char in[] = "一\x80二\xC3\xC3\n三\xFF四\xFE\n"
                             "五\x80\x81\x82六\xFF七\xFF八\xFF";
    tb_input_opts o = {TB_FMT_AUTO, TB_ENC_UTF8, 0, 0};
    tb_text t;
    tb_diag d;
    assert_int_equal(DEC(in, &o, &t, &d), TB_OK);
    assert_string_equal(t.text, "一二\n三四\n五六七八");
    assert_int_equal(t.damage.bytes, 11);
    assert_int_equal(t.damage.runs, 8);
    static const struct {
        size_t off, line, col, bytes;
    } want[TB_INPUT_RUNS_KEPT] = {
        {3, 1, 2, 1}, {7, 1, 4, 2}, {13, 2, 2, 1}, {17, 2, 4, 1}, {22, 3, 2, 3}};
    for (size_t i = 0; i < TB_INPUT_RUNS_KEPT; i++) {
        assert_int_equal(t.damage.first[i].offset, want[i].off);
        assert_int_equal(t.damage.first[i].line, want[i].line);
        assert_int_equal(t.damage.first[i].column, want[i].col);
        assert_int_equal(t.damage.first[i].bytes, want[i].bytes);
    }
    tb_text_free(&t);
}

static void gb18030_detected(void **state)
{
    (void)state;
    tb_text t;
    tb_diag d;
    /* 中文测试。\n第二行 in GBK */
    static const char gbk[] =
        "\xD6\xD0\xCE\xC4\xB2\xE2\xCA\xD4\xA1\xA3\x0A\xB5\xDA\xB6\xFE\xD0\xD0";
    assert_int_equal(DEC(gbk, NULL, &t, &d), TB_OK);
    assert_string_equal(t.encoding, "GB18030");
    assert_string_equal(t.text, "中文测试。\n第二行");
    tb_text_free(&t);
    /* a four-byte GB18030 sequence (outside GBK): 吉𠮷 */
    static const char four[] = "\xBC\xAA\x95\x34\xB2\x35\xBC\xAA\x95\x34\xB2\x35";
    assert_int_equal(DEC(four, NULL, &t, &d), TB_OK);
    assert_string_equal(t.text, "吉𠮷吉𠮷");
    tb_text_free(&t);
    /* GB18030 byte-order mark */
    assert_int_equal(DEC("\x84\x31\x95\x33\xC2\xD2", NULL, &t, &d), TB_OK);
    assert_string_equal(t.text, "乱");
    tb_text_free(&t);
}

static void damaged_utf8_is_not_taken_for_gb18030(void **state)
{
    (void)state;
    /* mostly good UTF-8 with one bad byte: the byte is dropped (or, strict,
     * refused), never decoded as GB18030 mojibake */
    tb_text t;
    tb_diag d;
    assert_int_equal(DEC("锡林郭勒草原生态保护\xB5与牧民增收。", NULL, &t, &d), TB_OK);
    assert_string_equal(t.encoding, "UTF-8");
    assert_string_equal(t.text, "锡林郭勒草原生态保护与牧民增收。");
    assert_int_equal(t.damage.bytes, 1);
    assert_int_equal(t.damage.first[0].column, 11);
    assert_int_equal(t.damage.first[0].offset, 30);
    tb_text_free(&t);
    tb_input_opts strict = {TB_FMT_AUTO, TB_ENC_AUTO, 0, 1};
    assert_int_equal(DEC("锡林郭勒草原生态保护\xB5与牧民增收。", &strict, &t, &d), TB_ERR_ENCODING);
    assert_null(t.text);
    assert_int_equal(d.line, 1);
    assert_int_equal(d.column, 11);
    assert_int_equal(d.offset, 30);
    assert_non_null(strstr(d.what, "invalid UTF-8 byte 0xB5"));
}

static void damaged_gb18030_stays_gb18030(void **state)
{
    (void)state;
    /* 锡林郭勒草原 \xFF 的牧民今年增收。 in GBK: one byte no GB18030 sequence
     * takes; the rest is GB18030, so the file is GB18030 with one bad byte */
    static const char gbk[] = "\xCE\xFD\xC1\xD6\xB9\xF9\xC0\xD5\xB2\xDD\xD4\xAD\xFF\xB5\xC4"
                              "\xC4\xC1\xC3\xF1\xBD\xF1\xC4\xEA\xD4\xF6\xCA\xD5\xA1\xA3";
    tb_text t;
    tb_diag d;
    assert_int_equal(DEC(gbk, NULL, &t, &d), TB_OK);
    assert_string_equal(t.encoding, "GB18030");
    assert_string_equal(t.text, "锡林郭勒草原的牧民今年增收。");
    assert_int_equal(t.damage.bytes, 1);
    assert_int_equal(t.damage.runs, 1);
    assert_string_equal(t.damage.encoding, "GB18030");
    assert_int_equal(t.damage.first[0].offset, 12);
    assert_int_equal(t.damage.first[0].line, 1);
    assert_int_equal(t.damage.first[0].column, 7);
    tb_text_free(&t);
    tb_input_opts strict = {TB_FMT_AUTO, TB_ENC_AUTO, 0, 1};
    assert_int_equal(DEC(gbk, &strict, &t, &d), TB_ERR_ENCODING);
    assert_int_equal(d.offset, 12);
    assert_int_equal(d.column, 7);
    assert_non_null(strstr(d.what, "invalid GB18030 byte 0xFF"));
}

static void bytes_in_neither_encoding_are_refused(void **state)
{
    (void)state;
    /* Latin-1 French: 18 bytes invalid in UTF-8, 4 in GB18030 (which would
     * read the rest as mojibake): neither, refused even without strict */
    static const char latin1[] = "Caf\xE9 au lait, cr\xE8me br\xFBl\xE9"
                                 "e, d\xE9j\xE0 vu, na\xEF"
                                 "ve "
                                 "fa\xE7"
                                 "ade, pi\xF1"
                                 "ata, se\xF1or, \xFC"
                                 "ber, \xE0 la carte, "
                                 "r\xE9sum\xE9, \xE9l\xE8ve, No\xEBl, gar\xE7on.";
    tb_text t;
    tb_diag d;
    assert_int_equal(DEC(latin1, NULL, &t, &d), TB_ERR_ENCODING);
    assert_null(t.text);
    assert_int_equal(d.line, 1);
    assert_int_equal(d.column, 4);
    assert_int_equal(d.offset, 3);
    assert_non_null(strstr(d.what, "neither UTF-8 nor GB18030"));
    /* forced UTF-8: the user says what it is; the bad bytes are dropped */
    tb_input_opts utf8 = {TB_FMT_AUTO, TB_ENC_UTF8, 0, 0};
    assert_int_equal(DEC(latin1, &utf8, &t, &d), TB_OK);
    assert_int_equal(t.damage.bytes, 18);
    assert_non_null(strstr(t.text, "Caf au lait"));
    tb_text_free(&t);
    /* a few stray bytes in ASCII text: too few to call it another encoding */
    assert_int_equal(DEC("Caf\xE9 cr\xE8me", NULL, &t, &d), TB_OK);
    assert_string_equal(t.encoding, "UTF-8");
    assert_string_equal(t.text, "Caf crme");
    assert_int_equal(t.damage.runs, 2);
    tb_text_free(&t);
    /* binary: bytes that start nothing in either encoding (0x80, 0xFF) */
    char bin[64];
    for (size_t i = 0; i < sizeof bin; i++)
        bin[i] = (char)(i % 3 == 2 ? 'x' : i % 3 ? 0xFF : 0x80);
    assert_int_equal(dec(bin, sizeof bin, NULL, &t, &d), TB_ERR_ENCODING);
    assert_int_equal(d.offset, 0);
}

static void forced_gb18030_errors_have_positions(void **state)
{
    (void)state;
    tb_input_opts o = {TB_FMT_AUTO, TB_ENC_GB18030, 0, 1};
    tb_text t;
    tb_diag d;
    /* 中文\n then a lead byte followed by an invalid trail byte */
    assert_int_equal(DEC("\xD6\xD0\xCE\xC4\n\xC2\xD2\x81\x20", &o, &t, &d), TB_ERR_ENCODING);
    assert_int_equal(d.line, 2);
    assert_int_equal(d.column, 2);
    assert_int_equal(d.offset, 7);
    o.strict = 0;
    assert_int_equal(DEC("\xD6\xD0\xCE\xC4\n\xC2\xD2\x81\x20", &o, &t, &d), TB_OK);
    assert_string_equal(t.text, "中文\n乱 ");
    assert_int_equal(t.damage.bytes, 1);
    assert_int_equal(t.damage.first[0].offset, 7);
    assert_int_equal(t.damage.first[0].line, 2);
    assert_int_equal(t.damage.first[0].column, 2);
    tb_text_free(&t);
}

static void utf16_with_bom(void **state)
{
    (void)state;
    tb_text t;
    tb_diag d;
    assert_int_equal(DEC("\xFF\xFE\x2D\x4E\x87\x65\x0A\x00", NULL, &t, &d), TB_OK); /* 中文\n LE */
    assert_string_equal(t.text, "中文\n");
    assert_string_equal(t.encoding, "UTF-16");
    tb_text_free(&t);
}

static void cleaning_removes_invisible_text(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        size_t n;
        const char *want;
    } cases[] = {
        {"前\0后", 7, "前后"},                     /* NUL never truncates */
        {"\x1B[1;31m红\x1B[0m字", 0, "红字"},      /* CSI */
        {"\x1B]0;title\x07正文", 0, "正文"},       /* OSC up to BEL */
        {"\x1B]8;;http://x\x1B\\链接", 0, "链接"}, /* OSC up to ST */
        {"a\x07"
         "b\x7F"
         "c\x01",
         0, "abc"}, /* C0 and DEL */
        {"零\u200B宽\u200D字\u2060符", 0, "零宽字符"},
        {"\u202E反向\u202C\u2066隔离\u2069\u200F", 0, "反向隔离"},
        {"软\u00AD连\uFEFF字\uFFFD", 0, "软连字"},
        {"C1\xC2\x85控制", 0, "C1控制"},
        {"一\u2028二\u2029三", 0, "一\n二\n三"},
        {"\x1B", 0, ""}, /* lone ESC at the end */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tb_text t;
        tb_diag d;
        size_t n = cases[i].n ? cases[i].n : strlen(cases[i].in);
        assert_int_equal(dec(cases[i].in, n, NULL, &t, &d), TB_OK);
        assert_string_equal(t.text, cases[i].want);
        tb_text_free(&t);
    }
}

static void size_limit(void **state)
{
    (void)state;
    tb_input_opts o = {TB_FMT_AUTO, TB_ENC_AUTO, 4, 0};
    tb_text t;
    tb_diag d;
    assert_int_equal(DEC("abcd", &o, &t, &d), TB_OK);
    tb_text_free(&t);
    assert_int_equal(DEC("abcde", &o, &t, &d), TB_ERR_TOO_BIG);
    assert_null(t.text);
    assert_non_null(strstr(d.what, "limit"));
}

static void sniffing(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        tb_input_format want;
    } cases[] = {
        {"<!DOCTYPE html><html><body><p>正文</p></body></html>", TB_FMT_HTML},
        {"\n  <html><p>正文</p></html>", TB_FMT_HTML},
        {"<div>一</div>\n<p>二</p>\n<p>三</p>\n<p>四</p>\n<p>五</p>\n", TB_FMT_HTML},
        {"# 标题\n\n正文。\n", TB_FMT_MARKDOWN},
        {"前言\n\n### 小标题\n", TB_FMT_MARKDOWN},
        {"#话题标签 不是标题\n正文。\n", TB_FMT_EPAPER},
        {"往期阅读\n标题\n  正文。<br>只有一个标签</p>\n", TB_FMT_EPAPER},
        /* prose quoting closing tags is not markup */
        {"标题\n\n段落以</p>结尾，区块以</div>结尾，列表项</li>，单元格</td>，链接</a>。\n正文。\n",
         TB_FMT_EPAPER},
        {"<p>一</p><p>二</p><p>三</p><p>四</p><p>五</p>", TB_FMT_HTML}, /* one line of markup */
        {"标题\n===\n\n正文。\n", TB_FMT_MARKDOWN},                     /* setext */
        {"标题\n---\n\n正文。\n\n小标题\n------\n", TB_FMT_MARKDOWN},
        {"标题\n---\n\n正文。\n", TB_FMT_EPAPER}, /* one dashed line: decoration */
        {"", TB_FMT_EPAPER},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_int_equal(tb_input_sniff(cases[i].in, strlen(cases[i].in)), cases[i].want);
    tb_text t;
    tb_diag d;
    tb_input_opts o = {TB_FMT_MARKDOWN, TB_ENC_AUTO, 0, 0};
    assert_int_equal(DEC("<html></html>", &o, &t, &d), TB_OK);
    assert_int_equal(t.format, TB_FMT_MARKDOWN); /* forced wins over sniffing */
    tb_text_free(&t);
}

/* Big5 (Traditional) text: detected, not taken for GB18030 (whose decoding
 * of Big5 punctuation is private-use mojibake). 臺北市政府昨日宣布，將在今年完成工程。 */
static const char big5_text[] =
    "\xBB\x4F\xA5\x5F\xA5\xAB\xAC\x46\xA9\xB2\xAC\x51\xA4\xE9\xAB\xC5\xA5\xAC\xA1\x41\xB1\x4E"
    "\xA6\x62\xA4\xB5\xA6\x7E\xA7\xB9\xA6\xA8\xA4\x75\xB5\x7B\xA1\x43\n"
    "\xBB\x4F\xA5\x5F\xA5\xAB\xAC\x46\xA9\xB2\xAC\x51\xA4\xE9\xAB\xC5\xA5\xAC\xA1\x41\xB1\x4E"
    "\xA6\x62\xA4\xB5\xA6\x7E\xA7\xB9\xA6\xA8\xA4\x75\xB5\x7B\xA1\x43\n";

static void big5_detected(void **state)
{
    (void)state;
    tb_text t;
    tb_diag d;
    assert_int_equal(DEC(big5_text, NULL, &t, &d), TB_OK);
    assert_string_equal(t.encoding, "Big5");
    assert_non_null(strstr(t.text, "臺北市政府昨日宣布，將在今年完成工程。\n"));
    tb_text_free(&t);
    tb_input_opts big5 = {TB_FMT_AUTO, TB_ENC_BIG5, 0, 1};
    assert_int_equal(DEC(big5_text, &big5, &t, &d), TB_OK);
    assert_string_equal(t.encoding, "Big5");
    tb_text_free(&t);
}

static void declared_charset(void **state)
{
    (void)state;
    tb_text t;
    tb_diag d;
    char page[512];
    /* an HTML page (by its name) that declares Big5 is decoded as Big5, even with --strict */
    int n = snprintf(page, sizeof page, "<html><head><meta charset=\"big5\"></head><body><p>%s</p>",
                     big5_text);
    tb_input_opts strict = {TB_FMT_AUTO, TB_ENC_AUTO, 0, 1};
    memset(&d, 0, sizeof d);
    assert_int_equal(tb_input_decode(page, (size_t)n, "page.html", &strict, &t, &d), TB_OK);
    assert_string_equal(t.encoding, "Big5");
    assert_string_equal(t.damage.declared, "");
    assert_int_equal(t.format, TB_FMT_HTML);
    tb_text_free(&t);
    /* UTF-8 text declaring GB2312 (a common mistake): not believed, read as UTF-8 */
    static const char utf8[] = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
                               "charset=gb2312\"></head><body><p>草原上的流动图书车，每个星期三都来"
                               "。牧民们可以免费借阅，孩子们最喜欢绘本。</p>";
    assert_int_equal(tb_input_decode(utf8, sizeof utf8 - 1, "page.html", NULL, &t, &d), TB_OK);
    assert_string_equal(t.encoding, "UTF-8");
    assert_string_equal(t.damage.declared, "gb2312");
    tb_text_free(&t);
    assert_int_equal(tb_input_decode(utf8, sizeof utf8 - 1, "page.html", &strict, &t, &d),
                     TB_ERR_ENCODING);
    assert_non_null(strstr(d.what, "mojibake"));
}

static void utf16_without_bom(void **state)
{
    (void)state;
    tb_text t;
    tb_diag d;
    /* 草原上的图书车\n每周三来。\n, little- and big-endian */
    static const char le[] = "\x49\x83\x9f\x53\x0a\x4e\x84\x76\xfe\x56\x66\x4e\x66\x8f\x0a\x00"
                             "\xcf\x6b\x68\x54\x09\x4e\x65\x67\x02\x30\x0a\x00";
    char be[sizeof le];
    for (size_t i = 0; i + 1 < sizeof le; i += 2) {
        be[i] = le[i + 1];
        be[i + 1] = le[i];
    }
    assert_int_equal(DEC(le, NULL, &t, &d), TB_OK);
    assert_string_equal(t.encoding, "UTF-16");
    assert_string_equal(t.text, "草原上的图书车\n每周三来。\n");
    tb_text_free(&t);
    assert_int_equal(dec(be, sizeof le - 1, NULL, &t, &d), TB_OK);
    assert_string_equal(t.text, "草原上的图书车\n每周三来。\n");
    tb_text_free(&t);
    /* NUL bytes that are not UTF-16 text: one clear refusal */
    char junk[64];
    for (size_t i = 0; i < sizeof junk; i++)
        junk[i] = (char)(i % 2 ? 0 : 0xD8 + i % 3);
    assert_int_equal(dec(junk, sizeof junk, NULL, &t, &d), TB_ERR_ENCODING);
    assert_non_null(strstr(d.what, "UTF-16"));
}

static void utf8_line_in_gb18030(void **state)
{
    (void)state;
    tb_text t;
    tb_diag d;
    /* 中文\n (GB18030) then 粘贴的文字。\n (UTF-8), then 中文 again */
    static const char mixed[] = "\xD6\xD0\xCE\xC4\xD6\xD0\xCE\xC4\xD6\xD0\xCE\xC4\n"
                                "粘贴的文字。\n\xD6\xD0\xCE\xC4\xD6\xD0\xCE\xC4\n";
    assert_int_equal(DEC(mixed, NULL, &t, &d), TB_OK);
    assert_string_equal(t.encoding, "GB18030");
    assert_string_equal(t.text, "中文中文中文\n粘贴的文字。\n中文中文\n");
    tb_text_free(&t);
}

static void extension_first(void **state)
{
    (void)state;
    static const char html[] = "<html><body><p>正文。</p></body></html>";
    static const struct {
        const char *name;
        tb_input_format want;
    } cases[] = {{"a.txt", TB_FMT_EPAPER},  {"dir.d/a.HTML", TB_FMT_HTML},
                 {"a.md", TB_FMT_MARKDOWN}, {"a.htm", TB_FMT_HTML},
                 {"-", TB_FMT_HTML},        {"a.dat", TB_FMT_HTML},
                 {".txt", TB_FMT_HTML}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tb_text t;
        tb_diag d;
        memset(&d, 0, sizeof d);
        assert_int_equal(tb_input_decode(html, sizeof html - 1, cases[i].name, NULL, &t, &d),
                         TB_OK);
        assert_int_equal(t.format, cases[i].want);
        tb_text_free(&t);
    }
}

static void names(void **state)
{
    (void)state;
    tb_input_format f;
    tb_input_encoding e;
    assert_int_equal(tb_input_format_parse("HTML", &f), TB_OK);
    assert_int_equal(f, TB_FMT_HTML);
    assert_int_equal(tb_input_format_parse("pdf", &f), TB_ERR_USAGE);
    assert_int_equal(tb_input_encoding_parse("GBK", &e), TB_OK);
    assert_int_equal(e, TB_ENC_GB18030);
    assert_int_equal(tb_input_encoding_parse("latin1", &e), TB_ERR_USAGE);
    assert_int_equal(tb_input_encoding_parse("Big5", &e), TB_OK);
    assert_int_equal(e, TB_ENC_BIG5);
    assert_int_equal(tb_input_encoding_parse("utf-16le", &e), TB_OK);
    assert_int_equal(e, TB_ENC_UTF16LE);
    assert_int_equal(tb_input_format_parse("text", &f), TB_OK);
    assert_int_equal(f, TB_FMT_EPAPER);
}

static void dates(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        const char *want; /* NULL: none */
    } cases[] = {
        {"2023年06月12日 星期一", "2023-06-12"},
        {"2023年6月2日", "2023-06-02"},
        {"出版日期：2022-11-03", "2022-11-03"},
        {"2021/1/9", "2021-01-09"},
        {"2021-2025年", NULL},
        {"12023-01-01", NULL},
        {"2023年13月1日", NULL},
        {"第04版", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[11] = "";
        int found = tb_document_find_date(cases[i].in, strlen(cases[i].in), out);
        if (cases[i].want) {
            assert_true(found);
            assert_string_equal(out, cases[i].want);
        } else {
            assert_false(found);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(utf8_bom_and_line_ends),
        cmocka_unit_test(invalid_utf8_is_refused_with_position),
        cmocka_unit_test(default_drops_bad_bytes_and_records_runs),
        cmocka_unit_test(many_runs_keep_the_first_positions_and_count_the_rest),
        cmocka_unit_test(gb18030_detected),
        cmocka_unit_test(damaged_utf8_is_not_taken_for_gb18030),
        cmocka_unit_test(damaged_gb18030_stays_gb18030),
        cmocka_unit_test(bytes_in_neither_encoding_are_refused),
        cmocka_unit_test(forced_gb18030_errors_have_positions),
        cmocka_unit_test(utf16_with_bom),
        cmocka_unit_test(cleaning_removes_invisible_text),
        cmocka_unit_test(size_limit),
        cmocka_unit_test(sniffing),
        cmocka_unit_test(big5_detected),
        cmocka_unit_test(declared_charset),
        cmocka_unit_test(utf16_without_bom),
        cmocka_unit_test(utf8_line_in_gb18030),
        cmocka_unit_test(extension_first),
        cmocka_unit_test(names),
        cmocka_unit_test(dates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
