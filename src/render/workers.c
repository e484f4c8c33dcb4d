/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * workers.c — the pool of threads that level and encode the spoken sections,
 * the loudness search, and the edition thread that joins the MP3 edition
 * (see render_int.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/fs.h"
#include "encode/mp3.h"
#include "render/render_int.h"

#define CHUNK 4096

/* ---- the workers: threads that level and encode the spoken sections ----
 *
 * The synthesis thread (the caller's: the only one that touches eSpeak)
 * speaks each section once into the spool, a bounded ring of the engine's
 * int16 PCM (spool.c), and cuts it into pieces: "section i, piece k, spool
 * samples X to Y". That is all the serial work there is. Workers take the
 * sections in order and do the rest in parallel, each with its own meters,
 * limiters and encoder: for each piece, measure the raw voice, find the gain
 * (section_gain), then the final pass through the limiter into the
 * section's encoder; a section shorter than SPOOL_PIECE_SECONDS is one
 * piece.
 * A finished section is "placed" on the edition's timeline once every
 * section before it is finished too; then a worker decodes its file for the
 * edition (edition_job): its part of the edition's loudness and of the MP3
 * edition. The edition thread only joins the MP3 parts in order and writes
 * the MP3 file, so no stage of the edition runs on one thread behind the
 * others. A piece's room in the ring is free once its final pass is done,
 * and synthesis waits while the ring is full: memory and disk stay flat
 * whatever the length of the report or of a section.
 * The first error anywhere is sticky: it stops every thread and is the one
 * reported. A section's file depends on its own PCM only, never on which
 * worker made it or on how many there are.
 */

/* A worker's scratch space for the section it levels (and its twin's, for
 * the other half of a measure pass: the next one in memory). */
typedef struct {
    pool *p;
    uint64_t from, n; /* the piece being levelled, in the spool */
    tb_diag *d;
    float f[CHUNK]; /* also holds the limiter's look-ahead (5 ms) at the end */
    int16_t in[CHUNK];
    int16_t pcm[CHUNK];
} leveller;

/* Samples out of a pass: measured, and in the final pass encoded (by the
 * encoder's own thread, behind enc). */
static tb_status pass_out(leveller *lv, tb_meter *m, tb_rd_pipe *enc, size_t n)
{
    tb_status st = tb_meter_add(m, lv->f, n);
    if (st != TB_OK || !enc)
        return st;
    for (size_t i = 0; i < n; i++) {
        float v = lv->f[i] * 32767.0f;
        lv->pcm[i] = (int16_t)(v > 32767.0f ? 32767 : v < -32768.0f ? -32768 : lrintf(v));
    }
    return tb_rd_pipe_put(enc, lv->pcm, n);
}

/* One pass over the piece's PCM in the spool: through a limiter at
 * *gain_db (none when gain_db is NULL: the raw voice) into meter m, and into
 * `enc` when it is set. */
static tb_status level_pass(leveller *lv, const double *gain_db, tb_meter *m, tb_rd_pipe *enc)
{
    pool *p = lv->p;
    tb_limiter *lim = gain_db ? tb_limiter_new(p->rate, *gain_db, TB_LOUD_CEILING_DB) : NULL;
    tb_status st = gain_db && !lim ? TB_ERR_NOMEM : TB_OK;
    for (uint64_t done = 0; st == TB_OK && done < lv->n;) {
        size_t k = lv->n - done < CHUNK ? (size_t)(lv->n - done) : CHUNK, got = k;
        if ((st = tb_rd_pool_stopped(p)) != TB_OK ||
            (st = tb_rd_spool_read(p, lv->in, lv->from + done, k, lv->d)) != TB_OK)
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
    tb_limiter_free(lim);
    return st;
}

/* The second half of a measure pass, on a thread of its own. */
typedef struct {
    leveller *lv;
    const double *gain_db;
    tb_meter *m;
    tb_diag d;
    tb_status st;
} half_pass;

static void *measure_half(void *arg)
{
    half_pass *h = arg;
    h->lv->d = &h->d;
    h->st = level_pass(h->lv, h->gain_db, h->m, NULL);
    return NULL;
}

/* A pass measured on its own meter: loudness only. A long piece is measured
 * in two halves at once, the second on lv's twin from MEASURE_OVERLAP_STEPS
 * 100 ms steps before the middle (a step boundary): so the two meters hold
 * the very gating blocks of the whole piece, those across the middle in the
 * second, once its filter and limiter have settled. Which halves depends on
 * the piece alone, not on -j. */
static tb_status measure_pass(leveller *lv, const double *gain_db, tb_loudness *l)
{
    const int rate = lv->p->rate;
    const uint64_t step = ((uint64_t)rate + 5) / 10; /* as libebur128 counts 100 ms */
    const uint64_t mid =
        (double)lv->n >= MEASURE_SPLIT_SECONDS * rate ? lv->n / 2 / step * step : 0;
    tb_meter *m[2] = {tb_meter_new(rate, 0), mid ? tb_meter_new(rate, 0) : NULL};
    tb_status st = m[0] && (!mid || m[1]) ? TB_OK : TB_ERR_NOMEM;
    half_pass h = {.lv = lv + 1, .gain_db = gain_db, .m = m[1], .st = TB_OK};
    pthread_t t;
    int helper = 0;
    if (st == TB_OK && mid) {
        h.lv->p = lv->p;
        h.lv->from = lv->from + mid - MEASURE_OVERLAP_STEPS * step;
        h.lv->n = lv->n - mid + MEASURE_OVERLAP_STEPS * step;
        helper = pthread_create(&t, NULL, measure_half, &h) == 0;
        if (!helper)
            st = TB_ERR_NOMEM;
    }
    const uint64_t n = lv->n;
    if (st == TB_OK) {
        lv->n = mid ? mid : n;
        st = level_pass(lv, gain_db, m[0], NULL);
        lv->n = n;
    }
    if (helper) {
        pthread_join(t, NULL);
        if (st == TB_OK && (st = h.st) != TB_OK)
            *lv->d = h.d;
    }
    if (st == TB_OK)
        st = tb_meter_result_of(m, mid ? 2 : 1, l);
    tb_meter_free(m[0]);
    tb_meter_free(m[1]);
    return st;
}

/* The gain that brings the section to TB_LOUD_PCM_TARGET_LUFS after the limiter,
 * from the loudness l of the raw voice. Speech from eSpeak has a high
 * peak-to-loudness ratio (about 19 dB), so the limiter takes off a few LU,
 * more the higher the gain: the first guess adds TB_LOUD_LIMITER_LOSS_DB, and up to
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
    *gain_db = TB_LOUD_PCM_TARGET_LUFS - l.lufs + TB_LOUD_LIMITER_LOSS_DB;
    /* the limiter flattens the response: measured 0.2-0.4 LU per dB at these
     * gains (examples/xilin-0612.txt), so the first step assumes 0.3; then
     * secant steps */
    double slope = 0.3, prev_gain = 0, prev_lufs = l.lufs;
    for (int pass = 0; st == TB_OK && pass < 4; pass++) {
        st = measure_pass(lv, gain_db, &l);
        if (st != TB_OK || l.lufs <= -70.0 || fabs(l.lufs - TB_LOUD_PCM_TARGET_LUFS) < 0.1)
            break;
        if (pass > 0 && *gain_db != prev_gain) {
            slope = (l.lufs - prev_lufs) / (*gain_db - prev_gain);
            slope = slope < 0.1 ? 0.1 : slope > 1.0 ? 1.0 : slope;
        }
        prev_gain = *gain_db;
        prev_lufs = l.lufs;
        *gain_db += (TB_LOUD_PCM_TARGET_LUFS - l.lufs) / slope;
        if (*gain_db > 40.0)
            *gain_db = 40.0;
    }
    return st;
}

/* Piece by piece, section i from the spool to its encoder: measure, find
 * the gain, then the final pass through the limiter into the encoder and m
 * (the section's meter, with true peak). *gain_db: the gain, the mean of the
 * pieces' weighted by their lengths when there are several. */
static tb_status level_pieces(pool *p, size_t i, leveller *lv, tb_meter *m, tb_rd_pipe *enc,
                              double *gain_db)
{
    double weighted = 0, gain = 0;
    uint64_t total = 0;
    size_t k = 0;
    tb_status st = TB_OK;
    for (int got; st == TB_OK && (got = tb_rd_pool_next_piece(p, i, k, &lv->from, &lv->n)); k++) {
        if (got < 0)
            return TB_ERR_INTERRUPTED;
        tb_loudness l;
        st = measure_pass(lv, NULL, &l);
        if (st == TB_OK)
            st = section_gain(lv, l, &gain);
        if (st == TB_OK)
            st = level_pass(lv, &gain, m, enc);
        if (st == TB_OK)
            tb_rd_pool_piece_done(p, i);
        weighted += gain * (double)lv->n;
        total += lv->n;
    }
    *gain_db = k > 1 && total > 0 ? weighted / (double)total : gain;
    return st;
}

static tb_status opus_write(void *enc, const void *pcm, size_t n)
{
    return tb_enc_section_write(enc, pcm, n);
}

/* Section i's parts of the edition made while it is encoded (Opus): its
 * packets decoded as the encoder makes them. NULL when they cannot be
 * (WAV, FLAC: the edition job decodes the file, for its loudness only). */
static tb_rd_parts *listen_parts(pool *p, size_t i, tb_enc_section *enc, tb_enc_decoder **dec,
                                 tb_status *st, tb_diag *d)
{
    tb_rd_parts *e = NULL;
    if (p->es.format != TB_AUDIO_OPUS)
        return NULL;
    if (!(*dec = tb_enc_decoder_new(&p->es)))
        *st = TB_ERR_NOMEM;
    else if ((*st = tb_rd_parts_open(p, i, &e, d)) == TB_OK)
        *st = tb_enc_section_listen(enc, *dec, i == 0, i + 1 == p->n, tb_rd_parts_pcm, e);
    return e;
}

/* Section i from the spool to its file, measured again (with true peak) in
 * its final passes for the figures in edition.json; its file measured for
 * the timeline; and, as it is encoded, its parts of the edition (*heard). */
static tb_status level_and_encode(pool *p, size_t i, leveller *lv, int *heard, tb_diag *d)
{
    enc_job *j = &p->jobs[i];
    lv->p = p;
    lv->d = d;
    tb_enc_tags tags = p->tags;
    tags.title = j->title;
    tags.track = (int)i + 1;
    tags.tracks = (int)p->n;
    tags.stream_key = j->t->key; /* the section's key: kept sections keep their bytes */
    tb_enc_section *enc = NULL;
    tb_enc_decoder *dec = NULL;
    tb_rd_parts *parts = NULL;
    tb_meter *m = tb_meter_new(p->rate, 1);
    tb_status st = m ? tb_enc_section_new(&p->es, j->path, &tags, &enc, d) : TB_ERR_NOMEM;
    if (st == TB_OK)
        parts = listen_parts(p, i, enc, &dec, &st, d);
    tb_rd_pipe *pipe = NULL;
    if (st == TB_OK && !(pipe = tb_rd_pipe_new(sizeof(int16_t), opus_write, enc)))
        st = TB_ERR_NOMEM;
    double gain_db = 0;
    if (st == TB_OK)
        st = level_pieces(p, i, lv, m, pipe, &gain_db);
    if (pipe) {
        tb_status pst = tb_rd_pipe_close(pipe, st != TB_OK);
        if (st == TB_OK)
            st = pst;
        tb_rd_pipe_free(pipe);
    }
    /* finishing a failed encoder still says which file could not be written, and why */
    if (enc) {
        tb_status hst = tb_enc_section_heard(enc); /* a part's failure: its own message */
        tb_status fst = tb_enc_section_finish(enc, hst == TB_OK ? d : NULL);
        if (st == TB_OK)
            st = fst != TB_OK ? fst : tb_enc_section_heard(enc); /* the finish's packets too */
    }
    tb_enc_section_free(enc);
    if (st == TB_OK)
        st = tb_enc_file_measure(&p->es, j->path, &j->info, d);
    if (st == TB_OK)
        j->len = tb_enc_file_decoded(&p->es, &j->info, p->dec_rate, i == 0, i + 1 == p->n);
    if (parts)
        st = tb_rd_parts_close(parts, st, d);
    *heard = parts != NULL && st == TB_OK;
    tb_enc_decoder_free(dec);
    tb_loudness l;
    if (st == TB_OK)
        st = tb_meter_result(m, &l);
    tb_meter_free(m);
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
        j->len = tb_enc_file_decoded(&p->es, &j->info, p->dec_rate, p->placed == 0,
                                     p->placed + 1 == p->n);
        j->at = p->timeline;
        p->timeline += j->len;
        p->placed++;
    }
}

