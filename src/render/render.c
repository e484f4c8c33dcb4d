/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * render.c — orchestration of the pipeline for one report (see render.h):
 * the one place that knows the order of the stages. One thread speaks (eSpeak
 * keeps global state) and spools each section's PCM to a temporary file;
 * worker threads level and encode the spoken sections in parallel, then
 * decode them for the edition's loudness and MP3, which an edition thread
 * joins in order (see "the workers" below). Memory does not
 * grow with the length of the report; each sentence's start is counted in
 * samples.
 *
 * The timeline of a section: LEAD of silence, then each sentence followed by
 * GAP (the last one by TAIL, the longer pause between sections).
 */
#define _GNU_SOURCE /* fallocate(FALLOC_FL_PUNCH_HOLE): give spooled audio back */
#include "render/render.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "audio/loudness.h"
#include "encode/mp3.h"
#include "base/fs.h"
#include "input/input.h"
#include "render/prepare.h"
#include "publish/chapters.h"
#include "publish/edition_json.h"
#include "publish/publish.h"
#include "model/timeline.h"
#include "render/render_state.h"
#include "segment/segment.h"
#include "synth/synth.h"

#define LEAD_SECONDS 0.25  /* before the first sentence of a section */
#define GAP_SECONDS 0.45   /* after each sentence (eSpeak ends a call with only ~30 ms) */
#define TAIL_SECONDS 1.00  /* after the last sentence of a section */
#define SEED_BASE 0x7462u  /* eSpeak's noise: seeded per section, for identical output */
#define TARGET_LUFS -16.0  /* podcast loudness (Apple, Spotify): -16 LUFS integrated */
/* The PCM is aimed 0.2 LU above the target: decoded, the encoders' output
 * measured 0.1 LU (Opus, 32 kb/s) and 0.5 LU (MP3, 64 kb/s) below their input
 * (ffmpeg ebur128 on examples/xilin-0612.txt), so the files land near -16. */
#define PCM_TARGET_LUFS (TARGET_LUFS + 0.2)
#define CEILING_DB -4.5    /* sample peaks before the encoder: room for its overshoot under -1 dBTP
                            * (Opus CELT at 32 kb/s measured up to 2.3 dB above its input) */
#define LIMITER_LOSS_DB 6.8 /* first guess of the gain the limiter costs: see section_gain */
#define MP3_KBPS 64        /* mono, resampled to 44.1 kHz: what podcast apps expect */
#define CHUNK 4096

void tb_render_slug(const char *path, char *out, size_t cap)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    size_t o = 0;
    int dash = 0;
    for (size_t i = 0; i < n && o + 2 < cap; i++) {
        unsigned char c = (unsigned char)base[i];
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') {
            if (dash && o > 0)
                out[o++] = '-';
            dash = 0;
            out[o++] = (char)c;
        } else if (c >= 'A' && c <= 'Z') {
            if (dash && o > 0)
                out[o++] = '-';
            dash = 0;
            out[o++] = (char)(c - 'A' + 'a');
        } else {
            dash = 1;
        }
    }
    if (o == 0 && cap > 7) {
        memcpy(out, "edition", 7);
        o = 7;
    }
    out[o < cap ? o : cap - 1] = '\0';
}

/* ---- the output folder ---- */

/* mkdir -p */
static tb_status make_dirs(const char *path, tb_diag *diag)
{
    char p[PATH_MAX];
    if (snprintf(p, sizeof p, "%s", path) >= (int)sizeof p)
        return tb_diag_io(diag, path, "path too long");
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST)
            return tb_diag_io(diag, p, "cannot create the folder");
        *s = '/';
    }
    if (mkdir(p, 0777) != 0 && errno != EEXIST)
        return tb_diag_io(diag, p, "cannot create the folder");
    return TB_OK;
}

/* rm -r of a folder this render made (or an old edition it replaced). */
static int remove_tree(const char *path)
{
    DIR *d = opendir(path);
    if (!d)
        return errno == ENOENT ? 0 : -1;
    int rc = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        char p[PATH_MAX];
        struct stat st;
        if (snprintf(p, sizeof p, "%s/%s", path, de->d_name) >= (int)sizeof p || lstat(p, &st) != 0) {
            rc = -1;
            continue;
        }
        if (S_ISDIR(st.st_mode) ? remove_tree(p) != 0 : unlink(p) != 0)
            rc = -1;
    }
    closedir(d);
    return rmdir(path) == 0 ? rc : -1;
}

/* 1 when `dir` may be replaced: absent, an empty folder, or an edition;
 * 0 when it is something else; -1 when it cannot be looked at (errno). */
static int replaceable(const char *dir, int *exists)
{
    struct stat st;
    *exists = 0;
    if (lstat(dir, &st) != 0)
        return errno == ENOENT ? 1 : -1;
    *exists = 1;
    if (!S_ISDIR(st.st_mode))
        return 0;
    char p[PATH_MAX];
    if (snprintf(p, sizeof p, "%s/edition.json", dir) < (int)sizeof p && access(p, F_OK) == 0)
        return 1;
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int empty = 1;
    struct dirent *de;
    while (empty && (de = readdir(d)))
        empty = !strcmp(de->d_name, ".") || !strcmp(de->d_name, "..");
    closedir(d);
    return empty;
}

/* dir/name into out[PATH_MAX]; 0 if it does not fit. */
static int join(char *out, const char *dir, const char *name)
{
    int n = snprintf(out, PATH_MAX, "%s/%s", dir, name);
    return n > 0 && n < PATH_MAX;
}

/* Flush every file of the finished folder, and the folder itself, to disk, so
 * that after the rename a crash cannot leave a half-written edition in place. */
static tb_status sync_tree(const char *dir, tb_diag *diag)
{
    DIR *d = opendir(dir);
    if (!d)
        return tb_diag_io(diag, dir, "cannot read the temporary folder");
    tb_status st = TB_OK;
    struct dirent *de;
    while (st == TB_OK && (de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        char p[PATH_MAX];
        int fd = -1;
        if (!join(p, dir, de->d_name) || (fd = open(p, O_RDONLY)) < 0 || fsync(fd) != 0)
            st = tb_diag_io(diag, p, "cannot flush the file to disk");
        if (fd >= 0)
            close(fd);
    }
    closedir(d);
    int fd = open(dir, O_RDONLY);
    if (st == TB_OK && (fd < 0 || fsync(fd) != 0))
        st = tb_diag_io(diag, dir, "cannot flush the folder to disk");
    if (fd >= 0)
        close(fd);
    return st;
}

static void sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY);
    if (fd >= 0) {
        fsync(fd); /* best effort: the edition is complete either way */
        close(fd);
    }
}

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

/* Move the finished folder tmp to dir. With an old edition there, Linux swaps
 * the two in one step (renameat2 RENAME_EXCHANGE); elsewhere the old one is
 * renamed aside first. Either way the old one is then removed. */
