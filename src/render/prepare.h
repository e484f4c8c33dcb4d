/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * prepare.h — runs the language stages over a whole edition: for every
 * sentence, `spoken` = normaliser(text) and `engine` = lexicon(spoken).
 */
#ifndef TB_PREPARE_H
#define TB_PREPARE_H

#include "model/edition.h"
#include "lexicon/lexicon.h"

/* Fill `spoken` and `engine` of every sentence (strings owned by the edition).
 * lx may be NULL. */
tb_status tb_edition_prepare(tb_edition *ed, const tb_lexicon *lx);

#endif
