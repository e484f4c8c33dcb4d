/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_lexicon_readings.c — unit tests of issue 18's readings in src/lexicon/:
 * the name model (a surname read as one only where it starts a name), erhua
 * 儿, digits of codes never taking 一 sandhi, tb_lex_readings (how each
 * character is read, where names start) and tb_lex_check_line.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "lexicon/lexicon.h"
#include "synth/synth.h"

/* The engine text of s with no lexicon (the model and the rules alone). */
static void assert_engine(const char *in, const char *want)
{
    tb_speech *sp = NULL;
    char *out = NULL;
    assert_int_equal(tb_lex_speech(NULL, in, strlen(in), &sp), TB_OK);
    assert_int_equal(tb_synth_engine_text(sp, &out), TB_OK);
    if (strcmp(out, want) != 0)
        fail_msg("%s => [%s], want [%s]", in, out, want);
    free(out);
    tb_speech_free(sp);
}

static void surnames_start_names(void **state)
{
    (void)state;
    assert_engine("单丽华女士", "shan4 丽华女士");
    assert_engine("采访了解晓东书记", "采访了 xie4 晓东书记");
    assert_engine("记者仇建平说", "记者 qiu2 建平说");
    assert_engine("曾老师", "zeng1 老师");
    assert_engine("他姓查。", "他姓 zha1。");
}

static void surnames_elsewhere_stay(void **state)
{
    (void)state;
    assert_engine("区政府书记", "区政府书记");    /* 政 is not a given name */
    assert_engine("他曾任书记", "他曾任书记");    /* 曾任 */
    assert_engine("社区主任", "社区主任");        /* 社 before: no name starts */
    assert_engine("姓单一的单", "姓单 yi1 的单"); /* 姓单 ends no phrase */
    assert_engine("单位主任", "单位主任");
}

static void erhua_and_codes(void **state)
{
    (void)state;
    assert_engine("花瓣儿", "花瓣 er5");
    assert_engine("女儿", "女儿");
    assert_engine("儿童", "儿童");
    assert_engine("H五N一禽",
                  "<voice name=\"en\"><say-as interpret-as=\"characters\">H</say-as></voice>"
                  "<voice name=\"cmn-latn-pinyin\">五</voice><voice name=\"en\"><say-as "
                  "interpret-as=\"characters\">N</say-as></voice><voice "
                  "name=\"cmn-latn-pinyin\">yi1 禽</voice>");
    assert_engine("万一下雨", "万 yi1 下雨");
    assert_engine("三万一千", "三万 yi4 千");
}

static void readings_say_how(void **state)
{
    (void)state;
    tb_lexicon *lx = tb_lex_new();
    assert_non_null(lx);
    const char *s = "单丽华女士说一定";
    tb_lex_reading *r = NULL;
    size_t n = 0;
    assert_int_equal(tb_lex_readings(lx, s, strlen(s), &r, &n), TB_OK);
    assert_int_equal(n, 8);
    assert_int_equal(r[0].how, TB_LEX_BY_NAME);
    assert_string_equal(r[0].syl, "shan4");
    assert_int_equal(r[0].name_len, 3); /* surname, given name; the title follows */
    assert_int_equal(r[1].how, TB_LEX_BY_ENGINE);
    assert_string_equal(r[1].syl, "");
    assert_int_equal(r[6].how, TB_LEX_BY_RULE); /* 一 before 定: sandhi */
    assert_string_equal(r[6].syl, "yi2");
    assert_int_equal(r[6].off, strlen("单丽华女士说"));
    free(r);
    s = "王建国先生";
    assert_int_equal(tb_lex_readings(lx, s, strlen(s), &r, &n), TB_OK);
    assert_int_equal(r[0].name_len, 3); /* a common surname, a given name, a title */
    assert_int_equal(r[0].how, TB_LEX_BY_ENGINE);
    free(r);
    assert_int_equal(tb_lex_readings(lx, "", 0, &r, &n), TB_OK);
    assert_int_equal(n, 0);
    assert_null(r);
    tb_lex_free(lx);
}

static void check_line_like_the_loader(void **state)
{
    (void)state;
    size_t col = 0;
    char why[200];
    const char *good = "单丽华\tshan4 li4 hua2";
    assert_int_equal(tb_lex_check_line(good, strlen(good), &col, why, sizeof why), TB_OK);
    const char *few = "单丽华\tshan4 li4";
    assert_int_equal(tb_lex_check_line(few, strlen(few), &col, why, sizeof why), TB_ERR_LEXICON);
    const char *tone = "好\thao9";
    assert_int_equal(tb_lex_check_line(tone, strlen(tone), &col, why, sizeof why), TB_ERR_LEXICON);
    assert_non_null(strstr(why, "hao9"));
    assert_int_equal(tb_lex_check_line("abc", 3, &col, why, sizeof why), TB_ERR_LEXICON);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(surnames_start_names),
        cmocka_unit_test(surnames_elsewhere_stay),
        cmocka_unit_test(erhua_and_codes),
        cmocka_unit_test(readings_say_how),
        cmocka_unit_test(check_line_like_the_loader),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
