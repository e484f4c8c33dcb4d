/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_synth_mbrola.c — the MBROLA back-end behind synth_int.h, against the
 * real engines (skipped, loudly, without mbrola + mbrola-cn1): the sink gets
 * exactly what mbrola makes of the .pho (none of eSpeak's reading pass),
 * counts cover every sample in a call and in a section, an English run is
 * still eSpeak's, and the phonemes are the eSpeak voice's.
 * Run from the repository root (tests/run does), which holds voices/.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <fcntl.h>
#include <unistd.h>

#include "synth/synth.h"

#define MB_VOICE "voices/cmn-mbrola.voice"
#define ES_VOICE "voices/news"
#define CN1 "/usr/share/mbrola/cn1/cn1"

typedef struct {
    int16_t *pcm; /* every sample the sink got */
    size_t n, cap;
} pcm_log;

static tb_status keep(const int16_t *pcm, size_t n, void *ctx)
{
    pcm_log *l = ctx;
    if (l->n + n > l->cap) {
        size_t cap = (l->n + n) * 2;
        int16_t *g = realloc(l->pcm, cap * sizeof *g);
        if (!g)
            return TB_ERR_NOMEM;
        l->pcm = g;
        l->cap = cap;
    }
    memcpy(l->pcm + l->n, pcm, n * sizeof *pcm);
    l->n += n;
    return TB_OK;
}

static tb_speech *speech(const char *const *langs, const char *const *texts, size_t n)
{
    tb_speech *sp = tb_speech_new();
    assert_non_null(sp);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(tb_speech_run(sp, langs[i], 0, 0), TB_OK);
        assert_int_equal(tb_speech_add(sp, texts[i], strlen(texts[i])), TB_OK);
    }
    return sp;
}

static tb_speech *zh(const char *text)
{
    return speech((const char *[]){TB_LANG_ZH}, &text, 1);
}

static int installed(void)
{
    return access(CN1, R_OK) == 0 && system("command -v mbrola >/dev/null 2>&1") == 0;
}

/* The handle of the group: a static, because phonemes_are_the_readers
 * replaces it (one engine per process) and cmocka's group state would not
 * follow. NULL without mbrola. */
static tb_synth *sy_mb;

static int setup(void **state)
{
    (void)state;
    if (!installed())
        return 0;
    return tb_synth_new(MB_VOICE, &sy_mb, NULL) == TB_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    tb_synth_free(sy_mb);
    sy_mb = NULL;
    return 0;
}

#define NEED_MBROLA()                                                                              \
    do {                                                                                           \
        (void)state;                                                                               \
        if (!sy_mb) {                                                                              \
            printf("# SKIP mbrola or mbrola-cn1 not installed (scripts/install-deps voices)\n");   \
            skip();                                                                                \
        }                                                                                          \
    } while (0)

/* Speak sp (freed here) with stderr in a file: its bytes in *err. */
static tb_status speak_capturing(tb_synth *sy, tb_speech *sp, pcm_log *l, uint64_t *n, char **err)
{
    char path[] = "/tmp/tb-test-mbrola-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    fflush(stderr);
    int saved = dup(2);
    assert_true(saved >= 0 && dup2(fd, 2) == 2);
    tb_status st = tb_synth_speak(sy, sp, keep, l, n);
    fflush(stderr);
    assert_true(dup2(saved, 2) == 2);
    close(saved);
    tb_speech_free(sp);
    off_t len = lseek(fd, 0, SEEK_END);
    assert_true(len >= 0);
    *err = calloc(1, (size_t)len + 1);
    assert_non_null(*err);
    assert_int_equal(pread(fd, *err, (size_t)len, 0), len);
    close(fd);
    unlink(path);
    return st;
}

