/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mp3.c — MP3 through libmp3lame: the parts, the joined edition with its
 * LAME/Info frame, under the ID3v2.3 tag of id3.c.
 */
#include "encode/mp3.h"

#include <errno.h>
#include <lame/lame.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/fs.h"
#include "encode/encode_int.h"
#include "encode/id3_int.h"
#include "base/utf8.h"

#define MP3_RATE 44100 /* MPEG-1: what every podcast app expects */
#define FRAME 1152     /* samples per MPEG-1 Layer III frame */
#define RS_CHUNK 4096

static const float zeros[RS_CHUNK];

/* ---- the frames of an MPEG-1 Layer III stream at 44.1 kHz ---- */

/* The length in bytes of the frame whose header is h, or 0 when h is not
 * the header of an MPEG-1 Layer III frame at 44.1 kHz (all we write). */
static size_t frame_bytes(const unsigned char h[4])
{
    static const int kbps[16] = {0,   32,  40,  48,  56,  64,  80,  96,
                                 112, 128, 160, 192, 224, 256, 320, 0};
    if (h[0] != 0xFF || (h[1] & 0xFE) != 0xFA || (h[2] >> 2 & 3) != 0 || !kbps[h[2] >> 4])
        return 0;
    return (size_t)(144000 * kbps[h[2] >> 4] / MP3_RATE) + (h[2] >> 1 & 1);
}

/* Walk the frames of f from byte `from`: at most `max` of them (0: all);
 * their count to *n and the byte after the last one to *end. Reads 64 KiB
 * at a time, each read from the start of a frame. */
static tb_status walk_frames(FILE *f, long from, uint64_t max, uint64_t *n, long *end)
{
    unsigned char buf[65536];
    long at = from; /* the next frame's first byte */
    *n = 0;
    while (!max || *n < max) {
        if (fseek(f, at, SEEK_SET) != 0)
            return TB_ERR_IO;
        size_t got = fread(buf, 1, sizeof buf, f), i = 0;
        if (ferror(f))
            return TB_ERR_IO;
        if (got == 0)
            break;
        while (i + 4 <= got && (!max || *n < max)) {
            size_t len = frame_bytes(buf + i);
            if (!len || (i + len > got && got < sizeof buf)) /* not a frame, or cut short */
                return TB_ERR_ENCODE;
            i += len;
            (*n)++;
        }
        if (i < got && got < sizeof buf && (!max || *n < max)) /* a stump at the end */
            return TB_ERR_ENCODE;
        at += (long)i;
    }
    *end = at;
    return TB_OK;
}

/* CRC-16 as LAME's tag uses it (polynomial 0x8005, reflected, from 0),
 * eight bytes a step (table k: a byte followed by k zero bytes): the whole
 * MP3 is checked at every render, correction or not, and a byte a step took
 * a tenth of a correction's CPU on a 6-hour edition (perf). */
static uint16_t crc_table[8][256];
static pthread_once_t crc_once = PTHREAD_ONCE_INIT;

static void crc_init(void)
{
    for (unsigned i = 0; i < 256; i++) {
        unsigned c = i;
        for (int k = 0; k < 8; k++)
            c = c & 1 ? (c >> 1) ^ 0xA001 : c >> 1;
        crc_table[0][i] = (uint16_t)c;
    }
    for (int k = 1; k < 8; k++)
        for (unsigned i = 0; i < 256; i++) {
            unsigned c = crc_table[k - 1][i];
            crc_table[k][i] = (uint16_t)((c >> 8) ^ crc_table[0][c & 0xFF]);
        }
}

