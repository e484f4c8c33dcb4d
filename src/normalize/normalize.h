/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * normalize.h — written Chinese text → its spoken form, as a newsreader says it:
 * numbers, dates, units, symbols and punctuation become Han characters (Latin
 * abbreviations stay Latin; the lexicon stage marks them for English).
 * A pure function of its input: no I/O, no globals.
 */
#ifndef TB_NORMALIZE_H
#define TB_NORMALIZE_H

#include <stddef.h>

#include "base/tb.h"

/* Spoken form of in[0..len) (UTF-8, one line). On success *out is a new
 * NUL-terminated string the caller frees with free(). */
tb_status tb_norm_text(const char *in, size_t len, char **out);

/* Is s[0..n) (ASCII letters, any case) one of the abbreviations the
 * normaliser knows to spell (gdp, CPI, nba …)? For `tingbao check`. */
int tb_norm_known_abbrev(const char *s, size_t n);

#endif
