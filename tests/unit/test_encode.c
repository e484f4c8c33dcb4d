/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_encode.c — the encode stage without the engine: synthetic tones into
 * section files, the whole edition built from them, and its timeline and
 * chapter comments checked against the arithmetic of Ogg Opus; the section
 * files' Ogg Opus stream checked page by page against RFC 7845 and decoded
 * by an independent decoder (ffmpeg; opusinfo when installed).
 */
#include <errno.h>
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
#include <opus/opus.h>

#include "encode/encode.h"
#include "encode/encode_int.h"

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
        tb_enc_tags t = {titles[i], "标题",     "tingbao", "2024-05-06",
                         "zh-CN",   (int)i + 1, (int)n,    NULL};
        tb_enc_section *e = NULL;
        assert_int_equal(tb_enc_section_new(&s, paths[i], &t, &e, NULL), TB_OK);
        assert_int_equal(tone(e, secs[i]), TB_OK);
        assert_int_equal(tb_enc_section_finish(e, NULL), TB_OK);
        tb_enc_section_free(e);
    }
    char name[32];
    snprintf(name, sizeof name, "edition.%s", tb_enc_extension(fmt));
    path_of(edition, cap, name);
    tb_enc_tags t = {"标题", "标题", "tingbao", NULL, "zh-CN", 0, (int)n, NULL};
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

/* ---- one section file, as RFC 7845 describes Ogg Opus ---- */

/* Write a section of n samples at `rate`: a quiet 300 Hz tone with one
 * full-scale click at sample `click` (none when click >= n). */
static void write_section_at(int rate, const char *path, size_t n, size_t click)
{
    tb_enc_settings s;
    tb_enc_settings_default(&s, rate);
    tb_enc_tags t = {"第一节", "标题", "tingbao", "2024-05-06", "zh-CN", 1, 3, NULL};
    tb_enc_section *e = NULL;
    assert_int_equal(tb_enc_section_new(&s, path, &t, &e, NULL), TB_OK);
    int16_t *pcm = calloc(n ? n : 1, sizeof *pcm);
    assert_non_null(pcm);
    for (size_t i = 0; i < n; i++)
        pcm[i] = (int16_t)(300 * sin(2 * M_PI * 300 * (double)i / rate));
    if (click < n)
        pcm[click] = 30000;
    /* in uneven pieces, as the engine delivers it */
    size_t at = 0, piece = 1;
    while (at < n) {
        size_t k = n - at < piece ? n - at : piece;
        assert_int_equal(tb_enc_section_write(e, pcm + at, k), TB_OK);
        at += k;
        piece = piece * 3 + 7;
    }
    assert_int_equal(tb_enc_section_finish(e, NULL), TB_OK);
    tb_enc_section_free(e);
    free(pcm);
}

static void write_section(const char *path, size_t n, size_t click)
{
    write_section_at(RATE, path, n, click);
}

/* The 48 kHz samples a player plays: round(n * 48000 / rate). */
static int64_t played_at(int rate, size_t n)
{
    return ((int64_t)n * 48000 + rate / 2) / rate;
}

static int64_t played(size_t n)
{
    return played_at(RATE, n);
}

typedef struct {
    int flags; /* 2: BOS, 4: EOS, 1: continued packet */
    int64_t granule;
    int packets;            /* packets that end on the page */
    int64_t samples;        /* 48 kHz samples of the audio packets ending on the page */
    unsigned char body[32]; /* its first bytes */
    size_t body_len;
} page_info;

/* Split an Ogg file into pages (one logical stream; no packet spans pages
 * in what we check, so a packet's TOC byte is where its segments start). */
static size_t read_pages(const unsigned char *d, size_t n, page_info *pages, size_t cap)
{
    size_t count = 0, at = 0;
    while (at + 27 <= n && count < cap) {
        assert_memory_equal(d + at, "OggS", 4);
        page_info *p = &pages[count++];
        memset(p, 0, sizeof *p);
        p->flags = d[at + 5];
        for (int i = 7; i >= 0; i--)
            p->granule = p->granule << 8 | d[at + 6 + i];
        int nseg = d[at + 26];
        const unsigned char *lace = d + at + 27, *body = lace + nseg;
        size_t off = 0, start = 0;
        for (int i = 0; i < nseg; i++) {
            off += lace[i];
            if (lace[i] < 255) {
                p->packets++;
                if (body[start] != 'O') /* not a header packet */
                    p->samples +=
                        opus_packet_get_nb_samples(body + start, (opus_int32)(off - start), 48000);
                start = off;
            }
        }
        p->body_len = off;
        memcpy(p->body, body, off < sizeof p->body ? off : sizeof p->body);
        at += 27 + (size_t)nseg + off;
    }
    assert_int_equal(at, n); /* nothing after the last page */
    return count;
}

