/* SPDX-License-Identifier: GPL-3.0-or-later */
/* safe_out.c — the output side of base/safe.h: removal through descriptors,
 * exclusive creation, locks, claiming an output folder, writing a report. */
#include "base/safe.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/fs.h"

/* rm -r of the folder `name` in dfd, through descriptors; depth-limited,
 * on dfd's file system only. 0 or -1 (errno of the first failure). */
static int remove_dir_at(int dfd, const char *name, int depth)
{
    if (depth > 64) {
        errno = ELOOP;
        return -1;
    }
    int fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT ? 0 : -1;
    struct stat here, up;
    if (fstat(fd, &here) != 0 || fstat(dfd, &up) != 0 || here.st_dev != up.st_dev) {
        close(fd);
        errno = EXDEV; /* a mount point: never emptied */
        return -1;
    }
    DIR *d = fdopendir(fd);
    if (!d) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    int first_errno = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        struct stat st;
        int r;
        if (fstatat(fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
            r = errno == ENOENT ? 0 : -1;
        else if (S_ISDIR(st.st_mode))
            r = remove_dir_at(fd, de->d_name, depth + 1);
        else
            r = unlinkat(fd, de->d_name, 0) == 0 || errno == ENOENT ? 0 : -1;
        if (r != 0 && !first_errno)
            first_errno = errno;
    }
    closedir(d); /* closes fd */
    if (unlinkat(dfd, name, AT_REMOVEDIR) != 0 && errno != ENOENT && !first_errno)
        first_errno = errno;
    errno = first_errno;
    return first_errno ? -1 : 0;
}

int tb_safe_remove_tree_at(int dfd, const char *name)
{
    struct stat top;
    if (fstatat(dfd, name, &top, AT_SYMLINK_NOFOLLOW) != 0)
        return errno == ENOENT ? 0 : -1;
    if (!S_ISDIR(top.st_mode))
        return unlinkat(dfd, name, 0) == 0 || errno == ENOENT ? 0 : -1;
    return remove_dir_at(dfd, name, 0);
}

tb_status tb_safe_remove_tree(const char *path, tb_diag *diag)
{
    char parent[TB_PATH_MAX], name[TB_PATH_MAX];
    tb_status st = tb_path_split(path, parent, name, diag);
    if (st != TB_OK)
        return st;
    int dfd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0)
        return errno == ENOENT ? TB_OK : tb_diag_io(diag, path, "cannot remove");
    int rc = tb_safe_remove_tree_at(dfd, name);
    st = rc == 0 ? TB_OK : tb_diag_io(diag, path, "cannot remove");
    close(dfd);
    return st;
}

int tb_safe_create(const char *path, int replace_leftover, tb_status *st, tb_diag *diag)
{
    const int flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC;
    int fd = open(path, flags, 0644);
    if (fd < 0 && errno == EEXIST && replace_leftover) {
        char parent[TB_PATH_MAX], name[TB_PATH_MAX];
        int dfd = tb_path_split(path, parent, name, NULL) == TB_OK
                      ? open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
                      : -1;
        if (dfd >= 0) {
            if (tb_safe_remove_tree_at(dfd, name) == 0)
                fd = openat(dfd, name, flags, 0644);
            close(dfd);
        }
    }
    if (fd < 0)
        *st = tb_diag_io(diag, path, "cannot create");
    else
        *st = TB_OK;
    return fd;
}

/* The holder a lock file names, made printable, into out. */
static void lock_holder(int fd, char *out, size_t cap)
{
    char buf[80];
    ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
    size_t k = 0;
    for (ssize_t i = 0; i < n && k + 1 < cap && buf[i] != '\n'; i++)
        if ((buf[i] >= '0' && buf[i] <= '9') || (buf[i] >= 'a' && buf[i] <= 'z') ||
            (buf[i] >= 'A' && buf[i] <= 'Z') || buf[i] == '@' || buf[i] == '.' || buf[i] == '-')
            out[k++] = buf[i];
    out[k] = '\0';
    if (!k)
        snprintf(out, cap, "another process");
}

