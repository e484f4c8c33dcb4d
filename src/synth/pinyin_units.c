/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pinyin_units.c — eSpeak's cmn phonemes back to pinyin, and pinyin to the
 * units of MBROLA's cn1 database (see pinyin_units.h).
 *
 * cn1 (README of mbrola-cn1) builds a syllable from an "initial" unit and a
 * single-vowel "final" unit, with the first vowel of a compound final moved
 * into the initial (hu-an, bi-ao, ju-an), `ll` for the i of zhi/chi/shi/ri,
 * `ii` for that of zi/ci/si and `v` for ü. The pairs it has were probed with
 * `mbrola -e cn1` on every initial × final (bench/probe-cn1).
 */
#include "synth/pinyin_units.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "synth/cmn_syllables.h"

#define N_SYLLABLES (sizeof cmn_syllables / sizeof cmn_syllables[0])

/* The finals each initial unit has a diphone to, in cn1 (probed). */
static const struct {
    const char *initial, *finals;
} cn1_pairs[] = {
    {"", " a ai an ang ao e ei en eng er o ou i ie u v ong in ing iu ue un "},
    {"b", " a ai an ang ao ei en eng o i ie u in ing "},
    {"bi", " an ao "},
    {"c", " a ai an ang ao e en eng ou u ong ii ui un "},
    {"ch", " a ai an ang ao e en eng ou ll u ong ui un "},
    {"chu", " a ai an ang o "},
    {"cu", " an o "},
    {"d", " a ai an ang ao e ei en eng ou i ie u ong ing ui iu un "},
    {"di", " a an ao "},
    {"du", " an o "},
    {"f", " a an ang ei en eng o ou u "},
    {"g", " a ai an ang ao e ei en eng ou u ong ui un "},
    {"gu", " a ai an ang o "},
    {"h", " a ai an ang ao e ei en eng ou u ong ui un "},
    {"hu", " a ai an ang o "},
    {"j", " i ie v in ing iu ue un "},
    {"ji", " a an ang ao ong "},
    {"ju", " an "},
    {"k", " a ai an ang ao e en eng ou u ong ui un "},
    {"ku", " a ai an ang o "},
    {"l", " a ai an ang ao e ei eng ou i ie u v ong in ing iu ue un "},
    {"li", " a an ang ao "},
    {"lu", " an o "},
    {"m", " a ai an ang ao e ei en eng o ou i ie u in ing iu "},
    {"mi", " an ao "},
    {"n", " a ai an ang ao e ei en eng ou i ie u v ong in ing iu ue un "},
    {"ni", " an ang ao "},
    {"nu", " an o "},
    {"p", " a ai an ang ao ei en eng o ou i ie u in ing "},
    {"pi", " an ao "},
    {"q", " i ie v in ing iu ue un "},
    {"qi", " a an ang ao ong "},
    {"qu", " an "},
    {"r", " an ang ao e en eng ou ll u ong ui un "},
    {"ru", " an o "},
    {"s", " a ai an ang ao e en eng ou u ong ii ui un "},
    {"sh", " a ai an ang ao e ei en eng ou ll u ui un "},
    {"shu", " a ai an ang o "},
    {"su", " an o "},
    {"t", " a ai an ang ao e eng ou i ie u ong ing ui un "},
    {"ti", " an ao "},
    {"tu", " an o "},
    {"w", " a ai an ang ei en eng o u "},
    {"x", " i ie v in ing iu ue un "},
    {"xi", " a an ang ao ong "},
    {"xu", " an "},
    {"y", " a an ang ao e ou i v ong in ing ue un "},
    {"yu", " an "},
    {"z", " a ai an ang ao e ei en eng ou u ong ii ui un "},
    {"zh", " a ai an ang ao e ei en eng ou ll u ong ui un "},
    {"zhu", " a ai an ang o "},
    {"zu", " an o "},
};

#define N_PAIRS (sizeof cn1_pairs / sizeof cn1_pairs[0])

/* The database's own spelling of an initial unit (static), or NULL. */
static const char *unit_initial(const char *name, size_t len)
{
    for (size_t i = 0; i < N_PAIRS; i++)
        if (strlen(cn1_pairs[i].initial) == len && !strncmp(cn1_pairs[i].initial, name, len))
            return cn1_pairs[i].initial;
    return NULL;
}

