/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * synth.c — the speech stage's public calls (see synth.h) over its back-end
 * (synth_int.h; today libespeak-ng, espeak.c), and the bookkeeping of a call
 * in progress: the caller's sink, the samples counted, the first failure.
 */
#include "synth/synth.h"

#include <stdio.h>
#include <stdlib.h>

#include "synth/synth_int.h"

tb_status tb_synth_new(const char *voice_path, tb_synth **out, tb_diag *diag)
{
    *out = NULL;
    tb_synth *sy = calloc(1, sizeof *sy);
    if (!sy)
        return TB_ERR_NOMEM;
    sy->be = &tb_synth_espeak;
    sy->status = TB_OK;
    tb_status st = sy->be->open(sy, voice_path, diag);
    if (st != TB_OK) {
        free(sy);
        return st;
    }
    *out = sy;
    return TB_OK;
}

void tb_synth_free(tb_synth *sy)
{
    if (!sy)
        return;
    tb_synth_stop_server(sy);
    sy->be->close(sy);
    free(sy);
}

int tb_synth_rate(const tb_synth *sy)
{
    return sy->rate;
}

void tb_synth_reset(tb_synth *sy, unsigned seed)
{
    (void)sy;
    srand(seed);
}

tb_status tb_synth_pcm(tb_synth *sy, const int16_t *pcm, size_t n)
{
    if (sy->status != TB_OK)
        return sy->status;
    sy->count += (uint64_t)n;
    if (sy->sink)
        sy->status = sy->sink(pcm, n, sy->ctx);
    return sy->status;
}

tb_status tb_synth_say(tb_synth *sy, const char *script, size_t len, tb_synth_sink sink, void *ctx,
                       uint64_t *n_samples)
{
    sy->sink = sink;
    sy->ctx = ctx;
    sy->count = 0;
    sy->status = TB_OK;
    tb_status st = sy->be->say(sy, script, len, NULL);
    if (n_samples)
        *n_samples = sy->count;
    sy->sink = NULL;
    sy->ctx = NULL;
    sy->status = TB_OK;
    return st;
}

tb_status tb_synth_speak(tb_synth *sy, const tb_speech *sp, tb_synth_sink sink, void *ctx,
                         uint64_t *n_samples)
{
    tb_buf b;
    tb_buf_init(&b, 0);
    tb_status st = sy->be->script(sy, sp, &b);
    if (st == TB_OK)
        st = tb_synth_say(sy, b.data ? b.data : "", b.len, sink, ctx, n_samples);
    else if (n_samples)
        *n_samples = 0;
    tb_buf_free(&b);
    return st;
}

tb_status tb_synth_phonemes(tb_synth *sy, const tb_speech *sp, char **out)
{
    *out = NULL;
    tb_buf b;
    tb_buf_init(&b, 0);
    tb_status st = sy->be->script(sy, sp, &b);
    char *mem = NULL;
    size_t len = 0;
    FILE *f = st == TB_OK ? open_memstream(&mem, &len) : NULL;
    if (st == TB_OK && !f)
        st = TB_ERR_NOMEM;
    if (st == TB_OK) {
        sy->sink = NULL;
        sy->count = 0;
        sy->status = TB_OK;
        st = sy->be->say(sy, b.data ? b.data : "", b.len, f);
    }
    tb_buf_free(&b);
    if (f && fclose(f) != 0 && st == TB_OK)
        st = TB_ERR_NOMEM;
    if (st != TB_OK) {
        free(mem);
        return st;
    }
    *out = mem;
    return TB_OK;
}
