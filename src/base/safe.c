/* SPDX-License-Identifier: GPL-3.0-or-later */
/* safe.c — opening and reading inputs as regular files only, with limits, and
 * writing a file of our own without following a link; see safe.h (the output
 * side is in safe_out.c). */
#include "base/safe.h"

#include <errno.h>
#include <fcntl.h>
#include <nettle/sha2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *kind_of(mode_t m)
{
    if (S_ISDIR(m))
        return "a folder";
    if (S_ISFIFO(m))
        return "a FIFO";
    if (S_ISSOCK(m))
        return "a socket";
    if (S_ISCHR(m) || S_ISBLK(m))
        return "a device";
    if (S_ISLNK(m))
        return "a symbolic link";
    return "not a plain file";
}

int tb_safe_open_read(const char *path, int flags, tb_status *st, tb_diag *diag)
{
    int oflags = O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC;
    if (flags & TB_SAFE_NOFOLLOW)
        oflags |= O_NOFOLLOW;
    int fd = open(path, oflags);
    if (fd < 0) {
        if (errno == ELOOP && (flags & TB_SAFE_NOFOLLOW)) {
            tb_diag_set(diag, path, 0, 0, "not a regular file (a symbolic link)");
            *st = TB_ERR_INPUT;
            return -1;
        }
        *st = tb_diag_io(diag, path, "cannot open");
        return -1;
    }
    struct stat sb;
    if (fstat(fd, &sb) != 0) {
        *st = tb_diag_io(diag, path, "cannot look at");
        close(fd);
        return -1;
    }
    if (!S_ISREG(sb.st_mode)) {
        tb_diag_set(diag, path, 0, 0, "not a regular file (%s)", kind_of(sb.st_mode));
        if (diag)
            diag->err = 0;
        /* a folder is what read() calls EISDIR, an I/O error as ever; a FIFO or
         * device where a file should be is bad input */
        *st = S_ISDIR(sb.st_mode) ? TB_ERR_IO : TB_ERR_INPUT;
        close(fd);
        return -1;
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) != 0) {
        *st = tb_diag_io(diag, path, "cannot open");
        close(fd);
        return -1;
    }
    *st = TB_OK;
    return fd;
}

FILE *tb_safe_fopen_read(const char *path, int flags, tb_status *st, tb_diag *diag)
{
    int fd = tb_safe_open_read(path, flags, st, diag);
    if (fd < 0)
        return NULL;
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        *st = tb_diag_io(diag, path, "cannot open");
        close(fd);
    }
    return f;
}

static tb_status too_big(tb_diag *diag, const char *path, size_t max)
{
    tb_diag_set(diag, path, 0, 0, "larger than %zu bytes", max);
    if (diag)
        diag->err = 0;
    return TB_ERR_TOO_BIG;
}

tb_status tb_safe_read_file(const char *path, int flags, size_t max, char **data, size_t *len,
                            tb_diag *diag)
{
    tb_status st;
    int fd = tb_safe_open_read(path, flags, &st, diag);
    if (fd < 0)
        return st;
    struct stat sb;
    if (fstat(fd, &sb) == 0 && (unsigned long long)sb.st_size > max) {
        close(fd);
        return too_big(diag, path, max);
    }
    size_t cap = sb.st_size > 0 ? (size_t)sb.st_size + 1 : 4096, n = 0;
    char *buf = malloc(cap + 1);
    st = buf ? TB_OK : TB_ERR_NOMEM;
    while (st == TB_OK) {
        if (n == cap) {
            if (cap > max) {
                st = too_big(diag, path, max);
                break;
            }
            char *nb = realloc(buf, 2 * cap + 1);
            if (!nb) {
                st = TB_ERR_NOMEM;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            st = tb_diag_io(diag, path, "cannot read");
        else if (r == 0)
            break;
        else
            n += (size_t)r;
    }
    close(fd);
    if (st == TB_OK && n > max)
        st = too_big(diag, path, max);
    if (st != TB_OK) {
        free(buf);
        return st;
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return TB_OK;
}

tb_status tb_safe_file_sha256(const char *path, int flags, char hex[65], unsigned long long *bytes,
                              tb_diag *diag)
{
    tb_status st;
    int fd = tb_safe_open_read(path, flags, &st, diag);
    if (fd < 0)
        return st;
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    unsigned char buf[65536];
    unsigned long long total = 0;
    for (;;) {
        ssize_t r = read(fd, buf, sizeof buf);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            st = tb_diag_io(diag, path, "cannot read");
            break;
        }
        if (r == 0)
            break;
        sha256_update(&ctx, (size_t)r, buf);
        total += (unsigned long long)r;
    }
    close(fd);
    if (st != TB_OK)
        return st;
    unsigned char d[SHA256_DIGEST_SIZE];
    sha256_digest(&ctx, sizeof d, d);
    for (size_t i = 0; i < sizeof d; i++)
        snprintf(hex + 2 * i, 3, "%02x", d[i]);
    *bytes = total;
    return TB_OK;
}

tb_status tb_safe_write_file(const char *path, const void *data, size_t len, tb_diag *diag)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0644);
    if (fd < 0)
        return tb_diag_io(diag, path, "cannot create the file");
    struct stat sb;
    int bad = fstat(fd, &sb) != 0     ? errno
              : !S_ISREG(sb.st_mode)  ? EEXIST /* a FIFO or device planted there */
              : ftruncate(fd, 0) != 0 ? errno
                                      : 0;
    if (bad) {
        errno = bad;
        tb_status st = tb_diag_io(diag, path, "cannot create the file");
        close(fd);
        return st;
    }
    const char *p = data;
    while (len) {
        ssize_t w = write(fd, p, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            if (w == 0)
                errno = ENOSPC;
            tb_status st = tb_diag_io(diag, path, "cannot write the file");
            close(fd);
            return st;
        }
        p += w;
        len -= (size_t)w;
    }
    if (close(fd) != 0)
        return tb_diag_io(diag, path, "cannot write the file");
    return TB_OK;
}

int tb_safe_getline(FILE *f, char **buf, size_t *cap, size_t max, size_t *len)
{
    size_t n = 0;
    int c = EOF;
    while ((c = getc(f)) != EOF && c != '\n') {
        if (n == max)
            return -1;
        if (n + 1 >= *cap) {
            size_t nc = *cap ? *cap * 2 : 256;
            if (nc > max + 1)
                nc = max + 1;
            char *nb = realloc(*buf, nc + 1);
            if (!nb) {
                errno = ENOMEM;
                return -2;
            }
            *buf = nb;
            *cap = nc;
        }
        (*buf)[n++] = (char)c;
    }
    if (c == EOF && ferror(f))
        return -2;
    if (c == EOF && n == 0)
        return 0;
    if (!*buf) {
        if (!(*buf = malloc(1))) {
            errno = ENOMEM;
            return -2;
        }
        *cap = 0;
    }
    (*buf)[n] = '\0';
    *len = n;
    return 1;
}
