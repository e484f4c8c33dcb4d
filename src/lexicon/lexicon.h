/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * lexicon.h — the pronunciation stage: spoken text → engine text.
 * Words found in the lexicon (longest match) are replaced by their pinyin with
 * tone digits, 一 and 不 get their sandhi tone, and runs of Latin letters are
 * wrapped so that eSpeak reads them in English and comes back to Mandarin.
 * The result is an SSML fragment (body only, XML-escaped) for the
 * cmn-latn-pinyin voice.
 */
#ifndef TB_LEXICON_H
#define TB_LEXICON_H

#include <stddef.h>

#include "tb.h"

typedef struct tb_lexicon tb_lexicon;

/* A new empty lexicon; NULL on allocation failure. */
tb_lexicon *tb_lex_new(void);
void tb_lex_free(tb_lexicon *lx);

/* Add the entries of a lexicon file (WORD<TAB>pin1 yin1 per line, '#' comments).
 * Later entries replace earlier ones for the same word. A bad line gives
 * TB_ERR_LEXICON with file and line in diag. */
tb_status tb_lex_load_file(tb_lexicon *lx, const char *path, tb_diag *diag);

/* Load every *.tsv file of a folder, in name order. */
tb_status tb_lex_load_dir(tb_lexicon *lx, const char *dir, tb_diag *diag);

/* Engine text for one spoken line. lx may be NULL (no lexicon: only sandhi
 * and language marking). *out is a new string the caller frees with free(). */
tb_status tb_lex_engine_text(const tb_lexicon *lx, const char *spoken, size_t len, char **out);

#endif
