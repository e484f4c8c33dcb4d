/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * encode_opus.c — one section as an Ogg Opus file (RFC 7845), written while
 * the engine speaks: int16 PCM at the engine's rate → float → 48 kHz
 * (encode_resample.c) → frames of 20 ms → the plain libopus
 * OpusEncoder → libogg pages → the file. Also the OpusTags packet, which the
 * edition remux (encode_edition.c) builds the same way.
 *
 * Why not libopusenc: it drives libopus' multistream encoder, which runs the
 * CPU feature detection (CPUID, very slow under virtualisation) on every
 * frame; a mono file needs one plain encoder, and the container is small.
 *
 * The stream, page by page:
 *   page 0   OpusHead alone (BOS, granule 0): version 1, one channel,
 *            pre-skip P, the input rate, gain 0, mapping family 0;
 *   page 1…  OpusTags alone (granule 0): vendor and the section's tags;
 *   then     20 ms audio packets, a page closed after each second of audio
 *            (or sooner when libogg finds it full), each page's granule
 *            position the 48 kHz samples decoded through its last packet;
 *   last     EOS, granule P + L, L = the input length at 48 kHz (rounded to
 *            nearest), so a player drops the encoder delay at the start and
 *            the padding at the end and plays exactly L samples.
 * Timing: the resampler has no delay (its filter is centred on each output
 * sample, with zeros before the first input sample), so 48 kHz sample j is
 * input time j / 48000 s; the encoder's lookahead is then the whole delay,
 * P. At the end, zeros are pushed through the resampler and the encoder
 * until the packets cover P + L.
 * Same input, same settings → the same bytes (fixed serial number, no clock,
 * no random numbers).
 */
#include <errno.h>
#include <ogg/ogg.h>
#include <opus/opus.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "encode/encode.h"
#include "encode/encode_int.h"

#define OPUS_RATE 48000
#define FRAME 960              /* 20 ms at 48 kHz */
#define MAX_PACKET 1500        /* a 20 ms Opus packet is at most 1275 bytes */
#define PAGE_SAMPLES OPUS_RATE /* close a page after a second of audio */
#define CONVERT 1024           /* int16 → float in blocks of this many samples */

struct tb_enc_opus {
    const char *path; /* borrowed: the caller keeps it alive until _free */
    FILE *f;
    OpusEncoder *enc;
    tb_enc_resampler *rs; /* NULL when the input is already 48 kHz */
    ogg_stream_state os;
    int os_ready;
    int rate;             /* input rate */
    int pre_skip;         /* P */
    int64_t in_samples;   /* input samples written */
    int64_t granule;      /* 48 kHz samples covered by the packets so far */
    int64_t page_granule; /* granule of the last page written */
    int64_t packetno;
    float frame[FRAME]; /* the 48 kHz frame being filled */
    int fill;           /* samples in frame */
    int done;           /* the EOS packet is written */
    int write_errno;
    tb_status status;          /* sticky */
    tb_enc_listener *listener; /* NULL: nobody decodes the packets as they are made */
};

/* ---- OpusTags ---- */

static tb_status add_u32(tb_buf *b, size_t v)
{
    unsigned char le[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
                           (unsigned char)(v >> 24)};
    return tb_buf_add(b, le, 4);
}

void tb_enc_comments_init(tb_enc_comments *c)
{
    tb_buf_init(&c->body, 0);
    c->count = 0;
}

void tb_enc_comments_free(tb_enc_comments *c)
{
    tb_buf_free(&c->body);
    c->count = 0;
}

tb_status tb_enc_comments_add(tb_enc_comments *c, const char *tag, const char *val)
{
    if (!val || !*val)
        return TB_OK;
    size_t vlen = strcspn(val, "\n\r");
    tb_status st = add_u32(&c->body, strlen(tag) + 1 + vlen);
    if (st == TB_OK)
        st = tb_buf_printf(&c->body, "%s=%.*s", tag, (int)vlen, val);
    if (st == TB_OK)
        c->count++;
    return st;
}

