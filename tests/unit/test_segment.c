/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_segment.c — unit tests of the segmenter (src/segment.c) and the shape
 * tests of the parsers (src/parse/shape.c): sentence ends, closing quotes,
 * the length cap (at a comma, before a number, at a character boundary),
 * block roles → sections, and small e-paper pages parsed end to end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/parse.h"
#include "segment/segment.h"
#include "base/utf8.h"

/* Sentences joined with '|'. */
typedef struct {
    char out[8192];
    size_t n;
} joined;

static tb_status collect(const char *s, size_t len, void *ctx)
{
    joined *j = ctx;
    size_t have = strlen(j->out);
    if (have + len + 2 >= sizeof j->out)
        return TB_ERR_TOO_BIG;
    if (j->n++)
        strcat(j->out, "|");
    strncat(j->out, s, len);
    return TB_OK;
}

static void split_at_sentence_ends(void **state)
{
    (void)state;
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"第一句。第二句！第三句？", "第一句。|第二句！|第三句？"},
        {"他说：“今年增收了。”大家都笑了。", "他说：“今年增收了。”|大家都笑了。"},
        {"（详见附件。）下一句。", "（详见附件。）|下一句。"},
        {"等一等……真的吗？！是的。", "等一等……|真的吗？！|是的。"},
        {"一是抓党建；二是促团结；", "一是抓党建；|二是促团结；"},
        {"第一行\n第二行", "第一行|第二行"},
        {"他说。\"好的。\"然后", "他说。|\"好的。\"|然后"},   /* ASCII quotes: open, then close */
        {"Yes! Really? OK; fine.", "Yes!|Really?|OK;|fine."},
        {"增长3.5个百分点。版本v1.2发布", "增长3.5个百分点。|版本v1.2发布"},
        {"没有句号的一行", "没有句号的一行"},
        {"。。。  ” \n", ""},                      /* nothing to say */
        {"  前后有空格。  ", "前后有空格。"},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        joined j = {"", 0};
        assert_int_equal(tb_segment_split(cases[i].in, strlen(cases[i].in), 0, collect, &j), TB_OK);
        assert_string_equal(j.out, cases[i].want);
    }
}

/* Every piece of the split: its characters are ≤ max and it is valid UTF-8. */
typedef struct {
    size_t max, pieces, chars;
    char all[65536];
} checked;

static tb_status check_piece(const char *s, size_t len, void *ctx)
{
    checked *c = ctx;
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        unsigned cp;
        size_t k = tb_utf8_decode(s + i, len - i, &cp);
        assert_true(k > 0);
        i += k;
        n++;
    }
    assert_true(n > 0 && n <= c->max);
    c->pieces++;
    c->chars += n;
    strncat(c->all, s, len);
    return TB_OK;
}

static void cap_cuts_at_commas(void **state)
{
    (void)state;
    /* 6 clauses of 40 characters each (39 Han + a comma): 240 characters */
    char in[2048] = "";
    for (int k = 0; k < 6; k++) {
        for (int i = 0; i < 39; i++)
            strcat(in, "草");
        strcat(in, k < 5 ? "，" : "。");
    }
    joined j = {"", 0};
    assert_int_equal(tb_segment_split(in, strlen(in), 120, collect, &j), TB_OK);
    assert_int_equal(j.n, 2);
    /* both pieces end at a comma or the full stop, each 120 characters */
    char *bar = strchr(j.out, '|');
    assert_non_null(bar);
    assert_memory_equal(bar - 3, "，", 3);
    assert_int_equal(tb_utf8_count(j.out, (size_t)(bar - j.out)), 120);
}

static void cap_hard_split_keeps_utf8_whole(void **state)
{
    (void)state;
    /* 250 four-byte characters, no punctuation at all */
    char in[1200] = "";
    for (int i = 0; i < 250; i++)
        strcat(in, "𠮷");
    checked c = {120, 0, 0, ""};
    assert_int_equal(tb_segment_split(in, strlen(in), 120, check_piece, &c), TB_OK);
    assert_int_equal(c.pieces, 3);
    assert_int_equal(c.chars, 250);
    assert_string_equal(c.all, in);
}

