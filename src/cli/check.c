/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * check.c — the places of a sentence whose reading tingbao is not sure of,
 * for `tingbao check`: figures with two plausible readings (21:15 a clock
 * time or a score, 1/4 a date or a fraction), Latin tokens (spelt or read as
 * a word; abbreviations never seen), personal names no lexicon holds, Han
 * polyphones no lexicon word decides, and characters the engine cannot say.
 * It asks the normaliser and the lexicon what they will do; it decides nothing.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "cli/check.h"
#include "normalize/normalize.h"

/* Characters with two or more common readings in news text that eSpeak picks
 * one of by default (the particles 的 了 着 地 得 are left out: eSpeak reads
 * them as particles, which is nearly always right). */
static const char POLYPHONES[] = "行长重还调省卡当传乐数处差血宿降薄量露便假空兴难藏干划强给"
                                 "参率角模扎削剥塞散扇盛冲挣恶折倒奔禁校尽哄吓泊坊畜创载称转"
                                 "沉佛缝哈圈卷壳炮漂曲丧挑帖吐鲜旋压咽晕择占涨";

void tb_findings_free(tb_findings *f)
{
    for (size_t i = 0; i < f->n; i++) {
        free(f->v[i].written);
        free(f->v[i].said);
        free(f->v[i].why);
        free(f->v[i].fix);
    }
    free(f->v);
    f->v = NULL;
    f->n = f->cap = 0;
}

