/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * encode_resample.c — the engine's PCM (22050 Hz) to Opus' 48 kHz for the
 * Ogg Opus writer (encode_opus.c), through libsoxr (the SoX resampler
 * library): its default "high quality" (20-bit precision, pass band to 91 %
 * of the lower Nyquist frequency, linear phase), one thread.
 *
 * Why libsoxr: speexdsp's resampler, which libopusenc bundles, is built by
 * Debian without its full sinc table, so for 22050 → 48000 it interpolates
 * its filter for every tap: a fifth of a whole render's CPU (perf). libsoxr
 * does the same job in a small fraction of that (docs/performance.md).
 *
 * Timing: libsoxr removes its own filter delay, so output sample j is the
 * signal at input time j * in / out; output appears once the input it needs
 * has arrived, so to flush, feed zeros. Deterministic: the same input gives
 * the same output (one thread; the filter depends only on the rates).
 */
#include <soxr.h>
#include <stdlib.h>

#include "encode/encode_int.h"

struct tb_enc_resampler {
    soxr_t soxr;
};

tb_enc_resampler *tb_enc_resampler_new(int in_rate, int out_rate)
{
    if (in_rate <= 0 || out_rate <= 0)
        return NULL;
    tb_enc_resampler *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    soxr_error_t err = NULL;
    soxr_io_spec_t io = soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I);
    soxr_quality_spec_t q = soxr_quality_spec(SOXR_HQ, 0);
    soxr_runtime_spec_t rt = soxr_runtime_spec(1);
    r->soxr = soxr_create(in_rate, out_rate, 1, &err, &io, &q, &rt);
    if (!r->soxr || err) {
        tb_enc_resampler_free(r);
        return NULL;
    }
    return r;
}

void tb_enc_resampler_free(tb_enc_resampler *r)
{
    if (!r)
        return;
    if (r->soxr)
        soxr_delete(r->soxr);
    free(r);
}

tb_status tb_enc_resample(tb_enc_resampler *r, const float *in, size_t *in_len, float *out,
                          size_t *out_len)
{
    size_t idone = 0, odone = 0;
    soxr_error_t err = soxr_process(r->soxr, in, *in_len, &idone, out, *out_len, &odone);
    if (err || (idone == 0 && odone == 0 && *in_len > 0 && *out_len > 0))
        return TB_ERR_ENCODE; /* a failure, or no progress at all: never loop for ever */
    *in_len = idone;
    *out_len = odone;
    return TB_OK;
}

tb_status tb_enc_resample_drain(tb_enc_resampler *r, float *out, size_t *out_len)
{
    size_t odone = 0;
    soxr_error_t err = soxr_process(r->soxr, NULL, 0, NULL, out, *out_len, &odone);
    *out_len = odone;
    return err ? TB_ERR_ENCODE : TB_OK;
}
