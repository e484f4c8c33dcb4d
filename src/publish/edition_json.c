/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * edition_json.c — edition.json, the manifest of an edition, and its one
 * owner: written here from the edition and its timeline, and read back here,
 * for the publishers (tb_manifest_load, manifest.h) and for the next render
 * (tb_render_state_load). See edition_json.h.
 */
#include "publish/edition_json.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/utf8.h"
#include "publish/json_util.h"
#include "publish/manifest.h"

#define DESCRIPTION_CHARS 120 /* at least this many characters, whole sentences */
#define DESCRIPTION_SENTENCES 3

static int opt_string(json_t *obj, const char *key, const char *val)
{
    return tb_json_put(obj, key, val && *val ? json_string(val) : json_null());
}

static size_t count_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* The report's first sentences after the headline (captions left out), for
 * feeds and players: whole sentences until DESCRIPTION_CHARS characters. */
static json_t *description(const tb_edition *ed)
{
    tb_buf b;
    tb_buf_init(&b, 0);
    size_t chars = 0, taken = 0;
    tb_status st = TB_OK;
    for (size_t i = 0; i < ed->n_sections && st == TB_OK; i++) {
        const tb_section *sec = &ed->sections[i];
        if (sec->kind == TB_KIND_HEADLINE || sec->kind == TB_KIND_CAPTION)
            continue;
        for (size_t j = 0; j < sec->n_sentences && st == TB_OK; j++) {
            if (chars >= DESCRIPTION_CHARS || taken == DESCRIPTION_SENTENCES)
                break;
            st = tb_buf_adds(&b, sec->sentences[j].text);
            chars += count_chars(sec->sentences[j].text);
            taken++;
        }
    }
    json_t *v = st == TB_OK ? json_string(b.data ? b.data : "") : NULL;
    tb_buf_free(&b);
    return v;
}

/* The loudness figures measured on the PCM handed to the encoders (the tests
 * measure the decoded files with an independent meter). */