static tb_status move_into_place(const char *tmp, const char *dir, const char *aside, int exists,
                                 tb_diag *diag)
{
    if (!exists) {
        if (rename(tmp, dir) != 0)
            return tb_diag_io(diag, dir, "cannot move the edition into place");
        return TB_OK;
    }
#ifdef SYS_renameat2
    if (syscall(SYS_renameat2, AT_FDCWD, tmp, AT_FDCWD, dir, RENAME_EXCHANGE) == 0) {
        remove_tree(tmp); /* now the old edition; a leftover is harmless */
        return TB_OK;
    }
#endif
    if (rename(dir, aside) != 0)
        return tb_diag_io(diag, dir, "cannot move the previous edition aside");
    if (rename(tmp, dir) != 0) {
        tb_status st = tb_diag_io(diag, dir, "cannot move the edition into place");
        rename(aside, dir); /* put the previous edition back */
        return st;
    }
    remove_tree(aside);
    return TB_OK;
}

/* ---- the workers: threads that level and encode the spoken sections ----
 *
 * The synthesis thread (the caller's: the only one that touches eSpeak)
 * speaks each section once into the spool, a temporary file of the engine's
 * int16 PCM, and hands the section over as a job: "section i is complete at
 * spool sample X, n samples". That is all the serial work there is. Workers
 * take the jobs in order and do the rest of a section in parallel, each with
 * its own meters, limiter and encoder: measure the raw voice, find the gain
 * (section_gain), then the final pass through the limiter into the encoder.
 * A finished section is "placed" on the edition's timeline once every
 * section before it is finished too; then a worker decodes its file for the
 * edition (edition_job): its part of the edition's loudness and of the MP3
 * edition. The edition thread only joins the MP3 parts in order and writes
 * the MP3 file, so no stage of the edition runs on one thread behind the
 * others. A section's range of
 * the spool is handed back to the file system (a hole) once its worker is
 * done, and synthesis waits while more than SPOOL_AHEAD_SECONDS of audio wait
 * to be read: memory and disk stay flat whatever the length of the report.
 * The first error anywhere is sticky: it stops every thread and is the one
 * reported. A section's file depends on its own PCM only, never on which
 * worker made it or on how many there are.
 */

typedef struct {
    uint64_t offset, n;    /* the engine's PCM of the section, in samples, in the spool */
    char *path;            /* the section file (owned) */
    const char *title;     /* borrowed from the edition */
    tb_section_timing *t;  /* its figures (lufs, true_peak, gain_db): set by its worker */
    int kept;              /* the file was kept from the previous edition: nothing to encode */
    int encoded;           /* the section file is finished */
    int readers;           /* still to read it from the spool: its worker */
    /* on the edition's timeline, once it and every section before it are
     * encoded ("placed"): samples at the decoder's rate */
    tb_enc_opus_info info; /* of its Opus file */
    uint64_t at, len;
    char *part_path;       /* its part of the MP3 edition (owned), while it waits to be joined */
    int edition_done;      /* decoded, measured and its MP3 part written */
} enc_job;

typedef struct {
    pthread_mutex_t mu;
    pthread_cond_t cv;     /* broadcast at every change of the fields below */
    const tb_render_options *opt;
    tb_enc_settings es;
    tb_enc_tags tags;      /* of the edition; the workers set title and track */
    int fd;                /* the spool */
    int rate;
    size_t n;              /* sections */
    enc_job *jobs;
    size_t ready;          /* sections handed over by synthesis */
    size_t next;           /* the next one a worker takes */
    size_t placed;         /* sections placed on the edition's timeline (see enc_job) */
    uint64_t timeline;     /* their decoded samples */
    size_t next_edition;   /* the next placed section a worker decodes for the edition */
    int dec_rate;          /* of the decoded sections */
    tb_loudness_sum *sum;  /* the edition's loudness, section by section */
    uint64_t waiting;      /* samples in the spool that a reader still needs */
    int synth_done;
    atomic_int failed;     /* set with status: polled without the lock */
    tb_status status;      /* the first error */
    tb_diag diag;          /* and its diagnostic */
    const char *mp3_path;  /* NULL: no MP3 edition */
    tb_loudness edition;   /* of the decoded edition, once the edition thread is done */
} pool;

static int cancelled(const tb_render_options *opt)
{
    return opt->cancel && *opt->cancel;
}

/* Record the first error (later ones are consequences) and wake everyone. */
static void pool_fail(pool *p, tb_status st, const tb_diag *d)
{
    pthread_mutex_lock(&p->mu);
    if (p->status == TB_OK) {
        p->status = st;
        if (d)
            p->diag = *d;
        else
            memset(&p->diag, 0, sizeof p->diag);
        atomic_store(&p->failed, 1);
    }
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
}

/* Non-zero when a thread must stop: another one failed, or the user cancelled. */
static tb_status pool_stopped(pool *p)
{
    if (atomic_load(&p->failed) || cancelled(p->opt))
        return TB_ERR_INTERRUPTED;
    return TB_OK;
}

/* One reader is done with section i; the last one frees its spool range.
 * With the lock held. */
static void pool_release(pool *p, size_t i)
{
    enc_job *j = &p->jobs[i];
    if (--j->readers > 0)
        return;
    p->waiting -= j->n;
#ifdef FALLOC_FL_PUNCH_HOLE
    if (j->n > 0) /* best effort: a file system without holes keeps the bytes */
        fallocate(p->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
                  (off_t)(j->offset * sizeof(int16_t)), (off_t)(j->n * sizeof(int16_t)));
#endif
    pthread_cond_broadcast(&p->cv);
}

/* k samples from spool sample `at`. */
static tb_status spool_read(int fd, int16_t *out, uint64_t at, size_t k, tb_diag *d)
{
    char *dst = (char *)out;
    size_t want = k * sizeof *out;
    off_t off = (off_t)(at * sizeof *out);
    while (want > 0) {
        ssize_t got = pread(fd, dst, want, off);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0) {
            if (got == 0)
                errno = EIO;
            return tb_diag_io(d, "tmpfile", "cannot read back the spooled audio");
        }
        dst += got;
        want -= (size_t)got;
        off += got;
    }
    return TB_OK;
}

/* A worker's scratch space for the section it levels. */
typedef struct {
    pool *p;
    const enc_job *j;
    tb_diag *d;
    float f[CHUNK];         /* also holds the limiter's look-ahead (5 ms) at the end */
    int16_t in[CHUNK];
    int16_t pcm[CHUNK];
} leveller;

/* Samples out of a pass: measured, and in the final pass encoded. */
static tb_status pass_out(leveller *lv, tb_meter *m, tb_enc_section *enc, size_t n)
{
    tb_status st = tb_meter_add(m, lv->f, n);
    if (st != TB_OK || !enc)
        return st;
    for (size_t i = 0; i < n; i++) {
        float v = lv->f[i] * 32767.0f;
        lv->pcm[i] = (int16_t)(v > 32767.0f ? 32767 : v < -32768.0f ? -32768 : lrintf(v));
    }
    return tb_enc_section_write(enc, lv->pcm, n);
}

/* One pass over the section's PCM in the spool: through a limiter at
 * *gain_db (none when gain_db is NULL: the raw voice) into a meter (of true
 * peak too when `true_peak`), and into `enc` when it is set. */