/* The edition as a listener hears it, one section at a time: section i's
 * file decoded (tb_enc_decoder: a decoder of its own, so the figures depend
 * on the file alone, and a kept section counts exactly as one spoken now)
 * into its parts (its loudness and MP3 parts, tb_rd_parts), which the
 * edition thread places within half a frame of where the section lies in
 * the Opus edition (parts.c). A section spoken now had its parts made as it
 * was encoded (level_and_encode); a kept one has them from the previous
 * edition, unless that had no MP3. */
static tb_status edition_job(pool *p, size_t i, tb_diag *d)
{
    enc_job *j = &p->jobs[i];
    if (j->edition_done)
        return TB_OK;
    if (j->old_loud && (!j->part_path || j->old_part))
        return tb_rd_kept_parts(p, j, d);
    tb_enc_decoder *dec = tb_enc_decoder_new(&p->es);
    tb_rd_parts *parts = NULL;
    tb_status st = dec ? tb_rd_parts_open(p, i, &parts, d) : TB_ERR_NOMEM;
    if (st == TB_OK)
        st = tb_enc_decoder_add(dec, j->path, i == 0, i + 1 == p->n, tb_rd_parts_pcm, parts, d);
    st = tb_rd_parts_close(parts, st, d);
    tb_enc_decoder_free(dec);
    if (st == TB_OK) {
        pthread_mutex_lock(&p->mu);
        j->edition_done = 1;
        pthread_cond_broadcast(&p->cv);
        pthread_mutex_unlock(&p->mu);
    }
    return st;
}

