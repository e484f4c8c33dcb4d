/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_encode_listen.c — a section decoded as it is encoded
 * (tb_enc_section_listen) gives exactly the samples its finished file
 * decodes to (tb_enc_decoder_add), as the first, a middle and the last
 * section of an edition; and an MP3 part opened before its length is known
 * (TB_MP3_OPEN_END, then tb_mp3_part_end) writes the bytes of one opened
 * with it. The render makes a correction's MP3 part beside its Opus file
 * on the strength of both.
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
#include "encode/mp3.h"

#define RATE 22050

static char dir[] = "/tmp/tb-test-listen-XXXXXX";
static char path[256];

/* Decoded samples, kept whole. */
typedef struct {
    float *x;
    size_t n, cap;
    size_t calls;
} heard;

static tb_status keep(const float *x, size_t k, void *ctx)
{
    heard *h = ctx;
    if (h->n + k > h->cap) {
        h->cap = (h->n + k) * 2;
        h->x = realloc(h->x, h->cap * sizeof *h->x);
        assert_non_null(h->x);
    }
    memcpy(h->x + h->n, x, k * sizeof *x);
    h->n += k;
    h->calls++;
    return TB_OK;
}

/* A gliding tone with silence at both ends, written in uneven pieces while
 * d listens as section `first`/`last`. */
static void encode(const tb_enc_settings *set, tb_enc_decoder *d, int first, int last, heard *live,
                   double seconds)
{
    tb_enc_settings s = *set;
    tb_enc_tags t = {"节", "标题", "tingbao", NULL, "zh-CN", 1, 1, NULL};
    tb_enc_section *e = NULL;
    assert_int_equal(tb_enc_section_new(&s, path, &t, &e, NULL), TB_OK);
    assert_int_equal(tb_enc_section_listen(e, d, first, last, keep, live), TB_OK);
    size_t n = (size_t)(seconds * RATE);
    int16_t *pcm = calloc(n, sizeof *pcm);
    assert_non_null(pcm);
    for (size_t i = RATE / 5; i + RATE / 5 < n; i++)
        pcm[i] = (int16_t)(9000 * sin(2 * M_PI * (300 + 400.0 * i / n) * (double)i / RATE));
    for (size_t at = 0; at < n;) {
        size_t k = n - at < 700 + at % 2903 ? n - at : 700 + at % 2903;
        assert_int_equal(tb_enc_section_write(e, pcm + at, k), TB_OK);
        at += k;
    }
    assert_int_equal(tb_enc_section_finish(e, NULL), TB_OK);
    assert_int_equal(tb_enc_section_heard(e), TB_OK);
    tb_enc_section_free(e);
    free(pcm);
}

static void live_is_the_file(void **state)
{
    (void)state;
    tb_enc_settings s;
    tb_enc_settings_default(&s, RATE);
    /* decoded at 24 kHz, and at 48 kHz (--bandwidth 20) */
    static const int cases[][3] = {{1, 0, 0},     {0, 0, 0},     {0, 1, 0},    {1, 1, 0},
                                   {1, 0, 20000}, {0, 1, 20000}, {0, 0, 20000}};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const int first = cases[c][0], last = cases[c][1];
        s.bandwidth = cases[c][2] ? cases[c][2] : TB_ENC_DEFAULT_BANDWIDTH;
        heard live = {0}, file = {0};
        tb_enc_decoder *d = tb_enc_decoder_new(&s), *f = tb_enc_decoder_new(&s);
        assert_non_null(d);
        assert_non_null(f);
        assert_int_equal(tb_enc_decoder_rate(d), cases[c][2] ? 48000 : 24000);
        encode(&s, d, first, last, &live, 2.3 + 0.37 * (double)c);
        assert_int_equal(tb_enc_decoder_add(f, path, first, last, keep, &file, NULL), TB_OK);
        tb_enc_opus_info info;
        assert_int_equal(tb_enc_opus_measure(path, &info, NULL), TB_OK);
        /* as many samples as the timeline says, and the very same ones */
        assert_int_equal(live.n, tb_enc_opus_decoded(&info, tb_enc_decoder_rate(f), first, last));
        assert_int_equal(live.n, file.n);
        assert_memory_equal(live.x, file.x, live.n * sizeof *live.x);
        assert_true(live.calls > 10); /* packet by packet, not at the end */
        tb_enc_decoder_free(d);
        tb_enc_decoder_free(f);
        free(live.x);
        free(file.x);
        unlink(path);
    }
}

