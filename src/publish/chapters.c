/* SPDX-License-Identifier: GPL-3.0-or-later */
/* chapters.c — chapters.json (Podcasting 2.0 JSON chapters); see chapters.h. */
#include "publish/chapters.h"

#include "publish/json_util.h"

tb_status tb_chapters_json(const tb_manifest *m, tb_buf *out)
{
    json_t *root = json_object(), *list = json_array();
    int ok = root && list && tb_json_put(root, "version", json_string("1.2.0"));
    if (ok) {
        ok = json_object_set(root, "chapters", list) == 0;
    }
    for (size_t i = 0; ok && i < m->n_sections; i++) {
        json_t *ch = json_object();
        ok = ch && tb_json_put(ch, "startTime", tb_json_seconds(m->sections[i].start)) &&
             tb_json_put(ch, "title", json_string(m->sections[i].title)) &&
             json_array_append(list, ch) == 0;
        json_decref(ch);
    }
    json_decref(list);
    tb_status st = ok ? tb_json_dump(root, out) : TB_ERR_NOMEM;
    json_decref(root);
    return st;
}