static int encoder_lookahead(void)
{
    int err;
    OpusEncoder *enc = opus_encoder_create(48000, 1, OPUS_APPLICATION_AUDIO, &err);
    assert_non_null(enc);
    opus_int32 la = 0;
    assert_int_equal(opus_encoder_ctl(enc, OPUS_GET_LOOKAHEAD(&la)), OPUS_OK);
    opus_encoder_destroy(enc);
    return (int)la;
}

static void opus_section_pages_follow_rfc7845(void **state)
{
    (void)state;
    const size_t lengths[] = {0, 1, 4410, 22050 * 3 + 1234};
    for (size_t k = 0; k < sizeof lengths / sizeof lengths[0]; k++) {
        size_t n = lengths[k];
        char path[512];
        path_of(path, sizeof path, "rfc.opus");
        write_section(path, n, n);
        size_t len;
        unsigned char *d = (unsigned char *)slurp(path, &len);
        page_info pages[64];
        size_t np = read_pages(d, len, pages, 64);
        free(d);
        assert_true(np >= 3);
        /* page 0: OpusHead alone, BOS, granule 0 */
        const page_info *h = &pages[0];
        assert_int_equal(h->flags, 2);
        assert_int_equal(h->granule, 0);
        assert_int_equal(h->packets, 1);
        assert_int_equal(h->body_len, 19);
        assert_memory_equal(h->body, "OpusHead", 8);
        assert_int_equal(h->body[8], 1); /* version */
        assert_int_equal(h->body[9], 1); /* channels */
        int pre_skip = h->body[10] | h->body[11] << 8;
        assert_int_equal(pre_skip, encoder_lookahead());
        assert_int_equal(h->body[12] | h->body[13] << 8 | h->body[14] << 16, RATE);
        assert_int_equal(h->body[15], 0);
        assert_int_equal(h->body[16] | h->body[17], 0); /* gain */
        assert_int_equal(h->body[18], 0);               /* mapping family */
        /* page 1: OpusTags alone, granule 0 */
        assert_int_equal(pages[1].flags, 0);
        assert_int_equal(pages[1].granule, 0);
        assert_int_equal(pages[1].packets, 1);
        assert_memory_equal(pages[1].body, "OpusTags", 8);
        /* audio pages: the granule counts the samples decoded through the
         * page, at most about a second per page; the last one, EOS, trims
         * to pre-skip + the input length at 48 kHz, within its last packet */
        int64_t decoded = 0, before = 0;
        for (size_t i = 2; i < np; i++) {
            const page_info *p = &pages[i];
            assert_int_equal(p->flags & 3, 0);
            assert_true(p->packets > 0);
            decoded += p->samples;
            assert_true(p->samples <= 48000 + 960);
            if (i + 1 < np) {
                assert_int_equal(p->flags & 4, 0);
                assert_int_equal(p->granule, decoded);
            } else {
                assert_int_equal(p->flags & 4, 4);
                assert_int_equal(p->granule, pre_skip + played(n));
                assert_true(decoded - p->granule >= 0 && decoded - p->granule < 960);
                assert_true(p->granule > before);
            }
            before = p->granule;
        }
    }
}

/* What ffmpeg decodes `path` to: 48 kHz mono int16; *n samples. */
static int16_t *ffmpeg_decode(const char *path, size_t *n)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "ffmpeg -v error -nostdin -i '%s' -f s16le -ac 1 -ar 48000 -", path);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t cap = 1 << 16, len = 0, got;
    int16_t *pcm = malloc(cap * sizeof *pcm);
    assert_non_null(pcm);
    while ((got = fread(pcm + len, sizeof *pcm, cap - len, p)) > 0)
        if ((len += got) == cap) {
            pcm = realloc(pcm, (cap *= 2) * sizeof *pcm);
            assert_non_null(pcm);
        }
    assert_int_equal(pclose(p), 0);
    *n = len;
    return pcm;
}