/* A worker: sections to level and encode, in order, and sections to decode
 * for the edition once they are placed; the latter first, so that the
 * edition's files follow close behind. */
static void *encode_worker(void *arg)
{
    pool *p = arg;
    tb_diag d;
    leveller *lv = malloc(2 * sizeof *lv); /* and its twin, for the other half of a pass */
    if (!lv) {
        tb_rd_pool_fail(p, TB_ERR_NOMEM, NULL);
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
                tb_rd_pool_fail(p, st, &d);
            pthread_mutex_lock(&p->mu);
            continue;
        }
        i = p->next++;
        pthread_mutex_unlock(&p->mu);
        enc_job *j = &p->jobs[i];
        int heard = 0;
        st = j->kept ? tb_enc_file_measure(&p->es, j->path, &j->info, &d)
                     : level_and_encode(p, i, lv, &heard, &d);
        if (st != TB_OK)
            tb_rd_pool_fail(p, st, &d);
        pthread_mutex_lock(&p->mu);
        if (st == TB_OK) {
            j->encoded = 1;
            j->edition_done = heard;
            place(p);
            pthread_cond_broadcast(&p->cv);
        }
    }
    pthread_mutex_unlock(&p->mu);
    free(lv);
    return NULL;
}

/* The edition thread: joins the sections' MP3 parts in order as they are
 * finished (join_part) and writes the MP3 edition; then the edition's
 * loudness from every section's part. The work is the workers'. */
