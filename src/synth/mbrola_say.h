/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mbrola_say.h — speak one run of engine text in the MBROLA voice family
 * (see mbrola_say.c). Uses eSpeak NG (it must be started, with the reader
 * voice set, and its audio callback must drop what it gets) and mbrola.
 */
#ifndef TB_MBROLA_SAY_H
#define TB_MBROLA_SAY_H

#include <stdint.h>

#include "synth/mbrola.h"

/* Speak text (a UTF-8 SSML body without <voice> runs): PCM to sink(ctx),
 * *made the samples. Statuses as tb_mbrola_speak. */
tb_status tb_mbrola_say(tb_mbrola *mb, const char *text, tb_synth_sink sink, void *ctx,
                        uint64_t *made);

#endif
