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

#include "base/tb.h"

/* Flags for tb_safe_open_read. */
#define TB_SAFE_NOFOLLOW 1 /* refuse a symbolic link as the last component */

/* Open `path` for reading if it is a regular file: opened O_NONBLOCK (a FIFO
 * cannot block the open) and O_NOCTTY, then checked with fstat; a FIFO, a
 * socket, a device or a folder gives TB_ERR_INPUT ("not a regular file (a
 * FIFO)"). The descriptor returned (close-on-exec, blocking again) is the
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

/* One line of f, without its "\n", into *buf (grown as needed, at most
 * max + 1 bytes; the caller frees it). Returns 1 with *len set, 0 at the end
 * of the file, -1 when the line is longer than max bytes (it is not read
 * further: memory stays bounded whatever the input), -2 on a read error
 * (errno set). The line may hold NUL bytes; *len counts them. */
int tb_safe_getline(FILE *f, char **buf, size_t *cap, size_t max, size_t *len);

#endif
