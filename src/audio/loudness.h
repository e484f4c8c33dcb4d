/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * loudness.h — broadcast loudness for the audio stage: measure integrated
 * loudness and true peak (EBU R 128 / ITU-R BS.1770, through libebur128) and
 * bring a section's PCM to a target (podcasts: −16 LUFS, true peak ≤ −1 dBTP)
 * with a look-ahead peak limiter, leaving headroom for the lossy encoder.
 * Works on mono float samples in [-1, 1]; knows nothing of codecs.
 */
#ifndef TB_LOUDNESS_H
#define TB_LOUDNESS_H

#include <stddef.h>

#include "tb.h"

typedef struct {
    double lufs;       /* integrated loudness, LUFS (-70 or lower for silence) */
    double true_peak;  /* true peak, dBTP */
    double gain_db;    /* gain applied before the limiter */
} tb_loudness;

/* Measure pcm[0..n) at `rate` Hz. */
tb_status tb_loudness_measure(const float *pcm, size_t n, int rate, tb_loudness *out);

/* Bring pcm[0..n) in place to `target_lufs`, limiting sample peaks to
 * `ceiling_db` dBFS (choose it below the true-peak limit to leave room for
 * inter-sample peaks and codec overshoot). Silence is left as it is.
 * `out` receives the figures measured on the result. */
tb_status tb_loudness_normalize(float *pcm, size_t n, int rate, double target_lufs,
                                double ceiling_db, tb_loudness *out);

#endif