static unsigned crc16(unsigned crc, const unsigned char *p, size_t n)
{
    pthread_once(&crc_once, crc_init);
    const uint16_t(*t)[256] = crc_table;
    crc &= 0xFFFF;
    for (; n >= 8; p += 8, n -= 8) {
        unsigned a = crc ^ (p[0] | (unsigned)p[1] << 8);
        crc = t[7][a & 0xFF] ^ t[6][a >> 8] ^ t[5][p[2]] ^ t[4][p[3]] ^ t[3][p[4]] ^ t[2][p[5]] ^
              t[1][p[6]] ^ t[0][p[7]];
    }
    for (; n > 0; p++, n--)
        crc = (crc >> 8) ^ t[0][(crc ^ *p) & 0xFF];
    return crc & 0xFFFF;
}

/* An encoder as every part has; `tag`: one that writes LAME's Info frame. */
static lame_global_flags *lame_for(int kbps, int tag)
{
    lame_global_flags *gf = lame_init();
    if (!gf)
        return NULL;
    lame_set_in_samplerate(gf, MP3_RATE);
    lame_set_out_samplerate(gf, MP3_RATE);
    lame_set_num_channels(gf, 1);
    lame_set_mode(gf, MONO);
    lame_set_brate(gf, kbps);
    lame_set_quality(gf, 7); /* 5 cost 1.3 s more CPU on examples/xilin-0612.txt (of 10.4 s) */
    lame_set_bWriteVbrTag(gf, tag); /* parts carry none: the edition writes one */
    if (lame_init_params(gf) < 0) {
        lame_close(gf);
        return NULL;
    }
    return gf;
}

/* ---- a part ---- */

struct tb_mp3_part {
    lame_global_flags *gf;
    FILE *out;
    long base;          /* where the part starts in out */
    unsigned char *buf; /* LAME's output */
    size_t cap;
    /* to 44.1 kHz by libsoxr: LAME's own resampler took most of the MP3's
     * CPU (perf: a third of a whole render) */
    tb_enc_resampler *rs; /* NULL when the input is 44.1 kHz already */
    float *rs_out;
    uint64_t limit; /* 44.1 kHz samples to encode, the lead included */
    uint64_t lead;  /* of them, the lead: the silence before `start` */
    uint64_t fed;
    uint64_t keep; /* frames the part owns; 0: all (the last part) */
    int rate;      /* of the input */
    tb_status sticky;
    int err; /* errno of a failed write */
};

static uint64_t to_44k(uint64_t t, int rate)
{
    return (t * MP3_RATE + (uint64_t)rate / 2) / (uint64_t)rate;
}

