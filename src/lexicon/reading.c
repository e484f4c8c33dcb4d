/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * reading.c — spoken text → engine text, the last step before the synth stage.
 *
 * One line is read in three passes:
 *  1. tokens: Han characters, Latin runs and everything else (digits,
 *     punctuation, spaces) passed through;
 *  2. readings: each run of Han characters is matched against the lexicon,
 *     longest word first, left to right; a matched word gives each of its
 *     characters an explicit syllable. Then 一 and 不 outside lexicon words
 *     get their sandhi tone from the context (right to left, so that the tone
 *     of the next syllable is the one it will be said with);
 *  3. output: runs of one language each (model/speech.h). Han characters
 *     without an explicit reading are left for the engine to read; explicit
 *     readings are written as pinyin with tone digits. A Latin run is an
 *     English run (an all-capitals word spelt, in a joined run of its own),
 *     and the Mandarin that follows it starts a new Mandarin run.
 *
 * Lexicon readings are final: an entry says what is said, sandhi included
 * (一定 yi2 ding4). This module never calls eSpeak and knows none of its
 * voices or markup.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "model/speech.h"
#include "lexicon/hantone.h"
#include "lexicon/lexicon.h"
#include "lexicon/names.h"
#include "lexicon/store.h"
#include "base/utf8.h"

#define CP_YI 0x4E00 /* 一 */
#define CP_BU 0x4E0D /* 不 */

enum kind { HAN, LATIN, OTHER };

typedef struct {
    enum kind kind;
    unsigned cp;     /* HAN: the character */
    size_t off, len; /* bytes of the source text */
    const char *syl; /* HAN: explicit syllable (static or lexicon storage), or NULL */
    int in_word;     /* HAN: covered by a lexicon word (reading is final) */
    int by_name;     /* HAN: the surname reading of the name model */
} token;

typedef struct {
    token *v;
    size_t n, cap;
} tokens;

static tb_status push(tokens *t, token k)
{
    void *v = t->v;
    if (tb_grow(&v, &t->cap, t->n, sizeof *t->v, 64) != TB_OK)
        return TB_ERR_NOMEM;
    t->v = v;
    t->v[t->n++] = k;
    return TB_OK;
}

static int is_latin(unsigned cp)
{
    return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z');
}

static int is_alnum(unsigned cp)
{
    return is_latin(cp) || (cp >= '0' && cp <= '9');
}

/* Pass 1. Invalid UTF-8 bytes become one OTHER token each (passed through
 * escaped as U+FFFD) so that the pass never fails on bad input. */
static tb_status tokenize(const char *s, size_t len, tokens *t)
{
    size_t i = 0;
    while (i < len) {
        unsigned cp;
        size_t k = tb_utf8_decode(s + i, len - i, &cp);
        if (k == 0) {
            tb_status st = push(t, (token){OTHER, 0xFFFD, i, 1, NULL, 0, 0});
            if (st != TB_OK)
                return st;
            i++;
            continue;
        }
        if (is_latin(cp)) {
            /* letters, joined by one of " .-'&" when a letter follows it */
            size_t j = i + 1;
            for (;;) {
                if (j < len && is_latin((unsigned char)s[j])) {
                    j++;
                } else if (j + 1 < len && strchr(" .-'&", s[j]) && s[j] != '\0' &&
                           is_latin((unsigned char)s[j + 1])) {
                    j += 2;
                } else {
                    break;
                }
            }
            tb_status st = push(t, (token){LATIN, cp, i, j - i, NULL, 0, 0});
            if (st != TB_OK)
                return st;
            i = j;
            continue;
        }
        tb_status st = push(t, (token){tb_is_han(cp) ? HAN : OTHER, cp, i, k, NULL, 0, 0});
        if (st != TB_OK)
            return st;
        i += k;
    }
    return TB_OK;
}

static unsigned cp_at(const tokens *t, size_t i)
{
    return i < t->n && t->v[i].kind == HAN ? t->v[i].cp : 0;
}

static int yi_is_number(const tokens *t, size_t i);
static int is_reduplicated_verb(unsigned cp);

/* Pass 2a: longest lexicon match over each run of Han tokens; a surname
 * that starts a name (names.c) takes its surname reading first. cps[i] is
 * token i's character, 0 when it is not Han. */
