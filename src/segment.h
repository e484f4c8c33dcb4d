/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * segment.h — decoded text → edition: parse the format into blocks (one
 * parser per format), drop page chrome, classify headline, captions, intro,
 * subheadings, sub-reports and credit, and split sections into sentences.
 */
#ifndef TB_SEGMENT_H
#define TB_SEGMENT_H

#include "edition.h"
#include "input.h"

/* Segment `in` into a new edition (caller frees with tb_edition_free).
 * `source` is the path shown in messages and stored in the edition.
 * A page with no article text gives TB_ERR_INPUT. */
tb_status tb_segment(const tb_text *in, const char *source, tb_edition **out, tb_diag *diag);

#endif