static tb_status write_edition_audio(pool *p, tb_diag *d)
{
    tb_status st = TB_OK;
    tb_mp3 *mp3 = NULL;
    tb_mp3_chapter *ch = NULL;
    tb_mp3_tags mt = {p->tags.title, p->tags.album, p->tags.artist, p->tags.date, "chi"};
    if (p->mp3_path) {
        if (!(ch = calloc(p->n ? p->n : 1, sizeof *ch)))
            return TB_ERR_NOMEM;
        for (size_t i = 0; i < p->n; i++) /* their times come as the parts are joined */
            ch[i].title = p->jobs[i].title;
        mp3 = tb_mp3_new(p->dec_rate, TB_MP3_EDITION_KBPS, p->mp3_path, &mt, ch, p->n, &st, d);
    }
    for (size_t i = 0; st == TB_OK && i < p->n; i++) {
        enc_job *j = &p->jobs[i];
        pthread_mutex_lock(&p->mu);
        while (p->status == TB_OK && !(j->edition_done && i < p->placed))
            pthread_cond_wait(&p->cv, &p->mu);
        st = p->status == TB_OK ? TB_OK : TB_ERR_INTERRUPTED;
        pthread_mutex_unlock(&p->mu);
        if (st == TB_OK && mp3)
            st = tb_rd_join_part(p, i, mp3, ch, d);
    }
    if (st == TB_OK && mp3) {
        const enc_job *last = &p->jobs[p->n - 1];
        uint64_t end = tb_mp3_frame_at(p->dec_rate, last->at) * TB_MP3_FRAME +
                       tb_mp3_samples(p->dec_rate, last->len);
        st = tb_mp3_finish(mp3, end, ch, d);
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
        tb_rd_pool_fail(p, st, &d);
    return NULL;
}

/* ---- the pool's life ---- */

/* How many workers: the option, else the online CPUs; at most one per
 * section and MAX_JOBS. */
static size_t worker_count(const tb_render_options *opt, size_t n_sections)
{
    long j = opt->jobs > 0 ? opt->jobs : sysconf(_SC_NPROCESSORS_ONLN);
    if (j < 1)
        j = 1;
    if (j > MAX_JOBS)
        j = MAX_JOBS;
    return (size_t)j < n_sections ? (size_t)j : n_sections;
}

tb_status tb_rd_pool_start(pool *p)
{
    if (pthread_mutex_init(&p->mu, NULL) != 0)
        return TB_ERR_NOMEM;
    if (pthread_cond_init(&p->cv, NULL) != 0) {
        pthread_mutex_destroy(&p->mu);
        return TB_ERR_NOMEM;
    }
    p->sync_ok = 1;
    size_t workers = worker_count(p->opt, p->n); /* a kept section is decoded for the edition too */
    for (size_t w = 0; w < workers; w++) {
        if (pthread_create(&p->threads[p->n_threads], NULL, encode_worker, p) != 0)
            return TB_ERR_NOMEM;
        p->n_threads++;
    }
    if (pthread_create(&p->edition_thread, NULL, edition_worker, p) != 0)
        return TB_ERR_NOMEM;
    p->edition_running = 1;
    return TB_OK;
}
