/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * loudness.c — measurement through libebur128 and a look-ahead limiter.
 *
 * The limiter: for every sample the gain that keeps it under the ceiling is
 * g_req[t]; h[t] is the minimum of g_req over the L samples from t on,
 * slowed on its way back up (release); the applied gain at t is the mean of
 * h over the L values ending at t. Every h in that mean has t in its window,
 * so the applied gain never exceeds g_req[t]: no sample passes the ceiling,
 * and the gain falls smoothly, L samples ahead of a peak. Sliding minimum
 * with a monotonic deque and a running sum: O(1) per sample.
 */
#include "audio/loudness.h"

#include <ebur128.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The gating blocks of a part (tb_meter_new_part): their loudness in bins of
 * 0.01 LU from the absolute gate (-70 LUFS) up; louder blocks go to the top
 * bin. Counts, so that adding parts does not depend on their order. */
#define GATE_FLOOR -70.0
#define GATE_BINS 8000
#define GATE_STEP 0.01

struct tb_meter {
    ebur128_state *st;
    int true_peak;
    tb_status sticky;
    /* a part: the momentary loudness read at every 100 ms step is the
     * loudness of the 400 ms gating block that ends there (BS.1770) */
    uint32_t *bins;       /* NULL: not a part */
    size_t step, in_step; /* samples per 100 ms; of the current step so far */
    uint64_t steps;       /* completed */
};

struct tb_loudness_sum {
    uint64_t bins[GATE_BINS];
    double peak; /* the highest true peak of the parts, linear */
};

tb_meter *tb_meter_new(int rate, int true_peak)
{
    tb_meter *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->true_peak = true_peak;
    /* HISTOGRAM: the gating blocks go to fixed bins instead of a list that
     * grows by ten entries per second of audio (tens of MB for a book). */
    m->st = ebur128_init(1, (unsigned long)rate,
                         EBUR128_MODE_I | EBUR128_MODE_HISTOGRAM |
                             (true_peak ? EBUR128_MODE_TRUE_PEAK : 0));
    if (!m->st) {
        free(m);
        return NULL;
    }
    return m;
}

tb_meter *tb_meter_new_part(int rate)
{
    tb_meter *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->true_peak = 1;
    m->step = ((size_t)rate + 5) / 10; /* as libebur128 counts 100 ms */
    m->bins = calloc(GATE_BINS, sizeof *m->bins);
    m->st = ebur128_init(1, (unsigned long)rate, EBUR128_MODE_M | EBUR128_MODE_TRUE_PEAK);
    if (!m->bins || !m->st) {
        tb_meter_free(m);
        return NULL;
    }
    return m;
}

/* The block that ends at this step, into its bin (a part's meter). */
static void gate_block(tb_meter *m)
{
    double l;
    if (++m->steps < 4) /* the first block ends at 400 ms */
        return;
    if (ebur128_loudness_momentary(m->st, &l) != EBUR128_SUCCESS) {
        m->sticky = TB_ERR_ENCODE;
        return;
    }
    if (!(l > GATE_FLOOR)) /* the absolute gate; also -inf for silence */
        return;
    double b = (l - GATE_FLOOR) / GATE_STEP;
    m->bins[b < GATE_BINS - 1 ? (size_t)b : GATE_BINS - 1]++;
}

tb_status tb_meter_add(tb_meter *m, const float *pcm, size_t n)
{
    while (m->sticky == TB_OK && n > 0) {
        size_t k = n;
        if (m->bins && k > m->step - m->in_step)
            k = m->step - m->in_step;
        if (ebur128_add_frames_float(m->st, pcm, k) != EBUR128_SUCCESS) {
            m->sticky = TB_ERR_ENCODE;
            break;
        }
        pcm += k;
        n -= k;
        if (m->bins && (m->in_step += k) == m->step) {
            m->in_step = 0;
            gate_block(m);
        }
    }
    return m->sticky;
}

