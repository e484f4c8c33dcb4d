/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * input.h — the first stage: read a report file, decode it to UTF-8 (from
 * UTF-8 with or without BOM, or GB18030), turn CRLF into LF, and sniff its
 * format. Only this module knows about encodings.
 */
#ifndef TB_INPUT_H
#define TB_INPUT_H

#include <stddef.h>

#include "tb.h"

typedef enum {
    TB_FMT_AUTO = 0,   /* sniff */
    TB_FMT_EPAPER,     /* text scraped from an e-paper page (also plain text) */
    TB_FMT_MARKDOWN,
    TB_FMT_HTML
} tb_input_format;

typedef struct {
    char *text;              /* UTF-8, LF line ends, no BOM, NUL-terminated; owned */
    size_t len;
    tb_input_format format;  /* never TB_FMT_AUTO after tb_input_read */
} tb_text;

/* Read `path` ("-" for stdin). `format` forces a format (TB_FMT_AUTO sniffs).
 * Invalid bytes give TB_ERR_ENCODING with file, line and column in diag.
 * On success the caller owns out->text (tb_text_free). */
tb_status tb_input_read(const char *path, tb_input_format format, tb_text *out, tb_diag *diag);
void tb_text_free(tb_text *t);

#endif