static void opus_section_decodes_to_its_length(void **state)
{
    (void)state;
    if (system("command -v ffmpeg >/dev/null 2>&1") != 0) {
        printf("ok - opus_section_decodes_to_its_length # SKIP ffmpeg absent\n");
        return;
    }
    int opusinfo = system("command -v opusinfo >/dev/null 2>&1") == 0;
    const size_t lengths[] = {1, 441, 22050, 22050 * 2 + 999};
    for (size_t k = 0; k < sizeof lengths / sizeof lengths[0]; k++) {
        size_t n = lengths[k], click = n / 2 + 17;
        char path[512];
        path_of(path, sizeof path, "length.opus");
        write_section(path, n, click);
        /* an independent decoder plays exactly the input's length */
        size_t got;
        int16_t *pcm = ffmpeg_decode(path, &got);
        assert_int_equal((int64_t)got, played(n));
        /* and the click where it was written: the pre-skip is the whole delay */
        if (click < n) {
            size_t peak = 0;
            for (size_t i = 1; i < got; i++)
                if (abs(pcm[i]) > abs(pcm[peak]))
                    peak = i;
            int64_t want = ((int64_t)click * 48000 + RATE / 2) / RATE;
            assert_in_range((int64_t)peak, want - 3, want + 3);
        }
        free(pcm);
        if (opusinfo) {
            char cmd[1024];
            snprintf(cmd, sizeof cmd, "opusinfo '%s' 2>&1 | grep -Eiq 'warning|error|corrupt|hole'",
                     path);
            assert_int_not_equal(system(cmd), 0); /* grep finds nothing */
            snprintf(cmd, sizeof cmd, "opusinfo '%s' >/dev/null 2>&1", path);
            assert_int_equal(system(cmd), 0);
        }
        /* at 48 kHz (no resampler) and 16 kHz too */
        const int rates[] = {48000, 16000};
        for (int q = 0; q < 2; q++) {
            write_section_at(rates[q], path, n, n);
            free(ffmpeg_decode(path, &got));
            assert_int_equal((int64_t)got, played_at(rates[q], n));
        }
    }
}

static void opus_section_is_reproducible(void **state)
{
    (void)state;
    char a[512], b[512];
    path_of(a, sizeof a, "same-1.opus");
    path_of(b, sizeof b, "same-2.opus");
    write_section(a, 22050 * 2 + 5, 3000);
    write_section(b, 22050 * 2 + 5, 3000);
    size_t n1, n2;
    char *x = slurp(a, &n1), *y = slurp(b, &n2);
    assert_true(n1 == n2 && !memcmp(x, y, n1));
    free(x);
    free(y);
}

/* A write that fails is reported at _finish, with the file's name. */
static void opus_write_error_is_reported(void **state)
{
    (void)state;
    if (access("/dev/full", W_OK) != 0) {
        printf("ok - opus_write_error_is_reported # SKIP no /dev/full\n");
        return;
    }
    tb_enc_settings s;
    tb_enc_settings_default(&s, RATE);
    tb_enc_tags t = {"x", NULL, NULL, NULL, NULL, 1, 1, NULL};
    tb_enc_section *e = NULL;
    tb_diag d = {0};
    assert_int_equal(tb_enc_section_new(&s, "/dev/full", &t, &e, &d), TB_OK);
    int16_t pcm[4410] = {0};
    tb_status st = TB_OK;
    for (int i = 0; i < 100 && st == TB_OK; i++)
        st = tb_enc_section_write(e, pcm, 4410);
    if (st != TB_OK) /* the error stays */
        assert_int_equal(tb_enc_section_write(e, pcm, 1), st);
    /* _finish reports it (or meets it at the last page), naming the file */
    assert_int_equal(tb_enc_section_finish(e, &d), TB_ERR_IO);
    assert_string_equal(d.file, "/dev/full");
    assert_int_equal(d.err, ENOSPC);
    tb_enc_section_free(e);
}

/* ---- the resampler to 48 kHz ---- */