static char *vfmt(const char *fmt, va_list ap)
{
    va_list aq;
    va_copy(aq, ap);
    int n = vsnprintf(NULL, 0, fmt, aq);
    va_end(aq);
    char *s = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (s)
        vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

static char *fmt(const char *f, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
static char *fmt(const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    char *s = vfmt(f, ap);
    va_end(ap);
    return s;
}

/* Append a finding; takes written, said, why and fix (freed on failure). */
static tb_status add(tb_findings *out, int risk, const char *kind, size_t off, char *written,
                     char *said, char *why, char *fix)
{
    tb_status st = written && said && why && fix ? TB_OK : TB_ERR_NOMEM;
    void *v = out->v;
    if (st == TB_OK && tb_grow(&v, &out->cap, out->n, sizeof *out->v, 16) != TB_OK)
        st = TB_ERR_NOMEM;
    if (st != TB_OK) {
        free(written);
        free(said);
        free(why);
        free(fix);
        return st;
    }
    out->v = v;
    out->v[out->n++] = (tb_finding){risk, kind, written, said, why, fix, off, 0, 0};
    return TB_OK;
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* The spoken form of s (NUL-terminated), after prefix (which is then cut
 * off again when the normaliser kept it); NULL on failure. */
static char *say(const char *prefix, const char *s)
{
    char *in = fmt("%s%s", prefix, s), *out = NULL;
    if (!in || tb_norm_text(in, strlen(in), &out) != TB_OK) {
        free(in);
        return NULL;
    }
    free(in);
    size_t pl = strlen(prefix);
    if (pl && strncmp(out, prefix, pl) == 0)
        memmove(out, out + pl, strlen(out + pl) + 1);
    return out;
}

/* 21:15 (clock or score) and 1/4 (fraction or date) at text[i..]: one
 * finding naming the reading the normaliser chose and the other one. */
static tb_status figure_at(const char *text, size_t i, size_t e, const char *spoken,
                           tb_findings *out)
{
    char tok[16];
    snprintf(tok, sizeof tok, "%.*s", (int)(e - i), text + i);
    int colon = strchr(tok, ':') != NULL;
    int a = atoi(tok), b = atoi(strpbrk(tok, ":/") + 1);
    char *one = say("", tok);
    char *two = colon ? say("比分", tok) : fmt("%d月%d日", a, b);
    tb_status st = one && two ? TB_OK : TB_ERR_NOMEM;
    if (st == TB_OK) {
        const char *name1 = colon ? "a clock time" : "a fraction",
                   *name2 = colon ? "a score" : "a date";
        int first = strstr(spoken, one) != NULL || !strstr(spoken, two);
        if (!colon && (a < 1 || a > 12 || b < 1 || b > 31))
            goto done; /* cannot be a date */
        st = add(
            out, 3, "figure", i, strdup(tok), strdup(first ? one : two),
            fmt("'%s' may be %s (%s) or %s (%s); it will be read as %s", tok, name1, one, name2,
                two, first ? name1 : name2),
            fmt("write it unambiguously: %s", colon ? "21时15分 or 21比15" : "1月4日 or 四分之一"));
    }
done:
    free(one);
    free(two);
    return st;
}

static tb_status figures(const char *text, const char *spoken, tb_findings *out)
{
    size_t n = strlen(text);
    tb_status st = TB_OK;
    for (size_t i = 0; i < n && st == TB_OK; i++) {
        if (!is_digit(text[i]) || (i > 0 && (is_digit(text[i - 1]) || strchr(":/.", text[i - 1]))))
            continue;
        size_t j = i;
        while (j < n && is_digit(text[j]))
            j++;
        if (j - i > 2 || j >= n || (text[j] != ':' && text[j] != '/'))
            continue;
        size_t k = j + 1;
        while (k < n && is_digit(text[k]))
            k++;
        size_t dk = k - j - 1;
        if (dk < 1 || dk > 2 || (k < n && (strchr(":/.", text[k]) || is_digit(text[k]))))
            continue;
        if (text[j] == ':' && dk != 2)
            continue;
        st = figure_at(text, i, k, spoken, out);
        i = k;
    }
    return st;
}

/* Where s[0..n) first occurs in text, or 0. */
static size_t find_off(const char *text, const char *s, size_t n)
{
    for (const char *p = text; n && *p; p++)
        if (strncmp(p, s, n) == 0)
            return (size_t)(p - text);
    return 0;
}

/* Latin runs: how each will be said (spelt, or read as an English word). */
static tb_status latin(const char *text, const tb_speech *sp, tb_findings *out)
{
    tb_status st = TB_OK;
    for (size_t i = 0; i < sp->n_runs && st == TB_OK; i++) {
        const tb_run *r = &sp->runs[i];
        const char *s = tb_run_text(sp, r);
        if (strcmp(r->lang, TB_LANG_EN) != 0 || r->len < 1 ||
            !((s[0] | 0x20) >= 'a' && (s[0] | 0x20) <= 'z'))
            continue;
        int known = tb_norm_known_abbrev(s, r->len);
        char *w = fmt("%.*s", (int)r->len, s);
        size_t off = find_off(text, s, r->len);
        if (r->spell)
            st = add(out, known ? 1 : 3, known ? "latin" : "abbreviation", off, w,
                     fmt("spelt in English: %.*s", (int)r->len, s),
                     fmt(known ? "a known abbreviation, spelt letter by letter"
                               : "an abbreviation never seen: it will be spelt letter by letter"),
                     fmt(known ? "" : "if it is said as a word, write it in lower case (%.*s)",
                         (int)r->len, s));
        else
            st = add(out, 2, "latin", off, w, fmt("read as an English word: %.*s", (int)r->len, s),
                     fmt("a Latin word: the English voice reads it as a word"),
                     fmt("if it should be spelt, write it in capitals"));
    }
    return st;
}

static int is_poly(unsigned cp)
{
    return tb_utf8_has(POLYPHONES, cp);
}

/* "单丽华" and "shan4 ?? ??": the characters of r[0..m) and their readings
 * (?? where the engine decides). */
static tb_status han_and_pinyin(const char *spoken, const tb_lex_reading *r, size_t m, char **han,
                                char **pin)
{
    size_t bytes = r[m - 1].off + r[m - 1].len - r[0].off;
    *han = fmt("%.*s", (int)bytes, spoken + r[0].off);
    *pin = calloc(m, 9);
    if (!*han || !*pin)
        return TB_ERR_NOMEM;
    for (size_t i = 0; i < m; i++) {
        if (i)
            strcat(*pin, " ");
        strcat(*pin, r[i].syl[0] ? r[i].syl : "??");
    }
    return TB_OK;
}

static tb_status name_at(const tb_lexicon *lx, const char *text, const char *spoken,
                         const tb_lex_reading *r, size_t m, tb_findings *out)
{
    char *han = NULL, *pin = NULL, buf[256];
    tb_status st = han_and_pinyin(spoken, r, m, &han, &pin);
    if (st != TB_OK || (lx && tb_lex_lookup(lx, han, buf, sizeof buf))) {
        free(han);
        free(pin);
        return st;
    }
    int risk = r[0].how == TB_LEX_BY_NAME ? 2 : 1;
    for (size_t i = 0; i < m; i++)
        if (r[i].how == TB_LEX_BY_ENGINE && is_poly(r[i].cp))
            risk = 2;
    size_t off = find_off(text, han, strlen(han));
    st = add(out, risk, "name", off, strdup(han), fmt("%s (%s)", han, pin),
             fmt(r[0].how == TB_LEX_BY_NAME
                     ? "a name in no lexicon: the surname takes its surname reading (%s)"
                     : "a name in no lexicon: its characters are read as in words%s",
                 r[0].how == TB_LEX_BY_NAME ? r[0].syl : ""),
             fmt("add to a house lexicon: %s\t%s (write the ?? syllables)", han, pin));
    free(han);
    free(pin);
    return st;
}

static tb_status han_at(const char *text, const char *spoken, const tb_lex_reading *r, size_t n,
                        size_t j, tb_check_knows knows, void *kctx, tb_findings *out)
{
    const tb_lex_reading *k = &r[j];
    /* the word around it: the neighbours that touch it */
    size_t a = j > 0 && r[j - 1].off + r[j - 1].len == k->off ? j - 1 : j;
    size_t b = j + 1 < n && k->off + k->len == r[j + 1].off ? j + 1 : j;
    size_t bytes = r[b].off + r[b].len - r[a].off;
    char *ctx = fmt("%.*s", (int)bytes, spoken + r[a].off);
    if (!ctx)
        return TB_ERR_NOMEM;
    size_t off = find_off(text, ctx, bytes);
    if (!off && strncmp(text, ctx, bytes) != 0)
        off = find_off(text, spoken + k->off, k->len);
    tb_status st = TB_OK;
    if (knows && !knows(k->cp, kctx))
        st =
            add(out, 3, "char", off, fmt("%.*s", (int)k->len, spoken + k->off),
                fmt("%.*s (eSpeak: no reading)", (int)k->len, spoken + k->off),
                fmt("eSpeak NG has no reading for this character: it would be skipped"),
                fmt("add to a house lexicon: %.*s\t?? (its pinyin)", (int)k->len, spoken + k->off));
    else if (is_poly(k->cp))
        st = add(out, 2, "polyphone", off, fmt("%.*s", (int)k->len, spoken + k->off),
                 fmt("%.*s in %s: eSpeak's default reading", (int)k->len, spoken + k->off, ctx),
                 fmt("a polyphone no lexicon word decides: eSpeak picks its usual reading"),
                 fmt("if it is misread, add the word it belongs to: tingbao lexicon add WORD "
                     "'pin1 yin1'"));
    free(ctx);
    return st;
}

static tb_status readings(const tb_lexicon *lx, const char *text, const char *spoken,
                          tb_check_knows knows, void *kctx, tb_findings *out)
{
    tb_lex_reading *r = NULL;
    size_t n = 0;
    tb_status st = tb_lex_readings(lx, spoken, strlen(spoken), &r, &n);
    size_t name_end = 0;
    for (size_t j = 0; st == TB_OK && j < n; j++) {
        if (r[j].name_len && j >= name_end && j + r[j].name_len <= n) {
            st = name_at(lx, text, spoken, r + j, r[j].name_len, out);
            name_end = j + r[j].name_len;
            continue;
        }
        if (j < name_end || r[j].how != TB_LEX_BY_ENGINE)
            continue;
        st = han_at(text, spoken, r, n, j, knows, kctx, out);
    }
    free(r);
    return st;
}

tb_status tb_check_sentence(const tb_lexicon *lx, const char *text, const char *spoken,
                            tb_check_knows knows, void *kctx, tb_findings *out)
{
    tb_status st = figures(text, spoken, out);
    tb_speech *sp = NULL;
    if (st == TB_OK)
        st = tb_lex_speech(lx, spoken, strlen(spoken), &sp);
    if (st == TB_OK)
        st = latin(text, sp, out);
    tb_speech_free(sp);
    if (st == TB_OK)
        st = readings(lx, text, spoken, knows, kctx, out);
    return st;
}
