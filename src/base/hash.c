/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hash.c — length-prefixed fields into SHA-256 (nettle); see hash.h. */
#include "base/hash.h"

#include <nettle/sha2.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

_Static_assert(sizeof(struct sha256_ctx) <= TB_HASH_STATE_BYTES,
               "TB_HASH_STATE_BYTES is too small for nettle's sha256_ctx");

/* The state is copied in and out (memcpy), never accessed through a cast
 * pointer: the buffer's type stays unsigned char, as C's aliasing rules want.
 * It costs a copy of about 112 bytes per field: nothing beside SHA-256. */
static struct sha256_ctx load(const tb_hash *h)
{
    struct sha256_ctx c;
    memcpy(&c, h->state, sizeof c);
    return c;
}

static void store(tb_hash *h, const struct sha256_ctx *c)
{
    memcpy(h->state, c, sizeof *c);
}

void tb_hash_init(tb_hash *h)
{
    struct sha256_ctx c;
    sha256_init(&c);
    memset(h->state, 0, sizeof h->state);
    store(h, &c);
}

void tb_hash_bytes(tb_hash *h, const void *p, size_t n)
{
    struct sha256_ctx c = load(h);
    sha256_update(&c, n, p);
    store(h, &c);
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
    struct sha256_ctx c = load(h);
    sha256_digest(&c, sizeof d, d);
    store(h, &c);
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
