/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * folder.c — the output folder of a render: its default name (the slug of the
 * report's file name), whether it may be replaced, and the names beside it
 * where the edition is written and the previous one set aside.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/fs.h"
#include "publish/manifest.h"
#include "render/render_int.h"

void tb_render_slug(const char *path, char *out, size_t cap)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    size_t o = 0;
    int dash = 0;
    for (size_t i = 0; i < n && o + 2 < cap; i++) {
        unsigned char c = (unsigned char)base[i];
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') {
            if (dash && o > 0)
                out[o++] = '-';
            dash = 0;
            out[o++] = (char)c;
        } else if (c >= 'A' && c <= 'Z') {
            if (dash && o > 0)
                out[o++] = '-';
            dash = 0;
            out[o++] = (char)(c - 'A' + 'a');
        } else {
            dash = 1;
        }
    }
    if (o == 0 && cap > 7) {
        memcpy(out, "edition", 7);
        o = 7;
    }
    out[o < cap ? o : cap - 1] = '\0';
}

/* ---- the output folder ---- */

/* 1 when `dir` may be replaced: absent, an empty folder, or an edition (a
 * real folder with an edition.json that tingbao wrote);
 * 0 when it is something else; -1 when it cannot be looked at (errno). */
static int replaceable(const char *dir, int *exists)
{
    struct stat st;
    *exists = 0;
    if (lstat(dir, &st) != 0)
        return errno == ENOENT ? 1 : -1;
    *exists = 1;
    if (!S_ISDIR(st.st_mode))
        return 0;
    if (tb_pub_is_edition(dir))
        return 1; /* a regular edition.json that reads as a manifest: not a link, FIFO, junk */
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int empty = 1;
    struct dirent *de;
    while (empty && (de = readdir(d)))
        empty = !strcmp(de->d_name, ".") || !strcmp(de->d_name, "..");
    closedir(d);
    return empty;
}

tb_status tb_rd_out_folder_open(const char *output_dir, out_folder *o, tb_diag *diag)
{
    if (snprintf(o->dir, sizeof o->dir, "%s", output_dir) >= (int)sizeof o->dir)
        return tb_diag_io(diag, output_dir, "path too long");
    size_t n = strlen(o->dir);
    while (n > 1 && o->dir[n - 1] == '/')
        o->dir[--n] = '\0';
    tb_status st = tb_path_split(o->dir, o->parent, o->name, diag);
    if (st == TB_ERR_USAGE)
        tb_diag_set(diag, output_dir, 0, 0, "the output must name a folder, not . or ..");
    if (st != TB_OK)
        return st;
    /* best effort: what renders killed outright (SIGKILL, power loss) left
     * beside the output; before replaceable(), which may see NAME restored */
    (void)tb_fs_sweep_stale(o->parent, o->name, NULL);
    int can = replaceable(o->dir, &o->exists);
    if (can < 0)
        return tb_diag_io(diag, o->dir, "cannot use the output folder");
    if (!can) {
        tb_diag_set(diag, o->dir, 0, 0,
                    "exists and is not an edition folder (no edition.json); not replacing it");
        return TB_ERR_USAGE;
    }
    /* the host in the names: PIDs repeat across machines sharing the folder */
    if (!tb_fs_temp_name(o->tmp, o->dir, "tmp") || !tb_fs_temp_name(o->aside, o->dir, "old"))
        return tb_diag_io(diag, o->dir, "path too long");
    return TB_OK;
}
