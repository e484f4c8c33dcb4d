/* SPDX-License-Identifier: GPL-3.0-or-later */
/* publish.c — per-edition publishing files from the manifest; see publish.h. */
#include "publish/publish.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/fs.h"
#include "publish/chapters.h"
#include "publish/daisy.h"
#include "publish/epub.h"
#include "publish/html.h"
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
        char path[TB_PATH_MAX];
        if (!tb_path_join(path, dir, name))
            st = tb_diag_io(diag, dir, "path too long");
        else
            st = tb_manifest_write_file(m, path, b.data ? b.data : "", b.len, diag);
    }
    tb_buf_free(&b);
    return st;
}

/* What a killed publish leaves in the edition folder (temporary files and
 * the DAISY folders being swapped): removed, or the previous DAISY folder
 * restored, by the rules of tb_fs_sweep_stale (best effort). */
static void sweep_leftovers(const char *dir)
{
    static const char *const names[] = {"daisy",        "edition.epub",   "index.html",
                                        "chapters.vtt", "transcript.vtt", "transcript.srt",
                                        "playlist.m3u8"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        (void)tb_fs_sweep_stale(dir, names[i], NULL);
}

tb_status tb_publish_edition(const char *dir, int staged, tb_diag *diag)
{
    tb_manifest *m;
    sweep_leftovers(dir);
    tb_status st = tb_manifest_load(dir, &m, diag);
    if (st != TB_OK)
        return st;
    m->staged = staged;
    st = write_one(dir, "chapters.json", m, tb_chapters_json, diag);
    if (st == TB_OK)
        st = write_one(dir, "transcript.vtt", m, tb_transcript_vtt, diag);
    if (st == TB_OK)
        st = write_one(dir, "transcript.srt", m, tb_transcript_srt, diag);
    if (st == TB_OK)
        st = write_one(dir, "playlist.m3u8", m, tb_playlist_m3u8, diag);
    if (st == TB_OK)
        st = tb_html_write(m, diag);
    /* the talking books need the MP3 (EPUB checkers and DAISY players take no Opus) */
    if (st == TB_OK && m->mp3_file)
        st = tb_epub_write(m, diag);
    if (st == TB_OK && m->mp3_file)
        st = tb_daisy_write(m, diag);
    if (st == TB_OK && !m->mp3_file) {
        /* re-rendered without an MP3: talking books of an older render must go */
        char path[TB_PATH_MAX];
        if (!tb_path_join(path, dir, "edition.epub"))
            st = tb_diag_io(diag, dir, "path too long");
        else if (unlink(path) != 0 && errno != ENOENT) {
            tb_diag_set(diag, path, 0, 0, "cannot remove the old EPUB");
            st = TB_ERR_IO;
        }
        if (st == TB_OK)
            st = tb_daisy_remove(dir, diag);
    }
    tb_manifest_free(m);
    return st;
}
