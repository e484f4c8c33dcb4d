/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * render.c — orchestration of the pipeline for one report (see render.h):
 * the one place that knows the order of the stages. PCM is streamed from the
 * engine straight into the section's encoder, so memory does not grow with
 * the length of the report; each sentence's start is counted in samples.
 *
 * The timeline of a section: LEAD of silence, then each sentence followed by
 * GAP (the last one by TAIL, the longer pause between sections).
 */
#include "render.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "audio/loudness.h"
#include "encode/mp3.h"
#include "input.h"
#include "prepare.h"
#include "publish/chapters.h"
#include "publish/edition_json.h"
#include "publish/publish.h"
#include "publish/timeline.h"
#include "segment.h"
#include "synth.h"

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

static tb_status io_fail(tb_diag *diag, const char *path, const char *what)
{
    int e = errno;
    tb_diag_set(diag, path, 0, 0, "%s", what);
    if (diag)
        diag->err = e;
    return TB_ERR_IO;
}

/* mkdir -p */
static tb_status make_dirs(const char *path, tb_diag *diag)
{
    char p[PATH_MAX];
    if (snprintf(p, sizeof p, "%s", path) >= (int)sizeof p)
        return io_fail(diag, path, "path too long");
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST)
            return io_fail(diag, p, "cannot create the folder");
        *s = '/';
    }
    if (mkdir(p, 0777) != 0 && errno != EEXIST)
        return io_fail(diag, p, "cannot create the folder");
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
        return io_fail(diag, dir, "cannot read the temporary folder");
    tb_status st = TB_OK;
    struct dirent *de;
    while (st == TB_OK && (de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        char p[PATH_MAX];
        int fd = -1;
        if (!join(p, dir, de->d_name) || (fd = open(p, O_RDONLY)) < 0 || fsync(fd) != 0)
            st = io_fail(diag, p, "cannot flush the file to disk");
        if (fd >= 0)
            close(fd);
    }
    closedir(d);
    int fd = open(dir, O_RDONLY);
    if (st == TB_OK && (fd < 0 || fsync(fd) != 0))
        st = io_fail(diag, dir, "cannot flush the folder to disk");
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
            return io_fail(diag, dir, "cannot move the edition into place");
        return TB_OK;
    }
#ifdef SYS_renameat2
    if (syscall(SYS_renameat2, AT_FDCWD, tmp, AT_FDCWD, dir, RENAME_EXCHANGE) == 0) {
        remove_tree(tmp); /* now the old edition; a leftover is harmless */
        return TB_OK;
    }
#endif
    if (rename(dir, aside) != 0)
        return io_fail(diag, dir, "cannot move the previous edition aside");
    if (rename(tmp, dir) != 0) {
        tb_status st = io_fail(diag, dir, "cannot move the edition into place");
        rename(aside, dir); /* put the previous edition back */
        return st;
    }
    remove_tree(aside);
    return TB_OK;
}

/* ---- synthesis into the encoder ---- */

typedef struct {
    const tb_render_options *opt;
    tb_enc_section *enc;
    uint64_t samples;      /* of this section so far */
    tb_render_progress progress;
    int rate;
    /* loudness: pass 1 only measures (raw); pass 2 goes through the limiter */
    int measuring;
    tb_meter *raw, *out, *edition;
    tb_limiter *lim;
    FILE *spool;           /* the final PCM of every section, for the MP3; NULL without one */
    float f[CHUNK];
    int16_t pcm[CHUNK];
} section_run;

static int cancelled(const tb_render_options *opt)
{
    return opt->cancel && *opt->cancel;
}

/* Limited samples on their way out: measured, then to the section's encoder and the spool. */
static tb_status emit(section_run *r, const float *x, size_t n)
{
    tb_status st = tb_meter_add(r->out, x, n);
    if (st == TB_OK)
        st = tb_meter_add(r->edition, x, n);
    for (size_t i = 0; i < n; i++) {
        float v = x[i] * 32767.0f;
        r->pcm[i] = (int16_t)(v > 32767.0f ? 32767 : v < -32768.0f ? -32768 : lrintf(v));
    }
    if (st == TB_OK)
        st = tb_enc_section_write(r->enc, r->pcm, n);
    if (st == TB_OK && r->spool && fwrite(r->pcm, sizeof *r->pcm, n, r->spool) != n)
        st = TB_ERR_IO; /* the caller reports the spool (see speak_section) */
    return st;
}

