/* SPDX-License-Identifier: GPL-3.0-or-later */
/* speech.c — a sentence as runs of one language each; see speech.h. */
#include "model/speech.h"

#include <stdlib.h>
#include <string.h>

tb_speech *tb_speech_new(void)
{
    tb_speech *sp = calloc(1, sizeof *sp);
    if (sp)
        tb_buf_init(&sp->text, 0);
    return sp;
}

void tb_speech_free(tb_speech *sp)
{
    if (!sp)
        return;
    free(sp->runs);
    tb_buf_free(&sp->text);
    free(sp);
}

tb_status tb_speech_run(tb_speech *sp, const char *lang, int spell, int joined)
{
    size_t n = strlen(lang);
    if (n >= sizeof sp->runs[0].lang)
        return TB_ERR_USAGE;
    void *runs = sp->runs;
    if (tb_grow(&runs, &sp->cap_runs, sp->n_runs, sizeof *sp->runs, 8) != TB_OK)
        return TB_ERR_NOMEM;
    sp->runs = runs;
    tb_run *r = &sp->runs[sp->n_runs++];
    memset(r, 0, sizeof *r);
    memcpy(r->lang, lang, n + 1);
    r->spell = spell;
    r->joined = joined;
    r->off = sp->text.len;
    return TB_OK;
}

tb_status tb_speech_add(tb_speech *sp, const char *s, size_t n)
{
    if (sp->n_runs == 0)
        return TB_ERR_USAGE;
    tb_status st = tb_buf_add(&sp->text, s, n);
    if (st == TB_OK)
        sp->runs[sp->n_runs - 1].len += n;
    return st;
}

const tb_run *tb_speech_last(const tb_speech *sp)
{
    return sp->n_runs ? &sp->runs[sp->n_runs - 1] : NULL;
}
