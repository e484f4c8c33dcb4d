/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_encode_clock.c — the Opus timeline a section at a time
 * (tb_enc_opus_measure + tb_enc_opus_clock), which the MP3 thread uses while
 * the sections are still being encoded, must give exactly the numbers the
 * edition remux (tb_enc_edition) gives once they are all finished.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "encode/encode.h"

#define RATE 22050
#define N 3

static char dir[] = "/tmp/tb-test-perf-clock-XXXXXX";

/* seconds of a falling tone with silence at both ends */
static void section(const char *path, double seconds, int track)
{
    tb_enc_settings s;
    tb_enc_settings_default(&s, RATE);
    tb_enc_tags t = {"节", "标题", "tingbao", NULL, "zh-CN", track, N, NULL};
    tb_enc_section *e = NULL;
    assert_int_equal(tb_enc_section_new(&s, path, &t, &e, NULL), TB_OK);
    size_t n = (size_t)(seconds * RATE);
    int16_t *pcm = calloc(n, sizeof *pcm);
    assert_non_null(pcm);
    for (size_t i = RATE / 5; i + RATE / 5 < n; i++)
        pcm[i] = (int16_t)(6000 * sin(2 * M_PI * (600 - 200.0 * i / n) * (double)i / RATE));
    /* in uneven pieces, as a worker reads them */
    for (size_t at = 0; at < n;) {
        size_t k = n - at < 1000 + at % 3001 ? n - at : 1000 + at % 3001;
        assert_int_equal(tb_enc_section_write(e, pcm + at, k), TB_OK);
        at += k;
    }
    assert_int_equal(tb_enc_section_finish(e, NULL), TB_OK);
    tb_enc_section_free(e);
    free(pcm);
}

/* What the decoder gives: how many samples, and where each loud stretch
 * (a section's tone) begins after a silence. */
typedef struct {
    long long n, quiet_run;
    long long first_loud[N];
    int tones;
} decoded;

static tb_status count_pcm(const float *x, size_t k, void *ctx)
{
    decoded *g = ctx;
    for (size_t i = 0; i < k; i++, g->n++) {
        if (fabsf(x[i]) > 0.05f) {
            if (g->quiet_run > 2400 && g->tones < N) /* after 0.1 s of silence: a new tone */
                g->first_loud[g->tones++] = g->n;
            g->quiet_run = 0;
        } else {
            g->quiet_run++;
        }
    }
    return TB_OK;
}

static void clock_matches_the_edition(void **state)
{
    (void)state;
    static const double secs[N] = {1.3, 4.1, 0.7};
    char paths[N][600], edition[600];
    const char *pp[N], *titles[N] = {"一", "二", "三"};
    for (int i = 0; i < N; i++) {
        snprintf(paths[i], sizeof paths[i], "%s/%02d.opus", dir, i + 1);
        pp[i] = paths[i];
        section(paths[i], secs[i], i + 1);
    }
    tb_enc_opus_clock clock = {0};
    tb_enc_opus_info info[N];
    tb_enc_span mine[N];
    for (int i = 0; i < N; i++) {
        assert_int_equal(tb_enc_opus_measure(paths[i], &info[i], NULL), TB_OK);
        /* the encoder's delay at 48 kHz is a few ms; the samples cover the input */
        assert_in_range(info[i].pre_skip, 1, 48000 / 10);
        assert_true(info[i].granule >= (int64_t)(secs[i] * 48000) + info[i].pre_skip - 48);
        assert_true(info[i].samples >= info[i].granule);
        tb_enc_opus_clock_add(&clock, &info[i], &mine[i]);
    }
    double my_total = tb_enc_opus_clock_total(&clock, &info[N - 1]);
    assert_true(mine[0].start == 0.0);
    assert_true(mine[1].start ==
                (double)(info[0].samples + info[1].pre_skip - info[0].pre_skip) / 48000.0);

    tb_enc_settings s;
    tb_enc_settings_default(&s, RATE);
    tb_enc_tags t = {"标题", "标题", "tingbao", NULL, "zh-CN", 0, N, NULL};
    tb_enc_span spans[N];
    double total = 0;
    snprintf(edition, sizeof edition, "%s/edition.opus", dir);
    assert_int_equal(tb_enc_edition(&s, edition, pp, titles, N, &t, spans, &total, NULL), TB_OK);
    for (int i = 0; i < N; i++) {
        assert_true(spans[i].start == mine[i].start); /* the same numbers, not close ones */
        assert_true(spans[i].duration == mine[i].duration);
        assert_true(fabs(mine[i].duration - secs[i]) < 0.001);
    }
    assert_true(total == my_total);

    /* decoded as one stream, the sections give exactly the edition's length,
     * and each section's tone starts 0.2 s after its chapter start */
    tb_enc_decoder *d = tb_enc_decoder_new(&s);
    assert_non_null(d);
    assert_int_equal(tb_enc_decoder_rate(d), 24000);
    decoded got = {0};
    for (int i = 0; i < N; i++)
        assert_int_equal(tb_enc_decoder_add(d, paths[i], i == 0, i == N - 1, count_pcm, &got, NULL),
                         TB_OK);
    tb_enc_decoder_free(d);
    assert_true(llabs(got.n - llround(total * 24000)) <= 1);
    for (int i = 0; i < N; i++) {
        long long onset = llround((spans[i].start + 0.2) * 24000);
        assert_true(got.first_loud[i] >= onset - 240 && got.first_loud[i] <= onset + 240);
    }
    for (int i = 0; i < N; i++)
        unlink(paths[i]);
    unlink(edition);
}

static void measure_refuses_other_files(void **state)
{
    (void)state;
    char path[600];
    snprintf(path, sizeof path, "%s/not-opus.opus", dir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs("OggS but not really an Ogg page, and no OpusHead at all", f);
    fclose(f);
    tb_enc_opus_info info;
    tb_diag d = {0};
    assert_int_equal(tb_enc_opus_measure(path, &info, &d), TB_ERR_ENCODE);
    assert_true(d.what[0] != '\0');
    unlink(path);
    snprintf(path, sizeof path, "%s/absent.opus", dir);
    assert_int_equal(tb_enc_opus_measure(path, &info, NULL), TB_ERR_IO);
}

static int setup(void **state)
{
    (void)state;
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(clock_matches_the_edition),
        cmocka_unit_test(measure_refuses_other_files),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
