/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mbrola.c — the voice description and the mbrola co-process (mbrola.h).
 *
 * One mbrola process per sentence, started by the section's worker (the
 * child process that speaks the section): MBROLA 3.3 writes no end marker
 * after a flush (`#`), and its sample count is not the sum of the phone
 * durations (measured: `_ 100` gives 2184 samples, `_ 1000` 22008, two
 * identical utterances in one stream 61318 bytes against 2 × 30530 alone),
 * so only the end of its output tells where a sentence ends. Starting it
 * costs 4 ms (cn1 is read at start, 4.4 MB).
 */
#define _GNU_SOURCE
#include "synth/mbrola.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

struct tb_mbrola {
    char database[512];
};

/* 1 if an executable `name` is on PATH. */
static int on_path(const char *name)
{
    const char *path = getenv("PATH");
    if (!path)
        path = "/usr/bin:/bin";
    char buf[1024];
    for (const char *p = path; *p;) {
        const char *e = strchr(p, ':');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        if (l > 0 && snprintf(buf, sizeof buf, "%.*s/%s", (int)l, p, name) < (int)sizeof buf &&
            access(buf, X_OK) == 0)
            return 1;
        p += l + (e ? 1 : 0);
    }
    return 0;
}

/* key value lines (// comments) of a description into the fields. */
static int read_desc(FILE *f, char *family, char *reader, char *db, char *pkgs)
{
    char line[512];
    while (fgets(line, sizeof line, f)) {
        char *c = strstr(line, "//");
        if (c)
            *c = '\0';
        char key[32], val[400] = "";
        if (sscanf(line, " %31s %399[^\n]", key, val) < 1)
            continue;
        for (size_t l = strlen(val); l && (val[l - 1] == ' ' || val[l - 1] == '\t');)
            val[--l] = '\0';
        if (!strcmp(key, "family"))
            snprintf(family, 32, "%.31s", val);
        else if (!family[0])
            return 0; /* family must come first: this is an eSpeak voice file */
        else if (!strcmp(key, "reader"))
            snprintf(reader, 400, "%s", val);
        else if (!strcmp(key, "database"))
            snprintf(db, 400, "%s", val);
        else if (!strcmp(key, "packages"))
            snprintf(pkgs, 400, "%s", val);
    }
    return 1;
}

int tb_mbrola_described(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    char family[32] = "", rd[400] = "", db[400] = "", pkgs[400] = "";
    int desc = read_desc(f, family, rd, db, pkgs);
    fclose(f);
    return desc && !strcmp(family, "mbrola");
}

tb_status tb_mbrola_open(const char *path, tb_mbrola **out, char **reader, tb_diag *diag)
{
    *out = NULL;
    *reader = NULL;
    FILE *f = fopen(path, "r");
    if (!f)
        return TB_OK; /* the eSpeak path reports it */
    char family[32] = "", rd[400] = "", db[400] = "", pkgs[400] = "mbrola mbrola-cn1";
    int desc = read_desc(f, family, rd, db, pkgs);
    fclose(f);
    if (!desc || strcmp(family, "mbrola"))
        return TB_OK;
    if (!rd[0] || !db[0]) {
        tb_diag_set(diag, path, 0, 0, "a mbrola voice needs `reader` and `database` lines");
        return TB_ERR_SYNTH;
    }
    if (!on_path("mbrola") || access(db, R_OK) != 0) {
        tb_diag_set(diag, path, 0, 0,
                    "this voice needs MBROLA and its database %s: install the Debian packages %s "
                    "(contrib, non-free: scripts/install-deps voices)",
                    db, pkgs);
        return TB_ERR_SYNTH;
    }
    const char *slash = strrchr(path, '/');
    int dirlen = rd[0] == '/' || !slash ? 0 : (int)(slash - path + 1);
    size_t need = (size_t)dirlen + strlen(rd) + 1;
    tb_mbrola *mb = calloc(1, sizeof *mb);
    char *r = malloc(need);
    if (!mb || !r) {
        free(mb);
        free(r);
        return TB_ERR_NOMEM;
    }
    snprintf(r, need, "%.*s%s", dirlen, path, rd);
    snprintf(mb->database, sizeof mb->database, "%s", db);
    *out = mb;
    *reader = r;
    return TB_OK;
}

void tb_mbrola_free(tb_mbrola *mb)
{
    free(mb);
}

/* Start `mbrola -e -v 0.7 DB - -` with its stdin, stdout and stderr on pipes. */
static pid_t start(const tb_mbrola *mb, int fd[3])
{
    int p[3][2];
    for (int i = 0; i < 3; i++)
        if (pipe2(p[i], O_CLOEXEC) != 0) {
            for (int j = 0; j < i; j++)
                close(p[j][0]), close(p[j][1]);
            return -1;
        }
    pid_t pid = fork();
    if (pid == 0) {
        if (dup2(p[0][0], 0) < 0 || dup2(p[1][1], 1) < 0 || dup2(p[2][1], 2) < 0)
            _exit(127);
        /* -v: cn1 at its own volume clips ("Saturation on x-ing" on the seed);
         * the loudness stage levels the result anyway */
        execlp("mbrola", "mbrola", "-e", "-v", "0.7", mb->database, "-", "-", (char *)NULL);
        _exit(127);
    }
    close(p[0][0]);
    close(p[1][1]);
    close(p[2][1]);
    fd[0] = p[0][1];
    fd[1] = p[1][0];
    fd[2] = p[2][0];
    if (pid < 0)
        for (int i = 0; i < 3; i++)
            close(fd[i]);
    return pid;
}

