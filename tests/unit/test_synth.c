/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_synth.c — the speech stage against the real engine: sample rate,
 * counting, determinism, stopping from the sink, voice runs, the voice file
 * staying current after an SSML voice change, and the phoneme trace.
 * Run from the repository root (tests/run does), which holds voices/news.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <errno.h>
#include <sys/wait.h>

#include "synth/synth.h"

#define VOICE "voices/news"

typedef struct {
    uint64_t n;
    uint64_t hash;    /* FNV-1a over the samples */
    uint64_t stop_at; /* 0: never stop */
    int peak;
} pcm_stats;

static tb_status collect(const int16_t *pcm, size_t n, void *ctx)
{
    pcm_stats *s = ctx;
    for (size_t i = 0; i < n; i++) {
        s->hash = (s->hash ^ (uint16_t)pcm[i]) * 1099511628211u;
        int a = pcm[i] < 0 ? -pcm[i] : pcm[i];
        if (a > s->peak)
            s->peak = a;
    }
    s->n += n;
    if (s->stop_at && s->n >= s->stop_at)
        return TB_ERR_INTERRUPTED;
    return TB_OK;
}

/* A speech of runs {lang, spell, joined, text}; free with tb_speech_free. */
typedef struct {
    const char *lang;
    int spell, joined;
    const char *text;
} run_spec;

static tb_speech *runs(const run_spec *r, size_t n)
{
    tb_speech *sp = tb_speech_new();
    assert_non_null(sp);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(tb_speech_run(sp, r[i].lang, r[i].spell, r[i].joined), TB_OK);
        assert_int_equal(tb_speech_add(sp, r[i].text, strlen(r[i].text)), TB_OK);
    }
    return sp;
}

/* One Mandarin run. */
static tb_speech *zh(const char *text)
{
    return runs(&(run_spec){TB_LANG_ZH, 0, 0, text}, 1);
}

/* Speak one Mandarin sentence. */
static tb_status speak(tb_synth *sy, const char *text, tb_synth_sink sink, void *ctx, uint64_t *n)
{
    tb_speech *sp = zh(text);
    tb_status st = tb_synth_speak(sy, sp, sink, ctx, n);
    tb_speech_free(sp);
    return st;
}

static int setup(void **state)
{
    tb_synth *sy = NULL;
    if (tb_synth_new(VOICE, &sy, NULL) != TB_OK)
        return -1;
    *state = sy;
    return 0;
}

static int teardown(void **state)
{
    tb_synth_free(*state);
    return 0;
}

static void rate_is_eSpeak_s(void **state)
{
    assert_int_equal(tb_synth_rate(*state), 22050);
}

static void counts_every_sample(void **state)
{
    pcm_stats s = {0};
    s.hash = 14695981039346656037u;
    uint64_t n = 0;
    assert_int_equal(speak(*state, "今天天气很好。", collect, &s, &n), TB_OK);
    assert_true(n == s.n);
    /* seven syllables: between half a second and four seconds */
    assert_true(n > 22050 / 2 && n < 22050 * 4);
    assert_true(s.peak > 3000);  /* speech, */
    assert_true(s.peak < 32767); /* not clipped */
}

/* The same sentence said again, after other speech, comes out the same length
 * to within a few samples: eSpeak keeps a little state from call to call
 * (measured: 74504, 74510, 74513 samples), which is why a render speaks each
 * section in a child process (the section_* tests above). */
static void repeat_is_stable(void **state)
{
    pcm_stats a = {0}, b = {0};
    const char *text = "内蒙古自治区举办民族政策宣传月活动。";
    tb_synth_reset(*state, 7);
    assert_int_equal(speak(*state, text, collect, &a, NULL), TB_OK);
    assert_int_equal(speak(*state, "别的句子。", collect, &(pcm_stats){0}, NULL), TB_OK);
    tb_synth_reset(*state, 7);
    assert_int_equal(speak(*state, text, collect, &b, NULL), TB_OK);
    uint64_t d = a.n > b.n ? a.n - b.n : b.n - a.n;
    assert_true(d * 1000 < a.n);
}

static void sink_stops_synthesis(void **state)
{
    pcm_stats s = {0};
    s.stop_at = 2000;
    uint64_t n = 0;
    assert_int_equal(
        speak(*state, "这是一个很长的句子，它会在中途被停下来，不会说完。", collect, &s, &n),
        TB_ERR_INTERRUPTED);
    assert_true(n < 22050); /* stopped early, not after the whole sentence */
    /* and the engine works again afterwards */
    pcm_stats t = {0};
    assert_int_equal(speak(*state, "好。", collect, &t, NULL), TB_OK);
    assert_true(t.n > 0);
}

