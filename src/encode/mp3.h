/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mp3.h — the MP3 edition (libmp3lame) for podcast apps that take only MP3,
 * for EPUB and DAISY: mono CBR, a LAME/Info frame for exact duration and
 * gapless playback, and an ID3v2.3 tag with title, album, artist, language,
 * year and the chapters as CHAP frames under one ordered top-level CTOC —
 * or, past 255 chapters (what one CTOC can list), under ordered sub-CTOCs
 * of up to 255 chapters each, listed in order by the top-level CTOC.
 *
 * The edition is encoded in parts, in parallel (below), each into a file of
 * its own; tb_mp3 joins them in a temporary file, so memory stays flat, and
 * tb_mp3_finish writes the tagged file. Ownership: _new returns an object
 * that _free releases (finish does not free it).
 */
#ifndef TB_MP3_H
#define TB_MP3_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/tb.h"

typedef struct tb_mp3 tb_mp3;

/* The MP3 edition's bitrate, kb/s: mono, resampled to 44.1 kHz, what
 * podcast apps expect. */
#define TB_MP3_EDITION_KBPS 64

/* The MP3's rate and the samples of one of its frames (MPEG-1 Layer III). */
#define TB_MP3_RATE 44100
#define TB_MP3_FRAME 1152

/* 255 sub-tables of 255 chapters: what two levels of CTOC can list. */
#define TB_MP3_MAX_CHAPTERS (255 * 255)

typedef struct {
    double start, end; /* seconds */
    const char *title;
} tb_mp3_chapter;

typedef struct {
    const char *title, *album, *artist;
    const char *date;     /* YYYY-MM-DD or NULL */
    const char *language; /* ISO 639-2, e.g. "chi" */
} tb_mp3_tags;

/* ---- parts: the edition encoded in pieces, in parallel ----
 * The edition's timeline (at 44.1 kHz) is cut on MP3 frames of 1152
 * samples. A part is one stretch [start, end) of the timeline, given in
 * samples at its input rate: it owns the frames from the frame start that
 * precedes `start` to the frame start that precedes `end` (the last part: to
 * its end), and is encoded by its own LAME from its own samples, with
 * silence for the up to 26 ms either side of a cut that belong to the
 * neighbour. So the parts must be cut in silence (the render cuts between
 * sections). Every part starts with an empty bit reservoir, so parts joined
 * in order decode as one stream, each frame at its place on the timeline. */
typedef struct tb_mp3_part tb_mp3_part;

/* A part of mono PCM at `rate` Hz, CBR `kbps`, written to `out` from its
 * current position. NULL on failure (*err set). The last part may be opened
 * with end TB_MP3_OPEN_END, when its length is not known yet, and given it
 * with tb_mp3_part_end before it is finished: the same bytes. */
#define TB_MP3_OPEN_END UINT64_MAX
tb_mp3_part *tb_mp3_part_new(int rate, int kbps, uint64_t start, uint64_t end, int last, FILE *out,
                             tb_status *err);
/* The end of a part opened with TB_MP3_OPEN_END; TB_ERR_ENCODE when it was
 * not, or when more than the part's span is encoded already. */
tb_status tb_mp3_part_end(tb_mp3_part *p, uint64_t end);
/* Encode n mono float samples in [-1, 1] (those past the part's span are
 * dropped). Errors are sticky. */
tb_status tb_mp3_part_write(tb_mp3_part *p, const float *pcm, size_t n);
/* Flush: `out` then holds exactly the part's frames (a part short of its
 * span is filled with silence). Reports any error of the part, an earlier
 * write's too, in diag, naming `out` as `name`. */
tb_status tb_mp3_part_finish(tb_mp3_part *p, const char *name, tb_diag *diag);
void tb_mp3_part_free(tb_mp3_part *p);

/* ---- the edition: parts end to end, an Info frame, the tag ---- */

/* The edition of parts made with the same `rate` and `kbps`, written to
 * `path` (created, directly: callers write into a temporary folder) as its
 * parts are added: the room for its ID3v2.3 tag and Info frame is kept at
 * the start, so the frames are written once, where they stay. The tag's
 * size depends on `tags` and on the chapters' count and titles, not on
 * their times, which tb_mp3_finish is given; both are borrowed until then.
 * At most TB_MP3_MAX_CHAPTERS chapters. NULL on failure (*err set, and diag
 * says why). */
tb_mp3 *tb_mp3_new(int rate, int kbps, const char *path, const tb_mp3_tags *tags,
                   const tb_mp3_chapter *chapters, size_t n_chapters, tb_status *err,
                   tb_diag *diag);

/* Append the next part's frames, read from the start of `part`: all of
 * them (tb_mp3_add_part), or exactly the first `frames` (TB_ERR_ENCODE when
 * the part has fewer; 0: none). TB_ERR_IO: the part could not be read, or
 * (diag says so, naming the edition's file) the edition not written. */
#define TB_MP3_ALL_FRAMES UINT64_MAX
tb_status tb_mp3_add_part(tb_mp3 *mp3, FILE *part, tb_diag *diag);
tb_status tb_mp3_add_frames(tb_mp3 *mp3, FILE *part, uint64_t frames, tb_diag *diag);

/* n samples at `rate` as samples at the MP3's 44.1 kHz (rounded). */
uint64_t tb_mp3_samples(int rate, uint64_t n);

/* ---- parts that survive a correction (the render's scheme) ----
 * A section's part is encoded from the section's own samples alone, as a
 * part from 0 to its length with `last` set (every frame LAME writes kept),
 * so its bytes depend on the section's audio only and a re-render can keep
 * it. On the edition's timeline the part starts at the frame nearest the
 * section's start there (`at`, samples at `rate`): tb_mp3_frame_at. So a
 * section lies within half a frame (13 ms) of where the Opus edition has it,
 * whatever came before it, and the part is cut, or its trailing silence
 * frames run on, to where the next one starts; the last part is added whole. */
uint64_t tb_mp3_frame_at(int rate, uint64_t at);

/* Finish the file: its tag (the chapters now with their times: the same
 * count and titles as given to tb_mp3_new), its Info frame (LAME's, with the
 * exact length: `samples` at 44.1 kHz, where the last part ends:
 * tb_mp3_samples), in the room kept for them. */
tb_status tb_mp3_finish(tb_mp3 *mp3, uint64_t samples, const tb_mp3_chapter *chapters,
                        tb_diag *diag);

void tb_mp3_free(tb_mp3 *mp3);

#endif