tb_status tb_meter_result(tb_meter *m, tb_loudness *out)
{
    if (m->bins) { /* a part: its figures are its sum's */
        tb_loudness_sum *one = tb_loudness_sum_new();
        tb_status st = one ? tb_loudness_sum_add(one, m) : TB_ERR_NOMEM;
        if (st == TB_OK)
            st = tb_loudness_sum_result(one, out);
        tb_loudness_sum_free(one);
        return st;
    }
    double lufs = -HUGE_VAL, peak = 0;
    if (m->sticky == TB_OK &&
        (ebur128_loudness_global(m->st, &lufs) != EBUR128_SUCCESS ||
         (m->true_peak && ebur128_true_peak(m->st, 0, &peak) != EBUR128_SUCCESS)))
        m->sticky = TB_ERR_ENCODE;
    if (m->sticky != TB_OK)
        return m->sticky;
    out->lufs = isfinite(lufs) && lufs > -120.0 ? lufs : -120.0;
    out->true_peak = peak > 1e-6 ? 20.0 * log10(peak) : -120.0;
    return TB_OK;
}

tb_status tb_meter_result_of(tb_meter *const *m, size_t n, tb_loudness *out)
{
    ebur128_state *st[2];
    if (n == 0 || n > sizeof st / sizeof st[0])
        return TB_ERR_USAGE;
    for (size_t i = 0; i < n; i++) {
        if (m[i]->bins || m[i]->true_peak)
            return TB_ERR_USAGE;
        if (m[i]->sticky != TB_OK)
            return m[i]->sticky;
        st[i] = m[i]->st;
    }
    double lufs = -HUGE_VAL;
    if (ebur128_loudness_global_multiple(st, n, &lufs) != EBUR128_SUCCESS)
        return TB_ERR_ENCODE;
    out->lufs = isfinite(lufs) && lufs > -120.0 ? lufs : -120.0;
    out->true_peak = -120.0;
    return TB_OK;
}

void tb_meter_free(tb_meter *m)
{
    if (!m)
        return;
    if (m->st)
        ebur128_destroy(&m->st);
    free(m->bins);
    free(m);
}

tb_loudness_sum *tb_loudness_sum_new(void)
{
    return calloc(1, sizeof(tb_loudness_sum));
}

/* A finished part's true peak, once its measurement is known to be sound. */
static tb_status part_peak(tb_meter *part, double *peak)
{
    *peak = 0;
    if (!part->bins)
        return TB_ERR_USAGE;
    if (part->sticky == TB_OK && ebur128_true_peak(part->st, 0, peak) != EBUR128_SUCCESS)
        part->sticky = TB_ERR_ENCODE;
    return part->sticky;
}

tb_status tb_loudness_sum_add(tb_loudness_sum *s, tb_meter *part)
{
    double peak;
    tb_status st = part_peak(part, &peak);
    if (st != TB_OK)
        return st;
    for (size_t b = 0; b < GATE_BINS; b++)
        s->bins[b] += part->bins[b];
    if (peak > s->peak)
        s->peak = peak;
    return TB_OK;
}

/* The kept form of a part: a header line, the true peak as a hexadecimal
 * float (exact), then "BIN COUNT" for every bin that is not empty. */
#define PART_MAGIC "tingbao loudness part 1"

tb_status tb_loudness_part_save(tb_meter *part, FILE *f)
{
    double peak;
    tb_status st = part_peak(part, &peak);
    if (st != TB_OK)
        return st;
    int ok = fprintf(f, "%s\n%a\n", PART_MAGIC, peak) > 0;
    for (size_t b = 0; ok && b < GATE_BINS; b++)
        if (part->bins[b])
            ok = fprintf(f, "%zu %u\n", b, (unsigned)part->bins[b]) > 0;
    return ok ? TB_OK : TB_ERR_IO;
}

