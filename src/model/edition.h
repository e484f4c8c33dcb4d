/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * edition.h — the data model that flows through the pipeline after
 * segmentation: an edition is a list of sections (the chapters of the audio
 * edition), each a list of sentences. Segmentation fills `text`; the
 * normaliser fills `spoken`; the lexicon fills `speech` (runs of one language
 * each, for the synth stage), and `engine` is what the synth stage makes of
 * it (tb_synth_engine_text: part of a section's cache key).
 *
 * Ownership: the edition owns every string and array reachable from it
 * (strings live in an arena, each sentence's speech is its own allocation);
 * tb_edition_free releases all of it at once.
 * Pointers to sections are stable only until the next tb_edition_add_section.
 */
#ifndef TB_EDITION_H
#define TB_EDITION_H

#include <stddef.h>

#include "base/arena.h"
#include "base/tb.h"
#include "model/speech.h"

typedef enum {
    TB_KIND_HEADLINE,
    TB_KIND_CAPTION,
    TB_KIND_INTRO,
    TB_KIND_SUBHEADING,
    TB_KIND_SUBREPORT,
    TB_KIND_CREDIT,
    TB_KIND_NOTE, /* 编者按 (an editor's note), or the footnotes read at the end */
    TB_KIND_TABLE /* a table read row by row, each value with its column's name */
} tb_section_kind;

/* "headline", "caption", "intro", "subheading", "subreport", "credit", "note",
 * "table". */
const char *tb_section_kind_name(tb_section_kind kind);

typedef struct {
    char *text;        /* written form, UTF-8, no line breaks */
    char *spoken;      /* normalised spoken form; NULL until normalised */
    tb_speech *speech; /* what the synth stage says; NULL until resolved; owned */
    char *engine;   /* tb_synth_engine_text(speech); NULL until resolved */
    size_t line;    /* 1-based source line where the sentence starts (0 if none) */
    size_t paragraph; /* 1-based paragraph of the source, counted over the edition (0 if
                         none); consecutive sentences with the same number share one */
} tb_sentence;

typedef struct {
    tb_section_kind kind;
    char *title;            /* shown in chapter lists; never NULL */
    tb_sentence *sentences; /* in reading order */
    size_t n_sentences;
    size_t cap_sentences;
    size_t article;         /* 1-based article of the page this section belongs to */
    char *kicker;           /* headline sections: the 引题 above the headline, or NULL */
    char *subtitle;         /* headline sections: the 副题 below it, or NULL */
} tb_section;

typedef struct {
    char *source;           /* the input path as given, or "-" */
    char *headline;         /* the first section's title, or "" */
    char *date;             /* YYYY-MM-DD when known, else NULL */
    char *title;            /* the episode title: the paper and page when the page states
                               both, else the headline (+ "等N篇" for N articles); "" if none */
    size_t n_articles;      /* articles on the page (sections carry their number) */
    char *warning;          /* what the parser skipped or guessed (shown as a warning), or NULL */
    size_t warning_line;    /* its 1-based source line */
    /* What the page states about itself (tb_document's title, publisher,
     * author), NULL when it does not; --title and --publisher win. */
    char *page_title;       /* the page's own title (og:title) */
    char *publisher;        /* 来源：, og:site_name */
    char *author;           /* 作者：, <meta name="author"> */
    tb_section *sections;
    size_t n_sections;
    size_t cap_sections;
    tb_arena arena; /* private: holds every string above */
} tb_edition;

/* A new, empty edition (NULL on allocation failure). Free with tb_edition_free. */
tb_edition *tb_edition_new(void);
void tb_edition_free(tb_edition *ed);

/* Copy n bytes of s into the edition's arena, NUL-terminated. NULL on OOM. */
char *tb_edition_strndup(tb_edition *ed, const char *s, size_t n);
char *tb_edition_strdup(tb_edition *ed, const char *s);

/* Append a section (title copied). Returns it, or NULL on OOM. */
tb_section *tb_edition_add_section(tb_edition *ed, tb_section_kind kind, const char *title);

/* Append a sentence to section `sec` (text copied). NULL on OOM. */
tb_sentence *tb_edition_add_sentence(tb_edition *ed, tb_section *sec, const char *text, size_t len,
                                     size_t line);

/* Non-zero when s is a date as editions carry them: YYYY-MM-DD and a real
 * day of the calendar (tb_date_valid_iso, base/date.h). */
int tb_edition_valid_date(const char *s);

/* Does sentence j of sec end its paragraph, another of the section following
 * it? (The synthesiser pauses longer there than between sentences.) */
int tb_section_paragraph_ends(const tb_section *sec, size_t j);

/* Total number of sentences in the edition. */
size_t tb_edition_count_sentences(const tb_edition *ed);

/* The title a section is listed under (chapters, tags, manifest): its own,
 * or the name of its kind when it has none. Never NULL. */
const char *tb_section_title(const tb_section *sec);

/* The edition's title: `chosen` when it is non-empty (--title), else the
 * page's own title (og:title), else the episode title the segmenter made
 * (paper and page, or the headline and 等N篇), else the headline, else the
 * first section's title, else "". Never NULL. */
const char *tb_edition_title(const tb_edition *ed, const char *chosen);

#endif
