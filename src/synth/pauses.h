/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pauses.h — the eSpeak family's clause pauses made a newsreader's: a filter
 * on eSpeak's PCM that lengthens each of its clause pauses (a run of digital
 * silence longer than its 31 ms gap between syllables) to the pause
 * prosody.h gives that kind of clause, so that both voice families pause
 * alike. Everything else passes through unchanged, sample for sample.
 */
#ifndef TB_PAUSES_H
#define TB_PAUSES_H

#include <stdint.h>

#include "synth/synth.h"

typedef struct {
    tb_synth_sink sink; /* where the PCM goes (NULL: only counted) */
    void *ctx;
    int rate;
    uint64_t zeros; /* silent samples held back */
    uint64_t out;   /* samples passed on so far */
} tb_pause_filter;

/* Start a filter for one call (rate: samples per second). */
void tb_pause_start(tb_pause_filter *f, tb_synth_sink sink, void *ctx, int rate);

/* Pass n samples through; the sink's status. */
tb_status tb_pause_push(tb_pause_filter *f, const int16_t *pcm, size_t n);

/* End of the call: the silence held back goes out as it was. */
tb_status tb_pause_end(tb_pause_filter *f);

#endif
