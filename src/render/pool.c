/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pool.c — the pool's life and its shared state: made, its first error
 * recorded (and every thread told to stop), its threads joined, freed. What
 * the threads do is workers.c's; they are started there (tb_rd_pool_start).
 */
#include <stdlib.h>
#include <string.h>

#include "render/render_int.h"

int tb_rd_cancelled(const tb_render_options *opt)
{
    return opt->cancel && *opt->cancel;
}

void tb_rd_pool_fail(pool *p, tb_status st, const tb_diag *d)
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

tb_status tb_rd_pool_stopped(pool *p)
{
    if (atomic_load(&p->failed) || tb_rd_cancelled(p->opt))
        return TB_ERR_INTERRUPTED;
    return TB_OK;
}

pool *tb_rd_pool_new(const tb_render_options *opt, const tb_enc_settings *es, size_t n, int rate)
{
    pool *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->es = *es;
    p->opt = opt;
    p->n = n;
    p->rate = rate;
    p->fd = -1;
    tb_enc_decoder *dec = tb_enc_decoder_new(es);
    p->dec_rate = dec ? tb_enc_decoder_rate(dec) : 0;
    tb_enc_decoder_free(dec);
    if (!(p->jobs = calloc(n ? n : 1, sizeof *p->jobs)) || !dec ||
        !(p->sum = tb_loudness_sum_new())) {
        tb_rd_pool_free(p);
        return NULL;
    }
    return p;
}

tb_status tb_rd_pool_synth_done(pool *p, tb_status st, tb_diag *diag)
{
    if (!p->sync_ok)
        return st;
    if (st != TB_OK)
        tb_rd_pool_fail(p, st, diag);
    pthread_mutex_lock(&p->mu);
    p->synth_done = 1;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    for (size_t w = 0; w < p->n_threads; w++)
        pthread_join(p->threads[w], NULL);
    p->n_threads = 0;
    if ((st = p->status) != TB_OK && diag)
        *diag = p->diag;
    return st;
}

tb_status tb_rd_pool_edition_done(pool *p, tb_status st, tb_diag *diag)
{
    if (!p->edition_running)
        return st;
    if (st != TB_OK)
        tb_rd_pool_fail(p, st, diag);
    pthread_join(p->edition_thread, NULL);
    p->edition_running = 0;
    if (st == TB_OK && (st = p->status) != TB_OK && diag)
        *diag = p->diag;
    return st;
}

void tb_rd_pool_free(pool *p)
{
    if (!p)
        return;
    /* threads still running (a failure before synthesis ended): stop them */
    (void)tb_rd_pool_synth_done(p, TB_ERR_INTERRUPTED, NULL);
    (void)tb_rd_pool_edition_done(p, TB_ERR_INTERRUPTED, NULL);
    if (p->sync_ok) {
        pthread_cond_destroy(&p->cv);
        pthread_mutex_destroy(&p->mu);
    }
    for (size_t i = 0; p->jobs && i < p->n; i++) {
        free(p->jobs[i].path);
        free(p->jobs[i].part_path);
        free(p->jobs[i].old_part);
        free(p->jobs[i].loud_path);
        free(p->jobs[i].old_loud);
        free(p->jobs[i].cuts);
    }
    tb_loudness_sum_free(p->sum);
    free(p->jobs);
    free(p);
}
