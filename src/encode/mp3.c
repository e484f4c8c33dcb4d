/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mp3.c — MP3 through libmp3lame, with an ID3v2.3 tag written here (the
 * chapter frames are small and fixed; see the ID3v2 Chapter Frame Addendum).
 * Text frames use UTF-16 with a byte-order mark, which every ID3v2.3 reader
 * understands, so Chinese titles survive.
 */
#include "encode/mp3.h"

#include <errno.h>
#include <lame/lame.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "encode_int.h"
#include "utf8.h"

#define MP3_RATE 44100 /* MPEG-1: what every podcast app expects */
#define RS_CHUNK 4096

struct tb_mp3 {
    lame_global_flags *gf;
    FILE *frames;          /* encoded frames so far */
    unsigned char *out;    /* lame's output buffer */
    size_t out_cap;
    /* to 44.1 kHz by libsoxr: LAME's own resampler took most of the MP3's
     * CPU (perf: a third of a whole render) */
    tb_enc_resampler *rs;  /* NULL when the input is 44.1 kHz already */
    float *rs_out;
    tb_status sticky;
};

tb_mp3 *tb_mp3_new(int rate, int kbps, tb_status *err)
{
    tb_mp3 *m = calloc(1, sizeof *m);
    if (!m) {
        *err = TB_ERR_NOMEM;
        return NULL;
    }
    m->gf = lame_init();
    m->frames = tmpfile();
    m->out_cap = 1 << 16;
    m->out = malloc(m->out_cap);
    if (rate != MP3_RATE) {
        m->rs = tb_enc_resampler_new(rate, MP3_RATE);
        m->rs_out = malloc(RS_CHUNK * sizeof *m->rs_out);
    }
    if (!m->gf || !m->frames || !m->out || (rate != MP3_RATE && (!m->rs || !m->rs_out))) {
        *err = m->frames ? TB_ERR_NOMEM : TB_ERR_IO;
        tb_mp3_free(m);
        return NULL;
    }
    lame_set_in_samplerate(m->gf, MP3_RATE);
    lame_set_out_samplerate(m->gf, MP3_RATE);
    lame_set_num_channels(m->gf, 1);
    lame_set_mode(m->gf, MONO);
    lame_set_brate(m->gf, kbps);
    lame_set_quality(m->gf, 7); /* 5 cost 1.3 s more CPU on examples/xilin-0612.txt (of 10.4 s) */
    lame_set_bWriteVbrTag(m->gf, 1); /* the Info frame: exact length, gapless */
    if (lame_init_params(m->gf) < 0) {
        *err = TB_ERR_ENCODE;
        tb_mp3_free(m);
        return NULL;
    }
    return m;
}

static tb_status put_frames(tb_mp3 *m, int n)
{
    if (n < 0)
        return m->sticky = TB_ERR_ENCODE;
    if (n && fwrite(m->out, 1, (size_t)n, m->frames) != (size_t)n)
        return m->sticky = TB_ERR_IO;
    return TB_OK;
}

static tb_status encode_44k(tb_mp3 *m, const float *pcm, size_t n)
{
    if (m->sticky != TB_OK)
        return m->sticky;
    const size_t step = 8192;
    for (size_t i = 0; i < n; i += step) {
        int k = (int)(n - i < step ? n - i : step);
        /* worst case from lame.h: 1.25 * samples + 7200 */
        int got = lame_encode_buffer_ieee_float(m->gf, pcm + i, pcm + i, k, m->out, (int)m->out_cap);
        tb_status st = put_frames(m, got);
        if (st != TB_OK)
            return st;
    }
    return TB_OK;
}

tb_status tb_mp3_write(tb_mp3 *m, const float *pcm, size_t n)
{
    if (m->sticky != TB_OK)
        return m->sticky;
    if (!m->rs)
        return encode_44k(m, pcm, n);
    tb_status st = TB_OK;
    while (st == TB_OK && n > 0) {
        size_t in_len = n, out_len = RS_CHUNK;
        if ((st = tb_enc_resample(m->rs, pcm, &in_len, m->rs_out, &out_len)) != TB_OK)
            return m->sticky = st;
        st = encode_44k(m, m->rs_out, out_len);
        pcm += in_len;
        n -= in_len;
    }
    return st;
}

/* What the resampler still holds, once the input has ended. */
static tb_status drain(tb_mp3 *m)
{
    tb_status st = TB_OK;
    size_t out_len = RS_CHUNK;
    while (st == TB_OK && m->rs && (st = tb_enc_resample_drain(m->rs, m->rs_out, &out_len)) == TB_OK &&
           out_len > 0) {
        st = encode_44k(m, m->rs_out, out_len);
        out_len = RS_CHUNK;
    }
    return st != TB_OK ? (m->sticky = st) : TB_OK;
}

/* ---- ID3v2.3 ---------------------------------------------------------- */

/* CTOC flags and the most children one CTOC can list (its count is a byte). */
enum { CTOC_ORDERED = 0x01, CTOC_TOP_LEVEL = 0x02, CTOC_MAX_CHILDREN = 255 };

