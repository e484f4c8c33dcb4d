/* SPDX-License-Identifier: GPL-3.0-or-later */
/* json_util.c — helpers shared by the JSON writers; see json_util.h. */
#include "publish/json_util.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/safe.h"

json_t *tb_json_seconds(double s)
{
    double ms = round(s * 1000.0);
    if (fmod(ms, 1000.0) == 0.0)
        return json_integer((json_int_t)(ms / 1000.0));
    return json_real(ms / 1000.0);
}

int tb_json_put(json_t *obj, const char *key, json_t *value)
{
    return value && json_object_set_new(obj, key, value) == 0;
}

#define DUMP_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12))

tb_status tb_json_dump(const json_t *root, tb_buf *out)
{
    char *text = json_dumps(root, DUMP_FLAGS);
    if (!text)
        return TB_ERR_NOMEM;
    tb_status st = tb_buf_adds(out, text);
    free(text);
    return st == TB_OK ? tb_buf_addc(out, '\n') : st;
}

tb_status tb_json_write(json_t *root, const char *path, tb_diag *diag)
{
    char *text = json_dumps(root, DUMP_FLAGS);
    json_decref(root);
    if (!text)
        return TB_ERR_NOMEM;
    size_t n = strlen(text);
    tb_status st = TB_OK;
    char *nl = realloc(text, n + 2);
    if (!nl)
        st = TB_ERR_NOMEM;
    else {
        text = nl;
        text[n++] = '\n';
        text[n] = '\0';
        st = tb_safe_write_file(path, text, n, diag); /* says the errno: ENOSPC, EDQUOT */
    }
    free(text);
    return st;
}
