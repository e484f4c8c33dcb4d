/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fsutil.c — atomic file writes and bounded reads; see fsutil.h. */
#include "fsutil.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

tb_status tb_file_write_atomic(const char *path, const void *data, size_t len, tb_diag *diag)
{
    size_t n = strlen(path) + 32;
    char *tmp = malloc(n);
    if (!tmp)
        return TB_ERR_NOMEM;
    snprintf(tmp, n, "%s.tmp-%ld", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        tb_status st = tb_diag_io(diag, path, "cannot create");
        free(tmp);
        return st;
    }
    const char *p = data;
    size_t left = len;
    while (left) {
        ssize_t w = write(fd, p, left);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            goto fail;
        p += w;
        left -= (size_t)w;
    }
    if (fsync(fd) != 0)
        goto fail;
    if (close(fd) != 0) {
        fd = -1;
        goto fail;
    }
    fd = -1;
    if (rename(tmp, path) != 0)
        goto fail;
    free(tmp);
    return TB_OK;
fail:;
    tb_status st = tb_diag_io(diag, path, "cannot write");
    if (fd >= 0)
        close(fd);
    unlink(tmp);
    free(tmp);
    return st;
}

tb_status tb_file_read(const char *path, size_t max, char **data, size_t *len, tb_diag *diag)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return tb_diag_io(diag, path, "cannot open");
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    tb_status st = TB_OK;
    while (buf) {
        if (n + 1 >= cap) {
            if (cap > max) {
                tb_diag_set(diag, path, 0, 0, "larger than %zu bytes", max);
                st = TB_ERR_TOO_BIG;
                break;
            }
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        size_t r = fread(buf + n, 1, cap - n - 1, f);
        n += r;
        if (r == 0)
            break;
    }
    if (!buf) {
        fclose(f);
        return TB_ERR_NOMEM;
    }
    if (st == TB_OK && n > max) {
        tb_diag_set(diag, path, 0, 0, "larger than %zu bytes", max);
        st = TB_ERR_TOO_BIG;
    }
    if (st == TB_OK && ferror(f))
        st = tb_diag_io(diag, path, "cannot read");
    fclose(f);
    if (st != TB_OK) {
        free(buf);
        return st;
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return TB_OK;
}
