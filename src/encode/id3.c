/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * id3.c — the ID3v2.3 tag of the MP3 edition, written here (the chapter
 * frames are small and fixed; see the ID3v2 Chapter Frame Addendum). Text
 * frames use UTF-16 with a byte-order mark, which every ID3v2.3 reader
 * understands, so Chinese titles survive. See id3_int.h.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/utf8.h"
#include "encode/id3_int.h"

/* CTOC flags and the most children one CTOC can list (its count is a byte). */
enum { CTOC_ORDERED = 0x01, CTOC_TOP_LEVEL = 0x02, CTOC_MAX_CHILDREN = 255 };

static tb_status be32(tb_buf *b, unsigned long v)
{
    unsigned char x[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16),
                          (unsigned char)(v >> 8), (unsigned char)v};
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
        char id[24]; /* "ch" and a size_t */
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

tb_status tb_enc_id3_tag(tb_buf *tag, const tb_mp3_tags *t, const tb_mp3_chapter *ch, size_t n)
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
        unsigned char h[10] = {'I',
                               'D',
                               '3',
                               3,
                               0,
                               0,
                               (unsigned char)((size >> 21) & 0x7F),
                               (unsigned char)((size >> 14) & 0x7F),
                               (unsigned char)((size >> 7) & 0x7F),
                               (unsigned char)(size & 0x7F)};
        st = tb_buf_add(tag, h, 10);
        if (st == TB_OK)
            st = tb_buf_add(tag, frames.data, frames.len);
        for (size_t i = 0; i < 1024 && st == TB_OK; i++)
            st = tb_buf_addc(tag, 0);
    }
    tb_buf_free(&frames);
    return st;
}
