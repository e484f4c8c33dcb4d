/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_parse_chrome.c — unit tests of the chrome scorer (src/parse/chrome.c):
 * each signal alone and together, sentences never chrome, the vocabulary
 * table sorted, the paper and page a chrome line names; and of the article
 * and paragraph levels the segmenter builds from parsed blocks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "parse/chrome.h"
#include "parse/parse.h"
#include "segment/segment.h"

static int score(const char *s, unsigned where)
{
    return tb_chrome_score(s, strlen(s), where);
}

static int is_chrome(const char *s, unsigned where)
{
    return tb_chrome_is(s, strlen(s), where);
}

static void vocabulary_sorted(void **state)
{
    (void)state;
    assert_true(tb_chrome_n_words > 50);
    for (unsigned long i = 1; i < tb_chrome_n_words; i++)
        assert_true(strcmp(tb_chrome_words[i - 1].word, tb_chrome_words[i].word) < 0);
    assert_int_equal(tb_chrome_word_class("首页", strlen("首页")), TB_CHROME_UI);
    assert_int_equal(tb_chrome_word_class("相关新闻", strlen("相关新闻")), TB_CHROME_LIST);
    assert_int_equal(tb_chrome_word_class("首", strlen("首")), -1);
}

static void signals(void **state)
{
    (void)state;
    /* separators between short items, with UI words */
    assert_true(is_chrome("首页 > 数字报刊 > 内蒙古日报", 0));
    assert_true(is_chrome("版面导航 | 标题导航 | PDF下载", 0));
    assert_true(is_chrome("首页>新闻>本地", 0));
    /* UI words only, bracketed */
    assert_true(is_chrome("【字号 大 中 小】 打印本页", 0));
    /* a label with a colon; a mark */
    assert_true(is_chrome("责任编辑：刘洋", 0));
    assert_true(is_chrome("版权所有 南方报业传媒集团 粤ICP备09010000号", 0));
    /* no Han */
    assert_true(is_chrome("PDF | EN", 0));
    /* headlines and headings: nothing, even before the headline */
    assert_false(is_chrome("深入贯彻落实中央民族工作会议精神 推动新时代党的民族工作高质量发展",
                           TB_CHROME_OUTSIDE));
    assert_false(is_chrome("加强理论武装 深化思想认识", TB_CHROME_OUTSIDE));
    assert_false(is_chrome("包头市:“四个三”做好民族团结进步工作", TB_CHROME_OUTSIDE));
    assert_false(is_chrome("全民阅读 书香满城", TB_CHROME_OUTSIDE)); /* 阅读 inside a word */
    /* markup-looking text and paths are not navigation separators */
    assert_int_equal(score("<b>\"标题\"</b> %s ../../etc/passwd", 0), 0);
    /* a list word alone is the caller's to decide; the position signals add up */
    assert_false(is_chrome("相关链接", 0));
    assert_int_equal(score("古城墙修缮工程启动", TB_CHROME_LINKS), 2);
    assert_int_equal(score("某某标题", TB_CHROME_REPEAT | TB_CHROME_OUTSIDE), 4);
}

static void sentences_never(void **state)
{
    (void)state;
    assert_int_equal(score("首页 > 新闻：请点击返回首页。", TB_CHROME_OUTSIDE | TB_CHROME_LINKS),
                     0);
    assert_int_equal(score("关注我们，获取更多新闻！", TB_CHROME_REPEAT), 0);
}

static void paper_and_page(void **state)
{
    (void)state;
    char b[64];
    const char *l = "人民网 > 人民日报 > 2026年11月18日 > 第01版:要闻";
    assert_true(tb_chrome_paper(l, strlen(l), b, sizeof b));
    assert_string_equal(b, "人民日报");
    assert_true(tb_chrome_page(l, strlen(l), b, sizeof b));
    assert_string_equal(b, "第01版");
    l = "首页 > 电子报 > 北疆晚报";
    assert_true(tb_chrome_paper(l, strlen(l), b, sizeof b));
    assert_string_equal(b, "北疆晚报");
    l = "当前版: A05版  上一版  下一版";
    assert_false(tb_chrome_paper(l, strlen(l), b, sizeof b));
    assert_true(tb_chrome_page(l, strlen(l), b, sizeof b));
    assert_string_equal(b, "A05版");
    l = "首页 > 电子报";
    assert_false(tb_chrome_paper(l, strlen(l), b, sizeof b)); /* a generic word */
    assert_false(tb_chrome_paper(l, strlen(l), b, 2));        /* too small a buffer */
}

static tb_edition *edition_of(const char *page, tb_input_format fmt)
{
    tb_text in = {
        .text = (char *)(uintptr_t)page, .len = strlen(page), .format = fmt, .encoding = "UTF-8"};
    tb_edition *ed = NULL;
    assert_int_equal(tb_segment(&in, "page", &ed, NULL), TB_OK);
    return ed;
}

static void articles_and_paragraphs(void **state)
{
    (void)state;
    tb_edition *ed = edition_of("# 甲文\n\n第一段。第二句。\n\n第二段。\n\n# 乙文\n\n乙的正文。\n",
                                TB_FMT_MARKDOWN);
    assert_int_equal(ed->n_articles, 2);
    assert_int_equal(ed->n_sections, 4);
    assert_string_equal(ed->sections[1].title, "导语 · 甲文");
    assert_string_equal(ed->title, "甲文等2篇");
    assert_string_equal(ed->headline, "甲文");
    assert_int_equal(ed->sections[3].article, 2);
    const tb_section *intro = &ed->sections[1];
    assert_int_equal(intro->n_sentences, 3);
    assert_int_equal(intro->sentences[0].paragraph, intro->sentences[1].paragraph);
    assert_true(intro->sentences[2].paragraph > intro->sentences[1].paragraph);
    assert_false(tb_section_paragraph_ends(intro, 0));
    assert_true(tb_section_paragraph_ends(intro, 1));
    assert_false(tb_section_paragraph_ends(intro, 2)); /* the last: the section's pause */
    tb_edition_free(ed);

    /* one article: titles as they always were */
    ed = edition_of("标题\n\n正文一段。\n", TB_FMT_EPAPER);
    assert_int_equal(ed->n_articles, 1);
    assert_string_equal(ed->sections[1].title, "导语");
    assert_string_equal(ed->title, "标题");
    tb_edition_free(ed);
}

static void tables_and_kickers(void **state)
{
    (void)state;
    tb_edition *ed = edition_of("栏目\n===\n\n# 标题\n\n导语。\n\n| 名称 | 数量 |\n|---|---|\n"
                                "| 甲 | 1 |\n| 乙 |  |\n\n后文。\n",
                                TB_FMT_MARKDOWN);
    assert_string_equal(ed->sections[0].kicker, "栏目");
    assert_int_equal(ed->sections[2].kind, TB_KIND_TABLE);
    assert_string_equal(ed->sections[2].sentences[0].text, "名称：甲，数量：1。");
    assert_string_equal(ed->sections[2].sentences[1].text, "名称：乙。");
    assert_int_equal(ed->sections[3].kind, TB_KIND_INTRO);
    assert_string_equal(ed->sections[3].title, "正文");
    tb_edition_free(ed);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(vocabulary_sorted),       cmocka_unit_test(signals),
        cmocka_unit_test(sentences_never),         cmocka_unit_test(paper_and_page),
        cmocka_unit_test(articles_and_paragraphs), cmocka_unit_test(tables_and_kickers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