static tb_status level_pass(leveller *lv, const double *gain_db, int true_peak,
                            tb_enc_section *enc, tb_loudness *l)
{
    pool *p = lv->p;
    tb_limiter *lim = gain_db ? tb_limiter_new(p->rate, *gain_db, CEILING_DB) : NULL;
    tb_meter *m = tb_meter_new(p->rate, true_peak);
    tb_status st = (gain_db && !lim) || !m ? TB_ERR_NOMEM : TB_OK;
    for (uint64_t done = 0; st == TB_OK && done < lv->j->n;) {
        size_t k = lv->j->n - done < CHUNK ? (size_t)(lv->j->n - done) : CHUNK, got = k;
        if ((st = pool_stopped(p)) != TB_OK ||
            (st = spool_read(p->fd, lv->in, lv->j->offset + done, k, lv->d)) != TB_OK)
            break;
        for (size_t i = 0; i < k; i++)
            lv->f[i] = (float)lv->in[i] / 32768.0f;
        if (lim)
            tb_limiter_run(lim, lv->f, k, lv->f, &got);
        st = pass_out(lv, m, enc, got);
        done += k;
    }
    if (st == TB_OK && lim) { /* the limiter's look-ahead still holds the last samples */
        size_t got;
        tb_limiter_flush(lim, lv->f, &got);
        st = pass_out(lv, m, enc, got);
    }
    if (st == TB_OK)
        st = tb_meter_result(m, l);
    tb_meter_free(m);
    tb_limiter_free(lim);
    return st;
}

/* The gain that brings the section to PCM_TARGET_LUFS after the limiter,
 * from the loudness l of the raw voice. Speech from eSpeak has a high
 * peak-to-loudness ratio (about 19 dB), so the limiter takes off a few LU,
 * more the higher the gain: the first guess adds LIMITER_LOSS_DB, and up to
 * four passes through the limiter correct the gain (secant steps) until it
 * lands within 0.1 LU: 1.4 passes a section on the seed page and
 * examples/xilin-0612.txt (before the guesses: always 4). A pass reads the
 * spooled PCM again: limiter and meter only. */
static tb_status section_gain(leveller *lv, tb_loudness l, double *gain_db)
{
    tb_status st = TB_OK;
    *gain_db = 0;
    if (l.lufs <= -70.0) /* silence: leave it */
        return st;
    /* the first guess adds what the limiter took at these levels: 6.6-7.6 dB
     * (examples/xilin-0612.txt, the seed page) */
    *gain_db = PCM_TARGET_LUFS - l.lufs + LIMITER_LOSS_DB;
    /* the limiter flattens the response: measured 0.2-0.4 LU per dB at these
     * gains (examples/xilin-0612.txt), so the first step assumes 0.3; then
     * secant steps */
    double slope = 0.3, prev_gain = 0, prev_lufs = l.lufs;
    for (int pass = 0; st == TB_OK && pass < 4; pass++) {
        st = level_pass(lv, gain_db, 0, NULL, &l);
        if (st != TB_OK || l.lufs <= -70.0 || fabs(l.lufs - PCM_TARGET_LUFS) < 0.1)
            break;
        if (pass > 0 && *gain_db != prev_gain) {
            slope = (l.lufs - prev_lufs) / (*gain_db - prev_gain);
            slope = slope < 0.1 ? 0.1 : slope > 1.0 ? 1.0 : slope;
        }
        prev_gain = *gain_db;
        prev_lufs = l.lufs;
        *gain_db += (PCM_TARGET_LUFS - l.lufs) / slope;
        if (*gain_db > 40.0)
            *gain_db = 40.0;
    }
    return st;
}

/* Section i from the spool to its file: measure, find the gain, then the
 * final pass through the limiter into the encoder, measured again (with true
 * peak) for the figures in edition.json. */
static tb_status level_and_encode(pool *p, size_t i, leveller *lv, tb_diag *d)
{
    enc_job *j = &p->jobs[i];
    lv->p = p;
    lv->j = j;
    lv->d = d;
    tb_loudness l;
    double gain_db = 0;
    tb_status st = level_pass(lv, NULL, 0, NULL, &l);
    if (st == TB_OK)
        st = section_gain(lv, l, &gain_db);
    if (st != TB_OK)
        return st;
    tb_enc_tags tags = p->tags;
    tags.title = j->title;
    tags.track = (int)i + 1;
    tags.tracks = (int)p->n;
    tags.stream_key = j->t->key; /* the section's key: kept sections keep their bytes */
    tb_enc_section *enc = NULL;
    st = tb_enc_section_new(&p->es, j->path, &tags, &enc, d);
    if (st == TB_OK)
        st = level_pass(lv, &gain_db, 1, enc, &l);
    /* finishing a failed encoder still says which file could not be written, and why */
    if (enc) {
        tb_status fst = tb_enc_section_finish(enc, d);
        if (st == TB_OK)
            st = fst;
    }
    tb_enc_section_free(enc);
    if (st == TB_OK) {
        j->t->lufs = l.lufs;
        j->t->true_peak = l.true_peak;
        j->t->gain_db = gain_db;
    }
    return st;
}

/* Section i is encoded, or kept: it and every section before it that is
 * finished go on the edition's timeline. With the lock held. */
static void place(pool *p)
{
    while (p->placed < p->n && p->jobs[p->placed].encoded) {
        enc_job *j = &p->jobs[p->placed];
        if (p->es.format == TB_AUDIO_OPUS)
            j->len = tb_enc_opus_decoded(&j->info, p->dec_rate, p->placed == 0, p->placed + 1 == p->n);
        j->at = p->timeline;
        p->timeline += j->len;
        p->placed++;
    }
}

/* The edition as a listener hears it, one section at a time: section i's
 * file decoded (tb_enc_decoder: a decoder of its own, so the figures depend
 * on the file alone, and a kept section counts exactly as one spoken now),
 * measured as a part of the edition's loudness and, when asked, encoded
 * as its part of the MP3 edition, which lies where the section lies in the
 * Opus edition: so the MP3 has the Opus edition's timeline. */
typedef struct {
    pool *p;
    tb_meter *meter;
    tb_mp3_part *mp3;      /* NULL: no MP3 edition */
} edition_sink;

static tb_status edition_pcm(const float *x, size_t n, void *ctx)
{
    edition_sink *e = ctx;
    tb_status st = pool_stopped(e->p);
    if (st == TB_OK)
        st = tb_meter_add(e->meter, x, n);
    if (st == TB_OK && e->mp3)
        st = tb_mp3_part_write(e->mp3, x, n);
    return st;
}