static tb_status be32(tb_buf *b, unsigned long v)
{
    unsigned char x[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16), (unsigned char)(v >> 8),
                          (unsigned char)v};
    return tb_buf_add(b, x, 4);
}

/* Encoding byte 1 (UTF-16 with BOM), then the text in UTF-16LE. */
static tb_status utf16_text(tb_buf *b, const char *s)
{
    tb_status st = tb_buf_add(b, "\x01\xFF\xFE", 3);
    size_t n = strlen(s);
    for (size_t i = 0; i < n && st == TB_OK;) {
        unsigned cp;
        size_t k = tb_utf8_decode(s + i, n - i, &cp);
        i += k ? k : 1;
        if (cp >= 0x10000) {
            unsigned v = cp - 0x10000, hi = 0xD800 | (v >> 10), lo = 0xDC00 | (v & 0x3FF);
            unsigned char u[4] = {(unsigned char)hi, (unsigned char)(hi >> 8), (unsigned char)lo,
                                  (unsigned char)(lo >> 8)};
            st = tb_buf_add(b, u, 4);
        } else {
            unsigned char u[2] = {(unsigned char)cp, (unsigned char)(cp >> 8)};
            st = tb_buf_add(b, u, 2);
        }
    }
    return st;
}

/* A frame: 4-byte id, 4-byte size (plain in v2.3), 2 flag bytes, body. */
static tb_status frame(tb_buf *b, const char *id, const tb_buf *body)
{
    tb_status st = tb_buf_add(b, id, 4);
    if (st == TB_OK)
        st = be32(b, body->len);
    if (st == TB_OK)
        st = tb_buf_add(b, "\0\0", 2);
    if (st == TB_OK)
        st = tb_buf_add(b, body->data, body->len);
    return st;
}

static tb_status text_frame(tb_buf *b, const char *id, const char *text)
{
    if (!text || !*text)
        return TB_OK;
    tb_buf body;
    tb_buf_init(&body, 0);
    tb_status st = utf16_text(&body, text);
    if (st == TB_OK)
        st = frame(b, id, &body);
    tb_buf_free(&body);
    return st;
}

static tb_status latin1_frame(tb_buf *b, const char *id, const char *text)
{
    tb_buf body;
    tb_buf_init(&body, 0);
    tb_status st = tb_buf_addc(&body, 0); /* ISO-8859-1 */
    if (st == TB_OK)
        st = tb_buf_adds(&body, text);
    if (st == TB_OK)
        st = frame(b, id, &body);
    tb_buf_free(&body);
    return st;
}

/* One CTOC frame body: element id, flags, up to 255 child ids "PREFIX<first>"
 * … "PREFIX<first + count - 1>", and an optional TIT2 sub-frame. */
static tb_status ctoc_frame(tb_buf *b, const char *id, int flags, const char *child_prefix,
                            size_t first, size_t count, const char *title)
{
    tb_buf body;
    tb_buf_init(&body, 0);
    tb_status st = tb_buf_add(&body, id, strlen(id) + 1);
    if (st == TB_OK)
        st = tb_buf_addc(&body, (char)(unsigned char)flags);
    if (st == TB_OK)
        st = tb_buf_addc(&body, (char)(unsigned char)count);
    for (size_t i = first; i < first + count && st == TB_OK; i++) {
        char child[24];
        snprintf(child, sizeof child, "%s%zu", child_prefix, i);
        st = tb_buf_add(&body, child, strlen(child) + 1);
    }
    if (st == TB_OK && title)
        st = text_frame(&body, "TIT2", title);
    if (st == TB_OK)
        st = frame(b, "CTOC", &body);
    tb_buf_free(&body);
    return st;
}

/* The chapters: one CHAP frame each ("ch1", "ch2", …), then the table of
 * contents. Up to 255 chapters, one top-level ordered CTOC ("toc") lists
 * them all. A CTOC lists at most 255 children, so beyond that the chapters
 * are grouped by 255 under ordered sub-tables ("toc1", "toc2", …, each
 * titled "第1–255节", …) that the top-level CTOC lists in order. */
