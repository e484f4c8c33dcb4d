/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * names.c — the name model: a character that is read differently as a
 * surname (单 shàn, 解 xiè, 区 ōu …) takes its surname reading where it starts
 * a personal name. Readings are the 现代汉语词典's (7th ed.) for the surname.
 *
 * A surname starts a name when it stands where a name may start (at the start
 * of a clause, or after a word that comes before names: 了 对 和 …, 记者, 村民 …)
 * and is followed by
 *  - a title (女士 先生 教授 老汉 书记 …), directly or after a given name of
 *    one or two characters that are not function or administrative words
 *    (区政府 is not 区 + 政府, 曾任 is not 曾 + 任);
 *  - or, after a word that introduces a person (记者 村民 …), a given name of
 *    one or two characters and a pause or a verb of saying (说 表示 介绍 …);
 * or it follows 姓 and ends the phrase (姓单，姓单的).
 * Surnames that are never anything else (尉迟 万俟 翟 覃) are lexicon words.
 */
#include <string.h>

#include "base/utf8.h"
#include "lexicon/names.h"

static const struct {
    const char *han;
    const char *syl;
} SURNAMES[] = {
    {"单", "shan4"}, {"解", "xie4"},  {"仇", "qiu2"},  {"区", "ou1"},   {"查", "zha1"},
    {"曾", "zeng1"}, {"盖", "ge3"},   {"朴", "piao2"}, {"缪", "miao4"}, {"任", "ren2"},
    {"华", "hua4"},  {"繁", "po2"},   {"员", "yun4"},  {"召", "shao4"}, {"宓", "fu2"},
    {"句", "gou1"},  {"谌", "chen2"},
};

/* Titles after a name, longest first where one is a prefix of another. */
static const char *const TITLES[] = {
    "女士",   "先生",   "教授",   "老汉",   "书记", "主任", "院长", "校长", "局长",   "部长",
    "厅长",   "市长",   "县长",   "区长",   "镇长", "乡长", "村长", "省长", "主席",   "总经理",
    "经理",   "董事长", "老师",   "医生",   "大夫", "师傅", "同志", "同学", "老人",   "大爷",
    "大妈",   "大姐",   "大娘",   "阿姨",   "奶奶", "爷爷", "处长", "科长", "所长",   "站长",
    "队长",   "组长",   "馆长",   "社长",   "会长", "委员", "代表", "院士", "研究员", "工程师",
    "律师",   "法官",   "警官",   "教练",   "博士", "老板", "厂长", "总编", "副书记", "副主任",
    "副院长", "副局长", "副市长", "副县长", "老太",
};

/* Words after which a name often comes: they introduce a person. */
static const char *const CUES[] = {
    "记者", "村民", "市民", "居民", "牧民", "农民", "教授", "主任", "书记", "老师", "医生",
    "同学", "代表", "委员", "专家", "院士", "局长", "老人", "干部", "党员", "工人", "队员",
    "选手", "律师", "警官", "民警", "职工", "学生", "患者", "游客", "作者", "编辑", "演员",
    "导演", "厨师", "司机", "师傅", "大姐", "大哥", "网友", "社长", "店主", "经理", "院长",
};

/* Characters after which a name may start (besides a pause or a cue). */
static const char NAME_PREV[] = "了对和与同及是给向被让请据把由为的说问找叫带陪跟将等称见访";

/* Characters that are not given-name characters in news text: function
 * words, administrative words and verbs that follow 曾 (曾任 曾经 曾在). */
static const char NOT_GIVEN[] = "的了是在和与及等任经获被多担为有向对把将副总全各本该这那此其"
                                "工公司省州地业员长家人们年月日时个位名务组政府委会局部门市县区"
                                "镇乡村党办处厅所站队院校中心一二三四五六七八九十百千万亿零两说"
                                "也都就还又再已曾不没来去到上下里后前";

/* Verbs of saying after a name introduced by a cue. */
static const char *const SAYS[] = {"说",   "表示", "介绍", "告诉", "认为",
                                   "指出", "坦言", "回忆", "笑着"};

