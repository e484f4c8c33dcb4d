/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * render.h — the whole pipeline for one report: read → segment → prepare
 * (normaliser + lexicon) → synthesise each section → encode → publish, into
 * an edition folder that appears complete or not at all.
 *
 * The edition is written into a temporary folder beside the output
 * (PARENT/.NAME.tmp-PID@HOST: PIDs repeat across machines sharing a folder) and moved into place
 * only when every file is written; an existing edition is swapped out in the same step and then
 * removed. On failure or cancellation the temporary folder is removed and the
 * previous edition stays as it was. An existing output folder is replaced
 * only when it is empty or holds an edition (an edition.json).
 *
 * Ownership: everything passed in is borrowed for the duration of the call.
 */
#ifndef TB_RENDER_H
#define TB_RENDER_H

#include <signal.h>
#include <stddef.h>

#include "model/edition.h"
#include "encode/encode.h"
#include "input/input.h"
#include "lexicon/lexicon.h"

typedef struct {
    size_t section, n_sections; /* 1-based section being spoken */
    size_t sentences_done, n_sentences;
    double seconds; /* audio made so far */
} tb_render_progress;

typedef struct {
    const char *output_dir; /* the edition folder, e.g. output/SLUG */
    const char *voice_path; /* eSpeak NG voice file */
    int rate_wpm;           /* words a minute (espeak-ng -s); 0: the voice's own pace */
    tb_audio_format format;
    int bitrate;           /* Opus bits per second; 0: default */
    int complexity;        /* Opus encoder complexity 0-10; -1: default */
    int bandwidth;         /* Opus: highest frequency kept, Hz (8000, 12000, 20000); 0: default */
    const char *date;      /* YYYY-MM-DD, NULL: the edition's own, if any */
    const char *publisher; /* ARTIST/ORGANIZATION, the EPUB's and DAISY's creator and
                            * publisher; NULL: none (left out, never the program's name) */
    int no_mp3;            /* non-zero: no MP3 edition (Opus only) */
    int jobs;              /* worker threads; 0: the number of online CPUs */
    int force;             /* non-zero: speak every section again, reuse nothing */
    const char *title;     /* the edition's title; NULL: its headline */
    tb_input_format input_format; /* tb_render: TB_FMT_AUTO (0): by extension, else sniffed */
    int strict;                   /* tb_render: refuse a report with invalid bytes
                                   * (TB_ERR_ENCODING) instead of dropping them */
    int nofollow_input;           /* tb_render: refuse a report that is a symbolic
                                   * link (batch FOLDER: files dropped by others) */
    /* tb_render: called once, before anything is spoken, when invalid bytes
     * were dropped from the report (what and where); may be NULL. */
    void (*input_damaged)(const char *report_path, const tb_input_damage *d, void *ctx);
    void *input_damaged_ctx;
    /* Called (with input_damaged_ctx) when the parser skipped or guessed
     * something it should say (an unclosed code fence); may be NULL. */
    void (*parse_warning)(const char *report_path, size_t line, const char *what, void *ctx);
    /* When non-NULL and it becomes non-zero (a signal handler sets it), the
     * render stops with TB_ERR_INTERRUPTED and cleans up. */
    const volatile sig_atomic_t *cancel;
    /* Called after every sentence, from the rendering thread; may be NULL. */
    void (*progress)(const tb_render_progress *p, void *ctx);
    void *progress_ctx;
} tb_render_options;

typedef struct {
    size_t n_sections;
    size_t n_sentences;
    double duration;      /* seconds, of the whole-edition file */
    size_t n_synthesised; /* sections spoken this time (the rest were kept) */
    int up_to_date;       /* the edition was already up to date: nothing was written */
} tb_render_result;

/* Render the report at `report_path` (see the top of this file). lx may be
 * NULL (no lexicon). res may be NULL. Before it reads the report it claims
 * the output folder (tb_safe_claim_dest: name length, mount point, and
 * PARENT/.NAME.lock held until it returns; a second render of the folder
 * fails at once, TB_ERR_IO, naming the holder). */
tb_status tb_render(const char *report_path, const tb_lexicon *lx, const tb_render_options *opt,
                    tb_render_result *res, tb_diag *diag);

/* Render an edition that is already segmented and prepared (every sentence
 * has its engine text). */
tb_status tb_render_edition(const tb_edition *ed, const tb_render_options *opt,
                            tb_render_result *res, tb_diag *diag);

/* The ASCII slug of a file name for the default output folder: its base
 * name without extension, lower case, runs of other bytes turned into one
 * '-', never empty, never "." or "..". Writes at most cap bytes. */
void tb_render_slug(const char *path, char *out, size_t cap);

#endif