static void cap_does_not_cut_numbers(void **state)
{
    (void)state;
    char in[1024] = "";
    for (int i = 0; i < 115; i++)
        strcat(in, "年");
    strcat(in, "20212025年规划");
    joined j = {"", 0};
    assert_int_equal(tb_segment_split(in, strlen(in), 120, collect, &j), TB_OK);
    char *bar = strchr(j.out, '|');
    assert_non_null(bar);
    assert_string_equal(bar + 1, "20212025年规划");
    /* a thousands comma is not a place to cut */
    char in2[1024] = "";
    for (int i = 0; i < 100; i++)
        strcat(in2, "元");
    strcat(in2, "1,000,000");
    for (int i = 0; i < 30; i++)
        strcat(in2, "元");
    joined j2 = {"", 0};
    assert_int_equal(tb_segment_split(in2, strlen(in2), 120, collect, &j2), TB_OK);
    assert_non_null(strstr(j2.out, "1,000,000"));
}

static void shapes(void **state)
{
    (void)state;
    assert_true(tb_parse_is_place_title("包头市:“四个三”做好工作", strlen("包头市:“四个三”做好工作")));
    assert_true(tb_parse_is_place_title("呼伦贝尔市：打造长廊", strlen("呼伦贝尔市：打造长廊")));
    assert_false(tb_parse_is_place_title("加强理论武装 深化思想认识", strlen("加强理论武装 深化思想认识")));
    assert_false(tb_parse_is_place_title("这是一个超过八个字的名字:标题", strlen("这是一个超过八个字的名字:标题")));
    assert_false(tb_parse_is_place_title("市:题", strlen("市:题")));
    assert_false(tb_parse_is_place_title("记者说:今天很好。", strlen("记者说:今天很好。")));
    assert_true(tb_parse_is_credit("（本版文图均由自治区民委提供）", strlen("（本版文图均由自治区民委提供）")));
    assert_true(tb_parse_is_credit("(记者 其其格)", strlen("(记者 其其格)")));
    assert_false(tb_parse_is_credit("(一)加强(二)落实", strlen("(一)加强(二)落实")));
    assert_false(tb_parse_is_credit("正文(括号)", strlen("正文(括号)")));
    assert_true(tb_parse_ends_sentence("他说：“好。”", strlen("他说：“好。”")));
    assert_true(tb_parse_ends_sentence("结束了……", strlen("结束了……")));
    assert_false(tb_parse_ends_sentence("小标题", strlen("小标题")));
    assert_false(tb_parse_ends_sentence("第3.", strlen("第3.")));
    assert_true(tb_parse_ends_open("如下：", strlen("如下：")));
    const char *s = "\xE3\x80\x80\xE3\x80\x80 正文\xC2\xA0 ";
    size_t len = strlen(s);
    unsigned indent;
    const char *t = tb_parse_trim(s, &len, &indent);
    assert_int_equal(indent, 5);
    assert_int_equal(len, strlen("正文"));
    assert_memory_equal(t, "正文", len);
}

/* Parse and segment a page given as a string; return "kind:title|kind:title…". */
static tb_status sections_of(const char *page, tb_input_format fmt, char *out, size_t cap)
{
    tb_text in = {.text = (char *)(uintptr_t)page, .len = strlen(page), .format = fmt, .encoding = "UTF-8"};
    tb_edition *ed = NULL;
    tb_diag d;
    memset(&d, 0, sizeof d);
    tb_status st = tb_segment(&in, "page", &ed, &d);
    out[0] = '\0';
    if (st != TB_OK)
        return st;
    for (size_t i = 0; i < ed->n_sections; i++) {
        size_t have = strlen(out);
        snprintf(out + have, cap - have, "%s%s:%s", i ? "|" : "",
                 tb_section_kind_name(ed->sections[i].kind), ed->sections[i].title);
    }
    tb_edition_free(ed);
    return TB_OK;
}

