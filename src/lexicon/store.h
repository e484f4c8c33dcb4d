/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * store.h — the lexicon's word table, shared by lexicon.c (which fills it
 * from files) and reading.c (which looks words up while building engine text).
 * Internal to src/lexicon/.
 */
#ifndef TB_LEX_STORE_H
#define TB_LEX_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "lexicon/lexicon.h"

/* Longest word, in characters, that a lexicon accepts. */
#define TB_LEX_MAX_CHARS 32

/* One entry: a word of n Han characters and its n syllables. The entry owns
 * both strings (one allocation); syl[i] points into it, NUL-terminated,
 * lower case, ü written v, tone digit last. */
typedef struct {
    uint32_t hash;
    unsigned nchars;
    size_t keylen;
    const char *key;
    const char *syl[TB_LEX_MAX_CHARS];
} tb_lex_entry;

/* FNV-1a, fed byte by byte so that callers can hash a growing prefix. */
#define TB_LEX_HASH_INIT 2166136261u
static inline uint32_t tb_lex_hash_byte(uint32_t h, unsigned char c)
{
    return (h ^ c) * 16777619u;
}

/* The entry for key[0..keylen) whose hash is h, or NULL. */
const tb_lex_entry *tb_lex_find(const tb_lexicon *lx, const char *key, size_t keylen, uint32_t h);

/* Longest word in the lexicon, in characters (0 when empty). */
unsigned tb_lex_max_chars(const tb_lexicon *lx);

#endif
