/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * prosody.h — tingbao's own Mandarin prosody for the MBROLA voice family:
 * syllables (pinyin + eSpeak's tone contour after sandhi) → an MBROLA .pho
 * text for cn1, with durations by tone and phrase position, F0 targets from
 * the tone letters, declination over the sentence, and pauses between
 * clauses. The model and its constants: docs/audio.md, "MBROLA voice".
 */
#ifndef TB_PROSODY_H
#define TB_PROSODY_H

#include <stddef.h>

#include "base/buf.h"
#include "synth/pinyin_units.h"

/* Bump when a change here, in prosody.c, pauses.c or pinyin_units.c changes
 * the audio: it is part of the key that lets a re-render keep a section. */
#define TB_PROSODY_REVISION 1

/* Pauses between the clauses of a sentence, by the punctuation that ends
 * the clause (the same for both voice families), in milliseconds. */
#define TB_PAUSE_ENUM_MS 220  /* 、 between the items of a list */
#define TB_PAUSE_COMMA_MS 380 /* ， */
#define TB_PAUSE_COLON_MS 480 /* ；： and a dash */

/* A syllable of a sentence, and the pause after it (0 inside a clause; at
 * the end of a clause the pause of its punctuation). */
typedef struct {
    tb_cmn_syllable s;
    int pause_ms;
} tb_pros_syl;

/* Append the .pho of one sentence (n syllables, n may be 0) to pho: one
 * sentence is one declination line, reset at the next call. */
tb_status tb_prosody_pho(const tb_pros_syl *syl, size_t n, tb_buf *pho);

/* The pause (ms) a clause that ends with UTF-8 punctuation p (the bytes
 * from p) gets; 0 when p is not clause punctuation. *len gets its length. */
int tb_prosody_pause(const char *p, size_t *len);

#endif
