/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * names.h — the name model of the pronunciation stage (names.c): surnames
 * read differently when they start a personal name. Internal to src/lexicon/.
 */
#ifndef TB_LEX_NAMES_H
#define TB_LEX_NAMES_H

#include <stddef.h>

/* cps[0..n) are the code points of a line's tokens, 0 for a token that is
 * not a Han character (a pause, a Latin run, a digit). If the character at i
 * is a surname that starts a name there (names.c says when), its surname
 * reading (a static string: "shan4"); else NULL. */
const char *tb_lex_surname(const unsigned *cps, size_t n, size_t i);

/* The length in characters (surname and a given name of 0–2) of a name that
 * starts at i, by the same shape, with any of the commonest surnames or a
 * surname of tb_lex_surname; 0 if none (for `tingbao check`). */
size_t tb_lex_name_len(const unsigned *cps, size_t n, size_t i);

#endif