static void empty_text_is_silence(void **state)
{
    uint64_t n = 99;
    assert_int_equal(speak(*state, "", collect, &(pcm_stats){0}, &n), TB_OK);
    assert_true(n == 0);
    assert_int_equal(speak(*state, "  ", NULL, NULL, &n), TB_OK);
    assert_true(n == 0);
}

/* The phonemes of sp, which it frees. */
static char *phonemes(void **state, tb_speech *sp)
{
    char *ph = NULL;
    assert_int_equal(tb_synth_phonemes(*state, sp, &ph), TB_OK);
    assert_non_null(ph);
    tb_speech_free(sp);
    return ph;
}

static void pinyin_with_tone_digits_is_mandarin(void **state)
{
    char *ph = phonemes(state, zh("yin2 hang2"));
    assert_null(strstr(ph, "(en)"));
    assert_non_null(strstr(ph, "35")); /* second tone */
    assert_non_null(strstr(ph, "X'a35N"));
    free(ph);
}

/* eSpeak 1.51 comes back from <voice name="en"> to the stock `cmn` voice,
 * which spells the rest of the sentence as English: the synth must not. */
static void mandarin_after_an_english_run(void **state)
{
    const run_spec r[] = {
        {"zh", 0, 0, "国内生产总值 "}, {"en", 0, 0, "G D P"}, {"zh", 0, 0, " 增长了。"}};
    char *ph = phonemes(state, runs(r, 3));
    assert_non_null(strstr(ph, "[en] "));
    assert_null(strstr(ph, "(en)"));
    assert_non_null(strstr(ph, "ts'@55N")); /* 增 zeng1 in Mandarin */
    free(ph);
    /* and the next sentence is Mandarin too */
    ph = phonemes(state, zh("增长了。"));
    assert_null(strstr(ph, "(en)"));
    free(ph);
}

/* What the lexicon stage writes: an English run, then Mandarin, which eSpeak
 * is told with the pinyin voice's name. That run is ours (voices/news), not
 * the stock voice: same phonemes as the plain text, said at our speed. */
static void pinyin_voice_run_is_ours(void **state)
{
    const run_spec r[] = {{"zh", 0, 0, "国内"}, {"en", 1, 0, "GDP"}, {"zh", 0, 0, "增长了"}};
    char *ph = phonemes(state, runs(r, 3));
    assert_null(strstr(ph, "(en)"));
    assert_null(strstr(ph, "[cmn-latn-pinyin]"));
    assert_non_null(strstr(ph, "[en] "));
    free(ph);
    pcm_stats a = {0}, b = {0};
    tb_speech *after_en = runs((const run_spec[]){{"en", 0, 0, ""}, {"zh", 0, 0, "增长了"}}, 2);
    assert_int_equal(tb_synth_speak(*state, after_en, collect, &a, NULL), TB_OK);
    tb_speech_free(after_en);
    assert_int_equal(speak(*state, "增长了", collect, &b, NULL), TB_OK);
    uint64_t d = a.n > b.n ? a.n - b.n : b.n - a.n;
    assert_true(d * 100 < b.n);
}

static void entities_are_text(void **state)
{
    char *a = phonemes(state, zh("甲 & 乙"));
    assert_null(strstr(a, "amp"));
    free(a);
}

static void one_engine_per_process(void **state)
{
    (void)state;
    tb_synth *other = NULL;
    assert_int_equal(tb_synth_new(VOICE, &other, NULL), TB_ERR_USAGE);
    assert_null(other);
}

static void missing_voice_file(void **state)
{
    (void)state;
    tb_synth *sy = NULL;
    tb_diag d = {0};
    assert_int_equal(tb_synth_new("voices/no-such-voice", &sy, &d), TB_ERR_SYNTH);
    assert_string_equal(d.file, "voices/no-such-voice");
    /* the engine can be started again after a failure and after a free */
    assert_int_equal(tb_synth_new(VOICE, &sy, NULL), TB_OK);
    pcm_stats s = {0};
    assert_int_equal(speak(sy, "你好。", collect, &s, NULL), TB_OK);
    assert_true(s.n > 0);
    tb_synth_free(sy);
}

/* eSpeak lower-cases voice paths and cuts them at 60 bytes: ours must load
 * from anywhere (here a folder with capitals and a long name). */
static void voice_file_anywhere(void **state)
{
    (void)state;
    char dir[] = "/tmp/TB-Voice-Test-With-A-Rather-Long-Name-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[128], cmd[300];
    snprintf(path, sizeof path, "%s/News+Voice", dir);
    snprintf(cmd, sizeof cmd, "cp voices/news '%s'", path);
    assert_int_equal(system(cmd), 0);
    tb_synth *sy = NULL;
    tb_status st = tb_synth_new(path, &sy, NULL);
    pcm_stats s = {0};
    if (st == TB_OK)
        st = speak(sy, "你好。", collect, &s, NULL);
    tb_synth_free(sy);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    assert_int_equal(st, TB_OK);
    assert_true(s.n > 0);
}