static tb_status edition_job(pool *p, size_t i, tb_diag *d)
{
    enc_job *j = &p->jobs[i];
    const int last = i + 1 == p->n;
    tb_status st = TB_OK;
    tb_enc_decoder *dec = tb_enc_decoder_new(&p->es);
    edition_sink e = {p, dec ? tb_meter_new_part(p->dec_rate) : NULL, NULL};
    FILE *part = NULL;
    if (!dec || !e.meter)
        st = TB_ERR_NOMEM;
    if (st == TB_OK && p->mp3_path) {
        if (!(part = fopen(j->part_path, "w+b")))
            st = tb_diag_io(d, j->part_path, "cannot create");
        else
            e.mp3 = tb_mp3_part_new(p->dec_rate, MP3_KBPS, j->at, j->at + j->len, last, part, &st);
    }
    if (st == TB_OK)
        st = tb_enc_decoder_add(dec, j->path, i == 0, last, edition_pcm, &e, d);
    if (e.mp3 && (st == TB_OK || st == TB_ERR_IO)) { /* a failed write of the part: say so */
        tb_status fst = tb_mp3_part_finish(e.mp3, j->part_path, st == TB_OK || !d->what[0] ? d : NULL);
        if (st == TB_OK || fst != TB_OK)
            st = fst;
    }
    if (part && fclose(part) != 0 && st == TB_OK)
        st = tb_diag_io(d, j->part_path, "cannot write");
    if (st == TB_OK) {
        pthread_mutex_lock(&p->mu);
        st = tb_loudness_sum_add(p->sum, e.meter);
        j->edition_done = st == TB_OK;
        pthread_cond_broadcast(&p->cv);
        pthread_mutex_unlock(&p->mu);
    }
    tb_mp3_part_free(e.mp3);
    tb_meter_free(e.meter);
    tb_enc_decoder_free(dec);
    return st;
}

/* A worker: sections to level and encode, in order, and sections to decode
 * for the edition once they are placed; the latter first, so that the
 * edition's files follow close behind. */
static void *encode_worker(void *arg)
{
    pool *p = arg;
    tb_diag d;
    leveller *lv = malloc(sizeof *lv);
    if (!lv) {
        pool_fail(p, TB_ERR_NOMEM, NULL);
        return NULL;
    }
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (p->status == TB_OK && p->next_edition >= p->placed && p->next >= p->ready &&
               !(p->synth_done && p->next_edition >= p->n))
            pthread_cond_wait(&p->cv, &p->mu);
        if (p->status != TB_OK || (p->synth_done && p->next_edition >= p->n && p->next >= p->ready))
            break;
        size_t i;
        tb_status st;
        memset(&d, 0, sizeof d);
        if (p->next_edition < p->placed) {
            i = p->next_edition++;
            pthread_mutex_unlock(&p->mu);
            st = edition_job(p, i, &d);
            if (st != TB_OK)
                pool_fail(p, st, &d);
            pthread_mutex_lock(&p->mu);
            continue;
        }
        i = p->next++;
        pthread_mutex_unlock(&p->mu);
        enc_job *j = &p->jobs[i];
        st = j->kept ? TB_OK : level_and_encode(p, i, lv, &d);
        if (st == TB_OK && p->es.format == TB_AUDIO_OPUS)
            st = tb_enc_opus_measure(j->path, &j->info, &d);
        if (st != TB_OK)
            pool_fail(p, st, &d);
        pthread_mutex_lock(&p->mu);
        if (st == TB_OK) {
            j->encoded = 1;
            if (!j->kept)
                pool_release(p, i);
            place(p);
            pthread_cond_broadcast(&p->cv);
        }
    }
    pthread_mutex_unlock(&p->mu);
    free(lv);
    return NULL;
}

/* The edition thread: joins the sections' MP3 parts in order as they are
 * finished, each chapter where its section starts in the Opus edition
 * (tb_enc_opus_clock), and writes the MP3 edition; then the edition's
 * loudness from every section's part. The work is the workers'. */
static tb_status write_edition_audio(pool *p, tb_diag *d)
{
    tb_status st = TB_OK;
    tb_mp3 *mp3 = NULL;
    tb_mp3_chapter *ch = NULL;
    if (p->mp3_path) {
        mp3 = tb_mp3_new(p->dec_rate, MP3_KBPS, &st);
        if (mp3 && !(ch = calloc(p->n ? p->n : 1, sizeof *ch)))
            st = TB_ERR_NOMEM;
    }
    tb_enc_opus_clock clock = {0};
    for (size_t i = 0; st == TB_OK && i < p->n; i++) {
        enc_job *j = &p->jobs[i];
        pthread_mutex_lock(&p->mu);
        while (p->status == TB_OK && !j->edition_done)
            pthread_cond_wait(&p->cv, &p->mu);
        st = p->status == TB_OK ? TB_OK : TB_ERR_INTERRUPTED;
        pthread_mutex_unlock(&p->mu);
        if (st != TB_OK || !mp3)
            continue;
        tb_enc_span span; /* the chapter: where the section starts in the Opus edition */
        tb_enc_opus_clock_add(&clock, &j->info, &span);
        ch[i].start = span.start;
        if (i > 0)
            ch[i - 1].end = span.start;
        ch[i].title = j->title;
        FILE *part = fopen(j->part_path, "rb");
        st = part ? tb_mp3_add_part(mp3, part) : TB_ERR_IO;
        if (part)
            fclose(part);
        if (st == TB_ERR_IO)
            tb_diag_io(d, j->part_path, "cannot read back the MP3 part");
        else if (st != TB_OK)
            tb_diag_set(d, j->part_path, 0, 0, "not MP3 frames as the encoder writes them");
        unlink(j->part_path);
    }
    if (st == TB_OK && mp3) {
        const enc_job *last = &p->jobs[p->n - 1];
        ch[p->n - 1].end = tb_enc_opus_clock_total(&clock, &last->info);
        tb_mp3_tags mt = {p->tags.title, p->tags.album, p->tags.artist, p->tags.date, "chi"};
        st = tb_mp3_finish(mp3, p->mp3_path, last->at + last->len, &mt, ch, p->n, d);
    }
    if (st == TB_OK)
        st = tb_loudness_sum_result(p->sum, &p->edition);
    tb_mp3_free(mp3);
    free(ch);
    return st;
}

static void *edition_worker(void *arg)
{
    pool *p = arg;
    tb_diag d;
    memset(&d, 0, sizeof d);
    tb_status st = write_edition_audio(p, &d);
    if (st != TB_OK)
        pool_fail(p, st, &d);
    return NULL;
}

/* ---- synthesis into the spool ----
 *
 * A section is spoken once, and the engine's PCM (with the pauses) goes to
 * the spool as it comes: eSpeak, the one part that cannot run in parallel,
 * does nothing else on this thread. Its worker reads it back as often as the
 * levelling needs. */

typedef struct {
    const tb_render_options *opt;
    pool *pool;
    uint64_t samples;      /* of this section so far */
    tb_render_progress progress;
    int rate;
    FILE *spool;           /* the engine's PCM of every section, read back by the workers */
} section_run;

static tb_status sink(const int16_t *pcm, size_t n, void *ctx)
{
    section_run *r = ctx;
    tb_status st = pool_stopped(r->pool);
    if (st != TB_OK)
        return st;
    if (fwrite(pcm, sizeof *pcm, n, r->spool) != n)
        return TB_ERR_IO;
    r->samples += n;
    return TB_OK;
}

