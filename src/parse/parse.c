/* SPDX-License-Identifier: GPL-3.0-or-later */
/* parse.c — the one place that picks the parser of a text's format; see parse.h. */
#include "parse/parse.h"

tb_status tb_parse_text(const char *text, size_t len, tb_input_format format, const char *source,
                        tb_document **out, tb_diag *diag)
{
    tb_document *doc = tb_document_new();
    if (!doc)
        return TB_ERR_NOMEM;
    tb_status st;
    switch (format) {
    case TB_FMT_MARKDOWN: st = tb_parse_markdown(text, len, source, doc, diag); break;
    case TB_FMT_HTML: st = tb_parse_html(text, len, source, doc, diag); break;
    case TB_FMT_AUTO:
    case TB_FMT_EPAPER:
    default: st = tb_parse_epaper(text, len, source, doc, diag); break;
    }
    if (st != TB_OK) {
        tb_document_free(doc);
        return st;
    }
    *out = doc;
    return TB_OK;
}