/* What `mbrola` itself makes of a .pho text: its PCM, *n samples. */
static int16_t *mbrola_alone(const char *pho, size_t len, size_t *n)
{
    char dir[] = "/tmp/tb-test-mbrola-XXXXXX", in[64], out[64], cmd[256];
    assert_non_null(mkdtemp(dir));
    snprintf(in, sizeof in, "%s/in.pho", dir);
    snprintf(out, sizeof out, "%s/out.raw", dir);
    FILE *f = fopen(in, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(pho, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
    snprintf(cmd, sizeof cmd, "mbrola -e -v 0.7 %s %s - >%s 2>/dev/null", CN1, in, out);
    assert_int_equal(system(cmd), 0);
    f = fopen(out, "rb");
    assert_non_null(f);
    int16_t *pcm = malloc(22050 * 60 * sizeof *pcm);
    assert_non_null(pcm);
    *n = fread(pcm, sizeof *pcm, 22050 * 60, f);
    fclose(f);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    return pcm;
}

/* The sink hears mbrola and nothing else: eSpeak's reading pass (a real
 * synthesis) is set aside, and MBROLA's pauses skip the pause filter. */
static void sink_gets_what_mbrola_makes(void **state)
{
    NEED_MBROLA();
    assert_int_equal(setenv("TINGBAO_MBROLA_PHO", "1", 1), 0);
    pcm_log l = {0};
    uint64_t n = 0;
    char *err = NULL;
    tb_status st = speak_capturing(sy_mb, zh("今天上午，市政府召开新闻发布会。"), &l, &n, &err);
    assert_int_equal(unsetenv("TINGBAO_MBROLA_PHO"), 0);
    assert_int_equal(st, TB_OK);
    assert_true(n == l.n);
    assert_true(n > 22050);         /* sixteen syllables and a comma pause */
    char *end = strstr(err, "#\n"); /* the .pho tingbao gave mbrola, then "#" */
    assert_non_null(end);
    assert_non_null(strstr(err, "; jin 55")); /* 今 named, tone 1 */
    size_t want_n = 0;
    int16_t *want = mbrola_alone(err, (size_t)(end - err), &want_n);
    assert_true(want_n == l.n);
    assert_memory_equal(want, l.pcm, l.n * sizeof *l.pcm);
    free(want);
    free(err);
    free(l.pcm);
}

/* An English run is eSpeak's (no .pho for it), through the pause filter;
 * in a mixed sentence each Mandarin run is one .pho, and the count covers
 * eSpeak's samples and mbrola's. */
static void english_run_and_counts(void **state)
{
    NEED_MBROLA();
    assert_int_equal(setenv("TINGBAO_MBROLA_PHO", "1", 1), 0);
    const char *en = "G D P";
    pcm_log l = {0}, m = {0};
    uint64_t n = 0, k = 0;
    char *err = NULL, *err2 = NULL;
    tb_status st =
        speak_capturing(sy_mb, speech((const char *[]){TB_LANG_EN}, &en, 1), &l, &n, &err);
    const char *langs[] = {TB_LANG_ZH, TB_LANG_EN, TB_LANG_ZH};
    const char *texts[] = {"国内生产总值 ", "G D P", " 增长了。"};
    tb_status st2 = speak_capturing(sy_mb, speech(langs, texts, 3), &m, &k, &err2);
    assert_int_equal(unsetenv("TINGBAO_MBROLA_PHO"), 0);
    assert_int_equal(st, TB_OK);
    assert_int_equal(st2, TB_OK);
    assert_null(strstr(err, "#\n"));        /* nothing for mbrola */
    assert_true(n == l.n && n > 22050 / 4); /* three letters: 9616 samples measured */
    const char *second = strstr(err2, "#\n");
    assert_non_null(second);
    assert_non_null(strstr(second + 2, "#\n")); /* 国内生产总值, then 增长了 */
    assert_true(k == m.n && k > n);
    free(err);
    free(err2);
    free(l.pcm);
    free(m.pcm);
}

typedef struct {
    pcm_log pcm;
    uint64_t made;
    size_t sentences;
} section_log;

static tb_status sec_pcm(const int16_t *pcm, size_t n, void *ctx)
{
    return keep(pcm, n, &((section_log *)ctx)->pcm);
}

static tb_status sec_sentence(size_t j, uint64_t made, tb_status st, void *ctx)
{
    section_log *s = ctx;
    if (j != s->sentences++ || st != TB_OK)
        return TB_ERR_SYNTH;
    s->made += made;
    return TB_OK;
}

/* In a section's child process too, the sentences' counts cover every sample. */
static void section_counts_every_sample(void **state)
{
    NEED_MBROLA();
    tb_speech *sp[3] = {zh("第一句。"), zh("第二句话，稍微长一点。"), zh("")};
    section_log s = {0};
    tb_synth_events ev = {sec_pcm, sec_sentence, &s};
    assert_int_equal(tb_synth_speak_section(sy_mb, 1, (const tb_speech *const *)sp, 3, &ev, NULL),
                     TB_OK);
    for (size_t j = 0; j < 3; j++)
        tb_speech_free(sp[j]);
    assert_int_equal(s.sentences, 3);
    assert_true(s.made == s.pcm.n);
    assert_true(s.pcm.n > 22050);
    free(s.pcm.pcm);
}

/* The phonemes of the MBROLA voice are its reader's: the eSpeak voice's. */
static void phonemes_are_the_readers(void **state)
{
    NEED_MBROLA();
    const char *text = "老李说：我们村里的路修好了。";
    tb_speech *sp = zh(text);
    char *mb = NULL, *es = NULL;
    assert_int_equal(tb_synth_phonemes(sy_mb, sp, &mb), TB_OK);
    tb_synth_free(sy_mb);
    sy_mb = NULL;
    tb_synth *sy = NULL;
    assert_int_equal(tb_synth_new(ES_VOICE, &sy, NULL), TB_OK);
    assert_int_equal(tb_synth_phonemes(sy, sp, &es), TB_OK);
    tb_synth_free(sy);
    assert_int_equal(tb_synth_new(MB_VOICE, &sy_mb, NULL), TB_OK);
    assert_string_equal(mb, es);
    free(mb);
    free(es);
    tb_speech_free(sp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(section_counts_every_sample), /* first: a fresh engine */
        cmocka_unit_test(sink_gets_what_mbrola_makes),
        cmocka_unit_test(english_run_and_counts),
        cmocka_unit_test(phonemes_are_the_readers),
    };
    return cmocka_run_group_tests_name("synth-mbrola", tests, setup, teardown);
}
