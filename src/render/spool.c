/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * spool.c — the audio spool: a bounded ring of the engine's PCM in a
 * temporary file, written by synthesis piece by piece and read back by the
 * workers (see render_int.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/fs.h"
#include "render/render_int.h"

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

/* ---- the pieces: who may write, who may read (with the lock held) ---- */

/* The start of section i's oldest piece still to read. */
static uint64_t piece_start(const enc_job *j)
{
    return j->released == 0 ? j->start : j->cuts[j->released - 1];
}

/* The oldest sample still to read: nothing before it is needed again. */
static uint64_t tail(pool *p, uint64_t written)
{
    while (p->oldest < p->begun) {
        const enc_job *j = &p->jobs[p->oldest];
        if (!j->kept && (!j->complete || j->released < j->n_cuts))
            return piece_start(j);
        p->oldest++;
    }
    return written;
}

void tb_rd_pool_begin(pool *p, size_t i, uint64_t at)
{
    pthread_mutex_lock(&p->mu);
    p->jobs[i].start = at;
    p->begun = i + 1;
    pthread_mutex_unlock(&p->mu);
}

void tb_rd_pool_kept(pool *p, size_t i)
{
    pthread_mutex_lock(&p->mu);
    p->jobs[i].kept = 1;
    p->jobs[i].complete = 1;
    p->begun = p->ready = i + 1;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
}

tb_status tb_rd_pool_piece(pool *p, size_t i, uint64_t end, int last)
{
    tb_status st = TB_OK;
    pthread_mutex_lock(&p->mu);
    enc_job *j = &p->jobs[i];
    uint64_t from = j->n_cuts ? j->cuts[j->n_cuts - 1] : j->start;
    if (end > from || (j->n_cuts == 0 && last)) { /* an empty piece only when it is the only one */
        if (j->n_cuts == j->cap_cuts) {
            size_t cap = j->cap_cuts ? 2 * j->cap_cuts : 4;
            uint64_t *c = realloc(j->cuts, cap * sizeof *c);
            if (!c)
                st = TB_ERR_NOMEM;
            else {
                j->cuts = c;
                j->cap_cuts = cap;
            }
        }
        if (st == TB_OK)
            j->cuts[j->n_cuts++] = end;
    }
    if (st == TB_OK && last)
        j->complete = 1;
    if (st == TB_OK)
        p->ready = i + 1; /* a worker that took it sooner would only wait */
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    return st;
}

int tb_rd_pool_next_piece(pool *p, size_t i, size_t k, uint64_t *from, uint64_t *n)
{
    int got;
    pthread_mutex_lock(&p->mu);
    const enc_job *j = &p->jobs[i];
    while (p->status == TB_OK && k >= j->n_cuts && !j->complete)
        pthread_cond_wait(&p->cv, &p->mu);
    if (p->status != TB_OK)
        got = TB_ERR_INTERRUPTED;
    else if (k >= j->n_cuts)
        got = 0;
    else {
        *from = k == 0 ? j->start : j->cuts[k - 1];
        *n = j->cuts[k] - *from;
        got = 1;
    }
    pthread_mutex_unlock(&p->mu);
    return got;
}

void tb_rd_pool_piece_done(pool *p, size_t i)
{
    pthread_mutex_lock(&p->mu);
    p->jobs[i].released++;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
}

/* Wait until the ring has room for n samples at `at`. */
static tb_status wait_for_room(pool *p, uint64_t at, size_t n)
{
    pthread_mutex_lock(&p->mu);
    while (p->status == TB_OK && at + n - tail(p, at) > p->ring && !tb_rd_cancelled(p->opt)) {
        p->writer_waits = 1;
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

/* ---- the ring's bytes ---- */

/* k samples between buf and the ring at running sample `at`, split where the
 * ring wraps. */
static int ring_io(pool *p, char *buf, uint64_t at, size_t k, int writing)
{
    while (k > 0) {
        uint64_t slot = at % p->ring;
        size_t run = p->ring - slot < k ? (size_t)(p->ring - slot) : k;
        size_t want = run * sizeof(int16_t);
        off_t off = (off_t)(slot * sizeof(int16_t));
        while (want > 0) {
            ssize_t got = writing ? pwrite(p->fd, buf, want, off) : pread(p->fd, buf, want, off);
            if (got < 0 && errno == EINTR)
                continue;
            if (got <= 0) {
                if (got == 0)
                    errno = EIO;
                return -1;
            }
            buf += got;
            want -= (size_t)got;
            off += got;
        }
        at += run;
        k -= run;
    }
    return 0;
}

tb_status tb_rd_spool_write(pool *p, const int16_t *pcm, size_t n, uint64_t at, tb_diag *d)
{
    tb_status st = wait_for_room(p, at, n);
    if (st != TB_OK)
        return st;
    if (ring_io(p, (char *)pcm, at, n, 1) != 0)
        return tb_diag_io(d, tb_fs_tmp_dir(), "cannot spool the audio");
    return TB_OK;
}

tb_status tb_rd_spool_read(pool *p, int16_t *out, uint64_t at, size_t k, tb_diag *d)
{
    if (ring_io(p, (char *)out, at, k, 0) != 0)
        return tb_diag_io(d, "tmpfile", "cannot read back the spooled audio");
    return TB_OK;
}
