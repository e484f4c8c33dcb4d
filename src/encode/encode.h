/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * encode.h — the encode stage: PCM → audio files. One file per section,
 * written while the engine speaks (PCM is streamed, never held whole), then
 * the whole edition built from the finished section files:
 *   - Ogg Opus (our own RFC 7845 writer on libopus and libogg, see
 *     encode_opus.c): each section is encoded once; the
 *     edition file is a remux of the sections' Opus packets into one Ogg
 *     stream (libogg) with a new OpusHead and an OpusTags carrying the
 *     chapters (CHAPTERnnn=HH:MM:SS.mmm, CHAPTERnnnNAME=title), so the edition
 *     costs no second encode;
 *   - WAV or FLAC (libsndfile): lossless, the edition is the sections copied
 *     end to end (chapters then live only in chapters.json).
 * This is the only module that knows Opus, Ogg and libsndfile.
 *
 * Ownership: handles from _new are freed with _free (which also removes
 * nothing from disk: the caller owns the files it named). Tag strings are
 * borrowed for the duration of the call that takes them.
 */
#ifndef TB_ENCODE_H
#define TB_ENCODE_H

#include <stddef.h>
#include <stdint.h>

#include "base/tb.h"

typedef enum { TB_AUDIO_OPUS, TB_AUDIO_WAV, TB_AUDIO_FLAC } tb_audio_format;

/* "opus", "wav", "flac": the file name extension of a format. */
const char *tb_enc_extension(tb_audio_format fmt);
/* Parse "opus"/"wav"/"flac"; TB_ERR_USAGE otherwise. */
tb_status tb_enc_parse_format(const char *name, tb_audio_format *out);

#define TB_ENC_DEFAULT_BITRATE 32000
#define TB_ENC_MIN_BITRATE 6000
#define TB_ENC_MAX_BITRATE 256000
#define TB_ENC_DEFAULT_BANDWIDTH 12000

typedef struct {
    tb_audio_format format;
    int sample_rate; /* of the PCM given to tb_enc_section_write */
    int bitrate;     /* Opus: bits per second, TB_ENC_MIN..MAX_BITRATE */
    int complexity;  /* Opus: 0..10 */
    int bandwidth;   /* Opus: the highest frequency kept, Hz: 8000 (wideband), 12000
                      * (super-wideband) or 20000 (fullband); 0: the default, 12000 */
} tb_enc_settings;

/* Default settings for speech from eSpeak NG (see docs/audio.md for why). */
void tb_enc_settings_default(tb_enc_settings *s, int sample_rate);

/* The tags of one file; any string may be NULL (left out). */
typedef struct {
    const char *title;    /* TITLE */
    const char *album;    /* ALBUM: the edition's headline */
    const char *artist;   /* ARTIST and ORGANIZATION: the publisher */
    const char *date;     /* DATE, YYYY-MM-DD */
    const char *language; /* LANGUAGE, e.g. zh-CN */
    int track, tracks;    /* TRACKNUMBER/TRACKTOTAL when track > 0 */
    /* The Ogg serial number is derived from this string (the render passes
     * the file's key, so that two editions' files never share a serial and
     * chained files stay legal); NULL or "": a fixed serial per track. */
    const char *stream_key;
} tb_enc_tags;

typedef struct tb_enc_section tb_enc_section;

/* Create the file `path` (truncated) for one section. The first error of a
 * streaming handle is sticky: every later call returns it. */
tb_status tb_enc_section_new(const tb_enc_settings *s, const char *path, const tb_enc_tags *tags,
                             tb_enc_section **out, tb_diag *diag);
/* Append n mono samples. */
tb_status tb_enc_section_write(tb_enc_section *e, const int16_t *pcm, size_t n);
/* Flush and close the file; after this only _free is allowed. */
tb_status tb_enc_section_finish(tb_enc_section *e, tb_diag *diag);
/* Release the handle (closing the file unfinished if _finish was not called). */
void tb_enc_section_free(tb_enc_section *e);

/* What tb_enc_edition found, per section, on the edition's timeline. */
typedef struct {
    double start;    /* seconds from the edition's start to the section's first sample */
    double duration; /* seconds of the section file as a player reports it */
} tb_enc_span;

/* Write the whole edition to `path` from the n finished section files, in
 * order. For Opus, chapter i is named titles[i] and starts at spans[i].start.
 * spans (n entries, filled) and *total (the edition's duration in seconds)
 * may be used to time sentences: a sample k of section i sits at
 * spans[i].start + k / sample_rate. */
tb_status tb_enc_edition(const tb_enc_settings *s, const char *path,
                         const char *const *section_paths, const char *const *titles, size_t n,
                         const tb_enc_tags *tags, tb_enc_span *spans, double *total, tb_diag *diag);

/* ---- the Opus timeline, section by section ----
 * What tb_enc_edition computes for the Opus edition, exposed so that a
 * consumer (the MP3 edition) can place each section on the edition's
 * timeline as soon as that section's file is finished, before the edition
 * itself is written. Both use these functions, so the figures are identical. */

/* One finished Ogg Opus section file, as tb_enc_section_finish wrote it. */
typedef struct {
    int pre_skip;    /* P: the encoder delay, 48 kHz samples */
    int64_t samples; /* S: what its audio packets decode to, 48 kHz */
    int64_t granule; /* G: its final granule position (S - G trimmed at the end) */
} tb_enc_opus_info;

/* Read the section file at `path` and fill *info. TB_ERR_ENCODE when it is
 * not a mono Ogg Opus file as the encoder writes them; TB_ERR_IO when it
 * cannot be read. */