static tb_status silence(section_run *r, double seconds)
{
    static const int16_t zeros[4096];
    size_t n = (size_t)(seconds * r->rate + 0.5);
    while (n > 0) {
        size_t k = n < 4096 ? n : 4096;
        tb_status st = sink(zeros, k, r);
        if (st != TB_OK)
            return st;
        n -= k;
    }
    return TB_OK;
}

/* Synthesis waits while this much audio waits in the spool for its readers:
 * enough to keep every worker busy, little enough to keep the disk flat. */
#define SPOOL_AHEAD_SECONDS 600

static tb_status wait_for_room(section_run *run)
{
    pool *p = run->pool;
    uint64_t limit = (uint64_t)SPOOL_AHEAD_SECONDS * (uint64_t)run->rate;
    pthread_mutex_lock(&p->mu);
    while (p->status == TB_OK && p->waiting > limit && !cancelled(p->opt)) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 100000000L; /* look at the cancel flag ten times a second */
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&p->cv, &p->mu, &ts);
    }
    pthread_mutex_unlock(&p->mu);
    return pool_stopped(p);
}

/* The events of a section being spoken (tb_synth_speak_section). */
typedef struct {
    section_run *run;
    const tb_edition *ed;
    const tb_section *sec;
    tb_section_timing *t;
    uint64_t start;        /* of the sentence being spoken, in the section's samples */
    tb_diag *diag;
} speaking;

static tb_status on_pcm(const int16_t *pcm, size_t n, void *ctx)
{
    return sink(pcm, n, ((speaking *)ctx)->run);
}

static tb_status on_sentence(size_t j, uint64_t made, tb_status st, void *ctx)
{
    speaking *c = ctx;
    section_run *run = c->run;
    if (st == TB_ERR_SYNTH)
        tb_diag_set(c->diag, c->ed->source, c->sec->sentences[j].line, 0,
                    "the speech engine failed on this sentence");
    if (st != TB_OK)
        return st;
    c->t->samples[2 * j] = c->start;
    c->t->samples[2 * j + 1] = made;
    st = silence(run, j + 1 < c->sec->n_sentences ? GAP_SECONDS : TAIL_SECONDS);
    run->progress.sentences_done++;
    run->progress.seconds += (double)(run->samples - c->start) / run->rate;
    c->start = run->samples;
    if (st == TB_OK && cancelled(run->opt))
        st = TB_ERR_INTERRUPTED;
    if (st == TB_OK && run->opt->progress)
        run->opt->progress(&run->progress, run->opt->progress_ctx);
    return st;
}

/* Hand section i over to the workers: n samples at *spool_at (none when kept). */
static void hand_over(pool *p, size_t i, uint64_t *spool_at, uint64_t n, int kept)
{
    pthread_mutex_lock(&p->mu);
    p->jobs[i].offset = *spool_at;
    p->jobs[i].n = n;
    p->jobs[i].kept = kept;
    p->jobs[i].readers = kept ? 0 : 1;
    p->waiting += n;
    p->ready = i + 1;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    *spool_at += n;
}

/* Speak section i into the spool, and hand it to the workers. */
static tb_status speak_section(tb_synth *sy, const tb_edition *ed, size_t i, tb_section_timing *t,
                               section_run *run, uint64_t *spool_at, tb_diag *diag)
{
    const tb_section *sec = &ed->sections[i];
    tb_status st = wait_for_room(run);
    if (st != TB_OK)
        return st;
    const char **texts = calloc(sec->n_sentences ? sec->n_sentences : 1, sizeof *texts);
    if (!texts)
        return TB_ERR_NOMEM;
    for (size_t j = 0; j < sec->n_sentences; j++)
        texts[j] = sec->sentences[j].engine ? sec->sentences[j].engine : "";
    run->samples = 0;
    run->progress.section = i + 1;
    st = silence(run, LEAD_SECONDS);
    speaking c = {run, ed, sec, t, run->samples, diag};
    tb_synth_events ev = {on_pcm, on_sentence, &c};
    if (st == TB_OK)
        st = tb_synth_speak_section(sy, SEED_BASE + (unsigned)i, texts, sec->n_sentences, &ev, diag);
    free(texts);
    if (st != TB_OK && cancelled(run->opt)) /* a ^C reaches the engine's process too */
        st = TB_ERR_INTERRUPTED;
    if (sec->n_sentences == 0 && st == TB_OK)
        st = silence(run, TAIL_SECONDS);
    if (st == TB_ERR_IO || (st == TB_OK && fflush(run->spool) != 0))
        return tb_diag_io(diag, "tmpfile", "cannot spool the audio");
    if (st != TB_OK)
        return st;
    hand_over(run->pool, i, spool_at, run->samples, 0);
    return TB_OK;
}

/* Copy the file src to dst (a hard link could not be made). */
static tb_status copy_file(const char *src, const char *dst, tb_diag *diag)
{
    FILE *in = fopen(src, "rb");
    if (!in)
        return tb_diag_io(diag, src, "cannot read the kept section file");
    FILE *out = fopen(dst, "wb");
    if (!out) {
        fclose(in);
        return tb_diag_io(diag, dst, "cannot create the file");
    }
    char buf[65536];
    size_t got;
    tb_status st = TB_OK;
    while (st == TB_OK && (got = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, got, out) != got)
            st = tb_diag_io(diag, dst, "cannot write the file");
    if (st == TB_OK && ferror(in))
        st = tb_diag_io(diag, src, "cannot read the kept section file");
    fclose(in);
    if (fclose(out) != 0 && st == TB_OK)
        st = tb_diag_io(diag, dst, "cannot write the file");
    return st;
}

/* Section i as the previous render made it: its file linked (or copied) from
 * the edition being replaced, its figures from that edition's render state. */
