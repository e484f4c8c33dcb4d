/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * encode_resample.c — the engine's PCM (22050 Hz) to Opus' 48 kHz, for the
 * Ogg Opus writer (encode_opus.c): a polyphase windowed-sinc filter whose
 * every phase is computed once, so one output sample costs one 80-tap dot
 * product.
 *
 * Why not speexdsp alone: its resampler at quality 5 computes the same kind
 * of filter, but Debian builds it without RESAMPLE_FULL_SINC_TABLE, so for
 * 22050 → 48000 (320 phases) it interpolates four oversampled taps per
 * coefficient — 4x the work, and a fifth of a whole render's CPU. The filter
 * here has speexdsp quality 5's shape (80 taps, Kaiser window, pass band to
 * 94 % of the lower Nyquist frequency); rates whose table would be too big
 * (an odd rate against 48000 has up to 48000 phases) go to speexdsp.
 *
 * Timing: output sample j is the signal at input time j * in / out (no
 * delay): the filter is centred on it, with zeros before the first input
 * sample. Deterministic: the table is a pure function of the two rates.
 */
#include <math.h>
#include <speex/speex_resampler.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "encode_int.h"

#define TAPS 80              /* per phase, when upsampling (speexdsp quality 5) */
#define PASS 0.94            /* pass band, a fraction of the lower Nyquist frequency */
#define KAISER_BETA 10.0
#define MAX_TABLE (1 << 18)  /* floats: 1 MiB; beyond it, speexdsp */
#define SPEEX_QUALITY 5
#define BLOCK 1024           /* input kept beyond the filter's span */

struct tb_enc_resampler {
    int up, down;            /* out = in * up / down, in lowest terms */
    int taps;                /* a multiple of 4 */
    float *table;            /* up phases x taps; NULL with speexdsp */
    float *buf;              /* input, buffer index = input index + taps/2 - 1 */
    size_t cap, fill;
    size_t pos;              /* buffer index of the next output's first tap */
    int phase;               /* of the next output: its time is pos + taps/2 - 1 + phase/up */
    SpeexResamplerState *speex;
};

static long gcd(long a, long b)
{
    while (b) {
        long t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/* The modified Bessel function of the first kind, order 0 (its series). */
static double bessel_i0(double x)
{
    double sum = 1, term = 1, q = x * x / 4;
    for (int k = 1; k < 64 && term > sum * 1e-17; k++) {
        term *= q / ((double)k * k);
        sum += term;
    }
    return sum;
}

/* Phase p's taps: the windowed sinc sampled at distances k - taps/2 + 1 - p/up
 * from the output's time, in input samples, each phase scaled to unit gain
 * at 0 Hz. `fc` is the cut-off as a fraction of the input's Nyquist frequency. */
static int make_table(float *t, int up, int taps, double fc)
{
    double half = taps / 2.0, i0beta = bessel_i0(KAISER_BETA);
    double *h = malloc((size_t)taps * sizeof *h);
    if (!h)
        return 0;
    for (int p = 0; p < up; p++) {
        double sum = 0;
        for (int k = 0; k < taps; k++) {
            double d = k - half + 1 - (double)p / up;
            double x = d / half, w = x * x < 1 ? bessel_i0(KAISER_BETA * sqrt(1 - x * x)) / i0beta : 0;
            double s = fabs(d) < 1e-12 ? 1 : sin(M_PI * fc * d) / (M_PI * fc * d);
            h[k] = fc * s * w;
            sum += h[k];
        }
        for (int k = 0; k < taps; k++)
            t[(size_t)p * (size_t)taps + (size_t)k] = (float)(h[k] / sum);
    }
    free(h);
    return 1;
}

tb_enc_resampler *tb_enc_resampler_new(int in_rate, int out_rate)
{
    if (in_rate <= 0 || out_rate <= 0)
        return NULL;
    tb_enc_resampler *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    long g = gcd(in_rate, out_rate);
    r->up = (int)(out_rate / g);
    r->down = (int)(in_rate / g);
    /* downsampling: the cut-off falls to the output's Nyquist, the filter
     * lengthens in proportion (as speexdsp does) */
    double fc = PASS * (r->down > r->up ? (double)r->up / r->down : 1.0);
    double len = TAPS * (r->down > r->up ? (double)r->down / r->up : 1.0);
    r->taps = ((int)ceil(len) + 3) / 4 * 4;
    if ((double)r->up * r->taps > MAX_TABLE) {
        int err = 0;
        r->speex = speex_resampler_init(1, (spx_uint32_t)in_rate, (spx_uint32_t)out_rate,
                                        SPEEX_QUALITY, &err);
        if (!r->speex || speex_resampler_skip_zeros(r->speex) != RESAMPLER_ERR_SUCCESS) {
            tb_enc_resampler_free(r);
            return NULL;
        }
        return r;
    }
    r->table = malloc((size_t)r->up * (size_t)r->taps * sizeof *r->table);
    r->cap = (size_t)r->taps + BLOCK;
    r->buf = calloc(r->cap, sizeof *r->buf);
    if (!r->table || !r->buf || !make_table(r->table, r->up, r->taps, fc)) {
        tb_enc_resampler_free(r);
        return NULL;
    }
    r->fill = (size_t)r->taps / 2 - 1; /* the zeros before the first sample */
    return r;
}

void tb_enc_resampler_free(tb_enc_resampler *r)
{
    if (!r)
        return;
    if (r->speex)
        speex_resampler_destroy(r->speex);
    free(r->table);
    free(r->buf);
    free(r);
}

static float dot(const float *h, const float *x, int n)
{
    float a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    for (int k = 0; k < n; k += 4) {
        a0 += h[k] * x[k];
        a1 += h[k + 1] * x[k + 1];
        a2 += h[k + 2] * x[k + 2];
        a3 += h[k + 3] * x[k + 3];
    }
    return (a0 + a1) + (a2 + a3);
}

tb_status tb_enc_resample(tb_enc_resampler *r, const float *in, size_t *in_len, float *out,
                          size_t *out_len)
{
    if (r->speex) {
        spx_uint32_t il = *in_len > UINT32_MAX ? UINT32_MAX : (spx_uint32_t)*in_len;
        spx_uint32_t ol = *out_len > UINT32_MAX ? UINT32_MAX : (spx_uint32_t)*out_len;
        int err = speex_resampler_process_float(r->speex, 0, in, &il, out, &ol);
        *in_len = il;
        *out_len = ol;
        return err == RESAMPLER_ERR_SUCCESS ? TB_OK : TB_ERR_ENCODE;
    }
    size_t used = 0, made = 0, out_cap = *out_len, taps = (size_t)r->taps;
    for (;;) {
        while (made < out_cap && r->pos + taps <= r->fill) {
            out[made++] = dot(r->table + (size_t)r->phase * taps, r->buf + r->pos, r->taps);
            r->phase += r->down;
            r->pos += (size_t)(r->phase / r->up);
            r->phase %= r->up;
        }
        if (made == out_cap || used == *in_len)
            break;
        if (r->fill == r->cap) { /* drop what no later output needs */
            size_t drop = r->pos < r->fill ? r->pos : r->fill;
            memmove(r->buf, r->buf + drop, (r->fill - drop) * sizeof *r->buf);
            r->fill -= drop;
            r->pos -= drop;
        }
        size_t k = r->cap - r->fill < *in_len - used ? r->cap - r->fill : *in_len - used;
        memcpy(r->buf + r->fill, in + used, k * sizeof *in);
        r->fill += k;
        used += k;
    }
    *in_len = used;
    *out_len = made;
    return TB_OK;
}
