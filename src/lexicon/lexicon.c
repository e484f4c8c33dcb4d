/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * lexicon.c — the pronunciation lexicon: loading WORD<TAB>pin1 yin1 files into
 * an open-addressing hash table keyed by the word's UTF-8 bytes. Later entries
 * replace earlier ones, so a user's --lexicon file overrides the bundled data.
 * Looking words up while reading text is reading.c's job (see store.h).
 *
 * File format (docs/lexicon.md): UTF-8, an optional BOM, '#' comment lines and
 * blank lines ignored; otherwise WORD, one TAB, then one syllable per Han
 * character of WORD, separated by spaces: letters a–z (ü or v for ü) and a
 * tone digit 1–5 (5 = neutral). A line that breaks these rules fails the whole
 * load with TB_ERR_LEXICON naming the file and line: a silently skipped entry
 * would be a mispronunciation nobody notices.
 */
#include "lexicon/lexicon.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>

#include "base/safe.h"
#include "lexicon/store.h"
#include "base/utf8.h"

/* Caps that keep a hostile or broken file from eating the machine. */
#define MAX_LINE 4096
#define MAX_FILE_BYTES (64 << 20) /* a lexicon file, at most */
#define MAX_ENTRIES ((size_t)1 << 22)
#define MAX_FILES 256

struct tb_lexicon {
    tb_lex_entry **slot; /* open addressing, linear probing; NULL = empty */
    size_t cap;          /* power of two */
    size_t count;
    unsigned max_chars;
};

tb_lexicon *tb_lex_new(void)
{
    return calloc(1, sizeof(tb_lexicon));
}

void tb_lex_free(tb_lexicon *lx)
{
    if (!lx)
        return;
    for (size_t i = 0; i < lx->cap; i++)
        free(lx->slot[i]);
    free(lx->slot);
    free(lx);
}

unsigned tb_lex_max_chars(const tb_lexicon *lx)
{
    return lx ? lx->max_chars : 0;
}

size_t tb_lex_count(const tb_lexicon *lx)
{
    return lx ? lx->count : 0;
}

const tb_lex_entry *tb_lex_find(const tb_lexicon *lx, const char *key, size_t keylen, uint32_t h)
{
    if (!lx || lx->count == 0)
        return NULL;
    for (size_t i = h & (lx->cap - 1);; i = (i + 1) & (lx->cap - 1)) {
        const tb_lex_entry *e = lx->slot[i];
        if (!e)
            return NULL;
        if (e->hash == h && e->keylen == keylen && memcmp(e->key, key, keylen) == 0)
            return e;
    }
}

const char *tb_lex_lookup(const tb_lexicon *lx, const char *word, char *buf, size_t size)
{
    size_t n = strlen(word);
    uint32_t h = TB_LEX_HASH_INIT;
    for (size_t i = 0; i < n; i++)
        h = tb_lex_hash_byte(h, (unsigned char)word[i]);
    const tb_lex_entry *e = tb_lex_find(lx, word, n, h);
    if (!e || size == 0)
        return NULL;
    size_t used = 0;
    buf[0] = '\0';
    for (unsigned i = 0; i < e->nchars; i++) {
        int k = snprintf(buf + used, size - used, "%s%s", i ? " " : "", e->syl[i]);
        if (k < 0 || (size_t)k >= size - used)
            return NULL;
        used += (size_t)k;
    }
    return buf;
}

static tb_status grow(tb_lexicon *lx)
{
    size_t ncap = lx->cap ? lx->cap * 2 : 1024;
    tb_lex_entry **ns = calloc(ncap, sizeof *ns);
    if (!ns)
        return TB_ERR_NOMEM;
    for (size_t i = 0; i < lx->cap; i++) {
        tb_lex_entry *e = lx->slot[i];
        if (!e)
            continue;
        size_t j = e->hash & (ncap - 1);
        while (ns[j])
            j = (j + 1) & (ncap - 1);
        ns[j] = e;
    }
    free(lx->slot);
    lx->slot = ns;
    lx->cap = ncap;
    return TB_OK;
}

/* Insert e, replacing (and freeing) an entry for the same word. Takes e. */
static tb_status insert(tb_lexicon *lx, tb_lex_entry *e)
{
    if ((lx->count + 1) * 4 > lx->cap * 3) {
        tb_status st = lx->count >= MAX_ENTRIES ? TB_ERR_TOO_BIG : grow(lx);
        if (st != TB_OK) {
            free(e);
            return st;
        }
    }
    size_t i = e->hash & (lx->cap - 1);
    for (; lx->slot[i]; i = (i + 1) & (lx->cap - 1)) {
        tb_lex_entry *old = lx->slot[i];
        if (old->hash == e->hash && old->keylen == e->keylen &&
            memcmp(old->key, e->key, e->keylen) == 0) {
            free(old);
            lx->slot[i] = e;
            return TB_OK;
        }
    }
    lx->slot[i] = e;
    lx->count++;
    if (e->nchars > lx->max_chars)
        lx->max_chars = e->nchars;
    return TB_OK;
}

