/* SPDX-License-Identifier: GPL-3.0-or-later */
/* render_state.c — keys and the render state of an edition; see render_state.h. */
#include "render/render_state.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/safe.h"

void tb_hash_init(tb_hash *h)
{
    sha256_init(&h->ctx);
}

void tb_hash_bytes(tb_hash *h, const void *p, size_t n)
{
    sha256_update(&h->ctx, n, p);
}

static void put_len(tb_hash *h, uint64_t n)
{
    unsigned char b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (unsigned char)(n >> (8 * i));
    tb_hash_bytes(h, b, sizeof b);
}

void tb_hash_str(tb_hash *h, const char *s)
{
    if (!s) {
        put_len(h, UINT64_MAX);
        return;
    }
    size_t n = strlen(s);
    put_len(h, n);
    tb_hash_bytes(h, s, n);
}

void tb_hash_int(tb_hash *h, long long v)
{
    put_len(h, (uint64_t)v);
}

void tb_hash_double(tb_hash *h, double v)
{
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    put_len(h, bits);
}

void tb_hash_hex(tb_hash *h, char out[TB_KEY_HEX])
{
    unsigned char d[SHA256_DIGEST_SIZE];
    sha256_digest(&h->ctx, sizeof d, d);
    for (size_t i = 0; i < sizeof d; i++)
        snprintf(out + 2 * i, 3, "%02x", d[i]);
}

tb_status tb_hash_file(tb_hash *h, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return TB_ERR_IO;
    unsigned char buf[8192];
    size_t got, total = 0;
    while ((got = fread(buf, 1, sizeof buf, f)) > 0) {
        tb_hash_bytes(h, buf, got);
        total += got;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad)
        return TB_ERR_IO;
    put_len(h, total);
    return TB_OK;
}

void tb_render_state_free(tb_render_state *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n_sections; i++)
        free(s->sections[i].samples);
    free(s->sections);
    free(s);
}

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
    char path[4096], hex[TB_KEY_HEX];
    unsigned long long bytes = 0;
    return snprintf(path, sizeof path, "%s/%s", dir, k->file) < (int)sizeof path &&
           tb_safe_file_sha256(path, TB_SAFE_NOFOLLOW, hex, &bytes, NULL) == TB_OK &&
           bytes == k->bytes && !strcmp(hex, k->sha256);
}

const tb_rs_section *tb_render_state_find(const tb_render_state *s, const char *key)
{
    for (size_t i = 0; s && i < s->n_sections; i++)
        if (!strcmp(s->sections[i].key, key))
            return &s->sections[i];
    return NULL;
}
