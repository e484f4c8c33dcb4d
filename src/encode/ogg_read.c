/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ogg_read.c — an Ogg Opus section file read packet by packet (libogg), its
 * measure (pre-skip, the samples its packets decode to, its final granule)
 * and the edition's clock over the measures; see ogg_int.h and encode.h.
 */
#include <errno.h>
#include <opus/opus.h>
#include <string.h>

#include "encode/ogg_int.h"

tb_status tb_enc_ogg_open(tb_enc_ogg_reader *r, const char *path, tb_diag *diag)
{
    memset(r, 0, sizeof *r);
    r->last_granule = -1;
    r->f = fopen(path, "rb");
    if (!r->f) {
        tb_diag_set(diag, path, 0, 0, "cannot read the section file");
        if (diag)
            diag->err = errno;
        return TB_ERR_IO;
    }
    ogg_sync_init(&r->oy);
    return TB_OK;
}

void tb_enc_ogg_close(tb_enc_ogg_reader *r)
{
    if (r->have_stream)
        ogg_stream_clear(&r->os);
    ogg_sync_clear(&r->oy);
    if (r->f)
        fclose(r->f);
    r->f = NULL;
}

int tb_enc_ogg_packet(tb_enc_ogg_reader *r, ogg_packet *op)
{
    for (;;) {
        if (r->have_stream) {
            int rc = ogg_stream_packetout(&r->os, op);
            if (rc == 1)
                return 1;
            if (rc < 0)
                return -1; /* a hole in the stream */
        }
        ogg_page og;
        int rc;
        while ((rc = ogg_sync_pageout(&r->oy, &og)) != 1) {
            if (rc < 0)
                return -1;
            char *buf = ogg_sync_buffer(&r->oy, 8192);
            if (!buf)
                return -1;
            size_t got = fread(buf, 1, 8192, r->f);
            if (got == 0)
                return ferror(r->f) ? -1 : 0;
            ogg_sync_wrote(&r->oy, (long)got);
        }
        if (!r->have_stream) {
            if (ogg_stream_init(&r->os, ogg_page_serialno(&og)) != 0)
                return -1;
            r->have_stream = 1;
        }
        if (ogg_page_serialno(&og) != r->os.serialno || ogg_stream_pagein(&r->os, &og) != 0)
            return -1; /* a chained or multiplexed file: not ours */
        if (ogg_page_granulepos(&og) >= 0)
            r->last_granule = ogg_page_granulepos(&og);
    }
}

tb_status tb_enc_ogg_measure(const char *path, tb_enc_ogg_measured *m, tb_diag *diag)
{
    tb_enc_ogg_reader r;
    tb_status st = tb_enc_ogg_open(&r, path, diag);
    if (st != TB_OK)
        return st;
    memset(m, 0, sizeof *m);
    ogg_packet op;
    long n = 0;
    int rc;
    while ((rc = tb_enc_ogg_packet(&r, &op)) == 1) {
        if (n == 0) {
            if (op.bytes < 19 || op.bytes > (long)sizeof m->head ||
                memcmp(op.packet, "OpusHead", 8) || op.packet[9] != 1) {
                rc = -1;
                break;
            }
            memcpy(m->head, op.packet, (size_t)op.bytes);
            m->head_len = op.bytes;
            m->info.pre_skip = op.packet[10] | op.packet[11] << 8;
        } else if (n > 1) {
            int k = opus_packet_get_nb_samples(op.packet, (opus_int32)op.bytes, 48000);
            if (k < 0) {
                rc = -1;
                break;
            }
            m->info.samples += k;
        }
        n++;
    }
    m->info.granule = r.last_granule;
    tb_enc_ogg_close(&r);
    if (rc < 0 || n < 2 || m->info.granule < m->info.pre_skip ||
        m->info.granule > m->info.samples) {
        tb_diag_set(diag, path, 0, 0, "not a mono Ogg Opus file as the encoder writes them");
        return TB_ERR_ENCODE;
    }
    return TB_OK;
}

tb_status tb_enc_opus_measure(const char *path, tb_enc_opus_info *info, tb_diag *diag)
{
    tb_enc_ogg_measured m;
    tb_status st = tb_enc_ogg_measure(path, &m, diag);
    if (st == TB_OK)
        *info = m.info;
    return st;
}

void tb_enc_opus_clock_add(tb_enc_opus_clock *c, const tb_enc_opus_info *info, tb_enc_span *span)
{
    if (c->n == 0)
        c->first_pre_skip = info->pre_skip;
    span->start = (double)(c->offset + info->pre_skip - c->first_pre_skip) / 48000.0;
    span->duration = (double)(info->granule - info->pre_skip) / 48000.0;
    c->offset += info->samples;
    c->n++;
}

double tb_enc_opus_clock_total(const tb_enc_opus_clock *c, const tb_enc_opus_info *last)
{
    int64_t end_trim = last->samples - last->granule;
    return (double)(c->offset - end_trim - c->first_pre_skip) / 48000.0;
}
