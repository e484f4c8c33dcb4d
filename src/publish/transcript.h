/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * transcript.h — the timed transcript of an edition: WebVTT (one cue per
 * sentence, numbered, section titles as NOTE blocks) and SubRip. Written
 * from the manifest's timings, never by synthesising again.
 */
#ifndef TB_TRANSCRIPT_H
#define TB_TRANSCRIPT_H

#include "base/buf.h"
#include "publish/manifest.h"

/* Append the WebVTT transcript of m to out. Cues are in order and never
 * overlap (a cue ends where the next begins, at the latest). */
tb_status tb_transcript_vtt(const tb_manifest *m, tb_buf *out);

/* WebVTT pieces, for the other VTT files (chapters): a time as
 * HH:MM:SS.mmm, and cue text with the reserved characters escaped, on one line. */
tb_status tb_vtt_add_time(tb_buf *b, long long ms);
tb_status tb_vtt_add_text(tb_buf *b, const char *s);

/* Append the same transcript as SubRip (.srt). */
tb_status tb_transcript_srt(const tb_manifest *m, tb_buf *out);

#endif
