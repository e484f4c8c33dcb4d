/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * lexicon.h — the pronunciation stage: spoken text → speech (runs of one
 * language each, model/speech.h).
 *
 * Words found in the lexicon (longest match, left to right) are replaced by
 * their pinyin with tone digits, 一 and 不 outside lexicon words get their
 * sandhi tone from the next syllable, and runs of Latin letters become
 * English runs (all-capital words spelt). Which engine voice says a language,
 * and how the engine is told, is the synth stage's business: this stage
 * never calls eSpeak and knows none of its voices.
 *
 * Ownership: a tb_lexicon owns its entries; tb_lex_free releases them all.
 * Strings passed in are borrowed for the call only. The data format is
 * described in docs/lexicon.md.
 */
#ifndef TB_LEXICON_H
#define TB_LEXICON_H

#include <stddef.h>

#include "base/tb.h"
#include "model/speech.h"

typedef struct tb_lexicon tb_lexicon;

/* A new empty lexicon; NULL on allocation failure. */
tb_lexicon *tb_lex_new(void);
/* Free the lexicon and every entry (NULL is fine). */
void tb_lex_free(tb_lexicon *lx);

/* Add the entries of a lexicon file: WORD<TAB>pin1 yin1 per line, one
 * syllable (letters, then tone digit 1–5; ü may be written v) per Han
 * character of WORD; '#' lines and blank lines ignored. Later entries replace
 * earlier ones for the same word, within a file and across files. A bad line
 * stops the load with TB_ERR_LEXICON and its file, line and reason in diag
 * (entries before it stay loaded); also TB_ERR_LEXICON, with the errno in
 * diag, when the file cannot be opened or is not a regular file (a FIFO, a
 * device: refused at once, never read), and TB_ERR_TOO_BIG past 64 MiB or a
 * line past 4096 bytes (the read stops there: memory stays bounded);
 * TB_ERR_IO on a read error. */
tb_status tb_lex_load_file(tb_lexicon *lx, const char *path, tb_diag *diag);

/* Is line[0..len) (no newline) a valid entry, WORD<TAB>pin1 yin1, exactly as
 * tb_lex_load_file would accept it? TB_OK, or TB_ERR_LEXICON with the 1-based
 * column in *col and the reason in why (TB_ERR_NOMEM on allocation failure). */
tb_status tb_lex_check_line(const char *line, size_t len, size_t *col, char *why, size_t whysize);

/* Load every *.tsv file of a folder, in byte order of their names
 * (so 90-user.tsv overrides 10-base.tsv). TB_ERR_IO if dir cannot be read. */
tb_status tb_lex_load_dir(tb_lexicon *lx, const char *dir, tb_diag *diag);

/* Number of distinct words in the lexicon (0 for NULL). */
size_t tb_lex_count(const tb_lexicon *lx);

/* The reading of `word` (NUL-terminated) as "pin1 yin1" written into buf of
 * `size` bytes; returns buf, or NULL if the word is not in the lexicon or
 * buf is too small. */
const char *tb_lex_lookup(const tb_lexicon *lx, const char *word, char *buf, size_t size);

/* The speech for one spoken line spoken[0..len). lx may be NULL (no lexicon:
 * only sandhi and language marking). Invalid UTF-8 bytes are passed on as
 * U+FFFD. On success *out is a new speech the caller frees with
 * tb_speech_free; on failure *out is NULL. */
tb_status tb_lex_speech(const tb_lexicon *lx, const char *spoken, size_t len, tb_speech **out);

/* How a Han character of a line gets its reading (tb_lex_readings). */
typedef enum {
    TB_LEX_BY_ENGINE, /* no explicit reading: the engine's own dictionary decides */
    TB_LEX_BY_WORD,   /* a lexicon word covers it */
    TB_LEX_BY_NAME,   /* the name model: a surname starting a name */
    TB_LEX_BY_RULE    /* a context rule: 一/不 sandhi, erhua 儿, 为 before a number */
} tb_lex_how;

typedef struct {
    size_t off, len; /* the character's bytes in the line */
    unsigned cp;
    tb_lex_how how;
    char syl[8]; /* the explicit syllable ("shan4"), "" for TB_LEX_BY_ENGINE */
    unsigned
        name_len; /* a personal name (surname, given name) of this many characters starts here */
} tb_lex_reading;

/* The reading of every Han character of spoken[0..len), in order, as
 * tb_lex_speech decides it (for `tingbao check`). On success *out is a new
 * array of *n entries the caller frees with free() (NULL when *n is 0). */
tb_status tb_lex_readings(const tb_lexicon *lx, const char *spoken, size_t len,
                          tb_lex_reading **out, size_t *n);

#endif
