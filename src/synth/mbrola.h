/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mbrola.h — the MBROLA voice family's sound: a voice description that
 * selects it, and the `mbrola` program run as a co-process on a pipe (.pho
 * text in, 16-bit mono PCM at 22050 Hz out). Only synth/ uses it.
 *
 * A voice description (voices/cmn-mbrola.voice) is a text file whose first
 * directive is `family mbrola`; `reader FILE` names the eSpeak NG voice file
 * (relative to the description) that reads the text, `database PATH` the
 * MBROLA database, `packages ...` what to install when it is missing.
 */
#ifndef TB_MBROLA_H
#define TB_MBROLA_H

#include <stdint.h>

#include "synth/synth.h"

typedef struct tb_mbrola tb_mbrola;

/* 1 when the file at path is a voice description of the MBROLA family (its
 * first directive is `family mbrola`), 0 otherwise (an eSpeak NG voice file,
 * or a file that cannot be read: loading it reports that). */
int tb_mbrola_described(const char *path);

/* Read the voice file at path. An eSpeak NG voice file (no `family mbrola`)
 * gives TB_OK with *out = NULL and *reader = NULL. A description gives a
 * handle (freed by tb_mbrola_free) and *reader, a new string for free(): the
 * eSpeak voice file's path. Fails at once (TB_ERR_SYNTH, a diag naming the
 * packages to install) when the mbrola program or the database is absent. */
tb_status tb_mbrola_open(const char *path, tb_mbrola **out, char **reader, tb_diag *diag);

void tb_mbrola_free(tb_mbrola *mb);

/* Speak one sentence's .pho text (len bytes) with a new mbrola process
 * reading it on a pipe: PCM to sink(ctx) as it comes, *made (may be NULL)
 * the samples made. MBROLA's messages (unknown diphones) go to stderr as
 * "tingbao: mbrola: ...". A sink status other than TB_OK stops and is
 * returned; the program failing is TB_ERR_SYNTH. */
tb_status tb_mbrola_speak(tb_mbrola *mb, const char *pho, size_t len, tb_synth_sink sink, void *ctx,
                          uint64_t *made);

#endif