tb_status tb_loudness_sum_add_saved(tb_loudness_sum *s, FILE *f)
{
    char line[64];
    double peak;
    if (!fgets(line, sizeof line, f) || strcmp(line, PART_MAGIC "\n") ||
        fscanf(f, "%la", &peak) != 1 || !(peak >= 0))
        return TB_ERR_INPUT;
    uint32_t *bins = calloc(GATE_BINS, sizeof *bins);
    if (!bins)
        return TB_ERR_NOMEM;
    size_t b;
    unsigned n;
    int got;
    while ((got = fscanf(f, "%zu %u", &b, &n)) == 2 && b < GATE_BINS)
        bins[b] = n;
    tb_status st = got == EOF && !ferror(f) ? TB_OK : TB_ERR_INPUT;
    for (size_t k = 0; st == TB_OK && k < GATE_BINS; k++)
        s->bins[k] += bins[k];
    if (st == TB_OK && peak > s->peak)
        s->peak = peak;
    free(bins);
    return st;
}

/* Mean energy of the blocks in bins from..GATE_BINS-1 (bin centres), and
 * how many there are. */
static double gate_mean(const tb_loudness_sum *s, size_t from, uint64_t *count)
{
    double sum = 0;
    *count = 0;
    for (size_t b = from; b < GATE_BINS; b++) {
        if (!s->bins[b])
            continue;
        double l = GATE_FLOOR + ((double)b + 0.5) * GATE_STEP;
        sum += (double)s->bins[b] * pow(10.0, (l + 0.691) / 10.0);
        *count += s->bins[b];
    }
    return *count ? sum / (double)*count : 0;
}

tb_status tb_loudness_sum_result(const tb_loudness_sum *s, tb_loudness *out)
{
    uint64_t n;
    double e = gate_mean(s, 0, &n);
    out->lufs = -120.0;
    if (n) { /* the relative gate: 10 LU under the loudness of the blocks above -70 */
        double rel = -0.691 + 10.0 * log10(e) - 10.0,
               b = ceil((rel - GATE_FLOOR) / GATE_STEP - 0.5);
        e = gate_mean(s, b > 0 ? (size_t)b : 0, &n);
        if (n)
            out->lufs = -0.691 + 10.0 * log10(e);
    }
    out->true_peak = s->peak > 1e-6 ? 20.0 * log10(s->peak) : -120.0;
    return TB_OK;
}

void tb_loudness_sum_free(tb_loudness_sum *s)
{
    free(s);
}

tb_status tb_loudness_measure(const float *pcm, size_t n, int rate, tb_loudness *out)
{
    tb_meter *m = tb_meter_new(rate, 1);
    if (!m)
        return TB_ERR_NOMEM;
    tb_status st = tb_meter_add(m, pcm, n);
    if (st == TB_OK)
        st = tb_meter_result(m, out);
    tb_meter_free(m);
    return st;
}

struct tb_limiter {
    size_t L; /* look-ahead, samples (>= 2) */
    double gain, ceiling, release;
    size_t t; /* samples taken in so far */
    /* the smallest required gain in the window: a deque of (position,
     * gain), gains rising from the head, ring of L + 1 */
    size_t *dq_t;
    double *dq_g;
    size_t qh, qn;
    size_t di;    /* t % L, kept by counting: no division per sample */
    double *hist; /* last L values of h, ring of L */
    float *delay; /* last L inputs (after gain), ring of L */
    double sum, h_prev;
};

tb_limiter *tb_limiter_new(int rate, double gain_db, double ceiling_db)
{
    tb_limiter *l = calloc(1, sizeof *l);
    if (!l)
        return NULL;
    l->L = (size_t)(rate * 0.005);
    if (l->L < 2)
        l->L = 2;
    l->gain = pow(10.0, gain_db / 20.0);
    l->ceiling = pow(10.0, ceiling_db / 20.0);
    l->release = 1.0 / (rate * 0.080); /* the gain may rise by its full range in 80 ms */
    l->dq_t = malloc((l->L + 1) * sizeof *l->dq_t);
    l->dq_g = malloc((l->L + 1) * sizeof *l->dq_g);
    l->hist = malloc(l->L * sizeof *l->hist);
    l->delay = calloc(l->L, sizeof *l->delay);
    if (!l->dq_t || !l->dq_g || !l->hist || !l->delay) {
        tb_limiter_free(l);
        return NULL;
    }
    for (size_t i = 0; i < l->L; i++)
        l->hist[i] = 1.0;
    l->sum = (double)l->L;
    l->h_prev = 1.0;
    return l;
}

