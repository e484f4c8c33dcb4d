/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * render_state.h — what an incremental render needs to know about the
 * edition already in the output folder: a fingerprint (key) of everything
 * that shapes each section's audio, and what the render measured while it
 * spoke the section (sentence sample counts, loudness, gain), so that a
 * section whose key is unchanged can be kept — its file linked into the new
 * edition — instead of spoken and encoded again, with a result byte for byte
 * that of a full render. The state lives in edition.json under "render"
 * (written by publish/edition_json.c from the timeline).
 *
 * Keys are SHA-256 (nettle) in lower-case hex over length-prefixed fields,
 * so no two different field lists hash the same input.
 *
 * Ownership: tb_render_state_load returns a state the caller frees with
 * tb_render_state_free; sections found in it are borrowed from it.
 */
#ifndef TB_RENDER_STATE_H
#define TB_RENDER_STATE_H

#include <nettle/sha2.h>
#include <stddef.h>
#include <stdint.h>

#include "base/tb.h"

#define TB_KEY_HEX 65 /* 64 hex digits and a NUL */

/* An incremental hash of fields. */
typedef struct {
    struct sha256_ctx ctx;
} tb_hash;

void tb_hash_init(tb_hash *h);
void tb_hash_str(tb_hash *h, const char *s);   /* NULL and "" differ */
void tb_hash_int(tb_hash *h, long long v);
void tb_hash_double(tb_hash *h, double v);      /* by its exact bits */
void tb_hash_bytes(tb_hash *h, const void *p, size_t n);
void tb_hash_hex(tb_hash *h, char out[TB_KEY_HEX]);

/* Hash the contents of the file at path into h. TB_ERR_IO when unreadable. */
tb_status tb_hash_file(tb_hash *h, const char *path);

typedef struct {
    char key[TB_KEY_HEX];
    char file[64];            /* the section file's name in the edition folder */
    uint64_t *samples;        /* 2 per sentence: start and length, in engine samples */
    size_t n_sentences;
    double lufs, true_peak, gain_db;
    unsigned long long bytes; /* the section file's length and SHA-256 when it was made */
    char sha256[TB_KEY_HEX];
} tb_rs_section;

typedef struct {
    char key[TB_KEY_HEX];     /* of the whole edition */
    double duration;          /* of the whole-edition file, seconds */
    tb_rs_section *sections;
    size_t n_sections;
} tb_render_state;

/* Limits of what is read back: edition.json's size, a sample count. */
#define TB_RS_MAX_BYTES ((size_t)64 << 20)
#define TB_RS_MAX_SAMPLES ((long long)1 << 40)

/* Read the state of the edition.json at path (a regular file, not a link,
 * of at most TB_RS_MAX_BYTES: a FIFO there is refused, never waited on).
 * *out is NULL (and TB_OK is returned) when there is no such file or it
 * holds no usable state — every figure is checked: finite, in range, each
 * section with its file's length and SHA-256 — so an edition from an older
 * tingbao or a crafted file is simply rendered in full. */
tb_status tb_render_state_load(const char *path, tb_render_state **out);
/* The same from the text of an edition.json (len bytes). For the fuzzer. */
tb_status tb_render_state_parse(const char *text, size_t len, tb_render_state **out);
void tb_render_state_free(tb_render_state *s);

/* Non-zero when dir/k->file is still the file the render state describes:
 * a regular file (not a link) of k->bytes bytes whose SHA-256 is k->sha256.
 * A damaged or replaced section file is spoken again, not kept. */
int tb_render_state_file_ok(const char *dir, const tb_rs_section *k);

/* The section of the state with this key, or NULL. */
const tb_rs_section *tb_render_state_find(const tb_render_state *s, const char *key);

#endif
