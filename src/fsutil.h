/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fsutil.h — writing files so that nothing is ever half-written: the data goes
 * to a temporary name in the same folder, is flushed, and is renamed over the
 * destination only when complete.
 */
#ifndef TB_FSUTIL_H
#define TB_FSUTIL_H

#include <stddef.h>

#include "tb.h"

/* Write len bytes to `path` atomically (temporary name, fsync, rename).
 * On failure the previous file, if any, is untouched and the temporary removed. */
tb_status tb_file_write_atomic(const char *path, const void *data, size_t len, tb_diag *diag);

/* Read a whole file (at most `max` bytes) into a new NUL-terminated buffer the
 * caller frees. TB_ERR_TOO_BIG past max. */
tb_status tb_file_read(const char *path, size_t max, char **data, size_t *len, tb_diag *diag);

#endif
