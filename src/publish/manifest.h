/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * manifest.h — an edition as the publishing stage sees it: read back from its
 * edition.json by that file's one owner, publish/edition_json.c, which
 * implements tb_manifest_load and tb_manifest_free. Every publisher (transcript, playlist,
 * feed) works from this, never from the engine, so that `tingbao feed DIR`
 * can rebuild the feed over editions rendered on other days.
 *
 * Ownership: tb_manifest_load returns a manifest that owns all its strings
 * and arrays; tb_manifest_free releases it.
 */
#ifndef TB_MANIFEST_H
#define TB_MANIFEST_H

#include <stddef.h>

#include "base/tb.h"

typedef struct {
    char *text;       /* written form */
    double start;     /* seconds from the start of the whole edition */
    double duration;  /* seconds */
    size_t paragraph; /* the source paragraph it belongs to (0: not known) */
} tb_man_sentence;

typedef struct {
    char *kind; /* "headline", "caption", … */
    char *title;
    char *file;   /* section file name inside the edition folder */
    double start; /* seconds from the start of the whole edition */
    double duration;
    tb_man_sentence *sentences;
    size_t n_sentences;
    size_t article; /* the article of the page it belongs to (0: not known) */
} tb_man_section;

typedef struct {
    char *dir;          /* the edition folder as given */
    char *slug;         /* its last path component */
    char *title;        /* the headline */
    char *date;         /* YYYY-MM-DD or NULL */
    char *publisher;    /* the newspaper (render -p, feed.conf, the page), or NULL when unknown */
    char *description;  /* the first sentences of the report, for feeds; may be "" */
    char *edition_file; /* "SLUG-DATE.opus" (or .wav/.flac) */
    char *mp3_file;     /* "SLUG-DATE.mp3" or NULL when there is none */
    double duration;    /* seconds, the whole edition */
    tb_man_section *sections;
    size_t n_sections;
} tb_manifest;

/* Load DIR/edition.json. TB_ERR_IO if it cannot be read, TB_ERR_INPUT if it is
 * not a manifest tingbao wrote (diag says what is wrong). */
tb_status tb_manifest_load(const char *dir, tb_manifest **out, tb_diag *diag);
void tb_manifest_free(tb_manifest *m);

/* The level of section i in a table of contents: 1 when it opens an article
 * (its headline, or the first section of an article without one), else 2. */
int tb_man_level(const tb_manifest *m, size_t i);

/* The deepest level of the manifest's sections (1 or 2). */
int tb_man_depth(const tb_manifest *m);

/* Does sentence j of s start a new paragraph of the source (j > 0)? */
int tb_man_new_paragraph(const tb_man_section *s, size_t j);

#endif
