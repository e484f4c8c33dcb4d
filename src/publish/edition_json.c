/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * edition_json.c — edition.json, the manifest of an edition, written from the
 * edition and its timeline. Its one owner is this module: edition_json.c
 * writes it, edition_read.c reads it back (for the publishers and for the
 * next render). See edition_json.h.
 */
#include "publish/edition_json.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/safe.h"
#include "base/utf8.h"
#include "publish/json_util.h"
#include "publish/manifest.h"

#define DESCRIPTION_CHARS 120 /* at least this many characters, whole sentences */
#define DESCRIPTION_SENTENCES 3

static int opt_string(json_t *obj, const char *key, const char *val)
{
    return tb_json_put(obj, key, val && *val ? json_string(val) : json_null());
}

/* The report's file name, never the path as typed: an edition folder may be
 * published, and a server's paths are nobody's business. */
static const char *source_name(const char *source)
{
    const char *slash = source ? strrchr(source, '/') : NULL;
    return slash ? slash + 1 : source;
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

/* The length and SHA-256 of the section file `file` beside edition.json
 * (`path`), put in o: what the next render checks before keeping it. */
static int file_digest(json_t *o, const char *path, const char *file)
{
    const char *slash = strrchr(path, '/');
    int dl = slash ? (int)(slash - path) : 1;
    char full[4096], hex[65];
    unsigned long long bytes = 0;
    if (snprintf(full, sizeof full, "%.*s/%s", dl, slash ? path : ".", file) >= (int)sizeof full ||
        tb_safe_file_sha256(full, TB_SAFE_NOFOLLOW, hex, &bytes, NULL) != TB_OK)
        return 1; /* no digest: the next render speaks this section again */
    return tb_json_put(o, "bytes", json_integer((json_int_t)bytes)) &&
           tb_json_put(o, "sha256", json_string(hex));
}

/* The render state (render_state.h): exact figures, for the next render. */
static json_t *render_state(const tb_timeline *tl, const char *path)
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
             tb_json_put(s, "gain_db", json_real(t->gain_db)) && file_digest(s, path, t->file) &&
             json_array_append(secs, s) == 0;
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
        opt_string(root, "publisher", info->publisher) &&
        opt_string(root, "source", source_name(ed->source)) &&
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
        (!tl->key[0] || tb_json_put(root, "render", render_state(tl, path)));
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
