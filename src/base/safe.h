/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * safe.h — reading the files other people may have planted: every input
 * (report, lexicon, voice, manifest, feed.conf, edition.json) is opened
 * through here, so that a FIFO, a device or a folder named like the file is
 * refused at once instead of blocking or being read without end, and every
 * read has a size limit and, for line formats, a line-length limit.
 *
 * Nothing here prints. Errors fill a tb_diag: the path, what is wrong and,
 * for TB_ERR_IO, the errno.
 */
#ifndef TB_SAFE_H
#define TB_SAFE_H

#include <stddef.h>
#include <stdio.h>

#include "base/fs.h"
#include "base/tb.h"

/* Flags for tb_safe_open_read. */
#define TB_SAFE_NOFOLLOW 1 /* refuse a symbolic link as the last component */

/* Open `path` for reading if it is a regular file: opened O_NONBLOCK (a FIFO
 * cannot block the open) and O_NOCTTY, then checked with fstat; a FIFO, a
 * socket or a device gives TB_ERR_INPUT ("not a regular file (a FIFO)"), a
 * folder TB_ERR_IO ("(a folder)", as reading it would fail). The
 * descriptor returned (close-on-exec, blocking again) is the
 * caller's. -1 and *st set on failure (TB_ERR_IO with errno for a missing or
 * unreadable file). */
int tb_safe_open_read(const char *path, int flags, tb_status *st, tb_diag *diag);

/* The same as a stdio stream ("rb"), which the caller fcloses. */
FILE *tb_safe_fopen_read(const char *path, int flags, tb_status *st, tb_diag *diag);

/* Read the whole regular file at path (flags as for tb_safe_open_read), at
 * most max bytes, into a new NUL-terminated buffer the caller frees.
 * TB_ERR_TOO_BIG past max ("larger than N bytes"), checked before reading
 * and while reading. */
tb_status tb_safe_read_file(const char *path, int flags, size_t max, char **data, size_t *len,
                            tb_diag *diag);

/* The SHA-256 (nettle) of the regular file at path in lower-case hex (64
 * digits and a NUL) and its length in bytes. */
tb_status tb_safe_file_sha256(const char *path, int flags, char hex[65], unsigned long long *bytes,
                              tb_diag *diag);

/* Write len bytes to path, a new or existing regular file in a folder the
 * caller made (a temporary edition folder): opened O_NOFOLLOW, a planted
 * link or FIFO is refused; truncated, written in full. TB_ERR_IO with the
 * errno (ENOSPC for a full disk) in diag. Not atomic: see
 * tb_file_write_atomic for files others may be reading. */
tb_status tb_safe_write_file(const char *path, const void *data, size_t len, tb_diag *diag);

/* ---- the output side: folders others can write into ----
 *
 * Every name below is looked at with AT_SYMLINK_NOFOLLOW and opened with
 * O_NOFOLLOW, relative to a descriptor of its folder (openat, unlinkat):
 * a symbolic link, FIFO or device planted where tingbao expects its own
 * file or folder is never followed, written through nor waited on, and a
 * folder swapped for a link between a look and an act is not entered. */

/* rm -r of the entry `name` of the folder dfd: a folder is emptied level by
 * level through descriptors (O_DIRECTORY | O_NOFOLLOW), never leaving the
 * file system it is on (a mount point inside is left alone: EXDEV); a link
 * or any other entry is unlinked itself. A missing entry is not an error.
 * 0, or -1 with errno of the first failure (the rest is still tried). */
int tb_safe_remove_tree_at(int dfd, const char *name);

/* The same for a path: its last component is not followed. */
tb_status tb_safe_remove_tree(const char *path, tb_diag *diag);

/* Create `path` as a new regular file for writing: O_CREAT | O_EXCL |
 * O_NOFOLLOW, so nothing planted there (a link to /etc/passwd, a FIFO) is
 * opened. An entry already there is unlinked first when replace_leftover is
 * set (it carries our own temporary name: a leftover of a killed run) — the
 * link itself, never its target. The descriptor (close-on-exec) is the
 * caller's; -1 and *st (TB_ERR_IO with errno in diag) on failure. */
int tb_safe_create(const char *path, int replace_leftover, tb_status *st, tb_diag *diag);

/* An exclusive lock on the lock file `path` (created 0644 if missing; a
 * link, FIFO, device or a file with other hard links is refused): flock,
 * waiting when `wait` is set, else failing at once with TB_ERR_IO (no
 * errno) and the current holder ("PID@HOST", written into the file by whoever holds
 * it) in diag. The holder written is this process. *fd is the lock (close
 * it to release); -1 on failure. A lock file removed by its holder while
 * we waited is not a lock: the lock is taken again on the file now there. */
tb_status tb_safe_lock(const char *path, int wait, int *fd, tb_diag *diag);

/* Before any work on the output folder `dir` (an edition folder, replaced
 * whole by a rename from its temporary name beside it):
 *   - its name must leave room for the temporary names ("name too long"),
 *   - it must not be a mount point (a rename cannot replace one),
 *   - its parent is created if missing (mkdir -p, 0777 & ~umask),
 *   - PARENT/.NAME.lock is taken (tb_safe_lock, without waiting): a second
 *     render of the same folder fails at once, naming who holds it.
 * TB_OK and *lk (give it back with tb_safe_release_dest), or TB_ERR_USAGE
 * (name, mount point, a planted lock) / TB_ERR_IO with diag; lk->fd is -1
 * then, and releasing it does nothing. */
typedef struct {
    int fd;
    char path[TB_PATH_MAX];
} tb_dest_lock;
tb_status tb_safe_claim_dest(const char *dir, tb_dest_lock *lk, tb_diag *diag);

/* Remove the lock file and release the lock (in that order: whoever waits
 * on the old file sees it gone and takes a new one, see tb_safe_lock). */
void tb_safe_release_dest(tb_dest_lock *lk);

/* Write a report the user named (batch --summary PATH): a regular file or a
 * new name is replaced atomically (tb_file_write_atomic); /dev/stdout,
 * /dev/stderr and /dev/fd/N are our own descriptors, written to; a character
 * device or FIFO (/dev/stdout, /dev/full, a pipe), even through a link, is
 * written to as a stream and stays what it is; anything else — a link to a
 * regular file (which a rename would replace by a file), a folder, a socket
 * — is refused (TB_ERR_USAGE). A failed write says its errno (ENOSPC). */
tb_status tb_safe_write_output(const char *path, const void *data, size_t len, tb_diag *diag);

/* One line of f, without its "\n", into *buf (grown as needed, at most
 * max + 1 bytes; the caller frees it). Returns 1 with *len set, 0 at the end
 * of the file, -1 when the line is longer than max bytes (it is not read
 * further: memory stays bounded whatever the input), -2 on a read error
 * (errno set). The line may hold NUL bytes; *len counts them. */
int tb_safe_getline(FILE *f, char **buf, size_t *cap, size_t max, size_t *len);

#endif
