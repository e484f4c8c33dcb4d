/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * split.c — a block's text → sentences of a bounded length (tb_segment_split,
 * see segment.h): stops, closing quotes and brackets, line ends, the cap.
 */
#include <stdint.h>
#include <string.h>

#include "base/utf8.h"
#include "parse/parse.h"
#include "segment/segment.h"

/* Marks that end a sentence wherever they stand. */
static int is_stop(unsigned cp)
{
    return cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == 0xFF1B || cp == 0x2026 ||
           cp == '!' || cp == '?' || cp == ';' || cp == 0xFF0E;
}

/* Marks where an over-long sentence may be cut: commas, colons, dashes, spaces. */
static int is_soft_break(unsigned cp)
{
    return cp == 0xFF0C || cp == 0x3001 || cp == 0xFF1A || cp == ',' || cp == ':' || cp == 0x2014 ||
           cp == 0xFF1B || tb_parse_is_space(cp);
}

static int is_ascii_alnum(unsigned cp)
{
    return (cp >= '0' && cp <= '9') || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z');
}

/* Something to say: a letter, a digit or a Han character, not only punctuation. */
static int speakable(const char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        unsigned cp;
        size_t k = tb_utf8_decode(s + i, len - i, &cp);
        if (!k)
            return 0;
        i += k;
        if (cp < 0x80) {
            if (is_ascii_alnum(cp))
                return 1;
            continue;
        }
        if (cp < 0xC0 || (cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F) ||
            (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF0F) ||
            (cp >= 0xFF1A && cp <= 0xFF20) || (cp >= 0xFF3B && cp <= 0xFF40) ||
            (cp >= 0xFF5B && cp <= 0xFF65))
            continue;
        return 1;
    }
    return 0;
}

static tb_status emit(const char *s, size_t len, tb_sentence_fn fn, void *ctx)
{
    s = tb_parse_trim(s, &len, NULL);
    if (len == 0 || !speakable(s, len))
        return TB_OK;
    return fn(s, len, ctx);
}

/* Emit s[0..len) in pieces of at most max characters: cut after the last
 * comma (or colon, dash, space) in the window when there is one past its
 * first third, else before a run of Latin letters or digits that would be
 * cut, else exactly at the limit. Each window is scanned once: linear. */
static tb_status emit_capped(const char *s, size_t len, size_t max, tb_sentence_fn fn, void *ctx)
{
    while (len > 0) {
        s = tb_parse_trim(s, &len, NULL);
        size_t i = 0, chars = 0, soft = 0, run_start = SIZE_MAX, run_chars = 0;
        unsigned prev = 0;
        while (i < len && chars < max) {
            unsigned cp;
            size_t k = tb_utf8_decode(s + i, len - i, &cp);
            if (!k)
                k = 1; /* cannot happen on clean input; never loop forever */
            int digit_comma = cp == ',' && prev >= '0' && prev <= '9' && i + k < len &&
                              s[i + k] >= '0' && s[i + k] <= '9';
            if (is_soft_break(cp) && !digit_comma && chars + 1 >= max / 3)
                soft = i + k;
            if (is_ascii_alnum(cp) || (cp == '.' && prev >= '0' && prev <= '9')) {
                if (run_start == SIZE_MAX) {
                    run_start = i;
                    run_chars = chars;
                }
            } else {
                run_start = SIZE_MAX;
            }
            prev = cp;
            i += k;
            chars++;
        }
        if (i >= len)
            return emit(s, len, fn, ctx);
        size_t cut = i;
        if (soft)
            cut = soft;
        else if (run_start != SIZE_MAX && run_chars >= max / 3 &&
                 is_ascii_alnum((unsigned char)s[i]))
            cut = run_start; /* do not cut 2021 into 20 and 21 */
        /* keep closing quotes and brackets with the piece they close */
        while (cut < len) {
            unsigned cp;
            size_t k = tb_utf8_decode(s + cut, len - cut, &cp);
            if (!k || !tb_parse_is_closer(cp) || cp == '"' || cp == '\'')
                break; /* (an ASCII quote after a comma more likely opens) */
            cut += k;
        }
        tb_status st = emit(s, cut, fn, ctx);
        if (st != TB_OK)
            return st;
        s += cut;
        len -= cut;
    }
    return TB_OK;
}

tb_status tb_segment_split(const char *text, size_t len, size_t max_chars, tb_sentence_fn fn,
                           void *ctx)
{
    size_t max = max_chars ? max_chars : TB_SENTENCE_MAX_CHARS;
    size_t start = 0, i = 0;
    unsigned prev = 0;
    int dq_open = 0; /* inside an ASCII "…" quotation: its '"' after a stop closes it */
    while (i < len) {
        unsigned cp;
        size_t k = tb_utf8_decode(text + i, len - i, &cp);
        if (!k)
            k = 1, cp = 0xFFFD;
        if (cp == '"')
            dq_open = !dq_open;
        size_t end = 0; /* where the sentence ends, if it ends here */
        size_t next = i + k;
        if (cp == '\n') {
            end = i;
        } else if (is_stop(cp) || (cp == '.' && !(prev >= '0' && prev <= '9') &&
                                   (next >= len || text[next] == ' ' || text[next] == '\n'))) {
            /* take the whole run of stops and the quotes or brackets they close */
            while (next < len) {
                unsigned c2;
                size_t k2 = tb_utf8_decode(text + next, len - next, &c2);
                if (!k2)
                    break;
                if (c2 == '"' || c2 == '\'') {
                    /* ASCII quotes open as well as close: only a '"' that closes an
                     * open quotation stays; an apostrophe never does */
                    if (c2 == '\'' || !dq_open)
                        break;
                    dq_open = 0;
                } else if (!(is_stop(c2) || tb_parse_is_closer(c2))) {
                    break;
                }
                next += k2;
            }
            end = next;
        }
        if (end || cp == '\n') {
            tb_status st = emit_capped(text + start, end - start, max, fn, ctx);
            if (st != TB_OK)
                return st;
            start = cp == '\n' ? i + 1 : next;
        }
        prev = cp;
        i = next;
    }
    return emit_capped(text + start, len - start, max, fn, ctx);
}