static void epaper_pages(void **state)
{
    (void)state;
    static const struct {
        const char *page, *want;
    } cases[] = {
        /* chrome above and below, captions, intro, subheading, sub-report, credit */
        {"上一篇 下一篇\n放大 缩小\n\n牧区新变化\n\n图一说明。\n图二说明。\n"
         "  这是导语，介绍全文的内容，长度要够一点才像正文段落的样子。\n\n  一个小标题\n\n"
         "  小标题下的正文段落。\n\n  某某旗:一个分报道\n\n  分报道的正文。\n\n  （本版由记者提供）\n\n"
         "上一篇 下一篇\n   第01版:要闻\n牧区新变化\n",
         "headline:牧区新变化|caption:图片说明|intro:导语|subheading:一个小标题|"
         "subreport:某某旗:一个分报道|credit:本版由记者提供"},
        /* no chrome, no captions, flush left */
        {"标题\n\n第一段正文。\n\n第二段正文。\n", "headline:标题|intro:导语"},
        /* a page date in the chrome is not the headline */
        {"2024年1月5日 星期五\n第3版：要闻\n\n真正的标题\n\n正文。\n", "headline:真正的标题|intro:导语"},
        /* the list of pages above the article, one entry longer than a label */
        {"     标题导航\n   第01版:一版要闻\n   第03版:国内新闻·广告\n往期阅读\n\n草原上的新课堂\n\n"
         "  正文第一段，讲的是一所牧区学校的新变化。\n",
         "headline:草原上的新课堂|intro:导语"},
        /* a short headline among navigation words still stands alone above the body */
        {"往期阅读\n放大 缩小\n\n春风化雨\n\n  正文只有一段，讲述了一位老师的故事。\n",
         "headline:春风化雨|intro:导语"},
    };
    char got[1024];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(sections_of(cases[i].page, TB_FMT_EPAPER, got, sizeof got), TB_OK);
        assert_string_equal(got, cases[i].want);
    }
    assert_int_equal(sections_of("往期阅读\n上一篇 下一篇\n", TB_FMT_EPAPER, got, sizeof got),
                     TB_ERR_INPUT);
    assert_int_equal(sections_of("", TB_FMT_EPAPER, got, sizeof got), TB_ERR_INPUT);
}

static void blocks_to_sections(void **state)
{
    (void)state;
    tb_document *doc = tb_document_new();
    assert_non_null(doc);
    static const struct {
        tb_block_role role;
        const char *text;
    } blocks[] = {
        {TB_BLOCK_CHROME, "导航"},          {TB_BLOCK_PARAGRAPH, "没有标题的开头。"},
        {TB_BLOCK_HEADLINE, "标题"},        {TB_BLOCK_SUBTITLE, "——副题"},
        {TB_BLOCK_CAPTION, "图注一。"},     {TB_BLOCK_CAPTION, "图注二。"},
        {TB_BLOCK_PARAGRAPH, "导语。"},     {TB_BLOCK_CAPTION, "文中图注。"},
        {TB_BLOCK_SUBHEADING, "———"},      {TB_BLOCK_SUBREPORT, "某地:标题"},
        {TB_BLOCK_CREDIT, "（署名）"},      {TB_BLOCK_PARAGRAPH, "署名后的段落。"},
    };
    for (size_t i = 0; i < sizeof blocks / sizeof blocks[0]; i++)
        assert_int_equal(tb_document_add(doc, blocks[i].role, blocks[i].text,
                                         strlen(blocks[i].text), i + 1, 0),
                         TB_OK);
    strcpy(doc->date, "2024-02-03");
    tb_edition *ed = NULL;
    assert_int_equal(tb_segment_document(doc, "x.txt", &ed, NULL), TB_OK);
    static const char *const want[] = {"intro:导语", "headline:标题", "caption:图片说明",
                                       "intro:导语", "subreport:某地:标题", "credit:署名",
                                       "intro:导语"};
    assert_int_equal(ed->n_sections, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < ed->n_sections; i++) {
        char got[128];
        snprintf(got, sizeof got, "%s:%s", tb_section_kind_name(ed->sections[i].kind),
                 ed->sections[i].title);
        assert_string_equal(got, want[i]);
    }
    assert_string_equal(ed->headline, "标题");
    assert_string_equal(ed->date, "2024-02-03");
    assert_string_equal(ed->source, "x.txt");
    assert_int_equal(ed->sections[1].n_sentences, 2); /* the subtitle is read with the headline */
    assert_int_equal(ed->sections[3].n_sentences, 2); /* a caption in the body is read in place */
    assert_int_equal(ed->sections[4].n_sentences, 1); /* a title is its first sentence */
    assert_string_equal(ed->sections[4].sentences[0].text, "某地:标题");
    assert_int_equal(ed->sections[4].sentences[0].line, 10);
    tb_edition_free(ed);
    tb_document_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(split_at_sentence_ends),
        cmocka_unit_test(cap_cuts_at_commas),
        cmocka_unit_test(cap_hard_split_keeps_utf8_whole),
        cmocka_unit_test(cap_does_not_cut_numbers),
        cmocka_unit_test(shapes),
        cmocka_unit_test(epaper_pages),
        cmocka_unit_test(blocks_to_sections),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
