/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mp3.h — the MP3 edition (libmp3lame) for podcast apps that take only MP3,
 * for EPUB and DAISY: mono CBR, a LAME/Info frame for exact duration and
 * gapless playback, and an ID3v2.3 tag with title, album, artist, language,
 * year and the chapters as CHAP frames under one ordered top-level CTOC —
 * or, past 255 chapters (what one CTOC can list), under ordered sub-CTOCs
 * of up to 255 chapters each, listed in order by the top-level CTOC.
 *
 * Frames are kept in a temporary file while encoding, so memory stays flat;
 * tb_mp3_finish assembles the tagged file. Ownership: tb_mp3_new returns an
 * encoder that tb_mp3_free releases (finish does not free it).
 */
#ifndef TB_MP3_H
#define TB_MP3_H

#include <stddef.h>

#include "tb.h"

typedef struct tb_mp3 tb_mp3;

/* 255 sub-tables of 255 chapters: what two levels of CTOC can list. */
#define TB_MP3_MAX_CHAPTERS (255 * 255)

typedef struct {
    double start, end;  /* seconds */
    const char *title;
} tb_mp3_chapter;

typedef struct {
    const char *title, *album, *artist;
    const char *date;      /* YYYY-MM-DD or NULL */
    const char *language;  /* ISO 639-2, e.g. "chi" */
} tb_mp3_tags;

/* An encoder for mono PCM at `rate` Hz, CBR `kbps`. NULL on failure (*err set). */
tb_mp3 *tb_mp3_new(int rate, int kbps, tb_status *err);

/* Encode n mono float samples in [-1, 1]. Errors are sticky. */
tb_status tb_mp3_write(tb_mp3 *mp3, const float *pcm, size_t n);

/* Flush and write the file at `path` (directly; callers write into a
 * temporary folder): ID3v2.3 tag, Info frame, audio. At most
 * TB_MP3_MAX_CHAPTERS chapters (else TB_ERR_ENCODE). */
tb_status tb_mp3_finish(tb_mp3 *mp3, const char *path, const tb_mp3_tags *tags,
                        const tb_mp3_chapter *chapters, size_t n_chapters, tb_diag *diag);

void tb_mp3_free(tb_mp3 *mp3);

#endif
