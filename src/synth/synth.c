/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * synth.c — the fence around libespeak-ng (see synth.h). eSpeak is global
 * state: one engine per process, synchronous output into on_audio(), which
 * forwards PCM to the caller's sink and counts the samples.
 *
 * A sentence is cut into runs at `<voice …>…</voice>` and each run is spoken
 * by its own espeak_ng_Synthesize call with the voice set explicitly, because
 * eSpeak 1.51 does not come back to a voice loaded from a file after an SSML
 * voice change: it picks the stock `cmn` voice, which reads the rest of the
 * sentence as English-spelled pinyin.
 */
#include "synth/synth.h"
#include "synth/voice_check.h"

#include <errno.h>
#include <espeak-ng/espeak_ng.h>
#include <espeak-ng/speak_lib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/buf.h"

#define TB_SYNTH_VOLUME 50 /* eSpeak's 0-200 scale */

struct tb_synth {
    char *voice_path;   /* what eSpeak is given: the user's path or our staged copy */
    char *staged_dir;   /* the private folder of the staged copy, or NULL */
    char language[64];  /* the voice file's `language`: a run marked with it is ours */
    int rate;
    tb_synth_sink sink; /* of the call in progress */
    void *ctx;
    uint64_t count;     /* samples made by the call in progress */
    tb_status status;   /* first failure of a sink in the call in progress */
    /* the section server (tb_synth_fork_server), or 0 */
    pid_t server;
    int req_fd, res_fd; /* requests to it; messages from it and its children */
};

static void stop_server(tb_synth *sy);

/* eSpeak's callback has no user pointer that survives every path, and there
 * is only one engine: the live handle is kept here. */
static tb_synth *live;

static int on_audio(short *wav, int n, espeak_EVENT *events)
{
    (void)events;
    tb_synth *sy = live;
    if (!sy || !wav || n <= 0)
        return 0;
    if (sy->status != TB_OK)
        return 1;
    sy->count += (uint64_t)n;
    if (sy->sink)
        sy->status = sy->sink((const int16_t *)wav, (size_t)n, sy->ctx);
    return sy->status == TB_OK ? 0 : 1; /* non-zero asks eSpeak to stop */
}

static void diag_engine(tb_diag *diag, const char *file, const char *what, espeak_ng_STATUS es)
{
    char msg[160];
    espeak_ng_GetStatusCodeMessage(es, msg, sizeof msg);
    tb_diag_set(diag, file, 0, 0, "%s: %s", what, msg);
}

/* eSpeak NG 1.51 hangs in espeak_ng_Initialize after espeak_ng_Terminate
 * (measured), so the engine is started once and lives as long as the process;
 * tb_synth_free only gives the handle back. */
static int engine_started;

static tb_status start_engine(tb_diag *diag)
{
    if (engine_started)
        return TB_OK;
    espeak_ng_InitializePath(NULL);
    espeak_ng_ERROR_CONTEXT ectx = NULL;
    espeak_ng_STATUS es = espeak_ng_Initialize(&ectx);
    espeak_ng_ClearErrorContext(&ectx);
    if (es == ENS_OK)
        es = espeak_ng_InitializeOutput(ENOUTPUT_MODE_SYNCHRONOUS, 0, NULL);
    /* At its default volume (100) eSpeak NG clips: 2197 samples at full scale in
     * 5 minutes of the seed; at 70 the peak is -0.8 dBFS, at 50 it is -3.8 dBFS
     * (mean -25 dB): headroom for the encoder's overshoot; loudness is set later. */
    if (es == ENS_OK)
        es = espeak_ng_SetParameter(espeakVOLUME, TB_SYNTH_VOLUME, 0);
    if (es != ENS_OK) {
        diag_engine(diag, NULL, "cannot start eSpeak NG", es);
        return TB_ERR_SYNTH;
    }
    espeak_SetSynthCallback(on_audio);
    engine_started = 1;
    return TB_OK;
}

/* espeak_ng_SetVoiceByFile copies the path into a 60-byte buffer, lower-cases
 * it and cuts it at '+' (a variant name): /home/Ann/voices/news fails, and so
 * does any path of 60 bytes or more. A path it would mangle is served by a
 * copy of the file in a private folder with a short lower-case name. */
static int espeak_safe_path(const char *p)
{
    if (strlen(p) >= 60)
        return 0;
    for (; *p; p++)
        if ((*p >= 'A' && *p <= 'Z') || *p == '+')
            return 0;
    return 1;
}