/* Resample a sine of f Hz at `rate` to 48 kHz in uneven pieces; the SNR (dB)
 * of the output against the ideal sine at the same instants, away from the
 * ends. Also checks the output count: every sample whose input has arrived. */
static double resampled_snr(int rate, double f)
{
    size_t n = (size_t)rate, cap = 48000 + 960;
    float *in = malloc(n * sizeof *in), *out = malloc(cap * sizeof *out);
    assert_true(in && out);
    for (size_t i = 0; i < n; i++)
        in[i] = (float)(0.5 * sin(2 * M_PI * f * (double)i / rate));
    tb_enc_resampler *r = tb_enc_resampler_new(rate, 48000);
    assert_non_null(r);
    size_t at = 0, made = 0, piece = 1;
    while (at < n) {
        size_t il = n - at < piece ? n - at : piece, ol = cap - made;
        assert_int_equal(tb_enc_resample(r, in + at, &il, out + made, &ol), TB_OK);
        at += il;
        made += ol;
        piece = piece * 2 + 5;
    }
    tb_enc_resampler_free(r);
    /* one second in: 48000 out, less those still waiting for later input
     * (libsoxr holds back about 35 ms) */
    assert_in_range(made, 48000 - 2400, 48000);
    double err = 0, sig = 0;
    for (size_t j = 2000; j + 2000 < made; j++) {
        double want = 0.5 * sin(2 * M_PI * f * (double)j / 48000.0);
        err += (out[j] - want) * (out[j] - want);
        sig += want * want;
    }
    free(in);
    free(out);
    return 10 * log10(sig / err);
}

static void resampler_is_accurate_and_on_time(void **state)
{
    (void)state;
    /* the engine's rate: no delay (a late or early output would cost the
     * SNR dearly), the pass band flat to 9.5 kHz (60 dB: within 0.01 dB) */
    assert_true(resampled_snr(22050, 440) > 100);
    assert_true(resampled_snr(22050, 4000) > 100);
    assert_true(resampled_snr(22050, 9500) > 60);
    /* other rates, including downsampling, and an odd rate */
    assert_true(resampled_snr(16000, 1000) > 100);
    assert_true(resampled_snr(44100, 3000) > 100);
    assert_true(resampled_snr(96000, 3000) > 100);
    assert_true(resampled_snr(22051, 1000) > 90);
    assert_null(tb_enc_resampler_new(0, 48000));
}

/* Above the pass band nothing comes through: an 11 kHz tone at 22050 Hz
 * (near its Nyquist frequency) leaves almost no energy, and its image at
 * 11.05 kHz none either. */
static void resampler_stops_above_the_band(void **state)
{
    (void)state;
    size_t n = RATE, cap = 48000 + 960;
    float *in = malloc(n * sizeof *in), *out = malloc(cap * sizeof *out);
    assert_true(in && out);
    for (size_t i = 0; i < n; i++)
        in[i] = (float)(0.5 * sin(2 * M_PI * 11000 * (double)i / RATE));
    tb_enc_resampler *r = tb_enc_resampler_new(RATE, 48000);
    assert_non_null(r);
    size_t il = n, ol = cap;
    assert_int_equal(tb_enc_resample(r, in, &il, out, &ol), TB_OK);
    assert_int_equal(il, n);
    tb_enc_resampler_free(r);
    double e = 0;
    for (size_t j = 2000; j + 2000 < ol; j++)
        e += out[j] * out[j];
    double rms = sqrt(e / (double)(ol - 4000));
    assert_true(20 * log10(rms / (0.5 / sqrt(2))) < -40);
    free(in);
    free(out);
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
        cmocka_unit_test(opus_section_pages_follow_rfc7845),
        cmocka_unit_test(opus_section_decodes_to_its_length),
        cmocka_unit_test(opus_section_is_reproducible),
        cmocka_unit_test(opus_write_error_is_reported),
        cmocka_unit_test(resampler_is_accurate_and_on_time),
        cmocka_unit_test(resampler_stops_above_the_band),
        cmocka_unit_test(lossless_edition_is_exact),
        cmocka_unit_test(sticky_errors_and_bad_inputs),
        cmocka_unit_test(formats_parse),
    };
    return cmocka_run_group_tests_name("encode", tests, make_dir, remove_dir);
}
