/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * section.c — one section spoken in a child process (tb_synth_speak_section),
 * and the section server that forks those children (tb_synth_fork_server).
 * The parent turns every sentence into its back-end's script; the child says
 * the scripts and writes messages to a pipe; the parent reads them in order
 * and calls the events. Nothing here knows the engine.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "synth/synth_int.h"

/* The scripts of a section's sentences. */
typedef struct {
    char *data;
    size_t len;
} script;

static void free_scripts(script *scripts, size_t n)
{
    for (size_t j = 0; j < n; j++)
        free(scripts[j].data);
    free(scripts);
}

/* Messages from the child: a header, then for PCM the samples. */
enum { MSG_PCM = 1, MSG_SENTENCE, MSG_DONE, MSG_PID, MSG_END };

typedef struct {
    uint32_t kind;
    uint32_t n;     /* MSG_PCM: samples that follow; MSG_SENTENCE: the sentence */
    uint64_t made;  /* MSG_SENTENCE: its samples */
    int64_t status; /* MSG_SENTENCE: tb_status (64 bits: no padding to leave unset) */
} msg;

static int write_all(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n > 0) {
        ssize_t k = write(fd, c, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        c += k;
        n -= (size_t)k;
    }
    return 0;
}

/* 1: read all n bytes; 0: end of file before any; -1: error or a cut message. */
static int read_all(int fd, void *p, size_t n)
{
    char *c = p;
    size_t got = 0;
    while (got < n) {
        ssize_t k = read(fd, c + got, n - got);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0)
            return -1;
        if (k == 0)
            return got == 0 ? 0 : -1;
        got += (size_t)k;
    }
    return 1;
}

static tb_status child_sink(const int16_t *pcm, size_t n, void *ctx)
{
    int fd = *(int *)ctx;
    msg m = {MSG_PCM, (uint32_t)n, 0, 0};
    if (write_all(fd, &m, sizeof m) != 0 || write_all(fd, pcm, n * sizeof *pcm) != 0)
        return TB_ERR_IO;
    return TB_OK;
}

static void child_main(tb_synth *sy, unsigned seed, const script *scripts, size_t n, int fd)
{
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGPIPE, SIG_DFL);
    msg hello = {MSG_PID, 0, (uint64_t)getpid(), 0};
    if (write_all(fd, &hello, sizeof hello) != 0)
        _exit(2);
    srand(seed);
    for (size_t j = 0; j < n; j++) {
        uint64_t made = 0;
        tb_status st = tb_synth_say(sy, scripts[j].data ? scripts[j].data : "", scripts[j].len,
                                    child_sink, &fd, &made);
        if (st == TB_ERR_IO) /* the parent is gone or stopped reading */
            _exit(2);
        msg m = {MSG_SENTENCE, (uint32_t)j, made, (int64_t)st};
        if (write_all(fd, &m, sizeof m) != 0)
            _exit(2);
    }
    msg m = {MSG_DONE, 0, 0, 0};
    _exit(write_all(fd, &m, sizeof m) == 0 ? 0 : 2);
}

/* Read the child's messages until MSG_DONE; stops at the first event that says stop. */
static tb_status parent_loop(int fd, size_t n, const tb_synth_events *ev, int *done, pid_t *child)
{
    int16_t *buf = NULL;
    size_t cap = 0;
    tb_status st = TB_OK;
    msg m;
    while (st == TB_OK && read_all(fd, &m, sizeof m) == 1) {
        if (m.kind == MSG_PID) {
            *child = (pid_t)m.made;
            continue;
        }
        if (m.kind == MSG_DONE) {
            *done = 1;
            break;
        }
        if (m.kind == MSG_SENTENCE && m.n < n) {
            st = ev->sentence ? ev->sentence(m.n, m.made, (tb_status)m.status, ev->ctx) : TB_OK;
            continue;
        }
        if (m.kind != MSG_PCM || m.n > (1u << 24)) {
            st = TB_ERR_SYNTH;
            break;
        }
        if (m.n > cap) {
            int16_t *nb = realloc(buf, m.n * sizeof *buf);
            if (!nb) {
                st = TB_ERR_NOMEM;
                break;
            }
            buf = nb;
            cap = m.n;
        }
        if (read_all(fd, buf, m.n * sizeof *buf) != 1)
            break; /* cut short: the child died; the caller sees no MSG_DONE */
        st = ev->pcm ? ev->pcm(buf, m.n, ev->ctx) : TB_OK;
    }
    free(buf);
    return st;
}