tb_status tb_enc_opus_measure(const char *path, tb_enc_opus_info *info, tb_diag *diag);

/* The running clock of the edition: zero it, then add the sections in order. */
typedef struct {
    int64_t offset; /* 48 kHz samples of the packets added so far */
    int first_pre_skip;
    size_t n; /* sections added */
} tb_enc_opus_clock;

/* Add the next section: fills *span (its start on the edition's timeline and
 * its duration as a player reports the section file). */
void tb_enc_opus_clock_add(tb_enc_opus_clock *c, const tb_enc_opus_info *info, tb_enc_span *span);

/* The edition's duration in seconds once every section was added; `last` is
 * the last section added. */
double tb_enc_opus_clock_total(const tb_enc_opus_clock *c, const tb_enc_opus_info *last);

/* ---- the edition as a listener hears it ----
 * Decodes section files as a player decodes the whole-edition file: for
 * Opus every packet of the section (its encoder delay too, which a player of
 * edition.opus hears between two sections), the first section's encoder
 * delay dropped, the last one's end trim applied; for WAV/FLAC the file's
 * samples. So section i's samples lie end to end on the edition's timeline,
 * at tb_enc_decoder_rate(): the edition-level outputs (MP3 edition, edition
 * loudness) are made from them, from the section files alone, and a section
 * kept from an earlier render counts exactly as one encoded now. A decoder
 * may decode the sections in order as one stream, or one section each, in
 * parallel. */
typedef struct tb_enc_decoder tb_enc_decoder;
typedef tb_status (*tb_enc_pcm_fn)(const float *pcm, size_t n, void *ctx);

/* A decoder for files written with settings s. NULL on allocation failure. */
tb_enc_decoder *tb_enc_decoder_new(const tb_enc_settings *s);
void tb_enc_decoder_free(tb_enc_decoder *d);
/* Samples per second of the decoded PCM: Opus at 24 kHz (48 kHz when the
 * bandwidth is above 12 kHz), WAV/FLAC at their own rate. */
int tb_enc_decoder_rate(const tb_enc_decoder *d);
/* Decode a section file to fn(ctx); `first` and `last` are non-zero for the
 * first and the last section of the edition. TB_ERR_ENCODE when the file is
 * not as the encoder writes them; the first status other than TB_OK from fn
 * is returned. */
tb_status tb_enc_decoder_add(tb_enc_decoder *d, const char *path, int first, int last,
                             tb_enc_pcm_fn fn, void *ctx, tb_diag *diag);
/* How many samples at `rate` (tb_enc_decoder_rate) tb_enc_decoder_add gives
 * for the Opus section file described by info: its length on the edition's
 * timeline, known before it is decoded. */
uint64_t tb_enc_opus_decoded(const tb_enc_opus_info *info, int rate, int first, int last);

/* ---- a section heard while it is encoded ----
 * Opus only: every packet the section's encoder makes is decoded by d as it
 * is made, on the thread that writes to (or finishes) the section, and fn(ctx)
 * gets exactly what tb_enc_decoder_add(d, the finished file, first, last,
 * fn, ctx) would give: the same packets through a decoder as fresh as that
 * one, so the same samples. So the edition-level outputs of a section need
 * not wait for its file. d must be new (no section added) and is the
 * section's alone until it is finished. Call before the first
 * tb_enc_section_write; TB_ERR_USAGE for WAV and FLAC. The first status
 * other than TB_OK from fn (or a packet that would not decode: TB_ERR_ENCODE)
 * stops the listening, not the file, and is what tb_enc_section_heard gives
 * (TB_OK else). */
tb_status tb_enc_section_listen(tb_enc_section *e, tb_enc_decoder *d, int first, int last,
                                tb_enc_pcm_fn fn, void *ctx);
tb_status tb_enc_section_heard(const tb_enc_section *e);

/* ---- the edition's timeline, whatever the format ----
 * What the orchestration needs to place finished section files on the
 * edition's timeline without knowing the format. For Opus it is the
 * arithmetic above (tb_enc_opus_*). WAV and FLAC sections are not placed: no
 * edition-level output is timed from them (there is no MP3 edition beside a
 * lossless one), so their measure is empty and their length 0. */

/* Non-zero when an MP3 edition is made beside section files of this format:
 * Opus; the lossless formats are for archiving. */
int tb_enc_has_mp3_edition(const tb_enc_settings *s);

/* The bitrate a listener is told (edition.json): Opus's; 0 for lossless. */
int tb_enc_nominal_bitrate(const tb_enc_settings *s);

/* A finished section file, as the timeline needs it. Filled by
 * tb_enc_file_measure; its fields are encode's own. */
typedef struct {
    tb_enc_opus_info opus;
} tb_enc_file_info;

/* Measure the finished section file `path` (written with settings s). */
tb_status tb_enc_file_measure(const tb_enc_settings *s, const char *path, tb_enc_file_info *info,
                              tb_diag *diag);

/* Its length on the edition's timeline, in samples at `rate`
 * (tb_enc_decoder_rate): what tb_enc_decoder_add will give for it. */
uint64_t tb_enc_file_decoded(const tb_enc_settings *s, const tb_enc_file_info *info, int rate,
                             int first, int last);

/* The running clock of the edition's chapters: zero it, then add the
 * sections in order (span: where the section starts, how long it plays). */
typedef struct {
    tb_enc_opus_clock opus;
} tb_enc_clock;
void tb_enc_clock_add(tb_enc_clock *c, const tb_enc_file_info *info, tb_enc_span *span);
/* The edition's duration in seconds; `last` is the last section added. */
double tb_enc_clock_total(const tb_enc_clock *c, const tb_enc_file_info *last);

#endif