static uint64_t gcd(uint64_t a, uint64_t b)
{
    while (b) {
        uint64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

static tb_status put(tb_mp3_part *p, int n)
{
    if (n < 0)
        return p->sticky = TB_ERR_ENCODE;
    if (n && fwrite(p->buf, 1, (size_t)n, p->out) != (size_t)n) {
        p->err = errno;
        return p->sticky = TB_ERR_IO;
    }
    return TB_OK;
}

/* Encode up to what the part still takes of n samples at 44.1 kHz. */
static tb_status encode_44k(tb_mp3_part *p, const float *pcm, size_t n)
{
    if (p->sticky != TB_OK)
        return p->sticky;
    if ((uint64_t)n > p->limit - p->fed)
        n = (size_t)(p->limit - p->fed);
    const size_t step = 8192;
    for (size_t i = 0; i < n; i += step) {
        int k = (int)(n - i < step ? n - i : step);
        /* worst case from lame.h: 1.25 * samples + 7200 */
        tb_status st =
            put(p, lame_encode_buffer_ieee_float(p->gf, pcm + i, pcm + i, k, p->buf, (int)p->cap));
        if (st != TB_OK)
            return st;
    }
    p->fed += n;
    return TB_OK;
}

static tb_status encode_zeros(tb_mp3_part *p, uint64_t n)
{
    tb_status st = TB_OK;
    while (st == TB_OK && n > 0) {
        size_t k = n < RS_CHUNK ? (size_t)n : RS_CHUNK;
        st = encode_44k(p, zeros, k);
        n -= k;
    }
    return st;
}

tb_mp3_part *tb_mp3_part_new(int rate, int kbps, uint64_t start, uint64_t end, int last, FILE *out,
                             tb_status *err)
{
    tb_mp3_part *p = calloc(1, sizeof *p);
    if (!p) {
        *err = TB_ERR_NOMEM;
        return NULL;
    }
    p->out = out;
    p->base = ftell(out);
    p->gf = lame_for(kbps, 0);
    p->cap = 1 << 16;
    p->buf = malloc(p->cap);
    if (rate != MP3_RATE) {
        p->rs = tb_enc_resampler_new(rate, MP3_RATE);
        p->rs_out = malloc(RS_CHUNK * sizeof *p->rs_out);
    }
    /* the part's samples are resampled from a point of both grids, at or
     * before `start` (zeros up to it): so they land on the 44.1 kHz samples a
     * resampler of the whole timeline would give, not up to half a sample
     * off (11 us, which a comparison with the whole would count as noise) */
    uint64_t g = gcd((uint64_t)rate, MP3_RATE), q = (uint64_t)rate / g, r = MP3_RATE / g;
    uint64_t s0 = start - start % q, a = s0 / q * r, first = a / FRAME;
    /* where the next part starts: the same grid point, the same frame */
    uint64_t next = (end - end % q) / q * r / FRAME;
    *err = TB_OK;
    if (!p->buf || (rate != MP3_RATE && (!p->rs || !p->rs_out)))
        *err = TB_ERR_NOMEM;
    else if (p->base < 0)
        *err = TB_ERR_IO;
    else if (!p->gf || end < start || (!last && (end == TB_MP3_OPEN_END || next <= first)))
        *err = TB_ERR_ENCODE; /* a part owns at least a frame; only the last is open-ended */
    if (*err != TB_OK) {
        tb_mp3_part_free(p);
        return NULL;
    }
    /* frames first … next - 1 owned: the part's samples come after the
     * frame start that precedes them (lead: silence), up to the frame start
     * where the next part begins (the rest is that part's lead); the last
     * part encodes to its end */
    p->keep = last ? 0 : next - first;
    p->lead = first * FRAME;
    p->rate = rate;
    p->limit = end == TB_MP3_OPEN_END ? UINT64_MAX
               : last                 ? to_44k(end, rate) - p->lead
                                      : p->keep * FRAME;
    *err = encode_zeros(p, a - first * FRAME);
    for (uint64_t z = start - s0; *err == TB_OK && z > 0;) { /* fewer than q: from s0 to start */
        size_t k = z < RS_CHUNK ? (size_t)z : RS_CHUNK;
        *err = tb_mp3_part_write(p, zeros, k);
        z -= k;
    }
    if (*err != TB_OK) {
        tb_mp3_part_free(p);
        return NULL;
    }
    return p;
}

tb_status tb_mp3_part_end(tb_mp3_part *p, uint64_t end)
{
    if (p->sticky != TB_OK)
        return p->sticky;
    uint64_t limit = to_44k(end, p->rate) - p->lead;
    /* what was encoded already must be what a part opened with this end
     * encodes: the resampler holds back the last samples, so it is */
    if (p->limit != UINT64_MAX || p->keep || limit < p->fed)
        return p->sticky = TB_ERR_ENCODE;
    p->limit = limit;
    return TB_OK;
}

tb_status tb_mp3_part_write(tb_mp3_part *p, const float *pcm, size_t n)
{
    if (p->sticky != TB_OK)
        return p->sticky;
    if (!p->rs)
        return encode_44k(p, pcm, n);
    tb_status st = TB_OK;
    while (st == TB_OK && n > 0) {
        size_t in_len = n, out_len = RS_CHUNK;
        if ((st = tb_enc_resample(p->rs, pcm, &in_len, p->rs_out, &out_len)) != TB_OK)
            return p->sticky = st;
        st = encode_44k(p, p->rs_out, out_len);
        pcm += in_len;
        n -= in_len;
    }
    return st;
}

tb_status tb_mp3_part_finish(tb_mp3_part *p, const char *name, tb_diag *diag)
{
    tb_status st = p->sticky;
    size_t out_len = RS_CHUNK;
    while (st == TB_OK && p->rs &&
           (st = tb_enc_resample_drain(p->rs, p->rs_out, &out_len)) == TB_OK && out_len > 0) {
        st = encode_44k(p, p->rs_out, out_len);
        out_len = RS_CHUNK;
    }
    if (st == TB_OK && p->limit == UINT64_MAX) /* opened without an end, and never given one */
        st = p->sticky = TB_ERR_ENCODE;
    if (st == TB_OK) /* a part a few samples short of its span ends in silence */
        st = encode_zeros(p, p->limit - p->fed);
    if (st == TB_OK)
        st = put(p, lame_encode_flush(p->gf, p->buf, (int)p->cap));
    if (st == TB_OK && fflush(p->out) != 0) {
        p->err = errno;
        st = TB_ERR_IO;
    }
    if (st == TB_OK && p->keep) { /* the frames past its own carry the next part's lead */
        uint64_t n;
        long end;
        st = walk_frames(p->out, p->base, p->keep, &n, &end);
        if (st == TB_OK && n != p->keep)
            st = TB_ERR_ENCODE;
        if (st == TB_OK && (fflush(p->out) != 0 || ftruncate(fileno(p->out), end) != 0 ||
                            fseek(p->out, end, SEEK_SET) != 0)) {
            p->err = errno;
            st = TB_ERR_IO;
        }
    }
    if (st == TB_ERR_IO) {
        tb_diag_set(diag, name, 0, 0, "cannot write the MP3 part");
        if (diag)
            diag->err = p->err;
    } else if (st == TB_ERR_ENCODE) {
        tb_diag_set(diag, name, 0, 0, "the MP3 encoder failed");
    }
    return p->sticky = st;
}

void tb_mp3_part_free(tb_mp3_part *p)
{
    if (!p)
        return;
    tb_enc_resampler_free(p->rs);
    free(p->rs_out);
    if (p->gf)
        lame_close(p->gf);
    free(p->buf);
    free(p);
}

/* ---- the edition: the parts end to end, under a tag ---- */

struct tb_mp3 {
    int rate, kbps;
    char *path;
    FILE *out;               /* the edition's file: frames from `header` on */
    const tb_mp3_tags *tags; /* borrowed until tb_mp3_finish */
    size_t n_chapters;
    size_t tag_len, info_len; /* the room kept at the start */
    uint64_t n_frames;
    uint64_t bytes;
    unsigned crc; /* of every audio frame: LAME's "music CRC" */
    tb_status sticky;
};

/* LAME's own Info frame for a short stream of silence at kbps (below 64
 * kb/s a frame is too short for the tag, and LAME writes none: the Info
 * frame may have a bit rate of its own, players skip it); its encoder
 * delay. */
static tb_status lame_tag(int kbps, unsigned char *out, size_t cap, size_t *len, int *delay)
{
    lame_global_flags *gf = lame_for(kbps < 64 ? 64 : kbps, 1);
    if (!gf)
        return TB_ERR_ENCODE;
    tb_status st = TB_OK;
    unsigned char scratch[16384];
    if (lame_encode_buffer_ieee_float(gf, zeros, zeros, FRAME, scratch, sizeof scratch) < 0 ||
        lame_encode_flush(gf, scratch, sizeof scratch) < 0)
        st = TB_ERR_ENCODE;
    *delay = lame_get_encoder_delay(gf);
    *len = st == TB_OK ? lame_get_lametag_frame(gf, out, cap) : 0;
    lame_close(gf);
    return st == TB_OK && *len == 0 ? TB_ERR_ENCODE : st;
}

static tb_status write_failed(tb_mp3 *m, tb_diag *diag)
{
    tb_diag_set(diag, m->path, 0, 0, "cannot write");
    if (diag)
        diag->err = errno;
    return m->sticky = TB_ERR_IO;
}

tb_mp3 *tb_mp3_new(int rate, int kbps, const char *path, const tb_mp3_tags *tags,
                   const tb_mp3_chapter *chapters, size_t n_chapters, tb_status *err, tb_diag *diag)
{
    if (n_chapters > TB_MP3_MAX_CHAPTERS) {
        tb_diag_set(diag, path, 0, 0, "more than %d chapters", TB_MP3_MAX_CHAPTERS);
        *err = TB_ERR_ENCODE;
        return NULL;
    }
    tb_mp3 *m = calloc(1, sizeof *m);
    if (!m || !(m->path = strdup(path))) {
        free(m);
        *err = TB_ERR_NOMEM;
        return NULL;
    }
    m->rate = rate;
    m->kbps = kbps;
    m->tags = tags;
    m->n_chapters = n_chapters;
    tb_buf tag;
    tb_buf_init(&tag, 0);
    *err = tb_enc_id3_tag(&tag, tags, chapters, n_chapters);
    if (*err == TB_OK) { /* its size, for the room kept */
        unsigned char info[8192];
        int delay;
        *err = lame_tag(kbps, info, sizeof info, &m->info_len, &delay);
    }
    m->tag_len = tag.len;
    tb_buf_free(&tag);
    if (*err == TB_OK && !(m->out = fopen(path, "wb"))) {
        tb_diag_io(diag, path, "cannot create");
        *err = TB_ERR_IO;
    }
    if (*err == TB_OK && fseek(m->out, (long)(m->tag_len + m->info_len), SEEK_SET) != 0)
        *err = write_failed(m, diag);
    if (*err != TB_OK) {
        tb_mp3_free(m);
        return NULL;
    }
    return m;
}

uint64_t tb_mp3_samples(int rate, uint64_t n)
{
    return to_44k(n, rate);
}

uint64_t tb_mp3_frame_at(int rate, uint64_t at)
{
    return (to_44k(at, rate) + FRAME / 2) / FRAME;
}

tb_status tb_mp3_add_frames(tb_mp3 *m, FILE *part, uint64_t frames, tb_diag *diag)
{
    if (m->sticky != TB_OK)
        return m->sticky;
    if (frames == 0)
        return TB_OK;
    uint64_t n;
    long end;
    tb_status st = walk_frames(part, 0, frames == TB_MP3_ALL_FRAMES ? 0 : frames, &n, &end);
    if (st == TB_OK && frames != TB_MP3_ALL_FRAMES && n != frames)
        st = TB_ERR_ENCODE; /* a part shorter than its place on the timeline */
    if (st == TB_OK && fseek(part, 0, SEEK_SET) != 0)
        st = TB_ERR_IO;
    unsigned char buf[65536];
    for (long left = end; st == TB_OK && left > 0;) {
        size_t k = left < (long)sizeof buf ? (size_t)left : sizeof buf;
        if (fread(buf, 1, k, part) != k)
            st = TB_ERR_IO;
        else if (fwrite(buf, 1, k, m->out) != k)
            return write_failed(m, diag);
        m->crc = crc16(m->crc, buf, k);
        left -= (long)k;
    }
    if (st == TB_OK) {
        m->n_frames += n;
        m->bytes += (uint64_t)end;
    }
    return m->sticky = st;
}

tb_status tb_mp3_add_part(tb_mp3 *m, FILE *part, tb_diag *diag)
{
    return tb_mp3_add_frames(m, part, TB_MP3_ALL_FRAMES, diag);
}

static void put_be32(unsigned char *p, uint64_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

/* The Info frame (Xing header with LAME's extension) for the joined parts:
 * LAME writes one for a stream it encoded itself, so it is made from the tag
 * of a short stream of silence, with the figures of the edition put in:
 * frame count, byte count, table of contents, encoder delay and padding
 * (what makes playback gapless and the length exact), music length and the
 * two CRCs. `samples`: the edition's length at 44.1 kHz. */
static tb_status info_frame(tb_mp3 *m, uint64_t samples, unsigned char *out, size_t cap,
                            size_t *len)
{
    int delay;
    tb_status st = lame_tag(m->kbps, out, cap, len, &delay);
    /* MPEG-1 mono: 4 bytes of header, 17 of side information, then "Info" */
    const size_t X = 21, L = X + 120;
    uint64_t total = m->n_frames * FRAME;
    if (st == TB_OK && (*len < L + 36 || memcmp(out + X, "Info", 4) || memcmp(out + L, "LAME", 4) ||
                        total < (uint64_t)delay + samples || total - delay - samples > 4095))
        st = TB_ERR_ENCODE;
    if (st != TB_OK)
        return st;
    uint64_t padding = total - (uint64_t)delay - samples, bytes = *len + m->bytes;
    put_be32(out + X + 4, 0x0F); /* frames, bytes, table of contents, quality */
    put_be32(out + X + 8, m->n_frames);
    put_be32(out + X + 12, bytes);
    for (int i = 0; i < 100; i++) /* constant bit rate: the table is a straight line */
        out[X + 16 + i] = (unsigned char)(i * 256 / 100);
    out[L + 20] = (unsigned char)(m->kbps > 255 ? 255 : m->kbps);
    out[L + 21] = (unsigned char)(delay >> 4);
    out[L + 22] = (unsigned char)((delay & 0xF) << 4 | (unsigned)(padding >> 8));
    out[L + 23] = (unsigned char)padding;
    put_be32(out + L + 28, bytes);
    out[L + 32] = (unsigned char)(m->crc >> 8);
    out[L + 33] = (unsigned char)m->crc;
    unsigned tag_crc = crc16(0, out, L + 34);
    out[L + 34] = (unsigned char)(tag_crc >> 8);
    out[L + 35] = (unsigned char)tag_crc;
    return bytes > 0xFFFFFFFFu ? TB_ERR_TOO_BIG : TB_OK;
}

tb_status tb_mp3_finish(tb_mp3 *m, uint64_t samples, const tb_mp3_chapter *chapters, tb_diag *diag)
{
    if (m->sticky != TB_OK)
        return m->sticky;
    unsigned char info[8192];
    size_t info_len = 0;
    tb_status st = info_frame(m, samples, info, sizeof info, &info_len);
    if (st != TB_OK) {
        tb_diag_set(diag, m->path, 0, 0, "the MP3's parts do not add up to the edition");
        return m->sticky = st;
    }
    tb_buf tag;
    tb_buf_init(&tag, 0);
    st = tb_enc_id3_tag(&tag, m->tags, chapters, m->n_chapters);
    if (st == TB_OK && (tag.len != m->tag_len || info_len != m->info_len)) {
        tb_diag_set(diag, m->path, 0, 0, "the tag is not the size its room was kept for");
        st = TB_ERR_ENCODE;
    }
    if (st == TB_OK) {
        int ok = fflush(m->out) == 0 && fseek(m->out, 0, SEEK_SET) == 0 &&
                 fwrite(tag.data, 1, tag.len, m->out) == tag.len &&
                 fwrite(info, 1, info_len, m->out) == info_len;
        FILE *f = m->out;
        m->out = NULL;
        if (fclose(f) != 0)
            ok = 0;
        if (!ok)
            st = write_failed(m, diag);
    }
    tb_buf_free(&tag);
    if (st != TB_OK)
        m->sticky = st;
    return st;
}

void tb_mp3_free(tb_mp3 *m)
{
    if (!m)
        return;
    if (m->out)
        fclose(m->out);
    free(m->path);
    free(m);
}
