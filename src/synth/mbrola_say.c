/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mbrola_say.c — one Mandarin run in the MBROLA voice family: eSpeak NG
 * reads it (a synthesis whose audio is thrown away, with the phoneme trace
 * on, clause by clause), the trace becomes pinyin syllables with eSpeak's
 * tones after sandhi (pinyin_units), tingbao's prosody makes the .pho
 * (prosody), and mbrola speaks it (mbrola). The caller (synth.c) has set the
 * reader voice and stops its own audio callback from passing PCM on.
 */
#define _GNU_SOURCE
#include <espeak-ng/espeak_ng.h>
#include <espeak-ng/speak_lib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "synth/mbrola.h"
#include "synth/mbrola_say.h"
#include "synth/prosody.h"

/* eSpeak's phonemes of text[0, len), appended to trace. */
static tb_status trace_clause(const char *text, size_t len, tb_buf *trace)
{
    char *mem = NULL;
    size_t mlen = 0;
    FILE *f = open_memstream(&mem, &mlen);
    char *copy = strndup(text, len);
    if (!f || !copy) {
        if (f)
            fclose(f);
        free(mem);
        free(copy);
        return TB_ERR_NOMEM;
    }
    espeak_SetPhonemeTrace(espeakPHONEMES_SHOW, f);
    espeak_ng_STATUS es = espeak_ng_Synthesize(copy, len + 1, 0, POS_CHARACTER, 0,
                                               espeakCHARS_UTF8 | espeakSSML, NULL, NULL);
    espeak_SetPhonemeTrace(0, NULL);
    free(copy);
    int bad = fclose(f) != 0;
    tb_status st = es != ENS_OK ? TB_ERR_SYNTH : bad ? TB_ERR_NOMEM : TB_OK;
    if (st == TB_OK && mem)
        st = tb_buf_add(trace, mem, mlen);
    free(mem);
    return st;
}

/* Add the syllables of one clause's trace, the last one followed by pause_ms. */
static tb_status add_syllables(const char *trace, int pause_ms, tb_pros_syl **syl, size_t *n,
                               size_t *cap)
{
    size_t want = strlen(trace) / 2 + 1, got = 0; /* a syllable has 2+ characters */
    if (*n + want > *cap) {
        size_t ncap = (*n + want) * 2;
        tb_pros_syl *g = realloc(*syl, ncap * sizeof *g);
        if (!g)
            return TB_ERR_NOMEM;
        *syl = g;
        *cap = ncap;
    }
    tb_cmn_syllable *tmp = calloc(want, sizeof *tmp);
    if (!tmp)
        return TB_ERR_NOMEM;
    size_t unknown = tb_cmn_decode(trace, tmp, want, &got);
    if (unknown)
        fprintf(stderr, "tingbao: mbrola voice: %zu phoneme characters not read as pinyin in %s\n",
                unknown, trace);
    for (size_t i = 0; i < got; i++) {
        (*syl)[*n + i].s = tmp[i];
        (*syl)[*n + i].pause_ms = i + 1 == got ? pause_ms : 0;
    }
    if (!got && *n && pause_ms > (*syl)[*n - 1].pause_ms)
        (*syl)[*n - 1].pause_ms = pause_ms;
    *n += got;
    free(tmp);
    return TB_OK;
}

tb_status tb_mbrola_say(tb_mbrola *mb, const char *text, tb_synth_sink sink, void *ctx,
                        uint64_t *made)
{
    tb_pros_syl *syl = NULL;
    size_t n = 0, cap = 0;
    tb_buf trace, pho;
    tb_buf_init(&trace, 0);
    tb_buf_init(&pho, 0);
    tb_status st = TB_OK;
    const char *start = text;
    int in_tag = 0; /* no clause ends inside SSML markup (an xml:lang="…") */
    for (const char *p = text; st == TB_OK;) {
        size_t plen = 0;
        in_tag = *p == '<' ? 1 : *p == '>' ? 0 : in_tag;
        int pause = *p && !in_tag ? tb_prosody_pause(p, &plen) : 0;
        if (*p && !pause) {
            p++;
            continue;
        }
        const char *end = p + plen; /* the clause keeps its punctuation */
        tb_buf_reset(&trace);
        if (end > start)
            st = trace_clause(start, (size_t)(end - start), &trace);
        if (st == TB_OK && trace.len)
            st = add_syllables(trace.data, pause, &syl, &n, &cap);
        if (!*p)
            break;
        start = p = end;
    }
    if (st == TB_OK)
        st = tb_prosody_pho(syl, n, &pho);
    if (st == TB_OK)
        st = tb_mbrola_speak(mb, pho.data, pho.len, sink, ctx, made);
    if (getenv("TINGBAO_MBROLA_PHO")) /* bench/tones: the syllables and their timing */
        fprintf(stderr, "%s#\n", pho.data ? pho.data : "");
    free(syl);
    tb_buf_free(&trace);
    tb_buf_free(&pho);
    return st;
}
