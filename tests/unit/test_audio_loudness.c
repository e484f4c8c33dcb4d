/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_audio_loudness.c — the loudness stage against signals whose figures are known. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "audio/loudness.h"

#define RATE 22050

/* A 1 kHz sine at full scale reads −3.01 LUFS (BS.1770's reference). */
static void measures_a_reference_sine(void **state)
{
    (void)state;
    size_t n = RATE * 5;
    float *x = malloc(n * sizeof *x);
    assert_non_null(x);
    for (size_t i = 0; i < n; i++)
        x[i] = (float)(0.5 * sin(2 * M_PI * 997.0 * (double)i / RATE));
    tb_loudness m;
    assert_int_equal(tb_loudness_measure(x, n, RATE, &m), TB_OK);
    assert_true(fabs(m.lufs - (-3.01 - 6.02)) < 0.2);
    assert_true(fabs(m.true_peak - (-6.02)) < 0.2);
    free(x);
}

/* Speech-like: quiet tone with sharp loud clicks (high peak-to-loudness ratio). */
static void normalizes_and_limits_peaks(void **state)
{
    (void)state;
    size_t n = RATE * 8;
    float *x = malloc(n * sizeof *x);
    assert_non_null(x);
    for (size_t i = 0; i < n; i++) {
        double t = (double)i / RATE;
        double env = fmod(t, 0.5) < 0.3 ? 1.0 : 0.0; /* syllables and pauses */
        x[i] = (float)(0.05 * env * sin(2 * M_PI * 220.0 * t));
        if (i % 4000 < 20)
            x[i] = (float)(0.9 * ((i / 4000) % 2 ? 1 : -1)); /* clicks */
    }
    tb_loudness m;
    assert_int_equal(tb_loudness_normalize(x, n, RATE, -16.0, -3.0, &m), TB_OK);
    assert_true(fabs(m.lufs - (-16.0)) < 0.5);
    double ceiling = pow(10.0, -3.0 / 20.0);
    for (size_t i = 0; i < n; i++)
        assert_true(fabs(x[i]) <= ceiling + 1e-6);
    tb_loudness again;
    assert_int_equal(tb_loudness_measure(x, n, RATE, &again), TB_OK);
    assert_true(fabs(again.lufs - m.lufs) < 1e-6);
    free(x);
}

static void leaves_silence_alone(void **state)
{
    (void)state;
    float x[RATE] = {0};
    tb_loudness m;
    assert_int_equal(tb_loudness_normalize(x, RATE, RATE, -16.0, -3.0, &m), TB_OK);
    for (size_t i = 0; i < RATE; i++)
        assert_true(x[i] == 0.0f);
    assert_true(m.lufs < -69.0);
}

/* Fed in odd-sized chunks, the limiter gives the same samples as in one go. */
static void limiter_streams(void **state)
{
    (void)state;
    size_t n = RATE * 2;
    float *x = malloc(n * sizeof *x), *a = malloc((n + 200) * sizeof *a),
          *b = malloc((n + 200) * sizeof *b);
    assert_true(x && a && b);
    for (size_t i = 0; i < n; i++)
        x[i] =
            (float)(0.8 * sin(2 * M_PI * 300.0 * (double)i / RATE) * (i % 5000 < 2500 ? 1 : 0.1));
    tb_limiter *l = tb_limiter_new(RATE, 6.0, -3.0);
    assert_non_null(l);
    size_t ka = 0, got;
    tb_limiter_run(l, x, n, a, &got);
    ka += got;
    assert_int_equal(got, n - tb_limiter_latency(l));
    tb_limiter_flush(l, a + ka, &got);
    ka += got;
    assert_int_equal(ka, n);
    tb_limiter_free(l);
    l = tb_limiter_new(RATE, 6.0, -3.0);
    size_t kb = 0;
    for (size_t i = 0; i < n; i += 777) {
        size_t m = n - i < 777 ? n - i : 777;
        tb_limiter_run(l, x + i, m, b + kb, &got);
        kb += got;
    }
    tb_limiter_flush(l, b + kb, &got);
    kb += got;
    tb_limiter_free(l);
    assert_int_equal(kb, n);
    assert_memory_equal(a, b, n * sizeof *a);
    double ceiling = pow(10.0, -3.0 / 20.0), peak = 0;
    for (size_t i = 0; i < n; i++)
        peak = fabs(a[i]) > peak ? fabs(a[i]) : peak;
    assert_true(peak <= ceiling + 1e-6);
    assert_true(peak > ceiling * 0.9); /* it limits, it does not squash */
    free(x);
    free(a);
    free(b);
}

