/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * espeak.h — what the two files of the eSpeak NG back-end share (espeak.c:
 * the engine and its voice; espeak_text.c: speech → what eSpeak is told).
 * Internal to src/synth/.
 */
#ifndef TB_SYNTH_ESPEAK_H
#define TB_SYNTH_ESPEAK_H

#include "base/buf.h"
#include "model/speech.h"
#include "synth/synth.h"

/* The back-end's state (tb_synth.impl). */
typedef struct {
    char *voice_path;  /* what eSpeak is given: the user's path or our staged copy */
    char *staged_dir;  /* the private folder of the staged copy, or NULL */
    char language[64]; /* the voice file's `language`: a run marked with it is ours */
} tb_espeak_voice;

/* The script of one sentence (the back-end's `script`): for each call of
 * espeak_ng_Synthesize, the stock voice's name ("" for the voice file) NUL,
 * then the SSML text NUL. Calls whose text is blank are left out. */
tb_status tb_espeak_script(const tb_synth *sy, const tb_speech *sp, tb_buf *out);

#endif