static void match_words(const tb_lexicon *lx, const char *s, tokens *t, const unsigned *cps)
{
    unsigned maxc = tb_lex_max_chars(lx);
    size_t i = 0;
    while (i < t->n) {
        if (t->v[i].kind != HAN) {
            i++;
            continue;
        }
        const char *surname = cps ? tb_lex_surname(cps, t->n, i) : NULL;
        if (surname) {
            t->v[i].syl = surname;
            t->v[i].by_name = 1;
            t->v[i++].in_word = 1;
            continue;
        }
        if (maxc == 0) {
            i++;
            continue;
        }
        /* 是不是, 看一看: the middle 不/一 starts no word (不是 would take it) */
        unsigned cp = t->v[i].cp;
        if ((cp == CP_BU || cp == CP_YI) && i > 0 && i + 1 < t->n && t->v[i - 1].kind == HAN &&
            t->v[i - 1].cp == cp_at(t, i + 1) &&
            (cp == CP_BU || is_reduplicated_verb(t->v[i - 1].cp))) {
            i++;
            continue;
        }
        /* 一 read as a number (二点一个, 十一) starts no word (一个 yi2 ge4) */
        if (cp == CP_YI && yi_is_number(t, i)) {
            i++;
            continue;
        }
        /* hash every prefix of up to maxc Han characters starting at i */
        uint32_t h[TB_LEX_MAX_CHARS + 1];
        unsigned n = 0;
        uint32_t acc = TB_LEX_HASH_INIT;
        while (n < maxc && i + n < t->n && t->v[i + n].kind == HAN) {
            const token *k = &t->v[i + n];
            for (size_t b = 0; b < k->len; b++)
                acc = tb_lex_hash_byte(acc, (unsigned char)s[k->off + b]);
            h[++n] = acc;
        }
        const tb_lex_entry *e = NULL;
        unsigned m = n;
        for (; m >= 1 && !e; m--) {
            size_t bytes = t->v[i + m - 1].off + t->v[i + m - 1].len - t->v[i].off;
            e = tb_lex_find(lx, s + t->v[i].off, bytes, h[m]);
        }
        if (!e) {
            i++;
            continue;
        }
        for (unsigned c = 0; c < e->nchars; c++) {
            t->v[i + c].syl = e->syl[c];
            t->v[i + c].in_word = 1;
        }
        i += e->nchars;
    }
}

/* Han numerals and the characters of number words around them. */
static int is_numeral(unsigned cp)
{
    static const unsigned digits[] = {0x96F6, 0x3007, 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94,
                                      0x516D, 0x4E03, 0x516B, 0x4E5D, 0x5341, 0x4E24, 0x5E7A};
    /* 零 〇 一 二 三 四 五 六 七 八 九 十 两 幺 */
    for (size_t i = 0; i < sizeof digits / sizeof digits[0]; i++)
        if (cp == digits[i])
            return 1;
    return 0;
}

static int in_list(unsigned cp, const unsigned *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (cp == list[i])
            return 1;
    return 0;
}

/* Verbs said "A一A" (看一看: try and look) with a neutral 一. A list, because
 * the same shape also occurs across words (积分|一分之差, 零一零). */
static int is_reduplicated_verb(unsigned cp)
{
    static const char verbs[] = "看想试听走谈等比查说摸理问算读写找洗尝聊练歇笑跳动转抱握拍敲闻学"
                                "瞧劝议量评商碰聚逛改翻晒";
    for (size_t i = 0; verbs[i];) {
        unsigned v;
        size_t k = tb_utf8_decode(verbs + i, sizeof verbs - 1 - i, &v);
        if (k == 0)
            break;
        if (v == cp)
            return 1;
        i += k;
    }
    return 0;
}

/* Surface tone of the token at i (after sandhi, which runs right to left), or
 * 0 if i is not a Han token (a pause, a Latin run, the end of the line). */
static int tone_at(const tokens *t, size_t i)
{
    if (i >= t->n || t->v[i].kind != HAN)
        return 0;
    const char *syl = t->v[i].syl;
    if (syl)
        return syl[strlen(syl) - 1] - '0';
    return tb_lex_han_tone(t->v[i].cp);
}

