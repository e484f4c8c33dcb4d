/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * loudness.c — measurement through libebur128 and a look-ahead limiter.
 *
 * The limiter: for every sample the gain that keeps it under the ceiling is
 * g_req[t]; h[t] is the minimum of g_req over the next L samples, slowed on
 * its way back up (release); the applied gain is the mean of h over the last
 * L samples. Every h in that mean covers sample t, so the applied gain never
 * exceeds g_req[t]: no sample passes the ceiling, and the gain moves smoothly
 * (it starts falling L samples before a peak). Sliding minimum with a
 * monotonic deque, running sum for the mean: O(n) overall.
 */
#include "audio/loudness.h"

#include <ebur128.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

tb_status tb_loudness_measure(const float *pcm, size_t n, int rate, tb_loudness *out)
{
    ebur128_state *st = ebur128_init(1, (unsigned long)rate, EBUR128_MODE_I | EBUR128_MODE_TRUE_PEAK);
    if (!st)
        return TB_ERR_NOMEM;
    tb_status res = TB_OK;
    const size_t chunk = 65536;
    for (size_t i = 0; i < n && res == TB_OK; i += chunk)
        if (ebur128_add_frames_float(st, pcm + i, n - i < chunk ? n - i : chunk) != EBUR128_SUCCESS)
            res = TB_ERR_ENCODE;
    double lufs = -HUGE_VAL, peak = 0;
    if (res == TB_OK && (ebur128_loudness_global(st, &lufs) != EBUR128_SUCCESS ||
                         ebur128_true_peak(st, 0, &peak) != EBUR128_SUCCESS))
        res = TB_ERR_ENCODE;
    ebur128_destroy(&st);
    if (res != TB_OK)
        return res;
    out->lufs = isfinite(lufs) ? lufs : -120.0;
    out->true_peak = peak > 0 ? 20.0 * log10(peak) : -120.0;
    out->gain_db = 0;
    return TB_OK;
}

/* Apply `gain` then the limiter to src → dst (may be the same buffer). */
static tb_status gain_and_limit(const float *src, float *dst, size_t n, int rate, double gain,
                                double ceiling)
{
    size_t L = (size_t)(rate * 0.005); /* 5 ms look-ahead */
    if (L < 2)
        L = 2;
    double rel = 1.0 / (rate * 0.080); /* gain may rise by its full range in 80 ms */
    /* ring buffers: the deque of (index) for the sliding min, the last L h values */
    size_t *dq = malloc((L + 1) * sizeof *dq);
    double *req = malloc((L + 1) * sizeof *req);
    double *hist = malloc(L * sizeof *hist);
    float *delay = malloc(L * sizeof *delay);
    if (!dq || !req || !hist || !delay) {
        free(dq);
        free(req);
        free(hist);
        free(delay);
        return TB_ERR_NOMEM;
    }
    size_t qh = 0, qn = 0; /* deque head and length, indices into dq modulo L+1 */
    double sum = 0, h_prev = 1.0;
    for (size_t i = 0; i < L; i++)
        hist[i] = 1.0;
    sum = (double)L;
    /* t runs over input positions; the output for sample t - (L-1) is made at t */
    for (size_t t = 0; t < n + L - 1; t++) {
        double x = t < n ? src[t] * gain : 0.0;
        double g = fabs(x) > ceiling ? ceiling / fabs(x) : 1.0;
        req[t % (L + 1)] = g;
        /* push t, popping larger values from the back */
        while (qn && req[dq[(qh + qn - 1) % (L + 1)] % (L + 1)] >= g)
            qn--;
        dq[(qh + qn) % (L + 1)] = t;
        qn++;
        if (t + 1 < L) {
            delay[t % L] = (float)x;
            continue;
        }
        size_t out_t = t + 1 - L; /* window [out_t, t] */
        while (dq[qh] < out_t) {
            qh = (qh + 1) % (L + 1);
            qn--;
        }
        double h = req[dq[qh] % (L + 1)];
        if (h > h_prev + rel)
            h = h_prev + rel; /* release */
        h_prev = h;
        sum += h - hist[out_t % L];
        hist[out_t % L] = h;
        double applied = sum / (double)L;
        float in = delay[out_t % L];
        if (t < n)
            delay[t % L] = (float)x;
        if (out_t < n) {
            double y = in * applied;
            if (y > ceiling) /* rounding guard */
                y = ceiling;
            else if (y < -ceiling)
                y = -ceiling;
            dst[out_t] = (float)y;
        }
    }
    free(dq);
    free(req);
    free(hist);
    free(delay);
    return TB_OK;
}

tb_status tb_loudness_normalize(float *pcm, size_t n, int rate, double target_lufs,
                                double ceiling_db, tb_loudness *out)
{
    tb_loudness m;
    tb_status st = tb_loudness_measure(pcm, n, rate, &m);
    if (st != TB_OK)
        return st;
    if (m.lufs < -69.0) { /* silence or nearly: nothing to bring up */
        *out = m;
        return TB_OK;
    }
    float *work = malloc((n ? n : 1) * sizeof *work);
    if (!work)
        return TB_ERR_NOMEM;
    double ceiling = pow(10.0, ceiling_db / 20.0);
    double gain_db = target_lufs - m.lufs;
    /* the limiter takes a little loudness off: correct twice, then keep the result */
    for (int pass = 0; pass < 3; pass++) {
        st = gain_and_limit(pcm, work, n, rate, pow(10.0, gain_db / 20.0), ceiling);
        if (st == TB_OK)
            st = tb_loudness_measure(work, n, rate, &m);
        if (st != TB_OK || fabs(m.lufs - target_lufs) < 0.1)
            break;
        gain_db += target_lufs - m.lufs;
        if (gain_db > 40.0)
            gain_db = 40.0;
    }
    if (st == TB_OK) {
        memcpy(pcm, work, n * sizeof *pcm);
        m.gain_db = gain_db;
        *out = m;
    }
    free(work);
    return st;
}
