/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * decode.c — the edition as a listener hears it, section file by section
 * file: Opus through libopus (the first section's encoder delay dropped, the
 * last one's end trim applied), WAV/FLAC through libsndfile; see encode.h.
 */
#include <opus/opus.h>
#include <sndfile.h>
#include <stdlib.h>
#include <string.h>

#include "encode/encode_int.h"
#include "encode/ogg_int.h"

struct tb_enc_decoder {
    tb_enc_settings s;
    int rate;
    OpusDecoder *dec; /* Opus: one decoder for the whole edition */
    float *pcm;       /* one packet's output: at most 120 ms */
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

/* One audio packet of a section: decoded, the samples from `skip` to `keep`
 * of the section (counted by *at) to fn. Not an Opus packet: TB_ERR_ENCODE
 * with *bad set. */
static tb_status decode_packet(tb_enc_decoder *d, const unsigned char *packet, long bytes,
                               int64_t skip, int64_t keep, int64_t *at, tb_enc_pcm_fn fn, void *ctx,
                               int *bad)
{
    int k = opus_decode_float(d->dec, packet, (opus_int32)bytes, d->pcm,
                              d->rate / 1000 * MAX_PACKET_MS, 0);
    if (k < 0) {
        *bad = 1;
        return TB_ERR_ENCODE;
    }
    int64_t from = *at < skip ? (skip - *at < k ? skip - *at : k) : 0;
    int64_t to = keep - *at < k ? keep - *at : k;
    *at += k;
    return to > from ? fn(d->pcm + from, (size_t)(to - from), ctx) : TB_OK;
}

tb_status tb_enc_decoder_add(tb_enc_decoder *d, const char *path, int first, int last,
                             tb_enc_pcm_fn fn, void *ctx, tb_diag *diag)
{
    if (d->s.format != TB_AUDIO_OPUS)
        return decode_pcm_file(d, path, fn, ctx, diag);
    tb_enc_ogg_measured m;
    tb_status st = tb_enc_ogg_measure(path, &m, diag);
    if (st != TB_OK)
        return st;
    /* at the decoder's rate: what to drop at the start (the edition's
     * encoder delay, first section only) and where to stop (the last
     * section's end trim) */
    int64_t skip, keep;
    opus_trim(&m.info, d->rate, first, last, &skip, &keep);
    tb_enc_ogg_reader r;
    if ((st = tb_enc_ogg_open(&r, path, diag)) != TB_OK)
        return st;
    ogg_packet op;
    int rc;
    long packetno = 0;
    int64_t at = 0; /* samples decoded from this section's packets */
    while (st == TB_OK && (rc = tb_enc_ogg_packet(&r, &op)) == 1) {
        if (packetno++ < 2)
            continue; /* OpusHead, OpusTags */
        int bad = 0;
        if ((st = decode_packet(d, op.packet, op.bytes, skip, keep, &at, fn, ctx, &bad)) != TB_OK &&
            bad)
            rc = -1;
    }
    tb_enc_ogg_close(&r);
    if (rc < 0) { /* a page or a packet that is not as the encoder writes them */
        tb_diag_set(diag, path, 0, 0, "not a mono Ogg Opus file as the encoder writes them");
        st = TB_ERR_ENCODE;
    }
    return st;
}

/* ---- a section decoded as it is encoded (tb_enc_section_listen) ----
 * The same packets as its file will hold, through decode_packet with the
 * same skip; `keep` is known once the encoder is finishing (end, the final
 * granule position), and no packet made before then decodes past it: each of
 * those covers input already given, which the final granule counts. */
int tb_enc_decoder_is_opus(const tb_enc_decoder *d)
{
    return d && d->dec;
}

void tb_enc_listener_init(tb_enc_listener *l, tb_enc_decoder *d, int pre_skip, int first, int last,
                          tb_enc_pcm_fn fn, void *ctx)
{
    *l = (tb_enc_listener){d, first ? pre_skip / (48000 / d->rate) : 0, 0, last, fn, ctx, TB_OK};
}

void tb_enc_listener_packet(tb_enc_listener *l, const unsigned char *packet, long bytes,
                            int64_t end)
{
    if (l->st != TB_OK)
        return;
    int64_t keep = l->last && end >= 0 ? end / (48000 / l->d->rate) : INT64_MAX;
    int bad = 0;
    l->st = decode_packet(l->d, packet, bytes, l->skip, keep, &l->at, l->fn, l->ctx, &bad);
}
