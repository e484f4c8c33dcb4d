/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * parse.h — the parsers of the second stage: clean text of one format →
 * blocks of a tb_document (document.h). One parser per format, all yielding
 * the same roles, so that the segmenter is format-blind. Also the small
 * "shape" tests they share: how a line looks, never what it says.
 */
#ifndef TB_PARSE_H
#define TB_PARSE_H

#include <stddef.h>

#include "base/tb.h"
#include "input/input.h"
#include "model/document.h"

/* Parse text[0..len) (clean UTF-8 from the input stage) with the parser of
 * `format` (TB_FMT_AUTO: e-paper text) into a new document (*out; the caller
 * frees it with tb_document_free). Errors as for the parsers below; on error
 * *out is untouched. */
tb_status tb_parse_text(const char *text, size_t len, tb_input_format format, const char *source,
                        tb_document **out, tb_diag *diag);

/* Each parser appends the blocks of text[0..len) (clean UTF-8 from the input
 * stage) to doc. `source` names the input in diagnostics. Errors: TB_ERR_NOMEM,
 * TB_ERR_INPUT (HTML that libxml2 cannot parse at all). A page without article
 * text is not an error here: it yields only chrome blocks (or none). */
tb_status tb_parse_epaper(const char *text, size_t len, const char *source, tb_document *doc,
                          tb_diag *diag);
tb_status tb_parse_markdown(const char *text, size_t len, const char *source, tb_document *doc,
                            tb_diag *diag);
tb_status tb_parse_html(const char *text, size_t len, const char *source, tb_document *doc,
                        tb_diag *diag);

/* ---- shape helpers (shape.c) ---- */

/* True for the white space a page uses between words or for indentation:
 * ASCII space and tab, no-break space, the en/em spaces, ideographic space. */
int tb_parse_is_space(unsigned cp);

/* Trim white space on both ends of s[0..*len): returns the new start, stores
 * the new length, and (if indent != NULL) the leading indentation in columns
 * (tab = 4, ideographic space = 2, other spaces = 1). */
const char *tb_parse_trim(const char *s, size_t *len, unsigned *indent);

/* True if cp closes a quotation or bracket: ” ’ 」 』 ） ) 》 〉 】 ] " ' */
int tb_parse_is_closer(unsigned cp);

/* True if s[0..len) (trimmed) ends a sentence: its last character, after any
 * closing quotes and brackets, is one of 。！？；… ! ? ; or a full stop. */
int tb_parse_ends_sentence(const char *s, size_t len);

/* True if s[0..len) ends with a mark that says the text goes on: ，、：, : — */
int tb_parse_ends_open(const char *s, size_t len);

/* True if s[0..len) is wholly in round brackets — （…） or (…) — and short:
 * the shape of a credit or byline line. */
int tb_parse_is_credit(const char *s, size_t len);

/* True if s[0..len) has the shape "place name: title": 2–8 Han characters, a
 * colon (full-width ： or ASCII :), then a title of at least two characters. */
int tb_parse_is_place_title(const char *s, size_t len);

/* Role of a heading inside an article: TB_BLOCK_SUBREPORT if it has the
 * place-name shape, else TB_BLOCK_SUBHEADING. */
tb_block_role tb_parse_heading_role(const char *s, size_t len);

/* Number of characters (code points) in s[0..len), white space excluded. */
size_t tb_parse_nchars(const char *s, size_t len);

#endif