/* ---- the section server ----
 * A process forked while the caller is still single-threaded, which forks
 * one child per section on request: fork() from a threaded process is safe
 * with glibc's malloc, but not with every allocator (AddressSanitizer's keeps
 * locks another thread may hold at that moment, and the child then hangs).
 * Request: seed, n, then n scripts (length + bytes). The child writes its
 * messages (MSG_PID first) to the shared result pipe; when it has exited,
 * the server writes MSG_END with its wait status. One section at a time. */

static int read_req(int fd, void *p, size_t n)
{
    return read_all(fd, p, n) == 1;
}

static void server_main(tb_synth *sy, int req, int res)
{
    signal(SIGINT, SIG_IGN); /* the caller decides; a ^C reaches the section child */
    signal(SIGTERM, SIG_DFL);
    for (;;) {
        uint64_t head[2]; /* seed, n */
        if (!read_req(req, head, sizeof head))
            _exit(0); /* the caller is done */
        size_t n = (size_t)head[1];
        script *scripts = calloc(n ? n : 1, sizeof *scripts);
        int ok = scripts != NULL;
        for (size_t j = 0; ok && j < n; j++) {
            uint64_t len;
            ok = read_req(req, &len, sizeof len) && len < ((uint64_t)1 << 30) &&
                 (scripts[j].data = malloc((size_t)len + 1)) != NULL &&
                 (len == 0 || read_req(req, scripts[j].data, (size_t)len));
            if (ok)
                scripts[j].len = (size_t)len;
        }
        if (!ok)
            _exit(2);
        pid_t pid = fork();
        if (pid == 0) {
            close(req);
            child_main(sy, (unsigned)head[0], scripts, n, res);
        }
        int ws = 0;
        while (pid > 0 && waitpid(pid, &ws, 0) < 0 && errno == EINTR)
            ;
        free_scripts(scripts, n);
        msg end = {MSG_END, 0, pid > 0 ? (uint64_t)(unsigned)ws : UINT64_MAX, 0};
        if (write_all(res, &end, sizeof end) != 0)
            _exit(2);
    }
}

tb_status tb_synth_fork_server(tb_synth *sy, tb_diag *diag)
{
    int req[2], res[2];
    if (sy->server)
        return TB_OK;
    if (pipe(req) != 0) {
        tb_diag_set(diag, NULL, 0, 0, "cannot start the speech engine's process: %s",
                    strerror(errno));
        return TB_ERR_SYNTH;
    }
    if (pipe(res) != 0) {
        int e = errno;
        close(req[0]);
        close(req[1]);
        tb_diag_set(diag, NULL, 0, 0, "cannot start the speech engine's process: %s", strerror(e));
        return TB_ERR_SYNTH;
    }
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        close(req[0]);
        close(req[1]);
        close(res[0]);
        close(res[1]);
        tb_diag_set(diag, NULL, 0, 0, "cannot start the speech engine's process: %s", strerror(e));
        return TB_ERR_SYNTH;
    }
    if (pid == 0) {
        close(req[1]);
        close(res[0]);
        server_main(sy, req[0], res[1]);
    }
    close(req[0]);
    close(res[1]);
    sy->server = pid;
    sy->req_fd = req[1];
    sy->res_fd = res[0];
    return TB_OK;
}

void tb_synth_stop_server(tb_synth *sy)
{
    if (!sy->server)
        return;
    close(sy->req_fd); /* the server reads the end and exits */
    close(sy->res_fd);
    while (waitpid(sy->server, NULL, 0) < 0 && errno == EINTR)
        ;
    sy->server = 0;
}

