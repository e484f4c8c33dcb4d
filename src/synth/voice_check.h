/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * voice_check.h — an eSpeak NG voice file checked before eSpeak reads it.
 * eSpeak takes any file: a binary one floods stderr ("Bad voice attribute")
 * and stdout ("Invalid phoneme code"), an unknown phoneme table does the same
 * at every sentence, and some values out of range (an echo of 99999 ms, a
 * tone of 9999999 Hz) crash it. So tingbao accepts only a voice file it can
 * vouch for: UTF-8 text of at most TB_VOICE_MAX_BYTES, "//" comments, one
 * known attribute per line (the attributes of eSpeak NG's docs/voices.md)
 * with the right number of integer arguments, each within the range below,
 * and a phoneme table and dictionary that the installed eSpeak NG data has.
 * The table in voice_check.c says each attribute's values, e.g.
 *   pitch BASE RANGE (Hz 0-1000) · speed PERCENT (10-1000) · words 0-100
 *   formant N (0-8) then up to 4 figures -1000..3000 · tone up to 12 figures
 *   0-10000 · echo DELAY (ms, 0-500: eSpeak NG 1.51 at 22 050 Hz fails from
 *   600 on, measured, and crashes at 99999) AMP (0-500) · stressLength/Amp/Add up
 *   to 12 figures -1000..1000
 * The stock voices (espeak-ng-data/voices, lang) pass but for those whose
 * echo eSpeak itself cannot render for us (10000 ms).
 */
#ifndef TB_VOICE_CHECK_H
#define TB_VOICE_CHECK_H

#include "base/tb.h"

#define TB_VOICE_MAX_BYTES (64 * 1024)

/* Check the voice file at path against the eSpeak NG data in data_dir (its
 * phontab and *_dict files; NULL: those checks are left out). TB_OK, or
 * TB_ERR_INPUT with "FILE:LINE: what is wrong" in diag (TB_ERR_IO when it
 * cannot be read, TB_ERR_TOO_BIG past the size limit). */
tb_status tb_voice_check(const char *path, const char *data_dir, tb_diag *diag);

#endif
