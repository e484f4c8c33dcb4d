/* SPDX-License-Identifier: GPL-3.0-or-later */
/* input.c — STUB: reads UTF-8, strips a BOM and CRs. */
#include "input.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

tb_status tb_input_read(const char *path, tb_input_format format, tb_text *out, tb_diag *diag)
{
    FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (!f) {
        tb_diag_set(diag, path, 0, 0, "cannot open");
        if (diag)
            diag->err = errno;
        return TB_ERR_IO;
    }
    tb_buf b;
    tb_buf_init(&b, 0);
    char chunk[65536];
    size_t n;
    tb_status st = TB_OK;
    while (st == TB_OK && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
        for (size_t i = 0; i < n && st == TB_OK; i++)
            if (chunk[i] != '\r')
                st = tb_buf_addc(&b, chunk[i]);
    if (f != stdin)
        fclose(f);
    if (st != TB_OK) {
        tb_buf_free(&b);
        return st;
    }
    out->len = b.len;
    out->text = tb_buf_take(&b);
    if (!out->text)
        return TB_ERR_NOMEM;
    if (out->len >= 3 && !memcmp(out->text, "\xEF\xBB\xBF", 3)) {
        memmove(out->text, out->text + 3, out->len - 2);
        out->len -= 3;
    }
    out->format = format == TB_FMT_AUTO ? TB_FMT_EPAPER : format;
    return TB_OK;
}

void tb_text_free(tb_text *t)
{
    free(t->text);
    t->text = NULL;
    t->len = 0;
}