/* An edition from its parts: three "sections" of different levels, each
 * with silence at both ends as the render makes them, measured part by
 * part and summed, read as the whole measured at once (the gating is over
 * every block of every part, so a quiet part does not simply average in);
 * the sum does not depend on the order the parts are added in. */
static void parts_add_up_to_the_whole(void **state)
{
    (void)state;
    const int rate = 24000;
    const double level[3] = {0.5, 0.05, 0.2}, secs[3] = {6.0, 9.0, 4.0};
    size_t len[3], total = 0;
    for (int k = 0; k < 3; k++)
        total += len[k] = (size_t)(secs[k] * rate);
    float *x = calloc(total, sizeof *x);
    assert_non_null(x);
    size_t at = 0;
    for (int k = 0; k < 3; k++) {
        for (size_t i = (size_t)rate; i + (size_t)rate < len[k]; i++) /* 1 s of silence each end */
            x[at + i] = (float)(level[k] * sin(2 * M_PI * (440.0 + 300 * k) * (double)i / rate) *
                                (0.6 + 0.4 * sin(2 * M_PI * 3.0 * (double)i / rate)));
        at += len[k];
    }
    tb_loudness whole;
    assert_int_equal(tb_loudness_measure(x, total, rate, &whole), TB_OK);
    tb_meter *part[3];
    at = 0;
    for (int k = 0; k < 3; k++) {
        assert_non_null(part[k] = tb_meter_new_part(rate));
        for (size_t i = 0; i < len[k]; i += 1000) /* in pieces that do not fall on 100 ms */
            assert_int_equal(
                tb_meter_add(part[k], x + at + i, len[k] - i < 1000 ? len[k] - i : 1000), TB_OK);
        at += len[k];
    }
    tb_loudness_sum *fwd = tb_loudness_sum_new(), *rev = tb_loudness_sum_new();
    assert_non_null(fwd);
    assert_non_null(rev);
    for (int k = 0; k < 3; k++) {
        assert_int_equal(tb_loudness_sum_add(fwd, part[k]), TB_OK);
        assert_int_equal(tb_loudness_sum_add(rev, part[2 - k]), TB_OK);
    }
    tb_loudness a, b, one;
    assert_int_equal(tb_loudness_sum_result(fwd, &a), TB_OK);
    assert_int_equal(tb_loudness_sum_result(rev, &b), TB_OK);
    assert_true(a.lufs == b.lufs && a.true_peak == b.true_peak);
    assert_true(fabs(a.lufs - whole.lufs) < 0.05);
    assert_true(fabs(a.true_peak - whole.true_peak) < 0.01);
    /* the loud first part alone, by its own meter and as a sum of one */
    tb_loudness_sum *s1 = tb_loudness_sum_new();
    assert_non_null(s1);
    assert_int_equal(tb_loudness_sum_add(s1, part[0]), TB_OK);
    assert_int_equal(tb_loudness_sum_result(s1, &one), TB_OK);
    assert_int_equal(tb_meter_result(part[0], &b), TB_OK);
    assert_true(one.lufs == b.lufs && one.lufs > a.lufs + 1.0);
    /* an ordinary meter is not a part */
    tb_meter *plain = tb_meter_new(rate, 0);
    assert_non_null(plain);
    assert_int_equal(tb_loudness_sum_add(s1, plain), TB_ERR_USAGE);
    /* nothing above the gate */
    tb_loudness_sum *empty = tb_loudness_sum_new();
    assert_non_null(empty);
    assert_int_equal(tb_loudness_sum_result(empty, &b), TB_OK);
    assert_true(b.lufs == -120.0 && b.true_peak == -120.0);
    tb_meter_free(plain);
    for (int k = 0; k < 3; k++)
        tb_meter_free(part[k]);
    tb_loudness_sum_free(fwd);
    tb_loudness_sum_free(rev);
    tb_loudness_sum_free(s1);
    tb_loudness_sum_free(empty);
    free(x);
}

/* Two meters over two halves that overlap by three 100 ms steps (as the
 * render measures a long piece) hold the whole's gating blocks: together
 * they read what one meter over the whole reads, though the halves differ
 * by 6 LU. */