/* Check one syllable s[0..n) and append its normal form (lower case, ü → v)
 * to *w. Returns 0 if it is not letters followed by one tone digit 1–5. */
static int syllable(const char *s, size_t n, char **w)
{
    size_t letters = 0, i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            *(*w)++ = (char)(c | 0x20);
            i++;
        } else if (c == 0xC3 && i + 1 < n &&
                   ((unsigned char)s[i + 1] == 0xBC || (unsigned char)s[i + 1] == 0x9C)) {
            *(*w)++ = 'v'; /* ü or Ü */
            i += 2;
        } else {
            break;
        }
        letters++;
    }
    if (letters == 0 || letters > 6 || i + 1 != n || s[i] < '1' || s[i] > '5')
        return 0;
    *(*w)++ = s[i];
    *(*w)++ = '\0';
    return 1;
}

/* Check the word line[0..keylen): Han characters only, at most
 * TB_LEX_MAX_CHARS; their number into *nchars. TB_ERR_LEXICON with the
 * column and the reason otherwise. */
static tb_status check_word(const char *line, size_t keylen, unsigned *nchars, size_t *col,
                            char *why, size_t whysize)
{
    if (keylen == 0) {
        snprintf(why, whysize, "empty word");
        return TB_ERR_LEXICON;
    }
    unsigned n = 0;
    for (size_t i = 0; i < keylen;) {
        unsigned cp;
        size_t k = tb_utf8_decode(line + i, keylen - i, &cp);
        if (k == 0) {
            snprintf(why, whysize, "invalid UTF-8 in the word");
            return TB_ERR_LEXICON;
        }
        if (!tb_is_han(cp)) {
            *col = n + 1;
            snprintf(why, whysize, "the word may hold only Han characters (U+%04X is not)", cp);
            return TB_ERR_LEXICON;
        }
        if (++n > TB_LEX_MAX_CHARS) {
            snprintf(why, whysize, "word longer than %d characters", TB_LEX_MAX_CHARS);
            return TB_ERR_LEXICON;
        }
        i += k;
    }
    *nchars = n;
    return TB_OK;
}

/* Read the syllables py[0..pylen) (separated by spaces) into e->syl, written
 * in their normal form from w on; exactly e->nchars of them. `at` is the
 * column of py[0] on the line. TB_ERR_LEXICON with the column and the reason
 * otherwise. */
static tb_status read_syllables(tb_lex_entry *e, char *w, const char *py, size_t pylen, size_t at,
                                size_t *col, char *why, size_t whysize)
{
    unsigned nsyl = 0;
    size_t i = 0;
    while (i < pylen) {
        while (i < pylen && py[i] == ' ')
            i++;
        if (i == pylen)
            break;
        size_t start = i;
        while (i < pylen && py[i] != ' ')
            i++;
        if (nsyl == e->nchars) {
            snprintf(why, whysize, "more syllables than the %u characters of the word", e->nchars);
            return TB_ERR_LEXICON;
        }
        e->syl[nsyl] = w;
        if (!syllable(py + start, i - start, &w)) {
            *col = at + start;
            snprintf(why, whysize, "bad syllable \"%.*s\" (want letters and a tone digit 1-5)",
                     (int)(i - start > 24 ? 24 : i - start), py + start);
            return TB_ERR_LEXICON;
        }
        nsyl++;
    }
    if (nsyl != e->nchars) {
        snprintf(why, whysize, "%u syllables for a word of %u characters", nsyl, e->nchars);
        return TB_ERR_LEXICON;
    }
    return TB_OK;
}

/* Parse one non-comment line into a new entry (*out, owned by the caller).
 * On a bad line returns TB_ERR_LEXICON with the column in *col and the
 * reason in why. */
static tb_status parse_line(const char *line, size_t len, tb_lex_entry **out, size_t *col,
                            char *why, size_t whysize)
{
    const char *tab = memchr(line, '\t', len);
    *col = 1;
    if (!tab) {
        snprintf(why, whysize, "expected WORD<TAB>PINYIN");
        return TB_ERR_LEXICON;
    }
    size_t keylen = (size_t)(tab - line);
    unsigned nchars = 0;
    tb_status st = check_word(line, keylen, &nchars, col, why, whysize);
    if (st != TB_OK)
        return st;
    const char *py = tab + 1;
    size_t pylen = len - keylen - 1;
    /* one block: the entry, the key, then the syllables (never longer than
     * their source text plus one NUL each) */
    tb_lex_entry *e = malloc(sizeof *e + keylen + 1 + pylen + TB_LEX_MAX_CHARS + 1);
    if (!e)
        return TB_ERR_NOMEM;
    char *key = (char *)(e + 1);
    memcpy(key, line, keylen);
    key[keylen] = '\0';
    e->nchars = nchars;
    st = read_syllables(e, key + keylen + 1, py, pylen, keylen + 2, col, why, whysize);
    if (st != TB_OK) {
        free(e);
        return st;
    }
    uint32_t h = TB_LEX_HASH_INIT;
    for (size_t j = 0; j < keylen; j++)
        h = tb_lex_hash_byte(h, (unsigned char)line[j]);
    e->hash = h;
    e->keylen = keylen;
    e->key = key;
    *out = e;
    return TB_OK;
}