static tb_status keep_section(const char *old_dir, const tb_rs_section *k, const char *path,
                              tb_section_timing *t, section_run *run, uint64_t *spool_at, size_t i,
                              tb_diag *diag)
{
    char old[PATH_MAX];
    if (snprintf(old, sizeof old, "%s/%s", old_dir, k->file) >= (int)sizeof old)
        return tb_diag_io(diag, old_dir, "path too long");
    tb_status st = TB_OK;
    if (link(old, path) != 0)
        st = copy_file(old, path, diag);
    if (st != TB_OK)
        return st;
    memcpy(t->samples, k->samples, 2 * t->n_sentences * sizeof *t->samples);
    t->lufs = k->lufs;
    t->true_peak = k->true_peak;
    t->gain_db = k->gain_db;
    run->progress.section = i + 1;
    run->progress.sentences_done += t->n_sentences;
    for (size_t j = 0; j < t->n_sentences; j++)
        run->progress.seconds += (double)k->samples[2 * j + 1] / run->rate;
    if (run->opt->progress)
        run->opt->progress(&run->progress, run->opt->progress_ctx);
    hand_over(run->pool, i, spool_at, 0, 1);
    return TB_OK;
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* How many workers: the option, else the online CPUs; at most one per
 * section and MAX_JOBS. */
#define MAX_JOBS 64
static size_t worker_count(const tb_render_options *opt, size_t n_sections)
{
    long j = opt->jobs > 0 ? opt->jobs : sysconf(_SC_NPROCESSORS_ONLN);
    if (j < 1)
        j = 1;
    if (j > MAX_JOBS)
        j = MAX_JOBS;
    return (size_t)j < n_sections ? (size_t)j : n_sections;
}

/* ---- what to render: settings, keys, what the previous edition offers ---- */

typedef struct {
    tb_enc_settings es;
    tb_enc_tags tags;              /* strings borrowed from the edition and the options */
    const char *date;
    char key[TB_KEY_HEX];          /* of the whole edition */
    char (*keys)[TB_KEY_HEX];      /* per section */
    char (*files)[64];             /* per section: its file name */
    char edition_file[64], mp3_file[64]; /* the whole edition's (tb_timeline_file_name) */
    const tb_rs_section **kept;    /* per section: the previous render's, or NULL */
    size_t n_kept;
    tb_render_state *prev;         /* of the edition in the output folder, or NULL */
} plan;

static void plan_free(plan *pl)
{
    free(pl->keys);
    free(pl->files);
    free(pl->kept);
    tb_render_state_free(pl->prev);
}

/* Everything that shapes every section's audio: the program, the engine and
 * the voice file's bytes, the encoder settings, the loudness and pause
 * constants. (The lexicon and the normaliser shape the engine text, which is
 * in each section's own key.) */
static tb_status settings_key(const tb_render_options *opt, const plan *pl, tb_hash *h, tb_diag *diag)
{
    tb_hash_init(h);
    tb_hash_str(h, "tingbao render state 1");
    tb_hash_str(h, TB_VERSION);
    tb_hash_str(h, tb_synth_engine_version());
    if (tb_hash_file(h, opt->voice_path) != TB_OK)
        return tb_diag_io(diag, opt->voice_path, "cannot read the voice file");
    const tb_enc_settings *es = &pl->es;
    tb_hash_int(h, es->format);
    tb_hash_int(h, es->sample_rate);
    tb_hash_int(h, es->bitrate);
    tb_hash_int(h, es->complexity);
    tb_hash_int(h, es->bandwidth);
    const double constants[] = {LEAD_SECONDS, GAP_SECONDS, TAIL_SECONDS, TARGET_LUFS,
                                PCM_TARGET_LUFS, CEILING_DB, SEED_BASE};
    for (size_t k = 0; k < sizeof constants / sizeof *constants; k++)
        tb_hash_double(h, constants[k]);
    return TB_OK;
}

static int file_exists(const char *dir, const char *name)
{
    char path[PATH_MAX];
    struct stat sb;
    return snprintf(path, sizeof path, "%s/%s", dir, name) < (int)sizeof path &&
           stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

static tb_status make_plan(const tb_edition *ed, const tb_render_options *opt, int rate,
                           const char *dir, plan *pl, tb_diag *diag)
{
    const size_t n = ed->n_sections;
    memset(pl, 0, sizeof *pl);
    pl->keys = calloc(n, sizeof *pl->keys);
    pl->files = calloc(n, sizeof *pl->files);
    pl->kept = calloc(n, sizeof *pl->kept);
    if (!pl->keys || !pl->files || !pl->kept)
        return TB_ERR_NOMEM;
    tb_enc_settings_default(&pl->es, rate);
    pl->es.format = opt->format;
    if (opt->bitrate)
        pl->es.bitrate = opt->bitrate;
    if (opt->complexity >= 0)
        pl->es.complexity = opt->complexity;
    if (opt->bandwidth)
        pl->es.bandwidth = opt->bandwidth;
    pl->date = opt->date ? opt->date : ed->date;
    const char *ext = tb_enc_extension(pl->es.format);
    tb_timeline_file_name(base_name(dir), pl->date, ext, pl->edition_file);
    tb_timeline_file_name(base_name(dir), pl->date, "mp3", pl->mp3_file);
    const char *headline = ed->headline && ed->headline[0] ? ed->headline : NULL;
    tb_enc_tags *tags = &pl->tags;
    tags->title = opt->title && opt->title[0] ? opt->title
                  : headline                  ? headline
                                              : tb_pub_title(&ed->sections[0]);
    tags->album = tags->title;
    tags->artist = opt->publisher && opt->publisher[0] ? opt->publisher : NULL; /* NULL: left out */
    tags->date = pl->date;
    tags->language = "zh-CN";
    tags->tracks = (int)n;

    tb_hash base;
    tb_status st = settings_key(opt, pl, &base, diag);
    if (st != TB_OK)
        return st;
    if (!opt->force) {
        char path[PATH_MAX];
        if (snprintf(path, sizeof path, "%s/edition.json", dir) < (int)sizeof path &&
            (st = tb_render_state_load(path, &pl->prev)) != TB_OK)
            return st;
    }
    tb_hash ed_hash = base; /* the edition: every section's key and what the publishers show */
    for (size_t i = 0; i < n; i++) {
        const tb_section *sec = &ed->sections[i];
        snprintf(pl->files[i], sizeof pl->files[i], "%02zu-%s.%s", i + 1,
                 tb_section_kind_name(sec->kind), tb_enc_extension(pl->es.format));
        tb_hash h = base;
        tb_hash_int(&h, (long long)i);
        tb_hash_int(&h, (long long)n);
        tb_hash_str(&h, pl->files[i]);
        tb_hash_str(&h, tb_pub_title(sec));
        tb_hash_str(&h, tags->title);
        tb_hash_str(&h, tags->artist);
        tb_hash_str(&h, tags->date);
        tb_hash_str(&h, tags->language);
        tb_hash_int(&h, (long long)sec->n_sentences);
        for (size_t j = 0; j < sec->n_sentences; j++)
            tb_hash_str(&h, sec->sentences[j].engine ? sec->sentences[j].engine : "");
        tb_hash_hex(&h, pl->keys[i]);
        const tb_rs_section *k = tb_render_state_find(pl->prev, pl->keys[i]);
        if (k && !strcmp(k->file, pl->files[i]) && k->n_sentences == sec->n_sentences &&
            file_exists(dir, k->file)) {
            pl->kept[i] = k;
            pl->n_kept++;
        }
        tb_hash_str(&ed_hash, pl->keys[i]);
        for (size_t j = 0; j < sec->n_sentences; j++) {
            tb_hash_str(&ed_hash, sec->sentences[j].text);
            tb_hash_str(&ed_hash, sec->sentences[j].spoken);
            tb_hash_int(&ed_hash, (long long)sec->sentences[j].line);
        }
    }
    tb_hash_int(&ed_hash, !opt->no_mp3 && pl->es.format == TB_AUDIO_OPUS ? MP3_KBPS : 0);
    tb_hash_str(&ed_hash, ed->source);
    tb_hash_str(&ed_hash, base_name(opt->voice_path));
    tb_hash_hex(&ed_hash, pl->key);
    return TB_OK;
}

/* The previous edition is this one: same key, every section kept, every file there. */
static int up_to_date(const plan *pl, const tb_render_options *opt, const char *dir, size_t n)
{
    if (!pl->prev || strcmp(pl->prev->key, pl->key) || pl->n_kept != n || pl->prev->n_sections != n)
        return 0;
    if (!file_exists(dir, pl->edition_file))
        return 0;
    return opt->no_mp3 || pl->es.format != TB_AUDIO_OPUS || file_exists(dir, pl->mp3_file);
}

/* Everything of the edition into the folder dir; sections the plan keeps are
 * taken from old_dir (the edition being replaced). */
static tb_status write_edition(const tb_edition *ed, const tb_render_options *opt, tb_synth *sy,
                               const plan *pl, const char *old_dir, const char *dir,
                               tb_render_result *res, tb_diag *diag)
{
    const size_t n = ed->n_sections;
    tb_status st = TB_OK;
    pool *p = calloc(1, sizeof *p);
    section_run *run = calloc(1, sizeof *run);
    tb_timeline *tl = tb_timeline_new(ed);
    const char **paths = calloc(n, sizeof *paths);
    const char **titles = calloc(n, sizeof *titles);
    tb_enc_span *spans = calloc(n, sizeof *spans);
    pthread_t *threads = calloc(MAX_JOBS + 1, sizeof *threads);
    if (!p || !run || !tl || !paths || !titles || !spans || !threads ||
        !(p->jobs = calloc(n, sizeof *p->jobs))) {
        if (p)
            free(p->jobs);
        free(p);
        free(run);
        tb_timeline_free(tl);
        free(paths);
        free(titles);
        free(spans);
        free(threads);
        return TB_ERR_NOMEM;
    }
    p->es = pl->es;
    const tb_enc_settings es = p->es;
    tb_enc_tags tags = pl->tags;
    p->tags = tags;
    p->opt = opt;
    p->n = n;
    p->rate = tb_synth_rate(sy);
    p->fd = -1;
    run->opt = opt;
    run->pool = p;
    run->rate = p->rate;
    memcpy(tl->key, pl->key, sizeof tl->key);

    /* the section files' names, and where the MP3 goes */
    char path[PATH_MAX], mp3_path[PATH_MAX];
    for (size_t i = 0; st == TB_OK && i < n; i++) {
        tb_section_timing *t = &tl->sections[i];
        snprintf(t->file, sizeof t->file, "%s", pl->files[i]);
        memcpy(t->key, pl->keys[i], sizeof t->key);
        titles[i] = p->jobs[i].title = tb_pub_title(&ed->sections[i]);
        p->jobs[i].t = t;
        if (!join(path, dir, t->file))
            st = tb_diag_io(diag, dir, "path too long");
        else if (!(p->jobs[i].path = strdup(path)))
            st = TB_ERR_NOMEM;
        paths[i] = p->jobs[i].path;
    }
    if (st == TB_OK && !opt->no_mp3 && es.format == TB_AUDIO_OPUS) {
        snprintf(tl->mp3_file, sizeof tl->mp3_file, "%s", pl->mp3_file);
        if (!join(mp3_path, dir, tl->mp3_file))
            st = tb_diag_io(diag, dir, "path too long");
        p->mp3_path = mp3_path;
        for (size_t i = 0; st == TB_OK && i < n; i++) { /* the parts, until they are joined */
            char name[48];
            snprintf(name, sizeof name, ".mp3-part-%zu", i + 1);
            if (!join(path, dir, name))
                st = tb_diag_io(diag, dir, "path too long");
            else if (!(p->jobs[i].part_path = strdup(path)))
                st = TB_ERR_NOMEM;
        }
    }
    if (st == TB_OK) {
        tb_enc_decoder *dec = tb_enc_decoder_new(&es);
        p->dec_rate = dec ? tb_enc_decoder_rate(dec) : 0;
        tb_enc_decoder_free(dec);
        if (!dec || !(p->sum = tb_loudness_sum_new()))
            st = TB_ERR_NOMEM;
    }
    if (st == TB_OK && !(run->spool = tmpfile()))
        st = tb_diag_io(diag, "tmpfile", "cannot make a temporary file for the audio");
    if (st == TB_OK)
        p->fd = fileno(run->spool);

    /* the workers and the edition thread, then synthesis on this thread */
    size_t n_threads = 0;
    int sync_ok = 0;
    if (st == TB_OK && pthread_mutex_init(&p->mu, NULL) == 0) {
        if (pthread_cond_init(&p->cv, NULL) == 0)
            sync_ok = 1;
        else
            pthread_mutex_destroy(&p->mu);
    }
    if (st == TB_OK && !sync_ok)
        st = TB_ERR_NOMEM;
    size_t workers = worker_count(opt, n); /* a kept section is decoded for the edition too */
    for (size_t w = 0; st == TB_OK && w < workers; w++) {
        if (pthread_create(&threads[n_threads], NULL, encode_worker, p) != 0)
            st = TB_ERR_NOMEM;
        else
            n_threads++;
    }
    pthread_t edition_thread;
    int edition_running = 0;
    if (st == TB_OK) {
        if (pthread_create(&edition_thread, NULL, edition_worker, p) != 0)
            st = TB_ERR_NOMEM;
        else
            edition_running = 1;
    }
    run->progress.n_sections = n;
    run->progress.n_sentences = tb_edition_count_sentences(ed);
    uint64_t spool_at = 0;
    size_t spoken = 0;
    for (size_t i = 0; st == TB_OK && i < n; i++) {
        if (pl->kept[i]) {
            st = keep_section(old_dir, pl->kept[i], p->jobs[i].path, &tl->sections[i], run, &spool_at,
                              i, diag);
        } else {
            st = speak_section(sy, ed, i, &tl->sections[i], run, &spool_at, diag);
            spoken++;
        }
    }
    if (sync_ok) {
        if (st != TB_OK)
            pool_fail(p, st, diag);
        pthread_mutex_lock(&p->mu);
        p->synth_done = 1;
        pthread_cond_broadcast(&p->cv);
        pthread_mutex_unlock(&p->mu);
    }
    for (size_t w = 0; w < n_threads; w++)
        pthread_join(threads[w], NULL);
    if (sync_ok && (st = p->status) != TB_OK && diag)
        *diag = p->diag;

    /* the edition: the remux overlaps the edition thread's work */
    if (st == TB_OK) {
        tl->format = tb_enc_extension(es.format);
        snprintf(tl->edition_file, sizeof tl->edition_file, "%s", pl->edition_file);
        if (!join(path, dir, tl->edition_file))
            st = tb_diag_io(diag, dir, "path too long");
        tags.track = 0;
        tags.stream_key = pl->key; /* the Ogg serial: the edition's own */
        if (st == TB_OK)
            st = tb_enc_edition(&es, path, paths, titles, n, &tags, spans, &tl->duration, diag);
    }
    if (st == TB_OK) {
        for (size_t i = 0; i < n; i++) {
            tb_section_timing *t = &tl->sections[i];
            t->span.start = spans[i].start;
            t->span.duration = spans[i].duration;
            for (size_t j = 0; j < t->n_sentences; j++) {
                t->sentences[j].start = spans[i].start + (double)t->samples[2 * j] / es.sample_rate;
                t->sentences[j].duration = (double)t->samples[2 * j + 1] / es.sample_rate;
            }
        }
        st = join(path, dir, "chapters.json") ? tb_pub_chapters(ed, tl, path, diag)
                                               : tb_diag_io(diag, dir, "path too long");
    }
    if (edition_running) {
        if (st != TB_OK)
            pool_fail(p, st, diag);
        pthread_join(edition_thread, NULL);
        if (st == TB_OK && (st = p->status) != TB_OK && diag)
            *diag = p->diag;
    }
    if (st == TB_OK) {
        tl->lufs = p->edition.lufs;
        tl->true_peak = p->edition.true_peak;
        tb_edition_json_info info = {tags.title, tags.artist, pl->date, base_name(opt->voice_path),
                                     es.format == TB_AUDIO_OPUS ? es.bitrate : 0, es.sample_rate};
        st = join(path, dir, "edition.json") ? tb_pub_edition_json(ed, tl, &info, path, diag)
                                              : tb_diag_io(diag, dir, "path too long");
    }
    /* transcript, playlist and the accessible edition, from edition.json */
    if (st == TB_OK)
        st = tb_publish_edition(dir, diag);
    if (st == TB_OK && res) {
        res->n_sections = n;
        res->n_sentences = run->progress.n_sentences;
        res->duration = tl->duration;
        res->n_synthesised = spoken;
        res->up_to_date = 0;
    }
    if (sync_ok) {
        pthread_cond_destroy(&p->cv);
        pthread_mutex_destroy(&p->mu);
    }
    if (run->spool)
        fclose(run->spool);
    for (size_t i = 0; i < n; i++) {
        free(p->jobs[i].path);
        free(p->jobs[i].part_path);
    }
    tb_loudness_sum_free(p->sum);
    free(p->jobs);
    free(p);
    free(run);
    free(threads);
    free(spans);
    free(titles);
    free(paths);
    tb_timeline_free(tl);
    return st;
}

tb_status tb_render_edition(const tb_edition *ed, const tb_render_options *opt,
                            tb_render_result *res, tb_diag *diag)
{
    if (ed->n_sections == 0) {
        tb_diag_set(diag, ed->source, 0, 0, "nothing to read");
        return TB_ERR_INPUT;
    }
    /* PARENT/NAME → PARENT/.NAME.tmp-PID@HOST and PARENT/.NAME.old-PID@HOST */
    char dir[PATH_MAX], parent[PATH_MAX], tmp[PATH_MAX], aside[PATH_MAX];
    if (snprintf(dir, sizeof dir, "%s", opt->output_dir) >= (int)sizeof dir)
        return tb_diag_io(diag, opt->output_dir, "path too long");
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        dir[--n] = '\0';
    const char *name = base_name(dir);
    if (!*name || !strcmp(name, ".") || !strcmp(name, "..")) {
        tb_diag_set(diag, opt->output_dir, 0, 0, "the output must name a folder, not . or ..");
        return TB_ERR_USAGE;
    }
    size_t plen = (size_t)(name - dir); /* "PARENT/" */
    if (plen == 0)
        snprintf(parent, sizeof parent, ".");
    else if (plen == 1)
        snprintf(parent, sizeof parent, "/");
    else
        snprintf(parent, sizeof parent, "%.*s", (int)(plen - 1), dir);
    /* best effort: what renders killed outright (SIGKILL, power loss) left
     * beside the output; before replaceable(), which may see NAME restored */
    (void)tb_fs_sweep_stale(parent, name, NULL);
    int exists = 0, can = replaceable(dir, &exists);
    if (can < 0)
        return tb_diag_io(diag, dir, "cannot use the output folder");
    if (!can) {
        tb_diag_set(diag, dir, 0, 0,
                    "exists and is not an edition folder (no edition.json); not replacing it");
        return TB_ERR_USAGE;
    }
    long pid = (long)getpid();
    const char *host = tb_fs_host(); /* PIDs repeat across machines sharing the folder */
    if (snprintf(tmp, sizeof tmp, "%s/.%s.tmp-%ld@%s", parent, name, pid, host) >= (int)sizeof tmp ||
        snprintf(aside, sizeof aside, "%s/.%s.old-%ld@%s", parent, name, pid, host) >= (int)sizeof aside)
        return tb_diag_io(diag, dir, "path too long");
    tb_synth *sy = NULL;
    tb_status st = tb_synth_new(opt->voice_path, &sy, diag);
    if (st != TB_OK)
        return st;
    plan pl; /* make_plan zeroes it first, so plan_free is safe whatever it returns */
    st = make_plan(ed, opt, tb_synth_rate(sy), dir, &pl, diag);
    if (st == TB_OK && exists && up_to_date(&pl, opt, dir, ed->n_sections)) {
        if (res) {
            memset(res, 0, sizeof *res);
            res->n_sections = ed->n_sections;
            res->n_sentences = tb_edition_count_sentences(ed);
            res->duration = pl.prev->duration;
            res->up_to_date = 1;
        }
        plan_free(&pl);
        tb_synth_free(sy);
        return TB_OK;
    }
    if (st == TB_OK)
        st = make_dirs(parent, diag);
    if (st == TB_OK) /* before write_edition starts its threads */
        st = tb_synth_fork_server(sy, diag);
    if (st == TB_OK) {
        remove_tree(tmp); /* a leftover of a killed run with our pid */
        if (mkdir(tmp, 0777) != 0)
            st = tb_diag_io(diag, tmp, "cannot create the temporary folder");
        else {
            st = write_edition(ed, opt, sy, &pl, dir, tmp, res, diag);
            if (st == TB_OK && cancelled(opt))
                st = TB_ERR_INTERRUPTED;
            if (st == TB_OK)
                st = sync_tree(tmp, diag);
            if (st == TB_OK)
                st = move_into_place(tmp, dir, aside, exists, diag);
            if (st == TB_OK)
                sync_dir(parent);
            if (st != TB_OK)
                remove_tree(tmp);
        }
    }
    plan_free(&pl);
    tb_synth_free(sy);
    return st;
}

tb_status tb_render(const char *report_path, const tb_lexicon *lx, const tb_render_options *opt,
                    tb_render_result *res, tb_diag *diag)
{
    tb_text text = {0};
    tb_edition *ed = NULL;
    tb_input_opts io = {TB_FMT_AUTO, TB_ENC_AUTO, 0, opt->strict};
    tb_status st = tb_input_read_opts(report_path, &io, &text, diag);
    if (st == TB_OK && text.damage.bytes && opt->input_damaged)
        opt->input_damaged(report_path, &text.damage, opt->input_damaged_ctx);
    if (st == TB_OK)
        st = tb_segment(&text, report_path, &ed, diag);
    tb_text_free(&text);
    if (st == TB_OK)
        st = tb_edition_prepare(ed, lx);
    if (st == TB_OK)
        st = tb_render_edition(ed, opt, res, diag);
    tb_edition_free(ed);
    return st;
}
