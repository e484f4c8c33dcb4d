/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * prosody.c — durations, F0 and pauses for the MBROLA voice (see prosody.h
 * and docs/audio.md). Each syllable becomes cn1's initial unit (if any) and
 * final unit, with `_ 0` between syllables as cn1's author does (its
 * examples): the database has diphones from and to silence for every unit.
 */
#include "synth/prosody.h"

#include <math.h>
#include <string.h>

/* The register: tone letter 1 (lowest) at F_LOW Hz, each letter up
 * STEP_ST semitones: letter 5 is one octave above letter 1. */
#define F_LOW 165.0
#define STEP_ST 3.0
#define DECL_ST_PER_S 1.2   /* declination over a sentence, semitones per second */
#define DECL_MAX_ST 3.0     /* and at most this much */
#define CLAUSE_RESET 0.5    /* share of the declination a pause gives back */
#define FINAL_LENGTHEN 1.35 /* the last syllable before a pause */
#define PENULT_LENGTHEN 1.1

/* A contour's F0 targets on the final: (percent of its duration, tone
 * letter), from the tone letters 55 35 214 21 51 53 and the neutral tone's
 * level after each tone (Chao: 2 after 1, 3 after 2, 4 after 3, 1 after 4). */
typedef struct {
    int contour;
    int base_ms; /* syllable duration inside a phrase */
    int n;
    double pt[3][2];
} tone_shape;

static const tone_shape SHAPES[] = {
    {55, 225, 2, {{0, 5.0}, {100, 4.8}}},
    {35, 235, 3, {{0, 3.0}, {30, 2.7}, {100, 5.0}}},
    {214, 280, 3, {{0, 2.2}, {45, 1.0}, {100, 4.0}}},
    {21, 215, 3, {{0, 2.2}, {60, 1.0}, {100, 1.0}}},
    {51, 205, 3, {{0, 5.0}, {15, 5.0}, {100, 1.0}}},
    {53, 195, 2, {{0, 5.0}, {100, 3.0}}},
    {22, 140, 2, {{0, 2.5}, {100, 2.0}}},
    {33, 140, 2, {{0, 3.2}, {100, 2.8}}},
    {44, 140, 2, {{0, 3.5}, {100, 4.0}}},
    {11, 140, 2, {{0, 1.8}, {100, 1.0}}},
};

static const tone_shape *shape_of(int contour)
{
    for (size_t i = 0; i < sizeof SHAPES / sizeof SHAPES[0]; i++)
        if (SHAPES[i].contour == contour)
            return &SHAPES[i];
    return &SHAPES[0];
}

/* The duration of an initial unit (ms) by its manner: aspirated stops and
 * affricates are long, unaspirated stops short; a unit carrying a medial
 * (gu, bi, ju) adds its glide. */
static int initial_ms(const char *u)
{
    if (!u[0])
        return 0;
    size_t l = strlen(u);
    int glide = l > 1 && (u[l - 1] == 'u' || u[l - 1] == 'i') && strcmp(u, "yu") ? 55 : 0;
    char c = u[0];
    int two = l > 1 && u[1] == 'h';
    if (strchr("bdg", c))
        return 35 + glide;
    if (strchr("ptk", c))
        return 75 + glide;
    if (c == 'z' || c == 'j' || (c == 'c' && !two))
        return c == 'c' ? 95 + glide : 65 + glide;
    if (c == 'q' || (c == 'c' && two))
        return 95 + glide;
    if (strchr("fsxh", c))
        return 90 + glide;
    if (c == 'y' || c == 'w')
        return 45 + glide;
    return 60 + glide; /* m n l r */
}

static double hz(double letter, double decl_st)
{
    return F_LOW * pow(2.0, ((letter - 1.0) * STEP_ST - decl_st) / 12.0);
}

/* Apply the tingbao sandhi rules to what eSpeak said: a full 214 that is not
 * before a pause is a half third (21); a third before a third is a second
 * (eSpeak applies both; kept here for text it did not group). */
static int sandhi(const tb_pros_syl *syl, size_t i, size_t n)
{
    int c = syl[i].s.contour;
    int last = i + 1 == n || syl[i].pause_ms > 0;
    if (tb_cmn_tone(c) == 3 && !last && tb_cmn_tone(syl[i + 1].s.contour) == 3 &&
        syl[i + 1].s.contour != 21 && syl[i + 1].s.contour != 214)
        return 35;
    if (c == 214 && !last)
        return 21;
    return c;
}

tb_status tb_prosody_pho(const tb_pros_syl *syl, size_t n, tb_buf *pho)
{
    tb_status st = tb_buf_adds(pho, "_ 20\n");
    double t = 0, reset = 0; /* seconds of speech so far; declination given back */
    for (size_t i = 0; i < n && st == TB_OK; i++) {
        const tone_shape *sh = shape_of(sandhi(syl, i, n));
        int last = i + 1 == n || syl[i].pause_ms > 0;
        int penult = !last && (i + 2 == n || syl[i + 1].pause_ms > 0);
        double dur = sh->base_ms * (last ? FINAL_LENGTHEN : penult ? PENULT_LENGTHEN : 1.0);
        const char *ini, *fin;
        tb_cn1_units(syl[i].s.pinyin, &ini, &fin);
        int ims = initial_ms(ini);
        int fms = (int)dur - ims < 90 ? 90 : (int)dur - ims;
        double decl = t * DECL_ST_PER_S - reset;
        if (decl > DECL_MAX_ST)
            decl = DECL_MAX_ST;
        /* a comment MBROLA skips: the syllable and its contour (bench/tones) */
        st = tb_buf_printf(pho, "; %s %d\n", syl[i].s.pinyin, sh->contour);
        if (ini[0] && st == TB_OK)
            st = tb_buf_printf(pho, "%s %d 50 %.0f\n", ini, ims, hz(sh->pt[0][1], decl));
        if (st == TB_OK)
            st = tb_buf_printf(pho, "%s %d", fin, fms);
        for (int k = 0; k < sh->n && st == TB_OK; k++) {
            double at = t + (ims + fms * sh->pt[k][0] / 100.0) / 1000.0;
            double d = at * DECL_ST_PER_S - reset;
            st = tb_buf_printf(pho, " %.0f %.0f", sh->pt[k][0],
                               hz(sh->pt[k][1], d > DECL_MAX_ST ? DECL_MAX_ST : d));
        }
        t += (ims + fms) / 1000.0;
        if (st == TB_OK)
            st = tb_buf_printf(pho, "\n_ %d\n", syl[i].pause_ms);
        if (syl[i].pause_ms > 0)
            reset += (t * DECL_ST_PER_S - reset) * CLAUSE_RESET;
    }
    if (st == TB_OK)
        st = tb_buf_adds(pho, "_ 30\n");
    return st;
}

int tb_prosody_pause(const char *p, size_t *len)
{
    static const struct {
        const char *s;
        int ms;
    } P[] = {{"、", TB_PAUSE_ENUM_MS},  {"，", TB_PAUSE_COMMA_MS}, {",", TB_PAUSE_COMMA_MS},
             {"；", TB_PAUSE_COLON_MS}, {"：", TB_PAUSE_COLON_MS}, {";", TB_PAUSE_COLON_MS},
             {":", TB_PAUSE_COLON_MS},  {"——", TB_PAUSE_COLON_MS}};
    for (size_t i = 0; i < sizeof P / sizeof P[0]; i++) {
        size_t l = strlen(P[i].s);
        if (!strncmp(p, P[i].s, l)) {
            *len = l;
            return P[i].ms;
        }
    }
    *len = 0;
    return 0;
}