tb_status tb_enc_comments_tags(tb_enc_comments *c, const tb_enc_tags *t)
{
    char num[16], total[16];
    snprintf(num, sizeof num, "%d", t->track);
    snprintf(total, sizeof total, "%d", t->tracks);
    tb_status st = tb_enc_comments_add(c, "TITLE", t->title);
    if (st == TB_OK)
        st = tb_enc_comments_add(c, "ALBUM", t->album);
    if (st == TB_OK)
        st = tb_enc_comments_add(c, "ARTIST", t->artist);
    if (st == TB_OK)
        st = tb_enc_comments_add(c, "ORGANIZATION", t->artist);
    if (st == TB_OK)
        st = tb_enc_comments_add(c, "DATE", t->date);
    if (st == TB_OK)
        st = tb_enc_comments_add(c, "LANGUAGE", t->language);
    if (st == TB_OK && t->track > 0) {
        st = tb_enc_comments_add(c, "TRACKNUMBER", num);
        if (st == TB_OK && t->tracks > 0)
            st = tb_enc_comments_add(c, "TRACKTOTAL", total);
    }
    return st;
}

tb_status tb_enc_comments_packet(const tb_enc_comments *c, tb_buf *out)
{
    char vendor[96];
    snprintf(vendor, sizeof vendor, "tingbao %s (%s)", TB_VERSION, opus_get_version_string());
    tb_status st = tb_buf_add(out, "OpusTags", 8);
    if (st == TB_OK)
        st = add_u32(out, strlen(vendor));
    if (st == TB_OK)
        st = tb_buf_adds(out, vendor);
    if (st == TB_OK)
        st = add_u32(out, c->count);
    if (st == TB_OK && c->body.len)
        st = tb_buf_add(out, c->body.data, c->body.len);
    return st;
}

/* ---- pages ---- */

/* Write the pages libogg has ready (all of them when flush is set). */
static void write_pages(tb_enc_opus *o, int flush)
{
    ogg_page og;
    while (o->status == TB_OK &&
           (flush ? ogg_stream_flush(&o->os, &og) : ogg_stream_pageout(&o->os, &og))) {
        errno = 0;
        if (fwrite(og.header, 1, (size_t)og.header_len, o->f) != (size_t)og.header_len ||
            fwrite(og.body, 1, (size_t)og.body_len, o->f) != (size_t)og.body_len) {
            o->write_errno = errno ? errno : EIO;
            o->status = TB_ERR_IO;
        }
        if (ogg_page_granulepos(&og) >= 0)
            o->page_granule = ogg_page_granulepos(&og);
    }
}

static void put_packet(tb_enc_opus *o, const unsigned char *p, long len, int64_t granule, int eos)
{
    ogg_packet op = {0};
    op.packet = (unsigned char *)p;
    op.bytes = len;
    op.b_o_s = o->packetno == 0;
    op.e_o_s = eos;
    op.granulepos = granule;
    op.packetno = o->packetno++;
    if (o->status == TB_OK && ogg_stream_packetin(&o->os, &op) != 0)
        o->status = TB_ERR_NOMEM;
}

/* OpusHead on the first page, OpusTags on the next page(s), both alone. */
static tb_status write_headers(tb_enc_opus *o, const tb_enc_tags *t, tb_diag *diag)
{
    unsigned char head[19] = {'O', 'p', 'u', 's', 'H', 'e', 'a', 'd', 1, 1};
    head[10] = (unsigned char)(o->pre_skip & 0xff);
    head[11] = (unsigned char)(o->pre_skip >> 8);
    uint32_t rate = (uint32_t)o->rate;
    for (int i = 0; i < 4; i++)
        head[12 + i] = (unsigned char)(rate >> (8 * i));
    /* head[16..17]: output gain 0; head[18]: mapping family 0 (mono/stereo, no table) */
    put_packet(o, head, sizeof head, 0, 0);
    write_pages(o, 1);

    tb_enc_comments c;
    tb_buf pkt;
    tb_enc_comments_init(&c);
    tb_buf_init(&pkt, 0);
    tb_status st = tb_enc_comments_tags(&c, t);
    if (st == TB_OK)
        st = tb_enc_comments_packet(&c, &pkt);
    if (st == TB_OK) {
        put_packet(o, (const unsigned char *)pkt.data, (long)pkt.len, 0, 0);
        write_pages(o, 1);
        st = o->status;
    }
    tb_enc_comments_free(&c);
    tb_buf_free(&pkt);
    if (st != TB_OK) {
        tb_diag_set(diag, o->path, 0, 0,
                    st == TB_ERR_IO ? "cannot write the file" : "cannot tag the Opus file");
        if (diag && st == TB_ERR_IO)
            diag->err = o->write_errno;
    }
    return st;
}

