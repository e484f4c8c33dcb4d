/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * render_state.h — what an incremental render needs to know about the
 * edition already in the output folder: a fingerprint (key, base/hash.h) of
 * everything that shapes each section's audio, and what the render measured
 * while it spoke the section (sentence sample counts, loudness, gain), so
 * that a section whose key is unchanged can be kept — its file linked into
 * the new edition — instead of spoken and encoded again, with a result byte
 * for byte that of a full render. The state lives in edition.json under
 * "render": written from the timeline and read back by edition.json's one
 * owner, publish/edition_json.c (tb_render_state_load).
 *
 * Ownership: tb_render_state_load returns a state the caller frees with
 * tb_render_state_free; sections found in it are borrowed from it.
 */
#ifndef TB_RENDER_STATE_H
#define TB_RENDER_STATE_H

#include <stddef.h>
#include <stdint.h>

#include "base/hash.h"

typedef struct {
    char key[TB_KEY_HEX];
    char file[64];     /* the section file's name in the edition folder */
    uint64_t *samples; /* 2 per sentence: start and length, in engine samples */
    size_t n_sentences;
    double lufs, true_peak, gain_db;
    unsigned long long bytes; /* the section file's length and SHA-256 when it was made */
    char sha256[TB_KEY_HEX];
} tb_rs_section;

typedef struct {
    char key[TB_KEY_HEX]; /* of the whole edition */
    double duration;      /* of the whole-edition file, seconds */
    tb_rs_section *sections;
    size_t n_sections;
} tb_render_state;

/* Limits of what is read back: edition.json's size, a sample count. */
#define TB_RS_MAX_BYTES ((size_t)64 << 20)
#define TB_RS_MAX_SAMPLES ((long long)1 << 40)

void tb_render_state_free(tb_render_state *s);

/* The section of the state with this key, or NULL. */
const tb_rs_section *tb_render_state_find(const tb_render_state *s, const char *key);

#endif
