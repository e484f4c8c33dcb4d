/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_encode.c — the encode stage without the engine: synthetic tones into
 * section files, the whole edition built from them, and its timeline and
 * chapter comments checked against the arithmetic of Ogg Opus.
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

#include "encode.h"

#define RATE 22050

static char dir[] = "/tmp/tb-test-encode-XXXXXX";

/* seconds of a 440 Hz tone with a little silence at both ends */
static tb_status tone(tb_enc_section *e, double seconds)
{
    size_t n = (size_t)(seconds * RATE);
    int16_t *pcm = calloc(n, sizeof *pcm);
    if (!pcm)
        return TB_ERR_NOMEM;
    for (size_t i = RATE / 10; i + RATE / 10 < n; i++)
        pcm[i] = (int16_t)(8000 * sin(2 * M_PI * 440 * (double)i / RATE));
    tb_status st = tb_enc_section_write(e, pcm, n);
    free(pcm);
    return st;
}

static void path_of(char *out, size_t cap, const char *name)
{
    snprintf(out, cap, "%s/%s", dir, name);
}

/* Write sections of the given lengths and the edition; returns the spans. */
static void build(tb_audio_format fmt, const double *secs, size_t n, tb_enc_span *spans,
                  double *total, char *edition, size_t cap)
{
    tb_enc_settings s;
    tb_enc_settings_default(&s, RATE);
    s.format = fmt;
    char paths[8][512];
    const char *pp[8], *titles[8] = {"第一节", "第二节", "第三节", "第四节"};
    for (size_t i = 0; i < n; i++) {
        char name[32];
        snprintf(name, sizeof name, "%02zu-test.%s", i + 1, tb_enc_extension(fmt));
        path_of(paths[i], sizeof paths[i], name);
        pp[i] = paths[i];
        tb_enc_tags t = {titles[i], "标题", "tingbao", "2024-05-06", "zh-CN", (int)i + 1, (int)n};
        tb_enc_section *e = NULL;
        assert_int_equal(tb_enc_section_new(&s, paths[i], &t, &e, NULL), TB_OK);
        assert_int_equal(tone(e, secs[i]), TB_OK);
        assert_int_equal(tb_enc_section_finish(e, NULL), TB_OK);
        tb_enc_section_free(e);
    }
    char name[32];
    snprintf(name, sizeof name, "edition.%s", tb_enc_extension(fmt));
    path_of(edition, cap, name);
    tb_enc_tags t = {"标题", "标题", "tingbao", NULL, "zh-CN", 0, (int)n};
    assert_int_equal(tb_enc_edition(&s, edition, pp, titles, n, &t, spans, total, NULL), TB_OK);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *p = malloc((size_t)n + 1);
    assert_non_null(p);
    assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    p[n] = '\0';
    *len = (size_t)n;
    return p;
}

static int contains(const char *hay, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (!memcmp(hay + i, needle, k))
            return 1;
    return 0;
}

static void opus_edition_timeline(void **state)
{
    (void)state;
    const double secs[] = {1.5, 2.25, 0.75};
    tb_enc_span sp[3];
    double total = 0;
    char ed[512];
    build(TB_AUDIO_OPUS, secs, 3, sp, &total, ed, sizeof ed);
    assert_true(sp[0].start == 0.0);
    double sum = 0;
    for (int i = 0; i < 3; i++) {
        /* each section file lasts what was written, to the 48 kHz sample */
        assert_true(fabs(sp[i].duration - secs[i]) < 0.001);
        sum += sp[i].duration;
    }
    /* a section starts after the one before it, with at most ~30 ms of
     * encoder padding and delay in between */
    for (int i = 1; i < 3; i++) {
        double gap = sp[i].start - (sp[i - 1].start + sp[i - 1].duration);
        assert_true(gap >= 0 && gap < 0.030);
    }
    assert_true(total >= sum && total - sum < 0.1);
    size_t n;
    char *bytes = slurp(ed, &n);
    assert_true(contains(bytes, n, "OpusHead"));
    assert_true(contains(bytes, n, "CHAPTER001=00:00:00.000"));
    assert_true(contains(bytes, n, "CHAPTER001NAME=第一节"));
    char want[64];
    long long ms = llround(sp[2].start * 1000);
    snprintf(want, sizeof want, "CHAPTER003=00:00:%02lld.%03lld", ms / 1000, ms % 1000);
    assert_true(contains(bytes, n, want));
    assert_true(contains(bytes, n, "CHAPTER003NAME=第三节"));
    assert_true(contains(bytes, n, "LANGUAGE=zh-CN"));
    free(bytes);
}