/* Is the free 一 at i a number (read yi1)? */
static int yi_is_number(const tokens *t, size_t i)
{
    /* before: 第一 十一 二〇一… 初一 周一 星期一 统一 唯一 逐一 之一 同一 单一 专一 划一 归一 */
    static const unsigned before[] = {0x7B2C, 0x521D, 0x5468, 0x671F, 0x7EDF, 0x552F, 0x9010,
                                      0x4E4B, 0x540C, 0x5355, 0x4E13, 0x5212, 0x5F52};
    /* after: 一月 一至 一加 (1+N) */
    static const unsigned after[] = {0x6708, 0x81F3, 0x52A0};
    /* 一百 一千 一万 一亿 are said with sandhi, unless 一 ends a number (十一万) */
    static const unsigned scale[] = {0x767E, 0x5343, 0x4E07, 0x4EBF};
    unsigned prev = i > 0 ? cp_at(t, i - 1) : 0, next = cp_at(t, i + 1);
    if (next == 0)
        return 1; /* last before a pause: 一 as said alone */
    if (i > 0 && (t->v[i - 1].kind == LATIN || (t->v[i - 1].kind == HAN && is_numeral(prev) &&
                                                i >= 2 && t->v[i - 2].kind == LATIN)))
        return 1; /* a digit of a code: H五N一, C九一九 */
    if (is_numeral(prev))
        return 1;
    /* 点一 after a numeral: a decimal digit (一点一亿, 零点一) */
    if (prev == 0x70B9 && i >= 2 && is_numeral(cp_at(t, i - 2)))
        return 1;
    if (in_list(next, scale, sizeof scale / sizeof scale[0]))
        return 0; /* 百分之一百 */
    if (in_list(prev, before, sizeof before / sizeof before[0]))
        return 1;
    if (prev == 0x4E07 && !is_numeral(i >= 2 ? cp_at(t, i - 2) : 0))
        return 1; /* 万一 "in case" (not 三万一千) */
    if (is_numeral(next) || in_list(next, after, sizeof after / sizeof after[0]))
        return 1;
    /* 月一日, 月一号: a date */
    if (prev == 0x6708 && (next == 0x65E5 || next == 0x53F7))
        return 1;
    /* 一点二 (a decimal), 一比零 (a score) */
    if ((next == 0x70B9 || next == 0x6BD4) && is_numeral(cp_at(t, i + 2)))
        return 1;
    /* 一是…，二是… (an enumeration), 一版要闻 (page one): at the start of a clause */
    if ((next == 0x662F || next == 0x7248) && (i == 0 || t->v[i - 1].kind != HAN))
        return 1;
    return 0;
}

#define CP_WEI 0x4E3A  /* 为 */
#define CP_MENG 0x8499 /* 蒙 */

#define CP_ER 0x513F /* 儿 */
#define CP_DE 0x5F97 /* 得 */

/* Is the free 得 at i the modal dei3 "must" (我们得抓紧, 你得亲自去)? After a
 * personal pronoun, unless a verb or result follows that makes it dé "get"
 * (你得了, 我们得到, 他们得出, 你得分). */
static int is_must(const tokens *t, size_t i)
{
    static const unsigned subject[] = {0x4EEC, 0x4F60, 0x54B1, 0x60A8}; /* 们 你 咱 您 */
    static const unsigned get[] = {0x4E86, 0x5230, 0x51FA, 0x4EE5, 0x77E5, 0x5206,
                                   0x7968, 0x5956, 0x76CA, 0x7F6A, 0x624B, 0x75C5,
                                   0x5931, 0x4F4F, 0x4E3B, 0x5230, 0x5929, 0x610F};
    /* 了 到 出 以 知 分 票 奖 益 罪 手 病 失 住 主 到 天 意 */
    unsigned prev = i > 0 ? cp_at(t, i - 1) : 0, next = cp_at(t, i + 1);
    return next && in_list(prev, subject, sizeof subject / sizeof subject[0]) &&
           !in_list(next, get, sizeof get / sizeof get[0]);
}

/* Is the free 儿 at i the erhua suffix of the syllable before (said as a
 * neutral er5), not the word 儿 "child" (女儿 儿童 婴儿 健儿 …)? */
static int is_erhua(const tokens *t, size_t i)
{
    static const char child_before[] = "女婴孤健幼胎患宠男育少托病侄孙乳妻生血弃产运胞犬";
    static const char child_after[] = "子童科女歌时孙媳戏";
    unsigned prev = i > 0 ? cp_at(t, i - 1) : 0, next = cp_at(t, i + 1);
    if (!prev)
        return 0;
    for (size_t b = 0; b < sizeof child_before - 1;) {
        unsigned v;
        size_t k = tb_utf8_decode(child_before + b, sizeof child_before - 1 - b, &v);
        if (k == 0 || v == prev)
            return 0;
        b += k;
    }
    for (size_t b = 0; next && b < sizeof child_after - 1;) {
        unsigned v;
        size_t k = tb_utf8_decode(child_after + b, sizeof child_after - 1 - b, &v);
        if (k == 0 || v == next)
            return 0;
        b += k;
    }
    return 1;
}

