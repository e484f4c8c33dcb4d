/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fs.h — the file-system helpers every stage shares, once: path buffers of
 * one size, the one temporary-name scheme, "mkdir -p", a removal that never
 * follows a symbolic link, copy, fsync of a folder, the swap of a finished
 * folder into place, and writing files so that nothing is ever half-written
 * (temporary name in the same folder, fsync, rename). Also the clean-up of
 * what a killed render leaves beside its output folder.
 *
 * Errors: a tb_status, with the path and errno in diag (diag may be NULL).
 * Paths that do not fit TB_PATH_MAX are refused (TB_ERR_IO, ENAMETOOLONG),
 * never truncated.
 */
#ifndef TB_FSUTIL_H
#define TB_FSUTIL_H

#include <limits.h>
#include <stddef.h>

#include <stdio.h>

#include "base/tb.h"

/* The size of every path buffer: PATH_MAX, the longest path the kernel takes. */
#define TB_PATH_MAX PATH_MAX

/* out = dir "/" name. 1 when it fits TB_PATH_MAX, else 0 (errno ENAMETOOLONG,
 * out truncated: do not use it). */
int tb_path_join(char out[TB_PATH_MAX], const char *dir, const char *name);

/* Split `path` (trailing '/' ignored) into the folder that holds it and its
 * last component: "a/b/" -> "a", "b"; "b" -> ".", "b"; "/b" -> "/", "b".
 * TB_ERR_USAGE when the last component is empty, "." or ".." (it would not
 * name a folder of its own); TB_ERR_IO when it does not fit. */
tb_status tb_path_split(const char *path, char parent[TB_PATH_MAX], char name[TB_PATH_MAX],
                        tb_diag *diag);

/* The one temporary-name scheme: PARENT/NAME becomes PARENT/.NAME.KIND-PID@HOST
 * in the same folder (so that a rename can replace it), KIND "tmp" for what is
 * being written, "old" for what is set aside, HOST tb_fs_host(). The scheme
 * is what tb_fs_sweep_stale recognises. 1 when it fits (in TB_PATH_MAX, and
 * the name in NAME_MAX), else 0 (ENAMETOOLONG). */
int tb_fs_temp_name(char out[TB_PATH_MAX], const char *path, const char *kind);

/* mkdir -p: every missing folder of `path` (mode 0777 less the umask). An
 * existing component that is not a folder is an error (ENOTDIR). */
tb_status tb_fs_mkdirs(const char *path, tb_diag *diag);

/* rm -r of the folder `path`, never following a symbolic link: not at the
 * top (a link, or anything but a folder, there is an error and left alone:
 * TB_ERR_IO, ELOOP or ENOTDIR) and not below (a link inside is unlinked, not
 * entered: tb_safe_remove_tree_at, through descriptors, never leaving the
 * file system). A missing `path` is not an error. Everything removable is
 * removed; the first failure is returned. */
tb_status tb_fs_remove_tree(const char *path, tb_diag *diag);

/* Copy the regular file `from` to a new file `to` (0644 less the umask,
 * truncated if it exists). tb_fs_link_or_copy first tries a hard link. */
tb_status tb_fs_copy(const char *from, const char *to, tb_diag *diag);
tb_status tb_fs_link_or_copy(const char *from, const char *to, tb_diag *diag);

/* fsync every file and folder under `dir` (links are not followed), then
 * `dir` itself: after a rename a crash cannot leave half-written files. */
tb_status tb_fs_sync_tree(const char *dir, tb_diag *diag);

/* fsync the folder `dir` itself (after a rename in it). */
tb_status tb_fs_sync_dir(const char *dir, tb_diag *diag);

/* Move the finished folder `fresh` to `dst`. When `dst` exists (lstat) it is
 * replaced: swapped in one step where Linux can (renameat2
 * RENAME_EXCHANGE), else renamed to `aside` first (a tb_fs_temp_name "old"
 * name) and put back if the second rename fails. The previous `dst` is then
 * removed with tb_fs_remove_tree (failure there is ignored: a leftover
 * tb_fs_sweep_stale may clean). On failure `dst` is what it was and `fresh`
 * is left for the caller to remove. */
tb_status tb_fs_swap_in(const char *fresh, const char *dst, const char *aside, tb_diag *diag);

/* Write len bytes to `path` atomically (a new file at its temporary name,
 * O_EXCL | O_NOFOLLOW, fsync, rename over path). On failure the previous
 * file, if any, is untouched and the temporary removed. */
tb_status tb_file_write_atomic(const char *path, const void *data, size_t len, tb_diag *diag);
/* The same without the fsync: for a folder that is synced as a whole
 * (tb_fs_sync_tree) before it is swapped in, where nobody sees it before. */
tb_status tb_file_write_staged(const char *path, const void *data, size_t len, tb_diag *diag);

/* Read a whole file (at most `max` bytes) into a new NUL-terminated buffer the
 * caller frees. TB_ERR_TOO_BIG past max. */
tb_status tb_file_read(const char *path, size_t max, char **data, size_t *len, tb_diag *diag);

/* This machine's name as the render's temporary names carry it
 * (".NAME.tmp-PID@HOST"): gethostname() with anything but [A-Za-z0-9.-]
 * dropped, at most 64 bytes, "localhost" when it is unknown. PIDs repeat
 * across machines (and pods), so on shared storage a leftover is judged only
 * by the machine that made it. */
const char *tb_fs_host(void);

/* Age in seconds (of the folder's last change, mtime) below which a leftover
 * is never swept, even when its process is gone. */
#define TB_FS_STALE_SECONDS 60

/* Clean up after renders of PARENT/NAME that were killed (SIGKILL, a crash,
 * a power cut) before they could clean up themselves. Only directories (and,
 * for .tmp-, regular files) directly in `parent` whose name is exactly ".NAME.tmp-PID@HOST" or
 * ".NAME.old-PID@HOST" (PID: decimal digits, no leading zero; HOST: this
 * machine's tb_fs_host()) are considered, and only when PID is not a live
 * process (kill(PID, 0) fails with ESRCH: a
 * process of another user counts as live) and the folder has not changed for
 * TB_FS_STALE_SECONDS. Symbolic links are never followed nor removed;
 * nothing else is touched.
 *   .NAME.tmp-PID  an unfinished edition (or, after the swap, the previous
 *                  one on its way out), or a temporary file: removed (a
 *                  folder through descriptors, never following a link).
 *   .NAME.old-PID  the previous edition, moved aside when the render was
 *                  killed between its two renames: if NAME is missing it is
 *                  renamed back to NAME (the previous edition is restored),
 *                  else removed.
 * A missing parent is not an error. Every stale leftover is tried; the first
 * failure is returned (TB_ERR_IO, path and errno in diag). TB_ERR_USAGE if
 * name is empty, "." or "..", or holds a '/'. */
tb_status tb_fs_sweep_stale(const char *parent, const char *name, tb_diag *diag);

/* The folder for temporary files: $TMPDIR when it is set and not empty,
 * else /tmp. Borrowed from the environment. */
const char *tb_fs_tmp_dir(void);

/* A temporary file in tb_fs_tmp_dir(), opened "w+b", already unlinked (it
 * goes when it is closed), 0600. NULL with errno set on failure. The caller
 * owns the FILE. */
FILE *tb_fs_tmpfile(void);

/* Bytes free to an unprivileged user on the file system of open file fd
 * (fstatvfs); 0 when it cannot be known (errno set). */
unsigned long long tb_fs_free_bytes(int fd);

#endif
