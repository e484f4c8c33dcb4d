/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_lexicon.c — unit tests of the pronunciation stage (src/lexicon/):
 * loading lexicon files, later entries overriding earlier ones, bad lines
 * reported with file and line, folder loading order, and the speech built
 * from a lexicon (longest match, sandhi, typed English runs; escaping as the
 * synth stage writes it).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lexicon/lexicon.h"
#include "synth/synth.h"

static char tmpdir[] = "/tmp/tb_lex_test_XXXXXX";

/* Write text to tmpdir/name; returns the path (static buffer, one at a time). */
static const char *write_file(const char *name, const char *text)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fputs(text, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
    return path;
}

/* The engine text of s: the lexicon's speech as the synth stage writes it. */
static char *engine(const tb_lexicon *lx, const char *s)
{
    char *out = NULL;
    tb_speech *sp = NULL;
    assert_int_equal(tb_lex_speech(lx, s, strlen(s), &sp), TB_OK);
    assert_int_equal(tb_synth_engine_text(sp, &out), TB_OK);
    tb_speech_free(sp);
    assert_non_null(out);
    return out;
}

static void assert_engine(const tb_lexicon *lx, const char *in, const char *want)
{
    char *got = engine(lx, in);
    assert_string_equal(got, want);
    free(got);
}

static void load_and_lookup(void **state)
{
    (void)state;
    tb_lexicon *lx = tb_lex_new();
    assert_non_null(lx);
    tb_diag d = {0};
    const char *p = write_file("a.tsv", "\xEF\xBB\xBF# header\n\n银行\tyin2 hang2\r\n"
                                        "绿色\tLÜ4 se4\n率先\tshuai4  xian1  \n");
    assert_int_equal(tb_lex_load_file(lx, p, &d), TB_OK);
    assert_int_equal(tb_lex_count(lx), 3);
    char buf[64];
    assert_string_equal(tb_lex_lookup(lx, "银行", buf, sizeof buf), "yin2 hang2");
    assert_string_equal(tb_lex_lookup(lx, "绿色", buf, sizeof buf), "lv4 se4");
    assert_string_equal(tb_lex_lookup(lx, "率先", buf, sizeof buf), "shuai4 xian1");
    assert_null(tb_lex_lookup(lx, "银", buf, sizeof buf));
    assert_null(tb_lex_lookup(lx, "银行", buf, 4)); /* too small a buffer */
    tb_lex_free(lx);
}

static void later_entries_win(void **state)
{
    (void)state;
    tb_lexicon *lx = tb_lex_new();
    tb_diag d = {0};
    assert_int_equal(
        tb_lex_load_file(lx, write_file("b.tsv", "长期\tzhang3 qi1\n长期\tchang2 qi1\n"), &d),
        TB_OK);
    char buf[64];
    assert_string_equal(tb_lex_lookup(lx, "长期", buf, sizeof buf), "chang2 qi1");
    assert_int_equal(tb_lex_count(lx), 1);
    /* a second file (the user's --lexicon) overrides the first */
    assert_int_equal(tb_lex_load_file(lx, write_file("c.tsv", "长期\tchang2 qi2\n"), &d), TB_OK);
    assert_string_equal(tb_lex_lookup(lx, "长期", buf, sizeof buf), "chang2 qi2");
    assert_engine(lx, "长期", "chang2 qi2");
    tb_lex_free(lx);
}

static void bad_lines(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        size_t line;
        const char *what; /* a piece of the message */
    } cases[] = {
        {"银行\tyin2 hang2\n银行 yin2 hang2\n", 2, "WORD<TAB>PINYIN"},
        {"# c\n银行\tyin2\n", 2, "1 syllables for a word of 2"},
        {"银行\tyin2 hang2 ye4\n", 1, "more syllables"},
        {"银行\tyin hang2\n", 1, "bad syllable \"yin\""},
        {"银行\tyin2 hang6\n", 1, "bad syllable"},
        {"\n\n银行\tyín háng\n", 3, "bad syllable"},
        {"GDP\tji1 di4 pi4\n", 1, "only Han characters"},
        {"\tyin2\n", 1, "empty word"},
        {"银\xE8\xA1\tyin2 hang2\n", 1, "invalid UTF-8"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tb_lexicon *lx = tb_lex_new();
        tb_diag d = {0};
        const char *p = write_file("bad.tsv", cases[i].text);
        assert_int_equal(tb_lex_load_file(lx, p, &d), TB_ERR_LEXICON);
        assert_int_equal(d.line, cases[i].line);
        assert_string_equal(d.file, p);
        if (!strstr(d.what, cases[i].what))
            fail_msg("case %zu: \"%s\" does not say \"%s\"", i, d.what, cases[i].what);
        tb_lex_free(lx);
    }
}

