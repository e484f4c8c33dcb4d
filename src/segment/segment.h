/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * segment.h — decoded text → edition: parse the format into blocks (one
 * parser per format, src/parse/), then turn the blocks into the sections of
 * the audio edition and split each section into sentences.
 *
 * Sections, in reading order: the headline; one caption section titled
 * 图片说明 holding the photo captions; the intro (untitled opening paragraphs,
 * titled 导语); one section per subheading and per sub-report, titled by its
 * line, which is also its first sentence so that it is heard; the credit line
 * as a short section of its own. A page with several articles repeats this
 * from each further headline. docs/segmentation.md explains the rules.
 *
 * Sentences end at 。！？；… (and ASCII ! ? ;), at line ends inside a block,
 * keeping closing quotes and brackets with their sentence; text longer than
 * the cap is cut at a comma, else at a character boundary.
 */
#ifndef TB_SEGMENT_H
#define TB_SEGMENT_H

#include <stddef.h>

#include "model/document.h"
#include "model/edition.h"
#include "input/input.h"

/* Longest sentence, in characters (code points). */
#define TB_SENTENCE_MAX_CHARS 120

/* Segment `in` into a new edition (caller frees with tb_edition_free).
 * `source` is the path shown in messages and stored in the edition.
 * An empty page, or one with no article text, gives TB_ERR_INPUT. */
tb_status tb_segment(const tb_text *in, const char *source, tb_edition **out, tb_diag *diag);

/* The sections of an already parsed document (for tests and other front ends). */
tb_status tb_segment_document(const tb_document *doc, const char *source, tb_edition **out,
                              tb_diag *diag);

/* Called once per sentence with a trimmed, non-empty piece of the text. */
typedef tb_status (*tb_sentence_fn)(const char *s, size_t len, void *ctx);

/* Split text[0..len) (valid UTF-8) into sentences of at most max_chars
 * characters (0: TB_SENTENCE_MAX_CHARS) and call fn for each, in order.
 * Pieces with nothing to say (only punctuation or spaces) are skipped.
 * Linear in len; never cuts inside a UTF-8 sequence. Stops at the first
 * status fn returns that is not TB_OK, and returns it. */
tb_status tb_segment_split(const char *text, size_t len, size_t max_chars, tb_sentence_fn fn,
                           void *ctx);

#endif
