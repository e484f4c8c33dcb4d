/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * speak.c — synthesis into the spool: each section spoken once with its
 * pauses, or kept from the previous edition, then handed to the workers
 * (see render_int.h).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/fs.h"
#include "render/render_int.h"

/* ---- synthesis into the spool ----
 *
 * A section is spoken once, and the engine's PCM (with the pauses) goes to
 * the spool as it comes: eSpeak, the one part that cannot run in parallel,
 * does nothing else on this thread. Its worker reads it back as often as the
 * levelling needs. */

int tb_rd_spool_room(FILE *spool, unsigned long long n)
{
    unsigned long long free_bytes = tb_fs_free_bytes(fileno(spool));
    return free_bytes >= SPOOL_FLOOR_BYTES && free_bytes - SPOOL_FLOOR_BYTES >= n;
}

tb_status tb_rd_spool_refuse(FILE *spool, unsigned long long need, tb_diag *diag)
{
    unsigned long long free_bytes = tb_fs_free_bytes(fileno(spool));
    tb_diag_set(diag, tb_fs_tmp_dir(), 0, 0,
                "no room for the audio spool: %llu MB free, it needs about %llu MB more and "
                "leaves %llu MB free; set TMPDIR to a folder with more room",
                free_bytes >> 20, (need + (1u << 20) - 1) >> 20, SPOOL_FLOOR_BYTES >> 20);
    return TB_ERR_IO;
}

static tb_status sink(const int16_t *pcm, size_t n, void *ctx)
{
    section_run *r = ctx;
    tb_status st = tb_rd_pool_stopped(r->pool);
    if (st != TB_OK)
        return st;
    r->unchecked += n * sizeof *pcm;
    if (r->unchecked >= SPOOL_CHECK_BYTES) { /* never fill the disk */
        r->unchecked = 0;
        if (!tb_rd_spool_room(r->spool, SPOOL_CHECK_BYTES)) {
            r->no_room = 1;
            return TB_ERR_IO;
        }
    }
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

static tb_status wait_for_room(section_run *run)
{
    pool *p = run->pool;
    uint64_t limit = (uint64_t)SPOOL_AHEAD_SECONDS * (uint64_t)run->rate;
    pthread_mutex_lock(&p->mu);
    while (p->status == TB_OK && p->waiting > limit && !tb_rd_cancelled(p->opt)) {
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
    return tb_rd_pool_stopped(p);
}

/* The events of a section being spoken (tb_synth_speak_section). */
typedef struct {
    section_run *run;
    const tb_edition *ed;
    const tb_section *sec;
    tb_section_timing *t;
    uint64_t start; /* of the sentence being spoken, in the section's samples */
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
    st = silence(run, j + 1 >= c->sec->n_sentences           ? TAIL_SECONDS
                      : tb_section_paragraph_ends(c->sec, j) ? PARA_SECONDS
                                                             : GAP_SECONDS);
    run->progress.sentences_done++;
    run->progress.seconds += (double)(run->samples - c->start) / run->rate;
    c->start = run->samples;
    if (st == TB_OK && tb_rd_cancelled(run->opt))
        st = TB_ERR_INTERRUPTED;
    if (st == TB_OK && run->opt->progress)
        run->opt->progress(&run->progress, run->opt->progress_ctx);
    return st;
}

tb_status tb_rd_speak_section(tb_synth *sy, const tb_edition *ed, size_t i, tb_section_timing *t,
                              section_run *run, uint64_t *spool_at, tb_diag *diag)
{
    const tb_section *sec = &ed->sections[i];
    tb_status st = wait_for_room(run);
    if (st != TB_OK)
        return st;
    const tb_speech **texts = calloc(sec->n_sentences ? sec->n_sentences : 1, sizeof *texts);
    if (!texts)
        return TB_ERR_NOMEM;
    for (size_t j = 0; j < sec->n_sentences; j++)
        texts[j] = sec->sentences[j].speech; /* NULL: silence */
    run->samples = 0;
    run->progress.section = i + 1;
    st = silence(run, LEAD_SECONDS);
    speaking c = {run, ed, sec, t, run->samples, diag};
    tb_synth_events ev = {on_pcm, on_sentence, &c};
    if (st == TB_OK)
        st =
            tb_synth_speak_section(sy, SEED_BASE + (unsigned)i, texts, sec->n_sentences, &ev, diag);
    free(texts);
    if (st != TB_OK && tb_rd_cancelled(run->opt)) /* a ^C reaches the engine's process too */
        st = TB_ERR_INTERRUPTED;
    if (sec->n_sentences == 0 && st == TB_OK)
        st = silence(run, TAIL_SECONDS);
    if (st == TB_ERR_IO && run->no_room)
        return tb_rd_spool_refuse(run->spool, SPOOL_CHECK_BYTES, diag);
    if (st == TB_ERR_IO || (st == TB_OK && fflush(run->spool) != 0))
        return tb_diag_io(diag, tb_fs_tmp_dir(), "cannot spool the audio");
    if (st != TB_OK)
        return st;
    tb_rd_pool_hand_over(run->pool, i, spool_at, run->samples, 0);
    return TB_OK;
}

tb_status tb_rd_keep_section(const char *old_dir, const tb_rs_section *k, const char *path,
                             tb_section_timing *t, section_run *run, uint64_t *spool_at, size_t i,
                             tb_diag *diag)
{
    char old[TB_PATH_MAX];
    if (!tb_path_join(old, old_dir, k->file))
        return tb_diag_io(diag, old_dir, "path too long");
    tb_status st = tb_fs_link_or_copy(old, path, diag);
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
    tb_rd_pool_hand_over(run->pool, i, spool_at, 0, 1);
    return TB_OK;
}
