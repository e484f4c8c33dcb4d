/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pauses.c — lengthen eSpeak's clause pauses (see pauses.h). Measured with
 * eSpeak NG 1.51, voices/news, volume 50: between syllables it leaves 683
 * samples (31 ms) of exact zeros, after ， and 、 1962 (89 ms), after ：
 * 3152 (143 ms), after ； 3637 (165 ms); a clause spoken alone ends without
 * its pause. A silent run longer than LONG is a clause pause: one under
 * COLON becomes TB_PAUSE_COMMA_MS, a longer one TB_PAUSE_COLON_MS, and none
 * is shortened.
 */
#include "synth/pauses.h"

#include <string.h>

#include "synth/prosody.h"

#define LONG_S 0.059  /* 1300 samples at 22050 Hz: more than a syllable gap */
#define COLON_S 0.127 /* 2800 samples: more than eSpeak's comma */

void tb_pause_start(tb_pause_filter *f, tb_synth_sink sink, void *ctx, int rate)
{
    memset(f, 0, sizeof *f);
    f->sink = sink;
    f->ctx = ctx;
    f->rate = rate;
}

static tb_status zeros(tb_pause_filter *f, uint64_t n)
{
    static const int16_t z[1024];
    f->out += n;
    while (n > 0 && f->sink) {
        size_t k = n > 1024 ? 1024 : (size_t)n;
        tb_status st = f->sink(z, k, f->ctx);
        if (st != TB_OK)
            return st;
        n -= k;
    }
    return TB_OK;
}

/* The held-back silence, lengthened if it is a clause pause. */
static tb_status release(tb_pause_filter *f)
{
    uint64_t n = f->zeros;
    f->zeros = 0;
    if (n > (uint64_t)(LONG_S * f->rate)) {
        int ms = n > (uint64_t)(COLON_S * f->rate) ? TB_PAUSE_COLON_MS : TB_PAUSE_COMMA_MS;
        uint64_t want = (uint64_t)ms * (uint64_t)f->rate / 1000;
        if (want > n)
            n = want;
    }
    return zeros(f, n);
}

tb_status tb_pause_push(tb_pause_filter *f, const int16_t *pcm, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && pcm[j] == 0)
            j++;
        f->zeros += j - i;
        if (j == n)
            break;
        size_t k = j;
        while (k < n && pcm[k] != 0)
            k++;
        tb_status st = release(f);
        if (st == TB_OK && f->sink)
            st = f->sink(pcm + j, k - j, f->ctx);
        if (st != TB_OK)
            return st;
        f->out += k - j;
        i = k;
    }
    return TB_OK;
}

tb_status tb_pause_end(tb_pause_filter *f)
{
    uint64_t n = f->zeros;
    f->zeros = 0;
    return zeros(f, n);
}