/* Open and lock the lock file once: 1 locked, 0 the file was replaced while
 * we waited (try again), -1 failed (diag, *st). */
static int lock_once(const char *path, int wait, int *fd, tb_status *st, tb_diag *diag)
{
    *fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0644);
    if (*fd < 0) {
        *st = tb_diag_io(diag, path, "cannot open the lock file");
        return -1;
    }
    struct stat sb, now;
    if (fstat(*fd, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_nlink != 1) {
        tb_diag_set(diag, path, 0, 0, "not a lock file of ours (a link or not a regular file)");
        if (diag)
            diag->err = 0;
        *st = TB_ERR_USAGE;
        return -1;
    }
    int rc;
    while ((rc = flock(*fd, LOCK_EX | (wait ? 0 : LOCK_NB))) != 0 && errno == EINTR)
        ;
    if (rc != 0 && errno == EWOULDBLOCK) {
        char who[80];
        lock_holder(*fd, who, sizeof who);
        tb_diag_set(diag, path, 0, 0, "in use: being written by %s", who);
        if (diag)
            diag->err = 0;
        *st = TB_ERR_IO;
        return -1;
    }
    if (rc != 0) {
        *st = tb_diag_io(diag, path, "cannot lock");
        return -1;
    }
    if (lstat(path, &now) != 0 || now.st_ino != sb.st_ino || now.st_dev != sb.st_dev)
        return 0; /* its holder removed it as we waited */
    return 1;
}

tb_status tb_safe_lock(const char *path, int wait, int *fd, tb_diag *diag)
{
    tb_status st = TB_OK;
    int r;
    for (int tries = 0; (r = lock_once(path, wait, fd, &st, diag)) == 0 && tries < 1000; tries++)
        close(*fd);
    if (r != 1) {
        if (*fd >= 0)
            close(*fd);
        *fd = -1;
        if (r == 0) {
            tb_diag_set(diag, path, 0, 0, "cannot lock: the lock file keeps being replaced");
            st = TB_ERR_IO;
        }
        return st;
    }
    char me[96];
    int n = snprintf(me, sizeof me, "%ld@%s\n", (long)getpid(), tb_fs_host());
    /* the holder's name is a courtesy for the next one; the lock is what counts */
    int named = ftruncate(*fd, 0) == 0 && pwrite(*fd, me, (size_t)n, 0) == n;
    (void)named;
    return TB_OK;
}

void tb_safe_release_dest(tb_dest_lock *lk)
{
    if (lk->fd < 0)
        return;
    unlink(lk->path);
    close(lk->fd);
    lk->fd = -1;
}

tb_status tb_safe_claim_dest(const char *dir, tb_dest_lock *lk, tb_diag *diag)
{
    lk->fd = -1;
    char path[TB_PATH_MAX], parent[TB_PATH_MAX], name[TB_PATH_MAX], probe[TB_PATH_MAX];
    if (snprintf(path, sizeof path, "%s", dir) >= (int)sizeof path) {
        errno = ENAMETOOLONG;
        return tb_diag_io(diag, dir, "path too long");
    }
    for (size_t n = strlen(path); n > 1 && path[n - 1] == '/';)
        path[--n] = '\0';
    if (tb_path_split(path, parent, name, diag) != TB_OK) {
        tb_diag_set(diag, dir, 0, 0, "the output must name a folder, not . or ..");
        return TB_ERR_USAGE;
    }
    if (!tb_fs_temp_name(probe, path, "tmp")) {
        long room = NAME_MAX - (long)strlen(probe + strlen(parent) + 1) + (long)strlen(name);
        tb_diag_set(diag, dir, 0, 0,
                    "folder name too long: %zu bytes, at most %ld here (tingbao works in "
                    ".NAME.tmp-PID@%s beside it)",
                    strlen(name), room, tb_fs_host());
        if (diag)
            diag->err = 0;
        return TB_ERR_USAGE;
    }
    struct stat d, p;
    if (stat(path, &d) == 0 && S_ISDIR(d.st_mode) && stat(parent, &p) == 0 &&
        (d.st_dev != p.st_dev || d.st_ino == p.st_ino)) {
        tb_diag_set(diag, dir, 0, 0,
                    "is a mount point: an edition folder is replaced by a rename, which a mount "
                    "point refuses; give a folder inside it");
        return TB_ERR_USAGE;
    }
    tb_status st = tb_fs_mkdirs(parent, diag);
    if (st != TB_OK)
        return st;
    if (snprintf(probe, sizeof probe, ".%s.lock", name) >= (int)sizeof probe ||
        !tb_path_join(lk->path, parent, probe))
        return tb_diag_io(diag, dir, "path too long");
    return tb_safe_lock(lk->path, 0, &lk->fd, diag);
}