size_t tb_limiter_latency(const tb_limiter *l)
{
    return l->L - 1;
}

/* Take one input value x (already gained); return 1 and set *y when an
 * output sample is ready. */
static int step(tb_limiter *l, double x, float *y)
{
    const size_t L = l->L, cap = L + 1;
    const size_t t = l->t++;
    const double g = fabs(x) > l->ceiling ? l->ceiling / fabs(x) : 1.0;
    while (l->qn) { /* entries needing no less than g can never be the minimum again */
        size_t back = l->qh + l->qn - 1;
        if (back >= cap)
            back -= cap;
        if (l->dq_g[back] < g)
            break;
        l->qn--;
    }
    size_t pos = l->qh + l->qn;
    if (pos >= cap)
        pos -= cap;
    l->dq_t[pos] = t;
    l->dq_g[pos] = g;
    l->qn++;
    const size_t di = l->di, next = di + 1 == L ? 0 : di + 1; /* t % L, (t + 1) % L */
    l->di = next;
    if (t + 1 < L) {
        l->delay[di] = (float)x;
        return 0;
    }
    const size_t out_t = t + 1 - L; /* the window is [out_t, t]; out_t % L == next */
    while (l->dq_t[l->qh] < out_t) {
        l->qh = l->qh + 1 == cap ? 0 : l->qh + 1;
        l->qn--;
    }
    double h = l->dq_g[l->qh];
    if (h > l->h_prev + l->release)
        h = l->h_prev + l->release;
    l->h_prev = h;
    l->sum += h - l->hist[next];
    l->hist[next] = h;
    double v = l->delay[next] * (l->sum / (double)L);
    l->delay[di] = (float)x;
    if (v > l->ceiling) /* rounding guard */
        v = l->ceiling;
    else if (v < -l->ceiling)
        v = -l->ceiling;
    *y = (float)v;
    return 1;
}

void tb_limiter_run(tb_limiter *l, const float *in, size_t n, float *out, size_t *n_out)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += (size_t)step(l, in[i] * l->gain, &out[k]);
    *n_out = k;
}

void tb_limiter_flush(tb_limiter *l, float *out, size_t *n_out)
{
    size_t k = 0;
    for (size_t i = 0; i + 1 < l->L; i++)
        k += (size_t)step(l, 0.0, &out[k]);
    *n_out = k;
}

void tb_limiter_free(tb_limiter *l)
{
    if (!l)
        return;
    free(l->dq_t);
    free(l->dq_g);
    free(l->hist);
    free(l->delay);
    free(l);
}

/* Gain and limit src into dst (n samples each). */
static tb_status limit_into(const float *src, float *dst, size_t n, int rate, double gain_db,
                            double ceiling_db)
{
    tb_limiter *l = tb_limiter_new(rate, gain_db, ceiling_db);
    if (!l)
        return TB_ERR_NOMEM;
    size_t k = 0, got;
    tb_limiter_run(l, src, n, dst, &got);
    k += got;
    float tail[1024];
    size_t lat = tb_limiter_latency(l);
    float *t = lat <= 1024 ? tail : malloc(lat * sizeof *t);
    if (!t) {
        tb_limiter_free(l);
        return TB_ERR_NOMEM;
    }
    tb_limiter_flush(l, t, &got);
    for (size_t i = 0; i < got && k < n; i++)
        dst[k++] = t[i];
    if (t != tail)
        free(t);
    tb_limiter_free(l);
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
    double gain_db = target_lufs - m.lufs;
    /* the limiter takes a little loudness off: correct, at most twice */
    for (int pass = 0; pass < 3; pass++) {
        st = limit_into(pcm, work, n, rate, gain_db, ceiling_db);
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
        *out = m;
    }
    free(work);
    return st;
}