/* ---- audio ---- */

/* Encode the full frame into one packet; `end` is the final granule (P + L)
 * when the input has ended, else -1. */
static void encode_frame(tb_enc_opus *o, int64_t end)
{
    unsigned char packet[MAX_PACKET];
    opus_int32 len = opus_encode_float(o->enc, o->frame, FRAME, packet, MAX_PACKET);
    o->fill = 0;
    if (len < 0) {
        o->status = TB_ERR_ENCODE;
        return;
    }
    o->granule += FRAME;
    int eos = end >= 0 && o->granule >= end;
    put_packet(o, packet, len, eos ? end : o->granule, eos);
    if (o->listener)
        tb_enc_listener_packet(o->listener, packet, len, end);
    o->done = eos;
    write_pages(o, eos || o->granule - o->page_granule >= PAGE_SAMPLES);
}

/* Feed n float samples at the input rate; `end` as for encode_frame. */
static void feed(tb_enc_opus *o, const float *in, size_t n, int64_t end)
{
    while (n > 0 && o->status == TB_OK && !o->done) {
        size_t in_len = n, out_len = (size_t)(FRAME - o->fill);
        if (o->rs) {
            if ((o->status = tb_enc_resample(o->rs, in, &in_len, o->frame + o->fill, &out_len)) !=
                TB_OK)
                return;
        } else {
            in_len = out_len = in_len < out_len ? in_len : out_len;
            memcpy(o->frame + o->fill, in, in_len * sizeof *in);
        }
        o->fill += (int)out_len;
        in += in_len;
        n -= in_len;
        if (o->fill == FRAME)
            encode_frame(o, end);
    }
}

static void to_float(float *out, const int16_t *in, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out[i] = (float)in[i] * (1.0f / 32768.0f);
}

tb_status tb_enc_opus_write(tb_enc_opus *o, const int16_t *pcm, size_t n)
{
    float buf[CONVERT];
    while (n > 0 && o->status == TB_OK) {
        size_t k = n < CONVERT ? n : CONVERT;
        to_float(buf, pcm, k);
        feed(o, buf, k, -1);
        o->in_samples += (int64_t)k;
        pcm += k;
        n -= k;
    }
    return o->status;
}

tb_status tb_enc_opus_finish(tb_enc_opus *o, tb_diag *diag)
{
    if (!o->f)
        return o->status == TB_OK ? TB_ERR_USAGE : o->status; /* finished already */
    if (o->status == TB_OK) {
        /* P + L, L the input length at 48 kHz rounded to nearest */
        int64_t end = o->pre_skip + (o->in_samples * OPUS_RATE + o->rate / 2) / o->rate;
        static const float zeros[256];
        /* zeros through the resampler (and its filter tail out) until the
         * packets cover the end; the last frame is padded with them */
        while (o->status == TB_OK && !o->done)
            feed(o, zeros, sizeof zeros / sizeof zeros[0], end);
        write_pages(o, 1);
    }
    FILE *f = o->f;
    o->f = NULL;
    errno = 0;
    if (fclose(f) != 0 && o->status == TB_OK) {
        o->write_errno = errno ? errno : EIO;
        o->status = TB_ERR_IO;
    }
    if (o->status != TB_OK && diag && !diag->what[0]) {
        tb_diag_set(diag, o->path, 0, 0,
                    o->status == TB_ERR_IO ? "cannot write the file" : "the Opus encoder failed");
        if (o->status == TB_ERR_IO)
            diag->err = o->write_errno;
    }
    return o->status;
}

void tb_enc_opus_listen(tb_enc_opus *o, tb_enc_listener *l, tb_enc_decoder *d, int first, int last,
                        tb_enc_pcm_fn fn, void *ctx)
{
    tb_enc_listener_init(l, d, o->pre_skip, first, last, fn, ctx);
    o->listener = l;
}

/* ---- setting up ---- */

