/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pinyin_units.h — what eSpeak NG says, as pinyin syllables, and those
 * syllables as the units of MBROLA's Mandarin database cn1 (the MBROLA voice
 * family, docs/audio.md). Knows eSpeak's cmn phoneme spelling (from the table
 * scripts/derive-cmn-syllables makes) and cn1's inventory (probed with
 * `mbrola -e` on every initial-final pair of mbrola-cn1, release 2011-11),
 * but calls neither program. Pure functions; no allocation.
 */
#ifndef TB_PINYIN_UNITS_H
#define TB_PINYIN_UNITS_H

#include <stddef.h>

/* One spoken syllable: toneless pinyin ("zhong", "lv") and the tone letters
 * eSpeak gave it after its sandhi, as a number: 55, 35, 214, 21 (a third tone
 * not at the end), 51, 53 (a fourth before a fourth), 11/22/33/44 (neutral). */
typedef struct {
    char pinyin[8];
    int contour;
} tb_cmn_syllable;

/* The tone (1-4, 5 neutral) a contour stands for (0 if unknown). */
int tb_cmn_tone(int contour);

/* Decode a Mandarin phoneme trace (eSpeak's ASCII notation, as
 * espeak_SetPhonemeTrace writes it; stress marks, `_`, `|` and spaces are
 * ignored) into at most cap syllables. *n gets the count; returns the number
 * of trace characters that belong to no syllable (0 when all were read). */
size_t tb_cmn_decode(const char *trace, tb_cmn_syllable *out, size_t cap, size_t *n);

/* The cn1 units of a toneless pinyin syllable: *initial ("" when the syllable
 * starts with its final, else e.g. "zh", "gu", "bi") and *final ("ong").
 * Always a pair the database has (a rare syllable it lacks is said with the
 * nearest one it has); returns 1 when the pair is the syllable's own, 0 when
 * it is a substitute. Strings are static. */
int tb_cn1_units(const char *pinyin, const char **initial, const char **final);

#endif
