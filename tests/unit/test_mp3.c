/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_mp3.c — the MP3 writer: a tone in three chapters is written, then
 * read back with ffprobe (an independent reader of ID3 chapters and MP3
 * duration). Skips, saying so, when ffprobe is missing.
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

#include "encode/mp3.h"

#define RATE 22050

/* ffprobe's compact output for `entries`, lines joined, into out. */
static void probe(const char *path, const char *entries, char *out, size_t n)
{
    char cmd[512], line[512];
    snprintf(cmd, sizeof cmd, "ffprobe -v error -show_entries %s -of compact=p=0:nk=1 '%s'", entries,
             path);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    out[0] = '\0';
    while (fgets(line, sizeof line, p))
        strncat(out, line, n - strlen(out) - 1);
    assert_int_equal(pclose(p), 0);
}

static void chapters_and_duration_read_back(void **state)
{
    (void)state;
    if (system("command -v ffprobe >/dev/null 2>&1") != 0)
        skip();
    char path[] = "/tmp/tb-test-mp3-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    tb_status err = TB_OK;
    tb_mp3 *m = tb_mp3_new(RATE, 48, &err);
    assert_non_null(m);
    size_t n = RATE * 9;
    float *x = malloc(n * sizeof *x);
    assert_non_null(x);
    for (size_t i = 0; i < n; i++)
        x[i] = (float)(0.3 * sin(2 * M_PI * 440.0 * (double)i / RATE));
    assert_int_equal(tb_mp3_write(m, x, n), TB_OK);
    tb_mp3_chapter ch[] = {{0, 3, "第一章 <&>"}, {3, 6, "第二章 😀"}, {6, 9, "Third"}};
    tb_mp3_tags tags = {"标题", "专辑", "tingbao", "2022-06-15", "chi"};
    assert_int_equal(tb_mp3_finish(m, path, &tags, ch, 3, NULL), TB_OK);
    tb_mp3_free(m);
    free(x);

    char chapters[4096], duration[64];
    probe(path, "chapter=start_time,end_time:chapter_tags=title:format_tags=title,album", chapters,
          sizeof chapters);
    assert_non_null(strstr(chapters, "0.000000|3.000000|第一章 <&>\n"));
    assert_non_null(strstr(chapters, "3.000000|6.000000|第二章 😀\n"));
    assert_non_null(strstr(chapters, "6.000000|9.000000|Third\n"));
    assert_non_null(strstr(chapters, "标题"));
    assert_non_null(strstr(chapters, "专辑"));
    /* the duration, from the Info frame, is 9 s, give or take the encoder delay and padding (about 60 ms) */
    probe(path, "format=duration", duration, sizeof duration);
    assert_true(fabs(atof(duration) - 9.0) < 0.1);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(chapters_and_duration_read_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
