/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_synth_prosody.c — the MBROLA voice family's pure parts, without any
 * engine: eSpeak phoneme traces read back as pinyin and tones
 * (synth/pinyin_units), every syllable eSpeak knows mapped to a pair cn1
 * has, and the .pho prosody makes (synth/prosody): tone shapes in Hz,
 * phrase-final lengthening, pauses, declination and its reset; and the
 * filter that lengthens eSpeak's clause pauses (synth/pauses).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "synth/cmn_syllables.h"
#include "synth/pinyin_units.h"
#include "synth/pauses.h"
#include "synth/prosody.h"

static void decode_a_trace(void **state)
{
    (void)state;
    tb_cmn_syllable s[16];
    size_t n = 0;
    /* as eSpeak NG 1.51 traces 中华民族 西安 他们 了 (measured) */
    size_t unk = tb_cmn_decode("ts.'ong55_| Xw'A35_| m'i35n_| ts'u35_| S;i55'a55n_| "
                               "thA55m@22n_| l@44_|",
                               s, 16, &n);
    assert_int_equal(unk, 0);
    assert_int_equal(n, 9);
    const char *want[] = {"zhong", "hua", "min", "zu", "xi", "an", "ta", "men", "le"};
    const int contour[] = {55, 35, 35, 35, 55, 55, 55, 22, 44};
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(s[i].pinyin, want[i]);
        assert_int_equal(s[i].contour, contour[i]);
    }
    assert_int_equal(tb_cmn_tone(214), 3);
    assert_int_equal(tb_cmn_tone(21), 3);
    assert_int_equal(tb_cmn_tone(53), 4);
    assert_int_equal(tb_cmn_tone(22), 5);
    /* an English stretch eSpeak switched to is not read as Mandarin */
    unk = tb_cmn_decode("n'i35_| (en)dZ'i:(cmn) X'Au214_|", s, 16, &n);
    assert_int_equal(n, 2);
    assert_int_equal(unk, 5); /* dZ'i: */
}

static void every_syllable_has_units(void **state)
{
    (void)state;
    size_t own = 0, n = sizeof cmn_syllables / sizeof cmn_syllables[0];
    for (size_t k = 0; k < n; k++) {
        const char *i = NULL, *f = NULL;
        own += (size_t)tb_cn1_units(cmn_syllables[k].pinyin, &i, &f);
        assert_non_null(i);
        assert_non_null(f);
        assert_true(f[0] != '\0');
    }
    assert_int_equal(n, 410);
    assert_int_equal(own, 406); /* kei lo rua yo: the nearest pair cn1 has */
    const char *i, *f;
    assert_true(tb_cn1_units("zhi", &i, &f));
    assert_string_equal(i, "zh");
    assert_string_equal(f, "ll");
    assert_true(tb_cn1_units("si", &i, &f));
    assert_string_equal(f, "ii");
    assert_true(tb_cn1_units("juan", &i, &f));
    assert_string_equal(i, "ju");
    assert_string_equal(f, "an");
    assert_true(tb_cn1_units("guo", &i, &f));
    assert_string_equal(i, "gu");
    assert_string_equal(f, "o");
    assert_true(tb_cn1_units("lve", &i, &f));
    assert_string_equal(f, "ue");
    assert_true(tb_cn1_units("yu", &i, &f));
    assert_string_equal(i, "y");
    assert_string_equal(f, "v");
    assert_true(tb_cn1_units("er", &i, &f));
    assert_string_equal(i, "");
    assert_false(tb_cn1_units("kei", &i, &f));
    assert_string_equal(i, "g");
}

/* The F0 points (Hz) and duration (ms) of the k-th final in a .pho. */
static int final_of(const char *pho, int k, double hz[3], int *dur)
{
    const char *p = pho;
    int seen = 0;
    while (p && *p) {
        const char *e = strchr(p, '\n');
        char name[8];
        int d, a, np = 0;
        double f[3] = {0};
        int pct[3];
        if (p[0] != ';' && sscanf(p, "%7s %d", name, &d) == 2) {
            const char *q = p;
            for (int skip = 0; skip < 2; skip++)
                q = strchr(q, ' ') + 1;
            while (np < 3 && sscanf(q, "%d %lf%n", &pct[np], &f[np], &a) == 2) {
                q += a;
                np++;
            }
            if (np >= 2 && seen++ == k) {
                memcpy(hz, f, sizeof f);
                *dur = d;
                return np;
            }
        }
        p = e ? e + 1 : NULL;
    }
    return 0;
}

