/* SPDX-License-Identifier: GPL-3.0-or-later */
/* voice_check.c — what tingbao lets eSpeak NG read as a voice file; see voice_check.h. */
#include "synth/voice_check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/safe.h"
#include "base/utf8.h"

typedef enum { ARG_TEXT, ARG_NAME, ARG_INTS, ARG_NONE } arg_kind;

typedef struct {
    const char *key;
    arg_kind kind;
    int min_args, max_args;
    long lo, hi;
} attr_rule;

/* eSpeak NG's voice attributes (docs/voices.md) and what tingbao lets through. */
static const attr_rule rules[] = {
    {"name", ARG_TEXT, 1, 0, 0, 0},
    {"language", ARG_NAME, 1, 2, 0, 0},
    {"gender", ARG_NAME, 1, 2, 0, 0},
    {"maintainer", ARG_TEXT, 0, 0, 0, 0},
    {"status", ARG_TEXT, 0, 0, 0, 0},
    {"pitch", ARG_INTS, 2, 2, 0, 1000},
    {"formant", ARG_INTS, 2, 5, -1000, 3000},
    {"freq_add", ARG_INTS, 1, 9, -1000, 1000},
    {"echo", ARG_INTS, 2, 2, 0, 500},
    {"tone", ARG_INTS, 1, 12, 0, 10000},
    {"flutter", ARG_INTS, 1, 1, 0, 1000},
    {"roughness", ARG_INTS, 1, 1, 0, 1000},
    {"voicing", ARG_INTS, 1, 1, 0, 1000},
    {"consonants", ARG_INTS, 1, 2, 0, 1000},
    {"breath", ARG_INTS, 1, 8, 0, 1000},
    {"breathw", ARG_INTS, 1, 8, 0, 1000},
    {"speed", ARG_INTS, 1, 1, 10, 1000},
    {"words", ARG_INTS, 1, 2, 0, 100},
    {"phonemes", ARG_NAME, 1, 1, 0, 0},
    {"dictionary", ARG_NAME, 1, 1, 0, 0},
    {"dictrules", ARG_INTS, 1, 32, 0, 100},
    {"stressLength", ARG_INTS, 1, 12, -1000, 1000},
    {"stressAdd", ARG_INTS, 1, 12, -1000, 1000},
    {"stressAmp", ARG_INTS, 1, 12, -1000, 1000},
    {"stressRule", ARG_INTS, 1, 4, 0, 100},
    {"intonation", ARG_INTS, 1, 1, -100, 100},
    {"dictmin", ARG_INTS, 1, 1, 0, 10000000},
    {"dict_min", ARG_INTS, 1, 1, 0, 10000000},
    {"lowercaseSentence", ARG_NONE, 0, 0, 0, 0},
    {"brackets", ARG_INTS, 0, 1, 0, 1000},
    {"bracketsAnnounced", ARG_INTS, 0, 1, 0, 1000},
    {"mbrola", ARG_TEXT, 1, 0, 0, 0},
    {"replace", ARG_TEXT, 3, 0, 0, 0},
    {"klatt", ARG_INTS, 1, 1, 0, 10},
    {"tunes", ARG_NAME, 1, 6, 0, 0},
    {"stressOpt", ARG_TEXT, 1, 0, 0, 0},
    {"numbers", ARG_INTS, 1, 8, 0, 100},
    {"l_unpronouncable", ARG_TEXT, 1, 0, 0, 0},
    {"fast_test2", ARG_TEXT, 1, 0, 0, 0},
    {"apostrophe", ARG_INTS, 1, 1, 0, 10},
};

static const attr_rule *rule_of(const char *key)
{
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
        if (!strcmp(rules[i].key, key))
            return &rules[i];
    return NULL;
}

static int name_ok(const char *s)
{
    size_t n = strlen(s);
    return n > 0 && n < 32 &&
           strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") == n;
}

/* phontab: a count of tables, then per table its phoneme count (a byte), 3
 * more bytes, a 32-byte name and 16 bytes per phoneme. */
