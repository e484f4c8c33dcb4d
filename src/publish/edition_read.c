/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * edition_read.c — edition.json read back, by its one owner (with
 * edition_json.c, which writes it): the manifest for the publishers
 * (tb_manifest_load, manifest.h) and the render state for the next render
 * (tb_render_state_load, edition_json.h). Every figure read back is checked:
 * finite and in range; a crafted or damaged file is refused, never trusted.
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/date.h"
#include "base/fs.h"
#include "base/safe.h"
#include "publish/edition_json.h"
#include "publish/manifest.h"

/* ---- the manifest, for the publishers ---- */

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
    free(m->publisher);
    free(m->voice);
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
        double article = 0;
        if (num_field(js, "article", &article) && article < 1e6)
            s->article = (size_t)article;
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
            double para = 0;
            if (num_field(jt, "paragraph", &para))
                t->paragraph = (size_t)para;
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
    const char *publisher = str_field(root, "publisher");
    m->publisher = dup_or_null(publisher);
    const char *voice = str_field(json_object_get(root, "audio"), "voice");
    m->voice = voice && voice[0] ? strdup(voice) : NULL;
    if (!m->dir || !m->slug || !m->title || !m->description || !m->edition_file ||
        (mp3 && !m->mp3_file) || (date && !m->date) || (voice && voice[0] && !m->voice) ||
        (publisher && !m->publisher))
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

/* ---- the render state, for the next render ---- */

static int copy_hex(char out[TB_KEY_HEX], json_t *v)
{
    const char *s = json_string_value(v);
    if (!s || strlen(s) != TB_KEY_HEX - 1 || strspn(s, "0123456789abcdef") != TB_KEY_HEX - 1)
        return 0;
    memcpy(out, s, TB_KEY_HEX);
    return 1;
}

/* A figure read back: a finite number within [lo, hi], else 0 (unusable). */
static int num_in(json_t *v, double lo, double hi, double *out)
{
    if (!json_is_number(v))
        return 0;
    *out = json_number_value(v);
    return isfinite(*out) && *out >= lo && *out <= hi;
}

static int load_section(tb_rs_section *s, json_t *js)
{
    const char *file = json_string_value(json_object_get(js, "file"));
    json_t *samples = json_object_get(js, "samples");
    if (!copy_hex(s->key, json_object_get(js, "key")) || !file || strlen(file) >= sizeof s->file ||
        strchr(file, '/') || file[0] == '.' || !json_is_array(samples) ||
        json_array_size(samples) % 2)
        return 0;
    snprintf(s->file, sizeof s->file, "%s", file);
    s->n_sentences = json_array_size(samples) / 2;
    s->samples = calloc(s->n_sentences ? 2 * s->n_sentences : 1, sizeof *s->samples);
    if (!s->samples)
        return 0;
    for (size_t k = 0; k < 2 * s->n_sentences; k++) {
        json_t *v = json_array_get(samples, k);
        if (!json_is_integer(v) || json_integer_value(v) < 0 ||
            json_integer_value(v) > TB_RS_MAX_SAMPLES)
            return 0;
        s->samples[k] = (uint64_t)json_integer_value(v);
    }
    double bytes = -1;
    if (!num_in(json_object_get(js, "lufs"), -1e3, 1e3, &s->lufs) ||
        !num_in(json_object_get(js, "true_peak"), -1e3, 1e3, &s->true_peak) ||
        !num_in(json_object_get(js, "gain_db"), -1e3, 1e3, &s->gain_db) ||
        !num_in(json_object_get(js, "bytes"), 0, 1e15, &bytes) ||
        !copy_hex(s->sha256, json_object_get(js, "sha256")))
        return 0;
    s->bytes = (unsigned long long)bytes;
    return 1;
}

tb_status tb_render_state_parse(const char *text, size_t len, tb_render_state **out)
{
    *out = NULL;
    json_error_t err;
    json_t *root = json_loadb(text, len, 0, &err);
    if (!root)
        return TB_OK;
    json_t *r = json_object_get(root, "render"), *secs = json_object_get(r, "sections");
    tb_render_state *s = calloc(1, sizeof *s);
    tb_status st = s ? TB_OK : TB_ERR_NOMEM;
    int ok = s && json_is_array(secs) && copy_hex(s->key, json_object_get(r, "key")) &&
             num_in(json_object_get(root, "duration"), 0, 1e6, &s->duration);
    if (ok) {
        s->sections = calloc(json_array_size(secs) + 1, sizeof *s->sections);
        ok = s->sections != NULL;
        if (!ok)
            st = TB_ERR_NOMEM;
    }
    for (size_t i = 0; ok && i < json_array_size(secs); i++) {
        ok = load_section(&s->sections[i], json_array_get(secs, i));
        s->n_sections = i + 1; /* what load_section allocated is freed with s */
    }
    json_decref(root);
    if (!ok) {
        tb_render_state_free(s);
        return st;
    }
    *out = s;
    return TB_OK;
}

tb_status tb_render_state_load(const char *path, tb_render_state **out)
{
    *out = NULL;
    char *text = NULL;
    size_t len = 0;
    tb_status st = tb_safe_read_file(path, TB_SAFE_NOFOLLOW, TB_RS_MAX_BYTES, &text, &len, NULL);
    if (st != TB_OK)
        return st == TB_ERR_NOMEM ? st : TB_OK; /* none, or none usable: render in full */
    st = tb_render_state_parse(text, len, out);
    free(text);
    return st;
}

int tb_render_state_file_ok(const char *dir, const tb_rs_section *k)
{
    char path[TB_PATH_MAX], hex[TB_KEY_HEX];
    unsigned long long bytes = 0;
    return snprintf(path, sizeof path, "%s/%s", dir, k->file) < (int)sizeof path &&
           tb_safe_file_sha256(path, TB_SAFE_NOFOLLOW, hex, &bytes, NULL) == TB_OK &&
           bytes == k->bytes && !strcmp(hex, k->sha256);
}