static tb_status sink(const int16_t *pcm, size_t n, void *ctx)
{
    section_run *r = ctx;
    if (cancelled(r->opt))
        return TB_ERR_INTERRUPTED;
    r->samples += n;
    while (n > 0) {
        size_t k = n < CHUNK ? n : CHUNK, got;
        for (size_t i = 0; i < k; i++)
            r->f[i] = (float)pcm[i] / 32768.0f;
        tb_status st;
        if (r->measuring) {
            got = k;
            if (r->lim)
                tb_limiter_run(r->lim, r->f, k, r->f, &got);
            st = tb_meter_add(r->raw, r->f, got);
        } else {
            tb_limiter_run(r->lim, r->f, k, r->f, &got);
            st = emit(r, r->f, got);
        }
        if (st != TB_OK)
            return st;
        pcm += k;
        n -= k;
    }
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

/* Speak a section into run->raw only, through run->lim when there is one. */
static tb_status meter_pass(tb_synth *sy, const tb_section *sec, unsigned seed, section_run *run,
                            tb_loudness *l)
{
    tb_meter_free(run->raw);
    run->raw = tb_meter_new(run->rate, 0);
    if (!run->raw)
        return TB_ERR_NOMEM;
    run->measuring = 1;
    tb_synth_reset(sy, seed);
    /* the same pauses as the real pass: they weigh in the gated loudness */
    tb_status st = silence(run, LEAD_SECONDS);
    for (size_t j = 0; st == TB_OK && j < sec->n_sentences; j++) {
        uint64_t made = 0;
        st = tb_synth_speak(sy, sec->sentences[j].engine ? sec->sentences[j].engine : "", sink, run,
                            &made);
        if (st == TB_OK)
            st = silence(run, j + 1 < sec->n_sentences ? GAP_SECONDS : TAIL_SECONDS);
    }
    if (st == TB_OK && run->lim) { /* what the look-ahead still holds */
        size_t got;
        tb_limiter_flush(run->lim, run->f, &got);
        st = tb_meter_add(run->raw, run->f, got);
    }
    run->measuring = 0;
    run->samples = 0;
    return st == TB_OK ? tb_meter_result(run->raw, l) : st;
}

/* Before a section is encoded: the gain that brings it to PCM_TARGET_LUFS
 * after the limiter. Speech from eSpeak has a high peak-to-loudness ratio
 * (about 19 dB), so the limiter takes off 1.3-1.8 LU, more the higher the
 * gain: one pass measures the raw voice, then up to four passes through the
 * limiter correct the gain (secant steps) until it lands within 0.1 LU. A
 * pass is synthesis and metering only, a few percent of the cost of encoding. */
static tb_status section_gain(tb_synth *sy, const tb_section *sec, unsigned seed, section_run *run,
                              double *gain_db)
{
    tb_loudness l;
    tb_limiter_free(run->lim);
    run->lim = NULL;
    tb_status st = meter_pass(sy, sec, seed, run, &l);
    *gain_db = 0;
    if (st != TB_OK || l.lufs <= -70.0) /* silence: leave it */
        return st;
    *gain_db = PCM_TARGET_LUFS - l.lufs;
    /* the limiter flattens the response (about 0.6 LU per dB here): secant steps */
    double slope = 1.0, prev_gain = 0, prev_lufs = l.lufs;
    for (int pass = 0; st == TB_OK && pass < 4; pass++) {
        run->lim = tb_limiter_new(run->rate, *gain_db, CEILING_DB);
        if (!run->lim)
            return TB_ERR_NOMEM;
        st = meter_pass(sy, sec, seed, run, &l);
        tb_limiter_free(run->lim);
        run->lim = NULL;
        if (st != TB_OK || l.lufs <= -70.0 || fabs(l.lufs - PCM_TARGET_LUFS) < 0.1)
            break;
        if (pass > 0 && *gain_db != prev_gain) {
            slope = (l.lufs - prev_lufs) / (*gain_db - prev_gain);
            slope = slope < 0.2 ? 0.2 : slope > 1.0 ? 1.0 : slope;
        }
        prev_gain = *gain_db;
        prev_lufs = l.lufs;
        *gain_db += (PCM_TARGET_LUFS - l.lufs) / slope;
        if (*gain_db > 40.0)
            *gain_db = 40.0;
    }
    return st;
}

static tb_status speak_section(tb_synth *sy, const tb_enc_settings *es, const tb_edition *ed,
                               size_t i, const char *dir, tb_section_timing *t, section_run *run,
                               const tb_enc_tags *edtags, tb_diag *diag)
{
    const tb_section *sec = &ed->sections[i];
    char path[PATH_MAX];
    snprintf(t->file, sizeof t->file, "%02zu-%s.%s", i + 1, tb_section_kind_name(sec->kind),
             tb_enc_extension(es->format));
    if (!join(path, dir, t->file))
        return io_fail(diag, dir, "path too long");
    tb_enc_tags tags = *edtags;
    tags.title = tb_pub_title(sec);
    tags.track = (int)i + 1;
    tags.tracks = (int)ed->n_sections;
    double gain_db = 0;
    tb_status st = section_gain(sy, sec, SEED_BASE + (unsigned)i, run, &gain_db);
    if (st != TB_OK)
        return st;
    tb_limiter_free(run->lim);
    tb_meter_free(run->out);
    run->lim = tb_limiter_new(run->rate, gain_db, CEILING_DB);
    run->out = tb_meter_new(run->rate, 1);
    if (!run->lim || !run->out)
        return TB_ERR_NOMEM;
    st = tb_enc_section_new(es, path, &tags, &run->enc, diag);
    if (st != TB_OK)
        return st;
    run->samples = 0;
    run->progress.section = i + 1;
    tb_synth_reset(sy, SEED_BASE + (unsigned)i);
    st = silence(run, LEAD_SECONDS);
    for (size_t j = 0; st == TB_OK && j < sec->n_sentences; j++) {
        const tb_sentence *s = &sec->sentences[j];
        uint64_t start = run->samples, made = 0;
        st = tb_synth_speak(sy, s->engine ? s->engine : "", sink, run, &made);
        if (st == TB_ERR_SYNTH)
            tb_diag_set(diag, ed->source, s->line, 0, "the speech engine failed on this sentence");
        if (st == TB_OK)
            st = silence(run, j + 1 < sec->n_sentences ? GAP_SECONDS : TAIL_SECONDS);
        /* in samples for now; render_edition turns them into seconds */
        t->sentences[j].start = (double)start;
        t->sentences[j].duration = (double)made;
        run->progress.sentences_done++;
        run->progress.seconds += (double)(run->samples - start) / run->rate;
        if (st == TB_OK && cancelled(run->opt))
            st = TB_ERR_INTERRUPTED;
        if (st == TB_OK && run->opt->progress)
            run->opt->progress(&run->progress, run->opt->progress_ctx);
    }
    if (sec->n_sentences == 0 && st == TB_OK)
        st = silence(run, TAIL_SECONDS);
    if (st == TB_OK) { /* the limiter's look-ahead still holds the last samples */
        size_t got;
        tb_limiter_flush(run->lim, run->f, &got);
        st = emit(run, run->f, got);
    }
    tb_loudness l;
    if (st == TB_OK && (st = tb_meter_result(run->out, &l)) == TB_OK) {
        t->lufs = l.lufs;
        t->true_peak = l.true_peak;
        t->gain_db = gain_db;
    }
    int spool_errno = errno;
    /* finishing a failed encoder still says which file could not be written, and why */
    tb_status fst = tb_enc_section_finish(run->enc, diag);
    if (st == TB_OK)
        st = fst;
    if (st == TB_ERR_IO && diag && !diag->what[0]) { /* emit() failed on the spool */
        tb_diag_set(diag, "temporary file", 0, 0, "cannot keep the audio for the MP3");
        diag->err = spool_errno;
    }
    tb_enc_section_free(run->enc);
    run->enc = NULL;
    return st;
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* The MP3 edition from the spooled PCM of every section, each section
 * starting where it starts in the Opus edition (silence fills the encoder
 * padding between them), so one timeline serves both files. */
static tb_status write_mp3(FILE *spool, const uint64_t *samples, const char *const *titles, size_t n,
                           int rate, const tb_timeline *tl, const tb_enc_tags *tags,
                           const char *path, tb_diag *diag)
{
    tb_status st = TB_OK;
    tb_mp3 *mp3 = tb_mp3_new(rate, MP3_KBPS, &st);
    tb_mp3_chapter *ch = calloc(n ? n : 1, sizeof *ch);
    int16_t *in = malloc(CHUNK * sizeof *in);
    float *f = malloc(CHUNK * sizeof *f);
    if (!mp3 || !ch || !in || !f)
        st = st != TB_OK ? st : TB_ERR_NOMEM;
    if (st == TB_OK && (fflush(spool) != 0 || fseek(spool, 0, SEEK_SET) != 0))
        st = io_fail(diag, path, "cannot read back the audio for the MP3");
    uint64_t written = 0;
    for (size_t i = 0; st == TB_OK && i < n; i++) {
        const tb_section_timing *t = &tl->sections[i];
        uint64_t at = (uint64_t)(t->span.start * rate + 0.5);
        memset(f, 0, CHUNK * sizeof *f);
        while (st == TB_OK && written < at) {
            size_t k = at - written < CHUNK ? (size_t)(at - written) : CHUNK;
            st = tb_mp3_write(mp3, f, k);
            written += k;
        }
        for (uint64_t left = samples[i]; st == TB_OK && left > 0;) {
            size_t k = left < CHUNK ? (size_t)left : CHUNK;
            if (fread(in, sizeof *in, k, spool) != k) {
                st = io_fail(diag, path, "cannot read back the audio for the MP3");
                break;
            }
            for (size_t j = 0; j < k; j++)
                f[j] = (float)in[j] / 32768.0f;
            st = tb_mp3_write(mp3, f, k);
            written += k;
            left -= k;
        }
        ch[i].start = t->span.start;
        ch[i].end = i + 1 < n ? tl->sections[i + 1].span.start : tl->duration;
        ch[i].title = titles[i];
    }
    if (st == TB_OK) {
        tb_mp3_tags mt = {tags->title, tags->album, tags->artist, tags->date, "chi"};
        st = tb_mp3_finish(mp3, path, &mt, ch, n, diag);
    }
    tb_mp3_free(mp3);
    free(ch);
    free(in);
    free(f);
    return st;
}

/* Everything of the edition into the folder dir. */
static tb_status write_edition(const tb_edition *ed, const tb_render_options *opt, const char *dir,
                               tb_render_result *res, tb_diag *diag)
{
    tb_synth *sy = NULL;
    tb_status st = tb_synth_new(opt->voice_path, &sy, diag);
    if (st != TB_OK)
        return st;
    tb_enc_settings es;
    tb_enc_settings_default(&es, tb_synth_rate(sy));
    es.format = opt->format;
    if (opt->bitrate)
        es.bitrate = opt->bitrate;
    if (opt->complexity >= 0)
        es.complexity = opt->complexity;
    const char *date = opt->date ? opt->date : ed->date;
    const char *headline = ed->headline && ed->headline[0] ? ed->headline : NULL;
    tb_enc_tags tags = {0};
    tags.title = headline ? headline : tb_pub_title(&ed->sections[0]);
    tags.album = tags.title;
    tags.artist = opt->publisher ? opt->publisher : "tingbao";
    tags.date = date;
    tags.language = "zh-CN";

    tb_timeline *tl = tb_timeline_new(ed);
    const char **paths = calloc(ed->n_sections, sizeof *paths);
    const char **titles = calloc(ed->n_sections, sizeof *titles);
    char *pathbuf = calloc(ed->n_sections, PATH_MAX);
    tb_enc_span *spans = calloc(ed->n_sections, sizeof *spans);
    if (!tl || !paths || !titles || !pathbuf || !spans)
        st = TB_ERR_NOMEM;

    /* the run holds the scratch buffers: on the heap, not the stack */
    section_run *run = calloc(1, sizeof *run);
    uint64_t *samples = calloc(ed->n_sections, sizeof *samples);
    if (!run || !samples) {
        free(run);
        free(samples);
        free(spans);
        free(pathbuf);
        free(titles);
        free(paths);
        tb_timeline_free(tl);
        tb_synth_free(sy);
        return TB_ERR_NOMEM;
    }
    run->opt = opt;
    run->rate = tb_synth_rate(sy);
    run->edition = tb_meter_new(run->rate, 1);
    if (!run->edition && st == TB_OK)
        st = TB_ERR_NOMEM;
    if (st == TB_OK && !opt->no_mp3 && es.format == TB_AUDIO_OPUS && !(run->spool = tmpfile()))
        st = io_fail(diag, "tmpfile", "cannot make a temporary file for the MP3");
    run->progress.n_sections = ed->n_sections;
    run->progress.n_sentences = tb_edition_count_sentences(ed);
    for (size_t i = 0; st == TB_OK && i < ed->n_sections; i++) {
        st = speak_section(sy, &es, ed, i, dir, &tl->sections[i], run, &tags, diag);
        samples[i] = run->samples;
        paths[i] = pathbuf + i * PATH_MAX;
        if (st == TB_OK && !join(pathbuf + i * PATH_MAX, dir, tl->sections[i].file))
            st = io_fail(diag, dir, "path too long");
        titles[i] = tb_pub_title(&ed->sections[i]);
    }
    tb_synth_free(sy);

    char path[PATH_MAX];
    if (st == TB_OK) {
        tl->format = tb_enc_extension(es.format);
        snprintf(tl->edition_file, sizeof tl->edition_file, "edition.%s", tl->format);
        if (!join(path, dir, tl->edition_file))
            st = io_fail(diag, dir, "path too long");
        tags.track = 0;
        tags.tracks = (int)ed->n_sections;
        if (st == TB_OK)
            st = tb_enc_edition(&es, path, paths, titles, ed->n_sections, &tags, spans, &tl->duration,
                            diag);
    }
    if (st == TB_OK) {
        for (size_t i = 0; i < ed->n_sections; i++) {
            tb_section_timing *t = &tl->sections[i];
            t->span.start = spans[i].start;
            t->span.duration = spans[i].duration;
            for (size_t j = 0; j < t->n_sentences; j++) {
                t->sentences[j].start = spans[i].start + t->sentences[j].start / es.sample_rate;
                t->sentences[j].duration /= es.sample_rate;
            }
        }
        st = join(path, dir, "chapters.json") ? tb_pub_chapters(ed, tl, path, diag)
                                               : io_fail(diag, dir, "path too long");
    }
    tb_loudness el;
    if (st == TB_OK && (st = tb_meter_result(run->edition, &el)) == TB_OK) {
        tl->lufs = el.lufs;
        tl->true_peak = el.true_peak;
    }
    if (st == TB_OK && run->spool) {
        snprintf(tl->mp3_file, sizeof tl->mp3_file, "edition.mp3");
        st = join(path, dir, tl->mp3_file)
                 ? write_mp3(run->spool, samples, titles, ed->n_sections, run->rate, tl, &tags, path, diag)
                 : io_fail(diag, dir, "path too long");
    }
    if (st == TB_OK) {
        tb_edition_json_info info = {tags.artist, date, base_name(opt->voice_path),
                                 es.format == TB_AUDIO_OPUS ? es.bitrate : 0, es.sample_rate};
        st = join(path, dir, "edition.json") ? tb_pub_edition_json(ed, tl, &info, path, diag)
                                              : io_fail(diag, dir, "path too long");
    }
    /* transcript, playlist and the accessible edition, from edition.json */
    if (st == TB_OK)
        st = tb_publish_edition(dir, diag);
    if (st == TB_OK && res) {
        res->n_sections = ed->n_sections;
        res->n_sentences = run->progress.n_sentences;
        res->duration = tl->duration;
    }
    if (run->spool)
        fclose(run->spool);
    tb_meter_free(run->raw);
    tb_meter_free(run->out);
    tb_meter_free(run->edition);
    tb_limiter_free(run->lim);
    free(run);
    free(samples);
    free(spans);
    free(pathbuf);
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
    /* PARENT/NAME → PARENT/.NAME.tmp-PID and PARENT/.NAME.old-PID */
    char dir[PATH_MAX], parent[PATH_MAX], tmp[PATH_MAX], aside[PATH_MAX];
    if (snprintf(dir, sizeof dir, "%s", opt->output_dir) >= (int)sizeof dir)
        return io_fail(diag, opt->output_dir, "path too long");
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
    int exists = 0, can = replaceable(dir, &exists);
    if (can < 0)
        return io_fail(diag, dir, "cannot use the output folder");
    if (!can) {
        tb_diag_set(diag, dir, 0, 0,
                    "exists and is not an edition folder (no edition.json); not replacing it");
        return TB_ERR_USAGE;
    }
    long pid = (long)getpid();
    if (snprintf(tmp, sizeof tmp, "%s/.%s.tmp-%ld", parent, name, pid) >= (int)sizeof tmp ||
        snprintf(aside, sizeof aside, "%s/.%s.old-%ld", parent, name, pid) >= (int)sizeof aside)
        return io_fail(diag, dir, "path too long");
    tb_status st = make_dirs(parent, diag);
    if (st != TB_OK)
        return st;
    remove_tree(tmp); /* a leftover of a killed run with our pid */
    if (mkdir(tmp, 0777) != 0)
        return io_fail(diag, tmp, "cannot create the temporary folder");
    st = write_edition(ed, opt, tmp, res, diag);
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
    return st;
}

tb_status tb_render(const char *report_path, const tb_lexicon *lx, const tb_render_options *opt,
                    tb_render_result *res, tb_diag *diag)
{
    tb_text text = {0};
    tb_edition *ed = NULL;
    tb_status st = tb_input_read(report_path, TB_FMT_AUTO, &text, diag);
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
