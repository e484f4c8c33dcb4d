/* SPDX-License-Identifier: GPL-3.0-or-later */
/* publish.c — per-edition publishing files from the manifest; see publish.h. */
#include "publish/publish.h"

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "fsutil.h"
#include "publish/manifest.h"
#include "publish/playlist.h"
#include "publish/transcript.h"

static tb_status write_one(const char *dir, const char *name, const tb_manifest *m,
                           tb_status (*fn)(const tb_manifest *, tb_buf *), tb_diag *diag)
{
    tb_buf b;
    tb_buf_init(&b, 0);
    tb_status st = fn(m, &b);
    if (st == TB_OK) {
        char path[4200];
        if (snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path)
            st = TB_ERR_USAGE;
        else
            st = tb_file_write_atomic(path, b.data ? b.data : "", b.len, diag);
    }
    tb_buf_free(&b);
    return st;
}

tb_status tb_publish_edition(const char *dir, tb_diag *diag)
{
    tb_manifest *m;
    tb_status st = tb_manifest_load(dir, &m, diag);
    if (st != TB_OK)
        return st;
    st = write_one(dir, "transcript.vtt", m, tb_transcript_vtt, diag);
    if (st == TB_OK)
        st = write_one(dir, "transcript.srt", m, tb_transcript_srt, diag);
    if (st == TB_OK)
        st = write_one(dir, "playlist.m3u8", m, tb_playlist_m3u8, diag);
    tb_manifest_free(m);
    return st;
}
