/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * synth_int.h — inside the speech stage: the handle, and the interface a
 * speech back-end implements. Internal to src/synth/.
 *
 * The stage has three parts:
 *  - synth.c: the public calls of synth.h and the bookkeeping of a call in
 *    progress (the caller's sink, the sample count, the first failure);
 *  - a back-end (espeak.c with espeak_text.c: libespeak-ng) that loads a
 *    voice, turns a sentence's speech into a script of its own and says it;
 *  - section.c: a section spoken in a child process (and the server that
 *    forks those children), which moves scripts and PCM and knows no engine.
 *
 * A script is a byte string only its back-end reads (it may hold NULs); it is
 * what crosses into a section's child process, so it carries everything the
 * back-end needs to say the sentence.
 */
#ifndef TB_SYNTH_INT_H
#define TB_SYNTH_INT_H

#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "base/buf.h"
#include "model/speech.h"
#include "synth/synth.h"

typedef struct tb_synth_backend {
    const char *name;
    /* Load the voice file and set sy->rate; sy->impl is the back-end's.
     * Errors as tb_synth_new. */
    tb_status (*open)(tb_synth *sy, const char *voice_path, tb_diag *diag);
    /* Release what open made (sy->impl). */
    void (*close)(tb_synth *sy);
    /* Append the script of one sentence to out. */
    tb_status (*script)(const tb_synth *sy, const tb_speech *sp, tb_buf *out);
    /* Say a script: PCM through tb_synth_pcm. trace (may be NULL) gets the
     * phonemes said (tb_synth_phonemes). */
    tb_status (*say)(tb_synth *sy, const char *script, size_t len, FILE *trace);
} tb_synth_backend;

/* libespeak-ng (espeak.c). */
extern const tb_synth_backend tb_synth_espeak;

struct tb_synth {
    const tb_synth_backend *be;
    void *impl; /* the back-end's state, owned by it */
    int rate;
    tb_synth_sink sink; /* of the call in progress */
    void *ctx;
    uint64_t count;   /* samples made by the call in progress */
    tb_status status; /* first failure of a sink in the call in progress */
    /* the section server (tb_synth_fork_server), or 0 */
    pid_t server;
    int req_fd, res_fd; /* requests to it; messages from it and its children */
};

/* For a back-end: n samples made. Counts them and hands them to the sink of
 * the call in progress; returns its status (sticky: after a failure, the
 * same failure and nothing more is handed on). */
tb_status tb_synth_pcm(tb_synth *sy, const int16_t *pcm, size_t n);

/* Say a script with PCM to sink(ctx); *n_samples (may be NULL) gets the count. */
tb_status tb_synth_say(tb_synth *sy, const char *script, size_t len, tb_synth_sink sink, void *ctx,
                       uint64_t *n_samples);

/* Stop the section server if one runs (section.c). */
void tb_synth_stop_server(tb_synth *sy);

#endif
