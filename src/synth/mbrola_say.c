/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mbrola_say.c — the MBROLA family's back-end (synth_int.h): the voice is a
 * description (mbrola.h) naming an eSpeak NG voice file, the reader. A
 * script is the eSpeak back-end's (espeak.h); its calls in another voice
 * (English) are said by eSpeak. A call in the reader is read by eSpeak NG
 * (a synthesis with the phoneme trace on, clause by clause, the sink set
 * aside: nobody hears it), the trace becomes pinyin syllables with eSpeak's
 * tones after sandhi (pinyin_units), tingbao's prosody makes the .pho
 * (prosody), and mbrola speaks it (mbrola), its PCM as it comes.
 */
#define _GNU_SOURCE
#include <espeak-ng/espeak_ng.h>
#include <espeak-ng/speak_lib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "synth/espeak.h"
#include "synth/mbrola.h"
#include "synth/prosody.h"
#include "synth/synth_int.h"

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

/* The syllables eSpeak reads in text (an SSML body) into *syl (n of them),
 * clause by clause, the last of a clause followed by its pause. */
static tb_status read_syllables(const char *text, tb_pros_syl **syl, size_t *n)
{
    size_t cap = 0;
    tb_buf trace;
    tb_buf_init(&trace, 0);
    tb_status st = TB_OK;
    const char *start = text;
    /* cppcheck-suppress variableScope ; it carries over from one character to the next */
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
            st = add_syllables(trace.data, pause, syl, n, &cap);
        if (!*p)
            break;
        start = p = end;
    }
    tb_buf_free(&trace);
    return st;
}

/* mbrola's PCM: its pauses are prosody's already. */
static tb_status to_synth(const int16_t *pcm, size_t n, void *ctx)
{
    return tb_synth_pcm_as_is(ctx, pcm, n);
}

/* One call in the reader voice: eSpeak reads text, mbrola speaks it. */
static tb_status say_mandarin(tb_synth *sy, tb_mbrola *mb, const tb_espeak_voice *reader,
                              const char *text)
{
    tb_pros_syl *syl = NULL;
    size_t n = 0;
    tb_buf pho;
    tb_buf_init(&pho, 0);
    tb_status st = tb_synth_aside(sy, 1); /* eSpeak's reading is not heard */
    if (st == TB_OK && espeak_ng_SetVoiceByFile(reader->voice_path) != ENS_OK)
        st = TB_ERR_SYNTH;
    if (st == TB_OK)
        st = read_syllables(text, &syl, &n);
    tb_status back = tb_synth_aside(sy, 0);
    if (st == TB_OK)
        st = back;
    if (st == TB_OK)
        st = tb_prosody_pho(syl, n, &pho);
    if (st == TB_OK)
        st = tb_mbrola_speak(mb, pho.data, pho.len, to_synth, sy, NULL);
    if (getenv("TINGBAO_MBROLA_PHO")) /* bench/tones: the syllables and their timing */
        fprintf(stderr, "%s#\n", pho.data ? pho.data : "");
    free(syl);
    tb_buf_free(&pho);
    return st;
}

/* The back-end: tb_synth.impl is a mbrola_voice. */
typedef struct {
    tb_espeak_voice reader; /* the eSpeak NG voice file that reads */
    tb_mbrola *mb;          /* the program and database that speak */
} mbrola_voice;

static tb_status mbrola_open(tb_synth *sy, const char *voice_path, tb_diag *diag)
{
    mbrola_voice *v = calloc(1, sizeof *v);
    if (!v)
        return TB_ERR_NOMEM;
    char *reader = NULL;
    tb_status st = tb_mbrola_open(voice_path, &v->mb, &reader, diag);
    if (st == TB_OK && !v->mb) {
        tb_diag_set(diag, voice_path, 0, 0, "not a voice description of the MBROLA family");
        st = TB_ERR_SYNTH;
    }
    if (st == TB_OK)
        st = tb_espeak_load(sy, &v->reader, reader, diag);
    free(reader);
    if (st != TB_OK) {
        tb_mbrola_free(v->mb);
        free(v);
        return st;
    }
    sy->impl = v;
    return TB_OK;
}

static void mbrola_close(tb_synth *sy)
{
    mbrola_voice *v = sy->impl;
    if (!v)
        return;
    tb_espeak_unload(sy, &v->reader);
    tb_mbrola_free(v->mb);
    free(v);
    sy->impl = NULL;
}

static tb_status mbrola_script(const tb_synth *sy, const tb_speech *sp, tb_buf *out)
{
    const mbrola_voice *v = sy->impl;
    return tb_espeak_script(&v->reader, sp, out);
}

static tb_status mbrola_say(tb_synth *sy, const char *script, size_t len, FILE *trace)
{
    mbrola_voice *v = sy->impl;
    if (trace) /* the phonemes: eSpeak's, as the reader reads them */
        return tb_espeak_say(sy, &v->reader, script, len, trace);
    tb_status st = TB_OK;
    const char *p = script, *end = script + len, *voice, *text;
    int got;
    while (st == TB_OK && (got = tb_espeak_call(&p, end, &voice, &text)) != 0) {
        if (got < 0)
            st = TB_ERR_SYNTH; /* not a script of ours */
        else if (voice[0])     /* another voice (English): eSpeak says it */
            st = tb_espeak_say(sy, &v->reader, voice, (size_t)(p - voice), NULL);
        else
            st = say_mandarin(sy, v->mb, &v->reader, text);
    }
    return st;
}

const tb_synth_backend tb_synth_mbrola = {"mbrola", mbrola_open, mbrola_close, mbrola_script,
                                          mbrola_say};
