/* SPDX-License-Identifier: GPL-3.0-or-later */
/* segment.c — STUB: first non-empty line is the headline, every other line a sentence of the intro. */
#include "segment.h"

#include <string.h>

tb_status tb_segment(const tb_text *in, const char *source, tb_edition **out, tb_diag *diag)
{
    tb_edition *ed = tb_edition_new();
    if (!ed)
        return TB_ERR_NOMEM;
    ed->source = tb_edition_strdup(ed, source);
    tb_section *intro = NULL;
    const char *p = in->text, *end = in->text + in->len;
    size_t line = 0;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end;
        line++;
        if (e > p) {
            if (ed->n_sections == 0) {
                tb_section *h = tb_edition_add_section(ed, TB_KIND_HEADLINE, "");
                if (!h || !tb_edition_add_sentence(ed, h, p, (size_t)(e - p), line))
                    goto oom;
                h->title = h->sentences[0].text;
                ed->headline = h->title;
            } else {
                if (!intro && !(intro = tb_edition_add_section(ed, TB_KIND_INTRO, "导语")))
                    goto oom;
                if (!tb_edition_add_sentence(ed, intro, p, (size_t)(e - p), line))
                    goto oom;
            }
        }
        p = e + 1;
    }
    if (ed->n_sections == 0) {
        tb_diag_set(diag, source, 0, 0, "no article text found");
        tb_edition_free(ed);
        return TB_ERR_INPUT;
    }
    *out = ed;
    return TB_OK;
oom:
    tb_edition_free(ed);
    return TB_ERR_NOMEM;
}
