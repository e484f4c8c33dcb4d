/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * espeak_text.c — a sentence's speech (runs of one language, model/speech.h)
 * → what eSpeak NG is told: the only place that maps a language to an eSpeak
 * voice and writes SSML.
 *
 * English runs go to the stock voice "en", an all-capital word in
 * <say-as interpret-as="characters">. Mandarin runs go to the voice file
 * (voices/news: language cmn-latn-pinyin, which reads pinyin with tone
 * digits as written); the Mandarin after an English run is marked with that
 * voice's name, because eSpeak does not return to it by itself after
 * </voice>. The engine text of a sentence (tb_synth_engine_text) is all of it
 * in one SSML fragment; the script (tb_espeak_script) the same, cut at the
 * voice changes into one call each.
 */
#include <string.h>
#include <strings.h>

#include "synth/espeak.h"
#include "synth/synth_int.h"

#define VOICE_ENGLISH "en"
#define VOICE_MANDARIN "cmn-latn-pinyin"

static tb_status escaped(tb_buf *b, const char *s, size_t n)
{
    tb_status st = TB_OK;
    for (size_t i = 0; i < n && st == TB_OK; i++) {
        switch (s[i]) {
        case '<': st = tb_buf_adds(b, "&lt;"); break;
        case '>': st = tb_buf_adds(b, "&gt;"); break;
        case '&': st = tb_buf_adds(b, "&amp;"); break;
        case '"': st = tb_buf_adds(b, "&quot;"); break;
        default: st = tb_buf_addc(b, s[i]);
        }
    }
    return st;
}

static int is_english(const tb_run *r)
{
    return strcmp(r->lang, TB_LANG_EN) == 0;
}

/* Spaces and tabs only. */
static int spaces(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t')
            return 0;
    return 1;
}

/* One past the last run joined to run i. */
static size_t group_end(const tb_speech *sp, size_t i)
{
    size_t k = i + 1;
    while (k < sp->n_runs && sp->runs[k].joined)
        k++;
    return k;
}

/* The voice that says runs [i, group_end): "en", the Mandarin voice's name,
 * or NULL for text outside any voice tag (Mandarin before the first English
 * run, and the blanks right after one). */
static const char *group_voice(const tb_speech *sp, size_t i, int after_english)
{
    const tb_run *r = &sp->runs[i];
    if (is_english(r))
        return VOICE_ENGLISH;
    if (!after_english)
        return NULL;
    if (is_english(&sp->runs[i - 1]) && spaces(tb_run_text(sp, r), r->len))
        return NULL;
    return VOICE_MANDARIN;
}

/* The SSML body of runs [i, k): text escaped, spelt runs in say-as. */
static tb_status group_body(const tb_speech *sp, size_t i, size_t k, tb_buf *b)
{
    tb_status st = TB_OK;
    for (; i < k && st == TB_OK; i++) {
        const tb_run *r = &sp->runs[i];
        if (r->spell)
            st = tb_buf_adds(b, "<say-as interpret-as=\"characters\">");
        if (st == TB_OK)
            st = escaped(b, tb_run_text(sp, r), r->len);
        if (st == TB_OK && r->spell)
            st = tb_buf_adds(b, "</say-as>");
    }
    return st;
}

tb_status tb_synth_engine_text(const tb_speech *sp, char **out)
{
    *out = NULL;
    tb_buf b;
    tb_buf_init(&b, 0);
    tb_status st = TB_OK;
    int after_english = 0;
    for (size_t i = 0; i < sp->n_runs && st == TB_OK;) {
        size_t k = group_end(sp, i);
        const char *voice = group_voice(sp, i, after_english);
        if (voice)
            st = tb_buf_printf(&b, "<voice name=\"%s\">", voice);
        if (st == TB_OK)
            st = group_body(sp, i, k, &b);
        if (st == TB_OK && voice)
            st = tb_buf_adds(&b, "</voice>");
        after_english |= is_english(&sp->runs[i]);
        i = k;
    }
    if (st == TB_OK && !(*out = tb_buf_take(&b)))
        st = TB_ERR_NOMEM;
    tb_buf_free(&b);
    return st;
}

static int blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
            return 0;
    return 1;
}

tb_status tb_espeak_script(const tb_synth *sy, const tb_speech *sp, tb_buf *out)
{
    const tb_espeak_voice *v = sy->impl;
    tb_buf body;
    tb_buf_init(&body, 0);
    tb_status st = TB_OK;
    int after_english = 0;
    for (size_t i = 0; i < sp->n_runs && st == TB_OK;) {
        size_t k = group_end(sp, i);
        const char *voice = group_voice(sp, i, after_english);
        if (!voice || !strcasecmp(voice, v->language))
            voice = ""; /* the voice file: a run marked with its own language is ours */
        tb_buf_reset(&body);
        st = group_body(sp, i, k, &body);
        if (st == TB_OK && !blank(body.data ? body.data : "", body.len)) {
            st = tb_buf_add(out, voice, strlen(voice) + 1);
            if (st == TB_OK && body.len)
                st = tb_buf_add(out, body.data, body.len);
            if (st == TB_OK)
                st = tb_buf_addc(out, '\0');
        }
        after_english |= is_english(&sp->runs[i]);
        i = k;
    }
    tb_buf_free(&body);
    return st;
}
