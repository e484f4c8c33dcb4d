/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * a11y.h — what the three accessible outputs (index.html, edition.epub and the
 * DAISY fileset) share, so that one sentence has one id and one audio clip in
 * all of them: element ids, the clamped clip of each sentence on the edition's
 * timeline, clock-value formatting and the edition's stable identifier.
 * Publishing stage; pure functions of a manifest, no I/O.
 *
 * Times are kept in whole milliseconds here so that a clip written in two
 * formats is the same clip, and sums (EPUB's total media:duration) are exact.
 */
#ifndef TB_A11Y_H
#define TB_A11Y_H

#include <stddef.h>

#include "base/buf.h"
#include "publish/manifest.h"

/* Seconds → whole milliseconds, rounded, never negative. */
long long tb_a11y_ms(double seconds);

/* "sec-3" for section index 2 (0-based in, 1-based out). */
void tb_a11y_section_id(size_t sec, char out[32]);

/* "s3-7" for sentence 6 of section 2 (0-based in, 1-based out). */
void tb_a11y_sentence_id(size_t sec, size_t sen, char out[48]);

/* The audio clip [begin, end) in ms of sentence `sen` of section `sec` on the
 * edition timeline. The clips tile the timeline, so that a talking book plays
 * what the MP3 plays: a sentence's clip runs from its start to the next
 * sentence's start, so it holds the pause after it; the first of a section
 * starts where the section does (0 for the first section), the last ends
 * where the next section starts (the edition's end for the last). Kept
 * inside [0, edition duration], at least 1 ms long. */
void tb_a11y_sentence_clip(const tb_manifest *m, size_t sec, size_t sen, long long *begin,
                           long long *end);

/* The clip of a whole section [begin, end) in ms, kept inside the edition:
 * the section file as heard (chapters, the page's section players). */
void tb_a11y_section_clip(const tb_manifest *m, size_t sec, long long *begin, long long *end);

/* The section's stretch of the tiled timeline (see tb_a11y_sentence_clip):
 * the clip of a section without sentences in the talking books. */
void tb_a11y_section_tile(const tb_manifest *m, size_t sec, long long *begin, long long *end);

/* "H:MM:SS.mmm", a SMIL full clock value. */
void tb_a11y_clock(long long ms, char out[40]);

/* "HH:MM:SS", rounded to the nearest second (DAISY ncc:totalTime). */
void tb_a11y_hms(long long ms, char out[40]);

/* A UUID (version 5 form, from SHA-1 of "tingbao:" slug "\n" title) written
 * as "urn:uuid:…": the same edition always gets the same identifier. */
void tb_a11y_identifier(const tb_manifest *m, char out[64]);

/* Non-zero when the section's first sentence is its title (a headline read
 * aloud): the heading then is that sentence rather than a copy of it. */
int tb_a11y_title_is_spoken(const tb_man_section *s);

/* ---- XML writing ------------------------------------------------------
 * A thin layer over libxml2's xmlTextWriter (text and attributes escaped by
 * construction) with a sticky error: after the first failure every call is a
 * no-op and tb_xw_finish reports it. Ownership: tb_xw_new allocates the
 * writer; tb_xw_finish always releases it, on success appending the document
 * to `out`.
 */
typedef struct tb_xw tb_xw;

/* A writer into memory, indented with two spaces when `indent`: TB_OK and
 * *out, or TB_ERR_NOMEM and *out NULL. */
tb_status tb_xw_new(int indent, tb_xw **out);
/* The XML declaration: version (NULL: "1.0") and encoding. */
void tb_xw_begin(tb_xw *x, const char *version, const char *encoding);
/* <!DOCTYPE name PUBLIC pubid sysid> (pubid, sysid may be NULL). */
void tb_xw_dtd(tb_xw *x, const char *name, const char *pubid, const char *sysid);
/* Close every open element and end the document. */
void tb_xw_end_document(tb_xw *x);
void tb_xw_start(tb_xw *x, const char *name);
/* Close the open element as <x/> when it is empty. */
void tb_xw_end(tb_xw *x);
/* Close the open element always as <x></x> (HTML's non-void elements). */
void tb_xw_full_end(tb_xw *x);
void tb_xw_attr(tb_xw *x, const char *name, const char *value);
void tb_xw_text(tb_xw *x, const char *text);
/* Trusted markup, written as is (our own constant CSS and script only). */
void tb_xw_raw(tb_xw *x, const char *markup);
/* <name>text</name> */
void tb_xw_el(tb_xw *x, const char *name, const char *text);
/* Mark the document failed (a step outside the writer failed, e.g. for want
 * of memory): every later call is a no-op and tb_xw_finish reports it. */
void tb_xw_fail(tb_xw *x);
/* Release the writer; TB_ERR_NOMEM/TB_ERR_TOO_BIG/TB_ERR_IO if any step failed. */
tb_status tb_xw_finish(tb_xw *x, tb_buf *out);

#endif
