/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fake_sound_home.c — an LD_PRELOAD shim for running Debian's daisy-player
 * headless in tests/cases/player_daisy.sh: opening /proc/asound/cards opens
 * $TB_FAKE_CARDS instead (daisy-player aborts without a sound card, though
 * it plays through PulseAudio), and the passwd entry's home is $TB_FAKE_HOME
 * (daisy-player keeps its settings and bookmarks under getpwuid()'s home,
 * not $HOME, and a test must not write there). Built by the test with cc.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *swap(const char *path)
{
    const char *fake = getenv("TB_FAKE_CARDS");
    return fake && path && !strcmp(path, "/proc/asound/cards") ? fake : path;
}

static void *next(const char *name)
{
    void *f = dlsym(RTLD_NEXT, name);
    if (!f)
        abort(); /* no such function below us: nothing sensible to do */
    return f;
}

/* open(2)-like calls carry a mode only with O_CREAT/O_TMPFILE; reading it
 * always is harmless (an int from the variadic area) and keeps this short. */
#define OPEN_LIKE(name)                                                                            \
    int name(const char *path, int flags, ...)                                                     \
    {                                                                                              \
        int (*real)(const char *, int, ...) = (int (*)(const char *, int, ...))next(#name);        \
        va_list ap;                                                                                \
        va_start(ap, flags);                                                                       \
        int mode = va_arg(ap, int);                                                                \
        va_end(ap);                                                                                \
        return real(swap(path), flags, mode);                                                      \
    }
OPEN_LIKE(open)
OPEN_LIKE(open64)

#define OPENAT_LIKE(name)                                                                          \
    int name(int dir, const char *path, int flags, ...)                                            \
    {                                                                                              \
        int (*real)(int, const char *, int, ...) =                                                 \
            (int (*)(int, const char *, int, ...))next(#name);                                     \
        va_list ap;                                                                                \
        va_start(ap, flags);                                                                       \
        int mode = va_arg(ap, int);                                                                \
        va_end(ap);                                                                                \
        return real(dir, swap(path), flags, mode);                                                 \
    }
OPENAT_LIKE(openat)
OPENAT_LIKE(openat64)

#define FOPEN_LIKE(name)                                                                           \
    FILE *name(const char *path, const char *mode)                                                 \
    {                                                                                              \
        FILE *(*real)(const char *, const char *) =                                                \
            (FILE * (*)(const char *, const char *)) next(#name);                                  \
        return real(swap(path), mode);                                                             \
    }
FOPEN_LIKE(fopen)
FOPEN_LIKE(fopen64)

static struct passwd *rehome(struct passwd *pw)
{
    char *home = getenv("TB_FAKE_HOME");
    if (pw && home)
        pw->pw_dir = home;
    return pw;
}

struct passwd *getpwuid(uid_t uid)
{
    struct passwd *(*real)(uid_t) = (struct passwd * (*)(uid_t)) next("getpwuid");
    return rehome(real(uid));
}

struct passwd *getpwnam(const char *name)
{
    struct passwd *(*real)(const char *) = (struct passwd * (*)(const char *)) next("getpwnam");
    return rehome(real(name));
}

int getpwuid_r(uid_t uid, struct passwd *pw, char *buf, size_t n, struct passwd **out)
{
    int (*real)(uid_t, struct passwd *, char *, size_t, struct passwd **) =
        (int (*)(uid_t, struct passwd *, char *, size_t, struct passwd **))next("getpwuid_r");
    int rc = real(uid, pw, buf, n, out);
    if (rc == 0)
        rehome(*out);
    return rc;
}
