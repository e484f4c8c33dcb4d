/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * edition_json.h — publish: write edition.json, the manifest of an edition:
 * what was rendered (title, date, publisher, source, audio settings) and when
 * every section and sentence is heard, with its written and spoken text.
 * The publishers that come after the render (transcript, playlist, feed)
 * read it back (publish/manifest.h in the publish stage), so the keys they
 * need are fixed: title, date, description, edition, duration, sections[]
 * {kind, title, file, start, duration, sentences[] {text, start, duration}}.
 * Nothing in it depends on the clock: the same input gives the same bytes.
 */
#ifndef TB_EDITION_JSON_H
#define TB_EDITION_JSON_H

#include "model/edition.h"
#include "model/timeline.h"

typedef struct {
    const char *title;      /* NULL: the edition's headline, else its first section's title */
    const char *publisher;  /* may be NULL */
    const char *date;       /* YYYY-MM-DD or NULL */
    const char *voice;      /* the voice file's name, e.g. "news" */
    int bitrate;            /* bits per second (Opus), 0 for lossless */
    int sample_rate;        /* of the engine's PCM */
} tb_edition_json_info;

/* Write edition.json to `path` (created or truncated). */
tb_status tb_pub_edition_json(const tb_edition *ed, const tb_timeline *tl,
                              const tb_edition_json_info *info, const char *path, tb_diag *diag);

#endif
