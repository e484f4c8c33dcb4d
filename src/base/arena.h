/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * arena.h — a string arena: many NUL-terminated copies that are freed all at
 * once. The document (blocks) and the edition (sections, sentences) keep
 * their text in one each, so that ownership is simple: the container owns
 * everything, tb_arena_free releases it.
 */
#ifndef TB_ARENA_H
#define TB_ARENA_H

#include <stddef.h>

typedef struct tb_arena_chunk tb_arena_chunk;

/* An arena is a pointer to its newest chunk; NULL is an empty arena. */
typedef struct {
    tb_arena_chunk *head;
} tb_arena;

/* Copy n bytes of s into the arena, NUL-terminated; NULL on allocation failure. */
char *tb_arena_strndup(tb_arena *a, const char *s, size_t n);

/* Release every copy; the arena is empty (and usable) after. */
void tb_arena_free(tb_arena *a);

#endif
