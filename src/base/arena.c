/* SPDX-License-Identifier: GPL-3.0-or-later */
/* arena.c — the string arena; see arena.h. */
#include "base/arena.h"

#include <stdlib.h>
#include <string.h>

#define CHUNK_BYTES 65536

struct tb_arena_chunk {
    tb_arena_chunk *next;
    size_t used, cap;
    char data[];
};

char *tb_arena_strndup(tb_arena *a, const char *s, size_t n)
{
    tb_arena_chunk *c = a->head;
    if (!c || c->cap - c->used < n + 1) {
        if (n >= (size_t)-1 - sizeof *c - 1)
            return NULL;
        size_t cap = n + 1 > CHUNK_BYTES ? n + 1 : CHUNK_BYTES;
        tb_arena_chunk *nc = malloc(sizeof *nc + cap);
        if (!nc)
            return NULL;
        nc->used = 0;
        nc->cap = cap;
        /* a chunk made for one big string goes behind the current one, which keeps its room */
        if (c && cap > CHUNK_BYTES) {
            nc->next = c->next;
            c->next = nc;
        } else {
            nc->next = c;
            a->head = nc;
        }
        c = nc;
    }
    char *p = c->data + c->used;
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    c->used += n + 1;
    return p;
}

void tb_arena_free(tb_arena *a)
{
    tb_arena_chunk *c = a->head;
    while (c) {
        tb_arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    a->head = NULL;
}
