/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_render_spool.c — the audio spool is a bounded ring: samples written
 * across its end read back exact; a section's pieces come out in order, an
 * empty last piece only completes it; and synthesis waits while the ring is
 * full until the oldest piece is read, then goes on where it was. An
 * encoder's pipe hands its thread the very chunks it was given, in order,
 * and brings the encoder's error back.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "render/render_int.h"

typedef struct {
    pool p;
    enc_job jobs[2];
    tb_render_options opt;
    FILE *f;
} fixture;

static int setup(void **state)
{
    fixture *x = calloc(1, sizeof *x);
    assert_non_null(x);
    assert_non_null(x->f = tmpfile());
    assert_int_equal(pthread_mutex_init(&x->p.mu, NULL), 0);
    assert_int_equal(pthread_cond_init(&x->p.cv, NULL), 0);
    x->p.sync_ok = 1;
    x->p.opt = &x->opt;
    x->p.fd = fileno(x->f);
    x->p.ring = 100;
    x->p.n = 2;
    x->p.jobs = x->jobs;
    *state = x;
    return 0;
}

static int teardown(void **state)
{
    fixture *x = *state;
    for (size_t i = 0; i < 2; i++)
        free(x->jobs[i].cuts);
    pthread_cond_destroy(&x->p.cv);
    pthread_mutex_destroy(&x->p.mu);
    fclose(x->f);
    free(x);
    return 0;
}

/* n samples counting from `first`, written at running sample `at`. */
static void write_count(pool *p, uint64_t at, size_t n, int first)
{
    int16_t buf[128];
    tb_diag d;
    assert_true(n <= 128);
    for (size_t i = 0; i < n; i++)
        buf[i] = (int16_t)(first + (int)i);
    assert_int_equal(tb_rd_spool_write(p, buf, n, at, &d), TB_OK);
}

static void piece_is(pool *p, size_t i, size_t k, uint64_t from, uint64_t n)
{
    uint64_t f = 0, m = 0;
    assert_int_equal(tb_rd_pool_next_piece(p, i, k, &f, &m), 1);
    assert_int_equal(f, from);
    assert_int_equal(m, n);
    int16_t buf[128];
    tb_diag d;
    assert_int_equal(tb_rd_spool_read(p, buf, f, (size_t)m, &d), TB_OK);
    for (size_t s = 0; s < m; s++)
        assert_int_equal(buf[s], (int16_t)(from + s));
}

static void wraps_exact(void **state)
{
    fixture *x = *state;
    pool *p = &x->p;
    tb_rd_pool_begin(p, 0, 0);
    write_count(p, 0, 60, 0);
    assert_int_equal(tb_rd_pool_piece(p, 0, 60, 0), TB_OK);
    piece_is(p, 0, 0, 0, 60);
    tb_rd_pool_piece_done(p, 0);
    write_count(p, 60, 60, 60); /* slots 60..99, then 0..19 */
    assert_int_equal(tb_rd_pool_piece(p, 0, 120, 1), TB_OK);
    piece_is(p, 0, 1, 60, 60);
    tb_rd_pool_piece_done(p, 0);
    uint64_t f, n;
    assert_int_equal(tb_rd_pool_next_piece(p, 0, 2, &f, &n), 0);
    fseek(x->f, 0, SEEK_END);
    assert_int_equal(ftell(x->f), 100 * sizeof(int16_t)); /* never more than the ring */
}

static void empty_last_piece(void **state)
{
    fixture *x = *state;
    pool *p = &x->p;
    tb_rd_pool_begin(p, 0, 0);
    write_count(p, 0, 50, 0);
    assert_int_equal(tb_rd_pool_piece(p, 0, 50, 0), TB_OK); /* a hard cut at the very end */
    assert_int_equal(tb_rd_pool_piece(p, 0, 50, 1), TB_OK);
    assert_int_equal(x->jobs[0].n_cuts, 1);
    piece_is(p, 0, 0, 0, 50);
    uint64_t f, n;
    assert_int_equal(tb_rd_pool_next_piece(p, 0, 1, &f, &n), 0);
    /* a section of nothing at all is one empty piece */
    tb_rd_pool_piece_done(p, 0);
    tb_rd_pool_begin(p, 1, 50);
    assert_int_equal(tb_rd_pool_piece(p, 1, 50, 1), TB_OK);
    assert_int_equal(tb_rd_pool_next_piece(p, 1, 0, &f, &n), 1);
    assert_int_equal(n, 0);
}

