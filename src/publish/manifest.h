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
    char *voice;        /* audio.voice: the voice file's name ("news"), or NULL */
    double duration;    /* seconds, the whole edition */
    tb_man_section *sections;
    size_t n_sections;
    /* not from edition.json: the folder is a render's temporary one, synced
     * as a whole before it is swapped in, so its files need no fsync of
     * their own (tb_publish_edition) */
    int staged;
} tb_manifest;

/* Limits of what is read back: the file's size, and every time in it
 * (seconds: finite, 0 to this). */
#define TB_MANIFEST_MAX_BYTES ((size_t)64 << 20)
#define TB_MANIFEST_MAX_SECONDS 1e6

/* Load DIR/edition.json, a regular file of at most TB_MANIFEST_MAX_BYTES (a
 * FIFO or a device is refused, never opened for a blocking read).
 * TB_ERR_INPUT if it cannot be read or is not a manifest tingbao wrote: not
 * JSON, a missing key, a time out of range, a date that is no real day (diag
 * says what is wrong and, for a read error, the errno). */
tb_status tb_manifest_load(const char *dir, tb_manifest **out, tb_diag *diag);
/* The same from the text of an edition.json (len bytes) of the edition
 * folder dir; path names it in diag. For tb_manifest_load and the fuzzer. */
tb_status tb_manifest_parse(const char *text, size_t len, const char *dir, const char *path,
                            tb_manifest **out, tb_diag *diag);
void tb_manifest_free(tb_manifest *m);
/* Write a publishing file of the edition: atomically, with its own fsync
 * unless m->staged (tb_file_write_atomic, tb_file_write_staged). */
tb_status tb_manifest_write_file(const tb_manifest *m, const char *path, const void *data,
                                 size_t len, tb_diag *diag);

/* The level of section i in a table of contents: 1 when it opens an article
 * (its headline, or the first section of an article without one), else 2. */
int tb_man_level(const tb_manifest *m, size_t i);

/* The deepest level of the manifest's sections (1 or 2). */
int tb_man_depth(const tb_manifest *m);

/* Does sentence j of s start a new paragraph of the source (j > 0)? */
int tb_man_new_paragraph(const tb_man_section *s, size_t j);

/* Non-zero when dir is an edition folder: a folder, not a symbolic link,
 * whose edition.json is a regular file that tb_manifest_load accepts. What
 * render may replace whole, and what the feed lists. */
int tb_pub_is_edition(const char *dir);

#endif