static tb_status speak_via_server(tb_synth *sy, unsigned seed, const script *scripts, size_t n,
                                  const tb_synth_events *ev, tb_diag *diag)
{
    uint64_t head[2] = {seed, n};
    int ok = write_all(sy->req_fd, head, sizeof head) == 0;
    for (size_t j = 0; ok && j < n; j++) {
        uint64_t len = scripts[j].len;
        ok = write_all(sy->req_fd, &len, sizeof len) == 0 &&
             (len == 0 || write_all(sy->req_fd, scripts[j].data, len) == 0);
    }
    if (!ok) {
        tb_diag_set(diag, NULL, 0, 0, "the speech engine's process is gone");
        return TB_ERR_SYNTH;
    }
    int done = 0;
    pid_t child = 0;
    tb_status st = parent_loop(sy->res_fd, n, ev, &done, &child);
    msg m;
    if (done) { /* the child said all it had to say: the server's MSG_END follows */
        if (read_all(sy->res_fd, &m, sizeof m) == 1 && m.kind == MSG_END)
            return st;
        tb_synth_stop_server(sy);
        tb_diag_set(diag, NULL, 0, 0, "the speech engine's process failed");
        return st == TB_OK ? TB_ERR_SYNTH : st;
    }
    /* stopped early (by the caller, or the child died): the stream may end in
     * the middle of a message, so the server goes too; a later section is
     * forked directly (the render stops at its first error anyway) */
    if (child > 0)
        kill(child, SIGKILL);
    kill(sy->server, SIGKILL);
    tb_synth_stop_server(sy);
    if (st == TB_OK) {
        tb_diag_set(diag, NULL, 0, 0, "the speech engine's process died");
        st = TB_ERR_SYNTH;
    }
    return st;
}

/* Fork a child for the section and read its messages. */
static tb_status speak_via_child(tb_synth *sy, unsigned seed, const script *scripts, size_t n,
                                 const tb_synth_events *ev, tb_diag *diag)
{
    int fds[2];
    if (pipe(fds) != 0) {
        tb_diag_set(diag, NULL, 0, 0, "cannot start the speech engine's process: %s",
                    strerror(errno));
        return TB_ERR_SYNTH;
    }
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        close(fds[0]);
        close(fds[1]);
        tb_diag_set(diag, NULL, 0, 0, "cannot start the speech engine's process: %s", strerror(e));
        return TB_ERR_SYNTH;
    }
    if (pid == 0) {
        close(fds[0]);
        child_main(sy, seed, scripts, n, fds[1]);
    }
    close(fds[1]);
    int done = 0;
    pid_t child = 0;
    tb_status st = parent_loop(fds[0], n, ev, &done, &child);
    if (!done)
        kill(pid, SIGKILL); /* stopped early: the child may be blocked writing */
    close(fds[0]);
    int ws = 0;
    while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
        ;
    /* the child's word (MSG_DONE after every sentence) is what counts: its
     * exit status may be a tool's (valgrind's --error-exitcode) */
    if (st == TB_OK && !done) {
        if (WIFSIGNALED(ws))
            tb_diag_set(diag, NULL, 0, 0, "the speech engine died (signal %d)", WTERMSIG(ws));
        else
            tb_diag_set(diag, NULL, 0, 0, "the speech engine's process failed");
        st = TB_ERR_SYNTH;
    }
    return st;
}

tb_status tb_synth_speak_section(tb_synth *sy, unsigned seed, const tb_speech *const *speech,
                                 size_t n, const tb_synth_events *ev, tb_diag *diag)
{
    script *scripts = calloc(n ? n : 1, sizeof *scripts);
    if (!scripts)
        return TB_ERR_NOMEM;
    tb_status st = TB_OK;
    for (size_t j = 0; j < n && st == TB_OK; j++) {
        tb_buf b;
        tb_buf_init(&b, 0);
        if (speech[j])
            st = sy->be->script(sy, speech[j], &b);
        scripts[j].len = b.len;
        scripts[j].data = b.data; /* taken over from b (NULL when empty) */
    }
    if (st == TB_OK && sy->server)
        st = speak_via_server(sy, seed, scripts, n, ev, diag);
    else if (st == TB_OK)
        st = speak_via_child(sy, seed, scripts, n, ev, diag);
    free_scripts(scripts, n);
    return st;
}
