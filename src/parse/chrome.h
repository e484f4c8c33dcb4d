/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * chrome.h — is this line of a page navigation or page furniture ("chrome")?
 * One scorer for every parser (e-paper text, Markdown, HTML text blocks): it
 * adds up many weak signals instead of trusting one threshold each, so that
 * chrome of sites it has never seen is still recognised:
 *
 *   - the line's items (split at spaces and at navigation separators
 *     > › » | ｜ / ＞, brackets 【】[] stripped) are words of the UI vocabulary
 *     (lexicon/chrome/ui.tsv, compiled into chrome_words.c): +2 when they
 *     make up at least half the characters, +1 for any (list words such as
 *     相关新闻 do not count: the caller decides by what follows them);
 *   - navigation separators between at least two short items (≤ 8
 *     characters each): +2;
 *   - a field label opening an item and followed by a colon (责任编辑：…,
 *     来源：…, 当前位置：…): +2;  a mark anywhere in an item (ICP备, ©): +2;
 *   - a page label (第04版, A05版, 04版) as an item: +1;  no Han at all: +2;
 *   - what the caller knows about the line's place (tb_chrome_where): +1
 *     when it stands before the headline or after the last prose, +3 when it
 *     repeats the headline, +2 when it is one of a run of short titled lines
 *     (a list of links).
 * A line that is a sentence (Han text ending in 。！？…) scores 0: it is never
 * chrome. A line is chrome at TB_CHROME_THRESHOLD or more. Pure functions of
 * their arguments; thread-safe.
 */
#ifndef TB_CHROME_H
#define TB_CHROME_H

#include <stddef.h>

typedef enum {
    TB_CHROME_UI,      /* a control or navigation link */
    TB_CHROME_LABEL,   /* a field label, chrome when a colon follows it */
    TB_CHROME_LIST,    /* announces a list of other headlines (相关新闻) */
    TB_CHROME_GENERIC, /* a generic part of a site (电子报): never a paper's name */
    TB_CHROME_MARK     /* chrome wherever it stands inside an item (ICP备) */
} tb_chrome_class;

typedef struct {
    const char *word;
    tb_chrome_class cls;
} tb_chrome_word;

/* The vocabulary, sorted by bytes (chrome_words.c, generated). */
extern const tb_chrome_word tb_chrome_words[];
extern const unsigned long tb_chrome_n_words;

/* Where the line stands, as the caller knows it (flags, or'ed). */
enum {
    TB_CHROME_OUTSIDE = 1, /* before the headline or after the last prose */
    TB_CHROME_REPEAT = 2,  /* repeats the headline */
    TB_CHROME_LINKS = 4    /* one of a run of short titled lines */
};

#define TB_CHROME_THRESHOLD 2

/* The chrome score of s[0..len) (trimmed UTF-8) placed as `where` says. */
int tb_chrome_score(const char *s, size_t len, unsigned where);

/* tb_chrome_score(...) >= TB_CHROME_THRESHOLD. */
int tb_chrome_is(const char *s, size_t len, unsigned where);

/* The class of the whole of s[0..len) as one vocabulary word, or -1. */
int tb_chrome_word_class(const char *s, size_t len);

/* If the chrome line s[0..len) names the paper (an item of 2–12 characters
 * ending in 报, not a generic word: 内蒙古日报, 清河县报), copy the last such
 * item into out (NUL-terminated, at most size-1 bytes) and return 1. */
int tb_chrome_paper(const char *s, size_t len, char *out, size_t size);

/* If the chrome line s[0..len) holds a page label (第04版, A05版, 04版), copy
 * the first one into out and return 1. */
int tb_chrome_page(const char *s, size_t len, char *out, size_t size);

#endif
