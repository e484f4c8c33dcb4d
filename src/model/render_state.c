/* SPDX-License-Identifier: GPL-3.0-or-later */
/* render_state.c — the render state of an edition; see render_state.h. */
#include "model/render_state.h"

#include <stdlib.h>
#include <string.h>

void tb_render_state_free(tb_render_state *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n_sections; i++)
        free(s->sections[i].samples);
    free(s->sections);
    free(s);
}

const tb_rs_section *tb_render_state_find(const tb_render_state *s, const char *key)
{
    for (size_t i = 0; s && i < s->n_sections; i++)
        if (!strcmp(s->sections[i].key, key))
            return &s->sections[i];
    return NULL;
}
