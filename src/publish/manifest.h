/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * manifest.h — publish: edition.json, the manifest of an edition: what was
 * rendered (source, headline, date, publisher, encoder settings) and when
 * every section and sentence is heard, with its written and spoken text.
 * Later stages (transcript, EPUB, feed) read their timings from here or
 * from the in-memory timeline; nothing in it depends on the clock, so the
 * same input gives the same bytes.
 */
#ifndef TB_MANIFEST_H
#define TB_MANIFEST_H

#include "edition.h"
#include "publish/timeline.h"

typedef struct {
    const char *publisher;  /* may be NULL */
    const char *date;       /* YYYY-MM-DD or NULL */
    const char *voice;      /* the voice file's name, e.g. "news" */
    int bitrate;            /* bits per second (Opus), 0 for lossless */
    int sample_rate;        /* of the engine's PCM */
} tb_manifest_info;

/* Write edition.json to `path` (created or truncated). */
tb_status tb_pub_manifest(const tb_edition *ed, const tb_timeline *tl, const tb_manifest_info *info,
                          const char *path, tb_diag *diag);

#endif
