/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hash.h — an incremental hash of fields, for the keys of an incremental
 * render: SHA-256 (nettle) in lower-case hex over length-prefixed fields, so
 * that no two different field lists hash the same input.
 *
 * tb_hash is a value type: callers keep it on the stack and copy it to fork a
 * hash (`tb_hash h = base;` hashes base's fields and then more). So the
 * header gives its size, not the library's type: the state is a byte buffer
 * of TB_HASH_STATE_BYTES, which hash.c checks at compile time is enough for
 * nettle's context. No library header leaks to the callers; an opaque
 * pointer would need an allocation and a clone function for every fork.
 */
#ifndef TB_HASH_H
#define TB_HASH_H

#include <stddef.h>

#include "base/tb.h"

#define TB_KEY_HEX 65 /* 64 hex digits and a NUL */
#define TB_HASH_STATE_BYTES 128

typedef struct {
    unsigned char state[TB_HASH_STATE_BYTES]; /* hash.c's own */
} tb_hash;

void tb_hash_init(tb_hash *h);
void tb_hash_str(tb_hash *h, const char *s); /* NULL and "" differ */
void tb_hash_int(tb_hash *h, long long v);
void tb_hash_double(tb_hash *h, double v); /* by its exact bits */
void tb_hash_bytes(tb_hash *h, const void *p, size_t n);
/* The digest in hex; h is spent (init it again to reuse it). */
void tb_hash_hex(tb_hash *h, char out[TB_KEY_HEX]);

/* Hash the contents of the file at path into h. TB_ERR_IO when unreadable. */
tb_status tb_hash_file(tb_hash *h, const char *path);

#endif
