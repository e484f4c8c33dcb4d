/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * encode_edition.c — the whole edition from the finished section files.
 *
 * Ogg Opus: no second encode. Pass 1 reads every section's Ogg stream (libogg)
 * and measures it: pre-skip P, the 48 kHz samples its packets decode to (S),
 * and the final granule position G (S - G samples are trimmed at its end).
 * Pass 2 writes one stream: section 1's OpusHead (so P_1 is the edition's
 * pre-skip), a new OpusTags with the chapters, then every section's audio
 * packets in order with granule positions counted afresh; the last page ends
 * at the last section's own end trim. Section i's packets start O_i samples
 * into the stream (O_i = S_1 + … + S_{i-1}); its first real sample, after its
 * own encoder delay P_i, is heard at (O_i + P_i - P_1) / 48000 s — the chapter
 * start. Between two sections a player also hears the earlier one's end
 * padding and the later one's encoder delay (together under 30 ms, inside the
 * silence that separates sections), which is why the edition is a little
 * longer than the sum of the section files.
 *
 * WAV/FLAC: the section files are read back with libsndfile and copied end to
 * end into the edition file; its timeline is exact.
 */
#include <errno.h>
#include <math.h>
#include <ogg/ogg.h>
#include <opus/opus.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "encode/encode.h"
#include "encode/encode_int.h"

/* ---- reading an Ogg Opus file packet by packet ---- */

typedef struct {
    FILE *f;
    ogg_sync_state oy;
    ogg_stream_state os;
    int have_stream;
    int64_t last_granule; /* of the last page seen, -1 before any */
} reader;

static tb_status reader_open(reader *r, const char *path, tb_diag *diag)
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

static void reader_close(reader *r)
{
    if (r->have_stream)
        ogg_stream_clear(&r->os);
    ogg_sync_clear(&r->oy);
    if (r->f)
        fclose(r->f);
    r->f = NULL;
}

/* 1: a packet in *op (valid until the next call); 0: end of file; <0: bad file. */
static int reader_packet(reader *r, ogg_packet *op)
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

typedef struct {
    unsigned char head[64]; /* the OpusHead packet */
    long head_len;
    tb_enc_opus_info info;
} measure;