static tb_status chapter_frames(tb_buf *b, const tb_mp3_chapter *ch, size_t n)
{
    tb_buf body;
    tb_buf_init(&body, 0);
    tb_status st = TB_OK;
    for (size_t i = 0; i < n && st == TB_OK; i++) {
        tb_buf_reset(&body);
        char id[16];
        snprintf(id, sizeof id, "ch%zu", i + 1);
        st = tb_buf_add(&body, id, strlen(id) + 1);
        if (st == TB_OK)
            st = be32(&body, (unsigned long)(ch[i].start * 1000.0 + 0.5));
        if (st == TB_OK)
            st = be32(&body, (unsigned long)(ch[i].end * 1000.0 + 0.5));
        if (st == TB_OK)
            st = be32(&body, 0xFFFFFFFFUL); /* byte offsets: unused */
        if (st == TB_OK)
            st = be32(&body, 0xFFFFFFFFUL);
        if (st == TB_OK)
            st = text_frame(&body, "TIT2", ch[i].title);
        if (st == TB_OK)
            st = frame(b, "CHAP", &body);
    }
    tb_buf_free(&body);
    if (st != TB_OK || n == 0)
        return st;
    if (n <= CTOC_MAX_CHILDREN)
        return ctoc_frame(b, "toc", CTOC_TOP_LEVEL | CTOC_ORDERED, "ch", 1, n, NULL);
    size_t groups = (n + CTOC_MAX_CHILDREN - 1) / CTOC_MAX_CHILDREN;
    for (size_t g = 0; g < groups && st == TB_OK; g++) {
        size_t first = g * CTOC_MAX_CHILDREN + 1;
        size_t count = n - (first - 1) < CTOC_MAX_CHILDREN ? n - (first - 1) : CTOC_MAX_CHILDREN;
        char id[24], title[64];
        snprintf(id, sizeof id, "toc%zu", g + 1);
        snprintf(title, sizeof title, "第%zu–%zu节", first, first + count - 1);
        st = ctoc_frame(b, id, CTOC_ORDERED, "ch", first, count, title);
    }
    if (st == TB_OK)
        st = ctoc_frame(b, "toc", CTOC_TOP_LEVEL | CTOC_ORDERED, "toc", 1, groups, NULL);
    return st;
}

static tb_status id3_tag(tb_buf *tag, const tb_mp3_tags *t, const tb_mp3_chapter *ch, size_t n)
{
    tb_buf frames;
    tb_buf_init(&frames, 0);
    tb_status st = text_frame(&frames, "TIT2", t->title);
    if (st == TB_OK)
        st = text_frame(&frames, "TALB", t->album);
    if (st == TB_OK)
        st = text_frame(&frames, "TPE1", t->artist);
    if (st == TB_OK && t->language)
        st = latin1_frame(&frames, "TLAN", t->language);
    if (st == TB_OK && t->date && strlen(t->date) >= 4) {
        char year[5];
        memcpy(year, t->date, 4);
        year[4] = '\0';
        st = latin1_frame(&frames, "TYER", year);
    }
    if (st == TB_OK)
        st = latin1_frame(&frames, "TSSE", "tingbao " TB_VERSION " (LAME)");
    if (st == TB_OK)
        st = chapter_frames(&frames, ch, n);
    if (st == TB_OK) {
        size_t size = frames.len + 1024; /* padding, as taggers expect */
        unsigned char h[10] = {'I', 'D', '3', 3, 0, 0,
                               (unsigned char)((size >> 21) & 0x7F), (unsigned char)((size >> 14) & 0x7F),
                               (unsigned char)((size >> 7) & 0x7F), (unsigned char)(size & 0x7F)};
        st = tb_buf_add(tag, h, 10);
        if (st == TB_OK)
            st = tb_buf_add(tag, frames.data, frames.len);
        for (size_t i = 0; i < 1024 && st == TB_OK; i++)
            st = tb_buf_addc(tag, 0);
    }
    tb_buf_free(&frames);
    return st;
}

tb_status tb_mp3_finish(tb_mp3 *m, const char *path, const tb_mp3_tags *tags,
                        const tb_mp3_chapter *chapters, size_t n_chapters, tb_diag *diag)
{
    if (m->sticky != TB_OK)
        return m->sticky;
    if (n_chapters > TB_MP3_MAX_CHAPTERS) {
        tb_diag_set(diag, path, 0, 0, "more than %d chapters", TB_MP3_MAX_CHAPTERS);
        return TB_ERR_ENCODE;
    }
    tb_status st = drain(m);
    if (st == TB_OK)
        st = put_frames(m, lame_encode_flush(m->gf, m->out, (int)m->out_cap));
    if (st != TB_OK)
        return st;
    unsigned char info[8192];
    size_t info_len = lame_get_lametag_frame(m->gf, info, sizeof info);
    tb_buf tag;
    tb_buf_init(&tag, 0);
    st = id3_tag(&tag, tags, chapters, n_chapters);
    FILE *f = st == TB_OK ? fopen(path, "wb") : NULL;
    if (st == TB_OK && !f) {
        tb_diag_set(diag, path, 0, 0, "cannot create");
        if (diag)
            diag->err = errno;
        st = TB_ERR_IO;
    }
    if (f) {
        int ok = fwrite(tag.data, 1, tag.len, f) == tag.len;
        /* the Info frame replaces the placeholder frame lame wrote first */
        if (ok && info_len)
            ok = fwrite(info, 1, info_len, f) == info_len;
        ok = ok && fflush(m->frames) == 0 && fseek(m->frames, (long)info_len, SEEK_SET) == 0;
        char buf[65536];
        size_t r;
        while (ok && (r = fread(buf, 1, sizeof buf, m->frames)) > 0)
            ok = fwrite(buf, 1, r, f) == r;
        ok = ok && !ferror(m->frames);
        if (fclose(f) != 0)
            ok = 0;
        if (!ok) {
            tb_diag_set(diag, path, 0, 0, "cannot write");
            st = TB_ERR_IO;
        }
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
    tb_enc_resampler_free(m->rs);
    free(m->rs_out);
    if (m->gf)
        lame_close(m->gf);
    if (m->frames)
        fclose(m->frames);
    free(m->out);
    free(m);
}
