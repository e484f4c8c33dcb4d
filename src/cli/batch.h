/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * batch.h — the list of reports that `tingbao batch` renders: read from a
 * manifest (one report a line) or from a folder of reports, each item with
 * the edition folder (slug) it goes to, and the shard arithmetic that lets N
 * independent workers split that list with no coordination. It sits before
 * the pipeline: each item becomes one tb_render() call (src/render.h), made
 * by the CLI (src/cli/cmd_batch.c). See docs/batch.md for the formats.
 *
 * Manifest format (UTF-8 text, one item per line, LF or CRLF):
 *   PATH [TAB SLUG [TAB DATE [TAB TITLE [TAB FORMAT]]]]
 * Blank lines and lines whose first non-blank character is '#' are ignored.
 * PATH relative to the manifest's folder unless absolute; SLUG empty or
 * absent: derived from PATH's file name (tb_render_slug); DATE empty or
 * absent: the date the report states; TITLE empty or absent: its headline;
 * FORMAT (epaper, text, markdown, html) empty or absent: by the report's
 * extension, else its content (as --input-format says it).
 * Spaces around fields are trimmed.
 *
 * A bad line (too many fields, bad slug, bad date, invalid UTF-8, duplicate
 * slug) does not stop the reading: it becomes an item whose `error` says what
 * is wrong, so that it is reported as a failed item and the rest still render.
 * Items are numbered in the order read, bad ones included, so that every
 * worker that reads the same manifest sees the same numbering.
 */
#ifndef TB_BATCH_H
#define TB_BATCH_H

#include <stddef.h>

#include "base/tb.h"

/* Longest slug accepted, in bytes. */
#define TB_BATCH_SLUG_MAX 128

typedef struct {
    char *input; /* the report's path, resolved against the manifest's folder */
    char *slug;  /* the edition folder's name inside the output folder */
    char *date;  /* YYYY-MM-DD, or NULL: the report's own */
    char *title; /* the edition's title, or NULL: the headline */
    int format;  /* tb_input_format of the report; 0 (TB_FMT_AUTO): the run's own */
    size_t line; /* 1-based line of the manifest; 0 for a folder's files */
    char *error; /* NULL, or why this item cannot be rendered (a bad line) */
    int dropped; /* from a folder: a file others may have dropped (never followed) */
} tb_batch_item;

/* A list of items. Owns every string of every item; free with tb_batch_free. */
typedef struct {
    tb_batch_item *items;
    size_t n, cap;
} tb_batch;

/* Read a manifest from `text` (len bytes, need not be NUL-terminated).
 * `name` is the manifest's name for messages (file:line) and `base_dir` the
 * folder relative paths are resolved against (NULL or "": as given). On
 * success *out is a new batch the caller frees. Only memory exhaustion
 * (TB_ERR_NOMEM) or a manifest past 1 000 000 items (TB_ERR_TOO_BIG) fail the
 * whole reading; bad lines become items with an error. */
tb_status tb_batch_parse(const char *text, size_t len, const char *name, const char *base_dir,
                         tb_batch **out, tb_diag *diag);

/* Read `path`: a manifest file, "-" for standard input (paths relative to the
 * current folder), or a folder, whose report files (*.txt, *.md, *.markdown,
 * *.html, *.htm; hidden files left out) become items in byte order of their
 * names, each with the slug of its file name and `dropped` set: a symbolic
 * link or anything but a regular file among them becomes a failed item
 * ("not followed"), and the render opens each with O_NOFOLLOW, so that a
 * link to a file the uploader cannot read is never rendered. TB_ERR_IO when it cannot be
 * read (errno in diag). *out as for tb_batch_parse. */
tb_status tb_batch_load(const char *path, tb_batch **out, tb_diag *diag);

/* Free a batch and everything in it. NULL is allowed. */
void tb_batch_free(tb_batch *b);

/* Non-zero when `slug` can name an edition folder inside the output folder:
 * 1 to TB_BATCH_SLUG_MAX bytes of ASCII letters, digits, '-', '_' and '.',
 * starting with a letter or digit (so never ".", ".." nor hidden), with no
 * "/", and not one of the names the output folder keeps for itself
 * (feed.xml, feed.conf). */
int tb_batch_slug_valid(const char *slug);

/* Parse a shard "I/N" (decimal, 0 <= I < N <= 1 000 000). Returns non-zero
 * and sets *index and *count when valid. */
int tb_batch_parse_shard(const char *s, size_t *index, size_t *count);

/* Non-zero when item number `item` (0-based) belongs to shard index/count:
 * item % count == index. */
int tb_batch_in_shard(size_t item, size_t index, size_t count);

#endif