typedef struct {
    pool *p;
    int done;
} writer;

static void *write_more(void *arg)
{
    writer *w = arg;
    write_count(w->p, 100, 10, 100);
    pthread_mutex_lock(&w->p->mu);
    w->done = 1;
    pthread_mutex_unlock(&w->p->mu);
    return NULL;
}

static void writer_waits_for_room(void **state)
{
    fixture *x = *state;
    pool *p = &x->p;
    tb_rd_pool_begin(p, 0, 0);
    write_count(p, 0, 60, 0);
    assert_int_equal(tb_rd_pool_piece(p, 0, 60, 1), TB_OK);
    tb_rd_pool_begin(p, 1, 60);
    write_count(p, 60, 40, 60); /* the ring is full */
    assert_false(p->writer_waits);
    writer w = {p, 0};
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, write_more, &w), 0);
    /* the writer waits for room: no time limit, it cannot go on by itself */
    for (;;) {
        pthread_mutex_lock(&p->mu);
        int waits = p->writer_waits;
        pthread_mutex_unlock(&p->mu);
        if (waits)
            break;
        usleep(1000);
    }
    pthread_mutex_lock(&p->mu);
    assert_false(w.done);
    pthread_mutex_unlock(&p->mu);
    piece_is(p, 0, 0, 0, 60);
    tb_rd_pool_piece_done(p, 0); /* section 0 read: its room is free */
    assert_int_equal(pthread_join(t, NULL), 0);
    assert_true(w.done);
    assert_int_equal(tb_rd_pool_piece(p, 1, 110, 1), TB_OK);
    piece_is(p, 1, 0, 60, 50);
}

typedef struct {
    size_t sizes[200];
    int16_t firsts[200];
    size_t n;
    size_t fail_at; /* the chunk the consumer fails on (0: never) */
} seen;

static tb_status consumer(void *ctx, const void *x, size_t n)
{
    seen *s = ctx;
    if (s->fail_at && s->n + 1 == s->fail_at)
        return TB_ERR_IO;
    s->sizes[s->n] = n;
    s->firsts[s->n] = n ? ((const int16_t *)x)[0] : -1;
    s->n++;
    return TB_OK;
}

static void pipe_keeps_chunks(void **state)
{
    (void)state;
    seen s = {.n = 0};
    tb_rd_pipe *p = tb_rd_pipe_new(sizeof(int16_t), consumer, &s);
    assert_non_null(p);
    int16_t buf[300];
    for (size_t c = 0; c < 200; c++) {
        size_t n = (c * 37) % 300;
        for (size_t i = 0; i < n; i++)
            buf[i] = (int16_t)(c + i);
        assert_int_equal(tb_rd_pipe_put(p, buf, n), TB_OK);
    }
    assert_int_equal(tb_rd_pipe_close(p, 0), TB_OK);
    tb_rd_pipe_free(p);
    assert_int_equal(s.n, 200);
    for (size_t c = 0; c < 200; c++) {
        assert_int_equal(s.sizes[c], (c * 37) % 300);
        assert_int_equal(s.firsts[c], s.sizes[c] ? (int16_t)c : -1);
    }
}

static void pipe_brings_errors_back(void **state)
{
    (void)state;
    seen s = {.fail_at = 3};
    tb_rd_pipe *p = tb_rd_pipe_new(sizeof(int16_t), consumer, &s);
    assert_non_null(p);
    int16_t buf[8] = {0};
    tb_status st = TB_OK;
    for (int c = 0; c < 50 && st == TB_OK; c++)
        st = tb_rd_pipe_put(p, buf, 8);
    assert_int_equal(st, TB_ERR_IO); /* at most SLOTS chunks after the failed one */
    assert_int_equal(tb_rd_pipe_close(p, 1), TB_ERR_IO);
    tb_rd_pipe_free(p);
    assert_int_equal(s.n, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(wraps_exact, setup, teardown),
        cmocka_unit_test_setup_teardown(empty_last_piece, setup, teardown),
        cmocka_unit_test_setup_teardown(writer_waits_for_room, setup, teardown),
        cmocka_unit_test(pipe_keeps_chunks),
        cmocka_unit_test(pipe_brings_errors_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
