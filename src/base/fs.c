/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fs.c — path buffers, temporary names, mkdir -p, link-safe removal, copy,
 * fsync, folder swap, atomic file writes, bounded reads, and the sweep of what
 * killed renders leave behind; see fs.h. */
#define _GNU_SOURCE /* renameat2 and RENAME_EXCHANGE, where the C library has them */
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
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

static tb_status write_new(const char *path, const void *data, size_t len, int sync, tb_diag *diag)
{
    char tmp[TB_PATH_MAX];
    if (!tb_fs_temp_name(tmp, path, "tmp"))
        return tb_diag_io(diag, path, "path too long");
    tb_status st;
    /* O_EXCL | O_NOFOLLOW: a link planted at the temporary name is never written through */
    int fd = tb_safe_create(tmp, 1, &st, diag);
    if (fd < 0)
        return st;
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
    if (sync && fsync(fd) != 0)
        goto fail;
    if (close(fd) != 0) {
        fd = -1;
        goto fail;
    }
    fd = -1;
    if (rename(tmp, path) != 0) /* replaces what is at path, never follows it */
        goto fail;
    return TB_OK;
fail:;
    st = tb_diag_io(diag, path, "cannot write");
    if (fd >= 0)
        close(fd);
    unlink(tmp);
    return st;
}

tb_status tb_file_write_atomic(const char *path, const void *data, size_t len, tb_diag *diag)
{
    return write_new(path, data, len, 1, diag);
}

tb_status tb_file_write_staged(const char *path, const void *data, size_t len, tb_diag *diag)
{
    return write_new(path, data, len, 0, diag);
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
                if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
                    (*c >= '0' && *c <= '9') || *c == '.' || *c == '-')
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

/* ---- paths ---- */

int tb_path_join(char out[TB_PATH_MAX], const char *dir, const char *name)
{
    int n = snprintf(out, TB_PATH_MAX, "%s/%s", dir, name);
    if (n > 0 && n < TB_PATH_MAX)
        return 1;
    errno = ENAMETOOLONG;
    return 0;
}

tb_status tb_path_split(const char *path, char parent[TB_PATH_MAX], char name[TB_PATH_MAX],
                        tb_diag *diag)
{
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/')
        n--;
    if (n >= TB_PATH_MAX) {
        errno = ENAMETOOLONG;
        return tb_diag_io(diag, path, "path too long");
    }
    size_t slash = n; /* the last '/' before the name, or n when there is none */
    for (size_t i = 0; i < n; i++)
        if (path[i] == '/')
            slash = i;
    size_t at = slash == n ? 0 : slash + 1;
    snprintf(name, TB_PATH_MAX, "%.*s", (int)(n - at), path + at);
    if (!name[0] || !strcmp(name, ".") || !strcmp(name, "..")) {
        tb_diag_set(diag, path, 0, 0, "does not name a folder (empty, . or ..)");
        return TB_ERR_USAGE;
    }
    if (slash == n)
        snprintf(parent, TB_PATH_MAX, ".");
    else if (slash == 0)
        snprintf(parent, TB_PATH_MAX, "/");
    else
        snprintf(parent, TB_PATH_MAX, "%.*s", (int)slash, path);
    return TB_OK;
}

int tb_fs_temp_name(char out[TB_PATH_MAX], const char *path, const char *kind)
{
    const char *s = strrchr(path, '/');
    int dir_len = s ? (int)(s - path + 1) : 0; /* "PARENT/" */
    int n = snprintf(out, TB_PATH_MAX, "%.*s.%s.%s-%ld@%s", dir_len, path, path + dir_len, kind,
                     (long)getpid(), tb_fs_host());
    if (n > 0 && n < TB_PATH_MAX && n - dir_len <= NAME_MAX) /* the name must fit too */
        return 1;
    errno = ENAMETOOLONG;
    return 0;
}

/* ---- folders ---- */

static int mkdir_one(const char *p)
{
    if (mkdir(p, 0777) == 0)
        return 0;
    struct stat sb;
    if (errno != EEXIST || stat(p, &sb) != 0)
        return -1;
    if (!S_ISDIR(sb.st_mode)) {
        errno = ENOTDIR;
        return -1;
    }
    return 0;
}

tb_status tb_fs_mkdirs(const char *path, tb_diag *diag)
{
    char p[TB_PATH_MAX];
    if (snprintf(p, sizeof p, "%s", path) >= (int)sizeof p) {
        errno = ENAMETOOLONG;
        return tb_diag_io(diag, path, "path too long");
    }
    for (char *s = p + 1; *s; s++) {
        if (*s != '/' || s[-1] == '/')
            continue;
        *s = '\0';
        if (mkdir_one(p) != 0)
            return tb_diag_io(diag, p, "cannot create the folder");
        *s = '/';
    }
    if (mkdir_one(p) != 0)
        return tb_diag_io(diag, p, "cannot create the folder");
    return TB_OK;
}

tb_status tb_fs_remove_tree(const char *path, tb_diag *diag)
{
    struct stat sb;
    if (lstat(path, &sb) != 0)
        return errno == ENOENT ? TB_OK : tb_diag_io(diag, path, "cannot remove");
    if (!S_ISDIR(sb.st_mode)) {
        errno = S_ISLNK(sb.st_mode) ? ELOOP : ENOTDIR;
        return tb_diag_io(diag, path, "not a folder; left alone");
    }
    /* through descriptors, on this file system only (base/safe.h) */
    return tb_safe_remove_tree(path, diag);
}