/* The static spelling of a final unit inside the inventory, or NULL if the
 * pair (initial, final) is not in cn1. */
static const char *pair_final(const char *initial, const char *final)
{
    size_t fl = strlen(final);
    for (size_t i = 0; i < N_PAIRS; i++) {
        if (strcmp(cn1_pairs[i].initial, initial))
            continue;
        const char *f = cn1_pairs[i].finals;
        for (const char *p = strstr(f, final); p; p = strstr(p + 1, final))
            if (p[-1] == ' ' && p[fl] == ' ')
                return p; /* not NUL-ended: copied below */
        return NULL;
    }
    return NULL;
}

static const char *const FINALS[] = {"a",  "ai",  "an", "ang", "ao", "e",  "ei", "en", "eng",
                                     "er", "o",   "ou", "i",   "ie", "ll", "u",  "v",  "ong",
                                     "in", "ing", "ii", "ui",  "iu", "ue", "un"};

static const char *final_name(const char *f, size_t len)
{
    for (size_t i = 0; i < sizeof FINALS / sizeof FINALS[0]; i++)
        if (strlen(FINALS[i]) == len && !strncmp(FINALS[i], f, len))
            return FINALS[i];
    return NULL;
}

/* Split pinyin into (initial, rest) by spelling. */
static size_t spelled_initial(const char *py)
{
    static const char *const two[] = {"zh", "ch", "sh"};
    for (size_t i = 0; i < 3; i++)
        if (!strncmp(py, two[i], 2))
            return 2;
    return strchr("bpmfdtnlgkhjqxrzcsyw", py[0]) && py[0] ? 1 : 0;
}

/* The canonical cn1 spelling: ini/fin into buffers. */
static void cn1_spelling(const char *py, char ini[8], char fin[8])
{
    size_t il = spelled_initial(py);
    const char *r = py + il;
    memcpy(ini, py, il);
    ini[il] = '\0';
    snprintf(fin, 8, "%s", r);
    int jqxy = il == 1 && strchr("jqxy", py[0]);
    if (jqxy && r[0] == 'u') { /* u is ü after j q x y */
        if (!strcmp(r, "u"))
            strcpy(fin, "v");
        else if (!strcmp(r, "uan"))
            strcat(ini, "u"), strcpy(fin, "an");
        return;
    }
    if (!strcmp(r, "i") && il && strchr("zcsr", py[0]))
        strcpy(fin, il == 2 || py[0] == 'r' ? "ll" : "ii");
    else if (!strcmp(r, "ve") || (!strcmp(r, "ue") && il && strchr("ln", py[0])))
        strcpy(fin, "ue");
    else if (il && py[0] != 'y' && py[0] != 'w' &&
             (!strncmp(r, "ia", 2) || !strcmp(r, "iong") || !strncmp(r, "ua", 2) ||
              !strcmp(r, "uo"))) { /* medial into the initial */
        ini[il] = r[0];
        ini[il + 1] = '\0';
        snprintf(fin, 8, "%s", r + 1);
    }
    if (!strcmp(py, "er"))
        strcpy(fin, "er");
}

/* Nearer sounds to try when cn1 lacks a pair, most alike first. */
static const char *const SUBSTITUTE[][2] = {
    {"k", "g"},    {"g", "k"},   {"t", "d"},   {"d", "t"},   {"p", "b"},   {"b", "p"},
    {"c", "z"},    {"z", "c"},   {"s", "z"},   {"ch", "zh"}, {"zh", "ch"}, {"sh", "zh"},
    {"r", "sh"},   {"q", "j"},   {"x", "j"},   {"f", "h"},   {"ku", "gu"}, {"gu", "hu"},
    {"ru", "shu"}, {"tu", "du"}, {"du", "tu"}, {"cu", "zu"}, {"su", "zu"}, {"nu", "lu"},
    {"ti", "di"},  {"pi", "bi"}, {"ni", "li"}, {"li", "ni"}, {"y", ""},    {"w", "hu"},
};