static tb_status write_all(int fd, const char *path, const void *data, size_t len, tb_diag *diag)
{
    const char *p = data;
    while (len) {
        ssize_t w = write(fd, p, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return tb_diag_io(diag, path, "cannot write");
        p += w;
        len -= (size_t)w;
    }
    return TB_OK;
}

static tb_status stream_to(const char *path, const void *data, size_t len, tb_diag *diag)
{
    int fd = open(path, O_WRONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    struct stat sb;
    if (fd < 0)
        return tb_diag_io(diag, path, "cannot open");
    int fl = fcntl(fd, F_GETFL);
    if (fstat(fd, &sb) != 0 || !(S_ISCHR(sb.st_mode) || S_ISFIFO(sb.st_mode)) || fl < 0 ||
        fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) != 0) {
        close(fd);
        tb_diag_set(diag, path, 0, 0, "changed while it was opened; not written");
        return TB_ERR_USAGE;
    }
    tb_status st = write_all(fd, path, data, len, diag);
    if (close(fd) != 0 && st == TB_OK)
        st = tb_diag_io(diag, path, "cannot write");
    return st;
}

/* The descriptor a name of our own standard streams stands for (/dev/stdout,
 * /dev/stderr, /dev/fd/N, /proc/self/fd/N), or -1. */
static int own_stream(const char *path)
{
    if (!strcmp(path, "/dev/stdout"))
        return 1;
    if (!strcmp(path, "/dev/stderr"))
        return 2;
    const char *n = !strncmp(path, "/dev/fd/", 8)          ? path + 8
                    : !strncmp(path, "/proc/self/fd/", 14) ? path + 14
                                                           : NULL;
    if (!n || !*n || strspn(n, "0123456789") != strlen(n) || strlen(n) > 6)
        return -1;
    return atoi(n);
}

tb_status tb_safe_write_output(const char *path, const void *data, size_t len, tb_diag *diag)
{
    char target[64];
    ssize_t tl = readlink(path, target, sizeof target - 1);
    if (tl > 0)
        target[tl] = '\0';
    int own = own_stream(path);
    if (own < 0 && tl > 0)
        own = own_stream(target); /* a link to /proc/self/fd/1, as /dev/stdout is */
    if (own >= 0) /* whatever our stream is (a file, a pipe), it is written as one */
        return write_all(own, path, data, len, diag);
    struct stat l, t;
    if (lstat(path, &l) != 0)
        return errno == ENOENT ? tb_file_write_atomic(path, data, len, diag)
                               : tb_diag_io(diag, path, "cannot look at");
    if (stat(path, &t) == 0 && (S_ISCHR(t.st_mode) || S_ISFIFO(t.st_mode)))
        return stream_to(path, data, len, diag);
    if (S_ISREG(l.st_mode))
        return tb_file_write_atomic(path, data, len, diag);
    tb_diag_set(diag, path, 0, 0, "%s; not replaced (give a regular file, a device or a pipe)",
                S_ISLNK(l.st_mode) ? "a symbolic link" : "not a regular file");
    if (diag)
        diag->err = 0;
    return TB_ERR_USAGE;
}
