/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * check.h — the proof-listening list of `tingbao check` (check.c finds,
 * cmd_check.c reads the report and prints): every place of one sentence whose
 * reading the program is not sure of.
 *
 * Ownership: a tb_findings owns its findings and all their strings;
 * tb_findings_free releases them.
 */
#ifndef TB_CLI_CHECK_H
#define TB_CLI_CHECK_H

#include <stddef.h>

#include "base/tb.h"
#include "lexicon/lexicon.h"

/* Risk: 3 a wrong reading is likely, 2 possible (both count as risky for
 * --strict), 1 worth a listen. */
typedef struct {
    int risk;
    const char *kind; /* static: "figure", "abbreviation", "latin", "name", "polyphone", "char" */
    char *written;    /* the text as written */
    char *said;       /* what will be said: Han and pinyin, or the English */
    char *why;
    char *fix;        /* how to fix it (a lexicon line to add), or "" */
    size_t off;       /* byte offset of `written` in the sentence's written text */
    size_t line, col; /* filled by the caller: the place in the source */
} tb_finding;

typedef struct {
    tb_finding *v;
    size_t n, cap;
} tb_findings;

void tb_findings_free(tb_findings *f);

/* Is the Han character cp known to the engine? Asked once per character;
 * returns 1 when it is, 0 when the engine has no reading for it. */
typedef int (*tb_check_knows)(unsigned cp, void *ctx);

/* Append the findings of one sentence: `text` is its written form, `spoken`
 * the normaliser's. lx may be NULL. knows may be NULL (characters are then
 * not checked). */
tb_status tb_check_sentence(const tb_lexicon *lx, const char *text, const char *spoken,
                            tb_check_knows knows, void *kctx, tb_findings *out);

#endif
