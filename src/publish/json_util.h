/* SPDX-License-Identifier: GPL-3.0-or-later */
/* json_util.h — small helpers the JSON writers of publish/ share (jansson). */
#ifndef TB_JSON_UTIL_H
#define TB_JSON_UTIL_H

#include <jansson.h>

#include "base/buf.h"
#include "base/tb.h"

/* Seconds rounded to the millisecond, as a JSON number; NULL on OOM. */
json_t *tb_json_seconds(double s);
/* Set key to value, taking the reference; 0 if value is NULL or on OOM. */
int tb_json_put(json_t *obj, const char *key, json_t *value);
/* Dump root to path (2-space indent, keys in insertion order, UTF-8 kept),
 * then release root. */
tb_status tb_json_write(json_t *root, const char *path, tb_diag *diag);
/* The same text as tb_json_write's, and its final newline, appended to out. */
tb_status tb_json_dump(const json_t *root, tb_buf *out);

#endif