/* Pass 2b: readings from the context for the characters no lexicon word
 * covers: 一/不 sandhi; 为 "is" before a number or a code (增速为负百分之三, 编码为零幺零,
 * 航班号为CA1105) wei2; an erhua 儿 er5;
 * 蒙 on a number plate (蒙A) meng3, the abbreviation of 内蒙古. */
static void sandhi(tokens *t)
{
    for (size_t i = t->n; i-- > 0;) {
        token *k = &t->v[i];
        if (k->kind != HAN || k->in_word)
            continue;
        if (k->cp == CP_WEI) {
            unsigned next = cp_at(t, i + 1);
            int code = i + 1 < t->n && t->v[i + 1].kind == LATIN; /* 为CA1105 */
            if (next == CP_MENG && i + 2 < t->n && t->v[i + 2].kind == LATIN)
                code = 1; /* 车牌号为蒙A */
            if (is_numeral(next) || next == 0x8D1F /* 负 */ || code ||
                (next == 0x767E && cp_at(t, i + 2) == 0x5206) /* 百分 */)
                k->syl = "wei2";
            continue;
        }
        if (k->cp == CP_DE && is_must(t, i)) {
            k->syl = "dei3";
            continue;
        }
        if (k->cp == CP_ER) {
            if (is_erhua(t, i))
                k->syl = "er5";
            continue;
        }
        if (k->cp == CP_MENG) {
            if (i + 1 < t->n && t->v[i + 1].kind == LATIN)
                k->syl = "meng3";
            continue;
        }
        if (k->cp != CP_YI && k->cp != CP_BU)
            continue;
        unsigned prev = i > 0 ? cp_at(t, i - 1) : 0, next = cp_at(t, i + 1);
        int tn = tone_at(t, i + 1);
        if (k->cp == CP_YI) {
            if (prev && prev == next && is_reduplicated_verb(prev))
                k->syl = "yi5"; /* 看一看, but not 零一零 or 积分一分之差 */
            else if (yi_is_number(t, i))
                k->syl = "yi1";
            else
                k->syl = tn == 4 || tn == 5 ? "yi2" : "yi4";
        } else {
            if (prev && prev == next)
                k->syl = "bu5"; /* 是不是, 能不能 */
            else
                k->syl = tn == 4 ? "bu2" : "bu4";
        }
    }
}

static int is_blank(const token *k)
{
    return k->kind == OTHER && (k->cp == ' ' || k->cp == '\t');
}

/* A Latin run, in English: all-capital words (up to 8 letters) spelt letter
 * by letter, the rest read as words; the first part starts a run, the others
 * are joined to it. */
static tb_status latin(tb_speech *sp, const char *s, size_t n)
{
    tb_status st = TB_OK;
    size_t i = 0;
    while (st == TB_OK && i < n) {
        size_t j = i;
        int upper = 1;
        while (j < n && is_latin((unsigned char)s[j])) {
            if (s[j] >= 'a')
                upper = 0;
            j++;
        }
        int spell = upper && j - i <= 8;
        if (j == i) { /* a joiner */
            j = i + 1;
            spell = 0;
        }
        const tb_run *last = tb_speech_last(sp);
        if (i == 0 || spell || last->spell)
            st = tb_speech_run(sp, TB_LANG_EN, spell, i > 0);
        if (st == TB_OK)
            st = tb_speech_add(sp, s + i, j - i);
        i = j;
    }
    return st;
}

/* The text of a Han or other token: a pinyin syllable set off by spaces from
 * letters, digits and Han, or the token's own bytes. */
static tb_status han_or_other(const tokens *t, size_t i, const char *s, int *prev_pinyin,
                              tb_speech *sp)
{
    const token *k = &t->v[i];
    tb_status st = TB_OK;
    if (k->kind == HAN && k->syl) {
        const token *pk = i > 0 ? &t->v[i - 1] : NULL;
        if (pk && (pk->kind == HAN || (pk->kind == OTHER && is_alnum(pk->cp))))
            st = tb_speech_add(sp, " ", 1);
        *prev_pinyin = 1;
        return st == TB_OK ? tb_speech_add(sp, k->syl, strlen(k->syl)) : st;
    }
    if (*prev_pinyin && (k->kind == HAN || (k->kind == OTHER && is_alnum(k->cp))))
        st = tb_speech_add(sp, " ", 1);
    *prev_pinyin = 0;
    if (st != TB_OK)
        return st;
    if (k->cp == 0xFFFD && k->len == 1)
        return tb_speech_add(sp, "\xEF\xBF\xBD", 3);
    return tb_speech_add(sp, s + k->off, k->len);
}

