/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * whole.c — the whole edition from the finished section files (the Ogg
 * reader is ogg_read.c, the decoder decode.c).
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
#include "encode/ogg_int.h"
#include "encode/sf_int.h"

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

static tb_status opus_edition(const char *path, const char *const *paths, const char *const *titles,
                              size_t n, const tb_enc_tags *tags, tb_enc_span *spans, double *total,
                              tb_diag *diag)
{
    tb_enc_ogg_measured *m = calloc(n ? n : 1, sizeof *m);
    if (!m)
        return TB_ERR_NOMEM;
    tb_status st = TB_OK;
    tb_enc_opus_clock clock = {0};
    for (size_t i = 0; st == TB_OK && i < n; i++) {
        st = tb_enc_ogg_measure(paths[i], &m[i], diag);
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
        tb_enc_ogg_reader r;
        if ((st = tb_enc_ogg_open(&r, paths[i], diag)) != TB_OK)
            break;
        ogg_packet op;
        long k = 0;
        int rc;
        while (st == TB_OK && (rc = tb_enc_ogg_packet(&r, &op)) == 1) {
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
        tb_enc_ogg_close(&r);
    }
    if (st == TB_OK) {
        write_pages(&w, 1);
        st = w.status;
    }
    ogg_stream_clear(&w.os);
    if (fclose(w.f) != 0 && st == TB_OK)
        st = TB_ERR_IO;
    if (st == TB_ERR_IO && diag && !diag->what[0])
        tb_diag_io(diag, path, "cannot write the file"); /* errno: ENOSPC, EDQUOT */
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
    out_info.format =
        (s->format == TB_AUDIO_FLAC ? SF_FORMAT_FLAC : SF_FORMAT_WAV) | SF_FORMAT_PCM_16;
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
        tb_diag_io(diag, path, "cannot write the file"); /* errno: ENOSPC, EDQUOT */
    return st;
}

tb_status tb_enc_edition(const tb_enc_settings *s, const char *path,
                         const char *const *section_paths, const char *const *titles, size_t n,
                         const tb_enc_tags *tags, tb_enc_span *spans, double *total, tb_diag *diag)
{
    *total = 0;
    if (s->format == TB_AUDIO_OPUS)
        return opus_edition(path, section_paths, titles, n, tags, spans, total, diag);
    return pcm_edition(s, path, section_paths, n, tags, spans, total, diag);
}