static void opus_is_reproducible(void **state)
{
    (void)state;
    const double secs[] = {1.0, 1.0};
    tb_enc_span sp[2];
    double total;
    char ed[512], copy[512];
    build(TB_AUDIO_OPUS, secs, 2, sp, &total, ed, sizeof ed);
    path_of(copy, sizeof copy, "first.opus");
    assert_int_equal(rename(ed, copy), 0);
    build(TB_AUDIO_OPUS, secs, 2, sp, &total, ed, sizeof ed);
    size_t n1, n2;
    char *a = slurp(copy, &n1), *b = slurp(ed, &n2);
    assert_true(n1 == n2 && !memcmp(a, b, n1));
    free(a);
    free(b);
}

static void lossless_edition_is_exact(void **state)
{
    (void)state;
    const double secs[] = {1.0, 0.5};
    tb_audio_format fmts[] = {TB_AUDIO_WAV, TB_AUDIO_FLAC};
    for (int k = 0; k < 2; k++) {
        tb_enc_span sp[2];
        double total;
        char ed[512];
        build(fmts[k], secs, 2, sp, &total, ed, sizeof ed);
        assert_true(sp[0].start == 0.0);
        assert_true(fabs(sp[1].start - 1.0) < 1e-9);
        assert_true(fabs(sp[1].duration - 0.5) < 1e-4);
        assert_true(fabs(total - 1.5) < 1e-4);
    }
}

static void sticky_errors_and_bad_inputs(void **state)
{
    (void)state;
    tb_enc_settings s;
    tb_enc_settings_default(&s, RATE);
    tb_enc_tags t = {0};
    tb_enc_section *e = NULL;
    tb_diag d = {0};
    assert_int_equal(tb_enc_section_new(&s, "/nonexistent-dir/x.opus", &t, &e, &d), TB_ERR_IO);
    assert_null(e);
    assert_string_equal(d.file, "/nonexistent-dir/x.opus");
    s.bitrate = 1000;
    assert_int_equal(tb_enc_section_new(&s, "/tmp/x.opus", &t, &e, NULL), TB_ERR_USAGE);
    /* a file that is not Ogg Opus cannot be remuxed */
    tb_enc_settings_default(&s, RATE);
    char bad[512], ed[512];
    path_of(bad, sizeof bad, "bad.opus");
    path_of(ed, sizeof ed, "bad-edition.opus");
    FILE *f = fopen(bad, "wb");
    assert_non_null(f);
    fputs("this is not an Ogg file\n", f);
    fclose(f);
    const char *pp[] = {bad}, *titles[] = {"x"};
    tb_enc_span sp[1];
    double total;
    assert_int_equal(tb_enc_edition(&s, ed, pp, titles, 1, &t, sp, &total, NULL), TB_ERR_ENCODE);
}

static void formats_parse(void **state)
{
    (void)state;
    tb_audio_format f;
    assert_int_equal(tb_enc_parse_format("flac", &f), TB_OK);
    assert_int_equal(f, TB_AUDIO_FLAC);
    assert_int_equal(tb_enc_parse_format("mp3", &f), TB_ERR_USAGE);
    assert_string_equal(tb_enc_extension(TB_AUDIO_OPUS), "opus");
}

static int make_dir(void **state)
{
    (void)state;
    return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
    (void)state;
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(opus_edition_timeline),
        cmocka_unit_test(opus_is_reproducible),
        cmocka_unit_test(lossless_edition_is_exact),
        cmocka_unit_test(sticky_errors_and_bad_inputs),
        cmocka_unit_test(formats_parse),
    };
    return cmocka_run_group_tests_name("encode", tests, make_dir, remove_dir);
}
