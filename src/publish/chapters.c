/* SPDX-License-Identifier: GPL-3.0-or-later */
/* chapters.c — chapters.json (Podcasting 2.0 JSON chapters); see chapters.h. */
#include "publish/chapters.h"

#include "publish/json_util.h"

tb_status tb_pub_chapters(const tb_edition *ed, const tb_timeline *tl, const char *path,
                          tb_diag *diag)
{
    json_t *root = json_object(), *list = json_array();
    int ok = root && list && tb_json_put(root, "version", json_string("1.2.0"));
    if (ok) {
        ok = json_object_set(root, "chapters", list) == 0;
    }
    for (size_t i = 0; ok && i < ed->n_sections && i < tl->n_sections; i++) {
        json_t *ch = json_object();
        ok = ch && tb_json_put(ch, "startTime", tb_json_seconds(tl->sections[i].span.start)) &&
             tb_json_put(ch, "title", json_string(tb_pub_title(&ed->sections[i]))) &&
             json_array_append(list, ch) == 0;
        json_decref(ch);
    }
    json_decref(list);
    if (!ok) {
        json_decref(root);
        return TB_ERR_NOMEM;
    }
    return tb_json_write(root, path, diag);
}