/* Forward complete lines of MBROLA's messages; keeps a partial line. */
static void messages(char *buf, size_t *len, int flush)
{
    char *s = buf, *nl;
    while ((nl = memchr(s, '\n', *len - (size_t)(s - buf)))) {
        fprintf(stderr, "tingbao: mbrola: %.*s\n", (int)(nl - s), s);
        s = nl + 1;
    }
    size_t rest = *len - (size_t)(s - buf);
    if (flush && rest)
        fprintf(stderr, "tingbao: mbrola: %.*s\n", (int)rest, s), rest = 0;
    memmove(buf, s, rest);
    *len = rest;
}

typedef struct {
    unsigned char pcm[8192 + 1];
    size_t have; /* bytes in pcm (an odd byte waits for its pair) */
    char err[1024];
    size_t elen;
} pump;

/* One read from fd 1 or 2; returns 0 at its end, -1 on error, 1 otherwise. */
static int pump_read(pump *pu, int which, int fd, tb_synth_sink sink, void *ctx, uint64_t *made,
                     tb_status *st)
{
    char *dst = which == 1 ? (char *)pu->pcm + pu->have : pu->err + pu->elen;
    size_t room = which == 1 ? sizeof pu->pcm - 1 - pu->have : sizeof pu->err - 1 - pu->elen;
    ssize_t k = read(fd, dst, room);
    if (k < 0)
        return errno == EINTR || errno == EAGAIN ? 1 : -1;
    if (k == 0)
        return 0;
    if (which == 2) {
        pu->elen += (size_t)k;
        messages(pu->err, &pu->elen, pu->elen == sizeof pu->err - 1);
        return 1;
    }
    pu->have += (size_t)k;
    size_t n = pu->have / 2;
    int16_t samples[4096];
    memcpy(samples, pu->pcm, n * 2);
    if (*st == TB_OK && n && sink)
        *st = sink(samples, n, ctx);
    if (*st == TB_OK)
        *made += n;
    pu->pcm[0] = pu->pcm[n * 2];
    pu->have -= n * 2;
    return 1;
}

tb_status tb_mbrola_speak(tb_mbrola *mb, const char *pho, size_t len, tb_synth_sink sink, void *ctx,
                          uint64_t *made)
{
    int fd[3];
    uint64_t count = 0;
    struct sigaction ign = {.sa_handler = SIG_IGN}, old;
    sigemptyset(&ign.sa_mask);
    sigaction(SIGPIPE, &ign, &old); /* a dead mbrola is a status, not a signal */
    pid_t pid = start(mb, fd);
    if (pid < 0) {
        sigaction(SIGPIPE, &old, NULL);
        return TB_ERR_SYNTH;
    }
    fcntl(fd[0], F_SETFL, O_NONBLOCK);
    pump *pu = calloc(1, sizeof *pu);
    tb_status st = pu ? TB_OK : TB_ERR_NOMEM;
    size_t sent = 0;
    int open_out = 1, open_err = 1, fail = 0;
    if (len == 0)
        close(fd[0]), fd[0] = -1;
    /* cppcheck-suppress knownConditionTrueFalse ; the loop's body closes them */
    while (pu && (open_out || open_err) && !fail) {
        struct pollfd pf[3] = {{fd[0], POLLOUT, 0},
                               {open_out ? fd[1] : -1, POLLIN, 0},
                               {open_err ? fd[2] : -1, POLLIN, 0}};
        if (poll(pf, 3, -1) < 0) {
            fail = errno != EINTR;
            continue;
        }
        if (fd[0] >= 0 && pf[0].revents) {
            ssize_t k = write(fd[0], pho + sent, len - sent);
            if (k > 0)
                sent += (size_t)k;
            if ((k < 0 && errno != EAGAIN && errno != EINTR) || sent == len)
                close(fd[0]), fd[0] = -1;
        }
        for (int w = 1; w <= 2; w++) {
            int *open = w == 1 ? &open_out : &open_err;
            if (*open && pf[w].revents) {
                int r = pump_read(pu, w, fd[w], sink, ctx, &count, &st);
                if (r <= 0)
                    *open = 0, fail |= r < 0;
            }
        }
        if (st != TB_OK)
            break;
    }
    if (pu && pu->elen)
        messages(pu->err, &pu->elen, 1);
    for (int i = 0; i < 3; i++)
        if (fd[i] >= 0)
            close(fd[i]);
    if (st != TB_OK)
        kill(pid, SIGKILL);
    int ws = 0;
    while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
        ;
    sigaction(SIGPIPE, &old, NULL);
    free(pu);
    if (made)
        *made = count;
    if (st == TB_OK && (fail || !WIFEXITED(ws) || WEXITSTATUS(ws) != 0))
        st = TB_ERR_SYNTH;
    return st;
}
