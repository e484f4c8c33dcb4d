/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * edition_json.h — publish: edition.json, the manifest of an edition: what
 * was rendered (title, date, publisher, source, audio settings) and when
 * every section and sentence is heard, with its written and spoken text.
 * This module is its one owner: it writes it, and it reads it back, for the
 * publishers that come after the render (transcript, playlist, feed:
 * tb_manifest_load, declared with its types in publish/manifest.h) and for
 * the next render (tb_render_state_load). The keys the readers need are
 * fixed: title, date, description, edition, duration, sections[]
 * {kind, title, file, start, duration, sentences[] {text, start, duration}}.
 * Nothing in it depends on the clock: the same input gives the same bytes.
 */
#ifndef TB_EDITION_JSON_H
#define TB_EDITION_JSON_H

#include "model/edition.h"
#include "model/render_state.h"
#include "model/timeline.h"

typedef struct {
    const char *title;     /* NULL: the edition's headline, else its first section's title */
    const char *publisher; /* may be NULL */
    const char *date;      /* YYYY-MM-DD or NULL */
    const char *voice;     /* the voice file's name, e.g. "news" */
    int bitrate;           /* bits per second (Opus), 0 for lossless */
    int sample_rate;       /* of the engine's PCM */
} tb_edition_json_info;

/* Write edition.json to `path` (created or truncated). */
tb_status tb_pub_edition_json(const tb_edition *ed, const tb_timeline *tl,
                              const tb_edition_json_info *info, const char *path, tb_diag *diag);

/* Read the render state of the edition.json at path (a regular file, not a
 * link, of at most TB_RS_MAX_BYTES: a FIFO there is refused, never waited
 * on). *out is NULL (and TB_OK is returned) when there is no such file or it
 * holds no usable state — every figure is checked: finite, in range, each
 * section with its file's length and SHA-256 — so an edition from an older
 * tingbao or a crafted file is simply rendered in full. (edition_read.c) */
tb_status tb_render_state_load(const char *path, tb_render_state **out);
/* The same from the text of an edition.json (len bytes). For the fuzzer. */
tb_status tb_render_state_parse(const char *text, size_t len, tb_render_state **out);

/* Non-zero when dir/k->file is still the file the render state describes:
 * a regular file (not a link) of k->bytes bytes whose SHA-256 is k->sha256.
 * A damaged or replaced section file is spoken again, not kept. */
int tb_render_state_file_ok(const char *dir, const tb_rs_section *k);

#endif
