/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * speak.c — synthesis into the spool: each section spoken once with its
 * pauses, or kept from the previous edition, then handed to the workers
 * (see render_int.h).
 */
#include <stdlib.h>
#include <string.h>

#include "base/fs.h"
#include "render/render_int.h"

/* ---- synthesis into the spool ----
 *
 * A section is spoken once, and the engine's PCM (with the pauses) goes to
 * the spool as it comes, cut into pieces (spool.c): eSpeak, the one part that
 * cannot run in parallel, does nothing else on this thread. Its worker reads
 * each piece back as often as the levelling needs. */

/* The current piece of the section ends here. */
static tb_status cut(section_run *r, int last)
{
    r->piece_start = r->at;
    return tb_rd_pool_piece(r->pool, r->section, r->at, last);
}

/* n samples to the spool, looking at its file system's free space while the
 * file grows (never fill the disk). */
static tb_status spool_put(section_run *r, const int16_t *pcm, size_t n)
{
    if (r->at < r->pool->ring) {
        r->unchecked += n * sizeof *pcm;
        if (r->unchecked >= SPOOL_CHECK_BYTES) {
            r->unchecked = 0;
            if (!tb_rd_spool_room(r->spool, SPOOL_CHECK_BYTES)) {
                r->no_room = 1;
                return TB_ERR_IO;
            }
        }
    }
    tb_status st = tb_rd_spool_write(r->pool, pcm, n, r->at, r->diag);
    if (st == TB_OK) {
        r->at += n;
        r->samples += n;
    }
    return st;
}

static tb_status sink(const int16_t *pcm, size_t n, void *ctx)
{
    section_run *r = ctx;
    tb_status st = tb_rd_pool_stopped(r->pool);
    const uint64_t max = (uint64_t)SPOOL_PIECE_MAX_SECONDS * (uint64_t)r->rate;
    while (st == TB_OK && n > 0) {
        /* a piece never grows past the hard cut, even inside a sentence */
        uint64_t room = max - (r->at - r->piece_start);
        size_t k = room < n ? (size_t)room : n;
        st = spool_put(r, pcm, k);
        pcm += k;
        n -= k;
        if (st == TB_OK && r->at - r->piece_start >= max)
            st = cut(r, 0);
    }
    return st;
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
    /* a soft cut between sentences, once the piece is long enough */
    if (st == TB_OK && j + 1 < c->sec->n_sentences &&
        run->at - run->piece_start >= (uint64_t)SPOOL_PIECE_SECONDS * (uint64_t)run->rate)
        st = cut(run, 0);
    if (st == TB_OK && tb_rd_cancelled(run->opt))
        st = TB_ERR_INTERRUPTED;
    if (st == TB_OK && run->opt->progress)
        run->opt->progress(&run->progress, run->opt->progress_ctx);
    return st;
}

tb_status tb_rd_speak_section(tb_synth *sy, const tb_edition *ed, size_t i, tb_section_timing *t,
                              section_run *run, tb_diag *diag)
{
    const tb_section *sec = &ed->sections[i];
    tb_status st;
    const tb_speech **texts = calloc(sec->n_sentences ? sec->n_sentences : 1, sizeof *texts);
    if (!texts)
        return TB_ERR_NOMEM;
    for (size_t j = 0; j < sec->n_sentences; j++)
        texts[j] = sec->sentences[j].speech; /* NULL: silence */
    run->samples = 0;
    run->section = i;
    run->piece_start = run->at;
    run->diag = diag;
    run->progress.section = i + 1;
    tb_rd_pool_begin(run->pool, i, run->at);
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
    if (st != TB_OK)
        return st;
    return cut(run, 1);
}

tb_status tb_rd_keep_section(const char *old_dir, const tb_rs_section *k, const char *path,
                             tb_section_timing *t, section_run *run, size_t i, tb_diag *diag)
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
    tb_rd_pool_kept(run->pool, i);
    return TB_OK;
}
