/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * parts.c — each section's parts of the edition, kept between renders under
 * .parts/KEY in the edition folder: its MP3 part and its part of the
 * edition's loudness; and the MP3 parts joined on the edition's frame grid
 * (see render_int.h).
 */
#include <stdio.h>

#include "base/fs.h"
#include "encode/mp3.h"
#include "render/render_int.h"

/* Section i's part of the MP3 edition, encoded from the section's own
 * samples (tb_mp3_frame_at: the part's bytes do not depend on where it lies). */
tb_mp3_part *tb_rd_part_open(pool *p, const enc_job *j, FILE **part, tb_status *st, tb_diag *d)
{
    if (!(*part = fopen(j->part_path, "w+b"))) {
        *st = tb_diag_io(d, j->part_path, "cannot create");
        return NULL;
    }
    return tb_mp3_part_new(p->dec_rate, TB_MP3_EDITION_KBPS, 0, j->len, 1, *part, st);
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
        part ? tb_mp3_add_frames(mp3, part, last ? TB_MP3_ALL_FRAMES : next - first) : TB_ERR_IO;
    if (part)
        fclose(part);
    if (st == TB_ERR_IO)
        tb_diag_io(d, j->part_path, "cannot read back the MP3 part");
    else if (st != TB_OK)
        tb_diag_set(d, j->part_path, 0, 0, "not MP3 frames as the encoder writes them");
    return st;
}