/* Does word (UTF-8) stand at cps[i..)? Returns its length in characters, 0 if not. */
static size_t word_at(const unsigned *cps, size_t n, size_t i, const char *word)
{
    size_t len = strlen(word), c = 0;
    for (size_t b = 0; b < len; c++) {
        unsigned v;
        size_t k = tb_utf8_decode(word + b, len - b, &v);
        if (k == 0 || i + c >= n || cps[i + c] != v)
            return 0;
        b += k;
    }
    return c;
}

/* Does a word of list end just before position i? */
static int word_before(const unsigned *cps, size_t i, const char *const *list, size_t nlist)
{
    for (size_t w = 0; w < nlist; w++)
        for (size_t len = 1; len <= 3 && len <= i; len++)
            if (word_at(cps, i, i - len, list[w]) == len)
                return 1;
    return 0;
}

static size_t list_at(const unsigned *cps, size_t n, size_t i, const char *const *list, size_t nl)
{
    for (size_t w = 0; w < nl; w++) {
        size_t k = word_at(cps, n, i, list[w]);
        if (k)
            return k;
    }
    return 0;
}

#define NITEMS(a) (sizeof(a) / sizeof(a)[0])

static int given(unsigned cp)
{
    return cp != 0 && !tb_utf8_has(NOT_GIVEN, cp);
}

/* A name shape after the surname at i: given name of 0–2 characters, then a
 * title; or (after a cue) a given name of 1–2 and a pause or a verb of saying. */
static size_t name_follows(const unsigned *cps, size_t n, size_t i, int cue)
{
    for (size_t g = 0; g <= 2; g++) {
        if (g > 0 && (i + g >= n || !given(cps[i + g])))
            return 0;
        size_t at = i + 1 + g;
        if (list_at(cps, n, at, TITLES, NITEMS(TITLES)))
            return 1 + g;
        if (cue && g > 0 && (at >= n || cps[at] == 0 || list_at(cps, n, at, SAYS, NITEMS(SAYS))))
            return 1 + g;
    }
    return 0;
}

/* May a name start at i (a pause, a cue word or a NAME_PREV character before)? */
static int may_start(const unsigned *cps, size_t i, int *cue)
{
    unsigned prev = i > 0 ? cps[i - 1] : 0;
    *cue = i > 0 && word_before(cps, i, CUES, NITEMS(CUES));
    return prev == 0 || *cue || tb_utf8_has(NAME_PREV, prev);
}

/* The hundred commonest surnames, for tb_lex_name_len. */
static const char COMMON[] = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭萧肖田"
                             "董袁潘于蒋蔡余杜叶程苏魏吕丁沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白"
                             "邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔向汤常温"
                             "康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘"
                             "祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管";

size_t tb_lex_name_len(const unsigned *cps, size_t n, size_t i)
{
    if (i >= n || cps[i] == 0)
        return 0;
    int special = 0;
    for (size_t s = 0; s < NITEMS(SURNAMES) && !special; s++)
        special = word_at(cps, n, i, SURNAMES[s].han) != 0;
    int cue;
    if (!(special || tb_utf8_has(COMMON, cps[i])) || !may_start(cps, i, &cue))
        return 0;
    return name_follows(cps, n, i, cue);
}

const char *tb_lex_surname(const unsigned *cps, size_t n, size_t i)
{
    if (i >= n || cps[i] == 0)
        return NULL;
    const char *syl = NULL;
    for (size_t s = 0; s < NITEMS(SURNAMES) && !syl; s++)
        if (word_at(cps, n, i, SURNAMES[s].han))
            syl = SURNAMES[s].syl;
    if (!syl)
        return NULL;
    unsigned prev = i > 0 ? cps[i - 1] : 0, next = i + 1 < n ? cps[i + 1] : 0;
    if (prev == 0x59D3 /* 姓 */)
        return next == 0 || next == 0x7684 /* 的 */ ? syl : NULL;
    int cue;
    if (!may_start(cps, i, &cue))
        return NULL;
    return name_follows(cps, n, i, cue) ? syl : NULL;
}