static tb_status stage_voice(tb_synth *sy, const char *voice_path, tb_diag *diag)
{
    FILE *in = fopen(voice_path, "rb");
    if (!in) {
        tb_diag_set(diag, voice_path, 0, 0, "cannot read the voice file");
        if (diag)
            diag->err = errno;
        return TB_ERR_IO;
    }
    char dir[64], path[80];
    int made = 0;
    for (unsigned n = 0; n < 1000 && !made; n++) {
        snprintf(dir, sizeof dir, "/tmp/tingbao-voice-%ld-%u", (long)getpid(), n);
        made = mkdir(dir, 0700) == 0;
        if (!made && errno != EEXIST)
            break;
    }
    tb_status st = TB_OK;
    FILE *out = NULL;
    if (!made || snprintf(path, sizeof path, "%s/voice", dir) >= (int)sizeof path ||
        !(out = fopen(path, "wb"))) {
        tb_diag_set(diag, "/tmp", 0, 0, "cannot stage the voice file for eSpeak");
        st = TB_ERR_IO;
    }
    char buf[4096];
    size_t n;
    while (st == TB_OK && (n = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, n, out) != n)
            st = TB_ERR_IO;
    if (st == TB_OK && ferror(in))
        st = TB_ERR_IO;
    fclose(in);
    if (out && fclose(out) != 0 && st == TB_OK)
        st = TB_ERR_IO;
    if (st == TB_OK && (!(sy->voice_path = strdup(path)) || !(sy->staged_dir = strdup(dir))))
        st = TB_ERR_NOMEM;
    if (st != TB_OK && made) {
        unlink(path);
        rmdir(dir);
    }
    return st;
}

/* The first `language NAME` of a voice file into out (empty if none). */
static void voice_language(const char *path, char *out, size_t cap)
{
    out[0] = '\0';
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    char line[256];
    while (fgets(line, sizeof line, f)) {
        char name[64];
        if (sscanf(line, " language %63s", name) == 1) {
            if (strlen(name) < cap)
                memcpy(out, name, strlen(name) + 1);
            break;
        }
    }
    fclose(f);
}

static void unstage_voice(tb_synth *sy)
{
    if (!sy->staged_dir)
        return;
    if (sy->voice_path)
        unlink(sy->voice_path);
    rmdir(sy->staged_dir);
}

tb_status tb_synth_new(const char *voice_path, tb_synth **out, tb_diag *diag)
{
    *out = NULL;
    if (live) {
        tb_diag_set(diag, NULL, 0, 0, "the speech engine is already in use in this process");
        return TB_ERR_USAGE;
    }
    tb_status st = start_engine(diag);
    if (st != TB_OK)
        return st;
    const char *data_dir = NULL;
    espeak_Info(&data_dir);
    if ((st = tb_voice_check(voice_path, data_dir, diag)) != TB_OK)
        return st; /* before eSpeak sees it: no flood, no crash */
    tb_synth *sy = calloc(1, sizeof *sy);
    if (!sy)
        return TB_ERR_NOMEM;
    if (espeak_safe_path(voice_path))
        st = (sy->voice_path = strdup(voice_path)) ? TB_OK : TB_ERR_NOMEM;
    else
        st = stage_voice(sy, voice_path, diag);
    espeak_ng_STATUS es = ENS_OK;
    if (st == TB_OK && (es = espeak_ng_SetVoiceByFile(sy->voice_path)) != ENS_OK) {
        diag_engine(diag, voice_path, "cannot load the voice", es);
        st = TB_ERR_SYNTH;
    }
    if (st != TB_OK) {
        unstage_voice(sy);
        free(sy->staged_dir);
        free(sy->voice_path);
        free(sy);
        return st;
    }
    voice_language(sy->voice_path, sy->language, sizeof sy->language);
    sy->rate = espeak_ng_GetSampleRate();
    sy->status = TB_OK;
    live = sy;
    *out = sy;
    return TB_OK;
}

void tb_synth_free(tb_synth *sy)
{
    if (!sy)
        return;
    if (live == sy)
        live = NULL;
    stop_server(sy);
    unstage_voice(sy);
    free(sy->staged_dir);
    free(sy->voice_path);
    free(sy);
}

const char *tb_synth_engine_version(void)
{
    const char *v = espeak_Info(NULL);
    return v ? v : "";
}

int tb_synth_rate(const tb_synth *sy)
{
    return sy->rate;
}

void tb_synth_reset(tb_synth *sy, unsigned seed)
{
    (void)sy;
    srand(seed);
}

/* One run of a sentence: [start, end) of the engine text, spoken by the
 * stock voice `voice` (NULL: the voice file). */
typedef struct {
    const char *start, *end;
    char voice[32];
} run;

