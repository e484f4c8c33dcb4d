/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * parts.c — each section's parts of the edition, kept between renders under
 * .parts/KEY in the edition folder: its MP3 part and its part of the
 * edition's loudness; and the MP3 parts joined on the edition's frame grid
 * (see render_int.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/fs.h"
#include "encode/mp3.h"
#include "render/render_int.h"

/* ---- a section's parts, made from its decoded samples ----
 * The samples come in batches of CHUNK whatever their source (the file, or
 * the encoder as it encodes), so the parts' bytes depend on the samples
 * alone. The meter runs on a thread of its own and hands each batch on to
 * the MP3 part's LAME, on another: decoding, metering and MP3 encoding run
 * side by side. */
#define CHUNK 4096

struct tb_rd_parts {
    pool *p;
    enc_job *j;
    tb_meter *meter;
    tb_rd_pipe *to_meter, *to_mp3; /* to_mp3 NULL: no MP3 edition */
    FILE *file;
    tb_mp3_part *mp3;
    uint64_t heard; /* samples given */
    size_t fill;
    float batch[CHUNK];
};

static tb_status mp3_write(void *part, const void *pcm, size_t n)
{
    return tb_mp3_part_write(part, pcm, n);
}

static tb_status meter_write(void *ctx, const void *pcm, size_t n)
{
    tb_rd_parts *e = ctx;
    tb_status st = tb_meter_add(e->meter, pcm, n);
    if (st == TB_OK && e->to_mp3)
        st = tb_rd_pipe_put(e->to_mp3, pcm, n);
    return st;
}

tb_status tb_rd_parts_open(pool *p, size_t i, tb_rd_parts **out, tb_diag *d)
{
    tb_rd_parts *e = *out = calloc(1, sizeof *e);
    if (!e)
        return TB_ERR_NOMEM;
    e->p = p;
    e->j = &p->jobs[i];
    tb_status st = TB_OK;
    if (!(e->meter = tb_meter_new_part(p->dec_rate)))
        return TB_ERR_NOMEM;
    if (e->j->part_path) {
        /* from the section's own samples, its length given at the end
         * (tb_mp3_frame_at: the part's bytes do not depend on where it lies) */
        if (!(e->file = fopen(e->j->part_path, "w+b")))
            return tb_diag_io(d, e->j->part_path, "cannot create");
        if (!(e->mp3 = tb_mp3_part_new(p->dec_rate, TB_MP3_EDITION_KBPS, 0, TB_MP3_OPEN_END, 1,
                                       e->file, &st)))
            return st;
        if (!(e->to_mp3 = tb_rd_pipe_new(sizeof(float), mp3_write, e->mp3)))
            return TB_ERR_NOMEM;
    }
    return (e->to_meter = tb_rd_pipe_new(sizeof(float), meter_write, e)) ? TB_OK : TB_ERR_NOMEM;
}

tb_status tb_rd_parts_pcm(const float *x, size_t n, void *ctx)
{
    tb_rd_parts *e = ctx;
    tb_status st = tb_rd_pool_stopped(e->p);
    e->heard += n;
    while (st == TB_OK && n > 0) {
        size_t k = CHUNK - e->fill < n ? CHUNK - e->fill : n;
        memcpy(e->batch + e->fill, x, k * sizeof *x);
        e->fill += k;
        x += k;
        n -= k;
        if (e->fill == CHUNK) {
            st = tb_rd_pipe_put(e->to_meter, e->batch, CHUNK);
            e->fill = 0;
        }
    }
    return st;
}

/* Both threads through, the MP3 part finished at the section's length. */
static tb_status parts_flush(tb_rd_parts *e, tb_status st, tb_diag *d)
{
    if (st == TB_OK && e->fill)
        st = tb_rd_pipe_put(e->to_meter, e->batch, e->fill);
    tb_status pst = tb_rd_pipe_close(e->to_meter, st != TB_OK);
    if (st == TB_OK)
        st = pst;
    if (e->to_mp3) {
        pst = tb_rd_pipe_close(e->to_mp3, st != TB_OK);
        if (st == TB_OK)
            st = pst;
    }
    /* the timeline's arithmetic is the decoder's (WAV and FLAC have no timeline: len 0) */
    if (st == TB_OK && e->p->es.format == TB_AUDIO_OPUS && e->heard != e->j->len) {
        tb_diag_set(d, e->j->path, 0, 0, "decoded %llu samples, not the %llu expected",
                    (unsigned long long)e->heard, (unsigned long long)e->j->len);
        st = TB_ERR_ENCODE;
    }
    if (st == TB_OK && e->mp3 && (st = tb_mp3_part_end(e->mp3, e->j->len)) != TB_OK)
        tb_diag_set(d, e->j->part_path, 0, 0, "the MP3 part is longer than its section");
    /* finished; or, after a failed write, asked for its own: a failed write of
     * the part is said so, a part left unfinished is no error of its own */
    if (e->mp3 && (st == TB_OK || st == TB_ERR_IO)) {
        tb_status fst =
            tb_mp3_part_finish(e->mp3, e->j->part_path, st == TB_OK || !d->what[0] ? d : NULL);
        if (st == TB_OK || fst == TB_ERR_IO)
            st = fst;
    }
    if (e->file && fclose(e->file) != 0 && st == TB_OK)
        st = tb_diag_io(d, e->j->part_path, "cannot write");
    e->file = NULL;
    return st;
}

tb_status tb_rd_parts_close(tb_rd_parts *e, tb_status st, tb_diag *d)
{
    if (!e)
        return st;
    if (e->to_meter)
        st = parts_flush(e, st, d);
    else if (st == TB_OK)
        st = TB_ERR_NOMEM; /* tb_rd_parts_open failed */
    if (st == TB_OK)
        st = tb_rd_save_loudness(e->j, e->meter, d);
    if (st == TB_OK) {
        pthread_mutex_lock(&e->p->mu);
        st = tb_loudness_sum_add(e->p->sum, e->meter);
        pthread_mutex_unlock(&e->p->mu);
    }
    tb_rd_pipe_free(e->to_meter);
    tb_rd_pipe_free(e->to_mp3);
    tb_mp3_part_free(e->mp3);
    if (e->file)
        fclose(e->file);
    tb_meter_free(e->meter);
    free(e);
    return st;
}

/* The section's part of the edition's loudness, kept for the next render. */
tb_status tb_rd_save_loudness(const enc_job *j, tb_meter *m, tb_diag *d)
{
    FILE *f = fopen(j->loud_path, "wb");
    tb_status st = f ? tb_loudness_part_save(m, f) : TB_ERR_IO;
    if (f && fclose(f) != 0 && st == TB_OK)
        st = TB_ERR_IO;
    return st == TB_ERR_IO ? tb_diag_io(d, j->loud_path, "cannot write") : st;
}

/* A kept section whose parts the previous edition has: linked, and its
 * loudness added, without decoding it. */
tb_status tb_rd_kept_parts(pool *p, enc_job *j, tb_diag *d)
{
    tb_status st = tb_fs_link_or_copy(j->old_loud, j->loud_path, d);
    if (st == TB_OK && j->part_path)
        st = tb_fs_link_or_copy(j->old_part, j->part_path, d);
    FILE *f = st == TB_OK ? fopen(j->loud_path, "rb") : NULL;
    if (st == TB_OK && !f)
        st = tb_diag_io(d, j->loud_path, "cannot read");
    if (f) {
        pthread_mutex_lock(&p->mu);
        st = tb_loudness_sum_add_saved(p->sum, f);
        j->edition_done = st == TB_OK;
        pthread_cond_broadcast(&p->cv);
        pthread_mutex_unlock(&p->mu);
        fclose(f);
        if (st == TB_ERR_INPUT)
            tb_diag_set(d, j->loud_path, 0, 0, "not a loudness part as tingbao writes them");
    }
    return st;
}

/* Section i's part joined into the MP3 edition: from the frame nearest
 * where the section starts to the one nearest where the next starts (the
 * last part whole); its chapter starts with it. */
tb_status tb_rd_join_part(pool *p, size_t i, tb_mp3 *mp3, tb_mp3_chapter *ch, tb_diag *d)
{
    const enc_job *j = &p->jobs[i];
    const int last = i + 1 == p->n;
    uint64_t first = tb_mp3_frame_at(p->dec_rate, j->at);
    uint64_t next = tb_mp3_frame_at(p->dec_rate, j->at + j->len);
    ch[i].start = (double)(first * TB_MP3_FRAME) / TB_MP3_RATE;
    if (i > 0)
        ch[i - 1].end = ch[i].start;
    ch[i].title = j->title;
    if (last)
        ch[i].end =
            (double)(first * TB_MP3_FRAME + tb_mp3_samples(p->dec_rate, j->len)) / TB_MP3_RATE;
    FILE *part = fopen(j->part_path, "rb");
    tb_status st =
        part ? tb_mp3_add_frames(mp3, part, last ? TB_MP3_ALL_FRAMES : next - first, d) : TB_ERR_IO;
    if (part)
        fclose(part);
    if (st == TB_ERR_IO && !d->what[0]) /* else the edition's file could not be written */
        tb_diag_io(d, j->part_path, "cannot read back the MP3 part");
    else if (st != TB_OK)
        tb_diag_set(d, j->part_path, 0, 0, "not MP3 frames as the encoder writes them");
    return st;
}