static void listen_refuses_wav(void **state)
{
    (void)state;
    tb_enc_settings s;
    tb_enc_settings_default(&s, RATE);
    s.format = TB_AUDIO_WAV;
    tb_enc_tags t = {0};
    tb_enc_section *e = NULL;
    tb_enc_decoder *d = tb_enc_decoder_new(&s);
    heard h = {0};
    assert_int_equal(tb_enc_section_new(&s, path, &t, &e, NULL), TB_OK);
    assert_int_equal(tb_enc_section_listen(e, d, 0, 0, keep, &h), TB_ERR_USAGE);
    assert_int_equal(tb_enc_section_finish(e, NULL), TB_OK);
    tb_enc_section_free(e);
    /* and an Opus section is not heard through a WAV file's decoder */
    tb_enc_settings o;
    tb_enc_settings_default(&o, RATE);
    assert_int_equal(tb_enc_section_new(&o, path, &t, &e, NULL), TB_OK);
    assert_int_equal(tb_enc_section_listen(e, d, 0, 0, keep, &h), TB_ERR_USAGE);
    assert_int_equal(tb_enc_section_finish(e, NULL), TB_OK);
    tb_enc_section_free(e);
    tb_enc_decoder_free(d);
    unlink(path);
}

/* A part of n samples at 24 kHz into a memory file, opened with its end or
 * without; its bytes. */
static char *part_bytes(const float *x, size_t n, int open_end, size_t *len)
{
    char *buf = NULL;
    FILE *out = open_memstream(&buf, len);
    assert_non_null(out);
    tb_status st;
    tb_mp3_part *p = tb_mp3_part_new(24000, 64, 0, open_end ? TB_MP3_OPEN_END : n, 1, out, &st);
    assert_non_null(p);
    for (size_t at = 0; at < n; at += 4096)
        assert_int_equal(tb_mp3_part_write(p, x + at, n - at < 4096 ? n - at : 4096), TB_OK);
    if (open_end)
        assert_int_equal(tb_mp3_part_end(p, n), TB_OK);
    assert_int_equal(tb_mp3_part_finish(p, "part", NULL), TB_OK);
    tb_mp3_part_free(p);
    fclose(out);
    return buf;
}

static void open_end_is_the_same_part(void **state)
{
    (void)state;
    const size_t n = 24000 * 3 + 1234;
    float *x = calloc(n, sizeof *x);
    assert_non_null(x);
    for (size_t i = 2400; i + 2400 < n; i++)
        x[i] = 0.3f * (float)sin(2 * M_PI * 440.0 * (double)i / 24000);
    size_t a, b;
    char *with = part_bytes(x, n, 0, &a), *later = part_bytes(x, n, 1, &b);
    assert_true(a > 1000);
    assert_int_equal(a, b);
    assert_memory_equal(with, later, a);
    free(with);
    free(later);

    /* only the last part may be open-ended; an end given twice, or never, is refused */
    FILE *out = tmpfile();
    assert_non_null(out);
    tb_status st;
    assert_null(tb_mp3_part_new(24000, 64, 0, TB_MP3_OPEN_END, 0, out, &st));
    assert_int_equal(st, TB_ERR_ENCODE);
    tb_mp3_part *p = tb_mp3_part_new(24000, 64, 0, n, 1, out, &st);
    assert_non_null(p);
    assert_int_equal(tb_mp3_part_end(p, n), TB_ERR_ENCODE);
    tb_mp3_part_free(p);
    p = tb_mp3_part_new(24000, 64, 0, TB_MP3_OPEN_END, 1, out, &st);
    assert_non_null(p);
    assert_int_equal(tb_mp3_part_write(p, x, 4096), TB_OK);
    assert_int_equal(tb_mp3_part_finish(p, "part", NULL), TB_ERR_ENCODE);
    tb_mp3_part_free(p);
    fclose(out);
    free(x);
}

static int setup(void **state)
{
    (void)state;
    if (!mkdtemp(dir))
        return -1;
    snprintf(path, sizeof path, "%s/s.opus", dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(live_is_the_file),
        cmocka_unit_test(listen_refuses_wav),
        cmocka_unit_test(open_end_is_the_same_part),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