/* Value of attribute `name` in the tag text [tag, end) into out[cap]; 0 if absent. */
static int attr(const char *tag, const char *end, const char *name, char *out, size_t cap)
{
    size_t nl = strlen(name);
    for (const char *p = tag + 1; p + nl + 2 < end; p++) {
        if ((p[-1] != ' ' && p[-1] != '\t') || strncmp(p, name, nl) || p[nl] != '=')
            continue;
        char q = p[nl + 1];
        if (q != '"' && q != '\'')
            continue;
        const char *v = p + nl + 2, *e = memchr(v, q, (size_t)(end - v));
        if (!e || (size_t)(e - v) >= cap)
            return 0;
        memcpy(out, v, (size_t)(e - v));
        out[e - v] = '\0';
        return 1;
    }
    return 0;
}

/* Find the next voice run at or after *p. Returns 1 and fills r with the text
 * before it (voice "") or with the run itself; 0 at the end of the text. */
static int next_run(const char **p, run *r)
{
    const char *s = *p;
    if (!*s)
        return 0;
    const char *tag = strstr(s, "<voice");
    while (tag && tag[6] != ' ' && tag[6] != '>' && tag[6] != '\t')
        tag = strstr(tag + 6, "<voice");
    if (tag != s) { /* plain text up to the tag, or to the end */
        r->start = s;
        r->end = tag ? tag : s + strlen(s);
        r->voice[0] = '\0';
        *p = r->end;
        return 1;
    }
    const char *gt = strchr(tag, '>');
    const char *close = gt ? strstr(gt, "</voice>") : NULL;
    if (!gt || !close) { /* malformed: let eSpeak read it as it is */
        r->start = s;
        r->end = s + strlen(s);
        r->voice[0] = '\0';
        *p = r->end;
        return 1;
    }
    if (!attr(tag, gt, "name", r->voice, sizeof r->voice) &&
        !attr(tag, gt, "xml:lang", r->voice, sizeof r->voice))
        r->voice[0] = '\0';
    r->start = gt + 1;
    r->end = close;
    *p = close + strlen("</voice>");
    return 1;
}

static int blank(const char *s, const char *e)
{
    for (; s < e; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return 0;
    return 1;
}

/* Speak every run of engine text; trace (may be NULL) also gets "[voice] " before
 * runs of another voice. */
static tb_status speak_runs(tb_synth *sy, const char *text, FILE *trace)
{
    tb_buf b;
    tb_buf_init(&b, 0);
    tb_status st = TB_OK;
    const char *p = text;
    run r;
    while (st == TB_OK && next_run(&p, &r)) {
        if (blank(r.start, r.end))
            continue;
        tb_buf_reset(&b);
        if ((st = tb_buf_add(&b, r.start, (size_t)(r.end - r.start))) != TB_OK)
            break;
        espeak_ng_STATUS es;
        if (r.voice[0] && !strcasecmp(r.voice, sy->language))
            r.voice[0] = '\0'; /* a run marked with our own language: our voice */
        if (r.voice[0]) {
            es = espeak_ng_SetVoiceByName(r.voice);
            if (es != ENS_OK) /* unknown voice: read the run in ours */
                es = espeak_ng_SetVoiceByFile(sy->voice_path);
            else if (trace)
                fprintf(trace, "[%s] ", r.voice);
        } else {
            es = espeak_ng_SetVoiceByFile(sy->voice_path);
        }
        if (es == ENS_OK)
            es = espeak_ng_Synthesize(b.data, b.len + 1, 0, POS_CHARACTER, 0,
                                      espeakCHARS_UTF8 | espeakSSML, NULL, NULL);
        if (sy->status != TB_OK)
            st = sy->status;
        else if (es != ENS_OK)
            st = TB_ERR_SYNTH;
    }
    tb_buf_free(&b);
    /* leave the voice file current, whatever the text did */
    if (espeak_ng_SetVoiceByFile(sy->voice_path) != ENS_OK && st == TB_OK)
        st = TB_ERR_SYNTH;
    return st;
}

tb_status tb_synth_speak(tb_synth *sy, const char *engine_text, tb_synth_sink sink, void *ctx,
                         uint64_t *n_samples)
{
    sy->sink = sink;
    sy->ctx = ctx;
    sy->count = 0;
    sy->status = TB_OK;
    tb_status st = speak_runs(sy, engine_text, NULL);
    if (n_samples)
        *n_samples = sy->count;
    sy->sink = NULL;
    sy->ctx = NULL;
    sy->status = TB_OK;
    return st;
}

tb_status tb_synth_phonemes(tb_synth *sy, const char *engine_text, char **out)
{
    char *mem = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&mem, &len);
    if (!f)
        return TB_ERR_NOMEM;
    sy->sink = NULL;
    sy->count = 0;
    sy->status = TB_OK;
    espeak_SetPhonemeTrace(espeakPHONEMES_SHOW, f);
    tb_status st = speak_runs(sy, engine_text, f);
    espeak_SetPhonemeTrace(0, NULL);
    if (fclose(f) != 0 && st == TB_OK)
        st = TB_ERR_NOMEM;
    if (st != TB_OK) {
        free(mem);
        return st;
    }
    *out = mem;
    return TB_OK;
}