/* Write all of buf[0..n) to fd. 0 or -1 (errno). */
static int write_all(int fd, const char *buf, size_t n)
{
    while (n) {
        ssize_t w = write(fd, buf, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        buf += w;
        n -= (size_t)w;
    }
    return 0;
}

tb_status tb_fs_copy(const char *from, const char *to, tb_diag *diag)
{
    int in = open(from, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (in < 0)
        return tb_diag_io(diag, from, "cannot open");
    int out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (out < 0) {
        close(in);
        return tb_diag_io(diag, to, "cannot create");
    }
    char buf[1 << 16];
    tb_status st = TB_OK;
    for (;;) {
        ssize_t r = read(in, buf, sizeof buf);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            st = tb_diag_io(diag, from, "cannot read");
        else if (r > 0 && write_all(out, buf, (size_t)r) != 0)
            st = tb_diag_io(diag, to, "cannot write");
        if (r <= 0 || st != TB_OK)
            break;
    }
    close(in);
    if (close(out) != 0 && st == TB_OK)
        st = tb_diag_io(diag, to, "cannot write");
    return st;
}

tb_status tb_fs_link_or_copy(const char *from, const char *to, tb_diag *diag)
{
    return link(from, to) == 0 ? TB_OK : tb_fs_copy(from, to, diag);
}

tb_status tb_fs_sync_dir(const char *dir, tb_diag *diag)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    tb_status st = fd >= 0 && fsync(fd) == 0
                       ? TB_OK
                       : tb_diag_io(diag, dir, "cannot flush the folder to disk");
    if (fd >= 0)
        close(fd);
    return st;
}

/* sync_tree's passes: first every file's writeback started at once (so the
 * device has them all queued, rather than one file per fsync), then each
 * one fsynced, which then mostly finds its data written. */
enum { START_WRITEBACK, WAIT_SYNCED };

static tb_status sync_file(const char *p, int pass, tb_diag *diag)
{
    int fd = open(p, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    int ok = fd >= 0;
    if (ok && pass == START_WRITEBACK)
        (void)sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE); /* a hint: the fsync decides */
    else if (ok)
        ok = fsync(fd) == 0;
    if (fd >= 0)
        close(fd);
    return ok ? TB_OK : tb_diag_io(diag, p, "cannot flush the file to disk");
}

static tb_status sync_tree(const char *dir, int depth, int pass, tb_diag *diag)
{
    if (depth > 64) {
        errno = ELOOP;
        return tb_diag_io(diag, dir, "cannot flush the folder to disk");
    }
    DIR *d = opendir(dir);
    if (!d)
        return tb_diag_io(diag, dir, "cannot read the folder");
    tb_status st = TB_OK;
    struct dirent *de;
    while (st == TB_OK && (de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        char p[TB_PATH_MAX];
        struct stat sb;
        if (!tb_path_join(p, dir, de->d_name) || lstat(p, &sb) != 0) {
            st = tb_diag_io(diag, p, "cannot flush the file to disk");
        } else if (S_ISDIR(sb.st_mode)) {
            st = sync_tree(p, depth + 1, pass, diag);
        } else if (S_ISREG(sb.st_mode)) {
            st = sync_file(p, pass, diag);
        }
    }
    closedir(d);
    return st == TB_OK && pass == WAIT_SYNCED ? tb_fs_sync_dir(dir, diag) : st;
}

tb_status tb_fs_sync_tree(const char *dir, tb_diag *diag)
{
    tb_status st = sync_tree(dir, 0, START_WRITEBACK, diag);
    return st == TB_OK ? sync_tree(dir, 0, WAIT_SYNCED, diag) : st;
}

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

tb_status tb_fs_swap_in(const char *fresh, const char *dst, const char *aside, tb_diag *diag)
{
    struct stat sb;
    if (lstat(dst, &sb) != 0) {
        if (errno != ENOENT)
            return tb_diag_io(diag, dst, "cannot look at");
        if (rename(fresh, dst) != 0)
            return tb_diag_io(diag, dst, "cannot move the new folder into place");
        return TB_OK;
    }
#ifdef SYS_renameat2
    if (syscall(SYS_renameat2, AT_FDCWD, fresh, AT_FDCWD, dst, RENAME_EXCHANGE) == 0) {
        /* now the previous one, whatever it was (a planted link: unlinked, never followed) */
        (void)tb_safe_remove_tree(fresh, NULL);
        return TB_OK;
    }
#endif
    if (rename(dst, aside) != 0)
        return tb_diag_io(diag, dst, "cannot move the previous folder aside");
    if (rename(fresh, dst) != 0) {
        tb_status st = tb_diag_io(diag, dst, "cannot move the new folder into place");
        /* put the previous one back; should that fail too, it waits at
         * `aside`, where tb_fs_sweep_stale restores it */
        (void)rename(aside, dst);
        return st;
    }
    (void)tb_safe_remove_tree(aside, NULL);
    return TB_OK;
}

/* ---- temporary files ---- */

const char *tb_fs_tmp_dir(void)
{
    const char *d = getenv("TMPDIR");
    return d && *d ? d : "/tmp";
}

FILE *tb_fs_tmpfile(void)
{
    char path[TB_PATH_MAX];
    if (!tb_path_join(path, tb_fs_tmp_dir(), "tingbao-XXXXXX")) {
        errno = ENAMETOOLONG;
        return NULL;
    }
    int fd = mkstemp(path); /* 0600 */
    if (fd < 0)
        return NULL;
    FILE *f = unlink(path) == 0 ? fdopen(fd, "w+b") : NULL;
    if (!f) {
        int e = errno;
        close(fd);
        errno = e;
    }
    return f;
}

unsigned long long tb_fs_free_bytes(int fd)
{
    struct statvfs sv;
    if (fstatvfs(fd, &sv) != 0)
        return 0;
    return (unsigned long long)sv.f_bavail * (unsigned long long)sv.f_frsize;
}