static int has_phoneme_table(const char *data_dir, const char *name)
{
    char path[4096], *data = NULL;
    size_t len = 0;
    if (snprintf(path, sizeof path, "%s/phontab", data_dir) >= (int)sizeof path ||
        tb_safe_read_file(path, 0, (size_t)16 << 20, &data, &len, NULL) != TB_OK)
        return 1; /* cannot tell: leave it to eSpeak */
    int found = 0;
    size_t off = 4,
           n = len >= 4 ? (size_t)(unsigned char)data[0] | (size_t)(unsigned char)data[1] << 8 : 0;
    for (size_t t = 0; t < n && !found && off + 36 <= len; t++) {
        found = strncmp(data + off + 4, name, 32) == 0;
        off += 36 + 16 * (size_t)(unsigned char)data[off];
    }
    free(data);
    return found;
}

static int has_dictionary(const char *data_dir, const char *name)
{
    char path[4096];
    struct stat sb;
    return snprintf(path, sizeof path, "%s/%s_dict", data_dir, name) < (int)sizeof path &&
           stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* Check the arguments (the words after the keyword) of one line. */
static const char *check_args(const attr_rule *r, char **arg, int n, const char *data_dir)
{
    static char why[160];
    if (r->kind == ARG_TEXT)
        return n >= r->min_args ? NULL : "a value is missing";
    if (n < r->min_args || n > r->max_args) {
        snprintf(why, sizeof why, "'%s' takes %d to %d values, not %d", r->key, r->min_args,
                 r->max_args, n);
        return why;
    }
    for (int i = 0; i < n; i++) {
        if (r->kind == ARG_NAME) {
            if (!name_ok(arg[i]) && !(i == 1 && strspn(arg[i], "0123456789") == strlen(arg[i])))
                return "a name may hold only letters, digits, '_' and '-'";
            continue;
        }
        char *end;
        long v = strtol(arg[i], &end, 10);
        int index = !strcmp(r->key, "formant") && i == 0; /* formant N: 0-8 */
        long lo = index ? 0 : r->lo, hi = index ? 8 : r->hi;
        if (end == arg[i] || *end || v < lo || v > hi) {
            snprintf(why, sizeof why, "'%s' takes whole numbers %ld-%ld, not '%.20s'", r->key, lo,
                     hi, arg[i]);
            return why;
        }
    }
    if (data_dir && !strcmp(r->key, "phonemes") && !has_phoneme_table(data_dir, arg[0]))
        return "eSpeak NG has no such phoneme table";
    if (data_dir && !strcmp(r->key, "dictionary") && !has_dictionary(data_dir, arg[0]))
        return "eSpeak NG has no such dictionary";
    return NULL;
}

/* One line (NUL-terminated, may be changed): NULL when fine, else why not. */
static const char *check_line(char *line, const char *data_dir)
{
    char *c = strstr(line, "//");
    if (c)
        *c = '\0';
    line += strspn(line, " \t");
    if (line[0] == '#')
        return NULL; /* a comment too, as some stock voices write them */
    char *arg[40], *save = NULL;
    int n = 0;
    for (char *w = strtok_r(line, " \t\r", &save); w && n < 40; w = strtok_r(NULL, " \t\r", &save))
        arg[n++] = w;
    if (n == 0)
        return NULL;
    const attr_rule *r = rule_of(arg[0]);
    if (!r)
        return "not a voice attribute tingbao knows";
    return check_args(r, arg + 1, n - 1, data_dir);
}

tb_status tb_voice_check(const char *path, const char *data_dir, tb_diag *diag)
{
    char *data = NULL;
    size_t len = 0;
    tb_status st = tb_safe_read_file(path, 0, TB_VOICE_MAX_BYTES, &data, &len, diag);
    if (st != TB_OK)
        return st;
    size_t lineno = 0;
    for (char *p = data; st == TB_OK && p < data + len;) {
        char *nl = memchr(p, '\n', (size_t)(data + len - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(data + len - p);
        lineno++;
        for (size_t i = 0; st == TB_OK && i < n;) {
            unsigned cp;
            size_t k = tb_utf8_decode(p + i, n - i, &cp);
            if (!k || (cp < 0x20 && cp != '\t' && cp != '\r') || cp == 0x7F) {
                tb_diag_set(diag, path, lineno, 0, "not a voice file: not plain UTF-8 text");
                st = TB_ERR_INPUT;
            }
            i += k ? k : 1;
        }
        p[n] = '\0';
        const char *why = st == TB_OK ? check_line(p, data_dir) : NULL;
        if (why) {
            tb_diag_set(diag, path, lineno, 0, "%s", why);
            st = TB_ERR_INPUT;
        }
        p += n + 1;
    }
    free(data);
    return st;
}
