/* SPDX-License-Identifier: GPL-3.0-or-later */
/* playlist.c — extended M3U of the section files; see playlist.h. */
#include "publish/playlist.h"

#include <math.h>

/* Titles are one line in M3U: fold line breaks into spaces. */
static tb_status add_line_text(tb_buf *b, const char *s)
{
    tb_status st = TB_OK;
    for (; *s && st == TB_OK; s++)
        st = tb_buf_addc(b, *s == '\n' || *s == '\r' ? ' ' : *s);
    return st;
}

tb_status tb_playlist_m3u8(const tb_manifest *m, tb_buf *out)
{
    tb_status st = tb_buf_adds(out, "#EXTM3U\n#PLAYLIST:");
    if (st == TB_OK)
        st = add_line_text(out, m->title);
    if (st == TB_OK)
        st = tb_buf_addc(out, '\n');
    for (size_t i = 0; i < m->n_sections && st == TB_OK; i++) {
        const tb_man_section *s = &m->sections[i];
        st = tb_buf_printf(out, "#EXTINF:%.0f,", ceil(s->duration));
        if (st == TB_OK)
            st = add_line_text(out, s->title);
        if (st == TB_OK)
            st = tb_buf_printf(out, "\n%s\n", s->file);
    }
    return st;
}