static void missing_file(void **state)
{
    (void)state;
    tb_lexicon *lx = tb_lex_new();
    tb_diag d = {0};
    /* a lexicon the user named that cannot be opened is bad input (exit 3), errno kept */
    assert_int_equal(tb_lex_load_file(lx, "/nonexistent/lexicon.tsv", &d), TB_ERR_LEXICON);
    assert_int_not_equal(d.err, 0);
    assert_int_equal(tb_lex_load_file(lx, "/dev/zero", &d), TB_ERR_LEXICON); /* not read */
    assert_int_equal(tb_lex_load_dir(lx, "/nonexistent", &d), TB_ERR_IO);
    tb_lex_free(lx);
}

static void dir_in_name_order(void **state)
{
    (void)state;
    char sub[600];
    snprintf(sub, sizeof sub, "%s/lexdir", tmpdir);
    assert_int_equal(mkdir(sub, 0755), 0);
    write_file("lexdir/20-hand.tsv", "重新\tchong2 xin1\n");
    write_file("lexdir/10-base.tsv", "重新\tzhong4 xin1\n首都\tshou3 du1\n");
    write_file("lexdir/notes.txt", "this is not a lexicon\n");
    tb_lexicon *lx = tb_lex_new();
    tb_diag d = {0};
    assert_int_equal(tb_lex_load_dir(lx, sub, &d), TB_OK);
    assert_int_equal(tb_lex_count(lx), 2);
    char buf[64];
    assert_string_equal(tb_lex_lookup(lx, "重新", buf, sizeof buf), "chong2 xin1");
    tb_lex_free(lx);
}

static void longest_match(void **state)
{
    (void)state;
    tb_lexicon *lx = tb_lex_new();
    tb_diag d = {0};
    assert_int_equal(tb_lex_load_file(lx,
                                      write_file("m.tsv", "银行\tyin2 hang2\n行长\thang2 zhang3\n"
                                                          "银行长\tyin2 hang2 zhang3\n"
                                                          "呼和浩特\thu1 he2 hao4 te4\n"),
                                      &d),
                     TB_OK);
    assert_engine(lx, "银行长", "yin2 hang2 zhang3");
    assert_engine(lx, "去银行", "去 yin2 hang2");
    assert_engine(lx, "银行行长", "yin2 hang2 hang2 zhang3");
    assert_engine(lx, "呼和浩特市", "hu1 he2 hao4 te4 市");
    assert_engine(lx, "呼和浩", "呼和浩");
    assert_engine(lx, "银行，行长", "yin2 hang2，hang2 zhang3");
    tb_lex_free(lx);
}

static void sandhi_without_lexicon(void **state)
{
    (void)state;
    assert_engine(NULL, "一定", "yi2 定");
    assert_engine(NULL, "一些", "yi4 些");
    assert_engine(NULL, "一年", "yi4 年");
    assert_engine(NULL, "一起", "yi4 起");
    assert_engine(NULL, "第一", "第 yi1");
    assert_engine(NULL, "一二三", "yi1 二三");
    assert_engine(NULL, "一。", "yi1。");
    assert_engine(NULL, "六月一日", "六月 yi1 日");
    assert_engine(NULL, "不对", "bu2 对");
    assert_engine(NULL, "不好", "bu4 好");
    assert_engine(NULL, "要不要", "要 bu5 要");
    assert_engine(NULL, "看一看", "看 yi5 看");
    assert_engine(NULL, "零一零", "零 yi1 零"); /* a code, not A一A */
    assert_engine(NULL, "不一定", "bu4 yi2 定");
}

static void latin_and_escaping(void **state)
{
    (void)state;
    assert_engine(NULL, "GDP",
                  "<voice name=\"en\"><say-as interpret-as=\"characters\">GDP</say-as></voice>");
    assert_engine(NULL, "用APP办",
                  "用<voice name=\"en\"><say-as interpret-as=\"characters\">APP</say-as></voice>"
                  "<voice name=\"cmn-latn-pinyin\">办</voice>");
    assert_engine(
        NULL, "Beijing 冬奥",
        "<voice name=\"en\">Beijing</voice> <voice name=\"cmn-latn-pinyin\">冬奥</voice>");
    assert_engine(
        NULL, "<a href=\"x\">&",
        "&lt;<voice name=\"en\">a href</voice><voice name=\"cmn-latn-pinyin\">=&quot;</voice>"
        "<voice name=\"en\">x</voice><voice name=\"cmn-latn-pinyin\">&quot;&gt;&amp;</voice>");
    assert_engine(NULL, "", "");
}