/* ---- one section in a child process ----
 *
 * The child writes messages to a pipe: a header, then for PCM the samples.
 * The parent reads them in order and calls the events. */

enum { MSG_PCM = 1, MSG_SENTENCE, MSG_DONE, MSG_PID, MSG_END };

typedef struct {
    uint32_t kind;
    uint32_t n;      /* MSG_PCM: samples that follow; MSG_SENTENCE: the sentence */
    uint64_t made;   /* MSG_SENTENCE: its samples */
    int64_t status;  /* MSG_SENTENCE: tb_status (64 bits: no padding to leave unset) */
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

static void child_main(tb_synth *sy, unsigned seed, const char *const *texts, size_t n, int fd)
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
        tb_status st = tb_synth_speak(sy, texts[j] ? texts[j] : "", child_sink, &fd, &made);
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
 * Request: seed, n, then n texts (length + bytes). The child writes its
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
        char **texts = calloc(n ? n : 1, sizeof *texts);
        int ok = texts != NULL;
        for (size_t j = 0; ok && j < n; j++) {
            uint64_t len;
            ok = read_req(req, &len, sizeof len) && len < ((uint64_t)1 << 30) &&
                 (texts[j] = malloc((size_t)len + 1)) != NULL &&
                 (len == 0 || read_req(req, texts[j], (size_t)len));
            if (ok)
                texts[j][len] = '\0';
        }
        if (!ok)
            _exit(2);
        pid_t pid = fork();
        if (pid == 0) {
            close(req);
            child_main(sy, (unsigned)head[0], (const char *const *)texts, n, res);
        }
        int ws = 0;
        while (pid > 0 && waitpid(pid, &ws, 0) < 0 && errno == EINTR)
            ;
        for (size_t j = 0; j < n; j++)
            free(texts[j]);
        free(texts);
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
        tb_diag_set(diag, NULL, 0, 0, "cannot start the speech engine's process: %s", strerror(errno));
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

static void stop_server(tb_synth *sy)
{
    if (!sy->server)
        return;
    close(sy->req_fd); /* the server reads the end and exits */
    close(sy->res_fd);
    while (waitpid(sy->server, NULL, 0) < 0 && errno == EINTR)
        ;
    sy->server = 0;
}

static tb_status speak_via_server(tb_synth *sy, unsigned seed, const char *const *texts, size_t n,
                                  const tb_synth_events *ev, tb_diag *diag)
{
    uint64_t head[2] = {seed, n};
    int ok = write_all(sy->req_fd, head, sizeof head) == 0;
    for (size_t j = 0; ok && j < n; j++) {
        const char *t = texts[j] ? texts[j] : "";
        uint64_t len = strlen(t);
        ok = write_all(sy->req_fd, &len, sizeof len) == 0 && write_all(sy->req_fd, t, len) == 0;
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
        stop_server(sy);
        tb_diag_set(diag, NULL, 0, 0, "the speech engine's process failed");
        return st == TB_OK ? TB_ERR_SYNTH : st;
    }
    /* stopped early (by the caller, or the child died): the stream may end in
     * the middle of a message, so the server goes too; a later section is
     * forked directly (the render stops at its first error anyway) */
    if (child > 0)
        kill(child, SIGKILL);
    kill(sy->server, SIGKILL);
    stop_server(sy);
    if (st == TB_OK) {
        tb_diag_set(diag, NULL, 0, 0, "the speech engine's process died");
        st = TB_ERR_SYNTH;
    }
    return st;
}

tb_status tb_synth_speak_section(tb_synth *sy, unsigned seed, const char *const *texts, size_t n,
                                 const tb_synth_events *ev, tb_diag *diag)
{
    if (sy->server)
        return speak_via_server(sy, seed, texts, n, ev, diag);
    int fds[2];
    if (pipe(fds) != 0) {
        tb_diag_set(diag, NULL, 0, 0, "cannot start the speech engine's process: %s", strerror(errno));
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
        child_main(sy, seed, texts, n, fds[1]);
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