static tb_status measure_section(const char *path, measure *m, tb_diag *diag)
{
    reader r;
    tb_status st = reader_open(&r, path, diag);
    if (st != TB_OK)
        return st;
    memset(m, 0, sizeof *m);
    ogg_packet op;
    long n = 0;
    int rc;
    while ((rc = reader_packet(&r, &op)) == 1) {
        if (n == 0) {
            if (op.bytes < 19 || op.bytes > (long)sizeof m->head || memcmp(op.packet, "OpusHead", 8) ||
                op.packet[9] != 1) {
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
    reader_close(&r);
    if (rc < 0 || n < 2 || m->info.granule < m->info.pre_skip || m->info.granule > m->info.samples) {
        tb_diag_set(diag, path, 0, 0, "not a mono Ogg Opus file as the encoder writes them");
        return TB_ERR_ENCODE;
    }
    return TB_OK;
}

tb_status tb_enc_opus_measure(const char *path, tb_enc_opus_info *info, tb_diag *diag)
{
    measure m;
    tb_status st = measure_section(path, &m, diag);
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

/* ---- writing the edition stream ---- */

typedef struct {
    FILE *f;
    ogg_stream_state os;
    int64_t packetno;
    tb_status status;
} writer;

static void write_pages(writer *w, int flush)
{
    ogg_page og;
    while (w->status == TB_OK &&
           (flush ? ogg_stream_flush(&w->os, &og) : ogg_stream_pageout(&w->os, &og))) {
        if (fwrite(og.header, 1, (size_t)og.header_len, w->f) != (size_t)og.header_len ||
            fwrite(og.body, 1, (size_t)og.body_len, w->f) != (size_t)og.body_len)
            w->status = TB_ERR_IO;
    }
}

static void put_packet(writer *w, const unsigned char *p, long len, int64_t granule, int bos,
                       int eos)
{
    ogg_packet op = {0};
    op.packet = (unsigned char *)p;
    op.bytes = len;
    op.b_o_s = bos;
    op.e_o_s = eos;
    op.granulepos = granule;
    op.packetno = w->packetno++;
    if (w->status == TB_OK && ogg_stream_packetin(&w->os, &op) != 0)
        w->status = TB_ERR_NOMEM;
}

/* HH:MM:SS.mmm, as FFmpeg reads Ogg chapters. */
static void clock_text(char out[32], double seconds)
{
    long long ms = llround(seconds * 1000.0);
    if (ms < 0)
        ms = 0;
    snprintf(out, 32, "%02lld:%02lld:%02lld.%03lld", ms / 3600000, ms / 60000 % 60, ms / 1000 % 60,
             ms % 1000);
}

/* The edition's OpusTags: its own tags, then the chapters. */
static tb_status opus_tags(tb_buf *b, const tb_enc_tags *t, const char *const *titles,
                           const tb_enc_span *spans, size_t n)
{
    tb_enc_comments c;
    tb_enc_comments_init(&c);
    tb_status st = tb_enc_comments_tags(&c, t);
    for (size_t i = 0; st == TB_OK && i < n; i++) {
        char tag[32], when[32];
        clock_text(when, spans[i].start);
        snprintf(tag, sizeof tag, "CHAPTER%03zu", i + 1);
        st = tb_enc_comments_add(&c, tag, when);
        snprintf(tag, sizeof tag, "CHAPTER%03zuNAME", i + 1);
        if (st == TB_OK)
            st = tb_enc_comments_add(&c, tag, titles[i]);
    }
    if (st == TB_OK)
        st = tb_enc_comments_packet(&c, b);
    tb_enc_comments_free(&c);
    return st;
}

static tb_status opus_edition(const char *path, const char *const *paths,
                              const char *const *titles, size_t n, const tb_enc_tags *tags,
                              tb_enc_span *spans, double *total, tb_diag *diag)
{
    measure *m = calloc(n ? n : 1, sizeof *m);
    if (!m)
        return TB_ERR_NOMEM;
    tb_status st = TB_OK;
    tb_enc_opus_clock clock = {0};
    for (size_t i = 0; st == TB_OK && i < n; i++) {
        st = measure_section(paths[i], &m[i], diag);
        if (st != TB_OK)
            break;
        tb_enc_opus_clock_add(&clock, &m[i].info, &spans[i]);
    }
    if (st != TB_OK || n == 0) {
        free(m);
        return n == 0 ? TB_ERR_INPUT : st;
    }
    int64_t end_trim = m[n - 1].info.samples - m[n - 1].info.granule;
    *total = tb_enc_opus_clock_total(&clock, &m[n - 1].info);

    writer w = {0};
    tb_buf tagpkt;
    tb_buf_init(&tagpkt, 0);
    w.f = fopen(path, "wb");
    if (!w.f) {
        tb_diag_set(diag, path, 0, 0, "cannot create the file");
        if (diag)
            diag->err = errno;
        free(m);
        return TB_ERR_IO;
    }
    ogg_stream_init(&w.os, (int)tb_enc_serialno(tags));
    st = opus_tags(&tagpkt, tags, titles, spans, n);
    if (st == TB_OK) {
        put_packet(&w, m[0].head, m[0].head_len, 0, 1, 0);
        write_pages(&w, 1);
        put_packet(&w, (const unsigned char *)tagpkt.data, (long)tagpkt.len, 0, 0, 0);
        write_pages(&w, 1);
        st = w.status;
    }
    int64_t granule = 0;
    for (size_t i = 0; st == TB_OK && i < n; i++) {
        reader r;
        if ((st = reader_open(&r, paths[i], diag)) != TB_OK)
            break;
        ogg_packet op;
        long k = 0;
        int rc;
        while (st == TB_OK && (rc = reader_packet(&r, &op)) == 1) {
            if (k++ < 2)
                continue; /* the section's own headers */
            granule += opus_packet_get_nb_samples(op.packet, (opus_int32)op.bytes, 48000);
            int last = i == n - 1 && op.e_o_s;
            put_packet(&w, op.packet, op.bytes, last ? granule - end_trim : granule, 0, last);
            write_pages(&w, 0);
            st = w.status;
        }
        if (st == TB_OK && rc < 0) {
            tb_diag_set(diag, paths[i], 0, 0, "the section file changed while it was read");
            st = TB_ERR_ENCODE;
        }
        reader_close(&r);
    }
    if (st == TB_OK) {
        write_pages(&w, 1);
        st = w.status;
    }
    ogg_stream_clear(&w.os);
    if (fclose(w.f) != 0 && st == TB_OK)
        st = TB_ERR_IO;
    if (st == TB_ERR_IO && diag && !diag->what[0])
        tb_diag_set(diag, path, 0, 0, "cannot write the file");
    tb_buf_free(&tagpkt);
    free(m);
    return st;
}

/* ---- lossless: copy the sections end to end ---- */

static tb_status pcm_edition(const tb_enc_settings *s, const char *path, const char *const *paths,
                             size_t n, const tb_enc_tags *tags, tb_enc_span *spans, double *total,
                             tb_diag *diag)
{
    SF_INFO out_info = {0};
    out_info.samplerate = s->sample_rate;
    out_info.channels = 1;
    out_info.format = (s->format == TB_AUDIO_FLAC ? SF_FORMAT_FLAC : SF_FORMAT_WAV) | SF_FORMAT_PCM_16;
    SNDFILE *out = sf_open(path, SFM_WRITE, &out_info);
    if (!out) {
        tb_diag_set(diag, path, 0, 0, "cannot create the file: %s", sf_strerror(NULL));
        return TB_ERR_IO;
    }
    tb_status st = tb_enc_sf_tags(out, tags) ? TB_OK : TB_ERR_ENCODE;
    short buf[8192];
    int64_t frames = 0;
    for (size_t i = 0; st == TB_OK && i < n; i++) {
        SF_INFO in_info = {0};
        SNDFILE *in = sf_open(paths[i], SFM_READ, &in_info);
        if (!in || in_info.channels != 1 || in_info.samplerate != s->sample_rate) {
            tb_diag_set(diag, paths[i], 0, 0, "cannot read the section file back");
            st = TB_ERR_IO;
            if (in)
                sf_close(in);
            break;
        }
        spans[i].start = (double)frames / s->sample_rate;
        spans[i].duration = (double)in_info.frames / s->sample_rate;
        sf_count_t got;
        while (st == TB_OK && (got = sf_read_short(in, buf, 8192)) > 0) {
            if (sf_write_short(out, buf, got) != got)
                st = TB_ERR_IO;
            frames += got;
        }
        sf_close(in);
    }
    *total = (double)frames / s->sample_rate;
    if (sf_close(out) != 0 && st == TB_OK)
        st = TB_ERR_IO;
    if (st == TB_ERR_IO && diag && !diag->what[0])
        tb_diag_set(diag, path, 0, 0, "cannot write the file");
    return st;
}

tb_status tb_enc_edition(const tb_enc_settings *s, const char *path,
                         const char *const *section_paths, const char *const *titles, size_t n,
                         const tb_enc_tags *tags, tb_enc_span *spans, double *total,
                         tb_diag *diag)
{
    *total = 0;
    if (s->format == TB_AUDIO_OPUS)
        return opus_edition(path, section_paths, titles, n, tags, spans, total, diag);
    return pcm_edition(s, path, section_paths, n, tags, spans, total, diag);
}

/* ---- decoding the edition, section file by section file ---- */

struct tb_enc_decoder {
    tb_enc_settings s;
    int rate;
    OpusDecoder *dec;  /* Opus: one decoder for the whole edition */
    float *pcm;        /* one packet's output: at most 120 ms */
};

#define MAX_PACKET_MS 120

tb_enc_decoder *tb_enc_decoder_new(const tb_enc_settings *s)
{
    tb_enc_decoder *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->s = *s;
    if (s->format == TB_AUDIO_OPUS) {
        int err;
        d->rate = s->bandwidth > 12000 ? 48000 : 24000;
        d->dec = opus_decoder_create(d->rate, 1, &err);
        d->pcm = malloc((size_t)(d->rate / 1000 * MAX_PACKET_MS) * sizeof *d->pcm);
    } else {
        d->rate = s->sample_rate;
        d->pcm = malloc(8192 * sizeof *d->pcm);
    }
    if ((s->format == TB_AUDIO_OPUS && !d->dec) || !d->pcm) {
        tb_enc_decoder_free(d);
        return NULL;
    }
    return d;
}

void tb_enc_decoder_free(tb_enc_decoder *d)
{
    if (!d)
        return;
    if (d->dec)
        opus_decoder_destroy(d->dec);
    free(d->pcm);
    free(d);
}

int tb_enc_decoder_rate(const tb_enc_decoder *d)
{
    return d->rate;
}

static tb_status decode_pcm_file(tb_enc_decoder *d, const char *path, tb_enc_pcm_fn fn, void *ctx,
                                 tb_diag *diag)
{
    SF_INFO info = {0};
    SNDFILE *in = sf_open(path, SFM_READ, &info);
    if (!in || info.channels != 1 || info.samplerate != d->rate) {
        tb_diag_set(diag, path, 0, 0, "cannot read the section file back");
        if (in)
            sf_close(in);
        return TB_ERR_IO;
    }
    tb_status st = TB_OK;
    sf_count_t got;
    while (st == TB_OK && (got = sf_read_float(in, d->pcm, 8192)) > 0)
        st = fn(d->pcm, (size_t)got, ctx);
    sf_close(in);
    return st;
}

/* At `rate`: the samples of a section's packets to drop at its start (the
 * edition's encoder delay, first section only), and where to stop (all its
 * packets; the last section at its end trim). */
static void opus_trim(const tb_enc_opus_info *info, int rate, int first, int last, int64_t *skip,
                      int64_t *keep)
{
    const int64_t ratio = 48000 / rate;
    *skip = first ? info->pre_skip / ratio : 0;
    *keep = (last ? info->granule : info->samples) / ratio;
}

uint64_t tb_enc_opus_decoded(const tb_enc_opus_info *info, int rate, int first, int last)
{
    int64_t skip, keep;
    opus_trim(info, rate, first, last, &skip, &keep);
    return (uint64_t)(keep - skip);
}

tb_status tb_enc_decoder_add(tb_enc_decoder *d, const char *path, int first, int last,
                             tb_enc_pcm_fn fn, void *ctx, tb_diag *diag)
{
    if (d->s.format != TB_AUDIO_OPUS)
        return decode_pcm_file(d, path, fn, ctx, diag);
    measure m;
    tb_status st = measure_section(path, &m, diag);
    if (st != TB_OK)
        return st;
    /* at the decoder's rate: what to drop at the start (the edition's
     * encoder delay, first section only) and where to stop (the last
     * section's end trim) */
    int64_t skip, keep;
    opus_trim(&m.info, d->rate, first, last, &skip, &keep);
    reader r;
    if ((st = reader_open(&r, path, diag)) != TB_OK)
        return st;
    ogg_packet op;
    int rc;
    long packetno = 0;
    int64_t at = 0; /* samples decoded from this section's packets */
    const int max = d->rate / 1000 * MAX_PACKET_MS;
    while (st == TB_OK && (rc = reader_packet(&r, &op)) == 1) {
        if (packetno++ < 2)
            continue; /* OpusHead, OpusTags */
        int k = opus_decode_float(d->dec, op.packet, (opus_int32)op.bytes, d->pcm, max, 0);
        if (k < 0) {
            rc = -1;
            break;
        }
        int64_t from = at < skip ? (skip - at < k ? skip - at : k) : 0;
        int64_t to = keep - at < k ? keep - at : k;
        if (to > from)
            st = fn(d->pcm + from, (size_t)(to - from), ctx);
        at += k;
    }
    reader_close(&r);
    if (st == TB_OK && rc < 0) {
        tb_diag_set(diag, path, 0, 0, "not a mono Ogg Opus file as the encoder writes them");
        st = TB_ERR_ENCODE;
    }
    return st;
}
