/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * html.h — index.html, the edition's accessible web page, and chapters.vtt,
 * the WebVTT chapter track its player carries (publishing stage; written from
 * the manifest, never by synthesising).
 *
 * The page: lang="zh-CN"; header, nav and main landmarks; a player for the
 * whole edition (MP3, with the Opus edition as second source, chapters as a
 * <track kind="chapters">) and one player per section file; one h2 per
 * section; the transcript, every sentence a span with an id and its
 * data-start/data-end on the edition timeline. A small inline script
 * highlights the sentence being spoken (announced only when the listener
 * asks: the live region is aria-live="off" by default), and gives keys that
 * leave screen readers alone: Alt+Shift+N / Alt+Shift+P for the next and
 * previous section, Alt+Shift+Space for play/pause, and ] / [ when the focus
 * is not in a form control — all acting on the player last used (the whole
 * edition's, or a section's: then next/previous go to the neighbouring
 * section's player). With JavaScript off, the players, the text, the
 * table of contents and the download links all still work.
 */
#ifndef TB_HTML_H
#define TB_HTML_H

#include "base/buf.h"
#include "publish/manifest.h"
#include "base/tb.h"

/* Append the page for m to out. */
tb_status tb_html_page(const tb_manifest *m, tb_buf *out);

/* Append the WebVTT chapter track (one cue per section, its title) to out. */
tb_status tb_html_chapters_vtt(const tb_manifest *m, tb_buf *out);

/* Write m->dir/index.html and m->dir/chapters.vtt (each atomically). The page
 * links edition.epub and daisy/ only when the manifest has an MP3. */
tb_status tb_html_write(const tb_manifest *m, tb_diag *diag);

#endif
