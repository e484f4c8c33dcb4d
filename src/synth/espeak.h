/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * espeak.h — what the files that drive eSpeak NG share (espeak.c: the engine
 * and its voice; espeak_text.c: speech → what eSpeak is told; mbrola_say.c:
 * the MBROLA family, whose reader is an eSpeak voice). Internal to src/synth/.
 */
#ifndef TB_SYNTH_ESPEAK_H
#define TB_SYNTH_ESPEAK_H

#include <stdio.h>

#include "base/buf.h"
#include "model/speech.h"
#include "synth/synth.h"

/* A voice file loaded into the engine (the eSpeak back-end's tb_synth.impl;
 * the reader of the MBROLA family). Its fields are owned by it. */
typedef struct {
    char *voice_path;  /* what eSpeak is given: the user's path or our staged copy */
    char *staged_dir;  /* the private folder of the staged copy, or NULL */
    char language[64]; /* the voice file's `language`: a run marked with it is ours */
} tb_espeak_voice;

/* Start the engine if it is not yet, load the voice file at voice_path into
 * v (zeroed by the caller), set sy->rate, and route the engine's audio to
 * tb_synth_pcm(sy). Errors as tb_synth_new; on failure v holds nothing. */
tb_status tb_espeak_load(tb_synth *sy, tb_espeak_voice *v, const char *voice_path, tb_diag *diag);

/* Give back what tb_espeak_load made (not v itself); the engine's audio goes
 * nowhere after. */
void tb_espeak_unload(const tb_synth *sy, tb_espeak_voice *v);

/* The script of one sentence: for each call of espeak_ng_Synthesize, the
 * stock voice's name ("" for the voice file v) NUL, then the SSML text NUL.
 * Calls whose text is blank are left out. Appended to out. */
tb_status tb_espeak_script(const tb_espeak_voice *v, const tb_speech *sp, tb_buf *out);

/* The call of a script at *p (before end): *voice and *text point into the
 * script (NUL-terminated there); *p moves past it. 1 for a call, 0 at the
 * end, -1 when the bytes are not a script. */
int tb_espeak_call(const char **p, const char *end, const char **voice, const char **text);

/* Say every call of a script with v as the voice file; PCM through
 * tb_synth_pcm. trace (may be NULL) gets the phonemes, and "[voice] " before
 * calls of another voice. v is current again afterwards. */
tb_status tb_espeak_say(tb_synth *sy, const tb_espeak_voice *v, const char *script, size_t len,
                        FILE *trace);

#endif
