/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fsutil.c — atomic file writes, bounded reads, and the sweep of what killed
 * renders leave behind; see fsutil.h. */
#include "base/fs.h"

#include "base/safe.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

int tb_fs_temp_name(const char *path, const char *kind, char *out, size_t cap)
{
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/')
        n--;
    size_t b = n;
    while (b > 0 && path[b - 1] != '/')
        b--;
    int k = snprintf(out, cap, "%.*s.%.*s%s%ld@%s", (int)b, path, (int)(n - b), path + b, kind,
                     (long)getpid(), tb_fs_host());
    return k > 0 && (size_t)k < cap && n > b && (size_t)k - b <= NAME_MAX;
}

tb_status tb_file_write_atomic(const char *path, const void *data, size_t len, tb_diag *diag)
{
    size_t n = strlen(path) + 128;
    char *tmp = malloc(n);
    if (!tmp)
        return TB_ERR_NOMEM;
    if (!tb_fs_temp_name(path, ".tmp-", tmp, n)) {
        free(tmp);
        errno = ENAMETOOLONG;
        return tb_diag_io(diag, path, "cannot create");
    }
    tb_status st;
    /* O_EXCL | O_NOFOLLOW: a link planted at the temporary name is never written through */
    int fd = tb_safe_create(tmp, 1, &st, diag);
    if (fd < 0) {
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
    if (rename(tmp, path) != 0) /* replaces what is at path, never follows it */
        goto fail;
    free(tmp);
    return TB_OK;
fail:;
    st = tb_diag_io(diag, path, "cannot write");
    if (fd >= 0)
        close(fd);
    unlink(tmp);
    free(tmp);
    return st;
}

tb_status tb_file_read(const char *path, size_t max, char **data, size_t *len, tb_diag *diag)
{
    return tb_safe_read_file(path, 0, max, data, len, diag); /* regular files only */
}

/* ---- sweeping up after killed renders ---- */

const char *tb_fs_host(void)
{
    static char host[65];
    if (!host[0]) {
        char raw[256] = "";
        size_t k = 0;
        if (gethostname(raw, sizeof raw - 1) == 0)
            for (const char *c = raw; *c && k + 1 < sizeof host; c++)
                if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
                    *c == '.' || *c == '-')
                    host[k++] = *c;
        host[k] = '\0';
        if (!k)
            snprintf(host, sizeof host, "localhost");
    }
    return host;
}

/* The PID of a leftover named ".NAME<kind>PID@HOST" made on this machine, or
 * 0 when `entry` is not exactly that (kind is ".tmp-" or ".old-"). */
static pid_t leftover_pid(const char *entry, const char *name, size_t name_len, const char *kind)
{
    if (entry[0] != '.' || strncmp(entry + 1, name, name_len) != 0)
        return 0;
    const char *p = entry + 1 + name_len;
    size_t kind_len = strlen(kind);
    if (strncmp(p, kind, kind_len) != 0)
        return 0;
    p += kind_len;
    if (*p < '1' || *p > '9')
        return 0;
    unsigned long v = 0;
    for (; *p != '@'; p++) {
        if (*p < '0' || *p > '9')
            return 0;
        v = v * 10 + (unsigned long)(*p - '0');
        if (v > (unsigned long)INT_MAX)
            return 0;
    }
    return strcmp(p + 1, tb_fs_host()) == 0 ? (pid_t)v : 0;
}

static int process_gone(pid_t pid)
{
    return pid != getpid() && kill(pid, 0) == -1 && errno == ESRCH;
}

tb_status tb_fs_sweep_stale(const char *parent, const char *name, tb_diag *diag)
{
    size_t name_len = strlen(name);
    if (!name_len || strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, "..")) {
        tb_diag_set(diag, name, 0, 0, "not a folder name");
        return TB_ERR_USAGE;
    }
    int dfd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0)
        return errno == ENOENT ? TB_OK : tb_diag_io(diag, parent, "cannot look for leftovers in");
    int lfd = dup(dfd);
    DIR *d = lfd >= 0 ? fdopendir(lfd) : NULL;
    if (!d) {
        tb_status st = tb_diag_io(diag, parent, "cannot look for leftovers in");
        if (lfd >= 0)
            close(lfd);
        close(dfd);
        return st;
    }
    time_t now = time(NULL);
    tb_status st = TB_OK;
    struct dirent *de;
    while ((de = readdir(d))) {
        const char *e = de->d_name;
        pid_t tmp_pid = leftover_pid(e, name, name_len, ".tmp-");
        pid_t old_pid = tmp_pid ? 0 : leftover_pid(e, name, name_len, ".old-");
        pid_t pid = tmp_pid ? tmp_pid : old_pid;
        struct stat sb;
        if (!pid || fstatat(dfd, e, &sb, AT_SYMLINK_NOFOLLOW) != 0)
            continue; /* not ours, or gone meanwhile */
        if (!S_ISDIR(sb.st_mode) && (old_pid || !S_ISREG(sb.st_mode)))
            continue; /* only a folder is restored; a link, FIFO or device is never touched */
        if (now - sb.st_mtime < TB_FS_STALE_SECONDS || !process_gone(pid))
            continue;
        char path[PATH_MAX];
        snprintf(path, sizeof path, "%s/%s", parent, e);
        if (old_pid) {
            struct stat nb;
            if (fstatat(dfd, name, &nb, AT_SYMLINK_NOFOLLOW) != 0 && errno == ENOENT) {
                if (renameat(dfd, e, dfd, name) != 0 && errno != ENOENT && st == TB_OK)
                    st = tb_diag_io(diag, path, "cannot restore the previous edition from");
                continue;
            }
        }
        if (tb_safe_remove_tree_at(dfd, e) != 0 && st == TB_OK)
            st = tb_diag_io(diag, path, "cannot remove the leftover of a killed render");
    }
    closedir(d);
    close(dfd);
    return st;
}
