/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * timeline.h — when each section and sentence of an edition is heard, in
 * seconds on the timeline of the whole-edition file. Made by the render from
 * the engine's sample counts and the encoder's measurements; read by every
 * publish format (chapters, manifest, and later transcript and EPUB), which
 * therefore never call the engine.
 *
 * Ownership: tb_timeline_new allocates everything reachable from the
 * timeline; tb_timeline_free releases it. Section i and sentence j of the
 * timeline belong to section i and sentence j of the edition it was made for.
 */
#ifndef TB_TIMELINE_H
#define TB_TIMELINE_H

#include <stddef.h>
#include <stdint.h>

#include "model/edition.h"

typedef struct {
    double start;    /* seconds from the start of the whole edition */
    double duration; /* seconds */
} tb_span;

typedef struct {
    char file[64];      /* the section's file name inside the edition folder */
    tb_span span;       /* the section file as heard within the edition */
    tb_span *sentences; /* n_sentences entries */
    size_t n_sentences;
    double lufs, true_peak; /* measured on the PCM handed to the encoder */
    double gain_db;         /* gain applied to reach the target loudness */
    /* the render state (model/render_state.h): the section's key, and 2 per
     * sentence: start and length within the section, in engine samples */
    char key[65];
    uint64_t *samples;
} tb_section_timing;

typedef struct {
    char edition_file[64];  /* "SLUG-DATE.opus" (tb_timeline_file_name) */
    const char *format;     /* "opus", "wav", "flac" (static) */
    double duration;        /* of the whole-edition file, seconds */
    char mp3_file[64];      /* "SLUG-DATE.mp3", or "" when there is none */
    double lufs, true_peak; /* of the whole edition's PCM */
    char key[65];           /* of the whole edition (model/render_state.h); "" for none */
    tb_section_timing *sections;
    size_t n_sections;
} tb_timeline;

/* The name of the whole-edition file with extension `ext` ("mp3", "opus",
 * ...): "SLUG-DATE.EXT" from the edition folder's name and the edition's date
 * (YYYY-MM-DD or NULL), so that the files of two editions never share a name
 * (podcast apps save enclosures under the URL's last component). The slug
 * keeps ASCII letters, digits and '_' (lower-cased), other runs become one
 * '-', at most 40 characters, "edition" when nothing is left; the date is
 * left out when unknown or when the slug holds it already. Always fits 64
 * bytes (the timeline's file fields). */
void tb_timeline_file_name(const char *folder, const char *date, const char *ext, char out[64]);

/* A zeroed timeline shaped like ed (one entry per section and sentence);
 * NULL on allocation failure. */
tb_timeline *tb_timeline_new(const tb_edition *ed);
void tb_timeline_free(tb_timeline *tl);

#endif