static void halves_read_as_the_whole(void **state)
{
    (void)state;
    const int rate = 22050;
    const size_t step = (rate + 5) / 10, n = 40 * (size_t)rate + 777, mid = n / 2 / step * step;
    float *x = calloc(n, sizeof *x);
    assert_non_null(x);
    for (size_t i = 0; i < n; i++)
        x[i] = (float)((i < mid ? 0.4 : 0.2) * sin(2 * M_PI * 500.0 * (double)i / rate) *
                       (0.5 + 0.5 * sin(2 * M_PI * 0.7 * (double)i / rate)));
    tb_meter *whole = tb_meter_new(rate, 0), *m[2] = {tb_meter_new(rate, 0), tb_meter_new(rate, 0)};
    assert_non_null(whole);
    assert_non_null(m[0]);
    assert_non_null(m[1]);
    assert_int_equal(tb_meter_add(whole, x, n), TB_OK);
    assert_int_equal(tb_meter_add(m[0], x, mid), TB_OK);
    assert_int_equal(tb_meter_add(m[1], x + mid - 3 * step, n - mid + 3 * step), TB_OK);
    tb_loudness w, both, first;
    assert_int_equal(tb_meter_result(whole, &w), TB_OK);
    assert_int_equal(tb_meter_result_of(m, 2, &both), TB_OK);
    assert_int_equal(tb_meter_result_of(m, 1, &first), TB_OK);
    assert_true(fabs(both.lufs - w.lufs) < 0.01);
    assert_true(first.lufs > w.lufs + 1.5);
    assert_true(both.true_peak == -120.0);
    /* true-peak meters and parts are not for this */
    tb_meter *tp = tb_meter_new(rate, 1);
    assert_non_null(tp);
    assert_int_equal(tb_meter_result_of(&tp, 1, &both), TB_ERR_USAGE);
    tb_meter_free(tp);
    tb_meter_free(whole);
    tb_meter_free(m[0]);
    tb_meter_free(m[1]);
    free(x);
}

/* A part's measure kept in a file (as a re-render keeps it) adds up to
 * exactly what the part itself adds; anything else is refused. */
static void a_kept_part_adds_what_the_part_adds(void **state)
{
    (void)state;
    const int rate = 24000;
    size_t n = (size_t)rate * 5;
    float *x = malloc(n * sizeof *x);
    assert_non_null(x);
    for (size_t i = 0; i < n; i++)
        x[i] =
            (float)((i / 4800) % 2 ? 0.4 : 0.05) * (float)sin(2 * M_PI * 700.0 * (double)i / rate);
    tb_meter *m = tb_meter_new_part(rate);
    assert_non_null(m);
    assert_int_equal(tb_meter_add(m, x, n), TB_OK);
    tb_loudness_sum *a = tb_loudness_sum_new(), *b = tb_loudness_sum_new();
    assert_true(a && b);
    assert_int_equal(tb_loudness_sum_add(a, m), TB_OK);
    FILE *f = tmpfile();
    assert_non_null(f);
    assert_int_equal(tb_loudness_part_save(m, f), TB_OK);
    rewind(f);
    assert_int_equal(tb_loudness_sum_add_saved(b, f), TB_OK);
    tb_loudness la, lb;
    assert_int_equal(tb_loudness_sum_result(a, &la), TB_OK);
    assert_int_equal(tb_loudness_sum_result(b, &lb), TB_OK);
    assert_true(la.lufs == lb.lufs && la.true_peak == lb.true_peak);
    assert_true(la.lufs > -30 && la.lufs < -5);
    fclose(f);
    f = tmpfile();
    assert_non_null(f);
    fputs("not a loudness part\n", f);
    rewind(f);
    assert_int_equal(tb_loudness_sum_add_saved(b, f), TB_ERR_INPUT);
    fclose(f);
    tb_loudness_sum_free(a);
    tb_loudness_sum_free(b);
    tb_meter_free(m);
    free(x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(measures_a_reference_sine),
        cmocka_unit_test(normalizes_and_limits_peaks),
        cmocka_unit_test(leaves_silence_alone),
        cmocka_unit_test(limiter_streams),
        cmocka_unit_test(parts_add_up_to_the_whole),
        cmocka_unit_test(halves_read_as_the_whole),
        cmocka_unit_test(a_kept_part_adds_what_the_part_adds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