/* Pass 3: runs. Mandarin up to a Latin run; the Latin run in English; after
 * it, the blanks before the next Mandarin text in a run of their own (said by
 * nobody, kept so that the run boundaries are where the text breaks) and that
 * text in a new run. */
static tb_status emit(const tokens *t, const char *s, tb_speech *sp)
{
    tb_status st = TB_OK;
    int after_latin = 0, prev_pinyin = 0;
    for (size_t i = 0; i < t->n && st == TB_OK; i++) {
        const token *k = &t->v[i];
        if (k->kind == LATIN) {
            st = latin(sp, s + k->off, k->len);
            after_latin = 1;
            prev_pinyin = 0;
            continue;
        }
        const tb_run *last = tb_speech_last(sp);
        if (after_latin && !is_blank(k)) {
            st = tb_speech_run(sp, TB_LANG_ZH, 0, 0);
            after_latin = 0;
        } else if (!last || strcmp(last->lang, TB_LANG_ZH) != 0) {
            st = tb_speech_run(sp, TB_LANG_ZH, 0, 0);
        }
        if (st == TB_OK)
            st = han_or_other(t, i, s, &prev_pinyin, sp);
    }
    return st;
}

/* Passes 1 and 2: the tokens of spoken[0..len) with their readings. */
static tb_status read_tokens(const tb_lexicon *lx, const char *spoken, size_t len, tokens *t)
{
    tb_status st = tokenize(spoken, len, t);
    unsigned *cps = st == TB_OK && t->n ? malloc(t->n * sizeof *cps) : NULL;
    if (st == TB_OK && t->n && !cps)
        st = TB_ERR_NOMEM;
    if (st == TB_OK) {
        for (size_t i = 0; i < t->n; i++)
            cps[i] = t->v[i].kind == HAN ? t->v[i].cp : 0;
        match_words(lx, spoken, t, cps);
        sandhi(t);
    }
    free(cps);
    return st;
}

tb_status tb_lex_readings(const tb_lexicon *lx, const char *spoken, size_t len,
                          tb_lex_reading **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    tokens t = {0};
    tb_status st = read_tokens(lx, spoken, len, &t);
    size_t nh = 0;
    for (size_t i = 0; st == TB_OK && i < t.n; i++)
        nh += t.v[i].kind == HAN;
    tb_lex_reading *r = st == TB_OK && nh ? calloc(nh, sizeof *r) : NULL;
    unsigned *cps = st == TB_OK && nh ? malloc(t.n * sizeof *cps) : NULL;
    if (st == TB_OK && nh && (!r || !cps))
        st = TB_ERR_NOMEM;
    for (size_t i = 0; st == TB_OK && i < t.n; i++)
        cps[i] = t.v[i].kind == HAN ? t.v[i].cp : 0;
    for (size_t i = 0, j = 0; st == TB_OK && i < t.n; i++) {
        const token *k = &t.v[i];
        if (k->kind != HAN)
            continue;
        r[j] = (tb_lex_reading){k->off, k->len, k->cp, TB_LEX_BY_ENGINE, "", 0};
        r[j].how = k->by_name   ? TB_LEX_BY_NAME
                   : k->in_word ? TB_LEX_BY_WORD
                   : k->syl     ? TB_LEX_BY_RULE
                                : TB_LEX_BY_ENGINE;
        if (k->syl)
            snprintf(r[j].syl, sizeof r[j].syl, "%s", k->syl);
        r[j].name_len = (unsigned)tb_lex_name_len(cps, t.n, i);
        j++;
    }
    free(cps);
    free(t.v);
    if (st != TB_OK) {
        free(r);
        return st;
    }
    *out = r;
    *n = nh;
    return TB_OK;
}

tb_status tb_lex_speech(const tb_lexicon *lx, const char *spoken, size_t len, tb_speech **out)
{
    *out = NULL;
    tokens t = {0};
    tb_speech *sp = tb_speech_new();
    if (!sp)
        return TB_ERR_NOMEM;
    tb_status st = read_tokens(lx, spoken, len, &t);
    if (st == TB_OK)
        st = emit(&t, spoken, sp);
    free(t.v);
    if (st != TB_OK) {
        tb_speech_free(sp);
        return st;
    }
    *out = sp;
    return TB_OK;
}