/* ---- sections in a child process (run first: the engine here has never spoken) ---- */

typedef struct {
    pcm_stats pcm;
    uint64_t made; /* sum of the sentences' counts */
    size_t next;   /* the sentence expected next */
    int in_order;
    size_t stop_after; /* stop after this many sentences (0: never) */
} section_stats;

static tb_status sec_pcm(const int16_t *pcm, size_t n, void *ctx)
{
    return collect(pcm, n, &((section_stats *)ctx)->pcm);
}

static tb_status sec_sentence(size_t j, uint64_t made, tb_status st, void *ctx)
{
    section_stats *s = ctx;
    if (j != s->next++ || st != TB_OK)
        s->in_order = 0;
    s->made += made;
    return s->stop_after && s->next == s->stop_after ? TB_ERR_INTERRUPTED : TB_OK;
}

static uint64_t speak_section(tb_synth *sy, unsigned seed, const char *const *texts, size_t n,
                              section_stats *s, tb_status want)
{
    memset(&s->pcm, 0, sizeof s->pcm);
    s->pcm.hash = 14695981039346656037u;
    s->in_order = 1;
    tb_synth_events ev = {sec_pcm, sec_sentence, s};
    tb_speech *sp[8];
    assert_true(n <= 8);
    for (size_t j = 0; j < n; j++)
        sp[j] = zh(texts[j]);
    assert_int_equal(tb_synth_speak_section(sy, seed, (const tb_speech *const *)sp, n, &ev, NULL),
                     want);
    for (size_t j = 0; j < n; j++)
        tb_speech_free(sp[j]);
    int ws;
    assert_true(waitpid(-1, &ws, WNOHANG) == -1 && errno == ECHILD); /* the child was reaped */
    return s->pcm.hash;
}

static void section_reports_every_sentence(void **state)
{
    static const char *texts[] = {"第一句。", "第二句话稍微长一点。", "", "第四句。"};
    section_stats s = {0};
    speak_section(*state, 1, texts, 4, &s, TB_OK);
    assert_true(s.in_order);
    assert_int_equal(s.next, 4);
    assert_true(s.made == s.pcm.n); /* the counts cover every sample */
    assert_true(s.pcm.n > 22050 && s.pcm.peak > 3000);
}

/* What a section says depends on its own text and seed only, not on what
 * was spoken before it: the reason for the child process. */
static void section_is_isolated(void **state)
{
    static const char *mine[] = {"内蒙古自治区举办民族政策宣传月活动。"};
    static const char *other[] = {"别的句子，完全不同的内容，还有数字一二三。", "再来一句。"};
    section_stats a = {0}, b = {0}, c = {0};
    uint64_t h1 = speak_section(*state, 5, mine, 1, &a, TB_OK);
    speak_section(*state, 9, other, 2, &b, TB_OK);
    uint64_t h2 = speak_section(*state, 5, mine, 1, &c, TB_OK);
    assert_true(a.pcm.n == c.pcm.n);
    assert_true(h1 == h2);
}

static void section_stops_when_told(void **state)
{
    static const char *texts[] = {"第一句。", "第二句。", "第三句。", "第四句。"};
    section_stats s = {0};
    s.stop_after = 2;
    speak_section(*state, 1, texts, 4, &s, TB_ERR_INTERRUPTED);
    assert_int_equal(s.next, 2);
}

int main(void)
{
    const struct CMUnitTest with_engine[] = {
        cmocka_unit_test(rate_is_eSpeak_s),
        cmocka_unit_test(counts_every_sample),
        cmocka_unit_test(repeat_is_stable),
        cmocka_unit_test(sink_stops_synthesis),
        cmocka_unit_test(empty_text_is_silence),
        cmocka_unit_test(pinyin_with_tone_digits_is_mandarin),
        cmocka_unit_test(mandarin_after_an_english_run),
        cmocka_unit_test(pinyin_voice_run_is_ours),
        cmocka_unit_test(entities_are_text),
        cmocka_unit_test(one_engine_per_process),
    };
    const struct CMUnitTest alone[] = {
        cmocka_unit_test(missing_voice_file),
        cmocka_unit_test(voice_file_anywhere),
    };
    const struct CMUnitTest sections[] = {
        cmocka_unit_test(section_reports_every_sentence),
        cmocka_unit_test(section_is_isolated),
        cmocka_unit_test(section_stops_when_told),
    };
    int failed = cmocka_run_group_tests_name("synth-sections", sections, setup, teardown);
    failed += cmocka_run_group_tests_name("synth", with_engine, setup, teardown);
    failed += cmocka_run_group_tests_name("synth-lifecycle", alone, NULL, NULL);
    return failed;
}
