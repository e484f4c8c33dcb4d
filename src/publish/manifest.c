/* SPDX-License-Identifier: GPL-3.0-or-later */
/* manifest.c — reading edition.json back for the publishers; see manifest.h. */
#include "publish/manifest.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/date.h"
#include "base/safe.h"

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static const char *str_field(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* A number of seconds read back: finite, 0..TB_MANIFEST_MAX_SECONDS (a
 * crafted edition.json must not overflow what prints or multiplies it). */
static int num_field(json_t *obj, const char *key, double *out)
{
    json_t *v = json_object_get(obj, key);
    if (!json_is_number(v))
        return 0;
    *out = json_number_value(v);
    return isfinite(*out) && *out >= 0 && *out <= TB_MANIFEST_MAX_SECONDS;
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
            return bad(diag, path, "a section lacks title, file, start or duration (0-1e6 s)");
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
                return bad(diag, path, "a sentence lacks text, start or duration (0-1e6 s)");
            if (!(t->text = strdup(text)))
                return TB_ERR_NOMEM;
        }
    }
    return TB_OK;
}

/* Fill m from the manifest's JSON; `path` names it in diag. */
static tb_status from_json(json_t *root, const char *dir, const char *path, tb_manifest *m,
                           tb_diag *diag)
{
    const char *title = str_field(root, "title"), *edition = str_field(root, "edition");
    json_t *sections = json_object_get(root, "sections");
    if (!title || !safe_name(edition) || !json_is_array(sections) ||
        !num_field(root, "duration", &m->duration)) {
        return bad(diag, path, "not an edition manifest (title, edition, duration, sections)");
    }
    const char *date = str_field(root, "date");
    if (date && !tb_date_valid_iso(date)) {
        return bad(diag, path, "bad date: not a real YYYY-MM-DD day");
    }
    const char *mp3 = str_field(root, "mp3");
    if (mp3 && !safe_name(mp3)) {
        return bad(diag, path, "bad mp3 file name");
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
    m->date = dup_or_null(date);
    m->description = strdup(desc ? desc : "");
    m->edition_file = strdup(edition);
    m->mp3_file = dup_or_null(mp3);
    if (!m->dir || !m->slug || !m->title || !m->description || !m->edition_file ||
        (mp3 && !m->mp3_file) || (date && !m->date))
        return TB_ERR_NOMEM;
    return load_sections(sections, m, path, diag);
}

tb_status tb_manifest_parse(const char *text, size_t len, const char *dir, const char *path,
                            tb_manifest **out, tb_diag *diag)
{
    json_error_t jerr;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root || !json_is_object(root)) {
        tb_diag_set(diag, path, (size_t)(jerr.line > 0 ? jerr.line : 0), 0, "%s",
                    root ? "not a JSON object" : jerr.text);
        json_decref(root);
        return TB_ERR_INPUT;
    }
    tb_manifest *m = calloc(1, sizeof *m);
    tb_status st = m ? from_json(root, dir, path, m, diag) : TB_ERR_NOMEM;
    json_decref(root);
    if (st != TB_OK) {
        tb_manifest_free(m);
        return st;
    }
    *out = m;
    return TB_OK;
}

tb_status tb_manifest_load(const char *dir, tb_manifest **out, tb_diag *diag)
{
    size_t n = strlen(dir) + sizeof "/edition.json";
    char *path = malloc(n);
    if (!path)
        return TB_ERR_NOMEM;
    snprintf(path, n, "%s/edition.json", dir);
    char *text = NULL;
    size_t len = 0;
    tb_status st =
        tb_safe_read_file(path, TB_SAFE_NOFOLLOW, TB_MANIFEST_MAX_BYTES, &text, &len, diag);
    if (st == TB_OK)
        st = tb_manifest_parse(text, len, dir, path, out, diag);
    else if (st != TB_ERR_NOMEM)
        st = TB_ERR_INPUT;
    free(text);
    free(path);
    return st;
}

int tb_pub_is_edition(const char *dir)
{
    struct stat sb;
    tb_manifest *m = NULL;
    if (lstat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode) || tb_manifest_load(dir, &m, NULL) != TB_OK)
        return 0;
    tb_manifest_free(m);
    return 1;
}
