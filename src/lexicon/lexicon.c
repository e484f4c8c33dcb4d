/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lexicon.c — STUB: XML-escapes the text; the real lexicon lands later. */
#include "lexicon/lexicon.h"

#include <stdlib.h>

#include "buf.h"

struct tb_lexicon {
    int unused;
};

tb_lexicon *tb_lex_new(void)
{
    return calloc(1, sizeof(tb_lexicon));
}

void tb_lex_free(tb_lexicon *lx)
{
    free(lx);
}

tb_status tb_lex_load_file(tb_lexicon *lx, const char *path, tb_diag *diag)
{
    (void)lx;
    (void)path;
    (void)diag;
    return TB_OK;
}

tb_status tb_lex_load_dir(tb_lexicon *lx, const char *dir, tb_diag *diag)
{
    (void)lx;
    (void)dir;
    (void)diag;
    return TB_OK;
}

tb_status tb_lex_engine_text(const tb_lexicon *lx, const char *spoken, size_t len, char **out)
{
    (void)lx;
    tb_buf b;
    tb_buf_init(&b, 0);
    tb_status st = TB_OK;
    for (size_t i = 0; i < len && st == TB_OK; i++) {
        switch (spoken[i]) {
        case '<': st = tb_buf_adds(&b, "&lt;"); break;
        case '>': st = tb_buf_adds(&b, "&gt;"); break;
        case '&': st = tb_buf_adds(&b, "&amp;"); break;
        default: st = tb_buf_addc(&b, spoken[i]);
        }
    }
    if (st != TB_OK) {
        tb_buf_free(&b);
        return st;
    }
    *out = tb_buf_take(&b);
    return *out ? TB_OK : TB_ERR_NOMEM;
}