static int try_pair(const char *ini, const char *fin, const char **i_out, const char **f_out)
{
    const char *iu = unit_initial(ini, strlen(ini));
    const char *fu = final_name(fin, strlen(fin));
    if (!iu || !fu || !pair_final(iu, fu))
        return 0;
    *i_out = iu;
    *f_out = fu;
    return 1;
}

int tb_cn1_units(const char *pinyin, const char **initial, const char **final)
{
    char ini[8], fin[8];
    cn1_spelling(pinyin, ini, fin);
    if (try_pair(ini, fin, initial, final))
        return 1;
    for (size_t i = 0; i < sizeof SUBSTITUTE / sizeof SUBSTITUTE[0]; i++)
        if (!strcmp(SUBSTITUTE[i][0], ini) && try_pair(SUBSTITUTE[i][1], fin, initial, final))
            return 0;
    if (try_pair(ini, "en", initial, final) || try_pair("", fin, initial, final) ||
        (strlen(ini) > 1 && try_pair((char[2]){ini[0], 0}, fin, initial, final)))
        return 0;
    try_pair("", "en", initial, final); /* m, n, ng, hm: a hum */
    return 0;
}

int tb_cmn_tone(int contour)
{
    switch (contour) {
    case 55: return 1;
    case 35: return 2;
    case 214:
    case 21: return 3;
    case 51:
    case 53: return 4;
    case 11:
    case 22:
    case 33:
    case 44: return 5;
    default: return 0;
    }
}

/* Longest syllable at s: its table index (or -1), its length and contour. */
static int syllable_at(const char *s, size_t *len, int *contour)
{
    int best = -1;
    size_t best_len = 0;
    for (size_t k = 0; k < N_SYLLABLES; k++) {
        size_t lp = strlen(cmn_syllables[k].pre), lq = strlen(cmn_syllables[k].post);
        if (strncmp(s, cmn_syllables[k].pre, lp))
            continue;
        size_t d = lp;
        while (s[d] >= '0' && s[d] <= '9')
            d++;
        if (d == lp || d - lp > 3 || strncmp(s + d, cmn_syllables[k].post, lq))
            continue;
        /* a coda n/N that is the next syllable's onset: prefer the shorter
         * reading when what follows cannot start a syllable otherwise */
        if (d + lq > best_len) {
            best = (int)k;
            best_len = d + lq;
            *contour = atoi(s + lp);
        }
    }
    *len = best_len;
    return best;
}

/* A character that separates syllables in a trace: pauses, word and
 * syllable marks. (Stress marks ' and , stand before the vowel, inside a
 * syllable: they are skipped, not separators.) */
static int separator(char c)
{
    return c == '_' || c == '|' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '!' ||
           c == ':' || c == '=';
}

size_t tb_cmn_decode(const char *trace, tb_cmn_syllable *out, size_t cap, size_t *n)
{
    size_t unknown = 0, got = 0;
    const char *p = trace;
    while (*p) {
        if (separator(*p)) {
            p++;
            continue;
        }
        if (*p == '(') { /* (en)...(cmn): a language switch inside the run */
            const char *e = strchr(p, ')');
            if (!e)
                break;
            int cmn = !strncmp(p, "(cmn)", 5);
            p = e + 1;
            if (cmn)
                continue;
            const char *back = strstr(p, "(cmn)");
            const char *stop = back ? back : p + strlen(p);
            unknown += (size_t)(stop - p);
            p = stop;
            continue;
        }
        char syl[32]; /* the syllable's characters without stress marks */
        size_t m = 0, used[32];
        for (const char *q = p; *q && !separator(*q) && *q != '(' && m < sizeof syl - 1; q++)
            if (*q != '\'' && *q != ',') {
                used[m] = (size_t)(q - p);
                syl[m++] = *q;
            }
        syl[m] = '\0';
        size_t len;
        int contour = 0;
        int k = syllable_at(syl, &len, &contour);
        if (k < 0) {
            unknown++;
            p++;
            continue;
        }
        if (got < cap) {
            snprintf(out[got].pinyin, sizeof out[got].pinyin, "%s", cmn_syllables[k].pinyin);
            out[got].contour = contour;
            got++;
        }
        p += used[len - 1] + 1;
    }
    *n = got;
    return unknown;
}
