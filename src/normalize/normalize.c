/* SPDX-License-Identifier: GPL-3.0-or-later */
/* normalize.c — STUB: returns the text unchanged until the expanders land. */
#include "normalize/normalize.h"

#include <stdlib.h>
#include <string.h>

tb_status tb_norm_text(const char *in, size_t len, char **out)
{
    char *p = malloc(len + 1);
    if (!p)
        return TB_ERR_NOMEM;
    memcpy(p, in, len);
    p[len] = '\0';
    *out = p;
    return TB_OK;
}
