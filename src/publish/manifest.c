/* SPDX-License-Identifier: GPL-3.0-or-later */
/* manifest.c — reading edition.json back for the publishers; see manifest.h. */
#include "publish/manifest.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static const char *str_field(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static int num_field(json_t *obj, const char *key, double *out)
{
    json_t *v = json_object_get(obj, key);
    if (!json_is_number(v))
        return 0;
    *out = json_number_value(v);
    return *out >= 0;
}

void tb_manifest_free(tb_manifest *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n_sections; i++) {
        tb_man_section *s = &m->sections[i];
        for (size_t j = 0; j < s->n_sentences; j++)
            free(s->sentences[j].text);
        free(s->sentences);
        free(s->kind);
        free(s->title);
        free(s->file);
    }
    free(m->sections);
    free(m->dir);
    free(m->slug);
    free(m->title);
    free(m->date);
    free(m->description);
    free(m->edition_file);
    free(m->mp3_file);
    free(m->publisher);
    free(m);
}

static tb_status bad(tb_diag *diag, const char *path, const char *what)
{
    tb_diag_set(diag, path, 0, 0, "%s", what);
    return TB_ERR_INPUT;
}

/* A file name from the manifest must stay inside the edition folder. */
static int safe_name(const char *s)
{
    return s && *s && !strchr(s, '/') && strcmp(s, ".") && strcmp(s, "..");
}

static tb_status load_sections(json_t *arr, tb_manifest *m, const char *path, tb_diag *diag)
{
    size_t n = json_array_size(arr);
    m->sections = calloc(n ? n : 1, sizeof *m->sections);
    if (!m->sections)
        return TB_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) {
        json_t *js = json_array_get(arr, i);
        tb_man_section *s = &m->sections[i];
        m->n_sections = i + 1;
        const char *title = str_field(js, "title"), *file = str_field(js, "file");
        if (!title || !safe_name(file) || !num_field(js, "start", &s->start) ||
            !num_field(js, "duration", &s->duration))
            return bad(diag, path, "a section lacks title, file, start or duration");
        const char *kind = str_field(js, "kind");
        s->kind = strdup(kind ? kind : "");
        s->title = strdup(title);
        s->file = strdup(file);
        if (!s->kind || !s->title || !s->file)
            return TB_ERR_NOMEM;
        json_t *sents = json_object_get(js, "sentences");
        size_t k = json_array_size(sents);
        s->sentences = calloc(k ? k : 1, sizeof *s->sentences);
        if (!s->sentences)
            return TB_ERR_NOMEM;
        for (size_t j = 0; j < k; j++) {
            json_t *jt = json_array_get(sents, j);
            tb_man_sentence *t = &s->sentences[j];
            s->n_sentences = j + 1;
            const char *text = str_field(jt, "text");
            if (!text || !num_field(jt, "start", &t->start) ||
                !num_field(jt, "duration", &t->duration))
                return bad(diag, path, "a sentence lacks text, start or duration");
            if (!(t->text = strdup(text)))
                return TB_ERR_NOMEM;
        }
    }
    return TB_OK;
}

tb_status tb_manifest_load(const char *dir, tb_manifest **out, tb_diag *diag)
{
    size_t n = strlen(dir) + sizeof "/edition.json";
    char *path = malloc(n);
    if (!path)
        return TB_ERR_NOMEM;
    snprintf(path, n, "%s/edition.json", dir);
    json_error_t jerr;
    json_t *root = json_load_file(path, 0, &jerr);
    if (!root) {
        tb_diag_set(diag, path, (size_t)(jerr.line > 0 ? jerr.line : 0), 0, "%s", jerr.text);
        free(path);
        return TB_ERR_IO;
    }
    tb_status st = TB_OK;
    tb_manifest *m = calloc(1, sizeof *m);
    if (!m) {
        st = TB_ERR_NOMEM;
        goto done;
    }
    const char *title = str_field(root, "title"), *edition = str_field(root, "edition");
    json_t *sections = json_object_get(root, "sections");
    if (!title || !safe_name(edition) || !json_is_array(sections) ||
        !num_field(root, "duration", &m->duration)) {
        st = bad(diag, path, "not an edition manifest (title, edition, duration, sections)");
        goto done;
    }
    const char *mp3 = str_field(root, "mp3");
    if (mp3 && !safe_name(mp3)) {
        st = bad(diag, path, "bad mp3 file name");
        goto done;
    }
    size_t dl = strlen(dir);
    while (dl > 1 && dir[dl - 1] == '/')
        dl--;
    const char *slug = dir + dl;
    while (slug > dir && slug[-1] != '/')
        slug--;
    const char *desc = str_field(root, "description");
    m->dir = strndup(dir, dl);
    m->slug = strndup(slug, (size_t)(dir + dl - slug));
    m->title = strdup(title);
    m->date = dup_or_null(str_field(root, "date"));
    m->description = strdup(desc ? desc : "");
    m->edition_file = strdup(edition);
    m->mp3_file = dup_or_null(mp3);
    m->publisher = dup_or_null(str_field(root, "publisher"));
    if (!m->dir || !m->slug || !m->title || !m->description || !m->edition_file ||
        (mp3 && !m->mp3_file) || (str_field(root, "date") && !m->date) ||
        (str_field(root, "publisher") && !m->publisher)) {
        st = TB_ERR_NOMEM;
        goto done;
    }
    st = load_sections(sections, m, path, diag);
done:
    json_decref(root);
    free(path);
    if (st != TB_OK) {
        tb_manifest_free(m);
        return st;
    }
    *out = m;
    return TB_OK;
}
