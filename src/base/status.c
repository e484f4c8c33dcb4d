/* SPDX-License-Identifier: GPL-3.0-or-later */
/* status.c — messages for tb_status and the diagnostic helper. */
#include "base/tb.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *tb_strerror(tb_status st)
{
    switch (st) {
    case TB_OK: return "success";
    case TB_ERR_NOMEM: return "out of memory";
    case TB_ERR_IO: return "input/output error";
    case TB_ERR_ENCODING: return "invalid text encoding";
    case TB_ERR_INPUT: return "unusable input";
    case TB_ERR_TOO_BIG: return "input too large";
    case TB_ERR_SYNTH: return "speech synthesis failed";
    case TB_ERR_ENCODE: return "audio encoding failed";
    case TB_ERR_USAGE: return "bad usage";
    case TB_ERR_LEXICON: return "bad lexicon entry";
    case TB_ERR_INTERRUPTED: return "interrupted";
    }
    return "unknown error";
}

void tb_diag_set(tb_diag *diag, const char *file, size_t line, size_t column, const char *fmt, ...)
{
    if (!diag)
        return;
    if (file)
        snprintf(diag->file, sizeof diag->file, "%s", file);
    diag->line = line;
    diag->column = column;
    if (fmt) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(diag->what, sizeof diag->what, fmt, ap);
        va_end(ap);
    }
}

tb_status tb_diag_io(tb_diag *diag, const char *path, const char *what)
{
    int e = errno;
    tb_diag_set(diag, path, 0, 0, "%s", what);
    if (diag)
        diag->err = e;
    return TB_ERR_IO;
}
