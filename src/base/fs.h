/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fsutil.h — writing files so that nothing is ever half-written: the data goes
 * to a temporary name in the same folder, is flushed, and is renamed over the
 * destination only when complete. Also the clean-up of what a killed render
 * leaves beside its output folder.
 */
#ifndef TB_FSUTIL_H
#define TB_FSUTIL_H

#include <stddef.h>

#include "base/tb.h"

/* The temporary name of `path` of this process: "DIR/.NAME" KIND "PID@HOST"
 * (KIND ".tmp-" or ".old-"), the one scheme of every temporary file and
 * folder, which tb_fs_sweep_stale recognises. 0 when it does not fit in
 * out[cap] or in NAME_MAX bytes. */
int tb_fs_temp_name(const char *path, const char *kind, char *out, size_t cap);

/* Write len bytes to `path` atomically (a new file at its temporary name,
 * O_EXCL | O_NOFOLLOW, fsync, rename over path). On failure the previous
 * file, if any, is untouched and the temporary removed. */
tb_status tb_file_write_atomic(const char *path, const void *data, size_t len, tb_diag *diag);

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
 * a power cut) before they could clean up themselves. Only directories
 * directly in `parent` whose name is exactly ".NAME.tmp-PID@HOST" or
 * ".NAME.old-PID@HOST" (PID: decimal digits, no leading zero; HOST: this
 * machine's tb_fs_host()) are considered, and only when PID is not a live
 * process (kill(PID, 0) fails with ESRCH: a
 * process of another user counts as live) and the folder has not changed for
 * TB_FS_STALE_SECONDS. Symbolic links are never followed nor removed;
 * nothing else is touched.
 *   .NAME.tmp-PID  an unfinished edition (or, after the swap, the previous
 *                  one on its way out), or a temporary file: removed (a
 *                  folder through descriptors, never following a link; a
 *                  link planted under that name is unlinked itself).
 *   .NAME.old-PID  the previous edition, moved aside when the render was
 *                  killed between its two renames: if NAME is missing it is
 *                  renamed back to NAME (the previous edition is restored),
 *                  else removed.
 * A missing parent is not an error. Every stale leftover is tried; the first
 * failure is returned (TB_ERR_IO, path and errno in diag). TB_ERR_USAGE if
 * name is empty, "." or "..", or holds a '/'. */
tb_status tb_fs_sweep_stale(const char *parent, const char *name, tb_diag *diag);

#endif