static int opus_bandwidth(const tb_enc_settings *s)
{
    /* Speech from eSpeak: nothing above 11 kHz (22050 Hz PCM), so the top of
     * Opus' fullband would carry no signal. Wideband (SILK alone) is smaller
     * and cheaper on most pages but overshoots: +4.4 dBTP on
     * tests/data/publish/hostile.txt against -2.0 at super-wideband, the default
     * (bench/RESULTS.md). */
    int want = s->bandwidth ? s->bandwidth : TB_ENC_DEFAULT_BANDWIDTH;
    return s->sample_rate <= 16000 || want <= 8000 ? OPUS_BANDWIDTH_WIDEBAND
           : want <= 12000                         ? OPUS_BANDWIDTH_SUPERWIDEBAND
                                                   : OPUS_BANDWIDTH_FULLBAND;
}

static tb_status start_codec(tb_enc_opus *o, const tb_enc_settings *s, tb_diag *diag)
{
    int err = 0;
    /* AUDIO rather than VOIP: VOIP's high-pass and speech enhancement cost
     * 6.7 dB of waveform SNR on eSpeak's output at the same size (docs/audio.md). */
    o->enc = opus_encoder_create(OPUS_RATE, 1, OPUS_APPLICATION_AUDIO, &err);
    if (!o->enc) {
        tb_diag_set(diag, o->path, 0, 0, "cannot start the Opus encoder: %s", opus_strerror(err));
        return err == OPUS_ALLOC_FAIL ? TB_ERR_NOMEM : TB_ERR_ENCODE;
    }
    opus_int32 lookahead = 0;
    if ((err = opus_encoder_ctl(o->enc, OPUS_SET_BITRATE(s->bitrate))) != OPUS_OK ||
        (err = opus_encoder_ctl(o->enc, OPUS_SET_COMPLEXITY(s->complexity))) != OPUS_OK ||
        (err = opus_encoder_ctl(o->enc, OPUS_SET_SIGNAL(OPUS_SIGNAL_MUSIC))) != OPUS_OK ||
        (err = opus_encoder_ctl(o->enc, OPUS_SET_MAX_BANDWIDTH(opus_bandwidth(s)))) != OPUS_OK ||
        (err = opus_encoder_ctl(o->enc, OPUS_SET_EXPERT_FRAME_DURATION(OPUS_FRAMESIZE_20_MS))) !=
            OPUS_OK ||
        (err = opus_encoder_ctl(o->enc, OPUS_GET_LOOKAHEAD(&lookahead))) != OPUS_OK) {
        tb_diag_set(diag, o->path, 0, 0, "cannot set up the Opus encoder: %s", opus_strerror(err));
        return TB_ERR_ENCODE;
    }
    o->pre_skip = (int)lookahead;
    if (s->sample_rate != OPUS_RATE) {
        if (!(o->rs = tb_enc_resampler_new(s->sample_rate, OPUS_RATE))) {
            tb_diag_set(diag, o->path, 0, 0, "cannot resample %d Hz to 48 kHz", s->sample_rate);
            return TB_ERR_NOMEM;
        }
    }
    return TB_OK;
}

tb_status tb_enc_opus_new(const tb_enc_settings *s, const char *path, const tb_enc_tags *tags,
                          tb_enc_opus **out, tb_diag *diag)
{
    tb_enc_opus *o = calloc(1, sizeof *o);
    if (!o)
        return TB_ERR_NOMEM;
    o->path = path;
    o->rate = s->sample_rate;
    tb_status st = start_codec(o, s, diag);
    if (st == TB_OK) {
        if (ogg_stream_init(&o->os, (int)tb_enc_serialno(tags)) != 0)
            st = TB_ERR_NOMEM;
        else
            o->os_ready = 1;
    }
    if (st == TB_OK && !(o->f = fopen(path, "wb")))
        st = tb_diag_io(diag, path, "cannot create the file");
    if (st == TB_OK)
        st = write_headers(o, tags, diag);
    if (st != TB_OK) {
        tb_enc_opus_free(o);
        return st;
    }
    *out = o;
    return TB_OK;
}

void tb_enc_opus_free(tb_enc_opus *o)
{
    if (!o)
        return;
    if (o->f)
        fclose(o->f);
    if (o->os_ready)
        ogg_stream_clear(&o->os);
    tb_enc_resampler_free(o->rs);
    if (o->enc)
        opus_encoder_destroy(o->enc);
    free(o);
}