static void tone_shapes_and_timing(void **state)
{
    (void)state;
    tb_pros_syl s[6] = {{{"ma", 55}, 0}, {{"ma", 35}, 0},
                        {{"ma", 21}, 0}, {{"ma", 51}, TB_PAUSE_COMMA_MS},
                        {{"ma", 55}, 0}, {{"ma", 22}, 0}};
    tb_buf pho;
    tb_buf_init(&pho, 0);
    assert_int_equal(tb_prosody_pho(s, 6, &pho), TB_OK);
    double hz[3];
    int dur[6], np;
    for (int k = 0; k < 6; k++)
        assert_true(final_of(pho.data, k, hz, &dur[k]) >= 2);
    np = final_of(pho.data, 0, hz, &dur[0]); /* 55: level, high */
    assert_true(fabs(12 * log2(hz[np - 1] / hz[0])) < 1.0);
    np = final_of(pho.data, 1, hz, &dur[1]); /* 35: rises 6 semitones */
    assert_true(12 * log2(hz[np - 1] / hz[0]) > 5.0);
    np = final_of(pho.data, 3, hz, &dur[3]); /* 51: falls an octave */
    assert_true(12 * log2(hz[0] / hz[np - 1]) > 10.0);
    double t4_start = hz[0];
    np = final_of(pho.data, 4, hz, &dur[4]); /* after the comma: declination partly reset */
    assert_true(hz[0] > t4_start * 0.9);
    assert_true(dur[3] > dur[2]);       /* lengthened before the pause */
    assert_true(dur[5] < dur[4] * 1.3); /* neutral: short even when final */
    assert_non_null(strstr(pho.data, "\n_ 380\n"));
    size_t len;
    assert_int_equal(tb_prosody_pause("，下", &len), TB_PAUSE_COMMA_MS);
    assert_int_equal(len, 3);
    assert_int_equal(tb_prosody_pause("下", &len), 0);
    tb_buf_free(&pho);
}

typedef struct {
    uint64_t n, zeros, longest_zeros, run;
} run_stats;

static tb_status zero_runs(const int16_t *pcm, size_t n, void *ctx)
{
    run_stats *r = ctx;
    for (size_t i = 0; i < n; i++) {
        r->run = pcm[i] == 0 ? r->run + 1 : 0;
        r->zeros += pcm[i] == 0;
        if (r->run > r->longest_zeros)
            r->longest_zeros = r->run;
    }
    r->n += n;
    return TB_OK;
}

/* Push sound, `gap` zeros, sound (in pieces of 100, as eSpeak's callback
 * cuts its PCM anywhere), then `tail` zeros; the filter's counts. */
static run_stats filter(uint64_t gap, uint64_t tail, uint64_t *out)
{
    run_stats r = {0};
    tb_pause_filter f;
    tb_pause_start(&f, zero_runs, &r, 22050);
    int16_t pcm[100];
    uint64_t plan[4] = {500, gap, 500, tail};
    for (int part = 0; part < 4; part++)
        for (uint64_t left = plan[part]; left > 0;) {
            size_t k = left > 100 ? 100 : (size_t)left;
            for (size_t i = 0; i < k; i++)
                pcm[i] = part % 2 ? 0 : (int16_t)(1000 + i);
            assert_int_equal(tb_pause_push(&f, pcm, k), TB_OK);
            left -= k;
        }
    assert_int_equal(tb_pause_end(&f), TB_OK);
    *out = f.out;
    return r;
}

static void clause_pauses_lengthened(void **state)
{
    (void)state;
    uint64_t out;
    /* a syllable gap (683 samples, 31 ms) passes as it is */
    run_stats r = filter(683, 0, &out);
    assert_true(r.n == 1683 && out == r.n && r.longest_zeros == 683);
    /* eSpeak's comma (1962 samples, 89 ms) becomes TB_PAUSE_COMMA_MS */
    r = filter(1962, 0, &out);
    assert_true(r.longest_zeros == (uint64_t)TB_PAUSE_COMMA_MS * 22050 / 1000);
    assert_true(r.n == 1000 + r.longest_zeros && out == r.n);
    /* its colon (3152, 143 ms) becomes TB_PAUSE_COLON_MS */
    r = filter(3152, 0, &out);
    assert_true(r.longest_zeros == (uint64_t)TB_PAUSE_COLON_MS * 22050 / 1000);
    /* a pause already longer is not shortened; the silence at the end stays */
    r = filter(20000, 2000, &out);
    assert_true(r.n == 23000 && out == r.n && r.zeros == 22000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(decode_a_trace),
        cmocka_unit_test(every_syllable_has_units),
        cmocka_unit_test(tone_shapes_and_timing),
        cmocka_unit_test(clause_pauses_lengthened),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
