/* SPDX-License-Identifier: GPL-3.0-or-later */
/* prepare.c — normaliser and lexicon over every sentence of an edition. */
#include "render/prepare.h"

#include <stdlib.h>
#include <string.h>

#include "normalize/normalize.h"
#include "synth/synth.h"

tb_status tb_edition_prepare(tb_edition *ed, const tb_lexicon *lx)
{
    for (size_t i = 0; i < ed->n_sections; i++) {
        tb_section *sec = &ed->sections[i];
        for (size_t j = 0; j < sec->n_sentences; j++) {
            tb_sentence *s = &sec->sentences[j];
            char *spoken = NULL, *engine = NULL;
            tb_speech *speech = NULL;
            tb_status st = tb_norm_text(s->text, strlen(s->text), &spoken);
            if (st != TB_OK)
                return st;
            s->spoken = tb_edition_strdup(ed, spoken);
            if (s->spoken)
                st = tb_lex_speech(lx, spoken, strlen(spoken), &speech);
            free(spoken);
            if (!s->spoken)
                return TB_ERR_NOMEM;
            if (st != TB_OK)
                return st;
            tb_speech_free(s->speech);
            s->speech = speech;
            if ((st = tb_synth_engine_text(speech, &engine)) != TB_OK)
                return st;
            s->engine = tb_edition_strdup(ed, engine);
            free(engine);
            if (!s->engine)
                return TB_ERR_NOMEM;
        }
    }
    return TB_OK;
}
