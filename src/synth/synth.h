/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * synth.h — the speech stage: a sentence's speech (runs of one language each,
 * made by the lexicon stage: model/speech.h) → 16-bit mono PCM, through
 * libespeak-ng in synchronous mode (and, in the MBROLA voice family, the
 * mbrola program, which speaks what eSpeak reads). This is the only module
 * that knows eSpeak and MBROLA: which voice says a language and how it is
 * told (SSML, .pho). eSpeak
 * keeps global state, so there is at most one tb_synth per process, used
 * from one thread.
 *
 * Each call speaks one sentence. English runs are spoken by the stock voice
 * "en" in a call of their own; Mandarin runs by the tingbao voice file, which
 * is set again before every call (eSpeak 1.51 leaves `cmn`, the voice that
 * reads pinyin as English, current after an SSML voice change: measured, see
 * docs/audio.md). Sample counts are ours: the engine's own positions restart
 * at every call. The stage's inside (back-end interface, section processes)
 * is described in synth_int.h.
 *
 * Ownership: tb_synth_new returns a handle the caller frees with tb_synth_free;
 * PCM handed to a sink is borrowed for the duration of the sink call only.
 */
#ifndef TB_SYNTH_H
#define TB_SYNTH_H

#include <stddef.h>
#include <stdint.h>

#include "base/tb.h"
#include "model/speech.h"

typedef struct tb_synth tb_synth;

/* Receives PCM as the engine makes it: n mono samples at tb_synth_rate().
 * Return TB_OK to go on; any other status stops synthesis and is returned by
 * the tb_synth_* call that was running. */
typedef tb_status (*tb_synth_sink)(const int16_t *pcm, size_t n, void *ctx);

/* Start the engine (once per process) with the voice file at voice_path (an
 * eSpeak NG voice file, e.g. voices/news, or a tingbao voice description of
 * the MBROLA family, voices/cmn-mbrola.voice: eSpeak reads, mbrola speaks;
 * see synth/mbrola.h). Fails with TB_ERR_SYNTH (and a diag naming the file) when
 * the engine or the voice cannot be loaded, or names the packages to install
 * when a MBROLA voice's program or database is absent; TB_ERR_INPUT (or
 * TB_ERR_TOO_BIG) with FILE:LINE when the voice file fails tb_voice_check
 * (synth/voice_check.h) before eSpeak reads it; TB_ERR_USAGE when a tb_synth
 * already exists in this process. In both families eSpeak's clause pauses
 * are lengthened to synth/prosody.h's (synth/pauses.h); *n_samples and the
 * sentence events count the samples that reach the sink. */
tb_status tb_synth_new(const char *voice_path, tb_synth **out, tb_diag *diag);

/* Give the handle back (the engine itself stays loaded until the process
 * ends: eSpeak NG cannot be started twice). NULL is allowed. */
void tb_synth_free(tb_synth *sy);

/* Speaking rate in words a minute, as espeak-ng -s sets it (the voice file's
 * `speed` percentage still applies on top); 0 (the default) keeps the
 * engine's 175. TB_ERR_USAGE outside TB_SYNTH_WPM_MIN..MAX. Set it before
 * tb_synth_fork_server. */
#define TB_SYNTH_WPM_MIN 80
#define TB_SYNTH_WPM_MAX 450
tb_status tb_synth_set_wpm(tb_synth *sy, int wpm);

/* The engine's version and the revision of tingbao's own pauses and prosody,
 * e.g. "1.51/prosody 1" (part of what shapes the audio: a render's key). */
const char *tb_synth_engine_version(void);

/* Samples per second of the PCM (22050 for eSpeak NG's voices). */
int tb_synth_rate(const tb_synth *sy);

/* Make what follows reproducible: eSpeak draws its noise from libc rand(), so
 * this seeds it. Call at the start of every section. */
void tb_synth_reset(tb_synth *sy, unsigned seed);

/* Speak one sentence. PCM goes to sink(ctx) and *n_samples (may be NULL)
 * gets the number of samples made by this call. */
tb_status tb_synth_speak(tb_synth *sy, const tb_speech *sp, tb_synth_sink sink, void *ctx,
                         uint64_t *n_samples);

/* The engine text of a sentence: everything eSpeak is told for it, as one
 * SSML fragment (`tingbao pinyin` prints it; a section's cache key hashes
 * it). Needs no tb_synth. *out is a new string for free(). */
tb_status tb_synth_engine_text(const tb_speech *sp, char **out);

/* What tb_synth_speak_section reports, on the caller's thread, in order. */
typedef struct {
    tb_synth_sink pcm; /* every sample of every sentence */
    /* After sentence j: the samples it made and how it went (TB_OK, or
     * TB_ERR_SYNTH when the engine failed on it). Anything but TB_OK stops. */
    tb_status (*sentence)(size_t j, uint64_t made, tb_status st, void *ctx);
    void *ctx;
} tb_synth_events;

/* Speak the n sentences of one section, seeded as tb_synth_reset(seed), in a
 * child process forked for it, so that what it says depends only on its own
 * text: eSpeak NG carries state from one call to the next (the voice
 * source's phase and pitch, measured: the same sentence comes out a few
 * samples longer or shorter after a different one) that neither
 * espeak_ng_Terminate nor a new voice resets, while the forked copy of an
 * engine that has never spoken always starts the same. Only the child
 * speaks: the engine in this process stays untouched. A crash of the engine
 * costs the child, not the caller: it is TB_ERR_SYNTH with a diag. The first
 * status other than TB_OK from an event stops the child and is returned. */
tb_status tb_synth_speak_section(tb_synth *sy, unsigned seed, const tb_speech *const *speech,
                                 size_t n, const tb_synth_events *ev, tb_diag *diag);

/* Start the section server: a process forked now, which forks the child of
 * every later tb_synth_speak_section. Call it while this process has one
 * thread (fork from a threaded process is not safe with every allocator:
 * AddressSanitizer's hangs); without it each section's child is forked from
 * the caller directly. Stopped by tb_synth_free. */
tb_status tb_synth_fork_server(tb_synth *sy, tb_diag *diag);

/* The phonemes eSpeak says for a sentence, one clause per line, in eSpeak's
 * ASCII notation as `espeak-ng -x` prints them; a language switch inside a
 * run shows as "(en)…(cmn)". Runs spoken by another voice are prefixed with
 * "[NAME] ". Made by a real synthesis whose audio is thrown away (so SSML and
 * tone sandhi are exactly as in the audio). *out is a new string for free(). */
tb_status tb_synth_phonemes(tb_synth *sy, const tb_speech *sp, char **out);

#endif
