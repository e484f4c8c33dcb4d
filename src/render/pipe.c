/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pipe.c — an encoder on a thread of its own: the chunks a worker hands it
 * reach it unchanged and in order, a few at a time (see render_int.h).
 */
#include <stdlib.h>
#include <string.h>

#include "render/render_int.h"

/* Chunks in flight (of 4096 samples: 6 s of audio at most). A correction
 * runs one section through a chain of these pipes (encoder, meter, LAME),
 * which moves at its slowest thread's pace: four slots stalled the chain
 * whenever a neighbour's process took one of its cores (one busy process
 * beside a correction of the seed page: 16.3 % of a full render's wall with
 * 4, 14.9 % with 32; with nothing beside it, 12.3 % both). */
#define SLOTS 32

typedef struct {
    void *x;
    size_t n, cap; /* elements */
} slot;

struct tb_rd_pipe {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    slot s[SLOTS];
    size_t head, tail; /* chunks taken by the consumer, chunks put */
    int closing;       /* the producer is done (or gave up: abort) */
    int abort;
    tb_status st; /* the consumer's first error */
    size_t elem;
    tb_rd_pipe_fn fn;
    void *ctx;
    pthread_t thread;
    int running, sync_ok;
};

static void *consume(void *arg)
{
    tb_rd_pipe *p = arg;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (p->head == p->tail && !p->closing)
            pthread_cond_wait(&p->cv, &p->mu);
        if (p->head == p->tail || p->abort || p->st != TB_OK)
            break;
        slot *s = &p->s[p->head % SLOTS];
        pthread_mutex_unlock(&p->mu);
        tb_status st = p->fn(p->ctx, s->x, s->n);
        pthread_mutex_lock(&p->mu);
        p->head++;
        if (st != TB_OK)
            p->st = st;
        pthread_cond_broadcast(&p->cv);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

tb_rd_pipe *tb_rd_pipe_new(size_t elem, tb_rd_pipe_fn fn, void *ctx)
{
    tb_rd_pipe *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->elem = elem;
    p->fn = fn;
    p->ctx = ctx;
    if (pthread_mutex_init(&p->mu, NULL) != 0) {
        free(p);
        return NULL;
    }
    if (pthread_cond_init(&p->cv, NULL) != 0) {
        pthread_mutex_destroy(&p->mu);
        free(p);
        return NULL;
    }
    p->sync_ok = 1;
    if (pthread_create(&p->thread, NULL, consume, p) != 0) {
        tb_rd_pipe_free(p);
        return NULL;
    }
    p->running = 1;
    return p;
}

tb_status tb_rd_pipe_put(tb_rd_pipe *p, const void *x, size_t n)
{
    pthread_mutex_lock(&p->mu);
    while (p->st == TB_OK && p->tail - p->head == SLOTS)
        pthread_cond_wait(&p->cv, &p->mu);
    tb_status st = p->st;
    pthread_mutex_unlock(&p->mu);
    if (st != TB_OK)
        return st;
    slot *s = &p->s[p->tail % SLOTS]; /* the consumer is not on this slot */
    if (n > s->cap) {
        void *grown = realloc(s->x, n * p->elem);
        if (!grown)
            return TB_ERR_NOMEM;
        s->x = grown;
        s->cap = n;
    }
    if (n > 0)
        memcpy(s->x, x, n * p->elem);
    s->n = n;
    pthread_mutex_lock(&p->mu);
    p->tail++;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    return TB_OK;
}

tb_status tb_rd_pipe_close(tb_rd_pipe *p, int abort)
{
    if (!p->running)
        return p->st;
    pthread_mutex_lock(&p->mu);
    p->closing = 1;
    p->abort = abort;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    pthread_join(p->thread, NULL);
    p->running = 0;
    return p->st;
}

void tb_rd_pipe_free(tb_rd_pipe *p)
{
    if (!p)
        return;
    (void)tb_rd_pipe_close(p, 1);
    if (p->sync_ok) {
        pthread_cond_destroy(&p->cv);
        pthread_mutex_destroy(&p->mu);
    }
    for (size_t i = 0; i < SLOTS; i++)
        free(p->s[i].x);
    free(p);
}