static json_t *loudness(double lufs, double true_peak, double gain_db)
{
    json_t *o = json_object();
    if (o && (tb_json_put(o, "integrated_lufs", json_real(round(lufs * 100) / 100)) == 0 ||
              tb_json_put(o, "true_peak_dbtp", json_real(round(true_peak * 100) / 100)) == 0 ||
              (!isnan(gain_db) &&
               tb_json_put(o, "gain_db", json_real(round(gain_db * 100) / 100)) == 0))) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *section_json(const tb_section *sec, const tb_section_timing *t)
{
    json_t *o = json_object(), *list = json_array();
    int ok = o && list && tb_json_put(o, "kind", json_string(tb_section_kind_name(sec->kind))) &&
             tb_json_put(o, "title", json_string(tb_section_title(sec))) &&
             tb_json_put(o, "file", json_string(t->file)) &&
             tb_json_put(o, "article", json_integer((json_int_t)sec->article)) &&
             tb_json_put(o, "start", tb_json_seconds(t->span.start)) &&
             tb_json_put(o, "duration", tb_json_seconds(t->span.duration)) &&
             tb_json_put(o, "loudness", loudness(t->lufs, t->true_peak, t->gain_db)) &&
             json_object_set(o, "sentences", list) == 0;
    for (size_t j = 0; ok && j < sec->n_sentences && j < t->n_sentences; j++) {
        const tb_sentence *s = &sec->sentences[j];
        json_t *js = json_object();
        ok = js && tb_json_put(js, "text", json_string(s->text)) &&
             opt_string(js, "spoken", s->spoken) &&
             tb_json_put(js, "paragraph", json_integer((json_int_t)s->paragraph)) &&
             tb_json_put(js, "start", tb_json_seconds(t->sentences[j].start)) &&
             tb_json_put(js, "duration", tb_json_seconds(t->sentences[j].duration)) &&
             json_array_append(list, js) == 0;
        json_decref(js);
    }
    json_decref(list);
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* The render state (render_state.h): exact figures, for the next render. */
static json_t *render_state(const tb_timeline *tl)
{
    json_t *o = json_object(), *secs = json_array();
    int ok = o && secs && tb_json_put(o, "key", json_string(tl->key)) &&
             json_object_set(o, "sections", secs) == 0;
    for (size_t i = 0; ok && i < tl->n_sections; i++) {
        const tb_section_timing *t = &tl->sections[i];
        json_t *s = json_object(), *samples = json_array();
        ok = s && samples && tb_json_put(s, "key", json_string(t->key)) &&
             tb_json_put(s, "file", json_string(t->file)) &&
             json_object_set(s, "samples", samples) == 0 &&
             tb_json_put(s, "lufs", json_real(t->lufs)) &&
             tb_json_put(s, "true_peak", json_real(t->true_peak)) &&
             tb_json_put(s, "gain_db", json_real(t->gain_db)) && json_array_append(secs, s) == 0;
        for (size_t k = 0; ok && k < 2 * t->n_sentences; k++)
            ok = json_array_append_new(samples, json_integer((json_int_t)t->samples[k])) == 0;
        json_decref(samples);
        json_decref(s);
    }
    json_decref(secs);
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return o;
}

tb_status tb_pub_edition_json(const tb_edition *ed, const tb_timeline *tl,
                              const tb_edition_json_info *info, const char *path, tb_diag *diag)
{
    const char *title = tb_edition_title(ed, info->title);
    json_t *root = json_object(), *secs = json_array(), *audio = json_object();
    int ok =
        root && secs && audio && tb_json_put(root, "tingbao", json_string(TB_VERSION)) &&
        tb_json_put(root, "title", json_string(title)) && opt_string(root, "date", info->date) &&
        tb_json_put(root, "description", description(ed)) &&
        opt_string(root, "publisher", info->publisher) && opt_string(root, "source", ed->source) &&
        tb_json_put(root, "edition", json_string(tl->edition_file)) &&
        tb_json_put(root, "duration", tb_json_seconds(tl->duration)) &&
        opt_string(root, "mp3", tl->mp3_file) &&
        tb_json_put(root, "loudness", loudness(tl->lufs, tl->true_peak, NAN)) &&
        tb_json_put(audio, "format", json_string(tl->format)) &&
        tb_json_put(audio, "voice", json_string(info->voice ? info->voice : "")) &&
        tb_json_put(audio, "sample_rate", json_integer(info->sample_rate)) &&
        tb_json_put(audio, "bitrate", info->bitrate ? json_integer(info->bitrate) : json_null()) &&
        json_object_set(root, "audio", audio) == 0 &&
        json_object_set(root, "sections", secs) == 0 &&
        (!tl->key[0] || tb_json_put(root, "render", render_state(tl)));
    for (size_t i = 0; ok && i < ed->n_sections && i < tl->n_sections; i++) {
        json_t *s = section_json(&ed->sections[i], &tl->sections[i]);
        ok = s && json_array_append_new(secs, s) == 0;
    }
    json_decref(secs);
    json_decref(audio);
    if (!ok) {
        json_decref(root);
        return TB_ERR_NOMEM;
    }
    return tb_json_write(root, path, diag);
}

/* ---- reading it back: the manifest, for the publishers ---- */

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
        double article = 0;
        if (num_field(js, "article", &article) && article >= 0 && article < 1e6)
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
                return bad(diag, path, "a sentence lacks text, start or duration");
            double para = 0;
            if (num_field(jt, "paragraph", &para) && para >= 0 && para < 1e9)
                t->paragraph = (size_t)para;
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

/* ---- reading it back: the render state, for the next render ---- */

static int copy_hex(char out[TB_KEY_HEX], json_t *v)
{
    const char *s = json_string_value(v);
    if (!s || strlen(s) != TB_KEY_HEX - 1 || strspn(s, "0123456789abcdef") != TB_KEY_HEX - 1)
        return 0;
    memcpy(out, s, TB_KEY_HEX);
    return 1;
}

static double num(json_t *v)
{
    return json_is_number(v) ? json_number_value(v) : 0.0;
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
        if (!json_is_integer(v) || json_integer_value(v) < 0)
            return 0;
        s->samples[k] = (uint64_t)json_integer_value(v);
    }
    s->lufs = num(json_object_get(js, "lufs"));
    s->true_peak = num(json_object_get(js, "true_peak"));
    s->gain_db = num(json_object_get(js, "gain_db"));
    return 1;
}

tb_status tb_render_state_load(const char *path, tb_render_state **out)
{
    *out = NULL;
    json_error_t err;
    json_t *root = json_load_file(path, 0, &err);
    if (!root)
        return TB_OK;
    json_t *r = json_object_get(root, "render"), *secs = json_object_get(r, "sections");
    tb_render_state *s = calloc(1, sizeof *s);
    tb_status st = s ? TB_OK : TB_ERR_NOMEM;
    int ok = s && json_is_array(secs) && copy_hex(s->key, json_object_get(r, "key"));
    if (ok) {
        s->duration = num(json_object_get(root, "duration"));
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
