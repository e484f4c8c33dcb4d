/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_cli_opts.c — unit tests for the shared render options (src/cli/opts.c):
 * strict numbers, every option's range, the default voice. Table-driven. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli/cli.h"
#include "cli/opts.h"

static void strict_long(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        int ok;
        long v;
    } cases[] = {
        {"0", 1, 0},
        {"10", 1, 10},
        {"-3", 1, -3},
        {"11", 0, 0},
        {"", 0, 0},
        {" 5", 0, 0},
        {"+5", 0, 0},
        {"5 ", 0, 0},
        {"5x", 0, 0},
        {"0x5", 0, 0},
        {"-", 0, 0},
        {"99999999999999999999", 0, 0},
        {"-99999999999999999999", 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        long v = 42;
        int ok = tb_opts_parse_long(cases[i].s, -5, 10, &v);
        if (ok != cases[i].ok)
            fail_msg("\"%s\": %d, want %d", cases[i].s, ok, cases[i].ok);
        if (ok)
            assert_int_equal(v, cases[i].v);
        else
            assert_int_equal(v, 42); /* untouched */
    }
}

/* One option through tb_opts_take (usage errors go to stderr). */
static int take(tb_opts *o, int c, const char *arg)
{
    return tb_opts_take(o, "test", c, arg);
}

static void option_values(void **state)
{
    (void)state;
    tb_opts o;
    tb_opts_init(&o);
    assert_int_equal(o.opt.format, TB_AUDIO_OPUS);
    assert_int_equal(o.opt.complexity, -1);
    assert_int_equal(take(&o, 'b', "24k"), 1);
    assert_int_equal(o.opt.bitrate, 24000);
    assert_int_equal(take(&o, 'b', "6000"), 1);
    assert_int_equal(o.opt.bitrate, 6000);
    assert_int_equal(take(&o, 'b', "257k"), -1);
    assert_int_equal(take(&o, 'b', "5999"), -1);
    assert_int_equal(take(&o, 'b', "k"), -1);
    assert_int_equal(take(&o, 'b', "99999999999999999k"), -1); /* no overflow */
    assert_int_equal(o.opt.bitrate, 6000);
    assert_int_equal(take(&o, 'c', "10"), 1);
    assert_int_equal(o.opt.complexity, 10);
    assert_int_equal(take(&o, 'c', "11"), -1);
    assert_int_equal(take(&o, 'j', "64"), 1);
    assert_int_equal(take(&o, 'j', "0"), -1);
    assert_int_equal(o.opt.jobs, 64);
    assert_int_equal(take(&o, TB_OPT_BANDWIDTH, "20"), 1);
    assert_int_equal(o.opt.bandwidth, 20000);
    assert_int_equal(take(&o, TB_OPT_BANDWIDTH, "10"), -1);
    assert_int_equal(take(&o, TB_OPT_BANDWIDTH, "12x"), -1);
    assert_int_equal(take(&o, 'f', "flac"), 1);
    assert_int_equal(o.opt.format, TB_AUDIO_FLAC);
    assert_int_equal(take(&o, 'f', "mp4"), -1);
    assert_int_equal(take(&o, TB_OPT_NO_MP3, NULL), 1);
    assert_int_equal(take(&o, TB_OPT_FORCE, NULL), 1);
    assert_true(o.opt.no_mp3 && o.opt.force);
    assert_int_equal(take(&o, 'o', "x"), 0); /* not a shared option */
    for (int i = 0; i < TB_OPTS_MAX_LEXICONS; i++)
        assert_int_equal(take(&o, 'l', "a.tsv"), 1);
    assert_int_equal(take(&o, 'l', "one-too-many.tsv"), -1);
    assert_int_equal(o.n_lexicons, TB_OPTS_MAX_LEXICONS);
}

static void default_voice(void **state)
{
    (void)state;
    setenv("TINGBAO_DATADIR", ".", 1); /* the repository root holds voices/news */
    tb_opts o;
    tb_opts_init(&o);
    assert_int_equal(tb_opts_finish(&o), TB_EXIT_OK);
    assert_string_equal(o.opt.voice_path, "./voices/news");
    o.opt.voice_path = "voices/no-such-voice";
    assert_int_equal(tb_opts_finish(&o), TB_EXIT_USAGE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(strict_long),
        cmocka_unit_test(option_values),
        cmocka_unit_test(default_voice),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