static void invalid_utf8_passes(void **state)
{
    (void)state;
    char *out = engine(NULL, "a\xFF"
                             "b");
    assert_non_null(strstr(out, "\xEF\xBF\xBD"));
    free(out);
}

/* The runs themselves: language, spelling, joins and plain (unescaped) text. */
typedef struct {
    const char *lang;
    int spell, joined;
    const char *text;
} want_run;

static void assert_runs(const char *in, const want_run *want, size_t n)
{
    tb_speech *sp = NULL;
    assert_int_equal(tb_lex_speech(NULL, in, strlen(in), &sp), TB_OK);
    assert_int_equal(sp->n_runs, n);
    for (size_t i = 0; i < n; i++) {
        const tb_run *r = &sp->runs[i];
        assert_string_equal(r->lang, want[i].lang);
        assert_int_equal(r->spell, want[i].spell);
        assert_int_equal(r->joined, want[i].joined);
        assert_int_equal(r->len, strlen(want[i].text));
        assert_memory_equal(tb_run_text(sp, r), want[i].text, r->len);
    }
    tb_speech_free(sp);
}

static void latin_runs_are_typed(void **state)
{
    (void)state;
    const want_run app[] = {{"zh", 0, 0, "用"}, {"en", 1, 0, "APP"}, {"zh", 0, 0, "办"}};
    assert_runs("用APP办", app, 3);
    const want_run imf[] = {{"en", 1, 0, "IMF"}, {"en", 0, 1, " chief"}, {"zh", 0, 0, "说"}};
    assert_runs("IMF chief说", imf, 3);
    /* the blank after an English run is a run of its own */
    const want_run bj[] = {{"en", 0, 0, "Beijing"}, {"zh", 0, 0, " "}, {"zh", 0, 0, "冬奥"}};
    assert_runs("Beijing 冬奥", bj, 3);
    const want_run amp[] = {{"zh", 0, 0, "甲 & 乙<"}};
    assert_runs("甲 & 乙<", amp, 1);
    assert_runs("", NULL, 0);
}

static void big_lexicon(void **state)
{
    (void)state;
    /* many entries: the table grows and every word is still found */
    const char *p = write_file("big.tsv", "");
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    for (unsigned i = 0; i < 20000; i++)
        fprintf(f, "%s%s\tyi1 er4\n", (const char *[]){"一", "二", "三", "四"}[i % 4],
                (const char *[]){"甲", "乙", "丙", "丁", "戊"}[i % 5]);
    for (unsigned i = 0; i < 5000; i++) {
        char w[16];
        unsigned cp = 0x4E00 + i;
        w[0] = (char)(0xE0 | (cp >> 12));
        w[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        w[2] = (char)(0x80 | (cp & 0x3F));
        w[3] = '\0';
        fprintf(f, "%s%s\tpin%u yin1\n", w, w, i % 5 + 1);
    }
    assert_int_equal(fclose(f), 0);
    tb_lexicon *lx = tb_lex_new();
    tb_diag d = {0};
    assert_int_equal(tb_lex_load_file(lx, p, &d), TB_OK);
    assert_int_equal(tb_lex_count(lx), 20 + 5000); /* 4 x 5 distinct pairs, 5000 doubles */
    char buf[64];
    assert_string_equal(tb_lex_lookup(lx, "\xE4\xB8\x80\xE4\xB8\x80", buf, sizeof buf),
                        "pin1 yin1");
    tb_lex_free(lx);
}

static int setup(void **state)
{
    (void)state;
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(load_and_lookup),
        cmocka_unit_test(later_entries_win),
        cmocka_unit_test(bad_lines),
        cmocka_unit_test(missing_file),
        cmocka_unit_test(dir_in_name_order),
        cmocka_unit_test(longest_match),
        cmocka_unit_test(sandhi_without_lexicon),
        cmocka_unit_test(latin_and_escaping),
        cmocka_unit_test(invalid_utf8_passes),
        cmocka_unit_test(latin_runs_are_typed),
        cmocka_unit_test(big_lexicon),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