tb_status tb_lex_check_line(const char *line, size_t len, size_t *col, char *why, size_t whysize)
{
    tb_lex_entry *e = NULL;
    if (len > MAX_LINE || memchr(line, '\0', len)) {
        *col = 0;
        snprintf(why, whysize, "line too long or holding a NUL byte");
        return TB_ERR_LEXICON;
    }
    tb_status st = parse_line(line, len, &e, col, why, whysize);
    free(e);
    return st;
}

/* Read the lines of the lexicon file f (already open) into lx. */
static tb_status load_lines(tb_lexicon *lx, FILE *f, const char *path, tb_diag *diag)
{
    char *line = NULL;
    size_t cap = 0, lineno = 0, len = 0;
    int r;
    tb_status st = TB_OK;
    while (st == TB_OK && (r = tb_safe_getline(f, &line, &cap, MAX_LINE + 8, &len)) != 0) {
        lineno++;
        if (r == -2) {
            st = tb_diag_io(diag, path, "cannot read the lexicon");
            break;
        }
        char *p = line;
        if (r == -1) {
            tb_diag_set(diag, path, lineno, 0, "line longer than %d bytes", MAX_LINE);
            st = TB_ERR_LEXICON;
            break;
        }
        if (lineno == 1 && len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
            p += 3;
            len -= 3;
        }
        while (len > 0 && (p[len - 1] == '\r' || p[len - 1] == ' '))
            len--;
        if (len == 0 || p[0] == '#')
            continue;
        char why[200];
        size_t col = 0;
        tb_lex_entry *e = NULL;
        if (len > MAX_LINE) {
            tb_diag_set(diag, path, lineno, 0, "line longer than %d bytes", MAX_LINE);
            st = TB_ERR_LEXICON;
        } else if (memchr(p, '\0', len)) {
            tb_diag_set(diag, path, lineno, 0, "NUL byte in line");
            st = TB_ERR_LEXICON;
        } else if ((st = parse_line(p, len, &e, &col, why, sizeof why)) == TB_OK) {
            st = insert(lx, e);
            if (st != TB_OK)
                tb_diag_set(diag, path, lineno, 0, "cannot add entry");
        } else if (st == TB_ERR_LEXICON) {
            tb_diag_set(diag, path, lineno, col, "%s", why);
        }
    }
    free(line);
    return st;
}

tb_status tb_lex_load_file(tb_lexicon *lx, const char *path, tb_diag *diag)
{
    tb_status st;
    FILE *f = tb_safe_fopen_read(path, 0, &st, diag);
    if (!f) {
        /* a lexicon the user named that cannot be used is bad input (exit 3) */
        if (st == TB_ERR_IO)
            tb_diag_set(diag, path, 0, 0, "cannot open the lexicon");
        return TB_ERR_LEXICON;
    }
    struct stat sb;
    if (fstat(fileno(f), &sb) == 0 && (unsigned long long)sb.st_size > MAX_FILE_BYTES) {
        tb_diag_set(diag, path, 0, 0, "the lexicon is larger than %d MiB", MAX_FILE_BYTES >> 20);
        fclose(f);
        return TB_ERR_TOO_BIG;
    }
    st = load_lines(lx, f, path, diag);
    fclose(f);
    return st;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

tb_status tb_lex_load_dir(tb_lexicon *lx, const char *dir, tb_diag *diag)
{
    DIR *d = opendir(dir);
    if (!d) {
        int err = errno;
        tb_diag_set(diag, dir, 0, 0, "cannot open lexicon folder: %s", strerror(err));
        if (diag)
            diag->err = err;
        return TB_ERR_IO;
    }
    char *names[MAX_FILES] = {0};
    size_t n = 0;
    tb_status st = TB_OK;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        size_t len = strlen(de->d_name);
        if (de->d_name[0] == '.' || len < 5 || strcmp(de->d_name + len - 4, ".tsv") != 0)
            continue;
        if (n == MAX_FILES) {
            tb_diag_set(diag, dir, 0, 0, "more than %d lexicon files", MAX_FILES);
            st = TB_ERR_TOO_BIG;
            break;
        }
        if (!(names[n] = strdup(de->d_name))) {
            st = TB_ERR_NOMEM;
            break;
        }
        n++;
    }
    closedir(d);
    qsort(names, n, sizeof names[0], by_name);
    for (size_t i = 0; i < n; i++) {
        if (st == TB_OK) {
            char path[4096];
            if (snprintf(path, sizeof path, "%s/%s", dir, names[i]) >= (int)sizeof path) {
                tb_diag_set(diag, dir, 0, 0, "path too long");
                st = TB_ERR_TOO_BIG;
            } else {
                st = tb_lex_load_file(lx, path, diag);
            }
        }
        free(names[i]);
    }
    return st;
}
