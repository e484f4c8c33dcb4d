/* SPDX-License-Identifier: GPL-3.0-or-later */
/* manifest.c — what the publishers derive from a loaded manifest: the levels of
 * its table of contents and the source's paragraphs; see manifest.h. (The
 * manifest is read by publish/edition_json.c, the one owner of edition.json.) */
#include "publish/manifest.h"

#include "base/fs.h"

#include <string.h>

int tb_man_level(const tb_manifest *m, size_t i)
{
    const tb_man_section *s = &m->sections[i];
    if (i == 0 || !strcmp(s->kind, "headline"))
        return 1;
    return s->article && s->article != m->sections[i - 1].article ? 1 : 2;
}

int tb_man_depth(const tb_manifest *m)
{
    for (size_t i = 0; i < m->n_sections; i++)
        if (tb_man_level(m, i) == 2)
            return 2;
    return 1;
}

int tb_man_new_paragraph(const tb_man_section *s, size_t j)
{
    return j > 0 && j < s->n_sentences && s->sentences[j].paragraph &&
           s->sentences[j].paragraph != s->sentences[j - 1].paragraph;
}

tb_status tb_manifest_write_file(const tb_manifest *m, const char *path, const void *data,
                                 size_t len, tb_diag *diag)
{
    return m->staged ? tb_file_write_staged(path, data, len, diag)
                     : tb_file_write_atomic(path, data, len, diag);
}
