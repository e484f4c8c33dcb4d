/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * input_int.h — what the files of the input stage share (private to
 * src/input/): which encoding raw bytes are in (charset.c) and what format
 * clean text is in (sniff.c). input.c reads, decodes and cleans.
 */
#ifndef TB_INPUT_INT_H
#define TB_INPUT_INT_H

#include <stddef.h>

#include "input/input.h"

/* The encoding chosen for a file's bytes. */
typedef struct {
    const char *charset; /* iconv name; NULL: UTF-8 */
    const char *name;    /* "UTF-8", "GB18030", "Big5", "UTF-16" (tb_text.encoding) */
    size_t skip;         /* bytes of byte-order mark */
    int neither;         /* UTF-8 path: undeclared bytes in no encoding we read: refuse */
    int mixed;           /* legacy: lines that are valid UTF-8 Chinese stay UTF-8 */
    char declared[32];   /* a declared charset that its bytes did not fit, else "" */
} tb_charset_choice;

/* Choose the encoding of d[0..n) (see input.h): BOM, --encoding, UTF-16
 * without BOM, a charset the page declares (when `markup`: an HTML meta or
 * XML declaration in the first 4 KiB), else detection among UTF-8, GB18030
 * and Big5. TB_ERR_ENCODING with a message in diag when the bytes cannot be
 * read (UTF-16-like but not decodable; with `strict`, text that decodes as
 * mojibake in the declared or detected charset). */
tb_status tb_input_choose(const char *d, size_t n, const char *name, const tb_input_opts *o,
                          int markup, tb_charset_choice *c, tb_diag *diag);

/* True when s[0..n) is a line that is valid UTF-8 holding Chinese text
 * (at least two non-ASCII characters, every one Han, CJK punctuation or
 * full-width): a UTF-8 line pasted into a GB18030 or Big5 file. */
int tb_input_utf8_chinese_line(const char *s, size_t n);

/* The format a file name's extension says (.txt .text → e-paper text,
 * .md .markdown → Markdown, .html .htm .xhtml → HTML), else TB_FMT_AUTO. */
tb_input_format tb_input_format_by_name(const char *name);

#endif
