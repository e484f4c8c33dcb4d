/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * loudness.h — broadcast loudness for the audio stage: measure integrated
 * loudness and true peak (EBU R 128 / ITU-R BS.1770, through libebur128) and
 * bring speech to a target (podcasts: −16 LUFS, true peak ≤ −1 dBTP) with a
 * gain and a look-ahead peak limiter, leaving headroom for the lossy encoder.
 * Streaming objects, so that memory does not grow with the length of a
 * section; mono float samples in [-1, 1]; knows nothing of codecs.
 *
 * Ownership: _new returns an object that _free releases.
 */
#ifndef TB_LOUDNESS_H
#define TB_LOUDNESS_H

#include <stddef.h>
#include <stdio.h>

#include "base/tb.h"

typedef struct {
    double lufs;      /* integrated loudness, LUFS (-120 for silence) */
    double true_peak; /* true peak, dBTP (-120 for silence) */
} tb_loudness;

/* ---- the targets ---------------------------------------------------- */
/* Podcast loudness (Apple, Spotify): -16 LUFS integrated. */
#define TB_LOUD_TARGET_LUFS -16.0
/* The PCM is aimed 0.2 LU above the target: decoded, the encoders' output
 * measured 0.1 LU (Opus, 32 kb/s) and 0.5 LU (MP3, 64 kb/s) below their input
 * (ffmpeg ebur128 on examples/xilin-0612.txt), so the files land near -16. */
#define TB_LOUD_PCM_TARGET_LUFS (TB_LOUD_TARGET_LUFS + 0.2)
/* Sample peaks before the encoder: room for its overshoot under -1 dBTP
 * (Opus CELT at 32 kb/s measured up to 2.3 dB above its input). */
#define TB_LOUD_CEILING_DB -4.5
/* First guess of the gain the limiter costs at speech levels: 6.6-7.6 dB
 * measured (examples/xilin-0612.txt, the seed page); see render/workers.c. */
#define TB_LOUD_LIMITER_LOSS_DB 6.8

/* ---- measuring -------------------------------------------------------- */
typedef struct tb_meter tb_meter;

/* A meter of integrated loudness, and of true peak when `true_peak` is
 * non-zero (4x oversampling: it costs more than the loudness itself). */
tb_meter *tb_meter_new(int rate, int true_peak);
tb_status tb_meter_add(tb_meter *m, const float *pcm, size_t n);
/* The figures for everything added so far (true_peak -120 when not measured). */
tb_status tb_meter_result(tb_meter *m, tb_loudness *out);
/* The integrated loudness of n meters' audio together (n = 1 or 2; meters of
 * tb_meter_new without true peak: out->true_peak is -120), as if it were one
 * stretch: the gating over all their blocks. TB_ERR_USAGE otherwise. */
tb_status tb_meter_result_of(tb_meter *const *m, size_t n, tb_loudness *out);
void tb_meter_free(tb_meter *m);

/* ---- the loudness of a whole from its parts ------------------------- *
 * An edition's loudness from its sections, each measured on its own (in
 * parallel) and then added up. A part's meter keeps its gating blocks
 * (BS.1770: 400 ms every 100 ms) in bins of 0.01 LU, and its true peak;
 * sums add the bins, so the integrated loudness of the whole is gated over
 * every part's blocks at once, whatever the order the parts are added in.
 * The blocks that would straddle two parts are not counted (sections meet in
 * silence). Within 0.005 LU of the exact gating. */
typedef struct tb_loudness_sum tb_loudness_sum;

/* A meter of one part: loudness blocks and true peak. tb_meter_result gives
 * the part's own figures. */
tb_meter *tb_meter_new_part(int rate);

tb_loudness_sum *tb_loudness_sum_new(void);
/* Add what the part's meter has measured (TB_ERR_USAGE: not a part meter). */
tb_status tb_loudness_sum_add(tb_loudness_sum *s, tb_meter *part);
/* Integrated loudness (-120 when nothing passes the gates) and the highest true peak. */
tb_status tb_loudness_sum_result(const tb_loudness_sum *s, tb_loudness *out);
/* A part's measure kept between renders: written to f (text, exact) by
 * _save, added to a sum from f (read from its start) by _add_saved, the same
 * as tb_loudness_sum_add of the part itself. TB_ERR_IO: f cannot be written;
 * TB_ERR_INPUT: f is not such a measure (nothing added). */
tb_status tb_loudness_part_save(tb_meter *part, FILE *f);
tb_status tb_loudness_sum_add_saved(tb_loudness_sum *s, FILE *f);
void tb_loudness_sum_free(tb_loudness_sum *s);

/* Measure a whole buffer at once. */
tb_status tb_loudness_measure(const float *pcm, size_t n, int rate, tb_loudness *out);

/* ---- limiting --------------------------------------------------------- */
typedef struct tb_limiter tb_limiter;

/* A limiter that multiplies its input by `gain_db` and keeps every output
 * sample within `ceiling_db` dBFS. Its gain never exceeds what a sample
 * needs (no overshoot) and starts falling a 5 ms look-ahead before a peak. */
tb_limiter *tb_limiter_new(int rate, double gain_db, double ceiling_db);

/* Feed n samples; writes the samples that are ready (the output lags the
 * input by tb_limiter_latency samples) to out, which holds at least n, and
 * their count to *n_out. `out` may be `in`. */
void tb_limiter_run(tb_limiter *lim, const float *in, size_t n, float *out, size_t *n_out);

/* At the end of the stream: write the last tb_limiter_latency samples to out. */
void tb_limiter_flush(tb_limiter *lim, float *out, size_t *n_out);

size_t tb_limiter_latency(const tb_limiter *lim);
void tb_limiter_free(tb_limiter *lim);

/* Bring a whole buffer in place to `target_lufs` under `ceiling_db`,
 * correcting for what the limiter takes off; silence is left alone. `out`
 * receives the figures measured on the result. */
tb_status tb_loudness_normalize(float *pcm, size_t n, int rate, double target_lufs,
                                double ceiling_db, tb_loudness *out);

#endif
