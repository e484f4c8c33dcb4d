/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * synth_int.h — inside the speech stage: the handle, and the interface a
 * speech back-end implements. Internal to src/synth/.
 *
 * The stage has three parts:
 *  - synth.c: the public calls of synth.h and the bookkeeping of a call in
 *    progress (the caller's sink, the sample count, the first failure);
 *  - a back-end that loads a voice, turns a sentence's speech into a script
 *    of its own and says it: espeak.c with espeak_text.c (libespeak-ng), or
 *    mbrola_say.c (the MBROLA family: eSpeak NG reads, mbrola speaks; the
 *    voice file is a description, synth/mbrola.h);
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
#include "synth/pauses.h"
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
/* The MBROLA family (mbrola_say.c): tb_synth_new picks it for a voice
 * description that says `family mbrola` (tb_mbrola_described). */
extern const tb_synth_backend tb_synth_mbrola;

struct tb_synth {
    const tb_synth_backend *be;
    void *impl; /* the back-end's state, owned by it */
    int rate;
    int wpm;            /* speaking rate in words a minute (espeak-ng -s); 0: the voice's own */
    tb_synth_sink sink; /* of the call in progress */
    void *ctx;
    tb_pause_filter pf; /* the call in progress: tb_synth_pcm's PCM to the sink, clause
                         * pauses lengthened (pauses.h); counts what it passes on */
    uint64_t as_is;     /* samples of the call in progress that skipped the filter */
    int aside;          /* 1: the sink is set aside (tb_synth_aside) */
    tb_status status;   /* first failure of a sink in the call in progress */
    /* the section server (tb_synth_fork_server), or 0 */
    pid_t server;
    int req_fd, res_fd; /* requests to it; messages from it and its children */
};

/* For a back-end: n samples eSpeak made. They go through the pause filter
 * (which lengthens eSpeak's clause pauses) to the sink of the call in
 * progress; returns its status (sticky: after a failure, the same failure
 * and nothing more is handed on). While the sink is set aside they are
 * dropped and not counted. */
tb_status tb_synth_pcm(tb_synth *sy, const int16_t *pcm, size_t n);

/* For a back-end: n samples whose pauses are already what they should be
 * (MBROLA's): straight to the sink, counted; status as tb_synth_pcm. */
tb_status tb_synth_pcm_as_is(tb_synth *sy, const int16_t *pcm, size_t n);

/* For a back-end: set the sink aside (on = 1) while the engine makes audio
 * nobody is to hear (the MBROLA family's reading pass: eSpeak's phoneme
 * trace comes from a real synthesis), and bring it back (on = 0). Setting it
 * aside first hands on the silence the pause filter holds back, as it was:
 * the pause before what follows is the back-end's. Returns the status of
 * the call in progress. */
tb_status tb_synth_aside(tb_synth *sy, int on);

/* Say a script with PCM to sink(ctx); *n_samples (may be NULL) gets the
 * samples that reached it: the pause filter's output and those as is. */
tb_status tb_synth_say(tb_synth *sy, const char *script, size_t len, tb_synth_sink sink, void *ctx,
                       uint64_t *n_samples);

/* Stop the section server if one runs (section.c). */
void tb_synth_stop_server(tb_synth *sy);

#endif
